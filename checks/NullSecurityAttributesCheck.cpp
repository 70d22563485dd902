//===--- NullSecurityAttributesCheck.cpp - ipc-null-security-attributes ---===//
#include "NullSecurityAttributesCheck.h"
#include "utils/ApiCalls.h"
#include "utils/PipeObjects.h"
#include "utils/ValueTracking.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {
namespace {

std::string consequence(const utils::Win32Function &Api) {
  return Api.Kind == utils::ObjectKind::NamedPipe
             ? "which grants read access to Everyone and the anonymous account"
             : "from the creator's token, so any process with a matching "
               "token can open it by name";
}

/// How many times \p S (and its children) name \p Param.
unsigned countRefs(const Stmt *S, const ParmVarDecl *Param) {
  if (!S)
    return 0;
  unsigned N = 0;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (Ref->getDecl() == Param)
      ++N;
  for (const Stmt *Child : S->children())
    N += countRefs(Child, Param);
  return N;
}

/// The parameter of \p Fn that \p E names, when the body names it nowhere
/// else (nothing can have tested, replaced or changed it before the call).
const ParmVarDecl *soleUseParam(const Expr *E, const FunctionDecl *Fn) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!Param || !Fn || Param->getDeclContext() != Fn ||
      Param->getType()->isReferenceType() ||
      countRefs(Fn->getBody(), Param) != 1)
    return nullptr;
  return Param;
}

} // namespace

void NullSecurityAttributesCheck::registerMatchers(MatchFinder *Finder) {
  // Direct calls (CreateNamedPipe is a macro for CreateNamedPipeW: the
  // declaration is what we match) and calls through a function pointer.
  Finder->addMatcher(
      utils::apiCall(utils::creatingFunctionNames(), /*InTemplates=*/true),
      this);
  // Calls of the user's own functions that take a pointer: candidates for
  // wrappers that forward their parameter as the security attributes.
  auto TakesPointer = hasAnyParameter(hasType(pointerType()));
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader()),
               callee(functionDecl(TakesPointer,
                                   unless(isExpansionInSystemHeader()))))
          .bind("wrapper-call"),
      this);
  Finder->addMatcher(
      cxxConstructExpr(unless(isExpansionInSystemHeader()),
                       hasDeclaration(cxxConstructorDecl(
                           TakesPointer, unless(isExpansionInSystemHeader()))))
          .bind("wrapper-call"),
      this);
}

void NullSecurityAttributesCheck::check(
    const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
  if (const auto *Call = Result.Nodes.getNodeAs<Expr>("wrapper-call")) {
    WrapperCalls.push_back(Call);
    return;
  }
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call"))
    checkApiCall(Call, *Result.Context, *Result.SourceManager);
}

void NullSecurityAttributesCheck::checkApiCall(const CallExpr *Call,
                                               ASTContext &Ctx,
                                               const SourceManager &SM) {
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
  SourceLocation ArgLoc = SM.getExpansionLoc(Arg->getBeginLoc());
  std::string Object = utils::objectKindName(Api->Kind).str();

  utils::NullEvidence Pointer = utils::pointerNullness(Arg, Ctx);
  if (Pointer.Kind == utils::Nullness::Null) {
    diag(ArgLoc, "%0 creates a %1 with NULL security attributes: it gets the "
                 "default DACL, %2")
        << FD << Object << consequence(*Api);
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
        << FD << Object << consequence(*Api);
    SourceLocation Origin = SM.getExpansionLoc(Descriptor.Origin);
    if (Origin.isValid())
      diag(Origin, "lpSecurityDescriptor is set to NULL here",
           DiagnosticIDs::Note);
    return;
  }
  if (Pointer.Kind == utils::Nullness::Unknown)
    recordForward(Call, FD, Api, Ctx);
}

void NullSecurityAttributesCheck::recordForward(const CallExpr *Call,
                                                const FunctionDecl *FD,
                                                const utils::Win32Function *Api,
                                                ASTContext &Ctx) {
  const FunctionDecl *Fn = utils::enclosingFunction(Call, Ctx);
  if (!Fn || !Fn->getBody())
    return;
  const ParmVarDecl *Attributes =
      soleUseParam(Call->getArg(Api->SecurityAttributesArg), Fn);
  if (!Attributes)
    return;
  int NameParam = -1;
  if (Api->NamedOnly) {
    const Expr *Name = Call->getArg(Api->NameArg);
    const auto *Ref = dyn_cast<DeclRefExpr>(Name->IgnoreParenImpCasts());
    if (Ref && isa<ParmVarDecl>(Ref->getDecl())) {
      // A name parameter that the wrapper may replace is unknown.
      const ParmVarDecl *NameDecl = soleUseParam(Name, Fn);
      if (!NameDecl)
        return;
      NameParam = static_cast<int>(NameDecl->getFunctionScopeIndex());
    }
  }
  Forwards[Fn->getCanonicalDecl()].push_back(
      {Call, FD, Api, Attributes->getFunctionScopeIndex(), NameParam});
}

void NullSecurityAttributesCheck::onEndOfTranslationUnit() {
  for (const Expr *E : WrapperCalls) {
    const FunctionDecl *Callee = nullptr;
    llvm::SmallVector<const Expr *, 8> Args;
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      Callee = Call->getDirectCallee();
      Args.append(Call->arg_begin(), Call->arg_end());
      // An operator call through a member has the object as argument 0.
      if (isa<CXXOperatorCallExpr>(Call) &&
          isa_and_nonnull<CXXMethodDecl>(Callee))
        Args.erase(Args.begin());
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      Callee = Construct->getConstructor();
      Args.append(Construct->arg_begin(), Construct->arg_end());
    }
    if (!Callee)
      continue;
    // A virtual call may reach an override that does something else.
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee))
      if (MD->isVirtual())
        continue;
    auto It = Forwards.find(Callee->getCanonicalDecl());
    if (It == Forwards.end())
      continue;
    for (const Forward &F : It->second)
      checkWrapperCall(E, Callee, Args, F);
  }
  Forwards.clear();
  WrapperCalls.clear();
  Context = nullptr;
}

void NullSecurityAttributesCheck::checkWrapperCall(
    const Expr *Call, const FunctionDecl *Wrapper,
    llvm::ArrayRef<const Expr *> Args, const Forward &F) {
  if (!Context || F.AttributesParam >= Args.size())
    return;
  ASTContext &Ctx = *Context;
  const SourceManager &SM = Ctx.getSourceManager();
  const Expr *Arg = Args[F.AttributesParam];
  if (utils::pointerNullness(Arg, Ctx).Kind != utils::Nullness::Null)
    return;
  if (F.NameParam >= 0 &&
      (static_cast<unsigned>(F.NameParam) >= Args.size() ||
       utils::pointerNullness(Args[F.NameParam], Ctx).Kind !=
           utils::Nullness::NotNull))
    return;
  const auto *Default = dyn_cast<CXXDefaultArgExpr>(Arg);
  SourceLocation Loc =
      SM.getExpansionLoc(Default ? Call->getExprLoc() : Arg->getBeginLoc());
  diag(Loc, "%0 is called with NULL security attributes%select{| (its default "
            "argument)}1 and passes them to %2: the %3 gets the default DACL, "
            "%4")
      << Wrapper << (Default != nullptr) << F.Api
      << utils::objectKindName(F.Info->Kind) << consequence(*F.Info);
  if (Default)
    diag(SM.getExpansionLoc(
             Default->getParam()->getDefaultArgRange().getBegin()),
         "the default argument is NULL here", DiagnosticIDs::Note);
  diag(SM.getExpansionLoc(
           F.ApiCall->getArg(F.Info->SecurityAttributesArg)->getBeginLoc()),
       "%0 creates the %1 with the caller's security attributes here",
       DiagnosticIDs::Note)
      << F.Api << utils::objectKindName(F.Info->Kind);
}

} // namespace clang::tidy::pipelint
