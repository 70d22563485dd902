//===--- HandleFlow.cpp - the state of Win32 handles along paths ----------===//
#include "utils/HandleFlow.h"
#include "utils/HandleFlowAnalysis.h"

namespace clang::tidy::pipelint::utils {
namespace handleflow {

void mergeInto(FlowState &Into, const FlowState &From) {
  for (const auto &[Var, FromVS] : From) {
    VarState &VS = Into[Var];
    for (const OriginState &O : FromVS) {
      auto It =
          std::lower_bound(VS.begin(), VS.end(), O.Origin,
                           [](const OriginState &A, const CallExpr *B) {
                             return std::less<const CallExpr *>()(A.Origin, B);
                           });
      if (It != VS.end() && It->Origin == O.Origin) {
        It->Bits |= O.Bits;
        It->WrongTests.insert(O.WrongTests.begin(), O.WrongTests.end());
      } else {
        VS.insert(It, O);
      }
    }
  }
}

bool isCastOrParen(const Stmt *S) {
  return isa<ParenExpr>(S) || isa<CastExpr>(S) || isa<FullExpr>(S) ||
         isa<MaterializeTemporaryExpr>(S);
}

bool Analysis::decidesBranch(const Expr *E) const {
  const Stmt *Child = E;
  for (const Stmt *P = PM.getParent(E); P; Child = P, P = PM.getParent(P)) {
    if (isCastOrParen(P))
      continue;
    if (const auto *UO = dyn_cast<UnaryOperator>(P);
        UO && UO->getOpcode() == UO_LNot)
      continue;
    if (const auto *BO = dyn_cast<BinaryOperator>(P);
        BO && (BO->isLogicalOp() || BO->isComparisonOp()))
      continue;
    return isConditionOf(P, Child).value_or(false);
  }
  return false;
}

bool Analysis::isPipeOrFile(const CallExpr *Origin) const {
  const HandleCreator *C = nullptr;
  return Origin && asCreatorCall(Origin, &C) && C->PipeOrFile;
}

std::pair<const Stmt *, const Stmt *> Analysis::climb(const Stmt *S) const {
  const Stmt *Child = S;
  const Stmt *P = PM.getParent(S);
  while (P && isCastOrParen(P)) {
    Child = P;
    P = PM.getParent(P);
  }
  return {P, Child};
}

const Expr *Analysis::branchCondition(const CFGBlock *B) const {
  if (B->succ_size() != 2)
    return nullptr;
  const Stmt *Term = B->getTerminatorStmt();
  if (!Term)
    return nullptr;
  bool Branch = isa<IfStmt>(Term) || isa<WhileStmt>(Term) ||
                isa<ForStmt>(Term) || isa<DoStmt>(Term) ||
                isa<AbstractConditionalOperator>(Term);
  if (const auto *BO = dyn_cast<BinaryOperator>(Term))
    Branch = BO->isLogicalOp();
  return Branch ? B->getLastCondition() : nullptr;
}

void Analysis::leak(const CallExpr *Origin, LeakExitKind Kind,
                    SourceLocation Loc) {
  if (Record && isPipeOrFile(Origin))
    Leaks_.insert({Origin, static_cast<int>(Kind), Loc.getRawEncoding()});
}

void Analysis::setBits(VarState &VS, unsigned From, unsigned To) {
  for (OriginState &O : VS) {
    if (!O.Origin || !(O.Bits & From))
      continue;
    O.Bits = (O.Bits & ~From) | To;
    if (!(O.Bits & WrongValid))
      O.WrongTests.clear();
  }
}

void Analysis::consume(const VarDecl *VD, VarState &VS, const Stmt *Consumer) {
  if (!Record)
    return;
  for (const OriginState &O : VS)
    if (O.Origin && (O.Bits & WrongValid))
      for (const Expr *T : O.WrongTests)
        Wrong_.insert({T, O.Origin, Consumer});
  (void)VD;
}

void Analysis::assignVar(const VarDecl *VD, const Expr *Value, FlowState &St,
                         SourceLocation Loc, LeakExitKind Kind) {
  auto It = St.find(VD);
  if (It != St.end())
    for (const OriginState &O : It->second)
      if (O.Origin && (O.Bits & Owned))
        leak(O.Origin, Kind, Loc);
  if (const auto *Ref =
          Value ? dyn_cast<DeclRefExpr>(Value->IgnoreParenCasts()) : nullptr)
    if (const auto *Source = dyn_cast<VarDecl>(Ref->getDecl());
        Source && Source != VD && Candidates.count(Source)) {
      // The copy takes over: the code goes on with it.
      auto SI = St.find(Source);
      if (SI == St.end()) {
        St[VD] = VarState{OriginState{nullptr, Other, {}}};
        return;
      }
      St[VD] = SI->second;
      setBits(SI->second, Owned, Escaped);
      return;
    }
  OriginState New;
  if (const CallExpr *Call = asCreatorCall(Value)) {
    New.Origin = Call;
    New.Bits = Unchecked;
  } else {
    New.Bits = Other;
  }
  St[VD] = VarState{New};
}

void Analysis::readVar(const DeclRefExpr *Ref, const VarDecl *VD,
                       FlowState &St) {
  if (TestRefs.count(Ref))
    return; // a branch test: refined on the edges
  auto It = St.find(VD);
  if (It == St.end())
    return;
  VarState &VS = It->second;
  auto [P, Child] = climb(Ref);
  if (!P) {
    setBits(VS, Owned | Released, Escaped);
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    const FunctionDecl *Callee = resolveCallee(Call);
    unsigned Index = 0;
    while (Index < Call->getNumArgs() && Call->getArg(Index) != Child)
      ++Index;
    if (Index < Call->getNumArgs() && isCloseHandle(Callee)) {
      // Closing is harmless, but after a wrong test it still shows the
      // failure taken for success: kept apart, see run().
      if (Record)
        for (const OriginState &O : VS)
          if (O.Origin && (O.Bits & WrongValid))
            for (const Expr *T : O.WrongTests)
              WrongClosed_.insert({T, O.Origin, Call});
      setBits(VS, Owned | Escaped, Released);
      return;
    }
    if (Index < Call->getNumArgs() && isRuntimeClose(Callee))
      return; // the handle stays open
    bool Tested = false;
    if (Index < Call->getNumArgs() &&
        onlyBorrowsHandle(Callee, Index, Ctx, &Tested) &&
        !(Tested && decidesBranch(Call))) {
      // A helper of the translation unit that only uses it: the caller
      // still owns the handle. (One that tests it and decides a branch may
      // be the validity check: `if (!usable(h)) return;`, handled below.)
      // After a helper that tests it, the handle counts as checked.
      consume(VD, VS, Call);
      if (Tested)
        setBits(VS, Unchecked | WrongValid, Valid);
      return;
    }
    if (Index < Call->getNumArgs() && isHandleUse(Callee, Index)) {
      if (Record)
        for (const OriginState &O : VS)
          if (O.Origin && (O.Bits & Unchecked))
            Unchecked_.insert({O.Origin, Call});
      consume(VD, VS, Call);
      return;
    }
    // A function of ours that decides a branch may be the real test
    // (`if (!IsUsable(h)) return;`): not a consumption.
    if (!decidesBranch(Call))
      consume(VD, VS, Call);
    setBits(VS, Owned | Released, Escaped);
    return;
  }
  if (isa<ReturnStmt>(P)) {
    consume(VD, VS, P);
    setBits(VS, Owned | Escaped, Released);
    return;
  }
  auto LocalCopy = [](const Expr *Target) {
    const auto *R = dyn_cast<DeclRefExpr>(Target->IgnoreParenCasts());
    const auto *V = R ? dyn_cast<VarDecl>(R->getDecl()) : nullptr;
    return V && V->isLocalVarDecl() && !V->isStaticLocal();
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
    if (BO->getOpcode() == BO_Assign && BO->getRHS() == Child &&
        candidateRef(BO->getLHS()))
      return; // a copy into another tracked local, handled at the store
    if (BO->getOpcode() == BO_Assign && BO->getRHS() == Child) {
      if (LocalCopy(BO->getLHS())) {
        setBits(VS, Owned | Released, Escaped);
      } else {
        // Stored in a global, a member, through a pointer: the function
        // hands the handle over.
        consume(VD, VS, BO);
        setBits(VS, Owned | Escaped, Released);
      }
      return;
    }
    if (BO->getOpcode() == BO_Assign && BO->getLHS() == Child)
      return; // the target of a store, handled at the assignment
  }
  if (const auto *DS = dyn_cast<DeclStmt>(P)) {
    for (const Decl *D : DS->decls())
      if (const auto *Init = dyn_cast<VarDecl>(D);
          Init && Init->getInit() == Child && Candidates.count(Init))
        return; // a copy into another tracked local, handled at the store
    for (const Decl *D : DS->decls())
      if (const auto *Init = dyn_cast<VarDecl>(D))
        if (Init->isStaticLocal()) {
          consume(VD, VS, DS);
          setBits(VS, Owned | Escaped, Released);
          return;
        }
  }
  setBits(VS, Owned | Released, Escaped);
}

void Analysis::directCreator(const CallExpr *Call, const HandleCreator *C) {
  auto [P, Child] = climb(Call);
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P)) {
    if (BO->getOpcode() == BO_Assign && candidateRef(BO->getLHS()))
      return; // tracked through the variable
    if (BO->isEqualityOp()) {
      // `if (CreateFile(...) == INVALID_HANDLE_VALUE)`: tested, then lost.
      if (C->PipeOrFile)
        leak(Call, LeakExitKind::Discarded, Call->getBeginLoc());
      return;
    }
    return;
  }
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(P)) {
    (void)DS;
    return; // a declaration: tracked when the variable is a candidate
  }
  if (const auto *User = dyn_cast_or_null<CallExpr>(P)) {
    const FunctionDecl *Callee = resolveCallee(User);
    for (unsigned I = 0; I < User->getNumArgs(); ++I)
      if (User->getArg(I) == Child && isHandleUse(Callee, I)) {
        if (Record)
          Unchecked_.insert({Call, User});
        if (C->PipeOrFile)
          leak(Call, LeakExitKind::Discarded, User->getBeginLoc());
      }
    return;
  }
  // The value of an expression statement (or of `(void)...`) is dropped.
  if (!P || !isa<Expr>(P)) {
    if (C->PipeOrFile && !isa<ReturnStmt>(P))
      leak(Call, LeakExitKind::Discarded, Call->getBeginLoc());
  }
}

void Analysis::transferStmt(const Stmt *S, FlowState &St) {
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D); VD && Candidates.count(VD))
        assignVar(VD, VD->getInit(), St, VD->getLocation(),
                  LeakExitKind::Redeclared);
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->getOpcode() == BO_Assign)
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
            VD && Candidates.count(VD))
          assignVar(VD, BO->getRHS(), St, BO->getOperatorLoc(),
                    LeakExitKind::Overwrite);
    return;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
        VD && Candidates.count(VD))
      readVar(Ref, VD, St);
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const HandleCreator *C = nullptr;
    if (asCreatorCall(Call, &C) == Call)
      directCreator(Call, C);
  }
}

void Analysis::transfer(const CFGBlock *B, FlowState &St) {
  for (const CFGElement &E : *B)
    if (auto CS = E.getAs<CFGStmt>())
      transferStmt(CS->getStmt(), St);
}

std::optional<FlowState>
Analysis::refine(const FlowState &Out, const CFGBlock *B, unsigned SuccIndex) {
  auto TI = Tests.find(B);
  if (TI == Tests.end() || !TI->second)
    return Out;
  const HandleBranchTest &T = *TI->second;
  auto VI = Out.find(T.Var);
  if (VI == Out.end())
    return Out;
  FlowState Result = Out;
  VarState &VS = Result[T.Var];
  bool Equal = (SuccIndex == 0) == T.TrueMeansEqual;
  bool HadOrigins = false, HasOther = false;
  VarState Kept;
  for (OriginState O : VS) {
    if (!O.Origin) {
      HasOther = true;
      Kept.push_back(O);
      continue;
    }
    HadOrigins = true;
    const HandleCreator *C = nullptr;
    asCreatorCall(O.Origin, &C);
    bool Correct = (C->Failure == FailureValue::InvalidHandle) ==
                   (T.K == HandleConstant::Invalid);
    unsigned Bits = O.Bits & (Released | Escaped);
    if (O.Bits & (Unchecked | WrongValid))
      Bits |= Equal ? Failed : (Correct ? Valid : WrongValid);
    if ((O.Bits & Valid) && !Equal)
      Bits |= Valid;
    if ((O.Bits & Failed) && Equal == Correct)
      Bits |= Failed;
    if (!Bits)
      continue; // this origin cannot take the edge
    if (!Correct && !Equal && (O.Bits & (Unchecked | WrongValid)))
      O.WrongTests.insert(T.Test);
    O.Bits = Bits;
    if (!(O.Bits & WrongValid))
      O.WrongTests.clear();
    Kept.push_back(O);
  }
  if (Record) {
    auto &Info = WrongInfo_[T.Test];
    Info.first = T.Var;
    Info.second = HadOrigins && !HasOther;
  }
  if (HadOrigins && !HasOther && Kept.empty())
    return std::nullopt; // the tests already decided the other way
  VS = std::move(Kept);
  return Result;
}

} // namespace handleflow

namespace {
using handleflow::Analysis;

bool containsCreator(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (asCreatorCall(Call) == Call)
      return true;
  for (const Stmt *C : S->children())
    if (containsCreator(C))
      return true;
  return false;
}

} // namespace

bool callsHandleCreator(const Stmt *Body) { return containsCreator(Body); }

HandleFlowResult analyzeHandleFlow(const FunctionDecl *FD, ASTContext &Ctx) {
  if (!FD || !FD->hasBody() || FD->isDependentContext())
    return {};
  if (!callsHandleCreator(FD->getBody()))
    return {};
  Analysis A(FD, Ctx);
  return A.run();
}

} // namespace clang::tidy::pipelint::utils
