//===--- Inputs.cpp - from command-line inputs to compile commands --------===//
#include "driver/Inputs.h"
#include "driver/CommandLine.h"
#include "driver/Coverage.h"
#include "driver/Platform.h"
#include "driver/ProjectDatabase.h"
#include "project/CheckoutModel.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <set>

namespace pipelint {

using clang::tooling::CompilationDatabase;
using clang::tooling::CompileCommand;

namespace {

std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

std::string currentDir() {
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  return std::string(Cwd);
}

/// Lets a ProjectDatabase owned elsewhere be wrapped by clang's interpolation.
class BorrowedDatabase : public CompilationDatabase {
public:
  explicit BorrowedDatabase(const CompilationDatabase &DB) : DB(DB) {}
  std::vector<CompileCommand>
  getCompileCommands(llvm::StringRef File) const override {
    return DB.getCompileCommands(File);
  }
  std::vector<std::string> getAllFiles() const override {
    return DB.getAllFiles();
  }
  std::vector<CompileCommand> getAllCompileCommands() const override {
    return DB.getAllCompileCommands();
  }

private:
  const CompilationDatabase &DB;
};

/// The database the options name: -p, or one found upwards from the first
/// input. Either a ProjectDatabase (compile_commands.json) or another kind
/// clang knows (compile_flags.txt).
struct LoadedDatabase {
  std::unique_ptr<ProjectDatabase> Project;
  std::unique_ptr<CompilationDatabase> Other;
  std::unique_ptr<CompilationDatabase> Inferring; ///< interpolates the rest
  std::string Where;
};

bool loadFrom(const std::string &Dir, LoadedDatabase &DB, std::string &Error) {
  llvm::SmallString<256> Json(Dir);
  llvm::sys::path::append(Json, "compile_commands.json");
  if (llvm::sys::fs::exists(Json)) {
    DB.Project = ProjectDatabase::load(std::string(Json), Error);
    DB.Where = std::string(Json);
    return DB.Project != nullptr;
  }
  llvm::SmallString<256> Flags(Dir);
  llvm::sys::path::append(Flags, "compile_flags.txt");
  if (llvm::sys::fs::exists(Flags)) {
    std::string LoadError;
    DB.Other = CompilationDatabase::loadFromDirectory(Dir, LoadError);
    DB.Where = std::string(Flags);
    if (!DB.Other)
      Error = std::string(Flags) + ": " + LoadError;
    return DB.Other != nullptr;
  }
  return false;
}

bool looksBinary(llvm::StringRef Text) {
  return Text.take_front(64 * 1024).contains('\0');
}

bool includesWindowsHeader(llvm::StringRef Text) {
  std::string Lower = Text.take_front(4 * 1024 * 1024).lower();
  size_t Pos = 0;
  while ((Pos = Lower.find("windows.h", Pos)) != std::string::npos) {
    // "#include <windows.h>" or "#include \"windows.h\"" on this line.
    size_t LineStart = Lower.rfind('\n', Pos);
    LineStart = LineStart == std::string::npos ? 0 : LineStart + 1;
    llvm::StringRef Line = llvm::StringRef(Lower).slice(LineStart, Pos).trim();
    if (Line.consume_front("#") && Line.ltrim().starts_with("include"))
      return true;
    Pos += 9;
  }
  return false;
}

bool isUnder(llvm::StringRef File, llvm::StringRef Dir) {
  if (!File.starts_with(Dir))
    return false;
  return File.size() == Dir.size() || Dir.ends_with("/") ||
         File[Dir.size()] == '/';
}

void addSpellingRedirects(PlannedFile &PF, project::CheckoutModel &Model,
                          const std::vector<std::string> &Args) {
  bool User = false, System = false;
  for (const project::Redirect &R : Model.spellingRedirects(PF.File, Args)) {
    std::string Path = R.shimPath();
    if (Path.empty())
      continue;
    PF.StandIns.push_back({Path, R.shimText()});
    PF.Reasons.push_back({R.Spelled, R.Why});
    (R.System ? System : User) = true;
  }
  std::vector<std::string> &Line = PF.Command.CommandLine;
  auto Before = Line.end() - 1; // the file
  if (System) {
    Before = Line.insert(Before, project::SystemShimDir);
    Before = Line.insert(Before, "-idirafter");
  }
  if (User) {
    Before = Line.insert(Before, project::UserShimDir);
    Line.insert(Before, "-I");
  }
}

} // namespace

unsigned shardOf(const std::string &File, const std::string &Base,
                 unsigned Count) {
  llvm::StringRef Rel = File;
  if (!Base.empty() && isUnder(File, Base) && File.size() > Base.size())
    Rel = llvm::StringRef(File).drop_front(Base.size()).ltrim('/');
  // FNV-1a: the same on every machine and every run.
  uint64_t H = 1469598103934665603ULL;
  for (unsigned char C : Rel) {
    H ^= C;
    H *= 1099511628211ULL;
  }
  return static_cast<unsigned>(H % Count);
}

bool isSourceFileName(llvm::StringRef Path) {
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  return Ext == ".c" || Ext == ".cc" || Ext == ".cpp" || Ext == ".cxx" ||
         Ext == ".c++" || Ext == ".C" || Ext == ".cp";
}

Plan planAnalysis(const AnalysisOptions &Opts) {
  Plan P;
  std::string Cwd = currentDir();

  // 1. The compile database.
  LoadedDatabase DB;
  if (!Opts.FixedArgs) {
    std::string Error;
    if (!Opts.BuildPath.empty()) {
      std::string Dir = absolutePath(Opts.BuildPath);
      if (llvm::sys::path::filename(Dir) == "compile_commands.json" &&
          !llvm::sys::fs::is_directory(Dir))
        Dir = llvm::sys::path::parent_path(Dir).str();
      if (!llvm::sys::fs::is_directory(Dir)) {
        P.FatalError = "-p " + Opts.BuildPath + ": no such folder";
        return P;
      }
      if (!loadFrom(Dir, DB, Error)) {
        P.FatalError = Error.empty() ? "-p " + Opts.BuildPath +
                                           ": no compile_commands.json or "
                                           "compile_flags.txt in " +
                                           Dir
                                     : Error;
        return P;
      }
    } else if (!Opts.Inputs.empty()) {
      std::string Start = absolutePath(Opts.Inputs.front());
      if (!llvm::sys::fs::is_directory(Start))
        Start = llvm::sys::path::parent_path(Start).str();
      for (llvm::StringRef Dir = Start; !Dir.empty();
           Dir = llvm::sys::path::parent_path(Dir)) {
        if (loadFrom(Dir.str(), DB, Error) || !Error.empty())
          break;
      }
      if (!Error.empty()) {
        P.FatalError = Error;
        return P;
      }
    }
    if (DB.Project) {
      for (const std::string &W : DB.Project->warnings())
        P.Notices.push_back(W);
      if (DB.Project->entries().empty())
        P.Notices.push_back(DB.Where + " has no entries");
      DB.Inferring = clang::tooling::inferMissingCompileCommands(
          std::make_unique<BorrowedDatabase>(*DB.Project));
    } else if (DB.Other) {
      DB.Inferring = clang::tooling::inferMissingCompileCommands(
          std::make_unique<BorrowedDatabase>(*DB.Other));
    }
  }

  // 2. The files: inputs expanded, or every database entry.
  std::vector<std::string> Candidates;
  // The checkout a file of a folder input belongs to (the checkout model's
  // root): the version-control top above the folder, else the folder.
  std::map<std::string, std::string> RootOf;
  std::vector<std::string> FromDatabase; // entries whose file is gone
  auto AddDatabaseEntries = [&](llvm::StringRef Under) {
    size_t Before = Candidates.size();
    if (DB.Project) {
      for (const DatabaseEntry &E : DB.Project->entries()) {
        if (E.File.empty()) {
          if (Under.empty())
            FromDatabase.push_back(E.Written);
          continue;
        }
        if (Under.empty() || isUnder(E.File, Under))
          Candidates.push_back(E.File);
      }
    } else if (DB.Other) {
      for (const std::string &F : DB.Other->getAllFiles())
        if (Under.empty() || isUnder(F, Under))
          Candidates.push_back(absolutePath(F));
    }
    return Candidates.size() > Before;
  };

  if (Opts.Inputs.empty()) {
    if (!AddDatabaseEntries(""))
      P.FatalError = DB.Where.empty() ? "no input files and no compile database"
                                      : "no input files, and " + DB.Where +
                                            " lists no file that exists";
  }
  for (const std::string &Input : Opts.Inputs) {
    std::string Abs = absolutePath(Input);
    llvm::sys::fs::file_status Status;
    if (llvm::sys::fs::status(Abs, Status) || !llvm::sys::fs::exists(Status)) {
      P.Rejected.push_back(
          {Abs, FileStatus::Failed, {"no such file or directory"}, {}});
      continue;
    }
    if (llvm::sys::fs::is_directory(Status)) {
      if (DB.Project || DB.Other) {
        if (!AddDatabaseEntries(Abs))
          P.Rejected.push_back(
              {Abs,
               FileStatus::Failed,
               {"the compile database lists no file in this folder"},
               {}});
        continue;
      }
      size_t Before = Candidates.size();
      std::string Root = project::checkoutRootFor(Abs, Cwd);
      std::error_code EC;
      for (llvm::sys::fs::recursive_directory_iterator It(Abs, EC), End;
           It != End && !EC; It.increment(EC)) {
        llvm::StringRef Name = llvm::sys::path::filename(It->path());
        if (It->type() == llvm::sys::fs::file_type::directory_file &&
            (Name == ".git" || Name == ".hg" || Name == ".svn")) {
          It.no_push();
          continue;
        }
        if (isSourceFileName(It->path())) {
          Candidates.push_back(It->path());
          RootOf[absolutePath(It->path())] = Root;
        }
      }
      if (EC)
        P.Notices.push_back(Abs +
                            ": could not be read completely: " + EC.message());
      if (Candidates.size() == Before)
        P.Rejected.push_back({Abs,
                              FileStatus::Failed,
                              {"no C or C++ source files in this folder"},
                              {}});
      continue;
    }
    Candidates.push_back(Abs);
  }
  for (const std::string &Gone : FromDatabase)
    P.Rejected.push_back(
        {Gone,
         FileStatus::Failed,
         {"listed in " + DB.Where + " but the file does not exist"},
         {}});

  // 3. Excludes and duplicates.
  std::vector<llvm::GlobPattern> Excludes;
  for (const std::string &Glob : Opts.Excludes) {
    auto Pattern = llvm::GlobPattern::create(Glob);
    if (Pattern)
      Excludes.push_back(std::move(*Pattern));
    else
      llvm::consumeError(Pattern.takeError());
  }
  std::set<std::string> Seen;
  bool SaidWindows = false, SaidMsvc = false;
  // The checkout models (one per root) and the compile databases found
  // inside them, used when no database was given or found upwards.
  std::map<std::string, std::unique_ptr<project::CheckoutModel>> Models;
  std::vector<std::unique_ptr<ProjectDatabase>> Nested;
  std::set<size_t> SaidNested;
  bool UseModel =
      !Opts.FixedArgs && Opts.InferCommands && !DB.Project && !DB.Other;
  auto ModelFor = [&](const std::string &File) -> project::CheckoutModel & {
    auto It = RootOf.find(File);
    std::string Root =
        It != RootOf.end() ? It->second : project::checkoutRootFor(File, Cwd);
    std::unique_ptr<project::CheckoutModel> &M = Models[Root];
    if (!M) {
      M = std::make_unique<project::CheckoutModel>(Root, classifyIpcCall);
      for (const std::string &N : M->notices())
        P.Notices.push_back(N);
      for (const std::string &Json : M->databases()) {
        std::string Error;
        if (auto Loaded = ProjectDatabase::load(Json, Error)) {
          Nested.push_back(std::move(Loaded));
        } else {
          P.Notices.push_back(Error + " (not used)");
        }
      }
    }
    return *M;
  };
  for (const std::string &Candidate : Candidates) {
    std::string File = absolutePath(Candidate);
    // (A database entry may name the folder itself: File == Cwd.)
    std::string Rel = File;
    if (isUnder(File, Cwd) && File.size() > Cwd.size())
      Rel = llvm::StringRef(File).drop_front(Cwd.size()).ltrim('/').str();
    bool Excluded = false;
    for (const llvm::GlobPattern &G : Excludes)
      Excluded = Excluded || G.match(Rel) || G.match(File) ||
                 G.match(llvm::sys::path::filename(File));
    if (Excluded)
      continue;
    llvm::SmallString<256> Real;
    std::string Key =
        llvm::sys::fs::real_path(File, Real) ? File : std::string(Real);
    if (!Seen.insert(Key).second)
      continue;

    // 4. Can it be read, and is it source? A FIFO or a device (/dev/zero)
    // named by an input or a database entry would block or never end.
    if (!llvm::sys::fs::is_regular_file(File)) {
      P.Rejected.push_back({File,
                            FileStatus::Skipped,
                            {"not a regular file (a device, FIFO or socket), "
                             "not C or C++ source"},
                            {}});
      continue;
    }
    auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer) {
      P.Rejected.push_back({File,
                            FileStatus::Failed,
                            {"cannot be read: " + Buffer.getError().message()},
                            {}});
      continue;
    }
    llvm::StringRef Text = (*Buffer)->getBuffer();
    if (Text.empty()) {
      // A translation unit with nothing in it: analysed, nothing found.
      FileReport Empty{File, FileStatus::Analyzed, {}, {"empty file"}};
      Empty.IpcCallsSeen = Empty.IpcCallsAnalysed = 0;
      P.Rejected.push_back(std::move(Empty));
      continue;
    }
    if (looksBinary(Text)) {
      P.Rejected.push_back(
          {File,
           FileStatus::Skipped,
           {"binary file (it contains NUL bytes), not C or C++ source"},
           {}});
      continue;
    }

    // 5. Its command and platform.
    PlannedFile PF;
    PF.File = File;
    bool Covered = false;
    const DatabaseEntry *Entry = DB.Project ? DB.Project->find(File) : nullptr;
    project::CheckoutModel *Model = UseModel ? &ModelFor(File) : nullptr;
    for (size_t I = 0; Model && !Entry && I < Nested.size(); ++I)
      if ((Entry = Nested[I]->find(File)) && SaidNested.insert(I).second)
        P.Notices.push_back("the compile database " + Nested[I]->path() +
                            " in the checkout gives the commands of the "
                            "files it lists");
    if (Opts.FixedArgs) {
      std::vector<std::string> Args = {"clang-tool"};
      Args.insert(Args.end(), Opts.FixedArgs->begin(), Opts.FixedArgs->end());
      Args.push_back(File);
      PF.Command = CompileCommand(Cwd, File, Args, "");
      Covered = true;
    } else if (Entry && (Entry->Msvc || Entry->Foreign)) {
      std::vector<std::string> Dropped;
      std::vector<std::string> Args =
          Entry->Msvc ? translateMsvcCommand(Entry->Args, File,
                                             Entry->Directory, Dropped)
                      : Entry->Args;
      if (!Entry->Msvc)
        for (std::string &A : Args)
          if (A == Entry->Written)
            A = File;
      PF.Command = CompileCommand(Entry->Directory, File, Args, "");
      if (!Dropped.empty())
        PF.Notices.push_back("include folders of the compile database that "
                             "do not exist here were dropped: " +
                             llvm::join(Dropped, ", "));
      Covered = true;
    } else if (DB.Inferring) {
      std::vector<CompileCommand> Commands =
          DB.Inferring->getCompileCommands(File);
      if (!Commands.empty())
        PF.Command = Commands.front();
      Covered =
          Entry || (DB.Other && !DB.Other->getCompileCommands(File).empty());
    } else if (Entry) {
      PF.Command = CompileCommand(Entry->Directory, File, Entry->Args, "");
      Covered = true;
    }
    if (!Covered && Model) {
      std::optional<Platform> Forced;
      if (Opts.Target != Platform::Auto)
        Forced = Opts.Target;
      project::Inference Inf = Model->infer(File, Forced);
      std::string Missing;
      for (const project::Configuration &C : Inf.Configs)
        if (C.Target == Platform::Windows && Missing.empty())
          Missing = checkWindowsHeaders();
      if (!Missing.empty()) {
        P.Rejected.push_back({File, FileStatus::Failed, {Missing}, {}});
        continue;
      }
      for (const project::Configuration &C : Inf.Configs) {
        PlannedFile V;
        V.File = File;
        V.Inferred = true;
        std::vector<std::string> Args = {"clang-tool"};
        Args.insert(Args.end(), C.Args.begin(), C.Args.end());
        Args.push_back(File);
        V.Command =
            CompileCommand(llvm::sys::path::parent_path(File), File, Args, "");
        V.Target = C.Target;
        V.Configuration = C.Label;
        V.SeveralConfigurations = Inf.Configs.size() > 1;
        V.Reasons = C.Reasons;
        V.PlatformReason = Inf.PlatformReason;
        V.Unresolved = C.Unresolved;
        V.CharsetGuessed = C.Target == Platform::Windows;
        for (const project::Redirect &R : C.Redirects) {
          std::string Path = R.shimPath();
          if (!Path.empty())
            V.StandIns.push_back({Path, R.shimText()});
          V.Reasons.push_back({R.Spelled, R.Why});
        }
        P.Files.push_back(std::move(V));
      }
      continue;
    }
    if (PF.Command.CommandLine.empty())
      PF.Command = CompileCommand(Cwd, File, {"clang-tool", File}, "");

    if (Opts.Target == Platform::Windows) {
      PF.Target = Platform::Windows;
    } else if (Opts.Target == Platform::Host) {
      PF.Target = Platform::Host;
    } else if (Entry && Entry->Msvc) {
      PF.Target = Platform::Windows;
      if (!SaidMsvc)
        P.Notices.push_back("MSVC (cl.exe) commands of the compile database "
                            "are translated to clang commands for the "
                            "MinGW-w64 target");
      SaidMsvc = true;
    } else if (!Covered && includesWindowsHeader(Text)) {
      PF.Target = Platform::Windows;
      if (!SaidWindows)
        P.Notices.push_back("files that include <windows.h> and have no "
                            "compile command are analysed with "
                            "--platform=windows (MinGW-w64 headers)");
      SaidWindows = true;
    } else {
      PF.Target = Platform::Host;
    }
    if (PF.Target == Platform::Windows) {
      std::string Missing = checkWindowsHeaders();
      if (!Missing.empty()) {
        P.Rejected.push_back({File, FileStatus::Failed, {Missing}, {}});
        continue;
      }
      // The user's arguments, and Windows spellings (<Windows.h>,
      // "..\\x.h") that no folder serves on this machine.
      if (Opts.FixedArgs && Opts.InferCommands)
        addSpellingRedirects(PF, ModelFor(File), *Opts.FixedArgs);
    }
    P.Files.push_back(std::move(PF));
  }
  std::stable_sort(P.Files.begin(), P.Files.end(),
                   [](const PlannedFile &A, const PlannedFile &B) {
                     return A.File < B.File;
                   });
  if (Opts.ShardCount > 1) {
    std::vector<PlannedFile> Share;
    for (PlannedFile &F : P.Files)
      if (shardOf(F.File, Opts.ShardBase, Opts.ShardCount) ==
          Opts.ShardIndex - 1)
        Share.push_back(std::move(F));
    P.Files = std::move(Share);
  }
  return P;
}

} // namespace pipelint
