/*
 * rbtree.c - red-black trees (lib/rbtree.c): rebalancing after insert and
 * erase, with optional augmentation callbacks so a per-subtree value (the
 * VMA tree's rb_subtree_gap, the interval trees' rb_subtree_last) stays
 * correct through every rotation.
 *
 * Red-black properties kept here:
 *  1. every node is red or black;
 *  2. the root is black;
 *  3. a red node has no red child;
 *  4. every path from a node to a NULL leaf holds the same number of
 *     black nodes.
 * So the longest root-to-leaf path is at most twice the shortest and every
 * operation is O(log n).
 *
 * A node's parent pointer and colour share one word: nodes are aligned to
 * sizeof(long), leaving bit 0 free for the colour (1 = black).
 */
#include "rbtree.h"

static void dummy_propagate(struct rb_node *node, struct rb_node *stop) {}
static void dummy_copy(struct rb_node *old, struct rb_node *new) {}
static void dummy_rotate(struct rb_node *old, struct rb_node *new) {}

static const struct rb_augment_callbacks dummy_callbacks = {
	.propagate = dummy_propagate,
	.copy = dummy_copy,
	.rotate = dummy_rotate,
};

static inline struct rb_node *pc_parent(unsigned long pc)
{
	return (struct rb_node *)(pc & ~3UL);
}

static inline int pc_color(unsigned long pc)
{
	return pc & 1;
}

static inline bool node_is_black(const struct rb_node *n)
{
	return pc_color(n->__rb_parent_color) == RB_BLACK;
}

static inline bool node_is_red(const struct rb_node *n)
{
	return !node_is_black(n);
}

/* A red node's word holds just the parent pointer (colour bit 0). */
static inline struct rb_node *red_parent(const struct rb_node *red)
{
	return (struct rb_node *)red->__rb_parent_color;
}

static inline void set_black(struct rb_node *n)
{
	n->__rb_parent_color |= RB_BLACK;
}

static inline void set_parent(struct rb_node *n, struct rb_node *parent)
{
	n->__rb_parent_color = pc_color(n->__rb_parent_color) |
			       (unsigned long)parent;
}

static inline void set_parent_color(struct rb_node *n, struct rb_node *parent,
				    int color)
{
	n->__rb_parent_color = (unsigned long)parent | color;
}

/* Point whatever referred to @old (its parent, or the root) at @new. */
static inline void change_child(struct rb_node *old, struct rb_node *new,
				struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 * Finish a rotation: @new takes @old's parent and colour, @old becomes
 * @new's child with @color.
 */
static inline void rotate_set_parents(struct rb_node *old, struct rb_node *new,
				      struct rb_root *root, int color)
{
	struct rb_node *parent = rb_parent(old);

	new->__rb_parent_color = old->__rb_parent_color;
	set_parent_color(old, new, color);
	change_child(old, new, parent, root);
}

/*
 * Restore the properties after linking red @node as a leaf. The only
 * possible violation is property 3 between @node and its parent; each step
 * either fixes it with at most two rotations, or recolours and moves the
 * violation two levels up.
 */
static void rb_insert_fixup(struct rb_node *node, struct rb_root *root,
			    void (*augment_rotate)(struct rb_node *,
						   struct rb_node *))
{
	struct rb_node *parent = red_parent(node), *gparent, *uncle, *tmp;

	for (;;) {
		if (!parent) {
			/* @node is the root: make it black (property 2). */
			set_parent_color(node, NULL, RB_BLACK);
			return;
		}
		if (node_is_black(parent))
			return;

		/* The parent is red, so it is not the root. */
		gparent = red_parent(parent);
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (uncle && node_is_red(uncle)) {
				/*
				 * Red uncle: push the grandparent's blackness
				 * down to both its children and continue
				 * from the (now red) grandparent.
				 */
				set_parent_color(uncle, gparent, RB_BLACK);
				set_parent_color(parent, gparent, RB_BLACK);
				node = gparent;
				parent = rb_parent(node);
				set_parent_color(node, parent, RB_RED);
				continue;
			}
			if (node == parent->rb_right) {
				/* Inner child: rotate it outwards first. */
				tmp = node->rb_left;
				parent->rb_right = tmp;
				node->rb_left = parent;
				if (tmp)
					set_parent_color(tmp, parent, RB_BLACK);
				set_parent_color(parent, node, RB_RED);
				augment_rotate(parent, node);
				parent = node;
			}
			/* Outer child: rotate the grandparent down. */
			tmp = parent->rb_right;
			gparent->rb_left = tmp;
			parent->rb_right = gparent;
			if (tmp)
				set_parent_color(tmp, gparent, RB_BLACK);
			rotate_set_parents(gparent, parent, root, RB_RED);
			augment_rotate(gparent, parent);
			return;
		}

		/* Mirror image: the parent is a right child. */
		uncle = gparent->rb_left;
		if (uncle && node_is_red(uncle)) {
			set_parent_color(uncle, gparent, RB_BLACK);
			set_parent_color(parent, gparent, RB_BLACK);
			node = gparent;
			parent = rb_parent(node);
			set_parent_color(node, parent, RB_RED);
			continue;
		}
		if (node == parent->rb_left) {
			tmp = node->rb_right;
			parent->rb_left = tmp;
			node->rb_right = parent;
			if (tmp)
				set_parent_color(tmp, parent, RB_BLACK);
			set_parent_color(parent, node, RB_RED);
			augment_rotate(parent, node);
			parent = node;
		}
		tmp = parent->rb_left;
		gparent->rb_right = tmp;
		parent->rb_left = gparent;
		if (tmp)
			set_parent_color(tmp, gparent, RB_BLACK);
		rotate_set_parents(gparent, parent, root, RB_RED);
		augment_rotate(gparent, parent);
		return;
	}
}

/*
 * Restore property 4 after a black node was removed from below @parent:
 * the subtree on the side that lost it (@node, possibly NULL) is one black
 * short. Each step fixes it locally or moves the deficit up one level.
 */
static void rb_erase_fixup(struct rb_node *parent, struct rb_root *root,
			   void (*augment_rotate)(struct rb_node *,
						  struct rb_node *))
{
	struct rb_node *node = NULL, *sibling, *near, *far;

	for (;;) {
		sibling = parent->rb_right;
		if (node != sibling) {
			/* @node is the left child; sibling is not NULL. */
			if (node_is_red(sibling)) {
				/* Red sibling: rotate to get a black one. */
				near = sibling->rb_left;
				parent->rb_right = near;
				sibling->rb_left = parent;
				set_parent_color(near, parent, RB_BLACK);
				rotate_set_parents(parent, sibling, root,
						   RB_RED);
				augment_rotate(parent, sibling);
				sibling = near;
			}
			far = sibling->rb_right;
			if (!far || node_is_black(far)) {
				near = sibling->rb_left;
				if (!near || node_is_black(near)) {
					/*
					 * Black sibling with black children:
					 * make it red so both sides are short,
					 * then fix the parent or move up.
					 */
					set_parent_color(sibling, parent,
							 RB_RED);
					if (node_is_red(parent)) {
						set_black(parent);
					} else {
						node = parent;
						parent = rb_parent(node);
						if (parent)
							continue;
					}
					return;
				}
				/* Red near nephew: rotate it above sibling. */
				far = near->rb_right;
				sibling->rb_left = far;
				near->rb_right = sibling;
				parent->rb_right = near;
				if (far)
					set_parent_color(far, sibling,
							 RB_BLACK);
				augment_rotate(sibling, near);
				far = sibling;
				sibling = near;
			}
			/*
			 * Red far nephew: rotate the parent down on our
			 * side; the sibling takes its place and colour.
			 */
			near = sibling->rb_left;
			parent->rb_right = near;
			sibling->rb_left = parent;
			set_parent_color(far, sibling, RB_BLACK);
			if (near)
				set_parent(near, parent);
			rotate_set_parents(parent, sibling, root, RB_BLACK);
			augment_rotate(parent, sibling);
			return;
		}

		/* Mirror image: @node is the right child. */
		sibling = parent->rb_left;
		if (node_is_red(sibling)) {
			near = sibling->rb_right;
			parent->rb_left = near;
			sibling->rb_right = parent;
			set_parent_color(near, parent, RB_BLACK);
			rotate_set_parents(parent, sibling, root, RB_RED);
			augment_rotate(parent, sibling);
			sibling = near;
		}
		far = sibling->rb_left;
		if (!far || node_is_black(far)) {
			near = sibling->rb_right;
			if (!near || node_is_black(near)) {
				set_parent_color(sibling, parent, RB_RED);
				if (node_is_red(parent)) {
					set_black(parent);
				} else {
					node = parent;
					parent = rb_parent(node);
					if (parent)
						continue;
				}
				return;
			}
			far = near->rb_left;
			sibling->rb_right = far;
			near->rb_left = sibling;
			parent->rb_left = near;
			if (far)
				set_parent_color(far, sibling, RB_BLACK);
			augment_rotate(sibling, near);
			far = sibling;
			sibling = near;
		}
		near = sibling->rb_right;
		parent->rb_left = near;
		sibling->rb_right = parent;
		set_parent_color(far, sibling, RB_BLACK);
		if (near)
			set_parent(near, parent);
		rotate_set_parents(parent, sibling, root, RB_BLACK);
		augment_rotate(parent, sibling);
		return;
	}
}

/*
 * Unlink @node, keeping the augmented values right on every path that
 * changed. Return: the node below which a black node went missing, for
 * rb_erase_fixup(), or NULL when the colours are already fine.
 */
static struct rb_node *rb_unlink(struct rb_node *node, struct rb_root *root,
				 const struct rb_augment_callbacks *augment)
{
	struct rb_node *child = node->rb_right, *left = node->rb_left;
	struct rb_node *parent, *rebalance, *fixed_from;
	unsigned long pc;

	if (!left) {
		/* At most a right child, which is then a red leaf. */
		pc = node->__rb_parent_color;
		parent = pc_parent(pc);
		change_child(node, child, parent, root);
		if (child) {
			child->__rb_parent_color = pc;
			rebalance = NULL;
		} else {
			rebalance = pc_color(pc) == RB_BLACK ? parent : NULL;
		}
		fixed_from = parent;
	} else if (!child) {
		/* Only a left child, necessarily a red leaf. */
		pc = node->__rb_parent_color;
		left->__rb_parent_color = pc;
		parent = pc_parent(pc);
		change_child(node, left, parent, root);
		rebalance = NULL;
		fixed_from = parent;
	} else {
		/*
		 * Two children: the in-order successor (leftmost node of the
		 * right subtree) takes @node's place and colour; the hole is
		 * where the successor was.
		 */
		struct rb_node *successor = child, *child2, *tmp;

		tmp = child->rb_left;
		if (!tmp) {
			parent = successor;
			child2 = successor->rb_right;
			augment->copy(node, successor);
		} else {
			do {
				parent = successor;
				successor = tmp;
				tmp = tmp->rb_left;
			} while (tmp);
			child2 = successor->rb_right;
			parent->rb_left = child2;
			successor->rb_right = child;
			set_parent(child, successor);
			augment->copy(node, successor);
			augment->propagate(parent, successor);
		}
		successor->rb_left = left;
		set_parent(left, successor);
		pc = node->__rb_parent_color;
		change_child(node, successor, pc_parent(pc), root);
		if (child2) {
			set_parent_color(child2, parent, RB_BLACK);
			rebalance = NULL;
		} else {
			rebalance = node_is_black(successor) ? parent : NULL;
		}
		successor->__rb_parent_color = pc;
		fixed_from = successor;
	}
	augment->propagate(fixed_from, NULL);
	return rebalance;
}

/**
 * rb_insert_color() - rebalance after rb_link_node() linked @node.
 * @node: the new leaf
 * @root: its tree
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	rb_insert_fixup(node, root, dummy_rotate);
}

/**
 * rb_erase() - remove @node from @root and rebalance.
 * @node: a node in @root
 * @root: the tree
 */
void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *rebalance = rb_unlink(node, root, &dummy_callbacks);

	if (rebalance)
		rb_erase_fixup(rebalance, root, dummy_rotate);
}

/**
 * rb_insert_augmented() - rebalance an augmented tree after an insert.
 * @node: the new leaf, linked with rb_link_node()
 * @root: the tree
 * @augment: callbacks
 *
 * As in the kernel, the caller has already updated the augmented value of
 * every node on the path down to @node, and set @node's own.
 */
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment)
{
	rb_insert_fixup(node, root, augment->rotate);
}

/**
 * rb_erase_augmented() - remove @node, keeping augmented values right.
 * @node: a node in @root
 * @root: the tree
 * @augment: callbacks
 */
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment)
{
	struct rb_node *rebalance = rb_unlink(node, root, augment);

	if (rebalance)
		rb_erase_fixup(rebalance, root, augment->rotate);
}

/**
 * rb_insert_augmented_cached() - rb_insert_augmented() that also keeps
 * @root->rb_leftmost.
 * @node: the new leaf
 * @root: the tree
 * @leftmost: true when the caller's descent never went right, i.e. @node
 *	is the new smallest node
 * @augment: callbacks
 */
void rb_insert_augmented_cached(struct rb_node *node,
				struct rb_root_cached *root, bool leftmost,
				const struct rb_augment_callbacks *augment)
{
	if (leftmost)
		root->rb_leftmost = node;
	rb_insert_augmented(node, &root->rb_root, augment);
}

/**
 * rb_erase_augmented_cached() - rb_erase_augmented() that also keeps
 * @root->rb_leftmost.
 * @node: a node in @root
 * @root: the tree
 * @augment: callbacks
 */
void rb_erase_augmented_cached(struct rb_node *node,
			       struct rb_root_cached *root,
			       const struct rb_augment_callbacks *augment)
{
	if (root->rb_leftmost == node)
		root->rb_leftmost = rb_next(node);
	rb_erase_augmented(node, &root->rb_root, augment);
}

/**
 * rb_replace_node() - put @new where @victim is, without rebalancing.
 * @victim: node in @root
 * @new: node with the same key (not in any tree)
 * @root: the tree
 */
void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		set_parent(victim->rb_left, new);
	if (victim->rb_right)
		set_parent(victim->rb_right, new);
	change_child(victim, new, parent, root);
}

/** rb_first() - the smallest node of @root, or NULL. */
struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

/** rb_last() - the largest node of @root, or NULL. */
struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

/** rb_next() - the in-order successor of @node, or NULL. */
struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	/* Climb until we come up from a left child. */
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

/** rb_prev() - the in-order predecessor of @node, or NULL. */
struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}
