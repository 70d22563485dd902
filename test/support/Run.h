//===--- Run.h - run a program and capture what it prints -------*- C++ -*-===//
#ifndef PIPELINT_TEST_RUN_H
#define PIPELINT_TEST_RUN_H

#include <string>
#include <vector>

namespace pipelint::test {

struct RunResult {
  int ExitCode = -1;
  std::string Out;
  std::string Err;
};

/// Runs \p Program with \p Args (argv[0] is added) in folder \p Cwd (empty:
/// the current one) and waits at most \p TimeoutSeconds.
RunResult runProgram(const std::string &Program,
                     const std::vector<std::string> &Args,
                     const std::string &Cwd = "", unsigned TimeoutSeconds = 300,
                     const std::vector<std::string> &ExtraEnv = {});

/// Runs the pipe-lint CLI.
RunResult runCli(const std::vector<std::string> &Args,
                 const std::string &Cwd = "");

/// Runs the pipe-lint CLI with extra environment variables ("NAME=value").
RunResult runCliWithEnv(const std::vector<std::string> &Args,
                        const std::vector<std::string> &Env);

/// A fresh empty folder under the system temp folder, removed when the test
/// program exits (kept when PIPELINT_KEEP_TEST_DIRS is set).
std::string makeTempDir(const std::string &Prefix);

std::string readFileText(const std::string &Path);
void writeFileText(const std::string &Path, const std::string &Text);

} // namespace pipelint::test

#endif
