/*
 * hw_tlb.c - MOUNT/tlb, an mmsim view with no /proc counterpart: the
 * simulated hardware's TLB of every CPU (vm/hw_tlb.h), for teaching.
 * A block per CPU: a line of its state and counts,
 *
 *   cpu0 mm 2 tlb_gen 3/3 hits 4 misses 2 flushed 1 entries 2
 *
 * (mm: the tgid of a process whose mm is in CR3, "-" for init_mm's;
 * tlb_gen: the CPU's and the mm's generation, "lazy: stale" after them
 * when the CPU missed a flush and will flush everything before its next
 * user access), then an entry a line, by set and way:
 *
 *     set  3 way 0 0x0000000000403000 pfn 0x0001f3 RW USR NX A D pkey 0
 *
 * with "ro" for a read-only entry, "   " for a kernel one, " x" for an
 * executable one, "-" for a clear accessed or dirty bit.
 */
#include "internal.h"

static pid_t mm_tgid(struct machine *m, const struct mm_struct *mm)
{
	struct task_struct *t;

	for_each_task(m, t)
		if (t->mm == mm)
			return t->tgid;
	return 0;
}

static void show_entry(struct seq_buf *s, int set, int way,
		       const struct hw_tlb_entry *e)
{
	pte_t pte = __pte(e->pte);

	seq_printf(s, "    set %2d way %d 0x%016lx pfn 0x%06lx %s %s %s %s %s pkey %d\n",
		   set, way, e->vpn << PAGE_SHIFT, pte_pfn(pte),
		   pte_write(pte) ? "RW" : "ro",
		   (pte_val(pte) & _PAGE_USER) ? "USR" : "   ",
		   pte_exec(pte) ? " x" : "NX", pte_young(pte) ? "A" : "-",
		   pte_dirty(pte) ? "D" : "-", pte_flags_pkey(pte));
}

/**
 * show_hw_tlb() - MOUNT/tlb. Read lock held.
 */
int show_hw_tlb(struct machine *m, struct task_struct *tsk, struct seq_buf *s)
{
	(void)tsk;
	for (int cpu = 0; cpu < MMSIM_NR_CPUS(m); cpu++) {
		const struct cpu_state *cs = &m->cpus[cpu];
		const struct hw_tlb *tlb = &cs->tlb;

		const struct mm_struct *mm = cs->loaded_mm;

		seq_printf(s, "cpu%d mm ", cpu);
		if (mm)
			seq_printf(s, "%d tlb_gen %llu/%llu%s", mm_tgid(m, mm),
				   (unsigned long long)cs->loaded_tlb_gen,
				   (unsigned long long)mm->tlb_gen,
				   cs->loaded_tlb_gen != mm->tlb_gen ?
					   " lazy: stale" : "");
		else
			seq_puts(s, "-");
		seq_printf(s, " hits %lu misses %lu flushed %lu entries %u\n",
			   tlb->hits, tlb->misses, tlb->flushed,
			   hw_tlb_nr_entries(tlb));
		for (int set = 0; set < HW_TLB_SETS; set++)
			for (int way = 0; way < HW_TLB_WAYS; way++)
				if (tlb->set[set][way].pte)
					show_entry(s, set, way,
						   &tlb->set[set][way]);
	}
	return 0;
}
