/*
 * vmscan.c - page reclaim (mm/vmscan.c): the LRU scan, kswapd and direct
 * reclaim, and madvise pageout's one-page shrink_folio_list().
 *
 *   kswapd (at a command boundary)       an allocation that failed
 *     balance_pgdat()                      try_to_free_pages()
 *       kswapd_shrink_node()                 do_try_to_free_pages()
 *              \                            /
 *               shrink_node() -> shrink_lruvec(lruvec, sc)
 *                 get_scan_count()         anon vs file, swappiness 60
 *                 shrink_active_list()     pgrefill, deactivation
 *                 shrink_inactive_list()   pgscan_*, pgsteal_*
 *                   isolate_lru_folios()   from the lists' tails
 *                   shrink_folio_list()    folio_check_references(),
 *                                          add_to_swap(), try_to_unmap(),
 *                                          pageout(), __remove_mapping()
 *
 * Determinism: there are no per-CPU batches (lru_add_drain() has nothing
 * to drain) and kswapd is not a thread that runs when the host schedules
 * it: wakeup_kswapd() only marks it woken, and kswapd_run() does its work
 * at the end of the command that woke it (ctl's dispatch), on that
 * command's CPU: with --kthreads as the kernel thread kswapd0, which the
 * CPU switches to (schedule_kthread(): kswapd0 borrows the mm of the task
 * that ran before it, loading no CR3, and is current, so trace lines name
 * it), else in the kernel's own context. A run of one script gives one
 * result.
 *
 * The swap device is synchronous (vm/swap.h), so a write has finished
 * when pageout() returns and the page is freed in the same pass, as Linux
 * frees a page written to zram. Dirty page-cache pages are not written by
 * reclaim (6.18's pageout() leaves them to the flusher): they are marked
 * PG_reclaim and activated; when a whole batch was dirty the flusher is
 * woken, which here writes them back at once (to the overlay, never a
 * host file), and folio_rotate_reclaimable() puts them at the inactive
 * tail for the next pass.
 *
 * Not here: MGLRU, THP splitting, NUMA.
 *
 * Locking: machine lock held for writing.
 */
#include "machine.h"
#include "mm.h"
#include "pagemap.h"
#include "tlb.h"
#include "swap.h"
#include "vmscan.h"


#define DEF_PRIORITY		12
#define ZONE_NORMAL		2	/* after ZONE_DMA, ZONE_DMA32 */
#define ZONE_MOVABLE		3

/*
 * gfp_zone(): the highest zone an allocation may use: ZONE_MOVABLE for
 * movable highmem (user pages), ZONE_NORMAL otherwise. It is the
 * reclaim's classzone (sc->reclaim_idx); the machine's one zone is
 * Normal, so every page is eligible either way.
 */
static int gfp_zone(gfp_t gfp)
{
	return (gfp & __GFP_MOVABLE) && (gfp & __GFP_HIGHMEM) ? ZONE_MOVABLE :
								ZONE_NORMAL;
}
#define SWAP_CLUSTER_MAX	32UL
#define MAX_RECLAIM_RETRIES	16
#define MAX_SWAPPINESS		200
/* vm.swappiness: 60, the kernel's default. */
static const int vm_swappiness = 60;

/**
 * struct scan_control - one reclaim's parameters and results (its name
 * and fields are mm/vmscan.c's).
 * @nr_to_reclaim: how many pages to free before stopping
 * @target_mem_cgroup: the memcg under limit reclaim; NULL: the node's
 * @anon_cost, @file_cost: the target lruvec's costs at the start
 * @may_deactivate: DEACTIVATE_ANON / DEACTIVATE_FILE: may the active list
 *	of that type be aged
 * @force_deactivate: age both, whatever the ratios
 * @skipped_deactivate: an active list was left alone
 * @may_writepage: dirty pages may be written (pageout())
 * @may_unmap: mapped pages may be unmapped
 * @may_swap: anonymous pages may go to swap
 * @cache_trim_mode: plenty of inactive file: reclaim only file
 * @file_is_tiny: almost no file pages left: reclaim anon
 * @priority: the scan's intensity: lists are scanned size >> priority
 * @reclaim_idx: the highest zone the allocation may use (gfp_zone())
 * @gfp_mask: the allocation's flags
 * @nr_scanned, @nr_reclaimed: pages scanned and freed
 * @nr: what the last shrink_inactive_list()s met (dirty, taken...)
 * @kswapd: the reclaim is kswapd's (current_is_kswapd())
 */
struct scan_control {
	unsigned long nr_to_reclaim;
	struct mem_cgroup *target_mem_cgroup;
	unsigned long anon_cost, file_cost;
	unsigned int may_deactivate:2;
	unsigned int force_deactivate:1;
	unsigned int skipped_deactivate:1;
	unsigned int may_writepage:1;
	unsigned int may_unmap:1;
	unsigned int may_swap:1;
	unsigned int cache_trim_mode:1;
	unsigned int file_is_tiny:1;
	unsigned int memcg_low_reclaim:1;	/* memory.low gives way */
	unsigned int memcg_low_skipped:1;	/* a group within it was skipped */
	int order;
	int priority;
	int reclaim_idx;
	gfp_t gfp_mask;
	unsigned long nr_scanned;
	unsigned long nr_reclaimed;
	struct {
		unsigned int dirty, unqueued_dirty, writeback, taken,
			     file_taken;
	} nr;
	bool kswapd;
};

#define DEACTIVATE_ANON	1
#define DEACTIVATE_FILE	2

/* shrink_folio_list()'s tally (struct reclaim_stat). */
struct reclaim_stat {
	unsigned int nr_dirty;
	unsigned int nr_unqueued_dirty;
	unsigned int nr_congested;
	unsigned int nr_writeback;
	unsigned int nr_immediate;
	unsigned int nr_pageout;
	unsigned int nr_activate[ANON_AND_FILE];
	unsigned int nr_ref_keep;
	unsigned int nr_unmap_fail;
	unsigned int nr_lazyfree_fail;
	unsigned int nr_demoted;
};

static bool cgroup_reclaim(const struct scan_control *sc)
{
	return sc->target_mem_cgroup != NULL;
}

/* reclaimer_offset(): kswapd's or direct reclaim's counter. */
static enum vm_event_item pgscan_item(const struct scan_control *sc)
{
	return sc->kswapd ? PGSCAN_KSWAPD : PGSCAN_DIRECT;
}

static enum vm_event_item pgsteal_item(const struct scan_control *sc)
{
	return sc->kswapd ? PGSTEAL_KSWAPD : PGSTEAL_DIRECT;
}

static inline bool folio_is_file_lru(const struct page *page)
{
	return !PageSwapBacked(page);
}

/* folio_evictable(): not mlocked (the unevictable list's pages). */
static bool folio_evictable(const struct page *page)
{
	return !PageUnevictable(page) && !PageMlocked(page);
}

/* ---- the lists' sizes ---- */

/* lruvec_lru_size(): pages on @lru of @lruvec. */
static unsigned long lruvec_lru_size(const struct lruvec *lruvec,
				     enum lru_list lru)
{
	return lruvec->nr_pages[lru];
}

/**
 * inactive_is_low() - is the inactive list of @inactive_lru's type too
 * small for its active one? The target ratio is 1:1 below 1 GiB of the
 * type, and sqrt(10 * GiB):1 above (3:1 at 1 GiB, 10:1 at 10 GiB).
 * @lruvec: the lists
 * @inactive_lru: LRU_INACTIVE_ANON or LRU_INACTIVE_FILE
 */
bool inactive_is_low(const struct lruvec *lruvec, enum lru_list inactive_lru)
{
	enum lru_list active_lru = inactive_lru + LRU_ACTIVE;
	unsigned long inactive = lruvec_lru_size(lruvec, inactive_lru);
	unsigned long active = lruvec_lru_size(lruvec, active_lru);
	unsigned long gb = (inactive + active) >> (30 - PAGE_SHIFT);
	unsigned long inactive_ratio = gb ? int_sqrt(10 * gb) : 1;

	return inactive * inactive_ratio < active;
}

/* can_reclaim_anon_pages(): is there swap to put anonymous pages in? */
static bool can_reclaim_anon_pages(struct machine *m,
				   const struct scan_control *sc)
{
	/* Limit reclaim: the swap the group may still use (memory.swap.max). */
	if (cgroup_reclaim(sc))
		return mem_cgroup_get_nr_swap_pages(m, sc->target_mem_cgroup) > 0;
	return nr_swap_pages(m) > 0;
}

/* ---- referenced bits: folio_referenced() through the reverse map ---- */

struct folio_referenced_arg {
	int referenced;
	unsigned long vm_flags;
};

/*
 * folio_referenced_one - one PTE that maps the page: an accessed bit set
 * by the hardware (here by touch, load and store) counts and is cleared
 * (ptep_clear_flush_young_notify()); a VM_LOCKED VMA stops the walk and
 * reports VM_LOCKED.
 */
static bool folio_referenced_one(struct page *page, struct vm_area_struct *vma,
				 unsigned long address, void *arg)
{
	struct folio_referenced_arg *pra = arg;
	pte_t *pte = mm_find_pte(vma->vm_mm, address);

	(void)page;
	if ((vma->vm_flags & (VM_LOCKED | VM_SPECIAL)) == VM_LOCKED) {
		pra->vm_flags |= VM_LOCKED;
		return false;
	}
	if (pte_young(*pte)) {
		/*
		 * ptep_clear_flush_young(): on x86 without the flush, as
		 * "clearing the accessed bit without a TLB flush doesn't
		 * cause data corruption": an access through a TLB entry
		 * still cached sets no accessed bit again.
		 */
		*pte = pte_mkold(*pte);
		pra->referenced++;
		pra->vm_flags |= vma->vm_flags & ~VM_LOCKED;
	}
	return true;
}

/**
 * folio_referenced() - how many PTEs mapping @page were accessed since
 * the last look, clearing their accessed bits; PG_young (page_idle)
 * counts once too.
 * @page: the page
 * @vm_flags: filled with the VM flags of the VMAs that referenced it
 * Return: the count.
 */
int folio_referenced(struct page *page, unsigned long *vm_flags)
{
	struct folio_referenced_arg pra = { 0, 0 };
	struct rmap_walk_control rwc = {
		.arg = &pra,
		.rmap_one = folio_referenced_one,
	};

	if (PageYoung(page)) {
		ClearPageYoung(page);
		pra.referenced++;
	}
	if (page_mapped(page))
		rmap_walk(page, &rwc);
	*vm_flags = pra.vm_flags;
	return pra.referenced;
}

enum folio_references {
	FOLIOREF_RECLAIM,
	FOLIOREF_RECLAIM_CLEAN,
	FOLIOREF_KEEP,
	FOLIOREF_ACTIVATE,
};

/*
 * folio_check_references - what to do with an inactive page reclaim met:
 * a page mapped and referenced twice (two PTEs, or a PTE and
 * PG_referenced) is activated; referenced once, it is marked and kept
 * for another trip round the inactive list (every mapped page starts
 * with the accessed bit of the fault that mapped it); a file page
 * executable and referenced is activated at once; an unmapped page used
 * through read() (PG_referenced) is reclaimed if clean.
 */
static enum folio_references folio_check_references(struct page *page,
						    struct scan_control *sc)
{
	unsigned long vm_flags;
	int referenced_ptes, referenced_folio;

	(void)sc;
	referenced_ptes = folio_referenced(page, &vm_flags);
	referenced_folio = PageReferenced(page);
	ClearPageReferenced(page);

	/* Mlocked on the way: it belongs on the unevictable list. */
	if (vm_flags & VM_LOCKED)
		return FOLIOREF_ACTIVATE;
	if (referenced_ptes) {
		SetPageReferenced(page);
		if (referenced_folio || referenced_ptes > 1)
			return FOLIOREF_ACTIVATE;
		/* Activate file-backed executable folios after first usage. */
		if ((vm_flags & VM_EXEC) && folio_is_file_lru(page))
			return FOLIOREF_ACTIVATE;
		return FOLIOREF_KEEP;
	}
	/* Reclaim if clean, defer dirty folios to writeback. */
	if (referenced_folio && folio_is_file_lru(page))
		return FOLIOREF_RECLAIM_CLEAN;
	return FOLIOREF_RECLAIM;
}

/* ---- writing out ---- */

/*
 * add_to_swap - give @page a swap slot and put it in the swap cache
 * (folio_alloc_swap()); it is dirty from now on, so that pageout()
 * writes it even if no PTE had it dirty (folio_mark_dirty()).
 * Return: true, or false when there is no swap or no free slot.
 */
static bool add_to_swap(struct machine *m, struct page *page)
{
	if (folio_alloc_swap(m, page))
		return false;
	SetPageDirty(page);
	return true;
}

typedef enum {
	PAGE_KEEP,	/* failed to write the folio out */
	PAGE_ACTIVATE,	/* move the folio to the active list */
	PAGE_SUCCESS,	/* the write was started (here: is done) */
	PAGE_CLEAN,	/* the folio was clean */
} pageout_t;

/*
 * pageout - write a dirty swap-cache page to its slot, or a dirty shmem
 * page to swap (folio_clear_dirty_for_io(), then writeout(): swap_writeout()
 * or shmem_writeout()); a page-cache page of a file is left to the
 * flusher (PAGE_ACTIVATE), as in 6.18. The write is synchronous, so
 * PG_reclaim, set for it, is cleared when it returns.
 */
static pageout_t pageout(struct machine *m, struct page *page,
			 struct scan_control *sc)
{
	bool shmem = !PageAnon(page) && shmem_mapping(page->mapping);
	int res;

	if (!PageSwapCache(page) && !shmem)
		return PAGE_ACTIVATE;
	if (!PageDirty(page))
		return PAGE_CLEAN;
	ClearPageDirty(page);
	SetPageReclaim(page);
	res = shmem ? shmem_writeout(m, page) : swap_writepage(m, page);
	ClearPageReclaim(page);
	if (res == AOP_WRITEPAGE_ACTIVATE)	/* redirtied by shmem_writeout() */
		return PAGE_ACTIVATE;
	if (res) {
		SetPageDirty(page);
		return PAGE_KEEP;
	}
	(void)sc;
	mod_node_page_state(m, NR_VMSCAN_WRITE, 1);
	trace_mm_vmscan_write_folio(&m->trace, page_to_pfn(&m->zone, page),
				    trace_reclaim_flags(false));
	return PAGE_SUCCESS;
}

/*
 * __remove_mapping - free a clean, unmapped page from its cache: only
 * the cache's reference and the isolation's (@refs of them) may be
 * left, else someone still uses it (folio_ref_freeze() fails). A
 * page-cache page leaves a shadow entry (workingset_eviction()) so that
 * its refault can be recognized; a swap-cache page's slot keeps its
 * bytes for the swap PTEs.
 * Return: true when the page left its cache.
 */
static bool __remove_mapping(struct machine *m, struct page *page, int refs,
			     struct scan_control *sc)
{
	if (page_ref_count(page) != refs || PageDirty(page))
		return false;
	if (PageSwapCache(page)) {
		delete_from_swap_cache(m, page);
		return true;
	}
	/* A clean shmem page (never written) leaves no shadow. */
	if (folio_is_file_lru(page))
		workingset_eviction(m, page,
				    sc ? sc->target_mem_cgroup : NULL);
	filemap_remove_page(page);
	return true;
}

/* ---- shrink_folio_list ---- */

/*
 * folio_locked_elsewhere - folio_trylock() failing: in mmsim a caller
 * that works on a page across an allocation (a fault's page, a COW
 * source) holds a reference beyond the mappings' and the cache's, and
 * reclaim leaves such a page alone as it leaves a locked one.
 */
static bool folio_locked_elsewhere(const struct page *page)
{
	int expected = page_mapcount(page) + 1;	/* + the isolation's */

	if (PageSwapCache(page) || (page->mapping && !PageAnon(page)))
		expected++;
	return page_ref_count(page) > expected;
}

/*
 * shrink_folio_list - try to free each isolated page of @folio_list.
 * Freed pages are released; the others are left on @folio_list, the ones
 * to activate with PG_active set, for move_folios_to_lru().
 * Return: pages freed.
 */
static unsigned long shrink_folio_list(struct machine *m,
				       struct lru_head *folio_list,
				       struct scan_control *sc,
				       struct reclaim_stat *stat,
				       bool ignore_references)
{
	struct zone *z = &m->zone;
	struct lru_head ret_folios;
	unsigned long nr_reclaimed = 0;
	unsigned int pgactivate;
	struct page *page;

	lru_head_init(&ret_folios);
	*stat = (struct reclaim_stat){ 0 };
	while ((page = lru_last(z, folio_list))) {
		enum folio_references references = FOLIOREF_RECLAIM;
		bool was_swapbacked = PageSwapBacked(page);
		int refs;

		lru_del(z, folio_list, page);
		if (folio_locked_elsewhere(page))
			goto keep;
		sc->nr_scanned++;
		if (!folio_evictable(page))
			goto activate_locked;
		if (!sc->may_unmap && page_mapped(page))
			goto keep_locked;
		if (PageDirty(page) || PageWriteback(page))
			stat->nr_dirty++;
		if (PageDirty(page) && !PageWriteback(page))
			stat->nr_unqueued_dirty++;
		if (!ignore_references)
			references = folio_check_references(page, sc);
		switch (references) {
		case FOLIOREF_ACTIVATE:
			goto activate_locked;
		case FOLIOREF_KEEP:
			stat->nr_ref_keep++;
			goto keep_locked;
		case FOLIOREF_RECLAIM:
		case FOLIOREF_RECLAIM_CLEAN:
			break;	/* try to reclaim the folio below */
		}

		/*
		 * Anonymous process memory has backing store? Try to
		 * allocate it some swap space here.
		 */
		if (PageAnon(page) && PageSwapBacked(page) &&
		    !PageSwapCache(page)) {
			if (!sc->may_swap || !add_to_swap(m, page))
				goto activate_locked;
		}
		/* The page is mapped: unmap it from every PTE. */
		if (page_mapped(page)) {
			try_to_unmap(page);
			if (page_mapped(page)) {
				stat->nr_unmap_fail++;
				if (!was_swapbacked && PageSwapBacked(page))
					stat->nr_lazyfree_fail++;
				goto activate_locked;
			}
		}
		if (PageDirty(page)) {
			/*
			 * A dirty file page is the flusher's: mark it for
			 * immediate reclaim once written (PG_reclaim) and
			 * put it on the active list.
			 */
			if (folio_is_file_lru(page)) {
				mod_node_page_state(m, NR_VMSCAN_IMMEDIATE, 1);
				SetPageReclaim(page);
				goto activate_locked;
			}
			if (references == FOLIOREF_RECLAIM_CLEAN)
				goto keep_locked;
			if (!sc->may_writepage)
				goto keep_locked;
			/* No stale writable entry may outlive the write. */
			try_to_unmap_flush(m);
			switch (pageout(m, page, sc)) {
			case PAGE_KEEP:
				goto keep_locked;
			case PAGE_ACTIVATE:
				goto activate_locked;
			case PAGE_SUCCESS:
				stat->nr_pageout++;
				if (PageDirty(page))
					goto keep;
				break;
			case PAGE_CLEAN:
				break;
			}
		}
		if (PageAnon(page) && !PageSwapBacked(page)) {
			/* MADV_FREE: only the isolation's reference left. */
			if (page_ref_count(page) != 1)
				goto keep_locked;
			count_vm_event(m, PGLAZYFREED);
			goto free_it;
		}
		refs = 2;	/* the cache's and the isolation's */
		if (!(PageSwapCache(page) || page->mapping) ||
		    !__remove_mapping(m, page, refs, sc))
			goto keep_locked;
free_it:
		nr_reclaimed++;
		/*
		 * The isolation's reference was the last: the page goes
		 * back to the buddy allocator (free_unref_folios()), once
		 * no CPU may still hold a stale TLB entry for it.
		 */
		try_to_unmap_flush(m);
		ClearPageActive(page);
		ClearPageReferenced(page);
		ClearPageReclaim(page);
		put_page(&m->zone, page);
		continue;
activate_locked:
		/* Not a candidate for swapping, so reclaim swap space. */
		if (PageSwapCache(page) &&
		    (nr_swap_pages(m) * 2 < total_swap_pages(m) ||
		     PageMlocked(page)))
			folio_free_swap(m, page);
		if (!PageMlocked(page)) {
			SetPageActive(page);
			stat->nr_activate[folio_is_file_lru(page)]++;
		}
keep_locked:
keep:
		lru_add(z, &ret_folios, page);
	}
	pgactivate = stat->nr_activate[0] + stat->nr_activate[1];
	try_to_unmap_flush(m);
	*folio_list = ret_folios;	/* list_splice(): folio_list is empty */
	m->vm_events[PGACTIVATE] += pgactivate;
	return nr_reclaimed;
}

/* ---- isolation and putback ---- */

/*
 * isolate_lru_folios - take up to @nr_to_scan pages from the tail of
 * @lru onto @dst, each with an isolation reference and PG_lru cleared.
 * Return: pages taken; *@nr_scanned: pages looked at.
 */
static unsigned long isolate_lru_folios(struct machine *m,
					unsigned long nr_to_scan,
					struct lruvec *lruvec,
					struct lru_head *dst,
					unsigned long *nr_scanned,
					struct scan_control *sc,
					enum lru_list lru)
{
	struct zone *z = &m->zone;
	struct lru_head *src = &lruvec->lists[lru];
	unsigned long nr_taken = 0, scan = 0;
	struct page *page;

	while (scan < nr_to_scan && (page = lru_last(z, src))) {
		scan++;
		if (!sc->may_unmap && page_mapped(page)) {
			lru_del(z, src, page);	/* list_move() to the head */
			lru_add(z, src, page);
			continue;
		}
		get_page(page);		/* folio_try_get() */
		/* folio_test_clear_lru() and the list's count */
		lru_del(z, src, page);
		lruvec->nr_pages[lru]--;
		mod_node_page_state(m, lru_node_stat[lru], -1);
		ClearPageLRU(page);
		lru_add(z, dst, page);
		nr_taken++;
	}
	*nr_scanned = scan;
	trace_mm_vmscan_lru_isolate(&m->trace, sc->reclaim_idx, sc->order,
				    nr_to_scan, scan,
				    0, nr_taken, lru);
	return nr_taken;
}

/*
 * move_folios_to_lru - put the pages of @list back on their lists (at
 * the head), dropping the isolation reference; a page that loses its
 * last reference here is freed. Return: pages moved.
 */
static unsigned int move_folios_to_lru(struct machine *m,
				       struct lru_head *list)
{
	unsigned int nr_moved = 0;
	struct page *page;

	while ((page = lru_last(&m->zone, list))) {
		lru_del(&m->zone, list, page);
		if (!folio_evictable(page) && !PageUnevictable(page))
			SetPageUnevictable(page);
		lruvec_add_page(m, page);
		if (PageActive(page) && !PageUnevictable(page))
			workingset_age_nonresident(folio_lruvec(m, page), 1);
		folio_put(m, page);
		nr_moved++;
	}
	return nr_moved;
}

/**
 * lru_note_cost() - reclaim of @file's type cost @nr_io writes and
 * @nr_rotated pages put back: the scan balance leans away from the
 * type that costs more. Old costs decay once they outweigh a quarter
 * of the lists.
 */
void lru_note_cost(struct lruvec *lruvec, bool file, unsigned int nr_io,
		   unsigned int nr_rotated)
{
	unsigned long cost = nr_io * SWAP_CLUSTER_MAX + nr_rotated, lrusize;

	if (!cost)
		return;
	if (file)
		lruvec->file_cost += cost;
	else
		lruvec->anon_cost += cost;
	lrusize = lruvec->nr_pages[LRU_INACTIVE_ANON] +
		  lruvec->nr_pages[LRU_ACTIVE_ANON] +
		  lruvec->nr_pages[LRU_INACTIVE_FILE] +
		  lruvec->nr_pages[LRU_ACTIVE_FILE];
	if (lruvec->file_cost + lruvec->anon_cost > lrusize / 4) {
		lruvec->file_cost /= 2;
		lruvec->anon_cost /= 2;
	}
}

/*
 * wakeup_flusher_threads - when @wake (a whole batch was dirty and not
 * under I/O) the flusher writes the batch's dirty pages @dirty now (to
 * the overlay), and
 * each, written with PG_reclaim, goes to the inactive tail
 * (folio_end_writeback() -> folio_rotate_reclaimable()). The references
 * taken on @dirty are dropped.
 */
static void wakeup_flusher_threads(struct machine *m, struct page **dirty,
				   unsigned int nr, bool wake)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct page *page = dirty[i];
		struct address_space *mapping = page->mapping;
		long long pos;

		if (!wake || !mapping || PageAnon(page) || !PageDirty(page))
			goto put;
		pos = (long long)page->index << PAGE_SHIFT;
		if (filemap_write_and_wait_range(mapping, pos,
						 pos + PAGE_SIZE - 1))
			goto put;
		if (PageReclaim(page) && PageLRU(page) &&
		    !PageUnevictable(page) && !PageDirty(page)) {
			ClearPageReclaim(page);
			lruvec_del_page(m, page);
			ClearPageActive(page);
			lruvec_add_page_tail(m, page);
			count_vm_event(m, PGROTATED);
		}
put:
		folio_put(m, page);
	}
}

/*
 * shrink_inactive_list - isolate up to @nr_to_scan pages from the tail
 * of @lru and try to free them. Return: pages freed.
 */
static unsigned long shrink_inactive_list(struct machine *m,
					  unsigned long nr_to_scan,
					  struct lruvec *lruvec,
					  struct scan_control *sc,
					  enum lru_list lru)
{
	struct lru_head folio_list;
	struct page *dirty[SWAP_CLUSTER_MAX], *page;
	unsigned int nr_dirty = 0;
	unsigned long nr_scanned, nr_reclaimed, nr_taken;
	struct reclaim_stat stat;
	bool file = is_file_lru(lru);

	lru_head_init(&folio_list);
	nr_taken = isolate_lru_folios(m, nr_to_scan, lruvec, &folio_list,
				      &nr_scanned, sc, lru);
	if (!cgroup_reclaim(sc))
		m->vm_events[pgscan_item(sc)] += nr_scanned;
	count_memcg_lruvec_events(lruvec, sc->kswapd ? MEMCG_PGSCAN_KSWAPD :
				  MEMCG_PGSCAN_DIRECT, nr_scanned);
	m->vm_events[file ? PGSCAN_FILE : PGSCAN_ANON] += nr_scanned;
	if (nr_taken == 0)
		return 0;

	nr_reclaimed = shrink_folio_list(m, &folio_list, sc, &stat, false);
	/* The dirty file pages kept, for the flusher. */
	for (page = lru_first(&m->zone, &folio_list); page;
	     page = lru_older(&m->zone, page))
		if (file && PageDirty(page) && nr_dirty < SWAP_CLUSTER_MAX) {
			get_page(page);
			dirty[nr_dirty++] = page;
		}
	move_folios_to_lru(m, &folio_list);
	lru_note_cost(lruvec, file, stat.nr_pageout,
		      (unsigned int)(nr_scanned - nr_reclaimed));
	if (!cgroup_reclaim(sc))
		m->vm_events[pgsteal_item(sc)] += nr_reclaimed;
	count_memcg_lruvec_events(lruvec, sc->kswapd ? MEMCG_PGSTEAL_KSWAPD :
				  MEMCG_PGSTEAL_DIRECT, nr_reclaimed);
	m->vm_events[file ? PGSTEAL_FILE : PGSTEAL_ANON] += nr_reclaimed;

	sc->nr.dirty += stat.nr_dirty;
	sc->nr.unqueued_dirty += stat.nr_unqueued_dirty;
	sc->nr.writeback += stat.nr_writeback;
	sc->nr.taken += nr_taken;
	if (file)
		sc->nr.file_taken += nr_taken;
	wakeup_flusher_threads(m, dirty, nr_dirty,
			       stat.nr_unqueued_dirty == nr_taken);
	trace_mm_vmscan_lru_shrink_inactive(&m->trace, 0, nr_scanned,
					    nr_reclaimed, stat.nr_dirty,
					    stat.nr_writeback,
					    stat.nr_congested,
					    stat.nr_immediate,
					    stat.nr_activate[0],
					    stat.nr_activate[1],
					    stat.nr_ref_keep,
					    stat.nr_unmap_fail,
					    sc->priority, file);
	return nr_reclaimed;
}

/*
 * shrink_active_list - age @lru: take up to @nr_to_scan pages from its
 * tail (pgrefill); an executable file page referenced is kept active,
 * the rest lose PG_active and their accessed bits and go to the head of
 * the inactive list (pgdeactivate).
 */
static void shrink_active_list(struct machine *m, unsigned long nr_to_scan,
			       struct lruvec *lruvec, struct scan_control *sc,
			       enum lru_list lru)
{
	struct zone *z = &m->zone;
	struct lru_head l_hold, l_active, l_inactive;
	struct page *page;
	unsigned long nr_taken, nr_scanned;
	unsigned int nr_activate = 0, nr_deactivate = 0;
	unsigned long nr_rotated = 0;
	bool file = is_file_lru(lru);

	lru_head_init(&l_hold);
	lru_head_init(&l_active);
	lru_head_init(&l_inactive);
	nr_taken = isolate_lru_folios(m, nr_to_scan, lruvec, &l_hold,
				      &nr_scanned, sc, lru);
	if (!cgroup_reclaim(sc))
		m->vm_events[PGREFILL] += nr_scanned;

	while ((page = lru_last(z, &l_hold))) {
		unsigned long vm_flags;

		lru_del(z, &l_hold, page);
		if (!folio_evictable(page)) {
			lru_add(z, &l_active, page);
			continue;
		}
		/* Referenced or rmap lock contention: rotate. */
		if (folio_referenced(page, &vm_flags) != 0) {
			/*
			 * Identify referenced, file-backed active folios
			 * and give them one more trip around the active
			 * list, so that executable code gets better
			 * chances to stay in memory under moderate memory
			 * pressure.
			 */
			if ((vm_flags & VM_EXEC) && folio_is_file_lru(page)) {
				nr_rotated++;
				lru_add(z, &l_active, page);
				continue;
			}
		}
		ClearPageActive(page);	/* we are de-activating */
		SetPageWorkingset(page);
		lru_add(z, &l_inactive, page);
	}
	/* Move folios back to the lru list. */
	while ((page = lru_last(z, &l_active))) {
		lru_del(z, &l_active, page);
		lruvec_add_page(m, page);
		folio_put(m, page);
		nr_activate++;
	}
	while ((page = lru_last(z, &l_inactive))) {
		lru_del(z, &l_inactive, page);
		lruvec_add_page(m, page);
		folio_put(m, page);
		nr_deactivate++;
	}
	m->vm_events[PGDEACTIVATE] += nr_deactivate;
	lru_note_cost(lruvec, file, 0, (unsigned int)nr_rotated);
	trace_mm_vmscan_lru_shrink_active(&m->trace, 0, nr_taken, nr_activate,
					  nr_deactivate, nr_rotated,
					  sc->priority, file);
}

/* shrink_list(): the active lists are aged, the inactive ones shrunk. */
static unsigned long shrink_list(struct machine *m, enum lru_list lru,
				 unsigned long nr_to_scan,
				 struct lruvec *lruvec,
				 struct scan_control *sc)
{
	if (is_active_lru(lru)) {
		if (sc->may_deactivate & (1 << is_file_lru(lru)))
			shrink_active_list(m, nr_to_scan, lruvec, sc, lru);
		else
			sc->skipped_deactivate = 1;
		return 0;
	}
	return shrink_inactive_list(m, nr_to_scan, lruvec, sc, lru);
}

enum scan_balance {
	SCAN_EQUAL,
	SCAN_FRACT,
	SCAN_ANON,
	SCAN_FILE,
};

/*
 * get_scan_count - how many pages of each list to scan at this
 * priority: size >> priority, split between anon and file by the costs
 * seen and swappiness (60 against 140 for file), all file when there is
 * no swap (or plenty of inactive file: cache_trim_mode), all anon when
 * file is almost gone, in proportion to size at priority 0.
 */
static void get_scan_count(struct machine *m, struct lruvec *lruvec,
			   struct scan_control *sc, unsigned long *nr)
{
	int swappiness = vm_swappiness;
	unsigned long fraction[ANON_AND_FILE] = { 0, 0 };
	unsigned long denominator = 0;
	unsigned long anon_cost, file_cost, total_cost, ap, fp;
	enum scan_balance scan_balance;
	int lru;

	if (!sc->may_swap || !can_reclaim_anon_pages(m, sc)) {
		scan_balance = SCAN_FILE;
		goto out;
	}
	if (cgroup_reclaim(sc) && !swappiness) {
		scan_balance = SCAN_FILE;
		goto out;
	}
	if (!sc->priority && swappiness) {
		scan_balance = SCAN_EQUAL;
		goto out;
	}
	if (sc->file_is_tiny) {
		scan_balance = SCAN_ANON;
		goto out;
	}
	if (sc->cache_trim_mode) {
		scan_balance = SCAN_FILE;
		goto out;
	}
	scan_balance = SCAN_FRACT;
	total_cost = sc->anon_cost + sc->file_cost;
	anon_cost = total_cost + sc->anon_cost;
	file_cost = total_cost + sc->file_cost;
	total_cost = anon_cost + file_cost;
	ap = (unsigned long)swappiness * (total_cost + 1);
	ap /= anon_cost + 1;
	fp = (unsigned long)(MAX_SWAPPINESS - swappiness) * (total_cost + 1);
	fp /= file_cost + 1;
	fraction[0] = ap;
	fraction[1] = fp;
	denominator = ap + fp;
out:
	for_each_evictable_lru(lru) {
		bool file = is_file_lru(lru);
		unsigned long scan = lruvec_lru_size(lruvec, lru) >> sc->priority;

		switch (scan_balance) {
		case SCAN_EQUAL:
			break;
		case SCAN_FRACT:
			scan = (unsigned long)((unsigned __int128)scan *
					       fraction[file] / denominator);
			break;
		case SCAN_FILE:
		case SCAN_ANON:
			if ((scan_balance == SCAN_FILE) != file)
				scan = 0;
			break;
		}
		nr[lru] = scan;
	}
}

/* can_age_anon_pages(): anon aging is worth it only with swap. */
static bool can_age_anon_pages(struct machine *m, struct scan_control *sc)
{
	return can_reclaim_anon_pages(m, sc);
}

/**
 * shrink_lruvec() - reclaim from one set of LRU lists, the node's or a
 * memcg's (whichever @lruvec is): scan each list by get_scan_count()'s
 * share, SWAP_CLUSTER_MAX at a time, until the targets are met, then
 * keep the anon inactive list from running low.
 * @m: machine
 * @lruvec: the lists
 * @sc: the reclaim
 */
void shrink_lruvec(struct machine *m, struct lruvec *lruvec,
		   struct scan_control *sc)
{
	unsigned long nr[NR_EVICTABLE_LRU_LISTS];
	unsigned long targets[NR_EVICTABLE_LRU_LISTS];
	unsigned long nr_to_scan, nr_reclaimed = 0;
	unsigned long nr_to_reclaim = sc->nr_to_reclaim;
	bool proportional_reclaim;
	int lru;

	get_scan_count(m, lruvec, sc, nr);
	for (lru = 0; lru < NR_EVICTABLE_LRU_LISTS; lru++)
		targets[lru] = nr[lru];
	proportional_reclaim = !cgroup_reclaim(sc) && !sc->kswapd &&
			       sc->priority == DEF_PRIORITY;

	while (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] ||
	       nr[LRU_INACTIVE_FILE]) {
		unsigned long nr_anon, nr_file, percentage, nr_scanned;

		for_each_evictable_lru(lru) {
			if (nr[lru]) {
				nr_to_scan = nr[lru] < SWAP_CLUSTER_MAX ?
					     nr[lru] : SWAP_CLUSTER_MAX;
				nr[lru] -= nr_to_scan;
				nr_reclaimed += shrink_list(m, lru, nr_to_scan,
							    lruvec, sc);
			}
		}
		if (nr_reclaimed < nr_to_reclaim || proportional_reclaim)
			continue;
		/*
		 * Enough is reclaimed: stop scanning the smaller of the two
		 * types, and scan the other only in the proportion of its
		 * target that the smaller one had left.
		 */
		nr_file = nr[LRU_INACTIVE_FILE] + nr[LRU_ACTIVE_FILE];
		nr_anon = nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON];
		if (!nr_file || !nr_anon)
			break;
		if (nr_file > nr_anon) {
			unsigned long scan_target = targets[LRU_INACTIVE_ANON] +
						    targets[LRU_ACTIVE_ANON] + 1;
			lru = LRU_INACTIVE_ANON;
			percentage = nr_anon * 100 / scan_target;
		} else {
			unsigned long scan_target = targets[LRU_INACTIVE_FILE] +
						    targets[LRU_ACTIVE_FILE] + 1;
			lru = LRU_FILE;
			percentage = nr_file * 100 / scan_target;
		}
		nr[lru] = 0;
		nr[lru + LRU_ACTIVE] = 0;
		lru = lru == LRU_FILE ? LRU_INACTIVE_ANON : LRU_FILE;
		nr_scanned = targets[lru] - nr[lru];
		nr[lru] = targets[lru] * (100 - percentage) / 100;
		nr[lru] -= nr[lru] < nr_scanned ? nr[lru] : nr_scanned;
		lru += LRU_ACTIVE;
		nr_scanned = targets[lru] - nr[lru];
		nr[lru] = targets[lru] * (100 - percentage) / 100;
		nr[lru] -= nr[lru] < nr_scanned ? nr[lru] : nr_scanned;
	}
	sc->nr_reclaimed += nr_reclaimed;

	/*
	 * Even if we did not try to evict anon pages at all, we want to
	 * rebalance the anon lru active/inactive ratio.
	 */
	if (can_age_anon_pages(m, sc) &&
	    inactive_is_low(lruvec, LRU_INACTIVE_ANON))
		shrink_active_list(m, SWAP_CLUSTER_MAX, lruvec, sc,
				   LRU_ACTIVE_ANON);
}

/*
 * prepare_scan_control - the target lruvec's costs, whether the active
 * lists may be aged (their inactive lists are low, or refaults show a
 * new working set), cache_trim_mode and file_is_tiny.
 */
static void prepare_scan_control(struct machine *m, struct scan_control *sc)
{
	struct lruvec *target = mem_cgroup_lruvec(m, sc->target_mem_cgroup);
	unsigned long file;

	sc->anon_cost = target->anon_cost;
	sc->file_cost = target->file_cost;
	if (!sc->force_deactivate) {
		unsigned long refaults;

		refaults = target->workingset_activate[WORKINGSET_ANON];
		if (refaults != target->refaults[WORKINGSET_ANON] ||
		    inactive_is_low(target, LRU_INACTIVE_ANON))
			sc->may_deactivate |= DEACTIVATE_ANON;
		else
			sc->may_deactivate &= ~DEACTIVATE_ANON;
		refaults = target->workingset_activate[WORKINGSET_FILE];
		if (refaults != target->refaults[WORKINGSET_FILE] ||
		    inactive_is_low(target, LRU_INACTIVE_FILE))
			sc->may_deactivate |= DEACTIVATE_FILE;
		else
			sc->may_deactivate &= ~DEACTIVATE_FILE;
	} else {
		sc->may_deactivate = DEACTIVATE_ANON | DEACTIVATE_FILE;
	}
	file = target->nr_pages[LRU_INACTIVE_FILE];
	sc->cache_trim_mode = (file >> sc->priority) &&
			      !(sc->may_deactivate & DEACTIVATE_FILE);
	if (!cgroup_reclaim(sc)) {
		unsigned long free = m->zone.free_pages, anon;

		file = (unsigned long)m->vm_stat[NR_ACTIVE_FILE] +
		       (unsigned long)m->vm_stat[NR_INACTIVE_FILE];
		anon = (unsigned long)m->vm_stat[NR_INACTIVE_ANON];
		sc->file_is_tiny = file + free <= m->wmark[WMARK_HIGH] &&
				   !(sc->may_deactivate & DEACTIVATE_ANON) &&
				   (anon >> sc->priority);
	}
}

/*
 * shrink_node_memcgs - each memory cgroup's lruvec under the target (the
 * root's, the node's own, first), in pre-order: a group within its
 * memory.min is skipped, one within memory.low only until a reclaim that
 * freed nothing retries with memcg_low_reclaim (then it is a low event).
 */
static void shrink_node_memcgs(struct machine *m, struct scan_control *sc)
{
	struct mem_cgroup *target = sc->target_mem_cgroup ?
				    sc->target_mem_cgroup : m->root_mem_cgroup;
	struct mem_cgroup *memcg;

	for (memcg = mem_cgroup_iter(target, NULL); memcg;
	     memcg = mem_cgroup_iter(target, memcg)) {
		if (mem_cgroup_below_min(target, memcg))
			continue;
		if (mem_cgroup_below_low(target, memcg)) {
			if (!sc->memcg_low_reclaim) {
				sc->memcg_low_skipped = 1;
				continue;
			}
			memcg_memory_event(memcg, MEMCG_LOW);
		}
		shrink_lruvec(m, mem_cgroup_lruvec(m, memcg), sc);
	}
}

/*
 * shrink_node - one round of reclaim at sc->priority: each memcg's
 * lruvec under the target in turn (shrink_node_memcgs()).
 */
static void shrink_node(struct machine *m, struct scan_control *sc)
{
	unsigned long nr_reclaimed = sc->nr_reclaimed;

	prepare_scan_control(m, sc);
	shrink_node_memcgs(m, sc);
	/*
	 * kswapd gives up on a node after too many runs that reclaimed
	 * nothing; any progress, direct reclaim's too, revives it.
	 */
	if (sc->nr_reclaimed > nr_reclaimed)
		m->kswapd_failures = 0;
}

/* snapshot_refaults(): refaults at the end of a reclaim. */
static void snapshot_refaults(struct machine *m, struct mem_cgroup *memcg)
{
	struct lruvec *target = mem_cgroup_lruvec(m, memcg);

	target->refaults[WORKINGSET_ANON] =
		target->workingset_activate[WORKINGSET_ANON];
	target->refaults[WORKINGSET_FILE] =
		target->workingset_activate[WORKINGSET_FILE];
}

/* ---- direct reclaim ---- */

/*
 * do_try_to_free_pages - shrink_node() at falling priorities, DEF_PRIORITY
 * down to 0, until nr_to_reclaim pages are free; a last pass may age
 * the active lists regardless (force_deactivate).
 * Return: pages reclaimed.
 */
static unsigned long do_try_to_free_pages(struct machine *m,
					  struct scan_control *sc)
{
	for (;;) {
		/* allocstall_normal or _movable: the allocation's zone */
		if (!cgroup_reclaim(sc))
			count_vm_event(m, sc->reclaim_idx == ZONE_MOVABLE ?
					  ALLOCSTALL_MOVABLE :
					  ALLOCSTALL_NORMAL);
		do {
			sc->nr_scanned = 0;
			shrink_node(m, sc);
			if (sc->nr_reclaimed >= sc->nr_to_reclaim)
				break;
		} while (--sc->priority >= 0);
		snapshot_refaults(m, sc->target_mem_cgroup);
		if (sc->nr_reclaimed)
			return sc->nr_reclaimed;
		/*
		 * We make inactive:active ratio decisions based on the node's
		 * composition of memory, but a cgroup may have different
		 * inactive:active ratio: age both lists once more.
		 */
		if (sc->skipped_deactivate) {
			sc->priority = DEF_PRIORITY;
			sc->force_deactivate = 1;
			sc->skipped_deactivate = 0;
			continue;
		}
		/* Untapped memory.low protection: take from it now. */
		if (sc->memcg_low_skipped) {
			sc->priority = DEF_PRIORITY;
			sc->memcg_low_reclaim = 1;
			sc->memcg_low_skipped = 0;
			continue;
		}
		return 0;
	}
}

/**
 * try_to_free_pages() - direct reclaim: the allocation of 2^@order pages
 * with @gfp_mask found nothing free. Counted in allocstall_normal and
 * pgscan_direct/pgsteal_direct, traced as mm_vmscan_direct_reclaim_begin
 * and _end.
 * @m: machine
 * @order: the allocation's order
 * @gfp_mask: its flags
 * Return: pages reclaimed.
 */
unsigned long try_to_free_pages(struct machine *m, int order, gfp_t gfp_mask)
{
	struct scan_control sc = {
		.nr_to_reclaim = SWAP_CLUSTER_MAX,
		.gfp_mask = gfp_mask,
		.order = order,
		.reclaim_idx = gfp_zone(gfp_mask),
		.priority = DEF_PRIORITY,
		.may_writepage = 1,
		.may_unmap = 1,
		.may_swap = 1,
	};
	unsigned long nr_reclaimed;

	trace_mm_vmscan_direct_reclaim_begin(&m->trace, order, gfp_mask);
	nr_reclaimed = do_try_to_free_pages(m, &sc);
	trace_mm_vmscan_direct_reclaim_end(&m->trace, nr_reclaimed);
	return nr_reclaimed;
}

/* ---- kswapd ---- */

/* pgdat_balanced(): free pages above the high watermark. */
static bool pgdat_balanced(struct machine *m)
{
	return m->zone.free_pages > m->wmark[WMARK_HIGH];
}

/*
 * kswapd_shrink_node - one shrink_node() aiming at the high watermark
 * (at least SWAP_CLUSTER_MAX). Return: whether it scanned that many,
 * in which case the priority need not rise.
 */
static bool kswapd_shrink_node(struct machine *m, struct scan_control *sc)
{
	unsigned long high = m->wmark[WMARK_HIGH];

	sc->nr_to_reclaim = high > SWAP_CLUSTER_MAX ? high : SWAP_CLUSTER_MAX;
	shrink_node(m, sc);
	return sc->nr_scanned >= sc->nr_to_reclaim;
}

/**
 * balance_pgdat() - kswapd's work: reclaim at falling priorities until
 * free pages are above the high watermark (pgscan_kswapd,
 * pgsteal_kswapd, pageoutrun). Callable from kswapd's own context (the
 * kswapd0 kernel thread) as from the command boundary.
 * @m: machine
 * @order: the order it was woken for
 * @highest_zoneidx: the highest zone of the allocations that woke it
 * Return: pages reclaimed.
 */
unsigned long balance_pgdat(struct machine *m, int order,
			    int highest_zoneidx)
{
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.order = order,
		.reclaim_idx = highest_zoneidx,
		.may_unmap = 1,
		.may_writepage = 1,
		.may_swap = 1,
		.kswapd = true,
	};
	unsigned long nr_reclaimed = 0;

	count_vm_event(m, PAGEOUTRUN);
	sc.priority = DEF_PRIORITY;
	do {
		unsigned long nr_before = sc.nr_reclaimed;
		bool raise_priority = true;

		if (pgdat_balanced(m))
			break;
		/*
		 * kswapd_age_node(): age the anon lists even when only
		 * file pages are reclaimed, to give pages a chance to be
		 * referenced before reclaiming.
		 */
		if (can_age_anon_pages(m, &sc) &&
		    inactive_is_low(mem_cgroup_lruvec(m, NULL),
				    LRU_INACTIVE_ANON))
			shrink_active_list(m, SWAP_CLUSTER_MAX,
					   mem_cgroup_lruvec(m, NULL), &sc,
					   LRU_ACTIVE_ANON);
		sc.nr_scanned = 0;
		/*
		 * No need to raise the priority if enough pages are
		 * scanned that the high watermark would be met at 100%
		 * efficiency.
		 */
		if (kswapd_shrink_node(m, &sc))
			raise_priority = false;
		if (raise_priority || sc.nr_reclaimed == nr_before)
			sc.priority--;
	} while (sc.priority >= 1);
	nr_reclaimed = sc.nr_reclaimed;
	if (!nr_reclaimed)
		m->kswapd_failures++;
	snapshot_refaults(m, NULL);
	return nr_reclaimed;
}

/**
 * wakeup_kswapd() - an allocation left free pages below the low
 * watermark: wake kswapd, unless it is awake already, hopeless
 * (MAX_RECLAIM_RETRIES runs that freed nothing) or the node is
 * balanced. Traced as mm_vmscan_wakeup_kswapd. Its work waits for the
 * command boundary (kswapd_run()).
 * @m: machine
 * @order: the allocation's order
 * @gfp_flags: its flags
 */
void wakeup_kswapd(struct machine *m, int order, gfp_t gfp_flags)
{
	int highest_zoneidx = gfp_zone(gfp_flags);

	if (m->kswapd_highest_zoneidx < highest_zoneidx)
		m->kswapd_highest_zoneidx = highest_zoneidx;
	if (m->kswapd_order < order)
		m->kswapd_order = order;
	if (m->kswapd_woken)
		return;
	if (m->kswapd_failures >= MAX_RECLAIM_RETRIES || pgdat_balanced(m))
		return;
	trace_mm_vmscan_wakeup_kswapd(&m->trace, 0, ZONE_NORMAL, order,
				      gfp_flags);
	m->kswapd_woken = true;
}

/**
 * kswapd_run() - the command boundary: if the command woke kswapd (or
 * left free pages below the low watermark), kswapd runs balance_pgdat()
 * now, traced as mm_vmscan_kswapd_wake and mm_vmscan_kswapd_sleep. The
 * one place kswapd's work starts: on the CPU of the command that woke it
 * (wake_affine()'s choice for a waker that is about to block), in
 * kswapd0's context when there are kernel threads.
 * @m: machine (write lock)
 */
void kswapd_run(struct machine *m)
{
	int order, highest_zoneidx;

	if (!m->kswapd_woken) {
		if (m->zone.free_pages >= m->wmark[WMARK_LOW])
			return;
		wakeup_kswapd(m, 0, GFP_KERNEL);
		if (!m->kswapd_woken)
			return;
	}
	schedule_kthread(m, m->kswapd, m->this_cpu);
	order = m->kswapd_order;
	highest_zoneidx = m->kswapd_highest_zoneidx;
	m->kswapd_woken = false;
	m->kswapd_order = 0;
	m->kswapd_highest_zoneidx = 0;
	trace_mm_vmscan_kswapd_wake(&m->trace, 0, highest_zoneidx, order);
	/*
	 * kswapd_try_to_sleep(): it sleeps once the node is balanced, or
	 * hopeless (MAX_RECLAIM_RETRIES runs in a row that freed nothing);
	 * until then it balances again.
	 */
	do
		balance_pgdat(m, order, highest_zoneidx);
	while (!pgdat_balanced(m) &&
	       m->kswapd_failures < MAX_RECLAIM_RETRIES);
	trace_mm_vmscan_kswapd_sleep(&m->trace, 0);
}

/* ---- madvise pageout ---- */

/**
 * folio_isolate_lru() - see mm.h: take @page off its LRU list with an
 * isolation reference, PG_lru cleared (mm/vmscan.c).
 */
bool folio_isolate_lru(struct machine *m, struct page *page)
{
	if (!PageLRU(page))
		return false;
	get_page(page);
	lruvec_del_page(m, page);
	return true;
}

/**
 * folio_putback_lru() - see mm.h: back on the list its flags name, and
 * the isolation reference dropped (a page that loses its last one here
 * is freed).
 */
void folio_putback_lru(struct machine *m, struct page *page)
{
	if (!folio_evictable(page) && !PageUnevictable(page)) {
		ClearPageActive(page);
		SetPageUnevictable(page);
	}
	lruvec_add_page(m, page);
	folio_put(m, page);
}

/**
 * reclaim_pages() - see mm.h: madvise pageout's reclaim
 * (reclaim_folio_list()), shrink_folio_list() ignoring references over
 * pages isolated by folio_isolate_lru(), with every page it could not
 * free put back (folio_putback_lru()), activated if it said so.
 */
unsigned long reclaim_pages(struct machine *m, struct lru_head *folio_list)
{
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.reclaim_idx = ZONE_MOVABLE,
		.priority = DEF_PRIORITY,
		.may_writepage = 1,
		.may_unmap = 1,
		.may_swap = 1,
	};
	struct reclaim_stat stat;
	unsigned long nr_reclaimed;
	struct page *page;

	nr_reclaimed = shrink_folio_list(m, folio_list, &sc, &stat, true);
	while ((page = lru_last(&m->zone, folio_list))) {
		lru_del(&m->zone, folio_list, page);
		folio_putback_lru(m, page);
	}
	return nr_reclaimed;
}

/**
 * try_to_free_mem_cgroup_pages() - limit reclaim: free up to @nr_pages
 * (at least SWAP_CLUSTER_MAX) of @memcg's pages, for memory.high and
 * memory.max.
 * @m: machine
 * @memcg: the group over its limit
 * @nr_pages: pages wanted
 * @gfp_mask: the allocation's flags
 * @may_swap: anonymous pages may go to swap
 * Return: pages reclaimed.
 */
unsigned long try_to_free_mem_cgroup_pages(struct machine *m,
					   struct mem_cgroup *memcg,
					   unsigned long nr_pages,
					   gfp_t gfp_mask, bool may_swap)
{
	struct scan_control sc = {
		.nr_to_reclaim = nr_pages > SWAP_CLUSTER_MAX ? nr_pages :
							       SWAP_CLUSTER_MAX,
		.target_mem_cgroup = memcg,
		.gfp_mask = gfp_mask,
		.reclaim_idx = ZONE_MOVABLE,
		.priority = DEF_PRIORITY,
		.may_writepage = 1,
		.may_unmap = 1,
		.may_swap = may_swap,
	};

	return do_try_to_free_pages(m, &sc);
}
