# loader-checks.mk - unit tests and fuzzers for the loader's pure checks of the kernel image
# (ELF, Multiboot2 and Multiboot 1 headers, the protocol choice, placement against the EFI memory map).
UNIT_TESTS += elf mb2_header placement image elf_sections mb1_header protocol
UNIT_elf_sections_SRCS := loader/core/elf_sections.c loader/core/mbi.c loader/core/diag.c
UNIT_image_SRCS := loader/core/image.c loader/core/diag.c
UNIT_elf_SRCS := loader/core/elf.c loader/core/diag.c
UNIT_mb2_header_SRCS := loader/core/mb2_header.c loader/core/diag.c
UNIT_mb1_header_SRCS := loader/core/mb1_header.c loader/core/image.c loader/core/diag.c
UNIT_protocol_SRCS := loader/core/protocol.c loader/core/mb1_header.c loader/core/mb2_header.c \
	loader/core/image.c loader/core/diag.c
UNIT_placement_SRCS := loader/core/placement.c loader/core/span.c loader/core/diag.c

FUZZ_TARGETS += elf mb2_header placement mb1_header
FUZZ_elf_SRCS := loader/core/elf.c loader/core/elf_sections.c loader/core/diag.c
# The header's parser and what it says about loading (image.c): one harness.
FUZZ_mb2_header_SRCS := loader/core/mb2_header.c loader/core/image.c loader/core/diag.c
# Multiboot 1: its header, its flat load, and the choice between the two protocols.
FUZZ_mb1_header_SRCS := loader/core/mb1_header.c loader/core/protocol.c \
	loader/core/mb2_header.c loader/core/image.c loader/core/diag.c
# placement.c and relocate.c both read the firmware's memory map: one harness for both.
FUZZ_placement_SRCS := loader/core/placement.c loader/core/relocate.c loader/core/span.c \
	loader/core/mb2_header.c loader/core/diag.c
