# shapes.mk - Multiboot2 header shapes GRUB boots (tests/boot/shapes/*.asm), booted through GRUB and ours by test_grub_diff.sh.
#
#   make shapes    build/shapes/{hl46,end6,hlbad,higherhalf}.elf and build/shapes/aout.bin
SHAPES_DIR := tests/boot/shapes
SHAPES_OUT := $(BUILD)/shapes
SHAPES_ELF := hl46 end6 hlbad
SHAPES := $(SHAPES_ELF:%=$(SHAPES_OUT)/%.elf) $(SHAPES_OUT)/higherhalf.elf $(SHAPES_OUT)/aout.bin

.PHONY: shapes
shapes: $(SHAPES)

$(SHAPES_OUT)/%.o: $(SHAPES_DIR)/%.asm $(SHAPES_DIR)/shape.inc
	@mkdir -p $(@D)
	nasm -f elf32 -Werror -i $(SHAPES_DIR)/ -o $@ $<

$(SHAPES_ELF:%=$(SHAPES_OUT)/%.elf): $(SHAPES_OUT)/%.elf: $(SHAPES_OUT)/%.o
	ld -m elf_i386 -nostdlib --build-id=none -z noexecstack -z noseparate-code -Ttext=0x200000 -e start -o $@ $<

$(SHAPES_OUT)/higherhalf.elf: $(SHAPES_OUT)/higherhalf.o $(SHAPES_DIR)/higherhalf.ld
	ld -m elf_i386 -nostdlib --build-id=none -z noexecstack -T $(SHAPES_DIR)/higherhalf.ld -o $@ $<

$(SHAPES_OUT)/aout.bin: $(SHAPES_DIR)/aout.asm $(SHAPES_DIR)/shape.inc
	@mkdir -p $(@D)
	nasm -f bin -Werror -i $(SHAPES_DIR)/ -o $@ $<
