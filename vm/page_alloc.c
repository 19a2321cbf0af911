/*
 * page_alloc.c - the simulated machine's physical memory: mem_map, a binary
 * buddy allocator over orders 0..MAX_ORDER (mm/page_alloc.c), reference
 * counting, the shared zero page, and frame contents that exist on the host
 * only once something has asked for them.
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "memcontrol.h"
#include "page_alloc.h"
#include "trace.h"

/*
 * Free-list invariants (checked by mm_check_machine()):
 *  - every free block of 2^order frames is aligned to 2^order PFNs and is
 *    on free_area[order] through its head page's ->lru;
 *  - the head of a free block has page_type PGTY_buddy and ->private ==
 *    order; no other page of the block has a page type;
 *  - free frames have no host contents (->virtual == NULL), _refcount 0
 *    and _mapcount -1;
 *  - zone->free_pages == sum over orders of nr_free[order] << order.
 *
 * Determinism: lists are plain FIFO/LIFO queues and every decision depends
 * only on the sequence of calls, so the same calls give the same PFNs.
 * Fresh blocks are queued in ascending PFN order and a split hands out the
 * lower half, so a fresh machine allocates PFNs 1, 2, 3, ... (PFN 0 is the
 * zero page).
 */

static void set_buddy(struct page *page, unsigned int order)
{
	page->page_type = PGTY_buddy;
	page->private = order;
}

static void clear_buddy(struct page *page)
{
	page->page_type = PGTY_NONE;
	page->private = 0;
}

static void add_to_free_area(struct zone *zone, struct page *page,
			     unsigned int order, bool tail)
{
	set_buddy(page, order);
	if (tail)
		list_add_tail(&page->lru, &zone->free_area[order]);
	else
		list_add(&page->lru, &zone->free_area[order]);
	zone->nr_free[order]++;
}

static void del_from_free_area(struct zone *zone, struct page *page,
			       unsigned int order)
{
	list_del(&page->lru);
	clear_buddy(page);
	zone->nr_free[order]--;
}

static void prep_new_page(struct page *page);

/**
 * zone_init() - create mem_map and free every frame into the buddy lists,
 * then reserve the zero page.
 * @zone: zone to initialise
 * @nr_pages: number of frames
 *
 * mem_map comes from calloc(), so the host commits it only as it is
 * written. Each struct page is written once, to give it _mapcount -1 (as
 * the kernel's memmap_init does); blocks go onto the free lists whole, as
 * big and aligned as possible, so the lists hold nr_pages / 1024 entries.
 * PFN 0 is the zero page on every machine size; the frames after it are
 * freed as blocks of orders 0, 1, ... 9, exactly what splitting the first
 * order-10 block would leave.
 *
 * Return: 0, or -ENOMEM (-EINVAL for an empty zone).
 */
/* The host address space held back for a host out of memory (struct zone). */
#define HOST_RESERVE	(64UL << 20)

static void host_reserve_take(struct zone *zone);

int zone_init(struct zone *zone, unsigned long nr_pages)
{
	unsigned long pfn;
	struct page *zero;

	memset(zone, 0, sizeof(*zone));
	zone->trace = &trace_off;
	if (!nr_pages)
		return -EINVAL;
	zone->mem_map = calloc(nr_pages, sizeof(struct page));
	if (!zone->mem_map)
		return -ENOMEM;
	zone->nr_pages = nr_pages;
	for (unsigned int o = 0; o < NR_ORDERS; o++)
		INIT_LIST_HEAD(&zone->free_area[o]);

	for (pfn = 0; pfn < nr_pages; pfn++)
		zone->mem_map[pfn]._mapcount = -1;

	zero = &zone->mem_map[0];
	prep_new_page(zero);
	SetPageReserved(zero);
	zero->page_type = PGTY_zero;
	zone->zero_pfn = 0;

	pfn = 1;
	while (pfn < nr_pages) {
		unsigned int order = MAX_ORDER;

		/* Largest block aligned at pfn that fits below nr_pages. */
		while (order && ((pfn & ((1UL << order) - 1)) ||
				 pfn + (1UL << order) > nr_pages))
			order--;
		add_to_free_area(zone, &zone->mem_map[pfn], order, true);
		zone->free_pages += 1UL << order;
		pfn += 1UL << order;
	}
	host_reserve_take(zone);
	return 0;
}

/**
 * zone_destroy() - free mem_map and every frame's host contents.
 * @zone: zone to tear down; may be half-initialised or already destroyed
 */
void zone_destroy(struct zone *zone)
{
	if (!zone->mem_map)
		return;
	if (zone->host_reserve)
		munmap(zone->host_reserve, HOST_RESERVE);
	for (unsigned long pfn = 0; zone->data_pages && pfn < zone->nr_pages;
	     pfn++) {
		struct page *page = &zone->mem_map[pfn];

		if (page->virtual) {
			free(page->virtual);
			page->virtual = NULL;
			zone->data_pages--;
		}
	}
	free(zone->mem_map);
	memset(zone, 0, sizeof(*zone));
}

/* Reset the head of a block being handed out. */
static void prep_new_page(struct page *page)
{
	page->flags = 0;
	page->_refcount = 1;
	page->_mapcount = -1;
	page->mapping = NULL;
	page->index = 0;
	page->lru.next = page->lru.prev = NULL;
	page->private = 0;
	page->page_type = PGTY_NONE;
}

/**
 * __alloc_pages() - take a 2^@order block, splitting a larger one if needed.
 * @zone: the zone (machine lock held for writing)
 * @order: 0..MAX_ORDER
 * @gfp: the allocation's flags, for kmem:mm_page_alloc
 *
 * The lower half of every split is kept and the upper halves go back onto
 * the lists (mm/page_alloc.c's expand()).
 *
 * Return: the head page with _refcount 1, _mapcount -1, no flags and zero
 * contents; NULL when no block is free or @order is out of range.
 */
struct page *__alloc_pages(struct zone *zone, unsigned int order, gfp_t gfp)
{
	ftrace_graph(zone->trace);
	unsigned int current_order;
	struct page *page;

	if (order > MAX_ORDER)
		return NULL;
	for (current_order = order; current_order < NR_ORDERS;
	     current_order++)
		if (!list_empty(&zone->free_area[current_order]))
			break;
	if (current_order == NR_ORDERS)
		return NULL;

	page = list_first_entry(&zone->free_area[current_order], struct page,
				lru);
	del_from_free_area(zone, page, current_order);
	while (current_order > order) {
		current_order--;
		add_to_free_area(zone, page + (1UL << current_order),
				 current_order, false);
	}
	zone->free_pages -= 1UL << order;
	zone->pgalloc += 1UL << order;
	prep_new_page(page);
	trace_mm_page_alloc(zone->trace, page_to_pfn(zone, page), order, gfp,
			    gfp_migratetype(gfp));
	return page;
}

/** alloc_pages() - __alloc_pages() with GFP_KERNEL. */
struct page *alloc_pages(struct zone *zone, unsigned int order)
{
	return __alloc_pages(zone, order, GFP_KERNEL);
}

/** alloc_page() - alloc_pages(@zone, 0). */
struct page *alloc_page(struct zone *zone)
{
	return alloc_pages(zone, 0);
}

static void drop_contents(struct zone *zone, struct page *page)
{
	if (page->virtual) {
		free(page->virtual);
		page->virtual = NULL;
		zone->data_pages--;
		zone->contents_freed++;
	}
}

/*
 * host_reserve_take - hold the reserve again, but only when the host has
 * twice as much to spare: the daemon must not be left at the host's limit
 * again with nothing to serve its next request with.
 */
static void host_reserve_take(struct zone *zone)
{
	char *p;

	if (zone->host_reserve)
		return;
	p = mmap(NULL, 2 * HOST_RESERVE, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return;
	munmap(p + HOST_RESERVE, HOST_RESERVE);
	zone->host_reserve = p;
}

/*
 * After this many frames' contents were freed (64 MiB), the host's malloc
 * is asked to give the free memory back to the host.
 */
#define CONTENTS_TRIM_PAGES	(64UL << 20 >> PAGE_SHIFT)

/**
 * zone_release_host_memory() - give the host back what freed frame
 * contents left in malloc's free lists (malloc_trim()), once enough was
 * freed since the last time: free() alone keeps most of it in the
 * daemon. Called at command boundaries; nothing simulated changes.
 * @zone: the zone
 */
void zone_release_host_memory(struct zone *zone)
{
	host_reserve_take(zone);
	if (zone->contents_freed < CONTENTS_TRIM_PAGES)
		return;
	zone->contents_freed = 0;
	malloc_trim(0);
}

/**
 * zone_host_nomem() - note a failed host allocation and give up the
 * reserve (see struct zone).
 * @zone: the zone
 */
void zone_host_nomem(struct zone *zone)
{
	zone->host_nomem = true;
	if (zone->host_reserve) {
		munmap(zone->host_reserve, HOST_RESERVE);
		zone->host_reserve = NULL;
	}
}

/**
 * __free_pages() - return a 2^@order block, merging it with free buddies.
 * @zone: the zone (machine lock held for writing)
 * @page: head page of the block, as alloc_pages() returned it
 * @order: the order it was allocated with
 *
 * The block's host contents are released so a free frame costs nothing.
 * The zero page is never freed.
 */
void __free_pages(struct zone *zone, struct page *page, unsigned int order)
{
	ftrace_graph(zone->trace);
	unsigned long pfn = page_to_pfn(zone, page);

	if (order > MAX_ORDER || page->page_type == PGTY_zero ||
	    PageBuddy(page))
		return;
	trace_mm_page_free(zone->trace, pfn, order);
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;

		if (PageLRU(p))
			zone->bad_pages++;	/* free_pages_check() */
		mem_cgroup_uncharge(zone, pfn + i);	/* __folio_put() */
		drop_contents(zone, p);
		p->flags = 0;
		p->_refcount = 0;
		p->_mapcount = -1;
		p->mapping = NULL;
		p->index = 0;
		p->private = 0;
		p->page_type = PGTY_NONE;
	}
	zone->free_pages += 1UL << order;
	zone->pgfree += 1UL << order;

	while (order < MAX_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (buddy_pfn >= zone->nr_pages)
			break;
		buddy = &zone->mem_map[buddy_pfn];
		if (!PageBuddy(buddy) || buddy->private != order)
			break;
		del_from_free_area(zone, buddy, order);
		pfn &= buddy_pfn;
		order++;
	}
	add_to_free_area(zone, &zone->mem_map[pfn], order, false);
}

/**
 * put_page() - drop a reference to an order-0 page, freeing it at zero.
 * @zone: the zone (machine lock held for writing)
 * @page: the page
 *
 * The zero page is reserved: its count never drops below one and it is
 * never freed.
 */
void put_page(struct zone *zone, struct page *page)
{
	if (PageReserved(page)) {
		if (page->_refcount > 1)
			page->_refcount--;
		return;
	}
	if (page->_refcount <= 0)
		return;	/* already free: a caller bug; the checker reports it */
	if (--page->_refcount == 0)
		__free_pages(zone, page, 0);
}

/**
 * page_address() - the host copy of a frame's 4 KiB, created zero-filled on
 * first use and counted in zone->data_pages.
 * @zone: the zone
 * @page: the frame
 *
 * Return: the host pointer, or NULL if the host is out of memory.
 */
void *page_address(struct zone *zone, struct page *page)
{
	if (!page->virtual) {
		/*
		 * While the reserve is given up, frames get no new contents:
		 * what the host has left is for serving requests, among them
		 * the munmap that frees memory.
		 */
		if (!zone->host_reserve) {
			zone_host_nomem(zone);
			return NULL;
		}
		page->virtual = calloc(1, PAGE_SIZE);
		if (!page->virtual) {
			zone_host_nomem(zone);
			return NULL;
		}
		zone->data_pages++;
	}
	return page->virtual;
}

/* mem_is_zero(): true when @len bytes at @p are all zero. */
static bool mem_is_zero(const void *p, size_t len)
{
	const unsigned char *b = p;

	return len == 0 || (b[0] == 0 && memcmp(b, b + 1, len - 1) == 0);
}

/**
 * memcpy_to_page() - store @len bytes at @offset in @page's contents,
 * keeping the rule that an all-zero frame costs the host nothing: zeroes
 * stored into a contents-less frame allocate nothing, and a frame whose
 * bytes all become zero gives its contents back.
 * @zone: the zone
 * @page: the frame
 * @offset: byte offset in the frame; @offset + @len <= PAGE_SIZE
 * @src: the bytes
 * @len: how many
 *
 * Return: 0, or -ENOMEM if the host cannot hold the contents.
 * Locking: machine lock held for writing.
 */
int memcpy_to_page(struct zone *zone, struct page *page, size_t offset,
		   const void *src, size_t len)
{
	char *dst;

	if (!page->virtual && mem_is_zero(src, len))
		return 0;
	dst = page_address(zone, page);
	if (!dst)
		return -ENOMEM;
	memcpy(dst + offset, src, len);
	if (mem_is_zero(dst, PAGE_SIZE))
		drop_contents(zone, page);
	return 0;
}

/**
 * copy_user_highpage() - make @to hold @from's bytes. When @from has never
 * held anything but zeroes, @to stays (or becomes) contents-less as well.
 * @zone: the zone
 * @to: destination frame
 * @from: source frame
 *
 * Return: 0, or -ENOMEM if the host cannot hold the copy.
 */
int copy_user_highpage(struct zone *zone, struct page *to,
		       const struct page *from)
{
	void *dst;

	if (to == from)
		return 0;
	if (!from->virtual) {
		clear_user_highpage(zone, to);
		return 0;
	}
	dst = page_address(zone, to);
	if (!dst)
		return -ENOMEM;
	memcpy(dst, from->virtual, PAGE_SIZE);
	return 0;
}

/**
 * clear_user_highpage() - make a frame read as zeroes by dropping its host
 * contents.
 * @zone: the zone
 * @page: the frame
 */
void clear_user_highpage(struct zone *zone, struct page *page)
{
	drop_contents(zone, page);
}

/* ---- the sizes the kernel derives from a zone's size (mm/page_alloc.c) ---- */

/** int_sqrt() - lib/math/int_sqrt.c's: the integer square root, rounded down. */
unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/**
 * calculate_min_free_kbytes() - vm.min_free_kbytes as the kernel sets it
 * at boot: sqrt(lowmem_kbytes * 16), clamped to [128, 262144]. All of the
 * simulated memory is lowmem, and the watermarks are still 0 then, so
 * lowmem_kbytes is every managed page.
 * @zone: the machine's zone
 * Return: kilobytes.
 */
unsigned long calculate_min_free_kbytes(const struct zone *zone)
{
	unsigned long lowmem_kbytes = zone->nr_pages * (PAGE_SIZE >> 10);
	unsigned long kb = int_sqrt(lowmem_kbytes * 16);

	if (kb < 128)
		kb = 128;
	if (kb > 262144)
		kb = 262144;
	return kb;
}

/**
 * zone_watermarks() - the zone's watermarks in pages, as
 * __setup_per_zone_wmarks() sets them from min_free_kbytes and
 * watermark_scale_factor (10, i.e. 0.1% of the zone): min is the zone's
 * share of min_free_kbytes (all of it: the one zone), and low, high and
 * promo lie one, two and three steps above it, a step being the larger
 * of a quarter of min and 0.1% of the zone. No watermark boost.
 * @zone: the zone
 * @wmark: filled, indexed by enum zone_watermarks
 */
void zone_watermarks(const struct zone *zone, unsigned long wmark[NR_WMARK])
{
	unsigned long min = calculate_min_free_kbytes(zone) >> (PAGE_SHIFT - 10);
	unsigned long step = min >> 2;
	unsigned long scaled = zone->nr_pages * 10 / 10000;

	if (scaled > step)
		step = scaled;
	wmark[WMARK_MIN] = min;
	wmark[WMARK_LOW] = min + step;
	wmark[WMARK_HIGH] = min + 2 * step;
	wmark[WMARK_PROMO] = min + 3 * step;
}

/**
 * zone_pcp_sizes() - what zone_set_pageset_high_and_batch() gives each
 * CPU's page list: the batch (zone_batchsize(): a quarter of the zone's
 * pages per 1024, at most 256 pages, made 2^n - 1) and the high marks
 * (zone_highsize(): the low watermark, or an eighth of the zone for
 * high_max, split among the node's CPUs, at least four batches). mmsim
 * keeps no per-CPU lists: these are the sizes the kernel would give them.
 * @zone: the zone
 * @nr_cpus: CPUs of the node
 * @batch, @high_min, @high_max: filled
 */
void zone_pcp_sizes(const struct zone *zone, unsigned int nr_cpus,
		    unsigned int *batch, unsigned int *high_min,
		    unsigned int *high_max)
{
	unsigned long wmark[NR_WMARK];
	unsigned long b = zone->nr_pages >> 10, high;
	unsigned int cpus = nr_cpus ? nr_cpus : 1;

	if (b > (1UL << 20) / PAGE_SIZE)
		b = (1UL << 20) / PAGE_SIZE;
	b /= 4;
	if (b < 1)
		b = 1;
	b += b / 2;
	while (b & (b - 1))		/* rounddown_pow_of_two() */
		b &= b - 1;
	b -= 1;
	if (b < 1)
		b = 1;
	*batch = (unsigned int)b;

	zone_watermarks(zone, wmark);
	high = wmark[WMARK_LOW] / cpus;
	*high_min = (unsigned int)(high > (b << 2) ? high : b << 2);
	high = zone->nr_pages / 8 / cpus;
	*high_max = (unsigned int)(high > (b << 2) ? high : b << 2);
}

/**
 * calculate_normal_threshold() - the per-CPU vmstat drift a zone allows
 * before its counters are folded: 2 * fls(CPUs) * (1 + fls(zone size in
 * 128 MiB units)), at most 125 (mm/vmstat.c).
 * @zone: the zone
 * @nr_cpus: online CPUs
 */
int calculate_normal_threshold(const struct zone *zone, unsigned int nr_cpus)
{
	unsigned long mem = zone->nr_pages >> (27 - PAGE_SHIFT);
	int fls_cpus = 0, fls_mem = 0, threshold;

	while (nr_cpus >> fls_cpus)
		fls_cpus++;
	while (mem >> fls_mem)
		fls_mem++;
	threshold = 2 * fls_cpus * (1 + fls_mem);
	return threshold < 125 ? threshold : 125;
}
