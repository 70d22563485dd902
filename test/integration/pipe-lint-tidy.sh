#!/usr/bin/env bash
# pipe-lint-tidy.sh <pipe-lint-tidy> <work-dir>
# pipe-lint-tidy is clang-tidy plus the ipc-* checks: one run reports both
# the pipe-lint findings of the sample and clang-tidy's own bugprone-* one,
# and every clang-tidy module is linked in.
source "$(dirname "$0")/lib.sh"
tidy=$1 work=$2
fresh_dir "$work"
sample=$here/sample/fifo_server.cpp

rc=$(run_rc "$work/version.txt" "$tidy" --version)
[[ $rc == 0 ]] || fail "--version exited $rc: $(cat "$work/version.txt")"
grep -q "LLVM version 19" "$work/version.txt" || fail "--version does not name LLVM 19"
grep -q "pipe-lint .* checks (ipc-\*)" "$work/version.txt" ||
  fail "--version does not name the pipe-lint checks: $(cat "$work/version.txt")"

# Every module: ours, a few of clang-tidy's (the last one of the force linker
# included), and the static analyzer.
"$tidy" --list-checks --checks='*' >"$work/checks.txt"
for check in ipc-world-accessible ipc-null-dacl bugprone-suspicious-string-compare \
  readability-braces-around-statements zircon-temporary-objects \
  mpi-type-mismatch clang-analyzer-core.NullDereference; do
  grep -qx "    $check" "$work/checks.txt" || fail "--list-checks lacks $check"
done

rc=$(run_rc "$work/out.txt" "$tidy" --checks='-*,ipc-*,bugprone-*' "$sample" -- -std=c++17)
[[ $rc == 0 ]] || fail "pipe-lint-tidy exited $rc (warnings only expected): $(cat "$work/out.txt")"
findings tidy "$work/out.txt" ipc- >"$work/ipc.txt"
expect_same "pipe-lint-tidy ipc-*" "$here/sample/fifo_server.expected" "$work/ipc.txt"
findings tidy "$work/out.txt" bugprone- >"$work/bugprone.txt"
echo "fifo_server.cpp:32:7: warning [bugprone-suspicious-string-compare]" >"$work/bugprone.expected"
expect_same "pipe-lint-tidy bugprone-*" "$work/bugprone.expected" "$work/bugprone.txt"
