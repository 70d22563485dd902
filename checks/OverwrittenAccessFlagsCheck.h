//===--- OverwrittenAccessFlagsCheck.h - ipc-overwritten-access-flags -----===//
#ifndef PIPELINT_CHECKS_OVERWRITTENACCESSFLAGSCHECK_H
#define PIPELINT_CHECKS_OVERWRITTENACCESSFLAGSCHECK_H

#include "utils/FlagConstants.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <vector>

namespace clang::tidy::pipelint {

/// An access, share, mode or permission flag value stored into a variable or
/// member is overwritten, on every path and before any read, by one plain
/// `=` store of other flags: the first flags are lost (`|=` was meant).
/// The CFG analysis lives in utils/OverwrittenStores.
///
/// Docs: docs/checks/ipc-overwritten-access-flags.md
class OverwrittenAccessFlagsCheck : public ClangTidyCheck {
public:
  OverwrittenAccessFlagsCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void onStartOfTranslationUnit() override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void analyze(const FunctionDecl *FD, ASTContext &Ctx);

  const std::string FlagNames;
  const utils::FlagVocabulary Vocabulary;
  /// #if/#ifdef/#else/#endif... of the current translation unit: a store
  /// replaced under a preprocessor condition is a configuration choice.
  std::shared_ptr<std::vector<SourceLocation>> Conditionals;
  llvm::DenseSet<const FunctionDecl *> Analyzed;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::pipelint

#endif
