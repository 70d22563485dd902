//===--- StatusTestsTest.cpp - how impersonation results are tested -------===//
#include "utils/StatusTests.h"
#include "AstTestUtil.h"

#include <gtest/gtest.h>

namespace pipelint::test {
namespace {

using namespace clang::tidy::pipelint::utils;

const char *const Api = R"(
typedef void *HANDLE;
typedef int BOOL;
typedef long RPC_STATUS;
typedef long HRESULT;
#define TRUE 1
#define FALSE 0
#define S_OK ((HRESULT)0L)
#define RPC_S_OK 0L
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#ifdef __cplusplus
extern "C" {
#endif
BOOL ImpersonateNamedPipeClient(HANDLE);
BOOL RevertToSelf(void);
RPC_STATUS RpcImpersonateClient(void *);
RPC_STATUS RpcRevertToSelf(void);
HRESULT CoImpersonateClient(void);
__attribute__((noreturn)) void ExitProcess(unsigned);
#ifdef __cplusplus
}
#endif
)";

struct Uses {
  std::unique_ptr<clang::ASTUnit> AST;
  StatusUse U;
};

/// Analyses the first call to \p Fn in \p Code.
Uses analyse(const std::string &Code, const std::string &Fn, bool C = false) {
  Uses Out;
  Out.AST = buildAst(Api, Code, C);
  EXPECT_TRUE(Out.AST);
  clang::ASTContext &Ctx = Out.AST->getASTContext();
  auto Calls = findCalls(Ctx, Fn);
  EXPECT_FALSE(Calls.empty());
  if (Calls.empty())
    return Out;
  const StatusFunction *F =
      lookupImpersonationFunction(Calls.front()->getDirectCallee());
  EXPECT_TRUE(F);
  if (F)
    Out.U = analyzeStatusUse(Calls.front(), F->Family, Ctx);
  return Out;
}

TestVerdict onlyVerdict(const Uses &X) {
  EXPECT_EQ(X.U.K, StatusUse::Handled);
  EXPECT_EQ(X.U.Tests.size(), 1u);
  return X.U.Tests.empty() ? TestVerdict::Correct : X.U.Tests[0].Verdict;
}

TEST(StatusTests, IgnoredAndVoidCast) {
  EXPECT_EQ(analyse("void f(HANDLE h) { ImpersonateNamedPipeClient(h); }",
                    "ImpersonateNamedPipeClient")
                .U.K,
            StatusUse::Ignored);
  EXPECT_EQ(analyse("void f(HANDLE h) { (void)ImpersonateNamedPipeClient(h); }",
                    "ImpersonateNamedPipeClient")
                .U.K,
            StatusUse::Ignored);
}

TEST(StatusTests, StoredButNeverRead) {
  Uses X = analyse("void f(HANDLE h) {\n"
                   "  BOOL ok = ImpersonateNamedPipeClient(h);\n"
                   "  (void)ok;\n"
                   "}\n",
                   "ImpersonateNamedPipeClient");
  EXPECT_EQ(X.U.K, StatusUse::StoredUnread);
  ASSERT_TRUE(X.U.Var);
  EXPECT_EQ(X.U.Var->getName(), "ok");
}

TEST(StatusTests, ReturnedOrPassedOnIsHandled) {
  Uses X = analyse("BOOL f(HANDLE h) { return ImpersonateNamedPipeClient(h); }",
                   "ImpersonateNamedPipeClient");
  EXPECT_EQ(X.U.K, StatusUse::Handled);
  EXPECT_TRUE(X.U.Tests.empty());
}

TEST(StatusTests, BoolTests) {
  auto V = [](const char *Cond) {
    return onlyVerdict(analyse(std::string("void f(HANDLE h) { if (") + Cond +
                                   ") RevertToSelf(); }",
                               "ImpersonateNamedPipeClient"));
  };
  EXPECT_EQ(V("ImpersonateNamedPipeClient(h)"), TestVerdict::Correct);
  EXPECT_EQ(V("!ImpersonateNamedPipeClient(h)"), TestVerdict::Correct);
  EXPECT_EQ(V("ImpersonateNamedPipeClient(h) != FALSE"), TestVerdict::Correct);
  EXPECT_EQ(V("ImpersonateNamedPipeClient(h) == TRUE"),
            TestVerdict::SuccessAsFailure);
  EXPECT_EQ(V("ImpersonateNamedPipeClient(h) > 0"),
            TestVerdict::SuccessAsFailure);
  EXPECT_EQ(V("ImpersonateNamedPipeClient(h) == -1"),
            TestVerdict::FailureAsSuccess);
  EXPECT_EQ(V("ImpersonateNamedPipeClient(h) >= 0"),
            TestVerdict::FailureAsSuccess);
  EXPECT_EQ(V("SUCCEEDED(ImpersonateNamedPipeClient(h))"),
            TestVerdict::FailureAsSuccess);
  EXPECT_EQ(V("ImpersonateNamedPipeClient(h) == S_OK"),
            TestVerdict::FailureAsSuccess);
}

TEST(StatusTests, ReplacementKeepsTheIntendedMeaning) {
  Uses X = analyse("void f(HANDLE h) {\n"
                   "  if (ImpersonateNamedPipeClient(h) == -1) return;\n"
                   "}\n",
                   "ImpersonateNamedPipeClient");
  ASSERT_EQ(X.U.Tests.size(), 1u);
  // `== -1` was meant as the failure test.
  EXPECT_EQ(X.U.Tests[0].Replacement, "ImpersonateNamedPipeClient(h) == FALSE");
}

TEST(StatusTests, RpcStatusTruthTestReadFromTheBranches) {
  // The branch that reverts is the success branch: failure taken for it.
  Uses Work = analyse("void f(void *b) {\n"
                      "  if (RpcImpersonateClient(b)) { RpcRevertToSelf(); }\n"
                      "}\n",
                      "RpcImpersonateClient");
  EXPECT_EQ(onlyVerdict(Work), TestVerdict::FailureAsSuccess);
  EXPECT_EQ(Work.U.Tests[0].Replacement, "RpcImpersonateClient(b) == RPC_S_OK");
  // An if without else that bails out is the failure branch: right.
  Uses Guard = analyse("BOOL f(void *b) {\n"
                       "  if (RpcImpersonateClient(b)) return FALSE;\n"
                       "  RpcRevertToSelf();\n"
                       "  return TRUE;\n"
                       "}\n",
                       "RpcImpersonateClient");
  EXPECT_EQ(onlyVerdict(Guard), TestVerdict::Correct);
  // The BOOL habit: bail out when `!status`, i.e. on success.
  Uses Habit = analyse("BOOL f(void *b) {\n"
                       "  if (!RpcImpersonateClient(b)) return FALSE;\n"
                       "  return TRUE;\n"
                       "}\n",
                       "RpcImpersonateClient");
  EXPECT_EQ(onlyVerdict(Habit), TestVerdict::FailureAsSuccess);
  // Nothing to read the intent from.
  Uses Unclear = analyse("void g(void);\n"
                         "void f(void *b) {\n"
                         "  if (RpcImpersonateClient(b)) g();\n"
                         "}\n",
                         "RpcImpersonateClient");
  EXPECT_EQ(onlyVerdict(Unclear), TestVerdict::Ambiguous);
}

TEST(StatusTests, RpcStatusComparisons) {
  auto V = [](const char *Cond) {
    return onlyVerdict(analyse(std::string("void f(void *b) { if (") + Cond +
                                   ") return; RpcRevertToSelf(); }",
                               "RpcImpersonateClient"));
  };
  EXPECT_EQ(V("RpcImpersonateClient(b) != RPC_S_OK"), TestVerdict::Correct);
  EXPECT_EQ(V("RpcImpersonateClient(b) != 0"), TestVerdict::Correct);
  EXPECT_EQ(V("FAILED(RpcImpersonateClient(b))"),
            TestVerdict::FailureAsSuccess);
  EXPECT_EQ(V("RpcImpersonateClient(b) == FALSE"),
            TestVerdict::FailureAsSuccess);
}

TEST(StatusTests, SpecificErrorCodeIsNotASuccessTest) {
  Uses X = analyse("void f(void *b) {\n"
                   "  if (RpcImpersonateClient(b) == 1725L) return;\n"
                   "}\n",
                   "RpcImpersonateClient");
  EXPECT_EQ(X.U.K, StatusUse::Handled);
  EXPECT_TRUE(X.U.Tests.empty());
}

TEST(StatusTests, ThroughAVariable) {
  Uses X = analyse("void f(HANDLE h) {\n"
                   "  BOOL ok = ImpersonateNamedPipeClient(h);\n"
                   "  if (ok == -1) return;\n"
                   "  RevertToSelf();\n"
                   "}\n",
                   "ImpersonateNamedPipeClient");
  EXPECT_EQ(onlyVerdict(X), TestVerdict::FailureAsSuccess);
  EXPECT_EQ(X.U.Tests[0].Replacement, "ok == FALSE");
}

TEST(StatusTests, HResultInC) {
  Uses X = analyse("void f(void) {\n"
                   "  if (CoImpersonateClient() == S_OK) { RevertToSelf(); }\n"
                   "}\n",
                   "CoImpersonateClient", /*C=*/true);
  EXPECT_EQ(onlyVerdict(X), TestVerdict::Correct);
  Uses Y = analyse("void f(void) {\n"
                   "  if (!CoImpersonateClient()) ExitProcess(1);\n"
                   "}\n",
                   "CoImpersonateClient", /*C=*/true);
  EXPECT_EQ(onlyVerdict(Y), TestVerdict::FailureAsSuccess);
}

} // namespace
} // namespace pipelint::test
