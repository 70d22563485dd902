//===--- CompileDbFuzzer.cpp - fuzzed compile_commands.json ---------------===//
//
// The input is <scratch>/proj/build/compile_commands.json, in a project with
// a.cpp, src/b.c, src/c.cpp (listed by no seed) and an include folder. The
// run is planned as the CLI plans it with -p proj/build: once with no input
// (every entry) and once with explicit inputs (database entries, a file
// clang's interpolation must find a command for, the folder). Each planned
// command then goes through the argument adjusters analyzePlanned applies
// (plugin stripping, the platform preset, the resource dir). No file is
// parsed: the source fuzzer covers that.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "driver/CommandLine.h"
#include "driver/Inputs.h"
#include "driver/Platform.h"
#include "driver/ProjectDatabase.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"

using namespace pipelint;

namespace {

struct Project {
  std::string Root, Build;
};

const Project &project() {
  static const Project P = [] {
    Project P;
    P.Root = fuzz::scratchDir() + "/proj";
    P.Build = P.Root + "/build";
    llvm::sys::fs::create_directories(P.Build);
    llvm::sys::fs::create_directories(P.Root + "/src");
    llvm::sys::fs::create_directories(P.Root + "/include");
    fuzz::writeFile(P.Root + "/a.cpp", "#include <windows.h>\nint a;\n");
    fuzz::writeFile(P.Root + "/src/b.c", "int b;\n");
    fuzz::writeFile(P.Root + "/src/c.cpp", "int c;\n");
    // Relative paths of the database and of the inputs resolve from here.
    llvm::sys::fs::set_current_path(P.Root);
    return P;
  }();
  return P;
}

void adjust(const Plan &P) {
  for (const PlannedFile &F : P.Files) {
    std::vector<std::string> Removed;
    std::vector<std::string> Args =
        stripCodeLoadingArgs(F.Command.CommandLine, Removed);
    addResourceDir(adjustForPlatform(std::move(Args), F.Target),
                   fuzz::resourceDir());
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  const Project &Proj = project();
  fuzz::writeFile(Proj.Build + "/compile_commands.json",
                  fuzz::asText(Data, Size));

  std::string Error;
  std::unique_ptr<ProjectDatabase> DB =
      ProjectDatabase::load(Proj.Build + "/compile_commands.json", Error);
  if (!DB)
    return 0;
  DB->getAllCompileCommands();
  for (const DatabaseEntry &E : DB->entries())
    DB->getCompileCommands(E.File);

  AnalysisOptions Opts;
  Opts.BuildPath = Proj.Build;
  adjust(planAnalysis(Opts));
  Opts.Inputs = {"a.cpp", "src/b.c", "src/c.cpp", "include"};
  adjust(planAnalysis(Opts));
  return 0;
}
