//===--- DaclApi.cpp - the Win32 calls that build a DACL ------------------===//
#include "utils/DaclApi.h"
#include "utils/Sddl.h"

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::pipelint::utils {
namespace {

struct Entry {
  llvm::StringLiteral Name;
  DaclCall Kind;
  unsigned Params;
};

constexpr Entry Calls[] = {
    {"ConvertStringSecurityDescriptorToSecurityDescriptorA",
     DaclCall::SddlToDescriptor, 4},
    {"ConvertStringSecurityDescriptorToSecurityDescriptorW",
     DaclCall::SddlToDescriptor, 4},
    {"SetEntriesInAclA", DaclCall::SetEntriesInAcl, 4},
    {"SetEntriesInAclW", DaclCall::SetEntriesInAcl, 4},
    {"AddAccessAllowedAce", DaclCall::AddAllowedAce, 4},
    {"AddAccessAllowedAceEx", DaclCall::AddAllowedAceEx, 5},
    {"AddAccessDeniedAce", DaclCall::AddDeniedAce, 4},
    {"AddAccessDeniedAceEx", DaclCall::AddDeniedAceEx, 5},
    {"BuildExplicitAccessWithNameA", DaclCall::BuildExplicitAccess, 5},
    {"BuildExplicitAccessWithNameW", DaclCall::BuildExplicitAccess, 5},
    {"BuildTrusteeWithSidA", DaclCall::BuildTrusteeWithSid, 2},
    {"BuildTrusteeWithSidW", DaclCall::BuildTrusteeWithSid, 2},
    {"BuildTrusteeWithNameA", DaclCall::BuildTrusteeWithName, 2},
    {"BuildTrusteeWithNameW", DaclCall::BuildTrusteeWithName, 2},
    {"AllocateAndInitializeSid", DaclCall::AllocateSid, 11},
    {"CreateWellKnownSid", DaclCall::WellKnownSid, 4},
    {"ConvertStringSidToSidA", DaclCall::StringToSid, 2},
    {"ConvertStringSidToSidW", DaclCall::StringToSid, 2},
};

struct Known {
  uint64_t Type;
  const char *Sid;
};

// WELL_KNOWN_SID_TYPE (winnt.h) values that name one fixed SID.
constexpr Known WellKnown[] = {
    {0, "S-1-0-0"},
    {1, sd::sids::Everyone},
    {2, "S-1-2-0"},
    {3, "S-1-3-0"},
    {4, "S-1-3-1"},
    {9, sd::sids::Network},
    {10, "S-1-5-3"},
    {11, sd::sids::Interactive},
    {12, "S-1-5-6"},
    {13, sd::sids::Anonymous},
    {17, sd::sids::AuthenticatedUsers},
    {18, "S-1-5-12"},
    {22, sd::sids::LocalSystem},
    {23, "S-1-5-19"},
    {24, "S-1-5-20"},
    {26, sd::sids::Administrators},
    {27, sd::sids::Users},
    {28, sd::sids::Guests},
};

struct NamedSid {
  llvm::StringLiteral Name;
  const char *Sid;
};

// Account names LookupAccountName resolves on an English system (and the
// language-independent NT AUTHORITY\ and BUILTIN\ spellings).
constexpr NamedSid TrusteeNames[] = {
    {"everyone", sd::sids::Everyone},
    {"anonymous logon", sd::sids::Anonymous},
    {"nt authority\\anonymous logon", sd::sids::Anonymous},
    {"authenticated users", sd::sids::AuthenticatedUsers},
    {"nt authority\\authenticated users", sd::sids::AuthenticatedUsers},
    {"users", sd::sids::Users},
    {"builtin\\users", sd::sids::Users},
    {"guests", sd::sids::Guests},
    {"builtin\\guests", sd::sids::Guests},
    {"interactive", sd::sids::Interactive},
    {"nt authority\\interactive", sd::sids::Interactive},
    {"network", sd::sids::Network},
    {"nt authority\\network", sd::sids::Network},
    {"system", sd::sids::LocalSystem},
    {"nt authority\\system", sd::sids::LocalSystem},
    {"administrators", sd::sids::Administrators},
    {"builtin\\administrators", sd::sids::Administrators},
};

} // namespace

DaclCall classifyDaclCall(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier() || isa<CXXMethodDecl>(FD) ||
      !FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return DaclCall::None;
  llvm::StringRef Name = FD->getName();
  for (const Entry &E : Calls)
    if (E.Name == Name)
      return FD->getNumParams() == E.Params ? E.Kind : DaclCall::None;
  return DaclCall::None;
}

bool isDaclTrigger(DaclCall K) {
  return K == DaclCall::SddlToDescriptor || K == DaclCall::SetEntriesInAcl ||
         K == DaclCall::AddAllowedAce || K == DaclCall::AddAllowedAceEx;
}

llvm::ArrayRef<llvm::StringRef> daclTriggerNames() {
  static const std::vector<llvm::StringRef> Names = [] {
    std::vector<llvm::StringRef> N;
    for (const Entry &E : Calls)
      if (isDaclTrigger(E.Kind))
        N.push_back(E.Name);
    return N;
  }();
  return Names;
}

std::optional<std::string> wellKnownSid(uint64_t Type) {
  for (const Known &K : WellKnown)
    if (K.Type == Type)
      return std::string(K.Sid);
  return std::nullopt;
}

std::optional<std::string> sidOfTrusteeName(llvm::StringRef Name) {
  std::string Lower = Name.trim().lower();
  for (const NamedSid &N : TrusteeNames)
    if (N.Name == Lower)
      return std::string(N.Sid);
  // A SID string is accepted as a name too.
  if (llvm::StringRef(Lower).starts_with("s-1-"))
    return sd::parseSidField(Name);
  return std::nullopt;
}

} // namespace clang::tidy::pipelint::utils
