#!/usr/bin/env bash
# test_refusals.sh - bad kernels, headers and boot.cfg files booted under OVMF: the loader prints
# the exact error line and returns to the firmware, which goes on to its next boot option.
#
# Each case is an ESP folder made at test time, build/refusals/<case>/: our BOOTIA32.EFI,
# the files tests/boot/make_bad_kernels.py writes (a kernel.elf patched from esp/kernel.elf
# or from the relocatable test kernel, a boot.cfg, modules) and a startup.nsh. When the
# loader returns, OVMF's boot manager starts its next option, the UEFI Shell, which runs
# startup.nsh after its 5 s countdown: it echoes a marker and powers off, so run.sh ends
# with status 3 (QEMU stopped without a kernel verdict). Two QEMUs run at a time.
source "$(dirname "$0")/lib.sh"

OUT=$ROOT/build/refusals
GEN=$ROOT/tests/boot/make_bad_kernels.py
LOADER=$ROOT/esp/EFI/BOOT/BOOTIA32.EFI
KERNEL=$ROOT/esp/kernel.elf
RELOC=$OUT/reloc_kernel.elf
MARKER=loader-returned-to-firmware
PARALLEL=2
TIMEOUT=60
mkdir -p "$OUT"
# One run at a time: a second run (another `make test`) would rebuild this one's cases.
exec 9>"$OUT/.lock"
flock 9

if ! make -s -C "$ROOT" esp >"$OUT/make-esp.log" 2>&1; then
    not_ok "esp/ builds (see $OUT/make-esp.log)"
    exit 1
fi

# The relocatable test kernel: position-independent C, linked at 0xFEC00000.
RELOC_CFLAGS=(-m32 -march=i686 -std=gnu11 -O2 -fpie -fvisibility=hidden -ffreestanding
    -fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only
    -Wall -Wextra -Werror -I"$ROOT")
if gcc "${RELOC_CFLAGS[@]}" -c -o "$OUT/reloc_kernel.o" "$ROOT/tests/boot/reloc_kernel.c" \
    >"$OUT/reloc-build.log" 2>&1 &&
    ld -m elf_i386 -nostdlib -static --build-id=none -z noexecstack --no-warn-rwx-segments \
        -T "$ROOT/tests/boot/reloc_kernel.ld" -o "$RELOC" "$OUT/reloc_kernel.o" \
        >>"$OUT/reloc-build.log" 2>&1; then
    ok "the relocatable test kernel builds (linked at 0xfec00000)"
else
    not_ok "the relocatable test kernel builds (see $OUT/reloc-build.log)"
fi

mapfile -t CASES < <(python3 "$GEN" --list)

# prepare CASE [GENERATOR_CASE]: the case's ESP and its expected line in CASE.expect.
prepare() {
    local c=$1 dir=$OUT/$1
    rm -rf "$dir"
    mkdir -p "$dir/EFI/BOOT"
    cp "$LOADER" "$dir/EFI/BOOT/"
    printf 'echo %s\r\nreset -s\r\n' "$MARKER" >"$dir/startup.nsh"
    python3 "$GEN" "${2:-$c}" "$KERNEL" "$RELOC" "$dir" >"$OUT/$c.expect" 2>"$OUT/$c.gen.log"
}

# run CASE [run.sh options]: boots it; serial in CASE.serial (escape codes and CRs
# stripped), run.sh's status in CASE.status, wall seconds in CASE.secs.
run() {
    local c=$1 start=$SECONDS
    shift
    "$ROOT/run.sh" --esp "$OUT/$c" --timeout "$TIMEOUT" --log "$OUT/$c.serial" "$@" \
        </dev/null >/dev/null 2>"$OUT/$c.stderr"
    echo $? >"$OUT/$c.status"
    echo $((SECONDS - start)) >"$OUT/$c.secs"
    sed -i -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' "$OUT/$c.serial" 2>/dev/null
}

# The hold case: a human at the console (no "test" on the command line) gets the error
# on screen until a key or 10 s; run.sh without --test, under our own timeout.
HOLD=hold-after-error
prepare_hold() {
    prepare "$HOLD" elf-bad-magic
    printf 'cmdline = at the console\n' >"$OUT/$HOLD/boot.cfg"
}
run_hold() {
    local start=$SECONDS
    timeout -k 5 "$TIMEOUT" "$ROOT/run.sh" --headless --esp "$OUT/$HOLD" --log "$OUT/$HOLD.serial" \
        </dev/null >/dev/null 2>"$OUT/$HOLD.stderr"
    echo $? >"$OUT/$HOLD.status"
    echo $((SECONDS - start)) >"$OUT/$HOLD.secs"
    sed -i -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' "$OUT/$HOLD.serial" 2>/dev/null
}

for c in "${CASES[@]}"; do
    prepare "$c" || not_ok "$c: make_bad_kernels.py builds the case (see $OUT/$c.gen.log)"
done
prepare_hold

# Boot them, PARALLEL at a time; the hold case first, as it is the longest.
run_hold &
for c in "${CASES[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do wait -n; done
    run "$c" --test &
done
wait

# first_line FILE PATTERN: line number of the first line matching PATTERN (ERE), or 0.
first_line() { grep -n -m1 -E "$2" "$1" | cut -d: -f1 | grep . || echo 0; }

for c in "${CASES[@]}"; do
    serial=$OUT/$c.serial
    status=$(cat "$OUT/$c.status" 2>/dev/null || echo none)
    want=$(cat "$OUT/$c.expect" 2>/dev/null)
    [ -f "$serial" ] || touch "$serial"
    if [[ $c == accept-sha256-pinned ]]; then
        check "$c: with the kernel's and a module's digests pinned, the kernel boots and passes (run.sh status $status, want 0)" \
            test "$status" = 0
        check "$c: no error line, and the loader passed the module on" \
            test "$(grep -c '^loader: error: ' "$serial")" = 0 -a \
            "$(grep -c '^loader: boot info at 0x[0-9a-f]*, modules 1,' "$serial")" = 1
        continue
    fi
    if [[ $c == accept-fb-tag-closest ]]; then
        check "$c: a header asking for 1000x700 boots and passes (run.sh status $status, want 0)" \
            test "$status" = 0
        check "$c: the loader names the closest mode it sets" \
            grep -qxF 'loader: note: resolution 1000x700 is not offered by GOP; closest offered: 1024x768' "$serial"
        check "$c: the kernel got the 1024x768 framebuffer" \
            grep -qE '^boot: .* fb=1024x768x32@0x[0-9a-f]+ ' "$serial"
        continue
    fi
    if [[ $c == accept-entry-tag ]]; then
        check "$c: entered at the header's entry address, not e_entry: passes (run.sh status $status, want 0)" \
            test "$status" = 0
        check "$c: no wrong-magic report from the e_entry stub" \
            bash -c "! grep -q 'bad boot magic' '$serial' && grep -q '^boot: ' '$serial'"
        continue
    fi
    if [[ $c == accept-* ]]; then
        loaded=$(grep -m1 -E '^loader: kernel .* relocated: ' "$serial")
        base=$(sed -n -E 's/.*loaded at (0x[0-9a-f]+).*/\1/p' <<<"$loaded")
        check "$c: the kernel reports pass (run.sh status $status, want 0)" test "$status" = 0
        check "$c: the loader says where it moved the image ($loaded)" test -n "$base"
        ran=$(grep -m1 -E '^reloc-kernel: running at 0x[0-9a-f]+ load_base=0x[0-9a-f]+ magic ok$' "$serial")
        at=$(sed -n -E 's/.*running at (0x[0-9a-f]+).*/\1/p' <<<"$ran")
        tag21=$(sed -n -E 's/.*load_base=(0x[0-9a-f]+).*/\1/p' <<<"$ran")
        check "$c: the kernel runs at $base, and tag 21 says so (${ran:-no report})" \
            test -n "$ran" -a $((${at:-1})) = $((${base:-0})) -a $((${tag21:-1})) = $((${base:-0}))
        check "$c: serial = on (the default) duplicates no line: OVMF's ConOut already has a UART" \
            test "$(grep -c '^loader: BOOTIA32 starting$' "$serial")" = 1
        check "$c: the module lies in memory tag 6 reports reserved" \
            grep -qE '^reloc-kernel: module start=0x[0-9a-f]+ end=0x[0-9a-f]+ reserved=yes$' "$serial"
        case $c in
        accept-reloc-lowest)
            check "$c: base $base is the lowest 2 MiB-aligned base at or above min_addr 2 MiB" \
                test $((${base:-1} % 0x200000 == 0 && ${base:-0} >= 0x200000)) = 1 ;;
        accept-reloc-highest)
            size=$(readelf -lW "$RELOC" | awk '$1 == "LOAD" { print $6; exit }')
            check "$c: base $base is 64 KiB-aligned, the image ($size bytes) in [16 MiB, 128 MiB]" \
                test $((${base:-1} % 0x10000 == 0 && ${base:-0} >= 0x1000000 &&
                    ${base:-0x8000000} + ${size:-1} <= 0x8000000)) = 1 ;;
        esac
        continue
    fi
    err_at=$(first_line "$serial" '^loader: error: ')
    marker_at=$(first_line "$serial" "^$MARKER\$")
    check "$c: the loader prints: $want" grep -qxF -- "$want" "$serial"
    check "$c: exactly one error line" test "$(grep -c '^loader: error: ' "$serial")" = 1
    check "$c: the loader returned and the firmware went on to the shell (status $status, want 3)" \
        test "$status" = 3 -a "$err_at" -gt 0 -a "$marker_at" -gt "$err_at"
done

# The loader gives back what it took: every refusal ends with the count of pages freed.
# elf-segment-over-mmio fails last (the final map check), holding the most: the kernel
# file, its claimed segments, the memory map and the handoff buffers.
missing=()
for c in "${CASES[@]}"; do
    [[ $c == accept-* ]] && continue
    grep -qE '^loader: returning to the firmware: [0-9]+ pages given back$' "$OUT/$c.serial" ||
        missing+=("$c")
done
late=$(sed -n -E 's/^loader: returning to the firmware: ([0-9]+) pages given back$/\1/p' \
    "$OUT/elf-segment-over-mmio.serial")
kpages=$((($(stat -c %s "$KERNEL") + 4095) / 4096 + 1))
check "every refusal returns its pages to the firmware (cases without the line: ${missing[*]:-none}); the late elf-segment-over-mmio gave back ${late:-?}, more than the kernel file's $kpages" \
    test ${#missing[@]} = 0 -a "${late:-0}" -gt "$kpages"

docs_diff=$(python3 "$ROOT/tests/boot/check_refusal_docs.py" "$ROOT/docs/bootinfo.md" "$OUT" \
    "${CASES[@]}" 2>&1)
check "docs/bootinfo.md quotes the exact line of every QEMU refusal case${docs_diff:+ ($docs_diff)}" \
    test -z "$docs_diff"

# The hold: the prompt follows the error, and only then does the firmware go on.
serial=$OUT/$HOLD.serial
err_at=$(first_line "$serial" '^loader: error: ')
prompt_at=$(first_line "$serial" '^loader: press any key to return to the firmware \(or wait 10 s\)$')
marker_at=$(first_line "$serial" "^$MARKER\$")
check "outside test mode the error is held: prompt after the error, firmware goes on after it" \
    test "$err_at" -gt 0 -a "$prompt_at" -gt "$err_at" -a "$marker_at" -gt "$prompt_at"
held_s=$(cat "$OUT/$HOLD.secs")
plain_s=$(cat "$OUT/elf-bad-magic.secs")
check "outside test mode the hold lasts about 10 s (same case: $held_s s held, $plain_s s in test mode)" \
    test "$held_s" -ge $((plain_s + 5))
held=0
for c in "${CASES[@]}"; do
    grep -q '^loader: press any key' "$OUT/$c.serial" && held=$((held + 1))
done
check "in test mode there is no hold (cases with a prompt: $held)" test "$held" = 0
exit $status_all
