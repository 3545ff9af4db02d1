#!/usr/bin/env python3
"""make_seeds_loader_info.py - writes the seed corpora of fuzz_mmap, fuzz_bootinfo and
fuzz_config. Rerun to regenerate the committed seeds."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = 4096
MiB = 1 << 20
GiB = 1 << 30


def write(corpus, name, data):
    d = os.path.join(HERE, "corpus", corpus)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- fuzz_mmap: 4 bytes desc_size, then the EFI descriptors ----
def efi_map(desc_size, descs):
    out = struct.pack("<I", desc_size)
    for typ, base, size in descs:
        d = struct.pack("<IIQQQQ", typ, 0, base, 0, size // PAGE, 0xF)
        out += d + b"\xa5" * (desc_size - len(d))
    return out


OVMF = [
    (4, 0, PAGE), (7, PAGE, 0x9F000 - PAGE), (0, 0x9F000, PAGE),
    (1, 0x100000, MiB), (7, 0x200000, 6 * MiB), (10, 0x800000, 0x8000),
    (7, 0x808000, 0x7E000000 - 0x808000), (9, 0x7EF00000, 0x80000),
    (6, 0x7F000000, 0x400000), (11, 0xFFC00000, 0x400000), (7, 4 * GiB, 2 * GiB),
]
write("mmap", "ovmf_48", efi_map(48, OVMF))
write("mmap", "overlaps_40", efi_map(40, [(7, 0, 4 * MiB), (0, MiB, MiB), (8, 3 * MiB, 2 * MiB),
                                          (10, 2 * MiB, MiB), (9, 0, PAGE), (7, 5 * MiB, 0)]))
write("mmap", "top_of_64bit", efi_map(48, [(7, (1 << 64) - 2 * PAGE, PAGE), (5, 8 * GiB, GiB)]))
write("mmap", "bad_desc_size_36", struct.pack("<I", 36) + b"\0" * 72)
write("mmap", "all_types_56", efi_map(56, [(t, t * MiB, MiB) for t in range(17)]))


# ---- fuzz_bootinfo: a boot information block ----
def tag(typ, payload):
    body = struct.pack("<II", typ, 8 + len(payload)) + payload
    return body + b"\0" * (-len(body) % 8)


def block(tags, total=None):
    body = b"".join(tags) + struct.pack("<II", 0, 8)
    if total is None:
        total = 8 + len(body)
    return struct.pack("<II", total, 0) + body


mmap_entries = b"".join(struct.pack("<QQII", b, l, t, 0)
                        for b, l, t in [(0, 0x9F000, 1), (0x100000, 0x7EF00000, 1),
                                        (0xFFC00000, 0x400000, 2)])
fb = struct.pack("<QIIIBBHBBBBBB", 0x80000000, 4096, 1024, 768, 32, 1, 0, 16, 8, 8, 8, 0, 8)
full = [
    tag(1, b"console=ttyS0\0"), tag(2, b"bootia32\0"),
    tag(3, struct.pack("<II", 0x200000, 0x201000) + b"\\initrd\0"),
    tag(4, struct.pack("<II", 636, 2 << 20)),
    tag(6, struct.pack("<II", 24, 0) + mmap_entries),
    tag(8, fb), tag(11, struct.pack("<I", 0x7F9EE018)), tag(14, bytes(range(20))),
    tag(21, struct.pack("<I", 0x100000)),
]
write("bootinfo", "full", block(full))
write("bootinfo", "tag_size_4", struct.pack("<IIII", 24, 0, 1, 4) + b"\0" * 8)
write("bootinfo", "tag_past_total", struct.pack("<IIII", 24, 0, 1, 100) + b"abcdefgh")
write("bootinfo", "total_below_8", struct.pack("<II", 4, 0))
write("bootinfo", "total_claims_4g", struct.pack("<IIII", 0xFFFFFFFF, 0, 1, 0xFFFFFFF7) + b"x\0")

# ---- fuzz_config: boot.cfg text ----
H = "00112233445566778899aabbccddeeff" * 2
write("config", "full_crlf", (
    "# boot.cfg\r\n\r\nkernel = /boot/kernel.elf\r\nsha256 = " + H + "\r\n"
    "cmdline = console=ttyS0 # kept\r\nmodule = \\initrd.img initrd\r\nsha256=" + H.upper() + "\r\n"
    "module=/font.psf\r\nresolution = 1024x768\r\nserial = off\r\n").encode())
write("config", "minimal", b"kernel=\\k.elf")
write("config", "bom_tabs", b"\xef\xbb\xbf\tserial\t=\ton \t\n\t# c\n")
write("config", "errors", b"kernel \\k\n")
write("config", "bad_resolution", b"resolution = 800x0\n")
write("config", "nul", b"cmdline = a\0b\n")
