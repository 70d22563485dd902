//===--- PosixModes.cpp - values of POSIX mode and flag arguments ---------===//
#include "utils/PosixModes.h"
#include "utils/ValueTracking.h"

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include <algorithm>
#include <functional>

namespace clang::tidy::pipelint::utils {
namespace {

using Values = llvm::SmallVector<uint64_t, 4>;
constexpr size_t MaxValues = 16;
constexpr unsigned MaxDepth = 6;

void normalise(Values &V) {
  std::sort(V.begin(), V.end());
  V.erase(std::unique(V.begin(), V.end()), V.end());
}

class Evaluator {
public:
  Evaluator(ASTContext &Ctx, bool QtFlags) : Ctx(Ctx), QtFlags(QtFlags) {}

  std::optional<Values> eval(const Expr *E, unsigned Depth) {
    if (!E || Depth > MaxDepth || E->isValueDependent() || E->isTypeDependent())
      return std::nullopt;
    if (!QtFlags || E->getType()->isIntegralOrEnumerationType()) {
      Expr::EvalResult R;
      if (E->EvaluateAsInt(R, Ctx))
        return Values{R.Val.getInt().getZExtValue()};
    }
    E = strip(E);
    if (const auto *CO = dyn_cast<ConditionalOperator>(E))
      return join(eval(CO->getTrueExpr(), Depth + 1),
                  eval(CO->getFalseExpr(), Depth + 1));
    if (const auto *BO = dyn_cast<BinaryOperator>(E))
      return binary(BO->getOpcode(), eval(BO->getLHS(), Depth + 1),
                    eval(BO->getRHS(), Depth + 1));
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Op->getNumArgs() != 2)
        return std::nullopt;
      BinaryOperatorKind K;
      switch (Op->getOperator()) {
      case OO_Pipe:
        K = BO_Or;
        break;
      case OO_Amp:
        K = BO_And;
        break;
      case OO_Caret:
        K = BO_Xor;
        break;
      default:
        return std::nullopt;
      }
      return binary(K, eval(Op->getArg(0), Depth + 1),
                    eval(Op->getArg(1), Depth + 1));
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() != UO_Not)
        return std::nullopt;
      std::optional<Values> V = eval(UO->getSubExpr(), Depth + 1);
      if (!V)
        return std::nullopt;
      unsigned Width = Ctx.getIntWidth(UO->getType());
      uint64_t Mask = Width >= 64 ? ~0ULL : ((1ULL << Width) - 1);
      for (uint64_t &X : *V)
        X = ~X & Mask;
      normalise(*V);
      return V;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() == 1)
        return eval(Construct->getArg(0), Depth + 1);
      return std::nullopt;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      if (const auto *EC = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
        return Values{EC->getInitVal().getZExtValue()};
    if (isa<DeclRefExpr>(E))
      if (const VarDecl *VD = localVar(E))
        return variable(VD, Depth);
    return std::nullopt;
  }

private:
  ASTContext &Ctx;
  bool QtFlags;

  static const Expr *strip(const Expr *E) {
    for (;;) {
      const Expr *Next = E->IgnoreParenCasts();
      if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Next))
        Next = M->getSubExpr();
      else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Next))
        Next = B->getSubExpr();
      else if (const auto *F = dyn_cast<FullExpr>(Next))
        Next = F->getSubExpr();
      if (Next == E)
        return E;
      E = Next;
    }
  }

  std::optional<Values> join(std::optional<Values> A, std::optional<Values> B) {
    if (!A || !B)
      return std::nullopt;
    A->append(B->begin(), B->end());
    normalise(*A);
    if (A->size() > MaxValues)
      return std::nullopt;
    return A;
  }

  std::optional<Values> binary(BinaryOperatorKind K, std::optional<Values> A,
                               std::optional<Values> B) {
    if (!A || !B || A->size() * B->size() > MaxValues)
      return std::nullopt;
    Values Out;
    for (uint64_t X : *A)
      for (uint64_t Y : *B) {
        switch (K) {
        case BO_Or:
          Out.push_back(X | Y);
          break;
        case BO_And:
          Out.push_back(X & Y);
          break;
        case BO_Xor:
          Out.push_back(X ^ Y);
          break;
        case BO_Add:
          Out.push_back(X + Y);
          break;
        default:
          return std::nullopt;
        }
      }
    normalise(Out);
    return Out;
  }

  /// A Qt flags variable changed through its own operators (`opts |= X`,
  /// `opts = X` on a class type) has stores collectStores does not see.
  static bool changedThroughMembers(const VarDecl *VD) {
    const auto *Fn =
        dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
    if (!Fn || !Fn->getBody())
      return true;
    bool Changed = false;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S || Changed)
        return;
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
        if (Op->isAssignmentOp() && Op->getNumArgs() > 0)
          if (const auto *Ref =
                  dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts());
              Ref && Ref->getDecl() == VD)
            Changed = true;
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S))
        if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
                Member->getImplicitObjectArgument()
                    ? Member->getImplicitObjectArgument()->IgnoreParenImpCasts()
                    : nullptr);
            Ref && Ref->getDecl() == VD)
          if (const CXXMethodDecl *MD = Member->getMethodDecl();
              !MD || !MD->isConst())
            Changed = true;
      for (const Stmt *C : S->children())
        Walk(C);
    };
    Walk(Fn->getBody());
    return Changed;
  }

  std::optional<Values> variable(const VarDecl *VD, unsigned Depth) {
    if (VD->getType()->isRecordType() && changedThroughMembers(VD))
      return std::nullopt;
    auto Stores = collectStores(VD, Ctx);
    if (!Stores || Stores->empty())
      return std::nullopt;
    Values All;
    for (const Store &S : *Stores) {
      if (S.Field)
        return std::nullopt;
      std::optional<Values> V =
          S.ZeroFill || !S.Value ? Values{0} : eval(S.Value, Depth + 1);
      if (!V)
        return std::nullopt;
      All.append(V->begin(), V->end());
    }
    normalise(All);
    if (All.size() > MaxValues)
      return std::nullopt;
    return All;
  }
};

} // namespace

std::optional<llvm::SmallVector<uint64_t, 4>> possibleValues(const Expr *E,
                                                             ASTContext &Ctx) {
  return Evaluator(Ctx, /*QtFlags=*/false).eval(E, 0);
}

std::optional<llvm::SmallVector<uint64_t, 4>>
possibleFlagValues(const Expr *E, ASTContext &Ctx) {
  return Evaluator(Ctx, /*QtFlags=*/true).eval(E, 0);
}

std::string octalMode(uint64_t Mode) {
  std::string S;
  do {
    S.insert(S.begin(), static_cast<char>('0' + (Mode & 7)));
    Mode >>= 3;
  } while (Mode);
  while (S.size() < 3)
    S.insert(S.begin(), '0');
  return "0" + S;
}

} // namespace clang::tidy::pipelint::utils
