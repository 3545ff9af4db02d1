#!/usr/bin/env python3
"""compare_mb1.py - compares two mb1dump serial logs (GRUB's `multiboot`, ours) field by field; one TAP line per field.

usage: compare_mb1.py --name NAME --cmdline TEXT [--module FILE=STRING ...] GRUB.serial OURS.serial

What may differ is the Multiboot 1 part of "Differences from GRUB" in docs/bootinfo.md:
where the structure, modules and section copies lie (both below 1 MiB / 4 MiB alike is
not required, ours must be below 1 MiB), the loader name, and the pages each loader
reserves for what it placed. Exit status 1 when any line is "not ok".
"""
import argparse
import re
import sys
import zlib

from tap_fields import any_failed, fields, num, report

PAGE = 4096
MIB = 1 << 20
class Dump:
    def __init__(self, path):
        self.lines = {}
        self.mods, self.mmap = [], []
        with open(path, errors="replace") as f:
            for line in f:
                line = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line).rstrip("\r\n")
                if line.startswith("mb1 mod "):
                    self.mods.append(fields(line))
                elif line.startswith("mb1 mmap "):
                    self.mmap.append(fields(line))
                elif line == "mb1: end":
                    self.lines["mb1: end"] = {}
                elif line.startswith("mb1: start "):
                    self.lines.setdefault("mb1:", fields(line))
                elif line.startswith("mb1 "):
                    key = "mb1 " + line.split(" ")[1].split("=")[0]
                    self.lines.setdefault(key, fields(line))

    def get(self, prefix):
        return self.lines.get(prefix)


def page_ranges(r):
    return [(s & ~(PAGE - 1), (e + PAGE - 1) & ~(PAGE - 1)) for s, e in r]


def mmap_norm(d):
    return [(num(e["base"]), num(e["base"]) + num(e["len"]),
             num(e["type"]) if num(e["type"]) in (1, 3, 4, 5) else 2) for e in d.mmap]


def own_ranges(d):
    """What this loader placed for the kernel: modules, section copies, and (ours) the
    reserved entry holding the structure."""
    r = [(num(m["start"]), num(m["end"])) for m in d.mods]
    syms = d.get("mb1 syms")
    if syms:
        r.append((num(syms["addr"]), num(syms["addr"]) + num(syms["num"]) * num(syms["size"])))
    mbi = num(d.get("mb1:")["mbi"])
    r += [(s, e) for s, e, t in mmap_norm(d) if s <= mbi < e and t == 2]
    return page_ranges(r)


def check_mmap(name, g, o):
    gm, om = mmap_norm(g), mmap_norm(o)
    cuts = sorted({x for s, e, _ in gm + om for x in (s, e)})

    def type_at(m, a):
        ts = [t for s, e, t in m if s <= a < e]
        return max(ts) if ts else None
    own = {"GRUB": own_ranges(g), "ours": own_ranges(o)}
    bad = []
    for a, b in zip(cuts, cuts[1:]):
        tg, to = type_at(gm, a), type_at(om, a)
        if tg == to:
            continue
        if {tg, to} == {1, 2} and any(s <= a and b <= e for s, e in own["GRUB" if tg == 2 else "ours"]):
            continue
        bad.append(f"[{a:#x},{b:#x}) GRUB {tg} ours {to}")
    report(not bad and gm and om, f"{name}: memory map: the same RAM and firmware ranges (a loader "
           f"may reserve what it placed)" + (": " + "; ".join(bad[:4]) if bad else ""))
    report(all(e["size"] == "20" for e in o.mmap) and all(e["size"] == "20" for e in g.mmap),
           f"{name}: memory map entries: size 20 in both")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--cmdline", required=True)
    ap.add_argument("--module", action="append", default=[])
    ap.add_argument("grub")
    ap.add_argument("ours")
    a = ap.parse_args()
    g, o = Dump(a.grub), Dump(a.ours)
    n = a.name
    gs, os_ = g.get("mb1:"), o.get("mb1:")
    if not gs or not os_:
        report(False, f"{n}: both dumps started (GRUB {bool(gs)}, ours {bool(os_)})")
        return 1
    report(gs["magic"] == os_["magic"] == "0x2badb002", f"{n}: EAX = 0x2badb002 from both")
    report(gs["flags"] == os_["flags"], f"{n}: flags: GRUB {gs['flags']}, ours {os_['flags']}")
    report(g.get("mb1 mem") == o.get("mb1 mem"),
           f"{n}: mem_lower/mem_upper: GRUB {g.get('mb1 mem')}, ours {o.get('mb1 mem')}")
    oc = (o.get("mb1 cmdline") or {}).get("cmdline")
    gc = (g.get("mb1 cmdline") or {}).get("cmdline")
    report(gc == oc == a.cmdline, f"{n}: command line: GRUB \"{gc}\", ours \"{oc}\"")
    want = []
    for spec in a.module:
        path, string = spec.split("=", 1)
        data = open(path, "rb").read()
        want.append((len(data), "%#x" % zlib.crc32(data), string))

    def mods(d):
        return [(num(m["end"]) - num(m["start"]), "%#x" % num(m["crc"]), m["string"]) for m in d.mods]
    report(mods(g) == want and mods(o) == want,
           f"{n}: modules byte for byte (size, CRC-32, string), in order: GRUB {mods(g)}, ours {mods(o)}")
    report(all(num(m["start"]) % PAGE == 0 for m in o.mods + g.mods), f"{n}: modules page aligned in both")
    report(num(os_["mbi"]) < MIB, f"{n}: ours: the structure below 1 MiB ({os_['mbi']}; GRUB {gs['mbi']})")
    gy, oy = g.get("mb1 syms"), o.get("mb1 syms")
    report((gy is None) == (oy is None) and (gy is None or
           (gy["num"], gy["size"], gy["shndx"]) == (oy["num"], oy["size"], oy["shndx"])),
           f"{n}: ELF section headers (flags bit 5): GRUB {gy}, ours {oy}")
    check_mmap(n, g, o)
    gl, ol = g.get("mb1 loader"), o.get("mb1 loader")
    report(bool(gl and ol and gl["name"] and ol["name"]),
           f"{n}: boot loader name given by both (GRUB \"{gl and gl['name']}\", ours \"{ol and ol['name']}\")")
    gf, of = g.get("mb1 fb"), o.get("mb1 fb")
    report(gf == of, f"{n}: framebuffer: GRUB {gf}, ours {of}")
    report(g.get("mb1: end") is not None and o.get("mb1: end") is not None, f"{n}: both dumps complete")
    return 1 if any_failed() else 0


if __name__ == "__main__":
    sys.exit(main())
