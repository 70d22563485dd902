//===--- FlagFacts.h - which bits a flags argument can hold -----*- C++ -*-===//
//
// A bit-level, flow-insensitive view of an integer flags expression: which
// bits may be set on some path and which are set on every path. It follows
// constant expressions (macros, enumerators, `A | B`, `c ? A : B`), local
// variables through every store to them (`=`, `|=`, `&=`, `^=`, and the C
// spellings `v = v | X`, `v = v & X`), and const globals. Stores inside the
// branch of an `if` whose condition is a constant and false (or true, for
// the else branch) are left out: that branch never runs.
//
// A use of a variable that may change it in a way not listed (address
// taken, ++, +=, bound to a non-const reference) makes the value unknown.
//
// Also: a helper that tells whether an expression (or the stores behind it)
// spells a given macro, and the fix-it that adds a flag to an argument.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_FLAGFACTS_H
#define PIPELINT_CHECKS_UTILS_FLAGFACTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::pipelint::utils {

struct FlagFacts {
  bool Known = false; ///< every value the expression takes is understood
  uint64_t May = 0;   ///< bits set on at least one path
  uint64_t Must = 0;  ///< bits set on every path
  /// The expressions the value is built from: the expression itself, or
  /// the values stored into the variables it reads (in source order).
  llvm::SmallVector<const Expr *, 4> Sources;

  /// Known, and none of \p Bits is set on any path.
  bool lacks(uint64_t Bits) const { return Known && (May & Bits) == 0; }
  /// Known, and all of \p Bits are set on every path.
  bool has(uint64_t Bits) const { return Known && (Must & Bits) == Bits; }
};

/// What is known about the bits of integer expression \p E.
FlagFacts flagFacts(const Expr *E, ASTContext &Ctx);

/// True when the macro \p Name is expanded anywhere inside one of the
/// expressions of \p Sources (or the macros they expand): used to honour an
/// explicit spelling of a zero-valued flag such as PIPE_ACCEPT_REMOTE_CLIENTS.
bool spellsMacro(llvm::ArrayRef<const Expr *> Sources, llvm::StringRef Name,
                 ASTContext &Ctx);

/// A fix-it that adds \p Flags (e.g. "PIPE_REJECT_REMOTE_CLIENTS") to the
/// flags argument \p Arg. Only for an argument that is itself a constant
/// expression with a file range: a literal `0` is replaced by \p Flags,
/// anything else gets ` | Flags` appended (parenthesised first when its top
/// operator binds less tightly than `|`). std::nullopt otherwise.
std::optional<FixItHint> addFlagsFix(const Expr *Arg, llvm::StringRef Flags,
                                     ASTContext &Ctx);

/// Where the value of \p Arg is set when that is outside \p Arg itself (the
/// first store into a variable the argument reads): for a "set here" note.
/// An invalid location when the argument spells its own value.
SourceLocation valueOrigin(const FlagFacts &Facts, const Expr *Arg,
                           const SourceManager &SM);

/// The branch of `if (constant)` that never runs, or null.
const Stmt *deadBranch(const IfStmt *If, ASTContext &Ctx);

/// Walks a function body for the references to one variable, skipping the
/// branches that never run, and hands each to Derived::classify with the
/// statements above it in Stack (innermost last). Stops once Unknown is set.
template <typename Derived> class VarReferenceWalker {
public:
  VarReferenceWalker(const VarDecl *Var, ASTContext &Ctx)
      : Var(Var), Ctx(Ctx) {}

  void walk(const Stmt *S) {
    if (!S || Unknown)
      return;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (Ref->getDecl() == Var)
        static_cast<Derived *>(this)->classify(Ref);
      return;
    }
    if (isa<UnaryExprOrTypeTraitExpr>(S))
      return; // sizeof, alignof: not evaluated
    const Stmt *Dead = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(S))
      Dead = deadBranch(If, Ctx);
    Stack.push_back(S);
    for (const Stmt *Child : S->children())
      if (Child != Dead)
        walk(Child);
    Stack.pop_back();
  }

  /// A reference the walker cannot account for: the result is unusable.
  bool Unknown = false;

protected:
  const VarDecl *Var;
  ASTContext &Ctx;
  llvm::SmallVector<const Stmt *, 32> Stack;
};

} // namespace clang::tidy::pipelint::utils

#endif
