#!/usr/bin/env bash
# Runs every unit-test binary given, the layout check (README
# "Development") and every end-to-end script in tests/e2e/, then prints
# one closing line "N passed, N failed".
set -u
passed=0 failed=0 failures=()
for t in "$@"; do
    echo "== $t"
    if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$t"); fi
done
echo "== tests/layout_check.py"
if python3 tests/layout_check.py "${BUILD:-build}"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=(tests/layout_check.py); fi
for s in tests/e2e/*.sh; do
    [ -e "$s" ] || continue
    echo "== $s"
    if bash "$s"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$s"); fi
done
echo
for f in "${failures[@]+"${failures[@]}"}"; do echo "FAILED: $f"; done
echo "Summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
