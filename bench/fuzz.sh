#!/usr/bin/env bash
# bench/fuzz.sh [target|all] [seconds]: builds the libFuzzer targets of fuzz/
# with clang-19 (AddressSanitizer + UBSan) into build-fuzz/ and runs each
# target for the given time (default: all targets, 60 s each).
#
# Targets:
#   source        one translation unit, every rule (byte 0: C/C++, platform)
#   config        a .clang-tidy file and a --checks value
#   compile-db    compile_commands.json, planned as with -p
#   command-line  a compile command through the argument adjusters; aborts
#                 when a code-loading option reaches the compiler job
#   sarif         a SARIF log read for --baseline and merge
#
# Seeds: fuzz/seeds/<target>/ (ctest replays them: fuzz_replay_<target>),
# and for `source` also the fixtures of
# test/fixtures/ with `#include <windows.h>` replaced by fuzz/win32-min.h
# (parsing <windows.h> takes a second; the rules need only the declarations).
# The corpus grows in build-fuzz/corpus/<target>/ and is kept between runs;
# crashing inputs land in build-fuzz/crashes/<target>/. Reproduce one with
#   build-fuzz/bin/fuzz-<target> build-fuzz/crashes/<target>/crash-...
# Extra libFuzzer options can be given in PIPELINT_FUZZ_FLAGS (e.g. -jobs=2).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PIPELINT_FUZZ_BUILD:-$root/build-fuzz}
which=${1:-all}
seconds=${2:-60}
all=(source config compile-db command-line sarif)

if [[ $which != all && ! " ${all[*]} " =~ " $which " ]]; then
  echo "fuzz.sh: unknown target '$which' (${all[*]} or all)" >&2
  exit 2
fi
command -v clang++-19 >/dev/null || {
  echo "fuzz.sh: clang++-19 is needed (apt-get install clang-19)" >&2
  exit 2
}
if [[ ! -f $(clang++-19 -print-file-name=libclang_rt.fuzzer-x86_64.a) ]]; then
  echo "fuzz.sh: libFuzzer is missing: apt-get install libclang-rt-19-dev" >&2
  exit 2
fi

if [[ ! -f $build/build.ninja ]]; then
  # -O1 and line tables: fast enough to fuzz, readable stack traces.
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER=clang++-19 -DPIPELINT_FUZZ=ON \
    -DPIPELINT_BUILD_TESTS=OFF \
    "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -gline-tables-only -DNDEBUG"
fi
cmake --build "$build" --target fuzz

# Seeds of the source target, made from the fixtures. Byte 0: bit 0 for C,
# bit 1 for the Windows platform.
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds"
cp -r "$root/fuzz/seeds/." "$seeds/"
mkdir -p "$seeds/source"
while IFS= read -r -d '' f; do
  mode=0
  [[ $f == *.c ]] && mode=$((mode | 1))
  grep -q 'windows\.h' "$f" && mode=$((mode | 2))
  name=$(echo "${f#"$root"/test/fixtures/}" | tr '/' '_')
  {
    printf "\\x0$mode"
    sed -e '/#include <windows\.h>/{r '"$root/fuzz/win32-min.h" -e 'd}' \
        -e '/#include <\(Qt\|aclapi\|sddl\|rpc\|objbase\)/d' "$f"
  } >"$seeds/source/$name"
done < <(find "$root/test/fixtures" -name '*.c' -print0 -o -name '*.cpp' -print0)
# .clang-tidy files of the fixtures as config seeds (empty --checks line).
while IFS= read -r -d '' f; do
  { echo; cat "$f"; } >"$seeds/config/fixture-$(basename "$(dirname "$(dirname "$f")")")"
done < <(find "$root/test/fixtures" -name .clang-tidy -print0)
# SARIF logs the tests wrote, if a build has run them.
for f in "$root"/build/test-sarif/*.sarif; do
  [[ -f $f ]] && cp "$f" "$seeds/sarif/"
done

run() {
  local t=$1
  mkdir -p "$build/corpus/$t" "$build/crashes/$t"
  echo "== fuzz-$t for ${seconds}s"
  # Leaks are checked too; a unit that takes over 30 s counts as a hang.
  "$build/bin/fuzz-$t" -max_total_time="$seconds" -timeout=30 \
    -rss_limit_mb=4096 -print_final_stats=1 \
    -dict="$root/fuzz/dicts/$t.dict" \
    -artifact_prefix="$build/crashes/$t/" \
    ${PIPELINT_FUZZ_FLAGS:-} "$build/corpus/$t" "$seeds/$t"
}

status=0
if [[ $which == all ]]; then
  for t in "${all[@]}"; do run "$t" || status=1; done
else
  run "$which" || status=1
fi
exit $status
