//===--- PipeClientImpersonationCheck.cpp - ipc-pipe-client-impersonation -===//
#include "PipeClientImpersonationCheck.h"
#include "utils/ApiCalls.h"
#include "utils/FlagFacts.h"
#include "utils/PipeApi.h"
#include "utils/PipeClientProof.h"
#include "utils/PipeNames.h"
#include "utils/PipeObjects.h"
#include "utils/ValueTracking.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {

namespace w = utils::win32;

namespace {

const VarDecl *namedVariable(const Expr *E) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

/// Finds, in \p S, a CreateNamedPipe before \p Open (in source order) of
/// the variable \p Name with FILE_FLAG_FIRST_PIPE_INSTANCE: the process is
/// then the server of the pipe it opens, and no other can be.
const CallExpr *ownFirstInstance(const Stmt *S, const CallExpr *Open,
                                 const VarDecl *Name, ASTContext &Ctx) {
  if (!S)
    return nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *FD = utils::resolveCallee(Call);
    if (Call != Open && utils::isCreateNamedPipe(FD) &&
        Call->getNumArgs() > utils::OpenModeArg &&
        namedVariable(Call->getArg(utils::PipeNameArg)) == Name &&
        Ctx.getSourceManager().isBeforeInTranslationUnit(Call->getBeginLoc(),
                                                         Open->getBeginLoc())) {
      utils::FlagFacts Mode =
          utils::flagFacts(Call->getArg(utils::OpenModeArg), Ctx);
      if (Mode.Known && (Mode.Must & w::FileFlagFirstPipeInstance))
        return Call;
    }
  }
  for (const Stmt *Child : S->children())
    if (const CallExpr *Found = ownFirstInstance(Child, Open, Name, Ctx))
      return Found;
  return nullptr;
}

} // namespace

void PipeClientImpersonationCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(utils::apiCall(utils::pipeApiNames()), this);
}

void PipeClientImpersonationCheck::check(
    const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  ASTContext &Ctx = *Result.Context;
  const FunctionDecl *FD = utils::resolveCallee(Call);
  std::optional<utils::ClientOpenFunction> Open = utils::lookupClientOpen(FD);
  if (!Open || Open->NameArg >= Call->getNumArgs())
    return;
  // Only pipes: a file has no server to impersonate its opener. A name we
  // cannot see (a parameter, a member) is a pipe when the handle is then
  // used with a pipe-only API, or the name is waited for with
  // WaitNamedPipe.
  const Expr *Name = Call->getArg(Open->NameArg);
  // The process opens the pipe it created itself as its first instance
  // (a handle for a child process): it is the only server there can be.
  if (const VarDecl *Var = namedVariable(Name))
    if (const FunctionDecl *In = utils::enclosingFunction(Call, Ctx))
      if (ownFirstInstance(In->getBody(), Call, Var, Ctx))
        return;
  const CallExpr *Proof = nullptr;
  if (!utils::isPipeName(Name, Ctx)) {
    Proof = utils::pipeUseProof(Call, Name, Ctx);
    if (!Proof)
      return;
  }

  if (Open->FlagsArg >= 0 &&
      static_cast<unsigned>(Open->FlagsArg) < Call->getNumArgs()) {
    checkFlags(FD, Call->getArg(Open->FlagsArg), Proof, Ctx);
    return;
  }
  if (Open->ExtendedParamsArg >= 0 &&
      static_cast<unsigned>(Open->ExtendedParamsArg) < Call->getNumArgs()) {
    // CreateFile2 takes the SQOS flags in its extended parameters: none at
    // all means the default, SecurityImpersonation.
    const Expr *Params = Call->getArg(Open->ExtendedParamsArg);
    if (utils::pointerNullness(Params, Ctx).Kind != utils::Nullness::Null)
      return;
    diag(Ctx.getSourceManager().getExpansionLoc(Params->getBeginLoc()),
         "%0 opens a named pipe without extended parameters, so without "
         "SECURITY_SQOS_PRESENT: the pipe server, or a process that created "
         "the pipe name first, can impersonate this client and act with its "
         "rights")
        << FD;
    noteProof(Proof, Ctx);
  }
}

void PipeClientImpersonationCheck::noteProof(const CallExpr *Proof,
                                             ASTContext &Ctx) {
  if (!Proof)
    return;
  diag(Ctx.getSourceManager().getExpansionLoc(Proof->getBeginLoc()),
       "%0 shows that the name is a pipe's", DiagnosticIDs::Note)
      << utils::resolveCallee(Proof);
}

void PipeClientImpersonationCheck::checkFlags(const FunctionDecl *FD,
                                              const Expr *Flags,
                                              const CallExpr *Proof,
                                              ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  utils::FlagFacts Facts = utils::flagFacts(Flags, Ctx);
  if (!Facts.Known)
    return;
  SourceLocation Loc = SM.getExpansionLoc(Flags->getBeginLoc());
  auto NoteSource = [&] {
    SourceLocation Origin = utils::valueOrigin(Facts, Flags, SM);
    if (Origin.isValid())
      diag(Origin, "the flags are set here", DiagnosticIDs::Note);
  };

  if (Facts.has(w::SecuritySqosPresent)) {
    // The level is explicit. SECURITY_IMPERSONATION is a deliberate
    // choice (the server needs to act as the client locally); delegation
    // also lets the server use the client's identity on other machines,
    // which is worth a reviewer's look.
    if ((Facts.Must & w::SecurityLevelMask) == w::SecurityDelegation) {
      diag(Loc,
           "%0 lets the pipe server impersonate this client at delegation "
           "level: the server can use the client's identity on other "
           "machines",
           DiagnosticIDs::Remark)
          << FD;
      noteProof(Proof, Ctx);
    }
    return;
  }
  if (!Facts.lacks(w::SecuritySqosPresent))
    return; // present on some paths only: a deliberate option

  const char *Consequence =
      "the pipe server, or a process that created the pipe name first, can "
      "impersonate this client and act with its rights";
  if (Facts.lacks(w::SecurityLevelMask)) {
    {
      auto D = diag(Loc, "%0 opens a named pipe without "
                         "SECURITY_SQOS_PRESENT: %1")
               << FD << Consequence;
      if (auto Fix = utils::addFlagsFix(
              Flags, "SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION", Ctx))
        D << *Fix;
    }
    NoteSource();
    noteProof(Proof, Ctx);
    return;
  }
  // A level is given but ignored for want of SECURITY_SQOS_PRESENT. When it
  // asks for impersonation or delegation, the effective level (impersonation)
  // is no more than what the code asked for: not reported.
  uint64_t Level = Facts.Must & w::SecurityLevelMask;
  if (Level != (Facts.May & w::SecurityLevelMask) ||
      Level != w::SecurityIdentification)
    return;
  {
    auto D = diag(Loc, "%0 asks for SECURITY_IDENTIFICATION without "
                       "SECURITY_SQOS_PRESENT, so the level is ignored: %1")
             << FD << Consequence;
    if (auto Fix = utils::addFlagsFix(Flags, "SECURITY_SQOS_PRESENT", Ctx))
      D << *Fix;
  }
  NoteSource();
  noteProof(Proof, Ctx);
}

} // namespace clang::tidy::pipelint
