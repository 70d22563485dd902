//===--- UserCodeScope.cpp - match only outside system headers ------------===//
#include "driver/UserCodeScope.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/MultiplexConsumer.h"

#include <vector>

namespace pipelint {
namespace {

class ScopeToUserCode : public clang::ASTConsumer {
public:
  void HandleTranslationUnit(clang::ASTContext &Ctx) override {
    const clang::SourceManager &SM = Ctx.getSourceManager();
    std::vector<clang::Decl *> Scope;
    for (clang::Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      // As isExpansionInSystemHeader decides: where the declaration starts,
      // after macro expansion. Declarations without a location (implicit
      // ones) stay, as the matchers would see them.
      clang::SourceLocation Loc = SM.getExpansionLoc(D->getBeginLoc());
      if (Loc.isInvalid() || !SM.isInSystemHeader(Loc))
        Scope.push_back(D);
    }
    Ctx.setTraversalScope(Scope);
  }
};

} // namespace

std::unique_ptr<clang::ASTConsumer>
withUserCodeScope(std::unique_ptr<clang::ASTConsumer> Inner) {
  std::vector<std::unique_ptr<clang::ASTConsumer>> Consumers;
  Consumers.push_back(std::make_unique<ScopeToUserCode>());
  Consumers.push_back(std::move(Inner));
  return std::make_unique<clang::MultiplexConsumer>(std::move(Consumers));
}

} // namespace pipelint
