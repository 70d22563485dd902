//===--- CliConfigTest.cpp - configuration, levels, colours, --fix --------===//
#include "Run.h"
#include "TestConfig.h"

#include "llvm/Support/FileSystem.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pipelint::test {
namespace {

const std::string RemoteClients =
    PIPELINT_FIXTURE_DIR "/ipc-pipe-remote-clients/positive.cpp";

TEST(DumpConfig, ShowsOptionsAndReproducesTheRun) {
  // A project that configures a rule option and disables one rule.
  std::string A = makeTempDir("pipelint-config-a");
  writeFileText(A + "/.clang-tidy",
                "Checks: '-*,bugprone-*,-ipc-pipe-remote-clients'\n"
                "CheckOptions:\n"
                "  ipc-unbounded-retry-loop.IpcFunctions: 'my_connect'\n");
  std::string Source =
      "bool my_connect(const char *name);\n"
      "void f() { for (;;) { if (my_connect(\"svc\")) break; } }\n";
  writeFileText(A + "/client.cpp", Source);
  RunResult Dump = runCli({"--dump-config", A + "/client.cpp"});
  ASSERT_EQ(Dump.ExitCode, 0) << Dump.Err;
  EXPECT_NE(Dump.Out.find("ipc-unbounded-retry-loop.IpcFunctions"),
            std::string::npos)
      << Dump.Out;
  EXPECT_NE(Dump.Out.find("my_connect"), std::string::npos) << Dump.Out;
  EXPECT_NE(Dump.Out.find("-ipc-pipe-remote-clients"), std::string::npos)
      << Dump.Out;
  // Options of other rules are listed with their values too.
  EXPECT_NE(Dump.Out.find("ipc-leaked-pipe-object.PipeObjectTypes"),
            std::string::npos)
      << Dump.Out;

  // The dumped text, saved as another project's .clang-tidy, gives the
  // same findings.
  std::string B = makeTempDir("pipelint-config-b");
  writeFileText(B + "/.clang-tidy", Dump.Out);
  writeFileText(B + "/client.cpp", Source);
  RunResult RunA =
      runCli({"--quiet", "--format=json", A + "/client.cpp", "--"});
  RunResult RunB =
      runCli({"--quiet", "--format=json", B + "/client.cpp", "--"});
  ASSERT_EQ(RunA.ExitCode, 1) << RunA.Out << RunA.Err;
  EXPECT_EQ(RunA.ExitCode, RunB.ExitCode);
  auto Strip = [](const std::string &Json) {
    auto J = nlohmann::json::parse(Json);
    for (auto &F : J) { // different folders
      F.erase("file");
      for (auto &N : F["notes"])
        N.erase("file");
    }
    return J.dump();
  };
  EXPECT_EQ(Strip(RunA.Out), Strip(RunB.Out));
  EXPECT_NE(RunA.Out.find("ipc-unbounded-retry-loop"), std::string::npos);
}

TEST(LevelOverride, ChangesTextSarifAndTheExitCode) {
  std::string Sarif = std::string(PIPELINT_SARIF_OUT_DIR) + "/cli-level.sarif";
  llvm::sys::fs::create_directories(PIPELINT_SARIF_OUT_DIR);
  RunResult R = runCli({"--quiet", "--platform=windows",
                        "--checks=-*,ipc-pipe-remote-clients", "--level",
                        "ipc-pipe-remote-clients=note", RemoteClients});
  EXPECT_EQ(R.ExitCode, 0) << R.Out; // notes are below --fail-on=warning
  EXPECT_NE(R.Out.find(": note: 'CreateNamedPipe"), std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find(": warning:"), std::string::npos) << R.Out;
  RunResult S = runCli({"--quiet", "--platform=windows",
                        "--checks=-*,ipc-pipe-remote-clients", "--level",
                        "ipc-pipe-remote-clients=error", "--format=sarif", "-o",
                        Sarif, RemoteClients});
  EXPECT_EQ(S.ExitCode, 1);
  auto Log = nlohmann::json::parse(readFileText(Sarif));
  const auto &Run = Log["runs"][0];
  EXPECT_EQ(Run["results"][0]["level"], "error");
  const auto &Override = Run["invocations"][0]["ruleConfigurationOverrides"][0];
  EXPECT_EQ(Override["descriptor"]["id"], "ipc-pipe-remote-clients");
  EXPECT_EQ(Override["configuration"]["level"], "error");
  EXPECT_EQ(runCli({"--level", "ipc-nope=note", RemoteClients}).ExitCode, 2);
  EXPECT_EQ(runCli({"--level", "ipc-pipe-remote-clients=loud", RemoteClients})
                .ExitCode,
            2);
}

TEST(WarningsAsErrors, FromClangTidyConfigMakesErrors) {
  std::string Dir = makeTempDir("pipelint-wae");
  writeFileText(Dir + "/.clang-tidy",
                "WarningsAsErrors: 'ipc-world-accessible'\n");
  writeFileText(Dir + "/fifo.c", "#include <sys/stat.h>\n"
                                 "int f(void) { return mkfifo(\"/tmp/q\", "
                                 "0666); }\n");
  RunResult R = runCli({"--quiet", Dir + "/fifo.c", "--"});
  EXPECT_EQ(R.ExitCode, 1);
  EXPECT_NE(R.Out.find(": error: "), std::string::npos) << R.Out;
  EXPECT_NE(R.Out.find("[ipc-world-accessible]"), std::string::npos) << R.Out;
}

TEST(Color, AlwaysNeverAndAuto) {
  std::vector<std::string> Args = {"--quiet", "--platform=windows",
                                   "--checks=-*,ipc-pipe-remote-clients",
                                   RemoteClients};
  std::vector<std::string> Always = Args, Never = Args;
  Always.push_back("--color=always");
  Never.push_back("--color=never");
  RunResult A = runCli(Always), N = runCli(Never), Auto = runCli(Args);
  EXPECT_NE(A.Out.find("\x1b[1;35mwarning: "), std::string::npos) << A.Out;
  EXPECT_EQ(N.Out.find('\x1b'), std::string::npos);
  // Not a terminal: auto means no colour.
  EXPECT_EQ(Auto.Out.find('\x1b'), std::string::npos);
  EXPECT_EQ(runCli({"--color=sometimes", RemoteClients}).ExitCode, 2);
}

TEST(Fix, FixedSourceCompilesAndIsClean) {
  std::string Dir = makeTempDir("pipelint-fix");
  std::string Copy = Dir + "/server.cpp";
  writeFileText(Copy, readFileText(RemoteClients));
  std::vector<std::string> Run = {"--quiet", "--platform=windows",
                                  "--checks=-*,ipc-pipe-remote-clients",
                                  "--format=json", Copy};
  // Findings with and without a fix-it, before.
  auto Tally = [&](size_t &All, size_t &Fixable) {
    RunResult R = runCli(Run);
    auto J = nlohmann::json::parse(R.Out);
    All = J.size();
    Fixable = 0;
    for (const auto &F : J)
      Fixable += !F["fixes"].empty();
  };
  size_t All = 0, Fixable = 0;
  Tally(All, Fixable);
  ASSERT_GT(Fixable, 0u);

  std::vector<std::string> Fixing = Run;
  Fixing.push_back("--fix");
  RunResult Fixed = runCli(Fixing);
  EXPECT_NE(Fixed.Err.find("pipe-lint: applied "), std::string::npos)
      << Fixed.Err;
  EXPECT_NE(readFileText(Copy), readFileText(RemoteClients));

  // It still compiles (for the Windows target, as the fixture does)...
  RunResult Compile =
      runProgram(PIPELINT_CLANG,
                 {"-fsyntax-only", "--target=x86_64-w64-mingw32", "-DUNICODE",
                  "-D_UNICODE", "-I" PIPELINT_FIXTURE_DIR "/include", Copy});
  EXPECT_EQ(Compile.ExitCode, 0) << Compile.Out << Compile.Err;
  // ...and every fixable finding is gone; none was added.
  size_t AllAfter = 0, FixableAfter = 0;
  Tally(AllAfter, FixableAfter);
  EXPECT_EQ(FixableAfter, 0u);
  EXPECT_EQ(AllAfter, All - Fixable);
  // Nothing but the analysed source was written.
  std::error_code EC;
  unsigned Entries = 0;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    ++Entries;
  EXPECT_EQ(Entries, 1u);
}

} // namespace
} // namespace pipelint::test

namespace pipelint::test {
namespace {

TEST(HeaderFilter, FromClangTidyConfigInBothHosts) {
  std::string Dir = makeTempDir("pipelint-headers");
  writeFileText(Dir + "/fifo.h", "#include <sys/stat.h>\n"
                                 "static inline int make(void) {\n"
                                 "  return mkfifo(\"/tmp/q\", 0666);\n}\n");
  writeFileText(Dir + "/main.c", "#include \"fifo.h\"\n"
                                 "int main(void) { return make(); }\n");
  // Default: findings in headers are not reported (as clang-tidy).
  RunResult Quiet = runCli({"--quiet", "--format=json", Dir + "/main.c", "--"});
  EXPECT_EQ(Quiet.ExitCode, 0) << Quiet.Out << Quiet.Err;
  // HeaderFilterRegex in .clang-tidy: the header's finding is reported by
  // the CLI and by clang-tidy with the module. (Run from the project's
  // folder: clang-tidy 19's engine applies a .clang-tidy's
  // HeaderFilterRegex reliably only then; docs/usage.md says so.)
  writeFileText(Dir + "/.clang-tidy", "HeaderFilterRegex: '.*fifo\\.h'\n");
  RunResult Cli =
      runCli({"--quiet", "--format=json", Dir + "/main.c", "--"}, Dir);
  EXPECT_EQ(Cli.ExitCode, 1) << Cli.Out << Cli.Err;
  auto J = nlohmann::json::parse(Cli.Out);
  ASSERT_EQ(J.size(), 1u);
  EXPECT_EQ(J[0]["rule"], "ipc-world-accessible");
  EXPECT_NE(J[0]["file"].get<std::string>().find("fifo.h"), std::string::npos);
  RunResult Plugin = runProgram(PIPELINT_CLANG_TIDY,
                                {"--load=" PIPELINT_PLUGIN_PATH,
                                 "--checks=-*,ipc-*", Dir + "/main.c", "--"},
                                Dir);
  EXPECT_NE(Plugin.Out.find("fifo.h:3:"), std::string::npos)
      << Plugin.Out << Plugin.Err;
}

} // namespace
} // namespace pipelint::test
