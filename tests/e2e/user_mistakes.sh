#!/usr/bin/env bash
# Mistakes a new user makes, found by trying arbatch as one: each must get
# a message that says what happened and what to do.
#  - an as-of date a year off (or before the ledger) runs, with a warning
#    on stderr and in run.json;
#  - letters asked for where the letter layouts are not found: refused
#    before the ledger is read, saying how to point arbatch at them (an
#    aging-only run needs none);
#  - --proof says where it wrote (DIR/<as-of>-proof), not the live set;
#  - client ids with other leading zeros than the clients file's: a hint
#    to set client_id_strip_zeros;
#  - no command: the list of commands names inspect;
#  - a client without a postal address, or a ledger without a currency
#    code: its letter is held back as a reject naming the file, line and
#    column, never printed for a mailing house that cannot deliver it;
#  - the bundled letterhead's example IBAN: a warning while letters go
#    out, until it is replaced;
#  - a rerun given its own output history: a warning;
#  - a date format that is not the export's (most dates invalid): a
#    warning that names inspect;
#  - a client with a rejected ledger row: no letter, no placement, and
#    its actions say why;
#  - another system's export run without --format: the preset named;
#  - an open-balance export run as of another date than its title says:
#    a warning.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
cd "$ROOT" || exit 1
BIN="$ROOT/${BUILD:-build}/arbatch"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
bad() { echo "FAIL user_mistakes: $*"; fails=$((fails + 1)); }
PY=/usr/bin/python3
has() { grep -qF -- "$2" "$1" || bad "$3: no \"$2\" in: $(head -c 400 "$1")"; }

S="$ROOT/samples"
# 1. the as-of date far from the ledger
"$BIN" run --ledger "$S/ledger.csv" --clients "$S/clients.csv" \
    --as-of 2036-10-31 --out "$tmp/far" --outputs aging --quiet \
    2>"$tmp/far.err"
rc=$?
[ "$rc" -le 1 ] || bad "far as-of: exit $rc"
has "$tmp/far.err" "warning: the as-of date 2036-10-31 is" "far as-of"
has "$tmp/far.err" "check --as-of" "far as-of"
/usr/bin/python3 - "$tmp/far/2036-10-31/run.json" <<'EOF' || bad "far as-of: run.json warnings"
import json, sys
w = json.load(open(sys.argv[1]))["warnings"]
sys.exit(0 if any("as-of date 2036-10-31" in x for x in w) else 1)
EOF
"$BIN" run --ledger "$S/ledger.csv" --as-of 2020-10-31 --out "$tmp/early" \
    --outputs aging --quiet 2>"$tmp/early.err"
has "$tmp/early.err" "before the ledger's first document" "early as-of"
# a close date with the documents says nothing
"$BIN" run --ledger "$S/ledger.csv" --as-of 2026-10-31 --out "$tmp/ok" \
    --outputs aging --quiet 2>"$tmp/ok.err"
grep -q "as-of date" "$tmp/ok.err" && bad "a usual as-of date warned"

# 2. letters where the layouts are not found: a copy of the binary with
# no layouts/ beside its directory, run from elsewhere
mkdir -p "$tmp/elsewhere" "$tmp/bin"
cp "$BIN" "$tmp/bin/arbatch"
(cd "$tmp/elsewhere" && ARBATCH_LAYOUTS= "$tmp/bin/arbatch" run --ledger "$S/ledger.csv" \
    --as-of 2026-10-31 --out "$tmp/nolayouts" --quiet 2>"$tmp/nolay.err")
rc=$?
[ "$rc" -eq 3 ] || bad "layouts not found: exit $rc, expected 3"
has "$tmp/nolay.err" "ARBATCH_LAYOUTS" "layouts not found"
has "$tmp/nolay.err" "--outputs aging,kpi" "layouts not found"
[ -e "$tmp/nolayouts/2026-10-31" ] && bad "layouts not found: a set was written"
(cd "$tmp/elsewhere" && ARBATCH_LAYOUTS= "$tmp/bin/arbatch" run --ledger "$S/ledger.csv" \
    --as-of 2026-10-31 --out "$tmp/agingonly" --outputs aging,kpi --quiet \
    2>/dev/null)
[ -f "$tmp/agingonly/2026-10-31/aging.xlsx" ] ||
    bad "an aging-only run away from layouts/ wrote no workbook"
# the checkout's own build/arbatch, run from elsewhere, finds the layouts
# beside the build directory
if [ -f "$(dirname "$BIN")/../layouts/letterhead.txt" ]; then
    (cd "$tmp/elsewhere" && ARBATCH_LAYOUTS= "$BIN" run --ledger "$S/ledger.csv" \
        --clients "$S/clients.csv" --as-of 2026-10-31 --out "$tmp/beside" \
        --outputs letters --quiet 2>/dev/null)
    [ -n "$(find "$tmp/beside" -name '*.pdf' 2>/dev/null | head -1)" ] ||
        bad "build/arbatch run from elsewhere did not find the layouts beside it"
fi

# 3. --proof names the proof set
"$BIN" run --ledger "$S/ledger.csv" --clients "$S/clients.csv" \
    --as-of 2026-10-31 --out "$tmp/proof" --proof 2>"$tmp/proof.err"
has "$tmp/proof.err" "2026-10-31-proof" "--proof"
has "$tmp/proof.err" "the live set is untouched" "--proof"

# 4. leading zeros
printf 'doc_type,doc_no,client_id,doc_date,due_date,amount\nINV,1,0000100010,2026-09-01,2026-09-15,100.00\nINV,2,0000100020,2026-09-01,2026-09-15,50.00\n' >"$tmp/z.csv"
printf 'client_id,name,address1,city,postal_code,country\n100010,Alpha,Street 1,Berlin,10115,DE\n' >"$tmp/zc.csv"
"$BIN" run --ledger "$tmp/z.csv" --clients "$tmp/zc.csv" --as-of 2026-10-31 \
    --out "$tmp/zo" --outputs aging --quiet 2>"$tmp/z.err"
has "$tmp/z.err" "1 of them are in the clients file with other leading zeros" \
    "leading zeros"
has "$tmp/z.err" "client_id_strip_zeros = yes" "leading zeros"

# 5. no command
"$BIN" 2>"$tmp/none.err"
has "$tmp/none.err" "inspect" "no command"

# 6. letters that cannot be mailed
printf 'doc_type,doc_no,client_id,doc_date,due_date,amount,currency\nINV,1,C1,2026-09-01,2026-09-15,100.00,GBP\nINV,2,C2,2026-09-01,2026-09-15,50.00,GBP\nINV,3,C3,2026-09-01,2026-09-15,70.00,GBP\n' >"$tmp/m.csv"
printf 'client_id,name,address1,city,postal_code,country\nC1,No Address Ltd,,,,GB\nC2,No Town Ltd,1 High Street,,,GB\nC3,Full Ltd,2 Low Street,Leeds,LS1 1AA,GB\n' >"$tmp/mc.csv"
"$BIN" run --ledger "$tmp/m.csv" --clients "$tmp/mc.csv" --as-of 2026-10-31 \
    --out "$tmp/mo" --outputs letters --quiet 2>"$tmp/m.err"
rc=$?
[ "$rc" -eq 1 ] || bad "unmailable letters: exit $rc, expected 1"
has "$tmp/m.err" "mc.csv:2: column 'address1': letter cannot be mailed \"C1\"" \
    "no address"
has "$tmp/m.err" "mc.csv:3: column 'city': letter cannot be mailed \"C2\"" \
    "no city"
letters=$(find "$tmp/mo/2026-10-31/letters" -name 'C*.pdf' -printf '%f ')
[ "$letters" = "C3.pdf " ] && [ "$(wc -l <"$tmp/mo/2026-10-31/rejects.csv")" -eq 3 ] ||
    bad "unmailable letters: letters $letters, rejects $(cat "$tmp/mo/2026-10-31/rejects.csv")"
# no currency anywhere: held until base_currency names it
cut -d, -f1-6 "$tmp/m.csv" >"$tmp/nc.csv"
"$BIN" run --ledger "$tmp/nc.csv" --clients "$tmp/mc.csv" --as-of 2026-10-31 \
    --out "$tmp/nco" --outputs letters --quiet 2>"$tmp/nc.err"
has "$tmp/nc.err" "nc.csv:4: column 'currency': letter cannot be mailed \"C3\"" \
    "no currency"
has "$tmp/nc.err" "base_currency" "no currency"
has "$tmp/nc.err" "warning: the base currency has no code" "no currency"
[ -z "$(find "$tmp/nco" -name C3.pdf)" ] || bad "a letter without currency went out"
printf '[general]\nbase_currency = GBP\n' >"$tmp/gbp.ini"
"$BIN" run --ledger "$tmp/nc.csv" --clients "$tmp/mc.csv" --as-of 2026-10-31 \
    --policy "$tmp/gbp.ini" --out "$tmp/gbp" --outputs letters --quiet 2>/dev/null
c3=$(find "$tmp/gbp" -name C3.pdf | head -1)
[ -n "$c3" ] && pdftotext "$c3" - 2>/dev/null | grep -q "£70.00" ||
    bad "base_currency: the letter of C3 shows no £70.00"

# held letters are in no manifest, history row or run.json letter count
"$PY" - "$tmp/mo/2026-10-31" <<'EOF' || bad "unmailable letters: counted as written"
import csv, json, sys
d = sys.argv[1]
man = [r["client_id"] for r in csv.DictReader(open(f"{d}/letters/manifest.csv"))]
hist = [r["client_id"] for r in csv.DictReader(open(f"{d}/history.csv"))]
letters = sum(json.load(open(f"{d}/run.json"))["counts"]["letters"].values())
held = json.load(open(f"{d}/run.json"))["counts"]["rejects_by_reason"]
ok = man == ["C3"] and hist == ["C3"] and letters == 1 and \
    held.get("letter cannot be mailed") == 2
print(f"manifest {man}, history {hist}, letters {letters}, {held}")
sys.exit(0 if ok else 1)
EOF
# an address from the ledger's own columns: named on the ledger line
printf 'doc_type,doc_no,client_id,doc_date,due_date,amount,currency,name,address1,city,postal_code,country\nINV,1,C1,2026-09-01,2026-09-15,100.00,EUR,One Ltd,1 High St,,,GB\nINV,2,C2,2026-09-01,2026-09-15,50.00,EUR,Two Ltd,2 Low St,Leeds,LS1 1AA,GB\n' \
    >"$tmp/la.csv"
printf '[columns]\nname = name\naddress1 = address1\ncity = city\npostal_code = postal_code\ncountry = country\n' \
    >"$tmp/la.ini"
"$BIN" run --ledger "$tmp/la.csv" --policy "$tmp/la.ini" --as-of 2026-10-31 \
    --out "$tmp/lao" --outputs letters --quiet 2>"$tmp/la.err"
has "$tmp/la.err" "la.csv:2: column 'city': letter cannot be mailed \"C1\"" \
    "address from the ledger"
[ "$(find "$tmp/lao" -name 'C*.pdf' -printf '%f ')" = "C2.pdf " ] ||
    bad "address from the ledger: letters $(find "$tmp/lao" -name 'C*.pdf')"
# one client's item without a currency after its disputed EUR item: the
# line named is the item without one
printf 'doc_type,doc_no,client_id,doc_date,due_date,amount,currency,disputed\nINV,1,C2,2026-09-01,2026-09-15,10.00,,\nINV,2,C1,2026-08-01,2026-08-15,20.00,EUR,yes\nINV,3,C1,2026-09-01,2026-09-15,30.00,,\n' \
    >"$tmp/mix.csv"
printf 'client_id,name,address1,city,postal_code,country\nC1,One Ltd,1 High St,Leeds,LS1 1AA,GB\nC2,Two Ltd,2 Low St,Leeds,LS1 1AA,GB\n' \
    >"$tmp/mc2.csv"
"$BIN" run --ledger "$tmp/mix.csv" --clients "$tmp/mc2.csv" --as-of 2026-10-31 \
    --out "$tmp/mixo" --outputs letters --quiet 2>"$tmp/mix.err"
has "$tmp/mix.err" "mix.csv:4: column 'currency': letter cannot be mailed \"C1\"" \
    "mixed currencies"

# 7. the bundled letterhead's bank details are a published example IBAN:
# said on stderr and in run.json; a letterhead with the user's own is not
"$BIN" run --ledger "$tmp/m.csv" --clients "$tmp/mc.csv" --as-of 2026-10-31 \
    --out "$tmp/sample" --outputs letters --quiet 2>"$tmp/sample.err"
has "$tmp/sample.err" "warning: the letterhead's EUR bank account is a published example IBAN" \
    "sample bank details"
grep -q "published example IBAN" "$tmp/sample/2026-10-31/run.json" ||
    bad "sample bank details: not in run.json warnings"
cp -r "${ARBATCH_LAYOUTS:-layouts}" "$tmp/own"
sed -i 's/^iban_EUR:.*/iban_EUR: de19 4805 0161 0043 7192 01/; s/^iban_GBP:.*/iban_GBP: GB51 LOYD 3096 3318 4639 21/' \
    "$tmp/own/letterhead.txt"
ARBATCH_LAYOUTS="$tmp/own" "$BIN" run --ledger "$tmp/m.csv" --clients "$tmp/mc.csv" \
    --as-of 2026-10-31 --out "$tmp/own-out" --outputs letters --quiet \
    2>"$tmp/own.err"
grep -q "example IBAN" "$tmp/own.err" "$tmp/own-out/2026-10-31/run.json" &&
    bad "own bank details: warned of a sample IBAN"
[ -n "$(find "$tmp/own-out" -name C3.pdf)" ] ||
    bad "own bank details: no letter written with the copied layouts"

# no letter written, no warning about the accounts they would show
"$BIN" run --ledger "$tmp/m.csv" --clients "$tmp/mc.csv" --as-of 2026-10-31 \
    --out "$tmp/noletters" --outputs aging --quiet 2>"$tmp/noletters.err"
grep -q "example IBAN" "$tmp/noletters.err" &&
    bad "sample bank details: warned on a run without letters"

# 8. a rerun given its own output history: every letter would wait
"$BIN" run --ledger "$tmp/m.csv" --clients "$tmp/mc.csv" \
    --history "$tmp/sample/2026-10-31/history.csv" --as-of 2026-10-31 \
    --out "$tmp/rerun" --outputs aging --quiet 2>"$tmp/rerun.err"
has "$tmp/rerun.err" "warning: the history holds 1 letters of a run as of 2026-10-31, this run's as-of date" \
    "rerun with its own history"
grep -q "history holds 1 letters" "$tmp/rerun/2026-10-31/run.json" ||
    bad "rerun with its own history: not in run.json warnings"
"$BIN" run --ledger "$tmp/m.csv" --clients "$tmp/mc.csv" \
    --history "$tmp/sample/2026-10-31/history.csv" --as-of 2026-11-30 \
    --out "$tmp/next" --outputs aging --quiet 2>"$tmp/next.err"
grep -q "history holds" "$tmp/next.err" &&
    bad "next month with last month's history: warned of a rerun"

# 9. US dates read as day/month: most rows rejected, the others swapped
{
    echo "doc_type,doc_no,client_id,doc_date,due_date,amount,currency"
    for i in 1 2 3 4 5; do
        echo "INV,$i,C3,09/1$i/2026,09/2$i/2026,10.00,GBP"
    done
    echo "INV,6,C3,10/05/2026,10/06/2026,10.00,GBP"
} >"$tmp/us.csv"
printf '[input]\ndate_format = %%d/%%m/%%Y\n' >"$tmp/dmy.ini"
"$BIN" run --ledger "$tmp/us.csv" --clients "$tmp/mc.csv" --policy "$tmp/dmy.ini" \
    --as-of 2026-10-31 --out "$tmp/us" --outputs aging --quiet 2>"$tmp/us.err"
has "$tmp/us.err" "warning: 5 of 6 rows have an invalid date: the date format is most likely not the export's" \
    "date format"
grep -q "5 of 6 rows have an invalid date" "$tmp/us/2026-10-31/run.json" ||
    bad "date format: not in run.json warnings"
# one bad date among many is a typo, not a format
"$BIN" run --ledger "$S/ledger.csv" --as-of 2026-10-31 --out "$tmp/one" \
    --outputs aging --quiet 2>"$tmp/one.err"
grep -q "invalid date: the date format" "$tmp/one.err" &&
    bad "date format: warned on the samples"

# 10. one payment row with a bad date: C1045 would look unpaid (a formal
# demand, the agency, legal); a client with a rejected row gets no letter
# and no placement, and its actions say why
sed 's/^PAY,PAY-2026-0091,C1045,2026-09-10,/PAY,PAY-2026-0091,C1045,10.09.2026,/' \
    "$S/ledger.csv" >"$tmp/onebad.csv"
cmp -s "$S/ledger.csv" "$tmp/onebad.csv" && bad "rejected row: the fixture did not change"
"$BIN" run --ledger "$tmp/onebad.csv" --clients "$S/clients.csv" \
    --history "$S/history.csv" --costs "$S/costs.csv" --as-of 2026-10-31 \
    --out "$tmp/onebad" --quiet 2>"$tmp/onebad.err"
"$PY" - "$tmp/onebad/2026-10-31" <<'EOF' || bad "rejected row: C1045 still dunned"
import csv, json, os, sys
d = sys.argv[1]
j = json.load(open(f"{d}/run.json"))
files = [f for _, _, fs in os.walk(f"{d}/letters") for f in fs]
placed = {r["debtor_id"] for r in csv.DictReader(open(f"{d}/agency/placement.csv"))}
notes = [r["note"] for r in csv.DictReader(open(f"{d}/actions.csv",
                                                encoding="utf-8-sig"))
         if r["client_id"] == "C1045"]
ok = not any(f.startswith("C1045.") for f in files) and \
    "C1045" not in placed and \
    j["letters_held"].get("a ledger row of the client was rejected") == 1 and \
    j["counts"]["agency_held"].get("rejected_rows") == 1 and \
    notes and all("rejected" in n for n in notes)
print(f"letters {[f for f in files if 'C1045' in f]}, placed {'C1045' in placed}, "
      f"held {j['letters_held']}, notes {notes}")
sys.exit(0 if ok else 1)
EOF

# an export of another system run without --format: refused (exit 3),
# naming the preset that reads it; a file no preset reads gets no
# suggestion
for f in sap-fbl5n/fbl5n_all_items.csv quickbooks/AR_Aging_Detail.csv; do
    preset=${f%%/*}
    "$BIN" run --ledger "$ROOT/tests/fixtures/exports/$f" --as-of 2026-03-31 \
        --out "$tmp/nofmt" --quiet 2>"$tmp/nofmt.err"
    rc=$?
    [ "$rc" = 3 ] || bad "$preset export without --format: exit $rc"
    has "$tmp/nofmt.err" "it reads as an export of $preset: add --format $preset" \
        "$preset export without --format"
done
"$BIN" run --ledger "$S/clients.csv" --as-of 2026-03-31 --out "$tmp/nofmt" \
    --quiet 2>"$tmp/nofmt.err"
grep -q "it reads as an export" "$tmp/nofmt.err" &&
    bad "a clients file given as the ledger: a preset suggested"
# the wrong --format: the one that reads it is named; our own layout
# given a --format: leave it out
"$BIN" run --ledger "$ROOT/tests/fixtures/exports/xero/SalesInvoices.csv" \
    --format quickbooks --as-of 2026-10-31 --out "$tmp/nofmt" --quiet 2>"$tmp/nofmt.err"
[ $? = 3 ] || bad "a Xero export read as quickbooks: exit not 3"
has "$tmp/nofmt.err" "it reads as an export of xero, not of quickbooks: use --format xero" \
    "a Xero export read as quickbooks"
"$BIN" run --ledger "$S/ledger.csv" --format xero --as-of 2026-10-31 \
    --out "$tmp/nofmt" --quiet 2>"$tmp/nofmt.err"
has "$tmp/nofmt.err" "it reads as arbatch's own layout, not as an export of xero: leave out --format" \
    "our own layout read as xero"
echo "  an export run without --format or with the wrong one: the preset that reads it is named"

# an open-balance export (QuickBooks, "As of October 31, 2026" in its
# title) run as of a month later: a warning, in run.json too; as of its
# own date: none
QB="$ROOT/tests/fixtures/exports/quickbooks/AR_Aging_Detail.csv"
for day in 2026-11-30 2026-10-31; do
    "$BIN" run --format quickbooks --ledger "$QB" --as-of $day \
        --out "$tmp/qb" --quiet 2>"$tmp/qb.err"
    [ $? -le 1 ] || bad "quickbooks as of $day: exit $?"
    if [ $day = 2026-11-30 ]; then
        has "$tmp/qb.err" "the export's title says \"As of October 31, 2026\" (line 3), this run is as of 2026-11-30" \
            "an open-balance export run a month after its date"
        grep -q "title says" "$tmp/qb/$day/run.json" ||
            bad "the export-date warning is not in run.json"
    elif grep -q "title says" "$tmp/qb.err"; then
        bad "quickbooks as of its own date: a warning"
    fi
done
echo "  an open-balance export run as of another date than its title's: a warning"
# its letters: no address in the export and no clients file, so every
# letter due is held as one that cannot be mailed; run.json counts them,
# and every client with a stage (aging.xlsx, Summary) is a letter sent or
# a hold counted once
/usr/bin/python3 - "$tmp/qb/2026-10-31" <<'PY' || bad "quickbooks: the held letters are not all counted"
import csv, json, sys
import openpyxl
d = sys.argv[1]
run = json.load(open(d + "/run.json"))
held = run["letters_held"]
unmailable = sum(1 for r in csv.DictReader(open(d + "/rejects.csv", encoding="utf-8-sig"))
                 if r["reason"] == "letter cannot be mailed")
assert unmailable > 0 and held["letter cannot be mailed"] == unmailable, (held, unmailable)
staged = set()  # a client on two currencies' sheets counts once
for ws in openpyxl.load_workbook(d + "/aging.xlsx", read_only=True).worksheets:
    if ws.title.startswith("Summary"):
        rows = list(ws.iter_rows(values_only=True))
        head = next(i for i, r in enumerate(rows) if r[:1] == ("Client ID",))
        for r in rows[head + 1:]:
            if r[0] is None:
                break
            if isinstance(r[4], int) and r[4] > 0:
                staged.add(r[0])
sent = sum(run["counts"]["letters"].values())
assert staged and sent + sum(held.values()) == len(staged), (sent, held, staged)
PY
has "$tmp/qb.err" "letter of stage" "quickbooks: the held letters on stderr"
has "$tmp/qb.err" "give a clients file with it (--clients), or name the export's address columns" \
    "quickbooks: a letter held for its address says where one comes from"
# with a clients file that lacks them, the advice is not to give one
"$BIN" run --format quickbooks --ledger "$QB" --clients "$S/clients.csv" \
    --as-of 2026-10-31 --out "$tmp/qbc" --quiet 2>"$tmp/qbc.err"
has "$tmp/qbc.err" "letter of stage 5 held back; add the client with its address to the clients file" \
    "quickbooks with a clients file: a letter held for its address says to add the client"
grep -q "give a clients file" "$tmp/qbc.err" &&
    bad "quickbooks with a clients file: told to give a clients file"
echo "  an export without addresses: every letter due is held, counted, and says where an address comes from"

# a typo in a small file's name, and the ledger given as the history or
# clients file: the message is about that file, with no word of the base
# currency (not decided yet) nor a --format (the ledger has its layout)
"$BIN" run --ledger "$S/ledger.csv" --clients "$S/client.csv" --as-of 2026-10-31 \
    --out "$tmp/typo" --quiet 2>"$tmp/typo.err"
[ $? = 3 ] || bad "a clients file that is not there: exit not 3"
has "$tmp/typo.err" "client.csv: cannot open" "a clients file that is not there"
grep -q "base currency" "$tmp/typo.err" &&
    bad "a clients file that is not there: a base-currency warning: $(cat "$tmp/typo.err")"
for role in history clients; do
    "$BIN" run --ledger "$S/ledger.csv" --$role "$S/ledger.csv" --as-of 2026-10-31 \
        --out "$tmp/typo" --quiet 2>"$tmp/typo.err"
    [ $? = 3 ] || bad "the ledger as the $role file: exit not 3"
    grep -q "export of\|base currency" "$tmp/typo.err" &&
        bad "the ledger as the $role file: $(cat "$tmp/typo.err")"
done
echo "  a small file mistyped or mixed up: its own message only"

# a close date years off on exports whose open amounts settle on the
# export date (Business Central, Odoo): the documents date the ledger,
# not the settlements made on the as-of date, so the typo is noticed
for f in bc/customer_ledger_entries.csv odoo/journal_items_receivable.csv; do
    preset=${f%%/*}
    "$BIN" run --format $preset --ledger "$ROOT/tests/fixtures/exports/$f" \
        --as-of 2029-10-31 --out "$tmp/far" --quiet 2>"$tmp/far.err"
    [ $? -le 1 ] || bad "$preset as of 2029-10-31: exit not 0 or 1"
    has "$tmp/far.err" "the as-of date 2029-10-31 is" "$preset as of 2029-10-31"
    grep -q "days after the ledger's last document (2026-" "$tmp/far.err" ||
        bad "$preset as of 2029-10-31: the last document is not a 2026 one: $(cat "$tmp/far.err")"
done
echo "  an export with open amounts run years after its documents: a warning"

# amounts written with a decimal comma under the default decimal point:
# each reject says the key that reads them; one that reads either way
# not at all gets no such hint
printf 'doc_type,doc_no,client_id,doc_date,due_date,amount,currency\nINV,A1,C1,2026-09-01,2026-09-30,"1.234,56",EUR\nINV,A2,C1,2026-09-01,2026-09-30,12x,EUR\nINV,A3,C1,2026-09-01,2026-09-30,"1,2345",EUR\n' >"$tmp/comma.csv"
"$BIN" validate --ledger "$tmp/comma.csv" >/dev/null 2>"$tmp/comma.err"
has "$tmp/comma.err" 'comma.csv:2: column '"'"'amount'"'"': invalid amount "1.234,56": expected an amount such as 1234.56 with at most two decimals (decimal mark '"'"'.'"'"'); it reads with a decimal comma: set [input] decimal_mark = , in a --policy file' \
    "a decimal-comma amount"
grep ':3: ' "$tmp/comma.err" | grep -q "decimal comma" && bad "12x: a decimal-comma hint"
# four decimals read with neither mark (our layout does not round): no
# hint towards a key that rejects it too
grep ':4: ' "$tmp/comma.err" | grep -q "decimal comma" && bad "1,2345: a decimal-comma hint"
echo "  amounts with a decimal comma: the reject names decimal_mark"

[ "$fails" -eq 0 ] && echo "user_mistakes: ok"
[ "$fails" -eq 0 ]
