//===--- RetryLoopValues.cpp - who controls a retry loop's branches -------===//
#include "utils/RetryLoopValues.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringSwitch.h"
#include <algorithm>
#include <functional>

namespace clang::tidy::pipelint::utils {
namespace {

const Expr *strip(const Expr *E) {
  const Expr *Prev = nullptr;
  while (E && E != Prev) {
    Prev = E;
    E = E->IgnoreParenCasts()->IgnoreImplicit();
  }
  return E;
}

bool isNonConstLValueRef(QualType T) {
  return T->isLValueReferenceType() && !T->getPointeeType().isConstQualified();
}

/// Collects what a statement writes (WrittenInLoop) or lets escape.
class WriteCollector : public RecursiveASTVisitor<WriteCollector> {
public:
  WriteCollector(llvm::DenseSet<const ValueDecl *> &Written,
                 llvm::DenseSet<const ValueDecl *> &Escaped)
      : Written(Written), Escaped(Escaped) {}

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      write(B->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp())
      write(U->getSubExpr());
    if (U->getOpcode() == UO_AddrOf)
      escape(U->getSubExpr());
    return true;
  }
  bool VisitDeclStmt(DeclStmt *DS) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D)) {
        Written.insert(VD);
        // `T &r = v;` lets v be written through r.
        if (VD->getType()->isReferenceType() && VD->getInit())
          escape(VD->getInit());
      }
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *FD = C->getDirectCallee();
    if (!FD)
      return true;
    unsigned ArgOffset = 0;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
      if (isa<CXXOperatorCallExpr>(C) && MD->isInstance() &&
          C->getNumArgs() > 0) {
        if (!MD->isConst())
          write(C->getArg(0));
        ArgOffset = 1;
      } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
        if (!MD->isConst() && MC->getImplicitObjectArgument())
          write(MC->getImplicitObjectArgument());
      }
    }
    for (unsigned I = ArgOffset; I < C->getNumArgs(); ++I) {
      unsigned P = I - ArgOffset;
      if (P < FD->getNumParams() &&
          isNonConstLValueRef(FD->getParamDecl(P)->getType()))
        escape(C->getArg(I));
    }
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *C) {
    const CXXConstructorDecl *CD = C->getConstructor();
    for (unsigned I = 0; I < C->getNumArgs() && I < CD->getNumParams(); ++I)
      if (isNonConstLValueRef(CD->getParamDecl(I)->getType()))
        escape(C->getArg(I));
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &Cap : L->captures())
      if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByRef)
        if (const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar())) {
          Escaped.insert(VD);
          Written.insert(VD);
        }
    return true;
  }

private:
  void write(const Expr *E) {
    if (const ValueDecl *D = storageKey(E))
      Written.insert(D);
  }
  void escape(const Expr *E) {
    if (const ValueDecl *D = storageKey(E)) {
      Written.insert(D);
      Escaped.insert(D);
    }
  }
  llvm::DenseSet<const ValueDecl *> &Written;
  llvm::DenseSet<const ValueDecl *> &Escaped;
};

bool typedefNamedAnyOf(QualType T,
                       std::initializer_list<llvm::StringRef> Names) {
  while (const auto *TT = T->getAs<TypedefType>()) {
    for (llvm::StringRef N : Names)
      if (TT->getDecl()->getName() == N)
        return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

bool inNamespaceNamed(const Decl *D, llvm::StringRef Name) {
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      if (NS->getIdentifier() && NS->getName() == Name)
        return true;
  return false;
}

bool compareInt(BinaryOperatorKind Op, int64_t A, int64_t B) {
  switch (Op) {
  case BO_EQ:
    return A == B;
  case BO_NE:
    return A != B;
  case BO_LT:
    return A < B;
  case BO_GT:
    return A > B;
  case BO_LE:
    return A <= B;
  case BO_GE:
    return A >= B;
  default:
    return false;
  }
}

BinaryOperatorKind reversed(BinaryOperatorKind Op) {
  switch (Op) {
  case BO_LT:
    return BO_GT;
  case BO_GT:
    return BO_LT;
  case BO_LE:
    return BO_GE;
  case BO_GE:
    return BO_LE;
  default:
    return Op;
  }
}

AbstractValue combine(AbstractValue A, AbstractValue B) {
  if (A.K == AbstractValue::Program || B.K == AbstractValue::Program)
    return AbstractValue::program();
  return AbstractValue::peer();
}

AbstractValue negate(AbstractValue V) {
  if (V.K == AbstractValue::Test)
    V.SuccessWhenTrue = !V.SuccessWhenTrue;
  return V;
}

} // namespace

const ValueDecl *storageKey(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(DRE->getDecl());
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return dyn_cast<FieldDecl>(ME->getMemberDecl());
  return nullptr;
}

const AbstractValue *IterationState::lookup(const ValueDecl *D) const {
  for (const auto &B : Bindings)
    if (B.first == D)
      return &B.second;
  return nullptr;
}

void IterationState::bind(const ValueDecl *D, AbstractValue V) {
  if (!D)
    return;
  auto It = std::lower_bound(
      Bindings.begin(), Bindings.end(), D,
      [](const std::pair<const ValueDecl *, AbstractValue> &P,
         const ValueDecl *K) { return std::less<const void *>()(P.first, K); });
  if (It != Bindings.end() && It->first == D)
    It->second = V;
  else
    Bindings.insert(It, {D, V});
}

std::string IterationState::key() const {
  std::string K;
  for (Outcome O : Outcomes)
    K += static_cast<char>('0' + static_cast<int>(O));
  for (const auto &B : Bindings) {
    K += '|';
    K += std::to_string(reinterpret_cast<uintptr_t>(B.first));
    K += ':';
    K += static_cast<char>('0' + B.second.K);
    K += std::to_string(B.second.Site);
    K += B.second.SuccessWhenTrue ? 't' : 'f';
  }
  return K;
}

LoopFacts LoopFacts::compute(const Stmt *Loop, const Stmt *FunctionBody,
                             const std::vector<IpcSite> &Sites) {
  LoopFacts F;
  llvm::DenseSet<const ValueDecl *> Ignored;
  WriteCollector InLoop(F.WrittenInLoop, Ignored);
  InLoop.TraverseStmt(const_cast<Stmt *>(Loop));
  llvm::DenseSet<const ValueDecl *> AllWrites;
  WriteCollector InFunction(AllWrites, F.Escaped);
  InFunction.TraverseStmt(const_cast<Stmt *>(FunctionBody));
  for (unsigned I = 0; I < Sites.size(); ++I)
    F.SiteIndex[Sites[I].Call] = I;
  return F;
}

bool isExternallyChangingType(QualType T) {
  T = T.getNonReferenceType();
  if (T.isVolatileQualified() || T->isAtomicType())
    return true;
  if (typedefNamedAnyOf(
          T, {"LARGE_INTEGER", "FILETIME", "SYSTEMTIME", "ULARGE_INTEGER"}))
    return true;
  const auto *RD = T->getAsRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  if (inNamespaceNamed(RD, "chrono"))
    return true;
  return llvm::StringSwitch<bool>(RD->getName())
      .Cases("atomic", "atomic_flag", "atomic_ref", true)
      .Cases("QAtomicInt", "QAtomicInteger", "QAtomicPointer", true)
      .Cases("QBasicAtomicInteger", "QBasicAtomicPointer", true)
      .Cases("timespec", "timeval", "QDeadlineTimer", "QElapsedTimer", true)
      .Cases("QTime", "QDateTime", true)
      .Default(false);
}

AbstractValue ValueEvaluator::varValue(const ValueDecl *D,
                                       const IterationState &S) const {
  if (isExternallyChangingType(D->getType()))
    return AbstractValue::program();
  if (const AbstractValue *V = S.lookup(D))
    return *V;
  const auto *VD = dyn_cast<VarDecl>(D);
  // A local or parameter that nothing in the loop changes and that no
  // pointer or reference reaches was fixed before the loop: the loop cannot
  // end because of it, it only selects a configuration.
  if (VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType() &&
      !Facts.WrittenInLoop.count(VD) && !Facts.Escaped.count(VD))
    return AbstractValue::peer();
  // Members read through `this` that the loop does not set (a cancel flag),
  // globals, statics, values left by an earlier iteration.
  return AbstractValue::program();
}

AbstractValue ValueEvaluator::testOf(unsigned Site, BinaryOperatorKind Op,
                                     int64_t C) const {
  // Representative results of a failed and of a successful call.
  static const int64_t MinusOne[] = {-1}, Zero[] = {0}, One[] = {1},
                       Handles[] = {0x100, 0x7ff0}, Counts[] = {0, 3, 1000},
                       Pointers[] = {0x1000};
  llvm::ArrayRef<int64_t> Fail, Success;
  switch (Sites[Site].Op.Convention) {
  case ResultConvention::HandleInvalid:
    Fail = MinusOne;
    Success = Handles;
    break;
  case ResultConvention::NonZeroSuccess:
    Fail = Zero;
    Success = One;
    break;
  case ResultConvention::ZeroSuccess:
    Fail = MinusOne;
    Success = Zero;
    break;
  case ResultConvention::NonNegativeSuccess:
    Fail = MinusOne;
    Success = Counts;
    break;
  case ResultConvention::NullFailure:
    Fail = Zero;
    Success = Pointers;
    break;
  case ResultConvention::Void:
  case ResultConvention::Opaque:
    return AbstractValue::peer();
  }
  auto Uniform = [&](llvm::ArrayRef<int64_t> Reps) -> int {
    int T = compareInt(Op, Reps.front(), C);
    for (int64_t R : Reps)
      if (compareInt(Op, R, C) != static_cast<bool>(T))
        return -1;
    return T;
  };
  int TFail = Uniform(Fail), TSuccess = Uniform(Success);
  if (TFail < 0 || TSuccess < 0 || TFail == TSuccess)
    return AbstractValue::peer(); // the test does not tell them apart
  return {AbstractValue::Test, static_cast<uint8_t>(Site), TSuccess == 1};
}

AbstractValue ValueEvaluator::truth(AbstractValue V) const {
  if (V.K == AbstractValue::Result)
    return testOf(V.Site, BO_NE, 0);
  return V;
}

AbstractValue ValueEvaluator::compare(BinaryOperatorKind Op, const Expr *L,
                                      const Expr *R, const IterationState &S,
                                      unsigned Depth) const {
  auto Constant = [&](const Expr *E) -> std::optional<int64_t> {
    E = strip(E);
    if (!E || E->isValueDependent())
      return std::nullopt;
    if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return 0;
    Expr::EvalResult Res;
    if (!E->EvaluateAsInt(Res, Ctx))
      return std::nullopt;
    const llvm::APSInt &I = Res.Val.getInt();
    if (I.getSignificantBits() > 64)
      return std::nullopt;
    return I.isSigned() ? I.getSExtValue()
                        : static_cast<int64_t>(I.getZExtValue());
  };
  AbstractValue VL = eval(L, S, Depth + 1), VR = eval(R, S, Depth + 1);
  if (VL.K == AbstractValue::Result)
    if (auto C = Constant(R))
      return testOf(VL.Site, Op, *C);
  if (VR.K == AbstractValue::Result)
    if (auto C = Constant(L))
      return testOf(VR.Site, reversed(Op), *C);
  // `ok == false`, `ok != true` on a stored test.
  for (auto [V, Other] : {std::pair{VL, R}, std::pair{VR, L}})
    if (V.K == AbstractValue::Test && (Op == BO_EQ || Op == BO_NE))
      if (auto C = Constant(Other)) {
        if (*C != 0 && *C != 1)
          return AbstractValue::peer();
        return (*C == 1) == (Op == BO_EQ) ? V : negate(V);
      }
  return combine(VL, VR);
}

AbstractValue ValueEvaluator::eval(const Expr *E, const IterationState &S,
                                   unsigned Depth) const {
  E = strip(E);
  if (!E || Depth > 24 || E->isValueDependent() || E->isTypeDependent())
    return AbstractValue::program();
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    auto It = Facts.SiteIndex.find(C);
    if (It != Facts.SiteIndex.end())
      return {AbstractValue::Result, static_cast<uint8_t>(It->second), false};
    if (isErrorCodeRead(C))
      return AbstractValue::peer();
    const FunctionDecl *FD = C->getDirectCallee();
    if (FD && FD->getBuiltinID() == Builtin::BI__builtin_expect &&
        C->getNumArgs() > 0)
      return eval(C->getArg(0), S, Depth + 1);
    if (isa<CXXOperatorCallExpr>(C)) {
      AbstractValue V = AbstractValue::peer();
      for (const Expr *A : C->arguments())
        V = combine(V, eval(A, S, Depth + 1));
      return V;
    }
    return AbstractValue::program(); // clocks, flags, anything unknown
  }
  if (E->isEvaluatable(Ctx))
    return AbstractValue::peer();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (isa<EnumConstantDecl>(DRE->getDecl()))
      return AbstractValue::peer();
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return varValue(VD, S);
    return AbstractValue::program();
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const ValueDecl *Key = storageKey(ME))
      return varValue(Key, S);
    return AbstractValue::program();
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    switch (U->getOpcode()) {
    case UO_LNot:
      return negate(truth(eval(U->getSubExpr(), S, Depth + 1)));
    case UO_Deref: // *__errno_location()
    case UO_Minus:
    case UO_Plus:
    case UO_Not:
    case UO_Extension:
    case UO_Real:
    case UO_Imag:
      return combine(eval(U->getSubExpr(), S, Depth + 1),
                     AbstractValue::peer());
    default:
      return AbstractValue::program();
    }
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    switch (B->getOpcode()) {
    case BO_Assign:
    case BO_Comma:
      return eval(B->getRHS(), S, Depth + 1);
    case BO_EQ:
    case BO_NE:
    case BO_LT:
    case BO_GT:
    case BO_LE:
    case BO_GE:
      return compare(B->getOpcode(), B->getLHS(), B->getRHS(), S, Depth);
    default:
      if (B->isCompoundAssignmentOp())
        return AbstractValue::program();
      return combine(eval(B->getLHS(), S, Depth + 1),
                     eval(B->getRHS(), S, Depth + 1));
    }
  }
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E))
    return combine(eval(CO->getCond(), S, Depth + 1),
                   combine(eval(CO->getTrueExpr(), S, Depth + 1),
                           eval(CO->getFalseExpr(), S, Depth + 1)));
  if (isa<UnaryExprOrTypeTraitExpr, StringLiteral, CXXNullPtrLiteralExpr,
          GNUNullExpr>(E))
    return AbstractValue::peer();
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    AbstractValue V = AbstractValue::peer();
    for (const Expr *A : CE->arguments())
      V = combine(V, eval(A, S, Depth + 1));
    return V;
  }
  return AbstractValue::program();
}

bool ValueEvaluator::callNeverReturns(const FunctionDecl *FD) const {
  auto [It, New] = NeverReturns.try_emplace(FD, false);
  if (New)
    It->second = neverReturns(FD);
  return It->second;
}

bool ValueEvaluator::apply(const Stmt *St, IterationState &State,
                           const llvm::SmallVectorImpl<Outcome> &Forced) const {
  if (const auto *C = dyn_cast<CallExpr>(St)) {
    auto It = Facts.SiteIndex.find(C);
    if (It != Facts.SiteIndex.end()) {
      Outcome F = Forced[It->second];
      State.Outcomes[It->second] =
          F == Outcome::NotCalled ? Outcome::Unknown : F;
    }
    const FunctionDecl *FD = C->getDirectCallee();
    // Calls declared noreturn already end their CFG block.
    if (FD && !FD->isNoReturn() && callNeverReturns(FD))
      return false;
    if (FD) {
      unsigned Offset = 0;
      if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
        if (isa<CXXOperatorCallExpr>(C) && MD->isInstance() &&
            C->getNumArgs() > 0) {
          if (!MD->isConst())
            State.bind(storageKey(C->getArg(0)), AbstractValue::program());
          Offset = 1;
        } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
          if (!MD->isConst())
            State.bind(storageKey(MC->getImplicitObjectArgument()),
                       AbstractValue::program());
        }
      }
      for (unsigned I = Offset; I < C->getNumArgs(); ++I)
        if (I - Offset < FD->getNumParams() &&
            isNonConstLValueRef(FD->getParamDecl(I - Offset)->getType()))
          State.bind(storageKey(C->getArg(I)), AbstractValue::program());
    }
    return true;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(St)) {
    if (B->getOpcode() == BO_Assign)
      State.bind(storageKey(B->getLHS()), eval(B->getRHS(), State));
    else if (B->isCompoundAssignmentOp())
      State.bind(storageKey(B->getLHS()), AbstractValue::program());
    return true;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(St)) {
    if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
      State.bind(storageKey(U->getSubExpr()), AbstractValue::program());
    return true;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        State.bind(VD, VD->getInit() && !VD->getType()->isReferenceType()
                           ? eval(VD->getInit(), State)
                           : AbstractValue::program());
    return true;
  }
  return true;
}

} // namespace clang::tidy::pipelint::utils
