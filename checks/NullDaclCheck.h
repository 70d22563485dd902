//===--- NullDaclCheck.h - ipc-null-dacl ----------------------------------===//
#ifndef PIPELINT_CHECKS_NULLDACLCHECK_H
#define PIPELINT_CHECKS_NULLDACLCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::pipelint {

/// A security descriptor given a NULL DACL: SetSecurityDescriptorDacl (or
/// RtlSetDaclSecurityDescriptor) with a DACL-present flag that is nonzero
/// on every path and a DACL pointer that is NULL on every path, or an SDDL
/// string converted by ConvertStringSecurityDescriptorToSecurityDescriptor
/// whose DACL is "D:NO_ACCESS_CONTROL". A NULL DACL grants every access to
/// everyone. Reported at the NULL argument (the SDDL string).
///
/// Docs: docs/checks/ipc-null-dacl.md
class NullDaclCheck : public ClangTidyCheck {
public:
  NullDaclCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::pipelint

#endif
