//===--- NameLists.cpp - semicolon-separated check options ----------------===//
#include "utils/NameLists.h"

#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::pipelint::utils {

std::vector<std::string> splitNameList(llvm::StringRef List) {
  std::vector<std::string> Out;
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, ';', -1, false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    if (P.consume_front("::"))
      P = P.trim();
    if (!P.empty())
      Out.push_back(P.str());
  }
  return Out;
}

} // namespace clang::tidy::pipelint::utils
