//===--- FlagConstants.cpp - access, share, mode and permission flags -----===//
#include "utils/FlagConstants.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::pipelint::utils {
namespace {

// Win32 and POSIX flag macros, by prefix, exact name and suffix. The names
// are looked up on every macro a literal was expanded through, so
// FILE_GENERIC_READ, STANDARD_RIGHTS_READ and READ_CONTROL all count.
constexpr llvm::StringLiteral FlagPrefixes[] = {
    "GENERIC_",         "FILE_", "PIPE_", "SECTION_", "STANDARD_RIGHTS_",
    "SPECIFIC_RIGHTS_", "O_",    "S_I",
};
constexpr llvm::StringLiteral FlagExactNames[] = {
    "READ_CONTROL",
    "WRITE_DAC",
    "WRITE_OWNER",
    "DELETE",
    "SYNCHRONIZE",
    "MAXIMUM_ALLOWED",
    "ACCESS_SYSTEM_SECURITY",
    "SECURITY_SQOS_PRESENT",
    "SECURITY_ANONYMOUS",
    "SECURITY_IDENTIFICATION",
    "SECURITY_IMPERSONATION",
    "SECURITY_DELEGATION",
    "SECURITY_CONTEXT_TRACKING",
    "SECURITY_EFFECTIVE_ONLY",
};
constexpr llvm::StringLiteral FlagSuffixes[] = {
    "_ALL_ACCESS", // EVENT_ALL_ACCESS, MUTEX_ALL_ACCESS, ...
    "_MODIFY_STATE",
    "_SECURITY_INFORMATION", // DACL_SECURITY_INFORMATION, ...
};
// Macros under the prefixes above that are not flags: seek origins, file
// and device types, an instance count.
constexpr llvm::StringLiteral NotFlagPrefixes[] = {"FILE_TYPE_",
                                                   "FILE_DEVICE_"};
constexpr llvm::StringLiteral NotFlagNames[] = {
    "FILE_BEGIN", "FILE_CURRENT", "FILE_END", "PIPE_UNLIMITED_INSTANCES"};
// Access modes that exclude each other: OR-ing two of them is not a fix.
constexpr llvm::StringLiteral ExclusiveModes[] = {
    "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE", "O_EXEC", "O_SEARCH"};
// Qt flag enums (Qt 5 and Qt 6 spellings).
constexpr llvm::StringLiteral QtFlagEnums[] = {
    "QIODevice::OpenModeFlag", "QIODeviceBase::OpenModeFlag",
    "QFileDevice::Permission", "QLocalServer::SocketOption"};

template <size_t N>
bool contains(const llvm::StringLiteral (&List)[N], llvm::StringRef Name) {
  for (llvm::StringRef S : List)
    if (S == Name)
      return true;
  return false;
}

bool isBuiltinFlagMacro(llvm::StringRef Name) {
  for (llvm::StringRef P : NotFlagPrefixes)
    if (Name.starts_with(P))
      return false;
  if (contains(NotFlagNames, Name))
    return false;
  for (llvm::StringRef P : FlagPrefixes)
    if (Name.starts_with(P) && Name.size() > P.size())
      return true;
  for (llvm::StringRef S : FlagSuffixes)
    if (Name.ends_with(S) && Name.size() > S.size())
      return true;
  return contains(FlagExactNames, Name);
}

/// Looks through what does not change which flags an expression holds:
/// parentheses, casts, temporaries, full-expression wrappers, Qt's QFlags
/// construction from one value and its conversion back to an integer.
const Expr *strip(const Expr *E) {
  for (unsigned Guard = 0; E && Guard < 64; ++Guard) {
    const Expr *Next = nullptr;
    E = E->IgnoreParens();
    if (const auto *C = dyn_cast<CastExpr>(E))
      Next = C->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      Next = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      Next = B->getSubExpr();
    else if (const auto *F = dyn_cast<FullExpr>(E))
      Next = F->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (CE->getNumArgs() == 1)
        Next = CE->getArg(0);
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      if (isa_and_nonnull<CXXConversionDecl>(MC->getMethodDecl()))
        Next = MC->getImplicitObjectArgument();
    } else if (const auto *IL = dyn_cast<InitListExpr>(E)) {
      if (IL->getNumInits() == 1 && IL->getType()->isScalarType())
        Next = IL->getInit(0); // DWORD access{GENERIC_READ};
    }
    if (!Next)
      return E;
    E = Next;
  }
  return E;
}

/// `|`, `&`, `^` and `~`, built in or overloaded (QFlags).
BinaryOperatorKind bitwiseKind(const Expr *E, const Expr *&L, const Expr *&R) {
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    BinaryOperatorKind K = BO->getOpcode();
    if (K == BO_Or || K == BO_And || K == BO_Xor) {
      L = BO->getLHS();
      R = BO->getRHS();
      return K;
    }
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getNumArgs() != 2)
      return BO_Comma;
    L = Op->getArg(0);
    R = Op->getArg(1);
    switch (Op->getOperator()) {
    case OO_Pipe:
      return BO_Or;
    case OO_Amp:
      return BO_And;
    case OO_Caret:
      return BO_Xor;
    default:
      break;
    }
  }
  return BO_Comma; // "not bitwise"
}

const Expr *complementOperand(const Expr *E) {
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return UO->getOpcode() == UO_Not ? UO->getSubExpr() : nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    if (Op->getOperator() == OO_Tilde && Op->getNumArgs() == 1)
      return Op->getArg(0);
  return nullptr;
}

bool isOctalSpelling(const Expr *E, const SourceManager &SM) {
  SourceLocation Loc = SM.getSpellingLoc(E->getBeginLoc());
  bool Invalid = false;
  const char *P = SM.getCharacterData(Loc, &Invalid);
  return !Invalid && P[0] == '0' && P[1] >= '0' && P[1] <= '7';
}

} // namespace

FlagVocabulary::FlagVocabulary(const std::vector<std::string> &ExtraNames) {
  for (const std::string &N : ExtraNames)
    Extra.insert(N);
}

bool FlagVocabulary::isFlagMacroName(llvm::StringRef Name,
                                     bool FromSystemHeader) const {
  return !Name.empty() && (Extra.contains(Name) ||
                           (FromSystemHeader && isBuiltinFlagMacro(Name)));
}

bool FlagVocabulary::isFlagEnumerator(const EnumConstantDecl *ECD) const {
  if (!ECD)
    return false;
  const auto *Enum = dyn_cast<EnumDecl>(ECD->getDeclContext());
  std::string EnumName = Enum ? Enum->getQualifiedNameAsString() : "";
  if (contains(QtFlagEnums, EnumName))
    return true;
  if (Extra.empty())
    return false;
  return Extra.contains(ECD->getName()) ||
         Extra.contains(ECD->getQualifiedNameAsString()) ||
         (!EnumName.empty() && Extra.contains(EnumName));
}

bool FlagVocabulary::isFlagLeaf(const Expr *E, const ASTContext &Ctx,
                                bool OctalIsMode, bool &Exclusive) const {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (isFlagEnumerator(dyn_cast<EnumConstantDecl>(Ref->getDecl())))
      return true;
  QualType T = E->getType();
  if (T.isNull() || !(T->isIntegralOrEnumerationType()) ||
      E->isValueDependent() || !E->isIntegerConstantExpr(Ctx))
    return false;
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  bool Found = false;
  SourceLocation Loc = E->getBeginLoc();
  // Where the constant itself is written: for GENERIC_READ, in <winnt.h>
  // (isInSystemMacro looks through MinGW's token pasting, __MSABI_LONG).
  bool FromSystem = SM.isInSystemMacro(Loc);
  for (unsigned Guard = 0; Loc.isMacroID() && Guard < 64; ++Guard) {
    llvm::StringRef Name = Lexer::getImmediateMacroName(Loc, SM, LO);
    if (isFlagMacroName(Name, FromSystem)) {
      Found = true;
      if (contains(ExclusiveModes, Name))
        Exclusive = true;
    }
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  if (Found)
    return true;
  // An octal literal written by the user (0644), for a mode_t target. The
  // literal of a system macro (glibc's `#define O_RDONLY 00`) was named above.
  if (OctalIsMode && isa<IntegerLiteral>(E) &&
      !SM.isInSystemHeader(SM.getSpellingLoc(E->getBeginLoc())))
    return isOctalSpelling(E, SM);
  return false;
}

void FlagVocabulary::walk(const Expr *E, const ASTContext &Ctx,
                          bool OctalIsMode, FlagExprInfo &Info) const {
  E = strip(E);
  if (!E) {
    Info.Pure = false;
    return;
  }
  const Expr *L = nullptr, *R = nullptr;
  BinaryOperatorKind K = bitwiseKind(E, L, R);
  if (K != BO_Comma) {
    if (K != BO_Or)
      Info.Pure = false;
    walk(L, Ctx, OctalIsMode, Info);
    walk(R, Ctx, OctalIsMode, Info);
    return;
  }
  if (const Expr *Sub = complementOperand(E)) {
    Info.Pure = false;
    walk(Sub, Ctx, OctalIsMode, Info);
    return;
  }
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    Info.Pure = false;
    walk(CO->getTrueExpr(), Ctx, OctalIsMode, Info);
    walk(CO->getFalseExpr(), Ctx, OctalIsMode, Info);
    return;
  }
  // QFlags from an initializer list: {QIODevice::ReadOnly, QIODevice::Text}.
  if (const auto *IL = dyn_cast<CXXStdInitializerListExpr>(E)) {
    walk(IL->getSubExpr(), Ctx, OctalIsMode, Info);
    Info.Pure = false;
    return;
  }
  if (const auto *Init = dyn_cast<InitListExpr>(E)) {
    Info.Pure = false;
    for (const Expr *I : Init->inits())
      walk(I, Ctx, OctalIsMode, Info);
    return;
  }
  bool Exclusive = false;
  if (isFlagLeaf(E, Ctx, OctalIsMode, Exclusive)) {
    Info.HasFlag = true;
    Info.HasExclusiveMode |= Exclusive;
  } else {
    Info.Pure = false;
  }
}

std::optional<uint64_t> FlagVocabulary::fold(const Expr *E,
                                             const ASTContext &Ctx) const {
  E = strip(E);
  if (!E)
    return std::nullopt;
  const Expr *L = nullptr, *R = nullptr;
  BinaryOperatorKind K = bitwiseKind(E, L, R);
  if (K != BO_Comma) {
    std::optional<uint64_t> A = fold(L, Ctx), B = fold(R, Ctx);
    if (!A || !B)
      return std::nullopt;
    return K == BO_Or ? (*A | *B) : K == BO_And ? (*A & *B) : (*A ^ *B);
  }
  if (const Expr *Sub = complementOperand(E)) {
    std::optional<uint64_t> A = fold(Sub, Ctx);
    return A ? std::optional<uint64_t>(~*A) : std::nullopt;
  }
  QualType T = E->getType();
  if (T.isNull() || !T->isIntegralOrEnumerationType() || E->isValueDependent())
    return std::nullopt;
  Expr::EvalResult Result;
  if (!E->EvaluateAsInt(Result, Ctx))
    return std::nullopt;
  const llvm::APSInt &V = Result.Val.getInt();
  return static_cast<uint64_t>(V.isSigned() ? V.getSExtValue()
                                            : V.getZExtValue());
}

FlagExprInfo FlagVocabulary::describe(const Expr *E, const ASTContext &Ctx,
                                      bool OctalIsMode) const {
  FlagExprInfo Info;
  if (!E) {
    Info.Pure = false;
    return Info;
  }
  walk(E, Ctx, OctalIsMode, Info);
  Info.Value = fold(E, Ctx);
  return Info;
}

bool isBuiltinFlagMacroName(llvm::StringRef Name) {
  return isBuiltinFlagMacro(Name);
}

llvm::ArrayRef<llvm::StringLiteral> qtFlagEnumNames() { return QtFlagEnums; }

bool isModeType(QualType T) {
  for (unsigned Guard = 0; !T.isNull() && Guard < 16; ++Guard) {
    const auto *TT = T->getAs<TypedefType>();
    if (!TT)
      return false;
    llvm::StringRef Name = TT->getDecl()->getName();
    if (Name == "mode_t" || Name == "__mode_t")
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

} // namespace clang::tidy::pipelint::utils
