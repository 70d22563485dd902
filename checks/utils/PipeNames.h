//===--- PipeNames.h - is this string a named pipe's name? ------*- C++ -*-===//
//
// Recognises expressions that hold the name of a Win32 named pipe
// (`\\.\pipe\name`, `\\server\pipe\name`, either slash, any case):
//  - string literals, narrow or wide, including TEXT()/_T()/L"" forms and
//    adjacent literals ("\\\\.\\pipe\\" "svc");
//  - std::basic_string values built from one: `std::wstring(L"\\\\.\\pipe\\")
//    + id`, `L"\\\\.\\pipe\\" + id`, `.append(...)`, `.c_str()`, `.data()`;
//  - the same with Qt's QString, QLatin1String and QByteArray:
//    QStringLiteral, QString::fromLatin1 and the other `from...` factories,
//    `+`, `.arg(...)`, `.utf16()`, `.toStdWString()`, `.toLocal8Bit()`, ...;
//  - `cond ? a : b` when both arms are pipe names;
//  - a local variable (pointer, character array or std::basic_string) whose
//    every definition in its function is a pipe name: its initialiser,
//    assignments, and strcpy/wcscpy/StringCchCopy/sprintf/swprintf/
//    StringCchPrintf-style calls that fill it from a pipe-name source or a
//    format that starts with the prefix (appending calls such as wcscat keep
//    the prefix). A use that may rewrite the variable in a way not listed
//    (address taken, handed to a function that may write it) makes it
//    unknown;
//  - a const global or static variable initialised with one.
// Anything else, including parameters and members, is not recognised.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_PIPENAMES_H
#define PIPELINT_CHECKS_UTILS_PIPENAMES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang::tidy::pipelint::utils {

/// True when \p E holds a named pipe's name on every path (see above).
bool isPipeName(const Expr *E, ASTContext &Ctx);

/// The complete name when \p E is, on every path, one and the same string
/// literal (directly or through variables); std::nullopt otherwise (a
/// concatenation, a formatted name, several different literals, unknown).
/// Used to tell two pipes apart; not limited to pipe names.
std::optional<std::string> exactStringValue(const Expr *E, ASTContext &Ctx);

/// True when the characters \p Text begin with a pipe prefix:
/// `\\.\pipe\` or `\\<server>\pipe\`, with `\` or `/`, `pipe` in any case.
bool hasPipePrefix(llvm::StringRef Text);

} // namespace clang::tidy::pipelint::utils

#endif
