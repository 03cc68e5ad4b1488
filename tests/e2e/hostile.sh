#!/usr/bin/env bash
# Hostile inputs (SPEC §1, §2.1, §8; issue 8 item 1): every case of
# tests/hostile/expected.tsv ends with its exit code and a message naming
# the file (and the line), never a crash, a hang or a sanitizer report; a
# refused input (exit 3) leaves no output set; an accepted one leaves a set
# whose counts reconcile and where no row is dropped silently.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/arbatch
PY=/usr/bin/python3
AS_OF=2026-10-31
TIMEOUT=${HOSTILE_TIMEOUT:-60}

# on a tmpfs when there is one: a run ends with syncfs, which on a busy
# disk waits for everyone's writes
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PY" tests/hostile/gen.py "$tmp/in" || { echo "hostile: gen.py failed"; exit 1; }

fail=0
bad() {
    echo "FAIL hostile $1: $2"
    fail=1
}

: >"$tmp/sets.tsv"
cases=0
while IFS= read -r row; do
    case $row in '#'* | case$'\t'*) continue ;; esac
    # a non-blank separator keeps empty fields (IFS=tab would merge them)
    IFS=$'\x1f' read -r name ledger clients code re rd us rj checks \
        <<<"${row//$'\t'/$'\x1f'}"
    cases=$((cases + 1))
    limit=$TIMEOUT
    # an endless device must be refused at once; a reader that buffers it
    # grows by about 300 MB a second, so stop it early
    [[ $ledger == /dev/* ]] && limit=5
    [[ $ledger == /* ]] || ledger=$tmp/in/$ledger
    args=(run --ledger "$ledger" --as-of "$AS_OF" --out "$tmp/out/$name")
    case $clients in
    -) ;;
    =) args+=(--clients tests/hostile/clients.csv) ;;
    *) args+=(--clients "$tmp/in/$clients") ;;
    esac
    err=$tmp/$name.err
    timeout -k 2 "$limit" "$BIN" "${args[@]}" >/dev/null 2>"$err"
    rc=$?
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        bad "$name" "hang: killed after ${limit}s"
        continue
    fi
    if [ "$rc" -ge 128 ]; then
        bad "$name" "crash: signal $((rc - 128)); $(tail -n 3 "$err")"
        continue
    fi
    if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:' "$err"; then
        bad "$name" "sanitizer: $(grep -Em1 'Sanitizer|runtime error' "$err")"
    fi
    if [ "$rc" -ne "$code" ]; then
        bad "$name" "exit $rc, expected $code; stderr: $(head -c 300 "$err")"
        continue
    fi
    if [ -n "$re" ] && ! grep -Eq -- "$re" "$err"; then
        bad "$name" "stderr does not match /$re/: $(head -c 300 "$err")"
    fi
    if [ "$code" -ne 0 ] && ! grep -q '^arbatch: ' "$err"; then
        bad "$name" "exit $code without a message"
    fi
    leftovers=$(find "$tmp/out/$name" -maxdepth 1 -name ".$AS_OF.*" \
        2>/dev/null)
    [ -z "$leftovers" ] || bad "$name" "temporary directory left: $leftovers"
    if [ "$code" -eq 3 ]; then
        [ ! -e "$tmp/out/$name/$AS_OF" ] ||
            bad "$name" "refused input left an output set"
    else
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" \
            "$tmp/out/$name/$AS_OF" "$ledger" "$rd" "$us" "$rj" "$checks" \
            >>"$tmp/sets.tsv"
    fi
done <tests/hostile/expected.tsv

[ "$cases" -ge 40 ] || bad corpus "only $cases cases read from expected.tsv"

# The calendar's ends as the close date: every item is current, or every
# item is thousands of years past due (letters, pay-by dates past 9999).
for d in 0001-01-01 9999-12-31; do
    timeout -k 2 "$TIMEOUT" "$BIN" run --ledger samples/ledger.csv \
        --clients samples/clients.csv --costs samples/costs.csv \
        --history samples/history.csv --as-of "$d" --out "$tmp/out/as-of" \
        >/dev/null 2>"$tmp/as-of.err"
    rc=$?
    if [ "$rc" -gt 1 ] || grep -Eq 'Sanitizer|runtime error:' "$tmp/as-of.err"
    then
        bad "--as-of $d" "exit $rc: $(head -c 300 "$tmp/as-of.err")"
    elif [ ! -s "$tmp/out/as-of/$d/run.json" ]; then
        bad "--as-of $d" "no run.json"
    else
        printf '%s\t%s\t%s\t-\t-\t-\t-\n' "as-of-$d" "$tmp/out/as-of/$d" \
            samples/ledger.csv >>"$tmp/sets.tsv"
    fi
done

# The output sets of the accepted inputs, all in one reader.
"$PY" - "$tmp/sets.tsv" <<'EOF' || fail=1
import csv, json, os, sys, zipfile

failed = False
def bad(case, msg):
    global failed
    failed = True
    print(f"FAIL hostile {case}: {msg}")

for line in open(sys.argv[1], encoding="utf-8"):
    case, out, ledger, rd, us, rj, checks = line.rstrip("\n").split("\t")
    try:
        j = json.load(open(os.path.join(out, "run.json"), encoding="utf-8"))
    except Exception as e:
        bad(case, f"run.json: {e}")
        continue
    c = j["counts"]
    for key, want in (("rows_read", rd), ("rows_used", us),
                      ("rows_rejected", rj)):
        if want != "-" and c[key] != int(want):
            bad(case, f"{key} = {c[key]}, expected {want}")
    if c["rows_read"] != c["rows_used"] + c["rows_rejected"] + c["rows_skipped"]:
        bad(case, "rows_read != rows_used + rows_rejected + rows_skipped")
    # SPEC §2.1: one rejects.csv row per rejected row, nothing silent
    with open(os.path.join(out, "rejects.csv"), newline="",
              encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    ledger_rows = [r for r in rows if r["line"] and r["file"] == ledger]
    if len(ledger_rows) != c["rows_rejected"]:
        bad(case, f"rejects.csv has {len(ledger_rows)} rows with a line, "
                  f"run.json rows_rejected = {c['rows_rejected']}")
    keys = [(r["file"], r["line"]) for r in ledger_rows]
    if len(set(keys)) != len(keys):
        bad(case, "a line is rejected twice in rejects.csv")
    for r in rows:
        if not r["line"] and r["reason"] != "unknown client":
            bad(case, f"rejects.csv row without a line: {r}")
    # totals: integers (never a wrapped or rounded double), reconciled
    tc = [j["totals_cents"]] + list(j.get("totals_cents_by_currency",
                                          {}).values())
    for t in tc:
        vals = [t["invoiced"], t["settled"], t["open_ar"],
                t["unapplied_credits"]] + list(t["buckets"].values())
        if any(type(v) is not int for v in vals):
            bad(case, f"a total is not an integer: {t}")
            continue
        if sum(t["buckets"].values()) != t["open_ar"]:
            bad(case, "the buckets do not sum to open_ar")
        if t["invoiced"] - t["settled"] != t["open_ar"] - t["unapplied_credits"]:
            bad(case, "invoiced - settled != open_ar - unapplied_credits")
        if min(vals) < 0:
            bad(case, f"a negative total: {t}")
    if checks != "-":
        for chk in checks.split(";"):
            path, want = chk.split("=", 1)
            v = j
            for k in path.split("."):
                v = v.get(k) if isinstance(v, dict) else None
            if str(v) != want:
                bad(case, f"run.json {path} = {v}, expected {want}")
    # every file of the set is whole: workbooks are valid zips, PDFs end
    for root, _, files in os.walk(out):
        for name in files:
            p = os.path.join(root, name)
            if name.endswith(".xlsx"):
                try:
                    with zipfile.ZipFile(p) as z:
                        if z.testzip() is not None:
                            bad(case, f"{name}: corrupt member")
                except zipfile.BadZipFile:
                    bad(case, f"{name}: not a zip file")
            elif name.endswith(".pdf"):
                with open(p, "rb") as f:
                    data = f.read()
                if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
                    bad(case, f"{name}: not a whole PDF")
sys.exit(1 if failed else 0)
EOF

if [ "$fail" -ne 0 ]; then
    echo "hostile: FAILED"
    exit 1
fi
echo "hostile: $cases cases passed"
