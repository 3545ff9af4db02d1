/* test_protocol.c - specifies proto_choose: which header boots a kernel file, and what a forced
 * protocol means. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/protocol.h"
#include "shared/bootinfo.h"
#include "shared/multiboot1.h"

#define NAME "\\kernel.elf"
#define FILE_SIZE 0x3000u

static uint8_t buf[FILE_SIZE];
static struct proto_choice pc;
static struct diag d;

static void put32(uint32_t off, uint32_t v)
{
    memcpy(buf + off, &v, sizeof v);
}

static void blank(void)
{
    memset(buf, 0x90, sizeof buf);
}

/* A valid Multiboot 1 header with no flags at `at`. */
static void mb1(uint32_t at)
{
    put32(at, MB1_HEADER_MAGIC);
    put32(at + 4, 0);
    put32(at + 8, 0u - MB1_HEADER_MAGIC);
}

/* A valid minimal Multiboot2 header (just the end tag) at `at`; `bad` spoils its checksum. */
static void mb2(uint32_t at, bool bad)
{
    put32(at, MB2_HEADER_MAGIC);
    put32(at + 4, MB2_HEADER_ARCH_I386);
    put32(at + 8, 24);
    put32(at + 12, 0u - MB2_HEADER_MAGIC - 24 + (bad ? 1 : 0));
    put32(at + 16, 0); /* end tag: type 0, flags 0 */
    put32(at + 20, 8);
}

static void choose(enum cfg_protocol forced)
{
    proto_choose(buf, sizeof buf, forced, NAME, &pc, &d);
}

static void a_valid_multiboot2_header_wins_over_a_multiboot_1_header(void **state)
{
    (void)state;
    blank();
    mb1(0x10);
    mb2(0x40, false);
    choose(CFG_PROTOCOL_AUTO);
    assert_int_equal(pc.which, PROTO_MULTIBOOT2);
    assert_true(pc.header_ok);
    assert_string_equal(d.msg, "");
    assert_int_equal(pc.mb2.offset, 0x40);
}

static void a_multiboot_1_header_alone_boots_as_multiboot_1(void **state)
{
    (void)state;
    blank();
    mb1(0x10);
    choose(CFG_PROTOCOL_AUTO);
    assert_int_equal(pc.which, PROTO_MULTIBOOT1);
    assert_true(pc.header_ok);
    assert_int_equal(pc.mb1.offset, 0x10);
    assert_string_equal(pc.note.msg, "");
}

static void a_broken_multiboot2_header_leaves_a_note_when_multiboot_1_boots(void **state)
{
    (void)state;
    blank();
    mb1(0x10);
    mb2(0x40, true);
    choose(CFG_PROTOCOL_AUTO);
    assert_int_equal(pc.which, PROTO_MULTIBOOT1);
    assert_true(pc.header_ok);
    assert_string_equal(d.msg, "");
    assert_non_null(strstr(pc.note.msg, "Multiboot2 header at offset 0x40: checksum"));
}

static void neither_header_keeps_the_multiboot2_refusal(void **state)
{
    (void)state;
    blank();
    choose(CFG_PROTOCOL_AUTO);
    assert_int_equal(pc.which, PROTO_MULTIBOOT2);
    assert_false(pc.header_ok);
    assert_string_equal(d.msg, NAME ": no Multiboot2 header (magic 0xe85250d6) in the first "
                                    "12288 bytes");
}

static void a_broken_multiboot_1_header_alone_is_refused_as_multiboot_1(void **state)
{
    (void)state;
    blank();
    mb1(0x10);
    put32(0x18, 0);
    choose(CFG_PROTOCOL_AUTO);
    assert_int_equal(pc.which, PROTO_MULTIBOOT1);
    assert_false(pc.header_ok);
    assert_non_null(strstr(d.msg, "Multiboot 1 header at offset 0x10: checksum = 0x0"));
}

static void both_broken_keeps_the_multiboot2_refusal(void **state)
{
    (void)state;
    blank();
    mb1(0x10);
    put32(0x18, 0);
    mb2(0x40, true);
    choose(CFG_PROTOCOL_AUTO);
    assert_int_equal(pc.which, PROTO_MULTIBOOT2);
    assert_false(pc.header_ok);
    assert_non_null(strstr(d.msg, "Multiboot2 header at offset 0x40: checksum"));
}

static void forcing_multiboot1_skips_a_valid_multiboot2_header(void **state)
{
    (void)state;
    blank();
    mb1(0x10);
    mb2(0x40, false);
    choose(CFG_PROTOCOL_MULTIBOOT1);
    assert_int_equal(pc.which, PROTO_MULTIBOOT1);
    assert_true(pc.header_ok);
}

static void forcing_multiboot2_skips_a_valid_multiboot_1_header(void **state)
{
    (void)state;
    blank();
    mb1(0x10);
    mb2(0x40, true);
    choose(CFG_PROTOCOL_MULTIBOOT2);
    assert_int_equal(pc.which, PROTO_MULTIBOOT2);
    assert_false(pc.header_ok);
    assert_non_null(strstr(d.msg, "Multiboot2 header at offset 0x40: checksum"));
}

static void a_forced_protocol_without_its_header_is_refused_by_name(void **state)
{
    (void)state;
    blank();
    mb2(0x40, false);
    choose(CFG_PROTOCOL_MULTIBOOT1);
    assert_false(pc.header_ok);
    assert_string_equal(d.msg, NAME ": boot.cfg protocol = multiboot1: no Multiboot 1 header "
                                    "(magic 0x1badb002) in the first 8192 bytes");
    blank();
    mb1(0x10);
    choose(CFG_PROTOCOL_MULTIBOOT2);
    assert_false(pc.header_ok);
    assert_string_equal(d.msg, NAME ": boot.cfg protocol = multiboot2: no Multiboot2 header "
                                    "(magic 0xe85250d6) in the first 12288 bytes");
}

static void protocols_have_names_for_messages(void **state)
{
    (void)state;
    assert_string_equal(proto_name(PROTO_MULTIBOOT1), "Multiboot 1");
    assert_string_equal(proto_name(PROTO_MULTIBOOT2), "Multiboot2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_valid_multiboot2_header_wins_over_a_multiboot_1_header),
        cmocka_unit_test(a_multiboot_1_header_alone_boots_as_multiboot_1),
        cmocka_unit_test(a_broken_multiboot2_header_leaves_a_note_when_multiboot_1_boots),
        cmocka_unit_test(neither_header_keeps_the_multiboot2_refusal),
        cmocka_unit_test(a_broken_multiboot_1_header_alone_is_refused_as_multiboot_1),
        cmocka_unit_test(both_broken_keeps_the_multiboot2_refusal),
        cmocka_unit_test(forcing_multiboot1_skips_a_valid_multiboot2_header),
        cmocka_unit_test(forcing_multiboot2_skips_a_valid_multiboot_1_header),
        cmocka_unit_test(a_forced_protocol_without_its_header_is_refused_by_name),
        cmocka_unit_test(protocols_have_names_for_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
