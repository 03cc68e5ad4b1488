#!/usr/bin/env bash
# The job files of contrib/ (README "More than one machine") run here,
# without a cluster, on the samples with one rejected row (so the shards
# exit 1, which must not count as a failure), split 4 ways:
# - k8s-indexed-job.yaml and k8s-merge-job.yaml: parsed (python3-yaml),
#   checked (Indexed, completions = SHARDS, the PVC of k8s-pvc.yaml at
#   /data, the same image, SHARDS and AS_OF in both), and their container
#   commands run as Kubernetes would, once per JOB_COMPLETION_INDEX, with
#   /data mapped to a temporary directory;
# - slurm-submit.sh with a stand-in for sbatch that runs each array task
#   with SLURM_ARRAY_TASK_ID and the merge only if every task ended well
#   (afterok): also a failing array (a missing --policy) whose merge
#   must not run;
# - the GNU parallel line of the README and contrib/parallel.sh, also
#   over --sshlogin with a stand-in for ssh, when parallel is installed.
# Every launcher's parts are the same files, and each merged set is the
# single run's (compare_sets.py).
set -u
BUILD=${BUILD:-build}
BIN=$PWD/$BUILD/arbatch
PY=/usr/bin/python3
AS_OF=2026-10-31
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"' EXIT
fail() { echo "FAIL job_files: $*" >&2; exit 1; }
export ARBATCH_LAYOUTS=${ARBATCH_LAYOUTS:-$PWD/layouts}
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99
export UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=99
# the jobs call `arbatch` as on a cluster node: this build, on PATH
mkdir -p "$tmp/bin"
ln -s "$BIN" "$tmp/bin/arbatch"
export PATH="$tmp/bin:$PATH"
unset SLURM_ARRAY_TASK_ID JOB_COMPLETION_INDEX ARBATCH

merged() {  # merged LABEL OUT: the merged set against the single run's
    "$PY" tests/e2e/compare_sets.py "$tmp/single/$AS_OF" "$2/$AS_OF" \
        job_files "$1" || fail "$1: the merged set is not the single run's"
    echo "  $1: merged set = the single run's"
}
# same_parts LABEL OUT: the 4 parts, byte for byte the k8s ones
same_parts() {
    for k in 0 1 2 3; do
        [ -f "$2/$AS_OF-shard-$k-of-4/shard.json" ] || fail "$1: no part $k"
        diff -r "$tmp/data/out/$AS_OF-shard-$k-of-4" "$2/$AS_OF-shard-$k-of-4" \
            >/dev/null || fail "$1: part $k is not the k8s job's"
    done
}

# ---- the inputs (under /data/in as on the volume), single run, split ----
in=$tmp/data/in
mkdir -p "$in"
cp samples/ledger.csv samples/clients.csv samples/costs.csv samples/history.csv "$in/"
echo 'INV,BAD-1,C0001,2026-07-01,2026-07-31,12.345,EUR,,,' >> "$in/ledger.csv"
inputs=(--ledger "$in/ledger.csv" --clients "$in/clients.csv"
        --costs "$in/costs.csv" --history "$in/history.csv" --as-of "$AS_OF")
"$BIN" run "${inputs[@]}" --out "$tmp/single" --quiet 2>/dev/null
[ $? = 1 ] || fail "the single run with a bad row: not exit 1"
"$BIN" split "${inputs[@]}" --shards 4 --out "$tmp/data/split" --quiet 2>/dev/null \
    || fail "split"

# ---- Kubernetes: the Indexed Job, then the merge Job --------------------
cat > "$tmp/k8s.py" <<'PY'
import os, subprocess, sys, yaml

data, what = sys.argv[1], sys.argv[2]
def load(f):
    docs = [d for d in yaml.safe_load_all(open(f)) if d]
    assert len(docs) == 1, f"{f}: {len(docs)} documents"
    return docs[0]
pvc = load("contrib/k8s-pvc.yaml")
assert pvc["kind"] == "PersistentVolumeClaim", pvc["kind"]
assert "ReadWriteMany" in pvc["spec"]["accessModes"]
jobs = {w: load(f"contrib/k8s-{w}-job.yaml") for w in ("indexed", "merge")}
def pod(job):
    spec = job["spec"]["template"]["spec"]
    assert job["apiVersion"] == "batch/v1" and job["kind"] == "Job"
    assert spec["restartPolicy"] == "Never"  # podFailurePolicy wants it
    (c,) = spec["containers"]
    env = {e["name"]: e.get("value", "") for e in c.get("env", [])}
    mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
    vols = {v["name"]: v["persistentVolumeClaim"]["claimName"]
            for v in spec["volumes"]}
    assert mounts == {"data": "/data"} and vols == {"data": pvc["metadata"]["name"]}, (mounts, vols)
    for r in job["spec"].get("podFailurePolicy", {}).get("rules", []):
        assert r["onExitCodes"]["containerName"] == c["name"]
        assert 1 not in r["onExitCodes"]["values"]
    return c, env
ic, ienv = pod(jobs["indexed"])
mc, menv = pod(jobs["merge"])
spec = jobs["indexed"]["spec"]
n = int(ienv["SHARDS"])
assert spec["completionMode"] == "Indexed", spec
assert spec["completions"] == n, "completions is not SHARDS"
assert 1 <= spec["parallelism"] <= n
assert "--split /data/split" in " ".join(ic["command"]) and "auto/$SHARDS" in " ".join(ic["command"])
assert ic["image"] == mc["image"] and menv["SHARDS"] == ienv["SHARDS"] \
    and menv["AS_OF"] == ienv["AS_OF"], "the two jobs disagree"
assert ienv["AS_OF"] == "2026-10-31", "the test's split is as of 2026-10-31"
c, env, indexes = (ic, ienv, range(n)) if what == "indexed" else (mc, menv, [None])
cmd = [a.replace("/data", data) for a in c["command"] + c.get("args", [])]
rcs = []
for k in indexes:
    e = dict(os.environ, **{a: b.replace("/data", data) for a, b in env.items()})
    if k is not None:
        e["JOB_COMPLETION_INDEX"] = str(k)
    rcs.append(subprocess.run(cmd, env=e, stderr=subprocess.DEVNULL).returncode)
print(" ".join(map(str, rcs)))
PY
"$PY" -c 'import yaml' 2>/dev/null || fail "python3-yaml is missing (make deps)"
rcs=$("$PY" "$tmp/k8s.py" "$tmp/data" indexed) || fail "k8s-indexed-job.yaml: $rcs"
[ "$rcs" = "0 0 0 0" ] || fail "k8s indexed job: pod exit codes $rcs"
for k in 0 1 2 3; do
    [ -f "$tmp/data/out/$AS_OF-shard-$k-of-4/shard.json" ] || fail "k8s: no part $k"
done
# the parts are the single run's letters and statements, and its rejects
"$PY" - "$tmp/single/$AS_OF" "$tmp/data/out/$AS_OF-shard-"{0,1,2,3}"-of-4" <<'PY' || fail "k8s parts are not the single run's"
import hashlib, os, sys
def pdfs(root):
    out = {}
    for sub in ("letters", "agency"):
        for d, _, names in os.walk(os.path.join(root, sub)):
            for n in names:
                if n.endswith(".pdf") and not n.startswith("batch-"):
                    p = os.path.join(d, n)
                    out[os.path.relpath(p, root)] = hashlib.sha256(open(p, "rb").read()).digest()
    return out
def rejects(root):
    return sorted(open(os.path.join(root, "rejects.csv"), encoding="utf-8").read().splitlines()[1:])
want, got, rej = pdfs(sys.argv[1]), {}, []
for part in sys.argv[2:]:
    got.update(pdfs(part))
    rej += rejects(part)
assert want and want == got, (len(want), len(got))
assert sorted(rej) == rejects(sys.argv[1]) and rej, "rejects differ"
PY
echo "  k8s-indexed-job.yaml: 4 pods (JOB_COMPLETION_INDEX 0-3) exit 0, parts = the single run's letters and rejects"
rcs=$("$PY" "$tmp/k8s.py" "$tmp/data" merge) || fail "k8s-merge-job.yaml: $rcs"
[ "$rcs" = 0 ] || fail "k8s merge job: exit $rcs"
merged "k8s-merge-job.yaml" "$tmp/data/out"

# ---- Slurm: slurm-submit.sh with a stand-in for sbatch -----------------
# fake sbatch: runs the job at once (tasks one after another), records
# its state; a job --dependency=afterok:J runs only if J ended well
mkdir -p "$tmp/fake" "$tmp/fakebin"
cat > "$tmp/fakebin/sbatch" <<'SH'
#!/bin/bash
set -u
state=$FAKE_SLURM
array= dep= parsable=
while [ $# -gt 0 ]; do
    case $1 in
        --parsable) parsable=1 ;;
        --array=*) array=${1#--array=} ;;
        --dependency=afterok:*) dep=${1#--dependency=afterok:} ;;
        --kill-on-invalid-dep=yes) ;;
        -*) echo "fake sbatch: unexpected option $1" >&2; exit 1 ;;
        *) break ;;
    esac
    shift
done
[ -n "$parsable" ] || { echo "fake sbatch: no --parsable" >&2; exit 1; }
id=$(( $(cat "$state/last" 2>/dev/null || echo 100) + 1 ))
echo $id > "$state/last"
echo "$array ${dep:--} $*" > "$state/$id.args"
if [ -n "$dep" ] && [ "$(cat "$state/$dep.state")" != COMPLETED ]; then
    echo CANCELLED > "$state/$id.state"
else
    st=COMPLETED
    if [ -n "$array" ]; then
        for ((t = ${array%-*}; t <= ${array#*-}; t++)); do
            SLURM_ARRAY_JOB_ID=$id SLURM_ARRAY_TASK_ID=$t bash "$@" \
                > "$state/$id-$t.log" 2>&1 || st=FAILED
        done
    else
        SLURM_JOB_ID=$id bash "$@" > "$state/$id.log" 2>&1 || st=FAILED
    fi
    echo $st > "$state/$id.state"
fi
echo "$id;cluster"
SH
chmod +x "$tmp/fakebin/sbatch"
submitted=$(FAKE_SLURM=$tmp/fake PATH="$tmp/fakebin:$PATH" \
    contrib/slurm-submit.sh "$tmp/data/split" $AS_OF "$tmp/slurm") \
    || fail "slurm-submit.sh: exit $?"
read -r _ aid range <<<"$(grep '^array ' <<<"$submitted")"
read -r _ mid <<<"$(grep '^merge ' <<<"$submitted")"
[ "$range" = 0-3 ] || fail "slurm-submit.sh: array $range, not 0-3"
grep -q "^0-3 - .*/contrib/slurm-array.sh $tmp/data/split $AS_OF $tmp/slurm\$" "$tmp/fake/$aid.args" \
    || fail "slurm-submit.sh: array sbatch: $(cat "$tmp/fake/$aid.args")"
grep -q "^ $aid .*/contrib/slurm-merge.sh $AS_OF $tmp/slurm 4\$" "$tmp/fake/$mid.args" \
    || fail "slurm-submit.sh: merge sbatch: $(cat "$tmp/fake/$mid.args")"
[ "$(cat "$tmp/fake/$aid.state")" = COMPLETED ] || fail "slurm array tasks failed: $(cat "$tmp/fake/$aid"-*.log)"
same_parts slurm "$tmp/slurm"
echo "  slurm-submit.sh: array 0-3 (rows rejected: still ok), merge afterok:$aid; parts = the k8s job's"
[ "$(cat "$tmp/fake/$mid.state")" = COMPLETED ] || fail "slurm merge job: $(cat "$tmp/fake/$mid.log")"
merged "slurm-merge.sh" "$tmp/slurm"
# a real failure (a --policy that is not there: exit 3), the merge never runs
submitted=$(FAKE_SLURM=$tmp/fake PATH="$tmp/fakebin:$PATH" \
    contrib/slurm-submit.sh "$tmp/data/split" $AS_OF "$tmp/slurm-bad" \
    --policy "$tmp/nothing.ini") || fail "slurm-submit.sh (bad option): exit $?"
read -r _ aid _ <<<"$(grep '^array ' <<<"$submitted")"
read -r _ mid <<<"$(grep '^merge ' <<<"$submitted")"
[ "$(cat "$tmp/fake/$aid.state")" = FAILED ] || fail "slurm: an array with a missing policy did not fail"
[ "$(cat "$tmp/fake/$mid.state")" = CANCELLED ] || fail "slurm: the merge ran after a failed array"
contrib/slurm-submit.sh "$tmp/nothing" $AS_OF "$tmp/x" >/dev/null 2>&1
[ $? = 3 ] || fail "slurm-submit.sh without a split: not exit 3"
bash contrib/slurm-merge.sh $AS_OF "$tmp/slurm-bad" 4 >/dev/null 2>&1
[ $? = 3 ] || fail "slurm-merge.sh without its parts: not exit 3"
echo "  slurm-submit.sh: failing array tasks (a --policy that is not there) fail the array, the merge is not run"

# ---- GNU parallel ------------------------------------------------------
if ! command -v parallel >/dev/null; then
    echo "  GNU parallel: not installed (make deps): skipped"
    echo "job_files: the Kubernetes and Slurm job files run as documented"
    exit 0
fi
# the line of README "More than one machine", as it is there
S=$tmp/data/split D=$AS_OF O=$tmp/par
parallel -j4 "arbatch run --split $S --shard {}/4 --as-of $D --out $O --quiet 2>/dev/null || [ \$? = 1 ]" ::: 0 1 2 3 \
    || fail "the parallel line: exit $?"
same_parts "parallel line" "$O"
arbatch merge --as-of $D --out "$O" --quiet "$O/$D"-shard-{0,1,2,3}-of-4 2>/dev/null
[ $? = 1 ] || fail "the parallel line's merge: not exit 1 (rows rejected)"
merged "parallel line" "$O"
# contrib/parallel.sh, here and over ssh (a stand-in that runs the
# command here: the shared file system), with a path that needs quoting
sp="$tmp/a dir's split"
cp -r "$tmp/data/split" "$sp"
JOBS=2 contrib/parallel.sh "$sp" $AS_OF "$tmp/par.sh" 2>"$tmp/par.err"
rc=$?
same_parts "parallel.sh" "$tmp/par.sh"
[ $rc = 1 ] || fail "parallel.sh: exit $rc, not 1 (rows rejected): $(cat "$tmp/par.err")"
merged "parallel.sh" "$tmp/par.sh"
cat > "$tmp/fakebin/ssh" <<'SH'
#!/bin/bash
# ssh [options] host command...: the command, here
while [ $# -gt 0 ]; do
    case $1 in
        -[bcDEeFIiJLlmOopQRSWw]) shift 2 ;;
        -*) shift ;;
        *) shift; break ;;
    esac
done
[ "${1:-}" = -- ] && shift
echo "$*" >> "$FAKE_SLURM/ssh.log"
# sshd sets SHELL to the login shell, and parallel's remote worker runs
# the job with $SHELL: a CI environment may have none to inherit
export SHELL=/bin/bash
exec bash -c "$*"
SH
chmod +x "$tmp/fakebin/ssh"
FAKE_SLURM=$tmp/fake PARALLEL_SSH=$tmp/fakebin/ssh SSHLOGIN=node1,node2 JOBS=1 \
    contrib/parallel.sh "$sp" $AS_OF "$tmp/par.ssh" 2>"$tmp/par.err"
rc=$?
[ -s "$tmp/fake/ssh.log" ] || fail "parallel.sh with SSHLOGIN did not use ssh"
[ -f "$tmp/par.ssh/$AS_OF-shard-0-of-4/shard.json" ] || fail "parallel.sh --sshlogin: no part 0: $(cat "$tmp/par.err")"
same_parts "parallel.sh --sshlogin" "$tmp/par.ssh"
[ $rc != 1 ] && fail "parallel.sh --sshlogin: exit $rc"
merged "parallel.sh --sshlogin" "$tmp/par.ssh"
contrib/parallel.sh "$sp" $AS_OF "$tmp/par.bad" --policy "$tmp/nothing.ini" 2>"$tmp/par.err"
[ $? = 4 ] && grep -q "4 of the 4 shards failed" "$tmp/par.err" \
    || fail "parallel.sh with a failing shard: $(cat "$tmp/par.err")"
echo "  parallel line and contrib/parallel.sh (here and over --sshlogin): parts = the k8s job's; failing shards stop before the merge"
echo "job_files: the Kubernetes, Slurm and GNU parallel job files run as documented"
