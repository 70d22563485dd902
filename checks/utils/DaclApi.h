//===--- DaclApi.h - the Win32 calls that build a DACL ----------*- C++ -*-===//
//
// Recognisers (by declaration: name with the A/W suffix, a free function,
// the parameter count) for the calls through which code builds a DACL and
// names a SID, and the tables that turn their constant arguments into the
// security-descriptor model's terms (utils/Sddl.h): ACCESS_MODE values,
// WELL_KNOWN_SID_TYPE values, trustee names.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_DACLAPI_H
#define PIPELINT_CHECKS_UTILS_DACLAPI_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace clang::tidy::pipelint::utils {

enum class DaclCall {
  None,
  SddlToDescriptor,     ///< ConvertStringSecurityDescriptorToSecurityDescriptor
  SetEntriesInAcl,      ///< (count, entries, old ACL, &new ACL)
  AddAllowedAce,        ///< AddAccessAllowedAce (acl, rev, mask, sid)
  AddAllowedAceEx,      ///< AddAccessAllowedAceEx (acl, rev, flags, mask, sid)
  AddDeniedAce,         ///< AddAccessDeniedAce
  AddDeniedAceEx,       ///< AddAccessDeniedAceEx
  BuildExplicitAccess,  ///< BuildExplicitAccessWithName (ea, name, perm, mode,
                        ///< inheritance)
  BuildTrusteeWithSid,  ///< (trustee, sid)
  BuildTrusteeWithName, ///< (trustee, name)
  AllocateSid,          ///< AllocateAndInitializeSid (auth, n, s0..s7, &sid)
  WellKnownSid,         ///< CreateWellKnownSid (type, domain, sid, &size)
  StringToSid,          ///< ConvertStringSidToSid (string, &sid)
};

/// What \p FD is among the calls above (None for anything else).
DaclCall classifyDaclCall(const FunctionDecl *FD);

/// True for the calls a finding starts from (the SDDL conversion,
/// SetEntriesInAcl, AddAccessAllowedAce[Ex]); the others only feed them.
bool isDaclTrigger(DaclCall K);

/// The names of the trigger calls (with A/W), for the matcher and the
/// pre-filter's vocabulary (and so the IPC call sites of the coverage).
llvm::ArrayRef<llvm::StringRef> daclTriggerNames();

/// ACCESS_MODE (accctrl.h).
enum AccessMode : unsigned {
  NotUsedAccess = 0,
  GrantAccess = 1,
  SetAccess = 2,
  DenyAccess = 3,
  RevokeAccess = 4,
};

/// TRUSTEE_FORM values.
enum TrusteeForm : unsigned { TrusteeIsSid = 0, TrusteeIsName = 1 };

/// The SID of a WELL_KNOWN_SID_TYPE value, for the types that do not depend
/// on a domain; std::nullopt for the others.
std::optional<std::string> wellKnownSid(uint64_t Type);

/// The SID a trustee name stands for ("Everyone", "NT AUTHORITY\\Authenticated
/// Users", "BUILTIN\\Users", ... in any case), std::nullopt for other names.
std::optional<std::string> sidOfTrusteeName(llvm::StringRef Name);

} // namespace clang::tidy::pipelint::utils

#endif
