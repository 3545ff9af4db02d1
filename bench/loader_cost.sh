#!/usr/bin/env bash
# loader_cost.sh - same-boot loader cost: ESPs whose BOOTIA32.EFI is bench/stamp's app,
# which stamps the TSC, LoadImage's the loader named in \stamp.cfg (ours or a lean GRUB,
# both on the ESP), and starts it. Kernels: the small bench/stamp/tsck.asm ("small") and
# esp/kernel.elf ("ours"). Each case boots twice under -icount; the serial logs go to
# build/bench/serial-cost-KERNEL-LOADER-RUN.log for report.py. Under OVMF x64 (the stamp
# app built for x64, BOOTX64.EFI against GRUB x86_64-efi) the small kernel only:
# serial-cost-x64-small-LOADER-RUN.log.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/two_at_a_time.sh
source "$ROOT/bench/two_at_a_time.sh"
OUT=$ROOT/build/bench
STAMP=$OUT/stamp
TIMEOUT=${BENCH_BOOT_TIMEOUT:-2400}
MEM=${BENCH_COST_MEM:-256M}

# The lean GRUB of the brief: only what finds and multiboot2-loads /kernel.elf.
# grub_lean FORMAT OUT: grub-mkimage -O FORMAT (i386-efi or x86_64-efi).
grub_lean() {
    local cfg=$STAMP/early.cfg
    cat >"$cfg" <<'CFG'
search --no-floppy --file --set=root /kernel.elf
multiboot2 /kernel.elf test
boot
CFG
    grub-mkimage -O "$1" -p / -c "$cfg" -o "$2" \
        part_msdos part_gpt fat search search_fs_file multiboot2 boot \
        >"$OUT/grub-lean-mkimage.log" 2>&1
}

# esp NAME ELF [x64]: build/bench/stamp/esp-NAME holding both loaders and ELF as
# \kernel.elf; with x64 the x64 stamp app, BOOTX64.EFI and the x86_64 GRUB.
esp() {
    local dir=$STAMP/esp-$1 boot=BOOTIA32.EFI app=$STAMP/STAMP.EFI grub=$STAMP/GRUB.EFI
    if [ "${3:-}" = x64 ]; then
        boot=BOOTX64.EFI app=$STAMP/x64/STAMP.EFI grub=$STAMP/GRUB64.EFI
    fi
    rm -rf "$dir"
    mkdir -p "$dir/EFI/BOOT" "$dir/EFI/BENCH"
    cp "$app" "$dir/EFI/BOOT/$boot"
    cp "$ROOT/esp/EFI/BOOT/$boot" "$dir/EFI/BENCH/OURS.EFI"
    cp "$grub" "$dir/EFI/BENCH/GRUB.EFI"
    cp "$ROOT/esp/boot.cfg" "$dir/boot.cfg"
    cp "$2" "$dir/kernel.elf"
}

# boot KERNEL LOADER RUN [x64]: one boot; \stamp.cfg (the only difference between the
# loaders' ESPs, same length) names \EFI\BENCH\LOADER.EFI.
boot() {
    local kernel=$1 loader=$2 run=$3 arch=${4:-ia32}
    local name=cost-$kernel-$loader-$run esp_name=$kernel
    if [ "$arch" = x64 ]; then
        name=cost-x64-$kernel-$loader-$run esp_name=x64-$kernel
    fi
    local dir=$OUT/esp-$name log=$OUT/serial-$name.log
    rm -rf "$dir" "$log"
    cp -r "$STAMP/esp-$esp_name" "$dir"
    printf '\\EFI\\BENCH\\%s.EFI\n' "${loader^^}" >"$dir/stamp.cfg"
    "$ROOT/run.sh" --test --icount --timeout "$TIMEOUT" --mem "$MEM" --arch "$arch" \
        --esp "$dir" --log "$log" >/dev/null 2>"$OUT/run-$name.err"
    echo "loader_cost: $name: run.sh status $?"
    rm -rf "$dir"
}

{ grub_lean i386-efi "$STAMP/GRUB.EFI" && grub_lean x86_64-efi "$STAMP/GRUB64.EFI"; } ||
    { echo "loader_cost: grub-mkimage failed, see $OUT/grub-lean-mkimage.log" >&2; exit 1; }
esp small "$STAMP/tsck.elf"
esp ours "$ROOT/esp/kernel.elf"
esp x64-small "$STAMP/tsck.elf" x64
cases=()
for kernel in small ours; do
    for run in 1 2; do
        cases+=("$kernel ours $run" "$kernel grub $run")
    done
done
cases+=("small ours 1 x64" "small grub 1 x64" "small ours 2 x64" "small grub 2 x64")
two_at_a_time boot "${cases[@]}" # each case: KERNEL LOADER RUN [ARCH]
