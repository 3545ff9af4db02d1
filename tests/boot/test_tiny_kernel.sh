#!/usr/bin/env bash
# test_tiny_kernel.sh - the twenty-line kernel of docs/bootinfo.md (examples/tiny/kernel.asm)
# is what the docs show, builds (make test-kernels) with the command in its first lines, is a Multiboot2
# kernel by GRUB's own check, and boots from our loader to its hello line.
source "$(dirname "$0")/lib.sh"

SRC=$ROOT/examples/tiny/kernel.asm
ESP=$ROOT/build/test-kernels/tiny/esp

# The docs quote the file between ```nasm and ``` under "A kernel in twenty lines".
quoted=$(awk '/^## A kernel in twenty lines/ { s = 1 } s && /^```$/ { exit } s && f { print }
    s && /^```nasm$/ { f = 1 }' "$ROOT/docs/bootinfo.md")
check "docs/bootinfo.md shows examples/tiny/kernel.asm as it is" test "$quoted" = "$(cat "$SRC")"

# mk/test-kernels.mk runs the header's two commands and fails on any output from them.
if [ -s "$ESP/kernel.elf" ] && [ -f "$ESP/../build.log" ] && ! grep -q . "$ESP/../build.log"; then
    ok "the tiny kernel builds without a warning with the command its header gives"
else
    not_ok "the tiny kernel builds without a warning (make test-kernels; see build/test-kernels/tiny/build.log)"
    exit 1
fi
need "our loader" "$ESP/EFI/BOOT/BOOTIA32.EFI"
check "grub-file --is-x86-multiboot2 accepts the tiny kernel" \
    grub-file --is-x86-multiboot2 "$ESP/kernel.elf"
boot tiny --esp "$ESP" --timeout 60
check "our loader boots it: it checks the magic, says hello on COM1 and reports pass (status $BOOT_STATUS)" \
    test "$BOOT_STATUS" = 0
check "its line reached COM1 after the loader's" has_line '^tiny: hello from a Multiboot2 kernel$'
exit $status_all
