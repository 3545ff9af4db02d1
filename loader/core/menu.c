/* menu.c - the boot menu's decisions (which entry, when, with which command line). */
#include "menu.h"

bool menu_boots_at_once(const struct boot_config *cfg)
{
    return cfg->timeout == 0;
}

void menu_start(struct menu *m, const struct boot_config *cfg, bool edit_allowed)
{
    m->cfg = cfg;
    m->sel = cfg->default_entry;
    m->countdown = cfg->timeout;
    m->counting = cfg->timeout > 0;
    m->edit_allowed = edit_allowed;
    m->editing = false;
    m->edit_buf[0] = '\0';
}

static bool can_edit(const struct menu *m)
{
    enum cfg_kind kind = m->cfg->entries[m->sel].kind;
    return m->edit_allowed && (kind == CFG_KERNEL || kind == CFG_EFI);
}

static enum menu_action edit_key(struct menu *m, struct key k)
{
    switch (le_key(&m->le, k)) {
    case LE_DONE:
        m->editing = false;
        return MENU_BOOT_EDITED;
    case LE_CANCELLED:
        m->editing = false;
        return MENU_STAY;
    default:
        return MENU_STAY;
    }
}

enum menu_action menu_key(struct menu *m, struct key k)
{
    m->counting = false; /* any key: the user is here */
    if (m->editing)
        return edit_key(m, k);
    uint32_t n = m->cfg->nentries;
    switch (k.code) {
    case KEY_UP:
        if (m->sel)
            m->sel--;
        return MENU_STAY;
    case KEY_DOWN:
        if (m->sel + 1 < n)
            m->sel++;
        return MENU_STAY;
    case KEY_ENTER:
        return MENU_BOOT;
    case KEY_ESC:
        return MENU_EXIT;
    case KEY_CHAR:
        if (k.ch >= '1' && k.ch <= '9' && (uint32_t)(k.ch - '1') < n) {
            m->sel = (uint32_t)(k.ch - '1');
            return MENU_BOOT;
        }
        if (k.ch == 'e' && can_edit(m)) {
            const char *src = m->cfg->entries[m->sel].cmdline;
            uint32_t i = 0;
            for (; src[i] && i + 1 < sizeof m->edit_buf; i++)
                m->edit_buf[i] = src[i];
            m->edit_buf[i] = '\0';
            le_start(&m->le, m->edit_buf, sizeof m->edit_buf);
            m->editing = true;
        }
        return MENU_STAY;
    default:
        return MENU_STAY;
    }
}

enum menu_action menu_tick(struct menu *m)
{
    if (!m->counting)
        return MENU_STAY;
    if (m->countdown > 1) {
        m->countdown--;
        return MENU_STAY;
    }
    m->countdown = 0;
    m->counting = false;
    return MENU_BOOT;
}

void menu_mark_unavailable(struct boot_config *cfg, bool setup_supported)
{
    for (uint32_t i = 0; i < cfg->nentries; i++)
        cfg->entries[i].unavailable =
            cfg->entries[i].kind == CFG_FIRMWARE_SETUP && !setup_supported;
}

static const char *kind_note(enum cfg_kind kind)
{
    switch (kind) {
    case CFG_EFI:
        return " [EFI application]";
    case CFG_FIRMWARE_SETUP:
        return " [firmware setup]";
    case CFG_REBOOT:
        return " [reboot]";
    case CFG_POWEROFF:
        return " [power off]";
    default:
        return "";
    }
}

void menu_entry_line(const struct menu *m, uint32_t i, struct diag *d)
{
    const struct cfg_entry *e = &m->cfg->entries[i];
    diag_set(d, "%s %u. %s%s%s%s", i == m->sel ? ">" : " ", i + 1, e->title, kind_note(e->kind),
             e->unavailable ? " (unavailable)" : "",
             i == m->cfg->default_entry ? " (default)" : "");
}
