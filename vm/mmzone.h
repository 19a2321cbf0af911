/*
 * mmzone.h - the LRU lists reclaim works on (include/linux/mmzone.h's
 * enum lru_list and struct lruvec).
 *
 * A page on an LRU list has PG_lru and is linked through its lru_newer
 * and lru_older PFNs (struct lru_head below);
 * PG_swapbacked (anon or file), PG_active and PG_unevictable say which
 * list (folio_lru_list()). New pages go on at the head; reclaim isolates
 * from the tail, so the tail holds the oldest.
 *
 * Every page's lruvec is found through folio_lruvec() and nothing else:
 * today it is the node's (the machine's) one lruvec; with memory cgroups
 * it becomes the page's memcg's lruvec on the node, and reclaim
 * (shrink_lruvec(), vm/vmscan.c) works on whichever lruvec it is given.
 */
#ifndef MMSIM_MMZONE_H
#define MMSIM_MMZONE_H

#include <stdint.h>
#include "page_alloc.h"

enum lru_list {
	LRU_INACTIVE_ANON = 0,
	LRU_ACTIVE_ANON = 1,
	LRU_INACTIVE_FILE = 2,
	LRU_ACTIVE_FILE = 3,
	LRU_UNEVICTABLE = 4,
	NR_LRU_LISTS
};

#define LRU_ACTIVE	1
#define LRU_FILE	2
#define NR_EVICTABLE_LRU_LISTS	LRU_UNEVICTABLE

#define for_each_evictable_lru(lru) \
	for ((lru) = 0; (lru) <= LRU_ACTIVE_FILE; (lru)++)

static inline bool is_file_lru(enum lru_list lru)
{
	return lru == LRU_INACTIVE_FILE || lru == LRU_ACTIVE_FILE;
}

static inline bool is_active_lru(enum lru_list lru)
{
	return lru == LRU_ACTIVE_ANON || lru == LRU_ACTIVE_FILE;
}

/* ANON_AND_FILE indices (workingset refaults, the scan balance). */
enum { WORKINGSET_ANON = 0, WORKINGSET_FILE = 1, ANON_AND_FILE = 2 };

struct mem_cgroup;

/*
 * struct lru_head - a list of pages linked by PFN (page->lru_newer,
 * page->lru_older): @first the newest (the kernel's list head), @last the
 * oldest (its tail, lru_to_folio()), LRU_NIL when empty. An LRU list, or
 * reclaim's private list of isolated pages.
 */
#define LRU_NIL		UINT32_MAX

struct lru_head {
	uint32_t first, last;
};

static inline void lru_head_init(struct lru_head *h)
{
	h->first = h->last = LRU_NIL;
}

static inline bool lru_head_empty(const struct lru_head *h)
{
	return h->first == LRU_NIL;
}

static inline struct page *lru_pfn_page(const struct zone *z, uint32_t pfn)
{
	return pfn == LRU_NIL ? NULL : &z->mem_map[pfn];
}

/* The newest page of @h (list_first_entry()), or NULL. */
static inline struct page *lru_first(const struct zone *z,
				     const struct lru_head *h)
{
	return lru_pfn_page(z, h->first);
}

/* The oldest page of @h (list_last_entry(), lru_to_folio()), or NULL. */
static inline struct page *lru_last(const struct zone *z,
				    const struct lru_head *h)
{
	return lru_pfn_page(z, h->last);
}

/* The next older page after @p on its list, or NULL. */
static inline struct page *lru_older(const struct zone *z,
				     const struct page *p)
{
	return lru_pfn_page(z, p->lru_older);
}

/* list_add(): @p becomes the newest of @h. */
static inline void lru_add(const struct zone *z, struct lru_head *h,
			   struct page *p)
{
	uint32_t pfn = (uint32_t)(p - z->mem_map);

	p->lru_newer = LRU_NIL;
	p->lru_older = h->first;
	if (h->first != LRU_NIL)
		z->mem_map[h->first].lru_newer = pfn;
	else
		h->last = pfn;
	h->first = pfn;
}

/* list_add_tail(): @p becomes the oldest of @h. */
static inline void lru_add_tail(const struct zone *z, struct lru_head *h,
				struct page *p)
{
	uint32_t pfn = (uint32_t)(p - z->mem_map);

	p->lru_older = LRU_NIL;
	p->lru_newer = h->last;
	if (h->last != LRU_NIL)
		z->mem_map[h->last].lru_older = pfn;
	else
		h->first = pfn;
	h->last = pfn;
}

/* list_del(): take @p off @h, the list it is on. */
static inline void lru_del(const struct zone *z, struct lru_head *h,
			   struct page *p)
{
	if (p->lru_newer != LRU_NIL)
		z->mem_map[p->lru_newer].lru_older = p->lru_older;
	else
		h->first = p->lru_older;
	if (p->lru_older != LRU_NIL)
		z->mem_map[p->lru_older].lru_newer = p->lru_newer;
	else
		h->last = p->lru_newer;
	p->lru_newer = p->lru_older = LRU_NIL;
}

/**
 * struct lruvec - one set of LRU lists: the node's, or (memory cgroups)
 * one memcg's on the node.
 * @lists: the five lists, newest first
 * @nr_pages: pages on each list (the kernel's lru_zone_size); the node's
 *	NR_INACTIVE_ANON... counters are the sums over every lruvec
 * @refaults: workingset refaults at the last reclaim, anon and file
 *	(snapshot_refaults())
 * @anon_cost, @file_cost: what reclaiming each type cost lately (writes
 *	and pages put back, refaults of working-set pages): get_scan_count()
 *	leans away from the dearer one (lru_note_cost())
 * @nonresident_age: the eviction clock of mm/workingset.c: pages that
 *	were evicted or activated from this lruvec
 * @workingset_refault, @workingset_activate, @workingset_restore: this
 *	lruvec's share of the node's WORKINGSET_* counters, anon and file
 * @memcg: the memory cgroup it belongs to; NULL for the node's own
 */
struct lruvec {
	struct lru_head lists[NR_LRU_LISTS];
	unsigned long nr_pages[NR_LRU_LISTS];
	unsigned long refaults[ANON_AND_FILE];
	unsigned long anon_cost, file_cost;
	unsigned long nonresident_age;
	unsigned long workingset_refault[ANON_AND_FILE];
	unsigned long workingset_activate[ANON_AND_FILE];
	unsigned long workingset_restore[ANON_AND_FILE];
	struct mem_cgroup *memcg;
};

static inline void lruvec_init(struct lruvec *lruvec)
{
	int lru;

	for (lru = 0; lru < NR_LRU_LISTS; lru++) {
		lru_head_init(&lruvec->lists[lru]);
		lruvec->nr_pages[lru] = 0;
	}
	lruvec->refaults[0] = lruvec->refaults[1] = 0;
	lruvec->anon_cost = lruvec->file_cost = 0;
	lruvec->nonresident_age = 0;
	for (lru = 0; lru < ANON_AND_FILE; lru++) {
		lruvec->workingset_refault[lru] = 0;
		lruvec->workingset_activate[lru] = 0;
		lruvec->workingset_restore[lru] = 0;
	}
	lruvec->memcg = NULL;
}

#endif
