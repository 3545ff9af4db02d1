; handoff_x64.asm - BOOTX64's last steps: from 64-bit long mode with boot services gone
; to the 32-bit kernel's entry point in the Multiboot2 (or Multiboot 1) i386 machine state.
;
; void handoff(uint32_t entry, uint32_t mbi, uint32_t stack_top,
;              const struct copy_job *jobs, uint32_t njobs,
;              uint32_t magic);                          (SysV, never returns)
;
; The bytes from handoff_x64_start to handoff_x64_end are copied by loader/arch.h into
; EfiLoaderCode pages below 4 GiB and called there: so they are position independent
; (RIP-relative addressing only, no relocations) and contain their own GDT. Every
; pointer argument is below 4 GiB (arch.h allocates so).
;
; Rules obeyed (Intel SDM vol. 3A, 9.8.5.4 "Switching out of IA-32e mode", 2.5
; "Control registers", 4.10.1 "PCIDs"; Multiboot2 spec 3.3 "I386 machine state"):
;  - Long mode is left only from compatibility mode: a far return to a 32-bit code
;    segment (L = 0, D = 1) first; then CR0.PG is cleared, which clears EFER.LMA.
;    The MOV to CR0 and the instructions after it must sit in an identity-mapped
;    page: UEFI x64 identity-maps all memory and this code is below 4 GiB, so the
;    next fetch finds the same bytes with paging off. Only then may EFER.LME be
;    cleared (writing LME while PG = 1 is #GP), and CR4.PAE (clearing PAE in long
;    mode is #GP).
;  - Clearing CR0.PG with CR4.PCIDE = 1 is #GP, and clearing CR0.WP with CR4.CET = 1
;    is #GP: both CR4 bits are cleared first, while still in 64-bit mode.
;  - CR0 is written whole: PE (and ET, fixed 1), everything else 0: paging off,
;    caches on (CD = NW = 0), no WP. CR4 is written whole as 0.
;  - Our GDT: the firmware's lies in boot services memory that the copy jobs or the
;    kernel may overwrite. A zero-limit IDT: no firmware handler may run once its
;    memory is gone; a stray NMI then shuts the machine down instead of jumping into
;    freed memory. EFLAGS.IF = 0 from the first instruction.
;  - Kernel entry: EAX = magic (Multiboot2 0x36d76289, Multiboot 1 0x2badb002),
;    EBX = boot information; CS 32-bit read/execute,
;    DS/ES/FS/GS/SS read/write, all base 0 and limit 4 GiB (the same selectors as
;    handoff_ia32: code 0x08, data 0x10); CR0.PG = 0, CR0.PE = 1.
;  - Copy jobs run after paging is off, as in handoff_ia32: a staged segment's target
;    may hold the firmware's page tables.

CODE32_SEL  equ 0x08
DATA_SEL    equ 0x10
CR0_PE      equ 1 << 0
CR0_ET      equ 1 << 4
CR4_PCIDE   equ 1 << 17
CR4_CET     equ 1 << 23
MSR_EFER    equ 0xC0000080
EFER_LME    equ 1 << 8
%include "loader/handoff_jobs.inc"

section .text

global handoff_x64_start:function hidden
global handoff_x64_end:data hidden

bits 64
handoff_x64_start:
    cli
    cld
    mov ebx, ecx                ; jobs
    mov ebp, r8d                ; njobs
    mov esp, edx                ; stack_top (writing ESP zero-extends into RSP)
    push r9                     ; magic: its low half is popped in 32-bit code
    mov rax, cr4
    and rax, ~(CR4_PCIDE | CR4_CET)
    mov cr4, rax

    sub rsp, 16                 ; descriptor images: limit (16) at +6, base (64) at +8
    lea rax, [rel gdt]
    mov word [rsp + 6], gdt_end - gdt - 1
    mov [rsp + 8], rax
    lgdt [rsp + 6]
    mov word [rsp + 6], 0
    mov qword [rsp + 8], 0
    lidt [rsp + 6]
    add rsp, 16

    lea rax, [rel compat]
    push qword CODE32_SEL
    push rax
    o64 retf                    ; far return = far jump to CODE32_SEL:compat

bits 32
compat:                         ; compatibility mode: 32-bit code, still paging on
    mov ax, DATA_SEL
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov eax, CR0_PE | CR0_ET
    mov cr0, eax                ; PG = 0: long mode is left here (EFER.LMA = 0)
    mov ecx, MSR_EFER
    rdmsr
    and eax, ~EFER_LME
    wrmsr
    xor eax, eax
    mov cr4, eax                ; PAE and the rest off: legacy protected mode

    push edi                    ; entry
    push esi                    ; mbi
    RUN_COPY_JOBS ebx, ebp        ; copy filesz bytes, then zero memsz - filesz
    pop ebx                     ; mbi
    pop ecx                     ; entry
    pop eax                     ; magic (low half of r9)
    add esp, 4                  ; ESP = stack_top at entry, as on ia32
    xor ebp, ebp
    jmp ecx

; Flat 4 GiB segments, accessed bits preset so the CPU never writes to this table.
align 8
gdt:
    dq 0                        ; null descriptor
    dq 0x00cf9b000000ffff       ; 0x08: code, base 0, limit 4 GiB, 32-bit (D = 1, L = 0)
    dq 0x00cf93000000ffff       ; 0x10: data, base 0, limit 4 GiB, 32-bit
gdt_end:
handoff_x64_end:

section .note.GNU-stack noalloc noexec nowrite progbits
