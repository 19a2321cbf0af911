/*
 * test_swap.c - unit tests of vm/swapfile.c, vm/swap_state.c and
 * vm/vmscan.c: x86-64's swap PTE encoding, the cluster allocator's order
 * (offsets from 1, the cursor after the last slot, nonfull clusters
 * before free ones), swap_map counts through fork and swap-in, and a
 * full area.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "unit.h"
#include "../../vm/mm.h"
#include "../../vm/swap.h"

static struct machine *boot_swap(unsigned long swap_bytes)
{
	struct machine_config cfg;
	struct machine *m;

	machine_config_default(&cfg);
	cfg.mem_bytes = 64UL << 20;
	cfg.swap_bytes = swap_bytes;
	m = machine_boot(&cfg);
	ASSERT(m);
	unit_track(m);
	return m;
}

static void test_swp_pte_encoding(void)
{
	swp_entry_t e = swp_entry(0, 1), back;
	pte_t pte = swp_entry_to_pte(e);

	/* Offset 1, type 0: bits 9-58 hold ~1, nothing below bit 9. */
	ASSERT_HEX(pte_val(pte), 0x07fffffffffffc00UL);
	ASSERT(!pte_present(pte));
	ASSERT(!pte_none(pte));
	ASSERT(is_swap_pte(pte));
	back = pte_to_swp_entry(pte_swp_mksoft_dirty(pte_swp_mkexclusive(pte)));
	ASSERT_EQ(back.val, e.val);
	e = swp_entry(3, 0x123456789UL);
	back = pte_to_swp_entry(swp_entry_to_pte(e));
	ASSERT_EQ(swp_type(back), 3);
	ASSERT_HEX(swp_offset(back), 0x123456789UL);
	ASSERT_HEX(pte_val(swp_entry_to_pte(e)) >> 59, 3);
}

/* A task with @n written pages at the returned address. */
static unsigned long written_pages(struct task_struct *t, int n)
{
	struct access_result res;
	unsigned long a = sys_mmap(t, 0, n * PAGE_SIZE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS);
	char byte = 'x';

	ASSERT(!IS_ERR_VALUE(a));
	for (int i = 0; i < n; i++)
		ASSERT_EQ(user_access(t, a + i * PAGE_SIZE, 1, ACCESS_WRITE,
				      &byte, &res), 0);
	return a;
}

static pte_t pte_at(struct task_struct *t, unsigned long addr)
{
	pte_t *pte = mm_find_pte(t->mm, addr);

	ASSERT(pte);
	return *pte;
}

static void test_allocator_order(void)
{
	struct machine *m = boot_swap(4UL << 20);	/* 1024 slots, 2 clusters */
	struct task_struct *t = unit_spawn(m, "swap");
	unsigned long a = written_pages(t, 3), b;

	ASSERT_EQ(total_swap_pages(m), 1023);
	ASSERT_EQ(sys_madvise(t, a, 3 * PAGE_SIZE, MADV_PAGEOUT), 0);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(swp_offset(pte_to_swp_entry(pte_at(t, a + i * PAGE_SIZE))),
			  1 + i);
	ASSERT_EQ(nr_swap_pages(m), 1020);
	ASSERT_EQ(get_mm_counter(t->mm, MM_SWAPENTS), 3);
	/* Freed slots are not reused at once: the cursor goes on. */
	ASSERT_EQ(sys_munmap(t, a, 3 * PAGE_SIZE), 0);
	ASSERT_EQ(nr_swap_pages(m), 1023);
	b = written_pages(t, 1);
	ASSERT_EQ(sys_madvise(t, b, PAGE_SIZE, MADV_PAGEOUT), 0);
	ASSERT_EQ(swp_offset(pte_to_swp_entry(pte_at(t, b))), 4);
	EXPECT_CLEAN(m);
}

static void test_counts_fork_and_swapin(void)
{
	struct machine *m = boot_swap(1UL << 20);
	struct task_struct *t = unit_spawn(m, "swap"), *c;
	unsigned long a = written_pages(t, 2);
	struct access_result res;
	swp_entry_t e;
	char byte;
	pid_t pid;

	ASSERT_EQ(sys_madvise(t, a, 2 * PAGE_SIZE, MADV_PAGEOUT), 0);
	e = pte_to_swp_entry(pte_at(t, a));
	ASSERT(pte_swp_exclusive(pte_at(t, a)));
	ASSERT_EQ(swap_map_of(m, e), 1);
	pid = sys_fork(t);
	ASSERT(pid > 0);
	c = find_task_by_pid(m, pid);
	ASSERT(c);
	ASSERT_EQ(swap_map_of(m, e), 2);
	ASSERT(!pte_swp_exclusive(pte_at(t, a)));
	ASSERT_EQ(get_mm_counter(c->mm, MM_SWAPENTS), 2);
	/* The child's read goes through the swap cache: HAS_CACHE, count 1. */
	ASSERT_EQ(user_access(c, a, 1, ACCESS_READ, &byte, &res), 0);
	ASSERT_EQ(byte, 'x');
	ASSERT_EQ(res.stats.major, 1);
	ASSERT_EQ(swap_map_of(m, e), SWAP_HAS_CACHE | 1);
	ASSERT_EQ(total_swapcache_pages(m), 1);
	/* The parent finds it there: a minor fault, the same frame. */
	ASSERT_EQ(user_access(t, a, 1, ACCESS_READ, &byte, &res), 0);
	ASSERT_EQ(res.stats.major, 0);
	ASSERT_EQ(pte_pfn(pte_at(t, a)), pte_pfn(pte_at(c, a)));
	ASSERT_EQ(swap_map_of(m, e), SWAP_HAS_CACHE);
	EXPECT_CLEAN(m);
}

static void test_full_area(void)
{
	struct machine *m = boot_swap(4 * PAGE_SIZE);	/* 3 usable slots */
	struct task_struct *t = unit_spawn(m, "swap");
	unsigned long a = written_pages(t, 5);

	ASSERT_EQ(sys_madvise(t, a, 5 * PAGE_SIZE, MADV_PAGEOUT), 0);
	ASSERT_EQ(nr_swap_pages(m), 0);
	ASSERT_EQ(get_mm_counter(t->mm, MM_SWAPENTS), 3);
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 2);
	ASSERT(pte_present(pte_at(t, a + 3 * PAGE_SIZE)));
	EXPECT_CLEAN(m);
}

static void test_bad_size(void)
{
	struct machine_config cfg;

	machine_config_default(&cfg);
	cfg.swap_bytes = PAGE_SIZE;	/* the header alone */
	errno = 0;
	ASSERT(machine_boot(&cfg) == NULL);
	ASSERT_EQ(errno, EINVAL);
}

int main(void)
{
	RUN(test_swp_pte_encoding);
	RUN(test_allocator_order);
	RUN(test_counts_fork_and_swapin);
	RUN(test_full_area);
	RUN(test_bad_size);
	return unit_done();
}
