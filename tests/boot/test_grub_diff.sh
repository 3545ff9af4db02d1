#!/usr/bin/env bash
# test_grub_diff.sh - boots examples/tagdump through GRUB and through our loader on the same firmware (ia32, x64) and compares every tag; then header shapes GRUB boots must boot with ours too.
# ARCHES="ia32" limits the architectures. Logs: build/test-logs/grubdiff-*.serial.
source "$(dirname "$0")/lib.sh"

ARCHES=${ARCHES:-"ia32 x64"}
CMDLINE="alpha=1 beta=two" # run.sh --test adds " test" to ours; GRUB gets it spelled out
# The ESPs, the GRUB images and the two modules: make grub-diff-esps (mk/grub-diff.mk).
OUT=$ROOT/build/grubdiff
SHAPES="hl46 end6 hlbad aout higherhalf"
efi_name() { [ "$1" = x64 ] && echo BOOTX64.EFI || echo BOOTIA32.EFI; }

need "module m1.bin" "$OUT/m1.bin"
need "module m2.txt" "$OUT/m2.txt"
for arch in $ARCHES; do
    for c in tagdump $SHAPES; do
        d=shape-$c-
        [ "$c" = tagdump ] && d=
        need "$arch: $c: the GRUB ESP (grub-mkstandalone)" \
            "$OUT/$arch/${d}grub/esp/EFI/BOOT/$(efi_name "$arch")" "$OUT/$arch/${d}grub/esp/kernel.elf"
        need "$arch: $c: the ESP of our loader" \
            "$OUT/$arch/${d}ours/esp/EFI/BOOT/$(efi_name "$arch")" "$OUT/$arch/${d}ours/esp/kernel.elf" \
            "$OUT/$arch/${d}ours/esp/boot.cfg"
    done
done

for arch in $ARCHES; do
    # ---- tagdump through both, compared field by field ----
    g=$OUT/$arch/grub o=$OUT/$arch/ours
    boot "grubdiff-$arch-grub" --arch "$arch" --esp "$g/esp" --timeout 150
    grub_serial=$SERIAL grub_status=$BOOT_STATUS
    boot "grubdiff-$arch-ours" --arch "$arch" --esp "$o/esp" --timeout 150
    ours_serial=$SERIAL ours_status=$BOOT_STATUS
    check "$arch: tagdump via GRUB exits with success (run.sh status $grub_status)" test "$grub_status" -eq 0
    check "$arch: tagdump via ours exits with success (run.sh status $ours_status)" test "$ours_status" -eq 0
    python3 "$ROOT/tests/boot/compare_bootinfo.py" --arch "$arch" --cmdline "$CMDLINE test" \
        --module "$OUT/m1.bin=first-module" --module "$OUT/m2.txt=second-module arg=2" \
        "$grub_serial" "$ours_serial" || status_all=1

    # ---- header shapes GRUB boots: ours must boot them too ----
    for name in $SHAPES; do
        g=$OUT/$arch/shape-$name-grub o=$OUT/$arch/shape-$name-ours
        # If our loader refuses, it returns to the firmware, which boots the fallback app:
        # it powers off (run.sh status 3) instead of waiting for the timeout.
        boot "grubdiff-$arch-$name-grub" --arch "$arch" --esp "$g/esp" --timeout 90
        check "$arch: shape $name boots through GRUB (run.sh status $BOOT_STATUS)" \
            bash -c "[ $BOOT_STATUS -eq 0 ] && grep -q '^shape $name: pass' '$SERIAL'"
        boot "grubdiff-$arch-$name-ours" --arch "$arch" --esp "$o/esp" --timeout 90 --fallback
        if [ "$BOOT_STATUS" -eq 0 ] && grep -q "^shape $name: pass" "$SERIAL"; then
            ok "$arch: shape $name boots through ours as through GRUB"
        else
            # Why not: the loader's error line, else the last two lines (where the kernel stopped).
            why=$(grep -m1 -E '^loader: (error|.*refus)' "$SERIAL" || grep -v '^$' "$SERIAL" | tail -n 2 | paste -sd';')
            not_ok "$arch: shape $name boots through ours as through GRUB (run.sh status $BOOT_STATUS; $(cut -c1-200 <<<"$why"))"
        fi
    done
done
exit $status_all
