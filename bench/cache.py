#!/usr/bin/env python3
"""The result cache (--cache-dir) on a generated code base with IPC code in
many files (see docs/performance.md, "Result cache").

    bench/cache.py [--build DIR] [--files N] [--mix KIND=W,...] [--runs R]
                   [--jobs J] [--corpus DIR]

Generates the corpus with bench/gen_corpus.py --quarter-header (every fourth
file includes project/quarter.h), then times, each --runs times under GNU
time (/usr/bin/time), medians shown:

  - no cache: a plain run, the reference for the findings;
  - first run: an empty cache folder (removed before each run);
  - unchanged: the whole tree again, every result from the cache;
  - one source file changed: a comment appended to one IPC file (another
    comment each run, so each run misses that file);
  - quarter.h changed: a comment appended to the header a quarter of the
    files include;
  - that one file alone without a cache: what its analysis costs.

Every run writes --format=json; each must equal the reference byte for byte
(the appended comments move no finding). Needs a Release build, GNU time,
and the headers of the chosen kinds (MinGW-w64, Qt 5).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

TIME = "/usr/bin/time"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_MIX = "posix-ipc=3,win-ipc=2,qt-ipc=2,stl-plain=1"


def timed(cmd, cwd):
    """Wall seconds and peak RSS (MiB) of one run of `cmd`."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        p = subprocess.run([TIME, "-f", "%x %e %M", "-o", t.name] + cmd,
                           cwd=cwd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        fields = t.read().split()
    if len(fields) < 3 or fields[-3] not in ("0", "1"):
        sys.exit(f"cache.py: {' '.join(cmd)} failed:\n{p.stderr[-2000:]}")
    return float(fields[-2]), int(fields[-1]) / 1024.0


def read(path):
    with open(path, "rb") as f:
        return f.read()


def append(path, text):
    with open(path, "a") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--files", type=int, default=48)
    ap.add_argument("--mix", default=DEFAULT_MIX)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--corpus", help="folder for the corpus (default: a "
                                     "temporary one, removed at the end)")
    args = ap.parse_args()

    lint = os.path.join(os.path.abspath(args.build), "bin", "pipe-lint")
    if not os.access(lint, os.X_OK):
        sys.exit(f"cache.py: no {lint}: build pipe-lint first")
    if not os.access(TIME, os.X_OK):
        sys.exit("cache.py: GNU time is missing (apt-get install time)")
    work = args.corpus or tempfile.mkdtemp(prefix="pipelint-cache-bench.")
    corpus = os.path.join(work, "corpus")
    cache = os.path.join(work, "cache")
    out = os.path.join(work, "out.json")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_corpus.py"),
                    corpus, "--files", str(args.files), "--mix", args.mix,
                    "--quarter-header"], check=True, stdout=sys.stderr)
    sources = sorted(os.listdir(os.path.join(corpus, "src")))
    # An IPC file that does not include quarter.h (file 1).
    one = os.path.join(corpus, "src", sources[1])
    quarter = os.path.join(corpus, "include", "project", "quarter.h")

    base = [lint, "-p", corpus, "--quiet", "--fail-on=none", "--format=json",
            "-o", out, f"-j{args.jobs}"]
    cached = base + [f"--cache-dir={cache}"]

    results = {}
    reference = None

    def measure(label, cmd, before=None):
        nonlocal reference
        walls, rss = [], []
        for r in range(args.runs):
            if before:
                before(r)
            wall, mib = timed(cmd, corpus)
            walls.append(wall)
            rss.append(mib)
            findings = read(out)
            if reference is None:
                reference = findings
            elif findings != reference:
                sys.exit(f"cache.py: {label}: the findings differ from an "
                         f"uncached run's (run {r + 1})")
        results[label] = (statistics.median(walls), statistics.median(rss),
                          walls)
        print(f"cache.py: {label}: {', '.join(f'{w:.2f}' for w in walls)} s",
              file=sys.stderr)

    measure("no cache", base)
    measure("first run (empty cache)", cached,
            lambda r: shutil.rmtree(cache, ignore_errors=True))
    measure("second run, unchanged", cached)
    measure("one source file changed", cached,
            lambda r: append(one, f"// edit {r}\n"))
    measure("quarter.h changed (a quarter of the files)", cached,
            lambda r: append(quarter, f"// edit {r}\n"))
    alone = [lint, "-p", corpus, "--quiet", "--fail-on=none",
             "--format=json", "-o", os.path.join(work, "one.json"), one]
    walls, rss = [], []
    for _ in range(args.runs):
        w, m = timed(alone, corpus)
        walls.append(w)
        rss.append(m)
    results["that one file alone, no cache"] = (
        statistics.median(walls), statistics.median(rss), walls)

    size = sum(os.path.getsize(os.path.join(d, f))
               for d, _, fs in os.walk(cache) for f in fs)
    first = results["first run (empty cache)"][0]
    print(f"\n{args.files} files ({args.mix}), -j{args.jobs}, medians of "
          f"{args.runs} runs; cache folder {size / 1048576:.1f} MiB\n")
    print("| run | wall s | peak RSS MiB | time / first run |")
    print("| --- | --- | --- | --- |")
    for label, (wall, mib, _) in results.items():
        print(f"| {label} | {wall:.2f} | {mib:.0f} | {wall / first:.3f} |")
    if not args.corpus:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
