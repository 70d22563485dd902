//===--- AccessModel.cpp - who may do what under a DACL -------------------===//
#include "utils/AccessModel.h"

namespace clang::tidy::pipelint::utils::sd {
namespace {

using namespace rights;

constexpr uint32_t StandardRead = ReadControl, StandardWrite = ReadControl,
                   StandardExecute = ReadControl;
constexpr uint32_t Takeover = Delete | WriteDac | WriteOwner;

// Object-specific rights (winnt.h).
constexpr uint32_t SectionQuery = 0x1, SectionMapWrite = 0x2,
                   SectionMapRead = 0x4, SectionMapExecute = 0x8,
                   SectionExtendSize = 0x10, SectionAllAccess = 0x000F001F;
constexpr uint32_t QueryState = 0x1, ModifyState = 0x2;
constexpr uint32_t MutantAllAccess = 0x001F0001, EventAllAccess = 0x001F0003;

struct PrincipalInfo {
  Principal Who;
  const char *Sid;
  llvm::StringLiteral Name;
};

constexpr PrincipalInfo Principals[] = {
    {Principal::Everyone, sids::Everyone, "Everyone"},
    {Principal::Anonymous, sids::Anonymous, "Anonymous Logon"},
    {Principal::Guests, sids::Guests, "Guests"},
    {Principal::AuthenticatedUsers, sids::AuthenticatedUsers,
     "Authenticated Users"},
    {Principal::Users, sids::Users, "Users"},
    {Principal::Interactive, sids::Interactive, "Interactive"},
    {Principal::Network, sids::Network, "Network"},
};

const PrincipalInfo &infoOf(Principal P) {
  for (const PrincipalInfo &I : Principals)
    if (I.Who == P)
      return I;
  return Principals[0];
}

struct BitName {
  uint32_t Bits;
  const char *Name;
};

} // namespace

GenericMapping genericMapping(Securable S) {
  switch (S) {
  case Securable::Pipe:
  case Securable::File:
    return {FileGenericRead, FileGenericWrite, FileGenericExecute,
            FileAllAccess};
  case Securable::Section:
    return {StandardRead | SectionQuery | SectionMapRead,
            StandardWrite | SectionMapWrite,
            StandardExecute | SectionMapExecute, SectionAllAccess};
  case Securable::Mutex:
    return {StandardRead | QueryState, StandardWrite,
            StandardExecute | Synchronize, MutantAllAccess};
  case Securable::Event:
  case Securable::Semaphore:
    return {StandardRead | QueryState, StandardWrite | ModifyState,
            StandardExecute | Synchronize, EventAllAccess};
  case Securable::Unknown:
    break;
  }
  return {GenericRead, GenericWrite, GenericExecute, GenericAll};
}

uint32_t mapGeneric(uint32_t Mask, Securable S) {
  if (S == Securable::Unknown)
    return Mask;
  GenericMapping M = genericMapping(S);
  uint32_t Out = Mask & ~Generic;
  if (Mask & GenericRead)
    Out |= M.Read;
  if (Mask & GenericWrite)
    Out |= M.Write;
  if (Mask & GenericExecute)
    Out |= M.Execute;
  if (Mask & GenericAll)
    Out |= M.All;
  return Out;
}

uint32_t writeClassRights(Securable S) {
  switch (S) {
  case Securable::Pipe:
    return FileCreatePipeInstance | Takeover;
  case Securable::File:
  case Securable::Mutex:
    return Takeover;
  case Securable::Section:
    return SectionMapWrite | SectionExtendSize | Takeover;
  case Securable::Event:
  case Securable::Semaphore:
    return ModifyState | Takeover;
  case Securable::Unknown:
    break;
  }
  return GenericAll | WriteDac | WriteOwner;
}

std::optional<Principal> broadPrincipal(llvm::StringRef Sid) {
  for (const PrincipalInfo &I : Principals)
    if (Sid == I.Sid)
      return I.Who;
  return std::nullopt;
}

llvm::StringRef principalName(Principal P) { return infoOf(P).Name; }

bool memberCarries(Principal P, llvm::StringRef Sid) {
  if (Sid == infoOf(P).Sid)
    return true;
  // Every authenticated logon carries Everyone and Authenticated Users;
  // Users holds Authenticated Users and Interactive as members.
  switch (P) {
  case Principal::AuthenticatedUsers:
  case Principal::Guests:
    return Sid == sids::Everyone;
  case Principal::Users:
    return Sid == sids::Everyone || Sid == sids::AuthenticatedUsers;
  case Principal::Interactive:
    return Sid == sids::Everyone || Sid == sids::AuthenticatedUsers ||
           Sid == sids::Users;
  case Principal::Everyone:
  case Principal::Anonymous:
  case Principal::Network:
    break;
  }
  return false;
}

AceView viewOf(const Ace &A) {
  AceView V;
  V.Mask = A.Mask;
  V.Sid = A.Sid;
  if (A.Flags & aceflags::InheritOnly)
    return V;
  bool ObjectTyped = !A.ObjectGuid.empty();
  switch (A.Type) {
  case AceType::Allow:
    V.Effect = AceView::Allow;
    break;
  case AceType::ObjectAllow:
  case AceType::CallbackObjectAllow:
    V.Effect = ObjectTyped || A.Type == AceType::CallbackObjectAllow
                   ? AceView::Ignored
                   : AceView::Allow;
    break;
  case AceType::Deny:
  case AceType::ObjectDeny:
  case AceType::CallbackDeny:
    V.Effect = AceView::Deny;
    break;
  default:
    break;
  }
  return V;
}

std::vector<BroadGrant> broadGrants(llvm::ArrayRef<AceView> Aces, Securable S) {
  std::vector<BroadGrant> Out;
  for (size_t I = 0; I < Aces.size(); ++I) {
    const AceView &A = Aces[I];
    if (A.Effect != AceView::Allow)
      continue;
    std::optional<Principal> Who = broadPrincipal(A.Sid);
    if (!Who)
      continue;
    uint32_t Decided = 0;
    for (size_t J = 0; J < I; ++J) {
      const AceView &E = Aces[J];
      if (E.Effect == AceView::Ignored)
        continue;
      bool Unknown = E.Sid.empty() && E.Effect == AceView::Deny;
      if (Unknown || memberCarries(*Who, E.Sid))
        Decided |= mapGeneric(E.Mask, S);
    }
    uint32_t Granted = mapGeneric(A.Mask, S) & ~Decided &
                       ~(MaximumAllowed | AccessSystemSecurity);
    if (!Granted)
      continue;
    Out.push_back({I, *Who, Granted, Granted & writeClassRights(S)});
  }
  return Out;
}

std::string rightNames(uint32_t Bits, Securable S) {
  std::string Out;
  auto Add = [&](const char *Name) {
    if (!Out.empty())
      Out += " | ";
    Out += Name;
  };
  GenericMapping M = genericMapping(S);
  const char *AllName = nullptr;
  switch (S) {
  case Securable::Pipe:
  case Securable::File:
    AllName = "FILE_ALL_ACCESS";
    break;
  case Securable::Section:
    AllName = "SECTION_ALL_ACCESS";
    break;
  case Securable::Mutex:
    AllName = "MUTEX_ALL_ACCESS";
    break;
  case Securable::Event:
    AllName = "EVENT_ALL_ACCESS";
    break;
  case Securable::Semaphore:
    AllName = "SEMAPHORE_ALL_ACCESS";
    break;
  case Securable::Unknown:
    AllName = "GENERIC_ALL";
    break;
  }
  if ((Bits & M.All) == M.All) {
    Add(AllName);
    Bits &= ~M.All;
  }
  const char *Specific2 = nullptr, *Specific4 = nullptr, *Specific10 = nullptr;
  switch (S) {
  case Securable::Pipe:
    Specific2 = "FILE_WRITE_DATA";
    Specific4 = "FILE_CREATE_PIPE_INSTANCE";
    break;
  case Securable::File:
    Specific2 = "FILE_WRITE_DATA";
    Specific4 = "FILE_APPEND_DATA";
    break;
  case Securable::Section:
    Specific2 = "SECTION_MAP_WRITE";
    Specific10 = "SECTION_EXTEND_SIZE";
    break;
  case Securable::Event:
    Specific2 = "EVENT_MODIFY_STATE";
    break;
  case Securable::Semaphore:
    Specific2 = "SEMAPHORE_MODIFY_STATE";
    break;
  default:
    break;
  }
  const BitName Names[] = {
      {GenericAll, "GENERIC_ALL"}, {FileCreatePipeInstance, Specific4},
      {FileWriteData, Specific2},  {0x10, Specific10},
      {WriteDac, "WRITE_DAC"},     {WriteOwner, "WRITE_OWNER"},
      {Delete, "DELETE"},
  };
  for (const BitName &N : Names)
    if ((Bits & N.Bits) && N.Name)
      Add(N.Name);
  return Out;
}

std::string viaName(uint32_t Written, uint32_t Bit, Securable S) {
  GenericMapping M = genericMapping(S);
  if (S == Securable::Unknown)
    return "";
  if ((Written & GenericAll) && (M.All & Bit) && !(Written & Bit))
    return "GENERIC_ALL";
  if ((Written & GenericWrite) && (M.Write & Bit) && !(Written & Bit))
    return "GENERIC_WRITE";
  if (S != Securable::Pipe && S != Securable::File)
    return "";
  if ((Written & FileAllAccess) == FileAllAccess)
    return "FILE_ALL_ACCESS";
  if ((Written & FileGenericWrite) == FileGenericWrite &&
      (FileGenericWrite & Bit))
    return "FILE_GENERIC_WRITE";
  return "";
}

} // namespace clang::tidy::pipelint::utils::sd
