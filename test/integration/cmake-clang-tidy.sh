#!/usr/bin/env bash
# cmake-clang-tidy.sh <PipeLintModule.so> <clang-tidy-19> <cmake> <generator> <work-dir>
# The recipe of docs/integration/cmake.md: a CMake project built with
# -DCMAKE_CXX_CLANG_TIDY="clang-tidy-19;--load=<module>;--checks=-*,ipc-*"
# shows the ipc-* findings in its build output, and the build still succeeds.
source "$(dirname "$0")/lib.sh"
module=$1 clang_tidy=$2 cmake=$3 generator=$4 work=$5
fresh_dir "$work"
mkdir -p "$work/src"

cat >"$work/src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(fifo_demo CXX)
add_library(fifo_demo STATIC fifo.cpp)
CMAKE
cat >"$work/src/fifo.cpp" <<'CPP'
#include <sys/stat.h>

// Every local user can write to this FIFO.
int createFifo(const char *Path) { return mkfifo(Path, 0666); }
CPP

"$cmake" -S "$work/src" -B "$work/build" -G "$generator" \
  "-DCMAKE_CXX_CLANG_TIDY=$clang_tidy;--load=$module;--checks=-*,ipc-*" \
  >"$work/configure.txt" 2>&1 || fail "configure failed: $(cat "$work/configure.txt")"
rc=$(run_rc "$work/build.txt" "$cmake" --build "$work/build")
[[ $rc == 0 ]] || fail "the build failed ($rc): $(cat "$work/build.txt")"
cat "$work/build.txt"

# "  ... mkfifo(Path, 0666)": the finding is at the mode, column 56.
findings tidy "$work/build.txt" >"$work/found.txt"
echo "fifo.cpp:4:56: warning [ipc-world-accessible]" >"$work/expected.txt"
expect_same "CMAKE_CXX_CLANG_TIDY build output" "$work/expected.txt" "$work/found.txt"
grep -q "'mkfifo' asks for mode 0666" "$work/build.txt" || fail "the message is missing"
