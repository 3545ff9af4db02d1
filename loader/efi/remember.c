/* remember.c - the last started entry in an EFI variable (boot.cfg `remember = on`). */
#include "remember.h"

#define VAR_ATTRS \
    (EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS)

/* This project's vendor GUID: its variables never collide with anyone else's. */
static EFI_GUID vendor = { 0x7e96f53c, 0x4a2c, 0x45ab,
                           { 0xb4, 0x17, 0xa4, 0xaf, 0x7e, 0xe0, 0x43, 0x03 } };
static CHAR16 var_name[] = L"LastEntry";

void remember_load(EFI_SYSTEM_TABLE *st, struct boot_config *cfg)
{
    char title[CFG_TITLE_MAX];
    UINTN size = sizeof title - 1;
    UINT32 attrs;
    if (EFI_ERROR(st->RuntimeServices->GetVariable(var_name, &vendor, &attrs, &size, title)))
        return;
    title[size] = '\0';
    for (uint32_t i = 0; i < cfg->nentries; i++) {
        const char *t = cfg->entries[i].title;
        uint32_t n = 0;
        while (t[n] && t[n] == title[n])
            n++;
        if (t[n] == '\0' && title[n] == '\0') {
            cfg->default_entry = i;
            con_print("remember = on: default is %u. %s, started last time", i + 1, t);
            return;
        }
    }
}

void remember_save(EFI_SYSTEM_TABLE *st, const char *title)
{
    EFI_STATUS s = st->RuntimeServices->SetVariable(var_name, &vendor, VAR_ATTRS,
                                                    diag_strlen(title), (void *)title);
    if (EFI_ERROR(s)) {
        struct diag t;
        con_print("note: remember = on: cannot keep the entry (%s)", efi_status_text(s, &t));
    }
}
