//===--- CliTest.cpp - the pipe-lint command line, as users run it --------===//
#include "Run.h"
#include "TestConfig.h"

#include "llvm/Support/FileSystem.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pipelint::test {
namespace {

const std::string NullSaC =
    PIPELINT_FIXTURE_DIR "/ipc-null-security-attributes/positive.c";
// The counts below are for this one rule, whatever other rules say.
const std::string OnlyNullSa = "--checks=-*,ipc-null-security-attributes";
const std::string Clean =
    PIPELINT_SOURCE_DIR "/examples/windows/fixed/pipe-client.cpp";

std::string sarifOut(const std::string &Name) {
  llvm::sys::fs::create_directories(PIPELINT_SARIF_OUT_DIR);
  return std::string(PIPELINT_SARIF_OUT_DIR) + "/cli-" + Name + ".sarif";
}

TEST(Cli, MissingInputIsAnErrorNamingIt) {
  RunResult R = runCli({"does-not-exist.cpp"});
  EXPECT_EQ(R.ExitCode, 2);
  EXPECT_NE(R.Err.find("does-not-exist.cpp"), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("no such file"), std::string::npos) << R.Err;
}

TEST(Cli, MissingInputBesideGoodOnesIsReportedAndTheRestAnalysed) {
  std::string Out = sarifOut("missing-input");
  RunResult R = runCli({OnlyNullSa, "--platform=windows", "--format=sarif",
                        "-o", Out, NullSaC, "gone.c"});
  EXPECT_EQ(R.ExitCode, 1) << R.Err; // the good file has findings
  EXPECT_NE(R.Err.find("gone.c"), std::string::npos) << R.Err;
  auto Log = nlohmann::json::parse(readFileText(Out));
  const auto &Run = Log["runs"][0];
  EXPECT_EQ(Run["results"].size(), 2u);
  EXPECT_FALSE(Run["invocations"][0]["executionSuccessful"].get<bool>());
  std::string Note =
      Run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"];
  EXPECT_NE(Note.find("no such file"), std::string::npos) << Note;
}

TEST(Cli, FindingsGiveExitOneAndClangStyleText) {
  RunResult R = runCli({OnlyNullSa, "--platform=windows", NullSaC});
  EXPECT_EQ(R.ExitCode, 1);
  // file:line:col: warning: message [rule], then the line and a caret.
  EXPECT_NE(R.Out.find("positive.c:8:36: warning: 'CreateNamedPipeA' creates a "
                       "named pipe with NULL security attributes"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("[ipc-null-security-attributes]\n    8 |"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("^~~~"), std::string::npos) << R.Out;
  // The note of the second finding points at the NULL descriptor.
  EXPECT_NE(R.Out.find("positive.c:13:28: note: lpSecurityDescriptor is set "
                       "to NULL here"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("2 warnings in 1 file (1 file analysed, 0 failed)"),
            std::string::npos)
      << R.Out;
}

TEST(Cli, FailOnDecidesTheExitCode) {
  EXPECT_EQ(
      runCli({OnlyNullSa, "--platform=windows", "--fail-on=error", NullSaC})
          .ExitCode,
      0);
  EXPECT_EQ(
      runCli({OnlyNullSa, "--platform=windows", "--fail-on=none", NullSaC})
          .ExitCode,
      0);
  EXPECT_EQ(
      runCli({OnlyNullSa, "--platform=windows", "--fail-on=note", NullSaC})
          .ExitCode,
      1);
  EXPECT_EQ(runCli({"--fail-on=sometimes", NullSaC}).ExitCode, 2);
}

TEST(Cli, CleanCodeGivesExitZero) {
  RunResult R = runCli({OnlyNullSa, "--platform=windows", Clean});
  EXPECT_EQ(R.ExitCode, 0) << R.Out << R.Err;
  EXPECT_NE(R.Out.find("no findings (1 file analysed, 0 failed)"),
            std::string::npos)
      << R.Out;
}

TEST(Cli, SarifGoesToTheOutputFileOnly) {
  std::string Out = sarifOut("null-sa");
  RunResult R =
      runCli({OnlyNullSa, "--platform=windows", "--format=sarif", "-o", Out,
              "--source-root", PIPELINT_SOURCE_DIR, NullSaC});
  EXPECT_EQ(R.ExitCode, 1);
  EXPECT_EQ(R.Out, "");
  auto Log = nlohmann::json::parse(readFileText(Out));
  EXPECT_EQ(Log["version"], "2.1.0");
  const auto &Run = Log["runs"][0];
  EXPECT_EQ(Run["tool"]["driver"]["name"], "pipe-lint");
  const auto &Result = Run["results"][0];
  EXPECT_EQ(Result["ruleId"], "ipc-null-security-attributes");
  EXPECT_EQ(Result["level"], "warning");
  const auto &Loc = Result["locations"][0]["physicalLocation"];
  EXPECT_EQ(Loc["artifactLocation"]["uri"],
            "test/fixtures/ipc-null-security-attributes/positive.c");
  EXPECT_EQ(Loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(Loc["region"]["startLine"], 8);
  EXPECT_EQ(Loc["region"]["startColumn"], 36);
  const auto &Rule =
      Run["tool"]["driver"]["rules"][Result["ruleIndex"].get<int>()];
  EXPECT_EQ(Rule["id"], "ipc-null-security-attributes");
  EXPECT_EQ(Rule["defaultConfiguration"]["level"], "warning");
  auto Tags = Rule["properties"]["tags"];
  EXPECT_NE(std::find(Tags.begin(), Tags.end(), "external/cwe/cwe-732"),
            Tags.end());
  EXPECT_TRUE(Rule["help"]["markdown"].get<std::string>().find(
                  "# ipc-null-security-attributes") != std::string::npos);
}

TEST(Cli, ExplainPrintsTheRulePage) {
  RunResult R = runCli({"--explain", "ipc-null-security-attributes"});
  EXPECT_EQ(R.ExitCode, 0);
  EXPECT_EQ(R.Out.rfind("# ipc-null-security-attributes", 0), 0u) << R.Out;
  EXPECT_NE(R.Out.find("## What is not flagged"), std::string::npos);
  RunResult Bad = runCli({"--explain", "ipc-nonsense"});
  EXPECT_EQ(Bad.ExitCode, 2);
  EXPECT_NE(Bad.Err.find("unknown rule 'ipc-nonsense'"), std::string::npos);
}

TEST(Cli, ListChecksShowsLevelAndCwe) {
  RunResult R = runCli({"--list-checks"});
  EXPECT_EQ(R.ExitCode, 0);
  EXPECT_NE(R.Out.find("ipc-null-security-attributes  (warning, CWE-732, "
                       "CWE-276)"),
            std::string::npos)
      << R.Out;
  RunResult None = runCli({"--list-checks", "--checks=-ipc-*"});
  EXPECT_EQ(None.Out.find("ipc-null-security-attributes"), std::string::npos);
}

TEST(Cli, ChecksGlobThatMatchesNothingIsAnError) {
  RunResult R = runCli({"--checks=-ipc-*", NullSaC});
  EXPECT_EQ(R.ExitCode, 2);
  EXPECT_NE(R.Err.find("enables no rule"), std::string::npos) << R.Err;
}

TEST(Cli, PrintPluginPathGivesTheModule) {
  RunResult R = runCli({"--print-plugin-path"});
  EXPECT_EQ(R.ExitCode, 0);
  std::string Path = R.Out.substr(0, R.Out.find('\n'));
  EXPECT_EQ(Path, PIPELINT_PLUGIN_PATH);
  EXPECT_TRUE(llvm::sys::fs::exists(Path));
}

TEST(Cli, UsageErrors) {
  EXPECT_EQ(runCli({}).ExitCode, 2);
  EXPECT_EQ(runCli({"--no-such-option", NullSaC}).ExitCode, 2);
  EXPECT_EQ(runCli({"--format=xml", NullSaC}).ExitCode, 2);
  EXPECT_EQ(runCli({"--platform=amiga", NullSaC}).ExitCode, 2);
  RunResult R = runCli({"-o", "/nonexistent-folder/x.sarif", NullSaC});
  EXPECT_EQ(R.ExitCode, 2);
  EXPECT_NE(R.Err.find("/nonexistent-folder"), std::string::npos) << R.Err;
  RunResult V = runCli({"--version"});
  EXPECT_EQ(V.ExitCode, 0);
  EXPECT_NE(V.Out.find("pipe-lint "), std::string::npos);
  RunResult H = runCli({"--help"});
  EXPECT_EQ(H.ExitCode, 0);
  EXPECT_NE(H.Out.find("--platform"), std::string::npos);
  EXPECT_NE(H.Out.find("Exit status"), std::string::npos);
}

/// A project whose file compiles only with the define its database gives.
/// It names no API, so the tests parse it with --no-prefilter.
struct Project {
  std::string Dir;
  Project() {
    Dir = makeTempDir("pipelint-project");
    llvm::sys::fs::create_directories(Dir + "/src");
    llvm::sys::fs::create_directories(Dir + "/build");
    writeFileText(Dir + "/src/a.cpp", "#ifndef FROM_DB\n#error no database\n"
                                      "#endif\nint main() { return 0; }\n");
    writeFileText(Dir + "/build/compile_commands.json",
                  "[{\"directory\": \"" + Dir +
                      "\", \"file\": \"src/a.cpp\", "
                      "\"command\": \"c++ -DFROM_DB -c src/a.cpp\"}]");
  }
};

TEST(Cli, CompileDatabaseFromDashP) {
  Project P;
  RunResult R =
      runCli({"--no-prefilter", "-p", P.Dir + "/build", P.Dir + "/src/a.cpp"});
  EXPECT_EQ(R.ExitCode, 0) << R.Out << R.Err;
  EXPECT_EQ(R.Err.find("partially"), std::string::npos) << R.Err;
}

TEST(Cli, CompileDatabaseFoundUpwards) {
  Project P;
  // compile_commands.json in the project root, found from src/a.cpp.
  writeFileText(P.Dir + "/compile_commands.json",
                readFileText(P.Dir + "/build/compile_commands.json"));
  RunResult R = runCli({"--no-prefilter", P.Dir + "/src/a.cpp"});
  EXPECT_EQ(R.ExitCode, 0) << R.Out << R.Err;
  EXPECT_EQ(R.Err.find("partially"), std::string::npos) << R.Err;
}

TEST(Cli, ArgumentsAfterDashDashReplaceTheDatabase) {
  Project P;
  RunResult Without = runCli({"--no-prefilter", P.Dir + "/src/a.cpp", "--"});
  EXPECT_NE(Without.Err.find("no database"), std::string::npos) << Without.Err;
  RunResult With =
      runCli({"--no-prefilter", P.Dir + "/src/a.cpp", "--", "-DFROM_DB"});
  EXPECT_EQ(With.ExitCode, 0) << With.Err;
  EXPECT_EQ(With.Err.find("partially"), std::string::npos) << With.Err;
}

TEST(Cli, WindowsPlatformWithoutHeadersNamesThePackage) {
  RunResult R = runCliWithEnv({"--platform=windows", NullSaC},
                              {"PIPELINT_MINGW_INCLUDE=/nonexistent-mingw"});
  EXPECT_EQ(R.ExitCode, 2);
  EXPECT_NE(R.Err.find("apt-get install g++-mingw-w64-x86-64-win32"),
            std::string::npos)
      << R.Err;
}

TEST(Cli, BadDashPIsAnError) {
  std::string Dir = makeTempDir("pipelint-nodb");
  RunResult R = runCli({"-p", Dir, NullSaC});
  EXPECT_EQ(R.ExitCode, 2);
  EXPECT_NE(R.Err.find(Dir), std::string::npos) << R.Err;
}

} // namespace
} // namespace pipelint::test

namespace pipelint::test {
namespace {

TEST(Cli, AuditOfACheckoutElsewhereIsTitledAndPathedAfterIt) {
  // An unpacked archive (no .git) audited by its sub-folder from another
  // folder: the review names the checkout, and paths are relative to it.
  std::string Top = makeTempDir("pipelint-elsewhere") + "/fifo-app";
  llvm::sys::fs::create_directories(Top + "/src/server");
  writeFileText(Top + "/COPYING", "licence\n");
  writeFileText(Top + "/src/server/fifo.c",
                "#include <sys/stat.h>\n"
                "int make(void) { return mkfifo(\"/tmp/app\", 0666); }\n");
  std::string Out = makeTempDir("pipelint-report") + "/review.md";
  RunResult R = runCli({Top + "/src/server", "--format=markdown", "-o", Out},
                       makeTempDir("pipelint-cwd"));
  EXPECT_EQ(R.ExitCode, 1) << R.Err;
  std::string Md = readFileText(Out);
  EXPECT_NE(Md.find("# IPC security review of `fifo-app`"), std::string::npos)
      << Md.substr(0, 200);
  EXPECT_NE(Md.find("src/server/fifo.c"), std::string::npos);
  EXPECT_EQ(Md.find(Top), std::string::npos) << "absolute paths in the review";
}

} // namespace
} // namespace pipelint::test
