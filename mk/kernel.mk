# kernel.mk - builds esp/kernel.elf: the i386 kernel (C + NASM), linked at 1 MiB by kernel/kernel.ld.
KERNEL_CC := gcc
KERNEL_AS := nasm
# -mgeneral-regs-only (with -mno-sse/-mno-mmx/-mno-80387 for older compilers): no
#   code may touch FPU/SSE state, which the kernel never initialises or saves.
# -fno-tree-loop-distribute-patterns: GCC would otherwise turn the loops in
#   memset/memcpy into calls to memset/memcpy (themselves).
# -fno-asynchronous-unwind-tables: no .eh_frame (nothing unwinds).
# How the kernel's C becomes code (position-dependent, frame pointers kept for
# backtraces); mk/bench.mk builds its i386 operation counts with the same.
KERNEL_CODEGEN := -fno-pic -fno-stack-protector -fno-tree-loop-distribute-patterns \
	-fno-omit-frame-pointer -O2
KERNEL_CFLAGS := -m32 -std=gnu11 -ffreestanding $(KERNEL_CODEGEN) \
	-mno-sse -mno-mmx -mno-80387 -mgeneral-regs-only \
	-fno-asynchronous-unwind-tables -g -Wall -Wextra -Werror -I. -MMD -MP
KERNEL_ASFLAGS := -f elf32 -g -F dwarf -Werror
KERNEL_LDFLAGS := -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
	-T kernel/kernel.ld

KERNEL_C_SRCS := $(sort $(wildcard kernel/*.c kernel/arch/*.c kernel/dev/*.c kernel/lib/*.c kernel/report/*.c \
	kernel/boot/*.c kernel/mm/*.c kernel/selftest/*.c))
KERNEL_ASM_SRCS := $(sort $(wildcard kernel/*.asm kernel/arch/*.asm))
KERNEL_OBJS := $(KERNEL_C_SRCS:%.c=$(BUILD)/%.o) $(KERNEL_ASM_SRCS:%.asm=$(BUILD)/%.asm.o) \
	$(SHARED_LIB_SRCS:shared/%.c=$(BUILD)/kernel/shared/%.o)

# The screen console's fonts (kernel/dev/fb.c, chosen by kernel/dev/font_pick.c),
# embedded into .rodata: Debian console-setup's Terminus 10x18 and 16x32, PSF2 files.
# objcopy names the symbols after the file: _binary_console_psf_start/_end and
# _binary_console32_psf_start/_end. The screen test renders with the same files.
KERNEL_FONT_SRC := /usr/share/consolefonts/Lat15-Terminus18x10.psf.gz
KERNEL_FONT := $(BUILD)/font/console.psf
KERNEL_FONT32_SRC := /usr/share/consolefonts/Lat15-Terminus32x16.psf.gz
KERNEL_FONT32 := $(BUILD)/font/console32.psf
KERNEL_OBJS += $(BUILD)/font/console-i386.o $(BUILD)/font/console32-i386.o

.PHONY: kernel check-mb2-header
esp: esp/kernel.elf
kernel: esp/kernel.elf

# Linked twice, for the exception report's function names (kernel/lib/ksyms.h): first
# with an empty symbol table, then with the table tools/ksyms.py writes from that
# image. The table is read-only data placed after all text, so the text cannot move;
# the second link is refused if any text symbol's address differs from the first's.
KSYMS := $(BUILD)/kernel/ksyms
$(KSYMS)/empty.c: tools/ksyms.py
	@mkdir -p $(@D)
	python3 tools/ksyms.py --empty $@

$(KSYMS)/%.o: $(KSYMS)/%.c kernel/lib/ksyms.h mk/kernel.mk
	$(KERNEL_CC) $(KERNEL_CFLAGS) -c -o $@ $<

$(KSYMS)/pass1.elf: $(KERNEL_OBJS) $(KSYMS)/empty.o kernel/kernel.ld mk/kernel.mk
	$(KERNEL_CC) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(KSYMS)/empty.o -lgcc

$(KSYMS)/table.c: $(KSYMS)/pass1.elf tools/ksyms.py
	python3 tools/ksyms.py $< $@

esp/kernel.elf: $(KERNEL_OBJS) $(KSYMS)/table.o kernel/kernel.ld mk/kernel.mk
	@mkdir -p $(@D)
	$(KERNEL_CC) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(KSYMS)/table.o -lgcc
	@nm -n $(KSYMS)/pass1.elf | awk '$$2 ~ /^[tT]$$/' >$(KSYMS)/pass1.syms
	@nm -n $@ | awk '$$2 ~ /^[tT]$$/' >$(KSYMS)/pass2.syms
	@cmp -s $(KSYMS)/pass1.syms $(KSYMS)/pass2.syms || { rm -f $@; \
		echo "kernel.mk: the symbol table moved the kernel's text (diff $(KSYMS)/pass1.syms $(KSYMS)/pass2.syms)" >&2; exit 1; }

$(KERNEL_FONT): $(wildcard $(KERNEL_FONT_SRC)) mk/kernel.mk
	@test -r $(KERNEL_FONT_SRC) || { echo "kernel.mk: console font $(KERNEL_FONT_SRC) is missing: install the Debian package console-setup-linux (make deps)" >&2; exit 1; }
	@mkdir -p $(@D)
	gunzip -c $(KERNEL_FONT_SRC) >$@.tmp && mv $@.tmp $@

$(KERNEL_FONT32): $(wildcard $(KERNEL_FONT32_SRC)) mk/kernel.mk
	@test -r $(KERNEL_FONT32_SRC) || { echo "kernel.mk: console font $(KERNEL_FONT32_SRC) is missing: install the Debian package console-setup-linux (make deps)" >&2; exit 1; }
	@mkdir -p $(@D)
	gunzip -c $(KERNEL_FONT32_SRC) >$@.tmp && mv $@.tmp $@

$(BUILD)/font/console-i386.o: $(KERNEL_FONT)
	cd $(@D) && objcopy -I binary -O elf32-i386 -B i386 \
		--rename-section .data=.rodata.font,alloc,load,readonly,data,contents console.psf $(@F)

$(BUILD)/font/console32-i386.o: $(KERNEL_FONT32)
	cd $(@D) && objcopy -I binary -O elf32-i386 -B i386 \
		--rename-section .data=.rodata.font,alloc,load,readonly,data,contents console32.psf $(@F)

$(BUILD)/kernel/%.o: kernel/%.c mk/kernel.mk
	@mkdir -p $(@D)
	$(KERNEL_CC) $(KERNEL_CFLAGS) -c -o $@ $<

$(BUILD)/kernel/shared/%.o: shared/%.c mk/kernel.mk
	@mkdir -p $(@D)
	$(KERNEL_CC) $(KERNEL_CFLAGS) -c -o $@ $<

$(BUILD)/kernel/%.asm.o: kernel/%.asm mk/kernel.mk
	@mkdir -p $(@D)
	$(KERNEL_AS) $(KERNEL_ASFLAGS) -o $@ $<

# GRUB's own check that the image carries a valid Multiboot2 header where a
# loader looks for it (first 32 KiB of the file).
check-mb2-header: esp/kernel.elf
	grub-file --is-x86-multiboot2 esp/kernel.elf

-include $(KERNEL_OBJS:.o=.d)

# Host unit tests for the kernel base's pure logic (formatter, boot information checks).
UNIT_TESTS += kprintf kbootinfo backtrace ksyms
UNIT_backtrace_SRCS := kernel/arch/backtrace.c
UNIT_ksyms_SRCS := kernel/lib/ksyms.c tests/unit/host_kprintf.c
UNIT_kprintf_SRCS := kernel/lib/kprintf.c kernel/dev/console.c
UNIT_kbootinfo_SRCS := kernel/boot/bootinfo.c kernel/boot/fb_decide.c kernel/dev/fb_render.c \
	kernel/dev/psf.c kernel/lib/kprintf.c kernel/dev/console.c

FUZZ_TARGETS += kbootinfo
FUZZ_kbootinfo_SRCS := kernel/boot/bootinfo.c kernel/boot/fb_decide.c kernel/dev/fb_render.c \
	kernel/dev/psf.c kernel/lib/kprintf.c kernel/dev/console.c
