# tagdump.mk - examples/tagdump: a Multiboot2 kernel that prints every tag it gets (tests/boot/test_grub_diff.sh).
#
#   make tagdump    build/tagdump/tagdump.elf
TD_DIR := examples/tagdump
TD_OUT := $(BUILD)/tagdump
TD_CFLAGS := -std=gnu11 -m32 -march=i686 -O2 -Wall -Wextra -Werror -ffreestanding \
	-fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
	-mgeneral-regs-only -I.

.PHONY: tagdump
tagdump: $(TD_OUT)/tagdump.elf

$(TD_OUT)/entry.o: $(TD_DIR)/entry.asm mk/tagdump.mk
	@mkdir -p $(@D)
	nasm -f elf32 -Werror -o $@ $<

$(TD_OUT)/main.o: $(TD_DIR)/main.c shared/bootinfo.h examples/common/dump_out.h shared/lib/uart16550.h mk/tagdump.mk
	@mkdir -p $(@D)
	gcc $(TD_CFLAGS) -c -o $@ $<

# Not stripped: .symtab and .strtab give tag 9 sections that no segment loads.
$(TD_OUT)/tagdump.elf: $(TD_OUT)/entry.o $(TD_OUT)/main.o $(TD_DIR)/link.ld
	ld -m elf_i386 -nostdlib --build-id=none -z noexecstack -T $(TD_DIR)/link.ld -o $@ \
		$(TD_OUT)/entry.o $(TD_OUT)/main.o
