//===--- Fixture.h - inline expectations of a fixture file ------*- C++ -*-===//
//
// A fixture is a C or C++ file whose comments say what pipe-lint must report:
//
//   // RUN-ARGS: --platform=windows -DFOO      options and compiler arguments
//   // RUN-PKG: Qt5Network                      add `pkg-config --cflags`
//   call(NULL);  // CHECK: ipc-rule-id          a finding on this line
//   // CHECK@-1: ipc-rule-id:17 note {{regex}}  on the line above, column 17,
//                                               at level note, message matches
//   // CHECK-NOTE@-2: {{regex}}                 a note of a finding there
//   // CHECK-FIX@-3: fixed line text            that line after the fix-its
//   // FN: reason                               a known false negative (text)
//
// Every finding must be claimed by a CHECK and every CHECK must be matched.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_TEST_FIXTURE_H
#define PIPELINT_TEST_FIXTURE_H

#include <optional>
#include <string>
#include <vector>

namespace pipelint::test {

struct Expectation {
  unsigned Line = 0;          ///< 1-based line the expectation claims
  unsigned DirectiveLine = 0; ///< where it is written (for messages)
  std::string RuleId;
  std::optional<unsigned> Column;
  std::optional<std::string> Level; ///< "warning", "note", "error"
  std::optional<std::string> MessageRegex;
};

struct NoteExpectation {
  unsigned Line = 0;
  unsigned DirectiveLine = 0;
  std::optional<std::string> MessageRegex;
};

struct FixExpectation {
  unsigned Line = 0;
  unsigned DirectiveLine = 0;
  std::string Text; ///< expected line content, whitespace-trimmed
};

struct Fixture {
  std::string Path;
  std::string Text;
  std::vector<std::string> DriverOptions; ///< --platform=..., --checks=...
  std::vector<std::string> CompilerArgs;  ///< everything else in RUN-ARGS
  std::vector<std::string> Packages;      ///< RUN-PKG
  std::vector<Expectation> Checks;
  std::vector<NoteExpectation> Notes;
  std::vector<FixExpectation> Fixes;
  std::vector<std::string> Errors; ///< malformed directives
};

/// Parses the directives of a fixture's text.
Fixture parseFixture(const std::string &Path, const std::string &Text);

/// Splits a RUN-ARGS value on whitespace (no quoting).
std::vector<std::string> splitArgs(const std::string &Value);

} // namespace pipelint::test

#endif
