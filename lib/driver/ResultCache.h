//===--- ResultCache.h - translation unit results kept between runs -*- C++
//-*-//
//
// In CI most of a tree has not changed since the last run. With --cache-dir,
// the result of each translation unit (findings, notes, fix-its, suppressed
// findings, status, problems, notices, coverage) is kept in a folder, and a
// later run takes it from there instead of parsing, when nothing it depends
// on has changed:
//
//  - the key (the entry's file name) is a hash of the file's path, its
//    compile command after pipe-lint's adjustments, everything else the plan
//    says of it (platform, inferred stand-in headers, notices), the
//    effective configuration (.clang-tidy checks and options, --checks), the
//    environment variables the compiler driver reads, and the build id
//    (pipe-lint's version, the Clang library's version and a hash of the
//    analysis' sources);
//  - the entry also lists everything the parse looked at in the file system
//    (ReadSet.h): the files read with a hash of their contents, the paths
//    asked about and found missing, the folders listed. A hit re-checks
//    these without parsing; any difference is a miss, and the new result
//    replaces the entry.
//
// Only parsed translation units are kept: a file the pre-filter skips costs
// less than a look-up. Entries are written to a temporary file and renamed,
// so readers (other -j workers, other pipe-lint processes sharing the
// folder, e.g. CI shards) see a whole entry or none. An entry that is
// truncated, corrupt or written by another version of the cache format is
// ignored with a notice and rewritten. --cache-max-size bounds the folder: a
// hit refreshes the entry's time, and at the end of a run the least recently
// used entries are removed until the folder fits.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_RESULTCACHE_H
#define PIPELINT_DRIVER_RESULTCACHE_H

#include "driver/Analyzer.h"
#include "driver/ReadSet.h"

#include "llvm/Support/VirtualFileSystem.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pipelint {

struct PlannedFile;

/// The cache's part in the analysis of one planned file.
class CacheSession {
public:
  CacheSession(const PlannedFile &Planned, const AnalysisOptions &Opts);

  bool enabled() const { return !Dir.empty(); }

  /// Looks the unit up, once: \p FinalArgs is the command line the parse
  /// would get, \p Config the effective configuration (as text), \p FS the
  /// file system the parse would read. Returns the kept outcome (marked
  /// FromCache) when the entry exists and everything it read is unchanged.
  std::optional<FileOutcome> lookup(const std::vector<std::string> &FinalArgs,
                                    const std::string &Config,
                                    llvm::vfs::FileSystem &FS);

  /// The file system for the parse: \p FS, with what the parse reads noted
  /// for the entry (after a lookup that missed; \p FS itself otherwise).
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
  recording(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS);

  /// Keeps \p Out after a miss (not a failed unit), then adds to it the
  /// notice about an unusable entry, if there was one.
  void finish(FileOutcome &Out);

private:
  const PlannedFile &Planned;
  std::string Dir;
  std::string BuildId;
  bool AllowPlugins;
  enum class State { Idle, Missed, Done } St = State::Idle;
  std::string EntryPath;
  std::string Key;
  std::shared_ptr<ReadSet> Reads;
  std::string Notice;
};

/// The default build id: pipe-lint's version, the Clang library's full
/// version and the rule set's id.
std::string defaultCacheBuildId();

/// Reads a size: a number of bytes with an optional K, M or G (powers of
/// 1024). False on anything else.
bool parseCacheSize(llvm::StringRef Text, std::uint64_t &Bytes);

/// Makes \p Dir usable as a cache folder (created, with a CACHEDIR.TAG);
/// returns why it is not, or "".
std::string prepareCacheDir(const std::string &Dir);

/// Removes the least recently used entries of \p Dir until the entries hold
/// at most \p MaxBytes (0: no limit), and temporary files left by a crash.
void trimCache(const std::string &Dir, std::uint64_t MaxBytes);

} // namespace pipelint

#endif
