/* test_secure_policy.c - loader/core/secure_policy.c over every combination of Secure
 * Boot, setup mode, enrolled digest, boot.cfg and pins, and each refusal's line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/secure_policy.h"

static uint8_t D_A[32], D_B[32];
#define HEX_A "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb" /* "a" */
#define HEX_B "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d" /* "b" */

static int setup(void **state)
{
    (void)state;
    sha256("a", 1, D_A);
    sha256("b", 1, D_B);
    return 0;
}

enum enrolment { NOT_ENROLLED, ENROLLED_MATCHES, ENROLLED_DIFFERS, ENROLLED_NO_CFG };
enum pins { PINS_NONE, PINS_KERNEL_ONLY, PINS_ALL };

/* A boot.cfg with a kernel and two modules, pinned as `p` says. */
static void make_cfg(struct boot_config *cfg, enum pins p)
{
    config_defaults(cfg);
    struct cfg_entry *k = &cfg->entries[0];
    k->nmodules = 2;
    strcpy(k->modules[0].path, "\\initrd");
    strcpy(k->modules[1].path, "\\font.psf");
    k->has_kernel_sha256 = p != PINS_NONE;
    k->modules[0].has_sha256 = p == PINS_ALL;
    k->modules[1].has_sha256 = p == PINS_ALL;
}

static struct secure_state make_state(bool sb, bool setup_mode, enum enrolment e)
{
    struct secure_state s = {.secure_boot = sb,
                             .setup_mode = setup_mode,
                             .cfg_name = "\\boot.cfg",
                             .loader = "BOOTX64.EFI"};
    s.enrolled = e == NOT_ENROLLED ? NULL : D_A;
    s.cfg = e == ENROLLED_DIFFERS ? D_B : e == ENROLLED_NO_CFG ? NULL : D_A;
    return s;
}

/* The whole table: Secure Boot x setup mode x enrolment x pins (2 x 2 x 4 x 3 = 48).
 * A mismatching or missing boot.cfg is refused in every mode; Secure Boot enforced
 * (on, not in setup mode) also wants the enrolment and every pin. */
static void every_combination_follows_the_rule(void **state)
{
    (void)state;
    for (int sb = 0; sb < 2; sb++)
        for (int sm = 0; sm < 2; sm++)
            for (int e = NOT_ENROLLED; e <= ENROLLED_NO_CFG; e++)
                for (int p = PINS_NONE; p <= PINS_ALL; p++) {
                    struct boot_config cfg;
                    struct diag d = {""};
                    make_cfg(&cfg, p);
                    struct secure_state s = make_state(sb, sm, e);
                    bool enforced = sb && !sm;
                    bool want = e != ENROLLED_DIFFERS && e != ENROLLED_NO_CFG &&
                                (!enforced || (e == ENROLLED_MATCHES && p == PINS_ALL));
                    bool got = secure_policy(&s, &cfg, &d);
                    if (got != want)
                        fail_msg("sb %d setup %d enrolment %d pins %d: got %d (%s)", sb, sm, e, p,
                                 got, d.msg);
                    assert_int_equal(secure_enforced(&s), enforced);
                    if (!got)
                        assert_true(strlen(d.msg) > 0);
                }
}

static void a_changed_boot_cfg_is_refused_naming_both_digests(void **state)
{
    (void)state;
    struct boot_config cfg;
    struct diag d;
    make_cfg(&cfg, PINS_ALL);
    struct secure_state s = make_state(false, false, ENROLLED_DIFFERS);
    assert_false(secure_policy(&s, &cfg, &d));
    assert_string_equal(d.msg, "\\boot.cfg: sha256 = " HEX_B
                               ": not the digest enrolled in BOOTX64.EFI (" HEX_A ")");
}

static void a_missing_boot_cfg_is_refused_when_one_is_enrolled(void **state)
{
    (void)state;
    struct boot_config cfg;
    struct diag d;
    make_cfg(&cfg, PINS_NONE);
    struct secure_state s = make_state(true, false, ENROLLED_NO_CFG);
    assert_false(secure_policy(&s, &cfg, &d));
    assert_string_equal(d.msg,
                        "\\boot.cfg: missing: BOOTX64.EFI has sha256 = " HEX_A " of it enrolled");
}

static void secure_boot_without_enrolment_is_refused(void **state)
{
    (void)state;
    struct boot_config cfg;
    struct diag d;
    make_cfg(&cfg, PINS_ALL);
    struct secure_state s = make_state(true, false, NOT_ENROLLED);
    assert_false(secure_policy(&s, &cfg, &d));
    assert_string_equal(d.msg, "secure boot on: BOOTX64.EFI has no digest of \\boot.cfg "
                               "enrolled (make sign)");
}

static void secure_boot_names_the_unpinned_kernel(void **state)
{
    (void)state;
    struct boot_config cfg;
    struct diag d;
    make_cfg(&cfg, PINS_NONE);
    struct secure_state s = make_state(true, false, ENROLLED_MATCHES);
    assert_false(secure_policy(&s, &cfg, &d));
    assert_string_equal(d.msg, "secure boot on: kernel \\kernel.elf has no sha256 pin in "
                               "\\boot.cfg");
}

static void secure_boot_names_the_first_unpinned_module(void **state)
{
    (void)state;
    struct boot_config cfg;
    struct diag d;
    make_cfg(&cfg, PINS_ALL);
    cfg.entries[0].modules[1].has_sha256 = false;
    struct secure_state s = make_state(true, false, ENROLLED_MATCHES);
    assert_false(secure_policy(&s, &cfg, &d));
    assert_string_equal(d.msg, "secure boot on: module \\font.psf has no sha256 pin in "
                               "\\boot.cfg");
}

/* Menu entries: every kernel entry's files need pins, an EFI application entry needs
 * none (the firmware's LoadImage checks its signature), and pins add up over entries. */
static void secure_boot_checks_every_kernel_entry_of_the_menu(void **state)
{
    (void)state;
    struct boot_config cfg;
    make_cfg(&cfg, PINS_ALL);
    cfg.nentries = 3;
    cfg.entries[1] = cfg.entries[0];
    cfg.entries[2] = cfg.entries[0];
    cfg.entries[1].kind = CFG_EFI;
    cfg.entries[1].has_kernel_sha256 = false;
    cfg.entries[1].nmodules = 0;
    strcpy(cfg.entries[2].kernel, "\\test.elf");
    cfg.entries[2].nmodules = 0;
    struct secure_state s = make_state(true, false, ENROLLED_MATCHES);
    struct diag d;
    assert_true(secure_policy(&s, &cfg, &d));
    assert_int_equal(secure_pins(&cfg), 4);
    cfg.entries[2].has_kernel_sha256 = false;
    assert_false(secure_policy(&s, &cfg, &d));
    assert_string_equal(d.msg, "secure boot on: kernel \\test.elf has no sha256 pin in \\boot.cfg");
}

static void setup_mode_enforces_nothing_but_the_enrolment(void **state)
{
    (void)state;
    struct boot_config cfg;
    struct diag d;
    make_cfg(&cfg, PINS_NONE);
    struct secure_state s = make_state(true, true, NOT_ENROLLED);
    assert_true(secure_policy(&s, &cfg, &d));
}

static void the_state_line_says_mode_enrolment_and_pins(void **state)
{
    (void)state;
    struct boot_config cfg;
    struct diag d;
    make_cfg(&cfg, PINS_ALL);
    struct secure_state s = make_state(true, false, ENROLLED_MATCHES);
    secure_state_line(&s, &cfg, &d);
    assert_string_equal(d.msg, "secure boot on, boot.cfg enrolled, 3 files pinned");
    make_cfg(&cfg, PINS_KERNEL_ONLY);
    s = make_state(false, false, NOT_ENROLLED);
    secure_state_line(&s, &cfg, &d);
    assert_string_equal(d.msg, "secure boot off, boot.cfg not enrolled, 1 file pinned");
    make_cfg(&cfg, PINS_NONE);
    s = make_state(false, true, ENROLLED_MATCHES);
    secure_state_line(&s, &cfg, &d);
    assert_string_equal(d.msg, "secure boot off (setup mode), boot.cfg enrolled, 0 files pinned");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_combination_follows_the_rule),
        cmocka_unit_test(a_changed_boot_cfg_is_refused_naming_both_digests),
        cmocka_unit_test(a_missing_boot_cfg_is_refused_when_one_is_enrolled),
        cmocka_unit_test(secure_boot_without_enrolment_is_refused),
        cmocka_unit_test(secure_boot_names_the_unpinned_kernel),
        cmocka_unit_test(secure_boot_names_the_first_unpinned_module),
        cmocka_unit_test(secure_boot_checks_every_kernel_entry_of_the_menu),
        cmocka_unit_test(setup_mode_enforces_nothing_but_the_enrolment),
        cmocka_unit_test(the_state_line_says_mode_enrolment_and_pins),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
