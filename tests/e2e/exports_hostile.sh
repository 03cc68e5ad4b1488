#!/usr/bin/env bash
# exports_hostile.sh - hostile real exports (SPEC §2.6, issue 18 "Hostile")
# on the built binary: a header that is never found (exit 3, the first
# lines shown, nothing written), a file whose every row is a layout line
# (exit 3 "no row could be used", nothing written), a Total row inside the
# data (rejected and visible without skip_rows, skipped and listed with
# it), the warning of a ledger without settlement information (and none
# for open entries with their open amounts), 1,000,000 rows of line items grouped (group_lines = same) in
# bounded time and memory, and a 1,000,000-row canonical ledger through
# validate, timed. The big files are generated into a temporary directory.
set -u
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
BIN=$BUILD/arbatch
PY=/usr/bin/python3
TIME=/usr/bin/time
AS_OF=2026-03-31
# generous: a normal build needs a few seconds and some 40 MB; a sanitizer
# build (make check) several times that
MAX_SECONDS=${EXPORTS_MAX_SECONDS:-120}
MAX_KB=${EXPORTS_MAX_KB:-2000000}
ROWS=${EXPORTS_ROWS:-1000000}

if [ ! -x "$BIN" ]; then
    echo "exports_hostile.sh: $BIN is not built" >&2
    exit 1
fi
# on a tmpfs when there is one: the big files are written and read once
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0
bad() {
    echo "FAIL exports_hostile $1: $2"
    fail=1
}

# run NAME ARGS...: arbatch with ARGS; $rc, $tmp/NAME.err
run() {
    local name=$1
    shift
    timeout -k 2 "$MAX_SECONDS" "$BIN" "$@" >"$tmp/$name.out" \
        2>"$tmp/$name.err"
    rc=$?
}

# nothing NAME DIR: a refused run wrote nothing into DIR
nothing() {
    if [ -e "$2" ] && [ -n "$(ls -A "$2")" ]; then
        bad "$1" "a refused run wrote: $(ls -A "$2" | head -3 | tr '\n' ' ')"
    fi
}

# ---- the header is never found ------------------------------------------
{
    printf 'Quarterly report \033[1mconfidential\033[0m\n'
    printf 'Customer;Balance\n'
    for i in $(seq 1 60); do printf 'Acme %d;1,00\n' "$i"; done
} >"$tmp/no_header.csv"
run no_header run --ledger "$tmp/no_header.csv" --as-of "$AS_OF" \
    --out "$tmp/out/no_header"
[ "$rc" -eq 3 ] || bad no_header "exit $rc, expected 3"
grep -q 'no header line' "$tmp/no_header.err" ||
    bad no_header "no 'no header line': $(head -c 300 "$tmp/no_header.err")"
grep -qF 'line 1 "Quarterly report \x1b[1mconfidential\x1b[0m"' \
    "$tmp/no_header.err" ||
    bad no_header "the first line is not shown escaped: $(head -c 400 \
        "$tmp/no_header.err")"
grep -qF 'line 2 "Customer;Balance"' "$tmp/no_header.err" ||
    bad no_header "the second line is not shown"
if grep -q $'\033' "$tmp/no_header.err"; then
    bad no_header "a raw ESC byte reached the terminal"
fi
nothing no_header "$tmp/out/no_header"

# ---- every row a layout line ----------------------------------------------
cat >"$tmp/qb.ini" <<'EOF'
[input]
date_format = %m/%d/%Y
signed_amounts = yes
[columns]
doc_type = Transaction type
doc_no = Num
client_id = Customer full name | Customer
doc_date = Date
due_date = Due date
amount = Amount
[doc_types]
Invoice = INV
Credit Memo = CRN
Payment = PAY
EOF
cat >"$tmp/layout_only.csv" <<'EOF'
Craig's Design and Landscaping Services
A/R Aging Detail
Section,Date,Transaction type,Num,Customer,Due date,Amount
Current,,,,,,
1 - 30 days past due,,,,,,
,,,,,,
Accrual basis Tuesday 31 March 2026 10:15 AM GMT-07:00
EOF
run layout_only run --ledger "$tmp/layout_only.csv" --policy "$tmp/qb.ini" \
    --as-of "$AS_OF" --out "$tmp/out/layout_only"
[ "$rc" -eq 3 ] || bad layout_only "exit $rc, expected 3"
grep -q 'no row could be used' "$tmp/layout_only.err" ||
    bad layout_only "no 'no row could be used': $(head -c 300 \
        "$tmp/layout_only.err")"
grep -q '6 read: 0 rejected, 6 skipped: title line above the header 2, layout line (every mapped column blank) 4)' \
    "$tmp/layout_only.err" ||
    bad layout_only "the counts and why they were skipped are not told: \
$(head -c 300 "$tmp/layout_only.err")"
nothing layout_only "$tmp/out/layout_only"

# ---- a Total row inside the data ----------------------------------------------
cat >"$tmp/totals.csv" <<'EOF'
Date,Transaction type,Num,Customer,Due date,Amount
03/01/2026,Invoice,1001,Amy's Bird Sanctuary,03/31/2026,100.00
Total for Amy's Bird Sanctuary,,,,,100.00
03/02/2026,Invoice,1002,Bill's Windsurf Shop,04/01/2026,50.00
TOTAL,,,,,150.00
EOF
run total_rejected run --ledger "$tmp/totals.csv" --policy "$tmp/qb.ini" \
    --as-of "$AS_OF" --out "$tmp/out/total_rejected"
[ "$rc" -eq 1 ] || bad total_rejected "exit $rc, expected 1 (rows rejected)"
cp "$tmp/qb.ini" "$tmp/qb_skip.ini"
printf '[input]\nskip_rows = ^(Total|TOTAL)\n' >>"$tmp/qb_skip.ini"
run total_skipped run --ledger "$tmp/totals.csv" --policy "$tmp/qb_skip.ini" \
    --as-of "$AS_OF" --out "$tmp/out/total_skipped"
[ "$rc" -eq 0 ] || bad total_skipped "exit $rc, expected 0: $(head -c 300 \
    "$tmp/total_skipped.err")"
grep -q '2 rows skipped (matches \[input\] skip_rows 2): listed in skipped.csv' \
    "$tmp/total_skipped.err" ||
    bad total_skipped "no note of the skipped rows: $(cat "$tmp/total_skipped.err")"
# validate and a refused run write no skipped.csv: they do not point to one
run total_validate validate --ledger "$tmp/totals.csv" --policy "$tmp/qb_skip.ini"
# (--strict with the first Total row rejected: exit 3, nothing written)
cp "$tmp/qb.ini" "$tmp/qb_strict.ini"
printf '[input]\nskip_rows = ^TOTAL\n' >>"$tmp/qb_strict.ini"
run total_strict run --ledger "$tmp/totals.csv" --policy "$tmp/qb_strict.ini" \
    --as-of "$AS_OF" --out "$tmp/out/total_strict" --strict
[ "$rc" -eq 3 ] || bad total_strict "exit $rc, expected 3"
for case in total_validate total_strict; do
    grep -q 'rows skipped (matches' "$tmp/$case.err" ||
        bad "$case" "no note of the skipped rows: $(cat "$tmp/$case.err")"
    if grep -q 'skipped.csv' "$tmp/$case.err"; then
        bad "$case" "points to a skipped.csv it did not write: $(cat "$tmp/$case.err")"
    fi
done
"$PY" - "$tmp/out" "$AS_OF" "$tmp/totals.csv" <<'EOF' || fail=1
import csv, json, os, sys
out, as_of, ledger = sys.argv[1:4]
failed = False
def bad(case, msg):
    global failed
    failed = True
    print(f"FAIL exports_hostile {case}: {msg}")
def read(case, name):
    path = os.path.join(out, case, as_of, name)
    if name.endswith(".json"):
        return json.load(open(path, encoding="utf-8"))
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))

# without skip_rows: each Total row is a reject with its line, visible
j = read("total_rejected", "run.json")
c = j["counts"]
if (c["rows_read"], c["rows_used"], c["rows_rejected"], c["rows_skipped"]) \
        != (4, 2, 2, 0):
    bad("total_rejected", f"counts {c}")
rej = [r for r in read("total_rejected", "rejects.csv") if r["line"]]
if sorted(int(r["line"]) for r in rej) != [3, 5]:
    bad("total_rejected", f"rejects.csv lines {[r['line'] for r in rej]}")
for r in rej:
    if r["file"] != ledger or r["column"] != "doc_type" or \
            r["reason"] != "missing key":
        bad("total_rejected", f"reject {r}")
if j["totals_cents"]["open_ar"] != 15000:
    bad("total_rejected", f"open_ar {j['totals_cents']['open_ar']}")

# with skip_rows: skipped, counted by reason and listed with line and field
j = read("total_skipped", "run.json")
c = j["counts"]
if (c["rows_read"], c["rows_used"], c["rows_rejected"], c["rows_skipped"]) \
        != (4, 2, 0, 2):
    bad("total_skipped", f"counts {c}")
if c.get("skipped_by_reason") != {"skip_rows": 2}:
    bad("total_skipped", f"skipped_by_reason {c.get('skipped_by_reason')}")
sk = read("total_skipped", "skipped.csv")
got = [(s["line"], s["first_field"]) for s in sk]
if got != [("3", "Total for Amy's Bird Sanctuary"), ("5", "TOTAL")]:
    bad("total_skipped", f"skipped.csv {got}")
for s in sk:
    if s["file"] != ledger or "skip_rows" not in s["reason"]:
        bad("total_skipped", f"skipped.csv row {s}")
if [r for r in read("total_skipped", "rejects.csv") if r["line"]]:
    bad("total_skipped", "rejects.csv is not empty")
if j["totals_cents"]["open_ar"] != 15000:
    bad("total_skipped", f"open_ar {j['totals_cents']['open_ar']}")
sys.exit(1 if failed else 0)
EOF

# ---- settlement information (SPEC §2.6 safety) ------------------------------
# Invoices only and nothing else: warned on stderr and in run.json. An
# export of open entries with their open amounts (Business Central
# filtered to Open = Yes: a Closed at Date column, but no payment row and
# no date) says what was paid: no such warning, and invoice 2 is open
# 100.00 of 300.00.
printf 'doc_no,client_id,doc_date,amount\n1,C1,2026-03-01,10.00\n' \
    >"$tmp/bare.csv"
cat >"$tmp/open_entries.csv" <<'CSV'
Posting Date,Document Type,Document No.,Customer No.,Amount,Remaining Amount,Due Date,Open,Closed at Date
03/01/2026,Invoice,1,C1,50.00,50.00,03/31/2026,Yes,
03/02/2026,Invoice,2,C1,300.00,100.00,04/01/2026,Yes,
CSV
for name in bare open_entries; do
    fmt=()
    [ "$name" = open_entries ] && fmt=(--format bc)
    run "$name" run --ledger "$tmp/$name.csv" "${fmt[@]}" --as-of "$AS_OF" \
        --out "$tmp/out/$name" --outputs aging
    [ "$rc" -eq 0 ] || bad "$name" "exit $rc: $(head -c 300 "$tmp/$name.err")"
done
grep -q 'warning: the ledger has no settlement information' "$tmp/bare.err" ||
    bad bare "no warning on stderr: $(head -c 300 "$tmp/bare.err")"
if grep -q 'settlement information' "$tmp/open_entries.err"; then
    bad open_entries "warned of no settlement information: $(cat "$tmp/open_entries.err")"
fi
"$PY" - "$tmp/out" "$AS_OF" <<'EOF' || fail=1
import json, sys
out, as_of = sys.argv[1:]
bad = False
def run(name):
    return json.load(open(f"{out}/{name}/{as_of}/run.json", encoding="utf-8"))
w = run("bare")["warnings"]
if not any("no settlement information" in x for x in w):
    print(f"FAIL exports_hostile bare: warnings {w}"); bad = True
j = run("open_entries")
# its ledger names no currency: that warning only
if [w for w in j["warnings"] if "has no code" not in w] \
        or j["totals_cents"]["open_ar"] != 15000 \
        or j["totals_cents"]["settled"] != 20000:
    print(f"FAIL exports_hostile open_entries: warnings {j['warnings']}, "
          f"totals {j['totals_cents']}"); bad = True
sys.exit(1 if bad else 0)
EOF

# ---- 1,000,000 rows: line items grouped, and a canonical ledger -------------
# Line items: documents of three lines repeating the total; every 10,000th
# document has a third line that disagrees (its three lines are rejected).
"$PY" - "$tmp" "$ROWS" <<'EOF' || bad generate "the generator failed"
import sys
tmp, n = sys.argv[1], int(sys.argv[2])
with open(f"{tmp}/lines.csv", "w") as w:
    w.write("Type,Invoice,Customer,Date,Due,Total,Line,Line amount\n")
    rows = doc = 0
    while rows < n:
        doc += 1
        m = doc % 12 + 1
        head = "Invoice,INV-%d,C%05d,2025-%02d-%02d,2025-%02d-28," % (
            doc, doc % 10007, m, doc % 28 + 1, m)
        total = "%d.%02d" % (1000 + doc % 9000, doc % 100)
        k = min(3, n - rows)
        for line in range(1, k + 1):
            t = "1.00" if line == 3 and doc % 10000 == 0 else total
            w.write("%s%s,%d,%d.00\n" % (head, t, line, line))
        rows += k
# canonical (SPEC §2.1): invoices, payments that apply to them, credits
with open(f"{tmp}/canonical.csv", "w") as w:
    w.write("doc_type,doc_no,client_id,doc_date,due_date,amount,currency,"
            "applies_to,settled_date,disputed\n")
    for i in range(n):
        c = i % 100003
        m = i % 12 + 1
        d = i % 28 + 1
        if i % 4 == 3:
            w.write("PAY,P%d,C%06d,2025-%02d-%02d,,%d.00,EUR,I%d,,\n" % (
                i, c, m, d, 10 + i % 500, i - 1))
        elif i % 20 == 5:
            w.write("CRN,K%d,C%06d,2025-%02d-%02d,,12.50,EUR,,,\n" % (
                i, c, m, d))
        else:
            w.write("INV,I%d,C%06d,2025-%02d-%02d,2025-%02d-28,%d.%02d,"
                    "EUR,,,%s\n" % (i, c, m, d, m, 100 + i % 900, i % 100,
                                    "Y" if i % 97 == 0 else "N"))
EOF
cat >"$tmp/lines.ini" <<'EOF'
[input]
group_lines = same
[columns]
doc_type = Type
doc_no = Invoice
client_id = Customer
doc_date = Date
due_date = Due
amount = Total
[doc_types]
Invoice = INV
EOF
# bad_docs: the documents whose lines disagree; docs: all of them
docs=$(((ROWS + 2) / 3))
bad_docs=$((docs / 10000))
if [ $((ROWS % 3)) -ne 0 ] && [ $((docs % 10000)) -eq 0 ]; then
    bad_docs=$((bad_docs - 1)) # the last, short document has no 3rd line
fi
$TIME -f '%e %M' -o "$tmp/lines.time" timeout -k 2 "$MAX_SECONDS" "$BIN" \
    run --ledger "$tmp/lines.csv" --policy "$tmp/lines.ini" \
    --as-of 2025-12-31 --out "$tmp/out/lines" --outputs aging --quiet \
    >/dev/null 2>"$tmp/lines.err"
rc=$?
read -r secs kb < <(tail -n 1 "$tmp/lines.time" 2>/dev/null) || { secs=-1 kb=-1; }
echo "exports_hostile: $ROWS rows of line items grouped (run): ${secs} s" \
    "${kb} KB"
want_rc=$([ "$bad_docs" -gt 0 ] && echo 1 || echo 0)
[ "$rc" -eq "$want_rc" ] || bad lines "exit $rc, expected $want_rc: $(tail -c \
    300 "$tmp/lines.err")"
if [ "${secs%.*}" -ge "$MAX_SECONDS" ] 2>/dev/null; then
    bad lines "took $secs s (limit $MAX_SECONDS)"
fi
[ "$kb" -le "$MAX_KB" ] 2>/dev/null || bad lines "used $kb KB (limit $MAX_KB)"
"$PY" - "$tmp/out/lines/2025-12-31" "$ROWS" "$docs" "$bad_docs" <<'EOF' ||
import json, sys
out, rows, docs, bad_docs = sys.argv[1], *map(int, sys.argv[2:5])
c = json.load(open(out + "/run.json", encoding="utf-8"))["counts"]
want = {"rows_read": rows, "rows_used": rows - 3 * bad_docs,
        "rows_rejected": 3 * bad_docs, "rows_skipped": 0,
        "open_items": docs - bad_docs}
got = {k: c[k] for k in want}
if got != want:
    print(f"FAIL exports_hostile lines: counts {got}, expected {want}")
    sys.exit(1)
reasons = c.get("rejects_by_reason", {})
if bad_docs and list(reasons.values()) != [3 * bad_docs]:
    print(f"FAIL exports_hostile lines: rejects_by_reason {reasons}")
    sys.exit(1)
EOF
    fail=1

$TIME -f '%e %M' -o "$tmp/canonical.time" timeout -k 2 "$MAX_SECONDS" \
    "$BIN" validate --ledger "$tmp/canonical.csv" >"$tmp/canonical.out" \
    2>"$tmp/canonical.err"
rc=$?
read -r secs kb < <(tail -n 1 "$tmp/canonical.time" 2>/dev/null) || { secs=-1 kb=-1; }
echo "exports_hostile: $ROWS-row canonical ledger (validate): ${secs} s" \
    "${kb} KB"
[ "$rc" -le 1 ] || bad canonical "exit $rc: $(tail -c 300 "$tmp/canonical.err")"
grep -q "^$tmp/canonical.csv: $ROWS rows read, $ROWS used, 0 rejected" \
    "$tmp/canonical.out" ||
    bad canonical "validate says: $(head -c 300 "$tmp/canonical.out")"

[ "$fail" -eq 0 ] && echo "exports_hostile: all cases passed"
exit "$fail"
