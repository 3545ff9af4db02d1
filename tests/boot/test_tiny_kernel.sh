#!/usr/bin/env bash
# test_tiny_kernel.sh - the twenty-line kernel of docs/bootinfo.md (examples/tiny/kernel.asm)
# is what the docs show, builds with the command in its first lines, is a Multiboot2
# kernel by GRUB's own check, and boots from our loader to its hello line.
source "$(dirname "$0")/lib.sh"

SRC=$ROOT/examples/tiny/kernel.asm
OUT=$ROOT/build/tiny
ESP=$OUT/esp
rm -rf "$OUT"
mkdir -p "$ESP/EFI/BOOT"

# The docs quote the file between ```nasm and ``` under "A kernel in twenty lines".
quoted=$(awk '/^## A kernel in twenty lines/ { s = 1 } s && /^```$/ { exit } s && f { print }
    s && /^```nasm$/ { f = 1 }' "$ROOT/docs/bootinfo.md")
check "docs/bootinfo.md shows examples/tiny/kernel.asm as it is" test "$quoted" = "$(cat "$SRC")"

if make -s -C "$ROOT" esp >"$OUT/make-esp.log" 2>&1 &&
    nasm -f elf32 "$SRC" -o "$OUT/kernel.o" >"$OUT/build.log" 2>&1 &&
    ld -m elf_i386 -z noexecstack -Ttext=0x200000 -e start -o "$ESP/kernel.elf" "$OUT/kernel.o" \
        >>"$OUT/build.log" 2>&1 && ! grep -q . "$OUT/build.log"; then
    ok "the tiny kernel builds without a warning with the command its header gives"
else
    not_ok "the tiny kernel builds without a warning (see $OUT/build.log, $OUT/make-esp.log)"
    exit 1
fi
check "grub-file --is-x86-multiboot2 accepts the tiny kernel" \
    grub-file --is-x86-multiboot2 "$ESP/kernel.elf"
cp "$ROOT/esp/EFI/BOOT/BOOTIA32.EFI" "$ESP/EFI/BOOT/"
boot tiny --esp "$ESP" --timeout 60
check "our loader boots it: it checks the magic, says hello on COM1 and reports pass (status $BOOT_STATUS)" \
    test "$BOOT_STATUS" = 0
check "its line reached COM1 after the loader's" has_line '^tiny: hello from a Multiboot2 kernel$'
exit $status_all
