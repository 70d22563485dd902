//===--- ReportUtil.cpp - URIs, relative paths, fingerprints --------------===//
#include "driver/SourceText.h"
#include "report/Reporters.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

#include <algorithm>
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

RunSummary RunSummary::of(const AnalysisResult &Result) {
  RunSummary S;
  S.Seen = Result.ipcCallsSeen();
  S.Analysed = Result.ipcCallsAnalysed();
  for (const FileReport &F : Result.Files) {
    S.FilesShort += F.IpcCallsAnalysed < F.IpcCallsSeen;
    if (!F.Configurations.empty()) {
      ++S.InferredFiles;
      S.BothPlatforms += F.Configurations.size() > 1;
    }
    for (const std::string &C : F.Configurations)
      ++S.Configurations[C];
    for (const std::string &U : F.Unresolved)
      ++S.Unresolved[U];
  }
  return S;
}

RunSummary RunSummary::fromProperties(const nlohmann::json &P) {
  RunSummary S;
  if (!P.is_object())
    return S;
  auto Count = [&P](const char *Key) {
    auto It = P.find(Key);
    return It != P.end() && It->is_number_unsigned() ? It->get<unsigned>() : 0u;
  };
  auto Map = [&P](const char *Key, std::map<std::string, unsigned> &Into) {
    auto It = P.find(Key);
    if (It == P.end() || !It->is_object())
      return;
    for (const auto &E : It->items())
      if (E.value().is_number_unsigned())
        Into[E.key()] += E.value().get<unsigned>();
  };
  S.Seen = Count("ipcCallSitesSeen");
  S.Analysed = Count("ipcCallSitesAnalysed");
  S.FilesShort = Count("filesWithIpcCallSitesNotAnalysed");
  S.InferredFiles = Count("filesWithInferredCommands");
  S.BothPlatforms = Count("filesInBothPlatforms");
  Map("configurations", S.Configurations);
  Map("unresolvedIncludes", S.Unresolved);
  return S;
}

void RunSummary::addTo(nlohmann::json &P) const {
  P["ipcCallSitesSeen"] = Seen;
  P["ipcCallSitesAnalysed"] = Analysed;
  P["filesWithIpcCallSitesNotAnalysed"] = FilesShort;
  P["filesWithInferredCommands"] = InferredFiles;
  P["filesInBothPlatforms"] = BothPlatforms;
  P["configurations"] = Configurations;
  P["unresolvedIncludes"] = Unresolved;
}

void RunSummary::add(const RunSummary &O) {
  Seen += O.Seen;
  Analysed += O.Analysed;
  FilesShort += O.FilesShort;
  InferredFiles += O.InferredFiles;
  BothPlatforms += O.BothPlatforms;
  for (const auto &[K, V] : O.Configurations)
    Configurations[K] += V;
  for (const auto &[K, V] : O.Unresolved)
    Unresolved[K] += V;
}

std::string coverageSentence(const RunSummary &S) {
  if (S.Seen == 0)
    return "";
  unsigned Percent = static_cast<unsigned>(S.Analysed * 100ULL / S.Seen);
  std::string Out = "IPC call sites analysed: " + std::to_string(S.Analysed) +
                    " of " + std::to_string(S.Seen) + " (" +
                    std::to_string(Percent) + " %)";
  if (S.FilesShort && S.Seen > S.Analysed)
    Out += "; " + std::to_string(S.Seen - S.Analysed) + " not analysed in " +
           std::to_string(S.FilesShort) +
           (S.FilesShort == 1 ? " file" : " files");
  return Out;
}

std::string configurationSentence(const RunSummary &S) {
  if (!S.InferredFiles)
    return "";
  std::string Out = "commands inferred from the checkout for " +
                    std::to_string(S.InferredFiles) +
                    (S.InferredFiles == 1 ? " file" : " files") + ":";
  bool First = true;
  for (const auto &[Label, N] : S.Configurations) {
    Out += std::string(First ? " " : ", ") + Label + ": " + std::to_string(N);
    First = false;
  }
  if (S.BothPlatforms)
    Out += " (" + std::to_string(S.BothPlatforms) +
           (S.BothPlatforms == 1 ? " file" : " files") + " in both)";
  return Out;
}

std::string unresolvedSentence(const RunSummary &S, size_t MaxNames) {
  if (S.Unresolved.empty())
    return "";
  std::vector<std::pair<std::string, unsigned>> Sorted(S.Unresolved.begin(),
                                                       S.Unresolved.end());
  std::stable_sort(
      Sorted.begin(), Sorted.end(),
      [](const auto &A, const auto &B) { return A.second > B.second; });
  std::string Out = "includes found nowhere:";
  for (size_t I = 0; I < Sorted.size() && I < MaxNames; ++I)
    Out += std::string(I ? ", " : " ") + Sorted[I].first + " (" +
           std::to_string(Sorted[I].second) +
           (Sorted[I].second == 1 ? " file)" : " files)");
  if (Sorted.size() > MaxNames)
    Out += " and " + std::to_string(Sorted.size() - MaxNames) + " more";
  return Out;
}

nlohmann::json summaryNotifications(const RunSummary &S) {
  nlohmann::json Out = nlohmann::json::array();
  auto Add = [&Out](const std::string &Kind, std::string Text) {
    if (Text.empty())
      return;
    Text[0] =
        static_cast<char>(std::toupper(static_cast<unsigned char>(Text[0])));
    Out.push_back({{"level", "note"},
                   {"message", {{"text", Text + "."}}},
                   {"properties", {{"summary", Kind}}}});
  };
  // Coverage only when something was not analysed: the figure itself is in
  // the invocation's properties.
  if (S.Seen > S.Analysed)
    Add("coverage", coverageSentence(S));
  Add("configurations", configurationSentence(S));
  Add("unresolved", unresolvedSentence(S, 50));
  return Out;
}

std::string fileAssumptions(const FileReport &R) {
  std::vector<std::string> Parts;
  if (!R.Configurations.empty()) {
    std::string C = "analysed as ";
    for (size_t I = 0; I < R.Configurations.size(); ++I)
      C += (I ? " and as " : "") + R.Configurations[I];
    Parts.push_back(C + " (command inferred from the checkout)");
  }
  if (!R.Unresolved.empty()) {
    std::string U = "includes found nowhere:";
    for (size_t I = 0; I < R.Unresolved.size(); ++I)
      U += (I ? ", " : " ") + R.Unresolved[I];
    Parts.push_back(U);
  }
  if (R.IpcCallsSeen > R.IpcCallsAnalysed && R.IpcCallsAnalysed >= 0) {
    std::string M = std::to_string(R.IpcCallsSeen - R.IpcCallsAnalysed) +
                    " of " + std::to_string(R.IpcCallsSeen) +
                    " IPC call sites not analysed";
    for (size_t I = 0; I < R.MissedSites.size() && I < 8; ++I)
      M += (I ? ", " : ": ") + R.MissedSites[I].second;
    if (R.MissedSites.size() > 8)
      M += ", ...";
    Parts.push_back(M);
  }
  std::string Out;
  for (const std::string &P : Parts)
    Out += (Out.empty() ? "" : "; ") + P;
  return Out;
}

} // namespace pipelint
