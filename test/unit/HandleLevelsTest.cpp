//===--- HandleLevelsTest.cpp - sentinels and impersonated tokens ---------===//
#include "AstTestUtil.h"
#include "utils/HandleSentinels.h"
#include "utils/ImpersonationOrigin.h"

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
extern "C" {
HANDLE CreateFileW(const wchar_t *, DWORD, DWORD, void *, DWORD, DWORD, HANDLE);
HANDLE CreateEventW(void *, BOOL, BOOL, const wchar_t *);
BOOL FlushFileBuffers(HANDLE);
BOOL CloseHandle(HANDLE);
HANDLE GetCurrentProcess(void);
BOOL OpenProcessToken(HANDLE, DWORD, HANDLE *);
BOOL DuplicateToken(HANDLE, int, HANDLE *);
BOOL SetThreadToken(HANDLE *, HANDLE);
BOOL ImpersonateNamedPipeClient(HANDLE);
BOOL ImpersonateSelf(int);
BOOL RevertToSelf(void);
}
#define OPEN(name) CreateFileW(name, 0, 0, NULL, 3, 0, NULL)
)";

std::vector<SentinelNullTest> sentinels(const std::string &Code,
                                        std::unique_ptr<clang::ASTUnit> &AST) {
  AST = buildAst(Win32, Code);
  EXPECT_TRUE(AST);
  if (!AST)
    return {};
  clang::ASTContext &Ctx = AST->getASTContext();
  return findSentinelNullTests(findFunction(Ctx, "f"), Ctx);
}

TEST(HandleSentinels, InvalidStartTestedAgainstNull) {
  std::unique_ptr<clang::ASTUnit> AST;
  auto R = sentinels("void f(bool b) {\n"
                     "  HANDLE h = INVALID_HANDLE_VALUE;\n"
                     "  if (b) h = OPEN(L\"x\");\n"
                     "  if (h) CloseHandle(h);\n"
                     "}\n",
                     AST);
  ASSERT_EQ(R.size(), 1u);
  EXPECT_FALSE(R[0].UsedBeyondClose);
  EXPECT_EQ(R[0].Constant, nullptr);
}

TEST(HandleSentinels, UseBeyondCloseIsSeen) {
  std::unique_ptr<clang::ASTUnit> AST;
  auto R =
      sentinels("void f(bool b) {\n"
                "  HANDLE h = INVALID_HANDLE_VALUE;\n"
                "  if (b) h = OPEN(L\"x\");\n"
                "  if (h != NULL) { FlushFileBuffers(h); CloseHandle(h); }\n"
                "}\n",
                AST);
  ASSERT_EQ(R.size(), 1u);
  EXPECT_TRUE(R[0].UsedBeyondClose);
  EXPECT_NE(R[0].Constant, nullptr);
}

TEST(HandleSentinels, GuardWithoutElseReadsOnlyTheBranch) {
  std::unique_ptr<clang::ASTUnit> AST;
  auto R = sentinels("void f(bool b) {\n"
                     "  HANDLE h = INVALID_HANDLE_VALUE;\n"
                     "  if (b) h = OPEN(L\"x\");\n"
                     "  if (h == NULL) return;\n"
                     "  FlushFileBuffers(h);\n"
                     "}\n",
                     AST);
  // The valid side of `if (h == NULL) return;` is the code after the if,
  // which this flow-insensitive reading does not look at: a note.
  ASSERT_EQ(R.size(), 1u);
  EXPECT_FALSE(R[0].UsedBeyondClose);
}

TEST(HandleSentinels, OtherValuesOrAddressTakenAreNotSentinels) {
  std::unique_ptr<clang::ASTUnit> AST;
  EXPECT_TRUE(sentinels("void f(bool b) {\n"
                        "  HANDLE h = INVALID_HANDLE_VALUE;\n"
                        "  if (b) h = CreateEventW(NULL, 0, 0, NULL);\n"
                        "  if (h) CloseHandle(h);\n"
                        "}\n",
                        AST)
                  .empty());
  EXPECT_TRUE(sentinels("void g(HANDLE *);\n"
                        "void f() {\n"
                        "  HANDLE h = INVALID_HANDLE_VALUE;\n"
                        "  g(&h);\n"
                        "  if (h) CloseHandle(h);\n"
                        "}\n",
                        AST)
                  .empty());
  EXPECT_TRUE(sentinels("void f() {\n"
                        "  HANDLE h = OPEN(L\"x\");\n"
                        "  if (h) CloseHandle(h);\n"
                        "}\n",
                        AST)
                  .empty()); // no sentinel: HandleFlow's business
}

ImpersonatedToken token(const std::string &Code) {
  auto AST = buildAst(Win32, Code);
  EXPECT_TRUE(AST);
  if (!AST)
    return ImpersonatedToken::None;
  clang::ASTContext &Ctx = AST->getASTContext();
  return impersonatedToken(findFunction(Ctx, "f"), Ctx);
}

TEST(ImpersonationOrigin, WhoseTokenTheFunctionTakes) {
  EXPECT_EQ(token("void f() { RevertToSelf(); }"), ImpersonatedToken::None);
  EXPECT_EQ(token("void f(HANDLE p) {\n"
                  "  if (!ImpersonateNamedPipeClient(p)) return;\n"
                  "  RevertToSelf();\n"
                  "}\n"),
            ImpersonatedToken::OtherUser);
  EXPECT_EQ(token("void f(HANDLE t) {\n"
                  "  if (!SetThreadToken(NULL, t)) return;\n"
                  "  SetThreadToken(NULL, NULL);\n"
                  "}\n"),
            ImpersonatedToken::Unknown);
  EXPECT_EQ(
      token("void f() {\n"
            "  HANDLE p = NULL, t = NULL;\n"
            "  if (!OpenProcessToken(GetCurrentProcess(), 0, &p) ||\n"
            "      !DuplicateToken(p, 2, &t) || !SetThreadToken(NULL, t))\n"
            "    return;\n"
            "  SetThreadToken(NULL, NULL);\n"
            "}\n"),
      ImpersonatedToken::OwnOnly);
  EXPECT_EQ(token("void f() {\n"
                  "  if (!ImpersonateSelf(2)) return;\n"
                  "  RevertToSelf();\n"
                  "}\n"),
            ImpersonatedToken::OwnOnly);
}

} // namespace
} // namespace pipelint::test
