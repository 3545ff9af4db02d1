/* test_fb.c - specifies fb_init on the framebuffer kernel/boot decided (boot_fb_decide):
 * when the kernel draws its console on it, and when it says why not and stays on serial
 * only (no tag, not RGB, above 4 GiB, bad layout). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "kernel/dev/console.h"
#include "kernel/dev/fb.h"
#include "tests/unit/host_kprintf.h"

/* console.c fans out to COM1 and the sinks; here only the sink registration matters. */
static console_sink sink;
static int sinks_added;
bool console_add_sink(console_sink fn)
{
    sink = fn;
    sinks_added++;
    return true;
}

#define W 640u
#define H 480u
#define PITCH (W * 4u + 256u) /* wider than the visible line, as on real hardware */

static uint8_t *pixels; /* below 4 GiB, like a real framebuffer the kernel can reach */

static int setup(void **state)
{
    (void)state;
    host_kprintf_reset();
    sink = NULL;
    sinks_added = 0;
    if (!pixels) {
        void *p = mmap(NULL, PITCH * H, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
        assert_true(p != MAP_FAILED);
        pixels = p;
    }
    memset(pixels, 0, PITCH * H);
    return 0;
}

/* An RGB tag as our loader writes it for OVMF's BGR GOP mode. */
static struct mb2_tag_framebuffer bgr_tag(uint64_t addr)
{
    return (struct mb2_tag_framebuffer){
        .type = MB2_TAG_FRAMEBUFFER, .size = MB2_TAG_FRAMEBUFFER_RGB_SIZE,
        .framebuffer_addr = addr, .framebuffer_pitch = PITCH, .framebuffer_width = W,
        .framebuffer_height = H, .framebuffer_bpp = 32, .framebuffer_type = MB2_FB_TYPE_RGB,
        .red_field_position = 16, .red_mask_size = 8, .green_field_position = 8,
        .green_mask_size = 8, .blue_field_position = 0, .blue_mask_size = 8,
    };
}

/* The path kmain takes: decided once in kernel/boot, then drawn by fb.c. */
static bool init_from_tag(const struct mb2_tag_framebuffer *t)
{
    static struct boot_fb fb;
    boot_fb_decide(t, &fb);
    return fb_init(&fb);
}

static void expect_serial_only(const struct mb2_tag_framebuffer *t, const char *line)
{
    assert_false(init_from_tag(t));
    assert_string_equal(host_kprintf_last(), line);
    assert_int_equal(sinks_added, 0);
}

static void a_good_tag_gets_a_screen_console_that_draws(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = bgr_tag((uintptr_t)pixels);
    assert_true(init_from_tag(&t));
    assert_true(strncmp(host_kprintf_last(), "fb: console ", 12) == 0);
    assert_non_null(strstr(host_kprintf_last(), "640x480x32 pitch=2816 format=bgr"));
    assert_int_equal(sinks_added, 1);
    sink("screen: #\n", 10); /* a report line: "#" has ink in its first rows */
    uint32_t lit = 0;
    for (uint32_t y = 0; y < 20; y++)
        for (uint32_t x = 0; x < 16; x++)
            lit += pixels[y * PITCH + x * 4] != 0;
    assert_true(lit > 0);
    for (uint32_t y = 0; y < H; y++) /* nothing in the pitch padding */
        for (uint32_t x = W * 4; x < PITCH; x++)
            assert_int_equal(pixels[y * PITCH + x], 0);
}

/* Lines are drawn whole, in the colour of what they say: an error line in red. */
static void an_error_line_is_drawn_in_red_once_it_ends(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = bgr_tag((uintptr_t)pixels);
    assert_true(init_from_tag(&t));
    sink("#", 1);
    for (uint32_t y = 0; y < 20; y++) /* not drawn before its newline */
        for (uint32_t x = 0; x < 16; x++)
            assert_int_equal(pixels[y * PITCH + x * 4], 0);
    sink("cpu: error: x\n", 14); /* the line "#cpu: error: x" */
    uint32_t red = 0, other = 0;
    for (uint32_t y = 0; y < 20; y++)
        for (uint32_t x = 0; x < 16; x++) {
            uint32_t px;
            memcpy(&px, &pixels[y * PITCH + x * 4], 4); /* bgr: 0x00RRGGBB little-endian */
            red += px == 0xFF5555u;
            other += px != 0 && px != 0xFF5555u;
        }
    assert_true(red > 0);
    assert_int_equal(other, 0);
}

/* A BLT-only GOP (or none): the loader gives no tag 8. */
static void no_tag_means_serial_only(void **state)
{
    (void)state;
    expect_serial_only(NULL, "fb: none (no framebuffer tag 8: no GOP, or a BLT-only GOP)");
}

/* Non-PAE 32-bit paging cannot reach it: the kernel says so and keeps to COM1. */
static void a_framebuffer_above_4_gib_means_serial_only(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = bgr_tag(0x800000000ull);
    expect_serial_only(&t, "fb: none (framebuffer_addr=0x800000000 size=1351680 reaches above 4 GiB)");
}

static void a_framebuffer_crossing_4_gib_means_serial_only(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = bgr_tag(0xFFFF0000ull);
    expect_serial_only(&t, "fb: none (framebuffer_addr=0xffff0000 size=1351680 reaches above 4 GiB)");
}

static void an_ega_text_framebuffer_means_serial_only(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = bgr_tag((uintptr_t)pixels);
    t.framebuffer_type = MB2_FB_TYPE_EGA_TEXT;
    expect_serial_only(&t, "fb: none (framebuffer_type=2, EGA text: only direct RGB is drawn)");
}

static void address_zero_means_serial_only(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = bgr_tag(0);
    expect_serial_only(&t, "fb: none (framebuffer_addr=0: no linear framebuffer)");
}

/* A pitch narrower than a line of pixels would make lines overlap. */
static void a_pitch_below_the_width_means_serial_only(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = bgr_tag((uintptr_t)pixels);
    t.framebuffer_pitch = W * 4 - 4;
    assert_false(init_from_tag(&t));
    assert_true(strncmp(host_kprintf_last(), "fb: none (", 10) == 0);
    assert_int_equal(sinks_added, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(a_good_tag_gets_a_screen_console_that_draws, setup),
        cmocka_unit_test_setup(an_error_line_is_drawn_in_red_once_it_ends, setup),
        cmocka_unit_test_setup(no_tag_means_serial_only, setup),
        cmocka_unit_test_setup(a_framebuffer_above_4_gib_means_serial_only, setup),
        cmocka_unit_test_setup(a_framebuffer_crossing_4_gib_means_serial_only, setup),
        cmocka_unit_test_setup(an_ega_text_framebuffer_means_serial_only, setup),
        cmocka_unit_test_setup(address_zero_means_serial_only, setup),
        cmocka_unit_test_setup(a_pitch_below_the_width_means_serial_only, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
