#!/usr/bin/env bash
# changed-files.sh <scripts/pipe-lint-changed> <pipe-lint> <work-dir>
# In a fresh git repository with an old defect already committed, the script
# analyses only the sources changed against the base: exactly the new
# finding, exit status 1; nothing changed: exit 0 without analysis. Before
# the first commit, the staged sources are analysed.
source "$(dirname "$0")/lib.sh"
script=$1 pipelint=$2 work=$3
fresh_dir "$work"
repo=$work/repo
mkdir -p "$repo/src"
cd "$repo"
git init -q -b main .
git config user.name "pipe-lint test"
git config user.email "test@example.invalid"
git config commit.gpgsign false

# legacy.c has a finding of its own: it must not be reported, as it does not
# change.
cat >src/legacy.c <<'C'
#include <sys/stat.h>

int make_legacy_fifo(void) { return mkfifo("/run/legacy/fifo", 0666); }
C
cat >src/server.c <<'C'
#include <sys/stat.h>

int make_server_fifo(void) { return mkfifo("/run/server/fifo", 0600); }
C
echo "demo" >README.md
git add -A
export PIPE_LINT=$pipelint

# 0. Before the first commit (pre-commit's first run), the staged sources are
#    the changed ones: legacy.c's finding, exit 1.
rc=$(run_rc "$work/first.txt" "$script" --format=json -o "$work/first.json" -- -std=c11)
[[ $rc == 1 ]] || fail "first commit: exit $rc, expected 1: $(cat "$work/first.txt")"
# "int make_legacy_fifo(void) { return mkfifo("/run/legacy/fifo", 0666); }":
# the mode is at column 64.
echo "legacy.c:3:64: warning [ipc-world-accessible]" >"$work/first.expected"
findings json "$work/first.json" >"$work/first.found"
expect_same "staged before the first commit" "$work/first.expected" "$work/first.found"

git commit -q -m "clean server, legacy defect"

# 1. Nothing changed: no analysis, exit 0.
rc=$(run_rc "$work/unchanged.txt" "$script" --format=json -o "$work/unchanged.json" -- -std=c11)
[[ $rc == 0 ]] || fail "nothing changed: exit $rc, expected 0: $(cat "$work/unchanged.txt")"
grep -q "no C/C++ source changed" "$work/unchanged.txt" || fail "no notice: $(cat "$work/unchanged.txt")"
[[ ! -e $work/unchanged.json ]] || fail "pipe-lint ran although nothing changed"

# 2. A defect added to server.c (not committed) and a non-source change.
sed -i 's/0600/0666/' src/server.c
echo "more" >>README.md
rc=$(run_rc "$work/uncommitted.txt" "$script" --format=json -o "$work/uncommitted.json" -- -std=c11)
[[ $rc == 1 ]] || fail "uncommitted defect: exit $rc, expected 1: $(cat "$work/uncommitted.txt")"
# "int make_server_fifo(void) { return mkfifo("/run/server/fifo", 0666); }":
# the mode is at column 64.
echo "server.c:3:64: warning [ipc-world-accessible]" >"$work/expected.txt"
findings json "$work/uncommitted.json" >"$work/uncommitted.found"
expect_same "uncommitted change against HEAD" "$work/expected.txt" "$work/uncommitted.found"
grep -q "1 changed source file(s) against HEAD" "$work/uncommitted.txt" ||
  fail "the script did not count one file: $(cat "$work/uncommitted.txt")"

# 3. The same change committed on a branch: found with --base=main, and not
#    with the default base (HEAD: nothing left to commit). The working folder
#    is a subfolder, to check that paths do not depend on it.
git checkout -q -b feature
git commit -q -am "world-writable server FIFO"
cd src
rc=$(run_rc "$work/branch.txt" "$script" --base=main --format=json -o "$work/branch.json" -- -std=c11)
[[ $rc == 1 ]] || fail "branch change: exit $rc, expected 1: $(cat "$work/branch.txt")"
findings json "$work/branch.json" >"$work/branch.found"
expect_same "committed change against main" "$work/expected.txt" "$work/branch.found"
rc=$(run_rc "$work/head.txt" "$script" --format=json -o "$work/head.json" -- -std=c11)
[[ $rc == 0 ]] || fail "branch change, base HEAD: exit $rc, expected 0: $(cat "$work/head.txt")"

# 4. A base git does not know is an error (2), not a clean run.
rc=$(run_rc "$work/bad.txt" "$script" --base=no-such-branch)
[[ $rc == 2 ]] || fail "unknown base: exit $rc, expected 2"
echo "ok: pipe-lint-changed"
