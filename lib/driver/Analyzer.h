//===--- Analyzer.h - run the pipe-lint checks over files -------*- C++ -*-===//
#ifndef PIPELINT_DRIVER_ANALYZER_H
#define PIPELINT_DRIVER_ANALYZER_H

#include "driver/Config.h"
#include "driver/Finding.h"
#include "driver/Options.h"

#include <nlohmann/json.hpp>
#include <string>

namespace pipelint {

struct PlannedFile;

/// What the analysis of one translation unit gives.
struct FileOutcome {
  FileReport Report;
  std::vector<Finding> Findings;
};

/// Plans the run (inputs, compile commands, platforms; see Inputs.h) and runs
/// the enabled ipc-* checks over every file with clang-tidy's engine (our
/// module only). Problems with single inputs are reported in the result's
/// FileReports; a run that cannot start sets FatalError.
AnalysisResult analyze(const AnalysisOptions &Opts);

/// Analyses one translation unit in this process.
FileOutcome analyzePlanned(const PlannedFile &File,
                           const AnalysisOptions &Opts);

nlohmann::json toJson(const FileOutcome &O);
FileOutcome outcomeFromJson(const nlohmann::json &J);

} // namespace pipelint

#endif
