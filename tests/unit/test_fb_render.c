/* test_fb_render.c - the framebuffer renderer (kernel/dev/fb_render.c): pixel formats, glyphs
 * in 32/24/16 bpp with padded scan lines, scrolling, and the text console's cursor rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/dev/fb_render.h"
#include "psf_builder.h"

#define GUARD 0xEEu /* bytes the renderer must never write */

static uint8_t fontbuf[1 << 14];
static struct psf_font font; /* 128 glyphs, 10x6, no table: glyph index == ASCII code */
static uint8_t *fb;
static size_t fb_size;

static int setup(void **state)
{
    (void)state;
    char err[128];
    size_t len = psf2_build(fontbuf, PSF2_HEADER_SIZE, 128, 10, 6, 0, NULL, 0);
    assert_true(psf_parse(fontbuf, len, "test.psf", &font, err, sizeof err));
    return 0;
}

static struct fb_format fmt(uint32_t w, uint32_t h, uint32_t pitch, uint32_t bpp)
{
    struct fb_format f = {.width = w, .height = h, .pitch = pitch, .bpp = bpp, .red_pos = 16,
                          .red_size = 8, .green_pos = 8, .green_size = 8, .blue_pos = 0,
                          .blue_size = 8};
    if (bpp == 16)
        f = (struct fb_format){.width = w, .height = h, .pitch = pitch, .bpp = 16,
                               .red_pos = 11, .red_size = 5, .green_pos = 5, .green_size = 6,
                               .blue_pos = 0, .blue_size = 5};
    return f;
}

static void fresh_fb(const struct fb_format *f)
{
    free(fb);
    fb_size = (size_t)f->pitch * f->height;
    fb = malloc(fb_size);
    memset(fb, GUARD, fb_size);
}

static int teardown(void **state)
{
    (void)state;
    free(fb);
    fb = NULL;
    return 0;
}

static uint32_t pixel(const struct fb_format *f, uint32_t x, uint32_t y)
{
    const uint8_t *p = fb + (size_t)y * f->pitch + (size_t)x * (f->bpp / 8);
    uint32_t v = 0;
    for (uint32_t i = 0; i < f->bpp / 8; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

static bool glyph_bit(unsigned char c, uint32_t i, uint32_t j)
{
    return psf_test_byte(c, j, i / 8) & (0x80u >> (i % 8));
}

/* True when the cell at (x, y) shows character c in fg on bg. */
static bool shows(const struct fb_format *f, uint32_t x, uint32_t y, unsigned char c,
                  uint32_t fg, uint32_t bg)
{
    for (uint32_t j = 0; j < font.height; j++)
        for (uint32_t i = 0; i < font.width; i++)
            if (pixel(f, x + i, y + j) != (glyph_bit(c, i, j) ? fg : bg))
                return false;
    return true;
}

/* Every byte of each scan line past the visible width still holds GUARD. */
static void padding_untouched(const struct fb_format *f)
{
    for (uint32_t y = 0; y < f->height; y++)
        for (uint32_t b = f->width * (f->bpp / 8); b < f->pitch; b++)
            assert_int_equal(fb[(size_t)y * f->pitch + b], GUARD);
}

static void bgr_and_rgb_32bpp_put_each_channel_in_its_byte(void **state)
{
    (void)state;
    struct fb_format bgr = fmt(4, 4, 16, 32);
    assert_int_equal(fb_pixel(&bgr, 0x123456), 0x123456);
    assert_string_equal(fb_format_name(&bgr), "bgr");
    struct fb_format rgb = bgr;
    rgb.red_pos = 0;
    rgb.blue_pos = 16;
    assert_int_equal(fb_pixel(&rgb, 0x123456), 0x563412);
    assert_string_equal(fb_format_name(&rgb), "rgb");
}

static void bitmask_formats_scale_channels_to_their_width(void **state)
{
    (void)state;
    struct fb_format rgb565 = fmt(4, 4, 8, 16);
    assert_int_equal(fb_pixel(&rgb565, 0xFFFFFF), 0xFFFF);
    assert_int_equal(fb_pixel(&rgb565, 0xFF0000), 0xF800);
    assert_int_equal(fb_pixel(&rgb565, 0x00FF00), 0x07E0);
    assert_int_equal(fb_pixel(&rgb565, 0x0000FF), 0x001F);
    assert_int_equal(fb_pixel(&rgb565, 0x808080), (0x10u << 11) | (0x20u << 5) | 0x10u);
    assert_string_equal(fb_format_name(&rgb565), "mask");
    /* 10 bits per channel (x2r10g10b10): full scale stays full scale. */
    struct fb_format x2r10 = {.width = 4, .height = 4, .pitch = 16, .bpp = 32, .red_pos = 20,
                              .red_size = 10, .green_pos = 10, .green_size = 10, .blue_pos = 0,
                              .blue_size = 10};
    assert_int_equal(fb_pixel(&x2r10, 0xFF0000), 0x3FFu << 20);
    assert_int_equal(fb_pixel(&x2r10, 0x000080), 0x202u);
    assert_string_equal(fb_format_name(&x2r10), "mask");
}

static void format_check_refuses_what_it_cannot_draw(void **state)
{
    (void)state;
    char err[128];
    struct fb_format f = fmt(100, 10, 400, 32);
    assert_true(fb_format_check(&f, err, sizeof err));
    f.bpp = 8;
    assert_false(fb_format_check(&f, err, sizeof err));
    assert_string_equal(err, "bpp=8, need 16, 24 or 32");
    f = fmt(100, 10, 399, 32);
    assert_false(fb_format_check(&f, err, sizeof err));
    assert_string_equal(err, "pitch=399, below width=100 * 4 bytes");
    f = fmt(100, 10, 400, 32);
    f.green_size = 0;
    assert_false(fb_format_check(&f, err, sizeof err));
    assert_string_equal(err, "green_mask_size=0, need 1..16");
    f = fmt(100, 10, 300, 24);
    f.red_pos = 20;
    assert_false(fb_format_check(&f, err, sizeof err));
    assert_string_equal(err, "red_field_position=20 + mask_size=8, beyond bpp=24");
    f = fmt(100, 10, 400, 32);
    f.blue_pos = 4;
    assert_false(fb_format_check(&f, err, sizeof err));
    assert_non_null(strstr(err, "colour fields overlap"));
    f = fmt(0, 10, 400, 32);
    assert_false(fb_format_check(&f, err, sizeof err));
    assert_string_equal(err, "size=0x10 is empty");
}

/* One glyph in each depth, on scan lines padded past the visible width. */
static void glyph_in_depth(uint32_t bpp)
{
    struct fb_format f = fmt(25, 9, 25 * (bpp / 8) + 7, bpp);
    fresh_fb(&f);
    uint32_t fg = fb_pixel(&f, 0xC0C0C0), bg = fb_pixel(&f, 0x000000);
    fb_draw_glyph(fb, &f, &font, 'g', 13, 2, fg, bg);
    assert_true(shows(&f, 13, 2, 'g', fg, bg));
    /* Nothing outside the glyph's cell changed. */
    for (uint32_t y = 0; y < f.height; y++)
        for (uint32_t b = 0; b < f.pitch; b++) {
            uint32_t x = b / (bpp / 8);
            bool in_cell = x >= 13 && x < 23 && y >= 2 && y < 8 && b < f.width * (bpp / 8);
            if (!in_cell)
                assert_int_equal(fb[(size_t)y * f.pitch + b], GUARD);
        }
}

static void glyph_32bpp_sets_fg_where_bits_are_set_and_nothing_else(void **state)
{
    (void)state;
    glyph_in_depth(32);
}

static void glyph_24bpp_writes_three_bytes_per_pixel(void **state)
{
    (void)state;
    glyph_in_depth(24);
}

static void glyph_16bpp_writes_two_bytes_per_pixel(void **state)
{
    (void)state;
    glyph_in_depth(16);
}

static void glyph_that_would_cross_the_edge_is_not_drawn(void **state)
{
    (void)state;
    struct fb_format f = fmt(25, 9, 100, 32);
    fresh_fb(&f);
    fb_draw_glyph(fb, &f, &font, 'x', 16, 0, 1, 2); /* 16 + 10 > 25 */
    fb_draw_glyph(fb, &f, &font, 'x', 0, 4, 1, 2);  /* 4 + 6 > 9 */
    fb_draw_glyph(fb, &f, &font, 'x', 4000000000u, 0, 1, 2);
    for (size_t i = 0; i < fb_size; i++)
        assert_int_equal(fb[i], GUARD);
}

static void scroll_moves_lines_up_and_clears_the_bottom_of_the_area(void **state)
{
    (void)state;
    struct fb_format f = fmt(6, 5, 32, 32);
    fresh_fb(&f);
    for (uint32_t y = 0; y < 5; y++)
        fb_fill(fb, &f, 0, y, 6, 1, 0x100 + y);
    fb_scroll(fb, &f, 4, 1, 0x77); /* area: lines 0..3; line 4 is outside */
    for (uint32_t x = 0; x < 6; x++) {
        assert_int_equal(pixel(&f, x, 0), 0x101);
        assert_int_equal(pixel(&f, x, 2), 0x103);
        assert_int_equal(pixel(&f, x, 3), 0x77);
        assert_int_equal(pixel(&f, x, 4), 0x104);
    }
    padding_untouched(&f);
}

static void text_init_clears_the_screen_but_not_the_pitch_padding(void **state)
{
    (void)state;
    struct fb_format f = fmt(35, 14, 35 * 4 + 12, 32);
    fresh_fb(&f);
    struct fb_text t;
    assert_true(fb_text_init(&t, fb, &f, &font));
    assert_int_equal(t.cols, 3); /* 35 / 10 */
    assert_int_equal(t.rows, 2); /* 14 / 6 */
    for (uint32_t y = 0; y < f.height; y++)
        for (uint32_t x = 0; x < f.width; x++)
            assert_int_equal(pixel(&f, x, y), FB_CONSOLE_BG);
    padding_untouched(&f);
}

static void text_init_fails_when_not_one_cell_fits(void **state)
{
    (void)state;
    struct fb_format f = fmt(9, 40, 36, 32);
    fresh_fb(&f);
    struct fb_text t;
    assert_false(fb_text_init(&t, fb, &f, &font));
}

static struct fb_format tf;
static struct fb_text tt;

/* A 4 x 3 cell console with a margin of 3 pixels right and 2 below. */
static void console(void)
{
    tf = fmt(43, 20, 43 * 4, 32);
    fresh_fb(&tf);
    assert_true(fb_text_init(&tt, fb, &tf, &font));
}

static bool cell(uint32_t col, uint32_t row, unsigned char c)
{
    return shows(&tf, col * font.width, row * font.height, c, tt.fg, tt.bg);
}

/* Never written: background only (the test font's ' ' is not blank). */
static bool blank(uint32_t col, uint32_t row)
{
    for (uint32_t j = 0; j < font.height; j++)
        for (uint32_t i = 0; i < font.width; i++)
            if (pixel(&tf, col * font.width + i, row * font.height + j) != tt.bg)
                return false;
    return true;
}

static void text_line_of_exactly_cols_chars_then_newline_takes_one_row(void **state)
{
    (void)state;
    console();
    fb_text_write(&tt, "abcd\nef", 7);
    assert_true(cell(0, 0, 'a') && cell(3, 0, 'd'));
    assert_true(cell(0, 1, 'e') && cell(1, 1, 'f'));
    assert_int_equal(tt.row, 1);
    assert_int_equal(tt.col, 2);
}

static void text_longer_than_a_row_wraps_to_the_next(void **state)
{
    (void)state;
    console();
    fb_text_write(&tt, "abcde", 5);
    assert_true(cell(3, 0, 'd') && cell(0, 1, 'e'));
    assert_true(blank(1, 1));
}

static void newline_on_the_last_row_scrolls_everything_up_one_row(void **state)
{
    (void)state;
    console();
    fb_text_write(&tt, "1\n2\n3\n4", 7);
    assert_true(cell(0, 0, '2') && cell(0, 1, '3') && cell(0, 2, '4'));
    assert_int_equal(tt.row, 2);
    /* The margin below the last row stays background. */
    for (uint32_t y = 18; y < 20; y++)
        for (uint32_t x = 0; x < 43; x++)
            assert_int_equal(pixel(&tf, x, y), tt.bg);
    padding_untouched(&tf);
}

static void carriage_return_tab_and_control_bytes(void **state)
{
    (void)state;
    console();
    fb_text_write(&tt, "ab\rc\x01\x7f", 6);
    assert_true(cell(0, 0, 'c') && cell(1, 0, 'b'));
    assert_int_equal(tt.col, 1);
    tf = fmt(203, 13, 203 * 4, 32); /* 20 x 2 cells: tab stops at 8 and 16 */
    fresh_fb(&tf);
    assert_true(fb_text_init(&tt, fb, &tf, &font));
    fb_text_write(&tt, "x\ty\t\tz", 6);
    assert_true(cell(1, 0, ' ') && cell(7, 0, ' ') && cell(8, 0, 'y'));
    assert_true(cell(16, 0, ' ') && cell(19, 0, ' ')); /* the second tab stops at the edge */
    assert_true(cell(0, 1, 'z'));
    assert_int_equal(tt.row, 1);
    assert_int_equal(tt.col, 1);
    assert_true(cell(0, 0, 'x'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bgr_and_rgb_32bpp_put_each_channel_in_its_byte),
        cmocka_unit_test(bitmask_formats_scale_channels_to_their_width),
        cmocka_unit_test(format_check_refuses_what_it_cannot_draw),
        cmocka_unit_test(glyph_32bpp_sets_fg_where_bits_are_set_and_nothing_else),
        cmocka_unit_test(glyph_24bpp_writes_three_bytes_per_pixel),
        cmocka_unit_test(glyph_16bpp_writes_two_bytes_per_pixel),
        cmocka_unit_test(glyph_that_would_cross_the_edge_is_not_drawn),
        cmocka_unit_test(scroll_moves_lines_up_and_clears_the_bottom_of_the_area),
        cmocka_unit_test(text_init_clears_the_screen_but_not_the_pitch_padding),
        cmocka_unit_test(text_init_fails_when_not_one_cell_fits),
        cmocka_unit_test(text_line_of_exactly_cols_chars_then_newline_takes_one_row),
        cmocka_unit_test(text_longer_than_a_row_wraps_to_the_next),
        cmocka_unit_test(newline_on_the_last_row_scrolls_everything_up_one_row),
        cmocka_unit_test(carriage_return_tab_and_control_bytes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
