//===--- TextReporter.cpp - clang-style text output -----------------------===//
#include "driver/SourceText.h"
#include "report/Reporters.h"

#include "llvm/Support/raw_ostream.h"

#include <set>

namespace pipelint {
namespace {

/// ANSI colours as clang uses them: bold locations, red errors, magenta
/// warnings, cyan notes, green carets and fix-its.
struct Palette {
  bool On;
  const char *bold() const { return On ? "\x1b[1m" : ""; }
  const char *reset() const { return On ? "\x1b[0m" : ""; }
  const char *green() const { return On ? "\x1b[1;32m" : ""; }
  const char *level(Level L) const {
    if (!On)
      return "";
    switch (L) {
    case Level::Error:
      return "\x1b[1;31m";
    case Level::Warning:
      return "\x1b[1;35m";
    default:
      return "\x1b[1;36m";
    }
  }
};

std::string displayPath(const std::string &File, const ReportContext &Ctx) {
  std::string Rel = relativeTo(File, Ctx.DisplayBase);
  return Rel.empty() ? File : Rel;
}

std::string gutter(unsigned Line) {
  std::string Number = Line ? std::to_string(Line) : "";
  return std::string(Number.size() < 5 ? 5 - Number.size() : 0, ' ') + Number +
         " | ";
}

/// Spaces (tabs kept) up to byte column \p Column of \p Line.
std::string indentTo(std::string_view Line, unsigned Column) {
  std::string Out;
  for (unsigned I = 0; I + 1 < Column && I < Line.size(); ++I)
    Out += Line[I] == '\t' ? '\t' : ' ';
  return Out;
}

/// The source line, a caret under the column, and the fix-its of that line
/// as clang shows them: the replacement text under what it replaces.
void writeSnippet(llvm::raw_ostream &OS, SourceCache &Cache,
                  const SourcePos &Pos,
                  const std::vector<FixReplacement> &Fixes, const Palette &P) {
  const SourceText *Text = Cache.get(Pos.File);
  if (!Text || Pos.Line == 0)
    return;
  std::string_view Line = Text->line(Pos.Line);
  OS << gutter(Pos.Line) << Line << "\n";
  std::string Caret = indentTo(Line, Pos.Column) + "^";
  if (Pos.EndLine == Pos.Line && Pos.EndColumn > Pos.Column + 1)
    Caret += std::string(Pos.EndColumn - Pos.Column - 1, '~');
  OS << gutter(0) << P.green() << Caret << P.reset() << "\n";
  for (const FixReplacement &Fix : Fixes) {
    if (Fix.Range.File != Pos.File || Fix.Range.Line != Pos.Line)
      continue;
    OS << gutter(0) << P.green() << indentTo(Line, Fix.Range.Column) << Fix.Text
       << P.reset() << "\n";
  }
}

std::string plural(unsigned N, const char *Word) {
  return std::to_string(N) + " " + Word + (N == 1 ? "" : "s");
}

} // namespace

void writeText(const AnalysisResult &Result, const ReportContext &Ctx,
               llvm::raw_ostream &OS) {
  SourceCache Cache;
  Palette P{Ctx.Color};
  unsigned Counts[4] = {0, 0, 0, 0};
  unsigned Suppressed = 0, Unchanged = 0;
  std::set<std::string> FilesWithFindings;
  // A file analysed in two configurations says which one found what.
  std::set<std::string> Several;
  for (const FileReport &R : Result.Files)
    if (R.Configurations.size() > 1)
      Several.insert(R.File);
  for (const Finding &F : Result.Findings) {
    if (F.Suppressed) {
      ++Suppressed;
      continue;
    }
    // With a baseline, only what is new is shown.
    if (F.Baseline == BaselineState::Unchanged) {
      ++Unchanged;
      continue;
    }
    ++Counts[static_cast<int>(F.Severity)];
    FilesWithFindings.insert(F.Pos.File);
    OS << P.bold() << displayPath(F.Pos.File, Ctx) << ":" << F.Pos.Line << ":"
       << F.Pos.Column << ": " << P.reset() << P.level(F.Severity)
       << levelName(F.Severity) << ": " << P.reset() << P.bold() << F.Message
       << " [" << F.RuleId << "]" << P.reset();
    if (!F.Configuration.empty() && Several.count(F.Pos.File))
      OS << " (" << F.Configuration << ")";
    OS << "\n";
    writeSnippet(OS, Cache, F.Pos, F.Fixes, P);
    for (const FindingNote &N : F.Notes) {
      OS << P.bold() << displayPath(N.Pos.File, Ctx) << ":" << N.Pos.Line << ":"
         << N.Pos.Column << ": " << P.reset() << P.level(Level::Note)
         << "note: " << P.reset() << N.Message << "\n";
      writeSnippet(OS, Cache, N.Pos, {}, P);
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
  std::string What = Ctx.BaselineApplied ? "new findings" : "findings";
  if (Total == 0) {
    OS << "no " << What;
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
    OS << Parts << (Ctx.BaselineApplied ? " (new)" : "") << " in "
       << plural(FilesWithFindings.size(), "file");
  }
  OS << " (" << plural(Analysed + Partial, "file") << " analysed";
  if (Partial)
    OS << ", " << Partial << " partially";
  OS << ", " << Failed << " failed";
  if (Ctx.BaselineApplied)
    OS << "; " << Unchanged << " unchanged since the baseline";
  if (Suppressed)
    OS << "; " << Suppressed << " suppressed in source";
  if (unsigned Cached = Result.fromCacheCount())
    OS << "; " << Cached << " from the result cache";
  OS << ")\n";
  // What was looked at, and what was assumed.
  RunSummary Summary = RunSummary::of(Result);
  for (const std::string &Line :
       {coverageSentence(Summary), configurationSentence(Summary),
        unresolvedSentence(Summary, 8)})
    if (!Line.empty())
      OS << Line << "\n";
}

} // namespace pipelint
