/*
 * test_tlb.c - unit tests of the simulated hardware's TLB (vm/hw_tlb.c)
 * and its use by the MMU (vm/memory.c's mmu_access_page()) and the
 * flushes (vm/tlb.c, vm/sched.c): set-associative replacement, hits that
 * walk nothing, the checker's stale-entry finding (a PTE changed behind
 * the TLB's back), and CR3 loads emptying the TLB.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "unit.h"
#include "../../vm/mm.h"
#include "../../vm/tlb.h"

static unsigned long map(struct task_struct *t, unsigned long npages)
{
	unsigned long ret = sys_mmap(t, 0, npages * PAGE_SIZE,
				     PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS);

	if (IS_ERR_VALUE(ret))
		unit_fail(__FILE__, __LINE__, "mmap: %ld", (long)ret);
	return ret;
}

/* @t's command starts: its CPU loads its mm, as ctl commands do. */
static void run(struct task_struct *t)
{
	struct sched_undo undo;

	schedule_command(t->machine, t, &undo);
}

static void done(struct task_struct *t)
{
	struct sched_undo undo = { 0 };

	schedule_command_done(t->machine, &undo, false);
}

static void touch(struct task_struct *t, unsigned long addr,
		  unsigned long npages, enum access_mode mode)
{
	struct access_result res;

	run(t);
	ASSERT_EQ(user_access(t, addr, npages * PAGE_SIZE, mode, NULL, &res),
		  0);
	ASSERT_EQ(res.signo, 0);
	done(t);
}

static void test_set_replacement(void)
{
	struct hw_tlb tlb;

	memset(&tlb, 0, sizeof(tlb));
	/* Five pages of set 3: the fifth replaces way 0, round robin. */
	for (unsigned long i = 0; i < 5; i++)
		hw_tlb_fill(&tlb, 3 + i * HW_TLB_SETS, 0x1000 * (i + 1) | 1);
	ASSERT_EQ(hw_tlb_nr_entries(&tlb), 4);
	ASSERT(!hw_tlb_lookup(&tlb, 3));
	ASSERT_EQ(hw_tlb_lookup(&tlb, 3 + 4 * HW_TLB_SETS)->pte, 0x5001);
	ASSERT_EQ(tlb.set[3][0].vpn, 3 + 4 * HW_TLB_SETS);
	/* A refill of a cached page replaces its own entry. */
	hw_tlb_fill(&tlb, 3 + HW_TLB_SETS, 0x9001);
	ASSERT_EQ(hw_tlb_nr_entries(&tlb), 4);
	ASSERT_EQ(hw_tlb_lookup(&tlb, 3 + HW_TLB_SETS)->pte, 0x9001);
	hw_tlb_flush_range(&tlb, (3 + HW_TLB_SETS) << PAGE_SHIFT,
			   (4 + 2 * HW_TLB_SETS) << PAGE_SHIFT);
	ASSERT_EQ(hw_tlb_nr_entries(&tlb), 2);
	ASSERT_EQ(tlb.flushed, 2);
	hw_tlb_flush_all(&tlb);
	ASSERT_EQ(hw_tlb_nr_entries(&tlb), 0);
	ASSERT_EQ(tlb.flushed, 4);
}

static void test_hits_and_stale_entry(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "tlb");
	unsigned long a = map(t, 2);
	struct hw_tlb *tlb = &m->cpus[0].tlb;
	pte_t *pte, saved;
	char *report = NULL;

	touch(t, a, 2, ACCESS_WRITE);
	ASSERT_EQ(tlb->misses, 2);
	touch(t, a, 2, ACCESS_WRITE);
	ASSERT_EQ(tlb->hits, 2);
	ASSERT_EQ(tlb->misses, 2);
	/* A hit sets no accessed bit again. */
	pte = mm_find_pte(t->mm, a);
	*pte = pte_mkold(*pte);
	touch(t, a, 1, ACCESS_READ);
	ASSERT(!pte_young(*pte));
	*pte = pte_mkyoung(*pte);
	EXPECT_CLEAN(m);
	/* Write-protected behind the TLB's back: check finds the entry. */
	saved = *pte;
	*pte = pte_wrprotect(*pte);
	ASSERT_EQ(mm_check_machine(m, &report), -EUCLEAN);
	ASSERT(report && strstr(report, "stale TLB entry for") &&
	       strstr(report, "over a read-only PTE"));
	free(report);
	report = NULL;
	/* The flush mprotect would have made drops it. */
	flush_tlb_mm(t->mm);
	EXPECT_CLEAN(m);
	*pte = saved;
	touch(t, a, 1, ACCESS_READ);
	/* Another process on CPU 0: the CR3 load empties the TLB. */
	struct task_struct *u = unit_spawn(m, "other");

	ASSERT_EQ(hw_tlb_nr_entries(tlb), 1);
	run(u);
	done(u);
	ASSERT_EQ(hw_tlb_nr_entries(tlb), 0);
	ASSERT(m->cpus[0].loaded_mm == u->mm);
}

int main(void)
{
	unit_run("set-associative fill, replacement and flushes",
		 test_set_replacement);
	unit_run("hits walk nothing; check finds a stale entry; a CR3 load empties the TLB",
		 test_hits_and_stale_entry);
	return unit_done();
}
