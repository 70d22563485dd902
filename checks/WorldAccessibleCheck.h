//===--- WorldAccessibleCheck.h - ipc-world-accessible ----------*- C++ -*-===//
#ifndef PIPELINT_CHECKS_WORLDACCESSIBLECHECK_H
#define PIPELINT_CHECKS_WORLDACCESSIBLECHECK_H

#include "WorldAccessibleDaclCheck.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>

namespace clang::tidy::pipelint {

/// POSIX IPC objects created or re-moded so that "others" (every local
/// user) may write to them (warning) or read them (note): mkfifo, mknod of a
/// FIFO, shm_open, mq_open, sem_open with O_CREAT; open/creat after the
/// umask was cleared; chmod/fchmod of a socket, FIFO or shared-memory
/// object; umask(0) before bind() of a Unix socket;
/// QLocalServer::setSocketOptions with OtherAccessOption/WorldAccessOption.
/// The Windows half (DACLs) is WorldAccessibleDaclCheck, owned here.
///
/// Docs: docs/checks/ipc-world-accessible.md
class WorldAccessibleCheck : public ClangTidyCheck {
public:
  WorldAccessibleCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context), Dacl(Name, Context) {}
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override { ReportedUmasks.clear(); }

private:
  Preprocessor *PP = nullptr;
  WorldAccessibleDaclCheck Dacl; ///< Windows DACLs: same rule name
  llvm::DenseSet<const CallExpr *> ReportedUmasks;

  std::optional<uint64_t> openCreateFlag(ASTContext &Ctx) const;
  void checkCreation(const CallExpr *Call, const FunctionDecl *FD,
                     ASTContext &Ctx);
  void checkChmod(const CallExpr *Call, const FunctionDecl *FD,
                  ASTContext &Ctx);
  void checkBind(const CallExpr *Call, ASTContext &Ctx);
  void checkQt(const CXXMemberCallExpr *Call, ASTContext &Ctx);
};

} // namespace clang::tidy::pipelint

#endif
