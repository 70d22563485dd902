//===--- StatusTests.cpp - how a status result is tested ------------------===//
#include "utils/StatusTests.h"
#include "utils/StatusBranches.h"
#include "utils/Win32Api.h"
#include "utils/Win32Handles.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringMap.h"
#include <functional>

namespace clang::tidy::pipelint::utils {
namespace {

using status::BranchReading;
using status::Climb;
using status::climb;
using status::successBranchExits;
using status::successFromBranches;

const StatusFunction Functions[] = {
    {"ImpersonateNamedPipeClient", StatusFamily::Bool, false},
    {"ImpersonateLoggedOnUser", StatusFamily::Bool, false},
    {"ImpersonateSelf", StatusFamily::Bool, false},
    {"ImpersonateAnonymousToken", StatusFamily::Bool, false},
    {"ImpersonateDdeClientWindow", StatusFamily::Bool, false},
    {"SetThreadToken", StatusFamily::Bool, false},
    {"RevertToSelf", StatusFamily::Bool, true},
    {"RpcImpersonateClient", StatusFamily::RpcStatus, false},
    {"RpcImpersonateClient2", StatusFamily::RpcStatus, false},
    {"RpcImpersonateClientContainer", StatusFamily::RpcStatus, false},
    {"RpcRevertToSelf", StatusFamily::RpcStatus, true},
    {"RpcRevertToSelfEx", StatusFamily::RpcStatus, true},
    {"RpcRevertContainerImpersonation", StatusFamily::RpcStatus, true},
    {"CoImpersonateClient", StatusFamily::HResult, false},
    {"CoRevertToSelf", StatusFamily::HResult, true},
};

const int64_t BoolFailures[] = {0};
const int64_t BoolSuccesses[] = {1, 2, -1};
// RPC_S_INVALID_BINDING, RPC_S_NO_CALL_ACTIVE.
const int64_t RpcFailures[] = {1702, 1725};
// E_FAIL, E_ACCESSDENIED as 32-bit signed values.
const int64_t HResultFailures[] = {-2147467259, -2147024891};
const int64_t ZeroSuccess[] = {0};

/// The token spelled at the expansion of \p Loc (the macro name the user
/// wrote, or the literal).
llvm::StringRef spelledToken(SourceLocation Loc, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation L = SM.getExpansionLoc(Loc);
  return Lexer::getSourceText(CharSourceRange::getTokenRange(L), SM,
                              Ctx.getLangOpts());
}

/// +1: a success name; -1: a failure name; 0: neither.
int nameSide(llvm::StringRef N) {
  if (N == "TRUE" || N == "S_OK" || N == "RPC_S_OK" || N == "ERROR_SUCCESS" ||
      N == "NO_ERROR" || N == "NOERROR" || N == "STATUS_SUCCESS")
    return 1;
  if (N == "FALSE" || N.starts_with("E_") || N.starts_with("RPC_S_") ||
      N.starts_with("ERROR_") || N.starts_with("RPC_E_") ||
      N.starts_with("CO_E_"))
    return -1;
  return 0;
}

/// The predicate a test computes on the status value.
struct Predicate {
  enum Kind { Compare, Truth, Not } K = Truth;
  BinaryOperatorKind Op = BO_EQ;
  llvm::APSInt Constant;
  bool ConstantOnLeft = false;

  bool eval(int64_t V) const {
    if (K == Truth)
      return V != 0;
    if (K == Not)
      return V == 0;
    llvm::APSInt X(llvm::APInt(Constant.getBitWidth(), static_cast<uint64_t>(V),
                               /*isSigned=*/true),
                   Constant.isUnsigned());
    const llvm::APSInt &L = ConstantOnLeft ? Constant : X;
    const llvm::APSInt &R = ConstantOnLeft ? X : Constant;
    switch (Op) {
    case BO_EQ:
      return L == R;
    case BO_NE:
      return L != R;
    case BO_LT:
      return L < R;
    case BO_LE:
      return L <= R;
    case BO_GT:
      return L > R;
    case BO_GE:
      return L >= R;
    default:
      return false;
    }
  }
};

bool isComparison(BinaryOperatorKind Op) {
  return Op == BO_EQ || Op == BO_NE || Op == BO_LT || Op == BO_LE ||
         Op == BO_GT || Op == BO_GE;
}

std::string replacementText(StatusFamily F, llvm::StringRef X, bool Success) {
  switch (F) {
  case StatusFamily::Bool:
    return (X + (Success ? " != FALSE" : " == FALSE")).str();
  case StatusFamily::RpcStatus:
    return (X + (Success ? " == RPC_S_OK" : " != RPC_S_OK")).str();
  case StatusFamily::HResult:
    return ((Success ? "SUCCEEDED(" : "FAILED(") + X + ")").str();
  }
  return "";
}

/// Evaluates the test (if any) that consumes the status value \p Value.
/// Returns std::nullopt when the value is not tested where it stands.
std::optional<StatusTest> evaluateTest(const Expr *Value, const Climb &C,
                                       StatusFamily F, const VarDecl *StatusVar,
                                       ASTContext &Ctx) {
  Predicate P;
  const Expr *Test = nullptr;
  const Expr *ConstantSide = nullptr;
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(C.Parent)) {
    if (isComparison(BO->getOpcode())) {
      bool Left = BO->getLHS() == C.Child;
      const Expr *Other = Left ? BO->getRHS() : BO->getLHS();
      Expr::EvalResult R;
      if (Other->isValueDependent() || !Other->EvaluateAsInt(R, Ctx))
        return std::nullopt;
      P.K = Predicate::Compare;
      P.Op = BO->getOpcode();
      P.Constant = R.Val.getInt();
      P.ConstantOnLeft = !Left;
      Test = BO;
      ConstantSide = Other;
      // `== SOME_ERROR_CODE` picks one failure out: not a success test.
      if (BO->isEqualityOp() && P.Constant != 0 && P.Constant != 1 &&
          !P.Constant.isAllOnes())
        return std::nullopt;
    } else if (BO->isLogicalOp()) {
      P.K = Predicate::Truth;
      Test = C.Child;
    } else {
      return std::nullopt;
    }
  } else if (const auto *UO = dyn_cast_or_null<UnaryOperator>(C.Parent)) {
    if (UO->getOpcode() != UO_LNot)
      return std::nullopt;
    P.K = Predicate::Not;
    Test = UO;
  } else if (C.Parent && isa<ConditionalOperator>(C.Parent) &&
             cast<ConditionalOperator>(C.Parent)->getCond() == C.Child) {
    P.K = Predicate::Truth;
    Test = C.Child;
  } else if (const auto *If = dyn_cast_or_null<IfStmt>(C.Parent);
             If && If->getCond() == C.Child) {
    P.K = Predicate::Truth;
    Test = C.Child;
  } else if (C.Parent && ((isa<WhileStmt>(C.Parent) &&
                           cast<WhileStmt>(C.Parent)->getCond() == C.Child) ||
                          (isa<DoStmt>(C.Parent) &&
                           cast<DoStmt>(C.Parent)->getCond() == C.Child) ||
                          (isa<ForStmt>(C.Parent) &&
                           cast<ForStmt>(C.Parent)->getCond() == C.Child))) {
    P.K = Predicate::Truth;
    Test = C.Child;
  } else {
    return std::nullopt;
  }

  // Which outcome of the test did the author mean as success?
  std::optional<bool> SuccessWhenTrue;
  if (P.K == Predicate::Compare) {
    if (Test->getBeginLoc().isMacroID()) {
      llvm::StringRef Macro = spelledToken(Test->getBeginLoc(), Ctx);
      if (Macro == "SUCCEEDED")
        SuccessWhenTrue = true;
      else if (Macro == "FAILED")
        SuccessWhenTrue = false;
    }
    if (!SuccessWhenTrue && cast<BinaryOperator>(Test)->isEqualityOp()) {
      int Side = nameSide(spelledToken(ConstantSide->getBeginLoc(), Ctx));
      if (ConstantSide->getBeginLoc().isMacroID() && Side != 0) {
        SuccessWhenTrue = (Side > 0) == (P.Op == BO_EQ);
        // The branch contradicts the name: it ends the program on what the
        // name calls success, so it is the author's failure branch.
        if (*SuccessWhenTrue && successBranchExits(Test, Ctx))
          SuccessWhenTrue = false;
      }
    }
  } else if (F != StatusFamily::Bool) {
    // A truth test of a 0-on-success status: `if (RpcImpersonateClient(b))`
    // is right when the branch handles the failure, wrong when it does the
    // work. Outside an if or ?: we cannot tell, and say nothing.
    BranchReading Reading = successFromBranches(Test, StatusVar, Ctx);
    if (!Reading.InBranch)
      return std::nullopt;
    if (!Reading.SuccessWhenTrue) {
      StatusTest T;
      T.Test = Test;
      T.Value = Value;
      T.Verdict = TestVerdict::Ambiguous;
      return T;
    }
    SuccessWhenTrue = Reading.SuccessWhenTrue;
  }
  if (!SuccessWhenTrue)
    SuccessWhenTrue = P.eval(F == StatusFamily::Bool ? 1 : 0);

  llvm::ArrayRef<int64_t> Failures, Successes;
  switch (F) {
  case StatusFamily::Bool:
    Failures = BoolFailures;
    Successes = BoolSuccesses;
    break;
  case StatusFamily::RpcStatus:
    Failures = RpcFailures;
    Successes = ZeroSuccess;
    break;
  case StatusFamily::HResult:
    Failures = HResultFailures;
    Successes = ZeroSuccess;
    break;
  }
  StatusTest T;
  T.Test = Test;
  T.Value = Value;
  T.Verdict = TestVerdict::Correct;
  for (int64_t V : Successes)
    if (P.eval(V) != *SuccessWhenTrue)
      T.Verdict = TestVerdict::SuccessAsFailure;
  for (int64_t V : Failures)
    if (P.eval(V) == *SuccessWhenTrue)
      T.Verdict = TestVerdict::FailureAsSuccess;
  if (T.Verdict != TestVerdict::Correct) {
    const SourceManager &SM = Ctx.getSourceManager();
    CharSourceRange R = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(Value->getSourceRange()), SM,
        Ctx.getLangOpts());
    if (R.isValid())
      T.Replacement = replacementText(
          F, Lexer::getSourceText(R, SM, Ctx.getLangOpts()), *SuccessWhenTrue);
  }
  return T;
}

bool isTrackableLocal(const VarDecl *VD) {
  return VD->isLocalVarDecl() && !VD->isStaticLocal() &&
         !VD->getType().isVolatileQualified() &&
         !VD->getType()->isReferenceType();
}

/// True when the value that \p C climbed from is thrown away: an expression
/// statement, `(void)...`, the left of a comma, a for-increment.
bool isDiscarded(const Climb &C) {
  if (C.Child->getType()->isVoidType())
    return true;
  if (!C.Parent)
    return false;
  if (const auto *BO = dyn_cast<BinaryOperator>(C.Parent))
    return BO->getOpcode() == BO_Comma && BO->getLHS() == C.Child;
  if (isa<Expr>(C.Parent) || isa<ReturnStmt>(C.Parent))
    return false;
  if (const auto *If = dyn_cast<IfStmt>(C.Parent))
    return If->getCond() != C.Child;
  if (const auto *While = dyn_cast<WhileStmt>(C.Parent))
    return While->getCond() != C.Child;
  if (const auto *Do = dyn_cast<DoStmt>(C.Parent))
    return Do->getCond() != C.Child;
  if (const auto *Switch = dyn_cast<SwitchStmt>(C.Parent))
    return Switch->getCond() != C.Child;
  if (const auto *For = dyn_cast<ForStmt>(C.Parent))
    return For->getCond() != C.Child;
  if (isa<DeclStmt>(C.Parent))
    return false;
  return true; // a statement of a block, a case or a label
}

} // namespace

const StatusFunction *lookupImpersonationFunction(const FunctionDecl *FD) {
  if (!isWin32Declaration(FD) || !FD->getReturnType()->isIntegerType())
    return nullptr;
  for (const StatusFunction &F : Functions)
    if (FD->getName() == F.Name)
      return &F;
  return nullptr;
}

std::vector<llvm::StringRef> impersonationFunctionNames() {
  std::vector<llvm::StringRef> Names;
  for (const StatusFunction &F : Functions)
    Names.push_back(F.Name);
  return Names;
}

llvm::StringRef familyDescription(StatusFamily F) {
  switch (F) {
  case StatusFamily::Bool:
    return "a BOOL: FALSE on failure, any nonzero value on success";
  case StatusFamily::RpcStatus:
    return "an RPC_STATUS: RPC_S_OK (0) on success, an error code on "
           "failure";
  case StatusFamily::HResult:
    return "an HRESULT: S_OK on success, a negative error code on failure";
  }
  return "";
}

StatusUse analyzeStatusUse(const CallExpr *Call, StatusFamily F,
                           ASTContext &Ctx) {
  StatusUse Use;
  Climb C = climb(Call, Ctx);
  const VarDecl *Var = nullptr;
  bool TestedInline = false;
  if (const auto *VD = dyn_cast_or_null<VarDecl>(C.ParentDecl)) {
    if (!isTrackableLocal(VD))
      return Use; // a global or static: someone else reads it
    Var = VD;
  } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(C.Parent);
             BO && BO->getOpcode() == BO_Assign && BO->getRHS() == C.Child) {
    const auto *Ref = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens());
    const auto *Target = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Target || !isTrackableLocal(Target))
      return Use; // stored in a member, a global, through a pointer
    Var = Target;
    Climb AC = climb(BO, Ctx);
    if (!isDiscarded(AC)) {
      // `if ((ok = ImpersonateSelf(...)) == TRUE)`
      TestedInline = true;
      if (std::optional<StatusTest> T = evaluateTest(BO, AC, F, Target, Ctx))
        Use.Tests.push_back(*T);
    }
  } else if (isDiscarded(C)) {
    Use.K = StatusUse::Ignored;
    return Use;
  } else {
    if (std::optional<StatusTest> T = evaluateTest(Call, C, F, nullptr, Ctx))
      Use.Tests.push_back(*T);
    return Use;
  }

  // Through a local variable: every read of it.
  Use.Var = Var;
  const auto *Fn = dyn_cast<FunctionDecl>(Var->getDeclContext());
  if (!Fn || !Fn->getBody())
    return Use;
  unsigned Reads = 0;
  bool Escaped = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S)
      return;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl() == Var) {
      Climb RC = climb(Ref, Ctx);
      if (const auto *BO = dyn_cast_or_null<BinaryOperator>(RC.Parent);
          BO && BO->getOpcode() == BO_Assign && BO->getLHS() == RC.Child)
        return; // a store
      if (const auto *UO = dyn_cast_or_null<UnaryOperator>(RC.Parent);
          UO && UO->getOpcode() == UO_AddrOf) {
        Escaped = true;
        return;
      }
      if (isDiscarded(RC))
        return; // `(void)ok;` reads nothing that matters
      ++Reads;
      if (std::optional<StatusTest> T = evaluateTest(Ref, RC, F, Var, Ctx))
        Use.Tests.push_back(*T);
      return;
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Fn->getBody());
  if (Reads == 0 && !Escaped && !TestedInline)
    Use.K = StatusUse::StoredUnread;
  return Use;
}

} // namespace clang::tidy::pipelint::utils
