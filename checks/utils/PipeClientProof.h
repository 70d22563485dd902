//===--- PipeClientProof.h - is this CreateFile a pipe client? --*- C++ -*-===//
//
// A CreateFile* whose name the code cannot read (a parameter, a member) is
// still a pipe client when the function goes on to use the handle with an
// API that only works on pipes (SetNamedPipeHandleState, PeekNamedPipe,
// TransactNamedPipe, GetNamedPipeInfo, GetNamedPipeHandleState,
// GetNamedPipeServerProcessId/SessionId), or waits for the same name with
// WaitNamedPipe.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_PIPECLIENTPROOF_H
#define PIPELINT_CHECKS_UTILS_PIPECLIENTPROOF_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::pipelint::utils {

/// The call that proves \p Open (a CreateFile* call whose name argument is
/// \p Name) opens a named pipe, or null. The proof is in the same function:
/// a pipe-only API given the handle that \p Open stores (a local variable,
/// or a member of `this`, that nothing else but NULL/INVALID_HANDLE_VALUE
/// is stored into there), after \p Open; or WaitNamedPipe on the same
/// variable, parameter or member as \p Name. A function that asks
/// GetFileType about the handle handles files as well: no proof.
const CallExpr *pipeUseProof(const CallExpr *Open, const Expr *Name,
                             ASTContext &Ctx);

} // namespace clang::tidy::pipelint::utils

#endif
