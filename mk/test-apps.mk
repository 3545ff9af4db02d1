# test-apps.mk - the small EFI applications the tests and the bench start, each one C file
# built like the loaders (ia32: mk/loader.mk; x64: mk/loader-x64.mk, whose
# GNU_EFI_USE_MS_ABI makes firmware calls direct on x64 too) into
# $(TEST_APPS)/{ia32,x64}/NAME.efi (TEST_APPS: the Makefile):
#   tests/boot/chain_app.c     the menu's chainload target (test_menu.sh)
#   tests/boot/fallback_app.c  what the firmware boots after a loader returns (run.sh --fallback)
#   bench/stamp/stamp.c        the same-boot loader cost's TSC stamps (mk/bench.mk)
# Each is linked with no text relocations and no undefined symbols, or refused.

# efi_app_rules SRCDIR: the rules for every SRCDIR/NAME.c.
define efi_app_rules
$(TEST_APPS)/ia32/%.so: $(1)/%.c shared/lib/uart16550.h mk/test-apps.mk mk/loader.mk
	@mkdir -p $$(@D)
	$$(LOADER_CC) $$(LOADER_CFLAGS) -c -o $$(@D)/$$*.o $$<
	ld $$(LOADER_LDFLAGS) $$(LOADER_LIBDIR)/crt0-efi-ia32.o $$(@D)/$$*.o -o $$@ \
		-L$$(LOADER_LIBDIR) -lefi -lgnuefi $$(LOADER_LIBGCC)
	$$(call efi_app_link_checks,$$@)
$(TEST_APPS)/x64/%.so: $(1)/%.c shared/lib/uart16550.h mk/test-apps.mk mk/loader-x64.mk
	@mkdir -p $$(@D)
	$$(LOADER_CC) $$(LOADER_X64_CFLAGS) -c -o $$(@D)/$$*.o $$<
	ld $$(LOADER_X64_LDFLAGS) $$(LOADER_X64_LIBDIR)/crt0-efi-x86_64.o $$(@D)/$$*.o -o $$@ \
		-L$$(LOADER_X64_LIBDIR) -lefi -lgnuefi
	$$(call efi_app_link_checks,$$@)
endef
define efi_app_link_checks
@! readelf -d $(1) | grep -q TEXTREL || { echo "$(1): text relocations" >&2; exit 1; }
	@! nm -u $(1) | grep -q . || { echo "$(1): undefined symbols:"; nm -u $(1); exit 1; } >&2
endef
$(eval $(call efi_app_rules,tests/boot))
$(eval $(call efi_app_rules,bench/stamp))

$(TEST_APPS)/ia32/%.efi: $(TEST_APPS)/ia32/%.so
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela -j .reloc \
		--target=efi-app-ia32 $< $@
$(TEST_APPS)/x64/%.efi: $(TEST_APPS)/x64/%.so
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela -j .reloc \
		--target=efi-app-x86_64 $< $@
.SECONDARY: $(foreach a,ia32 x64,$(foreach n,chain_app fallback_app stamp,$(TEST_APPS)/$(a)/$(n).so))

.PHONY: test-apps
test-apps: $(TEST_APPS)/ia32/fallback/EFI/BOOT/BOOTIA32.EFI $(TEST_APPS)/x64/fallback/EFI/BOOT/BOOTX64.EFI

# run.sh --fallback's disk: the fallback app as the folder's default boot file.
$(TEST_APPS)/ia32/fallback/EFI/BOOT/BOOTIA32.EFI: $(TEST_APPS)/ia32/fallback_app.efi
	@mkdir -p $(@D) && cp $< $@
$(TEST_APPS)/x64/fallback/EFI/BOOT/BOOTX64.EFI: $(TEST_APPS)/x64/fallback_app.efi
	@mkdir -p $(@D) && cp $< $@
