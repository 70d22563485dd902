//===--- InvalidHandleCheck.h - ipc-invalid-handle-check --------*- C++ -*-===//
#ifndef PIPELINT_CHECKS_INVALIDHANDLECHECK_H
#define PIPELINT_CHECKS_INVALIDHANDLECHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::pipelint {

/// A handle from a creator that fails with INVALID_HANDLE_VALUE
/// (CreateNamedPipe*, CreateFile*, CreateMailslot*) or with NULL
/// (CreateMutex*, CreateEvent*, CreateFileMapping*, OpenProcess, ...) is used
/// on a path where it was never tested, or was only tested against the other
/// constant. Path-sensitive (utils/HandleFlow).
///
/// Docs: docs/checks/ipc-invalid-handle-check.md
class InvalidHandleCheck : public ClangTidyCheck {
public:
  InvalidHandleCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::pipelint

#endif
