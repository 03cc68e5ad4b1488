#!/usr/bin/env bash
# Runs each libFuzzer binary BUILDDIR/fuzz/bin_<target> for FUZZ_SECONDS
# (default 60) over a working corpus seeded from tests/fuzz/corpus/<target>,
# and prints executions and time per target. A crash or a broken invariant
# is minimised into tests/fuzz/regress/<target>/, where `make test` replays
# it from then on; the script then exits 1.   Called by `make fuzz`.
set -u
dir=$1
shift
secs=${FUZZ_SECONDS:-60}
status=0
summary=()
for t in "$@"; do
    bin=$dir/fuzz/bin_$t
    work=$dir/corpus/$t
    crashes=$dir/crashes/$t
    mkdir -p "$work" "$crashes"
    dict=()
    [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
    log=$dir/$t.log
    echo "== fuzz $t for ${secs}s (log $log)"
    start=$(date +%s)
    # new inputs go to the working corpus; the committed seeds are read only
    "$bin" "$work" "tests/fuzz/corpus/$t" "${dict[@]}" \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$crashes/" >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    found=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'leak-*' \
        -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    summary+=("$(printf '%-14s %10s execs %5ss  %-10s %s crash(es)' \
        "$t" "${runs:-?}" "$took" "${cov:-}" "$found")")
    if [ "$rc" -ne 0 ] || [ "$found" -gt 0 ]; then
        status=1
        mkdir -p "tests/fuzz/regress/$t"
        for c in "$crashes"/*; do
            [ -f "$c" ] || continue
            min=$dir/min-$(basename "$c")
            "$bin" -minimize_crash=1 -max_total_time=30 \
                -exact_artifact_path="$min" "$c" >/dev/null 2>&1
            [ -s "$min" ] || cp "$c" "$min"
            cp "$min" "tests/fuzz/regress/$t/$(basename "$c")"
            echo "   found: tests/fuzz/regress/$t/$(basename "$c")"
        done
        grep -m3 -E 'ERROR:|invariant failed|runtime error' "$log" | sed 's/^/   /'
    fi
done
echo
echo "fuzz summary (ASan + UBSan, ${secs}s each):"
printf '  %s\n' "${summary[@]}"
exit "$status"
