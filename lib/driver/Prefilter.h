//===--- Prefilter.h - skip translation units with no IPC code --*- C++ -*-===//
//
// Parsing is what an analysis costs. Every rule needs an API, flag or type
// name of its tables (utils::IpcVocabulary) in the code it reports on, so a
// translation unit whose own text mentions none of them has nothing to find.
// The pre-filter decides that lexically, before the parse:
//
//  - the main file, the -D values and -include files, and every project
//    header it includes (found in the includer's folder or an -I/-iquote
//    folder that is not inside a system include folder), recursively, are
//    read whole: one vocabulary name (a free C function only when not after
//    `.`/`->`), an octal literal (a POSIX mode), `##` in a #define, or an
//    #include whose name is a macro means the file is parsed;
//  - system headers (and third-party headers under system folders) are only
//    read for their #define lines: an identifier of the project's text that
//    is a system macro expanding, directly or through other macros, to a
//    vocabulary name (KEY_READ -> STANDARD_RIGHTS_READ) counts as that name;
//  - Qt flag enumerators (ReadOnly, Text, ...) count when a header declaring
//    their enum is reachable;
//  - IpcFunctions names count; a FlagNames option (an enum there makes any
//    of its enumerators a flag) and SystemHeaders turn the pre-filter off,
//    and a HeaderFilterRegex makes every -I header a project header.
//
// An #include in project text that cannot be found, outside #if blocks,
// makes the file parsed, so the missing header is reported as before.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_PREFILTER_H
#define PIPELINT_DRIVER_PREFILTER_H

#include <string>
#include <vector>

namespace pipelint {

struct PrefilterRequest {
  std::string File;      ///< absolute path of the main file
  std::string Directory; ///< the compile command's working folder
  /// The final command line (compiler first), as the parse would get it.
  std::vector<std::string> Arguments;
  /// Extra function names that matter (the IpcFunctions option, last
  /// components of qualified names).
  std::vector<std::string> ExtraNames;
  /// Findings in headers are reported (a HeaderFilterRegex is set): every
  /// header outside the system folders is project text.
  bool HeaderFindings = false;
  /// Non-empty: parse, for this reason (an option the pre-filter cannot see
  /// through).
  std::string ParseAlwaysReason;
};

struct PrefilterDecision {
  bool Parse = true;
  /// Why (for tests and debugging): "mentions 'CreateNamedPipeW' (a.cpp)",
  /// "no IPC name in 3 files".
  std::string Reason;
};

/// Decides whether the translation unit needs parsing. Thread-safe; keeps
/// what it read of system headers for the next call.
PrefilterDecision prefilter(const PrefilterRequest &Request);

} // namespace pipelint

#endif
