# test-kernels.mk - every kernel and EFI image the QEMU boot tests boot, built here, not in the scripts.
#
#   make test-kernels    all of them, and the screen test's host tool (`make test` builds
#                        them before tests/run_tests.sh)
#   make refusal-docs    rewrites the refusal matrix in docs/bootinfo.md from tests/boot/refusals.tsv
#
# Outputs, all under build/: test-kernels/reloc_kernel.elf (the relocatable test kernel),
# test-kernels/bad-magic/esp, test-kernels/tiny/esp, test-kernels/minikernel-x64/esp,
# test-kernels/minikernel-at-BASE/esp (the minikernel relinked at BASE), grub/NAME/esp
# (GRUB booting esp/kernel.elf or the minikernel), refusals/CASE/ (one ESP per refusal
# case, with CASE.expect, the line the loader must print); from mk/compat-kernels.mk,
# mb2compat/ (the compatibility kernel and one ESP per GRUB-compatibility case); and, from
# mk/grub-diff.mk, grubdiff/ and grubdiff-mb1/ (each case of test_grub_diff.sh and
# test_grub_diff_mb1.sh through GRUB and through ours).
TK := $(BUILD)/test-kernels
TK_LOADER := esp/EFI/BOOT/BOOTIA32.EFI
TK_LOADER_X64 := esp/EFI/BOOT/BOOTX64.EFI

# The relocatable test kernel: position-independent C, linked at 0xFEC00000.
TK_RELOC := $(TK)/reloc_kernel.elf
TK_RELOC_CFLAGS := -m32 -march=i686 -std=gnu11 -O2 -fpie -fvisibility=hidden -ffreestanding \
	-fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only \
	-Wall -Wextra -Werror -I.
TK_RELOC_LDFLAGS := -m elf_i386 -nostdlib -static --build-id=none -z noexecstack \
	--no-warn-rwx-segments -T tests/boot/reloc_kernel.ld

$(TK)/reloc_kernel.o: tests/boot/reloc_kernel.c shared/bootinfo.h shared/lib/uart16550.h \
		mk/test-kernels.mk
	@mkdir -p $(@D)
	gcc $(TK_RELOC_CFLAGS) -c -o $@ $<

$(TK_RELOC): $(TK)/reloc_kernel.o tests/boot/reloc_kernel.ld
	ld $(TK_RELOC_LDFLAGS) -o $@ $<

# The minikernel's ESP (examples.mk), as files, so that nothing here rebuilds needlessly.
TK_MK_FILES := $(MK_ESP)/EFI/BOOT/BOOTIA32.EFI $(MK_ESP)/minikernel.elf $(MK_ESP)/hello.txt \
	$(MK_ESP)/boot.cfg
TK_MK_OBJS := $(MK_OUT)/minikernel/entry.o $(MK_OUT)/minikernel/main.o

# Our loader in a test ESP.
$(TK)/%/esp/EFI/BOOT/BOOTIA32.EFI: $(TK_LOADER)
	@mkdir -p $(@D)
	cp $< $@

# Our kernel entered with a wrong magic in EAX (test_bad_magic.sh).
$(TK)/bad-magic/esp/kernel.elf: esp/kernel.elf tests/boot/make_bad_magic.py
	@mkdir -p $(@D)
	python3 tests/boot/make_bad_magic.py $< $@

# The twenty-line kernel of docs/bootinfo.md, built with the very command its header
# gives; any output from nasm or ld (a warning) fails the build.
$(TK)/tiny/esp/kernel.elf: examples/tiny/kernel.asm
	@mkdir -p $(@D)
	cd $(TK)/tiny && nasm -f elf32 $(CURDIR)/$< -o kernel.o >build.log 2>&1 && \
		ld -m elf_i386 -z noexecstack -Ttext=0x200000 -e start -o esp/kernel.elf kernel.o \
		>>build.log 2>&1 && ! grep -q . build.log || { cat build.log; rm -f esp/kernel.elf; exit 1; }

# The minikernel example relinked at another base (test_minikernel.sh, test_x64_matrix.sh):
# where OVMF still has boot-services data, so the loader must stage its segments.
$(TK)/minikernel-at-%/minikernel.ld: examples/minikernel/link.ld
	@mkdir -p $(@D)
	sed "s/^MINIKERNEL_BASE = 0x400000;/MINIKERNEL_BASE = $*;/" $< >$@
	grep -q "^MINIKERNEL_BASE = $*;" $@ || { rm -f $@; exit 1; }

$(TK)/minikernel-at-%/esp/minikernel.elf: $(TK)/minikernel-at-%/minikernel.ld $(TK_MK_FILES) \
		$(TK_MK_OBJS) $(TK_LOADER_X64)
	@mkdir -p $(@D)
	cp -r $(MK_ESP)/. $(@D)/
	ld -m elf_i386 -nostdlib --build-id=none -z noexecstack -T $< -o $@ $(TK_MK_OBJS)
	cp $(TK_LOADER_X64) $(@D)/EFI/BOOT/

# The minikernel's ESP with the x64 loader beside the ia32 one.
$(TK)/minikernel-x64/esp/EFI/BOOT/BOOTX64.EFI: $(TK_LOADER_X64) $(TK_MK_FILES)
	@mkdir -p $(@D)
	cp -r $(MK_ESP)/. $(TK)/minikernel-x64/esp/
	cp $< $@

# GRUB, the reference Multiboot2 loader: standalone i386-efi images booting a copy of
# esp/kernel.elf (or GRUB_KERNEL), the kernel command line in the embedded config:
# grub/interop ("test") and grub/crash-KIND ("test crash=KIND", one per kind in
# tests/boot/exceptions.tsv).
GRUB_KERNEL ?= esp/kernel.elf
CRASH_KINDS = $(shell awk -F'\t' '!/^\#/ && $$1 != "kind" && !seen[$$1]++ { print $$1 }' tests/boot/exceptions.tsv)
GRUB_IMAGES = interop $(CRASH_KINDS:%=crash-%)
GRUB_EFIS = $(GRUB_IMAGES:%=$(BUILD)/grub/%/esp/EFI/BOOT/BOOTIA32.EFI)
GRUB_MODULES := part_msdos part_gpt fat search search_fs_file multiboot2 boot normal

# grub_standalone NAME CMDLINE
define grub_standalone
	rm -rf $(BUILD)/grub/$(1)
	@mkdir -p $(BUILD)/grub/$(1)/esp/EFI/BOOT
	cp $(GRUB_KERNEL) $(BUILD)/grub/$(1)/esp/kernel.elf
	printf 'search --no-floppy --file --set=root /kernel.elf\nmultiboot2 /kernel.elf %s\nboot\n' \
		"$(2)" >$(BUILD)/grub/$(1)/grub.cfg
	grub-mkstandalone -O i386-efi -o $(BUILD)/grub/$(1)/esp/EFI/BOOT/BOOTIA32.EFI \
		--install-modules="$(GRUB_MODULES) configfile memdisk tar" \
		--modules="part_msdos part_gpt fat" --locales= --fonts= --themes= \
		"boot/grub/grub.cfg=$(BUILD)/grub/$(1)/grub.cfg"
endef

$(BUILD)/grub/interop/esp/EFI/BOOT/BOOTIA32.EFI: $(GRUB_KERNEL) mk/test-kernels.mk
	$(call grub_standalone,interop,test)

$(BUILD)/grub/crash-%/esp/EFI/BOOT/BOOTIA32.EFI: $(GRUB_KERNEL) mk/test-kernels.mk
	$(call grub_standalone,crash-$*,test crash=$*)

# The minikernel under GRUB (multiboot2 + module2), the reference for test_minikernel.sh.
$(BUILD)/grub/minikernel/esp/EFI/BOOT/BOOTIA32.EFI: $(TK_MK_FILES) mk/test-kernels.mk
	rm -rf $(BUILD)/grub/minikernel
	@mkdir -p $(@D)
	cp $(MK_ESP)/minikernel.elf $(MK_ESP)/hello.txt $(BUILD)/grub/minikernel/esp/
	printf '%s\n' 'search --no-floppy --file --set=root /minikernel.elf' \
		'multiboot2 /minikernel.elf from-grub test' 'module2 /hello.txt hello-module' boot \
		>$(BUILD)/grub/minikernel/early.cfg
	grub-mkimage -O i386-efi -p / -c $(BUILD)/grub/minikernel/early.cfg -o $@ $(GRUB_MODULES)

# The refusal cases (test_refusals.sh): one ESP each, from esp/kernel.elf or the
# relocatable test kernel, by make_bad_kernels.py, which also writes the expected line
# (from tests/boot/refusals.tsv) to CASE.expect. test_refusals.sh boots them with
# run.sh --fallback: once the loader returns, the firmware boots the fallback app
# (mk/test-apps.mk), which prints a marker and powers off.
REFUSALS := $(BUILD)/refusals
REFUSAL_CASES = $(shell python3 tests/boot/make_bad_kernels.py --list)
REFUSAL_EXPECTS = $(REFUSAL_CASES:%=$(REFUSALS)/%.expect)
REFUSAL_GEN := tests/boot/make_bad_kernels.py tests/boot/refusals.py tests/boot/refusals.tsv

$(REFUSALS)/%.expect: esp/kernel.elf $(TK_RELOC) $(TK_LOADER) $(REFUSAL_GEN)
	rm -rf $(REFUSALS)/$*
	@mkdir -p $(REFUSALS)/$*/EFI/BOOT
	cp $(TK_LOADER) $(REFUSALS)/$*/EFI/BOOT/
	python3 tests/boot/make_bad_kernels.py $* esp/kernel.elf $(TK_RELOC) $(REFUSALS)/$* >$@.tmp
	mv $@.tmp $@

# The hold case: elf-bad-magic with a boot.cfg whose command line lacks "test".
$(REFUSALS)/hold-after-error/boot.cfg: $(REFUSALS)/elf-bad-magic.expect
	rm -rf $(@D)
	cp -r $(REFUSALS)/elf-bad-magic $(@D)
	printf 'cmdline = at the console\n' >$@

.PHONY: test-kernels refusal-docs
test-kernels: esp examples screen-compare test-apps $(TK_RELOC) $(TK)/bad-magic/esp/kernel.elf $(TK)/tiny/esp/kernel.elf \
	$(TK)/bad-magic/esp/EFI/BOOT/BOOTIA32.EFI $(TK)/tiny/esp/EFI/BOOT/BOOTIA32.EFI \
	$(TK)/minikernel-at-0x1000000/esp/minikernel.elf $(TK)/minikernel-at-0xe400000/esp/minikernel.elf \
	$(TK)/minikernel-x64/esp/EFI/BOOT/BOOTX64.EFI \
	$$(GRUB_EFIS) \
	$(BUILD)/grub/minikernel/esp/EFI/BOOT/BOOTIA32.EFI \
	$$(REFUSAL_EXPECTS) $(REFUSALS)/hold-after-error/boot.cfg \
	$$(COMPAT_MODES)

refusal-docs:
	python3 tests/boot/refusals.py write-docs docs/bootinfo.md
