//===--- CliSupport.h - small helpers of the pipe-lint command line -------===//
#ifndef PIPELINT_TOOLS_CLISUPPORT_H
#define PIPELINT_TOOLS_CLISUPPORT_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace pipelint::cli {

/// The running executable.
std::string executablePath(const char *Argv0);
/// The clang-tidy module next to the executable (build tree or installed
/// layout), or "".
std::string pluginPath(const char *Argv0);
/// The git top level of the current folder, else the current folder.
std::string defaultSourceRoot();
/// An absolute path without . and .. parts.
std::string absolute(llvm::StringRef Path);
/// \p Arg quoted for a POSIX shell when it needs it.
std::string shellQuote(llvm::StringRef Arg);
/// Writes \p Text to \p Path, or to standard output when \p Path is empty.
/// Returns an error message, or "".
std::string writeOutput(const std::string &Path, const std::string &Text);

} // namespace pipelint::cli

#endif
