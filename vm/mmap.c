/*
 * mmap.c - the VMA layer's core (mm/mmap.c and mm/vma.c): looking VMAs
 * up, keeping the address-ordered list and the gap-augmented red-black
 * tree in step, choosing where new mappings go, merging and splitting
 * VMAs, and the mmap(2), munmap(2) and brk(2) system calls, stack growth,
 * commit accounting and exit_mmap().
 *
 * Every VMA of an mm sits on two structures at once, as in the kernels
 * before the maple tree:
 *  - the list mm->mmap, linked through vm_next/vm_prev in address order;
 *  - the rbtree mm->mm_rb, keyed by address and augmented with
 *    rb_subtree_gap, the largest free gap below any VMA of the subtree,
 *    which lets get_unmapped_area() find room in O(log n).
 *
 * Merging follows the current kernel's vma_merge_new_range() (a new
 * range next to existing VMAs: mmap, brk, mremap) and
 * vma_merge_existing_range() (part of a VMA changes its flags: mprotect,
 * mlock, madvise). Between them they cover the eight cases of the older
 * vma_merge() comment:
 *
 *     new range (mmap, brk, mremap move):
 *        AAAA               AAAA               AAAA
 *    PPPP    NNNN       PPPP    xxxx       xxxx    NNNN
 *    PPPPPPPPPPPP 1     PPPPPPPPxxxx 2     xxxxNNNNNNNN 3
 *
 *     existing range changing (mprotect, mlock, madvise):
 *        AAAA             AAAA               AAAA          AAAA
 *    PPPPPPNNNNNN    PPPPPPNNNNNN       PPPPCCCCNNNN   PPPPCCCCNNNN
 *    PPNNNNNNNNNN 4  PPPPPPPPPPNN 5     PPPPPPPPPPPP 6 PPPPPPPPNNNN 7
 *                                                      PPPPNNNNNNNN 8
 *
 * Locking: machine lock held for writing, except where a comment says
 * that reading suffices.
 */
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "mm.h"
#include "tlb.h"
#include "swap.h"
#include "pkeys.h"

#ifndef MAP_TYPE
#define MAP_TYPE		0x0f
#endif
#ifndef VM_ACCESS_FLAGS
#define VM_ACCESS_FLAGS		(VM_READ | VM_WRITE | VM_EXEC)
#endif
#define VM_STACK		VM_GROWSDOWN

#define FIRST_USER_ADDRESS	0UL
/* vm.mmap_min_addr: hints below it are raised to it (round_hint_to_min). */
#define MMAP_MIN_ADDR		65536UL
/* x86-64 __TASK_UNMAPPED_BASE(): the bottom-up search starts here. */
#define TASK_UNMAPPED_BASE	PAGE_ALIGN(DEFAULT_MAP_WINDOW / 3)
/* RLIMIT_STACK's default soft limit (8 MiB). */
#define STACK_RLIMIT		(8UL << 20)

static inline struct vm_area_struct *rb_vma(struct rb_node *node)
{
	return node ? rb_entry(node, struct vm_area_struct, vm_rb) : NULL;
}

/* ---- lookup ---- */

/**
 * find_vma() - the first VMA with vm_end > @addr.
 * @mm: address space
 * @addr: user address
 *
 * The last answer is remembered in mm->mmap_cache (the kernel's old
 * per-mm vmacache); the cache is only trusted when it still covers @addr.
 *
 * Return: the VMA, or NULL if none ends above @addr.
 * Locking: read lock suffices (the cache is updated with relaxed atomics).
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma, *found = NULL;
	struct rb_node *node;

	vma = __atomic_load_n(&mm->mmap_cache, __ATOMIC_RELAXED);
	if (vma && vma->vm_start <= addr && addr < vma->vm_end)
		return vma;

	node = mm->mm_rb.rb_node;
	while (node) {
		vma = rb_vma(node);
		if (vma->vm_end > addr) {
			found = vma;
			if (vma->vm_start <= addr)
				break;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	if (found)
		__atomic_store_n(&mm->mmap_cache, found, __ATOMIC_RELAXED);
	return found;
}

/**
 * find_vma_prev() - find_vma(), also giving the VMA before the result.
 * @mm: address space
 * @addr: user address
 * @pprev: set to the VMA preceding the result (the last VMA when there
 *	is no result), or NULL
 *
 * Return: as find_vma(). Locking: read lock suffices.
 */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (vma)
		*pprev = vma->vm_prev;
	else
		*pprev = rb_vma(rb_last(&mm->mm_rb));
	return vma;
}

/**
 * find_vma_intersection() - the first VMA overlapping [@start, @end).
 * Return: the VMA or NULL. Locking: read lock suffices.
 */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	if (vma && end <= vma->vm_start)
		vma = NULL;
	return vma;
}

/**
 * vma_is_initial_heap() - does @vma overlap the brk area [start_brk, brk)?
 * As include/linux/mm.h of 6.x defines it; maps names such a VMA [heap].
 */
bool vma_is_initial_heap(const struct vm_area_struct *vma)
{
	return vma->vm_start < vma->vm_mm->brk &&
	       vma->vm_end > vma->vm_mm->start_brk;
}

/**
 * vma_is_initial_stack() - does @vma hold mm->start_stack? As in
 * include/linux/mm.h of 6.x; maps names such a VMA [stack].
 */
bool vma_is_initial_stack(const struct vm_area_struct *vma)
{
	return vma->vm_start <= vma->vm_mm->start_stack &&
	       vma->vm_end >= vma->vm_mm->start_stack;
}

/* ---- counters and commit accounting ---- */

static bool is_exec_mapping(unsigned long flags)
{
	return (flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC;
}

static bool is_stack_mapping(unsigned long flags)
{
	return (flags & VM_STACK) == VM_STACK;
}

static bool is_data_mapping(unsigned long flags)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE;
}

/**
 * vm_stat_account() - add @npages (may be negative) of a VMA with @flags
 * to total_vm and to one of exec_vm, stack_vm and data_vm, classified as
 * mm/mmap.c does (exec before stack before data).
 */
void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages)
{
	mm->total_vm += npages;
	if (is_exec_mapping(flags))
		mm->exec_vm += npages;
	else if (is_stack_mapping(flags))
		mm->stack_vm += npages;
	else if (is_data_mapping(flags))
		mm->data_vm += npages;
}

/** update_hiwater_vm() - remember total_vm's peak (VmPeak) before it drops. */
void update_hiwater_vm(struct mm_struct *mm)
{
	if (mm->hiwater_vm < mm->total_vm)
		mm->hiwater_vm = mm->total_vm;
}

/** vm_acct_memory() - add @pages to Committed_AS. */
void vm_acct_memory(struct machine *m, long pages)
{
	m->vm_committed_pages += pages;
}

/** vm_unacct_memory() - take @pages off Committed_AS. */
void vm_unacct_memory(struct machine *m, long pages)
{
	m->vm_committed_pages -= pages;
}

/**
 * __vm_enough_memory() - charge @pages to Committed_AS under the
 * overcommit policy (mm/util.c).
 * @mm: the address space asking (its total_vm sizes the user reserve)
 * @pages: pages to commit
 * @cap_sys_admin: nonzero spares the admin reserve (simulated processes
 *	run as root)
 *
 * vm.overcommit_memory 0 (heuristic) refuses only a single request larger
 * than RAM plus swap; 1 never refuses; 2 refuses when the total would
 * reach CommitLimit = RAM * overcommit_ratio / 100 plus swap, less
 * the user reserve (total_vm / 32, at most 1/32 of RAM, at most 128 MiB)
 * and, without @cap_sys_admin, the admin reserve (at most 8 MiB).
 *
 * Return: 0 with @pages charged, or -ENOMEM with nothing charged.
 */
int __vm_enough_memory(struct mm_struct *mm, long pages, int cap_sys_admin)
{
	struct machine *m = mm->machine;
	long totalram = (long)m->zone.nr_pages;
	long allowed, reserve;

	vm_acct_memory(m, pages);
	switch (m->cfg.overcommit_memory) {
	case 1:
		return 0;
	case 2:
		allowed = totalram * m->cfg.overcommit_ratio / 100 +
			  (long)total_swap_pages(m);
		if (!cap_sys_admin) {
			reserve = totalram / 32;
			if (reserve > (8L << (20 - PAGE_SHIFT)))
				reserve = 8L << (20 - PAGE_SHIFT);
			allowed -= reserve;
		}
		reserve = totalram / 32;
		if (reserve > (128L << (20 - PAGE_SHIFT)))
			reserve = 128L << (20 - PAGE_SHIFT);
		if ((long)mm->total_vm / 32 < reserve)
			reserve = (long)mm->total_vm / 32;
		allowed -= reserve;
		if ((long)m->vm_committed_pages < allowed)
			return 0;
		break;
	default:
		if (pages <= totalram + (long)total_swap_pages(m))
			return 0;
		break;
	}
	vm_unacct_memory(m, pages);
	vm_err(m, "not enough memory to commit %lu kB (overcommit_memory %d)",
	       (unsigned long)pages << (PAGE_SHIFT - 10),
	       m->cfg.overcommit_memory);
	return -ENOMEM;
}

/*
 * accountable_mapping - does a mapping with @vm_flags commit memory of
 * its own? Private writable memory does (unless MAP_NORESERVE); shared
 * anonymous memory is charged by shmem instead.
 */
static bool accountable_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

/**
 * vma_wants_writenotify - must the first write to each page of this
 * shared writable mapping fault? When the file wants to hear of it
 * (->page_mkwrite: a file that writes back dirty pages), or soft-dirty
 * tracking is armed. shmem needs neither.
 */
static bool vma_wants_writenotify(const struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->page_mkwrite)
		return true;
	return vma_soft_dirty_enabled(vma);
}

/**
 * vma_page_prot() - the vm_page_prot @vma's flags call for
 * (vma_set_page_prot()): protection_map[] of the flags, downgraded to
 * the private (read-only) variant for a shared writable mapping whose
 * writes must be noticed (vma_wants_writenotify()).
 */
pgprot_t vma_page_prot(const struct vm_area_struct *vma)
{
	unsigned long flags = vma->vm_flags;

	if ((flags & (VM_WRITE | VM_SHARED)) == (VM_WRITE | VM_SHARED) &&
	    vma_wants_writenotify(vma))
		flags &= ~VM_SHARED;
	return vm_get_page_prot(flags);
}

/* ---- the gap-augmented rbtree ---- */

/* The free gap just below @vma (0 when it touches or overlaps its prev). */
static unsigned long vma_compute_gap(const struct vm_area_struct *vma)
{
	unsigned long gap = vm_start_gap(vma);

	if (vma->vm_prev) {
		unsigned long prev_end = vm_end_gap(vma->vm_prev);

		gap = gap > prev_end ? gap - prev_end : 0;
	}
	return gap;
}

static unsigned long vma_compute_subtree_gap(const struct vm_area_struct *vma)
{
	unsigned long max = vma_compute_gap(vma);
	struct vm_area_struct *child;

	child = rb_vma(vma->vm_rb.rb_left);
	if (child && child->rb_subtree_gap > max)
		max = child->rb_subtree_gap;
	child = rb_vma(vma->vm_rb.rb_right);
	if (child && child->rb_subtree_gap > max)
		max = child->rb_subtree_gap;
	return max;
}

/*
 * The augmented callbacks (RB_DECLARE_CALLBACKS_MAX in the kernel). A
 * node's rb_subtree_gap is a function of its own gap (which depends on
 * its list predecessor) and its children's values; propagation stops as
 * soon as a recomputed value is unchanged.
 */
static void vma_gap_propagate(struct rb_node *node, struct rb_node *stop)
{
	while (node != stop) {
		struct vm_area_struct *vma = rb_vma(node);
		unsigned long gap = vma_compute_subtree_gap(vma);

		if (vma->rb_subtree_gap == gap)
			break;
		vma->rb_subtree_gap = gap;
		node = rb_parent(node);
	}
}

static void vma_gap_copy(struct rb_node *old, struct rb_node *new)
{
	rb_vma(new)->rb_subtree_gap = rb_vma(old)->rb_subtree_gap;
}

static void vma_gap_rotate(struct rb_node *old, struct rb_node *new)
{
	rb_vma(new)->rb_subtree_gap = rb_vma(old)->rb_subtree_gap;
	rb_vma(old)->rb_subtree_gap = vma_compute_subtree_gap(rb_vma(old));
}

static const struct rb_augment_callbacks vma_gap_callbacks = {
	.propagate = vma_gap_propagate,
	.copy = vma_gap_copy,
	.rotate = vma_gap_rotate,
};

/*
 * vma_gap_update - @vma's own gap changed (its start moved, or its list
 * predecessor's end did): refresh rb_subtree_gap up to the root.
 */
static void vma_gap_update(struct vm_area_struct *vma)
{
	vma_gap_propagate(&vma->vm_rb, NULL);
}

/*
 * vma_fix_following_gap - @vma's end moved, or @vma left or joined the
 * list: refresh the gap of the VMA now after the position, or
 * highest_vm_end when there is none.
 */
static void vma_fix_following_gap(struct mm_struct *mm,
				  struct vm_area_struct *prev,
				  struct vm_area_struct *next)
{
	if (next)
		vma_gap_update(next);
	else
		mm->highest_vm_end = prev ? vm_end_gap(prev) : 0;
}

/*
 * find_vma_links - where a VMA for [@addr, @end) goes in the tree: the
 * link to fill, its parent, and the VMA that will precede it.
 * Return: 0, or -ENOMEM when an existing VMA overlaps the range.
 */
static int find_vma_links(struct mm_struct *mm, unsigned long addr,
			  unsigned long end, struct vm_area_struct **pprev,
			  struct rb_node ***rb_link, struct rb_node **rb_parent)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;
	struct rb_node *prev = NULL;

	while (*link) {
		struct vm_area_struct *vma = rb_vma(*link);

		parent = *link;
		if (vma->vm_end > addr) {
			if (vma->vm_start < end)
				return -ENOMEM;
			link = &parent->rb_left;
		} else {
			prev = parent;
			link = &parent->rb_right;
		}
	}
	*pprev = rb_vma(prev);
	*rb_link = link;
	*rb_parent = parent;
	return 0;
}

static struct address_space *vma_mapping(const struct vm_area_struct *vma)
{
	return vma->vm_file ? vma->vm_file->f_inode->i_mapping : NULL;
}

/* Put a shared VMA in its object's i_mmap (__vma_link_file). */
static void vma_link_file(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma_mapping(vma);

	if (mapping) {
		vma_interval_tree_insert(vma, &mapping->i_mmap);
		mapping->i_mmap_count++;
	}
}

/* Take a shared VMA out of its object's i_mmap (unlink_file_vma). */
static void vma_unlink_file(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma_mapping(vma);

	if (mapping) {
		vma_interval_tree_remove(vma, &mapping->i_mmap);
		mapping->i_mmap_count--;
	}
}

/**
 * vma_link() - make @vma part of @mm: on the list after its predecessor,
 * in the tree (with gaps and highest_vm_end updated), in its file's
 * i_mmap, and counted in map_count.
 * @mm: address space
 * @vma: VMA not yet linked, not overlapping any VMA of @mm
 *
 * Counters other than map_count (total_vm, ...) are the caller's.
 */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev, *next;
	struct rb_node **rb_link, *rb_parent;

	if (find_vma_links(mm, vma->vm_start, vma->vm_end, &prev, &rb_link,
			   &rb_parent)) {
		fprintf(stderr, "mmsim: BUG: vma_link of 0x%lx-0x%lx over an "
			"existing VMA\n", vma->vm_start, vma->vm_end);
		abort();
	}

	/* The list first: gap computations follow vm_prev. */
	vma->vm_prev = prev;
	next = prev ? prev->vm_next : mm->mmap;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	vma->vm_next = next;
	if (next)
		next->vm_prev = vma;

	/* The follower's gap shrank; then the new node goes in. */
	vma_fix_following_gap(mm, vma, next);
	rb_link_node(&vma->vm_rb, rb_parent, rb_link);
	vma->rb_subtree_gap = 0;
	vma_gap_update(vma);
	rb_insert_augmented(&vma->vm_rb, &mm->mm_rb, &vma_gap_callbacks);

	vma_link_file(vma);
	mm->map_count++;
}

/**
 * vma_unlink() - take @vma off @mm's list, tree and i_mmap, and out of
 * map_count. The VMA itself, its pages and its anon_vma links stay.
 */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;

	/*
	 * Erase while the list is intact: every stored gap is then right,
	 * which the rebalancing callbacks rely on. The follower's own gap
	 * grows once @vma is off the list.
	 */
	rb_erase_augmented(&vma->vm_rb, &mm->mm_rb, &vma_gap_callbacks);
	RB_CLEAR_NODE(&vma->vm_rb);
	if (prev)
		prev->vm_next = next;
	else
		mm->mmap = next;
	if (next)
		next->vm_prev = prev;
	vma->vm_next = vma->vm_prev = NULL;
	vma_fix_following_gap(mm, prev, next);

	vma_unlink_file(vma);
	mm->map_count--;
	if (mm->mmap_cache == vma)
		mm->mmap_cache = NULL;
}

/* ---- VMA structures ---- */

/**
 * vm_area_alloc() - a zeroed VMA belonging to @mm (vma_init()).
 * Return: the VMA or NULL.
 */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma =
		kmem_cache_alloc(kmem_cache_of(mm->machine, KMEM_VM_AREA));

	if (!vma)
		return NULL;
	vma->vm_mm = mm;
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	RB_CLEAR_NODE(&vma->vm_rb);
	RB_CLEAR_NODE(&vma->shared.rb);
	return vma;
}

/**
 * vm_area_dup() - a copy of @orig's attributes (range, flags, pgoff,
 * file and anon_vma pointers), on no list or tree and with no
 * anon_vma_chain: the caller clones the chains (anon_vma_clone or
 * anon_vma_fork) and takes the file reference.
 * Return: the copy or NULL.
 */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *new =
		kmem_cache_alloc(kmem_cache_of(vma_machine(orig), KMEM_VM_AREA));

	if (!new)
		return NULL;
	*new = *orig;
	new->vm_next = new->vm_prev = NULL;
	INIT_LIST_HEAD(&new->anon_vma_chain);
	RB_CLEAR_NODE(&new->vm_rb);
	new->rb_subtree_gap = 0;
	RB_CLEAR_NODE(&new->shared.rb);
	new->shared.rb_subtree_last = 0;
	return new;
}

/** vm_area_free() - free a VMA that is on no list, tree or chain. */
void vm_area_free(struct vm_area_struct *vma)
{
	if (!vma)
		return;
	if (vma->vm_mm && vma->vm_mm->mmap_cache == vma)
		vma->vm_mm->mmap_cache = NULL;
	kmem_cache_free(virt_to_cache(vma), vma);
}

/**
 * insert_vm_struct() - link a VMA made by hand (insert_vm_struct()): its
 * range must be free, and a VM_ACCOUNT VMA is charged first. An
 * anonymous VMA gets vm_pgoff = vm_start >> PAGE_SHIFT.
 * Return: 0 or -ENOMEM.
 */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	ftrace_graph(&mm->machine->trace);
	struct vm_area_struct *prev;
	struct rb_node **rb_link, *rb_parent;

	if (find_vma_links(mm, vma->vm_start, vma->vm_end, &prev, &rb_link,
			   &rb_parent)) {
		vm_err(mm->machine, "0x%lx-0x%lx overlaps an existing mapping",
		       vma->vm_start, vma->vm_end);
		return -ENOMEM;
	}
	if ((vma->vm_flags & VM_ACCOUNT) &&
	    __vm_enough_memory(mm, (long)vma_pages(vma), 1))
		return -ENOMEM;
	if (vma_is_anonymous(vma) && !vma->anon_vma)
		vma->vm_pgoff = vma->vm_start >> PAGE_SHIFT;
	vma_link(mm, vma);
	return 0;
}

/* ---- changing a linked VMA's range ---- */

/*
 * The anon_vma and i_mmap interval trees are keyed by the VMA's page
 * offsets: take the VMA out before its range changes and put it back
 * after (anon_vma_interval_tree_pre/post_update_vma, vma_prepare and
 * vma_complete).
 */
static void vma_prepare_range(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma_mapping(vma);
	struct anon_vma_chain *avc;

	list_for_each_entry(avc, &vma->anon_vma_chain, same_vma)
		anon_vma_interval_tree_remove(avc, &avc->anon_vma->rb_root);
	if (mapping)
		vma_interval_tree_remove(vma, &mapping->i_mmap);
}

static void vma_complete_range(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma_mapping(vma);
	struct anon_vma_chain *avc;

	if (mapping)
		vma_interval_tree_insert(vma, &mapping->i_mmap);
	list_for_each_entry(avc, &vma->anon_vma_chain, same_vma)
		anon_vma_interval_tree_insert(avc, &avc->anon_vma->rb_root);
}

/*
 * vma_set_range - give the linked @vma a new range and pgoff, keeping the
 * interval trees, the gaps and highest_vm_end right. The list order must
 * not change; transient overlaps with neighbours are fine.
 */
static void vma_set_range(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, pgoff_t pgoff)
{
	bool start_moved = vma->vm_start != start;
	bool end_moved = vma->vm_end != end;

	vma_prepare_range(vma);
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	vma_complete_range(vma);

	if (start_moved)
		vma_gap_update(vma);
	if (end_moved)
		vma_fix_following_gap(vma->vm_mm, vma, vma->vm_next);
}

/*
 * remove_merged_vma - @vma's range now belongs to a neighbour that grew
 * over it: unlink it and drop what it held (vma_complete's "remove":
 * its file reference and its anon_vma links, anon_vma_merge()).
 */
static void remove_merged_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	vma_unlink(mm, vma);
	unlink_anon_vmas(vma);
	if (vma->vm_file)
		fput(mm->machine, vma->vm_file);
	vm_area_free(vma);
}

/*
 * dup_anon_vma - @dst grows over pages of @src: if only @src has an
 * anon_vma, @dst must join it so rmap still finds those pages.
 * Return: 0 or -ENOMEM.
 */
static int dup_anon_vma(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	if (src->anon_vma && !dst->anon_vma) {
		dst->anon_vma = src->anon_vma;
		return anon_vma_clone(dst, src);
	}
	return 0;
}

/* ---- merging ---- */

/*
 * vma_is_fork_child - was @vma forked from a parent (so it may map pages
 * still shared with it)? Such a VMA is linked to more than one anon_vma;
 * merging it would spread the parent's anon_vma root lock over more
 * pages, so the kernel refuses.
 */
static bool vma_is_fork_child(const struct vm_area_struct *vma)
{
	return vma && vma->anon_vma && !list_is_singular(&vma->anon_vma_chain);
}

/*
 * is_mergeable_anon_vma - may a range with anon_vma @src_anon join the
 * existing VMA @tgt (is_mergeable_anon_vma() of Linux 6.16 and later)?
 * @src: the VMA the range belongs to now (NULL for a new range)
 * @copied_from: the VMA an mremap move copies from, or NULL
 *
 *  - only the range has an anon_vma: @tgt will join it (dup_anon_vma),
 *    unless the range's VMA is a fork child;
 *  - only @tgt has one: the range will use it, unless @tgt is a fork
 *    child;
 *  - both have one: it must be the same.
 */
static bool is_mergeable_anon_vma(struct vm_area_struct *tgt,
				  struct anon_vma *src_anon,
				  struct vm_area_struct *src,
				  struct vm_area_struct *copied_from)
{
	if (!tgt->anon_vma && src_anon)
		return !vma_is_fork_child(src) &&
		       !vma_is_fork_child(copied_from);
	if (tgt->anon_vma && !src_anon)
		return !vma_is_fork_child(tgt);
	return src_anon == tgt->anon_vma;
}

/* May @a and @b, both merging with a range, also become one VMA? */
static bool anon_vmas_compatible(const struct vm_area_struct *a,
				 const struct vm_area_struct *b)
{
	return !a->anon_vma || !b->anon_vma || a->anon_vma == b->anon_vma;
}

/* Same flags (VM_SOFTDIRTY aside) and the same file? */
static bool is_mergeable_vma(const struct vm_area_struct *vma,
			     unsigned long vm_flags, struct file *file)
{
	return !((vma->vm_flags ^ vm_flags) & ~VM_IGNORE_MERGE) &&
	       vma->vm_file == file;
}

/*
 * struct merge_src - the range that wants to join a neighbour: its
 * flags, file, page offset and anon_vma, the VMA it belongs to (NULL for
 * a new range) and the VMA an mremap copies it from (or NULL).
 */
struct merge_src {
	unsigned long flags;
	struct file *file;
	pgoff_t pgoff;
	struct anon_vma *anon_vma;
	struct vm_area_struct *middle;
	struct vm_area_struct *copied_from;
};

/* May the range, @pglen pages long, join @next from below? */
static bool can_vma_merge_before(struct vm_area_struct *next,
				 const struct merge_src *src, pgoff_t pglen)
{
	return is_mergeable_vma(next, src->flags, src->file) &&
	       is_mergeable_anon_vma(next, src->anon_vma, src->middle,
				     src->copied_from) &&
	       next->vm_pgoff == src->pgoff + pglen;
}

/* ... or join @prev from above? */
static bool can_vma_merge_after(struct vm_area_struct *prev,
				const struct merge_src *src)
{
	return is_mergeable_vma(prev, src->flags, src->file) &&
	       is_mergeable_anon_vma(prev, src->anon_vma, src->middle,
				     src->copied_from) &&
	       prev->vm_pgoff + vma_pages(prev) == src->pgoff;
}

/*
 * vma_merge_new_range - a new range [@start, @end) described by @src is
 * about to be mapped between @prev and @next (the range is free): grow a
 * neighbour over it instead, if one matches (cases 1, 2 and 3). A
 * neighbour that takes pages of an anon_vma it lacks (mremap) joins it.
 * Return: the VMA that now covers the range, or NULL (nothing changed).
 */
static struct vm_area_struct *vma_merge_new_range(
	struct mm_struct *mm, struct vm_area_struct *prev,
	struct vm_area_struct *next, unsigned long start, unsigned long end,
	const struct merge_src *src)
{
	pgoff_t pglen = (end - start) >> PAGE_SHIFT;
	struct vm_area_struct *from = src->copied_from;
	bool left, right;

	if ((src->flags & VM_SPECIAL) || (!prev && !next))
		return NULL;

	left = prev && prev->vm_end == start && can_vma_merge_after(prev, src);
	right = next && next->vm_start == end &&
		can_vma_merge_before(next, src, pglen) &&
		/* prev and next must also suit each other. */
		(!left || anon_vmas_compatible(prev, next));

	if (left && right) {			/* case 1 */
		if (dup_anon_vma(prev, next->anon_vma ? next : from ? from :
				 next))
			return NULL;
		vma_set_range(prev, prev->vm_start, next->vm_end,
			      prev->vm_pgoff);
		prev->vm_flags |= next->vm_flags & VM_SOFTDIRTY;
		remove_merged_vma(mm, next);
		return prev;
	}
	if (left) {				/* case 2 */
		if (from && dup_anon_vma(prev, from))
			return NULL;
		vma_set_range(prev, prev->vm_start, end, prev->vm_pgoff);
		return prev;
	}
	if (right) {				/* case 3 */
		if (from && dup_anon_vma(next, from))
			return NULL;
		vma_set_range(next, start, next->vm_end, next->vm_pgoff - pglen);
		return next;
	}
	return NULL;
}

/*
 * merge_existing_plan - what vma_merge_existing_range() would do if
 * [@start, @end) of @vma took @newflags, @prev_flags standing for the
 * flags @vma->vm_prev will have by then.
 */
enum merge_plan { MERGE_NONE, MERGE_LEFT, MERGE_RIGHT, MERGE_BOTH };

static enum merge_plan merge_existing_plan(struct vm_area_struct *vma,
					   unsigned long start,
					   unsigned long end,
					   unsigned long newflags,
					   unsigned long prev_flags)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;
	bool left_side = start == vma->vm_start;
	bool right_side = end == vma->vm_end;
	struct merge_src src = {
		.flags = newflags,
		.file = vma->vm_file,
		.pgoff = vma->vm_pgoff + ((start - vma->vm_start) >> PAGE_SHIFT),
		.anon_vma = vma->anon_vma,
		.middle = vma,
	};
	pgoff_t pglen = (end - start) >> PAGE_SHIFT;
	bool left = false, right = false;

	if ((newflags & VM_SPECIAL) || (!left_side && !right_side))
		return MERGE_NONE;
	if (left_side && prev && prev->vm_end == start) {
		unsigned long saved = prev->vm_flags;

		prev->vm_flags = prev_flags;
		left = can_vma_merge_after(prev, &src);
		prev->vm_flags = saved;
	}
	if (right_side && next && next->vm_start == end)
		right = can_vma_merge_before(next, &src, pglen) &&
			(!left || anon_vmas_compatible(prev, next));
	if (left && right)
		return MERGE_BOTH;
	return left ? MERGE_LEFT : right ? MERGE_RIGHT : MERGE_NONE;
}

/*
 * vma_merge_existing_range - [@start, @end) of @vma is to take @newflags:
 * if that makes it match a neighbour, move the boundary or join them
 * (cases 4 to 8). The VMA that covers [@start, @end) afterwards keeps
 * its own flags plus the VM_SOFTDIRTY ("sticky") of every VMA it took
 * in; the caller then sets the new flags.
 * Return: that VMA, or NULL when no merge applies (nothing changed).
 */
static struct vm_area_struct *vma_merge_existing_range(
	struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
	unsigned long end, unsigned long newflags)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;
	bool whole = start == vma->vm_start && end == vma->vm_end;
	pgoff_t pglen = (end - start) >> PAGE_SHIFT;
	unsigned long sticky = (newflags | vma->vm_flags) & VM_SOFTDIRTY;
	enum merge_plan plan;

	plan = merge_existing_plan(vma, start, end, newflags,
				   prev ? prev->vm_flags : 0);
	switch (plan) {
	case MERGE_NONE:
		return NULL;
	case MERGE_BOTH:			/* case 6: P+C+N become P */
		if (dup_anon_vma(prev, next->anon_vma ? next : vma))
			return NULL;
		sticky |= next->vm_flags & VM_SOFTDIRTY;
		vma_set_range(prev, prev->vm_start, next->vm_end,
			      prev->vm_pgoff);
		remove_merged_vma(mm, vma);
		remove_merged_vma(mm, next);
		prev->vm_flags |= sticky;
		return prev;
	case MERGE_LEFT:			/* cases 5 and 7 */
		if (dup_anon_vma(prev, vma))
			return NULL;
		vma_set_range(prev, prev->vm_start, end, prev->vm_pgoff);
		if (whole)
			remove_merged_vma(mm, vma);
		else
			vma_set_range(vma, end, vma->vm_end, vma->vm_pgoff +
				      ((end - vma->vm_start) >> PAGE_SHIFT));
		prev->vm_flags |= sticky;
		return prev;
	case MERGE_RIGHT:			/* cases 4 and 8 */
		if (dup_anon_vma(next, vma))
			return NULL;
		if (whole) {
			vma_set_range(next, start, next->vm_end,
				      next->vm_pgoff - pglen);
			remove_merged_vma(mm, vma);
		} else {
			vma_set_range(vma, vma->vm_start, start, vma->vm_pgoff);
			vma_set_range(next, start, next->vm_end,
				      next->vm_pgoff - pglen);
		}
		next->vm_flags |= sticky;
		return next;
	}
	return NULL;
}

/* ---- splitting ---- */

/**
 * __split_vma() - cut @vma in two at @addr; the new VMA (from
 * vm_area_dup, with anon_vma_clone and a file reference) takes the part
 * below @addr if @new_below, else the part above. No map_count check.
 * @mm: address space
 * @vma: linked VMA with vm_start < @addr < vm_end
 * @addr: page-aligned split point
 * @new_below: which side is the new VMA
 *
 * Return: 0 or -ENOMEM (nothing changed).
 */
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long addr, int new_below)
{
	struct vm_area_struct *new;

	new = vm_area_dup(vma);
	if (!new)
		goto out_enomem;
	if (new_below) {
		new->vm_end = addr;
	} else {
		new->vm_start = addr;
		new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	}
	if (anon_vma_clone(new, vma)) {
		vm_area_free(new);
		goto out_enomem;
	}
	if (new->vm_file)
		get_file(new->vm_file);

	if (new_below)
		vma_set_range(vma, addr, vma->vm_end, vma->vm_pgoff +
			      ((addr - new->vm_start) >> PAGE_SHIFT));
	else
		vma_set_range(vma, vma->vm_start, addr, vma->vm_pgoff);
	vma_link(mm, new);
	return 0;

out_enomem:
	vm_err(mm->machine, "out of memory splitting 0x%lx-0x%lx",
	       vma->vm_start, vma->vm_end);
	return -ENOMEM;
}

/**
 * split_vma() - __split_vma(), refused with -ENOMEM when @mm already has
 * max_map_count VMAs.
 */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr, int new_below)
{
	if (mm->map_count >= mm->machine->cfg.max_map_count) {
		vm_err(mm->machine, "too many mappings (max_map_count %d)",
		       mm->machine->cfg.max_map_count);
		return -ENOMEM;
	}
	return __split_vma(mm, vma, addr, new_below);
}

/**
 * vma_modify_flags() - prepare [@start, @end) of *@vmap to take
 * @newflags (vma_modify()): merge with a neighbour if the new flags make
 * them match, else split off the parts outside the range.
 * @vmap: in: the VMA holding the range; out: the VMA now covering
 *	exactly the range (or more of it, after a merge)
 * @start, @end: page-aligned subrange of the VMA
 * @newflags: the flags the range is about to get; a merge adds the
 *	VM_SOFTDIRTY of the VMAs it joined (a "sticky" flag)
 *
 * The caller then sets vm_flags (and vm_page_prot) of *@vmap to
 * *@newflags.
 *
 * Return: 0 or -ENOMEM (from a split).
 */
int vma_modify_flags(struct vm_area_struct **vmap, unsigned long start,
		     unsigned long end, unsigned long *newflags)
{
	struct vm_area_struct *vma = *vmap, *merged;
	struct mm_struct *mm = vma->vm_mm;
	int err;

	merged = vma_merge_existing_range(mm, vma, start, end, *newflags);
	if (merged) {
		*newflags |= merged->vm_flags & VM_SOFTDIRTY;
		*vmap = merged;
		return 0;
	}
	if (vma->vm_start < start) {
		err = split_vma(mm, vma, start, 1);
		if (err)
			return err;
	}
	if (vma->vm_end > end) {
		err = split_vma(mm, vma, end, 0);
		if (err)
			return err;
	}
	return 0;
}

/**
 * vma_check_mapped() - is every page of [@start, @end) in some VMA?
 * Return: 0, or -ENOMEM with the reason recorded.
 * Locking: read lock suffices.
 */
int vma_check_mapped(struct mm_struct *mm, unsigned long start,
		     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	unsigned long addr = start;

	for (; addr < end; vma = vma->vm_next) {
		if (!vma || vma->vm_start > addr) {
			vm_err(mm->machine, "0x%lx-0x%lx is not fully mapped",
			       start, end);
			return -ENOMEM;
		}
		addr = vma->vm_end;
	}
	return 0;
}

/**
 * vma_modify_precheck() - would giving [@start, @end) new flags need
 * more splits than max_map_count allows? Lets mprotect, mlock and
 * madvise refuse before changing anything.
 * @mm: address space; [@start, @end) must be fully mapped
 * @start, @end: page-aligned range
 * @newflags: the flags each VMA of the range would get
 * @arg: passed to @newflags
 *
 * Predicts the merges exactly for the first VMA of the range (and for a
 * later one given its predecessor's new flags), as vma_modify() will do
 * them, and counts the splits left. Each split_vma() refuses when
 * map_count has reached max_map_count, so the last of n splits needs
 * map_count + n - 1 below the limit.
 *
 * Return: 0, or -ENOMEM with the reason recorded.
 */
int vma_modify_precheck(struct mm_struct *mm, unsigned long start,
			unsigned long end,
			unsigned long (*newflags)(struct vm_area_struct *vma,
						  void *arg),
			void *arg)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	unsigned long prev_new = 0;
	int splits = 0;

	if (vma && vma->vm_prev)
		prev_new = vma->vm_prev->vm_flags;
	for (; vma && vma->vm_start < end; vma = vma->vm_next) {
		unsigned long s = start > vma->vm_start ? start : vma->vm_start;
		unsigned long e = end < vma->vm_end ? end : vma->vm_end;
		unsigned long nf = newflags(vma, arg);
		enum merge_plan plan;

		if (nf == vma->vm_flags) {
			prev_new = vma->vm_flags;
			continue;
		}
		if (s > vma->vm_start || e < vma->vm_end) {
			plan = merge_existing_plan(vma, s, e, nf, prev_new);
			if (plan == MERGE_NONE)
				splits += (s > vma->vm_start) +
					  (e < vma->vm_end);
		}
		prev_new = nf;
	}
	if (splits && mm->map_count + splits - 1 >=
		      mm->machine->cfg.max_map_count) {
		vm_err(mm->machine, "too many mappings (max_map_count %d)",
		       mm->machine->cfg.max_map_count);
		return -ENOMEM;
	}
	return 0;
}

/**
 * vma_merge_extend() - grow @vma by @delta bytes at its end (mremap in
 * place), merging with the following VMA if they then touch and match.
 * The space must be free. Return: the VMA covering the grown range.
 */
struct vm_area_struct *vma_merge_extend(struct vm_area_struct *vma,
					unsigned long delta)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long end = vma->vm_end + delta;
	struct vm_area_struct *next = vma->vm_next;
	struct vm_area_struct *merged;

	struct merge_src src = {
		.flags = vma->vm_flags,
		.file = vma->vm_file,
		.pgoff = vma->vm_pgoff + vma_pages(vma),
		.anon_vma = vma->anon_vma,
	};

	merged = vma_merge_new_range(mm, vma, next, vma->vm_end, end, &src);
	if (merged)
		return merged;
	/* A VM_SPECIAL VMA cannot merge; grow it by hand. */
	vma_set_range(vma, vma->vm_start, end, vma->vm_pgoff);
	return vma;
}

/**
 * copy_vma_prepare() - the part of copy_vma() that can fail, done before
 * mremap's point of no return: a copy of @vma for [@addr, @addr + @len)
 * at page offset @pgoff, with @vma's anon_vma links (anon_vma_clone()),
 * on no list or tree of the mm yet.
 * @vma: the VMA the pages move from
 * @addr, @len: the destination range (it may still be mapped: mremap
 *	unmaps it afterwards)
 * @pgoff: page offset for @addr (the source's offset, so rmap's
 *	page->index stays valid)
 *
 * Return: the copy for copy_vma(), or NULL when out of host memory.
 */
struct vm_area_struct *copy_vma_prepare(struct vm_area_struct *vma,
					unsigned long addr, unsigned long len,
					pgoff_t pgoff)
{
	struct vm_area_struct *new_vma;

	/*
	 * An anonymous VMA that has never faulted has no pages whose index
	 * must be kept: let it take the offset of its new place, so it can
	 * merge there.
	 */
	if (vma_is_anonymous(vma) && !vma->anon_vma)
		pgoff = addr >> PAGE_SHIFT;

	new_vma = vm_area_dup(vma);
	if (!new_vma)
		goto out_enomem;
	new_vma->vm_start = addr;
	new_vma->vm_end = addr + len;
	new_vma->vm_pgoff = pgoff;
	if (anon_vma_clone(new_vma, vma)) {
		vm_area_free(new_vma);
		goto out_enomem;
	}
	return new_vma;

out_enomem:
	vm_err(vma_machine(vma), "out of memory for a VMA");
	return NULL;
}

/**
 * copy_vma_discard() - drop a copy_vma_prepare() copy that is not used.
 * @new_vma: the unlinked copy
 */
void copy_vma_discard(struct vm_area_struct *new_vma)
{
	unlink_anon_vmas(new_vma);
	vm_area_free(new_vma);
}

/**
 * copy_vma() - the VMA mremap moves pages into: the destination range of
 * @new_vma merged into a neighbour when possible, else @new_vma itself,
 * linked with a file reference. Cannot fail.
 * @vmap: the source VMA; if the source itself was merged into the
 *	result (only possible before its first fault), updated to it
 * @new_vma: from copy_vma_prepare(); its range must be free now. It is
 *	consumed: linked, or discarded after a merge.
 *
 * Return: the destination VMA.
 */
struct vm_area_struct *copy_vma(struct vm_area_struct **vmap,
				struct vm_area_struct *new_vma)
{
	struct vm_area_struct *vma = *vmap, *merged, *prev, *next;
	struct mm_struct *mm = vma->vm_mm;
	unsigned long vma_start = vma->vm_start;
	struct merge_src src = {
		.flags = new_vma->vm_flags,
		.file = new_vma->vm_file,
		.pgoff = new_vma->vm_pgoff,
		.anon_vma = new_vma->anon_vma,
		.copied_from = vma,
	};

	next = find_vma_prev(mm, new_vma->vm_start, &prev);
	merged = vma_merge_new_range(mm, prev, next, new_vma->vm_start,
				     new_vma->vm_end, &src);
	if (merged) {
		copy_vma_discard(new_vma);
		if (vma_start >= merged->vm_start &&
		    vma_start < merged->vm_end)
			*vmap = merged;
		return merged;
	}
	if (new_vma->vm_file)
		get_file(new_vma->vm_file);
	vma_link(mm, new_vma);
	return new_vma;
}

/* ---- get_unmapped_area ---- */

/*
 * unmapped_area_topdown - the highest address in [low_limit, high_limit)
 * with @length free bytes below the next VMA's vm_start_gap(), found
 * through rb_subtree_gap (mm/mmap.c before the maple tree).
 * Return: the address or -ENOMEM.
 */
static unsigned long unmapped_area_topdown(struct mm_struct *mm,
					   unsigned long length,
					   unsigned long low_limit,
					   unsigned long high_limit)
{
	struct vm_area_struct *vma;
	unsigned long gap_start, gap_end;
	unsigned long high = high_limit;

	if (length > high)
		return -ENOMEM;
	high -= length;			/* highest acceptable gap_start */
	if (low_limit > high)
		return -ENOMEM;
	low_limit += length;		/* lowest acceptable gap_end */

	/* The gap above the last VMA is not in the tree. */
	gap_start = mm->highest_vm_end;
	if (gap_start <= high) {
		gap_end = high_limit;
		goto found_highest;
	}

	vma = rb_vma(mm->mm_rb.rb_node);
	if (!vma || vma->rb_subtree_gap < length)
		return -ENOMEM;

	for (;;) {
		/* Visit right subtree if it looks promising. */
		gap_start = vma->vm_prev ? vm_end_gap(vma->vm_prev) : 0;
		if (gap_start <= high && vma->vm_rb.rb_right) {
			struct vm_area_struct *right =
				rb_vma(vma->vm_rb.rb_right);

			if (right->rb_subtree_gap >= length) {
				vma = right;
				continue;
			}
		}
check_current:
		/* Check if the current node has a suitable gap. */
		gap_end = vm_start_gap(vma);
		if (gap_end < low_limit)
			return -ENOMEM;
		if (gap_start <= high && gap_end > gap_start &&
		    gap_end - gap_start >= length)
			goto found;

		/* Visit left subtree if it looks promising. */
		if (vma->vm_rb.rb_left) {
			struct vm_area_struct *left =
				rb_vma(vma->vm_rb.rb_left);

			if (left->rb_subtree_gap >= length) {
				vma = left;
				continue;
			}
		}
		/* Go back up the tree, to the first node we came from the right of. */
		for (;;) {
			struct rb_node *prev = &vma->vm_rb;

			if (!rb_parent(prev))
				return -ENOMEM;
			vma = rb_vma(rb_parent(prev));
			if (prev == vma->vm_rb.rb_right) {
				gap_start = vma->vm_prev ?
					    vm_end_gap(vma->vm_prev) : 0;
				goto check_current;
			}
		}
	}
found:
	if (gap_end > high_limit)
		gap_end = high_limit;
found_highest:
	return gap_end - length;
}

/*
 * unmapped_area - the lowest address in [low_limit, high_limit) with
 * @length free bytes, for the bottom-up fallback.
 * Return: the address or -ENOMEM.
 */
static unsigned long unmapped_area(struct mm_struct *mm, unsigned long length,
				   unsigned long low_limit,
				   unsigned long high_limit)
{
	struct vm_area_struct *vma;
	unsigned long gap_start, gap_end;
	unsigned long high, low;

	if (high_limit < length)
		return -ENOMEM;
	high = high_limit - length;	/* highest acceptable gap_start */
	if (low_limit > high)
		return -ENOMEM;

	low = low_limit + length;	/* lowest acceptable gap_end */

	vma = rb_vma(mm->mm_rb.rb_node);
	if (!vma || vma->rb_subtree_gap < length)
		goto check_highest;

	for (;;) {
		/* Visit left subtree if it looks promising. */
		gap_end = vm_start_gap(vma);
		if (gap_end >= low && vma->vm_rb.rb_left) {
			struct vm_area_struct *left =
				rb_vma(vma->vm_rb.rb_left);

			if (left->rb_subtree_gap >= length) {
				vma = left;
				continue;
			}
		}
		gap_start = vma->vm_prev ? vm_end_gap(vma->vm_prev) : 0;
check_current:
		if (gap_start > high)
			return -ENOMEM;
		if (gap_end >= low && gap_end > gap_start &&
		    gap_end - gap_start >= length)
			goto found;

		/* Visit right subtree if it looks promising. */
		if (vma->vm_rb.rb_right) {
			struct vm_area_struct *right =
				rb_vma(vma->vm_rb.rb_right);

			if (right->rb_subtree_gap >= length) {
				vma = right;
				continue;
			}
		}
		/* Go back up the tree, to the first node we came from the left of. */
		for (;;) {
			struct rb_node *prev = &vma->vm_rb;

			if (!rb_parent(prev))
				goto check_highest;
			vma = rb_vma(rb_parent(prev));
			if (prev == vma->vm_rb.rb_left) {
				gap_start = vm_end_gap(vma->vm_prev);
				gap_end = vm_start_gap(vma);
				goto check_current;
			}
		}
	}
check_highest:
	gap_start = mm->highest_vm_end;
	if (gap_start > high)
		return -ENOMEM;
found:
	if (gap_start < low_limit)
		gap_start = low_limit;
	return gap_start;
}

/*
 * mmap_address_hint_valid() - arch/x86/mm/mmap.c's: a hint is taken only
 * if [addr, addr + len) fits below the mm's task_size (x86's TASK_SIZE)
 * and lies wholly on one side of DEFAULT_MAP_WINDOW (a range may not
 * straddle the 47-bit boundary). On a 4-level machine task_size is the
 * window, so a hint above it is never valid.
 */
static bool mmap_address_hint_valid(struct mm_struct *mm, unsigned long addr,
				    unsigned long len)
{
	if (mm->task_size - len < addr)
		return false;
	return (addr > DEFAULT_MAP_WINDOW) == (addr + len > DEFAULT_MAP_WINDOW);
}

/*
 * arch_get_unmapped_area_topdown - x86-64's policy: MAP_FIXED as given;
 * a valid free hint as given; else top-down below mmap_base, falling back
 * to a bottom-up search from TASK_UNMAPPED_BASE. A hint above
 * DEFAULT_MAP_WINDOW, valid or not, opens the whole address space: the
 * search's high limit rises by TASK_SIZE_MAX (task_size) -
 * DEFAULT_MAP_WINDOW (0 on a 4-level machine, so there the hint is just
 * ignored), and the bottom-up fallback ends at TASK_SIZE_MAX
 * (task_size_64bit(1)); without such a
 * hint everything stays in the 47-bit window, as on Linux with LA57.
 */
static unsigned long arch_get_unmapped_area_topdown(struct mm_struct *mm,
						    unsigned long addr,
						    unsigned long len,
						    unsigned long flags)
{
	unsigned long high_limit = mm->mmap_base, end = DEFAULT_MAP_WINDOW;
	struct vm_area_struct *vma;
	unsigned long ret;

	if (len > mm->task_size)
		return -ENOMEM;
	if (flags & MAP_FIXED)
		return addr;
	if (addr) {
		addr &= PAGE_MASK;
		if (mmap_address_hint_valid(mm, addr, len)) {
			vma = find_vma(mm, addr);
			if (!vma || addr + len <= vm_start_gap(vma))
				return addr;
		}
	}
	if (addr > DEFAULT_MAP_WINDOW) {
		high_limit += mm->task_size - DEFAULT_MAP_WINDOW;
		end = mm->task_size;
	}
	/* vm_unmapped_area() with VM_UNMAPPED_AREA_TOPDOWN (flags 1) */
	ret = unmapped_area_topdown(mm, len, PAGE_SIZE, high_limit);
	trace_vm_unmapped_area(&mm->machine->trace, ret, mm->total_vm, 1UL,
			       len, PAGE_SIZE, high_limit, 0UL, 0UL);
	if (!IS_ERR_VALUE(ret))
		return ret;
	/*
	 * A failed mmap() very likely ends the application: try bottom-up
	 * from TASK_UNMAPPED_BASE before giving up (arch_get_unmapped_area).
	 */
	ret = unmapped_area(mm, len, TASK_UNMAPPED_BASE, end);
	trace_vm_unmapped_area(&mm->machine->trace, ret, mm->total_vm, 0UL,
			       len, TASK_UNMAPPED_BASE, end, 0UL, 0UL);
	return ret;
}

/*
 * thp_get_unmapped_area - a private anonymous mapping whose length is a
 * multiple of PMD_SIZE is placed PMD-aligned, so it could be backed by
 * huge pages (__thp_get_unmapped_area, CONFIG_TRANSPARENT_HUGEPAGE): the
 * search asks for PMD_SIZE more and aligns inside that; when it was
 * aligned already the upper half is taken, keeping the mapping high.
 * Return: the address, or 0 to retry without the padding.
 */
static unsigned long thp_get_unmapped_area(struct mm_struct *mm,
					   unsigned long addr,
					   unsigned long len,
					   unsigned long off,
					   unsigned long flags)
{
	unsigned long len_pad = len + PMD_SIZE, ret, off_sub;
	unsigned long off_end = off + len;
	unsigned long off_align = (off + PMD_SIZE - 1) & ~(PMD_SIZE - 1);

	/* Only a range that can hold a whole aligned huge page. */
	if (off_end <= off_align || off_end - off_align < PMD_SIZE)
		return 0;
	if (len_pad < len || off + len_pad < off)
		return 0;
	ret = arch_get_unmapped_area_topdown(mm, addr, len_pad, flags);
	if (IS_ERR_VALUE(ret))
		return 0;
	/* A hint that was free is honoured as it is. */
	if (addr && ret == addr)
		return addr;
	off_sub = (off - ret) & (PMD_SIZE - 1);
	if (!off_sub)
		return ret + PMD_SIZE;
	return ret + off_sub;
}

/**
 * get_unmapped_area() - choose where a mapping of @len bytes goes
 * (__get_unmapped_area()).
 * @mm: address space
 * @addr: the hint, or the address with MAP_FIXED
 * @len: page-aligned length
 * @pgoff: ignored for anonymous memory, as in the kernel
 * @flags: MAP_* flags (MAP_FIXED, MAP_SHARED)
 *
 * Private anonymous mappings without a hint and a length that is a
 * multiple of 2 MiB are PMD-aligned as a THP-enabled x86-64 kernel does;
 * everything else goes as arch_get_unmapped_area_topdown() puts it.
 *
 * Return: the address; -ENOMEM when nothing fits or the range leaves
 * the user address space; -EINVAL for an unaligned MAP_FIXED address.
 * Locking: read lock suffices.
 */
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr,
				unsigned long len, unsigned long pgoff,
				unsigned long flags)
{
	ftrace_graph(&mm->machine->trace);
	return __get_unmapped_area(mm, NULL, addr, len, pgoff, flags);
}

/**
 * __get_unmapped_area() - get_unmapped_area() for a mapping of @file
 * (NULL: anonymous memory) at page offset @pgoff. A file that is not
 * shmem is placed as ext4's thp_get_unmapped_area() places it: a range
 * holding a whole 2 MiB-aligned stretch of the file is put where that
 * stretch lands PMD-aligned. Return: as get_unmapped_area().
 */
unsigned long __get_unmapped_area(struct mm_struct *mm, struct file *file,
				  unsigned long addr, unsigned long len,
				  unsigned long pgoff, unsigned long flags)
{
	ftrace_graph(&mm->machine->trace);
	struct machine *m = mm->machine;

	unsigned long ret = 0;

	if (len > mm->task_size) {
		vm_err(m, "length 0x%lx exceeds the user address space", len);
		return -ENOMEM;
	}
	if (file && !shmem_mapping(file->f_mapping)) {
		if (!(flags & MAP_FIXED))
			ret = thp_get_unmapped_area(mm, addr, len,
						    pgoff << PAGE_SHIFT, flags);
	} else if (!file && !(flags & (MAP_SHARED | MAP_FIXED)) && !addr &&
		   !(len & (PMD_SIZE - 1))) {
		ret = thp_get_unmapped_area(mm, 0, len, 0, flags);
	}
	if (!ret)
		ret = arch_get_unmapped_area_topdown(mm, addr, len, flags);
	addr = ret;
	if (IS_ERR_VALUE(addr)) {
		vm_err(m, "no free range of 0x%lx bytes", len);
		return addr;
	}
	if (addr > mm->task_size - len) {
		vm_err(m, "0x%lx-0x%lx is beyond the user address space", addr,
		       addr + len);
		return -ENOMEM;
	}
	if (addr & ~PAGE_MASK) {
		vm_err(m, "address 0x%lx is not page-aligned", addr);
		return -EINVAL;
	}
	return addr;
}

/* ---- populating (mm/gup.c's __mm_populate) ---- */

/**
 * __mm_populate() - fault in [@start, @start + @len) of @tsk, VMA by VMA,
 * as MAP_POPULATE, MAP_LOCKED, mlock and a grown locked mapping do.
 * @tsk: the task whose mm is populated
 * @start, @len: page-aligned range
 * @ignore_errors: go on with the next VMA after a failure (mmap), or
 *	stop and report it (mlock)
 *
 * A fault may run the OOM killer, which may end @tsk itself: the walk
 * stops as soon as @tsk is no longer alive with the same mm.
 *
 * Return: 0 or the first error (-EFAULT, -ENOMEM).
 */
int __mm_populate(struct task_struct *tsk, unsigned long start,
		  unsigned long len, int ignore_errors)
{
	struct machine *m = tsk->machine;
	struct mm_struct *mm = tsk->mm;
	pid_t pid = tsk->pid;
	unsigned long end = start + len, nstart, nend;
	long ret = 0;

	for (nstart = start; nstart < end; nstart = nend) {
		struct vm_area_struct *vma;

		if (find_task_by_pid(m, pid) != tsk || tsk->mm != mm)
			return 0;
		vma = find_vma_intersection(mm, nstart, end);
		if (!vma)
			break;
		nend = end < vma->vm_end ? end : vma->vm_end;
		if (vma->vm_flags & (VM_IO | VM_PFNMAP))
			continue;
		if (nstart < vma->vm_start)
			nstart = vma->vm_start;
		ret = populate_vma_page_range(vma, nstart, nend);
		if (ret < 0) {
			if (ignore_errors) {
				ret = 0;
				continue;	/* on with the next VMA */
			}
			break;
		}
		if (ret > 0)
			nend = nstart + (unsigned long)ret * PAGE_SIZE;
		ret = 0;
	}
	return (int)ret;
}

/* ---- munmap ---- */

/*
 * unmap_region - tear down the pages and tables of the detached VMAs on
 * the vm_next chain @list, which lay between @prev and @next: zap their
 * PTEs, drop their anon_vma links, and free the page tables no longer
 * needed between the neighbours (free_pgtables' floor and ceiling).
 */
static void unmap_region(struct mm_struct *mm, struct vm_area_struct *list,
			 struct vm_area_struct *prev,
			 struct vm_area_struct *next)
{
	struct vm_area_struct *vma;
	unsigned long end = list->vm_end;

	update_hiwater_rss(mm);
	tlb_gather_mmu(mm, false);
	tlb_forget_flush(mm, TLB_FORGET_MUNMAP);
	for (vma = list; vma; vma = vma->vm_next)
		unmap_page_range(vma, vma->vm_start, vma->vm_end, NULL);
	for (vma = list; vma; vma = vma->vm_next) {
		unlink_anon_vmas(vma);
		end = vma->vm_end;
	}
	free_pgd_range(mm, list->vm_start, end,
		       prev ? prev->vm_end : FIRST_USER_ADDRESS,
		       next ? next->vm_start : mm->task_size);
	tlb_finish_mmu(mm);
}

/*
 * remove_vma_list - the detached VMAs on @list are gone: take them off
 * the counters, drop their files, free them and return their commit.
 */
static void remove_vma_list(struct mm_struct *mm, struct vm_area_struct *list)
{
	long nr_accounted = 0;

	update_hiwater_vm(mm);
	while (list) {
		struct vm_area_struct *next = list->vm_next;
		long pages = (long)vma_pages(list);

		if (list->vm_flags & VM_ACCOUNT)
			nr_accounted += pages;
		vm_stat_account(mm, list->vm_flags, -pages);
		if (list->vm_file)
			fput(mm->machine, list->vm_file);
		vm_area_free(list);
		list = next;
	}
	vm_unacct_memory(mm->machine, nr_accounted);
}

/*
 * do_align_munmap - unmap [@start, @end) (page-aligned), @vma being the
 * first VMA that overlaps it (do_vmi_align_munmap): split the VMAs
 * straddling either end, detach the VMAs inside, then free their pages,
 * tables and structures.
 * Return: 0, or -ENOMEM when a split would pass max_map_count or memory
 * ran out (nothing unmapped then).
 */
static int do_align_munmap(struct mm_struct *mm, struct vm_area_struct *vma,
			   unsigned long start, unsigned long end)
{
	struct vm_area_struct *prev, *next, *list = NULL, **tail = &list;
	struct machine *m = mm->machine;
	int err;

	if (start > vma->vm_start) {
		/*
		 * Let map_count pass its limit by one for a moment, so a
		 * hole can always be punched at the end of a VMA; a hole in
		 * the middle must leave room for the extra VMA.
		 */
		if (end < vma->vm_end &&
		    mm->map_count >= m->cfg.max_map_count) {
			vm_err(m, "too many mappings (max_map_count %d)",
			       m->cfg.max_map_count);
			return -ENOMEM;
		}
		err = __split_vma(mm, vma, start, 1);
		if (err)
			return err;
	}
	next = find_vma(mm, end);
	if (next && next->vm_start < end) {
		err = __split_vma(mm, next, end, 0);
		if (err)
			return err;
	}

	/* Detach every VMA of the range onto a private vm_next chain. */
	vma = find_vma(mm, start);
	prev = vma->vm_prev;
	while (vma && vma->vm_start < end) {
		struct vm_area_struct *following = vma->vm_next;

		if (vma->vm_flags & VM_LOCKED)
			mm->locked_vm -= vma_pages(vma);
		vma_unlink(mm, vma);
		*tail = vma;
		tail = &vma->vm_next;
		vma = following;
	}
	next = vma;

	unmap_region(mm, list, prev, next);
	remove_vma_list(mm, list);
	return 0;
}

/**
 * do_munmap() - munmap(2) of @mm without a task (do_vmi_munmap).
 * @mm: address space
 * @start: page-aligned start
 * @len: length, rounded up to whole pages
 *
 * A range that holds no mapping is not an error.
 *
 * Return: 0; -EINVAL for an unaligned start, a zero length or a range
 * outside the user address space; -ENOMEM when a split is refused.
 */
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	ftrace_graph(&mm->machine->trace);
	struct machine *m = mm->machine;
	struct vm_area_struct *vma;
	unsigned long end;

	if (start & ~PAGE_MASK) {
		vm_err(m, "address 0x%lx is not page-aligned", start);
		return -EINVAL;
	}
	if (start > mm->task_size || len > mm->task_size - start) {
		vm_err(m, "0x%lx+0x%lx is beyond the user address space "
		       "(0x%lx)", start, (unsigned long)len, mm->task_size);
		return -EINVAL;
	}
	end = start + PAGE_ALIGN(len);
	if (end == start) {
		vm_err(m, "length is 0");
		return -EINVAL;
	}
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	return do_align_munmap(mm, vma, start, end);
}

/**
 * sys_munmap() - munmap(2).
 * @tsk: calling task
 * @addr: page-aligned start
 * @len: length (rounded up to pages)
 * Return: 0 or -errno as do_munmap().
 */
int sys_munmap(struct task_struct *tsk, unsigned long addr, unsigned long len)
{
	ftrace_graph(&tsk->machine->trace);
	if (!tsk->mm) {
		vm_err(tsk->machine, "process has exited");
		return -ESRCH;
	}
	return do_munmap(tsk->mm, addr, len);
}

/* ---- mmap ---- */

static unsigned long calc_vm_flag_bits(unsigned long flags)
{
	return (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0) |
	       (flags & MAP_LOCKED ? VM_LOCKED : 0);
}

/* A hint below vm.mmap_min_addr is raised to it (round_hint_to_min). */
static unsigned long round_hint_to_min(unsigned long hint)
{
	hint &= PAGE_MASK;
	if (hint && hint < MMAP_MIN_ADDR)
		return PAGE_ALIGN(MMAP_MIN_ADDR);
	return hint;
}

/*
 * mmap_region - map [@addr, @addr + @len) with @vm_flags, replacing what
 * is there (__mmap_region). Everything that can fail is done before the
 * old mappings go, so a failure leaves the address space unchanged:
 *  - the split an unmap in the middle of a VMA needs is checked against
 *    max_map_count;
 *  - a private writable mapping is charged its pages less the committed
 *    pages it replaces (those stay charged, now to the new mapping);
 *  - the new VMA, and for shared memory its shmem object, are made.
 * Then the range is cleared, and the mapping either grows a matching
 * neighbour or is linked as a new VMA.
 * Return: @addr or -ENOMEM.
 */
static unsigned long mmap_region(struct mm_struct *mm, struct file *file,
				 unsigned long addr, unsigned long len,
				 unsigned long vm_flags, pgoff_t pgoff)
{
	ftrace_graph(&mm->machine->trace);
	struct machine *m = mm->machine;
	unsigned long end = addr + len;
	long pglen = (long)(len >> PAGE_SHIFT), charged = 0, nr_accounted = 0;
	struct vm_area_struct *vma, *old, *prev, *next, *merged;
	bool accountable = accountable_mapping(vm_flags);
	int err;

	old = find_vma_intersection(mm, addr, end);
	if (old && old->vm_start < addr && end < old->vm_end &&
	    mm->map_count >= m->cfg.max_map_count) {
		vm_err(m, "too many mappings (max_map_count %d)",
		       m->cfg.max_map_count);
		return -ENOMEM;
	}
	for (; old && old->vm_start < end; old = old->vm_next) {
		unsigned long s = old->vm_start > addr ? old->vm_start : addr;
		unsigned long e = old->vm_end < end ? old->vm_end : end;

		if (old->vm_flags & VM_ACCOUNT)
			nr_accounted += (long)((e - s) >> PAGE_SHIFT);
	}

	if (accountable) {
		charged = pglen - nr_accounted;
		if (charged && __vm_enough_memory(mm, charged, 1))
			return -ENOMEM;
		vm_flags |= VM_ACCOUNT;
	}

	vma = vm_area_alloc(mm);
	if (!vma) {
		vm_err(m, "out of memory for a VMA");
		err = -ENOMEM;
		goto out_unacct;
	}
	vma->vm_start = addr;
	vma->vm_end = end;
	vma->vm_flags = vm_flags;
	vma->vm_pgoff = pgoff;
	if (file) {
		/*
		 * call_mmap(): the VMA holds its own reference to the file;
		 * generic_file_mmap() or shmem_mmap() chooses its vm_ops.
		 */
		vma->vm_file = get_file(file);
		vma->vm_ops = shmem_mapping(file->f_mapping) ? &shmem_vm_ops :
			      &generic_file_vm_ops;
	} else if (vm_flags & VM_SHARED) {
		err = shmem_zero_setup(vma);
		if (err)
			goto out_free_vma;
	}

	if (find_vma_intersection(mm, addr, end)) {
		err = do_munmap(mm, addr, len);
		if (err)
			goto out_fput;
		/* The replaced pages' commit now backs the new mapping. */
		if (accountable)
			vm_acct_memory(m, nr_accounted);
	}

	next = find_vma_prev(mm, addr, &prev);
	/* A new shmem object merges with nothing; a file maps on from its neighbour. */
	if (!vma->vm_file || file) {
		struct merge_src src = {
			.flags = vm_flags,
			.file = vma->vm_file,
			.pgoff = pgoff,
		};

		merged = vma_merge_new_range(mm, prev, next, addr, end, &src);
		if (merged) {
			if (vma->vm_file)
				fput(m, vma->vm_file);
			vm_area_free(vma);
			vma = merged;
			goto out;
		}
	}
	vma_link(mm, vma);
out:
	vm_stat_account(mm, vm_flags, pglen);
	if (vm_flags & VM_LOCKED)
		mm->locked_vm += pglen;
	/*
	 * A new or grown VMA is soft-dirty as a whole, so a soft-dirty
	 * tracker can tell a fresh mapping from the old one it replaced.
	 */
	if (soft_dirty_enabled(mm))
		vma->vm_flags |= VM_SOFTDIRTY;
	vma->vm_page_prot = vma_page_prot(vma);
	return addr;

out_fput:
	if (vma->vm_file)
		fput(m, vma->vm_file);
out_free_vma:
	vm_area_free(vma);
out_unacct:
	if (charged)
		vm_unacct_memory(m, charged);
	return (unsigned long)(long)err;
}

/*
 * do_mmap_file - the file checks of do_mmap() for a mapping of @file
 * with @prot and the MAP_TYPE of @flags, adding VM_SHARED | VM_MAYSHARE
 * to *@vm_flags for MAP_SHARED (VM_MAYWRITE and VM_SHARED go when the
 * file is not open for writing: it can never be written through).
 * Return: 0, -EACCES (not open for reading; shared and writable but not
 * open for writing), -ENODEV (not a regular file), -EINVAL.
 */
static int do_mmap_file(struct machine *m, struct file *file,
			unsigned long prot, unsigned long flags,
			unsigned long *vm_flags)
{
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
	case MAP_SHARED_VALIDATE:
		if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE)) {
			vm_err(m, "a shared writable mapping needs a file open for writing");
			return -EACCES;
		}
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!(file->f_mode & FMODE_WRITE))
			*vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
		/* fallthrough */
	case MAP_PRIVATE:
		if (!(file->f_mode & FMODE_READ)) {
			vm_err(m, "a file mapping needs a file open for reading");
			return -EACCES;
		}
		if (!S_ISREG(file_inode(file)->i_mode)) {
			vm_err(m, "only regular files can be mapped");
			return -ENODEV;
		}
		if (*vm_flags & VM_GROWSDOWN) {
			vm_err(m, "a file mapping cannot grow down");
			return -EINVAL;
		}
		return 0;
	default:
		vm_err(m, "flags must hold exactly one of private and shared");
		return -EINVAL;
	}
}

/*
 * do_mmap - the checks and the mapping of vm_mmap(), as mm/mmap.c's
 * do_mmap(): the address (__get_unmapped_area), the VMA's flags and
 * pgoff, then mmap_region(). *@populate is set to the length when the
 * caller must fault the pages in (VM_LOCKED or MAP_POPULATE), else 0.
 * Return: as vm_mmap().
 */
static unsigned long do_mmap(struct task_struct *tsk, struct file *file,
			     unsigned long addr, unsigned long len,
			     unsigned long prot, unsigned long flags,
			     unsigned long offset, unsigned long *populate)
{
	ftrace_graph(&tsk->machine->trace);
	struct machine *m = tsk->machine;
	struct mm_struct *mm = tsk->mm;
	unsigned long vm_flags, ret;
	pgoff_t pgoff = offset >> PAGE_SHIFT;
	int pkey = 0, err;

	if (!mm) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	if (flags & MAP_ANONYMOUS)
		file = NULL;
	else if (!file) {
		vm_err(m, "not anonymous: there is no file to map");
		return -EBADF;
	}
	if (offset + PAGE_ALIGN(len) < offset || (offset & ~PAGE_MASK)) {
		vm_err(m, "offset 0x%lx is not page-aligned", offset);
		return -EINVAL;
	}
	if (!len) {
		vm_err(m, "length is 0");
		return -EINVAL;
	}
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED))
		addr = round_hint_to_min(addr);
	len = PAGE_ALIGN(len);
	if (!len) {
		vm_err(m, "length overflows the address space");
		return -ENOMEM;
	}
	if (pgoff + (len >> PAGE_SHIFT) < pgoff) {
		vm_err(m, "offset 0x%lx + length 0x%lx overflows", offset, len);
		return -EOVERFLOW;
	}
	if (mm->map_count > m->cfg.max_map_count) {
		vm_err(m, "too many mappings (max_map_count %d)",
		       m->cfg.max_map_count);
		return -ENOMEM;
	}

	addr = __get_unmapped_area(mm, file, addr, len, pgoff, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if ((flags & MAP_FIXED_NOREPLACE) &&
	    find_vma_intersection(mm, addr, addr + len)) {
		vm_err(m, "0x%lx-0x%lx overlaps an existing mapping", addr,
		       addr + len);
		return -EEXIST;
	}

	/*
	 * An execute-only mapping gets the execute-only protection key
	 * (do_mmap(): 0 without protection keys or when none is left).
	 */
	if (prot == PROT_EXEC) {
		pkey = execute_only_pkey(mm);
		if (pkey < 0)
			pkey = 0;
	}
	vm_flags = calc_vm_prot_bits(prot, pkey) | calc_vm_flag_bits(flags) |
		   mm->def_flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (file) {
		err = do_mmap_file(m, file, prot, flags, &vm_flags);
		if (err)
			return (unsigned long)(long)err;
	} else {
		switch (flags & MAP_TYPE) {
		case MAP_SHARED:
			if (vm_flags & VM_GROWSDOWN) {
				vm_err(m, "a shared mapping cannot grow down");
				return -EINVAL;
			}
			pgoff = 0;
			vm_flags |= VM_SHARED | VM_MAYSHARE;
			break;
		case MAP_PRIVATE:
			/* anon_vma rmap: page->index follows the address. */
			pgoff = addr >> PAGE_SHIFT;
			break;
		default:
			vm_err(m, "flags must hold exactly one of private and shared");
			return -EINVAL;
		}
	}
	/* MAP_NORESERVE is honoured unless overcommit is forbidden. */
	if ((flags & MAP_NORESERVE) && m->cfg.overcommit_memory != 2)
		vm_flags |= VM_NORESERVE;

	ret = mmap_region(mm, file, addr, len, vm_flags, pgoff);
	if (IS_ERR_VALUE(ret))
		return ret;
	if ((vm_flags & VM_LOCKED) ||
	    (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE)
		*populate = len;
	return ret;
}

/**
 * vm_mmap() - mmap(2) (mm/util.c's vm_mmap() -> do_mmap()); see fs.h.
 * @tsk: calling task
 * @file: the file to map, or NULL (anonymous; MAP_ANONYMOUS also ignores
 *	@file)
 * @addr: hint, or the address with MAP_FIXED / MAP_FIXED_NOREPLACE
 * @len: length, rounded up to pages
 * @prot: PROT_READ, PROT_WRITE, PROT_EXEC (other bits are ignored, as
 *	mmap(2) ignores them)
 * @flags: exactly one of MAP_PRIVATE and MAP_SHARED (MAP_SHARED_VALIDATE
 *	for files), and any of MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE,
 *	MAP_GROWSDOWN, MAP_POPULATE, MAP_LOCKED, MAP_NORESERVE
 * @offset: the file offset in bytes, page-aligned
 *
 * The checks come in do_mmap()'s order. MAP_POPULATE and MAP_LOCKED
 * fault the pages in afterwards, ignoring failures, as mm_populate().
 *
 * Return: the address, or -EBADF (neither anonymous nor a file), -EINVAL
 * (length 0, unaligned offset or fixed address, bad mapping type, shared
 * growsdown), -EOVERFLOW (offset + length wraps), -EACCES / -ENODEV (the
 * file's mode or type, see do_mmap_file()), -ENOMEM (no room, too many
 * mappings, over the commit limit), -EEXIST (MAP_FIXED_NOREPLACE over a
 * mapping), cast to unsigned long.
 */
unsigned long vm_mmap(struct task_struct *tsk, struct file *file,
		      unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags,
		      unsigned long offset)
{
	ftrace_graph(&tsk->machine->trace);
	unsigned long populate = 0, ret;

	ret = do_mmap(tsk, file, addr, len, prot, flags, offset, &populate);
	if (!IS_ERR_VALUE(ret) && populate)
		__mm_populate(tsk, ret, populate, 1);
	return ret;
}

/**
 * sys_mmap() - mmap(2) of anonymous memory: vm_mmap() without a file.
 */
unsigned long sys_mmap(struct task_struct *tsk, unsigned long addr,
		       unsigned long len, unsigned long prot,
		       unsigned long flags)
{
	ftrace_graph(&tsk->machine->trace);
	return vm_mmap(tsk, NULL, addr, len, prot, flags, 0);
}

/* ---- brk ---- */

/*
 * do_brk_flags - map [@addr, @addr + @len) as heap: grow @vma (the VMA
 * just below, if it ends at @addr and matches) or link a new anonymous
 * VMA. The heap is private writable memory, so it is charged.
 * Return: 0 or -ENOMEM.
 */
static int do_brk_flags(struct mm_struct *mm, struct vm_area_struct *vma,
			unsigned long addr, unsigned long len,
			unsigned long flags)
{
	struct machine *m = mm->machine;
	long pages = (long)(len >> PAGE_SHIFT);

	flags |= VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | mm->def_flags;
	if (mm->map_count > m->cfg.max_map_count) {
		vm_err(m, "too many mappings (max_map_count %d)",
		       m->cfg.max_map_count);
		return -ENOMEM;
	}
	if (__vm_enough_memory(mm, pages, 1))
		return -ENOMEM;

	/*
	 * Grow the VMA below if it matches; a heap shared with a fork
	 * relative (a non-singular anon_vma chain) never grows this way.
	 */
	if (vma && vma->vm_end == addr && !(vma->vm_flags & VM_SPECIAL) &&
	    can_vma_merge_after(vma, &(struct merge_src){
				.flags = flags, .pgoff = addr >> PAGE_SHIFT })) {
		vma_set_range(vma, vma->vm_start, addr + len, vma->vm_pgoff);
		goto out;
	}

	vma = vm_area_alloc(mm);
	if (!vma) {
		vm_unacct_memory(m, pages);
		vm_err(m, "out of memory for a VMA");
		return -ENOMEM;
	}
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_pgoff = addr >> PAGE_SHIFT;
	vma->vm_flags = flags;
	vma_link(mm, vma);
out:
	mm->total_vm += pages;
	mm->data_vm += pages;
	if (flags & VM_LOCKED)
		mm->locked_vm += pages;
	if (soft_dirty_enabled(mm))
		vma->vm_flags |= VM_SOFTDIRTY;
	vma->vm_page_prot = vma_page_prot(vma);
	return 0;
}

/**
 * vm_brk_flags() - see mm.h: what exec's bss and set_brk() map, with the
 * kernel's checks (only VM_EXEC, inside the user address space), the old
 * mappings there unmapped first.
 */
int vm_brk_flags(struct mm_struct *mm, unsigned long addr,
		 unsigned long request, unsigned long flags)
{
	unsigned long len = PAGE_ALIGN(request);
	struct vm_area_struct *prev;
	int err;

	if (len < request)
		return -ENOMEM;
	if (!len)
		return 0;
	if (flags & ~VM_EXEC)
		return -EINVAL;
	if (addr + len > mm->task_size || addr + len < addr) {
		vm_err(mm->machine, "0x%lx+0x%lx is beyond the user address space",
		       addr, len);
		return -ENOMEM;
	}
	err = do_munmap(mm, addr, len);
	if (err)
		return err;
	find_vma_prev(mm, addr, &prev);
	return do_brk_flags(mm, prev, addr, len, flags);
}

/**
 * sys_brk() - brk(2): move the program break to @brk.
 * @tsk: calling task
 * @brk: the new break; 0 (or anything below start_brk) just asks
 *
 * Shrinking unmaps the heap pages above the new break; growing maps
 * [old, new) with do_brk_flags(), merging into the [heap] VMA. Growth is
 * refused when it would come within a page (or, below a VM_GROWSDOWN
 * VMA, within the stack guard gap) of the next mapping or leave the user
 * address space; a refused move is no error.
 *
 * Return: the break afterwards (the old one when the move was refused).
 */
unsigned long sys_brk(struct task_struct *tsk, unsigned long brk)
{
	ftrace_graph(&tsk->machine->trace);
	struct mm_struct *mm = tsk->mm;
	struct vm_area_struct *brkvma, *next, *prev;
	unsigned long newbrk, oldbrk, origbrk;
	bool populate = false;

	if (!mm)
		return 0;
	origbrk = mm->brk;
	if (brk < mm->start_brk)
		goto out;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (oldbrk == newbrk) {
		mm->brk = brk;
		return brk;
	}

	/* Shrinking is always allowed. */
	if (brk <= mm->brk) {
		brkvma = find_vma_intersection(mm, newbrk, oldbrk);
		if (!brkvma)
			goto out;	/* no heap VMA left to shrink */
		mm->brk = brk;
		if (do_align_munmap(mm, brkvma, newbrk, oldbrk))
			goto out;
		return brk;
	}

	/* check_brk_limits(): the range must stay in the address space. */
	if (newbrk > mm->task_size)
		goto out;
	/* Leave a page, or the stack guard gap, below the next mapping. */
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		goto out;

	find_vma_prev(mm, oldbrk, &prev);
	brkvma = prev && prev->vm_end > mm->start_brk ? prev : NULL;
	if (do_brk_flags(mm, brkvma, oldbrk, newbrk - oldbrk, 0))
		goto out;
	mm->brk = brk;
	if (mm->def_flags & VM_LOCKED)
		populate = true;
	if (populate)
		__mm_populate(tsk, oldbrk, newbrk - oldbrk, 1);
	return brk;

out:
	mm->brk = origbrk;
	return origbrk;
}

/* ---- stack growth ---- */

static bool vma_is_accessible(const struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_ACCESS_FLAGS;
}

/*
 * acct_stack_growth - may the stack grow to @size bytes, @grow pages
 * more? RLIMIT_STACK (8 MiB) bounds it, and an accounted stack commits
 * the new pages.
 * Return: 0 or -ENOMEM.
 */
static int acct_stack_growth(struct vm_area_struct *vma, unsigned long size,
			     unsigned long grow)
{
	struct mm_struct *mm = vma->vm_mm;

	if (size > STACK_RLIMIT) {
		vm_err(mm->machine, "stack would exceed RLIMIT_STACK");
		return -ENOMEM;
	}
	if ((vma->vm_flags & VM_ACCOUNT) &&
	    __vm_enough_memory(mm, (long)grow, 1))
		return -ENOMEM;
	return 0;
}

/**
 * expand_stack() - grow the VM_GROWSDOWN @vma down to cover @address
 * (expand_downwards()), as a fault just below the stack asks.
 * @vma: a VM_GROWSDOWN VMA above @address
 * @address: the faulting address
 *
 * The stack may not come within stack_guard_gap (256 pages) of the VMA
 * below, unless that one also grows down or is PROT_NONE; it may not pass
 * RLIMIT_STACK nor mmap_min_addr. The grown pages count in total_vm and
 * stack_vm (and locked_vm if locked) and, for an accounted stack, in
 * Committed_AS.
 *
 * Return: 0, -EFAULT (not a growsdown VMA), -EPERM (below mmap_min_addr)
 * or -ENOMEM.
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	ftrace_graph(&vma_machine(vma)->trace);
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev;
	unsigned long size, grow;
	int error;

	if (!(vma->vm_flags & VM_GROWSDOWN))
		return -EFAULT;
	address &= PAGE_MASK;
	if (address < MMAP_MIN_ADDR)
		return -EPERM;

	/* Enforce stack_guard_gap. */
	prev = vma->vm_prev;
	if (prev && (address < prev->vm_end ||
		     (!(prev->vm_flags & VM_GROWSDOWN) &&
		      vma_is_accessible(prev) &&
		      address - prev->vm_end < STACK_GUARD_GAP))) {
		vm_err(mm->machine, "stack would come within the guard gap "
		       "of 0x%lx-0x%lx", prev->vm_start, prev->vm_end);
		return -ENOMEM;
	}

	if (anon_vma_prepare(vma))
		return -ENOMEM;
	if (address >= vma->vm_start)
		return 0;

	size = vma->vm_end - address;
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	if (grow > vma->vm_pgoff)
		return -ENOMEM;
	error = acct_stack_growth(vma, size, grow);
	if (error)
		return error;
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm += grow;
	vm_stat_account(mm, vma->vm_flags, (long)grow);
	vma_set_range(vma, address, vma->vm_end, vma->vm_pgoff - grow);
	return 0;
}

/* ---- exit ---- */

/**
 * exit_mmap() - tear down every VMA of @mm: zap all pages, drop the
 * anon_vma and i_mmap links, free every page table below the pgd (the
 * pgd itself goes with the mm, in mmput()), drop the files, free the
 * VMAs and return their commit. The VMA counters end at zero.
 */
void exit_mmap(struct mm_struct *mm)
{
	ftrace_graph(&mm->machine->trace);
	struct vm_area_struct *vma, *next;
	long nr_accounted = 0;

	tlb_gather_mmu(mm, true);	/* tlb_gather_mmu_fullmm() */
	for (vma = mm->mmap; vma; vma = vma->vm_next)
		unmap_page_range(vma, vma->vm_start, vma->vm_end, NULL);
	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		unlink_anon_vmas(vma);
		vma_unlink_file(vma);
	}
	free_pgd_range(mm, FIRST_USER_ADDRESS, mm->task_size,
		       FIRST_USER_ADDRESS, mm->task_size);
	tlb_finish_mmu(mm);

	update_hiwater_vm(mm);
	for (vma = mm->mmap; vma; vma = next) {
		next = vma->vm_next;
		if (vma->vm_flags & VM_ACCOUNT)
			nr_accounted += (long)vma_pages(vma);
		if (vma->vm_file)
			fput(mm->machine, vma->vm_file);
		vm_area_free(vma);
	}
	/* As Linux, every VMA freed, before the tree is destroyed. */
	trace_exit_mmap(&mm->machine->trace, mm->trace_id);
	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->mmap_cache = NULL;
	mm->highest_vm_end = 0;
	mm->map_count = 0;
	mm->total_vm = mm->locked_vm = mm->data_vm = 0;
	mm->exec_vm = mm->stack_vm = 0;
	vm_unacct_memory(mm->machine, nr_accounted);
}
