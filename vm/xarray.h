/*
 * xarray.h - a radix tree of pointers indexed by unsigned long, with
 * three search marks, shaped after the kernel's include/linux/xarray.h:
 * the page cache (struct address_space->i_pages) keeps its pages here by
 * file offset, and marks the dirty and the writeback ones so that
 * writeback finds them without a walk of every page.
 *
 * The tree has 64 slots a node (XA_CHUNK_SHIFT 6); a node's mark bit i
 * is set when slot i, or anything below it, carries the mark. Entries
 * are host pointers, never NULL; storing NULL erases.
 *
 * Locking: none of its own; its owner's (the machine lock).
 */
#ifndef MMSIM_XARRAY_H
#define MMSIM_XARRAY_H

#include <stdbool.h>
#include <stdint.h>

#define XA_CHUNK_SHIFT	6
#define XA_CHUNK_SIZE	(1UL << XA_CHUNK_SHIFT)
#define XA_CHUNK_MASK	(XA_CHUNK_SIZE - 1)
#define XA_MAX_MARKS	3

typedef unsigned int xa_mark_t;
#define XA_MARK_0	0U
#define XA_MARK_1	1U
#define XA_MARK_2	2U
/* xa_find()'s filter for "any entry", not a mark. */
#define XA_PRESENT	8U

struct xa_node {
	unsigned char shift;		/* bits of index below this node */
	unsigned char offset;		/* slot in the parent */
	unsigned char count;		/* non-NULL slots */
	struct xa_node *parent;
	void *slots[XA_CHUNK_SIZE];
	uint64_t marks[XA_MAX_MARKS];
};

/*
 * struct xarray - the tree. @xa_head is the root node (NULL when empty);
 * it covers indices 0 .. (64 << root->shift) - 1 and grows upwards as
 * larger indices are stored.
 */
struct xarray {
	struct xa_node *xa_head;
};

#define XARRAY_INIT	{ .xa_head = NULL }

static inline void xa_init(struct xarray *xa)
{
	xa->xa_head = NULL;
}

static inline bool xa_empty(const struct xarray *xa)
{
	return xa->xa_head == NULL;
}

/** xa_load() - the entry at @index, or NULL. */
void *xa_load(const struct xarray *xa, unsigned long index);
/**
 * xa_store() - store @entry (not NULL) at @index, replacing what was
 * there; a new entry has no marks.
 * Return: 0, or -ENOMEM when the host has no memory for a node (the
 * tree is unchanged).
 */
int xa_store(struct xarray *xa, unsigned long index, void *entry);
/** xa_erase() - remove the entry at @index. Return: what was there. */
void *xa_erase(struct xarray *xa, unsigned long index);
void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
bool xa_get_mark(const struct xarray *xa, unsigned long index,
		 xa_mark_t mark);
/** xa_marked() - does any entry carry @mark? */
bool xa_marked(const struct xarray *xa, xa_mark_t mark);
/**
 * xa_find() - the first entry at or after *@indexp and at most @max that
 * matches @filter (XA_PRESENT: any entry; else a mark).
 * Return: the entry with *@indexp set to its index, or NULL.
 */
void *xa_find(const struct xarray *xa, unsigned long *indexp,
	      unsigned long max, xa_mark_t filter);
/** xa_destroy() - free every node; the entries themselves are the caller's. */
void xa_destroy(struct xarray *xa);

/* xa_for_each_range: every entry in [start, last], in index order. */
#define xa_for_each_range(xa, index, entry, start, last)		\
	for (index = (start),						\
	     entry = xa_find(xa, &index, last, XA_PRESENT);		\
	     entry;							\
	     entry = (index++ < (last) && index != 0) ?		\
		     xa_find(xa, &index, last, XA_PRESENT) : NULL)
#define xa_for_each(xa, index, entry)					\
	xa_for_each_range(xa, index, entry, 0, ~0UL)
#define xa_for_each_marked(xa, index, entry, mark)			\
	for (index = 0, entry = xa_find(xa, &index, ~0UL, mark);	\
	     entry;							\
	     entry = (index++ != ~0UL) ?				\
		     xa_find(xa, &index, ~0UL, mark) : NULL)

#endif
