//===--- AnalyzeRun.cpp - a run over all planned files -------------------===//
//
// Plans the run, analyses each planned file (in threads or in worker
// processes), merges the configurations of a file analysed twice, and sorts
// and de-duplicates the findings.
//
//===----------------------------------------------------------------------===//
#include "driver/Analyzer.h"
#include "driver/Inputs.h"
#include "driver/ResultCache.h"
#include "driver/Serialize.h"
#include "driver/WorkerPool.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace pipelint {

namespace {

void mergeConfiguration(FileOutcome &Into, FileOutcome From) {
  FileReport &R = Into.Report;
  const FileReport &S = From.Report;
  auto Rank = [](FileStatus St) {
    switch (St) {
    case FileStatus::Analyzed:
      return 0;
    case FileStatus::Partial:
      return 1;
    case FileStatus::Skipped:
      return 2;
    case FileStatus::Failed:
      break;
    }
    return 3;
  };
  // Partial when either configuration is: its findings may miss.
  if (Rank(S.Status) > Rank(R.Status))
    R.Status = S.Status;
  R.Problems.insert(R.Problems.end(), S.Problems.begin(), S.Problems.end());
  for (const std::string &N : S.Notices)
    if (!llvm::is_contained(R.Notices, N))
      R.Notices.push_back(N);
  R.Configurations.insert(R.Configurations.end(), S.Configurations.begin(),
                          S.Configurations.end());
  for (const std::string &U : S.Unresolved)
    if (!llvm::is_contained(R.Unresolved, U))
      R.Unresolved.push_back(U);
  R.Prefiltered = R.Prefiltered && S.Prefiltered;
  R.FromCache = R.FromCache && S.FromCache;
  std::set<unsigned> Sites(R.AnalysedSites.begin(), R.AnalysedSites.end());
  Sites.insert(S.AnalysedSites.begin(), S.AnalysedSites.end());
  R.AnalysedSites.assign(Sites.begin(), Sites.end());
  // Missed: by either configuration, and analysed by neither.
  std::map<unsigned, std::string> Missed(R.MissedSites.begin(),
                                         R.MissedSites.end());
  Missed.insert(S.MissedSites.begin(), S.MissedSites.end());
  R.MissedSites.clear();
  for (const auto &M : Missed)
    if (!Sites.count(M.first))
      R.MissedSites.push_back(M);
  R.IpcCallsSeen = std::max(R.IpcCallsSeen, S.IpcCallsSeen);
  R.IpcCallsAnalysed = static_cast<int>(Sites.size());
  for (Finding &F : From.Findings) {
    Finding *Same = nullptr;
    for (Finding &G : Into.Findings)
      if (G.RuleId == F.RuleId && G.Pos.File == F.Pos.File &&
          G.Pos.Offset == F.Pos.Offset && G.Message == F.Message)
        Same = &G;
    if (Same)
      Same->Configuration += " and " + F.Configuration;
    else
      Into.Findings.push_back(std::move(F));
  }
}

} // namespace

AnalysisResult analyze(const AnalysisOptions &Opts) {
  AnalysisResult Result;
  Plan P = planAnalysis(Opts);
  Result.RunNotices = P.Notices;
  if (!P.FatalError.empty()) {
    Result.FatalError = P.FatalError;
    return Result;
  }
  Result.Files = P.Rejected;

  const size_t Total = P.Files.size();
  std::mutex ProgressLock;
  size_t Finished = 0;
  auto Progress = [&](size_t Index) {
    if (!Opts.Progress)
      return;
    std::lock_guard<std::mutex> Guard(ProgressLock);
    ++Finished;
    llvm::errs() << "[" << Finished << "/" << Total << "] "
                 << P.Files[Index].File << "\n";
  };

  std::vector<FileOutcome> Outcomes(Total);
  unsigned Jobs = Opts.Jobs ? Opts.Jobs : std::thread::hardware_concurrency();
  if (Opts.Isolate) {
    std::vector<TaskResult> Results = runInWorkers(
        Total, Jobs, Opts.TimeoutPerFile,
        [&](size_t I) {
          // MessagePack, not JSON text: paths and messages may hold bytes
          // that are not UTF-8 and must come back unchanged.
          std::vector<std::uint8_t> Bytes = nlohmann::json::to_msgpack(
              toJson(analyzePlanned(P.Files[I], Opts)));
          return std::string(Bytes.begin(), Bytes.end());
        },
        Progress);
    for (size_t I = 0; I < Total; ++I) {
      FileOutcome &O = Outcomes[I];
      O.Report.File = P.Files[I].File;
      if (!Results[I].Ok) {
        O.Report.Status = FileStatus::Failed;
        O.Report.Problems.push_back(Results[I].Failure);
        continue;
      }
      nlohmann::json J = nlohmann::json::from_msgpack(
          Results[I].Payload, /*strict=*/true, /*allow_exceptions=*/false);
      if (J.is_discarded()) {
        O.Report.Status = FileStatus::Failed;
        O.Report.Problems.push_back("the worker's result could not be read");
        continue;
      }
      O = outcomeFromJson(J);
    }
  } else {
    Jobs = std::max(1u, std::min<unsigned>(Jobs, Total));
    std::atomic<size_t> Next{0};
    auto Worker = [&] {
      for (size_t I = Next++; I < Total; I = Next++) {
        Outcomes[I] = analyzePlanned(P.Files[I], Opts);
        Progress(I);
      }
    };
    if (Jobs <= 1) {
      Worker();
    } else {
      std::vector<std::thread> Threads;
      for (unsigned T = 0; T < Jobs; ++T)
        Threads.emplace_back(Worker);
      for (std::thread &T : Threads)
        T.join();
    }
  }

  if (!Opts.CacheDir.empty())
    trimCache(Opts.CacheDir, Opts.CacheMaxSize);

  // A file analysed in two configurations (both platforms) is one file.
  std::vector<FileOutcome> Merged;
  for (size_t I = 0; I < Total; ++I) {
    FileOutcome &O = Outcomes[I];
    if (P.Files[I].SeveralConfigurations)
      for (std::string &Problem : O.Report.Problems)
        Problem = "[" + P.Files[I].Configuration + "] " + Problem;
    if (Merged.empty() || Merged.back().Report.File != O.Report.File ||
        !P.Files[I].SeveralConfigurations) {
      Merged.push_back(std::move(O));
      continue;
    }
    mergeConfiguration(Merged.back(), std::move(O));
  }
  for (FileOutcome &O : Merged) {
    Result.Files.push_back(std::move(O.Report));
    for (Finding &F : O.Findings)
      Result.Findings.push_back(std::move(F));
  }
  sortFindings(Result.Findings);
  // A header included by several files yields the same finding several
  // times: keep one.
  Result.Findings.erase(
      std::unique(Result.Findings.begin(), Result.Findings.end(),
                  [](const Finding &A, const Finding &B) {
                    return A.RuleId == B.RuleId && A.Pos.File == B.Pos.File &&
                           A.Pos.Offset == B.Pos.Offset &&
                           A.Message == B.Message;
                  }),
      Result.Findings.end());
  std::sort(
      Result.Files.begin(), Result.Files.end(),
      [](const FileReport &A, const FileReport &B) { return A.File < B.File; });
  return Result;
}

nlohmann::json toJson(const FileOutcome &O) {
  nlohmann::json Findings = nlohmann::json::array();
  for (const Finding &F : O.Findings)
    Findings.push_back(toJson(F));
  return {{"report", toJson(O.Report)}, {"findings", Findings}};
}

FileOutcome outcomeFromJson(const nlohmann::json &J) {
  FileOutcome O;
  O.Report = fileReportFromJson(J.value("report", nlohmann::json::object()));
  for (const nlohmann::json &F : J.value("findings", nlohmann::json::array()))
    O.Findings.push_back(findingFromJson(F));
  return O;
}

} // namespace pipelint
