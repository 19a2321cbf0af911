/*
 * idr.h - an ID allocator over a radix tree, as the kernel's IDR
 * (include/linux/idr.h, lib/idr.c over the xarray): integer IDs mapped to
 * pointers, O(log n) lookup, cyclic allocation of the lowest free ID at or
 * after a cursor, ordered iteration. kernel/pid.c keeps the PID space in
 * one; so does mmsim (vm/pid.c).
 */
#ifndef MMSIM_IDR_H
#define MMSIM_IDR_H

#include <stdbool.h>
#include <stdint.h>

#define IDR_BITS	6
#define IDR_SLOTS	(1u << IDR_BITS)
/* Four levels of 64 slots: IDs 0 .. 2^24 - 1 (PID_MAX_LIMIT is 2^22). */
#define IDR_LEVELS	4
#define IDR_MAX_ID	((1u << (IDR_BITS * IDR_LEVELS)) - 1)

/*
 * struct idr_node - one node of the tree. In the lowest level a slot
 * holds the ID's pointer; above it, a child node. Bit i of @full is set
 * when slot i can take no new ID: the ID is in use (lowest level) or the
 * child is full (the xarray's inverted XA_FREE_MARK). @used counts the
 * occupied slots, so an empty node can be freed.
 */
struct idr_node {
	uint64_t full;
	unsigned int used;
	void *slots[IDR_SLOTS];
};

/*
 * struct idr - the tree and its allocation cursor (idr_get_cursor(): the
 * ID after the last one allocated), the number of IDs in use, and nodes
 * set aside by idr_preload() so that the next allocation cannot fail.
 */
struct idr {
	struct idr_node *root;
	unsigned int cursor;
	unsigned long count;
	struct idr_node *preload[IDR_LEVELS];
	unsigned int nr_preload;
};

void idr_init(struct idr *idr);
void idr_destroy(struct idr *idr);
int idr_preload(struct idr *idr);
int idr_find_free(const struct idr *idr, unsigned int start, unsigned int end);
int idr_alloc_cyclic(struct idr *idr, void *ptr, unsigned int start,
		     unsigned int end);
void *idr_find(const struct idr *idr, unsigned int id);
void *idr_replace(struct idr *idr, void *ptr, unsigned int id);
void *idr_remove(struct idr *idr, unsigned int id);
void *idr_get_next(const struct idr *idr, unsigned int *id);

#endif
