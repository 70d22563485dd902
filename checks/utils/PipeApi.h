//===--- PipeApi.h - named-pipe flags and the calls that take them -*- C++
//-*-===//
//
// Values of the Win32 flags the pipe rules look for (by value: the macro
// names are gone once the preprocessor has run), and recognisers for the
// calls whose flags they inspect. Functions are recognised by declaration:
// name (with the A/W suffix), a free function, and the parameter shape.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_PIPEAPI_H
#define PIPELINT_CHECKS_UTILS_PIPEAPI_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::pipelint::utils {

namespace win32 {
// dwOpenMode of CreateNamedPipe (winbase.h).
constexpr uint64_t FileFlagFirstPipeInstance = 0x00080000;
// dwPipeMode of CreateNamedPipe.
constexpr uint64_t PipeRejectRemoteClients = 0x00000008;
// dwFlagsAndAttributes of CreateFile, dwSecurityQosFlags of CreateFile2.
constexpr uint64_t SecuritySqosPresent = 0x00100000;
constexpr uint64_t SecurityLevelMask =
    0x00030000; // SECURITY_ANONYMOUS..DELEGATION
constexpr uint64_t SecurityIdentification = 0x00010000;
constexpr uint64_t SecurityImpersonation = 0x00020000;
constexpr uint64_t SecurityDelegation = 0x00030000;
} // namespace win32

/// Argument positions of CreateNamedPipe{A,W}.
enum CreateNamedPipeArg : unsigned {
  PipeNameArg = 0,
  OpenModeArg = 1,
  PipeModeArg = 2,
  MaxInstancesArg = 3,
};

/// CreateNamedPipeA/W (and a call through a pointer to one).
bool isCreateNamedPipe(const FunctionDecl *FD);

/// A call that opens a file (or the client end of a pipe) by name.
struct ClientOpenFunction {
  unsigned NameArg = 0;
  int FlagsArg = -1;          ///< dwFlagsAndAttributes, or -1
  int ExtendedParamsArg = -1; ///< CreateFile2's pCreateExParams, or -1
};

/// CreateFileA/W, CreateFileTransactedA/W, CreateFile2.
std::optional<ClientOpenFunction> lookupClientOpen(const FunctionDecl *FD);

/// SetSecurityDescriptorDacl, RtlSetDaclSecurityDescriptor: (SD, present,
/// DACL, defaulted).
bool isSetDacl(const FunctionDecl *FD);

/// ConvertStringSecurityDescriptorToSecurityDescriptorA/W (SDDL first).
bool isSddlConversion(const FunctionDecl *FD);

/// Every function name the recognisers above accept, for matchers.
llvm::ArrayRef<llvm::StringRef> pipeApiNames();

/// True when the DACL part (`D:` flags, before the first ACE) of the SDDL
/// string \p Sddl holds NO_ACCESS_CONTROL, i.e. it describes a NULL DACL.
bool sddlHasNullDacl(llvm::StringRef Sddl);

} // namespace clang::tidy::pipelint::utils

#endif
