#!/usr/bin/env bash
# test_refusals.sh - bad kernels, headers and boot.cfg files booted under OVMF: the loader prints
# the exact error line and returns to the firmware, which goes on to its next boot option.
#
# The cases are data: tests/boot/refusals.tsv (every refusal and its one expected message)
# and tests/boot/accepts.tsv (unusual kernels that must boot, and what each must show).
# `make test-kernels` (mk/test-kernels.mk) builds each case's ESP, build/refusals/<case>/:
# our BOOTIA32.EFI, the files tests/boot/make_bad_kernels.py writes (a kernel.elf patched
# from esp/kernel.elf or from the relocatable test kernel, a boot.cfg, modules), and
# <case>.expect, the line from refusals.tsv with the build's values filled in. This
# script only boots them, with run.sh --fallback: when the loader returns, OVMF's boot
# manager starts its next option, the fallback disk's app (tests/boot/fallback_app.c),
# which prints a marker and powers off, so run.sh ends with status 3 (QEMU stopped
# without a kernel verdict). Two QEMUs run at a time.
source "$(dirname "$0")/lib.sh"

OUT=$ROOT/build/refusals
KERNEL=$ROOT/esp/kernel.elf
RELOC=$ROOT/build/test-kernels/reloc_kernel.elf
ACCEPTS=$ROOT/tests/boot/accepts.tsv
MARKER=loader-returned-to-firmware
PARALLEL=2
TIMEOUT=60
mkdir -p "$OUT"
# One run at a time: two runs would boot the same folders.
exec 9>"$OUT/.lock"
flock 9

mapfile -t REFUSALS < <(python3 "$ROOT/tests/boot/refusals.py" cases test_refusals.sh)
mapfile -t ACCEPTED < <(awk -F'\t' '!/^#/ && $1 != "case" && !seen[$1]++ { print $1 }' "$ACCEPTS")
CASES=("${REFUSALS[@]}" "${ACCEPTED[@]}")
HOLD=hold-after-error

missing=()
for c in "${CASES[@]}"; do [ -s "$OUT/$c/kernel.elf" ] || missing+=("$c"); done
[ -f "$OUT/$HOLD/boot.cfg" ] || missing+=("$HOLD")
if [ ${#missing[@]} -gt 0 ] || [ ! -s "$RELOC" ]; then
    not_ok "the refusal cases are built (make test-kernels; missing: ${missing[*]:-reloc_kernel.elf})"
    exit 1
fi
link=$(readelf -lW "$RELOC" | awk '$1 == "LOAD" { print $3; exit }')
check "the relocatable test kernel is built, linked at 0xfec00000 ($link)" test "$((link))" = "$((0xfec00000))"
made=$(python3 "$ROOT/tests/boot/make_bad_kernels.py" --list | sort | tr '\n' ' ')
listed=$(printf '%s\n' "${CASES[@]}" | sort | tr '\n' ' ')
check "every case make_bad_kernels.py makes is a row of refusals.tsv or accepts.tsv, and no row lacks one" \
    test "$made" = "$listed"

# run CASE [run.sh options]: boots it; serial in CASE.serial (escape codes and CRs
# stripped), run.sh's status in CASE.status, wall seconds in CASE.secs. Our kernel booted
# as Multiboot 1 (the accept-mb1-* cases check only the loader's lines) stops at its
# magic check and halts: --until ends those runs there (status 2), not at the timeout.
run() {
    local c=$1 start=$SECONDS
    shift
    "$ROOT/run.sh" --esp "$OUT/$c" --timeout "$TIMEOUT" --log "$OUT/$c.serial" --fallback \
        --until '^kernel: bad boot magic ' "$@" \
        </dev/null >/dev/null 2>"$OUT/$c.stderr"
    echo $? >"$OUT/$c.status"
    echo $((SECONDS - start)) >"$OUT/$c.secs"
    sed -i -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' "$OUT/$c.serial" 2>/dev/null
}

# The hold case: a human at the console (no "test" on the command line) gets the error
# on screen until a key or 10 s; run.sh without --test, under our own timeout, on a copy
# (outside test mode the firmware writes to the folder it boots).
run_hold() {
    local start=$SECONDS
    rm -rf "$OUT/.$HOLD-run"
    cp -r "$OUT/$HOLD" "$OUT/.$HOLD-run"
    timeout -k 5 "$TIMEOUT" "$ROOT/run.sh" --headless --fallback --esp "$OUT/.$HOLD-run" --log "$OUT/$HOLD.serial" \
        </dev/null >/dev/null 2>"$OUT/$HOLD.stderr"
    echo $? >"$OUT/$HOLD.status"
    echo $((SECONDS - start)) >"$OUT/$HOLD.secs"
    sed -i -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' "$OUT/$HOLD.serial" 2>/dev/null
}

# Boot them, PARALLEL at a time; the hold case first, as it is the longest.
rm -f "$OUT"/*.serial "$OUT"/*.status
run_hold &
for c in "${CASES[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do wait -n; done
    run "$c" --test &
done
wait

# first_line FILE PATTERN: line number of the first line matching PATTERN (ERE), or 0.
first_line() { grep -n -m1 -E "$2" "$1" | cut -d: -f1 | grep . || echo 0; }

# Every refusal: its line from refusals.tsv, alone, then the firmware goes on.
for c in "${REFUSALS[@]}"; do
    serial=$OUT/$c.serial
    status=$(cat "$OUT/$c.status" 2>/dev/null || echo none)
    want=$(cat "$OUT/$c.expect" 2>/dev/null)
    [ -f "$serial" ] || touch "$serial"
    err_at=$(first_line "$serial" '^loader: error: ')
    marker_at=$(first_line "$serial" "^$MARKER\$")
    check "$c: the loader prints: ${want:-(no expected line: see $OUT/$c.expect)}" \
        test -n "$want" -a "$(grep -cxF -- "$want" "$serial")" -ge 1
    check "$c: exactly one error line" test "$(grep -c '^loader: error: ' "$serial")" = 1
    check "$c: the loader returned and the firmware went on to the shell (status $status, want 3)" \
        test "$status" = 3 -a "$err_at" -gt 0 -a "$marker_at" -gt "$err_at"
done

# Every accept case: one line of accepts.tsv, one check. reloc-moved sets BASE, the
# address the loader says it moved the image to, for the rows after it.
size=$(readelf -lW "$RELOC" | awk '$1 == "LOAD" { print $6; exit }')
while IFS=$'\t' read -r c kind arg what <&3; do
    [[ $c == \#* || $c == case || -z $c ]] && continue
    serial=$OUT/$c.serial
    status=$(cat "$OUT/$c.status" 2>/dev/null || echo none)
    [ -f "$serial" ] || touch "$serial"
    case $kind in
    status) check "$c: $what (run.sh status $status, want $arg)" test "$status" = "$arg" ;;
    line) check "$c: $what" grep -qxF -- "$arg" "$serial" ;;
    match) check "$c: $what" grep -qE -- "$arg" "$serial" ;;
    none) check "$c: $what" bash -c '! grep -qE -- "$1" "$2"' - "$arg" "$serial" ;;
    count) check "$c: $what (${arg%% *} lines like ${arg#* })" \
        test "$(grep -cE -- "${arg#* }" "$serial")" = "${arg%% *}" ;;
    reloc-moved)
        loaded=$(grep -m1 -E '^loader: kernel .* relocated: ' "$serial")
        BASE=$(sed -n -E 's/.*loaded at (0x[0-9a-f]+).*/\1/p' <<<"$loaded")
        check "$c: $what (${loaded:-no such line})" test -n "$BASE" ;;
    reloc-runs)
        ran=$(grep -m1 -E '^reloc-kernel: running at 0x[0-9a-f]+ load_base=0x[0-9a-f]+ magic ok$' "$serial")
        at=$(sed -n -E 's/.*running at (0x[0-9a-f]+).*/\1/p' <<<"$ran")
        tag21=$(sed -n -E 's/.*load_base=(0x[0-9a-f]+).*/\1/p' <<<"$ran")
        check "$c: $what (base ${BASE:-?}; ${ran:-no report})" \
            test -n "$ran" -a $((${at:-1})) = $((${BASE:-0})) -a $((${tag21:-1})) = $((${BASE:-0})) ;;
    reloc-base)
        read -r align min max <<<"$arg"
        check "$c: $what (base ${BASE:-?}, image $size bytes)" \
            test $((${BASE:-1} % align == 0 && ${BASE:-0} >= min && ${BASE:-0x100000000} + ${size:-1} <= max)) = 1 ;;
    *) not_ok "$c: accepts.tsv: unknown check \"$kind\"" ;;
    esac
done 3<"$ACCEPTS"

# The loader gives back what it took: every refusal ends with the count of pages freed.
# elf-segment-over-mmio fails last (the final map check), holding the most: the kernel
# file, its claimed segments, the memory map and the handoff buffers.
missing=()
for c in "${REFUSALS[@]}"; do
    grep -qE '^loader: returning to the firmware: [0-9]+ pages given back$' "$OUT/$c.serial" ||
        missing+=("$c")
done
late=$(sed -n -E 's/^loader: returning to the firmware: ([0-9]+) pages given back$/\1/p' \
    "$OUT/elf-segment-over-mmio.serial")
kpages=$((($(stat -c %s "$KERNEL") + 4095) / 4096 + 1))
check "every refusal returns its pages to the firmware (cases without the line: ${missing[*]:-none}); the late elf-segment-over-mmio gave back ${late:-?}, more than the kernel file's $kpages" \
    test ${#missing[@]} = 0 -a "${late:-0}" -gt "$kpages"

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
