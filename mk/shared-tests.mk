# shared-tests.mk - host tests of shared/: the one EFI memory-type table (header only).
UNIT_TESTS += efi_memtype
UNIT_efi_memtype_SRCS :=
