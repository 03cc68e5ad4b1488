#!/usr/bin/env bash
# The read-ahead reader (src/ingest/csv_reader.c): a ledger of 1 MiB or more is
# tokenised on a thread of its own and handed over in batches. Whatever the
# thread count, the same file gives the same rows, rejects (file, line,
# reason), counts, digest and messages: --jobs 1 reads on one thread and is
# the reference. The files cross many batch boundaries and hold what the
# reader must carry across them: quoted fields over several lines, CRLF,
# malformed quoting, wrong field counts, a 2 MB field, and file-level
# errors after thousands of good rows.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/arbatch
PY=/usr/bin/python3
AS_OF=2026-10-31

tmp=${KEEP_TMP:-$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)}
trap 'rm -rf "$tmp"' EXIT
fail=0 checks=0
check() { # name, then a command that succeeds when the property holds
    local name=$1
    shift
    checks=$((checks + 1))
    if ! "$@"; then
        echo "FAIL read_ahead: $name"
        fail=1
    fi
}

"$PY" - "$tmp" <<'PY'
import random, sys
out = sys.argv[1]
rnd = random.Random(7)
head = "doc_type,doc_no,client_id,doc_date,due_date,amount,currency,applies_to,settled_date,disputed\r\n"

def rows(n, name):
    lines = []
    for i in range(n):
        c = "C%05d" % rnd.randrange(3000)
        d = "2026-%02d-%02d" % (rnd.randrange(1, 11), rnd.randrange(1, 29))
        k = i % 997
        if k == 13:   # malformed quoting
            lines.append('INV,X%d,%s,%s,,1"0.00,EUR,,,N' % (i, c, d))
        elif k == 101:  # one field short
            lines.append("INV,X%d,%s,%s,,10.00,EUR,," % (i, c, d))
        elif k == 211:  # a quoted doc number over three lines
            lines.append('INV,"Q%d\r\nsecond\nthird",%s,%s,,12.34,EUR,,,N' % (i, c, d))
        elif k == 307:  # a bad date
            lines.append("INV,X%d,%s,2026-02-30,,10.00,EUR,,,N" % (i, c))
        elif k % 3 == 0:
            lines.append("PAY,P%d,%s,%s,,%d.%02d,EUR,I%d,,N"
                         % (i, c, d, rnd.randrange(1, 500), rnd.randrange(100), i - 3))
        else:
            lines.append("INV,I%d,%s,%s,,%d.%02d,EUR,,,%s"
                         % (i, c, d, rnd.randrange(1, 5000), rnd.randrange(100),
                            "Y" if k == 5 else "N"))
    return lines

body = rows(60000, "good")
# a 2 MB client name inside a quoted field, in the middle of the file
big = "INV,BIG1,C00001,2026-03-01,,99.00,EUR,,,N"
body.insert(30000, big.replace("C00001", '"C' + "x" * 2_000_000 + '"'))
open(out + "/good.csv", "w", newline="").write(head + "\r\n".join(body) + "\r\n")
# file-level errors after many batches: invalid UTF-8, then a NUL byte
raw = (head + "\r\n".join(body[:50000]) + "\r\n").encode()
open(out + "/utf8.csv", "wb").write(raw + b"INV,U1,C1,2026-01-01,,1.00,EUR,,,N\xff\r\n" + raw[len(head):])
# the physical line of the bad row: every CR LF, lone LF or lone CR ends one
open(out + "/bad_line", "w").write("%d\n" % (raw.count(b"\n") + 1))
open(out + "/nul.csv", "wb").write(raw + b"INV,U1,C1,2026-01-01,,1.00,EUR,,,\x00N\r\n")
# a large file the caller gives up on at once (no amount column)
open(out + "/nocol.csv", "w").write(head.replace("amount,", "sum,") + "\r\n".join(body) + "\r\n")
# no final newline, ending inside an unterminated quote
tail = (head + "\r\n".join(body[:40000]) + "\r\n").encode()
open(out + "/tail.csv", "wb").write(tail + b'INV,"T1,C1,2026-01-01,,1.00,EUR,,,N')
open(out + "/tail_line", "w").write("%d\n" % (tail.count(b"\n") + 1))
PY

# the thread only starts at 1 MiB: every file here is above that
for f in good utf8 nul nocol tail; do
    size=$(stat -c %s "$tmp/$f.csv")
    check "$f.csv is over 1 MiB ($size)" test "$size" -gt 1048576
done

for f in good utf8 nul nocol tail; do
    for j in 1 2 4; do
        "$BIN" validate --ledger "$tmp/$f.csv" --jobs "$j" \
            >"$tmp/$f.$j.out" 2>"$tmp/$f.$j.err"
        echo $? >"$tmp/$f.$j.rc"
        "$BIN" run --ledger "$tmp/$f.csv" --as-of "$AS_OF" \
            --out "$tmp/out-$f-$j" --outputs aging --quiet --jobs "$j" \
            >/dev/null 2>"$tmp/$f.$j.runerr"
        echo $? >"$tmp/$f.$j.runrc"
    done
    for j in 2 4; do
        check "$f: validate exit, --jobs $j = --jobs 1" \
            cmp -s "$tmp/$f.1.rc" "$tmp/$f.$j.rc"
        check "$f: validate report, --jobs $j = --jobs 1" \
            cmp -s "$tmp/$f.1.out" "$tmp/$f.$j.out"
        check "$f: validate messages, --jobs $j = --jobs 1" \
            cmp -s "$tmp/$f.1.err" "$tmp/$f.$j.err"
        check "$f: run exit, --jobs $j = --jobs 1" \
            cmp -s "$tmp/$f.1.runrc" "$tmp/$f.$j.runrc"
        check "$f: run messages, --jobs $j = --jobs 1" \
            cmp -s "$tmp/$f.1.runerr" "$tmp/$f.$j.runerr"
    done
done

# what the reference says is right, not only the same
check "good: exit 1 (rejects)" grep -qx 1 "$tmp/good.1.runrc"
set_dir() { echo "$tmp/out-$1-$2/$AS_OF"; }
for j in 2 4; do
    for f in rejects.csv aging.xlsx; do
        check "good: $f, --jobs $j = --jobs 1" \
            cmp -s "$(set_dir good 1)/$f" "$(set_dir good "$j")/$f"
    done
done
"$PY" - "$(set_dir good 2)" "$tmp/good.csv" >"$tmp/good.py" 2>&1 <<'PY'
import csv, hashlib, json, sys
csv.field_size_limit(1 << 30)
d, path = sys.argv[1], sys.argv[2]
run = json.load(open(d + "/run.json"))
c = run["counts"]
data = open(path, "rb").read()
assert hashlib.sha256(data).hexdigest() in json.dumps(run), "ledger digest"
# every record of the file is read, used or rejected: none dropped
records = list(csv.reader(open(path, newline="")))[1:]
assert c["rows_read"] == len(records), (c["rows_read"], len(records))
assert c["rows_read"] == c["rows_used"] + c["rows_rejected"]
# rows only: lines without a number are per-client notes (unknown client)
rej = [r for r in csv.DictReader(open(d + "/rejects.csv", encoding="utf-8-sig")) if r["line"]]
assert len(rej) == c["rows_rejected"], (len(rej), c["rows_rejected"])
reasons = sorted({r["reason"] for r in rej})
assert len(reasons) >= 3, reasons
# the rejects come in file order, and a line is a physical line
lines = [int(r["line"]) for r in rej]
assert lines == sorted(lines), "rejects out of order"
phys = data.split(b"\n")
for r in rej[:50]:
    ln = int(r["line"])
    assert phys[ln - 1].startswith(b"INV,X"), (ln, phys[ln - 1][:40])
print("ok", c["rows_read"], len(rej))
PY
check "good: counts, digest and reject lines hold ($(tail -1 "$tmp/good.py"))" \
    grep -q '^ok ' "$tmp/good.py"
check "utf8: refused with exit 3" grep -qx 3 "$tmp/utf8.1.rc"
bad_line=$(cat "$tmp/bad_line")
check "utf8: message names line $bad_line" \
    grep -q "utf8.csv:$bad_line: invalid UTF-8" "$tmp/utf8.1.err"
check "nul: message names line $bad_line" \
    grep -q "nul.csv:$bad_line: NUL byte" "$tmp/nul.1.err"
check "nocol: refused with exit 3" grep -qx 3 "$tmp/nocol.2.rc"
# (rejects.csv is for people: a quote after a delimiter inside a value
# gets the formula guard, SPEC §6)
check "tail: the unterminated last record is a reject" \
    grep -q ",$(cat "$tmp/tail_line"),,malformed CSV,\"INV,'\"\"T1," \
    "$(set_dir tail 2)/rejects.csv"
for f in utf8 nul nocol; do
    check "$f: no output set when refused" test ! -e "$(set_dir "$f" 2)"
done

if [ "$fail" -ne 0 ]; then
    echo "read_ahead: FAILED ($checks checks)"
    exit 1
fi
echo "read_ahead: $checks checks passed"
