#!/usr/bin/env python3
"""Reads findings and prints them one per line, sorted and without duplicates,
as `file:line:column: level [rule]`, so that the hosts can be compared with
diff. `file` is the base name; level is `warning` (clang-tidy's warning and
error, pipe-lint's warning and error) or `note` (clang-tidy's remark,
pipe-lint's note level: the only two kinds a rule emits).

  findings.py json  <pipe-lint --format=json output> [rule-prefix]
  findings.py tidy  <clang-tidy or build log>         [rule-prefix]

A rule prefix (e.g. `ipc-`) keeps only those rules.
"""
import json
import os
import re
import sys

# clang-tidy: "path:12:5: warning: message [check-name]" (several checks of
# one diagnostic are comma separated). Notes carry no check name.
TIDY = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<level>warning|error|remark): .* \[(?P<rules>[A-Za-z0-9.,_-]+)\]$")


def level(name):
    return "note" if name in ("remark", "note") else "warning"


def from_json(text):
    for f in json.loads(text):
        if f.get("suppressed"):
            continue
        yield (os.path.basename(f["file"]), f["line"], f["column"],
               level(f["level"]), f["rule"])


def from_tidy(text):
    for raw in text.splitlines():
        m = TIDY.match(raw.strip())
        if not m:
            continue
        for rule in m.group("rules").split(","):
            yield (os.path.basename(m.group("file")), int(m.group("line")),
                   int(m.group("col")), level(m.group("level")), rule)


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("json", "tidy"):
        sys.exit(__doc__)
    with open(sys.argv[2], encoding="utf-8", errors="replace") as f:
        text = f.read()
    prefix = sys.argv[3] if len(sys.argv) == 4 else ""
    rows = from_json(text) if sys.argv[1] == "json" else from_tidy(text)
    for r in sorted({r for r in rows if r[4].startswith(prefix)}):
        print(f"{r[0]}:{r[1]}:{r[2]}: {r[3]} [{r[4]}]")


if __name__ == "__main__":
    main()
