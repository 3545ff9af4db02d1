# secure-boot.mk - issue 16: the enroll tool, `make sign`, and the signed ESPs that
# tests/boot/test_secure_boot.sh boots under OVMF with Secure Boot on.
#
#   make sign [KEY=FILE CERT=FILE] [ESP=DIR]
#       writes SHA-256(ESP/boot.cfg) into each loader in ESP/EFI/BOOT/ (tools/enroll.c),
#       signs each with sbsign and checks it with sbverify. ESP defaults to esp/.
#       Without KEY and CERT: a throwaway pair in build/keys/ (openssl), said so.
#       Run it again after every change to boot.cfg: the loader refuses any other one.
#   make secure-boot-esps   the test ESPs under build/secboot/ (part of test-kernels)
#
# Keys never go into the tree: build/ is not committed.
UNIT_TESTS += enroll secure_policy
UNIT_enroll_SRCS := loader/core/enroll.c loader/core/sha256.c loader/core/diag.c
UNIT_secure_policy_SRCS := loader/core/secure_policy.c loader/core/config.c loader/core/config_entries.c \
	loader/core/utf8.c loader/core/sha256.c loader/core/diag.c
FUZZ_TARGETS += enroll
FUZZ_enroll_SRCS := loader/core/enroll.c loader/core/sha256.c loader/core/diag.c

ENROLL := $(BUILD)/tools/enroll
ENROLL_SRCS := tools/enroll.c loader/core/enroll.c loader/core/sha256.c loader/core/diag.c
KEYS := $(BUILD)/keys
SB := $(BUILD)/secboot
# Debian's snakeoil keys, enrolled (PK, KEK, db) in OVMF_VARS_4M.snakeoil.fd.
SNAKEOIL_KEY := /usr/share/ovmf/PkKek-1-snakeoil.key
SNAKEOIL_CERT := /usr/share/ovmf/PkKek-1-snakeoil.pem
SNAKEOIL_PASS := snakeoil

$(ENROLL): $(ENROLL_SRCS) $(wildcard loader/core/*.h) $(SHARED_LIB_SRCS)
	@mkdir -p $(@D)
	$(HOST_CC) -std=gnu11 -O2 -Wall -Wextra -Werror -I. -o $@ $(ENROLL_SRCS) $(SHARED_LIB_SRCS)

# A key pair no firmware trusts: `make sign` without KEY/CERT, and the test of a
# loader signed with the wrong key.
$(KEYS)/%.key $(KEYS)/%.crt:
	@mkdir -p $(@D)
	openssl req -new -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=$* throwaway test key/" \
		-keyout $(KEYS)/$*.key -out $(KEYS)/$*.crt 2>/dev/null
# The snakeoil key without its passphrase, so sbsign does not prompt.
$(KEYS)/snakeoil.key: $(SNAKEOIL_KEY)
	@mkdir -p $(@D)
	openssl rsa -in $< -passin pass:$(SNAKEOIL_PASS) -out $@ 2>/dev/null
$(KEYS)/snakeoil.crt: $(SNAKEOIL_CERT)
	@mkdir -p $(@D)
	cp $< $@

# sign_esp DIR,KEY,CERT: enrol DIR/boot.cfg in every loader of DIR/EFI/BOOT, sign, verify.
# An older signature is removed first: enrolling changes the signed bytes.
define sign_esp
	@test -r $(1)/boot.cfg || { echo "sign: $(1)/boot.cfg missing: nothing to enrol" >&2; exit 1; }
	for f in $(1)/EFI/BOOT/*.EFI; do sbattach --remove $$f >/dev/null 2>&1 || :; done
	$(ENROLL) $(1)/boot.cfg $(1)/EFI/BOOT/*.EFI
	for f in $(1)/EFI/BOOT/*.EFI; do \
		sbsign --key $(2) --cert $(3) --output $$f.signed $$f >/dev/null || exit 1; \
		mv $$f.signed $$f && sbverify --cert $(3) $$f || exit 1; done
endef

ESP ?= esp
KEY ?=
CERT ?=
.PHONY: sign secure-boot-esps
ifeq ($(KEY)$(CERT),)
sign: $(ENROLL) $(KEYS)/test.key $(KEYS)/test.crt
	@echo "sign: no KEY= and CERT=: signing with the throwaway pair $(KEYS)/test.key, $(KEYS)/test.crt" \
		"(no firmware trusts it until you enroll $(KEYS)/test.crt in db)"
	$(call sign_esp,$(ESP),$(KEYS)/test.key,$(KEYS)/test.crt)
	@echo "sign: the loaders in $(ESP)/EFI/BOOT now refuse any boot.cfg but this one;" \
		"the test ESPs copy esp/'s loaders: rebuild them (rm esp/EFI/BOOT/*.EFI; make esp) before make test"
else
sign: $(ENROLL)
	@test -r "$(KEY)" -a -r "$(CERT)" || { echo "sign: KEY=$(KEY) CERT=$(CERT): both must be readable files" >&2; exit 1; }
	$(call sign_esp,$(ESP),$(KEY),$(CERT))
	@echo "sign: the loaders in $(ESP)/EFI/BOOT now refuse any boot.cfg but this one;" \
		"the test ESPs copy esp/'s loaders: rebuild them (rm esp/EFI/BOOT/*.EFI; make esp) before make test"
endif

# The test ESPs. Each is a folder with both loaders, esp/kernel.elf and a boot.cfg
# whose command line says "test" (run.sh --cfg-as-is boots it unedited: an edit would
# break the enrolment), and a startup.nsh that powers off once the firmware's boot
# manager reaches the UEFI Shell (the loader or the firmware refused).
SB_BASE_FILES := esp/kernel.elf $(LOADER_EFI) $(LOADER_X64_EFI) $(ENROLL) mk/secure-boot.mk
SB_SIGN := $(KEYS)/snakeoil.key $(KEYS)/snakeoil.crt
SB_MARKER := loader-returned-to-firmware

# sb_base DIR,PIN: a fresh ESP; PIN y puts the kernel's sha256 in boot.cfg.
define sb_base
	rm -rf $(1) && mkdir -p $(1)/EFI/BOOT
	cp esp/kernel.elf $(1)/
	cp $(LOADER_EFI) $(LOADER_X64_EFI) $(1)/EFI/BOOT/
	printf 'echo %s\r\nreset -s\r\n' $(SB_MARKER) >$(1)/startup.nsh
	printf 'kernel = \\kernel.elf\n' >$(1)/boot.cfg
	$(if $(filter y,$(2)),printf 'sha256 = %s\n' $$(sha256sum esp/kernel.elf | cut -d' ' -f1) >>$(1)/boot.cfg)
	printf 'cmdline = test\n' >>$(1)/boot.cfg
endef

# Signed with the snakeoil key, enrolled, the kernel pinned: boots.
$(SB)/signed/.done: $(SB_BASE_FILES) $(SB_SIGN)
	$(call sb_base,$(@D),y)
	$(call sign_esp,$(@D),$(KEYS)/snakeoil.key,$(KEYS)/snakeoil.crt)
	touch $@
# The kernel changed after signing: its pin refuses it.
$(SB)/kernel-changed/.done: $(SB)/signed/.done
	rm -rf $(@D) && cp -r $(SB)/signed $(@D)
	printf 'changed after signing' >>$(@D)/kernel.elf
	touch $@
# boot.cfg changed after signing: the enrolled digest refuses it.
$(SB)/cfg-changed/.done: $(SB)/signed/.done
	rm -rf $(@D) && cp -r $(SB)/signed $(@D)
	printf '# changed after signing\n' >>$(@D)/boot.cfg
	touch $@
# Signed and enrolled, the kernel not pinned: refused under Secure Boot only.
$(SB)/unpinned/.done: $(SB_BASE_FILES) $(SB_SIGN)
	$(call sb_base,$(@D),n)
	$(call sign_esp,$(@D),$(KEYS)/snakeoil.key,$(KEYS)/snakeoil.crt)
	touch $@
# Enrolled and pinned, but never signed: the firmware refuses the loader.
$(SB)/unsigned/.done: $(SB_BASE_FILES)
	$(call sb_base,$(@D),y)
	$(ENROLL) $(@D)/boot.cfg $(@D)/EFI/BOOT/*.EFI
	touch $@
# Signed with a key the firmware does not know.
$(SB)/other-key/.done: $(SB_BASE_FILES) $(KEYS)/other.key $(KEYS)/other.crt
	$(call sb_base,$(@D),y)
	$(call sign_esp,$(@D),$(KEYS)/other.key,$(KEYS)/other.crt)
	touch $@

# Signed, boot.cfg not enrolled: refused under Secure Boot.
$(SB)/unenrolled/.done: $(SB_BASE_FILES) $(SB_SIGN)
	$(call sb_base,$(@D),y)
	for f in $(@D)/EFI/BOOT/*.EFI; do \
		sbsign --key $(KEYS)/snakeoil.key --cert $(KEYS)/snakeoil.crt --output $$f $$f >/dev/null || exit 1; done
	touch $@

SB_CASES := signed kernel-changed cfg-changed unpinned unsigned other-key unenrolled
secure-boot-esps: $(SB_CASES:%=$(SB)/%/.done)
test-kernels: secure-boot-esps
