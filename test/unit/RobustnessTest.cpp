//===--- RobustnessTest.cpp - mutated sources, parallel runs --------------===//
#include "Run.h"
#include "TestConfig.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

namespace pipelint::test {
namespace {

std::vector<std::string> sourcesUnder(const std::string &Root) {
  std::vector<std::string> Files;
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Root, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef P = It->path();
    if (!P.contains("/include/") && (P.ends_with(".cpp") || P.ends_with(".c")))
      Files.push_back(P.str());
  }
  std::sort(Files.begin(), Files.end());
  return Files;
}

/// One damaged copy of \p Text: truncated, bytes flipped, braces removed or
/// lines dropped, chosen by \p Kind.
std::string mutate(const std::string &Text, unsigned Kind, std::mt19937 &Rng) {
  if (Text.empty())
    return Text;
  std::uniform_int_distribution<size_t> Pos(0, Text.size() - 1);
  std::string Out = Text;
  switch (Kind % 4) {
  case 0:
    Out.resize(Pos(Rng));
    break;
  case 1:
    for (int I = 0; I < 20; ++I)
      Out[Pos(Rng)] ^= static_cast<char>(1 + Rng() % 255);
    break;
  case 2: {
    char Brace = Kind % 8 < 4 ? '{' : '}';
    std::string Kept;
    for (char C : Out)
      if (C != Brace || Rng() % 2)
        Kept += C;
    Out = Kept;
    break;
  }
  case 3: {
    std::string Kept;
    size_t Start = 0;
    while (Start < Out.size()) {
      size_t End = Out.find('\n', Start);
      End = End == std::string::npos ? Out.size() : End + 1;
      if (Rng() % 5)
        Kept += Out.substr(Start, End - Start);
      Start = End;
    }
    Out = Kept;
    break;
  }
  }
  return Out;
}

TEST(Robustness, MutatedFixturesNeverCrashHangOrGetLost) {
  std::vector<std::string> Seeds = sourcesUnder(PIPELINT_FIXTURE_DIR);
  ASSERT_FALSE(Seeds.empty());
  std::string Dir = makeTempDir("pipelint-mutants");
  std::mt19937 Rng(20261124);
  const unsigned Count = 120;
  std::set<std::string> Written;
  for (unsigned I = 0; I < Count; ++I) {
    const std::string &Seed = Seeds[I % Seeds.size()];
    std::string Name =
        Dir + "/m" + std::to_string(I) + llvm::sys::path::extension(Seed).str();
    writeFileText(Name, mutate(readFileText(Seed), I, Rng));
    Written.insert(Name);
  }
  llvm::sys::fs::create_directories(PIPELINT_SARIF_OUT_DIR);
  std::string Sarif = std::string(PIPELINT_SARIF_OUT_DIR) + "/robustness.sarif";
  RunResult R = runCli({"--quiet", "-j2", "--timeout-per-file=120",
                        "--platform=windows", "--format=sarif", "-o", Sarif,
                        Dir, "--", "-I" PIPELINT_FIXTURE_DIR "/include"});
  EXPECT_TRUE(R.ExitCode == 0 || R.ExitCode == 1 || R.ExitCode == 2)
      << "exit " << R.ExitCode << "\n"
      << R.Err;
  auto Log = nlohmann::json::parse(readFileText(Sarif), nullptr, false);
  ASSERT_FALSE(Log.is_discarded()) << "SARIF is not JSON";
  // Every mutant is accounted for: analysed (perhaps partially), or named
  // in a notification. None crashed the run or timed out.
  std::string Notes;
  for (const auto &N : Log["runs"][0]["invocations"][0].value(
           "toolExecutionNotifications", nlohmann::json::array()))
    Notes += N["message"]["text"].get<std::string>() + "\n";
  EXPECT_EQ(Notes.find("crashed"), std::string::npos) << Notes;
  EXPECT_EQ(Notes.find("timed out"), std::string::npos) << Notes;
  EXPECT_EQ(R.Err.find("no such file"), std::string::npos) << R.Err;
}

TEST(Determinism, SameSarifForOneAndTwoJobs) {
  std::vector<std::string> Args = {"--quiet",
                                   "--format=sarif",
                                   "--source-root",
                                   PIPELINT_SOURCE_DIR,
                                   PIPELINT_SOURCE_DIR "/examples",
                                   PIPELINT_FIXTURE_DIR
                                   "/ipc-null-security-attributes"};
  std::string Dir = makeTempDir("pipelint-determinism");
  std::vector<std::string> One = Args, Two = Args;
  One.insert(One.begin(), {"-j1", "-o", Dir + "/one.sarif"});
  Two.insert(Two.begin(), {"-j2", "-o", Dir + "/two.sarif"});
  RunResult A = runCli(One), B = runCli(Two);
  EXPECT_EQ(A.ExitCode, B.ExitCode);
  // Only the recorded command line may differ.
  auto Strip = [](std::string Text) {
    auto J = nlohmann::json::parse(Text);
    J["runs"][0]["invocations"][0].erase("commandLine");
    return J.dump(2);
  };
  std::string SA = readFileText(Dir + "/one.sarif");
  std::string SB = readFileText(Dir + "/two.sarif");
  ASSERT_FALSE(SA.empty());
  EXPECT_EQ(Strip(SA), Strip(SB));
  EXPECT_NE(SA.find("ipc-null-security-attributes"), std::string::npos);
}

} // namespace
} // namespace pipelint::test
