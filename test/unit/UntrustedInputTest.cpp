//===--- UntrustedInputTest.cpp - compile arguments that try to load code
//--===//
//
// pipe-lint runs on pull requests from strangers: a committed database or
// .clang-tidy must not make it load a shared object. The test builds a real
// one that leaves a marker file when loaded and checks that it never is, and
// that the arguments are removed with a notice (and kept with
// --allow-plugins). Clang's tooling layer does not act on -load by itself
// today; the removal keeps it so if that ever changes.
//
//===----------------------------------------------------------------------===//
#include "Run.h"
#include "TestConfig.h"
#include "driver/CommandLine.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include <gtest/gtest.h>

namespace pipelint::test {
namespace {

TEST(StripCodeLoadingArgs, RemovesEveryForm) {
  std::vector<std::string> Removed;
  std::vector<std::string> Out = stripCodeLoadingArgs({"clang",
                                                       "-DX",
                                                       "-fplugin=a.so",
                                                       "-fpass-plugin=b.so",
                                                       "-fplugin-arg-a-k=v",
                                                       "-Xclang",
                                                       "-load",
                                                       "-Xclang",
                                                       "c.so",
                                                       "-Xclang",
                                                       "-plugin",
                                                       "-Xclang",
                                                       "p",
                                                       "-Xclang",
                                                       "-add-plugin",
                                                       "-Xclang",
                                                       "q",
                                                       "-Xclang=-load",
                                                       "-Xclang=d.so",
                                                       "-load",
                                                       "e.so",
                                                       "--config=x.cfg",
                                                       "--config",
                                                       "y.cfg",
                                                       "-Xclang",
                                                       "-ast-dump",
                                                       "-Ifoo",
                                                       "f.c"},
                                                      Removed);
  EXPECT_EQ(Out, (std::vector<std::string>{"clang", "-DX", "-Xclang",
                                           "-ast-dump", "-Ifoo", "f.c"}));
  EXPECT_EQ(Removed.size(), 10u);
}

TEST(StripCodeLoadingArgs, KeepsOrdinaryArguments) {
  std::vector<std::string> Removed;
  std::vector<std::string> Args = {
      "clang++", "-std=c++17", "-Iinclude", "-fPIC", "-Wall", "-c", "a.cpp"};
  EXPECT_EQ(stripCodeLoadingArgs(Args, Removed), Args);
  EXPECT_TRUE(Removed.empty());
}

class UntrustedProject : public ::testing::Test {
protected:
  void SetUp() override {
    auto CC = llvm::sys::findProgramByName("cc");
    if (!CC)
      GTEST_SKIP() << "no C compiler to build the test plugin";
    Dir = makeTempDir("pipelint-untrusted");
    Marker = Dir + "/LOADED";
    writeFileText(Dir + "/evil.c",
                  "#include <stdio.h>\n"
                  "__attribute__((constructor)) static void run(void) {\n"
                  "  FILE *f = fopen(\"" +
                      Marker +
                      "\", \"w\");\n"
                      "  if (f) fclose(f);\n}\n");
    RunResult Build = runProgram(
        *CC, {"-shared", "-fPIC", "-o", Dir + "/evil.so", Dir + "/evil.c"});
    ASSERT_EQ(Build.ExitCode, 0) << Build.Err;
    writeFileText(Dir + "/a.cpp", "int main() { return 0; }\n");
  }
  std::string Dir, Marker;
};

TEST_F(UntrustedProject, CompileDatabaseCannotLoadCode) {
  writeFileText(Dir + "/compile_commands.json",
                "[{\"directory\": \"" + Dir +
                    "\", \"file\": \"a.cpp\", \"arguments\": [\"c++\", "
                    "\"-fplugin=" +
                    Dir +
                    "/evil.so\", \"-Xclang\", \"-load\", "
                    "\"-Xclang\", \"" +
                    Dir + "/evil.so\", \"-c\", \"a.cpp\"]}]");
  RunResult R = runCli({"--quiet", "-p", Dir});
  EXPECT_EQ(R.ExitCode, 0) << R.Err;
  EXPECT_FALSE(llvm::sys::fs::exists(Marker)) << "the plugin was loaded";
  EXPECT_NE(R.Err.find("a.cpp: compiler arguments that load code were "
                       "removed: -fplugin="),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("--allow-plugins"), std::string::npos);

  // With --allow-plugins the arguments are kept: no notice.
  RunResult Allowed = runCli({"--quiet", "--allow-plugins", "-p", Dir});
  EXPECT_EQ(Allowed.Err.find("were removed"), std::string::npos) << Allowed.Err;
}

TEST_F(UntrustedProject, ClangTidyConfigCannotLoadCode) {
  writeFileText(Dir + "/.clang-tidy",
                "ExtraArgs: ['-Xclang', '-load', '-Xclang', '" + Dir +
                    "/evil.so']\nExtraArgsBefore: ['-fpass-plugin=" + Dir +
                    "/evil.so']\n");
  RunResult R = runCli({"--quiet", Dir + "/a.cpp", "--"});
  EXPECT_EQ(R.ExitCode, 0) << R.Err;
  EXPECT_FALSE(llvm::sys::fs::exists(Marker)) << "the plugin was loaded";
  EXPECT_NE(R.Err.find("-Xclang -load -Xclang"), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("-fpass-plugin="), std::string::npos) << R.Err;
}

} // namespace
} // namespace pipelint::test
