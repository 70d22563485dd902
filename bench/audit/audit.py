#!/usr/bin/env python3
"""bench/audit/audit.py: audit each checkout of bench/audit/manifest with pipe-lint, twice.

  audit.py PIPE_LINT CHECKOUTS OUT [--only NAME,...] [--runs a,b]

(a) `pipe-lint <sub-path>` run from the checkout root with no other arguments;
(b) the same with the include folders and defines read by hand from the project's build files.
Prints, per checkout and run: files, fully parsed, partial, failed, IPC call sites seen and
analysed, findings per level and per rule, wall time; then how many of (b)'s findings (same
rule, file, line) run (a) has and which findings (a) has that (b) lacks. Only analyses: it never
builds anything. SARIF logs, standard error and a summary.json go to OUT.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
COUNTERS = ["filesTotal", "filesParsedFully", "filesPartial", "filesFailed", "filesSkipped",
            "filesPrefiltered", "ipcCallSitesSeen", "ipcCallSitesAnalysed"]


def qt5_headers():
    try:
        out = subprocess.run(["qmake", "-query", "QT_INSTALL_HEADERS"], capture_output=True,
                             text=True, check=True).stdout.strip()
        if out and os.path.isdir(out):
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return "/usr/include/x86_64-linux-gnu/qt5"


def read_manifest(path):
    entries = []
    qt = qt5_headers()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split(" | ")]
            if len(parts) != 6:
                sys.exit(f"{path}:{n}: expected 6 fields separated by ' | ', got {len(parts)}")
            name, repo, commit, sub, platform, args = parts
            entries.append(dict(name=name, repo=repo, commit=commit, sub=sub, platform=platform,
                                args=shlex.split(args.replace("@QT5@", qt))))
    return entries


def run_one(binary, root, entry, kind, out):
    sarif = os.path.join(out, f"{entry['name']}.{kind}.sarif")
    cmd = [binary, entry["sub"], "--format=sarif", "-o", sarif, "--quiet"]
    if kind == "b":
        if entry["platform"] != "auto":
            cmd.append("--platform=" + entry["platform"])
        cmd += ["--"] + entry["args"]
    if os.path.exists(sarif):
        os.remove(sarif)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    wall = time.monotonic() - start
    with open(os.path.join(out, f"{entry['name']}.{kind}.stderr"), "w") as f:
        f.write(" ".join(shlex.quote(c) for c in cmd) + "\n" + proc.stderr)
    res = dict(cmd=cmd, exit=proc.returncode, wall=round(wall, 1), findings=[])
    if not os.path.exists(sarif):
        res["error"] = f"no SARIF written (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"
        return res
    with open(sarif, encoding="utf-8") as f:
        log = json.load(f)
    run = log["runs"][0]
    props = run.get("invocations", [{}])[0].get("properties", {})
    for c in COUNTERS:
        res[c] = props.get(c)
    for r in run.get("results", []):
        if r.get("suppressions"):
            continue
        loc = r["locations"][0]["physicalLocation"]
        res["findings"].append(dict(rule=r["ruleId"], level=r.get("level", "warning"),
                                    file=loc["artifactLocation"]["uri"],
                                    line=loc.get("region", {}).get("startLine", 0),
                                    message=r["message"]["text"]))
    return res


def keys(res):
    return {(f["rule"], f["file"], f["line"]) for f in res["findings"]}


def pct(n, d):
    return "-" if not d else f"{100.0 * n / d:.0f} %"


def describe(name, kind, res):
    if "error" in res:
        return f"{name} ({kind}): FAILED: {res['error']}"
    levels = Counter(f["level"] for f in res["findings"])
    rules = Counter(f["rule"] for f in res["findings"])
    seen, done = res["ipcCallSitesSeen"] or 0, res["ipcCallSitesAnalysed"] or 0
    lines = [f"{name} ({kind}): exit {res['exit']}, {res['wall']} s",
             f"  files {res['filesTotal']}: fully parsed {res['filesParsedFully']}, partial "
             f"{res['filesPartial']}, failed {res['filesFailed']}, skipped {res['filesSkipped']}, "
             f"pre-filtered {res['filesPrefiltered']}",
             f"  IPC call sites analysed {done} of {seen} ({pct(done, seen)})",
             f"  findings {len(res['findings'])}: "
             + ", ".join(f"{k} {levels[k]}" for k in ("error", "warning", "note") if levels[k])]
    for rule, n in sorted(rules.items()):
        lines.append(f"    {rule}: {n}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binary")
    ap.add_argument("checkouts")
    ap.add_argument("out")
    ap.add_argument("--manifest", default=os.path.join(HERE, "manifest"))
    ap.add_argument("--only", default="")
    ap.add_argument("--runs", default="a,b")
    o = ap.parse_args()
    binary = os.path.abspath(o.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"error: {binary} is not an executable pipe-lint")
    entries = read_manifest(o.manifest)
    if o.only:
        wanted = set(o.only.split(","))
        entries = [e for e in entries if e["name"] in wanted]
    missing = [e["name"] for e in entries
               if not os.path.isdir(os.path.join(o.checkouts, e["name"], e["sub"]))]
    if missing:
        sys.exit("error: checkout(s) missing under " + o.checkouts + ": " + ", ".join(missing)
                 + "\nfetch each repository and extract it at the manifest's commit (see manifest)")
    os.makedirs(o.out, exist_ok=True)
    summary = {}
    table = ["| checkout | run | files | full / partial / failed | IPC sites analysed | findings "
             "(E/W/N) | time |", "|---|---|---|---|---|---|---|"]
    for e in entries:
        root = os.path.abspath(os.path.join(o.checkouts, e["name"]))
        summary[e["name"]] = s = dict(entry=e)
        for kind in o.runs.split(","):
            s[kind] = res = run_one(binary, root, e, kind, o.out)
            print(describe(e["name"], kind, res), flush=True)
            if "error" in res:
                continue
            lv = Counter(f["level"] for f in res["findings"])
            seen, done = res["ipcCallSitesSeen"] or 0, res["ipcCallSitesAnalysed"] or 0
            table.append(f"| {e['name']} | {kind} | {res['filesTotal']} | "
                         f"{res['filesParsedFully']} / {res['filesPartial']} / "
                         f"{res['filesFailed']} | {done} of {seen} ({pct(done, seen)}) | "
                         f"{len(res['findings'])} ({lv['error']}/{lv['warning']}/{lv['note']}) | "
                         f"{res['wall']} s |")
        if all(k in s and "error" not in s[k] for k in ("a", "b")):
            a, b = keys(s["a"]), keys(s["b"])
            s["b_found_by_a"] = len(a & b)
            s["a_only"] = sorted(a - b)
            s["b_only"] = sorted(b - a)
            print(f"  compare: (a) has {len(a & b)} of (b)'s {len(b)} findings "
                  f"({pct(len(a & b), len(b))}); (a) only: {len(a - b)}")
            for k in sorted(a - b):
                print(f"    a only: {k[1]}:{k[2]} [{k[0]}]")
            for k in sorted(b - a):
                print(f"    b only: {k[1]}:{k[2]} [{k[0]}]")
        with open(os.path.join(o.out, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1, default=list)
    print()
    print("\n".join(table))


if __name__ == "__main__":
    main()
