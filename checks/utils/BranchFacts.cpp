//===--- BranchFacts.cpp - what a path knows about its branches -----------===//
#include "BranchFacts.h"
#include "PipeObjects.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::pipelint::utils {

void PathFacts::appendKey(std::vector<uint64_t> &Key) const {
  for (const auto &V : Values) {
    Key.push_back(reinterpret_cast<uintptr_t>(V.first));
    Key.push_back(static_cast<uint64_t>(V.second));
  }
  Key.push_back(~0ULL);
  for (const auto &C : Conds)
    Key.push_back((uint64_t(C.first) << 1) | C.second);
}

std::optional<int64_t> PathFacts::value(const VarDecl *V) const {
  for (const auto &P : Values)
    if (P.first == V)
      return P.second;
  return std::nullopt;
}

void PathFacts::setValue(const VarDecl *V, std::optional<int64_t> X) {
  auto It = llvm::find_if(Values, [V](const auto &P) { return P.first == V; });
  if (It != Values.end())
    Values.erase(It);
  if (!X)
    return;
  Values.emplace_back(V, *X);
  llvm::sort(Values, [](const auto &A, const auto &B) {
    return std::less<const VarDecl *>()(A.first, B.first);
  });
}

namespace {

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

/// Which of the tested variables are written after their initialisation,
/// and whose address or reference escapes.
class Writes : public RecursiveASTVisitor<Writes> {
public:
  Writes(const llvm::DenseSet<const VarDecl *> &Vars, ASTContext &Ctx)
      : Vars(Vars), Ctx(Ctx) {}

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    const auto *V = dyn_cast<VarDecl>(E->getDecl());
    if (!V || !Vars.count(V))
      return true;
    UseKind K = classifyUse(E, Ctx);
    if (K == UseKind::Unanalyzable)
      Opaque.insert(V);
    if (K == UseKind::StoreTarget || K == UseKind::Unanalyzable)
      Modified.insert(V);
    return true;
  }

  // A lambda's body runs elsewhere; a capture by reference lets it write.
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
            V && Vars.count(V)) {
          Opaque.insert(V);
          Modified.insert(V);
        }
    // `[&r = flag]` binds a reference to it.
    for (Expr *Init : L->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }

  const llvm::DenseSet<const VarDecl *> &Vars;
  ASTContext &Ctx;
  llvm::DenseSet<const VarDecl *> Opaque;
  llvm::DenseSet<const VarDecl *> Modified;
};

} // namespace

const Expr *BranchFacts::strip(const Expr *E) {
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

BranchFacts::BranchFacts(const FunctionDecl *FD, const CFG &G,
                         const VarDecl *Ignore, ASTContext &Ctx)
    : Ctx(Ctx) {
  llvm::DenseSet<const VarDecl *> Tested;
  for (const CFGBlock *B : G)
    if (const Stmt *C = B->getTerminatorCondition())
      collectVarRefs(C, Tested);
  Tested.erase(Ignore);
  if (Tested.empty())
    return;
  Writes W(Tested, Ctx);
  W.TraverseDecl(const_cast<FunctionDecl *>(FD));
  for (const VarDecl *V : Tested) {
    QualType T = V->getType();
    if (T->isReferenceType())
      continue;
    if (!W.Opaque.count(V) && T->isIntegralOrEnumerationType())
      FlagVars.insert(V);
    if (!W.Modified.count(V))
      StableVars.insert(V);
  }
}

std::optional<int64_t> BranchFacts::constant(const Expr *E) const {
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

void BranchFacts::transfer(const Stmt *S, PathFacts &F) const {
  if (FlagVars.empty())
    return;
  auto FlagOf = [this](const Expr *E) -> const VarDecl * {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    return V && FlagVars.count(V) ? V : nullptr;
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      if (const VarDecl *V = FlagOf(BO->getLHS()))
        F.setValue(V, BO->getOpcode() == BO_Assign ? constant(BO->getRHS())
                                                   : std::nullopt);
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp())
      if (const VarDecl *V = FlagOf(UO->getSubExpr()))
        F.setValue(V, std::nullopt);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D); V && FlagVars.count(V))
        F.setValue(V, constant(V->getInit()));
}

std::optional<bool> BranchFacts::evaluate(const Expr *Cond,
                                          const PathFacts &F) const {
  Cond = strip(Cond);
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond);
      UO && UO->getOpcode() == UO_LNot) {
    std::optional<bool> Inner = evaluate(UO->getSubExpr(), F);
    return Inner ? std::optional<bool>(!*Inner) : std::nullopt;
  }
  auto ValueOf = [&](const Expr *E) -> std::optional<int64_t> {
    E = strip(E);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
          V && FlagVars.count(V))
        return F.value(V);
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

bool BranchFacts::isStable(const Expr *E) const {
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

std::optional<unsigned> BranchFacts::stableKey(const Expr *Cond,
                                               bool &Negated) {
  Cond = strip(Cond);
  Negated = false;
  while (const auto *UO = dyn_cast<UnaryOperator>(Cond)) {
    if (UO->getOpcode() != UO_LNot)
      break;
    Negated = !Negated;
    Cond = strip(UO->getSubExpr());
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

bool BranchFacts::feasible(const Expr *Cond, bool Outcome, PathFacts &F) {
  if (std::optional<bool> Known = evaluate(Cond, F))
    return *Known == Outcome;
  bool Negated = false;
  std::optional<unsigned> Key = stableKey(Cond, Negated);
  if (!Key)
    return true;
  bool Value = Outcome != Negated;
  for (const auto &C : F.Conds)
    if (C.first == *Key)
      return C.second == Value;
  F.Conds.emplace_back(*Key, Value);
  llvm::sort(F.Conds);
  return true;
}

std::optional<bool> isConditionOf(const Stmt *P, const Stmt *Child) {
  const Stmt *Cond = nullptr;
  if (const auto *If = dyn_cast<IfStmt>(P))
    Cond = If->getCond();
  else if (const auto *While = dyn_cast<WhileStmt>(P))
    Cond = While->getCond();
  else if (const auto *Do = dyn_cast<DoStmt>(P))
    Cond = Do->getCond();
  else if (const auto *For = dyn_cast<ForStmt>(P))
    Cond = For->getCond();
  else if (const auto *Switch = dyn_cast<SwitchStmt>(P))
    Cond = Switch->getCond();
  else if (const auto *CO = dyn_cast<ConditionalOperator>(P))
    Cond = CO->getCond();
  else
    return std::nullopt;
  return Cond == Child;
}

} // namespace clang::tidy::pipelint::utils
