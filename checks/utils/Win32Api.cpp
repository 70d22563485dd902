//===--- Win32Api.cpp - knowledge of the Win32 IPC API --------------------===//
#include "utils/Win32Api.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/StringMap.h"
#include <vector>

namespace clang::tidy::pipelint::utils {
namespace {

// Positions are those of the Windows SDK declarations (and MinGW-w64's).
const Win32Function CreatingFunctions[] = {
    // CreateNamedPipe(lpName, dwOpenMode, dwPipeMode, nMaxInstances,
    //                 nOutBufferSize, nInBufferSize, nDefaultTimeOut, lpSA)
    {"CreateNamedPipe", ObjectKind::NamedPipe, 7, 0, false},
    // CreateMailslot(lpName, nMaxMessageSize, lReadTimeout, lpSA)
    {"CreateMailslot", ObjectKind::Mailslot, 3, 0, false},
    // CreateFileMapping(hFile, lpSA, flProtect, dwMaxHigh, dwMaxLow, lpName)
    {"CreateFileMapping", ObjectKind::FileMapping, 1, 5, true},
    {"CreateFileMappingNuma", ObjectKind::FileMapping, 1, 5, true},
    // CreateFileMapping2(File, SA, Access, Protect, AllocAttrs, Max, Name, ...)
    {"CreateFileMapping2", ObjectKind::FileMapping, 1, 6, true},
    // CreateMutex(lpSA, bInitialOwner, lpName)
    {"CreateMutex", ObjectKind::Mutex, 0, 2, true},
    // CreateMutexEx(lpSA, lpName, dwFlags, dwDesiredAccess)
    {"CreateMutexEx", ObjectKind::Mutex, 0, 1, true},
    // CreateEvent(lpSA, bManualReset, bInitialState, lpName)
    {"CreateEvent", ObjectKind::Event, 0, 3, true},
    // CreateEventEx(lpSA, lpName, dwFlags, dwDesiredAccess)
    {"CreateEventEx", ObjectKind::Event, 0, 1, true},
    // CreateSemaphore(lpSA, lInitialCount, lMaximumCount, lpName)
    {"CreateSemaphore", ObjectKind::Semaphore, 0, 3, true},
    // CreateSemaphoreEx(lpSA, lInitialCount, lMaximumCount, lpName, ...)
    {"CreateSemaphoreEx", ObjectKind::Semaphore, 0, 3, true},
};

const llvm::StringMap<const Win32Function *> &creatingIndex() {
  static const llvm::StringMap<const Win32Function *> Index = [] {
    llvm::StringMap<const Win32Function *> M;
    for (const Win32Function &F : CreatingFunctions)
      M[F.BaseName] = &F;
    return M;
  }();
  return Index;
}

} // namespace

llvm::StringRef win32BaseName(llvm::StringRef Name) {
  if (creatingIndex().count(Name))
    return Name;
  if (Name.ends_with("A") || Name.ends_with("W")) {
    llvm::StringRef Base = Name.drop_back();
    if (creatingIndex().count(Base))
      return Base;
  }
  return Name;
}

const Win32Function *lookupCreatingFunction(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return nullptr;
  // Only free functions: a member called CreateMutex is somebody else's API.
  if (isa<CXXMethodDecl>(FD))
    return nullptr;
  auto It = creatingIndex().find(win32BaseName(FD->getName()));
  if (It == creatingIndex().end())
    return nullptr;
  const Win32Function *F = It->second;
  // The declaration must have the shape we know; a user's own function that
  // happens to share the name is left alone.
  if (F->SecurityAttributesArg >= 0 &&
      !isSecurityAttributesParam(FD, F->SecurityAttributesArg))
    return nullptr;
  return F;
}

llvm::ArrayRef<llvm::StringRef> creatingFunctionNames() {
  static const std::vector<llvm::StringRef> Names = [] {
    static std::vector<std::string> Storage;
    for (const Win32Function &F : CreatingFunctions) {
      Storage.push_back(F.BaseName.str());
      Storage.push_back(F.BaseName.str() + "A");
      Storage.push_back(F.BaseName.str() + "W");
    }
    std::vector<llvm::StringRef> Refs(Storage.begin(), Storage.end());
    return Refs;
  }();
  return Names;
}

const FunctionDecl *resolveCallee(const CallExpr *Call) {
  if (!Call)
    return nullptr;
  if (const FunctionDecl *FD = Call->getDirectCallee())
    return FD;
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(Callee))
    if (Deref->getOpcode() == UO_Deref)
      Callee = Deref->getSubExpr()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(Callee);
  if (!Ref)
    return nullptr;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var || !Var->getInit())
    return nullptr;
  const Expr *Init = Var->getInit()->IgnoreParenCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(Init))
    if (AddrOf->getOpcode() == UO_AddrOf)
      Init = AddrOf->getSubExpr()->IgnoreParenCasts();
  if (const auto *FnRef = dyn_cast<DeclRefExpr>(Init))
    return dyn_cast<FunctionDecl>(FnRef->getDecl());
  return nullptr;
}

bool isSecurityAttributesParam(const FunctionDecl *FD, unsigned Index) {
  if (!FD || Index >= FD->getNumParams())
    return false;
  QualType T = FD->getParamDecl(Index)->getType().getCanonicalType();
  if (!T->isPointerType())
    return false;
  const RecordDecl *RD = T->getPointeeType()->getAsRecordDecl();
  if (!RD)
    return false;
  llvm::StringRef Name = RD->getName();
  return Name == "_SECURITY_ATTRIBUTES" || Name == "SECURITY_ATTRIBUTES";
}

llvm::StringRef objectKindName(ObjectKind K) {
  switch (K) {
  case ObjectKind::NamedPipe:
    return "named pipe";
  case ObjectKind::Mailslot:
    return "mailslot";
  case ObjectKind::FileMapping:
    return "named file mapping";
  case ObjectKind::Mutex:
    return "named mutex";
  case ObjectKind::Event:
    return "named event";
  case ObjectKind::Semaphore:
    return "named semaphore";
  case ObjectKind::File:
    return "file";
  case ObjectKind::AnonymousPipe:
    return "anonymous pipe";
  }
  return "object";
}

} // namespace clang::tidy::pipelint::utils
