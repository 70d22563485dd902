//===--- ConfigFuzzer.cpp - fuzzed .clang-tidy files and --checks globs ---===//
//
// The input's first line is a --checks value, the rest a `.clang-tidy` file
// next to probe.cpp. The driver reads that file with clang-tidy's own YAML
// parser (our options provider keeps its ipc-* globs only), the rules read
// their options from it (IpcFunctions, FlagNames), its ExtraArgs reach the
// compile command, and probe.cpp is analysed with the result.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "driver/Analyzer.h"
#include "driver/Inputs.h"

#include "llvm/Support/FileSystem.h"

using namespace pipelint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text = fuzz::asText(Data, Size);
  auto [Checks, Config] = Text.split('\n');
  const std::string &Dir = fuzz::scratchDir();
  static const std::string Probe = [&] {
    std::string Path = Dir + "/probe.cpp";
    llvm::sys::fs::copy_file(PIPELINT_FUZZ_DIR "/probe.cpp", Path);
    return Path;
  }();
  fuzz::writeFile(Dir + "/.clang-tidy", Config);

  // The CLI's --checks list, then an analysis with it.
  enabledChecks(Checks.str());
  AnalysisOptions Opts;
  Opts.ResourceDir = fuzz::resourceDir();
  Opts.Checks = Checks.str();
  PlannedFile Planned;
  Planned.File = Probe;
  Planned.Target = Platform::Host;
  Planned.Command = clang::tooling::CompileCommand(
      Dir, Probe, {"clang-tool", "-I", PIPELINT_FUZZ_DIR, Probe}, "");
  analyzePlanned(Planned, Opts);
  return 0;
}
