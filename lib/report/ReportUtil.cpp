//===--- ReportUtil.cpp - URIs, relative paths, fingerprints --------------===//
#include "driver/SourceText.h"
#include "report/Reporters.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>

namespace pipelint {

std::string encodeUriPath(const std::string &Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (std::isalnum(C) || C == '-' || C == '.' || C == '_' || C == '~' ||
        C == '/') {
      Out += static_cast<char>(C);
    } else {
      char Buf[4];
      std::snprintf(Buf, sizeof(Buf), "%%%02X", C);
      Out += Buf;
    }
  }
  return Out;
}

std::string relativeTo(const std::string &File, const std::string &Root) {
  if (Root.empty())
    return "";
  llvm::StringRef F(File), R(Root);
  while (R.size() > 1 && R.ends_with("/"))
    R = R.drop_back();
  if (!F.starts_with(R))
    return "";
  llvm::StringRef Rest = F.drop_front(R.size());
  if (R == "/")
    return Rest.str();
  if (!Rest.starts_with("/"))
    return "";
  return Rest.drop_front().str();
}

std::string lineHash(const std::string &RuleId, const std::string &LineText) {
  // FNV-1a over the rule id and the line without any whitespace.
  uint64_t H = 1469598103934665603ULL;
  auto Mix = [&H](unsigned char C) {
    H ^= C;
    H *= 1099511628211ULL;
  };
  for (unsigned char C : RuleId)
    Mix(C);
  Mix(0);
  for (unsigned char C : LineText)
    if (!std::isspace(C))
      Mix(C);
  char Buf[17];
  std::snprintf(Buf, sizeof(Buf), "%016llx",
                static_cast<unsigned long long>(H));
  return Buf;
}

void assignFingerprints(std::vector<Finding> &Findings) {
  SourceCache Cache;
  std::map<std::string, unsigned> Seen;
  for (Finding &F : Findings) {
    const SourceText *Text = Cache.get(F.Pos.File);
    std::string Line = Text ? std::string(Text->line(F.Pos.Line)) : "";
    std::string Hash = lineHash(F.RuleId, Line);
    unsigned Occurrence = ++Seen[F.Pos.File + "\n" + Hash];
    F.Fingerprint = Hash + ":" + std::to_string(Occurrence);
  }
}

nlohmann::json artifactLocation(const std::string &File,
                                const std::string &SourceRoot) {
  std::string Rel = relativeTo(File, SourceRoot);
  if (!Rel.empty())
    return {{"uri", encodeUriPath(Rel)}, {"uriBaseId", "%SRCROOT%"}};
  return {{"uri", "file://" + encodeUriPath(File)}};
}

} // namespace pipelint
