#!/usr/bin/env bash
# bench/audit/run.sh: audit every checkout of bench/audit/manifest, with no arguments and with the
# right include folders and defines (see docs/audits.md).
#
#   bench/audit/run.sh PIPE_LINT CHECKOUTS [OUT] [--only NAME,...] [--runs a,b]
#
# CHECKOUTS holds one folder per manifest line (<owner>+<repo>, extracted at the manifest's
# commit). OUT (default: a new temporary folder) receives the SARIF logs, the standard error of
# each run and summary.json. The script only analyses: it never runs a project's build. It stops
# with an error if a checkout is missing.
set -euo pipefail
if [[ $# -lt 2 ]]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
binary=$1 checkouts=$2
shift 2
out=""
if [[ $# -gt 0 && $1 != --* ]]; then out=$1; shift; fi
[[ -n $out ]] || out=$(mktemp -d /tmp/pipe-lint-audit.XXXXXX)
[[ -d $checkouts ]] || { echo "error: no checkouts folder $checkouts" >&2; exit 2; }
echo "pipe-lint: $("$binary" --version 2>&1 | head -1); logs in $out"
exec python3 "$(dirname "$0")/audit.py" "$binary" "$checkouts" "$out" "$@"
