//===--- Config.cpp - .clang-tidy configuration as pipe-lint reads it -----===//
#include "driver/Config.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyOptions.h"

#include <algorithm>

namespace pipelint {

using clang::tidy::ClangTidyOptions;

namespace {

/// Reads .clang-tidy files like clang-tidy does, but a project's Checks line
/// written for clang-tidy (`-*,bugprone-*`) must not switch pipe-lint off:
/// only the globs that name ipc-* rules are taken from configuration files.
class PipeLintOptionsProvider : public clang::tidy::FileOptionsProvider {
public:
  using FileOptionsProvider::FileOptionsProvider;

  std::vector<OptionsSource> getRawOptions(llvm::StringRef FileName) override {
    std::vector<OptionsSource> Sources =
        FileOptionsProvider::getRawOptions(FileName);
    for (OptionsSource &Source : Sources) {
      if (Source.second == OptionsSourceTypeDefaultBinary ||
          Source.second == OptionsSourceTypeCheckCommandLineOption)
        continue;
      if (Source.first.Checks)
        Source.first.Checks = ipcGlobsOnly(*Source.first.Checks);
    }
    return Sources;
  }

  static std::string ipcGlobsOnly(llvm::StringRef Globs) {
    std::string Out;
    llvm::SmallVector<llvm::StringRef, 8> Parts;
    Globs.split(Parts, ',', -1, false);
    for (llvm::StringRef Part : Parts) {
      llvm::StringRef Glob = Part.trim();
      llvm::StringRef Name = Glob.starts_with("-") ? Glob.drop_front() : Glob;
      if (!Name.starts_with("ipc-"))
        continue;
      if (!Out.empty())
        Out += ',';
      Out += Glob.str();
    }
    return Out;
  }
};

} // namespace

std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>
makeOptionsProvider(const AnalysisOptions &Opts) {
  clang::tidy::ClangTidyGlobalOptions Global;
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  Defaults.Checks = defaultChecks();
  ClangTidyOptions Overrides;
  if (!Opts.Checks.empty())
    Overrides.Checks = Opts.Checks;
  return std::make_unique<PipeLintOptionsProvider>(
      std::move(Global), std::move(Defaults), std::move(Overrides));
}

std::string defaultChecks() { return "-*,ipc-*"; }

std::vector<std::string> enabledChecks(const std::string &Globs) {
  ClangTidyOptions Opts = ClangTidyOptions::getDefaults();
  Opts.Checks = defaultChecks() + (Globs.empty() ? "" : "," + Globs);
  std::vector<std::string> Names = clang::tidy::getCheckNames(Opts, false);
  std::sort(Names.begin(), Names.end());
  return Names;
}

std::string dumpConfig(const AnalysisOptions &Opts, const std::string &File) {
  auto Provider = makeOptionsProvider(Opts);
  ClangTidyOptions Effective = Provider->getOptions(File);
  // Every option of every enabled rule, with the value it will use.
  Effective.CheckOptions = clang::tidy::getCheckOptions(Effective, false);
  return clang::tidy::configurationAsText(
      ClangTidyOptions::getDefaults().merge(Effective, 0));
}

} // namespace pipelint
