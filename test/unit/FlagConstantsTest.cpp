//===--- FlagConstantsTest.cpp - recognising flag expressions -------------===//
//
// Each test declares variables initialised with flag expressions and checks
// what FlagVocabulary::describe says about each initialiser.
//
//===----------------------------------------------------------------------===//
// checks/ is not on the test include path (test/CMakeLists.txt is shared).
#include "../../checks/utils/FlagConstants.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

namespace clang::tidy::pipelint::utils {
namespace {

// Spelled like the real headers, and like them a system header: the
// built-in names only count for macros from system headers.
const char *SystemHeader = R"cpp(
#define GENERIC_READ (0x80000000L)
#define GENERIC_WRITE (0x40000000L)
#define __MSABI_LONG(x) x ## l
#define GENERIC_EXECUTE (__MSABI_LONG(0x20000000))
#define READ_CONTROL (0x00020000L)
#define STANDARD_RIGHTS_READ (READ_CONTROL)
#define FILE_READ_DATA (0x0001)
#define FILE_GENERIC_READ (STANDARD_RIGHTS_READ | FILE_READ_DATA)
#define FILE_BEGIN 0
#define O_RDONLY 00
#define O_WRONLY 01
#define O_CREAT 0100
typedef unsigned int mode_t;
struct QIODevice { enum OpenModeFlag { ReadOnly = 1, WriteOnly = 2 }; };
)cpp";

const char *Prelude = R"cpp(
#include <flags.h>
#define MY_FLAG 0x10
#define BUFSIZE 512
#define FILE_SIZE_MAX 4096
#define MY_ACCESS (GENERIC_READ | GENERIC_WRITE)
enum class Custom { A = 4, B = 8 };
)cpp";

class Describe : public ::testing::Test {
protected:
  FlagExprInfo of(llvm::StringRef Var, llvm::StringRef Decls,
                  const FlagVocabulary &V = FlagVocabulary()) {
    AST = tooling::buildASTFromCodeWithArgs(
        (Prelude + Decls).str(), {"-std=c++17", "-isystem", "/sys"}, "input.cc",
        "clang-tool", std::make_shared<PCHContainerOperations>(),
        tooling::getClangStripDependencyFileAdjuster(), Headers);
    EXPECT_TRUE(AST && !AST->getDiagnostics().hasErrorOccurred());
    if (!AST)
      return {};
    ASTContext &Ctx = AST->getASTContext();
    using namespace ast_matchers;
    auto Found = match(varDecl(hasName(Var)).bind("v"), Ctx);
    EXPECT_EQ(Found.size(), 1u);
    if (Found.empty())
      return {};
    const auto *VD = Found[0].getNodeAs<VarDecl>("v");
    return V.describe(VD->getInit(), Ctx, isModeType(VD->getType()));
  }
  // The AST refers to the header's text without copying it: it must outlive
  // the AST (a temporary here was freed before the checks read the macros).
  tooling::FileContentMappings Headers = {{"/sys/flags.h", SystemHeader}};
  std::unique_ptr<ASTUnit> AST;
};

TEST_F(Describe, MacroNamedFlagsArePure) {
  FlagExprInfo I = of("a", "unsigned long a = GENERIC_READ | GENERIC_WRITE;");
  EXPECT_TRUE(I.HasFlag);
  EXPECT_TRUE(I.Pure);
  ASSERT_TRUE(I.Value.has_value());
  EXPECT_EQ(*I.Value, 0xC0000000u);
}

TEST_F(Describe, NestedMacrosAreFollowed) {
  FlagExprInfo I = of("a", "unsigned long a = FILE_GENERIC_READ;");
  EXPECT_TRUE(I.HasFlag);
  EXPECT_TRUE(I.Pure);
  EXPECT_EQ(I.Value, std::optional<uint64_t>(0x20001));
}

TEST_F(Describe, PastedLiteralsOfSystemMacros) {
  // MinGW spells its constants with token pasting: the literal is written in
  // scratch space, the macro that pasted it in a system header.
  FlagExprInfo I = of("a", "unsigned long a = GENERIC_EXECUTE;");
  EXPECT_TRUE(I.HasFlag);
  EXPECT_EQ(I.Value, std::optional<uint64_t>(0x20000000));
}

TEST_F(Describe, UserMacrosWrappingSystemFlags) {
  FlagExprInfo I = of("a", "unsigned long a = MY_ACCESS;");
  EXPECT_TRUE(I.HasFlag);
  EXPECT_TRUE(I.Pure);
}

TEST_F(Describe, UserMacrosWithFlagLikeNamesAreNotFlags) {
  EXPECT_FALSE(of("a", "int a = FILE_SIZE_MAX;").HasFlag);
  FlagVocabulary Listed(splitNameList("FILE_SIZE_MAX"));
  EXPECT_TRUE(of("a", "int a = FILE_SIZE_MAX;", Listed).HasFlag);
}

TEST_F(Describe, NonFlagMacrosAndPlainNumbers) {
  EXPECT_FALSE(of("a", "long a = FILE_BEGIN;").HasFlag);
  EXPECT_FALSE(of("a", "int a = BUFSIZE;").HasFlag);
  EXPECT_FALSE(of("a", "int a = 0x80000000;").HasFlag);
  EXPECT_FALSE(of("a", "int x = 3; int a = x;").HasFlag);
}

TEST_F(Describe, MixedExpressionsHaveFlagsButAreNotPure) {
  FlagExprInfo C = of("a", "bool c = true; long a = c ? GENERIC_READ : 0;");
  EXPECT_TRUE(C.HasFlag);
  EXPECT_FALSE(C.Pure);
  EXPECT_FALSE(C.Value.has_value());
  FlagExprInfo V =
      of("a", "unsigned long x = 1; unsigned long a = GENERIC_READ | x;");
  EXPECT_TRUE(V.HasFlag);
  EXPECT_FALSE(V.Pure);
  FlagExprInfo M = of("a", "unsigned long a = GENERIC_READ & ~READ_CONTROL;");
  EXPECT_TRUE(M.HasFlag);
  EXPECT_FALSE(M.Pure);
  EXPECT_EQ(M.Value, std::optional<uint64_t>(0x80000000u));
}

TEST_F(Describe, PosixAccessModesAreExclusive) {
  FlagExprInfo I = of("a", "int a = O_WRONLY | O_CREAT;");
  EXPECT_TRUE(I.HasFlag);
  EXPECT_TRUE(I.Pure);
  EXPECT_TRUE(I.HasExclusiveMode);
  EXPECT_EQ(I.Value, std::optional<uint64_t>(0101));
  EXPECT_FALSE(of("a", "int a = O_CREAT;").HasExclusiveMode);
}

TEST_F(Describe, OctalModesOnlyForModeT) {
  EXPECT_TRUE(of("a", "mode_t a = 0640;").HasFlag);
  EXPECT_FALSE(of("a", "int a = 0640;").HasFlag);
  EXPECT_FALSE(of("a", "mode_t a = 640;").HasFlag);
}

TEST_F(Describe, QtEnumeratorsByTheirEnum) {
  FlagExprInfo I =
      of("a", "int a = QIODevice::ReadOnly | QIODevice::WriteOnly;");
  EXPECT_TRUE(I.HasFlag);
  EXPECT_TRUE(I.Pure);
  EXPECT_EQ(I.Value, std::optional<uint64_t>(3));
  EXPECT_FALSE(of("a", "Custom a = Custom::A;").HasFlag);
}

TEST_F(Describe, FlagNamesOption) {
  FlagVocabulary V(splitNameList(" MY_FLAG ; Custom ;;"));
  EXPECT_TRUE(of("a", "int a = MY_FLAG;", V).HasFlag);
  EXPECT_TRUE(of("a", "Custom a = Custom::B;", V).HasFlag);
  FlagVocabulary ByEnumerator(splitNameList("Custom::A"));
  EXPECT_TRUE(of("a", "Custom a = Custom::A;", ByEnumerator).HasFlag);
  EXPECT_FALSE(of("a", "Custom a = Custom::B;", ByEnumerator).HasFlag);
  EXPECT_FALSE(of("a", "int a = MY_FLAG;").HasFlag);
}

TEST(SplitNameList, TrimsAndDropsEmpty) {
  EXPECT_EQ(splitNameList(" A;B ;; C "),
            (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_TRUE(splitNameList("").empty());
}

} // namespace
} // namespace clang::tidy::pipelint::utils
