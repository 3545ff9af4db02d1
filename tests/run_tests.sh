#!/usr/bin/env bash
# run_tests.sh - runs every test and prints the total "N passed, N failed".
# Host unit tests (cmocka, TAP output; logs build/test-logs/unit-*.log), a fuzz smoke run, then QEMU boot tests
# (tests/boot/test_*.sh, each printing TAP-style "ok - ..." / "not ok - ..." lines).
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
unit_only=0
[ "${1:-}" = "--unit-only" ] && unit_only=1

# count_tap FILE: adds the file's ok / not ok lines to the totals.
count_tap() {
    local ok nok
    ok=$(grep -cE '^ok ' "$1")
    nok=$(grep -cE '^not ok ' "$1")
    passed=$((passed + ok))
    failed=$((failed + nok))
}

logdir=build/test-logs
mkdir -p "$logdir"

echo "== host unit tests"
for bin in build/host/test_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    CMOCKA_MESSAGE_OUTPUT=TAP "$bin" >"$logdir/unit-$name.log" 2>&1
    rc=$?
    count_tap "$logdir/unit-$name.log"
    grep -E '^not ok ' "$logdir/unit-$name.log" | sed "s/^/  $name: /"
    if [ $rc -ne 0 ] && ! grep -qE '^not ok ' "$logdir/unit-$name.log"; then
        echo "  $name: crashed (exit $rc), see $logdir/unit-$name.log"
        failed=$((failed + 1))
    fi
    echo "  $name: $(grep -cE '^ok ' "$logdir/unit-$name.log") ok"
done

# The refusal table (tests/boot/refusals.tsv) cites host tests by name; each must still
# exist. The docs' refusal matrix must be that table, word for word.
{
    python3 tests/unit/check_refusal_host_tests.py tests/boot/refusals.tsv tests/unit
    python3 tests/boot/refusals.py check-docs docs/bootinfo.md
} >"$logdir/refusal_host_tests.log" 2>&1
rc=$?
count_tap "$logdir/refusal_host_tests.log"
if [ $rc -ne 0 ] && ! grep -qE '^not ok ' "$logdir/refusal_host_tests.log"; then
    echo "  refusal matrix check crashed (exit $rc), see $logdir/refusal_host_tests.log"
    failed=$((failed + 1))
fi
grep -E '^not ok ' "$logdir/refusal_host_tests.log" | sed 's/^/  /'
echo "  refusal table host tests and docs: $(grep -cE '^ok ' "$logdir/refusal_host_tests.log") ok"

if [ $unit_only -eq 0 ]; then
    echo "== fuzz smoke"
    if make -s fuzz-smoke >"$logdir/fuzz.log" 2>&1; then
        count_tap "$logdir/fuzz.log"
    else
        count_tap "$logdir/fuzz.log"
        grep -qE '^not ok ' "$logdir/fuzz.log" || failed=$((failed + 1))
        echo "  fuzz smoke failed, see $logdir/fuzz.log"
    fi
    grep -E '^(ok|not ok) ' "$logdir/fuzz.log" | sed 's/^/  /'

    echo "== boot tests (QEMU, OVMF ia32 and x64)"
    for t in tests/boot/test_*.sh; do
        [ -f "$t" ] || continue
        name=$(basename "$t" .sh)
        bash "$t" >"$logdir/$name.log" 2>&1
        rc=$?
        count_tap "$logdir/$name.log"
        grep -E '^(ok|not ok) ' "$logdir/$name.log" | sed 's/^/  /'
        if [ $rc -ne 0 ] && ! grep -qE '^not ok ' "$logdir/$name.log"; then
            echo "  $name: failed (exit $rc), see $logdir/$name.log"
            failed=$((failed + 1))
        fi
    done
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
