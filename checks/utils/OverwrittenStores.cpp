//===--- OverwrittenStores.cpp - stores lost to a later store -------------===//
//
// For each target with a candidate store, a backward dataflow over the CFG
// computes at every point "the first thing that happens to the target from
// here on": nothing yet (Bottom, for paths still unexplored or loops that
// never touch it), one particular plain store, or anything else (Top: a read,
// two different stores on different paths, the end of the function, the
// declaration going out of scope and coming back).
//
//===----------------------------------------------------------------------===//
#include "utils/OverwrittenStores.h"
#include "utils/OverwrittenStoresUses.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"
#include <algorithm>

namespace clang::tidy::pipelint::utils {

std::string StoreTarget::name() const {
  if (!Field)
    return Var ? Var->getNameAsString() : std::string();
  if (!Var)
    return Field->getNameAsString();
  return Var->getNameAsString() + "." + Field->getNameAsString();
}

QualType StoreTarget::type() const {
  if (Field)
    return Field->getType();
  return Var ? Var->getType() : QualType();
}

namespace {

using detail::Use;
using detail::UseKind;
using detail::UseMap;

constexpr int Bottom = -2;
constexpr int Top = -1;

int join(int A, int B) {
  if (A == Bottom)
    return B;
  if (B == Bottom)
    return A;
  return A == B ? A : Top;
}

/// How much of the program a call may run.
enum class CallKind {
  NotACall,
  /// A pure or const builtin, a trivial or constexpr function: it runs none
  /// of the program's code and synchronises with no other thread.
  Harmless,
  /// Anything else. Even a plain C API can read a member or a global: a
  /// callback, or another thread that this call lets run (SetEvent,
  /// pthread_mutex_unlock, a write() the peer answers) may read it.
  Opaque,
};

CallKind classifyFunction(const FunctionDecl *FD, const ASTContext &Ctx) {
  if (!FD)
    return CallKind::Opaque;
  if (unsigned ID = FD->getBuiltinID())
    return Ctx.BuiltinInfo.isConst(ID) || Ctx.BuiltinInfo.isPure(ID)
               ? CallKind::Harmless
               : CallKind::Opaque; // __atomic_*, __sync_*, memcpy...
  if (FD->isTrivial() || FD->isConstexpr())
    return CallKind::Harmless;
  return CallKind::Opaque;
}

CallKind classifyCall(const Stmt *S, const ASTContext &Ctx) {
  if (const auto *CE = dyn_cast<CallExpr>(S))
    return classifyFunction(CE->getDirectCallee(), Ctx);
  if (const auto *CC = dyn_cast<CXXConstructExpr>(S))
    return classifyFunction(CC->getConstructor(), Ctx);
  if (isa<CXXNewExpr>(S) || isa<CXXDeleteExpr>(S) ||
      isa<CXXInheritedCtorInitExpr>(S) || isa<AsmStmt>(S))
    return CallKind::Opaque;
  return CallKind::NotACall;
}

/// Whether a call passes a pointer or binds a reference: through those it
/// can reach a local whose address escaped.
bool passesAddresses(const Stmt *S) {
  auto Check = [](const Expr *A) {
    return A->getType()->isPointerType() || A->isGLValue();
  };
  if (const auto *CE = dyn_cast<CallExpr>(S))
    return llvm::any_of(CE->arguments(), Check);
  if (const auto *CC = dyn_cast<CXXConstructExpr>(S))
    return llvm::any_of(CC->arguments(), Check);
  return false;
}

/// A read through a pointer or a reference: it may read an escaped target.
bool isIndirectAccess(const Stmt *S) {
  if (const auto *UO = dyn_cast<UnaryOperator>(S))
    return UO->getOpcode() == UO_Deref;
  if (isa<ArraySubscriptExpr>(S))
    return true;
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    return ME->isArrow() &&
           !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts());
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      return V->getType()->isReferenceType();
  return false;
}

/// The successors of \p B. The CFG drops the edges a constant condition
/// never takes; for `if (kConstant)`, `kConstant ? a : b`, `switch` and
/// `&&`/`||` they are put back, as a constant there is usually a
/// configuration switch and the other branch a path to respect. Loops keep
/// the pruning, so `do { ... } while (0)` and `while (true)` stay exact.
llvm::SmallVector<const CFGBlock *, 4> successors(const CFGBlock &B) {
  const Stmt *T = B.getTerminatorStmt();
  bool Branch = T && (isa<IfStmt>(T) || isa<AbstractConditionalOperator>(T) ||
                      isa<SwitchStmt>(T) || isa<BinaryOperator>(T));
  llvm::SmallVector<const CFGBlock *, 4> Out;
  for (const CFGBlock::AdjacentBlock &A : B.succs()) {
    const CFGBlock *S = A.getReachableBlock();
    if (!S && Branch)
      S = A.getPossiblyUnreachableBlock();
    if (S)
      Out.push_back(S);
  }
  return Out;
}

class Dataflow {
public:
  Dataflow(const CFG &Graph, const UseMap &Map, ASTContext &Ctx)
      : Graph(Graph), Map(Map), Ctx(Ctx) {}

  /// Fills \p Next (indexed like Map.Stores) for the stores of \p T.
  void run(const StoreTarget &T, std::vector<int> &Next) {
    Target = T;
    Aliased = Map.isAliased(T);
    Visible = Map.isMemoryVisible(T);
    std::vector<int> In(Graph.getNumBlockIDs(), Bottom);
    llvm::SmallVector<const CFGBlock *, 32> Work(Graph.begin(), Graph.end());
    llvm::BitVector Queued(Graph.getNumBlockIDs(), true);
    while (!Work.empty()) {
      const CFGBlock *B = Work.pop_back_val();
      Queued.reset(B->getBlockID());
      int State = transfer(*B, outState(*B, In), nullptr);
      if (State == In[B->getBlockID()])
        continue;
      In[B->getBlockID()] = State;
      for (const CFGBlock *P : B->preds())
        if (P && !Queued.test(P->getBlockID())) {
          Queued.set(P->getBlockID());
          Work.push_back(P);
        }
    }
    for (const CFGBlock *B : Graph)
      if (Reachable.test(B->getBlockID()))
        transfer(*B, outState(*B, In), &Next);
  }

  void computeReachability() {
    Reachable.resize(Graph.getNumBlockIDs());
    llvm::SmallVector<const CFGBlock *, 32> Work{&Graph.getEntry()};
    Reachable.set(Graph.getEntry().getBlockID());
    while (!Work.empty()) {
      const CFGBlock *B = Work.pop_back_val();
      for (const CFGBlock *S : successors(*B))
        if (!Reachable.test(S->getBlockID())) {
          Reachable.set(S->getBlockID());
          Work.push_back(S);
        }
    }
  }

private:
  int outState(const CFGBlock &B, const std::vector<int> &In) const {
    if (&B == &Graph.getExit())
      return Top; // the caller, or nobody: not our kind of loss either way
    int State = Bottom;
    for (const CFGBlock *S : successors(B))
      State = join(State, In[S->getBlockID()]);
    return State;
  }

  int transfer(const CFGBlock &B, int State, std::vector<int> *Next) {
    for (auto It = B.rbegin(), End = B.rend(); It != End; ++It) {
      Effects.clear();
      effects(*It, Effects);
      for (auto E = Effects.rbegin(); E != Effects.rend(); ++E) {
        if (*E < 0) {
          State = Top;
          continue;
        }
        if (Next)
          (*Next)[*E] = join((*Next)[*E], State);
        State = *E;
      }
    }
    return State;
  }

  /// The effects of one CFG element on the target, in execution order: a
  /// store index, or Top for a read.
  void effects(const CFGElement &E, llvm::SmallVectorImpl<int> &Out) const {
    if (auto Init = E.getAs<CFGInitializer>()) {
      auto It = Map.AtInit.find(Init->getInitializer());
      if (It != Map.AtInit.end() && It->second.Target == Target)
        Out.push_back(It->second.Index);
      return;
    }
    if (E.getAs<CFGImplicitDtor>()) {
      if (Visible)
        Out.push_back(Top); // a destructor may run the program's code
      return;
    }
    auto S = E.getAs<CFGStmt>();
    if (!S)
      return;
    const Stmt *St = S->getStmt();
    CallKind Call = classifyCall(St, Ctx);
    if (Call != CallKind::NotACall && Visible &&
        (Call == CallKind::Opaque || (Aliased && passesAddresses(St))))
      Out.push_back(Top);
    if (Aliased && isIndirectAccess(St))
      Out.push_back(Top);
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D)) {
          auto It = Map.AtDecl.find(V);
          if (It != Map.AtDecl.end())
            for (const Use &U : It->second)
              apply(U, Out);
        }
      return;
    }
    auto It = Map.AtStmt.find(St);
    if (It != Map.AtStmt.end())
      for (const Use &U : It->second)
        apply(U, Out);
  }

  void apply(const Use &U, llvm::SmallVectorImpl<int> &Out) const {
    switch (U.Kind) {
    case UseKind::Store:
      if (U.Target == Target)
        Out.push_back(U.Index);
      return;
    case UseKind::Read:
      if (U.Target == Target)
        Out.push_back(Top);
      return;
    case UseKind::ReadVar:
    case UseKind::Rebirth:
      if (Target.Var && U.Target.Var == Target.Var)
        Out.push_back(Top);
      return;
    case UseKind::ReadThis:
      if (!Target.Var)
        Out.push_back(Top);
      return;
    case UseKind::ReadField:
      if (Target.Field && U.Target.Field == Target.Field)
        Out.push_back(Top);
      return;
    }
  }

  const CFG &Graph;
  const UseMap &Map;
  ASTContext &Ctx;
  StoreTarget Target;
  bool Aliased = false;
  bool Visible = false;
  llvm::BitVector Reachable;
  llvm::SmallVector<int, 4> Effects;
};

} // namespace

std::vector<OverwrittenStore> findOverwrittenStores(
    const FunctionDecl *FD, ASTContext &Ctx,
    llvm::function_ref<bool(const PlainStore &)> IsCandidate) {
  std::vector<OverwrittenStore> Result;
  if (!FD || !FD->hasBody() || !FD->getBody() || FD->isDependentContext() ||
      isa<CoroutineBodyStmt>(FD->getBody()))
    return Result;
  UseMap Map = detail::collectUses(FD);

  // The targets worth a dataflow run: a candidate and at least one other
  // assignment to the same target.
  std::vector<StoreTarget> Targets;
  for (const PlainStore &S : Map.Stores) {
    if (!IsCandidate(S) || llvm::find(Targets, S.Target) != Targets.end())
      continue;
    bool Overwritten = llvm::any_of(Map.Stores, [&](const PlainStore &O) {
      return O.IsAssignment && O.Target == S.Target && &O != &S;
    });
    if (Overwritten)
      Targets.push_back(S.Target);
  }
  if (Targets.empty())
    return Result;

  CFG::BuildOptions Opts;
  Opts.setAllAlwaysAdd();
  Opts.AddInitializers = true;
  Opts.AddImplicitDtors = true;
  Opts.AddTemporaryDtors = true;
  std::unique_ptr<CFG> Graph = CFG::buildCFG(FD, FD->getBody(), &Ctx, Opts);
  if (!Graph)
    return Result;

  Dataflow Flow(*Graph, Map, Ctx);
  Flow.computeReachability();
  std::vector<int> Next(Map.Stores.size(), Bottom);
  for (const StoreTarget &T : Targets)
    Flow.run(T, Next);

  for (unsigned I = 0; I < Map.Stores.size(); ++I) {
    const PlainStore &Lost = Map.Stores[I];
    int N = Next[I];
    if (N < 0 || static_cast<unsigned>(N) == I || !IsCandidate(Lost))
      continue;
    const PlainStore &Over = Map.Stores[N];
    // Exception edges are not in the CFG: inside a try block, a throw between
    // the stores could let a handler read the first value.
    if (Lost.InTryBlock || Over.InTryBlock || !Over.IsAssignment)
      continue;
    Result.push_back({Lost, Over});
  }
  const SourceManager &SM = Ctx.getSourceManager();
  std::stable_sort(Result.begin(), Result.end(),
                   [&](const OverwrittenStore &A, const OverwrittenStore &B) {
                     return SM.isBeforeInTranslationUnit(A.Lost.Loc,
                                                         B.Lost.Loc);
                   });
  return Result;
}

} // namespace clang::tidy::pipelint::utils
