//===--- BranchFacts.h - what a path knows about its branches ---*- C++ -*-===//
//
// Lets a path-sensitive walk of a CFG (utils/OwnershipFlow) drop paths that
// cannot happen:
//  - a local integral or bool flag that the path assigned a constant
//    (`bool owned = false; ... owned = true;`) decides the branches that
//    test it (`if (owned)`, `if (mode == 2)`);
//  - a condition over variables that are never written after their
//    initialisation (parameters, locals), without calls or member accesses,
//    takes the same side each time the path tests it
//    (`if (c) p = new T; ... if (c) delete p;`).
// A variable whose address or reference escapes is never followed.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_BRANCHFACTS_H
#define PIPELINT_CHECKS_UTILS_BRANCHFACTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <vector>

namespace clang::tidy::pipelint::utils {

/// The facts of one path. Comparable through appendKey().
struct PathFacts {
  /// Flags with a known value, sorted by declaration address.
  llvm::SmallVector<std::pair<const VarDecl *, int64_t>, 4> Values;
  /// Outcomes of stable conditions already branched on, sorted.
  llvm::SmallVector<std::pair<unsigned, bool>, 4> Conds;

  void appendKey(std::vector<uint64_t> &Key) const;
  std::optional<int64_t> value(const VarDecl *V) const;
  void setValue(const VarDecl *V, std::optional<int64_t> X);
};

class BranchFacts {
public:
  /// Finds the variables the branches of \p G test, and which of them can
  /// be followed in \p FD. \p Ignore (the pointer being tracked) is not.
  BranchFacts(const FunctionDecl *FD, const CFG &G, const VarDecl *Ignore,
              ASTContext &Ctx);

  /// Updates the flags that the CFG statement \p S writes.
  void transfer(const Stmt *S, PathFacts &F) const;

  /// Whether the path can take the side \p Outcome of a branch on \p Cond;
  /// records the outcome of a stable condition in \p F.
  bool feasible(const Expr *Cond, bool Outcome, PathFacts &F);

  /// \p E without parentheses, implicit casts and cleanups.
  static const Expr *strip(const Expr *E);

private:
  std::optional<int64_t> constant(const Expr *E) const;
  std::optional<bool> evaluate(const Expr *Cond, const PathFacts &F) const;
  std::optional<unsigned> stableKey(const Expr *Cond, bool &Negated);
  bool isStable(const Expr *E) const;

  ASTContext &Ctx;
  llvm::DenseSet<const VarDecl *> FlagVars;   ///< values followed
  llvm::DenseSet<const VarDecl *> StableVars; ///< never written after init
  std::vector<llvm::FoldingSetNodeID> StableConds;
};

/// For a statement that branches on a condition (if, while, do, for,
/// switch, ?:): whether \p Child is that condition. std::nullopt for any
/// other statement.
std::optional<bool> isConditionOf(const Stmt *P, const Stmt *Child);

} // namespace clang::tidy::pipelint::utils

#endif
