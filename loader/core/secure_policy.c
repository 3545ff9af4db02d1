/* secure_policy.c - the Secure Boot policy: enrolled boot.cfg digest, required pins. */
#include "secure_policy.h"

bool secure_enforced(const struct secure_state *s)
{
    return s->secure_boot && !s->setup_mode;
}

uint32_t secure_pins(const struct boot_config *cfg)
{
    uint32_t n = 0;
    for (uint32_t e = 0; e < cfg->nentries; e++) {
        const struct cfg_entry *k = &cfg->entries[e];
        if (k->kind != CFG_KERNEL)
            continue;
        n += k->has_kernel_sha256 ? 1 : 0;
        for (uint32_t i = 0; i < k->nmodules; i++)
            n += k->modules[i].has_sha256 ? 1 : 0;
    }
    return n;
}

/* Every file a kernel entry reads must be pinned; EFI applications are checked by the
 * firmware's own LoadImage, actions read nothing. */
static bool entry_pinned(const struct secure_state *s, const struct cfg_entry *k, struct diag *d)
{
    if (k->kind != CFG_KERNEL)
        return true;
    if (!k->has_kernel_sha256) {
        diag_set(d, "secure boot on: kernel %s has no sha256 pin in %s", k->kernel, s->cfg_name);
        return false;
    }
    for (uint32_t i = 0; i < k->nmodules; i++) {
        if (!k->modules[i].has_sha256) {
            diag_set(d, "secure boot on: module %s has no sha256 pin in %s", k->modules[i].path,
                     s->cfg_name);
            return false;
        }
    }
    return true;
}

static bool same_digest(const uint8_t *a, const uint8_t *b)
{
    for (uint32_t i = 0; i < SHA256_DIGEST_SIZE; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

bool secure_policy(const struct secure_state *s, const struct boot_config *cfg, struct diag *d)
{
    char want[SHA256_HEX_SIZE], got[SHA256_HEX_SIZE];
    if (s->enrolled) {
        sha256_hex(s->enrolled, want);
        if (!s->cfg) {
            diag_set(d, "%s: missing: %s has sha256 = %s of it enrolled", s->cfg_name, s->loader,
                     want);
            return false;
        }
        if (!same_digest(s->enrolled, s->cfg)) {
            sha256_hex(s->cfg, got);
            diag_set(d, "%s: sha256 = %s: not the digest enrolled in %s (%s)", s->cfg_name, got,
                     s->loader, want);
            return false;
        }
    }
    if (!secure_enforced(s))
        return true;
    if (!s->enrolled) {
        diag_set(d, "secure boot on: %s has no digest of %s enrolled (make sign)", s->loader,
                 s->cfg_name);
        return false;
    }
    for (uint32_t e = 0; e < cfg->nentries; e++)
        if (!entry_pinned(s, &cfg->entries[e], d))
            return false;
    return true;
}

void secure_state_line(const struct secure_state *s, const struct boot_config *cfg,
                       struct diag *line)
{
    uint32_t pins = secure_pins(cfg);
    const char *mode = secure_enforced(s) ? "on" : s->setup_mode ? "off (setup mode)" : "off";
    diag_set(line, "secure boot %s, boot.cfg %s, %u file%s pinned", mode,
             s->enrolled ? "enrolled" : "not enrolled", pins, pins == 1 ? "" : "s");
}
