//===--- JsonReporter.cpp - a flat JSON array for scripts -----------------===//
//
// --format=json: one object per finding, the fields documented in
// docs/usage.md. Paths are relative to the source root when inside it.
//
//===----------------------------------------------------------------------===//
#include "report/Reporters.h"

namespace pipelint {
namespace {

std::string shown(const std::string &File, const ReportContext &Ctx) {
  std::string Rel = relativeTo(File, Ctx.SourceRoot);
  return Rel.empty() ? File : Rel;
}

} // namespace

nlohmann::json buildJson(const AnalysisResult &Result,
                         const ReportContext &Ctx) {
  using nlohmann::json;
  json Out = json::array();
  std::vector<Finding> Findings = Result.Findings;
  if (!Findings.empty() && Findings.front().Fingerprint.empty())
    assignFingerprints(Findings);
  for (const Finding &F : Findings) {
    const RuleInfo *R = findRule(F.RuleId);
    json Notes = json::array();
    for (const FindingNote &N : F.Notes)
      Notes.push_back({{"file", shown(N.Pos.File, Ctx)},
                       {"line", N.Pos.Line},
                       {"column", N.Pos.Column},
                       {"message", N.Message}});
    json Fixes = json::array();
    for (const FixReplacement &X : F.Fixes)
      Fixes.push_back({{"file", shown(X.Range.File, Ctx)},
                       {"line", X.Range.Line},
                       {"column", X.Range.Column},
                       {"offset", X.Range.Offset},
                       {"length", X.Length},
                       {"replacement", X.Text}});
    json Item{{"rule", F.RuleId},
              {"level", std::string(levelName(F.Severity))},
              {"message", F.Message},
              {"file", shown(F.Pos.File, Ctx)},
              {"line", F.Pos.Line},
              {"column", F.Pos.Column},
              {"endLine", F.Pos.EndLine},
              {"endColumn", F.Pos.EndColumn},
              {"cwe", R ? json(R->Cwes) : json::array()},
              {"category", R ? std::string(R->Category) : ""},
              {"notes", Notes},
              {"fixes", Fixes},
              {"suppressed", F.Suppressed},
              {"fingerprint", F.Fingerprint}};
    if (F.Baseline != BaselineState::None)
      Item["baselineState"] =
          F.Baseline == BaselineState::New ? "new" : "unchanged";
    Out.push_back(Item);
  }
  return Out;
}

} // namespace pipelint
