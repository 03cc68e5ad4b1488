#!/usr/bin/env bash
# exact_amounts.sh - money stays exact at the edges (issue 22 items 5, 6).
#
# run.json writes every count and amount as an integer, exactly up to
# 2^53 - 1 (50,000,000,000,000.01 is 5000000000000001, never 5e+15).
# A letter whose amount due (overdue balance + fee + interest, SPEC §3.5)
# passes 90,071,992,547,409.91 is held back with a line in rejects.csv and
# exit 1, never printed with a wrapped amount ("Please transfer
# -92,143,648,376,000,348.18"); the other letters go out.
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ARBATCH_LAYOUTS=$PWD/layouts
failed=0
fail() {
    echo "FAIL exact_amounts: $*"
    failed=1
}

mkdir -p "$tmp/in"
cat >"$tmp/in/ledger.csv" <<'EOF'
doc_type,doc_no,client_id,doc_date,due_date,amount,currency,applies_to,settled_date,disputed
INV,BIG-1,BIG,2026-06-01,2026-06-30,50000000000000.01,EUR,,,N
INV,A-1,A,2026-06-01,2026-06-30,700.00,EUR,,,N
INV,OLD-1,OLD,0001-01-01,0001-01-31,20000000000000.00,USD,,,N
INV,OLD-2,OLD,0001-01-01,0001-01-31,20000000000000.00,USD,,,N
INV,OLD-3,OLD,0001-01-01,0001-01-31,20000000000000.00,USD,,,N
INV,B-1,B,2026-06-01,2026-06-30,800.00,USD,,,N
EOF
cat >"$tmp/in/clients.csv" <<'EOF'
client_id,name,address1,city,postal_code,country
BIG,Big GmbH,1 Main St,Berlin,10115,DE
A,A GmbH,2 Main St,Berlin,10115,DE
OLD,Old Ltd,3 Main St,London,N1 1AA,GB
B,B Ltd,4 Main St,London,N1 1AA,GB
EOF
# a fee at the top of what the policy reads, and interest at 100 % a year
cat >"$tmp/in/fees.ini" <<'EOF'
[fees]
fees_enabled = yes
stage_fee = 0.00, 0.00, 0.00, 0.00, 92233720368547758.07
EOF
cat >"$tmp/in/interest.ini" <<'EOF'
[general]
base_currency = EUR
[fees]
fees_enabled = yes
interest_rate = 100
EOF

# run NAME POLICY: the set in $tmp/NAME/2026-10-31, exit code in $tmp/NAME.rc
run() {
    (cd "$tmp/in" && timeout -k 5 120 "$BIN" run --quiet --ledger ledger.csv \
        --clients clients.csv --as-of 2026-10-31 --out "$tmp/$1" \
        --policy "$2" >"$tmp/$1.log" 2>&1)
    echo $? >"$tmp/$1.rc"
    if grep -Eq 'runtime error:|AddressSanitizer' "$tmp/$1.log"; then
        fail "$1: sanitizer report: $(grep -Em1 'runtime error:|Sanitizer' \
            "$tmp/$1.log")"
    fi
}
run fees fees.ini
run interest interest.ini

"$PY" - "$tmp" <<'EOF' || failed=1
import csv, decimal, json, os, subprocess, sys
tmp = sys.argv[1]
failed = False
def bad(msg):
    global failed
    failed = True
    print("FAIL exact_amounts:", msg)

def check(name, held, sent):
    top = os.path.join(tmp, name, "2026-10-31")
    rc = int(open(os.path.join(tmp, name + ".rc")).read())
    log = open(os.path.join(tmp, name + ".log")).read()
    if rc != 1:
        bad(f"{name}: exit {rc}, expected 1 (letters held): {log[-400:]}")
    if not os.path.isdir(top):
        return None
    man = list(csv.DictReader(open(os.path.join(top, "letters",
                                                "manifest.csv"))))
    ids = {r["client_id"]: r for r in man}
    for c in held:
        if c in ids:
            bad(f"{name}: client {c} got a letter asking for "
                f"{ids[c]['amount_due']}")
    for c in sent:
        if c not in ids:
            bad(f"{name}: client {c} got no letter")
    for r in man:
        v = decimal.Decimal(r["amount_due"])
        if v <= 0 or v > decimal.Decimal("90071992547409.91"):
            bad(f"{name}: manifest amount_due {v} for {r['client_id']}")
    rej = list(csv.DictReader(open(os.path.join(top, "rejects.csv"), encoding="utf-8-sig")))
    for c in held:
        if not any(r["reason"] == "amount out of range" and r["value"] == c
                   for r in rej):
            bad(f"{name}: no 'amount out of range' line in rejects.csv for "
                f"{c}: {rej}")
    # run.json counts them among the letters held, one each
    lh = json.load(open(os.path.join(top, "run.json")))["letters_held"]
    if lh.get("amount out of range") != len(held):
        bad(f"{name}: letters_held {lh}, want {len(held)} out of range")
    hist = [r["client_id"] for r in
            csv.DictReader(open(os.path.join(top, "history.csv")))]
    for c in held:
        if c in hist:
            bad(f"{name}: history.csv lists a letter for {c}")
    # no letter anywhere says a negative or wrapped amount
    for root, _, files in os.walk(os.path.join(top, "letters")):
        for f in files:
            if f.endswith(".pdf"):
                t = subprocess.run(["pdftotext", os.path.join(root, f), "-"],
                                   capture_output=True, text=True).stdout
                if "transfer -" in t or "92,2" in t or "92.2" in t:
                    bad(f"{name}: {f} asks for a wrapped amount")
    return top

top = check("fees", held=["A", "BIG", "OLD", "B"], sent=[])
# 100 % a year on 3 x 20,000,000,000,000.00 for 2,025 years wraps a
# 64-bit sum; 123 days on 800.00 is a letter like any other
check("interest", held=["OLD"], sent=["A", "B"])

# ---- run.json: integers exactly ----------------------------------------
if top:
    text = open(os.path.join(top, "run.json")).read()
    run = json.loads(text, parse_float=decimal.Decimal)
    inv = run["totals_cents"]["invoiced"]
    if inv != 5000000000070001:
        bad(f"run.json totals_cents.invoiced is {inv!r}, expected "
            "5000000000070001 (50,000,000,000,000.01 + 700.00)")
    if "e+" in text or "E+" in text:
        bad("run.json writes a number with an exponent: " +
            [l for l in text.splitlines() if "e+" in l or "E+" in l][0])
    usd = run["totals_cents_by_currency"]["USD"]["invoiced"]
    if usd != 6000000000080000:
        bad(f"run.json USD invoiced is {usd!r}, expected 6000000000080000")
sys.exit(1 if failed else 0)
EOF
[ "$failed" -eq 0 ] || { echo "exact_amounts: FAILED"; exit 1; }
echo "exact_amounts: passed"
