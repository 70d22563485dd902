//===--- ConstantFactsTest.cpp - conditions constant in fact --------------===//
#include "utils/ConstantFacts.h"
#include "AstTestUtil.h"

#include "clang/AST/Stmt.h"
#include <gtest/gtest.h>

namespace pipelint::test {
namespace {

using namespace clang::tidy::pipelint::utils;

/// The truth of the condition of the first statement of f(), an `if`.
std::optional<bool> truthOfFirstIf(const std::string &Code, bool C = true) {
  auto AST = buildAst("", Code, C);
  EXPECT_TRUE(AST);
  if (!AST)
    return std::nullopt;
  clang::ASTContext &Ctx = AST->getASTContext();
  const clang::FunctionDecl *F = findFunction(Ctx, "f");
  const auto *Body =
      F ? llvm::dyn_cast<clang::CompoundStmt>(F->getBody()) : nullptr;
  const auto *If = Body && !Body->body_empty()
                       ? llvm::dyn_cast<clang::IfStmt>(Body->body_front())
                       : nullptr;
  EXPECT_TRUE(If);
  if (!If)
    return std::nullopt;
  ConstantFacts Facts(Ctx);
  return Facts.truth(If->getCond());
}

TEST(ConstantFacts, StaticNothingWrites) {
  EXPECT_EQ(truthOfFirstIf("static int on = 1; void f(void) { if (on) {} }"),
            true);
  EXPECT_EQ(truthOfFirstIf("static int off; void f(void) { if (off) {} }"),
            false);
  EXPECT_EQ(truthOfFirstIf("static int five = 5;"
                           "void f(void) { if (five == 5) {} }"),
            true);
}

TEST(ConstantFacts, WrittenOrExternalIsUnknown) {
  EXPECT_EQ(truthOfFirstIf("static int on = 1; void g(void) { on = 0; }"
                           "void f(void) { if (on) {} }"),
            std::nullopt);
  EXPECT_EQ(truthOfFirstIf("static int on = 1; void g(void) { on++; }"
                           "void f(void) { if (on) {} }"),
            std::nullopt);
  EXPECT_EQ(truthOfFirstIf("static int on = 1; int *p = &on;"
                           "void f(void) { if (on) {} }"),
            std::nullopt);
  EXPECT_EQ(truthOfFirstIf("int on = 1; void f(void) { if (on) {} }"),
            std::nullopt);
  EXPECT_EQ(truthOfFirstIf("static volatile int on = 1;"
                           "void f(void) { if (on) {} }"),
            std::nullopt);
}

TEST(ConstantFacts, ConstAndFunctions) {
  EXPECT_EQ(truthOfFirstIf("const int yes = 1; void f(void) { if (yes) {} }"),
            true);
  EXPECT_EQ(truthOfFirstIf("static int no(void) { return 0; }"
                           "void f(void) { if (!no()) {} }"),
            true);
  EXPECT_EQ(truthOfFirstIf("int rnd(void); static int maybe(void) { return "
                           "rnd(); } void f(void) { if (maybe()) {} }"),
            std::nullopt);
  EXPECT_EQ(truthOfFirstIf("static int n; static int next(void) { n++; return "
                           "1; } void f(void) { if (next()) {} }"),
            std::nullopt);
}

} // namespace
} // namespace pipelint::test
