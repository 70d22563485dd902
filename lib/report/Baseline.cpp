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

namespace {

/// Where \p Log has a member of another type than the one SARIF gives it,
/// among the members read by applyBaseline, mergeSarif and the SARIF
/// reporter (which copies absent results); "" when there is none. Members
/// may be missing: the readers have defaults.
std::string checkShape(const json &Log) {
  using Check = bool (json::*)() const noexcept;
  std::string Where;
  // True when \p Key of \p Obj is missing or passes \p Is; else sets Where.
  auto Member = [&Where](const json &Obj, const char *Key, Check Is,
                         const std::string &Path) {
    auto It = Obj.find(Key);
    if (It == Obj.end() || ((*It).*Is)())
      return true;
    Where = Path + "." + Key + " has the wrong type";
    return false;
  };
  auto Elements = [&Where](const json &Arr, Check Is, const std::string &Path) {
    for (size_t I = 0; I < Arr.size(); ++I)
      if (!(Arr[I].*Is)()) {
        Where = Path + "[" + std::to_string(I) + "] has the wrong type";
        return false;
      }
    return true;
  };
  const Check Obj = &json::is_object, Arr = &json::is_array,
              Str = &json::is_string, Int = &json::is_number_integer,
              Bool = &json::is_boolean;
  const json &Runs = Log["runs"];
  if (!Elements(Runs, Obj, "runs"))
    return Where;
  for (size_t RI = 0; RI < Runs.size(); ++RI) {
    const json &Run = Runs[RI];
    std::string P = "runs[" + std::to_string(RI) + "]";
    if (!Member(Run, "tool", Obj, P) || !Member(Run, "results", Arr, P) ||
        !Member(Run, "invocations", Arr, P) ||
        !Member(Run, "originalUriBaseIds", Obj, P))
      return Where;
    if (Run.contains("tool")) {
      const json &Tool = Run["tool"];
      if (!Member(Tool, "driver", Obj, P + ".tool"))
        return Where;
      if (Tool.contains("driver")) {
        const json &Driver = Tool["driver"];
        std::string D = P + ".tool.driver";
        if (!Member(Driver, "name", Str, D) || !Member(Driver, "rules", Arr, D))
          return Where;
        const json &Rules = Driver.value("rules", json::array());
        if (!Elements(Rules, Obj, D + ".rules"))
          return Where;
        for (const json &Rule : Rules)
          if (!Member(Rule, "id", Str, D + ".rules[]"))
            return Where;
      }
    }
    const json &Invocations = Run.value("invocations", json::array());
    if (!Elements(Invocations, Obj, P + ".invocations"))
      return Where;
    for (const json &Inv : Invocations)
      if (!Member(Inv, "executionSuccessful", Bool, P + ".invocations[]") ||
          !Member(Inv, "commandLine", Str, P + ".invocations[]") ||
          !Member(Inv, "toolExecutionNotifications", Arr, P + ".invocations[]"))
        return Where;
    const json &Results = Run.value("results", json::array());
    if (!Elements(Results, Obj, P + ".results"))
      return Where;
    for (size_t I = 0; I < Results.size(); ++I) {
      const json &R = Results[I];
      std::string RP = P + ".results[" + std::to_string(I) + "]";
      if (!Member(R, "ruleId", Str, RP) || !Member(R, "ruleIndex", Int, RP) ||
          !Member(R, "baselineState", Str, RP) ||
          !Member(R, "locations", Arr, RP) ||
          !Member(R, "partialFingerprints", Obj, RP))
        return Where;
      if (R.contains("partialFingerprints") &&
          !Member(R["partialFingerprints"], "primaryLocationLineHash", Str,
                  RP + ".partialFingerprints"))
        return Where;
      const json &Locations = R.value("locations", json::array());
      if (Locations.empty())
        continue;
      // Only the first location is read.
      std::string LP = RP + ".locations[0]";
      if (!Locations[0].is_object())
        return LP + " has the wrong type";
      if (!Member(Locations[0], "physicalLocation", Obj, LP))
        return Where;
      const json &Phys = Locations[0].value("physicalLocation", json::object());
      LP += ".physicalLocation";
      if (!Member(Phys, "artifactLocation", Obj, LP) ||
          !Member(Phys, "region", Obj, LP))
        return Where;
      if (Phys.contains("artifactLocation") &&
          !Member(Phys["artifactLocation"], "uri", Str,
                  LP + ".artifactLocation"))
        return Where;
      if (Phys.contains("region") &&
          (!Member(Phys["region"], "startLine", Int, LP + ".region") ||
           !Member(Phys["region"], "startColumn", Int, LP + ".region")))
        return Where;
    }
  }
  return "";
}

} // namespace

bool readSarif(const std::string &Path, json &Log, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    Error = Path + ": cannot be read: " + Buffer.getError().message();
    return false;
  }
  // Copying and printing a JSON value recurses once per level of nesting:
  // a log nested deeper than any SARIF needs is refused before that can
  // overflow the stack.
  constexpr int MaxDepth = 64;
  int Deepest = 0;
  Log =
      json::parse((*Buffer)->getBuffer().begin(), (*Buffer)->getBuffer().end(),
                  [&Deepest](int Depth, json::parse_event_t, json &) {
                    Deepest = std::max(Deepest, Depth);
                    return Depth <= MaxDepth;
                  },
                  false);
  if (Deepest > MaxDepth) {
    Error = Path + ": not a SARIF log: nested more than " +
            std::to_string(MaxDepth) + " levels deep";
    return false;
  }
  if (Log.is_discarded()) {
    Error = Path + ": not valid JSON";
    return false;
  }
  if (!Log.is_object() || !Log.contains("runs") || !Log["runs"].is_array()) {
    Error = Path + ": not a SARIF log (no \"runs\" array)";
    return false;
  }
  std::string Where = checkShape(Log);
  if (!Where.empty()) {
    Error = Path + ": not a SARIF log: " + Where;
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
  // Pointers into Baseline itself: json::value() would return copies that
  // are gone when the loop ends.
  auto Items = [](const json &Obj, const char *Key) -> const json & {
    static const json Empty = json::array();
    auto It = Obj.find(Key);
    return It != Obj.end() && It->is_array() ? *It : Empty;
  };
  std::map<std::string, std::vector<const json *>> Old;
  for (const json &Run : Items(Baseline, "runs"))
    for (const json &R : Items(Run, "results"))
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
  std::string ToolName;
  json Automation;
  bool Success = true;
  std::vector<std::string> CommandLines;
  for (const json &Log : Logs) {
    for (const json &Run : Log.value("runs", json::array())) {
      const json &Driver =
          Run.value("tool", json::object()).value("driver", json::object());
      if (Tool.is_null()) {
        Tool = Run.value("tool", json::object());
        ToolName = Driver.value("name", "");
      } else if (Driver.value("name", "") != ToolName) {
        return Error = "the logs come from different tools", false;
      }
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
      // items() refers to its json: a temporary from value() would be gone
      // before the loop starts.
      const json RunBaseIds = Run.value("originalUriBaseIds", json::object());
      for (auto &Base : RunBaseIds.items()) {
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
