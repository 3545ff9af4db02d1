# shared-tests.mk - host tests of shared/: the EFI memory-type table and the utilities in
# shared/lib/ (every unit test links those: mk/unit.mk).
UNIT_TESTS += efi_memtype sort cmdline
UNIT_efi_memtype_SRCS :=
UNIT_sort_SRCS :=
UNIT_cmdline_SRCS :=
