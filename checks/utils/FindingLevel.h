//===--- FindingLevel.h - a finding's level other than its rule's -*- C++
//-*-===//
//
// clang-tidy knows two levels a check can use without side effects: warning
// (which pipe-lint reports at the rule's level, from its docs page) and
// remark (reported as a note). An `error` diagnostic would make clang-tidy
// report "compiler errors", turn fix-its off and ignore the header filter, so
// a rule whose level is error cannot lower one finding to a warning, nor a
// warning rule raise one to an error, by the diagnostic's level alone.
//
// Such a finding carries a note at its own location whose text starts with
// one of the prefixes below and goes on to say why. Both hosts see the note;
// the CLI (lib/driver/FindingLevel.h) and the fixture harness read the level
// from it. Plain C strings: lib/driver includes this header too.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_FINDINGLEVEL_H
#define PIPELINT_CHECKS_UTILS_FINDINGLEVEL_H

namespace pipelint::levels {

/// "reported as a warning: <why>": the finding is a warning, whatever the
/// rule's level.
inline constexpr char WarningNotePrefix[] = "reported as a warning";
/// "reported as an error: <why>": the finding is an error.
inline constexpr char ErrorNotePrefix[] = "reported as an error";

} // namespace pipelint::levels

#endif
