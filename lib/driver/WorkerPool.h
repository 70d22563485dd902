//===--- WorkerPool.h - tasks in forked worker processes --------*- C++ -*-===//
//
// Translation units are analysed in worker processes forked from the main
// one (before it starts any thread), so that a crash in Clang or a file that
// takes for ever costs that file only: the worker is replaced and the file is
// reported as failed.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_WORKERPOOL_H
#define PIPELINT_DRIVER_WORKERPOOL_H

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace pipelint {

struct TaskResult {
  bool Ok = false;
  std::string Payload; ///< what the task returned (when Ok)
  std::string Failure; ///< why there is no payload (when !Ok)
};

/// Runs Task(I) for every I in [0, Count) in up to \p Jobs worker processes.
/// A task that takes longer than \p TimeoutSeconds (0: no limit) is killed.
/// \p OnDone is called in the main process as each task ends, in completion
/// order; results are returned by task index.
std::vector<TaskResult>
runInWorkers(size_t Count, unsigned Jobs, unsigned TimeoutSeconds,
             const std::function<std::string(size_t)> &Task,
             const std::function<void(size_t Index)> &OnDone);

} // namespace pipelint

#endif
