#!/usr/bin/env bash
# test_grub_diff_mb1.sh - boots examples/mb1dump (ELF and flat binary) through GRUB's `multiboot` and `module` and through our loader on the same firmware (ia32, x64) and compares the Multiboot 1 information field by field (compare_mb1.py).
# ARCHES="ia32" limits the architectures. Logs: build/test-logs/grubdiff-mb1-*.serial.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/grub_esp.sh"

ARCHES=${ARCHES:-"ia32 x64"}
CMDLINE="alpha=1 beta=two" # run.sh --test adds " test" to ours; GRUB gets it spelled out
OUT=$ROOT/build/grubdiff-mb1
mkdir -p "$OUT"
exec 9>"$OUT/.lock"
flock 9

if ! make -s -C "$ROOT" esp mb1 >"$LOGDIR/grubdiff-mb1-build.log" 2>&1; then
    not_ok "esp and the Multiboot 1 examples build (see $LOGDIR/grubdiff-mb1-build.log)"
    exit 1
fi
python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 7 + 3) & 0xff for i in range(5000)))' >"$OUT/m1.bin"
printf 'second module\n' >"$OUT/m2.txt"

efi_name() { [ "$1" = x64 ] && echo BOOTX64.EFI || echo BOOTIA32.EFI; }

for arch in $ARCHES; do
    for kind in elf bin; do
        name="$arch mb1dump.$kind"
        g=$OUT/$arch-$kind/grub o=$OUT/$arch-$kind/ours
        rm -rf "$g" "$o" && mkdir -p "$g/esp/EFI/BOOT" "$o/esp/EFI/BOOT"
        for d in "$g" "$o"; do
            cp "$ROOT/build/mb1/mb1dump.$kind" "$d/esp/kernel.$kind" && cp "$OUT/m1.bin" "$OUT/m2.txt" "$d/esp/"
        done
        printf 'search --no-floppy --file --set=root /kernel.%s\nmultiboot /kernel.%s %s\nmodule /m1.bin first-module\nmodule /m2.txt second-module arg=2\nboot\n' \
            "$kind" "$kind" "$CMDLINE test" >"$g/grub.cfg"
        if ! grub_image "$arch" "$g/grub.cfg" "$g/esp/EFI/BOOT/$(efi_name "$arch")" "$g/grub-mkimage.log" "efi_gop multiboot"; then
            not_ok "$name: GRUB image builds (see $g/grub-mkimage.log)"
            continue
        fi
        cp "$ROOT/esp/EFI/BOOT/$(efi_name "$arch")" "$o/esp/EFI/BOOT/"
        printf 'kernel = \\kernel.%s\ncmdline = %s\nmodule = \\m1.bin first-module\nmodule = \\m2.txt second-module arg=2\n' \
            "$kind" "$CMDLINE" >"$o/esp/boot.cfg"
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
