//===--- OwnershipFlow.cpp - where a heap object can be lost --------------===//
#include "OwnershipFlow.h"
#include "BranchFacts.h"
#include "ValueTracking.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
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
  PathFacts Facts;

  std::vector<uint64_t> key(unsigned Block) const {
    std::vector<uint64_t> Key = {Block, K, reinterpret_cast<uintptr_t>(Alloc)};
    Facts.appendKey(Key);
    return Key;
  }
};

bool refersTo(const Stmt *S, const VarDecl *V) {
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(S))
    return DRE->getDecl() == V;
  for (const Stmt *C :
       S ? S->children() : Stmt::const_child_range(nullptr, nullptr))
    if (refersTo(C, V))
      return true;
  return false;
}

/// The uses of the slot, classified once per function before the paths
/// are walked.
class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(Slot S, ASTContext &Ctx) : S(S), Ctx(Ctx) {}

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (S.Var && E->getDecl() == S.Var) {
      UseKind K = classifyUse(E, Ctx);
      if (K == UseKind::Unanalyzable)
        SlotEscapes = true;
      Events[E] = K;
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
      if (!C.capturesVariable() || !S.Var || C.getCapturedVar() != S.Var)
        continue;
      if (C.getCaptureKind() == LCK_ByRef)
        SlotEscapes = true;
      else
        Events[L] = UseKind::Escape;
    }
    // `[q = p]` copies the pointer into the lambda.
    for (Expr *Init : L->capture_inits())
      if (Init) {
        TraverseStmt(Init);
        if (S.Var && refersTo(Init, S.Var))
          Events[L] = UseKind::Escape;
      }
    return true;
  }

  Slot S;
  ASTContext &Ctx;
  llvm::DenseMap<const Stmt *, UseKind> Events;
  bool SlotEscapes = false;
};

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
  bool isThisCall(const Stmt *S) const;

  const FunctionDecl *FD;
  Slot S;
  const FlowOptions &Opts;
  ASTContext &Ctx;
  const SourceManager &SM;

  llvm::DenseMap<const Stmt *, UseKind> Events;
  std::optional<BranchFacts> Branches;

  llvm::MapVector<const CXXNewExpr *, PathLeak> Leaks;
  llvm::MapVector<SourceLocation, PathLeak> UnknownLeaks;
};

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

  Branches->transfer(Stm, St.Facts);
  if (const auto *BO = dyn_cast<BinaryOperator>(Stm)) {
    if (BO->getOpcode() == BO_Assign && slotOfExpr(BO->getLHS()) == S)
      store(St, BO->getRHS(), BO->getLHS()->getBeginLoc());
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(Stm)) {
    for (const Decl *D : DS->decls())
      if (S.Var && D == S.Var)
        store(St, S.Var->getInit(), S.Var->getLocation());
    return;
  }
  if (S.Field && isThisCall(Stm)) {
    // A member function may release or replace the member.
    St.K = State::Unknown;
    St.Alloc = nullptr;
  }
}

std::optional<bool> Analysis::slotNonNullWhenTrue(const Expr *Cond) const {
  Cond = BranchFacts::strip(Cond);
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

  Feasible = Branches->feasible(Cond, Outcome, St.Facts);
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

  Collector Coll(S, Ctx);
  Coll.TraverseDecl(const_cast<FunctionDecl *>(FD));
  if (Coll.SlotEscapes)
    return Result;
  Events = std::move(Coll.Events);
  Branches.emplace(FD, *G, S.Var, Ctx);

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
