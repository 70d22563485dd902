//===--- UncheckedImpersonationCheck.cpp - ipc-unchecked-impersonation ----===//
#include "UncheckedImpersonationCheck.h"
#include "utils/FindingLevel.h"
#include "utils/ImpersonationOrigin.h"
#include "utils/PosixIpc.h"
#include "utils/StatusTests.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {
namespace {

llvm::StringRef consequence(const utils::StatusFunction &F) {
  if (F.Reverts)
    return "the thread goes on impersonating the client";
  if (F.Name == "SetThreadToken")
    return "the thread goes on with its previous token";
  return "the code goes on with the server's own rights";
}

/// The file range to replace for test \p T: inside SUCCEEDED()/FAILED()
/// the whole macro call.
CharSourceRange testRange(const Expr *T, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const Expr *E = T;
  // Widen to the parentheses of a macro body such as ((HRESULT)(hr) >= 0).
  while (E->getBeginLoc().isMacroID()) {
    auto Parents = Ctx.getParents(*E);
    const auto *P = Parents.empty() ? nullptr : Parents[0].get<ParenExpr>();
    if (!P || !P->getBeginLoc().isMacroID())
      break;
    E = P;
  }
  return Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Ctx.getLangOpts());
}

/// The level of an ignored result or of a test that takes a failure for
/// success. See "Levels" on the docs page.
enum class Severity { Error, Warning, Note, Silent };

Severity severityOf(const CallExpr *Call, const utils::StatusFunction &F,
                    ASTContext &Ctx) {
  const FunctionDecl *Fn = utils::enclosingFunctionOf(Call, Ctx);
  if (F.Reverts || utils::isSetThreadTokenRevert(Call, Ctx)) {
    switch (utils::impersonatedToken(Fn, Ctx)) {
    case utils::ImpersonatedToken::OtherUser:
      return Severity::Warning;
    case utils::ImpersonatedToken::OwnOnly:
      return Severity::Silent;
    case utils::ImpersonatedToken::None:
    case utils::ImpersonatedToken::Unknown:
      return Severity::Note;
    }
  }
  if (utils::impersonatesOwnToken(Call, Fn, Ctx))
    return Severity::Note;
  return Severity::Error;
}

} // namespace

void UncheckedImpersonationCheck::registerMatchers(MatchFinder *Finder) {
  // Direct calls and calls through a function pointer; the declaration
  // decides (utils::lookupImpersonationFunction).
  Finder->addMatcher(callExpr(unless(isExpansionInSystemHeader())).bind("call"),
                     this);
}

void UncheckedImpersonationCheck::check(
    const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  const utils::StatusFunction *F =
      utils::lookupImpersonationFunction(utils::resolveCallee(Call));
  if (!F)
    return;
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = *Result.SourceManager;
  const FunctionDecl *FD = utils::resolveCallee(Call);
  SourceLocation CallLoc = SM.getExpansionLoc(Call->getBeginLoc());

  utils::StatusUse Use = utils::analyzeStatusUse(Call, F->Family, Ctx);
  // Ignored results and failures taken for success share a level, which
  // depends on the call and, for a revert, on whose token it drops.
  std::optional<Severity> Level;
  auto LevelOf = [&] {
    if (!Level)
      Level = severityOf(Call, *F, Ctx);
    return *Level;
  };
  auto Report = [&](SourceLocation At, llvm::StringRef Message) {
    return diag(At, Message,
                LevelOf() == Severity::Note ? DiagnosticIDs::Remark
                                            : DiagnosticIDs::Warning);
  };
  auto LevelNote = [&](SourceLocation At) {
    if (LevelOf() == Severity::Warning)
      diag(At,
           std::string(::pipelint::levels::WarningNotePrefix) +
               ": %0 fails only when the system runs short of resources, "
               "which a client cannot bring about at will",
           DiagnosticIDs::Note)
          << FD;
  };
  if (Use.K == utils::StatusUse::Ignored) {
    if (LevelOf() == Severity::Silent)
      return;
    Report(CallLoc, "the result of %0 is ignored: if it fails, %1")
        << FD << consequence(*F);
    LevelNote(CallLoc);
    return;
  }
  if (Use.K == utils::StatusUse::StoredUnread) {
    if (LevelOf() == Severity::Silent)
      return;
    Report(CallLoc, "the result of %0 is stored in %1 but never read: if it "
                    "fails, %2")
        << FD << Use.Var << consequence(*F);
    LevelNote(CallLoc);
    return;
  }
  for (const utils::StatusTest &T : Use.Tests) {
    if (T.Verdict == utils::TestVerdict::Correct ||
        !Reported.insert(T.Test).second)
      continue;
    SourceLocation At = SM.getExpansionLoc(T.Test->getBeginLoc());
    switch (T.Verdict) {
    case utils::TestVerdict::FailureAsSuccess: {
      if (LevelOf() == Severity::Silent)
        break;
      {
        auto D = Report(At, "%0 returns %1; this test takes its failure for "
                            "success, so %2")
                 << FD << utils::familyDescription(F->Family)
                 << consequence(*F);
        CharSourceRange R = testRange(T.Test, Ctx);
        if (!T.Replacement.empty() && R.isValid())
          D << FixItHint::CreateReplacement(R, T.Replacement);
      } // emitted here, before its note
      LevelNote(At);
      break;
    }
    case utils::TestVerdict::SuccessAsFailure: {
      auto D = diag(At,
                    "%0 returns %1; this test takes some successful "
                    "results for failure",
                    DiagnosticIDs::Remark)
               << FD << utils::familyDescription(F->Family);
      CharSourceRange R = testRange(T.Test, Ctx);
      if (!T.Replacement.empty() && R.isValid())
        D << FixItHint::CreateReplacement(R, T.Replacement);
      break;
    }
    case utils::TestVerdict::Ambiguous:
      // In a template pattern a dependent return value hides the guard;
      // the instantiations are checked too.
      if (const FunctionDecl *Fn = utils::enclosingFunctionOf(Call, Ctx);
          Fn && Fn->isDependentContext())
        break;
      diag(At,
           "%0 returns %1, but it is tested like a BOOL: compare it with %2 "
           "so that the failure branch is unmistakable",
           DiagnosticIDs::Remark)
          << FD << utils::familyDescription(F->Family)
          << (F->Family == utils::StatusFamily::RpcStatus ? "RPC_S_OK"
                                                          : "S_OK");
      break;
    case utils::TestVerdict::Correct:
      break;
    }
  }
}

} // namespace clang::tidy::pipelint
