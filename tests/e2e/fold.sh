#!/usr/bin/env bash
# Large ledgers (src/fold/, README "Large ledgers"; issue 8 item 7, issue 9
# memory): a run that folds the ledger's closed history gives the same
# output set, byte for byte, as a run with every row in memory. Both runs
# read the same file; ARBATCH_FOLD_ABOVE=0 makes the second one fold.
#  - ledgers from tests/e2e/fold_gen.py (every way rows link:
#    early and late payments, over- and part payments, wrong client,
#    other currency, DEB/INV sharing a number, settled_date, duplicates in
#    and across clients, rows after the as-of date), three seeds, under
#    the default policy, apply_unapplied = oldest, and a 60-month trend
#    with a set base currency and fees; the samples; and 200,000 rows of
#    the bench's data with costs and letter history, whose peak must be
#    at most 90 % of the one in memory (the rows closed by D are not
#    held);
#  - the fold really folds: run.json is the same but the folding run says
#    how many rows it folded, and more than a few;
#  - validate folds too (duplicates, totals, dates the same), and a
#    ledger whose amounts add up past the limit is refused at the same
#    line;
#  - no temporary file is left in the output directory;
#  - one dominant client (most rows in one partition by client): the same
#    set, and a peak memory at most 10 % above the one in memory (it is
#    about 15 % below; holding that partition whole made it 1.23 times as
#    high, reading it whole with its row arrays 1.6 times);
#  - tests/e2e/hostile.sh passes with every file folding.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/arbatch
PY=/usr/bin/python3
AS_OF=2026-10-31
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the temporary files go to the output directory unless TMPDIR is set:
# the checks of what is left there need it unset
unset TMPDIR
fail=0

# run OUT-DIR FOLD-ABOVE LOG [arbatch run options...]
run() {
    local out=$1 above=$2 log=$3
    shift 3
    # the peak RSS (KB) of the run to $log.rss
    ARBATCH_FOLD_ABOVE=$above ARBATCH_FOLD_PART_BYTES=${PART_BYTES:-} \
        "$PY" -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write("%d\n" % peak)
sys.exit(rc)' "$log.rss" timeout -k 5 120 "$BIN" run --as-of "$AS_OF" \
        --out "$out" --jobs "${JOBS:-2}" "$@" >/dev/null 2>"$log"
    local rc=$?
    if [ "$rc" -gt 1 ] ||
        grep -Eq 'runtime error:|AddressSanitizer|LeakSanitizer' "$log"; then
        echo "FAIL fold: run $* (fold above $above) exit $rc:" \
            "$(head -c 300 "$log")"
        fail=1
        return 1
    fi
}

folded_rows() { # LOG: the count the folding run printed, else 0
    sed -n 's/^arbatch: folded \([0-9]*\) rows.*/\1/p' "$1" | head -1 |
        grep . || echo 0
}

# same LABEL MIN-FOLDED [arbatch run options...]
same() {
    local label=$1 min=$2
    shift 2
    rm -rf "$tmp/mem" "$tmp/fold"
    run "$tmp/mem" 999999999999 "$tmp/mem.log" "$@" || return
    run "$tmp/fold" 0 "$tmp/fold.log" "$@" || return
    if grep -q '^arbatch: folded' "$tmp/mem.log"; then
        echo "FAIL fold ($label): the run in memory folded"
        fail=1
    fi
    local n
    n=$(folded_rows "$tmp/fold.log")
    if [ "$n" -lt "$min" ]; then
        echo "FAIL fold ($label): folded $n rows, expected at least $min"
        fail=1
    fi
    "$PY" tests/e2e/compare_sets.py "$tmp/mem/$AS_OF" "$tmp/fold/$AS_OF" \
        fold "$label" || fail=1
    if ls -A "$tmp/fold" | grep -q spool; then
        echo "FAIL fold ($label): a temporary file is left: $(ls -A "$tmp/fold")"
        fail=1
    fi
    cases=$((cases + 1))
    total_folded=$((total_folded + n))
}

cat >"$tmp/oldest.ini" <<'INI'
[general]
apply_unapplied = oldest
INI
cat >"$tmp/wide.ini" <<'INI'
[general]
base_currency = USD
[fees]
fees_enabled = yes
stage_fee = 5.00, 10.00, 15.00, 20.00, 25.00
interest_rate = 8.00
[kpi]
trend_months = 60
INI

cases=0
total_folded=0
# the small ledgers in 4 KB partitions (about 25 each), so that the
# cases that link rows (and make the trend settle again at a month-end)
# fall in different partitions, analysed two at a time and merged
export PART_BYTES=4096
for seed in 1 2 3; do
    mkdir -p "$tmp/g$seed"
    "$PY" tests/e2e/fold_gen.py "$seed" "$tmp/g$seed"
    in=(--ledger "$tmp/g$seed/ledger.csv" --clients "$tmp/g$seed/clients.csv")
    same "seed $seed" 100 "${in[@]}"
    same "seed $seed, apply_unapplied = oldest" 100 "${in[@]}" \
        --policy "$tmp/oldest.ini"
    same "seed $seed, 60-month trend, USD base, fees" 10 "${in[@]}" \
        --policy "$tmp/wide.ini"
done
# one partition analysed at a time (two at once otherwise)
JOBS=1 same "seed 1, --jobs 1" 100 --ledger "$tmp/g1/ledger.csv" \
    --clients "$tmp/g1/clients.csv"

# the samples: 456 of their 580 rows are closed by D
same "samples" 400 --ledger samples/ledger.csv \
    --clients samples/clients.csv --costs samples/costs.csv \
    --history samples/history.csv

# SPEC §2.6 clearing: a payment that names its invoice and carries a
# clearing date after D settles that invoice as of D (it is consumed only
# from that date on), one cleared by D is consumed; both groups are
# closed as of D and fold, and settled must count the first one as the
# run in memory does
cat >"$tmp/clearing.csv" <<'CSV'
doc_type,doc_no,client_id,doc_date,due_date,amount,applies_to,settled_date
INV,1,C1,2026-08-05,2026-09-04,100.00,,
PAY,P1,C1,2026-08-20,,100.00,1,2026-11-15
INV,2,C1,2026-08-06,2026-09-05,70.00,,2026-09-01
PAY,P2,C1,2026-08-21,,70.00,,2026-09-01
INV,3,C2,2026-10-05,2026-11-04,50.00,,
CSV
same "a clearing date after D on a payment that names its invoice" 4 \
    --ledger "$tmp/clearing.csv"

# the larger ledgers in partitions of the default size
unset PART_BYTES

# the bench's data (every tier, stage and action; costs, agency
# placements and letter history, so the KPIs' tiers, cost per recovery
# by stage and commissions come from the partitions), 200,000 rows from
# the last two years: the same set, and a lower peak, because the rows
# closed by D are not held (the fold used to keep every row dated in the
# KPI windows: then the peaks were the same)
mkdir -p "$tmp/bench"
"$PY" tests/bench/gen_ledger.py 200000 "$tmp/bench" >/dev/null
same "bench data, 200,000 rows" 150000 --ledger "$tmp/bench/ledger.csv" \
    --clients "$tmp/bench/clients.csv" --costs "$tmp/bench/costs.csv" \
    --history "$tmp/bench/history.csv"
mem_kb=$(cat "$tmp/mem.log.rss" 2>/dev/null || echo 0)
fold_kb=$(cat "$tmp/fold.log.rss" 2>/dev/null || echo 0)
bench_peaks="$fold_kb KB folding, $mem_kb KB in memory"
if ldd "$BIN" | grep -q libasan; then
    bench_peaks="(AddressSanitizer: not compared)"
elif [ "$mem_kb" -eq 0 ] || [ "$fold_kb" -eq 0 ] ||
    [ "$fold_kb" -gt $((mem_kb * 9 / 10)) ]; then
    echo "FAIL fold: bench data: peak $bench_peaks (at most 90 % wanted)"
    fail=1
fi

# one dominant client: 300,000 rows more of K000, from 2018 on, nearly
# all of them paid
mkdir -p "$tmp/dom"
"$PY" tests/e2e/fold_gen.py 4 "$tmp/dom" 300000
same "one dominant client" 100000 --ledger "$tmp/dom/ledger.csv" \
    --clients "$tmp/dom/clients.csv"
mem_kb=$(cat "$tmp/mem.log.rss" 2>/dev/null || echo 0)
fold_kb=$(cat "$tmp/fold.log.rss" 2>/dev/null || echo 0)
# (not under AddressSanitizer, whose quarantine keeps what is freed)
if ldd "$BIN" | grep -q libasan; then
    echo "fold: built with AddressSanitizer, peak memory not compared"
elif [ "$mem_kb" -eq 0 ] || [ "$fold_kb" -eq 0 ] ||
    [ "$fold_kb" -gt $((mem_kb * 11 / 10)) ]; then
    echo "FAIL fold: one dominant client: peak $fold_kb KB folding," \
        "$mem_kb KB in memory"
    fail=1
fi

# validate: the same counts, duplicates, totals and dates
for above in 999999999999 0; do
    TMPDIR=$tmp ARBATCH_FOLD_ABOVE=$above "$BIN" validate \
        --ledger "$tmp/g1/ledger.csv" >"$tmp/validate-$above" 2>&1
done
if ! diff <(grep -v '^folded' "$tmp/validate-999999999999") \
    <(grep -v '^folded' "$tmp/validate-0") >"$tmp/d"; then
    echo "FAIL fold: validate differs when it folds: $(head -c 400 "$tmp/d")"
    fail=1
fi
grep -q 'duplicate' "$tmp/validate-0" ||
    { echo "FAIL fold: validate reports no duplicate"; fail=1; }

# a ledger past the totals limit: refused at the same line either way
{
    echo "doc_type,doc_no,client_id,doc_date,amount,currency"
    for k in $(seq 1 30); do
        echo "INV,BIG-$k,C$((k % 7)),2020-01-0$((k % 9 + 1)),9000000000000.00,EUR"
    done
} >"$tmp/big.csv"
for above in 999999999999 0; do
    ARBATCH_FOLD_ABOVE=$above "$BIN" run --ledger "$tmp/big.csv" \
        --as-of "$AS_OF" --out "$tmp/big-$above" >/dev/null 2>"$tmp/big-$above.err"
    echo "exit $?" >>"$tmp/big-$above.err"
done
if ! diff "$tmp/big-999999999999.err" "$tmp/big-0.err" >"$tmp/d" ||
    ! grep -q 'exit 3' "$tmp/big-0.err" || ! grep -q 'big.csv:12:' "$tmp/big-0.err"; then
    echo "FAIL fold: the over-limit ledger: $(cat "$tmp/big-0.err" "$tmp/d" | head -c 400)"
    fail=1
fi

# a refused run that folds leaves no output directory behind (the one
# made for its temporary files goes with them)
printf 'doc_no,client_id,doc_date,amount\nA,C1,2020-01-01,1.00\nA,C1,2020-01-01,1.00\n' \
    >"$tmp/dup.csv"
# (nested, and inside a directory that was there before, which stays)
mkdir "$tmp/there"
for out in "$tmp/refused" "$tmp/refused2/a/b/" "$tmp/there/a/b"; do
    ARBATCH_FOLD_ABOVE=0 "$BIN" run --ledger "$tmp/dup.csv" --as-of "$AS_OF" \
        --strict --out "$out" >/dev/null 2>&1
    rc=$?
    top=${out#"$tmp"/}
    top=$tmp/${top%%/*}
    [ "$top" = "$tmp/there" ] && top=$tmp/there/a
    if [ "$rc" -ne 3 ] || [ -e "$top" ] || [ ! -d "$tmp/there" ]; then
        echo "FAIL fold: --strict refusal into $out: exit $rc, left:" \
            "$(ls -AR "$top" 2>&1 | head -5)"
        fail=1
    fi
done

# an output path the fold cannot make (a name too long) leaves none of
# the directories it made on the way
ARBATCH_FOLD_ABOVE=0 "$BIN" run --ledger "$tmp/dup.csv" --as-of "$AS_OF" \
    --out "$tmp/long/$(printf 'y%.0s' $(seq 300))" >/dev/null 2>&1
rc=$?
if [ "$rc" -ne 4 ] || [ -e "$tmp/long" ]; then
    echo "FAIL fold: an output path too long: exit $rc, left: $(ls -A "$tmp" | grep long)"
    fail=1
fi

# every hostile file gets the same exit, messages and rejects when the
# ledger folds (the 2 MB field, 20,000 columns, NUL bytes, ...)
if ! ARBATCH_FOLD_ABOVE=0 bash tests/e2e/hostile.sh >"$tmp/hostile" 2>&1; then
    echo "FAIL fold: hostile files, folding: $(grep FAIL "$tmp/hostile" | head -5)"
    fail=1
fi

if [ "$fail" -ne 0 ]; then
    echo "fold: FAILED"
    exit 1
fi
echo "fold: $cases ledgers and policies, same output sets with $total_folded" \
    "rows folded; bench data at $bench_peaks; one dominant client at" \
    "$fold_kb KB folding, $mem_kb KB in memory; validate, the over-limit refusal and the hostile files" \
    "the same"
