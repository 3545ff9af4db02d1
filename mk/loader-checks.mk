# loader-checks.mk - unit tests and fuzzers for the loader's pure checks of the kernel image
# (ELF, Multiboot2 header, placement against the EFI memory map).
UNIT_TESTS += elf mb2_header placement
UNIT_elf_SRCS := loader/elf.c loader/diag.c
UNIT_mb2_header_SRCS := loader/mb2_header.c loader/diag.c
UNIT_placement_SRCS := loader/placement.c loader/efi_span.c loader/diag.c

FUZZ_TARGETS += elf mb2_header placement
FUZZ_elf_SRCS := loader/elf.c loader/diag.c
FUZZ_mb2_header_SRCS := loader/mb2_header.c loader/diag.c
# placement.c and relocate.c both read the firmware's memory map: one harness for both.
FUZZ_placement_SRCS := loader/placement.c loader/relocate.c loader/efi_span.c \
	loader/mb2_header.c loader/diag.c
