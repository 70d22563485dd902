//===--- FindingLevel.cpp - the level of one finding ----------------------===//
#include "driver/FindingLevel.h"
#include "utils/FindingLevel.h"

namespace pipelint {

Level findingLevel(std::string_view RuleId, bool Remark,
                   const std::vector<std::string> &NoteMessages) {
  if (Remark)
    return Level::Note;
  for (const std::string &N : NoteMessages) {
    std::string_view M = N;
    if (M.substr(0, sizeof(levels::WarningNotePrefix) - 1) ==
        levels::WarningNotePrefix)
      return Level::Warning;
    if (M.substr(0, sizeof(levels::ErrorNotePrefix) - 1) ==
        levels::ErrorNotePrefix)
      return Level::Error;
  }
  const RuleInfo *Rule = findRule(RuleId);
  return Rule ? Rule->DefaultLevel : Level::Warning;
}

} // namespace pipelint
