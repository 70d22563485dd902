//===--- InvalidHandleCheck.cpp - ipc-invalid-handle-check ----------------===//
#include "InvalidHandleCheck.h"
#include "utils/HandleFlow.h"
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
  llvm::SmallPtrSet<const CallExpr *, 8> Reported;
  for (const utils::UncheckedHandleUse &U : Flow.UncheckedUses) {
    if (!Reported.insert(U.Origin).second)
      continue;
    const utils::HandleCreator *C = nullptr;
    utils::asCreatorCall(U.Origin, &C);
    const FunctionDecl *Creator = utils::resolveCallee(U.Origin);
    const FunctionDecl *User = utils::resolveCallee(U.Use);
    diag(SM.getExpansionLoc(U.Origin->getBeginLoc()),
         "%0 returns %1 when it fails, and the handle is used without "
         "being checked: the failure goes unnoticed and the code works on "
         "an invalid handle")
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
    {
      auto D = diag(SM.getExpansionLoc(W.Test->getBeginLoc()),
                    "%0 returns %1 when it fails, never %2: this test lets "
                    "a failed call through and the invalid handle is used")
               << Creator << Right << Wrong;
      if (std::optional<FixItHint> Fix =
              fixWrongTest(W, Right, SM, getLangOpts()))
        D << *Fix;
    } // the finding is emitted here, before its note
    SourceLocation Use = SM.getExpansionLoc(W.Consumer->getBeginLoc());
    if (isa<ReturnStmt>(W.Consumer))
      diag(Use, "the handle is returned here as if it were valid",
           DiagnosticIDs::Note);
    else if (const auto *Call = dyn_cast<CallExpr>(W.Consumer);
             Call && utils::resolveCallee(Call))
      diag(Use, "the handle is passed to %0 here as if it were valid",
           DiagnosticIDs::Note)
          << utils::resolveCallee(Call);
    else
      diag(Use, "the handle is stored here as if it were valid",
           DiagnosticIDs::Note);
  }
}

} // namespace clang::tidy::pipelint
