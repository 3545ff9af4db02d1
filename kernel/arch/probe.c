/* probe.c - recognises faults at probe instructions and sends them to the fixup. */
#include "probe.h"

/* Labels in probe.asm: the two instructions allowed to fault, and where to resume. */
extern const char probe_read_insn[], probe_write_insn[], probe_fault_fixup[];

struct probe_fault probe_last;

uint32_t probe_fixup(uint32_t eip, uint32_t vector, uint32_t error_code, uint32_t cr2)
{
    if (eip != (uint32_t)(uintptr_t)probe_read_insn && eip != (uint32_t)(uintptr_t)probe_write_insn)
        return 0;
    probe_last.vector = vector;
    probe_last.error_code = error_code;
    probe_last.cr2 = cr2;
    return (uint32_t)(uintptr_t)probe_fault_fixup;
}
