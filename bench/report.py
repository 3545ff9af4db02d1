#!/usr/bin/env python3
"""report.py - turns what make bench measured (build/bench/) into one Markdown table,
printed and written to build/bench.md, with R1, R2 and R3 on lines of their own.

Inputs, all written by mk/bench.mk's recipe:
  native.txt, native-x86-64.txt   `key value` lines of bench/native.c (host -march=native,
                                  and the baseline x86-64 instruction set)
  ops.txt, callgrind.out.ops.*    operation counts of bench/ops.c and callgrind's dumps
  time-NAME.txt, serial-NAME.log  bench/timeline.sh's boots
A missing input makes its rows say so instead of stopping the report.
"""
import glob
import os
import platform
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build", "bench")
KIB = 1024
MIB = 1024 * KIB

# Targets of issue #6.
R1_MAX, R2_MAX, R3_MIN = 1.3, 2.0, 5.0
FRAME_PAIR_MAX, FRAME_RATIO_MIN, MAP_PAGE_MAX, KMALLOC_MAX = 40, 10, 40, 150
LOADER_MAX = 64 * KIB

STAGES = [  # time: keys of the kernel stages, and their row names
    ("regions_cycles", "kernel: regions (memory map to sorted regions)"),
    ("bitmap_cycles", "kernel: frame bitmap"),
    ("page_tables_cycles", "kernel: page tables built"),
    ("paging_on_cycles", "kernel: paging on"),
    ("heap_cycles", "kernel: heap ready"),
    ("selftest_cycles", "kernel: self-tests (they print as they run)"),
]


def read_kv(path):
    """`key value` lines (bench/native.c, bench/ops.c) as a dict of strings."""
    out = {}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    out[parts[0]] = parts[1]
    except OSError:
        pass
    return out


def read_time(name):
    """The key=value pairs of a boot's `time:` line, as ints; {} when none."""
    try:
        with open(os.path.join(OUT, f"time-{name}.txt")) as f:
            line = f.readline().strip()
    except OSError:
        return {}
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}


def serial_line(name, prefix):
    """The first serial line of a boot starting with prefix, as a dict of key=value."""
    try:
        with open(os.path.join(OUT, f"serial-{name}.log"), errors="replace") as f:
            for line in f:
                line = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line).replace("\r", "")
                if line.startswith(prefix):
                    return dict(re.findall(r"(\w+)=(\S+)", line))
    except OSError:
        pass
    return {}


DUMP_PREFIX = "desc: Trigger: Client Request: "


def callgrind_totals():
    """Instructions per dump name (a name dumped several times is summed)."""
    totals = {}
    for path in glob.glob(os.path.join(OUT, "callgrind.out.ops.*")):
        name, total = None, None
        with open(path) as f:
            for line in f:
                if line.startswith(DUMP_PREFIX):
                    name = line[len(DUMP_PREFIX):].strip()
                elif line.startswith("totals: "):
                    total = int(line.split()[1])
        if name and total is not None:
            totals[name] = totals.get(name, 0) + total
    return totals


def machine():
    model = "unknown CPU"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        m = re.search(r"^Model name:\s*(.+)$", out, re.M)
        if m:
            model = m.group(1).strip()
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def tool_version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
        return out.splitlines()[0].strip() if out else "?"
    except OSError:
        return "?"


def met(ok):
    return "yes" if ok else "**no**"


def fmt(n):
    return f"{n:,}".replace(",", " ")


def pct(part, whole):
    return f"{100.0 * part / whole:.3f}%" if whole else "-"


def file_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def main():
    lines = []
    add = lines.append
    ratios = {}  # R1, R2, R3 as printed on their own lines

    add("# make bench")
    add("")
    add(f"Machine: {machine()}; {tool_version(['qemu-system-i386', '--version'])}; "
        f"{tool_version(['gcc', '--version'])}.")
    add("")

    # ---- timeline ----
    mems = ["256M", "1G", "3G"]
    ours = {m: read_time(f"ours-{m}") for m in mems}
    grub_mem = "256M"
    grub = read_time(f"grub-{grub_mem}")
    x64 = read_time("x64-3G")
    cols = [(f"ia32 {m}", ours[m]) for m in mems]
    if x64:
        cols.append(("x64 3G", x64))
    add("## Boot timeline (QEMU -icount shift=0,sleep=off: 1 cycle = 1 guest instruction)")
    add("")
    add("Each cell: cycles, and share of the whole boot (reset to self-tests done).")
    add("")
    add("| stage | " + " | ".join(c for c, _ in cols) + " |")
    add("|---|" + "---|" * len(cols))

    def whole(t):
        return t.get("kernel_entry_tsc", 0) + t.get("kernel_cycles", 0)

    rows = [
        ("firmware: reset to efi_main", lambda t: t.get("efi_main_tsc")),
        ("loader: efi_main to kernel file read", lambda t: t.get("read_cycles")),
        ("loader: file read to ExitBootServices", lambda t: t.get("prepare_cycles")),
        ("loader: ExitBootServices to jump", lambda t: t.get("exit_cycles")),
        ("loader: jump to kernel entry", lambda t: t.get("handoff_cycles")),
    ]
    rows += [(label, (lambda k: lambda t: t.get(k))(key)) for key, label in STAGES]
    rows.append(("kernel: outside the stages (CPU setup, console lines)",
                 lambda t: t["kernel_cycles"] - sum(t.get(k, 0) for k, _ in STAGES)
                 if "kernel_cycles" in t else None))
    rows.append(("**whole boot**", lambda t: whole(t) or None))
    for label, get in rows:
        cells = []
        for _, t in cols:
            v = get(t) if t else None
            cells.append("-" if v is None else f"{fmt(v)} ({pct(v, whole(t))})")
        add(f"| {label} | " + " | ".join(cells) + " |")
    if not x64:
        add("")
        add("x64: no esp/EFI/BOOT/BOOTX64.EFI, so no x64 boot was measured.")
    add("")

    # ---- GRUB ----
    base = ours.get(grub_mem, {})
    add(f"## Loader beside GRUB (same firmware, kernel and disk; ia32, -m {grub_mem}, -icount)")
    add("")
    r3 = None
    if base.get("efi_main_tsc") and base.get("kernel_entry_tsc") and grub.get("kernel_entry_tsc"):
        ours_cost = base["kernel_entry_tsc"] - base["efi_main_tsc"]
        grub_cost = grub["kernel_entry_tsc"] - base["efi_main_tsc"]
        r3 = grub_cost / ours_cost
        gsize = file_size(os.path.join(OUT, "grub", "esp", "EFI", "BOOT", "BOOTIA32.EFI"))
        add("| loader | efi_main (ours) to kernel entry, cycles | share of firmware's "
            "cycles before a loader starts | image bytes |")
        add("|---|---|---|---|")
        add(f"| BOOTIA32.EFI (ours) | {fmt(ours_cost)} | {pct(ours_cost, base['efi_main_tsc'])} | "
            f"{fmt(file_size(os.path.join(ROOT, 'esp/EFI/BOOT/BOOTIA32.EFI')) or 0)} |")
        add(f"| GRUB (lean i386-efi image) | {fmt(grub_cost)} | "
            f"{pct(grub_cost, base['efi_main_tsc'])} | {fmt(gsize or 0)} |")
        add("")
        add("GRUB has no efi_main stamp: its cost is counted from our loader's efi_main TSC in "
            "our own boot (the firmware's work up to starting a loader is the same for both).")
    else:
        add("Missing: a time: line from our boot or from the GRUB boot (see build/bench/).")
    add("")

    # ---- native ----
    nat = read_kv(os.path.join(OUT, "native.txt"))
    nat_base = read_kv(os.path.join(OUT, "native-x86-64.txt"))
    add("## Kernel stages beside memset (host, native speed)")
    add("")
    add(f"Median of {nat.get('native_reps', '?')} runs in one process, alternating with "
        f"the memset, same warm-up. Synthetic OVMF-like 3 GiB map of "
        f"{nat.get('map_descriptors', '?')} descriptors (unsorted, desc_size 48).")
    add("")
    add("| figure | kernel code | memset of the same bytes | bytes | ratio | target | met |")
    add("|---|---|---|---|---|---|---|")
    r1 = r2 = None
    if "r1" in nat:
        r1 = float(nat["r1"])
        add(f"| R1: identity map of 3 GiB (768 tables + directory), -O2 -march=native | "
            f"{fmt(int(nat['r1_map_ns']))} ns | {fmt(int(nat['r1_memset_ns']))} ns | "
            f"{fmt(int(nat['r1_bytes']))} | {r1:.2f} | <= {R1_MAX} | {met(r1 <= R1_MAX)} |")
    if "r1" in nat_base:
        add(f"| R1 with the baseline x86-64 instruction set (-O2, SSE2) | "
            f"{fmt(int(nat_base['r1_map_ns']))} ns | {fmt(int(nat_base['r1_memset_ns']))} ns | "
            f"{fmt(int(nat_base['r1_bytes']))} | {float(nat_base['r1']):.2f} | - | - |")
    if "r2" in nat:
        r2 = float(nat["r2"])
        add(f"| R2: frame bitmap init, 3 GiB map (both bitmaps), -O2 -march=native | "
            f"{fmt(int(nat['r2_init_ns']))} ns | {fmt(int(nat['r2_memset_ns']))} ns | "
            f"{fmt(int(nat['r2_bytes']))} | {r2:.2f} | <= {R2_MAX} | {met(r2 <= R2_MAX)} |")
    if "r2" in nat_base:
        add(f"| R2 with the baseline x86-64 instruction set (-O2, SSE2) | "
            f"{fmt(int(nat_base['r2_init_ns']))} ns | {fmt(int(nat_base['r2_memset_ns']))} ns | "
            f"{fmt(int(nat_base['r2_bytes']))} | {float(nat_base['r2']):.2f} | - | - |")
    if r1 is None or r2 is None:
        add("| native benchmark output missing | - | - | - | - | - | - |")
    add("")

    # ---- ops ----
    counts = read_kv(os.path.join(OUT, "ops.txt"))
    totals = callgrind_totals()

    def per_op(name):
        """(raw, net) instructions per operation: net has the loop's own cost removed."""
        if name not in totals or name not in counts or f"{name}_loop" not in totals:
            return None
        n = int(counts[name])
        raw = totals[name] / n
        return raw, raw - totals[f"{name}_loop"] / int(counts[f"{name}_loop"])

    add("## Operation costs (valgrind --tool=callgrind, x86-64 host build -O2, instructions)")
    add("")
    add("net = instructions per operation minus those of the same loop calling empty "
        "functions (the benchmark's loop, call and return).")
    add("")
    add("| operation | instr/op | net | naive baseline, net | ratio | target | met |")
    add("|---|---|---|---|---|---|---|")
    fo, fn = per_op("frames_ours"), per_op("frames_naive")
    if fo and fn:
        ratio = fn[1] / fo[1]
        add(f"| frame alloc+free pair, amortized over all of 3 GiB | {fo[0]:.1f} | {fo[1]:.1f} | "
            f"{fn[1]:,.0f} (bitmap scanned from bit 0) | {ratio:,.0f}x | <= {FRAME_PAIR_MAX}, "
            f">= {FRAME_RATIO_MIN}x | {met(fo[1] <= FRAME_PAIR_MAX and ratio >= FRAME_RATIO_MIN)} |")
    mp, mn = per_op("map_page"), per_op("map_page_naive")
    if mp and mn:
        add(f"| map_page into an existing table | {mp[0]:.1f} | {mp[1]:.1f} | {mn[1]:.1f} "
            f"(one page through an xv6-style range mapper and table walk) | {mn[1] / mp[1]:.1f}x | "
            f"<= {MAP_PAGE_MAX} | {met(mp[1] <= MAP_PAGE_MAX)} |")
    ko, kn = per_op("kmalloc_ours"), per_op("kmalloc_naive")
    if ko and kn:
        add(f"| kmalloc+kfree of 64 bytes | {ko[0]:.1f} | {ko[1]:.1f} | {kn[1]:,.0f} (page free "
            f"list, junk-written page per free) | {kn[1] / ko[1]:.1f}x | <= {KMALLOC_MAX} | "
            f"{met(ko[1] <= KMALLOC_MAX)} |")
    kl = per_op("kmalloc_large")
    if kl:
        add(f"| kmalloc+kfree of 512 bytes (no cache: first-fit split, merge back) | {kl[0]:.1f} | "
            f"{kl[1]:.1f} | - | - | - | - |")
    if not (fo and fn and mp and mn and ko and kn and kl):
        add("| callgrind output missing | - | - | - | - | - | - |")
    add("")

    # ---- memory and size ----
    add("## Memory and size")
    add("")
    add("| RAM | mapped (identity_kib) | page tables + directory | minimum (1 per 4 MiB "
        "touched + 1) | bytes / RAM | frames | bitmap bytes (2 bitmaps) | 1 bit per frame |")
    add("|---|---|---|---|---|---|---|---|")
    for m in mems:
        pg = serial_line(f"ours-{m}", "paging: ")
        fr = serial_line(f"ours-{m}", "frames: ")
        if not pg or not fr:
            add(f"| {m} | - | - | - | - | - | - | - |")
            continue
        ram = int(m[:-1]) * (MIB if m.endswith("M") else 1024 * MIB)
        tables = int(pg["page_tables"]) + 1
        ident = int(pg["identity_kib"]) * KIB
        least = -(-ident // (4 * MIB)) + 1
        frames = int(fr["total"])
        bitmap = int(fr["bitmap_kib"]) * KIB
        add(f"| {m} | {fmt(ident // KIB)} KiB | {tables} = {fmt(tables * 4)} KiB | {least} | "
            f"{pct(tables * 4 * KIB, ram)} | {fmt(frames)} | ~{fmt(bitmap)} | "
            f"{fmt((frames + 7) // 8)} |")
    if "r2_bytes" in nat:
        add(f"| 3 GiB (host, synthetic map) | 3 145 728 KiB | 769 = 3 076 KiB | 769 | "
            f"{pct(int(nat['r1_bytes']), 3 * 1024 * MIB)} | {fmt(int(nat['r2_frames']))} | "
            f"{fmt(int(nat['r2_bytes']))} | {fmt(int(nat['r2_one_bit_bytes']))} |")
    add("")
    add("The frame allocator keeps two bitmaps (in use, and allocatable at init, which lets "
        "frame_free refuse double frees and frees of reserved memory): two bits per frame, "
        "twice the one-bit minimum.")
    add("")
    add("| file | bytes | target | met |")
    add("|---|---|---|---|")
    for name, path, limit in [
        ("BOOTIA32.EFI", "esp/EFI/BOOT/BOOTIA32.EFI", LOADER_MAX),
        ("BOOTX64.EFI", "esp/EFI/BOOT/BOOTX64.EFI", LOADER_MAX),
        ("kernel.elf", "esp/kernel.elf", None),
    ]:
        size = file_size(os.path.join(ROOT, path))
        if size is None:
            add(f"| {name} | not built | {'<= 64 KiB' if limit else '-'} | - |")
        else:
            add(f"| {name} | {fmt(size)} | {'<= 64 KiB' if limit else '-'} | "
                f"{met(size <= limit) if limit else '-'} |")
    add("")

    # ---- the three ratios ----
    add("## Ratios")
    add("")
    for key, value, target in [("R1", r1, f"<= {R1_MAX}"), ("R2", r2, f"<= {R2_MAX}"),
                               ("R3", r3, f">= {R3_MIN}")]:
        ratios[key] = value
        shown = "missing" if value is None else f"{value:.2f}"
        add(f"{key} = {shown}")
        add("")
    add(f"(targets: R1 <= {R1_MAX}, R2 <= {R2_MAX}, R3 >= {R3_MIN})")

    text = "\n".join(lines) + "\n"
    with open(os.path.join(ROOT, "build", "bench.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    return 0 if all(v is not None for v in ratios.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
