//===--- RetryLoopValues.h - who controls a retry loop's branches -*- C++ -*-//
//
// The abstract values the retry-loop analysis (RetryLoop.h) tracks along one
// iteration of a loop. A branch condition is either
//  - a test of an IPC call's outcome ("did CreateFile succeed?"),
//  - decided by the peer: built only from IPC results, error codes
//    (GetLastError, errno), constants and values fixed before the loop, or
//  - decided by the program: it reads an attempt counter, a clock, a flag
//    another thread can set, or anything else we cannot attribute to the
//    peer (so, when unsure, the loop counts as having a way out).
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_RETRYLOOPVALUES_H
#define PIPELINT_CHECKS_UTILS_RETRYLOOPVALUES_H

#include "utils/IpcOperations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <string>
#include <vector>

namespace clang::tidy::pipelint::utils {

/// One IPC call inside the loop.
struct IpcSite {
  const CallExpr *Call = nullptr;
  IpcOperation Op;
  bool TimedWait = false;   ///< a wait whose time-out is finite
  bool DirectChild = false; ///< not inside a loop nested in the analysed one
};

/// What an expression's value depends on.
struct AbstractValue {
  enum Kind : uint8_t {
    Peer,    ///< IPC results, error codes, constants, values fixed before
    Program, ///< counters, clocks, flags, anything unknown
    Result,  ///< the raw result of IPC site `Site`
    Test,    ///< true exactly when site `Site` succeeded (or failed)
  };
  Kind K = Program;
  uint8_t Site = 0;
  bool SuccessWhenTrue = false;

  static AbstractValue peer() { return {Peer, 0, false}; }
  static AbstractValue program() { return {Program, 0, false}; }
  bool operator==(const AbstractValue &O) const {
    return K == O.K && Site == O.Site && SuccessWhenTrue == O.SuccessWhenTrue;
  }
};

enum class Outcome : uint8_t { NotCalled, Unknown, Success, Failure };

/// The state of one path through one iteration.
struct IterationState {
  llvm::SmallVector<Outcome, 8> Outcomes; ///< per IPC site
  /// Locals and members of `this` assigned earlier in this iteration.
  llvm::SmallVector<std::pair<const ValueDecl *, AbstractValue>, 4> Bindings;

  const AbstractValue *lookup(const ValueDecl *D) const;
  void bind(const ValueDecl *D, AbstractValue V);
  std::string key() const;
};

/// Flow-insensitive facts about the loop and its function.
struct LoopFacts {
  llvm::DenseSet<const ValueDecl *> WrittenInLoop;
  llvm::DenseSet<const ValueDecl *> Escaped; ///< address taken, by-ref use
  llvm::DenseMap<const CallExpr *, unsigned> SiteIndex;

  static LoopFacts compute(const Stmt *Loop, const Stmt *FunctionBody,
                           const std::vector<IpcSite> &Sites);
};

/// The variable or `this` member that an lvalue expression names, or null.
const ValueDecl *storageKey(const Expr *E);

/// Evaluates expressions and statements over IterationState.
class ValueEvaluator {
public:
  ValueEvaluator(const LoopFacts &Facts, const std::vector<IpcSite> &Sites,
                 ASTContext &Ctx)
      : Facts(Facts), Sites(Sites), Ctx(Ctx) {}

  AbstractValue eval(const Expr *E, const IterationState &S,
                     unsigned Depth = 0) const;
  /// The value of \p V used as a condition (a raw result becomes a test).
  AbstractValue truth(AbstractValue V) const;

  /// Applies one statement of a CFG block: an IPC call sets its site's
  /// outcome (\p Forced, or Unknown), stores bind. Returns false when the
  /// statement never returns (a call to a function that always throws).
  bool apply(const Stmt *S, IterationState &St,
             const llvm::SmallVectorImpl<Outcome> &Forced) const;

private:
  AbstractValue compare(BinaryOperatorKind Op, const Expr *L, const Expr *R,
                        const IterationState &S, unsigned Depth) const;
  AbstractValue testOf(unsigned Site, BinaryOperatorKind Op,
                       int64_t Constant) const;
  AbstractValue varValue(const ValueDecl *D, const IterationState &S) const;

  bool callNeverReturns(const FunctionDecl *FD) const;

  const LoopFacts &Facts;
  const std::vector<IpcSite> &Sites;
  ASTContext &Ctx;
  mutable llvm::DenseMap<const FunctionDecl *, bool> NeverReturns;
};

/// True for types whose value another thread or the clock changes:
/// volatile, atomics, clocks and deadlines.
bool isExternallyChangingType(QualType T);

} // namespace clang::tidy::pipelint::utils

#endif
