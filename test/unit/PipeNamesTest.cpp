//===--- PipeNamesTest.cpp - utils::isPipeName and utils::flagFacts -------===//
//
// Each snippet calls `use(x)` (or `flags(x)`) once; the tests ask what the
// helpers make of that argument.
//
//===----------------------------------------------------------------------===//
#include "../../checks/utils/PipeNames.h"
#include "../../checks/utils/FlagFacts.h"
#include "../../checks/utils/PipeApi.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

namespace pipelint::test {
namespace {

using namespace clang;
using namespace clang::ast_matchers;
namespace utils = clang::tidy::pipelint::utils;

const char *Prelude = R"cpp(
  typedef unsigned long DWORD;
  typedef __SIZE_TYPE__ size_t;
  void use(const wchar_t *name);
  void useA(const char *name);
  void flags(DWORD value);
  void flags2(DWORD value);
  extern "C" {
  wchar_t *wcscpy(wchar_t *dst, const wchar_t *src);
  wchar_t *wcscat(wchar_t *dst, const wchar_t *src);
  int swprintf(wchar_t *dst, size_t n, const wchar_t *fmt, ...);
  int sprintf(char *dst, const char *fmt, ...);
  void *memset(void *dst, int c, size_t n);
  }
  void fill(wchar_t *dst);
  namespace std {
  template <class C> struct basic_string {
    basic_string();
    basic_string(const C *s);
    basic_string(const basic_string &other);
    const C *c_str() const;
    basic_string &append(const basic_string &s);
    basic_string &operator+=(const C *s);
    basic_string &operator=(const C *s);
    void clear();
  };
  template <class C>
  basic_string<C> operator+(const basic_string<C> &a, const basic_string<C> &b);
  template <class C>
  basic_string<C> operator+(const C *a, const basic_string<C> &b);
  typedef basic_string<wchar_t> wstring;
  wstring to_wstring(int);
  }
  #define PIPE_PREFIX L"\\\\.\\pipe\\"
  #define TEXT(s) L##s
)cpp";

class Snippet {
public:
  explicit Snippet(const std::string &Code, const char *Callee = "use") {
    AST = tooling::buildASTFromCodeWithArgs(std::string(Prelude) + Code,
                                            {"-std=c++17", "-w"});
    if (!AST)
      return;
    auto Found = match(callExpr(callee(functionDecl(hasName(Callee))),
                                hasArgument(0, expr().bind("arg"))),
                       AST->getASTContext());
    if (Found.size() == 1)
      Arg = Found[0].getNodeAs<Expr>("arg");
  }
  bool pipe() { return Arg && utils::isPipeName(Arg, ctx()); }
  std::optional<std::string> exact() {
    return Arg ? utils::exactStringValue(Arg, ctx()) : std::nullopt;
  }
  utils::FlagFacts facts() {
    return Arg ? utils::flagFacts(Arg, ctx()) : utils::FlagFacts();
  }
  bool ok() const { return Arg != nullptr; }

private:
  ASTContext &ctx() { return AST->getASTContext(); }
  std::unique_ptr<ASTUnit> AST;
  const Expr *Arg = nullptr;
};

TEST(PipeNames, Prefixes) {
  EXPECT_TRUE(utils::hasPipePrefix("\\\\.\\pipe\\svc"));
  EXPECT_TRUE(utils::hasPipePrefix("\\\\.\\PIPE\\svc"));
  EXPECT_TRUE(utils::hasPipePrefix("\\\\server\\pipe\\svc"));
  EXPECT_TRUE(utils::hasPipePrefix("//./pipe/svc"));
  EXPECT_TRUE(utils::hasPipePrefix("\\\\.\\pipe\\"));
  EXPECT_FALSE(utils::hasPipePrefix("\\\\.\\pipe"));
  EXPECT_FALSE(utils::hasPipePrefix("\\\\.\\pipes\\x"));
  EXPECT_FALSE(utils::hasPipePrefix("\\\\.\\mailslot\\x"));
  EXPECT_FALSE(utils::hasPipePrefix("C:\\pipe\\x"));
  EXPECT_FALSE(utils::hasPipePrefix("\\\\\\pipe\\x"));
  EXPECT_FALSE(utils::hasPipePrefix("pipe"));
}

TEST(PipeNames, Literals) {
  Snippet Wide(R"(void f() { use(L"\\\\.\\pipe\\svc"); })");
  ASSERT_TRUE(Wide.ok());
  EXPECT_TRUE(Wide.pipe());
  EXPECT_EQ(Wide.exact(), std::optional<std::string>("\\\\.\\pipe\\svc"));
  Snippet Narrow(R"(void f() { useA("\\\\.\\pipe\\" "svc"); })", "useA");
  EXPECT_TRUE(Narrow.pipe());
  Snippet Macro(R"(void f() { use(TEXT("\\\\.\\pipe\\svc")); })");
  EXPECT_TRUE(Macro.pipe());
  Snippet File(R"(void f() { use(L"C:\\temp\\log.txt"); })");
  ASSERT_TRUE(File.ok());
  EXPECT_FALSE(File.pipe());
}

TEST(PipeNames, Concatenation) {
  Snippet Plus(R"(void f(int id) {
    use((std::wstring(PIPE_PREFIX) + std::to_wstring(id)).c_str()); })");
  ASSERT_TRUE(Plus.ok());
  EXPECT_TRUE(Plus.pipe());
  EXPECT_FALSE(Plus.exact().has_value());
  Snippet LiteralPlus(R"(void f(std::wstring id) {
    use((L"\\\\.\\pipe\\" + id).c_str()); })");
  EXPECT_TRUE(LiteralPlus.pipe());
  Snippet Other(R"(void f(std::wstring id) { use((L"C:\\" + id).c_str()); })");
  ASSERT_TRUE(Other.ok());
  EXPECT_FALSE(Other.pipe());
}

TEST(PipeNames, LocalVariables) {
  Snippet Pointer(R"(void f() {
    const wchar_t *name = L"\\\\.\\pipe\\svc"; use(name); })");
  EXPECT_TRUE(Pointer.pipe());
  EXPECT_EQ(Pointer.exact(), std::optional<std::string>("\\\\.\\pipe\\svc"));
  Snippet Str(R"(void f(int id) {
    std::wstring name = PIPE_PREFIX; name += L"svc"; use(name.c_str()); })");
  EXPECT_TRUE(Str.pipe());
  EXPECT_FALSE(Str.exact().has_value());
  Snippet Buffer(R"(void f(const wchar_t *id) {
    wchar_t buf[64] = {0};
    wcscpy(buf, PIPE_PREFIX); wcscat(buf, id); use(buf); })");
  EXPECT_TRUE(Buffer.pipe());
  Snippet Format(R"(void f(int id) {
    wchar_t buf[64]; memset(buf, 0, sizeof buf);
    swprintf(buf, 64, L"\\\\.\\pipe\\svc-%d", id); use(buf); })");
  EXPECT_TRUE(Format.pipe());
  Snippet FormatPrefix(R"(void f(const char *id) {
    const char *prefix = "\\\\.\\pipe\\";
    char buf[64]; sprintf(buf, "%s%s", prefix, id); useA(buf); })",
                       "useA");
  EXPECT_TRUE(FormatPrefix.pipe());
  Snippet Both(R"(void f(bool b) {
    const wchar_t *name = b ? L"\\\\.\\pipe\\a" : L"\\\\.\\pipe\\b";
    use(name); })");
  EXPECT_TRUE(Both.pipe());
  EXPECT_FALSE(Both.exact().has_value());
}

TEST(PipeNames, UnknownOrMixed) {
  Snippet Param(R"(void f(const wchar_t *name) { use(name); })");
  ASSERT_TRUE(Param.ok());
  EXPECT_FALSE(Param.pipe());
  Snippet Mixed(R"(void f(bool b) {
    const wchar_t *name = L"\\\\.\\pipe\\a";
    if (b) name = L"C:\\a.txt";
    use(name); })");
  ASSERT_TRUE(Mixed.ok());
  EXPECT_FALSE(Mixed.pipe());
  Snippet Written(R"(void f() {
    wchar_t buf[64] = L"\\\\.\\pipe\\a"; fill(buf); use(buf); })");
  ASSERT_TRUE(Written.ok());
  EXPECT_FALSE(Written.pipe());
  Snippet Aliased(R"(void f() {
    wchar_t buf[64] = L"\\\\.\\pipe\\a"; wchar_t *p = buf; p[0] = 0;
    use(buf); })");
  ASSERT_TRUE(Aliased.ok());
  EXPECT_FALSE(Aliased.pipe());
  Snippet Cleared(R"(void f() {
    std::wstring s = L"\\\\.\\pipe\\a"; s.clear(); use(s.c_str()); })");
  ASSERT_TRUE(Cleared.ok());
  EXPECT_FALSE(Cleared.pipe());
  Snippet Empty(R"(void f() { wchar_t buf[64] = {0}; use(buf); })");
  ASSERT_TRUE(Empty.ok());
  EXPECT_FALSE(Empty.pipe());
}

TEST(PipeNames, Globals) {
  Snippet Const(R"(static const wchar_t kName[] = L"\\\\.\\pipe\\g";
    void f() { use(kName); })");
  EXPECT_TRUE(Const.pipe());
  Snippet Mutable(R"(wchar_t gName[32] = L"\\\\.\\pipe\\g";
    void f() { use(gName); })");
  ASSERT_TRUE(Mutable.ok());
  EXPECT_FALSE(Mutable.pipe());
}

TEST(FlagFacts, Constants) {
  auto F = Snippet("void f() { flags(0x8 | 0x80000); }", "flags").facts();
  EXPECT_TRUE(F.Known);
  EXPECT_EQ(F.May, 0x80008u);
  EXPECT_EQ(F.Must, 0x80008u);
  EXPECT_TRUE(F.has(0x8));
  EXPECT_TRUE(F.lacks(0x4));
}

TEST(FlagFacts, ConditionalAndVariables) {
  auto Cond =
      Snippet("void f(bool b) { flags(3 | (b ? 0x80000 : 0)); }", "flags")
          .facts();
  EXPECT_TRUE(Cond.Known);
  EXPECT_EQ(Cond.May, 0x80003u);
  EXPECT_EQ(Cond.Must, 3u);
  EXPECT_FALSE(Cond.lacks(0x80000));
  EXPECT_FALSE(Cond.has(0x80000));

  auto Or = Snippet("void f(bool b) { DWORD m = 3; if (b) m |= 0x40000000; "
                    "flags(m); }",
                    "flags")
                .facts();
  EXPECT_TRUE(Or.Known);
  EXPECT_EQ(Or.May, 0x40000003u);
  EXPECT_EQ(Or.Must, 3u);

  auto CStyle = Snippet("void f() { DWORD m = 3; m = m | 4; m = m & ~1ul; "
                        "flags(m); }",
                        "flags")
                    .facts();
  EXPECT_TRUE(CStyle.Known);
  EXPECT_EQ(CStyle.May, 7u);
  EXPECT_EQ(CStyle.Must, 2u);

  auto Switch = Snippet("void f(int k) { DWORD m; switch (k) { case 0: m = 1; "
                        "break; default: m = 2; } flags(m); }",
                        "flags")
                    .facts();
  EXPECT_TRUE(Switch.Known);
  EXPECT_EQ(Switch.May, 3u);
  EXPECT_EQ(Switch.Must, 0u);
  EXPECT_EQ(Switch.Sources.size(), 2u);
}

TEST(FlagFacts, Conversions) {
  auto Narrow = Snippet("void f() { DWORD big = 0x100008; "
                        "flags((unsigned short)big); }",
                        "flags")
                    .facts();
  EXPECT_TRUE(Narrow.Known);
  EXPECT_EQ(Narrow.May, 8u);
  EXPECT_EQ(Narrow.Must, 8u);
  // Bits, not values: 4-or-8 is nonzero on every path, but no bit is.
  auto Bool = Snippet("void f(bool b) { DWORD m = b ? 5 : 9; flags((bool)m); "
                      "DWORD n = b ? 4 : 8; flags2((bool)n); }",
                      "flags")
                  .facts();
  EXPECT_TRUE(Bool.Known);
  EXPECT_EQ(Bool.May, 1u);
  EXPECT_EQ(Bool.Must, 1u);
  auto Unsure = Snippet("void f(bool b) { DWORD n = b ? 4 : 8; "
                        "flags((bool)n); }",
                        "flags")
                    .facts();
  EXPECT_TRUE(Unsure.Known);
  EXPECT_EQ(Unsure.May, 1u);
  EXPECT_EQ(Unsure.Must, 0u);
}

TEST(FlagFacts, DeadBranchesAndUnknowns) {
  auto Dead =
      Snippet("void f() { DWORD m = 3; if (0) m |= 8; flags(m); }", "flags")
          .facts();
  EXPECT_TRUE(Dead.lacks(8));
  auto Live =
      Snippet("void f() { DWORD m = 3; if (1) m |= 8; flags(m); }", "flags")
          .facts();
  EXPECT_FALSE(Live.lacks(8));
  auto Param = Snippet("void f(DWORD m) { flags(m); }", "flags").facts();
  EXPECT_FALSE(Param.Known);
  auto Address = Snippet("void g(DWORD *); void f() { DWORD m = 3; g(&m); "
                         "flags(m); }",
                         "flags")
                     .facts();
  EXPECT_FALSE(Address.Known);
  auto Increment =
      Snippet("void f() { DWORD m = 3; m += 8; flags(m); }", "flags").facts();
  EXPECT_FALSE(Increment.Known);
}

TEST(PipeApi, SddlNullDacl) {
  EXPECT_TRUE(utils::sddlHasNullDacl("D:NO_ACCESS_CONTROL"));
  EXPECT_TRUE(utils::sddlHasNullDacl("O:BAG:BAD:PNO_ACCESS_CONTROL"));
  EXPECT_TRUE(
      utils::sddlHasNullDacl("G:DAD:NO_ACCESS_CONTROLS:(AU;SA;GA;;;WD)"));
  EXPECT_FALSE(utils::sddlHasNullDacl("D:P(A;;GA;;;SY)"));
  EXPECT_FALSE(utils::sddlHasNullDacl("D:(A;;GA;;;BA)S:NO_ACCESS_CONTROL"));
  EXPECT_FALSE(utils::sddlHasNullDacl("O:SYG:SY"));
  EXPECT_FALSE(utils::sddlHasNullDacl(""));
}

} // namespace
} // namespace pipelint::test
