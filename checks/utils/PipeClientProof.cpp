//===--- PipeClientProof.cpp - is this CreateFile a pipe client? ----------===//
#include "utils/PipeClientProof.h"
#include "utils/PipeObjects.h"
#include "utils/ValueTracking.h"
#include "utils/Win32Api.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::pipelint::utils {
namespace {

const llvm::StringRef PipeOnly[] = {
    "SetNamedPipeHandleState",     "PeekNamedPipe",
    "TransactNamedPipe",           "GetNamedPipeInfo",
    "GetNamedPipeHandleStateA",    "GetNamedPipeHandleStateW",
    "GetNamedPipeServerProcessId", "GetNamedPipeServerSessionId",
};

bool isApi(const FunctionDecl *FD, llvm::ArrayRef<llvm::StringRef> Names,
           const SourceManager &SM) {
  return FD && FD->getIdentifier() && !isa<CXXMethodDecl>(FD) &&
         SM.isInSystemHeader(FD->getLocation()) &&
         llvm::is_contained(Names, FD->getName());
}

/// The variable, parameter or member (of `this`) that \p E names, through
/// parentheses, casts and the string accessors (`.c_str()`, `.utf16()`).
const ValueDecl *namedDecl(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreParenCasts();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E)) {
      E = Cleanups->getSubExpr();
      continue;
    }
    if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = Temp->getSubExpr();
      continue;
    }
    if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E)) {
      E = Bind->getSubExpr();
      continue;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(Ref->getDecl());
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        return dyn_cast<FieldDecl>(ME->getMemberDecl());
      return nullptr;
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = Call->getMethodDecl();
      if (!MD || !MD->getIdentifier() || Call->getNumArgs() != 0)
        return nullptr;
      llvm::StringRef N = MD->getName();
      if (N != "c_str" && N != "data" && N != "utf16" && N != "constData" &&
          N != "toStdWString" && N != "toStdString" && N != "toLocal8Bit" &&
          N != "toUtf8" && N != "toLatin1")
        return nullptr;
      E = Call->getImplicitObjectArgument();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

/// The variable or member the value of \p Open is stored into.
const ValueDecl *handleTarget(const CallExpr *Open, ASTContext &Ctx) {
  DynTypedNode N = DynTypedNode::create(*Open);
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    auto Parents = Ctx.getParents(N);
    if (Parents.size() != 1)
      return nullptr;
    N = Parents[0];
    if (const auto *E = N.get<Expr>()) {
      if (isa<ParenExpr>(E) || isa<CastExpr>(E))
        continue;
      const auto *BO = dyn_cast<BinaryOperator>(E);
      if (BO && BO->getOpcode() == BO_Assign)
        return namedDecl(BO->getLHS());
      return nullptr;
    }
    if (const auto *VD = N.get<VarDecl>())
      return VD;
    return nullptr;
  }
  return nullptr;
}

/// Calls every call in \p S, and tells whether \p Target receives a store
/// other than \p Open or a constant.
class BodyScan {
public:
  BodyScan(const CallExpr *Open, const ValueDecl *Target, ASTContext &Ctx)
      : Open(Open), Target(Target), Ctx(Ctx) {}

  void walk(const Stmt *S) {
    if (!S)
      return;
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      if (BO->isAssignmentOp() && namedDecl(BO->getLHS()) == Target && Target) {
        if (!isOpenOrConstant(BO->getRHS()))
          OtherStore = true;
      }
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (D == Target)
          if (const Expr *Init = cast<VarDecl>(D)->getInit())
            if (!isOpenOrConstant(Init))
              OtherStore = true;
    if (const auto *UO = dyn_cast<UnaryOperator>(S))
      if (UO->getOpcode() == UO_AddrOf && Target &&
          namedDecl(UO->getSubExpr()) == Target)
        OtherStore = true; // may be written through the pointer
    if (const auto *Call = dyn_cast<CallExpr>(S))
      Calls.push_back(Call);
    for (const Stmt *Child : S->children())
      walk(Child);
  }

  llvm::SmallVector<const CallExpr *, 16> Calls;
  bool OtherStore = false;

private:
  /// \p Open itself, NULL or INVALID_HANDLE_VALUE (an integer constant
  /// under its casts).
  bool isOpenOrConstant(const Expr *E) const {
    const Expr *Core = E->IgnoreParenCasts();
    return Core == Open || isNullConstant(E, Ctx) ||
           (!Core->isValueDependent() && Core->isIntegerConstantExpr(Ctx));
  }

  const CallExpr *Open;
  const ValueDecl *Target;
  ASTContext &Ctx;
};

} // namespace

const CallExpr *pipeUseProof(const CallExpr *Open, const Expr *Name,
                             ASTContext &Ctx) {
  const FunctionDecl *Fn = enclosingFunction(Open, Ctx);
  if (!Fn || !Fn->getBody())
    return nullptr;
  const SourceManager &SM = Ctx.getSourceManager();
  const ValueDecl *Handle = handleTarget(Open, Ctx);
  const ValueDecl *NameDecl = namedDecl(Name);
  if (!Handle && !NameDecl)
    return nullptr;
  BodyScan Scan(Open, Handle, Ctx);
  Scan.walk(Fn->getBody());
  static const llvm::StringRef FileType[] = {"GetFileType"};
  static const llvm::StringRef Wait[] = {"WaitNamedPipeA", "WaitNamedPipeW"};
  const CallExpr *Proof = nullptr;
  for (const CallExpr *C : Scan.Calls) {
    const FunctionDecl *FD = resolveCallee(C);
    if (C->getNumArgs() == 0 || !FD)
      continue;
    const ValueDecl *First = namedDecl(C->getArg(0));
    if (!First)
      continue;
    if (Handle && First == Handle && isApi(FD, FileType, SM))
      return nullptr; // files are expected too
    if (Proof)
      continue;
    if (Handle && First == Handle && !Scan.OtherStore &&
        isApi(FD, PipeOnly, SM) &&
        SM.isBeforeInTranslationUnit(Open->getBeginLoc(), C->getBeginLoc()))
      Proof = C;
    else if (NameDecl && First == NameDecl && isApi(FD, Wait, SM))
      Proof = C;
  }
  return Proof;
}

} // namespace clang::tidy::pipelint::utils
