#!/usr/bin/env python3
"""Times pipe-lint, clang-tidy with the module and clang-19 -fsyntax-only.

Called by bench/run.sh; see docs/performance.md. Every command runs --runs
times under GNU time; the table shows the median wall time and the median
of the peak resident set sizes (for pipe-lint, the largest of the process
and its workers), and the ratios the performance goals are stated in.
"""
import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile

TIME = "/usr/bin/time"


def run_timed(cmd, cwd=None, runs=3):
    """Median wall seconds and median peak RSS (MiB) of `cmd` over `runs`."""
    walls, rss = [], []
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
            full = [TIME, "-f", "%x %e %M", "-o", t.name] + cmd
            p = subprocess.run(full, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
            fields = t.read().split()
            # Findings may make a tool exit with 1; anything else is a failure.
            if len(fields) < 3 or fields[-3] not in ("0", "1"):
                sys.exit(f"measure: {shlex.join(cmd)} failed:\n{p.stderr[-2000:]}")
            walls.append(float(fields[-2]))
            rss.append(int(fields[-1]) / 1024.0)
    return statistics.median(walls), statistics.median(rss)


def table(title, header, rows):
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for r in rows:
        print("| " + " | ".join(str(c) for c in r) + " |")


def compile_commands(corpus):
    with open(os.path.join(corpus, "compile_commands.json")) as f:
        return json.load(f)


def syntax_only(entry):
    """The database command as clang-19 -fsyntax-only."""
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    out = ["clang-19"]
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        out.append("-fsyntax-only" if a == "-c" else a)
    return out


FINDING = re.compile(r"^(.*?):(\d+):(\d+): (?:warning|error|remark|note): .*\[(ipc-[a-z-]+)\]$")


def tidy_findings(output, corpus):
    found = set()
    for line in output.splitlines():
        m = FINDING.match(line)
        if m:
            path = os.path.normpath(os.path.join(corpus, m.group(1)))
            found.add((path, int(m.group(2)), int(m.group(3)), m.group(4)))
    return found


def lint_findings(json_path, corpus):
    """(file, line, column, rule) of pipe-lint's --format=json findings."""
    with open(json_path) as f:
        items = json.load(f)
    return {(os.path.normpath(os.path.join(corpus, it["file"])), it["line"],
             it["column"], it["rule"])
            for it in items if not it["suppressed"]}


def codebase(args, corpus, lint, tidy, db, files, full):
    """The whole compile database, one tool run each."""
    module = tidy[1][len("--load="):]
    rows = []
    cmds = [
        ("pipe-lint -j1", [lint, "-p", corpus, "-j1", "--quiet", "--fail-on=none"]),
        ("pipe-lint -j1 --no-prefilter",
         [lint, "-p", corpus, "-j1", "--quiet", "--fail-on=none", "--no-prefilter"]),
        ("clang-tidy-19 --load (sequential)", tidy + ["-p", corpus] + files),
        ("clang-19 -fsyntax-only (sequential)",
         ["sh", "-c", "; ".join(shlex.join(syntax_only(e)) for e in db)]),
        ("pipe-lint -j2", [lint, "-p", corpus, "-j2", "--quiet", "--fail-on=none"]),
    ]
    if full:
        cmds.append(("run-clang-tidy-19 -j 2",
                     ["run-clang-tidy-19", "-quiet", "-j", "2", "-p", corpus,
                      f"-load={module}", "-checks=-*,ipc-*", "-clang-tidy-binary",
                      "clang-tidy-19"]))
    results = {}
    for name, cmd in cmds:
        wall, rss = run_timed(cmd, cwd=corpus, runs=args.runs)
        results[name] = wall
        rows.append([name, f"{wall:.1f}", f"{rss:.0f}"])
    base = results["pipe-lint -j1"]
    for r in rows:
        r.append(f"{results[r[0]] / base:.2f}")
    table(f"Whole code base ({len(files)} files)",
          ["command", "wall s", "peak RSS MiB", "time / pipe-lint -j1"], rows)
    print(f"\nclang-tidy --load / pipe-lint, one file at a time: "
          f"{results['clang-tidy-19 --load (sequential)'] / base:.1f}x")
    if not full:
        return
    print(f"run-clang-tidy -j2 / pipe-lint -j2: "
          f"{results['run-clang-tidy-19 -j 2'] / results['pipe-lint -j2']:.1f}x")
    # Same findings: pipe-lint with and without the pre-filter, and
    # clang-tidy with the module.
    out_json = os.path.join(tempfile.mkdtemp(), "lint.json")
    report = [lint, "-p", corpus, "-j2", "--quiet", "--fail-on=none",
              "--format=json", "-o", out_json, "--source-root", corpus]
    subprocess.run(report, check=True, cwd=corpus)
    with_pf = lint_findings(out_json, corpus)
    subprocess.run(report + ["--no-prefilter"], check=True, cwd=corpus)
    without_pf = lint_findings(out_json, corpus)
    t = subprocess.run(tidy + ["-p", corpus] + files, cwd=corpus,
                       capture_output=True, text=True)
    by_tidy = tidy_findings(t.stdout, corpus)
    same = with_pf == without_pf == by_tidy
    print(f"\nFindings: pipe-lint {len(with_pf)}, pipe-lint --no-prefilter "
          f"{len(without_pf)}, clang-tidy --load {len(by_tidy)}; identical: "
          f"{'yes' if same else 'NO'}")
    if not same:
        for name, a, b in (("prefilter", with_pf, without_pf),
                           ("clang-tidy", by_tidy, without_pf)):
            for x in sorted(a ^ b)[:10]:
                print(f"  differs ({name}): {x}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sections", default="codebase,tu,scaling")
    args = ap.parse_args()

    corpus = os.path.abspath(args.corpus)
    build = os.path.abspath(args.build)
    lint = os.path.join(build, "bin", "pipe-lint")
    module = os.path.join(build, "lib", "PipeLintModule.so")
    tidy = ["clang-tidy-19", f"--load={module}", "--checks=-*,ipc-*", "--quiet"]
    db = compile_commands(corpus)
    files = [os.path.join(corpus, e["file"]) for e in db]
    sections = args.sections.split(",")
    print(f"Corpus: {corpus} ({len(files)} translation units); "
          f"{args.runs} runs per command, medians.")

    if "codebase" in sections or "codebase-short" in sections:
        codebase(args, corpus, lint, tidy, db, files,
                 full="codebase" in sections)

    if "tu" in sections:
        rows = []
        seen = set()
        for e in db:
            kind = os.path.basename(e["file"]).rsplit("-", 1)[0]
            if kind in seen:
                continue
            seen.add(kind)
            path = os.path.join(corpus, e["file"])
            floor = run_timed(syntax_only(e), cwd=corpus, runs=args.runs)
            parse = run_timed([lint, "-p", corpus, "--quiet", "--fail-on=none",
                               "--no-prefilter", path], cwd=corpus, runs=args.runs)
            pf = run_timed([lint, "-p", corpus, "--quiet", "--fail-on=none", path],
                           cwd=corpus, runs=args.runs)
            ct = run_timed(tidy + ["-p", corpus, path], cwd=corpus, runs=args.runs)
            rows.append([kind, f"{floor[0]:.2f} / {floor[1]:.0f}",
                         f"{parse[0]:.2f} / {parse[1]:.0f}",
                         f"{pf[0]:.2f} / {pf[1]:.0f}",
                         f"{ct[0]:.2f} / {ct[1]:.0f}",
                         f"{parse[0] / floor[0]:.2f}", f"{parse[1] / floor[1]:.2f}"])
        table("One translation unit (wall s / peak RSS MiB)",
              ["kind", "clang-19 -fsyntax-only", "pipe-lint --no-prefilter",
               "pipe-lint", "clang-tidy --load", "time ratio (parse)",
               "RSS ratio (parse)"], rows)

    if "scaling" in sections:
        rows = []
        for label, extra in (("--no-prefilter", ["--no-prefilter"]),
                             ("default", [])):
            one = run_timed([lint, "-p", corpus, "-j1", "--quiet",
                             "--fail-on=none"] + extra, cwd=corpus, runs=args.runs)
            two = run_timed([lint, "-p", corpus, "-j2", "--quiet",
                             "--fail-on=none"] + extra, cwd=corpus, runs=args.runs)
            rows.append([label, f"{one[0]:.1f}", f"{two[0]:.1f}",
                         f"{one[0] / two[0]:.2f}"])
        table("Scaling on this machine", ["pipe-lint", "-j1 wall s", "-j2 wall s",
                                          "throughput -j2 / -j1"], rows)


if __name__ == "__main__":
    main()
