; The smallest Multiboot 1 kernel our loader (or GRUB) boots; built with nasm -f elf32 kernel.asm &&
; ld -m elf_i386 -z noexecstack -Ttext=0x200000 -e start -o kernel.elf kernel.o
global start
align 4
header: dd 0x1BADB002, 0, -0x1BADB002 ; magic, flags (none), checksum: the three sum to 0
start:  cmp eax, 0x2BADB002         ; Multiboot 1 magic: else we were not booted by one
        jne stop
        mov esi, msg                ; EBX holds the information structure; unused here
        mov ecx, msg_end - msg
        mov dx, 0x3F8               ; COM1 (QEMU's never fills; real code polls LSR bit 5)
        rep outsb
        mov al, 0x10
        out 0xF4, al                ; QEMU isa-debug-exit in the tests: "pass"
stop:   cli
        hlt
        jmp stop
msg:    db "tiny1: hello from a Multiboot 1 kernel", 13, 10
msg_end:
