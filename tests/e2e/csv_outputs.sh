#!/usr/bin/env bash
# csv_outputs.sh - the CSV files of a set for their two readers (SPEC §6;
# issue 22 items 2 and 3).
#
# Files for machines (history.csv, letters/manifest.csv,
# agency/placement.csv) carry hostile client ids and names exactly: read
# back with Python's csv module they equal the input. A second run fed the
# first run's history.csv recognises its letters for ids such as -100,
# =1+1 and @x and holds the next letter inside its wait.
#
# Files for people (actions.csv, rejects.csv, skipped.csv) never start a
# formula cell, whichever delimiter a spreadsheet splits them on: with ','
# and with ';' (German and French defaults), tab, and an importer that
# splits at every line end first. Checked by a Python importer that
# behaves as LibreOffice's (quotes honoured only at a cell start, blanks
# trimmed), and, when soffice is installed or ARBATCH_SLOW_TESTS is set
# (which installs it), by LibreOffice itself: each file imported with ','
# and with ';' as separator, formulas evaluated, 0 formula cells.
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ARBATCH_LAYOUTS=$PWD/layouts

"$PY" - "$tmp/in" <<'EOF'
import json, os, sys
out = sys.argv[1]
os.makedirs(out)
# ids that a formula guard would change, or that split on ';', tab or a
# line break, or that only differ by case
ids = ["-100", "=1+1", "@x", "+49 30 1234", "ACME;=cmd|' /C calc'!A0",
       "semi; -2+3", "a,b", 'quo"te', 'q;"=2+2', "line\n=3+3", "cr\r@SUM(A1)",
       "tab\t-4", "=", "-", "x;@y;+z", "ABC", "abc", "Müller-Straße"]
names = ["=HYPERLINK(\"http://evil.example\";\"x\")", "Acme;=1+1 GmbH",
         "semi;\"+1 555\"", "@Name", "-Minus AG", "Plain Name"]
def q(s):
    return '"' + s.replace('"', '""') + '"'
with open(os.path.join(out, "ledger.csv"), "w", encoding="utf-8",
          newline="") as f:
    # a title line above the header: skipped.csv lists its first field
    f.write(q("Report;@SUM(1)") + "\n")
    f.write("doc_type,doc_no,client_id,doc_date,due_date,amount,currency,"
            "applies_to,settled_date,disputed\n")
    for i, c in enumerate(ids):
        f.write(f"INV,{q('D' + str(i) + ';=' + str(i))},{q(c)},2026-06-01,"
                "2026-06-30,700.00,EUR,,,N\n")
    # rejected rows: the value column of rejects.csv
    f.write(f"INV,R1,C,2026-01-01,2026-01-31,{q('x;=1+2')},EUR,,,N\n")
    f.write(f"INV,R2,C,{q('@now' + chr(10) + '=9')},,1.00,EUR,,,N\n")
with open(os.path.join(out, "clients.csv"), "w", encoding="utf-8",
          newline="") as f:
    f.write("client_id,name,contact,address1,city,postal_code,country,"
            "email,phone\n")
    for i, c in enumerate(ids):
        f.write(",".join(q(v) for v in (
            c, names[i % len(names)], "=contact;-x", "1 Main St", "Berlin",
            "-10115", "DE", "a@b.example", "+49 30 1")) + "\n")
json.dump({"ids": ids, "names": names},
          open(os.path.join(out, "ids.json"), "w"))
EOF

# run NAME AS_OF ARGS...: the set in $tmp/NAME/AS_OF; exit 0 or 1 passes
run() {
    local name=$1 as_of=$2
    shift 2
    (cd "$tmp/in" && timeout -k 5 120 "$BIN" run --quiet \
        --ledger ledger.csv --clients clients.csv --as-of "$as_of" \
        --out "$tmp/$name" "$@" >"$tmp/$name.log" 2>&1)
    local rc=$?
    if [ "$rc" -gt 1 ] || [ ! -d "$tmp/$name/$as_of" ]; then
        echo "FAIL csv_outputs: $name: exit $rc: $(tail -c 600 "$tmp/$name.log")"
        exit 1
    fi
}
run first 2026-10-31
# every client placed at once, for placement.csv (this is about the file,
# not the rule; a placed client gets no letter in the run that places it)
printf '[actions]\nagency_requires_letter = no\n' >"$tmp/in/policy.ini"
run placed 2026-10-31 --policy policy.ini
# three days later: every letter of the first run is inside its wait
run second 2026-11-03 --history "$tmp/first/2026-10-31/history.csv"

# LibreOffice, when asked for: installed here only with ARBATCH_SLOW_TESTS
if ! command -v soffice >/dev/null 2>&1 && [ -n "${ARBATCH_SLOW_TESTS:-}" ]; then
    echo "csv_outputs: installing LibreOffice Calc (ARBATCH_SLOW_TESTS)"
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install \
        -y -q --no-install-recommends libreoffice-calc-nogui) \
        >"$tmp/apt.log" 2>&1 ||
        { echo "FAIL csv_outputs: cannot install LibreOffice:" \
               "$(tail -5 "$tmp/apt.log")"; exit 1; }
fi

"$PY" - "$tmp" <<'EOF'
import csv, glob, io, json, os, re, shutil, subprocess, sys

tmp = sys.argv[1]
first, second = (os.path.join(tmp, "first", "2026-10-31"),
                 os.path.join(tmp, "second", "2026-11-03"))
given = json.load(open(os.path.join(tmp, "in", "ids.json")))
ids, names = given["ids"], given["names"]
# a control character cannot be printed: those clients get no letter
# (rejects.csv says so), so only the others are in the letters' files
lettered = [c for c in ids if not any(ch in c for ch in "\r\n\t")]
failed = False
def bad(msg):
    global failed
    failed = True
    print("FAIL csv_outputs:", msg)

def rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))

# ---- machines: every value exactly ----------------------------------------
machine = {"history.csv": ("client_id", None),
           "letters/manifest.csv": ("client_id", "name"),
           "agency/placement.csv": ("debtor_id", "debtor_name")}
placed = os.path.join(tmp, "placed", "2026-10-31")
for rel, (idcol, namecol) in machine.items():
    path = os.path.join(placed if rel.startswith("agency") else first, rel)
    if not os.path.exists(path):
        bad(f"{rel}: not written")
        continue
    got = [r for r in rows(path) if r.get("record_type", "debtor") == "debtor"]
    seen = {r[idcol] for r in got}
    for c in (ids if rel.startswith("agency") else lettered):
        if c not in seen:
            near = [s for s in seen if s.strip("'") == c.strip("'")]
            bad(f"{rel}: client {c!r} does not read back"
                f"{' (written as ' + repr(near[0]) + ')' if near else ''}")
    if namecol:
        byid = {r[idcol]: r[namecol] for r in got}
        for i, c in enumerate(ids):
            if c in byid and byid[c] != names[i % len(names)]:
                bad(f"{rel}: name of {c!r} reads back as {byid[c]!r}")

# ---- the second run recognises the first run's letters ---------------------
man2 = os.path.join(second, "letters", "manifest.csv")
# (as written, or with the ' a formula guard puts before it)
again = {r["client_id"].removeprefix("'") for r in rows(man2)} \
    if os.path.exists(man2) else set()
for c in ("-100", "=1+1", "@x", "+49 30 1234", "=", "-"):
    if c in again:
        bad(f"client {c!r}: a second letter 3 days after the first "
            "(its history row not recognised)")
run2 = json.load(open(os.path.join(second, "run.json")))
if sum(run2["counts"]["letters"].values()) != 0:
    bad(f"second run sent {run2['counts']['letters']} letters inside the "
        "wait of the first run's")
hist2 = [r["client_id"] for r in rows(os.path.join(second, "history.csv"))]
for c in lettered:
    if hist2.count(c) != 1:
        bad(f"second history.csv: {c!r} {hist2.count(c)} times, not once")

# ---- people: the guard, as SPEC §6 defines it (an independent copy) --------
SPLIT, FORMULA = ",;\t\r\n", "=+-@"
def guarded(s):
    out, cell = [], True
    for i, ch in enumerate(s):
        if cell and (ch in FORMULA or (i == 0 and ch in "\t\r") or
                     (i > 0 and ch == '"')):
            out.append("'")
            cell = ch in SPLIT
        elif ch in SPLIT:
            cell = True
        elif ch != " ":
            cell = False
        out.append(ch)
    return "".join(out)

people = ["actions.csv", "rejects.csv", "skipped.csv"]
act = rows(os.path.join(first, "actions.csv"))
seen = {r["client_id"] for r in act}
for c in ids:
    if guarded(c) not in seen:
        bad(f"actions.csv: client {c!r} is not written as {guarded(c)!r}")
rej = {r["value"] for r in rows(os.path.join(first, "rejects.csv"))}
for v in ("x;=1+2", "@now\n=9"):
    if guarded(v) not in rej:
        bad(f"rejects.csv: value {v!r} is not written as {guarded(v)!r}")
skp = {r["first_field"] for r in rows(os.path.join(first, "skipped.csv"))}
if guarded("Report;@SUM(1)") not in skp:
    bad(f"skipped.csv: the title line is not written as "
        f"{guarded('Report;@SUM(1)')!r}: {skp}")

# An importer as LibreOffice's: a quote opens a quoted value only at a
# cell start; separators split everywhere else; every line end ends a row
# outside quotes (split_lines: at every line end, quoted or not); blanks
# around a cell are trimmed. A cell is a formula when it starts with
# = + - @ and is not a number.
NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")
def cells(text, seps, split_lines):
    out, cell, i, n, start = [], [], 0, len(text), True
    def end_cell():
        out.append("".join(cell).strip(" "))
        cell.clear()
    while i < n:
        ch = text[i]
        if start and ch == " ":
            i += 1
            continue
        if start and ch == '"':
            i += 1
            while i < n:
                if text[i] == '"' and i + 1 < n and text[i + 1] == '"':
                    cell.append('"'); i += 2
                elif text[i] == '"':
                    i += 1
                    break
                elif split_lines and text[i] in "\r\n":
                    break
                else:
                    cell.append(text[i]); i += 1
            start = False
            continue
        if ch in seps or ch in "\r\n":
            end_cell()
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            start = True
            i += 1
            continue
        cell.append(ch)
        start = False
        i += 1
    end_cell()
    return out

def formulas(text, seps, split_lines):
    return [c for c in cells(text, seps, split_lines)
            if c[:1] in ("=", "+", "-", "@") and not NUMBER.fullmatch(c)]

for rel in people:
    text = open(os.path.join(first, rel), encoding="utf-8", newline="").read()
    for seps in (",", ";", "\t", ";\t", ",;\t"):
        for split_lines in (False, True):
            f = formulas(text, seps, split_lines)
            if f:
                bad(f"{rel} split on {seps!r}"
                    f"{' and every line end' if split_lines else ''}: "
                    f"{len(f)} formula cells, such as {f[0]!r}")

# ---- LibreOffice itself -----------------------------------------------------
soffice = shutil.which("soffice")
if not soffice:
    print("csv_outputs: soffice not installed: LibreOffice import checked "
          "by the Python importer only (ARBATCH_SLOW_TESTS=1 installs it)")
else:
    import openpyxl
    lo = os.path.join(tmp, "lo")
    os.makedirs(lo)
    for sep, code in ((",", 44), (";", 59)):
        srcs = []
        for rel in people:
            src = os.path.join(lo, f"{os.path.basename(rel)[:-4]}-{code}.csv")
            shutil.copy(os.path.join(first, rel), src)
            srcs.append((rel, src))
        # CSV filter options: separator, quote ("), UTF-8, from line 1,
        # no column formats, default language, quoted fields not forced
        # to text, special numbers detected, -, -, spaces trimmed, -,
        # formulas evaluated
        opts = f"{code},34,76,1,,0,false,true,false,false,true,false,true"
        r = subprocess.run(
            [soffice, "--headless", "--norestore",
             f"-env:UserInstallation=file://{lo}/profile",
             f"--infilter=CSV:{opts}", "--convert-to", "xlsx",
             "--outdir", lo] + [src for _, src in srcs],
            capture_output=True, text=True, timeout=300)
        for rel, src in srcs:
            book = src[:-4] + ".xlsx"
            if not os.path.exists(book):
                bad(f"LibreOffice did not import {rel}: {r.stderr[-300:]}")
                continue
            wb = openpyxl.load_workbook(book)
            n = sum(1 for ws in wb.worksheets for row in ws.iter_rows()
                    for c in row if c.data_type == "f")
            if n:
                bad(f"LibreOffice, {rel} with {sep!r} as separator: {n} "
                    "formula cells")
            else:
                print(f"csv_outputs: LibreOffice, {rel} split on {sep!r}: "
                      "0 formula cells")
sys.exit(1 if failed else 0)
EOF
[ $? -eq 0 ] || { echo "csv_outputs: FAILED"; exit 1; }
echo "csv_outputs: passed"
