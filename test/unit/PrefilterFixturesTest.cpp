//===--- PrefilterFixturesTest.cpp - the pre-filter loses no finding ------===//
//
// Every fixture and example, analysed with and without the pre-filter, gives
// the same findings (suppressed ones, notes and fix-its included) and the
// same file status. A fixture the pre-filter skips must have no finding
// at all without it.
//
//===----------------------------------------------------------------------===//
#include "Fixture.h"
#include "Hosts.h"
#include "TestConfig.h"

#include "driver/Analyzer.h"
#include "driver/Platform.h"
#include "driver/Serialize.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include "FixtureFiles.h"

#include <gtest/gtest.h>

namespace pipelint::test {
namespace {

/// Everything a finding carries, as text, in the driver's order.
std::vector<std::string> described(const AnalysisResult &R) {
  std::vector<std::string> Out;
  for (const Finding &F : R.Findings)
    Out.push_back(toJson(F).dump());
  return Out;
}

AnalysisResult run(const Fixture &F, const FixtureSetup &S, bool Prefilter) {
  AnalysisOptions Opts;
  Opts.Inputs = {F.Path};
  Opts.FixedArgs = S.CompilerArgs;
  Opts.Target = S.Windows ? Platform::Windows : Platform::Host;
  // Every rule, not only the fixture's own: more findings to lose.
  Opts.Jobs = 1;
  Opts.ResourceDir = defaultResourceDir();
  Opts.Prefilter = Prefilter;
  return analyze(Opts);
}

class PrefilterFixtures : public ::testing::TestWithParam<std::string> {};

TEST_P(PrefilterFixtures, SameFindingsWithAndWithout) {
  auto Buf = llvm::MemoryBuffer::getFile(GetParam());
  ASSERT_TRUE(Buf) << GetParam();
  Fixture F = parseFixture(GetParam(), (*Buf)->getBuffer().str());
  FixtureSetup S = prepare(F);
  if (S.Windows && !checkWindowsHeaders().empty())
    GTEST_SKIP() << checkWindowsHeaders();
  ASSERT_TRUE(S.Error.empty()) << S.Error;

  AnalysisResult With = run(F, S, true);
  AnalysisResult Without = run(F, S, false);
  ASSERT_EQ(With.Files.size(), 1u);
  ASSERT_EQ(Without.Files.size(), 1u);
  EXPECT_EQ(described(With), described(Without));
  EXPECT_EQ(With.Files[0].Status, Without.Files[0].Status);
  EXPECT_EQ(With.Files[0].Problems, Without.Files[0].Problems);
  EXPECT_FALSE(Without.Files[0].Prefiltered);
  if (With.Files[0].Prefiltered) {
    EXPECT_TRUE(Without.Findings.empty())
        << "skipped by the pre-filter, but has findings";
  }
}

// The fixtures of test/fixtures/prefilter/ reach the rules' names only in
// indirect ways (a project header's macro, a system macro, -D, a Qt enum, an
// octal mode): the pre-filter must parse them, and skip no-ipc-code.cpp.
TEST(PrefilterFixtures, IndirectNamesAreParsedAndPlainCodeSkipped) {
  unsigned Skipped = 0, Parsed = 0;
  for (const std::string &Path : fixtureFiles()) {
    if (Path.find("/prefilter/") == std::string::npos)
      continue;
    auto Buf = llvm::MemoryBuffer::getFile(Path);
    ASSERT_TRUE(Buf) << Path;
    Fixture F = parseFixture(Path, (*Buf)->getBuffer().str());
    FixtureSetup S = prepare(F);
    if (!S.Error.empty() || (S.Windows && !checkWindowsHeaders().empty()))
      continue;
    AnalysisResult R = run(F, S, true);
    ASSERT_EQ(R.Files.size(), 1u);
    bool Plain = Path.find("/no-ipc-") != std::string::npos;
    EXPECT_EQ(R.Files[0].Prefiltered, Plain) << Path;
    (Plain ? Skipped : Parsed) += 1;
  }
  EXPECT_GE(Parsed, 1u);
  EXPECT_GE(Skipped, 1u);
}

INSTANTIATE_TEST_SUITE_P(All, PrefilterFixtures,
                         ::testing::ValuesIn(fixtureFiles()),
                         [](const ::testing::TestParamInfo<std::string> &Info) {
                           std::string Name = Info.param;
                           for (const char *Root : {PIPELINT_FIXTURE_DIR "/",
                                                    PIPELINT_SOURCE_DIR "/"})
                             if (Name.rfind(Root, 0) == 0)
                               Name = Name.substr(std::string(Root).size());
                           for (char &C : Name)
                             if (!isalnum(static_cast<unsigned char>(C)))
                               C = '_';
                           return Name;
                         });

} // namespace
} // namespace pipelint::test
