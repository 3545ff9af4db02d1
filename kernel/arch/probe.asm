; probe.asm - 32-bit reads and writes that may fault; exception.c resumes them at probe_fault_fixup.
bits 32

PROBE_OK equ -1

extern probe_last           ; struct probe_fault: vector is its first field

section .text

; int probe_read32(uintptr_t addr, uint32_t *value)
global probe_read32, probe_read_insn
probe_read32:
    mov ecx, [esp + 4]
probe_read_insn:
    mov eax, [ecx]          ; may fault: then EIP continues at probe_fault_fixup
    mov edx, [esp + 8]
    mov [edx], eax
    mov eax, PROBE_OK
    ret

; int probe_write32(uintptr_t addr, uint32_t value)
global probe_write32, probe_write_insn
probe_write32:
    mov ecx, [esp + 4]
    mov edx, [esp + 8]
probe_write_insn:
    mov [ecx], edx          ; may fault
    mov eax, PROBE_OK
    ret

; Reached by IRET after a fault at a probe instruction, with every register and
; ESP as they were at the fault, i.e. still inside the probe function's frame:
; return the vector that probe_fixup recorded.
global probe_fault_fixup
probe_fault_fixup:
    mov eax, [probe_last]
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
