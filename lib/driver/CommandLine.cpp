//===--- CommandLine.cpp - making foreign compile commands safe and usable ===//
#include "driver/CommandLine.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace pipelint {

using llvm::StringRef;

namespace {

/// Options whose value makes the frontend load a shared object.
bool isCodeLoadingFrontendOption(StringRef A) {
  return A == "-load" || A.starts_with("-load=") || A == "-plugin" ||
         A.starts_with("-plugin=") || A == "-add-plugin" ||
         A.starts_with("-add-plugin=") || A.starts_with("-plugin-arg-") ||
         A.starts_with("-fpass-plugin=") || A.starts_with("-fplugin=");
}

} // namespace

std::vector<std::string>
stripCodeLoadingArgs(const std::vector<std::string> &Args,
                     std::vector<std::string> &Removed) {
  std::vector<std::string> Out;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    auto Next = [&](size_t K) -> StringRef {
      return I + K < Args.size() ? StringRef(Args[I + K]) : StringRef();
    };
    // -fplugin=x, -fpass-plugin=x, -fplugin-arg-name-k=v
    if (A.starts_with("-fplugin=") || A.starts_with("-fpass-plugin=") ||
        A.starts_with("-fplugin-arg-")) {
      Removed.push_back(A.str());
      continue;
    }
    // -Xclang -load -Xclang x (and -plugin, -add-plugin, -plugin-arg-*);
    // -Xpreprocessor hands its argument to the frontend just the same.
    auto IsForwarder = [](StringRef X) {
      return X == "-Xclang" || X == "-Xpreprocessor";
    };
    if (IsForwarder(A) && isCodeLoadingFrontendOption(Next(1))) {
      std::string What = A.str() + " " + Next(1).str();
      bool HasValue = !Next(1).contains('=') &&
                      !Next(1).starts_with("-plugin-arg-") &&
                      IsForwarder(Next(2));
      if (HasValue) {
        What += " " + Next(2).str() + " " + Next(3).str();
        I += 3;
      } else {
        I += 1;
      }
      Removed.push_back(What);
      continue;
    }
    // -Wp,-load,x: each comma-separated piece goes to the frontend.
    if (A.starts_with("-Wp,")) {
      llvm::SmallVector<StringRef, 4> Pieces;
      A.drop_front(4).split(Pieces, ',');
      if (llvm::any_of(Pieces, isCodeLoadingFrontendOption)) {
        Removed.push_back(A.str());
        continue;
      }
    }
    if (A.starts_with("-Xclang=") &&
        isCodeLoadingFrontendOption(A.drop_front(8))) {
      std::string What = A.str();
      StringRef Opt = A.drop_front(8);
      if (!Opt.contains('=') && !Opt.starts_with("-plugin-arg-") &&
          Next(1).starts_with("-Xclang=")) {
        What += " " + Next(1).str();
        ++I;
      }
      Removed.push_back(What);
      continue;
    }
    // A bare frontend option (the driver would reject it, but be safe).
    if (A == "-load" || A == "-plugin" || A == "-add-plugin") {
      Removed.push_back(A.str() + (Next(1).empty() ? "" : " " + Next(1).str()));
      ++I;
      continue;
    }
    if (A.starts_with("-load=") || A.starts_with("-plugin=") ||
        A.starts_with("-add-plugin=")) {
      Removed.push_back(A.str());
      continue;
    }
    // A clang configuration file can carry any of the above.
    if (A == "--config") {
      Removed.push_back(A.str() + (Next(1).empty() ? "" : " " + Next(1).str()));
      ++I;
      continue;
    }
    if (A.starts_with("--config=") || A.starts_with("--config-system-dir=") ||
        A.starts_with("--config-user-dir=")) {
      Removed.push_back(A.str());
      continue;
    }
    Out.push_back(A.str());
  }
  return Out;
}

std::vector<std::string>
dropArgsClangCrashesOn(const std::vector<std::string> &Args) {
  std::vector<std::string> Out;
  for (const std::string &A : Args) {
    // What the driver sees: the argument up to a NUL (JSON has \u0000).
    StringRef Seen(A.c_str());
    if (!Seen.starts_with("-Wp,") ||
        Seen.drop_front(4).find_first_not_of(',') != StringRef::npos)
      Out.push_back(A);
  }
  return Out;
}

bool isWindowsPath(const std::string &Path) {
  StringRef P(Path);
  if (P.size() >= 3 && llvm::isAlpha(P[0]) && P[1] == ':' &&
      (P[2] == '\\' || P[2] == '/'))
    return true;
  return P.starts_with("\\\\");
}

bool isMsvcCommand(const std::vector<std::string> &Args) {
  if (Args.empty())
    return false;
  for (const std::string &A : Args)
    if (A == "--driver-mode=cl")
      return true;
  std::string Name = Args[0];
  for (char &C : Name)
    if (C == '\\')
      C = '/';
  StringRef Base = llvm::sys::path::filename(Name);
  std::string Lower = Base.lower();
  return Lower == "cl" || Lower == "cl.exe" || Lower == "clang-cl" ||
         Lower == "clang-cl.exe";
}

std::string mapForeignPath(const std::string &Path, const std::string &Anchor) {
  if (!isWindowsPath(Path)) {
    if (llvm::sys::path::is_absolute(Path) && llvm::sys::fs::exists(Path))
      return Path;
    if (!llvm::sys::path::is_absolute(Path)) {
      llvm::SmallString<256> Joined(Anchor);
      llvm::sys::path::append(Joined, Path);
      if (llvm::sys::fs::exists(Joined))
        return std::string(Joined);
    }
    return "";
  }
  // Split on both separators; drop the drive or the \\server\share part.
  llvm::SmallVector<StringRef, 16> Parts;
  StringRef(Path).split(Parts, '\\', -1, false);
  std::vector<std::string> Components;
  for (StringRef Part : Parts) {
    llvm::SmallVector<StringRef, 4> Sub;
    Part.split(Sub, '/', -1, false);
    for (StringRef S : Sub)
      Components.push_back(S.str());
  }
  if (!Components.empty() && Components.front().size() == 2 &&
      Components.front()[1] == ':')
    Components.erase(Components.begin());
  else if (StringRef(Path).starts_with("\\\\") && Components.size() >= 2)
    Components.erase(Components.begin(), Components.begin() + 2);
  // Tails longer than any path can be are not tried: with a long path the
  // search would otherwise be quadratic in its length.
  constexpr size_t MaxPath = 4096;
  std::vector<size_t> TailLength(Components.size() + 1, 0);
  for (size_t I = Components.size(); I-- > 0;)
    TailLength[I] = TailLength[I + 1] + Components[I].size() + 1;
  for (StringRef Base = Anchor; !Base.empty();
       Base = llvm::sys::path::parent_path(Base)) {
    for (size_t Skip = 0; Skip < Components.size(); ++Skip) {
      if (Base.size() + TailLength[Skip] > MaxPath)
        continue;
      llvm::SmallString<256> Candidate(Base);
      for (size_t I = Skip; I < Components.size(); ++I)
        llvm::sys::path::append(Candidate, Components[I]);
      if (llvm::sys::fs::exists(Candidate))
        return std::string(Candidate);
    }
    if (Base == llvm::sys::path::root_path(Base))
      break;
  }
  return "";
}

std::vector<std::string>
translateMsvcCommand(const std::vector<std::string> &Args,
                     const std::string &SourceFile, const std::string &Anchor,
                     std::vector<std::string> &Dropped) {
  bool IsC = StringRef(SourceFile).ends_with_insensitive(".c");
  std::vector<std::string> Out = {IsC ? "clang" : "clang++"};
  auto AddInclude = [&](const std::string &Flag, const std::string &Dir) {
    std::string Mapped = mapForeignPath(Dir, Anchor);
    if (Mapped.empty() || !llvm::sys::fs::is_directory(Mapped)) {
      Dropped.push_back(Dir);
      return;
    }
    Out.push_back(Flag);
    Out.push_back(Mapped);
  };
  for (size_t I = 1; I < Args.size(); ++I) {
    StringRef A = Args[I];
    auto Value = [&](size_t Prefix) -> std::string {
      if (A.size() > Prefix)
        return A.drop_front(Prefix).str();
      return I + 1 < Args.size() ? Args[++I] : std::string();
    };
    if (A.empty())
      continue;
    char Lead = A[0];
    if (Lead != '/' && Lead != '-')
      continue; // the input file (replaced below) or a stray word
    StringRef Opt = A.drop_front();
    if (Opt.starts_with("D") || Opt.starts_with("U")) {
      // A last `/D` with no name: a bare -D would take the source file.
      std::string Name = Value(2);
      if (!Name.empty())
        Out.push_back("-" + Opt.take_front(1).str() + Name);
    } else if (Opt.starts_with("external:I")) {
      AddInclude("-isystem", Value(11));
    } else if (Opt.starts_with("I")) {
      AddInclude("-I", Value(2));
    } else if (Opt.starts_with("FI")) {
      std::string Header = Value(3);
      std::string Mapped = mapForeignPath(Header, Anchor);
      if (!Mapped.empty()) {
        Out.push_back("-include");
        Out.push_back(Mapped);
      } else {
        Dropped.push_back(Header);
      }
    } else if (Opt.starts_with("std:")) {
      StringRef Std = Opt.drop_front(4);
      if (Std == "c++latest")
        Out.push_back("-std=c++2b");
      else
        Out.push_back("-std=" + Std.str());
    } else if (Opt == "TC") {
      Out.push_back("-xc");
    } else if (Opt == "TP") {
      Out.push_back("-xc++");
    }
    // Everything else (/O2, /EHsc, /MD, /W4, /Fo..., /c, /nologo, /Zc:...)
    // does not change what the checks see.
  }
  Out.push_back(SourceFile);
  return Out;
}

} // namespace pipelint
