# bench.mk - `make bench`: the boot timeline under QEMU -icount, R1/R2 natively and the
# operation costs under callgrind; prints one table and writes it to build/bench.md.
#
# Order matters: the native timings run first, on a quiet machine; callgrind counts
# instructions and the -icount boots count guest instructions, so neither is
# disturbed by load (the boots run two at a time). 13 boots of about a minute of CPU
# each: some 8 minutes on 2 quiet cores, longer on a shared machine.
BENCH_OUT := $(BUILD)/bench
BENCH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -DHOST_TEST -I.
BENCH_MM_SRCS := bench/ovmf_map.c kernel/mm/paging.c kernel/mm/frames.c kernel/mm/memmap.c \
	tests/unit/sim_phys.c tests/unit/host_kprintf.c $(SHARED_LIB_SRCS)
BENCH_HDRS := bench/ovmf_map.h $(wildcard bench/baseline_*.h) $(wildcard kernel/mm/*.h) \
	kernel/lib/fill32.h shared/bootinfo.h mk/bench.mk

# R1/R2 against glibc's memset, which picks the widest stores the CPU has: the kernel
# code is compiled for this CPU too (-march=native), and once more for the baseline
# x86-64 instruction set to show what the vector width is worth.
$(BENCH_OUT)/native: bench/native.c $(BENCH_MM_SRCS) $(BENCH_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(BENCH_CFLAGS) -march=native -o $@ bench/native.c $(BENCH_MM_SRCS)

$(BENCH_OUT)/native-x86-64: bench/native.c $(BENCH_MM_SRCS) $(BENCH_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(BENCH_CFLAGS) -o $@ bench/native.c $(BENCH_MM_SRCS)

# Instruction counts: an i386 build (-m32, the kernel's instruction set and word size),
# so they neither depend on the host nor flatter the 32-bit kernel; a 32-bit process
# cannot map sim_phys.c's 4 GiB, so it backs only the low 1 GiB (SIM_PHYS_BYTES).
# The baselines beside ours (bench/baseline_*.c) are built in the same command,
# with the same flags, and the kernel's code generation (KERNEL_CODEGEN, -no-pie): a
# PIC host build would add a get_pc_thunk call per function that the kernel never runs.
BENCH_OPS_SRCS := bench/ops.c $(wildcard bench/baseline_*.c) kernel/mm/heap.c kernel/mm/heap_check.c bench/ovmf_map.c \
	kernel/mm/paging.c kernel/mm/frames.c kernel/mm/memmap.c tests/unit/sim_phys.c tests/unit/host_kprintf.c \
	$(SHARED_LIB_SRCS)
$(BENCH_OUT)/ops: $(BENCH_OPS_SRCS) $(BENCH_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(BENCH_CFLAGS) -m32 $(KERNEL_CODEGEN) -no-pie -DSIM_PHYS_BYTES="(1u << 30)" \
		-o $@ $(BENCH_OPS_SRCS)

# The same-boot loader cost (bench/stamp/): an EFI app that stamps the TSC around
# LoadImage of the loader under test, and a small kernel that prints its entry TSC.
STAMP_OUT := $(BENCH_OUT)/stamp
# The app is built by mk/test-apps.mk's rules, for each firmware.
$(STAMP_OUT)/STAMP.EFI: $(TEST_APPS)/ia32/stamp.efi
	@mkdir -p $(@D) && cp $< $@
$(STAMP_OUT)/x64/STAMP.EFI: $(TEST_APPS)/x64/stamp.efi
	@mkdir -p $(@D) && cp $< $@

$(STAMP_OUT)/tsck.elf: bench/stamp/tsck.asm mk/bench.mk
	@mkdir -p $(@D)
	nasm -f elf32 -Werror -o $(STAMP_OUT)/tsck.o $<
	ld -m elf_i386 -z noexecstack --build-id=none -Ttext=0x200000 -e start -o $@ $(STAMP_OUT)/tsck.o

bench: deps
	$(MAKE) esp $(BENCH_OUT)/native $(BENCH_OUT)/native-x86-64 $(BENCH_OUT)/ops \
		$(STAMP_OUT)/STAMP.EFI $(STAMP_OUT)/x64/STAMP.EFI $(STAMP_OUT)/tsck.elf \
		$(NAIVE_OUT)/kernel.elf
	@mkdir -p $(BENCH_OUT)
	printf 'started=%s\ncommit=%s\nload=%s\n' "$$(date -u '+%Y-%m-%d %H:%M UTC')" \
		"$$(git describe --always --dirty 2>/dev/null || echo unknown)" \
		"$$(cut -d' ' -f1-3 /proc/loadavg)" >$(BENCH_OUT)/run.txt
	rm -f $(BENCH_OUT)/native*.txt
	for i in 1 2 3 4 5; do \
		$(BENCH_OUT)/native >$(BENCH_OUT)/native-$$i.txt && \
		$(BENCH_OUT)/native-x86-64 >$(BENCH_OUT)/native-x86-64-$$i.txt || exit 1; \
	done
	rm -f $(BENCH_OUT)/callgrind.out.ops*
	cd $(BENCH_OUT) && valgrind --tool=callgrind --collect-atstart=no \
		--callgrind-out-file=callgrind.out.ops ./ops >ops.txt 2>callgrind.log
	bash bench/timeline.sh
	bash bench/loader_cost.sh
	printf 'load_end=%s\n' "$$(cut -d' ' -f1-3 /proc/loadavg)" >>$(BENCH_OUT)/run.txt
	python3 bench/report.py

# docs/performance.md's figures: build/bench.md of the last `make bench`, pasted whole.
.PHONY: bench-docs
bench-docs:
	python3 bench/report.py --into docs/performance.md >/dev/null
