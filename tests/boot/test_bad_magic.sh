#!/usr/bin/env bash
# test_bad_magic.sh - our kernel entered with a wrong magic in EAX (not booted by a
# Multiboot2 loader) says so on COM1 and halts, touching nothing EBX points at.
#
# The wrong magic comes from the kernel itself: a copy of esp/kernel.elf whose e_entry is
# moved to kmain, whose first bytes become "mov eax, 0xdeadbeef; jmp _start". kmain is
# only ever called after the magic check passed, so nothing else changes. The kernel
# halts without a verdict (it cannot know that this is a test run), so run.sh times out.
source "$(dirname "$0")/lib.sh"

OUT=$ROOT/build/bad-magic
ESP=$OUT/esp
rm -rf "$OUT"
mkdir -p "$ESP/EFI/BOOT"
if ! make -s -C "$ROOT" esp >"$OUT/make-esp.log" 2>&1; then
    not_ok "esp/ builds (see $OUT/make-esp.log)"
    exit 1
fi
cp "$ROOT/esp/EFI/BOOT/BOOTIA32.EFI" "$ESP/EFI/BOOT/"
start=$(nm "$ROOT/esp/kernel.elf" | awk '$3 == "_start" { print $1 }')
kmain=$(nm "$ROOT/esp/kernel.elf" | awk '$3 == "kmain" { print $1 }')
python3 - "$ROOT/esp/kernel.elf" "$ESP/kernel.elf" "0x$start" "0x$kmain" <<'PY'
import struct, sys
src, dst, start, kmain = sys.argv[1], sys.argv[2], int(sys.argv[3], 16), int(sys.argv[4], 16)
d = bytearray(open(src, "rb").read())
phoff, = struct.unpack_from("<I", d, 28)
phentsize, phnum = struct.unpack_from("<HH", d, 42)
for i in range(phnum):
    p_type, p_offset, p_vaddr, _, p_filesz = struct.unpack_from("<IIIII", d, phoff + i * phentsize)
    if p_type == 1 and p_vaddr <= kmain < p_vaddr + p_filesz:
        off = p_offset + kmain - p_vaddr
        break
else:
    sys.exit("kmain is in no PT_LOAD")
stub = b"\xb8" + struct.pack("<I", 0xDEADBEEF)          # mov eax, 0xdeadbeef
stub += b"\xe9" + struct.pack("<i", start - (kmain + len(stub) + 5))  # jmp _start
d[off:off + len(stub)] = stub
struct.pack_into("<I", d, 24, kmain)                    # e_entry = kmain
open(dst, "wb").write(d)
PY
check "a copy of the kernel entered with EAX = 0xdeadbeef is made" test -s "$ESP/kernel.elf"
boot bad-magic --esp "$ESP" --timeout 30
check "the kernel reports the wrong magic on COM1, naming the value and the one expected" \
    has_line '^kernel: bad boot magic 0xdeadbeef \(expected 0x36d76289\)$'
check "and halts there: no boot line, no verdict, QEMU ends only by the timeout (run.sh status $BOOT_STATUS, want 2)" \
    test "$BOOT_STATUS" = 2 -a -z "$(line 'boot: ')"
exit $status_all
