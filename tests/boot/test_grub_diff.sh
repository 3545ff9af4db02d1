#!/usr/bin/env bash
# test_grub_diff.sh - boots examples/tagdump through GRUB and through our loader on the same firmware (ia32, x64) and compares every tag; then header shapes GRUB boots must boot with ours too.
# ARCHES="ia32" limits the architectures. Logs: build/test-logs/grubdiff-*.serial.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/grub_esp.sh"

ARCHES=${ARCHES:-"ia32 x64"}
CMDLINE="alpha=1 beta=two" # run.sh --test adds " test" to ours; GRUB gets it spelled out
OUT=$ROOT/build/grubdiff
mkdir -p "$OUT"
# One run at a time: a second run would rebuild this one's ESPs under it.
exec 9>"$OUT/.lock"
flock 9

if ! make -s -C "$ROOT" esp tagdump shapes >"$LOGDIR/grubdiff-build.log" 2>&1; then
    not_ok "esp, tagdump and the header shapes build (see $LOGDIR/grubdiff-build.log)"
    exit 1
fi

# Two modules of known contents: 5000 bytes of a byte pattern (not a page multiple)
# and a line of text.
python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 7 + 3) & 0xff for i in range(5000)))' >"$OUT/m1.bin"
printf 'second module\n' >"$OUT/m2.txt"

efi_name() { [ "$1" = x64 ] && echo BOOTX64.EFI || echo BOOTIA32.EFI; }

# grub_dir ARCH DIR KERNEL CMDLINE [MODULE-LINES]: DIR/esp boots KERNEL as /kernel.elf through GRUB.
grub_dir() {
    local arch=$1 dir=$2 kernel=$3 cmdline=$4 modules=${5:-}
    rm -rf "$dir" && mkdir -p "$dir/esp/EFI/BOOT" || return 1
    cp "$kernel" "$dir/esp/kernel.elf" && cp "$OUT/m1.bin" "$OUT/m2.txt" "$dir/esp/" || return 1
    printf 'search --no-floppy --file --set=root /kernel.elf\nmultiboot2 /kernel.elf %s\n%sboot\n' \
        "$cmdline" "$modules" >"$dir/grub.cfg"
    grub_image "$arch" "$dir/grub.cfg" "$dir/esp/EFI/BOOT/$(efi_name "$arch")" "$dir/grub-mkimage.log" efi_gop
}

# ours_dir ARCH DIR KERNEL CMDLINE [MODULE-LINES]: DIR/esp boots KERNEL as \kernel.elf through our loader.
ours_dir() {
    local arch=$1 dir=$2 kernel=$3 cmdline=$4 modules=${5:-}
    rm -rf "$dir" && mkdir -p "$dir/esp/EFI/BOOT" || return 1
    cp "$ROOT/esp/EFI/BOOT/$(efi_name "$arch")" "$dir/esp/EFI/BOOT/" || return 1
    cp "$kernel" "$dir/esp/kernel.elf" && cp "$OUT/m1.bin" "$OUT/m2.txt" "$dir/esp/" || return 1
    printf 'kernel = \\kernel.elf\ncmdline = %s\n%s' "$cmdline" "$modules" >"$dir/esp/boot.cfg"
}

for arch in $ARCHES; do
    # ---- tagdump through both, compared field by field ----
    g=$OUT/$arch/grub o=$OUT/$arch/ours
    if ! grub_dir "$arch" "$g" "$ROOT/build/tagdump/tagdump.elf" "$CMDLINE test" \
        'module2 /m1.bin first-module
module2 /m2.txt second-module arg=2
'; then
        not_ok "$arch: GRUB image builds (see $g/grub-mkimage.log)"
        continue
    fi
    ours_dir "$arch" "$o" "$ROOT/build/tagdump/tagdump.elf" "$CMDLINE" \
        'module = \m1.bin first-module
module = \m2.txt second-module arg=2
'
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
    for shape in hl46.elf end6.elf hlbad.elf aout.bin higherhalf.elf; do
        name=${shape%.*}
        g=$OUT/$arch/shape-$name-grub o=$OUT/$arch/shape-$name-ours
        if ! grub_dir "$arch" "$g" "$ROOT/build/shapes/$shape" "shape test"; then
            not_ok "$arch: shape $name: GRUB image builds (see $g/grub-mkimage.log)"
            continue
        fi
        ours_dir "$arch" "$o" "$ROOT/build/shapes/$shape" "shape"
        # If our loader refuses, it returns to the firmware; the UEFI Shell then runs
        # startup.nsh, which powers off (run.sh status 3) instead of waiting for the timeout.
        printf 'echo loader-returned-to-firmware\r\nreset -s\r\n' >"$o/esp/startup.nsh"
        boot "grubdiff-$arch-$name-grub" --arch "$arch" --esp "$g/esp" --timeout 90
        check "$arch: shape $name boots through GRUB (run.sh status $BOOT_STATUS)" \
            bash -c "[ $BOOT_STATUS -eq 0 ] && grep -q '^shape $name: pass' '$SERIAL'"
        boot "grubdiff-$arch-$name-ours" --arch "$arch" --esp "$o/esp" --timeout 90
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
