//===--- OwnershipFlow.cpp - where a heap object can be lost --------------===//
#include "OwnershipFlow.h"
#include "ValueTracking.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/MapVector.h"
#include <algorithm>
#include <optional>
#include <set>

namespace clang::tidy::pipelint::utils {
namespace {

/// What one path knows at a program point.
struct State {
  enum Kind : uint8_t {
    Free,    ///< owns nothing we know of (null, released, handed over)
    Unknown, ///< a member at entry: whatever an earlier call left there
    Held,    ///< owns Alloc, allocated in this function
    NonNull, ///< a member that owns an object allocated elsewhere
  };
  Kind K = Free;
  const CXXNewExpr *Alloc = nullptr;
  SourceLocation Evidence;
  /// Local flags with a known value, sorted by declaration.
  llvm::SmallVector<std::pair<const VarDecl *, int64_t>, 4> Values;
  /// Outcomes of stable conditions already branched on, sorted.
  llvm::SmallVector<std::pair<unsigned, bool>, 4> Conds;

  std::vector<uint64_t> key(unsigned Block) const {
    std::vector<uint64_t> Key = {Block, K, reinterpret_cast<uintptr_t>(Alloc)};
    for (const auto &V : Values) {
      Key.push_back(reinterpret_cast<uintptr_t>(V.first));
      Key.push_back(static_cast<uint64_t>(V.second));
    }
    Key.push_back(~0ULL);
    for (const auto &C : Conds)
      Key.push_back((uint64_t(C.first) << 1) | C.second);
    return Key;
  }

  std::optional<int64_t> value(const VarDecl *V) const {
    for (const auto &P : Values)
      if (P.first == V)
        return P.second;
    return std::nullopt;
  }
  void setValue(const VarDecl *V, std::optional<int64_t> X) {
    auto It =
        llvm::find_if(Values, [V](const auto &P) { return P.first == V; });
    if (It != Values.end())
      Values.erase(It);
    if (!X)
      return;
    Values.emplace_back(V, *X);
    llvm::sort(Values, [](const auto &A, const auto &B) {
      return std::less<const VarDecl *>()(A.first, B.first);
    });
  }
};

/// Uses of the slot, and which local flags can be followed, found once per
/// function before the paths are walked.
class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(Slot S, const llvm::DenseSet<const VarDecl *> &CondVars,
            ASTContext &Ctx)
      : S(S), CondVars(CondVars), Ctx(Ctx) {}

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    const auto *V = dyn_cast<VarDecl>(E->getDecl());
    if (!V)
      return true;
    if (S.Var && V == S.Var) {
      UseKind K = classifyUse(E, Ctx);
      if (K == UseKind::Unanalyzable)
        SlotEscapes = true;
      Events[E] = K;
    } else if (CondVars.count(V)) {
      UseKind K = classifyUse(E, Ctx);
      if (K == UseKind::Unanalyzable)
        Opaque.insert(V);
      if (K == UseKind::StoreTarget || K == UseKind::Unanalyzable)
        Modified.insert(V);
    }
    return true;
  }

  bool VisitMemberExpr(MemberExpr *E) {
    if (S.Field && slotOfExpr(E) == S) {
      UseKind K = classifyUse(E, Ctx);
      Events[E] = K == UseKind::Unanalyzable ? UseKind::Escape : K;
    }
    return true;
  }

  // The body of a lambda runs later, not here: only its captures matter.
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->captures()) {
      if (!C.capturesVariable())
        continue;
      const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
      bool ByRef = C.getCaptureKind() == LCK_ByRef;
      if (S.Var && V == S.Var) {
        if (ByRef)
          SlotEscapes = true;
        else
          Events[L] = UseKind::Escape;
      } else if (V && ByRef && CondVars.count(V)) {
        Opaque.insert(V);
        Modified.insert(V);
      }
    }
    for (Expr *Init : L->capture_inits())
      if (Init && !isa<DeclRefExpr>(Init->IgnoreParenImpCasts()))
        TraverseStmt(Init);
    return true;
  }

  Slot S;
  const llvm::DenseSet<const VarDecl *> &CondVars;
  ASTContext &Ctx;
  llvm::DenseMap<const Stmt *, UseKind> Events;
  bool SlotEscapes = false;
  llvm::DenseSet<const VarDecl *> Opaque;   ///< address or reference escapes
  llvm::DenseSet<const VarDecl *> Modified; ///< written after its init
};

void collectVarRefs(const Stmt *S, llvm::DenseSet<const VarDecl *> &Out) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (!V->hasGlobalStorage())
        Out.insert(V);
  for (const Stmt *C : S->children())
    collectVarRefs(C, Out);
}

const Expr *stripConditionNoise(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
      E = ICE->getSubExpr();
      continue;
    }
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E)) {
      E = EWC->getSubExpr();
      continue;
    }
    return E;
  }
}

class Analysis {
public:
  Analysis(const FunctionDecl *FD, Slot S, const FlowOptions &Opts,
           ASTContext &Ctx)
      : FD(FD), S(S), Opts(Opts), Ctx(Ctx), SM(Ctx.getSourceManager()) {}

  FlowResult run();

private:
  void transfer(const CFGElement &E, State &St);
  void store(State &St, const Expr *Value, SourceLocation Loc);
  void leak(const CXXNewExpr *Alloc, LeakPointKind K, SourceLocation Loc);
  void branch(const CFGBlock &B, unsigned SuccIndex, State &St, bool &Feasible);
  void afterThrow(const CFGBlock &B, const CFGBlock &Succ, State &St);

  std::optional<bool> slotNonNullWhenTrue(const Expr *Cond) const;
  std::optional<bool> evaluate(const Expr *Cond, const State &St) const;
  std::optional<unsigned> stableKey(const Expr *Cond, bool &Negated);
  bool isStable(const Expr *E) const;
  bool isThisCall(const Stmt *S) const;
  std::optional<int64_t> constant(const Expr *E) const;

  const FunctionDecl *FD;
  Slot S;
  const FlowOptions &Opts;
  ASTContext &Ctx;
  const SourceManager &SM;

  llvm::DenseMap<const Stmt *, UseKind> Events;
  llvm::DenseSet<const VarDecl *> FlagVars;   ///< values followed
  llvm::DenseSet<const VarDecl *> StableVars; ///< never written after init
  std::vector<llvm::FoldingSetNodeID> StableConds;

  llvm::MapVector<const CXXNewExpr *, PathLeak> Leaks;
  llvm::MapVector<SourceLocation, PathLeak> UnknownLeaks;
};

std::optional<int64_t> Analysis::constant(const Expr *E) const {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx) || !R.Val.isInt())
    return std::nullopt;
  const llvm::APSInt &I = R.Val.getInt();
  if (!I.isRepresentableByInt64())
    return std::nullopt;
  return I.getExtValue();
}

void Analysis::leak(const CXXNewExpr *Alloc, LeakPointKind K,
                    SourceLocation Loc) {
  PathLeak &L = Leaks[Alloc];
  L.Alloc = Alloc;
  for (const LeakPoint &P : L.Points)
    if (P.Kind == K && P.Loc == Loc)
      return;
  L.Points.push_back({K, Loc});
}

void Analysis::store(State &St, const Expr *Value, SourceLocation Loc) {
  if (St.K == State::Held) {
    leak(St.Alloc, LeakPointKind::Overwritten, Loc);
  } else if (St.K == State::NonNull && Opts.MemberOwning) {
    PathLeak &L = UnknownLeaks[Loc];
    if (L.Points.empty()) {
      L.Evidence = St.Evidence;
      L.StoredValue = Value;
      L.Points.push_back({LeakPointKind::Overwritten, Loc});
    }
  }
  const CXXNewExpr *New = asNewExpr(Value);
  if (New && Opts.IsTracked(New)) {
    St.K = State::Held;
    St.Alloc = New;
  } else {
    St.K = State::Free;
    St.Alloc = nullptr;
  }
}

bool Analysis::isThisCall(const Stmt *Stm) const {
  auto IsThis = [](const Expr *E) {
    return E && isa<CXXThisExpr>(ignoreCastsAndParens(E));
  };
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Stm)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (IsThis(MC->getImplicitObjectArgument()) && MD && !MD->isConst())
      return true;
  }
  if (const auto *CE = dyn_cast<CallExpr>(Stm))
    Args = llvm::ArrayRef(CE->getArgs(), CE->getNumArgs());
  else if (const auto *CE = dyn_cast<CXXConstructExpr>(Stm))
    Args = llvm::ArrayRef(CE->getArgs(), CE->getNumArgs());
  return llvm::any_of(Args, IsThis);
}

void Analysis::transfer(const CFGElement &E, State &St) {
  if (auto Init = E.getAs<CFGInitializer>()) {
    const CXXCtorInitializer *I = Init->getInitializer();
    if (S.Field && I->getMember() == S.Field) {
      const Expr *Value = I->getInit();
      if (const auto *D = dyn_cast_or_null<CXXDefaultInitExpr>(
              Value ? Value->IgnoreImplicit() : nullptr))
        Value = D->getExpr();
      store(St, Value, I->getSourceLocation());
    }
    return;
  }
  if (auto End = E.getAs<CFGLifetimeEnds>()) {
    if (S.Var && End->getVarDecl() == S.Var && St.K == State::Held) {
      const Stmt *T = End->getTriggerStmt();
      LeakPointKind K = isa_and_nonnull<ReturnStmt>(T)
                            ? LeakPointKind::Returned
                            : LeakPointKind::ScopeEnd;
      SourceLocation Loc;
      if (const auto *CS = dyn_cast_or_null<CompoundStmt>(T))
        Loc = CS->getRBracLoc();
      else if (T)
        Loc = T->getBeginLoc();
      else
        Loc = S.Var->getLocation();
      leak(St.Alloc, K, Loc);
      St.K = State::Free;
      St.Alloc = nullptr;
    }
    return;
  }
  auto CS = E.getAs<CFGStmt>();
  if (!CS)
    return;
  const Stmt *Stm = CS->getStmt();

  auto Ev = Events.find(Stm);
  if (Ev != Events.end()) {
    switch (Ev->second) {
    case UseKind::Release:
    case UseKind::Adopted:
    case UseKind::Escape:
      St.K = State::Free;
      St.Alloc = nullptr;
      break;
    case UseKind::Deref:
      if (St.K == State::Unknown && Opts.MemberOwning) {
        St.K = State::NonNull;
        St.Evidence = Stm->getBeginLoc();
      }
      break;
    default:
      break;
    }
    return;
  }

  if (const auto *BO = dyn_cast<BinaryOperator>(Stm)) {
    if (BO->getOpcode() == BO_Assign && slotOfExpr(BO->getLHS()) == S) {
      store(St, BO->getRHS(), BO->getLHS()->getBeginLoc());
      return;
    }
    if (BO->isAssignmentOp())
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
            V && FlagVars.count(V))
          St.setValue(V, BO->getOpcode() == BO_Assign ? constant(BO->getRHS())
                                                      : std::nullopt);
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(Stm)) {
    if (UO->isIncrementDecrementOp())
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
        if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
            V && FlagVars.count(V))
          St.setValue(V, std::nullopt);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(Stm)) {
    for (const Decl *D : DS->decls()) {
      const auto *V = dyn_cast<VarDecl>(D);
      if (!V)
        continue;
      if (S.Var && V == S.Var)
        store(St, V->getInit(), V->getLocation());
      else if (FlagVars.count(V))
        St.setValue(V, constant(V->getInit()));
    }
    return;
  }
  if (S.Field && isThisCall(Stm)) {
    // A member function may release or replace the member.
    St.K = State::Unknown;
    St.Alloc = nullptr;
  }
}

std::optional<bool> Analysis::slotNonNullWhenTrue(const Expr *Cond) const {
  Cond = stripConditionNoise(Cond);
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond);
      UO && UO->getOpcode() == UO_LNot) {
    std::optional<bool> Inner = slotNonNullWhenTrue(UO->getSubExpr());
    return Inner ? std::optional<bool>(!*Inner) : std::nullopt;
  }
  if (slotOfExpr(Cond) == S)
    return true;
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    if (slotOfExpr(R) == S)
      std::swap(L, R);
    if (slotOfExpr(L) == S && isNullConstant(R, Ctx))
      return BO->getOpcode() == BO_NE;
  }
  return std::nullopt;
}

std::optional<bool> Analysis::evaluate(const Expr *Cond,
                                       const State &St) const {
  Cond = stripConditionNoise(Cond);
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond);
      UO && UO->getOpcode() == UO_LNot) {
    std::optional<bool> Inner = evaluate(UO->getSubExpr(), St);
    return Inner ? std::optional<bool>(!*Inner) : std::nullopt;
  }
  auto ValueOf = [&](const Expr *E) -> std::optional<int64_t> {
    E = stripConditionNoise(E);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
          V && FlagVars.count(V))
        return St.value(V);
    return constant(E);
  };
  if (isa<DeclRefExpr>(Cond)) {
    std::optional<int64_t> V = ValueOf(Cond);
    return V ? std::optional<bool>(*V != 0) : std::nullopt;
  }
  const auto *BO = dyn_cast<BinaryOperator>(Cond);
  if (!BO || !BO->isComparisonOp())
    return std::nullopt;
  std::optional<int64_t> L = ValueOf(BO->getLHS()), R = ValueOf(BO->getRHS());
  if (!L || !R)
    return std::nullopt;
  switch (BO->getOpcode()) {
  case BO_EQ:
    return *L == *R;
  case BO_NE:
    return *L != *R;
  case BO_LT:
    return *L < *R;
  case BO_GT:
    return *L > *R;
  case BO_LE:
    return *L <= *R;
  case BO_GE:
    return *L >= *R;
  default:
    return std::nullopt;
  }
}

bool Analysis::isStable(const Expr *E) const {
  if (isa<CallExpr, CXXConstructExpr, MemberExpr, LambdaExpr>(E))
    return false;
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_Deref))
    return false;
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->isAssignmentOp())
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (isa<EnumConstantDecl>(DRE->getDecl()))
      return true;
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    return V && StableVars.count(V);
  }
  for (const Stmt *C : E->children())
    if (!C || !isa<Expr>(C) || !isStable(cast<Expr>(C)))
      return false;
  return true;
}

std::optional<unsigned> Analysis::stableKey(const Expr *Cond, bool &Negated) {
  Cond = stripConditionNoise(Cond);
  Negated = false;
  while (const auto *UO = dyn_cast<UnaryOperator>(Cond)) {
    if (UO->getOpcode() != UO_LNot)
      break;
    Negated = !Negated;
    Cond = stripConditionNoise(UO->getSubExpr());
  }
  if (!isStable(Cond))
    return std::nullopt;
  llvm::FoldingSetNodeID ID;
  Cond->Profile(ID, Ctx, /*Canonical=*/true);
  for (unsigned I = 0; I < StableConds.size(); ++I)
    if (StableConds[I] == ID)
      return I;
  StableConds.push_back(ID);
  return StableConds.size() - 1;
}

void Analysis::branch(const CFGBlock &B, unsigned SuccIndex, State &St,
                      bool &Feasible) {
  Feasible = true;
  const Stmt *Term = B.getTerminatorStmt();
  if (B.succ_size() != 2 || !Term || isa<SwitchStmt>(Term))
    return;
  const auto *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  if (!Cond)
    return;
  bool Outcome = SuccIndex == 0;

  if (std::optional<bool> NonNullIfTrue = slotNonNullWhenTrue(Cond)) {
    bool NonNull = Outcome == *NonNullIfTrue;
    switch (St.K) {
    case State::Held:
      if (!NonNull) {
        // Only `new (std::nothrow)` can yield null: then nothing leaks.
        if (!St.Alloc->shouldNullCheckAllocation()) {
          Feasible = false;
          return;
        }
        St.K = State::Free;
        St.Alloc = nullptr;
      }
      return;
    case State::NonNull:
      Feasible = NonNull;
      return;
    case State::Unknown:
      if (NonNull && Opts.MemberOwning) {
        St.K = State::NonNull;
        St.Evidence = Cond->getBeginLoc();
      } else if (!NonNull) {
        St.K = State::Free;
      }
      return;
    case State::Free:
      return;
    }
  }

  if (std::optional<bool> Known = evaluate(Cond, St)) {
    Feasible = *Known == Outcome;
    return;
  }
  bool Negated = false;
  if (std::optional<unsigned> Key = stableKey(Cond, Negated)) {
    bool Value = Outcome != Negated;
    for (const auto &C : St.Conds)
      if (C.first == *Key) {
        Feasible = C.second == Value;
        return;
      }
    St.Conds.emplace_back(*Key, Value);
    llvm::sort(St.Conds);
  }
}

void Analysis::afterThrow(const CFGBlock &B, const CFGBlock &Succ, State &St) {
  if (!S.Var || St.K != State::Held || B.empty())
    return;
  auto Last = B.back().getAs<CFGStmt>();
  const auto *Throw = Last ? dyn_cast<CXXThrowExpr>(Last->getStmt()) : nullptr;
  if (!Throw)
    return;
  // Caught in this function (the successor dispatches to the handlers of
  // a try statement): the local survives if it is declared outside the try
  // block.
  const auto *Try = dyn_cast_or_null<CXXTryStmt>(Succ.getTerminatorStmt());
  if (!Try)
    if (const auto *Catch = dyn_cast_or_null<CXXCatchStmt>(Succ.getLabel())) {
      DynTypedNodeList Parents = Ctx.getParents(*Catch);
      Try = Parents.empty() ? nullptr : Parents[0].get<CXXTryStmt>();
      if (!Try) {
        St.K = State::Free; // unexpected shape: stay silent
        return;
      }
    }
  if (Try) {
    SourceRange R = Try->getTryBlock()->getSourceRange();
    SourceLocation VarLoc = S.Var->getLocation();
    if (!SM.isPointWithin(VarLoc, R.getBegin(), R.getEnd()))
      return;
  } else if (Succ.getBlockID() != Succ.getParent()->getExit().getBlockID()) {
    return;
  }
  leak(St.Alloc, LeakPointKind::Thrown, Throw->getBeginLoc());
  St.K = State::Free;
  St.Alloc = nullptr;
}

FlowResult Analysis::run() {
  FlowResult Result;
  Result.Complete = false;
  if (!FD || !FD->hasBody() || FD->isDependentContext() || !S)
    return Result;

  CFG::BuildOptions BO;
  BO.AddLifetime = true;
  BO.AddInitializers = true;
  BO.setAllAlwaysAdd();
  std::unique_ptr<CFG> G = CFG::buildCFG(FD, FD->getBody(), &Ctx, BO);
  if (!G)
    return Result;

  // Local flags that decide branches.
  llvm::DenseSet<const VarDecl *> CondVars;
  for (const CFGBlock *B : *G)
    if (const Stmt *C = B->getTerminatorCondition())
      collectVarRefs(C, CondVars);
  if (S.Var)
    CondVars.erase(S.Var);

  Collector Coll(S, CondVars, Ctx);
  Coll.TraverseDecl(const_cast<FunctionDecl *>(FD));
  if (Coll.SlotEscapes)
    return Result;
  Events = std::move(Coll.Events);
  for (const VarDecl *V : CondVars) {
    QualType T = V->getType();
    if (!Coll.Opaque.count(V) && !T->isReferenceType() &&
        (T->isIntegralOrEnumerationType()))
      FlagVars.insert(V);
    if (!Coll.Modified.count(V) && !T->isReferenceType())
      StableVars.insert(V);
  }

  State Entry;
  if (S.Field && !isa<CXXConstructorDecl>(FD))
    Entry.K = State::Unknown;
  std::vector<std::pair<const CFGBlock *, State>> Work = {
      {&G->getEntry(), Entry}};
  std::set<std::vector<uint64_t>> Seen;
  unsigned Visits = 0;
  while (!Work.empty()) {
    auto [B, St] = std::move(Work.back());
    Work.pop_back();
    if (!Seen.insert(St.key(B->getBlockID())).second)
      continue;
    if (++Visits > Opts.Budget)
      return Result;
    for (const CFGElement &E : *B)
      transfer(E, St);
    if (B->hasNoReturnElement())
      continue; // abort(), exit(): nothing outlives the process
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      unsigned I = Index++;
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      State Out = St;
      bool Feasible = true;
      branch(*B, I, Out, Feasible);
      if (!Feasible)
        continue;
      afterThrow(*B, *Next, Out);
      Work.emplace_back(Next, std::move(Out));
    }
  }

  auto Before = [this](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(A, B);
  };
  for (auto &[Alloc, L] : Leaks) {
    llvm::sort(L.Points, [&](const LeakPoint &A, const LeakPoint &B) {
      return Before(A.Loc, B.Loc);
    });
    Result.Leaks.push_back(std::move(L));
  }
  for (auto &[Loc, L] : UnknownLeaks)
    Result.Leaks.push_back(std::move(L));
  auto Anchor = [](const PathLeak &L) {
    return L.Alloc ? L.Alloc->getBeginLoc() : L.Points.front().Loc;
  };
  std::stable_sort(Result.Leaks.begin(), Result.Leaks.end(),
                   [&](const PathLeak &A, const PathLeak &B) {
                     return Before(Anchor(A), Anchor(B));
                   });
  Result.Complete = true;
  return Result;
}

} // namespace

FlowResult analyzeSlot(const FunctionDecl *FD, Slot S, const FlowOptions &Opts,
                       ASTContext &Ctx) {
  return Analysis(FD, S, Opts, Ctx).run();
}

} // namespace clang::tidy::pipelint::utils
