//===--- CheckoutModel.h - how would this file compile? ---------*- C++ -*-===//
//
// The checkout model answers one question for a file that no compile
// database lists: the command its build would have used. It knows no rule.
// From
//  - a header index of the checkout (HeaderIndex.h): an #include is resolved
//    by its longest matching path suffix, nearest to the includer, without
//    regard to case in Windows code and with backslashes as separators;
//  - the checkout's build files (BuildFiles.h): include folders, macros and
//    character set;
//  - what the file and the project headers it reaches say (SourceFacts.h):
//    the Windows or POSIX headers they include, the platform branches their
//    IPC calls sit in, the strings they pass to A/W functions;
// it gives one configuration per platform the file's IPC code is written
// for (two when it has IPC calls on both sides of `#ifdef _WIN32`), each
// with the reason for each part, so that a user can see what was assumed.
//
// Includes that no folder can serve as written (a capitalised Windows
// header, a backslash, a folder only the build creates) are served by
// redirects: small stand-in headers that include the file the index found.
// Includes found nowhere (a header the build generates) are listed as
// unresolved; the parse reports them as missing, as it would anyway.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_PROJECT_CHECKOUTMODEL_H
#define PIPELINT_PROJECT_CHECKOUTMODEL_H

#include "driver/Options.h"
#include "driver/PrefilterHeaders.h"
#include "project/BuildFiles.h"
#include "project/HeaderIndex.h"
#include "project/SourceFacts.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace pipelint::project {

/// The folders the stand-in headers live in (in the parse's virtual file
/// system only).
inline constexpr const char *UserShimDir = "/.pipe-lint/stand-ins/user/include";
inline constexpr const char *SystemShimDir =
    "/.pipe-lint/stand-ins/system/include";

/// A stand-in header for an include no folder serves as written.
struct Redirect {
  std::string Spelled; ///< as written, backslashes and case kept
  bool Angled = false;
  std::string Target;     ///< absolute
  bool System = false;    ///< Target is a system header (kept one)
  std::string SystemName; ///< its name in its system folder
  std::string Includer;   ///< the first file that wrote it
  std::string Why;
  /// A header the build writes (config.h, version.h from version.h.in):
  /// the stand-in is Text, not an #include of Target (the template).
  bool Generated = false;
  std::string Text;

  /// The stand-in's path (empty when the name climbs too far up) and
  /// text.
  std::string shimPath() const;
  std::string shimText() const;
};

/// One way to compile the file.
struct Configuration {
  Platform Target = Platform::Host; ///< Host or Windows
  std::optional<bool> Unicode;      ///< Windows: UNICODE builds or ANSI
  /// Arguments after the compiler name, before the file (-I, -D, ...).
  std::vector<std::string> Args;
  std::vector<Redirect> Redirects;
  /// "windows (UNICODE)", "windows (ANSI)", "linux".
  std::string Label;
  /// Each part of the command, and why.
  std::vector<std::pair<std::string, std::string>> Reasons;
  /// Includes found nowhere.
  std::vector<std::string> Unresolved;
};

struct Inference {
  std::vector<Configuration> Configs; ///< one, or two (both platforms)
  /// Why the file gets two configurations, or why one platform.
  std::string PlatformReason;
};

class CheckoutModel {
public:
  /// Indexes \p Root (absolute) and reads its build files. \p Classify
  /// tells IPC calls (the caller's vocabulary) from other names.
  CheckoutModel(std::string Root, CallClassifier Classify);

  const std::string &root() const { return Root; }
  /// Notices about the model itself (an index cut short, ...).
  const std::vector<std::string> &notices() const { return Notices; }
  /// The compile databases found inside the checkout (absolute paths).
  const std::vector<std::string> &databases() const { return Databases; }
  const BuildFiles &buildFiles() const { return Builds; }
  const HeaderIndex &index() const { return Index; }

  /// The configurations \p File (absolute) compiles in. \p Forced: the
  /// user chose the platform (--platform), so only that one is given.
  Inference infer(const std::string &File,
                  std::optional<Platform> Forced = std::nullopt);

  /// With the user's own compiler arguments (\p Args, without the
  /// compiler and the file) for Windows code: stand-ins for the includes
  /// only Windows spellings keep from resolving (<Windows.h>, "..\\x.h").
  /// Nothing else of the user's command changes.
  std::vector<Redirect> spellingRedirects(const std::string &File,
                                          const std::vector<std::string> &Args);

  /// The lexical facts of \p Path (cached), or nullptr when unreadable.
  const SourceFacts *facts(const std::string &Path);

private:
  std::string Root;
  CallClassifier Classify;
  HeaderIndex Index;
  BuildFiles Builds;
  std::vector<std::string> Notices;
  std::vector<std::string> Databases;
  std::mutex Lock;
  std::map<std::string, std::unique_ptr<SourceFacts>> FactsCache;
  std::map<std::string, std::vector<std::string>> Listings; ///< folder names
  /// Lookups of includes (keyed by the search folders), kept across files.
  pf::HeaderStore Store{{}};
  std::map<std::string, pf::SearchConfig> SearchConfigs;

  struct Walk;
  void walk(Walk &W);
  bool addGeneratedHeader(Walk &W, const pf::IncludeDirective &D,
                          const std::string &File, const std::string &Spelling);
  void fillGeneratedHeaders(Walk &W);
  pf::SearchConfig searchConfig(std::vector<std::string> Args,
                                const std::string &File);
  std::optional<std::string> findIgnoringCase(const std::string &Dir,
                                              llvm::StringRef Spelled);
  const std::vector<std::string> &listing(const std::string &Dir);
  Configuration configure(const std::string &File, Platform Target,
                          const std::vector<const BuildHints *> &Hints,
                          const SourceFacts &Main);
};

/// The folder to index for \p Path: the nearest folder upwards holding
/// .git, .hg or .svn; else \p Cwd (the current folder) when \p Path is
/// inside it; else \p Path itself when it is a folder, else its folder.
std::string checkoutRootFor(const std::string &Path,
                            const std::string &Cwd = "");

} // namespace pipelint::project

#endif
