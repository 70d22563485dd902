//===--- Options.h - one immutable set of analysis options ------*- C++ -*-===//
#ifndef PIPELINT_DRIVER_OPTIONS_H
#define PIPELINT_DRIVER_OPTIONS_H

#include "catalog/RuleCatalog.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pipelint {

/// Auto: the host, except that a file with no compile command that includes
/// <windows.h> is analysed as Windows code, and MSVC commands always are.
enum class Platform { Auto, Host, Windows };

struct AnalysisOptions {
  /// Source files to analyse (as given; resolved by the driver).
  std::vector<std::string> Inputs;
  /// Folder holding compile_commands.json (-p); empty: search upwards.
  std::string BuildPath;
  /// Compiler arguments after `--`; when present they replace the database.
  std::optional<std::vector<std::string>> FixedArgs;
  Platform Target = Platform::Auto;
  /// Glob patterns (llvm::GlobPattern) of paths not to analyse.
  std::vector<std::string> Excludes;
  /// Keep compiler arguments that load code (-fplugin=, -Xclang -load, ...).
  bool AllowPlugins = false;
  /// Seconds one translation unit may take (0: no limit). Needs Isolate.
  unsigned TimeoutPerFile = 0;
  /// Analyse each translation unit in a forked worker process, so that a
  /// crash or a time-out costs one file, not the run.
  bool Isolate = false;
  /// Show `[n/total] file` on standard error.
  bool Progress = false;
  /// --shard K/N: analyse only the files whose stable hash falls in share K
  /// (1-based) of N. 0/0: everything.
  unsigned ShardIndex = 0, ShardCount = 0;
  /// Paths are hashed relative to this folder, so that every runner of a CI
  /// matrix picks the same share whatever its checkout folder.
  std::string ShardBase;
  /// clang-tidy style globs added after the defaults and .clang-tidy files.
  std::string Checks;
  /// Number of translation units analysed at once (0: number of cores).
  unsigned Jobs = 1;
  /// Clang's builtin headers.
  std::string ResourceDir;
  /// Skip the parse of a translation unit whose text mentions no name the
  /// rules look for (see Prefilter.h); --no-prefilter turns it off.
  bool Prefilter = true;
  /// Give files without a compile command the command their build would
  /// use (project/CheckoutModel); --no-infer turns it off.
  bool InferCommands = true;
  /// Folder of the result cache (--cache-dir, PIPE_LINT_CACHE_DIR; see
  /// ResultCache.h); empty: no cache.
  std::string CacheDir;
  /// Bytes the cache folder may hold (--cache-max-size); the least recently
  /// used entries are removed first at the end of a run. 0: no limit.
  std::uint64_t CacheMaxSize = 0;
  /// What identifies this build of the analysis in cache keys; empty: the
  /// pipe-lint version, the Clang library's version and the rule set's id
  /// (a hash of the sources the analysis is built from). Tests set it.
  std::string CacheBuildId;
};

} // namespace pipelint

#endif
