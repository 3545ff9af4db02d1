; higherhalf.asm - a higher-half kernel: maps only physical 0-4 MiB at 0xC0000000, drops the identity map, then reads the boot information at EBX + 0xC0000000.
; As real i386 kernels do: under GRUB the boot information lies low and this works; a
; loader that puts it above 4 MiB makes the first read fault (no IDT: a triple fault).
bits 32
KBASE    equ 0xC0000000
PDE_4M   equ 0x83                   ; present, writable, 4 MiB page (PS)
CR4_PSE  equ 0x10
CR0_PG   equ 0x80000000
global start
section .text
align 8
header: dd 0xE85250D6, 0, hdr_end - header, -(0xE85250D6 + (hdr_end - header))
        dw 0, 0
        dd 8
hdr_end:
; Entered at the physical address of start (e_entry is virtual; loaders translate it
; through the segment): nothing absolute is used until paging is on.
start:  mov edi, eax                ; magic
        mov esi, ebx                ; boot information (physical)
        mov edx, page_dir - KBASE
        mov dword [edx], PDE_4M             ; identity 0-4 MiB, only to survive CR0.PG
        mov dword [edx + (KBASE >> 22) * 4], PDE_4M
        mov eax, cr4
        or eax, CR4_PSE
        mov cr4, eax
        mov cr3, edx
        mov eax, cr0
        or eax, CR0_PG
        mov cr0, eax
        mov eax, high
        jmp eax
high:   mov dword [page_dir], 0     ; only KBASE + 0..4 MiB stays mapped
        mov eax, cr3
        mov cr3, eax                ; flush the TLB
        mov esp, stack_top
        push esi
        mov esi, paged              ; say how far we got: a fault after this line is
        mov ecx, paged_end - paged  ; the boot information lying outside 0-4 MiB
        mov dx, COM1
        rep outsb
        pop esi
        add esi, KBASE              ; EBX + 0xC0000000
        mov eax, edi
        mov edi, pass
        mov ecx, pass_end - pass
        jmp check_info
paged:  db "shape higherhalf: paging on, reading EBX + 0xC0000000", 13, 10
paged_end:
pass:   db "shape higherhalf: pass", 13, 10
pass_end:
%include "shape.inc"

section .bss
alignb 4096
page_dir: resb 4096
stack_bottom: resb 4096
stack_top:
