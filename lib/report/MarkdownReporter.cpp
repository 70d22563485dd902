//===--- MarkdownReporter.cpp - a review-style report ---------------------===//
//
// The report a security reviewer would hand over: a summary, then one section
// per review area, each finding with its location, the code, why it matters
// and the fix. The explanations come from the rules' docs pages.
//
//===----------------------------------------------------------------------===//
#include "BuildConfig.h"
#include "driver/SourceText.h"
#include "report/Reporters.h"

#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace pipelint {
namespace {

/// The review areas, in report order.
const char *const Categories[] = {
    "Security attributes and access control",
    "Error handling and retry logic",
    "Resource and memory management",
    "Flag and permission logic",
};

const std::string &reviewRoot(const ReportContext &Ctx) {
  return Ctx.ReviewRoot.empty() ? Ctx.SourceRoot : Ctx.ReviewRoot;
}

/// The first paragraph under "## <Heading>" in a docs page.
std::string docsParagraph(std::string_view Markdown, std::string_view Heading) {
  std::string Marker = "## " + std::string(Heading) + "\n";
  size_t Start = Markdown.find(Marker);
  if (Start == std::string_view::npos)
    return "";
  std::string_view Rest = Markdown.substr(Start + Marker.size());
  std::string Out;
  bool InText = false;
  while (!Rest.empty()) {
    size_t End = Rest.find('\n');
    std::string_view Line = Rest.substr(0, End);
    Rest = End == std::string_view::npos ? std::string_view()
                                         : Rest.substr(End + 1);
    bool Blank = Line.find_first_not_of(" \t") == std::string_view::npos;
    if (Line.substr(0, 2) == "##" || (InText && Blank))
      break;
    if (Blank || Line.substr(0, 3) == "```")
      continue;
    InText = true;
    if (!Out.empty())
      Out += ' ';
    Out += Line;
  }
  return Out;
}

std::string shown(const std::string &File, const ReportContext &Ctx) {
  std::string Rel = relativeTo(File, reviewRoot(Ctx));
  return Rel.empty() ? File : Rel;
}

std::string cweLinks(const RuleInfo &R) {
  std::string Out;
  for (int C : R.Cwes) {
    if (!Out.empty())
      Out += ", ";
    Out += "[CWE-" + std::to_string(C) +
           "](https://cwe.mitre.org/data/definitions/" + std::to_string(C) +
           ".html)";
  }
  return Out;
}

std::string plural(size_t N, const char *Word) {
  return std::to_string(N) + " " + Word + (N == 1 ? "" : "s");
}

/// The finding's line with one line of context on each side.
void writeSnippet(llvm::raw_ostream &OS, SourceCache &Cache,
                  const SourcePos &Pos) {
  const SourceText *Text = Cache.get(Pos.File);
  if (!Text || Pos.Line == 0)
    return;
  bool IsC = llvm::StringRef(Pos.File).ends_with(".c");
  OS << "```" << (IsC ? "c" : "cpp") << "\n";
  unsigned First = Pos.Line > 1 ? Pos.Line - 1 : 1;
  unsigned Last = std::min(Pos.Line + 1, Text->lineCount());
  for (unsigned L = First; L <= Last; ++L) {
    std::string Number = std::to_string(L);
    OS << (L == Pos.Line ? ">" : " ")
       << std::string(Number.size() < 5 ? 5 - Number.size() : 0, ' ') << Number
       << " | " << Text->line(L) << "\n";
  }
  OS << "```\n\n";
}

/// \p Text with its first letter upper-case (rule summaries are lowercase).
std::string capitalised(std::string Text) {
  if (!Text.empty() && Text.front() >= 'a' && Text.front() <= 'z')
    Text.front() = static_cast<char>(Text.front() - 'a' + 'A');
  return Text;
}

/// \p Text as inline code, or "" when it cannot be one (empty, a line break
/// or a backtick inside).
std::string inlineCode(std::string_view Text) {
  if (Text.empty() || Text.find_first_of("`\n\r") != std::string_view::npos)
    return "";
  return "`" + std::string(Text) + "`";
}

/// "at line 9, column 7, replace `NULL` with `INVALID_HANDLE_VALUE`".
std::string describeFix(SourceCache &Cache, const FixReplacement &X) {
  std::string Where = "at line " + std::to_string(X.Range.Line) + ", column " +
                      std::to_string(X.Range.Column) + ", ";
  std::string Old;
  if (const SourceText *Text = Cache.get(X.Range.File))
    if (X.Range.Offset + X.Length <= Text->text().size())
      Old = inlineCode(
          std::string_view(Text->text()).substr(X.Range.Offset, X.Length));
  if (Old.empty())
    Old = std::to_string(X.Length) + " character" + (X.Length == 1 ? "" : "s");
  std::string New = inlineCode(X.Text);
  if (New.empty())
    New = "the suggested text";
  if (X.Length == 0)
    return Where + "insert " + New;
  if (X.Text.empty())
    return Where + "delete " + Old;
  return Where + "replace " + Old + " with " + New;
}

} // namespace

void writeMarkdown(const AnalysisResult &Result, const ReportContext &Ctx,
                   llvm::raw_ostream &OS) {
  SourceCache Cache;
  std::string Project =
      reviewRoot(Ctx).empty()
          ? std::string("the analysed code")
          : "`" + llvm::sys::path::filename(reviewRoot(Ctx)).str() + "`";

  std::vector<const Finding *> Shown, Suppressed;
  for (const Finding &F : Result.Findings)
    (F.Suppressed ? Suppressed : Shown).push_back(&F);

  OS << "# IPC security review of " << Project << "\n\n";
  OS << "Produced by pipe-lint " << PIPELINT_VERSION
     << ", a static analysis of inter-process communication code. Each "
        "finding below names the rule that found it; `pipe-lint --explain "
        "<rule>` describes the rule in full.\n\n";

  // Summary.
  unsigned Analysed = 0, Partial = 0, Failed = 0, Skipped = 0;
  for (const FileReport &R : Result.Files) {
    Analysed += R.Status == FileStatus::Analyzed;
    Partial += R.Status == FileStatus::Partial;
    Failed += R.Status == FileStatus::Failed;
    Skipped += R.Status == FileStatus::Skipped;
  }
  std::map<Level, unsigned> ByLevel;
  std::map<std::string, unsigned> ByRule;
  for (const Finding *F : Shown) {
    ++ByLevel[F->Severity];
    ++ByRule[F->RuleId];
  }
  OS << "## Summary\n\n";
  OS << "- Files analysed: " << Analysed + Partial;
  if (Partial)
    OS << " (" << Partial << " only partially: see below)";
  OS << "\n";
  if (Failed || Skipped)
    OS << "- Files not analysed: " << Failed + Skipped << "\n";
  OS << "- Findings: " << Shown.size();
  if (!Shown.empty()) {
    std::string Parts;
    for (Level L : {Level::Error, Level::Warning, Level::Note})
      if (ByLevel[L])
        Parts += (Parts.empty() ? "" : ", ") +
                 plural(ByLevel[L], std::string(levelName(L)).c_str());
    OS << " (" << Parts << ")";
  }
  OS << "\n";
  if (!Suppressed.empty())
    OS << "- Suppressed in source (NOLINT): " << Suppressed.size() << "\n";
  RunSummary Summary = RunSummary::of(Result);
  for (const std::string &Line :
       {coverageSentence(Summary), configurationSentence(Summary),
        unresolvedSentence(Summary, 20)})
    if (!Line.empty())
      OS << "- " << capitalised(Line) << "\n";
  OS << "\n";
  if (!ByRule.empty()) {
    OS << "| Rule | Level | CWE | Findings |\n| --- | --- | --- | ---: |\n";
    for (const auto &Entry : ByRule) {
      const RuleInfo *R = findRule(Entry.first);
      OS << "| `" << Entry.first << "` | "
         << (R ? levelName(R->DefaultLevel) : "warning") << " | "
         << (R ? R->cweList() : "") << " | " << Entry.second << " |\n";
    }
    OS << "\n";
  }
  std::vector<const FileReport *> Incomplete;
  for (const FileReport &R : Result.Files)
    if (R.Status != FileStatus::Analyzed || R.IpcCallsAnalysed < R.IpcCallsSeen)
      Incomplete.push_back(&R);
  if (!Incomplete.empty()) {
    OS << "### Files that could not be fully analysed\n\n";
    for (const FileReport *R : Incomplete) {
      OS << "- `" << shown(R->File, Ctx) << "` ("
         << (R->Status == FileStatus::Partial
                 ? "partially: findings after the first error may be missing"
             : R->Status == FileStatus::Skipped ? "skipped"
             : R->Status == FileStatus::Analyzed
                 ? "parsed, but some IPC calls were in code not compiled"
                 : "not analysed")
         << ")";
      for (size_t I = 0; I < R->Problems.size() && I < 3; ++I)
        OS << (I ? "; " : ": ") << R->Problems[I];
      std::string Assumed = fileAssumptions(*R);
      if (!Assumed.empty())
        OS << " (" << Assumed << ")";
      OS << "\n";
    }
    OS << "\n";
  }

  // One section per review area; a category outside the known four gets its
  // own section after them rather than losing its findings.
  std::vector<std::string> Sections(std::begin(Categories),
                                    std::end(Categories));
  for (const Finding *F : Shown) {
    const RuleInfo *R = findRule(F->RuleId);
    if (R && std::find(Sections.begin(), Sections.end(), R->Category) ==
                 Sections.end())
      Sections.push_back(std::string(R->Category));
  }
  unsigned Number = 0;
  for (const std::string &Category : Sections) {
    OS << "## " << Category << "\n\n";
    bool Any = false;
    for (const Finding *F : Shown) {
      const RuleInfo *R = findRule(F->RuleId);
      if (!R || R->Category != Category)
        continue;
      Any = true;
      ++Number;
      OS << "### " << Number << ". " << capitalised(std::string(R->Short))
         << "\n\n";
      OS << "**Where:** `" << shown(F->Pos.File, Ctx) << ":" << F->Pos.Line
         << "` · **Rule:** `" << F->RuleId << "` · **Level:** "
         << levelName(F->Severity) << " · **CWE:** " << cweLinks(*R);
      if (F->Baseline == BaselineState::New)
        OS << " · **New** since the baseline";
      OS << "\n\n";
      writeSnippet(OS, Cache, F->Pos);
      OS << "**Finding.** " << F->Message << ".\n\n";
      for (const FindingNote &N : F->Notes)
        OS << "- `" << shown(N.Pos.File, Ctx) << ":" << N.Pos.Line
           << "`: " << N.Message << "\n";
      if (!F->Notes.empty())
        OS << "\n";
      std::string Why = docsParagraph(R->Markdown, "Why it matters");
      if (!Why.empty())
        OS << "**Why it matters.** " << Why << "\n\n";
      std::string Fix = docsParagraph(R->Markdown, "Fix");
      if (!F->Fixes.empty()) {
        OS << "**Fix.** Suggested change:";
        for (size_t I = 0; I < F->Fixes.size(); ++I)
          OS << (I ? ";" : "") << " " << describeFix(Cache, F->Fixes[I]);
        OS << "; `pipe-lint --fix` applies it.";
        if (!Fix.empty())
          OS << " " << Fix;
        OS << "\n\n";
      } else if (!Fix.empty()) {
        OS << "**Fix.** " << Fix << "\n\n";
      }
    }
    if (!Any)
      OS << "No findings.\n\n";
  }

  if (!Suppressed.empty()) {
    OS << "## Suppressed in source\n\n";
    for (const Finding *F : Suppressed)
      OS << "- `" << shown(F->Pos.File, Ctx) << ":" << F->Pos.Line << "` `"
         << F->RuleId << "`: " << F->Message << "\n";
    OS << "\n";
  }
}

} // namespace pipelint
