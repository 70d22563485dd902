//===--- PipeLintModule.cpp - the pipe-lint clang-tidy module -------------===//
//
// The only list of pipe-lint checks. Registered with clang-tidy's module
// registry, so the same module serves `clang-tidy --load=PipeLintModule.so`
// and the pipe-lint CLI (which links these objects and no other module).
//
//===----------------------------------------------------------------------===//
#include "InvalidHandleCheck.h"
#include "LeakedPipeHandleCheck.h"
#include "LeakedPipeObjectCheck.h"
#include "NullDaclCheck.h"
#include "NullSecurityAttributesCheck.h"
#include "OverwrittenAccessFlagsCheck.h"
#include "PipeClientImpersonationCheck.h"
#include "PipeInstanceSquattingCheck.h"
#include "PipeRemoteClientsCheck.h"
#include "UnboundedRetryLoopCheck.h"
#include "UncheckedImpersonationCheck.h"
#include "WorldAccessibleCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy::pipelint {

class PipeLintModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<InvalidHandleCheck>("ipc-invalid-handle-check");
    Factories.registerCheck<LeakedPipeHandleCheck>("ipc-leaked-pipe-handle");
    Factories.registerCheck<LeakedPipeObjectCheck>("ipc-leaked-pipe-object");
    Factories.registerCheck<NullDaclCheck>("ipc-null-dacl");
    Factories.registerCheck<NullSecurityAttributesCheck>(
        "ipc-null-security-attributes");
    Factories.registerCheck<OverwrittenAccessFlagsCheck>(
        "ipc-overwritten-access-flags");
    Factories.registerCheck<PipeClientImpersonationCheck>(
        "ipc-pipe-client-impersonation");
    Factories.registerCheck<PipeInstanceSquattingCheck>(
        "ipc-pipe-instance-squatting");
    Factories.registerCheck<PipeRemoteClientsCheck>("ipc-pipe-remote-clients");
    Factories.registerCheck<UnboundedRetryLoopCheck>(
        "ipc-unbounded-retry-loop");
    Factories.registerCheck<UncheckedImpersonationCheck>(
        "ipc-unchecked-impersonation");
    Factories.registerCheck<WorldAccessibleCheck>("ipc-world-accessible");
  }
};

} // namespace clang::tidy::pipelint

namespace clang::tidy {

// Registers the module under the name "pipe-lint".
static ClangTidyModuleRegistry::Add<pipelint::PipeLintModule>
    X("pipe-lint", "IPC security checks (named pipes, POSIX IPC, Qt sockets).");

// Referenced by the CLI so that linkers never drop the registration.
// NOLINTNEXTLINE(misc-use-internal-linkage)
volatile int PipeLintModuleAnchorSource = 0;

} // namespace clang::tidy
