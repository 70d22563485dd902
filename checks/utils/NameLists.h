//===--- NameLists.h - semicolon-separated check options --------*- C++ -*-===//
#ifndef PIPELINT_CHECKS_UTILS_NAMELISTS_H
#define PIPELINT_CHECKS_UTILS_NAMELISTS_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::pipelint::utils {

/// Splits an option value such as "A; ::ns::B ;;C" into {"A", "ns::B", "C"}:
/// entries are trimmed, a leading "::" is dropped, empty entries skipped.
std::vector<std::string> splitNameList(llvm::StringRef List);

} // namespace clang::tidy::pipelint::utils

#endif
