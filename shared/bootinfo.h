/* bootinfo.h - the loader-kernel contract: Multiboot2 header and boot information.
 *
 * Written from the Multiboot2 specification (1.6 "Multiboot2 header", 3.6 "Boot
 * information format"). Every layout is pinned with _Static_assert so that the
 * loader (built for ia32 and x86_64), the kernel (i386) and the host tests (x86_64)
 * agree byte for byte. Addresses the specification makes 64-bit stay 64-bit here.
 * Freestanding: only <stdint.h> and <stddef.h>.
 */
#ifndef SHARED_BOOTINFO_H
#define SHARED_BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

/* ---- Machine state at kernel entry (spec 3.3, i386) ---- */
#define MB2_BOOTLOADER_MAGIC 0x36d76289u /* in EAX at kernel entry */

/* ---- Multiboot2 header, inside the kernel image (spec 3.1) ---- */
#define MB2_HEADER_MAGIC 0xE85250D6u
#define MB2_HEADER_ARCH_I386 0u
#define MB2_HEADER_ARCH_MIPS32 4u
#define MB2_HEADER_SEARCH 32768u /* header lies entirely in the first 32 KiB */
#define MB2_HEADER_ALIGN 8u      /* header and its tags are 8-byte aligned */

struct mb2_header {
    uint32_t magic;
    uint32_t architecture;
    uint32_t header_length; /* including all tags */
    uint32_t checksum;      /* magic + architecture + header_length + checksum == 0 (mod 2^32) */
};
_Static_assert(sizeof(struct mb2_header) == 16, "mb2_header layout");
_Static_assert(offsetof(struct mb2_header, magic) == 0, "mb2_header layout");
_Static_assert(offsetof(struct mb2_header, architecture) == 4, "mb2_header layout");
_Static_assert(offsetof(struct mb2_header, header_length) == 8, "mb2_header layout");
_Static_assert(offsetof(struct mb2_header, checksum) == 12, "mb2_header layout");

/* Header tag types (spec 3.1.3 - 3.1.12). */
#define MB2_HTAG_END 0u
#define MB2_HTAG_INFO_REQUEST 1u
#define MB2_HTAG_ADDRESS 2u
#define MB2_HTAG_ENTRY_ADDRESS 3u
#define MB2_HTAG_CONSOLE_FLAGS 4u
#define MB2_HTAG_FRAMEBUFFER 5u
#define MB2_HTAG_MODULE_ALIGN 6u
#define MB2_HTAG_EFI_BS 7u
#define MB2_HTAG_ENTRY_EFI32 8u
#define MB2_HTAG_ENTRY_EFI64 9u
#define MB2_HTAG_RELOCATABLE 10u

#define MB2_HTAG_FLAG_OPTIONAL 1u /* bit 0 of flags: the loader may ignore the tag */

struct mb2_header_tag {
    uint16_t type;
    uint16_t flags;
    uint32_t size; /* including this 8-byte head; next tag at the next 8-byte boundary */
};
_Static_assert(sizeof(struct mb2_header_tag) == 8, "mb2_header_tag layout");
_Static_assert(offsetof(struct mb2_header_tag, type) == 0, "mb2_header_tag layout");
_Static_assert(offsetof(struct mb2_header_tag, flags) == 2, "mb2_header_tag layout");
_Static_assert(offsetof(struct mb2_header_tag, size) == 4, "mb2_header_tag layout");

struct mb2_header_tag_info_request {
    uint16_t type; /* MB2_HTAG_INFO_REQUEST */
    uint16_t flags;
    uint32_t size;             /* 8 + 4 * number of requests */
    uint32_t requests[];       /* boot information tag types wanted */
};
_Static_assert(sizeof(struct mb2_header_tag_info_request) == 8, "info request layout");
_Static_assert(offsetof(struct mb2_header_tag_info_request, flags) == 2, "info request layout");
_Static_assert(offsetof(struct mb2_header_tag_info_request, size) == 4, "info request layout");
_Static_assert(offsetof(struct mb2_header_tag_info_request, requests) == 8, "info request layout");

struct mb2_header_tag_address {
    uint16_t type; /* MB2_HTAG_ADDRESS */
    uint16_t flags;
    uint32_t size; /* 24 */
    uint32_t header_addr;
    uint32_t load_addr;
    uint32_t load_end_addr;
    uint32_t bss_end_addr;
};
_Static_assert(sizeof(struct mb2_header_tag_address) == 24, "address tag layout");
_Static_assert(offsetof(struct mb2_header_tag_address, header_addr) == 8, "address tag layout");
_Static_assert(offsetof(struct mb2_header_tag_address, load_addr) == 12, "address tag layout");
_Static_assert(offsetof(struct mb2_header_tag_address, load_end_addr) == 16, "address tag layout");
_Static_assert(offsetof(struct mb2_header_tag_address, bss_end_addr) == 20, "address tag layout");

struct mb2_header_tag_entry_address {
    uint16_t type; /* MB2_HTAG_ENTRY_ADDRESS, _ENTRY_EFI32 or _ENTRY_EFI64 */
    uint16_t flags;
    uint32_t size; /* 12 */
    uint32_t entry_addr;
};
_Static_assert(sizeof(struct mb2_header_tag_entry_address) == 12, "entry tag layout");
_Static_assert(offsetof(struct mb2_header_tag_entry_address, entry_addr) == 8, "entry tag layout");

#define MB2_CONSOLE_FLAG_REQUIRED 1u  /* bit 0: console_flags bit 1 is a requirement */
#define MB2_CONSOLE_FLAG_EGA_TEXT 2u  /* bit 1: EGA text supported */
struct mb2_header_tag_console_flags {
    uint16_t type; /* MB2_HTAG_CONSOLE_FLAGS */
    uint16_t flags;
    uint32_t size; /* 12 */
    uint32_t console_flags;
};
_Static_assert(sizeof(struct mb2_header_tag_console_flags) == 12, "console tag layout");
_Static_assert(offsetof(struct mb2_header_tag_console_flags, console_flags) == 8, "console tag layout");

struct mb2_header_tag_framebuffer {
    uint16_t type; /* MB2_HTAG_FRAMEBUFFER */
    uint16_t flags;
    uint32_t size; /* 20 */
    uint32_t width;  /* 0: no preference */
    uint32_t height; /* 0: no preference */
    uint32_t depth;  /* 0: no preference */
};
_Static_assert(sizeof(struct mb2_header_tag_framebuffer) == 20, "fb header tag layout");
_Static_assert(offsetof(struct mb2_header_tag_framebuffer, width) == 8, "fb header tag layout");
_Static_assert(offsetof(struct mb2_header_tag_framebuffer, height) == 12, "fb header tag layout");
_Static_assert(offsetof(struct mb2_header_tag_framebuffer, depth) == 16, "fb header tag layout");

struct mb2_header_tag_relocatable {
    uint16_t type; /* MB2_HTAG_RELOCATABLE */
    uint16_t flags;
    uint32_t size; /* 24 */
    uint32_t min_addr;
    uint32_t max_addr;
    uint32_t align;
    uint32_t preference; /* 0 none, 1 lowest, 2 highest */
};
_Static_assert(sizeof(struct mb2_header_tag_relocatable) == 24, "relocatable tag layout");
_Static_assert(offsetof(struct mb2_header_tag_relocatable, min_addr) == 8, "relocatable tag layout");
_Static_assert(offsetof(struct mb2_header_tag_relocatable, max_addr) == 12, "relocatable tag layout");
_Static_assert(offsetof(struct mb2_header_tag_relocatable, align) == 16, "relocatable tag layout");
_Static_assert(offsetof(struct mb2_header_tag_relocatable, preference) == 20, "relocatable tag layout");

/* ---- Boot information (spec 3.6) ---- */
/* Tag types. */
#define MB2_TAG_END 0u
#define MB2_TAG_CMDLINE 1u
#define MB2_TAG_BOOT_LOADER_NAME 2u
#define MB2_TAG_MODULE 3u
#define MB2_TAG_BASIC_MEMINFO 4u
#define MB2_TAG_BOOTDEV 5u
#define MB2_TAG_MMAP 6u
#define MB2_TAG_VBE 7u
#define MB2_TAG_FRAMEBUFFER 8u
#define MB2_TAG_ELF_SECTIONS 9u
#define MB2_TAG_APM 10u
#define MB2_TAG_EFI32 11u
#define MB2_TAG_EFI64 12u
#define MB2_TAG_SMBIOS 13u
#define MB2_TAG_ACPI_OLD 14u
#define MB2_TAG_ACPI_NEW 15u
#define MB2_TAG_NETWORK 16u
#define MB2_TAG_EFI_MMAP 17u
#define MB2_TAG_EFI_BS 18u
#define MB2_TAG_EFI32_IH 19u
#define MB2_TAG_EFI64_IH 20u
#define MB2_TAG_LOAD_BASE_ADDR 21u

#define MB2_TAG_ALIGN 8u /* every tag starts on an 8-byte boundary */

/* The fixed part at the address in EBX. */
struct mb2_info {
    uint32_t total_size; /* including this fixed part and the end tag */
    uint32_t reserved;   /* 0 */
};
_Static_assert(sizeof(struct mb2_info) == 8, "mb2_info layout");
_Static_assert(offsetof(struct mb2_info, total_size) == 0, "mb2_info layout");
_Static_assert(offsetof(struct mb2_info, reserved) == 4, "mb2_info layout");

struct mb2_tag {
    uint32_t type;
    uint32_t size; /* including this head, excluding the padding to 8 bytes */
};
_Static_assert(sizeof(struct mb2_tag) == 8, "mb2_tag layout");
_Static_assert(offsetof(struct mb2_tag, type) == 0, "mb2_tag layout");
_Static_assert(offsetof(struct mb2_tag, size) == 4, "mb2_tag layout");

/* Types 1 (command line) and 2 (boot loader name): a NUL-terminated UTF-8 string. */
struct mb2_tag_string {
    uint32_t type;
    uint32_t size;
    char string[];
};
_Static_assert(sizeof(struct mb2_tag_string) == 8, "string tag layout");
_Static_assert(offsetof(struct mb2_tag_string, string) == 8, "string tag layout");

struct mb2_tag_module {
    uint32_t type; /* 3 */
    uint32_t size;
    uint32_t mod_start; /* physical, inclusive */
    uint32_t mod_end;   /* physical, exclusive */
    char string[];
};
_Static_assert(sizeof(struct mb2_tag_module) == 16, "module tag layout");
_Static_assert(offsetof(struct mb2_tag_module, mod_start) == 8, "module tag layout");
_Static_assert(offsetof(struct mb2_tag_module, mod_end) == 12, "module tag layout");
_Static_assert(offsetof(struct mb2_tag_module, string) == 16, "module tag layout");

struct mb2_tag_basic_meminfo {
    uint32_t type; /* 4 */
    uint32_t size; /* 16 */
    uint32_t mem_lower; /* KiB from 0, at most 640 */
    uint32_t mem_upper; /* KiB from 1 MiB to the first hole */
};
_Static_assert(sizeof(struct mb2_tag_basic_meminfo) == 16, "meminfo tag layout");
_Static_assert(offsetof(struct mb2_tag_basic_meminfo, mem_lower) == 8, "meminfo tag layout");
_Static_assert(offsetof(struct mb2_tag_basic_meminfo, mem_upper) == 12, "meminfo tag layout");

/* Memory map entry types (tag 6). */
#define MB2_MMAP_AVAILABLE 1u
#define MB2_MMAP_RESERVED 2u
#define MB2_MMAP_ACPI_RECLAIMABLE 3u
#define MB2_MMAP_NVS 4u
#define MB2_MMAP_BADRAM 5u

struct mb2_mmap_entry {
    uint64_t base_addr;
    uint64_t length;
    uint32_t type;
    uint32_t zero;
};
_Static_assert(sizeof(struct mb2_mmap_entry) == 24, "mmap entry layout");
_Static_assert(offsetof(struct mb2_mmap_entry, base_addr) == 0, "mmap entry layout");
_Static_assert(offsetof(struct mb2_mmap_entry, length) == 8, "mmap entry layout");
_Static_assert(offsetof(struct mb2_mmap_entry, zero) == 20, "mmap entry layout");
_Static_assert(offsetof(struct mb2_mmap_entry, type) == 16, "mmap entry layout");

struct mb2_tag_mmap {
    uint32_t type; /* 6 */
    uint32_t size;
    uint32_t entry_size;    /* 24 here; readers must step by it */
    uint32_t entry_version; /* 0 */
    struct mb2_mmap_entry entries[];
};
_Static_assert(sizeof(struct mb2_tag_mmap) == 16, "mmap tag layout");
_Static_assert(offsetof(struct mb2_tag_mmap, entry_size) == 8, "mmap tag layout");
_Static_assert(offsetof(struct mb2_tag_mmap, entry_version) == 12, "mmap tag layout");
_Static_assert(offsetof(struct mb2_tag_mmap, entries) == 16, "mmap tag layout");

#define MB2_FB_TYPE_INDEXED 0u
#define MB2_FB_TYPE_RGB 1u
#define MB2_FB_TYPE_EGA_TEXT 2u

struct mb2_tag_framebuffer {
    uint32_t type; /* 8 */
    uint32_t size;
    uint64_t framebuffer_addr; /* physical; may lie above 4 GiB */
    uint32_t framebuffer_pitch; /* bytes per scan line */
    uint32_t framebuffer_width;
    uint32_t framebuffer_height;
    uint8_t framebuffer_bpp;
    uint8_t framebuffer_type;
    uint16_t reserved; /* the spec text shows a u8; GRUB and every reader use u16 */
    /* colour info for MB2_FB_TYPE_RGB: */
    uint8_t red_field_position;
    uint8_t red_mask_size;
    uint8_t green_field_position;
    uint8_t green_mask_size;
    uint8_t blue_field_position;
    uint8_t blue_mask_size;
};
_Static_assert(offsetof(struct mb2_tag_framebuffer, framebuffer_addr) == 8, "fb tag layout");
_Static_assert(offsetof(struct mb2_tag_framebuffer, framebuffer_bpp) == 28, "fb tag layout");
_Static_assert(offsetof(struct mb2_tag_framebuffer, red_field_position) == 32, "fb tag layout");
_Static_assert(offsetof(struct mb2_tag_framebuffer, blue_mask_size) == 37, "fb tag layout");
_Static_assert(offsetof(struct mb2_tag_framebuffer, framebuffer_pitch) == 16, "fb tag layout");
_Static_assert(offsetof(struct mb2_tag_framebuffer, framebuffer_width) == 20, "fb tag layout");
_Static_assert(offsetof(struct mb2_tag_framebuffer, framebuffer_height) == 24, "fb tag layout");
_Static_assert(offsetof(struct mb2_tag_framebuffer, framebuffer_type) == 29, "fb tag layout");
_Static_assert(offsetof(struct mb2_tag_framebuffer, reserved) == 30, "fb tag layout");
_Static_assert(offsetof(struct mb2_tag_framebuffer, green_field_position) == 34, "fb tag layout");
_Static_assert(sizeof(struct mb2_tag_framebuffer) == 40, "fb tag layout: 38 bytes of fields, padded to 8");
#define MB2_TAG_FRAMEBUFFER_RGB_SIZE 38u /* value of size for an RGB framebuffer tag */

struct mb2_tag_efi32 {
    uint32_t type; /* 11 */
    uint32_t size; /* 12 */
    uint32_t pointer; /* EFI_SYSTEM_TABLE, physical */
};
_Static_assert(sizeof(struct mb2_tag_efi32) == 12, "efi32 tag layout");
_Static_assert(offsetof(struct mb2_tag_efi32, pointer) == 8, "efi32 tag layout");

struct mb2_tag_efi64 {
    uint32_t type; /* 12 */
    uint32_t size; /* 16 */
    uint64_t pointer;
};
_Static_assert(sizeof(struct mb2_tag_efi64) == 16, "efi64 tag layout");
_Static_assert(offsetof(struct mb2_tag_efi64, pointer) == 8, "efi64 tag layout");

/* Types 14 and 15: a byte-for-byte copy of the ACPI RSDP (20 bytes for v1, 36 for v2). */
struct mb2_tag_acpi {
    uint32_t type;
    uint32_t size;
    uint8_t rsdp[];
};
_Static_assert(sizeof(struct mb2_tag_acpi) == 8, "acpi tag layout");
_Static_assert(offsetof(struct mb2_tag_acpi, rsdp) == 8, "acpi tag layout");
#define MB2_ACPI_RSDP_V1_SIZE 20u
#define MB2_ACPI_RSDP_V2_SIZE 36u

/* Type 17: the firmware's memory map as GetMemoryMap returned it. */
struct mb2_tag_efi_mmap {
    uint32_t type; /* 17 */
    uint32_t size;
    uint32_t descr_size; /* step by this, never by sizeof(EFI_MEMORY_DESCRIPTOR) */
    uint32_t descr_vers;
    uint8_t efi_mmap[];
};
_Static_assert(sizeof(struct mb2_tag_efi_mmap) == 16, "efi mmap tag layout");
_Static_assert(offsetof(struct mb2_tag_efi_mmap, descr_size) == 8, "efi mmap tag layout");
_Static_assert(offsetof(struct mb2_tag_efi_mmap, descr_vers) == 12, "efi mmap tag layout");
_Static_assert(offsetof(struct mb2_tag_efi_mmap, efi_mmap) == 16, "efi mmap tag layout");

/* Tag 9: the kernel's ELF section header table, as GRUB 2 gives it (32-bit num,
 * entsize, shndx). Sections that were not loaded but lie in the file (symbol and
 * string tables, debug info) are copied to memory and their sh_addr set there. */
struct mb2_tag_elf_sections {
    uint32_t type; /* 9 */
    uint32_t size;
    uint32_t num;     /* section headers */
    uint32_t entsize; /* bytes per header (e_shentsize) */
    uint32_t shndx;   /* index of the section name string table */
    uint8_t sections[];
};
_Static_assert(sizeof(struct mb2_tag_elf_sections) == 20, "ELF sections tag layout");
_Static_assert(offsetof(struct mb2_tag_elf_sections, sections) == 20, "ELF sections tag layout");

struct mb2_tag_load_base_addr {
    uint32_t type; /* 21 */
    uint32_t size; /* 12 */
    uint32_t load_base_addr;
};
_Static_assert(sizeof(struct mb2_tag_load_base_addr) == 12, "load base tag layout");
_Static_assert(offsetof(struct mb2_tag_load_base_addr, load_base_addr) == 8, "load base tag layout");

/* UEFI memory descriptor (UEFI 2.x, 7.2 GetMemoryMap), as found in tag 17. */
struct efi_mem_desc {
    uint32_t type;
    uint32_t pad;
    uint64_t phys_start;
    uint64_t virt_start;
    uint64_t num_pages; /* of 4 KiB */
    uint64_t attribute;
};
_Static_assert(sizeof(struct efi_mem_desc) == 40, "efi descriptor layout");
_Static_assert(offsetof(struct efi_mem_desc, virt_start) == 16, "efi descriptor layout");
_Static_assert(offsetof(struct efi_mem_desc, num_pages) == 24, "efi descriptor layout");
_Static_assert(offsetof(struct efi_mem_desc, phys_start) == 8, "efi descriptor layout");
_Static_assert(offsetof(struct efi_mem_desc, attribute) == 32, "efi descriptor layout");

/* UEFI memory types and attributes that the kernel and loader reason about. */
enum efi_mem_type {
    EFI_MT_RESERVED = 0,
    EFI_MT_LOADER_CODE = 1,
    EFI_MT_LOADER_DATA = 2,
    EFI_MT_BOOT_SERVICES_CODE = 3,
    EFI_MT_BOOT_SERVICES_DATA = 4,
    EFI_MT_RUNTIME_SERVICES_CODE = 5,
    EFI_MT_RUNTIME_SERVICES_DATA = 6,
    EFI_MT_CONVENTIONAL = 7,
    EFI_MT_UNUSABLE = 8,
    EFI_MT_ACPI_RECLAIM = 9,
    EFI_MT_ACPI_NVS = 10,
    EFI_MT_MMIO = 11,
    EFI_MT_MMIO_PORT_SPACE = 12,
    EFI_MT_PAL_CODE = 13,
    EFI_MT_PERSISTENT = 14,
    EFI_MT_UNACCEPTED = 15,
};
#define EFI_MEMORY_WB 0x8ull /* write-back cacheable */
#define EFI_PAGE_SIZE 4096ull

/* ---- Iterating the boot information ----
 * mb2_first/mb2_next walk the tags of a boot information block of `total` bytes.
 * They return NULL at the end tag, or as soon as a tag head or its size would run
 * past `total` or is smaller than a tag head: callers never read outside the block.
 */
static inline const struct mb2_tag *mb2_tag_checked(const uint8_t *base, uint32_t total,
                                                    uint32_t off)
{
    if (off > total || total - off < sizeof(struct mb2_tag))
        return NULL;
    const struct mb2_tag *t = (const struct mb2_tag *)(base + off);
    if (t->size < sizeof(struct mb2_tag) || t->size > total - off)
        return NULL;
    return t->type == MB2_TAG_END ? NULL : t;
}

static inline const struct mb2_tag *mb2_first(const struct mb2_info *info)
{
    if (info->total_size < sizeof(struct mb2_info))
        return NULL;
    return mb2_tag_checked((const uint8_t *)info, info->total_size, sizeof(struct mb2_info));
}

static inline const struct mb2_tag *mb2_next(const struct mb2_info *info, const struct mb2_tag *t)
{
    uint32_t off = (uint32_t)((const uint8_t *)t - (const uint8_t *)info);
    uint32_t step = (t->size + MB2_TAG_ALIGN - 1) & ~(MB2_TAG_ALIGN - 1);
    if (step < t->size) /* size near 2^32 wrapped */
        return NULL;
    if (off + step < off)
        return NULL;
    return mb2_tag_checked((const uint8_t *)info, info->total_size, off + step);
}

/* The first tag of `type`, or NULL. */
static inline const struct mb2_tag *mb2_find(const struct mb2_info *info, uint32_t type)
{
    for (const struct mb2_tag *t = mb2_first(info); t; t = mb2_next(info, t))
        if (t->type == type)
            return t;
    return NULL;
}

/* ---- Our own tag: the loader's boot timeline ----
 * Not in the Multiboot2 specification: the type is far above the specification's
 * numbers (it reads 'TIME' as ASCII), so other kernels skip it as the specification
 * requires of unknown tags. Time stamp counter values (rdtsc) taken by the loader;
 * under QEMU -icount the TSC counts guest instructions, so differences are the
 * loader's cost in cycles. A stamp the loader could not take is 0. */
#define MB2_TAG_BOOT_TIMELINE 0x54494D45u

struct mb2_tag_boot_timeline {
    uint32_t type; /* MB2_TAG_BOOT_TIMELINE */
    uint32_t size; /* 40 */
    uint64_t efi_main_tsc;  /* first thing in efi_main */
    uint64_t file_read_tsc; /* the kernel file is in memory */
    uint64_t exit_bs_tsc;   /* just before ExitBootServices */
    uint64_t jump_tsc;      /* just before the handoff to the kernel entry */
};
_Static_assert(sizeof(struct mb2_tag_boot_timeline) == 40, "timeline tag layout");
_Static_assert(offsetof(struct mb2_tag_boot_timeline, efi_main_tsc) == 8, "timeline tag layout");
_Static_assert(offsetof(struct mb2_tag_boot_timeline, jump_tsc) == 32, "timeline tag layout");

#endif /* SHARED_BOOTINFO_H */
