//===--- NullSecurityAttributesCheck.h - ipc-null-security-attributes -----===//
#ifndef PIPELINT_CHECKS_NULLSECURITYATTRIBUTESCHECK_H
#define PIPELINT_CHECKS_NULLSECURITYATTRIBUTESCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::pipelint {

namespace utils {
struct Win32Function;
}

/// A Win32 call that creates a securable IPC object (named pipe, mailslot,
/// named mapping/mutex/event/semaphore) with NULL security attributes, or with
/// a SECURITY_ATTRIBUTES whose lpSecurityDescriptor is NULL: the object gets
/// the default DACL. Clients that open an existing pipe are not flagged.
/// A wrapper that hands its own parameter to such a call is followed one
/// level up: a call of the wrapper that passes NULL (or leaves a NULL
/// default argument) is reported there.
///
/// Docs: docs/checks/ipc-null-security-attributes.md
class NullSecurityAttributesCheck : public ClangTidyCheck {
public:
  NullSecurityAttributesCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  /// A creating call inside a function that passes one of that function's
  /// parameters, untouched, as the security attributes.
  struct Forward {
    const CallExpr *ApiCall;
    const FunctionDecl *Api;
    const utils::Win32Function *Info;
    unsigned AttributesParam;
    int NameParam; ///< the object name is this parameter, or -1
  };
  void checkApiCall(const CallExpr *Call, ASTContext &Ctx,
                    const SourceManager &SM);
  void recordForward(const CallExpr *Call, const FunctionDecl *FD,
                     const utils::Win32Function *Api, ASTContext &Ctx);
  void checkWrapperCall(const Expr *Call, const FunctionDecl *Wrapper,
                        llvm::ArrayRef<const Expr *> Args, const Forward &F);

  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<Forward, 1>> Forwards;
  llvm::SmallVector<const Expr *, 16> WrapperCalls;
  ASTContext *Context = nullptr;
};

} // namespace clang::tidy::pipelint

#endif
