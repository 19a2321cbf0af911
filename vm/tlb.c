/*
 * tlb.c - TLB flushes and shootdowns (arch/x86/mm/tlb.c): when the page
 * tables of an mm change where a translation may be cached, every CPU
 * that has the mm loaded (mm_cpumask) must forget it. The CPU that made
 * the change flushes locally; the others get a shootdown IPI, except that
 * a CPU idle in lazy TLB mode is spared unless page tables were freed
 * (should_flush_tlb()): it catches up when it next runs the mm, through
 * the mm's tlb_gen.
 *
 * What is counted is what Linux counts: nr_tlb_remote_flush once per
 * flush that had another CPU in the mask (native_flush_tlb_multi()),
 * nr_tlb_remote_flush_received and the TLB line of MOUNT/interrupts per
 * CPU that took a shootdown, nr_tlb_local_flush_one per page flushed
 * locally one by one, and nr_tlb_local_flush_all per whole local flush
 * (ranges past tlb_single_page_flush_ceiling pages flush everything).
 * A flush drops the entries of the simulated hardware's TLB of each CPU
 * it reaches (vm/hw_tlb.c); a lazy CPU it spares keeps its entries until
 * it catches up, which flushes them all.
 *
 * The teaching switch forget_tlb_flush= (machine_cpu.forget_tlb_flush)
 * makes the kernel skip the flushes it names: nothing is flushed, counted
 * or traced, and the TLBs keep entries the page tables no longer allow.
 */
#include "machine.h"
#include "mm.h"
#include "tlb.h"

/* tlb_single_page_flush_ceiling: more pages than this flush everything. */
#define TLB_SINGLE_PAGE_FLUSH_CEILING	33

/*
 * flush_tlb_func - one CPU flushes its part of a flush request: the
 * initiating CPU locally, another one in a shootdown (its IPI counted).
 */
static void flush_tlb_func(struct machine *m, int cpu, struct mm_struct *mm,
			   unsigned long start, unsigned long end,
			   unsigned int stride_shift, bool local)
{
	struct cpu_state *cs = &m->cpus[cpu];
	enum tlb_flush_reason reason = local ? TLB_LOCAL_MM_SHOOTDOWN :
					       TLB_REMOTE_SHOOTDOWN;

	if (!local) {
		cs->irq_tlb_count++;
		cs->irq_call_count++;
		count_vm_event(m, NR_TLB_REMOTE_FLUSH_RECEIVED);
	}
	if (cs->loaded_mm != mm) {
		/* It moved on: it leaves the mask (TLB_REMOTE_WRONG_CPU). */
		mm->cpu_bitmap &= ~(1UL << cpu);
		trace_tlb_flush(&m->trace, TLB_REMOTE_WRONG_CPU, 0);
		return;
	}
	/*
	 * A CPU that missed a flush (it was lazy) is more than one
	 * generation behind: its whole TLB goes, as flush_tlb_func()'s
	 * full flush. (The counts stay those of the range asked for.)
	 */
	if (end == TLB_FLUSH_ALL || cs->loaded_tlb_gen + 1 != mm->tlb_gen)
		hw_tlb_flush_all(&cs->tlb);
	else
		hw_tlb_flush_range(&cs->tlb, start, end);
	cs->loaded_tlb_gen = mm->tlb_gen;
	if (end != TLB_FLUSH_ALL) {
		unsigned long nr = (end - start) >> stride_shift;

		if (local)
			m->vm_events[NR_TLB_LOCAL_FLUSH_ONE] += nr;
		trace_tlb_flush(&m->trace, reason, nr);
	} else {
		if (local)
			count_vm_event(m, NR_TLB_LOCAL_FLUSH_ALL);
		trace_tlb_flush(&m->trace, reason, TLB_FLUSH_ALL);
	}
}

void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, unsigned int stride_shift,
			bool freed_tables)
{
	struct machine *m = mm->machine;
	int self = m->this_cpu;
	unsigned long others = mm->cpu_bitmap & ~(1UL << self);

	if (end != TLB_FLUSH_ALL &&
	    ((end - start) >> stride_shift) > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		start = 0;
		end = TLB_FLUSH_ALL;
	}
	mm->tlb_gen++;			/* inc_mm_tlb_gen() */
	if (others) {
		/* native_flush_tlb_multi() */
		count_vm_event(m, NR_TLB_REMOTE_FLUSH);
		for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++) {
			if (!(mm->cpu_bitmap & (1UL << cpu)))
				continue;
			if (cpu == self)
				flush_tlb_func(m, cpu, mm, start, end,
					       stride_shift, true);
			/* Every other CPU is idle and lazy. */
			else if (freed_tables)
				flush_tlb_func(m, cpu, mm, start, end,
					       stride_shift, false);
		}
	} else if (m->cpus[self].loaded_mm == mm) {
		flush_tlb_func(m, self, mm, start, end, stride_shift, true);
	}
}

void set_tlb_ubc_flush_pending(struct mm_struct *mm)
{
	mm->machine->tlb_ubc_cpumask |= mm->cpu_bitmap;
	mm->tlb_gen++;
}

void try_to_unmap_flush(struct machine *m)
{
	unsigned long mask = m->tlb_ubc_cpumask, self = 1UL << m->this_cpu;
	struct cpu_state *cs = &m->cpus[m->this_cpu];

	if (!mask)
		return;
	m->tlb_ubc_cpumask = 0;
	/* Every other CPU is idle and lazy: should_flush_tlb() spares it. */
	if (mask & ~self)
		count_vm_event(m, NR_TLB_REMOTE_FLUSH);
	if (!(mask & self))
		return;
	/* flush_tlb_func() of a flush with no mm: all of this CPU's. */
	if (cs->loaded_mm)
		cs->loaded_tlb_gen = cs->loaded_mm->tlb_gen;
	hw_tlb_flush_all(&cs->tlb);
	count_vm_event(m, NR_TLB_LOCAL_FLUSH_ALL);
	trace_tlb_flush(&m->trace, TLB_LOCAL_MM_SHOOTDOWN, TLB_FLUSH_ALL);
}

void tlb_gather_mmu(struct mm_struct *mm, bool fullmm)
{
	if (mm->tlb.nest++)
		return;
	mm->tlb.start = ~0UL;
	mm->tlb.end = 0;
	mm->tlb.freed_tables = false;
	mm->tlb.fullmm = fullmm;
	mm->tlb.forget = false;
}

bool tlb_forget_flush(struct mm_struct *mm, unsigned int site)
{
	if (!(mm->machine->cfg.cpu.forget_tlb_flush & site))
		return false;
	if (mm->tlb.nest)
		mm->tlb.forget = true;
	return true;
}

void tlb_flush_pte_range(struct mm_struct *mm, unsigned long addr,
			 unsigned long size)
{
	if (!mm->tlb.nest)	/* no gather: a caller that flushes itself */
		return;
	if (addr < mm->tlb.start)
		mm->tlb.start = addr;
	if (addr + size > mm->tlb.end)
		mm->tlb.end = addr + size;
}

void tlb_note_freed_table(struct mm_struct *mm, unsigned long addr,
			  unsigned long size)
{
	if (!mm->tlb.nest)
		return;
	mm->tlb.freed_tables = true;
	tlb_flush_pte_range(mm, addr, size);
}

void tlb_finish_mmu(struct mm_struct *mm)
{
	if (--mm->tlb.nest)
		return;
	/* tlb_flush_mmu_tlbonly(): nothing cleared, nothing to flush */
	if (!mm->tlb.end || mm->tlb.forget)
		return;
	if (mm->tlb.fullmm)
		flush_tlb_mm_range(mm, 0, TLB_FLUSH_ALL, PAGE_SHIFT,
				   mm->tlb.freed_tables);
	else
		flush_tlb_mm_range(mm, mm->tlb.start, mm->tlb.end, PAGE_SHIFT,
				   mm->tlb.freed_tables);
}

void flush_tlb_mm(struct mm_struct *mm)
{
	flush_tlb_mm_range(mm, 0, TLB_FLUSH_ALL, PAGE_SHIFT, false);
}

void flush_tlb_range(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end)
{
	flush_tlb_mm_range(vma->vm_mm, start, end, PAGE_SHIFT, false);
}

void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
{
	flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE, PAGE_SHIFT,
			   false);
}
