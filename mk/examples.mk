# examples.mk - the minikernel example (a second Multiboot2 kernel, linked at 4 MiB) and its ESP.
#
#   make examples    build/examples/minikernel.elf and build/examples/esp/ (our
#                    BOOTIA32.EFI, \minikernel.elf, \hello.txt, boot.cfg)
#   ./run.sh --esp build/examples/esp     boots it
MK_DIR := examples/minikernel
MK_OUT := $(BUILD)/examples
MK_ESP := $(MK_OUT)/esp
MK_CC := gcc
MK_CFLAGS := -std=gnu11 -m32 -march=i686 -O2 -g -Wall -Wextra -Werror -ffreestanding \
	-fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
	-mgeneral-regs-only -I.
MK_LDFLAGS := -m elf_i386 -nostdlib --build-id=none -z noexecstack -T $(MK_DIR)/link.ld

.PHONY: examples
examples: $(MK_OUT)/minikernel.elf $(MK_ESP)/EFI/BOOT/BOOTIA32.EFI $(MK_ESP)/minikernel.elf \
	$(MK_ESP)/hello.txt $(MK_ESP)/boot.cfg

$(MK_OUT)/minikernel/entry.o: $(MK_DIR)/entry.asm
	@mkdir -p $(@D)
	nasm -f elf32 -Werror -o $@ $<

$(MK_OUT)/minikernel/main.o: $(MK_DIR)/main.c shared/bootinfo.h shared/lib/uart16550.h
	@mkdir -p $(@D)
	$(MK_CC) $(MK_CFLAGS) -c -o $@ $<

$(MK_OUT)/minikernel.elf: $(MK_OUT)/minikernel/entry.o $(MK_OUT)/minikernel/main.o $(MK_DIR)/link.ld
	ld $(MK_LDFLAGS) -o $@ $(MK_OUT)/minikernel/entry.o $(MK_OUT)/minikernel/main.o

# The ESP reuses the loader that `make esp` builds: the point is that it boots this
# kernel unchanged.
$(MK_ESP)/EFI/BOOT/BOOTIA32.EFI: esp/EFI/BOOT/BOOTIA32.EFI
	@mkdir -p $(@D)
	cp $< $@

$(MK_ESP)/minikernel.elf: $(MK_OUT)/minikernel.elf
	@mkdir -p $(@D)
	cp $< $@

$(MK_ESP)/%: $(MK_DIR)/%
	@mkdir -p $(@D)
	cp $< $@
