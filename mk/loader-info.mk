# loader-info.mk - host tests and fuzzers for the loader's memory map, boot information (both protocols) and boot.cfg.
UNIT_TESTS += mmap mbi config config_entries utf8 mb1_info
UNIT_utf8_SRCS := loader/core/utf8.c
UNIT_mmap_SRCS := loader/core/mmap.c loader/core/diag.c
UNIT_mbi_SRCS := loader/core/mbi.c loader/core/diag.c
UNIT_mb1_info_SRCS := loader/core/mb1_info.c loader/core/diag.c
UNIT_config_SRCS := loader/core/config.c loader/core/config_entries.c loader/core/utf8.c loader/core/diag.c
UNIT_config_entries_SRCS := $(UNIT_config_SRCS)

FUZZ_TARGETS += mmap bootinfo config mb1_info
FUZZ_mmap_SRCS := loader/core/mmap.c loader/core/diag.c
FUZZ_bootinfo_SRCS := loader/core/mbi.c loader/core/diag.c
FUZZ_config_SRCS := loader/core/config.c loader/core/config_entries.c loader/core/utf8.c loader/core/diag.c

# The Multiboot 1 structure from a fuzzed EFI map (the sanitizer it shares with tag 6).
FUZZ_mb1_info_SRCS := loader/core/mb1_info.c loader/core/mmap.c loader/core/diag.c

# The boot menu's pure parts (loader/core/menu.c, line_edit.c).
UNIT_TESTS += menu line_edit
UNIT_line_edit_SRCS := loader/core/line_edit.c
UNIT_menu_SRCS := loader/core/menu.c loader/core/line_edit.c $(UNIT_config_SRCS)
