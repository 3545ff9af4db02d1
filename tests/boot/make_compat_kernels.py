#!/usr/bin/env python3
"""make_compat_kernels.py - the GRUB-compatibility boot cases of issue 13, one ESP each.

    make_compat_kernels.py --list                        the cases
    make_compat_kernels.py --runs                        the ESPs to boot: every case, then
                                                         CASE-x64 for the cases X64 lists
    make_compat_kernels.py --check-table OUTROOT         TAP line: the refused cases are the
                                                         test_mb2_compat.sh rows of refusals.tsv
    make_compat_kernels.py CASE COMPAT_ELF OUTDIR        build the case's ESP files
    make_compat_kernels.py --check RUN OUTDIR STATUS     TAP lines from OUTDIR/../RUN.serial

mk/compat-kernels.mk builds each run's ESP (`make test-kernels`); test_mb2_compat.sh
boots them and calls --check.

Each case rewrites the header area of the compatibility kernel (tests/boot/compat_kernel.c)
or its boot.cfg into a shape GRUB boots (odd end tags, an impossible header_length,
info requests, a flat a.out-kludge binary, pins, quoted and UTF-8 paths, lone CRs) or
one we must refuse with a clear line: its row in tests/boot/refusals.tsv (boot test
test_mb2_compat.sh), the one expected copy, with the <placeholders> filled in here.
A case is a function returning its expectations:
  status   what run.sh must end with (0 the kernel passed, 3 the loader returned)
  want     regular expressions some serial line must match (re.search)
  never    regular expressions no serial line may match
  plain    True: boot without --test (test mode would rewrite the command line)
"""
import hashlib
import os
import re
import struct
import sys

import refusals

MB2_MAGIC = 0xE85250D6
PT_LOAD = 1
TIMELINE = 0x54494D45
OPTIONAL = 1
AREA = 256
BOOTED = [r"^compat: magic ok ", r"^compat: result pass$"]
NO_ERROR = [r"^loader: error: "]


def u32(v):
    return struct.pack("<I", v & 0xFFFFFFFF)


def tag(ttype, flags, payload=b"", size=None):
    body = struct.pack("<HHI", ttype, flags, size if size is not None else 8 + len(payload)) + payload
    return body + bytes(-len(body) % 8)


def request(types, flags=0):
    return tag(1, flags, b"".join(u32(t) for t in types))


END = tag(0, 0)


class Image:
    def __init__(self, path):
        self.d = bytearray(open(path, "rb").read())
        self.hdr = next(o for o in range(0, 32768, 8)
                        if struct.unpack_from("<I", self.d, o)[0] == MB2_MAGIC)
        phoff, = struct.unpack_from("<I", self.d, 28)
        self.entry, = struct.unpack_from("<I", self.d, 24)
        self.phoff = phoff
        f = struct.unpack_from("<IIIIIIII", self.d, phoff)
        assert f[0] == PT_LOAD
        self.off, self.vaddr, self.paddr, self.filesz, self.memsz = f[1], f[2], f[3], f[4], f[5]

    def header(self, body, length=None):
        """Writes magic, arch, header_length (default: the body's), checksum and body."""
        n = 16 + len(body) if length is None else length
        raw = struct.pack("<IIII", MB2_MAGIC, 0, n & 0xFFFFFFFF, -(MB2_MAGIC + n) & 0xFFFFFFFF) + body
        assert len(raw) <= AREA
        self.d[self.hdr:self.hdr + AREA] = raw + bytes(AREA - len(raw))

    def move_to(self, paddr):
        delta = paddr - self.paddr
        struct.pack_into("<III", self.d, self.phoff + 8, self.vaddr + delta, paddr, self.filesz)
        struct.pack_into("<I", self.d, 24, self.entry + delta)


def write(out, name, data):
    with open(os.path.join(out, name), "wb" if isinstance(data, (bytes, bytearray)) else "w",
              **({} if isinstance(data, (bytes, bytearray)) else {"newline": ""})) as f:
        f.write(data)


def booted(*want, never=(), **kw):
    return dict(status=0, want=BOOTED + list(want), never=NO_ERROR + list(never), **kw)


def refused(case, values, status=3, firmware=False):
    """The loader refuses CASE with its refusals.tsv line, <placeholders> from VALUES
    (firmware: VALUES are regular expressions, for what only the firmware knows)."""
    line = (refusals.pattern(case, values) if firmware else
            re.escape(refusals.expected(case, values)))
    return dict(status=status, want=[line], never=[r"^compat: "])


# ---- point 1: end tags GRUB accepts ----
def end_tag_past_length(k, out):
    # header_length 46 (not a multiple of 8): the end tag at 0x28 runs 2 bytes past it.
    k.header(request([1, 6, 2]) + END, length=46)
    return booted(r"^loader: note: \\kernel\.elf: Multiboot2 end tag at header offset 0x28: "
                  r"size = 8, past header_length: the tag list ends there, as in GRUB$")


def end_tag_6_bytes(k, out):
    k.header(struct.pack("<HHH", 0, 0, 8), length=22)  # the tutorial's dw 0, dw 0, dw 8
    return booted(r"^loader: note: .*end tag at header offset 0x10: size = 8, past header_length")


def end_tag_size_0(k, out):
    k.header(tag(0, 0, size=0))
    return booted(r"^loader: note: .*end tag at header offset 0x10: size = 0, not 8")


# ---- point 11: header_length only in the checksum ----
def header_length_impossible(k, out):
    k.header(END, length=0xFFFFFFD0)  # start - end, as some tutorials write it
    return booted(r"^loader: note: \\kernel\.elf: Multiboot2 header_length = 4294967248 runs "
                  r"past end of file, but the checksum adds up: tags walked to the end tag at "
                  r"header offset 0x10, as GRUB does$")


# ---- point 2: required requests GRUB honours ----
def request_modules_none(k, out):
    k.header(request([0, 3, 1, 6]) + END)  # type 0 listed, modules with none configured
    return booted(never=[r"^compat: module "])


# ---- point 3: tag 9 ----
def elf_sections(k, out):
    k.header(request([9]) + END)
    return booted(r"^compat: tags .* 9( |$)",
                  r"^compat: elf_sections num=\d+ entsize=40 shndx=\d+ shstrtab=ok reserved=yes$")


# ---- point 4: the timeline only on request ----
def timeline_not_asked(k, out):
    return booted(r"^compat: bss_zero=yes timeline=no$")


def timeline_asked(k, out):
    k.header(request([TIMELINE], OPTIONAL) + END)
    return booted(r"^compat: bss_zero=yes timeline=yes$")


# ---- point 5: the address tag (a.out kludge): a flat binary ----
def aout_flat_binary(k, out):
    base = k.paddr
    k.header(tag(2, 0, u32(base) + u32(base) + u32(base + k.filesz) + u32(base + k.memsz)) +
             tag(3, 0, u32(k.entry)) + END)
    flat = bytes(k.d[k.off:k.off + k.filesz])  # header first: offset 0 of the flat file
    assert k.hdr == k.off
    write(out, "kernel.elf", flat)
    return booted(r"^loader: note: \\kernel\.elf: Multiboot2 address tag: loading the file flat, "
                  r"0x%x bytes at 0x%x, zeroed to 0x%x$" % (k.filesz, base, base + k.memsz),
                  r"^compat: bss_zero=yes ", never=[r"^compat: elf_sections "])


# ---- point 6: an entry address tag into the zero-filled part ----
def entry_tag_in_bss(k, out):
    at = k.paddr + k.filesz + 0x100
    k.header(tag(3, 0, u32(at)) + END)
    assert k.paddr == 0x200000  # the segment address refusals.tsv gives
    return refused("entry-tag-in-bss", {"entry": "0x%x" % at,
                                        "end of file bytes": "0x%x" % (k.paddr + k.filesz)})


# ---- point 7: sha256 pins the file on the nearest line above ----
def sha256_nearest_line(k, out):
    write(out, "m.bin", b"Hello module\n")
    digest = hashlib.sha256(bytes(k.d)).hexdigest()
    write(out, "boot.cfg", "module = \\m.bin hello\nkernel = \\kernel.elf\nsha256 = %s\n" % digest)
    return booted(r'^compat: module "hello" ')


def sha256_no_file_above(k, out):
    digest = hashlib.sha256(bytes(k.d)).hexdigest()
    write(out, "boot.cfg", "sha256 = %s\nkernel = \\kernel.elf\n" % digest)
    return refused("sha256-no-file-above", {"first 40 hex digits": digest[:40]})


# ---- point 8: a directory named as a file ----
def kernel_is_directory(k, out):
    write(out, "boot.cfg", "kernel = \\EFI\n")
    return refused("kernel-is-directory", {"directory": "\\EFI"})


def module_is_directory(k, out):
    write(out, "boot.cfg", "module = /EFI/BOOT\n")
    return refused("module-is-directory", {"directory": "\\EFI\\BOOT"})


# ---- point 9: a segment over firmware memory, refused before exiting boot services ----
def over_firmware_memory(k, out):
    # Debian's ia32 OVMF (S3 support) keeps its DXE volume at 9-21 MiB as ACPI NVS.
    k.move_to(0x1000000)
    r = refused("over-firmware-memory", {"target end": "0x[0-9a-f]+",
                                         "NVS range": "0x[0-9a-f]+-0x[0-9a-f]+",
                                         "NVS end": "0x[0-9a-f]+"}, firmware=True)
    r["never"] += [r"exiting boot services"]
    return r


# ---- point 10: boot information and modules low ----
def boot_info_low(k, out):
    write(out, "m.bin", b"Hello module\n")
    write(out, "boot.cfg", "module = \\m.bin hello\n")
    return booted(r"^compat: magic ok mbi=0x[0-9a-f]+ below=1M$",
                  r'^compat: module "hello" start=0x[0-9a-f]+ below=4M reserved=yes first=H$')


# ---- point 12: boot.cfg niceties ----
def cmdline_empty(k, out):
    write(out, "boot.cfg", "cmdline =\n")
    return booted(r'^compat: cmdline=""$', plain=True)


def cr_only_cfg(k, out):
    write(out, "m.bin", b"Hello module\n")
    write(out, "boot.cfg", "kernel = \\kernel.elf\rmodule = \\m.bin crmod\r")
    return booted(r'^compat: module "crmod" ')


def quoted_module_path(k, out):
    write(out, "my mod.bin", b"Hello module\n")
    write(out, "boot.cfg", 'module = "\\my mod.bin" spaced\n')
    return booted(r'^compat: module "spaced" .* first=H$')


def utf8_module_path(k, out):
    write(out, "mod\u00e9.bin", b"Hello module\n")
    write(out, "boot.cfg", "module = \\mod\u00e9.bin\n")
    return booted(r'^compat: module "\\mod\u00e9\.bin" .* first=H$')


CASES = {f.__name__.replace("_", "-"): f for f in (
    end_tag_past_length, end_tag_6_bytes, end_tag_size_0, header_length_impossible,
    request_modules_none, elf_sections, timeline_not_asked, timeline_asked, aout_flat_binary,
    entry_tag_in_bss, sha256_nearest_line, sha256_no_file_above, kernel_is_directory,
    module_is_directory, over_firmware_memory, boot_info_low, cmdline_empty, cr_only_cfg,
    quoted_module_path, utf8_module_path)}
# Shapes booted by BOOTX64.EFI as well (its own allocation paths: handoff copy, low
# memory), as runs named CASE-x64.
X64 = ("end-tag-past-length", "header-length-impossible", "elf-sections", "aout-flat-binary",
       "boot-info-low", "timeline-asked")
assert set(X64) <= set(CASES)
RUNS = list(CASES) + [c + "-x64" for c in X64]


def check(case, outdir, status):
    want = eval(open(os.path.join(outdir, "expect")).read())
    serial = os.path.join(os.path.dirname(outdir), case + ".serial")
    try:
        lines = open(serial, encoding="utf-8", errors="replace").read().splitlines()
    except OSError:
        lines = []
    res = []
    res.append((str(status) == str(want["status"]),
                "%s: run.sh status %s, want %s" % (case, status, want["status"])))
    for rx in want["want"]:
        res.append((any(re.search(rx, l) for l in lines), "%s: a line matches %s" % (case, rx)))
    for rx in want["never"]:
        res.append((not any(re.search(rx, l) for l in lines), "%s: no line matches %s" % (case, rx)))
    for ok, what in res:
        print(("ok - " if ok else "not ok - ") + what)
    return 0 if all(ok for ok, _ in res) else 1


def check_table(outroot):
    """One TAP line: the cases whose ESPs (OUTROOT/CASE) expect a refusal are the rows of
    refusals.tsv whose boot test is test_mb2_compat.sh."""
    made = sorted(c for c in CASES
                  if eval(open(os.path.join(outroot, c, "expect")).read())["status"] == 3)
    rows = sorted(refusals.cases("test_mb2_compat.sh"))
    ok = made == rows
    print("%s - every case the loader must refuse is a refusals.tsv row (boot test "
          "test_mb2_compat.sh), and every such row a case: %s%s"
          % ("ok" if ok else "not ok", " ".join(made),
             "" if ok else " (the table: %s)" % " ".join(rows)))
    return 0 if ok else 1


def main(argv):
    if len(argv) == 2 and argv[1] in ("--list", "--runs"):
        print("\n".join(CASES if argv[1] == "--list" else RUNS))
        return 0
    if len(argv) == 5 and argv[1] == "--check":
        return check(argv[2], argv[3], argv[4])
    if len(argv) == 3 and argv[1] == "--check-table":
        return check_table(argv[2])
    if len(argv) != 4 or argv[1] not in CASES:
        sys.stderr.write(__doc__)
        return 2
    k = Image(argv[2])
    want = CASES[argv[1]](k, argv[3])
    if not os.path.exists(os.path.join(argv[3], "kernel.elf")):
        write(argv[3], "kernel.elf", bytes(k.d))
    want.setdefault("plain", False)
    write(argv[3], "expect", repr(want))
    print("plain" if want["plain"] else "test")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
