//===--- PrefilterHeaders.h - the pre-filter's view of headers --*- C++ -*-===//
//
// Where a translation unit's #includes lead (the compiler's search folders,
// from the driver), what project files say (every identifier) and what
// system headers define (their macros), with caches that live as long as the
// process: a worker reads <windows.h> once, not once per file.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_PREFILTERHEADERS_H
#define PIPELINT_DRIVER_PREFILTERHEADERS_H

#include "driver/PrefilterScan.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/StringSaver.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pipelint::pf {

/// One folder of the include search list.
struct SearchDir {
  std::string Path;
  bool System = false; ///< a system folder, or a folder inside one
};

/// What the pre-filter needs of a compile command.
struct SearchConfig {
  std::vector<SearchDir> Dirs; ///< -iquote, -I, system, -idirafter folders
  unsigned AngledStart = 0;    ///< first folder searched for <name>
  bool CPlusPlus = true;
  std::vector<std::string> ForcedIncludes; ///< -include, -imacros
  std::vector<std::string> Defines;        ///< -D values ("NAME=VALUE")
  bool UsesPch = false;
  std::string Key; ///< identifies Dirs in the lookup cache
};

/// Reads the command as the compiler driver does. \p HeaderFindings: no
/// -I folder is taken for a system one. std::nullopt when the driver
/// cannot make sense of the command.
std::optional<SearchConfig>
searchConfigFor(const std::vector<std::string> &Arguments,
                const std::string &Directory, bool HeaderFindings);

/// A header found by lookup.
struct FoundHeader {
  std::string Path;
  int Index = -1; ///< its folder in SearchConfig::Dirs; -1: relative
  bool System = false;
};

/// A file that includes others.
struct Includer {
  std::string Dir; ///< its folder
  int Index = -1;  ///< where it was found
  bool System = false;
};

/// Identifier uses recorded in project text.
enum : unsigned char { PlainUse = 1, MemberUse = 2, StdUse = 4 };

/// Everything the pre-filter needs of one project file.
struct UserSummary {
  llvm::StringMap<unsigned char> Identifiers; ///< PlainUse | MemberUse | StdUse
  std::vector<IncludeDirective> Includes;
  bool Pastes = false; ///< `##` in a #define
  bool Octal = false;  ///< an octal literal
};

/// Everything the pre-filter needs of one system header.
struct SystemSummary {
  std::vector<IncludeDirective> Includes;
  unsigned GateMask = 0; ///< bit I: mentions gate identifier I
};

/// The process-wide memory of headers. Not thread-safe: the caller locks.
class HeaderStore {
public:
  /// \p Gates: identifiers whose mention in a system header is recorded
  /// (at most 32).
  explicit HeaderStore(std::vector<std::string> Gates);

  std::optional<FoundHeader> lookup(const SearchConfig &C,
                                    const IncludeDirective &D,
                                    const Includer &From);

  /// Scans a file that is not kept (a main file): false when unreadable.
  static bool scanUncached(const std::string &Path, bool CPlusPlus,
                           UserSummary &Out);
  /// Scans text from the command line (a -D value).
  static void scanText(llvm::StringRef Text, bool CPlusPlus, UserSummary &Out);

  /// The summary of a project file, or nullptr when it cannot be read.
  const UserSummary *user(const std::string &Path, bool CPlusPlus);
  /// The summary of a system header (its macros go to the macro index), or
  /// nullptr when it cannot be read.
  const SystemSummary *system(const std::string &Path, bool CPlusPlus);

  /// True when \p Name is a macro of a system header read so far.
  bool isSystemMacro(llvm::StringRef Name) const {
    return Macros.count(Name) != 0;
  }
  /// True when some definition of macro \p Name (in any system header read
  /// so far) expands, directly or through other macros, to an identifier
  /// \p Relevant accepts. \p Memoize: the answer depends on nothing but
  /// \p Relevant's built-in part and may be kept.
  bool macroReaches(llvm::StringRef Name,
                    llvm::function_ref<bool(llvm::StringRef)> Relevant,
                    bool Memoize);

  const std::vector<std::string> &gates() const { return Gates; }

private:
  std::vector<std::string> Gates;
  llvm::StringMap<std::optional<FoundHeader>> Lookups;
  llvm::StringMap<std::unique_ptr<UserSummary>> Users;
  llvm::StringMap<std::unique_ptr<SystemSummary>> Systems;
  // Macro definitions: name -> replacement lists (identifiers only).
  llvm::BumpPtrAllocator Arena;
  llvm::UniqueStringSaver Strings{Arena};
  llvm::StringMap<llvm::SmallVector<std::vector<llvm::StringRef>, 1>> Macros;
  /// Memoized macroReaches answers; cleared when definitions are added.
  llvm::StringMap<bool> Reaches;

  struct Walk {
    llvm::function_ref<bool(llvm::StringRef)> Relevant;
    llvm::StringMap<bool> &Memo;
    llvm::StringSet<> InProgress;
    unsigned Steps = 0;
  };
  bool reaches(llvm::StringRef Name, Walk &W, bool &Tainted);
  friend class SystemHarvest;
};

} // namespace pipelint::pf

#endif
