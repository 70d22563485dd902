//===--- ReportBaselineTest.cpp - fingerprints and --baseline, end to end -===//
//
// The pull-request flow of a new user: a baseline log of the target branch,
// then the changed code analysed against it. Runs the CLI on a copy of the
// ipc-null-security-attributes C fixture (two findings: a pipe at
// `4096, 0, NULL);` and a file mapping whose SECURITY_ATTRIBUTES has a NULL
// descriptor).
//
//===----------------------------------------------------------------------===//
#include "ReportTestUtil.h"

#include <gtest/gtest.h>
#include <regex>

namespace pipelint::test {
namespace {

using nlohmann::json;

const char *const FixtureRel = "ipc-null-security-attributes/positive.c";
const char *const OnlyNullSa = "--checks=-*,ipc-null-security-attributes";
/// The first line of each function of the fixture.
const char *const ServerStart = "HANDLE make_server(void) {";
const char *const MappingStart = "HANDLE make_shared_memory(void) {";

/// A function with one more defect (a named event with NULL attributes).
const char *const AddedDefect =
    "\nHANDLE added_by_the_change(void) {\n"
    "  return CreateEventA(NULL, TRUE, FALSE, \"Global\\\\added-event\");\n"
    "}\n";

/// A copy of the fixture in a fresh folder, analysed with that folder as the
/// source root (so SARIF URIs are "src/positive.c").
struct Workspace {
  std::string Root, File, Original;
  Workspace() {
    Root = makeTempDir("pipelint-baseline");
    llvm::sys::fs::create_directories(Root + "/src");
    File = Root + "/src/positive.c";
    Original = fixtureText(FixtureRel);
    write(Original);
  }
  void write(const std::string &Text) const { writeFileText(File, Text); }
  /// Analyses the file into SARIF log \p Name; \p Extra are more options.
  RunResult sarif(const std::string &Name,
                  const std::vector<std::string> &Extra = {}) const {
    std::vector<std::string> Args = {OnlyNullSa,           "--platform=windows",
                                     "--source-root",      Root,
                                     "--format=sarif",     "-o",
                                     reportSarifPath(Name)};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    Args.push_back(File);
    return runCli(Args);
  }
  json results(const std::string &Name) const {
    return sarifResults(readJsonFile(reportSarifPath(Name)));
  }
};

/// The function that starts at \p Start, up to and with its closing "}\n".
std::string functionText(const std::string &Text, const std::string &Start) {
  size_t Begin = Text.find(Start);
  if (Begin == std::string::npos)
    return "";
  size_t End = Text.find("\n}\n", Begin);
  return End == std::string::npos ? "" : Text.substr(Begin, End + 3 - Begin);
}

std::vector<std::string> states(const json &Results) {
  std::vector<std::string> Out;
  for (const json &R : Results)
    Out.push_back(R.value("baselineState", "(none)"));
  return Out;
}

int countState(const json &Results, const std::string &State) {
  int N = 0;
  for (const json &R : Results)
    N += R.value("baselineState", "") == State;
  return N;
}

// --- partialFingerprints.primaryLocationLineHash ---------------------------

TEST(ReportFingerprint, StableWhenLinesAreAddedAboveAndCountsDuplicates) {
  Workspace W;
  RunResult Before = W.sarif("fingerprint-before");
  ASSERT_EQ(Before.ExitCode, 1) << Before.Err;
  json Old = W.results("fingerprint-before");
  ASSERT_EQ(Old.size(), 2u);
  std::regex Shape("[0-9a-f]{16}:[0-9]+");
  for (const json &R : Old) {
    EXPECT_TRUE(std::regex_match(resultHash(R), Shape)) << resultHash(R);
    EXPECT_EQ(resultUri(R), "src/positive.c");
  }
  EXPECT_NE(resultHash(Old[0]), resultHash(Old[1]));

  // Four unrelated lines above both findings, and the pipe function again
  // below them: its finding line is the same text as the first finding's.
  const std::string Unrelated =
      "/* Lines added by the test, unrelated to any finding. */\n"
      "static int unrelated_counter;\n"
      "static int unrelated(void) { return unrelated_counter + 1; }\n"
      "\n";
  std::string Copy = replaceOnce(functionText(W.Original, ServerStart),
                                 "make_server", "make_server_again");
  ASSERT_NE(Copy, "");
  std::string Changed =
      insertBefore(W.Original, ServerStart, Unrelated) + "\n" + Copy;
  ASSERT_NE(Changed.find(Unrelated), std::string::npos);
  W.write(Changed);
  RunResult After = W.sarif("fingerprint-after");
  ASSERT_EQ(After.ExitCode, 1) << After.Err;
  json New = W.results("fingerprint-after");
  ASSERT_EQ(New.size(), 3u);
  for (size_t I = 0; I < 2; ++I) {
    EXPECT_EQ(resultLine(New[I]), resultLine(Old[I]) + 4);
    EXPECT_EQ(resultHash(New[I]), resultHash(Old[I])) << "finding " << I;
  }
  // The duplicate: same line hash as the first finding, second occurrence.
  std::string First = resultHash(Old[0]);
  std::string Prefix = First.substr(0, First.find(':'));
  EXPECT_EQ(First, Prefix + ":1");
  EXPECT_EQ(resultHash(New[2]), Prefix + ":2");
}

TEST(ReportFingerprint, IgnoresWhitespaceButNotTheLineText) {
  Workspace W;
  ASSERT_EQ(W.sarif("fingerprint-text-before").ExitCode, 1);
  json Old = W.results("fingerprint-text-before");
  ASSERT_EQ(Old.size(), 2u);

  // Re-indented and re-spaced: the same finding.
  std::string Spaced =
      replaceOnce(W.Original, "                          4096, 0, NULL);",
                  "\t4096,  0,   NULL );");
  ASSERT_NE(Spaced, "");
  W.write(Spaced);
  ASSERT_EQ(W.sarif("fingerprint-text-spaced").ExitCode, 1);
  json SpacedResults = W.results("fingerprint-text-spaced");
  ASSERT_EQ(SpacedResults.size(), 2u);
  EXPECT_EQ(resultHash(SpacedResults[0]), resultHash(Old[0]));

  // Other text on the line: another fingerprint (the finding is still
  // there; a baseline would call it new and the old one absent).
  std::string Edited =
      replaceOnce(W.Original, "4096, 0, NULL);", "4096, /*timeout*/ 0, NULL);");
  ASSERT_NE(Edited, "");
  W.write(Edited);
  ASSERT_EQ(W.sarif("fingerprint-text-edited").ExitCode, 1);
  json EditedResults = W.results("fingerprint-text-edited");
  ASSERT_EQ(EditedResults.size(), 2u);
  EXPECT_NE(resultHash(EditedResults[0]), resultHash(Old[0]));
  EXPECT_EQ(resultHash(EditedResults[1]), resultHash(Old[1]));
}

// --- --baseline --------------------------------------------------------------

TEST(ReportBaseline, OnlyTheNewDefectCountsAndGoneOnesAreAbsent) {
  Workspace W;
  RunResult Base = W.sarif("baseline-base");
  ASSERT_EQ(Base.ExitCode, 1) << Base.Err;
  json BaseResults = W.results("baseline-base");
  ASSERT_EQ(BaseResults.size(), 2u);
  for (const json &R : BaseResults)
    EXPECT_FALSE(R.contains("baselineState")) << R.dump();
  const std::string BaseLog = reportSarifPath("baseline-base");

  // One defect added: exactly one new result, and exit 1 for it.
  W.write(W.Original + AddedDefect);
  RunResult Added = W.sarif("baseline-added", {"--baseline", BaseLog});
  EXPECT_EQ(Added.ExitCode, 1) << Added.Err;
  EXPECT_NE(Added.Err.find("baseline: 1 new, 2 unchanged, 0 absent"),
            std::string::npos)
      << Added.Err;
  json AddedResults = W.results("baseline-added");
  ASSERT_EQ(AddedResults.size(), 3u);
  EXPECT_EQ(states(AddedResults),
            (std::vector<std::string>{"unchanged", "unchanged", "new"}));
  EXPECT_NE(AddedResults[2]["message"]["text"].get<std::string>().find(
                "CreateEventA"),
            std::string::npos);
  // The unchanged ones keep the baseline's identity.
  EXPECT_EQ(resultHash(AddedResults[0]), resultHash(BaseResults[0]));
  EXPECT_EQ(resultHash(AddedResults[1]), resultHash(BaseResults[1]));

  // The change without the new defect: nothing new, exit 0.
  W.write(W.Original);
  RunResult Same = W.sarif("baseline-same", {"--baseline", BaseLog});
  EXPECT_EQ(Same.ExitCode, 0) << Same.Err;
  EXPECT_EQ(states(W.results("baseline-same")),
            (std::vector<std::string>{"unchanged", "unchanged"}));

  // A defect removed: it is listed as absent, and that is no failure.
  std::string Removed =
      replaceOnce(W.Original, functionText(W.Original, MappingStart), "");
  ASSERT_NE(Removed, "");
  W.write(Removed);
  RunResult Fixed = W.sarif("baseline-fixed", {"--baseline", BaseLog});
  EXPECT_EQ(Fixed.ExitCode, 0) << Fixed.Err;
  EXPECT_NE(Fixed.Err.find("baseline: 0 new, 1 unchanged, 1 absent"),
            std::string::npos)
      << Fixed.Err;
  json FixedResults = W.results("baseline-fixed");
  ASSERT_EQ(FixedResults.size(), 2u);
  EXPECT_EQ(countState(FixedResults, "unchanged"), 1);
  ASSERT_EQ(countState(FixedResults, "absent"), 1);
  for (const json &R : FixedResults)
    if (R["baselineState"] == "absent") {
      // The baseline's own result, with its old line and fingerprint.
      EXPECT_EQ(resultHash(R), resultHash(BaseResults[1]));
      EXPECT_EQ(resultLine(R), resultLine(BaseResults[1]));
      // Its rule index points at its rule in this log's rule table.
      json Log = readJsonFile(reportSarifPath("baseline-fixed"));
      EXPECT_EQ(Log["runs"][0]["tool"]["driver"]["rules"]
                   [R["ruleIndex"].get<int>()]["id"],
                R["ruleId"]);
    }
}

TEST(ReportBaseline, SuppressedFindingsAreKeptButNeverFail) {
  Workspace W;
  // Both findings of the fixture silenced in source.
  std::string Silenced = replaceOnce(
      replaceOnce(W.Original, "4096, 0, NULL);",
                  "4096, 0, NULL); // NOLINT(ipc-null-security-attributes)"),
      "PAGE_READWRITE, 0, 64,",
      "PAGE_READWRITE, 0, 64, // NOLINT(ipc-null-security-attributes)");
  ASSERT_NE(Silenced, "");
  W.write(Silenced);
  RunResult R = W.sarif("suppressed");
  EXPECT_EQ(R.ExitCode, 0) << R.Err;
  json Results = W.results("suppressed");
  ASSERT_EQ(Results.size(), 2u);
  for (const json &Res : Results) {
    ASSERT_TRUE(Res.contains("suppressions")) << Res.dump();
    EXPECT_EQ(Res["suppressions"], json::parse(R"([{"kind": "inSource"}])"));
  }
  // --fail-on=note counts them neither; the text report does not show them.
  RunResult Text =
      runCli({OnlyNullSa, "--platform=windows", "--fail-on=note", W.File});
  EXPECT_EQ(Text.ExitCode, 0) << Text.Out << Text.Err;
  EXPECT_NE(Text.Out.find("no findings"), std::string::npos) << Text.Out;

  // A new defect that is suppressed at once: new, but no failure.
  W.write(W.Original);
  ASSERT_EQ(W.sarif("suppressed-base").ExitCode, 1);
  W.write(replaceOnce(W.Original + AddedDefect, "\"Global\\\\added-event\");",
                      "\"Global\\\\added-event\"); // NOLINT"));
  RunResult New = W.sarif("suppressed-new",
                          {"--baseline", reportSarifPath("suppressed-base")});
  EXPECT_EQ(New.ExitCode, 0) << New.Err;
  EXPECT_NE(New.Err.find("baseline: 0 new, 2 unchanged"), std::string::npos)
      << New.Err;
  json NewResults = W.results("suppressed-new");
  ASSERT_EQ(NewResults.size(), 3u);
  EXPECT_EQ(NewResults[2]["baselineState"], "new");
  EXPECT_TRUE(NewResults[2].contains("suppressions"));
}

TEST(ReportBaseline, UnreadableBaselineIsAToolError) {
  Workspace W;
  RunResult Missing =
      W.sarif("baseline-missing", {"--baseline", W.Root + "/no-such.sarif"});
  EXPECT_EQ(Missing.ExitCode, 2);
  EXPECT_NE(Missing.Err.find("no-such.sarif"), std::string::npos)
      << Missing.Err;
  writeFileText(W.Root + "/broken.sarif", "{\"runs\": [");
  RunResult Broken =
      W.sarif("baseline-broken", {"--baseline", W.Root + "/broken.sarif"});
  EXPECT_EQ(Broken.ExitCode, 2);
  EXPECT_NE(Broken.Err.find("not valid JSON"), std::string::npos) << Broken.Err;
  // JSON in SARIF's shape but with members of the wrong type: a tool error
  // that says where, never a crash and never "every finding is new".
  writeFileText(W.Root + "/odd.sarif",
                R"({"runs": [{"results": [{"locations": 7}, 3,)"
                R"( {"ruleId": 1, "partialFingerprints": []}]}, 5]})");
  RunResult Odd =
      W.sarif("baseline-odd", {"--baseline", W.Root + "/odd.sarif"});
  EXPECT_EQ(Odd.ExitCode, 2) << Odd.Err;
  EXPECT_NE(Odd.Err.find("odd.sarif: not a SARIF log: runs[1] has the "
                         "wrong type"),
            std::string::npos)
      << Odd.Err;
}

} // namespace
} // namespace pipelint::test
