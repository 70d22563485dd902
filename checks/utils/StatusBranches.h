//===--- StatusBranches.h - the success branch of a status test -*- C++ -*-===//
//-*-===//
//
// The branch reading of StatusTests: for a test of an impersonation result
// that decides an `if` or `?:`, which branch the author meant for success,
// read from the branches themselves (a revert, a guard that bails out, a
// body that ends the program).
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_STATUSBRANCHES_H
#define PIPELINT_CHECKS_UTILS_STATUSBRANCHES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include <optional>

namespace clang::tidy::pipelint::utils::status {

/// The node above \p S, skipping parentheses, casts and full-expression
/// wrappers; \p Child receives the topmost skipped node.
struct Climb {
  const Stmt *Parent = nullptr;
  const Decl *ParentDecl = nullptr;
  const Expr *Child = nullptr;
};

Climb climb(const Expr *E, ASTContext &Ctx);

/// Does \p S call a revert function (RevertToSelf and friends)?
bool containsRevert(const Stmt *S);

/// What the branches of the `if` (or `?:`) that a truth test decides say
/// about the author's intent.
struct BranchReading {
  bool InBranch = false; ///< the test decides an if or ?:
  /// Is the branch taken when the test is true the success branch?
  std::optional<bool> SuccessWhenTrue;
};

/// The branch reading of a truth test \p Test (see StatusTests.h, step 2).
BranchReading successFromBranches(const Expr *Test, const VarDecl *StatusVar,
                                  ASTContext &Ctx);

/// `if (RpcImpersonateClient(b) == RPC_S_OK) exit(1);`: the `if` that
/// \p Test decides (directly, no `!` or `&&` between) has no else, and its
/// then-branch ends the program, so the author took the outcome the test
/// names success for a failure.
bool successBranchExits(const Expr *Test, ASTContext &Ctx);

} // namespace clang::tidy::pipelint::utils::status

#endif
