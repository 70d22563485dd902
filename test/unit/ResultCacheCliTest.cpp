//===--- ResultCacheCliTest.cpp - --cache-dir as users run it -------------===//
//
// A run that takes every result from the cache writes what an uncached run
// writes (findings, notes, fix-its, suppressed findings, coverage), apart
// from the count of files that came from the cache; several pipe-lint
// processes may share one folder.
//
//===----------------------------------------------------------------------===//
#include "Run.h"
#include "TestConfig.h"

#include "llvm/Support/FileSystem.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <thread>

namespace pipelint::test {
namespace {

// Windows code with findings and notes (the example server), fix-its
// (invalid-handle-check) and a finding suppressed in source (null-dacl).
const std::vector<std::string> Inputs = {
    PIPELINT_SOURCE_DIR "/examples/windows/pipe-server.cpp",
    PIPELINT_FIXTURE_DIR "/ipc-invalid-handle-check/positive.c",
    PIPELINT_FIXTURE_DIR "/ipc-null-dacl/negative.cpp"};

std::vector<std::string> withInputs(std::vector<std::string> Args) {
  Args.insert(Args.end(), Inputs.begin(), Inputs.end());
  return Args;
}

/// The SARIF log without the count that differs.
nlohmann::json withoutCacheCount(const std::string &Text, unsigned &Count) {
  nlohmann::json Log = nlohmann::json::parse(Text);
  nlohmann::json &Props = Log["runs"][0]["invocations"][0]["properties"];
  Count = Props["filesFromCache"].get<unsigned>();
  Props.erase("filesFromCache");
  return Log;
}

TEST(ResultCacheCli, AHitWritesWhatAnUncachedRunWrites) {
  std::string Dir = makeTempDir("pipelint-cache-cli");
  std::string Cache = Dir + "/cache";
  // The folder comes from the environment, so that the command lines (in
  // SARIF) are the same.
  std::vector<std::string> Env = {"PIPE_LINT_CACHE_DIR=" + Cache};
  std::vector<std::string> Common = {"--platform=windows", "--quiet", "-j2"};

  for (const char *Format : {"json", "sarif", "text"}) {
    SCOPED_TRACE(Format);
    std::vector<std::string> Args = Common;
    Args.push_back(std::string("--format=") + Format);
    RunResult Plain = runCli(withInputs(Args));
    RunResult First = runCliWithEnv(withInputs(Args), Env);
    RunResult Second = runCliWithEnv(withInputs(Args), Env);
    EXPECT_EQ(Plain.ExitCode, 1) << Plain.Err;
    EXPECT_EQ(First.ExitCode, 1) << First.Err;
    EXPECT_EQ(Second.ExitCode, 1) << Second.Err;
    EXPECT_EQ(Plain.Err, Second.Err);
    if (std::string(Format) == "json") {
      EXPECT_EQ(Plain.Out, First.Out);
      EXPECT_EQ(Plain.Out, Second.Out);
      EXPECT_NE(Plain.Out.find("\"suppressed\": true"), std::string::npos);
    } else if (std::string(Format) == "sarif") {
      unsigned PlainCount, FirstCount, SecondCount;
      nlohmann::json P = withoutCacheCount(Plain.Out, PlainCount);
      nlohmann::json F = withoutCacheCount(First.Out, FirstCount);
      nlohmann::json S = withoutCacheCount(Second.Out, SecondCount);
      EXPECT_EQ(P.dump(1), F.dump(1));
      EXPECT_EQ(P.dump(1), S.dump(1));
      EXPECT_EQ(PlainCount, 0u);
      EXPECT_EQ(SecondCount, Inputs.size());
      EXPECT_NE(Plain.Out.find("\"fixes\""), std::string::npos);
      llvm::sys::fs::create_directories(PIPELINT_SARIF_OUT_DIR);
      writeFileText(PIPELINT_SARIF_OUT_DIR "/cli-cache-hit.sarif", Second.Out);
    } else {
      // The cache was filled by the runs above: both runs hit.
      for (const RunResult *Cached : {&First, &Second}) {
        std::string Counted = "; 3 from the result cache)";
        size_t At = Cached->Out.find(Counted);
        ASSERT_NE(At, std::string::npos) << Cached->Out;
        std::string Uncounted = Cached->Out;
        Uncounted.replace(At, Counted.size(), ")");
        EXPECT_EQ(Plain.Out, Uncounted);
      }
    }
  }
  // --cache-dir= turns the environment's folder off.
  RunResult Off = runCliWithEnv(withInputs({"--platform=windows", "--quiet",
                                            "--cache-dir=", "--format=text"}),
                                Env);
  EXPECT_EQ(Off.Out.find("from the result cache"), std::string::npos)
      << Off.Out;
}

TEST(ResultCacheCli, ProcessesShareOneFolder) {
  std::string Dir = makeTempDir("pipelint-cache-shared");
  std::string Cache = Dir + "/cache";
  std::vector<std::string> Args =
      withInputs({"--platform=windows", "--quiet", "-j2", "--format=json",
                  "--cache-dir=" + Cache});
  RunResult Plain = runCli(
      withInputs({"--platform=windows", "--quiet", "-j2", "--format=json"}));
  // Two processes fill the same entries at the same time.
  RunResult A, B;
  std::thread TA([&] { A = runCli(Args); });
  std::thread TB([&] { B = runCli(Args); });
  TA.join();
  TB.join();
  EXPECT_EQ(A.Out, Plain.Out) << A.Err;
  EXPECT_EQ(B.Out, Plain.Out) << B.Err;
  EXPECT_EQ(A.Err.find("result cache"), std::string::npos) << A.Err;
  EXPECT_EQ(B.Err.find("result cache"), std::string::npos) << B.Err;
  Args[3] = "--format=text";
  RunResult Later = runCli(Args);
  EXPECT_NE(Later.Out.find("; 3 from the result cache)"), std::string::npos)
      << Later.Out;
}

TEST(ResultCacheCli, BadSizeIsAUsageError) {
  RunResult R = runCli({"--cache-max-size=lots", Inputs[0]});
  EXPECT_EQ(R.ExitCode, 2);
  EXPECT_NE(R.Err.find("--cache-max-size must be"), std::string::npos) << R.Err;
}

TEST(ResultCacheCli, UnusableFolderIsAWarningAndTheRunGoesOn) {
  std::string Dir = makeTempDir("pipelint-cache-bad");
  writeFileText(Dir + "/file", "not a folder");
  RunResult R = runCli({"--platform=windows", "--quiet",
                        "--cache-dir=" + Dir + "/file/cache", Inputs[0]});
  EXPECT_EQ(R.ExitCode, 1) << R.Err; // findings, as without a cache
  EXPECT_NE(R.Err.find("analysing without the result cache"), std::string::npos)
      << R.Err;
}

} // namespace
} // namespace pipelint::test
