#!/usr/bin/env bash
# bench/run.sh: pipe-lint vs clang-tidy-19 --load=PipeLintModule.so vs
# clang-19 -fsyntax-only on a generated code base (see docs/performance.md).
#
#   bench/run.sh [--files N] [--size small|medium|large] [--mix KIND=W,...]
#                [--runs R] [--sections codebase,tu,scaling,sizes]
#                [--qt-includes isystem|I] [--build DIR] [--corpus DIR]
#
# Needs a Release build (default build/), clang-19, clang-tidy-19,
# run-clang-tidy-19, GNU time (/usr/bin/time: apt-get install time), the
# MinGW-w64 headers and Qt 5 for the Windows and Qt kinds. Not part of the
# default build or of ctest: it takes minutes and its numbers depend on the
# machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
corpus=""
files=100
size=medium
mix=""
runs=3
sections=codebase,tu,scaling
qtinc=isystem
while [[ $# -gt 0 ]]; do
  case $1 in
    --files) files=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --mix) mix=$2; shift 2 ;;
    --qt-includes) qtinc=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --sections) sections=$2; shift 2 ;;
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

for tool in clang-19 clang-tidy-19 run-clang-tidy-19 /usr/bin/time python3; do
  command -v "$tool" >/dev/null || {
    echo "bench/run.sh: $tool is missing (apt-get install time clang-tools-19)" >&2
    exit 2
  }
done
[[ -x $build/bin/pipe-lint && -f $build/lib/PipeLintModule.so ]] || {
  echo "bench/run.sh: build pipe-lint first (cmake --build $build)" >&2
  exit 2
}

work=${corpus:-$(mktemp -d /tmp/pipelint-bench.XXXXXX)}
gen=(python3 "$root/bench/gen_corpus.py" --qt-includes "$qtinc")
mixarg=()
[[ -n $mix ]] && mixarg=(--mix "$mix")

echo "# pipe-lint benchmark"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg);" \
     "$("$build/bin/pipe-lint" --version | head -1)"

if [[ $sections == *codebase* || $sections == *tu* || $sections == *scaling* ]]; then
  "${gen[@]}" "$work/corpus" --files "$files" --size "$size" "${mixarg[@]}" >&2
  python3 "$root/bench/measure.py" --corpus "$work/corpus" --build "$build" \
    --runs "$runs" --sections "$sections"
fi

if [[ $sections == *sizes* ]]; then
  # How the cost of one translation unit grows with its own code (the
  # headers stay the same), and of the code base with its number of files.
  for s in small medium large; do
    "${gen[@]}" "$work/size-$s" --files 7 --size "$s" \
      --mix "win-ipc=1,win-plain=1,qt-ipc=1,qt-plain=1,qt-ui=1,stl-plain=1,posix-ipc=1" >&2
    echo
    echo "## Size: $s"
    python3 "$root/bench/measure.py" --corpus "$work/size-$s" --build "$build" \
      --runs "$runs" --sections tu
  done
  for n in 25 50 100; do
    "${gen[@]}" "$work/files-$n" --files "$n" --size "$size" "${mixarg[@]}" >&2
    echo
    echo "## Files: $n"
    python3 "$root/bench/measure.py" --corpus "$work/files-$n" --build "$build" \
      --runs "$runs" --sections codebase-short
  done
fi
[[ -n $corpus ]] || rm -rf "$work"
