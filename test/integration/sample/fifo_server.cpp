// A small POSIX command server, the sample of the integration tests: the
// installed pipe-lint, clang-tidy-19 --load=PipeLintModule.so (also through
// CMAKE_CXX_CLANG_TIDY) and pipe-lint-tidy must report the same ipc-*
// findings here. It also has one bugprone-* defect, for pipe-lint-tidy.
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
const char *const CommandFifo = "/run/sample-server/commands";
} // namespace

// Every local user may write commands into the FIFO (warning).
int createCommandFifo() { return mkfifo(CommandFifo, 0666); }

// Every local user may read the status page (note).
int openStatusPage() {
  return shm_open("/sample-server-status", O_CREAT | O_RDWR, 0644);
}

// The access mode is lost: the second assignment replaces O_RDWR.
int openCommandFifo() {
  int Flags = O_RDWR;
  Flags = O_NONBLOCK;
  return open(CommandFifo, Flags);
}

// bugprone-suspicious-string-compare: strcmp's result used as a truth value.
bool isStopCommand(const char *Command) {
  if (strcmp(Command, "stop"))
    return false;
  return true;
}

// Not reported: the FIFO is for its owner only.
int createPrivateFifo() { return mkfifo("/run/sample-server/private", 0600); }
