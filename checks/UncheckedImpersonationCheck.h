//===--- UncheckedImpersonationCheck.h - impersonation results -*- C++ -*-===//
#ifndef PIPELINT_CHECKS_UNCHECKEDIMPERSONATIONCHECK_H
#define PIPELINT_CHECKS_UNCHECKEDIMPERSONATIONCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::pipelint {

/// The result of an impersonation or revert API (ImpersonateNamedPipeClient,
/// ImpersonateLoggedOnUser, ImpersonateSelf, SetThreadToken, RevertToSelf,
/// RpcImpersonateClient, RpcRevertToSelf, CoImpersonateClient, ...) is
/// ignored, or tested in a way that sends a failure down the success
/// branch (utils/StatusTests).
///
/// Docs: docs/checks/ipc-unchecked-impersonation.md
class UncheckedImpersonationCheck : public ClangTidyCheck {
public:
  UncheckedImpersonationCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override { Reported.clear(); }

private:
  llvm::DenseSet<const Expr *> Reported; ///< tests already reported
};

} // namespace clang::tidy::pipelint

#endif
