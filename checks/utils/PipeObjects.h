//===--- PipeObjects.h - heap objects that own a pipe -----------*- C++ -*-===//
//
// What ipc-leaked-pipe-object needs to know about one expression:
//  - is a class a pipe object type (a pipe reader/writer/server, a local
//    socket, or a configured name, or derived from one of those);
//  - is a `new` expression an allocation nobody owns yet (a Qt parent given
//    at construction makes the parent the owner);
//  - where does the value of a `new` go (a local variable, a member of
//    *this, or somewhere we do not track);
//  - what does one use of a tracked pointer do to the object (release it,
//    hand it to someone who may own it, merely use it, ...).
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_PIPEOBJECTS_H
#define PIPELINT_CHECKS_UTILS_PIPEOBJECTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace clang::tidy::pipelint::utils {

/// Recognises pipe object classes: a name containing the word `Pipe`
/// (`PipeReader`, `NamedPipeServer`, `QWindowsPipeWriter`; not `Pipeline`),
/// `QLocalSocket`, `QLocalServer`, a configured name, and classes derived
/// from any of those.
class PipeTypes {
public:
  /// \p Extra: more class names; a name with `::` is compared with the
  /// qualified name, any other with the plain name.
  explicit PipeTypes(llvm::ArrayRef<std::string> Extra = {});

  bool isPipeClass(const CXXRecordDecl *RD) const;
  /// The class of \p T (or of what it points to) is a pipe class.
  bool isPipeType(QualType T) const;

  /// Splits a `;`-separated option value into trimmed, non-empty names.
  static std::vector<std::string> parseList(llvm::StringRef Option);

private:
  bool nameMatches(const CXXRecordDecl *RD) const;
  std::vector<std::string> Extra;
};

/// True for a name in which `Pipe` is a word: followed by nothing, an upper
/// case letter, a digit, `_`, or a plural `s` ending the word.
bool nameHasPipeWord(llvm::StringRef Name);

/// \p RD is QObject or derives from it.
bool isQObjectClass(const CXXRecordDecl *RD);

/// \p E without parentheses, implicit casts, and explicit pointer casts.
const Expr *ignoreCastsAndParens(const Expr *E);

/// The `new` expression \p E is, through parentheses and casts, or null.
const CXXNewExpr *asNewExpr(const Expr *E);

/// The constructor receives an owner at construction: a non-null argument
/// for a parameter named like `parent`/`owner`, or, for a QObject-derived
/// class, a non-null `QObject *` (or derived) argument.
bool isOwnedAtConstruction(const CXXNewExpr *New, ASTContext &Ctx);

/// The class manages its own lifetime: one of its member functions (or a
/// base's) visible in this translation unit runs `delete this`, calls
/// `deleteLater()` on itself, or connects a signal to its deleteLater().
bool isSelfReleasing(const CXXRecordDecl *RD);

/// A heap allocation of a single pipe object (not an array, not placement
/// new other than `std::nothrow`) that nobody owns at construction and
/// whose class does not release itself.
bool isUnownedPipeAllocation(const CXXNewExpr *New, const PipeTypes &Types,
                             ASTContext &Ctx);

/// Where a pointer is kept: a local variable or a member of `*this`.
struct Slot {
  const VarDecl *Var = nullptr;
  const FieldDecl *Field = nullptr;
  explicit operator bool() const { return Var || Field; }
  bool operator==(const Slot &O) const {
    return Var == O.Var && Field == O.Field;
  }
  const NamedDecl *decl() const {
    return Var ? static_cast<const NamedDecl *>(Var) : Field;
  }
};

/// The slot \p E refers to: a local non-static pointer variable, or a
/// pointer field accessed through `this` (implicitly or not).
Slot slotOfExpr(const Expr *E);

/// The slot the value of \p New is stored into directly: a variable's
/// initialiser, the right side of `=`, a constructor's member initialiser,
/// a default member initialiser. An empty slot when the value goes anywhere
/// else (returned, passed to a call, a smart pointer's constructor, ...).
/// \p StoreLoc receives the location of the store.
Slot storeTargetOf(const CXXNewExpr *New, ASTContext &Ctx,
                   SourceLocation *StoreLoc = nullptr);

/// The function whose body contains \p E (a lambda's call operator for an
/// expression in a lambda), or null (a default member initialiser).
const FunctionDecl *enclosingFunction(const Expr *E, ASTContext &Ctx);

/// What one use of a tracked pointer does to the object it points to.
enum class UseKind {
  Use,          ///< reads it without keeping or releasing it: `p->read()`,
                ///< `if (p)`, `p == q`, `connect(p, ...)`, a QPointer
  Deref,        ///< like Use, and proves the pointer non-null (`p->f()`)
  Release,      ///< `delete p`, `p->deleteLater()`
  Adopted,      ///< given an owner or a deferred release: `p->setParent(x)`,
                ///< a Qt connect to deleteLater()
  Escape,       ///< may hand over ownership: passed to a call, returned,
                ///< copied, stored, thrown, captured by copy
  StoreTarget,  ///< the left side of `p = ...`
  Unanalyzable, ///< the variable itself escapes: `&p`, bound to a
                ///< non-const reference, captured by reference, `p++`
};

/// Classifies \p Ref, a DeclRefExpr to the slot's variable or a MemberExpr
/// of its field, by looking at the expressions around it.
UseKind classifyUse(const Expr *Ref, ASTContext &Ctx);

/// For a CallExpr or CXXConstructExpr: a Qt `connect` whose arguments name
/// `deleteLater` (the object is released when the signal fires).
bool isConnectToDeleteLater(const Expr *Call);

} // namespace clang::tidy::pipelint::utils

#endif
