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

    # Two scripts at a time (BOOT_JOBS): most boot one QEMU after another, and TCG runs
    # a guest on one core. Each writes its own log and, when it ends, its exit status
    # and seconds to NAME.rc; the results are printed in the scripts' order as soon as
    # each and those before it have ended.
    boot_jobs=${BOOT_JOBS:-2}
    echo "== boot tests (QEMU, OVMF ia32 and x64; $boot_jobs scripts at a time)"
    boot_tests=(tests/boot/test_*.sh)
    for t in "${boot_tests[@]}"; do rm -f "$logdir/$(basename "$t" .sh).rc"; done
    printed=0
    # print_done: prints every script, in order, from `printed` on whose .rc is there.
    print_done() {
        local name rc secs
        while [ $printed -lt ${#boot_tests[@]} ]; do
            name=$(basename "${boot_tests[$printed]}" .sh)
            [ -s "$logdir/$name.rc" ] || return 0
            read -r rc secs <"$logdir/$name.rc"
            count_tap "$logdir/$name.log"
            grep -E '^(ok|not ok) ' "$logdir/$name.log" | sed 's/^/  /'
            if [ "$rc" -ne 0 ] && ! grep -qE '^not ok ' "$logdir/$name.log"; then
                echo "  $name: failed (exit $rc), see $logdir/$name.log"
                failed=$((failed + 1))
            fi
            echo "  $name: $secs s"
            printed=$((printed + 1))
        done
    }
    for t in "${boot_tests[@]}"; do
        while [ "$(jobs -rp | wc -l)" -ge "$boot_jobs" ]; do
            wait -n
            print_done
        done
        name=$(basename "$t" .sh)
        (
            start=$SECONDS
            bash "$t" >"$logdir/$name.log" 2>&1
            echo "$? $((SECONDS - start))" >"$logdir/$name.rc"
        ) &
    done
    while [ "$(jobs -rp | wc -l)" -gt 0 ]; do
        wait -n
        print_done
    done
    print_done
    if [ $printed -lt ${#boot_tests[@]} ]; then
        echo "  boot tests: $((${#boot_tests[@]} - printed)) scripts left no result"
        failed=$((failed + 1))
    fi
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
