//===--- Coverage.h - how much of a file's IPC code was checked -*- C++ -*-===//
//
// A reviewer must know what was not looked at. The IPC call sites of a
// file are read lexically, as the pre-filter reads names: a name of the
// rules' vocabulary (utils::IpcVocabulary) spelled as a call, outside
// preprocessor directives (a free function such as CreateNamedPipeW or
// mkfifo; a method such as connectToServer after `.` or `->`). After the
// parse, a site counts as analysed when the AST the rules walked holds a
// call there (of that function, or of what a project macro made of the
// name): code in an inactive #if branch, a function body clang dropped, or
// a call that did not type-check is not analysed.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_COVERAGE_H
#define PIPELINT_DRIVER_COVERAGE_H

#include "project/SourceFacts.h"

#include "clang/AST/ASTConsumer.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace pipelint {

/// The IPC vocabulary as the checkout model's classifier.
project::CallKind classifyIpcCall(llvm::StringRef Name, bool Member);

/// The IPC call sites of \p Text (a whole file): offset and name.
std::vector<std::pair<unsigned, std::string>> ipcCallSites(llvm::StringRef Text,
                                                           bool CPlusPlus);

/// An AST consumer that records, in \p Offsets, the offsets in the main
/// file where the AST holds a call (the callee's spelling, and each macro
/// expansion on the way to it).
std::unique_ptr<clang::ASTConsumer>
makeCoverageConsumer(std::set<unsigned> &Offsets);

} // namespace pipelint

#endif
