#!/usr/bin/env bash
# Reproducible (SPEC §6: "two runs over the same inputs produce the same
# numbers, files and manifest"; issue 8 item 5): two runs of the sample job
# give byte-identical output sets, every file recursively (workbooks, PDFs,
# CSVs, the letters manifest), run.json aside from elapsed_ms and
# phases_ms. The runs differ in what must not matter: the wall clock (the
# second starts in a later second), the time zone, the number of render
# threads, and the output directory.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/arbatch
PY=/usr/bin/python3
AS_OF=2026-10-31
SAMPLE=(--ledger samples/ledger.csv --clients samples/clients.csv
    --costs samples/costs.csv --history samples/history.csv --as-of "$AS_OF")

# on a tmpfs when there is one: a run ends with syncfs, which on a busy
# disk waits for everyone's writes
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

run() { # out-dir env-assignment [arbatch options...]
    local out=$1 env=$2
    shift 2
    env "$env" timeout -k 5 120 "$BIN" run "${SAMPLE[@]}" --out "$out" "$@" \
        >/dev/null 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -gt 1 ] ||
        grep -Eq 'runtime error:|AddressSanitizer|LeakSanitizer' "$tmp/err"; then
        echo "FAIL reproducible: the sample run failed (exit $rc):" \
            "$(head -c 300 "$tmp/err")"
        exit 1
    fi
}

# compare SET-A SET-B LABEL: every file equal (run.json without timings)
compare() {
    "$PY" tests/e2e/compare_sets.py "$1" "$2" reproducible "$3" || fail=1
}

run "$tmp/a" TZ=UTC
cp -a "$tmp/a/$AS_OF" "$tmp/first"
# the second run starts in a later second, in another time zone, on more
# render threads, into the same directory (replacing the first set)
now=$(date +%s)
while [ "$(date +%s)" = "$now" ]; do sleep 0.05; done
run "$tmp/a" TZ=Pacific/Kiritimati --jobs 4
compare "$tmp/first" "$tmp/a/$AS_OF" "same directory, later, other TZ"
# and into another output directory, with one render thread
run "$tmp/b" TZ=UTC --jobs 1
compare "$tmp/first" "$tmp/b/$AS_OF" "other directory, --jobs 1"

# A ledger whose KPI trend settles again at a month-end (a payment dated
# before the invoice it settles, so April's point cannot be cut from the
# settlement as of D): the run keeps what that pass needs until the KPIs
# are done, on one thread and on four, with the same files.
cat >"$tmp/prepaid.csv" <<'CSV'
doc_type,doc_no,client_id,doc_date,due_date,amount,currency,applies_to
INV,I-1,C1,2026-05-10,2026-06-09,1000.00,EUR,
PAY,P-1,C1,2026-04-20,,400.00,EUR,I-1
INV,I-2,C1,2026-09-01,2026-10-01,500.00,EUR,
CSV
for jobs in 1 4; do
    timeout -k 5 120 "$BIN" run --ledger "$tmp/prepaid.csv" --as-of "$AS_OF" \
        --out "$tmp/prepaid-$jobs" --jobs "$jobs" --quiet >/dev/null 2>"$tmp/err"
    rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "FAIL reproducible: the prepaid ledger, --jobs $jobs: exit $rc:" \
            "$(head -c 300 "$tmp/err")"
        fail=1
    fi
done
[ "$fail" -ne 0 ] ||
    compare "$tmp/prepaid-1/$AS_OF" "$tmp/prepaid-4/$AS_OF" \
        "prepaid ledger, --jobs 1 and 4"

count=$(find "$tmp/first" -type f | wc -l)
[ "$count" -ge 5 ] || { echo "FAIL reproducible: only $count files"; fail=1; }
if [ "$fail" -ne 0 ]; then
    echo "reproducible: FAILED"
    exit 1
fi
echo "reproducible: $count files identical across runs"
