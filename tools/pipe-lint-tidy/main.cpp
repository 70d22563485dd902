//===--- main.cpp - pipe-lint-tidy: clang-tidy with the pipe-lint checks --===//
//
// All of clang-tidy 19 (every module Debian ships, from the same static
// libraries clang-tidy-19 is built from) plus the ipc-* checks linked in, for
// hosts that take a custom clang-tidy binary but cannot pass --load (IDEs,
// Windows, where clang-tidy cannot load plugins).
//
// The only differences from clang-tidy-19: --version also names the pipe-lint
// checks, and the Clang resource directory (builtin headers such as
// <stddef.h>) falls back to the one pipe-lint was built against when there is
// none next to the binary, so that a copy installed under any prefix works.
//
//===----------------------------------------------------------------------===//
#include "BuildConfig.h"

#include "ClangTidyForceLinker.h"
#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace clang::tidy {
// Defined in checks/PipeLintModule.cpp; referencing it keeps the module's
// registration in any link.
extern volatile int PipeLintModuleAnchorSource;
static int LLVM_ATTRIBUTE_UNUSED PipeLintModuleAnchorDestination =
    PipeLintModuleAnchorSource;
} // namespace clang::tidy

namespace {

/// True when the arguments before `--` already choose a resource directory.
bool choosesResourceDir(int Argc, const char **Argv) {
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg == "--")
      return false;
    if (Arg.contains("-resource-dir"))
      return true;
  }
  return false;
}

/// clang-tidy looks for the builtin headers in <bin>/../lib/clang/<major>.
bool hasResourceDirBeside(const char *Argv0) {
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);
  llvm::SmallString<256> Dir(
      llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe)));
  llvm::sys::path::append(Dir, "lib", "clang",
                          std::to_string(LLVM_VERSION_MAJOR), "include");
  return llvm::sys::fs::is_directory(Dir);
}

} // namespace

int main(int Argc, const char **Argv) {
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "pipe-lint-tidy: clang-tidy with the pipe-lint " PIPELINT_VERSION
          " checks (ipc-*)\n";
  });
  std::vector<const char *> Args(Argv, Argv + Argc);
  std::string ResourceArg =
      "--extra-arg-before=-resource-dir=" PIPELINT_CLANG_RESOURCE_DIR;
  if (Argc > 0 && !hasResourceDirBeside(Argv[0]) &&
      !choosesResourceDir(Argc, Argv) &&
      llvm::sys::fs::is_directory(PIPELINT_CLANG_RESOURCE_DIR "/include"))
    Args.insert(Args.begin() + 1, ResourceArg.c_str());
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size()), Args.data());
}
