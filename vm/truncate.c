/*
 * truncate.c - taking pages out of the page cache (mm/truncate.c):
 * truncation, which unmaps them everywhere first and zeroes the partial
 * last page, and invalidation (fadvise dontneed, drop_caches), which
 * drops only what no one maps and nothing needs written.
 *
 * Locking: machine lock held for writing.
 */
#include <string.h>
#include "pagemap.h"
#include "vmscan.h"

/**
 * truncate_inode_pages_range() - see pagemap.h.
 */
void truncate_inode_pages_range(struct address_space *mapping,
				long long lstart, long long lend)
{
	struct machine *m = mapping_machine(mapping);
	unsigned int partial = (unsigned int)(lstart & (long long)(PAGE_SIZE - 1));
	unsigned long index = (unsigned long)((lstart + (long long)PAGE_SIZE - 1) >>
					      PAGE_SHIFT);
	unsigned long last = lend < 0 ? ~0UL : (unsigned long)(lend >> PAGE_SHIFT);
	struct page *page;

	/* The page the new end falls in keeps its head; its tail reads zero. */
	if (partial && (page = filemap_get_page(mapping,
						(pgoff_t)(lstart >> PAGE_SHIFT)))) {
		static const char zeroes[PAGE_SIZE];

		if (page_contents(page))
			memcpy_to_page(&m->zone, page, partial, zeroes,
				       PAGE_SIZE - partial);
	}
	if (index > last)
		return;
	if (lend < 0)
		workingset_drop_shadows(mapping, index);
	while ((page = xa_find(&mapping->i_pages, &index, last, XA_PRESENT))) {
		/*
		 * truncate_pagecache() unmapped the range; a page still
		 * mapped is one a shmem object's other VMAs map (it only
		 * shrinks with its last user), which stays.
		 */
		if (!page_mapped(page))
			filemap_remove_page(page);
		if (index++ == last)
			break;
	}
}

/**
 * truncate_inode_pages_final() - empty the cache of an inode being
 * evicted (nothing maps it any more).
 */
void truncate_inode_pages_final(struct address_space *mapping)
{
	unsigned long index = 0;
	struct page *page;

	workingset_drop_shadows(mapping, 0);
	while ((page = xa_find(&mapping->i_pages, &index, ~0UL, XA_PRESENT))) {
		filemap_remove_page(page);
		if (index++ == ~0UL)
			break;
	}
}

/**
 * truncate_pagecache() - see pagemap.h: unmap_mapping_range() from the
 * first page wholly past @newsize (private COW copies too: an access
 * beyond the end of a file is SIGBUS even through a private mapping),
 * then the pages go and the partial page is zeroed past @newsize.
 */
void truncate_pagecache(struct inode *inode, long long newsize)
{
	struct address_space *mapping = inode->i_mapping;
	pgoff_t holebegin = (pgoff_t)((newsize + (long long)PAGE_SIZE - 1) >>
				      PAGE_SHIFT);

	unmap_mapping_range(mapping, holebegin, ~0UL);
	truncate_inode_pages_range(mapping, newsize, -1);
}

/*
 * mapping_evict_folio - may invalidation drop @page? Not when it is
 * dirty, under writeback, or held by anyone but the cache (a PTE maps
 * it).
 */
static bool mapping_evict_folio(const struct page *page)
{
	return !PageDirty(page) && !PageWriteback(page) &&
	       page_ref_count(page) == 1 && !page_mapped(page);
}

/*
 * deactivate_file_folio - invalidation could not drop @page: an unmapped
 * one goes to the inactive list without its referenced bit, to be
 * reclaimed first (lru_deactivate_file()); a dirty one is marked for
 * reclaim (PG_reclaim, the bit PG_readahead shares). A mapped page is in
 * use and stays where it is.
 */
static void deactivate_file_folio(struct machine *m, struct page *page)
{
	if (!PageLRU(page) || PageUnevictable(page) || page_mapped(page))
		return;
	if (PageActive(page)) {
		lruvec_del_page(m, page);
		ClearPageActive(page);
		lruvec_add_page(m, page);
		count_vm_event(m, PGDEACTIVATE);
	}
	ClearPageReferenced(page);
	if (PageDirty(page) || PageWriteback(page))
		SetPageReadahead(page);		/* PG_reclaim */
}

/**
 * invalidate_mapping_pages() - see pagemap.h.
 */
unsigned long invalidate_mapping_pages(struct address_space *mapping,
				       pgoff_t start, pgoff_t end)
{
	unsigned long index = start, count = 0;
	struct page *page;

	while ((page = xa_find(&mapping->i_pages, &index, end, XA_PRESENT))) {
		if (mapping_evict_folio(page)) {
			filemap_remove_page(page);
			count++;
		} else {
			deactivate_file_folio(mapping_machine(mapping), page);
		}
		if (index++ == end)
			break;
	}
	return count;
}
