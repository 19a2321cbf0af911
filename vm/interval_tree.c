/*
 * interval_tree.c - the two interval trees of the reverse map
 * (mm/interval_tree.c): anon_vma_chains in an anon_vma's rb_root, and VMAs
 * in a shmem object's i_mmap. Both are keyed by the page offsets a VMA
 * covers, [vm_pgoff, vm_pgoff + vma_pages - 1], so rmap can ask "which VMAs
 * may map page index I?" in O(log n + matches).
 *
 * Each tree is an augmented rbtree ordered by interval start; every node
 * also records the largest interval end ("last") in its subtree, which lets
 * a search skip subtrees that end before the query begins.
 */
#include "mm.h"

/*
 * INTERVAL_TREE_DEFINE() - generate insert/remove/iter_first/iter_next for
 * one node type (include/linux/interval_tree_generic.h, re-derived).
 * @T: node type, @RB: its struct rb_node member, @SUBLAST: its subtree-last
 * member, @START/@LAST: functions giving a node's interval, @PFX: prefix.
 */
#define INTERVAL_TREE_DEFINE(T, RB, SUBLAST, START, LAST, PFX)		\
									\
static unsigned long PFX##_compute_last(T *node)			\
{									\
	unsigned long max = LAST(node);					\
	T *child;							\
									\
	if (node->RB.rb_left) {						\
		child = rb_entry(node->RB.rb_left, T, RB);		\
		if (child->SUBLAST > max)				\
			max = child->SUBLAST;				\
	}								\
	if (node->RB.rb_right) {					\
		child = rb_entry(node->RB.rb_right, T, RB);		\
		if (child->SUBLAST > max)				\
			max = child->SUBLAST;				\
	}								\
	return max;							\
}									\
									\
static void PFX##_propagate(struct rb_node *rb, struct rb_node *stop)	\
{									\
	while (rb != stop) {						\
		T *node = rb_entry(rb, T, RB);				\
		unsigned long last = PFX##_compute_last(node);		\
									\
		if (node->SUBLAST == last)				\
			break;						\
		node->SUBLAST = last;					\
		rb = rb_parent(&node->RB);				\
	}								\
}									\
									\
static void PFX##_copy(struct rb_node *rb_old, struct rb_node *rb_new)	\
{									\
	rb_entry(rb_new, T, RB)->SUBLAST =				\
		rb_entry(rb_old, T, RB)->SUBLAST;			\
}									\
									\
static void PFX##_rotate(struct rb_node *rb_old,				\
			 struct rb_node *rb_new)			\
{									\
	T *old = rb_entry(rb_old, T, RB);				\
	T *new = rb_entry(rb_new, T, RB);				\
									\
	new->SUBLAST = old->SUBLAST;					\
	old->SUBLAST = PFX##_compute_last(old);				\
}									\
									\
static const struct rb_augment_callbacks PFX##_augment = {		\
	.propagate = PFX##_propagate,					\
	.copy = PFX##_copy,						\
	.rotate = PFX##_rotate,						\
};									\
									\
void PFX##_insert(T *node, struct rb_root_cached *root)		\
{									\
	struct rb_node **link = &root->rb_root.rb_node, *parent = NULL;	\
	unsigned long start = START(node), last = LAST(node);		\
	bool leftmost = true;						\
									\
	while (*link) {							\
		T *cur;							\
									\
		parent = *link;						\
		cur = rb_entry(parent, T, RB);				\
		if (cur->SUBLAST < last)				\
			cur->SUBLAST = last;				\
		if (start < START(cur)) {				\
			link = &parent->rb_left;			\
		} else {						\
			link = &parent->rb_right;			\
			leftmost = false;				\
		}							\
	}								\
	node->SUBLAST = last;						\
	rb_link_node(&node->RB, parent, link);				\
	rb_insert_augmented_cached(&node->RB, root, leftmost,		\
				   &PFX##_augment);			\
}									\
									\
void PFX##_remove(T *node, struct rb_root_cached *root)		\
{									\
	rb_erase_augmented_cached(&node->RB, root, &PFX##_augment);	\
}									\
									\
/*									\
 * The leftmost node of @node's subtree overlapping [start, last], or	\
 * NULL. The caller knows @node->SUBLAST >= start.			\
 */									\
static T *PFX##_subtree_search(T *node, unsigned long start,		\
			       unsigned long last)			\
{									\
	for (;;) {							\
		if (node->RB.rb_left) {					\
			T *left = rb_entry(node->RB.rb_left, T, RB);	\
									\
			/*						\
			 * Something on the left ends late enough: the	\
			 * answer, if any, is there (it starts earlier). \
			 */						\
			if (left->SUBLAST >= start) {			\
				node = left;				\
				continue;				\
			}						\
		}							\
		if (START(node) > last)					\
			return NULL;	/* and so does the rest */	\
		if (start <= LAST(node))				\
			return node;					\
		if (!node->RB.rb_right)					\
			return NULL;					\
		node = rb_entry(node->RB.rb_right, T, RB);		\
		if (node->SUBLAST < start)				\
			return NULL;					\
	}								\
}									\
									\
T *PFX##_iter_first(struct rb_root_cached *root, unsigned long start,	\
		    unsigned long last)					\
{									\
	T *node, *leftmost;						\
									\
	if (!root->rb_root.rb_node)					\
		return NULL;						\
	node = rb_entry(root->rb_root.rb_node, T, RB);			\
	if (node->SUBLAST < start)					\
		return NULL;						\
	leftmost = rb_entry(root->rb_leftmost, T, RB);			\
	if (START(leftmost) > last)					\
		return NULL;						\
	return PFX##_subtree_search(node, start, last);			\
}									\
									\
T *PFX##_iter_next(T *node, unsigned long start, unsigned long last)	\
{									\
	struct rb_node *rb = node->RB.rb_right, *prev;			\
									\
	for (;;) {							\
		/*							\
		 * Everything left of @node and @node itself is done:	\
		 * look in the right subtree, then in the first		\
		 * ancestor we reach from a left child.			\
		 */							\
		if (rb) {						\
			T *right = rb_entry(rb, T, RB);			\
									\
			if (right->SUBLAST >= start)			\
				return PFX##_subtree_search(right,	\
							    start, last); \
		}							\
		do {							\
			rb = rb_parent(&node->RB);			\
			if (!rb)					\
				return NULL;				\
			prev = &node->RB;				\
			node = rb_entry(rb, T, RB);			\
			rb = node->RB.rb_right;				\
		} while (prev == rb);					\
		if (last < START(node))					\
			return NULL;					\
		if (start <= LAST(node))				\
			return node;					\
	}								\
}

/*
 * The generated public functions, for each PFX (anon_vma_interval_tree,
 * vma_interval_tree):
 *
 * PFX_insert(node, root) - add @node keyed by its current pgoff range. The
 *	VMA's vm_pgoff, vm_start and vm_end must not change while it is in
 *	the tree (remove, change, insert again).
 * PFX_remove(node, root) - take @node out.
 * PFX_iter_first(root, start, last) - the node with the smallest start
 *	whose range overlaps [start, last] (inclusive page offsets), or NULL.
 * PFX_iter_next(node, start, last) - the next overlapping node after
 *	@node in ascending start order, or NULL.
 *
 * Locking: machine lock held for writing to insert or remove; read lock
 * suffices to iterate.
 */

static inline unsigned long avc_start_pgoff(struct anon_vma_chain *avc)
{
	return avc->vma->vm_pgoff;
}

static inline unsigned long avc_last_pgoff(struct anon_vma_chain *avc)
{
	return avc->vma->vm_pgoff + vma_pages(avc->vma) - 1;
}

static inline unsigned long vma_start_pgoff(struct vm_area_struct *vma)
{
	return vma->vm_pgoff;
}

static inline unsigned long vma_last_pgoff(struct vm_area_struct *vma)
{
	return vma->vm_pgoff + vma_pages(vma) - 1;
}

INTERVAL_TREE_DEFINE(struct anon_vma_chain, rb, rb_subtree_last,
		     avc_start_pgoff, avc_last_pgoff, anon_vma_interval_tree)

INTERVAL_TREE_DEFINE(struct vm_area_struct, shared.rb, shared.rb_subtree_last,
		     vma_start_pgoff, vma_last_pgoff, vma_interval_tree)
