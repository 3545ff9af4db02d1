/* protocol.c - picks the header that boots a kernel file: Multiboot2 first, then Multiboot 1. */
#include "protocol.h"
#include "../../shared/bootinfo.h"
#include "../../shared/multiboot1.h"

static const struct {
    const char *name; /* in messages */
    const char *cfg;  /* boot.cfg's protocol value */
} protos[] = {
    [PROTO_MULTIBOOT2] = {"Multiboot2", "multiboot2"},
    [PROTO_MULTIBOOT1] = {"Multiboot 1", "multiboot1"},
};

const char *proto_name(enum boot_protocol p)
{
    return protos[p].name;
}

/* The Multiboot2 magic at any byte offset: a header was meant, even a broken one. */
static bool mb2_magic_anywhere(const uint8_t *file, uint32_t size)
{
    for (uint32_t off = 0; size >= sizeof(uint32_t) && off <= size - sizeof(uint32_t); off++) {
        uint32_t v;
        diag_memcpy(&v, file + off, sizeof v);
        if (v == MB2_HEADER_MAGIC)
            return true;
    }
    return false;
}

static void forced_absent(enum boot_protocol p, uint32_t magic, uint32_t window, const char *name,
                          struct diag *d)
{
    diag_set(d, "%s: boot.cfg protocol = %s: no %s header (magic 0x%x) in the first %u bytes", name,
             protos[p].cfg, protos[p].name, magic, window);
}

static uint32_t window(uint32_t size, uint32_t search)
{
    return size < search ? size : search;
}

void proto_choose(const uint8_t *file, uint32_t size, enum cfg_protocol forced, const char *name,
                  struct proto_choice *out, struct diag *d)
{
    struct diag d1;
    diag_memset(out, 0, sizeof *out);
    d->msg[0] = '\0';
    if (forced == CFG_PROTOCOL_MULTIBOOT1) {
        out->which = PROTO_MULTIBOOT1;
        enum mb1h_status s = mb1h_parse(file, size, name, &out->mb1, d);
        out->header_ok = s == MB1H_OK;
        if (s == MB1H_ABSENT)
            forced_absent(PROTO_MULTIBOOT1, MB1_HEADER_MAGIC, window(size, MB1_HEADER_SEARCH), name,
                          d);
        return;
    }
    out->which = PROTO_MULTIBOOT2;
    out->header_ok = mb2h_parse(file, size, name, &out->mb2, d);
    if (forced == CFG_PROTOCOL_MULTIBOOT2) {
        if (!out->header_ok && !mb2_magic_anywhere(file, size))
            forced_absent(PROTO_MULTIBOOT2, MB2_HEADER_MAGIC, window(size, MB2_HEADER_SEARCH), name,
                          d);
        return;
    }
    if (out->header_ok)
        return;
    enum mb1h_status s = mb1h_parse(file, size, name, &out->mb1, &d1);
    bool mb2_meant = mb2_magic_anywhere(file, size);
    if (s == MB1H_OK) {
        if (mb2_meant)
            out->note = *d; /* the Multiboot2 header's refusal, now only a note */
    } else if (s == MB1H_ABSENT || mb2_meant) {
        return; /* the Multiboot2 refusal stands */
    }
    out->which = PROTO_MULTIBOOT1;
    out->header_ok = s == MB1H_OK;
    *d = d1;
}
