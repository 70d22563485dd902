//===--- ReportSarifTest.cpp - SARIF details, --shard and merge, end to end
//===//
//
// Runs the CLI on copies of Windows C fixtures in a temporary folder (the
// source root). The logs go to PIPELINT_SARIF_OUT_DIR: sarif_validation
// checks the shard logs, the merged log and the baselined ones.
//
//===----------------------------------------------------------------------===//
#include "ReportTestUtil.h"

#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <set>

namespace pipelint::test {
namespace {

using nlohmann::json;

/// Windows C fixtures whose copies make up the sharded project: several
/// files with findings of several rules, all compiling cleanly.
const char *const ProjectRules[] = {
    "ipc-invalid-handle-check",
    "ipc-leaked-pipe-handle",
    "ipc-null-dacl",
    "ipc-null-security-attributes",
    "ipc-pipe-instance-squatting",
    "ipc-pipe-remote-clients",
    "ipc-pipe-client-impersonation",
    "ipc-unchecked-impersonation",
};

struct Project {
  std::string Root;
  Project() {
    Root = makeTempDir("pipelint-shards");
    llvm::sys::fs::create_directories(Root + "/src");
    for (const char *Rule : ProjectRules)
      writeFileText(Root + "/src/" + Rule + ".c",
                    fixtureText(std::string(Rule) + "/positive.c"));
  }
  /// Analyses src/ (every rule) into log \p Name.
  RunResult run(const std::string &Name,
                const std::vector<std::string> &Extra = {}) const {
    std::vector<std::string> Args = {
        "--platform=windows", "--source-root", Root, "--format=sarif", "-o",
        reportSarifPath(Name)};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    Args.push_back(Root + "/src");
    return runCli(Args);
  }
};

std::set<std::string> uris(const json &Results) {
  std::set<std::string> Out;
  for (const json &R : Results)
    Out.insert(resultUri(R));
  return Out;
}

/// The notifications of an invocation that are not run summaries (coverage,
/// inferred configurations: those are rebuilt by merge).
json ownNotifications(const json &Invocation) {
  json Out = json::array();
  for (const json &N :
       Invocation.value("toolExecutionNotifications", json::array()))
    if (!N.contains("properties") || !N["properties"].contains("summary"))
      Out.push_back(N);
  return Out;
}

json summaryNotifications(const json &Invocation) {
  json Out = json::array();
  for (const json &N :
       Invocation.value("toolExecutionNotifications", json::array()))
    if (N.contains("properties") && N["properties"].contains("summary"))
      Out.push_back(N);
  return Out;
}

/// The run without what legitimately differs between a full run and merged
/// shards: the invocation (command lines).
json comparable(const json &Log) {
  json Run = Log["runs"][0];
  Run.erase("invocations");
  return Run;
}

TEST(ReportShard, MergedShardsEqualOneFullRun) {
  Project P;
  RunResult Full = P.run("shard-full");
  ASSERT_EQ(Full.ExitCode, 1) << Full.Err;
  RunResult S1 = P.run("shard-1of2", {"--shard", "1/2"});
  RunResult S2 = P.run("shard-2of2", {"--shard", "2/2"});
  EXPECT_EQ(S1.ExitCode, 1) << S1.Err;
  EXPECT_EQ(S2.ExitCode, 1) << S2.Err;
  json FullLog = readJsonFile(reportSarifPath("shard-full"));
  ASSERT_TRUE(ownNotifications(FullLog["runs"][0]["invocations"][0]).empty())
      << FullLog["runs"][0]["invocations"].dump();
  json Log1 = readJsonFile(reportSarifPath("shard-1of2"));
  json Log2 = readJsonFile(reportSarifPath("shard-2of2"));

  // Each file is in exactly one shard, and both shards have work.
  std::set<std::string> Files1 = uris(sarifResults(Log1));
  std::set<std::string> Files2 = uris(sarifResults(Log2));
  EXPECT_FALSE(Files1.empty());
  EXPECT_FALSE(Files2.empty());
  for (const std::string &F : Files1)
    EXPECT_EQ(Files2.count(F), 0u) << F << " is in both shards";
  std::set<std::string> Both = Files1;
  Both.insert(Files2.begin(), Files2.end());
  EXPECT_EQ(Both, uris(sarifResults(FullLog)));
  EXPECT_EQ(Both.size(), std::size(ProjectRules));

  std::string Merged = reportSarifPath("shard-merged");
  RunResult M = runCli({"merge", reportSarifPath("shard-1of2"),
                        reportSarifPath("shard-2of2"), "-o", Merged});
  ASSERT_EQ(M.ExitCode, 0) << M.Err;
  json MergedLog = readJsonFile(Merged);
  ASSERT_TRUE(MergedLog.is_object());
  EXPECT_EQ(MergedLog["runs"].size(), 1u);
  // The same rules (each once), results, fingerprints, base ids.
  EXPECT_EQ(comparable(MergedLog), comparable(FullLog));
  const json &Rules = MergedLog["runs"][0]["tool"]["driver"]["rules"];
  std::set<std::string> Ids;
  for (const json &R : Rules)
    EXPECT_TRUE(Ids.insert(R["id"].get<std::string>()).second) << R["id"];
  for (const json &R : sarifResults(MergedLog))
    EXPECT_EQ(Rules[R["ruleIndex"].get<int>()]["id"], R["ruleId"]);
  // Both command lines are kept.
  const json &Inv = MergedLog["runs"][0]["invocations"];
  ASSERT_EQ(Inv.size(), 1u);
  // The counts (files, IPC call sites, inferred commands) and their
  // summaries add up to the full run's.
  EXPECT_EQ(Inv[0]["properties"],
            FullLog["runs"][0]["invocations"][0]["properties"]);
  EXPECT_EQ(summaryNotifications(Inv[0]),
            summaryNotifications(FullLog["runs"][0]["invocations"][0]));
  EXPECT_GT(Inv[0]["properties"]["ipcCallSitesSeen"].get<unsigned>(), 0u);
  EXPECT_TRUE(Inv[0]["executionSuccessful"].get<bool>());
  std::string CommandLine = Inv[0]["commandLine"];
  EXPECT_NE(CommandLine.find("--shard 1/2"), std::string::npos) << CommandLine;
  EXPECT_NE(CommandLine.find("--shard 2/2"), std::string::npos) << CommandLine;
}

TEST(ReportShard, ShardsFromCheckoutsAtDifferentPathsMerge) {
  // Two machines, two checkout paths: shard 1 here, shard 2 there.
  Project Here, There;
  ASSERT_EQ(Here.run("shard-here").ExitCode, 1);
  RunResult S1 = Here.run("shard-here-1of2", {"--shard", "1/2"});
  RunResult S2 = There.run("shard-there-2of2", {"--shard", "2/2"});
  ASSERT_NE(S1.ExitCode, 2) << S1.Err;
  ASSERT_NE(S2.ExitCode, 2) << S2.Err;
  std::string Merged = reportSarifPath("shard-two-checkouts");
  RunResult M = runCli({"merge", reportSarifPath("shard-here-1of2"),
                        reportSarifPath("shard-there-2of2"), "-o", Merged});
  ASSERT_EQ(M.ExitCode, 0) << M.Err;
  json Log = readJsonFile(Merged);
  json Full = readJsonFile(reportSarifPath("shard-here"));
  // The results of one full run; %SRCROOT% is the first log's.
  EXPECT_EQ(Log["runs"][0]["results"], Full["runs"][0]["results"]);
  EXPECT_EQ(Log["runs"][0]["originalUriBaseIds"],
            Full["runs"][0]["originalUriBaseIds"]);
  json Notes = ownNotifications(Log["runs"][0]["invocations"][0]);
  ASSERT_EQ(Notes.size(), 1u) << Log["runs"][0]["invocations"].dump();
  // The summaries (files, IPC call sites, inferred commands) are those of
  // one full run: merge adds the shards' counts and says them once.
  EXPECT_EQ(summaryNotifications(Log["runs"][0]["invocations"][0]),
            summaryNotifications(Full["runs"][0]["invocations"][0]));
  EXPECT_EQ(Log["runs"][0]["invocations"][0]["properties"],
            Full["runs"][0]["invocations"][0]["properties"]);
  EXPECT_EQ(Notes[0]["level"], "note");
  std::string Text = Notes[0]["message"]["text"];
  EXPECT_NE(Text.find("file://" + There.Root + "/"), std::string::npos) << Text;
}

TEST(ReportShard, EmptyShardIsNoErrorAndMergeRejectsNonSarif) {
  Project P;
  // Three shards of one file: at least one of them is empty.
  std::string One = P.Root + "/src/ipc-null-dacl.c";
  int Empty = 0;
  for (int K = 1; K <= 3; ++K) {
    std::string Name = "shard-single-" + std::to_string(K);
    RunResult R = runCli({"--platform=windows", "--source-root", P.Root,
                          "--format=sarif", "-o", reportSarifPath(Name),
                          "--shard", std::to_string(K) + "/3", One});
    json Results = sarifResults(readJsonFile(reportSarifPath(Name)));
    if (Results.empty()) {
      ++Empty;
      EXPECT_EQ(R.ExitCode, 0) << R.Err;
    } else {
      EXPECT_EQ(R.ExitCode, 1) << R.Err;
    }
  }
  EXPECT_EQ(Empty, 2);
  EXPECT_EQ(runCli({"--shard", "0/2", One}).ExitCode, 2);
  EXPECT_EQ(runCli({"--shard", "3/2", One}).ExitCode, 2);
  EXPECT_EQ(runCli({"--shard", "half", One}).ExitCode, 2);

  writeFileText(P.Root + "/not.sarif", "[1, 2]");
  RunResult Bad =
      runCli({"merge", P.Root + "/not.sarif", "-o", P.Root + "/out.sarif"});
  EXPECT_EQ(Bad.ExitCode, 2);
  EXPECT_NE(Bad.Err.find("not.sarif"), std::string::npos) << Bad.Err;
  writeFileText(P.Root + "/odd.sarif", R"({"runs": [3]})");
  RunResult Odd =
      runCli({"merge", P.Root + "/odd.sarif", "-o", P.Root + "/out.sarif"});
  EXPECT_EQ(Odd.ExitCode, 2) << Odd.Err;
  EXPECT_NE(Odd.Err.find("odd.sarif: not a SARIF log: runs[0] has the wrong "
                         "type"),
            std::string::npos)
      << Odd.Err;
}

TEST(ReportShard, ShardsWithABaselineListOnlyWhatIsReallyGone) {
  Project P;
  ASSERT_EQ(P.run("shard-baseline-base").ExitCode, 1);
  std::string Base = reportSarifPath("shard-baseline-base");
  json BaseResults = sarifResults(readJsonFile(Base));

  // Unchanged code, analysed in two shards against the full baseline: the
  // other shard's findings are not "absent".
  for (int K = 1; K <= 2; ++K) {
    std::string Name = "shard-baseline-same-" + std::to_string(K);
    RunResult R =
        P.run(Name, {"--shard", std::to_string(K) + "/2", "--baseline", Base});
    EXPECT_EQ(R.ExitCode, 0) << R.Err;
    EXPECT_NE(R.Err.find(" 0 absent"), std::string::npos) << R.Err;
    for (const json &Res : sarifResults(readJsonFile(reportSarifPath(Name))))
      EXPECT_EQ(Res["baselineState"], "unchanged") << Res.dump();
  }

  // One file deleted: each shard reports its findings as absent (the file
  // belongs to no shard any more); the merged log lists them once.
  const std::string Gone = "src/ipc-null-dacl.c";
  int GoneCount = 0;
  for (const json &R : BaseResults)
    GoneCount += resultUri(R) == Gone;
  ASSERT_GT(GoneCount, 0);
  llvm::sys::fs::remove(P.Root + "/" + Gone);
  for (int K = 1; K <= 2; ++K)
    EXPECT_EQ(P.run("shard-baseline-gone-" + std::to_string(K),
                    {"--shard", std::to_string(K) + "/2", "--baseline", Base})
                  .ExitCode,
              0);
  std::string Merged = reportSarifPath("shard-baseline-merged");
  ASSERT_EQ(runCli({"merge", reportSarifPath("shard-baseline-gone-1"),
                    reportSarifPath("shard-baseline-gone-2"), "-o", Merged})
                .ExitCode,
            0);
  json Results = sarifResults(readJsonFile(Merged));
  EXPECT_EQ(Results.size(), BaseResults.size());
  int Absent = 0;
  for (const json &R : Results) {
    bool IsGone = resultUri(R) == Gone;
    EXPECT_EQ(R["baselineState"], IsGone ? "absent" : "unchanged") << R.dump();
    Absent += IsGone;
  }
  EXPECT_EQ(Absent, GoneCount);
}

TEST(ReportSarif, CategoryRootInvocationAndFixes) {
  Project P;
  std::string File = P.Root + "/src/ipc-invalid-handle-check.c";
  std::string Out = reportSarifPath("category");
  RunResult R =
      runCli({"--checks=-*,ipc-invalid-handle-check", "--platform=windows",
              "--source-root", P.Root, "--category", "ipc/windows",
              "--format=sarif", "-o", Out, File});
  ASSERT_EQ(R.ExitCode, 1) << R.Err;
  json Log = readJsonFile(Out);
  const json &Run = Log["runs"][0];
  // GitHub reads the category from automationDetails.id; "/" ends it.
  EXPECT_EQ(Run["automationDetails"]["id"], "ipc/windows/");
  EXPECT_EQ(Run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file://" + P.Root + "/");
  const json &Inv = Run["invocations"][0];
  EXPECT_TRUE(Inv["executionSuccessful"].get<bool>());
  std::string CommandLine = Inv["commandLine"];
  EXPECT_NE(CommandLine.find("--category ipc/windows"), std::string::npos)
      << CommandLine;
  EXPECT_TRUE(ownNotifications(Inv).empty()) << Inv.dump();
  // Only the enabled rule is described.
  ASSERT_EQ(Run["tool"]["driver"]["rules"].size(), 1u);

  // The wrong test `if (h == 0)` (line 11 of the fixture, column 7) carries
  // a fix-it that replaces the `0` (column 12) by INVALID_HANDLE_VALUE.
  const json *WithFix = nullptr;
  for (const json &Res : Run["results"])
    if (Res.contains("fixes") && !WithFix)
      WithFix = &Res;
  ASSERT_NE(WithFix, nullptr);
  EXPECT_EQ(resultLine(*WithFix), 11);
  const json &Change = (*WithFix)["fixes"][0]["artifactChanges"][0];
  EXPECT_EQ(Change["artifactLocation"]["uri"],
            "src/ipc-invalid-handle-check.c");
  EXPECT_EQ(Change["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  const json &Repl = Change["replacements"][0];
  EXPECT_EQ(Repl["insertedContent"]["text"], "INVALID_HANDLE_VALUE");
  EXPECT_EQ(Repl["deletedRegion"]["startLine"], 11);
  EXPECT_EQ(Repl["deletedRegion"]["startColumn"], 12);
  EXPECT_EQ(Repl["deletedRegion"]["endColumn"], 13);
}

TEST(ReportSarif, MessageLinksNameTheRelatedLocations) {
  Project P;
  std::string Out = reportSarifPath("links");
  RunResult R =
      runCli({"--checks=-*,ipc-invalid-handle-check", "--platform=windows",
              "--source-root", P.Root, "--format=sarif", "-o", Out,
              P.Root + "/src/ipc-invalid-handle-check.c"});
  ASSERT_EQ(R.ExitCode, 1) << R.Err;
  json Results = sarifResults(readJsonFile(Out));
  ASSERT_FALSE(Results.empty());
  std::regex Link(R"(\[((?:[^\]\\]|\\.)*)\]\((\d+)\))");
  int WithNotes = 0;
  for (const json &Res : Results) {
    std::string Text = Res["message"]["text"];
    std::map<int, std::string> Linked;
    for (std::sregex_iterator It(Text.begin(), Text.end(), Link), End;
         It != End; ++It)
      Linked[std::stoi((*It)[2])] = (*It)[1];
    if (!Res.contains("relatedLocations")) {
      EXPECT_TRUE(Linked.empty()) << Text;
      continue;
    }
    ++WithNotes;
    std::map<int, std::string> Related;
    for (const json &L : Res["relatedLocations"]) {
      Related[L["id"].get<int>()] = L["message"]["text"];
      EXPECT_EQ(L["physicalLocation"]["artifactLocation"]["uriBaseId"],
                "%SRCROOT%");
    }
    // Every link names a related location and every related location is
    // linked, with the note's own text (as a sentence in the location).
    ASSERT_EQ(Linked.size(), Related.size()) << Text;
    for (const auto &[Id, LinkText] : Linked) {
      ASSERT_TRUE(Related.count(Id)) << Text;
      std::string Sentence = LinkText;
      Sentence.front() = static_cast<char>(std::toupper(Sentence.front()));
      EXPECT_EQ(Related[Id], Sentence + ".") << Text;
    }
    EXPECT_EQ(Text.find(" See ["), Text.find(". See [") + 1) << Text;
  }
  // The fixture's four findings each have a note at the use.
  EXPECT_EQ(WithNotes, 4);
}

} // namespace
} // namespace pipelint::test
