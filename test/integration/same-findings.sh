#!/usr/bin/env bash
# same-findings.sh <unpacked-root> <clang-tidy-19> <cmake> <generator> <examples> <work-dir>
# "The same findings everywhere": on the sample, the installed pipe-lint, the
# installed plugin run by clang-tidy-19 through CMAKE_CXX_CLANG_TIDY, and the
# installed pipe-lint-tidy report the same ipc-* findings (file, line,
# column, level, rule), and these are the ones the sample is written to have.
# Then the same for the Windows examples (examples/windows/*.cpp), analysed
# with the MinGW-w64 headers: pipe-lint --platform=windows, and the two
# clang-tidy hosts given the arguments that option stands for.
source "$(dirname "$0")/lib.sh"
root=$1 clang_tidy=$2 cmake=$3 generator=$4 examples=$5 work=$6
fresh_dir "$work"
expected=$here/sample/fifo_server.expected
[[ -x $root/usr/bin/pipe-lint ]] || fail "no unpacked package in $root (run integration_package)"

# 1. The installed CLI.
rc=$(run_rc "$work/cli.txt" "$root/usr/bin/pipe-lint" --format=json -o "$work/cli.json" \
  "$here/sample/fifo_server.cpp" -- -std=c++17)
[[ $rc == 1 ]] || fail "pipe-lint exited $rc: $(cat "$work/cli.txt")"
findings json "$work/cli.json" >"$work/cli.found"
expect_same "installed pipe-lint" "$expected" "$work/cli.found"

# 2. The installed plugin, in a CMake build.
mkdir -p "$work/project"
cp "$here/sample/fifo_server.cpp" "$work/project/"
cat >"$work/project/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(sample CXX)
set(CMAKE_CXX_STANDARD 17)
add_library(sample STATIC fifo_server.cpp)
CMAKE
plugin=$("$root/usr/bin/pipe-lint" --print-plugin-path)
"$cmake" -S "$work/project" -B "$work/project-build" -G "$generator" \
  "-DCMAKE_CXX_CLANG_TIDY=$clang_tidy;--load=$plugin;--checks=-*,ipc-*" \
  >"$work/configure.txt" 2>&1 || fail "configure failed: $(cat "$work/configure.txt")"
"$cmake" --build "$work/project-build" >"$work/build.txt" 2>&1 ||
  fail "the build failed: $(cat "$work/build.txt")"
findings tidy "$work/build.txt" >"$work/plugin.found"
expect_same "installed plugin via CMAKE_CXX_CLANG_TIDY" "$expected" "$work/plugin.found"

# 3. The installed pipe-lint-tidy, with the compile database of that build.
"$root/usr/bin/pipe-lint-tidy" --checks='-*,ipc-*' -p "$work/project-build" \
  "$work/project/fifo_server.cpp" >"$work/tidy.txt" 2>&1 ||
  fail "pipe-lint-tidy failed: $(cat "$work/tidy.txt")"
findings tidy "$work/tidy.txt" >"$work/tidy.found"
expect_same "installed pipe-lint-tidy" "$expected" "$work/tidy.found"

# 4. Windows code: the error-level rules among them. No expected list here:
#    the three must agree, and find something.
win_args=(--target=x86_64-w64-mingw32 -DUNICODE -D_UNICODE)
for example in "$examples"/*.cpp; do
  name=$(basename "$example" .cpp)
  rc=$(run_rc "$work/$name-cli.txt" "$root/usr/bin/pipe-lint" --platform=windows \
    --format=json -o "$work/$name-cli.json" "$example")
  [[ $rc == 1 ]] || fail "pipe-lint $name exited $rc: $(cat "$work/$name-cli.txt")"
  findings json "$work/$name-cli.json" >"$work/$name-cli.found"
  [[ -s $work/$name-cli.found ]] || fail "no finding in $example"
  "$clang_tidy" --load="$plugin" --checks='-*,ipc-*' "$example" -- "${win_args[@]}" \
    >"$work/$name-plugin.txt" 2>&1 || fail "clang-tidy on $name failed: $(cat "$work/$name-plugin.txt")"
  findings tidy "$work/$name-plugin.txt" >"$work/$name-plugin.found"
  expect_same "$name: plugin vs pipe-lint --platform=windows" "$work/$name-cli.found" "$work/$name-plugin.found"
  "$root/usr/bin/pipe-lint-tidy" --checks='-*,ipc-*' "$example" -- "${win_args[@]}" \
    >"$work/$name-tidy.txt" 2>&1 || fail "pipe-lint-tidy on $name failed: $(cat "$work/$name-tidy.txt")"
  findings tidy "$work/$name-tidy.txt" >"$work/$name-tidy.found"
  expect_same "$name: pipe-lint-tidy vs pipe-lint --platform=windows" "$work/$name-cli.found" "$work/$name-tidy.found"
done
