; hl46.asm - header_length 46 (not a multiple of 8): the end tag starts inside the header (offset 0x28) and runs 2 bytes past it. GRUB boots it.
bits 32
global start
section .text
align 8
header: dd 0xE85250D6, 0, 46, -(0xE85250D6 + 46)
        dw 1, 1                     ; optional information request ...
        dd 24                       ; ... for command line, meminfo, mmap, EFI mmap
        dd 1, 4, 6, 17
        dw 0, 0                     ; end tag at offset 0x28, size 8: ends at 48 > 46
        dd 8
start:  mov esi, ebx
        mov edi, pass
        mov ecx, pass_end - pass
        jmp check_info
pass:   db "shape hl46: pass", 13, 10
pass_end:
%include "shape.inc"
