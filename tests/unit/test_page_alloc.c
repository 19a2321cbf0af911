/*
 * test_page_alloc.c - unit tests of the buddy allocator (vm/page_alloc.c):
 * boot layout of the free lists, splitting and merging, determinism,
 * exact free counts, the zero page and lazily allocated frame contents.
 * The zone is used directly; no machine is booted.
 */
#include <stdlib.h>
#include "unit.h"
#include "../../vm/page_alloc.h"

/* xorshift64: a fixed pseudo-random sequence, so runs are repeatable. */
static unsigned long long rng_state;

static unsigned long rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned long)rng_state;
}

/*
 * Check every free-list invariant: heads aligned, PageBuddy with the
 * right order, no contents, blocks disjoint, counts exact. Return the
 * number of free frames found.
 */
static unsigned long check_free_lists(struct zone *zone)
{
	unsigned char *seen = calloc(zone->nr_pages, 1);
	unsigned long total = 0;

	ASSERT(seen);
	for (unsigned int o = 0; o < NR_ORDERS; o++) {
		unsigned long blocks = 0;
		struct page *page;

		list_for_each_entry(page, &zone->free_area[o], lru) {
			unsigned long pfn = page_to_pfn(zone, page);

			ASSERT_EQ(pfn & ((1UL << o) - 1), 0);
			ASSERT(pfn + (1UL << o) <= zone->nr_pages);
			ASSERT(PageBuddy(page));
			ASSERT_EQ(page->private, o);
			ASSERT_EQ(page->_refcount, 0);
			ASSERT_EQ(page->_mapcount, -1);
			for (unsigned long i = 0; i < (1UL << o); i++) {
				ASSERT(!seen[pfn + i]);
				seen[pfn + i] = 1;
				ASSERT(page[i].virtual == NULL);
				if (i)
					ASSERT(!PageBuddy(&page[i]));
			}
			blocks++;
		}
		ASSERT_EQ(blocks, zone->nr_free[o]);
		total += blocks << o;
	}
	free(seen);
	ASSERT_EQ(total, zone->free_pages);
	return total;
}

static void test_boot_layout(void)
{
	struct zone zone;
	struct page *zero;

	ASSERT_EQ(zone_init(&zone, 4096), 0);
	/* Four order-10 blocks, one split to give PFN 0 to the zero page. */
	ASSERT_EQ(zone.zero_pfn, 0);
	ASSERT_EQ(zone.free_pages, 4095);
	ASSERT_EQ(zone.nr_free[MAX_ORDER], 3);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		ASSERT_EQ(zone.nr_free[o], 1);
	ASSERT_EQ(check_free_lists(&zone), 4095);

	zero = pfn_to_page(&zone, zone.zero_pfn);
	ASSERT(is_zero_pfn(&zone, 0));
	ASSERT(PageReserved(zero));
	ASSERT_EQ(zero->page_type, PGTY_zero);
	ASSERT_EQ(page_ref_count(zero), 1);
	ASSERT_EQ(page_mapcount(zero), 0);
	ASSERT(page_contents(zero) == NULL);
	ASSERT_EQ(zone.data_pages, 0);

	/* Never-allocated frames read as unmapped, like memmap_init's. */
	ASSERT_EQ(page_mapcount(pfn_to_page(&zone, 4000)), 0);
	zone_destroy(&zone);
}

static void test_odd_size(void)
{
	struct zone zone;

	/* 3000 = 2*1024 + 512 + 256 + 128 + 32 + 16 + 8; PFN 0: zero page */
	ASSERT_EQ(zone_init(&zone, 3000), 0);
	ASSERT_EQ(zone.free_pages, 2999);
	ASSERT_EQ(zone.nr_free[10], 1);	/* the first is split by PFN 0 */
	ASSERT_EQ(zone.nr_free[9], 2);
	ASSERT_EQ(zone.nr_free[8], 2);
	ASSERT_EQ(zone.nr_free[7], 2);
	ASSERT_EQ(zone.nr_free[6], 1);
	ASSERT_EQ(zone.nr_free[5], 2);
	ASSERT_EQ(zone.nr_free[4], 2);
	ASSERT_EQ(zone.nr_free[3], 2);
	ASSERT_EQ(zone.nr_free[0], 1);
	ASSERT_EQ(check_free_lists(&zone), 2999);

	/* Every frame can be had, then none. */
	for (unsigned long i = 0; i < 2999; i++)
		ASSERT(alloc_page(&zone) != NULL);
	ASSERT_EQ(zone.free_pages, 0);
	ASSERT(alloc_page(&zone) == NULL);
	ASSERT(alloc_pages(&zone, 3) == NULL);
	for (unsigned long pfn = 1; pfn < 3000; pfn++)
		put_page(&zone, pfn_to_page(&zone, pfn));
	ASSERT_EQ(zone.free_pages, 2999);
	ASSERT_EQ(zone.nr_free[10], 1);
	ASSERT_EQ(zone.nr_free[9], 2);
	ASSERT_EQ(check_free_lists(&zone), 2999);
	zone_destroy(&zone);
}

static void test_split_and_merge(void)
{
	struct zone zone;
	struct page *p, *q;
	unsigned long before[NR_ORDERS];

	ASSERT_EQ(zone_init(&zone, 2048), 0);
	memcpy(before, zone.nr_free, sizeof(before));

	/* Fresh machine: the lowest PFNs go first. */
	p = alloc_page(&zone);
	ASSERT_EQ(page_to_pfn(&zone, p), 1);
	q = alloc_pages(&zone, 3);
	ASSERT_EQ(page_to_pfn(&zone, q), 8);
	ASSERT_EQ(zone.free_pages, 2047 - 1 - 8);
	ASSERT_EQ(page_ref_count(q), 1);
	ASSERT_EQ(page_mapcount(q), 0);
	ASSERT_EQ(q->flags, 0);
	ASSERT_EQ(q->page_type, PGTY_NONE);
	ASSERT(q->mapping == NULL);
	check_free_lists(&zone);

	/* Freeing merges each block back with its buddies. */
	__free_pages(&zone, q, 3);
	put_page(&zone, p);
	ASSERT_EQ(zone.free_pages, 2047);
	for (unsigned int o = 0; o < NR_ORDERS; o++)
		ASSERT_EQ(zone.nr_free[o], before[o]);
	check_free_lists(&zone);

	/* An order-10 request takes the untouched second block. */
	p = alloc_pages(&zone, MAX_ORDER);
	ASSERT_EQ(page_to_pfn(&zone, p), 1024);
	ASSERT(alloc_pages(&zone, MAX_ORDER) == NULL);
	ASSERT(alloc_pages(&zone, MAX_ORDER + 1) == NULL);
	__free_pages(&zone, p, MAX_ORDER);
	ASSERT_EQ(zone.nr_free[MAX_ORDER], 1);
	zone_destroy(&zone);
}

/* Run a fixed random mix of allocations and frees; log the PFNs. */
static void run_mix(struct zone *zone, unsigned long *log, int n)
{
	struct { struct page *page; unsigned int order; } held[256];
	int nheld = 0;

	rng_state = 0x9e3779b97f4a7c15ULL;
	for (int i = 0; i < n; i++) {
		if (nheld < 256 && (nheld == 0 || rnd() % 3)) {
			unsigned int order = rnd() % 4;
			struct page *page = alloc_pages(zone, order);

			ASSERT(page);
			held[nheld].page = page;
			held[nheld].order = order;
			nheld++;
			log[i] = page_to_pfn(zone, page);
		} else {
			int victim = (int)(rnd() % nheld);

			__free_pages(zone, held[victim].page,
				     held[victim].order);
			held[victim] = held[--nheld];
			log[i] = ~0UL;
		}
	}
	while (nheld--)
		__free_pages(zone, held[nheld].page, held[nheld].order);
}

static void test_determinism(void)
{
	static unsigned long log1[5000], log2[5000];
	struct zone a, b;

	ASSERT_EQ(zone_init(&a, 8192), 0);
	ASSERT_EQ(zone_init(&b, 8192), 0);
	run_mix(&a, log1, 5000);
	run_mix(&b, log2, 5000);
	for (int i = 0; i < 5000; i++)
		ASSERT_HEX(log1[i], log2[i]);
	/* Everything went back: all merged again. */
	ASSERT_EQ(a.free_pages, 8191);
	ASSERT_EQ(a.nr_free[MAX_ORDER], 7);
	check_free_lists(&a);
	zone_destroy(&a);
	zone_destroy(&b);
}

static void test_exact_counts(void)
{
	struct page *held[600];
	unsigned int order[600];
	unsigned long expect;
	struct zone zone;
	int n = 0;

	ASSERT_EQ(zone_init(&zone, 4096), 0);
	expect = zone.free_pages;
	rng_state = 12345;
	for (int round = 0; round < 4000; round++) {
		if (n < 600 && rnd() % 2) {
			order[n] = rnd() % 3;
			held[n] = alloc_pages(&zone, order[n]);
			ASSERT(held[n]);
			expect -= 1UL << order[n];
			n++;
		} else if (n) {
			int v = (int)(rnd() % n);

			__free_pages(&zone, held[v], order[v]);
			expect += 1UL << order[v];
			held[v] = held[--n];
			order[v] = order[n];
		}
		ASSERT_EQ(zone.free_pages, expect);
		if (round % 500 == 0)
			ASSERT_EQ(check_free_lists(&zone), expect);
	}
	while (n--)
		__free_pages(&zone, held[n], order[n]);
	ASSERT_EQ(check_free_lists(&zone), 4095);
	zone_destroy(&zone);
}

static void test_refcount_and_zero_page(void)
{
	struct zone zone;
	struct page *page, *zero;
	unsigned long free_before;

	ASSERT_EQ(zone_init(&zone, 1024), 0);
	free_before = zone.free_pages;
	page = alloc_page(&zone);
	get_page(page);
	put_page(&zone, page);
	ASSERT_EQ(page_ref_count(page), 1);
	ASSERT(!PageBuddy(page));
	ASSERT_EQ(zone.free_pages, free_before - 1);
	put_page(&zone, page);
	ASSERT(PageBuddy(page) || zone.free_pages == free_before);
	ASSERT_EQ(zone.free_pages, free_before);

	/* A freed page comes back clean, whatever it carried. */
	page = alloc_page(&zone);
	SetPageDirty(page);
	SetPageSwapBacked(page);
	page->mapping = (struct address_space *)0x1001;
	page->index = 77;
	page->_mapcount = 3;
	put_page(&zone, page);
	page = alloc_page(&zone);
	ASSERT_EQ(page->flags, 0);
	ASSERT(page->mapping == NULL);
	ASSERT_EQ(page->index, 0);
	ASSERT_EQ(page->_mapcount, -1);
	ASSERT_EQ(page_ref_count(page), 1);
	put_page(&zone, page);

	/* The zero page survives any number of puts. */
	zero = pfn_to_page(&zone, zone.zero_pfn);
	get_page(zero);
	put_page(&zone, zero);
	put_page(&zone, zero);
	put_page(&zone, zero);
	__free_pages(&zone, zero, 0);
	ASSERT_EQ(page_ref_count(zero), 1);
	ASSERT(PageReserved(zero));
	ASSERT_EQ(zero->page_type, PGTY_zero);
	ASSERT_EQ(zone.free_pages, free_before);
	check_free_lists(&zone);
	zone_destroy(&zone);
}

/* An all-zero frame costs no host memory, however it came to be zero. */
static void test_zero_stores_cost_nothing(void)
{
	static const unsigned char zeroes[64], ones[2] = { 1, 1 };
	struct zone zone;
	struct page *a;

	ASSERT_EQ(zone_init(&zone, 64), 0);
	a = alloc_page(&zone);
	ASSERT_EQ(memcpy_to_page(&zone, a, 100, zeroes, sizeof(zeroes)), 0);
	ASSERT(page_contents(a) == NULL);
	ASSERT_EQ(zone.data_pages, 0);
	ASSERT_EQ(memcpy_to_page(&zone, a, 4094, ones, 2), 0);
	ASSERT_EQ(zone.data_pages, 1);
	ASSERT_EQ(((const unsigned char *)page_contents(a))[4095], 1);
	/* Zeroes over the last non-zero bytes give the contents back. */
	ASSERT_EQ(memcpy_to_page(&zone, a, 4064, zeroes, 32), 0);
	ASSERT(page_contents(a) == NULL);
	ASSERT_EQ(zone.data_pages, 0);
	zone_destroy(&zone);
}

static void test_lazy_contents(void)
{
	struct zone zone;
	struct page *a, *b;
	unsigned char *p;
	const unsigned char *c;

	ASSERT_EQ(zone_init(&zone, 1024), 0);
	for (int i = 0; i < 100; i++)
		alloc_page(&zone);
	ASSERT_EQ(zone.data_pages, 0);

	a = alloc_page(&zone);
	b = alloc_page(&zone);
	ASSERT(page_contents(a) == NULL);

	/* Copying a never-written page stays lazy. */
	ASSERT_EQ(copy_user_highpage(&zone, b, a), 0);
	ASSERT(page_contents(b) == NULL);
	ASSERT_EQ(zone.data_pages, 0);

	p = page_address(&zone, a);
	ASSERT(p);
	ASSERT_EQ(zone.data_pages, 1);
	for (int i = 0; i < (int)PAGE_SIZE; i++)
		ASSERT_EQ(p[i], 0);
	ASSERT(page_address(&zone, a) == p);
	ASSERT_EQ(zone.data_pages, 1);
	p[0] = 0xab;
	p[4095] = 0xcd;

	ASSERT_EQ(copy_user_highpage(&zone, b, a), 0);
	ASSERT_EQ(zone.data_pages, 2);
	c = page_contents(b);
	ASSERT(c && c != p);
	ASSERT_EQ(c[0], 0xab);
	ASSERT_EQ(c[4095], 0xcd);

	/* Copying zeroes over data drops the data. */
	clear_user_highpage(&zone, a);
	ASSERT(page_contents(a) == NULL);
	ASSERT_EQ(zone.data_pages, 1);
	ASSERT_EQ(copy_user_highpage(&zone, b, a), 0);
	ASSERT(page_contents(b) == NULL);
	ASSERT_EQ(zone.data_pages, 0);

	/* Freeing a page frees its contents. */
	ASSERT(page_address(&zone, a));
	ASSERT_EQ(zone.data_pages, 1);
	put_page(&zone, a);
	ASSERT_EQ(zone.data_pages, 0);
	ASSERT(page_contents(a) == NULL);
	put_page(&zone, b);
	check_free_lists(&zone);

	/* zone_destroy frees what is still held. */
	ASSERT(page_address(&zone, alloc_page(&zone)));
	zone_destroy(&zone);
}

static void test_large_zone_lists_are_short(void)
{
	struct zone zone;
	unsigned long nr = (4UL << 30) >> PAGE_SHIFT;	/* 4 GiB */

	ASSERT_EQ(zone_init(&zone, nr), 0);
	ASSERT_EQ(zone.free_pages, nr - 1);
	ASSERT_EQ(zone.nr_free[MAX_ORDER], nr / 1024 - 1);
	ASSERT_EQ(zone.data_pages, 0);
	ASSERT_EQ(page_to_pfn(&zone, alloc_page(&zone)), 1);
	zone_destroy(&zone);
}

int main(void)
{
	RUN(test_boot_layout);
	RUN(test_odd_size);
	RUN(test_split_and_merge);
	RUN(test_determinism);
	RUN(test_exact_counts);
	RUN(test_refcount_and_zero_page);
	RUN(test_lazy_contents);
	RUN(test_zero_stores_cost_nothing);
	RUN(test_large_zone_lists_are_short);
	return unit_done();
}
