//===--- CheckoutModelTest.cpp - the model of a checkout, part by part ----===//
#include "Run.h"

#include "driver/Coverage.h"
#include "driver/Platform.h"
#include "project/BuildFiles.h"
#include "project/CheckoutModel.h"
#include "project/GeneratedHeaders.h"
#include "project/HeaderIndex.h"
#include "project/SourceFacts.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

namespace pipelint::project {
namespace {

using test::makeTempDir;
using test::writeFileText;

/// Writes \p Text to \p Root/\p Rel, creating folders.
std::string put(const std::string &Root, const std::string &Rel,
                const std::string &Text = "") {
  std::string Path = Root + "/" + Rel;
  llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path));
  writeFileText(Path, Text);
  return Path;
}

std::vector<std::string> paths(const std::vector<HeaderIndex::Candidate> &C,
                               const std::string &Root) {
  std::vector<std::string> Out;
  for (const HeaderIndex::Candidate &X : C)
    Out.push_back(X.Path.substr(Root.size() + 1));
  return Out;
}

TEST(HeaderIndex, LongestSuffixWinsThenTheNearestToTheIncluder) {
  std::string R = makeTempDir("pipelint-index");
  put(R, "lib/net/pipe.h");
  put(R, "old/pipe.h");
  put(R, "x/util/log.h");
  put(R, "y/util/log.h");
  HeaderIndex I;
  ASSERT_TRUE(I.build(R));
  // net/pipe.h matches lib/net/pipe.h whole; old/pipe.h only by name.
  EXPECT_EQ(paths(I.resolve("net/pipe.h", R + "/src", false), R),
            std::vector<std::string>{"lib/net/pipe.h"});
  // Two whole matches: the one that shares more folders with the includer.
  EXPECT_EQ(paths(I.resolve("util/log.h", R + "/y/src", false), R),
            (std::vector<std::string>{"y/util/log.h", "x/util/log.h"}));
  EXPECT_EQ(paths(I.resolve("util/log.h", R + "/x", false), R).front(),
            "x/util/log.h");
}

TEST(HeaderIndex, AFolderOnlyTheBuildCreatesMatchesByTheFileName) {
  std::string R = makeTempDir("pipelint-index");
  put(R, "src/corelib/thread/qthread_p.h");
  HeaderIndex I;
  ASSERT_TRUE(I.build(R));
  std::vector<HeaderIndex::Candidate> C =
      I.resolve("private/qthread_p.h", R + "/src/network", false);
  ASSERT_EQ(C.size(), 1u);
  EXPECT_EQ(C[0].Matched, 1u);
  EXPECT_TRUE(I.resolve("private/qthread.h", R, false).empty());
}

TEST(HeaderIndex, WindowsCodeIgnoresCaseAndTakesBackslashes) {
  std::string R = makeTempDir("pipelint-index");
  put(R, "app/settings.h");
  put(R, "shared/names.h");
  put(R, "app/names.h");
  HeaderIndex I;
  ASSERT_TRUE(I.build(R));
  EXPECT_TRUE(I.resolve("Settings.h", R + "/app", false).empty());
  std::vector<HeaderIndex::Candidate> C =
      I.resolve("Settings.h", R + "/app", true);
  ASSERT_EQ(C.size(), 1u);
  EXPECT_FALSE(C[0].ExactCase);
  // ..\shared\names.h from app/ is shared/names.h, though app/names.h is
  // nearer by folder.
  EXPECT_EQ(
      paths(I.resolve("..\\shared\\names.h", R + "/app", true), R).front(),
      "shared/names.h");
  EXPECT_EQ(includeComponents("..\\a\\.\\b\\..\\c.h"),
            (std::vector<std::string>{"..", "a", "c.h"}));
}

TEST(BuildFiles, VcxprojOneConfigurationItsFoldersDefinesAndCharacterSet) {
  std::string R = makeTempDir("pipelint-vcx");
  llvm::sys::fs::create_directories(R + "/inc");
  llvm::sys::fs::create_directories(R + "/proj/src");
  std::string P = put(R, "proj/p.vcxproj",
                      R"(<Project>
  <PropertyGroup Condition="'$(Configuration)|$(Platform)'=='Debug|Win32'" Label="Configuration">
    <CharacterSet>Unicode</CharacterSet>
  </PropertyGroup>
  <PropertyGroup Condition="'$(Configuration)|$(Platform)'=='Release|x64'" Label="Configuration">
    <CharacterSet>MultiByte</CharacterSet>
  </PropertyGroup>
  <ItemDefinitionGroup Condition="'$(Configuration)|$(Platform)'=='Debug|Win32'">
    <ClCompile><PreprocessorDefinitions>_DEBUG;%(PreprocessorDefinitions)</PreprocessorDefinitions></ClCompile>
  </ItemDefinitionGroup>
  <ItemDefinitionGroup Condition="'$(Configuration)|$(Platform)'=='Release|x64'">
    <ClCompile>
      <AdditionalIncludeDirectories>..\inc;$(ProjectDir)src;$(VcpkgRoot)\include;missing;%(AdditionalIncludeDirectories)</AdditionalIncludeDirectories>
      <PreprocessorDefinitions>NDEBUG;NAME=&quot;x&quot;;%(PreprocessorDefinitions)</PreprocessorDefinitions>
    </ClCompile>
  </ItemDefinitionGroup>
  <ItemGroup><ClCompile Include="src\main.cpp" /><ClInclude Include="a.h" /></ItemGroup>
</Project>)");
  std::optional<BuildHints> H = readVcxproj(P, R);
  ASSERT_TRUE(H);
  EXPECT_EQ(H->Configuration, "Release|x64");
  EXPECT_EQ(H->IncludeDirs,
            (std::vector<std::string>{R + "/inc", R + "/proj/src"}));
  EXPECT_EQ(H->Defines, (std::vector<std::string>{"NDEBUG", "NAME=\"x\""}));
  ASSERT_TRUE(H->Unicode);
  EXPECT_FALSE(*H->Unicode);
  EXPECT_EQ(H->Files, std::vector<std::string>{R + "/proj/src/main.cpp"});
}

TEST(BuildFiles, CMakeTargetIncludesVariablesAndDefinitions) {
  std::string R = makeTempDir("pipelint-cmake");
  llvm::sys::fs::create_directories(R + "/config");
  llvm::sys::fs::create_directories(R + "/sub/inc");
  put(R, "CMakeLists.txt", "project(demo C)\nadd_subdirectory(sub)\n");
  std::string P = put(R, "sub/CMakeLists.txt",
                      "# a comment with include_directories(nope)\n"
                      "set(CONF ${PROJECT_SOURCE_DIR}/config)\n"
                      "target_include_directories(t PRIVATE ${CONF} "
                      "$<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/inc> "
                      "$<INSTALL_INTERFACE:include> ${UNKNOWN}/x)\n"
                      "target_compile_definitions(t PUBLIC HAVE_X=1 -DWITH_Y)\n"
                      "add_definitions(-DZ /DW -Wall)\n");
  std::optional<BuildHints> H = readCMakeLists(P, R);
  ASSERT_TRUE(H);
  EXPECT_EQ(H->Scope, R + "/sub");
  EXPECT_EQ(H->IncludeDirs,
            (std::vector<std::string>{R + "/config", R + "/sub/inc"}));
  EXPECT_EQ(H->Defines,
            (std::vector<std::string>{"HAVE_X=1", "WITH_Y", "Z", "W"}));
  // CMake defines no UNICODE unless told: the ANSI functions.
  ASSERT_TRUE(H->Unicode);
  EXPECT_FALSE(*H->Unicode);
  std::string U = put(R, "u/CMakeLists.txt", "add_definitions(-DUNICODE)\n");
  EXPECT_TRUE(*readCMakeLists(U, R)->Unicode);
}

TEST(BuildFiles, MakefileWordsAndWhatCannotBeKnown) {
  std::string R = makeTempDir("pipelint-make");
  put(R, "configure.ac");
  llvm::sys::fs::create_directories(R + "/include");
  llvm::sys::fs::create_directories(R + "/src/local");
  std::string P = put(R, "src/Makefile.am",
                      "AM_CPPFLAGS = -I$(top_srcdir)/include \\\n"
                      "  -I local -I$(GEN)/x -DFEATURE=1 # -DCOMMENTED\n");
  std::optional<BuildHints> H = readMakefile(P, R);
  ASSERT_TRUE(H);
  EXPECT_EQ(H->IncludeDirs,
            (std::vector<std::string>{R + "/include", R + "/src/local"}));
  EXPECT_EQ(H->Defines, std::vector<std::string>{"FEATURE=1"});
  BuildFiles B;
  B.read(P, R);
  EXPECT_EQ(B.hintsFor(R + "/src/a/b.c").size(), 1u);
  EXPECT_TRUE(B.hintsFor(R + "/other/b.c").empty());
}

TEST(SourceFacts, PlatformBranches) {
  EXPECT_EQ(classifyCondition("ifdef", "_WIN32"), Branch::Windows);
  EXPECT_EQ(classifyCondition("ifndef", "_WIN32"), Branch::NotWindows);
  EXPECT_EQ(classifyCondition("if", "defined(_WIN32) || defined(_WIN64)"),
            Branch::Windows);
  EXPECT_EQ(classifyCondition("if", "!defined(Q_OS_WIN) && HAVE_X"),
            Branch::NotWindows);
  EXPECT_EQ(classifyCondition("if", "defined(__linux__) || defined(_WIN32)"),
            Branch::Any);
  EXPECT_EQ(classifyCondition("ifndef", "__linux__"), Branch::Any);
  EXPECT_EQ(classifyCondition("if", "HAVE_CONFIG_H"), Branch::Any);
  // configure's "this header exists", for a header only Windows has.
  EXPECT_EQ(classifyCondition("ifdef", "HAVE_WINSOCK2_H"), Branch::Windows);
  EXPECT_EQ(classifyCondition("ifdef", "HAVE_SYS_UN_H"), Branch::Any);
  EXPECT_EQ(classifyCondition("ifdef", "OS_IS_WIN32"), Branch::Windows);

  SourceFacts F = readSourceFacts(R"(#ifdef _WIN32
#include <windows.h>
void a() { CreateNamedPipeA("\\\\.\\pipe\\x", 0, 0, 1, 0, 0, 0, 0); }
#elif defined(__APPLE__)
void b() { mkfifo("/tmp/x", 0600); }
#else
void c() { mkfifo("/tmp/y", 0600); sock.connectToServer(); }
#endif
void d() { CreateFile(L"x", 0, 0, 0, 0, 0, 0); }
)",
                                  true, classifyIpcCall);
  ASSERT_EQ(F.Includes.size(), 1u);
  EXPECT_EQ(F.Includes[0].Where, Branch::Windows);
  ASSERT_EQ(F.Calls.size(), 5u);
  EXPECT_EQ(F.Calls[0].Where, Branch::Windows);
  EXPECT_EQ(F.Calls[0].Kind, CallKind::WindowsApi);
  EXPECT_EQ(F.Calls[0].FirstArg, 'n');
  EXPECT_EQ(F.Calls[1].Where, Branch::NotWindows);
  EXPECT_EQ(F.Calls[1].Kind, CallKind::PosixApi);
  EXPECT_EQ(F.Calls[2].Where, Branch::NotWindows);
  EXPECT_EQ(F.Calls[3].Kind, CallKind::Method);
  EXPECT_EQ(F.Calls[4].Where, Branch::Any);
  EXPECT_EQ(F.Calls[4].FirstArg, 'w');
}

TEST(SourceFacts, TheElseAfterAWindowsElifIsNotWindows) {
  // A feature macro first, Windows second: the #else is neither.
  SourceFacts F = readSourceFacts(R"(#ifdef USE_POSIX_SHM
void a() { shm_open("/x", 0, 0600); }
#elif defined(WIN32)
void b() { CreateFileMappingA(0, 0, 0, 0, 0, "x"); }
#else
void c() { mkfifo("/tmp/y", 0600); }
#endif
#if HAVE_SHM_OPEN && !defined(OS_IS_WIN32)
#endif
)",
                                  true, classifyIpcCall);
  ASSERT_EQ(F.Calls.size(), 3u);
  EXPECT_EQ(F.Calls[0].Where, Branch::Any);
  EXPECT_EQ(F.Calls[1].Where, Branch::Windows);
  EXPECT_EQ(F.Calls[2].Where, Branch::NotWindows);
  EXPECT_EQ(F.HaveMacros, std::vector<std::string>{"HAVE_SHM_OPEN"});
  EXPECT_EQ(F.BuildWindowsMacros, std::vector<std::string>{"OS_IS_WIN32"});
}

TEST(GeneratedHeaders, TemplatesAndConfigHeaders) {
  EXPECT_EQ(headersOfHaveMacro("HAVE_SYS_UN_H"),
            (std::vector<std::string>{"sys/un.h", "sys_un.h"}));
  EXPECT_TRUE(headersOfHaveMacro("HAVE_SHM_OPEN").empty());
  auto Have = [](llvm::StringRef M) {
    return M == "HAVE_SYS_UN_H" || M == "HAVE_FCHMOD";
  };
  std::string T = generatedHeaderText(
      "#define MAJOR @MAJOR@\n#define NAME \"${NAME}-x\"\n"
      "#cmakedefine HAVE_SYS_UN_H\n#cmakedefine HAVE_POLL_H 1\n"
      "#cmakedefine01 HAVE_FCHMOD\n#mesondefine ENABLE_X\n"
      "#undef HAVE_KEPT\n",
      /*Config=*/false, {}, Have);
  EXPECT_NE(T.find("#define MAJOR 0\n"), std::string::npos) << T;
  EXPECT_NE(T.find("#define NAME \"0-x\"\n"), std::string::npos) << T;
  EXPECT_NE(T.find("#define HAVE_SYS_UN_H 1\n"), std::string::npos) << T;
  EXPECT_NE(T.find("/* #undef HAVE_POLL_H */"), std::string::npos) << T;
  EXPECT_NE(T.find("#define HAVE_FCHMOD 1\n"), std::string::npos) << T;
  EXPECT_NE(T.find("/* #undef ENABLE_X */"), std::string::npos) << T;
  // Not a configuration header: #undef stays, no package macros.
  EXPECT_NE(T.find("#undef HAVE_KEPT\n"), std::string::npos) << T;
  EXPECT_EQ(T.find("PACKAGE"), std::string::npos) << T;

  // config.h with no template: package macros, and the tested HAVE_*
  // that the target has.
  std::string C = generatedHeaderText(
      "", /*Config=*/true, {"HAVE_SYS_UN_H", "HAVE_WINDOWS_H"}, Have);
  EXPECT_NE(C.find("#define PACKAGE \"0\""), std::string::npos) << C;
  EXPECT_NE(C.find("#define HAVE_SYS_UN_H 1"), std::string::npos) << C;
  EXPECT_EQ(C.find("HAVE_WINDOWS_H"), std::string::npos) << C;
  // An autoconf template: #undef lines are where configure writes.
  std::string A = generatedHeaderText("#undef PACKAGE\n#undef HAVE_FCHMOD\n",
                                      /*Config=*/true, {}, Have);
  EXPECT_NE(A.find("#define PACKAGE \"0\""), std::string::npos) << A;
  EXPECT_NE(A.find("#define HAVE_FCHMOD 1"), std::string::npos) << A;

  // The message compiler's .mc: its symbolic names, with their ids.
  std::string Mc = messageHeaderText("MessageIdTypedef=DWORD\nMessageId=0x10\n"
                                     "SymbolicName=MSG_START\nMessageId=\n"
                                     "SymbolicName=MSG_STOP\n");
  EXPECT_NE(Mc.find("#define MSG_START 16\n"), std::string::npos) << Mc;
  EXPECT_NE(Mc.find("#define MSG_STOP 17\n"), std::string::npos) << Mc;
  EXPECT_EQ(templateNamesFor("eventmsg.h").back(), "eventmsg.mc");
}

TEST(CheckoutModel, SaysWhyForEachPart) {
  std::string R = makeTempDir("pipelint-model");
  put(R, "lib/include/svc/svc.h", "#include \"win.h\"\n");
  put(R, "lib/include/svc/win.h", "#include <windows.h>\n");
  put(R, "common/util/log.h", "void log_line(const char *);\n");
  std::string Main = put(R, "server/main.c",
                         "#include <svc/svc.h>\n#include \"util/log.h\"\n"
                         "#include \"config.h\"\n#include \"gen/tables.h\"\n"
                         "void f(void) { CreateNamedPipe(\"n\", 0, 0, 1, 0, "
                         "0, 0, 0); }\n");
  CheckoutModel M(R, classifyIpcCall);
  Inference I = M.infer(Main);
  ASSERT_EQ(I.Configs.size(), 1u);
  const Configuration &C = I.Configs[0];
  EXPECT_EQ(C.Target, Platform::Windows);
  EXPECT_NE(I.PlatformReason.find("lib/include/svc/win.h"), std::string::npos)
      << I.PlatformReason;
  // A narrow string to a function with A and W variants: ANSI.
  EXPECT_EQ(C.Label, "windows (ANSI)");
  std::map<std::string, std::string> Why(C.Reasons.begin(), C.Reasons.end());
  EXPECT_NE(Why["-UUNICODE -U_UNICODE"].find("narrow strings"),
            std::string::npos);
  EXPECT_NE(Why["-iquote common"].find("common/util/log.h"), std::string::npos);
  ASSERT_EQ(C.Redirects.size(), 2u);
  EXPECT_EQ(C.Redirects[0].Spelled, "svc/svc.h");
  EXPECT_EQ(C.Redirects[0].shimText(),
            "#include \"" + R + "/lib/include/svc/svc.h\"\n");
  // config.h, which only a build writes: a stand-in with its macros.
  EXPECT_EQ(C.Redirects[1].Spelled, "config.h");
  EXPECT_TRUE(C.Redirects[1].Generated);
  EXPECT_NE(C.Redirects[1].shimText().find("#define PACKAGE "),
            std::string::npos);
  EXPECT_EQ(C.Unresolved, std::vector<std::string>{"\"gen/tables.h\""});
  // --platform=host is obeyed.
  Inference H = M.infer(Main, Platform::Host);
  ASSERT_EQ(H.Configs.size(), 1u);
  EXPECT_EQ(H.Configs[0].Target, Platform::Host);
}

TEST(CheckoutModel, IpcOnBothSidesOfTheWindowsBranchGivesTwoConfigurations) {
  std::string R = makeTempDir("pipelint-model");
  std::string Main = put(R, "chan.c",
                         "#ifdef _WIN32\n#include <windows.h>\n"
                         "void a(void) { CreateNamedPipeA(\"n\", 0, 0, 1, 0, "
                         "0, 0, 0); }\n#else\n#include <sys/stat.h>\n"
                         "void b(void) { mkfifo(\"/tmp/x\", 0666); }\n"
                         "#endif\n");
  std::string Qt = put(R, "single.cpp",
                       "#ifdef Q_OS_WIN\n#include <windows.h>\n#endif\n"
                       "#include <QLocalSocket>\n"
                       "void c(QLocalSocket &s) { s.connectToServer(); }\n");
  CheckoutModel M(R, classifyIpcCall);
  Inference I = M.infer(Main);
  ASSERT_EQ(I.Configs.size(), 2u);
  EXPECT_EQ(I.Configs[0].Target, Platform::Windows);
  EXPECT_EQ(I.Configs[1].Target, Platform::Host);
  EXPECT_NE(I.PlatformReason.find("both"), std::string::npos);
  // Qt code with <windows.h> only under Q_OS_WIN stays on this platform.
  Inference Q = M.infer(Qt);
  ASSERT_EQ(Q.Configs.size(), 1u);
  EXPECT_EQ(Q.Configs[0].Target, Platform::Host);
}

TEST(CheckoutModel, QtHeadersServeWindowsCodeWithEveryModuleFolder) {
  std::string R = makeTempDir("pipelint-model");
  // Windows code (unconditional <windows.h>) that uses Qt: its base class
  // comes through a computed include the walk cannot follow.
  std::string Main = put(R, "app_win.cpp",
                         "#include <windows.h>\n#include <QLocalSocket>\n"
                         "void c(QLocalSocket &s) { s.connectToServer(); }\n");
  CheckoutModel M(R, classifyIpcCall);
  Inference I = M.infer(Main);
  ASSERT_EQ(I.Configs.size(), 1u);
  const Configuration &C = I.Configs[0];
  ASSERT_EQ(C.Target, Platform::Windows);
  auto HasFolderEndingIn = [&C](llvm::StringRef Tail) {
    for (const std::string &A : C.Args)
      if (llvm::StringRef(A).ends_with(Tail))
        return true;
    return false;
  };
  if (!llvm::sys::fs::is_directory(
          "/usr/include/x86_64-linux-gnu/qt5/QtNetwork") &&
      !llvm::sys::fs::is_directory("/usr/include/qt5/QtNetwork"))
    GTEST_SKIP() << "Qt 5 headers are not installed here";
  EXPECT_TRUE(HasFolderEndingIn("/QtNetwork")) << llvm::join(C.Args, " ");
  EXPECT_TRUE(HasFolderEndingIn("/QtCore")) << llvm::join(C.Args, " ");
  EXPECT_TRUE(HasFolderEndingIn("/QtWidgets")) << llvm::join(C.Args, " ");
  // MinGW is not ELF: Qt's -fPIC demand does not apply.
  EXPECT_FALSE(llvm::is_contained(C.Args, "-fPIC"));
}

TEST(CheckoutModel, UserArgumentsKeepOnlyWindowsSpellingsServed) {
  if (!pipelint::checkWindowsHeaders().empty())
    GTEST_SKIP() << pipelint::checkWindowsHeaders();
  std::string R = makeTempDir("pipelint-spelling");
  put(R, "inc/Util.h", "int util(void);\n");
  put(R, "other/plain.h", "int plain(void);\n");
  std::string Main = put(R, "src/a.c",
                         "#include <Windows.h>\n#include \"..\\inc\\util.h\"\n"
                         "#include \"plain.h\"\n");
  CheckoutModel M(R, classifyIpcCall);
  std::vector<Redirect> Fixes = M.spellingRedirects(Main, {"-DX"});
  std::vector<std::string> Spelled;
  for (const Redirect &F : Fixes)
    Spelled.push_back(F.Spelled);
  // plain.h is in a folder the user did not give: left to them.
  EXPECT_EQ(Spelled,
            (std::vector<std::string>{"Windows.h", "..\\inc\\util.h"}));
  ASSERT_EQ(Fixes.size(), 2u);
  EXPECT_TRUE(Fixes[0].System);
  EXPECT_EQ(Fixes[1].Target, R + "/inc/Util.h");
}

TEST(CheckoutModel, RootWithoutVersionControlIsTheCurrentFolder) {
  std::string R = makeTempDir("pipelint-root");
  put(R, "a/b/c.c");
  EXPECT_EQ(checkoutRootFor(R + "/a/b/c.c", R), R);
  EXPECT_EQ(checkoutRootFor(R + "/a/b/c.c", "/elsewhere"), R + "/a/b");
  EXPECT_EQ(checkoutRootFor(R + "/a", ""), R + "/a");
  llvm::sys::fs::create_directories(R + "/a/.git");
  EXPECT_EQ(checkoutRootFor(R + "/a/b/c.c", R), R + "/a");
}

TEST(CheckoutModel, RootOfAnUnpackedArchiveIsWhereItsTopFilesAre) {
  // An archive's sub-folder audited from elsewhere: the folder with the
  // licence (or configure.ac, a .sln) is the checkout.
  std::string R = makeTempDir("pipelint-archive");
  put(R, "app/COPYING", "GPL");
  put(R, "app/src/server/main.c");
  EXPECT_EQ(checkoutRootFor(R + "/app/src/server", "/elsewhere"), R + "/app");
  EXPECT_EQ(checkoutRootFor(R + "/app/src/server/main.c", ""), R + "/app");
}

} // namespace
} // namespace pipelint::project
