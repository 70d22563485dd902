//===--- AstTestUtil.h - build an AST from a snippet for unit tests -------===//
#ifndef PIPELINT_TEST_UNIT_ASTTESTUTIL_H
#define PIPELINT_TEST_UNIT_ASTTESTUTIL_H

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace pipelint::test {

/// Parses \p Code as C++17 (or C with \p C), with the declarations in
/// \p Prelude put in a system header so that API lookups treat them as the
/// real ones.
inline std::unique_ptr<clang::ASTUnit>
buildAst(const std::string &Prelude, const std::string &Code, bool C = false) {
  std::vector<std::string> Args = {C ? "-std=c11" : "-std=c++17",
                                   "-Wno-everything", "-isystem", "/sys"};
  // The AST refers to the header's text without copying it: keep every
  // header alive as long as the test program (a local was freed on return).
  static std::deque<clang::tooling::FileContentMappings> Kept;
  Kept.push_back({{"/sys/api.h", Prelude}});
  return clang::tooling::buildASTFromCodeWithArgs(
      "#include <api.h>\n" + Code, Args, C ? "input.c" : "input.cc",
      "clang-tool", std::make_shared<clang::PCHContainerOperations>(),
      clang::tooling::getClangStripDependencyFileAdjuster(), Kept.back());
}

/// The definition of function \p Name.
inline const clang::FunctionDecl *findFunction(clang::ASTContext &Ctx,
                                               const std::string &Name) {
  using namespace clang::ast_matchers;
  auto Found =
      match(functionDecl(hasName(Name), isDefinition()).bind("f"), Ctx);
  return Found.empty() ? nullptr
                       : Found.front().getNodeAs<clang::FunctionDecl>("f");
}

/// Every call to a function named \p Name, in source order.
inline std::vector<const clang::CallExpr *> findCalls(clang::ASTContext &Ctx,
                                                      const std::string &Name) {
  using namespace clang::ast_matchers;
  std::vector<const clang::CallExpr *> Calls;
  for (const auto &N :
       match(callExpr(callee(functionDecl(hasName(Name)))).bind("c"), Ctx))
    Calls.push_back(N.getNodeAs<clang::CallExpr>("c"));
  return Calls;
}

/// The line of \p Loc.
inline unsigned lineOf(clang::ASTContext &Ctx, clang::SourceLocation Loc) {
  return Ctx.getSourceManager().getExpansionLineNumber(Loc);
}

} // namespace pipelint::test

#endif
