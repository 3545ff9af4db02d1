/* multiboot1.h - the Multiboot 1 contract: the kernel's header and the information
 * structure the loader hands it.
 *
 * Written from the Multiboot specification 0.6.96 (3.1 "OS image format", 3.2
 * "Machine state", 3.3 "Boot information format"). Layouts are pinned with
 * _Static_assert, as in bootinfo.h. Freestanding: only <stdint.h> and <stddef.h>.
 */
#ifndef SHARED_MULTIBOOT1_H
#define SHARED_MULTIBOOT1_H

#include <stddef.h>
#include <stdint.h>

/* ---- Machine state at kernel entry (spec 3.2) ---- */
#define MB1_BOOTLOADER_MAGIC 0x2BADB002u /* in EAX at kernel entry */

/* ---- Multiboot 1 header, inside the kernel image (spec 3.1) ---- */
#define MB1_HEADER_MAGIC 0x1BADB002u
#define MB1_HEADER_SEARCH 8192u /* header lies entirely in the first 8 KiB */
#define MB1_HEADER_ALIGN 4u

/* Header flags (spec 3.1.2). Bits 0-15 are requirements: an unknown one is refused. */
#define MB1_HFLAG_PAGE_ALIGN (1u << 0) /* modules page aligned */
#define MB1_HFLAG_MEMINFO (1u << 1)    /* mem_* and mmap_* fields wanted */
#define MB1_HFLAG_VIDEO (1u << 2)      /* the video fields are valid */
#define MB1_HFLAG_ADDRESS (1u << 16)   /* the address fields are valid: load flat */
#define MB1_HFLAGS_REQUIRED 0xFFFFu

#define MB1_VIDEO_LINEAR 0u /* mode_type: linear graphics */
#define MB1_VIDEO_EGA_TEXT 1u

struct mb1_header {
    uint32_t magic;
    uint32_t flags;
    uint32_t checksum; /* magic + flags + checksum == 0 (mod 2^32) */
    /* flags bit 16 */
    uint32_t header_addr;
    uint32_t load_addr;
    uint32_t load_end_addr; /* 0: to the end of the file */
    uint32_t bss_end_addr;  /* 0: no bss */
    uint32_t entry_addr;
    /* flags bit 2 */
    uint32_t mode_type;
    uint32_t width;
    uint32_t height;
    uint32_t depth;
};
_Static_assert(sizeof(struct mb1_header) == 48, "mb1_header layout");
_Static_assert(offsetof(struct mb1_header, checksum) == 8, "mb1_header layout");
_Static_assert(offsetof(struct mb1_header, header_addr) == 12, "mb1_header layout");
_Static_assert(offsetof(struct mb1_header, entry_addr) == 28, "mb1_header layout");
_Static_assert(offsetof(struct mb1_header, mode_type) == 32, "mb1_header layout");
_Static_assert(offsetof(struct mb1_header, depth) == 44, "mb1_header layout");
#define MB1_HEADER_BASE 12u    /* magic, flags, checksum */
#define MB1_HEADER_ADDRESS 32u /* ... and the address fields */
#define MB1_HEADER_VIDEO 48u   /* ... and the video fields */

/* ---- The information structure (spec 3.3) ---- */
#define MB1_INFO_MEMORY (1u << 0)
#define MB1_INFO_BOOTDEV (1u << 1)
#define MB1_INFO_CMDLINE (1u << 2)
#define MB1_INFO_MODS (1u << 3)
#define MB1_INFO_AOUT_SYMS (1u << 4)
#define MB1_INFO_ELF_SHDR (1u << 5)
#define MB1_INFO_MMAP (1u << 6)
#define MB1_INFO_DRIVES (1u << 7)
#define MB1_INFO_CONFIG_TABLE (1u << 8)
#define MB1_INFO_BOOT_LOADER_NAME (1u << 9)
#define MB1_INFO_APM_TABLE (1u << 10)
#define MB1_INFO_VBE (1u << 11)
#define MB1_INFO_FRAMEBUFFER (1u << 12)

#define MB1_FB_TYPE_INDEXED 0u
#define MB1_FB_TYPE_RGB 1u
#define MB1_FB_TYPE_EGA_TEXT 2u

struct mb1_info {
    uint32_t flags;
    uint32_t mem_lower; /* KiB from 0, up to 640 */
    uint32_t mem_upper; /* KiB from 1 MiB to the first hole */
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count;
    uint32_t mods_addr;
    /* flags bit 5: ELF section headers */
    uint32_t shdr_num;
    uint32_t shdr_size;
    uint32_t shdr_addr;
    uint32_t shdr_shndx;
    uint32_t mmap_length;
    uint32_t mmap_addr;
    uint32_t drives_length;
    uint32_t drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
    uint32_t apm_table;
    uint32_t vbe_control_info;
    uint32_t vbe_mode_info;
    uint16_t vbe_mode;
    uint16_t vbe_interface_seg;
    uint16_t vbe_interface_off;
    uint16_t vbe_interface_len;
    uint64_t framebuffer_addr;
    uint32_t framebuffer_pitch;
    uint32_t framebuffer_width;
    uint32_t framebuffer_height;
    uint8_t framebuffer_bpp;
    uint8_t framebuffer_type;
    /* The specification's table puts the colour info at 110, but its own multiboot.h
     * (and so GRUB, and the kernels built against it) has it in a union with a 32-bit
     * palette address: 4-byte aligned, at 112. We follow multiboot.h. */
    uint16_t color_info_pad;
    uint8_t red_field_position;
    uint8_t red_mask_size;
    uint8_t green_field_position;
    uint8_t green_mask_size;
    uint8_t blue_field_position;
    uint8_t blue_mask_size;
    uint16_t tail_pad; /* multiboot.h's struct is 120 bytes */
} __attribute__((packed));
_Static_assert(sizeof(struct mb1_info) == 120, "mb1_info layout");
_Static_assert(offsetof(struct mb1_info, cmdline) == 16, "mb1_info layout");
_Static_assert(offsetof(struct mb1_info, shdr_num) == 28, "mb1_info layout");
_Static_assert(offsetof(struct mb1_info, mmap_length) == 44, "mb1_info layout");
_Static_assert(offsetof(struct mb1_info, boot_loader_name) == 64, "mb1_info layout");
_Static_assert(offsetof(struct mb1_info, vbe_mode) == 80, "mb1_info layout");
_Static_assert(offsetof(struct mb1_info, framebuffer_addr) == 88, "mb1_info layout");
_Static_assert(offsetof(struct mb1_info, framebuffer_pitch) == 96, "mb1_info layout");
_Static_assert(offsetof(struct mb1_info, framebuffer_bpp) == 108, "mb1_info layout");
_Static_assert(offsetof(struct mb1_info, framebuffer_type) == 109, "mb1_info layout");
_Static_assert(offsetof(struct mb1_info, red_field_position) == 112, "mb1_info layout");
_Static_assert(offsetof(struct mb1_info, blue_mask_size) == 117, "mb1_info layout");

struct mb1_module {
    uint32_t mod_start;
    uint32_t mod_end; /* one past the last byte */
    uint32_t string;
    uint32_t reserved;
};
_Static_assert(sizeof(struct mb1_module) == 16, "mb1_module layout");

/* A memory-map entry: `size` counts the bytes after itself (20 here). */
struct mb1_mmap_entry {
    uint32_t size;
    uint64_t addr;
    uint64_t len;
    uint32_t type; /* as Multiboot2's tag 6: 1 available, 2 reserved, 3 ACPI, 4 NVS, 5 bad */
} __attribute__((packed));
_Static_assert(sizeof(struct mb1_mmap_entry) == 24, "mb1_mmap_entry layout");
_Static_assert(offsetof(struct mb1_mmap_entry, addr) == 4, "mb1_mmap_entry layout");
_Static_assert(offsetof(struct mb1_mmap_entry, type) == 20, "mb1_mmap_entry layout");
#define MB1_MMAP_ENTRY_BODY 20u

#endif
