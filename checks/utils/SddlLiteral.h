//===--- SddlLiteral.h - the SDDL string a call receives --------*- C++ -*-===//
//
// The text of the SDDL string reaching
// ConvertStringSecurityDescriptorToSecurityDescriptor (a literal, L""/TEXT(),
// adjacent literals and macros, a const variable, a local assigned one) and
// the spot inside its literal where a character is written, so that a
// finding can point at one ACE.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_SDDLLITERAL_H
#define PIPELINT_CHECKS_UTILS_SDDLLITERAL_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include <optional>
#include <string>

namespace clang::tidy::pipelint::utils {

/// An SDDL string and, when the code spells it as one literal (directly,
/// through a const variable, a local whose stores are all that literal, or
/// a #define), that literal.
struct SddlSource {
  std::string Text;
  const StringLiteral *Literal = nullptr;
};

std::optional<SddlSource> sddlSource(const Expr *E, ASTContext &Ctx);

/// Where character \p Index of \p Lit's value is written in the file; an
/// invalid location when it cannot be told exactly (escapes that are not
/// simple, raw strings, tokens made by pasting outside TEXT()-like macros).
SourceLocation locationInLiteral(const StringLiteral *Lit, unsigned Index,
                                 const SourceManager &SM);

} // namespace clang::tidy::pipelint::utils

#endif
