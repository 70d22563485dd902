//===--- IpcOperations.h - IPC calls a retry loop can retry -----*- C++ -*-===//
//
// Recognises, by declaration, the calls that connect to or wait for an IPC
// peer (Win32 named pipes, POSIX sockets, FIFOs and message queues, Qt local
// sockets, plus names the user lists) and says how their result encodes
// success or failure. Also recognises what reads an error code
// (GetLastError, errno, QLocalSocket::error) rather than program state.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_IPCOPERATIONS_H
#define PIPELINT_CHECKS_UTILS_IPCOPERATIONS_H

#include "utils/NameLists.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::pipelint::utils {

/// How the result of an IPC call encodes success and failure.
enum class ResultConvention {
  Void,               ///< no result (QLocalSocket::connectToServer)
  HandleInvalid,      ///< INVALID_HANDLE_VALUE on failure (CreateFile)
  NonZeroSuccess,     ///< BOOL/bool: nonzero on success (WaitNamedPipe)
  ZeroSuccess,        ///< 0 on success, -1 on failure (connect, mq_send)
  NonNegativeSuccess, ///< a descriptor or count, -1 on failure (open)
  NullFailure,        ///< a pointer, NULL on failure
  Opaque,             ///< something else: no test of it is understood
};

/// One recognised IPC call.
struct IpcOperation {
  ResultConvention Convention = ResultConvention::Opaque;
  /// For a wait for the peer (WaitNamedPipe, QLocalSocket::waitForConnected):
  /// the argument that holds its time-out, else -1.
  int TimeoutArg = -1;
  /// QLocalSocket::connectToServer: a request whose answer a wait gives.
  bool IsConnectRequest = false;
  /// QLocalSocket::waitForConnected: the wait that answers such a request.
  bool AnswersConnectRequest = false;
};

/// Recognises IPC calls. \p ExtraNames are the check option IpcFunctions:
/// plain names match a function or method of that name, names with `::`
/// its qualified name.
class IpcOperationMatcher {
public:
  IpcOperationMatcher() = default;
  explicit IpcOperationMatcher(std::vector<std::string> ExtraNames)
      : ExtraNames(std::move(ExtraNames)) {}

  /// The operation \p Call performs, or std::nullopt when it is no IPC call.
  /// An `open` is one only with evidence that it opens a FIFO (see
  /// opensFifo); \p Loop is the loop the call is retried in.
  std::optional<IpcOperation> classify(const CallExpr *Call, const Stmt *Loop,
                                       ASTContext &Ctx) const;

private:
  std::vector<std::string> ExtraNames;
};

/// The free functions IpcOperationMatcher knows by name (Win32, POSIX), and
/// the QLocalSocket methods it knows, for the pre-filter's vocabulary
/// (IpcVocabulary). The IpcFunctions option adds to these.
std::vector<llvm::StringRef> ipcOperationFunctionNames();
llvm::ArrayRef<llvm::StringRef> ipcOperationMethodNames();

/// True when \p Call reads an error code or the state a peer left behind:
/// GetLastError, WSAGetLastError, errno (`__errno_location`, `_errno`,
/// `__error`), QLocalSocket::error/state/isValid/errorString.
bool isErrorCodeRead(const CallExpr *Call);

/// True when \p Call is a wait (TimeoutArg >= 0) with a finite time-out: the
/// time-out is not a constant "wait for ever" (NMPWAIT_WAIT_FOREVER, -1).
bool isTimedWait(const CallExpr *Call, const IpcOperation &Op, ASTContext &Ctx);

/// Evidence that a call to POSIX `open` opens a FIFO: the path names a
/// fifo (a literal or variable whose text or name contains "fifo"), the
/// same path is given to mkfifo/mknod in the translation unit, or \p Loop
/// compares errno with ENXIO (what opening a FIFO without a reader fails
/// with).
bool opensFifo(const CallExpr *Open, const Stmt *Loop, ASTContext &Ctx);

/// True for a function known not to return: declared noreturn,
/// QMessageLogger::fatal (qFatal), or defined
/// in the translation unit with no return statement and a body that ends
/// in a throw or in a call to a noreturn function.
bool neverReturns(const FunctionDecl *FD);

} // namespace clang::tidy::pipelint::utils

#endif
