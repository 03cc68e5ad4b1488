#!/usr/bin/env bash
# dashboard.sh - the Dashboard of kpi.xlsx (issue 20 item 6) on the
# samples, read back with openpyxl:
#  - it is the first sheet, a worksheet (not a chart sheet) and the one
#    that opens; its headline cells (AR, % overdue, % over 90 days, DSO,
#    CEI, collection rate) at D, at the last month-end and a year before
#    equal runs of the same ledger as of those dates (run.json), and the
#    changes are their differences;
#  - four charts: the aging stacked by bucket over 13 month-ends (one
#    colour for current, a graded scale for overdue), DSO with best
#    possible DSO (and a target line when the policy sets dso_target),
#    CEI and the collection rate with their targets, rate axes 0-100 %;
#    the hidden Dashboard data sheet's last row is run.json's buckets;
#    the Trend sheet's collection-rate axis stops at 100;
#  - print setup: landscape A4, fit to 1 x 1 page, a print area;
#  - LibreOffice (skipped with a message when soffice is absent): kpi.xlsx
#    to PDF, the dashboard is page 1 alone, landscape, and pdftoppm
#    renders it.
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
    echo "FAIL dashboard: $*"
    fail=1
}

SAMPLE=(--ledger samples/ledger.csv --clients samples/clients.csv
    --costs samples/costs.csv --history samples/history.csv --quiet)
for d in 2026-10-31 2026-09-30 2025-10-31; do
    "$BIN" run "${SAMPLE[@]}" --as-of "$d" --out "$tmp/s" --outputs kpi \
        2>"$tmp/err"
    [ $? -le 1 ] || bad "run as of $d: $(head -c 300 "$tmp/err")"
done
printf '[kpi]\ndso_target = 45\ndso_amber = 60\n' >"$tmp/target.ini"
"$BIN" run "${SAMPLE[@]}" --policy "$tmp/target.ini" --as-of 2026-10-31 \
    --out "$tmp/t" --outputs kpi 2>"$tmp/err"
[ $? -le 1 ] || bad "run with dso_target: $(head -c 300 "$tmp/err")"

"$PY" - "$tmp" <<'EOF' || fail=1
import json, sys
import openpyxl
from openpyxl.chart import BarChart, LineChart

tmp = sys.argv[1]
failures = []


def bad(msg):
    failures.append(msg)
    print("FAIL dashboard: " + msg)


def run(day):
    return json.load(open(f"{tmp}/s/{day}/run.json"))


def close(a, b, eps=1e-9):
    return a is not None and b is not None and \
        abs(a - b) <= eps * max(1.0, abs(b))


def headline(rj):
    """AR, % overdue, % over 90, DSO, CEI, rate from a run.json."""
    t = rj["totals_cents"]
    open_ = t["open_ar"]
    b = t["buckets"]
    k = rj["kpi"]
    return [
        (open_ - t["unapplied_credits"]) / 100,
        (open_ - b["current"]) / open_ if open_ else None,
        (b["91-120"] + b["over-120"]) / open_ if open_ else None,
        k["dso"],
        None if k["cei"] is None else k["cei"] / 100,
        None if k["collection_rate_45"] is None
        else k["collection_rate_45"] / 100,
    ]


now, month, year = (headline(run(d)) for d in
                    ("2026-10-31", "2026-09-30", "2025-10-31"))
path = f"{tmp}/s/2026-10-31/kpi.xlsx"
wb = openpyxl.load_workbook(path)
if wb.sheetnames[0] != "Dashboard":
    bad(f"first sheet {wb.sheetnames[0]!r}")
ws = wb["Dashboard"]
if wb.active.title != "Dashboard":
    bad(f"the sheet that opens is {wb.active.title!r}")
if type(ws).__name__ != "Worksheet":
    bad(f"Dashboard is a {type(ws).__name__}")
names = [ws.cell(row=r, column=1).value for r in range(5, 11)]
want_names = ["Accounts receivable", "Overdue", "Over 90 days", "DSO",
              "CEI", "Collected within"]
for got, w in zip(names, want_names):
    if not (got or "").startswith(w):
        bad(f"headline row {got!r}, want {w}...")
for i in range(6):
    r = 5 + i
    cols = {2: now[i], 3: month[i], 5: year[i]}
    for col, w in cols.items():
        v = ws.cell(row=r, column=col).value
        if w is None:
            if v != "n/a":
                bad(f"{names[i]} column {col}: {v!r}, want n/a")
        elif not close(v, w, 1e-6 if i == 0 else 1e-9):
            bad(f"{names[i]} column {col}: {v!r}, a run as of that date "
                f"gives {w!r}")
    for col, then in ((4, month[i]), (6, year[i])):
        v = ws.cell(row=r, column=col).value
        if now[i] is None or then is None:
            continue
        d = now[i] - then
        if i in (1, 2, 4, 5):
            d *= 100  # percentage points
        if not close(v, d, 1e-6):
            bad(f"{names[i]} change column {col}: {v!r}, want {d!r}")
# status of the CEI row
if ws.cell(row=9, column=8).value not in ("GREEN", "AMBER", "RED"):
    bad(f"CEI status {ws.cell(row=9, column=8).value!r}")

charts = ws._charts
if len(charts) != 4:
    bad(f"{len(charts)} charts on the Dashboard, want 4")
else:
    aging, dso, cei, rate = charts
    if not isinstance(aging, BarChart) or aging.grouping != "stacked":
        bad(f"aging chart {type(aging).__name__} {aging.grouping}")
    if len(aging.series) != 6:
        bad(f"aging chart has {len(aging.series)} series, want 6 buckets")
    colours = [str(s.graphicalProperties.solidFill.srgbClr)
               for s in aging.series]
    if len(set(colours)) != len(colours):
        bad(f"aging colours repeat: {colours}")
    ref = aging.series[0].val.numRef.f
    if "Dashboard data" not in ref or "$14" not in ref:
        bad(f"aging series reads {ref}, want 13 month-ends")
    for c, name, n in ((dso, "DSO", 2), (cei, "CEI", 2),
                       (rate, "collection rate", 2)):
        if not isinstance(c, LineChart) or len(c.series) != n:
            bad(f"{name} chart: {type(c).__name__} with "
                f"{len(c.series)} series")
    for c, name in ((cei, "CEI"), (rate, "collection rate")):
        if c.y_axis.scaling.max != 1 or c.y_axis.scaling.min != 0:
            bad(f"{name} axis {c.y_axis.scaling.min}-{c.y_axis.scaling.max}")
    top = dso.y_axis.scaling.max
    if not top or top < now[3] or top > 2.5 * max(x for x in
                                                 (now[3], month[3]) if x):
        bad(f"DSO axis up to {top} for a DSO of {now[3]}")
# the Trend sheet's collection rate: never past 100 %
for c in wb["Trend"]._charts:
    title = "".join(r.t for p in c.title.tx.rich.p for r in (p.r or []))
    if "Collection rate" in title and c.y_axis.scaling.max != 100:
        bad(f"Trend collection-rate axis max {c.y_axis.scaling.max}")

data = wb["Dashboard data"]
if data.sheet_state != "hidden":
    bad("Dashboard data is not hidden")
last = [data.cell(row=14, column=2 + k).value for k in range(6)]
b = run("2026-10-31")["totals_cents"]["buckets"]
if [round(v * 100) for v in last] != [b[k] for k in ("current", "1-30",
                                                     "31-60", "61-90",
                                                     "91-120", "over-120")]:
    bad(f"Dashboard data last row {last}, run.json {b}")
ago = [data.cell(row=2, column=2 + k).value for k in range(6)]
b = run("2025-10-31")["totals_cents"]["buckets"]
if [round((v or 0) * 100) for v in ago] != [b[k] for k in (
        "current", "1-30", "31-60", "61-90", "91-120", "over-120")]:
    bad(f"Dashboard data first row {ago}, a run as of 2025-10-31 {b}")

ps = ws.page_setup
if ps.orientation != "landscape" or str(ps.paperSize) != "9":
    bad(f"print setup {ps.orientation} paper {ps.paperSize}")
# fitToWidth and fitToHeight default to 1 in the file format
fit = (ps.fitToWidth or 1, ps.fitToHeight if ps.fitToHeight is not None
       else 1)
if not ws.sheet_properties.pageSetUpPr.fitToPage or fit != (1, 1):
    bad(f"fit to {fit}")
if not ws.print_area:
    bad("no print area")

# a policy DSO target draws its line and gives DSO a status
wt = openpyxl.load_workbook(f"{tmp}/t/2026-10-31/kpi.xlsx")
dt_ = wt["Dashboard"]
if len(dt_._charts) == 4 and len(dt_._charts[1].series) != 3:
    bad("DSO chart without its target line under dso_target")
if dt_.cell(row=8, column=8).value not in ("GREEN", "AMBER", "RED"):
    bad(f"DSO status under dso_target: {dt_.cell(row=8, column=8).value!r}")
if failures:
    sys.exit(1)
EOF

# LibreOffice: the dashboard prints on one landscape page
if ! command -v soffice >/dev/null; then
    echo "dashboard: SKIP the LibreOffice check (soffice is not installed)"
else
    mkdir -p "$tmp/pdf"
    ok=0
    for try in 1 2 3; do
        if timeout "${LO_TIMEOUT:-300}" soffice --headless \
            "-env:UserInstallation=file://$tmp/lo" --convert-to pdf \
            --outdir "$tmp/pdf" "$tmp/s/2026-10-31/kpi.xlsx" \
            >/dev/null 2>&1 && [ -s "$tmp/pdf/kpi.pdf" ]; then
            ok=1
            break
        fi
    done
    if [ "$ok" -eq 0 ]; then
        echo "dashboard: SKIP the LibreOffice check (soffice timed out)"
    else
        p1=$(pdftotext -f 1 -l 1 -layout "$tmp/pdf/kpi.pdf" - 2>/dev/null)
        p2=$(pdftotext -f 2 -l 2 -layout "$tmp/pdf/kpi.pdf" - 2>/dev/null)
        grep -q "Receivables dashboard as of 2026-10-31" <<<"$p1" ||
            bad "PDF page 1 is not the dashboard"
        grep -q "Collection KPIs as of" <<<"$p2" ||
            bad "the dashboard runs onto page 2: $(head -c 200 <<<"$p2")"
        size=$(pdfinfo -f 1 -l 1 "$tmp/pdf/kpi.pdf" | grep 'Page.*1 size')
        read -r w h <<<"$(sed -E 's/.*: *([0-9.]+) x ([0-9.]+).*/\1 \2/' \
            <<<"$size")"
        awk -v w="$w" -v h="$h" 'BEGIN { exit !(w > h) }' ||
            bad "dashboard page is not landscape: $size"
        pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$tmp/pdf/kpi.pdf" "$tmp/pdf/dash" &&
            [ -s "$tmp/pdf/dash.png" ] ||
            bad "pdftoppm did not render the dashboard"
    fi
fi

[ "$fail" -eq 0 ] && echo "dashboard: passed"
exit "$fail"
