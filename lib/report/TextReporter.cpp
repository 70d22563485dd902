//===--- TextReporter.cpp - clang-style text output -----------------------===//
#include "driver/SourceText.h"
#include "report/Reporters.h"

#include "llvm/Support/raw_ostream.h"

#include <set>

namespace pipelint {
namespace {

std::string displayPath(const std::string &File, const ReportContext &Ctx) {
  std::string Rel = relativeTo(File, Ctx.DisplayBase);
  return Rel.empty() ? File : Rel;
}

/// The source line and a caret under the column (tabs kept so the caret
/// lines up), clang's layout with a line-number gutter.
void writeSnippet(llvm::raw_ostream &OS, SourceCache &Cache,
                  const SourcePos &Pos) {
  const SourceText *Text = Cache.get(Pos.File);
  if (!Text || Pos.Line == 0)
    return;
  std::string_view Line = Text->line(Pos.Line);
  std::string Number = std::to_string(Pos.Line);
  std::string Gutter(Number.size() < 5 ? 5 - Number.size() : 0, ' ');
  OS << Gutter << Number << " | " << Line << "\n";
  OS << std::string(Gutter.size() + Number.size(), ' ') << " | ";
  std::string Caret;
  for (unsigned I = 0; I + 1 < Pos.Column && I < Line.size(); ++I)
    Caret += Line[I] == '\t' ? '\t' : ' ';
  Caret += '^';
  if (Pos.EndLine == Pos.Line && Pos.EndColumn > Pos.Column + 1)
    Caret += std::string(Pos.EndColumn - Pos.Column - 1, '~');
  OS << Caret << "\n";
}

std::string plural(unsigned N, const char *Word) {
  return std::to_string(N) + " " + Word + (N == 1 ? "" : "s");
}

} // namespace

void writeText(const AnalysisResult &Result, const ReportContext &Ctx,
               llvm::raw_ostream &OS) {
  SourceCache Cache;
  unsigned Counts[4] = {0, 0, 0, 0};
  std::set<std::string> FilesWithFindings;
  for (const Finding &F : Result.Findings) {
    if (F.Suppressed)
      continue;
    ++Counts[static_cast<int>(F.Severity)];
    FilesWithFindings.insert(F.Pos.File);
    OS << displayPath(F.Pos.File, Ctx) << ":" << F.Pos.Line << ":"
       << F.Pos.Column << ": " << levelName(F.Severity) << ": " << F.Message
       << " [" << F.RuleId << "]\n";
    writeSnippet(OS, Cache, F.Pos);
    for (const FixReplacement &Fix : F.Fixes)
      OS << "      | fix: replace with '" << Fix.Text << "'\n";
    for (const FindingNote &N : F.Notes) {
      OS << displayPath(N.Pos.File, Ctx) << ":" << N.Pos.Line << ":"
         << N.Pos.Column << ": note: " << N.Message << "\n";
      writeSnippet(OS, Cache, N.Pos);
    }
  }

  unsigned Analysed = 0, Partial = 0, Failed = 0;
  for (const FileReport &R : Result.Files) {
    if (R.Status == FileStatus::Analyzed)
      ++Analysed;
    else if (R.Status == FileStatus::Partial)
      ++Partial;
    else if (R.Status == FileStatus::Failed)
      ++Failed;
  }
  unsigned Total = Counts[1] + Counts[2] + Counts[3];
  if (Total == 0) {
    OS << "no findings";
  } else {
    std::string Parts;
    auto Add = [&Parts](unsigned N, const char *Word) {
      if (!N)
        return;
      if (!Parts.empty())
        Parts += ", ";
      Parts += plural(N, Word);
    };
    Add(Counts[static_cast<int>(Level::Error)], "error");
    Add(Counts[static_cast<int>(Level::Warning)], "warning");
    Add(Counts[static_cast<int>(Level::Note)], "note");
    OS << Parts << " in " << plural(FilesWithFindings.size(), "file");
  }
  OS << " (" << plural(Analysed + Partial, "file") << " analysed";
  if (Partial)
    OS << ", " << Partial << " partially";
  OS << ", " << Failed << " failed)\n";
}

} // namespace pipelint
