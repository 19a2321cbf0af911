/*
 * pgtable.c - x86-64 4-level or 5-level page tables whose tables are
 * simulated frames (mm/memory.c's __p4d_alloc/__pud_alloc/__pmd_alloc/
 * __pte_alloc, walk_to_pmd and
 * free_pgd_range, arch/x86/mm/pgtable.c's pgd_alloc/pgd_free,
 * arch/x86/mm/pgprot.c's protection_map), and the cache of table frames
 * set aside before a move that must not fail.
 *
 * Table frames are GFP_KERNEL allocations: when none is free the OOM
 * killer runs (alloc_page_or_oom()), for the fault path, fork, mremap
 * and a new process alike.
 *
 * Accounting follows the kernel: every table frame counts in the machine's
 * NR_PAGETABLE (meminfo "PageTables"); only the pud, pmd and pte tables
 * count in mm->pgtables_bytes (status "VmPTE"), as mm_inc_nr_puds/pmds/
 * ptes do -- the pgd is not in it, nor a 5-level machine's p4d tables.
 */
#include <errno.h>
#include <string.h>
#include "machine.h"
#include "mm.h"
#include "tlb.h"
#include "pgtable.h"


/* Host view of the table held by frame @pfn. */
static inline pteval_t *table_at(struct mm_struct *mm, unsigned long pfn)
{
	return mm_zone(mm)->mem_map[pfn].virtual;
}

/*
 * table_frame_alloc - a zeroed frame with its host memory, for a table:
 * from the page allocator, whose slow path runs the OOM killer when no
 * frame is free (GFP_KERNEL).
 */
static struct page *table_frame_alloc(struct mm_struct *mm)
{
	struct zone *zone = mm_zone(mm);
	/* pagetable_alloc() adds __GFP_COMP */
	struct page *page = alloc_pages_gfp_or_oom(mm->machine, 0,
						   GFP_PGTABLE_USER |
						   __GFP_COMP);

	if (!page)
		return NULL;
	/* GFP_PGTABLE_USER is __GFP_ACCOUNT: charged to the mm's group. */
	if (mem_cgroup_charge(mm->machine, page, mm)) {
		__free_pages(zone, page, 0);
		return NULL;
	}
	if (!page_address(zone, page)) {
		__free_pages(zone, page, 0);
		return NULL;
	}
	return page;
}

/*
 * Allocate one zeroed table frame, from the mm's preallocated cache when
 * it holds one. @counted: whether it is a pud/pmd/pte table (in
 * pgtables_bytes) or the pgd (not).
 */
static struct page *pte_table_alloc(struct mm_struct *mm, bool counted)
{
	struct page *page;

	if (!list_empty(&mm->pgtable_cache)) {
		page = list_first_entry(&mm->pgtable_cache, struct page, lru);
		list_del_init(&page->lru);
		mm->pgtable_cache_nr--;
	} else {
		page = table_frame_alloc(mm);
		if (!page)
			return NULL;
	}
	page->page_type = PGTY_table;
	if (counted)
		mm->pgtables_bytes += PAGE_SIZE;
	mod_node_page_state(mm->machine, NR_PAGETABLE, 1);
	return page;
}

static void pte_table_free(struct mm_struct *mm, unsigned long pfn,
			   bool counted)
{
	struct zone *zone = mm_zone(mm);
	struct page *page = pfn_to_page(zone, pfn);

	page->page_type = PGTY_NONE;
	if (counted)
		mm->pgtables_bytes -= PAGE_SIZE;
	mod_node_page_state(mm->machine, NR_PAGETABLE, -1);
	put_page(zone, page);
}

static inline pteval_t table_entry(struct mm_struct *mm, struct page *page)
{
	return ((pteval_t)page_to_pfn(mm_zone(mm), page) << PAGE_SHIFT) |
	       _PAGE_TABLE;
}

static bool table_empty(const pteval_t *table)
{
	for (int i = 0; i < 512; i++)
		if (table[i])
			return false;
	return true;
}

/**
 * pgd_alloc() - give @mm an empty top-level table.
 * @mm: address space without one (machine lock held for writing)
 *
 * Return: 0, or -ENOMEM when no frame is free.
 */
int pgd_alloc(struct mm_struct *mm)
{
	struct page *page = pte_table_alloc(mm, false);

	if (!page)
		return -ENOMEM;
	mm->pgd_pfn = page_to_pfn(mm_zone(mm), page);
	mm->pgd = (pgd_t *)page->virtual;
	return 0;
}

/**
 * pgd_free() - free @mm's top-level table. Lower tables must be gone
 * already (free_pgd_range(mm, 0, TASK_SIZE, 0, TASK_SIZE)).
 * @mm: address space (machine lock held for writing)
 */
void pgd_free(struct mm_struct *mm)
{
	if (!mm->pgd)
		return;
	pte_table_free(mm, mm->pgd_pfn, false);
	mm->pgd = NULL;
	mm->pgd_pfn = 0;
}

/** pgd_offset() - @mm's pgd entry for @addr. Read lock suffices. */
pgd_t *pgd_offset(struct mm_struct *mm, unsigned long addr)
{
	return mm->pgd + ((addr >> pt_level_shift(mm, 0)) & 511);
}

/** p4d_offset() - see pgtable.h. Read lock suffices. */
p4d_t *p4d_offset(struct mm_struct *mm, pgd_t *pgd, unsigned long addr)
{
	if (!pgtable_l5_enabled(mm))
		return (p4d_t *)pgd;
	if (pgd_none(*pgd))
		return NULL;
	return (p4d_t *)table_at(mm, pgd_pfn(*pgd)) + p4d_index(addr);
}

/**
 * pud_offset() - the pud entry for @addr below @p4d (NULL: no p4d table).
 * Return: the entry, or NULL when @p4d holds no table. Read lock suffices.
 */
pud_t *pud_offset(struct mm_struct *mm, p4d_t *p4d, unsigned long addr)
{
	if (!p4d || p4d_none(*p4d))
		return NULL;
	return (pud_t *)table_at(mm, p4d_pfn(*p4d)) + pud_index(addr);
}

/** pmd_offset() - the pmd entry for @addr below @pud, or NULL. */
pmd_t *pmd_offset(struct mm_struct *mm, pud_t *pud, unsigned long addr)
{
	if (pud_none(*pud))
		return NULL;
	return (pmd_t *)table_at(mm, pud_pfn(*pud)) + pmd_index(addr);
}

/** pte_offset_map() - the PTE for @addr below @pmd, or NULL. */
pte_t *pte_offset_map(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	if (pmd_none(*pmd))
		return NULL;
	return (pte_t *)table_at(mm, pmd_pfn(*pmd)) + pte_index(addr);
}

/**
 * pud_alloc() - pud_offset(), allocating the pud table when missing.
 * @mm: address space (machine lock held for writing)
 * @pgd: its pgd entry for @addr
 * @addr: address
 *
 * Return: the entry, or NULL when no frame is free (no OOM kill here).
 */
pud_t *pud_alloc(struct mm_struct *mm, p4d_t *p4d, unsigned long addr)
{
	if (!p4d)
		return NULL;
	if (p4d_none(*p4d)) {
		struct page *page = pte_table_alloc(mm, true);

		if (!page)
			return NULL;
		p4d->p4d = table_entry(mm, page);
	}
	return pud_offset(mm, p4d, addr);
}

/** p4d_alloc() - p4d_offset(), allocating the p4d table (5-level). */
p4d_t *p4d_alloc(struct mm_struct *mm, pgd_t *pgd, unsigned long addr)
{
	if (pgtable_l5_enabled(mm) && pgd_none(*pgd)) {
		struct page *page = pte_table_alloc(mm, false);

		if (!page)
			return NULL;
		pgd->pgd = table_entry(mm, page);
	}
	return p4d_offset(mm, pgd, addr);
}

/** pmd_alloc() - pmd_offset(), allocating the pmd table when missing. */
pmd_t *pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr)
{
	if (pud_none(*pud)) {
		struct page *page = pte_table_alloc(mm, true);

		if (!page)
			return NULL;
		pud->pud = table_entry(mm, page);
	}
	return pmd_offset(mm, pud, addr);
}

/** pte_alloc_map() - pte_offset_map(), allocating the PTE table if missing. */
pte_t *pte_alloc_map(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	if (pmd_none(*pmd)) {
		struct page *page = pte_table_alloc(mm, true);

		if (!page)
			return NULL;
		pmd->pmd = table_entry(mm, page);
	}
	return pte_offset_map(mm, pmd, addr);
}

/**
 * walk_to_pmd() - the pmd entry for @addr, allocating the pud and pmd
 * tables when missing.
 * @mm: address space (machine lock held for writing)
 * @addr: user address
 *
 * A missing frame runs the OOM killer (alloc_page_or_oom()), which may
 * end other tasks but never the one whose command is running.
 *
 * Return: the entry, or NULL when no frame could be had.
 */
pmd_t *walk_to_pmd(struct mm_struct *mm, unsigned long addr)
{
	p4d_t *p4d = p4d_alloc(mm, pgd_offset(mm, addr), addr);
	pud_t *pud = p4d ? pud_alloc(mm, p4d, addr) : NULL;

	if (!pud)
		return NULL;
	return pmd_alloc(mm, pud, addr);
}

/**
 * walk_to_pte() - the PTE slot for @addr, allocating every missing table
 * on the way down (walk_to_pmd(), then pte_alloc_map()).
 * @mm: address space (machine lock held for writing)
 * @addr: user address
 *
 * Return: the slot, or NULL when no frame could be had.
 */
pte_t *walk_to_pte(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = walk_to_pmd(mm, addr);

	if (!pmd)
		return NULL;
	return pte_alloc_map(mm, pmd, addr);
}

/**
 * pgtable_cache_topup() - fill @mm's cache of table frames up to @min.
 * @mm: address space (machine lock held for writing)
 * @min: frames needed
 *
 * Return: 0, or -ENOMEM with the cache drained.
 */
int pgtable_cache_topup(struct mm_struct *mm, unsigned long min)
{
	while (mm->pgtable_cache_nr < min) {
		struct page *page = table_frame_alloc(mm);

		if (!page) {
			pgtable_cache_drain(mm);
			return -ENOMEM;
		}
		list_add_tail(&page->lru, &mm->pgtable_cache);
		mm->pgtable_cache_nr++;
	}
	return 0;
}

/**
 * pgtable_cache_drain() - give the frames of @mm's cache back to the page
 * allocator (those the work did not need).
 * @mm: address space (machine lock held for writing)
 */
void pgtable_cache_drain(struct mm_struct *mm)
{
	struct zone *zone = mm_zone(mm);

	while (!list_empty(&mm->pgtable_cache)) {
		struct page *page = list_first_entry(&mm->pgtable_cache,
						     struct page, lru);

		list_del_init(&page->lru);
		mm->pgtable_cache_nr--;
		put_page(zone, page);
	}
}

/**
 * mm_find_pmd() - the pmd entry for @addr, none or not, or NULL when the
 * pud or pmd table on the way is missing (mm/rmap.c's mm_find_pmd()).
 * Never allocates. Read lock suffices.
 */
pmd_t *mm_find_pmd(struct mm_struct *mm, unsigned long addr)
{
	pud_t *pud;

	if (!mm->pgd || addr >= user_pgtables_end(mm))
		return NULL;
	pud = pud_offset(mm, p4d_offset(mm, pgd_offset(mm, addr), addr), addr);
	if (!pud)
		return NULL;
	return pmd_offset(mm, pud, addr);
}

/**
 * mm_find_pte() - the PTE slot for @addr, or NULL when a table on the way
 * is missing. Never allocates. Read lock suffices.
 */
pte_t *mm_find_pte(struct mm_struct *mm, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(mm, addr);

	if (!pmd)
		return NULL;
	return pte_offset_map(mm, pmd, addr);
}

/**
 * free_pte() - free the PTE table that @pmdval pointed to, its pmd entry
 * already cleared (mm/pt_reclaim.c's free_pte(): pte_free_tlb() and
 * mm_dec_nr_ptes()).
 * @mm: address space (machine lock held for writing)
 * @pmdval: the pmd entry as it was
 *
 * The kernel frees the frame after an RCU grace period (it is freed
 * through the mmu_gather's table batch), so the host's PageTables drops
 * a moment later; here, as for every table free_pgd_range() frees, it
 * drops at once, with VmPTE, and the frame counts in pgfree.
 */
void free_pte(struct mm_struct *mm, pmd_t pmdval)
{
	pte_table_free(mm, pmd_pfn(pmdval), true);
}

/* What free_table_range() frees: see free_pgd_range(). */
struct free_range {
	unsigned long addr, end, floor, ceiling;
};

/*
 * Free the tables below the table at @pfn (of @level: 0 the pgd, down to
 * the pmd at pt_levels() - 2) whose span meets [addr, end), that lie
 * wholly inside [floor, ceiling) and map nothing; @base is the first
 * address the table maps. Tables only partly inside are visited for
 * their own children but stay (a neighbouring VMA may use them). A
 * 5-level machine's p4d tables (the children of its pgd) are not in
 * pgtables_bytes.
 */
static void free_table_range(struct mm_struct *mm, unsigned long pfn,
			     int level, unsigned long base,
			     const struct free_range *r)
{
	unsigned int shift = pt_level_shift(mm, level);
	bool counted = !(level == 0 && pgtable_l5_enabled(mm));
	pteval_t *table = table_at(mm, pfn);
	unsigned long span = 1UL << shift;
	unsigned long first = r->addr > base ? (r->addr - base) >> shift : 0;
	unsigned long last = (r->end - 1 - base) >> shift;

	if (last > 511)
		last = 511;
	for (unsigned long i = first; i <= last; i++) {
		unsigned long start = base + i * span, lower;

		if (!table[i])
			continue;
		lower = (table[i] & PTE_PFN_MASK) >> PAGE_SHIFT;
		if (level < pt_levels(mm) - 2)
			free_table_range(mm, lower, level + 1, start, r);
		if (start >= r->floor && start + span <= r->ceiling &&
		    table_empty(table_at(mm, lower))) {
			table[i] = 0;
			/* pte/pmd/pud_free_tlb() at the unmapped address:
			 * the paging-structure caches forget it too */
			tlb_note_freed_table(mm, start < r->addr ? r->addr :
					     start, PAGE_SIZE);
			pte_table_free(mm, lower, counted);
		}
	}
}

/**
 * free_pgd_range() - free the p4d, pud, pmd and PTE tables that cover part of
 * [@addr, @end), lie wholly in [@floor, @ceiling) and map nothing,
 * bottom-up: PTE tables whose 512 entries are all none, then pmd tables
 * left empty, then pud tables. The pgd itself stays (pgd_free()).
 * @mm: address space (machine lock held for writing)
 * @addr, @end: the range just unmapped (its PTEs already clear); an
 *	@end of 0 is the top of the user half
 * @floor: end of the previous VMA, or 0 (free_pgtables()'s floor)
 * @ceiling: start of the next VMA; 0 or anything at or beyond
 *	mm->task_size means the top of the user half
 *
 * As in the kernel, a table shared with a VMA outside [floor, ceiling)
 * stays, so VmPTE after a partial munmap matches Linux; and only the
 * tables over the unmapped range are looked at, so an munmap costs what
 * its range holds, not what the gap around it spans.
 */
void free_pgd_range(struct mm_struct *mm, unsigned long addr,
		    unsigned long end, unsigned long floor,
		    unsigned long ceiling)
{
	struct free_range r;

	if (!mm->pgd)
		return;
	if (!ceiling || ceiling >= mm->task_size)
		ceiling = user_pgtables_end(mm);
	if (!end || end > ceiling)
		end = ceiling;
	if (addr < floor)
		addr = floor;
	if (addr >= end)
		return;
	r = (struct free_range){ .addr = addr, .end = end, .floor = floor,
				 .ceiling = ceiling };
	free_table_range(mm, mm->pgd_pfn, 0, 0, &r);
}

/**
 * vm_get_page_prot() - the PTE protection bits for a VMA's flags, as x86's
 * protection_map[]: present, user and accessed for any access; NX unless
 * VM_EXEC; RW only for shared writable mappings -- a private writable
 * mapping is mapped read-only so the first write faults (COW); no access
 * at all gives PAGE_NONE (not present, not user, _PAGE_PROTNONE). The
 * VMA's protection key (VM_PKEY_BIT0..3) goes into PTE bits 59..62.
 * @vm_flags: VM_READ, VM_WRITE, VM_EXEC, VM_SHARED, VM_PKEY_BIT* and
 *	others (ignored)
 *
 * Return: the pgprot.
 */
pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	pteval_t pkey = (pteval_t)((vm_flags & ARCH_VM_PKEY_FLAGS) >>
				  VM_PKEY_SHIFT) << _PAGE_BIT_PKEY_BIT0;
	pteval_t prot;

	if (!(vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return (pgprot_t){ _PAGE_ACCESSED | _PAGE_PROTNONE | pkey };
	prot = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | pkey;
	if (!(vm_flags & VM_EXEC))
		prot |= _PAGE_NX;
	if ((vm_flags & (VM_SHARED | VM_WRITE)) == (VM_SHARED | VM_WRITE))
		prot |= _PAGE_RW;
	return (pgprot_t){ prot };
}
