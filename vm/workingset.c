/*
 * workingset.c - the working-set detector (mm/workingset.c): reclaim
 * leaves a shadow entry where it evicted a page-cache page, holding the
 * lruvec's eviction clock (nonresident_age, which counts evictions and
 * activations) and whether the page was active before; when the page is
 * read in again (a major fault or read()), the refault distance (clock
 * now minus clock then) is compared with the working set: had the
 * inactive list been that much longer, the page would have stayed, so it
 * comes back on the active list (workingset_activate_*), and if it was
 * active before, the reclaim of its type costs more (workingset_restore_*).
 *
 * A shadow here is (eviction << 2) | (workingset << 1) | 1: the kernel's
 * pack_shadow() without the node (there is one) and, until memory
 * cgroups come, without the memcg id. Swap-cache shadows are not kept:
 * swap-ins count no workingset_refault_anon.
 *
 * Locking: machine lock held for writing.
 */
#include "machine.h"
#include "mm.h"
#include "fs.h"
#include "pagemap.h"
#include "swap.h"
#include "vmscan.h"
#include "xarray.h"

/**
 * workingset_age_nonresident() - the eviction clock of @lruvec advances
 * by @nr pages (an eviction, or an activation).
 * @lruvec: the lruvec
 * @nr: pages
 */
void workingset_age_nonresident(struct lruvec *lruvec, unsigned long nr)
{
	lruvec->nonresident_age += nr;
}

/**
 * workingset_eviction() - @page, a clean page-cache page, is being
 * removed by reclaim: leave its shadow entry at its index. A host
 * allocation failure only loses the shadow.
 * @m: machine
 * @page: the page, still in its cache
 * @target_memcg: the memcg reclaim works for, or NULL
 */
void workingset_eviction(struct machine *m, struct page *page,
			 struct mem_cgroup *target_memcg)
{
	struct lruvec *lruvec = mem_cgroup_lruvec(m, target_memcg);
	struct address_space *mapping = page->mapping;
	unsigned long eviction = lruvec->nonresident_age;
	unsigned long shadow;

	workingset_age_nonresident(lruvec, 1);
	if (!mapping || PageSwapBacked(page))
		return;
	shadow = (eviction << 2) | (PageWorkingset(page) ? 2UL : 0UL) | 1UL;
	/* A host allocation failure loses the shadow, nothing else. */
	(void)xa_store(&mapping->i_shadows, page->index, (void *)shadow);
}

/**
 * workingset_take_shadow() - the shadow entry at @index of @mapping, or
 * 0; it is removed, as filemap_add_folio() replaces it with the page.
 * @mapping: the file's cache
 * @index: the page index
 */
unsigned long workingset_take_shadow(struct address_space *mapping,
				     unsigned long index)
{
	if (xa_empty(&mapping->i_shadows))
		return 0;
	return (unsigned long)xa_erase(&mapping->i_shadows, index);
}

/**
 * workingset_drop_shadows() - forget the shadow entries of @mapping from
 * @start on (truncation, eviction of the inode).
 * @mapping: the file's cache
 * @start: the first index
 */
void workingset_drop_shadows(struct address_space *mapping,
			     unsigned long start)
{
	unsigned long index;
	void *entry;

	if (xa_empty(&mapping->i_shadows))
		return;
	xa_for_each_range(&mapping->i_shadows, index, entry, start, ~0UL)
		xa_erase(&mapping->i_shadows, index);
	if (!start)
		xa_destroy(&mapping->i_shadows);
}

/*
 * workingset_test_recent - would the page have stayed resident, had the
 * working set (the active file list; the inactive one too for an anon
 * page; the anon lists when there is swap to reclaim them to) had the
 * refault distance more memory?
 */
static bool workingset_test_recent(struct machine *m, unsigned long shadow,
				   bool file)
{
	struct lruvec *eviction_lruvec = mem_cgroup_lruvec(m, NULL);
	unsigned long eviction = shadow >> 2;
	unsigned long refault = eviction_lruvec->nonresident_age;
	unsigned long refault_distance = refault - eviction;
	unsigned long workingset_size;

	workingset_size = eviction_lruvec->nr_pages[LRU_ACTIVE_FILE];
	if (!file)
		workingset_size += eviction_lruvec->nr_pages[LRU_INACTIVE_FILE];
	if (nr_swap_pages(m) > 0) {
		workingset_size += eviction_lruvec->nr_pages[LRU_ACTIVE_ANON];
		if (file)
			workingset_size +=
				eviction_lruvec->nr_pages[LRU_INACTIVE_ANON];
	}
	return refault_distance <= workingset_size;
}

/**
 * workingset_refault() - @page, about to go on its LRU list, replaces the
 * shadow entry @shadow: count the refault, and activate the page if its
 * refault distance is within the working set.
 * @m: machine
 * @page: the new page, on no list yet
 * @shadow: its shadow entry
 */
void workingset_refault(struct machine *m, struct page *page,
			unsigned long shadow)
{
	bool file = !PageSwapBacked(page);
	struct lruvec *lruvec = folio_lruvec(m, page);

	mod_node_page_state(m, file ? WORKINGSET_REFAULT_FILE :
				      WORKINGSET_REFAULT_ANON, 1);
	lruvec->workingset_refault[file]++;
	if (!workingset_test_recent(m, shadow, file))
		return;
	SetPageActive(page);
	workingset_age_nonresident(lruvec, 1);
	mod_node_page_state(m, file ? WORKINGSET_ACTIVATE_FILE :
				      WORKINGSET_ACTIVATE_ANON, 1);
	lruvec->workingset_activate[file]++;
	/* The page was active before it was evicted. */
	if (shadow & 2) {
		SetPageWorkingset(page);
		lru_note_cost(lruvec, file, 1, 0);	/* _refault() */
		mod_node_page_state(m, file ? WORKINGSET_RESTORE_FILE :
					      WORKINGSET_RESTORE_ANON, 1);
		lruvec->workingset_restore[file]++;
	}
}

/**
 * workingset_activation() - a page was activated by use
 * (folio_mark_accessed()): the eviction clock advances.
 * @m: machine
 * @page: the page
 */
void workingset_activation(struct machine *m, struct page *page)
{
	workingset_age_nonresident(folio_lruvec(m, page), 1);
}
