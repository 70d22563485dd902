//===--- GeneratedHeaders.cpp - stand-ins for what the build writes -------===//
#include "project/GeneratedHeaders.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Path.h"

namespace pipelint::project {

namespace {

bool isPackageMacro(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("PACKAGE", "PACKAGE_NAME", "PACKAGE_VERSION", "PACKAGE_STRING",
             true)
      .Cases("PACKAGE_TARNAME", "PACKAGE_BUGREPORT", "PACKAGE_URL", true)
      .Cases("VERSION", "GETTEXT_PACKAGE", true)
      .Default(false);
}

/// @VAR@ and ${VAR}: 0.
std::string substitute(llvm::StringRef Line) {
  std::string Out;
  for (size_t I = 0; I < Line.size(); ++I) {
    char C = Line[I];
    size_t End = llvm::StringRef::npos;
    if (C == '@')
      End = Line.find('@', I + 1);
    else if (C == '$' && I + 1 < Line.size() && Line[I + 1] == '{')
      End = Line.find('}', I + 2);
    if (End != llvm::StringRef::npos) {
      llvm::StringRef Var = Line.slice(I + (C == '@' ? 1 : 2), End);
      if (!Var.empty() && llvm::all_of(Var, [](char V) {
            return llvm::isAlnum(V) || V == '_';
          })) {
        Out += '0';
        I = End;
        continue;
      }
    }
    Out += C;
  }
  return Out;
}

llvm::StringRef firstWord(llvm::StringRef S) {
  S = S.ltrim();
  return S.take_while([](char C) { return llvm::isAlnum(C) || C == '_'; });
}

} // namespace

bool isConfigHeaderName(llvm::StringRef Spelled) {
  return llvm::sys::path::filename(Spelled) == "config.h";
}

std::vector<std::string> templateNamesFor(llvm::StringRef Spelled) {
  std::string S = Spelled.str();
  llvm::StringRef Stem = llvm::StringRef(S).rsplit('.').first;
  return {S + ".in",         S + ".cmake",         S + ".cmake.in",
          S + ".meson",      Stem.str() + ".in.h", S + ".template",
          Stem.str() + ".mc"};
}

std::string messageHeaderText(llvm::StringRef Mc) {
  std::string Out = "/* pipe-lint: a stand-in for the header the message "
                    "compiler writes */\n";
  unsigned Id = 0;
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  Mc.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.consume_front("MessageId=")) {
      unsigned long long V = 0;
      Id = Line.trim().getAsInteger(0, V) ? Id + 1 : static_cast<unsigned>(V);
    } else if (Line.consume_front("SymbolicName=")) {
      llvm::StringRef Name = firstWord(Line);
      if (!Name.empty())
        Out += "#define " + Name.str() + " " + std::to_string(Id) + "\n";
    }
  }
  return Out;
}

std::vector<std::string> headersOfHaveMacro(llvm::StringRef Macro) {
  if (!Macro.consume_front("HAVE_") || !Macro.consume_back("_H") ||
      Macro.empty())
    return {};
  std::string Lower = Macro.lower();
  std::vector<size_t> Underscores;
  for (size_t I = 0; I < Lower.size(); ++I)
    if (Lower[I] == '_')
      Underscores.push_back(I);
  if (Underscores.size() > 4)
    return {Lower + ".h"};
  std::vector<std::string> Out;
  // Each underscore a folder separator or itself; folders first.
  for (unsigned Mask = (1u << Underscores.size()); Mask-- > 0;) {
    std::string Name = Lower;
    for (size_t B = 0; B < Underscores.size(); ++B)
      if (Mask & (1u << B))
        Name[Underscores[B]] = '/';
    Out.push_back(Name + ".h");
  }
  return Out;
}

bool isCommonPosixFunction(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("fstat", "lstat", "fchmod", "fchown", "chown", true)
      .Cases("fchmodat", "umask", "readlink", "symlink", "mkstemp", true)
      .Cases("pipe2", "accept4", "socketpair", "dup2", "dup3", true)
      .Cases("fork", "waitpid", "setsid", "setuid", "setgid", true)
      .Cases("setresuid", "setresgid", "getuid", "getgid", "geteuid", true)
      .Cases("getpwnam_r", "getpwuid_r", "getgrgid_r", "getgrnam_r", true)
      .Cases("sigaction", "poll", "ppoll", "posix_memalign", true)
      .Cases("clock_gettime", "nanosleep", "strerror_r", "ctime_r", true)
      .Cases("memfd_create", "eventfd", "signalfd", "mlock", "mmap", true)
      .Default(false);
}

std::string
generatedHeaderText(llvm::StringRef Template, bool Config,
                    const std::set<std::string> &HaveMacros,
                    const std::function<bool(llvm::StringRef)> &Have) {
  std::string Out =
      "/* pipe-lint: a stand-in for a header the build writes */\n";
  std::set<std::string> Handled;
  auto Define = [&](llvm::StringRef Name) {
    Handled.insert(Name.str());
    if (isPackageMacro(Name))
      return "#define " + Name.str() + " \"0\"\n";
    if (Have(Name))
      return "#define " + Name.str() + " 1\n";
    return "/* #undef " + Name.str() + " */\n";
  };
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  Template.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    llvm::StringRef T = Line.ltrim();
    if (T.consume_front("#")) {
      T = T.ltrim();
      if (T.consume_front("cmakedefine01")) {
        llvm::StringRef Name = firstWord(T);
        Handled.insert(Name.str());
        Out += "#define " + Name.str() + (Have(Name) ? " 1\n" : " 0\n");
        continue;
      }
      if (T.consume_front("cmakedefine") || T.consume_front("mesondefine") ||
          (Config && T.consume_front("undef"))) {
        llvm::StringRef Name = firstWord(T);
        if (!Name.empty()) {
          Out += Define(Name);
          continue;
        }
      }
    }
    Out += substitute(Line.rtrim('\r'));
    Out += '\n';
  }
  if (!Config)
    return Out;
  for (llvm::StringRef Name :
       {"PACKAGE", "PACKAGE_NAME", "PACKAGE_VERSION", "PACKAGE_STRING",
        "PACKAGE_TARNAME", "PACKAGE_BUGREPORT", "PACKAGE_URL", "VERSION"})
    if (!Handled.count(Name.str()))
      Out += "#ifndef " + Name.str() + "\n#define " + Name.str() +
             " \"0\"\n#endif\n";
  for (const std::string &Name : HaveMacros)
    if (!Handled.count(Name) && Have(Name))
      Out += "#ifndef " + Name + "\n#define " + Name + " 1\n#endif\n";
  return Out;
}

} // namespace pipelint::project
