//===--- HandleLifetime.cpp - can a handle outlive its function? ----------===//
#include "utils/HandleLifetime.h"
#include "utils/BranchFacts.h"
#include "utils/Win32Api.h"
#include "utils/Win32Handles.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::pipelint::utils {
namespace {

const VarDecl *plainLocal(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!V || !V->isLocalVarDecl() || V->isStaticLocal() ||
      V->getType()->isReferenceType())
    return nullptr;
  return V;
}

class RefsTo : public RecursiveASTVisitor<RefsTo> {
public:
  explicit RefsTo(const VarDecl *V) : V(V) {}
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl() == V)
      Refs.push_back(E);
    return true;
  }
  const VarDecl *V;
  llvm::SmallVector<const DeclRefExpr *, 8> Refs;
};

class Lifetime {
public:
  Lifetime(const Stmt *Body, ASTContext &Ctx) : Body(Body), Ctx(Ctx) {}

  /// Whether the value of \p E may be kept beyond the function.
  bool valueEscapes(const Expr *E) {
    DynTypedNode Node = DynTypedNode::create(*E);
    const Stmt *Child = E;
    for (unsigned Steps = 0; Steps < 64; ++Steps) {
      auto Parents = Ctx.getParents(Node);
      if (Parents.empty())
        return true;
      Node = Parents[0];
      if (const auto *VD = Node.get<VarDecl>()) {
        if (VD->isLocalVarDecl() && !VD->isStaticLocal() &&
            !VD->getType()->isReferenceType())
          return localEscapes(VD);
        return true; // a static, a global, a reference
      }
      const auto *P = Node.get<Stmt>();
      if (!P)
        return true;
      if (isa<ParenExpr, CastExpr, FullExpr, MaterializeTemporaryExpr>(P)) {
        Child = P;
        continue;
      }
      if (const auto *CO = dyn_cast<AbstractConditionalOperator>(P)) {
        if (CO->getCond() == Child)
          return false;
        Child = P;
        continue;
      }
      if (isa<ReturnStmt>(P))
        return true;
      if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
        if (BO->getOpcode() == BO_Comma && BO->getRHS() == Child) {
          Child = P;
          continue;
        }
        if (BO->getOpcode() == BO_Assign && BO->getRHS() == Child) {
          const VarDecl *V = plainLocal(BO->getLHS());
          return V ? localEscapes(V) : true;
        }
        return false; // compared, or the target of a store
      }
      if (const auto *Call = dyn_cast<CallExpr>(P)) {
        const FunctionDecl *Callee = resolveCallee(Call);
        for (unsigned I = 0; I < Call->getNumArgs(); ++I)
          if (Call->getArg(I) == Child)
            return !isCloseHandle(Callee) && !isHandleUse(Callee, I);
        return true;
      }
      // A test (`if (h)`, `!h`), an expression statement: not kept. An
      // object built from it (constructor, braces, lambda capture): kept.
      return !(isa<IfStmt, WhileStmt, DoStmt, ForStmt, SwitchStmt,
                   UnaryOperator, CompoundStmt>(P));
    }
    return true;
  }

private:
  bool localEscapes(const VarDecl *V) {
    if (!Seen.insert(V).second)
      return false;
    RefsTo Finder(V);
    Finder.TraverseStmt(const_cast<Stmt *>(Body));
    for (const DeclRefExpr *Ref : Finder.Refs) {
      DynTypedNode Node = DynTypedNode::create(*Ref);
      auto Parents = Ctx.getParents(Node);
      const auto *P = Parents.empty() ? nullptr : Parents[0].get<Stmt>();
      if (const auto *UO = dyn_cast_or_null<UnaryOperator>(P);
          UO && UO->getOpcode() == UO_AddrOf)
        return true; // written or kept through a pointer
      if (valueEscapes(Ref))
        return true;
    }
    return false;
  }

  const Stmt *Body;
  ASTContext &Ctx;
  llvm::SmallPtrSet<const VarDecl *, 4> Seen;
};

} // namespace

bool isRuntimeClose(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier() || FD->getNumParams() != 1 ||
      !isWin32Declaration(FD))
    return false;
  llvm::StringRef N = FD->getName();
  return N == "_close" || N == "close" || N == "fclose";
}

namespace {

/// `P = ...;` as a statement of its own.
bool isOverwrite(const Stmt *S, const ParmVarDecl *P) {
  const auto *E = dyn_cast<Expr>(S);
  const auto *BO =
      E ? dyn_cast<BinaryOperator>(E->IgnoreImplicit()->IgnoreParens())
        : nullptr;
  if (!BO || BO->getOpcode() != BO_Assign)
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens());
  return Ref && Ref->getDecl() == P;
}

/// Whether a statement `P = ...;` that comes earlier in a block around
/// \p Ref always runs before it: \p Ref then sees the helper's own value.
bool afterOverwrite(const DeclRefExpr *Ref, const ParmVarDecl *P,
                    ASTContext &Ctx) {
  DynTypedNode Node = DynTypedNode::create(*Ref);
  const Stmt *Child = Ref;
  for (unsigned Steps = 0; Steps < 64; ++Steps) {
    auto Parents = Ctx.getParents(Node);
    const Stmt *Parent = Parents.empty() ? nullptr : Parents[0].get<Stmt>();
    if (!Parent)
      return false;
    if (const auto *Block = dyn_cast<CompoundStmt>(Parent))
      for (const Stmt *S : Block->body()) {
        if (S == Child)
          break;
        if (isOverwrite(S, P))
          return true;
      }
    Child = Parent;
    Node = Parents[0];
  }
  return false;
}

} // namespace

bool onlyBorrowsHandle(const FunctionDecl *Callee, unsigned Index,
                       ASTContext &Ctx, bool *Tested) {
  bool Tests = false;
  const FunctionDecl *Def = nullptr;
  if (!Callee || !Callee->hasBody(Def) || !Def || Def->isVariadic() ||
      Index >= Def->getNumParams() || Def->isDependentContext())
    return false;
  const ParmVarDecl *P = Def->getParamDecl(Index);
  if (P->getType()->isReferenceType())
    return false;
  RefsTo Finder(P);
  Finder.TraverseStmt(Def->getBody());
  for (const DeclRefExpr *Ref : Finder.Refs) {
    if (afterOverwrite(Ref, P, Ctx))
      continue; // the helper's own handle, not the caller's
    DynTypedNode Node = DynTypedNode::create(*Ref);
    const Stmt *Child = Ref;
    const Stmt *Parent = nullptr;
    for (unsigned Steps = 0; Steps < 16; ++Steps) {
      auto Parents = Ctx.getParents(Node);
      Parent = Parents.empty() ? nullptr : Parents[0].get<Stmt>();
      if (!Parent || !isa<ParenExpr, ImplicitCastExpr, CStyleCastExpr>(Parent))
        break;
      Child = Parent;
      Node = Parents[0];
    }
    if (!Parent)
      return false;
    const auto *BO = dyn_cast<BinaryOperator>(Parent);
    const auto *UO = dyn_cast<UnaryOperator>(Parent);
    if (BO && BO->getOpcode() == BO_Assign && BO->getLHS() == Child)
      continue; // overwritten: the caller's handle is lost here, not taken
    if ((BO && (BO->isComparisonOp() || BO->isLogicalOp())) ||
        (UO && UO->getOpcode() == UO_LNot) ||
        isConditionOf(Parent, Child).value_or(false)) {
      Tests = true;
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(Parent)) {
      const FunctionDecl *Use = resolveCallee(Call);
      bool Borrowed = false;
      for (unsigned I = 0; I < Call->getNumArgs(); ++I)
        if (Call->getArg(I) == Child)
          Borrowed = isHandleUse(Use, I) || isRuntimeClose(Use);
      if (Borrowed)
        continue;
    }
    return false;
  }
  if (Tested)
    *Tested = Tests;
  return true;
}

bool handleMayOutliveFunction(const CallExpr *Creation, const Stmt *Body,
                              ASTContext &Ctx) {
  if (!Creation || !Body)
    return true;
  Lifetime L(Body, Ctx);
  return L.valueEscapes(Creation);
}

} // namespace clang::tidy::pipelint::utils
