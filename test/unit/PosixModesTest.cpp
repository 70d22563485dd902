//===--- PosixModesTest.cpp - values of mode arguments --------------------===//
#include "utils/PosixModes.h"
#include "AstTestUtil.h"

#include <gtest/gtest.h>

namespace pipelint::test {
namespace {

using namespace clang::tidy::pipelint::utils;

const char *const Posix = R"(
typedef unsigned int mode_t;
#define S_IRUSR 0400
#define S_IWUSR 0200
#define S_IRGRP 040
#define S_IWGRP 020
#define S_IROTH 04
#define S_IWOTH 02
#ifdef __cplusplus
extern "C"
#endif
int mkfifo(const char *, mode_t);
void take(mode_t *);
)";

/// The possible values of the mode of the first mkfifo() in \p Body.
std::optional<llvm::SmallVector<uint64_t, 4>> modes(const std::string &Body) {
  auto AST = buildAst(Posix, "void f(int c) {\n" + Body + "\n}\n");
  EXPECT_TRUE(AST);
  clang::ASTContext &Ctx = AST->getASTContext();
  auto Calls = findCalls(Ctx, "mkfifo");
  EXPECT_EQ(Calls.size(), 1u);
  if (Calls.empty())
    return std::nullopt;
  return possibleValues(Calls[0]->getArg(1), Ctx);
}

using V = llvm::SmallVector<uint64_t, 4>;

TEST(PosixModes, Constants) {
  EXPECT_EQ(modes("mkfifo(\"p\", 0666);"), V({0666}));
  EXPECT_EQ(modes("mkfifo(\"p\", S_IRUSR | S_IWUSR | S_IWOTH);"), V({0602}));
  EXPECT_EQ(modes("mkfifo(\"p\", 0666 & ~022);"), V({0644}));
}

TEST(PosixModes, ThroughLocals) {
  EXPECT_EQ(modes("mode_t m = 0660; mkfifo(\"p\", m);"), V({0660}));
  EXPECT_EQ(modes("mode_t mask = 07; mode_t m = 0666 & ~mask;\n"
                  "mkfifo(\"p\", m);"),
            V({0660}));
  EXPECT_EQ(modes("mode_t m = 0600; if (c) m = 0666; mkfifo(\"p\", m);"),
            V({0600, 0666}));
  EXPECT_EQ(modes("mkfifo(\"p\", c ? 0666 : 0600);"), V({0600, 0666}));
}

TEST(PosixModes, UnknownValues) {
  EXPECT_EQ(modes("mkfifo(\"p\", (mode_t)c);"), std::nullopt);
  EXPECT_EQ(modes("mode_t m = 0600; take(&m); mkfifo(\"p\", m);"),
            std::nullopt);
}

TEST(PosixModes, OctalSpelling) {
  EXPECT_EQ(octalMode(0666), "0666");
  EXPECT_EQ(octalMode(04), "0004");
  EXPECT_EQ(octalMode(0), "0000");
}

} // namespace
} // namespace pipelint::test
