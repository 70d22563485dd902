//===--- AccessModel.h - who may do what under a DACL -----------*- C++ -*-===//
//
// The evaluation half of the security-descriptor model (the SDDL grammar is
// in Sddl.h): the generic mapping of each kind of securable IPC object, the
// rights that count as "write class" on it, the broad principals (Everyone,
// Anonymous, Authenticated Users, ...) and what an ordinary member of each
// gets from a DACL, taking the ACEs in order as AccessCheck does: the first
// ACE that applies to the member and names a bit decides that bit. No clang
// dependency; unit-tested in test/unit/AccessModelTest.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_ACCESSMODEL_H
#define PIPELINT_CHECKS_UTILS_ACCESSMODEL_H

#include "utils/Sddl.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::pipelint::utils::sd {

/// The kinds of securable object the rules tell apart.
enum class Securable {
  Pipe,      ///< named pipe
  File,      ///< file, mailslot (file rights, no pipe instances)
  Section,   ///< file mapping
  Mutex,     ///< mutant
  Event,     ///< event
  Semaphore, ///< semaphore
  Unknown,   ///< a descriptor whose object the code does not show
};

struct GenericMapping {
  uint32_t Read, Write, Execute, All;
};

GenericMapping genericMapping(Securable S);

/// \p Mask with GENERIC_READ/WRITE/EXECUTE/ALL replaced by what they mean
/// for \p S (for Unknown the generic bits are kept as they are).
uint32_t mapGeneric(uint32_t Mask, Securable S);

/// The bits whose grant lets a principal change the object, take it over or
/// (pipe) create server instances: FILE_CREATE_PIPE_INSTANCE, WRITE_DAC,
/// WRITE_OWNER, DELETE on a pipe; the modify right of a section, event or
/// semaphore; for Unknown, GENERIC_ALL, WRITE_DAC and WRITE_OWNER.
uint32_t writeClassRights(Securable S);

/// The principals whose members are "anyone" or close to it.
enum class Principal {
  Everyone,
  Anonymous,
  Guests,
  AuthenticatedUsers,
  Users,
  Interactive,
  Network,
};

/// The broad principal \p Sid (S-1-... form) is, if any.
std::optional<Principal> broadPrincipal(llvm::StringRef Sid);

/// "Everyone", "Authenticated Users", ...
llvm::StringRef principalName(Principal P);

/// True when every ordinary member of \p P carries \p Sid in its token (so an
/// ACE for \p Sid applies to it): Everyone for Authenticated Users, both for
/// Users, ...
bool memberCarries(Principal P, llvm::StringRef Sid);

/// One ACE as the evaluator sees it.
struct AceView {
  enum Kind { Allow, Deny, Ignored } Effect = Ignored;
  uint32_t Mask = 0; ///< as written (mapped by the evaluator)
  /// S-1-... or an alias; empty when the code does not show the SID (a deny
  /// for an unknown SID is taken to deny its bits to everyone: precision).
  std::string Sid;
};

/// The view of a parsed ACE: allow/deny ACEs that apply to the object itself
/// (not inherit-only; object ACEs only without an object type; conditional
/// allows never grant, conditional denies always deny).
AceView viewOf(const Ace &A);

/// One ACE that gives a broad principal rights no earlier ACE decided.
struct BroadGrant {
  size_t AceIndex = 0;
  Principal Who = Principal::Everyone;
  uint32_t Granted = 0;    ///< mapped bits this ACE decides as allowed
  uint32_t WriteClass = 0; ///< the write-class part of Granted
};

/// The allow ACEs of \p Aces whose SID is a broad principal, with the bits
/// each effectively grants to an ordinary member of it on object \p S.
std::vector<BroadGrant> broadGrants(llvm::ArrayRef<AceView> Aces, Securable S);

/// Names for \p Bits on \p S, most specific first: "GENERIC_ALL",
/// "FILE_CREATE_PIPE_INSTANCE", "WRITE_DAC", ... joined with " | ".
std::string rightNames(uint32_t Bits, Securable S);

/// The name of a well-known composite \p Written was spelled as, when
/// \p Bit came from it ("FILE_GENERIC_WRITE", "GENERIC_WRITE"), else empty.
std::string viaName(uint32_t Written, uint32_t Bit, Securable S);

} // namespace clang::tidy::pipelint::utils::sd

#endif
