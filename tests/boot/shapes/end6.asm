; end6.asm - the tutorial header: a 6-byte end tag (dw 0, dw 0, dw 8; header_length 22), code right after it. GRUB boots it.
bits 32
global start
section .text
align 8
header: dd 0xE85250D6, 0, hdr_end - header, -(0xE85250D6 + (hdr_end - header))
        dw 0, 0, 8                  ; type 0, flags 0, size: 8 | (the next 2 bytes << 16)
hdr_end:
start:  mov esi, ebx
        mov edi, pass
        mov ecx, pass_end - pass
        jmp check_info
pass:   db "shape end6: pass", 13, 10
pass_end:
%include "shape.inc"
