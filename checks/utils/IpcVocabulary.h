//===--- IpcVocabulary.h - the names a finding needs ------------*- C++ -*-===//
//
// Every rule recognises its APIs by name (then by declaration): a finding
// needs one of these names in the source, or a macro that expands to one.
// This gathers the names from the rules' own tables (Win32Api, PipeApi,
// Win32Handles, StatusTests, IpcOperations, PosixIpc, FlagConstants), so that
// the CLI's pre-filter (lib/driver/Prefilter) can skip the parse of a
// translation unit that mentions none of them. A unit test checks the
// recognisers against this list on the real headers.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_IPCVOCABULARY_H
#define PIPELINT_CHECKS_UTILS_IPCVOCABULARY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::pipelint::utils {

/// How a name of the vocabulary can matter where it is spelled.
enum class NameUse : unsigned char {
  /// Not in the vocabulary.
  None,
  /// Anywhere (a method, an enumerator, a Qt class).
  Anywhere,
  /// Only as a free function of the global namespace (C APIs): after `.`
  /// or `->` it names a member, after `std::` a standard library function
  /// (std::bind), neither of which any rule looks for.
  FreeFunction,
};

/// Names that matter only where a declaration of \p Declares is visible:
/// the enumerators of a Qt flag enum (`Text`, `Append`) are ordinary words
/// elsewhere.
struct GatedNames {
  std::string Enum;         ///< qualified enum name: "QIODevice::OpenModeFlag"
  llvm::StringRef Declares; ///< the identifier its declaration spells
  std::vector<llvm::StringRef> Names;
};

class IpcVocabulary {
public:
  /// The vocabulary of the built-in tables.
  static const IpcVocabulary &get();

  /// How \p Identifier matters (built-in names and flag macro names).
  NameUse use(llvm::StringRef Identifier) const;

  /// The exact names, for listing and tests.
  const llvm::StringMap<NameUse> &names() const { return Names; }

  /// Qt flag enumerators, by enum.
  llvm::ArrayRef<GatedNames> gated() const { return Gated; }

  /// True for a built-in flag macro name (GENERIC_*, O_*, S_I*, ...): the
  /// same predicate ipc-overwritten-access-flags uses.
  static bool isFlagMacroName(llvm::StringRef Identifier);

private:
  IpcVocabulary();
  llvm::StringMap<NameUse> Names;
  std::vector<GatedNames> Gated;
};

/// The enumerators of the Qt flag enums FlagConstants knows (Qt 5 and 6),
/// by qualified enum name; empty for an enum this table lacks.
llvm::ArrayRef<llvm::StringRef> qtFlagEnumerators(llvm::StringRef Enum);

} // namespace clang::tidy::pipelint::utils

#endif
