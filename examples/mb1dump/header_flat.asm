; header_flat.asm - mb1dump's Multiboot 1 header for the flat build (flags bit 16): the
; address fields say where the file goes, so the loader needs no ELF to load it.
bits 32

MB1_MAGIC equ 0x1BADB002
MB1_FLAGS equ (1 << 0) | (1 << 1) | (1 << 16)

extern _image_start, _load_end, _image_end, _start

section .mb1header progbits alloc noexec nowrite align=4
header:
    dd MB1_MAGIC
    dd MB1_FLAGS
    dd -(MB1_MAGIC + MB1_FLAGS)
    dd header                   ; header_addr
    dd _image_start             ; load_addr: the file's first byte
    dd _load_end                ; load_end_addr
    dd _image_end               ; bss_end_addr
    dd _start                   ; entry_addr
