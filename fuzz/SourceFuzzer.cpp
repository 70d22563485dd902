//===--- SourceFuzzer.cpp - every rule over one fuzzed translation unit ---===//
//
// The input is a translation unit: byte 0 chooses how it is compiled
//   bit 0: C (input.c) instead of C++ (input.cpp)
//   bit 1: --platform=windows (MinGW-w64 target) instead of the host
//   bit 2: the newest language standard (-std=c++2c / -std=c23)
// and the rest is the source. It is analysed in-process with every ipc-*
// rule, as one worker of the CLI does (analyzePlanned), the outcome goes
// through the MessagePack round trip a worker's result takes, and the text,
// Markdown, JSON and SARIF reports are made of it.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "driver/Analyzer.h"
#include "driver/Inputs.h"
#include "driver/Serialize.h"
#include "report/Reporters.h"

#include "llvm/Support/raw_ostream.h"

using namespace pipelint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size < 2)
    return -1;
  const uint8_t Mode = Data[0];
  llvm::StringRef Source = fuzz::asText(Data + 1, Size - 1);
  // The driver skips files with NUL bytes as binary (planAnalysis).
  if (Source.take_front(64 * 1024).contains('\0'))
    return -1;
  const bool IsC = Mode & 1;
  const std::string &Dir = fuzz::scratchDir();
  const std::string File = Dir + (IsC ? "/input.c" : "/input.cpp");
  fuzz::writeFile(File, Source);

  PlannedFile Planned;
  Planned.File = File;
  Planned.Target = (Mode & 2) ? Platform::Windows : Platform::Host;
  std::vector<std::string> Args = {"clang-tool"};
  if (Mode & 4)
    Args.push_back(IsC ? "-std=c23" : "-std=c++2c");
  Args.push_back(File);
  Planned.Command = clang::tooling::CompileCommand(Dir, File, Args, "");

  AnalysisOptions Opts;
  Opts.ResourceDir = fuzz::resourceDir();
  FileOutcome Outcome = analyzePlanned(Planned, Opts);

  // What a forked worker sends back to the CLI.
  std::vector<std::uint8_t> Bytes = nlohmann::json::to_msgpack(toJson(Outcome));
  nlohmann::json Back = nlohmann::json::from_msgpack(Bytes, true, false);
  if (Back.is_discarded())
    __builtin_trap(); // our own output must read back
  FileOutcome Read = outcomeFromJson(Back);

  AnalysisResult Result;
  Result.Files.push_back(Read.Report);
  Result.Findings = std::move(Read.Findings);
  sortFindings(Result.Findings);
  assignFingerprints(Result.Findings);
  ReportContext Ctx;
  Ctx.SourceRoot = Dir;
  Ctx.DisplayBase = Dir;
  Ctx.EnabledRules = enabledChecks("");
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeText(Result, Ctx, OS);
  writeMarkdown(Result, Ctx, OS);
  OS << dumpJson(buildJson(Result, Ctx)) << dumpJson(buildSarif(Result, Ctx));
  return 0;
}
