//===--- FlagConstants.h - access/share/mode/permission flags --*- C++ -*-===//
//
// Recognises flag constants in expressions: Win32 access/share/create flags
// and POSIX open/mode flags by the name of the macro they were spelled with
// (the AST only has the literal, the macro name comes from the source
// manager's expansion records), Qt flag enumerators by their enum, octal
// modes for `mode_t` targets, and names the user lists in an option.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_FLAGCONSTANTS_H
#define PIPELINT_CHECKS_UTILS_FLAGCONSTANTS_H

#include "utils/NameLists.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringSet.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::pipelint::utils {

/// What an expression made of flag constants looks like.
struct FlagExprInfo {
  /// At least one operand is a flag constant.
  bool HasFlag = false;
  /// Only flag constants combined with `|` (plus parentheses, casts and Qt
  /// flag conversions): the expression can be OR-ed into a variable as is.
  bool Pure = true;
  /// Contains an exclusive access mode (O_RDONLY, O_WRONLY, O_RDWR...):
  /// two of those cannot be OR-ed together meaningfully.
  bool HasExclusiveMode = false;
  /// The value, when every operand is a constant.
  std::optional<uint64_t> Value;
};

/// The flag vocabulary: built-in names plus the check option `FlagNames`.
class FlagVocabulary {
public:
  /// \p ExtraNames: macro names, enumerator names (plain or qualified) and
  /// qualified enum names whose enumerators all count as flags.
  explicit FlagVocabulary(const std::vector<std::string> &ExtraNames = {});

  /// True when \p Name is a listed name, or a known Win32/POSIX flag macro
  /// and \p FromSystemHeader: the built-in names only count for the real
  /// headers' macros, so a project's own FILE_SIZE_MAX or S_IDLE is no flag.
  bool isFlagMacroName(llvm::StringRef Name, bool FromSystemHeader) const;

  /// True for Qt flag enumerators and listed enumerators or enums.
  bool isFlagEnumerator(const EnumConstantDecl *ECD) const;

  /// Describes \p E as a flag expression. \p OctalIsMode makes octal literals
  /// written in the user's code (0644) count as POSIX modes.
  FlagExprInfo describe(const Expr *E, const ASTContext &Ctx,
                        bool OctalIsMode) const;

private:
  bool isFlagLeaf(const Expr *E, const ASTContext &Ctx, bool OctalIsMode,
                  bool &Exclusive) const;
  void walk(const Expr *E, const ASTContext &Ctx, bool OctalIsMode,
            FlagExprInfo &Info) const;
  std::optional<uint64_t> fold(const Expr *E, const ASTContext &Ctx) const;

  llvm::StringSet<> Extra;
};

/// True when \p Name is one of the built-in Win32/POSIX flag macro names
/// (by prefix, exact name or suffix), whatever header defines it.
bool isBuiltinFlagMacroName(llvm::StringRef Name);

/// The qualified names of the Qt enums whose enumerators are flags.
llvm::ArrayRef<llvm::StringLiteral> qtFlagEnumNames();

/// True when \p T is spelled with a `mode_t` typedef (POSIX permissions).
bool isModeType(QualType T);

} // namespace clang::tidy::pipelint::utils

#endif
