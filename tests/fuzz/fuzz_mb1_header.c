/* fuzz_mb1_header.c - libFuzzer harness: mb1h_parse, mb1h_flat_image and proto_choose on arbitrary
 * bytes. */
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>

#include "loader/core/mb1_header.h"
#include "loader/core/protocol.h"
#include "shared/multiboot1.h"

#define NAME "\\kernel.elf"

static void check_refusal(bool ok, const struct diag *d)
{
    if (!ok && d->msg[0] == '\0')
        abort(); /* a refusal always says why */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mb1h_info info;
    struct diag d;
    if (size > UINT32_MAX)
        return 0;
    enum mb1h_status s = mb1h_parse(data, (uint32_t)size, NAME, &info, &d);
    check_refusal(s == MB1H_OK, &d);
    if (s == MB1H_OK) {
        /* An accepted header starts aligned in the window and its fields are in the file. */
        uint32_t need = info.has_video     ? MB1_HEADER_VIDEO
                        : info.has_address ? MB1_HEADER_ADDRESS
                                           : MB1_HEADER_BASE;
        if (info.offset % MB1_HEADER_ALIGN || info.offset + MB1_HEADER_BASE > MB1_HEADER_SEARCH ||
            (uint64_t)info.offset + need > size || (info.flags & 0xFFF8u) ||
            (info.has_video && info.mode_type > MB1_VIDEO_EGA_TEXT))
            abort();
        struct elf_image img;
        if (info.has_address) {
            bool ok = mb1h_flat_image((uint32_t)size, &info, NAME, &img, &d);
            check_refusal(ok, &d);
            /* A flat image lies in the file and below 4 GiB, its entry in its file bytes. */
            if (ok && (img.nsegs != 1 || img.segs[0].offset > size ||
                       img.segs[0].filesz > size - img.segs[0].offset ||
                       img.segs[0].filesz > img.segs[0].memsz ||
                       (uint64_t)img.lowest + img.segs[0].memsz > UINT32_MAX ||
                       info.entry_addr - img.lowest >= img.segs[0].filesz))
                abort();
        }
    }
    for (int forced = CFG_PROTOCOL_AUTO; forced <= CFG_PROTOCOL_MULTIBOOT2; forced++) {
        struct proto_choice pc;
        proto_choose(data, (uint32_t)size, (enum cfg_protocol)forced, NAME, &pc, &d);
        check_refusal(pc.header_ok, &d);
        /* Detection agrees with the parser: a valid Multiboot 1 header never goes unused
         * unless a valid Multiboot2 header wins or boot.cfg forces Multiboot2. */
        if (forced == CFG_PROTOCOL_AUTO && s == MB1H_OK &&
            !(pc.header_ok && (pc.which == PROTO_MULTIBOOT1 || pc.which == PROTO_MULTIBOOT2)))
            abort();
        if (forced == CFG_PROTOCOL_MULTIBOOT1 && pc.which != PROTO_MULTIBOOT1)
            abort();
    }
    return 0;
}
