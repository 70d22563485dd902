//===--- LeakedPipeObjectCheck.h - ipc-leaked-pipe-object -------*- C++ -*-===//
#ifndef PIPELINT_CHECKS_LEAKEDPIPEOBJECTCHECK_H
#define PIPELINT_CHECKS_LEAKEDPIPEOBJECTCHECK_H

#include "utils/PipeObjects.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace clang::tidy::pipelint {

/// A heap object that owns a pipe (a pipe reader/writer/server, a
/// QLocalSocket/QLocalServer, a configured type, or a class derived from
/// one) is allocated with `new`, nobody owns it, and it can be lost:
///  (a) the raw pointer holding it is overwritten while it still owns it;
///  (b) the local pointer holding it goes out of scope on some path;
///  (c) the member holding it is released nowhere in its class.
/// The paths are followed by utils::analyzeSlot (checks/utils/OwnershipFlow).
///
/// Docs: docs/checks/ipc-leaked-pipe-object.md
class LeakedPipeObjectCheck : public ClangTidyCheck {
public:
  LeakedPipeObjectCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  struct FieldFacts;
  FieldFacts factsOf(const FieldDecl *Field);
  bool wholeClassVisible(const CXXRecordDecl *RD, const FieldDecl *Field);
  void reportUnreleasedMember(const FieldDecl *Field, const CXXNewExpr *New);
  void reportLocal(const VarDecl *Var, const FunctionDecl *FD);
  void reportMember(const FieldDecl *Field, const FunctionDecl *FD,
                    bool Owning);
  bool isTracked(const CXXNewExpr *New) const;
  SourceLocation loc(SourceLocation L) const;

  const std::string PipeObjectTypesOption;
  const utils::PipeTypes Types;

  ASTContext *Ctx = nullptr;
  /// Tracked allocations stored into a local, by function.
  llvm::MapVector<const FunctionDecl *, llvm::SetVector<const VarDecl *>>
      Locals;
  /// Tracked allocations stored into each local / each member.
  llvm::MapVector<const VarDecl *, llvm::SmallVector<const CXXNewExpr *, 2>>
      LocalAllocs;
  llvm::MapVector<const FieldDecl *, llvm::SmallVector<const CXXNewExpr *, 2>>
      FieldAllocs;
  /// Every use of a pointer member in the user's code.
  llvm::MapVector<const FieldDecl *, llvm::SmallVector<const MemberExpr *, 4>>
      FieldUses;
};

} // namespace clang::tidy::pipelint

#endif
