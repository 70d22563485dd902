//===--- ResultCacheTest.cpp - results kept between runs (--cache-dir) ----===//
//
// Each part of the key changed in turn (a header the file includes, a header
// that appears earlier in the search path, a -D, a .clang-tidy option, the
// build id) must make the cache analyse again and give what an uncached run
// gives; with nothing changed, the result comes from the cache and is the
// same. Corrupt entries are ignored with a notice and rewritten.
//
//===----------------------------------------------------------------------===//
#include "Run.h"
#include "TestConfig.h"

#include "driver/Analyzer.h"
#include "driver/Platform.h"
#include "driver/ResultCache.h"
#include "driver/Serialize.h"

#include "BuildConfig.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

namespace pipelint::test {
namespace {

namespace fs = llvm::sys::fs;

const char *ChannelC = R"(#include <sys/stat.h>
#include "mode.h"
int my_open(const char *name);
void make(void) { mkfifo("/run/x/cmd", FIFO_MODE); }
#ifdef EXTRA
void more(void) { mkfifo("/run/x/more", 0666); }
#endif
int wait_server(void) {
  for (;;) {
    int fd = my_open("/run/x/cmd");
    if (fd >= 0)
      return fd;
  }
}
)";

const char *RetryOption = R"(CheckOptions:
  ipc-unbounded-retry-loop.IpcFunctions: 'my_open'
)";

/// A checkout with src/channel.c including include/mode.h, an empty
/// include-first/ searched before include/, and a cache folder.
struct Tree {
  std::string Root, Cache, Source;
  std::vector<std::string> Args;
  std::string BuildId = "test-build-1";

  Tree() {
    Root = makeTempDir("pipelint-cache");
    Cache = Root + "/cache";
    fs::create_directories(Root + "/src");
    fs::create_directories(Root + "/include");
    fs::create_directories(Root + "/include-first");
    Source = Root + "/src/channel.c";
    writeFileText(Source, ChannelC);
    writeFileText(Root + "/include/mode.h", "#define FIFO_MODE 0666\n");
    Args = {"-I" + Root + "/include-first", "-I" + Root + "/include"};
  }

  AnalysisResult run(bool Cached = true) const {
    AnalysisOptions Opts;
    Opts.Inputs = {Source};
    Opts.FixedArgs = Args;
    Opts.Target = Platform::Host;
    Opts.Jobs = 1;
    Opts.ResourceDir = defaultResourceDir();
    if (Cached) {
      Opts.CacheDir = Cache;
      Opts.CacheBuildId = BuildId;
    }
    return analyze(Opts);
  }

  /// The only entry of the cache folder.
  std::string entry() const {
    std::vector<std::string> Found;
    std::error_code EC;
    for (fs::recursive_directory_iterator It(Cache, EC), End; !EC && It != End;
         It.increment(EC))
      if (It->type() == fs::file_type::regular_file &&
          llvm::sys::path::filename(It->path()).size() == 32)
        Found.push_back(It->path());
    EXPECT_EQ(Found.size(), 1u);
    return Found.empty() ? "" : Found.front();
  }
};

/// Everything the result says (findings, file reports), except where it
/// came from.
std::string described(AnalysisResult R) {
  nlohmann::json J = nlohmann::json::array();
  for (const Finding &F : R.Findings)
    J.push_back(toJson(F));
  for (FileReport &F : R.Files) {
    F.FromCache = false;
    J.push_back(toJson(F));
  }
  return J.dump(1);
}

bool fromCache(const AnalysisResult &R) {
  return R.Files.size() == 1 && R.Files[0].FromCache;
}

std::vector<std::string> rules(const AnalysisResult &R) {
  std::vector<std::string> Out;
  for (const Finding &F : R.Findings)
    Out.push_back(std::to_string(F.Pos.Line) + ":" + F.RuleId);
  return Out;
}

/// The first run fills the cache, the second takes its result from there.
void expectCachedRunsMatch(const Tree &T) {
  AnalysisResult First = T.run();
  EXPECT_FALSE(fromCache(First));
  AnalysisResult Second = T.run();
  EXPECT_TRUE(fromCache(Second));
  EXPECT_EQ(described(First), described(Second));
  EXPECT_EQ(described(T.run(/*Cached=*/false)), described(Second));
}

/// After a change: analysed again, as an uncached run, and kept again.
void expectAnalysedAgain(const Tree &T) {
  AnalysisResult Changed = T.run();
  EXPECT_FALSE(fromCache(Changed));
  EXPECT_EQ(described(T.run(/*Cached=*/false)), described(Changed));
  AnalysisResult Again = T.run();
  EXPECT_TRUE(fromCache(Again));
  EXPECT_EQ(described(Changed), described(Again));
}

TEST(ResultCache, UnchangedFileComesFromTheCacheWithTheSameResult) {
  Tree T;
  expectCachedRunsMatch(T);
  EXPECT_EQ(rules(T.run()), std::vector<std::string>{"4:ipc-world-accessible"});
}

TEST(ResultCache, ChangedIncludedHeaderIsAnalysedAgain) {
  Tree T;
  expectCachedRunsMatch(T);
  writeFileText(T.Root + "/include/mode.h", "#define FIFO_MODE 0600\n");
  expectAnalysedAgain(T);
  EXPECT_TRUE(T.run().Findings.empty());
}

TEST(ResultCache, HeaderCreatedEarlierInTheSearchPathIsAnalysedAgain) {
  Tree T;
  expectCachedRunsMatch(T);
  // The same #include "mode.h" now finds another file: only the paths the
  // compiler found missing tell.
  writeFileText(T.Root + "/include-first/mode.h", "#define FIFO_MODE 0600\n");
  expectAnalysedAgain(T);
  EXPECT_TRUE(T.run().Findings.empty());
}

TEST(ResultCache, ChangedDefineIsAnalysedAgain) {
  Tree T;
  expectCachedRunsMatch(T);
  T.Args.push_back("-DEXTRA");
  expectAnalysedAgain(T);
  EXPECT_EQ(rules(T.run()),
            (std::vector<std::string>{"4:ipc-world-accessible",
                                      "6:ipc-world-accessible"}));
}

TEST(ResultCache, ChangedClangTidyOptionIsAnalysedAgain) {
  Tree T;
  expectCachedRunsMatch(T);
  writeFileText(T.Root + "/.clang-tidy", RetryOption);
  expectAnalysedAgain(T);
  EXPECT_EQ(rules(T.run()),
            (std::vector<std::string>{"4:ipc-world-accessible",
                                      "9:ipc-unbounded-retry-loop"}));
}

TEST(ResultCache, ChangedDriverEnvironmentIsAnalysedAgain) {
  Tree T;
  // The header is found through CPATH, which clang's driver reads.
  T.Args = {};
  writeFileText(T.Root + "/include-first/mode.h", "#define FIFO_MODE 0600\n");
  ::setenv("CPATH", (T.Root + "/include").c_str(), 1);
  expectCachedRunsMatch(T);
  EXPECT_EQ(rules(T.run()), std::vector<std::string>{"4:ipc-world-accessible"});
  ::setenv("CPATH", (T.Root + "/include-first").c_str(), 1);
  expectAnalysedAgain(T);
  EXPECT_TRUE(T.run().Findings.empty());
  ::unsetenv("CPATH");
}

TEST(ResultCache, OtherBuildIsAnalysedAgain) {
  Tree T;
  expectCachedRunsMatch(T);
  T.BuildId = "test-build-2";
  expectAnalysedAgain(T);
}

TEST(ResultCache, DefaultBuildIdNamesTheVersionAndTheRuleSet) {
  std::string Id = defaultCacheBuildId();
  EXPECT_EQ(Id.rfind(std::string(PIPELINT_VERSION) + "/", 0), 0u) << Id;
  // "<version>/<clang version>/<32 hex digits of the sources' hash>".
  std::string RuleSet = Id.substr(Id.rfind('/') + 1);
  EXPECT_EQ(RuleSet.size(), 32u) << Id;
  EXPECT_NE(Id.find("clang version 19"), std::string::npos) << Id;
}

std::string noticesOf(const AnalysisResult &R) {
  std::string All;
  for (const FileReport &F : R.Files)
    for (const std::string &N : F.Notices)
      All += N + "\n";
  return All;
}

/// Damages the entry with \p Damage: the next run ignores it with a notice
/// naming \p Why, gives the uncached result, and rewrites it.
void expectDamageIgnored(
    const std::function<std::string(const std::string &)> &Damage,
    const std::string &Why) {
  Tree T;
  expectCachedRunsMatch(T);
  std::string Entry = T.entry();
  writeFileText(Entry, Damage(readFileText(Entry)));
  AnalysisResult Damaged = T.run();
  EXPECT_FALSE(fromCache(Damaged));
  std::string Notices = noticesOf(Damaged);
  EXPECT_NE(
      Notices.find("result cache: the entry " + Entry + " was ignored: " + Why),
      std::string::npos)
      << Notices;
  EXPECT_NE(Notices.find("it was rewritten"), std::string::npos) << Notices;
  AnalysisResult Fresh = T.run(/*Cached=*/false);
  EXPECT_EQ(rules(Fresh), rules(Damaged));
  AnalysisResult Again = T.run();
  EXPECT_TRUE(fromCache(Again));
  EXPECT_EQ(described(Fresh), described(Again));
}

TEST(ResultCache, TruncatedEntryIsIgnoredAndRewritten) {
  expectDamageIgnored(
      [](const std::string &Text) { return Text.substr(0, Text.size() / 2); },
      "it is corrupt or truncated");
}

TEST(ResultCache, EntryWithAChangedByteIsIgnoredAndRewritten) {
  expectDamageIgnored(
      [](const std::string &Text) {
        std::string Out = Text;
        Out[Out.size() - 10] ^= 0x20;
        return Out;
      },
      "it is corrupt or truncated");
}

TEST(ResultCache, EntryOfAnotherFormatVersionIsIgnoredAndRewritten) {
  expectDamageIgnored(
      [](const std::string &Text) {
        std::string Out = Text;
        Out.replace(0, Out.find('\n'), "pipe-lint result cache 0");
        return Out;
      },
      "it was written by another version");
}

TEST(ResultCache, GarbageEntryIsIgnoredAndRewritten) {
  expectDamageIgnored([](const std::string &) { return std::string("{}"); },
                      "it is not a cache entry");
}

TEST(ResultCache, FilesThePrefilterSkipsAreNotKept) {
  Tree T;
  writeFileText(T.Source, "int add(int a, int b) { return a + b; }\n");
  AnalysisResult R = T.run();
  ASSERT_EQ(R.Files.size(), 1u);
  EXPECT_TRUE(R.Files[0].Prefiltered);
  EXPECT_FALSE(fs::exists(T.Cache)) << "nothing to keep";
}

TEST(ResultCache, SizesAreBytesOrKMG) {
  std::uint64_t N = 0;
  EXPECT_TRUE(parseCacheSize("0", N));
  EXPECT_EQ(N, 0u);
  EXPECT_TRUE(parseCacheSize("1500", N));
  EXPECT_EQ(N, 1500u);
  EXPECT_TRUE(parseCacheSize("64K", N));
  EXPECT_EQ(N, 64u << 10);
  EXPECT_TRUE(parseCacheSize("512m", N));
  EXPECT_EQ(N, 512u << 20);
  EXPECT_TRUE(parseCacheSize("2G", N));
  EXPECT_EQ(N, 2ull << 30);
  EXPECT_FALSE(parseCacheSize("", N));
  EXPECT_FALSE(parseCacheSize("G", N));
  EXPECT_FALSE(parseCacheSize("1T", N));
  EXPECT_FALSE(parseCacheSize("-1", N));
}

void setAge(const std::string &Path, long Seconds) {
  struct timespec Times[2];
  clock_gettime(CLOCK_REALTIME, &Times[0]);
  Times[0].tv_sec -= Seconds;
  Times[1] = Times[0];
  ASSERT_EQ(::utimensat(AT_FDCWD, Path.c_str(), Times, 0), 0) << Path;
}

TEST(ResultCache, TrimRemovesTheLeastRecentlyUsedEntriesFirst) {
  std::string Dir = makeTempDir("pipelint-trim");
  auto Entry = [&](char C) {
    std::string Name(32, C);
    fs::create_directories(Dir + "/" + Name.substr(0, 2));
    return Dir + "/" + Name.substr(0, 2) + "/" + Name;
  };
  // 1000 bytes each; used 40, 30, 20 and 10 minutes ago.
  const char Names[] = {'a', 'b', 'c', 'd'};
  for (int I = 0; I < 4; ++I) {
    writeFileText(Entry(Names[I]), std::string(1000, 'x'));
    setAge(Entry(Names[I]), (4 - I) * 600);
  }
  std::string OldTemp = Entry('e') + ".tmp-123456";
  std::string NewTemp = Entry('f') + ".tmp-123456";
  writeFileText(OldTemp, "a write a crash interrupted");
  writeFileText(NewTemp, "a write under way");
  setAge(OldTemp, 7200);

  trimCache(Dir, 0); // no limit: only the old temporary file goes
  EXPECT_TRUE(fs::exists(Entry('a')));
  EXPECT_FALSE(fs::exists(OldTemp));
  EXPECT_TRUE(fs::exists(NewTemp));

  trimCache(Dir, 2500);
  EXPECT_FALSE(fs::exists(Entry('a')));
  EXPECT_FALSE(fs::exists(Entry('b')));
  EXPECT_TRUE(fs::exists(Entry('c')));
  EXPECT_TRUE(fs::exists(Entry('d')));
}

TEST(ResultCache, AHitMakesTheEntryTheMostRecentlyUsed) {
  Tree T;
  T.run();
  std::string Entry = T.entry();
  setAge(Entry, 3600);
  // Another, more recent entry of the same size.
  std::string Other = T.Cache + "/00/" + std::string(32, '0');
  fs::create_directories(T.Cache + "/00");
  uint64_t Size = 0;
  fs::file_size(Entry, Size);
  writeFileText(Other, std::string(Size, 'x'));
  setAge(Other, 60);
  EXPECT_TRUE(fromCache(T.run()));
  trimCache(T.Cache, Size + Size / 2);
  EXPECT_TRUE(fs::exists(Entry));
  EXPECT_FALSE(fs::exists(Other));
}

} // namespace
} // namespace pipelint::test
