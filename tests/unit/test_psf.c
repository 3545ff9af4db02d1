/* test_psf.c - the PSF2/PSF1 font parser (kernel/dev/psf.c): good fonts, the ASCII map, and
 * every malformed header field refused with a line naming it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/dev/psf.h"
#include "psf_builder.h"

/* The Debian font the kernel embeds (mk/kernel-fb-tests.mk links the same file). */
extern const uint8_t _binary_console_psf_start[], _binary_console_psf_end[];

static uint8_t buf[1 << 16];
static struct psf_font font;
static char err[256];

static uint32_t glyph_of(unsigned char c)
{
    return (uint32_t)((psf_glyph(&font, c) - font.glyphs) / font.glyph_bytes);
}

static void refused(size_t len, const char *needle)
{
    assert_false(psf_parse(buf, len, "test.psf", &font, err, sizeof err));
    assert_non_null(strstr(err, "psf: error: test.psf: "));
    if (!strstr(err, needle))
        fail_msg("error \"%s\" does not mention \"%s\"", err, needle);
}

static void debian_font_parses_as_psf2_10x18_with_ascii_drawable(void **state)
{
    (void)state;
    size_t len = (size_t)(_binary_console_psf_end - _binary_console_psf_start);
    assert_true(psf_parse(_binary_console_psf_start, len, "console.psf", &font, err, sizeof err));
    assert_int_equal(font.version, 2);
    assert_int_equal(font.width, 10);
    assert_int_equal(font.height, 18);
    assert_int_equal(font.row_bytes, 2);
    assert_int_equal(font.glyph_bytes, 36);
    assert_int_equal(font.count, 256);
    /* A space is blank; letters are not, and differ from each other. */
    const uint8_t *sp = psf_glyph(&font, ' '), *a = psf_glyph(&font, 'A');
    const uint8_t *b = psf_glyph(&font, 'B');
    uint32_t set = 0;
    for (uint32_t i = 0; i < font.glyph_bytes; i++) {
        assert_int_equal(sp[i], 0);
        set += a[i] != 0;
    }
    assert_true(set > 4);
    assert_memory_not_equal(a, b, font.glyph_bytes);
    for (unsigned c = 0x21; c < 0x7F; c++)
        if (c != '?')
            assert_int_not_equal(glyph_of((unsigned char)c), glyph_of('?'));
}

static void psf2_without_table_maps_each_ascii_code_to_the_same_glyph_index(void **state)
{
    (void)state;
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 128, 8, 16, 0, NULL, 0);
    assert_true(psf_parse(buf, len, "test.psf", &font, err, sizeof err));
    assert_int_equal(font.count, 128);
    assert_ptr_equal(font.glyphs, buf + PSF2_HEADER_SIZE);
    for (unsigned c = 0; c < 128; c++)
        assert_int_equal(glyph_of((unsigned char)c), c);
}

static void psf2_glyphs_start_after_a_header_longer_than_32_bytes(void **state)
{
    (void)state;
    size_t len = psf2_build(buf, 48, 4, 8, 8, 0, NULL, 0);
    assert_true(psf_parse(buf, len, "test.psf", &font, err, sizeof err));
    assert_ptr_equal(font.glyphs, buf + 48);
    assert_int_equal(psf_glyph(&font, 2)[0], psf_test_byte(2, 0, 0));
}

static void psf2_wide_glyph_rows_are_padded_to_whole_bytes(void **state)
{
    (void)state;
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 2, 17, 5, 0, NULL, 0);
    assert_true(psf_parse(buf, len, "test.psf", &font, err, sizeof err));
    assert_int_equal(font.row_bytes, 3);
    assert_int_equal(font.glyph_bytes, 15);
}

static void psf2_table_maps_codes_to_the_glyph_that_lists_them(void **state)
{
    (void)state;
    /* glyph 0: 'A' 'a'; glyph 1: '?'; glyph 2: only a sequence "B + combining";
     * glyph 3: U+00E9 (two UTF-8 bytes); glyph 4: 'A' again (the first one wins). */
    const uint8_t table[] = {'A', 'a', 0xFF, '?', 0xFF, 0xFE, 'B', 0xCC, 0x81, 0xFF,
                             0xC3, 0xA9, 0xFF, 'A', 0xFF};
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 5, 8, 8, PSF2_FLAG_UNICODE_TABLE, table,
                            sizeof table);
    assert_true(psf_parse(buf, len, "test.psf", &font, err, sizeof err));
    assert_int_equal(glyph_of('A'), 0);
    assert_int_equal(glyph_of('a'), 0);
    assert_int_equal(glyph_of('?'), 1);
    assert_int_equal(glyph_of('B'), 1); /* only in a sequence: falls back to '?' */
    assert_int_equal(glyph_of('z'), 1); /* listed nowhere */
    assert_int_equal(glyph_of(0xE9), 1); /* non-ASCII bytes draw as '?' */
}

static void psf2_table_cut_short_maps_what_is_there(void **state)
{
    (void)state;
    const uint8_t table[] = {'x', 0xFF, 'y'}; /* glyph 1's list never ends */
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 3, 8, 8, PSF2_FLAG_UNICODE_TABLE, table,
                            sizeof table);
    assert_true(psf_parse(buf, len, "test.psf", &font, err, sizeof err));
    assert_int_equal(glyph_of('x'), 0);
    assert_int_equal(glyph_of('y'), 1);
    assert_int_equal(glyph_of('q'), 0); /* no '?' in the font: glyph 0 */
}

static void psf1_256_glyphs_8_wide_with_ucs2_table(void **state)
{
    (void)state;
    /* glyph 0: 'K'; glyph 1: 0xFFFE sequence with 'L'; glyph 2: '?' */
    const uint8_t table[] = {'K', 0,    0xFF, 0xFF, 0xFE, 0xFF, 'L',
                             0,   0xFF, 0xFF, '?',  0,    0xFF, 0xFF};
    size_t len = psf1_build(buf, PSF1_MODE_HAS_TABLE, 14, table, sizeof table);
    assert_true(psf_parse(buf, len, "test.psf", &font, err, sizeof err));
    assert_int_equal(font.version, 1);
    assert_int_equal(font.count, 256);
    assert_int_equal(font.width, 8);
    assert_int_equal(font.height, 14);
    assert_int_equal(glyph_of('K'), 0);
    assert_int_equal(glyph_of('L'), 2);
    assert_int_equal(glyph_of('?'), 2);
}

static void psf1_512_mode_without_table_maps_ascii_by_index(void **state)
{
    (void)state;
    size_t len = psf1_build(buf, PSF1_MODE_512, 16, NULL, 0);
    assert_true(psf_parse(buf, len, "test.psf", &font, err, sizeof err));
    assert_int_equal(font.count, 512);
    assert_int_equal(glyph_of('M'), 'M');
}

static void refuses_bad_magic_naming_it(void **state)
{
    (void)state;
    memcpy(buf, "GIF89a", 6);
    refused(6, "magic=0x38464947");
}

static void refuses_an_empty_file(void **state)
{
    (void)state;
    refused(0, "magic=0x00000000 (size=0)");
}

static void refuses_psf2_shorter_than_its_header(void **state)
{
    (void)state;
    psf2_build(buf, PSF2_HEADER_SIZE, 1, 8, 8, 0, NULL, 0);
    refused(20, "size=20");
}

static void refuses_psf2_version_other_than_0(void **state)
{
    (void)state;
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 1, 8, 8, 0, NULL, 0);
    psf_put32(buf + 4, 1);
    refused(len, "version=1");
}

static void refuses_header_size_below_32(void **state)
{
    (void)state;
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 1, 8, 8, 0, NULL, 0);
    psf_put32(buf + 8, 16);
    refused(len, "headersize=16");
}

static void refuses_header_size_past_the_file(void **state)
{
    (void)state;
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 1, 8, 8, 0, NULL, 0);
    psf_put32(buf + 8, 4096);
    refused(len, "headersize=4096");
}

static void refuses_glyph_size_that_does_not_match_width_and_height(void **state)
{
    (void)state;
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 4, 10, 18, 0, NULL, 0);
    psf_put32(buf + 20, 18); /* as if 8 wide */
    refused(len, "charsize=18, a 10x18 glyph takes 36 bytes");
}

static void refuses_glyphs_running_past_the_end_of_the_file(void **state)
{
    (void)state;
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 4, 8, 8, 0, NULL, 0);
    refused(len - 1, "length=4 glyphs of 8 bytes end at 64");
}

static void refuses_a_glyph_count_whose_size_overflows_32_bits(void **state)
{
    (void)state;
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 1, 8, 8, 0, NULL, 0);
    psf_put32(buf + 16, 0xFFFFFFFFu);
    refused(len, "length=4294967295");
}

static void refuses_zero_glyphs(void **state)
{
    (void)state;
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 0, 8, 8, 0, NULL, 0);
    refused(len, "length=0");
}

static void refuses_zero_or_too_large_glyph_dimensions(void **state)
{
    (void)state;
    size_t len = psf2_build(buf, PSF2_HEADER_SIZE, 1, 8, 8, 0, NULL, 0);
    psf_put32(buf + 28, 0);
    refused(len, "glyph 0x8");
    len = psf2_build(buf, PSF2_HEADER_SIZE, 1, 33, 8, 0, NULL, 0);
    refused(len, "glyph 33x8");
    len = psf2_build(buf, PSF2_HEADER_SIZE, 1, 8, 65, 0, NULL, 0);
    refused(len, "glyph 8x65");
}

static void refuses_psf1_cut_short(void **state)
{
    (void)state;
    size_t len = psf1_build(buf, 0, 16, NULL, 0);
    refused(len - 1, "PSF1 mode=0x0: 256 glyphs of 16 bytes end at 4100");
    buf[3] = 0;
    refused(len, "PSF1 charsize=0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(debian_font_parses_as_psf2_10x18_with_ascii_drawable),
        cmocka_unit_test(psf2_without_table_maps_each_ascii_code_to_the_same_glyph_index),
        cmocka_unit_test(psf2_glyphs_start_after_a_header_longer_than_32_bytes),
        cmocka_unit_test(psf2_wide_glyph_rows_are_padded_to_whole_bytes),
        cmocka_unit_test(psf2_table_maps_codes_to_the_glyph_that_lists_them),
        cmocka_unit_test(psf2_table_cut_short_maps_what_is_there),
        cmocka_unit_test(psf1_256_glyphs_8_wide_with_ucs2_table),
        cmocka_unit_test(psf1_512_mode_without_table_maps_ascii_by_index),
        cmocka_unit_test(refuses_bad_magic_naming_it),
        cmocka_unit_test(refuses_an_empty_file),
        cmocka_unit_test(refuses_psf2_shorter_than_its_header),
        cmocka_unit_test(refuses_psf2_version_other_than_0),
        cmocka_unit_test(refuses_header_size_below_32),
        cmocka_unit_test(refuses_header_size_past_the_file),
        cmocka_unit_test(refuses_glyph_size_that_does_not_match_width_and_height),
        cmocka_unit_test(refuses_glyphs_running_past_the_end_of_the_file),
        cmocka_unit_test(refuses_a_glyph_count_whose_size_overflows_32_bits),
        cmocka_unit_test(refuses_zero_glyphs),
        cmocka_unit_test(refuses_zero_or_too_large_glyph_dimensions),
        cmocka_unit_test(refuses_psf1_cut_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
