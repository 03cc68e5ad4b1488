#!/usr/bin/env bash
# currencies.sh - several currencies in the KPIs and the aging (issue 20
# item 2, SPEC §8.22-8.23, README "Currencies"), on the 10-currency case
# of currencies_case.py, whose figures it computes itself from the CSV
# files (never from the program's output):
#  - without --fx: run.json's kpi are the EUR accounts' only, cost per
#    recovery counts only the costs of clients whose recoveries it
#    counts, and kpi_coverage says what they cover; kpi_consolidated is
#    null;
#  - with --fx: kpi_consolidated's figures and KPIs are every currency's
#    converted at its rate (each per-currency total once, half to even),
#    the rates listed; kpi, totals_cents and totals_cents_by_currency
#    are the same as without --fx;
#  - kpi.xlsx and aging.xlsx read back with openpyxl: the KPI sheet
#    states the coverage; the Consolidated sheets list the rates and give
#    the same figures as run.json;
#  - the same with the ledger folded (README "Large ledgers"): the same
#    figures and files;
#  - --fx with a currency missing, a bad rate, or a base rate not 1 is
#    an input error (exit 3) naming the file and line.
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
HERE=$(dirname "$0")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
    echo "FAIL currencies: $*"
    fail=1
}

"$PY" "$HERE/currencies_case.py" gen "$tmp/in" || exit 1
"$PY" "$HERE/currencies_case.py" expect "$tmp/in" >"$tmp/expect.json" ||
    exit 1
ARGS=(--ledger "$tmp/in/ledger.csv" --clients "$tmp/in/clients.csv"
    --costs "$tmp/in/costs.csv" --policy "$tmp/in/policy.ini"
    --as-of 2026-10-31 --quiet)
"$BIN" run "${ARGS[@]}" --out "$tmp/plain" 2>"$tmp/err" ||
    bad "run without --fx: exit $? $(head -c 300 "$tmp/err")"
"$BIN" run "${ARGS[@]}" --fx "$tmp/in/fx.csv" --out "$tmp/fx" 2>"$tmp/err" ||
    bad "run with --fx: exit $? $(head -c 300 "$tmp/err")"

"$PY" - "$tmp" <<'EOF' || fail=1
import json, sys
import openpyxl

tmp = sys.argv[1]
want = json.load(open(f"{tmp}/expect.json"))
plain = json.load(open(f"{tmp}/plain/2026-10-31/run.json"))
fx = json.load(open(f"{tmp}/fx/2026-10-31/run.json"))
failures = []


def bad(msg):
    failures.append(msg)
    print("FAIL currencies: " + msg)


def close(a, b):
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


for key, w in want["kpi"].items():
    if not close(plain["kpi"][key], w):
        bad(f"kpi {key}: {plain['kpi'][key]!r}, computed here {w!r}")
for key, w in want["coverage"].items():
    if plain["kpi_coverage"].get(key) != w:
        bad(f"kpi_coverage {key}: {plain['kpi_coverage'].get(key)!r}, "
            f"computed here {w!r}")
if plain["kpi_coverage"]["currencies"] != 10:
    bad(f"kpi_coverage currencies {plain['kpi_coverage']['currencies']}")
if plain.get("kpi_consolidated", "missing") is not None:
    bad("kpi_consolidated without --fx: "
        f"{plain.get('kpi_consolidated', 'missing')!r}")

for key in ("kpi", "totals_cents", "totals_cents_by_currency",
            "kpi_coverage"):
    if plain[key] != fx[key]:
        bad(f"{key} changes with --fx")
cons = fx["kpi_consolidated"]
if not cons or not cons.get("available"):
    bad(f"kpi_consolidated with --fx: {cons!r}")
    cons = {"kpi": {}, "totals_cents": {"buckets": {}}, "rates": {}}
for key, w in want["kpi_consolidated"].items():
    if not close(cons["kpi"].get(key), w):
        bad(f"kpi_consolidated {key}: {cons['kpi'].get(key)!r}, computed "
            f"here {w!r}")
labels = ["current", "1-30", "31-60", "61-90", "91-120", "over-120"]
got = [cons["totals_cents"]["buckets"].get(b) for b in labels]
if got != want["consolidated_buckets"]:
    bad(f"consolidated buckets {got}, computed here "
        f"{want['consolidated_buckets']}")
if cons["totals_cents"].get("open_ar") != sum(want["consolidated_buckets"]):
    bad("consolidated open_ar is not the sum of its buckets")
if cons["totals_cents"].get("unapplied_credits") != \
        want["consolidated_credits"]:
    bad(f"consolidated credits {cons['totals_cents'].get('unapplied_credits')}"
        f", computed here {want['consolidated_credits']}")
if cons["totals_cents"].get("over_90_days") != want["consolidated_over_90"]:
    bad("consolidated over 90 days")
if sorted(cons["rates"]) != sorted(["USD", "GBP", "CHF", "JPY", "SEK", "PLN",
                                    "CZK", "DKK", "NOK"]):
    bad(f"rates listed: {sorted(cons['rates'])}")
if cons["rates"].get("NOK", {}).get("rate") != 0.085123456789:
    bad(f"NOK rate {cons['rates'].get('NOK')!r}")
# the base currency's figures are what the workbooks' EUR sheets say
if fx["totals_cents"]["open_ar"] != want["per_currency"]["EUR"]["open"]:
    bad("EUR open_ar")
for code, t in fx["totals_cents_by_currency"].items():
    if t["open_ar"] != want["per_currency"][code]["open"]:
        bad(f"{code} open_ar {t['open_ar']}")

# the workbooks say the same
cover = want["coverage"]
kpi_plain = openpyxl.load_workbook(f"{tmp}/plain/2026-10-31/kpi.xlsx")
note = kpi_plain["KPI"]["A3"].value or ""
for part in (f"{cover['clients_with_balance']} of "
             f"{cover['clients_with_balance_all']} clients",
             f"{cover['open_items']} of {cover['open_items_all']} open items",
             f"leaves out {cover['cost_rows_left_out']} cost rows",
             "EUR accounts only"):
    if part not in note:
        bad(f"KPI sheet coverage note lacks {part!r}: {note!r}")
if "Consolidated" in kpi_plain.sheetnames:
    bad("kpi.xlsx has a Consolidated sheet without --fx")
if "Consolidated" in openpyxl.load_workbook(
        f"{tmp}/plain/2026-10-31/aging.xlsx", read_only=True).sheetnames:
    bad("aging.xlsx has a Consolidated sheet without --fx")

kpi_fx = openpyxl.load_workbook(f"{tmp}/fx/2026-10-31/kpi.xlsx",
                                data_only=True)
names = ["dso", "best_possible_dso", "add", "cei", "collection_rate_45",
         "days_to_payment", "retention", "cost_per_recovery"]
ws = kpi_fx["Consolidated"]
for i, key in enumerate(names):
    for col, src in ((2, cons["kpi"]), (3, fx["kpi"])):
        cell = ws.cell(row=5 + i, column=col)
        v = cell.value
        # percent KPIs are percent cells (0.42 shows 42 %), run.json
        # keeps percent numbers (42)
        if isinstance(v, (int, float)) and "%" in cell.number_format:
            v = v * 100
        w = src.get(key)
        if (w is None and v != "n/a") or (w is not None and not close(v, w)):
            bad(f"kpi.xlsx Consolidated {key} column {col}: {v!r}, run.json "
                f"{w!r}")
rates = {}
for r in ws.iter_rows(min_row=1, values_only=True):
    if r[0] in cons["rates"] and isinstance(r[1], str):
        rates[r[0]] = r[1]
if rates.get("NOK") != "0.085123456789" or len(rates) != 9:
    bad(f"kpi.xlsx rates listed: {rates}")
total = [r for r in ws.iter_rows(min_row=1, values_only=True)
         if r[0] == "All currencies"]
if not total or round(total[0][2] * 100) != \
        sum(want["consolidated_buckets"]) - want["consolidated_credits"]:
    bad(f"kpi.xlsx Consolidated AR(D) total {total and total[0][2]}")

aging_fx = openpyxl.load_workbook(f"{tmp}/fx/2026-10-31/aging.xlsx",
                                  data_only=True)
if "Consolidated" not in aging_fx.sheetnames:
    bad("aging.xlsx lacks the Consolidated sheet with --fx")
else:
    ws = aging_fx["Consolidated"]
    rows = list(ws.iter_rows(min_row=1, values_only=True))
    tot = [r for r in rows if r[0] == "Total EUR"]
    codes = [r[0] for r in rows[4:14]]
    if codes != ["EUR", "USD", "GBP", "CHF", "JPY", "SEK", "PLN", "CZK",
                 "DKK", "NOK"]:
        bad(f"aging Consolidated currencies {codes}")
    if not tot:
        bad("aging Consolidated has no total row")
    else:
        got = [round(v * 100) for v in tot[0][6:12]]
        if got != want["consolidated_buckets"]:
            bad(f"aging Consolidated buckets {got}, computed here "
                f"{want['consolidated_buckets']}")
        if round(tot[0][12] * 100) != cons["totals_cents"]["open_ar"] or \
                round(tot[0][13] * 100) != \
                cons["totals_cents"]["unapplied_credits"]:
            bad("aging Consolidated totals differ from run.json")
    for r in rows[4:14]:  # each row in its own currency is its Summary's
        own = want["per_currency"][r[0]]
        if round(r[4] * 100) != own["open"] or round(r[5] * 100) != \
                own["credits"]:
            bad(f"aging Consolidated {r[0]} own-currency figures")

if failures:
    sys.exit(1)
EOF

# a large ledger folds its closed history (README "Large ledgers"): the
# consolidation adds up the partitions' figures to the same outputs
ARBATCH_FOLD_ABOVE=0 ARBATCH_FOLD_PART_BYTES=20000 \
    "$BIN" run "${ARGS[@]}" --fx "$tmp/in/fx.csv" --out "$tmp/folded" \
    2>"$tmp/err" || bad "folded run: exit $? $(head -c 300 "$tmp/err")"
for f in run.json kpi.xlsx aging.xlsx agency/placement.csv; do
    if [ "$f" = run.json ]; then
        "$PY" - "$tmp/fx/2026-10-31/$f" "$tmp/folded/2026-10-31/$f" <<'EOF' ||
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
sys.exit(any(a[k] != b[k] for k in ("kpi", "kpi_coverage",
                                    "kpi_consolidated", "totals_cents",
                                    "totals_cents_by_currency")))
EOF
            bad "folded: run.json's KPIs or totals differ"
    elif ! cmp -s "$tmp/fx/2026-10-31/$f" "$tmp/folded/2026-10-31/$f"; then
        bad "folded: $f differs from the run in memory"
    fi
done

# --fx that cannot be used is an input error naming the file
printf 'currency,rate,source\nUSD,0.92,x\n' >"$tmp/short.csv"
printf 'currency,rate\nUSD,0.92\nGBP,1,2\n' >"$tmp/badrow.csv"
printf 'currency,rate\nUSD,-0.92\n' >"$tmp/negative.csv"
printf 'currency,rate\nEUR,1.1\nUSD,1\n' >"$tmp/base.csv"
printf 'currency,rate\nUSD,1\nusd,2\n' >"$tmp/twice.csv"
for case in "short:no rate for GBP" "badrow:badrow.csv:3:" "negative:negative.csv:2: column .rate." \
    "base:base currency" "twice:already has a rate"; do
    name=${case%%:*} want=${case#*:}
    "$BIN" run "${ARGS[@]}" --fx "$tmp/$name.csv" --out "$tmp/o-$name" \
        2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 3 ]; then
        bad "--fx $name.csv: exit $rc, want 3"
    elif ! grep -q "$name.csv" "$tmp/err" || ! grep -q "$want" "$tmp/err"; then
        bad "--fx $name.csv: message '$(head -c 300 "$tmp/err")' lacks '$want'"
    fi
    [ -e "$tmp/o-$name/2026-10-31" ] && bad "--fx $name.csv left an output set"
done

[ "$fail" -eq 0 ] && echo "currencies: passed"
exit "$fail"
