//===--- RuleCatalog.cpp - metadata of every pipe-lint rule ---------------===//
#include "catalog/RuleCatalog.h"

#include <algorithm>

namespace pipelint {
namespace {

struct RawRule {
  const char *Id;
  const char *Name;
  const char *Level;
  std::vector<int> Cwes;
  const char *Precision;
  const char *SecuritySeverity;
  const char *Category;
  const char *Short;
  const char *Markdown;
};

const RawRule RawRules[] = {
#include "RuleCatalogData.inc"
};

std::vector<RuleInfo> buildRules() {
  std::vector<RuleInfo> Rules;
  for (const RawRule &R : RawRules) {
    Level L = Level::Warning;
    parseLevel(R.Level, L);
    Rules.push_back(RuleInfo{R.Id, R.Name, L, R.Cwes, R.Precision,
                             R.SecuritySeverity, R.Category, R.Short,
                             R.Markdown});
  }
  std::sort(Rules.begin(), Rules.end(),
            [](const RuleInfo &A, const RuleInfo &B) { return A.Id < B.Id; });
  return Rules;
}

} // namespace

std::string_view levelName(Level L) {
  switch (L) {
  case Level::Error:
    return "error";
  case Level::Warning:
    return "warning";
  case Level::Note:
    return "note";
  case Level::None:
    return "none";
  }
  return "none";
}

bool parseLevel(std::string_view Name, Level &Out) {
  for (Level L : {Level::Error, Level::Warning, Level::Note, Level::None}) {
    if (levelName(L) == Name) {
      Out = L;
      return true;
    }
  }
  return false;
}

std::string RuleInfo::fullDescription() const {
  // Skip the title line(s), then take the first paragraph.
  std::string_view Text = Markdown;
  std::string Result;
  bool InParagraph = false;
  while (!Text.empty()) {
    size_t End = Text.find('\n');
    std::string_view Line = Text.substr(0, End);
    Text = End == std::string_view::npos ? std::string_view()
                                         : Text.substr(End + 1);
    bool Blank = Line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (!InParagraph) {
      if (Blank || Line.front() == '#')
        continue;
      InParagraph = true;
    } else if (Blank) {
      break;
    }
    if (!Result.empty())
      Result += ' ';
    Result += Line;
  }
  if (Result.empty())
    Result = std::string(Short);
  return Result;
}

std::string RuleInfo::cweList() const {
  std::string Out;
  for (int C : Cwes) {
    if (!Out.empty())
      Out += ", ";
    Out += "CWE-" + std::to_string(C);
  }
  return Out;
}

const std::vector<RuleInfo> &allRules() {
  static const std::vector<RuleInfo> Rules = buildRules();
  return Rules;
}

const RuleInfo *findRule(std::string_view Id) {
  for (const RuleInfo &R : allRules())
    if (R.Id == Id)
      return &R;
  return nullptr;
}

} // namespace pipelint
