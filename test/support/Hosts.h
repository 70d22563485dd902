//===--- Hosts.h - run a fixture through the CLI and the plugin -*- C++ -*-===//
#ifndef PIPELINT_TEST_HOSTS_H
#define PIPELINT_TEST_HOSTS_H

#include "Fixture.h"
#include "driver/Finding.h"

#include <string>
#include <vector>

namespace pipelint::test {

/// A finding reduced to what both hosts can report.
struct HostFinding {
  std::string RuleId;
  unsigned Line = 0;
  unsigned Column = 0;
  std::string Level; ///< "warning", "note" or "error" (from the catalog)
  std::string Message;
  std::vector<std::pair<unsigned, std::string>> Notes; ///< line, message

  bool operator<(const HostFinding &O) const;
  bool operator==(const HostFinding &O) const;
  std::string str() const;
};

/// The compiler arguments both hosts use for the fixture (RUN-ARGS, RUN-PKG,
/// -I test/fixtures/include), and the driver options.
struct FixtureSetup {
  AnalysisResult Cli; ///< the CLI library's full result
  std::vector<std::string> CompilerArgs;
  bool Windows = false;
  std::string Checks;
  std::string Error;
};

FixtureSetup prepare(const Fixture &F);

/// Runs the CLI's library in-process.
std::vector<HostFinding> runCli(const Fixture &F, FixtureSetup &Setup);

/// Runs `clang-tidy-19 --load=<module>` and reads its --export-fixes YAML.
std::vector<HostFinding> runPlugin(const Fixture &F, FixtureSetup &Setup);

/// Applies the fix-its of \p Findings to \p Text (one file).
std::string applyFixes(const std::string &Text,
                       const std::vector<Finding> &Findings);

} // namespace pipelint::test

#endif
