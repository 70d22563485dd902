//===--- PosixIpc.cpp - POSIX IPC objects and their creation calls --------===//
#include "utils/PosixIpc.h"
#include "utils/PosixModes.h"
#include "utils/ValueTracking.h"
#include "utils/Win32Api.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringMap.h"
#include <functional>

namespace clang::tidy::pipelint::utils {
namespace {

const PosixCall Calls[] = {
    {"mkfifo", PosixCallKind::Create, PosixObject::Fifo, 0, -1, 1},
    {"mkfifoat", PosixCallKind::Create, PosixObject::Fifo, 1, -1, 2},
    {"mknod", PosixCallKind::Create, PosixObject::Node, 0, -1, 1},
    {"mknodat", PosixCallKind::Create, PosixObject::Node, 1, -1, 2},
    {"shm_open", PosixCallKind::Create, PosixObject::SharedMemory, 0, 1, 2},
    {"mq_open", PosixCallKind::Create, PosixObject::MessageQueue, 0, 1, 2},
    {"sem_open", PosixCallKind::Create, PosixObject::Semaphore, 0, 1, 2},
    {"open", PosixCallKind::Create, PosixObject::File, 0, 1, 2},
    {"open64", PosixCallKind::Create, PosixObject::File, 0, 1, 2},
    {"openat", PosixCallKind::Create, PosixObject::File, 1, 2, 3},
    {"openat64", PosixCallKind::Create, PosixObject::File, 1, 2, 3},
    {"creat", PosixCallKind::Create, PosixObject::File, 0, -1, 1},
    {"creat64", PosixCallKind::Create, PosixObject::File, 0, -1, 1},
    {"chmod", PosixCallKind::Chmod, PosixObject::None, 0, -1, 1},
    {"fchmodat", PosixCallKind::Chmod, PosixObject::None, 1, -1, 2},
    {"fchmod", PosixCallKind::Fchmod, PosixObject::None, -1, -1, 1},
    {"umask", PosixCallKind::Umask, PosixObject::None, -1, -1, 0},
    {"bind", PosixCallKind::Bind, PosixObject::None, -1, -1, -1},
};

bool isCallTo(const CallExpr *Call, PosixCallKind Kind,
              const SourceManager &SM) {
  const PosixCall *P = lookupPosixCall(resolveCallee(Call), SM);
  return P && P->Kind == Kind;
}

/// Calls every CallExpr in the body of the function around \p Anchor.
void forEachCallInFunction(const Stmt *Anchor, ASTContext &Ctx,
                           llvm::function_ref<void(const CallExpr *)> F) {
  const FunctionDecl *Fn = enclosingFunctionOf(Anchor, Ctx);
  if (!Fn || !Fn->getBody())
    return;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S)
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      F(Call);
    for (const Stmt *C : S->children())
      Walk(C);
  };
  Walk(Fn->getBody());
}

bool isSunPath(const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenCasts());
  return ME && ME->getMemberDecl()->getName() == "sun_path";
}

/// Two path expressions name the same thing: the same variable, or string
/// literals with the same text.
bool samePath(const Expr *A, const Expr *B) {
  A = A->IgnoreParenCasts();
  B = B->IgnoreParenCasts();
  if (const auto *RA = dyn_cast<DeclRefExpr>(A))
    if (const auto *RB = dyn_cast<DeclRefExpr>(B))
      return RA->getDecl() == RB->getDecl();
  if (const auto *SA = dyn_cast<StringLiteral>(A))
    if (const auto *SB = dyn_cast<StringLiteral>(B))
      return SA->getBytes() == SB->getBytes();
  return false;
}

bool isCopyIntoSunPath(const CallExpr *Call, const Expr *Path) {
  const FunctionDecl *FD = resolveCallee(Call);
  if (!FD || !FD->getIdentifier() || Call->getNumArgs() < 2)
    return false;
  llvm::StringRef N = FD->getName();
  if (N.starts_with("__builtin_"))
    N = N.drop_front(10);
  // The C library's copies and the projects' own (pa_strlcpy, g_strlcpy,
  // av_strlcpy, SDL_strlcpy, __strcpy_chk, ...).
  bool Copy =
      N.contains_insensitive("strcpy") || N.contains_insensitive("strncpy") ||
      N.contains_insensitive("strlcpy") || N.contains_insensitive("memcpy") ||
      N.contains_insensitive("snprintf") || N.contains_insensitive("sprintf");
  if (!Copy || !isSunPath(Call->getArg(0)))
    return false;
  for (unsigned I = 1; I < Call->getNumArgs(); ++I)
    if (samePath(Call->getArg(I), Path))
      return true;
  return false;
}

} // namespace

const PosixCall *lookupPosixCall(const FunctionDecl *FD,
                                 const SourceManager &SM) {
  if (!FD || !FD->getIdentifier() || !FD->isExternC() ||
      !SM.isInSystemHeader(FD->getLocation()))
    return nullptr;
  static const llvm::StringMap<const PosixCall *> Index = [] {
    llvm::StringMap<const PosixCall *> M;
    for (const PosixCall &C : Calls)
      M[C.Name] = &C;
    return M;
  }();
  auto It = Index.find(FD->getName());
  return It == Index.end() ? nullptr : It->second;
}

std::vector<llvm::StringRef> posixCallNames() {
  std::vector<llvm::StringRef> Names;
  for (const PosixCall &C : Calls)
    Names.push_back(C.Name);
  return Names;
}

llvm::StringRef posixObjectName(PosixObject O) {
  switch (O) {
  case PosixObject::Fifo:
  case PosixObject::Node:
    return "FIFO";
  case PosixObject::SharedMemory:
    return "shared memory object";
  case PosixObject::MessageQueue:
    return "message queue";
  case PosixObject::Semaphore:
    return "semaphore";
  case PosixObject::File:
    return "file";
  case PosixObject::Socket:
    return "socket";
  case PosixObject::None:
    break;
  }
  return "object";
}

const FunctionDecl *enclosingFunctionOf(const Stmt *S, ASTContext &Ctx) {
  DynTypedNode N = DynTypedNode::create(*S);
  for (unsigned Depth = 0; Depth < 1024; ++Depth) {
    auto Parents = Ctx.getParents(N);
    if (Parents.empty())
      return nullptr;
    if (const auto *FD = Parents[0].get<FunctionDecl>())
      return FD;
    N = Parents[0];
  }
  return nullptr;
}

const CallExpr *lastUmaskBefore(const CallExpr *Call, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const CallExpr *Last = nullptr;
  forEachCallInFunction(Call, Ctx, [&](const CallExpr *C) {
    if (!isCallTo(C, PosixCallKind::Umask, SM) ||
        !SM.isBeforeInTranslationUnit(C->getBeginLoc(), Call->getBeginLoc()))
      return;
    if (!Last ||
        SM.isBeforeInTranslationUnit(Last->getBeginLoc(), C->getBeginLoc()))
      Last = C;
  });
  return Last;
}

bool isPermissiveUmask(const CallExpr *Umask, ASTContext &Ctx) {
  if (!Umask || Umask->getNumArgs() != 1)
    return false;
  auto Values = possibleValues(Umask->getArg(0), Ctx);
  if (!Values || Values->empty())
    return false;
  for (uint64_t V : *Values)
    if (V & OthersWrite)
      return false;
  return true;
}

bool chmodFollows(const CallExpr *Call, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  bool Found = false;
  forEachCallInFunction(Call, Ctx, [&](const CallExpr *C) {
    if ((isCallTo(C, PosixCallKind::Chmod, SM) ||
         isCallTo(C, PosixCallKind::Fchmod, SM)) &&
        SM.isBeforeInTranslationUnit(Call->getBeginLoc(), C->getBeginLoc()))
      Found = true;
  });
  return Found;
}

PosixObject classifyPath(const Expr *Path, const CallExpr *Call,
                         ASTContext &Ctx) {
  if (isSunPath(Path))
    return PosixObject::Socket;
  if (const auto *Lit = dyn_cast<StringLiteral>(Path->IgnoreParenCasts()))
    if (Lit->getCharByteWidth() == 1 &&
        Lit->getString().starts_with("/dev/shm/"))
      return PosixObject::SharedMemory;
  const SourceManager &SM = Ctx.getSourceManager();
  PosixObject Found = PosixObject::None;
  forEachCallInFunction(Call, Ctx, [&](const CallExpr *C) {
    if (Found != PosixObject::None || C == Call)
      return;
    if (isCopyIntoSunPath(C, Path)) {
      Found = PosixObject::Socket;
      return;
    }
    const PosixCall *P = lookupPosixCall(resolveCallee(C), SM);
    if (P && P->Kind == PosixCallKind::Create &&
        (P->Object == PosixObject::Fifo || P->Object == PosixObject::Node) &&
        P->PathArg >= 0 &&
        static_cast<unsigned>(P->PathArg) < C->getNumArgs() &&
        samePath(C->getArg(P->PathArg), Path))
      Found = PosixObject::Fifo;
  });
  return Found;
}

PosixObject classifyDescriptor(const Expr *Fd, ASTContext &Ctx) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Fd->IgnoreParenCasts());
  const auto *VD = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!VD)
    return PosixObject::None;
  auto Stores = collectStores(VD, Ctx);
  if (!Stores)
    return PosixObject::None;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const Store &S : *Stores) {
    const auto *Call =
        S.Value ? dyn_cast<CallExpr>(S.Value->IgnoreParenCasts()) : nullptr;
    const PosixCall *P =
        Call ? lookupPosixCall(resolveCallee(Call), SM) : nullptr;
    if (P && P->Object == PosixObject::SharedMemory)
      return PosixObject::SharedMemory;
  }
  return PosixObject::None;
}

bool bindsUnixSocket(const CallExpr *Bind) {
  if (Bind->getNumArgs() < 2)
    return false;
  const Expr *Addr = Bind->getArg(1)->IgnoreParenCasts();
  // glibc's __SOCKADDR_ARG is a transparent union in C.
  if (const auto *Compound = dyn_cast<CompoundLiteralExpr>(Addr))
    if (const auto *List = dyn_cast<InitListExpr>(Compound->getInitializer()))
      if (List->getNumInits() == 1)
        Addr = List->getInit(0)->IgnoreParenCasts();
  QualType T;
  if (const auto *UO = dyn_cast<UnaryOperator>(Addr);
      UO && UO->getOpcode() == UO_AddrOf)
    T = UO->getSubExpr()->getType();
  else if (Addr->getType()->isPointerType())
    T = Addr->getType()->getPointeeType();
  const RecordDecl *RD = T.isNull() ? nullptr : T->getAsRecordDecl();
  return RD && RD->getName() == "sockaddr_un";
}

} // namespace clang::tidy::pipelint::utils
