/* test_mbi.c - the boot information builder, and the mb2_* iterator that reads it back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/mbi.h"

#define BUF_CAP 4096u
#define EFI_DESC_STD 48u
#define EFI_DESC_VERSION 1u

static _Alignas(8) uint8_t buf[BUF_CAP];

static const struct mb2_info *info(void)
{
    return (const struct mb2_info *)buf;
}

static uint32_t offset_of(const void *t)
{
    return (uint32_t)((const uint8_t *)t - buf);
}

/* Every tag the loader emits, in the loader's order. */
static const struct mb2_mmap_entry sample_mmap[] = {
    { 0, 0x9F000, MB2_MMAP_AVAILABLE, 0 },
    { 0x100000, 0x7EF00000, MB2_MMAP_AVAILABLE, 0 },
    { 0x100000000ull, 0x100000000ull, MB2_MMAP_AVAILABLE, 0 },
};
static uint8_t sample_efi_map[2 * EFI_DESC_STD];
static uint8_t rsdp_v1[MB2_ACPI_RSDP_V1_SIZE];
static uint8_t rsdp_v2[MB2_ACPI_RSDP_V2_SIZE];
static const struct mb2_tag_framebuffer sample_fb = {
    .framebuffer_addr = 0x80000000ull,
    .framebuffer_pitch = 4096,
    .framebuffer_width = 1024,
    .framebuffer_height = 768,
    .framebuffer_bpp = 32,
    .framebuffer_type = MB2_FB_TYPE_RGB,
    .red_field_position = 16,
    .red_mask_size = 8,
    .green_field_position = 8,
    .green_mask_size = 8,
    .blue_field_position = 0,
    .blue_mask_size = 8,
};

static uint32_t build_full(struct mbi_builder *b, void *dst, uint32_t cap)
{
    for (uint32_t i = 0; i < sizeof sample_efi_map; i++)
        sample_efi_map[i] = (uint8_t)(i * 7);
    for (uint32_t i = 0; i < sizeof rsdp_v2; i++)
        rsdp_v2[i] = (uint8_t)(0x40 + i);
    memcpy(rsdp_v1, rsdp_v2, sizeof rsdp_v1);

    mbi_begin(b, dst, cap);
    mbi_add_string(b, MB2_TAG_CMDLINE, "console=ttyS0 quiet");
    mbi_add_string(b, MB2_TAG_BOOT_LOADER_NAME, "bootia32");
    mbi_add_module(b, 0x200000, 0x201234, "\\initrd.img");
    mbi_add_module(b, 0x300000, 0x300001, "");
    mbi_add_meminfo(b, 636, 2 * 1024 * 1024);
    mbi_add_mmap(b, sample_mmap, 3);
    mbi_add_efi_mmap(b, sample_efi_map, sizeof sample_efi_map, EFI_DESC_STD, EFI_DESC_VERSION);
    mbi_add_framebuffer(b, &sample_fb);
    mbi_add_efi32(b, 0x7F9EE018);
    mbi_add_efi64(b, 0x1234567890ull);
    mbi_add_acpi(b, MB2_TAG_ACPI_OLD, rsdp_v1, sizeof rsdp_v1);
    mbi_add_acpi(b, MB2_TAG_ACPI_NEW, rsdp_v2, sizeof rsdp_v2);
    mbi_add_load_base(b, 0x100000);
    return mbi_end(b);
}

/* Returns the next tag after checking it is 8-aligned, of `type` and of `size`. */
static const struct mb2_tag *expect_tag(const struct mb2_tag *t, uint32_t type, uint32_t size)
{
    assert_non_null(t);
    assert_int_equal(offset_of(t) % MB2_TAG_ALIGN, 0);
    assert_int_equal(t->type, type);
    assert_int_equal(t->size, size);
    return t;
}

static void full_block_walks_back_with_every_field_and_8_byte_alignment(void **state)
{
    (void)state;
    struct mbi_builder b;
    memset(buf, 0xCC, sizeof buf);
    uint32_t total = build_full(&b, buf, BUF_CAP);
    assert_int_not_equal(total, 0);
    assert_int_equal(info()->total_size, total);
    assert_int_equal(info()->reserved, 0);
    assert_int_equal(total % MB2_TAG_ALIGN, 0);

    const struct mb2_tag *t = mb2_first(info());
    const struct mb2_tag_string *s = (const void *)expect_tag(t, MB2_TAG_CMDLINE, 8 + 19 + 1);
    assert_string_equal(s->string, "console=ttyS0 quiet");

    t = mb2_next(info(), t);
    s = (const void *)expect_tag(t, MB2_TAG_BOOT_LOADER_NAME, 8 + 8 + 1);
    assert_string_equal(s->string, "bootia32");

    t = mb2_next(info(), t);
    const struct mb2_tag_module *m = (const void *)expect_tag(t, MB2_TAG_MODULE, 16 + 11 + 1);
    assert_int_equal(m->mod_start, 0x200000);
    assert_int_equal(m->mod_end, 0x201234);
    assert_string_equal(m->string, "\\initrd.img");

    t = mb2_next(info(), t);
    m = (const void *)expect_tag(t, MB2_TAG_MODULE, 16 + 1);
    assert_int_equal(m->mod_start, 0x300000);
    assert_int_equal(m->mod_end, 0x300001);
    assert_string_equal(m->string, "");

    t = mb2_next(info(), t);
    const struct mb2_tag_basic_meminfo *mi =
        (const void *)expect_tag(t, MB2_TAG_BASIC_MEMINFO, 16);
    assert_int_equal(mi->mem_lower, 636);
    assert_int_equal(mi->mem_upper, 2 * 1024 * 1024);

    t = mb2_next(info(), t);
    const struct mb2_tag_mmap *mm = (const void *)expect_tag(t, MB2_TAG_MMAP, 16 + 3 * 24);
    assert_int_equal(mm->entry_size, 24);
    assert_int_equal(mm->entry_version, 0);
    assert_memory_equal(mm->entries, sample_mmap, sizeof sample_mmap);

    t = mb2_next(info(), t);
    const struct mb2_tag_efi_mmap *em =
        (const void *)expect_tag(t, MB2_TAG_EFI_MMAP, 16 + sizeof sample_efi_map);
    assert_int_equal(em->descr_size, EFI_DESC_STD);
    assert_int_equal(em->descr_vers, EFI_DESC_VERSION);
    assert_memory_equal(em->efi_mmap, sample_efi_map, sizeof sample_efi_map);

    t = mb2_next(info(), t);
    const struct mb2_tag_framebuffer *fb =
        (const void *)expect_tag(t, MB2_TAG_FRAMEBUFFER, MB2_TAG_FRAMEBUFFER_RGB_SIZE);
    assert_int_equal(fb->framebuffer_addr, 0x80000000ull);
    assert_int_equal(fb->framebuffer_pitch, 4096);
    assert_int_equal(fb->framebuffer_width, 1024);
    assert_int_equal(fb->framebuffer_height, 768);
    assert_int_equal(fb->framebuffer_bpp, 32);
    assert_int_equal(fb->framebuffer_type, MB2_FB_TYPE_RGB);
    assert_int_equal(fb->reserved, 0);
    assert_int_equal(fb->red_field_position, 16);
    assert_int_equal(fb->red_mask_size, 8);
    assert_int_equal(fb->green_field_position, 8);
    assert_int_equal(fb->green_mask_size, 8);
    assert_int_equal(fb->blue_field_position, 0);
    assert_int_equal(fb->blue_mask_size, 8);

    t = mb2_next(info(), t);
    const struct mb2_tag_efi32 *e32 = (const void *)expect_tag(t, MB2_TAG_EFI32, 12);
    assert_int_equal(e32->pointer, 0x7F9EE018);

    t = mb2_next(info(), t);
    const struct mb2_tag_efi64 *e64 = (const void *)expect_tag(t, MB2_TAG_EFI64, 16);
    assert_int_equal(e64->pointer, 0x1234567890ull);

    t = mb2_next(info(), t);
    const struct mb2_tag_acpi *a = (const void *)expect_tag(t, MB2_TAG_ACPI_OLD, 8 + 20);
    assert_memory_equal(a->rsdp, rsdp_v1, sizeof rsdp_v1);

    t = mb2_next(info(), t);
    a = (const void *)expect_tag(t, MB2_TAG_ACPI_NEW, 8 + 36);
    assert_memory_equal(a->rsdp, rsdp_v2, sizeof rsdp_v2);

    t = mb2_next(info(), t);
    const struct mb2_tag_load_base_addr *lb =
        (const void *)expect_tag(t, MB2_TAG_LOAD_BASE_ADDR, 12);
    assert_int_equal(lb->load_base_addr, 0x100000);

    assert_null(mb2_next(info(), t)); /* the end tag */
    const struct mb2_tag *end = (const void *)(buf + total - sizeof(struct mb2_tag));
    assert_int_equal(end->type, MB2_TAG_END);
    assert_int_equal(end->size, 8);
    assert_int_equal(buf[total], 0xCC); /* nothing written past total_size */
}

static void padding_between_tags_is_zeroed(void **state)
{
    (void)state;
    struct mbi_builder b;
    memset(buf, 0xCC, sizeof buf);
    mbi_begin(&b, buf, BUF_CAP);
    mbi_add_string(&b, MB2_TAG_CMDLINE, "a"); /* size 10: 6 bytes of padding */
    mbi_add_efi32(&b, 1);                      /* size 12: 4 bytes of padding */
    uint32_t total = mbi_end(&b);
    assert_int_equal(total, 8 + 16 + 16 + 8);
    for (uint32_t i = 8 + 10; i < 8 + 16; i++)
        assert_int_equal(buf[i], 0);
    for (uint32_t i = 8 + 16 + 12; i < 8 + 32; i++)
        assert_int_equal(buf[i], 0);
}

static void empty_block_is_header_plus_end_tag(void **state)
{
    (void)state;
    struct mbi_builder b;
    mbi_begin(&b, buf, BUF_CAP);
    assert_int_equal(mbi_end(&b), 16);
    assert_int_equal(info()->total_size, 16);
    assert_null(mb2_first(info()));
}

static void find_returns_the_first_tag_of_a_type_or_null(void **state)
{
    (void)state;
    struct mbi_builder b;
    build_full(&b, buf, BUF_CAP);
    const struct mb2_tag_module *m = (const void *)mb2_find(info(), MB2_TAG_MODULE);
    assert_non_null(m);
    assert_int_equal(m->mod_start, 0x200000);
    assert_non_null(mb2_find(info(), MB2_TAG_LOAD_BASE_ADDR));
    assert_null(mb2_find(info(), MB2_TAG_SMBIOS));
    assert_null(mb2_find(info(), MB2_TAG_END));
}

/* Every prefix of the needed size fails cleanly; the exact size succeeds. */
static void block_fits_exactly_its_total_and_any_smaller_buffer_overflows(void **state)
{
    (void)state;
    struct mbi_builder b;
    uint32_t total = build_full(&b, buf, BUF_CAP);
    for (uint32_t cap = 0; cap < total; cap++) {
        uint8_t *tiny = malloc(cap ? cap : 1); /* exact size: ASan sees any overrun */
        assert_int_equal(build_full(&b, tiny, cap), 0);
        assert_true(b.overflow);
        free(tiny);
    }
    uint8_t *exact = malloc(total);
    assert_int_equal(build_full(&b, exact, total), total);
    assert_false(b.overflow);
    assert_memory_equal(exact, buf, total);
    free(exact);
}

static void adding_after_an_overflow_keeps_failing(void **state)
{
    (void)state;
    struct mbi_builder b;
    mbi_begin(&b, buf, 32);
    assert_false(mbi_add_string(&b, MB2_TAG_CMDLINE, "this string does not fit in 32"));
    assert_false(mbi_add_efi32(&b, 1)); /* would fit, but the block is already wrong */
    assert_int_equal(mbi_end(&b), 0);
}

static void tag_smaller_than_its_head_is_refused(void **state)
{
    (void)state;
    struct mbi_builder b;
    mbi_begin(&b, buf, BUF_CAP);
    assert_null(mbi_add_tag(&b, MB2_TAG_CMDLINE, 7));
    assert_int_equal(mbi_end(&b), 0);
}

static void ega_text_framebuffer_has_no_colour_info_and_indexed_is_refused(void **state)
{
    (void)state;
    struct mbi_builder b;
    struct mb2_tag_framebuffer fb = sample_fb;
    mbi_begin(&b, buf, BUF_CAP);
    fb.framebuffer_type = MB2_FB_TYPE_INDEXED;
    assert_false(mbi_add_framebuffer(&b, &fb));
    assert_int_equal(b.len, sizeof(struct mb2_info)); /* nothing appended */
    fb.framebuffer_type = MB2_FB_TYPE_EGA_TEXT;
    assert_true(mbi_add_framebuffer(&b, &fb));
    assert_int_not_equal(mbi_end(&b), 0);
    const struct mb2_tag_framebuffer *t = (const void *)mb2_find(info(), MB2_TAG_FRAMEBUFFER);
    assert_non_null(t);
    assert_int_equal(t->size, 32);
    assert_int_equal(t->framebuffer_type, MB2_FB_TYPE_EGA_TEXT);
    assert_int_equal(t->framebuffer_width, 1024);
}

static void acpi_tag_refuses_a_length_that_does_not_match_its_version(void **state)
{
    (void)state;
    struct mbi_builder b;
    mbi_begin(&b, buf, BUF_CAP);
    assert_false(mbi_add_acpi(&b, MB2_TAG_ACPI_OLD, rsdp_v2, MB2_ACPI_RSDP_V2_SIZE));
    assert_false(mbi_add_acpi(&b, MB2_TAG_ACPI_NEW, rsdp_v1, MB2_ACPI_RSDP_V1_SIZE));
    assert_false(mbi_add_acpi(&b, MB2_TAG_CMDLINE, rsdp_v1, MB2_ACPI_RSDP_V1_SIZE));
    assert_int_equal(b.len, sizeof(struct mb2_info));
    assert_int_equal(mbi_end(&b), 16);
}

static void buffer_smaller_than_the_fixed_part_fails_at_end(void **state)
{
    (void)state;
    struct mbi_builder b;
    mbi_begin(&b, buf, 7);
    assert_true(b.overflow);
    assert_int_equal(mbi_end(&b), 0);
}

static void mmap_entry_count_overflowing_32bit_size_is_refused(void **state)
{
    (void)state;
    struct mbi_builder b;
    mbi_begin(&b, buf, BUF_CAP);
    /* 16 + 24 * n wraps to a small number for this n; must not be trusted. */
    assert_false(mbi_add_mmap(&b, sample_mmap, 0xAAAAAAABu));
    assert_int_equal(mbi_end(&b), 0);
}

/* ---- The iterator on malformed blocks: a block is made in an exact-size heap
 * buffer so that AddressSanitizer catches any read outside it. ---- */

struct block {
    uint8_t *p;
    uint32_t len;
};

/* `words` are written as consecutive u32: total_size, reserved, tag, tag, ... */
static struct block make_block(const uint32_t *words, uint32_t nwords)
{
    struct block b = { malloc(nwords * 4), nwords * 4 };
    memcpy(b.p, words, b.len);
    return b;
}

static const struct mb2_info *as_info(struct block b)
{
    return (const struct mb2_info *)b.p;
}

static void iterator_stops_at_a_tag_smaller_than_its_head(void **state)
{
    (void)state;
    const uint32_t sizes[] = { 0, 4, 7 };
    for (size_t i = 0; i < 3; i++) {
        const uint32_t w[] = { 24, 0, MB2_TAG_CMDLINE, sizes[i], 0, 0 };
        struct block b = make_block(w, 6);
        assert_null(mb2_first(as_info(b)));
        assert_null(mb2_find(as_info(b), MB2_TAG_CMDLINE));
        free(b.p);
    }
    /* ...also when the bad tag comes second. */
    const uint32_t w[] = { 32, 0, MB2_TAG_EFI32, 12, 1, 0, MB2_TAG_EFI64, 0 };
    struct block b = make_block(w, 8);
    const struct mb2_tag *t = mb2_first(as_info(b));
    assert_non_null(t);
    assert_null(mb2_next(as_info(b), t));
    free(b.p);
}

static void iterator_stops_at_a_tag_running_past_total_size(void **state)
{
    (void)state;
    const uint32_t w[] = { 24, 0, MB2_TAG_CMDLINE, 17, 0x41414141, 0 };
    struct block b = make_block(w, 6);
    assert_null(mb2_first(as_info(b)));
    free(b.p);

    /* the second tag's head would straddle the end */
    const uint32_t w2[] = { 20, 0, MB2_TAG_EFI32, 8, MB2_TAG_EFI64 };
    b = make_block(w2, 5);
    const struct mb2_tag *t = mb2_first(as_info(b));
    assert_non_null(t);
    assert_null(mb2_next(as_info(b), t));
    free(b.p);

    /* the padding of the last tag would run past the end */
    const uint32_t w3[] = { 20, 0, MB2_TAG_EFI32, 12, 1 };
    b = make_block(w3, 5);
    t = mb2_first(as_info(b));
    assert_non_null(t);
    assert_null(mb2_next(as_info(b), t));
    free(b.p);
}

static void iterator_yields_nothing_when_total_size_is_below_8(void **state)
{
    (void)state;
    for (uint32_t total = 0; total < 8; total++) {
        const uint32_t w[] = { total, 0 };
        struct block b = make_block(w, 2);
        assert_null(mb2_first(as_info(b)));
        assert_null(mb2_find(as_info(b), MB2_TAG_CMDLINE));
        free(b.p);
    }
    const uint32_t w[] = { 8, 0 }; /* exactly the fixed part: no end tag, no tags */
    struct block b = make_block(w, 2);
    assert_null(mb2_first(as_info(b)));
    free(b.p);
}

static void iterator_stops_when_a_size_near_2pow32_would_wrap(void **state)
{
    (void)state;
    /* total_size claims almost 4 GiB; the first tag claims all of it. Stepping past
     * it wraps the offset, so the walk must end without reading further. */
    const uint32_t w[] = { 0xFFFFFFFFu, 0, MB2_TAG_CMDLINE, 0xFFFFFFF7u };
    struct block b = make_block(w, 4);
    const struct mb2_tag *t = mb2_first(as_info(b));
    assert_non_null(t);
    assert_int_equal(t->size, 0xFFFFFFF7u);
    assert_null(mb2_next(as_info(b), t));
    free(b.p);

    /* a size whose rounding up to 8 wraps to 0 */
    const uint32_t w2[] = { 0xFFFFFFFFu, 0, MB2_TAG_CMDLINE, 0xFFFFFFFCu };
    b = make_block(w2, 4);
    assert_null(mb2_first(as_info(b))); /* bigger than what remains */
    assert_null(mb2_next(as_info(b), (const struct mb2_tag *)(b.p + 8)));
    free(b.p);
}

static void iterator_stops_at_the_end_tag_even_with_bytes_after_it(void **state)
{
    (void)state;
    const uint32_t w[] = { 40, 0, MB2_TAG_EFI32, 12, 5, 0, MB2_TAG_END, 8, MB2_TAG_EFI64, 16 };
    struct block b = make_block(w, 10);
    const struct mb2_tag *t = mb2_first(as_info(b));
    assert_non_null(t);
    assert_int_equal(t->type, MB2_TAG_EFI32);
    assert_null(mb2_next(as_info(b), t));
    assert_null(mb2_find(as_info(b), MB2_TAG_EFI64));
    free(b.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_block_walks_back_with_every_field_and_8_byte_alignment),
        cmocka_unit_test(padding_between_tags_is_zeroed),
        cmocka_unit_test(empty_block_is_header_plus_end_tag),
        cmocka_unit_test(find_returns_the_first_tag_of_a_type_or_null),
        cmocka_unit_test(block_fits_exactly_its_total_and_any_smaller_buffer_overflows),
        cmocka_unit_test(adding_after_an_overflow_keeps_failing),
        cmocka_unit_test(tag_smaller_than_its_head_is_refused),
        cmocka_unit_test(ega_text_framebuffer_has_no_colour_info_and_indexed_is_refused),
        cmocka_unit_test(acpi_tag_refuses_a_length_that_does_not_match_its_version),
        cmocka_unit_test(buffer_smaller_than_the_fixed_part_fails_at_end),
        cmocka_unit_test(mmap_entry_count_overflowing_32bit_size_is_refused),
        cmocka_unit_test(iterator_stops_at_a_tag_smaller_than_its_head),
        cmocka_unit_test(iterator_stops_at_a_tag_running_past_total_size),
        cmocka_unit_test(iterator_yields_nothing_when_total_size_is_below_8),
        cmocka_unit_test(iterator_stops_when_a_size_near_2pow32_would_wrap),
        cmocka_unit_test(iterator_stops_at_the_end_tag_even_with_bytes_after_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
