//===--- Platform.h - target presets (Windows code on Linux) ----*- C++ -*-===//
#ifndef PIPELINT_DRIVER_PLATFORM_H
#define PIPELINT_DRIVER_PLATFORM_H

#include "driver/Options.h"
#include <string>
#include <vector>

namespace pipelint {

/// The MinGW-w64 folder holding <windows.h>.
std::string mingwIncludeDir();

/// Empty when the Windows headers are installed; otherwise an error message
/// that names the Debian package to install.
std::string checkWindowsHeaders();

/// Rewrites one compile command (argv, compiler first) for \p P: for Windows,
/// the MinGW-w64 target, and UNICODE/_UNICODE as in a default Visual Studio
/// project unless the command defines or undefines them already.
std::vector<std::string> adjustForPlatform(std::vector<std::string> Args,
                                           Platform P);

/// Adds -resource-dir so that builtin headers are found wherever the binary
/// lives, unless the command sets one.
std::vector<std::string> addResourceDir(std::vector<std::string> Args,
                                        const std::string &ResourceDir);

/// The default resource dir baked in at build time, if it exists; otherwise
/// the one next to a clang-19 on this machine.
std::string defaultResourceDir();

} // namespace pipelint

#endif
