#!/usr/bin/env bash
# Injection and paths (SPEC §5, §6; issue 8 item 6): client text that looks
# like a formula is never a workbook formula; the CSV files for people
# prefix text cells starting with = + - @ tab or CR with ' (OWASP CSV
# injection) while numbers stay numbers, and the files for machines carry
# the text exactly (csv_outputs.sh checks both further); client ids never
# form a path outside the output set and two clients never share a file.
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
AS_OF=2026-10-31

# on a tmpfs when there is one: a run ends with syncfs, which on a busy
# disk waits for everyone's writes
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Inputs: every client is known, 123 days past due with 700.00 open, so
# each gets a letter, a call, a suspension and an agency placement.
"$PY" - "$tmp/in" <<'EOF'
import os, sys
out = sys.argv[1]
os.makedirs(out)
formulas = ['=HYPERLINK("http://evil.example","click")', "+1 555 0100",
            "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=2+2", "=cmd|' /C calc'!A0",
            "-12.50", "+49", "=1"]
paths = ["../../../evil", "/etc/evil", "a/b", "a_b", "a:b", "a\\b", "..",
         ".", ".hidden", "-rf", "con", "CON.txt", "x" * 300,
         "x" * 300 + "y", "line\nbreak", "Łódź-Süd", "id with space", "a*?<>|"]
ids = formulas + paths
def q(s):
    return '"' + s.replace('"', '""') + '"'
with open(os.path.join(out, "ledger.csv"), "w", encoding="utf-8") as f:
    f.write("doc_type,doc_no,client_id,doc_date,due_date,amount,currency,"
            "applies_to,settled_date,disputed\n")
    for i, c in enumerate(ids):
        f.write(f"INV,{q(formulas[i % len(formulas)] + '#' + str(i))},{q(c)},"
                "2026-06-01,2026-06-30,700.00,EUR,,,N\n")
        f.write(f"INV,{q('@D' + str(i))},{q(c)},2026-07-01,2026-07-31,"
                "\"1,200.00\",EUR,,,N\n")
    # rejected rows carrying formula text in the value column
    f.write(f"INV,R1,C,2026-01-01,2026-01-31,{q('=1+2')},EUR,,,N\n")
    f.write(f"INV,R2,C,{q('@now')},,1.00,EUR,,,N\n")
    f.write(f"INV,R3,C,2026-01-01,,1.00,EUR,,,{q('+yes')}\n")
with open(os.path.join(out, "clients.csv"), "w", encoding="utf-8") as f:
    f.write("client_id,name,contact,address1,address2,city,region,"
            "postal_code,country,email,phone,account_manager\n")
    for i, c in enumerate(ids):
        n = formulas[i % len(formulas)]
        f.write(",".join(q(v) for v in (
            c, n, "=contact", "+1 Main St", "@floor", "-city", "=region",
            "-12345", "DE", "=mail@evil.example", "+49 30 1234", "@manager"))
            + "\n")
with open(os.path.join(out, "history.csv"), "w", encoding="utf-8") as f:
    f.write("run_date,client_id,stage,doc_nos,amount\n")
    f.write(f"2026-01-31,{q(formulas[0])},1,{q('=evil()')},10.00\n")
with open(os.path.join(out, "costs.csv"), "w", encoding="utf-8") as f:
    f.write("date,client_id,action,cost,doc_no,note\n")
    f.write(f"2026-10-01,{q(formulas[1])},{q('=agency')},12.00,,{q('@note')}\n")
with open(os.path.join(out, "ids.txt"), "w", encoding="utf-8") as f:
    for c in ids:
        f.write(c.replace("\n", "\\n").replace("\r", "\\r") + "\n")
EOF

# The output set goes two levels down, in an otherwise empty sandbox: a
# path that climbs out of the set lands somewhere it can be seen.
sandbox=$tmp/sandbox
mkdir -p "$sandbox/a/b"
# (run from the sandbox's parent: relative input paths, layouts by path)
export ARBATCH_LAYOUTS=$PWD/layouts
(cd "$tmp" && timeout -k 5 120 "$BIN" run --ledger in/ledger.csv \
    --clients in/clients.csv --history in/history.csv --costs in/costs.csv \
    --as-of "$AS_OF" --out "$sandbox/a/b/out" >/dev/null 2>"$tmp/err")
rc=$?
if grep -Eq 'runtime error:|AddressSanitizer|LeakSanitizer' "$tmp/err"; then
    echo "FAIL injection: sanitizer report:" \
        "$(grep -Em1 'runtime error:|Sanitizer' "$tmp/err")"
    exit 1
fi
if [ "$rc" -ne 1 ]; then
    echo "FAIL injection: exit $rc, expected 1 (three rejected rows):" \
        "$(tail -c 600 "$tmp/err")"
    exit 1
fi

"$PY" - "$sandbox" "$sandbox/a/b/out/$AS_OF" "$tmp" <<'EOF'
import csv, json, os, re, sys
import openpyxl

sandbox, top, tmp = sys.argv[1:]
failed = False
def bad(msg):
    global failed
    failed = True
    print("FAIL injection:", msg)

# ---- paths -------------------------------------------------------------
for root, dirs, files in os.walk(sandbox):
    for n in dirs + files:
        p = os.path.join(root, n)
        if os.path.islink(p):
            bad(f"symlink in the output: {p}")
        rel = os.path.relpath(p, sandbox)
        if not (rel in ("a", "a/b", "a/b/out") or
                rel.startswith("a/b/out/" + os.path.basename(top))):
            bad(f"a file outside the output set: {rel}")
for n in os.listdir(tmp):
    if n not in ("in", "sandbox", "err"):
        bad(f"a file beside the job: {n}")
allowed_top = {"aging.xlsx", "kpi.xlsx", "letters", "agency", "actions.csv",
               "rejects.csv", "skipped.csv", "history.csv", "run.json"}
for n in os.listdir(top):
    if n not in allowed_top:
        bad(f"unexpected entry at the top of the set: {n!r}")

run = json.load(open(os.path.join(top, "run.json"), encoding="utf-8"))
ids = [l.rstrip("\n").replace("\\n", "\n").replace("\\r", "\r")
       for l in open(os.path.join(tmp, "in", "ids.txt"), encoding="utf-8")]
if run["counts"]["clients"] != len(ids):
    bad(f"run.json counts {run['counts']['clients']} clients, "
        f"the ledger has {len(ids)} (ids merged?)")

def pdfs(d):
    out = []
    for root, dirs, files in os.walk(d):
        for f in files:
            if not f.endswith(".pdf") and not (root == d and f in (
                    "manifest.csv", "placement.csv", "placement.xlsx")):
                bad(f"unexpected file {os.path.join(root, f)}")
            out.append(os.path.join(root, f))
    return out

letters = os.path.join(top, "letters")
want = sum(run["counts"]["letters"].values())
if os.path.isdir(letters):
    files = [p for p in pdfs(letters)
             if re.fullmatch(r"[1-5]", os.path.basename(os.path.dirname(p)))]
    for p in files:
        if os.path.dirname(os.path.dirname(p)) != letters:
            bad(f"letter outside letters/<stage>/: {p}")
    if len(files) != want:
        bad(f"{len(files)} letter files for {want} letters (names collide?)")
else:
    print(f"injection: note: no letters/ in the set yet ({want} letters)")
agency = os.path.join(top, "agency")
if os.path.isdir(agency):
    files = [p for p in pdfs(agency) if p.endswith(".pdf")]
    n = run["counts"]["agency_placements"]
    # #22 item 11: a statement with a character the fonts lack is held
    if len(files) + run.get("statements_held", 0) != n:
        bad(f"{len(files)} agency statements and "
            f"{run.get('statements_held')} held for {n} placements")
else:
    print("injection: note: no agency/ in the set yet")

# ---- CSV ------------------------------------------------------------
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
NUMERIC_HEAD = re.compile(r"(^|_)(line|priority|score|stage|days|amount|"
                          r"balance|cents|pages|sequence|cost|open|original|"
                          r"due|total)(_|$)")
# SPEC §6: the files for machines carry every value exactly
MACHINES = ("history.csv", "letters/manifest.csv", "agency/placement.csv")
def check_csv(path):
    rel = os.path.relpath(path, top)
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    cells = 0
    for row in rows[1:]:
        for name, v in zip(head, row):
            cells += 1
            if rel not in MACHINES and \
                    v[:1] in ("=", "+", "-", "@", "\t", "\r") and \
                    not NUMBER.fullmatch(v):
                bad(f"{rel}: column {name}: {v!r} would run as a formula")
            if NUMERIC_HEAD.search(name) and v and not NUMBER.fullmatch(v) \
                    and not re.search(r"date|doc_nos|items", name):
                bad(f"{rel}: column {name}: {v!r} is not a number")
    return rows

def column(rows, name):
    i = rows[0].index(name)
    return [r[i] for r in rows[1:]]

csvs = [os.path.join(r, f) for r, _, fs in os.walk(top) for f in fs
        if f.endswith(".csv")]
for p in csvs:
    check_csv(p)
# the guard of the files for people (SPEC §6; csv_field.h): a ' before a
# formula start at the start and after a delimiter or line break inside
def guarded(s):
    out, cell = [], True
    for i, ch in enumerate(s):
        if cell and (ch in "=+-@" or (i == 0 and ch in "\t\r") or
                     (i > 0 and ch == '"')):
            out.append("'")
            cell = ch in ",;\t\r\n"
        elif ch in ",;\t\r\n":
            cell = True
        elif ch != " ":
            cell = False
        out.append(ch)
    return "".join(out)

actions = check_csv(os.path.join(top, "actions.csv"))
got = set(column(actions, "client_id"))
for c in ids[:10]:
    c = c.strip(" \t")  # the ingest trims blanks and tabs (SPEC §2)
    if guarded(c) not in got:
        bad(f"actions.csv: client {c!r} is not written as {guarded(c)!r}")
rejects = check_csv(os.path.join(top, "rejects.csv"))
vals = column(rejects, "value")
for v in ("=1+2", "@now", "+yes"):
    if "'" + v not in vals:
        bad(f"rejects.csv: value {v!r} is not written as '{v}")
history = check_csv(os.path.join(top, "history.csv"))
if "=evil()" not in column(history, "doc_nos"):
    bad("history.csv: doc_nos '=evil()' of the history input not carried "
        "exactly")
if ids[0] not in column(history, "client_id"):
    bad(f"history.csv: client {ids[0]!r} not carried exactly")

# ---- workbooks ---------------------------------------------------------
texts = set(ids) | {l for l in open(os.path.join(tmp, "in", "clients.csv"),
                                     encoding="utf-8")}
markers = ("HYPERLINK", "cmd|", "SUM(A1:A9)", "evil", "555", "1+1", "2+2")
books = [os.path.join(r, f) for r, _, fs in os.walk(top) for f in fs
         if f.endswith(".xlsx")]
if not books:
    bad("no workbook in the set")
seen = set()
for p in books:
    rel = os.path.relpath(p, top)
    wb = openpyxl.load_workbook(p)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if cell.data_type == "f" or (isinstance(v, str) and
                                             cell.data_type != "s"):
                    if any(m in str(v) for m in markers):
                        bad(f"{rel} {ws.title}!{cell.coordinate}: client "
                            f"text became a formula: {v!r}")
                elif isinstance(v, str):
                    seen.add(v)
# the hostile names are in the workbooks, as text
if "aging.xlsx" in [os.path.basename(b) for b in books]:
    for v in ('=HYPERLINK("http://evil.example","click")', "@SUM(A1:A9)"):
        if not any(v in s for s in seen):
            bad(f"aging.xlsx: {v!r} is not in any text cell")
sys.exit(1 if failed else 0)
EOF
[ $? -eq 0 ] || { echo "injection: FAILED"; exit 1; }
echo "injection: passed"
