# mb1.mk - the Multiboot 1 examples (issue 14) and their ESPs, booted by tests/boot/test_mb1.sh.
#
#   make mb1    build/mb1/mb1dump.elf (ELF, flags 0, 1, 2), build/mb1/mb1dump.bin (a flat
#               binary, flags 0, 1, 16), the twenty-line examples/tiny1 kernel, and an ESP
#               for each (both loaders, boot.cfg with one module)
M1_DIR := examples/mb1dump
M1_OUT := $(BUILD)/mb1
M1_CFLAGS := -std=gnu11 -m32 -march=i686 -O2 -Wall -Wextra -Werror -ffreestanding \
	-fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
	-mgeneral-regs-only -I.
# One RWX segment on purpose: the flat build loads the file as one range.
M1_LD := ld -m elf_i386 -nostdlib --build-id=none -z noexecstack --no-warn-rwx-segments \
	-T $(M1_DIR)/link.ld
M1_ESPS := $(M1_OUT)/esp-elf $(M1_OUT)/esp-flat $(M1_OUT)/tiny1/esp
M1_LOADERS := $(foreach e,$(M1_ESPS),$(e)/EFI/BOOT/BOOTIA32.EFI $(e)/EFI/BOOT/BOOTX64.EFI)

.PHONY: mb1
mb1: $(M1_LOADERS) $(M1_OUT)/esp-elf/mb1dump.elf $(M1_OUT)/esp-flat/mb1dump.bin \
	$(M1_OUT)/esp-elf/boot.cfg $(M1_OUT)/esp-flat/boot.cfg \
	$(M1_OUT)/esp-elf/hello.txt $(M1_OUT)/esp-flat/hello.txt $(M1_OUT)/tiny1/esp/kernel.elf
test-kernels: mb1

$(M1_OUT)/%.o: $(M1_DIR)/%.asm mk/mb1.mk
	@mkdir -p $(@D)
	nasm -f elf32 -Werror -o $@ $<

$(M1_OUT)/main.o: $(M1_DIR)/main.c shared/multiboot1.h examples/common/dump_out.h shared/lib/uart16550.h mk/mb1.mk
	@mkdir -p $(@D)
	gcc $(M1_CFLAGS) -c -o $@ $<

# Not stripped: .symtab and .strtab are sections no segment loads (flags bit 5).
$(M1_OUT)/mb1dump.elf: $(M1_OUT)/header_elf.o $(M1_OUT)/entry.o $(M1_OUT)/main.o $(M1_DIR)/link.ld
	$(M1_LD) -o $@ $(filter %.o,$^)

$(M1_OUT)/mb1dump-flat.elf: $(M1_OUT)/header_flat.o $(M1_OUT)/entry.o $(M1_OUT)/main.o \
	$(M1_DIR)/link.ld
	$(M1_LD) -o $@ $(filter %.o,$^)

$(M1_OUT)/mb1dump.bin: $(M1_OUT)/mb1dump-flat.elf
	objcopy -O binary $< $@

# The twenty-line kernel of docs/bootinfo.md, built with the very command its header
# gives; any output from nasm or ld (a warning) fails the build.
$(M1_OUT)/tiny1/esp/kernel.elf: examples/tiny1/kernel.asm
	@mkdir -p $(@D)
	cd $(M1_OUT)/tiny1 && nasm -f elf32 $(CURDIR)/$< -o kernel.o >build.log 2>&1 && \
		ld -m elf_i386 -z noexecstack -Ttext=0x200000 -e start -o esp/kernel.elf kernel.o \
		>>build.log 2>&1 && ! grep -q . build.log || { cat build.log; rm -f esp/kernel.elf; exit 1; }

$(M1_OUT)/%/EFI/BOOT/BOOTIA32.EFI: esp/EFI/BOOT/BOOTIA32.EFI
	@mkdir -p $(@D)
	cp $< $@

$(M1_OUT)/%/EFI/BOOT/BOOTX64.EFI: esp/EFI/BOOT/BOOTX64.EFI
	@mkdir -p $(@D)
	cp $< $@

$(M1_OUT)/esp-elf/mb1dump.elf: $(M1_OUT)/mb1dump.elf
	@mkdir -p $(@D)
	cp $< $@

$(M1_OUT)/esp-flat/mb1dump.bin: $(M1_OUT)/mb1dump.bin
	@mkdir -p $(@D)
	cp $< $@

$(M1_OUT)/esp-%/hello.txt: examples/minikernel/hello.txt
	@mkdir -p $(@D)
	cp $< $@

$(M1_OUT)/esp-%/boot.cfg: mk/mb1.mk
	@mkdir -p $(@D)
	printf 'kernel = \\mb1dump.%s\nmodule = \\hello.txt hello module\ncmdline = mb1dump\n' \
		$(if $(filter elf,$*),elf,bin) >$@
