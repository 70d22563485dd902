//===--- ImpersonationOrigin.cpp - whose token a revert drops -------------===//
#include "utils/ImpersonationOrigin.h"
#include "utils/StatusTests.h"
#include "utils/Win32Api.h"
#include "utils/Win32Handles.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::pipelint::utils {
namespace {

/// The Win32 API \p Call calls by name ("" for anything else).
llvm::StringRef apiName(const CallExpr *Call) {
  const FunctionDecl *FD = resolveCallee(Call);
  if (!isWin32Declaration(FD))
    return "";
  return FD->getName();
}

void forEachCall(const Stmt *S, llvm::function_ref<void(const CallExpr *)> F) {
  if (!S)
    return;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    F(Call);
  for (const Stmt *C : S->children())
    forEachCall(C, F);
}

/// The local variable an argument names: `v` or `&v`.
const VarDecl *argVar(const Expr *E, bool AddressOf) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (AddressOf) {
    const auto *UO = dyn_cast<UnaryOperator>(E);
    if (!UO || UO->getOpcode() != UO_AddrOf)
      return nullptr;
    E = UO->getSubExpr()->IgnoreParenCasts();
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

bool isCurrentProcess(const Expr *E, ASTContext &Ctx) {
  if (const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenCasts()))
    return apiName(Call) == "GetCurrentProcess";
  return classifyHandleConstant(E, Ctx) == HandleConstant::Invalid;
}

/// Variables of \p FD that hold the process's own token or a copy of it.
llvm::SmallPtrSet<const VarDecl *, 4> ownTokens(const FunctionDecl *FD,
                                                ASTContext &Ctx) {
  llvm::SmallPtrSet<const VarDecl *, 4> Own;
  for (bool Changed = true; Changed;) {
    Changed = false;
    forEachCall(FD->getBody(), [&](const CallExpr *Call) {
      llvm::StringRef N = apiName(Call);
      const VarDecl *Out = nullptr;
      if (N == "OpenProcessToken" && Call->getNumArgs() == 3 &&
          isCurrentProcess(Call->getArg(0), Ctx))
        Out = argVar(Call->getArg(2), true);
      else if ((N == "DuplicateToken" || N == "DuplicateTokenEx") &&
               Call->getNumArgs() >= 3 &&
               Own.count(argVar(Call->getArg(0), false)))
        Out = argVar(Call->getArg(Call->getNumArgs() - 1), true);
      if (Out && Own.insert(Out).second)
        Changed = true;
    });
  }
  return Own;
}

bool isOwnToken(const CallExpr *Call, const FunctionDecl *FD, ASTContext &Ctx) {
  llvm::StringRef N = apiName(Call);
  if (N == "ImpersonateSelf")
    return true;
  if (N != "SetThreadToken" || Call->getNumArgs() != 2 || !FD)
    return false;
  const VarDecl *Token = argVar(Call->getArg(1), false);
  return Token && ownTokens(FD, Ctx).count(Token);
}

} // namespace

bool isSetThreadTokenRevert(const CallExpr *Call, ASTContext &Ctx) {
  return apiName(Call) == "SetThreadToken" && Call->getNumArgs() == 2 &&
         classifyHandleConstant(Call->getArg(1), Ctx) == HandleConstant::Null;
}

bool impersonatesOwnToken(const CallExpr *Call, const FunctionDecl *FD,
                          ASTContext &Ctx) {
  return isOwnToken(Call, FD, Ctx);
}

ImpersonatedToken impersonatedToken(const FunctionDecl *FD, ASTContext &Ctx) {
  ImpersonatedToken Result = ImpersonatedToken::None;
  if (!FD || !FD->hasBody())
    return Result;
  auto Raise = [&](ImpersonatedToken T) {
    if (static_cast<int>(T) > static_cast<int>(Result))
      Result = T;
  };
  forEachCall(FD->getBody(), [&](const CallExpr *Call) {
    const StatusFunction *F = lookupImpersonationFunction(resolveCallee(Call));
    if (!F || F->Reverts || isSetThreadTokenRevert(Call, Ctx))
      return;
    if (isOwnToken(Call, FD, Ctx))
      Raise(ImpersonatedToken::OwnOnly);
    else if (F->Name == "SetThreadToken")
      Raise(ImpersonatedToken::Unknown);
    else
      Raise(ImpersonatedToken::OtherUser);
  });
  return Result;
}

} // namespace clang::tidy::pipelint::utils
