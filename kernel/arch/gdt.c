/* gdt.c - builds and loads the GDT, and sets up the double-fault task. */
#include "gdt.h"

#include "cpu.h"

#define GDT_ENTRIES 5
#define DF_STACK_SIZE 4096u

/* Access bytes: present, DPL 0; accessed bit preset so loading a segment never
 * writes to the table. */
#define SEG_CODE_ACCESS 0x9Bu  /* code, execute/read */
#define SEG_DATA_ACCESS 0x93u  /* data, read/write */
#define SEG_TSS32_ACCESS 0x89u /* 32-bit TSS, available (not busy) */
#define SEG_FLAGS_4K_32 0xCu   /* granularity 4 KiB, 32-bit default size */
#define SEG_FLAGS_BYTE 0x0u    /* byte granularity (system segments) */
#define EFLAGS_RESERVED1 (1u << 1) /* bit 1 always reads as 1 */

extern void double_fault_task(void); /* isr.asm */

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(8)));
static struct tss boot_tss __attribute__((aligned(128)));
static struct tss df_tss __attribute__((aligned(128)));
static uint8_t df_stack[DF_STACK_SIZE] __attribute__((aligned(16)));

static uint64_t seg_desc(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    return (uint64_t)(limit & 0xFFFFu) | ((uint64_t)(base & 0xFFFFFFu) << 16) |
           ((uint64_t)access << 40) | ((uint64_t)((limit >> 16) & 0xFu) << 48) |
           ((uint64_t)(flags & 0xFu) << 52) | ((uint64_t)(base >> 24) << 56);
}

/* The double-fault task starts fresh on every double fault: a known-good stack and
 * flat segments, whatever state the faulting code left ESP in. It never returns
 * (the handler reports and stops), so its TSS is never reused while busy. */
static void df_tss_init(void)
{
    df_tss.cr3 = read_cr3();
    df_tss.eip = (uint32_t)(uintptr_t)double_fault_task;
    df_tss.eflags = EFLAGS_RESERVED1; /* IF clear */
    df_tss.esp = (uint32_t)(uintptr_t)(df_stack + DF_STACK_SIZE);
    df_tss.cs = GDT_KERNEL_CS;
    df_tss.ds = df_tss.es = df_tss.fs = df_tss.gs = df_tss.ss = GDT_KERNEL_DS;
    df_tss.ss0 = GDT_KERNEL_DS;
    df_tss.esp0 = df_tss.esp;
    df_tss.iomap_base = sizeof(struct tss); /* no I/O permission bitmap */
}

void gdt_init(void)
{
    boot_tss.ss0 = GDT_KERNEL_DS;
    boot_tss.iomap_base = sizeof(struct tss);
    df_tss_init();

    gdt[0] = 0;
    gdt[GDT_KERNEL_CS / 8] = seg_desc(0, 0xFFFFFu, SEG_CODE_ACCESS, SEG_FLAGS_4K_32);
    gdt[GDT_KERNEL_DS / 8] = seg_desc(0, 0xFFFFFu, SEG_DATA_ACCESS, SEG_FLAGS_4K_32);
    gdt[GDT_BOOT_TSS / 8] = seg_desc((uint32_t)(uintptr_t)&boot_tss, sizeof(struct tss) - 1,
                                     SEG_TSS32_ACCESS, SEG_FLAGS_BYTE);
    gdt[GDT_DF_TSS / 8] = seg_desc((uint32_t)(uintptr_t)&df_tss, sizeof(struct tss) - 1,
                                   SEG_TSS32_ACCESS, SEG_FLAGS_BYTE);

    struct __attribute__((packed)) {
        uint16_t limit;
        uint32_t base;
    } gdtr = {sizeof(gdt) - 1, (uint32_t)(uintptr_t)gdt};

    /* A new GDT takes effect for a segment register only when it is reloaded: CS
     * through a far jump, the others by moves. */
    __asm__ volatile("lgdt %0\n\t"
                     "ljmp %1, $1f\n"
                     "1:\n\t"
                     "mov %2, %%ds\n\t"
                     "mov %2, %%es\n\t"
                     "mov %2, %%fs\n\t"
                     "mov %2, %%gs\n\t"
                     "mov %2, %%ss\n\t"
                     :
                     : "m"(gdtr), "i"(GDT_KERNEL_CS), "r"(GDT_KERNEL_DS)
                     : "memory");
    /* TR must name a valid TSS before any task switch: the CPU saves the outgoing
     * task's state into the TSS that TR points at. ltr marks it busy. */
    __asm__ volatile("ltr %w0" ::"r"(GDT_BOOT_TSS));
}

void gdt_set_double_fault_cr3(uint32_t cr3) { df_tss.cr3 = cr3; }

const struct tss *gdt_boot_tss(void) { return &boot_tss; }
