//===--- PipeRemoteClientsCheck.h - ipc-pipe-remote-clients ---------------===//
#ifndef PIPELINT_CHECKS_PIPEREMOTECLIENTSCHECK_H
#define PIPELINT_CHECKS_PIPEREMOTECLIENTSCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::pipelint {

/// CreateNamedPipe* whose dwPipeMode lacks PIPE_REJECT_REMOTE_CLIENTS on
/// every path (and does not spell PIPE_ACCEPT_REMOTE_CLIENTS): clients on
/// other machines can connect over SMB. Reported at the pipe-mode argument,
/// with a fix-it adding the flag when the argument is a constant expression.
///
/// Docs: docs/checks/ipc-pipe-remote-clients.md
class PipeRemoteClientsCheck : public ClangTidyCheck {
public:
  PipeRemoteClientsCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::pipelint

#endif
