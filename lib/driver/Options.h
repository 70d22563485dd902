//===--- Options.h - one immutable set of analysis options ------*- C++ -*-===//
#ifndef PIPELINT_DRIVER_OPTIONS_H
#define PIPELINT_DRIVER_OPTIONS_H

#include "catalog/RuleCatalog.h"
#include <optional>
#include <string>
#include <vector>

namespace pipelint {

enum class Platform { Host, Windows };

struct AnalysisOptions {
  /// Source files to analyse (as given; resolved by the driver).
  std::vector<std::string> Inputs;
  /// Folder holding compile_commands.json (-p); empty: search upwards.
  std::string BuildPath;
  /// Compiler arguments after `--`; when present they replace the database.
  std::optional<std::vector<std::string>> FixedArgs;
  Platform Target = Platform::Host;
  /// clang-tidy style globs added after the defaults and .clang-tidy files.
  std::string Checks;
  /// Number of translation units analysed at once (0: number of cores).
  unsigned Jobs = 1;
  /// Clang's builtin headers.
  std::string ResourceDir;
};

} // namespace pipelint

#endif
