#!/usr/bin/env bash
# test_mb2_compat.sh - Multiboot2 shapes GRUB boots, booted by our loader under OVMF (issue 13).
#
# `make test-kernels` (mk/compat-kernels.mk) builds the compatibility kernel
# (tests/boot/compat_kernel.c: it prints what it was given, one "compat: " line each) and
# one ESP folder per run, build/mb2compat/<run>/: our BOOTIA32.EFI (BOOTX64.EFI for the
# <case>-x64 runs) and what tests/boot/make_compat_kernels.py writes for
# the case: a kernel.elf with the case's header (or a flat binary), a boot.cfg, modules,
# and the case's expectations (the refusal lines from tests/boot/refusals.tsv), which the
# same script checks against the serial log. This script only boots them. Cases the
# loader must refuse end in the fallback app (run.sh --fallback: marker, power off: status 3).
# COMPAT_CASES="case ..." boots only those runs.
source "$(dirname "$0")/lib.sh"

OUT=$ROOT/build/mb2compat
GEN=$ROOT/tests/boot/make_compat_kernels.py
KELF=$OUT/compat_kernel.elf
PARALLEL=2
TIMEOUT=60
PLAIN_TIMEOUT=25 # without test mode nothing exits QEMU: the case is over when this ends
mkdir -p "$OUT"
# One run at a time: two runs would boot the same folders.
exec 9>"$OUT/.lock"
flock 9

mapfile -t RUNS < <(python3 "$GEN" --runs)
if [ -n "${COMPAT_CASES:-}" ]; then read -r -a RUNS <<<"$COMPAT_CASES"; fi
need "the compatibility kernel" "$KELF"
for c in "${RUNS[@]}"; do need "the ESP of $c" "$OUT/$c.mode" "$OUT/$c/kernel.elf" "$OUT/$c/expect"; done

link=$(readelf -lW "$KELF" | awk '$1 == "LOAD" { print $3; exit }')
check "the compatibility kernel is built, linked at 2 MiB ($link)" test "$((link))" = "$((0x200000))"
check "grub-file accepts the compatibility kernel as multiboot2" grub-file --is-x86-multiboot2 "$KELF"
if [ -z "${COMPAT_CASES:-}" ]; then
    python3 "$GEN" --check-table "$OUT" || status_all=1
fi

run() {
    local c=$1 arch=ia32
    [[ $c == *-x64 ]] && arch=x64
    if [ "$(cat "$OUT/$c.mode")" = plain ]; then
        # Outside test mode the firmware writes to the folder it boots: boot a copy.
        rm -rf "$OUT/.$c-run"
        cp -r "$OUT/$c" "$OUT/.$c-run"
        timeout -k 5 "$PLAIN_TIMEOUT" "$ROOT/run.sh" --headless --esp "$OUT/.$c-run" \
            --log "$OUT/$c.serial" </dev/null >/dev/null 2>"$OUT/$c.stderr"
        # Passed when the kernel said so; QEMU had no isa-debug-exit to say it for us.
        grep -q '^compat: result pass' "$OUT/$c.serial" && echo 0 >"$OUT/$c.status" ||
            echo 2 >"$OUT/$c.status"
    else
        "$ROOT/run.sh" --test --fallback --arch "$arch" --esp "$OUT/$c" --timeout "$TIMEOUT" --log "$OUT/$c.serial" \
            </dev/null >/dev/null 2>"$OUT/$c.stderr"
        echo $? >"$OUT/$c.status"
    fi
    sed -i -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' "$OUT/$c.serial" 2>/dev/null
}

rm -f "$OUT"/*.serial "$OUT"/*.status
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
