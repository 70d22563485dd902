//===--- BuildFiles.h - what a checkout's build files say -------*- C++ -*-===//
//
// Part of the checkout model: the include folders, macro definitions and
// character set that a checkout's own build files give its sources, read
// without running a build (and without running anything the checkout holds):
//
//  - Visual Studio projects (.vcxproj, and the .props they import):
//    AdditionalIncludeDirectories, PreprocessorDefinitions and CharacterSet
//    of one configuration (Release|x64 first), for the files it lists;
//  - CMake: include_directories, target_include_directories,
//    add_definitions, add_compile_definitions and target_compile_definitions
//    of a CMakeLists.txt, for the files under its folder;
//  - Makefiles (Makefile, *.mk, Makefile.am): -I and -D words, for the files
//    under their folder;
//  - compile_flags.txt: its lines, for the files under its folder.
//
// What cannot be known without a build (a variable set by a script, a
// folder the build creates) is left out, never guessed.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_PROJECT_BUILDFILES_H
#define PIPELINT_PROJECT_BUILDFILES_H

#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pipelint::project {

enum class BuildKind { Vcxproj, CMake, Makefile, CompileFlags };

/// What one build file says about the files it builds.
struct BuildHints {
  BuildKind Kind = BuildKind::CMake;
  std::string Source;                   ///< the build file (absolute)
  std::vector<std::string> IncludeDirs; ///< absolute, existing folders
  std::vector<std::string> Defines;     ///< "NAME" or "NAME=VALUE"
  std::vector<std::string> Undefines;   ///< -U NAME
  /// UNICODE builds (true), ANSI builds (false), or not said.
  std::optional<bool> Unicode;
  /// The folder whose files these hints apply to (CMake, Makefile,
  /// compile_flags.txt), or empty: only Files (a Visual Studio project).
  std::string Scope;
  std::vector<std::string> Files; ///< absolute (Visual Studio projects)
  /// The configuration read (Visual Studio: "Release|x64").
  std::string Configuration;
};

/// Readers. \p Path is absolute; \p Root is the checkout's root. Each
/// returns nothing when the file cannot be read.
std::optional<BuildHints> readVcxproj(const std::string &Path,
                                      const std::string &Root);
std::optional<BuildHints> readCMakeLists(const std::string &Path,
                                         const std::string &Root);
std::optional<BuildHints> readMakefile(const std::string &Path,
                                       const std::string &Root);
std::optional<BuildHints> readCompileFlags(const std::string &Path);

/// True for the names of the build files the readers above understand.
bool isBuildFileName(llvm::StringRef Name);

/// The build files of a checkout, and which of them apply to a file.
class BuildFiles {
public:
  /// Reads \p Path (any name isBuildFileName accepts).
  void read(const std::string &Path, const std::string &Root);

  /// The hints for \p File, most specific first: a Visual Studio project
  /// that lists it, then the build files of its folder and of the folders
  /// above it, nearest first.
  std::vector<const BuildHints *> hintsFor(const std::string &File) const;

  const std::vector<BuildHints> &all() const { return Hints; }

private:
  std::vector<BuildHints> Hints;
  std::map<std::string, std::vector<size_t>> ByFile; ///< vcxproj listings
};

/// Words of a command line that mean the same as a -D/-U/-I: the shared
/// part of the Makefile and compile_flags.txt readers.
void addCompilerWords(const std::vector<std::string> &Words,
                      const std::string &BaseDir, BuildHints &Into);

} // namespace pipelint::project

#endif
