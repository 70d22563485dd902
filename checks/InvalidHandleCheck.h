//===--- InvalidHandleCheck.h - ipc-invalid-handle-check --------*- C++ -*-===//
#ifndef PIPELINT_CHECKS_INVALIDHANDLECHECK_H
#define PIPELINT_CHECKS_INVALIDHANDLECHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::pipelint {
namespace utils {
struct HandleFlowResult;
} // namespace utils

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

private:
  /// A variable whose "no handle" value is INVALID_HANDLE_VALUE tested
  /// against NULL (utils/HandleSentinels), unless \p Flow reported the test.
  void reportSentinelTests(const FunctionDecl *FD, ASTContext &Ctx,
                           const utils::HandleFlowResult &Flow);
};

} // namespace clang::tidy::pipelint

#endif
