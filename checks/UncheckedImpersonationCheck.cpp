//===--- UncheckedImpersonationCheck.cpp - ipc-unchecked-impersonation ---===//
#include "UncheckedImpersonationCheck.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {

void UncheckedImpersonationCheck::registerMatchers(MatchFinder *Finder) {
  // TODO
  (void)Finder;
}

void UncheckedImpersonationCheck::check(const MatchFinder::MatchResult &Result) {
  // TODO
  (void)Result;
}

} // namespace clang::tidy::pipelint
