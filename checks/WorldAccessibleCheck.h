//===--- WorldAccessibleCheck.h - ipc-world-accessible ---===//
#ifndef PIPELINT_CHECKS_WORLDACCESSIBLECHECK_H
#define PIPELINT_CHECKS_WORLDACCESSIBLECHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::pipelint {

/// TODO: one paragraph: what the rule flags.
///
/// Docs: docs/checks/ipc-world-accessible.md
class WorldAccessibleCheck : public ClangTidyCheck {
public:
  WorldAccessibleCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::pipelint

#endif
