/* efi_tables.c - ACPI RSDP lookup in the configuration table (UEFI 2.x, 4.6). */
#include "tables.h"
#include <stdbool.h>
#include "console.h"

#define RSDP_SIGNATURE "RSD PTR " /* ACPI 6.x, 5.2.5.3: 8 bytes, no NUL */
#define RSDP_SIGNATURE_LEN 8

static bool same_guid(const EFI_GUID *a, const EFI_GUID *b)
{
    const UINT8 *x = (const UINT8 *)a, *y = (const UINT8 *)b;
    for (UINTN i = 0; i < sizeof(EFI_GUID); i++)
        if (x[i] != y[i])
            return false;
    return true;
}

static const void *checked_rsdp(const void *p, const char *which)
{
    const char *s = p;
    for (int i = 0; i < RSDP_SIGNATURE_LEN; i++) {
        if (s[i] != RSDP_SIGNATURE[i]) {
            con_print("note: configuration table %s: RSDP signature at 0x%x is not "
                      "\"RSD PTR \"; no ACPI tag from it", which, (unsigned)(UINTN)p);
            return NULL;
        }
    }
    return p;
}

void efi_find_rsdp(const EFI_SYSTEM_TABLE *st, struct acpi_rsdps *out)
{
    EFI_GUID acpi1 = ACPI_TABLE_GUID;
    EFI_GUID acpi2 = ACPI_20_TABLE_GUID;
    out->v1 = out->v2 = NULL;
    for (UINTN i = 0; i < st->NumberOfTableEntries; i++) {
        const EFI_CONFIGURATION_TABLE *t = &st->ConfigurationTable[i];
        if (!out->v1 && same_guid(&t->VendorGuid, &acpi1))
            out->v1 = checked_rsdp(t->VendorTable, "ACPI 1.0");
        else if (!out->v2 && same_guid(&t->VendorGuid, &acpi2))
            out->v2 = checked_rsdp(t->VendorTable, "ACPI 2.0");
    }
}
