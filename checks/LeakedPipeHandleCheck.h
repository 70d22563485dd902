//===--- LeakedPipeHandleCheck.h - ipc-leaked-pipe-handle -------*- C++ -*-===//
#ifndef PIPELINT_CHECKS_LEAKEDPIPEHANDLECHECK_H
#define PIPELINT_CHECKS_LEAKEDPIPEHANDLECHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::pipelint {

/// A HANDLE from CreateNamedPipe*, CreateFile* or CreateMailslot* that is
/// still open when the function exits on some path (or when its variable is
/// overwritten), without CloseHandle, being returned or being stored.
/// Path-sensitive (utils/HandleFlow); the failure branch is not a leak.
///
/// Docs: docs/checks/ipc-leaked-pipe-handle.md
class LeakedPipeHandleCheck : public ClangTidyCheck {
public:
  LeakedPipeHandleCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::pipelint

#endif
