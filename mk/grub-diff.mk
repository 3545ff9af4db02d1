# grub-diff.mk - the ESPs tests/boot/test_grub_diff.sh and test_grub_diff_mb1.sh boot: each
# case once through GRUB (a standalone GRUB EFI image, grub-mkstandalone, the config
# embedded in its memdisk) and once through our loader, for each arch (ia32, x64).
#
#   make grub-diff-esps    all of them (part of make test-kernels)
#
# Outputs, all under build/:
#   grubdiff/m1.bin, m2.txt            the two modules of known contents (5000 bytes of a
#                                      byte pattern, not a page multiple; a line of text)
#   grubdiff/ARCH/{grub,ours}/esp      examples/tagdump (build/tagdump/tagdump.elf) as
#                                      /kernel.elf, with both modules
#   grubdiff/ARCH/shape-NAME-{grub,ours}/esp   each header shape of mk/shapes.mk as
#                                      /kernel.elf (test_grub_diff.sh boots ours with
#                                      run.sh --fallback: a refusal powers off at once)
#   grubdiff-mb1/m1.bin, m2.txt        the same two modules
#   grubdiff-mb1/ARCH-KIND/{grub,ours}/esp   examples/mb1dump (KIND elf: build/mb1/mb1dump.elf,
#                                      bin: the flat build/mb1/mb1dump.bin) as /kernel.KIND,
#                                      booted by GRUB's multiboot and module, with both modules
# Each GRUB directory also holds grub.cfg (the embedded config) and grub-mkimage.log.
#
# (Included before mb1.mk, shapes.mk and tagdump.mk: their outputs are named by path.)
GD := $(BUILD)/grubdiff
GD1 := $(BUILD)/grubdiff-mb1
GD_ARCHES := ia32 x64
# run.sh --test adds " test" to ours; GRUB gets it spelled out.
GD_CMDLINE := alpha=1 beta=two
GD_SHAPES := hl46.elf end6.elf hlbad.elf aout.bin higherhalf.elf
GD_EFI_ia32 := BOOTIA32.EFI
GD_EFI_x64 := BOOTX64.EFI
GD_FORMAT_ia32 := i386-efi
GD_FORMAT_x64 := x86_64-efi
GRUB_DIFF_ESPS :=

# The configs, one printf argument a line.
GD_GRUB_tagdump := 'search --no-floppy --file --set=root /kernel.elf' \
	'multiboot2 /kernel.elf $(GD_CMDLINE) test' 'module2 /m1.bin first-module' \
	'module2 /m2.txt second-module arg=2' boot
GD_OURS_tagdump := 'kernel = \kernel.elf' 'cmdline = $(GD_CMDLINE)' \
	'module = \m1.bin first-module' 'module = \m2.txt second-module arg=2'
GD_GRUB_shape := 'search --no-floppy --file --set=root /kernel.elf' \
	'multiboot2 /kernel.elf shape test' boot
GD_OURS_shape := 'kernel = \kernel.elf' 'cmdline = shape'
GD1_GRUB_elf := 'search --no-floppy --file --set=root /kernel.elf' \
	'multiboot /kernel.elf $(GD_CMDLINE) test' 'module /m1.bin first-module' \
	'module /m2.txt second-module arg=2' boot
GD1_OURS_elf := 'kernel = \kernel.elf' 'cmdline = $(GD_CMDLINE)' \
	'module = \m1.bin first-module' 'module = \m2.txt second-module arg=2'
GD1_GRUB_bin := $(subst /kernel.elf,/kernel.bin,$(GD1_GRUB_elf))
GD1_OURS_bin := $(subst \kernel.elf,\kernel.bin,$(GD1_OURS_elf))

$(GD)/m1.bin $(GD1)/m1.bin: mk/grub-diff.mk
	@mkdir -p $(@D)
	python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 7 + 3) & 0xff for i in range(5000)))' >$@

$(GD)/m2.txt $(GD1)/m2.txt: mk/grub-diff.mk
	@mkdir -p $(@D)
	printf 'second module\n' >$@

# gd_grub DIR ARCH KERNEL KNAME CFG MODULES MDIR: DIR/esp boots KERNEL (copied to /KNAME,
# beside MDIR's m1.bin and m2.txt) through a standalone GRUB image for ARCH whose
# grub.cfg is the lines of variable CFG; the GRUB MODULES (efi_gop: a framebuffer) built in.
define gd_grub
GRUB_DIFF_ESPS += $(1)/esp/EFI/BOOT/$(GD_EFI_$(2))
$(1)/esp/EFI/BOOT/$(GD_EFI_$(2)): $(3) $(7)/m1.bin $(7)/m2.txt mk/grub-diff.mk
	rm -rf $(1) && mkdir -p $(1)/esp/EFI/BOOT
	cp $(3) $(1)/esp/$(4) && cp $(7)/m1.bin $(7)/m2.txt $(1)/esp/
	printf '%s\n' $$($(5)) >$(1)/grub.cfg
	grub-mkstandalone -O $(GD_FORMAT_$(2)) -o $$@ \
		--install-modules="part_msdos part_gpt fat search search_fs_file multiboot2 boot normal configfile memdisk tar $(6)" \
		--modules="part_msdos part_gpt fat $(6)" --locales= --fonts= --themes= \
		"boot/grub/grub.cfg=$(1)/grub.cfg" >$(1)/grub-mkimage.log 2>&1 || \
		{ cat $(1)/grub-mkimage.log; rm -f $$@; exit 1; }
endef

# gd_ours DIR ARCH KERNEL KNAME CFG MDIR: DIR/esp boots KERNEL (as \KNAME, beside
# MDIR's modules) through our loader for ARCH, boot.cfg the lines of variable CFG.
define gd_ours
GRUB_DIFF_ESPS += $(1)/esp/boot.cfg
$(1)/esp/boot.cfg: $(3) esp/EFI/BOOT/$(GD_EFI_$(2)) $(6)/m1.bin $(6)/m2.txt mk/grub-diff.mk
	rm -rf $(1) && mkdir -p $(1)/esp/EFI/BOOT
	cp esp/EFI/BOOT/$(GD_EFI_$(2)) $(1)/esp/EFI/BOOT/
	cp $(3) $(1)/esp/$(4) && cp $(6)/m1.bin $(6)/m2.txt $(1)/esp/
	printf '%s\n' $$($(5)) >$$@
endef

$(foreach a,$(GD_ARCHES),\
	$(eval $(call gd_grub,$(GD)/$(a)/grub,$(a),$(BUILD)/tagdump/tagdump.elf,kernel.elf,GD_GRUB_tagdump,efi_gop,$(GD)))\
	$(eval $(call gd_ours,$(GD)/$(a)/ours,$(a),$(BUILD)/tagdump/tagdump.elf,kernel.elf,GD_OURS_tagdump,$(GD)))\
	$(foreach s,$(GD_SHAPES),\
		$(eval $(call gd_grub,$(GD)/$(a)/shape-$(basename $(s))-grub,$(a),$(BUILD)/shapes/$(s),kernel.elf,GD_GRUB_shape,efi_gop,$(GD)))\
		$(eval $(call gd_ours,$(GD)/$(a)/shape-$(basename $(s))-ours,$(a),$(BUILD)/shapes/$(s),kernel.elf,GD_OURS_shape,$(GD))))\
	$(foreach k,elf bin,\
		$(eval $(call gd_grub,$(GD1)/$(a)-$(k)/grub,$(a),$(BUILD)/mb1/mb1dump.$(k),kernel.$(k),GD1_GRUB_$(k),efi_gop multiboot,$(GD1)))\
		$(eval $(call gd_ours,$(GD1)/$(a)-$(k)/ours,$(a),$(BUILD)/mb1/mb1dump.$(k),kernel.$(k),GD1_OURS_$(k),$(GD1)))))

.PHONY: grub-diff-esps
grub-diff-esps: $(GRUB_DIFF_ESPS)
test-kernels: grub-diff-esps
