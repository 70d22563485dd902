//===--- Win32Api.h - knowledge of the Win32 IPC API ------------*- C++ -*-===//
//
// Recognises Win32 IPC functions by their declaration (A/W/Ex/2 variants,
// calls through macros such as CreateFile, `::` qualified calls and calls
// through a function pointer initialised with the API) and describes their
// parameters by position.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_WIN32API_H
#define PIPELINT_CHECKS_UTILS_WIN32API_H

#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace clang::tidy::pipelint::utils {

/// What kind of securable object a creating call makes.
enum class ObjectKind {
  NamedPipe,
  Mailslot,
  FileMapping,
  Mutex,
  Event,
  Semaphore,
  File,
  AnonymousPipe,
};

/// One entry of the Win32 API table.
struct Win32Function {
  llvm::StringRef BaseName; ///< without the A/W suffix: "CreateNamedPipe"
  ObjectKind Kind;
  int SecurityAttributesArg; ///< index of LPSECURITY_ATTRIBUTES, or -1
  int NameArg;               ///< index of the object name, or -1
  bool NamedOnly;            ///< only a securable *named* object matters
};

/// Strips a trailing "A" or "W" from \p Name when the rest is a known API.
llvm::StringRef win32BaseName(llvm::StringRef Name);

/// Looks \p FD up in the table of creating calls (by its name, ignoring the
/// A/W suffix). Returns nullptr for a function that is not an IPC creator.
const Win32Function *lookupCreatingFunction(const FunctionDecl *FD);

/// All names (with and without A/W) of the creating functions, for matchers.
llvm::ArrayRef<llvm::StringRef> creatingFunctionNames();

/// The function a call invokes: its direct callee, or the function that a
/// pointer variable it calls through was initialised with.
const FunctionDecl *resolveCallee(const CallExpr *Call);

/// True when parameter \p Index of \p FD is a pointer to SECURITY_ATTRIBUTES.
bool isSecurityAttributesParam(const FunctionDecl *FD, unsigned Index);

/// A human name for the object kind: "named pipe", "mutex", ...
llvm::StringRef objectKindName(ObjectKind K);

} // namespace clang::tidy::pipelint::utils

#endif
