//===--- Baseline.cpp - compare with an earlier run; merge shard logs -----===//
#include "report/Baseline.h"
#include "report/Reporters.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <cctype>
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

/// \p J[Key] when \p J is an object that has it, else null: a log that is
/// not quite what pipe-lint writes must not throw.
const json &member(const json &J, const char *Key) {
  static const json Null;
  if (!J.is_object())
    return Null;
  auto It = J.find(Key);
  return It == J.end() ? Null : *It;
}

std::string text(const json &J) {
  return J.is_string() ? J.get<std::string>() : "";
}

/// The artifactLocation of a result's first location (null if none).
const json &resultArtifact(const json &Result) {
  static const json Null;
  const json &Locations = member(Result, "locations");
  if (!Locations.is_array() || Locations.empty())
    return Null;
  return member(member(Locations[0], "physicalLocation"), "artifactLocation");
}

std::string resultKey(const json &Result) {
  return text(member(Result, "ruleId")) + "\n" +
         text(member(resultArtifact(Result), "uri")) + "\n" +
         text(member(member(Result, "partialFingerprints"),
                     "primaryLocationLineHash"));
}

/// "%2F" -> "/": the inverse of encodeUriPath.
std::string decodeUri(const std::string &Uri) {
  std::string Out;
  for (size_t I = 0; I < Uri.size(); ++I) {
    if (Uri[I] == '%' && I + 2 < Uri.size() &&
        std::isxdigit(static_cast<unsigned char>(Uri[I + 1])) &&
        std::isxdigit(static_cast<unsigned char>(Uri[I + 2]))) {
      Out += static_cast<char>(std::stoi(Uri.substr(I + 1, 2), nullptr, 16));
      I += 2;
    } else {
      Out += Uri[I];
    }
  }
  return Out;
}

/// The local path of a baseline result's file, or "" when its URI cannot be
/// resolved (another base id, another scheme).
std::string resultPath(const json &Result, const std::string &SourceRoot) {
  const json &Artifact = resultArtifact(Result);
  std::string Uri = text(member(Artifact, "uri"));
  std::string Base = text(member(Artifact, "uriBaseId"));
  if (Base == "%SRCROOT%" && !SourceRoot.empty() && !Uri.empty())
    return SourceRoot + (SourceRoot.back() == '/' ? "" : "/") + decodeUri(Uri);
  if (Base.empty() && llvm::StringRef(Uri).starts_with("file://"))
    return decodeUri(Uri.substr(7));
  return "";
}

} // namespace

BaselineSummary applyBaseline(std::vector<Finding> &Findings,
                              const json &Baseline,
                              const std::string &SourceRoot,
                              const std::vector<FileReport> &Files) {
  BaselineSummary Summary;
  // Copies of the baseline's results: the absent ones are handed out.
  std::vector<json> Old;
  std::map<std::string, std::vector<size_t>> ByKey;
  const json &Runs = member(Baseline, "runs");
  for (size_t RunI = 0; Runs.is_array() && RunI < Runs.size(); ++RunI) {
    const json &Results = member(Runs[RunI], "results");
    if (Results.is_array())
      for (const json &R : Results)
        if (R.is_object() && text(member(R, "baselineState")) != "absent") {
          ByKey[resultKey(R)].push_back(Old.size());
          Old.push_back(R);
        }
  }

  std::vector<bool> Matched(Old.size(), false);
  for (Finding &F : Findings) {
    json Location = artifactLocation(F.Pos.File, SourceRoot);
    std::string Key =
        F.RuleId + "\n" + Location.value("uri", "") + "\n" + F.Fingerprint;
    auto It = ByKey.find(Key);
    bool Found = false;
    if (It != ByKey.end())
      for (size_t I : It->second)
        if (!Matched[I]) {
          Matched[I] = Found = true;
          break;
        }
    F.Baseline = Found ? BaselineState::Unchanged : BaselineState::New;
    if (!F.Suppressed)
      ++(Found ? Summary.Unchanged : Summary.New);
  }

  // A result that was not found again is absent only where this run could
  // have found it: in a file it analysed in full, or in a file that is gone.
  // Files of other shards, excluded files and files that failed to compile
  // say nothing about it.
  std::set<std::string> Analysed;
  for (const FileReport &FR : Files)
    if (FR.Status == FileStatus::Analyzed)
      Analysed.insert(FR.File);
  for (size_t I = 0; I < Old.size(); ++I) {
    if (Matched[I])
      continue;
    std::string Path = resultPath(Old[I], SourceRoot);
    if (Path.empty())
      continue;
    if (Analysed.count(Path) || !llvm::sys::fs::exists(Path))
      Summary.Absent.push_back(Old[I]);
  }
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

namespace {

bool mergeLogs(const std::vector<json> &Logs, json &Out, std::string &Error) {
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
  RunSummary Summary;
  std::map<std::string, unsigned> FileCounts;
  std::set<std::string> AbsentSeen, OtherRoots;
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
        // Every shard lists the baseline's results in deleted files as
        // absent: keep one copy.
        if (R.value("baselineState", "") == "absent" &&
            !AbsentSeen.insert(R.dump()).second)
          continue;
        Results.push_back(R);
      }
      for (const json &Inv : Run.value("invocations", json::array())) {
        Success = Success && Inv.value("executionSuccessful", true);
        if (Inv.contains("commandLine"))
          CommandLines.push_back(Inv["commandLine"].get<std::string>());
        for (const json &N :
             Inv.value("toolExecutionNotifications", json::array())) {
          // The summaries are made again for the whole, below.
          if (N.is_object() && N.contains("properties") &&
              N["properties"].is_object() &&
              N["properties"].contains("summary"))
            continue;
          Notifications.push_back(N);
        }
        json Props = Inv.value("properties", json::object());
        if (Props.is_object()) {
          Summary.add(RunSummary::fromProperties(Props));
          for (const auto &P : Props.items())
            if (P.key().rfind("files", 0) == 0 &&
                P.value().is_number_unsigned())
              FileCounts[P.key()] += P.value().get<unsigned>();
        }
      }
      // A named copy: items() of a temporary would dangle in the loop.
      json RunBaseIds = Run.value("originalUriBaseIds", json::object());
      // Shards made in checkouts at different paths (other machines) are
      // still one analysis: their URIs are relative to their own root.
      // %SRCROOT% keeps the first log's value, and a note says so.
      for (auto &Base : RunBaseIds.items()) {
        if (!BaseIds.contains(Base.key())) {
          BaseIds[Base.key()] = Base.value();
        } else if (BaseIds[Base.key()] != Base.value()) {
          std::string Other = Base.value().value("uri", "");
          if (OtherRoots.insert(Other).second)
            Notifications.push_back(
                {{"level", "note"},
                 {"message",
                  {{"text", "The merged logs were made in different "
                            "checkouts: " +
                                Base.key() + " is " +
                                BaseIds[Base.key()].value("uri", "") +
                                " in this log and " + Other +
                                " in another; each log's paths are relative "
                                "to its own checkout."}}}});
        }
      }
      if (Automation.is_null() && Run.contains("automationDetails"))
        Automation = Run["automationDetails"];
    }
  }
  Tool["driver"]["rules"] = Rules;
  std::stable_sort(
      Results.begin(), Results.end(),
      [](const json &A, const json &B) { return sortKey(A) < sortKey(B); });
  json Invocation{{"executionSuccessful", Success}};
  if (!CommandLines.empty()) {
    std::string Joined;
    for (const std::string &C : CommandLines)
      Joined += (Joined.empty() ? "" : " ; ") + C;
    Invocation["commandLine"] = Joined;
  }
  for (const json &N : summaryNotifications(Summary))
    Notifications.push_back(N);
  if (!Notifications.empty())
    Invocation["toolExecutionNotifications"] = Notifications;
  if (!FileCounts.empty() || Summary.Seen || Summary.InferredFiles) {
    json Props = FileCounts;
    Summary.addTo(Props);
    Invocation["properties"] = Props;
  }
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

} // namespace

bool mergeSarif(const std::vector<json> &Logs, json &Out, std::string &Error) {
  try {
    return mergeLogs(Logs, Out, Error);
  } catch (const json::exception &E) {
    // A log that is valid JSON but not shaped as SARIF.
    Error =
        std::string("a log is not SARIF as pipe-lint writes it: ") + E.what();
    return false;
  }
}

} // namespace pipelint
