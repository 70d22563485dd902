//===--- FuzzSupport.cpp - shared helpers of the libFuzzer targets --------===//
#include "FuzzSupport.h"
#include "driver/Platform.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

namespace pipelint::fuzz {

const std::string &scratchDir() {
  // Never destroyed: the exit handler below runs after static destructors
  // registered before it.
  static const std::string *Dir = [] {
    llvm::SmallString<128> Path;
    if (llvm::sys::fs::createUniqueDirectory("pipelint-fuzz", Path)) {
      llvm::errs() << "fuzz: cannot create a scratch folder\n";
      std::abort();
    }
    auto *Made = new std::string(Path);
    std::atexit([] { llvm::sys::fs::remove_directories(scratchDir()); });
    return Made;
  }();
  return *Dir;
}

void writeFile(const std::string &Path, llvm::StringRef Text) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC) {
    llvm::errs() << "fuzz: cannot write " << Path << ": " << EC.message()
                 << "\n";
    std::abort();
  }
  OS << Text;
}

const std::string &resourceDir() {
  static const std::string Dir = defaultResourceDir();
  return Dir;
}

std::vector<std::string> splitLines(llvm::StringRef Text) {
  std::vector<std::string> Lines;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Lines.push_back(Line.str());
    Text = Rest;
  }
  return Lines;
}

} // namespace pipelint::fuzz
