//===--- CheckoutModel.cpp - how would this file compile? -----------------===//
#include "project/CheckoutModel.h"
#include "driver/Platform.h"
#include "driver/PrefilterHeaders.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <set>

namespace pipelint::project {

namespace {

bool isCFile(llvm::StringRef Path) {
  return llvm::sys::path::extension(Path) == ".c";
}

std::string parentOf(llvm::StringRef Path) {
  return llvm::sys::path::parent_path(Path).str();
}

/// A path for messages: relative to the root when inside it.
std::string shown(llvm::StringRef Path, llvm::StringRef Root) {
  if (!Root.empty() && Path.starts_with(Root) && Path.size() > Root.size() &&
      Path[Root.size()] == '/')
    return Path.drop_front(Root.size() + 1).str();
  return Path.str();
}

/// The folder an include names when \p Matched trailing components of
/// \p Path are the include: `-iquote` for it serves the include as written.
std::string folderServing(const std::string &Path, unsigned Matched) {
  llvm::StringRef P = Path;
  for (unsigned I = 0; I < Matched; ++I)
    P = llvm::sys::path::parent_path(P);
  return P.str();
}

bool pathSaysWindows(llvm::StringRef Path, llvm::StringRef Root) {
  std::string Rel = llvm::StringRef(shown(Path, Root)).lower();
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  llvm::StringRef(Rel).split(Parts, '/', -1, false);
  for (size_t I = 0; I < Parts.size(); ++I) {
    llvm::StringRef P = Parts[I];
    if (I + 1 < Parts.size()) {
      if (P == "win32" || P == "win" || P == "windows" || P == "win64" ||
          P == "msvc" || P == "w32" || P == "winnt" || P == "nt")
        return true;
      continue;
    }
    llvm::StringRef Stem = llvm::sys::path::stem(P);
    for (llvm::StringRef S :
         {"_win", "_win32", "_windows", "-win", "-win32", "_w32", "win32"})
      if (Stem.ends_with(S))
        return true;
    if (Stem.starts_with("win32_") || Stem.starts_with("win_") ||
        Stem.starts_with("windows_"))
      return true;
  }
  return false;
}

/// Qt's header folders installed on this machine (Qt 5 first).
std::vector<std::string> qtIncludeRoots() {
  std::vector<std::string> Roots;
  for (const char *Pattern : {"qt5", "qt6"}) {
    for (const std::string Base :
         {std::string("/usr/include/x86_64-linux-gnu/"),
          std::string("/usr/include/aarch64-linux-gnu/"),
          std::string("/usr/include/")}) {
      std::string Dir = Base + Pattern;
      if (llvm::sys::fs::is_directory(Dir + "/QtCore"))
        Roots.push_back(Dir);
    }
  }
  return Roots;
}

} // namespace

std::string Redirect::shimPath() const {
  // Forward-slash components are folders of the stand-in folder; `..` ones
  // climb out of it, but stay inside /.pipe-lint (three levels deep).
  llvm::SmallString<256> P(System ? SystemShimDir : UserShimDir);
  llvm::sys::path::append(P, Spelled);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  if (!llvm::StringRef(P).starts_with("/.pipe-lint/"))
    return "";
  return std::string(P);
}

std::string Redirect::shimText() const {
  if (System)
    return "#include <" + SystemName + ">\n";
  return "#include \"" + Target + "\"\n";
}

std::string checkoutRootFor(const std::string &Path, const std::string &Cwd) {
  bool IsDir = llvm::sys::fs::is_directory(Path);
  std::string Start = IsDir ? Path : parentOf(Path);
  for (llvm::StringRef Dir = Start; !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir)) {
    for (const char *Marker : {".git", ".hg", ".svn"})
      if (llvm::sys::fs::exists(Dir.str() + "/" + Marker))
        return Dir.str();
    if (Dir == "/")
      break;
  }
  // No version control (an unpacked archive): the folder the user runs
  // from, when the input is inside it.
  if (!Cwd.empty() && Cwd != "/" && llvm::StringRef(Start).starts_with(Cwd) &&
      (Start.size() == Cwd.size() || Start[Cwd.size()] == '/'))
    return Cwd;
  return Start;
}

CheckoutModel::CheckoutModel(std::string TheRoot, CallClassifier TheClassify)
    : Root(std::move(TheRoot)), Classify(std::move(TheClassify)) {
  if (!Index.build(Root))
    Notices.push_back("the checkout " + Root +
                      " has more files than the header index takes (" +
                      std::to_string(Index.size()) +
                      "); includes may stay unresolved");
  // Build files and compile databases, by the same kind of walk.
  std::error_code EC;
  std::vector<std::string> Found;
  for (llvm::sys::fs::recursive_directory_iterator It(Root, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (It->type() == llvm::sys::fs::file_type::directory_file) {
      if (Name == ".git" || Name == ".hg" || Name == ".svn")
        It.no_push();
      continue;
    }
    if (Name == "compile_commands.json")
      Databases.push_back(It->path());
    else if (isBuildFileName(Name))
      Found.push_back(It->path());
    if (Found.size() > 20000)
      break;
  }
  std::sort(Found.begin(), Found.end());
  std::sort(Databases.begin(), Databases.end());
  for (const std::string &F : Found)
    Builds.read(F, Root);
}

const SourceFacts *CheckoutModel::facts(const std::string &Path) {
  auto It = FactsCache.find(Path);
  if (It != FactsCache.end())
    return It->second.get();
  std::unique_ptr<SourceFacts> F;
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (Buffer && (*Buffer)->getBufferSize() < 16 * 1024 * 1024)
    F = std::make_unique<SourceFacts>(
        readSourceFacts((*Buffer)->getBuffer(), !isCFile(Path), Classify));
  return (FactsCache[Path] = std::move(F)).get();
}

const std::vector<std::string> &CheckoutModel::listing(const std::string &Dir) {
  auto [It, Inserted] = Listings.try_emplace(Dir);
  if (Inserted) {
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator D(Dir, EC), End; D != End && !EC;
         D.increment(EC))
      It->second.push_back(llvm::sys::path::filename(D->path()).str());
    std::sort(It->second.begin(), It->second.end());
  }
  return It->second;
}

std::optional<std::string>
CheckoutModel::findIgnoringCase(const std::string &Dir,
                                llvm::StringRef Spelled) {
  std::string Path = Dir, Rel;
  for (const std::string &Part : includeComponents(Spelled)) {
    if (Part == "..")
      return std::nullopt;
    std::optional<std::string> Match;
    for (const std::string &Entry : listing(Path))
      if (llvm::StringRef(Entry).equals_insensitive(Part)) {
        Match = Entry;
        if (Entry == Part)
          break;
      }
    if (!Match)
      return std::nullopt;
    Path += "/" + *Match;
    Rel += (Rel.empty() ? "" : "/") + *Match;
  }
  if (!llvm::sys::fs::is_regular_file(Path))
    return std::nullopt;
  return Rel;
}

/// The state of one walk over the files a translation unit reaches.
struct CheckoutModel::Walk {
  // In
  std::string MainFile;
  Platform Target = Platform::Host;
  bool Probe = false; ///< only learn which platform headers are reached
  pf::SearchConfig Search;
  // Out
  std::vector<Redirect> Redirects;
  std::vector<std::pair<std::string, std::string>> Reasons;
  std::vector<std::string> QuoteDirs, SystemDirs, AfterDirs, Unresolved;
  bool NeedsPic = false;
  std::string WindowsHeader; ///< "<windows.h> in a.cpp" when reached
  bool WindowsUnconditional = false;
  std::string PosixHeader;
  bool PosixUnconditional = false;
};

pf::SearchConfig CheckoutModel::searchConfig(std::vector<std::string> Args,
                                              const std::string &File) {
  // The folders depend on the arguments and the language, not the file.
  Args.back() = isCFile(File) ? "x.c" : "x.cpp";
  std::string Key = llvm::join(Args, "\n");
  auto It = SearchConfigs.find(Key);
  if (It != SearchConfigs.end())
    return It->second;
  pf::SearchConfig C;
  if (std::optional<pf::SearchConfig> S =
          pf::searchConfigFor(Args, parentOf(File), false))
    C = *S;
  return SearchConfigs[Key] = C;
}

void CheckoutModel::walk(Walk &W) {
  bool Windows = W.Target == Platform::Windows;
  std::vector<std::string> Queue = {W.MainFile};
  std::set<std::string> Seen = {W.MainFile};
  std::set<std::pair<std::string, bool>> Served;
  std::vector<std::string> Qt =
      W.Probe || Windows ? std::vector<std::string>() : qtIncludeRoots();
  auto AddSearchDir = [&W](const std::string &Dir, bool Quoted) {
    pf::SearchDir D{Dir, false};
    if (Quoted) {
      W.Search.Dirs.insert(W.Search.Dirs.begin() + W.Search.AngledStart, D);
      ++W.Search.AngledStart;
    } else {
      W.Search.Dirs.push_back(D);
    }
    W.Search.Key += "+" + Dir;
  };
  for (size_t Next = 0; Next < Queue.size() && Next < 3000; ++Next) {
    std::string File = Queue[Next];
    const SourceFacts *F = facts(File);
    if (!F)
      continue;
    pf::Includer From{parentOf(File), -1, false};
    for (const IncludeFact &Inc : F->Includes) {
      const pf::IncludeDirective &D = Inc.Directive;
      if (D.Computed || D.Name.empty())
        continue;
      if (W.Probe) {
        std::string Where = "<" + D.Name + "> in " + shown(File, Root);
        if (Inc.Where != Branch::NotWindows && isWindowsSystemHeader(D.Name) &&
            (W.WindowsHeader.empty() || !W.WindowsUnconditional)) {
          bool Unconditional = Inc.Where == Branch::Any;
          if (W.WindowsHeader.empty() || Unconditional)
            W.WindowsHeader = Where;
          W.WindowsUnconditional |= Unconditional;
        }
        if (Inc.Where != Branch::Windows && isPosixSystemHeader(D.Name)) {
          if (W.PosixHeader.empty())
            W.PosixHeader = Where;
          W.PosixUnconditional |= Inc.Where == Branch::Any;
        }
      } else if ((Windows && Inc.Where == Branch::NotWindows) ||
                 (!Windows && Inc.Where == Branch::Windows)) {
        continue; // the other platform's branch
      }
      if (std::optional<pf::FoundHeader> Found =
              Store.lookup(W.Search, D, From)) {
        if (!Found->System && Seen.insert(Found->Path).second)
          Queue.push_back(Found->Path);
        continue;
      }
      if (W.Probe &&
          (isWindowsSystemHeader(D.Name) || isPosixSystemHeader(D.Name)))
        continue;
      if (!Served.insert({D.Name, D.Angled}).second)
        continue;
      std::string Spelling =
          D.Angled ? "<" + D.Name + ">" : "\"" + D.Name + "\"";
      // A Windows header spelled in another case (<Windows.h>).
      if (Windows && !W.Probe) {
        std::optional<std::string> Real;
        std::string In;
        for (size_t I = W.Search.AngledStart; I < W.Search.Dirs.size() && !Real;
             ++I)
          if (W.Search.Dirs[I].System)
            if ((Real = findIgnoringCase(W.Search.Dirs[I].Path, D.Name)))
              In = W.Search.Dirs[I].Path;
        if (Real) {
          Redirect R{D.Name,
                     D.Angled,
                     In + "/" + *Real,
                     true,
                     *Real,
                     File,
                     Spelling + " is <" + *Real + "> (" + In +
                         "): Windows file names ignore case"};
          W.Redirects.push_back(R);
          continue;
        }
      }
      // The checkout's own headers.
      std::vector<HeaderIndex::Candidate> Cands =
          Index.resolve(D.Name, parentOf(File), Windows || W.Probe);
      if (!Cands.empty()) {
        const HeaderIndex::Candidate &Best = Cands.front();
        unsigned Parts = includeComponents(D.Name).size();
        bool Plain = D.Name.find('\\') == std::string::npos &&
                     !llvm::StringRef(D.Name).starts_with(".");
        std::string Why = Spelling + " (in " + shown(File, Root) + ") is " +
                          shown(Best.Path, Root);
        if (Cands.size() > 1) {
          Why += " (nearest of " + std::to_string(Cands.size()) +
                 " files that match; also ";
          for (size_t I = 1; I < Cands.size() && I < 4; ++I)
            Why += (I > 1 ? ", " : "") + shown(Cands[I].Path, Root);
          Why += Cands.size() > 4 ? ", ...)" : ")";
        }
        if (Seen.insert(Best.Path).second)
          Queue.push_back(Best.Path);
        if (!W.Probe && !D.Angled && Plain && Best.ExactCase &&
            Best.Matched == Parts) {
          std::string Dir = folderServing(Best.Path, Best.Matched);
          if (!llvm::is_contained(W.QuoteDirs, Dir)) {
            W.QuoteDirs.push_back(Dir);
            W.Reasons.push_back({"-iquote " + shown(Dir, Root), Why});
          }
          AddSearchDir(Dir, /*Quoted=*/true);
        } else if (!W.Probe) {
          W.Redirects.push_back(
              {D.Name, D.Angled, Best.Path, false, "", File, Why});
        }
        continue;
      }
      if (W.Probe)
        continue;
      // A Windows header in a subfolder of the system folders (<ntifs.h>
      // is MinGW's ddk/ntifs.h): the folder goes last on the path.
      if (Windows && D.Angled) {
        std::string Found;
        for (size_t I = W.Search.AngledStart;
             I < W.Search.Dirs.size() && Found.empty(); ++I) {
          if (!W.Search.Dirs[I].System)
            continue;
          const std::string Base = W.Search.Dirs[I].Path;
          for (const std::string &Sub : listing(Base))
            if (llvm::sys::fs::is_directory(Base + "/" + Sub) &&
                findIgnoringCase(Base + "/" + Sub, D.Name)) {
              Found = Base + "/" + Sub;
              break;
            }
        }
        if (!Found.empty()) {
          if (!llvm::is_contained(W.AfterDirs, Found)) {
            W.AfterDirs.push_back(Found);
            W.Reasons.push_back(
                {"-idirafter " + Found,
                 Spelling + " is a Windows header of that folder"});
            W.Search.Dirs.push_back({Found, true});
            W.Search.Key += "+" + Found;
          }
          continue;
        }
      }
      // Qt, installed on this machine.
      bool QtServed = false;
      for (const std::string &Base : Qt) {
        std::vector<std::string> Dirs = {Base};
        for (const std::string &M : listing(Base))
          if (llvm::StringRef(M).starts_with("Qt"))
            Dirs.push_back(Base + "/" + M);
        for (const std::string &Dir : Dirs) {
          if (!llvm::sys::fs::is_regular_file(Dir + "/" + D.Name))
            continue;
          for (const std::string &Add : {Base, Dir}) {
            if (llvm::is_contained(W.SystemDirs, Add))
              continue;
            W.SystemDirs.push_back(Add);
            W.Reasons.push_back({"-isystem " + Add,
                                 Spelling + " is a Qt header installed here"});
            AddSearchDir(Add, false);
          }
          W.NeedsPic = true;
          QtServed = true;
          break;
        }
        if (QtServed)
          break;
      }
      if (QtServed)
        continue;
      // Found nowhere (a header the build generates, a library not
      // installed): the parse says so, and the report lists it.
      W.Unresolved.push_back(Spelling);
      W.Reasons.push_back(
          {Spelling, "(in " + shown(File, Root) + ") is found nowhere"});
    }
  }
}

Configuration
CheckoutModel::configure(const std::string &File, Platform Target,
                         const std::vector<const BuildHints *> &Hints,
                         const SourceFacts &Main) {
  Configuration C;
  C.Target = Target;
  bool Windows = Target == Platform::Windows;
  std::vector<std::string> Args;
  std::vector<std::string> Dirs;
  for (const BuildHints *H : Hints) {
    std::string From = shown(H->Source, Root);
    if (!H->Configuration.empty())
      From += " (" + H->Configuration + ")";
    for (const std::string &D : H->IncludeDirs)
      if (!llvm::is_contained(Dirs, D)) {
        Dirs.push_back(D);
        Args.push_back("-I" + D);
        C.Reasons.push_back({"-I " + shown(D, Root), "from " + From});
      }
    for (const std::string &D : H->Defines) {
      llvm::StringRef Name = llvm::StringRef(D).split('=').first;
      if (Name == "UNICODE" || Name == "_UNICODE")
        continue; // decided with the character set
      Args.push_back("-D" + D);
      C.Reasons.push_back({"-D" + D, "from " + From});
    }
    for (const std::string &U : H->Undefines) {
      Args.push_back("-U" + U);
      C.Reasons.push_back({"-U" + U, "from " + From});
    }
  }

  if (Windows) {
    // The character set: the build says, else the code, else the build's
    // kind, else Visual Studio's default.
    std::optional<bool> Unicode;
    std::string Why;
    for (const BuildHints *H : Hints) {
      if (Unicode)
        break;
      bool Explicit = H->Kind == BuildKind::Vcxproj ||
                      llvm::is_contained(H->Defines, "UNICODE") ||
                      llvm::is_contained(H->Defines, "_UNICODE");
      if (H->Unicode && Explicit) {
        Unicode = *H->Unicode;
        Why = H->Kind == BuildKind::Vcxproj
                  ? "CharacterSet of " + shown(H->Source, Root) +
                        (*Unicode ? ": Unicode" : ": not Unicode")
                  : shown(H->Source, Root) + " defines UNICODE";
      }
    }
    if (!Unicode) {
      unsigned Narrow = 0, Wide = 0;
      std::string NarrowAt, WideAt;
      for (const CallSite &S : Main.Calls) {
        if (S.Kind != CallKind::WindowsApi || S.Where == Branch::NotWindows)
          continue;
        llvm::StringRef N = S.Name;
        if (N.ends_with("A") || N.ends_with("W"))
          continue; // says nothing: a variant named on purpose
        if (!Classify || Classify((N + "W").str(), false) == CallKind::None)
          continue; // not a function with A and W variants
        if (S.FirstArg == 'n' && !Narrow++)
          NarrowAt = S.Name;
        if (S.FirstArg == 'w' && !Wide++)
          WideAt = S.Name;
      }
      if (Narrow > Wide) {
        Unicode = false;
        Why = "the code passes narrow strings to " + NarrowAt +
              " and other functions with A and W variants";
      } else if (Wide > Narrow) {
        Unicode = true;
        Why = "the code passes wide strings (L\"\") to " + WideAt;
      }
    }
    for (const BuildHints *H : Hints) {
      if (Unicode || !H->Unicode)
        break;
      Unicode = *H->Unicode;
      Why = "a " + std::string(H->Kind == BuildKind::CMake ? "CMake" : "make") +
            " build (" + shown(H->Source, Root) +
            ") defines no UNICODE: the ANSI functions";
    }
    if (!Unicode) {
      Unicode = true;
      Why = "Visual Studio's default (nothing says otherwise); the other "
            "character set is tried when calls do not compile";
    }
    C.Unicode = Unicode;
    // Visual C++ accepts Microsoft's extensions, and static_assert in C.
    Args.push_back("-fms-extensions");
    C.Reasons.push_back(
        {"-fms-extensions", "Windows code is written for Visual C++"});
    if (isCFile(File)) {
      Args.push_back("-Dstatic_assert=_Static_assert");
      C.Reasons.push_back({"-Dstatic_assert=_Static_assert",
                           "Visual C++ has static_assert in C"});
    }
    if (*Unicode) {
      Args.push_back("-DUNICODE");
      Args.push_back("-D_UNICODE");
      C.Reasons.push_back({"-DUNICODE -D_UNICODE", Why});
    } else {
      Args.push_back("-UUNICODE");
      Args.push_back("-U_UNICODE");
      C.Reasons.push_back({"-UUNICODE -U_UNICODE", Why});
    }
  }

  // Headers: the include walk, with the platform's own folders.
  Walk W;
  W.MainFile = File;
  W.Target = Target;
  std::vector<std::string> Probe = {"clang-tool"};
  Probe.insert(Probe.end(), Args.begin(), Args.end());
  Probe.push_back(File);
  Probe = adjustForPlatform(Probe, Target);
  Probe = addResourceDir(Probe, defaultResourceDir());
  W.Search = searchConfig(Probe, File);
  walk(W);
  for (const std::string &D : W.QuoteDirs) {
    Args.push_back("-iquote");
    Args.push_back(D);
  }
  for (const std::string &D : W.SystemDirs) {
    Args.push_back("-isystem");
    Args.push_back(D);
  }
  for (const std::string &D : W.AfterDirs) {
    Args.push_back("-idirafter");
    Args.push_back(D);
  }
  if (W.NeedsPic) {
    Args.push_back("-fPIC");
    C.Reasons.push_back({"-fPIC", "Qt's headers require it"});
  }
  bool User = false, System = false;
  for (const Redirect &R : W.Redirects)
    (R.System ? System : User) = true;
  if (User) {
    Args.push_back("-I");
    Args.push_back(UserShimDir);
  }
  if (System) {
    Args.push_back("-idirafter");
    Args.push_back(SystemShimDir);
  }
  C.Args = std::move(Args);
  C.Reasons.insert(C.Reasons.end(), W.Reasons.begin(), W.Reasons.end());
  C.Redirects = std::move(W.Redirects);
  C.Unresolved = std::move(W.Unresolved);
  C.Label =
      Windows ? (*C.Unicode ? "windows (UNICODE)" : "windows (ANSI)") : "linux";
  return C;
}

Inference CheckoutModel::infer(const std::string &File,
                               std::optional<Platform> Forced) {
  std::lock_guard<std::mutex> Guard(Lock);
  Inference Out;
  std::vector<const BuildHints *> Hints = Builds.hintsFor(File);
  // A Visual Studio project that lists the file says everything.
  bool Vcx = !Hints.empty() && Hints.front()->Kind == BuildKind::Vcxproj;
  if (Vcx) {
    std::vector<const BuildHints *> Own;
    for (const BuildHints *H : Hints)
      if (H->Kind == BuildKind::Vcxproj)
        Own.push_back(H);
    Hints = Own;
  }
  const SourceFacts *MainPtr = facts(File);
  SourceFacts Empty;
  const SourceFacts &Main = MainPtr ? *MainPtr : Empty;

  std::vector<Platform> Targets;
  if (Forced && *Forced != Platform::Auto) {
    Targets = {*Forced};
    Out.PlatformReason = "--platform";
  } else {
    // Which platform headers the file reaches through project headers.
    Walk P;
    P.MainFile = File;
    P.Probe = true;
    // The project's folders, then this machine's system folders, so that
    // <pthread.h> is the system's, not a Windows port in the checkout.
    for (const BuildHints *H : Hints)
      for (const std::string &D : H->IncludeDirs)
        P.Search.Dirs.push_back({D, false});
    P.Search.AngledStart = 0;
    std::vector<std::string> Host = {"clang-tool", File};
    Host = addResourceDir(Host, defaultResourceDir());
    for (const pf::SearchDir &D : searchConfig(Host, File).Dirs)
      if (D.System)
        P.Search.Dirs.push_back(D);
    P.Search.Key = "probe";
    for (const pf::SearchDir &D : P.Search.Dirs)
      P.Search.Key += "+" + D.Path;
    walk(P);

    unsigned WinSites = 0, WinOnly = 0, OtherOnly = 0, PosixSites = 0;
    const CallSite *FirstWin = nullptr, *FirstOther = nullptr;
    for (const CallSite &S : Main.Calls) {
      if (S.Kind == CallKind::WindowsApi && S.Where != Branch::NotWindows)
        ++WinSites;
      if (S.Kind == CallKind::PosixApi && S.Where != Branch::Windows)
        ++PosixSites;
      if (S.Kind == CallKind::WindowsApi && S.Where == Branch::Windows &&
          !WinOnly++)
        FirstWin = &S;
      if (S.Where == Branch::NotWindows && !OtherOnly++)
        FirstOther = &S;
    }
    bool Qt = false;
    for (const IncludeFact &I : Main.Includes)
      Qt |= llvm::StringRef(I.Directive.Name).starts_with("Q");
    if (WinOnly && OtherOnly) {
      Targets = {Platform::Windows, Platform::Host};
      Out.PlatformReason = "IPC calls on both sides of a platform #if (" +
                           FirstWin->Name + " for Windows, " +
                           FirstOther->Name +
                           " for the others): analysed for both";
    } else if (Vcx) {
      Targets = {Platform::Windows};
      Out.PlatformReason =
          "Windows: listed in " + shown(Hints.front()->Source, Root);
    } else if (!P.WindowsHeader.empty() &&
               (P.WindowsUnconditional || WinSites)) {
      Targets = {Platform::Windows};
      Out.PlatformReason = "Windows: includes " + P.WindowsHeader;
    } else if (WinSites && !PosixSites && !P.PosixUnconditional) {
      Targets = {Platform::Windows};
      Out.PlatformReason = "Windows: calls Win32 functions";
    } else if (Main.Win32Words >= 3 && !PosixSites && !P.PosixUnconditional &&
               !Qt) {
      Targets = {Platform::Windows};
      Out.PlatformReason = "Windows: uses Win32 types (HANDLE, DWORD, ...)";
    } else if (!PosixSites && !P.PosixUnconditional &&
               pathSaysWindows(File, Root)) {
      Targets = {Platform::Windows};
      Out.PlatformReason = "Windows: its path says so";
    } else {
      Targets = {Platform::Host};
      Out.PlatformReason = P.PosixHeader.empty()
                               ? "this machine's platform: nothing says "
                                 "Windows"
                               : "POSIX: includes " + P.PosixHeader;
    }
  }
  for (Platform T : Targets)
    Out.Configs.push_back(configure(File, T, Hints, Main));
  return Out;
}

} // namespace pipelint::project
