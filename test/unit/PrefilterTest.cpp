//===--- PrefilterTest.cpp - what the pre-filter skips and what it parses -===//
//
// Decisions on small projects written to a temporary folder, with the real
// system headers: every way a name can reach the code (the main file, a
// project header, a macro of a system header, the command line) makes the
// file parsed; names in comments, strings and member calls do not.
//
//===----------------------------------------------------------------------===//
#include "Run.h"
#include "TestConfig.h"

#include "driver/Analyzer.h"
#include "driver/Platform.h"
#include "driver/Prefilter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

namespace pipelint::test {
namespace {

class Prefilter : public ::testing::Test {
protected:
  void SetUp() override { Dir = makeTempDir("pipelint-prefilter"); }

  /// Writes \p Main as main.cpp (or \p Name) and asks the pre-filter.
  PrefilterDecision decide(const std::string &Main,
                           std::vector<std::string> Args = {},
                           bool Windows = false,
                           const std::string &Name = "main.cpp") {
    writeFileText(Dir + "/" + Name, Main);
    std::vector<std::string> Command = {
        "clang++", "-fsyntax-only", "-resource-dir=" + defaultResourceDir()};
    Command.insert(Command.end(), Args.begin(), Args.end());
    Command.push_back(Name);
    if (Windows)
      Command = adjustForPlatform(Command, Platform::Windows);
    Request.File = Dir + "/" + Name;
    Request.Directory = Dir;
    Request.Arguments = Command;
    return prefilter(Request);
  }

  void header(const std::string &Name, const std::string &Text) {
    std::string Path = Dir + "/" + Name;
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path));
    writeFileText(Path, Text);
  }

  std::string Dir;
  PrefilterRequest Request;
};

#define EXPECT_PARSED(D, Why)                                                  \
  do {                                                                         \
    PrefilterDecision Decision = (D);                                          \
    EXPECT_TRUE(Decision.Parse) << "skipped: " << Decision.Reason;             \
    EXPECT_NE(Decision.Reason.find(Why), std::string::npos)                    \
        << Decision.Reason;                                                    \
  } while (0)
#define EXPECT_SKIPPED(D)                                                      \
  do {                                                                         \
    PrefilterDecision Decision = (D);                                          \
    EXPECT_FALSE(Decision.Parse) << "parsed: " << Decision.Reason;             \
  } while (0)

TEST_F(Prefilter, PlainCodeIsSkipped) {
  EXPECT_SKIPPED(
      decide("#include <vector>\n#include <string>\n"
             "std::vector<std::string> names() { return {\"a\"}; }\n"));
}

TEST_F(Prefilter, NamesInCommentsAndStringsDoNotCount) {
  EXPECT_SKIPPED(decide("// CreateNamedPipeW(...)\n/* mkfifo */\n"
                        "const char *s = \"CreateNamedPipeW\";\n"
                        "const char *r = R\"x(shm_open \")x\";\n"
                        "const wchar_t *w = L\"mkfifo\"; char c = 'o';\n"));
}

TEST_F(Prefilter, AnApiNameInTheMainFileIsParsed) {
  EXPECT_PARSED(decide("int f() { return mkfifo(\"/tmp/p\", 0); }\n"),
                "'mkfifo' (main.cpp)");
  // A line splice inside the name.
  EXPECT_PARSED(decide("void *p = (void *)&Create\\\nNamedPipeW;\n"),
                "'CreateNamedPipeW'");
}

TEST_F(Prefilter, MembersAndStdFunctionsNamedLikeCFunctionsAreSkipped) {
  EXPECT_SKIPPED(decide("#include <fstream>\n"
                        "void f(std::ifstream &a, std::ofstream *b) {\n"
                        "  a.open(\"x\");\n  b->open(\"y\");\n}\n"));
  EXPECT_SKIPPED(
      decide("#include <functional>\nint add(int, int);\n"
             "auto inc = std::bind(add, 1, std::placeholders::_1);\n"));
  EXPECT_PARSED(decide("int open(const char *, int, ...);\n"
                       "int f() { return ::open(\"x\", 0); }\n"),
                "'open'");
}

TEST_F(Prefilter, ProjectHeadersAreReadWhole) {
  header("inc/ipc.h", "#pragma once\ninline void *mk() {\n"
                      "  return (void *)&shm_open; }\n");
  header("quoted.h", "#include \"inc/ipc.h\"\n");
  EXPECT_PARSED(decide("#include \"quoted.h\"\nint main() { mk(); }\n"),
                "'shm_open' (ipc.h)");
  // Found through -I with angle brackets: still the project's.
  EXPECT_PARSED(decide("#include <ipc.h>\n", {"-Iinc"}), "(ipc.h)");
}

TEST_F(Prefilter, SystemMacrosCountByWhatTheyExpandTo) {
  if (!checkWindowsHeaders().empty())
    GTEST_SKIP() << checkWindowsHeaders();
  // KEY_READ is no flag name itself: it expands to STANDARD_RIGHTS_READ.
  EXPECT_PARSED(decide("#include <windows.h>\n"
                       "DWORD f() { DWORD a = KEY_READ; a = KEY_WRITE;\n"
                       "  return a; }\n",
                       {}, true),
                "system macro");
  EXPECT_PARSED(decide("#include <windows.h>\n"
                       "HANDLE f() { return CreateFile(L\"x\", 0, 0, 0, 0,"
                       " 0, 0); }\n",
                       {}, true),
                "'CreateFile'");
  EXPECT_SKIPPED(decide("#include <windows.h>\n#include <string>\n"
                        "DWORD ticks() { Sleep(1); return GetTickCount(); }\n",
                        {}, true));
}

TEST_F(Prefilter, TheCommandLineCounts) {
  EXPECT_PARSED(decide("void f() { MAKE(0); }\n", {"-DMAKE=mkfifo"}),
                "-DMAKE=mkfifo");
  header("forced.h", "#define MAKE mkfifo\n");
  EXPECT_PARSED(decide("void f() {}\n", {"-include", "forced.h"}),
                "'mkfifo' (forced.h)");
}

TEST_F(Prefilter, WhatCannotBeSeenLexicallyIsParsed) {
  EXPECT_PARSED(decide("#define CALL(x) mk##x\nint f() { return 0; }\n"), "##");
  EXPECT_PARSED(decide("#define H \"ipc.h\"\n#include H\n"), "names a macro");
  EXPECT_PARSED(decide("unsigned mode = 0644;\n"), "octal");
}

TEST_F(Prefilter, MissingHeadersAreReportedByTheParse) {
  EXPECT_PARSED(decide("#include \"not/here.h\"\nint x;\n"),
                "'not/here.h' was not found");
  // Behind an include guard: still unconditional.
  EXPECT_PARSED(decide("#ifndef MAIN_H\n#define MAIN_H\n#include <nope.h>\n"
                       "#endif\n"),
                "'nope.h' was not found");
  // Another platform's header under #ifdef may be missing.
  EXPECT_SKIPPED(decide("#ifdef _WIN32\n#include <windows.h>\n#endif\n"
                        "int x;\n"));
}

TEST_F(Prefilter, QtFlagEnumeratorsNeedTheirEnum) {
  EXPECT_SKIPPED(decide("enum class Kind { Text, Append };\n"
                        "Kind k = Kind::Text;\n"));
  std::vector<std::string> Qt = {"-I/usr/include/x86_64-linux-gnu/qt5",
                                 "-I/usr/include/x86_64-linux-gnu/qt5/QtCore",
                                 "-fPIC"};
  if (!llvm::sys::fs::exists(Qt[1].substr(2) + "/QFile"))
    GTEST_SKIP() << "Qt 5 headers are not installed";
  EXPECT_PARSED(decide("#include <QFile>\n"
                       "void f(QFile &file) { file.open(QIODevice::Text); }\n",
                       Qt),
                "Qt flag enumerator ('Text')");
  // Qt's own headers (under a system folder) are not the project's: the
  // method names they declare do not count.
  EXPECT_SKIPPED(
      decide("#include <QString>\nQString f() { return {}; }\n", Qt));
}

TEST_F(Prefilter, OptionsThatAddNames) {
  EXPECT_SKIPPED(decide("bool openChannel();\nvoid f() { openChannel(); }\n"));
  Request.ExtraNames = {"openChannel"};
  EXPECT_PARSED(decide("bool openChannel();\nvoid f() { openChannel(); }\n"),
                "'openChannel'");
  Request.ExtraNames.clear();
  Request.ParseAlwaysReason = "the FlagNames option is set";
  EXPECT_PARSED(decide("int x;\n"), "FlagNames");
}

TEST_F(Prefilter, QtConnectIsNotTheSocketCall) {
  // Qt's connect, qualified or called inside a QObject: not the socket.
  EXPECT_SKIPPED(
      decide("struct QObject;\n"
             "void wire(QObject *a, QObject *b) {\n"
             "  QObject::connect(a, SIGNAL(done()), b, SLOT(quit()));\n"
             "  connect(a, &Sender::done, b, &Receiver::quit);\n"
             "  connect(a, &Sender::done, [] {});\n"
             "  disconnect(a, nullptr, b, nullptr);\n"
             "  connect(a, &Sender::done, b, [b](bool on) { b->show(on); });\n"
             "  connect(a, SIGNAL(clicked()), SLOT(accept()));\n"
             "  accept();\n"
             "  connect(box, QOverload<int>::of(&QSpinBox::valueChanged), f);\n"
             "}\n"));
  // The socket call: three arguments, an address.
  EXPECT_PARSED(decide("int f(int fd, struct sockaddr_un *sa) {\n"
                       "  return connect(fd, (struct sockaddr *)sa, "
                       "sizeof *sa);\n}\n"),
                "'connect'");
  EXPECT_PARSED(decide("int f(int fd, struct sockaddr_un sa) {\n"
                       "  return ::connect(fd, &sa, sizeof sa);\n}\n"),
                "'connect'");
}

TEST_F(Prefilter, HeaderFindingsMakeThirdPartyHeadersProjectText) {
  std::string Qt = "/usr/include/x86_64-linux-gnu/qt5";
  if (!llvm::sys::fs::exists(Qt + "/QtNetwork/QLocalSocket"))
    GTEST_SKIP() << "Qt 5 headers are not installed";
  std::vector<std::string> Args = {"-I" + Qt, "-I" + Qt + "/QtCore",
                                   "-I" + Qt + "/QtNetwork", "-fPIC"};
  EXPECT_SKIPPED(decide("#include <QLocalSocket>\nint x;\n", Args));
  Request.HeaderFindings = true;
  EXPECT_PARSED(decide("#include <QLocalSocket>\nint x;\n", Args),
                "qlocalsocket.h");
}

TEST_F(Prefilter, ASkippedFileIsAnalysedWithoutFindings) {
  writeFileText(Dir + "/plain.c", "int add(int a, int b) { return a + b; }\n");
  AnalysisOptions Opts;
  Opts.Inputs = {Dir + "/plain.c"};
  Opts.FixedArgs = std::vector<std::string>{};
  Opts.ResourceDir = defaultResourceDir();
  AnalysisResult With = analyze(Opts);
  ASSERT_EQ(With.Files.size(), 1u);
  EXPECT_EQ(With.Files[0].Status, FileStatus::Analyzed);
  EXPECT_TRUE(With.Files[0].Prefiltered);
  EXPECT_EQ(With.prefilteredCount(), 1u);
  EXPECT_TRUE(With.anyAnalyzed());
  Opts.Prefilter = false;
  AnalysisResult Without = analyze(Opts);
  ASSERT_EQ(Without.Files.size(), 1u);
  EXPECT_EQ(Without.Files[0].Status, FileStatus::Analyzed);
  EXPECT_FALSE(Without.Files[0].Prefiltered);
}

TEST_F(Prefilter, TheCliOptionTurnsItOff) {
  writeFileText(Dir + "/plain.c", "int add(int a, int b) { return a +; }\n");
  // Skipped: the syntax error is not seen.
  RunResult With = runCli({"--quiet", Dir + "/plain.c", "--"});
  EXPECT_EQ(With.ExitCode, 0) << With.Err;
  EXPECT_EQ(With.Err.find("analysed partially"), std::string::npos) << With.Err;
  RunResult Without =
      runCli({"--quiet", "--no-prefilter", Dir + "/plain.c", "--"});
  EXPECT_EQ(Without.ExitCode, 0) << Without.Err;
  EXPECT_NE(Without.Err.find("analysed partially"), std::string::npos)
      << Without.Err;
}

} // namespace
} // namespace pipelint::test
