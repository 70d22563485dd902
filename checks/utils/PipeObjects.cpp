//===--- PipeObjects.cpp - heap objects that own a pipe -------------------===//
#include "PipeObjects.h"
#include "NameLists.h"
#include "ValueTracking.h"

#include "clang/AST/ParentMapContext.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::pipelint::utils {

//===-- Pipe object types -------------------------------------------------===//

bool nameHasPipeWord(llvm::StringRef Name) {
  for (size_t Pos = Name.find("Pipe"); Pos != llvm::StringRef::npos;
       Pos = Name.find("Pipe", Pos + 1)) {
    llvm::StringRef Rest = Name.drop_front(Pos + 4);
    if (Rest.empty() || !llvm::isLower(Rest[0]))
      return true;
    // `NamedPipes`, `PipesManager`: a plural ending the word.
    if (Rest[0] == 's' && (Rest.size() == 1 || !llvm::isLower(Rest[1])))
      return true;
  }
  return false;
}

PipeTypes::PipeTypes(llvm::ArrayRef<std::string> Extra)
    : Extra(Extra.begin(), Extra.end()) {}

std::vector<std::string> PipeTypes::parseList(llvm::StringRef Option) {
  return splitNameList(Option);
}

bool PipeTypes::nameMatches(const CXXRecordDecl *RD) const {
  if (!RD->getIdentifier())
    return false;
  llvm::StringRef Name = RD->getName();
  if (nameHasPipeWord(Name) || Name == "QLocalSocket" || Name == "QLocalServer")
    return true;
  if (Extra.empty())
    return false;
  std::string Qualified = RD->getQualifiedNameAsString();
  for (const std::string &E : Extra) {
    if (llvm::StringRef(E).contains("::") ? Qualified == E : Name == E)
      return true;
  }
  return false;
}

static bool derivesFrom(const CXXRecordDecl *RD,
                        llvm::function_ref<bool(const CXXRecordDecl *)> Pred,
                        llvm::SmallPtrSetImpl<const CXXRecordDecl *> &Seen) {
  if (!RD || !Seen.insert(RD->getCanonicalDecl()).second)
    return false;
  if (Pred(RD))
    return true;
  const CXXRecordDecl *Def = RD->getDefinition();
  if (!Def)
    return false;
  for (const CXXBaseSpecifier &B : Def->bases()) {
    const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl();
    if (Base && derivesFrom(Base, Pred, Seen))
      return true;
  }
  return false;
}

bool PipeTypes::isPipeClass(const CXXRecordDecl *RD) const {
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
  return derivesFrom(
      RD, [this](const CXXRecordDecl *C) { return nameMatches(C); }, Seen);
}

bool PipeTypes::isPipeType(QualType T) const {
  if (T.isNull())
    return false;
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  return isPipeClass(T->getAsCXXRecordDecl());
}

bool isQObjectClass(const CXXRecordDecl *RD) {
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
  return derivesFrom(
      RD,
      [](const CXXRecordDecl *C) {
        // Also inside QT_NAMESPACE.
        return C->getIdentifier() && C->getName() == "QObject" &&
               C->getDeclContext()->getRedeclContext()->isFileContext();
      },
      Seen);
}

//===-- Allocations -------------------------------------------------------===//

const Expr *ignoreCastsAndParens(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *C = dyn_cast<ExplicitCastExpr>(E)) {
      if (C->getType()->isPointerType()) {
        E = C->getSubExpr();
        continue;
      }
    }
    return E;
  }
  return E;
}

const CXXNewExpr *asNewExpr(const Expr *E) {
  return dyn_cast_or_null<CXXNewExpr>(ignoreCastsAndParens(E));
}

static bool paramLooksLikeOwner(const ParmVarDecl *P) {
  if (!P || !P->getIdentifier())
    return false;
  std::string Name = P->getName().lower();
  return llvm::StringRef(Name).contains("parent") ||
         llvm::StringRef(Name).contains("owner");
}

bool isOwnedAtConstruction(const CXXNewExpr *New, ASTContext &Ctx) {
  const CXXConstructExpr *CE = New->getConstructExpr();
  if (!CE)
    return false;
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  const FunctionDecl *Def = Ctor->getDefinition();
  bool QObjectClass = isQObjectClass(Ctor->getParent());
  for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams(); ++I) {
    const Expr *Arg = CE->getArg(I);
    if (const auto *D = dyn_cast<CXXDefaultArgExpr>(Arg))
      Arg = D->getExpr();
    if (isNullConstant(Arg, Ctx))
      continue;
    const ParmVarDecl *P = Ctor->getParamDecl(I);
    if (paramLooksLikeOwner(P) || (Def && I < Def->getNumParams() &&
                                   paramLooksLikeOwner(Def->getParamDecl(I))))
      return true;
    if (QObjectClass) {
      QualType T = P->getType();
      if (T->isPointerType() &&
          isQObjectClass(T->getPointeeType()->getAsCXXRecordDecl()))
        return true;
    }
  }
  return false;
}

static bool releasesThis(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *D = dyn_cast<CXXDeleteExpr>(S))
    if (isa<CXXThisExpr>(ignoreCastsAndParens(D->getArgument())))
      return true;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (MD && MD->getIdentifier() && MD->getName() == "deleteLater" &&
        isa<CXXThisExpr>(ignoreCastsAndParens(MC->getImplicitObjectArgument())))
      return true;
  }
  if (isa<CallExpr>(S) && isConnectToDeleteLater(cast<Expr>(S)))
    return true;
  for (const Stmt *C : S->children())
    if (releasesThis(C))
      return true;
  return false;
}

bool isSelfReleasing(const CXXRecordDecl *RD) {
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
  return derivesFrom(
      RD,
      [](const CXXRecordDecl *C) {
        const CXXRecordDecl *Def = C->getDefinition();
        if (!Def)
          return false;
        for (const CXXMethodDecl *M : Def->methods()) {
          const FunctionDecl *Body = nullptr;
          if (M->hasBody(Body) && releasesThis(Body->getBody()))
            return true;
        }
        return false;
      },
      Seen);
}

bool isUnownedPipeAllocation(const CXXNewExpr *New, const PipeTypes &Types,
                             ASTContext &Ctx) {
  if (!New || New->isArray())
    return false;
  if (New->getNumPlacementArgs() > 0) {
    // Only `new (std::nothrow) T` is a heap allocation we understand.
    if (New->getNumPlacementArgs() != 1)
      return false;
    const CXXRecordDecl *Tag =
        New->getPlacementArg(0)->getType()->getAsCXXRecordDecl();
    if (!Tag || !Tag->getIdentifier() || Tag->getName() != "nothrow_t")
      return false;
  }
  const CXXRecordDecl *RD = New->getAllocatedType()->getAsCXXRecordDecl();
  if (!Types.isPipeClass(RD))
    return false;
  return !isOwnedAtConstruction(New, Ctx) && !isSelfReleasing(RD);
}

//===-- Where a value goes ------------------------------------------------===//

Slot slotOfExpr(const Expr *E) {
  if (!E)
    return {};
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (V && !isa<ParmVarDecl>(V) && V->hasLocalStorage() &&
        V->getType()->isPointerType())
      return Slot{V, nullptr};
    return {};
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (FD && FD->getType()->isPointerType() &&
        isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return Slot{nullptr, FD};
  }
  return {};
}

static DynTypedNode parentOf(const DynTypedNode &N, ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(N);
  return Parents.empty() ? DynTypedNode() : Parents[0];
}

Slot storeTargetOf(const CXXNewExpr *New, ASTContext &Ctx,
                   SourceLocation *StoreLoc) {
  DynTypedNode Child = DynTypedNode::create(*New);
  for (;;) {
    DynTypedNode P = parentOf(Child, Ctx);
    if (const auto *E = P.get<Expr>()) {
      if (isa<ParenExpr, ImplicitCastExpr, ExprWithCleanups>(E) ||
          (isa<ExplicitCastExpr>(E) && E->getType()->isPointerType())) {
        Child = P;
        continue;
      }
      // Clang 19 also lists a default member initialiser under each
      // constructor's CXXDefaultInitExpr.
      if (const auto *DIE = dyn_cast<CXXDefaultInitExpr>(E)) {
        if (StoreLoc)
          *StoreLoc = DIE->getField()->getLocation();
        if (DIE->getField()->getType()->isPointerType())
          return Slot{nullptr, DIE->getField()};
        return {};
      }
      const auto *BO = dyn_cast<BinaryOperator>(E);
      if (BO && BO->getOpcode() == BO_Assign &&
          BO->getRHS() == Child.get<Expr>()) {
        if (StoreLoc)
          *StoreLoc = BO->getLHS()->getBeginLoc();
        return slotOfExpr(BO->getLHS());
      }
      return {};
    }
    if (const auto *V = P.get<VarDecl>()) {
      if (V->getInit() != Child.get<Expr>())
        return {};
      if (StoreLoc)
        *StoreLoc = V->getLocation();
      if (!isa<ParmVarDecl>(V) && V->hasLocalStorage() &&
          V->getType()->isPointerType())
        return Slot{V, nullptr};
      return {};
    }
    const CXXCtorInitializer *Init = P.get<CXXCtorInitializer>();
    if (const auto *Ctor = P.get<CXXConstructorDecl>())
      for (const CXXCtorInitializer *I : Ctor->inits())
        if (I->getInit() == Child.get<Expr>())
          Init = I;
    if (Init) {
      const FieldDecl *FD = Init->getMember();
      if (StoreLoc)
        *StoreLoc = Init->getSourceLocation();
      if (FD && FD->getType()->isPointerType())
        return Slot{nullptr, FD};
      return {};
    }
    if (const auto *FD = P.get<FieldDecl>()) {
      if (StoreLoc)
        *StoreLoc = FD->getLocation();
      if (FD->getType()->isPointerType())
        return Slot{nullptr, FD};
    }
    return {};
  }
}

const FunctionDecl *enclosingFunction(const Expr *E, ASTContext &Ctx) {
  DynTypedNode N = DynTypedNode::create(*E);
  for (unsigned Depth = 0; Depth < 256; ++Depth) {
    N = parentOf(N, Ctx);
    if (N.getNodeKind().isNone())
      return nullptr;
    if (const auto *FD = N.get<FunctionDecl>())
      return FD;
    if (const auto *L = N.get<LambdaExpr>())
      return L->getCallOperator();
    if (N.get<FieldDecl>() || N.get<CXXDefaultInitExpr>())
      return nullptr;
  }
  return nullptr;
}

//===-- Uses --------------------------------------------------------------===//

static bool mentionsDeleteLater(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    const auto *MD = dyn_cast<CXXMethodDecl>(DRE->getDecl());
    return MD && MD->getIdentifier() && MD->getName() == "deleteLater";
  }
  if (const auto *SL = dyn_cast<StringLiteral>(S))
    return SL->getCharByteWidth() == 1 &&
           SL->getString().contains("deleteLater");
  for (const Stmt *C : S->children())
    if (mentionsDeleteLater(C))
      return true;
  return false;
}

static const FunctionDecl *calleeOf(const Expr *Call) {
  if (const auto *CE = dyn_cast<CallExpr>(Call))
    return CE->getDirectCallee();
  if (const auto *CE = dyn_cast<CXXConstructExpr>(Call))
    return CE->getConstructor();
  return nullptr;
}

static bool isQObjectConnect(const FunctionDecl *FD) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  if (!MD || !MD->getIdentifier())
    return false;
  llvm::StringRef N = MD->getName();
  const CXXRecordDecl *RD = MD->getParent();
  return (N == "connect" || N == "disconnect") && RD->getIdentifier() &&
         RD->getName() == "QObject";
}

bool isConnectToDeleteLater(const Expr *Call) {
  if (!isQObjectConnect(calleeOf(Call)))
    return false;
  return mentionsDeleteLater(Call);
}

static bool memberOfClassNamed(const FunctionDecl *FD, llvm::StringRef Name) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  if (!MD)
    return false;
  const CXXRecordDecl *RD = MD->getParent();
  return RD->getIdentifier() && RD->getName() == Name;
}

static bool isStreamInsertion(const Expr *Call) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
  if (!Op || Op->getOperator() != OO_LessLess || Op->getNumArgs() != 2)
    return false;
  const CXXRecordDecl *RD =
      Op->getArg(0)->getType().getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() &&
         (RD->getName() == "QDebug" || RD->getName() == "basic_ostream");
}

/// \p Arg is an argument of \p Call bound to a non-const lvalue reference
/// parameter of \p Callee.
static bool boundToNonConstRef(const Expr *Call, const Expr *Arg,
                               const FunctionDecl *Callee) {
  llvm::ArrayRef<const Expr *> Args;
  unsigned Shift = 0;
  if (const auto *CE = dyn_cast<CallExpr>(Call)) {
    Args = llvm::ArrayRef(CE->getArgs(), CE->getNumArgs());
    // A member operator's first argument is the object.
    if (isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(Callee))
      Shift = 1;
  } else if (const auto *CE = dyn_cast<CXXConstructExpr>(Call)) {
    Args = llvm::ArrayRef(CE->getArgs(), CE->getNumArgs());
  }
  for (unsigned I = Shift; I < Args.size(); ++I) {
    if (Args[I] != Arg || I - Shift >= Callee->getNumParams())
      continue;
    QualType T = Callee->getParamDecl(I - Shift)->getType();
    if (T->isLValueReferenceType() &&
        !T.getNonReferenceType().isConstQualified())
      return true;
  }
  return false;
}

/// `p->m(...)` or `(*p).m(...)`: \p ME is the member expression.
static UseKind memberUse(const MemberExpr *ME, ASTContext &Ctx) {
  const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
  if (!MD || !MD->getIdentifier())
    return UseKind::Deref;
  DynTypedNode P = parentOf(DynTypedNode::create(*ME), Ctx);
  const auto *Call = P.get<CXXMemberCallExpr>();
  if (!Call || Call->getCallee() != ME)
    return UseKind::Deref;
  llvm::StringRef N = MD->getName();
  if (N == "deleteLater")
    return UseKind::Release;
  if (N == "setParent" && Call->getNumArgs() >= 1 &&
      !isNullConstant(Call->getArg(0), Ctx))
    return UseKind::Adopted;
  return UseKind::Deref;
}

UseKind classifyUse(const Expr *Ref, ASTContext &Ctx) {
  const Expr *E = Ref;
  bool Read = false; // an lvalue-to-rvalue conversion was applied
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    DynTypedNode PN = parentOf(DynTypedNode::create(*E), Ctx);
    if (const auto *P = PN.get<Expr>()) {
      if (isa<ParenExpr, ExprWithCleanups>(P)) {
        E = P;
        continue;
      }
      if (const auto *ICE = dyn_cast<ImplicitCastExpr>(P)) {
        switch (ICE->getCastKind()) {
        case CK_LValueToRValue:
          Read = true;
          [[fallthrough]];
        case CK_NoOp:
        case CK_DerivedToBase:
        case CK_UncheckedDerivedToBase:
        case CK_BaseToDerived:
        case CK_BitCast:
        case CK_Dynamic:
          E = P;
          continue;
        case CK_PointerToBoolean:
          return UseKind::Use;
        default:
          return UseKind::Escape;
        }
      }
      if (const auto *C = dyn_cast<ExplicitCastExpr>(P)) {
        QualType T = C->getType();
        if (T->isVoidType() || T->isBooleanType())
          return UseKind::Use;
        if (T->isPointerType()) {
          E = P;
          continue;
        }
        return UseKind::Escape;
      }
      if (isa<CXXDeleteExpr>(P))
        return UseKind::Release;
      if (const auto *ME = dyn_cast<MemberExpr>(P))
        return ME->getBase() == E ? memberUse(ME, Ctx) : UseKind::Escape;
      if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
        switch (UO->getOpcode()) {
        case UO_LNot:
          return UseKind::Use;
        case UO_AddrOf:
        case UO_PreInc:
        case UO_PreDec:
        case UO_PostInc:
        case UO_PostDec:
          return UseKind::Unanalyzable;
        case UO_Deref: {
          // `(*p).m`: the member expression's base is `(*p)`.
          const Expr *Base = UO;
          DynTypedNode Up = parentOf(DynTypedNode::create(*Base), Ctx);
          while (const auto *PE = Up.get<ParenExpr>()) {
            Base = PE;
            Up = parentOf(Up, Ctx);
          }
          if (const auto *ME = Up.get<MemberExpr>())
            if (ME->getBase() == Base)
              return memberUse(ME, Ctx);
          return UseKind::Escape;
        }
        default:
          return UseKind::Escape;
        }
      }
      if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
        if (BO->isAssignmentOp()) {
          if (BO->getLHS() != E)
            return UseKind::Escape;
          return BO->getOpcode() == BO_Assign ? UseKind::StoreTarget
                                              : UseKind::Unanalyzable;
        }
        if (BO->isComparisonOp() || BO->isLogicalOp())
          return UseKind::Use;
        if (BO->getOpcode() == BO_Comma) {
          if (BO->getLHS() == E)
            return UseKind::Use;
          E = P;
          continue;
        }
        return UseKind::Escape;
      }
      if (const auto *CO = dyn_cast<AbstractConditionalOperator>(P)) {
        if (CO->getCond() == E)
          return UseKind::Use;
        E = P;
        continue;
      }
      if (isa<CallExpr, CXXConstructExpr>(P)) {
        const FunctionDecl *Callee = calleeOf(P);
        if (const auto *CE = dyn_cast<CallExpr>(P); CE && CE->getCallee() == E)
          return UseKind::Use;
        if (Callee && Callee->getIdentifier() &&
            Callee->getName() == "qobject_cast") {
          E = P; // the same pointer, seen as another type
          continue;
        }
        if (isQObjectConnect(Callee))
          return isConnectToDeleteLater(P) ? UseKind::Adopted : UseKind::Use;
        // QPointer tracks an object without owning it.
        if (memberOfClassNamed(Callee, "QPointer") || isStreamInsertion(P))
          return UseKind::Use;
        if (!Read && Callee && boundToNonConstRef(P, E, Callee))
          return UseKind::Unanalyzable;
        return UseKind::Escape;
      }
      return UseKind::Escape;
    }
    if (const auto *S = PN.get<Stmt>()) {
      // A discarded `p;` is a use; a return or anything else may hand the
      // pointer over.
      if (isa<CompoundStmt>(S))
        return UseKind::Use;
      return UseKind::Escape;
    }
    if (const auto *V = PN.get<VarDecl>()) {
      if (!Read && V->getType()->isReferenceType() &&
          !V->getType().getNonReferenceType().isConstQualified())
        return UseKind::Unanalyzable;
      return UseKind::Escape;
    }
    return UseKind::Escape;
  }
  return UseKind::Escape;
}

} // namespace clang::tidy::pipelint::utils
