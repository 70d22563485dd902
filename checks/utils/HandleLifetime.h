//===--- HandleLifetime.h - can a handle outlive its function? --*- C++ -*-===//
//
// A syntactic question about one creating call: can the handle it returns
// still be open after the function around the call has returned? It can
// when the value, directly or through local copies, is returned, stored in a
// member, a global, a static local or through a pointer, wrapped in an
// object, or handed to a function that may keep it (anything but
// CloseHandle and the known non-owning uses such as ConnectNamedPipe). A
// handle that is only tested, used and closed cannot.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_HANDLELIFETIME_H
#define PIPELINT_CHECKS_UTILS_HANDLELIFETIME_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::pipelint::utils {

/// Whether the handle \p Creation returns may be kept beyond the function
/// whose body is \p Body (see the file comment). True when unsure.
bool handleMayOutliveFunction(const CallExpr *Creation, const Stmt *Body,
                              ASTContext &Ctx);

/// The C runtime's close functions (`_close`, `close`, `fclose`): they take
/// a descriptor or a FILE *, so a HANDLE cast to one is not closed.
bool isRuntimeClose(const FunctionDecl *FD);

/// Whether \p Callee, a function defined in the translation unit, only
/// borrows the handle passed as its argument \p Index: its parameter is
/// only tested (`h == INVALID_HANDLE_VALUE`, `if (h)`) or given to
/// non-owning uses (ReadFile, ConnectNamedPipe, ...), never closed, stored,
/// returned, copied or handed to another function. The caller still owns
/// the handle after the call. \p Tested tells whether the helper tests it
/// (then it may be the caller's validity check: `if (!usable(h)) return;`).
bool onlyBorrowsHandle(const FunctionDecl *Callee, unsigned Index,
                       ASTContext &Ctx, bool *Tested = nullptr);

} // namespace clang::tidy::pipelint::utils

#endif
