//===--- FixtureFiles.cpp - the sources the fixture tests run -------------===//
#include "FixtureFiles.h"
#include "TestConfig.h"

#include "llvm/Support/FileSystem.h"

#include <algorithm>

namespace pipelint::test {

std::vector<std::string> fixtureFiles() {
  std::vector<std::string> Files;
  for (const char *Root :
       {PIPELINT_FIXTURE_DIR, PIPELINT_SOURCE_DIR "/examples"}) {
    std::error_code EC;
    for (llvm::sys::fs::recursive_directory_iterator It(Root, EC), End;
         It != End && !EC; It.increment(EC)) {
      llvm::StringRef P = It->path();
      // Mock headers, and the checkouts of TreeFixtureTest.cpp.
      if (P.contains("/include/") || P.contains("/trees/"))
        continue;
      if (P.ends_with(".cpp") || P.ends_with(".c") || P.ends_with(".cc"))
        Files.push_back(P.str());
    }
  }
  std::sort(Files.begin(), Files.end());
  return Files;
}

} // namespace pipelint::test
