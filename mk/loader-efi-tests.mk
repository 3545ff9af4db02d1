# loader-efi-tests.mk - host unit tests of the loader's firmware-facing code (file reads,
# the memory map and ExitBootServices, GOP) against a pretend firmware
# (tests/unit/mock_efi.c) and a pretend COM1 (tests/unit/fake_com1.c). Built with
# gnu-efi's x86_64 headers and the x64 loader's calling convention (ms_abi EFIAPI).
MOCK_EFI_SRCS := tests/unit/mock_efi.c tests/unit/fake_com1.c loader/efi/console.c \
	loader/efi/pages.c loader/core/devpath.c loader/core/diag.c
MOCK_EFI_CFLAGS := -I/usr/include/efi -I/usr/include/efi/x86_64 -fshort-wchar -DGNU_EFI_USE_MS_ABI

UNIT_TESTS += efi_file efi_memmap efi_gop efi_console
UNIT_efi_file_SRCS := loader/efi/file.c loader/core/sha256.c loader/core/utf8.c $(MOCK_EFI_SRCS)
UNIT_efi_file_CFLAGS := $(MOCK_EFI_CFLAGS)
UNIT_efi_memmap_SRCS := loader/efi/memmap.c $(MOCK_EFI_SRCS)
UNIT_efi_memmap_CFLAGS := $(MOCK_EFI_CFLAGS)
UNIT_efi_gop_SRCS := loader/efi/gop.c loader/core/gop_mode.c $(MOCK_EFI_SRCS)
UNIT_efi_gop_CFLAGS := $(MOCK_EFI_CFLAGS)
UNIT_efi_console_SRCS := $(MOCK_EFI_SRCS)
UNIT_efi_console_CFLAGS := $(MOCK_EFI_CFLAGS)
