//===--- HandleVars.h - locals that hold handles ----------------*- C++ -*-===//
//
// The syntactic half of the handle analysis (HandleFlow): which local
// variables of a function hold a handle creator's result and can be followed
// (no address taken, no reference bound to them, no use in a nested lambda),
// and how a branch condition tests one of them against NULL or
// INVALID_HANDLE_VALUE.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_HANDLEVARS_H
#define PIPELINT_CHECKS_UTILS_HANDLEVARS_H

#include "utils/Win32Handles.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>

namespace clang::tidy::pipelint::utils {

using HandleVariables = llvm::SmallPtrSet<const VarDecl *, 8>;

/// The locals of \p Body assigned a handle creator's result, or a copy of
/// such a local, that can be followed along paths.
HandleVariables findHandleVariables(const Stmt *Body, const ParentMap &PM);

/// The variable \p E names (after parentheses and casts) when it is one of
/// \p Candidates.
const VarDecl *trackedVariable(const Expr *E,
                               const HandleVariables &Candidates);

/// A test of a tracked variable against NULL or INVALID_HANDLE_VALUE that
/// decides a branch.
struct HandleBranchTest {
  const VarDecl *Var = nullptr;
  const DeclRefExpr *Ref = nullptr; // the read, when not an assignment
  const Expr *Test = nullptr;       // the whole condition
  const Expr *Constant = nullptr;   // null for `h` / `!h`
  HandleConstant K = HandleConstant::None;
  bool TrueMeansEqual = false; // the true edge is the `Var == K` case
};

/// Reads a branch condition as a test of a followed variable: `h == K`,
/// `K != h`, `(h = Create...()) == K`, `h`, `!h`, with any number of `!`.
std::optional<HandleBranchTest>
decomposeHandleTest(const Expr *Cond, const HandleVariables &Candidates,
                    ASTContext &Ctx);

} // namespace clang::tidy::pipelint::utils

#endif
