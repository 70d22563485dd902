//===--- RetryLoop.h - does an infinite loop retry an IPC call? -*- C++ -*-===//
//
// Path questions about an infinite loop (`for(;;)`, `while(true)`,
// `do … while(true)`, Qt `forever`) that calls IPC operations, answered on
// Clang's CFG of the enclosing function:
//
//  - retry loop: some IPC call C has an exit taken when C succeeds (all
//    IPC calls after it succeeding too) and a way back to the loop head when
//    C fails; a loop where C's success leads back to the head serves
//    clients for ever (a service loop) and is no retry loop;
//  - bounded: with C failing every time, the program can leave the loop in
//    every iteration whatever the peer does: some exit is guarded by a
//    condition the peer does not decide (an attempt counter, a clock or
//    deadline, a flag another thread sets, or anything we cannot attribute
//    to the peer);
//  - contention only: once every timed wait (WaitNamedPipe with a time-out,
//    QLocalSocket::waitForConnected) is also made to time out, the program
//    always leaves: only successful waits lead back to C.
//
// The peer decides the outcome of IPC calls and every condition built from
// IPC results, error codes (GetLastError, errno), constants and values the
// loop never changes; the program decides all other conditions. The answers
// come from a two-player reachability game over (CFG block, iteration
// state) pairs.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_RETRYLOOP_H
#define PIPELINT_CHECKS_UTILS_RETRYLOOP_H

#include "utils/IpcOperations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::pipelint::utils {

/// True for `for(;;)`, `for(;true;)`, `while(true)`, `while(1)`,
/// `do … while(true)` (any condition that folds to a constant true).
bool isInfiniteLoop(const Stmt *Loop, ASTContext &Ctx);

/// The location of the loop's keyword as the user wrote it, and its
/// spelling: `for`, `while`, `do`, or the macro (`forever`, `Q_FOREVER`)
/// that expands to the keyword.
struct LoopKeyword {
  SourceLocation Loc;
  std::string Spelling;
};
LoopKeyword loopKeyword(const Stmt *Loop, const SourceManager &SM,
                        const LangOptions &LO);

struct RetryLoopVerdict {
  enum Kind {
    NoIpcCall,     ///< the loop calls no IPC operation
    NotARetryLoop, ///< no call is retried on failure and left on success
    ServiceLoop,   ///< success of the IPC call leads back to the head
    Bounded,       ///< a retry loop the program can always leave
    Unbounded,     ///< a retry loop the peer can keep going for ever
    Unknown,       ///< the analysis gave up (CFG or state space too large)
  };
  Kind K = NoIpcCall;
  /// Unbounded only: every failure passes a timed wait whose time-out leaves
  /// the loop, so only contention keeps it going (reported as a note).
  bool ContentionOnly = false;
  /// The call whose outcome decides the retry (CreateFile, waitForConnected).
  const CallExpr *Operation = nullptr;
  /// The call to name: Operation, or the QLocalSocket::connectToServer whose
  /// answer Operation waits for.
  const CallExpr *Retried = nullptr;
  /// ContentionOnly: a timed wait on the failure path.
  const CallExpr *TimedWait = nullptr;
};

/// Analyses \p Loop (an infinite loop) in \p Function.
RetryLoopVerdict analyzeRetryLoop(const Stmt *Loop,
                                  const FunctionDecl *Function, ASTContext &Ctx,
                                  const IpcOperationMatcher &Ops);

} // namespace clang::tidy::pipelint::utils

#endif
