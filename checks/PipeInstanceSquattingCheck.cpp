//===--- PipeInstanceSquattingCheck.cpp - ipc-pipe-instance-squatting -----===//
#include "PipeInstanceSquattingCheck.h"
#include "utils/ApiCalls.h"
#include "utils/FlagFacts.h"
#include "utils/HandleLifetime.h"
#include "utils/PipeApi.h"
#include "utils/PipeNames.h"
#include "utils/Win32Api.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {
namespace {

bool isLoop(const Stmt *S) {
  return isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) ||
         isa<CXXForRangeStmt>(S);
}

/// The function (or lambda, or block) around \p Call, and the innermost
/// loop around it inside that function.
void enclosing(const CallExpr *Call, ASTContext &Ctx, const Decl *&Function,
               const Stmt *&Loop) {
  DynTypedNode Node = DynTypedNode::create(*Call);
  for (unsigned Steps = 0; Steps < 256; ++Steps) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return;
    Node = Parents[0];
    if (const auto *S = Node.get<Stmt>()) {
      if (!Loop && isLoop(S))
        Loop = S;
      if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
        Function = Lambda->getCallOperator();
        return;
      }
    } else if (const auto *D = Node.get<Decl>()) {
      if (isa<FunctionDecl>(D) || isa<BlockDecl>(D)) {
        Function = D;
        return;
      }
    }
  }
}

bool runsOnce(const Decl *Function) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Function);
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef N = FD->getName();
  return FD->isMain() || N == "wmain" || N == "WinMain" || N == "wWinMain";
}

bool sameName(const std::optional<std::string> &A,
              const std::optional<std::string> &B) {
  return !A || !B || *A == *B;
}

} // namespace

void PipeInstanceSquattingCheck::registerMatchers(MatchFinder *Finder) {
  static const llvm::StringRef Names[] = {"CreateNamedPipeA",
                                          "CreateNamedPipeW"};
  Finder->addMatcher(utils::apiCall(Names), this);
}

void PipeInstanceSquattingCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  ASTContext &Ctx = *Result.Context;
  SM = Result.SourceManager;
  const FunctionDecl *FD = utils::resolveCallee(Call);
  if (!utils::isCreateNamedPipe(FD) ||
      Call->getNumArgs() <= utils::MaxInstancesArg)
    return;

  Creation C;
  C.Api = FD;
  C.CallLoc = SM->getExpansionLoc(Call->getBeginLoc());
  const Expr *Mode = Call->getArg(utils::OpenModeArg);
  C.ModeLoc = SM->getExpansionLoc(Mode->getBeginLoc());
  const Stmt *Loop = nullptr;
  enclosing(Call, Ctx, C.Function, Loop);
  if (Loop)
    C.LoopLoc = SM->getExpansionLoc(Loop->getBeginLoc());
  C.Name = utils::exactStringValue(Call->getArg(utils::PipeNameArg), Ctx);

  utils::FlagFacts Facts = utils::flagFacts(Mode, Ctx);
  constexpr uint64_t First = utils::win32::FileFlagFirstPipeInstance;
  C.Lacks = Facts.lacks(First);
  C.ModeOrigin = utils::valueOrigin(Facts, Mode, *SM);
  C.MayHave = Facts.Known && (Facts.May & First);
  if (C.MayHave)
    C.Outlives = utils::handleMayOutliveFunction(
        Call, C.Function ? C.Function->getBody() : nullptr, Ctx);
  if (C.Lacks) {
    // Adding the flag must not make the creation of a later instance fail:
    // safe with a single instance, or when this call runs once.
    utils::FlagFacts Max =
        utils::flagFacts(Call->getArg(utils::MaxInstancesArg), Ctx);
    bool SingleInstance = Max.Known && Max.May == 1 && Max.Must == 1;
    if (SingleInstance || (!Loop && runsOnce(C.Function)))
      C.Fix = utils::addFlagsFix(Mode, "FILE_FLAG_FIRST_PIPE_INSTANCE", Ctx);
    if (SingleInstance)
      C.LoopLoc = SourceLocation(); // each iteration's instance is a first
  }
  Creations.push_back(std::move(C));
}

void PipeInstanceSquattingCheck::onEndOfTranslationUnit() {
  for (const Creation &C : Creations) {
    if (!C.Lacks)
      continue;
    bool Reported = true;
    for (const Creation &D : Creations) {
      if (&D == &C || !sameName(C.Name, D.Name))
        continue;
      bool Before = SM->isBeforeInTranslationUnit(D.CallLoc, C.CallLoc);
      // An earlier creation in the same function: this one is a further
      // instance. Elsewhere: a creation that sets the flag protects the
      // server's first instance, if that instance can still exist when
      // this call runs (its handle is kept beyond its function).
      if ((D.Function == C.Function && Before) ||
          (D.Function != C.Function && D.MayHave && D.Outlives)) {
        Reported = false;
        break;
      }
    }
    if (!Reported)
      continue;
    {
      auto Diag = diag(C.ModeLoc,
                       "%0 creates a named pipe without "
                       "FILE_FLAG_FIRST_PIPE_INSTANCE: if another process "
                       "created this pipe name first, the call joins its pipe "
                       "and clients may connect to that process instead")
                  << C.Api;
      if (C.Fix)
        Diag << *C.Fix;
    }
    if (C.ModeOrigin.isValid())
      diag(C.ModeOrigin, "the open mode is set here", DiagnosticIDs::Note);
    if (C.LoopLoc.isValid())
      diag(C.LoopLoc,
           "the call is repeated by this loop: set the flag where the first "
           "instance is created, e.g. on the first iteration",
           DiagnosticIDs::Note);
  }
  Creations.clear();
}

} // namespace clang::tidy::pipelint
