//===--- WorldAccessibleCheck.cpp - ipc-world-accessible ---===//
#include "WorldAccessibleCheck.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {

void WorldAccessibleCheck::registerMatchers(MatchFinder *Finder) {
  // TODO
  (void)Finder;
}

void WorldAccessibleCheck::check(const MatchFinder::MatchResult &Result) {
  // TODO
  (void)Result;
}

} // namespace clang::tidy::pipelint
