# naive-kernel.mk - build/bench/naive/kernel.elf for `make bench` (R5, issue 18); read after
# kernel.mk (the includes are sorted), whose object list it reuses.
# The in-guest baseline: the kernel with bench/naive/ linked in place of its memory
# bring-up and self-tests (mm_naive.c: xv6's junk-filled free list and walk-and-allocate
# mapper). Built here only, never into esp/.
NAIVE_OUT := $(BENCH_OUT)/naive
NAIVE_SRCS := bench/naive/mm_naive.c bench/naive/selftest_none.c
NAIVE_OBJS := $(filter-out $(BUILD)/kernel/mm/mm_init.o $(BUILD)/kernel/selftest/%.o, \
	$(KERNEL_OBJS)) $(NAIVE_SRCS:bench/naive/%.c=$(NAIVE_OUT)/%.o) \
	$(KSYMS)/empty.o # no function names in its exception reports: it is never debugged
$(NAIVE_OUT)/%.o: bench/naive/%.c mk/naive-kernel.mk mk/kernel.mk
	@mkdir -p $(@D)
	$(KERNEL_CC) $(KERNEL_CFLAGS) -c -o $@ $<

$(NAIVE_OUT)/kernel.elf: $(NAIVE_OBJS) kernel/kernel.ld mk/kernel.mk
	$(KERNEL_CC) $(KERNEL_LDFLAGS) -o $@ $(NAIVE_OBJS) -lgcc


# `make test` builds the bench's programs too (it never runs them), so an interface
# change in the kernel cannot leave `make bench` broken unnoticed.
test-kernels: $(NAIVE_OUT)/kernel.elf $(STAMP_OUT)/STAMP.EFI $(STAMP_OUT)/x64/STAMP.EFI \
	$(STAMP_OUT)/tsck.elf $(BENCH_OUT)/ops
