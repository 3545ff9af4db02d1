# menu-esps.mk - ESPs for tests/boot/test_menu.sh: esp/ with boot.cfg files of entries.
MENU_ESPS := $(BUILD)/menu-esps

.PHONY: menu-esps
menu-esps: $(MENU_ESPS)/three/boot.cfg $(MENU_ESPS)/at-once/boot.cfg \
	$(MENU_ESPS)/countdown/boot.cfg
test-kernels: menu-esps

# A copy of esp/ with boot.cfg = MENU_CFG_NAME, truncated.elf: the first 4 KiB of the
# kernel (read, then refused: pages the attempt must give back), and for the ESPs that
# name one in MENU_APP_NAME, the chainload test application as \EFI\tools\chain.efi.
$(MENU_ESPS)/%/boot.cfg: esp/kernel.elf esp/EFI/BOOT/BOOTIA32.EFI esp/EFI/BOOT/BOOTX64.EFI mk/menu-esps.mk
	@rm -rf $(@D) && mkdir -p $(@D) && cp -r esp/. $(@D)/
	head -c 4096 esp/kernel.elf >$(@D)/truncated.elf
	$(if $(MENU_APP_$*),mkdir -p $(@D)/EFI/tools && cp $(MENU_APP_$*) $(@D)/EFI/tools/chain.efi)
	printf '%b' '$(MENU_CFG_$*)' >$@

MENU_CFG_three := timeout = 30\ndefault = 1\nentry = One\nkernel = /kernel.elf\ncmdline = one\nentry = Missing\nkernel = /nothere.elf\ncmdline = missing\nentry = Two\nkernel = /kernel.elf\ncmdline = two\nentry = Truncated\nkernel = /truncated.elf\ncmdline = truncated\n
MENU_CFG_at-once := timeout = 0\ndefault = Second\nentry = First\nkernel = /nothere.elf\ncmdline = first\nentry = Second\nkernel = /kernel.elf\ncmdline = second\n
MENU_CFG_countdown := timeout = 2\ndefault = 2\nentry = First\nkernel = /nothere.elf\ncmdline = first\nentry = Second\nkernel = /kernel.elf\ncmdline = second\n

# The chainload test application (mk/test-apps.mk), one ESP per firmware.
MENU_APP_chain := $(TEST_APPS)/ia32/chain_app.efi
MENU_APP_chain-x64 := $(TEST_APPS)/x64/chain_app.efi
$(MENU_ESPS)/chain/boot.cfg: $(MENU_APP_chain)
$(MENU_ESPS)/chain-x64/boot.cfg: $(MENU_APP_chain-x64)
menu-esps: $(MENU_ESPS)/chain/boot.cfg $(MENU_ESPS)/chain-x64/boot.cfg $(MENU_ESPS)/setup/boot.cfg $(MENU_ESPS)/remember/boot.cfg
MENU_CFG_chain := timeout = 30\nentry = Kernel\nkernel = /kernel.elf\ncmdline = k\nentry = Chain\nefi = /EFI/tools/chain.efi\ncmdline = hello chain\n
MENU_CFG_chain-x64 := $(MENU_CFG_chain)
MENU_CFG_setup := timeout = 30\nentry = Kernel\nkernel = /kernel.elf\ncmdline = k\nentry = Setup\naction = firmware-setup\n
MENU_CFG_remember := remember = on\ntimeout = 30\nentry = A\nkernel = /kernel.elf\ncmdline = a\nentry = B\nkernel = /kernel.elf\ncmdline = b\n
