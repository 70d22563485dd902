//===--- FuzzFindingsTest.cpp - inputs that crashed, hung or got through --===//
//
// One test per defect found with the fuzz targets of fuzz/ or while writing
// them, each with an input that shows it. Before the fixes pipe-lint
// aborted on the JSON ones (an uncaught nlohmann exception or a stack
// overflow) and on a database entry naming its working folder, read freed
// memory for every absent result of a baseline and for the source roots of
// every merged log, hung on a FIFO, /dev/zero and a very long Windows path,
// let -Xpreprocessor and -Wp, pass -load to the compiler and an empty -Wp,
// reach clang's driver (which crashes on it), and lost the source file
// after a bare MSVC /D.
//
//===----------------------------------------------------------------------===//
#include "Run.h"
#include "TestConfig.h"
#include "driver/Analyzer.h"
#include "driver/CommandLine.h"
#include "driver/Inputs.h"
#include "driver/ProjectDatabase.h"
#include "report/Baseline.h"

#include "llvm/Support/FileSystem.h"
#include <gtest/gtest.h>
#include <sys/stat.h>

namespace pipelint::test {
namespace {

const std::string Good =
    PIPELINT_FIXTURE_DIR "/ipc-null-security-attributes/positive.c";

TEST(FuzzFindings, CompileDatabaseWithAnOverflowingNumberIsAnError) {
  std::string Dir = makeTempDir("pipelint-fuzz-db");
  writeFileText(Dir + "/compile_commands.json",
                R"([{"directory": "/", "file": "a.c", "command": "cc a.c",
                     "x": 1e400}])");
  std::string Error;
  EXPECT_EQ(ProjectDatabase::load(Dir + "/compile_commands.json", Error),
            nullptr);
  EXPECT_NE(Error.find("compile_commands.json: not valid JSON: number "
                       "overflow parsing '1e400'"),
            std::string::npos)
      << Error;
}

/// readSarif's verdict on \p Text: "" when it reads it, else the error.
std::string sarifError(const std::string &Text) {
  std::string Dir = makeTempDir("pipelint-fuzz-sarif");
  writeFileText(Dir + "/log.sarif", Text);
  nlohmann::json Log;
  std::string Error;
  return readSarif(Dir + "/log.sarif", Log, Error) ? "" : Error;
}

TEST(FuzzFindings, SarifWithMembersOfTheWrongTypeIsRefused) {
  EXPECT_NE(sarifError(R"({"runs": [7]})")
                .find("not a SARIF log: runs[0] has the wrong type"),
            std::string::npos);
  EXPECT_NE(sarifError(R"({"runs": [{"results": [{"ruleId": "r"}, 7]}]})")
                .find("runs[0].results[1] has the wrong type"),
            std::string::npos);
  EXPECT_NE(sarifError(R"({"runs": [{"results": [{"ruleIndex": "0"}]}]})")
                .find("runs[0].results[0].ruleIndex has the wrong type"),
            std::string::npos);
  EXPECT_NE(sarifError(R"({"runs": [{"results": [{"locations": {"a": 1}}]}]})")
                .find("runs[0].results[0].locations has the wrong type"),
            std::string::npos);
  EXPECT_NE(
      sarifError(R"({"runs": [{"results": [{"locations": [{"physicalLocation":
                   {"region": {"startLine": 1e300}}}]}]}]})")
          .find("region.startLine has the wrong type"),
      std::string::npos);
  EXPECT_NE(sarifError(R"({"runs": [{"invocations": [{"commandLine": 3}]}]})")
                .find("commandLine has the wrong type"),
            std::string::npos);
  EXPECT_NE(sarifError(R"({"runs": [{"tool": {"driver": {"rules": [1]}}}]})")
                .find("runs[0].tool.driver.rules[0] has the wrong type"),
            std::string::npos);
  // Missing members are fine: the readers have defaults.
  EXPECT_EQ(sarifError(R"({"runs": [{}, {"results": [{}]}]})"), "");
}

TEST(FuzzFindings, DeeplyNestedSarifIsRefused) {
  std::string Deep(100000, '[');
  Deep += std::string(100000, ']');
  EXPECT_NE(
      sarifError(R"({"runs": [{"results": [{"properties": )" + Deep + "}]}]}")
          .find("nested more than 64 levels deep"),
      std::string::npos);
}

TEST(FuzzFindings, MergeOfARunWithoutDriverDoesNotThrow) {
  nlohmann::json NoDriver =
      nlohmann::json::parse(R"({"runs": [{"tool": {}}]})");
  nlohmann::json Named = nlohmann::json::parse(
      R"({"runs": [{"tool": {"driver": {"name": "pipe-lint"}}}]})");
  nlohmann::json Out;
  std::string Error;
  EXPECT_FALSE(mergeSarif({NoDriver, Named}, Out, Error));
  EXPECT_EQ(Error, "the logs come from different tools");
  EXPECT_TRUE(mergeSarif({NoDriver, NoDriver}, Out, Error)) << Error;
}

TEST(FuzzFindings, BaselineAbsentResultsAreCopiedFromTheLogItself) {
  // applyBaseline kept pointers into copies of the log's results that were
  // freed when its loop ended, and copied the absent ones from there
  // (heap-use-after-free under ASan, garbage without).
  nlohmann::json Log = nlohmann::json::parse(R"({"runs": [{"results": [
    {"ruleId": "ipc-null-dacl", "message": {"text": "gone"},
     "locations": [{"physicalLocation": {"artifactLocation":
       {"uri": "src/a.cpp", "uriBaseId": "%SRCROOT%"}}}],
     "partialFingerprints": {"primaryLocationLineHash": "h1:0"}},
    {"ruleId": "ipc-null-dacl", "message": {"text": "still there"},
     "locations": [{"physicalLocation": {"artifactLocation":
       {"uri": "src/a.cpp", "uriBaseId": "%SRCROOT%"}}}],
     "partialFingerprints": {"primaryLocationLineHash": "h2:0"}}]}]})");
  Finding F;
  F.RuleId = "ipc-null-dacl";
  F.Pos.File = "/work/src/a.cpp";
  F.Fingerprint = "h2:0";
  std::vector<Finding> Findings = {F};
  FileReport Analysed;
  Analysed.File = "/work/src/a.cpp";
  BaselineSummary Summary = applyBaseline(Findings, Log, "/work", {Analysed});
  EXPECT_EQ(Summary.Unchanged, 1u);
  EXPECT_EQ(Summary.New, 0u);
  EXPECT_EQ(Findings[0].Baseline, BaselineState::Unchanged);
  ASSERT_EQ(Summary.Absent.size(), 1u);
  EXPECT_EQ(Summary.Absent[0], Log["runs"][0]["results"][0]);
}

TEST(FuzzFindings, MergeReadsTheSourceRootsOfTheLogsThemselves) {
  // mergeSarif looped over items() of a temporary copy that was destroyed
  // before the loop ran (stack-use-after-scope under ASan).
  auto LogWithRoot = [](const std::string &Uri) {
    return nlohmann::json::parse(
        R"({"runs": [{"tool": {"driver": {"name": "pipe-lint"}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": ")" +
        Uri + R"("}}}]})");
  };
  nlohmann::json Out;
  std::string Error;
  ASSERT_TRUE(mergeSarif({LogWithRoot("file:///a/"), LogWithRoot("file:///a/")},
                         Out, Error))
      << Error;
  EXPECT_EQ(Out["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///a/");
  // Different roots: still merged, the first root kept and a note added.
  ASSERT_TRUE(mergeSarif({LogWithRoot("file:///a/"), LogWithRoot("file:///b/")},
                         Out, Error))
      << Error;
  EXPECT_EQ(Out["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///a/");
  EXPECT_NE(Out.dump().find("different checkouts"), std::string::npos);
}

TEST(FuzzFindings, CliRefusesABadBaselineAndBadMergeInput) {
  std::string Dir = makeTempDir("pipelint-fuzz-cli");
  writeFileText(Dir + "/bad.sarif", R"({"runs": [{"results": [7]}]})");
  RunResult R = runCli({"--quiet", "--baseline=" + Dir + "/bad.sarif", Good});
  EXPECT_EQ(R.ExitCode, 2) << R.Err;
  EXPECT_NE(R.Err.find("--baseline: " + Dir +
                       "/bad.sarif: not a SARIF log: runs[0].results[0] has "
                       "the wrong type"),
            std::string::npos)
      << R.Err;
  R = runCli({"merge", "-o", Dir + "/out.sarif", Dir + "/bad.sarif"});
  EXPECT_EQ(R.ExitCode, 2) << R.Err;
  EXPECT_NE(R.Err.find("not a SARIF log"), std::string::npos) << R.Err;
}

TEST(FuzzFindings, FifosAndDevicesAreNotRead) {
  std::string Dir = makeTempDir("pipelint-fuzz-fifo");
  std::string Fifo = Dir + "/pipe.cpp";
  ASSERT_EQ(::mkfifo(Fifo.c_str(), 0600), 0);
  AnalysisOptions Opts;
  Opts.Inputs = {Fifo, "/dev/zero"};
  Opts.FixedArgs = std::vector<std::string>{};
  Plan P = planAnalysis(Opts);
  EXPECT_TRUE(P.Files.empty());
  ASSERT_EQ(P.Rejected.size(), 2u);
  for (const FileReport &R : P.Rejected) {
    EXPECT_EQ(R.Status, FileStatus::Skipped) << R.File;
    ASSERT_EQ(R.Problems.size(), 1u);
    EXPECT_EQ(R.Problems[0], "not a regular file (a device, FIFO or socket), "
                             "not C or C++ source");
  }
}

TEST(FuzzFindings, DatabaseEntryNamingTheWorkingFolderIsRejected) {
  // An entry whose file is "." named the folder pipe-lint runs in; making
  // its path relative to that folder threw std::out_of_range.
  std::string Dir = makeTempDir("pipelint-fuzz-dot");
  writeFileText(Dir + "/a.cpp", "int main() { return 0; }\n");
  writeFileText(Dir + "/compile_commands.json",
                "[{\"directory\": \"" + Dir +
                    "\", \"file\": \".\", \"command\": \"cc .\"},"
                    " {\"directory\": \"" +
                    Dir +
                    "\", \"file\": \"a.cpp\", \"command\": \"c++ a.cpp\"}]");
  RunResult R = runCli({"--quiet", "-p", Dir}, Dir);
  EXPECT_EQ(R.ExitCode, 0) << R.Err;
  EXPECT_NE(R.Err.find("not a regular file"), std::string::npos) << R.Err;
}

TEST(FuzzFindings, XpreprocessorAndWpCannotPassLoadToTheFrontend) {
  std::vector<std::string> Removed;
  std::vector<std::string> Out = stripCodeLoadingArgs(
      {"clang", "-Xpreprocessor", "-load", "-Xpreprocessor", "a.so",
       "-Wp,-load,b.so", "-Xpreprocessor", "-add-plugin", "-Xclang", "p",
       "-Wp,-fplugin=c.so", "-Wp,-MD,deps.d", "-Xpreprocessor", "-P", "f.c"},
      Removed);
  EXPECT_EQ(Out, (std::vector<std::string>{"clang", "-Wp,-MD,deps.d",
                                           "-Xpreprocessor", "-P", "f.c"}));
  EXPECT_EQ(Removed,
            (std::vector<std::string>{
                "-Xpreprocessor -load -Xpreprocessor a.so", "-Wp,-load,b.so",
                "-Xpreprocessor -add-plugin -Xclang p", "-Wp,-fplugin=c.so"}));
}

TEST(FuzzFindings, EmptyWpIsDroppedBeforeClangsDriverSeesIt) {
  // clang 19's driver reads a value that -Wp, does not have (a crash under
  // ASan; clang-tidy-19 itself crashes on `ExtraArgs: ["-Wp,"]`).
  EXPECT_EQ(
      dropArgsClangCrashesOn({"clang", "-Wp,", "-Wp,,",
                              std::string("-Wp,\0x", 6), "-Wp,-MD,d.d",
                              "-Wpedantic", "a.c"}),
      (std::vector<std::string>{"clang", "-Wp,-MD,d.d", "-Wpedantic", "a.c"}));
  // Through the analysis, as .clang-tidy ExtraArgs would bring it.
  std::string Dir = makeTempDir("pipelint-fuzz-wp");
  writeFileText(Dir + "/a.cpp", "int main() { return 0; }\n");
  writeFileText(Dir + "/.clang-tidy", "ExtraArgs: ['-Wp,', '-Wp,,']\n");
  AnalysisOptions Opts;
  Opts.Inputs = {Dir + "/a.cpp"};
  Opts.FixedArgs = std::vector<std::string>{};
  AnalysisResult R = analyze(Opts);
  ASSERT_EQ(R.Files.size(), 1u);
  EXPECT_EQ(R.Files[0].Status, FileStatus::Analyzed);
}

TEST(FuzzFindings, MsvcDefineWithoutANameKeepsTheSourceFile) {
  std::vector<std::string> Dropped;
  EXPECT_EQ(translateMsvcCommand({"cl.exe", "/DA", "/U", "B", "/D"}, "/s/a.cpp",
                                 "/s", Dropped),
            (std::vector<std::string>{"clang++", "-DA", "-UB", "/s/a.cpp"}));
  EXPECT_EQ(translateMsvcCommand({"cl.exe", "/U"}, "/s/a.c", "/s", Dropped),
            (std::vector<std::string>{"clang", "/s/a.c"}));
}

TEST(FuzzFindings, LongForeignPathIsMappedWithoutAQuadraticSearch) {
  // 200000 components: trying every tail of it was quadratic (10^10 steps).
  std::string Root = makeTempDir("pipelint-fuzz-map");
  writeFileText(Root + "/x.cpp", "");
  std::string Long = "C:";
  for (int I = 0; I < 200000; ++I)
    Long += "\\a";
  EXPECT_EQ(mapForeignPath(Long + "\\x.cpp", Root), Root + "/x.cpp");
  EXPECT_EQ(mapForeignPath(Long + "\\y.cpp", Root), "");
}

} // namespace
} // namespace pipelint::test
