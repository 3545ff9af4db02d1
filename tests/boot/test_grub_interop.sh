#!/usr/bin/env bash
# test_grub_interop.sh - GRUB (the reference Multiboot2 loader) boots esp/kernel.elf in test mode to "kernel: ready".
source "$(dirname "$0")/lib.sh"

# build/grub/interop/esp: a standalone GRUB i386-efi image booting a copy of
# esp/kernel.elf with the command line "test" (mk/test-kernels.mk).
GRUB_ESP=$ROOT/build/grub/interop/esp
need "the GRUB image (grub-mkstandalone) booting esp/kernel.elf" \
    "$GRUB_ESP/EFI/BOOT/BOOTIA32.EFI" "$GRUB_ESP/kernel.elf"
boot grub-interop --esp "$GRUB_ESP" --timeout 90
if [ "$BOOT_STATUS" -eq 0 ] && has_line '^kernel: ready$'; then
    ok "grub boots kernel.elf to kernel: ready"
else
    not_ok "grub boots kernel.elf to kernel: ready (run.sh status $BOOT_STATUS, see $SERIAL)"
fi
boot_line=$(line 'boot: ')
check "boot line names GRUB and the command line \"test\"" \
    grep -qE '^boot: loader="GRUB[^"]*" cmdline="test" ' <<<"$boot_line"
check "boot line counts a memory map and an EFI memory map with its descriptor size" \
    grep -qE ' mmap_entries=[1-9][0-9]* efi_mmap_entries=[1-9][0-9]* desc_size=[1-9][0-9]* ' <<<"$boot_line"
check "boot line reports the framebuffer and RSDP as present or none" \
    grep -qE ' fb=(none|[0-9]+x[0-9]+x[0-9]+@0x[0-9a-f]+) rsdp=(none|v[12]@0x[0-9a-f]+)$' <<<"$boot_line"
cr0=$(field "$(line 'cpu: ')" cr0)
check "caches are on at kmain: CR0 (${cr0:-missing}) has CD and NW clear" \
    test -n "$cr0" -a $(( ${cr0:-0} & 0x60000000 )) -eq 0
check "no exception report" bash -c "! grep -q '^exception: ' '$SERIAL'"
exit $status_all
