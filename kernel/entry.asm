; entry.asm - the Multiboot2 header and _start: caches on, own GDT and stack, magic check, kmain(mbi).
bits 32

MB2_HEADER_MAGIC     equ 0xE85250D6
MB2_ARCH_I386        equ 0
MB2_BOOTLOADER_MAGIC equ 0x36d76289
MB2_HTAG_END         equ 0
MB2_HTAG_INFO_REQUEST equ 1
MB2_TAG_CMDLINE      equ 1
MB2_TAG_LOADER_NAME  equ 2
MB2_TAG_MMAP         equ 6
MB2_TAG_BOOT_TIMELINE equ 0x54494D45          ; our loader's extension (docs/bootinfo.md)
MB2_HTAG_FLAG_OPTIONAL equ 1

CR0_PE equ 1 << 0
CR0_MP equ 1 << 1
CR0_NE equ 1 << 5

KERNEL_CS equ 0x08
KERNEL_DS equ 0x10

COM1     equ 0x3F8
UART_LSR equ 5
LSR_THRE equ 1 << 5

PAGE_SIZE       equ 4096
BOOT_STACK_SIZE equ 16384

; ---------------------------------------------------------------------------
; Multiboot2 header (spec 3.1). Its own section, which kernel.ld places first so
; it lies in the first 32 KiB of the file, 8-byte aligned.
;
; The info request asks only for what both GRUB and our loader provide (command
; line, loader name, memory map), so either can boot us. The EFI memory map
; (tag 17) is deliberately NOT requested: GRUB gives it anyway when it exits boot
; services, our loader gives it always, and the kernel prefers it when present,
; falling back to tag 6.
section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header:
    dd MB2_HEADER_MAGIC
    dd MB2_ARCH_I386
    dd mb2_header_end - mb2_header
    dd -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
mb2_info_request:
    dw MB2_HTAG_INFO_REQUEST, 0                 ; flags 0: required
    dd mb2_info_request_end - mb2_info_request  ; 8 + 4n, no padding counted
    dd MB2_TAG_CMDLINE, MB2_TAG_LOADER_NAME, MB2_TAG_MMAP
mb2_info_request_end:
    align 8, db 0
; Our loader gives its timeline tag only to a kernel that asks; optional, so GRUB
; (which does not know the type) boots us all the same.
mb2_timeline_request:
    dw MB2_HTAG_INFO_REQUEST, MB2_HTAG_FLAG_OPTIONAL
    dd mb2_timeline_request_end - mb2_timeline_request
    dd MB2_TAG_BOOT_TIMELINE
mb2_timeline_request_end:
    align 8, db 0
    dw MB2_HTAG_END, 0
    dd 8
mb2_header_end:

; ---------------------------------------------------------------------------
; Boot GDT: flat 4 GiB code and data. Accessed bits preset so the CPU never has to
; write to the table (it may sit in a page that paging later makes read-only).
; gdt_init() replaces it with the full GDT (same selectors, plus the TSSs).
section .rodata
align 8
boot_gdt:
    dq 0
    dq 0x00CF9B000000FFFF   ; 0x08: code, base 0, limit 4 GiB, DPL0, 32-bit
    dq 0x00CF93000000FFFF   ; 0x10: data, base 0, limit 4 GiB, DPL0, 32-bit
boot_gdt_end:
boot_gdt_desc:
    dw boot_gdt_end - boot_gdt - 1
    dd boot_gdt

bad_magic_msg:  db "kernel: bad boot magic 0x", 0
bad_magic_tail: db " (expected 0x36d76289)", 13, 10, 0

; ---------------------------------------------------------------------------
; Boot stack: 16 KiB, page aligned, with one 4 KiB page directly below it that is
; never used: mm leaves it unmapped, so a stack overflow page-faults (and then
; double-faults onto the double-fault task's own stack) instead of silently
; corrupting whatever lies below.
section .bss nobits alloc noexec write align=4096
global stack_guard, stack_bottom, stack_top
stack_guard:
    resb PAGE_SIZE
stack_bottom:
    resb BOOT_STACK_SIZE
stack_top:

; The TSC at _start, for the boot timeline (kernel/boot/timeline.c). In .data, not
; .bss: it is written before anything could clear the .bss.
section .data
align 8
global kernel_entry_tsc
kernel_entry_tsc:
    dq 0

section .text
global _start
extern kmain

; Machine state on entry (Multiboot2 spec 3.3): 32-bit protected mode, flat CS/DS,
; EAX = magic, EBX = physical address of the boot information, interrupts off,
; ESP undefined, GDTR undefined. EAX and EBX must survive until checked.
_start:
    cli
    cld
    mov esi, eax            ; rdtsc overwrites EAX (the boot magic) and EDX
    rdtsc
    mov [kernel_entry_tsc], eax
    mov [kernel_entry_tsc + 4], edx
    mov eax, esi

    ; CR0 is written whole, first of all. OVMF ia32 hands over with CR0.CD set
    ; (caches off: everything runs ~100x slower); loaders may leave other bits in
    ; any state. PE|MP|NE, with CD and NW clear, means normal write-back caching.
    ; Going from CD=1 to CD=0 needs no WBINVD (only disabling caches does).
    ; Paging (PG) stays off until mm turns it on; we run at our physical address,
    ; so this is safe even if a loader had left identity paging on.
    mov ecx, CR0_PE | CR0_MP | CR0_NE
    mov cr0, ecx

    lgdt [boot_gdt_desc]
    jmp KERNEL_CS:.reload_cs
.reload_cs:
    mov cx, KERNEL_DS
    mov ds, cx
    mov es, cx
    mov fs, cx
    mov gs, cx
    mov ss, cx
    mov esp, stack_top
    xor ebp, ebp            ; end of the frame-pointer chain for backtraces
    push 0
    popfd                   ; known EFLAGS: IF, DF, NT, AC, TF all clear

    cmp eax, MB2_BOOTLOADER_MAGIC
    jne .bad_magic

    push ebx                ; kmain(const struct mb2_info *mbi)
    call kmain
    jmp .halt               ; kmain does not return; halt if it ever does

    ; Not booted by a Multiboot2 loader: EBX means nothing, so there is no command
    ; line and we cannot know whether this is a test run. Report on COM1 through a
    ; path that needs no C and no initialised data, then halt (no QEMU exit).
.bad_magic:
    mov edi, eax
    mov esi, bad_magic_msg
    call early_puts
    mov eax, edi
    call early_puthex
    mov esi, bad_magic_tail
    call early_puts
.halt:
    cli
.again:
    hlt
    jmp .again

; early_putc: AL to COM1, waiting a bounded time for the transmitter (the firmware
; left the UART configured; if there is no UART we give up instead of hanging).
early_putc:
    mov dx, COM1 + UART_LSR
    mov ecx, 100000
.wait:
    in al, dx               ; clobbers AL: the character is kept in AH
    test al, LSR_THRE
    jnz .ready
    loop .wait
.ready:
    mov al, ah
    mov dx, COM1
    out dx, al
    ret

; early_puts: the NUL-terminated string at ESI.
early_puts:
    mov ah, [esi]
    test ah, ah
    jz .done
    call early_putc
    inc esi
    jmp early_puts
.done:
    ret

; early_puthex: EAX as 8 hex digits.
early_puthex:
    mov ebx, eax
    mov esi, 8
.digit:
    rol ebx, 4
    mov ah, bl
    and ah, 0x0F
    add ah, '0'
    cmp ah, '9'
    jbe .out
    add ah, 'a' - '9' - 1
.out:
    call early_putc
    dec esi
    jnz .digit
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
