/*
 * pgtable.h - x86-64 page tables whose tables are themselves simulated
 * frames: 4-level (pgd/pud/pmd/pte, 9 bits each, 48-bit addresses, the
 * p4d folded into the pgd as in Linux) or, on a machine with la57
 * (--paging=5level), 5-level (pgd/p4d/pud/pmd/pte, 57-bit addresses);
 * and the PTE bit layout of arch/x86/include/asm/pgtable_types.h.
 */
#ifndef MMSIM_PGTABLE_H
#define MMSIM_PGTABLE_H

#include "mm_types.h"

#define PTRS_PER_PGD	512
#define PTRS_PER_PUD	512
#define PTRS_PER_PMD	512
#define PTRS_PER_PTE	512

#define PMD_SHIFT	21
#define PUD_SHIFT	30
#define P4D_SHIFT	39
/* 4-level's; with 5-level paging the pgd's shift is PGDIR_SHIFT_L5. */
#define PGDIR_SHIFT	39
#define PGDIR_SHIFT_L5	48
/* The most levels a machine's tables have (5-level paging). */
#define PT_MAX_LEVELS	5
#define PMD_SIZE	(1UL << PMD_SHIFT)
#define PUD_SIZE	(1UL << PUD_SHIFT)
#define PGDIR_SIZE	(1UL << PGDIR_SHIFT)
#define PMD_MASK	(~(PMD_SIZE - 1))
#define PUD_MASK	(~(PUD_SIZE - 1))
#define PGDIR_MASK	(~(PGDIR_SIZE - 1))

#define _PAGE_BIT_PRESENT	0
#define _PAGE_BIT_RW		1
#define _PAGE_BIT_USER		2
#define _PAGE_BIT_PWT		3
#define _PAGE_BIT_PCD		4
#define _PAGE_BIT_ACCESSED	5
#define _PAGE_BIT_DIRTY		6
#define _PAGE_BIT_PSE		7
#define _PAGE_BIT_GLOBAL	8
#define _PAGE_BIT_SOFT_DIRTY	11	/* _PAGE_BIT_SOFTW3 */
#define _PAGE_BIT_PKEY_BIT0	59	/* protection key, bits 59..62 */
#define _PAGE_BIT_NX		63

#define _PAGE_PRESENT	(1ULL << _PAGE_BIT_PRESENT)
#define _PAGE_RW	(1ULL << _PAGE_BIT_RW)
#define _PAGE_USER	(1ULL << _PAGE_BIT_USER)
#define _PAGE_ACCESSED	(1ULL << _PAGE_BIT_ACCESSED)
#define _PAGE_DIRTY	(1ULL << _PAGE_BIT_DIRTY)
#define _PAGE_SOFT_DIRTY (1ULL << _PAGE_BIT_SOFT_DIRTY)
#define _PAGE_NX	(1ULL << _PAGE_BIT_NX)
#define _PAGE_PKEY_MASK	(0xfULL << _PAGE_BIT_PKEY_BIT0)
/* PROT_NONE PTEs: not present to the MMU, but present to the kernel. */
#define _PAGE_PROTNONE	(1ULL << _PAGE_BIT_GLOBAL)

#define PTE_PFN_MASK	0x000ffffffffff000ULL	/* bits 12..51 */
#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_DIRTY)

static inline unsigned long p4d_index(unsigned long a) { return (a >> P4D_SHIFT) & 511; }
static inline unsigned long pud_index(unsigned long a) { return (a >> PUD_SHIFT) & 511; }
static inline unsigned long pmd_index(unsigned long a) { return (a >> PMD_SHIFT) & 511; }
static inline unsigned long pte_index(unsigned long a) { return (a >> PAGE_SHIFT) & 511; }

static inline pte_t __pte(pteval_t v) { return (pte_t){ v }; }
static inline pteval_t pte_val(pte_t p) { return p.pte; }
static inline bool pte_none(pte_t p) { return p.pte == 0; }
/* As x86's pte_present(): a PROT_NONE PTE still maps its page. */
static inline bool pte_present(pte_t p) { return p.pte & (_PAGE_PRESENT | _PAGE_PROTNONE); }
/* What the MMU itself sees. */
static inline bool pte_hw_present(pte_t p) { return p.pte & _PAGE_PRESENT; }
static inline bool pte_write(pte_t p) { return p.pte & _PAGE_RW; }
static inline bool pte_young(pte_t p) { return p.pte & _PAGE_ACCESSED; }
static inline bool pte_dirty(pte_t p) { return p.pte & _PAGE_DIRTY; }
static inline bool pte_soft_dirty(pte_t p) { return p.pte & _PAGE_SOFT_DIRTY; }
static inline bool pte_exec(pte_t p) { return !(p.pte & _PAGE_NX); }
static inline unsigned long pte_pfn(pte_t p) { return (p.pte & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline pte_t pte_mkwrite(pte_t p) { return __pte(p.pte | _PAGE_RW); }
static inline pte_t pte_wrprotect(pte_t p) { return __pte(p.pte & ~_PAGE_RW); }
static inline pte_t pte_mkyoung(pte_t p) { return __pte(p.pte | _PAGE_ACCESSED); }
static inline pte_t pte_mkold(pte_t p) { return __pte(p.pte & ~_PAGE_ACCESSED); }
static inline pte_t pte_mkdirty(pte_t p) { return __pte(p.pte | _PAGE_DIRTY | _PAGE_SOFT_DIRTY); }
static inline pte_t pte_mkclean(pte_t p) { return __pte(p.pte & ~_PAGE_DIRTY); }
/*
 * pte_needs_flush() - may a TLB still hold what @oldpte allowed once the
 * PTE is @newpte (arch/x86/include/asm/tlbflush.h)? Not if the old one
 * was not present to the MMU; yes if the frame changed, if a flag the TLB
 * caches changed (RW, USER, caching, GLOBAL -- PROT_NONE's bit --, the
 * key, NX), or if DIRTY or PRESENT was cleared. ACCESSED is ignored.
 */
static inline bool pte_needs_flush(pte_t oldpte, pte_t newpte)
{
	const pteval_t flush_on_clear = _PAGE_DIRTY | _PAGE_PRESENT;
	const pteval_t flush_on_change = _PAGE_RW | _PAGE_USER |
		(1ULL << _PAGE_BIT_PWT) | (1ULL << _PAGE_BIT_PCD) |
		(1ULL << _PAGE_BIT_PSE) | (1ULL << _PAGE_BIT_GLOBAL) |
		_PAGE_PKEY_MASK | _PAGE_NX;
	pteval_t oldf = pte_val(oldpte) & ~PTE_PFN_MASK;
	pteval_t diff = (pte_val(oldpte) ^ pte_val(newpte)) & ~_PAGE_ACCESSED;

	if (!(oldf & _PAGE_PRESENT))
		return false;
	if (pte_pfn(oldpte) != pte_pfn(newpte))
		return true;
	return (diff & oldf & flush_on_clear) || (diff & flush_on_change);
}

/* pte_flags_pkey() - the protection key the MMU checks for this PTE. */
static inline int pte_flags_pkey(pte_t p)
{
	return (int)((p.pte & _PAGE_PKEY_MASK) >> _PAGE_BIT_PKEY_BIT0);
}
static inline pte_t pte_mksoft_dirty(pte_t p) { return __pte(p.pte | _PAGE_SOFT_DIRTY); }
static inline pte_t pte_clear_soft_dirty(pte_t p) { return __pte(p.pte & ~_PAGE_SOFT_DIRTY); }
/*
 * pte_modify() - new protection, same page: the PFN and the accessed,
 * dirty and soft-dirty bits are kept from @p (x86's _PAGE_CHG_MASK) and
 * everything else comes from @prot; @prot's own accessed bit does not
 * make the PTE young (mprotect leaves Referenced as it was).
 */
#define _PAGE_CHG_MASK	(PTE_PFN_MASK | _PAGE_ACCESSED | _PAGE_DIRTY | \
			 _PAGE_SOFT_DIRTY)
static inline pte_t pte_modify(pte_t p, pgprot_t prot)
{
	return __pte((p.pte & _PAGE_CHG_MASK) |
		     (prot.pgprot & ~_PAGE_CHG_MASK));
}
static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte(((pteval_t)pfn << PAGE_SHIFT) | prot.pgprot);
}

/* Upper levels share one representation: a present entry holding a pfn. */
static inline bool pgd_none(pgd_t e) { return e.pgd == 0; }
static inline bool p4d_none(p4d_t e) { return e.p4d == 0; }
static inline unsigned long p4d_pfn(p4d_t e) { return (e.p4d & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline bool pud_none(pud_t e) { return e.pud == 0; }
static inline bool pmd_none(pmd_t e) { return e.pmd == 0; }
static inline unsigned long pgd_pfn(pgd_t e) { return (e.pgd & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline unsigned long pud_pfn(pud_t e) { return (e.pud & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline unsigned long pmd_pfn(pmd_t e) { return (e.pmd & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline void pmd_clear(pmd_t *e) { e->pmd = 0; }

/*
 * pmd_addr_end() - the end of the step of [@addr, @end) that lies in one
 * PTE table: the next pmd boundary, or @end if that comes first. The
 * "- 1"s make an @end of 0 (the top of the address space) work.
 */
static inline unsigned long pmd_addr_end(unsigned long addr,
					 unsigned long end)
{
	unsigned long boundary = (addr + PMD_SIZE) & PMD_MASK;

	return boundary - 1 < end - 1 ? boundary : end;
}

/* pud_addr_end() - the same for one pmd table (the next pud boundary). */
static inline unsigned long pud_addr_end(unsigned long addr,
					 unsigned long end)
{
	unsigned long boundary = (addr + PUD_SIZE) & PUD_MASK;

	return boundary - 1 < end - 1 ? boundary : end;
}

struct zone;

/**
 * pgtable_l5_enabled() - does @mm's machine page with 5 levels (the la57
 * of its machine description, --paging=5level)? Linux's global test; a
 * machine's tables are all of one kind.
 */
static inline bool pgtable_l5_enabled(const struct mm_struct *mm)
{
	/* Read at every level of every walk: mm_alloc() gives each mm its
	 * machine's task_size (task_size_max()) before any table. */
	return mm->task_size > (1UL << 47);
}

/** pt_levels() - the levels of @mm's tables: 4, or 5 with LA57. */
static inline int pt_levels(const struct mm_struct *mm)
{
	return pgtable_l5_enabled(mm) ? 5 : 4;
}

/**
 * pt_level_shift() - the shift of the addresses one entry of a table at
 * @level maps (0 the pgd, pt_levels() - 1 a PTE table): 39 30 21 12 with
 * 4 levels, 48 39 30 21 12 with 5.
 */
static inline unsigned int pt_level_shift(const struct mm_struct *mm,
					  int level)
{
	return PAGE_SHIFT + 9 * (unsigned int)(pt_levels(mm) - 1 - level);
}

/**
 * user_pgtables_end() - the end of what @mm's user tables map: the lower
 * half of the canonical addresses, 1 << 47, or 1 << 56 with 5 levels.
 */
static inline unsigned long user_pgtables_end(const struct mm_struct *mm)
{
	return 1UL << (pgtable_l5_enabled(mm) ? 56 : 47);
}

/*
 * Table lookup: *_offset() return the host pointer to the entry for @addr
 * in an existing table; *_alloc() also allocate the lower table when it is
 * missing (a simulated frame with page_type PGTY_table, counted in
 * mm->pgtables_bytes and in the machine's PageTables).
 *
 * Table frames come from the mm's preallocated cache first (see
 * pgtable_cache_topup()), else from the page allocator, which invokes the
 * OOM killer when no frame is free, as a GFP_KERNEL allocation of the
 * kernel's __pte_alloc() does (alloc_page_or_oom()). The *_alloc()
 * functions return NULL when no frame could be had even so.
 */
pgd_t *pgd_offset(struct mm_struct *mm, unsigned long addr);
/*
 * p4d_offset() - with 4 levels the pgd entry itself (folded, as
 * include/asm-generic/pgtable-nop4d.h), with 5 the entry of the p4d table
 * below it, or NULL when the pgd entry is none. p4d_alloc() allocates
 * that table (in PageTables, not in VmPTE: Linux has no nr_p4ds).
 */
p4d_t *p4d_offset(struct mm_struct *mm, pgd_t *pgd, unsigned long addr);
p4d_t *p4d_alloc(struct mm_struct *mm, pgd_t *pgd, unsigned long addr);
pud_t *pud_offset(struct mm_struct *mm, p4d_t *p4d, unsigned long addr);
pmd_t *pmd_offset(struct mm_struct *mm, pud_t *pud, unsigned long addr);
pte_t *pte_offset_map(struct mm_struct *mm, pmd_t *pmd, unsigned long addr);

pud_t *pud_alloc(struct mm_struct *mm, p4d_t *p4d, unsigned long addr);
pmd_t *pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr);
pte_t *pte_alloc_map(struct mm_struct *mm, pmd_t *pmd, unsigned long addr);

/**
 * walk_to_pmd() - the pmd entry for @addr, allocating the pud and pmd
 * tables on the way down when they are missing (mm/memory.c's
 * walk_to_pmd()).
 * @mm: address space (machine lock held for writing)
 * @addr: user address
 *
 * The one downward allocation walk of the engine: the fault path, fork's
 * copy of the page tables and mremap's move all go through it.
 *
 * Return: the entry, or NULL when a table frame could not be had even
 * with the OOM killer's help (what was allocated on the way stays, empty,
 * for free_pgd_range()).
 */
pmd_t *walk_to_pmd(struct mm_struct *mm, unsigned long addr);

/**
 * walk_to_pte() - walk_to_pmd(), then the PTE table too: the PTE slot for
 * @addr, every table on the way allocated if missing (what the kernel's
 * __get_locked_pte() does, without the lock).
 * Return: the slot, or NULL as walk_to_pmd().
 */
pte_t *walk_to_pte(struct mm_struct *mm, unsigned long addr);

/**
 * pgtable_cache_topup() - make sure @mm's cache of table frames holds at
 * least @min frames, allocating (with the OOM killer's help) what is
 * missing.
 * @mm: address space (machine lock held for writing)
 * @min: frames the coming work may need
 *
 * The pattern of the kernel's preallocations before a point of no return
 * (vmf->prealloc_pte, kvm_mmu_topup_memory_cache()): what can fail is
 * done first; the *_alloc() functions then take their frames from the
 * cache and cannot fail. A cached frame is not a table yet: it counts
 * nowhere (not in VmPTE, not in PageTables) until a *_alloc() installs it.
 *
 * Return: 0, or -ENOMEM when the frames could not be had (the cache is
 * drained again, so nothing is left behind).
 */
int pgtable_cache_topup(struct mm_struct *mm, unsigned long min);
/** pgtable_cache_drain() - free the frames of @mm's cache left unused. */
void pgtable_cache_drain(struct mm_struct *mm);

/**
 * mm_find_pmd() - the pmd entry for @addr (which may be none), or NULL if
 * the pud or pmd table on the way is missing. No allocation.
 */
pmd_t *mm_find_pmd(struct mm_struct *mm, unsigned long addr);

/**
 * mm_find_pte() - the PTE slot for @addr, or NULL if a table on the way is
 * missing. No allocation.
 */
pte_t *mm_find_pte(struct mm_struct *mm, unsigned long addr);

/**
 * free_pte() - free the PTE table @pmdval pointed to, once its pmd entry
 * has been cleared (mm/pt_reclaim.c): the frame goes back to the page
 * allocator (pgfree) and leaves VmPTE and PageTables.
 * @mm: address space (machine lock held for writing)
 * @pmdval: the pmd entry as it was before it was cleared
 */
void free_pte(struct mm_struct *mm, pmd_t pmdval);

/**
 * pgd_alloc() - give @mm an empty top-level table. Return: 0 or -ENOMEM.
 */
int pgd_alloc(struct mm_struct *mm);

/**
 * free_pgd_range() - free every page-table frame covering part of [addr,
 * end) that lies wholly in [floor, ceiling) and no longer maps anything,
 * as after unmapping [addr, end). The PTEs must already be clear.
 * free_pgd_range(mm, 0, TASK_SIZE, 0, TASK_SIZE) plus pgd_free() tear
 * down everything at exit.
 *
 * As the kernel's free_pgtables(), @floor and @ceiling are the end of the
 * previous VMA and the start of the next (0 and TASK_SIZE when there is
 * none): only a table whose whole span lies inside [floor, ceiling) is
 * freed, so a table shared with a neighbouring VMA stays even if empty.
 * A table that still holds an entry is never freed.
 */
void free_pgd_range(struct mm_struct *mm, unsigned long addr,
		    unsigned long end, unsigned long floor,
		    unsigned long ceiling);
void pgd_free(struct mm_struct *mm);

/* The pgprot for a VMA's flags (vm_get_page_prot, protection_map[]). */
pgprot_t vm_get_page_prot(unsigned long vm_flags);

#endif
