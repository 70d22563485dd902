//===--- ProjectDatabase.h - reading compile_commands.json ------*- C++ -*-===//
//
// compile_commands.json is read here rather than by clang's loader so that a
// malformed file gets a precise error (file:line:column), entries with
// missing fields are named, databases written on Windows (C:\ paths, MSVC
// command lines) are mapped onto this machine, and duplicates are dropped.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_PROJECTDATABASE_H
#define PIPELINT_DRIVER_PROJECTDATABASE_H

#include "clang/Tooling/CompilationDatabase.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pipelint {

struct DatabaseEntry {
  std::string File;      ///< absolute path on this machine ("" if not found)
  std::string Written;   ///< the file as the database wrote it
  std::string Directory; ///< working directory on this machine
  std::vector<std::string> Args; ///< compiler first
  bool Msvc = false;             ///< a cl.exe / clang-cl command
  bool Foreign = false;          ///< paths written for another machine (C:\...)
};

/// An in-memory compile database.
class ProjectDatabase : public clang::tooling::CompilationDatabase {
public:
  /// Reads \p JsonPath. On a fatal problem (unreadable, not JSON, not an
  /// array of entries) returns nullptr and sets \p Error. Problems with single
  /// entries are collected in Warnings().
  static std::unique_ptr<ProjectDatabase> load(const std::string &JsonPath,
                                               std::string &Error);

  const std::vector<DatabaseEntry> &entries() const { return Entries; }
  const std::vector<std::string> &warnings() const { return Warnings; }
  const std::string &path() const { return JsonPath; }

  /// The entry for \p File (absolute, this machine), or nullptr.
  const DatabaseEntry *find(const std::string &File) const;

  std::vector<clang::tooling::CompileCommand>
  getCompileCommands(llvm::StringRef FilePath) const override;
  std::vector<std::string> getAllFiles() const override;
  std::vector<clang::tooling::CompileCommand>
  getAllCompileCommands() const override;

private:
  std::string JsonPath;
  std::vector<DatabaseEntry> Entries;
  std::vector<std::string> Warnings;
  std::map<std::string, size_t> ByFile;
};

} // namespace pipelint

#endif
