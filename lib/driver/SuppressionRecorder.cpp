//===--- SuppressionRecorder.cpp - keep what NOLINT hides -----------------===//
#include "driver/SuppressionRecorder.h"

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"

namespace pipelint {

void SuppressionRecorder::HandleDiagnostic(
    clang::DiagnosticsEngine::Level Level, const clang::Diagnostic &Info) {
  clang::DiagnosticConsumer::HandleDiagnostic(Level, Info);
  if (Level == clang::DiagnosticsEngine::Note) {
    if (LastWasOurs && Info.hasSourceManager() && !Recorded.empty()) {
      const clang::SourceManager &SM = Info.getSourceManager();
      clang::SourceLocation Loc = SM.getFileLoc(Info.getLocation());
      llvm::SmallString<128> Text;
      Info.FormatDiagnostic(Text);
      Recorded.back().Notes.push_back(
          {SM.getFilename(Loc).str(), SM.getFileOffset(Loc), Text.str().str()});
    }
  } else {
    LastWasOurs = false;
    std::string Check = Context.getCheckName(Info.getID());
    if (llvm::StringRef(Check).starts_with("ipc-") && Info.hasSourceManager() &&
        Info.getLocation().isValid()) {
      const clang::SourceManager &SM = Info.getSourceManager();
      clang::SourceLocation Loc = SM.getFileLoc(Info.getLocation());
      llvm::SmallString<128> Text;
      Info.FormatDiagnostic(Text);
      // clang-tidy appends " [check-name]" to the text and strips it later.
      llvm::StringRef Message = Text.str();
      Message.consume_back(" [" + Check + "]");
      Recorded.push_back({Check,
                          Level == clang::DiagnosticsEngine::Remark,
                          SM.getFilename(Loc).str(),
                          SM.getFileOffset(Loc),
                          Message.str(),
                          {}});
      LastWasOurs = true;
    }
  }
  Next.HandleDiagnostic(Level, Info);
}

} // namespace pipelint
