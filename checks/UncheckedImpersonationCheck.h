//===--- UncheckedImpersonationCheck.h - ipc-unchecked-impersonation ---===//
#ifndef PIPELINT_CHECKS_UNCHECKEDIMPERSONATIONCHECK_H
#define PIPELINT_CHECKS_UNCHECKEDIMPERSONATIONCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::pipelint {

/// TODO: one paragraph: what the rule flags.
///
/// Docs: docs/checks/ipc-unchecked-impersonation.md
class UncheckedImpersonationCheck : public ClangTidyCheck {
public:
  UncheckedImpersonationCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::pipelint

#endif
