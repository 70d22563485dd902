//===--- IpcVocabularyTest.cpp - the pre-filter knows every name ----------===//
//
// The pre-filter skips a file that mentions no name of utils::IpcVocabulary.
// These tests ask the rules' own recognisers about every function, method
// and enumerator the real headers declare (MinGW-w64 <windows.h>, glibc,
// Qt 5): each one a recogniser accepts must be in the vocabulary, so a name
// added to a recogniser but not to its table's export fails here.
//
//===----------------------------------------------------------------------===//
#include "TestConfig.h"

#include "driver/Platform.h"
#include "utils/DaclApi.h"
#include "utils/FlagConstants.h"
#include "utils/IpcOperations.h"
#include "utils/IpcVocabulary.h"
#include "utils/PipeApi.h"
#include "utils/PosixIpc.h"
#include "utils/StatusTests.h"
#include "utils/Win32Api.h"
#include "utils/Win32Handles.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"

#include <gtest/gtest.h>
#include <set>

namespace pipelint::test {
namespace {

namespace u = clang::tidy::pipelint::utils;
using namespace clang;

std::unique_ptr<ASTUnit> parse(const std::string &Code,
                               std::vector<std::string> Args) {
  Args.push_back("-Wno-everything");
  Args.push_back("-resource-dir=" + defaultResourceDir());
  return tooling::buildASTFromCodeWithArgs(
      Code, Args, "vocabulary.cpp", "clang++",
      std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster());
}

std::vector<std::string> windowsArgs() {
  std::vector<std::string> Args =
      adjustForPlatform({"clang++"}, Platform::Windows);
  Args.erase(Args.begin());
  return Args;
}

std::vector<std::string> pkgConfig(const std::string &Package) {
  auto Exe = llvm::sys::findProgramByName("pkg-config");
  if (!Exe)
    return {};
  llvm::SmallString<128> Out;
  llvm::sys::fs::createTemporaryFile("pkg", "txt", Out);
  std::optional<llvm::StringRef> Redirects[] = {
      std::nullopt, llvm::StringRef(Out), std::nullopt};
  if (llvm::sys::ExecuteAndWait(*Exe, {*Exe, "--cflags", Package}, std::nullopt,
                                Redirects) != 0)
    return {};
  auto Buf = llvm::MemoryBuffer::getFile(Out);
  llvm::sys::fs::remove(Out);
  std::vector<std::string> Flags;
  if (!Buf)
    return Flags;
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  (*Buf)->getBuffer().split(Parts, ' ', -1, false);
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Flags.push_back(P.trim().str());
  return Flags;
}

/// A call of \p FD with a "fifo" string for every argument (so that POSIX
/// `open` counts as opening a FIFO).
CallExpr *callOf(ASTContext &Ctx, FunctionDecl *FD) {
  auto *Ref =
      DeclRefExpr::Create(Ctx, NestedNameSpecifierLoc(), SourceLocation(), FD,
                          false, FD->getLocation(), FD->getType(), VK_LValue);
  QualType StrTy = Ctx.getConstantArrayType(
      Ctx.CharTy, llvm::APInt(32, 5), nullptr, ArraySizeModifier::Normal, 0);
  std::vector<Expr *> Args;
  for (unsigned I = 0; I < FD->getNumParams(); ++I)
    Args.push_back(StringLiteral::Create(Ctx, "fifo",
                                         StringLiteralKind::Ordinary, false,
                                         StrTy, FD->getLocation()));
  return CallExpr::Create(Ctx, Ref, Args, FD->getReturnType(), VK_PRValue,
                          FD->getLocation(), FPOptionsOverride());
}

/// The names of every function the recognisers accept, among the
/// functions and methods declared in \p AST.
class Recognised : public RecursiveASTVisitor<Recognised> {
public:
  explicit Recognised(ASTContext &Ctx) : Ctx(Ctx) {}
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->getIdentifier() || FD->isDependentContext() ||
        !Seen.insert(FD->getCanonicalDecl()).second)
      return true;
    const SourceManager &SM = Ctx.getSourceManager();
    bool Known = u::lookupCreatingFunction(FD) || u::isCreateNamedPipe(FD) ||
                 u::lookupClientOpen(FD) || u::isSetDacl(FD) ||
                 u::isSddlConversion(FD) || u::lookupHandleCreator(FD) ||
                 u::isDaclTrigger(u::classifyDaclCall(FD)) ||
                 u::lookupImpersonationFunction(FD) ||
                 u::lookupPosixCall(FD, SM);
    if (!Known)
      Known = u::IpcOperationMatcher()
                  .classify(callOf(Ctx, FD), nullptr, Ctx)
                  .has_value();
    if (Known)
      Names.insert(FD->getName().str());
    return true;
  }

  std::set<std::string> Names;

private:
  ASTContext &Ctx;
  std::set<const Decl *> Seen;
};

void expectAllInVocabulary(const std::set<std::string> &Names) {
  const u::IpcVocabulary &V = u::IpcVocabulary::get();
  for (const std::string &N : Names)
    EXPECT_NE(V.use(N), u::NameUse::None)
        << "'" << N << "' is recognised by a rule but missing from "
        << "utils::IpcVocabulary: the pre-filter would skip files calling it";
}

TEST(IpcVocabulary, KnowsEveryWin32FunctionTheRulesRecognise) {
  if (!checkWindowsHeaders().empty())
    GTEST_SKIP() << checkWindowsHeaders();
  auto AST = parse("#include <windows.h>\n#include <sddl.h>\n"
                   "#include <rpc.h>\n#include <objbase.h>\n"
                   "#include <winsock2.h>\n",
                   windowsArgs());
  ASSERT_TRUE(AST);
  Recognised R(AST->getASTContext());
  R.TraverseDecl(AST->getASTContext().getTranslationUnitDecl());
  // The test means something only if the recognisers saw the real API.
  for (const char *Sure :
       {"CreateNamedPipeW", "CreateFileA", "CreateMutexW", "OpenProcess",
        "ImpersonateNamedPipeClient", "RpcImpersonateClient",
        "CoImpersonateClient", "WaitNamedPipeW", "SetSecurityDescriptorDacl",
        "ConvertStringSecurityDescriptorToSecurityDescriptorW"})
    EXPECT_TRUE(R.Names.count(Sure)) << Sure << " was not recognised";
  expectAllInVocabulary(R.Names);
}

TEST(IpcVocabulary, KnowsEveryPosixFunctionTheRulesRecognise) {
  auto AST = parse("#include <fcntl.h>\n#include <sys/stat.h>\n"
                   "#include <sys/socket.h>\n#include <mqueue.h>\n"
                   "#include <semaphore.h>\n#include <sys/mman.h>\n"
                   "#include <unistd.h>\n",
                   {});
  ASSERT_TRUE(AST);
  Recognised R(AST->getASTContext());
  R.TraverseDecl(AST->getASTContext().getTranslationUnitDecl());
  for (const char *Sure :
       {"mkfifo", "shm_open", "open", "chmod", "umask", "bind", "connect"})
    EXPECT_TRUE(R.Names.count(Sure)) << Sure << " was not recognised";
  expectAllInVocabulary(R.Names);
}

TEST(IpcVocabulary, KnowsTheQtMethodsAndFlagEnumerators) {
  std::vector<std::string> Args = pkgConfig("Qt5Network");
  if (Args.empty())
    GTEST_SKIP() << "Qt 5 (pkg-config Qt5Network) is not installed";
  Args.push_back("-fPIC");
  auto AST = parse("#include <QLocalSocket>\n#include <QLocalServer>\n"
                   "#include <QFile>\n",
                   Args);
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  Recognised R(Ctx);
  R.TraverseDecl(Ctx.getTranslationUnitDecl());
  EXPECT_TRUE(R.Names.count("connectToServer"));
  EXPECT_TRUE(R.Names.count("waitForConnected"));
  expectAllInVocabulary(R.Names);

  // Every enumerator FlagVocabulary takes for a flag is listed under its
  // enum, gated by the identifier that declares the enum.
  struct Enumerators : RecursiveASTVisitor<Enumerators> {
    u::FlagVocabulary Flags;
    unsigned Checked = 0;
    bool VisitEnumConstantDecl(EnumConstantDecl *ECD) {
      if (!Flags.isFlagEnumerator(ECD))
        return true;
      ++Checked;
      const auto *Enum = cast<EnumDecl>(ECD->getDeclContext());
      bool Listed = false;
      for (const u::GatedNames &G : u::IpcVocabulary::get().gated())
        if (G.Enum == Enum->getQualifiedNameAsString() &&
            G.Declares == Enum->getName())
          for (llvm::StringRef N : G.Names)
            Listed |= N == ECD->getName();
      EXPECT_TRUE(Listed) << Enum->getQualifiedNameAsString()
                          << "::" << ECD->getName().str()
                          << " is missing from qtFlagEnumerators()";
      return true;
    }
  } E;
  E.TraverseDecl(Ctx.getTranslationUnitDecl());
  EXPECT_GE(E.Checked, 20u) << "the Qt flag enums were not found";
}

TEST(IpcVocabulary, EveryQtFlagEnumHasItsEnumerators) {
  for (llvm::StringRef Enum : u::qtFlagEnumNames())
    EXPECT_FALSE(u::qtFlagEnumerators(Enum).empty()) << Enum.str();
}

TEST(IpcVocabulary, FreeFunctionsOnlyWhereAMethodCannotMatch) {
  const u::IpcVocabulary &V = u::IpcVocabulary::get();
  EXPECT_EQ(V.use("CreateNamedPipeW"), u::NameUse::FreeFunction);
  EXPECT_EQ(V.use("CreateFile"), u::NameUse::FreeFunction); // the A/W macro
  EXPECT_EQ(V.use("open"), u::NameUse::FreeFunction);
  EXPECT_EQ(V.use("connectToServer"), u::NameUse::Anywhere);
  EXPECT_EQ(V.use("setSocketOptions"), u::NameUse::Anywhere);
  EXPECT_EQ(V.use("GENERIC_WRITE"), u::NameUse::Anywhere);
  EXPECT_EQ(V.use("S_IRWXO"), u::NameUse::Anywhere);
  EXPECT_EQ(V.use("printf"), u::NameUse::None);
  EXPECT_EQ(V.use("FILE_BEGIN"), u::NameUse::None); // not a flag
}

} // namespace
} // namespace pipelint::test
