#!/usr/bin/env python3
"""layout_check.py BUILD: the rules of README "Development" on the tree and
its objects. Exit 1 naming every file that breaks one:

  1. stages: a file uses (includes a header of, or calls a function of) only
     its own stage and those below it (STAGES);
  2. no circles: no two or more files each use something the next defines
     (calls, from the objects' symbols; includes, a header counting as its
     source file of the same path);
  3. each third-party library is included from its one folder (LIBRARIES),
     and the engine includes none and does no I/O (no file or stream call);
  4. no source file over 800 lines.
"""
import os
import re
import subprocess
import sys

# stage -> the stages it may use (itself included)
STAGES = {
    "base": {"base"},
    "engine": {"base", "engine"},
    "fold": {"base", "engine", "fold"},
    "ingest": {"base", "engine", "fold", "ingest"},
    "pdf": {"base", "pdf"},
    "render": {"base", "engine", "ingest", "pdf", "render"},
    "cli": {"base", "engine", "fold", "ingest", "pdf", "render", "cli"},
}
# third-party header -> the one folder that may include it
LIBRARIES = {
    "csv.h": "src/ingest", "ini.h": "src/ingest",
    "xlsxwriter.h": "src/render/xlsx",
    "cJSON.h": "src/render",
    "hpdf.h": "src/pdf", "qrencode.h": "src/pdf", "hb.h": "src/pdf",
    "hb-subset.h": "src/pdf", "hb-ot.h": "src/pdf", "zlib.h": "src/pdf",
    "dmtx.h": "src/pdf", "libdeflate.h": "src/pdf",
    "nettle/sha2.h": "src/base", "uninorm.h": "src/base",
    "unicase.h": "src/base", "sqlite3.h": "src/cli",
}
# the C library and POSIX: not third-party
SYSTEM = set("""assert.h ctype.h dirent.h dlfcn.h errno.h fcntl.h getopt.h
inttypes.h limits.h locale.h malloc.h math.h pthread.h regex.h setjmp.h signal.h
stdarg.h stdatomic.h stdbool.h stddef.h stdint.h stdio.h stdlib.h string.h
strings.h time.h unistd.h sys/stat.h sys/types.h sys/file.h sys/wait.h
sys/resource.h sys/mman.h""".split())
# calls that read or write files or streams: none in the engine
IO_CALLS = set("""fopen fdopen freopen fclose fread fwrite fgets fputs fputc
putc putchar puts printf fprintf vfprintf vprintf getline getc fgetc getchar
ungetc fscanf scanf vfscanf fseek fseeko ftell ftello rewind fflush tmpfile
mkstemp remove perror open openat creat close read write pread pwrite fsync
ftruncate mkdir rmdir unlink rename renameat2 opendir readdir stat lstat
fstat""".split())
# the names those calls can link under: fortified (__fprintf_chk,
# __open_2), large-file (fopen64) or C99 (__isoc99_fscanf) variants
IO_NAME = re.compile(r"^(?:__isoc99_|__)?(\w+?)(?:_chk|_2|64|_unlocked)?$")
MAX_LINES = 800

build = sys.argv[1] if len(sys.argv) > 1 else "build"
top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(top)
problems = []


def stage_of(path):
    """src/engine/x.c or include/ar/engine/x.h -> engine"""
    parts = path.split("/")
    return parts[1] if parts[0] == "src" else parts[2]


def unit_of(path):
    """The source a header stands for: include/ar/S/x.h -> src/S/x.c."""
    if path.startswith("include/ar/"):
        return "src/" + path[len("include/ar/"):-2] + ".c"
    return path


sources = sorted(os.path.join(r, n) for r, _, ns in os.walk("src")
                 for n in ns if n.endswith(".c"))
headers = sorted(os.path.join(r, n) for r, _, ns in os.walk("include/ar")
                 for n in ns if n.endswith(".h"))
units = set(sources)
uses = {s: set() for s in sources}      # file -> files it uses
why = {}                                # (a, b) -> what

# includes
inc_re = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
for f in sources + headers:
    text = open(f, encoding="utf-8").read()
    n = text.count("\n")
    if n > MAX_LINES:
        problems.append(f"{f}: {n} lines (at most {MAX_LINES}: split it "
                        "by concern)")
    folder = os.path.dirname(f)
    for kind, name in inc_re.findall(text):
        if kind == '"':
            if not name.startswith("ar/"):
                problems.append(f"{f}: includes \"{name}\" (headers are "
                                "included as \"ar/<stage>/<name>.h\")")
                continue
            h = "include/" + name
            st = stage_of(h)
            if st not in STAGES.get(stage_of(f), set()):
                problems.append(f"{f}: includes {name}: the {stage_of(f)} "
                                f"stage may not use the {st} stage")
            u = unit_of(h)
            if f.endswith(".c") and u in units and u != f:
                uses[f].add(u)
                why.setdefault((f, u), f"includes {name}")
            continue
        if name in SYSTEM:
            continue
        lib = LIBRARIES.get(name)
        if lib is None:
            problems.append(f"{f}: includes <{name}>, which is neither the "
                            "C library nor a library listed in "
                            "tests/layout_check.py")
        elif folder != lib:
            problems.append(f"{f}: includes <{name}>, which only {lib}/ may "
                            "include")
        if stage_of(f) == "engine":
            problems.append(f"{f}: the engine includes the third-party "
                            f"header <{name}>")

# calls, from the objects: one nm for all, which heads each object's
# symbols with "OBJECT:" (when there are two or more)
defined, wanted = {}, {}
objects = {}
for s in sources:
    o = os.path.join(build, "obj", s[len("src/"):-2] + ".o")
    if os.path.exists(o):
        objects[o] = s
    else:
        problems.append(f"{o}: missing (build first)")
out = subprocess.run(["nm", *objects], capture_output=True, text=True,
                     check=True).stdout if objects else ""
s = next(iter(objects.values())) if len(objects) == 1 else None
wanted = {s: set()} if s else {}
for line in out.splitlines():
    if line.endswith(":") and line[:-1] in objects:
        s = objects[line[:-1]]
        wanted[s] = set()
        continue
    f = line.split()
    if len(f) == 2 and f[0] == "U":
        wanted[s].add(f[1])
    elif len(f) == 3 and f[1] in "TDBR":
        defined[f[2]] = s
for s, syms in wanted.items():
    for sym in sorted(syms):
        d = defined.get(sym)
        if d and d != s:
            uses[s].add(d)
            why.setdefault((s, d), f"calls {sym}")
            if stage_of(d) not in STAGES[stage_of(s)]:
                problems.append(f"{s}: calls {sym} of {d}: the "
                                f"{stage_of(s)} stage may not use the "
                                f"{stage_of(d)} stage")
        if stage_of(s) == "engine" and \
                IO_NAME.match(sym).group(1) in IO_CALLS:
            problems.append(f"{s}: the engine does I/O ({sym})")

# circles: strongly connected components of more than one file (Tarjan)
index, low, on, stack, comps = {}, {}, set(), [], []
sys.setrecursionlimit(10000)


def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in uses[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            comps.append(sorted(comp))


for v in sources:
    if v not in index:
        visit(v)
for comp in comps:
    edges = [f"{a} {why[(a, b)]} ({b})" for a in comp for b in comp
             if (a, b) in why]
    problems.append("a circle: " + "; ".join(edges))

for p in problems:
    print("layout:", p)
print(f"layout: {len(sources)} sources, {len(headers)} headers, "
      f"{sum(len(u) for u in uses.values())} uses between files, "
      f"{len(problems)} problems")
sys.exit(1 if problems else 0)
