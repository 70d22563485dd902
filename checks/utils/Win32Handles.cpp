//===--- Win32Handles.cpp - Win32 handle creators and users ---------------===//
#include "utils/Win32Handles.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/StringMap.h"

namespace clang::tidy::pipelint::utils {
namespace {

const HandleCreator Creators[] = {
    // INVALID_HANDLE_VALUE on failure.
    {"CreateNamedPipe", FailureValue::InvalidHandle, true},
    {"CreateFile", FailureValue::InvalidHandle, true},
    {"CreateFile2", FailureValue::InvalidHandle, true},
    {"CreateFileTransacted", FailureValue::InvalidHandle, true},
    {"CreateMailslot", FailureValue::InvalidHandle, true},
    // NULL on failure.
    {"CreateMutex", FailureValue::Null, false},
    {"CreateMutexEx", FailureValue::Null, false},
    {"OpenMutex", FailureValue::Null, false},
    {"CreateEvent", FailureValue::Null, false},
    {"CreateEventEx", FailureValue::Null, false},
    {"OpenEvent", FailureValue::Null, false},
    {"CreateSemaphore", FailureValue::Null, false},
    {"CreateSemaphoreEx", FailureValue::Null, false},
    {"OpenSemaphore", FailureValue::Null, false},
    {"CreateFileMapping", FailureValue::Null, false},
    {"CreateFileMappingNuma", FailureValue::Null, false},
    {"OpenFileMapping", FailureValue::Null, false},
    // NULL on failure, and not IPC objects.
    {"OpenProcess", FailureValue::Null, false, true},
    {"OpenThread", FailureValue::Null, false, true},
    {"CreateThread", FailureValue::Null, false, true},
    {"CreateRemoteThread", FailureValue::Null, false, true},
};

// Functions that use a handle without taking ownership of it, with the
// index of the handle parameter.
struct HandleUser {
  llvm::StringRef BaseName;
  unsigned Arg;
};

const HandleUser Users[] = {
    // Pipes, files and mailslots. CreateIoCompletionPort is missing on
    // purpose: INVALID_HANDLE_VALUE is a valid argument there.
    {"ConnectNamedPipe", 0},
    {"DisconnectNamedPipe", 0},
    {"ReadFile", 0},
    {"WriteFile", 0},
    {"ReadFileEx", 0},
    {"WriteFileEx", 0},
    {"PeekNamedPipe", 0},
    {"TransactNamedPipe", 0},
    {"SetNamedPipeHandleState", 0},
    {"GetNamedPipeInfo", 0},
    {"GetNamedPipeHandleState", 0},
    {"GetNamedPipeClientProcessId", 0},
    {"GetNamedPipeServerProcessId", 0},
    {"GetNamedPipeClientSessionId", 0},
    {"GetNamedPipeServerSessionId", 0},
    {"GetNamedPipeClientComputerName", 0},
    {"ImpersonateNamedPipeClient", 0},
    {"FlushFileBuffers", 0},
    {"GetOverlappedResult", 0},
    {"GetOverlappedResultEx", 0},
    {"CancelIo", 0},
    {"CancelIoEx", 0},
    {"GetFileType", 0},
    {"GetFileSize", 0},
    {"GetFileSizeEx", 0},
    {"GetFileInformationByHandle", 0},
    {"SetFilePointer", 0},
    {"SetFilePointerEx", 0},
    {"SetEndOfFile", 0},
    {"DeviceIoControl", 0},
    {"LockFile", 0},
    {"LockFileEx", 0},
    {"UnlockFile", 0},
    {"UnlockFileEx", 0},
    {"GetMailslotInfo", 0},
    {"SetMailslotInfo", 0},
    // Synchronisation objects, mappings, processes and threads.
    {"WaitForSingleObject", 0},
    {"WaitForSingleObjectEx", 0},
    {"SignalObjectAndWait", 0},
    {"ReleaseMutex", 0},
    {"SetEvent", 0},
    {"ResetEvent", 0},
    {"PulseEvent", 0},
    {"ReleaseSemaphore", 0},
    {"MapViewOfFile", 0},
    {"MapViewOfFileEx", 0},
    {"TerminateProcess", 0},
    {"GetExitCodeProcess", 0},
    {"OpenProcessToken", 0},
    {"ReadProcessMemory", 0},
    {"WriteProcessMemory", 0},
    {"VirtualAllocEx", 0},
    {"VirtualFreeEx", 0},
    {"VirtualProtectEx", 0},
    {"VirtualQueryEx", 0},
    {"GetProcessId", 0},
    {"QueryFullProcessImageName", 0},
    {"GetProcessTimes", 0},
    {"TerminateThread", 0},
    {"GetExitCodeThread", 0},
    {"ResumeThread", 0},
    {"SuspendThread", 0},
    {"SetHandleInformation", 0},
    {"GetHandleInformation", 0},
};

const llvm::StringMap<const HandleCreator *> &creatorIndex() {
  static const llvm::StringMap<const HandleCreator *> Index = [] {
    llvm::StringMap<const HandleCreator *> M;
    for (const HandleCreator &C : Creators)
      M[C.BaseName] = &C;
    return M;
  }();
  return Index;
}

const llvm::StringMap<unsigned> &userIndex() {
  static const llvm::StringMap<unsigned> Index = [] {
    llvm::StringMap<unsigned> M;
    for (const HandleUser &U : Users)
      M[U.BaseName] = U.Arg;
    return M;
  }();
  return Index;
}

} // namespace

llvm::StringRef stripAW(llvm::StringRef Name,
                        llvm::function_ref<bool(llvm::StringRef)> Known) {
  if (Known(Name))
    return Name;
  if (Name.ends_with("A") || Name.ends_with("W")) {
    llvm::StringRef Base = Name.drop_back();
    if (Known(Base))
      return Base;
  }
  return Name;
}

bool isWin32Declaration(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier() || isa<CXXMethodDecl>(FD))
    return false;
  return FD->isExternC();
}

const HandleCreator *lookupHandleCreator(const FunctionDecl *FD) {
  if (!isWin32Declaration(FD) || !FD->getReturnType()->isPointerType())
    return nullptr;
  const auto &Index = creatorIndex();
  llvm::StringRef Base = stripAW(
      FD->getName(), [&](llvm::StringRef N) { return Index.count(N) != 0; });
  auto It = Index.find(Base);
  return It == Index.end() ? nullptr : It->second;
}

const CallExpr *asCreatorCall(const Expr *E, const HandleCreator **Creator) {
  if (!E)
    return nullptr;
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenCasts());
  if (!Call)
    return nullptr;
  const HandleCreator *C = lookupHandleCreator(resolveCallee(Call));
  if (!C)
    return nullptr;
  if (Creator)
    *Creator = C;
  return Call;
}

std::vector<llvm::StringRef> handleCreatorBaseNames() {
  std::vector<llvm::StringRef> Names;
  for (const HandleCreator &C : Creators)
    Names.push_back(C.BaseName);
  return Names;
}

bool isHandleUse(const FunctionDecl *FD, unsigned Arg) {
  if (!isWin32Declaration(FD))
    return false;
  const auto &Index = userIndex();
  llvm::StringRef Base = stripAW(
      FD->getName(), [&](llvm::StringRef N) { return Index.count(N) != 0; });
  auto It = Index.find(Base);
  return It != Index.end() && It->second == Arg && Arg < FD->getNumParams() &&
         FD->getParamDecl(Arg)->getType()->isPointerType();
}

bool isCloseHandle(const FunctionDecl *FD) {
  return isWin32Declaration(FD) && FD->getName() == "CloseHandle" &&
         FD->getNumParams() == 1;
}

llvm::StringRef failureValueName(FailureValue V) {
  return V == FailureValue::InvalidHandle ? "INVALID_HANDLE_VALUE" : "NULL";
}

HandleConstant classifyHandleConstant(const Expr *E, ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return HandleConstant::None;
  if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
      Expr::NPCK_NotNull)
    return HandleConstant::Null;
  // (HANDLE)0 and (HANDLE)(LONG_PTR)-1: an integer cast to a pointer.
  const Expr *Inner = E->IgnoreParenCasts();
  if (!Inner->getType()->isIntegerType())
    return HandleConstant::None;
  Expr::EvalResult R;
  if (!Inner->EvaluateAsInt(R, Ctx))
    return HandleConstant::None;
  const llvm::APSInt &V = R.Val.getInt();
  if (V == 0)
    return HandleConstant::Null;
  if (V.isAllOnes())
    return HandleConstant::Invalid;
  return HandleConstant::None;
}

} // namespace clang::tidy::pipelint::utils
