/*
 * mremap.c - mremap(2) (mm/mremap.c): shrink a mapping (unmap its tail),
 * grow it in place when the space after it is free, or move it
 * (MREMAP_MAYMOVE, or to a given address with MREMAP_FIXED) by copying
 * the VMA and moving its page-table entries. A move to a given address
 * that keeps the size may take several VMAs at once (Linux 6.17+,
 * remap_move()).
 *
 * A move keeps every page where it is in memory: the PTEs (or whole page
 * tables, when a pmd or pud span moves entire) go to the new addresses and
 * the new VMA keeps the old page offset (vm_pgoff), so page->index and the
 * anon_vma links still find each page through rmap.
 *
 * Everything that can fail runs before the first change: the checks, the
 * commit for growth, and then move_vma_prepare(), which allocates the
 * destination VMA and the frames for the destination's page tables (with
 * the OOM killer's help). Only then does MREMAP_FIXED unmap the
 * destination, as Linux does first, and the move itself cannot fail. So
 * a failed mremap of one VMA changes nothing. A move of several VMAs is
 * one such remap per VMA, as in Linux: when one fails, those before it
 * stay moved.
 *
 * Locking: machine lock held for writing.
 */
#include <errno.h>
#include <limits.h>
#include "machine.h"
#include "mm.h"
#include "tlb.h"
#include "swap.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP	4
#endif

/* ---- moving page-table entries ---- */

/*
 * struct pagetable_move_control - one move of page tables: the source and
 * destination VMAs, where the move has got to (@old_addr, @new_addr), where
 * it ends (@old_end) and how long it was asked to be (@len_in).
 */
struct pagetable_move_control {
	struct vm_area_struct *old;
	struct vm_area_struct *new;
	unsigned long old_addr;
	unsigned long old_end;
	unsigned long new_addr;
	unsigned long len_in;
};

/* The source pud entry for @addr, or NULL when it holds no pmd table. */
static pud_t *get_old_pud(struct mm_struct *mm, unsigned long addr)
{
	pud_t *pud = pud_offset(mm, p4d_offset(mm, pgd_offset(mm, addr), addr),
				addr);

	if (!pud || pud_none(*pud))
		return NULL;
	return pud;
}

/* The source pmd entry for @addr, or NULL when it holds no PTE table. */
static pmd_t *get_old_pmd(struct mm_struct *mm, unsigned long addr)
{
	pud_t *pud = get_old_pud(mm, addr);
	pmd_t *pmd;

	if (!pud)
		return NULL;
	pmd = pmd_offset(mm, pud, addr);
	if (!pmd || pmd_none(*pmd))
		return NULL;
	return pmd;
}

/*
 * The destination pud entry for @addr, allocating the pud table: the top
 * step of walk_to_pmd(). Frames come from the cache move_vma_prepare()
 * filled.
 */
static pud_t *alloc_new_pud(struct mm_struct *mm, unsigned long addr)
{
	return pud_alloc(mm, p4d_alloc(mm, pgd_offset(mm, addr), addr), addr);
}

/* The destination pmd entry for @addr, allocating the tables above it. */
static pmd_t *alloc_new_pmd(struct mm_struct *mm, unsigned long addr)
{
	return walk_to_pmd(mm, addr);
}

/*
 * get_extent - how far the move can go in one step at the level of @size
 * (PMD_SIZE or PUD_SIZE): to the next boundary of that level on the
 * source side and on the destination side, and no further than the end.
 */
static unsigned long get_extent(struct pagetable_move_control *pmc,
				unsigned long size)
{
	unsigned long (*addr_end)(unsigned long, unsigned long) =
		size == PUD_SIZE ? pud_addr_end : pmd_addr_end;
	unsigned long extent;

	extent = addr_end(pmc->old_addr, pmc->old_end) - pmc->old_addr;
	return addr_end(pmc->new_addr, pmc->new_addr + extent) - pmc->new_addr;
}

/*
 * move_ptes - move the PTEs of @extent bytes from the table under
 * @old_pmd to the one under @new_pmd (both exist, and the extent lies in
 * one table on each side). A moved present PTE is marked soft-dirty
 * (move_soft_dirty_pte), so a tracker sees the page at its new address.
 */
static void move_ptes(struct pagetable_move_control *pmc,
		      unsigned long extent, pmd_t *old_pmd, pmd_t *new_pmd)
{
	struct mm_struct *mm = pmc->old->vm_mm;
	bool soft_dirty = soft_dirty_enabled(mm);
	pte_t *old_pte = pte_offset_map(mm, old_pmd, pmc->old_addr);
	pte_t *new_pte = pte_offset_map(mm, new_pmd, pmc->new_addr);
	unsigned long off;
	bool need_flush = false;

	for (off = 0; off < extent; off += PAGE_SIZE, old_pte++, new_pte++) {
		pte_t pte = *old_pte;

		if (pte_none(pte))
			continue;
		*old_pte = __pte(0);
		need_flush |= pte_present(pte);
		if (soft_dirty && pte_present(pte))
			pte = pte_mksoft_dirty(pte);
		else if (soft_dirty && is_swap_pte(pte))
			pte = pte_swp_mksoft_dirty(pte);
		*new_pte = pte;
	}
	/* The old addresses' translations go (flush_tlb_range()). */
	if (need_flush)
		flush_tlb_range(pmc->old, pmc->old_addr, pmc->old_addr + extent);
}

/*
 * move_normal_pmd - move a whole PTE table: the source pmd entry goes to
 * the destination, which must be empty (x86 has CONFIG_HAVE_MOVE_PMD).
 * As in the kernel, the PTEs inside are not marked soft-dirty, and the
 * old span's translations are flushed (flush_tlb_range()).
 * Return: whether the table moved.
 */
static bool move_normal_pmd(struct pagetable_move_control *pmc,
			    pmd_t *old_pmd, pmd_t *new_pmd)
{
	if (!pmd_none(*new_pmd))
		return false;
	*new_pmd = *old_pmd;
	old_pmd->pmd = 0;
	flush_tlb_range(pmc->old, pmc->old_addr, pmc->old_addr + PMD_SIZE);
	return true;
}

/* move_normal_pud - the same for a whole pmd table (CONFIG_HAVE_MOVE_PUD). */
static bool move_normal_pud(struct pagetable_move_control *pmc,
			    pud_t *old_pud, pud_t *new_pud)
{
	if (!pud_none(*new_pud))
		return false;
	*new_pud = *old_pud;
	old_pud->pud = 0;
	flush_tlb_range(pmc->old, pmc->old_addr, pmc->old_addr + PUD_SIZE);
	return true;
}

/*
 * can_align_down - may the move of @vma, starting at @addr, start at the
 * pmd boundary below instead? Only if @addr is where @vma starts and no
 * mapping lies between the boundary and it.
 */
static bool can_align_down(struct vm_area_struct *vma, unsigned long addr)
{
	if (vma->vm_start != addr)
		return false;
	return !find_vma_intersection(vma->vm_mm, addr & PMD_MASK,
				      vma->vm_start);
}

/*
 * try_realign_addr - when the move crosses a pmd boundary and the source
 * and destination sit at the same offset in their pmd spans, with nothing
 * mapped below either start back to the boundary, start both at the
 * boundary: the first table then moves whole (move_normal_pmd). The end
 * stays where it was.
 */
static void try_realign_addr(struct pagetable_move_control *pmc)
{
	unsigned long old_align = pmc->old_addr & ~PMD_MASK;
	unsigned long new_align = pmc->new_addr & ~PMD_MASK;

	if (pmc->len_in < PMD_SIZE - old_align)
		return;
	if (!old_align || old_align != new_align)
		return;
	if (!can_align_down(pmc->old, pmc->old_addr) ||
	    !can_align_down(pmc->new, pmc->new_addr))
		return;
	pmc->old_addr &= PMD_MASK;
	pmc->new_addr &= PMD_MASK;
}

/*
 * move_page_tables - move the page tables of [@old_addr, @old_addr + @len)
 * of @vma to the same offsets from @new_addr in @new_vma, as the kernel
 * does, step by step at the largest level that fits:
 *
 *  - a step with no pmd table at the source (empty pud entry) is skipped
 *    to the next pud boundary, allocating nothing;
 *  - otherwise the destination's pud entry is made (its pud table
 *    allocated if missing); a whole aligned pud span moves its pmd table;
 *  - a step with no PTE table at the source is skipped to the next pmd
 *    boundary;
 *  - otherwise the destination's pmd entry is made; a whole aligned pmd
 *    span moves its PTE table; else a destination PTE table is allocated,
 *    even when the source table maps nothing in the step, and the PTEs
 *    are moved one by one.
 *
 * Tables left empty at the old place stay for the unmap to free. The
 * destination's tables come from the frames move_vma_prepare() set aside
 * (move_page_tables_need()), so none is ever missing.
 * Return: the bytes of the range whose tables were moved; less than @len
 * only if a table could not be had after all.
 */
static unsigned long move_page_tables(struct vm_area_struct *vma,
				      unsigned long old_addr,
				      struct vm_area_struct *new_vma,
				      unsigned long new_addr,
				      unsigned long len)
{
	struct mm_struct *mm = vma->vm_mm;
	struct pagetable_move_control pmc = {
		.old = vma, .new = new_vma,
		.old_addr = old_addr, .old_end = old_addr + len,
		.new_addr = new_addr, .len_in = len,
	};
	unsigned long extent;

	if (!len)
		return 0;
	try_realign_addr(&pmc);

	for (; pmc.old_addr < pmc.old_end;
	     pmc.old_addr += extent, pmc.new_addr += extent) {
		pud_t *old_pud, *new_pud;
		pmd_t *old_pmd, *new_pmd;

		extent = get_extent(&pmc, PUD_SIZE);
		old_pud = get_old_pud(mm, pmc.old_addr);
		if (!old_pud)
			continue;
		new_pud = alloc_new_pud(mm, pmc.new_addr);
		if (!new_pud)
			break;
		if (extent == PUD_SIZE &&
		    move_normal_pud(&pmc, old_pud, new_pud))
			continue;

		extent = get_extent(&pmc, PMD_SIZE);
		old_pmd = get_old_pmd(mm, pmc.old_addr);
		if (!old_pmd)
			continue;
		new_pmd = alloc_new_pmd(mm, pmc.new_addr);
		if (!new_pmd)
			break;
		if (extent == PMD_SIZE &&
		    move_normal_pmd(&pmc, old_pmd, new_pmd))
			continue;
		if (!pte_alloc_map(mm, new_pmd, pmc.new_addr))
			break;
		move_ptes(&pmc, extent, old_pmd, new_pmd);
	}
	/* A realigned start may lie below @old_addr: count from there. */
	return pmc.old_addr < old_addr ? 0 : pmc.old_addr - old_addr;
}

/* next_table - count one table if @index differs from the last counted. */
static unsigned long next_table(unsigned long *last, unsigned long index)
{
	if (*last == index)
		return 0;
	*last = index;
	return 1;
}

/*
 * move_page_tables_need - how many table frames move_page_tables() may
 * allocate to move [@old_addr, @old_addr + @len) of @vma to @new_addr:
 * its own walk over the source, counting at the destination the pud
 * table of each pgd entry, the pmd table of each pud entry and the PTE
 * table of each pmd entry it would ask for if the destination held no
 * table at all. That is an upper bound: a table that is there already
 * (after MREMAP_FIXED has unmapped the destination, or next to it) is
 * not allocated, a whole span moves its table instead, and a realigned
 * start (try_realign_addr()) only turns a first step into a whole one.
 */
static unsigned long move_page_tables_need(struct vm_area_struct *vma,
					   unsigned long old_addr,
					   unsigned long new_addr,
					   unsigned long len)
{
	struct mm_struct *mm = vma->vm_mm;
	struct pagetable_move_control pmc = {
		.old = vma, .old_addr = old_addr, .old_end = old_addr + len,
		.new_addr = new_addr, .len_in = len,
	};
	unsigned long last_p4d = ULONG_MAX, last_pgd = ULONG_MAX;
	unsigned long last_pud = ULONG_MAX;
	unsigned long last_pmd = ULONG_MAX, need = 0, extent;

	for (; pmc.old_addr < pmc.old_end;
	     pmc.old_addr += extent, pmc.new_addr += extent) {
		extent = get_extent(&pmc, PUD_SIZE);
		if (!get_old_pud(mm, pmc.old_addr))
			continue;
		/* A 5-level machine's p4d table first (one per pgd entry). */
		if (pgtable_l5_enabled(mm))
			need += next_table(&last_p4d,
					   pmc.new_addr >> PGDIR_SHIFT_L5);
		need += next_table(&last_pgd, pmc.new_addr >> P4D_SHIFT);
		if (extent == PUD_SIZE)
			continue;	/* the pmd table moves whole */

		extent = get_extent(&pmc, PMD_SIZE);
		if (!get_old_pmd(mm, pmc.old_addr))
			continue;
		need += next_table(&last_pud, pmc.new_addr >> PUD_SHIFT);
		if (extent == PMD_SIZE)
			continue;	/* the PTE table moves whole */
		need += next_table(&last_pmd, pmc.new_addr >> PMD_SHIFT);
	}
	return need;
}

/* ---- one remap: the request, and what the steps learn about it ---- */

/* What a remap does to the size of the range (mm/mremap.c). */
enum mremap_type {
	MREMAP_INVALID,		/* not worked out yet */
	MREMAP_NO_RESIZE,	/* old_len == new_len: a move, or nothing */
	MREMAP_SHRINK,
	MREMAP_EXPAND,
};

/*
 * struct vma_remap_struct - one mremap() as mm/mremap.c (6.15+) carries
 * it from step to step: what the caller asked for, then the VMA found at
 * @addr and what the checks worked out. remap_move() rewrites @addr,
 * @old_len, @new_len, @new_addr and @vma for each VMA of a multi-VMA
 * move, so every step below sees a remap of one VMA.
 */
struct vma_remap_struct {
	/* What the caller asked for (lengths page-aligned). */
	unsigned long addr;
	unsigned long old_len;
	unsigned long new_len;
	unsigned long flags;
	unsigned long new_addr;

	/* Internal state. */
	struct task_struct *tsk;	/* the caller: the kernel's current */
	struct vm_area_struct *vma;	/* the VMA holding @addr */
	unsigned long delta;		/* |old_len - new_len| */
	enum mremap_type remap_type;
	long charged;			/* pages committed for the growth */
};

static struct mm_struct *vrm_mm(const struct vma_remap_struct *vrm)
{
	return vrm->tsk->mm;
}

/* Does the remap move to the caller's NEWADDR (MREMAP_FIXED)? */
static bool vrm_implies_new_addr(const struct vma_remap_struct *vrm)
{
	return vrm->flags & MREMAP_FIXED;
}

/*
 * vrm_move_only - does the remap only move (MREMAP_FIXED, same size)?
 * Only such a remap may span several VMAs (remap_move()).
 */
static bool vrm_move_only(const struct vma_remap_struct *vrm)
{
	if (!(vrm->flags & MREMAP_FIXED))
		return false;
	return vrm->old_len == vrm->new_len;
}

/* Do [addr, addr + old_len) and [new_addr, new_addr + new_len) meet? */
static bool vrm_overlaps(const struct vma_remap_struct *vrm)
{
	return vrm->addr + vrm->old_len > vrm->new_addr &&
	       vrm->new_addr + vrm->new_len > vrm->addr;
}

static void vrm_set_delta(struct vma_remap_struct *vrm)
{
	vrm->delta = vrm->old_len > vrm->new_len ?
		     vrm->old_len - vrm->new_len : vrm->new_len - vrm->old_len;
}

static enum mremap_type vrm_remap_type(const struct vma_remap_struct *vrm)
{
	if (!vrm->delta)
		return MREMAP_NO_RESIZE;
	return vrm->old_len > vrm->new_len ? MREMAP_SHRINK : MREMAP_EXPAND;
}

/* Will the remap map addresses the range does not cover yet? */
static bool vrm_will_map_new(const struct vma_remap_struct *vrm)
{
	return vrm->remap_type == MREMAP_EXPAND || vrm_implies_new_addr(vrm);
}

/* ---- checks ---- */

/*
 * check_mremap_params - what mremap() checks before it looks at a VMA:
 * the flags, the alignment and sizes, and for MREMAP_FIXED the
 * destination. Return: 0, -EINVAL or -ENOMEM.
 */
static int check_mremap_params(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = vrm_mm(vrm);
	struct machine *m = mm_machine(mm);

	if (vrm->flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE)) {
		vm_err(m, "unsupported flags 0x%lx", vrm->flags);
		return -EINVAL;
	}
	if ((vrm->flags & MREMAP_FIXED) && !(vrm->flags & MREMAP_MAYMOVE)) {
		vm_err(m, "fixed needs maymove");
		return -EINVAL;
	}
	if (vrm->addr & ~PAGE_MASK) {
		vm_err(m, "address 0x%lx is not page-aligned", vrm->addr);
		return -EINVAL;
	}
	/* An OLDLEN of 0 duplicates a shared mapping; a NEWLEN of 0 is
	 * nonsense. */
	if (!vrm->new_len) {
		vm_err(m, "NEWLEN is 0");
		return -EINVAL;
	}
	if (vrm->new_len > mm->task_size) {
		vm_err(m, "NEWLEN 0x%lx exceeds the user address space",
		       vrm->new_len);
		return -EINVAL;
	}
	if (!vrm_implies_new_addr(vrm))
		return 0;

	if (vrm->new_addr & ~PAGE_MASK) {
		vm_err(m, "NEWADDR 0x%lx is not page-aligned", vrm->new_addr);
		return -EINVAL;
	}
	if (vrm->new_addr > mm->task_size - vrm->new_len) {
		vm_err(m, "0x%lx+0x%lx is beyond the user address space",
		       vrm->new_addr, vrm->new_len);
		return -EINVAL;
	}
	if (vrm_overlaps(vrm)) {
		vm_err(m, "0x%lx-0x%lx overlaps 0x%lx-0x%lx", vrm->new_addr,
		       vrm->new_addr + vrm->new_len, vrm->addr,
		       vrm->addr + vrm->old_len);
		return -EINVAL;
	}
	/*
	 * move_vma() must stay 4 VMAs below the limit; both the source and
	 * the destination may be split in three on the way.
	 */
	if (mm->map_count + 2 >= m->cfg.max_map_count - 3) {
		vm_err(m, "too many mappings (max_map_count %d)",
		       m->cfg.max_map_count);
		return -ENOMEM;
	}
	return 0;
}

/*
 * check_prep_vma - the checks of the remap against its VMA, vrm->vma
 * (found at vrm->addr, or NULL): it must hold vrm->addr, and when the
 * remap maps anything new (a growth, or any MREMAP_FIXED move) the whole
 * old range -- except the tail a shrink unmaps, which may cross into
 * other VMAs -- and it must be growable. Works out delta and remap_type
 * on the way.
 * Return: 0, -EFAULT or -EINVAL.
 */
static int check_prep_vma(struct vma_remap_struct *vrm)
{
	struct vm_area_struct *vma = vrm->vma;
	struct machine *m = mm_machine(vrm_mm(vrm));
	unsigned long addr = vrm->addr, old_len, new_len;
	pgoff_t pgoff;

	if (!vma || vma->vm_start > addr) {
		vm_err(m, "no mapping at 0x%lx", addr);
		return -EFAULT;
	}
	vrm_set_delta(vrm);
	vrm->remap_type = vrm_remap_type(vrm);
	/* For convenience new_addr is set even when the VMA stays. */
	if (!vrm_implies_new_addr(vrm))
		vrm->new_addr = addr;
	if (!vrm_will_map_new(vrm))
		return 0;

	old_len = vrm->old_len;
	new_len = vrm->new_len;
	if (!old_len && !(vma->vm_flags & (VM_SHARED | VM_MAYSHARE))) {
		vm_err(m, "OLDLEN 0 duplicates only shared mappings");
		return -EINVAL;
	}
	/* The tail a shrink unmaps may cross VMA boundaries. */
	if (vrm->remap_type == MREMAP_SHRINK)
		old_len = new_len;
	if (old_len > vma->vm_end - addr) {
		vm_err(m, "0x%lx-0x%lx is not one mapping", addr,
		       addr + old_len);
		return -EFAULT;
	}
	if (new_len == old_len)
		return 0;

	pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	if (pgoff + (new_len >> PAGE_SHIFT) < pgoff) {
		vm_err(m, "page offset overflows");
		return -EINVAL;
	}
	if (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP)) {
		vm_err(m, "0x%lx-0x%lx cannot be expanded", vma->vm_start,
		       vma->vm_end);
		return -EFAULT;
	}
	return 0;
}

/*
 * vma_expandable - is the space right after @vma free for @delta more
 * bytes (and inside the user address space)?
 */
static bool vma_expandable(struct vm_area_struct *vma, unsigned long delta)
{
	unsigned long end = vma->vm_end + delta;

	if (end < vma->vm_end || end > vma->vm_mm->task_size)
		return false;
	return !find_vma_intersection(vma->vm_mm, vma->vm_end, end);
}

/*
 * vrm_charge - commit the growth of an accounted VMA (vrm_calc_charge):
 * vrm->delta for an expansion, nothing for a move or a shrink.
 * Return: whether the commit limit allowed it.
 */
static bool vrm_charge(struct vma_remap_struct *vrm)
{
	long pages = (long)(vrm->delta >> PAGE_SHIFT);

	vrm->charged = 0;
	if (vrm->remap_type != MREMAP_EXPAND ||
	    !(vrm->vma->vm_flags & VM_ACCOUNT) || !pages)
		return true;
	if (__vm_enough_memory(vrm_mm(vrm), pages, 1))
		return false;
	vrm->charged = pages;
	return true;
}

/* vrm_uncharge - give back what vrm_charge() committed. */
static void vrm_uncharge(struct vma_remap_struct *vrm)
{
	if (vrm->charged)
		vm_unacct_memory(mm_machine(vrm_mm(vrm)), vrm->charged);
	vrm->charged = 0;
}

/* ---- moving ---- */

/*
 * move_vma_prepare - everything moving vrm->old_len bytes from vrm->addr
 * of vrm->vma to vrm->new_addr (vrm->new_len long) needs that can fail,
 * done while nothing has changed yet: room under max_map_count for the
 * splits (prep_move_vma()), the destination VMA (copy_vma_prepare()) and
 * the frames for the destination's page tables (pgtable_cache_topup(),
 * with the OOM killer's help; it never chooses the calling task).
 * Return: 0 with *@new_vmap set, or -ENOMEM with nothing left behind.
 */
static int move_vma_prepare(struct vma_remap_struct *vrm,
			    struct vm_area_struct **new_vmap)
{
	struct vm_area_struct *vma = vrm->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct machine *m = mm_machine(mm);
	pgoff_t new_pgoff;

	/* Stay clear of a failure in do_munmap(), which may split in three. */
	if (mm->map_count >= m->cfg.max_map_count - 3) {
		vm_err(m, "too many mappings (max_map_count %d)",
		       m->cfg.max_map_count);
		return -ENOMEM;
	}
	new_pgoff = vma->vm_pgoff + ((vrm->addr - vma->vm_start) >> PAGE_SHIFT);
	*new_vmap = copy_vma_prepare(vma, vrm->new_addr, vrm->new_len,
				     new_pgoff);
	if (!*new_vmap)
		return -ENOMEM;
	if (pgtable_cache_topup(mm, move_page_tables_need(vma, vrm->addr,
							  vrm->new_addr,
							  vrm->old_len))) {
		vm_err(m, "out of memory for page tables");
		copy_vma_discard(*new_vmap);
		*new_vmap = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* move_vma_abort - undo move_vma_prepare() when the move does not happen. */
static void move_vma_abort(struct mm_struct *mm, struct vm_area_struct *new_vma)
{
	copy_vma_discard(new_vma);
	pgtable_cache_drain(mm);
}

/*
 * move_vma - move vrm->old_len bytes at vrm->addr of vrm->vma to
 * vrm->new_addr, vrm->new_len long (new_len >= old_len; the part beyond
 * old_len is new and empty), into @new_vma from move_vma_prepare(). The
 * commit for the growth is vrm->charged; the old range's commit moves
 * with it.
 *
 * The old VMA's VM_ACCOUNT is hidden while the old range is unmapped, so
 * that unmap does not return commit the new VMA still holds; the pieces
 * of the old VMA left on either side get it back (unmap_source_vma()).
 *
 * Return: vrm->new_addr (the preparation leaves nothing that can fail).
 */
static unsigned long move_vma(struct vma_remap_struct *vrm,
			      struct vm_area_struct *new_vma)
{
	struct vm_area_struct *vma = vrm->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct machine *m = mm_machine(mm);
	unsigned long old_addr = vrm->addr, old_len = vrm->old_len;
	unsigned long new_addr = vrm->new_addr, new_len = vrm->new_len;
	unsigned long vm_flags = vma->vm_flags;
	struct vm_area_struct *piece;
	unsigned long moved, hiwater_vm, ret = new_addr;
	bool account_start = false, account_end = false;

	new_vma = copy_vma(&vma, new_vma);
	moved = move_page_tables(vma, old_addr, new_vma, new_addr, old_len);
	pgtable_cache_drain(mm);
	if (moved < old_len) {
		/*
		 * Cannot happen (the tables were set aside); should a table
		 * be missing all the same, put back what moved and unmap the
		 * new range instead.
		 */
		move_page_tables(new_vma, new_addr, vma, old_addr, moved);
		vma = new_vma;
		old_len = new_len;
		old_addr = new_addr;
		ret = -ENOMEM;
		vm_err(m, "out of memory for page tables");
	}

	/* Conceal VM_ACCOUNT so the old reservation is not undone. */
	if (vm_flags & VM_ACCOUNT) {
		vma->vm_flags &= ~VM_ACCOUNT;
		account_start = vma->vm_start < old_addr;
		account_end = vma->vm_end > old_addr + old_len;
	}

	/*
	 * total_vm passes its true value while both ranges exist; keep that
	 * out of the high-water mark.
	 */
	hiwater_vm = mm->hiwater_vm;
	vm_stat_account(mm, vma->vm_flags, (long)(new_len >> PAGE_SHIFT));
	if (do_munmap(mm, old_addr, old_len) < 0) {
		/* Unable to split: just get the accounts right. */
		if (vm_flags & VM_ACCOUNT)
			vm_acct_memory(m, (long)(old_len >> PAGE_SHIFT));
		account_start = account_end = false;
	}
	if (vm_flags & VM_LOCKED)
		mm->locked_vm += new_len >> PAGE_SHIFT;
	mm->hiwater_vm = hiwater_vm;

	/* Restore VM_ACCOUNT on the pieces of the old VMA left behind. */
	if (account_start) {
		piece = find_vma(mm, old_addr - 1);
		if (piece && piece->vm_end == old_addr)
			piece->vm_flags |= VM_ACCOUNT;
	}
	if (account_end) {
		piece = find_vma(mm, old_addr + old_len);
		if (piece && piece->vm_start == old_addr + old_len)
			piece->vm_flags |= VM_ACCOUNT;
	}
	if (IS_ERR_VALUE(ret)) {
		vrm_uncharge(vrm);
		return ret;
	}

	if ((vm_flags & VM_LOCKED) && new_len > old_len)
		__mm_populate(vrm->tsk, new_addr + old_len, new_len - old_len,
			      1);
	return new_addr;
}

/*
 * shrink_vma - unmap the vrm->delta bytes the shrink drops, from
 * addr + new_len on, whatever VMAs they cross.
 * Return: 0 or do_munmap()'s error.
 */
static int shrink_vma(struct vma_remap_struct *vrm)
{
	return do_munmap(vrm_mm(vrm), vrm->addr + vrm->new_len, vrm->delta);
}

/*
 * mremap_to - move the remap to exactly vrm->new_addr (MREMAP_FIXED),
 * unmapping whatever is there, shrinking first if new_len is smaller.
 *
 * Linux unmaps the destination first and may fail after that; here
 * every check, the commit for growth and move_vma_prepare() come first,
 * so a failure changes nothing.
 */
static unsigned long mremap_to(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = vrm_mm(vrm);
	struct vm_area_struct *new_vma;
	int err;

	if (!vrm_charge(vrm))
		return -ENOMEM;
	/* A shrink moves only what it keeps. */
	if (vrm->remap_type == MREMAP_SHRINK)
		vrm->old_len = vrm->new_len;
	err = move_vma_prepare(vrm, &new_vma);
	if (err)
		goto out_unacct;

	/* Point of no return, but for a split out of host memory. */
	err = do_munmap(mm, vrm->new_addr, vrm->new_len);
	if (err)
		goto out_abort;
	if (vrm->remap_type == MREMAP_SHRINK) {
		err = shrink_vma(vrm);
		if (err)
			goto out_abort;
	}
	/* The unmaps may have split the VMA: look it up again. */
	vrm->vma = find_vma(mm, vrm->addr);
	return move_vma(vrm, new_vma);

out_abort:
	move_vma_abort(mm, new_vma);
out_unacct:
	vrm_uncharge(vrm);
	return (unsigned long)(long)err;
}

/*
 * expand_vma_in_place - grow vrm->vma by vrm->delta where it is: the
 * range ends the VMA and the space after it is free (merging with a
 * matching VMA beyond). Return: 0 or -ENOMEM (commit limit).
 */
static int expand_vma_in_place(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = vrm_mm(vrm);
	struct vm_area_struct *vma;
	long pages = (long)(vrm->delta >> PAGE_SHIFT);

	if (!vrm_charge(vrm))
		return -ENOMEM;
	vma = vma_merge_extend(vrm->vma, vrm->delta);
	vrm->vma = vma;
	vm_stat_account(mm, vma->vm_flags, pages);
	if (vma->vm_flags & VM_LOCKED) {
		mm->locked_vm += pages;
		__mm_populate(vrm->tsk, vrm->addr + vrm->old_len, vrm->delta,
			      1);
	}
	return 0;
}

/*
 * expand_vma - a growth without MREMAP_FIXED: in place when
 * [addr, addr + old_len) ends the VMA and the space after it is free,
 * else, with MREMAP_MAYMOVE, moved to where get_unmapped_area() puts it.
 */
static unsigned long expand_vma(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = vrm_mm(vrm);
	struct machine *m = mm_machine(mm);
	struct vm_area_struct *vma = vrm->vma, *new_vma;
	unsigned long map_flags = 0, new_addr;
	int err;

	if (vrm->old_len == vma->vm_end - vrm->addr &&
	    vma_expandable(vma, vrm->delta)) {
		err = expand_vma_in_place(vrm);
		if (err)
			return (unsigned long)(long)err;
		return vrm->addr;
	}

	if (!(vrm->flags & MREMAP_MAYMOVE)) {
		vm_err(m, "cannot grow 0x%lx-0x%lx in place (maymove allows "
		       "a move)", vrm->addr, vrm->addr + vrm->old_len);
		return -ENOMEM;
	}
	if (mm->map_count >= m->cfg.max_map_count - 3) {
		vm_err(m, "too many mappings (max_map_count %d)",
		       m->cfg.max_map_count);
		return -ENOMEM;
	}
	/* vrm_set_new_addr() */
	if (vma->vm_flags & VM_MAYSHARE)
		map_flags |= MAP_SHARED;
	new_addr = get_unmapped_area(mm, 0, vrm->new_len, vma->vm_pgoff +
				     ((vrm->addr - vma->vm_start) >> PAGE_SHIFT),
				     map_flags);
	if (IS_ERR_VALUE(new_addr))
		return new_addr;
	vrm->new_addr = new_addr;

	if (!vrm_charge(vrm))
		return -ENOMEM;
	err = move_vma_prepare(vrm, &new_vma);
	if (err) {
		vrm_uncharge(vrm);
		return (unsigned long)(long)err;
	}
	return move_vma(vrm, new_vma);
}

/*
 * mremap_at - a remap without MREMAP_FIXED: nothing for the same size,
 * the tail unmapped for a shrink (always in place), expand_vma() for a
 * growth.
 */
static unsigned long mremap_at(struct vma_remap_struct *vrm)
{
	int err;

	switch (vrm->remap_type) {
	case MREMAP_INVALID:
		break;
	case MREMAP_NO_RESIZE:
		return vrm->addr;
	case MREMAP_SHRINK:
		err = shrink_vma(vrm);
		if (err)
			return (unsigned long)(long)err;
		return vrm->addr;
	case MREMAP_EXPAND:
		return expand_vma(vrm);
	}
	return -EINVAL;
}

/*
 * vma_multi_allowed - may @vma be one of several VMAs that one mremap()
 * moves? Linux refuses VMAs with a userfaultfd context and file mappings
 * whose get_unmapped_area() might not honour MREMAP_FIXED; mmsim's
 * anonymous and shmem VMAs are neither.
 */
static bool vma_multi_allowed(const struct vm_area_struct *vma)
{
	(void)vma;
	return true;
}

/*
 * remap_move - a move that keeps the size (MREMAP_FIXED, old_len ==
 * new_len), which since Linux 6.17 may span several VMAs: each VMA of
 * [addr, addr + old_len), cut to the range, is moved on its own through
 * check_prep_vma() and mremap_to(), to the offset that keeps the gaps
 * between the source VMAs:
 *
 *           X        Y                       X        Y
 *         <--->     <->                    <--->     <->
 * |-------|   |-----| |-----|      |-------|   |-----| |-----|
 * |   A   |   |  B  | |  C  | ---> |   A'  |   |  B' | |  C' |
 * |-------|   |-----| |-----|      |-------|   |-----| |-----|
 * addr                           new_addr
 *
 * Each move unmaps only its own destination, so what is mapped in the
 * destination's gaps stays. The range must start in a VMA (-EFAULT);
 * it may end in a hole.
 *
 * A VMA that fails leaves the VMAs before it moved, as in Linux: each
 * move is a remap of its own, and only it changes nothing when it fails.
 * Return: where the first VMA went, or the error.
 */
static unsigned long remap_move(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = vrm_mm(vrm);
	unsigned long start = vrm->addr;
	unsigned long end = vrm->addr + vrm->old_len;
	unsigned long target_addr = vrm->new_addr;
	unsigned long res = -EFAULT, last_end = 0, next = start;
	bool seen_vma = false;
	struct vm_area_struct *vma;

	/* The source range is never the destination: no VMA moved comes up
	 * again in the walk. */
	while ((vma = find_vma(mm, next)) && vma->vm_start < end) {
		unsigned long addr = vma->vm_start > start ?
				     vma->vm_start : start;
		unsigned long len = (end < vma->vm_end ? end : vma->vm_end) -
				    addr;
		unsigned long offset, res_vma;
		bool multi_allowed;

		/* No gap permitted at the start of the range. */
		if (!seen_vma && start < vma->vm_start)
			break;

		offset = seen_vma ? vma->vm_start - last_end : 0;
		last_end = vma->vm_end;

		vrm->vma = vma;
		vrm->addr = addr;
		vrm->new_addr = target_addr + offset;
		vrm->old_len = vrm->new_len = len;

		multi_allowed = vma_multi_allowed(vma);
		/* Not the first VMA, or the first with more to come. */
		if (!multi_allowed && (seen_vma || vma->vm_end < end))
			return -EFAULT;

		res_vma = check_prep_vma(vrm);
		if (!res_vma)
			res_vma = mremap_to(vrm);
		if (IS_ERR_VALUE(res_vma))
			return res_vma;

		if (!seen_vma)
			res = res_vma;
		seen_vma = true;
		target_addr = res_vma + len;
		next = addr + len;
	}
	if (!seen_vma)
		vm_err(mm_machine(mm), "no mapping at 0x%lx", start);
	return res;
}

/* do_mremap - sys_mremap(), @tsk being current. */
static unsigned long do_mremap(struct task_struct *tsk, unsigned long addr,
			       unsigned long old_len, unsigned long new_len,
			       unsigned long flags, unsigned long new_addr)
{
	struct vma_remap_struct vrm = {
		.addr = addr,
		.old_len = PAGE_ALIGN(old_len),
		.new_len = PAGE_ALIGN(new_len),
		.flags = flags,
		.new_addr = new_addr,
		.tsk = tsk,
		.remap_type = MREMAP_INVALID,
	};
	int err;

	if (!tsk->mm) {
		vm_err(tsk->machine, "process has exited");
		return -ESRCH;
	}
	err = check_mremap_params(&vrm);
	if (err)
		return (unsigned long)(long)err;

	if (vrm_move_only(&vrm))
		return remap_move(&vrm);

	vrm.vma = find_vma(tsk->mm, vrm.addr);
	err = check_prep_vma(&vrm);
	if (err)
		return (unsigned long)(long)err;
	return vrm_implies_new_addr(&vrm) ? mremap_to(&vrm) : mremap_at(&vrm);
}

/**
 * sys_mremap() - mremap(2).
 * @tsk: calling task
 * @addr: page-aligned start of the old range
 * @old_len: old length (rounded up to pages)
 * @new_len: new length (rounded up to pages; 0 is invalid)
 * @flags: MREMAP_MAYMOVE, MREMAP_FIXED (needs MAYMOVE)
 * @new_addr: the destination with MREMAP_FIXED
 *
 * Shrinking unmaps the tail. Growing extends the VMA in place when
 * [@addr, @addr + @old_len) ends the VMA and the space after it is free
 * (merging with a matching VMA beyond); otherwise, with MREMAP_MAYMOVE,
 * the range moves to where get_unmapped_area() puts it. A locked
 * mapping's new pages are faulted in. A move to @new_addr that keeps the
 * size (MREMAP_FIXED, @old_len == @new_len) may span several VMAs and
 * holes, as long as @addr is mapped (remap_move()).
 *
 * Return: the (new) address, or -EINVAL (bad flags, unaligned address,
 * new length 0, overlapping fixed ranges), -EFAULT (no mapping at @addr,
 * or, unless only moving, the old range is not within one VMA), -ENOMEM
 * (cannot grow in place and may not move, no room, over the commit limit
 * or max_map_count), cast to unsigned long.
 *
 * @tsk is current (its command runs on its CPU), so the OOM killer,
 * which may run for the destination's page tables, never ends it.
 */
unsigned long sys_mremap(struct task_struct *tsk, unsigned long addr,
			 unsigned long old_len, unsigned long new_len,
			 unsigned long flags, unsigned long new_addr)
{
	return do_mremap(tsk, addr, old_len, new_len, flags, new_addr);
}
