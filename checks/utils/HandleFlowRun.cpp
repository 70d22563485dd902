//===--- HandleFlowRun.cpp - the handle-flow fixed point ------------------===//
#include "utils/HandleFlowAnalysis.h"

namespace clang::tidy::pipelint::utils::handleflow {

template <typename EdgeFn>
void Analysis::forEachEdge(const CFGBlock *B, const FlowState &In,
                           EdgeFn OnEdge, unsigned EdgeMask) {
  FlowState Out = In;
  transfer(B, Out);
  unsigned Index = 0;
  auto DI = Decided.find(B);
  for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
    unsigned I = Index++;
    const CFGBlock *S = Succ.getReachableBlock();
    if (!S || !(EdgeMask & (I == 0 ? 1 : 2)))
      continue;
    if (DI != Decided.end() && DI->second != (I == 0))
      continue; // the condition never takes this side
    if (std::optional<FlowState> Edge = refine(Out, B, I))
      OnEdge(S, *Edge);
  }
}

void Analysis::recordExits(const CFGBlock *Pred, const FlowState &Out) {
  if (Pred->hasNoReturnElement())
    return;
  LeakExitKind Kind = LeakExitKind::EndOfFunction;
  SourceLocation Where;
  if (const auto *Throw =
          dyn_cast_or_null<CXXThrowExpr>(Pred->getTerminatorStmt())) {
    Kind = LeakExitKind::Throw;
    Where = Throw->getBeginLoc();
  }
  for (auto I = Pred->rbegin(); Where.isInvalid() && I != Pred->rend(); ++I)
    if (auto CS = I->getAs<CFGStmt>()) {
      if (const auto *Ret = dyn_cast<ReturnStmt>(CS->getStmt())) {
        Kind = LeakExitKind::Return;
        Where = Ret->getBeginLoc();
      } else if (const auto *Throw = dyn_cast<CXXThrowExpr>(CS->getStmt())) {
        Kind = LeakExitKind::Throw;
        Where = Throw->getBeginLoc();
      }
      break;
    }
  if (Where.isInvalid()) {
    if (const auto *CS = dyn_cast<CompoundStmt>(Body))
      Where = CS->getRBracLoc();
    else
      Where = Body->getEndLoc();
  }
  for (const auto &[Var, VS] : Out)
    for (const OriginState &O : VS)
      if (O.Origin && (O.Bits & Owned))
        leak(O.Origin, Kind, Where);
}

HandleFlowResult Analysis::run() {
  HandleFlowResult R;
  if (!Body)
    return R;
  Candidates = findHandleVariables(Body, PM);
  CFG::BuildOptions Opts;
  Opts.setAllAlwaysAdd();
  Graph = CFG::buildCFG(FD, const_cast<Stmt *>(Body), &Ctx, Opts);
  if (!Graph)
    return R;
  R.Analysed = true;

  for (const CFGBlock *B : *Graph) {
    std::optional<HandleBranchTest> T = decompose(branchCondition(B));
    Tests[B] = T;
    if (T && T->Ref)
      TestRefs.insert(T->Ref);
    if (const Expr *Cond = T ? nullptr : branchCondition(B))
      if (std::optional<bool> Truth = Constants.truth(Cond))
        Decided[B] = *Truth;
    if (const auto *F = dyn_cast_or_null<ForStmt>(B->getTerminatorStmt()))
      if (B->succ_size() == 2 && Constants.firstTestTrue(F))
        FirstRuns.insert(B);
  }

  std::vector<std::optional<FlowState>> In(Graph->getNumBlockIDs());
  // For FirstRuns heads: the states that come from before the loop.
  std::vector<std::optional<FlowState>> First(Graph->getNumBlockIDs());
  FlowState Entry;
  for (const VarDecl *VD : Candidates)
    Entry[VD] = VarState{OriginState{nullptr, Other, {}}};
  const CFGBlock &EntryBlock = Graph->getEntry();
  In[EntryBlock.getBlockID()] = Entry;
  std::deque<const CFGBlock *> Work{&EntryBlock};
  std::vector<bool> Queued(Graph->getNumBlockIDs(), false);
  Queued[EntryBlock.getBlockID()] = true;
  // Runs the edges of \p B: from a FirstRuns head, the states from before
  // the loop only enter the body; the exit takes the back edges' states.
  auto Visit = [&](const CFGBlock *B, auto OnEdge) {
    const std::optional<FlowState> &Back = In[B->getBlockID()];
    const std::optional<FlowState> &Before = First[B->getBlockID()];
    if (!Before) {
      if (Back)
        forEachEdge(B, *Back, OnEdge);
      return;
    }
    FlowState All = *Before;
    if (Back)
      mergeInto(All, *Back);
    forEachEdge(B, All, OnEdge, 1);
    if (Back)
      forEachEdge(B, *Back, OnEdge, 2);
  };
  // The lattice is finite and In only grows, so this terminates; the bound
  // is a guard against a bug, not a tuning knob.
  unsigned Budget = 200000;
  while (!Work.empty() && Budget--) {
    const CFGBlock *B = Work.front();
    Work.pop_front();
    Queued[B->getBlockID()] = false;
    Visit(B, [&](const CFGBlock *S, const FlowState &Edge) {
      bool FromBefore =
          FirstRuns.count(S) && B->getLoopTarget() != S->getTerminatorStmt();
      std::optional<FlowState> &Target =
          (FromBefore ? First : In)[S->getBlockID()];
      FlowState Old = Target ? *Target : FlowState();
      bool Changed = !Target;
      if (!Target)
        Target = Edge;
      else
        mergeInto(*Target, Edge);
      Changed = Changed || *Target != Old;
      if (Changed && !Queued[S->getBlockID()]) {
        Queued[S->getBlockID()] = true;
        Work.push_back(S);
      }
    });
  }
  if (!Work.empty()) {
    R.Analysed = false;
    return R;
  }

  // Final pass over the fixpoint: record the events.
  Record = true;
  const CFGBlock &Exit = Graph->getExit();
  for (const CFGBlock *B : *Graph)
    Visit(B, [&](const CFGBlock *S, const FlowState &Edge) {
      if (S == &Exit)
        recordExits(B, Edge);
    });

  auto Before = [this](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(A, B);
  };
  for (const auto &[Origin, Use] : Unchecked_)
    R.UncheckedUses.push_back({Origin, Use});
  std::stable_sort(
      R.UncheckedUses.begin(), R.UncheckedUses.end(),
      [&](const UncheckedHandleUse &A, const UncheckedHandleUse &B) {
        if (A.Origin != B.Origin)
          return Before(A.Origin->getBeginLoc(), B.Origin->getBeginLoc());
        return Before(A.Use->getBeginLoc(), B.Use->getBeginLoc());
      });
  // A wrong test after which the handle is only ever closed is reported with
  // the CloseHandle call as its consumer.
  std::set<const Expr *> Consumed;
  for (const auto &Entry : Wrong_)
    Consumed.insert(std::get<0>(Entry));
  for (const auto &Entry : WrongClosed_)
    if (!Consumed.count(std::get<0>(Entry)))
      Wrong_.insert(Entry);
  for (const auto &[Test, Origin, Consumer] : Wrong_) {
    WrongHandleTest W;
    W.Test = Test;
    W.Origin = Origin;
    W.Consumer = Consumer;
    auto Info = WrongInfo_.find(Test);
    W.Var = Info != WrongInfo_.end() ? Info->second.first : nullptr;
    W.OnlyCreatorValues = Info != WrongInfo_.end() && Info->second.second;
    W.Constant = nullptr;
    if (std::optional<HandleBranchTest> T = decompose(Test))
      W.Constant = T->Constant;
    R.WrongTests.push_back(W);
  }
  std::stable_sort(
      R.WrongTests.begin(), R.WrongTests.end(),
      [&](const WrongHandleTest &A, const WrongHandleTest &B) {
        if (A.Test != B.Test)
          return Before(A.Test->getBeginLoc(), B.Test->getBeginLoc());
        if (A.Origin != B.Origin)
          return Before(A.Origin->getBeginLoc(), B.Origin->getBeginLoc());
        return Before(A.Consumer->getBeginLoc(), B.Consumer->getBeginLoc());
      });
  for (const auto &[Origin, Kind, Raw] : Leaks_)
    R.Leaks.push_back({Origin, static_cast<LeakExitKind>(Kind),
                       SourceLocation::getFromRawEncoding(Raw)});
  std::stable_sort(R.Leaks.begin(), R.Leaks.end(),
                   [&](const HandleLeak &A, const HandleLeak &B) {
                     if (A.Origin != B.Origin)
                       return Before(A.Origin->getBeginLoc(),
                                     B.Origin->getBeginLoc());
                     return Before(A.Where, B.Where);
                   });
  return R;
}

} // namespace clang::tidy::pipelint::utils::handleflow
