//===--- ReplayMain.cpp - a fuzz target without libFuzzer -----------------===//
//
// Runs a target's LLVMFuzzerTestOneInput once on each file named on the
// command line (a folder: each file in it, in name order), the way libFuzzer
// replays a corpus. Built into the normal test build, so that the seed
// corpus of fuzz/seeds/ and the crashes the fuzzers once found run as
// regression tests (ctest fuzz_replay_*) and the targets keep compiling
// where libFuzzer is not installed. A crash or an abort fails the test.
//
//===----------------------------------------------------------------------===//
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size);

int main(int Argc, char **Argv) {
  std::vector<std::string> Inputs;
  for (int I = 1; I < Argc; ++I) {
    if (!llvm::sys::fs::is_directory(Argv[I])) {
      Inputs.push_back(Argv[I]);
      continue;
    }
    std::vector<std::string> InFolder;
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Argv[I], EC), End;
         It != End && !EC; It.increment(EC))
      if (llvm::sys::fs::is_regular_file(It->path()))
        InFolder.push_back(It->path());
    std::sort(InFolder.begin(), InFolder.end());
    Inputs.insert(Inputs.end(), InFolder.begin(), InFolder.end());
  }
  if (Inputs.empty()) {
    llvm::errs() << Argv[0] << ": no inputs\n";
    return 2;
  }
  for (const std::string &Path : Inputs) {
    auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
    if (!Buf) {
      llvm::errs() << Argv[0] << ": " << Path << ": "
                   << Buf.getError().message() << "\n";
      return 2;
    }
    llvm::outs() << "replay " << Path << "\n";
    llvm::outs().flush();
    LLVMFuzzerTestOneInput(
        reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
        (*Buf)->getBufferSize());
  }
  llvm::outs() << Inputs.size() << " inputs replayed\n";
  return 0;
}
