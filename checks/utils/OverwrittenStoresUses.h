//===--- OverwrittenStoresUses.h - uses of store targets --------*- C++ -*-===//
//
// Internal to OverwrittenStores.cpp: one walk over a function body that
// finds every plain store, every read, and every use that lets the target's
// address or a reference to it escape. The result is keyed by the AST nodes
// that become CFG elements.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_OVERWRITTENSTORESUSES_H
#define PIPELINT_CHECKS_UTILS_OVERWRITTENSTORESUSES_H

#include "utils/OverwrittenStores.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::pipelint::utils::detail {

enum class UseKind {
  Store,     ///< plain store number Index to Target
  Read,      ///< read of Target
  ReadVar,   ///< read of Var as a whole (every target rooted at Var)
  ReadThis,  ///< `this` used: every member target
  ReadField, ///< Field read through some other object
  Rebirth,   ///< declaration of Var: a new object, the old value is gone
};

struct Use {
  UseKind Kind;
  StoreTarget Target; ///< Store, Read; Var for ReadVar/Rebirth; Field
  unsigned Index = 0; ///< Store: index into UseMap::Stores
};

/// Everything the dataflow needs to know about one function's uses.
struct UseMap {
  std::vector<PlainStore> Stores;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<Use, 1>> AtStmt;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<Use, 2>> AtDecl;
  llvm::DenseMap<const CXXCtorInitializer *, Use> AtInit;
  /// Targets whose address or a reference to them escaped.
  llvm::DenseSet<const VarDecl *> AliasedVars;
  llvm::DenseSet<std::pair<const VarDecl *, const FieldDecl *>> AliasedFields;
  bool ThisEscaped = false;

  bool isAliased(const StoreTarget &T) const;
  /// Members, globals and escaped locals: calls may read them.
  bool isMemoryVisible(const StoreTarget &T) const;
};

/// Walks \p FD's body and constructor initializers.
UseMap collectUses(const FunctionDecl *FD);

/// Whether the value of a store to \p T can be tracked: integers, enums,
/// Qt's QFlags and classes whose `operator=` and `operator|=` take a flag
/// value; not volatile.
bool isTrackableType(QualType T);

} // namespace clang::tidy::pipelint::utils::detail

#endif
