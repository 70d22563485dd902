//===--- HeaderIndex.h - the files of a checkout, by name -------*- C++ -*-===//
//
// Part of the checkout model (see CheckoutModel.h): every header-like file
// under a root folder, so that an #include the compiler cannot find is
// resolved the way a build of the checkout would find it. An include is
// matched by its longest path suffix (`private/qthread_p.h` matches
// `src/corelib/thread/qthread_p.h` by its file name only, `net/pipe.h`
// matches `lib/net/pipe.h` whole), nearest to the includer first. Windows
// code is matched without regard to case, and backslashes separate folders.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_PROJECT_HEADERINDEX_H
#define PIPELINT_PROJECT_HEADERINDEX_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace pipelint::project {

/// An include name as the compiler reads it on Windows: backslashes are
/// folder separators, `.` components go, and `..` components stay (leading
/// ones only make sense relative to the includer).
std::vector<std::string> includeComponents(llvm::StringRef Spelled);

/// True for file names a checkout's #include can name (headers, inline
/// and template implementation files, and C/C++ sources).
bool isIncludableFileName(llvm::StringRef Name);

class HeaderIndex {
public:
  /// Indexes the includable files under \p Root (absolute), without .git,
  /// .hg and .svn folders, up to \p MaxFiles files. Returns false when the
  /// limit cut the walk short.
  bool build(const std::string &Root, size_t MaxFiles = 400000);

  /// Adds one file (absolute path under the root); for tests and for
  /// build files found by the same walk.
  void add(const std::string &Path);

  struct Candidate {
    std::string Path;      ///< absolute
    unsigned Matched = 0;  ///< trailing components that match
    bool ExactCase = true; ///< every matched component has the same case
    unsigned Common = 0;   ///< leading folders shared with the includer
  };

  /// The files an include spelled \p Spelled (as written, without the
  /// delimiters) can mean when written in a file of folder \p IncluderDir,
  /// best first: the longest matching path suffix, then the nearest to the
  /// includer, then the shortest path, then by name. A candidate matches at
  /// least the file name. \p CaseInsensitive: Windows code.
  std::vector<Candidate> resolve(llvm::StringRef Spelled,
                                 llvm::StringRef IncluderDir,
                                 bool CaseInsensitive) const;

  const std::string &root() const { return Root; }
  size_t size() const { return Files.size(); }

  /// Every indexed file whose name (lower case) is \p LowerName.
  std::vector<std::string> named(llvm::StringRef LowerName) const;

private:
  std::string Root;
  std::vector<std::string> Files;              ///< absolute paths
  llvm::StringMap<std::vector<size_t>> ByName; ///< lower-case file name
};

} // namespace pipelint::project

#endif
