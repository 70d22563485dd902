//===--- SourceFacts.h - what a file says, before any parse -----*- C++ -*-===//
//
// Part of the checkout model: a lexical reading of one source or header
// file (no preprocessor): its #includes, the calls it spells of names a
// caller cares about (the IPC vocabulary, given by the caller: the model
// knows no rule), and for each of them the platform branch it sits in
// (`#ifdef _WIN32 ... #else ... #endif`).
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_PROJECT_SOURCEFACTS_H
#define PIPELINT_PROJECT_SOURCEFACTS_H

#include "driver/PrefilterScan.h"

#include "llvm/ADT/StringRef.h"

#include <functional>
#include <string>
#include <vector>

namespace pipelint::project {

/// The platform branch a line of code is in.
enum class Branch : unsigned char {
  Any,        ///< not under a platform condition
  Windows,    ///< only compiled for Windows (#ifdef _WIN32, Q_OS_WIN, ...)
  NotWindows, ///< only compiled elsewhere (#else of those, __linux__, ...)
};

/// How a condition of #if/#ifdef/#elif reads: Windows, NotWindows, or Any
/// when it says nothing about the platform (or too much to tell).
Branch classifyCondition(llvm::StringRef Directive, llvm::StringRef Condition);

/// What a name spelled before `(` is to the caller.
enum class CallKind : unsigned char {
  None,
  WindowsApi, ///< a Win32 function (CreateNamedPipeW, CreateFile, ...)
  PosixApi,   ///< a POSIX function (mkfifo, shm_open, ...)
  Method,     ///< a method (after `.` or `->`), e.g. connectToServer
};

/// Decides what a name is; \p Member: spelled after `.` or `->`.
using CallClassifier =
    std::function<CallKind(llvm::StringRef Name, bool Member)>;

struct CallSite {
  std::string Name;
  size_t Offset = 0; ///< of the name
  CallKind Kind = CallKind::None;
  Branch Where = Branch::Any;
  /// The first argument's spelling, for the Win32 functions that have A
  /// and W variants: 'n' "narrow", 'w' L"wide", 't' TEXT()/_T(), 0 other.
  char FirstArg = 0;
};

struct IncludeFact {
  pf::IncludeDirective Directive;
  Branch Where = Branch::Any;
};

struct SourceFacts {
  std::vector<IncludeFact> Includes;
  std::vector<CallSite> Calls;
  /// The file uses Win32 types or macros (HANDLE, DWORD, TEXT, ...)
  /// outside NotWindows branches.
  unsigned Win32Words = 0;
  /// The file tests a platform macro at all.
  bool PlatformConditionals = false;
  /// The HAVE_* macros its conditionals test (HAVE_SYS_UN_H,
  /// HAVE_SHM_OPEN), and whether it tests HAVE_CONFIG_H.
  std::vector<std::string> HaveMacros;
  bool TestsHaveConfig = false;
  /// Windows macros that only a project's build defines (OS_IS_WIN32), as
  /// its conditionals test them.
  std::vector<std::string> BuildWindowsMacros;
};

/// Reads \p Text (the contents of a file). \p Classify may be empty (no
/// calls are collected).
SourceFacts readSourceFacts(llvm::StringRef Text, bool CPlusPlus,
                            const CallClassifier &Classify);

/// True for the names of the headers that make code Windows code
/// (windows.h, winsock2.h, ...), in any case.
bool isWindowsSystemHeader(llvm::StringRef Spelled);
/// True for POSIX-only headers (unistd.h, sys/socket.h, ...).
bool isPosixSystemHeader(llvm::StringRef Spelled);

} // namespace pipelint::project

#endif
