/*
 * tlb.h - the machine's CPUs and their TLB flushes (vm/sched.c,
 * vm/tlb.c; kernel/sched/core.c and arch/x86/mm/tlb.c).
 */
#ifndef MMSIM_TLB_H
#define MMSIM_TLB_H

#include <stdbool.h>
#include <stdint.h>
#include "machine.h"

struct machine;
struct mm_struct;
struct task_struct;
struct vm_area_struct;

/* include/linux/mm_types.h's enum tlb_flush_reason, tlb:tlb_flush's. */
enum tlb_flush_reason {
	TLB_FLUSH_ON_TASK_SWITCH,
	TLB_REMOTE_SHOOTDOWN,
	TLB_LOCAL_SHOOTDOWN,
	TLB_LOCAL_MM_SHOOTDOWN,
	TLB_REMOTE_SEND_IPI,
	TLB_REMOTE_WRONG_CPU,
};

/* flush_tlb_mm_range()'s "every address". */
#define TLB_FLUSH_ALL	(~0UL)

int set_cpus_allowed_ptr(struct task_struct *p, int cpu);
/* What schedule_command() changed, so that a failed command undoes it. */
struct sched_undo {
	struct cpu_state cs;
	struct mm_struct *prev_mm, *next_mm;
	unsigned long prev_bitmap, next_bitmap;
};

void schedule_command(struct machine *m, struct task_struct *next,
		      struct sched_undo *undo);
void schedule_command_done(struct machine *m, const struct sched_undo *undo,
			   bool failed);
void schedule_kthread(struct machine *m, struct task_struct *k, int cpu);
void sched_idle_all(struct machine *m);
void schedule_outside(struct machine *m, struct task_struct *tsk);
void schedule_outside_done(struct machine *m);
struct task_struct *cpu_curr_between(const struct machine *m, int cpu);
void activate_mm(struct task_struct *tsk);
void sched_task_gone(struct task_struct *p);
void sched_mm_gone(struct mm_struct *mm);
unsigned long long nr_context_switches(const struct machine *m);

/**
 * flush_tlb_mm_range() - every CPU's TLB forgets @mm's translations of
 * [@start, @end) (TLB_FLUSH_ALL: all of them), after the page tables
 * changed there (arch/x86/mm/tlb.c).
 * @stride_shift: log2 of the pages' size (PAGE_SHIFT)
 * @freed_tables: page tables were freed: lazy CPUs must flush too
 */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, unsigned int stride_shift,
			bool freed_tables);

/**
 * tlb_gather_mmu() - begin an unmap of @mm (mm/mmu_gather.c): the PTEs it
 * clears and the tables it frees are gathered, and tlb_finish_mmu()
 * flushes them in one flush_tlb_mm_range(); @fullmm for exit_mmap(),
 * which flushes everything. Gathers may nest: the outermost flushes.
 */
void tlb_gather_mmu(struct mm_struct *mm, bool fullmm);
/** tlb_flush_pte_range() - a present PTE at [@addr, @addr+@size) was cleared. */
void tlb_flush_pte_range(struct mm_struct *mm, unsigned long addr,
			 unsigned long size);
/** tlb_note_freed_table() - a page table over @addr was freed (pte_free_tlb). */
void tlb_note_freed_table(struct mm_struct *mm, unsigned long addr,
			  unsigned long size);
/** tlb_finish_mmu() - the gathered flush, if anything was gathered. */
void tlb_finish_mmu(struct mm_struct *mm);
/**
 * tlb_forget_flush() - does the teaching switch forget_tlb_flush= name
 * @site (a TLB_FORGET_* bit)? If so, the flush is skipped: the open
 * mmu_gather of @mm flushes nothing, and a caller that flushes itself
 * must not.
 */
bool tlb_forget_flush(struct mm_struct *mm, unsigned int site);

/**
 * set_tlb_ubc_flush_pending() - reclaim unmapped a present PTE of @mm:
 * its CPUs join the batched flush (mm/rmap.c, TTU_BATCH_FLUSH).
 */
void set_tlb_ubc_flush_pending(struct mm_struct *mm);
/**
 * try_to_unmap_flush() - the batched flush, if one is pending
 * (arch_tlbbatch_flush(): everything, on every CPU of the batch).
 */
void try_to_unmap_flush(struct machine *m);

/** flush_tlb_mm() - flush all of @mm's translations. */
void flush_tlb_mm(struct mm_struct *mm);
/** flush_tlb_range() - flush [@start, @end) of @vma's mm. */
void flush_tlb_range(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end);
/** flush_tlb_page() - flush one page of @vma's mm. */
void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr);

#endif
