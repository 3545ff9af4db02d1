; entry.asm - the minikernel's Multiboot2 header (info request, module alignment) and _start.
bits 32

MB2_HEADER_MAGIC      equ 0xE85250D6
MB2_ARCH_I386         equ 0
MB2_HTAG_END          equ 0
MB2_HTAG_INFO_REQUEST equ 1
MB2_HTAG_MODULE_ALIGN equ 6
MB2_TAG_CMDLINE       equ 1
MB2_TAG_MODULE        equ 3
MB2_TAG_MMAP          equ 6

STACK_SIZE equ 8192

; ---------------------------------------------------------------------------
; Multiboot2 header (spec 3.1): 8-byte aligned, in the first 32 KiB of the file
; (link.ld puts its section first). Both tags are required (flags 0): a loader
; that cannot give a command line, modules and a memory map, or cannot page-align
; modules, must refuse this kernel rather than boot it half-informed.
section .mb2header progbits alloc noexec nowrite align=8
header:
    dd MB2_HEADER_MAGIC
    dd MB2_ARCH_I386
    dd header_end - header
    dd -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (header_end - header))
request:
    dw MB2_HTAG_INFO_REQUEST, 0
    dd request_end - request                    ; 8 + 4n: padding is not counted
    dd MB2_TAG_CMDLINE, MB2_TAG_MODULE, MB2_TAG_MMAP
request_end:
    align 8, db 0
    dw MB2_HTAG_MODULE_ALIGN, 0                 ; modules start on a page boundary
    dd 8
    dw MB2_HTAG_END, 0
    dd 8
header_end:

; ---------------------------------------------------------------------------
; Entry (spec 3.3, i386 state): protected mode, paging off, flat 4 GiB CS/DS/ES/
; FS/GS/SS set up by the loader, interrupts off, EAX = magic, EBX = boot info.
; We keep the loader's segments (no GDT of our own) and only need a stack: ESP is
; undefined on entry. mk_main(magic, info) checks the magic itself and never returns.
section .text
global _start
extern mk_main
_start:
    cli
    mov esp, stack_top
    xor ebp, ebp                ; end of the frame chain for debuggers
    cld                         ; the C ABI expects DF clear
    push ebx
    push eax
    call mk_main
.hang:
    cli
    hlt
    jmp .hang

section .bss
align 16
stack_bottom:
    resb STACK_SIZE
stack_top:
