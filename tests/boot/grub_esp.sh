# grub_esp.sh - builds a throwaway ESP that boots esp/kernel.elf through GRUB (sourced by boot tests).
# GRUB is the reference Multiboot2 loader: booting our kernel with it tests the kernel
# independently of our own loader. Nothing from GRUB is committed; images go to build/grub/.
# KERNEL_ELF=path tests another kernel image instead of building esp/kernel.elf.
KERNEL_ELF=${KERNEL_ELF:-}

# grub_esp NAME CMDLINE: makes $ROOT/build/grub/NAME/esp holding a standalone GRUB i386-efi
# image (grub-mkstandalone; the kernel command line in its embedded config) and a copy of esp/kernel.elf.
# Sets GRUB_ESP; returns non-zero (log in $LOGDIR/NAME-grub-mkimage.log) on failure.
grub_esp() {
    local name=$1 cmdline=$2
    local dir=$ROOT/build/grub/$name
    GRUB_ESP=$dir/esp
    rm -rf "$dir"
    mkdir -p "$GRUB_ESP/EFI/BOOT"
    cp "${KERNEL_ELF:-$ROOT/esp/kernel.elf}" "$GRUB_ESP/kernel.elf" || return 1
    cat >"$dir/grub.cfg" <<CFG
search --no-floppy --file --set=root /kernel.elf
multiboot2 /kernel.elf $cmdline
boot
CFG
    # grub-mkstandalone, as a user would make it: the config embedded in the image's
    # memdisk; only the modules it needs are put there (the image stays under 0.5 MiB).
    grub-mkstandalone -O i386-efi -o "$GRUB_ESP/EFI/BOOT/BOOTIA32.EFI" \
        --install-modules="part_msdos part_gpt fat search search_fs_file multiboot2 boot normal configfile memdisk tar" \
        --modules="part_msdos part_gpt fat" --locales= --fonts= --themes= \
        "boot/grub/grub.cfg=$dir/grub.cfg" >"$LOGDIR/$name-grub-mkimage.log" 2>&1
}

# build_kernel: makes esp/kernel.elf (unless KERNEL_ELF is set); returns non-zero (log in $LOGDIR/kernel-build.log).
build_kernel() {
    [ -n "$KERNEL_ELF" ] && return 0
    make -s -C "$ROOT" esp/kernel.elf >"$LOGDIR/kernel-build.log" 2>&1
}
