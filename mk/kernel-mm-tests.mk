# kernel-mm-tests.mk - host unit tests and the fuzzer for the kernel's regions and frame allocator.
UNIT_TESTS += memmap frames
UNIT_memmap_SRCS := kernel/mm/memmap.c tests/unit/host_kprintf.c
UNIT_frames_SRCS := kernel/mm/frames.c kernel/mm/memmap.c tests/unit/sim_phys.c tests/unit/host_kprintf.c

FUZZ_TARGETS += memmap
FUZZ_memmap_SRCS := kernel/mm/memmap.c tests/unit/host_kprintf.c
