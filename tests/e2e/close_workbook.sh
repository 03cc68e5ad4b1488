#!/usr/bin/env bash
# The workbooks of the close (issue 20): the rollforward ties to the cent
# and a controller can print and sign them.
#  - tests/e2e/close_check.py on each run: opening + invoices + debit
#    notes - cash - credit notes - write-offs = closing per currency in
#    run.json and on the Rollforward sheet, against its own computation
#    from the ledger CSV (tests/fixtures/close: EUR, USD, JPY and BHD,
#    clearing, settled dates, overpayments, rows after D, rejected rows
#    with and without an amount, a GL balance; its open-balance export;
#    the samples, also --from 2026-06-30; a generated 20,000-row ledger,
#    in memory and folded; the IBM export, when ../shared has it); the
#    provision's half-up rounding; header,
#    footer, print area and fit, accounting formats with ISO 4217
#    decimals, percent cells, dates, SUBTOTAL(109) totals, defined names,
#    widths from the content, no internal words;
#  - LibreOffice recalculates every formula of aging.xlsx and kpi.xlsx to
#    its cached value (skipped with a message when soffice is absent, or
#    when it times out three times on a loaded machine: LO_TIMEOUT seconds
#    each, 300 by default).
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
FX=tests/fixtures/close
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
    echo "FAIL close_workbook: $*"
    fail=1
}

# run NAME LEDGER CHECK_ARGS -- RUN_ARGS...: aging and kpi as of
# 2026-10-31, then close_check.py on the set
run() {
    local name=$1 ledger=$2 check=$3
    shift 4
    "$BIN" run --ledger "$ledger" "$@" --as-of 2026-10-31 \
        --out "$tmp/$name" --outputs aging,kpi --quiet 2>"$tmp/$name.err"
    local rc=$?
    if [ "$rc" -gt 1 ]; then
        bad "$name: exit $rc: $(cat "$tmp/$name.err")"
        return
    fi
    # shellcheck disable=SC2086
    $PY tests/e2e/close_check.py "$tmp/$name/2026-10-31" "$ledger" $check ||
        bad "$name: close_check.py"
}

run fixture $FX/ledger.csv "" -- --clients $FX/clients.csv \
    --gl-balance EUR=13725.67 --gl-balance usd=500
run open $FX/open.csv --policy-open -- --clients $FX/clients.csv \
    --policy $FX/open.ini
run samples samples/ledger.csv "" -- --clients samples/clients.csv \
    --costs samples/costs.csv --history samples/history.csv
run samples_from samples/ledger.csv "--from 2026-06-30" -- \
    --clients samples/clients.csv --from 2026-06-30
$PY tests/bench/gen_ledger.py 20000 "$tmp/g20k" >/dev/null
run g20k "$tmp/g20k/ledger.csv" "" -- --clients "$tmp/g20k/clients.csv" \
    --costs "$tmp/g20k/costs.csv"
ARBATCH_FOLD_ABOVE=0 ARBATCH_FOLD_PART_BYTES=50000 \
    run g20k_folded "$tmp/g20k/ledger.csv" "" -- \
    --clients "$tmp/g20k/clients.csv" --costs "$tmp/g20k/costs.csv"

IBM=../shared/data/ibm-late-payment/WA_Fn-UseC_-Accounts-Receivable.csv
if [ -f "$IBM" ]; then
    "$BIN" run --ledger "$IBM" --format ibm --as-of 2013-06-30 \
        --out "$tmp/ibm" --outputs aging,kpi --quiet 2>"$tmp/ibm.err" ||
        [ $? -eq 1 ] || bad "ibm: $(cat "$tmp/ibm.err")"
    $PY tests/e2e/close_check.py "$tmp/ibm/2013-06-30" "$IBM" --ibm ||
        bad "ibm: close_check.py"
else
    echo "close_workbook: $IBM not found, IBM export skipped"
fi

# the fixture's figures, worked by hand
$PY - "$tmp/fixture/2026-10-31/run.json" <<'EOF' || fail=1
import json, sys
rj = json.load(open(sys.argv[1]))
eur = rj["rollforward"]["EUR"]
want = {"opening_cents": 1727117, "invoices_cents": 64000,
        "debit_notes_cents": 4000, "cash_cents": 414050,
        "credit_notes_cents": 6000, "write_offs_cents": 2500,
        "closing_cents": 1372567, "gl_balance_cents": 1372567,
        "gl_difference_cents": 0}
for k, v in want.items():
    if eur[k] != v:
        print(f"FAIL close_workbook: fixture EUR {k} = {eur[k]}, worked by hand {v}")
        sys.exit(1)
if eur["from_before_opening_cents"]["cash"] != -30000:
    print("FAIL close_workbook: the payment cleared in the period is not "
          "told apart")
    sys.exit(1)
if rj["rollforward"]["USD"]["gl_difference_cents"] != 50000 - 55000:
    print("FAIL close_workbook: --gl-balance usd=500 not taken")
    sys.exit(1)
if not rj["reconciliation"]["rollforward_ties"]:
    print("FAIL close_workbook: run.json says the rollforward does not tie")
    sys.exit(1)
EOF

# g20k in memory and folded: the same rollforward and provision
$PY - "$tmp/g20k/2026-10-31/run.json" "$tmp/g20k_folded/2026-10-31/run.json" <<'EOF' || fail=1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("rollforward", "provision"):
    if a[k] != b[k]:
        print(f"FAIL close_workbook: {k} differs folded")
        sys.exit(1)
EOF

# ---- LibreOffice: every formula recalculates to its cached value --------
LO_TIMEOUT=${LO_TIMEOUT:-300}
lo_convert() { # lo_convert DIR FILE: DIR/out/FILE recalculated
    local dir=$1 file=$2 attempt rc profile
    for attempt in 1 2 3; do
        profile=$tmp/lo-profile-$attempt
        mkdir -p "$profile/user"
        cat >"$profile/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
        (cd "$dir" && timeout -k 10 "$LO_TIMEOUT" soffice \
            -env:UserInstallation="file://$profile" --headless \
            --convert-to xlsx --outdir out "$file" >"$tmp/lo.log" 2>&1)
        rc=$?
        [ -f "$dir/out/$file" ] && return 0
        [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] || return 2
        echo "close_workbook: LibreOffice did not finish in $LO_TIMEOUT s" \
            "(attempt $attempt of 3)"
    done
    return 1
}

if ! command -v soffice >/dev/null 2>&1; then
    echo "close_workbook: SKIP the LibreOffice recalculation: soffice is not" \
        "installed (apt-get install libreoffice-calc-nogui)"
else
    for set in fixture g20k; do
        for book in aging.xlsx kpi.xlsx; do
            d=$tmp/$set/2026-10-31
            lo_convert "$d" "$book"
            rc=$?
            if [ "$rc" -eq 1 ]; then
                echo "close_workbook: SKIP the LibreOffice recalculation of" \
                    "$set $book: soffice timed out 3 times (LO_TIMEOUT=" \
                    "$LO_TIMEOUT s): the machine is too loaded"
                continue
            elif [ "$rc" -ne 0 ]; then
                bad "$set $book: LibreOffice wrote nothing: $(tail -c 300 "$tmp/lo.log")"
                continue
            fi
            $PY - "$d/$book" "$d/out/$book" "$set" <<'EOF' || fail=1
import re, sys
import openpyxl
ours, lo, name = sys.argv[1], sys.argv[2], sys.argv[3]
forms = openpyxl.load_workbook(ours)
cached = openpyxl.load_workbook(ours, data_only=True)
again = openpyxl.load_workbook(lo, data_only=True)
failed, n = False, 0
for ws in forms.worksheets:
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type != "f":
                continue
            n += 1
            a = cached[ws.title][cell.coordinate].value
            b = again[ws.title][cell.coordinate].value
            a = "" if a is None else a
            b = "" if b is None else b
            if isinstance(a, (int, float)) and isinstance(b, (int, float)):
                # money to the cent; ratios to 1e-9 (the order of a float
                # sum may differ in the last bits)
                money = re.search(r'"[A-Z]{3}"|#,##0\.', cell.number_format or "")
                ok = round(a * 100) == round(b * 100) if money else \
                    abs(a - b) <= 1e-9 * max(1.0, abs(a))
            else:
                ok = a == b
            if not ok:
                failed = True
                print(f"FAIL close_workbook: LibreOffice: {name} {ours.split('/')[-1]} "
                      f"{ws.title}!{cell.coordinate} {cell.value} = {b!r}, "
                      f"cached {a!r}")
if n == 0 and ours.endswith("aging.xlsx"):
    print(f"FAIL close_workbook: {name}: no formula in {ours}")
    failed = True
sys.exit(1 if failed else 0)
EOF
        done
    done
fi

if [ "$fail" -ne 0 ]; then
    echo "close_workbook: FAILED"
    exit 1
fi
echo "close_workbook: passed"
