//===--- NullDaclCheck.cpp - ipc-null-dacl --------------------------------===//
#include "NullDaclCheck.h"
#include "utils/ApiCalls.h"
#include "utils/FlagFacts.h"
#include "utils/PipeApi.h"
#include "utils/PipeNames.h"
#include "utils/ValueTracking.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {

void NullDaclCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(utils::apiCall(utils::pipeApiNames()), this);
}

void NullDaclCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = *Result.SourceManager;
  const FunctionDecl *FD = utils::resolveCallee(Call);

  if (utils::isSddlConversion(FD)) {
    if (Call->getNumArgs() < 1)
      return;
    const Expr *Sddl = Call->getArg(0);
    std::optional<std::string> Text = utils::exactStringValue(Sddl, Ctx);
    if (!Text || !utils::sddlHasNullDacl(*Text))
      return;
    diag(SM.getExpansionLoc(Sddl->getBeginLoc()),
         "security descriptor string with a NULL DACL (D:NO_ACCESS_CONTROL): "
         "anyone, including anonymous users, gets full control of the object "
         "and can change its DACL and owner");
    return;
  }

  if (!utils::isSetDacl(FD) || Call->getNumArgs() < 3)
    return;
  // bDaclPresent must be nonzero on every path: FALSE means "no DACL in
  // this descriptor", a different (and not this) problem.
  utils::FlagFacts Present = utils::flagFacts(Call->getArg(1), Ctx);
  if (!Present.Known || Present.Must == 0)
    return;
  const Expr *Dacl = Call->getArg(2);
  utils::NullEvidence Null = utils::pointerNullness(Dacl, Ctx);
  if (Null.Kind != utils::Nullness::Null)
    return;
  SourceLocation Loc = SM.getExpansionLoc(Dacl->getBeginLoc());
  diag(Loc, "%0 sets a NULL DACL: anyone, including anonymous users, gets "
            "full control of the object and can change its DACL and owner")
      << FD;
  SourceLocation Origin = SM.getExpansionLoc(Null.Origin);
  if (Origin.isValid() && Origin != Loc)
    diag(Origin, "the DACL pointer is NULL here", DiagnosticIDs::Note);
}

} // namespace clang::tidy::pipelint
