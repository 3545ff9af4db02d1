# loader.mk - builds the UEFI loader esp/EFI/BOOT/BOOTIA32.EFI with gnu-efi for ia32.
#
# ia32 UEFI uses the plain cdecl convention, so gnu-efi needs no call wrapper here
# (uefi_call_wrapper is a direct call). The image is a -fpic ELF shared object that
# crt0-efi-ia32.o relocates at run time; objcopy turns it into a PE32 application.
LOADER_VERSION ?= 0.1
LOADER_BUILD := $(BUILD)/loader-ia32
LOADER_EFI := esp/EFI/BOOT/BOOTIA32.EFI
LOADER_CC := gcc
LOADER_CFLAGS := -m32 -std=gnu11 -Os -fno-stack-protector -fpic -fshort-wchar -mno-red-zone \
	-ffreestanding -fvisibility=hidden -fno-strict-aliasing -Wall -Wextra -Werror \
	-I/usr/include/efi -I/usr/include/efi/ia32 -I. -DLOADER_VERSION='"$(LOADER_VERSION)"'
LOADER_LIBDIR := /usr/lib32
LOADER_LDFLAGS := -m elf_i386 -nostdlib -znocombreloc -T $(LOADER_LIBDIR)/elf_ia32_efi.lds \
	-shared -Bsymbolic
LOADER_LIBGCC := $(shell $(LOADER_CC) -m32 -print-libgcc-file-name)

# Each loader stays under 64 KiB on the stick (issue 15). objcopy --strip-all leaves out
# the COFF symbol table (about 7 KiB the firmware never loads); the recipe refuses an
# image over the limit, so the budget is checked on every build, not remembered.
LOADER_MAX_BYTES := 65536
loader_size_check = @size=$$(stat -c %s $(1)); [ $$size -lt $(LOADER_MAX_BYTES) ] || \
	{ echo "$(1): $$size bytes, over the loader budget of $(LOADER_MAX_BYTES)" >&2; rm -f $(1); exit 1; }

# The folder says what a file touches: loader/core/ is pure (built and tested on the
# host too), loader/efi/ calls the firmware or touches hardware.
LOADER_PURE_SRCS := $(sort $(wildcard loader/core/*.c))
LOADER_EFI_SRCS := loader/main.c $(sort $(wildcard loader/efi/*.c))
LOADER_ASM_SRCS := loader/handoff_ia32.asm
LOADER_OBJS := $(patsubst loader/%.c,$(LOADER_BUILD)/%.o,$(LOADER_PURE_SRCS) $(LOADER_EFI_SRCS)) \
	$(patsubst shared/%.c,$(LOADER_BUILD)/shared/%.o,$(SHARED_LIB_SRCS)) \
	$(patsubst loader/%.asm,$(LOADER_BUILD)/%.o,$(LOADER_ASM_SRCS))

.PHONY: loader
esp: $(LOADER_EFI)
loader: $(LOADER_EFI)

$(LOADER_BUILD)/%.o: loader/%.c $(wildcard loader/*.h loader/*/*.h) $(wildcard shared/*.h shared/lib/*.h) mk/loader.mk
	@mkdir -p $(@D)
	$(LOADER_CC) $(LOADER_CFLAGS) -c -o $@ $<

$(LOADER_BUILD)/shared/%.o: shared/%.c $(wildcard shared/*.h shared/lib/*.h) mk/loader.mk
	@mkdir -p $(@D)
	$(LOADER_CC) $(LOADER_CFLAGS) -c -o $@ $<

$(LOADER_BUILD)/%.o: loader/%.asm loader/handoff_jobs.inc mk/loader.mk
	@mkdir -p $(@D)
	nasm -f elf32 -o $@ $<

$(LOADER_BUILD)/bootia32.so: $(LOADER_OBJS)
	ld $(LOADER_LDFLAGS) $(LOADER_LIBDIR)/crt0-efi-ia32.o $(LOADER_OBJS) -o $@ \
		-L$(LOADER_LIBDIR) -lefi -lgnuefi $(LOADER_LIBGCC)
	@# A text relocation or an undefined symbol would only show at boot: refuse both here.
	@! readelf -d $@ | grep -q TEXTREL || { echo "$@: text relocations" >&2; exit 1; }
	@! nm -u $@ | grep -q . || { echo "$@: undefined symbols:"; nm -u $@; exit 1; } >&2

$(LOADER_EFI): $(LOADER_BUILD)/bootia32.so
	@mkdir -p $(@D)
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela -j .reloc \
		--strip-all --target=efi-app-ia32 $< $@
	$(call loader_size_check,$@)
