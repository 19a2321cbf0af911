/*
 * swap_state.c - the swap cache (mm/swap_state.c): the pages that stand
 * for swap slots, in an xarray by offset. A page in it has PG_swapcache,
 * its entry in page->swap, one reference held by the cache, and the
 * slot's swap_map has SWAP_HAS_CACHE. Pages are in it while reclaim
 * writes them (add_to_swap() to __remove_mapping()), and after a
 * swap-in of an entry other PTEs still hold, so that their faults find
 * the same page (a minor fault) and share it.
 *
 * Locking: machine lock held for writing, except where reading suffices.
 */
#include <errno.h>
#include "machine.h"
#include "mm.h"
#include "pagemap.h"
#include "swap.h"

/** swap_cache_get_folio() - see swap.h. Read lock suffices. */
struct page *swap_cache_get_folio(const struct machine *m, swp_entry_t entry)
{
	if (!m->swap || !swap_entry_valid(m, entry))
		return NULL;
	return xa_load(&m->swap->swap_cache, swp_offset(entry));
}

/** add_to_swap_cache() - see swap.h. */
int add_to_swap_cache(struct machine *m, struct page *page, swp_entry_t entry)
{
	struct swap_info_struct *si = m->swap;

	if (xa_store(&si->swap_cache, swp_offset(entry), page)) {
		zone_host_nomem(&m->zone);
		vm_err(m, "host out of memory");
		return -ENOMEM;
	}
	si->swap_map[swp_offset(entry)] |= SWAP_HAS_CACHE;
	SetPageSwapCache(page);
	page->swap = entry.val;
	get_page(page);
	si->nr_swapcache++;
	mod_node_page_state(m, NR_SWAPCACHE, 1);
	return 0;
}

/** delete_from_swap_cache() - see swap.h. */
void delete_from_swap_cache(struct machine *m, struct page *page)
{
	struct swap_info_struct *si = m->swap;
	swp_entry_t entry = { page->swap };

	xa_erase(&si->swap_cache, swp_offset(entry));
	ClearPageSwapCache(page);
	page->swap = 0;
	si->nr_swapcache--;
	mod_node_page_state(m, NR_SWAPCACHE, -1);
	put_swap_folio(m, entry);
	folio_put(m, page);
}

/** read_swap_cache_async() - see swap.h (__read_swap_cache_async()). */
struct page *read_swap_cache_async(struct machine *m, swp_entry_t entry)
{
	struct page *page = swap_cache_get_folio(m, entry);

	if (page)
		return page;
	if (!__swap_count(m, entry))
		return NULL;
	page = alloc_page_or_oom(m);
	if (!page)
		return NULL;
	if (mem_cgroup_swapin_charge_folio(m, page, NULL, entry.val)) {
		put_page(&m->zone, page);
		return NULL;
	}
	SetPageSwapBacked(page);
	if (add_to_swap_cache(m, page, entry)) {
		put_page(&m->zone, page);
		return NULL;
	}
	lru_cache_add(m, page);
	folio_put(m, page);	/* the cache's reference stays */
	if (swap_read_folio(m, page, entry)) {
		delete_from_swap_cache(m, page);
		return NULL;
	}
	return page;
}

/** folio_free_swap() - see swap.h. */
bool folio_free_swap(struct machine *m, struct page *page)
{
	if (!PageSwapCache(page))
		return false;
	if (__swap_count(m, (swp_entry_t){ page->swap }))
		return false;
	delete_from_swap_cache(m, page);
	return true;
}

/** filemap_get_incore_folio() - see swap.h. Read lock suffices. */
struct page *filemap_get_incore_folio(const struct machine *m,
				      struct address_space *mapping,
				      pgoff_t index)
{
	struct page *page = filemap_get_page(mapping, index);
	swp_entry_t swap;

	if (page || !shmem_mapping(mapping))
		return page;
	/* A shmem page in swap is in memory while the swap cache holds it. */
	swap = shmem_swap_entry(mapping->host, index);
	return swap.val ? swap_cache_get_folio(m, swap) : NULL;
}
