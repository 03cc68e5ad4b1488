#!/usr/bin/env bash
# messages.sh - nothing from an input file or the command line reaches the
# terminal as a control character (issue 22 item 9): ESC (a colour, an
# OSC title, a cursor move), BEL, CR (which rewrites the line), C1
# controls, bidirectional overrides and bytes that are not UTF-8 are
# written as \xNN in every message, on stderr and on stdout: rejected rows,
# a file that cannot be opened, a policy error, a usage error, a missing
# column, validate's summary and inspect's.
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ARBATCH_LAYOUTS=$PWD/layouts
cd "$tmp" || exit 1

ESC=$'\033'
# a ledger with a rejected row in each way a value can carry control text
{
    printf 'doc_type,doc_no,client_id,doc_date,due_date,amount,currency,'
    printf 'applies_to,settled_date,disputed\n'
    printf 'INV,A-1,A,2026-06-01,2026-06-30,100.00,EUR,,,N\n'
    printf 'INV,A-2,A,2026-06-01,2026-06-30,"%s]0;pwned\a%s[31m",EUR,,,N\n' \
        "$ESC" "$ESC"
    printf 'INV,A-3,A,"2026\r-06-01",,1.00,EUR,,,N\n'
    printf 'INV,A-4,A,2026-06-01,,"\xc2\x9b2J",EUR,,,N\n'
    printf 'INV,A-5,A,2026-06-01,,"\xe2\x80\xaeevil",EUR,,,N\n'
} >ledger.csv
printf 'client_id,name\nA,A GmbH\n' >clients.csv
printf 'client_id,nam%s[2Je\nA,A\n' "$ESC" >badclients.csv
printf '[dunning]\npay_within_days = 3%s[31m\n' "$ESC" >policy.ini

# each case: the arguments; every one writes a message
n=0
case_() {
    n=$((n + 1))
    timeout -k 5 60 "$BIN" "$@" >"out$n" 2>"err$n"
    echo $? >"rc$n"
}
case_ run --quiet --ledger ledger.csv --clients clients.csv \
    --as-of 2026-10-31 --out out
case_ run --ledger "no${ESC}]0;x"$'\a'"such.csv" --as-of 2026-10-31 --out out
case_ run --ledger ledger.csv --policy policy.ini --as-of 2026-10-31 --out out
case_ run --ledger ledger.csv --as-of 2026-10-31 --out out "--x${ESC}[31m"
case_ run --ledger ledger.csv --clients badclients.csv --as-of 2026-10-31 \
    --out out
cp ledger.csv "led${ESC}[1mger"$'\xff'".csv"
case_ validate --ledger "led${ESC}[1mger"$'\xff'".csv"
# inspect: a file it can say nothing usable of, a policy name with ESC
printf 'Kunde;Betrag;Datum\nM;1,00;x\n' >"un${ESC}[2Jknown.csv"
case_ inspect --ledger "un${ESC}[2Jknown.csv" --write-policy "p${ESC}[31m.ini"

"$PY" - "$n" <<'EOF'
import re, sys
n = int(sys.argv[1])
failed = False
RAW = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|"
                 rb"\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
for i in range(1, n + 1):
    for stream in ("out", "err"):
        data = open(f"{stream}{i}", "rb").read()
        m = RAW.search(data)
        if m:
            failed = True
            line = data[:m.start()].count(b"\n")
            print(f"FAIL messages: case {i}, std{stream}: raw control "
                  f"character {m.group()!r} on line {line + 1}: "
                  f"{data.splitlines()[line][:160]!r}")
    text = (open(f"out{i}", "rb").read() + open(f"err{i}", "rb").read())
    if not text.strip():
        failed = True
        print(f"FAIL messages: case {i}: no message at all")
# what the cases must show, escaped
want = {1: [rb"\x1b]0;pwned\x07\x1b[31m", rb"2026\x0d-06-01", rb"\xc2\x9b2J",
            rb"\xe2\x80\xaeevil"],
        2: [rb"no\x1b]0;x\x07such.csv"], 3: [rb"3\x1b[31m"],
        4: [rb"\x1b[31m"], 5: [rb"badclients.csv:1: required column"],
        6: [rb"led\x1b[1mger\xff.csv"],
        7: [rb"un\x1b[2Jknown.csv", rb"no policy written to p\x1b[31m.ini"]}
for i, parts in want.items():
    text = open(f"out{i}", "rb").read() + open(f"err{i}", "rb").read()
    for p in parts:
        if p not in text:
            failed = True
            print(f"FAIL messages: case {i}: {p.decode()!r} not in "
                  f"{text[-300:]!r}")
sys.exit(1 if failed else 0)
EOF
[ $? -eq 0 ] || { echo "messages: FAILED"; exit 1; }
echo "messages: passed"
