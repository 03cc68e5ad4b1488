#!/usr/bin/env bash
# layout_check_selftest.sh - the layout check (tests/layout_check.py, README
# "Development") can fail: on a copy of src/, include/ and the checker, one
# violation at a time, it must exit 1 and name exactly that violation:
#   a. an engine file includes <xlsxwriter.h>;
#   b. an engine file includes "ar/render/render.h";
#   c. a file outside src/ingest/ includes <csv.h>;
#   d. a circle: analysis.c includes metrics.h, and metrics.c uses analysis;
#   e. a source file of 801 lines (800 still passes);
#   f. an engine object that calls fprintf, built with _FORTIFY_SOURCE
#      (it links as __fprintf_chk);
#   g. an engine object that calls a renderer's function (ar_xlsx_units)
#      without including its header;
# and the unmodified copy passes. a-e change only includes and line
# counts, which the checker reads from the sources, so it reads the real
# build's objects ($BUILD/obj, by absolute path); f and g compile the
# changed engine file into a build of links to those objects.
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

# append FILE LINE...: the lines at the end of FILE
append() {
    local f=$1
    shift
    printf '%s\n' "$@" >>"$tmp/t/$f"
}

# rebuild FILE [CFLAGS...]: a build in $tmp/build whose objects are links
# to the real ones but for FILE's (src/S/x.c), compiled from the copy;
# the checker then reads that build
rebuild() {
    local f=$1 o
    shift
    o=$tmp/build/obj/${f#src/}
    o=${o%.c}.o
    rm -rf "$tmp/build" && mkdir -p "$tmp/build" &&
        cp -Rs "$build/obj" "$tmp/build/obj" && rm -f "$o" &&
        ${CC:-cc} -std=c17 -D_GNU_SOURCE -I"$tmp/t/include" "$@" \
            -c "$tmp/t/$f" -o "$o" || {
        echo "FAIL layout_check_selftest: cannot compile $f"
        exit 1
    }
    use_build=$tmp/build
}

# expect LABEL RC PROBLEMS [LINE...]: the checker on $tmp/t exits RC,
# counts PROBLEMS problems and prints every LINE (a fixed substring)
expect() {
    local label=$1 rc=$2 count=$3 got line bad=0
    shift 3
    python3 "$tmp/t/tests/layout_check.py" "${use_build:-$build}" \
        >"$tmp/out" 2>&1
    got=$?
    use_build=
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

fresh
append src/engine/risk.c '#include <stdio.h>' \
    'void ar_risk_selftest(FILE *f, int x);' \
    'void ar_risk_selftest(FILE *f, int x) { fprintf(f, "%d", x); }'
rebuild src/engine/risk.c -O2 -D_FORTIFY_SOURCE=2
expect "f. the engine does I/O" 1 1 \
    "layout: src/engine/risk.c: the engine does I/O (__fprintf_chk)"

fresh
append src/engine/risk.c 'double ar_xlsx_units(long long v);' \
    'double ar_risk_selftest(void);' \
    'double ar_risk_selftest(void) { return ar_xlsx_units(1); }'
rebuild src/engine/risk.c
expect "g. the engine calls a renderer" 1 1 \
    "layout: src/engine/risk.c: calls ar_xlsx_units of src/render/xlsx/common.c: the engine stage may not use the render stage"

exit $fail
