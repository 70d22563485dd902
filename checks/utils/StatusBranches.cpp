//===--- StatusBranches.cpp - the success branch of a status test --------===//
#include "utils/StatusBranches.h"
#include "utils/StatusTests.h"
#include "utils/Win32Api.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::pipelint::utils::status {

Climb climb(const Expr *E, ASTContext &Ctx) {
  Climb C;
  C.Child = E;
  for (;;) {
    auto Parents = Ctx.getParents(*C.Child);
    if (Parents.empty())
      return C;
    if (const auto *P = Parents[0].get<Stmt>()) {
      const auto *PE = dyn_cast<Expr>(P);
      if (PE && (isa<ParenExpr>(PE) || isa<CastExpr>(PE) || isa<FullExpr>(PE) ||
                 isa<MaterializeTemporaryExpr>(PE))) {
        C.Child = PE;
        continue;
      }
      C.Parent = P;
      return C;
    }
    C.ParentDecl = Parents[0].get<Decl>();
    return C;
  }
}

bool containsRevert(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const StatusFunction *F =
            lookupImpersonationFunction(resolveCallee(Call));
        F && F->Reverts)
      return true;
  for (const Stmt *C : S->children())
    if (containsRevert(C))
      return true;
  return false;
}

namespace {

bool containsCallTo(const Stmt *S, llvm::StringRef Name) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = resolveCallee(Call))
      if (FD->getIdentifier() && FD->getName() == Name)
        return true;
  for (const Stmt *C : S->children())
    if (containsCallTo(C, Name))
      return true;
  return false;
}

bool hasTypedefNamed(QualType T,
                     llvm::function_ref<bool(llvm::StringRef)> Pred) {
  while (const auto *TT = T->getAs<TypedefType>()) {
    if (Pred(TT->getDecl()->getName()))
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

/// Does `return Value;` report a failure from \p Fn?
bool failureLikeReturn(const ReturnStmt *Ret, const FunctionDecl *Fn,
                       const VarDecl *StatusVar, ASTContext &Ctx) {
  const Expr *V = Ret->getRetValue();
  if (!V)
    return true;
  if (V->isValueDependent() || V->isTypeDependent())
    return false;
  const Expr *Converted = V; // in the function's return type
  V = V->IgnoreParenImpCasts();
  if (containsCallTo(V, "GetLastError"))
    return true;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(V->IgnoreParenCasts()))
    if (StatusVar && Ref->getDecl() == StatusVar)
      return true;
  if (!Fn)
    return false;
  QualType RT = Fn->getReturnType();
  if (RT->isPointerType())
    return Converted->isNullPointerConstant(
               Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
  Expr::EvalResult R;
  if (!RT->isIntegralOrEnumerationType() || !Converted->EvaluateAsInt(R, Ctx))
    return false;
  const llvm::APSInt &C = R.Val.getInt();
  if (hasTypedefNamed(RT, [](llvm::StringRef N) { return N == "HRESULT"; }))
    return C.isNegative();
  if (RT->isBooleanType() || hasTypedefNamed(RT, [](llvm::StringRef N) {
        return N == "BOOL" || N == "WINBOOL" || N == "BOOLEAN";
      }))
    return C == 0;
  return C != 0;
}

/// The last statement of a short branch (at most four statements) in which
/// nothing reverts an impersonation, or nullptr.
const Stmt *shortBranchEnd(const Stmt *S) {
  if (!S || containsRevert(S))
    return nullptr;
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    if (CS->body_empty() || CS->size() > 4)
      return nullptr;
    return CS->body_back();
  }
  return S;
}

/// A branch that only bails out: at most four statements, the last a
/// return of a failure value, goto, break, continue, throw or a call that
/// does not return; nothing in it reverts an impersonation.
bool isGuard(const Stmt *S, const FunctionDecl *Fn, const VarDecl *StatusVar,
             ASTContext &Ctx) {
  const Stmt *Last = shortBranchEnd(S);
  if (!Last)
    return false;
  if (const auto *Ret = dyn_cast<ReturnStmt>(Last))
    return failureLikeReturn(Ret, Fn, StatusVar, Ctx);
  if (isa<GotoStmt>(Last) || isa<BreakStmt>(Last) || isa<ContinueStmt>(Last))
    return true;
  if (const auto *E = dyn_cast<Expr>(Last)) {
    E = E->IgnoreParenCasts();
    if (isa<CXXThrowExpr>(E))
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *Callee = resolveCallee(Call))
        return Callee->isNoReturn();
  }
  return false;
}

const FunctionDecl *enclosingFunction(const Stmt *S, ASTContext &Ctx) {
  DynTypedNode N = DynTypedNode::create(*S);
  for (unsigned Depth = 0; Depth < 512; ++Depth) {
    auto Parents = Ctx.getParents(N);
    if (Parents.empty())
      return nullptr;
    if (const auto *FD = Parents[0].get<FunctionDecl>())
      return FD;
    if (Parents[0].get<LambdaExpr>())
      return nullptr;
    N = Parents[0];
  }
  return nullptr;
}

/// A branch that ends the program or leaves by an exception: at most four
/// statements, the last a call that does not return (exit, abort,
/// ExitProcess) with no argument or one that is not 0, or a throw;
/// nothing in it reverts an impersonation.
bool endsInExit(const Stmt *S, ASTContext &Ctx) {
  const Stmt *Last = shortBranchEnd(S);
  if (!Last)
    return false;
  const auto *E = dyn_cast<Expr>(Last);
  if (!E)
    return false;
  E = E->IgnoreParenCasts();
  if (isa<CXXThrowExpr>(E))
    return true;
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? resolveCallee(Call) : nullptr;
  if (!Callee || !Callee->isNoReturn())
    return false;
  // `exit(0)` / `ExitProcess(0)` may end a run that went well.
  Expr::EvalResult R;
  return Call->getNumArgs() == 0 || Call->getArg(0)->isValueDependent() ||
         !Call->getArg(0)->EvaluateAsInt(R, Ctx) || !R.Val.getInt().isZero();
}

} // namespace

/// `if (RpcImpersonateClient(b) == RPC_S_OK) exit(1);`: the `if` that
/// \p Test decides (directly, no `!` or `&&` between) has no else, and its
/// then-branch ends the program, so the author took the outcome the test
/// names success for a failure.
bool successBranchExits(const Expr *Test, ASTContext &Ctx) {
  Climb C = climb(Test, Ctx);
  const auto *If = dyn_cast_or_null<IfStmt>(C.Parent);
  return If && If->getCond() == C.Child && !If->getElse() &&
         endsInExit(If->getThen(), Ctx);
}

BranchReading successFromBranches(const Expr *Test, const VarDecl *StatusVar,
                                  ASTContext &Ctx) {
  const Expr *Node = Test;
  bool Flip = false;
  for (;;) {
    Climb C = climb(Node, Ctx);
    if (!C.Parent)
      return {};
    if (const auto *UO = dyn_cast<UnaryOperator>(C.Parent);
        UO && UO->getOpcode() == UO_LNot) {
      Flip = !Flip;
      Node = UO;
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(C.Parent);
        BO && BO->isLogicalOp()) {
      Node = BO;
      continue;
    }
    const Stmt *Then = nullptr, *Else = nullptr;
    bool IsIf = false;
    if (const auto *If = dyn_cast<IfStmt>(C.Parent);
        If && If->getCond() == C.Child) {
      Then = If->getThen();
      Else = If->getElse();
      IsIf = true;
    } else if (const auto *CO = dyn_cast<ConditionalOperator>(C.Parent);
               CO && CO->getCond() == C.Child) {
      Then = CO->getTrueExpr();
      Else = CO->getFalseExpr();
    } else {
      return {};
    }
    BranchReading Reading;
    Reading.InBranch = true;
    std::optional<bool> ThenIsSuccess;
    bool RevertThen = containsRevert(Then), RevertElse = containsRevert(Else);
    if (RevertThen != RevertElse) {
      ThenIsSuccess = RevertThen;
    } else if (IsIf && !RevertThen) {
      const FunctionDecl *Fn = enclosingFunction(C.Parent, Ctx);
      bool GuardThen = isGuard(Then, Fn, StatusVar, Ctx);
      bool GuardElse = Else && isGuard(Else, Fn, StatusVar, Ctx);
      if (GuardThen && !Else)
        ThenIsSuccess = false;
      else if (GuardElse && !GuardThen)
        ThenIsSuccess = true;
    }
    if (ThenIsSuccess)
      Reading.SuccessWhenTrue = *ThenIsSuccess != Flip;
    return Reading;
  }
}
} // namespace clang::tidy::pipelint::utils::status
