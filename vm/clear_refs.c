/*
 * clear_refs.c - the engine's side of /proc/PID/clear_refs (the walk of
 * fs/proc/task_mmu.c's clear_refs_write()): clear the referenced and
 * accessed bits of all, anonymous or shmem pages, clear soft-dirty bits
 * (write-protecting the PTEs so the next write is seen), or reset VmHWM.
 * procfs parses the file's value and the ctl `clear_refs` command its
 * argument; both call clear_refs_mm().
 */
#include "machine.h"
#include "mm.h"
#include "tlb.h"
#include "swap.h"
#include "pagewalk.h"
#include "pgtable.h"

struct clear_refs_private {
	enum clear_refs_types type;
	bool soft_dirty;
};

/*
 * clear_soft_dirty - write-protect the PTE and clear its soft-dirty bit,
 * so the next write faults and marks it soft-dirty again
 * (Documentation/admin-guide/mm/soft-dirty.rst).
 */
static void clear_soft_dirty(pte_t *pte)
{
	pte_t ptent = *pte;

	if (is_swap_pte(ptent)) {
		*pte = pte_swp_clear_soft_dirty(ptent);
		return;
	}
	if (!pte_present(ptent))
		return;
	ptent = pte_wrprotect(ptent);
	ptent = pte_clear_soft_dirty(ptent);
	*pte = ptent;
}

static int clear_refs_pte_entry(pte_t *pte, unsigned long addr,
				unsigned long next, struct mm_walk *walk)
{
	struct clear_refs_private *cp = walk->private;
	struct vm_area_struct *vma = walk->vma;
	struct page *page;

	(void)next;
	if (cp->type == CLEAR_REFS_SOFT_DIRTY) {
		if (cp->soft_dirty)
			clear_soft_dirty(pte);
		return 0;
	}
	if (!pte_present(*pte))
		return 0;
	page = vm_normal_page(vma, addr, *pte);
	if (!page)
		return 0;

	/* Clear accessed and referenced bits. */
	*pte = pte_mkold(*pte);
	ClearPageYoung(page);
	ClearPageReferenced(page);
	return 0;
}

/*
 * clear_refs_test_walk - 2 ("anon") skips shmem-backed VMAs and 3
 * ("mapped") skips anonymous ones; 1 and 4 walk everything.
 */
static int clear_refs_test_walk(unsigned long start, unsigned long end,
				struct mm_walk *walk)
{
	struct clear_refs_private *cp = walk->private;
	struct vm_area_struct *vma = walk->vma;

	(void)start;
	(void)end;
	if (vma->vm_flags & VM_PFNMAP)
		return 1;
	if (cp->type == CLEAR_REFS_ANON && vma->vm_file)
		return 1;
	if (cp->type == CLEAR_REFS_MAPPED && !vma->vm_file)
		return 1;
	return 0;
}

static const struct mm_walk_ops clear_refs_walk_ops = {
	.pte_entry = clear_refs_pte_entry,
	.test_walk = clear_refs_test_walk,
};

/**
 * clear_refs_mm() - what writing @type to /proc/PID/clear_refs does to
 * @mm (clear_refs_write()'s work).
 * @mm: the address space
 * @type: CLEAR_REFS_ALL .. CLEAR_REFS_MM_HIWATER_RSS (checked by callers)
 *
 * For CLEAR_REFS_SOFT_DIRTY, each VMA with VM_SOFTDIRTY loses it and gets
 * its vm_page_prot again (vma_page_prot(): a shared writable mapping then
 * needs write notification), then every PTE is write-protected.
 * Locking: machine lock held for writing.
 */
void clear_refs_mm(struct mm_struct *mm, enum clear_refs_types type)
{
	struct clear_refs_private cp = {
		.type = type,
		.soft_dirty = soft_dirty_enabled(mm),
	};
	struct vm_area_struct *vma;

	if (type == CLEAR_REFS_MM_HIWATER_RSS) {
		/* reset_mm_hiwater_rss() */
		mm->hiwater_rss = get_mm_rss(mm);
		return;
	}
	if (type == CLEAR_REFS_SOFT_DIRTY && cp.soft_dirty) {
		for (vma = mm->mmap; vma; vma = vma->vm_next) {
			if (!(vma->vm_flags & VM_SOFTDIRTY))
				continue;
			vma->vm_flags &= ~VM_SOFTDIRTY;
			vma->vm_page_prot = vma_page_prot(vma);
		}
	}
	walk_page_range(mm, 0, mm->task_size, &clear_refs_walk_ops, &cp);
	flush_tlb_mm(mm);
}
