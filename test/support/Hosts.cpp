//===--- Hosts.cpp - run a fixture through the CLI and the plugin ---------===//
#include "Hosts.h"
#include "TestConfig.h"

#include "driver/Analyzer.h"
#include "driver/FindingLevel.h"
#include "driver/Platform.h"
#include "driver/SourceText.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm>
#include <sstream>
#include <tuple>

namespace pipelint::test {

bool HostFinding::operator<(const HostFinding &O) const {
  return std::tie(Line, Column, RuleId, Level, Message) <
         std::tie(O.Line, O.Column, O.RuleId, O.Level, O.Message);
}

bool HostFinding::operator==(const HostFinding &O) const {
  return std::tie(Line, Column, RuleId, Level, Message, Notes) ==
         std::tie(O.Line, O.Column, O.RuleId, O.Level, O.Message, O.Notes);
}

std::string HostFinding::str() const {
  std::ostringstream OS;
  OS << Line << ":" << Column << " " << Level << " [" << RuleId << "] "
     << Message;
  for (const auto &N : Notes)
    OS << "\n      note at line " << N.first << ": " << N.second;
  return OS.str();
}

namespace {

std::vector<std::string> pkgConfigFlags(const std::string &Package,
                                        std::string &Error) {
  llvm::SmallString<128> Out;
  llvm::sys::fs::createTemporaryFile("pkg", "txt", Out);
  std::optional<llvm::StringRef> Redirects[] = {
      std::nullopt, llvm::StringRef(Out), std::nullopt};
  auto Exe = llvm::sys::findProgramByName("pkg-config");
  if (!Exe) {
    Error = "pkg-config is not installed";
    return {};
  }
  int RC = llvm::sys::ExecuteAndWait(*Exe, {*Exe, "--cflags", Package},
                                     std::nullopt, Redirects);
  auto Buf = llvm::MemoryBuffer::getFile(Out);
  llvm::sys::fs::remove(Out);
  if (RC != 0 || !Buf) {
    Error = "pkg-config --cflags " + Package + " failed";
    return {};
  }
  return splitArgs((*Buf)->getBuffer().str());
}

std::string levelOf(const std::string &RuleId, bool Remark,
                    const std::vector<std::string> &Notes) {
  return std::string(levelName(findingLevel(RuleId, Remark, Notes)));
}

} // namespace

FixtureSetup prepare(const Fixture &F) {
  FixtureSetup S;
  for (const std::string &O : F.DriverOptions) {
    if (O == "--platform=windows")
      S.Windows = true;
    else if (O.rfind("--checks=", 0) == 0)
      S.Checks = O.substr(9);
  }
  // A fixture in test/fixtures/<rule-id>/ is about that rule: other rules'
  // findings there are not its business (unless RUN-ARGS says --checks).
  llvm::StringRef Rel = F.Path;
  if (S.Checks.empty() && Rel.consume_front(PIPELINT_FIXTURE_DIR "/")) {
    std::string Folder = Rel.split('/').first.str();
    if (findRule(Folder))
      S.Checks = "-*," + Folder;
  }
  S.CompilerArgs.push_back("-I" PIPELINT_FIXTURE_DIR "/include");
  // C fixtures are C; C++ fixtures get a modern standard.
  if (llvm::StringRef(F.Path).ends_with(".c"))
    S.CompilerArgs.push_back("-xc");
  for (const std::string &P : F.Packages) {
    std::vector<std::string> Flags = pkgConfigFlags(P, S.Error);
    S.CompilerArgs.insert(S.CompilerArgs.end(), Flags.begin(), Flags.end());
  }
  S.CompilerArgs.insert(S.CompilerArgs.end(), F.CompilerArgs.begin(),
                        F.CompilerArgs.end());
  return S;
}

std::vector<HostFinding> runCli(const Fixture &F, FixtureSetup &S) {
  AnalysisOptions Opts;
  Opts.Inputs = {F.Path};
  Opts.FixedArgs = S.CompilerArgs;
  Opts.Target = S.Windows ? Platform::Windows : Platform::Host;
  Opts.Checks = S.Checks;
  Opts.Jobs = 1;
  Opts.ResourceDir = defaultResourceDir();
  S.Cli = analyze(Opts);
  if (!S.Cli.FatalError.empty())
    S.Error = S.Cli.FatalError;
  std::vector<HostFinding> Out;
  for (const Finding &Fd : S.Cli.Findings) {
    if (Fd.Suppressed)
      continue;
    HostFinding H{Fd.RuleId,     Fd.Pos.Line,
                  Fd.Pos.Column, std::string(levelName(Fd.Severity)),
                  Fd.Message,    {}};
    for (const FindingNote &N : Fd.Notes)
      H.Notes.emplace_back(N.Pos.Line, N.Message);
    Out.push_back(H);
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

std::vector<HostFinding> runPlugin(const Fixture &F, FixtureSetup &S) {
  llvm::SmallString<128> Yaml;
  llvm::sys::fs::createTemporaryFile("pipelint-fixes", "yaml", Yaml);
  llvm::sys::fs::remove(Yaml);
  std::vector<std::string> Args = {PIPELINT_CLANG_TIDY,
                                   "--load=" PIPELINT_PLUGIN_PATH,
                                   "--checks=" + defaultChecks() +
                                       (S.Checks.empty() ? "" : "," + S.Checks),
                                   "--export-fixes=" + std::string(Yaml),
                                   "--quiet",
                                   F.Path,
                                   "--"};
  // Same platform preset as the CLI (without the compiler name it expects).
  std::vector<std::string> Command = {"clang"};
  Command.insert(Command.end(), S.CompilerArgs.begin(), S.CompilerArgs.end());
  Command = adjustForPlatform(Command,
                              S.Windows ? Platform::Windows : Platform::Host);
  Args.insert(Args.end(), Command.begin() + 1, Command.end());
  std::vector<llvm::StringRef> Refs(Args.begin(), Args.end());
  llvm::SmallString<128> Log;
  llvm::sys::fs::createTemporaryFile("pipelint-tidy", "log", Log);
  std::optional<llvm::StringRef> Redirects[] = {
      std::nullopt, llvm::StringRef(Log), llvm::StringRef(Log)};
  std::string ExecError;
  int RC = llvm::sys::ExecuteAndWait(PIPELINT_CLANG_TIDY, Refs, std::nullopt,
                                     Redirects, 120, 0, &ExecError);
  std::vector<HostFinding> Out;
  auto Buf = llvm::MemoryBuffer::getFile(Yaml);
  llvm::sys::fs::remove(Yaml);
  if (!Buf) {
    // No YAML means no diagnostics at all, unless clang-tidy failed.
    auto LogText = llvm::MemoryBuffer::getFile(Log);
    if (RC < 0 ||
        (LogText &&
         llvm::StringRef((*LogText)->getBuffer()).contains("error: ")))
      S.Error = "clang-tidy failed (" + std::to_string(RC) + "): " + ExecError +
                (LogText ? (*LogText)->getBuffer().str() : std::string());
    llvm::sys::fs::remove(Log);
    return Out;
  }
  llvm::sys::fs::remove(Log);
  clang::tooling::TranslationUnitDiagnostics TUD;
  llvm::yaml::Input YIn((*Buf)->getBuffer());
  YIn >> TUD;
  if (YIn.error()) {
    S.Error = "cannot read clang-tidy's exported diagnostics";
    return Out;
  }
  SourceText Text(F.Text);
  for (const auto &D : TUD.Diagnostics) {
    if (!llvm::StringRef(D.DiagnosticName).starts_with("ipc-"))
      continue;
    HostFinding H;
    H.RuleId = D.DiagnosticName;
    Text.position(D.Message.FileOffset, H.Line, H.Column);
    H.Message = D.Message.Message;
    std::vector<std::string> NoteTexts;
    for (const auto &N : D.Notes) {
      unsigned L, C;
      Text.position(N.FileOffset, L, C);
      H.Notes.emplace_back(L, N.Message);
      NoteTexts.push_back(N.Message);
    }
    H.Level = levelOf(
        H.RuleId, D.DiagLevel == clang::tooling::Diagnostic::Remark, NoteTexts);
    Out.push_back(H);
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

std::string applyFixes(const std::string &Text,
                       const std::vector<Finding> &Findings) {
  std::vector<const FixReplacement *> All;
  for (const Finding &F : Findings)
    for (const FixReplacement &R : F.Fixes)
      All.push_back(&R);
  // Back to front, so earlier offsets stay valid.
  std::sort(All.begin(), All.end(),
            [](const FixReplacement *A, const FixReplacement *B) {
              return A->Range.Offset > B->Range.Offset;
            });
  std::string Out = Text;
  for (const FixReplacement *R : All)
    if (R->Range.Offset + R->Length <= Out.size())
      Out.replace(R->Range.Offset, R->Length, R->Text);
  return Out;
}

} // namespace pipelint::test
