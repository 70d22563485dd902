//===--- CheckoutWalk.h - the walk over what a file includes ----*- C++ -*-===//
//
// Internal to lib/project: the state of one walk over the files a
// translation unit reaches, and the path helpers CheckoutModel.cpp and
// CheckoutWalk.cpp share.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_PROJECT_CHECKOUTWALK_H
#define PIPELINT_PROJECT_CHECKOUTWALK_H

#include "project/CheckoutModel.h"

#include "llvm/ADT/StringRef.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace pipelint::project {

namespace detail {
bool isCFile(llvm::StringRef Path);
std::string parentOf(llvm::StringRef Path);
/// A path for messages: relative to the root when inside it.
std::string shown(llvm::StringRef Path, llvm::StringRef Root);
/// The folder an include names when \p Matched trailing components of
/// \p Path are the include: `-iquote` for it serves the include as written.
std::string folderServing(const std::string &Path, unsigned Matched);
bool pathSaysWindows(llvm::StringRef Path, llvm::StringRef Root);
/// Qt's header folders installed on this machine (Qt 5 first).
std::vector<std::string> qtIncludeRoots();
} // namespace detail

/// The state of one walk over the files a translation unit reaches.
struct CheckoutModel::Walk {
  // In
  std::string MainFile;
  Platform Target = Platform::Host;
  bool Probe = false; ///< only learn which platform headers are reached
  /// Only serve Windows spellings (case, backslashes) that the given
  /// folders cannot: the user's own arguments are kept as they are.
  bool SpellingOnly = false;
  pf::SearchConfig Search;
  // Out
  std::vector<Redirect> Redirects;
  std::vector<std::pair<std::string, std::string>> Reasons;
  std::vector<std::string> QuoteDirs, SystemDirs, AfterDirs, Unresolved;
  bool NeedsPic = false;
  std::string WindowsHeader; ///< "<windows.h> in a.cpp" when reached
  bool WindowsUnconditional = false;
  std::string PosixHeader;
  bool PosixUnconditional = false;
  /// What the code tests: HAVE_<X>_H macros, HAVE_CONFIG_H.
  std::set<std::string> HaveMacros;
  std::set<std::string> BuildWindowsMacros;
  bool TestsHaveConfig = false;
  bool GeneratedConfig = false; ///< a config.h stand-in is given
};

} // namespace pipelint::project

#endif
