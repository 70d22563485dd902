//===--- InvalidHandleCheck.cpp - ipc-invalid-handle-check ----------------===//
#include "InvalidHandleCheck.h"
#include "utils/BranchFacts.h"
#include "utils/FindingLevel.h"
#include "utils/HandleFlow.h"
#include "utils/HandleSentinels.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {
namespace {

/// The file range of \p E, or an invalid range when it is (partly) inside
/// a macro expansion.
CharSourceRange fileRange(const Expr *E, const SourceManager &SM,
                          const LangOptions &LO) {
  return Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM, LO);
}

/// The fix-it that swaps the wrong constant for the right one, when the
/// repair is mechanical: `h == NULL` -> `h == INVALID_HANDLE_VALUE`,
/// `!h` -> `h == INVALID_HANDLE_VALUE`, `h` -> `h != INVALID_HANDLE_VALUE`,
/// `m == INVALID_HANDLE_VALUE` -> `m == NULL`.
std::optional<FixItHint> fixWrongTest(const utils::WrongHandleTest &W,
                                      llvm::StringRef Right,
                                      const SourceManager &SM,
                                      const LangOptions &LO) {
  if (!W.OnlyCreatorValues)
    return std::nullopt;
  if (W.Constant) {
    // Only when the comparison itself is spelled in the file: `NULL` may be
    // a macro, the operator and the variable must not be.
    const auto *BO = dyn_cast<BinaryOperator>(W.Test->IgnoreParenImpCasts());
    if (!BO || BO->getOperatorLoc().isMacroID())
      return std::nullopt;
    CharSourceRange R = SM.getExpansionRange(W.Constant->getSourceRange());
    if (R.isInvalid())
      return std::nullopt;
    return FixItHint::CreateReplacement(R, Right);
  }
  // `h` or `!h` on the variable itself.
  const Expr *E = W.Test->IgnoreParenImpCasts();
  bool Negated = false;
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_LNot) {
    Negated = true;
    E = UO->getSubExpr()->IgnoreParenImpCasts();
  }
  if (!isa<DeclRefExpr>(E))
    return std::nullopt;
  CharSourceRange Whole = fileRange(W.Test, SM, LO);
  CharSourceRange Var = fileRange(E, SM, LO);
  if (Whole.isInvalid() || Var.isInvalid())
    return std::nullopt;
  std::string Name = Lexer::getSourceText(Var, SM, LO).str();
  return FixItHint::CreateReplacement(
      Whole, Name + (Negated ? " == " : " != ") + Right.str());
}

/// True when the result of \p Call decides an `if` or a loop (`if
/// (!ReadFile(h, ...))`, `while (WaitForSingleObject(h, 0) ==
/// WAIT_OBJECT_0)`): the call's own failure on an invalid handle is noticed
/// there.
bool failureDecidesBranch(const CallExpr *Call, ASTContext &Ctx) {
  const Stmt *Child = Call;
  for (;;) {
    auto Parents = Ctx.getParents(*Child);
    if (Parents.empty())
      return false;
    const auto *P = Parents[0].get<Stmt>();
    if (!P)
      return false;
    if (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P) ||
        isa<ExplicitCastExpr>(P) || isa<FullExpr>(P)) {
      Child = P;
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P);
        UO && UO->getOpcode() == UO_LNot) {
      Child = P;
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P);
        BO && (BO->isLogicalOp() || BO->isComparisonOp())) {
      Child = P;
      continue;
    }
    // Control flow only: `ok = ConnectNamedPipe(h, NULL) ? TRUE : ...`
    // picks a value and handles nothing.
    if (!isa<IfStmt>(P) && !isa<WhileStmt>(P) && !isa<DoStmt>(P) &&
        !isa<ForStmt>(P))
      return false;
    return utils::isConditionOf(P, Child).value_or(false);
  }
}

/// The level of a wrong test: error by default (the rule's level), a note
/// (Note), or a warning (Warning holds the reason for the level note).
struct WrongTestLevel {
  bool Note = false;
  std::string Warning;
};

WrongTestLevel wrongTestLevel(const utils::WrongHandleTest &W,
                              const utils::HandleCreator &C,
                              const std::vector<utils::WrongHandleTest> &All,
                              ASTContext &Ctx) {
  WrongTestLevel L;
  // The level follows the first use after the test (in source order): a
  // Win32 call whose own failure decides a branch notices the invalid
  // handle before anything later runs with it.
  bool OnlyClosed = true;
  const Stmt *First = nullptr;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const utils::WrongHandleTest &V : All) {
    if (V.Test != W.Test)
      continue;
    const auto *Call = dyn_cast<CallExpr>(V.Consumer);
    OnlyClosed =
        OnlyClosed && Call && utils::isCloseHandle(utils::resolveCallee(Call));
    if (!First || SM.isBeforeInTranslationUnit(V.Consumer->getBeginLoc(),
                                               First->getBeginLoc()))
      First = V.Consumer;
  }
  const auto *FirstCall = dyn_cast_or_null<CallExpr>(First);
  const FunctionDecl *FirstCallee =
      FirstCall ? utils::resolveCallee(FirstCall) : nullptr;
  bool AllHandled = FirstCallee && !utils::isCloseHandle(FirstCallee) &&
                    utils::isHandleUse(FirstCallee, 0) &&
                    failureDecidesBranch(FirstCall, Ctx);
  if (C.ProcessOrThread) {
    L.Note = true; // not an IPC object: a NULL handle fails the next call
  } else if (C.PipeOrFile) {
    if (OnlyClosed)
      L.Warning = "the handle is only closed afterwards, so the failure is "
                  "taken for success but INVALID_HANDLE_VALUE is not used";
    else if (AllHandled)
      L.Warning = "each use of the handle after the test notices its own "
                  "failure";
  } else {
    // A NULL handle makes the next call fail with ERROR_INVALID_HANDLE.
    if (OnlyClosed)
      L.Note = true;
    else
      L.Warning = "a NULL handle makes every call on it fail with "
                  "ERROR_INVALID_HANDLE";
  }
  return L;
}

} // namespace

void InvalidHandleCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("fn"),
      this);
}

void InvalidHandleCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = *Result.SourceManager;
  utils::HandleFlowResult Flow = utils::analyzeHandleFlow(FD, Ctx);
  if (!Flow.Analysed)
    return;

  // Used without any test: one finding per creating call, at the call.
  // Levels (see the docs page): a pipe, file or mailslot handle is an error,
  // unless every unchecked use is a call whose own failure decides a branch
  // (a note); a NULL-returning object's handle is a note; process and thread
  // handles are not this rule's business.
  llvm::SmallPtrSet<const CallExpr *, 8> Reported;
  for (const utils::UncheckedHandleUse &U : Flow.UncheckedUses) {
    if (!Reported.insert(U.Origin).second)
      continue;
    const utils::HandleCreator *C = nullptr;
    utils::asCreatorCall(U.Origin, &C);
    if (C->ProcessOrThread)
      continue;
    bool AllHandled = true;
    for (const utils::UncheckedHandleUse &V : Flow.UncheckedUses)
      if (V.Origin == U.Origin)
        AllHandled = AllHandled && failureDecidesBranch(V.Use, Ctx);
    bool Note = !C->PipeOrFile || AllHandled;
    const FunctionDecl *Creator = utils::resolveCallee(U.Origin);
    const FunctionDecl *User = utils::resolveCallee(U.Use);
    diag(SM.getExpansionLoc(U.Origin->getBeginLoc()),
         "%0 returns %1 when it fails, and the handle is used without "
         "being checked: the failure goes unnoticed and the code works on "
         "an invalid handle",
         Note ? DiagnosticIDs::Remark : DiagnosticIDs::Warning)
        << Creator << utils::failureValueName(C->Failure);
    diag(SM.getExpansionLoc(U.Use->getBeginLoc()),
         "the unchecked handle is passed to %0 here", DiagnosticIDs::Note)
        << User;
  }

  // Tested against the wrong constant: one finding per test.
  llvm::SmallPtrSet<const Expr *, 8> Tests;
  for (const utils::WrongHandleTest &W : Flow.WrongTests) {
    if (!Tests.insert(W.Test).second)
      continue;
    const utils::HandleCreator *C = nullptr;
    utils::asCreatorCall(W.Origin, &C);
    const FunctionDecl *Creator = utils::resolveCallee(W.Origin);
    llvm::StringRef Right = utils::failureValueName(C->Failure);
    llvm::StringRef Wrong = C->Failure == utils::FailureValue::InvalidHandle
                                ? "NULL"
                                : "INVALID_HANDLE_VALUE";
    WrongTestLevel Level = wrongTestLevel(W, *C, Flow.WrongTests, Ctx);
    SourceLocation At = SM.getExpansionLoc(W.Test->getBeginLoc());
    const auto *Call = dyn_cast<CallExpr>(W.Consumer);
    bool Closed = Call && utils::isCloseHandle(utils::resolveCallee(Call));
    {
      auto D = diag(At,
                    "%0 returns %1 when it fails, never %2: this test lets "
                    "a failed call through and %select{the invalid handle is "
                    "used|the code goes on as if the call had succeeded}3",
                    Level.Note ? DiagnosticIDs::Remark : DiagnosticIDs::Warning)
               << Creator << Right << Wrong << Closed;
      if (std::optional<FixItHint> Fix =
              fixWrongTest(W, Right, SM, getLangOpts()))
        D << *Fix;
    } // the finding is emitted here, before its notes
    SourceLocation Use = SM.getExpansionLoc(W.Consumer->getBeginLoc());
    if (isa<ReturnStmt>(W.Consumer))
      diag(Use, "the handle is returned here as if it were valid",
           DiagnosticIDs::Note);
    else if (Closed)
      diag(Use,
           "the handle is only closed here, but the failure has passed "
           "for success",
           DiagnosticIDs::Note);
    else if (Call && utils::resolveCallee(Call))
      diag(Use, "the handle is passed to %0 here as if it were valid",
           DiagnosticIDs::Note)
          << utils::resolveCallee(Call);
    else
      diag(Use, "the handle is stored here as if it were valid",
           DiagnosticIDs::Note);
    if (!Level.Warning.empty())
      diag(At,
           std::string(::pipelint::levels::WarningNotePrefix) + ": " +
               Level.Warning,
           DiagnosticIDs::Note);
  }
  reportSentinelTests(FD, Ctx, Flow);
}

void InvalidHandleCheck::reportSentinelTests(
    const FunctionDecl *FD, ASTContext &Ctx,
    const utils::HandleFlowResult &Flow) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const utils::SentinelNullTest &T :
       utils::findSentinelNullTests(FD, Ctx)) {
    bool Reported = false;
    for (const utils::WrongHandleTest &W : Flow.WrongTests)
      Reported = Reported || W.Test == T.Test;
    if (Reported)
      continue;
    // Level: closing INVALID_HANDLE_VALUE (the current process's
    // pseudo-handle) does nothing, so a cleanup path is a note; other uses
    // of that value are a warning.
    SourceLocation At = SM.getExpansionLoc(T.Test->getBeginLoc());
    {
      auto D = diag(At,
                    "%0 holds INVALID_HANDLE_VALUE when it has no handle, "
                    "never NULL: this test takes that value for a valid "
                    "handle",
                    T.UsedBeyondClose ? DiagnosticIDs::Warning
                                      : DiagnosticIDs::Remark)
               << T.Var;
      utils::WrongHandleTest W;
      W.Test = T.Test;
      W.Constant = T.Constant;
      W.Var = T.Var;
      W.OnlyCreatorValues = true;
      if (std::optional<FixItHint> Fix =
              fixWrongTest(W, "INVALID_HANDLE_VALUE", SM, getLangOpts()))
        D << *Fix;
    }
    diag(SM.getExpansionLoc(T.Sentinel->getBeginLoc()),
         "%0 is set to INVALID_HANDLE_VALUE here", DiagnosticIDs::Note)
        << T.Var;
    if (T.UsedBeyondClose)
      diag(At,
           std::string(::pipelint::levels::WarningNotePrefix) +
               ": a call on INVALID_HANDLE_VALUE fails, or acts on the "
               "current process",
           DiagnosticIDs::Note);
  }
}

} // namespace clang::tidy::pipelint
