//===--- Finding.cpp ------------------------------------------------------===//
#include "driver/Finding.h"

#include <algorithm>
#include <tuple>

namespace pipelint {

unsigned AnalysisResult::countAtLeast(Level L) const {
  if (L == Level::None)
    return 0;
  unsigned N = 0;
  for (const Finding &F : Findings)
    if (!F.Suppressed && F.Severity >= L &&
        F.Baseline != BaselineState::Unchanged)
      ++N;
  return N;
}

bool AnalysisResult::anyAnalyzed() const {
  for (const FileReport &F : Files)
    if (F.Status == FileStatus::Analyzed || F.Status == FileStatus::Partial)
      return true;
  return false;
}

unsigned AnalysisResult::prefilteredCount() const {
  unsigned N = 0;
  for (const FileReport &F : Files)
    N += F.Prefiltered;
  return N;
}

unsigned AnalysisResult::fromCacheCount() const {
  unsigned N = 0;
  for (const FileReport &F : Files)
    N += F.FromCache;
  return N;
}

unsigned AnalysisResult::ipcCallsSeen() const {
  unsigned N = 0;
  for (const FileReport &F : Files)
    N += F.IpcCallsSeen > 0 ? F.IpcCallsSeen : 0;
  return N;
}

unsigned AnalysisResult::ipcCallsAnalysed() const {
  unsigned N = 0;
  for (const FileReport &F : Files)
    N += F.IpcCallsAnalysed > 0 ? F.IpcCallsAnalysed : 0;
  return N;
}

void sortFindings(std::vector<Finding> &Findings) {
  std::stable_sort(Findings.begin(), Findings.end(),
                   [](const Finding &A, const Finding &B) {
                     return std::tie(A.Pos.File, A.Pos.Line, A.Pos.Column,
                                     A.RuleId, A.Message) <
                            std::tie(B.Pos.File, B.Pos.Line, B.Pos.Column,
                                     B.RuleId, B.Message);
                   });
}

} // namespace pipelint
