//===--- AccessModelTest.cpp - who may do what under a DACL ---------------===//
#include "utils/AccessModel.h"

#include <gtest/gtest.h>

namespace pipelint::test {
namespace {

using namespace clang::tidy::pipelint::utils::sd;

std::vector<AceView> viewsOf(llvm::StringRef Sddl) {
  std::optional<SecurityDescriptor> SD = parseSddl(Sddl);
  EXPECT_TRUE(SD && SD->Dacl) << Sddl.str();
  std::vector<AceView> Out;
  if (SD && SD->Dacl)
    for (const Ace &A : SD->Dacl->Aces)
      Out.push_back(viewOf(A));
  return Out;
}

std::vector<BroadGrant> grants(llvm::StringRef Sddl, Securable S) {
  return broadGrants(viewsOf(Sddl), S);
}

TEST(AccessModel, GenericMappingPerObject) {
  using namespace rights;
  EXPECT_EQ(mapGeneric(GenericWrite, Securable::Pipe), FileGenericWrite);
  EXPECT_EQ(mapGeneric(GenericAll, Securable::Pipe), FileAllAccess);
  EXPECT_EQ(mapGeneric(GenericRead | Delete, Securable::File),
            FileGenericRead | Delete);
  EXPECT_EQ(mapGeneric(GenericWrite, Securable::Section), 0x20002u);
  EXPECT_EQ(mapGeneric(GenericAll, Securable::Section), 0xF001Fu);
  EXPECT_EQ(mapGeneric(GenericRead, Securable::Mutex), 0x20001u);
  EXPECT_EQ(mapGeneric(GenericAll, Securable::Mutex), 0x1F0001u);
  EXPECT_EQ(mapGeneric(GenericWrite, Securable::Event), 0x20002u);
  EXPECT_EQ(mapGeneric(GenericExecute, Securable::Semaphore), 0x120000u);
  EXPECT_EQ(mapGeneric(GenericAll, Securable::Unknown), GenericAll);
}

TEST(AccessModel, CreatePipeInstanceIsInEveryWrite) {
  using namespace rights;
  EXPECT_EQ(FileCreatePipeInstance, 0x4u); // FILE_APPEND_DATA
  EXPECT_TRUE(FileGenericWrite & FileCreatePipeInstance);
  EXPECT_TRUE(mapGeneric(GenericWrite, Securable::Pipe) &
              FileCreatePipeInstance);
  EXPECT_TRUE(writeClassRights(Securable::Pipe) & FileCreatePipeInstance);
  // FILE_WRITE_DATA is what a client needs to talk: not write class.
  EXPECT_FALSE(writeClassRights(Securable::Pipe) & FileWriteData);
  EXPECT_TRUE(writeClassRights(Securable::Event) & 0x2);
  EXPECT_TRUE(writeClassRights(Securable::Section) & 0x2);
}

TEST(AccessModel, EveryoneFullControl) {
  auto G = grants("D:(A;;FA;;;WD)", Securable::Pipe);
  ASSERT_EQ(G.size(), 1u);
  EXPECT_EQ(G[0].Who, Principal::Everyone);
  EXPECT_EQ(G[0].Granted, rights::FileAllAccess);
  EXPECT_EQ(rightNames(G[0].WriteClass, Securable::Pipe),
            "FILE_CREATE_PIPE_INSTANCE | WRITE_DAC | WRITE_OWNER | DELETE");
}

TEST(AccessModel, DenyFirstThenAllowDecidesTheBit) {
  // The fixed form: no create-instance for anyone, read/write for users.
  auto G = grants("D:(A;OICI;GA;;;S-1-5-18)(D;OICI;0x4;;;S-1-1-0)"
                  "(A;OICI;GRGW;;;S-1-5-11)(D;;GA;;;S-1-5-7)",
                  Securable::Pipe);
  ASSERT_EQ(G.size(), 1u);
  EXPECT_EQ(G[0].Who, Principal::AuthenticatedUsers);
  EXPECT_EQ(G[0].Granted, 0x12019Bu);
  EXPECT_EQ(G[0].WriteClass, 0u);
}

TEST(AccessModel, AllowBeforeDenyStillGrants) {
  auto G = grants("D:(A;;GW;;;WD)(D;;0x4;;;WD)", Securable::Pipe);
  ASSERT_EQ(G.size(), 1u);
  EXPECT_TRUE(G[0].WriteClass & rights::FileCreatePipeInstance);
}

TEST(AccessModel, DenyForAnotherPrincipalDoesNotHelp) {
  // Denying the network does nothing for a local Everyone.
  auto G = grants("D:(D;;GA;;;NU)(A;;GA;;;WD)", Securable::Pipe);
  ASSERT_EQ(G.size(), 1u);
  EXPECT_EQ(G[0].Granted, rights::FileAllAccess);
  // Denying Everyone covers Authenticated Users and Users too.
  EXPECT_TRUE(
      grants("D:(D;;0x4;;;WD)(A;;FW;;;BU)", Securable::Pipe)[0].WriteClass ==
      0);
  // ... but denying Authenticated Users does not cover Everyone.
  EXPECT_TRUE(
      grants("D:(D;;0x4;;;AU)(A;;FW;;;WD)", Securable::Pipe)[0].WriteClass &
      rights::FileCreatePipeInstance);
}

TEST(AccessModel, InheritOnlyAndObjectTypedAcesDoNotApply) {
  EXPECT_TRUE(grants("D:(A;OICIIO;GA;;;WD)", Securable::Pipe).empty());
  EXPECT_TRUE(grants("D:(OA;;GA;bf967a86-0de6-11d0-a285-00aa003049e2;;WD)",
                     Securable::Pipe)
                  .empty());
  EXPECT_EQ(grants("D:(OA;;GA;;;WD)", Securable::Pipe).size(), 1u);
  // A conditional allow is not counted; a conditional deny is.
  EXPECT_TRUE(
      grants("D:(XA;;GA;;;WD;(Member_of {SID(BA)}))", Securable::Pipe).empty());
  EXPECT_TRUE(grants("D:(XD;;GA;;;WD;(Member_of {SID(BA)}))(A;;GA;;;WD)",
                     Securable::Pipe)
                  .empty());
}

TEST(AccessModel, UnknownDenyIsTakenToDeny) {
  std::vector<AceView> V = {{AceView::Deny, rights::WriteDac, ""},
                            {AceView::Allow, rights::WriteDac, "S-1-1-0"}};
  EXPECT_TRUE(broadGrants(V, Securable::Pipe).empty());
}

TEST(AccessModel, SystemAndAdministratorsOnly) {
  EXPECT_TRUE(grants("D:P(A;;GA;;;SY)(A;;GA;;;BA)", Securable::Pipe).empty());
}

TEST(AccessModel, ReadOnlyIsNotWriteClass) {
  auto G = grants("D:(A;;GR;;;AU)(A;;FR;;;WD)", Securable::Pipe);
  ASSERT_EQ(G.size(), 2u);
  EXPECT_EQ(G[0].WriteClass, 0u);
  EXPECT_EQ(G[1].WriteClass, 0u);
}

TEST(AccessModel, KernelObjects) {
  auto Event = grants("D:(A;;GW;;;AU)", Securable::Event);
  ASSERT_EQ(Event.size(), 1u);
  EXPECT_EQ(rightNames(Event[0].WriteClass, Securable::Event),
            "EVENT_MODIFY_STATE");
  auto Section = grants("D:(A;;GRGW;;;IU)", Securable::Section);
  EXPECT_EQ(rightNames(Section[0].WriteClass, Securable::Section),
            "SECTION_MAP_WRITE");
  // GENERIC_WRITE on a mutex is READ_CONTROL only.
  EXPECT_EQ(grants("D:(A;;GW;;;WD)", Securable::Mutex)[0].WriteClass, 0u);
  EXPECT_EQ(rightNames(grants("D:(A;;GA;;;WD)", Securable::Mutex)[0].WriteClass,
                       Securable::Mutex),
            "WRITE_DAC | WRITE_OWNER | DELETE");
  // An object the code does not show: only full control and DACL rewrite.
  EXPECT_EQ(grants("D:(A;;GW;;;WD)", Securable::Unknown)[0].WriteClass, 0u);
  EXPECT_NE(grants("D:(A;;FA;;;WD)", Securable::Unknown)[0].WriteClass, 0u);
}

TEST(AccessModel, Principals) {
  EXPECT_EQ(broadPrincipal("S-1-1-0"), Principal::Everyone);
  EXPECT_EQ(broadPrincipal("S-1-5-7"), Principal::Anonymous);
  EXPECT_EQ(broadPrincipal("S-1-5-32-546"), Principal::Guests);
  EXPECT_EQ(broadPrincipal("S-1-5-11"), Principal::AuthenticatedUsers);
  EXPECT_EQ(broadPrincipal("S-1-5-32-545"), Principal::Users);
  EXPECT_EQ(broadPrincipal("S-1-5-4"), Principal::Interactive);
  EXPECT_EQ(broadPrincipal("S-1-5-2"), Principal::Network);
  EXPECT_FALSE(broadPrincipal("S-1-5-18"));
  EXPECT_TRUE(memberCarries(Principal::Interactive, "S-1-5-32-545"));
  EXPECT_FALSE(memberCarries(Principal::Everyone, "S-1-5-11"));
  EXPECT_EQ(principalName(Principal::AuthenticatedUsers),
            "Authenticated Users");
}

TEST(AccessModel, ViaNames) {
  using namespace rights;
  EXPECT_EQ(viaName(FileGenericWrite, FileCreatePipeInstance, Securable::Pipe),
            "FILE_GENERIC_WRITE");
  EXPECT_EQ(viaName(GenericWrite, FileCreatePipeInstance, Securable::Pipe),
            "GENERIC_WRITE");
  EXPECT_EQ(viaName(GenericAll, WriteDac, Securable::Pipe), "GENERIC_ALL");
  EXPECT_EQ(viaName(FileAllAccess, WriteDac, Securable::Pipe),
            "FILE_ALL_ACCESS");
  EXPECT_EQ(
      viaName(FileCreatePipeInstance, FileCreatePipeInstance, Securable::Pipe),
      "");
}

} // namespace
} // namespace pipelint::test
