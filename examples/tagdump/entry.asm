; entry.asm - tagdump's Multiboot2 header (an optional request for every tag GRUB and our loader give) and _start.
bits 32

MB2_HEADER_MAGIC      equ 0xE85250D6
MB2_ARCH_I386         equ 0
MB2_HTAG_END          equ 0
MB2_HTAG_INFO_REQUEST equ 1
MB2_HTAG_OPTIONAL     equ 1

STACK_SIZE equ 16384

; The request is optional (flags bit 0): a loader that lacks one of these tags still
; boots tagdump, and the dump shows what it left out. The private timeline tag
; (0x54494D45) is deliberately not asked for: GRUB never gives it.
section .mb2header progbits alloc noexec nowrite align=8
header:
    dd MB2_HEADER_MAGIC
    dd MB2_ARCH_I386
    dd header_end - header
    dd -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (header_end - header))
request:
    dw MB2_HTAG_INFO_REQUEST, MB2_HTAG_OPTIONAL
    dd request_end - request
    ; command line, loader name, modules, basic meminfo, mmap, framebuffer,
    ; ELF sections, EFI32/EFI64 system table, ACPI old/new, EFI mmap, load base
    dd 1, 2, 3, 4, 6, 8, 9, 11, 12, 14, 15, 17, 21
request_end:
    align 8, db 0
    dw MB2_HTAG_END, 0
    dd 8
header_end:

; Entry (spec 3.3): paging off, flat segments, EAX = magic, EBX = boot information.
section .text
global _start
extern td_main
_start:
    cli
    mov esp, stack_top
    xor ebp, ebp
    cld
    push ebx
    push eax
    call td_main
.hang:
    cli
    hlt
    jmp .hang

section .bss
align 16
stack_bottom:
    resb STACK_SIZE
stack_top:
