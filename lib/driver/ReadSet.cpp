//===--- ReadSet.cpp - what a parse read of the file system ---------------===//
#include "driver/ReadSet.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>

namespace pipelint {

namespace vfs = llvm::vfs;

llvm::XXH128_hash_t contentHash(llvm::StringRef Bytes) {
  return llvm::xxh3_128bits(
      llvm::ArrayRef<uint8_t>(Bytes.bytes_begin(), Bytes.bytes_end()));
}

namespace {

/// How much a probe says: a read or a listing says more than existence.
int strength(PathProbe::Kind K) {
  switch (K) {
  case PathProbe::Missing:
    return 0;
  case PathProbe::File:
  case PathProbe::Directory:
    return 1;
  case PathProbe::Read:
  case PathProbe::Listed:
    return 2;
  }
  return 0;
}

nlohmann::json hashToJson(llvm::XXH128_hash_t H) {
  std::vector<std::uint8_t> Bytes(16);
  for (int I = 0; I < 8; ++I) {
    Bytes[I] = static_cast<std::uint8_t>(H.low64 >> (8 * I));
    Bytes[8 + I] = static_cast<std::uint8_t>(H.high64 >> (8 * I));
  }
  return nlohmann::json::binary(std::move(Bytes));
}

bool hashFromJson(const nlohmann::json &J, llvm::XXH128_hash_t &H) {
  if (!J.is_binary() || J.get_binary().size() != 16)
    return false;
  const auto &Bytes = J.get_binary();
  H = {0, 0};
  for (int I = 0; I < 8; ++I) {
    H.low64 |= static_cast<std::uint64_t>(Bytes[I]) << (8 * I);
    H.high64 |= static_cast<std::uint64_t>(Bytes[8 + I]) << (8 * I);
  }
  return true;
}

/// A hash of a folder's entries (names and kinds, sorted); false when the
/// folder cannot be listed.
bool listingHash(vfs::FileSystem &FS, llvm::StringRef Dir,
                 llvm::XXH128_hash_t &Hash) {
  std::error_code EC;
  std::vector<std::string> Names;
  for (vfs::directory_iterator It = FS.dir_begin(Dir, EC), End;
       !EC && It != End; It.increment(EC))
    Names.push_back(llvm::sys::path::filename(It->path()).str() + '\0' +
                    std::to_string(static_cast<int>(It->type())));
  if (EC)
    return false;
  std::sort(Names.begin(), Names.end());
  std::string All;
  for (const std::string &N : Names)
    All += N + '\n';
  Hash = contentHash(All);
  return true;
}

std::string absolute(const vfs::FileSystem &FS, const llvm::Twine &Path) {
  llvm::SmallString<256> Abs;
  Path.toVector(Abs);
  FS.makeAbsolute(Abs);
  return std::string(Abs);
}

/// A file whose contents are hashed as the compiler reads them.
class RecordingFile : public vfs::File {
public:
  RecordingFile(std::unique_ptr<vfs::File> Inner, std::string Path,
                std::shared_ptr<ReadSet> Into)
      : Inner(std::move(Inner)), Path(std::move(Path)), Into(std::move(Into)) {}

  llvm::ErrorOr<vfs::Status> status() override { return Inner->status(); }
  llvm::ErrorOr<std::string> getName() override { return Inner->getName(); }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>>
  getBuffer(const llvm::Twine &Name, int64_t FileSize,
            bool RequiresNullTerminator, bool IsVolatile) override {
    auto Buffer =
        Inner->getBuffer(Name, FileSize, RequiresNullTerminator, IsVolatile);
    if (Buffer && *Buffer)
      Into->note(Path, {PathProbe::Read, contentHash((*Buffer)->getBuffer())});
    return Buffer;
  }
  std::error_code close() override { return Inner->close(); }

private:
  std::unique_ptr<vfs::File> Inner;
  std::string Path;
  std::shared_ptr<ReadSet> Into;
};

class RecordingFileSystem : public vfs::ProxyFileSystem {
public:
  RecordingFileSystem(llvm::IntrusiveRefCntPtr<vfs::FileSystem> FS,
                      std::shared_ptr<ReadSet> Into)
      : ProxyFileSystem(std::move(FS)), Into(std::move(Into)) {}

  llvm::ErrorOr<vfs::Status> status(const llvm::Twine &Path) override {
    auto S = getUnderlyingFS().status(Path);
    noteStatus(absolute(*this, Path), S);
    return S;
  }

  bool exists(const llvm::Twine &Path) override {
    return static_cast<bool>(status(Path));
  }

  llvm::ErrorOr<std::unique_ptr<vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    std::string Abs = absolute(*this, Path);
    auto F = getUnderlyingFS().openFileForRead(Path);
    if (!F) {
      noteStatus(Abs, F.getError());
      return F;
    }
    Into->note(Abs, {PathProbe::File, {0, 0}});
    return std::unique_ptr<vfs::File>(
        std::make_unique<RecordingFile>(std::move(*F), Abs, Into));
  }

  vfs::directory_iterator dir_begin(const llvm::Twine &Dir,
                                    std::error_code &EC) override {
    std::string Abs = absolute(*this, Dir);
    PathProbe Probe{PathProbe::Listed, {0, 0}};
    if (listingHash(getUnderlyingFS(), Abs, Probe.Hash))
      Into->note(Abs, Probe);
    else
      noteStatus(Abs, getUnderlyingFS().status(Abs));
    return getUnderlyingFS().dir_begin(Dir, EC);
  }

private:
  void noteStatus(const std::string &Abs, const llvm::ErrorOr<vfs::Status> &S) {
    if (!S)
      Into->note(Abs, {PathProbe::Missing, {0, 0}});
    else
      Into->note(
          Abs,
          {S->isDirectory() ? PathProbe::Directory : PathProbe::File, {0, 0}});
  }

  std::shared_ptr<ReadSet> Into;
};

} // namespace

void ReadSet::note(llvm::StringRef Path, PathProbe Probe) {
  auto [It, New] = Paths.try_emplace(Path, Probe);
  if (!New && strength(Probe.What) >= strength(It->second.What))
    It->second = Probe;
}

nlohmann::json ReadSet::toJson() const {
  std::map<std::string, std::vector<std::pair<std::string, PathProbe>>>
      ByFolder;
  for (const auto &E : Paths) {
    llvm::StringRef Path = E.getKey();
    ByFolder[llvm::sys::path::parent_path(Path).str()].push_back(
        {llvm::sys::path::filename(Path).str(), E.getValue()});
  }
  nlohmann::json J = nlohmann::json::object();
  for (auto &[Folder, Entries] : ByFolder) {
    std::sort(Entries.begin(), Entries.end(),
              [](const auto &A, const auto &B) { return A.first < B.first; });
    nlohmann::json List = nlohmann::json::array();
    for (const auto &[Name, Probe] : Entries) {
      nlohmann::json Item = {Name, static_cast<int>(Probe.What)};
      if (Probe.What == PathProbe::Read || Probe.What == PathProbe::Listed)
        Item.push_back(hashToJson(Probe.Hash));
      List.push_back(std::move(Item));
    }
    J[Folder] = std::move(List);
  }
  return J;
}

bool ReadSet::fromJson(const nlohmann::json &J, ReadSet &Out) {
  if (!J.is_object())
    return false;
  for (const auto &[Folder, List] : J.items()) {
    if (!List.is_array())
      return false;
    for (const nlohmann::json &Item : List) {
      if (!Item.is_array() || Item.size() < 2 || !Item[0].is_string() ||
          !Item[1].is_number_integer())
        return false;
      int Kind = Item[1].get<int>();
      if (Kind < PathProbe::Missing || Kind > PathProbe::Listed)
        return false;
      PathProbe Probe{static_cast<PathProbe::Kind>(Kind), {0, 0}};
      if ((Kind == PathProbe::Read || Kind == PathProbe::Listed) &&
          (Item.size() < 3 || !hashFromJson(Item[2], Probe.Hash)))
        return false;
      llvm::SmallString<256> Path(Folder);
      llvm::sys::path::append(Path, Item[0].get<std::string>());
      Out.Paths[Path] = Probe;
    }
  }
  return true;
}

bool ReadSet::stillHolds(vfs::FileSystem &FS) const {
  for (const auto &E : Paths) {
    llvm::StringRef Path = E.getKey();
    const PathProbe &Probe = E.getValue();
    switch (Probe.What) {
    case PathProbe::Missing:
      if (FS.status(Path))
        return false;
      break;
    case PathProbe::File:
    case PathProbe::Directory: {
      auto S = FS.status(Path);
      if (!S || S->isDirectory() != (Probe.What == PathProbe::Directory))
        return false;
      break;
    }
    case PathProbe::Read: {
      auto Buffer = FS.getBufferForFile(Path, -1, /*RequiresNullTerminator=*/
                                        false);
      if (!Buffer || !(contentHash((*Buffer)->getBuffer()) == Probe.Hash))
        return false;
      break;
    }
    case PathProbe::Listed: {
      llvm::XXH128_hash_t Now;
      if (!listingHash(FS, Path, Now) || !(Now == Probe.Hash))
        return false;
      break;
    }
    }
  }
  return true;
}

llvm::IntrusiveRefCntPtr<vfs::FileSystem>
recordingFileSystem(llvm::IntrusiveRefCntPtr<vfs::FileSystem> FS,
                    std::shared_ptr<ReadSet> Into) {
  return llvm::makeIntrusiveRefCnt<RecordingFileSystem>(std::move(FS),
                                                        std::move(Into));
}

} // namespace pipelint
