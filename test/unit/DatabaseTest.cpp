//===--- DatabaseTest.cpp - databases from elsewhere, automatic platform --===//
#include "Run.h"
#include "TestConfig.h"
#include "driver/CommandLine.h"

#include "llvm/Support/FileSystem.h"
#include <gtest/gtest.h>

namespace pipelint::test {
namespace {

const char *PipeServer =
    "#include <windows.h>\n#include \"config.h\"\n"
    "HANDLE serve() {\n"
    "  return CreateNamedPipeW(PIPE_NAME, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0,\n"
    "                          NULL);\n}\n";

TEST(MsvcDatabase, WindowsPathsAndClCommandsWorkOnLinux) {
  // A checkout whose database was written by MSVC on a Windows machine.
  std::string Root = makeTempDir("pipelint-msvc");
  llvm::sys::fs::create_directories(Root + "/src");
  llvm::sys::fs::create_directories(Root + "/include");
  llvm::sys::fs::create_directories(Root + "/out");
  writeFileText(Root + "/src/server.cpp", PipeServer);
  writeFileText(Root + "/include/config.h",
                "#ifndef FROM_MSVC_DB\n#error the /D define was lost\n#endif\n"
                "#define PIPE_NAME L\"\\\\\\\\.\\\\pipe\\\\svc\"\n");
  writeFileText(Root + "/out/compile_commands.json",
                R"([{"directory": "C:\\work\\proj\\out",
  "file": "C:\\work\\proj\\src\\server.cpp",
  "command": "\"C:\\Program Files\\MSVC\\bin\\cl.exe\" /nologo /TP /DFROM_MSVC_DB /I\"C:\\work\\proj\\include\" /I\"C:\\Program Files (x86)\\Windows Kits\\10\\Include\" /EHsc /O2 /MD /std:c++17 /Fo\"out\\server.obj\" /c \"C:\\work\\proj\\src\\server.cpp\""}])");
  RunResult R = runCli({"--quiet", "--checks=-*,ipc-null-security-attributes",
                        "-p", Root + "/out"});
  EXPECT_EQ(R.ExitCode, 1) << R.Out << R.Err;
  EXPECT_NE(R.Out.find("server.cpp:5:27: warning: 'CreateNamedPipeW'"),
            std::string::npos)
      << R.Out << R.Err;
  EXPECT_NE(R.Err.find("MSVC (cl.exe) commands"), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("do not exist here were dropped: C:\\Program Files "
                       "(x86)\\Windows Kits\\10\\Include"),
            std::string::npos)
      << R.Err;
  EXPECT_EQ(R.Err.find("partially"), std::string::npos) << R.Err;
}

TEST(MapForeignPath, FindsTheLongestTailBelowTheAnchor) {
  std::string Root = makeTempDir("pipelint-map");
  llvm::sys::fs::create_directories(Root + "/a/b");
  writeFileText(Root + "/a/b/c.cpp", "");
  EXPECT_EQ(mapForeignPath("C:\\x\\y\\a\\b\\c.cpp", Root + "/build"),
            Root + "/a/b/c.cpp");
  EXPECT_EQ(mapForeignPath("D:/x/a/b/c.cpp", Root), Root + "/a/b/c.cpp");
  EXPECT_EQ(mapForeignPath("C:\\nowhere\\z.cpp", Root), "");
}

TEST(AutomaticPlatform, WindowsCodeWithoutADatabaseUsesMinGW) {
  std::string Dir = makeTempDir("pipelint-auto");
  writeFileText(Dir + "/config.h",
                "#define PIPE_NAME L\"\\\\\\\\.\\\\pipe\\\\x\"\n");
  writeFileText(Dir + "/server.cpp", PipeServer);
  writeFileText(Dir + "/other.cpp", std::string(PipeServer) + "// again\n");
  RunResult R =
      runCli({"--quiet", "--checks=-*,ipc-null-security-attributes", Dir});
  EXPECT_EQ(R.ExitCode, 1) << R.Err;
  // Both files include <windows.h>: the checkout model makes them Windows
  // code (Visual Studio's UNICODE, as nothing says otherwise), and the
  // summary says so once for the run.
  EXPECT_NE(R.Out.find("commands inferred from the checkout for 2 files: "
                       "windows (UNICODE): 2"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(R.Out.find("2 warnings in 2 files"), std::string::npos) << R.Out;
  // --platform=host turns it off: <windows.h> is then missing.
  RunResult Host = runCli({"--quiet", "--platform=host", Dir});
  EXPECT_NE(Host.Err.find("'windows.h' file not found"), std::string::npos)
      << Host.Err;
}

} // namespace
} // namespace pipelint::test
