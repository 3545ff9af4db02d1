#!/usr/bin/env python3
"""report.py - turns what make bench measured (build/bench/) into one Markdown table,
printed and written to build/bench.md, with R1, R2 and R3 on lines of their own.
`report.py --into FILE` also puts that text between FILE's two BEGIN/END marker lines
(`make bench-docs`: docs/performance.md), so the page's figures are one run's, whole.

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

# Targets of issues #6 and #18.
R1_MAX, R2_MAX, R3_MIN = 1.3, 2.0, 10.0
R4_MAX, R5_MIN, R6_MAX = 5_000_000, 20.0, 60_000_000
FRAME_PAIR_MAX, MAP_PAGE_MAX, KMALLOC_MAX = 40, 30, 120
MEMORY_INIT = ["regions_cycles", "bitmap_cycles", "page_tables_cycles", "paging_on_cycles",
               "heap_cycles"]
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


def serial_text(name):
    """A boot's serial log without terminal escapes and carriage returns; "" when none."""
    try:
        with open(os.path.join(OUT, f"serial-{name}.log"), errors="replace") as f:
            return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", f.read()).replace("\r", "")
    except OSError:
        return ""


def loader_cost(kernel, loader, run, arch="ia32"):
    """bench/loader_cost.sh's boot: (stamp before LoadImage, LoadImage's own cycles, kernel
    entry TSC), or None when the log lacks one of them."""
    prefix = "cost-x64-" if arch == "x64" else "cost-"
    text = serial_text(f"{prefix}{kernel}-{loader}-{run}")
    st = re.search(r"stamp: before_load_tsc=(\d+) after_load_tsc=(\d+) status=0\b", text)
    if kernel == "small":
        ke = re.search(r"tsck: kernel_entry_tsc=0x([0-9a-f]+)", text)
        entry = int(ke.group(1), 16) if ke else None
    else:
        ke = re.search(r"^time: .*\bkernel_entry_tsc=(\d+)", text, re.M)
        entry = int(ke.group(1)) if ke else None
    if not st or entry is None:
        return None
    before, after = int(st.group(1)), int(st.group(2))
    return before, after - before, entry


DUMP_PREFIX = "desc: Trigger: Client Request: "


def callgrind_dumps():
    """Per dump name (a name dumped several times is summed): total instructions, and
    the calls into and the inclusive instructions of the empty stand-ins (stub_*)."""
    dumps = {}
    for path in glob.glob(os.path.join(OUT, "callgrind.out.ops.*")):
        name, total, stub_calls, stub_incl = None, None, 0, 0
        names, callee, take_next = {}, None, False
        with open(path) as f:
            for line in f:
                if line.startswith(DUMP_PREFIX):
                    name = line[len(DUMP_PREFIX):].strip()
                elif line.startswith("totals: ") or line.startswith("summary: "):
                    total = int(line.split()[1])
                elif line.startswith("cfn="):
                    m = re.match(r"cfn=\((\d+)\)(?: (.*))?", line.strip())
                    if m.group(2):
                        names[m.group(1)] = m.group(2)
                    callee = names.get(m.group(1), "")
                elif line.startswith("fn="):
                    m = re.match(r"fn=\((\d+)\)(?: (.*))?", line.strip())
                    if m and m.group(2):
                        names[m.group(1)] = m.group(2)
                elif line.startswith("calls="):
                    if callee and callee.startswith("stub_"):
                        stub_calls += int(line.split()[0][len("calls="):])
                        take_next = True
                elif take_next:
                    stub_incl += int(line.split()[-1])
                    take_next = False
        if name and total is not None:
            d = dumps.setdefault(name, [0, 0, 0])
            d[0] += total
            d[1] += stub_calls
            d[2] += stub_incl
    return dumps


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


BEGIN = "<!-- make bench-docs: the text from here to the END line is build/bench.md -->"
END = "<!-- make bench-docs: END -->"


def run_header():
    """When, from which commit, on how loaded a machine: bench.mk writes run.txt (start
    time, commit, load average) before it measures anything, and the load again after
    the last boot."""
    info = read_kv_eq(os.path.join(OUT, "run.txt"))
    return (f"Run: `make bench` started {info.get('started', '?')}, commit "
            f"{info.get('commit', '?')}; load average (1, 5, 15 min) "
            f"{info.get('load', '?')} at the start, {info.get('load_end', '?')} after the "
            f"boots. "
            f"Under -icount the boots' cycle counts do not depend on load; the native "
            f"R1/R2 timings do.")


def read_kv_eq(path):
    """`key=value` lines as a dict of strings; {} when the file is missing."""
    try:
        with open(path) as f:
            return dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    except OSError:
        return {}


def paste_into(path, text):
    """Replaces what lies between the BEGIN and END lines of `path` with `text`."""
    with open(path) as f:
        doc = f.read()
    if BEGIN not in doc or END not in doc:
        sys.exit(f"report.py: {path}: no '{BEGIN}' ... '{END}' lines to paste between")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w") as f:
        f.write(head + BEGIN + "\n\n" + text + "\n" + END + tail)


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
    add(run_header())
    add("")
    add(f"Machine: {machine()}; {tool_version(['qemu-system-i386', '--version'])}; "
        f"{tool_version(['gcc', '--version'])}.")
    add("")

    # ---- timeline ----
    mems = ["256M", "1G", "3G", "6G"]
    ours = {m: read_time(f"ours-{m}") for m in mems}
    x64 = read_time("x64-3G")
    naive = read_time("naive-3G")
    cols = [(f"ia32 {m}", ours[m]) for m in mems]
    if naive:
        cols.append(("ia32 3G, naive kernel (R5)", naive))
    if x64:
        cols.append(("x64 3G", x64))
    add("## Boot timeline (QEMU -icount shift=0,sleep=off: 1 cycle = 1 guest instruction)")
    add("")
    add("One boot per column (bench/timeline.sh: esp/ as built, `./run.sh --test --icount "
        "--mem SIZE`, files build/bench/serial-ours-SIZE.log); the stages are the kernel's "
        "own `time:` line. The naive column boots build/bench/naive/kernel.elf (bench/naive/: "
        "the same kernel with xv6's memory bring-up linked in place of kernel/mm/mm_init.c: "
        "every free page junk-filled and pushed on a list, all RAM and live ranges mapped "
        "page by page through walk-and-allocate; its free list is timed as `bitmap`, it has "
        "no heap and no self-tests). Each cell: cycles, and share of the whole boot (reset to "
        "self-tests done).")
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
    rows.append(("**memory init** (regions + bitmap + page tables + paging on + heap)",
                 lambda t: sum(t[k] for k in MEMORY_INIT) if all(k in t for k in MEMORY_INIT)
                 else None))
    rows.append(("**kernel entry to ready** (with the default self-tests)",
                 lambda t: t.get("kernel_cycles")))
    rows.append(("**whole boot**", lambda t: whole(t) or None))
    for label, get in rows:
        cells = []
        for _, t in cols:
            v = get(t) if t else None
            cells.append("-" if v is None else f"{fmt(v)} ({pct(v, whole(t))})")
        add(f"| {label} | " + " | ".join(cells) + " |")
    if not x64:
        add("")
        add("x64 3G: no `time:` line in build/bench/time-x64-3G.txt (no BOOTX64.EFI in esp/, "
            "or the boot did not finish), so no x64 column.")
    add("")

    # ---- same-boot loader cost ----
    add("## Loader cost in the same boot (bench/stamp/, ia32 and x64, -m 256M, -icount)")
    add("")
    add("The firmware starts bench/stamp's EFI app, which reads the TSC, LoadImage's the "
        "loader named in \\\\stamp.cfg from the same ESP, and StartImage's it; the kernel "
        "prints its entry TSC. Loader cost = kernel entry TSC - TSC before LoadImage (it "
        "includes the firmware loading the loader's own image). Both loaders and the kernel "
        "lie on the one ESP; \\\\stamp.cfg alone differs. GRUB: grub-mkimage -O i386-efi "
        "with part_msdos part_gpt fat search search_fs_file multiboot2 boot and an embedded "
        "early.cfg. Kernels: small = bench/stamp/tsck.asm "
        f"({fmt(file_size(os.path.join(OUT, 'stamp', 'tsck.elf')) or 0)} bytes, prints its "
        "entry TSC and exits), ours = esp/kernel.elf (its `time:` line's kernel_entry_tsc). "
        "Logs: build/bench/serial-cost-KERNEL-LOADER-RUN.log. Under OVMF x64 the same with "
        "the stamp app built for x64, BOOTX64.EFI and GRUB from grub-mkimage -O x86_64-efi, "
        "small kernel only (serial-cost-x64-small-LOADER-RUN.log).")
    add("")
    add("| firmware | kernel | loader | image bytes | run 1: cost (of which LoadImage) | "
        "run 2: cost (of which LoadImage) | runs agree within 0.1% |")
    add("|---|---|---|---|---|---|---|")
    costs = {}
    images = {("ia32", "ours"): os.path.join(ROOT, "esp/EFI/BOOT/BOOTIA32.EFI"),
              ("ia32", "grub"): os.path.join(OUT, "stamp", "GRUB.EFI"),
              ("x64", "ours"): os.path.join(ROOT, "esp/EFI/BOOT/BOOTX64.EFI"),
              ("x64", "grub"): os.path.join(OUT, "stamp", "GRUB64.EFI")}
    for arch, kernel in (("ia32", "small"), ("ia32", "ours"), ("x64", "small")):
        for loader in ("ours", "grub"):
            image = images[(arch, loader)]
            runs = [loader_cost(kernel, loader, r, arch) for r in (1, 2)]
            cells = []
            for r in runs:
                cells.append("missing" if r is None else f"{fmt(r[2] - r[0])} ({fmt(r[1])})")
            agree = "-"
            if all(runs):
                a, b = (r[2] - r[0] for r in runs)
                agree = "yes" if abs(a - b) <= 0.001 * min(a, b) else \
                    f"**no** ({100.0 * abs(a - b) / min(a, b):.2f}% apart)"
            got = [r[2] - r[0] if r else None for r in runs]
            if any(got):
                costs[(arch, kernel, loader)] = got
            add(f"| OVMF {arch} | {kernel} | {loader} | {fmt(file_size(image) or 0)} | "
                f"{cells[0]} | {cells[1]} | {agree} |")
    add("")
    r3 = None
    for arch, kernel in (("ia32", "small"), ("ia32", "ours"), ("x64", "small")):
        if (arch, kernel, "ours") in costs and (arch, kernel, "grub") in costs:
            o, g = costs[(arch, kernel, "ours")], costs[(arch, kernel, "grub")]
            pairs = [(i + 1, g[i] / o[i]) for i in range(2) if o[i] and g[i]]
            if not pairs:
                continue
            add(f"GRUB / ours, OVMF {arch}, {kernel} kernel: " +
                ", ".join(f"run {i} {v:.2f}" for i, v in pairs) + ".")
            add("")
            if (arch, kernel) == ("ia32", "small"):
                r3 = sum(g[i - 1] for i, _ in pairs) / sum(o[i - 1] for i, _ in pairs)
                r3_runs = len(pairs)
    add("")
    # ---- native ----
    def median_run(prefix, key):
        """Of the runs build/bench/PREFIX-N.txt, the one whose KEY is the median, and the
        spread of KEY over all runs as text; ({}, "") when there are none."""
        runs = [read_kv(p) for p in sorted(glob.glob(os.path.join(OUT, f"{prefix}-[0-9].txt")))]
        runs = [r for r in runs if key in r]
        if not runs:
            return {}, ""
        runs.sort(key=lambda r: float(r[key]))
        vals = [float(r[key]) for r in runs]
        return runs[len(runs) // 2], f"{len(runs)} runs: {vals[0]:.2f}-{vals[-1]:.2f}"

    add("## Kernel stages beside memset (host, native speed; secondary rows)")
    add("")
    nat, _ = median_run("native", "r1")
    add(f"Each run: median of {nat.get('native_reps', '?')} repetitions in one process, "
        f"alternating with the memset, same warm-up; the program ran 5 times "
        f"(build/bench/native-N.txt, native-x86-64-N.txt) and the row shows the run with the "
        f"median ratio, the spread over the 5 beside it. Synthetic OVMF-like 3 GiB map of "
        f"{nat.get('map_descriptors', '?')} descriptors (unsorted, desc_size 48). The "
        f"guest runs this code as 32-bit with 4-byte stores: R4 above is the guest figure.")
    add("")
    add("| figure | kernel code | memset of the same bytes | bytes | ratio (median) | spread | "
        "target | met |")
    add("|---|---|---|---|---|---|---|---|")
    r1 = r2 = None
    for key, what, tcol, target in [
            ("r1", "R1: identity map of 3 GiB (768 tables + directory)", "r1_map_ns", R1_MAX),
            ("r2", "R2: frame bitmap init, 3 GiB map (both bitmaps)", "r2_init_ns", R2_MAX)]:
        for prefix, flags in [("native", "-O2 -march=native"),
                              ("native-x86-64", "-O2, baseline x86-64 (SSE2)")]:
            run, spread = median_run(prefix, key)
            if not run:
                add(f"| {what}, {flags}: output missing | - | - | - | - | - | - | - |")
                continue
            v = float(run[key])
            if prefix == "native":
                if key == "r1":
                    r1 = v
                else:
                    r2 = v
            mcol = key + "_memset_ns"
            add(f"| {what}, {flags} | {fmt(int(run[tcol]))} ns | {fmt(int(run[mcol]))} ns | "
                f"{fmt(int(run[key + '_bytes']))} | {v:.2f} | {spread} | <= {target} | "
                f"{met(v <= target)} |")
    add("")

    # ---- ops ----
    counts = read_kv(os.path.join(OUT, "ops.txt"))
    dumps = callgrind_dumps()

    def per_op(name):
        """(raw, loop, op) instructions per operation: raw counts everything in the measured
        loop; loop is the benchmark's own part (its twin loop calling empty stand-ins, minus
        their call instructions and bodies); op = raw - loop, call and return included."""
        loop_name = f"{name}_loop"
        if name not in dumps or name not in counts or loop_name not in dumps:
            return None
        total, _, _ = dumps[name]
        ltotal, lcalls, lincl = dumps[loop_name]
        n, ln = int(counts[name]), int(counts[loop_name])
        raw = total / n
        loop = (ltotal - lcalls - lincl) / ln
        return raw, loop, raw - loop

    add("## Operation costs (valgrind --tool=callgrind, i386 host build with the kernel's "
        "code generation, instructions)")
    add("")
    add("bench/ops.c built with -m32 and mk/kernel.mk's KERNEL_CODEGEN (-O2 -fno-pic "
        "-fno-omit-frame-pointer ..., -no-pie) from the kernel's own kernel/mm sources (the "
        "guest's instruction set, 4-byte words, cdecl stack arguments, the kernel's frame "
        "pointers: 3 instructions per function), physical memory simulated "
        "by tests/unit/sim_phys.c (a 1 GiB window). op = instructions per operation, the call and return "
        "included; loop = the benchmark's own loop per operation (counter, compare, "
        "argument pushes, result stores): its twin loop calling empty stand-ins, minus "
        "those stand-ins' bodies and the call instructions; raw = op + loop.")
    add("")
    add("| operation | op | loop | raw | baseline | baseline op | ours / baseline | target | met |")
    add("|---|---|---|---|---|---|---|---|---|")
    # (row, ours, baseline, what the baseline is, target): one row each, same columns.
    op_rows = [
        ("frame alloc+free pair, amortized over all of 3 GiB", "frames_ours", "frames_baseline",
         "one bitmap with a lowest-free hint, no double-free or reserved-frame check "
         "(bench/baseline_frames.c)", FRAME_PAIR_MAX),
        ("map_page into an existing table", "map_page", "map_page_baseline",
         "directory and table indexed directly, no present test, no TLB bookkeeping "
         "(bench/baseline_map.c)", MAP_PAGE_MAX),
        ("kmalloc+kfree of 64 bytes", "kmalloc_ours", "kmalloc_baseline",
         "per-size free lists fed by one-class pages, no header, check or poison "
         "(bench/baseline_slab.c)", KMALLOC_MAX),
    ]
    all_found = True
    for label, ours_name, base_name, base_text, target in op_rows:
        ours_op, base_op = per_op(ours_name), per_op(base_name)
        if not (ours_op and base_op):
            all_found = False
            continue
        add(f"| {label} | {ours_op[2]:.1f} | {ours_op[1]:.1f} | {ours_op[0]:.1f} | {base_text} | "
            f"{base_op[2]:.1f} | {ours_op[2] / base_op[2]:.2f} | <= {target} | "
            f"{met(ours_op[2] <= target)} |")
    kl = per_op("kmalloc_large")
    if kl:
        add(f"| kmalloc+kfree of 512 bytes (first-fit split, merge back) | {kl[2]:.1f} | "
            f"{kl[1]:.1f} | {kl[0]:.1f} | - | - | - | - | - |")
    if not (all_found and kl):
        add("| callgrind output missing | - | - | - | - | - | - | - | - |")
    add("")
    add("Each baseline is what a careful engineer writes for the same job without the checks "
        "ours makes, built in the same binary with the same flags and measured the same way "
        "(bench/baseline_*.c). The difference is what our checks cost: frame_free refuses "
        "double frees, frames that were never allocatable and unaligned addresses (a second "
        "bitmap); map_page tests the directory entry and allocates a missing table, and "
        "counts or flushes the TLB entry once paging is on; kfree checks the pointer, the "
        "header and a canary behind the payload and poisons the freed block, kmalloc checks "
        "a cached block before reuse. The targets are absolute, not relative to the baselines. "
        "Built as position-independent code (the host gcc's default) every function that "
        "reads a global would pay 4 more instructions for __x86.get_pc_thunk, which the "
        "kernel never runs; hence the kernel's own code generation here.")
    add("")
    # ---- memory and size ----
    add("## Memory and size")
    add("")
    add("| RAM | mapped (identity_kib) | page tables + directory | minimum (1 per 4 MiB "
        "touched + 1) | bytes / RAM | frames | bitmap bytes (2 bitmaps) | 1 bit per frame |")
    add("|---|---|---|---|---|---|---|---|")
    for m in [m for m in mems if ours[m]]:
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
    nat, _ = median_run("native", "r2")
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

    # ---- the ratios ----
    t3 = ours.get("3G", {})
    r4 = sum(t3[k] for k in MEMORY_INIT) if all(k in t3 for k in MEMORY_INIT) else None
    r6 = t3.get("kernel_cycles")
    add("## Ratios")
    add("")
    add("R1, R2: host, median of 5 runs (-march=native; baseline x86-64 beside them). "
        "R3: same boot, GRUB's cycles over ours, summed over the runs that finished. R4, R6: the ia32 3G boot of the timeline above.")
    add("")
    for key, value, target, ok in [
            ("R1", r1, f"<= {R1_MAX}", r1 is not None and r1 <= R1_MAX),
            ("R2", r2, f"<= {R2_MAX}", r2 is not None and r2 <= R2_MAX),
            ("R3 = GRUB / ours (same boot, small kernel)", r3, f">= {R3_MIN}",
             r3 is not None and r3 >= R3_MIN),
            ("R4 = memory init cycles at 3 GiB", r4, f"<= {fmt(R4_MAX)}",
             r4 is not None and r4 <= R4_MAX),
            ("R6 = entry to ready at 3 GiB", r6, f"<= {fmt(R6_MAX)}",
             r6 is not None and r6 <= R6_MAX)]:
        ratios[key] = value
        shown = "missing" if value is None else (fmt(value) if isinstance(value, int)
                                                 else f"{value:.2f}")
        add(f"{key} = {shown}   (target {target}: {'met' if ok else 'NOT met'})")
        add("")
    r5 = None
    if naive and r4 and all(k in naive for k in MEMORY_INIT):
        r5 = sum(naive[k] for k in MEMORY_INIT) / r4
    ok = r5 is not None and r5 >= R5_MIN
    add(f"R5 = naive / ours, memory init at 3 GiB in the guest = "
        f"{'missing' if r5 is None else f'{r5:.2f}'}   (target >= {R5_MIN}: "
        f"{'met' if ok else 'NOT met'})")
    add("")
    ratios["R5"] = r5
    text = "\n".join(lines) + "\n"
    with open(os.path.join(ROOT, "build", "bench.md"), "w") as f:
        f.write(text)
    if len(sys.argv) == 3 and sys.argv[1] == "--into":
        paste_into(sys.argv[2], text.replace("# make bench\n\n", "", 1).replace("\n## ", "\n### "))
    sys.stdout.write(text)
    return 0 if all(v is not None for v in ratios.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
