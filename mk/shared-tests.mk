# shared-tests.mk - host tests of shared/: the EFI memory-type table and the utilities in
# shared/lib/ (every unit test links those: mk/unit.mk). The UART test runs the loader's
# and the kernel's COM1 code against a pretend UART instead of port I/O.
UNIT_TESTS += efi_memtype sort cmdline uart16550 fmt
UNIT_efi_memtype_SRCS :=
UNIT_sort_SRCS :=
UNIT_cmdline_SRCS :=
UNIT_fmt_SRCS :=
UNIT_uart16550_SRCS := loader/efi/com1.c kernel/dev/serial.c tests/unit/fake_uart.c
