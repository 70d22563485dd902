//===--- MemberValues.cpp - what a private pointer member can hold --------===//
#include "utils/MemberValues.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::pipelint::utils {
namespace {

/// Walks member function bodies; gives up at the first use of the field
/// that is neither a read nor a store of a null constant.
class FieldUses {
public:
  FieldUses(const FieldDecl *Field, ASTContext &Ctx) : Field(Field), Ctx(Ctx) {}

  void walk(const Stmt *S, const Stmt *Parent) {
    if (!S || Unknown)
      return;
    if (const auto *ME = dyn_cast<MemberExpr>(S))
      if (ME->getMemberDecl() == Field)
        classify(ME, Parent);
    for (const Stmt *Child : S->children())
      walk(Child, isTransparent(S) ? Parent : S);
  }

  bool Unknown = false;

private:
  static bool isTransparent(const Stmt *S) {
    if (isa<ParenExpr>(S))
      return true;
    const auto *Cast = dyn_cast<ImplicitCastExpr>(S);
    return Cast && Cast->getCastKind() == CK_NoOp;
  }

  void classify(const MemberExpr *ME, const Stmt *Parent) {
    if (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(Parent))
      if (Cast->getCastKind() == CK_LValueToRValue)
        return; // a read
    if (const auto *BO = dyn_cast_or_null<BinaryOperator>(Parent)) {
      if (BO->getLHS()->IgnoreParens() != ME)
        return; // on the right: a read or a comparison
      if (BO->getOpcode() == BO_Assign && isNullConstant(BO->getRHS(), Ctx))
        return;
    }
    Unknown = true; // a store of something else, `&m`, a reference, ...
  }

  const FieldDecl *Field;
  ASTContext &Ctx;
};

/// Every user-declared member function has a definition here, and nothing
/// but them can reach a private member.
bool allMembersVisible(const CXXRecordDecl *RD) {
  if (RD->friend_begin() != RD->friend_end() ||
      isa<ClassTemplateSpecializationDecl>(RD) ||
      RD->getDescribedClassTemplate())
    return false;
  for (const Decl *D : RD->decls()) {
    if (isa<FunctionTemplateDecl>(D))
      return false;
    if (const auto *Nested = dyn_cast<CXXRecordDecl>(D))
      if (!Nested->isInjectedClassName())
        return false;
    const auto *MD = dyn_cast<CXXMethodDecl>(D);
    if (!MD || MD->isImplicit() || MD->isDeleted() || MD->isDefaulted() ||
        MD->isPureVirtual())
      continue;
    if (!MD->hasBody())
      return false;
  }
  return true;
}

} // namespace

NullEvidence privateFieldNullness(const FieldDecl *Field, ASTContext &Ctx) {
  if (!Field || Field->getAccess() != AS_private ||
      !Field->getType()->isPointerType() ||
      Field->getType().isVolatileQualified())
    return {};
  const auto *RD = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!RD || RD->isUnion() || !allMembersVisible(RD))
    return {};

  NullEvidence Result{Nullness::Null, SourceLocation()};
  if (const Expr *Init = Field->getInClassInitializer()) {
    if (!isNullConstant(Init, Ctx))
      return {};
    Result.Origin = Init->getBeginLoc();
  }
  // Every user-declared constructor (defaulted ones included) must set
  // the member to NULL or leave it to the default member initialiser;
  // implicit ones copy a NULL or use that initialiser.
  if (!Field->hasInClassInitializer() && !RD->hasUserDeclaredConstructor())
    return {};
  for (const CXXConstructorDecl *Ctor : RD->ctors()) {
    if (Ctor->isImplicit())
      continue;
    const FunctionDecl *Def = nullptr;
    const auto *Defined =
        Ctor->hasBody(Def) ? dyn_cast_or_null<CXXConstructorDecl>(Def) : Ctor;
    bool Initialised = Field->hasInClassInitializer();
    for (const CXXCtorInitializer *I : Defined->inits()) {
      if (I->getMember() != Field || !I->isWritten())
        continue;
      const Expr *E = I->getInit();
      if (!isa<ImplicitValueInitExpr>(E->IgnoreParens()) &&
          !isNullConstant(E, Ctx))
        return {};
      Initialised = true;
      if (Result.Origin.isInvalid())
        Result.Origin = E->getBeginLoc();
    }
    if (!Initialised)
      return {};
  }
  FieldUses Uses(Field, Ctx);
  for (const CXXMethodDecl *MD : RD->methods()) {
    const FunctionDecl *Def = nullptr;
    if (MD->isImplicit() || !MD->hasBody(Def) || !Def)
      continue;
    Uses.walk(Def->getBody(), nullptr);
    if (Uses.Unknown)
      return {};
  }
  if (Result.Origin.isInvalid())
    return {};
  return Result;
}

} // namespace clang::tidy::pipelint::utils
