//===--- SuppressionRecorder.h - keep what NOLINT hides ---------*- C++ -*-===//
//
// clang-tidy drops a diagnostic suppressed by NOLINT before anyone sees it.
// SARIF wants it kept, with a suppression. This consumer sits in front of
// clang-tidy's and records every ipc-* diagnostic; what clang-tidy then did
// not keep was suppressed.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_SUPPRESSIONRECORDER_H
#define PIPELINT_DRIVER_SUPPRESSIONRECORDER_H

#include "clang/Basic/Diagnostic.h"

#include <string>
#include <vector>

namespace clang::tidy {
class ClangTidyContext;
}

namespace pipelint {

struct RecordedNote {
  std::string File;
  unsigned Offset = 0;
  std::string Message;
};

struct RecordedDiagnostic {
  std::string Check;
  bool Remark = false;
  std::string File;
  unsigned Offset = 0;
  std::string Message;
  std::vector<RecordedNote> Notes;
};

class SuppressionRecorder : public clang::DiagnosticConsumer {
public:
  SuppressionRecorder(clang::DiagnosticConsumer &Next,
                      clang::tidy::ClangTidyContext &Context)
      : Next(Next), Context(Context) {}

  void BeginSourceFile(const clang::LangOptions &LangOpts,
                       const clang::Preprocessor *PP) override {
    Next.BeginSourceFile(LangOpts, PP);
  }
  void EndSourceFile() override { Next.EndSourceFile(); }
  void finish() override { Next.finish(); }
  bool IncludeInDiagnosticCounts() const override {
    return Next.IncludeInDiagnosticCounts();
  }
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override;

  const std::vector<RecordedDiagnostic> &recorded() const { return Recorded; }

private:
  clang::DiagnosticConsumer &Next;
  clang::tidy::ClangTidyContext &Context;
  std::vector<RecordedDiagnostic> Recorded;
  bool LastWasOurs = false;
};

} // namespace pipelint

#endif
