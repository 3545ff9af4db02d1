# kernel-paging-tests.mk - host unit tests for the kernel's page tables, mapping table and heap.
UNIT_TESTS += paging heap heap_lazy
UNIT_paging_SRCS := kernel/mm/paging.c kernel/mm/frames.c kernel/mm/memmap.c \
	tests/unit/sim_phys.c tests/unit/host_kprintf.c tests/unit/pt_walk.c
UNIT_heap_SRCS := kernel/mm/heap.c kernel/mm/heap_check.c tests/unit/heap_arena.c kernel/mm/heap_size.c tests/unit/host_kprintf.c
UNIT_heap_lazy_SRCS := kernel/mm/heap.c kernel/mm/heap_check.c tests/unit/heap_arena.c tests/unit/host_kprintf.c
# The mapping table: built for a few geometries, looked up, and installed into page tables.
UNIT_TESTS += kmap
UNIT_kmap_SRCS := kernel/mm/kmap.c kernel/mm/paging.c kernel/mm/frames.c kernel/mm/memmap.c \
	tests/unit/sim_phys.c tests/unit/host_kprintf.c tests/unit/pt_walk.c
