#!/usr/bin/env bash
# make check-slurm (not in `make test`): contrib/slurm-submit.sh against a
# real Slurm, a one-node cluster started here for the purpose (README
# "More than one machine").
#
# Installs Debian's slurm-wlm and munge if missing (apt-get, as `make
# deps`), then, all in a temporary directory: a munge key and a munged
# on its own socket, a slurm.conf for this host (no accounting, no
# cgroups, SlurmUser root, ports that are free), slurmctld and slurmd in
# the foreground (-D) in the background. Once the node is idle: the
# samples with one rejected row and 20,000 rows of the bench generator's
# data are each split 4 ways and submitted with slurm-submit.sh (an
# array of 4, the merge afterok), and the samples once more with a
# --policy file that is not there, which every task refuses (exit 3),
# so Slurm must cancel its merge.
# Waits for the queue to empty, reads each job's end from scontrol
# (MinJobAge keeps them an hour), and compares each merged set with the
# single run's (compare_sets.py). Stops only the daemons it started.
#
# Exit 0: passed, or "check-slurm: skipped: <why>" when the daemons
# cannot run here; until `arbatch merge` exists the merge jobs end with
# its "unknown command" and the comparison is reported skipped. Any other
# failure exits 1. KEEP=1 keeps the temporary directory.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$repo/$BUILD ;; esac
BIN=$BUILD/arbatch
PY=/usr/bin/python3
AS_OF=2026-10-31
start=$(date +%s)
say() { echo "check-slurm: $*"; }
skip() { say "skipped: $*"; exit 0; }
fail() { echo "check-slurm: FAIL: $*" >&2; exit 1; }
[ -x "$BIN" ] || fail "no $BIN: make all first"

# ---- the packages -------------------------------------------------------
missing=$(for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}\n' $p 2>/dev/null |
        grep -q '^install ok installed' || echo $p; done)
if [ -n "$missing" ]; then
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    say "installing" $missing
    $SUDO apt-get update -q >/dev/null &&
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
            --no-install-recommends $missing >/dev/null ||
        fail "apt-get install $missing failed"
fi
for c in munged mungekey slurmctld slurmd sbatch squeue sinfo scontrol; do
    command -v $c >/dev/null || PATH=$PATH:/usr/sbin
    command -v $c >/dev/null || fail "$c not found after installing slurm-wlm and munge"
done
# the daemons run as root here (SlurmUser=root)
[ "$(id -u)" = 0 ] || skip "the daemons need root (run as root, or sudo make check-slurm)"

tmp=$(mktemp -d /tmp/check-slurm.XXXXXX)
pids=()
cleanup() {
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill "${pids[i]}" 2>/dev/null
        for _ in $(seq 50); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
        kill -9 "${pids[i]}" 2>/dev/null
        wait "${pids[i]}" 2>/dev/null
    done
    if [ -n "${KEEP:-}" ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# a daemon that is gone: skipped, with the end of its log
died() {
    kill -0 "$2" 2>/dev/null && return 1
    skip "$1 did not stay up here: $(tail -3 "$3" 2>/dev/null | tr '\n' ' ')"
}

# ---- munge: a key and a munged of our own ------------------------------
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool"
chmod 700 "$tmp/munge"
mungekey --create --keyfile="$tmp/munge/munge.key" 2>"$tmp/munge/mungekey.err" ||
    dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1 count=1024 2>/dev/null ||
    fail "no munge key: $(cat "$tmp/munge/mungekey.err")"
chmod 400 "$tmp/munge/munge.key"
sock=$tmp/munge/munge.socket
munged --foreground --force --socket="$sock" --key-file="$tmp/munge/munge.key" \
    --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" \
    --seed-file="$tmp/munge/munged.seed" 2>>"$tmp/munge/munged.log" &
pids+=($!)
for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
died munged "${pids[0]}" "$tmp/munge/munged.log"
munge -n -S "$sock" 2>/dev/null | unmunge -S "$sock" >/dev/null 2>&1 ||
    skip "munged runs but does not authenticate: $(tail -2 "$tmp/munge/munged.log" | tr '\n' ' ')"

# ---- slurm.conf for this host ------------------------------------------
host=$(hostname -s)
getent hosts "$host" >/dev/null || skip "the host name $host does not resolve"
read -r port1 port2 < <("$PY" -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("", 0))
print(*(x.getsockname()[1] for x in s))')
cpus=$(nproc)
export SLURM_CONF=$tmp/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=arbatchcheck
SlurmctldHost=$host
SlurmctldPort=$port1
SlurmdPort=$port2
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=3600
NodeName=$host CPUs=$cpus RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -D -c -f "$SLURM_CONF" >"$tmp/slurmctld.out" 2>&1 &
pids+=($!)
sleep 1
died slurmctld "${pids[1]}" "$tmp/slurmctld.out"
slurmd -D -f "$SLURM_CONF" >"$tmp/slurmd.out" 2>&1 &
pids+=($!)
state=
for _ in $(seq 120); do
    died slurmctld "${pids[1]}" "$tmp/slurmctld.out"
    died slurmd "${pids[2]}" "$tmp/slurmd.out"
    state=$(sinfo -h -n "$host" -o %T 2>/dev/null)
    [ "$state" = idle ] && break
    sleep 0.5
done
[ "$state" = idle ] || fail "the node is '$state', not idle, after 60 s: $(sinfo -h -R 2>&1) $(tail -3 "$tmp/slurmd.log")"
up=$(date +%s)
say "Slurm $(sinfo -V | awk '{print $2}') up on $host ($cpus CPUs) in $((up - start)) s"

# ---- the data, the single runs, the splits ------------------------------
export ARBATCH=$BIN ARBATCH_LAYOUTS=${ARBATCH_LAYOUTS:-$repo/layouts}
mkdir -p "$tmp/samples"
cp "$repo"/samples/{ledger,clients,costs,history}.csv "$tmp/samples/"
echo 'INV,BAD-1,C0001,2026-07-01,2026-07-31,12.345,EUR,,,' >> "$tmp/samples/ledger.csv"
"$PY" "$repo/tests/bench/gen_ledger.py" 20000 "$tmp/bench" >/dev/null || fail "gen_ledger.py"
for d in samples bench; do
    in=(--ledger "$tmp/$d/ledger.csv" --clients "$tmp/$d/clients.csv"
        --costs "$tmp/$d/costs.csv" --history "$tmp/$d/history.csv" --as-of "$AS_OF")
    "$BIN" run "${in[@]}" --out "$tmp/$d/single" --quiet 2>/dev/null
    rc=$?
    [ $rc -le 1 ] || fail "the single run of $d: exit $rc"
    "$BIN" split "${in[@]}" --shards 4 --out "$tmp/$d/split" --quiet 2>/dev/null ||
        fail "split of $d: exit $?"
done
say "samples (single run exit 1: a rejected row) and 20,000 bench rows split 4 ways"

# ---- submit: two good arrays and one that fails -------------------------
cd "$tmp" || fail "cd $tmp"
declare -A array merge
submit() {  # submit NAME SPLIT OUT [run options]
    local name=$1 out
    shift
    out=$("$repo/contrib/slurm-submit.sh" "$@") || fail "slurm-submit.sh for $name: exit $?"
    array[$name]=$(awk '$1 == "array" { print $2 }' <<<"$out")
    merge[$name]=$(awk '$1 == "merge" { print $2 }' <<<"$out")
    [ -n "${array[$name]}" ] && [ -n "${merge[$name]}" ] || fail "slurm-submit.sh for $name printed: $out"
}
t_submit=$(date +%s)
submit samples "$tmp/samples/split" $AS_OF "$tmp/samples/out"
submit bench "$tmp/bench/split" $AS_OF "$tmp/bench/out"
submit failing "$tmp/samples/split" $AS_OF "$tmp/failing/out" --policy "$tmp/nothing.ini"
say "submitted: samples array ${array[samples]} + merge ${merge[samples]}," \
    "bench ${array[bench]} + ${merge[bench]}, failing ${array[failing]} + ${merge[failing]}"
left=
for _ in $(seq 600); do
    left=$(squeue -h -o '%i %T %r' 2>/dev/null)
    [ -z "$left" ] && break
    sleep 0.5
done
[ -z "$left" ] || fail "jobs still queued after 300 s: $left"
done_at=$(date +%s)
say "queue empty $((done_at - t_submit)) s after the first sbatch"

# job_field JOBID FIELD: FIELD=value of each record scontrol has of the
# job (one a task for an array)
job_field() { scontrol -o show job "$1" | grep -o " $2=[^ ]*" | cut -d= -f2-; }
for name in samples bench; do
    states=$(job_field "${array[$name]}" JobState | sort | uniq -c | xargs)
    [ "$states" = "4 COMPLETED" ] ||
        fail "$name: array tasks $states: $(cat arbatch-shard-"${array[$name]}"_*.log)"
    for k in 0 1 2 3; do
        [ -f "$tmp/$name/out/$AS_OF-shard-$k-of-4/shard.json" ] || fail "$name: no part $k"
    done
    # the merge started once every task had ended (afterok)
    last_end=$(job_field "${array[$name]}" EndTime | sort | tail -1)
    mstart=$(job_field "${merge[$name]}" StartTime)
    [[ ! "$mstart" < "$last_end" ]] || fail "$name: the merge started $mstart, before a task ended ($last_end)"
    mstate=$(job_field "${merge[$name]}" JobState)
    mlog=$tmp/arbatch-merge-${merge[$name]}.log
    [ "$mstate" = COMPLETED ] || fail "$name: merge job $mstate: $(cat "$mlog" 2>/dev/null)"
    "$PY" "$repo/tests/e2e/compare_sets.py" "$tmp/$name/single/$AS_OF" \
        "$tmp/$name/out/$AS_OF" check-slurm "$name" ||
        fail "$name: the merged set is not the single run's"
    say "$name: 4 tasks COMPLETED, merge COMPLETED, merged set = the single run's"
done
states=$(job_field "${array[failing]}" JobState | sort | uniq -c | xargs)
[ "$states" = "4 FAILED" ] || fail "failing: array tasks $states"
codes=$(job_field "${array[failing]}" ExitCode | cut -d: -f1 | sort -u | xargs)
mstate=$(job_field "${merge[failing]}" JobState)
[ "$mstate" = CANCELLED ] || fail "failing: merge job $mstate, not CANCELLED"
[ -e "$tmp/failing/out" ] && fail "failing: something was written to $tmp/failing/out"
say "failing: 4 tasks FAILED (exit $codes), the merge was CANCELLED (afterok never satisfied)"
say "passed in $(($(date +%s) - start)) s (Slurm up $((up - start)) s, jobs $((done_at - t_submit)) s)"
