#!/usr/bin/env bash
# history_audit.sh - the history's audit trail stays whole (issue 22 item
# 10): of a history of 9 rows of which 7 are rejected (bad dates, a stage
# 9, a missing client, bad quoting, a wrong field count, a line break in a
# quoted field, no final newline), history.csv keeps the 2 good rows and
# this run's letters, and history_rejected.csv, named in run.json, holds
# the 7 others byte for byte under the file's header; rejects.csv lists
# each. A history without rejects writes no such file (run.json: null).
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ARBATCH_LAYOUTS=$PWD/layouts
cd "$tmp" || exit 1

cat >ledger.csv <<'CSV'
doc_type,doc_no,client_id,doc_date,due_date,amount,currency,applies_to,settled_date,disputed
INV,A-1,A,2026-06-01,2026-06-30,700.00,EUR,,,N
INV,B-1,B,2026-06-01,2026-06-30,800.00,EUR,,,N
CSV
printf 'client_id,name,address1,city,postal_code,country\n' >clients.csv
printf 'A,A GmbH,1 Main St,Berlin,10115,DE\nB,B GmbH,2 Main St,Berlin,10115,DE\n' \
    >>clients.csv
printf '%s' 'run_date;client_id;stage;doc_nos;amount'$'\r\n'\
'2026-07-31;A;1;A-1;700.00'$'\r\n'\
'31.07.2026;A;2;A-1;700.00'$'\r\n'\
'2026-08-31;A;9;A-1;700.00'$'\r\n'\
'2026-08-31;;2;A-1;700.00'$'\n'\
'2026-08-31;B;2;B"1;800.00'$'\n'\
'2026-08-31;B;2;B-1;800.00;extra'$'\n'\
'2026-02-30;"B'$'\r\n''2";2;B-1;800.00'$'\n'\
'2026-07-31;B;1;B-1;800.00'$'\n'\
'2026-09-31;B;3;B-1;800.00' >history.csv
"$BIN" run --quiet --ledger ledger.csv --clients clients.csv \
    --history history.csv --as-of 2026-10-31 --out out >log 2>&1
echo $? >rc
"$BIN" run --quiet --ledger ledger.csv --clients clients.csv \
    --history out/2026-10-31/history.csv --as-of 2026-10-31 --out again \
    >log2 2>&1
echo $? >rc2

"$PY" - <<'PY'
import csv, json, os, sys
failed = False
def bad(msg):
    global failed
    failed = True
    print("FAIL history_audit:", msg)
rc = int(open("rc").read())
top = "out/2026-10-31"
if rc != 1 or not os.path.isdir(top):
    bad(f"exit {rc}, expected 1: {open('log').read()[-400:]}")
    sys.exit(1)
raw = open("history.csv", "rb").read()
lines = raw.split(b"\n")
want_rows = [lines[i] + b"\n" for i in (2, 3, 4, 5, 6)] + \
    [lines[7] + b"\n" + lines[8] + b"\n", lines[10] + b"\n"]
hist = list(csv.DictReader(open(os.path.join(top, "history.csv"),
                                newline="")))
old = [r for r in hist if r["run_date"] < "2026-10-31"]
if len(old) != 2:
    bad(f"history.csv keeps {len(old)} of the input's rows, expected the 2 "
        "good ones")
run = json.load(open(os.path.join(top, "run.json")))
hr = run.get("history_rejected")
if hr != {"file": "history_rejected.csv", "rows": 7}:
    bad(f"run.json history_rejected is {hr!r}, expected "
        "{'file': 'history_rejected.csv', 'rows': 7}")
path = os.path.join(top, "history_rejected.csv")
if not os.path.exists(path):
    bad("no history_rejected.csv: 7 rows of the history are gone")
else:
    got = open(path, "rb").read()
    want = b"run_date;client_id;stage;doc_nos;amount\n" + b"".join(want_rows)
    if got != want:
        bad(f"history_rejected.csv is {got!r}, expected {want!r}")
rej = [r for r in csv.DictReader(open(os.path.join(top, "rejects.csv"), encoding="utf-8-sig"))
       if r["file"] == "history.csv"]
if len(rej) != 7:
    bad(f"rejects.csv lists {len(rej)} history rows, expected 7")
# a history without rejects: nothing more
rc2 = int(open("rc2").read())
run2 = json.load(open("again/2026-10-31/run.json"))
if rc2 != 0 or run2.get("history_rejected", "missing") is not None or \
        os.path.exists("again/2026-10-31/history_rejected.csv"):
    bad(f"a history without rejects: exit {rc2}, run.json "
        f"{run2.get('history_rejected', 'missing')!r}")
sys.exit(1 if failed else 0)
PY
[ $? -eq 0 ] || { echo "history_audit: FAILED"; exit 1; }
echo "history_audit: passed"
