//===--- IpcOperations.cpp - IPC calls a retry loop can retry -------------===//
#include "utils/IpcOperations.h"
#include "utils/Win32Api.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::pipelint::utils {
namespace {

/// A free function of the Win32 or POSIX API: its name (A/W variants are
/// listed), how many parameters its declaration has, how it reports failure.
struct ApiEntry {
  llvm::StringRef Name;
  unsigned Params;
  bool AtLeast; ///< Params is a minimum (variadic `open`, `mq_open`)
  ResultConvention Convention;
  int TimeoutArg;
};

using RC = ResultConvention;

// Parameter counts are those of the Windows SDK, MinGW-w64 and POSIX
// declarations; a user's function of the same name and another shape is
// left alone.
const ApiEntry ApiTable[] = {
    {"CreateFileA", 7, false, RC::HandleInvalid, -1},
    {"CreateFileW", 7, false, RC::HandleInvalid, -1},
    {"CreateFile2", 5, false, RC::HandleInvalid, -1},
    {"CreateFileTransactedA", 10, false, RC::HandleInvalid, -1},
    {"CreateFileTransactedW", 10, false, RC::HandleInvalid, -1},
    {"CreateNamedPipeA", 8, false, RC::HandleInvalid, -1},
    {"CreateNamedPipeW", 8, false, RC::HandleInvalid, -1},
    // WaitNamedPipe(lpNamedPipeName, nTimeOut)
    {"WaitNamedPipeA", 2, false, RC::NonZeroSuccess, 1},
    {"WaitNamedPipeW", 2, false, RC::NonZeroSuccess, 1},
    {"ConnectNamedPipe", 2, false, RC::NonZeroSuccess, -1},
    {"CallNamedPipeA", 7, false, RC::NonZeroSuccess, -1},
    {"CallNamedPipeW", 7, false, RC::NonZeroSuccess, -1},
    {"TransactNamedPipe", 7, false, RC::NonZeroSuccess, -1},
    {"connect", 3, false, RC::ZeroSuccess, -1},
    {"accept", 3, false, RC::NonNegativeSuccess, -1},
    {"accept4", 4, false, RC::NonNegativeSuccess, -1},
    {"mq_open", 2, true, RC::NonNegativeSuccess, -1},
    {"mq_send", 4, false, RC::ZeroSuccess, -1},
    {"mq_timedsend", 5, false, RC::ZeroSuccess, -1},
    {"mq_receive", 4, false, RC::NonNegativeSuccess, -1},
    {"mq_timedreceive", 5, false, RC::NonNegativeSuccess, -1},
    // open of a FIFO: only with evidence (opensFifo).
    {"open", 2, true, RC::NonNegativeSuccess, -1},
    {"open64", 2, true, RC::NonNegativeSuccess, -1},
};

bool isFreeApiFunction(const FunctionDecl *FD) {
  if (isa<CXXMethodDecl>(FD))
    return false;
  return FD->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

const ApiEntry *lookupApi(const FunctionDecl *FD) {
  if (!FD->getIdentifier() || !isFreeApiFunction(FD))
    return nullptr;
  for (const ApiEntry &E : ApiTable) {
    if (FD->getName() != E.Name)
      continue;
    unsigned N = FD->getNumParams();
    if (E.AtLeast ? N < E.Params : N != E.Params)
      return nullptr;
    return &E;
  }
  return nullptr;
}

bool isOrDerivesFrom(const CXXRecordDecl *RD, llvm::StringRef Name,
                     unsigned Depth = 0) {
  if (!RD || Depth > 16)
    return false;
  if (RD->getIdentifier() && RD->getName() == Name)
    return true;
  RD = RD->getDefinition();
  if (!RD)
    return false;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (isOrDerivesFrom(B.getType()->getAsCXXRecordDecl(), Name, Depth + 1))
      return true;
  return false;
}

/// A method named \p Name of QLocalSocket (or of a class derived from it).
bool isLocalSocketMethod(const FunctionDecl *FD) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  return MD && MD->getIdentifier() &&
         isOrDerivesFrom(MD->getParent(), "QLocalSocket");
}

bool typedefNamed(QualType T, llvm::StringRef Name) {
  while (const auto *TT = T->getAs<TypedefType>()) {
    if (TT->getDecl()->getName() == Name)
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

/// The convention of a user-listed function, from its return type.
ResultConvention conventionOfType(QualType T) {
  if (T->isVoidType())
    return RC::Void;
  if (T->isBooleanType() || typedefNamed(T, "BOOL"))
    return RC::NonZeroSuccess;
  if (typedefNamed(T, "HANDLE"))
    return RC::HandleInvalid;
  if (T->isPointerType())
    return RC::NullFailure;
  if (T->isIntegerType())
    return RC::NonNegativeSuccess;
  return RC::Opaque;
}

bool containsFifo(llvm::StringRef S) { return S.contains_insensitive("fifo"); }

/// The text or variable that names a path: "…fifo…", a variable called
/// fifoPath, or one initialised with such a literal.
bool pathMentionsFifo(const Expr *E, unsigned Depth = 0) {
  if (!E || Depth > 4)
    return false;
  E = E->IgnoreParenCasts();
  if (const auto *SL = dyn_cast<StringLiteral>(E))
    return SL->getCharByteWidth() == 1 && containsFifo(SL->getString());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return false;
    if (VD->getIdentifier() && containsFifo(VD->getName()))
      return true;
    return VD->getInit() && pathMentionsFifo(VD->getInit(), Depth + 1);
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl()->getIdentifier() &&
           containsFifo(ME->getMemberDecl()->getName());
  // path.c_str(), path.data()
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return pathMentionsFifo(MC->getImplicitObjectArgument(), Depth + 1);
  return false;
}

/// Two path expressions that certainly name the same path: the same
/// variable or member, or equal literals.
bool samePath(const Expr *A, const Expr *B) {
  A = A->IgnoreParenCasts();
  B = B->IgnoreParenCasts();
  if (const auto *MA = dyn_cast<CXXMemberCallExpr>(A))
    A = MA->getImplicitObjectArgument()->IgnoreParenCasts();
  if (const auto *MB = dyn_cast<CXXMemberCallExpr>(B))
    B = MB->getImplicitObjectArgument()->IgnoreParenCasts();
  if (const auto *DA = dyn_cast<DeclRefExpr>(A))
    if (const auto *DB = dyn_cast<DeclRefExpr>(B))
      return DA->getDecl() == DB->getDecl();
  if (const auto *MA = dyn_cast<MemberExpr>(A))
    if (const auto *MB = dyn_cast<MemberExpr>(B))
      return MA->getMemberDecl() == MB->getMemberDecl();
  if (const auto *SA = dyn_cast<StringLiteral>(A))
    if (const auto *SB = dyn_cast<StringLiteral>(B))
      return SA->getBytes() == SB->getBytes();
  return false;
}

/// Finds calls that create a FIFO in the whole translation unit.
class FifoCreations : public RecursiveASTVisitor<FifoCreations> {
public:
  std::vector<const Expr *> Paths;
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *FD = C->getDirectCallee();
    if (!FD || !FD->getIdentifier() || !isFreeApiFunction(FD))
      return true;
    int PathArg = llvm::StringSwitch<int>(FD->getName())
                      .Cases("mkfifo", "mknod", 0)
                      .Cases("mkfifoat", "mknodat", 1)
                      .Default(-1);
    if (PathArg >= 0 && static_cast<unsigned>(PathArg) < C->getNumArgs())
      Paths.push_back(C->getArg(PathArg));
    return true;
  }
};

/// Finds a use of the ENXIO macro in a statement.
class EnxioUse : public RecursiveASTVisitor<EnxioUse> {
public:
  EnxioUse(const SourceManager &SM, const LangOptions &LO) : SM(SM), LO(LO) {}
  bool Found = false;
  bool VisitIntegerLiteral(IntegerLiteral *L) {
    SourceLocation Loc = L->getBeginLoc();
    if (Loc.isMacroID() && Lexer::getImmediateMacroName(Loc, SM, LO) == "ENXIO")
      Found = true;
    return !Found;
  }

private:
  const SourceManager &SM;
  const LangOptions &LO;
};

bool containsReturn(const Stmt *S) {
  if (!S)
    return false;
  if (isa<ReturnStmt>(S))
    return true;
  if (isa<LambdaExpr>(S))
    return false;
  for (const Stmt *Child : S->children())
    if (containsReturn(Child))
      return true;
  return false;
}

} // namespace

std::optional<IpcOperation>
IpcOperationMatcher::classify(const CallExpr *Call, const Stmt *Loop,
                              ASTContext &Ctx) const {
  const FunctionDecl *FD = resolveCallee(Call);
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  IpcOperation Op;
  if (const ApiEntry *E = lookupApi(FD)) {
    if ((E->Name == "open" || E->Name == "open64") &&
        !opensFifo(Call, Loop, Ctx))
      return std::nullopt;
    Op.Convention = E->Convention;
    Op.TimeoutArg = E->TimeoutArg;
    return Op;
  }
  if (isLocalSocketMethod(FD)) {
    if (FD->getName() == "connectToServer") {
      Op.Convention = RC::Void;
      Op.IsConnectRequest = true;
      return Op;
    }
    if (FD->getName() == "waitForConnected" && FD->getNumParams() == 1) {
      Op.Convention = RC::NonZeroSuccess;
      Op.TimeoutArg = 0;
      Op.AnswersConnectRequest = true;
      return Op;
    }
    // Waiting for the peer's data: a loop that only leaves when it comes
    // waits for as long as the peer stays silent.
    if (FD->getName() == "waitForReadyRead" && FD->getNumParams() == 1) {
      Op.Convention = RC::NonZeroSuccess;
      Op.TimeoutArg = 0;
      return Op;
    }
  }
  if (!ExtraNames.empty()) {
    std::string Qualified = FD->getQualifiedNameAsString();
    for (const std::string &N : ExtraNames) {
      bool Match = llvm::StringRef(N).contains("::") ? Qualified == N
                                                     : FD->getName() == N;
      if (Match) {
        Op.Convention = conventionOfType(FD->getReturnType());
        return Op;
      }
    }
  }
  return std::nullopt;
}

std::vector<llvm::StringRef> ipcOperationFunctionNames() {
  std::vector<llvm::StringRef> Names;
  for (const ApiEntry &E : ApiTable)
    Names.push_back(E.Name);
  return Names;
}

llvm::ArrayRef<llvm::StringRef> ipcOperationMethodNames() {
  // The QLocalSocket methods classify() recognises.
  static const llvm::StringRef Names[] = {"connectToServer", "waitForConnected",
                                          "waitForReadyRead"};
  return Names;
}

bool isErrorCodeRead(const CallExpr *Call) {
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier())
    return false;
  if (isLocalSocketMethod(FD))
    return llvm::StringSwitch<bool>(FD->getName())
        .Cases("error", "state", "isValid", "errorString", true)
        .Default(false);
  if (!isFreeApiFunction(FD) || FD->getNumParams() != 0)
    return false;
  return llvm::StringSwitch<bool>(FD->getName())
      .Cases("GetLastError", "WSAGetLastError", true)
      .Cases("__errno_location", "_errno", "__error", "___errno", true)
      .Default(false);
}

bool isTimedWait(const CallExpr *Call, const IpcOperation &Op,
                 ASTContext &Ctx) {
  if (Op.TimeoutArg < 0 ||
      static_cast<unsigned>(Op.TimeoutArg) >= Call->getNumArgs())
    return false;
  const Expr *Arg = Call->getArg(Op.TimeoutArg);
  Expr::EvalResult R;
  if (Arg->isValueDependent() || !Arg->EvaluateAsInt(R, Ctx))
    return true; // a time-out we cannot read is assumed finite
  // NMPWAIT_WAIT_FOREVER (0xffffffff as a DWORD) and Qt's -1: all ones, or
  // the 32-bit value where DWORD is wider (LP64 mock declarations).
  const llvm::APSInt &I = R.Val.getInt();
  bool Forever = I.isAllOnes() ||
                 (I.getActiveBits() == 32 && I.getZExtValue() == 0xffffffffULL);
  return !Forever;
}

bool opensFifo(const CallExpr *Open, const Stmt *Loop, ASTContext &Ctx) {
  if (Open->getNumArgs() < 1)
    return false;
  const Expr *Path = Open->getArg(0);
  if (pathMentionsFifo(Path))
    return true;
  FifoCreations Creations;
  Creations.TraverseDecl(Ctx.getTranslationUnitDecl());
  for (const Expr *P : Creations.Paths)
    if (samePath(P, Path))
      return true;
  if (Loop) {
    EnxioUse Enxio(Ctx.getSourceManager(), Ctx.getLangOpts());
    Enxio.TraverseStmt(const_cast<Stmt *>(Loop));
    if (Enxio.Found)
      return true;
  }
  return false;
}

bool neverReturns(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (FD->isNoReturn())
    return true;
  // qFatal: Qt 5 does not declare QMessageLogger::fatal noreturn, but it
  // always aborts.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getIdentifier() && MD->getName() == "fatal" &&
        MD->getParent()->getIdentifier() &&
        MD->getParent()->getName() == "QMessageLogger")
      return true;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->body_empty() || containsReturn(Body))
    return false;
  const Stmt *Last = Body->body_back();
  if (const auto *E = dyn_cast<Expr>(Last)) {
    E = E->IgnoreImplicit();
    if (isa<CXXThrowExpr>(E))
      return true;
    if (const auto *C = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *Callee = C->getDirectCallee())
        return Callee->isNoReturn();
  }
  return false;
}

} // namespace clang::tidy::pipelint::utils
