#!/usr/bin/env bash
# arbatch merge refuses parts that do not make one run (issue #21; README
# "More than one machine"), with exit 3 naming the odd part, and writes
# nothing: parts of another as-of date, of another N, of other inputs,
# of another policy; a shard missing; a shard given twice; a part folder
# without its summary; a summary of another version; a shard run killed
# before it published its part. Usage errors (no parts, no --as-of, run
# options) are exit 2. And a merge of good parts beside a refused one
# still writes the single run's set.
set -u
BUILD=${BUILD:-build}
BIN=$BUILD/arbatch
PY=/usr/bin/python3
AS_OF=2026-10-31
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL merge_refuse: $*" >&2; exit 1; }
export ARBATCH_LAYOUTS=${ARBATCH_LAYOUTS:-$PWD/layouts}
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99
export UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=99

cp samples/ledger.csv samples/clients.csv samples/costs.csv \
    samples/history.csv "$tmp/"
IN=(--ledger "$tmp/ledger.csv" --clients "$tmp/clients.csv"
    --costs "$tmp/costs.csv" --history "$tmp/history.csv")

# shards OUT N AS_OF [ARGS...]: the N shard runs of the samples
shards() {
    local out=$1 n=$2 day=$3
    shift 3
    for k in $(seq 0 $((n - 1))); do
        "$BIN" run "${IN[@]}" "$@" --as-of "$day" --out "$out" --quiet \
            --shard "$k/$n" 2>/dev/null
        [ $? -le 1 ] || fail "shard $k/$n as of $day failed"
    done
}

# refused WHAT EXPECT MERGE-ARGS...: exit 3, the message says EXPECT, and
# no set was published
refused() {
    local what=$1 expect=$2
    shift 2
    local out
    out=$("$BIN" merge --as-of $AS_OF --out "$tmp/m" --quiet "$@" 2>&1)
    local code=$?
    [ $code = 3 ] || fail "$what: exit $code, not 3 ($out)"
    grep -q -- "$expect" <<<"$out" || fail "$what: the message does not say '$expect': $out"
    [ -e "$tmp/m/$AS_OF" ] && fail "$what: a set was published"
    echo "  $what: refused (exit 3): $(head -c 160 <<<"$out")"
}

"$BIN" run "${IN[@]}" --as-of $AS_OF --out "$tmp/single" --quiet 2>/dev/null
[ $? -le 1 ] || fail "the single run failed"
shards "$tmp/a" 3 $AS_OF
P="$tmp/a/$AS_OF-shard"
shards "$tmp/b" 2 $AS_OF
shards "$tmp/c" 3 2026-09-30
printf '[dunning]\nmin_letter_amount = 1.00\n' > "$tmp/other.ini"
shards "$tmp/d" 3 $AS_OF --policy "$tmp/other.ini"

refused "a shard missing" "shard 1 of 3 is missing" "$P-0-of-3" "$P-2-of-3"
refused "a shard given twice" "given twice" "$P-0-of-3" "$P-1-of-3" "$P-1-of-3"
refused "a part of another N" "not of one run" "$P-1-of-3" "$P-2-of-3" \
    "$tmp/b/$AS_OF-shard-0-of-2"
refused "a part of another as-of date" "not of --as-of" "$P-0-of-3" \
    "$P-1-of-3" "$tmp/c/2026-09-30-shard-2-of-3"
refused "a part of another policy" "policy" "$P-0-of-3" "$P-1-of-3" \
    "$tmp/d/$AS_OF-shard-2-of-3"
# other inputs: the same files, one of them changed after the shards ran
cp -r "$tmp/a" "$tmp/e"
echo "C999,Late Client,,,,,,,,,,," >> "$tmp/clients.csv"
refused "a clients file changed since the shards" "changed since the shards" \
    "$tmp/e/$AS_OF-shard-0-of-3" "$tmp/e/$AS_OF-shard-1-of-3" \
    "$tmp/e/$AS_OF-shard-2-of-3"
cp samples/clients.csv "$tmp/clients.csv"
# a shard given another history file (the 4th input; the ledger, the 1st,
# is the same): the refusal names the history file, not the first input
cp "$tmp/history.csv" "$tmp/history2.csv"
echo >> "$tmp/history2.csv"
cp -r "$tmp/a" "$tmp/h"
rm -rf "$tmp/h/$AS_OF-shard-2-of-3"
"$BIN" run --ledger "$tmp/ledger.csv" --clients "$tmp/clients.csv" \
    --costs "$tmp/costs.csv" --history "$tmp/history2.csv" --as-of $AS_OF \
    --out "$tmp/h" --quiet --shard 2/3 2>/dev/null
[ $? -le 1 ] || fail "shard 2/3 with another history failed"
refused "a shard of another history file" "its history file is not" \
    "$tmp/h/$AS_OF-shard-0-of-3" "$tmp/h/$AS_OF-shard-1-of-3" \
    "$tmp/h/$AS_OF-shard-2-of-3"
rm -rf "$tmp/h" "$tmp/history2.csv"
# the policy is read again from its path too: edited after the shards ran
# (here one key the batches show: duplex), it is refused, not used
cp "$tmp/other.ini" "$tmp/other.ini.kept"
printf '[letters]\nduplex = yes\n' >> "$tmp/other.ini"
refused "a policy changed since the shards" "other.ini: changed since the shards" \
    "$tmp/d/$AS_OF-shard-0-of-3" "$tmp/d/$AS_OF-shard-1-of-3" \
    "$tmp/d/$AS_OF-shard-2-of-3"
mv "$tmp/other.ini.kept" "$tmp/other.ini"
# parts of another arbatch (a cluster image older than the merge's)
cp -r "$tmp/a" "$tmp/f"
for k in 0 1 2; do
    "$PY" -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE meta SET value = ? WHERE key = ?", ("0.0.9", "arbatch")); c.commit()' \
        "$tmp/f/$AS_OF-shard-$k-of-3/summary.sqlite"
done
refused "parts of another arbatch" "a part of arbatch 0.0.9" \
    "$tmp/f/$AS_OF-shard-0-of-3" "$tmp/f/$AS_OF-shard-1-of-3" \
    "$tmp/f/$AS_OF-shard-2-of-3"
# a shard that drew with other layouts (another letterhead on one node):
# its part differs from the others, and all differ from the merge's own
cp -r "$ARBATCH_LAYOUTS" "$tmp/lay"
sed -i 's/^company:.*/company: Another Sender Ltd/' "$tmp/lay/letterhead.txt"
ARBATCH_LAYOUTS="$tmp/lay" "$BIN" run "${IN[@]}" --as-of $AS_OF \
    --out "$tmp/g" --quiet --shard 2/3 2>/dev/null
refused "a shard drawn with other layouts" "its layouts (sha256 of the layouts directory and its fonts" \
    "$P-0-of-3" "$P-1-of-3" "$tmp/g/$AS_OF-shard-2-of-3"
for k in 0 1; do
    ARBATCH_LAYOUTS="$tmp/lay" "$BIN" run "${IN[@]}" --as-of $AS_OF \
        --out "$tmp/g" --quiet --shard $k/3 2>/dev/null
done
refused "parts drawn with layouts the merge does not have" \
    "these layouts are not the ones the shards drew" "$tmp/g/$AS_OF-shard-0-of-3" \
    "$tmp/g/$AS_OF-shard-1-of-3" "$tmp/g/$AS_OF-shard-2-of-3"
# the merge's layouts copied with a link to themselves (self -> .): the
# same layouts, not the tree hashed again down to ELOOP
cp -r "$ARBATCH_LAYOUTS" "$tmp/lay-self"
ln -s . "$tmp/lay-self/self"
out=$(ARBATCH_LAYOUTS="$tmp/lay-self" "$BIN" merge --as-of $AS_OF \
      --out "$tmp/m-self" --quiet "$P-0-of-3" "$P-1-of-3" "$P-2-of-3" 2>&1)
[ $? -le 1 ] || fail "layouts with a link to themselves refused: $out"
rm -rf "$tmp/lay-self" "$tmp/m-self"
# the same layouts text, but a font file whose bytes changed between the
# shards and the merge (another font package on the merge's machine)
cp -r "$ARBATCH_LAYOUTS" "$tmp/layf"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf "$tmp/bold.ttf"
sed -i "s|^font_bold:.*|font_bold: $tmp/bold.ttf|" "$tmp/layf/letterhead.txt"
for k in 0 1 2; do
    ARBATCH_LAYOUTS="$tmp/layf" "$BIN" run "${IN[@]}" --as-of $AS_OF \
        --out "$tmp/fo" --quiet --shard $k/3 2>/dev/null
done
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$tmp/bold.ttf"
out=$(ARBATCH_LAYOUTS="$tmp/layf" "$BIN" merge --as-of $AS_OF --out "$tmp/fo" \
    --quiet "$tmp/fo/$AS_OF-shard-0-of-3" "$tmp/fo/$AS_OF-shard-1-of-3" \
    "$tmp/fo/$AS_OF-shard-2-of-3" 2>&1)
[ $? = 3 ] && grep -q "these layouts are not the ones" <<<"$out" ||
    fail "a font file changed since the shards: not refused: $out"
[ -e "$tmp/fo/$AS_OF" ] && fail "a font file changed: a set was published"
echo "  a font file the letterhead names, changed since the shards: refused (exit 3)"
# one shard given another --gl-balance
"$BIN" run "${IN[@]}" --as-of $AS_OF --out "$tmp/h" --quiet --shard 1/3 \
    --gl-balance 123456.78 2>/dev/null
refused "a shard with another --gl-balance" "its --gl-balance is base=123456.78" \
    "$P-0-of-3" "$tmp/h/$AS_OF-shard-1-of-3" "$P-2-of-3"
# the split's folders given in place of the parts
"$BIN" split "${IN[@]}" --as-of $AS_OF --shards 3 --out "$tmp/sp" --quiet 2>/dev/null
refused "a split's shard folders" "is a split's folder (what run --split reads)" \
    "$tmp/sp/shard-0-of-3" "$tmp/sp/shard-1-of-3" "$tmp/sp/shard-2-of-3"
# a folder that is not a finished part
mkdir -p "$tmp/notapart"
refused "a folder without a summary" "holds no summary.sqlite" "$P-0-of-3" \
    "$P-1-of-3" "$tmp/notapart"
cp -r "$P-2-of-3" "$tmp/v2"
"$PY" -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = 99"); c.commit()' \
    "$tmp/v2/summary.sqlite"
refused "a summary of another version" "version 99" "$P-0-of-3" "$P-1-of-3" "$tmp/v2"

# a damaged summary (a page of its rows overwritten, as a bad copy or
# disk leaves it): refused naming it, never read short (the rows after
# the page used to be dropped silently: exit 0 and another rollforward)
cp -r "$P-0-of-3" "$tmp/bad"
"$PY" - "$tmp/bad/summary.sqlite" <<'PY' || fail "could not damage a summary"
import sqlite3, sys
f = sys.argv[1]
c = sqlite3.connect(f)
size = c.execute("PRAGMA page_size").fetchone()[0]
try:
    pages = [r[0] for r in c.execute(
        "SELECT pageno FROM dbstat WHERE name IN ('docs', 'figures') "
        "AND pagetype = 'leaf' ORDER BY pageno")]
except sqlite3.Error:  # no dbstat: the clients table's page
    pages = [6]
c.close()
b = bytearray(open(f, "rb").read())
b[(pages[-1] - 1) * size:pages[-1] * size] = bytes(size)
open(f, "wb").write(b)
PY
refused "a damaged summary" "summary is damaged" "$tmp/bad" "$P-1-of-3" "$P-2-of-3"
# a shard killed while it writes: it publishes no part, the merge says
# which shard is missing and writes nothing
big="$tmp/big"
mkdir -p "$big"
"$PY" tests/bench/gen_ledger.py 60000 "$big" >/dev/null
"$BIN" run --ledger "$big/ledger.csv" --clients "$big/clients.csv" \
    --as-of $AS_OF --out "$tmp/k" --quiet --shard 0/2 2>/dev/null
"$BIN" run --ledger "$big/ledger.csv" --clients "$big/clients.csv" \
    --as-of $AS_OF --out "$tmp/k" --quiet --shard 1/2 2>/dev/null &
pid=$!
sleep 0.3
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
if [ -d "$tmp/k/$AS_OF-shard-1-of-2" ]; then
    echo "  (the shard finished before it was killed: the kill is not checked)"
else
    out=$("$BIN" merge --as-of $AS_OF --out "$tmp/k" --quiet \
        "$tmp/k/$AS_OF-shard-0-of-2" "$tmp/k/$AS_OF-shard-1-of-2" 2>&1)
    [ $? = 3 ] || fail "a killed shard: the merge did not refuse: $out"
    grep -q "no such part folder" <<<"$out" || fail "a killed shard: $out"
    [ -e "$tmp/k/$AS_OF" ] && fail "a killed shard: a set was published"
    echo "  a shard killed (SIGKILL) while it wrote: no part, the merge refuses (exit 3)"
fi

# usage errors
for args in "--out $tmp/m $P-0-of-3" "--as-of $AS_OF $P-0-of-3" \
    "--as-of $AS_OF --out $tmp/m" \
    "--as-of $AS_OF --out $tmp/m --ledger x.csv $P-0-of-3"; do
    # shellcheck disable=SC2086
    "$BIN" merge $args >/dev/null 2>&1
    [ $? = 2 ] || fail "merge $args: not a usage error"
done
echo "  usage errors: exit 2"

# and the good parts merge into the single run's set
"$BIN" merge --as-of $AS_OF --out "$tmp/a" --quiet "$P-0-of-3" "$P-1-of-3" \
    "$P-2-of-3" 2>/dev/null
[ $? -le 1 ] || fail "the merge of the good parts failed"
"$PY" tests/e2e/compare_sets.py "$tmp/single/$AS_OF" "$tmp/a/$AS_OF" \
    merge_refuse "3 parts" || fail "the merged set is not the single run's"
# --gl-balance for three currencies, not in code order: the merge ties
# the rollforward to them in the order given, as the single run does
GL=(--gl-balance USD=9383.94 --gl-balance 381410.17 --gl-balance GBP=-5.00)
"$BIN" run "${IN[@]}" "${GL[@]}" --as-of $AS_OF --out "$tmp/gls" --quiet 2>/dev/null
for k in 0 1; do
    "$BIN" run "${IN[@]}" "${GL[@]}" --as-of $AS_OF --out "$tmp/glp" --quiet \
        --shard $k/2 2>/dev/null
done
"$BIN" merge --as-of $AS_OF --out "$tmp/glp" --quiet \
    "$tmp/glp/$AS_OF-shard-0-of-2" "$tmp/glp/$AS_OF-shard-1-of-2" 2>/dev/null
[ $? -le 1 ] || fail "the merge with --gl-balance failed"
"$PY" tests/e2e/compare_sets.py "$tmp/gls/$AS_OF" "$tmp/glp/$AS_OF" \
    merge_refuse "--gl-balance" || fail "the merged set with --gl-balance is not the single run's"
echo "  three --gl-balance out of code order: merged = the single run's"
echo "PASS merge_refuse"
