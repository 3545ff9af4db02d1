/* test_config_entries.c - boot.cfg's boot-manager grammar: entry blocks, efi, action,
 * timeout, default, remember, and one test per error, each with line:column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/config.h"

#define CFG_NAME "boot.cfg"

static struct boot_config cfg;
static struct diag d;

static bool parse(const char *text)
{
    config_defaults(&cfg);
    memset(&d, 0, sizeof d);
    return config_parse(text, (uint32_t)strlen(text), CFG_NAME, &cfg, &d);
}

static void expect_ok(const char *text)
{
    if (!parse(text))
        fail_msg("unexpected error: %s", d.msg);
    assert_string_equal(d.msg, "");
}

static void expect_error(const char *text, const char *msg)
{
    assert_false(parse(text));
    assert_string_equal(d.msg, msg);
}

#define THREE                                                                                      \
    "timeout = 3\n"                                                                                \
    "default = 2\n"                                                                                \
    "entry = Stable\n"                                                                             \
    "kernel = /stable.elf\n"                                                                       \
    "cmdline = quiet\n"                                                                            \
    "entry = Test build\n"                                                                         \
    "kernel = /test.elf\n"                                                                         \
    "module = /initrd initrd\n"                                                                    \
    "entry = Firmware setup\n"                                                                     \
    "action = firmware-setup\n"

/* ---- happy paths ---- */

static void a_file_without_entries_is_one_entry_booted_at_once(void **state)
{
    (void)state;
    expect_ok("kernel = /k.elf\ncmdline = a b\n");
    assert_int_equal(cfg.nentries, 1);
    assert_int_equal(cfg.timeout, 0);
    assert_int_equal(cfg.default_entry, 0);
    assert_int_equal(cfg.entries[0].kind, CFG_KERNEL);
    assert_string_equal(cfg.entries[0].title, "");
    assert_string_equal(cfg.entries[0].kernel, "\\k.elf");
    assert_false(cfg.remember);
}

static void three_entries_keep_their_own_keys(void **state)
{
    (void)state;
    expect_ok(THREE);
    assert_int_equal(cfg.nentries, 3);
    assert_int_equal(cfg.timeout, 3);
    assert_int_equal(cfg.default_entry, 1);
    assert_string_equal(cfg.entries[0].title, "Stable");
    assert_string_equal(cfg.entries[0].kernel, "\\stable.elf");
    assert_string_equal(cfg.entries[0].cmdline, "quiet");
    assert_int_equal(cfg.entries[0].nmodules, 0);
    assert_string_equal(cfg.entries[1].title, "Test build");
    assert_string_equal(cfg.entries[1].cmdline, "");
    assert_int_equal(cfg.entries[1].nmodules, 1);
    assert_string_equal(cfg.entries[1].modules[0].string, "initrd");
    assert_int_equal(cfg.entries[2].kind, CFG_FIRMWARE_SETUP);
}

static void two_entries_without_timeout_wait_five_seconds(void **state)
{
    (void)state;
    expect_ok("entry = a\nkernel = /a\nentry = b\nkernel = /b\n");
    assert_int_equal(cfg.timeout, CFG_TIMEOUT_MENU);
    assert_int_equal(cfg.default_entry, 0);
}

static void one_entry_without_timeout_boots_at_once(void **state)
{
    (void)state;
    expect_ok("entry = only\nkernel = /a\n");
    assert_int_equal(cfg.nentries, 1);
    assert_int_equal(cfg.timeout, 0);
}

static void default_may_name_a_title(void **state)
{
    (void)state;
    expect_ok("default = Test build\nentry = Stable\nkernel = /s\nentry = Test build\n"
              "kernel = /t\n");
    assert_int_equal(cfg.default_entry, 1);
}

static void efi_entry_keeps_path_and_options(void **state)
{
    (void)state;
    expect_ok("entry = Shell\nefi = /EFI/tools/shell.efi\ncmdline = -nostartup\n");
    assert_int_equal(cfg.entries[0].kind, CFG_EFI);
    assert_string_equal(cfg.entries[0].efi, "\\EFI\\tools\\shell.efi");
    assert_string_equal(cfg.entries[0].cmdline, "-nostartup");
}

static void every_action_is_known(void **state)
{
    (void)state;
    expect_ok("entry = s\naction = firmware-setup\nentry = r\naction = reboot\n"
              "entry = p\naction = poweroff\n");
    assert_int_equal(cfg.entries[0].kind, CFG_FIRMWARE_SETUP);
    assert_int_equal(cfg.entries[1].kind, CFG_REBOOT);
    assert_int_equal(cfg.entries[2].kind, CFG_POWEROFF);
}

static void remember_on_and_off(void **state)
{
    (void)state;
    expect_ok("remember = on\nentry = a\nkernel = /a\n");
    assert_true(cfg.remember);
    expect_ok("remember = off\nentry = a\nkernel = /a\n");
    assert_false(cfg.remember);
}

static void global_resolution_and_serial_reach_every_entry(void **state)
{
    (void)state;
    expect_ok("serial = off\nresolution = 800x600\nentry = a\nkernel = /a\n"
              "entry = b\nkernel = /b\nresolution = 1024x768\n");
    assert_false(cfg.serial);
    assert_int_equal(cfg.entries[0].res_width, 800);
    assert_int_equal(cfg.entries[1].res_width, 1024);
    assert_int_equal(cfg.entries[1].res_height, 768);
}

static void sha256_pins_the_kernel_of_its_own_entry(void **state)
{
    (void)state;
    expect_ok("entry = a\nkernel = /a\nsha256 = "
              "0000000000000000000000000000000000000000000000000000000000000001\n"
              "entry = b\nkernel = /b\n");
    assert_true(cfg.entries[0].has_kernel_sha256);
    assert_false(cfg.entries[1].has_kernel_sha256);
}

static void nine_entries_are_allowed(void **state)
{
    (void)state;
    char text[1024] = "";
    for (int i = 1; i <= CFG_MAX_ENTRIES; i++)
        sprintf(text + strlen(text), "entry = e%d\nkernel = /k\n", i);
    expect_ok(text);
    assert_int_equal(cfg.nentries, CFG_MAX_ENTRIES);
}

/* ---- errors, each at its line and column ---- */

static void an_entry_without_kernel_efi_or_action_is_refused_at_its_title(void **state)
{
    (void)state;
    expect_error("entry = empty\ncmdline = x\nentry = b\nkernel = /b\n",
                 "boot.cfg:1:9: entry: no kernel, efi or action line in this entry "
                 "(value \"empty\")");
    expect_error("entry = a\nkernel = /a\n\nentry = last\n",
                 "boot.cfg:4:9: entry: no kernel, efi or action line in this entry "
                 "(value \"last\")");
}

static void duplicate_titles_are_refused(void **state)
{
    (void)state;
    expect_error("entry = a\nkernel = /a\nentry =  a\nkernel = /b\n",
                 "boot.cfg:3:10: entry: duplicate title (value \"a\")");
}

static void default_out_of_range_is_refused_at_its_value(void **state)
{
    (void)state;
    expect_error("default = 3\nentry = a\nkernel = /a\nentry = b\nkernel = /b\n",
                 "boot.cfg:1:11: default: names no entry (a number from 1 or a title) "
                 "(value \"3\")");
    expect_error("default = 0\nentry = a\nkernel = /a\n",
                 "boot.cfg:1:11: default: names no entry (a number from 1 or a title) "
                 "(value \"0\")");
    expect_error("default = nope\nentry = a\nkernel = /a\n",
                 "boot.cfg:1:11: default: names no entry (a number from 1 or a title) "
                 "(value \"nope\")");
    expect_error("default = 99999999999\nentry = a\nkernel = /a\n",
                 "boot.cfg:1:11: default: names no entry (a number from 1 or a title) "
                 "(value \"99999999999\")");
}

static void bad_timeouts_are_refused(void **state)
{
    (void)state;
    expect_error("timeout = -1\n",
                 "boot.cfg:1:11: timeout: must be seconds, 0..3600 (value \"-1\")");
    expect_error("timeout = 5s\n",
                 "boot.cfg:1:11: timeout: must be seconds, 0..3600 (value \"5s\")");
    expect_error("timeout = 3601\n",
                 "boot.cfg:1:11: timeout: must be seconds, 0..3600 (value \"3601\")");
    expect_error("timeout = 99999999999999999999\n",
                 "boot.cfg:1:11: timeout: must be seconds, 0..3600 (value "
                 "\"99999999999999999999\")");
    expect_error("timeout =\n", "boot.cfg:1:10: timeout: empty value (value \"\")");
    expect_error("timeout = 1\ntimeout = 2\n",
                 "boot.cfg:2:1: timeout: duplicate key (value \"2\")");
}

static void globals_inside_an_entry_are_refused(void **state)
{
    (void)state;
    expect_error("entry = a\nkernel = /a\ntimeout = 1\n",
                 "boot.cfg:3:1: timeout: only above the first entry line (value \"1\")");
    expect_error("entry = a\nkernel = /a\n  serial = off\n",
                 "boot.cfg:3:3: serial: only above the first entry line (value \"off\")");
}

static void entry_keys_outside_an_entry_are_refused(void **state)
{
    (void)state;
    expect_error("efi = /x.efi\n",
                 "boot.cfg:1:1: efi: only inside an entry (below an entry line) (value "
                 "\"/x.efi\")");
}

static void kernel_lines_above_the_first_entry_are_refused(void **state)
{
    (void)state;
    expect_error("kernel = /k\nentry = a\nkernel = /a\n",
                 "boot.cfg:2:1: entry: a kernel, cmdline, module or sha256 line stands above "
                 "the first entry (put it inside an entry) (value \"a\")");
}

static void kernel_efi_and_action_exclude_each_other(void **state)
{
    (void)state;
    expect_error("entry = a\nkernel = /a\nefi = /b.efi\n",
                 "boot.cfg:3:1: efi: kernel, efi and action exclude each other in one entry "
                 "(value \"/b.efi\")");
    expect_error("entry = a\naction = reboot\nkernel = /a\n",
                 "boot.cfg:3:1: kernel: kernel, efi and action exclude each other in one entry "
                 "(value \"/a\")");
}

static void unknown_action_is_refused(void **state)
{
    (void)state;
    expect_error("entry = a\naction = halt\n",
                 "boot.cfg:2:10: action: must be firmware-setup, reboot or poweroff (value "
                 "\"halt\")");
}

static void bad_remember_is_refused(void **state)
{
    (void)state;
    expect_error("remember = yes\n", "boot.cfg:1:12: remember: must be on or off (value \"yes\")");
}

static void a_tenth_entry_is_refused(void **state)
{
    (void)state;
    char text[1024] = "";
    for (int i = 1; i <= CFG_MAX_ENTRIES + 1; i++)
        sprintf(text + strlen(text), "entry = e%d\nkernel = /k\n", i);
    expect_error(text, "boot.cfg:19:1: entry: too many entries (at most 9) (value \"e10\")");
}

static void titles_are_bounded_and_printable(void **state)
{
    (void)state;
    expect_error("entry = a\tb\nkernel = /k\n",
                 "boot.cfg:1:10: entry: control character in title (value \"a?b\")");
    char text[256];
    sprintf(text, "entry = %064d\nkernel = /k\n", 0);
    expect_error(text, "boot.cfg:1:9: entry: title longer than 64 bytes (value "
                       "\"0000000000000000000000000000000000000000...\")");
}

static void sha256_after_an_efi_line_is_refused(void **state)
{
    (void)state;
    expect_error("entry = a\nefi = /a.efi\nsha256 = "
                 "0000000000000000000000000000000000000000000000000000000000000001\n",
                 "boot.cfg:3:1: sha256: no kernel or module line above it to pin (value "
                 "\"0000000000000000000000000000000000000000...\")");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_file_without_entries_is_one_entry_booted_at_once),
        cmocka_unit_test(three_entries_keep_their_own_keys),
        cmocka_unit_test(two_entries_without_timeout_wait_five_seconds),
        cmocka_unit_test(one_entry_without_timeout_boots_at_once),
        cmocka_unit_test(default_may_name_a_title),
        cmocka_unit_test(efi_entry_keeps_path_and_options),
        cmocka_unit_test(every_action_is_known),
        cmocka_unit_test(remember_on_and_off),
        cmocka_unit_test(global_resolution_and_serial_reach_every_entry),
        cmocka_unit_test(sha256_pins_the_kernel_of_its_own_entry),
        cmocka_unit_test(nine_entries_are_allowed),
        cmocka_unit_test(an_entry_without_kernel_efi_or_action_is_refused_at_its_title),
        cmocka_unit_test(duplicate_titles_are_refused),
        cmocka_unit_test(default_out_of_range_is_refused_at_its_value),
        cmocka_unit_test(bad_timeouts_are_refused),
        cmocka_unit_test(globals_inside_an_entry_are_refused),
        cmocka_unit_test(entry_keys_outside_an_entry_are_refused),
        cmocka_unit_test(kernel_lines_above_the_first_entry_are_refused),
        cmocka_unit_test(kernel_efi_and_action_exclude_each_other),
        cmocka_unit_test(unknown_action_is_refused),
        cmocka_unit_test(bad_remember_is_refused),
        cmocka_unit_test(a_tenth_entry_is_refused),
        cmocka_unit_test(titles_are_bounded_and_printable),
        cmocka_unit_test(sha256_after_an_efi_line_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
