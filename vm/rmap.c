/*
 * rmap.c - reverse mapping (mm/rmap.c): from a physical page back to every
 * (VMA, address) that maps it.
 *
 * Anonymous pages point at an anon_vma (page->mapping = anon_vma |
 * PAGE_MAPPING_ANON, page->index = linear_page_index()). Every VMA that
 * may map pages of that anon_vma is linked to it by an anon_vma_chain,
 * kept in the anon_vma's interval tree. fork() builds the chains down the
 * seeds' path:
 *
 *   dup_mmap -> anon_vma_fork -> anon_vma_clone  (child VMA joins every
 *                                                 anon_vma of the parent VMA)
 *                             -> anon_vma_alloc  (the child's own anon_vma,
 *                                                 root = parent's root,
 *                                                 parent = parent VMA's)
 *
 * so that rmap_walk() of a page that is still shared after fork finds
 * the child's VMA too. Shmem pages point at their address_space, whose
 * i_mmap interval tree holds every VMA mapping the object.
 *
 * Locking: the kernel's anon_vma rwsem and i_mmap_rwsem are folded into
 * the machine lock; every function here expects it held for writing,
 * except rmap_walk() and vma_address() for which reading suffices.
 */
#include <errno.h>
#include <stdlib.h>
#include "machine.h"
#include "mm.h"
#include "tlb.h"
#include "swap.h"

#ifndef VM_ACCESS_FLAGS
#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
#endif

/* ---- anon_vma and anon_vma_chain objects ---- */

/*
 * anon_vma_alloc - a new anon_vma that is its own root and parent, with
 * one reference (dropped by put_anon_vma() once no VMA is linked to it).
 * The serial number records allocation order for stable debug output.
 */
static struct anon_vma *anon_vma_alloc(struct machine *m)
{
	struct anon_vma *anon_vma =
		kmem_cache_alloc(kmem_cache_of(m, KMEM_ANON_VMA));

	if (!anon_vma)
		return NULL;
	anon_vma->refcount = 1;
	anon_vma->num_children = 0;
	anon_vma->num_active_vmas = 0;
	anon_vma->parent = anon_vma;
	/*
	 * Initialise the anon_vma root to point to itself. If called from
	 * fork, the root will be reset to the parent's anon_vma root.
	 */
	anon_vma->root = anon_vma;
	anon_vma->rb_root = RB_ROOT_CACHED;
	anon_vma->serial = m->anon_vma_serial++;
	return anon_vma;
}

static void anon_vma_free(struct anon_vma *anon_vma)
{
	kmem_cache_free(virt_to_cache(anon_vma), anon_vma);
}

static void get_anon_vma(struct anon_vma *anon_vma)
{
	anon_vma->refcount++;
}

/*
 * put_anon_vma - drop a reference. The last one frees the anon_vma and
 * then drops the reference it held on its root (taken in anon_vma_fork()),
 * so a root outlives every anon_vma below it (__put_anon_vma()).
 */
static void put_anon_vma(struct anon_vma *anon_vma)
{
	struct anon_vma *root = anon_vma->root;

	if (--anon_vma->refcount > 0)
		return;
	anon_vma_free(anon_vma);
	if (root != anon_vma && --root->refcount == 0)
		anon_vma_free(root);
}

static struct anon_vma_chain *anon_vma_chain_alloc(struct machine *m)
{
	return kmem_cache_alloc(kmem_cache_of(m, KMEM_ANON_VMA_CHAIN));
}

static void anon_vma_chain_free(struct anon_vma_chain *avc)
{
	kmem_cache_free(virt_to_cache(avc), avc);
}

/*
 * anon_vma_chain_link - tie @vma to @anon_vma through @avc: on the VMA's
 * same_vma list (newest first) and in the anon_vma's interval tree, keyed
 * by the VMA's page offsets.
 */
static void anon_vma_chain_link(struct vm_area_struct *vma,
				struct anon_vma_chain *avc,
				struct anon_vma *anon_vma)
{
	avc->vma = vma;
	avc->anon_vma = anon_vma;
	list_add(&avc->same_vma, &vma->anon_vma_chain);
	anon_vma_interval_tree_insert(avc, &anon_vma->rb_root);
}

/* ---- finding an anon_vma for a VMA ---- */

/*
 * anon_vma_compatible - could @a and @b (adjacent, @a below @b) share an
 * anon_vma? They must be contiguous in both address and page offset and
 * differ at most in access permissions, so that a later mprotect() could
 * merge them back into one VMA.
 */
static bool anon_vma_compatible(struct vm_area_struct *a,
				struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start &&
	       a->vm_file == b->vm_file &&
	       !((a->vm_flags ^ b->vm_flags) &
		 ~(VM_ACCESS_FLAGS | VM_SOFTDIRTY)) &&
	       b->vm_pgoff == a->vm_pgoff +
			      ((b->vm_start - a->vm_start) >> PAGE_SHIFT);
}

/*
 * reusable_anon_vma - @old's anon_vma if @a and @b are compatible and @old
 * is linked to that one anon_vma only. An anon_vma reached through fork
 * (more than one chain) is never borrowed: pages of a relative could then
 * be found through the wrong VMA.
 */
static struct anon_vma *reusable_anon_vma(struct vm_area_struct *old,
					  struct vm_area_struct *a,
					  struct vm_area_struct *b)
{
	if (anon_vma_compatible(a, b)) {
		struct anon_vma *anon_vma = old->anon_vma;

		if (anon_vma && list_is_singular(&old->anon_vma_chain))
			return anon_vma;
	}
	return NULL;
}

/*
 * find_mergeable_anon_vma - an anon_vma a neighbour of @vma could share
 * with it (the next VMA first, then the previous one), so that the two
 * can still merge once their protections match again.
 */
static struct anon_vma *find_mergeable_anon_vma(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = NULL;

	if (vma->vm_next) {
		anon_vma = reusable_anon_vma(vma->vm_next, vma, vma->vm_next);
		if (anon_vma)
			return anon_vma;
	}
	if (vma->vm_prev)
		anon_vma = reusable_anon_vma(vma->vm_prev, vma->vm_prev, vma);
	return anon_vma;
}

/**
 * __anon_vma_prepare() - give @vma, which has none yet, an anon_vma before
 * its first anonymous page is mapped (anon_vma_prepare() in mm.h checks).
 * @vma: a private VMA taking its first anonymous page
 *
 * Borrows a compatible neighbour's anon_vma when there is one
 * (find_mergeable_anon_vma), otherwise allocates a new root anon_vma.
 *
 * Return: 0, or -ENOMEM.
 * Locking: machine lock held for writing.
 */
int __anon_vma_prepare(struct vm_area_struct *vma)
{
	ftrace_graph(&vma_machine(vma)->trace);
	struct machine *m = vma_machine(vma);
	struct anon_vma *anon_vma;
	struct anon_vma_chain *avc;

	if (vma->anon_vma)
		return 0;

	avc = anon_vma_chain_alloc(m);
	if (!avc)
		goto out_enomem;

	anon_vma = find_mergeable_anon_vma(vma);
	if (!anon_vma) {
		anon_vma = anon_vma_alloc(m);
		if (!anon_vma)
			goto out_enomem_free_avc;
		anon_vma->num_children++;	/* self-parent link for new root */
	}

	vma->anon_vma = anon_vma;
	anon_vma_chain_link(vma, avc, anon_vma);
	anon_vma->num_active_vmas++;
	return 0;

out_enomem_free_avc:
	anon_vma_chain_free(avc);
out_enomem:
	vm_err(m, "out of memory for an anon_vma");
	return -ENOMEM;
}

/**
 * anon_vma_clone() - link @dst to every anon_vma @src is linked to.
 * @dst: new VMA (a split piece, or the child's copy in fork)
 * @src: VMA it was copied from
 *
 * Used by VMA splits (where @dst->anon_vma was copied from @src) and by
 * anon_vma_fork(). A fork child (@dst->anon_vma NULL) may reuse an
 * anon_vma on the way that no VMA uses any more and that has at most one
 * child, instead of growing the chain with every generation; the root is
 * never reused (it counts itself as a child).
 *
 * Return: 0, or -ENOMEM with @dst unlinked from everything.
 * Locking: machine lock held for writing.
 */
int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	ftrace_graph(&vma_machine(dst)->trace);
	struct anon_vma_chain *avc, *pavc;

	list_for_each_entry_reverse(pavc, &src->anon_vma_chain, same_vma) {
		struct anon_vma *anon_vma;

		avc = anon_vma_chain_alloc(vma_machine(dst));
		if (!avc)
			goto enomem_failure;
		anon_vma = pavc->anon_vma;
		anon_vma_chain_link(dst, avc, anon_vma);

		if (!dst->anon_vma && src->anon_vma &&
		    anon_vma->num_children < 2 &&
		    anon_vma->num_active_vmas == 0)
			dst->anon_vma = anon_vma;
	}
	if (dst->anon_vma)
		dst->anon_vma->num_active_vmas++;
	return 0;

enomem_failure:
	/*
	 * dst->anon_vma is dropped here otherwise its num_active_vmas can
	 * be incorrectly decremented in unlink_anon_vmas(): it was never
	 * incremented above.
	 */
	dst->anon_vma = NULL;
	unlink_anon_vmas(dst);
	vm_err(vma_machine(dst), "out of memory for an anon_vma_chain");
	return -ENOMEM;
}

/**
 * anon_vma_fork() - give the child's copy @vma of the parent's @pvma its
 * reverse-map links, as fork's dup_mmap() does.
 * @vma: the child's new VMA (a copy of @pvma)
 * @pvma: the parent's VMA
 *
 * First the child joins all of the parent's anon_vmas (anon_vma_clone),
 * so rmap finds the child's PTEs of pages still shared after fork. Then,
 * unless clone found one to reuse, the child gets its own anon_vma in the
 * same tree (root = the parent's root, parent = @pvma's anon_vma), where
 * the pages it COWs will go.
 *
 * Return: 0, or -ENOMEM with @vma unlinked from everything.
 * Locking: machine lock held for writing.
 */
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma)
{
	ftrace_graph(&vma_machine(vma)->trace);
	struct machine *m = vma_machine(pvma);
	struct anon_vma_chain *avc;
	struct anon_vma *anon_vma;
	int error;

	/* The copy starts with no chains of its own (vm_area_dup()). */
	INIT_LIST_HEAD(&vma->anon_vma_chain);

	/* Don't bother if the parent process has no anon_vma here. */
	if (!pvma->anon_vma)
		return 0;

	/* Drop inherited anon_vma, we'll reuse existing or allocate new. */
	vma->anon_vma = NULL;

	error = anon_vma_clone(vma, pvma);
	if (error)
		return error;

	/* An existing anon_vma has been reused, all done then. */
	if (vma->anon_vma)
		return 0;

	/* Then add our own anon_vma. */
	anon_vma = anon_vma_alloc(m);
	if (!anon_vma)
		goto out_error;
	anon_vma->num_active_vmas++;
	avc = anon_vma_chain_alloc(m);
	if (!avc)
		goto out_error_free_anon_vma;

	/*
	 * The root anon_vma's lock is the one actually used for the whole
	 * tree; pin the root until this anon_vma is freed.
	 */
	anon_vma->root = pvma->anon_vma->root;
	anon_vma->parent = pvma->anon_vma;
	get_anon_vma(anon_vma->root);
	/* Mark this anon_vma as the one where our new (COWed) pages go. */
	vma->anon_vma = anon_vma;
	anon_vma_chain_link(vma, avc, anon_vma);
	anon_vma->parent->num_children++;
	return 0;

out_error_free_anon_vma:
	put_anon_vma(anon_vma);
out_error:
	vma->anon_vma = NULL;
	unlink_anon_vmas(vma);
	vm_err(m, "out of memory for an anon_vma");
	return -ENOMEM;
}

/**
 * unlink_anon_vmas() - take @vma out of every anon_vma it is linked to,
 * freeing the anon_vmas that no VMA is linked to any more.
 * @vma: VMA being freed (its pages already unmapped)
 *
 * The chain is ordered newest first, so a root is freed last.
 *
 * Locking: machine lock held for writing.
 */
void unlink_anon_vmas(struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc, *next;

	if (!vma->anon_vma_chain.next)	/* never initialised: nothing linked */
		return;

	list_for_each_entry_safe(avc, next, &vma->anon_vma_chain, same_vma) {
		struct anon_vma *anon_vma = avc->anon_vma;

		anon_vma_interval_tree_remove(avc, &anon_vma->rb_root);
		/*
		 * Leave empty anon_vmas on the list: they are freed below,
		 * once every chain is out of the trees.
		 */
		if (RB_EMPTY_ROOT(&anon_vma->rb_root.rb_root)) {
			anon_vma->parent->num_children--;
			continue;
		}
		list_del(&avc->same_vma);
		anon_vma_chain_free(avc);
	}
	if (vma->anon_vma) {
		vma->anon_vma->num_active_vmas--;
		/*
		 * The VMA may live on (a failed fork or split): the next
		 * fault prepares a new anon_vma.
		 */
		vma->anon_vma = NULL;
	}

	/* What is left on the list are empty anon_vmas: destroy them. */
	list_for_each_entry_safe(avc, next, &vma->anon_vma_chain, same_vma) {
		struct anon_vma *anon_vma = avc->anon_vma;

		put_anon_vma(anon_vma);
		list_del(&avc->same_vma);
		anon_vma_chain_free(avc);
	}
}

/* ---- page-level rmap: _mapcount, mapping, index ---- */

/*
 * __page_set_anon_rmap - point @page at @vma's anon_vma. A page that is
 * not exclusive to this VMA must use the oldest anon_vma (the root), so
 * every process that may map it is found.
 */
static void __page_set_anon_rmap(struct page *page,
				 struct vm_area_struct *vma,
				 unsigned long address, bool exclusive)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	if (!exclusive)
		anon_vma = anon_vma->root;
	page->mapping = (struct address_space *)
			((unsigned long)anon_vma | PAGE_MAPPING_ANON);
	page->index = linear_page_index(vma, address);
}

/*
 * mlock_vma_page - a page newly mapped into a VM_LOCKED VMA is mlocked
 * (mlock_vma_folio()). Special mappings never mlock their pages.
 */
static void mlock_vma_page(struct page *page, struct vm_area_struct *vma)
{
	if ((vma->vm_flags & (VM_LOCKED | VM_SPECIAL)) == VM_LOCKED)
		mlock_page(vma_machine(vma), page);
}

static void munlock_vma_page(struct page *page, struct vm_area_struct *vma)
{
	if ((vma->vm_flags & (VM_LOCKED | VM_SPECIAL)) == VM_LOCKED)
		munlock_page(vma_machine(vma), page);
}

/**
 * page_add_new_anon_rmap() - the first mapping of a freshly allocated
 * anonymous page (folio_add_new_anon_rmap()).
 * @page: new page, not yet mapped (_mapcount -1)
 * @vma: VMA it is mapped into (with an anon_vma)
 * @address: user address it is mapped at
 *
 * The page becomes swap-backed, anon, mapped once and exclusive to
 * @vma's process (PageAnonExclusive). Counted in NR_ANON_MAPPED.
 * Mlocking is left to lru_cache_add_inactive_or_unevictable().
 *
 * Locking: machine lock held for writing.
 */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    unsigned long address)
{
	ftrace_graph(&vma_machine(vma)->trace);
	__page_add_new_anon_rmap(page, vma, address, true);
}

/**
 * __page_add_new_anon_rmap() - page_add_new_anon_rmap() with RMAP_EXCLUSIVE
 * or without: a page swapped in that a relative may still get from the
 * swap cache is not exclusive, and points at the root anon_vma.
 */
void __page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			      unsigned long address, bool exclusive)
{
	SetPageSwapBacked(page);
	page->_mapcount = 0;		/* increment count (starts at -1) */
	__page_set_anon_rmap(page, vma, address, exclusive);
	if (exclusive)
		SetPageAnonExclusive(page);
	mod_node_page_state(vma_machine(vma), NR_ANON_MAPPED, 1);
}

/**
 * page_add_anon_rmap() - one more PTE maps an existing anonymous page.
 * @page: the page
 * @vma: VMA of the new mapping
 * @address: its user address
 * @exclusive: the new mapping is the only one (sets PageAnonExclusive)
 *
 * Locking: machine lock held for writing.
 */
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long address, bool exclusive)
{
	bool first = ++page->_mapcount == 0;

	if (first) {
		mod_node_page_state(vma_machine(vma), NR_ANON_MAPPED, 1);
		if (!PageAnon(page))
			__page_set_anon_rmap(page, vma, address, exclusive);
	}
	if (exclusive)
		SetPageAnonExclusive(page);
	mlock_vma_page(page, vma);
}

/**
 * page_add_file_rmap() - one more PTE maps a shmem page
 * (folio_add_file_rmap_ptes()). The first mapping counts in
 * NR_FILE_MAPPED.
 * @page: page of a shmem page cache
 * @vma: VMA of the new mapping
 *
 * Locking: machine lock held for writing.
 */
void page_add_file_rmap(struct page *page, struct vm_area_struct *vma)
{
	if (++page->_mapcount == 0)
		mod_node_page_state(vma_machine(vma), NR_FILE_MAPPED, 1);
	mlock_vma_page(page, vma);
}

/**
 * page_remove_rmap() - a PTE mapping @page in @vma has been cleared.
 * @page: the page
 * @vma: VMA the PTE belonged to
 *
 * The last unmapping takes the page out of NR_ANON_MAPPED or
 * NR_FILE_MAPPED. A page leaving a VM_LOCKED VMA is munlocked. The
 * caller still holds the PTE's reference and drops it afterwards.
 *
 * Locking: machine lock held for writing.
 */
void page_remove_rmap(struct page *page, struct vm_area_struct *vma)
{
	struct machine *m = vma_machine(vma);
	bool last = --page->_mapcount < 0;

	if (last)
		mod_node_page_state(m, PageAnon(page) ? NR_ANON_MAPPED :
				    NR_FILE_MAPPED, -1);
	munlock_vma_page(page, vma);
}

/**
 * page_dup_rmap() - fork copied a PTE mapping @page: one more mapping.
 * The caller takes the matching reference with get_page().
 */
void page_dup_rmap(struct page *page)
{
	page->_mapcount++;
}

/**
 * page_move_anon_rmap() - an anonymous page that only @vma's process maps
 * any more is moved to @vma's own anon_vma (folio_move_anon_rmap()), so
 * rmap no longer searches the relatives it was shared with before a COW.
 * @page: exclusively mapped anonymous page
 * @vma: the VMA mapping it
 *
 * Locking: machine lock held for writing.
 */
void page_move_anon_rmap(struct page *page, struct vm_area_struct *vma)
{
	ftrace_graph(&vma_machine(vma)->trace);
	struct anon_vma *anon_vma = vma->anon_vma;

	if (!anon_vma || !PageAnon(page))
		return;
	page->mapping = (struct address_space *)
			((unsigned long)anon_vma | PAGE_MAPPING_ANON);
}

/* ---- rmap_walk ---- */

/**
 * vma_address() - the user address at which @page would sit in @vma.
 * @page: anonymous or shmem page (index = page offset)
 * @vma: candidate VMA
 *
 * Return: the address, or -EFAULT when the page's offset lies outside
 * @vma. Read lock suffices.
 */
unsigned long vma_address(struct page *page, struct vm_area_struct *vma)
{
	pgoff_t pgoff = page->index;
	unsigned long address;

	if (pgoff < vma->vm_pgoff)
		return (unsigned long)-EFAULT;
	address = vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT);
	if (address >= vma->vm_end)
		return (unsigned long)-EFAULT;
	return address;
}

/*
 * page_vma_mapped - does @vma's PTE at @address map @page? An interval
 * tree hit only says that it could: the PTE may be empty, or map another
 * page after a COW. (page_vma_mapped_walk() for a single small page.)
 */
static bool page_vma_mapped(struct page *page, struct vm_area_struct *vma,
			    unsigned long address)
{
	struct zone *zone = mm_zone(vma->vm_mm);
	pte_t *pte = mm_find_pte(vma->vm_mm, address);

	/* A swap entry's bits are no PFN. */
	if (!pte || !pte_present(*pte))
		return false;
	return pte_pfn(*pte) == page_to_pfn(zone, page);
}

/*
 * rmap_walk_one - one VMA the tree says may map @page: report it to
 * @rwc->rmap_one if its PTE really does. Return: false to stop the walk.
 */
static bool rmap_walk_one(struct page *page, struct vm_area_struct *vma,
			  struct rmap_walk_control *rwc)
{
	unsigned long address = vma_address(page, vma);

	if (IS_ERR_VALUE(address))
		return true;
	if (!page_vma_mapped(page, vma, address))
		return true;
	return rwc->rmap_one(page, vma, address, rwc->arg);
}

/*
 * rmap_walk_anon - search the interval tree of the page's own anon_vma:
 * thanks to anon_vma_clone(), it holds a chain for every VMA of every
 * descendant process that may still map the page.
 */
static void rmap_walk_anon(struct page *page, struct rmap_walk_control *rwc)
{
	struct anon_vma *anon_vma = page_anon_vma(page);
	pgoff_t pgoff = page->index;
	struct anon_vma_chain *avc;

	if (!anon_vma)
		return;
	for (avc = anon_vma_interval_tree_iter_first(&anon_vma->rb_root,
						     pgoff, pgoff);
	     avc;
	     avc = anon_vma_interval_tree_iter_next(avc, pgoff, pgoff))
		if (!rmap_walk_one(page, avc->vma, rwc))
			break;
}

/* rmap_walk_file - search the i_mmap tree of the shmem object. */
static void rmap_walk_file(struct page *page, struct rmap_walk_control *rwc)
{
	struct address_space *mapping = page->mapping;
	pgoff_t pgoff = page->index;
	struct vm_area_struct *vma;

	if (!mapping)
		return;
	for (vma = vma_interval_tree_iter_first(&mapping->i_mmap, pgoff, pgoff);
	     vma;
	     vma = vma_interval_tree_iter_next(vma, pgoff, pgoff))
		if (!rmap_walk_one(page, vma, rwc))
			break;
}

/**
 * rmap_walk() - call @rwc->rmap_one for every (VMA, address) whose PTE
 * maps @page, through the anon_vma tree for anonymous pages and through
 * i_mmap for shmem pages.
 * @page: any page (the zero page and unmapped pages have no mappings
 *	to report)
 * @rwc: callback and its argument
 *
 * Read lock suffices.
 */
void rmap_walk(struct page *page, struct rmap_walk_control *rwc)
{
	if (!page_mapped(page))
		return;
	if (PageAnon(page))
		rmap_walk_anon(page, rwc);
	else
		rmap_walk_file(page, rwc);
}

/* ---- try_to_unmap: reclaim's unmapping through the reverse map ---- */

/*
 * try_to_unmap_one - take @page out of the PTE at @address of @vma
 * (try_to_unmap_one() for a small page). A page-cache page's PTE becomes
 * none, its dirty bit moved to the page. A page in the swap
 * cache leaves its swap entry behind: one more swap_map count, the PTE's
 * soft-dirty bit and the page's exclusivity kept in the entry
 * (_PAGE_SWP_SOFT_DIRTY, _PAGE_SWP_EXCLUSIVE), MM_ANONPAGES down and
 * MM_SWAPENTS up. A lazily freed page (MADV_FREE, not swap-backed) that
 * is still clean is simply dropped: the PTE becomes none; one written to
 * since is swap-backed again and stays mapped. Return: false to stop
 * the walk (the page could not be unmapped here).
 */
static bool try_to_unmap_one(struct page *page, struct vm_area_struct *vma,
			     unsigned long address, void *arg)
{
	struct mm_struct *mm = vma->vm_mm;
	struct machine *m = mm->machine;
	pte_t *pte = mm_find_pte(mm, address);
	pte_t pteval = *pte, swp_pte;
	swp_entry_t entry = { page->swap };
	bool anon_exclusive = PageAnonExclusive(page);

	(void)arg;
	/*
	 * A VM_LOCKED VMA keeps its pages (they belong on the unevictable
	 * list, where mlock put them): the walk stops.
	 */
	if ((vma->vm_flags & (VM_LOCKED | VM_SPECIAL)) == VM_LOCKED)
		return false;
	/* Update high watermark before we lower rss. */
	update_hiwater_rss(mm);
	/* The flush is batched (TTU_BATCH_FLUSH): try_to_unmap_flush(). */
	set_tlb_ubc_flush_pending(mm);
	if (!PageAnon(page)) {
		/*
		 * A page-cache page: its dirtiness moves from the PTE to
		 * the page (set_page_dirty), the PTE becomes none, and the
		 * next access faults it back from the cache or the file.
		 */
		if (pte_dirty(pteval))
			folio_mark_dirty(page);
		*pte = __pte(0);
		add_mm_counter(mm, mm_counter_file(page), -1);
		goto discard;
	}
	if (!PageSwapBacked(page)) {
		if (pte_dirty(pteval) || PageDirty(page)) {
			/* Redirtied: it cannot be discarded. */
			if (PageLRU(page)) {
				lruvec_del_page(m, page);
				SetPageSwapBacked(page);
				lruvec_add_page(m, page);
			} else {
				SetPageSwapBacked(page);
			}
			return false;
		}
		*pte = __pte(0);
		add_mm_counter(mm, MM_ANONPAGES, -1);
		goto discard;
	}
	if (pte_dirty(pteval))
		SetPageDirty(page);
	if (!PageSwapCache(page) || swap_duplicate(m, entry))
		return false;
	if (anon_exclusive)
		ClearPageAnonExclusive(page);
	add_mm_counter(mm, MM_ANONPAGES, -1);
	add_mm_counter(mm, MM_SWAPENTS, 1);
	swp_pte = swp_entry_to_pte(entry);
	if (anon_exclusive)
		swp_pte = pte_swp_mkexclusive(swp_pte);
	if (pte_soft_dirty(pteval))
		swp_pte = pte_swp_mksoft_dirty(swp_pte);
	*pte = swp_pte;
discard:
	page_remove_rmap(page, vma);
	folio_put(m, page);	/* the PTE's reference */
	return true;
}

/**
 * try_to_unmap() - unmap @page from every PTE that maps it, in every
 * process, through rmap_walk() (mm/rmap.c): see try_to_unmap_one().
 * @page: an anonymous page in the swap cache, a lazily freed one, or a
 *	page-cache page
 *
 * Return: true when no PTE maps it any more.
 * Locking: machine lock held for writing.
 */
bool try_to_unmap(struct page *page)
{
	struct rmap_walk_control rwc = { .rmap_one = try_to_unmap_one };

	rmap_walk(page, &rwc);
	return !page_mapped(page);
}

/* ---- walks for the views (procfs's anon_vmas, vm_area_structs) ---- */

static int anon_vma_serial_cmp(const void *a, const void *b)
{
	const struct anon_vma *x = *(struct anon_vma *const *)a;
	const struct anon_vma *y = *(struct anon_vma *const *)b;

	return x->serial < y->serial ? -1 : x->serial > y->serial;
}

/**
 * walk_mm_anon_vmas() - see mm.h.
 */
int walk_mm_anon_vmas(struct mm_struct *mm,
		      int (*fn)(struct anon_vma *anon_vma, void *arg),
		      void *arg)
{
	struct anon_vma **list = NULL;
	struct vm_area_struct *vma;
	struct anon_vma_chain *avc;
	size_t n = 0, cap = 0, i;
	int ret = 0;

	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		list_for_each_entry(avc, &vma->anon_vma_chain, same_vma) {
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				struct anon_vma **nl =
					realloc(list, ncap * sizeof(*nl));

				if (!nl) {
					ret = -ENOMEM;
					goto out_free;
				}
				list = nl;
				cap = ncap;
			}
			list[n++] = avc->anon_vma;
		}
	}
	if (n)
		qsort(list, n, sizeof(*list), anon_vma_serial_cmp);
	for (i = 0; i < n && !ret; i++)
		if (!i || list[i] != list[i - 1])
			ret = fn(list[i], arg);
out_free:
	free(list);
	return ret;
}

/**
 * walk_anon_vma_tree() - see mm.h.
 */
int walk_anon_vma_tree(struct anon_vma *anon_vma,
		       int (*fn)(struct anon_vma_chain *avc, void *arg),
		       void *arg)
{
	struct anon_vma_chain *avc;
	int ret = 0;

	for (avc = anon_vma_interval_tree_iter_first(&anon_vma->rb_root, 0,
						     ~0UL);
	     avc && !ret;
	     avc = anon_vma_interval_tree_iter_next(avc, 0, ~0UL))
		ret = fn(avc, arg);
	return ret;
}
