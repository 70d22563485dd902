//===--- PipeInstanceSquattingCheck.h - ipc-pipe-instance-squatting -------===//
#ifndef PIPELINT_CHECKS_PIPEINSTANCESQUATTINGCHECK_H
#define PIPELINT_CHECKS_PIPEINSTANCESQUATTINGCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::pipelint {

/// The first CreateNamedPipe* of a server whose dwOpenMode lacks
/// FILE_FLAG_FIRST_PIPE_INSTANCE on every path. "First": within one
/// function, the earliest call in source order for a pipe name (calls for
/// different literal names are different pipes; an unknown name matches
/// any); a later call there creates further instances and is not reported.
/// A call is not reported either when another call for the same (or an
/// unknown) name elsewhere in the translation unit may set the flag and
/// keeps its handle beyond its function (stores or returns it): the server
/// protects its first instance there. A flagged instance that is closed
/// before its function returns protects nothing. Reported at the open-mode
/// argument; the fix-it is attached only when adding the flag cannot break
/// the creation of later instances (nMaxInstances is 1, or the call runs
/// once: in main/WinMain outside any loop).
///
/// Docs: docs/checks/ipc-pipe-instance-squatting.md
class PipeInstanceSquattingCheck : public ClangTidyCheck {
public:
  PipeInstanceSquattingCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  struct Creation {
    const FunctionDecl *Api = nullptr;
    const Decl *Function = nullptr; ///< enclosing function, lambda, block
    SourceLocation CallLoc;         ///< expansion location, for ordering
    SourceLocation ModeLoc;         ///< where to report
    SourceLocation LoopLoc;         ///< innermost enclosing loop, if any
    SourceLocation ModeOrigin;      ///< where a variable open mode is set
    std::optional<std::string> Name;
    bool Lacks = false;   ///< the flag is missing on every path
    bool MayHave = false; ///< the flag is set on some path
    /// The handle may still be open after the function returns (stored,
    /// returned, handed over): only such an instance protects the name
    /// while other functions create further ones.
    bool Outlives = true;
    std::optional<FixItHint> Fix;
  };
  std::vector<Creation> Creations;
  const SourceManager *SM = nullptr;
};

} // namespace clang::tidy::pipelint

#endif
