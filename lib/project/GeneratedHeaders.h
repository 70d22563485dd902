//===--- GeneratedHeaders.h - stand-ins for what the build writes -*- C++
//-*-===//
//
// Part of the checkout model. A checkout has no config.h, no version.h: the
// build writes them, from a template (version.h.in, config.h.cmake) or from
// what configure found. Without them the parse stops at `#error "Please
// include config.h"` or at the missing header, and the IPC code after it is
// never seen. The model gives a stand-in instead:
//  - from the template when there is one: autoconf's `#undef X`, CMake's
//    `#cmakedefine X` and `#cmakedefine01 X`, Meson's `#mesondefine X`
//    become definitions or nothing, and `@VAR@` and `${VAR}` become 0;
//  - for a config.h with no template: the package macros autoconf always
//    writes (PACKAGE, VERSION, ...).
// In both, HAVE_<X>_H is defined when <X> exists for the target platform,
// as configure would find, for every such macro the code tests.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_PROJECT_GENERATEDHEADERS_H
#define PIPELINT_PROJECT_GENERATEDHEADERS_H

#include "llvm/ADT/StringRef.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace pipelint::project {

/// True when \p Spelled (as in the #include) names a configuration header
/// the build writes even without a template (config.h).
bool isConfigHeaderName(llvm::StringRef Spelled);

/// The template names a build would write \p Spelled from, in order.
std::vector<std::string> templateNamesFor(llvm::StringRef Spelled);

/// The stand-in for a header the Windows message compiler writes from
/// \p Mc (a .mc file): each SymbolicName defined.
std::string messageHeaderText(llvm::StringRef Mc);

/// The header names HAVE_<X>_H may stand for (HAVE_SYS_UN_H: sys/un.h,
/// sys_un.h), lower case; none when \p Macro is not of that form.
std::vector<std::string> headersOfHaveMacro(llvm::StringRef Macro);

/// True for POSIX functions that autoconf projects test with
/// AC_CHECK_FUNCS (HAVE_FCHMOD), lower case.
bool isCommonPosixFunction(llvm::StringRef Name);

/// The stand-in's text. \p Template: the template's text, empty when
/// there is none. \p Config: a configuration header (config.h): the
/// package macros and the HAVE_* macros are added. \p HaveMacros: the
/// HAVE_* names the code tests. \p Have: whether configure would define
/// one (the header or function exists for the target).
std::string
generatedHeaderText(llvm::StringRef Template, bool Config,
                    const std::set<std::string> &HaveMacros,
                    const std::function<bool(llvm::StringRef)> &Have);

} // namespace pipelint::project

#endif
