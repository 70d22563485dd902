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

} // namespace clang::tidy::pipelint::utils

#endif
