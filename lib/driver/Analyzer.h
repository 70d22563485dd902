//===--- Analyzer.h - run the pipe-lint checks over files -------*- C++ -*-===//
#ifndef PIPELINT_DRIVER_ANALYZER_H
#define PIPELINT_DRIVER_ANALYZER_H

#include "driver/Finding.h"
#include "driver/Options.h"

#include <memory>
#include <string>

namespace clang::tooling {
class CompilationDatabase;
}

namespace pipelint {

/// Loads the compile database the options call for: the fixed arguments
/// after `--`, the database in BuildPath (-p), or one found by walking up from
/// the first input. Returns nullptr and sets \p Error when -p names a folder
/// without a usable database. With no database anywhere, files are analysed
/// with no extra arguments (as clang-tidy does).
std::unique_ptr<clang::tooling::CompilationDatabase>
loadCompilationDatabase(const AnalysisOptions &Opts, std::string &Error);

/// Runs the enabled ipc-* checks over every input with clang-tidy's engine
/// (our module only) and collects the findings. Never throws; problems with
/// single inputs are reported in the result's FileReports.
AnalysisResult analyze(const AnalysisOptions &Opts,
                       const clang::tooling::CompilationDatabase &DB);

/// The clang-tidy style check glob the CLI starts from: every ipc-* rule.
std::string defaultChecks();

/// The ids of the checks a glob enables (sorted).
std::vector<std::string> enabledChecks(const std::string &Globs);

} // namespace pipelint

#endif
