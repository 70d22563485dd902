//===--- OwnershipFlow.h - where a heap object can be lost ------*- C++ -*-===//
//
// Follows the paths of one function's CFG for one pointer slot (a local
// variable, or a member of *this) and finds the points where the slot still
// owns an object that was allocated with `new` in the function when
//  - it is overwritten (another `new`, NULL, any other value), or
//  - it goes out of scope (return, break, end of block) or an exception
//    leaves its scope.
// For a member slot of a class whose member owns its object (every store is
// `new` or NULL, every release a plain delete), it also finds overwrites of
// an object that was there before the function ran, when the path proves the
// member non-null (`if (m_p)`, `m_p->close()`) and nothing released it.
//
// The analysis is path-sensitive enough to be precise on the usual code:
//  - a branch on the slot itself (`if (p)`, `if (!p) return`, `p == nullptr`)
//    follows only the feasible side: a `new` is not null;
//  - a branch on a local flag whose value is known on the path
//    (`bool owned = true; ... if (owned) delete p;`) follows that value, and
//    two branches on the same unmodified condition (`if (c) p = new T; ...
//    if (c) delete p;`) take the same side (utils/BranchFacts);
//  - a path through a noreturn call (abort, exit) ends without a leak.
// Each path state is (block, slot state, known flags); a visit budget makes
// the analysis give up (report nothing) on very large functions.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_OWNERSHIPFLOW_H
#define PIPELINT_CHECKS_UTILS_OWNERSHIPFLOW_H

#include "PipeObjects.h"

#include "llvm/ADT/SmallVector.h"
#include <functional>
#include <vector>

namespace clang::tidy::pipelint::utils {

struct FlowOptions {
  /// Which `new` expressions create an object the slot owns.
  std::function<bool(const CXXNewExpr *)> IsTracked;
  /// Member slots: a non-null member owns an object (see the file comment).
  bool MemberOwning = false;
  /// Give up after this many block visits.
  unsigned Budget = 20000;
};

enum class LeakPointKind {
  Overwritten, ///< the slot is assigned while it owns the object
  Returned,    ///< the function returns while the local owns the object
  ScopeEnd,    ///< end of block, break, continue, goto
  Thrown,      ///< an exception leaves the local's scope
};

struct LeakPoint {
  LeakPointKind Kind;
  SourceLocation Loc;
};

struct PathLeak {
  /// The object that is lost; null for a member's object of unknown origin.
  const CXXNewExpr *Alloc = nullptr;
  /// Unknown origin: where the path shows the member non-null.
  SourceLocation Evidence;
  /// Unknown origin: the value stored over it.
  const Expr *StoredValue = nullptr;
  /// In source order, without duplicates.
  llvm::SmallVector<LeakPoint, 2> Points;
};

struct FlowResult {
  /// False when the analysis gave up (CFG failure, budget, the variable's
  /// address escapes): the leaks are then empty.
  bool Complete = true;
  std::vector<PathLeak> Leaks; ///< in source order of Alloc/StoredValue
};

/// Analyses \p S in \p FD. A member slot's state at entry is unknown, except
/// in a constructor where the member is set only by the constructor.
FlowResult analyzeSlot(const FunctionDecl *FD, Slot S, const FlowOptions &Opts,
                       ASTContext &Ctx);

} // namespace clang::tidy::pipelint::utils

#endif
