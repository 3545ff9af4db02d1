# loader-relocate.mk - host unit tests for the relocatable-kernel placement and the COM1 mirror's ConOut check.
UNIT_TESTS += relocate serial
UNIT_relocate_SRCS := loader/relocate.c loader/efi_span.c loader/mb2_header.c loader/diag.c
UNIT_serial_SRCS := loader/serial.c
