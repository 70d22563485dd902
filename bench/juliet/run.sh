#!/usr/bin/env bash
# bench/juliet/run.sh: pipe-lint on NIST Juliet C/C++ 1.3, Win32 pipe, impersonation and handle
# families (CWE-252, 253, 273, 284, 404, 773, 775); prints per rule the bad cases found and the
# good cases flagged (see juliet.py and docs/audits.md, "Juliet").
#
#   bench/juliet/run.sh PIPE_LINT JULIET_C [OUT] [-j N] [--reuse]
#
# JULIET_C is the C folder of a local Juliet 1.3 copy (testcases/, testcasesupport/; from NIST
# SARD). Juliet's files are never part of this repository. OUT (default: a new temporary folder)
# receives findings.json, table.md and misses.txt (every bad case missed, every good function
# flagged).
set -euo pipefail
if [[ $# -lt 2 ]]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
binary=$1 juliet=$2
shift 2
out=""
if [[ $# -gt 0 && $1 != -* ]]; then out=$1; shift; fi
[[ -n $out ]] || out=$(mktemp -d /tmp/pipe-lint-juliet.XXXXXX)
[[ -d $juliet/testcases && -d $juliet/testcasesupport ]] ||
  { echo "error: $juliet has no testcases/ and testcasesupport/" >&2; exit 2; }
echo "pipe-lint: $("$binary" --version 2>&1 | head -1); results in $out"
exec python3 "$(dirname "$0")/juliet.py" "$binary" "$juliet" "$out" "$@"
