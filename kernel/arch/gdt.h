/* gdt.h - the kernel's GDT: flat code/data, the boot TSS and the double-fault TSS. */
#ifndef KERNEL_ARCH_GDT_H
#define KERNEL_ARCH_GDT_H

#include <stdint.h>

#define GDT_KERNEL_CS 0x08u
#define GDT_KERNEL_DS 0x10u
#define GDT_BOOT_TSS 0x18u  /* the running task: the CPU saves its state here on a task switch */
#define GDT_DF_TSS 0x20u    /* the double-fault task, reached through a task gate */

/* 32-bit task-state segment (Intel SDM vol. 3, 8.2.1). */
struct tss {
    uint16_t link, reserved0;
    uint32_t esp0;
    uint16_t ss0, reserved1;
    uint32_t esp1;
    uint16_t ss1, reserved2;
    uint32_t esp2;
    uint16_t ss2, reserved3;
    uint32_t cr3, eip, eflags;
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint16_t es, reserved4, cs, reserved5, ss, reserved6;
    uint16_t ds, reserved7, fs, reserved8, gs, reserved9;
    uint16_t ldt, reserved10;
    uint16_t trap, iomap_base;
};
_Static_assert(sizeof(struct tss) == 104, "32-bit TSS is 104 bytes");

/* Loads the GDT, reloads every segment register and loads TR with the boot TSS. */
void gdt_init(void);

/* A task switch loads CR3 from the new TSS when paging is on: whoever turns paging
 * on (or changes CR3) must tell the double-fault task, or a double fault would run
 * with a stale page directory. */
void gdt_set_double_fault_cr3(uint32_t cr3);

/* The state of the task a double fault interrupted (saved by the task switch). */
const struct tss *gdt_boot_tss(void);

#endif
