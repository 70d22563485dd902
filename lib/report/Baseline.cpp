//===--- Baseline.cpp - compare with an earlier run; merge shard logs -----===//
#include "report/Baseline.h"
#include "report/Reporters.h"

#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace pipelint {

using nlohmann::json;

bool readSarif(const std::string &Path, json &Log, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    Error = Path + ": cannot be read: " + Buffer.getError().message();
    return false;
  }
  Log = json::parse((*Buffer)->getBuffer().begin(),
                    (*Buffer)->getBuffer().end(), nullptr, false);
  if (Log.is_discarded()) {
    Error = Path + ": not valid JSON";
    return false;
  }
  if (!Log.is_object() || !Log.contains("runs") || !Log["runs"].is_array()) {
    Error = Path + ": not a SARIF log (no \"runs\" array)";
    return false;
  }
  return true;
}

namespace {

std::string resultKey(const json &Result) {
  std::string Rule = Result.value("ruleId", "");
  std::string Uri;
  const json &Locations = Result.value("locations", json::array());
  if (!Locations.empty()) {
    const json &Artifact =
        Locations[0].value("physicalLocation", json::object())
            .value("artifactLocation", json::object());
    Uri = Artifact.value("uri", "");
  }
  std::string Hash = Result.value("partialFingerprints", json::object())
                         .value("primaryLocationLineHash", "");
  return Rule + "\n" + Uri + "\n" + Hash;
}

} // namespace

BaselineSummary applyBaseline(std::vector<Finding> &Findings,
                              const json &Baseline,
                              const std::string &SourceRoot) {
  BaselineSummary Summary;
  std::map<std::string, std::vector<const json *>> Old;
  for (const json &Run : Baseline.value("runs", json::array()))
    for (const json &R : Run.value("results", json::array()))
      if (R.value("baselineState", "") != "absent")
        Old[resultKey(R)].push_back(&R);

  std::set<const json *> Matched;
  for (Finding &F : Findings) {
    json Location = artifactLocation(F.Pos.File, SourceRoot);
    std::string Key = F.RuleId + "\n" + Location.value("uri", "") + "\n" +
                      F.Fingerprint;
    auto It = Old.find(Key);
    const json *Match = nullptr;
    if (It != Old.end())
      for (const json *Candidate : It->second)
        if (!Matched.count(Candidate)) {
          Match = Candidate;
          break;
        }
    if (Match) {
      Matched.insert(Match);
      F.Baseline = BaselineState::Unchanged;
      if (!F.Suppressed)
        ++Summary.Unchanged;
    } else {
      F.Baseline = BaselineState::New;
      if (!F.Suppressed)
        ++Summary.New;
    }
  }
  for (const auto &Entry : Old)
    for (const json *R : Entry.second)
      if (!Matched.count(R))
        Summary.Absent.push_back(*R);
  return Summary;
}

namespace {

/// A sort key for a result: file, line, column, rule.
std::tuple<std::string, long, long, std::string> sortKey(const json &R) {
  std::string Uri;
  long Line = 0, Column = 0;
  const json &Locations = R.value("locations", json::array());
  if (!Locations.empty()) {
    const json &Phys = Locations[0].value("physicalLocation", json::object());
    Uri = Phys.value("artifactLocation", json::object()).value("uri", "");
    const json &Region = Phys.value("region", json::object());
    Line = Region.value("startLine", 0L);
    Column = Region.value("startColumn", 0L);
  }
  return {Uri, Line, Column, R.value("ruleId", "")};
}

} // namespace

bool mergeSarif(const std::vector<json> &Logs, json &Out, std::string &Error) {
  if (Logs.empty()) {
    Error = "nothing to merge";
    return false;
  }
  json Rules = json::array();
  std::map<std::string, int> RuleIndex;
  json Results = json::array();
  json Notifications = json::array();
  json BaseIds = json::object();
  json Tool;
  json Automation;
  bool Success = true;
  std::vector<std::string> CommandLines;
  for (const json &Log : Logs) {
    for (const json &Run : Log.value("runs", json::array())) {
      const json &Driver =
          Run.value("tool", json::object()).value("driver", json::object());
      if (Tool.is_null())
        Tool = Run.value("tool", json::object());
      else if (Driver.value("name", "") !=
               Tool["driver"].value("name", ""))
        return Error = "the logs come from different tools", false;
      std::vector<std::string> LocalIds;
      for (const json &Rule : Driver.value("rules", json::array())) {
        std::string Id = Rule.value("id", "");
        LocalIds.push_back(Id);
        if (!RuleIndex.count(Id)) {
          RuleIndex[Id] = static_cast<int>(Rules.size());
          Rules.push_back(Rule);
        }
      }
      for (json R : Run.value("results", json::array())) {
        std::string Id = R.value("ruleId", "");
        if (Id.empty() && R.contains("ruleIndex")) {
          size_t I = R["ruleIndex"].get<size_t>();
          if (I < LocalIds.size())
            Id = LocalIds[I];
        }
        if (RuleIndex.count(Id))
          R["ruleIndex"] = RuleIndex[Id];
        Results.push_back(R);
      }
      for (const json &Inv : Run.value("invocations", json::array())) {
        Success = Success && Inv.value("executionSuccessful", true);
        if (Inv.contains("commandLine"))
          CommandLines.push_back(Inv["commandLine"].get<std::string>());
        for (const json &N :
             Inv.value("toolExecutionNotifications", json::array()))
          Notifications.push_back(N);
      }
      for (auto &Base : Run.value("originalUriBaseIds", json::object()).items()) {
        if (BaseIds.contains(Base.key()) && BaseIds[Base.key()] != Base.value())
          return Error = "the logs use different source roots (" + Base.key() +
                         ")",
                 false;
        BaseIds[Base.key()] = Base.value();
      }
      if (Automation.is_null() && Run.contains("automationDetails"))
        Automation = Run["automationDetails"];
    }
  }
  Tool["driver"]["rules"] = Rules;
  std::stable_sort(Results.begin(), Results.end(),
                   [](const json &A, const json &B) {
                     return sortKey(A) < sortKey(B);
                   });
  json Invocation{{"executionSuccessful", Success}};
  if (!CommandLines.empty()) {
    std::string Joined;
    for (const std::string &C : CommandLines)
      Joined += (Joined.empty() ? "" : " ; ") + C;
    Invocation["commandLine"] = Joined;
  }
  if (!Notifications.empty())
    Invocation["toolExecutionNotifications"] = Notifications;
  json Run{{"tool", Tool},
           {"invocations", json::array({Invocation})},
           {"columnKind", "unicodeCodePoints"},
           {"results", Results}};
  if (!BaseIds.empty())
    Run["originalUriBaseIds"] = BaseIds;
  if (!Automation.is_null())
    Run["automationDetails"] = Automation;
  Out = json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
             {"version", "2.1.0"},
             {"runs", json::array({Run})}};
  return true;
}

} // namespace pipelint
