#!/usr/bin/env bash
# test_mb2_compat.sh - Multiboot2 shapes GRUB boots, booted by our loader under OVMF (issue 13).
#
# Each case is an ESP folder made at test time, build/mb2compat/<case>/: our BOOTIA32.EFI and
# what tests/boot/make_compat_kernels.py writes from the compatibility kernel
# (tests/boot/compat_kernel.c: it prints what it was given, one "compat: " line each):
# a kernel.elf with the case's header (or a flat binary), a boot.cfg, modules, and the
# case's expectations, which the same script checks against the serial log. Cases the
# loader must refuse end in the UEFI Shell's startup.nsh (marker, power off: status 3).
source "$(dirname "$0")/lib.sh"

OUT=$ROOT/build/mb2compat
GEN=$ROOT/tests/boot/make_compat_kernels.py
LOADER=$ROOT/esp/EFI/BOOT/BOOTIA32.EFI
LOADER_X64=$ROOT/esp/EFI/BOOT/BOOTX64.EFI
# Shapes booted by BOOTX64.EFI as well (its own allocation paths: handoff copy, low memory).
X64_CASES=(end-tag-past-length header-length-impossible elf-sections aout-flat-binary
    boot-info-low timeline-asked)
KELF=$OUT/compat_kernel.elf
PARALLEL=2
TIMEOUT=60
PLAIN_TIMEOUT=25 # without test mode nothing exits QEMU: the case is over when this ends
mkdir -p "$OUT"
exec 9>"$OUT/.lock"
flock 9

if ! make -s -C "$ROOT" esp >"$OUT/make-esp.log" 2>&1; then
    not_ok "esp/ builds (see $OUT/make-esp.log)"
    exit 1
fi
CFLAGS=(-m32 -march=i686 -std=gnu11 -O2 -fno-pie -ffreestanding -fno-stack-protector
    -fno-asynchronous-unwind-tables -mgeneral-regs-only -Wall -Wextra -Werror -I"$ROOT")
if gcc "${CFLAGS[@]}" -c -o "$OUT/compat_kernel.o" "$ROOT/tests/boot/compat_kernel.c" \
    >"$OUT/build.log" 2>&1 &&
    ld -m elf_i386 -nostdlib -static --build-id=none -z noexecstack --no-warn-rwx-segments \
        -T "$ROOT/tests/boot/compat_kernel.ld" -o "$KELF" "$OUT/compat_kernel.o" >>"$OUT/build.log" 2>&1; then
    ok "the compatibility kernel builds (linked at 2 MiB)"
else
    not_ok "the compatibility kernel builds (see $OUT/build.log)"
    exit 1
fi
check "grub-file accepts the compatibility kernel as multiboot2" grub-file --is-x86-multiboot2 "$KELF"

mapfile -t CASES < <(python3 "$GEN" --list)
if [ -n "${COMPAT_CASES:-}" ]; then read -r -a CASES <<<"$COMPAT_CASES"; fi

# prepare CASE [x64]: the case's ESP in $OUT/CASE (or $OUT/CASE-x64 with BOOTX64.EFI).
prepare() {
    local c=$1 name=$1${2:+-x64} dir=$OUT/$1${2:+-x64}
    rm -rf "$dir"
    mkdir -p "$dir/EFI/BOOT"
    if [ -n "${2:-}" ]; then cp "$LOADER_X64" "$dir/EFI/BOOT/"; else cp "$LOADER" "$dir/EFI/BOOT/"; fi
    printf 'echo loader-returned-to-firmware\r\nreset -s\r\n' >"$dir/startup.nsh"
    python3 "$GEN" "$c" "$KELF" "$dir" >"$OUT/$name.mode" 2>"$OUT/$name.gen.log"
}

run() {
    local c=$1 arch=ia32
    [[ $c == *-x64 ]] && arch=x64
    if [ "$(cat "$OUT/$c.mode")" = plain ]; then
        timeout -k 5 "$PLAIN_TIMEOUT" "$ROOT/run.sh" --headless --esp "$OUT/$c" \
            --log "$OUT/$c.serial" </dev/null >/dev/null 2>"$OUT/$c.stderr"
        # Passed when the kernel said so; QEMU had no isa-debug-exit to say it for us.
        grep -q '^compat: result pass' "$OUT/$c.serial" && echo 0 >"$OUT/$c.status" ||
            echo 2 >"$OUT/$c.status"
    else
        "$ROOT/run.sh" --test --arch "$arch" --esp "$OUT/$c" --timeout "$TIMEOUT" --log "$OUT/$c.serial" \
            </dev/null >/dev/null 2>"$OUT/$c.stderr"
        echo $? >"$OUT/$c.status"
    fi
    sed -i -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' "$OUT/$c.serial" 2>/dev/null
}

if [ -n "${COMPAT_CASES:-}" ]; then X64_CASES=(); fi
RUNS=("${CASES[@]}")
for c in "${CASES[@]}"; do
    prepare "$c" || not_ok "$c: make_compat_kernels.py builds the case (see $OUT/$c.gen.log)"
done
for c in "${X64_CASES[@]}"; do
    prepare "$c" x64 || not_ok "$c-x64: make_compat_kernels.py builds the case"
    RUNS+=("$c-x64")
done
for c in "${RUNS[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do wait -n; done
    run "$c" &
done
wait

for c in "${RUNS[@]}"; do
    python3 "$GEN" --check "$c" "$OUT/$c" "$(cat "$OUT/$c.status" 2>/dev/null || echo none)" ||
        status_all=1
done
exit $status_all
