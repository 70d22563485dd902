//===--- Finding.h - what an analysis produces ------------------*- C++ -*-===//
//
// Findings are plain data, independent of any SourceManager, so that the
// reporters (text, SARIF, ...) and the tests can work on them directly.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_FINDING_H
#define PIPELINT_DRIVER_FINDING_H

#include "catalog/RuleCatalog.h"
#include <string>
#include <vector>

namespace pipelint {

/// A position in a file. Lines and columns are 1-based; columns count bytes,
/// as clang's do. Line 0 means "the whole file".
struct SourcePos {
  std::string File; ///< absolute, normalised path
  unsigned Line = 0;
  unsigned Column = 0;
  unsigned EndLine = 0;
  unsigned EndColumn = 0; ///< exclusive
  unsigned Offset = 0;    ///< byte offset of Line:Column
};

struct FindingNote {
  SourcePos Pos;
  std::string Message;
};

/// One textual replacement of a fix-it.
struct FixReplacement {
  SourcePos Range; ///< the replaced text (may be empty: an insertion)
  unsigned Length = 0;
  std::string Text;
};

/// A finding compared with a baseline run (--baseline).
enum class BaselineState { None, New, Unchanged };

struct Finding {
  std::string RuleId;
  Level Severity = Level::Warning;
  std::string Message;
  SourcePos Pos;
  std::vector<FindingNote> Notes;
  std::vector<FixReplacement> Fixes;
  /// Suppressed in source (NOLINT): kept for SARIF, not counted.
  bool Suppressed = false;
  /// Stable identity across runs (SARIF primaryLocationLineHash); see
  /// assignFingerprints.
  std::string Fingerprint;
  BaselineState Baseline = BaselineState::None;
  /// The inferred configuration(s) it came from ("windows (UNICODE)"; two
  /// joined by " and " when both found it); empty when the file had a
  /// compile command of its own or only one configuration.
  std::string Configuration;
};

/// How far a translation unit could be analysed.
enum class FileStatus {
  Analyzed, ///< parsed without errors
  Partial,  ///< parsed with errors (e.g. missing headers): findings may miss
  Failed,   ///< could not be analysed at all
  Skipped,  ///< not analysed on purpose (binary, filtered)
};

struct FileReport {
  std::string File;
  FileStatus Status = FileStatus::Analyzed;
  /// Human-readable problems ("missing header 'foo.h'"), first ones only.
  std::vector<std::string> Problems;
  /// Things done to the file's command worth telling (plugins removed, ...).
  std::vector<std::string> Notices;
  /// Analysed without a parse: the pre-filter found no name any rule looks
  /// for in its text (Status stays Analyzed; there is nothing to find).
  bool Prefiltered = false;
  /// The configurations the file was analysed in, when its command was
  /// inferred from the checkout ("windows (UNICODE)", "linux").
  std::vector<std::string> Configurations;
  /// Includes found nowhere.
  std::vector<std::string> Unresolved;
  /// IPC call sites the file spells, and those the analysis checked (see
  /// driver/Coverage.h); both -1 when the file was not read.
  int IpcCallsSeen = -1;
  int IpcCallsAnalysed = -1;
  /// Offsets of the sites analysed (to join two configurations).
  std::vector<unsigned> AnalysedSites;
  /// The sites not analysed: offset, and "name (line N)" for the report.
  std::vector<std::pair<unsigned, std::string>> MissedSites;
  /// The result was taken from the result cache (every configuration's,
  /// when there are several): nothing was parsed.
  bool FromCache = false;
};

struct AnalysisResult {
  std::vector<Finding> Findings; ///< sorted: file, line, column, rule
  std::vector<FileReport> Files; ///< sorted by file
  /// Problems that concern the run rather than one file.
  std::vector<std::string> RunProblems;
  /// Notices about the run (database warnings, platform chosen, ...).
  std::vector<std::string> RunNotices;
  /// Set when the run could not start (unreadable compile database, ...).
  std::string FatalError;

  /// Findings at or above \p L that count: not suppressed, and not already
  /// in the baseline when one was given.
  unsigned countAtLeast(Level L) const;
  bool anyAnalyzed() const;
  /// Files the pre-filter analysed without a parse.
  unsigned prefilteredCount() const;
  /// Files whose result came from the result cache.
  unsigned fromCacheCount() const;
  /// IPC call sites of all files, and those analysed.
  unsigned ipcCallsSeen() const;
  unsigned ipcCallsAnalysed() const;
};

/// Sorts findings deterministically (file, line, column, rule, message).
void sortFindings(std::vector<Finding> &Findings);

} // namespace pipelint

#endif
