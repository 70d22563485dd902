//===--- OverwrittenStores.h - stores lost to a later store -----*- C++ -*-===//
//
// A dead-store analysis on Clang's CFG, narrowed to one question: which
// stores are followed, on every path and before any read, by one and the
// same plain `=` store to the same target? Targets are local variables and
// by-value parameters, fields of local records, members reached through
// `this`, globals and static locals.
//
// Reads are counted generously, so that a reported store is really lost:
// any use that is not a plain `=` store is a read (`|=`, `++`, a call on a
// Qt flags object, passing it by reference); a local whose address or a
// reference to it is taken is treated like memory others can read (every
// call and every dereference then reads it), and so are members and globals
// (every call reads them, unless it is trivial, constexpr or a pure builtin:
// a callback, or another thread the call synchronises with, may read them).
// Function exit reads everything.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_OVERWRITTENSTORES_H
#define PIPELINT_CHECKS_UTILS_OVERWRITTENSTORES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <string>
#include <vector>

namespace clang::tidy::pipelint::utils {

/// The object a store writes: `Var` (a local, parameter, global or static
/// local), `Var.Field`, or `this->Field` (Var is null).
struct StoreTarget {
  const VarDecl *Var = nullptr;
  const FieldDecl *Field = nullptr;

  /// "access", "opts.mode", "m_access".
  std::string name() const;
  /// The type of the stored object.
  QualType type() const;
  bool operator==(const StoreTarget &O) const {
    return Var == O.Var && Field == O.Field;
  }
};

/// One plain store: `x = v`, `T x = v;`, or a written constructor
/// initializer `m(v)`.
struct PlainStore {
  StoreTarget Target;
  const Expr *Value = nullptr; ///< the stored value as written
  /// The store: a BinaryOperator or CXXOperatorCallExpr for an assignment,
  /// the initialiser expression for a declaration or a ctor initializer.
  const Stmt *Node = nullptr;
  SourceLocation Loc;         ///< where to point: the `=`, the name
  SourceLocation OperatorLoc; ///< the `=` of an assignment, else invalid
  bool IsAssignment = false;
  bool InTryBlock = false; ///< lexically inside a try (or __try) block
};

/// A store whose value is lost: the next thing that happens to its target on
/// every path is the store `Overwriting`.
struct OverwrittenStore {
  PlainStore Lost;
  PlainStore Overwriting;
};

/// Runs the analysis on the body of \p FD (and its constructor initializers).
/// \p IsCandidate selects the stores that may be reported as lost (the
/// analysis only runs for targets that have one). Results are in source
/// order of the lost store. Returns nothing for a dependent or bodyless
/// function, or when the CFG cannot be built.
std::vector<OverwrittenStore>
findOverwrittenStores(const FunctionDecl *FD, ASTContext &Ctx,
                      llvm::function_ref<bool(const PlainStore &)> IsCandidate);

} // namespace clang::tidy::pipelint::utils

#endif
