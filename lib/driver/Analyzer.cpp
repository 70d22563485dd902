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
#include "driver/Inputs.h"
#include "driver/Platform.h"
#include "driver/Serialize.h"
#include "driver/SuppressionRecorder.h"
#include "driver/SourceText.h"
#include "driver/WorkerPool.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
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

/// Reads .clang-tidy files like clang-tidy does, but a project's Checks line
/// written for clang-tidy (`-*,bugprone-*`) must not switch pipe-lint off:
/// only the globs that name ipc-* rules are taken from configuration files.
class PipeLintOptionsProvider : public clang::tidy::FileOptionsProvider {
public:
  using FileOptionsProvider::FileOptionsProvider;

  std::vector<OptionsSource> getRawOptions(llvm::StringRef FileName) override {
    std::vector<OptionsSource> Sources =
        FileOptionsProvider::getRawOptions(FileName);
    for (OptionsSource &Source : Sources) {
      if (Source.second == OptionsSourceTypeDefaultBinary ||
          Source.second == OptionsSourceTypeCheckCommandLineOption)
        continue;
      if (Source.first.Checks)
        Source.first.Checks = ipcGlobsOnly(*Source.first.Checks);
    }
    return Sources;
  }

  static std::string ipcGlobsOnly(llvm::StringRef Globs) {
    std::string Out;
    llvm::SmallVector<llvm::StringRef, 8> Parts;
    Globs.split(Parts, ',', -1, false);
    for (llvm::StringRef Part : Parts) {
      llvm::StringRef Glob = Part.trim();
      llvm::StringRef Name = Glob.starts_with("-") ? Glob.drop_front() : Glob;
      if (!Name.starts_with("ipc-"))
        continue;
      if (!Out.empty())
        Out += ',';
      Out += Glob.str();
    }
    return Out;
  }
};

std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>
makeOptionsProvider(const AnalysisOptions &Opts) {
  clang::tidy::ClangTidyGlobalOptions Global;
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  Defaults.Checks = defaultChecks();
  ClangTidyOptions Overrides;
  if (!Opts.Checks.empty())
    Overrides.Checks = Opts.Checks;
  return std::make_unique<PipeLintOptionsProvider>(
      std::move(Global), std::move(Defaults), std::move(Overrides));
}

/// The frontend action: clang-tidy's AST consumer, with fatal errors made
/// non-fatal so that a missing header does not end the translation unit.
class TidyAction : public ASTFrontendAction {
public:
  explicit TidyAction(clang::tidy::ClangTidyASTConsumerFactory &Factory)
      : Factory(Factory) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef File) override {
    CI.getDiagnostics().setFatalsAsError(true);
    return Factory.createASTConsumer(CI, File);
  }

private:
  clang::tidy::ClangTidyASTConsumerFactory &Factory;
};

class TidyActionFactory : public FrontendActionFactory {
public:
  explicit TidyActionFactory(ClangTidyContext &Context)
      : Factory(Context, nullptr) {}

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<TidyAction>(Factory);
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
  clang::tidy::ClangTidyASTConsumerFactory Factory;
};

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

} // namespace

FileOutcome analyzePlanned(const PlannedFile &Planned,
                           const AnalysisOptions &Opts) {
  const std::string &File = Planned.File;
  FileOutcome Out;
  Out.Report.File = File;
  Out.Report.Notices = Planned.Notices;
  SingleCommandDatabase DB(Planned.Command);

  ClangTidyContext Context(makeOptionsProvider(Opts));
  clang::tidy::ClangTidyDiagnosticConsumer Consumer(Context, nullptr, true,
                                                    /*GetFixesFromNotes=*/false);
  SuppressionRecorder Recorder(Consumer, Context);
  DiagnosticsEngine DE(new DiagnosticIDs(), new DiagnosticOptions(), &Recorder,
                       /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&DE);

  ClangTool Tool(DB, {File});
  Tool.setPrintErrorMessage(false);
  Tool.setDiagnosticConsumer(&Recorder);
  Platform Target = Planned.Target;
  std::string ResourceDir = Opts.ResourceDir;
  bool AllowPlugins = Opts.AllowPlugins;
  std::vector<std::string> Removed;
  // Extra arguments from .clang-tidy files, as clang-tidy adds them.
  Tool.appendArgumentsAdjuster(
      [&Context](const CommandLineArguments &Args, llvm::StringRef Filename) {
        ClangTidyOptions FileOpts = Context.getOptionsForFile(Filename);
        CommandLineArguments Adjusted = Args;
        if (FileOpts.ExtraArgsBefore && !Adjusted.empty())
          Adjusted.insert(Adjusted.begin() + 1,
                          FileOpts.ExtraArgsBefore->begin(),
                          FileOpts.ExtraArgsBefore->end());
        if (FileOpts.ExtraArgs)
          Adjusted.insert(Adjusted.end(), FileOpts.ExtraArgs->begin(),
                          FileOpts.ExtraArgs->end());
        return Adjusted;
      });
  // Last of the user-controlled arguments: nothing they name may load code
  // or crash clang's driver.
  Tool.appendArgumentsAdjuster(
      [AllowPlugins, &Removed](const CommandLineArguments &Args,
                               llvm::StringRef) {
        CommandLineArguments Safe = dropArgsClangCrashesOn(Args);
        if (AllowPlugins)
          return Safe;
        return stripCodeLoadingArgs(Safe, Removed);
      });
  Tool.appendArgumentsAdjuster(
      [Target, ResourceDir](const CommandLineArguments &Args, llvm::StringRef) {
        CommandLineArguments Adjusted = adjustForPlatform(Args, Target);
        Adjusted = addResourceDir(std::move(Adjusted), ResourceDir);
        // Keep going after any number of errors: findings in what parsed
        // still count.
        Adjusted.push_back("-ferror-limit=0");
        return Adjusted;
      });

  TidyActionFactory Factory(Context);
  int Status = Tool.run(&Factory);
  std::vector<ClangTidyError> Errors = Consumer.take();

  if (!Removed.empty())
    Out.Report.Notices.push_back(
        "compiler arguments that load code were removed: " +
        llvm::join(Removed, ", ") + " (--allow-plugins keeps them)");

  SourceCache Cache;
  unsigned CompilerErrors = 0;
  for (const ClangTidyError &E : Errors) {
    std::string Path =
        E.Message.FilePath.empty()
            ? File
            : absolutePath(E.Message.FilePath, E.BuildDirectory);
    llvm::StringRef Name = E.DiagnosticName;
    if (!Name.starts_with("ipc-")) {
      if (E.DiagLevel == ClangTidyError::Error) {
        ++CompilerErrors;
        if (Out.Report.Problems.size() < 5)
          Out.Report.Problems.push_back(describeCompilerError(E, Path, Cache));
      } else if (Name == "clang-tidy-config") {
        Out.Report.Problems.push_back("configuration: " + E.Message.Message);
      }
      continue;
    }
    Finding F;
    F.RuleId = Name.str();
    const RuleInfo *Rule = findRule(F.RuleId);
    F.Severity = Rule ? Rule->DefaultLevel : Level::Warning;
    if (E.DiagLevel == ClangTidyError::Remark)
      F.Severity = Level::Note;
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
      std::string NotePath = Note.FilePath.empty()
                                 ? Path
                                 : absolutePath(Note.FilePath, E.BuildDirectory);
      F.Notes.push_back({makePos(Cache, NotePath, Note.FileOffset),
                         Note.Message});
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
    const RuleInfo *Rule = findRule(F.RuleId);
    F.Severity = R.Remark ? Level::Note
                          : (Rule ? Rule->DefaultLevel : Level::Warning);
    F.Message = R.Message;
    F.Pos = makePos(Cache, Path, R.Offset);
    for (const RecordedNote &N : R.Notes)
      F.Notes.push_back(
          {makePos(Cache, absolutePath(N.File, Planned.Command.Directory),
                   N.Offset),
           N.Message});
    F.Suppressed = true;
    Out.Findings.push_back(std::move(F));
  }

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

std::string defaultChecks() { return "-*,ipc-*"; }

std::vector<std::string> enabledChecks(const std::string &Globs) {
  ClangTidyOptions Opts = ClangTidyOptions::getDefaults();
  Opts.Checks = defaultChecks() + (Globs.empty() ? "" : "," + Globs);
  std::vector<std::string> Names = clang::tidy::getCheckNames(Opts, false);
  std::sort(Names.begin(), Names.end());
  return Names;
}

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
          std::vector<std::uint8_t> Bytes =
              nlohmann::json::to_msgpack(toJson(analyzePlanned(P.Files[I], Opts)));
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

  for (FileOutcome &O : Outcomes) {
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
  std::sort(Result.Files.begin(), Result.Files.end(),
            [](const FileReport &A, const FileReport &B) {
              return A.File < B.File;
            });
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
