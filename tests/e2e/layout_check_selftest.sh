#!/usr/bin/env bash
# layout_check_selftest.sh - the layout check (tests/layout_check.py, README
# "Development") can fail: on a copy of src/, include/ and the checker, one
# violation at a time, it must exit 1 and name exactly that violation:
#   a. an engine file includes <xlsxwriter.h>;
#   b. an engine file includes "ar/render/render.h";
#   c. a file outside src/ingest/ includes <csv.h>;
#   d. a circle: analysis.c includes metrics.h, and metrics.c uses analysis;
#   e. a source file of 801 lines (800 still passes);
# and the unmodified copy passes. The checker reads the objects of the
# real build ($BUILD/obj, by absolute path); the copies change only
# includes and line counts, which it reads from the sources.
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
BUILD=${BUILD:-build}
if [ ! -d "$BUILD/obj" ]; then
    echo "FAIL layout_check_selftest: $BUILD/obj is not built" >&2
    exit 1
fi
build=$(cd "$BUILD" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/orig/tests"
cp -R src include "$tmp/orig/" &&
    cp tests/layout_check.py "$tmp/orig/tests/" &&
    chmod -R u+w "$tmp/orig" || exit 1
fail=0

# fresh: a new copy of the pristine tree in $tmp/t
fresh() {
    rm -rf "$tmp/t" && cp -R "$tmp/orig" "$tmp/t"
}

# add_include FILE LINE: LINE after FILE's first #include
add_include() {
    awk -v add="$2" '{ print } !done && /^#include/ { print add; done = 1 }' \
        "$tmp/t/$1" >"$tmp/edit" && cat "$tmp/edit" >"$tmp/t/$1"
}

# pad FILE N: comment lines at the end until FILE has N lines
pad() {
    local n
    n=$(wc -l <"$tmp/t/$1")
    while [ "$n" -lt "$2" ]; do
        echo "/* padding */"
        n=$((n + 1))
    done >>"$tmp/t/$1"
}

# expect LABEL RC PROBLEMS [LINE...]: the checker on $tmp/t exits RC,
# counts PROBLEMS problems and prints every LINE (a fixed substring)
expect() {
    local label=$1 rc=$2 count=$3 got line bad=0
    shift 3
    python3 "$tmp/t/tests/layout_check.py" "$build" >"$tmp/out" 2>&1
    got=$?
    if [ "$got" -ne "$rc" ]; then
        echo "FAIL layout_check_selftest $label: exit $got, not $rc"
        bad=1
    fi
    if ! grep -q ", $count problems\$" "$tmp/out"; then
        echo "FAIL layout_check_selftest $label: not $count problems"
        bad=1
    fi
    for line in "$@"; do
        if ! grep -qF -- "$line" "$tmp/out"; then
            echo "FAIL layout_check_selftest $label: no line \"$line\""
            bad=1
        fi
    done
    if [ "$bad" -ne 0 ]; then
        sed 's/^/    /' "$tmp/out"
        fail=1
        return
    fi
    echo "ok $label"
    sed 's/^/    /' "$tmp/out"
}

fresh
expect "unmodified tree passes" 0 0

fresh
add_include src/engine/risk.c '#include <xlsxwriter.h>'
expect "a. engine includes <xlsxwriter.h>" 1 2 \
    "layout: src/engine/risk.c: includes <xlsxwriter.h>, which only src/render/xlsx/ may include" \
    "layout: src/engine/risk.c: the engine includes the third-party header <xlsxwriter.h>"

fresh
add_include src/engine/risk.c '#include "ar/render/render.h"'
expect "b. engine includes a renderer header" 1 1 \
    "layout: src/engine/risk.c: includes ar/render/render.h: the engine stage may not use the render stage"

fresh
add_include src/render/csv_files.c '#include <csv.h>'
expect "c. <csv.h> outside src/ingest/" 1 1 \
    "layout: src/render/csv_files.c: includes <csv.h>, which only src/ingest/ may include"

fresh
add_include src/engine/analysis.c '#include "ar/engine/metrics.h"'
expect "d. a circle" 1 1 \
    "layout: a circle: src/engine/analysis.c includes ar/engine/metrics.h (src/engine/metrics.c); src/engine/metrics.c "

fresh
pad src/base/utf8.c 800
expect "e. a source of 800 lines passes" 0 0
pad src/base/utf8.c 801
expect "e. a source of 801 lines" 1 1 \
    "layout: src/base/utf8.c: 801 lines (at most 800: split it by concern)"

exit $fail
