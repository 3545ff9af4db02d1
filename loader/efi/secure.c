/* secure.c - the firmware side of Secure Boot: variables, the enroll block, the state line. */
#include "secure.h"

#include "../arch.h"
#include "../core/enroll.h"
#include "../core/secure_policy.h"
#include "menu_io.h"

/* Written by `make sign` (tools/enroll.c) in the PE file, before sbsign. In .data
 * (objcopy keeps it), not static and used, so the compiler neither drops it nor
 * folds its all-zero digest into the code. */
__attribute__((used)) struct enroll_block loader_enroll = {
    .magic = ENROLL_MAGIC,
    .version = ENROLL_VERSION,
    .enrolled = 0,
};

/* A one-byte boolean EFI global variable; false when absent or not one byte. */
static bool global_flag(EFI_RUNTIME_SERVICES *rt, CHAR16 *name)
{
    EFI_GUID global = EFI_GLOBAL_VARIABLE;
    UINT8 v = 0;
    UINTN size = sizeof v;
    UINT32 attr;
    EFI_STATUS st = rt->GetVariable(name, &global, &attr, &size, &v);
    return !EFI_ERROR(st) && size == 1 && v == 1;
}

EFI_STATUS secure_check(EFI_RUNTIME_SERVICES *rt, const struct boot_config *cfg,
                        const uint8_t *cfg_sha256, const char *cfg_name)
{
    /* Read through a volatile pointer: the block is filled after the build. */
    const volatile struct enroll_block *vb = &loader_enroll;
    struct enroll_block b;
    for (uint32_t i = 0; i < sizeof b; i++)
        ((uint8_t *)&b)[i] = ((const volatile uint8_t *)vb)[i];
    struct secure_state s = {
        .secure_boot = global_flag(rt, L"SecureBoot"),
        .setup_mode = global_flag(rt, L"SetupMode"),
        .enrolled = enroll_present(&b) ? b.sha256 : NULL,
        .cfg = cfg_sha256,
        .cfg_name = cfg_name,
        .loader = ARCH_LOADER ".EFI",
    };
    struct diag d;
    secure_state_line(&s, cfg, &d);
    con_progress("%s", d.msg);
    if (!secure_policy(&s, cfg, &d))
        return con_error(EFI_SECURITY_VIOLATION, "%s", d.msg);
    /* Under Secure Boot boot.cfg is the signed word: no editing a command line past it. */
    menu_editor_locked = secure_enforced(&s);
    return EFI_SUCCESS;
}
