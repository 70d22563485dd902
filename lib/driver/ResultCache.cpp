//===--- ResultCache.cpp - translation unit results kept between runs
//------===//
#include "driver/ResultCache.h"
#include "driver/Inputs.h"

#include "BuildConfig.h"
#include "RuleSetId.h"

#include "clang/Basic/Version.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>

namespace pipelint {

namespace fs = llvm::sys::fs;

namespace {

/// The first line of every entry; the number is the entry format's version.
constexpr llvm::StringLiteral Header = "pipe-lint result cache 1\n";
constexpr llvm::StringLiteral HeaderStart = "pipe-lint result cache ";
constexpr size_t ChecksumSize = 16;

/// The environment variables clang's driver reads that change a parse.
const char *const DriverEnvironment[] = {"CPATH",
                                         "C_INCLUDE_PATH",
                                         "CPLUS_INCLUDE_PATH",
                                         "OBJC_INCLUDE_PATH",
                                         "OBJCPLUS_INCLUDE_PATH",
                                         "CCC_OVERRIDE_OPTIONS",
                                         "COMPILER_PATH",
                                         "SOURCE_DATE_EPOCH"};

std::string hex(llvm::XXH128_hash_t H) {
  return llvm::utohexstr(H.high64, /*LowerCase=*/true, 16) +
         llvm::utohexstr(H.low64, /*LowerCase=*/true, 16);
}

std::string checksum(llvm::StringRef Body) {
  llvm::XXH128_hash_t H = contentHash(Body);
  std::string Out(ChecksumSize, '\0');
  for (int I = 0; I < 8; ++I) {
    Out[I] = static_cast<char>(H.low64 >> (8 * I));
    Out[8 + I] = static_cast<char>(H.high64 >> (8 * I));
  }
  return Out;
}

/// Why an entry that exists cannot be used; "" when it can. Fills \p Body.
std::string readEntry(llvm::StringRef Text, const std::string &Key,
                      nlohmann::json &Body) {
  if (!Text.starts_with(HeaderStart))
    return "it is not a cache entry (corrupt or truncated)";
  if (!Text.starts_with(Header))
    return "it was written by another version of pipe-lint";
  llvm::StringRef Rest = Text.drop_front(Header.size());
  if (Rest.size() < ChecksumSize)
    return "it is truncated";
  llvm::StringRef Sum = Rest.take_front(ChecksumSize);
  llvm::StringRef Payload = Rest.drop_front(ChecksumSize);
  if (checksum(Payload) != Sum)
    return "it is corrupt or truncated (checksum mismatch)";
  Body = nlohmann::json::from_msgpack(Payload.bytes_begin(),
                                      Payload.bytes_end(), /*strict=*/true,
                                      /*allow_exceptions=*/false);
  if (Body.is_discarded() || !Body.is_object() || !Body.contains("outcome") ||
      !Body["outcome"].is_object() || !Body.contains("reads"))
    return "it is corrupt (unreadable contents)";
  if (Body.value("key", "") != Key)
    return "it is corrupt (another key)";
  return "";
}

/// Writes \p Bytes to \p Path through a temporary file and a rename.
std::string writeAtomically(const std::string &Path, llvm::StringRef Bytes) {
  llvm::SmallString<256> Folder(llvm::sys::path::parent_path(Path));
  if (std::error_code EC = fs::create_directories(Folder))
    return "cannot create " + std::string(Folder) + ": " + EC.message();
  int FD;
  llvm::SmallString<256> Temp;
  if (std::error_code EC =
          fs::createUniqueFile(Path + ".tmp-%%%%%%%%%%%%", FD, Temp))
    return "cannot write in " + std::string(Folder) + ": " + EC.message();
  bool Ok;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Bytes;
    OS.close();
    Ok = !OS.has_error();
    OS.clear_error();
  }
  if (Ok) {
    if (std::error_code EC = fs::rename(Temp, Path)) {
      fs::remove(Temp);
      return "cannot rename " + std::string(Temp) + ": " + EC.message();
    }
    return "";
  }
  fs::remove(Temp);
  return "cannot write " + std::string(Temp);
}

} // namespace

CacheSession::CacheSession(const PlannedFile &Planned,
                           const AnalysisOptions &Opts)
    : Planned(Planned), Dir(Opts.CacheDir), BuildId(Opts.CacheBuildId),
      AllowPlugins(Opts.AllowPlugins) {
  if (enabled() && BuildId.empty())
    BuildId = defaultCacheBuildId();
}

std::optional<FileOutcome>
CacheSession::lookup(const std::vector<std::string> &FinalArgs,
                     const std::string &Config, llvm::vfs::FileSystem &FS) {
  if (!enabled() || St != State::Idle)
    return std::nullopt;
  St = State::Missed;
  Reads = std::make_shared<ReadSet>();

  nlohmann::json K = {{"build", BuildId},
                      {"file", Planned.File},
                      {"directory", Planned.Command.Directory},
                      {"filename", Planned.Command.Filename},
                      {"command", Planned.Command.CommandLine},
                      {"final", FinalArgs},
                      {"target", static_cast<int>(Planned.Target)},
                      {"notices", Planned.Notices},
                      {"inferred", Planned.Inferred},
                      {"standIns", Planned.StandIns},
                      {"configuration", Planned.Configuration},
                      {"unresolved", Planned.Unresolved},
                      {"charsetGuessed", Planned.CharsetGuessed},
                      {"allowPlugins", AllowPlugins},
                      {"config", Config}};
  nlohmann::json Env = nlohmann::json::object();
  for (const char *Name : DriverEnvironment)
    if (const char *Value = std::getenv(Name))
      Env[Name] = Value;
  K["environment"] = Env;
  // MessagePack keeps bytes that are not UTF-8 as they are.
  std::vector<std::uint8_t> KeyBytes = nlohmann::json::to_msgpack(K);
  Key = hex(llvm::xxh3_128bits(KeyBytes));
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, Key.substr(0, 2), Key);
  EntryPath = std::string(Path);

  auto Buffer = llvm::MemoryBuffer::getFile(EntryPath, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false,
                                            /*IsVolatile=*/true);
  if (!Buffer)
    return std::nullopt;
  nlohmann::json Body;
  std::string Why = readEntry((*Buffer)->getBuffer(), Key, Body);
  ReadSet Recorded;
  if (Why.empty() && !ReadSet::fromJson(Body["reads"], Recorded))
    Why = "it is corrupt (unreadable list of files)";
  if (!Why.empty()) {
    Notice = "result cache: the entry " + EntryPath + " was ignored: " + Why;
    return std::nullopt;
  }
  if (!Recorded.stillHolds(FS))
    return std::nullopt;
  FileOutcome Out = outcomeFromJson(Body["outcome"]);
  Out.Report.FromCache = true;
  St = State::Done;
  // Recently used: the last to go when the folder is trimmed.
  ::utimensat(AT_FDCWD, EntryPath.c_str(), nullptr, 0);
  return Out;
}

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
CacheSession::recording(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  if (St != State::Missed)
    return FS;
  return recordingFileSystem(std::move(FS), Reads);
}

void CacheSession::finish(FileOutcome &Out) {
  if (St != State::Missed)
    return;
  St = State::Done;
  bool Stored = false;
  if (Out.Report.Status != FileStatus::Failed) {
    nlohmann::json Body = {
        {"key", Key}, {"reads", Reads->toJson()}, {"outcome", toJson(Out)}};
    std::vector<std::uint8_t> Bytes = nlohmann::json::to_msgpack(Body);
    llvm::StringRef Payload(reinterpret_cast<const char *>(Bytes.data()),
                            Bytes.size());
    std::string Error = writeAtomically(
        EntryPath, (Header + checksum(Payload) + Payload).str());
    if (!Error.empty())
      Out.Report.Notices.push_back("result cache: " + Error);
    Stored = Error.empty();
  }
  if (!Notice.empty())
    Out.Report.Notices.push_back(Notice + (Stored ? "; it was rewritten" : ""));
}

std::string defaultCacheBuildId() {
  static const std::string Id = std::string(PIPELINT_VERSION) + "/" +
                                clang::getClangFullVersion() + "/" +
                                PIPELINT_RULE_SET_ID;
  return Id;
}

bool parseCacheSize(llvm::StringRef Text, std::uint64_t &Bytes) {
  Text = Text.trim();
  std::uint64_t Unit = 1;
  if (!Text.empty()) {
    switch (llvm::toLower(Text.back())) {
    case 'k':
      Unit = 1ull << 10;
      break;
    case 'm':
      Unit = 1ull << 20;
      break;
    case 'g':
      Unit = 1ull << 30;
      break;
    default:
      break;
    }
    if (Unit != 1)
      Text = Text.drop_back();
  }
  std::uint64_t N;
  if (Text.empty() || Text.getAsInteger(10, N) || N > UINT64_MAX / Unit)
    return false;
  Bytes = N * Unit;
  return true;
}

std::string prepareCacheDir(const std::string &Dir) {
  if (std::error_code EC = fs::create_directories(Dir))
    return "cannot create the cache folder " + Dir + ": " + EC.message();
  if (fs::access(Dir, fs::AccessMode::Write))
    return "cannot write in the cache folder " + Dir;
  // Backup and archiving tools skip a folder with this file.
  llvm::SmallString<256> Tag(Dir);
  llvm::sys::path::append(Tag, "CACHEDIR.TAG");
  if (!fs::exists(Tag)) {
    std::string Error = writeAtomically(
        std::string(Tag), "Signature: 8a477f597d28d172789f06886806bc55\n"
                          "# This file is a cache tag created by pipe-lint "
                          "(its result cache).\n");
    if (!Error.empty())
      return Error;
  }
  return "";
}

void trimCache(const std::string &Dir, std::uint64_t MaxBytes) {
  struct Entry {
    std::string Path;
    std::uint64_t Size;
    llvm::sys::TimePoint<> Used;
  };
  std::vector<Entry> Entries;
  std::uint64_t Total = 0;
  auto Now = std::chrono::system_clock::now();
  std::error_code EC;
  for (fs::directory_iterator Sub(Dir, EC), End; !EC && Sub != End;
       Sub.increment(EC)) {
    llvm::StringRef SubName = llvm::sys::path::filename(Sub->path());
    if (SubName.size() != 2 || Sub->type() != fs::file_type::directory_file)
      continue;
    std::error_code SubEC;
    for (fs::directory_iterator It(Sub->path(), SubEC); !SubEC && It != End;
         It.increment(SubEC)) {
      fs::file_status S;
      if (fs::status(It->path(), S) || S.type() != fs::file_type::regular_file)
        continue;
      llvm::StringRef Name = llvm::sys::path::filename(It->path());
      if (Name.contains(".tmp-")) {
        // A write that a crash interrupted (a live one takes milliseconds).
        if (Now - S.getLastModificationTime() > std::chrono::hours(1))
          fs::remove(It->path());
        continue;
      }
      Entries.push_back({It->path(), S.getSize(), S.getLastModificationTime()});
      Total += S.getSize();
    }
  }
  if (MaxBytes == 0 || Total <= MaxBytes)
    return;
  std::sort(Entries.begin(), Entries.end(),
            [](const Entry &A, const Entry &B) { return A.Used < B.Used; });
  for (const Entry &E : Entries) {
    if (Total <= MaxBytes)
      break;
    // Another process may have removed or replaced it: fine either way.
    fs::remove(E.Path);
    Total -= E.Size;
  }
}

} // namespace pipelint
