#!/usr/bin/env bash
# timeline.sh - deterministic boots for the timeline: esp/ under QEMU -icount at 256M,
# 1G, 3G and 6G (ia32), and at 3G through BOOTX64.EFI when esp/ has it; each boot's
# `time:` line saved as build/bench/time-NAME.txt (empty when the boot gave none).
# With build/bench/naive/kernel.elf, also that kernel at 3G (R5). GRUB is measured in the same boot as our loader by bench/loader_cost.sh.
#
# Under -icount shift=0,sleep=off the guest TSC advances one tick per guest
# instruction, so the same boot gives the same figures on a busy machine. Boots run
# two at a time (one per core); each takes about a minute on a quiet machine, ten or
# more on one shared with other QEMUs, hence the 40-minute timeout.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/two_at_a_time.sh
source "$ROOT/bench/two_at_a_time.sh"
OUT=$ROOT/build/bench
MEMS=${BENCH_MEMS:-"256M 1G 3G 6G"}
X64_MEM=${BENCH_X64_MEM:-3G}
NAIVE_MEM=${BENCH_NAIVE_MEM:-3G}
TIMEOUT=${BENCH_BOOT_TIMEOUT:-2400}
mkdir -p "$OUT"

# boot NAME MEM [run.sh options]: one -icount boot; its time: line to time-NAME.txt.
boot() {
    local name=$1 mem=$2
    shift 2
    local log=$OUT/serial-$name.log
    rm -f "$log"
    "$ROOT/run.sh" --test --icount --timeout "$TIMEOUT" --mem "$mem" --log "$log" "$@" \
        >/dev/null 2>"$OUT/run-$name.err"
    local rc=$?
    sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' "$log" 2>/dev/null |
        grep -m1 '^time: ' >"$OUT/time-$name.txt"
    echo "timeline: $name (-m $mem): run.sh status $rc, $(wc -c <"$OUT/time-$name.txt") bytes of time: line"
}

rm -f "$OUT"/time-*.txt
jobs_list=()
for mem in $MEMS; do
    jobs_list+=("ours-$mem $mem")
done
# R5: the same boot with the bench-only naive kernel (mk/naive-kernel.mk) in a copy of esp/.
if [ -f "$OUT/naive/kernel.elf" ]; then
    rm -rf "$OUT/naive/esp"
    cp -r "$ROOT/esp" "$OUT/naive/esp"
    cp "$OUT/naive/kernel.elf" "$OUT/naive/esp/kernel.elf"
    jobs_list+=("naive-$NAIVE_MEM $NAIVE_MEM --esp $OUT/naive/esp")
fi
[ -f "$ROOT/esp/EFI/BOOT/BOOTX64.EFI" ] && jobs_list+=("x64-$X64_MEM $X64_MEM --arch x64")

two_at_a_time boot "${jobs_list[@]}" # each job: NAME MEM [run.sh options]
