/* idt.c - fills and loads the IDT. */
#include "idt.h"

#include "gdt.h"

#define GATE_PRESENT 0x80u
#define GATE_INTR32 0x0Eu /* 32-bit interrupt gate: IF cleared on entry */
#define GATE_TASK 0x05u   /* task gate: switches to the TSS named by the selector */

struct idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t zero;
    uint8_t type_attr;
    uint16_t offset_hi;
};
_Static_assert(sizeof(struct idt_gate) == 8, "IDT gate is 8 bytes");

extern const uint32_t isr_stubs[IDT_EXCEPTIONS]; /* isr.asm */

static struct idt_gate idt[IDT_ENTRIES] __attribute__((aligned(8)));

static void set_intr_gate(uint8_t v, uint32_t handler)
{
    idt[v].offset_lo = (uint16_t)handler;
    idt[v].selector = GDT_KERNEL_CS;
    idt[v].zero = 0;
    idt[v].type_attr = GATE_PRESENT | GATE_INTR32;
    idt[v].offset_hi = (uint16_t)(handler >> 16);
}

/* A double fault means the CPU could not deliver an exception - very often because
 * the stack is unusable. An interrupt gate would push onto that same stack and the
 * machine would triple-fault (reset) silently; a task gate switches to a TSS with
 * its own stack, so the report is always printed. */
static void set_task_gate(uint8_t v, uint16_t tss_selector)
{
    idt[v].offset_lo = 0;
    idt[v].selector = tss_selector;
    idt[v].zero = 0;
    idt[v].type_attr = GATE_PRESENT | GATE_TASK;
    idt[v].offset_hi = 0;
}

void idt_init(void)
{
    for (uint32_t v = 0; v < IDT_EXCEPTIONS; v++)
        set_intr_gate((uint8_t)v, isr_stubs[v]);
    set_task_gate(VEC_DOUBLE_FAULT, GDT_DF_TSS);

    struct __attribute__((packed)) {
        uint16_t limit;
        uint32_t base;
    } idtr = {sizeof(idt) - 1, (uint32_t)(uintptr_t)idt};
    __asm__ volatile("lidt %0" ::"m"(idtr) : "memory");
}

void idt_set_present(uint8_t vector, bool present)
{
    if (present)
        idt[vector].type_attr |= GATE_PRESENT;
    else
        idt[vector].type_attr &= (uint8_t)~GATE_PRESENT;
}
