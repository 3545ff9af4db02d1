/* test_menu.c - the boot menu's state machine: selection, countdown, digits, editor,
 * and the editor locked (Secure Boot); the lines it draws, with entries the firmware
 * cannot carry out marked unavailable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/menu.h"
#include "tests/unit/key_builders.h"

static struct boot_config cfg;
static struct menu m;
static struct diag d;

static void
load(const char *text, bool edit_allowed)
{
    config_defaults(&cfg);
    if (!config_parse(text, (uint32_t)strlen(text), "boot.cfg", &cfg, &d))
        fail_msg("%s", d.msg);
    menu_start(&m, &cfg, edit_allowed);
}

#define THREE                                                                                      \
    "timeout = 2\ndefault = 2\n"                                                                   \
    "entry = a\nkernel = /a\ncmdline = quiet\n"                                                    \
    "entry = b\nkernel = /b\n"                                                                     \
    "entry = setup\naction = firmware-setup\n"

static void timeout_zero_means_no_menu(void **state)
{
    (void)state;
    load("kernel = /k\n", true);
    assert_true(menu_boots_at_once(&cfg));
    load(THREE, true);
    assert_false(menu_boots_at_once(&cfg));
}

static void countdown_boots_the_default_when_it_ends(void **state)
{
    (void)state;
    load(THREE, true);
    assert_int_equal(m.sel, 1);
    assert_int_equal(menu_tick(&m), MENU_STAY);
    assert_int_equal(m.countdown, 1);
    assert_int_equal(menu_tick(&m), MENU_BOOT);
    assert_int_equal(m.sel, 1);
    assert_int_equal(menu_tick(&m), MENU_STAY); /* once */
}

static void any_key_stops_the_countdown(void **state)
{
    (void)state;
    load(THREE, true);
    assert_int_equal(menu_key(&m, K(KEY_OTHER)), MENU_STAY);
    for (int i = 0; i < 10; i++)
        assert_int_equal(menu_tick(&m), MENU_STAY);
}

static void arrows_move_without_wrapping_and_enter_boots(void **state)
{
    (void)state;
    load(THREE, true);
    menu_key(&m, K(KEY_DOWN));
    menu_key(&m, K(KEY_DOWN));
    assert_int_equal(m.sel, 2);
    menu_key(&m, K(KEY_UP));
    menu_key(&m, K(KEY_UP));
    menu_key(&m, K(KEY_UP));
    assert_int_equal(m.sel, 0);
    assert_int_equal(menu_key(&m, K(KEY_ENTER)), MENU_BOOT);
    assert_int_equal(m.sel, 0);
}

static void a_digit_selects_and_boots_its_entry(void **state)
{
    (void)state;
    load(THREE, true);
    assert_int_equal(menu_key(&m, C('3')), MENU_BOOT);
    assert_int_equal(m.sel, 2);
}

static void a_digit_past_the_last_entry_does_nothing(void **state)
{
    (void)state;
    load(THREE, true);
    assert_int_equal(menu_key(&m, C('4')), MENU_STAY);
    assert_int_equal(menu_key(&m, C('0')), MENU_STAY);
    assert_int_equal(m.sel, 1);
}

static void esc_leaves_the_menu(void **state)
{
    (void)state;
    load(THREE, true);
    assert_int_equal(menu_key(&m, K(KEY_ESC)), MENU_EXIT);
}

static void e_edits_a_copy_and_enter_boots_the_edited_line(void **state)
{
    (void)state;
    load(THREE, true);
    menu_key(&m, K(KEY_UP));
    assert_int_equal(menu_key(&m, C('e')), MENU_STAY);
    assert_true(m.editing);
    assert_string_equal(m.edit_buf, "quiet");
    menu_key(&m, K(KEY_BACKSPACE));
    menu_key(&m, C('!'));
    assert_int_equal(menu_key(&m, K(KEY_ENTER)), MENU_BOOT_EDITED);
    assert_string_equal(m.edit_buf, "quie!");
    assert_string_equal(cfg.entries[0].cmdline, "quiet"); /* boot.cfg's line is untouched */
    assert_false(m.editing);
}

static void esc_in_the_editor_returns_to_the_menu(void **state)
{
    (void)state;
    load(THREE, true);
    menu_key(&m, C('e'));
    assert_int_equal(menu_key(&m, K(KEY_ESC)), MENU_STAY);
    assert_false(m.editing);
    assert_int_equal(menu_key(&m, K(KEY_ESC)), MENU_EXIT);
}

static void digits_in_the_editor_are_text(void **state)
{
    (void)state;
    load(THREE, true);
    menu_key(&m, C('e'));
    assert_int_equal(menu_key(&m, C('1')), MENU_STAY);
    assert_string_equal(m.edit_buf, "1");
}

static void no_editor_for_actions_or_when_locked(void **state)
{
    (void)state;
    load(THREE, true);
    menu_key(&m, K(KEY_DOWN)); /* the firmware-setup entry */
    menu_key(&m, C('e'));
    assert_false(m.editing);
    load(THREE, false); /* Secure Boot */
    menu_key(&m, C('e'));
    assert_false(m.editing);
}

/* Each entry's line, in order, is the one in `want` (NULL-terminated). */
static void expect_lines(const char *const *want)
{
    for (uint32_t i = 0; want[i]; i++) {
        menu_entry_line(&m, i, &d);
        assert_string_equal(d.msg, want[i]);
    }
}

/* The lines the menu draws: the selection '>', the number, the title, the kind, then
 * "(unavailable)" and "(default)" where they apply. */
static void lines_mark_selection_kind_and_default(void **state)
{
    (void)state;
    load(THREE, true);
    menu_mark_unavailable(&cfg, true); /* OVMF: OsIndicationsSupported has the bit */
    expect_lines(
        (const char *const[]){"  1. a", "> 2. b (default)", "  3. setup [firmware setup]", NULL});
}

static void setup_without_the_firmware_bit_is_marked_unavailable_before_it_is_chosen(void **state)
{
    (void)state;
    load(THREE, true);
    menu_mark_unavailable(&cfg, false);
    assert_true(cfg.entries[2].unavailable);
    assert_false(cfg.entries[0].unavailable); /* kernels never are */
    assert_false(cfg.entries[1].unavailable);
    expect_lines((const char *const[]){"  1. a", "> 2. b (default)",
                                       "  3. setup [firmware setup] (unavailable)", NULL});
    /* Still selectable: choosing it is refused with one line and the menu returns. */
    assert_int_equal(menu_key(&m, C('3')), MENU_BOOT);
    assert_int_equal(m.sel, 2);
}

static void other_kinds_are_named_on_their_lines(void **state)
{
    (void)state;
    load("timeout = 5\nentry = shell\nefi = /shell.efi\nentry = again\naction = reboot\n"
         "entry = off\naction = poweroff\n", true);
    menu_mark_unavailable(&cfg, false); /* only setup depends on the firmware's bit */
    expect_lines((const char *const[]){"> 1. shell [EFI application] (default)",
                                       "  2. again [reboot]", "  3. off [power off]", NULL});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(timeout_zero_means_no_menu),
        cmocka_unit_test(countdown_boots_the_default_when_it_ends),
        cmocka_unit_test(any_key_stops_the_countdown),
        cmocka_unit_test(arrows_move_without_wrapping_and_enter_boots),
        cmocka_unit_test(a_digit_selects_and_boots_its_entry),
        cmocka_unit_test(a_digit_past_the_last_entry_does_nothing),
        cmocka_unit_test(esc_leaves_the_menu),
        cmocka_unit_test(e_edits_a_copy_and_enter_boots_the_edited_line),
        cmocka_unit_test(esc_in_the_editor_returns_to_the_menu),
        cmocka_unit_test(digits_in_the_editor_are_text),
        cmocka_unit_test(no_editor_for_actions_or_when_locked),
        cmocka_unit_test(lines_mark_selection_kind_and_default),
        cmocka_unit_test(setup_without_the_firmware_bit_is_marked_unavailable_before_it_is_chosen),
        cmocka_unit_test(other_kinds_are_named_on_their_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
