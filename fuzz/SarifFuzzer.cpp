//===--- SarifFuzzer.cpp - fuzzed SARIF logs for --baseline and merge -----===//
//
// The input is a SARIF file as `--baseline` and `pipe-lint merge` read it
// (readSarif). A log that is read is then used the ways the CLI uses one:
// as the baseline of two findings (applyBaseline), whose absent results go
// into the SARIF, JSON, text and Markdown reports, and merged with itself
// and with a log pipe-lint wrote (mergeSarif), the result printed as the
// merge command prints it.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "driver/Serialize.h"
#include "report/Baseline.h"
#include "report/Reporters.h"

#include "llvm/Support/raw_ostream.h"

using namespace pipelint;

namespace {

AnalysisResult someFindings(const std::string &Root) {
  AnalysisResult R;
  for (unsigned Line : {3u, 7u}) {
    Finding F;
    F.RuleId = "ipc-null-dacl";
    F.Message = "a message";
    F.Pos.File = Root + "/src/a.cpp";
    F.Pos.Line = Line;
    F.Pos.Column = 5;
    R.Findings.push_back(F);
  }
  R.Files.push_back({Root + "/src/a.cpp", FileStatus::Analyzed, {}, {}});
  assignFingerprints(R.Findings);
  return R;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  const std::string &Dir = fuzz::scratchDir();
  const std::string Path = Dir + "/log.sarif";
  fuzz::writeFile(Path, fuzz::asText(Data, Size));
  nlohmann::json Log;
  std::string Error;
  if (!readSarif(Path, Log, Error))
    return 0;

  ReportContext Ctx;
  Ctx.SourceRoot = Dir;
  Ctx.DisplayBase = Dir;
  Ctx.EnabledRules = {"ipc-null-dacl"};
  AnalysisResult Result = someFindings(Dir);
  BaselineSummary Summary =
      applyBaseline(Result.Findings, Log, Dir, Result.Files);
  Ctx.BaselineApplied = true;
  Ctx.AbsentResults = Summary.Absent;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  nlohmann::json Sarif = buildSarif(Result, Ctx);
  OS << dumpJson(Sarif, 2) << dumpJson(buildJson(Result, Ctx));
  writeText(Result, Ctx, OS);
  writeMarkdown(Result, Ctx, OS);

  nlohmann::json Merged;
  if (mergeSarif({Log, Log}, Merged, Error))
    OS << dumpJson(Merged, 2);
  if (mergeSarif({Sarif, Log}, Merged, Error))
    OS << dumpJson(Merged, 2);
  return 0;
}
