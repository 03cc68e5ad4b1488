#!/usr/bin/env bash
# Memory check under valgrind (issue 8 item 3), not part of `make test`
# (it takes a while):   tests/valgrind.sh [BUILD-DIR]   (default build)
# Runs the binary on the sample job, on `validate`, on a file with rejected
# rows, on a refused file (exit 3), with an output error (exit 4), inspect
# and a preset's export, each
# under valgrind --leak-check=full --error-exitcode=99: any invalid read or
# write, use of uninitialised memory or definite/indirect leak fails.
set -u
BUILD=${1:-${BUILD:-build}}
BIN=$BUILD/arbatch
AS_OF=2026-10-31
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VG=(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-origins=yes --error-exitcode=99)
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed"; exit 1; }
SAMPLE=(--ledger samples/ledger.csv --clients samples/clients.csv
    --costs samples/costs.csv --history samples/history.csv)
fail=0
check() { # name expected-exit args...
    local name=$1 want=$2
    shift 2
    "${VG[@]}" --log-file="$tmp/$name.vg" "$BIN" "$@" >/dev/null 2>"$tmp/$name.err"
    local rc=$?
    if [ "$rc" -eq 99 ] || [ -s "$tmp/$name.vg" ]; then
        echo "FAIL valgrind $name:"
        sed 's/^/    /' "$tmp/$name.vg" | head -40
        fail=1
    elif [ "$rc" -ne "$want" ]; then
        echo "FAIL valgrind $name: exit $rc, expected $want"
        fail=1
    else
        echo "ok   valgrind $name (exit $rc)"
    fi
}
printf 'doc_type,doc_no,client_id,doc_date,due_date,amount\nINV,1,C1001,2026-08-01,,1x\nINV,2,C1001,2026-08-01,,5.00\n' >"$tmp/rejects.csv"
printf '\xff\xfe\n' >"$tmp/binary.csv"
check sample 0 run "${SAMPLE[@]}" --as-of "$AS_OF" --out "$tmp/out"
check rerun 0 run "${SAMPLE[@]}" --as-of "$AS_OF" --out "$tmp/out" --jobs 2
check validate 0 validate --ledger samples/ledger.csv --clients samples/clients.csv
check rejected-rows 1 run --ledger "$tmp/rejects.csv" --clients samples/clients.csv --as-of "$AS_OF" --out "$tmp/out2"
check refused 3 run --ledger "$tmp/binary.csv" --as-of "$AS_OF" --out "$tmp/out3"
check output-error 4 run "${SAMPLE[@]}" --as-of "$AS_OF" --out /dev/null/x
check usage 2 run --ledger
# hostile inputs that reach every renderer (tests/hostile/gen.py)
/usr/bin/python3 tests/hostile/gen.py "$tmp/hostile" >/dev/null
check hostile-ids 0 run --ledger "$tmp/hostile/hostile_client_ids.csv" \
    --clients "$tmp/hostile/hostile_clients.csv" --as-of "$AS_OF" --out "$tmp/out4"
check cols-20000 0 run --ledger "$tmp/hostile/cols_20000.csv" \
    --clients tests/hostile/clients.csv --as-of "$AS_OF" --out "$tmp/out5"
check unterminated-quote 1 run --ledger "$tmp/hostile/unterminated_quote.csv" \
    --clients tests/hostile/clients.csv --as-of "$AS_OF" --out "$tmp/out6"
# inspect on an export with a quoted header and title lines, and a run of
# a preset that maps rows (line items, open amounts, companion rows)
check inspect 0 inspect --ledger tests/fixtures/exports/xero/SalesInvoices.csv \
    --write-policy "$tmp/inspect.ini"
check inspect-titles 0 inspect --ledger \
    tests/fixtures/exports/quickbooks/AR_Aging_Detail.csv
check preset 0 run --format xero --ledger \
    tests/fixtures/exports/xero/SalesInvoices.csv --as-of "$AS_OF" \
    --out "$tmp/out7"
[ "$fail" -eq 0 ] && echo "valgrind.sh: clean" || { echo "valgrind.sh: FAILED"; exit 1; }
