# loader-x64.mk - builds the same loader sources for x86_64 gnu-efi: esp/EFI/BOOT/BOOTX64.EFI.
#
# The source list is loader.mk's (this file is read first, so every use of it is
# deferred: `=` variables and $$ prerequisites under .SECONDEXPANSION). Only the
# handoff differs: handoff_x64.asm instead of handoff_ia32.asm (loader/arch.h).
#
# Calling convention: UEFI x64 is the Microsoft ABI. GNU_EFI_USE_MS_ABI makes gnu-efi's
# EFIAPI __attribute__((ms_abi)), so `bs->AllocatePages(...)` is a direct call as on
# ia32. efi_main itself stays a plain SysV function: crt0-efi-x86_64.o receives the
# firmware's ms_abi call and calls efi_main the SysV way. -mno-red-zone because
# firmware interrupts run on our stack; no SSE/MMX so no code touches state the
# firmware may not have enabled.
LOADER_X64_BUILD := $(BUILD)/loader-x64
LOADER_X64_EFI := esp/EFI/BOOT/BOOTX64.EFI
LOADER_X64_LIBDIR := /usr/lib
LOADER_X64_CFLAGS = -m64 -std=gnu11 -Os -fno-stack-protector -fpic -fshort-wchar -mno-red-zone \
	-maccumulate-outgoing-args -mno-sse -mno-mmx -DGNU_EFI_USE_MS_ABI \
	-ffreestanding -fvisibility=hidden -fno-strict-aliasing -Wall -Wextra -Werror \
	-I/usr/include/efi -I/usr/include/efi/x86_64 -I. -DLOADER_VERSION='"$(LOADER_VERSION)"'
LOADER_X64_LDFLAGS := -m elf_x86_64 -nostdlib -znocombreloc -T $(LOADER_X64_LIBDIR)/elf_x86_64_efi.lds \
	-shared -Bsymbolic
LOADER_X64_OBJS = $(patsubst loader/%.c,$(LOADER_X64_BUILD)/%.o,$(LOADER_PURE_SRCS) $(LOADER_EFI_SRCS)) \
	$(patsubst shared/%.c,$(LOADER_X64_BUILD)/shared/%.o,$(SHARED_LIB_SRCS)) \
	$(LOADER_X64_BUILD)/handoff_x64.o $(LOADER_X64_BUILD)/sbat.o

.PHONY: loader-x64
esp: $(LOADER_X64_EFI)
loader-x64: $(LOADER_X64_EFI)

$(LOADER_X64_BUILD)/%.o: loader/%.c $(wildcard loader/*.h loader/*/*.h) $(wildcard shared/*.h shared/lib/*.h) mk/loader-x64.mk
	@mkdir -p $(@D)
	$(LOADER_CC) $(LOADER_X64_CFLAGS) -c -o $@ $<

$(LOADER_X64_BUILD)/shared/%.o: shared/%.c $(wildcard shared/*.h shared/lib/*.h) mk/loader-x64.mk
	@mkdir -p $(@D)
	$(LOADER_CC) $(LOADER_X64_CFLAGS) -c -o $@ $<

$(LOADER_X64_BUILD)/%.o: loader/%.asm loader/handoff_jobs.inc mk/loader-x64.mk
	@mkdir -p $(@D)
	nasm -f elf64 -DLOADER_VERSION_STR='"$(LOADER_VERSION)"' -o $@ $<

$(LOADER_X64_BUILD)/bootx64.so: $$(LOADER_X64_OBJS)
	ld $(LOADER_X64_LDFLAGS) $(LOADER_X64_LIBDIR)/crt0-efi-x86_64.o $(LOADER_X64_OBJS) -o $@ \
		-L$(LOADER_X64_LIBDIR) -lefi -lgnuefi
	@# A text relocation or an undefined symbol would only show at boot: refuse both here.
	@! readelf -d $@ | grep -q TEXTREL || { echo "$@: text relocations" >&2; exit 1; }
	@! nm -u $@ | grep -q . || { echo "$@: undefined symbols:"; nm -u $@; exit 1; } >&2

$(LOADER_X64_EFI): $(LOADER_X64_BUILD)/bootx64.so
	@mkdir -p $(@D)
	objcopy -j .text -j .sdata -j .data -j .sbat -j .dynamic -j .dynsym -j .rel -j .rela -j .reloc \
		--strip-all --target=efi-app-x86_64 $< $@
	$(call loader_size_check,$@)
