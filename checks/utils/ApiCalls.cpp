//===--- ApiCalls.cpp - the matcher of calls to a set of APIs -------------===//
#include "utils/ApiCalls.h"

namespace clang::tidy::pipelint::utils {

using namespace ast_matchers;

StatementMatcher apiCall(llvm::ArrayRef<llvm::StringRef> Names,
                         bool InTemplates) {
  auto Target =
      anyOf(callee(functionDecl(hasAnyName(Names))),
            callee(expr(ignoringParenImpCasts(declRefExpr(to(varDecl()))))));
  if (InTemplates)
    return callExpr(unless(isExpansionInSystemHeader()), Target).bind("call");
  return callExpr(unless(isExpansionInSystemHeader()),
                  unless(isInTemplateInstantiation()), Target)
      .bind("call");
}

} // namespace clang::tidy::pipelint::utils
