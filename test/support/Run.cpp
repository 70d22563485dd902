//===--- Run.cpp - run a program and capture what it prints ---------------===//
#include "Run.h"
#include "TestConfig.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace pipelint::test {

std::string readFileText(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  return Buf ? (*Buf)->getBuffer().str() : std::string();
}

void writeFileText(const std::string &Path, const std::string &Text) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  OS << Text;
}

namespace {
/// The folders made by makeTempDir, removed when the test program ends
/// (kept with PIPELINT_KEEP_TEST_DIRS=1, to look at what a test wrote).
struct TempDirs {
  std::vector<std::string> Dirs;
  pid_t Owner = ::getpid();
  ~TempDirs() {
    // Only the test program itself, never a forked child, removes them.
    if (::getpid() != Owner || std::getenv("PIPELINT_KEEP_TEST_DIRS"))
      return;
    for (const std::string &D : Dirs)
      llvm::sys::fs::remove_directories(D);
  }
};
TempDirs &tempDirs() {
  static TempDirs Registry;
  return Registry;
}
} // namespace

std::string makeTempDir(const std::string &Prefix) {
  llvm::SmallString<128> Dir;
  llvm::sys::fs::createUniqueDirectory(Prefix, Dir);
  tempDirs().Dirs.push_back(std::string(Dir));
  return std::string(Dir);
}

RunResult runProgram(const std::string &Program,
                     const std::vector<std::string> &Args,
                     const std::string &Cwd, unsigned TimeoutSeconds,
                     const std::vector<std::string> &ExtraEnv) {
  RunResult R;
  llvm::SmallString<128> OutFile, ErrFile;
  llvm::sys::fs::createTemporaryFile("pipelint-out", "txt", OutFile);
  llvm::sys::fs::createTemporaryFile("pipelint-err", "txt", ErrFile);
  // ExecuteAndWait has no working-directory parameter: use a shell for cd.
  std::vector<std::string> Argv;
  std::string Exe = Program;
  if (!Cwd.empty()) {
    Exe = "/bin/sh";
    Argv = {"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", Cwd, Program};
  } else {
    Argv = {Program};
  }
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  std::vector<llvm::StringRef> Refs(Argv.begin(), Argv.end());
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(OutFile), llvm::StringRef(ErrFile)};
  std::optional<llvm::ArrayRef<llvm::StringRef>> Env;
  std::vector<std::string> EnvStrings;
  std::vector<llvm::StringRef> EnvRefs;
  if (!ExtraEnv.empty()) {
    for (char **E = environ; *E; ++E)
      EnvStrings.push_back(*E);
    EnvStrings.insert(EnvStrings.end(), ExtraEnv.begin(), ExtraEnv.end());
    EnvRefs.assign(EnvStrings.begin(), EnvStrings.end());
    Env = EnvRefs;
  }
  R.ExitCode =
      llvm::sys::ExecuteAndWait(Exe, Refs, Env, Redirects, TimeoutSeconds);
  R.Out = readFileText(std::string(OutFile));
  R.Err = readFileText(std::string(ErrFile));
  llvm::sys::fs::remove(OutFile);
  llvm::sys::fs::remove(ErrFile);
  return R;
}

RunResult runCli(const std::vector<std::string> &Args, const std::string &Cwd) {
  return runProgram(PIPELINT_CLI_PATH, Args, Cwd);
}

RunResult runCliWithEnv(const std::vector<std::string> &Args,
                        const std::vector<std::string> &Env) {
  return runProgram(PIPELINT_CLI_PATH, Args, "", 300, Env);
}

} // namespace pipelint::test
