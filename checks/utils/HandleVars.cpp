//===--- HandleVars.cpp - locals that hold handles, and their tests -------===//
#include "utils/HandleVars.h"

#include "clang/AST/ExprCXX.h"
#include <functional>
#include <vector>

namespace clang::tidy::pipelint::utils {

const VarDecl *trackedVariable(const Expr *E,
                               const HandleVariables &Candidates) {
  if (!E)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  if (!Ref)
    return nullptr;
  const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
  return VD && Candidates.count(VD) ? VD : nullptr;
}

HandleVariables findHandleVariables(const Stmt *Body, const ParentMap &PM) {
  HandleVariables Candidates;
  llvm::SmallPtrSet<const VarDecl *, 8> Excluded;
  std::vector<std::pair<const VarDecl *, const VarDecl *>> Copies;
  auto LocalOf = [](const Expr *E) -> const VarDecl * {
    const auto *Ref =
        E ? dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()) : nullptr;
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  };
  auto Eligible = [](const VarDecl *VD) {
    return VD && VD->isLocalVarDecl() && !VD->isStaticLocal() &&
           !VD->getType().isVolatileQualified() &&
           VD->getType()->isPointerType();
  };
  // Walk the body; `Nested` is true inside lambdas and blocks, whose uses
  // of a variable we cannot place on our paths.
  std::function<void(const Stmt *, bool)> Walk = [&](const Stmt *S,
                                                     bool Nested) {
    if (!S)
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          if (Eligible(VD) && asCreatorCall(VD->getInit()))
            Candidates.insert(VD);
          else if (const VarDecl *Source = LocalOf(VD->getInit()))
            Copies.push_back({VD, Source});
        }
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      if (BO->getOpcode() == BO_Assign)
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
              Eligible(VD)) {
            if (asCreatorCall(BO->getRHS()))
              Candidates.insert(VD);
            else if (const VarDecl *Source = LocalOf(BO->getRHS()))
              Copies.push_back({VD, Source});
          }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl())) {
        // Only plain reads and plain stores keep a variable trackable: an
        // address, a reference binding or a use in a nested function may
        // change it behind our back.
        const Stmt *P = PM.getParent(Ref);
        const Stmt *Child = Ref;
        while (P && isa<ParenExpr>(P)) {
          Child = P;
          P = PM.getParent(P);
        }
        bool Plain = false;
        if (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(P))
          Plain = Cast->getCastKind() == CK_LValueToRValue;
        if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P))
          Plain = BO->getOpcode() == BO_Assign && BO->getLHS() == Child;
        if (Nested || !Plain)
          Excluded.insert(VD);
      }
    }
    bool NestedChild = Nested || isa<LambdaExpr>(S) || isa<BlockExpr>(S);
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      // Captures by reference alias the variable.
      for (const LambdaCapture &C : Lambda->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
          if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
            Excluded.insert(VD);
      Walk(Lambda->getBody(), true);
      for (const Expr *Init : Lambda->capture_inits())
        Walk(Init, Nested);
      return;
    }
    for (const Stmt *C : S->children())
      Walk(C, NestedChild);
  };
  Walk(Body, false);
  // A local that copies a candidate (`HANDLE pipe = h;`) is one too.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Target, Source] : Copies)
      if (Candidates.count(Source) && Eligible(Target) &&
          Candidates.insert(Target).second)
        Changed = true;
  }
  for (const VarDecl *VD : Excluded)
    Candidates.erase(VD);
  return Candidates;
}

std::optional<HandleBranchTest>
decomposeHandleTest(const Expr *Cond, const HandleVariables &Candidates,
                    ASTContext &Ctx) {
  if (!Cond)
    return std::nullopt;
  HandleBranchTest T;
  T.Test = Cond->IgnoreParens();
  bool Flip = false;
  const Expr *E = Cond;
  for (;;) {
    E = E->IgnoreParenImpCasts();
    const auto *UO = dyn_cast<UnaryOperator>(E);
    if (!UO || UO->getOpcode() != UO_LNot)
      break;
    Flip = !Flip;
    E = UO->getSubExpr();
  }
  auto VarSide = [&](const Expr *X) -> bool {
    X = X->IgnoreParenCasts();
    if (const auto *Assign = dyn_cast<BinaryOperator>(X))
      if (Assign->getOpcode() == BO_Assign)
        if (const VarDecl *VD = trackedVariable(Assign->getLHS(), Candidates)) {
          T.Var = VD;
          T.Ref = nullptr;
          return true;
        }
    if (const VarDecl *VD = trackedVariable(X, Candidates)) {
      T.Var = VD;
      T.Ref = cast<DeclRefExpr>(X);
      return true;
    }
    return false;
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE)
      return std::nullopt;
    for (auto [V, C] : {std::pair(BO->getLHS(), BO->getRHS()),
                        std::pair(BO->getRHS(), BO->getLHS())}) {
      HandleConstant K = classifyHandleConstant(C, Ctx);
      if (K != HandleConstant::None && VarSide(V)) {
        T.K = K;
        T.Constant = C;
        T.TrueMeansEqual = (BO->getOpcode() == BO_EQ) != Flip;
        return T;
      }
    }
    return std::nullopt;
  }
  if (E->getType()->isPointerType() && VarSide(E)) {
    T.K = HandleConstant::Null;
    T.TrueMeansEqual = Flip;
    return T;
  }
  return std::nullopt;
}

} // namespace clang::tidy::pipelint::utils
