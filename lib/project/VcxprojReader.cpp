//===--- VcxprojReader.cpp - Visual Studio projects, read as text ---------===//
//
// A .vcxproj is MSBuild XML. Only a few elements matter here, and they hold
// plain text, so the file is read as a sequence of tags and text rather than
// as a document: ClCompile items (the sources), and, per configuration,
// AdditionalIncludeDirectories, PreprocessorDefinitions, UndefinePreprocessor-
// Definitions and CharacterSet. Imported .props files are read the same way.
//
//===----------------------------------------------------------------------===//
#include "project/BuildFiles.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <set>

namespace pipelint::project {

namespace {

std::string decodeEntities(llvm::StringRef Text) {
  std::string Out;
  for (size_t I = 0; I < Text.size(); ++I) {
    if (Text[I] != '&') {
      Out += Text[I];
      continue;
    }
    size_t Semi = Text.find(';', I);
    if (Semi == llvm::StringRef::npos || Semi - I > 8) {
      Out += '&';
      continue;
    }
    llvm::StringRef Name = Text.slice(I + 1, Semi);
    char C = llvm::StringSwitch<char>(Name)
                 .Case("quot", '"')
                 .Case("amp", '&')
                 .Case("lt", '<')
                 .Case("gt", '>')
                 .Case("apos", '\'')
                 .Default(0);
    if (!C) {
      Out += '&';
      continue;
    }
    Out += C;
    I = Semi;
  }
  return Out;
}

/// The value of attribute \p Name in a start tag's text.
std::string attribute(llvm::StringRef Tag, llvm::StringRef Name) {
  size_t Pos = 0;
  while ((Pos = Tag.find(Name, Pos)) != llvm::StringRef::npos) {
    bool Boundary = Pos == 0 || Tag[Pos - 1] == ' ' || Tag[Pos - 1] == '\t' ||
                    Tag[Pos - 1] == '\n' || Tag[Pos - 1] == '\r';
    llvm::StringRef Rest = Tag.drop_front(Pos + Name.size()).ltrim();
    Pos += Name.size();
    if (!Boundary || !Rest.consume_front("="))
      continue;
    Rest = Rest.ltrim();
    if (Rest.empty() || (Rest[0] != '"' && Rest[0] != '\''))
      continue;
    char Quote = Rest[0];
    size_t Close = Rest.find(Quote, 1);
    if (Close == llvm::StringRef::npos)
      return "";
    return decodeEntities(Rest.slice(1, Close));
  }
  return "";
}

/// One element of interest with its text and the conditions around it.
struct Element {
  std::string Name;
  std::string Text;
  std::string Include;   ///< Include="..." (items)
  std::string Condition; ///< its own or its group's Condition
  std::string Label;     ///< the enclosing group's Label
};

/// Walks the tags of \p Xml and collects the elements named in \p Wanted.
std::vector<Element> elements(llvm::StringRef Xml,
                              const std::set<std::string> &Wanted) {
  std::vector<Element> Out;
  struct Open {
    std::string Name, Condition, Label;
  };
  std::vector<Open> Stack;
  size_t Pos = 0;
  while ((Pos = Xml.find('<', Pos)) != llvm::StringRef::npos) {
    if (Xml.substr(Pos).starts_with("<!--")) {
      size_t End = Xml.find("-->", Pos);
      Pos = End == llvm::StringRef::npos ? Xml.size() : End + 3;
      continue;
    }
    size_t Close = Xml.find('>', Pos);
    if (Close == llvm::StringRef::npos)
      break;
    llvm::StringRef Tag = Xml.slice(Pos + 1, Close);
    Pos = Close + 1;
    if (Tag.starts_with("?") || Tag.starts_with("!"))
      continue;
    if (Tag.consume_front("/")) {
      llvm::StringRef Name = Tag.trim();
      // Pop to the matching start tag (tolerates unbalanced input).
      for (size_t I = Stack.size(); I-- > 0;)
        if (Stack[I].Name == Name) {
          Stack.resize(I);
          break;
        }
      continue;
    }
    bool SelfClosing = Tag.ends_with("/");
    if (SelfClosing)
      Tag = Tag.drop_back();
    llvm::StringRef Name = Tag.take_until(
        [](char C) { return C == ' ' || C == '\t' || C == '\n' || C == '\r'; });
    Open O{Name.str(), attribute(Tag, "Condition"), attribute(Tag, "Label")};
    if (O.Condition.empty() && !Stack.empty())
      O.Condition = Stack.back().Condition;
    if (O.Label.empty() && !Stack.empty())
      O.Label = Stack.back().Label;
    if (Wanted.count(O.Name)) {
      Element E{O.Name, "", attribute(Tag, "Include"), O.Condition, O.Label};
      if (E.Name == "Import")
        E.Include = attribute(Tag, "Project");
      if (!SelfClosing) {
        size_t End = Xml.find('<', Pos);
        E.Text = decodeEntities(
            Xml.slice(Pos, End == llvm::StringRef::npos ? Xml.size() : End)
                .trim());
      }
      Out.push_back(std::move(E));
    }
    if (!SelfClosing)
      Stack.push_back(std::move(O));
  }
  return Out;
}

/// "'$(Configuration)|$(Platform)'=='Release|x64'" -> "Release|x64".
std::string configurationOf(llvm::StringRef Condition) {
  size_t Eq = Condition.find("==");
  if (Eq == llvm::StringRef::npos)
    return "";
  llvm::StringRef Value = Condition.drop_front(Eq + 2).trim().trim("'\"");
  return Value.str();
}

/// Release|x64 first, then Release, then anything (sorted, so stable).
int preference(llvm::StringRef Config) {
  std::string L = Config.lower();
  bool Release = llvm::StringRef(L).contains("release");
  bool X64 = llvm::StringRef(L).contains("x64");
  return (Release ? 0 : 2) + (X64 ? 0 : 1);
}

/// MSBuild properties that are known without a build.
std::string expandMacros(llvm::StringRef Value, const std::string &ProjectDir,
                         const std::string &SolutionDir, bool &Unknown) {
  std::string Out;
  Unknown = false;
  for (size_t I = 0; I < Value.size(); ++I) {
    if (Value[I] == '$' && I + 1 < Value.size() && Value[I + 1] == '(') {
      size_t Close = Value.find(')', I);
      if (Close == llvm::StringRef::npos) {
        Unknown = true;
        return "";
      }
      llvm::StringRef Name = Value.slice(I + 2, Close);
      if (Name == "ProjectDir" || Name == "MSBuildProjectDirectory" ||
          Name == "MSBuildThisFileDirectory")
        Out += ProjectDir + "/";
      else if (Name == "SolutionDir")
        Out += SolutionDir + "/";
      else {
        Unknown = true;
        return "";
      }
      I = Close;
      continue;
    }
    Out += Value[I];
  }
  return Out;
}

std::string nativeToPosix(std::string Path) {
  std::replace(Path.begin(), Path.end(), '\\', '/');
  return Path;
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

/// The folder of the solution: the nearest folder upwards (inside the
/// root) that holds a .sln; else the project's own folder.
std::string solutionDir(const std::string &ProjectDir,
                        const std::string &Root) {
  for (llvm::StringRef Dir = ProjectDir; !Dir.empty() && Dir.starts_with(Root);
       Dir = llvm::sys::path::parent_path(Dir)) {
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC))
      if (llvm::StringRef(It->path()).ends_with_insensitive(".sln"))
        return Dir.str();
  }
  return ProjectDir;
}

struct Settings {
  std::vector<std::pair<std::string, std::string>> Includes; // config, value
  std::vector<std::pair<std::string, std::string>> Defines;
  std::vector<std::pair<std::string, std::string>> Undefines;
  std::vector<std::pair<std::string, std::string>> CharacterSets;
  std::vector<std::string> Sources;
};

void readInto(const std::string &Path, const std::string &ProjectDir,
              const std::string &SolutionDir, Settings &S, unsigned Depth) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer || Depth > 8)
    return;
  std::string Dir = llvm::sys::path::parent_path(Path).str();
  static const std::set<std::string> Wanted = {
      "ClCompile",
      "AdditionalIncludeDirectories",
      "PreprocessorDefinitions",
      "UndefinePreprocessorDefinitions",
      "CharacterSet",
      "Import"};
  for (const Element &E : elements((*Buffer)->getBuffer(), Wanted)) {
    std::string Config = configurationOf(E.Condition);
    if (E.Name == "ClCompile") {
      if (!E.Include.empty() && Depth == 0)
        S.Sources.push_back(joinNormal(Dir, nativeToPosix(E.Include)));
    } else if (E.Name == "Import") {
      bool Unknown = false;
      std::string Target =
          expandMacros(nativeToPosix(E.Include), Dir, SolutionDir, Unknown);
      // Only the project's own property sheets: not the toolset's.
      if (!Unknown && llvm::StringRef(Target).ends_with_insensitive(".props"))
        readInto(joinNormal(Dir, Target), ProjectDir, SolutionDir, S,
                 Depth + 1);
    } else if (E.Name == "AdditionalIncludeDirectories") {
      S.Includes.push_back({Config, E.Text});
    } else if (E.Name == "PreprocessorDefinitions") {
      S.Defines.push_back({Config, E.Text});
    } else if (E.Name == "UndefinePreprocessorDefinitions") {
      S.Undefines.push_back({Config, E.Text});
    } else if (E.Name == "CharacterSet" && E.Label == "Configuration") {
      S.CharacterSets.push_back({Config, E.Text});
    }
  }
}

/// The configuration to read: the most preferred one any setting names.
std::string chooseConfiguration(const Settings &S) {
  std::set<std::string> Seen;
  for (const auto *List :
       {&S.Includes, &S.Defines, &S.Undefines, &S.CharacterSets})
    for (const auto &Entry : *List)
      if (!Entry.first.empty())
        Seen.insert(Entry.first);
  std::string Best;
  for (const std::string &C : Seen)
    if (Best.empty() || preference(C) < preference(Best))
      Best = C;
  return Best;
}

std::vector<std::string> splitList(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  Text.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Out;
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    if (!P.empty() && !P.starts_with("%("))
      Out.push_back(P.str());
  }
  return Out;
}

} // namespace

std::optional<BuildHints> readVcxproj(const std::string &Path,
                                      const std::string &Root) {
  if (!llvm::sys::fs::is_regular_file(Path))
    return std::nullopt;
  std::string ProjectDir = llvm::sys::path::parent_path(Path).str();
  std::string SlnDir = solutionDir(ProjectDir, Root);
  Settings S;
  readInto(Path, ProjectDir, SlnDir, S, 0);

  BuildHints H;
  H.Kind = BuildKind::Vcxproj;
  H.Source = Path;
  H.Files = S.Sources;
  H.Configuration = chooseConfiguration(S);
  auto Applies = [&](const std::string &Config) {
    return Config.empty() || Config == H.Configuration;
  };
  std::set<std::string> SeenDirs, SeenDefines;
  for (const auto &[Config, Text] : S.Includes) {
    if (!Applies(Config))
      continue;
    for (const std::string &Item : splitList(Text)) {
      bool Unknown = false;
      std::string Dir =
          expandMacros(nativeToPosix(Item), ProjectDir, SlnDir, Unknown);
      if (Unknown)
        continue;
      Dir = joinNormal(ProjectDir, Dir);
      if (llvm::sys::fs::is_directory(Dir) && SeenDirs.insert(Dir).second)
        H.IncludeDirs.push_back(Dir);
    }
  }
  for (const auto &[Config, Text] : S.Defines) {
    if (!Applies(Config))
      continue;
    for (const std::string &D : splitList(Text))
      if (D.find("$(") == std::string::npos && SeenDefines.insert(D).second)
        H.Defines.push_back(D);
  }
  for (const auto &[Config, Text] : S.Undefines)
    if (Applies(Config))
      for (const std::string &U : splitList(Text))
        H.Undefines.push_back(U);
  for (const auto &[Config, Text] : S.CharacterSets) {
    if (!Applies(Config))
      continue;
    // Unicode defines UNICODE and _UNICODE; MultiByte and NotSet do not.
    H.Unicode = llvm::StringRef(Text).trim().equals_insensitive("Unicode");
  }
  return H;
}

} // namespace pipelint::project
