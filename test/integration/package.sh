#!/usr/bin/env bash
# package.sh <build-dir> <cpack> <work-dir>
# Builds the Debian package with cpack, checks its metadata and contents,
# unpacks it (dpkg -x) into <work-dir>/root and runs the unpacked pipe-lint:
# --version, --print-plugin-path (must find the unpacked module) and one
# analysis. integration_same_findings then uses <work-dir>/root.
source "$(dirname "$0")/lib.sh"
build=$1 cpack=$2 work=$3
fresh_dir "$work"

start=$SECONDS
"$cpack" --config "$build/CPackConfig.cmake" -G DEB -B "$work/cpack" >"$work/cpack.txt" 2>&1 ||
  fail "cpack failed: $(cat "$work/cpack.txt")"
debs=("$work"/cpack/pipe-lint_*.deb)
[[ ${#debs[@]} == 1 && -f ${debs[0]} ]] || fail "no single pipe-lint_*.deb in $work/cpack"
deb=${debs[0]}
echo "ok: $(basename "$deb") ($(du -h "$deb" | cut -f1)) in $((SECONDS - start)) s"

# Metadata: the LLVM 19 runtime, the builtin headers; MinGW-w64 recommended.
depends=$(dpkg-deb -f "$deb" Depends)
recommends=$(dpkg-deb -f "$deb" Recommends)
echo "Depends: $depends"
echo "Recommends: $recommends"
for pkg in libclang-cpp19 libllvm19 libclang-common-19-dev libc6 libstdc++6; do
  [[ ", $depends," =~ ,\ ${pkg//+/\\+}[\ ,] ]] || fail "Depends lacks $pkg: $depends"
done
for pkg in g++-mingw-w64-x86-64-win32 clang-tidy-19; do
  [[ ", $recommends," =~ ,\ ${pkg//+/\\+}[\ ,] ]] || fail "Recommends lacks $pkg: $recommends"
done

# Contents.
dpkg-deb -c "$deb" | awk '{print $NF}' >"$work/contents.txt"
for path in ./usr/bin/pipe-lint ./usr/bin/pipe-lint-tidy \
  ./usr/lib/pipe-lint/PipeLintModule.so ./usr/share/man/man1/pipe-lint.1 \
  ./usr/share/doc/pipe-lint/usage.md ./usr/share/doc/pipe-lint/checks/ipc-null-dacl.md \
  ./usr/share/doc/pipe-lint/integration/cmake.md; do
  grep -qx "$path" "$work/contents.txt" || fail "the package lacks $path"
done

dpkg -x "$deb" "$work/root"
root=$work/root
bin=$root/usr/bin/pipe-lint

# The unpacked binaries load with the system's LLVM 19 (no path into the
# build tree).
for f in "$bin" "$root/usr/bin/pipe-lint-tidy"; do
  if ldd "$f" | grep -q "not found"; then fail "$f: $(ldd "$f")"; fi
  if readelf -d "$f" | grep -qE "R(UN)?PATH.*$build"; then fail "$f has a RUNPATH into the build tree"; fi
done

"$bin" --version >"$work/version.txt"
grep -q "^pipe-lint [0-9]" "$work/version.txt" || fail "--version: $(cat "$work/version.txt")"
plugin=$("$bin" --print-plugin-path)
[[ $plugin == "$(realpath "$root/usr/lib/pipe-lint/PipeLintModule.so")" ]] ||
  fail "--print-plugin-path printed '$plugin', not the unpacked module"
echo "ok: $(cat "$work/version.txt"); plugin $plugin"

# One analysis from the unpacked tree: the sample's findings, exit 1.
rc=$(run_rc "$work/analysis.txt" "$bin" --format=json -o "$work/analysis.json" \
  "$here/sample/fifo_server.cpp" -- -std=c++17)
[[ $rc == 1 ]] || fail "analysis exited $rc, expected 1: $(cat "$work/analysis.txt")"
findings json "$work/analysis.json" >"$work/analysis.found"
expect_same "unpacked pipe-lint" "$here/sample/fifo_server.expected" "$work/analysis.found"

# The man page: valid roff (no groff warning) and the options of --help.
man=$root/usr/share/man/man1/pipe-lint.1
groff -man -Tutf8 -ww -z "$man" 2>"$work/groff.txt" || fail "groff failed: $(cat "$work/groff.txt")"
[[ ! -s $work/groff.txt ]] || fail "groff warnings: $(cat "$work/groff.txt")"
# (plain text, runs of spaces from justification squeezed)
groff -man -Tascii -P-cbou "$man" 2>/dev/null | tr -s ' ' >"$work/man.txt"
"$bin" --help >"$work/help.txt"
grep -oE '^  --?[a-z][a-z-]*' "$work/help.txt" | sed 's/^ *//' | sort -u >"$work/help-options.txt"
[[ -s $work/help-options.txt ]] || fail "no option found in --help"
while read -r opt; do
  grep -qE -- "(^| )$opt([ =<]|$)" "$work/man.txt" || fail "the man page lacks $opt"
done <"$work/help-options.txt"
# NAME: "pipe-lint - <the first paragraph of --help's OVERVIEW>".
grep -A1 "^NAME" "$work/man.txt" | grep -qE "^ pipe-lint - [[:alnum:]]" ||
  fail "the man page has no NAME line: $(head -20 "$work/man.txt")"
echo "ok: man page lists the $(wc -l <"$work/help-options.txt") options of --help"
