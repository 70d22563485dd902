//===--- Config.h - .clang-tidy configuration as pipe-lint reads it -*- C++
//-*-===//
#ifndef PIPELINT_DRIVER_CONFIG_H
#define PIPELINT_DRIVER_CONFIG_H

#include "driver/Options.h"

#include <memory>
#include <string>
#include <vector>

namespace clang::tidy {
class ClangTidyOptionsProvider;
}

namespace pipelint {

/// The clang-tidy style check glob the CLI starts from: every ipc-* rule.
std::string defaultChecks();

/// The ids of the checks a glob enables (sorted).
std::vector<std::string> enabledChecks(const std::string &Globs);

/// Reads .clang-tidy files upwards from each file, as clang-tidy does, with
/// the default checks and the command line's --checks on top. From a
/// configuration file's Checks line only the globs naming ipc-* rules are
/// taken, so a project's `-*,bugprone-*` does not switch pipe-lint off.
std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>
makeOptionsProvider(const AnalysisOptions &Opts);

/// The effective configuration for \p File as YAML (Checks, WarningsAsErrors,
/// HeaderFilterRegex, every option of every enabled rule with its value),
/// in the form of a .clang-tidy file: saving it as one reproduces the run.
std::string dumpConfig(const AnalysisOptions &Opts, const std::string &File);

} // namespace pipelint

#endif
