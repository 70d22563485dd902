//===--- ConstantFacts.h - conditions that are constant in fact -*- C++ -*-===//
//
// The value of an integral expression when the translation unit shows that
// it can only have one, even though it is not a constant expression:
//  - literals, macros, enumerators and anything Clang folds;
//  - a const variable with a constant initialiser (C's `static const int`,
//    `const int x = 1;` at file scope);
//  - a variable with static storage that only this translation unit can
//    name (a `static` global, a static local, an anonymous namespace's
//    variable), that is not volatile and that nothing in the translation
//    unit writes, increments or takes the address or a reference of: its
//    initial value (zero when it has no initialiser);
//  - a call of a function without parameters, defined in the translation
//    unit, whose body is only `return <one of the above>;`;
//  - `!`, unary `-`, comparisons, `&&`, `||`, `+`, `-` over those.
// A variable with external linkage is never taken as constant unless it is
// const: another translation unit may write it.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_CONSTANTFACTS_H
#define PIPELINT_CHECKS_UTILS_CONSTANTFACTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

namespace clang::tidy::pipelint::utils {

class ConstantFacts {
public:
  explicit ConstantFacts(ASTContext &Ctx) : Ctx(Ctx) {}

  /// The value \p E always has, if the translation unit shows one.
  std::optional<int64_t> value(const Expr *E, unsigned Depth = 0);

  /// The truth value of the branch condition \p Cond, if constant in fact.
  std::optional<bool> truth(const Expr *Cond) {
    std::optional<int64_t> V = value(Cond);
    return V ? std::optional<bool>(*V != 0) : std::nullopt;
  }

  /// Whether the first test of \p F is true: its init sets a counter to a
  /// constant and its condition compares the counter with a constant
  /// (`for (i = 0; i < 1; i++)`), so the body runs at least once.
  bool firstTestTrue(const ForStmt *F);

private:
  std::optional<int64_t> variable(const VarDecl *V, unsigned Depth);
  std::optional<int64_t> returned(const FunctionDecl *FD, unsigned Depth);
  bool neverWritten(const VarDecl *V);

  ASTContext &Ctx;
  llvm::DenseMap<const VarDecl *, bool> Unwritten;
};

} // namespace clang::tidy::pipelint::utils

#endif
