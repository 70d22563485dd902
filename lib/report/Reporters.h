//===--- Reporters.h - text and SARIF output --------------------*- C++ -*-===//
#ifndef PIPELINT_REPORT_REPORTERS_H
#define PIPELINT_REPORT_REPORTERS_H

#include "driver/Finding.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
}

namespace pipelint {

struct ReportContext {
  /// Folder that SARIF URIs are relative to (%SRCROOT%); empty: absolute URIs.
  std::string SourceRoot;
  /// The review's subject (Markdown): its title and the root its paths are
  /// relative to; SourceRoot when empty. An audit of a checkout named from
  /// another folder sets it to that checkout.
  std::string ReviewRoot;
  /// The pipe-lint command line, for SARIF invocations.
  std::string CommandLine;
  /// Rules that were enabled (SARIF lists these).
  std::vector<std::string> EnabledRules;
  /// Folder that text paths are shown relative to (usually the cwd).
  std::string DisplayBase;
  /// SARIF automationDetails.id (--category).
  std::string Category;
  /// A baseline was applied: findings carry New/Unchanged.
  bool BaselineApplied = false;
  /// Results of the baseline that are gone (SARIF baselineState "absent").
  std::vector<nlohmann::json> AbsentResults;
  /// --level overrides (rule id -> level), already applied to the findings;
  /// SARIF records them as ruleConfigurationOverrides.
  std::map<std::string, Level> LevelOverrides;
  /// ANSI colours in text output.
  bool Color = false;
};

/// Sets Finding::Fingerprint: lineHash of the rule and the finding's line
/// text, then ':' and the occurrence index of that hash in the file (in the
/// sorted order of the findings). Findings must be sorted.
void assignFingerprints(std::vector<Finding> &Findings);

/// The SARIF artifactLocation of \p File: a URI relative to %SRCROOT% when
/// the file is inside the source root, else an absolute file:// URI.
nlohmann::json artifactLocation(const std::string &File,
                                const std::string &SourceRoot);

/// clang-style text: `file:line:col: warning: message [rule]`, the source
/// line with a caret, notes below, then a summary line.
void writeText(const AnalysisResult &Result, const ReportContext &Ctx,
               llvm::raw_ostream &OS);

/// A review-style Markdown report (--format=markdown).
void writeMarkdown(const AnalysisResult &Result, const ReportContext &Ctx,
                   llvm::raw_ostream &OS);

/// A flat JSON array of findings for scripts (--format=json).
nlohmann::json buildJson(const AnalysisResult &Result,
                         const ReportContext &Ctx);

/// A SARIF 2.1.0 log with one run.
nlohmann::json buildSarif(const AnalysisResult &Result,
                          const ReportContext &Ctx);

/// "file:///..." or a relative path, percent-encoded as RFC 3986 asks.
std::string encodeUriPath(const std::string &Path);

/// Path of \p File relative to \p Root when it is inside it; empty otherwise.
std::string relativeTo(const std::string &File, const std::string &Root);

/// The coverage and the assumptions of a run, as counts: built from a
/// result, or read back from a SARIF log's invocation properties (merge).
struct RunSummary {
  unsigned Seen = 0, Analysed = 0; ///< IPC call sites
  unsigned FilesShort = 0;         ///< files with sites not analysed
  unsigned InferredFiles = 0, BothPlatforms = 0;
  std::map<std::string, unsigned> Configurations; ///< label -> files
  std::map<std::string, unsigned> Unresolved;     ///< include -> files

  static RunSummary of(const AnalysisResult &Result);
  /// From / into invocation properties (the other members are left alone).
  static RunSummary fromProperties(const nlohmann::json &Properties);
  void addTo(nlohmann::json &Properties) const;
  void add(const RunSummary &Other);
};

/// "IPC call sites analysed: 118 of 130 (91 %)"; empty when no file spells
/// an IPC call.
std::string coverageSentence(const RunSummary &S);

/// What was assumed for files without a compile command: "commands
/// inferred from the checkout for 40 files: windows (UNICODE): 20, linux:
/// 20 (2 files in both)"; empty when none was inferred.
std::string configurationSentence(const RunSummary &S);

/// "includes found nowhere: \"config.h\" (3 files), ..."; empty when
/// every include was found.
std::string unresolvedSentence(const RunSummary &S, size_t MaxNames = 8);

/// The run-level notifications of a SARIF log for \p S (each tagged
/// properties.summary, so that merge can rebuild them).
nlohmann::json summaryNotifications(const RunSummary &S);

/// What one file was analysed as, for a per-file note: its configurations,
/// its unresolved includes and its IPC calls not analysed; empty when
/// nothing needs saying.
std::string fileAssumptions(const FileReport &R);

/// The stable fingerprint of a finding: a hash of the rule and the
/// whitespace-normalised text of its line, plus the occurrence index of that
/// hash in the file (so it does not change when lines are added above).
std::string lineHash(const std::string &RuleId, const std::string &LineText);

} // namespace pipelint

#endif
