//===--- NullSecurityAttributesCheck.h - ipc-null-security-attributes -----===//
#ifndef PIPELINT_CHECKS_NULLSECURITYATTRIBUTESCHECK_H
#define PIPELINT_CHECKS_NULLSECURITYATTRIBUTESCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::pipelint {

/// A Win32 call that creates a securable IPC object (named pipe, mailslot,
/// named mapping/mutex/event/semaphore) with NULL security attributes, or with
/// a SECURITY_ATTRIBUTES whose lpSecurityDescriptor is NULL: the object gets
/// the default DACL. Clients that open an existing pipe are not flagged.
///
/// Docs: docs/checks/ipc-null-security-attributes.md
class NullSecurityAttributesCheck : public ClangTidyCheck {
public:
  NullSecurityAttributesCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::pipelint

#endif
