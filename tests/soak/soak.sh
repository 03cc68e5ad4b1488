#!/usr/bin/env bash
# make soak: the reliability loops of README "Reliability" (issue 22),
# too slow for `make test` (a few minutes). Prints what held, one line a
# loop, and exits non-zero when anything did not.
#
#  1. kill loop: SOAK_KILLS (50) runs of a 20,000-row ledger, --jobs 1 and
#     2 in turn, each sent SIGKILL after a random 0-1.4 s; after each the
#     date's set is the new one whole or the previous one intact, what the
#     killed run left goes with the next run, and a live run of another
#     date (paused all along, its process id dead in no namespace but its
#     own) keeps its temporary directory and publishes its whole set;
#  2. concurrent runs: SOAK_ROUNDS (10) rounds of four runs at once into
#     one directory, two of them of the same date, half the rounds each run
#     in a PID namespace of its own (unshare --pid --fork, as root; skipped
#     with a message when not permitted): every run ends well and every set
#     is its reference;
#  3. disk full: the sample job on tmpfs disks from 64 KB to 2.5 times
#     its set (as root; skipped when mount is not permitted), --jobs 1 and
#     2, and a rerun on each disk that held a set: exit 4 and nothing left,
#     or a whole set; a failed rerun leaves the first set intact;
#  4. no RENAME_EXCHANGE (the LD_PRELOAD shim tests/soak/no_exchange.c):
#     a run publishes whole; SOAK_NOEX_KILLS (20) random kills; and 5 kills
#     right between moving the previous set aside and moving the new one
#     in, each followed by a run that fails (ulimit -f) and must put the
#     previous set back, then a run that publishes.
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
SHIM=$(realpath "$BUILD/soak/no_exchange.so")
PY=/usr/bin/python3
KILLS=${SOAK_KILLS:-50}
ROUNDS=${SOAK_ROUNDS:-10}
NOEX_KILLS=${SOAK_NOEX_KILLS:-20}
D=2026-10-31     # the date the loops publish again and again
OTHER=2026-09-30 # the paused live run's
S=2026-08-31     # the sample job's, in the concurrent rounds
SAMPLE=(--ledger samples/ledger.csv --clients samples/clients.csv
    --costs samples/costs.csv --history samples/history.csv --quiet)

tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
mounts=() groups=()
cleanup() {
    for g in "${groups[@]+"${groups[@]}"}"; do
        kill -CONT -- "-$g" 2>/dev/null
        kill -KILL -- "-$g" 2>/dev/null
    done
    wait 2>/dev/null
    for m in "${mounts[@]+"${mounts[@]}"}"; do umount "$m" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT

fail=0
held=()
bad() {
    echo "FAIL soak: $*"
    fail=1
}
say() { # one line of what held (or did not)
    held+=("$*")
    echo "soak: $*"
}
digest() { # every file under $1 by relative path and sha256, run.json aside
    (cd "$1" 2>/dev/null && find . -type f ! -name run.json -print0 |
        sort -z | xargs -0 -r sha256sum) | sha256sum | cut -c1-16
}
leftovers() { # $1 DIR [$2 name to ignore]: what runs left in DIR
    find "$1" -mindepth 1 -maxdepth 1 \( -name '.*.tmp-*' -o \
        -name '.*.new-*' -o -name '*.old-*' -o -name '.*.lock' \) \
        ! -name "${2:-/}" -printf '%f\n' 2>/dev/null
}
sanitizer() {
    if grep -Eq 'runtime error:|AddressSanitizer|LeakSanitizer' "$1"; then
        bad "sanitizer report: $(grep -Em1 'runtime error:|Sanitizer' "$1")"
    fi
}
# arb OUT DAY LEDGERSET [args...]: one run to completion, stderr to
# $tmp/err; its exit
arb() {
    local out=$1 day=$2 set=$3
    shift 3
    local -n in=$set
    ("$BIN" run "${in[@]}" --as-of "$day" --out "$out" "$@" \
        >/dev/null 2>"$tmp/err"; exit $?) 2>/dev/null
    local rc=$?
    sanitizer "$tmp/err"
    return "$rc"
}

echo "soak: generating two 20,000-row ledgers ..."
"$PY" tests/bench/gen_ledger.py 20000 "$tmp/gen" >/dev/null || exit 1
"$PY" tests/bench/gen_ledger.py 20000 "$tmp/gen2" --seed 2 >/dev/null || exit 1
BIG=(--ledger "$tmp/gen/ledger.csv" --clients "$tmp/gen/clients.csv"
    --costs "$tmp/gen/costs.csv" --history "$tmp/gen/history.csv" --quiet)
BIG2=(--ledger "$tmp/gen2/ledger.csv" --clients "$tmp/gen2/clients.csv"
    --costs "$tmp/gen2/costs.csv" --history "$tmp/gen2/history.csv" --quiet)
ms() { echo $(($(date +%s%N) / 1000000)); }

# references
t0=$(ms)
arb "$tmp/ref" "$D" BIG --jobs 2
big_rc=$?
t1=$(ms)
arb "$tmp/ref1" "$D" BIG --jobs 1
t2=$(ms)
# the kill loop's delays cover the runs' length and a fifth more
span=$(((t2 - t0) / 2 * 6 / 5))
arb "$tmp/ref2" "$D" BIG2 --jobs 2
[ "$?" -eq "$big_rc" ] || bad "the two big ledgers end differently"
big2_ref=$(digest "$tmp/ref2/$D")
[ "$?" -eq "$big_rc" ] || bad "--jobs 1 and 2 end differently"
big_ref=$(digest "$tmp/ref/$D")
[ "$(digest "$tmp/ref1/$D")" = "$big_ref" ] ||
    bad "--jobs 1 and 2 give different sets: the loops below assume one"
arb "$tmp/ref" "$OTHER" BIG --jobs 2
other_ref=$(digest "$tmp/ref/$OTHER")
arb "$tmp/ref" "$D" SAMPLE
sample_rc=$?
sample_ref=$(digest "$tmp/ref/$D")
arb "$tmp/ref" "$S" SAMPLE
s_ref=$(digest "$tmp/ref/$S")
files=$(find "$tmp/ref1/$D" -type f | wc -l)
echo "soak: references: $files files a set, exit $big_rc (big), $sample_rc" \
    "(sample); a big run takes about $(((t2 - t0) / 2)) ms"

# ---- 1. kill loop ----------------------------------------------------------------
out=$tmp/kill
# the paused live run of another date, in a session (and process group)
# of its own; in a PID namespace of its own when permitted
ns=()
if [ "$(id -u)" -eq 0 ] && unshare --pid --fork true 2>/dev/null; then
    ns=(unshare --pid --fork sh -c '"$0" "$@"; exit $?')
fi
setsid "${ns[@]}" "$BIN" run "${BIG[@]}" --jobs 1 --as-of "$OTHER" \
    --out "$out" >/dev/null 2>"$tmp/live.err" &
live=$!
groups+=("$live")
live_dir=
for ((i = 0; i < 6000; i++)); do
    live_dir=$(compgen -G "$out/.$OTHER.tmp-*/letters" | head -1)
    [ -n "$live_dir" ] && break
    sleep 0.005
done
if [ -n "$live_dir" ]; then
    kill -STOP -- "-$live"
    live_dir=${live_dir%/letters}
else
    bad "kill loop: could not pause the live run mid-run"
fi
arb "$out" "$D" SAMPLE
prev=$(digest "$out/$D")
killed=0 writing=0 finished=0 published=0 intact=0
for ((i = 1; i <= KILLS; i++)); do
    # --jobs 1 and 2 in turn; the two ledgers in turn, so that each run
    # that publishes changes the set
    jobs=$((i % 2 + 1))
    if [ $((i / 2 % 2)) -eq 0 ]; then
        declare -n in=BIG
        want=$big_ref
    else
        declare -n in=BIG2
        want=$big2_ref
    fi
    "$BIN" run "${in[@]}" --jobs "$jobs" --as-of "$D" --out "$out" \
        >/dev/null 2>"$tmp/err" &
    pid=$!
    unset -n in
    delay=$((RANDOM * span / 32768))
    sleep "$((delay / 1000)).$(printf %03d $((delay % 1000)))"
    compgen -G "$out/.$D.tmp-*" >/dev/null && during=1 || during=0
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rc=$?
    sanitizer "$tmp/err"
    now=$(digest "$out/$D")
    if [ "$rc" -eq "$big_rc" ]; then
        finished=$((finished + 1))
        [ "$now" = "$want" ] || bad "kill loop, run $i (--jobs $jobs):" \
            "finished, but its set is not whole"
    elif [ "$rc" -ne 137 ]; then
        bad "kill loop, run $i (--jobs $jobs): exit $rc: $(head -c 200 "$tmp/err")"
    elif [ "$now" = "$prev" ]; then
        killed=$((killed + 1))
        writing=$((writing + during))
        intact=$((intact + 1))
    elif [ "$now" = "$want" ]; then
        killed=$((killed + 1))
        published=$((published + 1)) # killed after publishing
    else
        killed=$((killed + 1))
        bad "kill loop, run $i (--jobs $jobs, killed): the set of $D is" \
            "neither the new one whole nor the previous one"
    fi
    prev=$now
    # at most the killed run's own directory is left, and the date's lock
    # when it was killed holding it (the next run's tidying removes both);
    # the live run's is there
    left=$(leftovers "$out" "${live_dir##*/}" | grep -vc '\.lock$')
    [ "$left" -le 1 ] || bad "kill loop, run $i: left: $(leftovers "$out" "${live_dir##*/}" | tr '\n' ' ')"
    [ -z "$live_dir" ] || [ -e "$live_dir/.arbatch.lock" ] ||
        bad "kill loop, run $i: the live run's temporary directory was taken"
done
arb "$out" "$D" BIG --jobs 2
rc=$?
[ "$rc" -eq "$big_rc" ] || bad "kill loop: the closing run: exit $rc"
[ "$(digest "$out/$D")" = "$big_ref" ] || bad "kill loop: the closing run's set differs"
if [ -n "$live_dir" ]; then
    kill -CONT -- "-$live"
    wait "$live"
    rc=$?
    sanitizer "$tmp/live.err"
    [ "$rc" -eq "$big_rc" ] || bad "kill loop: the live run, resumed: exit $rc: $(head -c 200 "$tmp/live.err")"
    [ "$(digest "$out/$OTHER")" = "$other_ref" ] ||
        bad "kill loop: the live run, resumed, published a set that differs"
fi
groups=()
[ -z "$(leftovers "$out")" ] || bad "kill loop: left at the end: $(leftovers "$out" | tr '\n' ' ')"
say "kill loop: $KILLS runs (--jobs 1 and 2, two ledgers in turn): $killed" \
    "killed ($writing while writing their set; after each the previous set" \
    "was intact ($intact) or the new one whole ($published, killed once" \
    "published)), $finished finished with their set whole; the live" \
    "run of another date${ns[0]:+ in a PID namespace} kept its directory" \
    "through all $KILLS and published whole: $([ "$fail" -eq 0 ] && echo held || echo FAILED)"
f0=$fail

# ---- 2. concurrent runs -------------------------------------------------------------
ns_rounds=0
can_ns=0
[ "${#ns[@]}" -gt 0 ] && can_ns=1
[ "$can_ns" -eq 1 ] || echo "soak: SKIP PID namespaces in the concurrent rounds: unshare --pid not permitted (needs root)"
for ((r = 1; r <= ROUNDS; r++)); do
    out=$tmp/conc-$r
    wrap=()
    if [ "$can_ns" -eq 1 ] && [ $((r % 2)) -eq 0 ]; then
        wrap=("${ns[@]}")
        ns_rounds=$((ns_rounds + 1))
    fi
    # a previous set of D, so that publishing exchanges
    arb "$out" "$D" SAMPLE
    pids=()
    for spec in "$D BIG 1" "$D BIG 2" "$OTHER BIG 2" "$S SAMPLE 1"; do
        read -r day set jobs <<<"$spec"
        declare -n in=$set
        "${wrap[@]}" "$BIN" run "${in[@]}" --jobs "$jobs" --as-of "$day" \
            --out "$out" >/dev/null 2>"$tmp/conc-$r-${#pids[@]}.err" &
        pids+=($!)
        unset -n in
    done
    for k in "${!pids[@]}"; do
        wait "${pids[$k]}"
        rc=$?
        sanitizer "$tmp/conc-$r-$k.err"
        [ "$rc" -le 1 ] || bad "concurrent round $r, run $k: exit $rc: $(head -c 200 "$tmp/conc-$r-$k.err")"
    done
    [ "$(digest "$out/$D")" = "$big_ref" ] || bad "concurrent round $r: the set of $D differs"
    [ "$(digest "$out/$OTHER")" = "$other_ref" ] || bad "concurrent round $r: the set of $OTHER differs"
    [ "$(digest "$out/$S")" = "$s_ref" ] || bad "concurrent round $r: the set of $S differs"
    [ -z "$(leftovers "$out")" ] || bad "concurrent round $r: left: $(leftovers "$out" | tr '\n' ' ')"
    rm -rf "$out"
done
say "concurrent runs: $ROUNDS rounds of 4 runs into one directory (two of" \
    "one date), $ns_rounds of them each run in a PID namespace of its own:" \
    "every run ended well and every set was its reference:" \
    "$([ "$fail" -eq "$f0" ] && echo held || echo FAILED)"
f0=$fail

# ---- 3. disk full ---------------------------------------------------------------------
mount_tmpfs() { # DIR KB
    mkdir -p "$1"
    mount -t tmpfs -o "size=${2}k" tmpfs "$1" 2>/dev/null || return 1
    mounts+=("$1")
}
if ! mount_tmpfs "$tmp/probe" 64; then
    echo "soak: SKIP disk full: cannot mount a tmpfs here (needs root)"
    say "disk full: skipped (no permission to mount)"
else
    umount "$tmp/probe" && unset 'mounts[-1]'
    need=$(cd "$tmp/ref/$D" && find . -type f -printf '%s\n' |
        awk '{ k += int(($1 + 4095) / 4096) * 4 } END { print k + 0 }')
    full=0 whole=0 rerun_full=0 rerun_whole=0 sizes=0
    for jobs in 1 2; do
        for kb in 64 128 256 $(seq $((need / 10)) $((need / 10)) $((need * 5 / 2))); do
            kb=$(((kb + 3) / 4 * 4))
            dsk=$tmp/disk-$jobs-$kb
            mount_tmpfs "$dsk" "$kb" || { bad "disk full: mount ${kb}k failed"; continue; }
            sizes=$((sizes + 1))
            arb "$dsk/out" "$D" SAMPLE --jobs "$jobs"
            rc=$?
            if [ "$rc" -eq 4 ]; then
                full=$((full + 1))
                [ ! -e "$dsk/out/$D" ] || bad "disk ${kb}k, --jobs $jobs: exit 4 left a set"
            elif [ "$rc" -eq "$sample_rc" ]; then
                whole=$((whole + 1))
                [ "$(digest "$dsk/out/$D")" = "$sample_ref" ] ||
                    bad "disk ${kb}k, --jobs $jobs: exit $rc but the set differs"
                first=$(digest "$dsk/out/$D")
                arb "$dsk/out" "$D" SAMPLE --jobs "$jobs"
                rc=$?
                if [ "$rc" -eq 4 ]; then
                    rerun_full=$((rerun_full + 1))
                elif [ "$rc" -eq "$sample_rc" ]; then
                    rerun_whole=$((rerun_whole + 1))
                else
                    bad "disk ${kb}k, --jobs $jobs: rerun exit $rc"
                fi
                [ "$(digest "$dsk/out/$D")" = "$first" ] ||
                    bad "disk ${kb}k, --jobs $jobs: the rerun (exit $rc) changed the set"
            else
                bad "disk ${kb}k, --jobs $jobs: exit $rc: $(head -c 200 "$tmp/err")"
            fi
            [ -z "$(leftovers "$dsk/out")" ] ||
                bad "disk ${kb}k, --jobs $jobs: left: $(leftovers "$dsk/out" | tr '\n' ' ')"
            umount "$dsk" && unset 'mounts[-1]'
        done
    done
    say "disk full: $sizes disks from 64k to $((need * 5 / 2))k (the set needs" \
        "${need}k), --jobs 1 and 2: $full ran out of space (exit 4, nothing" \
        "left), $whole whole; reruns on those: $rerun_full out of space with" \
        "the first set intact, $rerun_whole whole:" \
        "$([ "$fail" -eq "$f0" ] && echo held || echo FAILED)"
    [ "$full" -gt 0 ] && [ "$whole" -gt 0 ] || bad "disk full: the sizes did not cover both outcomes"
fi
f0=$fail

# ---- 4. no RENAME_EXCHANGE ------------------------------------------------------------
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
out=$tmp/noex
arb "$out" "$D" SAMPLE
rm -f "$tmp/shim.log"
LD_PRELOAD=$SHIM NO_EXCHANGE_LOG=$tmp/shim.log arb "$out" "$D" BIG --jobs 2
rc=$?
[ "$rc" -eq "$big_rc" ] || bad "no exchange: exit $rc: $(head -c 200 "$tmp/err")"
grep -q refused "$tmp/shim.log" 2>/dev/null || bad "no exchange: the shim was not in effect"
[ "$(digest "$out/$D")" = "$big_ref" ] || bad "no exchange: the set differs"
prev=$(digest "$out/$D")
aside=0 published=0 intact=0
for ((i = 1; i <= NOEX_KILLS; i++)); do
    jobs=$((i / 2 % 2 + 1))
    # alternate the inputs so that each publish changes the set
    if [ $((i % 2)) -eq 0 ]; then set_=BIG want=$big_ref; else set_=SAMPLE want=$sample_ref; fi
    declare -n in=$set_
    LD_PRELOAD=$SHIM "$BIN" run "${in[@]}" --jobs "$jobs" --as-of "$D" \
        --out "$out" >/dev/null 2>"$tmp/err" &
    pid=$!
    unset -n in
    sleep "$(printf '0.%03d' $((RANDOM % 900)))"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    now=$(digest "$out/$D")
    if [ ! -e "$out/$D" ]; then
        a=$(compgen -G "$out/$D.old-*" | head -1)
        if [ -n "$a" ] && [ "$(digest "$a")" = "$prev" ]; then
            aside=$((aside + 1))
        else
            bad "no exchange, kill $i: no set in place and none aside"
        fi
    elif [ "$now" = "$want" ]; then
        published=$((published + 1))
        prev=$now
    elif [ "$now" = "$prev" ]; then
        intact=$((intact + 1))
    else
        bad "no exchange, kill $i: the set is neither the new one nor the previous"
        prev=$now
    fi
done
# the window between the two renames, hit on purpose
restored=0
for ((i = 1; i <= 5; i++)); do
    arb "$out" "$D" SAMPLE # a set in place
    before=$(digest "$out/$D")
    LD_PRELOAD=$SHIM NO_EXCHANGE_KILL=.tmp- arb "$out" "$D" BIG --jobs $((i % 2 + 1))
    rc=$?
    [ "$rc" -eq 137 ] || bad "no exchange: the run to kill between its renames: exit $rc"
    [ ! -e "$out/$D" ] && compgen -G "$out/$D.old-*" >/dev/null ||
        bad "no exchange: the killed run did not leave the set aside"
    (ulimit -f 16; LD_PRELOAD=$SHIM arb "$out" "$D" BIG --jobs 2)
    rc=$?
    [ "$rc" -eq 4 ] || bad "no exchange: the failing run: exit $rc"
    if [ "$(digest "$out/$D")" = "$before" ]; then
        restored=$((restored + 1))
    else
        bad "no exchange: after a kill between the renames and a failed run the previous set is not back"
    fi
    [ -z "$(leftovers "$out")" ] || bad "no exchange: left: $(leftovers "$out" | tr '\n' ' ')"
done
LD_PRELOAD=$SHIM arb "$out" "$D" BIG --jobs 2
[ "$(digest "$out/$D")" = "$big_ref" ] || bad "no exchange: the closing run's set differs"
[ -z "$(leftovers "$out")" ] || bad "no exchange: left at the end: $(leftovers "$out" | tr '\n' ' ')"
say "no RENAME_EXCHANGE (LD_PRELOAD shim): runs publish whole; $NOEX_KILLS" \
    "random kills: $published published, $intact previous intact, $aside" \
    "previous set aside; 5 kills between the two renames, each followed by" \
    "a failing run: the previous set put back $restored times:" \
    "$([ "$fail" -eq "$f0" ] && echo held || echo FAILED)"

echo
echo "soak: what held"
for h in "${held[@]}"; do echo "  - $h"; done
if [ "$fail" -ne 0 ]; then
    echo "soak: FAILED"
    exit 1
fi
echo "soak: passed"
