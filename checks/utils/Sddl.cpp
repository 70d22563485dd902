//===--- Sddl.cpp - the SDDL grammar of Windows security descriptors ------===//
#include "utils/Sddl.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::pipelint::utils::sd {
namespace {

/// One two-letter (or longer) SDDL code and what it stands for.
template <typename T> struct Coded {
  llvm::StringLiteral Code;
  T Value;
};

using Named = Coded<const char *>;

// The SID aliases of sddl.h. An empty value: relative to a domain or to the
// machine, so the alias itself stands for the SID.
constexpr Named SidAliases[] = {
    {"AA", "S-1-5-32-579"},
    {"AC", "S-1-15-2-1"},
    {"AN", "S-1-5-7"},
    {"AO", "S-1-5-32-548"},
    {"AP", ""},
    {"AS", "S-1-18-1"},
    {"AU", "S-1-5-11"},
    {"BA", "S-1-5-32-544"},
    {"BG", "S-1-5-32-546"},
    {"BO", "S-1-5-32-551"},
    {"BU", "S-1-5-32-545"},
    {"CA", ""},
    {"CD", "S-1-5-32-574"},
    {"CG", "S-1-3-1"},
    {"CN", ""},
    {"CO", "S-1-3-0"},
    {"CY", "S-1-5-32-569"},
    {"DA", ""},
    {"DC", ""},
    {"DD", ""},
    {"DG", ""},
    {"DU", ""},
    {"EA", ""},
    {"ED", "S-1-5-9"},
    {"EK", ""},
    {"ER", "S-1-5-32-573"},
    {"ES", "S-1-5-32-576"},
    {"HA", "S-1-5-32-578"},
    {"HI", "S-1-16-12288"},
    {"IS", "S-1-5-32-568"},
    {"IU", "S-1-5-4"},
    {"KA", ""},
    {"LA", ""},
    {"LG", ""},
    {"LS", "S-1-5-19"},
    {"LU", "S-1-5-32-559"},
    {"LW", "S-1-16-4096"},
    {"ME", "S-1-16-8192"},
    {"MP", "S-1-16-8448"},
    {"MS", "S-1-5-32-577"},
    {"MU", "S-1-5-32-558"},
    {"NO", "S-1-5-32-556"},
    {"NS", "S-1-5-20"},
    {"NU", "S-1-5-2"},
    {"OW", "S-1-3-4"},
    {"PA", ""},
    {"PO", "S-1-5-32-550"},
    {"PS", "S-1-5-10"},
    {"PU", "S-1-5-32-547"},
    {"RA", "S-1-5-32-575"},
    {"RC", "S-1-5-12"},
    {"RD", "S-1-5-32-555"},
    {"RE", "S-1-5-32-552"},
    {"RM", "S-1-5-32-580"},
    {"RO", ""},
    {"RS", ""},
    {"RU", "S-1-5-32-554"},
    {"SA", ""},
    {"SI", "S-1-16-16384"},
    {"SO", "S-1-5-32-549"},
    {"SS", "S-1-18-2"},
    {"SU", "S-1-5-6"},
    {"SY", "S-1-5-18"},
    {"UD", "S-1-5-84-0-0-0-0-0"},
    {"WD", "S-1-1-0"},
    {"WR", "S-1-5-33"},
};

using Right = Coded<uint32_t>;
using TypeCode = Coded<AceType>;
using FlagCode = Coded<uint8_t>;

constexpr Right RightCodes[] = {
    {"GA", rights::GenericAll},
    {"GR", rights::GenericRead},
    {"GW", rights::GenericWrite},
    {"GX", rights::GenericExecute},
    {"RC", rights::ReadControl},
    {"SD", rights::Delete},
    {"WD", rights::WriteDac},
    {"WO", rights::WriteOwner},
    {"FA", rights::FileAllAccess},
    {"FR", rights::FileGenericRead},
    {"FW", rights::FileGenericWrite},
    {"FX", rights::FileGenericExecute},
    {"KA", 0x000F003F},
    {"KR", 0x00020019},
    {"KW", 0x00020006},
    {"KX", 0x00020019},
    // Directory-service rights: the low bits, whatever the object.
    {"CC", 0x1},
    {"DC", 0x2},
    {"LC", 0x4},
    {"SW", 0x8},
    {"RP", 0x10},
    {"WP", 0x20},
    {"DT", 0x40},
    {"LO", 0x80},
    {"CR", 0x100},
    // Mandatory label policy.
    {"NW", 0x1},
    {"NR", 0x2},
    {"NX", 0x4},
};

constexpr TypeCode AceTypes[] = {
    {"A", AceType::Allow},
    {"D", AceType::Deny},
    {"OA", AceType::ObjectAllow},
    {"OD", AceType::ObjectDeny},
    {"AU", AceType::Audit},
    {"AL", AceType::Alarm},
    {"OU", AceType::ObjectAudit},
    {"OL", AceType::ObjectAlarm},
    {"ML", AceType::MandatoryLabel},
    {"XA", AceType::CallbackAllow},
    {"XD", AceType::CallbackDeny},
    {"XU", AceType::CallbackAudit},
    {"ZA", AceType::CallbackObjectAllow},
    {"RA", AceType::ResourceAttribute},
    {"SP", AceType::ScopedPolicy},
    {"TL", AceType::TrustLabel},
    {"FL", AceType::AccessFilter},
};

constexpr FlagCode AceFlagCodes[] = {
    {"OI", aceflags::ObjectInherit},  {"CI", aceflags::ContainerInherit},
    {"NP", aceflags::NoPropagate},    {"IO", aceflags::InheritOnly},
    {"ID", aceflags::Inherited},      {"CR", aceflags::Critical},
    {"TP", aceflags::TrustProtected}, {"SA", aceflags::AuditSuccess},
    {"FA", aceflags::AuditFailure},
};

constexpr FlagCode AclFlagCodes[] = {
    {"NO_ACCESS_CONTROL", aclflags::NoAccessControl},
    {"AI", aclflags::AutoInherited},
    {"AR", aclflags::AutoInheritReq},
    {"P", aclflags::Protected},
};

/// \p Text without any blank.
std::string withoutBlanks(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text)
    if (!llvm::isSpace(C))
      Out.push_back(C);
  return Out;
}

bool isSectionAt(llvm::StringRef Text, size_t I) {
  return I + 1 < Text.size() && Text[I + 1] == ':' &&
         llvm::StringRef("OGDS").contains(Text[I]);
}

/// The offset of the next "X:" section start at or after \p From outside
/// parentheses, or the end of \p Text.
size_t nextSection(llvm::StringRef Text, size_t From) {
  for (size_t I = From; I < Text.size(); ++I) {
    if (Text[I] == '(')
      return Text.size(); // callers stop at '(' themselves
    if (isSectionAt(Text, I))
      return I;
  }
  return Text.size();
}

/// Calls \p Visit(I, C, Depth) for each character C at I >= \p From of
/// \p Text outside quoted strings (conditional ACEs quote strings), Depth
/// being the parenthesis depth it stands at; returns the first I for which
/// Visit returns true, or npos.
size_t scan(llvm::StringRef Text, size_t From,
            llvm::function_ref<bool(size_t, char, int)> Visit) {
  int Depth = 0;
  bool Quoted = false;
  for (size_t I = From; I < Text.size(); ++I) {
    char C = Text[I];
    if (Quoted || C == '"') {
      Quoted = Quoted ? C != '"' : true;
      continue;
    }
    if (C == ')')
      --Depth;
    if (Visit(I, C, Depth))
      return I;
    if (C == '(')
      ++Depth;
  }
  return llvm::StringRef::npos;
}

/// The offset just past the ')' matching the '(' at \p Open, or npos.
size_t closingParen(llvm::StringRef Text, size_t Open) {
  size_t Close = scan(Text, Open, [](size_t, char C, int Depth) {
    return C == ')' && Depth == 0;
  });
  return Close == llvm::StringRef::npos ? Close : Close + 1;
}

/// The ';'-separated fields of an ACE body (without the parentheses); a
/// ';' inside nested parentheses or quotes does not split.
llvm::SmallVector<llvm::StringRef, 7> aceFields(llvm::StringRef Body) {
  llvm::SmallVector<llvm::StringRef, 7> Fields;
  size_t Start = 0;
  scan(Body, 0, [&](size_t I, char C, int Depth) {
    if (C == ';' && Depth == 0 && Fields.size() < 6) {
      Fields.push_back(Body.slice(Start, I));
      Start = I + 1;
    }
    return false;
  });
  Fields.push_back(Body.drop_front(Start));
  return Fields;
}

template <typename Table>
bool parseCodes(llvm::StringRef Field, const Table &Codes, uint32_t &Out) {
  std::string Text = withoutBlanks(Field);
  llvm::StringRef Rest = Text;
  while (!Rest.empty()) {
    bool Found = false;
    for (const auto &C : Codes) {
      if (Rest.starts_with(C.Code)) {
        Out |= C.Value;
        Rest = Rest.drop_front(C.Code.size());
        Found = true;
        break;
      }
    }
    if (!Found)
      return false;
  }
  return true;
}

bool fail(SddlError *Error, size_t Offset, std::string Message) {
  if (Error)
    *Error = {Offset, std::move(Message)};
  return false;
}

bool parseAce(llvm::StringRef Text, size_t Open, size_t Close, Ace &Out,
              SddlError *Error) {
  llvm::StringRef Body = Text.slice(Open + 1, Close - 1);
  auto Fields = aceFields(Body);
  if (Fields.size() < 6)
    return fail(Error, Open, "an ACE needs six fields");
  Out.Begin = Open;
  Out.End = Close;
  std::string Type = withoutBlanks(Fields[0]);
  const TypeCode *T = llvm::find_if(
      AceTypes, [&](const TypeCode &C) { return C.Code == Type; });
  if (T == std::end(AceTypes))
    return fail(Error, Open + 1, "unknown ACE type '" + Type + "'");
  Out.Type = T->Value;
  uint32_t Flags = 0;
  if (!parseCodes(Fields[1], AceFlagCodes, Flags))
    return fail(Error, Open, "unknown ACE flag");
  Out.Flags = static_cast<uint8_t>(Flags);
  std::optional<uint32_t> Mask = parseRightsField(Fields[2]);
  if (!Mask)
    return fail(Error, Open, "unknown rights '" + Fields[2].str() + "'");
  Out.Mask = *Mask;
  Out.ObjectGuid = withoutBlanks(Fields[3]);
  Out.InheritObjectGuid = withoutBlanks(Fields[4]);
  std::optional<std::string> Sid = parseSidField(Fields[5]);
  // A resource attribute ACE may name no SID; every other needs one.
  if (!Sid && !(Out.Type == AceType::ResourceAttribute &&
                withoutBlanks(Fields[5]).empty()))
    return fail(Error, Open, "bad SID '" + Fields[5].str() + "'");
  Out.Sid = Sid.value_or("");
  if (Fields.size() > 6)
    Out.Extra = Fields[6].trim().str();
  return true;
}

bool parseAcl(llvm::StringRef Text, size_t &Pos, Acl &Out, SddlError *Error) {
  size_t FlagsEnd = Pos;
  while (FlagsEnd < Text.size() && Text[FlagsEnd] != '(' &&
         !isSectionAt(Text, FlagsEnd))
    ++FlagsEnd;
  uint32_t Flags = 0;
  if (!parseCodes(Text.slice(Pos, FlagsEnd), AclFlagCodes, Flags))
    return fail(Error, Pos, "unknown ACL flag");
  Out.Flags = static_cast<uint8_t>(Flags);
  Pos = FlagsEnd;
  Out.FirstAce = Pos;
  while (Pos < Text.size()) {
    if (llvm::isSpace(Text[Pos])) {
      ++Pos;
      continue;
    }
    if (Text[Pos] != '(')
      break;
    size_t Close = closingParen(Text, Pos);
    if (Close == llvm::StringRef::npos)
      return fail(Error, Pos, "an ACE is not closed");
    Ace A;
    if (!parseAce(Text, Pos, Close, A, Error))
      return false;
    Out.Aces.push_back(std::move(A));
    Pos = Close;
  }
  return true;
}

} // namespace

std::optional<std::string> parseSidField(llvm::StringRef Field) {
  std::string Text = withoutBlanks(Field);
  if (Text.size() == 2) {
    for (const Named &A : SidAliases)
      if (A.Code == Text)
        return std::string(*A.Value ? A.Value : A.Code.data());
    return std::nullopt;
  }
  llvm::StringRef Rest = Text;
  if (!Rest.consume_front("S-") && !Rest.consume_front("s-"))
    return std::nullopt;
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  Rest.split(Parts, '-');
  // Revision, authority, up to 15 sub-authorities.
  if (Parts.size() < 2 || Parts.size() > 17 || Parts[0] != "1")
    return std::nullopt;
  uint64_t Authority;
  if (Parts[1].getAsInteger(0, Authority) || Authority >= (1ULL << 48))
    return std::nullopt;
  std::vector<uint32_t> Subs;
  for (llvm::StringRef P :
       llvm::ArrayRef<llvm::StringRef>(Parts).drop_front(2)) {
    uint64_t V;
    if (P.empty() || P.getAsInteger(10, V) || V > 0xFFFFFFFFULL)
      return std::nullopt;
    Subs.push_back(static_cast<uint32_t>(V));
  }
  return sidFromParts(Authority, Subs);
}

std::optional<uint32_t> parseRightsField(llvm::StringRef Field) {
  std::string Text = withoutBlanks(Field);
  llvm::StringRef Rest = Text;
  if (!Rest.empty() && llvm::isDigit(Rest[0])) {
    uint64_t V;
    if (Rest.getAsInteger(0, V) || V > 0xFFFFFFFFULL)
      return std::nullopt;
    return static_cast<uint32_t>(V);
  }
  uint32_t Mask = 0;
  while (!Rest.empty()) {
    const Right *R = llvm::find_if(
        RightCodes, [&](const Right &C) { return Rest.starts_with(C.Code); });
    if (R == std::end(RightCodes))
      return std::nullopt;
    Mask |= R->Value;
    Rest = Rest.drop_front(2);
  }
  return Mask;
}

std::string sidFromParts(uint64_t Authority,
                         const std::vector<uint32_t> &SubAuthorities) {
  std::string Out = "S-1-" + std::to_string(Authority);
  for (uint32_t S : SubAuthorities)
    Out += "-" + std::to_string(S);
  return Out;
}

bool isAllowAce(AceType T) {
  return T == AceType::Allow || T == AceType::ObjectAllow ||
         T == AceType::CallbackAllow || T == AceType::CallbackObjectAllow;
}

bool isDenyAce(AceType T) {
  return T == AceType::Deny || T == AceType::ObjectDeny ||
         T == AceType::CallbackDeny;
}

std::optional<SecurityDescriptor> parseSddl(llvm::StringRef Text,
                                            SddlError *Error) {
  SecurityDescriptor SD;
  size_t Pos = 0;
  while (Pos < Text.size()) {
    if (llvm::isSpace(Text[Pos])) {
      ++Pos;
      continue;
    }
    if (!isSectionAt(Text, Pos)) {
      fail(Error, Pos, "expected O:, G:, D: or S:");
      return std::nullopt;
    }
    char Section = Text[Pos];
    size_t Begin = Pos;
    Pos += 2;
    if (Section == 'O' || Section == 'G') {
      size_t End = nextSection(Text, Pos);
      std::optional<std::string> Sid = parseSidField(Text.slice(Pos, End));
      if (!Sid) {
        fail(Error, Pos, "bad SID");
        return std::nullopt;
      }
      (Section == 'O' ? SD.Owner : SD.Group) = *Sid;
      Pos = End;
      continue;
    }
    Acl A;
    A.Begin = Begin;
    if (!parseAcl(Text, Pos, A, Error))
      return std::nullopt;
    (Section == 'D' ? SD.Dacl : SD.Sacl) = std::move(A);
  }
  return SD;
}

} // namespace clang::tidy::pipelint::utils::sd
