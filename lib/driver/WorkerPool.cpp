//===--- WorkerPool.cpp - tasks in forked worker processes ----------------===//
#include "driver/WorkerPool.h"

#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pipelint {
namespace {

using Clock = std::chrono::steady_clock;

/// Calls \p IO (::read or ::write) until \p Size bytes have moved; false
/// on an error or the end of the file.
template <typename IOFn, typename Byte>
bool transferAll(IOFn IO, int FD, Byte *Data, size_t Size) {
  while (Size > 0) {
    ssize_t N = IO(FD, Data, Size);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Data += N;
    Size -= static_cast<size_t>(N);
  }
  return true;
}

bool writeAll(int FD, const char *Data, size_t Size) {
  return transferAll(::write, FD, Data, Size);
}

bool readAll(int FD, char *Data, size_t Size) {
  return transferAll(::read, FD, Data, Size);
}

struct Worker {
  pid_t Pid = -1;
  int ToChild = -1;
  int FromChild = -1;
  long Task = -1; ///< the task it runs, or -1 when idle
  Clock::time_point Deadline;
  std::string Buffer;

  bool alive() const { return Pid > 0; }
};

/// The body of a worker process: read a task index, run it, send the result.
[[noreturn]] void workerMain(int In, int Out,
                             const std::function<std::string(size_t)> &Task) {
  for (;;) {
    uint64_t Index;
    if (!readAll(In, reinterpret_cast<char *>(&Index), sizeof(Index)))
      ::_exit(0);
    std::string Payload = Task(static_cast<size_t>(Index));
    uint64_t Size = Payload.size();
    if (!writeAll(Out, reinterpret_cast<const char *>(&Size), sizeof(Size)) ||
        !writeAll(Out, Payload.data(), Payload.size()))
      ::_exit(1);
  }
}

bool spawn(Worker &W, const std::function<std::string(size_t)> &Task,
           std::vector<Worker> &All) {
  int Request[2], Response[2];
  if (::pipe(Request) != 0)
    return false;
  if (::pipe(Response) != 0) {
    ::close(Request[0]);
    ::close(Request[1]);
    return false;
  }
  llvm::outs().flush();
  llvm::errs().flush();
  pid_t Pid = ::fork();
  if (Pid < 0) {
    for (int FD : {Request[0], Request[1], Response[0], Response[1]})
      ::close(FD);
    return false;
  }
  if (Pid == 0) {
    // The child keeps only its own two ends.
    for (Worker &Other : All) {
      if (Other.ToChild >= 0)
        ::close(Other.ToChild);
      if (Other.FromChild >= 0)
        ::close(Other.FromChild);
    }
    ::close(Request[1]);
    ::close(Response[0]);
    workerMain(Request[0], Response[1], Task);
  }
  ::close(Request[0]);
  ::close(Response[1]);
  W.Pid = Pid;
  W.ToChild = Request[1];
  W.FromChild = Response[0];
  W.Task = -1;
  W.Buffer.clear();
  return true;
}

/// Ends a worker; returns why it stopped when it was not asked to.
std::string reap(Worker &W, bool Kill) {
  if (Kill)
    ::kill(W.Pid, SIGKILL);
  ::close(W.ToChild);
  ::close(W.FromChild);
  int Status = 0;
  while (::waitpid(W.Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  W.Pid = -1;
  W.ToChild = W.FromChild = -1;
  W.Buffer.clear();
  if (WIFSIGNALED(Status))
    return "the analysis crashed (signal " + std::to_string(WTERMSIG(Status)) +
           ", " + ::strsignal(WTERMSIG(Status)) + ")";
  if (WIFEXITED(Status))
    return "the analysis stopped unexpectedly (exit status " +
           std::to_string(WEXITSTATUS(Status)) + ")";
  return "the analysis stopped unexpectedly";
}

} // namespace

std::vector<TaskResult>
runInWorkers(size_t Count, unsigned Jobs, unsigned TimeoutSeconds,
             const std::function<std::string(size_t)> &Task,
             const std::function<void(size_t Index)> &OnDone) {
  std::vector<TaskResult> Results(Count);
  if (Count == 0)
    return Results;
  Jobs = std::max(1u, std::min<unsigned>(Jobs, Count));
  // A worker that dies must not take the main process with it.
  struct sigaction Ignore{}, Old{};
  Ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &Ignore, &Old);

  std::vector<Worker> Workers(Jobs);
  size_t Next = 0, Done = 0;
  auto Finish = [&](Worker &W, TaskResult R) {
    size_t Index = static_cast<size_t>(W.Task);
    Results[Index] = std::move(R);
    W.Task = -1;
    ++Done;
    if (OnDone)
      OnDone(Index);
  };

  while (Done < Count) {
    // Hand out work.
    for (Worker &W : Workers) {
      if (W.Task >= 0 || Next >= Count)
        continue;
      if (!W.alive() && !spawn(W, Task, Workers)) {
        W.Task = static_cast<long>(Next++);
        Finish(W, {false, "", "could not start a worker process"});
        continue;
      }
      uint64_t Index = Next;
      if (!writeAll(W.ToChild, reinterpret_cast<const char *>(&Index),
                    sizeof(Index))) {
        reap(W, true);
        continue; // retried with a fresh worker
      }
      W.Task = static_cast<long>(Next++);
      W.Deadline = Clock::now() + std::chrono::seconds(TimeoutSeconds);
    }

    // Wait for results or the nearest deadline.
    std::vector<pollfd> Fds;
    std::vector<Worker *> Busy;
    int Wait = -1;
    for (Worker &W : Workers) {
      if (W.Task < 0)
        continue;
      Fds.push_back({W.FromChild, POLLIN, 0});
      Busy.push_back(&W);
      if (TimeoutSeconds) {
        auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        W.Deadline - Clock::now())
                        .count();
        int Ms = static_cast<int>(std::max<long long>(0, Left));
        Wait = Wait < 0 ? Ms : std::min(Wait, Ms);
      }
    }
    if (Fds.empty())
      continue;
    int Ready = ::poll(Fds.data(), Fds.size(), Wait);
    if (Ready < 0 && errno != EINTR)
      break;

    for (size_t I = 0; I < Fds.size(); ++I) {
      Worker &W = *Busy[I];
      if (Fds[I].revents & (POLLIN | POLLHUP | POLLERR)) {
        char Chunk[65536];
        ssize_t N = ::read(W.FromChild, Chunk, sizeof(Chunk));
        if (N < 0 && errno == EINTR)
          continue;
        if (N <= 0) {
          std::string Why = reap(W, false);
          Finish(W, {false, "", Why});
          continue;
        }
        W.Buffer.append(Chunk, static_cast<size_t>(N));
        if (W.Buffer.size() >= sizeof(uint64_t)) {
          uint64_t Size;
          std::memcpy(&Size, W.Buffer.data(), sizeof(Size));
          if (W.Buffer.size() - sizeof(Size) >= Size) {
            std::string Payload = W.Buffer.substr(sizeof(Size), Size);
            W.Buffer.clear();
            Finish(W, {true, std::move(Payload), ""});
          }
        }
        continue;
      }
      if (TimeoutSeconds && Clock::now() >= W.Deadline) {
        reap(W, true);
        Finish(W, {false, "",
                   "timed out after " + std::to_string(TimeoutSeconds) +
                       " s (--timeout-per-file)"});
      }
    }
  }

  for (Worker &W : Workers)
    if (W.alive())
      reap(W, false);
  ::sigaction(SIGPIPE, &Old, nullptr);
  return Results;
}

} // namespace pipelint
