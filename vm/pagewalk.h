/*
 * pagewalk.h - generic page-table walker (include/linux/pagewalk.h): the
 * caller supplies a table of callbacks and the walker visits every level
 * of the tables covering a range, reporting holes where tables are
 * missing. Views are built from this walker; it never changes a table.
 */
#ifndef MMSIM_PAGEWALK_H
#define MMSIM_PAGEWALK_H

#include "mm_types.h"

struct mm_walk;

/**
 * struct mm_walk_ops - callbacks for walk_page_range()
 * @pmd_entry: called for each pmd slot that points at a PTE table, before
 *	its PTEs; return nonzero to stop the walk with that value. May set
 *	walk->action = ACTION_CONTINUE to skip the PTEs below.
 * @pte_entry: called for each PTE slot (present or not) of an existing table
 * @pte_hole: called for each range where no table exists at @depth
 *	(-1: no VMA covers it, when walking with walk_page_range()). @depth
 *	is the level whose entry is none, as the kernel numbers them: 0 pgd,
 *	1 p4d, 2 pud, 3 pmd. With 4-level paging the p4d is folded: a none
 *	pgd entry is depth 1 and depth 0 means no pgd at all; with 5-level
 *	a none pgd entry is depth 0. A run of adjacent none entries at one
 *	level comes as one call.
 * @test_walk: decide per VMA: 0 walk it, 1 skip it, <0 stop with that error
 *
 * Each callback returns 0 to continue, or a nonzero value that stops the
 * walk and becomes walk_page_range()'s return value.
 */
struct mm_walk_ops {
	int (*pmd_entry)(pmd_t *pmd, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*pte_entry)(pte_t *pte, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*pte_hole)(unsigned long addr, unsigned long next, int depth,
			struct mm_walk *walk);
	int (*test_walk)(unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
};

enum page_walk_action {
	ACTION_SUBTREE = 0,
	ACTION_CONTINUE = 1,
};

struct mm_walk {
	const struct mm_walk_ops *ops;
	struct mm_struct *mm;
	struct vm_area_struct *vma;	/* VMA being walked, NULL in holes */
	enum page_walk_action action;
	void *private;
};

/**
 * walk_page_range() - walk [start, end) of @mm, VMA by VMA.
 * @mm: address space; the machine lock must be held
 * @start: first address (page aligned)
 * @end: end address (page aligned)
 * @ops: callbacks
 * @private: handed to the callbacks as walk->private
 *
 * Ranges not covered by any VMA are reported to @pte_hole with depth -1.
 *
 * Return: 0, or the first nonzero callback value.
 */
int walk_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end, const struct mm_walk_ops *ops,
		    void *private);

/** walk_page_vma() - walk every page of one VMA. */
int walk_page_vma(struct vm_area_struct *vma, const struct mm_walk_ops *ops,
		  void *private);

/**
 * walk_page_range_debug() - walk the tables of [start, end) whatever the
 * VMAs (ptdump's walk): holes are missing tables only, walk->vma is NULL.
 * Return: 0, -EINVAL if @start > @end, or the first nonzero callback value.
 */
int walk_page_range_debug(struct mm_struct *mm, unsigned long start,
			  unsigned long end, const struct mm_walk_ops *ops,
			  void *private);

/**
 * struct page_table_path - what the MMU reads translating one address:
 * per level (0 pgd, then pud, pmd, pte; 5-level: pgd, p4d, pud, pmd,
 * pte) the table's frame, the index into it and the entry; @levels
 * entries were read (the walk stops after a none upper entry; a full
 * walk reads pt_levels() entries, the last the PTE).
 */
struct page_table_path {
	int levels;
	unsigned long table_pfn[5];
	unsigned long index[5];
	pteval_t entry[5];
};

/** walk_page_table_path() - fill @path for @addr; never changes a table. */
void walk_page_table_path(struct mm_struct *mm, unsigned long addr,
			  struct page_table_path *path);

#endif
