//===--- CheckoutModel.cpp - how would this file compile? -----------------===//
#include "project/CheckoutModel.h"
#include "driver/Platform.h"
#include "driver/PrefilterHeaders.h"
#include "project/CheckoutWalk.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <set>

namespace pipelint::project {

using namespace detail;

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
  if (Generated)
    return Text;
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
  // No version control (an unpacked archive): the nearest folder upwards
  // that a project's top holds (a licence, configure.ac, a solution).
  unsigned Depth = 0;
  for (llvm::StringRef Dir = Start; !Dir.empty() && Dir != "/" && Depth < 8;
       Dir = llvm::sys::path::parent_path(Dir), ++Depth) {
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC)) {
      llvm::StringRef Name = llvm::sys::path::filename(It->path());
      if (Name.starts_with("LICENSE") || Name.starts_with("LICENCE") ||
          Name.starts_with("COPYING") || Name == "configure.ac" ||
          Name == "meson_options.txt" || Name.ends_with(".sln"))
        return Dir.str();
    }
  }
  // Else the folder the user runs from, when the input is inside it.
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
  if (Windows)
    for (const std::string &M : W.BuildWindowsMacros) {
      Args.push_back("-D" + M);
      C.Reasons.push_back({"-D" + M, "the code tests it for Windows, and "
                                     "only a project's build defines it"});
    }
  if (W.GeneratedConfig && W.TestsHaveConfig) {
    Args.push_back("-DHAVE_CONFIG_H");
    C.Reasons.push_back({"-DHAVE_CONFIG_H",
                         "the code includes config.h when the build says it "
                         "wrote one; a stand-in is given"});
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

std::vector<Redirect>
CheckoutModel::spellingRedirects(const std::string &File,
                                 const std::vector<std::string> &Args) {
  std::lock_guard<std::mutex> Guard(Lock);
  Walk W;
  W.MainFile = File;
  W.Target = Platform::Windows;
  W.SpellingOnly = true;
  std::vector<std::string> Probe = {"clang-tool"};
  Probe.insert(Probe.end(), Args.begin(), Args.end());
  Probe.push_back(File);
  Probe = adjustForPlatform(Probe, Platform::Windows);
  Probe = addResourceDir(Probe, defaultResourceDir());
  W.Search = searchConfig(Probe, File);
  walk(W);
  return std::move(W.Redirects);
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
    } else if (WinOnly && WinOnly == WinSites && !Vcx &&
               !P.WindowsUnconditional && !P.PosixHeader.empty()) {
      // POSIX code with its Windows IPC calls under `#ifdef _WIN32`.
      Targets = {Platform::Windows, Platform::Host};
      Out.PlatformReason = "POSIX code (includes " + P.PosixHeader +
                           ") with Windows IPC calls under a platform #if (" +
                           FirstWin->Name + "): analysed for both";
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
