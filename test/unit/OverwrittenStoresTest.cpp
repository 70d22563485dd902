//===--- OverwrittenStoresTest.cpp - the lost-store CFG analysis ----------===//
//
// Each test builds an AST from a snippet, runs findOverwrittenStores on one
// function with every store as a candidate, and compares the (lost line,
// overwriting line) pairs.
//
//===----------------------------------------------------------------------===//
// checks/ is not on the test include path (test/CMakeLists.txt is shared).
#include "../../checks/utils/OverwrittenStores.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

namespace clang::tidy::pipelint::utils {
namespace {

using Pairs = std::vector<std::pair<unsigned, unsigned>>;

Pairs lost(llvm::StringRef Code, llvm::StringRef Function = "f",
           std::vector<std::string> Args = {"-std=c++17"},
           std::vector<std::string> *Names = nullptr) {
  std::unique_ptr<ASTUnit> AST =
      tooling::buildASTFromCodeWithArgs(Code, Args, "input.cc");
  EXPECT_TRUE(AST);
  if (!AST)
    return {};
  EXPECT_FALSE(AST->getDiagnostics().hasErrorOccurred()) << Code.str();
  ASTContext &Ctx = AST->getASTContext();
  using namespace ast_matchers;
  auto Found =
      match(functionDecl(hasName(Function), isDefinition()).bind("f"), Ctx);
  EXPECT_EQ(Found.size(), 1u) << "function " << Function.str();
  if (Found.empty())
    return {};
  const auto *FD = Found[0].getNodeAs<FunctionDecl>("f");
  const SourceManager &SM = Ctx.getSourceManager();
  Pairs Out;
  for (const OverwrittenStore &O : findOverwrittenStores(
           FD, Ctx, [](const PlainStore &) { return true; })) {
    Out.emplace_back(SM.getExpansionLineNumber(O.Lost.Loc),
                     SM.getExpansionLineNumber(O.Overwriting.Loc));
    if (Names)
      Names->push_back(O.Lost.Target.name());
  }
  return Out;
}

TEST(OverwrittenStores, StraightLine) {
  EXPECT_EQ(lost("void use(int);\n"
                 "void f() {\n"
                 "  int a = 1;\n"
                 "  a = 2;\n"
                 "  use(a);\n"
                 "}\n"),
            (Pairs{{3, 4}}));
}

TEST(OverwrittenStores, ReadBetweenIsNotLost) {
  EXPECT_EQ(lost("void use(int);\n"
                 "void f() {\n"
                 "  int a = 1;\n"
                 "  use(a);\n"
                 "  a = 2;\n"
                 "  use(a);\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, CompoundAssignmentReads) {
  EXPECT_EQ(lost("void use(int);\n"
                 "void f(bool c) {\n"
                 "  int a = c ? 1 : 0;\n"
                 "  a |= c ? 2 : 0;\n"
                 "  a &= 7;\n"
                 "  a ^= 1;\n"
                 "  use(a);\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, PastAnIfThatDoesNotTouchIt) {
  EXPECT_EQ(lost("void use(int); void other();\n"
                 "void f(bool c) {\n"
                 "  int a;\n"
                 "  a = 1;\n"
                 "  if (c)\n"
                 "    other();\n"
                 "  a = 2;\n"
                 "  use(a);\n"
                 "}\n"),
            (Pairs{{4, 7}}));
}

TEST(OverwrittenStores, DefaultReplacedInEveryBranchIsNotReported) {
  EXPECT_EQ(lost("void use(int);\n"
                 "void f(int k) {\n"
                 "  int a = 1;\n"
                 "  if (k)\n"
                 "    a = 2;\n"
                 "  else\n"
                 "    a = 3;\n"
                 "  use(a);\n"
                 "  int b = 1;\n"
                 "  switch (k) {\n"
                 "  case 0: b = 2; break;\n"
                 "  default: b = 3; break;\n"
                 "  }\n"
                 "  use(b);\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, ConditionalOverwriteLeavesAReadingPath) {
  EXPECT_EQ(lost("void use(int);\n"
                 "void f(bool c) {\n"
                 "  int a = 1;\n"
                 "  if (c)\n"
                 "    a = 2;\n"
                 "  use(a);\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, BranchStoresLostToOneLaterStore) {
  EXPECT_EQ(lost("void use(int);\n"
                 "void f(bool c) {\n"
                 "  int a;\n"
                 "  if (c)\n"
                 "    a = 1;\n"
                 "  else\n"
                 "    a = 2;\n"
                 "  a = 3;\n"
                 "  use(a);\n"
                 "}\n"),
            (Pairs{{5, 8}, {7, 8}}));
}

TEST(OverwrittenStores, LoopBody) {
  EXPECT_EQ(lost("void use(int);\n"
                 "void f(int n) {\n"
                 "  for (int i = 0; i < n; ++i) {\n"
                 "    int a = 1;\n"
                 "    a = 2;\n"
                 "    use(a);\n"
                 "  }\n"
                 "  int b = 0;\n"
                 "  while (n--) {\n"
                 "    b = 4;\n"
                 "    use(b);\n"
                 "  }\n"
                 "}\n"),
            (Pairs{{4, 5}}));
}

TEST(OverwrittenStores, DeclarationInALoopStartsAFreshObject) {
  // The last store of one iteration is not "overwritten" by the next
  // iteration's declaration: the variable went out of scope.
  EXPECT_EQ(lost("void use(int);\n"
                 "void f(int n) {\n"
                 "  while (n--) {\n"
                 "    int a = 1;\n"
                 "    use(a);\n"
                 "    a = 2;\n"
                 "  }\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, AddressOrReferenceBetweenIsARead) {
  EXPECT_EQ(lost("void take(int *); void ref(int &); void use(int);\n"
                 "void f() {\n"
                 "  int a = 1;\n"
                 "  take(&a);\n"
                 "  a = 2;\n"
                 "  int b = 1;\n"
                 "  ref(b);\n"
                 "  b = 2;\n"
                 "  int c = 1;\n"
                 "  int &r = c;\n"
                 "  c = 2;\n"
                 "  use(r);\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, ConstructorKeepingAReferenceEscapes) {
  EXPECT_EQ(lost("struct Watch { Watch(const int &v); void check(); };\n"
                 "void f() {\n"
                 "  int a = 1;\n"
                 "  Watch w(a);\n"
                 "  a = 2;\n"
                 "  w.check();\n"
                 "  a = 3;\n"
                 "  w.check();\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, EscapedLocalIsReadByCallsAndDereferences) {
  EXPECT_EQ(lost("void use(int); int *keep;\n"
                 "void f() {\n"
                 "  int a = 0;\n"
                 "  keep = &a;\n"
                 "  a = 1;\n"
                 "  use(0);\n"
                 "  a = 2;\n"
                 "  int x = *keep;\n"
                 "  a = 3;\n"
                 "  use(x);\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, AddressTakenAfterwardsStillFinds) {
  EXPECT_EQ(lost("void take(int *);\n"
                 "void f() {\n"
                 "  int a = 1;\n"
                 "  a = 2;\n"
                 "  take(&a);\n"
                 "}\n"),
            (Pairs{{3, 4}}));
}

TEST(OverwrittenStores, VolatileIsNotTracked) {
  EXPECT_EQ(lost("void use(int);\n"
                 "void f() {\n"
                 "  volatile int a = 1;\n"
                 "  a = 2;\n"
                 "  use(a);\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, MembersAreReadByCallsThatMayRunOurCode) {
  const char *Code = "void other();\n"
                     "struct S {\n"
                     "  int m;\n"
                     "  void f() {\n"
                     "    m = 1;\n"
                     "    m = 2;\n"
                     "  }\n"
                     "  void g() {\n"
                     "    m = 1;\n"
                     "    other();\n"
                     "    m = 2;\n"
                     "  }\n"
                     "  void h(S *p, int *out) {\n"
                     "    m = 1;\n"
                     "    *out = p->m;\n"
                     "    m = 2;\n"
                     "  }\n"
                     "  S() : m(1) { m = 2; }\n"
                     "};\n";
  std::vector<std::string> Names;
  EXPECT_EQ(lost(Code, "f", {"-std=c++17"}, &Names), (Pairs{{5, 6}}));
  EXPECT_EQ(Names, std::vector<std::string>{"m"});
  EXPECT_EQ(lost(Code, "g"), Pairs{});
  EXPECT_EQ(lost(Code, "h"), Pairs{});
  EXPECT_EQ(lost(Code, "S"), (Pairs{{18, 18}}));
}

TEST(OverwrittenStores, FieldsOfLocalRecords) {
  std::vector<std::string> Names;
  EXPECT_EQ(lost("struct O { int a, b; }; void use(O);\n"
                 "void f() {\n"
                 "  O o;\n"
                 "  o.a = 1;\n"
                 "  o.b = 5;\n"
                 "  o.a = 2;\n"
                 "  use(o);\n"
                 "}\n",
                 "f", {"-std=c++17"}, &Names),
            (Pairs{{4, 6}}));
  EXPECT_EQ(Names, std::vector<std::string>{"o.a"});
}

TEST(OverwrittenStores, AssignmentWhoseValueIsUsed) {
  EXPECT_EQ(lost("void use(int);\n"
                 "void f() {\n"
                 "  int a;\n"
                 "  use(a = 1);\n"
                 "  a = 2;\n"
                 "  use(a);\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, TryBlocksAreLeftAlone) {
  EXPECT_EQ(lost("void use(int); void mayThrow();\n"
                 "void f() {\n"
                 "  int a = 1;\n"
                 "  try {\n"
                 "    mayThrow();\n"
                 "    a = 2;\n"
                 "  } catch (...) {\n"
                 "    use(a);\n"
                 "  }\n"
                 "  use(a);\n"
                 "}\n",
                 "f", {"-std=c++17", "-fexceptions", "-fcxx-exceptions"}),
            Pairs{});
}

TEST(OverwrittenStores, LambdaCaptureByReferenceEscapes) {
  EXPECT_EQ(lost("void use(int);\n"
                 "void f() {\n"
                 "  int a = 1;\n"
                 "  auto show = [&] { use(a); };\n"
                 "  a = 2;\n"
                 "  show();\n"
                 "  a = 3;\n"
                 "  show();\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, GlobalsAreReadByOpaqueCalls) {
  const char *Code = "int g; void other();\n"
                     "void f() {\n"
                     "  g = 1;\n"
                     "  g = 2;\n"
                     "}\n"
                     "void h() {\n"
                     "  g = 1;\n"
                     "  other();\n"
                     "  g = 2;\n"
                     "}\n";
  EXPECT_EQ(lost(Code, "f"), (Pairs{{3, 4}}));
  EXPECT_EQ(lost(Code, "h"), Pairs{});
}

TEST(OverwrittenStores, UnreachableStoresAreNotReported) {
  EXPECT_EQ(lost("void f() {\n"
                 "  return;\n"
                 "  int a = 1;\n"
                 "  a = 2;\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, StoresInDifferentFunctions) {
  const char *Code = "struct S { int m; void a(); void b(); };\n"
                     "void S::a() { m = 1; }\n"
                     "void S::b() { m = 2; }\n";
  EXPECT_EQ(lost(Code, "a"), Pairs{});
  EXPECT_EQ(lost(Code, "b"), Pairs{});
}

TEST(OverwrittenStores, UnionFieldsShareStorage) {
  EXPECT_EQ(lost("union U { unsigned whole; unsigned short half[2]; };\n"
                 "void use(unsigned);\n"
                 "void f() {\n"
                 "  U u;\n"
                 "  u.whole = 1;\n"
                 "  use(u.half[0]);\n"
                 "  u.whole = 2;\n"
                 "  use(u.whole);\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, ConstantConditionsKeepBothPaths) {
  EXPECT_EQ(lost("constexpr bool kWrite = true; void use(int);\n"
                 "void f() {\n"
                 "  int a = 1;\n"
                 "  if (kWrite)\n"
                 "    a = 2;\n"
                 "  use(a);\n"
                 "}\n"),
            Pairs{});
}

TEST(OverwrittenStores, DoWhileZeroMacrosAreStraightLine) {
  EXPECT_EQ(lost("#define SET(v, x) do { (v) = (x); } while (0)\n"
                 "void use(int);\n"
                 "void f() {\n"
                 "  int a;\n"
                 "  SET(a, 1);\n"
                 "  SET(a, 2);\n"
                 "  use(a);\n"
                 "}\n"),
            (Pairs{{5, 6}}));
}

TEST(OverwrittenStores, LoopThatNeverTouchesTheTargetOnSomePaths) {
  // On the path that spins without storing, the first value is never read
  // either: it is lost on every path that does anything with the target.
  EXPECT_EQ(lost("void use(int); bool poll();\n"
                 "void f() {\n"
                 "  int a = 1;\n"
                 "  for (;;) {\n"
                 "    if (poll()) {\n"
                 "      a = 2;\n"
                 "      use(a);\n"
                 "    }\n"
                 "  }\n"
                 "}\n"),
            (Pairs{{3, 6}}));
}

TEST(OverwrittenStores, CIsSupported) {
  EXPECT_EQ(lost("void use(int);\n"
                 "void f(void) {\n"
                 "  int a = 1;\n"
                 "  a = 2;\n"
                 "  use(a);\n"
                 "}\n",
                 "f", {"-xc", "-std=c11"}),
            (Pairs{{3, 4}}));
}

} // namespace
} // namespace clang::tidy::pipelint::utils
