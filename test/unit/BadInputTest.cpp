//===--- BadInputTest.cpp - every kind of bad input, as the CLI sees it ---===//
//
// Each case: a clear message naming the input, exit 2 when nothing could be
// analysed, the other files still analysed, and the SARIF still valid (the
// logs are left for the sarif_validation test).
//
//===----------------------------------------------------------------------===//
#include "Run.h"
#include "TestConfig.h"

#include "llvm/Support/FileSystem.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace pipelint::test {
namespace {

const std::string Good =
    PIPELINT_FIXTURE_DIR "/ipc-null-security-attributes/positive.c";

std::string sarifPath(const std::string &Name) {
  llvm::sys::fs::create_directories(PIPELINT_SARIF_OUT_DIR);
  return std::string(PIPELINT_SARIF_OUT_DIR) + "/bad-input-" + Name + ".sarif";
}

/// Runs the CLI on \p Inputs (plus the good Windows fixture when \p WithGood)
/// with SARIF output, and returns the result and the parsed log.
struct Outcome {
  RunResult Run;
  nlohmann::json Log;
};

Outcome analyse(const std::string &Name, std::vector<std::string> Args,
                bool WithGood, const std::string &Cwd = "") {
  // One rule, so that the counts below do not move as rules are added.
  std::vector<std::string> Full = {"--format=sarif", "-o", sarifPath(Name),
                                   "--quiet",
                                   "--checks=-*,ipc-null-security-attributes"};
  Full.insert(Full.end(), Args.begin(), Args.end());
  if (WithGood)
    Full.push_back(Good);
  Outcome O;
  O.Run = runCli(Full, Cwd);
  std::string Text = readFileText(sarifPath(Name));
  O.Log = nlohmann::json::parse(Text, nullptr, false);
  return O;
}

/// The messages of the run's tool execution notifications.
std::string notifications(const nlohmann::json &Log) {
  std::string All;
  if (Log.is_discarded())
    return All;
  for (const auto &N : Log["runs"][0]["invocations"][0].value(
           "toolExecutionNotifications", nlohmann::json::array()))
    All += N["message"]["text"].get<std::string>() + "\n";
  return All;
}

size_t resultCount(const nlohmann::json &Log) {
  return Log.is_discarded() ? 0 : Log["runs"][0]["results"].size();
}

class BadInput : public ::testing::Test {
protected:
  void SetUp() override { Dir = makeTempDir("pipelint-bad"); }
  std::string Dir;
};

TEST_F(BadInput, NonexistentPath) {
  Outcome Alone = analyse("nonexistent-alone", {Dir + "/nope.cpp"}, false);
  EXPECT_EQ(Alone.Run.ExitCode, 2);
  EXPECT_NE(Alone.Run.Err.find("nope.cpp: no such file"), std::string::npos)
      << Alone.Run.Err;
  Outcome Mixed = analyse("nonexistent", {Dir + "/nope.cpp"}, true);
  EXPECT_EQ(Mixed.Run.ExitCode, 1);
  EXPECT_EQ(resultCount(Mixed.Log), 2u);
  EXPECT_NE(notifications(Mixed.Log).find("no such file"), std::string::npos);
}

TEST_F(BadInput, UnreadableFile) {
  // A symlink loop cannot be read, even by root.
  std::string Loop = Dir + "/loop.cpp";
  ASSERT_EQ(::symlink(Loop.c_str(), Loop.c_str()), 0);
  Outcome O = analyse("unreadable", {Loop, "--platform=windows"}, true);
  EXPECT_EQ(O.Run.ExitCode, 1) << O.Run.Err;
  EXPECT_NE(O.Run.Err.find("loop.cpp"), std::string::npos) << O.Run.Err;
  EXPECT_EQ(resultCount(O.Log), 2u);
  if (::geteuid() != 0) {
    std::string Locked = Dir + "/locked.cpp";
    writeFileText(Locked, "int x;\n");
    ::chmod(Locked.c_str(), 0);
    Outcome L = analyse("locked", {Locked}, false);
    EXPECT_EQ(L.Run.ExitCode, 2);
    EXPECT_NE(L.Run.Err.find("cannot be read"), std::string::npos);
  }
}

TEST_F(BadInput, FolderWithoutSources) {
  writeFileText(Dir + "/notes.txt", "nothing to see\n");
  writeFileText(Dir + "/api.h", "int f(void);\n");
  Outcome O = analyse("no-sources", {Dir}, false);
  EXPECT_EQ(O.Run.ExitCode, 2);
  EXPECT_NE(O.Run.Err.find("no C or C++ source files in this folder"),
            std::string::npos)
      << O.Run.Err;
  EXPECT_NE(notifications(O.Log).find("no C or C++ source"), std::string::npos);
}

TEST_F(BadInput, EmptyFile) {
  writeFileText(Dir + "/empty.cpp", "");
  Outcome O =
      analyse("empty", {Dir + "/empty.cpp", "--platform=windows"}, true);
  EXPECT_EQ(O.Run.ExitCode, 1);
  EXPECT_NE(O.Run.Err.find("empty.cpp: empty file"), std::string::npos)
      << O.Run.Err;
  EXPECT_EQ(O.Run.Err.find("skipped"), std::string::npos) << O.Run.Err;
  // An empty translation unit is analysed and has nothing to find: alone,
  // it is a clean run, not an error.
  Outcome Alone = analyse("empty-alone", {Dir + "/empty.cpp"}, false);
  EXPECT_EQ(Alone.Run.ExitCode, 0) << Alone.Run.Err;
  ASSERT_FALSE(Alone.Log.is_discarded());
  EXPECT_TRUE(Alone.Log["runs"][0]["results"].empty());
  EXPECT_NE(notifications(Alone.Log).find("Empty file"), std::string::npos)
      << notifications(Alone.Log);
}

TEST_F(BadInput, BinaryFile) {
  std::string Bin = Dir + "/image.cpp";
  writeFileText(Bin, std::string("\x7f"
                                 "ELF\0\0\0\x01\x02",
                                 10) +
                         std::string(1000, '\0'));
  Outcome O = analyse("binary", {Bin, "--platform=windows"}, true);
  EXPECT_EQ(O.Run.ExitCode, 1);
  EXPECT_NE(O.Run.Err.find("image.cpp: skipped: binary file"),
            std::string::npos)
      << O.Run.Err;
  EXPECT_EQ(resultCount(O.Log), 2u);
}

TEST_F(BadInput, NonUtf8BytesInSourceAndPath) {
  // Latin-1 bytes in a comment, a string and the file name.
  std::string Name = Dir + "/caf\xe9.c";
  writeFileText(Name, "// r\xe9sum\xe9\n#include <windows.h>\n"
                      "const char *s = \"\xe9t\xe9\";\n"
                      "HANDLE f(void) { return CreateNamedPipeA(\"\\\\\\\\.\\\\"
                      "pipe\\\\x\", 3, 0, 1, 0, 0, 0, NULL); }\n");
  Outcome O = analyse("non-utf8", {Name, "--platform=windows"}, false);
  EXPECT_EQ(O.Run.ExitCode, 1) << O.Run.Err;
  ASSERT_FALSE(O.Log.is_discarded()) << "the SARIF is not valid JSON";
  ASSERT_EQ(resultCount(O.Log), 1u);
  std::string Uri = O.Log["runs"][0]["results"][0]["locations"][0]
                         ["physicalLocation"]["artifactLocation"]["uri"];
  EXPECT_NE(Uri.find("caf%E9.c"), std::string::npos) << Uri;
  EXPECT_EQ(Uri.rfind("file:///", 0), 0u) << Uri; // outside the source root
  RunResult Text = runCli(
      {"--platform=windows", Name, "--checks=-*,ipc-null-security-attributes"});
  EXPECT_EQ(Text.ExitCode, 1);
  EXPECT_NE(Text.Out.find("CreateNamedPipeA"), std::string::npos);
}

TEST_F(BadInput, HugeGeneratedSource) {
  // 50 MB: a generated table, as resource compilers write them.
  std::string Big = Dir + "/blob.c";
  {
    std::string Line =
        "0x00,0x01,0x02,0x03,0x04,0x05,0x06,0x07,0x08,0x09,0x0a,0x0b,\n";
    std::string Text = "unsigned char blob[] = {\n";
    Text.reserve(50u << 20);
    while (Text.size() < (50u << 20))
      Text += Line;
    Text += "};\n";
    writeFileText(Big, Text);
  }
  Outcome O = analyse("huge", {Big, "--platform=windows"}, true);
  EXPECT_EQ(O.Run.ExitCode, 1) << O.Run.Err;
  EXPECT_EQ(resultCount(O.Log), 2u);
  llvm::sys::fs::remove(Big);
}

TEST_F(BadInput, DeeplyNestedCode) {
  std::string Deep = Dir + "/deep.c";
  std::string Text = "int f(int x) { return ";
  for (int I = 0; I < 5000; ++I)
    Text += "(";
  Text += "x";
  for (int I = 0; I < 5000; ++I)
    Text += ")";
  Text += "; }\nvoid g(void) ";
  for (int I = 0; I < 3000; ++I)
    Text += "{ ";
  for (int I = 0; I < 3000; ++I)
    Text += "} ";
  writeFileText(Deep, Text + "\n");
  // --no-prefilter: the parser must cope (the pre-filter would skip the
  // file, which names no API).
  Outcome O =
      analyse("deep", {Deep, "--platform=windows", "--no-prefilter"}, true);
  EXPECT_EQ(O.Run.ExitCode, 1) << O.Run.Err;
  EXPECT_NE(O.Run.Err.find("deep.c"), std::string::npos) << O.Run.Err;
  EXPECT_EQ(resultCount(O.Log), 2u);
}

TEST_F(BadInput, CodeThatDoesNotCompileAndMissingHeaders) {
  std::string Broken = Dir + "/broken.cpp";
  // A missing header must not end the translation unit: the defect after it
  // is still found.
  writeFileText(Broken, "#include <windows.h>\n#include \"not/here.h\"\n"
                        "int oops = ;\n"
                        "HANDLE f() { return CreateNamedPipeW(L\"\\\\\\\\.\\\\"
                        "pipe\\\\p\", 3, 0, 1, 0, 0, 0, NULL); }\n");
  Outcome O = analyse("broken", {Broken, "--platform=windows"}, false);
  EXPECT_EQ(O.Run.ExitCode, 1) << O.Run.Err;
  EXPECT_EQ(resultCount(O.Log), 1u);
  EXPECT_NE(O.Run.Err.find("broken.cpp: analysed partially"), std::string::npos)
      << O.Run.Err;
  EXPECT_NE(O.Run.Err.find("'not/here.h' file not found"), std::string::npos)
      << O.Run.Err;
  EXPECT_NE(notifications(O.Log).find("nalysed partially"), std::string::npos)
      << notifications(O.Log);
}

TEST_F(BadInput, MalformedCompileDatabase) {
  writeFileText(Dir + "/compile_commands.json",
                "[\n  {\"directory\": \"/tmp\", \"file\": \"a.c\",\n  oops\n]");
  RunResult R = runCli({"-p", Dir, Good});
  EXPECT_EQ(R.ExitCode, 2);
  EXPECT_NE(R.Err.find(Dir + "/compile_commands.json:3:3: not valid JSON"),
            std::string::npos)
      << R.Err;
}

TEST_F(BadInput, EmptyCompileDatabase) {
  writeFileText(Dir + "/compile_commands.json", "");
  RunResult R = runCli({"-p", Dir});
  EXPECT_EQ(R.ExitCode, 2);
  EXPECT_NE(R.Err.find("compile_commands.json"), std::string::npos) << R.Err;
  writeFileText(Dir + "/compile_commands.json", "[]");
  RunResult Empty = runCli({"-p", Dir});
  EXPECT_EQ(Empty.ExitCode, 2);
  EXPECT_NE(Empty.Err.find("has no entries"), std::string::npos) << Empty.Err;
}

TEST_F(BadInput, DatabaseEntryWhoseFileIsGone) {
  writeFileText(Dir + "/kept.c", "int kept;\n");
  writeFileText(Dir + "/compile_commands.json",
                "[{\"directory\": \"" + Dir +
                    "\", \"file\": \"gone.c\", \"command\": \"cc -c gone.c\"},"
                    "{\"directory\": \"" +
                    Dir +
                    "\", \"file\": \"kept.c\", \"command\": \"cc -c kept.c\"},"
                    "{\"directory\": \"" +
                    Dir +
                    "\", \"file\": \"kept.c\", \"command\": \"cc -c kept.c\"},"
                    "{\"file\": \"odd.c\"}]");
  Outcome O = analyse("db-gone", {"-p", Dir}, false);
  EXPECT_EQ(O.Run.ExitCode, 0) << O.Run.Err;
  EXPECT_NE(O.Run.Err.find("gone.c: listed in"), std::string::npos)
      << O.Run.Err;
  EXPECT_NE(O.Run.Err.find("entry 3"), std::string::npos) << O.Run.Err;
  // kept.c is listed twice and analysed once.
  RunResult Text = runCli({"--quiet", "-p", Dir});
  EXPECT_NE(Text.Out.find("(1 file analysed, 1 failed)"), std::string::npos)
      << Text.Out;
}

TEST_F(BadInput, MalformedClangTidyConfig) {
  writeFileText(Dir + "/.clang-tidy", "Checks: [unterminated\n  : :\n");
  writeFileText(Dir + "/a.c", "int a;\n");
  RunResult R = runCli({Dir + "/a.c", "--"});
  EXPECT_NE(R.ExitCode, 2) << R.Err; // the file is still analysed
  EXPECT_NE(R.Err.find(".clang-tidy"), std::string::npos) << R.Err;
}

TEST_F(BadInput, ExcludedAndDuplicateInputs) {
  writeFileText(Dir + "/a.c", "int a;\n");
  writeFileText(Dir + "/b_test.c", "int b;\n");
  ::symlink((Dir + "/a.c").c_str(), (Dir + "/alias.c").c_str());
  RunResult R =
      runCli({"--quiet", Dir, Dir + "/a.c", "--exclude=*_test.c", "--"});
  EXPECT_EQ(R.ExitCode, 0) << R.Err;
  // a.c three ways (folder, explicit, symlink) is one file; b_test.c excluded.
  EXPECT_NE(R.Out.find("(1 file analysed, 0 failed)"), std::string::npos)
      << R.Out;
  RunResult BadGlob = runCli({"--exclude=[", Dir + "/a.c"});
  EXPECT_EQ(BadGlob.ExitCode, 2);
}

TEST_F(BadInput, TimeoutTurnsAHangIntoANotification) {
  // Constant evaluation with the step limit lifted: minutes of work.
  std::string Slow = Dir + "/slow.cpp";
  writeFileText(Slow, "constexpr long spin() { long x = 0;\n"
                      "  for (long i = 0; i < (1L << 40); ++i) x += i;\n"
                      "  return x; }\nstatic_assert(spin() != 1, \"\");\n");
  // --no-prefilter: the file names no API, so the pre-filter would skip it.
  Outcome O = analyse("timeout",
                      {"--timeout-per-file=2", "--no-prefilter", Slow, "--",
                       "-fconstexpr-steps=2147483647"},
                      false);
  EXPECT_EQ(O.Run.ExitCode, 2);
  EXPECT_NE(O.Run.Err.find("slow.cpp: timed out after 2 s"), std::string::npos)
      << O.Run.Err;
  EXPECT_NE(notifications(O.Log).find("timed out"), std::string::npos);
}

} // namespace
} // namespace pipelint::test
