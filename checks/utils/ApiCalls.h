//===--- ApiCalls.h - the matcher of calls to a set of APIs -----*- C++ -*-===//
//
// The call matcher that the API-call rules share: a call of one of the named
// functions, or a call through a function-pointer variable (which
// resolveCallee follows to the function it holds; check() then decides by
// that declaration).
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_APICALLS_H
#define PIPELINT_CHECKS_UTILS_APICALLS_H

#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::pipelint::utils {

/// Calls of \p Names or through a variable, outside system headers, bound to
/// "call". With \p InTemplates false, calls in template instantiations are
/// left out (the template's own pattern is matched once instead).
ast_matchers::StatementMatcher apiCall(llvm::ArrayRef<llvm::StringRef> Names,
                                       bool InTemplates = false);

} // namespace clang::tidy::pipelint::utils

#endif
