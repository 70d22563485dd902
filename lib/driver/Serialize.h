//===--- Serialize.h - findings to and from JSON ----------------*- C++ -*-===//
#ifndef PIPELINT_DRIVER_SERIALIZE_H
#define PIPELINT_DRIVER_SERIALIZE_H

#include "driver/Finding.h"

#include <nlohmann/json.hpp>

namespace pipelint {

nlohmann::json toJson(const SourcePos &P);
nlohmann::json toJson(const Finding &F);
nlohmann::json toJson(const FileReport &R);
SourcePos sourcePosFromJson(const nlohmann::json &J);
Finding findingFromJson(const nlohmann::json &J);
FileReport fileReportFromJson(const nlohmann::json &J);

std::string_view fileStatusName(FileStatus S);

/// json::dump that never throws on bytes that are not UTF-8 (they come from
/// source files and paths): they are replaced by U+FFFD.
std::string dumpJson(const nlohmann::json &J, int Indent = -1);

} // namespace pipelint

#endif
