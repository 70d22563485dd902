//===--- Win32Handles.h - Win32 handle creators and users -------*- C++ -*-===//
//
// Which Win32 functions return a HANDLE and what they return on failure
// (INVALID_HANDLE_VALUE or NULL), which functions use a handle without taking
// ownership of it (ReadFile, ConnectNamedPipe, WaitForSingleObject, ...), and
// CloseHandle. Functions are recognised by their declaration: the name with
// or without its A/W suffix, a free function with C linkage (so `CreateFile`,
// `CreateFileW`, `::CreateFileW` and a pointer initialised with it match, and
// a C++ method or a user's own overload does not).
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_WIN32HANDLES_H
#define PIPELINT_CHECKS_UTILS_WIN32HANDLES_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <vector>

namespace clang::tidy::pipelint::utils {

/// What a handle-returning function returns when it fails.
enum class FailureValue {
  InvalidHandle, ///< INVALID_HANDLE_VALUE, i.e. (HANDLE)-1
  Null,          ///< NULL
};

struct HandleCreator {
  llvm::StringRef BaseName; ///< without the A/W suffix
  FailureValue Failure;
  bool PipeOrFile; ///< CreateNamedPipe*, CreateFile*, CreateMailslot*
  /// OpenProcess, OpenThread, CreateThread, CreateRemoteThread: not IPC
  /// objects; only a test against the wrong constant is reported for them.
  bool ProcessOrThread = false;
};

/// The creator table entry for \p FD, or nullptr.
const HandleCreator *lookupHandleCreator(const FunctionDecl *FD);

/// The function \p E calls when it is (after parentheses and casts) a call
/// to a handle creator, else nullptr.
const CallExpr *asCreatorCall(const Expr *E,
                              const HandleCreator **Creator = nullptr);

/// When \p FD uses a handle passed at argument \p Arg without taking
/// ownership of it (ReadFile's hFile, WaitForSingleObject's hHandle, ...).
bool isHandleUse(const FunctionDecl *FD, unsigned Arg);

/// True for CloseHandle.
bool isCloseHandle(const FunctionDecl *FD);

/// The spelling of a failure value, for messages and fix-its.
llvm::StringRef failureValueName(FailureValue V);

/// What constant a handle is compared with.
enum class HandleConstant { None, Null, Invalid };

/// Classifies \p E as NULL / 0 / (HANDLE)0 or INVALID_HANDLE_VALUE /
/// (HANDLE)-1 by value.
HandleConstant classifyHandleConstant(const Expr *E, ASTContext &Ctx);

/// True when \p FD is declared like a Win32 API: a free function with C
/// linkage (in C, every function with external linkage).
bool isWin32Declaration(const FunctionDecl *FD);

/// The base names (without A/W) of every handle creator, for the
/// pre-filter's vocabulary (IpcVocabulary).
std::vector<llvm::StringRef> handleCreatorBaseNames();

/// Strips a trailing A or W when \p Name without it is in \p Known.
llvm::StringRef stripAW(llvm::StringRef Name,
                        llvm::function_ref<bool(llvm::StringRef)> Known);

} // namespace clang::tidy::pipelint::utils

#endif
