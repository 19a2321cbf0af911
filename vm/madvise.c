/*
 * madvise.c - madvise(2) (mm/madvise.c) for the advice anonymous memory
 * takes: dropping pages (DONTNEED), lazy freeing (FREE), fork behaviour
 * (DONTFORK/DOFORK, WIPEONFORK/KEEPONFORK), read-ahead (WILLNEED: a
 * file's range is read ahead; a no-op for memory without swap) and
 * reclaim hints (COLD, PAGEOUT).
 *
 * Advice that changes VMA flags splits and merges VMAs like mprotect.
 * Linux applies advice to the mapped parts of a range with holes and
 * then reports ENOMEM, and stops at the first VMA that rejects the
 * advice; here both are found before anything changes, so a failed
 * madvise changes nothing (the errno is Linux's: EINVAL before ENOMEM).
 *
 * PAGEOUT isolates each page mapped only here from its LRU list and hands
 * a page table's worth at a time to reclaim (reclaim_pages(),
 * vm/vmscan.c: shrink_folio_list() ignoring references). With swap
 * (mmsimfs --swap) an anonymous page goes to a swap slot and its PTE
 * becomes the swap entry, and a dirty shmem page goes to swap with its
 * PTE none; a clean file or shmem page leaves its cache, a clean lazily
 * freed page is dropped, and a dirty file page is unmapped and left to
 * the flusher. A page that cannot be reclaimed (no swap, or no free
 * slot) is activated and, if anonymous, its PTE left as it was (still
 * young). Only COLD makes PTEs old. Swap entries are skipped by COLD and
 * PAGEOUT; DONTNEED and FREE free them; WILLNEED reads them, and a shmem
 * object's, into the swap cache.
 *
 * Locking: machine lock held for writing.
 */
#include <errno.h>
#include <fcntl.h>
#include "machine.h"
#include "mm.h"
#include "pagemap.h"
#include "pagewalk.h"
#include "swap.h"
#include "tlb.h"

static bool madvise_behavior_valid(int behavior)
{
	switch (behavior) {
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
	case MADV_WILLNEED:
	case MADV_COLD:
	case MADV_PAGEOUT:
		return true;
	}
	return false;
}

static bool madvise_changes_flags(int behavior)
{
	return behavior == MADV_DONTFORK || behavior == MADV_DOFORK ||
	       behavior == MADV_WIPEONFORK || behavior == MADV_KEEPONFORK;
}

static const char *advice_name(int behavior)
{
	switch (behavior) {
	case MADV_DONTNEED:	return "dontneed";
	case MADV_FREE:		return "free";
	case MADV_DONTFORK:	return "dontfork";
	case MADV_DOFORK:	return "dofork";
	case MADV_WIPEONFORK:	return "wipeonfork";
	case MADV_KEEPONFORK:	return "keeponfork";
	case MADV_WILLNEED:	return "willneed";
	case MADV_COLD:		return "cold";
	case MADV_PAGEOUT:	return "pageout";
	}
	return "?";
}

/*
 * madvise_vma_invalid - does @vma reject @behavior (-EINVAL in Linux)?
 * Return: the reason, or NULL if the advice applies.
 */
static const char *madvise_vma_invalid(struct vm_area_struct *vma,
				       int behavior)
{
	switch (behavior) {
	case MADV_DONTNEED:
	case MADV_FREE:
		/* madvise_dontneed_free_valid_vma() */
		if (vma->vm_flags & (VM_LOCKED | VM_PFNMAP))
			return "is locked";
		/* MADV_FREE works only on anonymous (not shmem) memory. */
		if (behavior == MADV_FREE && !vma_is_anonymous(vma))
			return "is shared";
		return NULL;
	case MADV_COLD:
	case MADV_PAGEOUT:
		/* can_madv_lru_vma() */
		if (vma->vm_flags & (VM_LOCKED | VM_PFNMAP | VM_HUGETLB))
			return "is locked";
		return NULL;
	case MADV_DOFORK:
		if (vma->vm_flags & VM_IO)
			return "is an I/O mapping";
		return NULL;
	case MADV_WIPEONFORK:
		/* Only private anonymous memory can be wiped on fork. */
		if (vma->vm_file || (vma->vm_flags & VM_SHARED))
			return "is shared";
		return NULL;
	}
	return NULL;
}

/* The flags a VMA gets from flag-changing advice (madvise_vma_behavior). */
static unsigned long madvise_newflags(struct vm_area_struct *vma, void *arg)
{
	int behavior = *(int *)arg;
	unsigned long flags = vma->vm_flags;

	switch (behavior) {
	case MADV_DONTFORK:
		return flags | VM_DONTCOPY;
	case MADV_DOFORK:
		return flags & ~VM_DONTCOPY;
	case MADV_WIPEONFORK:
		return flags | VM_WIPEONFORK;
	case MADV_KEEPONFORK:
		return flags & ~VM_WIPEONFORK;
	}
	return flags;
}

/* ---- page-level advice ---- */

/*
 * madvise_pte_page - the normal page a present PTE of the walk maps, or
 * NULL for an empty entry or a swap entry (which COLD, PAGEOUT and FREE
 * leave alone here) and for the zero page, which advice never touches.
 */
static struct page *madvise_pte_page(pte_t *pte, unsigned long addr,
				     struct mm_walk *walk)
{
	if (pte_none(*pte) || !pte_present(*pte))
		return NULL;
	return vm_normal_page(walk->vma, addr, *pte);
}

/*
 * mark_page_lazyfree - a clean anonymous page that reclaim may simply
 * drop (folio_mark_lazyfree, lru_lazyfree): off the active list, not
 * referenced, and no longer swap-backed, which is what smaps counts as
 * LazyFree until a write dirties its PTE again.
 */
static void mark_page_lazyfree(struct machine *m, struct page *page)
{
	if (!PageAnon(page) || !PageSwapBacked(page) || PageSwapCache(page) ||
	    PageUnevictable(page) || !PageLRU(page))
		return;
	lru_cache_del(m, page);
	ClearPageReferenced(page);
	ClearPageSwapBacked(page);
	lru_cache_add(m, page);
	count_vm_event(m, PGLAZYFREE);
}

/*
 * madvise_free_pte_entry - one PTE of MADV_FREE (madvise_free_pte_range).
 *
 * The page is made lazily freeable even when a fork relative still maps
 * it: this PTE becomes clean and old, and the page leaves the swap-backed
 * lists. The other mappers keep their own (possibly dirty) PTEs, which
 * keep the page from being dropped and from counting as LazyFree there.
 * Only a page whose dirtiness sits in the page itself (PG_dirty, e.g.
 * after a write through /proc/PID/mem) must be mapped by this PTE alone:
 * clearing PG_dirty would discard data another mapper wrote.
 */
static int madvise_free_pte_entry(pte_t *pte, unsigned long addr,
				  unsigned long next, struct mm_walk *walk)
{
	struct machine *m = walk->mm->machine;
	struct page *page = madvise_pte_page(pte, addr, walk);

	/* A swapped-out page is freed: its bytes are no longer wanted. */
	if (is_swap_pte(*pte)) {
		free_swap_and_cache(m, pte_to_swp_entry(*pte));
		*pte = __pte(0);
		add_mm_counter(walk->mm, MM_SWAPENTS, -1);
		return 0;
	}
	if (!page)
		return 0;
	if (PageDirty(page)) {
		if (page_mapcount(page) != 1)
			return 0;
		ClearPageDirty(page);
	}
	if (pte_young(*pte) || pte_dirty(*pte)) {
		*pte = pte_mkclean(pte_mkold(*pte));
		/* tlb_remove_tlb_entry(): no TLB keeps it dirty or young */
		tlb_flush_pte_range(walk->mm, addr, PAGE_SIZE);
	}
	mark_page_lazyfree(m, page);
	return 0;
}

/*
 * struct madvise_walk_private - what a COLD or PAGEOUT walk carries: the
 * advice, and PAGEOUT's pages isolated from their LRU lists, for
 * reclaim_pages() at the end of each page table (per PMD, as Linux's
 * madvise_cold_or_pageout_pte_range() reclaims after each).
 */
struct madvise_walk_private {
	bool pageout;
	struct lru_head folio_list;
};

static int madvise_cold_pte_entry(pte_t *pte, unsigned long addr,
				  unsigned long next, struct mm_walk *walk)
{
	struct machine *m = walk->mm->machine;
	struct madvise_walk_private *priv = walk->private;
	struct page *page = madvise_pte_page(pte, addr, walk);

	if (!page)
		return 0;
	/* Do not interfere with other mappings of this page. */
	if (!PageLRU(page) || page_mapcount(page) != 1)
		return 0;

	/*
	 * Only MADV_COLD ages the PTE. MADV_PAGEOUT hands the page to
	 * reclaim, which ignores the accessed bit (ignore_references) and,
	 * when the page cannot be written out, leaves it mapped as it was.
	 */
	if (!priv->pageout && pte_young(*pte)) {
		*pte = pte_mkold(*pte);
		tlb_flush_pte_range(walk->mm, addr, PAGE_SIZE);
	}
	/*
	 * Reclaim must not see the page as recently used: the referenced
	 * and idle-young state goes in both cases. An active page was in
	 * use: if it is evicted, its refault is a workingset restore.
	 */
	ClearPageReferenced(page);
	ClearPageYoung(page);
	if (PageActive(page))
		SetPageWorkingset(page);
	if (!priv->pageout) {
		deactivate_page(m, page);
		return 0;
	}
	if (folio_isolate_lru(m, page)) {
		if (PageUnevictable(page))
			folio_putback_lru(m, page);
		else
			lru_add(&m->zone, &priv->folio_list, page);
	}
	return 0;
}

/* PAGEOUT: reclaim the pages isolated from the last page table. */
static void madvise_pageout_reclaim(struct machine *m,
				    struct madvise_walk_private *priv)
{
	if (priv->pageout && !lru_head_empty(&priv->folio_list))
		reclaim_pages(m, &priv->folio_list);
}

static int madvise_cold_pmd_entry(pmd_t *pmd, unsigned long addr,
				  unsigned long next, struct mm_walk *walk)
{
	(void)pmd;
	(void)addr;
	(void)next;
	madvise_pageout_reclaim(walk->mm->machine, walk->private);
	return 0;
}

/*
 * swapin_walk_pte_entry - one PTE of MADV_WILLNEED in anonymous memory
 * (swapin_walk_pmd_entry()): a swap entry's page is read into the swap
 * cache, where the next access finds it (a minor fault).
 */
static int swapin_walk_pte_entry(pte_t *pte, unsigned long addr,
				 unsigned long next, struct mm_walk *walk)
{
	(void)addr;
	(void)next;
	if (is_swap_pte(*pte))
		read_swap_cache_async(walk->mm->machine,
				      pte_to_swp_entry(*pte));
	return 0;
}

/* Walk [@start, @end) with one pte_entry callback. */
static void madvise_walk(struct mm_struct *mm, unsigned long start,
			 unsigned long end,
			 int (*pte_entry)(pte_t *, unsigned long, unsigned long,
					  struct mm_walk *),
			 int behavior)
{
	struct mm_walk_ops ops = { .pte_entry = pte_entry };

	walk_page_range(mm, start, end, &ops, &behavior);
}

/*
 * madvise_vma_behavior - apply @behavior to [@start, @end) of @vma, all
 * checks done. Return: 0, or -ENOMEM when a split fails (host memory).
 */
static int madvise_vma_behavior(struct vm_area_struct *vma,
				unsigned long start, unsigned long end,
				int behavior)
{
	/* madvise_dontneed_single_vma(): empty PTE tables go too. */
	static const struct zap_details dontneed_details = {
		.reclaim_pt = true,
	};
	unsigned long newflags;
	int err;

	switch (behavior) {
	case MADV_DONTNEED:
		zap_page_range_single(vma, start, end - start,
				      &dontneed_details);
		return 0;
	case MADV_FREE:
		/* madvise_free_single_vma() */
		update_hiwater_rss(vma->vm_mm);
		tlb_gather_mmu(vma->vm_mm, false);
		madvise_walk(vma->vm_mm, start, end, madvise_free_pte_entry,
			     behavior);
		tlb_finish_mmu(vma->vm_mm);
		return 0;
	case MADV_WILLNEED:
		/*
		 * madvise_willneed(): a file's range is read ahead, as
		 * POSIX_FADV_WILLNEED reads it; anonymous memory has its
		 * swap entries read into the swap cache (swapin_walk),
		 * and so has a shmem object (shmem_swapin_range()).
		 */
		if (!vma->vm_file) {
			madvise_walk(vma->vm_mm, start, end,
				     swapin_walk_pte_entry, behavior);
			return 0;
		}
		if (shmem_mapping(vma->vm_file->f_mapping)) {
			/* shmem_swapin_range() */
			pgoff_t first = linear_page_index(vma, start);

			shmem_swapin_range(file_inode(vma->vm_file), first,
					   first + ((end - start) >> PAGE_SHIFT) - 1);
			return 0;
		}
		generic_fadvise(vma->vm_file,
				(long long)(start - vma->vm_start) +
				((long long)vma->vm_pgoff << PAGE_SHIFT),
				(long long)(end - start), POSIX_FADV_WILLNEED);
		return 0;
	case MADV_COLD:
	case MADV_PAGEOUT: {
		/* madvise_cold_or_pageout_pte_range() in an mmu_gather */
		static const struct mm_walk_ops cold_walk_ops = {
			.pmd_entry = madvise_cold_pmd_entry,
			.pte_entry = madvise_cold_pte_entry,
		};
		struct madvise_walk_private priv = {
			.pageout = behavior == MADV_PAGEOUT,
		};

		lru_head_init(&priv.folio_list);
		tlb_gather_mmu(vma->vm_mm, false);
		walk_page_range(vma->vm_mm, start, end, &cold_walk_ops, &priv);
		madvise_pageout_reclaim(vma_machine(vma), &priv);
		tlb_finish_mmu(vma->vm_mm);
		return 0;
	}
	}

	newflags = madvise_newflags(vma, &behavior);
	if (newflags == vma->vm_flags)
		return 0;
	err = vma_modify_flags(&vma, start, end, &newflags);
	if (err)
		return err;
	vma->vm_flags = newflags;
	return 0;
}

/*
 * madvise_precheck - the checks Linux makes while it walks the range,
 * made before anything changes: a VMA that rejects the advice (-EINVAL,
 * which wins over a hole), then a hole (-ENOMEM), then for flag changes
 * max_map_count (-EAGAIN: madvise reports ENOMEM from a split as EAGAIN).
 */
static int madvise_precheck(struct mm_struct *mm, unsigned long start,
			    unsigned long end, int behavior)
{
	struct machine *m = mm->machine;
	struct vm_area_struct *vma;
	const char *why;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma->vm_next) {
		why = madvise_vma_invalid(vma, behavior);
		if (why) {
			vm_err(m, "%s: 0x%lx-0x%lx %s", advice_name(behavior),
			       vma->vm_start, vma->vm_end, why);
			return -EINVAL;
		}
	}
	if (vma_check_mapped(mm, start, end))
		return -ENOMEM;
	if (madvise_changes_flags(behavior) &&
	    vma_modify_precheck(mm, start, end, madvise_newflags, &behavior))
		return -EAGAIN;
	return 0;
}

/**
 * sys_madvise() - madvise(2).
 * @tsk: calling task
 * @start: page-aligned start
 * @len: length, rounded up to pages (0 does nothing)
 * @advice: MADV_DONTNEED, MADV_FREE, MADV_DONTFORK, MADV_DOFORK,
 *	MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_WILLNEED, MADV_COLD or
 *	MADV_PAGEOUT
 *
 * Return: 0; -EINVAL (unknown advice, unaligned start, wrapping range,
 * a VMA that rejects the advice: locked for DONTNEED/FREE/COLD/PAGEOUT,
 * shared for FREE/WIPEONFORK); -ENOMEM (part of the range is unmapped);
 * -EAGAIN (a split would pass max_map_count).
 */
int sys_madvise(struct task_struct *tsk, unsigned long start,
		unsigned long len, int advice)
{
	struct machine *m = tsk->machine;
	struct mm_struct *mm = tsk->mm;
	unsigned long end, nstart;
	int err;

	if (!mm) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	if (!madvise_behavior_valid(advice)) {
		vm_err(m, "unknown advice %d", advice);
		return -EINVAL;
	}
	if (start & ~PAGE_MASK) {
		vm_err(m, "address 0x%lx is not page-aligned", start);
		return -EINVAL;
	}
	end = start + PAGE_ALIGN(len);
	if ((len && end == start) || end < start) {
		vm_err(m, "0x%lx+0x%lx wraps around the address space",
		       start, len);
		return -EINVAL;
	}
	if (end == start)
		return 0;

	err = madvise_precheck(mm, start, end, advice);
	if (err)
		return err;
	for (nstart = start; nstart < end; ) {
		struct vm_area_struct *vma = find_vma(mm, nstart);
		unsigned long tmp = vma->vm_end < end ? vma->vm_end : end;

		err = madvise_vma_behavior(vma, nstart, tmp, advice);
		if (err)
			return err == -ENOMEM ? -EAGAIN : err;
		nstart = tmp;
	}
	return 0;
}
