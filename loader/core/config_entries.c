/* config_entries.c - boot.cfg's boot-manager keys: entry blocks (efi, action) and the
 * globals that shape the menu (timeout, default, remember). */
#include <stddef.h>
#include "config_parser.h"

#define STR_(x) #x
#define STR(x) STR_(x) /* a numeric macro as a string literal, for messages */

static const struct {
    const char *name;
    enum cfg_kind kind;
} actions[] = {
    {"firmware-setup", CFG_FIRMWARE_SETUP},
    {"reboot", CFG_REBOOT},
    {"poweroff", CFG_POWEROFF},
};

/* Decimal at most `max` filling all of `s`; false for anything else. */
static bool parse_uint(struct span s, uint32_t max, uint32_t *out)
{
    uint32_t v = 0;
    if (s.len == 0)
        return false;
    for (uint32_t i = 0; i < s.len; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
        v = v * 10 + (uint32_t)(s.p[i] - '0');
        if (v > max) /* stops before v can overflow */
            return false;
    }
    *out = v;
    return true;
}

static bool str_is(const char *a, struct span s)
{
    uint32_t i = 0;
    for (; i < s.len; i++)
        if (a[i] != s.p[i])
            return false;
    return a[i] == '\0';
}

/* The current entry needs something to start: refused at its entry line. */
static bool entry_complete(struct parser *ps)
{
    struct cfg_entry *e = ps->e;
    if (ps->kind_key)
        return true;
    return cfg_fail_at(ps, ps->entry_line, ps->entry_col, "entry",
                       "no kernel, efi or action line in this entry",
                       (struct span){e->title, diag_strlen(e->title)});
}

bool cfg_claim_kind(struct parser *ps, struct span key, struct span value)
{
    if (ps->kind_key)
        return cfg_fail(ps, key.p, "kernel, efi and action exclude each other in one entry", value);
    ps->kind_key = ps->key;
    return true;
}

/* "entry = TITLE": a new entry; the keys below it belong to it. */
bool cfg_do_entry(struct parser *ps, struct span key, struct span value)
{
    struct boot_config *cfg = ps->cfg;
    if (ps->first_entry_line)
        return cfg_fail(ps, key.p,
                        "a kernel, cmdline, module or sha256 line stands above the first "
                        "entry (put it inside an entry)",
                        value);
    if (ps->nentries && !entry_complete(ps))
        return false;
    if (ps->nentries == CFG_MAX_ENTRIES)
        return cfg_fail(ps, key.p, "too many entries (at most " STR(CFG_MAX_ENTRIES) ")", value);
    for (uint32_t i = 0; i < value.len; i++)
        if ((unsigned char)value.p[i] < ' ' || value.p[i] == 0x7f)
            return cfg_fail(ps, value.p + i, "control character in title", value);
    if (value.len >= CFG_TITLE_MAX)
        return cfg_fail(ps, value.p, "title longer than " STR(CFG_TITLE_MAX) " bytes", value);
    for (uint32_t i = 0; i < ps->nentries; i++)
        if (str_is(cfg->entries[i].title, value))
            return cfg_fail(ps, value.p, "duplicate title", value);
    if (!ps->nentries) { /* the globals' resolution is each entry's default */
        ps->res_width = cfg->entries[0].res_width;
        ps->res_height = cfg->entries[0].res_height;
    }
    struct cfg_entry *e = &cfg->entries[ps->nentries++];
    diag_memset(e, 0, sizeof *e);
    diag_memcpy(e->title, value.p, value.len);
    e->res_width = ps->res_width;
    e->res_height = ps->res_height;
    ps->e = e;
    ps->entry_line = ps->lineno;
    ps->entry_col = (uint32_t)(value.p - ps->line) + 1;
    ps->seen_kernel = ps->seen_cmdline = ps->seen_resolution = ps->seen_protocol = false;
    ps->kind_key = NULL;
    ps->pin_has = NULL;
    return true;
}

/* "efi = PATH": chainload an EFI application; the entry's cmdline is its options. */
bool cfg_do_efi(struct parser *ps, struct span key, struct span value)
{
    struct span path, rest;
    if (!cfg_claim_kind(ps, key, value) || !cfg_take_path(ps, value, &path, &rest))
        return false;
    if (rest.len)
        return cfg_fail(ps, rest.p, "text after the path (quote a path with spaces)", value);
    if (!cfg_copy_path(ps, ps->e->efi, path))
        return false;
    ps->e->kind = CFG_EFI;
    ps->pin_has = NULL; /* an application is not pinned: a sha256 below is refused */
    return true;
}

bool cfg_do_action(struct parser *ps, struct span key, struct span value)
{
    for (uint32_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (str_is(actions[i].name, value)) {
            if (!cfg_claim_kind(ps, key, value))
                return false;
            ps->e->kind = actions[i].kind;
            return true;
        }
    return cfg_fail(ps, value.p, "must be firmware-setup, reboot or poweroff", value);
}

bool cfg_do_timeout(struct parser *ps, struct span key, struct span value)
{
    if (!cfg_singleton(ps, &ps->seen_timeout, key, value))
        return false;
    if (!parse_uint(value, CFG_TIMEOUT_MAX, &ps->cfg->timeout))
        return cfg_fail(ps, value.p, "must be seconds, 0.." STR(CFG_TIMEOUT_MAX), value);
    return true;
}

/* "default = N" (1-based) or a title: resolved when every entry is known. */
bool cfg_do_default(struct parser *ps, struct span key, struct span value)
{
    if (!cfg_singleton(ps, &ps->seen_default, key, value))
        return false;
    if (value.len >= CFG_TITLE_MAX)
        return cfg_fail(ps, value.p, "no entry has so long a title", value);
    diag_memcpy(ps->default_value, value.p, value.len);
    ps->default_value[value.len] = '\0';
    ps->default_line = ps->lineno;
    ps->default_col = (uint32_t)(value.p - ps->line) + 1;
    return true;
}

bool cfg_do_remember(struct parser *ps, struct span key, struct span value)
{
    return cfg_on_off(ps, &ps->seen_remember, key, value, &ps->cfg->remember);
}

static bool resolve_default(struct parser *ps)
{
    struct boot_config *cfg = ps->cfg;
    struct span v = {ps->default_value, diag_strlen(ps->default_value)};
    uint32_t n;
    if (parse_uint(v, CFG_MAX_ENTRIES, &n)) {
        if (n >= 1 && n <= cfg->nentries) {
            cfg->default_entry = n - 1;
            return true;
        }
    } else {
        for (uint32_t i = 0; i < cfg->nentries; i++)
            if (cfg->entries[i].title[0] && str_is(cfg->entries[i].title, v)) {
                cfg->default_entry = i;
                return true;
            }
    }
    return cfg_fail_at(ps, ps->default_line, ps->default_col, "default",
                       "names no entry (a number from 1 or a title)", v);
}

bool cfg_finish(struct parser *ps)
{
    struct boot_config *cfg = ps->cfg;
    if (ps->nentries) {
        if (!entry_complete(ps))
            return false;
        cfg->nentries = ps->nentries;
    }
    if (ps->seen_default && !resolve_default(ps))
        return false;
    if (!ps->seen_timeout)
        cfg->timeout = cfg->nentries >= 2 ? CFG_TIMEOUT_MENU : 0;
    return true;
}
