#!/usr/bin/env bash
# aging.xlsx read back with openpyxl (SPEC §6, issue 4), on the samples, on
# the IBM export at 2013-06-30 and on tests/fixtures/aging (hostile client
# text, two currencies, an unapplied credit, sheet_max_rows = 10):
#  - the open amounts of Open items and the Summary's total equal run.json's
#    open_ar to the cent, per currency; the Open items rows equal
#    counts.open_items; the Unapplied credits equal unapplied_credits;
#  - the totals are SUBTOTAL(109) formulas with their values cached, the
#    Open items list's under its rows;
#  - every check on the Reconciliation sheet says OK;
#  - client text that looks like a formula is a text cell;
#  - past sheet_max_rows the list continues on "Open items (2)", ... and
#    the rows add up;
#  - two runs (in different time zones) give byte-identical files;
#  - every part is deflated at zlib level 1 (src/render/xlsx/common.c) with its CRC
#    right;
#  - when LibreOffice is installed, it recalculates every formula of the
#    fixture's workbook to the same checks (OK) and totals (skipped with a
#    message when soffice is absent, or when it times out three times on a
#    loaded machine: LO_TIMEOUT seconds each, 300 by default).
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
IBM=../shared/data/ibm-late-payment/WA_Fn-UseC_-Accounts-Receivable.csv
FX=tests/fixtures/aging

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
    echo "FAIL aging_workbook: $*"
    fail=1
}

# run NAME AS_OF ARGS...: the aging workbook only, exit 0 or 1 expected
run() {
    local name=$1 as_of=$2
    shift 2
    "$BIN" run "$@" --as-of "$as_of" --out "$tmp/$name" --outputs aging \
        --quiet 2>"$tmp/$name.err"
    local rc=$?
    if [ "$rc" -gt 1 ]; then
        bad "$name: exit $rc: $(cat "$tmp/$name.err")"
        return 1
    fi
    [ -f "$tmp/$name/$as_of/aging.xlsx" ] || bad "$name: no aging.xlsx"
}

SAMPLE=(--ledger samples/ledger.csv --clients samples/clients.csv
    --costs samples/costs.csv --history samples/history.csv)
run samples 2026-10-31 "${SAMPLE[@]}"
TZ=Pacific/Auckland run samples2 2026-10-31 "${SAMPLE[@]}"
run fixture 2026-10-31 --ledger $FX/ledger.csv --clients $FX/clients.csv \
    --policy $FX/split.ini
if [ -f "$IBM" ]; then
    run ibm 2013-06-30 --ledger "$IBM" --format ibm
else
    echo "aging_workbook: $IBM not found, IBM export skipped"
fi

if ! cmp -s "$tmp/samples/2026-10-31/aging.xlsx" \
    "$tmp/samples2/2026-10-31/aging.xlsx"; then
    bad "two runs over the same inputs gave different aging.xlsx bytes"
fi

$PY - "$tmp" "$FX/clients.csv" <<'EOF' || fail=1
import csv, json, os, re, sys, zipfile
import openpyxl

tmp, fx_clients = sys.argv[1], sys.argv[2]
failed = False


def bad(msg):
    global failed
    failed = True
    print("FAIL aging_workbook:", msg)


def cents(x):
    return round((x or 0) * 100)


def header(ws, row, name):
    """1-based column of the header name on row, or None."""
    for c in range(1, ws.max_column + 1):
        if ws.cell(row, c).value == name:
            return c
    return None


def check(name, as_of, max_rows, hostile=()):
    d = os.path.join(tmp, name, as_of)
    path = os.path.join(d, "aging.xlsx")
    if not os.path.exists(path):
        return
    rj = json.load(open(os.path.join(d, "run.json")))
    base = rj["base_currency"]
    want = {base: rj["totals_cents"]}
    want.update(rj.get("totals_cents_by_currency", {}))
    vals = openpyxl.load_workbook(path, data_only=True)   # cached values
    forms = openpyxl.load_workbook(path)                   # formulas

    # Open items, over as many sheets as it takes
    titles = [ws.title for ws in vals.worksheets]
    lists = [t for t in titles if re.fullmatch(r"Open items( \(\d+\))?", t)]
    expect = ["Open items"] + ["Open items (%d)" % k
                               for k in range(2, len(lists) + 1)]
    if lists != expect:
        bad(f"{name}: Open items sheets {lists}, expected {expect}")

    # every part deflated at level 1 (src/render/xlsx/common.c sets it: bits 1-2 of
    # a deflated part's flags are 3 then) and every CRC right
    with zipfile.ZipFile(path) as z:
        if z.testzip() is not None:
            bad(f"{name}: part {z.testzip()} fails its CRC")
        for info in z.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED:
                bad(f"{name}: part {info.filename} is not deflated")
            elif info.flag_bits & 6 != 6:
                bad(f"{name}: part {info.filename} deflated at a level "
                    f"other than 1 (flags {info.flag_bits:#x})")
    rows = 0
    open_sum, open_n = {}, {}
    for t in lists:
        ws = vals[t]
        c_open, c_cur = header(ws, 1, "Open amount"), header(ws, 1, "Currency")
        c_doc = header(ws, 1, "Doc no")
        # the data rows run to the first row without a doc no; the
        # totals of each currency (SUBTOTAL formulas) stand under them
        n = 0
        while ws.cell(2 + n, c_doc).value not in (None, ""):
            n += 1
        if n > max_rows:
            bad(f"{name}: sheet {t!r} holds {n} rows, more than {max_rows}")
        rows += n
        for r in range(2, 2 + n):
            cur = ws.cell(r, c_cur).value or ""
            open_sum[cur] = open_sum.get(cur, 0) + cents(ws.cell(r, c_open).value)
            open_n[cur] = open_n.get(cur, 0) + 1
        for row in forms[t].iter_rows(min_row=2, max_row=1 + n):
            for cell in row:
                if cell.data_type == "f":
                    bad(f"{name}: {t}!{cell.coordinate} is a formula: "
                        f"{cell.value!r}")
        for row in forms[t].iter_rows(min_row=2 + n):
            for cell in row:
                if cell.data_type == "f" and not str(cell.value).startswith(
                        "=SUBTOTAL(109,"):
                    bad(f"{name}: {t}!{cell.coordinate} total is not a "
                        f"SUBTOTAL: {cell.value!r}")
    if rows != rj["counts"]["open_items"]:
        bad(f"{name}: {rows} Open items rows, run.json open_items "
            f"{rj['counts']['open_items']}")

    # Unapplied credits (one sheet here)
    ws = vals["Unapplied credits"]
    c_amt, c_cur = header(ws, 1, "Amount"), header(ws, 1, "Currency")
    c_src = header(ws, 1, "Source doc")
    credit_sum = {}
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, c_src).value in (None, ""):
            break  # the totals under the rows
        cur = ws.cell(r, c_cur).value or ""
        credit_sum[cur] = credit_sum.get(cur, 0) + cents(ws.cell(r, c_amt).value)

    for cur, t in want.items():
        label = f"{name} {cur or '(no code)'}"
        if open_sum.get(cur, 0) != t["open_ar"]:
            bad(f"{label}: Open items sum {open_sum.get(cur, 0)} cents, "
                f"run.json open_ar {t['open_ar']}")
        if cur != base and open_n.get(cur, 0) != t["open_items"]:
            bad(f"{label}: {open_n.get(cur, 0)} Open items rows, run.json "
                f"{t['open_items']}")
        if credit_sum.get(cur, 0) != t["unapplied_credits"]:
            bad(f"{label}: Unapplied credits sum {credit_sum.get(cur, 0)}, "
                f"run.json {t['unapplied_credits']}")
        sheet = "Summary" if cur == base else "Summary " + cur
        if sheet not in titles:
            bad(f"{label}: no sheet {sheet!r}")
            continue
        ws, wf = vals[sheet], forms[sheet]
        c_total = header(ws, 4, "Total")
        total_row = [r for r in range(5, ws.max_row + 1)
                     if ws.cell(r, 1).value == "Total"
                     and ws.cell(r, 1).data_type == "s"]
        if not c_total or len(total_row) != 1:
            bad(f"{label}: {sheet} has no Total column or totals row")
            continue
        tr = total_row[0]
        got = cents(ws.cell(tr, c_total).value)
        if got != t["open_ar"]:
            bad(f"{label}: {sheet} total {got} cents, run.json open_ar "
                f"{t['open_ar']}")
        rows_sum = sum(cents(ws.cell(r, c_total).value) for r in range(5, tr))
        if rows_sum != t["open_ar"]:
            bad(f"{label}: {sheet} client rows sum to {rows_sum} cents")
        for c in range(6, ws.max_column + 1):
            f = wf.cell(tr, c)
            if f.data_type != "f":
                bad(f"{label}: {sheet}!{f.coordinate} total is not a "
                    f"formula: {f.value!r}")
        if not str(wf.cell(tr, c_total).value).startswith("=SUBTOTAL(109,"):
            bad(f"{label}: {sheet} total formula {wf.cell(tr, c_total).value!r}")
        for r in range(5, tr):
            if wf.cell(r, 2).data_type == "f":
                bad(f"{label}: {sheet}!B{r} name became a formula")

    # Reconciliation: every check OK, each a live formula
    ws, wf = vals["Reconciliation"], forms["Reconciliation"]
    head = [r for r in range(1, ws.max_row + 1)
            if ws.cell(r, 6).value == "Result"]
    results = [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 6).value,
                wf.cell(r, 6).value) for r in range(head[0] + 1, ws.max_row + 1)
               if ws.cell(r, 1).value] if head else []
    if len(results) < 2 + 5 * len(want):
        bad(f"{name}: Reconciliation has {len(results)} checks")
    for what, cur, res, formula in results:
        if res != "OK":
            bad(f"{name}: Reconciliation {what!r} ({cur}): {res!r}")
        if not str(formula).startswith("=IF("):
            bad(f"{name}: Reconciliation {what!r}: result not a formula")

    # Parameters: as-of, a policy value, the inputs with their sha256
    ws = vals["Parameters"]
    cells = {ws.cell(r, 2).value: ws.cell(r, 3).value
             for r in range(1, ws.max_row + 1)}
    if str(cells.get("as_of", ""))[:10] != as_of:
        bad(f"{name}: Parameters as_of {cells.get('as_of')!r}")
    if cells.get("sheet_max_rows") != max_rows:
        bad(f"{name}: Parameters sheet_max_rows {cells.get('sheet_max_rows')!r}")
    shas = {ws.cell(r, 4).value for r in range(1, ws.max_row + 1)}
    for inp in rj["inputs"]:
        if inp["sha256"] not in shas:
            bad(f"{name}: Parameters lacks the sha256 of {inp['path']}")

    # hostile client text stays text, wherever it is written
    found = {}
    for ws in forms.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in hostile:
                    found.setdefault(cell.value, []).append(cell.data_type)
    for h in hostile:
        if h not in found:
            bad(f"{name}: {h!r} is in no cell")
        elif set(found[h]) != {"s"}:
            bad(f"{name}: {h!r} written as {found[h]}, not text")
    return lists


check("samples", "2026-10-31", 1048575)
check("ibm", "2013-06-30", 1048575)
names = [r["name"] for r in csv.DictReader(open(fx_clients, encoding="utf-8"))]
ids = [r["client_id"] for r in csv.DictReader(open(fx_clients, encoding="utf-8"))]
lists = check("fixture", "2026-10-31", 10,
              hostile=set(names) | {"=1+1", "=2*3", "+44-1"})
if lists is not None and len(lists) < 3:
    bad(f"fixture: 25 open items at 10 a sheet gave sheets {lists}")
sys.exit(1 if failed else 0)
EOF

# A real spreadsheet program recalculates every formula (skipped when
# LibreOffice is not installed: apt-get install libreoffice-calc-nogui).
# The cached results are first overwritten with FAIL, so an OK can only
# come from LibreOffice's own recalculation of the checks.
# LibreOffice's first start (a new profile) can take minutes on a busy
# machine: each attempt gets LO_TIMEOUT seconds and a fresh profile (one
# killed half-made is not reused). Three timeouts skip the check with a
# message (a slow machine says nothing of the workbook); an attempt that
# ends without the sheets' CSV files is a failure (below).
LO_TIMEOUT=${LO_TIMEOUT:-300}
lo_convert() {
    local attempt rc profile
    for attempt in 1 2 3; do
        profile=$tmp/lo-profile-$attempt
        mkdir -p "$profile/user"
        cat >"$profile/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
        # timeout signals soffice's whole process group
        (cd "$tmp/lo" && timeout -k 10 "$LO_TIMEOUT" soffice \
            -env:UserInstallation="file://$profile" --headless --convert-to \
            'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
            fixture.xlsx >"$tmp/lo.log" 2>&1)
        rc=$?
        [ -f "$tmp/lo/fixture-Reconciliation.csv" ] && return 0
        [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] || return 0 # checked below
        echo "aging_workbook: LibreOffice did not finish in $LO_TIMEOUT s" \
            "(attempt $attempt of 3)"
    done
    return 1
}

if command -v soffice >/dev/null 2>&1; then
    mkdir -p "$tmp/lo"
    $PY - "$tmp/fixture/2026-10-31/aging.xlsx" "$tmp/lo/fixture.xlsx" <<'EOF'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w",
                                                  zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename.startswith("xl/worksheets/"):
            data = data.replace(b"<v>OK</v>", b"<v>FAIL</v>")
        zout.writestr(item, data)
EOF
    if ! lo_convert; then
        echo "aging_workbook: SKIP the LibreOffice recalculation: soffice" \
            "timed out 3 times (LO_TIMEOUT=$LO_TIMEOUT s): the machine is" \
            "too loaded"
    else
    $PY - "$tmp/lo" "$tmp/fixture/2026-10-31/run.json" <<'EOF' || fail=1
import csv, json, os, sys
lo, rj = sys.argv[1], json.load(open(sys.argv[2]))
failed = False
def bad(msg):
    global failed
    failed = True
    print("FAIL aging_workbook: LibreOffice:", msg)
rec = os.path.join(lo, "fixture-Reconciliation.csv")
if not os.path.exists(rec):
    log = open(os.path.join(lo, "..", "lo.log"), errors="replace").read()
    bad("no CSV of the Reconciliation sheet: " + " ".join(os.listdir(lo))
        + ": " + log[-300:])
    sys.exit(1)
rows = list(csv.reader(open(rec, encoding="utf-8")))
head = [i for i, r in enumerate(rows) if r[5:6] == ["Result"]]
checks = [r for r in rows[head[0] + 1:] if r and r[0]] if head else []
if len(checks) < 12:
    bad(f"{len(checks)} checks recalculated")
for r in checks:
    if r[5] != "OK":
        bad(f"check {r[0]!r} ({r[1]}) recalculates to {r[5]!r}")
for sheet, want in (("Summary", rj["totals_cents"]["open_ar"]),
                    ("Summary USD", rj["totals_cents_by_currency"]["USD"]["open_ar"])):
    rows = list(csv.reader(open(os.path.join(lo, f"fixture-{sheet}.csv"),
                                encoding="utf-8")))
    col = rows[3].index("Total")
    total = [r for r in rows if r and r[0] == "Total"]
    got = round(float(total[0][col].replace(",", "")) * 100) if total else None
    if got != want:
        bad(f"{sheet} total recalculates to {got} cents, run.json {want}")
sys.exit(1 if failed else 0)
EOF
    fi
else
    echo "aging_workbook: SKIP the LibreOffice recalculation: soffice is not" \
        "installed (apt-get install libreoffice-calc-nogui)"
fi

if [ "$fail" -ne 0 ]; then
    echo "aging_workbook: FAILED"
    exit 1
fi
echo "aging_workbook: passed"
