# loader-efi-file.mk - host unit test of the loader's file reads against a mock firmware
# (ConOut, AllocatePages/FreePages, a volume): gnu-efi's x86_64 headers, the x64
# loader's calling convention.
UNIT_TESTS += efi_file
UNIT_efi_file_SRCS := loader/efi_file.c loader/efi_pages.c loader/efi_console.c loader/serial.c \
	loader/diag.c loader/sha256.c
UNIT_efi_file_CFLAGS := -I/usr/include/efi -I/usr/include/efi/x86_64 -fshort-wchar \
	-DGNU_EFI_USE_MS_ABI
