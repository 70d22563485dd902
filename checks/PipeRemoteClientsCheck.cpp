//===--- PipeRemoteClientsCheck.cpp - ipc-pipe-remote-clients -------------===//
#include "PipeRemoteClientsCheck.h"
#include "utils/ApiCalls.h"
#include "utils/FlagFacts.h"
#include "utils/PipeApi.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {

void PipeRemoteClientsCheck::registerMatchers(MatchFinder *Finder) {
  static const llvm::StringRef Names[] = {"CreateNamedPipeA",
                                          "CreateNamedPipeW"};
  Finder->addMatcher(utils::apiCall(Names), this);
}

void PipeRemoteClientsCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  ASTContext &Ctx = *Result.Context;
  const FunctionDecl *FD = utils::resolveCallee(Call);
  if (!utils::isCreateNamedPipe(FD) || Call->getNumArgs() <= utils::PipeModeArg)
    return;
  const Expr *Mode = Call->getArg(utils::PipeModeArg);
  utils::FlagFacts Facts = utils::flagFacts(Mode, Ctx);
  if (!Facts.lacks(utils::win32::PipeRejectRemoteClients))
    return;
  // PIPE_ACCEPT_REMOTE_CLIENTS is 0, but spelling it says remote clients
  // are wanted.
  if (utils::spellsMacro(Facts.Sources, "PIPE_ACCEPT_REMOTE_CLIENTS", Ctx))
    return;

  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(Mode->getBeginLoc());
  {
    auto D = diag(Loc, "%0 creates a named pipe without "
                       "PIPE_REJECT_REMOTE_CLIENTS: clients on other machines "
                       "can connect to it over SMB")
             << FD;
    if (auto Fix = utils::addFlagsFix(Mode, "PIPE_REJECT_REMOTE_CLIENTS", Ctx))
      D << *Fix;
  }
  SourceLocation Origin = utils::valueOrigin(Facts, Mode, SM);
  if (Origin.isValid())
    diag(Origin, "the pipe mode is set here", DiagnosticIDs::Note);
}

} // namespace clang::tidy::pipelint
