/*
 * pagewalk.c - the generic page-table walker (mm/pagewalk.c): visits the
 * tables covering a range VMA by VMA and hands each pmd and PTE slot to
 * the caller's callbacks, reporting ranges without tables as holes.
 *
 * Hole depths follow the kernel's numbering: the depth names the level
 * whose entry is none -- 0 a pgd entry (or no pgd at all), 1 a p4d entry,
 * 2 a pud entry, 3 a pmd entry; -1 means no VMA at all. With 4 levels the
 * p4d is folded into the pgd, so a none pgd entry is depth 1 (as
 * walk_p4d_range() reports it) and depth 0 only means no pgd; with 5
 * levels (LA57) a none pgd entry is depth 0.
 *
 * Unlike the kernel, a run of consecutive none entries at one level is
 * reported as one hole, so walking a huge sparse range costs one callback
 * per run instead of one per missing table.
 *
 * The walker never allocates or frees a table; callbacks may change the
 * entries they are handed.
 */
#include <errno.h>
#include "machine.h"
#include "mm.h"
#include "pagewalk.h"

/*
 * Levels are counted from the pgd (0) down to the PTE table
 * (pt_levels() - 1); @shift is pt_level_shift() of the level.
 */

/* End of the entry of @shift holding @addr, capped at @end. */
static inline unsigned long entry_end(unsigned long addr, unsigned long end,
				      unsigned int shift)
{
	unsigned long boundary = (addr | ((1UL << shift) - 1)) + 1;

	return boundary < end ? boundary : end;
}

static inline unsigned long entry_index(unsigned long addr, unsigned int shift)
{
	return (addr >> shift) & 511;
}

static inline pteval_t *lower_table(struct mm_walk *walk, pteval_t entry)
{
	unsigned long pfn = (entry & PTE_PFN_MASK) >> PAGE_SHIFT;

	return mm_zone(walk->mm)->mem_map[pfn].virtual;
}

static int walk_pte_range(pte_t *table, unsigned long addr, unsigned long end,
			  struct mm_walk *walk)
{
	const struct mm_walk_ops *ops = walk->ops;
	int err;

	for (; addr < end; addr += PAGE_SIZE) {
		err = ops->pte_entry(&table[entry_index(addr, PAGE_SHIFT)],
				     addr, addr + PAGE_SIZE, walk);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Walk [addr, end) within the table @table of @level (0 pgd, down to the
 * pmd table at pt_levels() - 2); the range lies inside the span of that
 * one table.
 */
static int walk_table_range(pteval_t *table, int level, unsigned long addr,
			    unsigned long end, struct mm_walk *walk)
{
	const struct mm_walk_ops *ops = walk->ops;
	int levels = pt_levels(walk->mm);
	unsigned int shift = pt_level_shift(walk->mm, level);
	int err = 0;

	while (addr < end) {
		unsigned long next = entry_end(addr, end, shift);
		pteval_t *entry = &table[entry_index(addr, shift)];

		if (!*entry) {
			unsigned long hole = addr;

			/* Coalesce the whole run of none entries. */
			while (next < end && !table[entry_index(next, shift)])
				next = entry_end(next, end, shift);
			/* The kernel's depth: the level, p4d counted. */
			if (ops->pte_hole)
				err = ops->pte_hole(hole, next,
						    level + 5 - levels, walk);
			if (err)
				return err;
			addr = next;
			continue;
		}
		if (level < levels - 2) {
			if (ops->pmd_entry || ops->pte_entry)
				err = walk_table_range(
					lower_table(walk, *entry), level + 1,
					addr, next, walk);
		} else {
			walk->action = ACTION_SUBTREE;
			if (ops->pmd_entry)
				err = ops->pmd_entry((pmd_t *)entry, addr, next,
						     walk);
			/* pmd_entry may have cleared the entry. */
			if (!err && walk->action == ACTION_SUBTREE &&
			    ops->pte_entry && *entry)
				err = walk_pte_range(
					(pte_t *)lower_table(walk, *entry),
					addr, next, walk);
		}
		if (err)
			return err;
		addr = next;
	}
	return 0;
}

/* Walk the tables of [start, end), all inside walk->vma. */
static int __walk_page_range(unsigned long start, unsigned long end,
			     struct mm_walk *walk)
{
	const struct mm_walk_ops *ops = walk->ops;

	if (!walk->mm->pgd) {
		if (ops->pte_hole)
			return ops->pte_hole(start, end, 0, walk);
		return 0;
	}
	if (end > user_pgtables_end(walk->mm))
		end = user_pgtables_end(walk->mm);
	if (start >= end)
		return 0;
	return walk_table_range((pteval_t *)walk->mm->pgd, 0, start, end,
				walk);
}

/*
 * Ask test_walk whether to walk [start, end) of walk->vma.
 * Return: 0 walk it, 1 skip it, <0 stop with that error.
 */
static int walk_page_test(unsigned long start, unsigned long end,
			  struct mm_walk *walk)
{
	if (walk->ops->test_walk)
		return walk->ops->test_walk(start, end, walk);
	return 0;
}

/**
 * walk_page_range() - walk [start, end) of @mm, VMA by VMA.
 * @mm: address space; the machine lock must be held (read suffices unless
 *	the callbacks change entries)
 * @start: first address (page aligned)
 * @end: end address (page aligned)
 * @ops: callbacks
 * @private: handed to the callbacks as walk->private
 *
 * Each gap between VMAs goes to @ops->pte_hole with depth -1 and
 * walk->vma NULL; each VMA part is offered to @ops->test_walk and then
 * walked table by table.
 *
 * Return: 0, -EINVAL if @start > @end, or the first nonzero callback value.
 */
int walk_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end, const struct mm_walk_ops *ops,
		    void *private)
{
	struct mm_walk walk = {
		.ops = ops,
		.mm = mm,
		.private = private,
	};
	struct vm_area_struct *vma;
	int err = 0;

	if (start > end)
		return -EINVAL;
	if (start == end)
		return 0;

	vma = find_vma(mm, start);
	do {
		unsigned long next;

		if (!vma || start < vma->vm_start) {
			next = vma && vma->vm_start < end ? vma->vm_start : end;
			walk.vma = NULL;
			if (ops->pte_hole)
				err = ops->pte_hole(start, next, -1, &walk);
		} else {
			next = vma->vm_end < end ? vma->vm_end : end;
			walk.vma = vma;
			vma = vma->vm_next;
			err = walk_page_test(start, next, &walk);
			if (err > 0)
				err = 0;	/* skip this VMA */
			else if (!err)
				err = __walk_page_range(start, next, &walk);
		}
		if (err)
			break;
		start = next;
	} while (start < end);
	return err;
}

/**
 * walk_page_vma() - walk every page of one VMA.
 * @vma: the VMA
 * @ops: callbacks
 * @private: handed to the callbacks as walk->private
 *
 * Return: 0, or the first nonzero callback value (a positive test_walk
 * value just skips the VMA and gives 0).
 */
int walk_page_vma(struct vm_area_struct *vma, const struct mm_walk_ops *ops,
		  void *private)
{
	struct mm_walk walk = {
		.ops = ops,
		.mm = vma->vm_mm,
		.vma = vma,
		.private = private,
	};
	int err;

	err = walk_page_test(vma->vm_start, vma->vm_end, &walk);
	if (err > 0)
		return 0;
	if (err < 0)
		return err;
	return __walk_page_range(vma->vm_start, vma->vm_end, &walk);
}

/**
 * walk_page_range_debug() - walk every table covering [start, end) of
 * @mm whether a VMA covers it or not (mm/pagewalk.c's
 * walk_page_range_debug(), what ptdump uses).
 * @mm: address space; the machine lock held (read suffices)
 * @start: first address (page aligned)
 * @end: end address (page aligned; clamped to the user half)
 * @ops: callbacks; @test_walk is not called and walk->vma is NULL
 * @private: handed to the callbacks as walk->private
 *
 * Holes are only missing tables (depth 0 to 3), never -1.
 *
 * Return: 0, -EINVAL if @start > @end, or the first nonzero callback value.
 */
int walk_page_range_debug(struct mm_struct *mm, unsigned long start,
			  unsigned long end, const struct mm_walk_ops *ops,
			  void *private)
{
	struct mm_walk walk = {
		.ops = ops,
		.mm = mm,
		.private = private,
	};

	if (start > end)
		return -EINVAL;
	if (start == end)
		return 0;
	return __walk_page_range(start, end, &walk);
}

/**
 * walk_page_table_path() - the one downward path of the MMU for @addr:
 * at each level the table's frame, the index into it and the entry read,
 * down to the PTE or to the first entry that is none (what the crash
 * utility's vtop prints; mm/pagewalk.c has no counterpart).
 * @mm: address space; the machine lock held (read suffices)
 * @addr: user address
 * @path: filled in; @path->levels is how many entries were read (0 when
 *	@mm has no pgd or @addr is beyond the user half)
 *
 * Never allocates or changes a table.
 */
void walk_page_table_path(struct mm_struct *mm, unsigned long addr,
			  struct page_table_path *path)
{
	unsigned long pfn = mm->pgd_pfn;
	int level, levels = pt_levels(mm);

	path->levels = 0;
	if (!mm->pgd || addr >= user_pgtables_end(mm))
		return;
	for (level = 0; level < levels; level++) {
		pteval_t *table = mm_zone(mm)->mem_map[pfn].virtual;
		unsigned long i = entry_index(addr,
					      pt_level_shift(mm, level));

		path->table_pfn[level] = pfn;
		path->index[level] = i;
		path->entry[level] = table[i];
		path->levels = level + 1;
		/* Upper entries are tables or none: no huge pages yet. */
		if (level < levels - 1 && !table[i])
			break;
		pfn = (table[i] & PTE_PFN_MASK) >> PAGE_SHIFT;
	}
}
