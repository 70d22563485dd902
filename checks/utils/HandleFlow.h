//===--- HandleFlow.h - the state of Win32 handles along paths --*- C++ -*-===//
//
// A forward dataflow analysis over Clang's CFG of one function body. It
// follows every local HANDLE variable that receives the result of a handle
// creator (CreateNamedPipe*, CreateFile*, CreateMutex*, ...; see
// Win32Handles.h) and knows, at each point and for each creating call that
// may have produced the value, on which paths the handle
//   - has not been tested yet (Unchecked),
//   - was tested against its real failure value and found valid (Valid) or
//     invalid (Failed),
//   - was only tested against the wrong constant (NULL for CreateFile,
//     INVALID_HANDLE_VALUE for CreateMutex) and taken as valid (WrongValid),
//   - was closed, returned or stored where the function no longer sees it
//     (Released), or escaped our view (Escaped: copied to another variable,
//     passed to a function we do not know, compared outside a branch).
// Branch conditions refine the state on each edge; edges that the tests
// make impossible (a handle found valid, then found invalid) are pruned.
//
// The analysis records the events the two handle rules report:
// ipc-invalid-handle-check (uses and consumptions of unchecked or wrongly
// checked handles) and ipc-leaked-pipe-handle (paths on which a pipe or file
// handle is still owned when the function exits or the variable is
// overwritten).
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_HANDLEFLOW_H
#define PIPELINT_CHECKS_UTILS_HANDLEFLOW_H

#include "utils/Win32Handles.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include <vector>

namespace clang::tidy::pipelint::utils {

/// A handle creator's result passed straight to a function that uses it,
/// or a variable that holds one and reaches such a use on a path where it
/// was never tested.
struct UncheckedHandleUse {
  const CallExpr *Origin; ///< the creating call
  const CallExpr *Use;    ///< ReadFile(h, ...), ConnectNamedPipe(h, ...)
};

/// A test against the wrong failure constant, after which the handle is
/// used, returned, stored or handed to another function without a correct
/// test on some path; or, when nothing of that follows, closed (Consumer is
/// then the CloseHandle call).
struct WrongHandleTest {
  const Expr *Test;       ///< `h == NULL`, `!h`, `h != INVALID_HANDLE_VALUE`
  const Expr *Constant;   ///< the compared constant, null for `!h` / `h`
  const VarDecl *Var;     ///< the tested variable
  const CallExpr *Origin; ///< a creating call whose result reaches the test
  const Stmt *Consumer;   ///< the use, return or store
  /// The variable holds a creator's result on every path to the test (no
  /// NULL initial value or other source), so swapping the constant is safe.
  bool OnlyCreatorValues;
};

enum class LeakExitKind {
  Return,        ///< a return statement
  EndOfFunction, ///< falling off the end of the body
  Throw,         ///< a throw expression
  Overwrite,     ///< the variable is assigned again
  Redeclared,    ///< the declaration runs again (next loop iteration)
  Discarded,     ///< the creator's result is never stored
};

/// A pipe or file handle still owned when it is lost.
struct HandleLeak {
  const CallExpr *Origin;
  LeakExitKind Kind;
  SourceLocation Where; ///< return/throw/assignment/closing brace
};

struct HandleFlowResult {
  std::vector<UncheckedHandleUse> UncheckedUses;
  std::vector<WrongHandleTest> WrongTests;
  std::vector<HandleLeak> Leaks;
  bool Analysed = false; ///< false when the CFG could not be built
};

/// Runs the analysis over \p FD's body. Results are in source order and
/// free of duplicates.
HandleFlowResult analyzeHandleFlow(const FunctionDecl *FD, ASTContext &Ctx);

/// Cheap pre-filter: does \p Body call a handle creator at all?
bool callsHandleCreator(const Stmt *Body);

} // namespace clang::tidy::pipelint::utils

#endif
