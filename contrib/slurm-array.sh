#!/bin/bash
# One task of a Slurm job array that runs the shards of an `arbatch split`
# (README "More than one machine"). Split first, then submit one task a
# shard:
#
#   arbatch split --ledger L.csv --clients C.csv --as-of 2026-10-31 \
#                 --shards 4 --out /shared/split
#   sbatch --array=0-3 contrib/slurm-array.sh /shared/split 2026-10-31 /shared/out
#
# (contrib/slurm-submit.sh does this and submits the merge after it.)
# Task K writes /shared/out/2026-10-31-shard-K-of-4/. Any further arguments
# go to `arbatch run` and must be the options split had (--policy,
# --format, --letter-date, --holidays, ...). ARBATCH names the binary
# (default: arbatch on PATH). The task exits 0 when its part was written
# (also when some of its rows were rejected: they are in its rejects.csv),
# else with arbatch's exit code.
#SBATCH --job-name=arbatch-shard
#SBATCH --cpus-per-task=2
#SBATCH --output=arbatch-shard-%A_%a.log
set -u
if [ $# -lt 3 ]; then
    echo "usage: sbatch --array=0-<N-1> $0 SPLIT_DIR AS_OF OUT_DIR [run options]" >&2
    exit 2
fi
split=$1 as_of=$2 out=$3
shift 3
n=$(awk '$1 == "shards" { print $2 }' "$split/split.txt" 2>/dev/null)
if [ -z "$n" ]; then
    echo "$0: $split/split.txt is not there: run arbatch split first" >&2
    exit 3
fi
"${ARBATCH:-arbatch}" run --split "$split" --shard "auto/$n" \
    --as-of "$as_of" --out "$out" --quiet "$@"
rc=$?
[ $rc -le 1 ] && exit 0
exit $rc
