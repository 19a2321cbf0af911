/*
 * idr.c - the ID allocator of idr.h: a fixed-height radix tree of 64-slot
 * nodes. Level 0 nodes hold the pointers; every node's @full bitmap says
 * which slots can take no new ID, so the search for a free ID skips full
 * subtrees and costs O(levels * slots) whatever the number of IDs, as
 * the xarray's free-mark search does for idr_alloc_cyclic().
 *
 * Invariants (checked by idr_check() callers through idr_get_next()):
 *  - a level-0 slot is non-NULL exactly when its bit in @full is set;
 *  - an inner slot's bit is set exactly when the child exists and its
 *    @full is all ones;
 *  - @used counts the non-NULL slots; a node other than the root with
 *    @used 0 does not exist.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "idr.h"

#define ALL_FULL	(~0ULL)

static unsigned int slot_of(unsigned int id, int level)
{
	return (id >> (IDR_BITS * level)) & (IDR_SLOTS - 1);
}

/* The number of IDs a slot of a level-@level node covers. */
static unsigned long slot_span(int level)
{
	return 1UL << (IDR_BITS * level);
}

/**
 * idr_init() - an empty IDR whose cursor is 0.
 * @idr: the IDR
 */
void idr_init(struct idr *idr)
{
	memset(idr, 0, sizeof(*idr));
}

static void free_subtree(struct idr_node *node, int level)
{
	if (!node)
		return;
	if (level > 0)
		for (unsigned int i = 0; i < IDR_SLOTS; i++)
			free_subtree(node->slots[i], level - 1);
	free(node);
}

/**
 * idr_destroy() - free every node (not the objects the IDs point to).
 * @idr: the IDR
 */
void idr_destroy(struct idr *idr)
{
	free_subtree(idr->root, IDR_LEVELS - 1);
	while (idr->nr_preload)
		free(idr->preload[--idr->nr_preload]);
	idr_init(idr);
}

/**
 * idr_preload() - set aside the nodes one allocation may need, so that
 * the next idr_alloc_cyclic() cannot fail for host memory (as
 * idr_preload() lets alloc_pid() allocate under a spinlock).
 * @idr: the IDR
 * Return: 0, or -ENOMEM when the host has no memory.
 */
int idr_preload(struct idr *idr)
{
	while (idr->nr_preload < IDR_LEVELS) {
		struct idr_node *node = calloc(1, sizeof(*node));

		if (!node)
			return -ENOMEM;
		idr->preload[idr->nr_preload++] = node;
	}
	return 0;
}

static struct idr_node *node_alloc(struct idr *idr)
{
	if (idr->nr_preload)
		return idr->preload[--idr->nr_preload];
	return calloc(1, sizeof(struct idr_node));
}

/*
 * find_free - the lowest free ID >= @start below @node (level @level,
 * covering IDs from @base), or -1.
 */
static long find_free(const struct idr_node *node, int level,
		      unsigned long base, unsigned long start)
{
	unsigned int i = start > base ? slot_of((unsigned int)start, level) : 0;

	if (!node)
		return (long)(start > base ? start : base);
	for (; i < IDR_SLOTS; i++) {
		unsigned long child_base = base + i * slot_span(level);
		long id;

		if (node->full & (1ULL << i))
			continue;
		if (level == 0)
			return (long)(child_base > start ? child_base : start);
		id = find_free(node->slots[i], level - 1, child_base,
			       start > child_base ? start : child_base);
		if (id >= 0)
			return id;
	}
	return -1;
}

/* free_in - the lowest free ID in [@start, @end), or -1. */
static long free_in(const struct idr *idr, unsigned long start,
		    unsigned long end)
{
	long id;

	if (start >= end)
		return -1;
	id = find_free(idr->root, IDR_LEVELS - 1, 0, start);
	return id >= 0 && (unsigned long)id < end ? id : -1;
}

/**
 * idr_find_free() - the ID idr_alloc_cyclic(@idr, .., @start, @end) would
 * hand out, without allocating it.
 * @idr: the IDR
 * @start: the lowest ID allowed
 * @end: one past the highest ID allowed (at most IDR_MAX_ID + 1)
 * Return: the ID, or -ENOSPC when every ID in [@start, @end) is in use.
 */
int idr_find_free(const struct idr *idr, unsigned int start, unsigned int end)
{
	unsigned int from = idr->cursor > start ? idr->cursor : start;
	long id = free_in(idr, from, end);

	if (id < 0)
		id = free_in(idr, start, from);
	return id < 0 ? -ENOSPC : (int)id;
}

/**
 * idr_alloc_cyclic() - map the lowest free ID at or after the cursor
 * (wrapping round to @start) to @ptr, and move the cursor past it.
 * @idr: the IDR
 * @ptr: the object, not NULL
 * @start: the lowest ID allowed
 * @end: one past the highest ID allowed (at most IDR_MAX_ID + 1)
 * Return: the ID, -ENOSPC when none is free, -ENOMEM when the host has
 * no memory for a node (never after idr_preload() succeeded).
 */
int idr_alloc_cyclic(struct idr *idr, void *ptr, unsigned int start,
		     unsigned int end)
{
	struct idr_node *path[IDR_LEVELS];
	struct idr_node **slot = &idr->root;
	int id = idr_find_free(idr, start, end), level;

	if (id < 0)
		return id;
	for (level = IDR_LEVELS - 1; level >= 0; level--) {
		if (!*slot) {
			*slot = node_alloc(idr);
			if (!*slot)
				return -ENOMEM;
			if (level < IDR_LEVELS - 1)
				path[level + 1]->used++;
		}
		path[level] = *slot;
		if (level > 0)
			slot = (struct idr_node **)&(*slot)->slots[slot_of(id, level)];
	}
	path[0]->slots[slot_of(id, 0)] = ptr;
	path[0]->used++;
	/* Mark the slot full, and each parent whose child became full. */
	for (level = 0; level < IDR_LEVELS; level++) {
		path[level]->full |= 1ULL << slot_of(id, level);
		if (path[level]->full != ALL_FULL)
			break;
	}
	idr->cursor = (unsigned int)id + 1;
	idr->count++;
	return id;
}

/**
 * idr_find() - the pointer mapped to @id, or NULL.
 * @idr: the IDR
 * @id: the ID
 */
void *idr_find(const struct idr *idr, unsigned int id)
{
	const struct idr_node *node = idr->root;
	int level;

	if (id > IDR_MAX_ID)
		return NULL;
	for (level = IDR_LEVELS - 1; node && level > 0; level--)
		node = node->slots[slot_of(id, level)];
	return node ? node->slots[slot_of(id, 0)] : NULL;
}

/**
 * idr_replace() - map the allocated @id to @ptr instead (lib/idr.c).
 * @idr: the IDR
 * @ptr: the new pointer (not NULL)
 * @id: an ID that is mapped
 * Return: the old pointer, or NULL when @id is not mapped (nothing changes).
 */
void *idr_replace(struct idr *idr, void *ptr, unsigned int id)
{
	struct idr_node *node = idr->root;
	void *old;
	int level;

	if (id > IDR_MAX_ID)
		return NULL;
	for (level = IDR_LEVELS - 1; node && level > 0; level--)
		node = node->slots[slot_of(id, level)];
	if (!node || !(old = node->slots[slot_of(id, 0)]))
		return NULL;
	node->slots[slot_of(id, 0)] = ptr;
	return old;
}

/**
 * idr_remove() - unmap @id; nodes left empty are freed.
 * @idr: the IDR
 * @id: the ID
 * Return: the pointer that was mapped, or NULL.
 */
void *idr_remove(struct idr *idr, unsigned int id)
{
	struct idr_node *path[IDR_LEVELS];
	struct idr_node *node = idr->root;
	void *ptr;
	int level;

	if (id > IDR_MAX_ID)
		return NULL;
	for (level = IDR_LEVELS - 1; level >= 0; level--) {
		if (!node)
			return NULL;
		path[level] = node;
		if (level > 0)
			node = node->slots[slot_of(id, level)];
	}
	ptr = path[0]->slots[slot_of(id, 0)];
	if (!ptr)
		return NULL;
	path[0]->slots[slot_of(id, 0)] = NULL;
	idr->count--;
	for (level = 0; level < IDR_LEVELS; level++) {
		struct idr_node *n = path[level];

		n->full &= ~(1ULL << slot_of(id, level));
		if (level == 0 || !n->slots[slot_of(id, level)])
			n->used--;
		if (n->used || level == IDR_LEVELS - 1) {
			/* The parents above may have been full: clear them. */
			for (level++; level < IDR_LEVELS; level++)
				path[level]->full &= ~(1ULL << slot_of(id, level));
			break;
		}
		free(n);
		if (level + 1 < IDR_LEVELS)
			path[level + 1]->slots[slot_of(id, level + 1)] = NULL;
		else
			idr->root = NULL;
	}
	return ptr;
}

/* next_used - the lowest used ID >= @start below @node, or -1. */
static long next_used(const struct idr_node *node, int level,
		      unsigned long base, unsigned long start)
{
	unsigned int i = start > base ? slot_of((unsigned int)start, level) : 0;

	for (; node && i < IDR_SLOTS; i++) {
		unsigned long child_base = base + i * slot_span(level);
		long id;

		if (!node->slots[i])
			continue;
		if (level == 0)
			return (long)child_base;
		id = next_used(node->slots[i], level - 1, child_base,
			       start > child_base ? start : child_base);
		if (id >= 0)
			return id;
	}
	return -1;
}

/**
 * idr_get_next() - the lowest used ID at or above *@id (as idr_get_next()
 * walks /proc's PIDs in order for readdir).
 * @idr: the IDR
 * @id: in: where to start; out: the ID found
 * Return: its pointer, or NULL when there is none.
 */
void *idr_get_next(const struct idr *idr, unsigned int *id)
{
	long next;

	if (*id > IDR_MAX_ID)
		return NULL;
	next = next_used(idr->root, IDR_LEVELS - 1, 0, *id);
	if (next < 0)
		return NULL;
	*id = (unsigned int)next;
	return idr_find(idr, *id);
}
