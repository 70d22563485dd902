//===--- ValueTracking.cpp - what a local variable can hold ---------------===//
#include "utils/ValueTracking.h"
#include "utils/MemberValues.h"
#include "utils/Win32Api.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include <algorithm>
#include <functional>

namespace clang::tidy::pipelint::utils {
namespace {

/// Skips parentheses and value-preserving implicit casts upwards.
bool isTransparent(const Stmt *S) {
  if (isa<ParenExpr>(S))
    return true;
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(S))
    return Cast->getCastKind() == CK_NoOp;
  return false;
}

bool isPointerToConst(QualType T) {
  return T->isPointerType() && T->getPointeeType().isConstQualified();
}

bool isNonConstReference(QualType T) {
  return T->isReferenceType() && !T.getNonReferenceType().isConstQualified();
}

/// Walks a function body, classifying every use of one variable.
class StoreCollector {
public:
  StoreCollector(const VarDecl *Var, ASTContext &Ctx) : Var(Var), Ctx(Ctx) {}

  void walk(const Stmt *S) {
    if (!S || Escaped)
      return;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (Ref->getDecl() == Var)
        classify(Ref);
    Stack.push_back(S);
    for (const Stmt *Child : S->children())
      walk(Child);
    Stack.pop_back();
  }

  bool Escaped = false;
  llvm::SmallVector<Store, 4> Stores;

private:
  /// The first non-transparent ancestor below stack entry \p Index.
  const Stmt *parentOf(size_t &Index) const {
    while (Index > 0) {
      const Stmt *P = Stack[--Index];
      if (!isTransparent(P))
        return P;
    }
    return nullptr;
  }

  /// `&Var` (or `&Var.field` when \p Field) used at \p Index of the stack.
  void classifyAddress(const Stmt *AddrOf, size_t Index) {
    const Stmt *Child = AddrOf;
    const Stmt *P = nullptr;
    while (Index > 0) {
      P = Stack[--Index];
      if (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P) ||
          isa<CStyleCastExpr>(P) || isa<CXXStaticCastExpr>(P) ||
          isa<CXXReinterpretCastExpr>(P)) {
        Child = P;
        continue;
      }
      break;
    }
    // `T *p = &v;` or `p = &v;`: fine when p itself is only handed to APIs
    // that read through it.
    if (const VarDecl *Alias = aliasTarget(P, Child)) {
      if (!onlyReadThrough(Alias))
        Escaped = true;
      return;
    }
    const auto *Call = dyn_cast_or_null<CallExpr>(P);
    if (!Call) {
      Escaped = true;
      return;
    }
    const FunctionDecl *FD = resolveCallee(Call);
    if (!FD) {
      Escaped = true;
      return;
    }
    unsigned ArgIndex = 0;
    for (; ArgIndex < Call->getNumArgs(); ++ArgIndex)
      if (Call->getArg(ArgIndex) == Child)
        break;
    if (ArgIndex == Call->getNumArgs()) {
      Escaped = true;
      return;
    }
    if (isZeroFillCallee(FD) && ArgIndex == 0) {
      // memset(&v, 0, n) fills with zero; memset(&v, c, n) is unknown.
      bool Zero = true;
      if (FD->getName().contains("memset") && Call->getNumArgs() > 1) {
        Expr::EvalResult R;
        Zero = Call->getArg(1)->EvaluateAsInt(R, Ctx) && R.Val.getInt() == 0;
      }
      if (!Zero) {
        Escaped = true;
        return;
      }
      Store S;
      S.ZeroFill = true;
      S.Loc = Call->getBeginLoc();
      Stores.push_back(S);
      return;
    }
    if (ArgIndex < FD->getNumParams()) {
      QualType PT = FD->getParamDecl(ArgIndex)->getType();
      if (isPointerToConst(PT))
        return;
      // Win32 APIs read SECURITY_ATTRIBUTES, they never write it.
      if (isSecurityAttributesParam(FD, ArgIndex) &&
          Ctx.getSourceManager().isInSystemHeader(FD->getLocation()))
        return;
    }
    Escaped = true;
  }

  /// The local pointer that \p Child (an `&v`) initialises or is assigned
  /// to in statement \p P, if any.
  static const VarDecl *aliasTarget(const Stmt *P, const Stmt *Child) {
    if (const auto *DS = dyn_cast_or_null<DeclStmt>(P)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit() == Child && VD->isLocalVarDecl() &&
              VD->getType()->isPointerType())
            return VD;
      return nullptr;
    }
    if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P)) {
      if (BO->getOpcode() != BO_Assign || BO->getRHS() != Child)
        return nullptr;
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
          if (VD->isLocalVarDecl() && VD->getType()->isPointerType())
            return VD;
    }
    return nullptr;
  }

  /// True when every use of pointer \p Alias in the function is a store
  /// into it or an argument to a parameter that only reads through it.
  bool onlyReadThrough(const VarDecl *Alias) const {
    const auto *Fn =
        dyn_cast_or_null<FunctionDecl>(Alias->getParentFunctionOrMethod());
    if (!Fn || !Fn->getBody())
      return false;
    bool Ok = true;
    llvm::SmallVector<const Stmt *, 32> Path;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S || !Ok)
        return;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
          Ref && Ref->getDecl() == Alias) {
        Ok = readOnlyUse(Path, Ref);
        return;
      }
      Path.push_back(S);
      for (const Stmt *C : S->children())
        Walk(C);
      Path.pop_back();
    };
    Walk(Fn->getBody());
    return Ok;
  }

  /// A use of an alias pointer with ancestors \p Path: the LHS of a store,
  /// or (after its load) an argument at a read-only parameter.
  bool readOnlyUse(llvm::ArrayRef<const Stmt *> Path, const Stmt *Child) const {
    size_t I = Path.size();
    while (I > 0) {
      const Stmt *P = Path[--I];
      if (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P) ||
          isa<CStyleCastExpr>(P)) {
        Child = P;
        continue;
      }
      if (const auto *BO = dyn_cast<BinaryOperator>(P))
        return BO->getOpcode() == BO_Assign && BO->getLHS() == Child;
      const auto *Call = dyn_cast<CallExpr>(P);
      const FunctionDecl *FD = Call ? resolveCallee(Call) : nullptr;
      if (!FD)
        return false;
      for (unsigned A = 0; A < Call->getNumArgs() && A < FD->getNumParams();
           ++A)
        if (Call->getArg(A) == Child)
          return isPointerToConst(FD->getParamDecl(A)->getType()) ||
                 (isSecurityAttributesParam(FD, A) &&
                  Ctx.getSourceManager().isInSystemHeader(FD->getLocation()));
      return false;
    }
    return false;
  }

  void classifyFieldUse(const MemberExpr *ME, size_t Index) {
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field) {
      // A method call on the object may change it unless it is const.
      if (const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
        if (MD->isConst() || MD->isStatic())
          return;
      Escaped = true;
      return;
    }
    const Stmt *P = parentOf(Index);
    if (!P)
      return;
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->getLHS()->IgnoreParens() == ME) {
        if (BO->getOpcode() == BO_Assign) {
          Store S;
          S.Value = BO->getRHS();
          S.Loc = BO->getOperatorLoc();
          S.Field = Field;
          Stores.push_back(S);
        } else if (BO->isAssignmentOp()) {
          Escaped = true;
        }
      }
      return;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp())
        Escaped = true;
      return;
    }
    if (isa<CallExpr>(P) || isa<CXXConstructExpr>(P) || isa<MemberExpr>(P))
      Escaped = true; // conservatively: a reference to the field escapes
  }

  void classify(const DeclRefExpr *Ref) {
    size_t Index = Stack.size();
    const Stmt *P = parentOf(Index);
    if (!P)
      return;
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P)) {
      if (Cast->getCastKind() == CK_LValueToRValue)
        return; // a plain read
      if (Cast->getCastKind() == CK_ArrayToPointerDecay)
        Escaped = true;
      return;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->getLHS()->IgnoreParens() != Ref)
        return;
      if (BO->getOpcode() == BO_Assign) {
        Store S;
        S.Value = BO->getRHS();
        S.Loc = BO->getOperatorLoc();
        Stores.push_back(S);
      } else if (BO->isAssignmentOp()) {
        Escaped = true;
      }
      return;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->getOpcode() == UO_AddrOf)
        classifyAddress(UO, Index);
      else if (UO->isIncrementDecrementOp())
        Escaped = true;
      return;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      if (!ME->isArrow())
        classifyFieldUse(ME, Index);
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(P)) {
      if (const FunctionDecl *FD = Call->getDirectCallee()) {
        for (unsigned I = 0; I < Call->getNumArgs() && I < FD->getNumParams();
             ++I)
          if (Call->getArg(I)->IgnoreParens() == Ref &&
              isNonConstReference(FD->getParamDecl(I)->getType()))
            Escaped = true;
      } else if (Call->getCallee()->IgnoreParenImpCasts() != Ref) {
        Escaped = true; // unknown callee: it may take a reference
      }
      return;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      for (unsigned I = 0;
           I < Construct->getNumArgs() && I < Ctor->getNumParams(); ++I)
        if (Construct->getArg(I)->IgnoreParens() == Ref &&
            isNonConstReference(Ctor->getParamDecl(I)->getType()))
          Escaped = true;
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit() && VD->getInit()->IgnoreParens() == Ref &&
              isNonConstReference(VD->getType()))
            Escaped = true;
      return;
    }
    if (isa<LambdaExpr>(P) || isa<CXXForRangeStmt>(P))
      Escaped = true; // captured or iterated by reference: be conservative
  }

  const VarDecl *Var;
  ASTContext &Ctx;
  llvm::SmallVector<const Stmt *, 32> Stack;
};

bool isZeroInit(const Expr *Init) {
  Init = Init->IgnoreParenImpCasts();
  if (const auto *List = dyn_cast<InitListExpr>(Init)) {
    // `= {}` and `= {0}` zero every member.
    if (List->getNumInits() == 0)
      return true;
    if (List->getNumInits() == 1) {
      if (const auto *Lit =
              dyn_cast<IntegerLiteral>(List->getInit(0)->IgnoreParenImpCasts()))
        return Lit->getValue() == 0;
    }
    return false;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init))
    return Construct->requiresZeroInitialization() ||
           (Construct->getNumArgs() == 0 &&
            Construct->getConstructor()->isTrivial());
  return isa<ImplicitValueInitExpr>(Init) || isa<CXXScalarValueInitExpr>(Init);
}

/// Value of one field in an initialiser list (missing trailing ones are
/// value-initialised, i.e. NULL).
NullEvidence fieldNullnessInInit(const InitListExpr *List,
                                 const FieldDecl *Field, ASTContext &Ctx,
                                 SourceLocation Loc) {
  unsigned Index = Field->getFieldIndex();
  if (List->isSyntacticForm() && List->getSemanticForm())
    List = List->getSemanticForm();
  if (Index >= List->getNumInits())
    return {Nullness::Null, Loc};
  const Expr *Init = List->getInit(Index);
  if (isa<ImplicitValueInitExpr>(Init->IgnoreParenImpCasts()))
    return {Nullness::Null, Loc};
  NullEvidence E = pointerNullness(Init, Ctx);
  return E;
}

const FieldDecl *descriptorField(const RecordDecl *RD) {
  for (const FieldDecl *F : RD->fields())
    if (F->getName() == "lpSecurityDescriptor")
      return F;
  return nullptr;
}

bool isSecurityAttributesRecord(QualType T) {
  const RecordDecl *RD = T.getCanonicalType()->getAsRecordDecl();
  return RD && (RD->getName() == "_SECURITY_ATTRIBUTES" ||
                RD->getName() == "SECURITY_ATTRIBUTES");
}

/// Whether pointer field \p Field of local record \p Rec is NULL on every
/// path. \p DefaultIsNull: a C++ default construction without zeroing (an
/// uninitialised struct) counts as a NULL store.
NullEvidence fieldOfRecordVar(const VarDecl *Rec, const FieldDecl *Field,
                              ASTContext &Ctx, bool DefaultIsNull) {
  auto Stores = collectStores(Rec, Ctx);
  if (!Stores || Stores->empty())
    return {};
  if (!DefaultIsNull)
    if (const auto *Construct =
            dyn_cast_or_null<CXXConstructExpr>(Rec->getInit()))
      if (!Construct->requiresZeroInitialization())
        Stores->erase(Stores->begin()); // the initialiser comes first
  NullEvidence Result{Nullness::Null, SourceLocation()};
  bool SawDefinition = false;
  for (const Store &S : *Stores) {
    NullEvidence This;
    if (S.ZeroFill) {
      This = {Nullness::Null, S.Loc};
    } else if (S.Field) {
      if (S.Field != Field)
        continue;
      This = pointerNullness(S.Value, Ctx);
      if (This.Kind == Nullness::Null)
        This.Origin = S.Loc;
    } else if (const auto *List =
                   dyn_cast<InitListExpr>(S.Value->IgnoreParenImpCasts())) {
      This = fieldNullnessInInit(List, Field, Ctx, S.Loc);
      if (This.Kind == Nullness::Null && This.Origin.isInvalid())
        This.Origin = S.Loc;
    } else if (isZeroInit(S.Value)) {
      This = {Nullness::Null, S.Loc};
    } else {
      return {}; // copied from another record: unknown
    }
    if (This.Kind != Nullness::Null)
      return {This.Kind, SourceLocation()};
    SawDefinition = true;
    Result.Origin = This.Origin;
  }
  if (!SawDefinition)
    return {};
  return Result;
}

NullEvidence descriptorOfRecordVar(const VarDecl *SA, ASTContext &Ctx) {
  const RecordDecl *RD = SA->getType().getCanonicalType()->getAsRecordDecl();
  const FieldDecl *Field = RD ? descriptorField(RD) : nullptr;
  if (!Field)
    return {};
  return fieldOfRecordVar(SA, Field, Ctx, /*DefaultIsNull=*/true);
}

} // namespace

std::optional<llvm::SmallVector<Store, 4>> collectStores(const VarDecl *Var,
                                                         ASTContext &Ctx) {
  if (!Var || !Var->isLocalVarDecl() || Var->isStaticLocal() ||
      Var->getType().isVolatileQualified())
    return std::nullopt;
  const auto *Fn =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  if (!Fn || !Fn->getBody())
    return std::nullopt;
  StoreCollector Collector(Var, Ctx);
  if (const Expr *Init = Var->getInit()) {
    Store S;
    S.Value = Init;
    S.Loc = Init->getBeginLoc();
    S.ZeroFill = isZeroInit(Init) && !Var->getType()->isScalarType();
    Collector.Stores.push_back(S);
  }
  Collector.walk(Fn->getBody());
  if (Collector.Escaped)
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  std::stable_sort(Collector.Stores.begin(), Collector.Stores.end(),
                   [&SM](const Store &A, const Store &B) {
                     return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
                   });
  return Collector.Stores;
}

bool isNullConstant(const Expr *E, ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return false;
  return E->IgnoreParenCasts()->isNullPointerConstant(
             Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull ||
         E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
             Expr::NPCK_NotNull;
}

NullEvidence pointerNullness(const Expr *E, ASTContext &Ctx) {
  if (!E)
    return {};
  if (isNullConstant(E, Ctx))
    return {Nullness::Null, E->getBeginLoc()};
  const Expr *Stripped = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(Stripped))
    if (UO->getOpcode() == UO_AddrOf)
      return {Nullness::NotNull, SourceLocation()};
  if (isa<StringLiteral>(Stripped) || isa<CXXNewExpr>(Stripped))
    return {Nullness::NotNull, SourceLocation()};
  // A const pointer variable (a global, a static or a local) initialised
  // with NULL holds NULL for ever.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Stripped))
    if (const auto *Const = dyn_cast<VarDecl>(Ref->getDecl()))
      if (!isa<ParmVarDecl>(Const) && Const->getType()->isPointerType() &&
          Const->getType().isConstQualified() &&
          !Const->getType().isVolatileQualified() && Const->getInit() &&
          isNullConstant(Const->getInit(), Ctx))
        return {Nullness::Null, Const->getInit()->getBeginLoc()};
  // `rec.field` of a local record: every store to that field is NULL. The
  // depth bound stops `rec.field = rec.field` and stores of one field into
  // another from recursing for ever.
  static thread_local unsigned FieldDepth = 0;
  if (const auto *ME = dyn_cast<MemberExpr>(Stripped))
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return privateFieldNullness(dyn_cast<FieldDecl>(ME->getMemberDecl()),
                                  Ctx);
  if (const auto *ME = dyn_cast<MemberExpr>(Stripped))
    if (const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      if (!ME->isArrow() && Field->getType()->isPointerType() && FieldDepth < 4)
        if (const VarDecl *Rec = localVar(ME->getBase()))
          if (Rec->getType()->isRecordType()) {
            ++FieldDepth;
            NullEvidence R =
                fieldOfRecordVar(Rec, Field, Ctx, /*DefaultIsNull=*/false);
            --FieldDepth;
            return R;
          }
  const VarDecl *VD = localVar(E);
  if (!VD || !VD->getType()->isPointerType())
    return {};
  auto Stores = collectStores(VD, Ctx);
  if (!Stores || Stores->empty())
    return {};
  NullEvidence Result{Nullness::Null, SourceLocation()};
  for (const Store &S : *Stores) {
    if (!S.Value || !isNullConstant(S.Value, Ctx))
      return {};
    if (Result.Origin.isInvalid())
      Result.Origin = S.Loc;
  }
  return Result;
}

NullEvidence securityDescriptorNullness(const Expr *Arg, ASTContext &Ctx) {
  if (!Arg)
    return {};
  const Expr *E = Arg->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() != UO_AddrOf)
      return {};
    const VarDecl *SA = localVar(UO->getSubExpr());
    if (!SA || !isSecurityAttributesRecord(SA->getType()))
      return {};
    return descriptorOfRecordVar(SA, Ctx);
  }
  // A local pointer that always holds &sa of the same record.
  const VarDecl *Ptr = localVar(E);
  if (!Ptr || !Ptr->getType()->isPointerType())
    return {};
  auto Stores = collectStores(Ptr, Ctx);
  if (!Stores || Stores->empty())
    return {};
  const VarDecl *Target = nullptr;
  for (const Store &S : *Stores) {
    const auto *AddrOf =
        S.Value ? dyn_cast<UnaryOperator>(S.Value->IgnoreParenCasts())
                : nullptr;
    if (!AddrOf || AddrOf->getOpcode() != UO_AddrOf)
      return {};
    const VarDecl *This = localVar(AddrOf->getSubExpr());
    if (!This || (Target && Target != This))
      return {};
    Target = This;
  }
  if (!Target || !isSecurityAttributesRecord(Target->getType()))
    return {};
  return descriptorOfRecordVar(Target, Ctx);
}

std::optional<uint64_t> constantValue(const Expr *E, ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (E->EvaluateAsInt(R, Ctx))
    return R.Val.getInt().getZExtValue();
  const VarDecl *VD = localVar(E);
  if (!VD || !VD->getType()->isIntegerType())
    return std::nullopt;
  auto Stores = collectStores(VD, Ctx);
  if (!Stores || Stores->empty())
    return std::nullopt;
  std::optional<uint64_t> Value;
  for (const Store &S : *Stores) {
    Expr::EvalResult SR;
    if (!S.Value || !S.Value->EvaluateAsInt(SR, Ctx))
      return std::nullopt;
    uint64_t V = SR.Val.getInt().getZExtValue();
    if (Value && *Value != V)
      return std::nullopt;
    Value = V;
  }
  return Value;
}

const VarDecl *localVar(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  if (!Ref)
    return nullptr;
  const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
  if (!VD || !VD->isLocalVarDecl() || VD->getType().isVolatileQualified())
    return nullptr;
  return VD;
}

bool isZeroFillCallee(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef N = FD->getName();
  return N == "memset" || N == "__builtin_memset" || N == "wmemset" ||
         N == "RtlZeroMemory" || N == "RtlSecureZeroMemory" ||
         N == "SecureZeroMemory" || N == "ZeroMemory" || N == "bzero" ||
         N == "explicit_bzero";
}

} // namespace clang::tidy::pipelint::utils
