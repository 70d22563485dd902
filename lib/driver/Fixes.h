//===--- Fixes.h - apply fix-its to the analysed sources --------*- C++ -*-===//
#ifndef PIPELINT_DRIVER_FIXES_H
#define PIPELINT_DRIVER_FIXES_H

#include "driver/Finding.h"

#include <set>
#include <string>
#include <vector>

namespace pipelint {

struct FixSummary {
  unsigned Applied = 0; ///< replacements written
  unsigned FilesChanged = 0;
  std::vector<std::string> Problems; ///< skipped fixes and why
};

/// Writes the fix-its of the (not suppressed) findings into the files they
/// belong to, but only into files in \p Writable (the analysed sources):
/// nothing else is ever written. Overlapping replacements keep the first
/// (in file order) and skip the others. Each file is replaced atomically.
FixSummary applyFixes(const std::vector<Finding> &Findings,
                      const std::set<std::string> &Writable);

} // namespace pipelint

#endif
