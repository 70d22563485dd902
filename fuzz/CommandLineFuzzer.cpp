//===--- CommandLineFuzzer.cpp - fuzzed compile commands ------------------===//
//
// The input is a compile command, one argument per line, after a mode byte:
//   bit 0: an MSVC command (cl.exe ...), translated by translateMsvcCommand
//   bit 1: --platform=windows
// Every argument is also mapped as a foreign path (mapForeignPath) against a
// small project tree. The command then takes the path analyzePlanned gives
// it (arguments clang's driver crashes on dropped, code-loading arguments
// stripped, platform preset, resource dir) and clang's driver builds the
// compiler job from it, as ClangTool does. A crash there is one a compile
// command can cause in pipe-lint.
//
// Oracle: stripCodeLoadingArgs must leave nothing that makes the compiler
// load code. The driver turns -fplugin= into cc1's -load and passes -Xclang
// options through, so the cc1 arguments of every job the driver builds are
// parsed with clang's option table and checked for -load, -plugin,
// -add-plugin and -fpass-plugin=; a command starting with -cc1 (which
// ClangTool hands to the frontend without the driver) is checked as it is.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "driver/CommandLine.h"
#include "driver/Platform.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Driver/Compilation.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Job.h"
#include "clang/Driver/Options.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <cstdlib>

using namespace pipelint;

namespace {

struct Tree {
  std::string Root, Anchor, Source;
};

const Tree &tree() {
  static const Tree T = [] {
    Tree T;
    T.Root = fuzz::scratchDir() + "/proj";
    T.Anchor = T.Root + "/build";
    T.Source = T.Root + "/src/main.cpp";
    llvm::sys::fs::create_directories(T.Anchor);
    llvm::sys::fs::create_directories(T.Root + "/include/sub");
    llvm::sys::fs::create_directories(T.Root + "/src");
    fuzz::writeFile(T.Source, "int main() { return 0; }\n");
    fuzz::writeFile(T.Root + "/include/pre.h", "#pragma once\n");
    llvm::sys::fs::set_current_path(T.Root);
    return T;
  }();
  return T;
}

/// The first code-loading option of a frontend (cc1) command, parsed with
/// clang's own option table; "" when there is none.
std::string loadsCode(llvm::ArrayRef<const char *> Cc1Args) {
  using namespace clang::driver::options;
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList Parsed = clang::driver::getDriverOptTable().ParseArgs(
      Cc1Args, MissingIndex, MissingCount, llvm::opt::Visibility(CC1Option));
  for (const llvm::opt::Arg *A : Parsed)
    if (A->getOption().matches(OPT_load) ||
        A->getOption().matches(OPT_plugin) ||
        A->getOption().matches(OPT_add_plugin) ||
        A->getOption().matches(OPT_fpass_plugin_EQ))
      return A->getAsString(Parsed);
  return "";
}

[[noreturn]] void fail(llvm::StringRef Why, const std::vector<std::string> &In,
                       const std::vector<std::string> &Out) {
  llvm::errs() << "fuzz: " << Why << "\n  command:";
  for (const std::string &A : In)
    llvm::errs() << " '" << A << "'";
  llvm::errs() << "\n  after stripCodeLoadingArgs:";
  for (const std::string &A : Out)
    llvm::errs() << " '" << A << "'";
  llvm::errs() << "\n";
  std::abort();
}

void checkWithDriver(const std::vector<std::string> &Original,
                     const std::vector<std::string> &Args) {
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  if (Args.size() >= 2 && Args[1] == "-cc1") {
    std::string Found = loadsCode(llvm::ArrayRef(Argv).drop_front(2));
    if (!Found.empty())
      fail("a -cc1 command keeps " + Found, Original, Args);
    return;
  }
  clang::DiagnosticsEngine Diags(new clang::DiagnosticIDs(),
                                 new clang::DiagnosticOptions(),
                                 new clang::IgnoringDiagConsumer());
  clang::driver::Driver D(Args.front(), llvm::sys::getDefaultTargetTriple(),
                          Diags);
  D.setCheckInputsExist(false);
  std::unique_ptr<clang::driver::Compilation> C(D.BuildCompilation(Argv));
  if (!C)
    return;
  for (const clang::driver::Command &Job : C->getJobs()) {
    llvm::ArrayRef<const char *> JobArgs = Job.getArguments();
    if (JobArgs.empty() || llvm::StringRef(JobArgs.front()) != "-cc1")
      continue;
    std::string Found = loadsCode(JobArgs.drop_front());
    if (!Found.empty())
      fail("the compiler job gets " + Found, Original, Args);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size < 1)
    return -1;
  const Tree &T = tree();
  const uint8_t Mode = Data[0];
  std::vector<std::string> Words =
      fuzz::splitLines(fuzz::asText(Data + 1, Size - 1));
  if (Words.size() > 64)
    return -1;

  for (const std::string &W : Words) {
    isWindowsPath(W);
    mapForeignPath(W, T.Anchor);
  }

  std::vector<std::string> Command;
  if (Mode & 1) {
    std::vector<std::string> Msvc = {"cl.exe"};
    Msvc.insert(Msvc.end(), Words.begin(), Words.end());
    if (!isMsvcCommand(Msvc))
      __builtin_trap();
    std::vector<std::string> Dropped;
    Command = translateMsvcCommand(Msvc, T.Source, T.Anchor, Dropped);
  } else {
    Command = {"clang-tool"};
    Command.insert(Command.end(), Words.begin(), Words.end());
    isMsvcCommand(Command);
    Command.push_back(T.Source);
  }
  // ClangTool's own adjusters come first: syntax only.
  Command.insert(Command.begin() + 1, "-fsyntax-only");
  if (Mode & 4) // ... or a command that starts with -cc1
    Command.insert(Command.begin() + 1, "-cc1");

  std::vector<std::string> Removed;
  std::vector<std::string> Stripped =
      stripCodeLoadingArgs(dropArgsClangCrashesOn(Command), Removed);
  if (Stripped.empty())
    return 0;
  std::vector<std::string> Final =
      addResourceDir(adjustForPlatform(Stripped, (Mode & 2) ? Platform::Windows
                                                            : Platform::Host),
                     fuzz::resourceDir());
  if (std::getenv("PIPELINT_FUZZ_VERBOSE")) {
    for (const std::string &A : Final)
      llvm::errs() << " '" << A << "'";
    llvm::errs() << "\n";
  }
  checkWithDriver(Command, Final);
  return 0;
}
