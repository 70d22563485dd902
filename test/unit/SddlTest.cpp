//===--- SddlTest.cpp - the SDDL grammar ----------------------------------===//
#include "utils/Sddl.h"

#include <gtest/gtest.h>

namespace pipelint::test {
namespace {

using namespace clang::tidy::pipelint::utils::sd;

SecurityDescriptor parsed(llvm::StringRef Text) {
  SddlError E;
  std::optional<SecurityDescriptor> SD = parseSddl(Text, &E);
  EXPECT_TRUE(SD) << Text.str() << ": " << E.Message << " at " << E.Offset;
  return SD.value_or(SecurityDescriptor());
}

TEST(Sddl, OwnerGroupAndBothAcls) {
  SecurityDescriptor SD = parsed("O:BAG:SYD:(A;;GA;;;SY)S:(AU;SAFA;FA;;;WD)");
  EXPECT_EQ(SD.Owner, "S-1-5-32-544");
  EXPECT_EQ(SD.Group, "S-1-5-18");
  ASSERT_TRUE(SD.Dacl);
  ASSERT_TRUE(SD.Sacl);
  ASSERT_EQ(SD.Dacl->Aces.size(), 1u);
  EXPECT_EQ(SD.Sacl->Aces[0].Type, AceType::Audit);
  EXPECT_EQ(SD.Sacl->Aces[0].Flags,
            aceflags::AuditSuccess | aceflags::AuditFailure);
  EXPECT_EQ(SD.Sacl->Aces[0].Sid, "S-1-1-0");
}

TEST(Sddl, SectionsInAnyOrderAndAbsentOnes) {
  SecurityDescriptor SD = parsed("D:(A;;FR;;;AU)O:S-1-5-18");
  EXPECT_EQ(SD.Owner, "S-1-5-18");
  EXPECT_FALSE(SD.Group);
  EXPECT_FALSE(SD.Sacl);
  EXPECT_TRUE(SD.Dacl);
  // Owner alias followed directly by a section whose letter it contains.
  SecurityDescriptor DD = parsed("O:DDD:P");
  EXPECT_EQ(DD.Owner, "DD");
  ASSERT_TRUE(DD.Dacl);
  EXPECT_TRUE(DD.Dacl->Aces.empty());
}

TEST(Sddl, AclFlags) {
  EXPECT_EQ(parsed("D:P(A;;GA;;;SY)").Dacl->Flags, aclflags::Protected);
  EXPECT_EQ(parsed("D:PAI(A;;GA;;;SY)").Dacl->Flags,
            aclflags::Protected | aclflags::AutoInherited);
  EXPECT_EQ(parsed("D:ARAI").Dacl->Flags,
            aclflags::AutoInheritReq | aclflags::AutoInherited);
  EXPECT_EQ(parsed("D:NO_ACCESS_CONTROL").Dacl->Flags,
            aclflags::NoAccessControl);
  EXPECT_FALSE(parseSddl("D:QX(A;;GA;;;SY)"));
}

TEST(Sddl, AceTypes) {
  SecurityDescriptor SD = parsed(
      "D:(A;;GA;;;SY)(D;;GA;;;AN)(OA;;RP;bf967a86-0de6-11d0-a285-00aa003049e2;"
      ";AU)(OD;;WP;;;WD)(XA;;FR;;;WD;(Member_of {SID(BA)}))"
      "S:(ML;;NW;;;LW)(AU;FA;GA;;;WD)");
  const auto &D = SD.Dacl->Aces;
  ASSERT_EQ(D.size(), 5u);
  EXPECT_EQ(D[0].Type, AceType::Allow);
  EXPECT_EQ(D[1].Type, AceType::Deny);
  EXPECT_EQ(D[2].Type, AceType::ObjectAllow);
  EXPECT_EQ(D[2].ObjectGuid, "bf967a86-0de6-11d0-a285-00aa003049e2");
  EXPECT_EQ(D[3].Type, AceType::ObjectDeny);
  EXPECT_EQ(D[4].Type, AceType::CallbackAllow);
  EXPECT_EQ(D[4].Extra, "(Member_of {SID(BA)})");
  const auto &S = SD.Sacl->Aces;
  ASSERT_EQ(S.size(), 2u);
  EXPECT_EQ(S[0].Type, AceType::MandatoryLabel);
  EXPECT_EQ(S[0].Mask, 0x1u);
  EXPECT_EQ(S[0].Sid, "S-1-16-4096");
  EXPECT_FALSE(parseSddl("D:(Q;;GA;;;SY)"));
}

TEST(Sddl, InheritanceFlags) {
  SecurityDescriptor SD = parsed("D:(A;OICINPIOID;GA;;;SY)(A;CI;GR;;;BU)");
  const auto &A = SD.Dacl->Aces;
  EXPECT_EQ(A[0].Flags, aceflags::ObjectInherit | aceflags::ContainerInherit |
                            aceflags::NoPropagate | aceflags::InheritOnly |
                            aceflags::Inherited);
  EXPECT_EQ(A[1].Flags, aceflags::ContainerInherit);
  EXPECT_FALSE(parseSddl("D:(A;XX;GA;;;SY)"));
}

TEST(Sddl, RightsAsLetters) {
  EXPECT_EQ(parseRightsField("GA"), rights::GenericAll);
  EXPECT_EQ(parseRightsField("GRGW"),
            rights::GenericRead | rights::GenericWrite);
  EXPECT_EQ(parseRightsField("GX"), rights::GenericExecute);
  EXPECT_EQ(parseRightsField("FA"), rights::FileAllAccess);
  EXPECT_EQ(parseRightsField("FRFW"),
            rights::FileGenericRead | rights::FileGenericWrite);
  EXPECT_EQ(parseRightsField("FX"), rights::FileGenericExecute);
  EXPECT_EQ(parseRightsField("KA"), 0xF003Fu);
  EXPECT_EQ(parseRightsField("RCSDWDWO"), rights::ReadControl | rights::Delete |
                                              rights::WriteDac |
                                              rights::WriteOwner);
  EXPECT_EQ(parseRightsField("CCLCSWRPWPDTLOCR"), 0x1FDu);
  EXPECT_EQ(parseRightsField(""), 0u);
  EXPECT_FALSE(parseRightsField("GZ"));
  EXPECT_FALSE(parseRightsField("G"));
}

TEST(Sddl, RightsAsNumbers) {
  EXPECT_EQ(parseRightsField("0x12019b"), 0x12019Bu);
  EXPECT_EQ(parseRightsField("0X4"), 0x4u);
  EXPECT_EQ(parseRightsField("0x1F01FF"), rights::FileAllAccess);
  EXPECT_EQ(parseRightsField("4"), 4u);
  EXPECT_FALSE(parseRightsField("0x1FFFFFFFF"));
  EXPECT_FALSE(parseRightsField("0xZZ"));
}

TEST(Sddl, SidAliasesAndStrings) {
  EXPECT_EQ(parseSidField("WD"), "S-1-1-0");
  EXPECT_EQ(parseSidField("AN"), "S-1-5-7");
  EXPECT_EQ(parseSidField("AU"), "S-1-5-11");
  EXPECT_EQ(parseSidField("BU"), "S-1-5-32-545");
  EXPECT_EQ(parseSidField("BG"), "S-1-5-32-546");
  EXPECT_EQ(parseSidField("IU"), "S-1-5-4");
  EXPECT_EQ(parseSidField("NU"), "S-1-5-2");
  EXPECT_EQ(parseSidField("BA"), "S-1-5-32-544");
  EXPECT_EQ(parseSidField("SY"), "S-1-5-18");
  EXPECT_EQ(parseSidField("LS"), "S-1-5-19");
  EXPECT_EQ(parseSidField("NS"), "S-1-5-20");
  EXPECT_EQ(parseSidField("DA"), "DA"); // relative to the domain
  EXPECT_EQ(parseSidField("S-1-1-0"), "S-1-1-0");
  EXPECT_EQ(parseSidField("s-1-5-32-544"), "S-1-5-32-544");
  EXPECT_EQ(parseSidField("S-1-0x5-18"), "S-1-5-18");
  EXPECT_EQ(parseSidField("S-1-5-21-1004336348-1177238915-682003330-512"),
            "S-1-5-21-1004336348-1177238915-682003330-512");
  EXPECT_FALSE(parseSidField("QQ"));
  EXPECT_FALSE(parseSidField("S-2-1-0"));
  EXPECT_FALSE(parseSidField("S-1-5-x"));
  EXPECT_FALSE(parseSidField(""));
}

TEST(Sddl, SpacesInsideAceFields) {
  // As written by some projects: Windows skips the blanks.
  SecurityDescriptor SD = parsed("D:P(A;; GA;;; SY)(A;; GA;;; BA) ");
  ASSERT_EQ(SD.Dacl->Aces.size(), 2u);
  EXPECT_EQ(SD.Dacl->Aces[0].Mask, rights::GenericAll);
  EXPECT_EQ(SD.Dacl->Aces[1].Sid, "S-1-5-32-544");
  EXPECT_TRUE(parseSddl(" D: ( A ; OI CI ; 0x4 ; ; ; S-1-1-0 )"));
}

TEST(Sddl, AceOffsetsAndInsertionPoint) {
  llvm::StringRef Text = "O:SYD:P(A;;GA;;;SY)(A;;FA;;;WD)";
  SecurityDescriptor SD = parsed(Text);
  ASSERT_EQ(SD.Dacl->Aces.size(), 2u);
  EXPECT_EQ(Text.substr(SD.Dacl->Aces[1].Begin,
                        SD.Dacl->Aces[1].End - SD.Dacl->Aces[1].Begin),
            "(A;;FA;;;WD)");
  EXPECT_EQ(SD.Dacl->Begin, 4u);
  EXPECT_EQ(SD.Dacl->FirstAce, 7u);
}

TEST(Sddl, Errors) {
  SddlError E;
  EXPECT_FALSE(parseSddl("D:(A;;GA;;;SY", &E));
  EXPECT_EQ(E.Offset, 2u);
  EXPECT_FALSE(parseSddl("D:(A;;GA;;SY)", &E));
  EXPECT_FALSE(parseSddl("X:(A;;GA;;;SY)", &E));
  EXPECT_FALSE(parseSddl("O:", &E));
  EXPECT_FALSE(parseSddl("D:(A;;GA;;;SY)junk", &E));
  EXPECT_TRUE(parseSddl(""));
}

TEST(Sddl, GarbageIsRejectedOrParsedNeverMisread) {
  // Strings over the SDDL alphabet, cut and spliced: the parser must end
  // either with an error or with ACEs whose offsets lie in the string.
  const std::string Pieces[] = {"O:",
                                "G:",
                                "D:",
                                "S:",
                                "(",
                                ")",
                                ";",
                                "A",
                                "D",
                                "OA",
                                "GA",
                                "WD",
                                "0x4",
                                "S-1",
                                "-5-",
                                "P",
                                "AI",
                                " ",
                                "\"",
                                "((",
                                "XA;;",
                                "1",
                                "NO_ACCESS_CONTROL"};
  uint32_t Seed = 12345;
  for (int Round = 0; Round < 5000; ++Round) {
    std::string Text;
    for (int I = 0, N = Round % 24; I < N; ++I) {
      Seed = Seed * 1103515245 + 12345;
      Text += Pieces[(Seed >> 16) % std::size(Pieces)];
    }
    std::optional<SecurityDescriptor> SD = parseSddl(Text);
    if (!SD)
      continue;
    for (const auto *Acl :
         {SD->Dacl ? &*SD->Dacl : nullptr, SD->Sacl ? &*SD->Sacl : nullptr}) {
      if (!Acl)
        continue;
      for (const Ace &A : Acl->Aces) {
        ASSERT_LT(A.Begin, A.End) << Text;
        ASSERT_LE(A.End, Text.size()) << Text;
        ASSERT_EQ(Text[A.Begin], '(') << Text;
        ASSERT_EQ(Text[A.End - 1], ')') << Text;
      }
    }
  }
}

TEST(Sddl, SidFromParts) {
  EXPECT_EQ(sidFromParts(1, {0}), "S-1-1-0");
  EXPECT_EQ(sidFromParts(5, {32, 545}), "S-1-5-32-545");
}

} // namespace
} // namespace pipelint::test
