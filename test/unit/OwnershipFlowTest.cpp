//===--- OwnershipFlowTest.cpp - utils/PipeObjects and utils/OwnershipFlow ===//
//
// The pipe type recognition, the classification of one use of a tracked
// pointer, and the CFG path analysis, on small translation units built
// in memory.
//
//===----------------------------------------------------------------------===//
#include "utils/OwnershipFlow.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::ast_matchers;
namespace u = clang::tidy::pipelint::utils;

namespace {

// The first lines of every test program; the code under test starts on line
// 12, which the tests call line 1.
const char *const Prelude =
    R"cpp(struct PipeWriter { bool open(); void close(); void deleteLater(); void setParent(PipeWriter *); int n; };
struct Pipeline { };
struct LoggedPipeWriter : PipeWriter { };
void take(PipeWriter *);
void peek(const PipeWriter *);
void reseat(PipeWriter *&);
bool ready();
[[noreturn]] void die();
struct Error { };
namespace std { struct nothrow_t { }; extern const nothrow_t nothrow; }
void *operator new(decltype(sizeof 0), const std::nothrow_t &) noexcept;
)cpp";
constexpr unsigned FirstLine = 11;

class Program {
public:
  explicit Program(const std::string &Code)
      : AST(tooling::buildASTFromCodeWithArgs(
            std::string(Prelude) + Code,
            {"-std=c++17", "-fexceptions", "-fcxx-exceptions"}, "input.cc")) {}

  ASTContext &ctx() { return AST->getASTContext(); }

  const FunctionDecl *function(llvm::StringRef Name) {
    auto M =
        match(functionDecl(hasName(Name), isDefinition()).bind("f"), ctx());
    return M.empty() ? nullptr : M[0].getNodeAs<FunctionDecl>("f");
  }
  /// The variable \p Name declared in function \p Fn.
  const VarDecl *var(llvm::StringRef Fn, llvm::StringRef Name) {
    auto M =
        match(varDecl(hasName(Name), hasAncestor(functionDecl(hasName(Fn))))
                  .bind("v"),
              ctx());
    return M.empty() ? nullptr : M[0].getNodeAs<VarDecl>("v");
  }
  const FieldDecl *field(llvm::StringRef Name) {
    auto M = match(fieldDecl(hasName(Name)).bind("f"), ctx());
    return M.empty() ? nullptr : M[0].getNodeAs<FieldDecl>("f");
  }
  /// Line in the test's own code (1 = the first line after the prelude).
  unsigned line(SourceLocation L) {
    return ctx().getSourceManager().getSpellingLineNumber(L) - FirstLine;
  }

  u::FlowResult analyze(llvm::StringRef Fn, u::Slot S, bool Owning = false,
                        unsigned Budget = 20000) {
    u::PipeTypes Types;
    u::FlowOptions O;
    O.IsTracked = [&](const CXXNewExpr *N) {
      return u::isUnownedPipeAllocation(N, Types, ctx());
    };
    O.MemberOwning = Owning;
    O.Budget = Budget;
    return u::analyzeSlot(function(Fn), S, O, ctx());
  }
  u::FlowResult local(llvm::StringRef Fn, llvm::StringRef Var) {
    return analyze(Fn, u::Slot{var(Fn, Var), nullptr});
  }
  u::FlowResult member(llvm::StringRef Fn, llvm::StringRef Field, bool Owning) {
    return analyze(Fn, u::Slot{nullptr, field(Field)}, Owning);
  }

  /// "kind@line" for every leak point, leaks in order.
  std::string points(const u::FlowResult &R) {
    std::string Out;
    for (const u::PathLeak &L : R.Leaks)
      for (const u::LeakPoint &P : L.Points) {
        static const char *const Names[] = {"overwritten", "returned",
                                            "scope-end", "thrown"};
        if (!Out.empty())
          Out += " ";
        Out += Names[static_cast<int>(P.Kind)];
        Out += "@" + std::to_string(line(P.Loc));
      }
    return Out;
  }

private:
  std::unique_ptr<ASTUnit> AST;
};

std::string leaks(const std::string &Code, llvm::StringRef Fn,
                  llvm::StringRef Var) {
  Program P(Code);
  u::FlowResult R = P.local(Fn, Var);
  if (!R.Complete)
    return "incomplete";
  return P.points(R);
}

//===-- Pipe types --------------------------------------------------------===//

TEST(PipeTypes, PipeIsAWordInTheName) {
  EXPECT_TRUE(u::nameHasPipeWord("PipeReader"));
  EXPECT_TRUE(u::nameHasPipeWord("NamedPipeServer"));
  EXPECT_TRUE(u::nameHasPipeWord("QWindowsPipeWriter"));
  EXPECT_TRUE(u::nameHasPipeWord("Pipe"));
  EXPECT_TRUE(u::nameHasPipeWord("NamedPipes"));
  EXPECT_TRUE(u::nameHasPipeWord("Pipe_t"));
  EXPECT_TRUE(u::nameHasPipeWord("Pipeline_Pipe2"));
  EXPECT_FALSE(u::nameHasPipeWord("Pipeline"));
  EXPECT_FALSE(u::nameHasPipeWord("Piper"));
  EXPECT_FALSE(u::nameHasPipeWord("pipe_reader"));
  EXPECT_FALSE(u::nameHasPipeWord("Pipelines"));
}

TEST(PipeTypes, DerivedClassesAndConfiguredNames) {
  Program P("struct Channel { }; namespace ns { struct Conduit { }; }\n"
            "struct Other { }; struct SubChannel : Channel { };\n"
            "namespace other { struct Conduit { }; }\n");
  auto Rec = [&](llvm::StringRef Name) {
    auto M =
        match(cxxRecordDecl(hasName(Name), isDefinition()).bind("r"), P.ctx());
    return M.empty() ? nullptr : M[0].getNodeAs<CXXRecordDecl>("r");
  };
  u::PipeTypes Default;
  EXPECT_TRUE(Default.isPipeClass(Rec("PipeWriter")));
  EXPECT_TRUE(Default.isPipeClass(Rec("LoggedPipeWriter")));
  EXPECT_FALSE(Default.isPipeClass(Rec("Pipeline")));
  EXPECT_FALSE(Default.isPipeClass(Rec("Channel")));

  u::PipeTypes Configured(u::PipeTypes::parseList(" Channel ; ;::ns::Conduit"));
  EXPECT_TRUE(Configured.isPipeClass(Rec("Channel")));
  EXPECT_TRUE(Configured.isPipeClass(Rec("SubChannel")));
  EXPECT_TRUE(Configured.isPipeClass(Rec("::ns::Conduit")));
  EXPECT_FALSE(Configured.isPipeClass(Rec("::other::Conduit")));
  EXPECT_FALSE(Configured.isPipeClass(Rec("Other")));
}

TEST(PipeTypes, ParseListTrimsAndDropsEmptyNames) {
  std::vector<std::string> L = u::PipeTypes::parseList(" A ;; ::b::C;");
  ASSERT_EQ(L.size(), 2u);
  EXPECT_EQ(L[0], "A");
  EXPECT_EQ(L[1], "b::C");
}

TEST(PipeTypes, SelfReleasingClasses) {
  Program P(R"cpp(
struct PipeSession { void finish() { delete this; } };
struct PipeJob : PipeWriter { void done() { deleteLater(); } };
struct LoggedSession : PipeSession { };
struct PipeClient { void close() { delete peer; } PipeClient *peer; };
void f() {
  PipeSession *a = new PipeSession;
  PipeJob *b = new PipeJob;
  LoggedSession *c = new LoggedSession;
  PipeClient *d = new PipeClient;
}
)cpp");
  u::PipeTypes Types;
  auto Tracked = [&](llvm::StringRef Var) {
    return u::isUnownedPipeAllocation(u::asNewExpr(P.var("f", Var)->getInit()),
                                      Types, P.ctx());
  };
  EXPECT_FALSE(Tracked("a")); // delete this
  EXPECT_FALSE(Tracked("b")); // deleteLater() on itself
  EXPECT_FALSE(Tracked("c")); // inherited
  EXPECT_TRUE(Tracked("d"));  // deletes another object
}

//===-- Uses --------------------------------------------------------------===//

/// The kinds of the uses of \p Var in \p Fn, in source order.
std::vector<u::UseKind> usesOf(Program &P, llvm::StringRef Fn,
                               llvm::StringRef Var) {
  std::vector<u::UseKind> Out;
  auto M = match(
      functionDecl(hasName(Fn),
                   forEachDescendant(
                       declRefExpr(to(varDecl(hasName(Var)))).bind("ref"))),
      P.ctx());
  std::vector<const DeclRefExpr *> Refs;
  for (const auto &N : M)
    Refs.push_back(N.getNodeAs<DeclRefExpr>("ref"));
  const SourceManager &SM = P.ctx().getSourceManager();
  std::sort(Refs.begin(), Refs.end(), [&](const Expr *A, const Expr *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  for (const DeclRefExpr *R : Refs)
    Out.push_back(u::classifyUse(R, P.ctx()));
  return Out;
}

TEST(Uses, EachUseIsClassified) {
  Program P(R"cpp(
PipeWriter *global;
PipeWriter *f() {
  PipeWriter *p = new PipeWriter;
  p->open();
  (*p).close();
  if (p) { }
  if (!p || p == nullptr) { }
  peek(p);
  take(p);
  global = p;
  delete p;
  p = nullptr;
  p->deleteLater();
  p->setParent(nullptr);
  p->setParent(global);
  (void)p;
  return p;
}
void g() {
  PipeWriter *q = nullptr;
  reseat(q);
  PipeWriter *&r = q;
  PipeWriter **a = &q;
}
)cpp");
  using K = u::UseKind;
  std::vector<K> Expected = {K::Deref,   K::Deref,       K::Use,     K::Use,
                             K::Use,     K::Escape,      K::Escape,  K::Escape,
                             K::Release, K::StoreTarget, K::Release, K::Deref,
                             K::Adopted, K::Use,         K::Escape};
  EXPECT_EQ(usesOf(P, "f", "p"), Expected);
  std::vector<K> ExpectedQ = {K::Unanalyzable, K::Unanalyzable,
                              K::Unanalyzable};
  EXPECT_EQ(usesOf(P, "g", "q"), ExpectedQ);
}

TEST(Uses, StoreTargetAndOwnership) {
  Program P(R"cpp(
struct QObject { };
struct QLocalSocket : QObject { QLocalSocket(QObject *parent = nullptr); };
struct Reader { Reader(const char *name, void *owner); };
struct PipeReader : Reader { PipeReader(void *owner = nullptr) : Reader("", owner) {} };
struct Client : QObject {
  PipeWriter *m_w = new PipeWriter;
  Client() : m_s(new QLocalSocket) { }
  void f() {
    PipeWriter *a = new PipeWriter;
    m_w = new (std::nothrow) PipeWriter;
    take(new PipeWriter);
    QLocalSocket *owned = new QLocalSocket(this);
    QLocalSocket *orphan = new QLocalSocket(nullptr);
    PipeReader *r1 = new PipeReader(this);
    PipeReader *r2 = new PipeReader;
    Pipeline *line = new Pipeline;
    PipeWriter *many = new PipeWriter[2];
  }
  QLocalSocket *m_s;
};
)cpp");
  auto M = match(cxxNewExpr().bind("n"), P.ctx());
  std::vector<const CXXNewExpr *> News;
  for (const auto &N : M)
    News.push_back(N.getNodeAs<CXXNewExpr>("n"));
  const SourceManager &SM = P.ctx().getSourceManager();
  std::sort(News.begin(), News.end(), [&](const Expr *A, const Expr *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  // A default member initialiser is also found under the constructor's
  // CXXDefaultInitExpr.
  News.erase(std::unique(News.begin(), News.end()), News.end());
  ASSERT_EQ(News.size(), 11u);
  u::PipeTypes Types;
  auto Target = [&](unsigned I) {
    u::Slot S = u::storeTargetOf(News[I], P.ctx());
    return S ? S.decl()->getNameAsString() : std::string("-");
  };
  auto Tracked = [&](unsigned I) {
    return u::isUnownedPipeAllocation(News[I], Types, P.ctx());
  };
  EXPECT_EQ(Target(0), "m_w"); // default member initialiser
  EXPECT_TRUE(Tracked(0));
  EXPECT_EQ(Target(1), "m_s"); // constructor initialiser
  EXPECT_TRUE(Tracked(1));     // QLocalSocket with a null parent
  EXPECT_EQ(Target(2), "a");
  EXPECT_EQ(Target(3), "m_w");
  EXPECT_TRUE(Tracked(3));   // nothrow new
  EXPECT_EQ(Target(4), "-"); // passed to a call
  EXPECT_FALSE(Tracked(5));  // a parent owns it
  EXPECT_TRUE(Tracked(6));   // explicit nullptr parent
  EXPECT_FALSE(Tracked(7));  // a parameter named like an owner
  EXPECT_TRUE(Tracked(8));   // its default owner is null
  EXPECT_FALSE(Tracked(9));  // not a pipe
  EXPECT_FALSE(Tracked(10)); // array
  EXPECT_EQ(u::enclosingFunction(News[0], P.ctx()), nullptr);
  EXPECT_EQ(u::enclosingFunction(News[2], P.ctx()), P.function("f"));
  EXPECT_TRUE(isa<CXXConstructorDecl>(u::enclosingFunction(News[1], P.ctx())));
}

//===-- Paths of a local --------------------------------------------------===//

TEST(LocalFlow, EarlyReturnLeaks) {
  EXPECT_EQ(leaks(R"cpp(
bool f() {
  PipeWriter *w = new PipeWriter;
  if (!w->open())
    return false;
  delete w;
  return true;
}
)cpp",
                  "f", "w"),
            "returned@5");
}

TEST(LocalFlow, ReleasedOrHandedOverOnEveryPath) {
  const char *Code = R"cpp(
PipeWriter *kept;
bool deleted() { PipeWriter *w = new PipeWriter; if (!w->open()) { delete w; return false; } delete w; return true; }
PipeWriter *returned() { PipeWriter *w = new PipeWriter; if (!w->open()) { w->deleteLater(); return nullptr; } return w; }
void stored() { PipeWriter *w = new PipeWriter; kept = w; }
void passed() { PipeWriter *w = new PipeWriter; take(w); }
void captured() { PipeWriter *w = new PipeWriter; auto l = [w] { take(w); }; l(); }
void parented(PipeWriter *owner) { PipeWriter *w = new PipeWriter; w->setParent(owner); }
void initCaptured() { PipeWriter *w = new PipeWriter; auto l = [v = w] { take(v); }; l(); }
)cpp";
  for (const char *Fn : {"deleted", "returned", "stored", "passed", "captured",
                         "parented", "initCaptured"})
    EXPECT_EQ(leaks(Code, Fn, "w"), "") << Fn;
}

TEST(LocalFlow, EndOfScopeAndLoops) {
  EXPECT_EQ(leaks("void f() { PipeWriter *w = new PipeWriter; w->open(); }",
                  "f", "w"),
            "scope-end@1");
  EXPECT_EQ(leaks(R"cpp(
void f(int n) {
  for (int i = 0; i < n; ++i) {
    PipeWriter *w = new PipeWriter;
    if (!w->open())
      continue;
    delete w;
  }
}
)cpp",
                  "f", "w"),
            "scope-end@6");
}

TEST(LocalFlow, Exceptions) {
  EXPECT_EQ(leaks(R"cpp(
void f(bool bad) {
  PipeWriter *w = new PipeWriter;
  if (bad)
    throw Error();
  delete w;
}
)cpp",
                  "f", "w"),
            "thrown@5");
  // Caught in the function, the local is still in scope and deleted.
  EXPECT_EQ(leaks(R"cpp(
void f(bool bad) {
  PipeWriter *w = new PipeWriter;
  try {
    if (bad)
      throw Error();
  } catch (...) {
  }
  delete w;
}
)cpp",
                  "f", "w"),
            "");
  // Declared inside the try block: its scope ends with the throw.
  EXPECT_EQ(leaks(R"cpp(
void f(bool bad) {
  try {
    PipeWriter *w = new PipeWriter;
    if (bad)
      throw Error();
    delete w;
  } catch (...) {
  }
}
)cpp",
                  "f", "w"),
            "thrown@6");
}

TEST(LocalFlow, NoreturnEndsThePath) {
  EXPECT_EQ(leaks(R"cpp(
void f() {
  PipeWriter *w = new PipeWriter;
  if (!w->open())
    die();
  delete w;
}
)cpp",
                  "f", "w"),
            "");
}

TEST(LocalFlow, Overwrites) {
  EXPECT_EQ(leaks(R"cpp(
void f() {
  PipeWriter *w = new PipeWriter;
  w = new PipeWriter;
  delete w;
}
)cpp",
                  "f", "w"),
            "overwritten@4");
  EXPECT_EQ(leaks(R"cpp(
void f(int n) {
  PipeWriter *w = nullptr;
  for (int i = 0; i < n; ++i)
    w = new PipeWriter;
  delete w;
}
)cpp",
                  "f", "w"),
            "overwritten@5");
  EXPECT_EQ(leaks(R"cpp(
void f() {
  PipeWriter *w = new PipeWriter;
  w = nullptr;
}
)cpp",
                  "f", "w"),
            "overwritten@4");
  const char *Guarded = R"cpp(
void guard(int n) {
  PipeWriter *w = nullptr;
  for (int i = 0; i < n; ++i)
    if (!w)
      w = new PipeWriter;
  delete w;
}
void deleteFirst(int n) {
  PipeWriter *w = nullptr;
  for (int i = 0; i < n; ++i) {
    if (w != nullptr)
      delete w;
    w = new PipeWriter;
  }
  delete w;
}
)cpp";
  EXPECT_EQ(leaks(Guarded, "guard", "w"), "");
  EXPECT_EQ(leaks(Guarded, "deleteFirst", "w"), "");
}

TEST(LocalFlow, CorrelatedBranches) {
  const char *Code = R"cpp(
void flag(bool c) {
  PipeWriter *w = nullptr;
  bool owned = false;
  if (c) { w = new PipeWriter; owned = true; }
  if (owned)
    delete w;
}
void same(bool c) {
  PipeWriter *w = nullptr;
  if (c)
    w = new PipeWriter;
  ready();
  if (!c)
    return;
  delete w;
}
void changed(bool c) {
  PipeWriter *w = nullptr;
  if (c)
    w = new PipeWriter;
  c = ready();
  if (c)
    delete w;
}
void refFlag(bool c) {
  PipeWriter *w = nullptr;
  bool owned = false;
  if (c) { w = new PipeWriter; owned = true; }
  auto clear = [&o = owned] { o = false; };
  clear();
  if (owned)
    delete w;
}
void nothrow() {
  PipeWriter *w = new (std::nothrow) PipeWriter;
  if (!w)
    return;
  delete w;
}
)cpp";
  EXPECT_EQ(leaks(Code, "flag", "w"), "");
  EXPECT_EQ(leaks(Code, "same", "w"), "");
  // `c` changed between the branches: the paths are not correlated.
  EXPECT_EQ(leaks(Code, "changed", "w"), "scope-end@25");
  // A reference to the flag escapes: its value is not followed.
  EXPECT_EQ(leaks(Code, "refFlag", "w"), "scope-end@34");
  EXPECT_EQ(leaks(Code, "nothrow", "w"), "");
}

TEST(LocalFlow, GivesUp) {
  // The address of the variable escapes: anything may change it.
  EXPECT_EQ(leaks(R"cpp(
void f() {
  PipeWriter *w = new PipeWriter;
  reseat(w);
}
)cpp",
                  "f", "w"),
            "incomplete");
  // Over budget.
  Program P("void f(bool a, bool b) { PipeWriter *w = new PipeWriter; if (a) "
            "ready(); if (b) ready(); }");
  EXPECT_FALSE(
      P.analyze("f", u::Slot{P.var("f", "w"), nullptr}, false, 2).Complete);
  EXPECT_TRUE(P.analyze("f", u::Slot{P.var("f", "w"), nullptr}).Complete);
}

//===-- Paths of a member -------------------------------------------------===//

const char *const ClientCode = R"cpp(
struct Client {
  PipeWriter *m_w = nullptr;
  void open() { m_w = new PipeWriter; }
  void guarded() { if (!m_w) m_w = new PipeWriter; }
  void reopen() { if (m_w) m_w->close(); m_w = new PipeWriter; }
  void released() { if (m_w) delete m_w; m_w = new PipeWriter; }
  void viaClose() { if (m_w) close(); m_w = new PipeWriter; }
  void close() { m_w->close(); m_w = nullptr; }
  void twice() { m_w = new PipeWriter; m_w->open(); m_w = new PipeWriter; }
  Client() : m_w(new PipeWriter) { m_w = new PipeWriter; }
};
)cpp";

TEST(MemberFlow, UnknownEntryIsNotAFinding) {
  Program P(ClientCode);
  EXPECT_EQ(P.points(P.member("open", "m_w", true)), "");
  EXPECT_EQ(P.points(P.member("guarded", "m_w", true)), "");
  EXPECT_EQ(P.points(P.member("released", "m_w", true)), "");
  // close() may release the member.
  EXPECT_EQ(P.points(P.member("viaClose", "m_w", true)), "");
}

TEST(MemberFlow, KnownNonNullOwningMember) {
  Program P(ClientCode);
  u::FlowResult R = P.member("reopen", "m_w", true);
  EXPECT_EQ(P.points(R), "overwritten@6");
  ASSERT_EQ(R.Leaks.size(), 1u);
  EXPECT_EQ(R.Leaks[0].Alloc, nullptr);
  EXPECT_TRUE(isa<CXXNewExpr>(R.Leaks[0].StoredValue->IgnoreImpCasts()));
  EXPECT_EQ(P.points(P.member("close", "m_w", true)), "overwritten@9");
  // A member that may borrow its object: no evidence of ownership.
  EXPECT_EQ(P.points(P.member("reopen", "m_w", false)), "");
}

TEST(MemberFlow, AllocatedInTheFunction) {
  Program P(ClientCode);
  u::FlowResult R = P.member("twice", "m_w", false);
  EXPECT_EQ(P.points(R), "overwritten@10");
  ASSERT_EQ(R.Leaks.size(), 1u);
  EXPECT_NE(R.Leaks[0].Alloc, nullptr);
  // The constructor's initialiser is overwritten by its body.
  auto M = match(cxxConstructorDecl(ofClass(hasName("Client")), isDefinition(),
                                    unless(isImplicit()))
                     .bind("c"),
                 P.ctx());
  ASSERT_FALSE(M.empty());
  u::PipeTypes Types;
  u::FlowOptions O;
  O.IsTracked = [&](const CXXNewExpr *N) {
    return u::isUnownedPipeAllocation(N, Types, P.ctx());
  };
  u::FlowResult C =
      u::analyzeSlot(M[0].getNodeAs<CXXConstructorDecl>("c"),
                     u::Slot{nullptr, P.field("m_w")}, O, P.ctx());
  EXPECT_EQ(P.points(C), "overwritten@11");
}

} // namespace
