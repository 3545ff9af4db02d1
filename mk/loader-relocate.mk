# loader-relocate.mk - host unit tests for the relocatable-kernel placement and the COM1 mirror's ConOut check.
UNIT_TESTS += relocate serial
UNIT_relocate_SRCS := loader/core/relocate.c loader/core/span.c loader/core/mb2_header.c loader/core/diag.c
UNIT_serial_SRCS := loader/core/devpath.c
