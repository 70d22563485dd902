//===--- Analyzer.cpp - run the pipe-lint checks over files ---------------===//
//
// A per-file version of clang-tidy's runClangTidy: one ClangTidyContext and
// ClangTool per translation unit (so translation units can run on several
// threads), fatal errors such as a missing #include turned into errors so the
// rest of the file is still analysed, and the results converted into plain
// Findings.
//
//===----------------------------------------------------------------------===//
#include "driver/Analyzer.h"
#include "driver/CommandLine.h"
#include "driver/Config.h"
#include "driver/Coverage.h"
#include "driver/FindingLevel.h"
#include "driver/Inputs.h"
#include "driver/Platform.h"
#include "driver/Prefilter.h"
#include "driver/ResultCache.h"
#include "driver/Serialize.h"
#include "driver/SourceText.h"
#include "driver/SuppressionRecorder.h"
#include "driver/UserCodeScope.h"
#include "driver/WorkerPool.h"
#include "utils/NameLists.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace clang::tidy {
// Defined in checks/PipeLintModule.cpp: keeps the module's registration.
extern volatile int PipeLintModuleAnchorSource;
} // namespace clang::tidy

namespace pipelint {

using namespace clang;
using namespace clang::tooling;
using clang::tidy::ClangTidyContext;
using clang::tidy::ClangTidyError;
using clang::tidy::ClangTidyOptions;

namespace {

[[maybe_unused]] const int ModuleAnchor =
    clang::tidy::PipeLintModuleAnchorSource;

/// The frontend action: clang-tidy's AST consumer, with fatal errors made
/// non-fatal so that a missing header does not end the translation unit.
class TidyAction : public ASTFrontendAction {
public:
  TidyAction(clang::tidy::ClangTidyASTConsumerFactory &Factory,
             ClangTidyContext &Context, std::set<unsigned> &Analysed)
      : Factory(Factory), Context(Context), Analysed(Analysed) {}

  std::unique_ptr<ASTConsumer>
  CreateASTConsumer(CompilerInstance &CI, llvm::StringRef File) override {
    CI.getDiagnostics().setFatalsAsError(true);
    std::unique_ptr<ASTConsumer> Tidy = Factory.createASTConsumer(CI, File);
    // Findings in system headers asked for: the whole AST is walked.
    if (!Context.getOptions().SystemHeaders.value_or(false))
      Tidy = withUserCodeScope(std::move(Tidy));
    // Then the coverage count: which IPC calls the rules had before them.
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(std::move(Tidy));
    Consumers.push_back(makeCoverageConsumer(Analysed));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

private:
  clang::tidy::ClangTidyASTConsumerFactory &Factory;
  ClangTidyContext &Context;
  std::set<unsigned> &Analysed;
};

class TidyActionFactory : public FrontendActionFactory {
public:
  TidyActionFactory(ClangTidyContext &Context, std::set<unsigned> &Analysed)
      : Context(Context), Factory(Context, nullptr), Analysed(Analysed) {}

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<TidyAction>(Factory, Context, Analysed);
  }

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // As clang-tidy does: code may test __clang_analyzer__.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
    // No "N warnings generated." on stderr: the findings are reported by us.
    Invocation->getDiagnosticOpts().ShowCarets = false;
    return FrontendActionFactory::runInvocation(Invocation, Files,
                                                PCHContainerOps, DiagConsumer);
  }

private:
  ClangTidyContext &Context;
  clang::tidy::ClangTidyASTConsumerFactory Factory;
  std::set<unsigned> &Analysed;
};

/// The real file system with the stand-in headers of an inferred command
/// on top.
llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
fileSystemFor(const PlannedFile &Planned) {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Real =
      llvm::vfs::getRealFileSystem();
  if (Planned.StandIns.empty())
    return Real;
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(Real);
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const auto &[Path, Text] : Planned.StandIns)
    Memory->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Text, Path));
  Overlay->pushOverlay(Memory);
  return Overlay;
}

/// The same command for the other character set.
std::vector<std::string> otherCharset(std::vector<std::string> Args) {
  for (std::string &A : Args) {
    if (A == "-DUNICODE")
      A = "-UUNICODE";
    else if (A == "-D_UNICODE")
      A = "-U_UNICODE";
    else if (A == "-UUNICODE")
      A = "-DUNICODE";
    else if (A == "-U_UNICODE")
      A = "-D_UNICODE";
  }
  return Args;
}

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> Abs(Path);
  if (!llvm::sys::path::is_absolute(Abs)) {
    if (!Base.empty()) {
      llvm::SmallString<256> Joined(Base);
      llvm::sys::path::append(Joined, Path);
      Abs = Joined;
    } else {
      llvm::sys::fs::make_absolute(Abs);
    }
  }
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

SourcePos makePos(SourceCache &Cache, const std::string &File,
                  unsigned Offset) {
  SourcePos Pos;
  Pos.File = File;
  Pos.Offset = Offset;
  if (const SourceText *Text = Cache.get(File)) {
    Text->position(Offset, Pos.Line, Pos.Column);
    unsigned EndLine, EndColumn;
    Text->position(Offset + tokenLength(Text->text(), Offset), EndLine,
                   EndColumn);
    Pos.EndLine = EndLine;
    Pos.EndColumn = EndColumn;
  }
  return Pos;
}

/// Turns a "'foo.h' file not found" error into a short problem line.
std::string describeCompilerError(const ClangTidyError &E,
                                  const std::string &File, SourceCache &Cache) {
  std::string Where;
  if (!E.Message.FilePath.empty()) {
    SourcePos Pos = makePos(Cache, File, E.Message.FileOffset);
    Where = llvm::sys::path::filename(File).str() + ":" +
            std::to_string(Pos.Line) + ": ";
  }
  return Where + E.Message.Message;
}

/// The one command a planned file is parsed with.
class SingleCommandDatabase : public CompilationDatabase {
public:
  explicit SingleCommandDatabase(CompileCommand Command)
      : Command(std::move(Command)) {}
  std::vector<CompileCommand>
  getCompileCommands(llvm::StringRef) const override {
    return {Command};
  }
  std::vector<std::string> getAllFiles() const override {
    return {Command.Filename};
  }
  std::vector<CompileCommand> getAllCompileCommands() const override {
    return {Command};
  }

private:
  CompileCommand Command;
};

/// The command line the parse gets, as ClangTool and clang-tidy would make
/// it: ClangTool's own adjustments (no output or dependency files,
/// -fsyntax-only), the ExtraArgs of .clang-tidy files, then the removal of
/// arguments that load code (listed in \p Removed) and the platform preset.
CommandLineArguments finalArguments(const PlannedFile &Planned,
                                    ClangTidyContext &Context,
                                    const AnalysisOptions &Opts,
                                    std::vector<std::string> &Removed) {
  ArgumentsAdjuster Adjust =
      combineAdjusters(combineAdjusters(getClangStripOutputAdjuster(),
                                        getClangSyntaxOnlyAdjuster()),
                       getClangStripDependencyFileAdjuster());
  // Extra arguments from .clang-tidy files, as clang-tidy adds them.
  Adjust = combineAdjusters(Adjust, [&Context](const CommandLineArguments &Args,
                                               llvm::StringRef Filename) {
    ClangTidyOptions FileOpts = Context.getOptionsForFile(Filename);
    CommandLineArguments Adjusted = Args;
    if (FileOpts.ExtraArgsBefore && !Adjusted.empty())
      Adjusted.insert(Adjusted.begin() + 1, FileOpts.ExtraArgsBefore->begin(),
                      FileOpts.ExtraArgsBefore->end());
    if (FileOpts.ExtraArgs)
      Adjusted.insert(Adjusted.end(), FileOpts.ExtraArgs->begin(),
                      FileOpts.ExtraArgs->end());
    return Adjusted;
  });
  // Last of the user-controlled arguments: nothing they name may load code
  // or crash clang's driver.
  bool AllowPlugins = Opts.AllowPlugins;
  Adjust = combineAdjusters(
      Adjust, [AllowPlugins, &Removed](const CommandLineArguments &Args,
                                       llvm::StringRef) {
        CommandLineArguments Safe = dropArgsClangCrashesOn(Args);
        if (AllowPlugins)
          return Safe;
        return stripCodeLoadingArgs(Safe, Removed);
      });
  Platform Target = Planned.Target;
  std::string ResourceDir = Opts.ResourceDir;
  Adjust = combineAdjusters(
      Adjust,
      [Target, ResourceDir](const CommandLineArguments &Args, llvm::StringRef) {
        CommandLineArguments Adjusted = adjustForPlatform(Args, Target);
        Adjusted = addResourceDir(std::move(Adjusted), ResourceDir);
        // Keep going after any number of errors: findings in what parsed
        // still count.
        Adjusted.push_back("-ferror-limit=0");
        return Adjusted;
      });
  return Adjust(Planned.Command.CommandLine, Planned.Command.Filename);
}

/// What the pre-filter needs to know of the file's command and options.
PrefilterRequest prefilterRequest(const PlannedFile &Planned,
                                  const CompileCommand &Command,
                                  ClangTidyContext &Context) {
  PrefilterRequest R;
  R.File = Planned.File;
  R.Directory = Command.Directory;
  R.Arguments = Command.CommandLine;
  ClangTidyOptions FileOpts = Context.getOptionsForFile(Planned.File);
  auto Option = [&](llvm::StringRef Key) -> std::string {
    auto It = FileOpts.CheckOptions.find(Key);
    return It == FileOpts.CheckOptions.end() ? "" : It->second.Value;
  };
  // Any enumerator of an enum listed there is a flag: the names the source
  // spells cannot be known without the parse.
  if (!clang::tidy::pipelint::utils::splitNameList(
           Option("ipc-overwritten-access-flags.FlagNames"))
           .empty())
    R.ParseAlwaysReason = "the FlagNames option is set";
  if (FileOpts.SystemHeaders.value_or(false))
    R.ParseAlwaysReason = "findings in system headers are asked for";
  // A listed function is called by its simple name (ns::Class::open: open).
  for (const std::string &N : clang::tidy::pipelint::utils::splitNameList(
           Option("ipc-unbounded-retry-loop.IpcFunctions"))) {
    llvm::StringRef Simple = llvm::StringRef(N).rsplit("::").second;
    R.ExtraNames.push_back(
        (Simple.empty() ? llvm::StringRef(N) : Simple).str());
  }
  R.HeaderFindings =
      FileOpts.HeaderFilterRegex && !FileOpts.HeaderFilterRegex->empty();
  return R;
}

/// One analysis of a planned file, with the coverage of its IPC calls.
struct AttemptErrors {
  unsigned Count = 0;
  /// Some error is about narrow and wide characters.
  bool Charset = false;
  /// The outcome came from the result cache.
  bool FromCache = false;
};

bool mentionsCharset(llvm::StringRef Message) {
  for (llvm::StringRef Word :
       {"wchar_t", "LPCWSTR", "LPWSTR", "LPCSTR", "LPSTR", "WCHAR", "TCHAR"})
    if (Message.contains(Word))
      return true;
  // C++: "no matching function for call to 'CreateFileW'" (the types are
  // in the notes): a Win32 function of the A/W pair.
  llvm::StringRef Call = "no matching function for call to '";
  size_t At = Message.find(Call);
  if (At == llvm::StringRef::npos)
    return false;
  llvm::StringRef Name = Message.drop_front(At + Call.size()).split('\'').first;
  return Name.size() > 1 && (Name.ends_with("W") || Name.ends_with("A")) &&
         llvm::isUpper(Name.front());
}

/// One analysis; with a cache session, the first attempt looks the unit up
/// (\p Errs.FromCache on a hit) and every parse records what it reads.
FileOutcome attemptPlanned(const PlannedFile &Planned,
                           const AnalysisOptions &Opts, AttemptErrors &Errs,
                           CacheSession &Session) {
  const std::string &File = Planned.File;
  FileOutcome Out;
  Out.Report.File = File;
  Out.Report.Notices = Planned.Notices;
  std::set<unsigned> Analysed;

  ClangTidyContext Context(makeOptionsProvider(Opts));
  clang::tidy::ClangTidyDiagnosticConsumer Consumer(
      Context, nullptr, true,
      /*GetFixesFromNotes=*/false);
  SuppressionRecorder Recorder(Consumer, Context);
  DiagnosticsEngine DE(new DiagnosticIDs(), new DiagnosticOptions(), &Recorder,
                       /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&DE);

  std::vector<std::string> Removed;
  CompileCommand Command = Planned.Command;
  Command.CommandLine = finalArguments(Planned, Context, Opts, Removed);

  bool Parse = true;
  if (Opts.Prefilter)
    Parse = prefilter(prefilterRequest(Planned, Command, Context)).Parse;
  if (Parse && Session.enabled()) {
    std::optional<FileOutcome> Hit = Session.lookup(
        Command.CommandLine,
        clang::tidy::configurationAsText(Context.getOptionsForFile(File)),
        *fileSystemFor(Planned));
    if (Hit) {
      Errs.FromCache = true;
      return std::move(*Hit);
    }
  }
  int Status = 0;
  if (Parse) {
    SingleCommandDatabase DB(Command);
    ClangTool Tool(DB, {File}, std::make_shared<PCHContainerOperations>(),
                   Session.recording(fileSystemFor(Planned)));
    Tool.setPrintErrorMessage(false);
    Tool.setDiagnosticConsumer(&Recorder);
    // finalArguments made every adjustment, ClangTool's own included.
    Tool.clearArgumentsAdjusters();
    TidyActionFactory Factory(Context, Analysed);
    Status = Tool.run(&Factory);
  } else {
    Out.Report.Prefiltered = true;
  }
  std::vector<ClangTidyError> Errors = Consumer.take();

  if (!Removed.empty())
    Out.Report.Notices.push_back(
        "compiler arguments that load code were removed: " +
        llvm::join(Removed, ", ") + " (--allow-plugins keeps them)");

  SourceCache Cache;
  unsigned CompilerErrors = 0;
  for (const ClangTidyError &E : Errors) {
    std::string Path = E.Message.FilePath.empty()
                           ? File
                           : absolutePath(E.Message.FilePath, E.BuildDirectory);
    llvm::StringRef Name = E.DiagnosticName;
    if (!Name.starts_with("ipc-")) {
      if (E.DiagLevel == ClangTidyError::Error) {
        ++CompilerErrors;
        Errs.Charset |= mentionsCharset(E.Message.Message);
        if (Out.Report.Problems.size() < 5)
          Out.Report.Problems.push_back(describeCompilerError(E, Path, Cache));
      } else if (Name == "clang-tidy-config") {
        Out.Report.Problems.push_back("configuration: " + E.Message.Message);
      }
      continue;
    }
    Finding F;
    F.RuleId = Name.str();
    {
      std::vector<std::string> NoteTexts;
      for (const auto &Note : E.Notes)
        NoteTexts.push_back(Note.Message);
      F.Severity = findingLevel(F.RuleId, E.DiagLevel == ClangTidyError::Remark,
                                NoteTexts);
    }
    // WarningsAsErrors in .clang-tidy.
    if (E.IsWarningAsError)
      F.Severity = Level::Error;
    F.Message = E.Message.Message;
    F.Pos = makePos(Cache, Path, E.Message.FileOffset);
    for (const auto &Range : E.Message.Ranges) {
      if (Range.FilePath != E.Message.FilePath ||
          Range.FileOffset != E.Message.FileOffset || Range.Length == 0)
        continue;
      if (const SourceText *Text = Cache.get(Path))
        Text->position(Range.FileOffset + Range.Length, F.Pos.EndLine,
                       F.Pos.EndColumn);
    }
    for (const auto &Note : E.Notes) {
      std::string NotePath =
          Note.FilePath.empty() ? Path
                                : absolutePath(Note.FilePath, E.BuildDirectory);
      F.Notes.push_back(
          {makePos(Cache, NotePath, Note.FileOffset), Note.Message});
    }
    for (const auto &FileFix : E.Message.Fix) {
      for (const Replacement &R : FileFix.second) {
        FixReplacement Fix;
        std::string FixPath = absolutePath(R.getFilePath(), E.BuildDirectory);
        Fix.Range = makePos(Cache, FixPath, R.getOffset());
        if (const SourceText *Text = Cache.get(FixPath))
          Text->position(R.getOffset() + R.getLength(), Fix.Range.EndLine,
                         Fix.Range.EndColumn);
        Fix.Length = R.getLength();
        Fix.Text = R.getReplacementText().str();
        F.Fixes.push_back(std::move(Fix));
      }
    }
    F.Configuration = Planned.Configuration;
    Out.Findings.push_back(std::move(F));
  }

  // What clang-tidy did not keep of our own diagnostics in this file was
  // suppressed (NOLINT): keep it, marked, for SARIF.
  for (const RecordedDiagnostic &R : Recorder.recorded()) {
    std::string Path = absolutePath(R.File, Planned.Command.Directory);
    if (Path != File)
      continue;
    bool Kept = false;
    for (const Finding &F : Out.Findings)
      Kept = Kept || (F.RuleId == R.Check && F.Pos.Offset == R.Offset &&
                      F.Message == R.Message);
    if (Kept)
      continue;
    Finding F;
    F.RuleId = R.Check;
    std::vector<std::string> NoteTexts;
    for (const RecordedNote &N : R.Notes)
      NoteTexts.push_back(N.Message);
    F.Severity = findingLevel(F.RuleId, R.Remark, NoteTexts);
    F.Message = R.Message;
    F.Pos = makePos(Cache, Path, R.Offset);
    for (const RecordedNote &N : R.Notes)
      F.Notes.push_back(
          {makePos(Cache, absolutePath(N.File, Planned.Command.Directory),
                   N.Offset),
           N.Message});
    F.Suppressed = true;
    F.Configuration = Planned.Configuration;
    Out.Findings.push_back(std::move(F));
  }

  // The IPC calls the file spells, and those the rules saw.
  if (const SourceText *Text = Cache.get(File)) {
    llvm::StringRef Ext = llvm::sys::path::extension(File);
    auto Sites = ipcCallSites(Text->text(), Ext != ".c");
    Out.Report.IpcCallsSeen = static_cast<int>(Sites.size());
    Out.Report.IpcCallsAnalysed = 0;
    for (const auto &[Site, Name] : Sites)
      if (Analysed.count(Site)) {
        ++Out.Report.IpcCallsAnalysed;
        Out.Report.AnalysedSites.push_back(Site);
      } else {
        unsigned Line = 0, Column = 0;
        Text->position(Site, Line, Column);
        Out.Report.MissedSites.push_back(
            {Site, Name + " (line " + std::to_string(Line) + ")"});
      }
  }
  if (Planned.Inferred) {
    Out.Report.Configurations = {Planned.Configuration};
    Out.Report.Unresolved = Planned.Unresolved;
  }
  Errs.Count = CompilerErrors;

  if (CompilerErrors > 0) {
    Out.Report.Status = FileStatus::Partial;
    if (CompilerErrors > Out.Report.Problems.size())
      Out.Report.Problems.push_back(
          "and " + std::to_string(CompilerErrors - Out.Report.Problems.size()) +
          " more errors");
  } else if (Status != 0) {
    // The tool failed without telling us why (e.g. no compile command).
    Out.Report.Status = FileStatus::Failed;
    Out.Report.Problems.push_back("the compiler could not process this file");
  }
  return Out;
}

/// The analysis of a planned file, with the other character set when the
/// guessed one did not compile.
FileOutcome analyzeOnce(const PlannedFile &Planned, const AnalysisOptions &Opts,
                        CacheSession &Session) {
  AttemptErrors Errors;
  FileOutcome Out = attemptPlanned(Planned, Opts, Errors, Session);
  const FileReport &R = Out.Report;
  // A guessed character set under which calls did not compile: the other
  // one, and the better of the two (more IPC calls analysed, then fewer
  // errors). A result from the cache is already the better one.
  if (Errors.FromCache || !Planned.CharsetGuessed || !Errors.Charset)
    return Out;
  PlannedFile Other = Planned;
  Other.Command.CommandLine = otherCharset(Planned.Command.CommandLine);
  bool ToUnicode = llvm::is_contained(Other.Command.CommandLine, "-DUNICODE");
  Other.Configuration = ToUnicode ? "windows (UNICODE)" : "windows (ANSI)";
  AttemptErrors OtherErrors;
  FileOutcome Second = attemptPlanned(Other, Opts, OtherErrors, Session);
  bool Better = Second.Report.IpcCallsAnalysed > R.IpcCallsAnalysed ||
                (Second.Report.IpcCallsAnalysed == R.IpcCallsAnalysed &&
                 OtherErrors.Count < Errors.Count);
  if (!Better)
    return Out;
  Second.Report.Notices.push_back(
      "character set: " + std::string(ToUnicode ? "UNICODE" : "ANSI") +
      ", as calls did not compile with the other one");
  return Second;
}

} // namespace

FileOutcome analyzePlanned(const PlannedFile &Planned,
                           const AnalysisOptions &Opts) {
  CacheSession Session(Planned, Opts);
  FileOutcome Out = analyzeOnce(Planned, Opts, Session);
  Session.finish(Out);
  return Out;
}

} // namespace pipelint
