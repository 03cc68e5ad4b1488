#!/usr/bin/env bash
# Past one machine, phase 1 (issue #21; README "More than one machine"):
# `run --shard K/N` on the whole ledger writes, for the clients whose id
# hashes to K (FNV-1a 64 mod N), the same letters and agency statements,
# byte for byte, as the single run, and the rejects of its rows; the
# shards together list exactly the single run's rejects. Checked on the
# samples, a fold_gen ledger (duplicates in and across clients, blank
# currencies) folding and in memory, and the bench generator's data, at
# N = 1, 2, 4, 7 with the shards run two at a time (xargs -P 2), and
# with `split` + shard runs on the shard folders when split exists.
# Cases built for the global rules: a doc_no used by clients of two
# shards (SPEC §8.8), the base currency decided by another shard's row
# (§8.23), a row without a client id (shard 0, counted once); and the
# usage errors of --shard (exit 2).
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/arbatch
PY=/usr/bin/python3
AS_OF=2026-10-31
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL shard: $*" >&2; exit 1; }
export ARBATCH_LAYOUTS=${ARBATCH_LAYOUTS:-$PWD/layouts}

# compare.py SINGLE_SET N PART_DIR...: every per-client file the same,
# rejects the same multiset, each shard's letters its own clients'
cat > "$tmp/compare.py" <<'PY'
import collections, csv, hashlib, json, os, sys

def fnv(s):
    h = 14695981039346656037
    for b in s.encode():
        h = ((h ^ b) * 1099511628211) % (1 << 64)
    return h

def files(root):
    out = {}
    for sub in ("letters", "agency"):
        base = os.path.join(root, sub)
        for d, _, names in os.walk(base):
            for n in names:
                if not n.endswith(".pdf") or n.startswith("batch-"):
                    continue
                p = os.path.join(d, n)
                out[os.path.relpath(p, root)] = hashlib.sha256(
                    open(p, "rb").read()).hexdigest()
    return out

def rejects(root):
    with open(os.path.join(root, "rejects.csv"), newline="") as f:
        return collections.Counter(tuple(r) for r in list(csv.reader(f))[1:])

single, n, parts = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
want, got = files(single), {}
rej = collections.Counter()
clients_file = None
for k, part in enumerate(parts):
    meta = json.load(open(os.path.join(part, "shard.json")))
    assert meta["shard"] == k and meta["shards"] == n, (part, meta)
    for rel, sha in files(part).items():
        assert rel not in got, "%s written by two shards" % rel
        got[rel] = sha
        cid = os.path.basename(rel)[:-4]
        # ids of [A-Z0-9._-] keep their name: their shard is checkable
        if all(c.isalnum() or c in "._-" for c in cid) and cid.upper() == cid:
            assert fnv(cid) % n == k, "%s in shard %d of %d" % (rel, k, n)
    rej += rejects(part)
missing = sorted(set(want) - set(got))
extra = sorted(set(got) - set(want))
differ = sorted(r for r in want if r in got and want[r] != got[r])
assert not missing and not extra and not differ, (missing[:5], extra[:5], differ[:5])
single_rej = rejects(single)
assert rej == single_rej, (rej - single_rej, single_rej - rej)
print(len(want), sum(single_rej.values()))
PY

# run_shards NAME N ARGS...: the single run, then N shard runs two at a
# time, compared
total=0
run_shards() {
    local name=$1 n=$2
    shift 2
    local out="$tmp/$name"
    if [ ! -d "$out/single/$AS_OF" ]; then
        "$BIN" run "$@" --as-of $AS_OF --out "$out/single" --quiet 2>/dev/null
        [ $? -le 1 ] || fail "$name: the single run failed"
    fi
    rm -rf "$out/parts$n"
    seq 0 $((n - 1)) | xargs -P 2 -I{} sh -c '
        "$0" run "$@" --as-of '$AS_OF' --out '"$out/parts$n"' --quiet \
            --shard {}/'$n' 2>/dev/null; [ $? -le 1 ]' "$BIN" "$@" \
        || fail "$name: a shard run of $n failed"
    local parts=()
    for k in $(seq 0 $((n - 1))); do
        parts+=("$out/parts$n/$AS_OF-shard-$k-of-$n")
    done
    local res
    res=$("$PY" "$tmp/compare.py" "$out/single/$AS_OF" "$n" "${parts[@]}") \
        || fail "$name, $n shards: not the single run's files and rejects"
    total=$((total + 1))
    echo "  $name, $n shards: $res (files, rejects) the same"
}

for n in 1 2 4 7; do
    run_shards samples $n --ledger samples/ledger.csv \
        --clients samples/clients.csv --costs samples/costs.csv \
        --history samples/history.csv
done

mkdir -p "$tmp/g1" "$tmp/bench"
"$PY" tests/e2e/fold_gen.py 1 "$tmp/g1"
for n in 1 2 4 7; do
    run_shards gen1 $n --ledger "$tmp/g1/ledger.csv" \
        --clients "$tmp/g1/clients.csv"
done
# the same folding (a large ledger's way, README "Large ledgers")
for n in 2 7; do
    ARBATCH_FOLD_ABOVE=0 ARBATCH_FOLD_PART_BYTES=4096 run_shards gen1fold $n \
        --ledger "$tmp/g1/ledger.csv" --clients "$tmp/g1/clients.csv"
done
"$PY" tests/bench/gen_ledger.py 20000 "$tmp/bench" >/dev/null
for n in 1 2 4 7; do
    run_shards bench $n --ledger "$tmp/bench/ledger.csv" \
        --clients "$tmp/bench/clients.csv" --costs "$tmp/bench/costs.csv" \
        --history "$tmp/bench/history.csv"
done

# ---- the global rules, on a ledger made for them ------------------------
# Two clients in different shards of 2: the first row (A's, in USD)
# decides the base currency for B's blank-currency rows; B reuses A's
# invoice number (rejected as B's row, in B's shard); a row without a
# client id is rejected once, by shard 0.
pick=$("$PY" - <<'PY'
def fnv(s):
    h = 14695981039346656037
    for b in s.encode():
        h = ((h ^ b) * 1099511628211) % (1 << 64)
    return h
a = next("A%d" % i for i in range(100) if fnv("A%d" % i) % 2 == 1)
b = next("B%d" % i for i in range(100) if fnv("B%d" % i) % 2 == 0)
print(a, b)
PY
)
read -r A B <<<"$pick"
mkdir -p "$tmp/rules"
cat > "$tmp/rules/ledger.csv" <<CSV
doc_type,doc_no,client_id,doc_date,due_date,amount,currency,applies_to,settled_date,disputed
INV,X-1,$A,2026-07-01,2026-07-15,1200.00,USD,,,
INV,X-2,$B,2026-07-02,2026-07-16,800.00,,,,
INV,X-1,$B,2026-07-03,2026-07-17,500.00,,,,
INV,X-3,,2026-07-04,2026-07-18,70.00,,,,
INV,X-4,$B,2026-08-01,2026-08-15,300.00,,,,
CSV
cat > "$tmp/rules/clients.csv" <<CSV
client_id,name,address1,city,postal_code,country
$A,Alpha Ltd,1 Main Street,Springfield,12345,US
$B,Beta Ltd,2 Side Street,Springfield,12346,US
CSV
for n in 2; do
    run_shards rules $n --ledger "$tmp/rules/ledger.csv" \
        --clients "$tmp/rules/clients.csv"
done
r="$tmp/rules/parts2/$AS_OF"
grep -q "^.*ledger.csv,4,doc_no,duplicate doc_no,X-1" "$r-shard-0-of-2/rejects.csv" \
    || fail "the duplicate X-1 of $B (shard 0) is not rejected by shard 0"
grep -q "duplicate" "$r-shard-1-of-2/rejects.csv" \
    && fail "shard 1 rejects another shard's duplicate"
[ "$(grep -c 'ledger.csv,5,client_id' "$r-shard-0-of-2/rejects.csv" "$r-shard-1-of-2/rejects.csv" | awk -F: '{s += $2} END {print s}')" = 1 ] \
    || fail "the row without a client id is not rejected exactly once"
grep -q 'ledger.csv,5,client_id' "$r-shard-0-of-2/rejects.csv" \
    || fail "the row without a client id is not shard 0's"
# B's letter is in USD, the currency of A's row in the other shard
letter=$(find "$r-shard-0-of-2/letters" -name "$B.pdf")
[ -n "$letter" ] || fail "no letter for $B"
pdftotext "$letter" - | grep -q 'USD' \
    || fail "$B's letter does not show USD, the base currency from $A's row"
echo "  rules: duplicate across shards, base currency from another shard, row without client: as the single run"

# ---- usage errors -------------------------------------------------------
args=(run --ledger samples/ledger.csv --as-of $AS_OF --out "$tmp/err" --quiet)
check_usage() {
    local what=$1 want=$2
    shift 2
    local msg code
    msg=$(env -u SLURM_ARRAY_TASK_ID -u JOB_COMPLETION_INDEX "$@" 2>&1 >/dev/null)
    code=$?
    [ $code = 2 ] || fail "$what: exit $code, not 2"
    grep -q -- "$want" <<<"$msg" || fail "$what: message \"$msg\""
}
check_usage "--shard 4/4" "out of range" "$BIN" "${args[@]}" --shard 4/4
check_usage "--shard 1/0" "not K/N" "$BIN" "${args[@]}" --shard 1/0
check_usage "--shard x/4" "not K/N" "$BIN" "${args[@]}" --shard x/4
check_usage "--shard auto/4 without env" "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX" \
    "$BIN" "${args[@]}" --shard auto/4
check_usage "--shard auto/4, SLURM_ARRAY_TASK_ID=4" "out of range" \
    env SLURM_ARRAY_TASK_ID=4 "$BIN" "${args[@]}" --shard auto/4
check_usage "--shard with validate" "belongs to run" \
    "$BIN" validate --ledger samples/ledger.csv --shard 0/2
[ -e "$tmp/err" ] && fail "a refused run left $tmp/err"
SLURM_ARRAY_TASK_ID=3 "$BIN" "${args[@]}" --shard auto/4 2>/dev/null
[ -f "$tmp/err/$AS_OF-shard-3-of-4/shard.json" ] \
    || fail "auto/4 with SLURM_ARRAY_TASK_ID=3 did not write shard 3 of 4"
env -u SLURM_ARRAY_TASK_ID JOB_COMPLETION_INDEX=1 "$BIN" "${args[@]}" --shard auto/4 2>/dev/null
[ -f "$tmp/err/$AS_OF-shard-1-of-4/shard.json" ] \
    || fail "auto/4 with JOB_COMPLETION_INDEX=1 did not write shard 1 of 4"
echo "  --shard usage errors exit 2; auto/N reads SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX"

echo "shard: $total comparisons of shard runs with the single run, the global rules and usage errors as expected"
