//===--- PosixModes.h - values of POSIX mode and flag arguments -*- C++ -*-===//
//
// The set of values an integer argument may take: constants (octal
// literals, S_I* combinations, `0666 & ~mask` with a constant mask), the two
// arms of `?:`, bit operations on such values, and local variables whose
// every store is such a value (see ValueTracking.h). Also Qt flag values
// (`QFlags` built from enumerators with `|`).
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_POSIXMODES_H
#define PIPELINT_CHECKS_UTILS_POSIXMODES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang::tidy::pipelint::utils {

/// Every value \p E may hold (at most 16, deduplicated, sorted), or
/// std::nullopt when one of them is unknown.
std::optional<llvm::SmallVector<uint64_t, 4>> possibleValues(const Expr *E,
                                                             ASTContext &Ctx);

/// The same for a Qt flags expression (`QLocalServer::WorldAccessOption`,
/// `A | B`, a local `QLocalServer::SocketOptions` variable).
std::optional<llvm::SmallVector<uint64_t, 4>>
possibleFlagValues(const Expr *E, ASTContext &Ctx);

/// Permission bits that concern "others" (everyone who is neither the
/// owner nor in the group).
constexpr uint64_t OthersWrite = 02;
constexpr uint64_t OthersRead = 04;
constexpr uint64_t FileTypeMask = 0170000;
constexpr uint64_t FifoType = 0010000;

/// A mode as the user would write it: "0666".
std::string octalMode(uint64_t Mode);

} // namespace clang::tidy::pipelint::utils

#endif
