/* fake_com1.c - loader/efi/com1.h without port I/O (see fake_com1.h). */
#include <string.h>

#include "loader/efi/com1.h"
#include "tests/unit/fake_com1.h"

char fake_com1_out[4096];
bool fake_com1_programmed;
static bool present, ready;

void fake_com1_reset(bool uart_present)
{
    present = uart_present;
    ready = fake_com1_programmed = false;
    fake_com1_out[0] = 0;
}

bool com1_init(void) { return fake_com1_programmed = ready = present; }

bool com1_attach(void) { return ready = present; }

void com1_write(const char *s)
{
    if (ready)
        strncat(fake_com1_out, s, sizeof fake_com1_out - strlen(fake_com1_out) - 1);
}
