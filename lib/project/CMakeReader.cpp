//===--- CMakeReader.cpp - CMakeLists.txt, Makefiles, compile_flags.txt ---===//
//
// CMake's language is read only as far as its command invocations and their
// arguments (comments, quoted and bracket arguments, nested parentheses),
// with ${VAR} replaced when VAR was set to a literal in the same file or is
// one of CMake's folder variables. Makefiles are read as words: -I and -D.
//
//===----------------------------------------------------------------------===//
#include "project/BuildFiles.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <set>

namespace pipelint::project {

namespace {

struct Command {
  std::string Name; ///< lower case
  std::vector<std::string> Args;
};

/// Splits CMake source into command invocations.
std::vector<Command> commands(llvm::StringRef Text) {
  std::vector<Command> Out;
  size_t I = 0, N = Text.size();
  auto SkipBracket = [&](size_t At, std::string *Into) -> size_t {
    // [[...]] or [=[...]=]: At is at the first '['.
    size_t J = At + 1;
    unsigned Level = 0;
    while (J < N && Text[J] == '=')
      ++Level, ++J;
    if (J >= N || Text[J] != '[')
      return llvm::StringRef::npos;
    std::string Close = "]" + std::string(Level, '=') + "]";
    size_t End = Text.find(Close, J + 1);
    if (End == llvm::StringRef::npos)
      return N;
    if (Into)
      *Into = Text.slice(J + 1, End).str();
    return End + Close.size();
  };
  while (I < N) {
    char C = Text[I];
    if (C == '#') {
      size_t B = I + 1 < N && Text[I + 1] == '[' ? SkipBracket(I + 1, nullptr)
                                                 : llvm::StringRef::npos;
      if (B != llvm::StringRef::npos) {
        I = B;
        continue;
      }
      size_t NL = Text.find('\n', I);
      I = NL == llvm::StringRef::npos ? N : NL + 1;
      continue;
    }
    if (!(llvm::isAlpha(C) || C == '_')) {
      ++I;
      continue;
    }
    size_t Start = I;
    while (I < N && (llvm::isAlnum(Text[I]) || Text[I] == '_'))
      ++I;
    Command Cmd;
    Cmd.Name = Text.slice(Start, I).lower();
    while (I < N && (Text[I] == ' ' || Text[I] == '\t'))
      ++I;
    if (I >= N || Text[I] != '(')
      continue;
    ++I;
    unsigned Depth = 1;
    std::string Arg;
    bool HaveArg = false;
    auto Flush = [&] {
      if (HaveArg)
        Cmd.Args.push_back(Arg);
      Arg.clear();
      HaveArg = false;
    };
    while (I < N && Depth > 0) {
      char D = Text[I];
      if (D == '#') {
        size_t NL = Text.find('\n', I);
        I = NL == llvm::StringRef::npos ? N : NL + 1;
        Flush();
        continue;
      }
      if (D == '"') {
        size_t J = I + 1;
        std::string Quoted;
        while (J < N && Text[J] != '"') {
          if (Text[J] == '\\' && J + 1 < N) {
            Quoted += Text[J + 1] == 'n' ? '\n' : Text[J + 1];
            J += 2;
            continue;
          }
          Quoted += Text[J++];
        }
        Arg += Quoted;
        HaveArg = true;
        I = J + 1;
        continue;
      }
      if (D == '[' && !HaveArg) {
        std::string Bracket;
        size_t B = SkipBracket(I, &Bracket);
        if (B != llvm::StringRef::npos) {
          Arg = Bracket;
          HaveArg = true;
          I = B;
          continue;
        }
      }
      if (D == '(') {
        ++Depth;
        Arg += D;
        HaveArg = true;
      } else if (D == ')') {
        if (--Depth == 0)
          break;
        Arg += D;
      } else if (D == ' ' || D == '\t' || D == '\n' || D == '\r') {
        Flush();
      } else {
        Arg += D;
        HaveArg = true;
      }
      ++I;
    }
    Flush();
    ++I;
    Out.push_back(std::move(Cmd));
  }
  return Out;
}

/// Replaces ${VAR} and generator expressions; false when something cannot
/// be known without configuring the project.
bool expand(std::string &Value, const llvm::StringMap<std::string> &Vars) {
  // $<BUILD_INTERFACE:x> is x; other generator expressions need a build.
  for (size_t At; (At = Value.find("$<")) != std::string::npos;) {
    size_t Close = Value.find('>', At);
    if (Close == std::string::npos)
      return false;
    llvm::StringRef Inner = llvm::StringRef(Value).slice(At + 2, Close);
    if (!Inner.consume_front("BUILD_INTERFACE:") &&
        !Inner.consume_front("BUILD_LOCAL_INTERFACE:"))
      return false;
    Value = Value.substr(0, At) + Inner.str() + Value.substr(Close + 1);
  }
  for (unsigned Round = 0; Round < 8; ++Round) {
    size_t At = Value.find("${");
    if (At == std::string::npos)
      return true;
    size_t Close = Value.find('}', At);
    if (Close == std::string::npos)
      return false;
    std::string Name = Value.substr(At + 2, Close - At - 2);
    auto It = Vars.find(Name);
    if (It == Vars.end())
      return false;
    Value = Value.substr(0, At) + It->second + Value.substr(Close + 1);
  }
  return false;
}

std::string joinNormal(const std::string &Base, llvm::StringRef Rel) {
  llvm::SmallString<256> P;
  if (llvm::sys::path::is_absolute(Rel))
    P = Rel;
  else {
    P = Base;
    llvm::sys::path::append(P, Rel);
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  while (P.size() > 1 && P.back() == '/')
    P.pop_back();
  return std::string(P);
}

void addDir(BuildHints &H, const std::string &Dir) {
  if (!llvm::sys::fs::is_directory(Dir))
    return;
  if (!llvm::is_contained(H.IncludeDirs, Dir))
    H.IncludeDirs.push_back(Dir);
}

void addDefine(BuildHints &H, llvm::StringRef D) {
  if (D.empty())
    return;
  if (D == "UNICODE" || D == "_UNICODE")
    H.Unicode = true;
  if (!llvm::is_contained(H.Defines, D))
    H.Defines.push_back(D.str());
}

/// The folder holding the top CMakeLists.txt: the highest folder inside
/// the root, from \p Dir upwards, that has one.
std::string topCMakeDir(const std::string &Dir, const std::string &Root) {
  std::string Top = Dir;
  for (llvm::StringRef D = Dir; !D.empty() && D.starts_with(Root);
       D = llvm::sys::path::parent_path(D))
    if (llvm::sys::fs::exists(D.str() + "/CMakeLists.txt"))
      Top = D.str();
  return Top;
}

std::unique_ptr<llvm::MemoryBuffer> readText(const std::string &Path) {
  if (!llvm::sys::fs::is_regular_file(Path))
    return nullptr;
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer || (*Buffer)->getBufferSize() > 8 * 1024 * 1024)
    return nullptr;
  return std::move(*Buffer);
}

} // namespace

std::optional<BuildHints> readCMakeLists(const std::string &Path,
                                         const std::string &Root) {
  auto Buffer = readText(Path);
  if (!Buffer)
    return std::nullopt;
  std::string Dir = llvm::sys::path::parent_path(Path).str();
  std::string Top = topCMakeDir(Dir, Root);
  llvm::StringMap<std::string> Vars;
  for (const char *Name :
       {"CMAKE_CURRENT_SOURCE_DIR", "CMAKE_CURRENT_LIST_DIR"})
    Vars[Name] = Dir;
  for (const char *Name : {"CMAKE_SOURCE_DIR", "PROJECT_SOURCE_DIR"})
    Vars[Name] = Top;

  BuildHints H;
  H.Kind = BuildKind::CMake;
  H.Source = Path;
  H.Scope = Dir;
  bool SawWindowsOnly = false;
  for (Command &C : commands(Buffer->getBuffer())) {
    if (C.Name == "project" && !C.Args.empty()) {
      Vars[C.Args[0] + "_SOURCE_DIR"] = Dir;
      continue;
    }
    if (C.Name == "set" && C.Args.size() >= 2) {
      std::string Value;
      bool Known = true;
      for (size_t I = 1; I < C.Args.size(); ++I) {
        if (C.Args[I] == "CACHE" || C.Args[I] == "PARENT_SCOPE")
          break;
        std::string Part = C.Args[I];
        Known = Known && expand(Part, Vars);
        Value += (I > 1 ? ";" : "") + Part;
      }
      if (Known)
        Vars[C.Args[0]] = Value;
      else
        Vars.erase(C.Args[0]);
      continue;
    }
    bool Dirs = C.Name == "include_directories" ||
                C.Name == "target_include_directories";
    bool Defs = C.Name == "add_definitions" ||
                C.Name == "add_compile_definitions" ||
                C.Name == "target_compile_definitions";
    if (!Dirs && !Defs)
      continue;
    size_t First = C.Name.rfind("target_", 0) == 0 ? 1 : 0;
    for (size_t I = First; I < C.Args.size(); ++I) {
      std::string A = C.Args[I];
      if (A == "PUBLIC" || A == "PRIVATE" || A == "INTERFACE" ||
          A == "SYSTEM" || A == "BEFORE" || A == "AFTER")
        continue;
      if (!expand(A, Vars))
        continue;
      llvm::SmallVector<llvm::StringRef, 4> Items;
      llvm::StringRef(A).split(Items, ';', -1, false);
      for (llvm::StringRef Item : Items) {
        if (Dirs) {
          addDir(H, joinNormal(Dir, Item));
          continue;
        }
        // add_definitions takes compiler flags; the others bare names.
        if (C.Name == "add_definitions") {
          if (Item.consume_front("-D") || Item.consume_front("/D"))
            addDefine(H, Item);
          continue;
        }
        Item.consume_front("-D");
        addDefine(H, Item);
      }
    }
    (void)SawWindowsOnly;
  }
  // A CMake build defines UNICODE only when asked to: MSVC then builds
  // the ANSI (A) variants.
  if (!H.Unicode)
    H.Unicode = false;
  return H;
}

void addCompilerWords(const std::vector<std::string> &Words,
                      const std::string &BaseDir, BuildHints &Into) {
  for (size_t I = 0; I < Words.size(); ++I) {
    llvm::StringRef W = Words[I];
    auto Value = [&](llvm::StringRef Flag) -> std::optional<std::string> {
      if (!W.starts_with(Flag))
        return std::nullopt;
      llvm::StringRef Rest = W.drop_front(Flag.size());
      if (!Rest.empty())
        return Rest.str();
      if (I + 1 < Words.size())
        return Words[++I];
      return std::nullopt;
    };
    if (auto D = Value("-I")) {
      addDir(Into, joinNormal(BaseDir, *D));
    } else if (auto Q = Value("-iquote")) {
      addDir(Into, joinNormal(BaseDir, *Q));
    } else if (auto S = Value("-isystem")) {
      addDir(Into, joinNormal(BaseDir, *S));
    } else if (auto Def = Value("-D")) {
      addDefine(Into, *Def);
    } else if (auto U = Value("-U")) {
      Into.Undefines.push_back(*U);
    }
  }
}

std::optional<BuildHints> readMakefile(const std::string &Path,
                                       const std::string &Root) {
  auto Buffer = readText(Path);
  if (!Buffer)
    return std::nullopt;
  std::string Dir = llvm::sys::path::parent_path(Path).str();
  // Autotools: the top source folder holds configure.ac.
  std::string Top = Dir;
  for (llvm::StringRef D = Dir; !D.empty() && D.starts_with(Root);
       D = llvm::sys::path::parent_path(D))
    if (llvm::sys::fs::exists(D.str() + "/configure.ac") ||
        llvm::sys::fs::exists(D.str() + "/configure.in"))
      Top = D.str();
  // Join continued lines, then take the words of every line.
  std::string Text;
  llvm::StringRef Raw = Buffer->getBuffer();
  for (size_t I = 0; I < Raw.size(); ++I) {
    if (Raw[I] == '\\' && I + 1 < Raw.size() && Raw[I + 1] == '\n') {
      Text += ' ';
      ++I;
      continue;
    }
    Text += Raw[I];
  }
  std::vector<std::string> Words;
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  llvm::StringRef(Text).split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    Line = Line.split('#').first;
    llvm::SmallVector<llvm::StringRef, 16> Parts;
    Line.split(Parts, ' ', -1, false);
    for (llvm::StringRef P : Parts) {
      // Quotes around a word, or around a list of words ("-DA -DB").
      std::string W = P.trim().trim("\"'").str();
      for (auto [From, To] :
           std::initializer_list<std::pair<const char *, std::string>>{
               {"$(srcdir)", Dir},
               {"$(top_srcdir)", Top},
               {"$(CURDIR)", Dir},
               {"@srcdir@", Dir},
               {"@top_srcdir@", Top}}) {
        size_t At;
        while ((At = W.find(From)) != std::string::npos)
          W.replace(At, strlen(From), To);
      }
      // Anything else a make variable or a configure substitution holds
      // is not known here.
      if (W.find("$(") != std::string::npos ||
          W.find("${") != std::string::npos || W.find('@') != std::string::npos)
        continue;
      Words.push_back(W);
    }
  }
  BuildHints H;
  H.Kind = BuildKind::Makefile;
  H.Source = Path;
  H.Scope = Dir;
  addCompilerWords(Words, Dir, H);
  return H;
}

std::optional<BuildHints> readCompileFlags(const std::string &Path) {
  auto Buffer = readText(Path);
  if (!Buffer)
    return std::nullopt;
  std::string Dir = llvm::sys::path::parent_path(Path).str();
  std::vector<std::string> Words;
  llvm::SmallVector<llvm::StringRef, 32> Lines;
  Buffer->getBuffer().split(Lines, '\n');
  for (llvm::StringRef L : Lines)
    if (!L.trim().empty())
      Words.push_back(L.trim().str());
  BuildHints H;
  H.Kind = BuildKind::CompileFlags;
  H.Source = Path;
  H.Scope = Dir;
  addCompilerWords(Words, Dir, H);
  return H;
}

bool isBuildFileName(llvm::StringRef Name) {
  return Name.ends_with_insensitive(".vcxproj") || Name == "CMakeLists.txt" ||
         Name == "Makefile" || Name == "makefile" || Name == "GNUmakefile" ||
         Name == "Makefile.am" || Name.ends_with(".mk") ||
         Name == "compile_flags.txt";
}

void BuildFiles::read(const std::string &Path, const std::string &Root) {
  llvm::StringRef Name = llvm::sys::path::filename(Path);
  std::optional<BuildHints> H;
  if (Name.ends_with_insensitive(".vcxproj"))
    H = readVcxproj(Path, Root);
  else if (Name == "CMakeLists.txt")
    H = readCMakeLists(Path, Root);
  else if (Name == "compile_flags.txt")
    H = readCompileFlags(Path);
  else
    H = readMakefile(Path, Root);
  if (!H)
    return;
  size_t Index = Hints.size();
  for (const std::string &F : H->Files)
    ByFile[F].push_back(Index);
  Hints.push_back(std::move(*H));
}

std::vector<const BuildHints *>
BuildFiles::hintsFor(const std::string &File) const {
  std::vector<const BuildHints *> Out;
  auto It = ByFile.find(File);
  if (It != ByFile.end())
    for (size_t I : It->second)
      Out.push_back(&Hints[I]);
  // Folder-scoped hints, nearest folder first.
  std::vector<std::pair<size_t, const BuildHints *>> Scoped;
  for (const BuildHints &H : Hints) {
    if (H.Scope.empty())
      continue;
    llvm::StringRef F = File;
    if (F.starts_with(H.Scope) && F.size() > H.Scope.size() &&
        F[H.Scope.size()] == '/')
      Scoped.push_back({H.Scope.size(), &H});
  }
  std::stable_sort(
      Scoped.begin(), Scoped.end(),
      [](const auto &A, const auto &B) { return A.first > B.first; });
  for (const auto &S : Scoped)
    Out.push_back(S.second);
  return Out;
}

} // namespace pipelint::project
