/*
 * rbtree.h - red-black trees as in the kernel (include/linux/rbtree.h and
 * rbtree_augmented.h): intrusive nodes, caller-driven search and insert,
 * and augmented trees that keep a per-subtree value up to date through
 * propagate/copy/rotate callbacks.
 */
#ifndef MMSIM_RBTREE_H
#define MMSIM_RBTREE_H

#include <stdbool.h>
#include <stddef.h>
#include "list.h"

#define RB_RED		0
#define RB_BLACK	1

struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node *rb_node;
};

/* rb_root plus a cached pointer to the leftmost node (interval trees). */
struct rb_root_cached {
	struct rb_root rb_root;
	struct rb_node *rb_leftmost;
};

#define RB_ROOT		(struct rb_root) { NULL, }
#define RB_ROOT_CACHED	(struct rb_root_cached) { { NULL, }, NULL }
#define rb_parent(r)	((struct rb_node *)((r)->__rb_parent_color & ~3))
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member) \
	({ __typeof__(ptr) ____ptr = (ptr); \
	   ____ptr ? rb_entry(____ptr, type, member) : NULL; })
#define RB_EMPTY_ROOT(root)	((root)->rb_node == NULL)
#define RB_EMPTY_NODE(node) \
	((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node) \
	((node)->__rb_parent_color = (unsigned long)(node))

static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (unsigned long)parent;
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}

/**
 * struct rb_augment_callbacks - keeps an augmented value per subtree
 * @propagate: recompute the value from @node up to (not including) @stop
 * @copy: copy the augmented value from @old to @new
 * @rotate: @new takes @old's place; recompute both
 */
struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_erase(struct rb_node *node, struct rb_root *root);
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment);
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment);
void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root);

struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/* Cached variants used by interval trees. */
void rb_insert_augmented_cached(struct rb_node *node,
				struct rb_root_cached *root, bool leftmost,
				const struct rb_augment_callbacks *augment);
void rb_erase_augmented_cached(struct rb_node *node,
			       struct rb_root_cached *root,
			       const struct rb_augment_callbacks *augment);
#define rb_first_cached(root) (root)->rb_leftmost

#endif
