# compat-kernels.mk - the GRUB-compatibility boot cases of tests/boot/test_mb2_compat.sh (issue 13).
#
# Built by `make test-kernels` (mk/test-kernels.mk lists them). Outputs, under build/mb2compat/:
#   compat_kernel.elf   tests/boot/compat_kernel.c linked at 2 MiB (compat_kernel.ld)
#   RUN/                one ESP per run: our BOOTIA32.EFI (BOOTX64.EFI for RUN = CASE-x64),
#                       and what tests/boot/make_compat_kernels.py writes for
#                       CASE (kernel.elf, boot.cfg, modules, `expect`: what the serial log
#                       must show, refusal lines filled from tests/boot/refusals.tsv)
#   RUN.mode            "test" or "plain" (boot without run.sh --test)
# The runs are `make_compat_kernels.py --runs`: every case, and the x64 ones again.
COMPAT := $(BUILD)/mb2compat
COMPAT_KELF := $(COMPAT)/compat_kernel.elf
COMPAT_GEN := tests/boot/make_compat_kernels.py tests/boot/refusals.py tests/boot/refusals.tsv
COMPAT_RUNS = $(shell python3 tests/boot/make_compat_kernels.py --runs)
COMPAT_MODES = $(COMPAT_RUNS:%=$(COMPAT)/%.mode)

COMPAT_CFLAGS := -m32 -march=i686 -std=gnu11 -O2 -fno-pie -ffreestanding -fno-stack-protector \
	-fno-asynchronous-unwind-tables -mgeneral-regs-only -Wall -Wextra -Werror -I.
COMPAT_LDFLAGS := -m elf_i386 -nostdlib -static --build-id=none -z noexecstack \
	--no-warn-rwx-segments -T tests/boot/compat_kernel.ld

$(COMPAT)/compat_kernel.o: tests/boot/compat_kernel.c shared/bootinfo.h shared/lib/uart16550.h \
		mk/compat-kernels.mk
	@mkdir -p $(@D)
	gcc $(COMPAT_CFLAGS) -c -o $@ $<

$(COMPAT_KELF): $(COMPAT)/compat_kernel.o tests/boot/compat_kernel.ld
	ld $(COMPAT_LDFLAGS) -o $@ $<

# compat_esp RUN CASE LOADER: the run's ESP folder, then its mode in RUN.mode.
define compat_esp
	rm -rf $(COMPAT)/$(1)
	@mkdir -p $(COMPAT)/$(1)/EFI/BOOT
	cp $(3) $(COMPAT)/$(1)/EFI/BOOT/
	python3 tests/boot/make_compat_kernels.py $(2) $(COMPAT_KELF) $(COMPAT)/$(1) >$(COMPAT)/$(1).mode.tmp
	mv $(COMPAT)/$(1).mode.tmp $(COMPAT)/$(1).mode
endef

# The shortest stem wins: CASE-x64.mode takes this rule, CASE.mode the next.
$(COMPAT)/%-x64.mode: $(COMPAT_KELF) esp/EFI/BOOT/BOOTX64.EFI $(COMPAT_GEN) mk/compat-kernels.mk
	$(call compat_esp,$*-x64,$*,esp/EFI/BOOT/BOOTX64.EFI)

$(COMPAT)/%.mode: $(COMPAT_KELF) esp/EFI/BOOT/BOOTIA32.EFI $(COMPAT_GEN) mk/compat-kernels.mk
	$(call compat_esp,$*,$*,esp/EFI/BOOT/BOOTIA32.EFI)
