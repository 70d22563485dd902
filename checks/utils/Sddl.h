//===--- Sddl.h - the SDDL grammar of Windows security descriptors -*- C++ -*-//
//
// A parser for Security Descriptor Definition Language strings, as
// ConvertStringSecurityDescriptorToSecurityDescriptor reads them:
//
//   O:<sid> G:<sid> D:<acl flags>(ace)(ace)... S:<acl flags>(ace)...
//   ace = (type;flags;rights;object guid;inherit object guid;sid[;extra])
//
// ACL flags P, AI, AR and NO_ACCESS_CONTROL; ACE types A D OA OD AU AL OU OL
// ML XA XD XU ZA RA SP TL FL; ACE flags CI OI NP IO ID SA FA TP CR; rights as
// two-letter codes (GA, FR, KA, RC, WD, ...) or a number (0x1f01ff); SIDs as
// two-letter aliases (WD, AU, BA, ...) or S-1-... strings. Spaces around and
// inside the fields are skipped, as Windows does. No clang dependency: the
// model is plain data, unit-tested in test/unit/SddlTest.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_SDDL_H
#define PIPELINT_CHECKS_UTILS_SDDL_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::pipelint::utils::sd {

/// Access-mask bits that every object shares (winnt.h).
namespace rights {
constexpr uint32_t Delete = 0x00010000;
constexpr uint32_t ReadControl = 0x00020000;
constexpr uint32_t WriteDac = 0x00040000;
constexpr uint32_t WriteOwner = 0x00080000;
constexpr uint32_t Synchronize = 0x00100000;
constexpr uint32_t AccessSystemSecurity = 0x01000000;
constexpr uint32_t MaximumAllowed = 0x02000000;
constexpr uint32_t GenericAll = 0x10000000;
constexpr uint32_t GenericExecute = 0x20000000;
constexpr uint32_t GenericWrite = 0x40000000;
constexpr uint32_t GenericRead = 0x80000000;
constexpr uint32_t Generic =
    GenericAll | GenericExecute | GenericWrite | GenericRead;
// Files and pipes.
constexpr uint32_t FileReadData = 0x0001;
constexpr uint32_t FileWriteData = 0x0002;
/// FILE_APPEND_DATA on a file, FILE_CREATE_PIPE_INSTANCE on a pipe.
constexpr uint32_t FileCreatePipeInstance = 0x0004;
constexpr uint32_t FileAllAccess = 0x001F01FF;
constexpr uint32_t FileGenericRead = 0x00120089;
constexpr uint32_t FileGenericWrite = 0x00120116;
constexpr uint32_t FileGenericExecute = 0x001200A0;
} // namespace rights

/// Well-known SIDs the rules talk about, as S-1-... strings.
namespace sids {
inline constexpr const char *Everyone = "S-1-1-0";
inline constexpr const char *Network = "S-1-5-2";
inline constexpr const char *Interactive = "S-1-5-4";
inline constexpr const char *Anonymous = "S-1-5-7";
inline constexpr const char *AuthenticatedUsers = "S-1-5-11";
inline constexpr const char *LocalSystem = "S-1-5-18";
inline constexpr const char *Administrators = "S-1-5-32-544";
inline constexpr const char *Users = "S-1-5-32-545";
inline constexpr const char *Guests = "S-1-5-32-546";
} // namespace sids

enum class AceType {
  Allow,               ///< A
  Deny,                ///< D
  ObjectAllow,         ///< OA
  ObjectDeny,          ///< OD
  Audit,               ///< AU
  Alarm,               ///< AL
  ObjectAudit,         ///< OU
  ObjectAlarm,         ///< OL
  MandatoryLabel,      ///< ML
  CallbackAllow,       ///< XA (conditional)
  CallbackDeny,        ///< XD (conditional)
  CallbackAudit,       ///< XU
  CallbackObjectAllow, ///< ZA
  ResourceAttribute,   ///< RA
  ScopedPolicy,        ///< SP
  TrustLabel,          ///< TL
  AccessFilter,        ///< FL
};

/// ACE flags (the AceFlags byte of the ACE header).
namespace aceflags {
constexpr uint8_t ObjectInherit = 0x01;    ///< OI
constexpr uint8_t ContainerInherit = 0x02; ///< CI
constexpr uint8_t NoPropagate = 0x04;      ///< NP
constexpr uint8_t InheritOnly = 0x08;      ///< IO
constexpr uint8_t Inherited = 0x10;        ///< ID
constexpr uint8_t Critical = 0x20;         ///< CR
constexpr uint8_t TrustProtected = 0x40;   ///< TP (same bit as SA)
constexpr uint8_t AuditSuccess = 0x40;     ///< SA
constexpr uint8_t AuditFailure = 0x80;     ///< FA
} // namespace aceflags

struct Ace {
  AceType Type = AceType::Allow;
  uint8_t Flags = 0;
  uint32_t Mask = 0; ///< as written: generic bits not mapped
  std::string ObjectGuid, InheritObjectGuid;
  /// S-1-... for a SID or an alias with a fixed value; the alias itself
  /// ("DA", "LA") for SIDs relative to a domain or machine.
  std::string Sid;
  std::string Extra; ///< the condition or attribute of XA/XD/RA/..., if any
  size_t Begin = 0;  ///< offset of '(' in the string
  size_t End = 0;    ///< offset just past ')'
};

namespace aclflags {
constexpr uint8_t Protected = 0x1;       ///< P
constexpr uint8_t AutoInherited = 0x2;   ///< AI
constexpr uint8_t AutoInheritReq = 0x4;  ///< AR
constexpr uint8_t NoAccessControl = 0x8; ///< NO_ACCESS_CONTROL: a NULL ACL
} // namespace aclflags

struct Acl {
  uint8_t Flags = 0;
  std::vector<Ace> Aces;
  size_t Begin = 0; ///< offset of the "D:" or "S:"
  /// Offset of the first ACE, or of the end of the section when it has none
  /// (where an ACE can be inserted in front of all others).
  size_t FirstAce = 0;
};

struct SecurityDescriptor {
  std::optional<std::string> Owner, Group;
  std::optional<Acl> Dacl, Sacl;
};

struct SddlError {
  size_t Offset = 0;
  std::string Message;
};

/// Parses \p Text. On a syntax error returns std::nullopt and, when \p Error
/// is given, where and why.
std::optional<SecurityDescriptor> parseSddl(llvm::StringRef Text,
                                            SddlError *Error = nullptr);

/// The SID an SDDL SID field names: an alias ("WD" -> "S-1-1-0", "DA" ->
/// "DA") or an S-1-... string (normalised to upper case S, decimal
/// authorities). std::nullopt when it is neither.
std::optional<std::string> parseSidField(llvm::StringRef Field);

/// The rights an SDDL rights field names: two-letter codes or a number
/// (0x..., octal, decimal). std::nullopt when it is neither.
std::optional<uint32_t> parseRightsField(llvm::StringRef Field);

/// The SID in S-1-... form for a SID_IDENTIFIER_AUTHORITY value and its
/// sub-authorities (AllocateAndInitializeSid).
std::string sidFromParts(uint64_t Authority,
                         const std::vector<uint32_t> &SubAuthorities);

/// True for an allow-type ACE (A, OA, XA, ZA) and a deny-type one (D, OD, XD).
bool isAllowAce(AceType T);
bool isDenyAce(AceType T);

} // namespace clang::tidy::pipelint::utils::sd

#endif
