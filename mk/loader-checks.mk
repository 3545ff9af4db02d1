# loader-checks.mk - unit tests and fuzzers for the loader's pure checks of the kernel image
# (ELF, Multiboot2 header, placement against the EFI memory map).
UNIT_TESTS += elf mb2_header placement image elf_sections
UNIT_elf_sections_SRCS := loader/core/elf_sections.c loader/core/mbi.c loader/core/diag.c
UNIT_image_SRCS := loader/core/image.c loader/core/diag.c
UNIT_elf_SRCS := loader/core/elf.c loader/core/diag.c
UNIT_mb2_header_SRCS := loader/core/mb2_header.c loader/core/diag.c
UNIT_placement_SRCS := loader/core/placement.c loader/core/span.c loader/core/diag.c

FUZZ_TARGETS += elf mb2_header placement
FUZZ_elf_SRCS := loader/core/elf.c loader/core/elf_sections.c loader/core/diag.c
# The header's parser and what it says about loading (image.c): one harness.
FUZZ_mb2_header_SRCS := loader/core/mb2_header.c loader/core/image.c loader/core/diag.c
# placement.c and relocate.c both read the firmware's memory map: one harness for both.
FUZZ_placement_SRCS := loader/core/placement.c loader/core/relocate.c loader/core/span.c \
	loader/core/mb2_header.c loader/core/diag.c
