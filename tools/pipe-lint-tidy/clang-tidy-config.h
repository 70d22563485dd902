// clang-tidy-config.h for pipe-lint-tidy.
//
// ClangTidyForceLinker.h includes this header, which LLVM generates when it
// builds clang-tidy; Debian ships the force linker but not this header. The
// value must match the installed libraries: Debian's LLVM 19 is built with
// the static analyzer (libclangTidyMPIModule.a exists and clang-tidy-19 lists
// the clang-analyzer-* checks).
#ifndef PIPELINT_TIDY_CLANG_TIDY_CONFIG_H
#define PIPELINT_TIDY_CLANG_TIDY_CONFIG_H
#define CLANG_TIDY_ENABLE_STATIC_ANALYZER 1
#endif
