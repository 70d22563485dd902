//===--- Fixes.cpp - apply fix-its to the analysed sources ----------------===//
#include "driver/Fixes.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>

namespace pipelint {

FixSummary applyFixes(const std::vector<Finding> &Findings,
                      const std::set<std::string> &Writable) {
  FixSummary Summary;
  std::map<std::string, std::vector<const FixReplacement *>> ByFile;
  for (const Finding &F : Findings) {
    if (F.Suppressed)
      continue;
    for (const FixReplacement &R : F.Fixes) {
      if (!Writable.count(R.Range.File)) {
        Summary.Problems.push_back(R.Range.File +
                                   ": not an analysed source, fix not applied");
        continue;
      }
      ByFile[R.Range.File].push_back(&R);
    }
  }
  for (auto &Entry : ByFile) {
    const std::string &File = Entry.first;
    auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer) {
      Summary.Problems.push_back(
          File + ": cannot be read: " + Buffer.getError().message());
      continue;
    }
    std::string Text = (*Buffer)->getBuffer().str();
    std::vector<const FixReplacement *> &Fixes = Entry.second;
    std::stable_sort(Fixes.begin(), Fixes.end(),
                     [](const FixReplacement *A, const FixReplacement *B) {
                       return A->Range.Offset < B->Range.Offset;
                     });
    // Drop duplicates and overlaps, then apply back to front.
    std::vector<const FixReplacement *> Kept;
    for (const FixReplacement *R : Fixes) {
      if (R->Range.Offset + R->Length > Text.size()) {
        Summary.Problems.push_back(File + ": a fix lies outside the file");
        continue;
      }
      if (!Kept.empty()) {
        const FixReplacement *Last = Kept.back();
        if (Last->Range.Offset == R->Range.Offset &&
            Last->Length == R->Length && Last->Text == R->Text)
          continue;
        if (R->Range.Offset < Last->Range.Offset + Last->Length ||
            (R->Range.Offset == Last->Range.Offset && R->Length == 0 &&
             Last->Length == 0)) {
          Summary.Problems.push_back(File + ":" +
                                     std::to_string(R->Range.Line) +
                                     ": overlaps another fix, not applied");
          continue;
        }
      }
      Kept.push_back(R);
    }
    for (auto It = Kept.rbegin(); It != Kept.rend(); ++It)
      Text.replace((*It)->Range.Offset, (*It)->Length, (*It)->Text);

    llvm::SmallString<256> Temp(File);
    Temp += ".pipe-lint-fix";
    {
      std::error_code EC;
      llvm::raw_fd_ostream OS(Temp, EC);
      if (EC) {
        Summary.Problems.push_back(File +
                                   ": cannot be written: " + EC.message());
        continue;
      }
      OS << Text;
    }
    // Keep the file's permissions.
    llvm::sys::fs::file_status Status;
    if (!llvm::sys::fs::status(File, Status))
      llvm::sys::fs::setPermissions(Temp, Status.permissions());
    if (std::error_code EC = llvm::sys::fs::rename(Temp, File)) {
      llvm::sys::fs::remove(Temp);
      Summary.Problems.push_back(File +
                                 ": cannot be replaced: " + EC.message());
      continue;
    }
    Summary.Applied += Kept.size();
    ++Summary.FilesChanged;
  }
  return Summary;
}

} // namespace pipelint
