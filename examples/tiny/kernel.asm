; The smallest kernel our loader (or GRUB) boots; built with nasm -f elf32 kernel.asm &&
; ld -m elf_i386 -z noexecstack -Ttext=0x200000 -e start -o kernel.elf kernel.o
global start
align 8
header: dd 0xE85250D6, 0, hdr_end - header, 0x100000000 - (0xE85250D6 + hdr_end - header)
        dw 0, 0                     ; end tag: type 0, flags 0 ...
        dd 8                        ; ... size 8
hdr_end:
start:  cmp eax, 0x36D76289         ; Multiboot2 magic: else we were not booted by one
        jne stop
        mov esi, msg                ; EBX holds the boot information; unused here
        mov ecx, msg_end - msg
        mov dx, 0x3F8               ; COM1 (QEMU's never fills; real code polls LSR bit 5)
        rep outsb
        mov al, 0x10
        out 0xF4, al                ; QEMU isa-debug-exit in the tests: "pass"
stop:   cli
        hlt
        jmp stop
msg:    db "tiny: hello from a Multiboot2 kernel", 13, 10
msg_end:
