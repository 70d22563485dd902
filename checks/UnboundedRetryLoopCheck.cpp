//===--- UnboundedRetryLoopCheck.cpp - ipc-unbounded-retry-loop -----------===//
#include "UnboundedRetryLoopCheck.h"
#include "utils/RetryLoop.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {

UnboundedRetryLoopCheck::UnboundedRetryLoopCheck(StringRef Name,
                                                 ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      IpcFunctions(Options.get("IpcFunctions", "")),
      Operations(utils::splitNameList(IpcFunctions)) {}

void UnboundedRetryLoopCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "IpcFunctions", IpcFunctions);
}

void UnboundedRetryLoopCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(stmt(anyOf(forStmt(), whileStmt(), doStmt()),
                          unless(isExpansionInSystemHeader()),
                          unless(isInTemplateInstantiation()),
                          forCallable(functionDecl().bind("function")))
                         .bind("loop"),
                     this);
}

void UnboundedRetryLoopCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Loop = Result.Nodes.getNodeAs<Stmt>("loop");
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  ASTContext &Ctx = *Result.Context;
  // Dependent code has no reliable CFG; its instantiations are skipped too,
  // so templates are not analysed (see the docs' limits).
  if (!Function || Function->isDependentContext() ||
      !utils::isInfiniteLoop(Loop, Ctx))
    return;
  utils::RetryLoopVerdict V =
      utils::analyzeRetryLoop(Loop, Function, Ctx, Operations);
  if (V.K != utils::RetryLoopVerdict::Unbounded)
    return;

  const SourceManager &SM = *Result.SourceManager;
  utils::LoopKeyword Keyword = utils::loopKeyword(Loop, SM, getLangOpts());
  const FunctionDecl *Retried = utils::resolveCallee(V.Retried);
  if (!Retried)
    return;
  if (V.ContentionOnly) {
    const FunctionDecl *Wait = utils::resolveCallee(V.TimedWait);
    diag(Keyword.Loc,
         "'%0' loop retries %q1 with no attempt limit or deadline, but every "
         "failed attempt waits in %q2 and a time-out leaves the loop: only "
         "contention (another process winning the race for the free instance "
         "each time) can keep it going",
         DiagnosticIDs::Remark)
        << Keyword.Spelling << Retried << Wait;
  } else {
    diag(Keyword.Loc,
         "'%0' loop retries %q1 with no attempt limit or deadline: a failed "
         "attempt can lead back to the loop head with no way out, so the loop "
         "runs for as long as the peer keeps the call failing")
        << Keyword.Spelling << Retried;
  }
  diag(SM.getExpansionLoc(V.Retried->getExprLoc()), "%q0 is retried here",
       DiagnosticIDs::Note)
      << Retried;
  if (V.ContentionOnly)
    diag(SM.getExpansionLoc(V.TimedWait->getExprLoc()),
         "a time-out of %q0 here leaves the loop", DiagnosticIDs::Note)
        << utils::resolveCallee(V.TimedWait);
}

} // namespace clang::tidy::pipelint
