; entry.asm - mb1dump's _start: a stack, then mb1_main(magic, info).
bits 32
STACK_SIZE equ 16384

section .text
global _start
extern mb1_main
_start:
    cli
    mov esp, stack_top
    xor ebp, ebp
    cld
    push ebx
    push eax
    call mb1_main
.hang:
    cli
    hlt
    jmp .hang

section .bss
align 16
    resb STACK_SIZE
stack_top:
