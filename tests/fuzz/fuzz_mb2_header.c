/* fuzz_mb2_header.c - libFuzzer harness: mb2h_parse then mb2h_supported on arbitrary bytes. */
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>

#include "loader/core/image.h"
#include "loader/core/mb2_header.h"
#include "shared/bootinfo.h"

/* Roughly what the loader gives: cmdline, name, meminfo, mmap, framebuffer, EFI, ACPI. */
#define CAN_GIVE ((1ull << MB2_TAG_CMDLINE) | (1ull << MB2_TAG_BOOT_LOADER_NAME) | \
                  (1ull << MB2_TAG_BASIC_MEMINFO) | (1ull << MB2_TAG_MMAP) |           \
                  (1ull << MB2_TAG_FRAMEBUFFER) | (1ull << MB2_TAG_EFI32) |            \
                  (1ull << MB2_TAG_ACPI_OLD) | (1ull << MB2_TAG_ACPI_NEW) |            \
                  (1ull << MB2_TAG_EFI_MMAP))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mb2h_info info;
    struct diag d;
    if (size > UINT32_MAX)
        return 0;
    if (!mb2h_parse(data, (uint32_t)size, "\\kernel.elf", &info, &d)) {
        if (d.msg[0] == '\0')
            abort(); /* a refusal always says why */
        return 0;
    }
    /* An accepted header lies in the file, in the search window, 8-byte aligned; a
     * header_length that cannot be right is accepted only with a note saying so. */
    bool length_ok = (uint64_t)info.offset + info.length <= size &&
                     info.offset + info.length <= MB2_HEADER_SEARCH;
    if (info.offset % MB2_HEADER_ALIGN || info.offset >= size ||
        info.nrequests > MB2H_MAX_REQUESTS || (!length_ok && info.note.msg[0] == '\0'))
        abort();
    if (!mb2h_supported(&info, CAN_GIVE, "\\kernel.elf", &d) && d.msg[0] == '\0')
        abort();
    /* A flat image lies in the file and below 4 GiB, its entry in its file bytes. */
    struct elf_image img;
    if (info.has_address) {
        if (!image_from_address_tag((uint32_t)size, &info, "\\kernel.elf", &img, &d)) {
            if (d.msg[0] == '\0')
                abort();
        } else if (img.nsegs != 1 || img.segs[0].offset > size ||
                   img.segs[0].filesz > size - img.segs[0].offset ||
                   img.segs[0].filesz > img.segs[0].memsz ||
                   (uint64_t)img.lowest + img.segs[0].memsz > UINT32_MAX ||
                   info.entry - img.lowest >= img.segs[0].filesz) {
            abort();
        }
    }
    return 0;
}
