//===--- TreeFixtureTest.cpp - audits of small checkouts, no build --------===//
//
// Each folder under test/fixtures/trees/ is a small checkout of our own
// writing that reproduces one way real code defeats an audit without a build
// (headers in sibling folders, a private/ include only a build creates,
// capitalised and backslash includes, a .vcxproj with MultiByte, CMake's
// target_include_directories, Win32 and POSIX IPC under #ifdef _WIN32, a
// member function of a class declared in another folder, config.h and a
// header written from a template, a narrow pipe name in a member with a
// library's copy of a system header missing). It is analysed as
// a user would: `pipe-lint <checkout>`, nothing else. Its sources carry the
// fixture directives (CHECK: every finding claimed, every expectation met),
// and `// COVERAGE: A/S` where not every IPC call site can be analysed
// (otherwise all must be).
//
// Each tree must also fail without the checkout model (--no-infer), so that
// it proves the model does what it is for.
//
//===----------------------------------------------------------------------===//
#include "Fixture.h"
#include "Run.h"
#include "TestConfig.h"

#include "driver/Analyzer.h"
#include "driver/Platform.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>
#include <regex>

namespace pipelint::test {
namespace {

std::vector<std::string> trees() {
  std::vector<std::string> Out;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(PIPELINT_FIXTURE_DIR "/trees", EC),
       End;
       It != End && !EC; It.increment(EC))
    if (llvm::sys::fs::is_directory(It->path()))
      Out.push_back(llvm::sys::path::filename(It->path()).str());
  std::sort(Out.begin(), Out.end());
  return Out;
}

/// Copies \p From into a fresh folder outside this repository, so that the
/// tree is a checkout of its own (the model would take the repository's top
/// folder for the checkout otherwise).
std::string copyTree(const std::string &From) {
  std::string To = makeTempDir("pipelint-tree") + "/" +
                   llvm::sys::path::filename(From).str();
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(From, EC), End;
       It != End && !EC; It.increment(EC)) {
    std::string Rel = It->path().substr(From.size());
    if (It->type() == llvm::sys::fs::file_type::directory_file)
      llvm::sys::fs::create_directories(To + Rel);
    else {
      llvm::sys::fs::create_directories(llvm::sys::path::parent_path(To + Rel));
      llvm::sys::fs::copy_file(It->path(), To + Rel);
    }
  }
  return To;
}

struct TreeFile {
  Fixture F;
  std::optional<std::pair<int, int>> Coverage;
};

std::vector<TreeFile> treeSources(const std::string &Root) {
  std::vector<TreeFile> Out;
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Root, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Ext = llvm::sys::path::extension(It->path());
    if (Ext != ".c" && Ext != ".cpp")
      continue;
    TreeFile T;
    std::string Text = readFileText(It->path());
    T.F = parseFixture(It->path(), Text);
    std::smatch M;
    if (std::regex_search(Text, M, std::regex(R"(COVERAGE: (\d+)/(\d+))")))
      T.Coverage = {std::stoi(M[1]), std::stoi(M[2])};
    Out.push_back(std::move(T));
  }
  return Out;
}

/// The expectations of \p Files that \p Result does not meet, and the
/// findings no expectation claims, as readable lines.
std::vector<std::string> mismatches(const std::vector<TreeFile> &Files,
                                    const AnalysisResult &Result) {
  std::vector<std::string> Out;
  std::vector<bool> Claimed(Result.Findings.size(), false);
  for (const TreeFile &T : Files) {
    for (const Expectation &E : T.F.Checks) {
      bool Met = false;
      for (size_t I = 0; I < Result.Findings.size(); ++I) {
        const Finding &F = Result.Findings[I];
        if (F.Pos.File != T.F.Path || F.Pos.Line != E.Line ||
            F.RuleId != E.RuleId)
          continue;
        if (E.MessageRegex &&
            !std::regex_search(F.Message, std::regex(*E.MessageRegex)))
          continue;
        Met = Claimed[I] = true;
      }
      if (!Met)
        Out.push_back("expected " + E.RuleId + " at " + T.F.Path + ":" +
                      std::to_string(E.Line));
    }
  }
  for (size_t I = 0; I < Result.Findings.size(); ++I)
    if (!Claimed[I])
      Out.push_back("unexpected " + Result.Findings[I].RuleId + " at " +
                    Result.Findings[I].Pos.File + ":" +
                    std::to_string(Result.Findings[I].Pos.Line) + ": " +
                    Result.Findings[I].Message);
  return Out;
}

AnalysisResult audit(const std::string &Root, bool Infer) {
  AnalysisOptions Opts;
  Opts.Inputs = {Root};
  Opts.ResourceDir = defaultResourceDir();
  Opts.Jobs = 1;
  Opts.InferCommands = Infer;
  return analyze(Opts);
}

class TreeFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(TreeFixture, AuditWithNoArgumentsFindsWhatTheBuildWould) {
  std::string Root = copyTree(PIPELINT_FIXTURE_DIR "/trees/" + GetParam());
  std::vector<TreeFile> Files = treeSources(Root);
  ASSERT_FALSE(Files.empty());
  for (const TreeFile &T : Files)
    ASSERT_TRUE(T.F.Errors.empty()) << T.F.Path << ": " << T.F.Errors.front();

  AnalysisResult Result = audit(Root, /*Infer=*/true);
  ASSERT_TRUE(Result.FatalError.empty()) << Result.FatalError;
  for (const std::string &M : mismatches(Files, Result))
    ADD_FAILURE() << M;
  for (const TreeFile &T : Files) {
    const FileReport *R = nullptr;
    for (const FileReport &FR : Result.Files)
      if (FR.File == T.F.Path)
        R = &FR;
    ASSERT_TRUE(R) << T.F.Path;
    EXPECT_EQ(R->Status, FileStatus::Analyzed)
        << T.F.Path << ": " << (R->Problems.empty() ? "" : R->Problems.front());
    if (T.Coverage) {
      EXPECT_EQ(R->IpcCallsAnalysed, T.Coverage->first) << T.F.Path;
      EXPECT_EQ(R->IpcCallsSeen, T.Coverage->second) << T.F.Path;
    } else {
      EXPECT_GT(R->IpcCallsSeen, 0) << T.F.Path;
      EXPECT_EQ(R->IpcCallsAnalysed, R->IpcCallsSeen) << T.F.Path;
    }
  }

  // Without the model the same audit misses something: the tree tests it.
  AnalysisResult Bare = audit(Root, /*Infer=*/false);
  EXPECT_FALSE(mismatches(Files, Bare).empty())
      << "the tree passes without the checkout model";
}

INSTANTIATE_TEST_SUITE_P(Trees, TreeFixture, ::testing::ValuesIn(trees()),
                         [](const ::testing::TestParamInfo<std::string> &I) {
                           std::string N = I.param;
                           for (char &C : N)
                             if (!isalnum(static_cast<unsigned char>(C)))
                               C = '_';
                           return N;
                         });

} // namespace
} // namespace pipelint::test
