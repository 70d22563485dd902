//===--- ReadSet.h - what a parse read of the file system -------*- C++ -*-===//
//
// The result cache (ResultCache.h) must know everything a translation unit's
// result depends on. Of the file system, that is what the compiler looked
// at: the files it read (their contents), the paths it asked about (whether
// they exist: a header created in an earlier -I folder changes what
// `#include "x.h"` finds) and the folders it listed (the driver's search for
// a GCC installation). A RecordingFileSystem in front of the parse's file
// system notes all three; checking them again later costs a few stat calls
// and reading the files once, without a parse.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_READSET_H
#define PIPELINT_DRIVER_READSET_H

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/xxhash.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace pipelint {

/// What was learnt of one path.
struct PathProbe {
  enum Kind : unsigned char {
    Missing = 0,   ///< it does not exist
    File = 1,      ///< a file that exists (not read)
    Directory = 2, ///< a folder that exists
    Read = 3,      ///< a file whose contents were read (Hash)
    Listed = 4,    ///< a folder whose entries were listed (Hash of them)
  };
  Kind What = Missing;
  llvm::XXH128_hash_t Hash{0, 0};
};

/// Every path a parse asked about, by absolute path (as asked, dots kept).
struct ReadSet {
  llvm::StringMap<PathProbe> Paths;

  /// Keeps the most informative probe of \p Path.
  void note(llvm::StringRef Path, PathProbe Probe);

  /// Compact form for a cache entry: {folder: [[name, kind, hash?], ...]}.
  nlohmann::json toJson() const;
  /// False when \p J is not of that form.
  static bool fromJson(const nlohmann::json &J, ReadSet &Out);

  /// True when \p FS still answers every probe the same way: the files read
  /// have the same contents, the paths the same existence, the folders the
  /// same entries. Stops at the first difference.
  bool stillHolds(llvm::vfs::FileSystem &FS) const;
};

/// The hash the cache keeps of a file's contents.
llvm::XXH128_hash_t contentHash(llvm::StringRef Bytes);

/// \p FS with every status, open, read and listing noted in \p Into. Paths
/// are made absolute with the working folder at the time of the call.
llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
recordingFileSystem(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                    std::shared_ptr<ReadSet> Into);

} // namespace pipelint

#endif
