; isr.asm - exception entry stubs (vectors 0-31), the common save/restore path, and the double-fault task entry.
bits 32

KERNEL_DS equ 0x10

extern exception_handler
extern exception_double_fault

section .text

; The CPU pushes an error code for some vectors only; the stubs for the others
; push a 0 so every frame has the same layout (struct isr_frame in exception.h).
%macro ISR_NOERR 1
isr%1:
    push 0
    push %1
    jmp isr_common
%endmacro
%macro ISR_ERR 1
isr%1:
    push %1
    jmp isr_common
%endmacro

ISR_NOERR 0
ISR_NOERR 1
ISR_NOERR 2
ISR_NOERR 3
ISR_NOERR 4
ISR_NOERR 5
ISR_NOERR 6
ISR_NOERR 7
ISR_ERR   8     ; reached only if vector 8 were an interrupt gate (it is a task gate)
ISR_NOERR 9
ISR_ERR   10
ISR_ERR   11
ISR_ERR   12
ISR_ERR   13
ISR_ERR   14
ISR_NOERR 15
ISR_NOERR 16
ISR_ERR   17
ISR_NOERR 18
ISR_NOERR 19
ISR_NOERR 20
ISR_ERR   21
ISR_NOERR 22
ISR_NOERR 23
ISR_NOERR 24
ISR_NOERR 25
ISR_NOERR 26
ISR_NOERR 27
ISR_NOERR 28
ISR_ERR   29
ISR_ERR   30
ISR_NOERR 31

; Saves every general register and the data segments, calls
; exception_handler(struct isr_frame *). If the handler returns (a probe fixup
; changed frame->eip), everything is restored and IRET resumes at the new EIP.
isr_common:
    pushad
    push ds
    push es
    push fs
    push gs
    mov ax, KERNEL_DS
    mov ds, ax
    mov es, ax
    cld
    push esp                ; the frame
    call exception_handler
    add esp, 4
    pop gs
    pop fs
    pop es
    pop ds
    popad
    add esp, 8              ; vector and error code
    iretd

; Entered by a task switch through the task gate for vector 8, on the
; double-fault TSS's own stack, with the error code (always 0) pushed on it.
; That error code is exactly exception_double_fault's argument.
global double_fault_task
double_fault_task:
    call exception_double_fault
.halt:                      ; it does not return
    cli
    hlt
    jmp .halt

section .rodata
global isr_stubs
align 4
isr_stubs:
%assign i 0
%rep 32
    dd isr %+ i
%assign i i + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
