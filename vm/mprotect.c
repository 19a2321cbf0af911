/*
 * mprotect.c - mprotect(2) (mm/mprotect.c): new access rights for a
 * range, splitting or merging VMAs at its edges and rewriting the PTEs
 * already there (change_protection).
 *
 * A private writable mapping keeps its present PTEs read-only so the next
 * write still goes through the COW fault, except where the kernel's
 * can_change_pte_writable() knows that fault would just reuse the page:
 * an anonymous page exclusive to this process (PageAnonExclusive).
 *
 * Everything that can make the call fail (a hole, a forbidden
 * permission, the commit limit, max_map_count) is checked before the
 * first VMA changes, so a failed mprotect changes nothing. Linux applies
 * the VMAs before a failure and reports the error afterwards; the
 * errno is the same.
 *
 * Locking: machine lock held for writing.
 */
#include <errno.h>
#include "machine.h"
#include "mm.h"
#include "tlb.h"
#include "pkeys.h"
#include "pagewalk.h"

#ifndef VM_ACCESS_FLAGS
#define VM_ACCESS_FLAGS		(VM_READ | VM_WRITE | VM_EXEC)
#endif
#ifndef PROT_SEM
#define PROT_SEM		0x8
#endif
#ifndef PROT_GROWSDOWN
#define PROT_GROWSDOWN		0x01000000
#define PROT_GROWSUP		0x02000000
#endif

/*
 * mprotect_newflags - the flags @vma gets from mprotect(@prot), as
 * do_mprotect_pkey() and mprotect_fixup() compute them: the access bits
 * replaced; a private mapping becoming writable for the first time
 * gains VM_ACCOUNT (it now commits memory); an anonymous mapping that
 * never faulted loses VM_ACCOUNT when made read-only again. Flags that do
 * not change leave VM_ACCOUNT alone. The protection key is replaced too
 * (arch_override_mprotect_pkey()); finding the execute-only key may
 * allocate it, which no view shows and a later call would do alike, so
 * the prechecks may call this as well.
 */
static unsigned long mprotect_newflags(struct vm_area_struct *vma, void *arg)
{
	unsigned long prot = *(unsigned long *)arg;
	unsigned long oldflags = vma->vm_flags, newflags;
	int new_vma_pkey = arch_override_mprotect_pkey(vma, prot);

	newflags = calc_vm_prot_bits(prot, new_vma_pkey) |
		   (oldflags & ~(VM_ACCESS_FLAGS | ARCH_VM_PKEY_FLAGS));
	if (newflags == oldflags)
		return oldflags;
	if (newflags & VM_WRITE) {
		if (!(oldflags & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB |
				  VM_SHARED | VM_NORESERVE)))
			newflags |= VM_ACCOUNT;
	} else if ((oldflags & VM_ACCOUNT) && vma_is_anonymous(vma) &&
		   !vma->anon_vma) {
		newflags &= ~VM_ACCOUNT;
	}
	return newflags;
}

/* Pages of [start, end) that the new flags newly charge (VM_ACCOUNT). */
static bool newly_accounted(unsigned long oldflags, unsigned long newflags)
{
	return (newflags & VM_ACCOUNT) && !(oldflags & VM_ACCOUNT);
}

/* ---- change_protection ---- */

struct change_prot {
	pgprot_t newprot;
	bool try_writable;	/* MM_CP_TRY_CHANGE_WRITABLE */
};

/*
 * vma_wants_manual_pte_write_upgrade - may change_protection() make PTEs
 * writable itself? For a private writable mapping always (where COW
 * allows); for a shared one only when its vm_page_prot was downgraded for
 * write notification (soft-dirty tracking).
 */
static bool vma_wants_manual_pte_write_upgrade(struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_SHARED)
		return (vma->vm_flags & VM_WRITE) &&
		       !(vma->vm_page_prot.pgprot & _PAGE_RW);
	return vma->vm_flags & VM_WRITE;
}

/*
 * can_change_pte_writable - may the PTE for @addr become writable now,
 * without the write fault it would otherwise take? Not while soft-dirty
 * tracking still needs that fault; in a private mapping only for an
 * anonymous page exclusive to this process (the fault would reuse it);
 * in a shared mapping only once the PTE is dirty.
 */
static bool can_change_pte_writable(struct vm_area_struct *vma,
				    unsigned long addr, pte_t pte)
{
	struct page *page;

	if (!(pte_val(pte) & _PAGE_PRESENT))
		return false;		/* PROT_NONE: not even readable */
	/* Do we need write faults for softdirty tracking? */
	if (vma_soft_dirty_enabled(vma) && !pte_soft_dirty(pte))
		return false;
	if (!(vma->vm_flags & VM_SHARED)) {
		page = vm_normal_page(vma, addr, pte);
		return page && PageAnon(page) && PageAnonExclusive(page);
	}
	return pte_dirty(pte);
}

static int change_pte_entry(pte_t *pte, unsigned long addr,
			    unsigned long next, struct mm_walk *walk)
{
	struct change_prot *cp = walk->private;
	pte_t ptent;

	/*
	 * A present PTE (PROT_NONE ones too) takes the new protection; a
	 * swap entry keeps what it records, and do_swap_page() will map the
	 * page with the VMA's protection of the day.
	 */
	if (!pte_present(*pte))
		return 0;
	ptent = pte_modify(*pte, cp->newprot);
	if (cp->try_writable && !pte_write(ptent) &&
	    can_change_pte_writable(walk->vma, addr, ptent))
		ptent = pte_mkwrite(ptent);
	if (pte_needs_flush(*pte, ptent))
		tlb_flush_pte_range(walk->mm, addr, PAGE_SIZE);
	*pte = ptent;
	return 0;
}

/*
 * change_protection - give the PTEs of [@start, @end) in @vma the VMA's
 * new vm_page_prot, keeping page, accessed, dirty and soft-dirty bits.
 */
static void change_protection(struct vm_area_struct *vma, unsigned long start,
			      unsigned long end)
{
	static const struct mm_walk_ops ops = {
		.pte_entry = change_pte_entry,
	};
	struct change_prot cp = {
		.newprot = vma->vm_page_prot,
		.try_writable = vma_wants_manual_pte_write_upgrade(vma),
	};

	walk_page_range(vma->vm_mm, start, end, &ops, &cp);
}

/*
 * mprotect_fixup - give [@start, @end) of *@pvma @newflags: merge or
 * split (vma_modify_flags), set the flags and vm_page_prot, rewrite the
 * PTEs, return the commit of a mapping that stopped being accounted and
 * move the pages in the counters. The commit of a newly accounted range
 * was charged by the caller.
 * Return: 0 or -ENOMEM (a split failed; nothing changed).
 */
static int mprotect_fixup(struct vm_area_struct **pvma, unsigned long start,
			  unsigned long end, unsigned long newflags)
{
	struct vm_area_struct *vma = *pvma;
	struct mm_struct *mm = vma->vm_mm;
	unsigned long oldflags = vma->vm_flags;
	long nrpages = (long)((end - start) >> PAGE_SHIFT);
	int err;

	if (newflags == oldflags)
		return 0;
	err = vma_modify_flags(&vma, start, end, &newflags);
	if (err)
		return err;
	*pvma = vma;

	vma->vm_flags = newflags;
	vma->vm_page_prot = vma_page_prot(vma);
	change_protection(vma, start, end);

	if ((oldflags & VM_ACCOUNT) && !(newflags & VM_ACCOUNT))
		vm_unacct_memory(mm->machine, nrpages);

	/*
	 * A private VM_LOCKED mapping becoming writable: break COW now
	 * rather than on the first write.
	 */
	if ((oldflags & (VM_WRITE | VM_SHARED | VM_LOCKED)) == VM_LOCKED &&
	    (newflags & VM_WRITE))
		populate_vma_page_range(vma, start, end);

	vm_stat_account(mm, oldflags, -nrpages);
	vm_stat_account(mm, newflags, nrpages);
	return 0;
}

/*
 * mprotect_precheck - everything that could make the call fail, before
 * anything changes: a hole (-ENOMEM), a permission the VMA may never
 * have (-EACCES: VM_MAY* missing), then the commit of the pieces that
 * become accounted (charged here, -ENOMEM) and max_map_count (-ENOMEM).
 * Errors come in the order Linux meets them walking the VMAs.
 * Return: 0 with *@charged pages charged, or -errno with nothing charged.
 */
static int mprotect_precheck(struct mm_struct *mm, unsigned long start,
			     unsigned long end, unsigned long prot,
			     long *charged)
{
	struct machine *m = mm->machine;
	struct vm_area_struct *vma = find_vma(mm, start);
	unsigned long tmp = start;
	int err;

	*charged = 0;
	for (; vma && vma->vm_start < end; vma = vma->vm_next) {
		unsigned long newflags = calc_vm_prot_bits(prot, 0) |
					 (vma->vm_flags & ~VM_ACCESS_FLAGS);

		if (vma->vm_start > tmp)
			break;
		/* newflags >> 4 shifts VM_MAY* into the place of VM_*. */
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS) {
			vm_err(m, "0x%lx-0x%lx may not be given %c%c%c",
			       vma->vm_start, vma->vm_end,
			       prot & PROT_READ ? 'r' : '-',
			       prot & PROT_WRITE ? 'w' : '-',
			       prot & PROT_EXEC ? 'x' : '-');
			return -EACCES;
		}
		tmp = vma->vm_end;
	}
	if (tmp < end) {
		vm_err(m, "0x%lx-0x%lx is not fully mapped", start, end);
		return -ENOMEM;
	}

	/* Commit, VMA by VMA as mprotect_fixup() charges it. */
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma->vm_next) {
		unsigned long s = start > vma->vm_start ? start : vma->vm_start;
		unsigned long e = end < vma->vm_end ? end : vma->vm_end;
		long pages = (long)((e - s) >> PAGE_SHIFT);

		if (!newly_accounted(vma->vm_flags,
				     mprotect_newflags(vma, &prot)))
			continue;
		if (__vm_enough_memory(mm, pages, 1)) {
			vm_unacct_memory(m, *charged);
			*charged = 0;
			return -ENOMEM;
		}
		*charged += pages;
	}

	err = vma_modify_precheck(mm, start, end, mprotect_newflags, &prot);
	if (err) {
		vm_unacct_memory(m, *charged);
		*charged = 0;
	}
	return err;
}

/**
 * sys_mprotect() - mprotect(2).
 * @tsk: calling task
 * @start: page-aligned start
 * @len: length, rounded up to pages (0 does nothing)
 * @prot: PROT_READ, PROT_WRITE, PROT_EXEC (PROT_SEM is accepted;
 *	PROT_GROWSDOWN extends the range down to the start of a
 *	VM_GROWSDOWN VMA)
 *
 * Return: 0; -EINVAL (unaligned start, unknown prot bits, PROT_GROWSDOWN
 * on a VMA that does not grow down); -ENOMEM (part of the range is not
 * mapped, or the commit limit or max_map_count would be passed);
 * -EACCES (a permission the mapping may never have).
 */
int sys_mprotect(struct task_struct *tsk, unsigned long start,
		 unsigned long len, unsigned long prot)
{
	ftrace_graph(&tsk->machine->trace);
	struct machine *m = tsk->machine;
	struct mm_struct *mm = tsk->mm;
	unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	unsigned long end, nstart;
	struct vm_area_struct *vma;
	long charged;
	int err;

	if (!mm) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP)) {
		vm_err(m, "growsdown and growsup together");
		return -EINVAL;
	}
	if (start & ~PAGE_MASK) {
		vm_err(m, "address 0x%lx is not page-aligned", start);
		return -EINVAL;
	}
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start) {
		vm_err(m, "0x%lx+0x%lx wraps around the address space",
		       start, len);
		return -ENOMEM;
	}
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)) {
		vm_err(m, "unknown protection bits 0x%lx", prot);
		return -EINVAL;
	}

	vma = find_vma_intersection(mm, start, end);
	if (!vma) {
		vm_err(m, "0x%lx-0x%lx is not fully mapped", start, end);
		return -ENOMEM;
	}
	if (grows & PROT_GROWSDOWN) {
		start = vma->vm_start;
		if (!(vma->vm_flags & VM_GROWSDOWN)) {
			vm_err(m, "0x%lx-0x%lx does not grow down",
			       vma->vm_start, vma->vm_end);
			return -EINVAL;
		}
	} else if (vma->vm_start > start) {
		vm_err(m, "0x%lx-0x%lx is not fully mapped", start, end);
		return -ENOMEM;
	}

	err = mprotect_precheck(mm, start, end, prot, &charged);
	if (err)
		return err;

	tlb_gather_mmu(mm, false);
	tlb_forget_flush(mm, TLB_FORGET_MPROTECT);
	for (nstart = start; nstart < end; ) {
		unsigned long tmp;

		vma = find_vma(mm, nstart);
		tmp = vma->vm_end < end ? vma->vm_end : end;
		err = mprotect_fixup(&vma, nstart, tmp,
				     mprotect_newflags(vma, &prot));
		if (err)
			break;		/* host out of memory only */
		nstart = tmp;
	}
	tlb_finish_mmu(mm);
	return err;
}
