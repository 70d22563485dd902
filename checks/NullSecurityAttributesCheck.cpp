//===--- NullSecurityAttributesCheck.cpp - ipc-null-security-attributes ---===//
#include "NullSecurityAttributesCheck.h"
#include "utils/ApiCalls.h"
#include "utils/ValueTracking.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {

void NullSecurityAttributesCheck::registerMatchers(MatchFinder *Finder) {
  // Direct calls (CreateNamedPipe is a macro for CreateNamedPipeW: the
  // declaration is what we match) and calls through a function pointer.
  Finder->addMatcher(
      utils::apiCall(utils::creatingFunctionNames(), /*InTemplates=*/true),
      this);
}

void NullSecurityAttributesCheck::check(
    const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  ASTContext &Ctx = *Result.Context;
  const FunctionDecl *FD = utils::resolveCallee(Call);
  const utils::Win32Function *Api = utils::lookupCreatingFunction(FD);
  if (!Api || Api->SecurityAttributesArg < 0 ||
      static_cast<unsigned>(Api->SecurityAttributesArg) >= Call->getNumArgs())
    return;

  // Unnamed mappings, mutexes, events and semaphores cannot be opened by
  // name from another process: their DACL only matters for handle
  // duplication, so they are left alone.
  if (Api->NamedOnly) {
    if (Api->NameArg < 0 ||
        static_cast<unsigned>(Api->NameArg) >= Call->getNumArgs())
      return;
    if (utils::pointerNullness(Call->getArg(Api->NameArg), Ctx).Kind ==
        utils::Nullness::Null)
      return;
  }

  const Expr *Arg = Call->getArg(Api->SecurityAttributesArg);
  const SourceManager &SM = *Result.SourceManager;
  SourceLocation ArgLoc = SM.getExpansionLoc(Arg->getBeginLoc());
  std::string Object = utils::objectKindName(Api->Kind).str();
  std::string Consequence =
      Api->Kind == utils::ObjectKind::NamedPipe
          ? "which grants read access to Everyone and the anonymous account"
          : "from the creator's token, so any process with a matching token "
            "can open it by name";

  utils::NullEvidence Pointer = utils::pointerNullness(Arg, Ctx);
  if (Pointer.Kind == utils::Nullness::Null) {
    diag(ArgLoc, "%0 creates a %1 with NULL security attributes: it gets the "
                 "default DACL, %2")
        << FD << Object << Consequence;
    SourceLocation Origin = SM.getExpansionLoc(Pointer.Origin);
    if (Origin.isValid() && Origin != ArgLoc)
      diag(Origin, "the security attributes pointer is NULL here",
           DiagnosticIDs::Note);
    return;
  }

  utils::NullEvidence Descriptor = utils::securityDescriptorNullness(Arg, Ctx);
  if (Descriptor.Kind == utils::Nullness::Null) {
    diag(ArgLoc, "%0 creates a %1 whose SECURITY_ATTRIBUTES has a NULL "
                 "lpSecurityDescriptor: it gets the default DACL, %2")
        << FD << Object << Consequence;
    SourceLocation Origin = SM.getExpansionLoc(Descriptor.Origin);
    if (Origin.isValid())
      diag(Origin, "lpSecurityDescriptor is set to NULL here",
           DiagnosticIDs::Note);
  }
}

} // namespace clang::tidy::pipelint
