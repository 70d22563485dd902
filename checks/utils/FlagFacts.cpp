//===--- FlagFacts.cpp - which bits a flags argument can hold -------------===//
#include "utils/FlagFacts.h"

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::pipelint::utils {
namespace {

constexpr unsigned MaxDepth = 8;
constexpr uint64_t AllBits = ~uint64_t(0);

FlagFacts unknown() { return FlagFacts(); }

FlagFacts exact(uint64_t V, const Expr *Source) {
  FlagFacts F;
  F.Known = true;
  F.May = F.Must = V;
  F.Sources.push_back(Source);
  return F;
}

void appendSources(FlagFacts &To, const FlagFacts &From) {
  To.Sources.append(From.Sources.begin(), From.Sources.end());
}

/// One store into an integer variable.
struct FlagStore {
  BinaryOperatorKind Op; ///< BO_Assign, BO_OrAssign, BO_AndAssign, ...
  const Expr *Value;
};

const DeclRefExpr *refTo(const Expr *E, const VarDecl *Var) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return Ref && Ref->getDecl() == Var ? Ref : nullptr;
}

/// Collects the stores into one local integer variable.
class FlagStoreCollector : public VarReferenceWalker<FlagStoreCollector> {
public:
  using VarReferenceWalker::VarReferenceWalker;

  llvm::SmallVector<FlagStore, 4> Stores;

private:
  friend class VarReferenceWalker<FlagStoreCollector>;
  void classify(const DeclRefExpr *Ref) {
    const Stmt *Child = Ref;
    const Stmt *P = nullptr;
    for (size_t I = Stack.size(); I > 0;) {
      P = Stack[--I];
      if (!isa<ParenExpr>(P))
        break;
      Child = P;
    }
    if (!P)
      return;
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P))
      if (Cast->getCastKind() == CK_LValueToRValue)
        return; // a read
    if (isa<UnaryExprOrTypeTraitExpr>(P))
      return; // sizeof
    const auto *BO = dyn_cast<BinaryOperator>(P);
    if (!BO || BO->getLHS() != Child) {
      Unknown = true; // address taken, ++, bound to a reference, ...
      return;
    }
    switch (BO->getOpcode()) {
    case BO_Assign:
      storeAssign(BO->getRHS());
      return;
    case BO_OrAssign:
    case BO_AndAssign:
    case BO_XorAssign:
      Stores.push_back({BO->getOpcode(), BO->getRHS()});
      return;
    default:
      Unknown = true;
    }
  }

  /// `v = X`, and the C spellings of compound stores `v = v | X`.
  void storeAssign(const Expr *RHS) {
    if (const auto *Op = dyn_cast<BinaryOperator>(RHS->IgnoreParenImpCasts())) {
      BinaryOperatorKind Compound = BO_Assign;
      if (Op->getOpcode() == BO_Or)
        Compound = BO_OrAssign;
      else if (Op->getOpcode() == BO_And)
        Compound = BO_AndAssign;
      else if (Op->getOpcode() == BO_Xor)
        Compound = BO_XorAssign;
      if (Compound != BO_Assign) {
        if (refTo(Op->getLHS(), Var)) {
          Stores.push_back({Compound, Op->getRHS()});
          return;
        }
        if (refTo(Op->getRHS(), Var)) {
          Stores.push_back({Compound, Op->getLHS()});
          return;
        }
      }
    }
    Stores.push_back({BO_Assign, RHS});
  }
};

class FlagEvaluator {
public:
  explicit FlagEvaluator(ASTContext &Ctx) : Ctx(Ctx) {}

  FlagFacts eval(const Expr *E, unsigned Depth) {
    if (!E || Depth > MaxDepth || E->isValueDependent() || E->isTypeDependent())
      return unknown();
    Expr::EvalResult R;
    const Expr *S = E->IgnoreParens();
    if (E->EvaluateAsInt(R, Ctx)) {
      FlagFacts F = exact(R.Val.getInt().extOrTrunc(64).getZExtValue(), E);
      // A C++ constant variable: its initialiser spells the flags.
      if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
          if (const Expr *Init = VD->getAnyInitializer())
            F.Sources.push_back(Init);
      return F;
    }
    if (const auto *Cast = dyn_cast<CastExpr>(S))
      return evalCast(Cast, Depth);
    if (const auto *Cond = dyn_cast<ConditionalOperator>(S)) {
      FlagFacts T = eval(Cond->getTrueExpr(), Depth + 1);
      FlagFacts F = eval(Cond->getFalseExpr(), Depth + 1);
      if (!T.Known || !F.Known)
        return unknown();
      FlagFacts Out;
      Out.Known = true;
      Out.May = T.May | F.May;
      Out.Must = T.Must & F.Must;
      appendSources(Out, T);
      appendSources(Out, F);
      return Out;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->getOpcode() != BO_Or && BO->getOpcode() != BO_And)
        return unknown();
      FlagFacts L = eval(BO->getLHS(), Depth + 1);
      FlagFacts Rt = eval(BO->getRHS(), Depth + 1);
      if (!L.Known || !Rt.Known)
        return unknown();
      FlagFacts Out;
      Out.Known = true;
      if (BO->getOpcode() == BO_Or) {
        Out.May = L.May | Rt.May;
        Out.Must = L.Must | Rt.Must;
      } else {
        Out.May = L.May & Rt.May;
        Out.Must = L.Must & Rt.Must;
      }
      appendSources(Out, L);
      appendSources(Out, Rt);
      return Out;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
        return evalVar(VD, Depth + 1);
    return unknown();
  }

private:
  /// Integer conversions keep the bits that fit the destination type;
  /// a conversion to bool keeps "nonzero".
  FlagFacts evalCast(const CastExpr *Cast, unsigned Depth) {
    FlagFacts F = eval(Cast->getSubExpr(), Depth + 1);
    if (!F.Known)
      return F;
    switch (Cast->getCastKind()) {
    case CK_NoOp:
    case CK_LValueToRValue:
      return F;
    case CK_IntegralCast: {
      QualType T = Cast->getType();
      if (!T->isIntegralOrEnumerationType())
        return unknown();
      uint64_t Width = Ctx.getIntWidth(T);
      if (Width < 64) {
        uint64_t Mask = (uint64_t(1) << Width) - 1;
        F.May &= Mask;
        F.Must &= Mask;
      }
      return F;
    }
    case CK_IntegralToBoolean:
      F.May = F.May != 0;
      F.Must = F.Must != 0;
      return F;
    default:
      return unknown();
    }
  }

  FlagFacts evalVar(const VarDecl *VD, unsigned Depth) {
    if (isa<ParmVarDecl>(VD) || VD->getType().isVolatileQualified() ||
        !VD->getType()->isIntegralOrEnumerationType() || Visiting.count(VD))
      return unknown();
    Visiting.insert(VD);
    FlagFacts F = evalVarUnguarded(VD, Depth);
    Visiting.erase(VD);
    return F;
  }

  FlagFacts evalVarUnguarded(const VarDecl *VD, unsigned Depth) {
    if (!VD->isLocalVarDecl() || VD->isStaticLocal()) {
      // A global or static: only a const one with an initialiser.
      const Expr *Init = VD->getAnyInitializer();
      if (!Init || !VD->getType().isConstQualified())
        return unknown();
      return eval(Init, Depth);
    }
    const auto *Fn =
        dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
    if (!Fn || !Fn->getBody())
      return unknown();
    FlagStoreCollector Collector(VD, Ctx);
    if (VD->getInit())
      Collector.Stores.push_back({BO_Assign, VD->getInit()});
    Collector.walk(Fn->getBody());
    if (Collector.Unknown)
      return unknown();

    FlagFacts Out;
    uint64_t Assigned = AllBits, Kept = AllBits, Added = 0, Toggled = 0;
    bool SawAssign = false;
    for (const FlagStore &Store : Collector.Stores) {
      FlagFacts V = eval(Store.Value, Depth);
      if (!V.Known)
        return unknown();
      appendSources(Out, V);
      switch (Store.Op) {
      case BO_Assign:
        SawAssign = true;
        Assigned &= V.Must;
        Added |= V.May;
        break;
      case BO_OrAssign:
        Added |= V.May;
        break;
      case BO_AndAssign:
        Kept &= V.Must;
        break;
      default: // BO_XorAssign
        Added |= V.May;
        Toggled |= V.May;
        break;
      }
    }
    if (!SawAssign)
      return unknown(); // never given a value we can see
    Out.Known = true;
    Out.May = Added;
    Out.Must = Assigned & Kept & ~Toggled;
    return Out;
  }

  ASTContext &Ctx;
  llvm::SmallPtrSet<const VarDecl *, 8> Visiting;
};

class MacroFinder : public RecursiveASTVisitor<MacroFinder> {
public:
  MacroFinder(llvm::StringRef Name, ASTContext &Ctx) : Name(Name), Ctx(Ctx) {}

  bool VisitExpr(Expr *E) {
    const SourceManager &SM = Ctx.getSourceManager();
    for (SourceLocation L : {E->getBeginLoc(), E->getEndLoc()}) {
      while (L.isMacroID()) {
        if (Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts()) == Name) {
          Found = true;
          return false;
        }
        L = SM.getImmediateMacroCallerLoc(L);
      }
    }
    return true;
  }

  bool Found = false;

private:
  llvm::StringRef Name;
  ASTContext &Ctx;
};

bool bindsLooserThanOr(const Expr *E) {
  E = E->IgnoreImpCasts();
  if (isa<AbstractConditionalOperator>(E))
    return true;
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return BO->isLogicalOp() || BO->isAssignmentOp() || BO->isCommaOp();
  return false;
}

} // namespace

const Stmt *deadBranch(const IfStmt *If, ASTContext &Ctx) {
  const Expr *Cond = If->getCond();
  if (!Cond || If->getConditionVariable() || If->getInit() ||
      Cond->isValueDependent() || Cond->isTypeDependent())
    return nullptr;
  bool Value = false;
  if (!Cond->EvaluateAsBooleanCondition(Value, Ctx))
    return nullptr;
  return Value ? If->getElse() : If->getThen();
}

FlagFacts flagFacts(const Expr *E, ASTContext &Ctx) {
  FlagEvaluator Eval(Ctx);
  return Eval.eval(E, 0);
}

bool spellsMacro(llvm::ArrayRef<const Expr *> Sources, llvm::StringRef Name,
                 ASTContext &Ctx) {
  for (const Expr *E : Sources) {
    MacroFinder Finder(Name, Ctx);
    Finder.TraverseStmt(const_cast<Expr *>(E));
    if (Finder.Found)
      return true;
  }
  return false;
}

SourceLocation valueOrigin(const FlagFacts &Facts, const Expr *Arg,
                           const SourceManager &SM) {
  SourceLocation Begin = SM.getExpansionLoc(Arg->getBeginLoc());
  SourceLocation End = SM.getExpansionLoc(Arg->getEndLoc());
  for (const Expr *Source : Facts.Sources) {
    SourceLocation L = SM.getExpansionLoc(Source->getBeginLoc());
    if (L.isInvalid())
      continue;
    bool Inside = !SM.isBeforeInTranslationUnit(L, Begin) &&
                  !SM.isBeforeInTranslationUnit(End, L);
    if (!Inside)
      return L;
  }
  return SourceLocation();
}

std::optional<FixItHint> addFlagsFix(const Expr *Arg, llvm::StringRef Flags,
                                     ASTContext &Ctx) {
  if (!Arg || Arg->isValueDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!Arg->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Arg->getSourceRange()), SM, LO);
  if (Range.isInvalid())
    return std::nullopt;
  const Expr *Spelled = Arg->IgnoreImpCasts();
  if (const auto *Lit = dyn_cast<IntegerLiteral>(Spelled))
    if (Lit->getValue() == 0 && !Lit->getBeginLoc().isMacroID())
      return FixItHint::CreateReplacement(Range, Flags);
  if (bindsLooserThanOr(Arg)) {
    llvm::StringRef Text = Lexer::getSourceText(Range, SM, LO);
    if (Text.empty())
      return std::nullopt;
    return FixItHint::CreateReplacement(Range,
                                        ("(" + Text + ") | " + Flags).str());
  }
  return FixItHint::CreateInsertion(Range.getEnd(), (" | " + Flags).str());
}

} // namespace clang::tidy::pipelint::utils
