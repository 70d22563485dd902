//===--- Serialize.cpp - findings to and from JSON ------------------------===//
#include "driver/Serialize.h"

namespace pipelint {

using nlohmann::json;

std::string_view fileStatusName(FileStatus S) {
  switch (S) {
  case FileStatus::Analyzed:
    return "analysed";
  case FileStatus::Partial:
    return "partial";
  case FileStatus::Failed:
    return "failed";
  case FileStatus::Skipped:
    return "skipped";
  }
  return "failed";
}

json toJson(const SourcePos &P) {
  return {{"file", P.File},           {"line", P.Line},
          {"column", P.Column},       {"endLine", P.EndLine},
          {"endColumn", P.EndColumn}, {"offset", P.Offset}};
}

SourcePos sourcePosFromJson(const json &J) {
  SourcePos P;
  P.File = J.value("file", "");
  P.Line = J.value("line", 0u);
  P.Column = J.value("column", 0u);
  P.EndLine = J.value("endLine", 0u);
  P.EndColumn = J.value("endColumn", 0u);
  P.Offset = J.value("offset", 0u);
  return P;
}

json toJson(const Finding &F) {
  json Notes = json::array();
  for (const FindingNote &N : F.Notes)
    Notes.push_back({{"location", toJson(N.Pos)}, {"message", N.Message}});
  json Fixes = json::array();
  for (const FixReplacement &R : F.Fixes)
    Fixes.push_back(
        {{"range", toJson(R.Range)}, {"length", R.Length}, {"text", R.Text}});
  return {{"rule", F.RuleId},
          {"level", std::string(levelName(F.Severity))},
          {"message", F.Message},
          {"location", toJson(F.Pos)},
          {"notes", Notes},
          {"fixes", Fixes},
          {"suppressed", F.Suppressed},
          {"configuration", F.Configuration}};
}

Finding findingFromJson(const json &J) {
  Finding F;
  F.RuleId = J.value("rule", "");
  parseLevel(J.value("level", "warning"), F.Severity);
  F.Message = J.value("message", "");
  F.Pos = sourcePosFromJson(J.value("location", json::object()));
  for (const json &N : J.value("notes", json::array()))
    F.Notes.push_back({sourcePosFromJson(N.value("location", json::object())),
                       N.value("message", "")});
  for (const json &R : J.value("fixes", json::array())) {
    FixReplacement Fix;
    Fix.Range = sourcePosFromJson(R.value("range", json::object()));
    Fix.Length = R.value("length", 0u);
    Fix.Text = R.value("text", "");
    F.Fixes.push_back(std::move(Fix));
  }
  F.Suppressed = J.value("suppressed", false);
  F.Configuration = J.value("configuration", "");
  return F;
}

json toJson(const FileReport &R) {
  json J = {{"file", R.File},
            {"status", std::string(fileStatusName(R.Status))},
            {"problems", R.Problems},
            {"notices", R.Notices}};
  if (R.Prefiltered)
    J["prefiltered"] = true;
  J["configurations"] = R.Configurations;
  J["unresolved"] = R.Unresolved;
  J["ipcCallsSeen"] = R.IpcCallsSeen;
  J["ipcCallsAnalysed"] = R.IpcCallsAnalysed;
  J["analysedSites"] = R.AnalysedSites;
  J["missedSites"] = R.MissedSites;
  if (R.FromCache)
    J["fromCache"] = true;
  return J;
}

FileReport fileReportFromJson(const json &J) {
  FileReport R;
  R.File = J.value("file", "");
  std::string Status = J.value("status", "failed");
  for (FileStatus S : {FileStatus::Analyzed, FileStatus::Partial,
                       FileStatus::Failed, FileStatus::Skipped})
    if (fileStatusName(S) == Status)
      R.Status = S;
  R.Problems = J.value("problems", std::vector<std::string>());
  R.Notices = J.value("notices", std::vector<std::string>());
  R.Prefiltered = J.value("prefiltered", false);
  R.Configurations = J.value("configurations", std::vector<std::string>());
  R.Unresolved = J.value("unresolved", std::vector<std::string>());
  R.IpcCallsSeen = J.value("ipcCallsSeen", -1);
  R.IpcCallsAnalysed = J.value("ipcCallsAnalysed", -1);
  R.AnalysedSites = J.value("analysedSites", std::vector<unsigned>());
  R.MissedSites =
      J.value("missedSites", std::vector<std::pair<unsigned, std::string>>());
  R.FromCache = J.value("fromCache", false);
  return R;
}

std::string dumpJson(const json &J, int Indent) {
  return J.dump(Indent, ' ', /*ensure_ascii=*/false,
                json::error_handler_t::replace);
}

} // namespace pipelint
