#!/usr/bin/env bash
# test_x64_matrix.sh - boots esp/ under 64-bit OVMF (BOOTX64.EFI into the same 32-bit
# kernel) with 256M, 3G and 6G of RAM, and the minikernel example with a module. With 3G
# and 6G the firmware has memory above 4 GiB to hand out; every boot must still pass
# the kernel's self-tests, so nothing the kernel reads was placed there.
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

for mem in 256M 3G 6G; do
    name="x64 $mem"
    boot "x64-$mem" --arch x64 --mem "$mem"
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
    check "$name: self-tests all passed" has_line '^selftest: [1-9][0-9]* passed, 0 failed$'

    mm=$(line 'mm: ')
    dropped=$(field "$mm" dropped_above_4g_kib)
    memkib=$(numfmt --from=iec "$mem" | awk '{print int($1/1024)}')
    # q35 keeps RAM below 4 GiB up to 2.75 GiB; beyond that 2 GiB stay low and the rest
    # sits above 4 GiB, where the 64-bit firmware uses it and the 32-bit kernel drops it.
    if [ "$memkib" -ge $((2816 * 1024)) ]; then
        above=$((memkib - 2 * 1024 * 1024))
        check "$name: dropped_above_4g_kib=$dropped is the $above KiB QEMU puts above 4 GiB" \
            awk -v d="${dropped:-0}" -v a="$above" 'BEGIN { exit !(d >= a * 0.98 && d <= a) }'
    else
        check "$name: nothing dropped above 4 GiB" test "${dropped:-x}" = 0
    fi
done

# The minikernel example (linked at 4 MiB, a page-aligned module, its own checks of the
# magic and of every tag) under the x64 loader, with 6G so that the module could have
# landed above 4 GiB.
if make -s -C "$ROOT" examples esp >"$LOGDIR/x64-minikernel-build.log" 2>&1; then
    esp=$(mktemp -d "${TMPDIR:-/tmp}/x64-mk.XXXXXX")
    cp -r "$ROOT/build/examples/esp/." "$esp/"
    cp "$ROOT/esp/EFI/BOOT/BOOTX64.EFI" "$esp/EFI/BOOT/"
    boot x64-minikernel --arch x64 --mem 6G --esp "$esp"
    rm -rf "$esp"
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
    # the same minikernel relinked at 16 MiB, inside the 12 MiB at 9 MiB where OVMF
    # decompresses its DXE firmware volume (boot services data until ExitBootServices).
    # The loader must stage both segments and the handoff copy them into place.
    esp=$(mktemp -d "${TMPDIR:-/tmp}/x64-staged.XXXXXX")
    if minikernel_esp_at 0x1000000 "$esp"; then
        cp "$ROOT/esp/EFI/BOOT/BOOTX64.EFI" "$esp/EFI/BOOT/"
        boot x64-staged --arch x64 --mem 256M --esp "$esp"
        expect_staged_boot "x64 staged 16 MiB"
    else
        not_ok "x64 staged 16 MiB: relink the minikernel at 16 MiB (see $LOGDIR/minikernel-at-0x1000000-link.log)"
    fi
    rm -rf "$esp"
else
    not_ok "x64 minikernel: examples build (see $LOGDIR/x64-minikernel-build.log)"
fi

exit $status_all
