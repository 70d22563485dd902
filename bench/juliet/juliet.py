#!/usr/bin/env python3
"""Score pipe-lint on the Win32 pipe, impersonation and handle families of NIST Juliet C/C++ 1.3.

Usage: juliet.py PIPE_LINT JULIET_C OUT [-j N] [--rule RULE]

JULIET_C is the "C" folder of a Juliet 1.3 copy (testcases/ and testcasesupport/). OUT receives
findings.json (pipe-lint's JSON report), misses.txt and table.md. The script analyses the
single-file test cases of the families below (one translation unit holds the bad and the good
functions); the cross-file variants (22, 51-54, 61-68, 72-74, 81-84) pass the handle between
translation units and are counted apart, not analysed.

A finding belongs to the function whose body holds its line. Juliet names the flawed functions
with "bad" (bad(), badSink, badSource, the class of variant 83) and the fixed ones with "good"
(good1, goodG2B, goodB2G, goodB2GSink, ...). Per rule: a bad case is found when a finding of the
rule lies in one of its bad functions; a good case is flagged when a finding of the rule lies in
one of its good functions. Findings of rules that do not answer a family's CWE (e.g.
ipc-pipe-remote-clients on every CreateNamedPipe) are counted apart: they are not wrong, the
good functions of Juliet only fix the one flaw of their CWE.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

# Family (file name prefix) -> the rule that answers its flaw. Not scored: CWE-252 CreateMutex (the
# unchecked handle's only use is CloseHandle, which fails harmlessly on NULL: no rule reports it),
# CWE-675 CreateFile (a double CloseHandle), CWE-284 CreateFile/CreateDesktop/registry (access
# rights on non-IPC objects).
FAMILIES = [
    ("CWE252_Unchecked_Return_Value__char_w32CreateNamedPipe", "ipc-invalid-handle-check"),
    ("CWE252_Unchecked_Return_Value__wchar_t_w32CreateNamedPipe", "ipc-invalid-handle-check"),
    ("CWE253_Incorrect_Check_of_Function_Return_Value__char_w32CreateNamedPipe",
     "ipc-invalid-handle-check"),
    ("CWE253_Incorrect_Check_of_Function_Return_Value__wchar_t_w32CreateNamedPipe",
     "ipc-invalid-handle-check"),
    ("CWE253_Incorrect_Check_of_Function_Return_Value__char_w32CreateMutex",
     "ipc-invalid-handle-check"),
    ("CWE253_Incorrect_Check_of_Function_Return_Value__wchar_t_w32CreateMutex",
     "ipc-invalid-handle-check"),
    ("CWE252_Unchecked_Return_Value__w32ImpersonateSelf", "ipc-unchecked-impersonation"),
    ("CWE253_Incorrect_Check_of_Function_Return_Value__w32_ImpersonateSelf",
     "ipc-unchecked-impersonation"),
    ("CWE253_Incorrect_Check_of_Function_Return_Value__char_w32ImpersonateNamedPipeClient",
     "ipc-unchecked-impersonation"),
    ("CWE253_Incorrect_Check_of_Function_Return_Value__wchar_t_w32ImpersonateNamedPipeClient",
     "ipc-unchecked-impersonation"),
    ("CWE253_Incorrect_Check_of_Function_Return_Value__w32_RpcImpersonateClient",
     "ipc-unchecked-impersonation"),
    ("CWE273_Improper_Check_for_Dropped_Privileges__w32_ImpersonateNamedPipeClient",
     "ipc-unchecked-impersonation"),
    ("CWE273_Improper_Check_for_Dropped_Privileges__w32_RpcImpersonateClient",
     "ipc-unchecked-impersonation"),
    ("CWE284_Improper_Access_Control__w32_char_CreateNamedPipe", "ipc-pipe-instance-squatting"),
    ("CWE284_Improper_Access_Control__w32_wchar_t_CreateNamedPipe",
     "ipc-pipe-instance-squatting"),
    ("CWE775_Missing_Release_of_File_Descriptor_or_Handle__w32CreateFile_no_close",
     "ipc-leaked-pipe-handle"),
    ("CWE773_Missing_Reference_to_Active_File_Descriptor_or_Handle__w32CreateFile",
     "ipc-leaked-pipe-handle"),
    ("CWE404_Improper_Resource_Shutdown__w32CreateFile_close", "ipc-leaked-pipe-handle"),
    ("CWE404_Improper_Resource_Shutdown__w32CreateFile_fclose", "ipc-leaked-pipe-handle"),
]

SINGLE = re.compile(r"_(\d\d)\.(c|cpp)$")
OTHER = re.compile(r"_(\d\d)(?:[a-e]|_bad|_good\w*)?\.(c|cpp)$")
HEADER = re.compile(r"^(?!#|\s|{|}|/)[^;]*?([~\w]+)\s*\([^;]*$")


def functions(path):
    """(first line, last line, name) of each function body, from Juliet's fixed layout: the
    declarator at column 0, '{' and '}' alone at column 0."""
    out, name, start = [], None, None
    with open(path, encoding="latin-1") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines, 1):
        if name is None:
            m = HEADER.match(line)
            if m and i < len(lines) and lines[i].rstrip() == "{":
                name, start = m.group(1), i
        elif line.rstrip() == "}":
            out.append((start, i, name))
            name = None
    return out


def kind(name):
    low = name.lower()
    if "bad" in low:
        return "bad"
    if "good" in low:
        return "good"
    return "other"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("juliet")
    ap.add_argument("out")
    ap.add_argument("-j", default="2")
    ap.add_argument("--reuse", action="store_true", help="score OUT/findings.json again")
    ap.add_argument("--with-io", action="store_true",
                    help="prepend testcasesupport/io.c to each test case (-include), as in a "
                    "whole-program build: flow variants 09-14 read its globals and functions")
    a = ap.parse_args()
    tests = os.path.join(a.juliet, "testcases")
    support = os.path.join(a.juliet, "testcasesupport")
    os.makedirs(a.out, exist_ok=True)
    cases = {}  # (family, variant) -> path
    crossfile = collections.Counter()
    for root, _, names in os.walk(tests):
        for n in names:
            for fam, _ in FAMILIES:
                if not n.startswith(fam + "_"):
                    continue
                rest = n[len(fam):]
                m = SINGLE.fullmatch(rest)
                if m:
                    cases[(fam, m.group(1))] = os.path.join(root, n)
                elif OTHER.fullmatch(rest):
                    crossfile[(fam, OTHER.fullmatch(rest).group(1))] += 1
    if not cases:
        sys.exit(f"error: no Juliet test case of the families under {tests}")
    report = os.path.join(a.out, "findings.json")
    if not a.reuse:
        files = sorted(cases.values())
        listing = os.path.join(a.out, "files.txt")
        with open(listing, "w") as f:
            f.write("\n".join(files) + "\n")
        cmd = [a.binary, "--platform=windows", "--format=json", "--fail-on=none", "-j", a.j,
               "-o", report] + files + ["--", "-I" + support]
        if a.with_io:
            cmd += ["-include", os.path.join(support, "io.c")]
        r = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
        with open(os.path.join(a.out, "stderr.txt"), "w") as f:
            f.write(r.stderr)
        if r.returncode != 0:
            sys.exit(f"error: pipe-lint exited with {r.returncode}; see {a.out}/stderr.txt")
    with open(report) as f:
        findings = json.load(f)
    by_base = {os.path.basename(p): key for key, p in cases.items()}
    hits = collections.defaultdict(set)  # (family, variant) -> {(rule, kind, function)}
    fcache = {}
    for fd in findings:
        base = os.path.basename(fd["file"])
        key = by_base.get(base)
        if key is None:
            continue
        path = cases[key]
        if path not in fcache:
            fcache[path] = functions(path)
        fn = next((n for s, e, n in fcache[path] if s <= fd["line"] <= e), "<file scope>")
        hits[key].add((fd["rule"], kind(fn), fn))
    expected = dict(FAMILIES)
    rules = sorted(set(expected.values()))
    row = {r: collections.Counter() for r in rules}
    fam_row = collections.defaultdict(collections.Counter)
    misses, flagged = [], []
    for key in sorted(cases):
        fam, var = key
        rule = expected[fam]
        row[rule]["cases"] += 1
        fam_row[fam]["cases"] += 1
        got = hits.get(key, set())
        if any(r == rule and k == "bad" for r, k, _ in got):
            row[rule]["bad"] += 1
            fam_row[fam]["bad"] += 1
        else:
            misses.append(f"{fam}_{var}: bad not found")
        for r, k, fn in sorted(got):
            if r in rules and k == "good":
                flagged.append(f"{fam}_{var}: {r} in {fn}")
        for r in rules:
            if any(rr == r and k == "good" for rr, k, _ in got):
                row[r]["good"] += 1
                if r == rule:
                    fam_row[fam]["good"] += 1
    other = collections.Counter()
    for key, got in hits.items():
        for r, k, _ in got:
            if r not in rules:
                other[(r, k)] += 1
    total = collections.Counter()
    lines = ["| rule | cases | bad found | good cases flagged |", "| --- | ---: | ---: | ---: |"]
    for r in rules:
        c = row[r]
        total.update(c)
        lines.append(f"| {r} | {c['cases']} | {c['bad']}/{c['cases']} | {c['good']} |")
    pct = 100.0 * total["bad"] / total["cases"]
    lines.append(f"| **all** | {total['cases']} | {total['bad']}/{total['cases']} ({pct:.1f} %) "
                 f"| {total['good']} |")
    lines += ["", "| family | rule | bad found | good flagged |", "| --- | --- | ---: | ---: |"]
    for fam, rule in FAMILIES:
        c = fam_row[fam]
        lines.append(f"| {fam.split('__', 1)[0][:6]} {fam.split('__', 1)[1]} | {rule} | "
                     f"{c['bad']}/{c['cases']} | {c['good']} |")
    if other:
        lines += ["", "Findings of other rules (functions with at least one; not scored):", ""]
        for (r, k), n in sorted(other.items()):
            lines.append(f"- {r} in {k} functions: {n}")
    nx = sum(1 for k in crossfile)
    lines += ["", f"Cross-file test cases not analysed: {nx}."]
    table = "\n".join(lines) + "\n"
    with open(os.path.join(a.out, "table.md"), "w") as f:
        f.write(table)
    with open(os.path.join(a.out, "misses.txt"), "w") as f:
        f.write("\n".join(misses + flagged) + "\n")
    print(table)
    print(f"{len(misses)} bad cases missed, {len(flagged)} good functions flagged: "
          f"{a.out}/misses.txt")


if __name__ == "__main__":
    main()
