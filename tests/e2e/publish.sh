#!/usr/bin/env bash
# Publishing the output set (SPEC §1; issue 22 items 1 and 4):
#  - who owns a temporary directory is decided by its lock, never by a
#    process id: a directory whose lock is held is kept whatever its name
#    says, for this date or another, one whose lock is free is removed;
#    a name that is not exactly arbatch's (an ISO date) is never touched;
#  - a run in another PID namespace (unshare, as root; skipped with a
#    message when not permitted) leaves a live run's directory alone: the
#    live run, paused meanwhile, publishes its whole set;
#  - a set that lost a file before it was published (another process
#    removed aging.xlsx, or a letter) is refused with exit 4, and the
#    previous set stays;
#  - on a file system without RENAME_EXCHANGE (the LD_PRELOAD shim
#    tests/soak/no_exchange.c) a set is published whole; a run killed
#    between moving the previous set aside and moving the new one in
#    leaves the previous set aside, and the next run puts it back even
#    when that run fails.
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
AS_OF=2026-10-31
OTHER=2026-09-30
LOCK=.arbatch.lock # AR_OUTSET_LOCK (include/ar/cli/publish.h)
SAMPLE=(--ledger samples/ledger.csv --clients samples/clients.csv
    --costs samples/costs.csv --history samples/history.csv)

tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
holders=()
cleanup() {
    for p in "${holders[@]+"${holders[@]}"}"; do
        kill -CONT -- "-$p" 2>/dev/null
        kill -KILL -- "-$p" 2>/dev/null
        kill -KILL "$p" 2>/dev/null
    done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

fail=0
bad() {
    echo "FAIL publish: $*"
    fail=1
}
sanitizer() { # file: a sanitizer report in it is a failure (make check)
    if grep -Eq 'runtime error:|AddressSanitizer|LeakSanitizer' "$1"; then
        bad "sanitizer report: $(grep -Em1 'runtime error:|Sanitizer' "$1")"
    fi
}

# sha256 of every file under $1 by relative path, run.json aside (timings)
digest() {
    (cd "$1" 2>/dev/null && find . -type f ! -name run.json -print0 |
        sort -z | xargs -0 -r sha256sum)
}
# nothing of a run left in $1 (temporary, half-made or moved-aside sets)
no_leftovers() {
    local left
    left=$(find "$1" -mindepth 1 -maxdepth 1 \( -name '.*.tmp-*' -o \
        -name '.*.new-*' -o -name '*.old-*' -o -name '.*.lock' \) 2>/dev/null)
    [ -z "$left" ] || bad "$2: left behind: $left"
}
dead_pid() { sh -c 'echo $$'; }

run() { # out [args...]: the sample job, stderr to $tmp/err; its exit
    local out=$1 rc
    shift
    # a subshell, so that a run killed on purpose is not announced
    (timeout -k 5 120 "$BIN" run "${SAMPLE[@]}" --as-of "$AS_OF" \
        --out "$out" --quiet "$@" >/dev/null 2>"$tmp/err"; exit $?) 2>/dev/null
    rc=$?
    sanitizer "$tmp/err"
    return "$rc"
}

run "$tmp/ref"
ref_rc=$?
[ "$ref_rc" -le 1 ] || { bad "the sample run: exit $ref_rc: $(cat "$tmp/err")"; exit 1; }
digest "$tmp/ref/$AS_OF" >"$tmp/ref.sum"

# ---- a lock decides, not a process id ---------------------------------------
# Two directories of "other runs" whose process ids are dead here, as a
# run's are when it runs in another PID namespace or on another host: one
# for this date, one for another. Their locks are held (flock(1)), so
# their runs are going: they stay. Released, they go.
out=$tmp/locks
dead=$(dead_pid)
for day in "$AS_OF" "$OTHER"; do
    d=$out/.$day.tmp-$dead
    mkdir -p "$d/letters"
    echo half >"$d/letters/half.pdf"
    setsid flock "$d/$LOCK" sleep 300 &
    holders+=($!)
done
for ((i = 0; i < 500; i++)); do # both locks taken
    [ -e "$out/.$AS_OF.tmp-$dead/$LOCK" ] &&
        [ -e "$out/.$OTHER.tmp-$dead/$LOCK" ] && break
    sleep 0.01
done
sleep 0.1
run "$out"
rc=$?
[ "$rc" -eq "$ref_rc" ] || bad "locked directories: exit $rc: $(head -c 300 "$tmp/err")"
for day in "$AS_OF" "$OTHER"; do
    [ -e "$out/.$day.tmp-$dead/letters/half.pdf" ] ||
        bad "the temporary directory of a live run (.$day.tmp-$dead, its" \
            "lock held, its process id dead here) was removed"
done
digest "$out/$AS_OF" | cmp -s - "$tmp/ref.sum" ||
    bad "beside locked directories: the set differs from the reference"
for p in "${holders[@]}"; do
    kill -KILL -- "-$p" 2>/dev/null
    wait "$p" 2>/dev/null
done 2>/dev/null
holders=()
# a directory named with this shell's (live) process id but no lock: a
# killed run's, whatever its name says
mkdir -p "$out/.$OTHER.tmp-$$"
run "$out"
for day in "$AS_OF" "$OTHER"; do
    [ ! -e "$out/.$day.tmp-$dead" ] ||
        bad "a temporary directory whose lock is free (.$day.tmp-$dead) was kept"
done
[ ! -e "$out/.$OTHER.tmp-$$" ] ||
    bad "a temporary directory without a lock (.$OTHER.tmp-$$) was kept" \
        "because its name is a live process id"
no_leftovers "$out" "after the locks were released"
# names that only look like a date are not arbatch's: a user's directory
# ".2026-1-5.0.tmp-mine" (a date the wide ledger date parser reads, as
# it reads a float "20190307.0") is neither removed nor renamed
mkdir -p "$out/.2026-1-5.0.tmp-mine" "$out/2026-1-5.0.old-keep" \
    "$out/ 2026-10-3.old-x"
echo mine >"$out/.2026-1-5.0.tmp-mine/data.txt"
run "$out"
for d in ".2026-1-5.0.tmp-mine/data.txt" "2026-1-5.0.old-keep" \
    " 2026-10-3.old-x"; do
    [ -e "$out/$d" ] || bad "a name not of arbatch's was touched: $d" \
        "(now: $(ls -A "$out" | tr '\n' ' '))"
done
rm -rf "$out/.2026-1-5.0.tmp-mine" "$out/2026-1-5.0.old-keep" \
    "$out/ 2026-10-3.old-x"

# ---- a big run, paused while others act on its output directory --------------
gen=$tmp/gen
"$PY" tests/bench/gen_ledger.py 20000 "$gen" >/dev/null || bad "gen_ledger.py failed"
BIG=(--ledger "$gen/ledger.csv" --clients "$gen/clients.csv"
    --costs "$gen/costs.csv" --history "$gen/history.csv" --jobs 1 --quiet)
timeout -k 5 300 "$BIN" run "${BIG[@]}" --as-of "$OTHER" --out "$tmp/bigref" \
    >/dev/null 2>"$tmp/err"
big_rc=$?
sanitizer "$tmp/err"
digest "$tmp/bigref/$OTHER" >"$tmp/bigref.sum"

# start_big OUT DAY [prefix...]: the big run in a process group of its own
# (pid in $big); then wait_for GLOB stops it once GLOB matches (0), or
# returns 1 when the run ended first
start_big() {
    local out=$1 day=$2
    shift 2
    setsid "$@" "$BIN" run "${BIG[@]}" --as-of "$day" --out "$out" \
        >/dev/null 2>"$tmp/big.err" &
    big=$!
    holders+=("$big")
}
wait_for() {
    local i
    for ((i = 0; i < 6000; i++)); do
        if compgen -G "$1" >/dev/null; then
            kill -STOP -- "-$big"
            return 0
        fi
        kill -0 "$big" 2>/dev/null || return 1
        sleep 0.005
    done
    return 1
}
finish_big() { # resume it and give its exit
    kill -CONT -- "-$big" 2>/dev/null
    wait "$big"
    local rc=$?
    unset 'holders[-1]'
    sanitizer "$tmp/big.err"
    return "$rc"
}

# another PID namespace: the paused run's process id means nothing there
if [ "$(id -u)" -eq 0 ] && unshare --pid --fork true 2>/dev/null; then
    out=$tmp/ns
    # in its namespace sh is 1 and arbatch 2
    start_big "$out" "$OTHER" unshare --pid --fork sh -c '"$0" "$@"; exit $?'
    if wait_for "$out/.$OTHER.tmp-*/letters"; then
        # the other run is arbatch 3 in a namespace of its own: 2 is dead
        # there (and any process id could be, on another host)
        timeout -k 5 120 unshare --pid --fork sh -c 'true & wait; "$0" "$@"; exit $?' \
            "$BIN" run "${SAMPLE[@]}" --as-of "$AS_OF" --out "$out" --quiet \
            >/dev/null 2>"$tmp/err"
        rc=$?
        [ "$rc" -eq "$ref_rc" ] || bad "namespaces: the other run: exit $rc: $(head -c 300 "$tmp/err")"
        finish_big
        rc=$?
        [ "$rc" -eq "$big_rc" ] ||
            bad "namespaces: the paused run: exit $rc, expected $big_rc: $(head -c 300 "$tmp/big.err")"
        digest "$out/$OTHER" | cmp -s - "$tmp/bigref.sum" ||
            bad "namespaces: the paused run published a set that differs" \
                "from its reference ($(find "$out/$OTHER" -type f 2>/dev/null | wc -l)" \
                "files, $(wc -l <"$tmp/bigref.sum") expected besides run.json)"
        digest "$out/$AS_OF" | cmp -s - "$tmp/ref.sum" ||
            bad "namespaces: the other run's set differs from the reference"
        no_leftovers "$out" "namespaces"
    else
        finish_big
        bad "namespaces: could not pause the big run mid-run"
    fi
else
    echo "publish: SKIP the PID-namespace run: unshare --pid not permitted" \
        "(needs root)"
fi

# a file removed from a live run's temporary directory: no set published
# (exit 4), the previous one intact. $1: what to wait for, $2: what to
# remove (globs under the temporary directory)
incomplete() {
    local out=$tmp/incomplete-$3 victim rc
    mkdir -p "$out" && cp -a "$tmp/ref/$AS_OF" "$out/$AS_OF"
    start_big "$out" "$AS_OF"
    if ! wait_for "$out/.$AS_OF.tmp-*/$1"; then
        finish_big
        bad "$3: could not pause the run before it ended"
        return
    fi
    victim=$(compgen -G "$out/.$AS_OF.tmp-*/$2" | head -1)
    rm -f "$victim"
    finish_big
    rc=$?
    [ "$rc" -eq 4 ] || bad "$3: removed ${victim#"$out"/}: exit $rc, expected 4"
    grep -q 'incomplete' "$tmp/big.err" ||
        bad "$3: no message saying the set is incomplete: $(head -c 300 "$tmp/big.err")"
    digest "$out/$AS_OF" | cmp -s - "$tmp/ref.sum" ||
        bad "$3: the previous set was changed"
    no_leftovers "$out" "$3"
}
incomplete kpi.xlsx aging.xlsx "workbook removed"
incomplete 'letters/*/*.pdf' 'letters/*/*.pdf' "letter removed"

# ---- no RENAME_EXCHANGE ---------------------------------------------------------
SHIM=$BUILD/soak/no_exchange.so
if [ ! -f "$SHIM" ]; then
    SHIM=$tmp/no_exchange.so
    ${CC:-cc} -O2 -shared -fPIC tests/soak/no_exchange.c -o "$SHIM" -ldl ||
        bad "cannot build the shim"
fi
SHIM=$(realpath "$SHIM")
# the sanitizers of `make check` want their runtime first: let it be
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
noex() { LD_PRELOAD=$SHIM NO_EXCHANGE_LOG=$tmp/shim.log run "$@"; }

out=$tmp/noex
run "$out"
noex "$out"
rc=$?
[ "$rc" -eq "$ref_rc" ] || bad "no exchange: exit $rc: $(head -c 300 "$tmp/err")"
grep -q 'RENAME_EXCHANGE refused' "$tmp/shim.log" 2>/dev/null ||
    bad "no exchange: the shim was not in effect"
digest "$out/$AS_OF" | cmp -s - "$tmp/ref.sum" ||
    bad "no exchange: the set differs from the reference"
no_leftovers "$out" "no exchange"

# killed between the two renames: the previous set is aside, none in place
echo "from the previous set" >"$out/$AS_OF/marker.txt"
digest "$out/$AS_OF" >"$tmp/prev.sum"
NO_EXCHANGE_KILL=.tmp- noex "$out"
rc=$?
[ "$rc" -eq 137 ] || bad "no exchange: the run to be killed between its renames: exit $rc"
aside=$(compgen -G "$out/$AS_OF.old-*" | head -1)
if [ -e "$out/$AS_OF" ] || [ -z "$aside" ]; then
    bad "no exchange: the killed run did not leave the previous set aside:" \
        "$(ls -A "$out")"
fi
# the next run fails (a file-size limit: exit 4) but puts the set back
(ulimit -f 16; noex "$out")
rc=$?
[ "$rc" -eq 4 ] || bad "no exchange: the failing run: exit $rc, expected 4"
digest "$out/$AS_OF" | cmp -s - "$tmp/prev.sum" ||
    bad "no exchange: after a run killed between its renames and a failed" \
        "run the previous set is gone: $(ls -A "$out")"
no_leftovers "$out" "no exchange, after the failed run"
# killed again, then a run that succeeds: the new set in place, the old gone
NO_EXCHANGE_KILL=.tmp- noex "$out"
noex "$out"
rc=$?
[ "$rc" -eq "$ref_rc" ] || bad "no exchange: the run after a kill: exit $rc"
digest "$out/$AS_OF" | cmp -s - "$tmp/ref.sum" ||
    bad "no exchange: the run after a kill published a set that differs"
no_leftovers "$out" "no exchange, after a kill and a run"

if [ "$fail" -ne 0 ]; then
    echo "publish: FAILED"
    exit 1
fi
echo "publish: passed"
