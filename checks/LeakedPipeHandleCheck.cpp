//===--- LeakedPipeHandleCheck.cpp - ipc-leaked-pipe-handle ---------------===//
#include "LeakedPipeHandleCheck.h"
#include "utils/HandleFlow.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {
namespace {

/// The process ends when these return: the system closes every handle.
bool isProgramEntry(const FunctionDecl *FD) {
  if (FD->isMain())
    return true;
  if (!FD->getIdentifier())
    return false;
  llvm::StringRef N = FD->getName();
  return N == "wmain" || N == "WinMain" || N == "wWinMain" || N == "_tmain" ||
         N == "_tWinMain";
}

llvm::StringRef noteText(utils::LeakExitKind K) {
  switch (K) {
  case utils::LeakExitKind::Return:
    return "the handle is still open when the function returns here";
  case utils::LeakExitKind::EndOfFunction:
    return "the handle is still open when the function ends here";
  case utils::LeakExitKind::Throw:
    return "the handle is still open when this exception leaves the "
           "function";
  case utils::LeakExitKind::Overwrite:
    return "the variable is overwritten here while the handle is still open";
  case utils::LeakExitKind::Redeclared:
    return "the variable is declared again on the next iteration while the "
           "previous handle is still open";
  case utils::LeakExitKind::Discarded:
    return "the handle is only used here and then lost";
  }
  return "";
}

} // namespace

void LeakedPipeHandleCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("fn"),
      this);
}

void LeakedPipeHandleCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  if (isProgramEntry(FD))
    return;
  const SourceManager &SM = *Result.SourceManager;
  utils::HandleFlowResult Flow = utils::analyzeHandleFlow(FD, *Result.Context);
  if (!Flow.Analysed)
    return;

  // Leaks come sorted by creating call: one finding per call, one note per
  // place where the handle is lost.
  for (size_t I = 0; I < Flow.Leaks.size();) {
    const CallExpr *Origin = Flow.Leaks[I].Origin;
    size_t End = I;
    while (End < Flow.Leaks.size() && Flow.Leaks[End].Origin == Origin)
      ++End;
    const FunctionDecl *Creator = utils::resolveCallee(Origin);
    SourceLocation At = SM.getExpansionLoc(Origin->getBeginLoc());
    bool Discarded = Flow.Leaks[I].Kind == utils::LeakExitKind::Discarded;
    if (Discarded)
      diag(At, "the handle returned by %0 is never stored, so it can never "
               "be closed: each call leaks a handle")
          << Creator;
    else
      diag(At, "the handle returned by %0 is not closed on every path: it "
               "leaks when the function exits without CloseHandle, returning "
               "or storing it")
          << Creator;
    for (size_t J = I; J < End; ++J) {
      SourceLocation Where = SM.getExpansionLoc(Flow.Leaks[J].Where);
      if (Where != At)
        diag(Where, noteText(Flow.Leaks[J].Kind), DiagnosticIDs::Note);
    }
    I = End;
  }
}

} // namespace clang::tidy::pipelint
