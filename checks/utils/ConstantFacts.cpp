//===--- ConstantFacts.cpp - conditions that are constant in fact ---------===//
#include "utils/ConstantFacts.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::pipelint::utils {
namespace {

constexpr unsigned MaxDepth = 4;

/// Finds a reference to one variable that is anything but a plain read.
class WriteFinder : public RecursiveASTVisitor<WriteFinder> {
public:
  WriteFinder(const VarDecl *V, ASTContext &Ctx) : V(V), Ctx(Ctx) {}

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl() != V)
      return true;
    DynTypedNode Node = DynTypedNode::create(*E);
    for (unsigned Steps = 0; Steps < 16; ++Steps) {
      auto Parents = Ctx.getParents(Node);
      if (Parents.empty())
        break;
      Node = Parents[0];
      if (const auto *P = Node.get<ParenExpr>()) {
        (void)P;
        continue;
      }
      if (const auto *Cast = Node.get<ImplicitCastExpr>();
          Cast && Cast->getCastKind() == CK_LValueToRValue)
        return true; // a read
      if (Node.get<UnaryExprOrTypeTraitExpr>())
        return true; // sizeof, not evaluated
      break;
    }
    Written = true; // stored, incremented, address taken, bound to a ref
    return false;
  }

  const VarDecl *V;
  ASTContext &Ctx;
  bool Written = false;
};

} // namespace

bool ConstantFacts::neverWritten(const VarDecl *V) {
  auto It = Unwritten.find(V);
  if (It != Unwritten.end())
    return It->second;
  WriteFinder Finder(V, Ctx);
  const SourceManager &SM = Ctx.getSourceManager();
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    if (SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      continue;
    Finder.TraverseDecl(D);
    if (Finder.Written)
      break;
  }
  Unwritten[V] = !Finder.Written;
  return !Finder.Written;
}

std::optional<int64_t> ConstantFacts::variable(const VarDecl *V,
                                               unsigned Depth) {
  QualType T = V->getType();
  if (T.isVolatileQualified() || !T->isIntegralOrEnumerationType())
    return std::nullopt;
  const Expr *Init = V->getAnyInitializer();
  if (T.isConstQualified())
    return Init ? value(Init, Depth + 1) : std::nullopt;
  bool OnlyHere = V->isStaticLocal() ||
                  (V->hasGlobalStorage() && !V->isExternallyVisible());
  if (!OnlyHere || !neverWritten(V))
    return std::nullopt;
  if (!Init)
    return 0; // static storage starts zeroed
  return value(Init, Depth + 1);
}

std::optional<int64_t> ConstantFacts::returned(const FunctionDecl *FD,
                                               unsigned Depth) {
  const FunctionDecl *Def = nullptr;
  if (!FD || FD->getNumParams() != 0 || !FD->hasBody(Def) || !Def)
    return std::nullopt;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return std::nullopt;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  if (!Ret || !Ret->getRetValue())
    return std::nullopt;
  return value(Ret->getRetValue(), Depth + 1);
}

std::optional<int64_t> ConstantFacts::value(const Expr *E, unsigned Depth) {
  if (!E || Depth > MaxDepth || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  E = E->IgnoreParenCasts();
  Expr::EvalResult R;
  if (E->EvaluateAsInt(R, Ctx) && R.Val.isInt() &&
      R.Val.getInt().isRepresentableByInt64())
    return R.Val.getInt().getExtValue();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      return variable(V, Depth);
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (Call->getNumArgs() != 0)
      return std::nullopt;
    return returned(Call->getDirectCallee(), Depth);
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    std::optional<int64_t> X = value(UO->getSubExpr(), Depth);
    if (!X)
      return std::nullopt;
    if (UO->getOpcode() == UO_LNot)
      return *X == 0;
    if (UO->getOpcode() == UO_Minus)
      return -*X;
    if (UO->getOpcode() == UO_Plus)
      return *X;
    return std::nullopt;
  }
  const auto *BO = dyn_cast<BinaryOperator>(E);
  if (!BO)
    return std::nullopt;
  std::optional<int64_t> L = value(BO->getLHS(), Depth);
  if (BO->getOpcode() == BO_LAnd && L && !*L)
    return 0;
  if (BO->getOpcode() == BO_LOr && L && *L)
    return 1;
  std::optional<int64_t> Rv = value(BO->getRHS(), Depth);
  if (!L || !Rv)
    return std::nullopt;
  switch (BO->getOpcode()) {
  case BO_LAnd:
  case BO_LOr:
    return *Rv != 0;
  case BO_EQ:
    return *L == *Rv;
  case BO_NE:
    return *L != *Rv;
  case BO_LT:
    return *L < *Rv;
  case BO_GT:
    return *L > *Rv;
  case BO_LE:
    return *L <= *Rv;
  case BO_GE:
    return *L >= *Rv;
  case BO_Add:
    return *L + *Rv;
  case BO_Sub:
    return *L - *Rv;
  default:
    return std::nullopt;
  }
}

bool ConstantFacts::firstTestTrue(const ForStmt *F) {
  const VarDecl *Counter = nullptr;
  std::optional<int64_t> Start;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(F->getInit())) {
    if (DS->isSingleDecl())
      if (const auto *V = dyn_cast<VarDecl>(DS->getSingleDecl());
          V && V->getInit()) {
        Counter = V;
        Start = value(V->getInit());
      }
  } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(
                 dyn_cast_or_null<Expr>(F->getInit())
                     ? cast<Expr>(F->getInit())->IgnoreParens()
                     : nullptr);
             BO && BO->getOpcode() == BO_Assign) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens()))
      Counter = dyn_cast<VarDecl>(Ref->getDecl());
    Start = value(BO->getRHS());
  }
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(
      F->getCond() ? F->getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Counter || !Start || !Cond || !Cond->isComparisonOp())
    return false;
  auto IsCounter = [&](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref && Ref->getDecl() == Counter;
  };
  std::optional<int64_t> L, R;
  if (IsCounter(Cond->getLHS())) {
    L = Start;
    R = value(Cond->getRHS());
  } else if (IsCounter(Cond->getRHS())) {
    L = value(Cond->getLHS());
    R = Start;
  }
  if (!L || !R)
    return false;
  switch (Cond->getOpcode()) {
  case BO_LT:
    return *L < *R;
  case BO_LE:
    return *L <= *R;
  case BO_GT:
    return *L > *R;
  case BO_GE:
    return *L >= *R;
  case BO_NE:
    return *L != *R;
  default:
    return false;
  }
}

} // namespace clang::tidy::pipelint::utils
