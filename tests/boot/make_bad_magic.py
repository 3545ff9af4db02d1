#!/usr/bin/env python3
"""make_bad_magic.py - a copy of our kernel that enters itself with a wrong magic in EAX.

    make_bad_magic.py KERNEL_ELF OUT_ELF

OUT_ELF's e_entry is moved to kmain, whose first bytes become "mov eax, 0xdeadbeef;
jmp _start". kmain is only ever called after the magic check passed, so nothing else
changes (tests/boot/test_bad_magic.sh boots it).
"""
import struct
import sys


def symbols(d):
    """name -> value for every symbol in the ELF32 image's SHT_SYMTAB."""
    shoff, = struct.unpack_from("<I", d, 32)
    shentsize, shnum = struct.unpack_from("<HH", d, 46)
    out = {}
    for i in range(shnum):
        sh = struct.unpack_from("<IIIIIIIIII", d, shoff + i * shentsize)
        if sh[1] != 2:
            continue
        strtab = struct.unpack_from("<IIIIIIIIII", d, shoff + sh[6] * shentsize)
        for off in range(sh[4], sh[4] + sh[5], 16):
            st_name, st_value = struct.unpack_from("<II", d, off)
            end = d.index(0, strtab[4] + st_name)
            out[bytes(d[strtab[4] + st_name:end]).decode()] = st_value
    return out


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    d = bytearray(open(argv[1], "rb").read())
    syms = symbols(d)
    start, kmain = syms["_start"], syms["kmain"]
    phoff, = struct.unpack_from("<I", d, 28)
    phentsize, phnum = struct.unpack_from("<HH", d, 42)
    for i in range(phnum):
        p_type, p_offset, p_vaddr, _, p_filesz = struct.unpack_from("<IIIII", d, phoff + i * phentsize)
        if p_type == 1 and p_vaddr <= kmain < p_vaddr + p_filesz:
            off = p_offset + kmain - p_vaddr
            break
    else:
        sys.exit("make_bad_magic: kmain is in no PT_LOAD")
    stub = b"\xb8" + struct.pack("<I", 0xDEADBEEF)  # mov eax, 0xdeadbeef
    stub += b"\xe9" + struct.pack("<i", start - (kmain + len(stub) + 5))  # jmp _start
    d[off:off + len(stub)] = stub
    struct.pack_into("<I", d, 24, kmain)  # e_entry = kmain
    open(argv[2], "wb").write(d)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
