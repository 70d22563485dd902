//===--- HandleFlowAnalysis.h - internals of HandleFlow.cpp ----*- C++ -*-===//
//
// Internal to checks/utils: the state of the handle-flow analysis and the
// class that runs it, shared by HandleFlow.cpp (the transfer functions) and
// HandleFlowRun.cpp (the fixed point and the recording of results).
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_UTILS_HANDLEFLOWANALYSIS_H
#define PIPELINT_UTILS_HANDLEFLOWANALYSIS_H

#include "utils/BranchFacts.h"
#include "utils/ConstantFacts.h"
#include "utils/HandleFlow.h"
#include "utils/HandleLifetime.h"
#include "utils/HandleVars.h"
#include "utils/Win32Api.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <tuple>

namespace clang::tidy::pipelint::utils::handleflow {

// The status of one creating call's value in one variable, as a set of the
// possibilities over the paths that reach a point.
enum Bit : unsigned {
  Unchecked = 1,
  Valid = 2,
  Failed = 4,
  WrongValid = 8,
  Released = 16,
  Escaped = 32,
  Other = 64, // only for the "any other value" origin (nullptr)
};
constexpr unsigned Owned = Unchecked | Valid | WrongValid;

struct OriginState {
  const CallExpr *Origin = nullptr; // nullptr: a value from elsewhere
  unsigned Bits = 0;
  std::set<const Expr *> WrongTests; // the wrong tests behind WrongValid
  bool operator==(const OriginState &O) const {
    return Origin == O.Origin && Bits == O.Bits && WrongTests == O.WrongTests;
  }
};

using VarState = std::vector<OriginState>; // sorted by Origin
using FlowState = std::map<const VarDecl *, VarState>;

void mergeInto(FlowState &Into, const FlowState &From);
bool isCastOrParen(const Stmt *S);

class Analysis {
public:
  Analysis(const FunctionDecl *FD, ASTContext &Ctx)
      : FD(FD), Ctx(Ctx), SM(Ctx.getSourceManager()), Body(FD->getBody()),
        PM(const_cast<Stmt *>(Body)), Constants(Ctx) {}

  HandleFlowResult run();

private:
  const FunctionDecl *FD;
  ASTContext &Ctx;
  const SourceManager &SM;
  const Stmt *Body;
  ParentMap PM;
  std::unique_ptr<CFG> Graph;
  HandleVariables Candidates;
  llvm::DenseMap<const CFGBlock *, std::optional<HandleBranchTest>> Tests;
  llvm::SmallPtrSet<const DeclRefExpr *, 8> TestRefs;
  ConstantFacts Constants;
  /// Branches on a condition that is constant in fact: the side taken.
  llvm::DenseMap<const CFGBlock *, bool> Decided;
  /// Heads of `for` loops whose first test is true (`for (i = 0; i < 1;
  /// i++)`): coming from before the loop, only the body follows.
  llvm::DenseSet<const CFGBlock *> FirstRuns;

  // Recording (final pass only).
  bool Record = false;
  std::set<std::pair<const CallExpr *, const CallExpr *>> Unchecked_;
  std::set<std::tuple<const Expr *, const CallExpr *, const Stmt *>> Wrong_;
  std::set<std::tuple<const Expr *, const CallExpr *, const Stmt *>>
      WrongClosed_; // wrong tests after which the handle is only closed
  std::map<const Expr *, std::pair<const VarDecl *, bool>> WrongInfo_;
  std::set<std::tuple<const CallExpr *, int, unsigned>> Leaks_;

  const VarDecl *candidateRef(const Expr *E) const {
    return trackedVariable(E, Candidates);
  }
  std::optional<HandleBranchTest> decompose(const Expr *Cond) const {
    return decomposeHandleTest(Cond, Candidates, Ctx);
  }
  const Expr *branchCondition(const CFGBlock *B) const;
  std::pair<const Stmt *, const Stmt *> climb(const Stmt *S) const;

  void transfer(const CFGBlock *B, FlowState &St);
  void transferStmt(const Stmt *S, FlowState &St);
  void assignVar(const VarDecl *VD, const Expr *Value, FlowState &St,
                 SourceLocation Loc, LeakExitKind Kind);
  void readVar(const DeclRefExpr *Ref, const VarDecl *VD, FlowState &St);
  void directCreator(const CallExpr *Call, const HandleCreator *C);
  void consume(const VarDecl *VD, VarState &VS, const Stmt *Consumer);
  void setBits(VarState &VS, unsigned From, unsigned To);
  std::optional<FlowState> refine(const FlowState &Out, const CFGBlock *B,
                                  unsigned SuccIndex);
  void recordExits(const CFGBlock *Pred, const FlowState &Out);
  /// Runs block \p B from state \p In and calls \p OnEdge(successor,
  /// state) for each edge a path can take.
  template <typename EdgeFn>
  void forEachEdge(const CFGBlock *B, const FlowState &In, EdgeFn OnEdge,
                   unsigned EdgeMask = 3);
  void leak(const CallExpr *Origin, LeakExitKind Kind, SourceLocation Loc);
  bool isPipeOrFile(const CallExpr *Origin) const;
  bool decidesBranch(const Expr *E) const;
};

} // namespace clang::tidy::pipelint::utils::handleflow

#endif
