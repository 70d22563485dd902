//===--- Baseline.h - compare with an earlier run; merge shard logs -*- C++
//-*-===//
#ifndef PIPELINT_REPORT_BASELINE_H
#define PIPELINT_REPORT_BASELINE_H

#include "driver/Finding.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pipelint {

/// Reads a SARIF log written by pipe-lint (or any SARIF 2.1.0 log with one
/// or more runs). Returns false and sets \p Error with the file's name.
bool readSarif(const std::string &Path, nlohmann::json &Log,
               std::string &Error);

struct BaselineSummary {
  unsigned New = 0;
  unsigned Unchanged = 0;
  /// Results of the baseline that this run no longer has.
  std::vector<nlohmann::json> Absent;
};

/// Marks each finding New or Unchanged by matching (rule, file URI,
/// primaryLocationLineHash) against the results of \p Baseline. Findings
/// need their fingerprints (assignFingerprints). Suppressed findings are
/// matched too, but never counted as new. A baseline result left unmatched
/// is Absent only if its file is one of \p Files analysed in full, or no
/// longer exists: a shard, an --exclude or a file that failed says nothing
/// about the findings of the files it did not analyse.
BaselineSummary applyBaseline(std::vector<Finding> &Findings,
                              const nlohmann::json &Baseline,
                              const std::string &SourceRoot,
                              const std::vector<FileReport> &Files);

/// Joins several pipe-lint SARIF logs (e.g. the shards of one analysis) into
/// one log with one run: rules deduplicated, results re-indexed and sorted,
/// notifications kept, executionSuccessful only if every run succeeded.
/// Logs made in checkouts at different paths keep the first %SRCROOT% and
/// get a note.
/// Returns false and sets \p Error when the logs cannot be joined.
bool mergeSarif(const std::vector<nlohmann::json> &Logs, nlohmann::json &Out,
                std::string &Error);

} // namespace pipelint

#endif
