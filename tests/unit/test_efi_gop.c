/* test_efi_gop.c - specifies the loader's GOP use: the framebuffer tag it writes for each
 * pixel format, no tag for a BLT-only mode, the closest mode set only when asked, and the
 * firmware's mode put back when the loader returns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/efi/gop.h"
#include "tests/unit/fake_com1.h"
#include "tests/unit/mock_efi.h"

struct mode {
    UINT32 w, h, scan; /* scan: PixelsPerScanLine */
    EFI_GRAPHICS_PIXEL_FORMAT format;
    EFI_PIXEL_BITMASK masks;
};

static struct mode modes[8];
static UINT32 nmodes;
static bool have_gop;
static int set_mode_calls;
static EFI_STATUS set_mode_status;
static EFI_GRAPHICS_OUTPUT_PROTOCOL gop;
static EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE gop_mode;
static EFI_GRAPHICS_OUTPUT_MODE_INFORMATION current;

static void describe(UINT32 i, EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info)
{
    memset(info, 0, sizeof *info);
    info->HorizontalResolution = modes[i].w;
    info->VerticalResolution = modes[i].h;
    info->PixelsPerScanLine = modes[i].scan;
    info->PixelFormat = modes[i].format;
    info->PixelInformation = modes[i].masks;
}

static EFI_STATUS EFIAPI query_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *self, UINT32 n, UINTN *size,
                                    EFI_GRAPHICS_OUTPUT_MODE_INFORMATION **info)
{
    assert_ptr_equal(self, &gop);
    if (n >= nmodes)
        return EFI_INVALID_PARAMETER;
    *info = malloc(sizeof **info); /* the loader gives it back with FreePool */
    describe(n, *info);
    *size = sizeof **info;
    return EFI_SUCCESS;
}

static void enter(UINT32 n)
{
    gop_mode.Mode = n;
    describe(n, &current);
    gop_mode.FrameBufferBase = 0x80000000ull + n * 0x1000000ull;
}

static EFI_STATUS EFIAPI set_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *self, UINT32 n)
{
    assert_ptr_equal(self, &gop);
    set_mode_calls++;
    if (EFI_ERROR(set_mode_status))
        return set_mode_status;
    assert_true(n < nmodes);
    enter(n);
    return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI locate_protocol(EFI_GUID *guid, VOID *reg, VOID **out)
{
    EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
    (void)reg;
    if (!have_gop || memcmp(guid, &gop_guid, sizeof gop_guid) != 0)
        return EFI_NOT_FOUND;
    *out = &gop;
    return EFI_SUCCESS;
}

static struct mb2_tag_framebuffer fb; /* what the last gop_fb wrote */

/* The loader's call: the current mode for 0 x 0, else the closest to w x h. */
static bool gop_fb(uint32_t w, uint32_t h) { return efi_gop_framebuffer(&mock_bs, w, h, &fb); }

static void add_mode(UINT32 w, UINT32 h, EFI_GRAPHICS_PIXEL_FORMAT f)
{
    modes[nmodes++] = (struct mode){ w, h, w, f, { 0, 0, 0, 0 } };
}

static int setup(void **state)
{
    (void)state;
    mock_efi_up();
    fake_com1_reset(false);
    mock_bs.LocateProtocol = locate_protocol;
    nmodes = 0;
    have_gop = true;
    set_mode_calls = 0;
    set_mode_status = EFI_SUCCESS;
    gop.QueryMode = query_mode;
    gop.SetMode = set_mode;
    gop.Mode = &gop_mode;
    gop_mode.Info = &current;
    /* Four modes like OVMF's; the firmware's current mode is 2 (1024x768). */
    add_mode(640, 480, PixelBlueGreenRedReserved8BitPerColor);
    add_mode(800, 600, PixelBlueGreenRedReserved8BitPerColor);
    add_mode(1024, 768, PixelBlueGreenRedReserved8BitPerColor);
    add_mode(1280, 800, PixelBlueGreenRedReserved8BitPerColor);
    gop_mode.MaxMode = nmodes;
    enter(2);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    efi_gop_restore();
    mock_efi_down();
    return 0;
}

static void the_current_bgr_mode_is_described_as_an_rgb_tag(void **state)
{
    (void)state;
    modes[2].scan = 1088; /* a scan line longer than the visible width */
    enter(2);
    assert_true(gop_fb(0, 0));
    assert_int_equal(fb.type, MB2_TAG_FRAMEBUFFER);
    assert_int_equal(fb.size, MB2_TAG_FRAMEBUFFER_RGB_SIZE);
    assert_int_equal(fb.framebuffer_addr, 0x82000000ull);
    assert_int_equal(fb.framebuffer_pitch, 1088 * 4); /* bytes, not pixels */
    assert_int_equal(fb.framebuffer_width, 1024);
    assert_int_equal(fb.framebuffer_height, 768);
    assert_int_equal(fb.framebuffer_bpp, 32);
    assert_int_equal(fb.framebuffer_type, MB2_FB_TYPE_RGB);
    assert_int_equal(fb.blue_field_position, 0);
    assert_int_equal(fb.green_field_position, 8);
    assert_int_equal(fb.red_field_position, 16);
    assert_int_equal(fb.red_mask_size, 8);
    assert_int_equal(set_mode_calls, 0);
    assert_string_equal(mock_conout, "");
}

static void an_rgb_mode_puts_red_in_the_low_byte(void **state)
{
    (void)state;
    modes[2].format = PixelRedGreenBlueReserved8BitPerColor;
    enter(2);
    assert_true(gop_fb(0, 0));
    assert_int_equal(fb.red_field_position, 0);
    assert_int_equal(fb.green_field_position, 8);
    assert_int_equal(fb.blue_field_position, 16);
}

/* PixelBitMask: positions and sizes from the masks, here a 10-bit-per-colour mode. */
static void a_bitmask_mode_takes_positions_and_sizes_from_the_masks(void **state)
{
    (void)state;
    modes[2].format = PixelBitMask;
    modes[2].masks = (EFI_PIXEL_BITMASK){ 0x3FF00000, 0x000FFC00, 0x000003FF, 0xC0000000 };
    enter(2);
    assert_true(gop_fb(0, 0));
    assert_int_equal(fb.red_field_position, 20);
    assert_int_equal(fb.red_mask_size, 10);
    assert_int_equal(fb.green_field_position, 10);
    assert_int_equal(fb.green_mask_size, 10);
    assert_int_equal(fb.blue_field_position, 0);
    assert_int_equal(fb.blue_mask_size, 10);
}

/* No linear framebuffer to hand over: no tag 8 (the kernel stays on serial). */
static void a_blt_only_mode_gives_no_framebuffer(void **state)
{
    (void)state;
    modes[2].format = PixelBltOnly;
    enter(2);
    assert_false(gop_fb(0, 0));
}

static void no_gop_gives_no_framebuffer(void **state)
{
    (void)state;
    have_gop = false;
    assert_false(gop_fb(0, 0));
}

/* Asked for 1000x700: 1024x768 is closest; it is current already, so no SetMode. */
static void the_closest_mode_that_is_current_needs_no_set_mode(void **state)
{
    (void)state;
    assert_true(gop_fb(1000, 700));
    assert_int_equal(fb.framebuffer_width, 1024);
    assert_int_equal(set_mode_calls, 0);
    assert_string_equal(mock_conout, "loader: note: resolution 1000x700 is not offered by GOP; "
                                     "closest offered: 1024x768\r\n");
}

/* An exact match is set silently, and efi_gop_restore puts the firmware's mode back. */
static void an_offered_mode_is_set_and_restored(void **state)
{
    (void)state;
    assert_true(gop_fb(640, 480));
    assert_int_equal(fb.framebuffer_width, 640);
    assert_int_equal(fb.framebuffer_addr, 0x80000000ull);
    assert_int_equal(gop_mode.Mode, 0);
    assert_string_equal(mock_conout, "");
    efi_gop_restore();
    assert_int_equal(gop_mode.Mode, 2);
    assert_int_equal(set_mode_calls, 2);
}

/* BLT-only modes are never chosen, however close. */
static void a_blt_only_mode_is_never_set(void **state)
{
    (void)state;
    modes[3].format = PixelBltOnly;
    assert_true(gop_fb(1280, 800));
    assert_int_equal(fb.framebuffer_width, 1024); /* 1280x800's nearest linear mode */
    assert_int_equal(set_mode_calls, 0);
}

/* SetMode fails: the loader says so and keeps the mode it had. */
static void a_failing_set_mode_keeps_the_current_mode(void **state)
{
    (void)state;
    set_mode_status = EFI_DEVICE_ERROR;
    assert_true(gop_fb(800, 600));
    assert_int_equal(fb.framebuffer_width, 1024);
    assert_string_equal(mock_conout, "loader: note: GOP SetMode 800x600 failed (EFI status "
                                     "EFI_DEVICE_ERROR); keeping the current mode\r\n");
    efi_gop_restore(); /* nothing to put back */
    assert_int_equal(set_mode_calls, 1);
}

/* Only BLT-only modes: nothing to set, no framebuffer, and a note says why. */
static void a_gop_without_any_linear_mode_notes_it_and_gives_none(void **state)
{
    (void)state;
    for (UINT32 i = 0; i < nmodes; i++)
        modes[i].format = PixelBltOnly;
    enter(2);
    assert_false(gop_fb(800, 600));
    assert_int_equal(set_mode_calls, 0);
    assert_string_equal(mock_conout, "loader: note: GOP offers no mode with a framebuffer for "
                                     "800x600; keeping 1024x768\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(the_current_bgr_mode_is_described_as_an_rgb_tag),
        T(an_rgb_mode_puts_red_in_the_low_byte),
        T(a_bitmask_mode_takes_positions_and_sizes_from_the_masks),
        T(a_blt_only_mode_gives_no_framebuffer),
        T(no_gop_gives_no_framebuffer),
        T(the_closest_mode_that_is_current_needs_no_set_mode),
        T(an_offered_mode_is_set_and_restored),
        T(a_blt_only_mode_is_never_set),
        T(a_failing_set_mode_keeps_the_current_mode),
        T(a_gop_without_any_linear_mode_notes_it_and_gives_none),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
