//===--- HandleFlowTest.cpp - the handle-state analysis on snippets -------===//
#include "utils/HandleFlow.h"
#include "AstTestUtil.h"

#include <gtest/gtest.h>

namespace pipelint::test {
namespace {

using namespace clang::tidy::pipelint::utils;

const char *const Win32 = R"(
typedef void *HANDLE;
typedef int BOOL;
typedef unsigned long DWORD;
#define NULL 0
#define INVALID_HANDLE_VALUE ((HANDLE)(long long)-1)
#ifndef __cplusplus
typedef __WCHAR_TYPE__ wchar_t;
#endif
#ifdef __cplusplus
extern "C" {
#endif
HANDLE CreateFileW(const wchar_t *, DWORD, DWORD, void *, DWORD, DWORD, HANDLE);
HANDLE CreateNamedPipeW(const wchar_t *, DWORD, DWORD, DWORD, DWORD, DWORD,
                        DWORD, void *);
HANDLE CreateMutexW(void *, BOOL, const wchar_t *);
BOOL ReadFile(HANDLE, void *, DWORD, DWORD *, void *);
BOOL ConnectNamedPipe(HANDLE, void *);
DWORD WaitForSingleObject(HANDLE, DWORD);
BOOL CloseHandle(HANDLE);
#ifdef __cplusplus
}
#endif
#define OPEN(name) CreateFileW(name, 0, 0, NULL, 3, 0, NULL)
)";

struct Flow {
  std::unique_ptr<clang::ASTUnit> AST;
  HandleFlowResult R;
  unsigned line(clang::SourceLocation L) {
    return lineOf(AST->getASTContext(), L) - 1; // after the #include line
  }
};

Flow analyse(const std::string &Code, bool C = false) {
  Flow Out;
  Out.AST = buildAst(Win32, Code, C);
  EXPECT_TRUE(Out.AST);
  if (!Out.AST)
    return Out;
  clang::ASTContext &Ctx = Out.AST->getASTContext();
  const clang::FunctionDecl *F = findFunction(Ctx, "f");
  EXPECT_TRUE(F);
  Out.R = analyzeHandleFlow(F, Ctx);
  EXPECT_TRUE(Out.R.Analysed);
  return Out;
}

TEST(HandleFlow, UseWithoutAnyTest) {
  Flow X = analyse("void f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  char b[4]; DWORD n;\n"
                   "  ReadFile(h, b, 4, &n, NULL);\n"
                   "  CloseHandle(h);\n"
                   "}\n");
  ASSERT_EQ(X.R.UncheckedUses.size(), 1u);
  EXPECT_EQ(X.line(X.R.UncheckedUses[0].Origin->getBeginLoc()), 2u);
  EXPECT_EQ(X.line(X.R.UncheckedUses[0].Use->getBeginLoc()), 4u);
  EXPECT_TRUE(X.R.WrongTests.empty());
  EXPECT_TRUE(X.R.Leaks.empty());
}

TEST(HandleFlow, CorrectTestSilencesEverything) {
  Flow X = analyse("void f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  if (h == INVALID_HANDLE_VALUE) return;\n"
                   "  char b[4]; DWORD n;\n"
                   "  ReadFile(h, b, 4, &n, NULL);\n"
                   "  CloseHandle(h);\n"
                   "}\n");
  EXPECT_TRUE(X.R.UncheckedUses.empty());
  EXPECT_TRUE(X.R.WrongTests.empty());
  EXPECT_TRUE(X.R.Leaks.empty());
}

TEST(HandleFlow, NullTestOfCreateFileIsWrong) {
  Flow X = analyse("void f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  if (!h) return;\n"
                   "  ConnectNamedPipe(h, NULL);\n"
                   "  CloseHandle(h);\n"
                   "}\n");
  ASSERT_EQ(X.R.WrongTests.size(), 1u);
  EXPECT_EQ(X.line(X.R.WrongTests[0].Test->getBeginLoc()), 3u);
  EXPECT_EQ(X.R.WrongTests[0].Constant, nullptr);
  EXPECT_TRUE(X.R.WrongTests[0].OnlyCreatorValues);
  EXPECT_TRUE(X.R.UncheckedUses.empty());
}

TEST(HandleFlow, NullTestThenOnlyClosedIsReportedWithTheClose) {
  Flow X = analyse("int f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  if (h == NULL) return -1;\n"
                   "  CloseHandle(h);\n"
                   "  return 0;\n"
                   "}\n");
  ASSERT_EQ(X.R.WrongTests.size(), 1u);
  EXPECT_EQ(X.line(X.R.WrongTests[0].Test->getBeginLoc()), 3u);
  EXPECT_EQ(X.line(X.R.WrongTests[0].Consumer->getBeginLoc()), 4u);
  EXPECT_TRUE(X.R.UncheckedUses.empty());
}

TEST(HandleFlow, BothTestsTogetherAreFine) {
  Flow X = analyse("void f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  if (h == NULL || h == INVALID_HANDLE_VALUE) return;\n"
                   "  ConnectNamedPipe(h, NULL);\n"
                   "  CloseHandle(h);\n"
                   "}\n");
  EXPECT_TRUE(X.R.WrongTests.empty());
  EXPECT_TRUE(X.R.UncheckedUses.empty());
}

TEST(HandleFlow, NullInitialValueBlocksTheFixIt) {
  Flow X = analyse("void f(int c) {\n"
                   "  HANDLE h = NULL;\n"
                   "  if (c) h = OPEN(L\"x\");\n"
                   "  if (h) WaitForSingleObject(h, 0);\n"
                   "}\n");
  ASSERT_EQ(X.R.WrongTests.size(), 1u);
  EXPECT_FALSE(X.R.WrongTests[0].OnlyCreatorValues);
}

TEST(HandleFlow, MutexTestedAgainstInvalidHandleValue) {
  Flow X = analyse("void f() {\n"
                   "  HANDLE m = CreateMutexW(NULL, 0, NULL);\n"
                   "  if (m == INVALID_HANDLE_VALUE) return;\n"
                   "  WaitForSingleObject(m, 0);\n"
                   "}\n");
  ASSERT_EQ(X.R.WrongTests.size(), 1u);
  EXPECT_NE(X.R.WrongTests[0].Constant, nullptr);
  // Mutexes are not tracked for leaks (only pipes, files, mailslots).
  EXPECT_TRUE(X.R.Leaks.empty());
}

TEST(HandleFlow, EarlyReturnLeaksButFailureBranchDoesNot) {
  Flow X = analyse("void f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  if (h == INVALID_HANDLE_VALUE) return;\n"
                   "  char b[4]; DWORD n;\n"
                   "  if (!ReadFile(h, b, 4, &n, NULL)) return;\n"
                   "  CloseHandle(h);\n"
                   "}\n");
  ASSERT_EQ(X.R.Leaks.size(), 1u);
  EXPECT_EQ(X.R.Leaks[0].Kind, LeakExitKind::Return);
  EXPECT_EQ(X.line(X.R.Leaks[0].Where), 5u);
}

TEST(HandleFlow, ReturnedStoredOrHandedOverIsNotALeak) {
  Flow X = analyse("HANDLE g;\n"
                   "void take(HANDLE);\n"
                   "void f(int c, HANDLE *out) {\n"
                   "  HANDLE a = OPEN(L\"a\");\n"
                   "  HANDLE b = OPEN(L\"b\");\n"
                   "  HANDLE d = OPEN(L\"d\");\n"
                   "  g = a;\n"
                   "  *out = b;\n"
                   "  take(d);\n"
                   "}\n");
  EXPECT_TRUE(X.R.Leaks.empty());
  EXPECT_TRUE(X.R.UncheckedUses.empty());
}

TEST(HandleFlow, FallingOffTheEndLeaks) {
  Flow X = analyse("void f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  if (h == INVALID_HANDLE_VALUE) return;\n"
                   "  ConnectNamedPipe(h, NULL);\n"
                   "}\n");
  ASSERT_EQ(X.R.Leaks.size(), 1u);
  EXPECT_EQ(X.R.Leaks[0].Kind, LeakExitKind::EndOfFunction);
  EXPECT_EQ(X.line(X.R.Leaks[0].Where), 5u);
}

TEST(HandleFlow, OverwriteInALoopLeaks) {
  Flow X = analyse("void f(int n) {\n"
                   "  HANDLE h;\n"
                   "  for (int i = 0; i < n; ++i) {\n"
                   "    h = OPEN(L\"x\");\n"
                   "    if (h == INVALID_HANDLE_VALUE) continue;\n"
                   "    ConnectNamedPipe(h, NULL);\n"
                   "  }\n"
                   "}\n");
  bool Overwrite = false;
  for (const HandleLeak &L : X.R.Leaks)
    Overwrite |= L.Kind == LeakExitKind::Overwrite;
  EXPECT_TRUE(Overwrite);
}

TEST(HandleFlow, InfiniteLoopWithBreak) {
  Flow X = analyse("void f() {\n"
                   "  HANDLE h;\n"
                   "  while (1) {\n"
                   "    h = OPEN(L\"x\");\n"
                   "    if (h != INVALID_HANDLE_VALUE) break;\n"
                   "  }\n"
                   "  ConnectNamedPipe(h, NULL);\n"
                   "  CloseHandle(h);\n"
                   "}\n");
  EXPECT_TRUE(X.R.UncheckedUses.empty());
  EXPECT_TRUE(X.R.Leaks.empty());
}

TEST(HandleFlow, BranchOnAConstantIsPruned) {
  Flow X = analyse("void f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  if (0) ConnectNamedPipe(h, NULL);\n"
                   "  if (1) CloseHandle(h);\n"
                   "}\n");
  EXPECT_TRUE(X.R.UncheckedUses.empty());
  EXPECT_TRUE(X.R.Leaks.empty());
}

TEST(HandleFlow, SwitchCaseUse) {
  Flow X = analyse("void f(int k) {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  switch (k) {\n"
                   "  case 1:\n"
                   "    ConnectNamedPipe(h, NULL);\n"
                   "    break;\n"
                   "  default:\n"
                   "    if (h == INVALID_HANDLE_VALUE) return;\n"
                   "  }\n"
                   "  CloseHandle(h);\n"
                   "}\n");
  ASSERT_EQ(X.R.UncheckedUses.size(), 1u);
  EXPECT_EQ(X.line(X.R.UncheckedUses[0].Use->getBeginLoc()), 5u);
  EXPECT_TRUE(X.R.Leaks.empty());
}

TEST(HandleFlow, CorrelatedCleanupIsNotALeak) {
  Flow X = analyse("void f(int c) {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  if (h == INVALID_HANDLE_VALUE) goto done;\n"
                   "  if (c) goto done;\n"
                   "  ConnectNamedPipe(h, NULL);\n"
                   "done:\n"
                   "  if (h != INVALID_HANDLE_VALUE) CloseHandle(h);\n"
                   "}\n");
  EXPECT_TRUE(X.R.Leaks.empty());
  EXPECT_TRUE(X.R.UncheckedUses.empty());
}

TEST(HandleFlow, DiscardedAndDirectlyUsedCreators) {
  Flow X = analyse("void f() {\n"
                   "  OPEN(L\"x\");\n"
                   "  ConnectNamedPipe(CreateNamedPipeW(L\"p\", 3, 0, 1, 0, 0, "
                   "0, NULL), NULL);\n"
                   "}\n");
  ASSERT_EQ(X.R.Leaks.size(), 2u);
  EXPECT_EQ(X.R.Leaks[0].Kind, LeakExitKind::Discarded);
  EXPECT_EQ(X.R.Leaks[1].Kind, LeakExitKind::Discarded);
  ASSERT_EQ(X.R.UncheckedUses.size(), 1u);
  EXPECT_EQ(X.line(X.R.UncheckedUses[0].Origin->getBeginLoc()), 3u);
}

TEST(HandleFlow, AddressTakenIsNotTracked) {
  Flow X = analyse("void g(HANDLE *);\n"
                   "void f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  g(&h);\n"
                   "  ConnectNamedPipe(h, NULL);\n"
                   "}\n");
  EXPECT_TRUE(X.R.UncheckedUses.empty());
  EXPECT_TRUE(X.R.Leaks.empty());
}

TEST(HandleFlow, TestStoredInAHelperVariableEscapes) {
  Flow X = analyse("void f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  int ok = h != INVALID_HANDLE_VALUE;\n"
                   "  if (ok) ConnectNamedPipe(h, NULL);\n"
                   "}\n");
  EXPECT_TRUE(X.R.UncheckedUses.empty());
}

TEST(HandleFlow, CopyTakesOverTheState) {
  Flow X = analyse("void f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  HANDLE pipe = h;\n"
                   "  ConnectNamedPipe(pipe, NULL);\n"
                   "  ConnectNamedPipe(h, NULL);\n"
                   "}\n");
  // Only the copy is followed after the copy; it is unchecked and leaks.
  ASSERT_EQ(X.R.UncheckedUses.size(), 1u);
  EXPECT_EQ(X.line(X.R.UncheckedUses[0].Use->getBeginLoc()), 4u);
  ASSERT_EQ(X.R.Leaks.size(), 1u);
  EXPECT_EQ(X.line(X.R.Leaks[0].Where), 6u);
}

TEST(HandleFlow, ValidatorAfterAWrongTest) {
  Flow X = analyse("int usable(HANDLE);\n"
                   "void log(HANDLE);\n"
                   "void f() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  if (h == NULL) return;\n"
                   "  if (!usable(h)) return;\n"
                   "  ConnectNamedPipe(h, NULL);\n"
                   "}\n"
                   "void g() {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  if (h == NULL) return;\n"
                   "  log(h);\n"
                   "}\n");
  // f: the helper in the condition may be the real test. g is not analysed
  // here (analyse() looks at f only).
  EXPECT_TRUE(X.R.WrongTests.empty());
  clang::ASTContext &Ctx = X.AST->getASTContext();
  HandleFlowResult G = analyzeHandleFlow(findFunction(Ctx, "g"), Ctx);
  ASSERT_EQ(G.WrongTests.size(), 1u);
  EXPECT_EQ(X.line(G.WrongTests[0].Consumer->getBeginLoc()), 12u);
}

TEST(HandleFlow, WorksOnC) {
  Flow X = analyse("void f(void) {\n"
                   "  HANDLE h = OPEN(L\"x\");\n"
                   "  if (h == 0) return;\n"
                   "  ConnectNamedPipe(h, NULL);\n"
                   "}\n",
                   /*C=*/true);
  EXPECT_EQ(X.R.WrongTests.size(), 1u);
  EXPECT_EQ(X.R.Leaks.size(), 1u);
}

} // namespace
} // namespace pipelint::test
