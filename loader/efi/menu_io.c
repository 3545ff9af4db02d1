/* menu_io.c - draws the boot menu and reads its keys through the firmware console. */
#include "menu_io.h"

bool menu_editor_locked;

#define ONE_SECOND 10000000ull /* SetTimer counts 100 ns */
#define CHAR_ESC 0x1b

/* ConIn's key as the menu sees it (UEFI 2.x, 12.3: scan codes for the keys that are
 * not characters; a serial terminal's escape sequences arrive as the same codes). */
static struct key translate(EFI_INPUT_KEY k)
{
    static const struct {
        UINT16 scan;
        enum key_code code;
    } scans[] = {
        {SCAN_UP, KEY_UP},         {SCAN_DOWN, KEY_DOWN}, {SCAN_LEFT, KEY_LEFT},
        {SCAN_RIGHT, KEY_RIGHT},   {SCAN_HOME, KEY_HOME}, {SCAN_END, KEY_END},
        {SCAN_DELETE, KEY_DELETE}, {SCAN_ESC, KEY_ESC},
    };
    for (uint32_t i = 0; i < sizeof scans / sizeof scans[0]; i++)
        if (k.ScanCode == scans[i].scan)
            return (struct key){scans[i].code, 0};
    if (k.UnicodeChar == CHAR_CARRIAGE_RETURN || k.UnicodeChar == CHAR_LINEFEED)
        return (struct key){KEY_ENTER, 0};
    if (k.UnicodeChar == CHAR_BACKSPACE || k.UnicodeChar == 0x7f)
        return (struct key){KEY_BACKSPACE, 0};
    if (k.UnicodeChar == CHAR_ESC)
        return (struct key){KEY_ESC, 0};
    if (k.UnicodeChar >= ' ' && k.UnicodeChar < 0x7f)
        return (struct key){KEY_CHAR, (char)k.UnicodeChar};
    return (struct key){KEY_OTHER, 0};
}

static void draw(const struct menu *m)
{
    const struct boot_config *cfg = m->cfg;
    if (m->editing) {
        con_print("edit %s: %s", cfg->entries[m->sel].title, m->edit_buf);
        return;
    }
    con_print("boot menu:");
    for (uint32_t i = 0; i < cfg->nentries; i++) {
        struct diag line;
        menu_entry_line(m, i, &line);
        con_print("%s", line.msg);
    }
    con_print("up/down or 1-%u choose, Enter boots,%s Esc returns to the firmware", cfg->nentries,
              m->edit_allowed ? " e edits the command line," : "");
    if (m->counting)
        con_print("booting %u. %s in %u s (any key stops)", m->sel + 1, cfg->entries[m->sel].title,
                  m->countdown);
}

enum menu_action menu_run(EFI_SYSTEM_TABLE *st, struct menu *m)
{
    EFI_BOOT_SERVICES *bs = st->BootServices;
    EFI_EVENT ev[2];
    enum menu_action a = MENU_STAY;
    draw(m);
    if (!st->ConIn || EFI_ERROR(bs->CreateEvent(EVT_TIMER, 0, NULL, NULL, &ev[1])))
        return MENU_BOOT;
    ev[0] = st->ConIn->WaitForKey;
    if (EFI_ERROR(bs->SetTimer(ev[1], TimerPeriodic, ONE_SECOND)))
        a = MENU_BOOT;
    while (a == MENU_STAY) {
        UINTN which;
        EFI_INPUT_KEY k;
        if (EFI_ERROR(bs->WaitForEvent(2, ev, &which))) {
            a = MENU_BOOT;
            break;
        }
        if (which == 1) {
            bool was = m->counting;
            a = menu_tick(m);
            if (was && m->counting)
                con_print("booting %u. %s in %u s (any key stops)", m->sel + 1,
                          m->cfg->entries[m->sel].title, m->countdown);
        } else if (!EFI_ERROR(st->ConIn->ReadKeyStroke(st->ConIn, &k))) {
            a = menu_key(m, translate(k));
            if (a == MENU_STAY)
                draw(m);
        }
    }
    bs->SetTimer(ev[1], TimerCancel, 0);
    bs->CloseEvent(ev[1]);
    return a;
}
