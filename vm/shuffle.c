/*
 * shuffle.c - page allocator randomisation, as mm/shuffle.c does it with
 * CONFIG_SHUFFLE_PAGE_ALLOCATOR and page_alloc.shuffle=1: at boot the
 * free list of the largest order is put in a random order, so which
 * physical frames a workload lands on depends on the machine's --seed.
 *
 * The randomness is a seeded generator, not the host's entropy, so the
 * same --seed always gives the same frames: two mounts with the same
 * options show the same PFNs. Seed 0 (the default) leaves the lists in
 * address order, as a kernel booted without shuffling has them.
 */
#include <errno.h>
#include <stdlib.h>
#include "page_alloc.h"

/* SHUFFLE_ORDER: the kernel shuffles at MAX_PAGE_ORDER granularity. */
#define SHUFFLE_ORDER	MAX_ORDER

/* xorshift64*: small, fast and fully determined by its seed. */
static unsigned long long shuffle_next(unsigned long long *state)
{
	unsigned long long x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/**
 * shuffle_free_memory() - put @zone's order-SHUFFLE_ORDER free blocks in
 * a random order determined by @seed (__shuffle_zone()).
 * @zone: a freshly initialised zone, before any allocation
 * @seed: the machine's --seed; 0 leaves the zone untouched
 *
 * Return: 0, or -ENOMEM if the host cannot hold the temporary index
 * (the zone is then left in address order, still correct).
 * Locking: boot time; nothing else can see the zone yet.
 */
int shuffle_free_memory(struct zone *zone, unsigned long seed)
{
	struct list_head *head = &zone->free_area[SHUFFLE_ORDER];
	unsigned long n = zone->nr_free[SHUFFLE_ORDER], i = 0;
	unsigned long long state;
	struct page **blocks, *page, *tmp;

	if (!seed || n < 2)
		return 0;
	blocks = malloc(n * sizeof(*blocks));
	if (!blocks)
		return -ENOMEM;
	list_for_each_entry_safe(page, tmp, head, lru) {
		list_del(&page->lru);
		blocks[i++] = page;
	}
	/* Fisher-Yates; the state must never be 0 for xorshift. */
	state = (unsigned long long)seed * 0x9e3779b97f4a7c15ULL | 1;
	for (i = n - 1; i > 0; i--) {
		unsigned long j = (unsigned long)(shuffle_next(&state) % (i + 1));

		tmp = blocks[i];
		blocks[i] = blocks[j];
		blocks[j] = tmp;
	}
	for (i = 0; i < n; i++)
		list_add_tail(&blocks[i]->lru, head);
	free(blocks);
	return 0;
}
