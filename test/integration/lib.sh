# Helpers of the integration tests (sourced).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# fresh_dir DIR: an empty folder (the tests' own folder under the build tree).
fresh_dir() {
  rm -rf "$1"
  mkdir -p "$1"
}

# findings json|tidy FILE [PREFIX]: normalised findings (test/integration/findings.py).
findings() {
  python3 "$here/findings.py" "$@"
}

# expect_same WHAT EXPECTED-FILE ACTUAL-FILE
expect_same() {
  if ! diff -u "$2" "$3" >&2; then
    fail "$1: the findings differ from $2 (diff above: - expected, + actual)"
  fi
  echo "ok: $1: $(wc -l <"$3") finding(s) as expected"
}

# run_rc OUT CMD...: runs CMD with stdout+stderr to OUT, prints the exit code.
run_rc() {
  local out=$1 rc=0
  shift
  "$@" >"$out" 2>&1 || rc=$?
  echo "$rc"
}
