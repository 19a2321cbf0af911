/*
 * test_rbtree.c - unit tests of vm/rbtree.c and vm/interval_tree.c:
 * random inserts and erases checked against a sorted array and the
 * red-black properties, augmented values (max in subtree) after every
 * rotation, the cached leftmost node, and interval-tree queries against a
 * brute-force scan. No machine is booted.
 */
#include <stdlib.h>
#include "unit.h"
#include "../../vm/mm.h"

#define NKEYS 10000

static unsigned long long rng_state;

static unsigned long rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned long)rng_state;
}

struct item {
	struct rb_node rb;
	unsigned long key;
	unsigned long val;		/* augmented: max val in subtree */
	unsigned long subtree_max;
	bool in_tree;
};

static struct item items[NKEYS];

static bool is_black(const struct rb_node *n)
{
	return n->__rb_parent_color & 1;
}

/*
 * Check properties 2-4 and parent links below @n; return the black height.
 * @augmented: also check subtree_max.
 */
static int check_subtree(struct rb_node *n, struct rb_node *parent,
			 bool augmented, unsigned long *count)
{
	int lh, rh;

	if (!n)
		return 1;
	ASSERT(rb_parent(n) == parent);
	if (!is_black(n)) {
		ASSERT(!n->rb_left || is_black(n->rb_left));
		ASSERT(!n->rb_right || is_black(n->rb_right));
	}
	lh = check_subtree(n->rb_left, n, augmented, count);
	rh = check_subtree(n->rb_right, n, augmented, count);
	ASSERT_EQ(lh, rh);
	if (augmented) {
		struct item *it = rb_entry(n, struct item, rb);
		unsigned long max = it->val;

		if (n->rb_left) {
			struct item *l = rb_entry(n->rb_left, struct item, rb);

			if (l->subtree_max > max)
				max = l->subtree_max;
		}
		if (n->rb_right) {
			struct item *r = rb_entry(n->rb_right, struct item,
						  rb);

			if (r->subtree_max > max)
				max = r->subtree_max;
		}
		ASSERT_EQ(it->subtree_max, max);
	}
	(*count)++;
	return lh + is_black(n);
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Tree contents in order must equal the sorted keys of in-tree items. */
static void check_tree(struct rb_root *root, bool augmented)
{
	static unsigned long keys[NKEYS];
	unsigned long n = 0, count = 0, i = 0;
	struct rb_node *node;

	if (root->rb_node) {
		ASSERT(is_black(root->rb_node));
		check_subtree(root->rb_node, NULL, augmented, &count);
	}
	for (int k = 0; k < NKEYS; k++)
		if (items[k].in_tree)
			keys[n++] = items[k].key;
	ASSERT_EQ(count, n);
	qsort(keys, n, sizeof(keys[0]), cmp_ulong);
	for (node = rb_first(root); node; node = rb_next(node))
		ASSERT_EQ(rb_entry(node, struct item, rb)->key, keys[i++]);
	ASSERT_EQ(i, n);
	for (node = rb_last(root); node; node = rb_prev(node))
		ASSERT_EQ(rb_entry(node, struct item, rb)->key, keys[--i]);
	ASSERT_EQ(i, 0);
}

/* Link @it by key (duplicates go right); update subtree_max on the way. */
static void insert_item(struct rb_root *root, struct item *it, bool augmented)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		struct item *cur = rb_entry(*link, struct item, rb);

		parent = *link;
		if (augmented && cur->subtree_max < it->val)
			cur->subtree_max = it->val;
		link = it->key < cur->key ? &parent->rb_left :
					    &parent->rb_right;
	}
	it->subtree_max = it->val;
	rb_link_node(&it->rb, parent, link);
	it->in_tree = true;
}

static unsigned long compute_max(struct item *it)
{
	unsigned long max = it->val;

	if (it->rb.rb_left) {
		struct item *l = rb_entry(it->rb.rb_left, struct item, rb);

		if (l->subtree_max > max)
			max = l->subtree_max;
	}
	if (it->rb.rb_right) {
		struct item *r = rb_entry(it->rb.rb_right, struct item, rb);

		if (r->subtree_max > max)
			max = r->subtree_max;
	}
	return max;
}

static void aug_propagate(struct rb_node *rb, struct rb_node *stop)
{
	while (rb != stop) {
		struct item *it = rb_entry(rb, struct item, rb);
		unsigned long max = compute_max(it);

		if (it->subtree_max == max)
			break;
		it->subtree_max = max;
		rb = rb_parent(rb);
	}
}

static void aug_copy(struct rb_node *old, struct rb_node *new)
{
	rb_entry(new, struct item, rb)->subtree_max =
		rb_entry(old, struct item, rb)->subtree_max;
}

static void aug_rotate(struct rb_node *old, struct rb_node *new)
{
	struct item *o = rb_entry(old, struct item, rb);

	rb_entry(new, struct item, rb)->subtree_max = o->subtree_max;
	o->subtree_max = compute_max(o);
}

static const struct rb_augment_callbacks aug_cb = {
	aug_propagate, aug_copy, aug_rotate
};

static void fill_items(unsigned long seed)
{
	rng_state = seed;
	for (int k = 0; k < NKEYS; k++) {
		items[k].key = rnd() % 50000;	/* some duplicates */
		items[k].val = rnd() % 1000000;
		items[k].in_tree = false;
	}
}

static void test_plain_random(void)
{
	struct rb_root root = RB_ROOT;

	fill_items(1);
	for (int k = 0; k < NKEYS; k++) {
		insert_item(&root, &items[k], false);
		rb_insert_color(&items[k].rb, &root);
		if (k % 1000 == 0)
			check_tree(&root, false);
	}
	check_tree(&root, false);
	/* Erase a random half, then everything. */
	for (int k = 0; k < NKEYS; k++) {
		int v = (int)(rnd() % NKEYS);

		if (!items[v].in_tree)
			continue;
		rb_erase(&items[v].rb, &root);
		items[v].in_tree = false;
		if (k % 1000 == 0)
			check_tree(&root, false);
	}
	check_tree(&root, false);
	for (int k = 0; k < NKEYS; k++) {
		if (items[k].in_tree) {
			rb_erase(&items[k].rb, &root);
			items[k].in_tree = false;
		}
	}
	ASSERT(RB_EMPTY_ROOT(&root));
	ASSERT(rb_first(&root) == NULL);
}

static void test_sequential_keys(void)
{
	struct rb_root root = RB_ROOT;

	/* Ascending then descending inserts: the worst case for balance. */
	for (int k = 0; k < NKEYS; k++) {
		items[k].key = (unsigned long)(k < NKEYS / 2 ? k : 3 * NKEYS - k);
		items[k].val = 0;
		insert_item(&root, &items[k], false);
		rb_insert_color(&items[k].rb, &root);
	}
	check_tree(&root, false);
	for (int k = 0; k < NKEYS; k += 2) {
		rb_erase(&items[k].rb, &root);
		items[k].in_tree = false;
	}
	check_tree(&root, false);
	for (int k = 1; k < NKEYS; k += 2) {
		rb_erase(&items[k].rb, &root);
		items[k].in_tree = false;
	}
	ASSERT(RB_EMPTY_ROOT(&root));
}

static void test_augmented_random(void)
{
	struct rb_root root = RB_ROOT;

	fill_items(2);
	for (int round = 0; round < 4 * NKEYS; round++) {
		int v = (int)(rnd() % NKEYS);

		if (items[v].in_tree) {
			rb_erase_augmented(&items[v].rb, &root, &aug_cb);
			items[v].in_tree = false;
		} else {
			insert_item(&root, &items[v], true);
			rb_insert_augmented(&items[v].rb, &root, &aug_cb);
		}
		if (round % 2000 == 0)
			check_tree(&root, true);
	}
	check_tree(&root, true);
	for (int k = 0; k < NKEYS; k++) {
		if (items[k].in_tree) {
			rb_erase_augmented(&items[k].rb, &root, &aug_cb);
			items[k].in_tree = false;
			if (k % 997 == 0)
				check_tree(&root, true);
		}
	}
	ASSERT(RB_EMPTY_ROOT(&root));
}

static void test_cached_leftmost(void)
{
	struct rb_root_cached root = RB_ROOT_CACHED;

	fill_items(3);
	for (int round = 0; round < 2 * NKEYS; round++) {
		int v = (int)(rnd() % NKEYS);

		if (items[v].in_tree) {
			rb_erase_augmented_cached(&items[v].rb, &root, &aug_cb);
			items[v].in_tree = false;
		} else {
			struct rb_node **link = &root.rb_root.rb_node;
			struct rb_node *parent = NULL;
			bool leftmost = true;

			while (*link) {
				struct item *cur = rb_entry(*link, struct item,
							    rb);

				parent = *link;
				if (cur->subtree_max < items[v].val)
					cur->subtree_max = items[v].val;
				if (items[v].key < cur->key) {
					link = &parent->rb_left;
				} else {
					link = &parent->rb_right;
					leftmost = false;
				}
			}
			items[v].subtree_max = items[v].val;
			items[v].in_tree = true;
			rb_link_node(&items[v].rb, parent, link);
			rb_insert_augmented_cached(&items[v].rb, &root,
						   leftmost, &aug_cb);
		}
		ASSERT(rb_first_cached(&root) == rb_first(&root.rb_root));
	}
	check_tree(&root.rb_root, true);
}

static void test_replace_node(void)
{
	struct rb_root root = RB_ROOT;
	struct item spare;

	for (int k = 0; k < 100; k++) {
		items[k].key = (unsigned long)k * 10;
		insert_item(&root, &items[k], false);
		rb_insert_color(&items[k].rb, &root);
	}
	for (int k = 100; k < NKEYS; k++)
		items[k].in_tree = false;
	spare = items[50];
	rb_replace_node(&items[50].rb, &spare.rb, &root);
	ASSERT(rb_next(&items[49].rb) == &spare.rb);
	ASSERT(rb_prev(&items[51].rb) == &spare.rb);
	items[50].in_tree = false;
	/* check_tree() sees the key through the array: put it back. */
	items[50] = spare;
	rb_replace_node(&spare.rb, &items[50].rb, &root);
	check_tree(&root, false);
}

/* ---- interval trees ---- */

#define NIV 2000

static struct vm_area_struct ivmas[NIV];
static struct anon_vma_chain iavcs[NIV];
static bool iv_in[NIV];

static unsigned long iv_start(int i)
{
	return ivmas[i].vm_pgoff;
}

static unsigned long iv_last(int i)
{
	return ivmas[i].vm_pgoff + vma_pages(&ivmas[i]) - 1;
}

static void make_intervals(void)
{
	rng_state = 4;
	for (int i = 0; i < NIV; i++) {
		unsigned long pages = 1 + rnd() % (i % 10 ? 16 : 4096);

		ivmas[i].vm_pgoff = rnd() % 100000;
		ivmas[i].vm_start = 0x10000000UL + ((unsigned long)i << 24);
		ivmas[i].vm_end = ivmas[i].vm_start + pages * PAGE_SIZE;
		iavcs[i].vma = &ivmas[i];
		iv_in[i] = false;
	}
}

/*
 * Query both trees for [start, last] and compare with a scan: same
 * members, ascending start order.
 */
static void check_query(struct rb_root_cached *avc_root,
			struct rb_root_cached *vma_root, unsigned long start,
			unsigned long last)
{
	static bool hit_avc[NIV], hit_vma[NIV];
	unsigned long prev = 0;
	int expect = 0, got = 0;

	memset(hit_avc, 0, sizeof(hit_avc));
	memset(hit_vma, 0, sizeof(hit_vma));
	for (struct anon_vma_chain *avc = anon_vma_interval_tree_iter_first(
		     avc_root, start, last);
	     avc; avc = anon_vma_interval_tree_iter_next(avc, start, last)) {
		int i = (int)(avc - iavcs);

		ASSERT(!hit_avc[i]);
		hit_avc[i] = true;
		ASSERT(iv_start(i) >= prev);
		prev = iv_start(i);
		got++;
	}
	prev = 0;
	for (struct vm_area_struct *vma = vma_interval_tree_iter_first(
		     vma_root, start, last);
	     vma; vma = vma_interval_tree_iter_next(vma, start, last)) {
		int i = (int)(vma - ivmas);

		ASSERT(!hit_vma[i]);
		hit_vma[i] = true;
		ASSERT(iv_start(i) >= prev);
		prev = iv_start(i);
	}
	for (int i = 0; i < NIV; i++) {
		bool overlap = iv_in[i] && iv_start(i) <= last &&
			       iv_last(i) >= start;

		if (overlap)
			expect++;
		ASSERT_EQ(hit_avc[i], overlap);
		ASSERT_EQ(hit_vma[i], overlap);
	}
	ASSERT_EQ(got, expect);
}

static void test_interval_trees(void)
{
	struct rb_root_cached avc_root = RB_ROOT_CACHED;
	struct rb_root_cached vma_root = RB_ROOT_CACHED;

	make_intervals();
	ASSERT(anon_vma_interval_tree_iter_first(&avc_root, 0, ~0UL) == NULL);
	ASSERT(vma_interval_tree_iter_first(&vma_root, 0, ~0UL) == NULL);
	for (int round = 0; round < 6000; round++) {
		int i = (int)(rnd() % NIV);

		if (iv_in[i]) {
			anon_vma_interval_tree_remove(&iavcs[i], &avc_root);
			vma_interval_tree_remove(&ivmas[i], &vma_root);
		} else {
			anon_vma_interval_tree_insert(&iavcs[i], &avc_root);
			vma_interval_tree_insert(&ivmas[i], &vma_root);
		}
		iv_in[i] = !iv_in[i];
		if (round % 50 == 0) {
			unsigned long s = rnd() % 110000;

			check_query(&avc_root, &vma_root, s, s);
			check_query(&avc_root, &vma_root, s, s + rnd() % 500);
		}
	}
	check_query(&avc_root, &vma_root, 0, ~0UL);
	check_query(&avc_root, &vma_root, 100000 + 5000, ~0UL);
	for (int i = 0; i < NIV; i++) {
		if (iv_in[i]) {
			anon_vma_interval_tree_remove(&iavcs[i], &avc_root);
			vma_interval_tree_remove(&ivmas[i], &vma_root);
			iv_in[i] = false;
		}
	}
	ASSERT(RB_EMPTY_ROOT(&avc_root.rb_root));
	ASSERT(avc_root.rb_leftmost == NULL);
	ASSERT(vma_root.rb_leftmost == NULL);
}

/* The shapes rmap really sees: a parent VMA and its fork children. */
static void test_interval_same_range(void)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	struct anon_vma_chain *avc;
	int n = 0;

	for (int i = 0; i < 8; i++) {
		ivmas[i].vm_start = 0x7ffff7ff0000UL;
		ivmas[i].vm_end = 0x7ffff8000000UL;
		ivmas[i].vm_pgoff = 0x7ffff7ff0UL;
		iavcs[i].vma = &ivmas[i];
		anon_vma_interval_tree_insert(&iavcs[i], &root);
	}
	for (avc = anon_vma_interval_tree_iter_first(&root, 0x7ffff7ff5UL,
						     0x7ffff7ff5UL);
	     avc; avc = anon_vma_interval_tree_iter_next(avc, 0x7ffff7ff5UL,
							 0x7ffff7ff5UL))
		n++;
	ASSERT_EQ(n, 8);
	ASSERT(anon_vma_interval_tree_iter_first(&root, 0x7ffff8000UL,
						 0x7ffff9000UL) == NULL);
	ASSERT(anon_vma_interval_tree_iter_first(&root, 0, 0x7ffff7fefUL) ==
	       NULL);
	for (int i = 0; i < 8; i++)
		anon_vma_interval_tree_remove(&iavcs[i], &root);
	ASSERT(RB_EMPTY_ROOT(&root.rb_root));
}

int main(void)
{
	RUN(test_plain_random);
	RUN(test_sequential_keys);
	RUN(test_augmented_random);
	RUN(test_cached_leftmost);
	RUN(test_replace_node);
	RUN(test_interval_trees);
	RUN(test_interval_same_range);
	return unit_done();
}
