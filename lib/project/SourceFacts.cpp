//===--- SourceFacts.cpp - what a file says, before any parse -------------===//
#include "project/SourceFacts.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

namespace pipelint::project {

namespace {

/// Windows macros that no compiler or SDK header defines: a project's build
/// does (meson's OS_IS_WIN32, Visual Studio's _WINDOWS).
bool isBuildOnlyWindowsMacro(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("OS_IS_WIN32", "OS_WIN32", "OS_WINDOWS", "PLATFORM_WIN32", true)
      .Cases("PLATFORM_WINDOWS", "_WINDOWS", "__WINDOWS__", true)
      .Default(false);
}

bool isWindowsMacro(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("_WIN32", "_WIN64", "WIN32", "WIN64", "_WINDOWS", true)
      .Cases("_MSC_VER", "__MINGW32__", "__MINGW64__", "__WINDOWS__", true)
      .Cases("Q_OS_WIN", "Q_OS_WIN32", "Q_OS_WIN64", "Q_OS_WINDOWS", true)
      .Cases("G_OS_WIN32", "OS_WIN", "_WIN32_WINNT", "WINVER", true)
      .Cases("BOOST_WINDOWS", "__WIN32__", true)
      .Default(isBuildOnlyWindowsMacro(Name));
}

bool isOtherPlatformMacro(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("__unix__", "__unix", "unix", "__linux__", "__linux", true)
      .Cases("linux", "__APPLE__", "__MACH__", "__FreeBSD__", true)
      .Cases("__NetBSD__", "__OpenBSD__", "__DragonFly__", "__sun", true)
      .Cases("__ANDROID__", "__HAIKU__", "_POSIX_VERSION", true)
      .Cases("Q_OS_UNIX", "Q_OS_LINUX", "Q_OS_MAC", "Q_OS_MACOS", true)
      .Cases("Q_OS_DARWIN", "Q_OS_ANDROID", "G_OS_UNIX", "OS_POSIX", true)
      .Default(false);
}

Branch negate(Branch B) {
  switch (B) {
  case Branch::Windows:
    return Branch::NotWindows;
  case Branch::NotWindows:
    return Branch::Windows;
  case Branch::Any:
    break;
  }
  return Branch::Any;
}

/// HAVE_WINSOCK2_H, HAVE_WINDOWS_H: autoconf's and CMake's "this header
/// exists" macros, for a header that only Windows has. Code guarded by one
/// is Windows code, whatever else the file is.
bool isWindowsHaveHeaderMacro(llvm::StringRef Name) {
  if (!Name.consume_front("HAVE_") || !Name.consume_back("_H") || Name.empty())
    return false;
  return isWindowsSystemHeader(Name.lower() + ".h");
}

/// One factor of a condition: `defined(X)`, `X`, `X >= 0x600`, with `!`.
Branch classifyFactor(llvm::StringRef F) {
  F = F.trim();
  while (F.consume_front("("))
    F = F.ltrim();
  bool Not = false;
  while (F.consume_front("!")) {
    Not = !Not;
    F = F.ltrim();
  }
  while (F.consume_front("("))
    F = F.ltrim();
  if (F.consume_front("defined"))
    F = F.ltrim().ltrim('(').ltrim();
  size_t Len = 0;
  while (Len < F.size() && (llvm::isAlnum(F[Len]) || F[Len] == '_'))
    ++Len;
  llvm::StringRef Name = F.take_front(Len);
  Branch B = isWindowsMacro(Name) || isWindowsHaveHeaderMacro(Name)
                 ? Branch::Windows
             : isOtherPlatformMacro(Name) ? Branch::NotWindows
                                          : Branch::Any;
  if (!Not)
    return B;
  // !defined(_WIN32) is "not Windows"; !defined(__linux__) says little.
  return B == Branch::Windows ? Branch::NotWindows : Branch::Any;
}

} // namespace

Branch classifyCondition(llvm::StringRef Directive, llvm::StringRef Condition) {
  Condition = Condition.split("//").first.split("/*").first.trim();
  if (Directive == "ifdef" || Directive == "elifdef")
    return classifyFactor(Condition);
  if (Directive == "ifndef" || Directive == "elifndef")
    return negate(classifyFactor(Condition)) == Branch::NotWindows
               ? Branch::NotWindows
               : Branch::Any;
  // if / elif: terms joined by ||, factors by &&.
  llvm::SmallVector<llvm::StringRef, 4> Terms;
  Condition.split(Terms, "||");
  std::optional<Branch> All;
  for (llvm::StringRef Term : Terms) {
    llvm::SmallVector<llvm::StringRef, 4> Factors;
    Term.split(Factors, "&&");
    Branch T = Branch::Any;
    for (llvm::StringRef F : Factors) {
      Branch B = classifyFactor(F);
      if (B != Branch::Any) {
        // A && of both kinds cannot hold: say nothing.
        if (T != Branch::Any && T != B) {
          T = Branch::Any;
          break;
        }
        T = B;
      }
    }
    if (!All)
      All = T;
    else if (*All != T)
      return Branch::Any;
  }
  return All.value_or(Branch::Any);
}

bool isWindowsSystemHeader(llvm::StringRef Spelled) {
  std::string L = Spelled.lower();
  return llvm::StringSwitch<bool>(L)
      .Cases("windows.h", "winsock2.h", "winsock.h", "ws2tcpip.h", true)
      .Cases("winbase.h", "windef.h", "winnt.h", "winsvc.h", "aclapi.h", true)
      .Cases("sddl.h", "accctrl.h", "tchar.h", "userenv.h", "wtsapi32.h", true)
      .Cases("lmcons.h", "shlobj.h", "objbase.h", "winerror.h", "ntsecapi.h",
             true)
      .Cases("afxwin.h", "atlbase.h", "stdafx.h", "versionhelpers.h", true)
      .Cases("namedpipeapi.h", "securitybaseapi.h", "handleapi.h", true)
      .Default(false);
}

bool isPosixSystemHeader(llvm::StringRef Spelled) {
  return llvm::StringSwitch<bool>(Spelled)
      .Cases("unistd.h", "sys/socket.h", "sys/un.h", "sys/mman.h", true)
      .Cases("mqueue.h", "semaphore.h", "sys/ipc.h", "sys/shm.h", true)
      .Cases("sys/sem.h", "sys/msg.h", "poll.h", "sys/select.h", true)
      .Cases("netinet/in.h", "arpa/inet.h", "sys/wait.h", "pwd.h", true)
      .Cases("sys/epoll.h", "termios.h", "dlfcn.h", true)
      .Default(false);
}

namespace {

bool isWin32Word(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("HANDLE", "DWORD", "BOOL", "LPCSTR", "LPCWSTR", true)
      .Cases("LPCTSTR", "LPTSTR", "TCHAR", "WCHAR", "LPVOID", true)
      .Cases("SECURITY_ATTRIBUTES", "OVERLAPPED", "HRESULT", "WINAPI", true)
      .Cases("INVALID_HANDLE_VALUE", "GetLastError", "CloseHandle", true)
      .Default(false);
}

class FactsCollector : public pf::ScanEvents {
public:
  FactsCollector(llvm::StringRef Text, const CallClassifier &Classify,
                 SourceFacts &Out)
      : Text(Text), Classify(Classify), Out(Out) {}

  void identifier(llvm::StringRef, pf::IdentifierContext) override {}
  void define(llvm::StringRef, llvm::ArrayRef<llvm::StringRef>, bool) override {
  }
  void octalLiteral() override {}

  void include(const pf::IncludeDirective &D) override {
    Out.Includes.push_back({D, current()});
  }

  void conditional(llvm::StringRef Directive, llvm::StringRef Condition,
                   size_t) override {
    noteHaveMacros(Condition);
    if (Directive == "if" || Directive == "ifdef" || Directive == "ifndef") {
      Branch B = classifyCondition(Directive, Condition);
      Stack.push_back({B, B, B == Branch::Windows});
      Out.PlatformConditionals |= B != Branch::Any;
      return;
    }
    if (Stack.empty())
      return;
    Level &L = Stack.back();
    if (Directive == "endif") {
      Stack.pop_back();
      return;
    }
    if (Directive == "else") {
      // `#if X ... #elif _WIN32 ... #else`: the #else is not Windows.
      L.Now = L.SawWindows ? Branch::NotWindows : negate(L.First);
      return;
    }
    // elif: its own class, or "not the first" when the first was one.
    Branch B = classifyCondition(Directive, Condition);
    Out.PlatformConditionals |= B != Branch::Any;
    L.Now = B != Branch::Any ? B : negate(L.First);
    L.SawWindows |= B == Branch::Windows;
  }

  void identifierAt(llvm::StringRef Name, pf::IdentifierContext Where,
                    size_t Offset) override {
    Branch B = current();
    if (B != Branch::NotWindows && isWin32Word(Name))
      ++Out.Win32Words;
    if (!Classify || Where == pf::IdentifierContext::Std)
      return;
    size_t After = Offset + Name.size();
    while (After < Text.size() && llvm::isSpace(Text[After]))
      ++After;
    if (After >= Text.size() || Text[After] != '(')
      return;
    CallKind K = Classify(Name, Where == pf::IdentifierContext::Member);
    if (K == CallKind::None)
      return;
    CallSite S;
    S.Name = Name.str();
    S.Offset = Offset;
    S.Kind = K;
    S.Where = B;
    llvm::StringRef Arg = Text.drop_front(After + 1).ltrim();
    if (Arg.starts_with("\""))
      S.FirstArg = 'n';
    else if (Arg.starts_with("L\""))
      S.FirstArg = 'w';
    else if (Arg.starts_with("TEXT(") || Arg.starts_with("_T(") ||
             Arg.starts_with("_TEXT(") || Arg.starts_with("__TEXT("))
      S.FirstArg = 't';
    Out.Calls.push_back(std::move(S));
  }

private:
  void noteHaveMacros(llvm::StringRef Condition) {
    // Each identifier of the condition once: HAVE_* and the Windows macros
    // only a build defines.
    auto Ident = [](char C) { return llvm::isAlnum(C) || C == '_'; };
    while (!Condition.empty()) {
      Condition = Condition.drop_until(Ident);
      llvm::StringRef Name = Condition.take_while(Ident);
      Condition = Condition.drop_front(Name.size());
      std::vector<std::string> *Into = nullptr;
      if (Name == "HAVE_CONFIG_H")
        Out.TestsHaveConfig = true;
      else if (Name.starts_with("HAVE_"))
        Into = &Out.HaveMacros;
      else if (isBuildOnlyWindowsMacro(Name))
        Into = &Out.BuildWindowsMacros;
      if (Into && !llvm::is_contained(*Into, Name))
        Into->push_back(Name.str());
    }
  }

  struct Level {
    Branch First, Now;
    bool SawWindows; ///< a branch of the chain so far was Windows
  };
  llvm::StringRef Text;
  const CallClassifier &Classify;
  SourceFacts &Out;
  std::vector<Level> Stack;

  Branch current() const {
    Branch B = Branch::Any;
    for (const Level &L : Stack) {
      if (L.Now == Branch::Any)
        continue;
      if (B != Branch::Any && B != L.Now)
        return Branch::Any; // both at once: dead code, or unknown
      B = L.Now;
    }
    return B;
  }
};

} // namespace

SourceFacts readSourceFacts(llvm::StringRef Text, bool CPlusPlus,
                            const CallClassifier &Classify) {
  SourceFacts Out;
  FactsCollector C(Text, Classify, Out);
  pf::scanSource(Text, CPlusPlus, C);
  return Out;
}

} // namespace pipelint::project
