//===--- Coverage.cpp - how much of a file's IPC code was checked ---------===//
#include "driver/Coverage.h"
#include "utils/IpcVocabulary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"

namespace pipelint {

using clang::tidy::pipelint::utils::IpcVocabulary;
using clang::tidy::pipelint::utils::NameUse;

project::CallKind classifyIpcCall(llvm::StringRef Name, bool Member) {
  NameUse Use = IpcVocabulary::get().use(Name);
  if (Use == NameUse::None || IpcVocabulary::isFlagMacroName(Name))
    return project::CallKind::None;
  if (Member)
    return Use == NameUse::Anywhere && !Name.empty() &&
                   (Name.front() >= 'a' && Name.front() <= 'z')
               ? project::CallKind::Method
               : project::CallKind::None;
  if (Use != NameUse::FreeFunction)
    return project::CallKind::None;
  return (Name.front() >= 'A' && Name.front() <= 'Z')
             ? project::CallKind::WindowsApi
             : project::CallKind::PosixApi;
}

std::vector<std::pair<unsigned, std::string>> ipcCallSites(llvm::StringRef Text,
                                                           bool CPlusPlus) {
  project::SourceFacts F =
      project::readSourceFacts(Text, CPlusPlus, classifyIpcCall);
  std::vector<std::pair<unsigned, std::string>> Out;
  for (const project::CallSite &S : F.Calls)
    Out.push_back({static_cast<unsigned>(S.Offset), S.Name});
  return Out;
}

namespace {

using namespace clang;

class CallVisitor : public RecursiveASTVisitor<CallVisitor> {
public:
  CallVisitor(ASTContext &Ctx, std::set<unsigned> &Offsets)
      : SM(Ctx.getSourceManager()), Offsets(Offsets) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitCallExpr(CallExpr *Call) {
    // Any call that survived the parse: the rules saw it, and decided by
    // its declaration (a project macro can make CreateFileW a wrapper).
    if (isa<CXXOperatorCallExpr>(Call) || !Call->getCallee())
      return true;
    record(Call->getCallee()->getExprLoc());
    return true;
  }

private:
  SourceManager &SM;
  std::set<unsigned> &Offsets;

  void recordFileLoc(SourceLocation L) {
    if (L.isValid() && L.isFileID() && SM.isInMainFile(L))
      Offsets.insert(SM.getFileOffset(L));
  }

  void record(SourceLocation Loc) {
    for (unsigned Depth = 0; Loc.isValid() && Depth < 64; ++Depth) {
      if (Loc.isFileID()) {
        recordFileLoc(Loc);
        return;
      }
      recordFileLoc(SM.getSpellingLoc(Loc));
      recordFileLoc(SM.getExpansionLoc(Loc));
      Loc = SM.getImmediateMacroCallerLoc(Loc);
    }
  }
};

class CoverageConsumer : public ASTConsumer {
public:
  explicit CoverageConsumer(std::set<unsigned> &Offsets) : Offsets(Offsets) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    CallVisitor V(Ctx, Offsets);
    SourceManager &SM = Ctx.getSourceManager();
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (SM.isInMainFile(SM.getExpansionLoc(D->getLocation())))
        V.TraverseDecl(D);
  }

private:
  std::set<unsigned> &Offsets;
};

} // namespace

std::unique_ptr<clang::ASTConsumer>
makeCoverageConsumer(std::set<unsigned> &Offsets) {
  return std::make_unique<CoverageConsumer>(Offsets);
}

} // namespace pipelint
