#!/usr/bin/env python3
"""Writes a synthetic code base for pipe-lint's benchmark.

    bench/gen_corpus.py OUT [--files N] [--mix KIND=WEIGHT,...] [--size S]
                            [--seed K] [--quarter-header]

Every translation unit has a realistic header weight (the MinGW-w64
<windows.h> plus the STL, Qt 5 Core/Network/Widgets headers, or the STL
alone), a project header, and filler code (classes, templates, loops over
containers) of the chosen size. Some kinds hold IPC code with defects the
rules report; the others mention no API, flag or type a rule looks for,
which is the common case the pre-filter is for.

Kinds:
  win-ipc    Windows named-pipe server/client with defects
  win-plain  Windows code (<windows.h>, STL) without IPC
  qt-ipc     Qt local socket server with a world-accessible socket
  qt-plain   QtCore data handling (no signals/slots)
  qt-ui      QtWidgets code with signal/slot connect() calls
  posix-ipc  POSIX FIFO and shared memory with world-writable modes
  stl-plain  portable C++ with the STL only

With --quarter-header, every fourth file (0, 4, 8, ...) also includes
include/project/quarter.h, a header without IPC code: the result cache's
benchmark (bench/cache.sh) changes it to see a quarter of the files
analysed again.

compile_commands.json is written next to src/ with the flags each kind
needs (Windows files: --target=x86_64-w64-mingw32 -DUNICODE -D_UNICODE and
the MinGW headers, as pipe-lint's --platform=windows adds them), so that
pipe-lint, clang-tidy and clang-19 -fsyntax-only all parse with the same
command.
"""
import argparse
import json
import os
import random
import shlex
import subprocess

SIZES = {"small": 8, "medium": 40, "large": 160}  # filler functions per file

DEFAULT_MIX = "win-plain=40,win-ipc=5,qt-plain=20,qt-ipc=3,qt-ui=10,stl-plain=20,posix-ipc=2"

MINGW = "/usr/x86_64-w64-mingw32/include"


def pkg_flags(packages, system):
    """pkg-config's flags; with `system`, its -I folders as -isystem, as
    CMake passes the include folders of imported targets (Qt5::Core)."""
    try:
        out = subprocess.run(["pkg-config", "--cflags"] + packages,
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    flags = []
    for f in shlex.split(out):
        if system and f.startswith("-I"):
            flags += ["-isystem", f[2:]]
        else:
            flags.append(f)
    return flags + ["-fPIC"]


def filler(rng, n, prefix):
    """n functions and a class of ordinary C++ that names no IPC API."""
    out = []
    out.append(f"namespace {prefix}_detail {{")
    out.append(f"struct Record{prefix} {{ std::string name; int weight = 0;"
               " std::vector<double> samples; };")
    out.append(f"template <typename T> T clampValue(T v, T lo, T hi) {{"
               " return v < lo ? lo : (hi < v ? hi : v); }")
    for i in range(n):
        k = rng.randint(2, 9)
        style = i % 4
        if style == 0:
            out.append(f"""double summarize{i}(const std::vector<Record{prefix}> &rows) {{
  double total = 0;
  for (const auto &r : rows) {{
    for (double s : r.samples)
      total += clampValue(s * {k}.0, 0.0, 1e6);
    if (r.weight > {k}) total /= r.weight;
  }}
  return total;
}}""")
        elif style == 1:
            out.append(f"""std::map<std::string, int> countWords{i}(const std::string &text) {{
  std::map<std::string, int> counts;
  std::string word;
  for (char c : text) {{
    if (c == ' ' || c == '\\n') {{ if (!word.empty()) ++counts[word]; word.clear(); }}
    else word += static_cast<char>(c + {k} - {k});
  }}
  if (!word.empty()) ++counts[word];
  return counts;
}}""")
        elif style == 2:
            out.append(f"""class Cache{i} {{
public:
  void put(const std::string &key, std::shared_ptr<Record{prefix}> value) {{
    entries_[key] = std::move(value);
    if (entries_.size() > {k * 10}) entries_.erase(entries_.begin());
  }}
  std::shared_ptr<Record{prefix}> get(const std::string &key) const {{
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second;
  }}
private:
  std::map<std::string, std::shared_ptr<Record{prefix}>> entries_;
}};""")
        else:
            out.append(f"""std::vector<int> topValues{i}(std::vector<int> values) {{
  std::sort(values.begin(), values.end(), [](int a, int b) {{ return a > b; }});
  if (values.size() > {k}) values.resize({k});
  std::transform(values.begin(), values.end(), values.begin(),
                 [](int v) {{ return v * {k}; }});
  return values;
}}""")
    out.append(f"}} // namespace {prefix}_detail")
    return "\n".join(out)


STL = ["<string>", "<vector>", "<map>", "<memory>", "<algorithm>"]


def head(includes):
    return "\n".join(f"#include {i}" for i in includes) + "\n"


def win_plain(rng, n, i):
    return head(["<windows.h>"] + STL + ['"project/common.h"']) + f"""
{filler(rng, n, f"w{i}")}

DWORD elapsed{i}(DWORD start) {{
  Sleep(0);
  return GetTickCount() - start;
}}

std::wstring widen{i}(const std::string &s) {{
  int n = MultiByteToWideChar(CP_UTF8, 0, s.c_str(), -1, nullptr, 0);
  std::wstring out(n > 0 ? n : 0, L'\\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, s.c_str(), -1, &out[0], n);
  return out;
}}
"""


def win_ipc(rng, n, i):
    return head(["<windows.h>"] + STL + ['"project/common.h"']) + f"""
{filler(rng, n, f"wi{i}")}

static bool serve{i}(HANDLE pipe) {{
  char request[512];
  DWORD read = 0;
  if (!ReadFile(pipe, request, sizeof(request) - 1, &read, NULL)) return false;
  ImpersonateNamedPipeClient(pipe);
  RevertToSelf();
  return true;
}}

int server{i}() {{
  for (;;) {{
    HANDLE pipe = CreateNamedPipeW(L"\\\\\\\\.\\\\pipe\\\\bench{i}", PIPE_ACCESS_DUPLEX,
                                   PIPE_TYPE_MESSAGE | PIPE_WAIT,
                                   PIPE_UNLIMITED_INSTANCES, 4096, 4096, 0, NULL);
    if (pipe == INVALID_HANDLE_VALUE) return 1;
    if (ConnectNamedPipe(pipe, NULL)) serve{i}(pipe);
    DisconnectNamedPipe(pipe);
    CloseHandle(pipe);
  }}
}}

HANDLE client{i}() {{
  return CreateFileW(L"\\\\\\\\.\\\\pipe\\\\bench{i}", GENERIC_READ | GENERIC_WRITE, 0,
                     NULL, OPEN_EXISTING, 0, NULL);
}}
"""


def qt_plain(rng, n, i):
    return head(["<QString>", "<QStringList>", "<QMap>", "<QVector>",
                 "<QDateTime>", "<QDebug>"] + STL + ['"project/common.h"']) + f"""
{filler(rng, n, f"q{i}")}

QString describe{i}(const QMap<QString, int> &scores) {{
  QStringList parts;
  for (auto it = scores.cbegin(); it != scores.cend(); ++it)
    parts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
  return parts.join(QLatin1Char(',')) + QDateTime::currentDateTimeUtc().toString();
}}
"""


def qt_ui(rng, n, i):
    return head(["<QWidget>", "<QPushButton>", "<QVBoxLayout>", "<QLabel>"] +
                STL + ['"project/common.h"']) + f"""
{filler(rng, n, f"u{i}")}

QWidget *makePanel{i}(QWidget *parent) {{
  auto *panel = new QWidget(parent);
  auto *layout = new QVBoxLayout(panel);
  auto *label = new QLabel(QStringLiteral("idle"), panel);
  auto *button = new QPushButton(QStringLiteral("Run"), panel);
  layout->addWidget(label);
  layout->addWidget(button);
  QObject::connect(button, &QPushButton::clicked, label,
                   [label] {{ label->setText(QStringLiteral("running")); }});
  return panel;
}}
"""


def qt_ipc(rng, n, i):
    return head(["<QLocalServer>", "<QLocalSocket>", "<QString>"] + STL +
                ['"project/common.h"']) + f"""
{filler(rng, n, f"qi{i}")}

bool listen{i}(QLocalServer &server) {{
  server.setSocketOptions(QLocalServer::WorldAccessOption);
  return server.listen(QStringLiteral("bench{i}"));
}}
"""


def posix_ipc(rng, n, i):
    return head(["<sys/stat.h>", "<sys/mman.h>", "<fcntl.h>", "<unistd.h>"] +
                STL + ['"project/common.h"']) + f"""
{filler(rng, n, f"p{i}")}

int makeFifo{i}(const char *path) {{
  return mkfifo(path, 0666);
}}

int makeShm{i}() {{
  return shm_open("/bench{i}", O_CREAT | O_RDWR, 0666);
}}
"""


def stl_plain(rng, n, i):
    return head(STL + ["<iostream>", "<sstream>", "<unordered_map>",
                       '"project/common.h"']) + f"""
{filler(rng, n, f"s{i}")}

std::string report{i}(const std::unordered_map<std::string, double> &m) {{
  std::ostringstream out;
  for (const auto &kv : m) out << kv.first << ": " << kv.second << "\\n";
  return out.str();
}}
"""


KINDS = {
    "win-plain": (win_plain, "windows"), "win-ipc": (win_ipc, "windows"),
    "qt-plain": (qt_plain, "qtcore"), "qt-ui": (qt_ui, "qtwidgets"),
    "qt-ipc": (qt_ipc, "qtnetwork"), "posix-ipc": (posix_ipc, "host"),
    "stl-plain": (stl_plain, "host"),
}

COMMON_H = """#pragma once
// The project's shared header: no IPC here.
#include <string>
#include <vector>
namespace project {
struct Version { int major = 1, minor = 0; };
inline std::string versionString(const Version &v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor);
}
} // namespace project
"""


QUARTER_H = """#pragma once
// Included by a quarter of the files: no IPC here.
#include <string>
namespace project {
inline std::string quarterName(int i) { return "q" + std::to_string(i); }
} // namespace project
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--mix", default=DEFAULT_MIX)
    ap.add_argument("--size", choices=sorted(SIZES), default="medium")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--qt-includes", choices=["isystem", "I"], default="isystem",
                    help="how Qt's folders are passed: -isystem as CMake does "
                         "(default) or -I as qmake and pkg-config do")
    ap.add_argument("--quarter-header", action="store_true",
                    help="every fourth file includes project/quarter.h")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    weights = {}
    for part in args.mix.split(","):
        kind, _, w = part.partition("=")
        if kind not in KINDS:
            ap.error(f"unknown kind {kind!r}; kinds: {', '.join(KINDS)}")
        weights[kind] = float(w or 1)

    flags = {
        "windows": ["--target=x86_64-w64-mingw32", "-idirafter", MINGW,
                    "-DUNICODE", "-D_UNICODE"],
        "host": [],
        "qtcore": pkg_flags(["Qt5Core"], args.qt_includes == "isystem"),
        "qtwidgets": pkg_flags(["Qt5Widgets"], args.qt_includes == "isystem"),
        "qtnetwork": pkg_flags(["Qt5Network"], args.qt_includes == "isystem"),
    }
    usable = {k: w for k, w in weights.items()
              if flags[KINDS[k][1]] is not None and
              (KINDS[k][1] != "windows" or os.path.exists(MINGW + "/windows.h"))}
    if usable != weights:
        print("gen_corpus: skipping kinds without headers:",
              ", ".join(sorted(set(weights) - set(usable))))
    total = sum(usable.values())
    # Deterministic counts per kind, largest remainder first.
    counts = {k: int(args.files * w / total) for k, w in usable.items()}
    rest = sorted(usable, key=lambda k: -(args.files * usable[k] / total - counts[k]))
    for k in rest[: args.files - sum(counts.values())]:
        counts[k] += 1

    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "src"), exist_ok=True)
    os.makedirs(os.path.join(out, "include", "project"), exist_ok=True)
    with open(os.path.join(out, "include", "project", "common.h"), "w") as f:
        f.write(COMMON_H)
    if args.quarter_header:
        with open(os.path.join(out, "include", "project", "quarter.h"), "w") as f:
            f.write(QUARTER_H)
    n = SIZES[args.size]
    db = []
    index = 0
    for kind in sorted(counts):
        gen, flavour = KINDS[kind]
        for _ in range(counts[kind]):
            name = f"src/{kind}-{index:04d}.cpp"
            text = gen(rng, n, index)
            if args.quarter_header and index % 4 == 0:
                text = '#include "project/quarter.h"\n' + text
            with open(os.path.join(out, name), "w") as f:
                f.write(text)
            cmd = ["clang++", "-std=c++17", "-I", "include"] + flags[flavour] + \
                  ["-c", name, "-o", name + ".o"]
            db.append({"directory": out, "file": name,
                       "command": " ".join(shlex.quote(a) for a in cmd)})
            index += 1
    with open(os.path.join(out, "compile_commands.json"), "w") as f:
        json.dump(db, f, indent=1)
    summary = ", ".join(f"{k}={counts[k]}" for k in sorted(counts))
    print(f"gen_corpus: {index} files ({args.size}) in {out}: {summary}")


if __name__ == "__main__":
    main()
