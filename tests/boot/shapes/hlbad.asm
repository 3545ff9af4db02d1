; hlbad.asm - header_length 0xFFFFFFD0 (written as start - end) with a checksum that adds up; the tags end properly. GRUB boots it.
bits 32
global start
section .text
align 8
header: dd 0xE85250D6, 0, header - hdr_end, -(0xE85250D6 + (header - hdr_end))
        dw 1, 1                     ; optional information request
        dd 24
        dd 1, 4, 6, 17
        dw 0, 0                     ; end tag
        dd 8
hdr_end:
start:  mov esi, ebx
        mov edi, pass
        mov ecx, pass_end - pass
        jmp check_info
pass:   db "shape hlbad: pass", 13, 10
pass_end:
%include "shape.inc"
