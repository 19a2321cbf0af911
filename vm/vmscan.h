/*
 * vmscan.h - page reclaim and the working-set detector (vm/vmscan.c,
 * vm/workingset.c; the kernel declares them in include/linux/swap.h).
 *
 * Locking: machine lock held for writing for all of it.
 */
#ifndef MMSIM_VMSCAN_H
#define MMSIM_VMSCAN_H

#include <stdbool.h>
#include "gfp.h"
#include "mmzone.h"

struct machine;
struct page;
struct scan_control;
struct mem_cgroup;
struct address_space;

/* The scan itself: one lruvec, whichever it is (node or memcg). */
void shrink_lruvec(struct machine *m, struct lruvec *lruvec,
		   struct scan_control *sc);
void lru_note_cost(struct lruvec *lruvec, bool file, unsigned int nr_io,
		   unsigned int nr_rotated);
bool inactive_is_low(const struct lruvec *lruvec, enum lru_list inactive_lru);
int folio_referenced(struct page *page, unsigned long *vm_flags);

/* Direct reclaim (__alloc_pages_slowpath()). */
unsigned long try_to_free_pages(struct machine *m, int order, gfp_t gfp_mask);
/* Limit reclaim of @memcg's pages (memory.high, memory.max). */
unsigned long try_to_free_mem_cgroup_pages(struct machine *m,
					   struct mem_cgroup *memcg,
					   unsigned long nr_pages,
					   gfp_t gfp_mask, bool may_swap);

/* kswapd: woken by an allocation, run at the command boundary. */
void wakeup_kswapd(struct machine *m, int order, gfp_t gfp_flags);
void kswapd_run(struct machine *m);
unsigned long balance_pgdat(struct machine *m, int order,
			    int highest_zoneidx);

/*
 * mm/workingset.c: a page-cache page reclaim evicts leaves a shadow entry
 * (the lruvec's eviction clock, nonresident_age, and whether it was
 * active); when the page is read in again, workingset_refault() compares
 * the refault distance with the working set and activates it at once if
 * it would have stayed resident with that much more memory.
 */
void workingset_eviction(struct machine *m, struct page *page,
			 struct mem_cgroup *target_memcg);
void workingset_refault(struct machine *m, struct page *page,
			unsigned long shadow);
void workingset_age_nonresident(struct lruvec *lruvec, unsigned long nr);
void workingset_activation(struct machine *m, struct page *page);
/* The shadow entry left at @index of @mapping (0: none), taken away. */
unsigned long workingset_take_shadow(struct address_space *mapping,
				     unsigned long index);
/* The shadow entries of @mapping from @start on, dropped (truncation). */
void workingset_drop_shadows(struct address_space *mapping,
			     unsigned long start);

#endif
