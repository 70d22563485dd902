//===--- HandleSentinels.h - "no handle" spelled INVALID_HANDLE_VALUE -*- C++
//-*-===//
//
// A local HANDLE that starts as (or is reset to) INVALID_HANDLE_VALUE and
// otherwise only ever receives the result of a creator that fails with
// INVALID_HANDLE_VALUE (CreateFile*, CreateNamedPipe*, CreateMailslot*) can
// only mean "no handle" by INVALID_HANDLE_VALUE. A test of it against NULL,
// typically on a cleanup path (`if (h != NULL) CloseHandle(h);`), takes that
// value for a valid handle. Flow-insensitive: every store to the variable is
// looked at, and its address must never be taken.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_HANDLESENTINELS_H
#define PIPELINT_CHECKS_UTILS_HANDLESENTINELS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include <vector>

namespace clang::tidy::pipelint::utils {

struct SentinelNullTest {
  const Expr *Test = nullptr;     ///< `h != NULL`, `h`, `!h`, `h == 0`
  const Expr *Constant = nullptr; ///< the NULL, null for `h` / `!h`
  const VarDecl *Var = nullptr;
  const Expr *Sentinel = nullptr; ///< the first INVALID_HANDLE_VALUE stored
  /// Whether the branch taken for "valid" does more with the handle than
  /// close it.
  bool UsedBeyondClose = false;
};

/// The tests of such variables against NULL that decide an `if`, in source
/// order.
std::vector<SentinelNullTest> findSentinelNullTests(const FunctionDecl *FD,
                                                    ASTContext &Ctx);

} // namespace clang::tidy::pipelint::utils

#endif
