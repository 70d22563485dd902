//===--- main.cpp - the pipe-lint command line ----------------------------===//
//
// Thin: parses options, calls the driver, writes the report, maps the result
// to an exit code (0 clean, 1 findings at or above --fail-on, 2 usage or tool
// error).
//
//===----------------------------------------------------------------------===//
#include "BuildConfig.h"
#include "CliSupport.h"
#include "driver/Analyzer.h"
#include "driver/Config.h"
#include "driver/Fixes.h"
#include "driver/Platform.h"
#include "driver/ResultCache.h"
#include "driver/Serialize.h"
#include "driver/ShowCommand.h"
#include "project/CheckoutModel.h"
#include "report/Baseline.h"
#include "report/Reporters.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace llvm;
using namespace pipelint;
using namespace pipelint::cli;

namespace {

cl::OptionCategory Category("pipe-lint options");

// --- pipe-lint merge ---------------------------------------------------------
cl::SubCommand MergeCommand(
    "merge", "Join SARIF logs (e.g. the shards of one analysis) into one log");
cl::list<std::string> MergeInputs(cl::Positional, cl::desc("<logs.sarif>"),
                                  cl::OneOrMore, cl::sub(MergeCommand),
                                  cl::cat(Category));
cl::opt<std::string> MergeOutput("o", cl::desc("The merged log (required)"),
                                 cl::value_desc("file"), cl::Required,
                                 cl::sub(MergeCommand), cl::cat(Category));

// --- pipe-lint [options] <inputs>
// ---------------------------------------------
cl::list<std::string> Inputs(cl::Positional,
                             cl::desc("<source files or folders>"),
                             cl::cat(Category));
cl::opt<std::string> BuildPath(
    "p",
    cl::desc("Folder with compile_commands.json. Without it, the database is\n"
             "searched upwards from the first input, as clang-tidy does;\n"
             "arguments after `--` replace the database. With -p and no\n"
             "inputs, every file of the database is analysed; with inputs,\n"
             "only its files under them."),
    cl::value_desc("build-dir"), cl::cat(Category));
cl::opt<std::string> PlatformOpt(
    "platform",
    cl::desc(
        "auto (default), host or windows. windows: analyse Windows code\n"
        "on Linux with the MinGW-w64 headers (--target=x86_64-w64-mingw32);\n"
        "with a compile command, UNICODE/_UNICODE are defined unless it says\n"
        "otherwise. auto: MSVC commands are windows, other compile commands\n"
        "host; a file without a compile command gets the platform its code\n"
        "and build files say (both, when it has IPC code on both sides of\n"
        "#ifdef _WIN32) and the character set they say: see --show-command"),
    cl::init("auto"), cl::cat(Category));
cl::list<std::string> Excludes(
    "exclude",
    cl::desc("Do not analyse paths matching this glob (repeatable), e.g.\n"
             "--exclude='third_party/*' --exclude='*_test.cpp'"),
    cl::value_desc("glob"), cl::cat(Category));
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
cl::opt<std::string>
    Format("format",
           cl::desc("Output format: text (default; clang style), sarif\n"
                    "(SARIF 2.1.0 for GitHub code scanning), markdown (a\n"
                    "review report) or json (a flat array for scripts)"),
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
cl::opt<std::string> Baseline(
    "baseline",
    cl::desc("A SARIF log of an earlier run: findings it has are marked\n"
             "unchanged and do not count for --fail-on; findings it lacks\n"
             "are new; its findings that are gone are listed as absent"),
    cl::value_desc("previous.sarif"), cl::cat(Category));
cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("Folder that SARIF paths are relative to (default: the git\n"
             "top level of the current folder, or the current folder)"),
    cl::cat(Category));
cl::opt<std::string> CategoryId(
    "category",
    cl::desc("SARIF automationDetails.id: tells GitHub code scanning apart\n"
             "several analyses of one commit"),
    cl::cat(Category));
cl::opt<std::string>
    Shard("shard",
          cl::desc("K/N: analyse only share K of N of the inputs (stable over\n"
                   "machines); join the logs with `pipe-lint merge`"),
          cl::value_desc("K/N"), cl::cat(Category));
cl::opt<unsigned> Jobs("j",
                       cl::desc("Translation units analysed in parallel "
                                "(default: the number of cores)"),
                       cl::init(0), cl::Prefix, cl::cat(Category));
cl::opt<unsigned> TimeoutPerFile(
    "timeout-per-file",
    cl::desc("Seconds one translation unit may take before it is reported\n"
             "as failed (default 600; 0: no limit)"),
    cl::init(600), cl::cat(Category));
cl::opt<bool> AllowPlugins(
    "allow-plugins",
    cl::desc("Keep compiler arguments that load code (-fplugin=,\n"
             "-fpass-plugin=, -Xclang -load, ...) from compile databases and\n"
             ".clang-tidy files; by default they are removed with a notice"),
    cl::cat(Category));
cl::opt<bool> NoPrefilter(
    "no-prefilter",
    cl::desc("Parse every translation unit, even one whose text (and\n"
             "project headers) mentions no name any rule looks for; by\n"
             "default such a file is analysed without a parse"),
    cl::cat(Category));
cl::opt<bool> NoInfer(
    "no-infer",
    cl::desc("Parse files that no compile database lists with the bare\n"
             "command (and -I/-D after `--`) instead of the command the\n"
             "checkout model infers (header index of the checkout, its\n"
             ".vcxproj, CMakeLists.txt and Makefiles, platform and character\n"
             "set from the code)"),
    cl::cat(Category));
cl::opt<std::string> CacheDir(
    "cache-dir",
    cl::desc("Keep each translation unit's result in this folder, and take\n"
             "it from there in later runs when nothing it depends on has\n"
             "changed (the files it read, its command, the configuration,\n"
             "the pipe-lint build); default: the environment variable\n"
             "PIPE_LINT_CACHE_DIR, else no cache. --cache-dir= turns it off"),
    cl::value_desc("folder"), cl::cat(Category));
cl::opt<std::string> CacheMaxSize(
    "cache-max-size",
    cl::desc("Bytes the --cache-dir folder may hold, with K, M or G\n"
             "(default 1G; 0: no limit): the least recently used results\n"
             "are removed first at the end of a run"),
    cl::value_desc("size"), cl::init("1G"), cl::cat(Category));
cl::opt<bool> ShowCommand(
    "show-command",
    cl::desc("Print, for each input file, the command it would be parsed\n"
             "with and where it comes from; for a command inferred from the\n"
             "checkout, the reason for each part; then exit"),
    cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("No progress lines on standard error"),
                    cl::cat(Category));
cl::list<std::string> LevelOverrides(
    "level",
    cl::desc("Report a rule at another level, e.g.\n"
             "--level ipc-unbounded-retry-loop=note (repeatable); SARIF\n"
             "records it as a rule configuration override"),
    cl::value_desc("rule=level"), cl::cat(Category));
// Registered as "pipe-lint-color" and renamed to "color" in main(): LLVM's
// own --color (a boolean) takes the name first.
cl::opt<std::string> Color("pipe-lint-color",
                           cl::desc("Colours in text output: auto (default: on "
                                    "a terminal), always or never"),
                           cl::init("auto"), cl::cat(Category));
cl::opt<bool> Fix("fix",
                  cl::desc("Apply the fix-its to the analysed sources (only "
                           "those files are written)"),
                  cl::cat(Category));
cl::opt<bool> DumpConfig(
    "dump-config",
    cl::desc("Print the effective configuration (.clang-tidy format: checks,\n"
             "options of every enabled rule) for the first input, or for the\n"
             "current folder, and exit; saved as .clang-tidy it reproduces\n"
             "the run"),
    cl::cat(Category));
cl::opt<bool> PrintPluginPath(
    "print-plugin-path",
    cl::desc("Print the absolute path of the clang-tidy module, for\n"
             "clang-tidy-19 --load=$(pipe-lint --print-plugin-path)"),
    cl::cat(Category));

const char *Overview =
    "pipe-lint: static security analysis of inter-process communication code\n"
    "(Windows named pipes and securable objects, POSIX IPC, Qt local "
    "sockets).\n\n"
    "  pipe-lint [options] <files or folders...> [-- <compiler arguments>]\n"
    "  pipe-lint merge <logs.sarif...> -o <merged.sarif>\n\n"
    "Examples:\n"
    "  pipe-lint -p build                       every file of the database\n"
    "  pipe-lint --platform=windows examples/windows/pipe-server.cpp\n"
    "  pipe-lint -p build --format=sarif -o ipc.sarif\n"
    "  pipe-lint --format=markdown -o report.md path/to/checkout\n"
    "  pipe-lint --explain ipc-null-security-attributes\n\n"
    "Exit status: 0 no finding at or above --fail-on, 1 such findings,\n"
    "2 usage or tool error (nothing could be analysed, bad options).\n";

int usageError(const Twine &Message) {
  errs() << "pipe-lint: error: " << Message << "\n";
  errs() << "Run 'pipe-lint --help' for the options.\n";
  return 2;
}

int toolError(const Twine &Message) {
  errs() << "pipe-lint: error: " << Message << "\n";
  return 2;
}

int runMerge() {
  std::vector<nlohmann::json> Logs;
  for (const std::string &Path : MergeInputs) {
    nlohmann::json Log;
    std::string Error;
    if (!readSarif(Path, Log, Error))
      return toolError(Error);
    Logs.push_back(std::move(Log));
  }
  nlohmann::json Merged;
  std::string Error;
  if (!mergeSarif(Logs, Merged, Error))
    return toolError(Error);
  std::string WriteError = writeOutput(MergeOutput, dumpJson(Merged, 2) + "\n");
  return WriteError.empty() ? 0 : toolError(WriteError);
}

int listChecks(const std::vector<std::string> &Enabled) {
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

int explain(const std::string &Id) {
  const RuleInfo *Rule = findRule(Id);
  if (!Rule) {
    std::string Known;
    for (const RuleInfo &R : allRules())
      Known += "\n  " + std::string(R.Id);
    return usageError("unknown rule '" + Id + "'; the rules are:" + Known);
  }
  outs() << Rule->Markdown;
  return 0;
}

/// Problems and notices about single files go to standard error.
void reportFileProblems(const AnalysisResult &Result,
                        const ReportContext &Ctx) {
  for (const FileReport &FR : Result.Files) {
    std::string Shown = relativeTo(FR.File, Ctx.DisplayBase);
    if (Shown.empty())
      Shown = FR.File;
    for (const std::string &N : FR.Notices)
      errs() << "pipe-lint: note: " << Shown << ": " << N << "\n";
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
  std::string CommandLine;
  for (int I = 0; I < argc; ++I)
    CommandLine += (I ? " " : "") + shellQuote(argv[I]);

  // Our --color=auto|always|never replaces LLVM's boolean --color.
  {
    StringMap<cl::Option *> &Registered = cl::getRegisteredOptions();
    auto It = Registered.find("color");
    if (It != Registered.end())
      It->second->setArgStr("llvm-color");
    Color.setArgStr("color");
  }
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "pipe-lint " << PIPELINT_VERSION << " (LLVM/Clang "
       << PIPELINT_LLVM_VERSION << ")\n";
  });
  if (!cl::ParseCommandLineOptions(static_cast<int>(OwnArgs.size()),
                                   OwnArgs.data(), Overview, &errs()))
    return 2;

  if (MergeCommand)
    return runMerge();
  if (PrintPluginPath) {
    std::string Path = pluginPath(argv[0]);
    if (Path.empty())
      return toolError("the clang-tidy module PipeLintModule.so was not found "
                       "next to " +
                       executablePath(argv[0]));
    outs() << Path << "\n";
    return 0;
  }
  if (!Explain.empty())
    return explain(Explain);

  // Validate every option before any work.
  Level FailLevel;
  if (!parseLevel(FailOn, FailLevel))
    return usageError("--fail-on must be error, warning, note or none, not '" +
                      FailOn + "'");
  if (Format != "text" && Format != "sarif" && Format != "markdown" &&
      Format != "json")
    return usageError("--format must be text, sarif, markdown or json, not '" +
                      Format + "'");
  AnalysisOptions Opts;
  if (PlatformOpt == "windows") {
    Opts.Target = Platform::Windows;
    std::string Missing = checkWindowsHeaders();
    if (!Missing.empty())
      return toolError(Missing);
  } else if (PlatformOpt == "host") {
    Opts.Target = Platform::Host;
  } else if (PlatformOpt != "auto") {
    return usageError("--platform must be auto, host or windows, not '" +
                      PlatformOpt + "'");
  }
  for (const std::string &Glob : Excludes) {
    auto Pattern = GlobPattern::create(Glob);
    if (!Pattern)
      return usageError("--exclude='" + Glob + "' is not a valid glob: " +
                        toString(Pattern.takeError()));
  }
  if (!Shard.empty()) {
    StringRef K, N;
    std::tie(K, N) = StringRef(Shard).split('/');
    if (K.getAsInteger(10, Opts.ShardIndex) ||
        N.getAsInteger(10, Opts.ShardCount) || Opts.ShardCount == 0 ||
        Opts.ShardIndex == 0 || Opts.ShardIndex > Opts.ShardCount)
      return usageError("--shard must be K/N with 1 <= K <= N, not '" + Shard +
                        "'");
  }
  Opts.Checks = Checks;
  std::vector<std::string> Enabled = enabledChecks(Opts.Checks);
  if (ListChecks)
    return listChecks(Enabled);
  if (DumpConfig) {
    std::string File =
        Inputs.empty() ? absolute("dummy.cpp") : absolute(Inputs.front());
    if (sys::fs::is_directory(File))
      File = absolute(File + "/dummy.cpp");
    outs() << dumpConfig(Opts, File);
    return 0;
  }
  std::map<std::string, Level> Overrides;
  for (const std::string &Entry : LevelOverrides) {
    StringRef Rule, Name;
    std::tie(Rule, Name) = StringRef(Entry).split('=');
    Level L;
    if (!findRule(Rule))
      return usageError("--level " + Entry + ": unknown rule '" + Rule + "'");
    if (!parseLevel(Name, L) || L == Level::None)
      return usageError("--level " + Entry +
                        ": the level must be error, warning or note");
    Overrides[Rule.str()] = L;
  }
  std::uint64_t CacheMaxBytes;
  if (!parseCacheSize(CacheMaxSize, CacheMaxBytes))
    return usageError("--cache-max-size must be a number of bytes with an "
                      "optional K, M or G, not '" +
                      CacheMaxSize + "'");
  if (Color != "auto" && Color != "always" && Color != "never")
    return usageError("--color must be auto, always or never, not '" + Color +
                      "'");
  if (Inputs.empty() && BuildPath.empty())
    return usageError("no input files; give source files or folders to "
                      "analyse, or -p <build-dir> to analyse every file of "
                      "its compile database");
  if (Enabled.empty())
    return usageError("--checks='" + Checks + "' enables no rule");
  if (!Output.empty()) {
    std::string Parent = sys::path::parent_path(absolute(Output)).str();
    if (!sys::fs::is_directory(Parent))
      return usageError("cannot write '" + Output + "': folder '" + Parent +
                        "' does not exist");
  }
  nlohmann::json BaselineLog;
  if (!Baseline.empty()) {
    std::string Error;
    if (!readSarif(Baseline, BaselineLog, Error))
      return toolError("--baseline: " + Error);
  }

  ReportContext Ctx;
  Ctx.SourceRoot =
      SourceRoot.empty() ? defaultSourceRoot() : absolute(SourceRoot);
  // An audit of a checkout elsewhere (pipe-lint ~/src/app/server): the
  // review's title and paths are the checkout's, not the current folder's.
  // (SARIF keeps SourceRoot: code scanning wants the repository's paths.)
  if (SourceRoot.empty() && !Inputs.empty()) {
    bool Inside = false;
    for (const std::string &In : Inputs) {
      std::string A = absolute(In);
      Inside |= StringRef(A).starts_with(Ctx.SourceRoot) &&
                (A.size() == Ctx.SourceRoot.size() ||
                 A[Ctx.SourceRoot.size()] == '/' || Ctx.SourceRoot == "/");
    }
    if (!Inside)
      Ctx.ReviewRoot = pipelint::project::checkoutRootFor(
          absolute(Inputs.front()), absolute("."));
  }
  Ctx.CommandLine = CommandLine;
  Ctx.EnabledRules = Enabled;
  Ctx.DisplayBase = absolute(".");
  Ctx.Category = CategoryId;
  Ctx.LevelOverrides = Overrides;
  Ctx.Color = Color == "always" || (Color == "auto" && Output.empty() &&
                                    sys::Process::StandardOutIsDisplayed());

  Opts.Inputs = Inputs;
  Opts.BuildPath = BuildPath;
  Opts.FixedArgs = CompilerArgs;
  Opts.Jobs = Jobs;
  Opts.ResourceDir = defaultResourceDir();
  Opts.Excludes = Excludes;
  Opts.AllowPlugins = AllowPlugins;
  Opts.TimeoutPerFile = TimeoutPerFile;
  Opts.Isolate = true;
  Opts.Prefilter = !NoPrefilter;
  Opts.InferCommands = !NoInfer;
  Opts.Progress = !Quiet && sys::Process::StandardErrIsDisplayed();
  Opts.ShardBase = Ctx.SourceRoot;
  std::string Cache = CacheDir;
  if (!CacheDir.getNumOccurrences())
    if (std::optional<std::string> Env =
            sys::Process::GetEnv("PIPE_LINT_CACHE_DIR"))
      Cache = *Env;
  if (!Cache.empty() && !ShowCommand) {
    Cache = absolute(Cache);
    std::string Problem = prepareCacheDir(Cache);
    if (Problem.empty())
      Opts.CacheDir = Cache;
    else
      errs() << "pipe-lint: warning: " << Problem
             << "; analysing without the result cache\n";
    Opts.CacheMaxSize = CacheMaxBytes;
  }

  if (ShowCommand) {
    std::string Error;
    std::string Text = showCommands(Opts, Ctx.DisplayBase, Error);
    if (!Error.empty())
      return toolError(Error);
    std::string WriteError = writeOutput(Output, Text);
    return WriteError.empty() ? 0 : toolError(WriteError);
  }
  AnalysisResult Result = analyze(Opts);
  for (const std::string &N : Result.RunNotices)
    errs() << "pipe-lint: note: " << N << "\n";
  if (!Result.FatalError.empty())
    return toolError(Result.FatalError);
  reportFileProblems(Result, Ctx);

  for (Finding &F : Result.Findings) {
    auto It = Overrides.find(F.RuleId);
    if (It != Overrides.end())
      F.Severity = It->second;
  }
  assignFingerprints(Result.Findings);
  if (!Baseline.empty()) {
    BaselineSummary Summary = applyBaseline(Result.Findings, BaselineLog,
                                            Ctx.SourceRoot, Result.Files);
    Ctx.BaselineApplied = true;
    Ctx.AbsentResults = Summary.Absent;
    errs() << "pipe-lint: baseline: " << Summary.New << " new, "
           << Summary.Unchanged << " unchanged, " << Summary.Absent.size()
           << " absent (fixed or moved)\n";
  }

  std::string Report;
  raw_string_ostream RS(Report);
  if (Format == "sarif")
    RS << dumpJson(buildSarif(Result, Ctx), 2) << "\n";
  else if (Format == "json")
    RS << dumpJson(buildJson(Result, Ctx), 2) << "\n";
  else if (Format == "markdown")
    writeMarkdown(Result, Ctx, RS);
  else
    writeText(Result, Ctx, RS);
  RS.flush();
  std::string WriteError = writeOutput(Output, Report);
  if (!WriteError.empty())
    return toolError(WriteError);

  if (Fix) {
    std::set<std::string> Analysed;
    for (const FileReport &FR : Result.Files)
      if (FR.Status == FileStatus::Analyzed || FR.Status == FileStatus::Partial)
        Analysed.insert(FR.File);
    FixSummary Fixed = applyFixes(Result.Findings, Analysed);
    for (const std::string &P : Fixed.Problems)
      errs() << "pipe-lint: warning: " << P << "\n";
    errs() << "pipe-lint: applied " << Fixed.Applied << " fix"
           << (Fixed.Applied == 1 ? "" : "es") << " in " << Fixed.FilesChanged
           << " file" << (Fixed.FilesChanged == 1 ? "" : "s") << "\n";
  }

  // A shard may legitimately have no file; otherwise nothing analysed is an
  // error.
  if (!Result.anyAnalyzed() && !(Opts.ShardCount > 1 && Result.Files.empty()))
    return toolError("no input could be analysed");
  return Result.countAtLeast(FailLevel) > 0 ? 1 : 0;
}
