//===--- ImpersonationOrigin.h - whose token a revert drops -----*- C++ -*-===//
//
// A revert call (RevertToSelf, RpcRevertToSelf*, CoRevertToSelf,
// SetThreadToken(_, NULL)) is only as dangerous as the token it drops. When
// the thread took a client's identity (ImpersonateNamedPipeClient,
// Rpc/CoImpersonateClient, ImpersonateLoggedOnUser, ...), a failed revert
// leaves it serving as that client. When it only took a copy of the
// process's own token (ImpersonateSelf, or SetThreadToken of a duplicate of
// OpenProcessToken(GetCurrentProcess())), a failed revert leaves the thread
// as itself. This helper reads the enclosing function for the impersonations
// it performs; the order of the calls is not considered.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_IMPERSONATIONORIGIN_H
#define PIPELINT_CHECKS_UTILS_IMPERSONATIONORIGIN_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::pipelint::utils {

/// What a function impersonates, as far as its own body shows.
enum class ImpersonatedToken {
  None,      ///< no impersonation call at all: the caller did it
  OwnOnly,   ///< only copies of the process's own token
  Unknown,   ///< SetThreadToken of a token of unknown origin, nothing else
  OtherUser, ///< a client's or another user's token
};

/// What the function \p FD impersonates (the strongest of its calls).
ImpersonatedToken impersonatedToken(const FunctionDecl *FD, ASTContext &Ctx);

/// True when \p Call is SetThreadToken(_, T) and T is NULL (a revert).
bool isSetThreadTokenRevert(const CallExpr *Call, ASTContext &Ctx);

/// True when \p Call is ImpersonateSelf, or SetThreadToken of a copy of the
/// process's own token made in \p FD.
bool impersonatesOwnToken(const CallExpr *Call, const FunctionDecl *FD,
                          ASTContext &Ctx);

} // namespace clang::tidy::pipelint::utils

#endif
