//===--- PipeApi.cpp - named-pipe flags and the calls that take them ------===//
#include "utils/PipeApi.h"
#include "utils/Win32Api.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"

namespace clang::tidy::pipelint::utils {
namespace {

/// A function at global scope (possibly in extern "C"): the Windows API,
/// not a namesake in a user's namespace or class.
bool isFreeFunction(const FunctionDecl *FD) {
  return FD && FD->getIdentifier() && !isa<CXXMethodDecl>(FD) &&
         FD->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

bool isStringParam(const FunctionDecl *FD, unsigned I) {
  if (I >= FD->getNumParams())
    return false;
  QualType T = FD->getParamDecl(I)->getType();
  return T->isPointerType() && (T->getPointeeType()->isAnyCharacterType() ||
                                T->getPointeeType()->isIntegerType());
}

bool isIntegerParam(const FunctionDecl *FD, unsigned I) {
  return I < FD->getNumParams() &&
         FD->getParamDecl(I)->getType()->isIntegralOrEnumerationType();
}

bool isPointerParam(const FunctionDecl *FD, unsigned I) {
  return I < FD->getNumParams() &&
         FD->getParamDecl(I)->getType()->isPointerType();
}

} // namespace

bool isCreateNamedPipe(const FunctionDecl *FD) {
  const Win32Function *F = lookupCreatingFunction(FD);
  return F && isFreeFunction(FD) && F->Kind == ObjectKind::NamedPipe &&
         isStringParam(FD, 0) && isIntegerParam(FD, OpenModeArg) &&
         isIntegerParam(FD, PipeModeArg) && isIntegerParam(FD, MaxInstancesArg);
}

std::optional<ClientOpenFunction> lookupClientOpen(const FunctionDecl *FD) {
  if (!isFreeFunction(FD) || !isStringParam(FD, 0))
    return std::nullopt;
  llvm::StringRef Name = FD->getName();
  ClientOpenFunction F;
  if (Name == "CreateFile2") {
    if (FD->getNumParams() != 5 || !isPointerParam(FD, 4))
      return std::nullopt;
    F.ExtendedParamsArg = 4;
    return F;
  }
  if (Name == "CreateFileA" || Name == "CreateFileW") {
    if (FD->getNumParams() != 7)
      return std::nullopt;
  } else if (Name == "CreateFileTransactedA" ||
             Name == "CreateFileTransactedW") {
    if (FD->getNumParams() != 10)
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!isIntegerParam(FD, 5) || !isSecurityAttributesParam(FD, 3))
    return std::nullopt;
  F.FlagsArg = 5;
  return F;
}

bool isSetDacl(const FunctionDecl *FD) {
  if (!isFreeFunction(FD) || FD->getNumParams() != 4)
    return false;
  llvm::StringRef Name = FD->getName();
  return (Name == "SetSecurityDescriptorDacl" ||
          Name == "RtlSetDaclSecurityDescriptor") &&
         isPointerParam(FD, 0) && isIntegerParam(FD, 1) &&
         isPointerParam(FD, 2);
}

bool isSddlConversion(const FunctionDecl *FD) {
  if (!isFreeFunction(FD) || !isStringParam(FD, 0))
    return false;
  llvm::StringRef Name = FD->getName();
  return Name == "ConvertStringSecurityDescriptorToSecurityDescriptorA" ||
         Name == "ConvertStringSecurityDescriptorToSecurityDescriptorW";
}

llvm::ArrayRef<llvm::StringRef> pipeApiNames() {
  static const llvm::StringRef Names[] = {
      "CreateNamedPipeA",
      "CreateNamedPipeW",
      "CreateFileA",
      "CreateFileW",
      "CreateFileTransactedA",
      "CreateFileTransactedW",
      "CreateFile2",
      "SetSecurityDescriptorDacl",
      "RtlSetDaclSecurityDescriptor",
      "ConvertStringSecurityDescriptorToSecurityDescriptorA",
      "ConvertStringSecurityDescriptorToSecurityDescriptorW",
  };
  return Names;
}

bool sddlHasNullDacl(llvm::StringRef Sddl) {
  // Sections are O:, G:, D: and S:, each a run of flags then ACEs in
  // parentheses; find "D:" outside any ACE.
  int Depth = 0;
  for (size_t I = 0; I + 1 < Sddl.size(); ++I) {
    char C = Sddl[I];
    if (C == '(')
      ++Depth;
    else if (C == ')')
      --Depth;
    else if (Depth == 0 && C == 'D' && Sddl[I + 1] == ':') {
      llvm::StringRef Flags = Sddl.drop_front(I + 2);
      size_t End = Flags.find_first_of("(:");
      if (End != llvm::StringRef::npos && Flags[End] == ':')
        End = End > 0 ? End - 1 : End; // the next section's letter
      return Flags.take_front(End).contains("NO_ACCESS_CONTROL");
    }
  }
  return false;
}

} // namespace clang::tidy::pipelint::utils
