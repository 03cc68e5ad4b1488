#!/usr/bin/env bash
# kpi_ibm.sh - the KPIs of SPEC §4 on the real IBM export at several
# month-ends, checked against figures computed here from the CSV itself
# (not from the program's output); then kpi.xlsx read back with openpyxl:
# its values equal run.json's kpi, its trend has 13 month-ends (the default trend_months) equal to
# runs at those dates, its charts exist, and two runs give the same bytes.
set -u
BUILD=${BUILD:-build}
BIN="$BUILD/arbatch"
CSV=${IBM_CSV:-../shared/data/ibm-late-payment/WA_Fn-UseC_-Accounts-Receivable.csv}
[ -e "$CSV" ] || CSV=/work/shared/data/ibm-late-payment/WA_Fn-UseC_-Accounts-Receivable.csv
PY=/usr/bin/python3
DATES="2012-12-31 2013-06-30 2013-09-30"

fail() { echo "kpi_ibm: $*" >&2; exit 1; }
[ -x "$BIN" ] || fail "no binary $BIN (run make first)"
[ -r "$CSV" ] || fail "cannot read the IBM export $CSV"
TMP=$(mktemp -d) || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT

for d in $DATES; do
    "$BIN" run --ledger "$CSV" --format ibm --as-of "$d" --out "$TMP/a" \
        --outputs kpi --quiet 2>"$TMP/err" ||
        fail "run as of $d failed: $(cat "$TMP/err")"
done
"$BIN" run --ledger "$CSV" --format ibm --as-of 2013-09-30 --out "$TMP/b" \
    --outputs kpi --quiet 2>"$TMP/err" ||
    fail "second run failed: $(cat "$TMP/err")"
cmp -s "$TMP/a/2013-09-30/kpi.xlsx" "$TMP/b/2013-09-30/kpi.xlsx" ||
    fail "two runs over the same input gave different kpi.xlsx bytes"

"$PY" - "$CSV" "$TMP/a" $DATES <<'EOF' || exit 1
import csv, datetime as dt, json, sys, zipfile
from decimal import Decimal
import openpyxl

path, out, dates = sys.argv[1], sys.argv[2], sys.argv[3:]
problems = []

def day(s):
    m, d, y = (int(x) for x in s.split("/"))
    return dt.date(y, m, d)

rows = []
with open(path, newline="") as f:
    for r in csv.DictReader(f):
        rows.append(dict(client=r["customerID"], doc=day(r["InvoiceDate"]),
                         due=day(r["DueDate"]),
                         cents=int(Decimal(r["InvoiceAmount"]) * 100),
                         settled=day(r["SettledDate"])))

def prev_month_end(d):
    return d.replace(day=1) - dt.timedelta(days=1)

def ratio(num, den, scale):
    return None if den == 0 else num * scale / den

def kpis(D):
    """SPEC §4 for an invoice register: an item is open at D until its
    settled date; every settlement is a payment of the whole item."""
    items = [r for r in rows if r["doc"] <= D]
    def open_at(r, d):
        return r["cents"] if r["doc"] <= d and not r["settled"] <= d else 0
    def ar(d):
        return sum(open_at(r, d) for r in rows)
    def sales(a, b):
        return sum(r["cents"] for r in rows if a < r["doc"] <= b)
    W = D - dt.timedelta(days=90)
    S = prev_month_end(D)
    ar_d = ar(D)
    cur = sum(open_at(r, D) for r in items if r["due"] >= D)
    s90 = sales(W, D)
    k = {"dso": ratio(ar_d, s90, 90), "best_possible_dso": ratio(cur, s90, 90)}
    k["add"] = ratio(ar_d - cur, s90, 90)
    ar_s, s_sd = ar(S), sales(S, D)
    k["cei"] = ratio(ar_s + s_sd - ar_d, ar_s + s_sd - cur, 100)
    lo, hi = D - dt.timedelta(days=135), D - dt.timedelta(days=45)
    due = [r for r in items if lo < r["due"] <= hi]
    got = sum(r["cents"] for r in due
              if r["settled"] <= r["due"] + dt.timedelta(days=45))
    k["collection_rate_45"] = ratio(got, sum(r["cents"] for r in due), 100)
    late = [(r["settled"] - r["due"]).days for r in items
            if W < r["settled"] <= D and r["settled"] > r["due"]]
    k["days_to_payment"] = ratio(sum(late), len(late), 1)
    r0, r1 = D - dt.timedelta(days=365), W
    last = {}
    for r in items:
        if r0 < r["settled"] <= r1 and r["settled"] > r["due"]:
            last[r["client"]] = max(last.get(r["client"], r["settled"]),
                                    r["settled"])
    kept = sum(1 for c, L in last.items()
               if any(r["client"] == c and L < r["doc"] <= D for r in rows))
    k["retention"] = ratio(kept, len(last), 100)
    k["cost_per_recovery"] = None  # no costs file (SPEC §8.22)
    return k

def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))

runs = {}
for d in dates:
    D = dt.date.fromisoformat(d)
    got = json.load(open(f"{out}/{d}/run.json"))["kpi"]
    runs[d] = got
    want = kpis(D)
    for key, w in want.items():
        if not close(got.get(key), w):
            problems.append(f"{d} {key}: run.json {got.get(key)!r}, "
                            f"computed from the CSV {w!r}")
    if all(v is None for v in want.values()):
        problems.append(f"{d}: every KPI n/a, the check proves nothing")

# kpi.xlsx read back: KPI sheet values = run.json, n/a where null
order = ["dso", "best_possible_dso", "add", "cei", "collection_rate_45",
         "days_to_payment", "retention", "cost_per_recovery"]
last = dates[-1]
book = f"{out}/{last}/kpi.xlsx"
wb = openpyxl.load_workbook(book)
ws = wb["KPI"]
# percent KPIs are percent cells: run.json's 95.5 is the cell's 0.955
PERCENT = {"cei", "collection_rate_45", "retention", "cost_per_recovery"}
for i, key in enumerate(order):
    cell = ws.cell(row=5 + i, column=2).value
    if key in PERCENT and isinstance(cell, (int, float)):
        cell *= 100
    want = runs[last][key]
    if want is None:
        if cell != "n/a":
            problems.append(f"KPI sheet {key}: {cell!r}, want 'n/a'")
    elif not isinstance(cell, (int, float)) or abs(cell - want) > 1e-9 * max(1, abs(want)):
        problems.append(f"KPI sheet {key}: {cell!r}, run.json {want!r}")

# the trend: 13 month-ends up to D (D and the same month a year before), each equal to a run at that date
tr = wb["Trend"]
trend = []
for r in range(5, tr.max_row + 1):
    v = tr.cell(row=r, column=1).value
    if isinstance(v, dt.datetime):
        trend.append((v.date(), [tr.cell(row=r, column=2 + j).value
                                 for j in range(len(order))]))
if len(trend) != 13:
    problems.append(f"Trend has {len(trend)} month-ends, want 13")
D = dt.date.fromisoformat(last)
want_dates = [D]
while len(want_dates) < 13:
    want_dates.insert(0, prev_month_end(want_dates[0]))
if [t for t, _ in trend] != want_dates:
    problems.append(f"Trend dates {[str(t) for t, _ in trend]}")
for t, vals in trend:
    if str(t) not in runs:
        continue
    for key, v in zip(order, vals):
        if key in PERCENT and isinstance(v, (int, float)):
            v *= 100
        w = runs[str(t)][key]
        if (w is None and v != "n/a") or (w is not None and not close(v, w)):
            problems.append(f"Trend {t} {key}: {v!r}, run as of {t}: {w!r}")
checked = [str(t) for t, _ in trend if str(t) in runs]
if len(checked) < 3:
    problems.append(f"only {checked} of the trend checked against runs")

charts = sum(len(wb[s]._charts) for s in wb.sheetnames)
with zipfile.ZipFile(book) as z:
    parts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
if charts < 4 or len(parts) < 4:
    problems.append(f"{charts} charts read, {len(parts)} chart parts: want 4")

for p in problems:
    print("kpi_ibm: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
# the export names no currency: both workbooks say "(no code)", and the
# headers and total labels that would wrap over the figures leave it out
"$BIN" run --ledger "$CSV" --format ibm --as-of 2013-06-30 --out "$TMP/c" \
    --outputs aging,kpi --quiet 2>"$TMP/err" ||
    fail "run with aging as of 2013-06-30 failed: $(cat "$TMP/err")"
/usr/bin/python3 - "$TMP/c/2013-06-30" <<'PY' || fail "the no-code labels"
import sys
import openpyxl
d = sys.argv[1]
texts = {}
for f in ("aging.xlsx", "kpi.xlsx"):
    wb = openpyxl.load_workbook(f"{d}/{f}", read_only=True)
    texts[f] = {ws.title: [c for r in ws.iter_rows(values_only=True)
                           for c in r if isinstance(c, str)]
                for ws in wb.worksheets}
allk = [t for v in texts["kpi.xlsx"].values() for t in v]
assert not any("(unnamed)" in t for t in allk), "kpi.xlsx says (unnamed)"
assert any("(no code)" in t for t in allk), "kpi.xlsx never says (no code)"
assert "Accounts receivable (net of credits)" in texts["kpi.xlsx"]["Dashboard"], \
    [t for t in texts["kpi.xlsx"]["Dashboard"] if t.startswith("Accounts")]
assert not any("((" in t for t in allk), [t for t in allk if "((" in t]
rf = texts["aging.xlsx"]["Rollforward"]
assert "Amount" in rf and not any("Amount (" in t for t in rf), rf[:8]
items = texts["aging.xlsx"]["Open items"]
assert not any(t.startswith("Total (") for t in items), [t for t in items if t.startswith("Total")]
PY
echo "kpi_ibm: ok"
