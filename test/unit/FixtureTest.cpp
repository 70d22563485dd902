//===--- FixtureTest.cpp - every fixture, through both hosts --------------===//
//
// One test per file under test/fixtures (but include/): the CLI library and
// clang-tidy with the module must report the same findings, every finding
// must be claimed by a CHECK directive, every CHECK must be met, and the
// CHECK-FIX lines must match the file after the fix-its.
//
//===----------------------------------------------------------------------===//
#include "Fixture.h"
#include "Hosts.h"
#include "TestConfig.h"

#include "driver/Serialize.h"
#include "report/Reporters.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "FixtureFiles.h"

#include <gtest/gtest.h>
#include <regex>
#include <sstream>

namespace pipelint::test {
namespace {

std::string readFile(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  return Buf ? (*Buf)->getBuffer().str() : std::string();
}

std::string lineOf(const std::string &Text, unsigned Line) {
  std::istringstream In(Text);
  std::string L;
  for (unsigned I = 1; std::getline(In, L); ++I)
    if (I == Line)
      return L;
  return "";
}

std::string withoutComment(std::string L) {
  size_t C = L.find("//");
  if (C != std::string::npos)
    L = L.substr(0, C);
  size_t B = L.find_first_not_of(" \t\r");
  size_t E = L.find_last_not_of(" \t\r");
  return B == std::string::npos ? "" : L.substr(B, E - B + 1);
}

bool matches(const Expectation &E, const HostFinding &F) {
  if (E.Line != F.Line || E.RuleId != F.RuleId)
    return false;
  if (E.Column && *E.Column != F.Column)
    return false;
  if (E.Level && *E.Level != F.Level)
    return false;
  if (E.MessageRegex &&
      !std::regex_search(F.Message, std::regex(*E.MessageRegex)))
    return false;
  return true;
}

class FixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureTest, BothHostsMeetTheExpectations) {
  const std::string &Path = GetParam();
  Fixture F = parseFixture(Path, readFile(Path));
  for (const std::string &E : F.Errors)
    ADD_FAILURE() << Path << ": " << E;

  FixtureSetup Setup = prepare(F);
  ASSERT_TRUE(Setup.Error.empty()) << Setup.Error;
  std::vector<HostFinding> Cli = runCli(F, Setup);
  std::vector<HostFinding> Plugin = runPlugin(F, Setup);
  ASSERT_TRUE(Setup.Error.empty()) << Setup.Error;

  // Keep the CLI's SARIF for the sarif_validation test.
  {
    std::string Name =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(Name.begin(), Name.end(), '/', '-');
    llvm::sys::fs::create_directories(PIPELINT_SARIF_OUT_DIR);
    ReportContext Ctx;
    Ctx.SourceRoot = PIPELINT_SOURCE_DIR;
    std::error_code EC;
    llvm::raw_fd_ostream OS(std::string(PIPELINT_SARIF_OUT_DIR) + "/fixture-" +
                                Name + ".sarif",
                            EC);
    OS << dumpJson(buildSarif(Setup.Cli, Ctx), 2) << "\n";
  }

  // A fixture must compile: findings on a broken parse prove little.
  for (const FileReport &R : Setup.Cli.Files)
    for (const std::string &P : R.Problems)
      ADD_FAILURE() << Path << " does not compile cleanly: " << P;

  // Parity between the hosts.
  std::ostringstream CliText, PluginText;
  for (const HostFinding &H : Cli)
    CliText << "  " << H.str() << "\n";
  for (const HostFinding &H : Plugin)
    PluginText << "  " << H.str() << "\n";
  EXPECT_EQ(CliText.str(), PluginText.str())
      << "the CLI and clang-tidy --load disagree on " << Path;

  // Every finding claimed, every expectation met.
  std::vector<bool> Met(F.Checks.size(), false);
  for (const HostFinding &H : Cli) {
    bool Claimed = false;
    for (size_t I = 0; I < F.Checks.size(); ++I)
      if (!Met[I] && matches(F.Checks[I], H)) {
        Met[I] = Claimed = true;
        break;
      }
    if (!Claimed)
      ADD_FAILURE() << Path << ":" << H.Line
                    << ": unexpected finding: " << H.str();
  }
  for (size_t I = 0; I < F.Checks.size(); ++I)
    if (!Met[I]) {
      const Expectation &E = F.Checks[I];
      ADD_FAILURE() << Path << ":" << E.DirectiveLine << ": expected "
                    << E.RuleId << " on line " << E.Line
                    << (E.Column ? " column " + std::to_string(*E.Column) : "")
                    << (E.Level ? " at level " + *E.Level : "")
                    << (E.MessageRegex ? " matching {{" + *E.MessageRegex + "}}"
                                       : "")
                    << ", not reported";
    }

  for (const NoteExpectation &N : F.Notes) {
    bool Found = false;
    for (const HostFinding &H : Cli)
      for (const auto &Note : H.Notes)
        if (Note.first == N.Line &&
            (!N.MessageRegex ||
             std::regex_search(Note.second, std::regex(*N.MessageRegex))))
          Found = true;
    if (!Found)
      ADD_FAILURE() << Path << ":" << N.DirectiveLine
                    << ": expected a note on line " << N.Line;
  }

  if (!F.Fixes.empty()) {
    std::string Fixed = applyFixes(F.Text, Setup.Cli.Findings);
    for (const FixExpectation &X : F.Fixes)
      EXPECT_EQ(withoutComment(lineOf(Fixed, X.Line)), X.Text)
          << Path << ":" << X.DirectiveLine << ": fix-it result on line "
          << X.Line;
  }
}

std::string testName(const ::testing::TestParamInfo<std::string> &Info) {
  llvm::StringRef Rel = llvm::StringRef(Info.param);
  for (llvm::StringRef Root : {PIPELINT_FIXTURE_DIR, PIPELINT_SOURCE_DIR})
    if (Rel.starts_with(Root)) {
      Rel = Rel.drop_front(Root.size());
      break;
    }
  std::string Name;
  for (char C : Rel.ltrim('/'))
    Name += std::isalnum(static_cast<unsigned char>(C)) ? C : '_';
  return Name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest,
                         ::testing::ValuesIn(fixtureFiles()), testName);

TEST(FixtureParser, ReadsDirectives) {
  Fixture F = parseFixture("x.cpp", "// RUN-ARGS: --platform=windows -DX\n"
                                    "f(NULL); // CHECK: ipc-a:9 note {{bad}}\n"
                                    "// CHECK@-1: ipc-b\n"
                                    "// CHECK-NOTE@-2: {{here}}\n"
                                    "// CHECK-FIX@-3: g();\n");
  ASSERT_TRUE(F.Errors.empty());
  ASSERT_EQ(F.DriverOptions, std::vector<std::string>{"--platform=windows"});
  ASSERT_EQ(F.CompilerArgs, std::vector<std::string>{"-DX"});
  ASSERT_EQ(F.Checks.size(), 2u);
  EXPECT_EQ(F.Checks[0].Line, 2u);
  EXPECT_EQ(F.Checks[0].RuleId, "ipc-a");
  EXPECT_EQ(*F.Checks[0].Column, 9u);
  EXPECT_EQ(*F.Checks[0].Level, "note");
  EXPECT_EQ(*F.Checks[0].MessageRegex, "bad");
  EXPECT_EQ(F.Checks[1].Line, 2u);
  EXPECT_FALSE(F.Checks[1].Column.has_value());
  ASSERT_EQ(F.Notes.size(), 1u);
  EXPECT_EQ(F.Notes[0].Line, 2u);
  ASSERT_EQ(F.Fixes.size(), 1u);
  EXPECT_EQ(F.Fixes[0].Text, "g();");
}

TEST(FixtureParser, RejectsOffsetsBeforeTheFile) {
  Fixture F = parseFixture("x.cpp", "// CHECK@-3: ipc-a\n");
  EXPECT_EQ(F.Errors.size(), 1u);
}

} // namespace
} // namespace pipelint::test
