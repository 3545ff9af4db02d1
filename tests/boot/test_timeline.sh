#!/usr/bin/env bash
# test_timeline.sh - one boot: the kernel prints one well-formed `time:` line with the
# loader's stages (our timeline tag) and every kernel stage. No figure is judged here:
# timing is the benchmark's business (make bench), not a test's.
source "$(dirname "$0")/lib.sh"

LOADER_KEYS="loader_cycles efi_main_tsc read_cycles prepare_cycles exit_cycles handoff_cycles"
KERNEL_KEYS="kernel_entry_tsc regions_cycles bitmap_cycles page_tables_cycles paging_on_cycles \
heap_cycles selftest_cycles kernel_cycles"

boot timeline
check "boot with our loader passes (run.sh status $BOOT_STATUS)" test "$BOOT_STATUS" -eq 0
check "exactly one time: line" test "$(grep -c '^time: ' "$SERIAL")" -eq 1
tl=$(line 'time: ')
check "time: line is only key=number pairs" grep -qE '^time:( [a-z_0-9]+=[0-9]+)+$' <<<"$tl"
keys=$(sed -E 's/^time: //; s/=[0-9]+//g' <<<"$tl")
check "time: line carries the loader's stages from the timeline tag, in order" \
    test "$(cut -d' ' -f1-6 <<<"$keys")" = "$LOADER_KEYS"
check "time: line carries the kernel entry and every kernel stage, in order" \
    test "$(cut -d' ' -f7- <<<"$keys")" = "$(tr -s ' ' <<<"$KERNEL_KEYS")"
check "time: comes after the self-tests and the screen report, and before kernel: ready" \
    test "$(grep -E '^(selftest: |screen: |time: |kernel: ready)' "$SERIAL" | sed -E 's/^(selftest: |screen: |time: |kernel: ready).*/\1/' | uniq | tr '\n' '|')" \
    = "selftest: |screen: |time: |kernel: ready|"
exit $status_all
