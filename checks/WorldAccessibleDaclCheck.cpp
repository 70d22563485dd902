//===--- WorldAccessibleDaclCheck.cpp - ipc-world-accessible, Windows -----===//
#include "WorldAccessibleDaclCheck.h"
#include "utils/ApiCalls.h"
#include "utils/DaclApi.h"
#include "utils/DaclSources.h"
#include "utils/FindingLevel.h"
#include "utils/PipeNames.h"
#include "utils/PosixIpc.h"
#include "utils/SddlLiteral.h"
#include "utils/ValueTracking.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {
namespace {

namespace sd = utils::sd;
using sd::Principal;
using sd::Securable;

llvm::StringRef objectName(Securable K) {
  switch (K) {
  case Securable::Pipe:
    return "pipe";
  case Securable::File:
    return "mailslot";
  case Securable::Section:
    return "file mapping";
  case Securable::Mutex:
    return "mutex";
  case Securable::Event:
    return "event";
  case Securable::Semaphore:
    return "semaphore";
  case Securable::Unknown:
    break;
  }
  return "object";
}

llvm::StringRef whoCan(Principal P) {
  switch (P) {
  case Principal::Everyone:
    return "any local user";
  case Principal::Anonymous:
    return "anonymous logons";
  case Principal::Guests:
    return "guest accounts";
  case Principal::AuthenticatedUsers:
    return "any authenticated user";
  case Principal::Users:
    return "any member of Users";
  case Principal::Interactive:
    return "any interactively logged-on user";
  case Principal::Network:
    return "network logons";
  }
  return "anyone";
}

/// The consequence of the most serious write-class bit in \p Bits.
std::string consequence(uint32_t Bits, Principal P, Securable K) {
  std::string Who = whoCan(P).str();
  std::string Object = objectName(K).str();
  if (K == Securable::Pipe && (Bits & sd::rights::FileCreatePipeInstance))
    return Who + " can create an instance of this pipe and receive its "
                 "clients";
  if (Bits &
      (sd::rights::WriteDac | sd::rights::WriteOwner | sd::rights::GenericAll))
    return Who + " can rewrite the " + Object +
           "'s DACL or take it over, then do anything with it";
  if (K == Securable::Section)
    return Who + " can write into the shared memory";
  if (K == Securable::Event)
    return Who + " can set and reset the event";
  if (K == Securable::Semaphore)
    return Who + " can release the semaphore";
  return Who + " can delete the " + Object;
}

/// The composite the grant came through, for the bit the message leads
/// with.
std::string through(uint32_t Written, const sd::BroadGrant &G, Securable K,
                    const std::string &Rights) {
  const uint32_t Order[] = {sd::rights::FileCreatePipeInstance, 0x2,
                            sd::rights::WriteDac, sd::rights::WriteOwner,
                            sd::rights::Delete};
  for (uint32_t Bit : Order) {
    if (!(G.WriteClass & Bit))
      continue;
    std::string Via = sd::viaName(Written, Bit, K);
    if (Via.empty() || llvm::StringRef(Rights).starts_with(Via))
      return "";
    return " (through " + Via + ")";
  }
  return "";
}

/// An ACE that denies what \p G grants, to insert in front of all others.
std::optional<std::string> denyAce(const sd::BroadGrant &G, Securable K) {
  if (K != Securable::Pipe ||
      G.WriteClass != sd::rights::FileCreatePipeInstance)
    return std::nullopt;
  if (sd::memberCarries(G.Who, sd::sids::Everyone))
    return std::string("(D;;0x4;;;WD)");
  if (G.Who == Principal::Anonymous)
    return std::string("(D;;0x4;;;AN)");
  if (G.Who == Principal::Network)
    return std::string("(D;;0x4;;;NU)");
  return std::nullopt;
}

/// Why a finding is an error, or empty when it stays a warning. An error
/// when the code as written lets any local user (Everyone) or any anonymous
/// caller (Anonymous Logon) take the object over: create a server instance
/// of a pipe, or rewrite the DACL or owner of any object (GENERIC_ALL on an
/// object of unknown kind holds both). Authenticated Users, Users,
/// Interactive, Guests and Network, DELETE alone and the data rights of a
/// file mapping, event or semaphore stay warnings. See "Levels" on the docs
/// page.
std::string errorReason(const sd::BroadGrant &G, Securable K) {
  if (G.Who != Principal::Everyone && G.Who != Principal::Anonymous)
    return "";
  std::string Who = G.Who == Principal::Everyone ? "every local account"
                                                 : "every anonymous caller";
  if (K == Securable::Pipe &&
      (G.WriteClass & sd::rights::FileCreatePipeInstance))
    return Who + " can create a server instance of this pipe as written";
  if (G.WriteClass &
      (sd::rights::WriteDac | sd::rights::WriteOwner | sd::rights::GenericAll))
    return Who + " can rewrite this " + objectName(K).str() +
           "'s DACL or owner as written";
  return "";
}

} // namespace

void WorldAccessibleDaclCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(utils::apiCall(utils::daclTriggerNames()), this);
}

void WorldAccessibleDaclCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  ASTContext &Ctx = *Result.Context;
  const FunctionDecl *F = utils::enclosingFunctionOf(Call, Ctx);
  if (!F)
    return;
  switch (utils::classifyDaclCall(utils::resolveCallee(Call))) {
  case utils::DaclCall::SddlToDescriptor:
    checkSddl(Call, F, Ctx);
    break;
  case utils::DaclCall::SetEntriesInAcl:
    checkEntries(Call, F, Ctx);
    break;
  case utils::DaclCall::AddAllowedAce:
  case utils::DaclCall::AddAllowedAceEx:
    checkAddAce(Call, F, Ctx);
    break;
  default:
    break;
  }
}

DiagnosticBuilder WorldAccessibleDaclCheck::report(SourceLocation At,
                                                   const sd::BroadGrant &G,
                                                   uint32_t Written,
                                                   Securable Kind) {
  std::string Rights = sd::rightNames(G.WriteClass, Kind);
  return diag(At, "%0 gets %1%2: %3") << sd::principalName(G.Who) << Rights
                                      << through(Written, G, Kind, Rights)
                                      << consequence(G.WriteClass, G.Who, Kind);
}

void WorldAccessibleDaclCheck::noteObject(const utils::CreatedObject &Object,
                                          ASTContext &Ctx) {
  if (!Object.Call)
    return;
  diag(Ctx.getSourceManager().getExpansionLoc(Object.Call->getBeginLoc()),
       "the %0 this descriptor is for is created here", DiagnosticIDs::Note)
      << objectName(Object.Kind);
}

void WorldAccessibleDaclCheck::noteLevel(SourceLocation At,
                                         const sd::BroadGrant &G,
                                         Securable Kind) {
  std::string Why = errorReason(G, Kind);
  if (!Why.empty())
    diag(At, std::string(::pipelint::levels::ErrorNotePrefix) + ": " + Why,
         DiagnosticIDs::Note);
}

void WorldAccessibleDaclCheck::checkSddl(const CallExpr *Call,
                                         const FunctionDecl *F,
                                         ASTContext &Ctx) {
  if (Call->getNumArgs() < 1)
    return;
  std::optional<utils::SddlSource> Source =
      utils::sddlSource(Call->getArg(0), Ctx);
  if (!Source)
    return;
  std::optional<sd::SecurityDescriptor> SD = sd::parseSddl(Source->Text);
  // NO_ACCESS_CONTROL is ipc-null-dacl's; an absent DACL makes the object
  // take its creator's default DACL.
  if (!SD || !SD->Dacl || (SD->Dacl->Flags & sd::aclflags::NoAccessControl))
    return;
  std::vector<sd::AceView> Views;
  for (const sd::Ace &A : SD->Dacl->Aces)
    Views.push_back(sd::viewOf(A));
  utils::CreatedObject Object = utils::objectCreatedFor(F, Ctx);
  if (Object.OnlyUnnamed)
    return;
  std::vector<sd::BroadGrant> Found;
  for (const sd::BroadGrant &G : sd::broadGrants(Views, Object.Kind))
    if (G.WriteClass)
      Found.push_back(G);
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Fallback = SM.getExpansionLoc(Call->getArg(0)->getBeginLoc());
  auto InLiteral = [&](size_t Offset) {
    if (!Source->Literal)
      return SourceLocation();
    SourceLocation L = utils::locationInLiteral(Source->Literal, Offset, SM);
    return L.isValid() && !SM.isInSystemHeader(L) ? L : SourceLocation();
  };
  for (const sd::BroadGrant &G : Found) {
    const sd::Ace &A = SD->Dacl->Aces[G.AceIndex];
    SourceLocation At = InLiteral(A.Begin);
    SourceLocation ReportAt = At.isValid() ? At : Fallback;
    {
      DiagnosticBuilder D = report(ReportAt, G, A.Mask, Object.Kind);
      std::optional<std::string> Deny = denyAce(G, Object.Kind);
      // Right in front of the granting ACE: the ACEs before it (the
      // server's own account) keep what they grant.
      if (Deny && At.isValid())
        D << FixItHint::CreateInsertion(At, *Deny);
    }
    noteLevel(ReportAt, G, Object.Kind);
    noteObject(Object, Ctx);
  }
}

void WorldAccessibleDaclCheck::checkEntries(const CallExpr *Call,
                                            const FunctionDecl *F,
                                            ASTContext &Ctx) {
  if (Call->getNumArgs() != 4)
    return;
  const Expr *List = Call->getArg(1);
  std::optional<uint64_t> Count = utils::constantValue(Call->getArg(0), Ctx);
  if (!Count) {
    const VarDecl *V = utils::localVar(List);
    const auto *AT = V ? Ctx.getAsConstantArrayType(V->getType()) : nullptr;
    if (!AT)
      return;
    Count = AT->getSize().getZExtValue();
  }
  auto Entries = utils::explicitEntries(List, *Count, F, Ctx);
  if (!Entries)
    return;
  // SetEntriesInAcl puts the explicit denies in front of the grants.
  std::vector<sd::AceView> Views;
  std::vector<const utils::ExplicitEntry *> Origin;
  for (int Pass = 0; Pass < 2; ++Pass) {
    for (const utils::ExplicitEntry &E : *Entries) {
      constexpr uint64_t None = ~0ULL;
      auto Value = [&](const Expr *X) {
        return X ? utils::constantValue(X, Ctx).value_or(None) : None;
      };
      uint64_t Mode = Value(E.Mode), Mask = Value(E.Permissions);
      bool Deny = Mode == utils::DenyAccess;
      bool Grant = Mode == utils::GrantAccess || Mode == utils::SetAccess;
      if (Deny != (Pass == 0) || (!Deny && !Grant))
        continue;
      std::optional<std::string> Sid;
      if (E.Trustee && !E.Unknown) {
        uint64_t Form = Value(E.Form);
        std::optional<std::string> Name =
            utils::exactStringValue(E.Trustee, Ctx);
        if (Name && !E.FormIsSid &&
            (Form == None || Form == utils::TrusteeIsName))
          Sid = utils::sidOfTrusteeName(*Name);
        else if (!Name && !E.FormIsName &&
                 (Form == None || Form == utils::TrusteeIsSid))
          Sid = utils::sidOfExpr(E.Trustee, F, Ctx);
      }
      sd::AceView V;
      V.Effect = Deny ? sd::AceView::Deny : sd::AceView::Allow;
      // Unknown: a deny of everything to someone, a grant of nothing.
      V.Mask = Mask != None && !E.Unknown ? static_cast<uint32_t>(Mask)
                                          : (Deny ? 0xFFFFFFFFu : 0u);
      V.Sid = Sid.value_or("");
      Views.push_back(V);
      Origin.push_back(&E);
    }
  }
  utils::CreatedObject Object = utils::objectCreatedFor(F, Ctx);
  if (Object.OnlyUnnamed)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const sd::BroadGrant &G : sd::broadGrants(Views, Object.Kind)) {
    if (!G.WriteClass)
      continue;
    const utils::ExplicitEntry *E = Origin[G.AceIndex];
    SourceLocation At =
        E->ReportAt.isValid() ? E->ReportAt : Call->getBeginLoc();
    At = SM.getExpansionLoc(At);
    report(At, G, Views[G.AceIndex].Mask, Object.Kind);
    noteLevel(At, G, Object.Kind);
    noteObject(Object, Ctx);
  }
}

void WorldAccessibleDaclCheck::checkAddAce(const CallExpr *Call,
                                           const FunctionDecl *F,
                                           ASTContext &Ctx) {
  auto Calls = utils::aceCallsOnSameAcl(Call, F);
  std::vector<sd::AceView> Views;
  size_t Self = Calls.size();
  for (size_t I = 0; I < Calls.size(); ++I) {
    const CallExpr *C = Calls[I];
    utils::DaclCall K = utils::classifyDaclCall(utils::resolveCallee(C));
    bool Ex = K == utils::DaclCall::AddAllowedAceEx ||
              K == utils::DaclCall::AddDeniedAceEx;
    bool Deny = K == utils::DaclCall::AddDeniedAce ||
                K == utils::DaclCall::AddDeniedAceEx;
    unsigned MaskArg = Ex ? 3 : 2;
    sd::AceView V;
    if (C->getNumArgs() <= MaskArg + 1)
      continue;
    std::optional<uint64_t> Mask =
        utils::constantValue(C->getArg(MaskArg), Ctx);
    V.Effect = Deny ? sd::AceView::Deny : sd::AceView::Allow;
    V.Mask = Mask ? static_cast<uint32_t>(*Mask) : (Deny ? 0xFFFFFFFFu : 0u);
    if (Ex) {
      std::optional<uint64_t> Flags = utils::constantValue(C->getArg(2), Ctx);
      if (Flags && (*Flags & sd::aceflags::InheritOnly))
        V.Effect = sd::AceView::Ignored;
    }
    V.Sid = utils::sidOfExpr(C->getArg(MaskArg + 1), F, Ctx).value_or("");
    if (C == Call)
      Self = Views.size();
    Views.push_back(V);
  }
  utils::CreatedObject Object = utils::objectCreatedFor(F, Ctx);
  if (Object.OnlyUnnamed)
    return;
  for (const sd::BroadGrant &G : sd::broadGrants(Views, Object.Kind)) {
    if (G.AceIndex != Self || !G.WriteClass)
      continue;
    SourceLocation At =
        Ctx.getSourceManager().getExpansionLoc(Call->getBeginLoc());
    report(At, G, Views[Self].Mask, Object.Kind);
    noteLevel(At, G, Object.Kind);
    noteObject(Object, Ctx);
  }
}

} // namespace clang::tidy::pipelint
