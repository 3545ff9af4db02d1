/* efi_tables.h - finds the ACPI RSDP in the UEFI configuration table. */
#ifndef LOADER_EFI_TABLES_H
#define LOADER_EFI_TABLES_H

#include "console.h"

struct acpi_rsdps {
    const void *v1; /* ACPI 1.0 table GUID: copy 20 bytes into tag 14; NULL if absent */
    const void *v2; /* ACPI 2.0 table GUID: copy 36 bytes into tag 15; NULL if absent */
};

/* Looks both GUIDs up; an entry whose signature is not "RSD PTR " is skipped with
 * a note line. Both are reported when both are present. */
void efi_find_rsdp(const EFI_SYSTEM_TABLE *st, struct acpi_rsdps *out);

#endif
