#!/usr/bin/env bash
# test_mb1.sh - Multiboot 1 kernels (issue 14) booted by our loader on ia32 and x64:
# examples/mb1dump as ELF (flags 0, 1, 2) and as a flat binary (flags bit 16), each with a
# module, report what they got; examples/tiny1, the twenty-line kernel of docs/bootinfo.md,
# says hello. Built by make test-kernels (mk/mb1.mk).
source "$(dirname "$0")/lib.sh"

OUT=$ROOT/build/mb1
SRC=$ROOT/examples/tiny1/kernel.asm
MODULE_CRC=$(python3 -c 'import sys, zlib; print(hex(zlib.crc32(open(sys.argv[1], "rb").read())))' \
    "$ROOT/examples/minikernel/hello.txt")
need "the Multiboot 1 examples" "$OUT/esp-elf/mb1dump.elf" "$OUT/esp-flat/mb1dump.bin" \
    "$OUT/tiny1/esp/kernel.elf" "$OUT/esp-elf/EFI/BOOT/BOOTX64.EFI"

# The docs quote the file between ```nasm and ``` under "A Multiboot 1 kernel in twenty lines".
quoted=$(awk '/^## A Multiboot 1 kernel in twenty lines/ { s = 1 } s && /^```$/ { exit }
    s && f { print } s && /^```nasm$/ { f = 1 }' "$ROOT/docs/bootinfo.md")
check "docs/bootinfo.md shows examples/tiny1/kernel.asm as it is" test "$quoted" = "$(cat "$SRC")"
check "the tiny Multiboot 1 kernel builds without a warning with the command its header gives" \
    bash -c "[ -f '$OUT/tiny1/build.log' ] && ! grep -q . '$OUT/tiny1/build.log'"
for f in "$OUT/tiny1/esp/kernel.elf" "$OUT/mb1dump.elf" "$OUT/mb1dump.bin"; do
    check "grub-file --is-x86-multiboot accepts ${f#"$OUT"/}" grub-file --is-x86-multiboot "$f"
done

# flags_have FLAGS BITS...: every bit is set in FLAGS (hex).
flags_have() {
    local f=$(($1)) b
    shift
    for b in "$@"; do (((f >> b) & 1)) || return 1; done
}

for arch in ia32 x64; do
    loader=BOOTIA32
    [ "$arch" = x64 ] && loader=BOOTX64
    boot "mb1-tiny1-$arch" --arch "$arch" --esp "$OUT/tiny1/esp" --timeout 90
    check "$arch tiny1: boots and reports pass (status $BOOT_STATUS)" test "$BOOT_STATUS" = 0
    check "$arch tiny1: its hello reached COM1" has_line '^tiny1: hello from a Multiboot 1 kernel$'

    for kind in elf flat; do
        name="$arch mb1dump $kind"
        boot "mb1-$kind-$arch" --arch "$arch" --esp "$OUT/esp-$kind" --timeout 90
        check "$name: boots and reports pass (status $BOOT_STATUS)" test "$BOOT_STATUS" = 0
        check "$name: the loader says it boots a Multiboot 1 kernel" \
            has_line '^loader: note: \\mb1dump\.(elf|bin): Multiboot 1 header at offset 0x[0-9a-f]+, flags 0x[0-9a-f]+: booting it as a Multiboot 1 kernel$'
        start=$(line 'mb1: start ')
        check "$name: EAX = 0x2badb002" test "$(field "$start" magic)" = 0x2badb002
        flags=$(field "$start" flags)
        # memory, cmdline, modules, mmap, loader name, framebuffer; ELF: section headers
        bits=(0 2 3 6 9 12)
        [ "$kind" = elf ] && bits+=(5)
        check "$name: flags $flags has bits ${bits[*]}" flags_have "$flags" "${bits[@]}"
        check "$name: no boot device, drives, APM or VBE (flags bits 1, 7, 10, 11 clear)" \
            bash -c "(( ($flags & 0xc82) == 0 ))"
        check "$name: mem_lower and mem_upper" has_line '^mb1 mem lower=[1-9][0-9]* upper=[1-9][0-9]*$'
        check "$name: the command line with the test word" has_line '^mb1 cmdline="mb1dump test"$'
        check "$name: one module, its bytes and its string" \
            has_line "^mb1 mod i=0 start=0x[0-9a-f]+ end=0x[0-9a-f]+ string=\"hello module\" crc=$MODULE_CRC\$"
        check "$name: memory map entries are 20-byte bodies" \
            bash -c "grep -q '^mb1 mmap ' '$SERIAL' && ! grep '^mb1 mmap ' '$SERIAL' | grep -qv ' size=20\$'"
        check "$name: the loader names itself" has_line "^mb1 loader name=\"$loader [^\"]*\"\$"
        check "$name: an RGB framebuffer" has_line '^mb1 fb addr=0x[0-9a-f]+ pitch=[0-9]+ width=[0-9]+ height=[0-9]+ bpp=32 type=1 rgb='
        check "$name: the structure lies below 1 MiB in reserved memory, modules page aligned" \
            has_line '^mb1 place mbi_reserved=1 mbi_below_1mib=1 mods_page_aligned=1$'
        check "$name: dump complete" has_line '^mb1: end$'
    done
    check "$arch mb1dump flat: the loader says it loads the file flat" \
        grep -qE '^loader: note: \\mb1dump\.bin: Multiboot 1 address fields: loading the file flat' \
        "$LOGDIR/mb1-flat-$arch.serial"
done
exit $status_all
