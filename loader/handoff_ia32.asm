; handoff_ia32.asm - the last steps of the ia32 loader: from "boot services are gone"
; to the kernel's entry point in the Multiboot2 (or Multiboot 1) i386 machine state.
;
; void handoff_ia32(uint32_t entry, uint32_t mbi, uint32_t stack_top,
;                   const struct copy_job *jobs, uint32_t njobs,
;                   uint32_t magic);                    (cdecl, never returns)
;
; Rules obeyed (Multiboot2 spec 3.3 "I386 machine state"; Intel SDM vol. 3, 9.9.2
; "Switching to protected mode", 2.5 "Control registers"):
;  - EAX = `magic` (0x36d76289 Multiboot2, 0x2badb002 Multiboot 1), EBX = physical
;    address of the boot information (Multiboot 1 spec 3.2 states the same machine).
;  - CS: 32-bit read/execute, base 0, limit 4 GiB; DS, ES, FS, GS, SS: read/write,
;    base 0, limit 4 GiB. We load our own GDT because the firmware's lies in boot
;    services memory the kernel may overwrite; a far transfer is the only way to
;    reload CS.
;  - CR0.PG = 0, CR0.PE = 1; A20 is always on under UEFI. IA-32 UEFI may run with
;    identity paging (memory protection); PG is cleared before any copy so that pages
;    the firmware marked read-only or not-present cannot fault. CR4.PAE is cleared
;    only after PG (SDM: changing PAE with PG set is #GP), so a kernel that enables
;    plain 32-bit paging gets what it asks for. CD and NW are cleared: caching on.
;  - EFLAGS.IF = 0 (cli first: no firmware handler may run once its memory is gone).
; This code is position independent (the PE image is relocated anywhere): it finds
; its own address with call/pop and builds the GDT pointer and far return at run time.

bits 32
section .text

CODE_SEL    equ 0x08
DATA_SEL    equ 0x10
CR0_PE      equ 1 << 0
CR0_NW      equ 1 << 29
CR0_CD      equ 1 << 30
CR0_PG      equ 1 << 31
CR4_PAE     equ 1 << 5
%include "loader/handoff_jobs.inc"

global handoff_ia32:function hidden
handoff_ia32:
    cli
    cld
    mov eax, cr0
    and eax, ~(CR0_PG | CR0_CD | CR0_NW)
    or eax, CR0_PE
    mov cr0, eax
    jmp .paging_off             ; serialise after the CR0 write
.paging_off:
    mov eax, cr4
    and eax, ~CR4_PAE
    mov cr4, eax

    call .here                  ; ebp = run-time address of .here
.here:
    pop ebp
    lea eax, [ebp + gdt - .here]
    sub esp, 8                  ; GDTR image on the old stack: limit (16), base (32)
    mov word [esp + 2], gdt_end - gdt - 1
    mov [esp + 4], eax
    lgdt [esp + 2]
    mov word [esp + 2], 0       ; empty IDT: the firmware's lives in memory the copy
    mov dword [esp + 4], 0      ; may overwrite, so a stray NMI faults cleanly instead
    lidt [esp + 2]              ; of jumping into whatever bytes land there
    add esp, 8
    lea eax, [ebp + .reload_cs - .here]
    push dword CODE_SEL
    push eax
    retf                        ; far return = far jump to CODE_SEL:.reload_cs
.reload_cs:
    mov ax, DATA_SEL
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov esi, esp                ; still the old stack: read the arguments from it
    mov esp, [esi + 12]         ; stack_top: the loader's own stack from here on
    push dword [esi + 24]       ; magic
    push dword [esi + 4]        ; entry
    push dword [esi + 8]        ; mbi
    mov edx, [esi + 16]         ; jobs
    mov ebx, [esi + 20]         ; njobs

    RUN_COPY_JOBS edx, ebx        ; copy filesz bytes, then zero memsz - filesz
    pop ebx                     ; mbi
    pop ecx                     ; entry
    pop eax                     ; magic
    jmp ecx

; Flat 4 GiB segments, accessed bits preset so the CPU never writes to this table.
align 8
gdt:
    dq 0                        ; null descriptor
    dq 0x00cf9b000000ffff       ; 0x08: code, base 0, limit 4 GiB, 32-bit, DPL 0
    dq 0x00cf93000000ffff       ; 0x10: data, base 0, limit 4 GiB, 32-bit, DPL 0
gdt_end:

section .note.GNU-stack noalloc noexec nowrite progbits
