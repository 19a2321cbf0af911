/*
 * mmzone.h - the LRU lists reclaim works on (include/linux/mmzone.h's
 * enum lru_list and struct lruvec).
 *
 * A page on an LRU list has PG_lru and is linked through page->lru;
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

#include "list.h"

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

/**
 * struct lruvec - one set of LRU lists: the node's, or (memory cgroups)
 * one memcg's on the node.
 * @lists: the five lists, newest at the head
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
	struct list_head lists[NR_LRU_LISTS];
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
		INIT_LIST_HEAD(&lruvec->lists[lru]);
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
