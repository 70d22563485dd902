//===--- FuzzSupport.h - shared helpers of the libFuzzer targets -*- C++
//-*-===//
#ifndef PIPELINT_FUZZ_FUZZSUPPORT_H
#define PIPELINT_FUZZ_FUZZSUPPORT_H

#include "llvm/ADT/StringRef.h"
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pipelint::fuzz {

/// A folder of this process, made on first use and removed at exit.
const std::string &scratchDir();

/// Writes \p Text to \p Path (replacing it); aborts when that fails, since a
/// fuzzer that cannot write its input tests nothing.
void writeFile(const std::string &Path, llvm::StringRef Text);

/// Clang's builtin headers, as the CLI finds them.
const std::string &resourceDir();

/// The fuzz input as text.
inline llvm::StringRef asText(const uint8_t *Data, size_t Size) {
  return llvm::StringRef(reinterpret_cast<const char *>(Data), Size);
}

/// \p Text split at each '\n' (a trailing empty piece is dropped).
std::vector<std::string> splitLines(llvm::StringRef Text);

} // namespace pipelint::fuzz

#endif
