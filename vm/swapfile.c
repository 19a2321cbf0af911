/*
 * swapfile.c - the swap area (mm/swapfile.c): swapon at boot, the slot
 * allocator over 512-slot clusters, the swap_map counts, and the
 * "device" the slots' bytes live on (host memory, written and read
 * synchronously).
 *
 * The allocator is cluster_alloc_swap_entry()'s for order-0 entries on
 * one CPU: the slot after the last one handed out, in the same cluster
 * (si->global_cluster->next[0]); when that cluster is full or there is
 * none, the first cluster on the nonfull list, then the first free
 * cluster, each scanned upwards from its start. Cluster 0 holds the
 * header slot, so it starts on the nonfull list and the first entries
 * are offsets 1, 2, 3 ..., as on Linux.
 *
 * Locking: machine lock held for writing, except where reading suffices.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "mm.h"
#include "swap.h"

static struct swap_info_struct *swap_info(const struct machine *m,
					  swp_entry_t entry)
{
	struct swap_info_struct *si = m->swap;

	if (!si || swp_type(entry) != (unsigned int)si->type ||
	    !swp_offset(entry) || swp_offset(entry) >= si->max)
		return NULL;
	return si;
}

/** swap_entry_valid() - see swap.h. */
bool swap_entry_valid(const struct machine *m, swp_entry_t entry)
{
	return swap_info(m, entry) != NULL;
}

/* The cluster list a cluster with @count used slots belongs on. */
static void cluster_move(struct swap_info_struct *si,
			 struct swap_cluster_info *ci)
{
	unsigned int flags;
	struct list_head *to;

	if (!ci->count) {
		flags = CLUSTER_FLAG_FREE;
		to = &si->free_clusters;
	} else if (ci->count == SWAPFILE_CLUSTER) {
		flags = CLUSTER_FLAG_FULL;
		to = &si->full_clusters;
	} else {
		flags = CLUSTER_FLAG_NONFULL;
		to = &si->nonfull_clusters;
	}
	if (ci->flags == flags)
		return;
	list_del(&ci->list);
	/* A cluster freed goes to the tail (free_cluster()), as do the others. */
	list_add_tail(&ci->list, to);
	ci->flags = flags;
}

/**
 * swapon() - see swap.h. The kernel's setup_swap_map(): slot 0 is the
 * header (SWAP_MAP_BAD); setup_clusters(): the slots past the end of a
 * last partial cluster count as used, so it is never free; clusters with
 * a used slot go on the nonfull list, the rest on the free list.
 */
int swapon(struct machine *m, unsigned long bytes)
{
	struct swap_info_struct *si;
	unsigned long maxpages = bytes / PAGE_SIZE;

	if (!maxpages)
		return 0;
	/* At most 1 TiB (mmsimfs --swap): the host keeps a pointer a slot. */
	if (maxpages < 2 || maxpages > (1UL << 28))
		return -EINVAL;
	si = calloc(1, sizeof(*si));
	if (!si)
		return -ENOMEM;
	si->prio = -2;
	si->type = 0;
	si->max = maxpages;
	si->pages = maxpages - 1;
	si->nr_clusters = (maxpages + SWAPFILE_CLUSTER - 1) / SWAPFILE_CLUSTER;
	si->swap_map = calloc(maxpages, 1);
	si->cluster_info = calloc(si->nr_clusters, sizeof(*si->cluster_info));
	si->slots = calloc(maxpages, sizeof(void *));
	/* swap_cgroup_swapon(): a group a slot */
	si->swap_cgroup = calloc(maxpages, sizeof(*si->swap_cgroup));
	if (!si->swap_map || !si->cluster_info || !si->slots ||
	    !si->swap_cgroup) {
		free(si->swap_cgroup);
		free(si->swap_map);
		free(si->cluster_info);
		free(si->slots);
		free(si);
		return -ENOMEM;
	}
	INIT_LIST_HEAD(&si->free_clusters);
	INIT_LIST_HEAD(&si->nonfull_clusters);
	INIT_LIST_HEAD(&si->full_clusters);
	xa_init(&si->swap_cache);
	si->swap_map[0] = SWAP_MAP_BAD;
	si->cluster_info[0].count = 1;
	si->cluster_info[si->nr_clusters - 1].count +=
		(unsigned int)(si->nr_clusters * SWAPFILE_CLUSTER - maxpages);
	for (unsigned long i = 0; i < si->nr_clusters; i++) {
		struct swap_cluster_info *ci = &si->cluster_info[i];

		if (ci->count) {
			ci->flags = ci->count == SWAPFILE_CLUSTER ?
				    CLUSTER_FLAG_FULL : CLUSTER_FLAG_NONFULL;
			list_add_tail(&ci->list, ci->flags == CLUSTER_FLAG_FULL ?
				      &si->full_clusters : &si->nonfull_clusters);
		} else {
			ci->flags = CLUSTER_FLAG_FREE;
			list_add_tail(&ci->list, &si->free_clusters);
		}
	}
	m->swap = si;
	return 0;
}

/** swapoff_destroy() - see swap.h. */
void swapoff_destroy(struct machine *m)
{
	struct swap_info_struct *si = m->swap;

	if (!si)
		return;
	for (unsigned long i = 0; i < si->max; i++)
		free(si->slots[i]);
	xa_destroy(&si->swap_cache);
	free(si->slots);
	free(si->swap_map);
	free(si->cluster_info);
	free(si->swap_cgroup);
	free(si);
	m->swap = NULL;
}

unsigned long total_swap_pages(const struct machine *m)
{
	return m->swap ? m->swap->pages : 0;
}

unsigned long nr_swap_pages(const struct machine *m)
{
	return m->swap ? m->swap->pages - m->swap->inuse_pages : 0;
}

unsigned long total_swapcache_pages(const struct machine *m)
{
	return m->swap ? m->swap->nr_swapcache : 0;
}

/* A slot's first use and last release: the cluster count and inuse. */
static void swap_range_alloc(struct swap_info_struct *si, unsigned long off)
{
	struct swap_cluster_info *ci = &si->cluster_info[off / SWAPFILE_CLUSTER];

	ci->count++;
	cluster_move(si, ci);
	si->inuse_pages++;
}

static void swap_range_free(struct swap_info_struct *si, unsigned long off)
{
	struct swap_cluster_info *ci = &si->cluster_info[off / SWAPFILE_CLUSTER];

	ci->count--;
	cluster_move(si, ci);
	si->inuse_pages--;
	__mem_cgroup_uncharge_swap(si, off);	/* swap_range_free() */
	free(si->slots[off]);
	si->slots[off] = NULL;
}

/* alloc_swap_scan_cluster - the first free slot of @ci at or after @from. */
static unsigned long scan_cluster(struct swap_info_struct *si,
				  struct swap_cluster_info *ci,
				  unsigned long from)
{
	unsigned long start = (unsigned long)(ci - si->cluster_info) *
			      SWAPFILE_CLUSTER;
	unsigned long end = start + SWAPFILE_CLUSTER;

	if (end > si->max)
		end = si->max;
	for (unsigned long off = from < start ? start : from; off < end; off++)
		if (!si->swap_map[off])
			return off;
	return 0;
}

/* cluster_alloc_swap_entry() for order 0: see the file's comment. */
static unsigned long cluster_alloc_swap_entry(struct swap_info_struct *si)
{
	struct swap_cluster_info *ci;
	unsigned long off = 0;

	if (si->next) {
		ci = &si->cluster_info[si->next / SWAPFILE_CLUSTER];
		off = scan_cluster(si, ci, si->next);
	}
	if (!off && !list_empty(&si->nonfull_clusters)) {
		ci = list_first_entry(&si->nonfull_clusters,
				      struct swap_cluster_info, list);
		off = scan_cluster(si, ci, 0);
	}
	if (!off && !list_empty(&si->free_clusters)) {
		ci = list_first_entry(&si->free_clusters,
				      struct swap_cluster_info, list);
		off = scan_cluster(si, ci, 0);
	}
	if (!off)
		return 0;
	/* The next try starts after it, in the same cluster. */
	si->next = (off + 1) % SWAPFILE_CLUSTER ? off + 1 : 0;
	if (si->next >= si->max)
		si->next = 0;
	return off;
}

/** folio_alloc_swap() - see swap.h. */
int folio_alloc_swap(struct machine *m, struct page *page)
{
	struct swap_info_struct *si = m->swap;
	unsigned long off;
	int err;

	if (!si || si->inuse_pages >= si->pages)
		return -ENOMEM;
	off = cluster_alloc_swap_entry(si);
	if (!off)
		return -ENOMEM;
	si->swap_map[off] = SWAP_HAS_CACHE;
	swap_range_alloc(si, off);
	/* mem_cgroup_try_charge_swap(): memory.swap.max may refuse it. */
	err = __mem_cgroup_try_charge_swap(m, page,
					   swp_entry((unsigned long)si->type, off).val);
	if (!err)
		err = add_to_swap_cache(m, page,
					swp_entry((unsigned long)si->type, off));
	if (err) {
		si->swap_map[off] = 0;
		swap_range_free(si, off);
	}
	return err;
}

/** __swap_count() - see swap.h. Read lock suffices. */
int __swap_count(const struct machine *m, swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info(m, entry);

	return si ? si->swap_map[swp_offset(entry)] & ~SWAP_HAS_CACHE : 0;
}

/** swap_map_of() - see swap.h. Read lock suffices. */
unsigned char swap_map_of(const struct machine *m, swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info(m, entry);

	return si ? si->swap_map[swp_offset(entry)] : 0;
}

/** swap_duplicate() - see swap.h (__swap_duplicate() with usage 1). */
int swap_duplicate(struct machine *m, swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info(m, entry);
	unsigned char *map;

	if (!si)
		return -EINVAL;
	map = &si->swap_map[swp_offset(entry)];
	if ((*map & ~SWAP_HAS_CACHE) >= SWAP_MAP_MAX) {
		vm_err(m, "swap entry %lu is held by %d PTEs, the most one "
		       "swap_map byte counts", swp_offset(entry), SWAP_MAP_MAX);
		return -ENOMEM;
	}
	(*map)++;
	return 0;
}

/* swap_entry_put - drop @usage (1 or SWAP_HAS_CACHE); free a slot left empty. */
static unsigned char swap_entry_put(struct swap_info_struct *si,
				    unsigned long off, unsigned char usage)
{
	unsigned char *map = &si->swap_map[off];

	if (usage == SWAP_HAS_CACHE)
		*map &= (unsigned char)~SWAP_HAS_CACHE;
	else if (*map & ~SWAP_HAS_CACHE)
		(*map)--;
	if (!*map)
		swap_range_free(si, off);
	return *map;
}

/** swap_free() - see swap.h. */
void swap_free(struct machine *m, swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info(m, entry);

	if (si)
		swap_entry_put(si, swp_offset(entry), 1);
}

/** put_swap_folio() - see swap.h. */
void put_swap_folio(struct machine *m, swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info(m, entry);

	if (si)
		swap_entry_put(si, swp_offset(entry), SWAP_HAS_CACHE);
}

/** free_swap_and_cache() - see swap.h (free_swap_and_cache_nr()). */
void free_swap_and_cache(struct machine *m, swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info(m, entry);
	struct page *page;

	if (!si)
		return;
	if (swap_entry_put(si, swp_offset(entry), 1) != SWAP_HAS_CACHE)
		return;
	/* __try_to_reclaim_swap(TTRS_UNMAPPED | TTRS_FULL) */
	page = swap_cache_get_folio(m, entry);
	if (page && !page_mapped(page))
		delete_from_swap_cache(m, page);
}

/** swap_entry_contents() - see swap.h. */
const void *swap_entry_contents(const struct machine *m, swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info(m, entry);
	struct page *page;

	if (!si)
		return NULL;
	page = swap_cache_get_folio(m, entry);
	if (page)
		return page_contents(page);
	return si->slots[swp_offset(entry)];
}

/* is_folio_zero_filled() - are all of @page's bytes zero? */
static bool is_folio_zero_filled(const struct page *page)
{
	const unsigned long *word = page_contents(page);

	if (!word)
		return true;
	for (size_t i = 0; i < PAGE_SIZE / sizeof(*word); i++)
		if (word[i])
			return false;
	return true;
}

/**
 * swap_writepage() - see swap.h. A page of zeroes is not written: the
 * slot is marked in the zeromap (here: it keeps no bytes) and counts in
 * swpout_zero, not pswpout, as since Linux 6.12.
 */
int swap_writepage(struct machine *m, struct page *page)
{
	struct swap_info_struct *si = m->swap;
	unsigned long off = swp_offset((swp_entry_t){ page->swap });
	void *copy;

	if (is_folio_zero_filled(page)) {
		free(si->slots[off]);
		si->slots[off] = NULL;
		count_vm_event(m, SWPOUT_ZERO);
		count_memcg_page_event(m, page, MEMCG_SWPOUT_ZERO);
		return 0;
	}
	copy = si->slots[off];
	if (!copy)
		copy = malloc(PAGE_SIZE);
	if (!copy) {
		zone_host_nomem(&m->zone);
		vm_err(m, "host out of memory");
		return -ENOMEM;
	}
	memcpy(copy, page_contents(page), PAGE_SIZE);
	si->slots[off] = copy;
	count_vm_event(m, PSWPOUT);
	count_memcg_page_event(m, page, MEMCG_PSWPOUT);
	m->vm_events[PGPGOUT] += PAGE_SIZE >> 10;
	return 0;
}

/**
 * swap_read_folio() - see swap.h. A zeromap slot reads as zeroes without
 * I/O (swap_read_folio_zeromap(): swpin_zero, not pswpin).
 */
int swap_read_folio(struct machine *m, struct page *page, swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info(m, entry);
	const void *src = si ? si->slots[swp_offset(entry)] : NULL;

	SetPageUptodate(page);
	if (!src) {
		count_vm_event(m, SWPIN_ZERO);
		count_memcg_page_event(m, page, MEMCG_SWPIN_ZERO);
		return 0;
	}
	if (memcpy_to_page(&m->zone, page, 0, src, PAGE_SIZE)) {
		vm_err(m, "host out of memory");
		return -ENOMEM;
	}
	count_vm_event(m, PSWPIN);
	count_memcg_page_event(m, page, MEMCG_PSWPIN);
	m->vm_events[PGPGIN] += PAGE_SIZE >> 10;
	return 0;
}
