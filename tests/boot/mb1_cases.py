"""mb1_cases.py - the Multiboot 1 cases of make_bad_kernels.py (issue 14): our kernel turned
into a Multiboot 1 one (its Multiboot2 magic removed, a Multiboot 1 header written where
the Multiboot2 header was) with one defect each, or a request the loader must note.
Each case takes the make_bad_kernels module `m` (Elf, cfg, constants), the kernel `k`
and the output folder, patches, and returns its message's placeholder values (None for
an accept- case), as the cases there do."""
import struct

MB1_MAGIC = 0x1BADB002
MB1_VIDEO = 1 << 2
MB1_ADDRESS = 1 << 16
MB1_EGA_TEXT = 1


def _mb1(m, k, flags, fields=(), at=None, csum_delta=0):
    """Turns the kernel into a Multiboot 1 one: every Multiboot2 magic in the file goes
    (so the Multiboot 1 header is what counts), and a Multiboot 1 header with FLAGS and
    the 32-bit FIELDS after its checksum is written at AT (default: where the
    Multiboot2 header was). Returns the header's offset."""
    off = k.mb2()[0] if at is None else at
    magic = struct.pack("<I", m.MB2_MAGIC)
    i = k.d.find(magic)
    while i >= 0:
        k.d[i:i + 4] = bytes(4)
        i = k.d.find(magic, i + 1)
    csum = (-(MB1_MAGIC + flags) + csum_delta) & 0xFFFFFFFF
    struct.pack_into("<III%dI" % len(fields), k.d, off, MB1_MAGIC, flags, csum, *fields)
    return off


def _mb1_flat(m, k, load_delta=0, load_end=None, bss_end=0, entry=None, base=0x200000):
    """A flat Multiboot 1 kernel (flags bit 16): the whole file at BASE, header fields
    shifted as asked. Returns (header offset, header_addr, load_addr)."""
    off = k.mb2()[0]
    header_addr = base + off
    load = base + load_delta
    fields = (header_addr, load, 0 if load_end is None else load_end, bss_end,
              header_addr + 0x40 if entry is None else entry)
    _mb1(m, k, MB1_ADDRESS, fields)
    return off, header_addr, load


def mb1_bad_checksum(m, k, out):
    off = _mb1(m, k, 0, csum_delta=1)
    csum = struct.unpack_from("<I", k.d, off + 8)[0]
    return {"header offset": "0x%x" % off, "checksum": "0x%x" % csum}


def mb1_unknown_flag(m, k, out):
    _mb1(m, k, (1 << 1) | (1 << 5))
    return {}


def mb1_header_beyond_8k(m, k, out):
    _mb1(m, k, 0, at=0x2000)
    return {}


def mb1_video_mode_type(m, k, out):
    _mb1(m, k, MB1_VIDEO, (0, 0, 0, 0, 0, 2, 80, 25, 0))
    return {}


def mb1_load_addr_above_header(m, k, out):
    off, header_addr, load = _mb1_flat(m, k, load_delta=0x200000)
    return {"load_addr": "0x%x" % load, "header_addr": "0x%x" % header_addr}


def mb1_load_end_past_file(m, k, out):
    off, header_addr, load = _mb1_flat(m, k, load_end=0x200000 + len(k.d) + 0x1000)
    return {"load_end_addr": "0x%x" % (load + len(k.d) + 0x1000),
            "size of kernel.elf": "0x%x" % len(k.d)}


def mb1_bss_below_load_end(m, k, out):
    off, header_addr, load = _mb1_flat(m, k, load_end=0x202000, bss_end=0x201000)
    return {}


def mb1_entry_outside(m, k, out):
    _mb1_flat(m, k, entry=0x50000000)
    return {}


def mb1_flat_over_mmio(m, k, out):
    off, header_addr, load = _mb1_flat(m, k, base=0xFEC00000)
    return {"0xfec00000 + size of kernel.elf": "0x%x" % (0xFEC00000 + len(k.d))}


def mb1_forced_absent(m, k, out):
    m.cfg(out, "protocol = multiboot1")
    return {}



def accept_mb1_ega_text(m, k, out):
    # Asks for EGA text (video mode_type 1): booted with a note, given the framebuffer.
    # Our kernel then finds the Multiboot 1 magic, not its own, and says so.
    _mb1(m, k, MB1_VIDEO, (0, 0, 0, 0, 0, MB1_EGA_TEXT, 80, 25, 0))
    return None


def accept_mb1_forced_over_mb2(m, k, out):
    # Both headers valid: boot.cfg's protocol = multiboot1 picks the Multiboot 1 one,
    # written at 0x800, in the zeros between the program headers and the first segment.
    if any(k.d[0x800:0x80c]):
        raise SystemExit("mb1_cases: offset 0x800 of the kernel is not free")
    struct.pack_into("<III", k.d, 0x800, MB1_MAGIC, 0, -MB1_MAGIC & 0xFFFFFFFF)
    m.cfg(out, "protocol = multiboot1")
    return None


def cases(m):
    """name -> fn(k, out) for every case here, bound to the module `m`."""
    return {name.replace("_", "-"): (lambda fn: lambda k, out: fn(m, k, out))(fn)
            for name, fn in globals().items()
            if callable(fn) and name.startswith(("mb1_", "accept_mb1_"))}
