//===--- Platform.cpp - target presets (Windows code on Linux) ------------===//
#include "driver/Platform.h"
#include "BuildConfig.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdlib>

namespace pipelint {

std::string mingwIncludeDir() {
  // Overridable for packagers with another layout (and for the tests).
  if (const char *Dir = std::getenv("PIPELINT_MINGW_INCLUDE"))
    return Dir;
  return "/usr/x86_64-w64-mingw32/include";
}

std::string checkWindowsHeaders() {
  std::string Header = mingwIncludeDir() + "/windows.h";
  if (llvm::sys::fs::exists(Header))
    return "";
  return "--platform=windows needs the MinGW-w64 Windows headers, and " +
         Header +
         " does not exist; install them with: apt-get install "
         "g++-mingw-w64-x86-64-win32 (or at least mingw-w64-x86-64-dev)";
}

namespace {

bool mentionsMacro(const std::vector<std::string> &Args, llvm::StringRef Name) {
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    for (llvm::StringRef Flag : {"-D", "-U", "/D", "/U"}) {
      if (!A.starts_with(Flag))
        continue;
      llvm::StringRef Rest = A.drop_front(Flag.size());
      if (Rest.empty() && I + 1 < Args.size())
        Rest = Args[I + 1];
      if (Rest == Name || Rest.starts_with((Name + "=").str()))
        return true;
    }
  }
  return false;
}

bool hasTarget(const std::vector<std::string> &Args) {
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (A.starts_with("--target=") || A.starts_with("-target=") ||
        A == "-target" || A == "--target")
      return true;
  }
  return false;
}

} // namespace

std::vector<std::string> adjustForPlatform(std::vector<std::string> Args,
                                           Platform P) {
  if (P != Platform::Windows || Args.empty())
    return Args;
  std::vector<std::string> Extra;
  if (!hasTarget(Args))
    Extra.push_back("--target=x86_64-w64-mingw32");
  // With only mingw-w64-x86-64-dev installed, clang does not detect the
  // toolchain: point it at the headers explicitly. -idirafter keeps the
  // order of the detected toolchain's folders (libstdc++'s #include_next
  // needs the C headers after the C++ ones).
  Extra.push_back("-idirafter");
  Extra.push_back(mingwIncludeDir());
  for (llvm::StringRef Macro : {"UNICODE", "_UNICODE"})
    if (!mentionsMacro(Args, Macro))
      Extra.push_back(("-D" + Macro).str());
  // After the compiler name, before the user's own arguments.
  Args.insert(Args.begin() + 1, Extra.begin(), Extra.end());
  return Args;
}

std::vector<std::string> addResourceDir(std::vector<std::string> Args,
                                        const std::string &ResourceDir) {
  if (ResourceDir.empty() || Args.empty())
    return Args;
  for (const std::string &A : Args)
    if (llvm::StringRef(A).starts_with("-resource-dir"))
      return Args;
  Args.insert(Args.begin() + 1, "-resource-dir=" + ResourceDir);
  return Args;
}

std::string defaultResourceDir() {
  std::string Baked = PIPELINT_CLANG_RESOURCE_DIR;
  if (llvm::sys::fs::is_directory(Baked + "/include"))
    return Baked;
  return Baked; // still the best guess; clang reports what is missing
}

} // namespace pipelint
