//===--- WorldAccessibleDaclCheck.h - ipc-world-accessible, Windows -*- C++
//-*-//
#ifndef PIPELINT_CHECKS_WORLDACCESSIBLEDACLCHECK_H
#define PIPELINT_CHECKS_WORLDACCESSIBLEDACLCHECK_H

#include "utils/AccessModel.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::pipelint {

namespace utils {
struct CreatedObject;
}

/// The Windows half of ipc-world-accessible: a DACL (SDDL string,
/// EXPLICIT_ACCESS entries given to SetEntriesInAcl, AddAccessAllowedAce
/// calls) that gives Everyone, Anonymous, Guests, Authenticated Users,
/// Users, Interactive or Network write-class rights on the IPC object the
/// function creates, evaluated in ACE order with the object's generic
/// mapping (utils/AccessModel.h). WorldAccessibleCheck owns one and
/// forwards its matchers, so the findings carry the rule's name.
///
/// Docs: docs/checks/ipc-world-accessible.md
class WorldAccessibleDaclCheck : public ClangTidyCheck {
public:
  WorldAccessibleDaclCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkSddl(const CallExpr *Call, const FunctionDecl *F, ASTContext &Ctx);
  void checkEntries(const CallExpr *Call, const FunctionDecl *F,
                    ASTContext &Ctx);
  void checkAddAce(const CallExpr *Call, const FunctionDecl *F,
                   ASTContext &Ctx);
  DiagnosticBuilder report(SourceLocation At, const utils::sd::BroadGrant &G,
                           uint32_t Written, utils::sd::Securable Kind);
  void noteObject(const utils::CreatedObject &Object, ASTContext &Ctx);
  /// The level note of a finding at \p At: an error when Everyone or
  /// Anonymous gets a right that takes the object over.
  void noteLevel(SourceLocation At, const utils::sd::BroadGrant &G,
                 utils::sd::Securable Kind);
};

} // namespace clang::tidy::pipelint

#endif
