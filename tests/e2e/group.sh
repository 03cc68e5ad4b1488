#!/usr/bin/env bash
# arbatch merge --group (issue #21 item 4; README "A group of entities"):
# three --entity runs of one ledger (tests/fixtures/group: entities A, B,
# C in EUR and USD) rolled up with and without --fx. group-kpi.xlsx is
# read back with openpyxl: each entity's row equals its own run.json and
# kpi.xlsx; the per-currency and consolidated AR and DSO equal figures
# worked out here from the ledger's rows (AR = invoices less what settled
# them up to D, aged by the policy's buckets; each entity's total of a
# bucket and of its credits in a currency converted once, half to even;
# DSO = AR / Sales(D-90, D] x 90). And the refusals (exit 3, naming the
# set, nothing published).
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/arbatch
PY=/usr/bin/python3
AS_OF=2026-06-30
FIX=tests/fixtures/group
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL group: $*" >&2; exit 1; }
export ARBATCH_LAYOUTS=${ARBATCH_LAYOUTS:-$PWD/layouts}
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99
export UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=99

# the array job's tasks, one entity each (README: SLURM_ARRAY_TASK_ID)
for e in A B C; do
    "$BIN" run --ledger $FIX/ledger.csv --policy $FIX/policy.ini \
        --entity $e --as-of $AS_OF --out "$tmp/run-$e" --quiet 2>/dev/null
    [ $? = 0 ] || fail "the run of entity $e failed"
done
SETS=("$tmp/run-C/$AS_OF" "$tmp/run-A/$AS_OF" "$tmp/run-B/$AS_OF")
printf 'currency,rate,source\nUSD,0.9234567,ECB 2026-06-30\n' > "$tmp/fx.csv"

out=$("$BIN" merge --group --as-of $AS_OF --out "$tmp/plain" "${SETS[@]}" 2>&1)
[ $? = 0 ] || fail "merge --group without --fx: $out"
grep -q "no consolidated figures: .*more than one currency" <<<"$out" ||
    fail "without --fx the missing consolidated figure is not explained: $out"
out=$("$BIN" merge --group --as-of $AS_OF --out "$tmp/fx" --fx "$tmp/fx.csv" \
      --quiet "${SETS[@]}" 2>&1)
[ $? = 0 ] || fail "merge --group --fx: $out"
[ -z "$out" ] || fail "--quiet merge --group said: $out"
for d in plain fx; do
    for f in group-kpi.xlsx group.json; do
        [ -s "$tmp/$d/$AS_OF-group/$f" ] || fail "$d: no $f"
    done
done
ls -a "$tmp/fx" | grep -q tmp && fail "a temporary directory was left"

"$PY" - "$FIX/ledger.csv" "$tmp" "$AS_OF" <<'EOF' || fail "figures differ"
import csv, datetime, json, sys
from decimal import Decimal, ROUND_HALF_EVEN
import openpyxl

ledger, tmp, as_of = sys.argv[1:4]
D = datetime.date.fromisoformat(as_of)
RATE = {"EUR": Decimal(1), "USD": Decimal("0.9234567")}
LIMITS = (0, 30, 60, 90, 120)       # current, 1-30, ..., over-120
KPIS = ["dso", "best_possible_dso", "add", "cei", "collection_rate_45",
        "days_to_payment", "retention", "cost_per_recovery"]
PERCENT = {"cei", "collection_rate_45", "retention", "cost_per_recovery"}
bad = []

def check(what, got, want):
    if got != want:
        bad.append(f"{what}: {got!r}, expected {want!r}")

def cents(s):
    return int(Decimal(s) * 100)

# the ledger worked out: per entity and currency, each open item's
# bucket, the unapplied credits, Sales(W)
rows = [r for r in csv.DictReader(open(ledger))
        if datetime.date.fromisoformat(r["doc_date"]) <= D]
fig = {}   # (entity, currency) -> {"buckets": [...], "credits", "sales"}
def f(e, c):
    return fig.setdefault((e, c), {"buckets": [0] * 6, "credits": 0,
                                   "sales": 0})
applied = {}
for r in rows:
    if r["doc_type"] in ("PAY", "CRN") and r["applies_to"]:
        applied[r["applies_to"]] = applied.get(r["applies_to"], 0) + \
            cents(r["amount"])
for r in rows:
    x = f(r["entity"], r["currency"])
    if r["doc_type"] == "INV":
        dated = datetime.date.fromisoformat(r["doc_date"])
        if (D - dated).days < 90:
            x["sales"] += cents(r["amount"])
        open_ = cents(r["amount"]) - applied.get(r["doc_no"], 0)
        dpd = (D - datetime.date.fromisoformat(r["due_date"])).days
        b = sum(dpd > lim for lim in LIMITS)
        x["buckets"][b] += open_
    elif not r["applies_to"]:
        x["credits"] += cents(r["amount"])

def ar(x):
    return sum(x["buckets"]) - x["credits"]

def dso(a, s):
    return a / s * 90 if s else None

def conv(v, c):
    return int((Decimal(v) * RATE[c]).quantize(Decimal(1), ROUND_HALF_EVEN))

def close(a, b):
    return (a is None and b is None) or (a is not None and b is not None
                                         and abs(a - b) < 1e-9)

def sheet_rows(path, name):
    ws = openpyxl.load_workbook(path)[name]
    head = [c.value for c in ws[4]]
    rows = []
    for r in ws.iter_rows(min_row=5, values_only=True):
        if r[0] is None:      # the table ends at its first blank row
            break
        rows.append(list(r))
    return head, rows

for d in ("plain", "fx"):
    book = f"{tmp}/{d}/{as_of}-group/group-kpi.xlsx"
    group = json.load(open(f"{tmp}/{d}/{as_of}-group/group.json"))
    head, ents = sheet_rows(book, "Entities")
    check(f"{d}: header", head[:5],
          ["Entity", "Amounts in", "Entities", "AR", "Overdue"])
    check(f"{d}: entities in order", [r[0] for r in ents], ["A", "B", "C"])
    # each entity's row is its own run's: run.json and kpi.xlsx
    for r in ents:
        e = r[0]
        run = json.load(open(f"{tmp}/run-{e}/{as_of}/run.json"))
        check(f"{d} {e}: entity in run.json", run["entity"], e)
        check(f"{d} {e}: currency", r[1], run["base_currency"])
        base = run["kpi_inputs"]["by_currency"][run["base_currency"]]
        check(f"{d} {e}: AR", round(r[3] * 100), base["ar_d"])
        check(f"{d} {e}: AR from the rows", round(r[3] * 100),
              ar(fig[(e, r[1])]))
        check(f"{d} {e}: overdue", round(r[4] * 100),
              sum(base["buckets"][1:]))
        kws = openpyxl.load_workbook(
            f"{tmp}/run-{e}/{as_of}/kpi.xlsx")["KPI"]
        for k, key in enumerate(KPIS):
            v, st = r[5 + 2 * k], r[6 + 2 * k]
            want = run["kpi"][key]
            got = None if v == "n/a" else (v * 100 if key in PERCENT else v)
            if not close(got, want):
                bad.append(f"{d} {e} {key}: {got}, run.json {want}")
            kv = kws.cell(row=5 + k, column=2).value
            if kv != v:
                bad.append(f"{d} {e} {key}: {v}, its kpi.xlsx {kv}")
            check(f"{d} {e} {key} status", st,
                  kws.cell(row=5 + k, column=5).value)
        check(f"{d} {e}: group.json AR", group["entities"][ents.index(r)]
              ["ar_cents"], base["ar_d"])
    # per currency: every entity's figures in that currency added up
    head, cur = sheet_rows(book, "Currencies")
    check(f"{d}: currencies", [r[0] for r in cur], ["EUR", "USD"])
    for r in cur:
        c = r[0]
        xs = [x for (e, cc), x in fig.items() if cc == c]
        a = sum(ar(x) for x in xs)
        s = sum(x["sales"] for x in xs)
        check(f"{d} {c}: AR", round(r[3] * 100), a)
        check(f"{d} {c}: entities", r[2], len(xs))
        if not close(r[5], dso(a, s)):
            bad.append(f"{d} {c}: DSO {r[5]}, worked out {dso(a, s)}")
        check(f"{d} {c}: group.json AR",
              group["by_currency"][c]["ar_cents"], a)
    cons = openpyxl.load_workbook(book)["Consolidated"]
    if d == "plain":
        check("plain: consolidated", group["consolidated"], None)
        if "more than one currency" not in group["consolidated_missing"]:
            bad.append("plain: group.json does not say why")
        if "more than one currency" not in (cons["A2"].value or ""):
            bad.append("plain: the Consolidated sheet does not say why")
        continue
    # consolidated: each entity's bucket and credits converted once
    a = s = 0
    for (e, c), x in fig.items():
        a += sum(conv(v, c) for v in x["buckets"]) - conv(x["credits"], c)
        s += conv(x["sales"], c)
    g = group["consolidated"]
    check("fx: consolidated currency", g["currency"], "EUR")
    check("fx: consolidated AR (json)", g["ar_cents"], a)
    check("fx: consolidated AR (xlsx)", round(cons["D5"].value * 100), a)
    check("fx: consolidated Sales(W)", g["inputs_cents"]["sales_w"], s)
    if not close(cons["F5"].value, dso(a, s)):
        bad.append(f"fx: consolidated DSO {cons['F5'].value}, worked out "
                   f"{dso(a, s)}")
    check("fx: the rate as given", str(g["fx"]["rates"]["USD"]), "0.9234567")
    # the rounding is the documented one, not one on the currency's AR
    naive = sum(conv(ar(x), c) for (e, c), x in fig.items())
    if naive == a:
        bad.append("fx: the fixture no longer tells the bucket-by-bucket "
                   "rounding from a conversion of AR whole")
    print(f"  consolidated AR {a} cents (AR converted whole would be "
          f"{naive}); DSO {dso(a, s):.4f}")
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
EOF
echo "  per entity, per currency and consolidated figures agree"

# refused WHAT EXPECT ARGS...: exit 3, the message says EXPECT, nothing
# published
refused() {
    local what=$1 expect=$2
    shift 2
    local out
    out=$("$BIN" merge --group --as-of $AS_OF --out "$tmp/r" --quiet "$@" 2>&1)
    local code=$?
    [ $code = 3 ] || fail "$what: exit $code, not 3 ($out)"
    grep -q -- "$expect" <<<"$out" || fail "$what: the message does not say '$expect': $out"
    [ -e "$tmp/r/$AS_OF-group" ] && fail "$what: a set was published"
    echo "  $what: refused (exit 3): $(head -c 150 <<<"$out")"
}
mkdir -p "$tmp/empty"
refused "a folder without run.json" "$tmp/empty: not an output set: no run.json" \
    "${SETS[0]}" "$tmp/empty"
"$BIN" run --ledger $FIX/ledger.csv --policy $FIX/policy.ini --entity C \
    --as-of 2026-05-31 --out "$tmp/run-may" --quiet 2>/dev/null
refused "another as-of date" "run-may/2026-05-31: a set as of 2026-05-31, not $AS_OF" \
    "${SETS[1]}" "$tmp/run-may/2026-05-31"
mkdir -p "$tmp/old"
"$PY" -c '
import json, sys
d = json.load(open(sys.argv[1])); del d["kpi_inputs"]; d["version"] = "0.0.9"
json.dump(d, open(sys.argv[2], "w"))' "${SETS[2]}/run.json" "$tmp/old/run.json"
refused "a run.json without the KPI inputs" "old/run.json: written by arbatch 0.0.9, without the KPI inputs" \
    "${SETS[1]}" "$tmp/old"
cp -r "$tmp/run-A" "$tmp/run-A2"
refused "the same entity twice" "are both entity A" \
    "${SETS[1]}" "$tmp/run-A2/$AS_OF"
"$BIN" run --ledger $FIX/ledger.csv --policy $FIX/policy.ini \
    --as-of $AS_OF --out "$tmp/run-all" --quiet 2>/dev/null
refused "a run of the whole ledger beside the entities" \
    "a run of the whole ledger (no --entity)" "${SETS[1]}" "$tmp/run-all/$AS_OF"
printf 'currency,rate\nGBP,1.17\n' > "$tmp/fx-gbp.csv"
refused "a currency without a rate" "no rate for USD" \
    --fx "$tmp/fx-gbp.csv" "${SETS[@]}"
printf '[kpi]\nkpi_window_days = 60\n' > "$tmp/window.ini"
refused "another KPI window" "60 days" --policy "$tmp/window.ini" "${SETS[@]}"
out=$("$BIN" merge --group --jobs 2 --as-of $AS_OF --out "$tmp/r" "${SETS[@]}" 2>&1)
[ $? = 2 ] || fail "--group --jobs is not a usage error: $out"
out=$("$BIN" run --group --ledger $FIX/ledger.csv --as-of $AS_OF --out "$tmp/r" 2>&1)
[ $? = 2 ] || fail "run --group is not a usage error: $out"
"$BIN" --help | grep -q -- "--group" || fail "--help says nothing of --group"
# --entity with no usable row: "no row is of entity" only when no row is
# of it; a row of it skipped for its type is the generic message
printf 'doc_type,doc_no,client_id,doc_date,due_date,amount,currency,applies_to,settled_date,disputed,entity\nINV,A-1,C10,2026-04-10,2026-05-10,1000.00,EUR,,,N,A\nMEMO,B-1,C20,2026-04-10,2026-05-10,50.00,EUR,,,N,B\n' > "$tmp/ent.csv"
printf '[columns]\nentity = entity\n[doc_types]\nMEMO = skip\n' > "$tmp/ent.ini"
out=$("$BIN" run --ledger "$tmp/ent.csv" --policy "$tmp/ent.ini" --entity B \
      --as-of $AS_OF --out "$tmp/ent" 2>&1)
[ $? = 3 ] || fail "--entity B (its one row skipped for its type): not exit 3: $out"
grep -q "no row is of entity" <<<"$out" &&
    fail "--entity B has a row (skipped for its type), told there is none: $out"
grep -q "document type mapped to skip 1" <<<"$out" ||
    fail "--entity B: the skip is not named: $out"
out=$("$BIN" run --ledger "$tmp/ent.csv" --policy "$tmp/ent.ini" --entity C \
      --as-of $AS_OF --out "$tmp/ent" 2>&1)
grep -q "no row is of entity C (2 rows of other entities were skipped)" \
    <<<"$out" || fail "--entity C: $out"
echo "group: ok"
