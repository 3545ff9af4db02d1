#!/usr/bin/env bash
# test_grub_diff_mb1.sh - boots examples/mb1dump (ELF and flat binary) through GRUB's `multiboot` and `module` and through our loader on the same firmware (ia32, x64) and compares the Multiboot 1 information field by field (compare_mb1.py).
# ARCHES="ia32" limits the architectures. Logs: build/test-logs/grubdiff-mb1-*.serial.
source "$(dirname "$0")/lib.sh"

ARCHES=${ARCHES:-"ia32 x64"}
CMDLINE="alpha=1 beta=two" # run.sh --test adds " test" to ours; GRUB gets it spelled out
# The ESPs, the GRUB images and the two modules: make grub-diff-esps (mk/grub-diff.mk).
OUT=$ROOT/build/grubdiff-mb1
efi_name() { [ "$1" = x64 ] && echo BOOTX64.EFI || echo BOOTIA32.EFI; }

need "module m1.bin" "$OUT/m1.bin"
need "module m2.txt" "$OUT/m2.txt"
for arch in $ARCHES; do
    for kind in elf bin; do
        d=$OUT/$arch-$kind
        need "$arch mb1dump.$kind: the GRUB ESP (grub-mkstandalone)" \
            "$d/grub/esp/EFI/BOOT/$(efi_name "$arch")" "$d/grub/esp/kernel.$kind"
        need "$arch mb1dump.$kind: the ESP of our loader" \
            "$d/ours/esp/EFI/BOOT/$(efi_name "$arch")" "$d/ours/esp/kernel.$kind" "$d/ours/esp/boot.cfg"
    done
done

for arch in $ARCHES; do
    for kind in elf bin; do
        name="$arch mb1dump.$kind"
        g=$OUT/$arch-$kind/grub o=$OUT/$arch-$kind/ours
        boot "grubdiff-mb1-$arch-$kind-grub" --arch "$arch" --esp "$g/esp" --timeout 150
        gs=$SERIAL gst=$BOOT_STATUS
        boot "grubdiff-mb1-$arch-$kind-ours" --arch "$arch" --esp "$o/esp" --timeout 150
        os=$SERIAL ost=$BOOT_STATUS
        check "$name via GRUB exits with success (run.sh status $gst)" test "$gst" -eq 0
        check "$name via ours exits with success (run.sh status $ost)" test "$ost" -eq 0
        python3 "$ROOT/tests/boot/compare_mb1.py" --name "$name" --cmdline "$CMDLINE test" \
            --module "$OUT/m1.bin=first-module" --module "$OUT/m2.txt=second-module arg=2" \
            "$gs" "$os" || status_all=1
    done
done
exit $status_all
