//===--- ShowCommand.cpp - what a file is parsed with, and why ------------===//
#include "driver/ShowCommand.h"
#include "driver/Inputs.h"
#include "driver/Platform.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace pipelint {

namespace {

std::string shownPath(const std::string &Path, const std::string &Base) {
  if (!Base.empty() && llvm::StringRef(Path).starts_with(Base + "/"))
    return Path.substr(Base.size() + 1);
  return Path;
}

std::string quoted(const std::string &Arg) {
  if (!Arg.empty() &&
      Arg.find_first_of(" \t\"'\\$`*?[]{}()<>|&;#~") == std::string::npos)
    return Arg;
  std::string Out = "'";
  for (char C : Arg)
    Out += C == '\'' ? std::string("'\\''") : std::string(1, C);
  return Out + "'";
}

} // namespace

std::string showCommands(const AnalysisOptions &Opts,
                         const std::string &DisplayBase, std::string &Error) {
  Plan P = planAnalysis(Opts);
  if (!P.FatalError.empty()) {
    Error = P.FatalError;
    return "";
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (const std::string &N : P.Notices)
    OS << "note: " << N << "\n";
  for (const PlannedFile &F : P.Files) {
    OS << shownPath(F.File, DisplayBase);
    if (!F.Configuration.empty())
      OS << " (" << F.Configuration << ")";
    OS << ":\n";
    std::vector<std::string> Args =
        adjustForPlatform(F.Command.CommandLine, F.Target);
    OS << "  command:";
    for (const std::string &A : Args)
      OS << " " << quoted(A);
    OS << "\n  in folder: " << F.Command.Directory << "\n";
    if (!F.Inferred) {
      OS << "  from: "
         << (Opts.FixedArgs ? "the arguments after --"
                            : "the compile database (or its nearest entry)")
         << (F.StandIns.empty() ? "" : ", with stand-ins for Windows spellings")
         << "\n";
    } else {
      OS << "  from: the checkout model (no compile command lists this "
            "file)\n";
      OS << "  platform: " << F.PlatformReason << "\n";
    }
    for (const auto &[Part, Why] : F.Reasons)
      OS << "  " << Part << ": " << Why << "\n";
    for (const auto &[Path, Text] : F.StandIns) {
      // One line: the #include of a redirect, or the size of a header
      // written in place of what the build writes.
      llvm::StringRef T = llvm::StringRef(Text).trim();
      size_t Lines = T.count('\n') + 1;
      OS << "  stand-in " << Path << ": "
         << (Lines == 1 ? T.str()
                        : "a header of " + std::to_string(Lines) + " lines")
         << "\n";
    }
  }
  for (const FileReport &R : P.Rejected) {
    OS << shownPath(R.File, DisplayBase) << ": not parsed";
    for (const std::string &Why : R.Problems)
      OS << ": " << Why;
    for (const std::string &Why : R.Notices)
      OS << ": " << Why;
    OS << "\n";
  }
  OS.flush();
  return Out;
}

} // namespace pipelint
