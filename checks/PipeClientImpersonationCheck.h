//===--- PipeClientImpersonationCheck.h - ipc-pipe-client-impersonation ---===//
#ifndef PIPELINT_CHECKS_PIPECLIENTIMPERSONATIONCHECK_H
#define PIPELINT_CHECKS_PIPECLIENTIMPERSONATIONCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::pipelint {

/// A pipe client that opens a named pipe (CreateFile*, name recognised by
/// utils::isPipeName) without SECURITY_SQOS_PRESENT in dwFlagsAndAttributes
/// on every path: the server gets SecurityImpersonation, the default, and
/// can act as the client. Reported at the flags argument, with a fix-it
/// adding SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION when the argument
/// is a constant expression. An explicit SECURITY_SQOS_PRESENT |
/// SECURITY_DELEGATION is reported at note level.
///
/// Docs: docs/checks/ipc-pipe-client-impersonation.md
class PipeClientImpersonationCheck : public ClangTidyCheck {
public:
  PipeClientImpersonationCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkFlags(const FunctionDecl *FD, const Expr *Flags,
                  const CallExpr *Proof, ASTContext &Ctx);
  void noteProof(const CallExpr *Proof, ASTContext &Ctx);
};

} // namespace clang::tidy::pipelint

#endif
