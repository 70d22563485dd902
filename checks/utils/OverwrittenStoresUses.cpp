//===--- OverwrittenStoresUses.cpp - uses of store targets ----------------===//
#include "utils/OverwrittenStoresUses.h"
#include "utils/BranchFacts.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::pipelint::utils::detail {

bool UseMap::isAliased(const StoreTarget &T) const {
  if (!T.Var && ThisEscaped)
    return true;
  if (T.Var && AliasedVars.contains(T.Var))
    return true;
  return AliasedFields.contains({T.Var, T.Field});
}

bool UseMap::isMemoryVisible(const StoreTarget &T) const {
  return !T.Var || T.Var->hasGlobalStorage() || isAliased(T);
}

/// A member operator of \p RD named \p Op whose one parameter takes an
/// integer or enumerator (by value or by const reference).
static bool takesFlagValue(const CXXMethodDecl *MD) {
  if (MD->getNumParams() != 1)
    return false;
  QualType P = MD->getParamDecl(0)->getType();
  if (P->isReferenceType()) {
    if (!P.getNonReferenceType().isConstQualified())
      return false;
    P = P.getNonReferenceType();
  }
  return P->isIntegralOrEnumerationType();
}

static bool isFlagAssignment(const CXXMethodDecl *MD) {
  return MD && MD->getOverloadedOperator() == OO_Equal && takesFlagValue(MD);
}

/// Qt's QFlags, or a class of the program's own with `operator|=` and
/// `operator=` that take a flag value: `mask = A; mask = B;` loses A.
static bool isFlagsClass(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (Spec->getName() == "QFlags")
      return true;
  bool OrAssign = false, Assign = false;
  for (const CXXMethodDecl *MD : RD->methods()) {
    if (MD->getOverloadedOperator() == OO_PipeEqual && takesFlagValue(MD))
      OrAssign = true;
    Assign |= isFlagAssignment(MD);
  }
  return OrAssign && Assign;
}

bool isTrackableType(QualType T) {
  if (T.isNull() || T.isVolatileQualified() || T->isReferenceType())
    return false;
  if (T->isIntegralOrEnumerationType())
    return true;
  return isFlagsClass(T->getAsCXXRecordDecl());
}

namespace {

/// Which variables a store or a read can name directly.
bool isTrackableVar(const VarDecl *V) {
  return V && !V->getType()->isReferenceType() &&
         !V->getType().isVolatileQualified() && !isa<DecompositionDecl>(V);
}

enum class Context { Read, Store, Escape };

class Collector {
public:
  explicit Collector(const FunctionDecl *FD) : FD(FD) {}

  UseMap run() {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        visitInitializer(Init);
    visit(FD->getBody());
    return std::move(Map);
  }

private:
  struct Frame {
    const Stmt *S;
    const VarDecl *InitOf; ///< for a DeclStmt: the variable being initialised
  };

  void visitInitializer(const CXXCtorInitializer *Init) {
    const Expr *E = Init->getInit();
    if (!E)
      return;
    const FieldDecl *F = Init->getMember();
    if (F && Init->isWritten() && !isVolatileThis() &&
        !F->getParent()->isUnion()) {
      StoreTarget T{nullptr, F};
      if (isTrackableType(F->getType())) {
        PlainStore S;
        S.Target = T;
        S.Value = E;
        S.Node = E;
        S.Loc = Init->getMemberLocation();
        Map.AtInit[Init] = Use{UseKind::Store, T, addStore(S)};
      }
    }
    InitIsReference = F && F->getType()->isReferenceType();
    visit(E);
    InitIsReference = false;
  }

  bool isVolatileThis() const {
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    return MD && MD->getMethodQualifiers().hasVolatile();
  }

  unsigned addStore(PlainStore S) {
    S.InTryBlock = TryDepth > 0;
    Map.Stores.push_back(S);
    return Map.Stores.size() - 1;
  }

  void visitChildren(const Stmt *S, const VarDecl *InitOf = nullptr) {
    Stack.push_back({S, InitOf});
    for (const Stmt *C : S->children())
      visit(C);
    Stack.pop_back();
  }

  void visit(const Stmt *S) {
    if (!S)
      return;
    // Unevaluated operands read nothing.
    if (isa<UnaryExprOrTypeTraitExpr>(S) || isa<CXXNoexceptExpr>(S))
      return;
    if (const auto *Typeid = dyn_cast<CXXTypeidExpr>(S))
      if (!Typeid->isPotentiallyEvaluated())
        return;
    if (const auto *GS = dyn_cast<GenericSelectionExpr>(S)) {
      Stack.push_back({S, nullptr});
      visit(GS->getResultExpr());
      Stack.pop_back();
      return;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
      return visitLambda(Lambda);
    if (isa<BlockExpr>(S))
      return;
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      Stack.push_back({S, nullptr});
      ++TryDepth;
      visit(Try->getTryBlock());
      --TryDepth;
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        visit(Try->getHandler(I));
      Stack.pop_back();
      return;
    }
    if (const auto *Try = dyn_cast<SEHTryStmt>(S)) {
      Stack.push_back({S, nullptr});
      ++TryDepth;
      visit(Try->getTryBlock());
      --TryDepth;
      visit(Try->getHandler());
      Stack.pop_back();
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      return visitDecl(DS);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      visitVarRef(Ref);
    else if (const auto *ME = dyn_cast<MemberExpr>(S))
      visitMember(ME);
    else if (isa<CXXThisExpr>(S))
      visitThis(cast<CXXThisExpr>(S));
    visitChildren(S);
  }

  void visitDecl(const DeclStmt *DS) {
    for (const Decl *D : DS->decls()) {
      const auto *V = dyn_cast<VarDecl>(D);
      if (!V)
        continue;
      if (V->hasLocalStorage()) {
        auto &Uses = Map.AtDecl[V];
        Uses.push_back(Use{UseKind::Rebirth, StoreTarget{V, nullptr}, 0});
        const Expr *Init = V->getInit();
        if (Init && isTrackableVar(V) && isTrackableType(V->getType())) {
          PlainStore S;
          S.Target = StoreTarget{V, nullptr};
          S.Value = Init;
          S.Node = Init;
          S.Loc = V->getLocation();
          Uses.push_back(Use{UseKind::Store, S.Target, addStore(S)});
        }
      }
      if (const Expr *Init = V->getInit()) {
        Stack.push_back({DS, V});
        visit(Init);
        Stack.pop_back();
      }
    }
  }

  void visitLambda(const LambdaExpr *Lambda) {
    auto &Uses = Map.AtStmt[Lambda];
    for (const LambdaCapture &C : Lambda->captures()) {
      if (C.capturesThis()) {
        Uses.push_back(Use{UseKind::ReadThis, {}, 0});
        continue;
      }
      if (!C.capturesVariable())
        continue;
      const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
      if (!V)
        continue;
      Uses.push_back(Use{UseKind::ReadVar, StoreTarget{V, nullptr}, 0});
      if (C.getCaptureKind() == LCK_ByRef)
        Map.AliasedVars.insert(V);
    }
    // Init-captures ([m = x]) read through their initialisers.
    Stack.push_back({Lambda, nullptr});
    for (const Expr *Init : Lambda->capture_inits())
      if (Init)
        visit(Init);
    Stack.pop_back();
  }

  void visitVarRef(const DeclRefExpr *Ref) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    if (!V || !isTrackableVar(V) || Ref->refersToEnclosingVariableOrCapture())
      return;
    size_t I = Stack.size();
    climb(Ref, I);
    // `v.field`: the member expression is the use.
    if (I > 0)
      if (const auto *ME = dyn_cast<MemberExpr>(Stack[I - 1].S))
        if (ME->getBase()->IgnoreParenImpCasts() == Ref && !ME->isArrow() &&
            isa<FieldDecl>(ME->getMemberDecl()))
          return;
    StoreTarget T{V, nullptr};
    Context C = classify(Ref, T);
    if (C == Context::Escape)
      Map.AliasedVars.insert(V);
    if (C != Context::Store)
      Map.AtStmt[Ref].push_back(Use{UseKind::ReadVar, T, 0});
  }

  /// The target a field access names, if it is one we track.
  std::optional<StoreTarget> fieldTarget(const MemberExpr *ME) const {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    // A union's fields share storage: a store to one is a read of nothing
    // we could follow, so union fields are left alone.
    if (!F || F->getType()->isReferenceType() || F->getParent()->isUnion())
      return std::nullopt;
    const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(Base))
      return StoreTarget{nullptr, F};
    if (ME->isArrow())
      return std::nullopt;
    const auto *Ref = dyn_cast<DeclRefExpr>(Base);
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!V || !isTrackableVar(V) || Ref->refersToEnclosingVariableOrCapture())
      return std::nullopt;
    return StoreTarget{V, F};
  }

  void visitMember(const MemberExpr *ME) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F)
      return;
    std::optional<StoreTarget> T = fieldTarget(ME);
    if (!T) {
      // Some other object's field: it may be ours under another name.
      Map.AtStmt[ME].push_back(Use{UseKind::ReadField, {nullptr, F}, 0});
      return;
    }
    Context C = classify(ME, *T);
    if (C == Context::Escape)
      Map.AliasedFields.insert({T->Var, T->Field});
    if (C != Context::Store)
      Map.AtStmt[ME].push_back(Use{UseKind::Read, *T, 0});
  }

  void visitThis(const CXXThisExpr *This) {
    size_t I = Stack.size();
    climb(This, I);
    if (I > 0)
      if (const auto *ME = dyn_cast<MemberExpr>(Stack[I - 1].S))
        if (ME->getBase()->IgnoreParenImpCasts() == This) {
          if (!isa<FieldDecl>(ME->getMemberDecl()))
            Map.AtStmt[This].push_back(Use{UseKind::ReadThis, {}, 0});
          return; // a field access is recorded at the member expression
        }
    Map.AtStmt[This].push_back(Use{UseKind::ReadThis, {}, 0});
    Map.ThisEscaped = true;
  }

  /// Goes up from \p E through parentheses and value-preserving lvalue
  /// casts; \p I ends as the index just past the parent frame.
  const Stmt *climb(const Stmt *E, size_t &I) const {
    const Stmt *Child = E;
    while (I > 0) {
      const Stmt *P = Stack[I - 1].S;
      bool Transparent = isa<ParenExpr>(P);
      if (const auto *IC = dyn_cast<ImplicitCastExpr>(P))
        Transparent = IC->getCastKind() == CK_NoOp ||
                      IC->getCastKind() == CK_DerivedToBase ||
                      IC->getCastKind() == CK_UncheckedDerivedToBase;
      if (!Transparent)
        break;
      Child = P;
      --I;
    }
    return Child;
  }

  /// Whether an argument that is still a glvalue binds to a non-const
  /// reference parameter (it may be written or kept through it).
  static bool bindsMutableReference(QualType Param) {
    return Param->isReferenceType() &&
           !Param.getNonReferenceType().isConstQualified();
  }

  Context callArgument(const Expr *Call, const Stmt *Child) {
    const FunctionDecl *Callee = nullptr;
    unsigned First = 0;
    llvm::ArrayRef<const Expr *> Args;
    llvm::SmallVector<const Expr *, 8> Storage;
    if (const auto *CE = dyn_cast<CallExpr>(Call)) {
      Callee = CE->getDirectCallee();
      for (const Expr *A : CE->arguments())
        Storage.push_back(A);
      if (isa<CXXOperatorCallExpr>(CE) &&
          isa_and_nonnull<CXXMethodDecl>(Callee) &&
          !cast<CXXMethodDecl>(Callee)->isStatic()) {
        if (!Storage.empty() && Storage[0] == Child)
          return Context::Read; // the object of a member operator
        First = 1;
      }
    } else if (const auto *CC = dyn_cast<CXXConstructExpr>(Call)) {
      Callee = CC->getConstructor();
      for (const Expr *A : CC->arguments())
        Storage.push_back(A);
    }
    Args = Storage;
    for (unsigned I = First; I < Args.size(); ++I) {
      if (Args[I] != Child)
        continue;
      if (!cast<Expr>(Child)->isGLValue())
        return Context::Read;
      unsigned P = I - First;
      if (Callee && P < Callee->getNumParams()) {
        QualType Param = Callee->getParamDecl(P)->getType();
        // A constructor may keep even a const reference (a watcher, a
        // rollback guard) and read through it later; copies do not.
        const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee);
        if (Ctor && Param->isReferenceType() &&
            !Ctor->isCopyOrMoveConstructor() && !Ctor->isTrivial() &&
            !Ctor->isConstexpr())
          return Context::Escape;
        return bindsMutableReference(Param) ? Context::Escape : Context::Read;
      }
      return Context::Escape; // unknown callee or variadic: be careful
    }
    return Context::Read;
  }

  /// What the use \p E of target \p T does: a plain store (recorded here),
  /// a read, or an escape of its address.
  Context classify(const Expr *E, const StoreTarget &T) {
    size_t I = Stack.size();
    const Stmt *Child = climb(E, I);
    if (I == 0)
      return InitIsReference ? Context::Escape : Context::Read;
    const Frame &F = Stack[I - 1];
    const Stmt *P = F.S;
    bool Trackable =
        isTrackableType(T.type()) && !(T.Var == nullptr && isVolatileThis());
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->getOpcode() == BO_Assign && BO->getLHS() == Child && Trackable) {
        recordAssignment(BO, T, BO->getRHS(), BO->getOperatorLoc());
        return Context::Store;
      }
      return Context::Read;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
          Op->getArg(0) == Child && MD &&
          (MD->isCopyAssignmentOperator() || MD->isMoveAssignmentOperator() ||
           isFlagAssignment(MD)) &&
          Trackable) {
        recordAssignment(Op, T, Op->getArg(1), Op->getOperatorLoc());
        return Context::Store;
      }
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P))
      return UO->getOpcode() == UO_AddrOf ? Context::Escape : Context::Read;
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(P))
      return IC->getCastKind() == CK_ArrayToPointerDecay ? Context::Escape
                                                         : Context::Read;
    if (isa<DeclStmt>(P))
      return F.InitOf && F.InitOf->getType()->isReferenceType()
                 ? Context::Escape
                 : Context::Read;
    if (isa<CallExpr>(P) || isa<CXXConstructExpr>(P))
      return callArgument(cast<Expr>(P), Child);
    if (isa<ReturnStmt>(P))
      return FD->getReturnType()->isReferenceType() ? Context::Escape
                                                    : Context::Read;
    // An lvalue that flows on as an lvalue (`(c ? a : b) = v`, `{a}` for a
    // reference member, a range-for, asm outputs): assume the worst.
    if (isa<AbstractConditionalOperator>(P) || isa<InitListExpr>(P) ||
        isa<CXXForRangeStmt>(P) || isa<AsmStmt>(P))
      return cast<Expr>(Child)->isGLValue() ? Context::Escape : Context::Read;
    return Context::Read;
  }

  void recordAssignment(const Expr *Node, const StoreTarget &T,
                        const Expr *Value, SourceLocation OpLoc) {
    PlainStore S;
    S.Target = T;
    S.Value = Value;
    S.Node = Node;
    S.Loc = OpLoc;
    S.OperatorLoc = OpLoc;
    S.IsAssignment = true;
    unsigned Index = addStore(S);
    auto &Uses = Map.AtStmt[Node];
    Uses.push_back(Use{UseKind::Store, T, Index});
    // `if ((x = v))`, `f(x = v)`: the stored value is read right away.
    if (isResultUsed(Node))
      Uses.push_back(Use{UseKind::Read, T, 0});
  }

  /// Whether the value of the assignment \p Node (our top of stack is its
  /// parent's frame) is used by the enclosing code.
  bool isResultUsed(const Stmt *Node) const {
    const Stmt *Child = Node;
    size_t Top = Stack.size();
    while (Top > 0 && Stack[Top - 1].S != Node)
      --Top;
    if (Top == 0)
      return true;
    for (size_t I = Top - 1; I > 0; --I) {
      const Stmt *P = Stack[I - 1].S;
      if (isa<ParenExpr>(P) || isa<FullExpr>(P)) {
        Child = P;
        continue;
      }
      if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
        if (BO->getOpcode() != BO_Comma)
          return true;
        if (BO->getLHS() == Child)
          return false;
        Child = P; // the comma's value is the assignment's
        continue;
      }
      if (const auto *Cast = dyn_cast<CastExpr>(P))
        return !Cast->getType()->isVoidType();
      if (isa<Expr>(P))
        return true;
      if (std::optional<bool> IsCond = isConditionOf(P, Child))
        return *IsCond;
      if (isa<CompoundStmt>(P) || isa<LabelStmt>(P) || isa<SwitchCase>(P) ||
          isa<AttributedStmt>(P))
        return false;
      return true;
    }
    return false;
  }

  const FunctionDecl *FD;
  UseMap Map;
  llvm::SmallVector<Frame, 32> Stack;
  unsigned TryDepth = 0;
  bool InitIsReference = false;
};

} // namespace

UseMap collectUses(const FunctionDecl *FD) { return Collector(FD).run(); }

} // namespace clang::tidy::pipelint::utils::detail
