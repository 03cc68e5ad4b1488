#!/usr/bin/env bash
# agency.sh - the collections-agency packet and the actions list end to end
# (SPEC §3.4, §6, §8.13-§8.16; issue 7), on samples/ and on
# tests/fixtures/agency (hostile client ids ../../x, /etc/passwd, CON, a/b
# beside a_b, a formula as a name, an emoji the fonts lack, a client with
# no contact data, one missing from the clients file, a second currency,
# a history row dated after the close):
#  - placement.csv rows = run.json counts.agency_placements = the agency
#    rows of actions.csv, same clients in the same order; the VIP C1002 is
#    on the account-manager list and not placed;
#  - every statement PDF: its "Open items total" and "Overdue balance
#    placed" (pdftotext) equal the placement row's open_amount and
#    overdue_balance, its items total line too; "Page x of y" agrees with
#    pdfinfo; pdffonts shows every font embedded;
#  - placement.xlsx read back with openpyxl equals placement.csv cell by
#    cell (text as text, never a formula), and its Items sheet adds up to
#    each row's open amount;
#  - hostile ids give one file each, directly in agency/, all different,
#    and nothing is written outside the output set;
#  - a second run (other thread count, time zone) gives identical bytes.
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
FX=tests/fixtures/agency

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
    echo "FAIL agency: $*"
    fail=1
}

# run OUT ARGS...: exit 0 or 1 expected
run() {
    local out=$1
    shift
    "$BIN" run "$@" --as-of 2026-10-31 --out "$out" --quiet \
        2>"$tmp/err"
    local rc=$?
    if [ "$rc" -gt 1 ]; then
        bad "run into $out: exit $rc: $(head -c 400 "$tmp/err")"
        return 1
    fi
}

SAMPLE=(--ledger samples/ledger.csv --clients samples/clients.csv
    --costs samples/costs.csv --history samples/history.csv)
run "$tmp/s1" "${SAMPLE[@]}" --jobs 1 || exit 1
TZ=Pacific/Kiritimati run "$tmp/s2" "${SAMPLE[@]}" --jobs 3 || exit 1
mkdir -p "$tmp/sandbox/a/b"
run "$tmp/sandbox/a/b/out" --ledger "$FX/ledger.csv" \
    --clients "$FX/clients.csv" --history "$FX/history.csv" \
    --outputs agency || exit 1

"$PY" - "$tmp" <<'EOF' || fail=1
import csv, datetime, decimal, json, os, re, subprocess, sys
import openpyxl

tmp = sys.argv[1]
failures = []


def bad(msg):
    failures.append(msg)
    print("FAIL agency: " + msg)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def money(text):
    """'€1,234.56', '-€50.00', '1,234.56 USD' -> Decimal"""
    m = re.search(r"(-?)[^0-9-]*([0-9][0-9,]*\.[0-9]{2})", text)
    if not m:
        return None
    return decimal.Decimal(m.group(1) + m.group(2).replace(",", ""))


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"],
                          capture_output=True, text=True).stdout


def amount_on(text, label):
    for line in text.splitlines():
        if line.strip().startswith(label):
            return money(line.strip()[len(label):].split()[-1])
    return None


def check_set(top, label):
    """The checks every output set gets; returns (placement rows, text of
    each statement by client id)."""
    agency = os.path.join(top, "agency")
    run = json.load(open(os.path.join(top, "run.json"), encoding="utf-8"))
    rows = read_csv(os.path.join(agency, "placement.csv"))
    actions = read_csv(os.path.join(top, "actions.csv"))
    placed_actions = [r for r in actions if r["action"] == "agency"]
    n = run["counts"]["agency_placements"]
    if not (len(rows) == n == len(placed_actions)):
        bad(f"{label}: placement.csv {len(rows)} rows, run.json {n}, "
            f"actions.csv {len(placed_actions)} agency rows")
    if [r["client_id"] for r in rows] != \
            [r["client_id"] for r in placed_actions]:
        bad(f"{label}: placement.csv and the agency rows of actions.csv "
            "list other clients or another order")
    for r, a in zip(rows, placed_actions):
        for k in ("overdue_balance", "days_past_due", "currency"):
            if r[k] != a[k]:
                bad(f"{label}: {r['client_id']}: {k} {r[k]} in placement.csv,"
                    f" {a[k]} in actions.csv")
    prios = [int(a["priority"]) for a in actions]
    if prios != list(range(1, len(actions) + 1)):
        bad(f"{label}: actions.csv priorities are not 1..{len(actions)}")
    order = ["legal", "agency", "account_manager", "suspend", "call"]
    kinds = [order.index(a["action"]) for a in actions]
    if kinds != sorted(kinds):
        bad(f"{label}: actions.csv is not grouped legal, agency, "
            "account_manager, suspend, call")

    # one statement per row, named as the row says, and nothing else; a
    # statement with a character the fonts lack is held back as a letter
    # is (#22 item 11), counted in run.json
    files = sorted(f for f in os.listdir(agency) if f.endswith(".pdf"))
    named = sorted(r["statement_file"] for r in rows)
    held = run.get("statements_held", 0)
    if not set(files) <= set(named) or len(files) + held != len(named):
        bad(f"{label}: statements {files} and {held} held but placement.csv "
            f"names {named}")
    if len(set(named)) != len(named):
        bad(f"{label}: two placements share a statement file")
    others = set(os.listdir(agency)) - set(files) - {"placement.csv",
                                                     "placement.xlsx"}
    if others:
        bad(f"{label}: unexpected files in agency/: {sorted(others)}")

    texts = {}
    for r in rows:
        path = os.path.join(agency, r["statement_file"])
        if not os.path.isfile(path):
            continue
        text = pdf_text(path)
        texts[r["client_id"]] = text
        cid = r["client_id"]
        want_open = decimal.Decimal(r["open_amount"])
        got = amount_on(text, "Open items total")
        if got != want_open:
            bad(f"{label}: {cid}: statement 'Open items total' {got}, "
                f"placement open_amount {want_open}")
        got = amount_on(text, "Overdue balance placed")
        if got != decimal.Decimal(r["overdue_balance"]):
            bad(f"{label}: {cid}: statement overdue balance {got}, placement "
                f"{r['overdue_balance']}")
        m = re.search(r"^\s*Total, (\d+) items?\s.*\s(\S+)\s*$", text, re.M)
        if not m or money(m.group(2)) != want_open or \
                m.group(1) != r["open_items"]:
            bad(f"{label}: {cid}: the items total line does not show "
                f"{r['open_items']} items and {want_open}")
        info = subprocess.run(["pdfinfo", path], capture_output=True,
                              text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        marks = re.findall(r"Page (\d+) of (\d+)", text)
        if [(int(a), int(b)) for a, b in marks] != \
                [(k, pages) for k in range(1, pages + 1)]:
            bad(f"{label}: {cid}: page marks {marks}, pdfinfo {pages} pages")
        fonts = subprocess.run(["pdffonts", path], capture_output=True,
                               text=True).stdout.splitlines()[2:]
        if not fonts:
            bad(f"{label}: {cid}: no fonts")
        for line in fonts:
            cols = line.split()
            if len(cols) < 5 or cols[-5] != "yes":
                bad(f"{label}: {cid}: font not embedded: {line}")

    # the workbook equals the CSV, cell by cell
    wb = openpyxl.load_workbook(os.path.join(agency, "placement.xlsx"))
    if wb.sheetnames != ["Accounts", "Items", "Payments", "Letters"]:
        bad(f"{label}: placement.xlsx sheets {wb.sheetnames}")
    ws = wb["Accounts"]
    grid = [[c for c in row] for row in ws.iter_rows()]
    head = [c.value for c in grid[0]]
    with open(os.path.join(agency, "placement.csv"), newline="",
              encoding="utf-8") as f:
        raw = list(csv.reader(f))
    if head != raw[0]:
        bad(f"{label}: workbook header {head} != CSV header {raw[0]}")
    if len(grid) != len(raw):
        bad(f"{label}: workbook {len(grid) - 1} rows, CSV {len(raw) - 1}")
    for cells, line in zip(grid[1:], raw[1:]):
        for name, c, s in zip(head, cells, line):
            v = c.value
            if c.data_type == "f":
                bad(f"{label}: {name} {v!r} is a formula")
            if v is None:
                ok = s == ""
            elif isinstance(v, datetime.datetime):
                ok = v.date().isoformat() == s
            elif isinstance(v, (int, float)):
                ok = s != "" and abs(decimal.Decimal(s) -
                                     decimal.Decimal(repr(v))) < \
                    decimal.Decimal("0.005")
            else:
                # SPEC §6: placement.csv is for machines, every value exact
                ok = v == s
            if not ok:
                bad(f"{label}: {line[0]}: {name}: workbook {v!r}, CSV {s!r}")
    # every open item of every placed account, adding up to its row
    items = {}
    for row in wb["Items"].iter_rows(min_row=2, values_only=True):
        cid, cur, open_ = row[0], row[2], row[9]
        items.setdefault(cid, []).append((cur, open_))
    for r in rows:
        lst = items.get(r["client_id"], [])
        prim = [o for c, o in lst if (c or "") == r["currency"]]
        if len(prim) != int(r["open_items"]):
            bad(f"{label}: {r['client_id']}: {len(prim)} items on the Items "
                f"sheet, open_items {r['open_items']}")
        total = sum(decimal.Decimal(repr(o)).quantize(
            decimal.Decimal("0.01")) for o in prim)
        if total != decimal.Decimal(r["open_amount"]):
            bad(f"{label}: {r['client_id']}: Items sheet sums to {total}, "
                f"open_amount {r['open_amount']}")
    return rows, texts, actions


# ---- samples ---------------------------------------------------------------
s1 = os.path.join(tmp, "s1", "2026-10-31")
rows, texts, actions = check_set(s1, "samples")
ids = [r["client_id"] for r in rows]
if "C1002" in ids:
    bad("samples: the VIP C1002 is placed")
if not any(a["client_id"] == "C1002" and a["action"] == "account_manager"
           for a in actions):
    bad("samples: C1002 is not on the account-manager list")
for want in ("C1008", "C1009", "C1011", "C1021", "C1901"):
    if want not in ids:
        bad(f"samples: {want} is not placed")
for gone in ("C1007", "C1010", "C1016"):
    if gone in ids:
        bad(f"samples: {gone} is placed")
byid = {r["client_id"]: r for r in rows}
if "C1901" in byid and byid["C1901"]["no_contact_data"] != "Y":
    bad("samples: C1901 (not in the clients file) is not flagged")
if "C1011" in byid and byid["C1011"]["legal_candidate"] != "Y":
    bad("samples: C1011 is not a legal candidate")
if "C1011" in texts and "requires legal approval" not in \
        " ".join(texts["C1011"].split()).lower():
    bad("samples: C1011's statement does not say it needs legal approval")

# the same bytes from a second run (3 threads, another time zone)
a2 = os.path.join(tmp, "s2", "2026-10-31", "agency")
for f in sorted(os.listdir(os.path.join(s1, "agency"))):
    x = open(os.path.join(s1, "agency", f), "rb").read()
    y = open(os.path.join(a2, f), "rb").read() \
        if os.path.exists(os.path.join(a2, f)) else None
    if x != y:
        bad(f"samples: agency/{f} differs between two runs")

def run_json(top):
    return json.load(open(os.path.join(top, "run.json"), encoding="utf-8"))


# ---- the hostile fixture -----------------------------------------------------
top = os.path.join(tmp, "sandbox", "a", "b", "out", "2026-10-31")
rows, texts, actions = check_set(top, "fixture")
byid = {r["client_id"]: r for r in rows}
want = {"../../x", "/etc/passwd", "CON", "a/b", "a_b", "LONG", "U1", "C"}
if set(byid) != want:
    bad(f"fixture: placed {sorted(byid)}, expected {sorted(want)}")
if "VIP1" in byid:
    bad("fixture: the VIP is placed")
for root, dirs, files in os.walk(tmp):
    for n in dirs + files:
        rel = os.path.relpath(os.path.join(root, n), tmp)
        if rel.startswith(("s1", "s2", "err")) or rel in (
                "sandbox", "sandbox/a", "sandbox/a/b", "sandbox/a/b/out"):
            continue
        if not rel.startswith("sandbox/a/b/out/2026-10-31"):
            bad(f"fixture: a file outside the output set: {rel}")
flags = {"../../x": "N", "/etc/passwd": "Y", "CON": "N", "a/b": "N",
         "a_b": "N", "LONG": "N", "U1": "Y", "C": "Y"}
for cid, flag in flags.items():
    if cid in byid and byid[cid]["no_contact_data"] != flag:
        bad(f"fixture: {cid}: no_contact_data {byid[cid]['no_contact_data']}"
            f", expected {flag}")
if "CON" in byid:
    r = byid["CON"]
    if r["legal_candidate"] != "Y" or r["letters_sent"] != "1":
        bad(f"fixture: CON: legal {r['legal_candidate']}, letters "
            f"{r['letters_sent']} (the history row after the close counts)")
if "a_b" in byid and byid["a_b"]["name"] != "=HYPERLINK(\"http://x\",\"y\")":
    bad(f"fixture: a_b's name is written as {byid['a_b']['name']!r}")
if "LONG" in byid:
    r = byid["LONG"]
    t = " ".join(texts.get("LONG", "").split())
    if "USD 100.00" not in t or r["other_currencies"] != "USD 100.00":
        bad("fixture: LONG's USD item is not listed apart")
# #22 item 11: an emoji the fonts cannot print holds C's statement back
# (never a '?'), the account is placed with its exact name
if "C" in byid:
    r = byid["C"]
    if "\U0001F600" not in r["name"]:
        bad("fixture: C's exact name is not in placement.csv")
    if os.path.exists(os.path.join(top, "agency", r["statement_file"])):
        bad("fixture: C's statement was written with a character the "
            "fonts lack")
    rej = read_csv(os.path.join(top, "rejects.csv"))
    if not any(x["column"] == "name" and "\U0001F600" in x["value"] and
               x["reason"] == "character not in the letter fonts"
               for x in rej):
        bad("fixture: C's held statement is not in rejects.csv")
if run_json(top).get("statements_held") != 1:
    bad("fixture: run.json does not count the held statement")

sys.exit(1 if failures else 0)
EOF

if [ "$fail" -ne 0 ]; then
    echo "agency: FAILED"
    exit 1
fi
echo "agency: ok"
