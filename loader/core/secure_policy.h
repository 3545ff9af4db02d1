/* secure_policy.h - what the loader requires of boot.cfg and its pins, given Secure Boot's state.
 */
#ifndef LOADER_SECURE_POLICY_H
#define LOADER_SECURE_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include "config.h"
#include "diag.h"
#include "sha256.h"

struct secure_state {
    bool secure_boot;        /* the SecureBoot variable is 1 */
    bool setup_mode;         /* the SetupMode variable is 1 (no platform key: nothing enforced) */
    const uint8_t *enrolled; /* the digest enrolled in the loader (make sign); NULL: none */
    const uint8_t *cfg;      /* the digest of boot.cfg as read; NULL: no boot.cfg */
    const char *cfg_name;    /* "\boot.cfg" */
    const char *loader;      /* "BOOTX64.EFI", named in the refusal of a missing enrolment */
};

/* Secure Boot is enforced: on, and not in setup mode (where the firmware checks nothing). */
bool secure_enforced(const struct secure_state *s);

/* Kernel and module lines of `cfg` that carry a sha256 pin. */
uint32_t secure_pins(const struct boot_config *cfg);

/* The policy, in this order:
 *   a digest enrolled: boot.cfg must exist and match it (Secure Boot on or off);
 *   Secure Boot enforced: a digest must be enrolled, the kernel and every module
 *   pinned.
 * Returns false with one line in `d` naming what is missing or differs (the caller
 * refuses with EFI_SECURITY_VIOLATION). */
bool secure_policy(const struct secure_state *s, const struct boot_config *cfg, struct diag *d);

/* The state line: "secure boot on, boot.cfg enrolled, 3 files pinned" (or "off", or
 * "off (setup mode)"; "not enrolled"). */
void secure_state_line(const struct secure_state *s, const struct boot_config *cfg,
                       struct diag *line);

#endif
