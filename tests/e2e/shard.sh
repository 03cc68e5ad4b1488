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
# under make check a sanitizer's report must not pass for exit 1 (rows
# rejected), which the shard runs may give
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99
export UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=99

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

def rejects(root, name="rejects.csv"):
    with open(os.path.join(root, name), newline="") as f:
        return collections.Counter(tuple(r) for r in list(csv.reader(f))[1:])

single, n, parts = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
want, got = files(single), {}
rej = collections.Counter()
skipped = collections.Counter()
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
    skipped += rejects(part, "skipped.csv")
    assert k == 0 or not rejects(part, "skipped.csv"), "skipped rows in shard %d" % k
missing = sorted(set(want) - set(got))
extra = sorted(set(got) - set(want))
differ = sorted(r for r in want if r in got and want[r] != got[r])
assert not missing and not extra and not differ, (missing[:5], extra[:5], differ[:5])
single_rej = rejects(single)
assert rej == single_rej, (rej - single_rej, single_rej - rej)
assert skipped == rejects(single, "skipped.csv"), "skipped.csv differs"
print(len(want), sum(single_rej.values()))
PY

# merge_parts LABEL SINGLE_SET OUT PART...: merge the parts into
# OUT/<as-of>/ (beside them, as a cluster's merge job does) and compare
# that set with the single run's, file by file, byte for byte (run.json
# without its timings)
merge_parts() {
    local label=$1 single=$2 out=$3
    shift 3
    "$BIN" merge --as-of $AS_OF --out "$out" --quiet "$@" 2>"$out.merge.err"
    [ $? -le 1 ] || fail "$label: the merge failed: $(head -c 600 "$out.merge.err")"
    "$PY" tests/e2e/compare_sets.py "$single" "$out/$AS_OF" shard \
        "$label, merged" >&2 || fail "$label: the merged set is not the single run's"
}

# run_shards NAME N ARGS...: the single run, then N shard runs two at a
# time, compared, and merged
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
    merge_parts "$name, $n shards" "$out/single/$AS_OF" "$out/parts$n" \
        "${parts[@]}"
    echo "  $name, $n shards: $res (files, rejects) the same; merged: the single run's set"
    split_shards "$name" "$n" "$@"
}

# split_shards NAME N ARGS...: split copies of the inputs into N shard
# folders, remove the copies, run the shards on the folders two at a
# time and compare with the single run. The rejects name the copies'
# paths, so the copies are made where the single run read its inputs
# from: the single run's rejects name the same files.
split_shards() {
    local name=$1 n=$2
    shift 2
    local out="$tmp/$name" args=() runargs=() a
    while [ $# -gt 0 ]; do
        case $1 in
        --ledger | --clients | --costs | --history)
            args+=("$1" "$2"); shift 2 ;;
        *) args+=("$1"); runargs+=("$1"); shift ;;
        esac
    done
    rm -rf "$out/split$n" "$out/sparts$n"
    "$BIN" split "${args[@]}" --as-of $AS_OF --shards "$n" \
        --out "$out/split$n" --quiet 2>/dev/null \
        || fail "$name: split into $n failed"
    # the inputs are not there for the shard runs (another machine)
    local hidden=()
    for a in "${args[@]}"; do
        if [ -f "$a" ] && [[ $a != *.ini ]]; then mv "$a" "$a.away"; hidden+=("$a"); fi
    done
    seq 0 $((n - 1)) | xargs -P 2 -I{} sh -c '
        "$0" run --split '"$out/split$n"' "$@" --as-of '$AS_OF' \
            --out '"$out/sparts$n"' --quiet --shard {}/'$n' 2>/dev/null
        [ $? -le 1 ]' "$BIN" ${runargs[@]+"${runargs[@]}"}
    local ok=$?
    for a in ${hidden[@]+"${hidden[@]}"}; do mv "$a.away" "$a"; done
    [ $ok = 0 ] || fail "$name: a run on a shard folder of $n failed"
    local parts=()
    for k in $(seq 0 $((n - 1))); do
        parts+=("$out/sparts$n/$AS_OF-shard-$k-of-$n")
    done
    local res
    res=$("$PY" "$tmp/compare.py" "$out/single/$AS_OF" "$n" "${parts[@]}") \
        || fail "$name, split into $n: not the single run's files and rejects"
    total=$((total + 1))
    merge_parts "$name, split into $n" "$out/single/$AS_OF" "$out/sparts$n" \
        "${parts[@]}"
    echo "  $name, split into $n: $res (files, rejects) the same; merged: the single run's set"
}

mkdir -p "$tmp/in"
cp samples/ledger.csv samples/clients.csv samples/costs.csv \
    samples/history.csv "$tmp/in/"
for n in 1 2 4 7; do
    run_shards samples $n --ledger "$tmp/in/ledger.csv" \
        --clients "$tmp/in/clients.csv" --costs "$tmp/in/costs.csv" \
        --history "$tmp/in/history.csv"
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
"$PY" tests/bench/gen_ledger.py 100000 "$tmp/bench" >/dev/null
for n in 1 2 4 7; do
    run_shards bench $n --ledger "$tmp/bench/ledger.csv" \
        --clients "$tmp/bench/clients.csv" --costs "$tmp/bench/costs.csv" \
        --history "$tmp/bench/history.csv"
done

# exports of other systems (title lines, section and total lines, line
# items, clearing, a client key of several columns, the ledger's own
# addresses): records without a client in shard 0, the rest by the key
# the mapping makes
for preset in quickbooks xero sap-fbl5n bc odoo; do
    f=$(ls tests/fixtures/exports/$preset/*.csv | head -1)
    mkdir -p "$tmp/$preset"
    cp "$f" "$tmp/$preset/ledger.csv"
    for n in 2 7; do
        run_shards "$preset" $n --format "$preset" --ledger "$tmp/$preset/ledger.csv"
    done
done

# a Xero export (group_lines = same) where three clients, each with a
# different email on its first rows, reuse another client's invoice of
# two lines: the merged set is the single run's (split rejected each
# line with its own amount, and took no email from them, before 2026-12)
# and the Reconciliation counts each duplicate invoice once, at its total;
# a duplicate credit note partly allocated counts at its total too, not
# at its open part (the single run's value until 2026-12; split's rows
# gave the total); two of them one after the other in their shard, but
# not in the file, are two documents (split's document_line), not one
"$PY" - "$(ls tests/fixtures/exports/xero/*.csv | head -1)" "$tmp/xerodup/ledger.csv" <<'PY'
import csv, os, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
h = rows[0]
def row(**kw):
    r = [""] * len(h)
    for k, v in kw.items():
        r[h.index(k)] = v
    return r
base = dict(POCity="Nelson", POPostalCode="7010", POCountry="New Zealand",
            InvoiceDate="03/09/2026", DueDate="25/09/2026", Total="1495.00",
            TaxTotal="195.00", InvoiceAmountPaid="0.00",
            InvoiceAmountDue="1495.00", Currency="NZD", Type="Sales invoice",
            Sent="Sent", Status="Awaiting Payment")
for name in ["Zed Roasters", "Yak Coffee", "Xylo Beans"]:
    for amount in ["1000.00", "300.00"]:  # a line each: INV-0412 is taken
        rows.append(row(ContactName=name, EmailAddress="dup@zed.example",
                        InvoiceNumber="INV-0412", LineAmount=amount, **base))
    rows.append(row(ContactName=name, EmailAddress="ap@zed.example",
                    InvoiceNumber="INV-9" + name[:2], LineAmount="1495.00",
                    **base))
    # a credit note of 500.00, 300.00 of it allocated: Zed's owns CN-77
    rows.append(row(ContactName=name, InvoiceNumber="CN-77",
                    **dict(base, Total="-500.00", TaxTotal="0.00",
                           InvoiceAmountPaid="-300.00",
                           InvoiceAmountDue="-200.00", LineAmount="-500.00",
                           Type="Sales credit note")))
# Zed reuses INV-0412 twice more, a row of Yak (another shard of 2)
# between: two documents, as the single run reads them, though Zed's
# shard sees its two rows one after the other
for no in ["INV-0412", "INV-9Y2", "INV-0412"]:
    rows.append(row(ContactName="Yak Coffee" if no == "INV-9Y2" else "Zed Roasters",
                    InvoiceNumber=no, LineAmount="1495.00", **base))
os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
csv.writer(open(sys.argv[2], "w", newline=""), quoting=csv.QUOTE_ALL).writerows(rows)
PY
for n in 2 7; do
    run_shards xerodup $n --format xero --ledger "$tmp/xerodup/ledger.csv"
done
"$PY" - "$tmp/xerodup/single/$AS_OF/run.json" <<'PY' || fail "xerodup: the duplicates are not counted once each at their totals (1,495.00; 500.00)"
import json, sys
rej = json.load(open(sys.argv[1]))["rollforward"]["NZD"]["rejected_rows"]
assert rej["duplicate doc_no"] == {"rows": 7,
                                   "cents": 5 * 149500 + 2 * 50000}, rej
PY

# the hostile corpus (tests/hostile): every file a single run reads
# (exit 0 or 1) gives the same files and rejects split three ways, both
# ways (bad quoting, CR-only and mixed line ends, no final newline, a BOM,
# 2 MB fields, 5,000 duplicates ...); every file it refuses (exit 3),
# split refuses too and leaves nothing
"$PY" tests/hostile/gen.py "$tmp/hostile" >/dev/null || fail "hostile/gen.py"
hostile_same=0 hostile_refused=0
while IFS=$'\t' read -r case ledger clients _; do
    [ "$case" = case ] && continue
    [[ $case == \#* || -z $case ]] && continue
    f="$tmp/hostile/$ledger"
    [ -f "$f" ] || continue
    cl=()
    if [ "$clients" = "=" ]; then cl=(--clients tests/hostile/clients.csv)
    elif [ "$clients" != "-" ]; then cl=(--clients "$tmp/hostile/$clients"); fi
    "$BIN" run --ledger "$f" "${cl[@]}" --as-of $AS_OF --out "$tmp/h/$case/single" \
        --quiet >/dev/null 2>&1
    code=$?
    if [ $code -le 1 ]; then
        run_shards "h/$case" 3 --ledger "$f" "${cl[@]}" >/dev/null
        hostile_same=$((hostile_same + 1))
    elif [ $code = 3 ]; then
        "$BIN" split --ledger "$f" "${cl[@]}" --as-of $AS_OF --shards 3 \
            --out "$tmp/h/$case/split" --quiet >/dev/null 2>&1
        [ $? = 3 ] || fail "hostile $case: the run exits 3, split does not"
        [ -e "$tmp/h/$case/split" ] && fail "hostile $case: a refused split left its directory"
        ls "$tmp/h/$case" | grep -q 'split\.tmp' && fail "hostile $case: a refused split left a temporary directory"
        hostile_refused=$((hostile_refused + 1))
    fi
done < tests/hostile/expected.tsv
[ $hostile_same -gt 20 ] || fail "only $hostile_same hostile files compared"
echo "  hostile corpus: $hostile_same files the same split three ways (both ways), $hostile_refused refused by split as by run"

# ---- the global rules, on a ledger made for them ------------------------
# Two clients in different shards of 2: the first row (A's, in USD)
# decides the base currency for B's blank-currency rows; D, in B's shard,
# reuses A's invoice number (rejected as D's row, in D's shard: not B's,
# whose letter a rejected row would hold); a row without a client id is
# rejected once, by shard 0.
pick=$("$PY" - <<'PY'
def fnv(s):
    h = 14695981039346656037
    for b in s.encode():
        h = ((h ^ b) * 1099511628211) % (1 << 64)
    return h
a = next("A%d" % i for i in range(100) if fnv("A%d" % i) % 2 == 1)
b = next("B%d" % i for i in range(100) if fnv("B%d" % i) % 2 == 0)
d = next("D%d" % i for i in range(100) if fnv("D%d" % i) % 2 == 0)
print(a, b, d)
PY
)
read -r A B D <<<"$pick"
mkdir -p "$tmp/rules"
cat > "$tmp/rules/ledger.csv" <<CSV
doc_type,doc_no,client_id,doc_date,due_date,amount,currency,applies_to,settled_date,disputed
INV,X-1,$A,2026-07-01,2026-07-15,1200.00,USD,,,
INV,X-2,$B,2026-07-02,2026-07-16,800.00,,,,
INV,X-1,$D,2026-07-03,2026-07-17,500.00,,,,
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
for r in "$tmp/rules/parts2/$AS_OF" "$tmp/rules/sparts2/$AS_OF"; do
    grep -q "^.*ledger.csv,4,doc_no,duplicate doc_no,X-1" "$r-shard-0-of-2/rejects.csv" \
        || fail "the duplicate X-1 of $D (shard 0) is not rejected by shard 0"
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
done
# what split settled: the base currency, the duplicate with its owner's
# line, the row without a client in shard 0's copy, each client's rows
# in its own shard's copy only
sp="$tmp/rules/split2"
grep -qx 'base_currency USD' "$sp/split.txt" || fail "split.txt: no base_currency USD"
grep -qx '4,2,4' "$sp/shard-0-of-2/duplicates.csv" \
    || fail "shard 0's duplicates.csv does not name line 4 (owner line 2, a document of its own)"
[ "$(wc -l < "$sp/shard-1-of-2/duplicates.csv")" = 1 ] \
    || fail "shard 1 has duplicates"
grep -q ',X-3,,' "$sp/shard-0-of-2/ledger.csv" || fail "the row without client is not in shard 0's copy"
grep -q "$B" "$sp/shard-1-of-2/ledger.csv" && fail "$B's rows in shard 1's copy"
grep -q "$A" "$sp/shard-0-of-2/ledger.csv" && fail "$A's rows in shard 0's copy"
[ "$(cat "$sp/shard-0-of-2/ledger.lines" | tr '\n' ' ')" = "1 3 4 5 6 " ] \
    || fail "shard 0's ledger.lines: $(cat "$sp/shard-0-of-2/ledger.lines")"
echo "  rules: duplicate across shards, base currency from another shard, row without client: as the single run"

# the ledger's only settlement information is a duplicate (B's invoice
# X-1 with a settled_date, rejected: A's X-1 owns the number): the single
# run counted it before the duplicates were known, and so must the shard
# whose row it is, or the merged run.json warns of a ledger without any
mkdir -p "$tmp/settle"
cat > "$tmp/settle/ledger.csv" <<CSV
doc_type,doc_no,client_id,doc_date,due_date,amount,currency,applies_to,settled_date,disputed
INV,X-1,$A,2026-07-01,2026-07-15,1200.00,USD,,,
INV,X-1,$B,2026-07-02,2026-07-16,800.00,USD,,2026-08-01,
CSV
run_shards settle 2 --ledger "$tmp/settle/ledger.csv" --clients "$tmp/rules/clients.csv"
grep -q "no settlement information" "$tmp/settle/single/$AS_OF/run.json" &&
    fail "settle: the single run warns of no settlement information"

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
check_usage "split without --shards" "split needs --shards" \
    "$BIN" split --ledger samples/ledger.csv --as-of $AS_OF --out "$tmp/err3"
check_usage "split --shards 0" "not a number from 1" \
    "$BIN" split --ledger samples/ledger.csv --as-of $AS_OF --out "$tmp/err3" --shards 0
check_usage "--split with --ledger" "give none of --ledger" \
    "$BIN" run --split "$tmp/rules/split2" --ledger x --shard 0/2 --as-of $AS_OF --out "$tmp/err3"
check_usage "--split without --shard" "belongs to run --shard" \
    "$BIN" run --split "$tmp/rules/split2" --as-of $AS_OF --out "$tmp/err3"
check_usage "--split of 2 as 0/3" "was split with shards 2, this run has 3" \
    "$BIN" run --split "$tmp/rules/split2" --shard 0/3 --as-of $AS_OF --out "$tmp/err3"
check_usage "--split with another --as-of" "was split with --as-of 2026-10-31" \
    "$BIN" run --split "$tmp/rules/split2" --shard 0/2 --as-of 2026-09-30 --out "$tmp/err3"
check_usage "--split with a --policy split did not have" "was split with other options (--policy: split had none, this run has a file with sha256" \
    "$BIN" run --split "$tmp/rules/split2" --shard 0/2 --as-of $AS_OF --out "$tmp/err3" \
    --policy layouts/policy.ini
"$BIN" run --split "$tmp/nothing" --shard 0/2 --as-of $AS_OF --out "$tmp/err3" 2>/dev/null
[ $? = 3 ] || fail "--split of a missing folder: not exit 3"
[ -e "$tmp/err3" ] && fail "a refused run left $tmp/err"
# a damaged line map is refused, not read with wrong line numbers
cp -r "$tmp/rules/split2" "$tmp/damaged"
printf '1\n' > "$tmp/damaged/shard-0-of-2/ledger.lines"
msg=$("$BIN" run --split "$tmp/damaged" --shard 0/2 --as-of $AS_OF --out "$tmp/err2" 2>&1)
[ $? = 3 ] && grep -q 'does not number the lines' <<<"$msg" \
    || fail "a damaged ledger.lines: \"$msg\""
[ -e "$tmp/err2/$AS_OF-shard-0-of-2" ] && fail "a damaged shard folder gave a part"
# fonts cut to characters split did not list would change the letters:
# refused (exit 4), nothing published
cp -r "$tmp/rules/split2" "$tmp/fewchars"
sed -i 's/^chars letters .*/chars letters 20-40/' "$tmp/fewchars/split.txt"
msg=$("$BIN" run --split "$tmp/fewchars" --shard 0/2 --as-of $AS_OF --out "$tmp/err4" 2>&1)
[ $? = 4 ] && grep -q 'did not find' <<<"$msg" \
    || fail "a split.txt short of characters: \"$msg\""
[ -e "$tmp/err4/$AS_OF-shard-0-of-2" ] && fail "a part with other fonts was published"
# split replaces an earlier split, and refuses a directory that is not one
"$BIN" split --ledger "$tmp/rules/ledger.csv" --as-of $AS_OF --shards 3 \
    --out "$tmp/rules/split2" --quiet 2>/dev/null || fail "split over an earlier split"
grep -qx 'shards 3' "$tmp/rules/split2/split.txt" || fail "the earlier split was not replaced"
ls "$tmp/rules" | grep -q 'split2\.' && fail "split left $(ls "$tmp/rules")"
mkdir -p "$tmp/other" && touch "$tmp/other/keep"
"$BIN" split --ledger "$tmp/rules/ledger.csv" --as-of $AS_OF --shards 2 \
    --out "$tmp/other" --quiet 2>/dev/null
[ $? = 4 ] && [ -f "$tmp/other/keep" ] || fail "split over a directory that is no split"
# a letter removed from a shard run's temporary directory while it runs:
# the part is not published (exit 4, "incomplete"), as for a whole set
mkdir -p "$tmp/gone"
"$BIN" run --ledger "$tmp/bench/ledger.csv" --clients "$tmp/bench/clients.csv" \
    --as-of $AS_OF --out "$tmp/gone" --quiet --shard 0/2 --jobs 1 \
    2>"$tmp/gone.err" &
pid=$!
victim=
for _ in $(seq 1000); do
    victim=$(compgen -G "$tmp/gone/.$AS_OF-shard-0-of-2.tmp-*/letters/*/*.pdf" | head -1)
    [ -n "$victim" ] && break
    sleep 0.005
done
if [ -n "$victim" ] && kill -STOP $pid 2>/dev/null; then
    rm -f "$victim"
    kill -CONT $pid
    wait $pid
    rc=$?
    [ $rc = 4 ] && grep -q incomplete "$tmp/gone.err" \
        || fail "a letter removed from a shard's part: exit $rc, $(head -c 300 "$tmp/gone.err")"
    [ -e "$tmp/gone/$AS_OF-shard-0-of-2" ] && fail "an incomplete part was published"
    echo "  a letter removed under a shard run: no part published, exit 4"
else
    wait $pid
    echo "  (a letter removed under a shard run: SKIP, the run ended first)"
fi

# two shards into one new --out: the one that made the directory removes
# it, empty, when it is done (a failed run leaves nothing), while the
# other still makes its temporary files there (an empty directory: they
# are unlinked). The other makes it again and publishes its part (it
# failed with exit 4 about one time in five in shard.sh before).
SHIM=$BUILD/soak/no_exchange.so
if [ ! -f "$SHIM" ]; then
    SHIM=$tmp/no_exchange.so
    ${CC:-cc} -O2 -shared -fPIC tests/soak/no_exchange.c -o "$SHIM" -ldl ||
        fail "cannot build the shim"
fi
rm -rf "$tmp/sibling"
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
LD_PRELOAD=$SHIM SIBLING_RMDIR=.arbatch-spool "$BIN" run --split "$tmp/gen1/split2" \
    --shard 0/2 --as-of $AS_OF --out "$tmp/sibling" --quiet 2>"$tmp/sibling.err"
[ $? -le 1 ] && [ -f "$tmp/sibling/$AS_OF-shard-0-of-2/shard.json" ] ||
    fail "a shard whose --out a sibling removed: $(cat "$tmp/sibling.err")"
echo "  a shard whose --out a sibling shard removed (empty) makes it again and publishes"

# a killed split leaves no split and no half-written one; the next split
# removes what it left and puts a whole one in place
mkdir -p "$tmp/kill"
"$BIN" split --ledger "$tmp/bench/ledger.csv" --clients "$tmp/bench/clients.csv" \
    --as-of $AS_OF --shards 3 --out "$tmp/kill/sp" --quiet 2>/dev/null &
pid=$!
for _ in $(seq 500); do
    ls "$tmp/kill" | grep -q 'sp\.tmp-' && break
    sleep 0.01
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
if [ -e "$tmp/kill/sp" ] && [ -n "$(ls -A "$tmp/kill/sp")" ]; then
    [ -f "$tmp/kill/sp/split.txt" ] || fail "a killed split left a directory that is no split"
fi
"$BIN" split --ledger "$tmp/bench/ledger.csv" --clients "$tmp/bench/clients.csv" \
    --as-of $AS_OF --shards 3 --out "$tmp/kill/sp" --quiet 2>/dev/null \
    || fail "the split after a killed one failed"
[ "$(ls "$tmp/kill")" = sp ] || fail "after a killed split: $(ls "$tmp/kill")"
grep -qx 'shards 3' "$tmp/kill/sp/split.txt" || fail "the split after a killed one"
echo "  --shard and --split usage errors exit 2; auto/N reads SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX"

# ---- contrib/slurm-array.sh, each task as Slurm starts it ---------------
sp="$tmp/bench/split4"
"$BIN" split --ledger "$tmp/bench/ledger.csv" --clients "$tmp/bench/clients.csv" \
    --costs "$tmp/bench/costs.csv" --history "$tmp/bench/history.csv" \
    --as-of $AS_OF --shards 4 --out "$sp" --quiet 2>/dev/null || fail "split for slurm"
seq 0 3 | xargs -P 2 -I{} env -u JOB_COMPLETION_INDEX SLURM_ARRAY_TASK_ID={} \
    ARBATCH="$PWD/$BIN" bash contrib/slurm-array.sh "$sp" $AS_OF "$tmp/slurm" \
    2>/dev/null || fail "contrib/slurm-array.sh failed"
parts=()
for k in 0 1 2 3; do parts+=("$tmp/slurm/$AS_OF-shard-$k-of-4"); done
res=$("$PY" "$tmp/compare.py" "$tmp/bench/single/$AS_OF" 4 "${parts[@]}") \
    || fail "contrib/slurm-array.sh: not the single run's files"
bash contrib/slurm-array.sh "$sp" 2>/dev/null
[ $? = 2 ] || fail "contrib/slurm-array.sh without its arguments: not exit 2"
echo "  contrib/slurm-array.sh as 4 array tasks: $res (files, rejects) the same"

echo "shard: $total comparisons of shard runs with the single run, the global rules and usage errors as expected"
