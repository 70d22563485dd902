//===--- CommandLine.h - making foreign compile commands safe and usable --===//
//
// Compile commands come from places pipe-lint does not control: a committed
// compile_commands.json, `.clang-tidy` ExtraArgs, a database produced on
// Windows by MSVC. This file turns them into commands clang can run here,
// without ever loading code named by them.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_COMMANDLINE_H
#define PIPELINT_DRIVER_COMMANDLINE_H

#include <string>
#include <vector>

namespace pipelint {

/// Removes every argument that makes the compiler load code: -fplugin=,
/// -fpass-plugin=, -fplugin-arg-*, -Xclang -load/-plugin/-add-plugin (and
/// their -Xclang= and -Xpreprocessor forms, and -Wp, lists naming them),
/// -load, --config. The removed arguments are appended to \p Removed (one
/// string per removed option and its value).
std::vector<std::string>
stripCodeLoadingArgs(const std::vector<std::string> &Args,
                     std::vector<std::string> &Removed);

/// Removes the arguments clang 19's driver crashes on: `-Wp,` with no value
/// (`-Wp,` or `-Wp,,`) makes it read an argument value that does not exist.
/// ClangTool's own adjusters remove -Wp, before .clang-tidy ExtraArgs are
/// added, so these can still arrive from there.
std::vector<std::string>
dropArgsClangCrashesOn(const std::vector<std::string> &Args);

/// True when \p Args (compiler first) is an MSVC (cl.exe / clang-cl) command.
bool isMsvcCommand(const std::vector<std::string> &Args);

/// Maps a path written for another machine (e.g. `C:\work\proj\src\a.cpp`)
/// onto this one: the longest tail of it that exists below \p Anchor or one
/// of its parents. Returns "" when nothing matches. Native absolute paths
/// that exist are returned as they are.
std::string mapForeignPath(const std::string &Path, const std::string &Anchor);

/// True for a path like `C:\x`, `C:/x` or `\\server\share`.
bool isWindowsPath(const std::string &Path);

/// Translates an MSVC command into a GNU-style clang command for the
/// MinGW-w64 target: /D, /U, /I, /FI, /std: and /TC /TP are kept in their
/// GNU form (include folders mapped with mapForeignPath), everything else
/// (optimisation, code generation, output files) is dropped. Include
/// folders that do not exist here are dropped and listed in \p Dropped.
/// \p SourceFile replaces the command's own input file.
std::vector<std::string>
translateMsvcCommand(const std::vector<std::string> &Args,
                     const std::string &SourceFile, const std::string &Anchor,
                     std::vector<std::string> &Dropped);

} // namespace pipelint

#endif
