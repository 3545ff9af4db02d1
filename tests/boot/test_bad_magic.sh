#!/usr/bin/env bash
# test_bad_magic.sh - our kernel entered with a wrong magic in EAX (not booted by a
# Multiboot2 loader) says so on COM1 and halts, touching nothing EBX points at.
#
# The wrong magic comes from the kernel itself: make test-kernels writes a copy of
# esp/kernel.elf whose e_entry is moved to kmain, whose first bytes become "mov eax,
# 0xdeadbeef; jmp _start" (tests/boot/make_bad_magic.py). kmain is only ever called after
# the magic check passed, so nothing else changes. The kernel
# halts without a verdict (it cannot know that this is a test run), so run.sh times out.
source "$(dirname "$0")/lib.sh"

ESP=$ROOT/build/test-kernels/bad-magic/esp
need "the kernel with a wrong magic (tests/boot/make_bad_magic.py)" "$ESP/kernel.elf" "$ESP/EFI/BOOT/BOOTIA32.EFI"
check "a copy of the kernel entered with EAX = 0xdeadbeef is made" test -s "$ESP/kernel.elf"
boot bad-magic --esp "$ESP" --timeout 30
check "the kernel reports the wrong magic on COM1, naming the value and the one expected" \
    has_line '^kernel: bad boot magic 0xdeadbeef \(expected 0x36d76289\)$'
check "and halts there: no boot line, no verdict, QEMU ends only by the timeout (run.sh status $BOOT_STATUS, want 2)" \
    test "$BOOT_STATUS" = 2 -a -z "$(line 'boot: ')"
exit $status_all
