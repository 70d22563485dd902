//===--- RetryLoopTest.cpp - the retry-loop CFG analysis ------------------===//
//
// utils::analyzeRetryLoop on small programs with mock declarations of the
// Win32, POSIX and Qt calls (same shapes as the real headers).
//
//===----------------------------------------------------------------------===//
#include "utils/RetryLoop.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

namespace clang::tidy::pipelint::utils {
namespace {

using namespace clang::ast_matchers;

const char *const Prelude = R"cpp(
typedef void *HANDLE; typedef int BOOL; typedef unsigned long DWORD;
extern "C" {
HANDLE CreateFileW(const wchar_t *, DWORD, DWORD, void *, DWORD, DWORD, HANDLE);
HANDLE CreateNamedPipeW(const wchar_t *, DWORD, DWORD, DWORD, DWORD, DWORD,
                        DWORD, void *);
BOOL WaitNamedPipeW(const wchar_t *, DWORD);
BOOL ConnectNamedPipe(HANDLE, void *);
BOOL CloseHandle(HANDLE);
DWORD GetLastError(void);
void Sleep(DWORD);
unsigned long long GetTickCount64(void);
int connect(int, const void *, unsigned);
int *__errno_location(void);
int open(const char *, int, ...);
int mkfifo(const char *, unsigned);
void serve(HANDLE);
bool askUser(void);
}
#define INVALID_HANDLE_VALUE ((HANDLE)(long long)-1)
#define ERROR_PIPE_BUSY 231L
#define ERROR_PIPE_CONNECTED 535L
#define NMPWAIT_WAIT_FOREVER 0xffffffff
#define errno (*__errno_location())
#define EINTR 4
#define EAGAIN 11
#define ENXIO 6
namespace std {
template <class T> struct atomic { T load() const; operator T() const; };
}
class QLocalSocket {
public:
  void connectToServer(const char *);
  bool waitForConnected(int msecs = 30000);
};
#define Q_FOREVER for (;;)
#define forever Q_FOREVER
const wchar_t *const Name = L"\\\\.\\pipe\\p";
)cpp";

struct Result {
  RetryLoopVerdict Verdict;
  bool Infinite = false;
  std::string Operation, Retried, Wait, Keyword;
};

std::string calleeName(const CallExpr *C) {
  if (!C || !C->getDirectCallee())
    return "";
  return C->getDirectCallee()->getNameAsString();
}

/// Analyses the first loop of function `f` in \p Code.
Result analyze(const std::string &Code,
               std::vector<std::string> ExtraNames = {}) {
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
      std::string(Prelude) + Code, {"-std=c++17", "-Wno-everything"});
  Result R;
  if (!AST) {
    ADD_FAILURE() << "does not parse";
    return R;
  }
  ASTContext &Ctx = AST->getASTContext();
  auto Matches = match(stmt(anyOf(forStmt(), whileStmt(), doStmt()),
                            forCallable(functionDecl(hasName("f")).bind("f")))
                           .bind("loop"),
                       Ctx);
  if (Matches.empty()) {
    ADD_FAILURE() << "no loop in f";
    return R;
  }
  // The outermost loop comes first in source order.
  const Stmt *Loop = Matches.front().getNodeAs<Stmt>("loop");
  for (const BoundNodes &N : Matches) {
    const Stmt *L = N.getNodeAs<Stmt>("loop");
    if (Ctx.getSourceManager().isBeforeInTranslationUnit(L->getBeginLoc(),
                                                         Loop->getBeginLoc()))
      Loop = L;
  }
  const auto *F = Matches.front().getNodeAs<FunctionDecl>("f");
  R.Infinite = isInfiniteLoop(Loop, Ctx);
  R.Verdict = analyzeRetryLoop(Loop, F, Ctx, IpcOperationMatcher(ExtraNames));
  R.Operation = calleeName(R.Verdict.Operation);
  R.Retried = calleeName(R.Verdict.Retried);
  R.Wait = calleeName(R.Verdict.TimedWait);
  R.Keyword =
      loopKeyword(Loop, Ctx.getSourceManager(), Ctx.getLangOpts()).Spelling;
  return R;
}

constexpr auto Unbounded = RetryLoopVerdict::Unbounded;
constexpr auto Bounded = RetryLoopVerdict::Bounded;

TEST(RetryLoop, ClassicWaitNamedPipeLoopIsContentionOnly) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      HANDLE h;
      for (;;) {
        h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) break;
        if (GetLastError() != ERROR_PIPE_BUSY) return 0;
        if (!WaitNamedPipeW(Name, 5000)) return 0;
      }
      return h;
    })cpp");
  EXPECT_TRUE(R.Infinite);
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_TRUE(R.Verdict.ContentionOnly);
  EXPECT_EQ(R.Operation, "CreateFileW");
  EXPECT_EQ(R.Retried, "CreateFileW");
  EXPECT_EQ(R.Wait, "WaitNamedPipeW");
  EXPECT_EQ(R.Keyword, "for");
}

TEST(RetryLoop, WaitBeforeTheOperationIsContentionOnlyToo) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      while (true) {
        if (!WaitNamedPipeW(Name, 2000)) return 0;
        HANDLE h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) return h;
      }
    })cpp");
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_TRUE(R.Verdict.ContentionOnly);
  EXPECT_EQ(R.Operation, "CreateFileW");
  EXPECT_EQ(R.Keyword, "while");
}

TEST(RetryLoop, FailedWaitThatLoopsBackIsAWarning) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      HANDLE h;
      for (;;) {
        h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) break;
        if (GetLastError() != ERROR_PIPE_BUSY) return 0;
        if (!WaitNamedPipeW(Name, 5000)) { Sleep(100); continue; }
      }
      return h;
    })cpp");
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_FALSE(R.Verdict.ContentionOnly);
  EXPECT_EQ(R.Wait, "");
}

TEST(RetryLoop, IgnoredWaitResultIsAWarning) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      HANDLE h;
      do {
        h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) break;
        WaitNamedPipeW(Name, 5000);
      } while (true);
      return h;
    })cpp");
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_FALSE(R.Verdict.ContentionOnly);
  EXPECT_EQ(R.Keyword, "do");
}

TEST(RetryLoop, WaitForeverIsNoTimedWait) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      HANDLE h;
      for (;;) {
        h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) break;
        if (!WaitNamedPipeW(Name, NMPWAIT_WAIT_FOREVER)) return 0;
      }
      return h;
    })cpp");
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_FALSE(R.Verdict.ContentionOnly);
}

TEST(RetryLoop, RetryOnAnErrorCodeIsAWarning) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      while (1) {
        HANDLE h = CreateNamedPipeW(Name, 3, 0, 1, 0, 0, 0, 0);
        if (h != INVALID_HANDLE_VALUE) return h;
        DWORD err = GetLastError();
        if (err != 5 /* ERROR_ACCESS_DENIED */) return 0;
        Sleep(1000);
      }
    })cpp");
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_EQ(R.Operation, "CreateNamedPipeW");
}

TEST(RetryLoop, ServiceLoopIsNotARetryLoop) {
  Result R = analyze(R"cpp(
    void f() {
      for (;;) {
        HANDLE h = CreateNamedPipeW(Name, 3, 0, 1, 0, 0, 0, 0);
        if (h == INVALID_HANDLE_VALUE) { Sleep(100); continue; }
        if (ConnectNamedPipe(h, 0) || GetLastError() == ERROR_PIPE_CONNECTED)
          serve(h);
        CloseHandle(h);
      }
    })cpp");
  EXPECT_EQ(R.Verdict.K, RetryLoopVerdict::ServiceLoop);
}

TEST(RetryLoop, AttemptCounterBoundsTheLoop) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      int attempts = 0;
      for (;;) {
        HANDLE h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) return h;
        if (++attempts == 5) return 0;
        Sleep(200);
      }
    })cpp");
  EXPECT_EQ(R.Verdict.K, Bounded);
}

TEST(RetryLoop, CounterCheckedBeforeTheCallBoundsTheLoop) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      for (int retries = 3;; ) {
        if (retries-- == 0) return 0;
        HANDLE h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) return h;
      }
    })cpp");
  EXPECT_EQ(R.Verdict.K, Bounded);
}

TEST(RetryLoop, DeadlineBoundsTheLoop) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      unsigned long long deadline = GetTickCount64() + 5000;
      for (;;) {
        HANDLE h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) return h;
        if (GetTickCount64() > deadline) return 0;
      }
    })cpp");
  EXPECT_EQ(R.Verdict.K, Bounded);
}

TEST(RetryLoop, AtomicAndVolatileFlagsBoundTheLoop) {
  for (const char *Flag : {"std::atomic<bool> &stop", "volatile bool &stop"}) {
    Result R = analyze(std::string("HANDLE f(") + Flag + R"cpp() {
        for (;;) {
          if (stop) return 0;
          HANDLE h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
          if (h != INVALID_HANDLE_VALUE) return h;
          Sleep(10);
        }
      })cpp");
    EXPECT_EQ(R.Verdict.K, Bounded) << Flag;
  }
}

TEST(RetryLoop, MemberFlagTheLoopDoesNotWriteBoundsIt) {
  Result R = analyze(R"cpp(
    struct Client {
      bool cancelled = false;
      HANDLE f() {
        for (;;) {
          HANDLE h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
          if (h != INVALID_HANDLE_VALUE) return h;
          if (cancelled) return 0;
        }
      }
    };)cpp");
  EXPECT_EQ(R.Verdict.K, Bounded);
}

TEST(RetryLoop, MemberTheLoopSetsFromTheResultIsNoFlag) {
  Result R = analyze(R"cpp(
    struct Client {
      bool connected = false;
      HANDLE h = 0;
      void f() {
        for (;;) {
          h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
          connected = h != INVALID_HANDLE_VALUE;
          if (connected) break;
        }
      }
    };)cpp");
  EXPECT_EQ(R.Verdict.K, Unbounded);
}

TEST(RetryLoop, UnknownExitConditionCountsAsAWayOut) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      for (;;) {
        HANDLE h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) return h;
        if (!askUser()) return 0;
      }
    })cpp");
  EXPECT_EQ(R.Verdict.K, Bounded);
}

TEST(RetryLoop, ParameterFixedBeforeTheLoopIsNoBound) {
  Result R = analyze(R"cpp(
    HANDLE f(bool retry) {
      for (;;) {
        HANDLE h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) return h;
        if (!retry) return 0;
      }
    })cpp");
  EXPECT_EQ(R.Verdict.K, Unbounded);
}

TEST(RetryLoop, HelperThatAlwaysThrowsLeavesTheLoop) {
  Result R = analyze(R"cpp(
    struct Error {};
    void fail() { throw Error(); }
    HANDLE f() {
      for (;;) {
        HANDLE h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) return h;
        fail();
      }
    })cpp");
  EXPECT_NE(R.Verdict.K, Unbounded);
}

TEST(RetryLoop, QtForeverConnectLoopNamesConnectToServer) {
  Result R = analyze(R"cpp(
    void f(QLocalSocket &socket) {
      forever {
        socket.connectToServer("srv");
        if (socket.waitForConnected(1000)) break;
      }
    })cpp");
  EXPECT_TRUE(R.Infinite);
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_FALSE(R.Verdict.ContentionOnly);
  EXPECT_EQ(R.Operation, "waitForConnected");
  EXPECT_EQ(R.Retried, "connectToServer");
  EXPECT_EQ(R.Keyword, "forever");
}

TEST(RetryLoop, QForeverIsSpelledAsWritten) {
  Result R = analyze(R"cpp(
    void f(QLocalSocket *socket) {
      Q_FOREVER {
        socket->connectToServer("srv");
        bool ok = socket->waitForConnected();
        if (ok) return;
      }
    })cpp");
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_EQ(R.Keyword, "Q_FOREVER");
}

TEST(RetryLoop, PosixConnectRetriedOnEintr) {
  Result R = analyze(R"cpp(
    int f(int fd, const void *addr) {
      for (;;) {
        if (connect(fd, addr, 16) == 0) return 0;
        if (errno != EINTR && errno != EAGAIN) return -1;
      }
    })cpp");
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_EQ(R.Operation, "connect");
}

TEST(RetryLoop, IpcFunctionsOptionAddsOperations) {
  const char *Code = R"cpp(
    bool openChannel(const char *);
    void f() {
      while (true) {
        if (openChannel("x")) break;
        Sleep(50);
      }
    })cpp";
  EXPECT_EQ(analyze(Code).Verdict.K, RetryLoopVerdict::NoIpcCall);
  Result R = analyze(Code, {"openChannel"});
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_EQ(R.Operation, "openChannel");
}

TEST(RetryLoop, SwitchOnTheErrorCodeIsDecidedByThePeer) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      for (;;) {
        HANDLE h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) return h;
        switch (GetLastError()) {
        case ERROR_PIPE_BUSY:
          if (!WaitNamedPipeW(Name, 1000)) return 0;
          break;
        case 2: // ERROR_FILE_NOT_FOUND: the server is not up yet
          Sleep(100);
          break;
        default:
          return 0;
        }
      }
    })cpp");
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_FALSE(R.Verdict.ContentionOnly);
}

TEST(RetryLoop, GotoOutOfTheLoopIsAnExit) {
  Result R = analyze(R"cpp(
    HANDLE f() {
      HANDLE h;
      for (;;) {
        h = CreateFileW(Name, 3, 0, 0, 3, 0, 0);
        if (h != INVALID_HANDLE_VALUE) goto done;
        if (GetLastError() != ERROR_PIPE_BUSY) return 0;
        if (!WaitNamedPipeW(Name, 1000)) return 0;
      }
    done:
      return h;
    })cpp");
  EXPECT_EQ(R.Verdict.K, Unbounded);
  EXPECT_TRUE(R.Verdict.ContentionOnly);
}

TEST(RetryLoop, OpenIsAnIpcCallOnlyForAFifo) {
  const char *Regular = R"cpp(
    int f() {
      for (;;) {
        int fd = open("/etc/demo.conf", 0);
        if (fd >= 0) return fd;
        if (errno != EINTR) return -1;
      }
    })cpp";
  EXPECT_EQ(analyze(Regular).Verdict.K, RetryLoopVerdict::NoIpcCall);
  // Evidence: ENXIO in the loop, a path that says fifo, mkfifo of the path.
  for (const char *Code : {R"cpp(
    int f(const char *path) {
      for (;;) {
        int fd = open(path, 1 | 04000);
        if (fd >= 0) return fd;
        if (errno != ENXIO) return -1;
      }
    })cpp",
                           R"cpp(
    int f() {
      const char *fifoPath = "/run/x";
      for (;;) {
        int fd = open(fifoPath, 0);
        if (fd >= 0) return fd;
      }
    })cpp",
                           R"cpp(
    const char *requests = "/run/requests";
    void make() { mkfifo(requests, 0600); }
    int f() {
      for (;;) {
        int fd = open(requests, 0);
        if (fd != -1) return fd;
      }
    })cpp"}) {
    Result R = analyze(Code);
    EXPECT_EQ(R.Verdict.K, Unbounded) << Code;
    EXPECT_EQ(R.Operation, "open") << Code;
  }
}

TEST(RetryLoop, QualifiedOptionNamesMatchOnlyThatFunction) {
  const char *Decls = R"cpp(
    namespace ipc { struct Transport { int tryConnect(); }; }
    int tryConnect();
  )cpp";
  std::vector<std::string> Names = {"ipc::Transport::tryConnect"};
  Result Free = analyze(std::string(Decls) + R"cpp(
    int f() {
      for (;;)
        if (tryConnect() >= 0) return 0;
    })cpp",
                        Names);
  EXPECT_EQ(Free.Verdict.K, RetryLoopVerdict::NoIpcCall);
  Result Method = analyze(std::string(Decls) + R"cpp(
    int f(ipc::Transport &t) {
      for (;;) {
        int fd = t.tryConnect();
        if (fd >= 0) return fd;
      }
    })cpp",
                          Names);
  EXPECT_EQ(Method.Verdict.K, Unbounded);
  EXPECT_EQ(Method.Operation, "tryConnect");
}

TEST(RetryLoop, FiniteLoopsAreNotInfinite) {
  Result R = analyze(R"cpp(
    void f(int n) {
      for (int i = 0; i < n; ++i)
        if (WaitNamedPipeW(Name, 10)) break;
    })cpp");
  EXPECT_FALSE(R.Infinite);
  R = analyze(R"cpp(
    void f() { do { if (WaitNamedPipeW(Name, 10)) break; } while (0); })cpp");
  EXPECT_FALSE(R.Infinite);
}

TEST(RetryLoop, NameListSplitsOnSemicolons) {
  EXPECT_EQ(splitNameList(" a; ::ns::b ;;c"),
            (std::vector<std::string>{"a", "ns::b", "c"}));
  EXPECT_TRUE(splitNameList("").empty());
}

} // namespace
} // namespace clang::tidy::pipelint::utils
