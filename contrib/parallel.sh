#!/bin/bash
# A sharded run with GNU parallel (README "More than one machine"): the
# N shards of an `arbatch split` on this machine or, with SSHLOGIN, on
# other machines over ssh, then the merge here.
#
#   contrib/parallel.sh /shared/split 2026-10-31 /shared/out [run options]
#   SSHLOGIN=:,node1,node2 contrib/parallel.sh /shared/split ...
#
# N is read from SPLIT_DIR/split.txt. JOBS shards run at a time on each
# machine (default: N). SSHLOGIN is parallel's --sshlogin list (":" is
# this machine); the machines must see the same paths (a shared file
# system: give them absolute) and have ARBATCH (default: arbatch) on
# PATH. Further arguments go to each `arbatch run` (the options split
# had). A shard whose rows were rejected (exit 1) has still written its
# part; any other failure stops the script before the merge, with exit
# 4. The exit status is then the merge's (0, or 1 with rejected rows).
#
# The same without this script, for 4 shards here:
#   parallel -j4 'arbatch run --split S --shard {}/4 --as-of D --out O --quiet || [ $? = 1 ]' ::: 0 1 2 3 &&
#   arbatch merge --as-of D --out O O/D-shard-{0,1,2,3}-of-4
set -u
if [ $# -lt 3 ]; then
    echo "usage: [SSHLOGIN=host,...] [JOBS=n] $0 SPLIT_DIR AS_OF OUT_DIR [run options]" >&2
    exit 2
fi
split=$1 as_of=$2 out=$3
shift 3
n=$(awk '$1 == "shards" { print $2 }' "$split/split.txt" 2>/dev/null)
case $n in
    '' | *[!0-9]*)
        echo "$0: $split/split.txt names no shards: run arbatch split first" >&2
        exit 3 ;;
esac
# each word single-quoted for the shell parallel starts (here or remote)
q() { printf "'%s' " "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
cmd="$(q "${ARBATCH:-arbatch}")run --split $(q "$split")--shard {}/$n"
cmd+=" --as-of $(q "$as_of")--out $(q "$out")--quiet"
for a in "$@"; do cmd+=" $(q "$a")"; done
where=()
[ -n "${SSHLOGIN:-}" ] && where=(--sshlogin "$SSHLOGIN")
parallel --halt never -j "${JOBS:-$n}" "${where[@]}" "$cmd || [ \$? = 1 ]" \
    ::: $(seq 0 $((n - 1)))
rc=$?
if [ $rc -ne 0 ]; then
    echo "$0: $rc of the $n shards failed (see above): no merge" >&2
    exit 4
fi
parts=()
for ((k = 0; k < n; k++)); do parts+=("$out/$as_of-shard-$k-of-$n"); done
"${ARBATCH:-arbatch}" merge --as-of "$as_of" --out "$out" --quiet "${parts[@]}"
