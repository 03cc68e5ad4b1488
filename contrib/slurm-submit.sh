#!/bin/bash
# Submits a whole sharded run to Slurm (README "More than one machine"):
# one array task a shard (contrib/slurm-array.sh), then the merge
# (contrib/slurm-merge.sh), which Slurm starts only once every task has
# ended well (--dependency=afterok) and cancels if one failed.
#
#   arbatch split --ledger /shared/in/L.csv ... --as-of 2026-10-31 \
#                 --shards 4 --out /shared/split
#   contrib/slurm-submit.sh /shared/split 2026-10-31 /shared/out [run options]
#
# N is read from SPLIT_DIR/split.txt. Further arguments go to each
# `arbatch run` (the options split had: --policy, --letter-date, ...).
# Paths must be the same on every node (a shared file system); give them
# absolute. sbatch options come from its own environment variables
# (SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ...); ARBATCH (the
# binary, default arbatch on PATH) is passed on to the jobs with the rest
# of the environment. The logs, arbatch-shard-<job>_<task>.log and
# arbatch-merge-<job>.log, go to the directory sbatch is run from.
# Prints "array <jobid> 0-<N-1>" and "merge <jobid>" on stdout.
set -u
if [ $# -lt 3 ]; then
    echo "usage: $0 SPLIT_DIR AS_OF OUT_DIR [run options]" >&2
    exit 2
fi
split=$1 as_of=$2 out=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd) || exit 2
n=$(awk '$1 == "shards" { print $2 }' "$split/split.txt" 2>/dev/null)
case $n in
    '' | *[!0-9]*)
        echo "$0: $split/split.txt names no shards: run arbatch split first" >&2
        exit 3 ;;
esac
array=$(sbatch --parsable --array="0-$((n - 1))" \
        "$here/slurm-array.sh" "$split" "$as_of" "$out" "$@") || {
    echo "$0: sbatch of the array failed" >&2
    exit 4
}
array=${array%%;*}    # --parsable gives "jobid" or "jobid;cluster"
merge=$(sbatch --parsable --dependency="afterok:$array" \
        --kill-on-invalid-dep=yes \
        "$here/slurm-merge.sh" "$as_of" "$out" "$n") || {
    echo "$0: sbatch of the merge failed; cancel the array with: scancel $array" >&2
    exit 4
}
merge=${merge%%;*}
echo "array $array 0-$((n - 1))"
echo "merge $merge"
