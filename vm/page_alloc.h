/*
 * page_alloc.h - simulated physical memory: mem_map, the buddy allocator
 * (orders 0..MAX_ORDER), page flags, reference counts and lazily allocated
 * frame contents, and the shared zero page.
 */
#ifndef MMSIM_PAGE_ALLOC_H
#define MMSIM_PAGE_ALLOC_H

#include "gfp.h"
#include "mm_types.h"

#define MAX_ORDER	10		/* orders 0..10, as MAX_PAGE_ORDER */
#define NR_ORDERS	(MAX_ORDER + 1)

/* Page flag bits, in struct page->flags (include/linux/page-flags.h). */
enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_active,
	PG_reserved,
	PG_swapbacked,
	PG_anon_exclusive,	/* PageAnonExclusive: only one mm may map it */
	PG_young,		/* page_idle: accessed since last idle mark */
	PG_idle,
	PG_mlocked,		/* in a VM_LOCKED VMA (NR_MLOCK) */
	PG_unevictable,		/* on the unevictable LRU */
	PG_writeback,		/* page-cache page being written back */
	PG_readahead,		/* read-ahead marker: reaching it reads on */
	PG_mappedtodisk,	/* its file blocks exist on the backing store */
	PG_swapcache,		/* in the swap cache, page->swap its entry */
	PG_workingset,		/* was active before reclaim deactivated it
				 * (mm/workingset.c) */
	__NR_PAGEFLAGS
};

/* page->page_type values (the kernel's PGTY_*). */
enum pagetype {
	PGTY_NONE = 0,
	PGTY_buddy,		/* free, head of a buddy block */
	PGTY_table,		/* page-table page */
	PGTY_zero,		/* the shared zero page (PG_reserved too) */
	PGTY_slab,		/* every frame of a slab (vm/slab.c) */
};

#define DEFINE_PAGEFLAG(name, bit)					\
static inline bool Page##name(const struct page *p)			\
{ return p->flags & (1UL << (bit)); }					\
static inline void SetPage##name(struct page *p)			\
{ p->flags |= 1UL << (bit); }						\
static inline void ClearPage##name(struct page *p)			\
{ p->flags &= ~(1UL << (bit)); }

DEFINE_PAGEFLAG(Locked, PG_locked)
DEFINE_PAGEFLAG(Referenced, PG_referenced)
DEFINE_PAGEFLAG(Uptodate, PG_uptodate)
DEFINE_PAGEFLAG(Dirty, PG_dirty)
DEFINE_PAGEFLAG(LRU, PG_lru)
DEFINE_PAGEFLAG(Active, PG_active)
DEFINE_PAGEFLAG(Reserved, PG_reserved)
DEFINE_PAGEFLAG(SwapBacked, PG_swapbacked)
DEFINE_PAGEFLAG(AnonExclusive, PG_anon_exclusive)
DEFINE_PAGEFLAG(Young, PG_young)
DEFINE_PAGEFLAG(Idle, PG_idle)
DEFINE_PAGEFLAG(Mlocked, PG_mlocked)
DEFINE_PAGEFLAG(Unevictable, PG_unevictable)
DEFINE_PAGEFLAG(Writeback, PG_writeback)
DEFINE_PAGEFLAG(Readahead, PG_readahead)
DEFINE_PAGEFLAG(MappedToDisk, PG_mappedtodisk)
DEFINE_PAGEFLAG(SwapCache, PG_swapcache)
DEFINE_PAGEFLAG(Workingset, PG_workingset)
/* PG_reclaim is PG_readahead's bit, as in the kernel: free it when written. */
DEFINE_PAGEFLAG(Reclaim, PG_readahead)

static inline bool PageAnon(const struct page *page)
{
	return ((unsigned long)page->mapping & PAGE_MAPPING_ANON) != 0;
}

static inline struct anon_vma *page_anon_vma(const struct page *page)
{
	if (!PageAnon(page))
		return NULL;
	return (struct anon_vma *)((unsigned long)page->mapping &
				   ~PAGE_MAPPING_ANON);
}

static inline int page_mapcount(const struct page *page)
{
	return page->_mapcount + 1;
}

static inline bool page_mapped(const struct page *page)
{
	return page->_mapcount >= 0;
}

static inline int page_ref_count(const struct page *page)
{
	return page->_refcount;
}

static inline void get_page(struct page *page)
{
	page->_refcount++;
}

static inline bool PageBuddy(const struct page *page)
{
	return page->page_type == PGTY_buddy;
}

static inline bool PageTable(const struct page *page)
{
	return page->page_type == PGTY_table;
}

static inline bool PageSlab(const struct page *page)
{
	return page->page_type == PGTY_slab;
}

/*
 * struct zone - the one memory zone of the simulated machine.
 *
 * Locking: every field is protected by the machine lock held for writing
 * (see machine.h); the allocator takes no lock of its own.
 */
struct mem_cgroup;

struct zone {
	struct page *mem_map;		/* one struct page per frame */
	unsigned long nr_pages;		/* managed frames */
	unsigned long free_pages;
	struct list_head free_area[NR_ORDERS];
	unsigned long nr_free[NR_ORDERS];
	unsigned long zero_pfn;		/* the shared zero page */
	unsigned long data_pages;	/* frames with host contents allocated */
	unsigned long contents_freed;	/* contents freed since the last
					 * zone_release_host_memory() */
	/*
	 * A host allocation (malloc) failed during the running command
	 * (page_address(), host_zalloc()): the command fails with ENOMEM,
	 * "host out of memory", and nothing simulated follows from it: no
	 * OOM kill, no signal. The ctl layer clears it before each command.
	 */
	bool host_nomem;
	/*
	 * Host address space held back (HOST_RESERVE, 64 MiB, mapped but
	 * never touched) and given up when a host allocation fails, so that
	 * the daemon can still serve the next requests, the munmap that
	 * frees memory among them. Without it frames get no new contents;
	 * it is taken again at a command boundary (zone_release_host_memory())
	 * once the host has twice as much to spare.
	 */
	void *host_reserve;
	unsigned long pgalloc;		/* pages handed out, ever (vmstat pgalloc_normal) */
	unsigned long pgfree;		/* pages given back, ever (vmstat pgfree) */
	/*
	 * Pages freed still on an LRU list (PG_lru), which free_pages_check()
	 * reports as bad_page(): their list's counter is left too high. A
	 * page that may be on a list is released with folio_put(), never
	 * put_page(); the checker reports any.
	 */
	unsigned long bad_pages;
	/* The machine's tracing (kmem:mm_page_alloc, mm_page_free); a zone
	 * of its own has trace_off, never active. */
	struct trace_array *trace;
	/* Each frame's memory cgroup (folio->memcg_data), NULL: uncharged;
	 * vm/memcontrol.h. */
	struct mem_cgroup **memcg_data;
};

/**
 * zone_init() - create mem_map for @nr_pages frames and free them all into
 * the buddy lists, then reserve the zero page.
 * @zone: zone to initialise
 * @nr_pages: number of 4 KiB frames (the machine's --mem / PAGE_SIZE)
 *
 * Return: 0, or -ENOMEM if the host cannot hold mem_map.
 */
int zone_init(struct zone *zone, unsigned long nr_pages);
/* shuffle_free_memory() - randomise the free lists by --seed (shuffle.c). */
int shuffle_free_memory(struct zone *zone, unsigned long seed);
void zone_destroy(struct zone *zone);
/** int_sqrt() - the integer square root of @x, rounded down (lib/math). */
unsigned long int_sqrt(unsigned long x);

/**
 * alloc_pages() - take a 2^@order block from the buddy allocator.
 * @zone: the zone
 * @order: 0..MAX_ORDER
 *
 * Deterministic: the same sequence of calls yields the same PFNs. The
 * head page comes back with _refcount 1, _mapcount -1, flags 0, and
 * contents that read as zeroes.
 *
 * Return: the head page, or NULL when no block is free (the caller then
 * decides whether to invoke the OOM killer).
 */
struct page *alloc_pages(struct zone *zone, unsigned int order);
struct page *alloc_page(struct zone *zone);
/**
 * __alloc_pages() - alloc_pages() for an allocation with flags @gfp
 * (alloc_pages() is GFP_KERNEL): kmem:mm_page_alloc records them and the
 * migratetype they choose.
 */
struct page *__alloc_pages(struct zone *zone, unsigned int order, gfp_t gfp);

/**
 * __free_pages() - return a block to the buddy lists, merging buddies.
 * Drops the frame contents so a free frame costs no host memory.
 */
void __free_pages(struct zone *zone, struct page *page, unsigned int order);

/**
 * put_page() - drop a reference; frees the page when it reaches zero.
 */
void put_page(struct zone *zone, struct page *page);

static inline unsigned long page_to_pfn(const struct zone *zone,
					const struct page *page)
{
	return (unsigned long)(page - zone->mem_map);
}

static inline struct page *pfn_to_page(const struct zone *zone,
				       unsigned long pfn)
{
	return &zone->mem_map[pfn];
}

static inline bool pfn_valid(const struct zone *zone, unsigned long pfn)
{
	return pfn < zone->nr_pages;
}

/**
 * page_address() - host pointer to a frame's 4 KiB, allocating it on
 * first use (zero-filled). Return: pointer, or NULL if the host is out of
 * memory.
 */
void *page_address(struct zone *zone, struct page *page);

/**
 * page_contents() - host pointer to a frame's bytes for reading, or NULL
 * when the frame has never held anything but zeroes. Never allocates.
 */
static inline const void *page_contents(const struct page *page)
{
	return page->virtual;
}

/**
 * memcpy_to_page() - store bytes into a frame; all-zero frames stay (or
 * become) contents-less. Return: 0 or -ENOMEM.
 */
int memcpy_to_page(struct zone *zone, struct page *page, size_t offset,
		   const void *src, size_t len);

/* copy_user_highpage(): copy contents, staying lazy if @from is zero. */
int copy_user_highpage(struct zone *zone, struct page *to,
		       const struct page *from);
/* clear_user_highpage(): make the frame read as zeroes (frees contents). */
void clear_user_highpage(struct zone *zone, struct page *page);

static inline bool is_zero_pfn(const struct zone *zone, unsigned long pfn)
{
	return pfn == zone->zero_pfn;
}

/**
 * zone_release_host_memory() - return freed frame contents to the host
 * (malloc_trim()) once 64 MiB of them were freed; at command boundaries.
 */
void zone_release_host_memory(struct zone *zone);

/**
 * zone_host_nomem() - a host allocation failed: note it (host_nomem) and
 * give up the reserve, so that the daemon can go on serving.
 */
void zone_host_nomem(struct zone *zone);

/* The zone's watermarks (include/linux/mmzone.h's enum zone_watermarks). */
enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, WMARK_PROMO,
		       NR_WMARK };

/* Sizes the kernel derives from the zone's size at boot (page_alloc.c). */
unsigned long calculate_min_free_kbytes(const struct zone *zone);
void zone_watermarks(const struct zone *zone, unsigned long wmark[NR_WMARK]);
void zone_pcp_sizes(const struct zone *zone, unsigned int nr_cpus,
		    unsigned int *batch, unsigned int *high_min,
		    unsigned int *high_max);
int calculate_normal_threshold(const struct zone *zone, unsigned int nr_cpus);

#endif
