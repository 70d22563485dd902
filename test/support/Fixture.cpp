//===--- Fixture.cpp - inline expectations of a fixture file --------------===//
#include "Fixture.h"

#include <regex>
#include <sstream>

namespace pipelint::test {

std::vector<std::string> splitArgs(const std::string &Value) {
  std::vector<std::string> Out;
  std::istringstream In(Value);
  std::string Word;
  while (In >> Word)
    Out.push_back(Word);
  return Out;
}

namespace {

std::string trim(const std::string &S) {
  size_t B = S.find_first_not_of(" \t\r");
  if (B == std::string::npos)
    return "";
  size_t E = S.find_last_not_of(" \t\r");
  return S.substr(B, E - B + 1);
}

/// Extracts a {{regex}} from \p Rest, leaving what precedes it.
std::optional<std::string> takeRegex(std::string &Rest) {
  size_t Open = Rest.find("{{");
  if (Open == std::string::npos)
    return std::nullopt;
  size_t Close = Rest.rfind("}}");
  if (Close == std::string::npos || Close < Open)
    return std::nullopt;
  std::string R = Rest.substr(Open + 2, Close - Open - 2);
  Rest = Rest.substr(0, Open);
  return R;
}

} // namespace

Fixture parseFixture(const std::string &Path, const std::string &Text) {
  Fixture F;
  F.Path = Path;
  F.Text = Text;
  // // KIND[@[+-]N]: rest
  static const std::regex Directive(
      R"((?://|/\*)\s*(CHECK|CHECK-NOTE|CHECK-FIX|RUN-ARGS|RUN-PKG)(@([+-]?)(\d+))?:(.*)$)");
  std::istringstream In(Text);
  std::string LineText;
  unsigned LineNo = 0;
  while (std::getline(In, LineText)) {
    ++LineNo;
    std::smatch M;
    if (!std::regex_search(LineText, M, Directive))
      continue;
    std::string Kind = M[1];
    unsigned Target = LineNo;
    if (M[2].matched) {
      unsigned Delta = static_cast<unsigned>(std::stoul(M[4]));
      if (M[3] == "-") {
        if (Delta >= LineNo) {
          F.Errors.push_back("line " + std::to_string(LineNo) +
                             ": offset points before the file");
          continue;
        }
        Target = LineNo - Delta;
      } else if (M[3] == "+") {
        Target = LineNo + Delta;
      } else {
        Target = Delta; // @N: an absolute line
      }
    }
    std::string Rest = M[5];
    // A directive in a C comment ends before its */.
    size_t CommentEnd = Rest.find("*/");
    if (CommentEnd != std::string::npos)
      Rest = Rest.substr(0, CommentEnd);
    if (Kind == "RUN-ARGS") {
      for (const std::string &A : splitArgs(Rest)) {
        if (A.rfind("--platform=", 0) == 0 || A.rfind("--checks=", 0) == 0)
          F.DriverOptions.push_back(A);
        else
          F.CompilerArgs.push_back(A);
      }
    } else if (Kind == "RUN-PKG") {
      for (const std::string &P : splitArgs(Rest))
        F.Packages.push_back(P);
    } else if (Kind == "CHECK") {
      Expectation E;
      E.Line = Target;
      E.DirectiveLine = LineNo;
      E.MessageRegex = takeRegex(Rest);
      std::vector<std::string> Words = splitArgs(Rest);
      if (Words.empty()) {
        F.Errors.push_back("line " + std::to_string(LineNo) +
                           ": CHECK without a rule id");
        continue;
      }
      std::string Id = Words[0];
      size_t Colon = Id.find(':');
      if (Colon != std::string::npos) {
        E.Column = static_cast<unsigned>(std::stoul(Id.substr(Colon + 1)));
        Id = Id.substr(0, Colon);
      }
      E.RuleId = Id;
      if (Words.size() > 1)
        E.Level = Words[1];
      F.Checks.push_back(E);
    } else if (Kind == "CHECK-NOTE") {
      NoteExpectation N;
      N.Line = Target;
      N.DirectiveLine = LineNo;
      N.MessageRegex = takeRegex(Rest);
      F.Notes.push_back(N);
    } else if (Kind == "CHECK-FIX") {
      FixExpectation X;
      X.Line = Target;
      X.DirectiveLine = LineNo;
      X.Text = trim(Rest);
      F.Fixes.push_back(X);
    }
  }
  return F;
}

} // namespace pipelint::test
