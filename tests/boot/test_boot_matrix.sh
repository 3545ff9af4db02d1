#!/usr/bin/env bash
# test_boot_matrix.sh - boots esp/ under OVMF ia32 with each RAM size of the ia32 rows of
# tests/boot/matrix.tsv; each boot must pass the kernel's self-tests (quick or full, as
# the table says) and report consistent mm:/paging: lines.
source "$(dirname "$0")/lib.sh"

while read -r arch mem above selftest <&3; do
    [ "$arch" = ia32 ] || continue
    opts=()
    [ "$selftest" = full ] && opts=(--cmdline selftest=full)
    boot "matrix-$mem" --mem "$mem" "${opts[@]}"
    check "ia32 $mem: kernel reports pass through isa-debug-exit (run.sh status $BOOT_STATUS)" \
        test "$BOOT_STATUS" -eq 0
    check "ia32 $mem: loader progress lines on serial" has_line '^loader: '
    boot_line=$(line 'boot: ')
    check "ia32 $mem: boot: line names our loader and test cmdline" \
        grep -qE 'loader="BOOTIA32[^"]*" cmdline="[^"]*test[^"]*" mmap_entries=[0-9]+ efi_mmap_entries=[0-9]+ desc_size=[0-9]+ fb=' <<<"$boot_line"
    mm=$(line 'mm: ')
    check "ia32 $mem: mm: line well-formed" \
        grep -qE '^mm: efi_entries=[0-9]+ usable_kib=[0-9]+ reserved_kib=[0-9]+ dropped_above_4g_kib=[0-9]+ regions=[0-9]+$' <<<"$mm"
    fr=$(line 'frames: ')
    check "ia32 $mem: frames: line well-formed" \
        grep -qE '^frames: total=[0-9]+ free=[0-9]+ used=[0-9]+ bitmap_kib=[0-9]+$' <<<"$fr"
    pg=$(line 'paging: ')
    check "ia32 $mem: paging: line well-formed" \
        grep -qE '^paging: on identity_kib=[0-9]+ page_tables=[0-9]+ null=unmapped text=ro wp=1 cr3=0x[0-9a-f]+$' <<<"$pg"
    check "ia32 $mem: heap: line well-formed" grep -qE '^heap: base=0x[0-9a-f]+ size_kib=[0-9]+$' <<<"$(line 'heap: ')"
    check_selftests "ia32 $mem" "$selftest"

    usable=$(field "$mm" usable_kib)
    dropped=$(field "$mm" dropped_above_4g_kib)
    identity=$(field "$pg" identity_kib)
    tables=$(field "$pg" page_tables)
    memkib=$(numfmt --from=iec "${mem}" | awk '{print int($1/1024)}')
    # Usable RAM (kept + dropped above 4 GiB) is what QEMU gives minus what OVMF keeps
    # for itself (about 35 MiB of runtime, ACPI and reserved memory), never more.
    check "ia32 $mem: usable_kib=$usable + dropped=$dropped is plausible for -m $mem" \
        awk -v u="${usable:-0}" -v d="${dropped:-0}" -v m="$memkib" 'BEGIN { exit !(u + d > m - 40 * 1024 && u + d <= m) }'
    # One page table per 4 MiB of mapped space at most, plus holes' partial tables.
    check "ia32 $mem: page_tables=$tables covers identity_kib=$identity (4 MiB each)" \
        awk -v t="${tables:-0}" -v i="${identity:-0}" 'BEGIN { exit !(t >= i / 4096 && t <= i / 4096 + 64) }'
    check "ia32 $mem: identity map stays below 4 GiB (identity_kib=$identity)" \
        awk -v i="${identity:-0}" 'BEGIN { exit !(i > 0 && i < 4194304) }'
    # What QEMU puts above 4 GiB (matrix.tsv) a 32-bit kernel must drop and count.
    if [ "$above" -gt 0 ]; then
        check "ia32 $mem: dropped_above_4g_kib=$dropped is the $above KiB QEMU puts above 4 GiB" \
            awk -v d="${dropped:-0}" -v a="$above" 'BEGIN { exit !(d >= a * 0.98 && d <= a) }'
    else
        check "ia32 $mem: nothing dropped above 4 GiB" test "${dropped:-x}" = 0
    fi
done 3< <(grep -v "^#" "$ROOT/tests/boot/matrix.tsv")
exit $status_all
