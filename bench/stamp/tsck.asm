; tsck.asm - bench-only small Multiboot2 kernel: reads the TSC first thing, prints
; "tsck: kernel_entry_tsc=0x<16 hex digits>" on COM1 and reports "pass" on QEMU's
; isa-debug-exit port. Linked at 2 MiB like examples/tiny (mk/bench.mk).
global start
align 8
header: dd 0xE85250D6, 0, hdr_end - header, 0x100000000 - (0xE85250D6 + hdr_end - header)
        dw 0, 0                     ; end tag: type 0, flags 0 ...
        dd 8                        ; ... size 8
hdr_end:
start:  mov ebp, eax                ; keep the Multiboot2 magic: rdtsc writes EAX
        rdtsc                       ; the stamp: before anything else of ours runs
        mov esi, edx
        mov edi, eax
        cmp ebp, 0x36D76289         ; booted by a Multiboot2 loader? else stop
        jne stop
        mov dx, 0x3F8               ; COM1 (QEMU's never fills)
        mov ebx, msg
        mov ecx, msg_end - msg
.msg:   mov al, [ebx]
        out dx, al
        inc ebx
        loop .msg
        mov ebx, esi                ; high half, then low half
        call hex32
        mov ebx, edi
        call hex32
        mov al, 13
        out dx, al
        mov al, 10
        out dx, al
        mov al, 0x10
        out 0xF4, al                ; QEMU isa-debug-exit in the tests: "pass"
stop:   cli
        hlt
        jmp stop

; hex32: EBX as 8 hex digits on port DX; clobbers EAX, ECX.
hex32:  mov ecx, 8
.digit: rol ebx, 4
        mov al, bl
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'a' - '9' - 1
.out:   out dx, al
        loop .digit
        ret

msg:    db 13, 10, "tsck: kernel_entry_tsc=0x"
msg_end:
