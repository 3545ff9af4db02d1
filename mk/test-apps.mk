# test-apps.mk - small EFI applications the boot tests start: tests/boot/NAME.c built like
# each loader (ia32: mk/loader.mk; x64: mk/loader-x64.mk, whose GNU_EFI_USE_MS_ABI makes
# firmware calls direct on x64 too) into build/test-apps/{ia32,x64}/NAME.efi.
#   chain_app     the menu's chainload target (test_menu.sh)
#   fallback_app  what the firmware boots after a loader returns (run.sh --fallback)
TEST_APPS := $(BUILD)/test-apps

$(TEST_APPS)/ia32/%.so: tests/boot/%.c shared/lib/uart16550.h mk/test-apps.mk mk/loader.mk
	@mkdir -p $(@D)
	$(LOADER_CC) $(LOADER_CFLAGS) -c -o $(@D)/$*.o $<
	ld $(LOADER_LDFLAGS) $(LOADER_LIBDIR)/crt0-efi-ia32.o $(@D)/$*.o -o $@ \
		-L$(LOADER_LIBDIR) -lefi -lgnuefi $(LOADER_LIBGCC)
$(TEST_APPS)/x64/%.so: tests/boot/%.c shared/lib/uart16550.h mk/test-apps.mk mk/loader-x64.mk
	@mkdir -p $(@D)
	$(LOADER_CC) $(LOADER_X64_CFLAGS) -c -o $(@D)/$*.o $<
	ld $(LOADER_X64_LDFLAGS) $(LOADER_X64_LIBDIR)/crt0-efi-x86_64.o $(@D)/$*.o -o $@ \
		-L$(LOADER_X64_LIBDIR) -lefi -lgnuefi
$(TEST_APPS)/ia32/%.efi: $(TEST_APPS)/ia32/%.so
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela -j .reloc \
		--target=efi-app-ia32 $< $@
$(TEST_APPS)/x64/%.efi: $(TEST_APPS)/x64/%.so
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela -j .reloc \
		--target=efi-app-x86_64 $< $@
.SECONDARY: $(TEST_APPS)/ia32/chain_app.so $(TEST_APPS)/x64/chain_app.so \
	$(TEST_APPS)/ia32/fallback_app.so $(TEST_APPS)/x64/fallback_app.so

.PHONY: test-apps
test-apps: $(TEST_APPS)/ia32/fallback/EFI/BOOT/BOOTIA32.EFI $(TEST_APPS)/x64/fallback/EFI/BOOT/BOOTX64.EFI

# run.sh --fallback's disk: the fallback app as the folder's default boot file.
$(TEST_APPS)/ia32/fallback/EFI/BOOT/BOOTIA32.EFI: $(TEST_APPS)/ia32/fallback_app.efi
	@mkdir -p $(@D) && cp $< $@
$(TEST_APPS)/x64/fallback/EFI/BOOT/BOOTX64.EFI: $(TEST_APPS)/x64/fallback_app.efi
	@mkdir -p $(@D) && cp $< $@
