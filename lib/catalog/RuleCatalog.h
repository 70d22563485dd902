//===--- RuleCatalog.h - metadata of every pipe-lint rule -------*- C++ -*-===//
//
// The catalog is generated from docs/checks/<id>.md at build time, so a rule's
// level, CWE and text live in one place (its docs page).
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CATALOG_RULECATALOG_H
#define PIPELINT_CATALOG_RULECATALOG_H

#include <string>
#include <string_view>
#include <vector>

namespace pipelint {

enum class Level { None, Note, Warning, Error };

/// "error", "warning", "note" or "none".
std::string_view levelName(Level L);
/// Parses a level name; returns false on an unknown name.
bool parseLevel(std::string_view Name, Level &Out);

struct RuleInfo {
  std::string_view Id;   ///< ipc-null-security-attributes
  std::string_view Name; ///< NullSecurityAttributes (SARIF "name")
  Level DefaultLevel;    ///< RULES.md level
  std::vector<int> Cwes; ///< 732, 276
  std::string_view Precision;
  std::string_view SecuritySeverity; ///< "7.5", a string to keep it exact
  std::string_view Category;         ///< section of the review report
  std::string_view Short;            ///< one-line description
  std::string_view Markdown;         ///< the docs page without its front matter

  /// The first paragraph of the page after its title: the full description.
  std::string fullDescription() const;
  /// "CWE-732, CWE-276"
  std::string cweList() const;
};

/// All rules, sorted by id.
const std::vector<RuleInfo> &allRules();
/// The rule with this id, or nullptr.
const RuleInfo *findRule(std::string_view Id);

} // namespace pipelint

#endif
