//===--- StatusTests.h - how a status result is tested ----------*- C++ -*-===//
//
// The impersonation APIs report failure in three different ways: a BOOL
// (FALSE on failure, any nonzero value on success), an RPC_STATUS (RPC_S_OK,
// i.e. 0, on success, an RPC_S_* code otherwise) and an HRESULT (S_OK on
// success, a negative code on failure). This helper finds how the result of
// such a call is used (ignored, stored and never read, tested, or handed
// on) and, for a test, whether it sends a failure down the branch the
// author meant for success.
//
// Which branch the author meant for success is read, in this order, from
//  1. the spelled constant: SUCCEEDED()/FAILED(), TRUE, S_OK, RPC_S_OK,
//     ERROR_SUCCESS, NO_ERROR (success names) or FALSE, E_*, RPC_S_*,
//     ERROR_* (failure names) on either side of == / !=; but when the
//     outcome the name calls success decides an `if` without else whose
//     body ends the program (exit(1), abort(), throw), that body is the
//     failure branch (`if (RpcImpersonateClient(b) == RPC_S_OK) exit(1);`);
//  2. for a bare truth test (`if (r)`, `if (!r)`) of an RPC_STATUS or
//     HRESULT, the branches: the one that reverts the impersonation is the
//     success branch; an `if` without else whose body only bails out
//     (return of a failure value, goto, break, continue, throw, a call that
//     does not return) is the failure branch;
//  3. otherwise the branch taken by the family's usual success value
//     (TRUE for a BOOL, 0 for RPC_STATUS and HRESULT).
// The verdict then comes from sample values: documented failure values
// (0 for BOOL; RPC_S_INVALID_BINDING, RPC_S_NO_CALL_ACTIVE; E_FAIL,
// E_ACCESSDENIED) and success values (1, 2 and -1 for BOOL; 0 otherwise).
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_STATUSTESTS_H
#define PIPELINT_CHECKS_UTILS_STATUSTESTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::pipelint::utils {

enum class StatusFamily { Bool, RpcStatus, HResult };

struct StatusFunction {
  llvm::StringRef Name;
  StatusFamily Family;
  bool Reverts; ///< RevertToSelf and friends (failure: still impersonating)
};

/// The impersonation/revert API \p FD is, recognised by declaration (a
/// free C function with that name returning an integer), or nullptr.
const StatusFunction *lookupImpersonationFunction(const FunctionDecl *FD);

/// The names lookupImpersonationFunction knows, for the pre-filter's
/// vocabulary (IpcVocabulary).
std::vector<llvm::StringRef> impersonationFunctionNames();

enum class TestVerdict {
  Correct,
  FailureAsSuccess, ///< some failure value reaches the success branch
  SuccessAsFailure, ///< only some success values reach the failure branch
  Ambiguous,        ///< a truth test of a 0-on-success status, direction
                    ///< unknown
};

struct StatusTest {
  const Expr *Test = nullptr;  ///< the comparison / `!r` / `r`
  const Expr *Value = nullptr; ///< the call or the variable read
  TestVerdict Verdict = TestVerdict::Correct;
  /// The correct test with the meaning the author intended, e.g.
  /// "ImpersonateNamedPipeClient(h) != FALSE"; empty when unknown.
  std::string Replacement;
};

/// How the result of a status call is used.
struct StatusUse {
  enum Kind {
    Ignored,      ///< discarded, or `(void)`
    StoredUnread, ///< assigned to a local that is never read
    Handled,      ///< returned, passed on, switched on, or tested
  } K = Handled;
  const VarDecl *Var = nullptr;  ///< for StoredUnread and tests of a variable
  std::vector<StatusTest> Tests; ///< every test of the value found
};

/// Follows the result of \p Call (a call to an impersonation function of
/// family \p F) and classifies its uses.
StatusUse analyzeStatusUse(const CallExpr *Call, StatusFamily F,
                           ASTContext &Ctx);

/// The spelling of a family's success test, for messages.
llvm::StringRef familyDescription(StatusFamily F);

} // namespace clang::tidy::pipelint::utils

#endif
