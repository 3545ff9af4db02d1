/* mock_efi.c - the pretend firmware of mock_efi.h: ConOut, pages, pool, and a call log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "tests/unit/mock_efi.h"
#include "loader/efi/pages.h"

EFI_BOOT_SERVICES mock_bs;
EFI_SYSTEM_TABLE mock_st;
char mock_conout[8192];
char mock_calls[256];
UINTN mock_pages_free, mock_pages_out;
EFI_PHYSICAL_ADDRESS mock_hand_out_at, mock_last_max_address;
EFI_PHYSICAL_ADDRESS mock_asked[16];
unsigned mock_nasked;

EFI_RUNTIME_SERVICES mock_rt;
uint8_t mock_conout_var[64];
UINTN mock_conout_var_size;

static SIMPLE_TEXT_OUTPUT_INTERFACE con_out;
static size_t nconout, ncalls;

void mock_log(char c)
{
    if (ncalls + 1 < sizeof mock_calls) {
        mock_calls[ncalls++] = c;
        mock_calls[ncalls] = 0;
    }
}

static EFI_STATUS EFIAPI output_string(SIMPLE_TEXT_OUTPUT_INTERFACE *self, CHAR16 *s)
{
    (void)self;
    mock_log('O');
    for (; *s && nconout + 1 < sizeof mock_conout; s++)
        mock_conout[nconout++] = (char)*s;
    mock_conout[nconout] = 0;
    return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI allocate_pages(EFI_ALLOCATE_TYPE type, EFI_MEMORY_TYPE mem, UINTN pages,
                                        EFI_PHYSICAL_ADDRESS *addr)
{
    (void)mem;
    mock_log('A');
    if (mock_nasked < sizeof mock_asked / sizeof mock_asked[0])
        mock_asked[mock_nasked++] = *addr;
    /* A fixed address (a module after the kernel) is never free here: real memory at
     * a chosen address cannot be had on the host. */
    if (type == AllocateAddress)
        return EFI_NOT_FOUND;
    assert_int_equal(type, AllocateMaxAddress); /* else the loader only asks for low memory */
    mock_last_max_address = *addr;
    if (pages > mock_pages_free)
        return EFI_OUT_OF_RESOURCES;
    /* The host's MAP_32BIT memory lies above 4 MiB: a lower limit finds nothing. */
    if (!mock_hand_out_at && *addr < MOCK_LOWEST_MAX)
        return EFI_NOT_FOUND;
    if (mock_hand_out_at) {
        *addr = mock_hand_out_at; /* never touched: the loader must give it back unread */
    } else {
        void *p = mmap(NULL, pages * EFI_PAGE_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
        assert_true(p != MAP_FAILED);
        assert_true((uintptr_t)p + pages * EFI_PAGE_SIZE - 1 <= *addr);
        *addr = (uintptr_t)p;
    }
    mock_pages_free -= pages;
    mock_pages_out += pages;
    return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI free_pages(EFI_PHYSICAL_ADDRESS addr, UINTN pages)
{
    mock_log('F');
    assert_true(pages <= mock_pages_out);
    if (addr != mock_hand_out_at)
        assert_int_equal(munmap((void *)(uintptr_t)addr, pages * EFI_PAGE_SIZE), 0);
    mock_pages_out -= pages;
    mock_pages_free += pages;
    return EFI_SUCCESS;
}

/* The "ConOut" global variable only, from mock_conout_var; absent when its size is 0. */
static EFI_STATUS EFIAPI get_variable(CHAR16 *name, EFI_GUID *guid, UINT32 *attrs,
                                      UINTN *size, VOID *data)
{
    (void)guid;
    (void)attrs;
    static const CHAR16 conout[] = u"ConOut";
    if (memcmp(name, conout, sizeof conout) != 0 || mock_conout_var_size == 0)
        return EFI_NOT_FOUND;
    if (*size < mock_conout_var_size) {
        *size = mock_conout_var_size;
        return EFI_BUFFER_TOO_SMALL;
    }
    *size = mock_conout_var_size;
    memcpy(data, mock_conout_var, mock_conout_var_size);
    return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI allocate_pool(EFI_MEMORY_TYPE type, UINTN size, VOID **out)
{
    (void)type;
    mock_log('P');
    *out = malloc(size);
    return *out ? EFI_SUCCESS : EFI_OUT_OF_RESOURCES;
}

static EFI_STATUS EFIAPI free_pool(VOID *p)
{
    free(p);
    return EFI_SUCCESS;
}

void mock_efi_up(void)
{
    nconout = ncalls = 0;
    mock_conout[0] = mock_calls[0] = 0;
    mock_pages_free = 1024;
    mock_pages_out = 0;
    mock_hand_out_at = mock_last_max_address = 0;
    mock_nasked = 0;
    memset(&mock_bs, 0, sizeof mock_bs);
    mock_bs.AllocatePages = allocate_pages;
    mock_bs.FreePages = free_pages;
    mock_bs.FreePool = free_pool;
    mock_bs.AllocatePool = allocate_pool;
    memset(&mock_rt, 0, sizeof mock_rt);
    mock_rt.GetVariable = get_variable;
    mock_conout_var_size = 0;
    con_out.OutputString = output_string;
    memset(&mock_st, 0, sizeof mock_st);
    mock_st.ConOut = &con_out;
    mock_st.BootServices = &mock_bs;
    mock_st.RuntimeServices = &mock_rt;
    con_init(&mock_st);
}

void mock_efi_down(void)
{
    pages_release_all(&mock_bs);
    assert_int_equal(mock_pages_out, 0);
}
