; aout.asm - a flat binary (no ELF) placed by the Multiboot2 address tag (a.out kludge) at 2 MiB, entered through the entry address tag. GRUB boots it.
bits 32
org 0x200000
header: dd 0xE85250D6, 0, hdr_end - header, -(0xE85250D6 + (hdr_end - header))
        dw 2, 0                     ; address tag
        dd 24
        dd header                   ; header_addr: where this header lands
        dd 0x200000                 ; load_addr: the file's first byte
        dd load_end                 ; load_end_addr: end of the bytes taken from the file
        dd bss_end                  ; bss_end_addr: zeroed up to here
        dw 3, 0                     ; entry address tag
        dd 12
        dd start
        dd 0                        ; padding to 8
        dw 0, 0                     ; end tag
        dd 8
hdr_end:
start:  mov esi, ebx
        cmp dword [bss_word], 0     ; the loader zeroes the bss
        jne .bad
        mov edi, pass
        mov ecx, pass_end - pass
        jmp check_info
.bad:   xor eax, eax                ; check_info fails on a wrong magic
        jmp check_info
pass:   db "shape aout: pass", 13, 10
pass_end:
%include "shape.inc"
align 4
load_end:
bss_word equ load_end + 64
bss_end equ load_end + 4096
