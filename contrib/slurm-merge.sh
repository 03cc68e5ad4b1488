#!/bin/bash
# The merge job that follows the array of contrib/slurm-array.sh
# (README "More than one machine"; contrib/slurm-submit.sh submits both):
#
#   sbatch --dependency=afterok:<array job> contrib/slurm-merge.sh \
#          2026-10-31 /shared/out 4
#
# Puts the parts OUT_DIR/AS_OF-shard-K-of-N (K = 0 .. N-1) together into
# OUT_DIR/AS_OF/, the output set a single run writes. It checks first
# that the N parts are all there and no other: a missing part is exit 3.
# The parts name the inputs and the options, so the merge takes no
# others; the inputs must be readable here at the paths split was given.
# Exits 0 when the set was written (also when rows were rejected: exit 1
# of arbatch, see rejects.csv), else with arbatch's exit code.
# ARBATCH names the binary (default: arbatch on PATH).
#SBATCH --job-name=arbatch-merge
#SBATCH --output=arbatch-merge-%j.log
set -u
if [ $# -ne 3 ]; then
    echo "usage: sbatch --dependency=afterok:<array job> $0 AS_OF OUT_DIR N" >&2
    exit 2
fi
as_of=$1 out=$2 n=$3
case $n in
    '' | *[!0-9]* | 0) echo "$0: N must be a number from 1, not '$n'" >&2; exit 2 ;;
esac
parts=() missing=()
for ((k = 0; k < n; k++)); do
    part=$out/$as_of-shard-$k-of-$n
    if [ -f "$part/shard.json" ]; then parts+=("$part"); else missing+=("$k"); fi
done
found=$(compgen -G "$out/$as_of-shard-*-of-$n" | wc -l)
if [ ${#missing[@]} -gt 0 ] || [ "$found" -ne "$n" ]; then
    echo "$0: want the $n parts $out/$as_of-shard-K-of-$n, found $found;" \
         "missing: ${missing[*]:-none}" >&2
    exit 3
fi
"${ARBATCH:-arbatch}" merge --as-of "$as_of" --out "$out" --quiet "${parts[@]}"
rc=$?
echo "arbatch merge: exit $rc"
[ $rc -le 1 ] && exit 0
exit $rc
