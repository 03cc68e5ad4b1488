#!/usr/bin/env python3
"""compare_sets.py SET-A SET-B TEST LABEL: every file of two output sets
byte for byte, run.json without its timings (elapsed_ms, phases_ms); the
parts of a workbook or the byte of a PDF that differ are named. Exit 1
when anything differs. Used by reproducible.sh and fold.sh."""
import json, os, sys, zipfile

a, b, test, label = sys.argv[1:]
def files(top):
    out = set()
    for root, _, names in os.walk(top):
        for n in names:
            out.add(os.path.relpath(os.path.join(root, n), top))
    return out

fa, fb = files(a), files(b)
bad = False
# two missing or empty sets would compare equal: a set has a run.json
for top, fs in ((a, fa), (b, fb)):
    if "run.json" not in fs:
        print(f"FAIL {test} ({label}): no output set in {top}")
        bad = True
for f in sorted(fa ^ fb):
    print(f"FAIL {test} ({label}): only in one run: {f}")
    bad = True
for f in sorted(fa & fb):
    pa, pb = os.path.join(a, f), os.path.join(b, f)
    if f == "run.json":
        ja, jb = (json.load(open(p, encoding="utf-8")) for p in (pa, pb))
        for j in (ja, jb):
            j.pop("elapsed_ms", None)
            j.pop("phases_ms", None)
        if ja != jb:
            keys = [k for k in set(ja) | set(jb) if ja.get(k) != jb.get(k)]
            print(f"FAIL {test} ({label}): run.json differs in {keys}")
            bad = True
        continue
    da, db = open(pa, "rb").read(), open(pb, "rb").read()
    if da == db:
        continue
    bad = True
    why = ""
    if f.endswith(".xlsx"):
        # name the parts that differ: a timestamp in docProps/core.xml,
        # zip entry times, or the content itself
        with zipfile.ZipFile(pa) as za, zipfile.ZipFile(pb) as zb:
            parts = [n for n in za.namelist()
                     if n not in zb.namelist() or za.read(n) != zb.read(n)]
            times = [i.filename for i, k in zip(za.infolist(), zb.infolist())
                     if i.date_time != k.date_time]
        why = f": parts {parts}" + (f", entry times of {times[:3]}" if times else "")
    elif f.endswith(".pdf"):
        i = next(k for k in range(min(len(da), len(db))) if da[k] != db[k]) \
            if len(da) == len(db) else None
        ctx = da[max(0, (i or 0) - 40):(i or 0) + 40] if i is not None else b""
        why = f": first difference at byte {i} near {ctx!r}" if i is not None \
            else f": sizes {len(da)} and {len(db)}"
    print(f"FAIL {test} ({label}): {f} differs{why}")
sys.exit(1 if bad else 0)
