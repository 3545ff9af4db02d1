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
    grub_image ia32 "$dir/grub.cfg" "$GRUB_ESP/EFI/BOOT/BOOTIA32.EFI" "$LOGDIR/$name-grub-mkimage.log"
}

# grub_image ARCH CFG OUT LOG [MODULES]: a standalone GRUB EFI image for ARCH (ia32:
# i386-efi, x64: x86_64-efi) at OUT with CFG as its grub.cfg and the GRUB MODULES
# (e.g. efi_gop, so that GRUB gives a framebuffer) built in; grub-mkstandalone's output in LOG.
# grub-mkstandalone, as a user would make it: the config embedded in the image's
# memdisk; only the modules it needs are put there (the image stays under 0.5 MiB).
grub_image() {
    local arch=$1 cfg=$2 out=$3 log=$4 extra=${5:-} format
    case $arch in
    ia32) format=i386-efi ;;
    x64) format=x86_64-efi ;;
    *) echo "grub_image: arch must be ia32 or x64, not '$arch'" >"$log"; return 1 ;;
    esac
    grub-mkstandalone -O "$format" -o "$out" \
        --install-modules="part_msdos part_gpt fat search search_fs_file multiboot2 boot normal configfile memdisk tar $extra" \
        --modules="part_msdos part_gpt fat $extra" --locales= --fonts= --themes= \
        "boot/grub/grub.cfg=$cfg" >"$log" 2>&1
}

# build_kernel: makes esp/kernel.elf (unless KERNEL_ELF is set); returns non-zero (log in $LOGDIR/kernel-build.log).
build_kernel() {
    [ -n "$KERNEL_ELF" ] && return 0
    make -s -C "$ROOT" esp/kernel.elf >"$LOGDIR/kernel-build.log" 2>&1
}
