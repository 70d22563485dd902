//===--- FindingLevel.h - the level of one finding -------------*- C++ -*-===//
#ifndef PIPELINT_DRIVER_FINDINGLEVEL_H
#define PIPELINT_DRIVER_FINDINGLEVEL_H

#include "catalog/RuleCatalog.h"

#include <string>
#include <string_view>
#include <vector>

namespace pipelint {

/// The level of a finding of rule \p RuleId: note for a remark, else the
/// level a note of the finding names ("reported as a warning: ...", see
/// checks/utils/FindingLevel.h), else the rule's level (warning for an
/// unknown rule).
Level findingLevel(std::string_view RuleId, bool Remark,
                   const std::vector<std::string> &NoteMessages);

} // namespace pipelint

#endif
