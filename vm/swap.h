/*
 * swap.h - the machine's one swap area (mm/swapfile.c), its swap cache
 * (mm/swap_state.c) and the swap entries that stand for a swapped-out
 * page in a non-present PTE (include/linux/swapops.h, x86-64's
 * arch/x86/include/asm/pgtable_64.h encoding).
 *
 * The area is mmsimfs --swap=SIZE: SIZE / 4 KiB slots, slot 0 the header
 * page (SWAP_MAP_BAD, never handed out), with one unsigned char of
 * swap_map a slot (the PTEs that hold the entry, plus SWAP_HAS_CACHE
 * while a page is in the swap cache) and 512-slot clusters on free,
 * nonfull and full lists. Its "device" is host memory, one 4 KiB copy a
 * used slot (NULL for a page of zeroes), written and read synchronously,
 * as a zram device is (SWP_SYNCHRONOUS_IO): reclaim frees a page as soon
 * as it is written, and a swap-in of an entry one PTE holds skips the
 * swap cache.
 */
#ifndef MMSIM_SWAP_H
#define MMSIM_SWAP_H

#include <stdbool.h>
#include "list.h"
#include "mm_types.h"
#include "pgtable.h"
#include "xarray.h"

struct machine;
struct page;
struct mem_cgroup;
struct vm_area_struct;

/* swp_entry_t: type and offset, arch-independent (include/linux/swapops.h). */
typedef struct { unsigned long val; } swp_entry_t;

#define MAX_SWAPFILES_SHIFT	5
#define SWP_TYPE_SHIFT		(63 - MAX_SWAPFILES_SHIFT)	/* BITS_PER_XA_VALUE - 5 */
#define SWP_OFFSET_MASK		((1UL << SWP_TYPE_SHIFT) - 1)

static inline swp_entry_t swp_entry(unsigned long type, pgoff_t offset)
{
	return (swp_entry_t){ (type << SWP_TYPE_SHIFT) | (offset & SWP_OFFSET_MASK) };
}
static inline unsigned int swp_type(swp_entry_t e) { return (unsigned int)(e.val >> SWP_TYPE_SHIFT); }
static inline pgoff_t swp_offset(swp_entry_t e) { return e.val & SWP_OFFSET_MASK; }

/*
 * x86-64's swap PTE (pgtable_64.h): type in bits 59-63, the offset
 * inverted in bits 9-58 (so that a PTE with only high bits set by an
 * L1TF-vulnerable CPU points at no real memory), bits 0 (present) and 8
 * (PROT_NONE) clear; bit 1 keeps soft-dirty (_PAGE_SWP_SOFT_DIRTY), bit 3
 * PG_anon_exclusive (_PAGE_SWP_EXCLUSIVE).
 */
#define SWP_TYPE_BITS		5
#define SWP_OFFSET_FIRST_BIT	9		/* _PAGE_BIT_PROTNONE + 1 */
#define SWP_OFFSET_SHIFT	(SWP_OFFSET_FIRST_BIT + SWP_TYPE_BITS)
#define _PAGE_SWP_SOFT_DIRTY	_PAGE_RW
#define _PAGE_SWP_EXCLUSIVE	(1ULL << 3)	/* _PAGE_PWT */
#define _PAGE_SWP_FLAGS		(_PAGE_SWP_SOFT_DIRTY | _PAGE_SWP_EXCLUSIVE)

static inline bool is_swap_pte(pte_t pte)
{
	return !pte_none(pte) && !pte_present(pte);
}

static inline pte_t swp_entry_to_pte(swp_entry_t e)
{
	pteval_t v = (~(pteval_t)swp_offset(e) << SWP_OFFSET_SHIFT >> SWP_TYPE_BITS) |
		     ((pteval_t)swp_type(e) << (64 - SWP_TYPE_BITS));

	return __pte(v);
}

static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	pteval_t v = pte_val(pte) & ~_PAGE_SWP_FLAGS;

	return swp_entry(v >> (64 - SWP_TYPE_BITS),
			 ~v << SWP_TYPE_BITS >> SWP_OFFSET_SHIFT);
}

static inline bool pte_swp_exclusive(pte_t p) { return pte_val(p) & _PAGE_SWP_EXCLUSIVE; }
static inline pte_t pte_swp_mkexclusive(pte_t p) { return __pte(pte_val(p) | _PAGE_SWP_EXCLUSIVE); }
static inline pte_t pte_swp_clear_exclusive(pte_t p) { return __pte(pte_val(p) & ~_PAGE_SWP_EXCLUSIVE); }
static inline bool pte_swp_soft_dirty(pte_t p) { return pte_val(p) & _PAGE_SWP_SOFT_DIRTY; }
static inline pte_t pte_swp_mksoft_dirty(pte_t p) { return __pte(pte_val(p) | _PAGE_SWP_SOFT_DIRTY); }
static inline pte_t pte_swp_clear_soft_dirty(pte_t p) { return __pte(pte_val(p) & ~_PAGE_SWP_SOFT_DIRTY); }

/* swap_map values (include/linux/swap.h). */
#define SWAP_HAS_CACHE		0x40	/* the slot's page is in the swap cache */
#define SWAP_MAP_MAX		0x3e	/* most PTEs one byte counts */
#define SWAP_MAP_BAD		0x3f	/* the header, a bad block */
#define SWAPFILE_CLUSTER	512	/* HPAGE_PMD_NR with CONFIG_THP_SWAP */

/* struct swap_cluster_info - one cluster: slots in use, and its list. */
enum { CLUSTER_FLAG_NONE, CLUSTER_FLAG_FREE, CLUSTER_FLAG_NONFULL,
       CLUSTER_FLAG_FULL };
struct swap_cluster_info {
	unsigned int count;
	unsigned int flags;
	struct list_head list;
};

/**
 * struct swap_info_struct - the swap area (include/linux/swap.h).
 * @prio: its priority (-2: the first swapon without one, as Linux's
 *	least_priority counts down from -1)
 * @type: its index in swap_info[] (0: the only one)
 * @max: slots, the header included
 * @pages: usable slots (@max - 1)
 * @inuse_pages: slots with a nonzero swap_map
 * @swap_map: one count a slot
 * @cluster_info: one a cluster; @free_clusters, @nonfull_clusters and
 *	@full_clusters their lists, @next the next slot the allocator tries
 *	(si->global_cluster->next[0]; 0: none)
 * @slots: the device: each used slot's 4 KiB, or NULL for zeroes (the
 *	kernel's zeromap: a page of zeroes is never written)
 * @swap_cache: the swap cache, pages by offset (swapper_spaces)
 * @nr_swapcache: pages in it (NR_SWAPCACHE)
 */
struct swap_info_struct {
	int prio;
	int type;
	unsigned long max;
	unsigned long pages;
	unsigned long inuse_pages;
	unsigned char *swap_map;
	struct swap_cluster_info *cluster_info;
	unsigned long nr_clusters;
	struct list_head free_clusters;
	struct list_head nonfull_clusters;
	struct list_head full_clusters;
	unsigned long next;
	void **slots;
	struct xarray swap_cache;
	unsigned long nr_swapcache;
	struct mem_cgroup **swap_cgroup;	/* each slot's charged group
						 * (mm/swap_cgroup.c) */
};

/* The name /proc/swaps shows for the area: a zram-like RAM device. */
#define SWAP_AREA_NAME		"/dev/zram0"
#define SWAP_AREA_TYPE		"partition"

/**
 * swapon() - give @m the swap area of @bytes (mmsimfs --swap; whole
 * pages). 0 bytes: no swap. Return: 0, -EINVAL (fewer than 2 pages or
 * too large) or -ENOMEM (host memory).
 */
int swapon(struct machine *m, unsigned long bytes);
/** swapoff_destroy() - free the area with the machine (everything unmapped). */
void swapoff_destroy(struct machine *m);

/** total_swap_pages() / nr_swap_pages(): SwapTotal and SwapFree in pages. */
unsigned long total_swap_pages(const struct machine *m);
unsigned long nr_swap_pages(const struct machine *m);
/** total_swapcache_pages() - SwapCached in pages. */
unsigned long total_swapcache_pages(const struct machine *m);

/**
 * folio_alloc_swap() - a free slot for @page (cluster_alloc_swap_entry()),
 * its swap_map SWAP_HAS_CACHE, and @page in the swap cache (PG_swapcache,
 * page->swap, one reference). Return: 0, or -ENOMEM (no slot, or host
 * memory).
 */
int folio_alloc_swap(struct machine *m, struct page *page);

/**
 * swap_duplicate() - one more PTE holds @entry. Return: 0, or -ENOMEM
 * when the slot counts SWAP_MAP_MAX already (no continuation pages).
 */
int swap_duplicate(struct machine *m, swp_entry_t entry);
/** swap_free() - a PTE no longer holds @entry (the slot may become free). */
void swap_free(struct machine *m, swp_entry_t entry);
/**
 * free_swap_and_cache() - a zapped PTE held @entry: swap_free(), and
 * when only the swap cache is left and its page is mapped nowhere, the
 * page leaves the cache and the slot is free (__try_to_reclaim_swap()).
 */
void free_swap_and_cache(struct machine *m, swp_entry_t entry);
/**
 * put_swap_folio() - the swap cache lets go of @entry's slot: its
 * SWAP_HAS_CACHE goes, and with it the slot when no PTE holds it.
 */
void put_swap_folio(struct machine *m, swp_entry_t entry);
/** __swap_count() - PTEs holding @entry (the swap_map count, cache bit off). */
int __swap_count(const struct machine *m, swp_entry_t entry);
/** swap_map_of() - @entry's raw swap_map byte (check, views). */
unsigned char swap_map_of(const struct machine *m, swp_entry_t entry);
/** swap_entry_valid() - does @entry name a slot of the area? */
bool swap_entry_valid(const struct machine *m, swp_entry_t entry);

/**
 * swap_writepage() - write @page's bytes to its slot (pswpout, pgpgout),
 * or for a page of zeroes mark the slot zero-filled (swpout_zero).
 * Return: 0 or -ENOMEM (host memory).
 */
int swap_writepage(struct machine *m, struct page *page);
/**
 * swap_read_folio() - fill @page from @entry's slot (pswpin, pgpgin), or
 * with zeroes from a zero-filled one (swpin_zero).
 * Return: 0 or -ENOMEM (host memory).
 */
int swap_read_folio(struct machine *m, struct page *page, swp_entry_t entry);

/**
 * swap_entry_contents() - the bytes @entry stands for, without reading
 * them in: its swap-cache page's, else its slot's (NULL: zeroes). For
 * views, which change nothing. Read lock suffices.
 */
const void *swap_entry_contents(const struct machine *m, swp_entry_t entry);

/* ---- the swap cache (mm/swap_state.c) ---- */

/** swap_cache_get_folio() - the page in the swap cache for @entry, or NULL. */
struct page *swap_cache_get_folio(const struct machine *m, swp_entry_t entry);
/**
 * add_to_swap_cache() - put @page in the swap cache at @entry, whose
 * slot is already used: SWAP_HAS_CACHE, PG_swapcache, page->swap and a
 * reference. Return: 0 or -ENOMEM (host memory; nothing changed).
 */
int add_to_swap_cache(struct machine *m, struct page *page, swp_entry_t entry);
/**
 * delete_from_swap_cache() - @page leaves the swap cache; its slot loses
 * SWAP_HAS_CACHE (put_swap_folio(), which frees a slot no PTE holds) and
 * the cache's reference is dropped.
 */
void delete_from_swap_cache(struct machine *m, struct page *page);
/**
 * read_swap_cache_async() - the page for @entry in the swap cache, read
 * into it from the slot first if it is not there (a new page, on the
 * LRU, not mapped): madvise willneed's read-ahead of swap entries.
 * Return: the page (the swap cache's reference only), or NULL when no
 * frame or host memory could be had.
 */
struct page *read_swap_cache_async(struct machine *m, swp_entry_t entry);
/**
 * shmem_swap_entry() - the swap entry the shmem object @inode keeps for
 * its swapped-out page at @index, or none (val 0) (vm/shmem.c).
 */
struct inode;
swp_entry_t shmem_swap_entry(const struct inode *inode, pgoff_t index);
/**
 * filemap_get_incore_folio() - the page at @index of @mapping that is in
 * memory (mincore): its page-cache page, or for a shmem object's page in
 * swap, the swap cache's page for its entry. Return: the page or NULL.
 */
struct address_space;
struct page *filemap_get_incore_folio(const struct machine *m,
				      struct address_space *mapping,
				      pgoff_t index);
/**
 * folio_free_swap() - if no PTE holds @page's swap entry any more, take
 * it out of the swap cache (the slot goes). Return: true if it did.
 */
bool folio_free_swap(struct machine *m, struct page *page);

#endif
