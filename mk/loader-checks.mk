# loader-checks.mk - unit tests and fuzzers for the loader's pure checks of the kernel image
# (ELF, Multiboot2 header, placement against the EFI memory map).
UNIT_TESTS += elf mb2_header placement
UNIT_elf_SRCS := loader/elf.c loader/diag.c
UNIT_mb2_header_SRCS := loader/mb2_header.c loader/diag.c
UNIT_placement_SRCS := loader/placement.c loader/diag.c

FUZZ_TARGETS += elf mb2_header
FUZZ_elf_SRCS := loader/elf.c loader/diag.c
FUZZ_mb2_header_SRCS := loader/mb2_header.c loader/diag.c
