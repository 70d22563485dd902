//===--- WorldAccessibleCheck.cpp - ipc-world-accessible ------------------===//
#include "WorldAccessibleCheck.h"
#include "utils/PosixIpc.h"
#include "utils/PosixModes.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {
namespace {

/// What a set of possible modes grants to others.
struct Grant {
  bool AllWrite = false; ///< every value lets others write
  bool AnyWrite = false;
  bool AnyRead = false; ///< some value lets others read (or write)
  uint64_t Shown = 0;   ///< the value named in the message
};

Grant grantOf(llvm::ArrayRef<uint64_t> Modes) {
  Grant G;
  G.AllWrite = !Modes.empty();
  for (uint64_t M : Modes) {
    bool W = M & utils::OthersWrite, R = M & utils::OthersRead;
    G.AllWrite &= W;
    if (W && !G.AnyWrite)
      G.Shown = M & 07777;
    G.AnyWrite |= W;
    if ((R || W) && !G.AnyRead && !G.AnyWrite)
      G.Shown = M & 07777;
    G.AnyRead |= R || W;
  }
  return G;
}

} // namespace

void WorldAccessibleCheck::registerPPCallbacks(const SourceManager &,
                                               Preprocessor *PP,
                                               Preprocessor *) {
  this->PP = PP;
}

void WorldAccessibleCheck::registerMatchers(MatchFinder *Finder) {
  Dacl.registerMatchers(Finder);
  // Plain calls (also through function pointers: utils::resolveCallee),
  // filtered by declaration in check().
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader()), unless(cxxMemberCallExpr()))
          .bind("call"),
      this);
  Finder->addMatcher(
      cxxMemberCallExpr(
          unless(isExpansionInSystemHeader()),
          callee(cxxMethodDecl(
              hasName("setSocketOptions"),
              ofClass(cxxRecordDecl(isSameOrDerivedFrom("::QLocalServer"))))))
          .bind("qt"),
      this);
}

std::optional<uint64_t>
WorldAccessibleCheck::openCreateFlag(ASTContext &Ctx) const {
  // O_CREAT differs between systems: read it from the headers.
  if (PP) {
    if (const MacroInfo *MI =
            PP->getMacroInfo(PP->getIdentifierInfo("O_CREAT"));
        MI && MI->getNumTokens() == 1 &&
        MI->getReplacementToken(0).is(tok::numeric_constant)) {
      std::string Text = PP->getSpelling(MI->getReplacementToken(0));
      llvm::StringRef Digits = llvm::StringRef(Text).rtrim("uUlL");
      uint64_t V;
      if (!Digits.getAsInteger(0, V))
        return V;
    }
  }
  const llvm::Triple &T = Ctx.getTargetInfo().getTriple();
  if (T.isOSLinux())
    return 0100;
  if (T.isOSDarwin() || T.isOSFreeBSD() || T.isOSNetBSD() || T.isOSOpenBSD())
    return 0x200;
  return std::nullopt;
}

void WorldAccessibleCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (const auto *Qt = Result.Nodes.getNodeAs<CXXMemberCallExpr>("qt")) {
    checkQt(Qt, Ctx);
    return;
  }
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  const FunctionDecl *FD = utils::resolveCallee(Call);
  const utils::PosixCall *P = utils::lookupPosixCall(FD, *Result.SourceManager);
  if (!P)
    return;
  switch (P->Kind) {
  case utils::PosixCallKind::Create:
    checkCreation(Call, FD, Ctx);
    break;
  case utils::PosixCallKind::Chmod:
  case utils::PosixCallKind::Fchmod:
    checkChmod(Call, FD, Ctx);
    break;
  case utils::PosixCallKind::Bind:
    checkBind(Call, Ctx);
    break;
  case utils::PosixCallKind::Umask:
  case utils::PosixCallKind::None:
    break;
  }
}

void WorldAccessibleCheck::checkCreation(const CallExpr *Call,
                                         const FunctionDecl *FD,
                                         ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const utils::PosixCall *P = utils::lookupPosixCall(FD, SM);
  if (P->ModeArg < 0 || static_cast<unsigned>(P->ModeArg) >= Call->getNumArgs())
    return;
  if (P->FlagsArg >= 0) {
    // The mode only matters when the call may create the object.
    std::optional<uint64_t> Create = openCreateFlag(Ctx);
    auto Flags = utils::possibleValues(Call->getArg(P->FlagsArg), Ctx);
    if (!Create || !Flags)
      return;
    bool MayCreate = false;
    for (uint64_t F : *Flags)
      MayCreate |= (F & *Create) != 0;
    if (!MayCreate)
      return;
  }
  const Expr *ModeArg = Call->getArg(P->ModeArg);
  auto Modes = utils::possibleValues(ModeArg, Ctx);
  if (!Modes || Modes->empty())
    return;
  utils::PosixObject Object = P->Object;
  if (Object == utils::PosixObject::Node) {
    // mknod makes FIFOs, devices and regular files: only FIFOs are IPC.
    for (uint64_t M : *Modes)
      if ((M & utils::FileTypeMask) != utils::FifoType)
        return;
    Object = utils::PosixObject::Fifo;
  }
  Grant G = grantOf(*Modes);
  const CallExpr *Umask = utils::lastUmaskBefore(Call, Ctx);
  bool Cleared = utils::isPermissiveUmask(Umask, Ctx);
  // open/creat with 0666 is how ordinary files are made (fopen does it):
  // the umask decides. Only a cleared umask makes it an IPC finding.
  if (Object == utils::PosixObject::File && !Cleared)
    return;
  llvm::StringRef Name = utils::posixObjectName(Object);
  SourceLocation At = SM.getExpansionLoc(ModeArg->getBeginLoc());
  std::string Mode = utils::octalMode(G.Shown);
  if (G.AllWrite) {
    if (Cleared)
      diag(At, "%0 creates the %1 with mode %2 after the umask was cleared: "
               "every local user can write to it")
          << FD << Name << Mode;
    else
      diag(At, "%0 asks for mode %2, which lets every local user write to "
               "the %1; only the process umask, which the program does not "
               "control, can take that away")
          << FD << Name << Mode;
  } else if (G.AnyWrite) {
    diag(At,
         "%0 may ask for mode %2, which lets every local user write to "
         "the %1",
         DiagnosticIDs::Remark)
        << FD << Name << Mode;
  } else if (G.AnyRead && Object != utils::PosixObject::Semaphore &&
             Object != utils::PosixObject::File) {
    // A semaphore cannot be used with read access alone.
    diag(At, "%0 asks for mode %2, which lets every local user read the %1",
         DiagnosticIDs::Remark)
        << FD << Name << Mode;
  } else {
    return;
  }
  if (Cleared)
    diag(SM.getExpansionLoc(Umask->getBeginLoc()),
         "the umask set here no longer removes access for others",
         DiagnosticIDs::Note);
}

void WorldAccessibleCheck::checkChmod(const CallExpr *Call,
                                      const FunctionDecl *FD, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const utils::PosixCall *P = utils::lookupPosixCall(FD, SM);
  if (static_cast<unsigned>(P->ModeArg) >= Call->getNumArgs())
    return;
  utils::PosixObject Object =
      P->Kind == utils::PosixCallKind::Fchmod
          ? utils::classifyDescriptor(Call->getArg(0), Ctx)
          : utils::classifyPath(Call->getArg(P->PathArg), Call, Ctx);
  const Expr *ModeArg = Call->getArg(P->ModeArg);
  auto Modes = utils::possibleValues(ModeArg, Ctx);
  if (!Modes || Modes->empty())
    return;
  Grant G = grantOf(*Modes);
  if (Object == utils::PosixObject::None) {
    // A path or descriptor not known to be IPC: what CodeQL's and Sonar's
    // world-writable queries report, at note level.
    if (G.AllWrite)
      diag(SM.getExpansionLoc(ModeArg->getBeginLoc()),
           "%0 sets mode %1, which lets every local user write to the file; "
           "if it is a socket, a FIFO or shared memory, every local user can "
           "use it",
           DiagnosticIDs::Remark)
          << FD << utils::octalMode(G.Shown);
    return;
  }
  llvm::StringRef Name = utils::posixObjectName(Object);
  bool Socket = Object == utils::PosixObject::Socket;
  SourceLocation At = SM.getExpansionLoc(ModeArg->getBeginLoc());
  std::string Mode = utils::octalMode(G.Shown);
  if (G.AllWrite)
    diag(At, "%0 sets mode %2 on the %1: every local user can %select{write "
             "to|connect to}3 it")
        << FD << Name << Mode << Socket;
  else if (G.AnyWrite)
    diag(At,
         "%0 may set mode %2 on the %1, which lets every local user "
         "%select{write to|connect to}3 it",
         DiagnosticIDs::Remark)
        << FD << Name << Mode << Socket;
  else if (G.AnyRead && !Socket)
    // Connecting to a socket needs write permission: read alone is inert.
    diag(At, "%0 sets mode %2 on the %1, which lets every local user read it",
         DiagnosticIDs::Remark)
        << FD << Name << Mode;
}

void WorldAccessibleCheck::checkBind(const CallExpr *Call, ASTContext &Ctx) {
  // bind() creates the socket file with 0777 minus the umask.
  if (!utils::bindsUnixSocket(Call))
    return;
  const CallExpr *Umask = utils::lastUmaskBefore(Call, Ctx);
  if (!utils::isPermissiveUmask(Umask, Ctx) || utils::chmodFollows(Call, Ctx))
    return;
  if (!ReportedUmasks.insert(Umask).second)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  auto Values = utils::possibleValues(Umask->getArg(0), Ctx);
  diag(SM.getExpansionLoc(Umask->getArg(0)->getBeginLoc()),
       "a umask of %0 keeps write access for others, so the Unix socket "
       "that bind() creates is open to every local user")
      << utils::octalMode(Values->front());
  diag(SM.getExpansionLoc(Call->getBeginLoc()),
       "the socket file is created here", DiagnosticIDs::Note);
}

void WorldAccessibleCheck::checkQt(const CXXMemberCallExpr *Call,
                                   ASTContext &Ctx) {
  if (Call->getNumArgs() != 1)
    return;
  const Expr *Arg = Call->getArg(0);
  auto Values = utils::possibleFlagValues(Arg, Ctx);
  if (!Values || Values->empty())
    return;
  // QLocalServer::OtherAccessOption is 0x4; WorldAccessOption is 0x7.
  bool All = true, Any = false;
  uint64_t Shown = 0;
  for (uint64_t V : *Values) {
    bool Others = V & 0x4;
    All &= Others;
    if (Others && !Any)
      Shown = V;
    Any |= Others;
  }
  if (!Any)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::StringRef Option = (Shown & 0x7) == 0x7
                               ? "QLocalServer::WorldAccessOption"
                               : "QLocalServer::OtherAccessOption";
  diag(SM.getExpansionLoc(Arg->getBeginLoc()),
       "%select{|on some paths, }0%1 lets every local user connect to the "
       "server's socket",
       All ? DiagnosticIDs::Warning : DiagnosticIDs::Remark)
      << !All << Option;
}

} // namespace clang::tidy::pipelint
