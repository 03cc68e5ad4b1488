#!/usr/bin/env bash
# Past one machine, measured (issue #21; README "More than one machine"):
# on a gen_ledger.py ledger of SHARD_ROWS rows (default 1,000,000; the
# README quotes 10,000,000), the single run, `split --shards N` (N =
# SHARDS, default 4), the N shard runs on their folders one after
# another, and the merge, each with its wall time and peak RSS
# (/usr/bin/time), RUNS times (default 3: the median is printed, the
# single run and the merge alternate so that a noisy machine hits both);
# then the projected wall time on N and on 4N machines: split + the
# slowest shard (its per-shard time scaled by N/4N) + merge. The merged
# set is compared with the single run's (compare_sets.py). OUTPUTS picks
# --outputs (default all; the 10M figures leave letters out when the
# disk is short: say OUTPUTS=aging,kpi,agency). DATA keeps the generated
# ledger between runs (default: a temporary directory).
set -u
BUILD=${BUILD:-build}
BIN=$PWD/$BUILD/arbatch
PY=/usr/bin/python3
ROWS=${SHARD_ROWS:-1000000}
N=${SHARDS:-4}
RUNS=${RUNS:-3}
OUTPUTS=${OUTPUTS:-aging,kpi,letters,agency}
AS_OF=2026-10-31
export ARBATCH_LAYOUTS=${ARBATCH_LAYOUTS:-$PWD/layouts}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data=${DATA:-$tmp/data}
if [ ! -f "$data/ledger.csv" ]; then
    mkdir -p "$data"
    echo "generating $ROWS rows into $data ..."
    "$PY" tests/bench/gen_ledger.py "$ROWS" "$data" >/dev/null
fi
IN=(--ledger "$data/ledger.csv" --clients "$data/clients.csv"
    --costs "$data/costs.csv" --history "$data/history.csv")
res="$tmp/results"
: > "$res"

# measure NAME CMD...: one timed run (exit 0 or 1), appended to results
measure() {
    local name=$1
    shift
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err"
    local code=$?
    if [ $code -gt 1 ]; then
        echo "FAIL shard_bench: $name exited $code: $(tail -3 "$tmp/err")" >&2
        exit 1
    fi
    echo "$name $(tail -1 "$tmp/time")" >> "$res"
}

for r in $(seq "$RUNS"); do
    rm -rf "$tmp/single" "$tmp/split" "$tmp/out"
    measure single "$BIN" run "${IN[@]}" --as-of $AS_OF --out "$tmp/single" \
        --outputs "$OUTPUTS" --quiet
    measure split "$BIN" split "${IN[@]}" --as-of $AS_OF --shards "$N" \
        --out "$tmp/split" --quiet
    parts=()
    for k in $(seq 0 $((N - 1))); do
        measure "shard$k" "$BIN" run --split "$tmp/split" --shard "$k/$N" \
            --as-of $AS_OF --out "$tmp/out" --outputs "$OUTPUTS" --quiet
        parts+=("$tmp/out/$AS_OF-shard-$k-of-$N")
    done
    measure merge "$BIN" merge --as-of $AS_OF --out "$tmp/out" --quiet \
        "${parts[@]}"
    "$PY" tests/e2e/compare_sets.py "$tmp/single/$AS_OF" "$tmp/out/$AS_OF" \
        shard_bench "run $r" >&2 || exit 1
    du -sh "$tmp/single/$AS_OF" "$tmp/split" "$tmp/out" 2>/dev/null |
        sed 's/^/  disk: /' > "$tmp/disk"
done

"$PY" - "$res" "$N" "$ROWS" "$OUTPUTS" <<'PY'
import statistics, sys
res, n, rows, outputs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
t, m = {}, {}
for line in open(res):
    name, secs, kb = line.split()
    t.setdefault(name, []).append(float(secs))
    m.setdefault(name, []).append(int(kb))
med = {k: statistics.median(v) for k, v in t.items()}
peak = {k: max(v) / 1024 for k, v in m.items()}
print(f"{rows:,} rows, {n} shards, --outputs {outputs}, median of {len(t['single'])} runs")
print(f"{'step':<14}{'wall s':>9}{'peak MB':>10}")
for k in ["single", "split"] + [f"shard{i}" for i in range(n)] + ["merge"]:
    print(f"{k:<14}{med[k]:>9.2f}{peak[k]:>10.1f}")
shards = [med[f"shard{i}"] for i in range(n)]
print(f"shards one after another: {sum(shards):.2f} s")
print(f"merge / single: {med['merge'] / med['single'] * 100:.1f} %")
slow = max(shards)
for machines in (n, 4 * n):
    # 4N machines: a split into 4N shards, each a quarter of these
    each = slow * n / machines
    print(f"projected on {machines} machines: split {med['split']:.2f} + "
          f"shard {each:.2f} + merge {med['merge']:.2f} = "
          f"{med['split'] + each + med['merge']:.2f} s "
          f"(single run {med['single']:.2f} s)")
PY
cat "$tmp/disk"
