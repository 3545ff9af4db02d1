/* sim_phys.h - simulated physical memory for host tests: phys_ptr(pa) works for any pa < 4 GiB. */
#ifndef TESTS_UNIT_SIM_PHYS_H
#define TESTS_UNIT_SIM_PHYS_H

#include <stdint.h>

extern uint8_t *phys_base __attribute__((visibility("hidden"))); /* physmem.h reads it */

/* Reserves (lazily, nothing committed) 4 GiB plus a little slack and points
 * phys_base at it. Idempotent; aborts the test binary if the mapping fails. */
void sim_phys_init(void);
/* Zeroes all of it again (pages are handed back, so this is cheap). */
void sim_phys_reset(void);

#endif
