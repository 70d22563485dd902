//===--- Inputs.h - from command-line inputs to compile commands -*- C++
//-*-===//
#ifndef PIPELINT_DRIVER_INPUTS_H
#define PIPELINT_DRIVER_INPUTS_H

#include "driver/Finding.h"
#include "driver/Options.h"

#include "clang/Tooling/CompilationDatabase.h"

#include <string>
#include <vector>

namespace pipelint {

/// One translation unit to analyse, with the command to parse it.
struct PlannedFile {
  std::string File; ///< absolute path
  clang::tooling::CompileCommand Command;
  Platform Target = Platform::Host; ///< Host or Windows, never Auto
  std::vector<std::string> Notices;

  // When the command was inferred from the checkout (project/CheckoutModel).
  bool Inferred = false;
  /// Stand-in headers for the parse's virtual file system: path, text.
  std::vector<std::pair<std::string, std::string>> StandIns;
  /// "windows (UNICODE)", "linux".
  std::string Configuration;
  /// The file is analysed in more than one configuration.
  bool SeveralConfigurations = false;
  /// Each part of the command, and why; and why this platform.
  std::vector<std::pair<std::string, std::string>> Reasons;
  std::string PlatformReason;
  /// Includes found nowhere.
  std::vector<std::string> Unresolved;
  /// The character set was guessed: the other one is tried when calls do
  /// not compile.
  bool CharsetGuessed = false;
};

struct Plan {
  std::vector<PlannedFile> Files;   ///< sorted by path, no duplicates
  std::vector<FileReport> Rejected; ///< inputs that cannot be analysed
  std::vector<std::string> Notices; ///< about the run, each said once
  std::string FatalError;           ///< the run cannot start
};

/// Expands the inputs (files, directories, database entries), applies the
/// excludes, drops duplicates, rejects what cannot be analysed and finds
/// each file's compile command and platform.
Plan planAnalysis(const AnalysisOptions &Opts);

/// The shard (0-based, of \p Count) that \p File belongs to: a stable hash
/// of its path relative to \p Base.
unsigned shardOf(const std::string &File, const std::string &Base,
                 unsigned Count);

/// True for the file name extensions of C and C++ translation units.
bool isSourceFileName(llvm::StringRef Path);

} // namespace pipelint

#endif
