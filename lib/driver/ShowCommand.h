//===--- ShowCommand.h - what a file is parsed with, and why ----*- C++ -*-===//
#ifndef PIPELINT_DRIVER_SHOWCOMMAND_H
#define PIPELINT_DRIVER_SHOWCOMMAND_H

#include "driver/Options.h"

#include <string>

namespace pipelint {

/// For every input file, the command it would be parsed with (each
/// configuration when there are two), where the command comes from, and
/// for an inferred command the reason for each part and the stand-in
/// headers. Relative paths are shown relative to \p DisplayBase. Sets
/// \p Error when the run cannot start.
std::string showCommands(const AnalysisOptions &Opts,
                         const std::string &DisplayBase, std::string &Error);

} // namespace pipelint

#endif
