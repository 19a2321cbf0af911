/*
 * vmscan.c - page reclaim (mm/vmscan.c), as far as madvise pageout
 * drives it: reclaim_pages() hands each isolated page to
 * shrink_folio_list(), which here takes one anonymous page at a time.
 *
 *   shrink_folio_list()
 *    -> add_to_swap()        a slot, and the page into the swap cache
 *    -> try_to_unmap()       every PTE, through rmap_walk(), becomes the
 *                            swap entry (vm/rmap.c)
 *    -> pageout()            swap_writepage(): the bytes to the slot
 *    -> __remove_mapping()   out of the swap cache, and freed
 *
 * The swap device is synchronous (vm/swap.h), so the write has finished
 * when pageout() returns and the page is freed in the same call, as
 * Linux frees a page written to zram; on a disk the page would stay in
 * the swap cache until reclaim came back to it.
 *
 * A lazily freed page (MADV_FREE, no longer swap-backed) that is still
 * clean needs no swap: it is dropped (pglazyfreed).
 *
 * Not here yet: the LRU scan itself (shrink_lruvec), watermarks, kswapd,
 * direct reclaim and memory cgroups.
 *
 * Locking: machine lock held for writing.
 */
#include "machine.h"
#include "mm.h"
#include "tlb.h"
#include "swap.h"

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

/*
 * pageout - write a dirty swap-cache page to its slot
 * (folio_clear_dirty_for_io(), swap_writepage()). Return: false when
 * the write failed (host memory); the page is dirty again.
 */
static bool pageout(struct machine *m, struct page *page)
{
	ClearPageDirty(page);
	if (swap_writepage(m, page)) {
		SetPageDirty(page);
		return false;
	}
	return true;
}

/**
 * reclaim_anon_page() - see mm.h: shrink_folio_list() with
 * ignore_references for one anonymous page on an LRU list, mapped only
 * where madvise found it. A page that cannot be freed keeps what it got
 * so far (its slot, its swap entries) and the caller activates it, as
 * shrink_folio_list()'s activate_locked does.
 */
bool reclaim_anon_page(struct machine *m, struct page *page)
{
	if (!PageSwapBacked(page)) {
		bool unmapped;

		/*
		 * MADV_FREE: discard it if no one wrote to it since. The
		 * isolation reference keeps it while the PTEs go.
		 */
		get_page(page);
		unmapped = try_to_unmap(page);
		if (!unmapped || PageDirty(page) || page_ref_count(page) != 1) {
			folio_put(m, page);
			return false;
		}
		try_to_unmap_flush(m);
		folio_put(m, page);
		count_vm_event(m, PGLAZYFREED);
		return true;
	}
	if (!PageSwapCache(page) && !add_to_swap(m, page))
		return false;
	if (!try_to_unmap(page))
		return false;
	/* try_to_unmap_flush_dirty(): no stale writable entry may outlive
	 * the write of the page to swap. */
	try_to_unmap_flush(m);
	if (PageDirty(page) && !pageout(m, page))
		return false;
	/*
	 * __remove_mapping(): only the swap cache's reference is left (the
	 * kernel's isolation reference is the caller's walk here).
	 */
	if (page_ref_count(page) != 1)
		return false;
	delete_from_swap_cache(m, page);
	return true;
}
