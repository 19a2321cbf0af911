/*
 * mlock.c - mlock(2) and munlock(2) (mm/mlock.c): set or clear VM_LOCKED
 * on a range, splitting or merging VMAs at its edges, mlocking or
 * munlocking the pages already mapped there, counting locked_vm (VmLck),
 * and faulting the range in after mlock; and the mlocking of single pages
 * that faults, rmap and munmap ask for (mlock_page(), munlock_page()).
 *
 * Simulated processes run as root: RLIMIT_MEMLOCK is not enforced.
 *
 * As on Linux, mlock marks every VMA of the range VM_LOCKED first and
 * only then faults the range in (__mm_populate()). Population that fails
 * -- a PROT_NONE VMA, the part of a shared mapping past its object's end,
 * no memory left -- fails the call (ENOMEM, EAGAIN) but leaves the range
 * locked and the pages faulted in so far in place, as Linux does. A hole
 * in the range or a split past max_map_count is found before anything
 * changes (Linux would lock the part before the hole).
 *
 * Locking: machine lock held for writing.
 */
#include <errno.h>
#include "machine.h"
#include "mm.h"
#include "pagewalk.h"

/* ---- mlocking pages: PG_mlocked and the unevictable list ---- */

/*
 * A page mapped by a VM_LOCKED VMA is PG_mlocked (NR_MLOCK) and sits on
 * the unevictable list, where page->private counts the VM_LOCKED VMAs
 * that map it (folio->mlock_count); the last munlock puts it back on the
 * inactive list. vmstat counts each step: unevictable_pgs_mlocked and
 * _munlocked when PG_mlocked is set and cleared, _culled when the page
 * goes to the unevictable list, _rescued when it comes back, _stranded
 * for a munlock of an unevictable page off every list, and _cleared (at
 * free, in lru_cache_del()) for a page freed still mlocked.
 *
 * Linux sets PG_mlocked at once (mlock_folio(), mlock_new_folio()) but
 * queues the list moves in a per-CPU folio batch, mlock_fbatch, and makes
 * them when it is drained (mlock_folio_batch(): at lru_add_drain(), or
 * when 31 are queued), calling __mlock_folio(), __mlock_new_folio() and
 * __munlock_folio(); _culled, _munlocked, _rescued and _stranded change
 * only then. The engine has no CPUs to batch on: each move is made at
 * once, which is what Linux shows once the batch is drained.
 */

/* folio_evictable(): no page here belongs to an unevictable mapping. */
static bool page_evictable(const struct page *page)
{
	return !PageMlocked(page);
}

/*
 * __mlock_page - the list side of mlock_page() (__mlock_folio()): a page
 * off every list is left as it is; one that is evictable after all
 * (PG_mlocked already cleared) leaves the unevictable list; one already
 * there counts one more mlock; any other moves there with a count of one.
 */
static void __mlock_page(struct machine *m, struct page *page)
{
	/* There is nothing more we can do while it's off LRU. */
	if (!PageLRU(page))
		return;
	if (page_evictable(page)) {
		if (PageUnevictable(page)) {
			lruvec_del_page(m, page);
			ClearPageUnevictable(page);
			lruvec_add_page(m, page);
			count_vm_event(m, UNEVICTABLE_PGRESCUED);
		}
		return;
	}
	if (PageUnevictable(page)) {
		if (PageMlocked(page))
			page->private++;
		return;
	}
	lruvec_del_page(m, page);
	ClearPageActive(page);
	SetPageUnevictable(page);
	page->private = PageMlocked(page) ? 1 : 0;
	lruvec_add_page(m, page);
	count_vm_event(m, UNEVICTABLE_PGCULLED);
}

/*
 * __mlock_new_page - the list side of mlock_new_page()
 * (__mlock_new_folio()): the new page goes onto the unevictable list.
 */
static void __mlock_new_page(struct machine *m, struct page *page)
{
	if (!page_evictable(page)) {
		SetPageUnevictable(page);
		page->private = PageMlocked(page) ? 1 : 0;
		count_vm_event(m, UNEVICTABLE_PGCULLED);
	}
	lruvec_add_page(m, page);
}

/*
 * __munlock_page - munlock_page()'s work (__munlock_folio()): one mlock
 * fewer; when none is left, PG_mlocked goes and the page is rescued from
 * the unevictable list. A page off every list loses PG_mlocked at once
 * (_stranded if it was unevictable): reclaim would find it later.
 */
static void __munlock_page(struct machine *m, struct page *page)
{
	bool isolated = PageLRU(page);

	if (isolated && PageUnevictable(page)) {
		/* Then mlock_count is maintained, but might undercount. */
		if (page->private)
			page->private--;
		if (page->private)
			return;
	}
	if (PageMlocked(page)) {
		ClearPageMlocked(page);
		mod_node_page_state(m, NR_MLOCK, -1);
		if (isolated || !PageUnevictable(page))
			count_vm_event(m, UNEVICTABLE_PGMUNLOCKED);
		else
			count_vm_event(m, UNEVICTABLE_PGSTRANDED);
	}
	/* page_evictable() has to be checked *after* clearing Mlocked. */
	if (isolated && PageUnevictable(page) && page_evictable(page)) {
		lruvec_del_page(m, page);
		ClearPageUnevictable(page);
		lruvec_add_page(m, page);
		count_vm_event(m, UNEVICTABLE_PGRESCUED);
	}
}

/**
 * mlock_page() - a VM_LOCKED VMA maps @page, which is on (or off) an LRU
 * list (mlock_folio()): PG_mlocked, then the move to the unevictable list.
 * @m: machine
 * @page: a normal page (never the zero page)
 */
void mlock_page(struct machine *m, struct page *page)
{
	if (PageReserved(page))
		return;
	if (!PageMlocked(page)) {
		SetPageMlocked(page);
		mod_node_page_state(m, NR_MLOCK, 1);
		count_vm_event(m, UNEVICTABLE_PGMLOCKED);
	}
	__mlock_page(m, page);
}

/**
 * mlock_new_page() - a page born in a VM_LOCKED VMA, on no list yet,
 * is mlocked and goes straight to the unevictable list
 * (mlock_new_folio()).
 * @m: machine
 * @page: new page, just mapped
 */
void mlock_new_page(struct machine *m, struct page *page)
{
	SetPageMlocked(page);
	mod_node_page_state(m, NR_MLOCK, 1);
	count_vm_event(m, UNEVICTABLE_PGMLOCKED);
	__mlock_new_page(m, page);
}

/**
 * munlock_page() - a VM_LOCKED VMA stops mapping @page, or stops being
 * locked (munlock_folio()). Whether other mlocks remain is for
 * __munlock_page() to find out.
 * @m: machine
 * @page: a normal page (never the zero page)
 */
void munlock_page(struct machine *m, struct page *page)
{
	if (PageReserved(page))
		return;
	__munlock_page(m, page);
}

/* ---- mlock(2) and munlock(2) ---- */

/* The flags a VMA gets: VM_LOCKED/VM_LOCKONFAULT replaced by @arg. */
static unsigned long mlock_newflags(struct vm_area_struct *vma, void *arg)
{
	unsigned long lock = *(unsigned long *)arg;

	if (vma->vm_flags & VM_SPECIAL)
		return vma->vm_flags;	/* never locked, never counted */
	return (vma->vm_flags & ~VM_LOCKED_MASK) | lock;
}

static int mlock_pte_entry(pte_t *pte, unsigned long addr,
			   unsigned long next, struct mm_walk *walk)
{
	struct vm_area_struct *vma = walk->vma;
	struct machine *m = vma_machine(vma);
	struct page *page;

	if (!pte_present(*pte))
		return 0;		/* none, or a swap entry */
	page = vm_normal_page(vma, addr, *pte);
	if (!page)
		return 0;		/* the zero page is never mlocked */
	if (vma->vm_flags & VM_LOCKED)
		mlock_page(m, page);
	else
		munlock_page(m, page);
	return 0;
}

/*
 * mlock_vma_pages_range - the VMA's VM_LOCKED just changed: mlock (or
 * munlock) every page already mapped in [@start, @end).
 */
static void mlock_vma_pages_range(struct vm_area_struct *vma,
				  unsigned long start, unsigned long end)
{
	static const struct mm_walk_ops ops = {
		.pte_entry = mlock_pte_entry,
	};

	walk_page_range(vma->vm_mm, start, end, &ops, NULL);
}

/*
 * mlock_fixup - give [@start, @end) of @vma @newflags (locked or not):
 * merge or split, count the change in locked_vm, and mlock or munlock
 * the mapped pages. A range already locked is not mlocked twice.
 * Return: 0 or -ENOMEM (a split failed).
 */
static int mlock_fixup(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, unsigned long newflags)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long oldflags = vma->vm_flags;
	long nr_pages;
	int err;

	if (newflags == oldflags || (oldflags & VM_SPECIAL))
		return 0;
	err = vma_modify_flags(&vma, start, end, &newflags);
	if (err)
		return err;

	nr_pages = (long)((end - start) >> PAGE_SHIFT);
	if (!(newflags & VM_LOCKED))
		nr_pages = -nr_pages;
	else if (oldflags & VM_LOCKED)
		nr_pages = 0;
	mm->locked_vm += nr_pages;

	vma->vm_flags = newflags;
	if (!((newflags & VM_LOCKED) && (oldflags & VM_LOCKED)))
		mlock_vma_pages_range(vma, start, end);
	return 0;
}

/*
 * apply_vma_lock_flags - set @lock (VM_LOCKED or 0) on every VMA of
 * [@start, @end), after checking that the range is mapped and that the
 * splits fit under max_map_count.
 * Return: 0 or -ENOMEM.
 */
static int apply_vma_lock_flags(struct mm_struct *mm, unsigned long start,
				unsigned long end, unsigned long lock)
{
	unsigned long nstart;
	int err;

	err = vma_check_mapped(mm, start, end);
	if (err)
		return err;
	err = vma_modify_precheck(mm, start, end, mlock_newflags, &lock);
	if (err)
		return err;
	for (nstart = start; nstart < end; ) {
		struct vm_area_struct *vma = find_vma(mm, nstart);
		unsigned long tmp = vma->vm_end < end ? vma->vm_end : end;

		err = mlock_fixup(vma, nstart, tmp, mlock_newflags(vma, &lock));
		if (err)
			return err;	/* host out of memory only */
		nstart = tmp;
	}
	return 0;
}

/*
 * mlock_range_check - the checks mlock(2) and munlock(2) open with: the
 * task still has its memory, and [@start, @start + @len) -- any address,
 * widened to whole pages -- does not wrap around. *@pstart and *@pend
 * get the page range (empty for a @len of 0: nothing to do).
 * Return: 0, -ESRCH or -EINVAL, with the reason recorded.
 */
static int mlock_range_check(struct task_struct *tsk, unsigned long start,
			     unsigned long len, unsigned long *pstart,
			     unsigned long *pend)
{
	struct machine *m = tsk->machine;
	unsigned long aligned_len = PAGE_ALIGN(len + (start & ~PAGE_MASK));

	if (!tsk->mm) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	*pstart = start & PAGE_MASK;
	*pend = *pstart + aligned_len;
	if (*pend < *pstart) {
		vm_err(m, "0x%lx+0x%lx wraps around the address space",
		       *pstart, len);
		return -EINVAL;
	}
	return 0;
}

/**
 * sys_mlock() - mlock(2): lock [@start, @start + @len) into memory.
 * @tsk: calling task
 * @start: any address (rounded down to a page)
 * @len: length (the range is rounded out to whole pages; 0 does nothing)
 *
 * The VMAs get VM_LOCKED (counted in locked_vm), the pages already mapped
 * are mlocked, and then the range is faulted in (writes for private
 * writable mappings, breaking COW), VMA by VMA, up to the first page that
 * cannot be had. A failure there leaves the range locked and what was
 * faulted in before it, as Linux's mlock does (see man/mmsim.7).
 *
 * Return: 0; -ENOMEM when part of the range is unmapped (nothing
 * changes), a split would pass max_map_count (nothing changes), or
 * population met a page that cannot be faulted in (PROT_NONE, or past the
 * end of a shared mapping's object); -EINVAL for a wrapping range;
 * -EAGAIN when memory ran out while faulting in.
 */
int sys_mlock(struct task_struct *tsk, unsigned long start, unsigned long len)
{
	struct machine *m = tsk->machine;
	unsigned long end;
	int err;

	err = mlock_range_check(tsk, start, len, &start, &end);
	if (err || start == end)
		return err;
	err = apply_vma_lock_flags(tsk->mm, start, end, VM_LOCKED);
	if (err)
		return err;

	err = __mm_populate(tsk, start, end - start, 0);
	/* __mlock_posix_error_return() */
	if (err == -EFAULT) {
		vm_err(m, "0x%lx-0x%lx is locked but cannot all be faulted in "
		       "(PROT_NONE, or past the end of a shared object)",
		       start, end);
		return -ENOMEM;
	}
	if (err == -ENOMEM) {
		vm_err(m, "out of memory faulting 0x%lx-0x%lx in", start, end);
		return -EAGAIN;
	}
	return err;
}

/**
 * sys_munlock() - munlock(2): clear VM_LOCKED on [@start, @start + @len)
 * (rounded out to pages) and munlock its mapped pages.
 * Return: 0, -ENOMEM (part of the range is unmapped, or a split would
 * pass max_map_count) or -EINVAL (a wrapping range).
 */
int sys_munlock(struct task_struct *tsk, unsigned long start,
		unsigned long len)
{
	unsigned long end;
	int err;

	err = mlock_range_check(tsk, start, len, &start, &end);
	if (err || start == end)
		return err;
	return apply_vma_lock_flags(tsk->mm, start, end, 0);
}
