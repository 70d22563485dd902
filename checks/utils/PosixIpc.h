//===--- PosixIpc.h - POSIX IPC creation calls ------------------*- C++ -*-===//
//
// Recognises the POSIX calls that create IPC objects (mkfifo, mknod,
// shm_open, mq_open, sem_open, open/creat), change their mode (chmod,
// fchmod, fchmodat), the umask, and bind() of a Unix-domain socket, by
// declaration (C linkage, declared in a system header). Also tells which
// IPC object a chmod path or an fchmod descriptor denotes, from what the
// same function does with that path or descriptor.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_POSIXIPC_H
#define PIPELINT_CHECKS_UTILS_POSIXIPC_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang::tidy::pipelint::utils {

enum class PosixObject {
  None,
  Fifo,
  Node, ///< mknod: a FIFO only when the mode says S_IFIFO
  SharedMemory,
  MessageQueue,
  Semaphore,
  File,   ///< open/creat: any file
  Socket, ///< a Unix-domain socket file
};

enum class PosixCallKind { None, Create, Chmod, Fchmod, Umask, Bind };

struct PosixCall {
  llvm::StringRef Name;
  PosixCallKind Kind;
  PosixObject Object; ///< for Create
  int PathArg;        ///< -1 when none
  int FlagsArg;       ///< -1: the call always creates
  int ModeArg;
};

/// The POSIX call \p FD is, or nullptr.
const PosixCall *lookupPosixCall(const FunctionDecl *FD,
                                 const SourceManager &SM);

/// The names lookupPosixCall knows, for the pre-filter's vocabulary
/// (IpcVocabulary).
std::vector<llvm::StringRef> posixCallNames();

/// "FIFO", "shared memory object", ...
llvm::StringRef posixObjectName(PosixObject O);

/// The last umask() call before \p Call in its function (source order), or
/// nullptr.
const CallExpr *lastUmaskBefore(const CallExpr *Call, ASTContext &Ctx);

/// True when every value the umask argument may hold leaves write access
/// for others unmasked (umask(0), umask(S_IWGRP), ...).
bool isPermissiveUmask(const CallExpr *Umask, ASTContext &Ctx);

/// True when a chmod/fchmod/fchmodat call follows \p Call in its function.
bool chmodFollows(const CallExpr *Call, ASTContext &Ctx);

/// The IPC object a chmod path denotes: `addr.sun_path`, a path also
/// copied into a sun_path or passed to mkfifo/mknod in the same function,
/// or a literal under /dev/shm/. PosixObject::None when unknown.
PosixObject classifyPath(const Expr *Path, const CallExpr *Call,
                         ASTContext &Ctx);

/// The IPC object an fchmod descriptor denotes: a local assigned from
/// shm_open. PosixObject::None when unknown.
PosixObject classifyDescriptor(const Expr *Fd, ASTContext &Ctx);

/// True when the address given to bind() is that of a sockaddr_un.
bool bindsUnixSocket(const CallExpr *Bind);

/// The function whose body contains \p S.
const FunctionDecl *enclosingFunctionOf(const Stmt *S, ASTContext &Ctx);

} // namespace clang::tidy::pipelint::utils

#endif
