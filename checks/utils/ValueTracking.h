//===--- ValueTracking.h - what a local variable can hold -------*- C++ -*-===//
//
// A flow-insensitive but conservative view of the values a local variable
// takes in its function: every store to it is collected, and any use that
// might write it in a way we cannot see (address taken, bound to a non-const
// reference, ++, +=) makes the variable "escaped". When nothing escapes, a
// property that holds for every stored value holds on every path.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_VALUETRACKING_H
#define PIPELINT_CHECKS_UTILS_VALUETRACKING_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::pipelint::utils {

/// One store into a variable (or into one field of a record variable).
struct Store {
  const Expr *Value = nullptr;      ///< the stored value; null for a zero fill
  SourceLocation Loc;               ///< where the store happens
  const FieldDecl *Field = nullptr; ///< set for `var.field = value`
  bool ZeroFill = false;            ///< memset(&v, 0, ...), ZeroMemory, = {}
};

/// The stores into \p Var found in its function, in source order, including
/// its initialiser. Returns std::nullopt when the variable is not a local of
/// a function with a body, or when some use may write it invisibly.
/// \p AddressUseIsRead decides whether `&Var` at a given call argument is
/// harmless (e.g. passed to an API that only reads it).
std::optional<llvm::SmallVector<Store, 4>> collectStores(const VarDecl *Var,
                                                         ASTContext &Ctx);

enum class Nullness { Null, NotNull, Unknown };

struct NullEvidence {
  Nullness Kind = Nullness::Unknown;
  SourceLocation Origin; ///< where the NULL came from (a store or init)
};

/// True when \p E is a null pointer constant (NULL, 0, 0LL, nullptr, casts
/// of those).
bool isNullConstant(const Expr *E, ASTContext &Ctx);

/// Whether pointer expression \p E is NULL on every path: a null constant,
/// or a local pointer whose every store is NULL.
NullEvidence pointerNullness(const Expr *E, ASTContext &Ctx);

/// For an argument that points to a SECURITY_ATTRIBUTES (`&sa`, or a local
/// pointer that always holds `&sa`): whether sa.lpSecurityDescriptor is NULL
/// on every path.
NullEvidence securityDescriptorNullness(const Expr *Arg, ASTContext &Ctx);

/// The integer value of \p E: a constant expression, or a local variable
/// whose every store is the same constant. std::nullopt otherwise.
std::optional<uint64_t> constantValue(const Expr *E, ASTContext &Ctx);

/// The local, non-volatile variable \p E names (through parentheses and
/// casts), or null: the variables whose stores the trackers can follow.
const VarDecl *localVar(const Expr *E);

/// memset, ZeroMemory, bzero and the like: their first argument is filled
/// with zeros (a memset whose value is not 0 is left to the caller).
bool isZeroFillCallee(const FunctionDecl *FD);

} // namespace clang::tidy::pipelint::utils

#endif
