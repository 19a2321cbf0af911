/*
 * xarray.c - the radix tree behind the page cache (lib/xarray.c, much
 * reduced): 64-slot nodes, a root that grows upwards as larger indices
 * arrive, and three marks propagated to every ancestor so that a search
 * for dirty pages skips clean subtrees whole.
 *
 * Invariant: a node's marks[m] bit i is set iff slot i holds an entry
 * with mark m (leaf) or a node whose marks[m] is non-zero (interior); a
 * node with count 0 is freed at once, so every node in the tree holds
 * something.
 */
#include <errno.h>
#include <stdlib.h>
#include "xarray.h"

/* The largest index a tree whose root has @shift can hold. */
static unsigned long xa_max_index(unsigned int shift)
{
	unsigned int bits = shift + XA_CHUNK_SHIFT;

	return bits >= 64 ? ~0UL : (1UL << bits) - 1;
}

static unsigned int xa_offset(unsigned long index, unsigned int shift)
{
	return (unsigned int)((index >> shift) & XA_CHUNK_MASK);
}

static struct xa_node *xa_node_alloc(unsigned int shift, struct xa_node *parent,
				     unsigned int offset)
{
	struct xa_node *node = calloc(1, sizeof(*node));

	if (node) {
		node->shift = (unsigned char)shift;
		node->parent = parent;
		node->offset = (unsigned char)offset;
	}
	return node;
}

/**
 * xa_load() - the entry at @index, or NULL.
 * @xa: the array
 * @index: the index
 */
void *xa_load(const struct xarray *xa, unsigned long index)
{
	struct xa_node *node = xa->xa_head;

	if (!node || index > xa_max_index(node->shift))
		return NULL;
	for (;;) {
		void *entry = node->slots[xa_offset(index, node->shift)];

		if (!node->shift || !entry)
			return entry;
		node = entry;
	}
}

/* Grow the root until it covers @index. Return 0 or -ENOMEM. */
static int xa_expand(struct xarray *xa, unsigned long index)
{
	struct xa_node *head = xa->xa_head;

	while (index > xa_max_index(head->shift)) {
		struct xa_node *node = xa_node_alloc(head->shift + XA_CHUNK_SHIFT,
						     NULL, 0);

		if (!node)
			return -ENOMEM;
		node->slots[0] = head;
		node->count = 1;
		for (int m = 0; m < XA_MAX_MARKS; m++)
			if (head->marks[m])
				node->marks[m] = 1;
		head->parent = node;
		head->offset = 0;
		xa->xa_head = head = node;
	}
	return 0;
}

/*
 * xa_delete_node - @node became empty: free it and clear its slot in the
 * parent, walking up while parents empty too.
 */
static void xa_delete_node(struct xarray *xa, struct xa_node *node)
{
	while (node && !node->count) {
		struct xa_node *parent = node->parent;

		if (parent) {
			parent->slots[node->offset] = NULL;
			parent->count--;
			for (int m = 0; m < XA_MAX_MARKS; m++)
				parent->marks[m] &= ~(1ULL << node->offset);
		} else {
			xa->xa_head = NULL;
		}
		free(node);
		node = parent;
	}
}

/* Recompute the mark bit of @node in its ancestors after a change below. */
static void xa_mark_propagate(struct xa_node *node, xa_mark_t mark)
{
	while (node->parent) {
		struct xa_node *parent = node->parent;
		uint64_t bit = 1ULL << node->offset;
		bool set = node->marks[mark] != 0;

		if (set == !!(parent->marks[mark] & bit))
			return;
		if (set)
			parent->marks[mark] |= bit;
		else
			parent->marks[mark] &= ~bit;
		node = parent;
	}
}

/**
 * xa_store() - store @entry at @index (NULL erases).
 * @xa: the array
 * @index: the index
 * @entry: a host pointer
 * Return: 0, or -ENOMEM with the array unchanged (but perhaps taller).
 */
int xa_store(struct xarray *xa, unsigned long index, void *entry)
{
	struct xa_node *node;
	unsigned int off;

	if (!entry) {
		xa_erase(xa, index);
		return 0;
	}
	if (!xa->xa_head) {
		unsigned int shift = 0;

		while (index > xa_max_index(shift))
			shift += XA_CHUNK_SHIFT;
		xa->xa_head = xa_node_alloc(shift, NULL, 0);
		if (!xa->xa_head)
			return -ENOMEM;
	} else if (xa_expand(xa, index)) {
		return -ENOMEM;
	}
	node = xa->xa_head;
	while (node->shift) {
		struct xa_node *child;

		off = xa_offset(index, node->shift);
		child = node->slots[off];
		if (!child) {
			child = xa_node_alloc(node->shift - XA_CHUNK_SHIFT,
					      node, off);
			if (!child) {
				xa_delete_node(xa, node);
				return -ENOMEM;
			}
			node->slots[off] = child;
			node->count++;
		}
		node = child;
	}
	off = xa_offset(index, 0);
	if (!node->slots[off])
		node->count++;
	node->slots[off] = entry;
	for (xa_mark_t m = 0; m < XA_MAX_MARKS; m++) {
		if (node->marks[m] & (1ULL << off)) {
			node->marks[m] &= ~(1ULL << off);
			xa_mark_propagate(node, m);
		}
	}
	return 0;
}

/* The leaf node holding @index, or NULL. */
static struct xa_node *xa_leaf(const struct xarray *xa, unsigned long index)
{
	struct xa_node *node = xa->xa_head;

	if (!node || index > xa_max_index(node->shift))
		return NULL;
	while (node && node->shift)
		node = node->slots[xa_offset(index, node->shift)];
	return node;
}

/**
 * xa_erase() - remove the entry at @index with its marks.
 * Return: the entry that was there, or NULL.
 */
void *xa_erase(struct xarray *xa, unsigned long index)
{
	struct xa_node *node = xa_leaf(xa, index);
	unsigned int off = xa_offset(index, 0);
	void *entry;

	if (!node || !(entry = node->slots[off]))
		return NULL;
	node->slots[off] = NULL;
	node->count--;
	for (xa_mark_t m = 0; m < XA_MAX_MARKS; m++) {
		if (node->marks[m] & (1ULL << off)) {
			node->marks[m] &= ~(1ULL << off);
			xa_mark_propagate(node, m);
		}
	}
	xa_delete_node(xa, node);
	return entry;
}

void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *node = xa_leaf(xa, index);
	unsigned int off = xa_offset(index, 0);

	if (!node || !node->slots[off] || (node->marks[mark] & (1ULL << off)))
		return;
	node->marks[mark] |= 1ULL << off;
	xa_mark_propagate(node, mark);
}

void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *node = xa_leaf(xa, index);
	unsigned int off = xa_offset(index, 0);

	if (!node || !(node->marks[mark] & (1ULL << off)))
		return;
	node->marks[mark] &= ~(1ULL << off);
	xa_mark_propagate(node, mark);
}

bool xa_get_mark(const struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *node = xa_leaf(xa, index);

	return node && (node->marks[mark] & (1ULL << xa_offset(index, 0)));
}

bool xa_marked(const struct xarray *xa, xa_mark_t mark)
{
	return xa->xa_head && xa->xa_head->marks[mark];
}

/*
 * xa_find_in - the first matching entry at or after @index in @node's
 * subtree (which covers @index's range), or NULL.
 */
static void *xa_find_in(const struct xa_node *node, unsigned long *indexp,
			unsigned long max, xa_mark_t filter)
{
	unsigned long index = *indexp;
	unsigned long span = node->shift + XA_CHUNK_SHIFT >= 64 ? 0 :
			     XA_CHUNK_SIZE << node->shift;
	unsigned long node_base = span ? index & ~(span - 1) : 0;

	for (unsigned int off = xa_offset(index, node->shift);
	     off < XA_CHUNK_SIZE; off++) {
		unsigned long base = node_base | ((unsigned long)off << node->shift);
		void *entry = node->slots[off];

		if (base > max)
			return NULL;
		if (!entry || (filter != XA_PRESENT &&
			       !(node->marks[filter] & (1ULL << off))))
			continue;
		if (!node->shift) {
			*indexp = base;
			return entry;
		} else {
			unsigned long sub = base > index ? base : index;
			void *found = xa_find_in(entry, &sub, max, filter);

			if (found) {
				*indexp = sub;
				return found;
			}
		}
	}
	return NULL;
}

/**
 * xa_find() - the first entry at index *@indexp or above, at most @max,
 * matching @filter (XA_PRESENT or a mark).
 * Return: the entry (*@indexp set to its index), or NULL.
 */
void *xa_find(const struct xarray *xa, unsigned long *indexp,
	      unsigned long max, xa_mark_t filter)
{
	const struct xa_node *node = xa->xa_head;

	if (!node || *indexp > max || *indexp > xa_max_index(node->shift))
		return NULL;
	return xa_find_in(node, indexp, max, filter);
}

static void xa_free_node(struct xa_node *node)
{
	if (node->shift)
		for (unsigned int i = 0; i < XA_CHUNK_SIZE; i++)
			if (node->slots[i])
				xa_free_node(node->slots[i]);
	free(node);
}

void xa_destroy(struct xarray *xa)
{
	if (xa->xa_head)
		xa_free_node(xa->xa_head);
	xa->xa_head = NULL;
}
