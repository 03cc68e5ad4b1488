#!/usr/bin/env bash
# make bench: deterministic ledgers of 100,000 and 1,000,000 rows, each run
# RUNS times (default 5); prints the median wall time, the peak RSS and the
# per-phase timings of run.json, beside libcsv's own tokenising time.
set -euo pipefail
BUILD=${BUILD:-build}
RUNS=${RUNS:-5}
SIZES=${SIZES:-"100000 1000000"}
JOBS=${JOBS:-2}
data=$BUILD/bench
mkdir -p "$data"
py=/usr/bin/python3

for rows in $SIZES; do
    dir=$data/$rows
    stamp=$(sha256sum tests/bench/gen_ledger.py | cut -c1-16)
    if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
        echo "generating $rows rows into $dir ..."
        rm -rf "$dir"
        $py tests/bench/gen_ledger.py "$rows" "$dir"
        echo "$stamp" > "$dir/.stamp"
    fi
done

results=$(mktemp)
trap 'rm -f "$results"; rm -rf "$data"/out-*' EXIT

# one timed command: appends "label size wall_s rss_kb [run.json]" lines
measure() {
    local label=$1 rows=$2 json=$3
    shift 3
    local tfile
    tfile=$(mktemp)
    # each job starts with the disk settled: the previous full run leaves
    # about 500 MB of letters for the kernel to write back, which would
    # otherwise be charged to whatever runs next
    sync
    /usr/bin/time -o "$tfile" -f "%e %M" "$@" >/dev/null 2>&1 || true
    echo "$label $rows $(tail -1 "$tfile") $json" >> "$results"
    rm -f "$tfile"
}

for rows in $SIZES; do
    dir=$data/$rows
    inputs=(--ledger "$dir/ledger.csv" --clients "$dir/clients.csv"
            --costs "$dir/costs.csv" --history "$dir/history.csv")
    for i in $(seq "$RUNS"); do
        measure libcsv "$rows" - "$BUILD/csv_baseline" "$dir/ledger.csv"
        measure read "$rows" - "$BUILD/arbatch" validate --ledger "$dir/ledger.csv"
        # a fresh directory each time: removing 22,000 files right before
        # a run would load the disk the run is measured on
        out=$data/out-aging-$rows-$i
        measure aging "$rows" - \
            "$BUILD/arbatch" run "${inputs[@]}" --as-of 2026-10-31 \
            --out "$out" --outputs aging --quiet --jobs "$JOBS"
        cp "$out/2026-10-31/run.json" "$data/aging-$rows-$i.json"
        out=$data/out-full-$rows-$i
        measure full "$rows" - \
            "$BUILD/arbatch" run "${inputs[@]}" --as-of 2026-10-31 \
            --out "$out" --quiet --jobs "$JOBS"
        cp "$out/2026-10-31/run.json" "$data/full-$rows-$i.json"
    done
    rm -rf "$data"/out-*
done

$py - "$results" "$data" "$RUNS" <<'PY'
import json, statistics, sys
results, data, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = {}
for line in open(results):
    label, size, wall, rss, _ = line.split()
    rows.setdefault((label, int(size)), []).append((float(wall), int(rss)))
def med(xs): return statistics.median(xs)
print()
print("arbatch bench: median of %d runs (wall seconds, peak RSS MB)" % runs)
print("%-34s %10s %10s %10s" % ("", "", "wall s", "RSS MB"))
for size in sorted({s for _, s in rows}):
    print("%d rows" % size)
    for label, text in [("libcsv", "libcsv tokenising alone"),
                        ("read", "arbatch validate (read only)"),
                        ("aging", "run --outputs aging"),
                        ("full", "run, every output")]:
        xs = rows.get((label, size))
        if not xs: continue
        print("  %-32s %10s %10.2f %10.0f" % (text, "", med([w for w, _ in xs]),
                                             med([r for _, r in xs]) / 1024))
    for kind in ("aging", "full"):
        phases = {}
        letters = None
        for i in range(1, runs + 1):
            r = json.load(open("%s/%s-%d-%d.json" % (data, kind, size, i)))
            for k, v in r["phases_ms"].items():
                phases.setdefault(k, []).append(v)
            letters = sum(r["counts"]["letters"].values())
        print("  phases of '%s' (median ms): %s%s" % (kind,
              ", ".join("%s %d" % (k, med(v)) for k, v in phases.items()),
              "" if kind == "aging" else "; letters %d" % letters))
PY
