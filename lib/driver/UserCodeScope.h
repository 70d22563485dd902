//===--- UserCodeScope.h - match only outside system headers ----*- C++ -*-===//
//
// clang-tidy 19's MatchFinder walks the whole translation unit, <windows.h>
// and the STL included, and the first getParents() call builds a parent map
// of all of it: a quarter of a Windows file's analysis time. Every matcher
// of pipe-lint's rules starts with unless(isExpansionInSystemHeader()), so
// in the CLI (where only our rules run) the walk is limited to the
// top-level declarations that do not start in a system header; the nodes it
// skips are ones no matcher could accept. The clang-tidy plugin host keeps
// clang-tidy's own walk (other modules' checks may need the system headers),
// and the fixture tests check that both hosts report the same.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_USERCODESCOPE_H
#define PIPELINT_DRIVER_USERCODESCOPE_H

#include "clang/AST/ASTConsumer.h"

#include <memory>

namespace pipelint {

/// Wraps \p Inner (clang-tidy's consumer) so that, when the translation
/// unit is complete, the AST's traversal scope is set to the top-level
/// declarations outside system headers before \p Inner runs the matchers.
std::unique_ptr<clang::ASTConsumer>
withUserCodeScope(std::unique_ptr<clang::ASTConsumer> Inner);

} // namespace pipelint

#endif
