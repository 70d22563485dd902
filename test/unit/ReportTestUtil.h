//===--- ReportTestUtil.h - helpers of the report tests ---------*- C++ -*-===//
//
// The report tests run the pipe-lint CLI on copies of fixtures in a temporary
// folder and read what it writes. Every SARIF log goes to
// PIPELINT_SARIF_OUT_DIR, where the sarif_validation test checks it.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_TEST_REPORTTESTUTIL_H
#define PIPELINT_TEST_REPORTTESTUTIL_H

#include "Run.h"
#include "TestConfig.h"

#include "llvm/Support/FileSystem.h"
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pipelint::test {

/// Where a test writes SARIF log \p Name: the folder sarif_validation reads.
inline std::string reportSarifPath(const std::string &Name) {
  llvm::sys::fs::create_directories(PIPELINT_SARIF_OUT_DIR);
  return std::string(PIPELINT_SARIF_OUT_DIR) + "/report-" + Name + ".sarif";
}

/// The fixture file \p Rel (relative to test/fixtures).
inline std::string fixtureText(const std::string &Rel) {
  return readFileText(std::string(PIPELINT_FIXTURE_DIR) + "/" + Rel);
}

/// A parsed log, or null when the file is missing or not JSON.
inline nlohmann::json readJsonFile(const std::string &Path) {
  return nlohmann::json::parse(readFileText(Path), nullptr, false);
}

/// The results of the first run of a SARIF log (empty if none).
inline nlohmann::json sarifResults(const nlohmann::json &Log) {
  if (!Log.is_object() || !Log.contains("runs") || Log["runs"].empty())
    return nlohmann::json::array();
  return Log["runs"][0].value("results", nlohmann::json::array());
}

inline std::string resultUri(const nlohmann::json &Result) {
  return Result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
}

inline int resultLine(const nlohmann::json &Result) {
  return Result["locations"][0]["physicalLocation"]["region"]["startLine"];
}

inline std::string resultHash(const nlohmann::json &Result) {
  return Result["partialFingerprints"]["primaryLocationLineHash"];
}

/// \p Text with \p Insert placed before the first occurrence of \p Anchor;
/// "" when \p Anchor is missing (the test then fails on the empty file).
inline std::string insertBefore(const std::string &Text,
                                const std::string &Anchor,
                                const std::string &Insert) {
  size_t At = Text.find(Anchor);
  if (At == std::string::npos)
    return "";
  return Text.substr(0, At) + Insert + Text.substr(At);
}

/// \p Text with the first occurrence of \p From replaced by \p To; "" when
/// \p From is missing.
inline std::string replaceOnce(const std::string &Text, const std::string &From,
                               const std::string &To) {
  size_t At = Text.find(From);
  if (At == std::string::npos)
    return "";
  return Text.substr(0, At) + To + Text.substr(At + From.size());
}

} // namespace pipelint::test

#endif
