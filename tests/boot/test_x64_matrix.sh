#!/usr/bin/env bash
# test_x64_matrix.sh - boots esp/ under 64-bit OVMF (BOOTX64.EFI into the same 32-bit
# kernel) with each RAM size of the x64 rows of tests/boot/matrix.tsv, and the minikernel
# example with a module. With 3G and 6G the firmware has memory above 4 GiB to hand out;
# every boot must still pass the kernel's self-tests, so nothing the kernel reads was
# placed there.
source "$(dirname "$0")/lib.sh"

# loader_lines NAME: the x64 loader's progress lines, in order, and no error line.
loader_lines() {
    local name=$1
    check "$name: loader starts as BOOTX64" has_line '^loader: BOOTX64 starting$'
    check "$name: loader reports the kernel it loaded" \
        has_line '^loader: kernel \\[^ ]+ [0-9]+ bytes, entry 0x[0-9a-f]+, segments [0-9]+$'
    check "$name: loader reaches ExitBootServices" \
        has_line '^loader: boot info at 0x[0-9a-f]+, .*; exiting boot services$'
    check "$name: no loader error line" bash -c "! grep -q '^loader: error:' '$SERIAL'"
}

while read -r arch mem above selftest <&3; do
    [ "$arch" = x64 ] || continue
    name="x64 $mem"
    opts=()
    [ "$selftest" = full ] && opts=(--cmdline selftest=full)
    boot "x64-$mem" --arch x64 --mem "$mem" "${opts[@]}"
    check "$name: kernel reports pass through isa-debug-exit (run.sh status $BOOT_STATUS)" \
        test "$BOOT_STATUS" -eq 0
    loader_lines "$name"
    boot_line=$(line 'boot: ')
    check "$name: boot: line names BOOTX64 and the test cmdline" \
        grep -qE 'loader="BOOTX64 [^"]*" cmdline="[^"]*test[^"]*" mmap_entries=[0-9]+ efi_mmap_entries=[0-9]+ desc_size=[0-9]+ fb=' <<<"$boot_line"
    start=$(line 'kernel: start ')
    mbi=$(field "$start" mbi)
    check "$name: kernel got the boot information below 4 GiB (mbi=$mbi)" \
        grep -qE '^0x[0-9a-f]{8}$' <<<"$mbi"
    check_selftests "$name" "$selftest"

    mm=$(line 'mm: ')
    dropped=$(field "$mm" dropped_above_4g_kib)
    # What QEMU puts above 4 GiB (matrix.tsv) the 64-bit firmware uses and the 32-bit
    # kernel drops.
    if [ "$above" -gt 0 ]; then
        check "$name: dropped_above_4g_kib=$dropped is the $above KiB QEMU puts above 4 GiB" \
            awk -v d="${dropped:-0}" -v a="$above" 'BEGIN { exit !(d >= a * 0.98 && d <= a) }'
    else
        check "$name: nothing dropped above 4 GiB" test "${dropped:-x}" = 0
    fi
done 3< <(grep -v "^#" "$ROOT/tests/boot/matrix.tsv")

# The minikernel example (linked at 4 MiB, a page-aligned module, its own checks of the
# magic and of every tag) under the x64 loader, with 6G so that the module could have
# landed above 4 GiB.
MK_X64=$ROOT/build/test-kernels/minikernel-x64/esp
STAGED=$ROOT/build/test-kernels/minikernel-at-0x1000000/esp
if [ -s "$MK_X64/EFI/BOOT/BOOTX64.EFI" ] && [ -s "$MK_X64/minikernel.elf" ]; then
    boot x64-minikernel --arch x64 --mem 6G --esp "$MK_X64"
    check "x64 minikernel 6G: reports pass (run.sh status $BOOT_STATUS)" test "$BOOT_STATUS" -eq 0
    check "x64 minikernel 6G: magic ok and the boot information walked" \
        has_line '^minikernel: magic ok mbi=0x[0-9a-f]{1,8} tags=[1-9][0-9]*$'
    check "x64 minikernel 6G: the EFI 64-bit system table tag (12), not tag 11" \
        has_line '^minikernel: efi_systab tag=12 pointer=0x[0-9a-f]+$'
    check "x64 minikernel 6G: module found below 4 GiB" \
        has_line '^minikernel: module "hello-module" start=0x[0-9a-f]{1,8} end=0x[0-9a-f]{1,8} '
    check "x64 minikernel 6G: no error lines, verdict pass" \
        bash -c "! grep -q '^minikernel: error' '$SERIAL' && grep -q '^minikernel: result pass$' '$SERIAL'"

    # The copy jobs after ExitBootServices (run by handoff_x64 once long mode is left):
    # the same minikernel relinked at 16 MiB (make test-kernels), inside the 12 MiB at
    # 9 MiB where OVMF decompresses its DXE firmware volume (boot services data until
    # ExitBootServices). The loader must stage both segments and the handoff copy them.
    if [ -s "$STAGED/minikernel.elf" ] && [ -s "$STAGED/EFI/BOOT/BOOTX64.EFI" ]; then
        boot x64-staged --arch x64 --mem 256M --esp "$STAGED"
        expect_staged_boot "x64 staged 16 MiB"
    else
        not_ok "x64 staged 16 MiB: the minikernel relinked at 16 MiB is built (make test-kernels)"
    fi
else
    not_ok "x64 minikernel: its ESP with BOOTX64.EFI is built (make test-kernels)"
fi

exit $status_all
