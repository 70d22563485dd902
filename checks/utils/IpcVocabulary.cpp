//===--- IpcVocabulary.cpp - the names a finding needs --------------------===//
#include "utils/IpcVocabulary.h"
#include "utils/DaclApi.h"
#include "utils/FlagConstants.h"
#include "utils/IpcOperations.h"
#include "utils/PipeApi.h"
#include "utils/PosixIpc.h"
#include "utils/StatusTests.h"
#include "utils/Win32Api.h"
#include "utils/Win32Handles.h"

namespace clang::tidy::pipelint::utils {
namespace {

// Enumerators of the enums in FlagConstants' qtFlagEnumNames() (Qt 5.15 and
// Qt 6 spellings). FlagVocabulary accepts any enumerator of those enums; the
// unit test IpcVocabulary.QtFlagEnumeratorsAreComplete compares this list
// with the enums in the installed Qt headers.
const llvm::StringRef OpenModeFlags[] = {
    "NotOpen",  "ReadOnly", "WriteOnly",  "ReadWrite", "Append",
    "Truncate", "Text",     "Unbuffered", "NewOnly",   "ExistingOnly"};
const llvm::StringRef Permissions[] = {"ReadOwner", "WriteOwner", "ExeOwner",
                                       "ReadUser",  "WriteUser",  "ExeUser",
                                       "ReadGroup", "WriteGroup", "ExeGroup",
                                       "ReadOther", "WriteOther", "ExeOther"};
const llvm::StringRef SocketOptions[] = {
    "NoOptions",         "UserAccessOption",  "GroupAccessOption",
    "OtherAccessOption", "WorldAccessOption", "AbstractNamespaceOption"};

// Names spelled in a rule's own matcher rather than in a utils table:
// ipc-world-accessible's QLocalServer::setSocketOptions.
const llvm::StringRef CheckMatcherMethods[] = {"setSocketOptions"};

void add(llvm::StringMap<NameUse> &Names, llvm::StringRef Name, NameUse Use) {
  auto [It, Inserted] = Names.try_emplace(Name, Use);
  // A name that matters anywhere for one table wins over free-function only.
  if (!Inserted && Use == NameUse::Anywhere)
    It->second = Use;
}

/// Adds \p Name and, for a Win32 A/W variant, the name without the suffix:
/// <windows.h> defines that as a macro (CreateFile -> CreateFileW).
void addFunction(llvm::StringMap<NameUse> &Names, llvm::StringRef Name) {
  add(Names, Name, NameUse::FreeFunction);
  if (Name.size() > 1 && (Name.ends_with("A") || Name.ends_with("W")))
    add(Names, Name.drop_back(), NameUse::FreeFunction);
}

} // namespace

llvm::ArrayRef<llvm::StringRef> qtFlagEnumerators(llvm::StringRef Enum) {
  if (Enum == "QIODevice::OpenModeFlag" ||
      Enum == "QIODeviceBase::OpenModeFlag")
    return OpenModeFlags;
  if (Enum == "QFileDevice::Permission")
    return Permissions;
  if (Enum == "QLocalServer::SocketOption")
    return SocketOptions;
  return {};
}

IpcVocabulary::IpcVocabulary() {
  for (llvm::StringRef N : creatingFunctionNames())
    addFunction(Names, N);
  for (llvm::StringRef N : pipeApiNames())
    addFunction(Names, N);
  for (llvm::StringRef N : daclTriggerNames())
    addFunction(Names, N);
  // Base names: the creators are looked up with or without A/W.
  for (llvm::StringRef N : handleCreatorBaseNames())
    for (const char *Suffix : {"", "A", "W"})
      add(Names, (N + Suffix).str(), NameUse::FreeFunction);
  for (llvm::StringRef N : impersonationFunctionNames())
    addFunction(Names, N);
  for (llvm::StringRef N : ipcOperationFunctionNames())
    addFunction(Names, N);
  for (llvm::StringRef N : posixCallNames())
    addFunction(Names, N);
  for (llvm::StringRef N : ipcOperationMethodNames())
    add(Names, N, NameUse::Anywhere);
  for (llvm::StringRef N : CheckMatcherMethods)
    add(Names, N, NameUse::Anywhere);

  for (llvm::StringRef Enum : qtFlagEnumNames()) {
    GatedNames G;
    G.Enum = Enum.str();
    G.Declares = Enum.rsplit("::").second;
    llvm::ArrayRef<llvm::StringRef> Enumerators = qtFlagEnumerators(Enum);
    G.Names.assign(Enumerators.begin(), Enumerators.end());
    Gated.push_back(std::move(G));
  }
}

const IpcVocabulary &IpcVocabulary::get() {
  static const IpcVocabulary V;
  return V;
}

NameUse IpcVocabulary::use(llvm::StringRef Identifier) const {
  auto It = Names.find(Identifier);
  if (It != Names.end())
    return It->second;
  return isFlagMacroName(Identifier) ? NameUse::Anywhere : NameUse::None;
}

bool IpcVocabulary::isFlagMacroName(llvm::StringRef Identifier) {
  return isBuiltinFlagMacroName(Identifier);
}

} // namespace clang::tidy::pipelint::utils
