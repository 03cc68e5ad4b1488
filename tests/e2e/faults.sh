#!/usr/bin/env bash
# Faults (SPEC §1: atomic output set, exit 4; issue 8 item 4):
#  - an output directory that cannot be created gives exit 4 and a message;
#  - a full disk (small tmpfs, needs root: skipped with a message when mount
#    is not permitted) gives exit 4, leaves no set and no temporary
#    directory, whichever file the space runs out in, and leaves the
#    previous set of that date intact;
#  - a run killed with SIGKILL leaves no set (or the previous one intact),
#    and the next run removes what it left;
#  - temporary directories of killed runs (their lock free) are removed,
#    those of live runs (their lock held) kept (more in publish.sh);
#  - a rerun replaces the previous set whole: no stale file survives;
#  - a file-size limit that cuts a workbook's temporary sheet file gives
#    exit 4 naming the workbook, on one thread and on two, and no set; the
#    limit's signal (SIGXFSZ) is left as the shell has it, which kills a
#    process that does not ignore it (exit 153).
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
PY=/usr/bin/python3
AS_OF=2026-10-31
SAMPLE=(--ledger samples/ledger.csv --clients samples/clients.csv
    --costs samples/costs.csv --history samples/history.csv)

# on a tmpfs when there is one: a run ends with syncfs, which on a busy
# disk waits for everyone's writes
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
mounts=()
cleanup() {
    for m in "${mounts[@]+"${mounts[@]}"}"; do umount "$m" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT

fail=0
bad() {
    echo "FAIL faults: $*"
    fail=1
}

# sha256 of every file under $1, by relative path (run.json aside: it
# holds the run's elapsed time)
digest() {
    (cd "$1" && find . -type f ! -name run.json -print0 | sort -z |
        xargs -0 -r sha256sum)
}

# no temporary or old directory of any run is left in $1
no_leftovers() {
    local left
    left=$(find "$1" -mindepth 1 -maxdepth 1 \( -name '.*.tmp-*' -o \
        -name '.*.new-*' -o -name '*.old-*' -o -name '.*.lock' \) 2>/dev/null)
    [ -z "$left" ] || bad "$2: left behind: $left"
}

# a pid that is surely not running
dead_pid() {
    sh -c 'echo $$'
}

run() { # out-dir [args...]: runs the sample job, stderr to $tmp/err
    local out=$1 rc
    shift
    timeout -k 5 120 "$BIN" run "${SAMPLE[@]}" --as-of "$AS_OF" \
        --out "$out" "$@" >/dev/null 2>"$tmp/err"
    rc=$?
    # under `make check` a sanitizer report is a failure whatever the exit
    if grep -Eq 'runtime error:|AddressSanitizer|LeakSanitizer' "$tmp/err"; then
        bad "sanitizer report: $(grep -Em1 'runtime error:|Sanitizer' "$tmp/err")"
    fi
    return "$rc"
}

# ---- reference set -------------------------------------------------------
run "$tmp/ref"
rc=$?
if [ "$rc" -gt 1 ]; then
    bad "the sample run failed (exit $rc): $(head -c 300 "$tmp/err")"
    exit 1
fi
ref_rc=$rc
digest "$tmp/ref/$AS_OF" >"$tmp/ref.sum"

# ---- a refused input leaves the previous set alone -----------------------
out=$tmp/refused
run "$out"
digest "$out/$AS_OF" >"$tmp/kept.sum"
printf 'doc_no,client_id,doc_date,amount\n1,C1,2026-01-01,\377\n' \
    >"$tmp/bad.csv"
timeout -k 5 120 "$BIN" run --ledger "$tmp/bad.csv" --as-of "$AS_OF" \
    --out "$out" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 3 ] || bad "invalid UTF-8 ledger: exit $rc, expected 3"
digest "$out/$AS_OF" | cmp -s - "$tmp/kept.sum" ||
    bad "a refused input changed the previous set"
no_leftovers "$out" "refused input"

# ---- an output directory that cannot be made ----------------------------
run /dev/null/out
rc=$?
[ "$rc" -eq 4 ] || bad "--out under a file: exit $rc, expected 4"
grep -q '^arbatch: .*/dev/null' "$tmp/err" ||
    bad "--out under a file: no message naming the path: $(cat "$tmp/err")"

# ---- temporary directories of killed runs -------------------------------
# A run's temporary directory holds a lock file (.arbatch.lock) locked for
# the run's life; a live run is one whose lock is held (flock(1) here).
out=$tmp/stale
dead=$(dead_pid)
live=$out/.$AS_OF.tmp-live
mkdir -p "$out/.$AS_OF.tmp-$dead/letters" "$out/.2026-09-30.tmp-$dead" \
    "$live" "$out/$AS_OF.old-$dead/letters"
touch "$out/.$AS_OF.tmp-$dead/letters/half.pdf" "$live/x" \
    "$out/$AS_OF.old-$dead/letters/old.pdf"
setsid flock "$live/.arbatch.lock" sleep 300 &
holder=$!
for ((i = 0; i < 500; i++)); do
    [ -e "$live/.arbatch.lock" ] && break
    sleep 0.01
done
sleep 0.1
run "$out"
rc=$?
[ "$rc" -eq "$ref_rc" ] || bad "stale dirs: exit $rc, expected $ref_rc"
[ ! -e "$out/.$AS_OF.tmp-$dead" ] ||
    bad "the temporary directory of a dead run (.$AS_OF.tmp-$dead) is kept"
[ ! -e "$out/.2026-09-30.tmp-$dead" ] ||
    bad "the temporary directory of a dead run for another date" \
        "(.2026-09-30.tmp-$dead) is kept"
[ ! -e "$out/$AS_OF.old-$dead" ] ||
    bad "the previous set left by a killed swap ($AS_OF.old-$dead) is kept"
[ -e "$live/x" ] ||
    bad "the temporary directory of a live run (${live##*/}) was removed"
kill -KILL -- "-$holder" 2>/dev/null
wait "$holder" 2>/dev/null
rm -rf "$live"

# ---- a rerun replaces the set whole --------------------------------------
out=$tmp/rerun
run "$out" >/dev/null
mkdir -p "$out/$AS_OF/letters/9"
touch "$out/$AS_OF/stale.txt" "$out/$AS_OF/letters/9/old.pdf"
run "$out" --outputs aging
rc=$?
[ "$rc" -eq "$ref_rc" ] || bad "rerun: exit $rc, expected $ref_rc"
run "$tmp/aging-only" --outputs aging
(cd "$out/$AS_OF" && find . | sort) >"$tmp/rerun.list"
(cd "$tmp/aging-only/$AS_OF" && find . | sort) >"$tmp/fresh.list"
diff -u "$tmp/fresh.list" "$tmp/rerun.list" >"$tmp/diff" ||
    bad "rerun with --outputs aging kept files of the previous set:" \
        "$(grep '^+[^+]' "$tmp/diff" | tr '\n' ' ')"
no_leftovers "$out" rerun

# ---- SIGKILL in the middle of a run ---------------------------------------
gen=$tmp/gen
"$PY" tests/bench/gen_ledger.py 20000 "$gen" >/dev/null ||
    bad "gen_ledger.py failed"
BIG=(--ledger "$gen/ledger.csv" --clients "$gen/clients.csv"
    --costs "$gen/costs.csv" --history "$gen/history.csv")
# kill_mid_run OUT: start a run and SIGKILL it once its temporary directory
# exists (rendering has begun); 0 when it was killed mid-run
kill_mid_run() {
    local out=$1 pid i
    "$BIN" run "${BIG[@]}" --as-of "$AS_OF" --out "$out" \
        >/dev/null 2>&1 &
    pid=$!
    for ((i = 0; i < 3000; i++)); do
        if compgen -G "$out/.$AS_OF.tmp-*" >/dev/null; then
            sleep 0.05
            kill -KILL "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
            compgen -G "$out/.$AS_OF.tmp-*" >/dev/null
            return
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.01
    done
    wait "$pid" 2>/dev/null
    return 1
}
out=$tmp/killed
if kill_mid_run "$out"; then
    [ ! -e "$out/$AS_OF" ] || bad "a run killed mid-run left an output set"
else
    bad "could not kill a run mid-run (it ended first or never started)"
fi
out=$tmp/killed2
timeout 300 "$BIN" run "${BIG[@]}" --as-of "$AS_OF" --out "$out" \
    >/dev/null 2>&1
digest "$out/$AS_OF" >"$tmp/before.sum"
cp "$out/$AS_OF/run.json" "$tmp/before.json"
if kill_mid_run "$out"; then
    digest "$out/$AS_OF" >"$tmp/after.sum"
    cmp -s "$tmp/before.sum" "$tmp/after.sum" &&
        cmp -s "$tmp/before.json" "$out/$AS_OF/run.json" ||
        bad "a run killed mid-run changed the previous set"
    # the next run (the small sample job, to keep this quick) cleans up
    # and replaces the set whole
    run "$out"
    rc=$?
    [ "$rc" -eq "$ref_rc" ] || bad "the run after a killed one: exit $rc"
    no_leftovers "$out" "run after SIGKILL"
    digest "$out/$AS_OF" | cmp -s - "$tmp/ref.sum" ||
        bad "the run after a killed one differs from a fresh run"
else
    bad "could not kill the second run mid-run"
fi

# ---- a full disk -----------------------------------------------------------
# mount_tmpfs DIR KB: a tmpfs of KB kilobytes at DIR; false when not allowed
mount_tmpfs() {
    mkdir -p "$1"
    mount -t tmpfs -o "size=${2}k" tmpfs "$1" 2>/dev/null || return 1
    mounts+=("$1")
}
if ! mount_tmpfs "$tmp/disk64" 64; then
    echo "faults: SKIP full-disk checks: cannot mount a tmpfs here" \
        "(needs root and mount permission)"
else
    run "$tmp/disk64/out"
    rc=$?
    [ "$rc" -eq 4 ] || bad "64k disk: exit $rc, expected 4"
    grep -Eq '^arbatch: .*(No space|space|cannot write)' "$tmp/err" ||
        bad "64k disk: no message: $(head -c 300 "$tmp/err")"
    [ ! -e "$tmp/disk64/out/$AS_OF" ] || bad "64k disk: a set was left"
    no_leftovers "$tmp/disk64/out" "64k disk"

    # a large ledger's temporary files (spool.c) on a disk too small for
    # them: exit 4 naming them, and nothing left (they are unlinked)
    if mount_tmpfs "$tmp/disk16" 16; then
        export ARBATCH_FOLD_ABOVE=0
        run "$tmp/disk16/out"
        rc=$?
        unset ARBATCH_FOLD_ABOVE
        [ "$rc" -eq 4 ] || bad "16k disk, folding: exit $rc, expected 4"
        grep -q 'temporary file of the large ledger' "$tmp/err" ||
            bad "16k disk, folding: no message: $(head -c 300 "$tmp/err")"
        [ -z "$(ls -A "$tmp/disk16/out" 2>/dev/null)" ] ||
            bad "16k disk, folding: left $(ls -A "$tmp/disk16/out")"
        umount "$tmp/disk16" && unset 'mounts[-1]'
    fi

    # The space of the reference set in pages, as a tmpfs counts it.
    need=$(cd "$tmp/ref/$AS_OF" && find . -type f -printf '%s\n' |
        awk '{ k += int(($1 + 4095) / 4096) * 4 } END { print k + 0 }')
    # Run out of space in every part of the set: each run ends with a
    # whole set (exit 0/1) or nothing at all (exit 4).
    full=0 whole=0
    for pct in 10 20 30 40 50 60 70 80 90 95 100 110 130 160 200; do
        kb=$(((need * pct / 100 + 3) / 4 * 4))
        [ "$kb" -ge 16 ] || kb=16
        d=$tmp/disk$pct
        mount_tmpfs "$d" "$kb" || { bad "mount $kb k failed"; continue; }
        run "$d/out"
        rc=$?
        if [ "$rc" -eq 4 ]; then
            full=$((full + 1))
            [ ! -e "$d/out/$AS_OF" ] || bad "disk ${kb}k: exit 4 left a set"
            grep -q '^arbatch: ' "$tmp/err" || bad "disk ${kb}k: no message"
        elif [ "$rc" -eq "$ref_rc" ]; then
            whole=$((whole + 1))
            digest "$d/out/$AS_OF" | cmp -s - "$tmp/ref.sum" ||
                bad "disk ${kb}k: exit $rc but the set differs from the" \
                    "reference (a write error went unnoticed)"
            "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' \
                "$d/out/$AS_OF/run.json" 2>/dev/null ||
                bad "disk ${kb}k: run.json is not whole"
        else
            bad "disk ${kb}k: exit $rc (expected 4 or $ref_rc):" \
                "$(head -c 200 "$tmp/err")"
        fi
        no_leftovers "$d/out" "disk ${kb}k"
        umount "$d" && unset 'mounts[-1]'
    done
    echo "faults: full disk: $full runs out of space (exit 4), $whole whole"
    [ "$full" -gt 0 ] && [ "$whole" -gt 0 ] ||
        bad "the disk sizes did not cover both outcomes (need ${need}k)"

    # room for one set but not two: the smallest disk on which a run
    # succeeds (the workbooks need room while they are zipped) has no room
    # for a rerun, which must fail and leave the set as it was
    tested=
    for pct in 100 125 150 175 200 250 300; do
        kb=$(((need * pct / 100 + 3) / 4 * 4))
        d=$tmp/disk-rerun$pct
        mount_tmpfs "$d" "$kb" || { bad "mount $kb k failed"; break; }
        run "$d/out"
        rc=$?
        if [ "$rc" -eq "$ref_rc" ]; then
            digest "$d/out/$AS_OF" >"$tmp/first.sum"
            run "$d/out"
            rc=$?
            if [ "$rc" -eq 4 ]; then
                tested=$kb
                digest "$d/out/$AS_OF" | cmp -s - "$tmp/first.sum" ||
                    bad "disk ${kb}k: a failed rerun changed the previous set"
                no_leftovers "$d/out" "failed rerun"
            elif [ "$rc" -ne "$ref_rc" ]; then
                bad "disk ${kb}k: rerun exit $rc"
            fi
            umount "$d" && unset 'mounts[-1]'
            break
        fi
        umount "$d" && unset 'mounts[-1]'
    done
    if [ -n "$tested" ]; then
        echo "faults: a rerun on a ${tested}k disk failed and kept the set"
    else
        echo "faults: note: no disk size found with room for one set only"
    fi
fi

# ---- a file-size limit (ulimit -f) -----------------------------------------
# libxlsxwriter does not check its writes to the temporary sheet files: a
# sheet cut short by a refused write would close into a workbook without
# an error. 20,000 open invoices make an Open items sheet of about 8 MB
# that deflates to about 1 MB, so a 2 MB limit cuts only the sheet file.
big=$tmp/big-ledger.csv
$PY - "$big" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("doc_type,doc_no,client_id,doc_date,due_date,amount,currency\n")
    for i in range(20000):
        f.write("INV,INV-%06d,C%04d,2026-0%d-15,2026-0%d-15,%d.%02d,EUR\n"
                % (i, i % 500, 1 + i % 9, 1 + i % 9, 100 + i, i % 100))
PY
for jobs in 1 2; do
    out=$tmp/fsize-$jobs
    (ulimit -f 2048
     timeout -k 5 120 "$BIN" run --ledger "$big" --as-of "$AS_OF" \
         --out "$out" --outputs aging --quiet --jobs "$jobs" \
         >/dev/null 2>"$tmp/err")
    rc=$?
    if [ "$rc" -ne 4 ]; then
        bad "file-size limit, --jobs $jobs: exit $rc, not 4"
    elif ! grep -q "aging.xlsx: cannot write the workbook: ." "$tmp/err"; then
        bad "file-size limit, --jobs $jobs: no message naming the workbook: $(head -c 300 "$tmp/err")"
    fi
    [ ! -e "$out/$AS_OF" ] || bad "file-size limit, --jobs $jobs: a set was committed"
    no_leftovers "$out" "file-size limit"
    # without the limit the same ledger runs
    (timeout -k 5 120 "$BIN" run --ledger "$big" --as-of "$AS_OF" \
        --out "$out" --outputs aging --quiet --jobs "$jobs" >/dev/null 2>&1)
    rc=$?
    [ "$rc" -le 1 ] || bad "file-size limit: the unlimited run gave exit $rc"
done
echo "faults: a file-size limit on the workbook's sheet files gives exit 4"

if [ "$fail" -ne 0 ]; then
    echo "faults: FAILED"
    exit 1
fi
echo "faults: passed"
