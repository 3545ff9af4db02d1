#!/usr/bin/env bash
# loader_cost.sh - same-boot loader cost: ESPs whose BOOTIA32.EFI is bench/stamp's app,
# which stamps the TSC, LoadImage's the loader named in \stamp.cfg (ours or a lean GRUB,
# both on the ESP), and starts it. Kernels: the small bench/stamp/tsck.asm ("small") and
# esp/kernel.elf ("ours"). Each case boots twice under -icount; the serial logs go to
# build/bench/serial-cost-KERNEL-LOADER-RUN.log for report.py.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/bench
STAMP=$OUT/stamp
TIMEOUT=${BENCH_BOOT_TIMEOUT:-2400}
MEM=${BENCH_COST_MEM:-256M}

# The lean GRUB of the brief: only what finds and multiboot2-loads /kernel.elf.
grub_lean() {
    local cfg=$STAMP/early.cfg
    cat >"$cfg" <<'CFG'
search --no-floppy --file --set=root /kernel.elf
multiboot2 /kernel.elf test
boot
CFG
    grub-mkimage -O i386-efi -p / -c "$cfg" -o "$STAMP/GRUB.EFI" \
        part_msdos part_gpt fat search search_fs_file multiboot2 boot \
        >"$OUT/grub-lean-mkimage.log" 2>&1
}

# esp KERNEL ELF: build/bench/stamp/esp-KERNEL holding both loaders and ELF as \kernel.elf.
esp() {
    local dir=$STAMP/esp-$1
    rm -rf "$dir"
    mkdir -p "$dir/EFI/BOOT" "$dir/EFI/BENCH"
    cp "$STAMP/STAMP.EFI" "$dir/EFI/BOOT/BOOTIA32.EFI"
    cp "$ROOT/esp/EFI/BOOT/BOOTIA32.EFI" "$dir/EFI/BENCH/OURS.EFI"
    cp "$STAMP/GRUB.EFI" "$dir/EFI/BENCH/GRUB.EFI"
    cp "$ROOT/esp/boot.cfg" "$dir/boot.cfg"
    cp "$2" "$dir/kernel.elf"
}

# boot KERNEL LOADER RUN: one boot; \stamp.cfg (the only difference between the loaders'
# ESPs, same length) names \EFI\BENCH\LOADER.EFI.
boot() {
    local kernel=$1 loader=$2 run=$3
    local name=cost-$kernel-$loader-$run
    local dir=$OUT/esp-$name log=$OUT/serial-$name.log
    rm -rf "$dir" "$log"
    cp -r "$STAMP/esp-$kernel" "$dir"
    printf '\\EFI\\BENCH\\%s.EFI\n' "${loader^^}" >"$dir/stamp.cfg"
    "$ROOT/run.sh" --test --icount --timeout "$TIMEOUT" --mem "$MEM" --esp "$dir" \
        --log "$log" >/dev/null 2>"$OUT/run-$name.err"
    echo "loader_cost: $name: run.sh status $?"
    rm -rf "$dir"
}

grub_lean || { echo "loader_cost: grub-mkimage failed, see $OUT/grub-lean-mkimage.log" >&2; exit 1; }
esp small "$STAMP/tsck.elf"
esp ours "$ROOT/esp/kernel.elf"
running=0
for kernel in small ours; do
    for run in 1 2; do
        for loader in ours grub; do
            boot "$kernel" "$loader" "$run" &
            running=$((running + 1))
            if [ $running -ge 2 ]; then
                wait -n
                running=$((running - 1))
            fi
        done
    done
done
wait
