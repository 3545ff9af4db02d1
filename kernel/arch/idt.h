/* idt.h - the interrupt descriptor table: CPU exceptions 0-31, double fault by task gate. */
#ifndef KERNEL_ARCH_IDT_H
#define KERNEL_ARCH_IDT_H

#include <stdbool.h>
#include <stdint.h>

#define IDT_ENTRIES 256u
#define IDT_EXCEPTIONS 32u
#define VEC_DOUBLE_FAULT 8u

/* Installs gates for vectors 0-31 (vector 8 as a task gate to the double-fault
 * TSS, the rest as interrupt gates to isr.asm) and loads IDTR. Vectors 32-255
 * stay not present: the kernel runs with interrupts off. */
void idt_init(void);

/* Marks a gate present or not. Used by crash_test.c to provoke a double fault
 * without paging (a #DE whose gate is missing raises #NP: two contributory
 * exceptions in a row). */
void idt_set_present(uint8_t vector, bool present);

#endif
