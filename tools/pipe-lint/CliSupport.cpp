//===--- CliSupport.cpp - small helpers of the pipe-lint command line -----===//
#include "CliSupport.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace pipelint::cli {

using namespace llvm;

std::string executablePath(const char *Argv0) {
  static int Anchor;
  return sys::fs::getMainExecutable(Argv0, &Anchor);
}

std::string pluginPath(const char *Argv0) {
  SmallString<256> Dir(sys::path::parent_path(executablePath(Argv0)));
  for (const char *Rel :
       {"../lib/PipeLintModule.so", "../lib/pipe-lint/PipeLintModule.so"}) {
    SmallString<256> Candidate(Dir);
    sys::path::append(Candidate, Rel);
    sys::path::remove_dots(Candidate, true);
    if (sys::fs::exists(Candidate))
      return std::string(Candidate);
  }
  return "";
}

std::string defaultSourceRoot() {
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  for (StringRef Dir = Cwd; !Dir.empty(); Dir = sys::path::parent_path(Dir)) {
    SmallString<256> Git(Dir);
    sys::path::append(Git, ".git");
    if (sys::fs::exists(Git))
      return Dir.str();
  }
  return std::string(Cwd);
}

std::string absolute(StringRef Path) {
  SmallString<256> Abs(Path);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, true);
  return std::string(Abs);
}

std::string shellQuote(StringRef Arg) {
  if (!Arg.empty() && Arg.find_first_not_of(
                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                          "0123456789-_./=:,+@%") == StringRef::npos)
    return Arg.str();
  std::string Out = "'";
  for (char C : Arg)
    Out += C == '\'' ? std::string("'\\''") : std::string(1, C);
  return Out + "'";
}

std::string writeOutput(const std::string &Path, const std::string &Text) {
  if (Path.empty()) {
    outs() << Text;
    outs().flush();
    return "";
  }
  std::error_code EC;
  raw_fd_ostream File(Path, EC, sys::fs::OF_None);
  if (EC)
    return "cannot write '" + Path + "': " + EC.message();
  File << Text;
  File.close();
  if (File.has_error())
    return "cannot write '" + Path + "': " + File.error().message();
  return "";
}

} // namespace pipelint::cli
