//===--- main.cpp - the pipe-lint command line ----------------------------===//
//
// Thin: parses options, calls the driver, writes the report, maps the result
// to an exit code (0 clean, 1 findings at or above --fail-on, 2 usage or tool
// error).
//
//===----------------------------------------------------------------------===//
#include "BuildConfig.h"
#include "driver/Analyzer.h"
#include "driver/Platform.h"
#include "driver/Serialize.h"
#include "report/Reporters.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <string>
#include <vector>

using namespace llvm;
using namespace pipelint;

namespace {

cl::OptionCategory Category("pipe-lint options");

cl::list<std::string> Inputs(cl::Positional,
                             cl::desc("<source files or folders>"),
                             cl::cat(Category));
cl::opt<std::string> BuildPath(
    "p",
    cl::desc("Folder with compile_commands.json. Without it, the database is\n"
             "searched upwards from the first input, as clang-tidy does;\n"
             "arguments after `--` replace the database."),
    cl::value_desc("build-dir"), cl::cat(Category));
cl::opt<std::string> PlatformOpt(
    "platform",
    cl::desc("auto (default), host or windows. windows: analyse Windows code\n"
             "on Linux with the MinGW-w64 headers (--target=x86_64-w64-mingw32)\n"
             "and UNICODE/_UNICODE defined unless the arguments say otherwise.\n"
             "auto: host, but files that include <windows.h> and have no\n"
             "compile command, and MSVC commands, are analysed as windows"),
    cl::init("auto"), cl::cat(Category));
cl::list<std::string> Excludes(
    "exclude",
    cl::desc("Do not analyse paths matching this glob (repeatable), e.g.\n"
             "--exclude='third_party/*' --exclude='*_test.cpp'"),
    cl::value_desc("glob"), cl::cat(Category));
cl::opt<bool> AllowPlugins(
    "allow-plugins",
    cl::desc("Keep compiler arguments that load code (-fplugin=,\n"
             "-fpass-plugin=, -Xclang -load, ...) from compile databases and\n"
             ".clang-tidy files; by default they are removed with a notice"),
    cl::cat(Category));
cl::opt<unsigned> TimeoutPerFile(
    "timeout-per-file",
    cl::desc("Seconds one translation unit may take before it is reported\n"
             "as failed (default 600; 0: no limit)"),
    cl::init(600), cl::cat(Category));
cl::opt<bool> Quiet("quiet",
                    cl::desc("No progress lines on standard error"),
                    cl::cat(Category));
cl::opt<std::string> Checks(
    "checks",
    cl::desc("clang-tidy style globs selecting rules, applied after the\n"
             "default (every ipc-* rule) and .clang-tidy files, e.g.\n"
             "--checks=-ipc-leaked-pipe-object"),
    cl::cat(Category));
cl::opt<bool> ListChecks("list-checks",
                         cl::desc("List the enabled rules and exit"),
                         cl::cat(Category));
cl::opt<std::string> Explain("explain",
                             cl::desc("Print the documentation of a rule"),
                             cl::value_desc("rule-id"), cl::cat(Category));
cl::opt<std::string> Format("format", cl::desc("Output format: text or sarif"),
                            cl::init("text"), cl::cat(Category));
cl::opt<std::string> Output("o",
                            cl::desc("Write the report to this file instead "
                                     "of standard output"),
                            cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string>
    FailOn("fail-on",
           cl::desc("Exit with 1 when a finding at or above this level is\n"
                    "reported: error, warning (default), note or none"),
           cl::init("warning"), cl::cat(Category));
cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("Folder that SARIF paths are relative to (default: the git\n"
             "top level of the current folder, or the current folder)"),
    cl::cat(Category));
cl::opt<unsigned> Jobs("j",
                       cl::desc("Translation units analysed in parallel "
                                "(default: the number of cores)"),
                       cl::init(0), cl::Prefix, cl::cat(Category));
cl::opt<bool> PrintPluginPath(
    "print-plugin-path",
    cl::desc("Print the absolute path of the clang-tidy module, for\n"
             "clang-tidy-19 --load=$(pipe-lint --print-plugin-path)"),
    cl::cat(Category));

const char *Overview =
    "pipe-lint: static security analysis of inter-process communication code\n"
    "(Windows named pipes and securable objects, POSIX IPC, Qt local "
    "sockets).\n\n"
    "  pipe-lint [options] <files...> [-- <compiler arguments>]\n\n"
    "Examples:\n"
    "  pipe-lint -p build src/server.cpp\n"
    "  pipe-lint --platform=windows examples/pipe-server.cpp\n"
    "  pipe-lint -p build --format=sarif -o ipc.sarif src/*.cpp\n"
    "  pipe-lint --explain ipc-null-security-attributes\n\n"
    "Exit status: 0 no finding at or above --fail-on, 1 such findings,\n"
    "2 usage or tool error (nothing could be analysed, bad options).\n";

int usageError(const Twine &Message) {
  errs() << "pipe-lint: error: " << Message << "\n";
  errs() << "Run 'pipe-lint --help' for the options.\n";
  return 2;
}

std::string executablePath(const char *Argv0) {
  static int Anchor;
  return sys::fs::getMainExecutable(Argv0, &Anchor);
}

std::string pluginPath(const char *Argv0) {
  SmallString<256> Dir(sys::path::parent_path(executablePath(Argv0)));
  sys::path::remove_dots(Dir, true);
  for (const char *Rel : {"../lib/PipeLintModule.so",
                          "../lib/pipe-lint/PipeLintModule.so"}) {
    SmallString<256> Candidate(Dir);
    sys::path::append(Candidate, Rel);
    sys::path::remove_dots(Candidate, true);
    if (sys::fs::exists(Candidate))
      return std::string(Candidate);
  }
  return "";
}

std::string defaultSourceRoot() {
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  // The nearest folder with a .git entry, else the current folder.
  for (StringRef Dir = Cwd; !Dir.empty(); Dir = sys::path::parent_path(Dir)) {
    SmallString<256> Git(Dir);
    sys::path::append(Git, ".git");
    if (sys::fs::exists(Git))
      return Dir.str();
  }
  return std::string(Cwd);
}

std::string absolute(StringRef Path) {
  SmallString<256> Abs(Path);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, true);
  return std::string(Abs);
}

/// Quotes an argument for a POSIX shell when it needs it.
std::string shellQuote(StringRef Arg) {
  if (!Arg.empty() &&
      Arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "0123456789-_./=:,+@%") == StringRef::npos)
    return Arg.str();
  std::string Out = "'";
  for (char C : Arg)
    Out += C == '\'' ? std::string("'\\''") : std::string(1, C);
  return Out + "'";
}

} // namespace

int main(int argc, const char **argv) {
  // Everything after `--` is compiler arguments.
  std::vector<const char *> OwnArgs;
  std::optional<std::vector<std::string>> CompilerArgs;
  for (int I = 0; I < argc; ++I) {
    if (!CompilerArgs && I > 0 && StringRef(argv[I]) == "--") {
      CompilerArgs.emplace();
      continue;
    }
    if (CompilerArgs)
      CompilerArgs->push_back(argv[I]);
    else
      OwnArgs.push_back(argv[I]);
  }

  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "pipe-lint " << PIPELINT_VERSION << " (LLVM/Clang "
       << PIPELINT_LLVM_VERSION << ")\n";
  });
  std::string CommandLine;
  for (int I = 0; I < argc; ++I)
    CommandLine += (I ? " " : "") + shellQuote(argv[I]);
  if (!cl::ParseCommandLineOptions(static_cast<int>(OwnArgs.size()),
                                   OwnArgs.data(), Overview, &errs()))
    return 2;

  if (PrintPluginPath) {
    std::string Path = pluginPath(argv[0]);
    if (Path.empty()) {
      errs() << "pipe-lint: error: the clang-tidy module PipeLintModule.so "
                "was not found next to "
             << executablePath(argv[0]) << "\n";
      return 2;
    }
    outs() << Path << "\n";
    return 0;
  }

  if (!Explain.empty()) {
    const RuleInfo *Rule = findRule(Explain);
    if (!Rule) {
      std::string Known;
      for (const RuleInfo &R : allRules())
        Known += "\n  " + std::string(R.Id);
      return usageError("unknown rule '" + Explain + "'; the rules are:" +
                        Known);
    }
    outs() << Rule->Markdown;
    return 0;
  }

  Level FailLevel;
  if (!parseLevel(FailOn, FailLevel))
    return usageError("--fail-on must be error, warning, note or none, not '" +
                      FailOn + "'");
  if (Format != "text" && Format != "sarif")
    return usageError("--format must be text or sarif, not '" + Format + "'");

  AnalysisOptions Opts;
  if (PlatformOpt == "windows") {
    Opts.Target = Platform::Windows;
    std::string Missing = checkWindowsHeaders();
    if (!Missing.empty()) {
      errs() << "pipe-lint: error: " << Missing << "\n";
      return 2;
    }
  } else if (PlatformOpt == "host") {
    Opts.Target = Platform::Host;
  } else if (PlatformOpt != "auto") {
    return usageError("--platform must be auto, host or windows, not '" +
                      PlatformOpt + "'");
  }
  for (const std::string &Glob : Excludes) {
    auto Pattern = GlobPattern::create(Glob);
    if (!Pattern)
      return usageError("--exclude='" + Glob +
                        "' is not a valid glob: " +
                        toString(Pattern.takeError()));
  }
  Opts.Checks = Checks;
  std::vector<std::string> Enabled = enabledChecks(Opts.Checks);

  if (ListChecks) {
    outs() << "Enabled rules:\n";
    for (const std::string &Id : Enabled) {
      const RuleInfo *R = findRule(Id);
      outs() << "  " << Id;
      if (R)
        outs() << "  (" << levelName(R->DefaultLevel) << ", " << R->cweList()
               << ")  " << R->Short;
      outs() << "\n";
    }
    return 0;
  }

  if (Inputs.empty() && BuildPath.empty())
    return usageError("no input files; give source files or folders to "
                      "analyse, or -p <build-dir> to analyse every file of "
                      "its compile database");
  if (Enabled.empty())
    return usageError("--checks='" + Checks + "' enables no rule");

  // Fail before the analysis when the report cannot be written.
  if (!Output.empty()) {
    std::string OutputPath = absolute(Output);
    std::string Parent = sys::path::parent_path(OutputPath).str();
    if (!sys::fs::is_directory(Parent))
      return usageError("cannot write '" + Output + "': folder '" + Parent +
                        "' does not exist");
  }

  Opts.Inputs = Inputs;
  Opts.BuildPath = BuildPath;
  Opts.FixedArgs = CompilerArgs;
  Opts.Jobs = Jobs;
  Opts.ResourceDir = defaultResourceDir();
  Opts.Excludes = Excludes;
  Opts.AllowPlugins = AllowPlugins;
  Opts.TimeoutPerFile = TimeoutPerFile;
  Opts.Isolate = true;
  Opts.Progress = !Quiet && sys::Process::StandardErrIsDisplayed();

  AnalysisResult Result = analyze(Opts);
  for (const std::string &N : Result.RunNotices)
    errs() << "pipe-lint: note: " << N << "\n";
  if (!Result.FatalError.empty()) {
    errs() << "pipe-lint: error: " << Result.FatalError << "\n";
    return 2;
  }

  ReportContext Ctx;
  Ctx.SourceRoot = SourceRoot.empty() ? defaultSourceRoot() : absolute(SourceRoot);
  Ctx.CommandLine = CommandLine;
  Ctx.EnabledRules = Enabled;
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  Ctx.DisplayBase = std::string(Cwd);

  // Problems with inputs go to stderr, whatever the format.
  for (const FileReport &FR : Result.Files) {
    std::string Shown = relativeTo(FR.File, Ctx.DisplayBase);
    if (Shown.empty())
      Shown = FR.File;
    for (const std::string &N : FR.Notices)
      errs() << "pipe-lint: note: " << Shown << ": " << N << "\n";
    if (FR.Status == FileStatus::Analyzed)
      continue;
    std::string Problems;
    for (const std::string &P : FR.Problems)
      Problems += (Problems.empty() ? "" : "; ") + P;
    if (FR.Status == FileStatus::Failed)
      errs() << "pipe-lint: error: " << Shown << ": " << Problems << "\n";
    else if (FR.Status == FileStatus::Partial)
      errs() << "pipe-lint: warning: " << Shown
             << ": analysed partially, findings may be missing: " << Problems
             << "\n";
    else if (FR.Status == FileStatus::Skipped)
      errs() << "pipe-lint: warning: " << Shown << ": skipped: " << Problems
             << "\n";
  }

  std::string Report;
  raw_string_ostream RS(Report);
  if (Format == "sarif")
    RS << dumpJson(buildSarif(Result, Ctx), 2) << "\n";
  else
    writeText(Result, Ctx, RS);
  RS.flush();

  if (Output.empty()) {
    outs() << Report;
  } else {
    std::error_code EC;
    raw_fd_ostream File(Output, EC, sys::fs::OF_None);
    if (EC) {
      errs() << "pipe-lint: error: cannot write '" << Output
             << "': " << EC.message() << "\n";
      return 2;
    }
    File << Report;
  }

  if (!Result.anyAnalyzed()) {
    errs() << "pipe-lint: error: no input could be analysed\n";
    return 2;
  }
  return Result.countAtLeast(FailLevel) > 0 ? 1 : 0;
}
