/* test_config.c - boot.cfg: the grammar, every key, and one test per error class. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/config.h"

#define CFG_NAME "boot.cfg"
#define HASH_A "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF"
#define HASH_B "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"

static struct boot_config cfg;
static struct diag d;

static bool parse_n(const char *text, uint32_t size)
{
    config_defaults(&cfg);
    memset(&d, 0, sizeof d);
    return config_parse(text, size, CFG_NAME, &cfg, &d);
}

static bool parse(const char *text)
{
    return parse_n(text, (uint32_t)strlen(text));
}

static void expect_ok(const char *text)
{
    bool ok = parse(text);
    if (!ok)
        fail_msg("unexpected error: %s", d.msg);
    assert_string_equal(d.msg, "");
}

static void expect_error(const char *text, const char *msg)
{
    assert_false(parse(text));
    assert_string_equal(d.msg, msg);
}

static void expect_hash(const uint8_t *h, uint8_t first, uint8_t last)
{
    assert_int_equal(h[0], first);
    assert_int_equal(h[31], last);
}

/* ---- happy paths ---- */

static void missing_or_empty_file_means_the_defaults(void **state)
{
    (void)state;
    expect_ok("");
    assert_string_equal(cfg.entries[0].kernel, "\\kernel.elf");
    assert_string_equal(cfg.entries[0].cmdline, "");
    assert_true(cfg.serial);
    assert_false(cfg.verbose);
    assert_int_equal(cfg.entries[0].nmodules, 0);
    assert_false(cfg.entries[0].has_kernel_sha256);
    assert_int_equal(cfg.entries[0].res_width, 0);
    assert_int_equal(cfg.entries[0].res_height, 0);
}

static void every_key_with_comments_blank_lines_crlf_and_tabs(void **state)
{
    (void)state;
    expect_ok("# boot.cfg for the test machine\r\n"
              "\r\n"
              "  kernel\t=\t/boot/kernel.elf  \r\n"
              "sha256 = " HASH_A "\r\n"
              "\t# indented comment\r\n"
              "cmdline = console=ttyS0 loglevel=7  # not a comment\r\n"
              "module = \\initrd.img\r\n"
              "sha256=" HASH_B "\r\n"
              "module = /fonts/8x16.psf font 8x16\r\n"
              "resolution = 1024x768\r\n"
              "serial = off\r\n"
              "   \t  \r\n");
    assert_string_equal(cfg.entries[0].kernel, "\\boot\\kernel.elf");
    assert_true(cfg.entries[0].has_kernel_sha256);
    expect_hash(cfg.entries[0].kernel_sha256, 0x00, 0xff);
    assert_string_equal(cfg.entries[0].cmdline, "console=ttyS0 loglevel=7  # not a comment");
    assert_int_equal(cfg.entries[0].nmodules, 2);
    assert_string_equal(cfg.entries[0].modules[0].path, "\\initrd.img");
    assert_string_equal(cfg.entries[0].modules[0].string, "\\initrd.img");
    assert_true(cfg.entries[0].modules[0].has_sha256);
    expect_hash(cfg.entries[0].modules[0].sha256, 0xff, 0x00);
    assert_string_equal(cfg.entries[0].modules[1].path, "\\fonts\\8x16.psf");
    assert_string_equal(cfg.entries[0].modules[1].string, "font 8x16");
    assert_false(cfg.entries[0].modules[1].has_sha256);
    assert_int_equal(cfg.entries[0].res_width, 1024);
    assert_int_equal(cfg.entries[0].res_height, 768);
    assert_false(cfg.serial);
}

static void last_line_without_newline_and_a_leading_bom_are_accepted(void **state)
{
    (void)state;
    expect_ok("\xEF\xBB\xBFserial = on\nkernel = \\k.elf");
    assert_string_equal(cfg.entries[0].kernel, "\\k.elf");
    assert_true(cfg.serial);
}

static void sha256_after_a_module_applies_to_the_latest_module_only(void **state)
{
    (void)state;
    expect_ok("module = \\a\nmodule = \\b\nsha256 = " HASH_B "\nkernel = \\k\n");
    assert_false(cfg.entries[0].has_kernel_sha256);
    assert_false(cfg.entries[0].modules[0].has_sha256);
    assert_true(cfg.entries[0].modules[1].has_sha256);
    expect_hash(cfg.entries[0].modules[1].sha256, 0xff, 0x00);
}

static void resolution_accepts_the_bounds_1_and_16384(void **state)
{
    (void)state;
    expect_ok("resolution = 1x16384");
    assert_int_equal(cfg.entries[0].res_width, 1);
    assert_int_equal(cfg.entries[0].res_height, 16384);
    expect_ok("resolution = 00800X0600");
    assert_int_equal(cfg.entries[0].res_width, 800);
    assert_int_equal(cfg.entries[0].res_height, 600);
}

static void eight_modules_are_accepted(void **state)
{
    (void)state;
    expect_ok("module=\\m0\nmodule=\\m1\nmodule=\\m2\nmodule=\\m3\n"
              "module=\\m4\nmodule=\\m5\nmodule=\\m6\nmodule=\\m7 last one\n");
    assert_int_equal(cfg.entries[0].nmodules, CFG_MAX_MODULES);
    assert_string_equal(cfg.entries[0].modules[7].path, "\\m7");
    assert_string_equal(cfg.entries[0].modules[7].string, "last one");
}

static void line_of_exactly_1024_bytes_and_longest_path_are_accepted(void **state)
{
    (void)state;
    static char text[CFG_LINE_MAX + 8];
    const char *head = "cmdline = ";
    memset(text, 'x', CFG_LINE_MAX);
    memcpy(text, head, strlen(head));
    strcpy(text + CFG_LINE_MAX, "\r\n");
    expect_ok(text);
    assert_int_equal(strlen(cfg.entries[0].cmdline), CFG_LINE_MAX - strlen(head));

    char path[CFG_PATH_MAX + 16] = "kernel = /";
    memset(path + strlen(path), 'k', CFG_PATH_MAX - 2); /* 127 bytes with the '/' */
    expect_ok(path);
    assert_int_equal(strlen(cfg.entries[0].kernel), CFG_PATH_MAX - 1);
}

/* ---- one test per error class, with line and column ---- */

static void unknown_key_names_the_key_at_its_column(void **state)
{
    (void)state;
    expect_error("kernel = \\k\n\n   kernal = \\x\n",
                 "boot.cfg:3:4: unknown key (value \"kernal\")");
    expect_error("KERNEL = \\k", "boot.cfg:1:1: unknown key (value \"KERNEL\")");
}

static void duplicate_singleton_points_at_the_second_key(void **state)
{
    (void)state;
    expect_error("kernel = \\a\n kernel = \\b\n",
                 "boot.cfg:2:2: kernel: duplicate key (value \"\\b\")");
    expect_error("cmdline = a\ncmdline = b", "boot.cfg:2:1: cmdline: duplicate key (value \"b\")");
    expect_error("resolution=1x1\nresolution=2x2",
                 "boot.cfg:2:1: resolution: duplicate key (value \"2x2\")");
    expect_error("serial=on\n#\nserial=on", "boot.cfg:3:1: serial: duplicate key (value \"on\")");
}

static void duplicate_sha256_for_the_same_item_is_refused(void **state)
{
    (void)state;
    expect_error("kernel = \\k\nsha256 = " HASH_A "\nsha256 = " HASH_B "\n",
                 "boot.cfg:3:1: sha256: duplicate for the kernel (value "
                 "\"ffeeddccbbaa99887766554433221100ffeeddcc...\")");
    expect_error("module = \\m\nsha256 = " HASH_A "\n  sha256 = " HASH_A "\n",
                 "boot.cfg:3:3: sha256: duplicate for this module (value "
                 "\"00112233445566778899aabbccddeeff00112233...\")");
}

static void line_longer_than_1024_bytes_is_refused_at_column_1025(void **state)
{
    (void)state;
    static char text[CFG_LINE_MAX + 16];
    strcpy(text, "serial = on\n");
    size_t at = strlen(text);
    memset(text + at, '#', CFG_LINE_MAX + 1);
    strcpy(text + at + CFG_LINE_MAX + 1, "\r\n");
    expect_error(text, "boot.cfg:2:1025: line longer than 1024 bytes (value "
                       "\"########################################...\")");
}

static void missing_equals_points_where_it_was_expected(void **state)
{
    (void)state;
    expect_error("kernel \\k.elf",
                 "boot.cfg:1:8: kernel: missing '=' after key (value \"kernel \\k.elf\")");
    expect_error("serial", "boot.cfg:1:7: serial: missing '=' after key (value \"serial\")");
    expect_error("\t= on", "boot.cfg:1:2: missing key before '=' (value \"= on\")");
}

static void empty_value_points_past_the_equals(void **state)
{
    (void)state;
    expect_error("serial =   \r\n", "boot.cfg:1:9: serial: empty value (value \"\")");
    expect_error("kernel=", "boot.cfg:1:8: kernel: empty value (value \"\")");
}

static void bad_sha256_is_refused_at_the_bad_digit(void **state)
{
    (void)state;
    expect_error("sha256 = abc", "boot.cfg:1:10: sha256: must be 64 hex digits (value \"abc\")");
    expect_error("sha256 = " HASH_A "0",
                 "boot.cfg:1:10: sha256: must be 64 hex digits (value "
                 "\"00112233445566778899aabbccddeeff00112233...\")");
    expect_error("sha256 = 0g112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
                 "boot.cfg:1:11: sha256: bad hex digit (value "
                 "\"0g112233445566778899aabbccddeeff00112233...\")");
    assert_false(cfg.entries[0].has_kernel_sha256);
}

static void bad_resolution_is_refused(void **state)
{
    (void)state;
    static const char *bad[] = { "0x600",  "16385x1", "800x",   "x600", "800x600x",
                                 "800*600", "-1x5",    "99999999999999999999x1", "800 x 600" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[64], msg[160];
        snprintf(text, sizeof text, "resolution = %s", bad[i]);
        snprintf(msg, sizeof msg,
                 "boot.cfg:1:14: resolution: must be WIDTHxHEIGHT, each 1..16384 (value \"%s\")",
                 bad[i]);
        expect_error(text, msg);
    }
}

static void bad_serial_value_is_refused(void **state)
{
    (void)state;
    expect_error("serial = yes", "boot.cfg:1:10: serial: must be on or off (value \"yes\")");
    expect_error("serial = ON", "boot.cfg:1:10: serial: must be on or off (value \"ON\")");
}

/* verbose: progress lines on the screen too; a global, once-only on/off key. */
static void verbose_is_on_or_off_once_above_the_entries(void **state)
{
    (void)state;
    expect_ok("verbose = on\nkernel = \\k.elf");
    assert_true(cfg.verbose);
    expect_ok("verbose = off");
    assert_false(cfg.verbose);
    expect_error("verbose = yes", "boot.cfg:1:11: verbose: must be on or off (value \"yes\")");
    expect_error("verbose = on\nverbose = off",
                 "boot.cfg:2:1: verbose: duplicate key (value \"off\")");
    expect_error("entry = a\nkernel = /a\nverbose = on",
                 "boot.cfg:3:1: verbose: only above the first entry line (value \"on\")");
}

static void protocol_defaults_to_detection_and_can_force_either(void **state)
{
    (void)state;
    expect_ok("kernel = \\k");
    assert_int_equal(cfg.entries[0].protocol, CFG_PROTOCOL_AUTO);
    expect_ok("protocol = multiboot1");
    assert_int_equal(cfg.entries[0].protocol, CFG_PROTOCOL_MULTIBOOT1);
    expect_ok("protocol = multiboot2\n");
    assert_int_equal(cfg.entries[0].protocol, CFG_PROTOCOL_MULTIBOOT2);
}

/* Each entry chooses its own protocol; one entry's choice does not leak into the next. */
static void protocol_is_per_entry(void **state)
{
    (void)state;
    expect_ok("entry = a\nkernel = \\a\nprotocol = multiboot1\nentry = b\nkernel = \\b\n");
    assert_int_equal(cfg.entries[0].protocol, CFG_PROTOCOL_MULTIBOOT1);
    assert_int_equal(cfg.entries[1].protocol, CFG_PROTOCOL_AUTO);
}

static void bad_or_duplicate_protocol_is_refused(void **state)
{
    (void)state;
    expect_error("protocol = multiboot",
                 "boot.cfg:1:12: protocol: must be multiboot1 or multiboot2 (value \"multiboot\")");
    expect_error("protocol = Multiboot1",
                 "boot.cfg:1:12: protocol: must be multiboot1 or multiboot2 (value \"Multiboot1\")");
    expect_error("protocol = multiboot1\nprotocol = multiboot2",
                 "boot.cfg:2:1: protocol: duplicate key (value \"multiboot2\")");
}

static void ninth_module_is_refused(void **state)
{
    (void)state;
    expect_error("module=\\m0\nmodule=\\m1\nmodule=\\m2\nmodule=\\m3\n"
                 "module=\\m4\nmodule=\\m5\nmodule=\\m6\nmodule=\\m7\nmodule=\\m8\n",
                 "boot.cfg:9:1: module: too many modules (at most 8) (value \"\\m8\")");
}

static void value_too_long_is_refused_for_paths_and_module_strings(void **state)
{
    (void)state;
    char text[CFG_LINE_MAX + 8];
    strcpy(text, "kernel = \\");
    memset(text + strlen(text), 'k', CFG_PATH_MAX - 1); /* 128 bytes with the '\' */
    text[10 + CFG_PATH_MAX - 1] = '\0';
    expect_error(text, "boot.cfg:1:10: kernel: value too long (value "
                       "\"\\kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...\")");

    strcpy(text, "module = \\m ");
    memset(text + strlen(text), 's', CFG_PATH_MAX);
    text[12 + CFG_PATH_MAX] = '\0';
    expect_error(text, "boot.cfg:1:13: module: value too long (value "
                       "\"ssssssssssssssssssssssssssssssssssssssss...\")");
    /* (cmdline cannot overflow: CFG_CMDLINE_MAX is not below CFG_LINE_MAX) */

}

static void path_not_starting_with_a_slash_is_refused(void **state)
{
    (void)state;
    expect_error("kernel = kernel.elf",
                 "boot.cfg:1:10: kernel: path must start with '\\' or '/' (value \"kernel.elf\")");
    expect_error("module = initrd /initrd",
                 "boot.cfg:1:10: module: path must start with '\\' or '/' (value \"initrd\")");
}

static void nul_byte_is_refused_where_it_is(void **state)
{
    (void)state;
    static const char text[] = "serial = on\nker\0nel = \\k\n";
    assert_false(parse_n(text, sizeof text - 1));
    assert_string_equal(d.msg, "boot.cfg:2:4: NUL byte in file (value \"ker\")");
    /* a trailing NUL some editors or callers add is refused too */
    assert_false(parse_n("serial = on\n", 13));
    assert_string_equal(d.msg, "boot.cfg:2:1: NUL byte in file (value \"\")");
}

static void control_characters_in_a_quoted_value_are_shown_as_question_marks(void **state)
{
    (void)state;
    expect_error("serial = o\x1b[1mn",
                 "boot.cfg:1:10: serial: must be on or off (value \"o?[1mn\")");
}

static void message_uses_the_name_it_was_given(void **state)
{
    (void)state;
    config_defaults(&cfg);
    assert_false(config_parse("bogus = 1", 9, "\\EFI\\BOOT\\boot.cfg", &cfg, &d));
    assert_string_equal(d.msg, "\\EFI\\BOOT\\boot.cfg:1:1: unknown key (value \"bogus\")");
}

/* docs/bootinfo.md shows a ten-line boot.cfg; it must stay one the loader accepts and
 * reads as the page says. Run from the repository root (tests/run_tests.sh is). */
static void the_ten_line_example_in_the_docs_parses(void **state)
{
    (void)state;
    static char doc[65536], text[2048];
    FILE *f = fopen("docs/bootinfo.md", "r");
    assert_non_null(f);
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = 0;
    const char *start = strstr(doc, "```boot.cfg\n");
    assert_non_null(start);
    start += strlen("```boot.cfg\n");
    const char *end = strstr(start, "```");
    assert_non_null(end);
    assert_true((size_t)(end - start) < sizeof text);
    memcpy(text, start, (size_t)(end - start));
    text[end - start] = 0;
    uint32_t lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 10);
    expect_ok(text);
    assert_string_equal(cfg.entries[0].kernel, "\\kernel.elf");
    assert_string_equal(cfg.entries[0].cmdline, "heap=16M");
    assert_true(cfg.entries[0].has_kernel_sha256);
    expect_hash(cfg.entries[0].kernel_sha256, 0xba, 0xad);
    assert_int_equal(cfg.entries[0].nmodules, 1);
    assert_string_equal(cfg.entries[0].modules[0].path, "\\initrd.img"); /* / becomes \ */
    assert_string_equal(cfg.entries[0].modules[0].string, "initrd");
    assert_true(cfg.entries[0].modules[0].has_sha256);
    expect_hash(cfg.entries[0].modules[0].sha256, 0xe3, 0x55);
    assert_int_equal(cfg.entries[0].res_width, 1024);
    assert_int_equal(cfg.entries[0].res_height, 768);
    assert_true(cfg.serial);
}


/* ---- issue 13: GRUB-like leniency, and pins that cannot land on the wrong file ---- */

static void empty_cmdline_is_accepted(void **state)
{
    (void)state;
    expect_ok("cmdline =\nkernel = \\k\n");
    assert_string_equal(cfg.entries[0].cmdline, "");
    expect_ok("cmdline =   \r\n");
    expect_error("cmdline =\ncmdline = x", "boot.cfg:2:1: cmdline: duplicate key (value \"x\")");
}

/* The docs promise: each sha256 pins the file named on the nearest line above. */
static void sha256_pins_the_file_on_the_nearest_line_above(void **state)
{
    (void)state;
    expect_ok("module = \\m\nkernel = \\k\nsha256 = " HASH_A "\n");
    assert_true(cfg.entries[0].has_kernel_sha256);
    assert_false(cfg.entries[0].modules[0].has_sha256);
    expect_ok("kernel = \\k\ncmdline = x\nsha256 = " HASH_A "\nmodule = \\m\nsha256 = " HASH_B);
    assert_true(cfg.entries[0].has_kernel_sha256);
    expect_hash(cfg.entries[0].modules[0].sha256, 0xff, 0x00);
}

static void sha256_with_no_file_above_is_refused(void **state)
{
    (void)state;
    expect_error("# pins\nsha256 = " HASH_A "\nkernel = \\k\n",
                 "boot.cfg:2:1: sha256: no kernel or module line above it to pin (value "
                 "\"00112233445566778899aabbccddeeff00112233...\")");
}

static void quoted_paths_may_hold_spaces(void **state)
{
    (void)state;
    expect_ok("kernel = \"/my kernels/k.elf\"\nmodule = \"\\my dir\\initrd img\" the string\n"
              "module = \"\\a b\"\n");
    assert_string_equal(cfg.entries[0].kernel, "\\my kernels\\k.elf");
    assert_string_equal(cfg.entries[0].modules[0].path, "\\my dir\\initrd img");
    assert_string_equal(cfg.entries[0].modules[0].string, "the string");
    assert_string_equal(cfg.entries[0].modules[1].path, "\\a b");
    assert_string_equal(cfg.entries[0].modules[1].string, "\\a b");
    expect_error("module = \"\\a b", "boot.cfg:1:10: module: no closing '\"' after the path "
                                     "(value \"\"\\a b\")");
    expect_error("kernel = \\a b", "boot.cfg:1:13: kernel: text after the path (quote a path "
                                   "with spaces) (value \"\\a b\")");
}

static void utf8_paths_are_checked(void **state)
{
    (void)state;
    expect_ok("kernel = \\k\xc3\xa9rnel.elf\n"); /* é */
    assert_string_equal(cfg.entries[0].kernel, "\\k\xc3\xa9rnel.elf");
    expect_error("kernel = \\k\xe9.elf", "boot.cfg:1:12: kernel: path is not valid UTF-8 "
                                          "(value \"\\k?.elf\")");
    expect_error("kernel = \\\xf0\x9f\x98\x80", "boot.cfg:1:11: kernel: path has a character "
                                                 "above U+FFFF (UCS-2 file names) (value \"\\????\")");
}

/* Classic Mac OS editors end lines with a lone CR. */
static void a_cr_only_file_is_read_line_by_line(void **state)
{
    (void)state;
    expect_ok("kernel = \\k\rcmdline = a b\r\rserial = off\r");
    assert_string_equal(cfg.entries[0].kernel, "\\k");
    assert_string_equal(cfg.entries[0].cmdline, "a b");
    assert_false(cfg.serial);
    expect_error("kernel = \\k\rcolour = x\r", "boot.cfg:2:1: unknown key (value \"colour\")");
}

static void control_characters_are_refused_and_never_echoed(void **state)
{
    (void)state;
    expect_error("module = \\a\x1b[2Jb\n", "boot.cfg:1:12: module: control character in path "
                                          "(value \"\\a?[2Jb\")");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(missing_or_empty_file_means_the_defaults),
        cmocka_unit_test(every_key_with_comments_blank_lines_crlf_and_tabs),
        cmocka_unit_test(last_line_without_newline_and_a_leading_bom_are_accepted),
        cmocka_unit_test(sha256_after_a_module_applies_to_the_latest_module_only),
        cmocka_unit_test(resolution_accepts_the_bounds_1_and_16384),
        cmocka_unit_test(eight_modules_are_accepted),
        cmocka_unit_test(line_of_exactly_1024_bytes_and_longest_path_are_accepted),
        cmocka_unit_test(unknown_key_names_the_key_at_its_column),
        cmocka_unit_test(duplicate_singleton_points_at_the_second_key),
        cmocka_unit_test(duplicate_sha256_for_the_same_item_is_refused),
        cmocka_unit_test(line_longer_than_1024_bytes_is_refused_at_column_1025),
        cmocka_unit_test(missing_equals_points_where_it_was_expected),
        cmocka_unit_test(empty_value_points_past_the_equals),
        cmocka_unit_test(bad_sha256_is_refused_at_the_bad_digit),
        cmocka_unit_test(bad_resolution_is_refused),
        cmocka_unit_test(bad_serial_value_is_refused),
        cmocka_unit_test(verbose_is_on_or_off_once_above_the_entries),
        cmocka_unit_test(protocol_defaults_to_detection_and_can_force_either),
        cmocka_unit_test(protocol_is_per_entry),
        cmocka_unit_test(bad_or_duplicate_protocol_is_refused),
        cmocka_unit_test(ninth_module_is_refused),
        cmocka_unit_test(value_too_long_is_refused_for_paths_and_module_strings),
        cmocka_unit_test(path_not_starting_with_a_slash_is_refused),
        cmocka_unit_test(nul_byte_is_refused_where_it_is),
        cmocka_unit_test(control_characters_in_a_quoted_value_are_shown_as_question_marks),
        cmocka_unit_test(message_uses_the_name_it_was_given),
        cmocka_unit_test(the_ten_line_example_in_the_docs_parses),
        cmocka_unit_test(empty_cmdline_is_accepted),
        cmocka_unit_test(sha256_pins_the_file_on_the_nearest_line_above),
        cmocka_unit_test(sha256_with_no_file_above_is_refused),
        cmocka_unit_test(quoted_paths_may_hold_spaces),
        cmocka_unit_test(utf8_paths_are_checked),
        cmocka_unit_test(a_cr_only_file_is_read_line_by_line),
        cmocka_unit_test(control_characters_are_refused_and_never_echoed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
