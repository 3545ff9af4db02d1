#!/usr/bin/env python3
"""make_bad_kernels.py - builds one refusal test case's ESP contents from good images.

    make_bad_kernels.py --list
    make_bad_kernels.py CASE KERNEL_ELF RELOC_ELF OUTDIR

Writes into OUTDIR (an ESP root that already holds EFI/BOOT/BOOTIA32.EFI) the files
the case needs: a kernel.elf patched from KERNEL_ELF (our kernel) or RELOC_ELF (the
relocatable test kernel), and a boot.cfg or module files. Prints the exact line the
loader must print for the case: its message in tests/boot/refusals.tsv (the one expected
copy) with the <placeholders> filled from the images' own fields, so the test stays
exact when the kernel changes. Cases whose name starts with "accept-" print nothing:
they must boot.
"""
import hashlib
import os
import struct
import sys

import mb1_cases
import refusals

MB2_MAGIC = 0xE85250D6
MB2_SEARCH = 32768
PT_LOAD = 1
EHDR = struct.Struct("<16sHHIIIIIHHHHHH")
PHDR = struct.Struct("<IIIIIIII")
HTAG = struct.Struct("<HHI")
RELOC_TAG = struct.Struct("<HHIIIII")
HTAG_RELOCATABLE = 10
HTAG_OPTIONAL = 1
IOAPIC = 0xFEC00000  # MMIO: never RAM
FLASH = 0xFFE00000  # the firmware's flash image, MMIO just below 4 GiB


class Elf:
    def __init__(self, data):
        self.d = bytearray(data)
        f = EHDR.unpack_from(self.d, 0)
        (self.ident, self.type, self.machine, self.version, self.entry, self.phoff,
         self.shoff, self.flags, self.ehsize, self.phentsize, self.phnum) = f[:11]

    def symbol(self, name):
        """Value of symbol `name` from the section headers' SHT_SYMTAB (2)."""
        shentsize, shnum = struct.unpack_from("<HH", self.d, 46)
        for i in range(shnum):
            sh = struct.unpack_from("<IIIIIIIIII", self.d, self.shoff + i * shentsize)
            if sh[1] != 2:
                continue
            strtab = struct.unpack_from("<IIIIIIIIII", self.d, self.shoff + sh[6] * shentsize)
            for off in range(sh[4], sh[4] + sh[5], 16):
                st_name, st_value = struct.unpack_from("<II", self.d, off)
                end = self.d.index(0, strtab[4] + st_name)
                if self.d[strtab[4] + st_name:end] == name.encode():
                    return st_value
        raise SystemExit("make_bad_kernels: no symbol %s in the image" % name)

    def file_off(self, addr):
        """File offset of the loaded byte at physical address `addr`."""
        for _, p in self.loads():
            if p[3] <= addr < p[3] + p[4]:
                return p[1] + addr - p[3]
        raise SystemExit("make_bad_kernels: 0x%x is not in the file" % addr)

    def set_u16(self, off, v):
        struct.pack_into("<H", self.d, off, v)

    def set_u32(self, off, v):
        struct.pack_into("<I", self.d, off, v)

    def phdr_off(self, i):
        return self.phoff + i * self.phentsize

    def loads(self):
        """(index, fields) of every PT_LOAD, fields = type offset vaddr paddr filesz memsz flags align."""
        out = []
        for i in range(self.phnum):
            p = list(PHDR.unpack_from(self.d, self.phdr_off(i)))
            if p[0] == PT_LOAD and p[5] > 0:
                out.append((i, p))
        return out

    def set_phdr(self, i, p):
        PHDR.pack_into(self.d, self.phdr_off(i), *p)

    def mb2(self):
        """Offset and header_length of the Multiboot2 header."""
        for off in range(0, min(len(self.d), MB2_SEARCH) - 16, 8):
            magic, arch, length, csum = struct.unpack_from("<IIII", self.d, off)
            if magic == MB2_MAGIC and (magic + arch + length + csum) & 0xFFFFFFFF == 0:
                return off, length
        raise SystemExit("make_bad_kernels: no Multiboot2 header in the source image")

    def rewrite_mb2_tags(self, tags):
        """Replaces the header's tags by `tags` (bytes, 8-aligned pieces), an optional
        filler tag and the end tag, keeping header_length (and so the checksum)."""
        off, length = self.mb2()
        room = length - 16 - 8
        body = b"".join(tags)
        filler = room - len(body)
        if filler < 0 or (filler and filler < 8):
            raise SystemExit("make_bad_kernels: header too small for the case's tags")
        if filler:
            body += HTAG.pack(0x99, HTAG_OPTIONAL, filler) + bytes(filler - 8)
        body += HTAG.pack(0, 0, 8)
        self.d[off + 16:off + length] = body

    def reloc_tag_off(self):
        off, length = self.mb2()
        t = off + 16
        while t < off + length:
            ttype, flags, size = HTAG.unpack_from(self.d, t)
            if ttype == HTAG_RELOCATABLE:
                return t
            if ttype == 0:
                break
            t += (size + 7) & ~7
        raise SystemExit("make_bad_kernels: no relocatable tag in the source image")


def write(outdir, name, data):
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)


def cfg(outdir, *lines):
    # The cmdline comes first: a boot.cfg that fails later still sets test mode.
    write(outdir, "boot.cfg", ("cmdline = refusal\n" + "".join(l + "\n" for l in lines)).encode())


# ---- the cases: each patches, writes and returns the values of its message's
# <placeholders> in refusals.tsv (a dict; None for the accept- cases) ----

def elf_bad_magic(k, out):
    k.d[3] = 0
    return {}


def elf_truncated(k, out):
    k.d = k.d[:40]
    return {}


def elf_class64(k, out):
    k.d[4] = 2
    return {}


def elf_big_endian(k, out):
    k.d[5] = 2
    return {}


def elf_wrong_machine(k, out):
    k.set_u16(18, 62)  # EM_X86_64
    return {}


def elf_not_executable(k, out):
    k.set_u16(16, 3)  # ET_DYN
    return {}


def elf_phdrs_past_end(k, out):
    off = len(k.d) - 16
    k.set_u32(28, off)
    return {"offset near the end": "0x%x" % off, "e_phnum": k.phnum,
            "e_phentsize": k.phentsize, "size of kernel.elf": len(k.d)}


def elf_filesz_over_memsz(k, out):
    i, p = k.loads()[0]
    p[4] = p[5] + 0x1000
    k.set_phdr(i, p)
    return {"first PT_LOAD": i, "p_memsz + 0x1000": "0x%x" % p[4], "p_memsz": "0x%x" % p[5]}


def elf_overlapping_segments(k, out):
    (_, a), (j, b) = k.loads()[:2]
    b[3] = a[3] + 0x1000
    k.set_phdr(j, b)
    return {"p_paddr": "0x%x" % a[3], "p_memsz": "0x%x" % a[5], "p_paddr + 0x1000": "0x%x" % b[3]}


def elf_entry_outside(k, out):
    k.set_u32(24, 0x50000000)
    return {}


def _segment_over(k, addr):
    i, p = k.loads()[-1]  # the data segment: the entry stays in the text segment
    p[3] = addr
    k.set_phdr(i, p)
    return {"0x%x + p_memsz" % addr: "0x%x" % (addr + p[5])}


def elf_segment_over_mmio(k, out):
    return _segment_over(k, IOAPIC)


def elf_segment_over_flash(k, out):
    # OVMF leaves the flash out of its map altogether (a hole), like the I/O APIC.
    return _segment_over(k, FLASH)


def mb2_missing(k, out):
    off, _ = k.mb2()
    k.set_u32(off, 0)
    if len(k.d) < MB2_SEARCH:  # the message names the whole file, not the 32 KiB window
        raise SystemExit("make_bad_kernels: mb2-missing wants a kernel of at least %u bytes" % MB2_SEARCH)
    return {}


def mb2_bad_checksum(k, out):
    off, _ = k.mb2()
    csum = (struct.unpack_from("<I", k.d, off + 12)[0] + 1) & 0xFFFFFFFF
    k.set_u32(off + 12, csum)
    return {"header offset": "0x%x" % off, "checksum + 1": "0x%x" % csum}


def mb2_required_unknown_tag(k, out):
    off, _ = k.mb2()
    k.set_u16(off + 16, 99)
    k.set_u16(off + 18, 0)
    return {}


def mb2_required_address_tag(k, out):
    k.rewrite_mb2_tags([struct.pack("<HHIIIII", 2, 0, 24, 0x100000, 0x100000, 0, 0)])
    # Honoured since issue 13 (flat load, as GRUB does); this one has no entry tag.
    return {}


def mb2_required_efi_bs_tag(k, out):
    k.rewrite_mb2_tags([HTAG.pack(7, 0, 8)])
    return {}


def mb2_required_info_unavailable(k, out):
    # Type 13 (SMBIOS tables): this loader never gives it.
    k.rewrite_mb2_tags([struct.pack("<HHIIII", 1, 0, 20, 1, 6, 13) + bytes(4)])
    return {}


def cfg_unknown_key(k, out):
    cfg(out, "colour = blue")
    return {}


def cfg_bad_value(k, out):
    cfg(out, "serial = maybe")
    return {}


def cfg_duplicate_key(k, out):
    cfg(out, "kernel = \\kernel.elf", "kernel = \\other.elf")
    return {}


def kernel_missing(k, out):
    cfg(out, "kernel = \\nothere.elf")
    return {}


def module_missing(k, out):
    cfg(out, "module = \\nothere.mod initrd")
    return {}


def kernel_sha256_mismatch(k, out):
    cfg(out, "kernel = \\kernel.elf", "sha256 = " + "00" * 32)  # pins the line above
    return {"SHA-256 of kernel.elf": hashlib.sha256(k.d).hexdigest()}


def module_sha256_mismatch(k, out):
    data = b"a module whose pinned digest is wrong\n"
    write(out, "pinned.mod", data)
    cfg(out, "module = \\pinned.mod pinned", "sha256 = " + "11" * 32)
    return {"SHA-256 of pinned.mod": hashlib.sha256(data).hexdigest()}


def mb2_header_beyond_32k(k, out):
    # The header moved past the 32 KiB window: a GRUB-style loader must not find it there.
    off, length = k.mb2()
    header = bytes(k.d[off:off + length])
    k.set_u32(off, 0)
    moved = MB2_SEARCH + 0x1000
    k.d[moved:moved + length] = header
    return {}


def accept_sha256_pinned(k, out):
    data = b"a module pinned by its SHA-256\n"
    write(out, "pinned.mod", data)
    write(out, "boot.cfg", ("kernel = \\kernel.elf\nsha256 = %s\nmodule = \\pinned.mod pinned\n"
                            "sha256 = %s\n"
                            % (hashlib.sha256(k.d).hexdigest(),
                               hashlib.sha256(data).hexdigest())).encode())
    return None


def accept_fb_tag_closest(k, out):
    # The kernel's header asks (optional tag 5) for 1000x700x32, which OVMF does not
    # offer: the loader sets the closest mode, 1024x768. The tag replaces the info
    # request, which this loader does not need (it gives every tag anyway).
    k.rewrite_mb2_tags([struct.pack("<HHIIII", 5, HTAG_OPTIONAL, 20, 1000, 700, 32) + bytes(4)])
    return None


def accept_segment_at_0(k, out):
    # Real kernels link their GDT and TSS at physical 0 (issue 14). One more PT_LOAD,
    # 16 bytes (the ELF header's) at paddr 0, in the room after the program headers;
    # the kernel never reads it, so it boots as usual once the loader puts it there.
    end = k.phoff + (k.phnum + 1) * k.phentsize
    first = min(p[1] for _, p in k.loads())
    if end > first or any(k.d[k.phdr_off(k.phnum):end]):
        raise SystemExit("make_bad_kernels: no room for another program header")
    PHDR.pack_into(k.d, k.phdr_off(k.phnum), PT_LOAD, 0, 0, 0, 16, 16, 4, 16)
    k.phnum += 1
    k.set_u16(44, k.phnum)
    return None


def accept_entry_tag(k, out):
    # e_entry points at a stub that enters _start with a wrong magic (the kernel would
    # report it and halt); the header's entry address tag (3) names _start itself.
    # Only a loader that honours the tag boots this kernel to a pass. The stub
    # overwrites fire_pf (kernel/crash_test.c, 66 bytes), which runs only with crash=pf.
    start, spare = k.symbol("_start"), k.symbol("fire_pf")
    stub = b"\xb8" + struct.pack("<I", 0xDEADBEEF)  # mov eax, 0xdeadbeef
    stub += b"\xe9" + struct.pack("<i", start - (spare + len(stub) + 5))  # jmp _start
    off = k.file_off(spare)
    k.d[off:off + len(stub)] = stub
    k.set_u32(24, spare)  # e_entry
    k.rewrite_mb2_tags([struct.pack("<HHII", 3, 0, 12, start) + bytes(4)])
    return None


def module_larger_than_memory(k, out):
    size = 300 << 20  # guest RAM is 256 MiB
    with open(os.path.join(out, "big.mod"), "wb") as f:
        f.truncate(size)  # sparse: costs no disk
    cfg(out, "module = \\big.mod big")
    return {}


def _reloc(r, min_addr, max_addr, align, pref, module=True):
    t = r.reloc_tag_off()
    struct.pack_into("<IIII", r.d, t + 8, min_addr, max_addr, align, pref)
    return r


def reloc_no_fit(k, out, r):
    _reloc(r, 0x200000, 0x201000, 0x1000, 1)
    size = r.loads()[0][1][5]
    return {"p_memsz": "0x%x" % size}


def reloc_bad_align(k, out, r):
    _reloc(r, 0x200000, 0xFFFFFFFF, 0x3000, 1)
    return {}


def reloc_tag_removed_segment_over_mmio(k, out, r):
    t = r.reloc_tag_off()
    r.set_u16(t, 0x99)  # now an optional unknown tag: the image is fixed at 0xFEC00000
    r.set_u16(t + 2, HTAG_OPTIONAL)
    size = r.loads()[0][1][5]
    return {"0x%x + p_memsz" % IOAPIC: "0x%x" % (IOAPIC + size)}


def accept_reloc_lowest(k, out, r):
    _reloc(r, 0x200000, 0xFFFFFFFF, 0x200000, 1)
    write(out, "hello.mod", b"a module the relocated kernel finds reserved\n")
    write(out, "boot.cfg", b"cmdline = reloc\nmodule = \\hello.mod hello\n")
    return None


def accept_reloc_highest(k, out, r):
    _reloc(r, 0x1000000, 0x8000000, 0x10000, 2)
    write(out, "hello.mod", b"a module the relocated kernel finds reserved\n")
    write(out, "boot.cfg", b"cmdline = reloc\nmodule = \\hello.mod hello\n")
    return None


CASES = {name.replace("_", "-"): fn for name, fn in list(globals().items())
         if callable(fn) and fn.__module__ == __name__ and not name.startswith("_")
         and name not in ("write", "cfg", "main", "Elf")}
# The Multiboot 1 cases (issue 14) live in mb1_cases.py, written against this module.
CASES.update(mb1_cases.cases(sys.modules[__name__]))
RELOC_CASES = {n for n in CASES if n.startswith(("reloc-", "accept-reloc"))}


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) != 5 or argv[1] not in CASES:
        sys.stderr.write(__doc__)
        return 2
    case, kpath, rpath, out = argv[1:]
    with open(kpath, "rb") as f:
        k = Elf(f.read())
    if case in RELOC_CASES:
        with open(rpath, "rb") as f:
            r = Elf(f.read())
        values = CASES[case](k, out, r)
        write(out, "kernel.elf", bytes(r.d))
    else:
        values = CASES[case](k, out)
        write(out, "kernel.elf", bytes(k.d))
    print(refusals.expected(case, values) if values is not None else "")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
