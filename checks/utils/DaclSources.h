//===--- DaclSources.h - where a DACL's ACEs come from in the code -*- C++ -*-//
//
// The AST side of the security-descriptor model (the SDDL string itself is
// in SddlLiteral.h): the EXPLICIT_ACCESS entries given to
// SetEntriesInAcl, the AddAccess{Allowed,Denied}Ace[Ex] calls that fill one
// ACL, the SID a PSID expression holds (AllocateAndInitializeSid,
// CreateWellKnownSid, ConvertStringSidToSid in the same function) and the
// kind of IPC object the function creates. Values are followed within one
// function, through local variables and const variables.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_DACLSOURCES_H
#define PIPELINT_CHECKS_UTILS_DACLSOURCES_H

#include "utils/AccessModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang::tidy::pipelint::utils {

/// The SID \p E holds (S-1-... or an SDDL alias such as "DA"), from the
/// call that fills the variable it names within function \p F; std::nullopt
/// when unknown.
std::optional<std::string> sidOfExpr(const Expr *E, const FunctionDecl *F,
                                     ASTContext &Ctx);

/// One EXPLICIT_ACCESS entry as the function fills it.
struct ExplicitEntry {
  const Expr *Permissions = nullptr;
  SourceLocation ReportAt; ///< the permissions store or Build... call
  const Expr *Mode = nullptr;
  const Expr *Form = nullptr;
  const Expr *Trustee = nullptr; ///< ptstrName (name or SID)
  bool FormIsName = false, FormIsSid = false;
  bool Unknown = false; ///< stores the analysis cannot follow
};

/// Entries [\p First, \p First + \p Count) of the EXPLICIT_ACCESS array
/// (or single variable) that \p Entries points to, or std::nullopt when it
/// is not a local or static variable of \p F.
std::optional<llvm::SmallVector<ExplicitEntry, 4>>
explicitEntries(const Expr *Entries, uint64_t Count, const FunctionDecl *F,
                ASTContext &Ctx);

/// The calls of AddAccess{Allowed,Denied}Ace[Ex] in \p F on the same ACL
/// variable as \p Call's first argument, in source order (\p Call included).
llvm::SmallVector<const CallExpr *, 4> aceCallsOnSameAcl(const CallExpr *Call,
                                                         const FunctionDecl *F);

/// The kind of named IPC object \p F creates (CreateNamedPipe, CreateMutex,
/// ...), with the first such call; Unknown (and no call) when it creates
/// none, or several kinds. OnlyUnnamed: it creates mutexes, events, ...
/// and all of them without a name (no other process can open them by name).
struct CreatedObject {
  sd::Securable Kind = sd::Securable::Unknown;
  const CallExpr *Call = nullptr;
  bool OnlyUnnamed = false;
  bool Mixed = false; ///< several kinds (Kind is then Unknown)
};
CreatedObject objectCreatedIn(const FunctionDecl *F, ASTContext &Ctx);

/// objectCreatedIn(F); when \p F creates nothing (a helper that builds the
/// descriptor), what the functions of the translation unit that call \p F
/// create, when those that create something agree on one kind.
CreatedObject objectCreatedFor(const FunctionDecl *F, ASTContext &Ctx);

/// Calls every CallExpr and plain assignment in \p F's body in source order.
void forEachCallAndStore(const FunctionDecl *F,
                         llvm::function_ref<void(const Stmt *)> Visit);

} // namespace clang::tidy::pipelint::utils

#endif
