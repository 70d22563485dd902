//===--- SarifReporter.cpp - SARIF 2.1.0 output ---------------------------===//
#include "BuildConfig.h"
#include "driver/SourceText.h"
#include "report/Reporters.h"

#include <map>

namespace pipelint {
namespace {

using nlohmann::json;

/// SARIF's level names are ours ("error", "warning", "note", "none").
std::string sarifLevel(Level L) { return std::string(levelName(L)); }

/// SARIF messages are sentences: they end with a period.
std::string sentence(std::string Text) {
  if (!Text.empty() && Text.back() != '.' && Text.back() != '?' &&
      Text.back() != '!')
    Text += '.';
  if (!Text.empty() && Text.front() >= 'a' && Text.front() <= 'z')
    Text.front() = static_cast<char>(Text.front() - 'a' + 'A');
  return Text;
}

/// In a message with embedded links, literal brackets are escaped.
std::string escapeLinkText(const std::string &Text) {
  std::string Out;
  for (char C : Text) {
    if (C == '[' || C == ']' || C == '\\')
      Out += '\\';
    Out += C;
  }
  return Out;
}

json ruleJson(const RuleInfo &R) {
  json Tags = json::array({"security"});
  for (int Cwe : R.Cwes)
    Tags.push_back("external/cwe/cwe-" + std::to_string(Cwe));
  return json{
      {"id", std::string(R.Id)},
      {"name", std::string(R.Name)},
      {"shortDescription", {{"text", sentence(std::string(R.Short))}}},
      {"fullDescription", {{"text", sentence(R.fullDescription())}}},
      {"help",
       {{"text", std::string(R.Markdown)},
        {"markdown", std::string(R.Markdown)}}},
      {"helpUri", std::string(PIPELINT_DOCS_URI) + std::string(R.Id) + ".md"},
      {"defaultConfiguration", {{"level", sarifLevel(R.DefaultLevel)}}},
      {"properties",
       {{"tags", Tags},
        {"precision", std::string(R.Precision)},
        {"security-severity", std::string(R.SecuritySeverity)}}}};
}

class SarifBuilder {
public:
  SarifBuilder(const ReportContext &Ctx) : Ctx(Ctx) {}

  json location(const std::string &File) const {
    return artifactLocation(File, Ctx.SourceRoot);
  }

  json region(const SourcePos &Pos) {
    json R;
    if (Pos.Line == 0)
      return R;
    const SourceText *Text = Cache.get(Pos.File);
    auto Column = [&](unsigned Line, unsigned Col) {
      return Text ? codePointColumn(Text->line(Line), Col) : Col;
    };
    R["startLine"] = Pos.Line;
    R["startColumn"] = Column(Pos.Line, Pos.Column);
    unsigned EndLine = Pos.EndLine ? Pos.EndLine : Pos.Line;
    unsigned EndColumn = Pos.EndLine ? Pos.EndColumn : Pos.Column + 1;
    R["endLine"] = EndLine;
    R["endColumn"] = Column(EndLine, EndColumn);
    if (Text)
      R["snippet"] = {{"text", std::string(Text->line(Pos.Line))}};
    return R;
  }

  json physicalLocation(const SourcePos &Pos) {
    json L{{"artifactLocation", location(Pos.File)}};
    json R = region(Pos);
    if (!R.empty())
      L["region"] = R;
    return L;
  }

  json result(const Finding &F, int RuleIndex) {
    // Notes become related locations, linked from the message.
    std::string Message = sentence(F.Message);
    if (!F.Notes.empty()) {
      Message = escapeLinkText(Message) + " See";
      for (size_t I = 0; I < F.Notes.size(); ++I)
        Message += std::string(I ? "," : "") + " [" +
                   escapeLinkText(F.Notes[I].Message) + "](" +
                   std::to_string(I + 1) + ")";
      Message += ".";
    }
    json R{
        {"ruleId", F.RuleId},
        {"level", sarifLevel(F.Severity)},
        {"message", {{"text", Message}}},
        {"locations",
         json::array({{{"physicalLocation", physicalLocation(F.Pos)}}})},
        {"partialFingerprints", {{"primaryLocationLineHash", F.Fingerprint}}}};
    if (RuleIndex >= 0)
      R["ruleIndex"] = RuleIndex;
    if (!F.Notes.empty()) {
      json Related = json::array();
      int Id = 1;
      for (const FindingNote &N : F.Notes)
        Related.push_back({{"id", Id++},
                           {"message", {{"text", sentence(N.Message)}}},
                           {"physicalLocation", physicalLocation(N.Pos)}});
      R["relatedLocations"] = Related;
    }
    if (!F.Fixes.empty()) {
      std::map<std::string, json> ByFile;
      for (const FixReplacement &Fix : F.Fixes) {
        json Deleted = region(Fix.Range);
        Deleted.erase("snippet");
        if (Fix.Length == 0) {
          Deleted["endLine"] = Deleted["startLine"];
          Deleted["endColumn"] = Deleted["startColumn"];
        }
        ByFile[Fix.Range.File].push_back(
            {{"deletedRegion", Deleted},
             {"insertedContent", {{"text", Fix.Text}}}});
      }
      json Changes = json::array();
      for (auto &Entry : ByFile)
        Changes.push_back({{"artifactLocation", location(Entry.first)},
                           {"replacements", Entry.second}});
      R["fixes"] =
          json::array({{{"description", {{"text", "Apply the suggested fix."}}},
                        {"artifactChanges", Changes}}});
    }
    if (F.Suppressed)
      R["suppressions"] = json::array({{{"kind", "inSource"}}});
    if (!F.Configuration.empty())
      R["properties"] = {{"configuration", F.Configuration}};
    if (F.Baseline == BaselineState::New)
      R["baselineState"] = "new";
    else if (F.Baseline == BaselineState::Unchanged)
      R["baselineState"] = "unchanged";
    return R;
  }

private:
  const ReportContext &Ctx;
  SourceCache Cache;
};

} // namespace

json buildSarif(const AnalysisResult &Result, const ReportContext &Ctx) {
  json Rules = json::array();
  std::map<std::string, int> RuleIndex;
  for (const RuleInfo &R : allRules()) {
    bool Enabled = Ctx.EnabledRules.empty();
    for (const std::string &Id : Ctx.EnabledRules)
      Enabled = Enabled || Id == R.Id;
    bool Used = false;
    for (const Finding &F : Result.Findings)
      Used = Used || F.RuleId == R.Id;
    for (const json &A : Ctx.AbsentResults)
      Used = Used || A.value("ruleId", "") == R.Id;
    if (!Enabled && !Used)
      continue;
    RuleIndex[std::string(R.Id)] = static_cast<int>(Rules.size());
    Rules.push_back(ruleJson(R));
  }

  std::vector<Finding> Findings = Result.Findings;
  if (!Findings.empty() && Findings.front().Fingerprint.empty())
    assignFingerprints(Findings);
  SarifBuilder Builder(Ctx);
  json Results = json::array();
  for (const Finding &F : Findings) {
    auto It = RuleIndex.find(F.RuleId);
    Results.push_back(
        Builder.result(F, It == RuleIndex.end() ? -1 : It->second));
  }
  for (json Absent : Ctx.AbsentResults) {
    Absent["baselineState"] = "absent";
    auto It = RuleIndex.find(Absent.value("ruleId", ""));
    if (It == RuleIndex.end())
      Absent.erase("ruleIndex");
    else
      Absent["ruleIndex"] = It->second;
    Results.push_back(Absent);
  }

  json Notifications = json::array();
  bool Success = true;
  for (const FileReport &FR : Result.Files) {
    std::vector<std::string> Lines;
    for (const std::string &N : FR.Notices)
      Lines.push_back(N);
    // What was assumed (inferred command, unresolved includes, IPC calls
    // not analysed), when there is more to say than one configuration.
    if (!FR.Unresolved.empty() || FR.Configurations.size() > 1 ||
        FR.IpcCallsAnalysed < FR.IpcCallsSeen) {
      std::string Assumed = fileAssumptions(FR);
      if (!Assumed.empty())
        Lines.push_back(Assumed);
    }
    if (FR.Status != FileStatus::Analyzed) {
      std::string What;
      switch (FR.Status) {
      case FileStatus::Partial:
        What = "analysed partially: the file did not compile cleanly";
        break;
      case FileStatus::Failed:
        What = "not analysed";
        Success = false;
        break;
      case FileStatus::Skipped:
        What = "skipped";
        break;
      case FileStatus::Analyzed:
        break;
      }
      for (const std::string &P : FR.Problems)
        What += "; " + P;
      Notifications.push_back(
          {{"level", FR.Status == FileStatus::Failed ? "error" : "warning"},
           {"message", {{"text", sentence(What)}}},
           {"locations", json::array({{{"physicalLocation",
                                        {{"artifactLocation",
                                          Builder.location(FR.File)}}}}})}});
    }
    for (const std::string &N : Lines)
      Notifications.push_back(
          {{"level", "note"},
           {"message", {{"text", sentence(N)}}},
           {"locations", json::array({{{"physicalLocation",
                                        {{"artifactLocation",
                                          Builder.location(FR.File)}}}}})}});
  }
  for (const std::string &P : Result.RunProblems)
    Notifications.push_back(
        {{"level", "error"}, {"message", {{"text", sentence(P)}}}});
  for (const std::string &N : Result.RunNotices)
    Notifications.push_back(
        {{"level", "note"}, {"message", {{"text", sentence(N)}}}});
  RunSummary Summary = RunSummary::of(Result);
  for (const json &N : summaryNotifications(Summary))
    Notifications.push_back(N);

  json Invocation{{"executionSuccessful", Success}};
  {
    // Figures for scripts (bench/audit reads them).
    unsigned Total = 0, Fully = 0, Partial = 0, Failed = 0, Skipped = 0;
    for (const FileReport &FR : Result.Files) {
      ++Total;
      Fully += FR.Status == FileStatus::Analyzed && !FR.Prefiltered;
      Partial += FR.Status == FileStatus::Partial;
      Failed += FR.Status == FileStatus::Failed;
      Skipped += FR.Status == FileStatus::Skipped;
    }
    Invocation["properties"] = {{"filesTotal", Total},
                                {"filesParsedFully", Fully},
                                {"filesPartial", Partial},
                                {"filesFailed", Failed},
                                {"filesSkipped", Skipped},
                                {"filesPrefiltered", Result.prefilteredCount()},
                                {"filesFromCache", Result.fromCacheCount()}};
    Summary.addTo(Invocation["properties"]);
  }
  if (!Ctx.LevelOverrides.empty()) {
    json Configs = json::array();
    for (const auto &Entry : Ctx.LevelOverrides) {
      auto It = RuleIndex.find(Entry.first);
      if (It == RuleIndex.end())
        continue;
      Configs.push_back(
          {{"descriptor", {{"id", Entry.first}, {"index", It->second}}},
           {"configuration", {{"level", sarifLevel(Entry.second)}}}});
    }
    Invocation["ruleConfigurationOverrides"] = Configs;
  }
  if (!Ctx.CommandLine.empty())
    Invocation["commandLine"] = Ctx.CommandLine;
  if (!Notifications.empty())
    Invocation["toolExecutionNotifications"] = Notifications;

  json Run{{"tool",
            {{"driver",
              {{"name", "pipe-lint"},
               {"version", PIPELINT_VERSION},
               {"semanticVersion", PIPELINT_VERSION},
               {"informationUri", PIPELINT_INFORMATION_URI},
               {"rules", Rules}}}}},
           {"invocations", json::array({Invocation})},
           {"columnKind", "unicodeCodePoints"},
           {"results", Results}};
  if (!Ctx.Category.empty())
    Run["automationDetails"] = {{"id", Ctx.Category + "/"}};
  if (!Ctx.SourceRoot.empty()) {
    std::string Root = Ctx.SourceRoot;
    if (Root.back() != '/')
      Root += '/';
    Run["originalUriBaseIds"] = {
        {"%SRCROOT%", {{"uri", "file://" + encodeUriPath(Root)}}}};
  }
  return json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({Run})}};
}

} // namespace pipelint
