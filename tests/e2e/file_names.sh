#!/usr/bin/env bash
# file_names.sh - the letters and agency statements of clients whose ids
# differ only by case (ABC, abc, Abc) are three files on a file system that
# ignores case (macOS, Windows), and a name written decomposed (NFD: "u"
# and U+0308) prints composed instead of holding the letter back (issue 22
# item 15).
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ARBATCH_LAYOUTS=$PWD/layouts
cd "$tmp" || exit 1

"$PY" - <<'PY'
ids = ["ABC", "abc", "Abc", "NFD", "e\u0301"]
names = ["Upper GmbH", "lower GmbH", "Mixed GmbH",
         "Mu\u0308ller Gro\u00dfhandel", "Cafe\u0301 Ltd"]
with open("ledger.csv", "w", encoding="utf-8") as f:
    f.write("doc_type,doc_no,client_id,doc_date,due_date,amount,currency\n")
    for i, c in enumerate(ids):
        f.write(f"INV,I{i},{c},2026-06-01,2026-06-30,700.00,EUR\n")
with open("clients.csv", "w", encoding="utf-8") as f:
    f.write("client_id,name,address1,city,postal_code,country\n")
    for c, n in zip(ids, names):
        city = "Ko\u0308ln" if c == "NFD" else "Berlin"
        f.write(f"{c},{n},1 Hauptstra\u00dfe,{city},50667,DE\n")
PY
# the letters in one run; the statements in another that places every
# client at once (a placed client gets no letter in the run that places it)
timeout -k 5 120 "$BIN" run --quiet --ledger ledger.csv --clients clients.csv \
    --as-of 2026-10-31 --out out >log 2>&1
echo $? >rc
printf '[actions]\nagency_requires_letter = no\n' >policy.ini
timeout -k 5 120 "$BIN" run --quiet --ledger ledger.csv --clients clients.csv \
    --policy policy.ini --as-of 2026-10-31 --out placed >>log 2>&1
echo $? >>rc

"$PY" - <<'PY'
import csv, os, subprocess, sys, unicodedata
failed = False
def bad(msg):
    global failed
    failed = True
    print("FAIL file_names:", msg)
rc = max(int(x) for x in open("rc").read().split())
top = "out/2026-10-31"
if rc != 0:
    bad(f"exit {rc}, expected 0 (every letter printable): "
        f"{open('log').read()[-500:]}")
if not os.path.isdir(top):
    sys.exit(1)
for d, t in (("letters/5", top), ("agency", "placed/2026-10-31")):
    p = os.path.join(t, d)
    files = [f for f in os.listdir(p) if f.endswith(".pdf")] \
        if os.path.isdir(p) else []
    folded = {}
    for f in files:
        folded.setdefault(f.casefold(), []).append(f)
    for k, v in folded.items():
        if len(v) > 1:
            bad(f"{d}: {v} are one file where case is ignored")
    if len(files) != 5:
        bad(f"{d}: {len(files)} statements or letters for 5 clients: {files}")
man = list(csv.DictReader(open(os.path.join(top, "letters/manifest.csv"),
                               encoding="utf-8")))
for r in man:
    if not os.path.exists(os.path.join(top, "letters", r["file"])):
        bad(f"manifest: {r['client_id']}: no file {r['file']}")
byid = {r["client_id"]: r for r in man}
for c, name in (("NFD", "M\u00fcller Gro\u00dfhandel"),
                ("e\u0301", "Caf\u00e9 Ltd")):
    r = byid.get(c)
    if not r:
        bad(f"client {c!r}: no letter (decomposed text held back?)")
        continue
    # the manifest is for machines: the name exactly as given
    if unicodedata.normalize("NFC", r["name"]) != name or \
            r["name"] == name:
        bad(f"manifest: {c!r}: name {r['name']!r} not carried as given")
    text = subprocess.run(["pdftotext", os.path.join(top, "letters",
                                                     r["file"]), "-"],
                          capture_output=True, text=True).stdout
    if name not in text or (c == "NFD" and "K\u00f6ln" not in text):
        bad(f"letter of {c!r}: {name!r} or 'Köln' not in its text")
rej = list(csv.DictReader(open(os.path.join(top, "rejects.csv"),
                               encoding="utf-8-sig")))
if rej:
    bad(f"rejects.csv: {rej}")
sys.exit(1 if failed else 0)
PY
[ $? -eq 0 ] || { echo "file_names: FAILED"; exit 1; }
echo "file_names: passed"
