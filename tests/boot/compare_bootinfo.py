#!/usr/bin/env python3
"""compare_bootinfo.py - compares two tagdump serial logs (GRUB's, ours) field by field; one TAP line per field.

usage: compare_bootinfo.py --arch ARCH --cmdline TEXT [--module FILE=STRING ...] GRUB.serial OURS.serial

What may differ is exactly the table "Differences from GRUB" in docs/bootinfo.md;
everything else must be equal (or, for addresses, in the same class: below 1 MiB,
below 4 MiB, below 4 GiB). Exit status 1 when any line is "not ok".
"""
import argparse
import re
import sys
import zlib

from tap_fields import any_failed, fields, num, report

MIB = 1 << 20
PAGE = 4096
TIMELINE = 0x54494D45
SHF_ALLOC = 0x2
SHT_NOBITS = 8
NAMES = {1: "command line", 2: "boot loader name", 3: "module", 4: "basic meminfo",
         6: "memory map", 8: "framebuffer", 9: "ELF sections", 11: "EFI32 system table",
         12: "EFI64 system table", 14: "ACPI old RSDP", 15: "ACPI new RSDP",
         17: "EFI memory map", 21: "load base", TIMELINE: "timeline (ours, private)"}
# Multiboot2 memory types; any other value means reserved (spec 3.6.8). GRUB passes
# its internal type 20 (GRUB_MEMORY_CODE) for EfiRuntimeServicesCode.
MMAP_SPEC_TYPES = {1, 3, 4, 5}
# EFI memory types the firmware owns after ExitBootServices: reserved, runtime
# code/data, ACPI reclaim/NVS, MMIO, MMIO port space. Both boots must agree on these.
EFI_FIRMWARE_TYPES = {0, 5, 6, 9, 10, 11, 12}

class Dump:
    """One tagdump run: the start line, the tags in order, mmap, EFI map and sections."""

    def __init__(self, path):
        self.start, self.end = None, None
        self.tags, self.mmap, self.efi, self.secs = [], [], [], []
        with open(path, errors="replace") as f:
            for line in f:
                line = line.rstrip("\r\n")
                if line.startswith("td: start"):
                    self.start = fields(line)
                elif line.startswith("td: end"):
                    self.end = fields(line)
                elif line.startswith("tag "):
                    self.tags.append(fields(line))
                elif line.startswith("mmap "):
                    self.mmap.append(fields(line))
                elif line.startswith("efi "):
                    self.efi.append(fields(line))
                elif line.startswith("sec "):
                    self.secs.append(fields(line))

    def types(self):
        return [num(t["type"]) for t in self.tags]

    def tag(self, ty):
        return next((t for t in self.tags if num(t["type"]) == ty), None)

    def modules(self):
        return [t for t in self.tags if num(t["type"]) == 3]

    def mbi(self):
        return num(self.start["mbi"]) if self.start and "mbi" in self.start else None


def where(addr):
    """The placement class of a physical address."""
    if addr < MIB:
        return "below 1 MiB"
    if addr < 4 * MIB:
        return "below 4 MiB"
    if addr < 1 << 32:
        return "below 4 GiB"
    return "above 4 GiB"


def page_ranges(starts_ends):
    """[(start, end)] rounded out to whole pages."""
    return [(s & ~(PAGE - 1), (e + PAGE - 1) & ~(PAGE - 1)) for s, e in starts_ends if e >= s]


def inside(a, b, ranges):
    return any(s <= a and b <= e for s, e in ranges)


def mmap_pieces(g, o):
    """[(start, end, grub_type, ours_type)] over every boundary of both maps (None: absent)."""
    def norm(d):
        return [(num(e["base"]), num(e["base"]) + num(e["len"]),
                 num(e["type"]) if num(e["type"]) in MMAP_SPEC_TYPES else 2) for e in d.mmap]
    gm, om = norm(g), norm(o)
    cuts = sorted({x for s, e, _ in gm + om for x in (s, e)})

    def type_at(m, a):
        # The most reserved entry wins if a (broken) map overlaps itself.
        ts = [t for s, e, t in m if s <= a < e]
        return max(ts) if ts else None
    return [(a, b, type_at(gm, a), type_at(om, a)) for a, b in zip(cuts, cuts[1:])]


def own_ranges(d):
    """What the loader allocated for the kernel: modules, the boot information, and
    ELF sections no segment loads (copied by the loader), rounded out to pages."""
    r = [(num(m["start"]), num(m["end"])) for m in d.modules()]
    if d.mbi() is not None:
        r.append((d.mbi(), d.mbi() + num(d.start["total_size"])))
    r += [(num(s["addr"]), num(s["addr"]) + num(s["size"])) for s in d.secs
          if num(s["addr"]) and not num(s["flags"]) & SHF_ALLOC]
    return page_ranges(r)


def check_mmap(arch, g, o):
    """The same RAM and firmware ranges. A piece may be available (1) in one map and
    reserved (2) in the other only where the loader that reserves it put something of
    its own for the kernel: each loader may protect its own allocations."""
    own = {"GRUB": own_ranges(g), "ours": own_ranges(o)}
    bad = []
    for a, b, tg, to in mmap_pieces(g, o):
        if tg == to:
            continue
        if {tg, to} == {1, 2} and inside(a, b, own["GRUB" if tg == 2 else "ours"]):
            continue
        bad.append(f"[{a:#x},{b:#x}) GRUB {tg} ours {to}")
    report(not bad and g.mmap and o.mmap,
           f"{arch}: memory map: the same RAM and firmware ranges (Multiboot2 types; a loader "
           f"may reserve what it placed)" + (": " + "; ".join(bad[:4]) if bad else ""))
    # Ours documents that module pages are reserved (2) in tag 6.
    om = [(num(e["base"]), num(e["base"]) + num(e["len"])) for e in o.mmap if e["type"] == "2"]
    mods = page_ranges([(num(m["start"]), num(m["end"])) for m in o.modules()])
    report(all(inside(s, e, om) for s, e in mods),
           f"{arch}: ours: every module's pages are reserved (2) in its memory map")


def efi_firmware_pages(d):
    pages = set()
    for e in d.efi:
        if num(e["type"]) in EFI_FIRMWARE_TYPES:
            base = num(e["phys"]) // PAGE
            pages.update((p, num(e["type"])) for p in range(base, base + num(e["pages"])))
    return pages


def check_sections(arch, g, o):
    gt, ot = g.tag(9), o.tag(9)
    if not gt or not ot:
        report(False, f"{arch}: ELF sections (tag 9): GRUB {'gives' if gt else 'omits'} it, "
               f"ours {'gives' if ot else 'omits'} it")
        return
    same = all(gt[k] == ot[k] for k in ("num", "entsize", "shndx"))
    report(same, f"{arch}: ELF sections: num, entsize, shndx equal "
           f"(GRUB {gt['num']}/{gt['entsize']}/{gt['shndx']}, ours {ot['num']}/{ot['entsize']}/{ot['shndx']})")
    for gs, os_ in zip(g.secs, o.secs):
        diffs = [k for k in ("name", "type", "flags", "size") if gs.get(k) != os_.get(k)]
        alloc = num(gs["flags"]) & SHF_ALLOC
        if alloc and gs["addr"] != os_["addr"]:
            diffs.append("addr")
        # Sections no segment loads: each loader copies them where it likes, but
        # both must copy them (addr != 0) with the same bytes.
        if num(gs["type"]) not in (0, SHT_NOBITS):
            if num(os_["addr"]) == 0 or gs.get("crc") != os_.get("crc"):
                diffs.append("contents")
            elif not alloc and where(num(gs["addr"])) != where(num(os_["addr"])):
                diffs.append(f"placement ({where(num(os_['addr']))}, GRUB {where(num(gs['addr']))})")
        report(not diffs, f"{arch}: ELF section {gs['i']} {gs.get('name', '?')}: equal"
               + (f" (differs: {', '.join(diffs)}; GRUB {gs} ours {os_})" if diffs else ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", required=True)
    ap.add_argument("--cmdline", required=True)
    ap.add_argument("--module", action="append", default=[], help="FILE=STRING, in order")
    ap.add_argument("grub")
    ap.add_argument("ours")
    a = ap.parse_args()
    arch = a.arch
    g, o = Dump(a.grub), Dump(a.ours)

    for name, d in (("GRUB", g), ("ours", o)):
        report(d.start is not None and d.start.get("magic") == "0x36d76289",
               f"{arch}: {name}: EAX holds the Multiboot2 magic")
        report(d.end is not None and d.tags and d.tags[-1]["type"] == "0",
               f"{arch}: {name}: the tags end with an end tag inside total_size")
    if not g.end or not o.end:
        return 1

    # Which tags: each type either loader gives, given by both.
    for ty in sorted(set(g.types()) | set(o.types()) - {0}):
        ig, io = ty in g.types(), ty in o.types()
        report(ig == io, f"{arch}: tag {ty:#x} ({NAMES.get(ty, '?')}): GRUB "
               f"{'gives' if ig else 'omits'} it, ours {'gives' if io else 'omits'} it")

    cg, co = g.tag(1), o.tag(1)
    report(cg and co and cg["string"] == co["string"] == a.cmdline,
           f"{arch}: command line \"{a.cmdline}\" in both (GRUB {cg and cg['string']!r}, "
           f"ours {co and co['string']!r})")
    report(g.tag(2) is not None and o.tag(2) is not None,
           f"{arch}: boot loader name given by both (its text names the loader)")

    # Modules: count, bytes, strings, alignment, placement class.
    gm, om = g.modules(), o.modules()
    report(len(gm) == len(om) == len(a.module),
           f"{arch}: modules: {len(a.module)} in both (GRUB {len(gm)}, ours {len(om)})")
    for i, spec in enumerate(a.module):
        path, string = spec.split("=", 1)
        data = open(path, "rb").read()
        want = (str(len(data)), f"{zlib.crc32(data):#x}", string)
        got = [(m.get("len"), m.get("crc"), m.get("string")) for m in (gm[i:i + 1] + om[i:i + 1])]
        report(len(got) == 2 and got[0] == got[1] == want,
               f"{arch}: module {i}: length {want[0]}, CRC-32 {want[1]}, string \"{string}\" "
               f"in both")
        if len(got) != 2:
            continue
        sg, so = num(gm[i]["start"]), num(om[i]["start"])
        report(sg % PAGE == 0 and so % PAGE == 0,
               f"{arch}: module {i}: page aligned in both (GRUB {sg:#x}, ours {so:#x})")
        # docs/bootinfo.md, "where modules lie": ours follow the kernel, below 4 MiB.
        low = sg < 4 * MIB and so < 4 * MIB
        report(where(sg) == where(so) or low,
               f"{arch}: module {i}: placed {where(so)}, within the first 4 MiB as GRUB's "
               f"(GRUB {sg:#x}, ours {so:#x})")

    mg, mo = g.mbi(), o.mbi()
    report(where(mg) == where(mo),
           f"{arch}: boot information placed {where(mg)} as GRUB does (GRUB {mg:#x}, ours {mo:#x})")

    tg, to = g.tag(6), o.tag(6)
    report(tg and to and (tg["entry_size"], tg["entry_version"]) == (to["entry_size"], to["entry_version"]),
           f"{arch}: memory map entry_size and entry_version equal "
           f"(GRUB {tg and (tg['entry_size'], tg['entry_version'])}, ours {to and (to['entry_size'], to['entry_version'])})")
    check_mmap(arch, g, o)

    bg, bo = g.tag(4), o.tag(4)
    report(bg and bo and (bg["mem_lower"], bg["mem_upper"]) == (bo["mem_lower"], bo["mem_upper"]),
           f"{arch}: basic meminfo equal (GRUB {bg and (bg['mem_lower'], bg['mem_upper'])}, "
           f"ours {bo and (bo['mem_lower'], bo['mem_upper'])})")

    fg, fo = g.tag(8), o.tag(8)
    keys = ("addr", "pitch", "width", "height", "bpp", "fbtype", "red_pos", "red_size",
            "green_pos", "green_size", "blue_pos", "blue_size")
    report(fg is not None and fo is not None and all(fg.get(k) == fo.get(k) for k in keys),
           f"{arch}: framebuffer: address, geometry and colour layout equal"
           + (f" (GRUB {fg and fg.get('width')}x{fg and fg.get('height')}, ours "
              f"{fo and fo.get('width')}x{fo and fo.get('height')})"))

    for ty in (14, 15):
        rg, ro = g.tag(ty), o.tag(ty)
        report(rg is not None and ro is not None and (rg["len"], rg["crc"]) == (ro["len"], ro["crc"]),
               f"{arch}: {NAMES[ty]} (tag {ty}): the same {rg and rg['len']} bytes in both")

    st = 12 if arch == "x64" else 11
    sg, so = g.tag(st), o.tag(st)
    report(sg is not None and so is not None and sg["pointer"] == so["pointer"],
           f"{arch}: {NAMES[st]} (tag {st}): the same pointer in both "
           f"(GRUB {sg and sg['pointer']}, ours {so and so['pointer']})")

    eg, eo = g.tag(17), o.tag(17)
    report(eg is not None and eo is not None and
           (eg["descr_size"], eg["descr_vers"]) == (eo["descr_size"], eo["descr_vers"]),
           f"{arch}: EFI memory map (tag 17): given by both with the same descriptor size and version")
    pg, po = efi_firmware_pages(g), efi_firmware_pages(o)
    report(pg == po and pg,
           f"{arch}: EFI memory map: the firmware's own pages (reserved, runtime, ACPI, MMIO) "
           f"equal ({len(pg)} pages in GRUB's, {len(po)} in ours; {len(pg ^ po)} differ)")

    check_sections(arch, g, o)

    lg, lo = g.tag(21), o.tag(21)
    report(lg is not None and lo is not None and
           lg["load_base"] == lo["load_base"] == g.start["image_start"] == o.start["image_start"],
           f"{arch}: load base (tag 21) equal, and where the kernel's first segment runs (GRUB {lg and lg['load_base']}, ours {lo and lo['load_base']})")
    return 1 if any_failed() else 0


if __name__ == "__main__":
    sys.exit(main())
