/* test_efi_memmap.c - specifies the memory map buffer and the ExitBootServices handshake:
 * GetMemoryMap -> check -> ExitBootServices with nothing in between, retried a bounded
 * number of times on a stale key, and after the first ExitBootServices call only COM1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/efi/memmap.h"
#include "tests/unit/fake_com1.h"
#include "tests/unit/mock_efi.h"

#define DESC_SIZE 48 /* OVMF's: larger than EFI_MEMORY_DESCRIPTOR */

static UINTN map_descs;   /* descriptors in the firmware's current map */
static UINTN desc_size;   /* what GetMemoryMap reports */
static UINTN map_key;     /* changes whenever the map does */
static int stale_exits;   /* ExitBootServices calls that find the key stale (-1: all) */
static UINTN exit_key;    /* the key the last ExitBootServices got */
static EFI_STATUS ready_status;
static UINTN ready_size;  /* m->size the ready callback saw */

/* 'G': the map is copied out (or its size reported when the buffer is too small). */
static EFI_STATUS EFIAPI get_memory_map(UINTN *size, EFI_MEMORY_DESCRIPTOR *buf, UINTN *key,
                                        UINTN *dsize, UINT32 *version)
{
    mock_log('G');
    UINTN need = map_descs * desc_size;
    *dsize = desc_size;
    *version = 1;
    if (*size < need || !buf) {
        *size = need;
        return EFI_BUFFER_TOO_SMALL;
    }
    memset(buf, 0x5A, need);
    *size = need;
    *key = map_key;
    return EFI_SUCCESS;
}

/* 'E': a timer event may change the map between GetMemoryMap and this call; the
 * firmware then refuses the stale key (UEFI 2.x, 7.4). */
static EFI_STATUS EFIAPI exit_boot_services(EFI_HANDLE image, UINTN key)
{
    (void)image;
    mock_log('E');
    exit_key = key;
    if (key != map_key)
        return EFI_INVALID_PARAMETER;
    if (stale_exits != 0) {
        if (stale_exits > 0)
            stale_exits--;
        map_key++;
        return EFI_INVALID_PARAMETER;
    }
    return EFI_SUCCESS;
}

/* 'R': the loader's last look at the final map (its placement checks). */
static EFI_STATUS ready(const struct efi_map *m, void *ctx)
{
    (void)ctx;
    mock_log('R');
    ready_size = m->size;
    return ready_status;
}

static int setup(void **state)
{
    (void)state;
    mock_efi_up();
    fake_com1_reset(true);
    mock_bs.GetMemoryMap = get_memory_map;
    mock_bs.ExitBootServices = exit_boot_services;
    map_descs = 120;
    desc_size = DESC_SIZE;
    map_key = 1000;
    stale_exits = 0;
    exit_key = 0;
    ready_status = EFI_SUCCESS;
    ready_size = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    mock_efi_down();
    return 0;
}

/* The map buffer as the loader sizes it before it builds the boot information. */
static struct efi_map sized_map(void)
{
    struct efi_map m;
    assert_int_equal(efi_map_alloc(&mock_bs, &m), EFI_SUCCESS);
    return m;
}

/* efi_exit_boot_services on `m`, which must return `want`; the firmware calls it made. */
static const char *exit_calls(struct efi_map *m, EFI_STATUS want)
{
    size_t before = strlen(mock_calls);
    assert_int_equal(efi_exit_boot_services(NULL, &mock_bs, m, ready, NULL), want);
    return mock_calls + before;
}

/* The buffer holds twice the first map plus 64 descriptors, in whole pages below 4 GiB,
 * so later allocations (each may split a range) never outgrow it. */
static void the_map_buffer_is_sized_with_slack_below_4_gib(void **state)
{
    (void)state;
    struct efi_map m = sized_map();
    assert_int_equal(m.cap, 16384); /* 2 * 5760 + 64 * 48 = 14592, rounded to pages */
    assert_int_equal(m.size, 0); /* sized only: the map is fetched when it is needed */
    assert_int_equal(m.desc_size, DESC_SIZE);
    assert_int_equal(mock_last_max_address, 0xFFFFEFFFull);
    assert_string_equal(mock_calls, "GA");
}

static void a_descriptor_smaller_than_the_struct_is_refused(void **state)
{
    (void)state;
    desc_size = 24;
    struct efi_map m;
    assert_int_equal(efi_map_alloc(&mock_bs, &m), EFI_UNSUPPORTED);
    assert_string_equal(mock_conout, "loader: error: GetMemoryMap: descriptor size = 24, below "
                                     "the 40 bytes of EFI_MEMORY_DESCRIPTOR "
                                     "(EFI status EFI_UNSUPPORTED)\r\n");
}

static void exits_on_the_first_try_with_the_key_of_the_map_checked(void **state)
{
    (void)state;
    struct efi_map m = sized_map();
    map_descs = 122; /* the loader's own allocations since split two ranges */
    map_key = 1002;
    assert_string_equal(exit_calls(&m, EFI_SUCCESS), "GRE");
    assert_int_equal(exit_key, 1002);
    assert_int_equal(ready_size, 122 * DESC_SIZE);
    assert_string_equal(mock_conout, "");
    assert_string_equal(fake_com1_out, "");
}

/* Nothing may run between GetMemoryMap and ExitBootServices but the check (no
 * allocation, no ConOut): each retry fetches the map again into the same buffer. */
static void a_stale_key_is_retried_with_a_fresh_map_and_nothing_in_between(void **state)
{
    (void)state;
    struct efi_map m = sized_map();
    stale_exits = 2;
    assert_string_equal(exit_calls(&m, EFI_SUCCESS), "GREGREGRE");
    assert_int_equal(exit_key, map_key);
    assert_string_equal(mock_conout, "");
}

/* The firmware never accepts: after 8 tries the loader gives up with one line. Boot
 * services are half shut down by then (UEFI 2.x, 7.4), so the line goes to COM1 only. */
static void a_key_stale_every_time_gives_up_after_8_tries_on_com1_only(void **state)
{
    (void)state;
    struct efi_map m = sized_map();
    stale_exits = -1;
    assert_string_equal(exit_calls(&m, EFI_INVALID_PARAMETER), "GREGREGREGREGREGREGREGRE");
    assert_string_equal(mock_conout, "");
    assert_string_equal(fake_com1_out, "loader: error: ExitBootServices: tries = 8 "
                                       "(EFI status EFI_INVALID_PARAMETER)\r\n");
}

/* Without a UART the line is lost, but nothing touches ConOut either. */
static void without_a_uart_the_line_is_lost_and_conout_stays_untouched(void **state)
{
    (void)state;
    fake_com1_reset(false);
    struct efi_map m = sized_map();
    stale_exits = -1;
    exit_calls(&m, EFI_INVALID_PARAMETER);
    assert_string_equal(mock_conout, "");
    assert_string_equal(fake_com1_out, "");
}

/* A refusal in the final check (a segment over firmware memory) comes before any
 * ExitBootServices: boot services stay up and the error shows on the screen. */
static void a_refusal_of_the_final_map_stops_before_exiting(void **state)
{
    (void)state;
    struct efi_map m = sized_map();
    ready_status = EFI_LOAD_ERROR;
    assert_string_equal(exit_calls(&m, EFI_LOAD_ERROR), "GR");
    con_print("still on the screen");
    assert_string_equal(mock_conout, "loader: still on the screen\r\n");
}

/* The map outgrew even the slack: refused before exiting, naming both sizes. */
static void a_map_outgrowing_its_buffer_is_refused_before_exiting(void **state)
{
    (void)state;
    struct efi_map m = sized_map();
    map_descs = 400;
    assert_null(strchr(exit_calls(&m, EFI_BUFFER_TOO_SMALL), 'E'));
    assert_string_equal(mock_conout, "loader: error: GetMemoryMap before ExitBootServices: "
                                     "buffer bytes = 16384, needed = 19200 "
                                     "(EFI status EFI_BUFFER_TOO_SMALL)\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(the_map_buffer_is_sized_with_slack_below_4_gib),
        T(a_descriptor_smaller_than_the_struct_is_refused),
        T(exits_on_the_first_try_with_the_key_of_the_map_checked),
        T(a_stale_key_is_retried_with_a_fresh_map_and_nothing_in_between),
        T(a_key_stale_every_time_gives_up_after_8_tries_on_com1_only),
        T(without_a_uart_the_line_is_lost_and_conout_stays_untouched),
        T(a_refusal_of_the_final_map_stops_before_exiting),
        T(a_map_outgrowing_its_buffer_is_refused_before_exiting),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
