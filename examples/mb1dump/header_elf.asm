; header_elf.asm - mb1dump's Multiboot 1 header for the ELF build: modules page aligned,
; memory information, and a video mode (linear, any size: the loader's choice).
bits 32

MB1_MAGIC equ 0x1BADB002
MB1_FLAGS equ (1 << 0) | (1 << 1) | (1 << 2)

section .mb1header progbits alloc noexec nowrite align=4
    dd MB1_MAGIC
    dd MB1_FLAGS
    dd -(MB1_MAGIC + MB1_FLAGS)
    dd 0, 0, 0, 0, 0            ; address fields: unused without flags bit 16
    dd 0, 0, 0, 32              ; mode_type 0 (linear), width, height: no preference, depth 32
