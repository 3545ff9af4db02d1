/* secure.h - Secure Boot at the loader's start: the enrolled boot.cfg digest, the
 * SecureBoot and SetupMode variables, the policy of core/secure_policy.h. */
#ifndef LOADER_EFI_SECURE_H
#define LOADER_EFI_SECURE_H

#include "console.h"
#include "../core/config.h"

/* Reads the two variables and this loader's enroll block, applies the policy to
 * boot.cfg (`cfg_sha256`: its digest, NULL when there is none) and `cfg`, prints the
 * state line. Returns EFI_SECURITY_VIOLATION with the refusal printed. */
EFI_STATUS secure_check(EFI_RUNTIME_SERVICES *rt, const struct boot_config *cfg,
                        const uint8_t *cfg_sha256, const char *cfg_name);

#endif
