#!/usr/bin/env bash
# duplicate_columns.sh - a header that names a column arbatch reads twice
# (a second 'amount') is refused with exit 3 and a message naming both
# columns, for the ledger, clients, costs and history files (issue 22 item
# 12); a [columns] choice of a header that is there once is honoured.
set -u
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/arbatch")
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ARBATCH_LAYOUTS=$PWD/layouts
cd "$tmp" || exit 1
failed=0

H=doc_type,doc_no,client_id,doc_date,due_date,amount,currency
printf '%s,amount\nINV,I1,C1,2026-06-01,2026-06-30,700.00,EUR,7.00\n' "$H" \
    >dup.csv
printf '%s,Betrag,Amount\nINV,I1,C1,2026-06-01,2026-06-30,1.00,EUR,700.00,2\n' \
    "$H" >ok.csv
printf '%s\nINV,I1,C1,2026-06-01,2026-06-30,700.00,EUR\n' "$H" >ledger.csv
printf 'client_id,name,Client_ID\nC1,A,C2\n' >clients.csv
printf 'date,client_id,action,cost,COST\n2026-06-01,C1,call,1.00,2.00\n' \
    >costs.csv
printf 'run_date,client_id,stage,stage\n2026-06-01,C1,1,2\n' >history.csv
printf '[columns]\namount = Betrag\n' >betrag.ini

# expect CODE WANT ARGS...: the exit code and a part of the message
expect() {
    local code=$1 want=$2
    shift 2
    "$BIN" run --quiet --as-of 2026-10-31 --out out "$@" >log 2>&1
    local rc=$?
    if [ "$rc" -ne "$code" ] || { [ -n "$want" ] && ! grep -qF -- "$want" log; }; then
        echo "FAIL duplicate_columns: $*: exit $rc, expected $code with" \
            "\"$want\": $(cat log)"
        failed=1
    fi
}
expect 3 "column 6 'amount' and column 8 'amount'" --ledger dup.csv
expect 3 "column 1 'client_id' and column 3 'Client_ID'" \
    --ledger ledger.csv --clients clients.csv
expect 3 "column 4 'cost' and column 5 'COST'" --ledger ledger.csv \
    --costs costs.csv
expect 3 "column 3 'stage' and column 4 'stage'" --ledger ledger.csv \
    --history history.csv
# the policy names the header to read: the two others are not read
expect 0 "" --ledger ok.csv --policy betrag.ini --outputs aging
[ "$failed" -eq 0 ] || { echo "duplicate_columns: FAILED"; exit 1; }
echo "duplicate_columns: passed"
