//===--- HandleSentinels.cpp - "no handle" spelled INVALID_HANDLE_VALUE ---===//
#include "utils/HandleSentinels.h"
#include "utils/HandleVars.h"
#include "utils/Win32Api.h"
#include "utils/Win32Handles.h"

#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang::tidy::pipelint::utils {
namespace {

bool isHandleType(QualType T) {
  for (const auto *TT = T->getAs<TypedefType>(); TT;
       TT = TT->getDecl()->getUnderlyingType()->getAs<TypedefType>())
    if (TT->getDecl()->getName() == "HANDLE")
      return true;
  return false;
}

void walk(const Stmt *S, llvm::function_ref<void(const Stmt *)> F) {
  if (!S)
    return;
  F(S);
  for (const Stmt *C : S->children())
    walk(C, F);
}

const VarDecl *refVar(const Expr *E) {
  const auto *Ref = E ? dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()) : nullptr;
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

struct VarFacts {
  const Expr *Sentinel = nullptr; // first INVALID_HANDLE_VALUE stored
  bool Disqualified = false;
};

/// Whether \p S uses \p VD other than as CloseHandle's argument.
bool usedBeyondClose(const Stmt *S, const VarDecl *VD) {
  bool Used = false;
  walk(S, [&](const Stmt *N) {
    const auto *Call = dyn_cast<CallExpr>(N);
    if (!Call || isCloseHandle(resolveCallee(Call)))
      return;
    for (const Expr *A : Call->arguments())
      if (refVar(A) == VD)
        Used = true;
  });
  return Used;
}

} // namespace

std::vector<SentinelNullTest> findSentinelNullTests(const FunctionDecl *FD,
                                                    ASTContext &Ctx) {
  std::vector<SentinelNullTest> Out;
  if (!FD || !FD->hasBody())
    return Out;
  const Stmt *Body = FD->getBody();
  llvm::DenseMap<const VarDecl *, VarFacts> Facts;
  auto Store = [&](const VarDecl *VD, const Expr *Value) {
    VarFacts &F = Facts[VD];
    if (!Value) {
      F.Disqualified = true;
      return;
    }
    if (classifyHandleConstant(Value, Ctx) == HandleConstant::Invalid) {
      if (!F.Sentinel)
        F.Sentinel = Value;
      return;
    }
    const HandleCreator *C = nullptr;
    if (asCreatorCall(Value, &C) && C->Failure == FailureValue::InvalidHandle)
      return;
    F.Disqualified = true;
  };
  walk(Body, [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->isLocalVarDecl() &&
                                                   !VD->isStaticLocal() &&
                                                   isHandleType(VD->getType()))
          Store(VD, VD->getInit());
      return;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->isAssignmentOp())
        if (const VarDecl *VD = refVar(BO->getLHS()))
          Store(VD, BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr);
      return;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
      if (const VarDecl *VD = refVar(UO->getSubExpr());
          VD && (UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp()))
        Facts[VD].Disqualified = true;
      return;
    }
    // Bound to a reference or captured by a lambda: not followed.
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (Ref->refersToEnclosingVariableOrCapture())
        if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
          Facts[VD].Disqualified = true;
  });

  HandleVariables Candidates;
  for (const auto &[VD, F] : Facts)
    if (F.Sentinel && !F.Disqualified)
      Candidates.insert(VD);
  if (Candidates.empty())
    return Out;

  walk(Body, [&](const Stmt *S) {
    const auto *If = dyn_cast<IfStmt>(S);
    if (!If || !If->getCond())
      return;
    std::optional<HandleBranchTest> T =
        decomposeHandleTest(If->getCond(), Candidates, Ctx);
    if (!T || T->K != HandleConstant::Null || !T->Ref)
      return;
    SentinelNullTest R;
    R.Test = T->Test;
    R.Constant = T->Constant;
    R.Var = T->Var;
    R.Sentinel = Facts[T->Var].Sentinel;
    // The branch taken when the handle is "not NULL".
    const Stmt *Valid = T->TrueMeansEqual ? If->getElse() : If->getThen();
    R.UsedBeyondClose = Valid && usedBeyondClose(Valid, T->Var);
    Out.push_back(R);
  });
  return Out;
}

} // namespace clang::tidy::pipelint::utils
