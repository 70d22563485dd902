//===--- CheckoutWalk.cpp - the walk over what a file includes ----------===//
#include "project/CheckoutWalk.h"
#include "driver/Platform.h"
#include "driver/PrefilterHeaders.h"
#include "project/GeneratedHeaders.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <set>

namespace pipelint::project {

namespace detail {

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
    for (const char *Base :
         {"/usr/include/x86_64-linux-gnu/", "/usr/include/aarch64-linux-gnu/",
          "/usr/include/"}) {
      std::string Dir = std::string(Base) + Pattern;
      if (llvm::sys::fs::is_directory(Dir + "/QtCore"))
        Roots.push_back(Dir);
    }
  }
  return Roots;
}

} // namespace detail

using namespace detail;

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
  // Qt's headers serve Windows code too (Q_OS_WIN comes from _WIN32).
  std::vector<std::string> Qt =
      W.Probe ? std::vector<std::string>() : qtIncludeRoots();
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
    W.HaveMacros.insert(F->HaveMacros.begin(), F->HaveMacros.end());
    W.BuildWindowsMacros.insert(F->BuildWindowsMacros.begin(),
                                F->BuildWindowsMacros.end());
    W.TestsHaveConfig |= F->TestsHaveConfig;
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
        if (W.SpellingOnly && Plain && Best.ExactCase)
          continue; // the user's folders do not serve it: their choice
        if (Seen.insert(Best.Path).second)
          Queue.push_back(Best.Path);
        if (!W.Probe && !W.SpellingOnly && !D.Angled && Plain &&
            Best.ExactCase && Best.Matched == Parts) {
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
      if (W.Probe || W.SpellingOnly)
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
          // All of Qt's module folders, as qmake's QT += would give: a
          // computed include (QT_STRINGIFY) names a header the walk cannot
          // see.
          for (const std::string &Add : Dirs) {
            if (llvm::is_contained(W.SystemDirs, Add))
              continue;
            W.SystemDirs.push_back(Add);
            W.Reasons.push_back(
                {"-isystem " + Add, Spelling +
                                        " is a Qt header installed here; every "
                                        "Qt module folder is searched"});
            AddSearchDir(Add, false);
          }
          // Qt refuses ELF code built without -fPIC; MinGW is not ELF.
          W.NeedsPic = !Windows;
          QtServed = true;
          break;
        }
        if (QtServed)
          break;
      }
      if (QtServed)
        continue;
      // A header the build writes: from its template, or config.h.
      if (addGeneratedHeader(W, D, File, Spelling))
        continue;
      // Found nowhere (a library not installed): the parse says so, and
      // the report lists it.
      W.Unresolved.push_back(Spelling);
      W.Reasons.push_back(
          {Spelling, "(in " + shown(File, Root) + ") is found nowhere"});
    }
  }
  fillGeneratedHeaders(W);
}

bool CheckoutModel::addGeneratedHeader(Walk &W, const pf::IncludeDirective &D,
                                       const std::string &File,
                                       const std::string &Spelling) {
  bool Windows = W.Target == Platform::Windows;
  std::string Template;
  for (const std::string &Name : templateNamesFor(D.Name)) {
    std::vector<HeaderIndex::Candidate> Cands =
        Index.resolve(Name, parentOf(File), Windows);
    if (!Cands.empty()) {
      Template = Cands.front().Path;
      break;
    }
  }
  bool Config = isConfigHeaderName(D.Name);
  if (Template.empty() && !Config)
    return false;
  Redirect R{D.Name, D.Angled, Template, false, "", File, ""};
  R.Generated = true;
  R.Why = Spelling + " (in " + shown(File, Root) +
          ") is written by the build; a stand-in " +
          (Template.empty() ? std::string("with the macros configure defines")
                            : "made from " + shown(Template, Root)) +
          " is given (HAVE_<X>_H defined for the headers this platform has)";
  W.GeneratedConfig |= Config;
  W.Redirects.push_back(std::move(R));
  return true;
}

void CheckoutModel::fillGeneratedHeaders(Walk &W) {
  bool Windows = W.Target == Platform::Windows;
  // What configure would find: the header exists for the target, or the
  // function is a POSIX one (HAVE_SHM_OPEN) and the target is not Windows.
  auto Have = [&](llvm::StringRef Macro) {
    for (const std::string &H : headersOfHaveMacro(Macro))
      for (const pf::SearchDir &D : W.Search.Dirs)
        if (D.System && llvm::sys::fs::is_regular_file(D.Path + "/" + H))
          return true;
    if (Windows || !Macro.starts_with("HAVE_") || Macro.ends_with("_H"))
      return false;
    std::string Function = Macro.drop_front(5).lower();
    return isCommonPosixFunction(Function) ||
           (Classify && Classify(Function, false) == CallKind::PosixApi);
  };
  for (Redirect &R : W.Redirects) {
    if (!R.Generated)
      continue;
    std::string Template;
    if (!R.Target.empty())
      if (auto Buf = llvm::MemoryBuffer::getFile(R.Target))
        Template = (*Buf)->getBuffer().str();
    R.Text = llvm::StringRef(R.Target).ends_with_insensitive(".mc")
                 ? messageHeaderText(Template)
                 : generatedHeaderText(Template, isConfigHeaderName(R.Spelled),
                                       W.HaveMacros, Have);
  }
}

} // namespace pipelint::project
