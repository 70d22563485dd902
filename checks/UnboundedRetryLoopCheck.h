//===--- UnboundedRetryLoopCheck.h - ipc-unbounded-retry-loop ---*- C++ -*-===//
#ifndef PIPELINT_CHECKS_UNBOUNDEDRETRYLOOPCHECK_H
#define PIPELINT_CHECKS_UNBOUNDEDRETRYLOOPCHECK_H

#include "utils/IpcOperations.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::pipelint {

/// An infinite loop (`for(;;)`, `while(true)`, `do … while(true)`, Qt
/// `forever`/`Q_FOREVER`) that retries an IPC operation (CreateFile,
/// WaitNamedPipe, connect, QLocalSocket::connectToServer, …) and that the
/// peer can keep going for ever: no attempt counter, deadline or
/// cancellation flag bounds it. Reported at note level when every failure
/// passes a timed wait whose time-out leaves the loop (only contention keeps
/// it going). The path questions are answered by utils/RetryLoop.h.
///
/// Option: IpcFunctions, semicolon-separated names of more IPC functions.
///
/// Docs: docs/checks/ipc-unbounded-retry-loop.md
class UnboundedRetryLoopCheck : public ClangTidyCheck {
public:
  UnboundedRetryLoopCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  const std::string IpcFunctions;
  const utils::IpcOperationMatcher Operations;
};

} // namespace clang::tidy::pipelint

#endif
