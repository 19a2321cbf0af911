/*
 * memory.c - user memory accesses and the page-fault path (mm/memory.c,
 * arch/x86/mm/fault.c, mm/gup.c), fork's page-table copy, unmapping, RSS
 * counters and the LRU counters (mm/swap.c, mm/mlock.c).
 *
 * A user access goes down the seeds' path, function by function:
 *
 *   user_access()                 the MMU: walk the tables, check the PTE
 *    -> do_page_fault()           x86: find_vma, expand_stack, access_error
 *        -> handle_mm_fault()     allocate the pud/pmd/pte tables
 *            -> handle_pte_fault()
 *                -> do_anonymous_page()   private: zero page or new page
 *                -> do_fault()            shmem: read/shared/cow fault
 *                -> do_wp_page()          write to a write-protected PTE:
 *                                         wp_page_reuse or wp_page_copy
 *
 * and the access is retried until the PTE allows it or a signal ends the
 * task. fork's copy_page_range() write-protects COW PTEs on both sides;
 * the next write fault decides between reusing and copying the page.
 *
 * Reference counting, as in the kernel: every PTE mapping a normal page
 * holds one _refcount and one _mapcount; a shmem page also holds one
 * reference for its page cache. The zero page is "special": mapping it
 * touches no count (the machine counts its PTEs in NR_ZERO_PAGE_MAPPED).
 *
 * Locking: the machine lock held for writing, except where a comment
 * says reading suffices.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "mm.h"
#include "vmscan.h"
#include "tlb.h"
#include "pagemap.h"
#include "pkeys.h"
#include "swap.h"

#ifndef VM_ACCESS_FLAGS
#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
#endif

/* VM_FAULT_* results that only the fault path itself uses. */
#define VM_FAULT_ERROR	(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* get_user_pages flags beyond FOLL_WRITE/FOLL_FORCE (include/linux/mm.h). */
#ifndef FOLL_TOUCH
#define FOLL_TOUCH	0x02	/* mark the page accessed */
#endif
#ifndef FOLL_REMOTE
#define FOLL_REMOTE	0x2000	/* another process's mm (/proc/PID/mem) */
#endif
#ifndef FOLL_TRIED
#define FOLL_TRIED	0x800	/* the second try of a retried fault (mm/internal.h) */
#endif

/*
 * An access needs at most a few faults on one page (a PROT_NONE entry
 * restored, then a COW; an instruction fetch that maps the page, then
 * finds it no-exec). Anything beyond this is an engine bug, reported as
 * -EFAULT rather than looping for ever.
 */
#define MAX_FAULT_RETRIES	8

/**
 * vm_normal_page() - the struct page a present PTE maps, or NULL for the
 * zero page (a "special" mapping that rmap and refcounts never see) and
 * for a PFN outside mem_map.
 * @vma: the VMA the PTE belongs to
 * @addr: the address it maps (unused: no VM_PFNMAP/VM_MIXEDMAP here)
 * @pte: a present PTE
 *
 * Return: the page or NULL. Read lock suffices.
 */
struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr,
			    pte_t pte)
{
	struct zone *zone = mm_zone(vma->vm_mm);
	unsigned long pfn = pte_pfn(pte);

	(void)addr;
	if (is_zero_pfn(zone, pfn) || !pfn_valid(zone, pfn))
		return NULL;
	return pfn_to_page(zone, pfn);
}

/* maybe_mkwrite - writable only if the VMA allows writes. */
static inline pte_t maybe_mkwrite(pte_t pte, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_WRITE)
		pte = pte_mkwrite(pte);
	return pte;
}

/*
 * free_page_and_swap_cache - drop the reference a cleared PTE held. A
 * swap-cache page mapped nowhere any more leaves the cache when no PTE
 * holds its swap entry either (free_swap_cache()). The last reference
 * takes the page off its LRU list (and out of the mlock count) before
 * the buddy allocator gets it back, as __page_cache_release() does.
 */
static void free_page_and_swap_cache(struct machine *m, struct page *page)
{
	if (PageSwapCache(page) && !page_mapped(page))
		folio_free_swap(m, page);
	folio_put(m, page);
}

/*
 * mm_owner - the live task whose address space @mm is: GUP's faults
 * count in its min_flt, and the OOM killer must not pick it while the
 * engine works inside @mm. Read lock suffices.
 */
static struct task_struct *mm_owner(struct mm_struct *mm)
{
	struct task_struct *tsk;

	for_each_task(mm->machine, tsk)
		if (tsk->mm == mm)
			return tsk;
	return NULL;
}

/* ---- RSS counters ---- */

/**
 * add_mm_counter() - add @value pages to @mm's RSS counter @member
 * (MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES).
 */
void add_mm_counter(struct mm_struct *mm, int member, long value)
{
	struct machine *m = mm->machine;

	mm->rss_stat[member] += value;
	/* mm_trace_rss_stat() */
	trace_rss_stat(&m->trace, trace_hash32(mm->trace_id),
		       get_current(m) && get_current(m)->mm == mm, member,
		       mm->rss_stat[member] * (long)PAGE_SIZE);
}

/**
 * update_hiwater_rss() - record the current RSS in VmHWM if it is a new
 * high. Called before RSS drops (zap, exit). (update_hiwater_vm(), its
 * total_vm twin, lives with the VMA accounting in mmap.c.)
 */
void update_hiwater_rss(struct mm_struct *mm)
{
	unsigned long rss = get_mm_rss(mm);

	if (mm->hiwater_rss < rss)
		mm->hiwater_rss = rss;
}

/* ---- LRU lists (mm/swap.c, mm/mlock.c; vm/mmzone.h) ---- */

/*
 * Swap-backed pages (anonymous and shmem) live on the anon LRU lists,
 * the page cache of files on the file lists, mlocked pages of either on
 * the unevictable list; folio_lru_list() says which. While a page is on
 * the unevictable list, page->private holds its mlock_count: how many
 * VM_LOCKED VMAs map it (the kernel keeps it in folio->mlock_count;
 * mm/mlock.c's rules, here in mlock.c).
 */
enum lru_list folio_lru_list(const struct page *page)
{
	enum lru_list lru;

	if (PageUnevictable(page))
		return LRU_UNEVICTABLE;
	lru = PageSwapBacked(page) ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
	if (PageActive(page))
		lru += LRU_ACTIVE;
	return lru;
}

/* The node counter of each list (NR_LRU_BASE + lru in the kernel). */
const enum node_stat_item lru_node_stat[NR_LRU_LISTS] = {
	[LRU_INACTIVE_ANON] = NR_INACTIVE_ANON,
	[LRU_ACTIVE_ANON] = NR_ACTIVE_ANON,
	[LRU_INACTIVE_FILE] = NR_INACTIVE_FILE,
	[LRU_ACTIVE_FILE] = NR_ACTIVE_FILE,
	[LRU_UNEVICTABLE] = NR_UNEVICTABLE,
};

/**
 * folio_lruvec() - the lruvec @page is charged to: the one way to it:
 * its memcg's lruvec on the node (mem_cgroup_lruvec()). A page's memcg
 * is set before it goes on a list and cleared after it left it.
 * @m: machine
 * @page: the page
 */
struct lruvec *folio_lruvec(struct machine *m, struct page *page)
{
	return mem_cgroup_lruvec(m, folio_memcg(&m->zone, page));
}

/**
 * mem_cgroup_lruvec() - @memcg's lruvec on the node; NULL: the node's.
 * @m: machine
 * @memcg: the memory cgroup, or NULL
 */
struct lruvec *mem_cgroup_lruvec(struct machine *m, struct mem_cgroup *memcg)
{
	/* The root group's pages are on the node's own lruvec. */
	if (!memcg || mem_cgroup_is_root(memcg))
		return &m->__lruvec;
	return &memcg->lruvec;
}

/* update_lru_size(): the lruvec's count of @lru and the node's. */
static void update_lru_size(struct machine *m, struct lruvec *lruvec,
			    enum lru_list lru, long nr)
{
	lruvec->nr_pages[lru] += nr;
	mod_node_page_state(m, lru_node_stat[lru], nr);
}

/**
 * lruvec_add_page() - put @page at the head of the list its flags name
 * and count it there (lruvec_add_folio()), with PG_lru.
 * @m: machine
 * @page: page on no list
 */
void lruvec_add_page(struct machine *m, struct page *page)
{
	struct lruvec *lruvec = folio_lruvec(m, page);
	enum lru_list lru = folio_lru_list(page);

	SetPageLRU(page);
	lru_add(&m->zone, &lruvec->lists[lru], page);
	update_lru_size(m, lruvec, lru, 1);
}

/**
 * lruvec_add_page_tail() - lruvec_add_page() at the tail, the end
 * reclaim takes next (lruvec_add_folio_tail()).
 * @m: machine
 * @page: page on no list
 */
void lruvec_add_page_tail(struct machine *m, struct page *page)
{
	struct lruvec *lruvec = folio_lruvec(m, page);
	enum lru_list lru = folio_lru_list(page);

	SetPageLRU(page);
	lru_add_tail(&m->zone, &lruvec->lists[lru], page);
	update_lru_size(m, lruvec, lru, 1);
}

/**
 * lruvec_del_page() - take @page off its list (lruvec_del_folio()); its
 * flags stay, but PG_lru.
 * @m: machine
 * @page: page on a list
 */
void lruvec_del_page(struct machine *m, struct page *page)
{
	struct lruvec *lruvec = folio_lruvec(m, page);
	enum lru_list lru = folio_lru_list(page);

	lru_del(&m->zone, &lruvec->lists[lru], page);
	update_lru_size(m, lruvec, lru, -1);
	ClearPageLRU(page);
}

/*
 * trace_lru_insertion - pagemap:mm_lru_insertion for @page, just put on
 * its list: the enum lru_list and the PAGEMAP_* flags
 * (include/trace/events/pagemap.h's trace_pagemap_flags()).
 */
static void trace_lru_insertion(struct machine *m, struct page *page)
{
	unsigned long flags = PageAnon(page) ? PAGEMAP_ANONYMOUS :
					       PAGEMAP_FILE;
	unsigned long lru;

	if (page->_mapcount >= 0)
		flags |= PAGEMAP_MAPPED;
	if (PageSwapBacked(page))
		flags |= PAGEMAP_SWAPBACKED;
	/* PG_anon_exclusive is PG_mappedtodisk's bit in Linux: "d" */
	if (PageMappedToDisk(page) ||
	    (PageAnon(page) && PageAnonExclusive(page)))
		flags |= PAGEMAP_MAPPEDDISK;
	lru = folio_lru_list(page);
	trace_mm_lru_insertion(&m->trace, page_to_pfn(&m->zone, page), lru,
			       flags);
}

/**
 * lru_cache_add() - put a new page on the inactive anon list
 * (folio_add_lru()); shmem pages come here from their page cache.
 * @m: machine
 * @page: page not on any list yet
 */
void lru_cache_add(struct machine *m, struct page *page)
{
	ftrace_graph(&m->trace);
	if (PageLRU(page))
		return;
	lruvec_add_page(m, page);
	if (trace_event_on(&m->trace, TE_MM_LRU_INSERTION))
		trace_lru_insertion(m, page);
}

/**
 * lru_cache_add_inactive_or_unevictable() - put a new anonymous page on
 * the inactive anon list, or on the unevictable list (mlocked) when it is
 * born in a VM_LOCKED VMA (folio_add_lru_vma()).
 * @page: new page, just mapped by page_add_new_anon_rmap()
 * @vma: the VMA it is mapped in
 */
void lru_cache_add_inactive_or_unevictable(struct page *page,
					   struct vm_area_struct *vma)
{
	struct machine *m = vma_machine(vma);

	if ((vma->vm_flags & (VM_LOCKED | VM_SPECIAL)) == VM_LOCKED)
		mlock_new_page(m, page);
	else
		lru_cache_add(m, page);
}

/**
 * lru_cache_del() - take a page that is being freed off its LRU list
 * (__page_cache_release()), and clear a PG_mlocked that no munlock took
 * away, counting it in unevictable_pgs_cleared (free_pages_prepare()).
 * @m: machine
 * @page: page whose last reference is about to go
 */
void lru_cache_del(struct machine *m, struct page *page)
{
	if (PageLRU(page))
		lruvec_del_page(m, page);
	ClearPageActive(page);
	ClearPageUnevictable(page);
	if (PageMlocked(page)) {
		ClearPageMlocked(page);
		mod_node_page_state(m, NR_MLOCK, -1);
		count_vm_event(m, UNEVICTABLE_PGCLEARED);
	}
	page->private = 0;
}

/**
 * folio_put() - drop a reference to a page that may be on an LRU list:
 * the last one takes it off its list (lru_cache_del()) before the buddy
 * allocator gets it back, as __folio_put() -> __page_cache_release()
 * does. This is the one place that rule lives: a PTE's, the page
 * cache's, the swap cache's or an isolation's reference is dropped here,
 * never with put_page(), which would free the page still counted on its
 * list (free_pages_check() counts that as a bad page).
 * @m: machine
 * @page: the page
 */
void folio_put(struct machine *m, struct page *page)
{
	if (!PageReserved(page) && page_ref_count(page) == 1)
		lru_cache_del(m, page);
	put_page(&m->zone, page);
}

/*
 * __lru_cache_activate_folio - activate a page that is on no LRU list
 * yet. The kernel looks for it in this CPU's lru_add batch and marks it
 * active there, so that the drain puts it on the active list; a page in
 * no batch is left alone. mmsim puts pages on their LRU list at once and
 * has no batches, so a page off the LRU -- the zero page, which never is
 * on one -- is in none: there is nothing to activate.
 */
static void __lru_cache_activate_folio(struct page *page)
{
	(void)page;
}

/**
 * mark_page_accessed() - a use of the page seen by software (zap of a
 * young shmem PTE, get_user_pages with FOLL_TOUCH): the first sets
 * PG_referenced, the second moves an inactive page to the active list
 * and clears PG_referenced again (folio_mark_accessed()). A page on no
 * LRU list, such as the zero page, is not activated, so for it
 * PG_referenced toggles with every call.
 * @m: machine
 * @page: the page
 */
void mark_page_accessed(struct machine *m, struct page *page)
{
	if (!PageReferenced(page)) {
		SetPageReferenced(page);
	} else if (PageUnevictable(page)) {
		/* The unevictable list is never rotated: nothing to do. */
	} else if (!PageActive(page)) {
		if (PageLRU(page)) {
			lruvec_del_page(m, page);
			SetPageActive(page);
			lruvec_add_page(m, page);
			count_vm_event(m, PGACTIVATE);
			/* folio_activate() -> lru_activate() */
			trace_mm_lru_activate(&m->trace,
					      page_to_pfn(&m->zone, page));
		} else {
			__lru_cache_activate_folio(page);
		}
		ClearPageReferenced(page);
		workingset_activation(m, page);
	}
	if (PageIdle(page))
		ClearPageIdle(page);
}

/**
 * deactivate_page() - move an active page to the inactive list, as
 * MADV_COLD does (folio_deactivate()).
 * @m: machine
 * @page: the page
 */
void deactivate_page(struct machine *m, struct page *page)
{
	if (!PageLRU(page) || PageUnevictable(page) || !PageActive(page))
		return;
	lruvec_del_page(m, page);
	ClearPageActive(page);
	ClearPageReferenced(page);
	lruvec_add_page(m, page);
	count_vm_event(m, PGDEACTIVATE);
}

/* ---- the anonymous fault path ---- */

/*
 * do_anonymous_page - first touch of a page of a private anonymous VMA.
 *
 * A read maps the shared zero page read-only: no allocation, no rmap, no
 * refcount, not in RSS. A write allocates a zeroed page, makes sure the
 * VMA has an anon_vma, maps the page exclusive to this process (writable
 * and dirty if the VMA allows writes) and counts it in MM_ANONPAGES.
 */
static unsigned int do_anonymous_page(struct vm_fault *vmf)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct vm_area_struct *vma = vmf->vma;
	struct machine *m = vma_machine(vma);
	struct page *page;
	pte_t entry;

	/* A shared mapping without a backing object: cannot happen. */
	if (vma->vm_flags & VM_SHARED)
		return VM_FAULT_SIGBUS;

	/* Use the zero-page for reads. */
	if (!(vmf->flags & FAULT_FLAG_WRITE)) {
		entry = pfn_pte(m->zone.zero_pfn, vma->vm_page_prot);
		*vmf->pte = entry;
		mod_node_page_state(m, NR_ZERO_PAGE_MAPPED, 1);
		count_vm_event(m, ZERO_PAGE_FAULT);
		vmf->stats->zero++;
		return 0;
	}

	/* Allocate our own private page. */
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	/* vma_alloc_zeroed_movable_folio(); a folio is __GFP_COMP. */
	page = alloc_pages_gfp_or_oom(m, 0, GFP_HIGHUSER_MOVABLE | __GFP_ZERO |
					    __GFP_COMP);
	if (!page)
		return VM_FAULT_OOM;
	if (mem_cgroup_charge(m, page, vma->vm_mm)) {
		put_page(&m->zone, page);
		return VM_FAULT_OOM;
	}
	SetPageUptodate(page);		/* a new frame reads as zeroes */

	entry = pfn_pte(page_to_pfn(&m->zone, page), vma->vm_page_prot);
	if (vma->vm_flags & VM_WRITE)
		entry = pte_mkwrite(pte_mkdirty(entry));

	add_mm_counter(vma->vm_mm, MM_ANONPAGES, 1);
	page_add_new_anon_rmap(page, vma, vmf->address);
	lru_cache_add_inactive_or_unevictable(page, vma);
	*vmf->pte = entry;
	vmf->stats->anon++;
	return 0;
}

/* ---- the fault path of file and shmem VMAs (do_fault and friends) ---- */

/*
 * set_pte_range - map @page at @addr for a fault that may be around
 * vmf->address (fault-around) or at it. A shared mapping's PTE takes the
 * VMA's protection as is, so a read fault on a writable shared mapping
 * maps the page writable already; it is dirty on a write fault, or when
 * the page is dirty and the PTE writable. A write fault on a private
 * mapping installs the COW copy as a new anonymous page.
 */
void set_pte_range(struct vm_fault *vmf, struct page *page, unsigned long addr,
		   pte_t *pte)
{
	struct vm_area_struct *vma = vmf->vma;
	struct machine *m = vma_machine(vma);
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	pte_t entry;

	/*
	 * Prefaulted PTEs stay young: x86 does not want old ones
	 * (arch_wants_old_prefaulted_pte() is false).
	 */
	entry = pfn_pte(page_to_pfn(&m->zone, page), vma->vm_page_prot);
	if (write)
		entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	else if (pte_write(entry) && PageDirty(page))
		entry = pte_mkdirty(entry);

	if (write && !(vma->vm_flags & VM_SHARED)) {
		page_add_new_anon_rmap(page, vma, addr);
		lru_cache_add_inactive_or_unevictable(page, vma);
	} else {
		page_add_file_rmap(page, vma);
	}
	*pte = entry;
}

/*
 * finish_fault - install vmf->page (whose reference the PTE takes over)
 * and count it in RSS: the COW copy as anonymous, a page-cache page as
 * file or shmem.
 */
static unsigned int finish_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	bool is_cow = (vmf->flags & FAULT_FLAG_WRITE) &&
		      !(vma->vm_flags & VM_SHARED);

	set_pte_range(vmf, vmf->page, vmf->address, vmf->pte);
	add_mm_counter(vma->vm_mm, is_cow ? MM_ANONPAGES :
		       mm_counter_file(vmf->page), 1);
	return 0;
}

/*
 * __do_fault - the VMA's ->fault (filemap_fault, shmem_fault): the page
 * at vmf->pgoff in vmf->page, with a reference for us.
 */
static unsigned int __do_fault(struct vm_fault *vmf)
{
	return vmf->vma->vm_ops->fault(vmf);
}

/*
 * fault_around_pages - the fault-around window in pages: the machine
 * description's fault_around_bytes (64 KiB, 16 pages, by default).
 */
static pgoff_t fault_around_pages(const struct vm_area_struct *vma)
{
	return vma_machine(vma)->cfg.cpu.fault_around_bytes >> PAGE_SHIFT;
}

/*
 * should_fault_around - fault-around needs a ->map_pages, and is on
 * unless the window is a single page (fault_around_bytes set to
 * PAGE_SIZE).
 */
static bool should_fault_around(const struct vm_fault *vmf)
{
	if (!vmf->vma->vm_ops->map_pages)
		return false;
	return fault_around_pages(vmf->vma) > 1;
}

/*
 * do_fault_around - map the cached pages in a fault_around_bytes window
 * around the fault, aligned to the window and clamped to the VMA and to
 * this PTE table, so neighbouring pages do not each take a fault.
 */
static unsigned int do_fault_around(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	pgoff_t nr_pages = fault_around_pages(vma);
	pgoff_t pte_off = pte_index(vmf->address);
	/* The page offset of vmf->address within the VMA. */
	pgoff_t vma_off = vmf->pgoff - vma->vm_pgoff;
	pgoff_t from_pte, to_pte, lim;

	/* The PTE offset of the start address, clamped to the VMA. */
	from_pte = pte_off & ~(nr_pages - 1);
	lim = pte_off - (pte_off < vma_off ? pte_off : vma_off);
	if (from_pte < lim)
		from_pte = lim;

	/* The PTE offset of the end address, clamped to the VMA and PTE. */
	to_pte = from_pte + nr_pages;
	if (to_pte > PTRS_PER_PTE)
		to_pte = PTRS_PER_PTE;
	lim = pte_off + vma_pages(vma) - vma_off;
	if (to_pte > lim)
		to_pte = lim;
	to_pte--;

	return vma->vm_ops->map_pages(vmf, vmf->pgoff + from_pte - pte_off,
				      vmf->pgoff + to_pte - pte_off);
}

/*
 * do_read_fault - read fault on a file or shmem mapping: first
 * fault-around maps whatever the cache already holds nearby; if that did
 * not cover the faulting page, ->fault finds it (reading it, and the
 * read-around window with it, on a miss: VM_FAULT_MAJOR) or allocates it.
 */
static unsigned int do_read_fault(struct vm_fault *vmf)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	unsigned int ret;

	if (should_fault_around(vmf)) {
		ret = do_fault_around(vmf);
		if (ret)
			return ret;
	}

	ret = __do_fault(vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_RETRY))
		return ret;
	return ret | finish_fault(vmf);
}

/*
 * do_cow_fault - write fault on a private file mapping: the process gets
 * an anonymous copy of the cache page (read in first if need be), and
 * the VMA an anon_vma, so that it is on both the file's i_mmap and an
 * anon_vma's tree from now on.
 */
static unsigned int do_cow_fault(struct vm_fault *vmf)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct vm_area_struct *vma = vmf->vma;
	struct machine *m = vma_machine(vma);
	struct page *new_page;
	unsigned int ret;

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	new_page = alloc_pages_gfp_or_oom(m, 0, GFP_HIGHUSER_MOVABLE |
						__GFP_COMP);
	if (!new_page)
		return VM_FAULT_OOM;
	if (mem_cgroup_charge(m, new_page, vma->vm_mm)) {
		put_page(&m->zone, new_page);
		return VM_FAULT_OOM;
	}

	ret = __do_fault(vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_RETRY))
		goto uncharge_out;
	if (copy_user_highpage(&m->zone, new_page, vmf->page)) {
		folio_put(m, vmf->page);
		ret = VM_FAULT_OOM;
		goto uncharge_out;
	}
	SetPageUptodate(new_page);
	folio_put(m, vmf->page);	/* ->fault's reference */
	vmf->page = new_page;
	return ret | finish_fault(vmf);

uncharge_out:
	put_page(&m->zone, new_page);
	return ret;
}

/*
 * do_shared_fault - write fault on a shared mapping: ->page_mkwrite
 * tells the file (a page past its end is SIGBUS), then the cache page
 * is mapped writable and dirty, and marked dirty
 * (fault_dirty_shared_page).
 */
static unsigned int do_shared_fault(struct vm_fault *vmf)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct machine *m = vma_machine(vmf->vma);
	unsigned int ret, tmp;

	ret = __do_fault(vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_RETRY))
		return ret;
	if (vmf->vma->vm_ops->page_mkwrite) {
		tmp = vmf->vma->vm_ops->page_mkwrite(vmf);
		if (tmp & VM_FAULT_ERROR) {
			free_page_and_swap_cache(m, vmf->page);
			return tmp;
		}
	}
	ret |= finish_fault(vmf);
	folio_mark_dirty(vmf->page);
	return ret;
}

/* do_fault - the fault of a VMA backed by a file or a shmem object. */
static unsigned int do_fault(struct vm_fault *vmf)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct vm_area_struct *vma = vmf->vma;
	unsigned int ret;

	if (!(vmf->flags & FAULT_FLAG_WRITE))
		ret = do_read_fault(vmf);
	else if (!(vma->vm_flags & VM_SHARED))
		ret = do_cow_fault(vmf);
	else
		ret = do_shared_fault(vmf);
	if (!(ret & (VM_FAULT_ERROR | VM_FAULT_RETRY))) {
		if (vma_is_shmem(vma))
			vmf->stats->shmem++;
		else
			vmf->stats->file++;
	}
	return ret;
}

/* ---- write-protect faults: copy on write ---- */

/*
 * wp_page_reuse - the faulting process may write the page it already
 * maps: make the PTE young, dirty and (if the VMA allows) writable.
 */
static void wp_page_reuse(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	pte_t entry;

	entry = pte_mkyoung(vmf->orig_pte);
	entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	*vmf->pte = entry;
	count_vm_event(vma_machine(vma), PGREUSE);
	vmf->stats->reuse++;
}

/*
 * wp_page_copy - break COW: give the process its own copy of the page
 * (a zeroed page when the old one is the zero page), map it exclusive and
 * writable, and drop the old page's mapping and reference.
 * @old_page: the page mapped now (NULL for the zero page), with an extra
 *	reference taken by do_wp_page() that is dropped here
 */
static unsigned int wp_page_copy(struct vm_fault *vmf, struct page *old_page)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct machine *m = mm->machine;
	struct page *new_page;
	pte_t entry;

	if (anon_vma_prepare(vma))
		goto oom;
	/* A copy of the zero page is vma_alloc_zeroed_movable_folio()'s. */
	new_page = alloc_pages_gfp_or_oom(m, 0, GFP_HIGHUSER_MOVABLE |
						__GFP_COMP |
						(old_page ? 0 : __GFP_ZERO));
	if (!new_page)
		goto oom;
	if (mem_cgroup_charge(m, new_page, mm)) {
		put_page(&m->zone, new_page);
		goto oom;
	}
	if (old_page) {
		if (copy_user_highpage(&m->zone, new_page, old_page)) {
			put_page(&m->zone, new_page);
			goto oom;
		}
	}
	SetPageUptodate(new_page);

	if (old_page) {
		if (!PageAnon(old_page)) {
			add_mm_counter(mm, mm_counter_file(old_page), -1);
			add_mm_counter(mm, MM_ANONPAGES, 1);
		}
	} else {
		mod_node_page_state(m, NR_ZERO_PAGE_MAPPED, -1);
		add_mm_counter(mm, MM_ANONPAGES, 1);
	}
	entry = pfn_pte(page_to_pfn(&m->zone, new_page), vma->vm_page_prot);
	entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	/*
	 * Clear the old PTE before the new page becomes visible in rmap:
	 * ptep_clear_flush(), the old translation flushed from every TLB.
	 */
	*vmf->pte = __pte(0);
	if (!tlb_forget_flush(vma->vm_mm, TLB_FORGET_COW))
		flush_tlb_page(vma, vmf->address);
	page_add_new_anon_rmap(new_page, vma, vmf->address);
	lru_cache_add_inactive_or_unevictable(new_page, vma);
	*vmf->pte = entry;
	if (old_page) {
		page_remove_rmap(old_page, vma);
		/* The reference the old PTE held... */
		free_page_and_swap_cache(m, old_page);
		/* ...and the one do_wp_page() took. */
		free_page_and_swap_cache(m, old_page);
	}
	count_vm_event(m, COW_COPY);
	vmf->stats->cow++;
	return 0;

oom:
	if (old_page)
		free_page_and_swap_cache(m, old_page);
	return VM_FAULT_OOM;
}

/*
 * wp_can_reuse_anon_page - may the process write an anonymous page that
 * is not marked exclusive? Only if ours is the only reference left (the
 * kernel's wp_can_reuse_anon_folio() test on the refcount), once a swap
 * cache that no swap entry needs any more has let go of it; then the
 * page moves to this VMA's own anon_vma.
 */
static bool wp_can_reuse_anon_page(struct page *page,
				   struct vm_area_struct *vma)
{
	struct machine *m = vma_machine(vma);

	if (page_ref_count(page) > 1 + (PageSwapCache(page) ? 1 : 0))
		return false;
	if (PageSwapCache(page))
		folio_free_swap(m, page);
	if (page_ref_count(page) != 1)
		return false;
	page_move_anon_rmap(page, vma);
	return true;
}

/*
 * do_wp_page - a write hit a present, write-protected PTE.
 *
 * Shared mappings just become writable (wp_page_shared). In a private
 * mapping, an anonymous page this process alone maps (PageAnonExclusive,
 * or the last reference after the relatives COWed theirs away) is
 * reused; anything else -- the zero page, a page still shared after
 * fork -- is copied.
 */
static unsigned int do_wp_page(struct vm_fault *vmf)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct vm_area_struct *vma = vmf->vma;
	struct page *page = vm_normal_page(vma, vmf->address, vmf->orig_pte);

	if (vma->vm_flags & (VM_SHARED | VM_MAYSHARE)) {
		/*
		 * wp_page_shared(): the file hears of the write first
		 * (->page_mkwrite: write-notify), then the PTE is reused,
		 * and the page is dirty.
		 */
		if (page && vma->vm_ops && vma->vm_ops->page_mkwrite) {
			unsigned int tmp;

			vmf->page = page;
			tmp = vma->vm_ops->page_mkwrite(vmf);
			if (tmp & VM_FAULT_ERROR)
				return tmp;
		}
		wp_page_reuse(vmf);
		if (page)
			folio_mark_dirty(page);
		return 0;
	}

	if (page && PageAnon(page) &&
	    (PageAnonExclusive(page) || wp_can_reuse_anon_page(page, vma))) {
		if (!PageAnonExclusive(page))
			SetPageAnonExclusive(page);
		wp_page_reuse(vmf);
		return 0;
	}

	/* Ok, we need to copy. */
	if (page)
		get_page(page);
	return wp_page_copy(vmf, page);
}

/* ---- do_swap_page ---- */

/*
 * vm_swap_full - is more than half of swap in use (vm_swap_full())?
 * Then a page swapped in gives its slot up at once.
 */
static bool vm_swap_full(const struct machine *m)
{
	return nr_swap_pages(m) * 2 < total_swap_pages(m);
}

/*
 * should_try_to_free_swap - after a swap-in, should the page give up
 * its swap slot and leave the swap cache? When swap is more than half
 * full, in an mlocked VMA, or for a write fault that will map it
 * writable if ours and the swap cache's are its only references.
 */
static bool should_try_to_free_swap(const struct machine *m,
				    struct page *page,
				    struct vm_area_struct *vma,
				    unsigned int fault_flags)
{
	if (!PageSwapCache(page))
		return false;
	if (vm_swap_full(m) || (vma->vm_flags & VM_LOCKED) ||
	    PageMlocked(page))
		return true;
	return (fault_flags & FAULT_FLAG_WRITE) && page_ref_count(page) == 2;
}

/*
 * do_swap_page - an access hit a swap entry (mm/memory.c).
 *
 * The page is looked up in the swap cache: a hit is a minor fault (a
 * relative swapped it in already, or reclaim has not let go of it).
 * Otherwise it is read from its slot, a major fault (maj_flt,
 * pgmajfault, pswpin): an entry only this PTE holds into a page of its
 * own, past the swap cache, as for a SWP_SYNCHRONOUS_IO device; one
 * other PTEs still hold into the swap cache, where their faults will
 * find it. The PTE loses its hold on the entry (swap_free()), and the
 * page leaves the swap cache if should_try_to_free_swap() says so.
 *
 * The page is mapped writable (dirty, for a write) if the VMA allows
 * writes and it is certainly ours: a page that was never in the swap
 * cache, an entry marked exclusive, or a page nothing else holds. A
 * write fault on a page still shared goes on to do_wp_page().
 */
static unsigned int do_swap_page(struct vm_fault *vmf)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct machine *m = mm->machine;
	swp_entry_t entry = pte_to_swp_entry(vmf->orig_pte);
	struct page *page, *swapcache = NULL;
	unsigned int ret = 0;
	bool exclusive, fresh = false;
	pte_t pte;

	if (!swap_entry_valid(m, entry) || !__swap_count(m, entry)) {
		vm_err(m, "bad swap entry 0x%llx at 0x%lx",
		       (unsigned long long)pte_val(vmf->orig_pte),
		       vmf->address);
		return VM_FAULT_SIGBUS;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = swap_cache_get_folio(m, entry);
	if (page) {
		get_page(page);
		swapcache = page;
	} else {
		/* swapin: GFP_HIGHUSER_MOVABLE, in a folio */
		page = alloc_pages_gfp_or_oom(m, 0, GFP_HIGHUSER_MOVABLE |
						    __GFP_COMP);
		if (!page)
			return VM_FAULT_OOM;
		if (mem_cgroup_swapin_charge_folio(m, page, vma->vm_mm,
						   entry.val)) {
			put_page(&m->zone, page);
			return VM_FAULT_OOM;
		}
		fresh = true;
		if (__swap_count(m, entry) > 1) {
			/* __read_swap_cache_async(): others will look here. */
			if (add_to_swap_cache(m, page, entry)) {
				put_page(&m->zone, page);
				return VM_FAULT_OOM;
			}
			swapcache = page;
		}
		if (swap_read_folio(m, page, entry)) {
			if (swapcache)
				delete_from_swap_cache(m, page);
			put_page(&m->zone, page);
			return VM_FAULT_OOM;
		}
		SetPageSwapBacked(page);
		ret = VM_FAULT_MAJOR;
		count_vm_event(m, PGMAJFAULT);
		count_memcg_event_mm(vma->vm_mm, MEMCG_PGMAJFAULT);
		vmf->stats->major++;
	}

	/* A page the swap cache never showed anyone is certainly ours. */
	exclusive = !swapcache || pte_swp_exclusive(vmf->orig_pte);

	swap_free(m, entry);
	if (should_try_to_free_swap(m, page, vma, vmf->flags))
		folio_free_swap(m, page);

	add_mm_counter(mm, MM_ANONPAGES, 1);
	add_mm_counter(mm, MM_SWAPENTS, -1);
	pte = pfn_pte(page_to_pfn(&m->zone, page), vma->vm_page_prot);
	if (exclusive || page_ref_count(page) == 1) {
		if ((vma->vm_flags & VM_WRITE) &&
		    !(vma_soft_dirty_enabled(vma) &&
		      !pte_swp_soft_dirty(vmf->orig_pte))) {
			pte = pte_mkwrite(pte);
			if (vmf->flags & FAULT_FLAG_WRITE) {
				pte = pte_mkdirty(pte);
				vmf->flags &= ~FAULT_FLAG_WRITE;
			}
		}
		exclusive = true;
	}
	if (pte_swp_soft_dirty(vmf->orig_pte))
		pte = pte_mksoft_dirty(pte);

	/*
	 * A page just read went on the LRU as it was read (folio_add_lru(),
	 * not folio_add_lru_vma()), and its first mapping does not mlock it
	 * (folio_add_new_anon_rmap()): in a VM_LOCKED VMA it stays evictable
	 * until reclaim finds it there. So for one madvise willneed read
	 * into the swap cache; one a relative mapped already gains a
	 * mapping as any anon page (and is mlocked so).
	 */
	if (fresh)
		lru_cache_add(m, page);
	if (!PageAnon(page))	/* just read, or read ahead by willneed */
		__page_add_new_anon_rmap(page, vma, vmf->address, exclusive);
	else
		page_add_anon_rmap(page, vma, vmf->address, exclusive);
	*vmf->pte = pte;
	vmf->orig_pte = pte;
	vmf->stats->swap++;

	if (vmf->flags & FAULT_FLAG_WRITE) {
		unsigned int wp = do_wp_page(vmf);

		if (wp & VM_FAULT_ERROR)
			ret |= wp;
	}
	return ret;
}

/* ---- handle_mm_fault ---- */

/*
 * handle_pte_fault - decide what the fault needs from the PTE found:
 * none -> first touch (anonymous or object-backed); a PROT_NONE entry
 * left in a VMA that is accessible again -> restore the VMA's protection;
 * write to a write-protected PTE -> do_wp_page(); otherwise the PTE
 * already allows the access and only the accessed (and dirty) bits need
 * setting.
 */
static unsigned int handle_pte_fault(struct vm_fault *vmf)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct vm_area_struct *vma = vmf->vma;
	pte_t entry;

	vmf->orig_pte = *vmf->pte;
	if (pte_none(vmf->orig_pte)) {
		if (vma_is_anonymous(vma))
			return do_anonymous_page(vmf);
		return do_fault(vmf);
	}

	if (is_swap_pte(vmf->orig_pte))
		return do_swap_page(vmf);

	/*
	 * Not swap: a non-present entry is a PROT_NONE one. In a VMA
	 * that is accessible again, give it the VMA's protection back, as
	 * do_numa_page() does; the retried access takes whatever fault is
	 * still due. In a PROT_NONE VMA (only a forced get_user_pages()
	 * gets here) it stands for a mapped page like any other.
	 */
	if (!pte_present(vmf->orig_pte) && (vma->vm_flags & VM_ACCESS_FLAGS)) {
		*vmf->pte = pte_modify(vmf->orig_pte, vma->vm_page_prot);
		vmf->stats->spurious++;
		return 0;
	}

	entry = vmf->orig_pte;
	if (vmf->flags & FAULT_FLAG_WRITE) {
		if (!pte_write(entry))
			return do_wp_page(vmf);
		entry = pte_mkdirty(entry);
	}
	entry = pte_mkyoung(entry);
	*vmf->pte = entry;
	vmf->stats->spurious++;
	return 0;
}

/*
 * __handle_mm_fault - walk to the PTE for @address, allocating the pud,
 * pmd and pte tables on the way (walk_to_pte(), whose allocations may run
 * the OOM killer), then handle_pte_fault().
 */
static unsigned int __handle_mm_fault(struct vm_area_struct *vma,
				      unsigned long address,
				      unsigned int flags,
				      struct fault_stats *stats)
{
	ftrace_graph(&vma_machine(vma)->trace);
	struct vm_fault vmf = {
		.vma = vma,
		.address = address & PAGE_MASK,
		.real_address = address,
		.flags = flags,
		.pgoff = linear_page_index(vma, address),
		.stats = stats,
	};

	vmf.pte = walk_to_pte(vma->vm_mm, address);
	if (!vmf.pte)
		return VM_FAULT_OOM;
	return handle_pte_fault(&vmf);
}

/**
 * handle_mm_fault() - resolve a page fault in @vma.
 * @vma: VMA containing @address (access already checked)
 * @address: faulting address
 * @flags: FAULT_FLAG_WRITE, FAULT_FLAG_INSTRUCTION, FAULT_FLAG_USER,
 *	FAULT_FLAG_REMOTE
 * @stats: counts what the fault did (may be NULL)
 *
 * Counts PGFAULT, failed faults included, as mm_account_fault() does; the
 * task's min_flt is counted by the caller, which knows the task.
 *
 * Return: 0, VM_FAULT_NOPAGE, or a VM_FAULT_* error (VM_FAULT_OOM when no
 * frame could be had even with the OOM killer's help, VM_FAULT_SIGBUS
 * past the end of a shmem object).
 * Locking: machine lock held for writing.
 */
unsigned int handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			     unsigned int flags, struct fault_stats *stats)
{
	ftrace_graph(&vma_machine(vma)->trace);
	struct machine *m = vma_machine(vma);
	struct fault_stats scratch;
	unsigned int ret;

	if (!stats) {
		memset(&scratch, 0, sizeof(scratch));
		stats = &scratch;
	}
	ret = __handle_mm_fault(vma, address, flags, stats);
	/* mm_account_fault(): a fault to be retried counts when it completes. */
	if (!(ret & VM_FAULT_RETRY)) {
		count_vm_event(m, PGFAULT);
		count_memcg_event_mm(vma->vm_mm, MEMCG_PGFAULT);
	}
	return ret;
}

/* ---- the x86 fault handler ---- */

/*
 * access_error - may this access touch @vma at all (arch/x86/mm/fault.c)?
 * A write needs VM_WRITE. A read that found a present PTE it may not use
 * is an exec of a no-exec page (or a data access its protection key
 * denies: X86_PF_PK, and the same check of the VMA's key before any PTE
 * exists). Otherwise the VMA must allow some access:
 * PROT_NONE does not, and x86 cannot express "exec but no read", so any
 * of read, write or exec lets a read or an instruction fetch in.
 */
static bool access_error(unsigned long error_code, struct vm_area_struct *vma)
{
	ftrace_graph(&vma_machine(vma)->trace);
	/* A protection-key fault, or one the VMA's key would give. */
	if (error_code & X86_PF_PK)
		return true;
	if (!arch_vma_access_permitted(vma, error_code & X86_PF_WRITE,
				       error_code & X86_PF_INSTR, false))
		return true;
	if (error_code & X86_PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (error_code & X86_PF_PROT)
		return true;
	if (!(vma->vm_flags & VM_ACCESS_FLAGS))
		return true;
	return false;
}

/*
 * pagefault_out_of_memory - a fault of @tsk came back VM_FAULT_OOM: ask
 * the OOM killer again, now on behalf of the fault. If it chooses @tsk
 * itself (out_of_memory() leaves current alone), this is where @tsk dies:
 * the kill is counted and SIGKILL delivered. If it kills another task,
 * the fault is retried; if nothing is killable, the access fails.
 * Return: 0 (retry), SIGKILL, or -ENOMEM.
 */
static int pagefault_out_of_memory(struct task_struct *tsk,
				   unsigned long address,
				   struct access_result *res)
{
	struct machine *m = tsk->machine;
	enum oom_result oom;

	/*
	 * A memory cgroup's charge failed: its OOM has run already
	 * (mem_cgroup_oom()), and chose @tsk, or found nothing to kill;
	 * the machine's OOM killer has no part in it.
	 */
	if (m->memcg_oom) {
		memcg_memory_event(mem_cgroup_from_task(tsk), MEMCG_OOM_KILL);
		m->memcg_oom = NULL;
		oom = OOM_CHOSE_CURRENT;
	} else if (m->memcg_oom_none) {
		m->memcg_oom_none = NULL;
		oom = OOM_NO_VICTIM;
	} else {
		/* The fault is @tsk's own: @tsk is current (user_access()). */
		oom = out_of_memory(m);
	}
	switch (oom) {
	case OOM_KILLED:
		return 0;
	case OOM_CHOSE_CURRENT:
		count_vm_event(m, OOM_KILL);
		trace_mark_victim(&m->trace, tsk);
		res->si_code = 0;
		return SIGKILL;
	case OOM_NO_VICTIM:
		break;
	}
	vm_err(m, "out of memory at 0x%lx", address);
	return -ENOMEM;
}

/*
 * bad_area_access_from_pkeys - was a bad access denied by a protection
 * key (then the signal is SEGV_PKUERR, not SEGV_ACCERR)?
 */
static bool bad_area_access_from_pkeys(unsigned long error_code,
				       struct vm_area_struct *vma)
{
	if (!vma_machine(vma)->cfg.cpu.pku)
		return false;
	if (error_code & X86_PF_PK)
		return true;
	return !arch_vma_access_permitted(vma, error_code & X86_PF_WRITE,
					  error_code & X86_PF_INSTR, false);
}

/**
 * do_page_fault() - the x86 user page-fault handler
 * (do_user_addr_fault() with lock_mm_and_find_vma()).
 * @tsk: faulting task (it must have an mm)
 * @address: faulting address
 * @error_code: X86_PF_USER, plus X86_PF_WRITE for a write, X86_PF_INSTR
 *	for an instruction fetch, X86_PF_PROT when the PTE was present
 * @res: si_code and address of a signal; ->stats counts the fault's work
 *
 * find_vma(); below the VMA, only a VM_GROWSDOWN stack may be extended
 * (expand_stack, which keeps the stack guard gap) -- else SEGV_MAPERR;
 * access_error() -> SEGV_ACCERR; then handle_mm_fault(). When memory is
 * exhausted and the OOM killer chooses the faulting task itself
 * (pagefault_out_of_memory()), the result is SIGKILL.
 *
 * Return: 0 if the fault was handled (the access should be retried), a
 * signal number (SIGSEGV, SIGBUS, SIGKILL) to deliver, or -ENOMEM when
 * the task cannot be killed and no memory can be had.
 * Locking: machine lock held for writing.
 */
int do_page_fault(struct task_struct *tsk, unsigned long address,
		  unsigned long error_code, struct access_result *res)
{
	ftrace_graph(&tsk->machine->trace);
	struct mm_struct *mm = tsk->mm;
	struct vm_area_struct *vma;
	unsigned int flags = FAULT_FLAG_USER;
	unsigned int fault;

	/* trace_page_fault_entries(): no user instruction runs, so ip 0 */
	trace_page_fault_user(&tsk->machine->trace, address, 0UL, error_code);
	if (error_code & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;
	res->addr = address;

	vma = find_vma(mm, address);
	if (!vma)
		goto bad_area;
	if (vma->vm_start > address) {
		unsigned long old_start = vma->vm_start;

		if (!(vma->vm_flags & VM_GROWSDOWN))
			goto bad_area;
		if (expand_stack(vma, address))
			goto bad_area;
		if (vma->vm_start != old_start)
			res->stats.expand++;
	}

	/* Ok, we have a good vm_area for this memory access. */
	if (access_error(error_code, vma)) {
		res->si_code = bad_area_access_from_pkeys(error_code, vma) ?
			       SEGV_PKUERR : SEGV_ACCERR;
		return SIGSEGV;
	}

	/*
	 * A fault whose ->fault did I/O is retried (FAULT_FLAG_TRIED), as
	 * after the kernel dropped the mmap lock for it; mm_account_fault():
	 * a fault that had to read, or was retried, is major.
	 */
	flags |= FAULT_FLAG_ALLOW_RETRY;
	for (;;) {
		fault = handle_mm_fault(vma, address, flags, &res->stats);
		if (!(fault & VM_FAULT_RETRY))
			break;
		flags |= FAULT_FLAG_TRIED;
	}
	if (!(fault & VM_FAULT_ERROR)) {
		if ((fault & VM_FAULT_MAJOR) || (flags & FAULT_FLAG_TRIED))
			tsk->maj_flt++;
		else
			tsk->min_flt++;
		return 0;
	}
	if (fault & VM_FAULT_OOM) {
		/* The host ran out, not the machine: no OOM kill. */
		if (mm_zone(mm)->host_nomem) {
			vm_err(tsk->machine, "host out of memory");
			return -ENOMEM;
		}
		return pagefault_out_of_memory(tsk, address, res);
	}
	if (fault & VM_FAULT_SIGBUS) {
		res->si_code = BUS_ADRERR;
		return SIGBUS;
	}

bad_area:
	res->si_code = SEGV_MAPERR;
	return SIGSEGV;
}

/* ---- the MMU ---- */

/*
 * pte_allows - would the CPU let a user-mode @mode access through @pte?
 * It must be present and user; a write needs RW; an instruction fetch
 * needs the NX bit clear. Data accesses are also checked against the
 * PTE's protection key by pte_pkey_allows().
 */
static bool pte_allows(pte_t pte, enum access_mode mode)
{
	if (!pte_hw_present(pte) || !(pte_val(pte) & _PAGE_USER))
		return false;
	switch (mode) {
	case ACCESS_WRITE:
		return pte_write(pte);
	case ACCESS_EXEC:
		return pte_exec(pte);
	default:
		return true;
	}
}

/*
 * pte_pkey_allows - does the running task's PKRU let a data access
 * through the protection key in @pte? Instruction fetches ignore keys.
 */
static bool pte_pkey_allows(const struct mm_struct *mm, pte_t pte,
			    enum access_mode mode)
{
	if (mode == ACCESS_EXEC)
		return true;
	return pkru_allows_pkey(mm, pte_flags_pkey(pte), mode == ACCESS_WRITE);
}

/*
 * x86_virt_bits - the CPU's linear-address width
 * (boot_cpu_data.x86_virt_bits): 57 with 5-level paging, else 48.
 */
static unsigned int x86_virt_bits(const struct machine *m)
{
	return m->cfg.cpu.la57 ? 57 : 48;
}

/*
 * __canonical_address - @vaddr with bits @vaddr_bits-1 and up all copies
 * of bit @vaddr_bits-1, and __is_canonical_address - is @vaddr already so
 * (arch/x86/include/asm/page.h)? Everything else is the non-canonical hole
 * between the user and the kernel halves.
 */
static inline unsigned long __canonical_address(unsigned long vaddr,
						unsigned int vaddr_bits)
{
	return (unsigned long)((long)(vaddr << (64 - vaddr_bits)) >>
			       (64 - vaddr_bits));
}

static inline bool __is_canonical_address(unsigned long vaddr,
					  unsigned int vaddr_bits)
{
	return __canonical_address(vaddr, vaddr_bits) == vaddr;
}

/*
 * exc_general_protection - the #GP a user-mode access to a non-canonical
 * address raises. The CPU checks the form of the linear address before
 * any paging, so no page fault is taken or counted; the kernel sends
 * SIGSEGV with si_code SI_KERNEL and si_addr 0 (gp_user_force_sig_segv()
 * -> force_sig()). (An access based on %rsp or %rbp would raise #SS, and
 * SIGBUS; the engine's accesses are through general registers.)
 * Return: SIGSEGV.
 */
static int exc_general_protection(struct access_result *res)
{
	res->si_code = SI_KERNEL;
	res->addr = 0;
	return SIGSEGV;
}

/*
 * access_frame - move the bytes of an access of [@addr, @addr + @len),
 * translated to @page: into it for a write, out of it for a read; nothing
 * for a touch (@data NULL). Return 0 or -ENOMEM (host memory).
 */
static int access_frame(struct machine *m, struct page *page,
			unsigned long addr, size_t len, enum access_mode mode,
			void *data)
{
	const char *src;

	if (!data)
		return 0;
	if (mode == ACCESS_WRITE) {
		if (memcpy_to_page(&m->zone, page, addr & ~PAGE_MASK, data,
				   len)) {
			vm_err(m, "host out of memory");
			return -ENOMEM;
		}
		return 0;
	}
	src = page_contents(page);
	if (src)
		memcpy(data, src + (addr & ~PAGE_MASK), len);
	else
		memset(data, 0, len);
	return 0;
}

/*
 * tlb_access - the TLB of the running CPU translates the access, if an
 * entry allows it (vm/hw_tlb.c): no page walk, no accessed bit set again;
 * a write needs the entry's dirty bit, or the CPU walks to set it. An
 * entry that does not allow the access is dropped, and the walk decides
 * (a protection-key refusal keeps it: PKRU is checked on every access).
 * Return: 1 when done, 0 when the access must walk, or -errno.
 */
static int tlb_access(struct hw_tlb *tlb, struct task_struct *tsk,
		      unsigned long addr, size_t len, enum access_mode mode,
		      void *data)
{
	struct hw_tlb_entry *e = hw_tlb_lookup(tlb, addr >> PAGE_SHIFT);
	struct page *page;
	pte_t pte;
	int err;

	if (!e)
		goto miss;
	pte = __pte(e->pte);
	if (!pte_allows(pte, mode) ||
	    (mode == ACCESS_WRITE && !pte_dirty(pte))) {
		e->pte = 0;
		e->vpn = 0;
		goto miss;
	}
	if (!pte_pkey_allows(tsk->mm, pte, mode))
		goto miss;
	tlb->hits++;
	page = pfn_to_page(&tsk->machine->zone, pte_pfn(pte));
	/*
	 * Only a kernel that forgot a flush (forget_tlb_flush=) leaves an
	 * entry whose frame may have been freed, or reused for a page table
	 * or a slab: the hardware would write the kernel's memory there;
	 * mmsim drops such a store and reads zeroes (a freed frame is
	 * zeroed when it is next allocated). A frame that is some process's
	 * page again takes the access: the use after free.
	 */
	if (tsk->machine->cfg.cpu.forget_tlb_flush &&
	    (!page_ref_count(page) || PageTable(page) || PageSlab(page))) {
		if (data && mode != ACCESS_WRITE)
			memset(data, 0, len);
		return 1;
	}
	err = access_frame(tsk->machine, page, addr, len, mode, data);
	return err ? err : 1;
miss:
	tlb->misses++;
	return 0;
}

/*
 * mmu_access_page - one access of [@addr, @addr + @len) within one page:
 * check its canonical form, then translate (through the running CPU's
 * TLB when it holds @tsk's mm, else by a walk that fills it), set the
 * accessed/dirty bits and move the bytes, or fault and retry. Return 0
 * when done, a signal number when the task got one, or -errno.
 */
static int mmu_access_page(struct task_struct *tsk, unsigned long addr,
			   size_t len, enum access_mode mode, void *data,
			   struct access_result *res)
{
	struct machine *m = tsk->machine;
	struct zone *zone = &m->zone;
	unsigned int vaddr_bits = x86_virt_bits(m);
	struct cpu_state *cs = &m->cpus[m->this_cpu];
	struct hw_tlb *tlb = NULL;

	/* Every byte of the access, before any page walk. */
	if (!__is_canonical_address(addr, vaddr_bits) ||
	    !__is_canonical_address(addr + (len - 1), vaddr_bits))
		return exc_general_protection(res);

	if (cs->loaded_mm == tsk->mm && addr < TASK_SIZE) {
		int done;

		tlb = &cs->tlb;
		done = tlb_access(tlb, tsk, addr, len, mode, data);
		if (done)
			return done < 0 ? done : 0;
	}

	for (int tries = 0; ; tries++) {
		unsigned long error_code = X86_PF_USER;
		pte_t *pte = NULL;
		int sig;

		if (addr < tsk->mm->task_size)
			pte = mm_find_pte(tsk->mm, addr);
		if (mode == ACCESS_WRITE)
			error_code |= X86_PF_WRITE;
		else if (mode == ACCESS_EXEC)
			error_code |= X86_PF_INSTR;

		if (pte && pte_present(*pte)) {
			error_code |= X86_PF_PROT;
			if (pte_allows(*pte, mode) &&
			    !pte_pkey_allows(tsk->mm, *pte, mode))
				error_code |= X86_PF_PK;
			else if (pte_allows(*pte, mode)) {
				pte_t entry = pte_mkyoung(*pte);
				struct page *page;

				if (mode == ACCESS_WRITE)
					entry = pte_mkdirty(entry);
				*pte = entry;
				page = pfn_to_page(zone, pte_pfn(entry));
				if (tlb)
					hw_tlb_fill(tlb, addr >> PAGE_SHIFT,
						    pte_val(entry));
				return access_frame(m, page, addr, len, mode,
						    data);
			}
		}

		if (tries >= MAX_FAULT_RETRIES) {
			vm_err(m, "fault at 0x%lx does not resolve", addr);
			return -EFAULT;
		}
		res->stats.faults++;
		sig = do_page_fault(tsk, addr, error_code, res);
		if (sig)
			return sig;
	}
}

/*
 * force_sig_fault - deliver the fatal signal of a bad access: record it
 * for the reply and kill the task's whole thread group (its memory is
 * freed at once with the last thread). PID 1 survives: the simulated
 * init ignores what it cannot die of.
 */
static void force_sig_fault(struct task_struct *tsk, int sig,
			    struct access_result *res)
{
	res->signo = sig;
	do_group_exit(tsk, sig);
}

/**
 * user_access() - user-mode accesses of [@addr, @addr + @len), page by
 * page, as the CPU makes them: see mm.h.
 * @tsk: task making the access
 * @addr: first byte
 * @len: bytes (> 0)
 * @mode: ACCESS_READ, ACCESS_WRITE or ACCESS_EXEC
 * @buf: bytes to store, or buffer for the bytes loaded (NULL: touch)
 * @res: the signal, if any, and the faults taken
 *
 * @tsk is current (its command runs on its CPU), so the OOM killer
 * never tears down the address space under its own fault.
 *
 * Return: 0 (also when a signal killed the task), -ESRCH for a task that
 * has exited, -EINVAL for an empty or wrapping range, -ENOMEM when
 * neither memory nor a victim could be found, -EFAULT on an engine bug.
 * Locking: machine lock held for writing.
 */
int user_access(struct task_struct *tsk, unsigned long addr, size_t len,
		enum access_mode mode, void *buf, struct access_result *res)
{
	struct machine *m = tsk->machine;
	unsigned long kills = m->vm_events[OOM_KILL];
	size_t done = 0;
	int ret = 0;

	memset(res, 0, sizeof(*res));
	if (!tsk->mm ||
	    (tsk->state != TASK_RUNNING && tsk->state != TASK_SLEEPING)) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	if (!len || addr + (len - 1) < addr) {
		vm_err(m, "bad range 0x%lx+0x%zx", addr, len);
		return -EINVAL;
	}

	while (done < len) {
		unsigned long cur = addr + done;
		size_t chunk = PAGE_SIZE - (cur & ~PAGE_MASK);
		int sig;

		if (chunk > len - done)
			chunk = len - done;
		sig = mmu_access_page(tsk, cur, chunk, mode,
				      buf ? (char *)buf + done : NULL, res);
		if (sig < 0) {
			ret = sig;
			break;
		}
		if (sig) {
			force_sig_fault(tsk, sig, res);
			break;
		}
		res->stats.pages++;
		done += chunk;
	}
	/* Every task the OOM killer ended for this access, @tsk included. */
	res->stats.oom_kills = m->vm_events[OOM_KILL] - kills;
	return ret;
}

/* ---- get_user_pages: populate and /proc/PID/mem ---- */

/*
 * can_follow_write_pte - may a FOLL_WRITE access use the page this
 * read-only PTE maps without another write fault? Only under FOLL_FORCE,
 * in a private VMA that could be written (VM_MAYWRITE) but is not
 * (VM_WRITE would take the ordinary COW fault), once COW has given the
 * process its own exclusive anonymous copy.
 */
static bool can_follow_write_pte(pte_t pte, struct page *page,
				 struct vm_area_struct *vma,
				 unsigned int flags)
{
	if (pte_write(pte))
		return true;
	if (!(flags & FOLL_FORCE))
		return false;
	if (vma->vm_flags & (VM_MAYSHARE | VM_SHARED))
		return false;
	if (!(vma->vm_flags & VM_MAYWRITE))
		return false;
	if (vma->vm_flags & VM_WRITE)
		return false;
	if (!page || !PageAnon(page) || !PageAnonExclusive(page))
		return false;
	/* ... and a write fault isn't required for soft-dirty tracking. */
	if (vma_soft_dirty_enabled(vma) && !pte_soft_dirty(pte))
		return false;
	return true;
}

/*
 * follow_page_pte - the page @address maps, if the PTE allows the access
 * in @flags without a fault; NULL if a fault is needed. PROT_NONE entries
 * are followed (GUP does not honour NUMA hinting), the zero page is
 * returned for reads: vm_normal_page() has no page for it, but
 * is_zero_pfn() gives it. FOLL_TOUCH marks the page accessed, the zero
 * page too (and dirty for a write, which never follows the zero page).
 */
static struct page *follow_page_pte(struct vm_area_struct *vma,
				    unsigned long address, unsigned int flags)
{
	struct machine *m = vma_machine(vma);
	pte_t *ptep = mm_find_pte(vma->vm_mm, address);
	struct page *page;
	pte_t pte;

	/* A swap entry needs a fault (do_swap_page) first. */
	if (!ptep || !pte_present(*ptep))
		return NULL;
	pte = *ptep;
	page = vm_normal_page(vma, address, pte);
	if ((flags & FOLL_WRITE) && !can_follow_write_pte(pte, page, vma, flags))
		return NULL;
	if (!page) {
		if (!is_zero_pfn(&m->zone, pte_pfn(pte)))
			return NULL;
		page = pfn_to_page(&m->zone, pte_pfn(pte));
	}
	if (flags & FOLL_TOUCH) {
		if ((flags & FOLL_WRITE) && !pte_dirty(pte) && !PageDirty(page))
			SetPageDirty(page);
		mark_page_accessed(m, page);
	}
	return page;
}

/*
 * check_vma_flags - may get_user_pages() access @vma this way? Forced
 * writes work only in private (COW) mappings; forced reads need
 * VM_MAYREAD; and protection keys must allow it unless it is another
 * process's access (FOLL_REMOTE).
 */
static int check_vma_flags(struct vm_area_struct *vma, unsigned int gup_flags)
{
	unsigned long vm_flags = vma->vm_flags;

	if (vm_flags & (VM_IO | VM_PFNMAP))
		return -EFAULT;
	if (gup_flags & FOLL_WRITE) {
		if (!(vm_flags & VM_WRITE)) {
			if (!(gup_flags & FOLL_FORCE))
				return -EFAULT;
			if (!is_cow_mapping(vm_flags))
				return -EFAULT;
		}
	} else if (!(vm_flags & VM_READ)) {
		if (!(gup_flags & FOLL_FORCE))
			return -EFAULT;
		if (!(vm_flags & VM_MAYREAD))
			return -EFAULT;
	}
	/* gup is always a data access, never an instruction fetch. */
	if (!arch_vma_access_permitted(vma, gup_flags & FOLL_WRITE, false,
				       gup_flags & FOLL_REMOTE))
		return -EFAULT;
	return 0;
}

/*
 * faultin_page - take the fault get_user_pages() needs, as a write fault
 * under FOLL_WRITE, a second try under FOLL_TRIED. Return 0, -EAGAIN
 * when the fault did I/O and must be tried again (VM_FAULT_RETRY, not
 * counted: mm_account_fault() counts the try that completes), -ENOMEM
 * or -EFAULT.
 */
static int faultin_page(struct vm_area_struct *vma, unsigned long address,
			unsigned int gup_flags, struct task_struct *owner)
{
	unsigned int fault_flags = FAULT_FLAG_ALLOW_RETRY;
	unsigned int ret;

	if (gup_flags & FOLL_WRITE)
		fault_flags |= FAULT_FLAG_WRITE;
	if (gup_flags & FOLL_REMOTE)
		fault_flags |= FAULT_FLAG_REMOTE;
	if (gup_flags & FOLL_TRIED)
		fault_flags |= FAULT_FLAG_TRIED;
	ret = handle_mm_fault(vma, address, fault_flags, NULL);
	if (ret & VM_FAULT_RETRY)
		return -EAGAIN;
	if (ret & VM_FAULT_OOM)
		return -ENOMEM;
	if (ret & VM_FAULT_ERROR)
		return -EFAULT;
	/* mm_account_fault(): the faulting task, for GUP the caller. */
	if (owner) {
		if ((ret & VM_FAULT_MAJOR) || (fault_flags & FAULT_FLAG_TRIED))
			owner->maj_flt++;
		else
			owner->min_flt++;
	}
	return 0;
}

/*
 * get_user_page - follow @address, faulting as often as needed (the inner
 * loop of __get_user_pages()). A fault that did I/O is tried again:
 * with FOLL_TRIED when @retry_tried, as __get_user_pages_locked() retries
 * (a remote access); without, as __mm_populate() starts populating again
 * from the page (mlock, MAP_POPULATE), so that second try counts as a
 * minor fault. Return 0 with *@pagep set, or -errno.
 */
static int get_user_page(struct vm_area_struct *vma, unsigned long address,
			 unsigned int gup_flags, bool retry_tried,
			 struct task_struct *owner, struct page **pagep)
{
	for (int tries = 0; tries <= MAX_FAULT_RETRIES; tries++) {
		struct page *page = follow_page_pte(vma, address, gup_flags);
		int ret;

		if (page) {
			*pagep = page;
			return 0;
		}
		ret = faultin_page(vma, address, gup_flags, owner);
		if (ret == -EAGAIN) {
			if (retry_tried)
				gup_flags |= FOLL_TRIED;
			continue;
		}
		if (ret)
			return ret;
	}
	vm_err(vma_machine(vma), "fault at 0x%lx does not resolve", address);
	return -EFAULT;
}

/**
 * populate_vma_page_range() - fault in [@start, @end) of @vma, as
 * MAP_POPULATE, MAP_LOCKED and mlock() do (mm/gup.c).
 * @vma: the VMA
 * @start: first address (page aligned, inside @vma)
 * @end: end address (page aligned, at most vm_end)
 *
 * Writable private mappings take write faults, which break COW and
 * allocate every page; anything else takes (forced) read faults, so a
 * read-only private mapping gets the zero page and a shared one its
 * cache pages, without dirtying them. VM_LOCKONFAULT ranges are left
 * alone; PROT_NONE is never populated. Population mlocks nothing itself:
 * in a VM_LOCKED VMA, mlock_fixup() mlocked the pages already there, and
 * the faults mlock the pages they map (mlock_new_page(), mlock_vma_page()).
 *
 * The OOM killer never picks the mm's own task here (it is "current");
 * if no memory can be had, population stops early.
 *
 * Return: the number of pages populated, or -EFAULT (PROT_NONE), or
 * -ENOMEM when not even the first page could be had.
 * Locking: machine lock held for writing.
 */
long populate_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			     unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	struct machine *m = mm->machine;
	struct task_struct *curr = get_current(m);
	/* mm_account_fault(): GUP's faults are current's, the thread that
	 * called mlock or mmap, not the mm's first task. */
	struct task_struct *owner = curr && curr->mm == mm ? curr :
				    mm_owner(mm);
	unsigned long nr_pages = (end - start) >> PAGE_SHIFT;
	unsigned int gup_flags;
	unsigned long addr;
	long done = 0;
	int ret = 0;

	if (vma->vm_flags & VM_LOCKONFAULT)
		return (long)nr_pages;
	if (!(vma->vm_flags & VM_ACCESS_FLAGS))
		return -EFAULT;

	gup_flags = FOLL_TOUCH;
	if ((vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
		gup_flags |= FOLL_WRITE;
	else
		gup_flags |= FOLL_FORCE;

	for (addr = start; addr < end; addr += PAGE_SIZE) {
		struct page *page;

		ret = get_user_page(vma, addr, gup_flags, false, owner, &page);
		if (ret)
			break;
		done++;
	}
	return done ? done : ret;
}

/**
 * access_remote_vm() - read or write another process's memory with
 * ptrace's force semantics, as /proc/PID/mem does (see mm.h).
 * @mm: target address space
 * @addr: first byte
 * @buf: source or destination
 * @len: bytes
 * @gup_flags: FOLL_FORCE, plus FOLL_WRITE for a write
 *
 * Unreadable memory is read if the VMA may be readable (VM_MAYREAD, so
 * PROT_NONE too); read-only private memory is written by breaking COW
 * into a private copy whose PTE stays read-only; read-only shared memory
 * is never written. A hole below a stack VMA stays a hole: GUP no longer
 * grows the stack (gup_vma_lookup(), since Linux 6.5), so an access there
 * changes nothing, not even the stack's anon_vma. Reads and writes mark
 * the pages accessed; writes dirty them.
 *
 * Return: bytes transferred (short at the first page that cannot be
 * reached), or -EIO if none.
 * Locking: machine lock held for writing.
 */
long access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf,
		      size_t len, unsigned int gup_flags)
{
	struct machine *m = mm->machine;
	bool write = gup_flags & FOLL_WRITE;
	char *p = buf;
	long done = 0;

	gup_flags |= FOLL_TOUCH | FOLL_REMOTE;
	while (len && addr < mm->task_size) {
		unsigned long offset = addr & ~PAGE_MASK;
		size_t bytes = PAGE_SIZE - offset;
		struct vm_area_struct *vma = find_vma(mm, addr);
		struct page *page;

		if (!vma || vma->vm_start > addr)
			break;
		if (check_vma_flags(vma, gup_flags))
			break;
		if (get_user_page(vma, addr, gup_flags, true, NULL, &page))
			break;

		if (bytes > len)
			bytes = len;
		if (write) {
			if (memcpy_to_page(&m->zone, page, offset, p, bytes))
				break;
			SetPageDirty(page);	/* set_page_dirty_lock() */
		} else {
			const char *src = page_contents(page);

			if (src)
				memcpy(p, src + offset, bytes);
			else
				memset(p, 0, bytes);
		}
		len -= bytes;
		p += bytes;
		addr += bytes;
		done += (long)bytes;
	}
	return done ? done : -EIO;
}

/* ---- unmapping ---- */

/*
 * vma_has_recency - do accesses in @vma teach reclaim anything? Not when
 * the process declared its pattern sequential or random.
 */
static bool vma_has_recency(const struct vm_area_struct *vma)
{
	return !(vma->vm_flags & (VM_SEQ_READ | VM_RAND_READ));
}

/* PTE-table reclaim (mm/pt_reclaim.c, CONFIG_PT_RECLAIM). */

/*
 * reclaim_pt_is_enabled - may the zap of [@start, @end), which lies in
 * one PTE table, free that table once it is empty? Only when the caller
 * asked for it (MADV_DONTNEED's zap_details.reclaim_pt) and the zap
 * covers the table's whole span: a table that maps, or may soon map,
 * something outside the zapped range stays, however empty it is.
 */
static bool reclaim_pt_is_enabled(unsigned long start, unsigned long end,
				  const struct zap_details *details)
{
	return details && details->reclaim_pt && end - start >= PMD_SIZE;
}

/*
 * try_get_and_clear_pmd - take the PTE table out of @pmd, keeping the
 * entry in *@pmdval for free_pte(). The kernel only tries the pmd lock
 * and, when it is contended, leaves the table to try_to_free_pte(), which
 * checks the table again under both locks; under the machine lock nothing
 * can contend or refill the table, so this always succeeds.
 */
static bool try_get_and_clear_pmd(pmd_t *pmd, pmd_t *pmdval)
{
	*pmdval = *pmd;
	pmd_clear(pmd);
	return true;
}

/*
 * zap_pte_range - clear the PTEs of [@addr, @end), which lie in the one
 * PTE table @pmd points to.
 *
 * A zero-page PTE needs nothing more than counting in @zero_ptes. A
 * normal page loses the mapping (page_remove_rmap, which also munlocks it
 * when leaving a VM_LOCKED VMA) and the PTE's reference; the last
 * reference frees it. A shmem page keeps what the PTE knew: dirty ->
 * PG_dirty, young -> mark_page_accessed(); anonymous pages need no such
 * care. The RSS drops are gathered in @rss.
 *
 * With @details->reclaim_pt and a range that is the table's whole span,
 * every PTE of the table is none afterwards -- this zap skips none: swap
 * entries are freed (free_swap_and_cache()), and there are no uffd-wp
 * markers to keep -- so the table itself
 * is freed (try_get_and_clear_pmd(), free_pte()); the pmd table above it
 * stays, for free_pgd_range().
 */
static void zap_pte_range(struct vm_area_struct *vma, pmd_t *pmd,
			  unsigned long addr, unsigned long end,
			  const struct zap_details *details, long *rss,
			  long *zero_ptes)
{
	struct machine *m = vma_machine(vma);
	struct mm_struct *mm = vma->vm_mm;
	bool can_reclaim_pt = reclaim_pt_is_enabled(addr, end, details);
	pte_t *pte = pte_offset_map(mm, pmd, addr);
	pmd_t pmdval;

	for (; addr < end; addr += PAGE_SIZE, pte++) {
		pte_t ptent = *pte;
		struct page *page;

		if (pte_none(ptent))
			continue;
		*pte = __pte(0);
		if (pte_present(ptent))	/* tlb_remove_tlb_entry() */
			tlb_flush_pte_range(mm, addr, PAGE_SIZE);
		if (is_swap_pte(ptent)) {
			/* zap_nonpresent_ptes(): the slot, and its cache page. */
			rss[MM_SWAPENTS]--;
			free_swap_and_cache(m, pte_to_swp_entry(ptent));
			continue;
		}
		page = vm_normal_page(vma, addr, ptent);
		if (!page) {
			if (is_zero_pfn(&m->zone, pte_pfn(ptent)))
				(*zero_ptes)++;
			continue;
		}
		if (!PageAnon(page)) {
			if (pte_dirty(ptent))
				folio_mark_dirty(page);
			if (pte_young(ptent) && vma_has_recency(vma))
				mark_page_accessed(m, page);
			rss[mm_counter_file(page)]--;
		} else {
			rss[MM_ANONPAGES]--;
		}
		page_remove_rmap(page, vma);
		free_page_and_swap_cache(m, page);
	}

	if (can_reclaim_pt && try_get_and_clear_pmd(pmd, &pmdval)) {
		tlb_note_freed_table(mm, end - PAGE_SIZE, PAGE_SIZE);
		free_pte(mm, pmdval);
	}
}

/**
 * unmap_page_range() - unmap every page in [@start, @end) of @vma.
 * @vma: the VMA
 * @start: first address (page aligned, inside @vma)
 * @end: end address (page aligned, at most vm_end)
 * @details: what else the zap is asked to do, or NULL (nothing)
 *
 * Each PTE table of the range goes through zap_pte_range(); a range with
 * no table is skipped. RSS drops once at the end. The tables stay for
 * free_pgd_range(), but for those @details->reclaim_pt frees. The caller
 * has updated the RSS high-water mark (unmap_region(),
 * zap_page_range_single()).
 *
 * Locking: machine lock held for writing.
 */
void unmap_page_range(struct vm_area_struct *vma, unsigned long start,
		      unsigned long end, const struct zap_details *details)
{
	ftrace_graph(&vma_machine(vma)->trace);
	struct mm_struct *mm = vma->vm_mm;
	long rss[NR_MM_COUNTERS] = { 0 };
	long zero_ptes = 0;
	unsigned long addr, next;

	for (addr = start; addr < end; addr = next) {
		pmd_t *pmd = mm_find_pmd(mm, addr);

		next = pmd_addr_end(addr, end);
		if (pmd && !pmd_none(*pmd))
			zap_pte_range(vma, pmd, addr, next, details, rss,
				      &zero_ptes);
	}
	for (int i = 0; i < NR_MM_COUNTERS; i++)
		if (rss[i])
			add_mm_counter(mm, i, rss[i]);
	if (zero_ptes)
		mod_node_page_state(mm->machine, NR_ZERO_PAGE_MAPPED,
				    -zero_ptes);
}

/**
 * zap_page_range_single() - unmap @size bytes from @address of one VMA
 * (MADV_DONTNEED).
 * @vma: the VMA
 * @address: first address (page aligned, inside @vma)
 * @size: bytes (whole pages, not past vm_end)
 * @details: as for unmap_page_range(), or NULL
 *
 * The RSS high-water mark is updated before RSS drops.
 * Locking: machine lock held for writing.
 */
void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size, const struct zap_details *details)
{
	update_hiwater_rss(vma->vm_mm);
	tlb_gather_mmu(vma->vm_mm, false);
	unmap_page_range(vma, address, address + size, details);
	tlb_finish_mmu(vma->vm_mm);
}

/**
 * unmap_mapping_range() - see mm.h: each VMA on @mapping's i_mmap that
 * maps some of [@first, @last] has that part zapped, anonymous COW
 * copies included (even_cows).
 */
void unmap_mapping_range(struct address_space *mapping, pgoff_t first,
			 pgoff_t last)
{
	struct vm_area_struct *vma;

	for (vma = vma_interval_tree_iter_first(&mapping->i_mmap, first, last);
	     vma; vma = vma_interval_tree_iter_next(vma, first, last)) {
		pgoff_t vba = vma->vm_pgoff;
		pgoff_t vea = vba + vma_pages(vma) - 1;
		pgoff_t zba = first > vba ? first : vba;
		pgoff_t zea = last < vea ? last : vea;

		zap_page_range_single(vma,
				      vma->vm_start + ((zba - vba) << PAGE_SHIFT),
				      (zea - zba + 1) << PAGE_SHIFT, NULL);
	}
}

/* ---- fork: copy_page_range ---- */

/* Does @mm's machine have swap (else no PTE can hold a swap entry)? */
static bool m_has_swap(struct mm_struct *mm)
{
	return mm_machine(mm)->swap != NULL;
}

/*
 * vma_needs_copy - does fork have to copy @src_vma's PTEs? Only when the
 * VMA has anonymous pages (an anon_vma): everything else -- shared
 * memory, or a private VMA that only ever mapped the zero page -- the
 * child's page faults fill in just as well, which makes fork cheaper.
 */
static bool vma_needs_copy(struct vm_area_struct *dst_vma,
			   struct vm_area_struct *src_vma)
{
	if (src_vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP))
		return true;
	if (src_vma->anon_vma)
		return true;
	return false;
}

/*
 * copy_present_pte - copy one PTE into the child (copy_present_ptes()).
 *
 * An anonymous page gains a mapping and a reference and stops being
 * exclusive (page_try_dup_anon_rmap(): nothing is ever pinned here, so
 * the page never has to be copied at fork). A COW mapping's writable PTE
 * is write-protected in both processes, so the first write on either side
 * faults. The child's PTE is old, and clean for a shared mapping.
 */
static void copy_present_pte(struct vm_area_struct *dst_vma,
			     struct vm_area_struct *src_vma,
			     pte_t *dst_pte, pte_t *src_pte,
			     unsigned long addr, long *rss)
{
	struct machine *m = vma_machine(src_vma);
	pte_t pte = *src_pte;
	struct page *page = vm_normal_page(src_vma, addr, pte);

	if (page) {
		get_page(page);
		if (PageAnon(page)) {
			ClearPageAnonExclusive(page);
			page_dup_rmap(page);
			rss[MM_ANONPAGES]++;
		} else {
			page_dup_rmap(page);
			rss[mm_counter_file(page)]++;
		}
	} else if (is_zero_pfn(&m->zone, pte_pfn(pte))) {
		mod_node_page_state(m, NR_ZERO_PAGE_MAPPED, 1);
	}

	/* If it's a COW mapping, write protect it both processes. */
	if (is_cow_mapping(src_vma->vm_flags) && pte_write(pte)) {
		*src_pte = pte_wrprotect(*src_pte);
		pte = pte_wrprotect(pte);
	}
	/* If it's a shared mapping, mark it clean in the child. */
	if (src_vma->vm_flags & VM_SHARED)
		pte = pte_mkclean(pte);
	pte = pte_mkold(pte);
	*dst_pte = pte;
}

/*
 * copy_nonpresent_pte - copy a swap entry into the child
 * (copy_nonpresent_pte()): the slot counts one more PTE, and the entry is
 * no longer exclusive on either side. copy_page_range_prepare() made
 * sure the count has room.
 */
static void copy_nonpresent_pte(struct vm_area_struct *src_vma,
				pte_t *dst_pte, pte_t *src_pte, long *rss)
{
	struct machine *m = vma_machine(src_vma);
	pte_t pte = *src_pte;

	swap_duplicate(m, pte_to_swp_entry(pte));
	if (pte_swp_exclusive(pte)) {
		pte = pte_swp_clear_exclusive(pte);
		*src_pte = pte;
	}
	rss[MM_SWAPENTS]++;
	*dst_pte = pte;
}

/*
 * swap_counts_have_room - can every swap entry of [@addr, @end) in
 * @src_mm be held by one more PTE? A slot counts at most SWAP_MAP_MAX
 * PTEs: mmsim has no swap count continuation pages
 * (add_swap_count_continuation()), so such a fork fails with ENOMEM, as
 * Linux's does when it cannot allocate one.
 */
static bool swap_counts_have_room(struct mm_struct *src_mm,
				  unsigned long addr, unsigned long end)
{
	struct machine *m = mm_machine(src_mm);
	pte_t *pte = mm_find_pte(src_mm, addr);

	for (; pte && addr < end; addr += PAGE_SIZE, pte++)
		if (is_swap_pte(*pte) &&
		    __swap_count(m, pte_to_swp_entry(*pte)) >= SWAP_MAP_MAX) {
			vm_err(m, "swap entry of 0x%lx is held by %d PTEs, "
			       "the most a slot counts", addr, SWAP_MAP_MAX);
			return false;
		}
	return true;
}

/**
 * copy_page_range_prepare() - fork's first pass over a VMA: allocate in
 * the child every page table copy_page_range() will write into.
 * @dst_vma: the child's VMA, linked in the child's mm
 * @src_vma: the parent's VMA
 *
 * For each PTE table the parent has in the VMA's range, the child gets
 * its own (even an empty one, as the kernel allocates them) through
 * walk_to_pte(), whose allocations may run the OOM killer; it never
 * chooses the forking parent, the machine's current task. Nothing of the
 * parent changes here, so a fork that fails at this point leaves the
 * parent exactly as it was. Skipped when vma_needs_copy() says the child
 * can fault the pages in.
 *
 * Return: 0, or -ENOMEM when no frame is left for a table (the tables
 * made so far are torn down with the child).
 * Locking: machine lock held for writing.
 */
int copy_page_range_prepare(struct vm_area_struct *dst_vma,
			    struct vm_area_struct *src_vma)
{
	struct mm_struct *dst_mm = dst_vma->vm_mm;
	struct mm_struct *src_mm = src_vma->vm_mm;
	unsigned long addr, next, end = src_vma->vm_end;

	if (!vma_needs_copy(dst_vma, src_vma))
		return 0;
	for (addr = src_vma->vm_start; addr < end; addr = next) {
		next = pmd_addr_end(addr, end);
		if (!mm_find_pte(src_mm, addr))
			continue;
		if (m_has_swap(src_mm) &&
		    !swap_counts_have_room(src_mm, addr, next))
			return -ENOMEM;
		if (!walk_to_pte(dst_mm, addr)) {
			vm_err(mm_machine(src_mm), "out of memory for the "
			       "child's page tables of 0x%lx-0x%lx",
			       src_vma->vm_start, src_vma->vm_end);
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * copy_page_range() - fork's second pass over a VMA: copy the parent's
 * PTEs into the tables copy_page_range_prepare() gave the child.
 * @dst_vma: the child's VMA (same addresses as @src_vma)
 * @src_vma: the parent's VMA
 *
 * Skipped when vma_needs_copy() says the child can fault the pages in.
 * Otherwise copy_present_pte() copies each entry, write-protecting COW
 * PTEs on both sides, and the child's RSS is counted. Nothing is
 * allocated, so nothing can fail.
 *
 * Locking: machine lock held for writing.
 */
void copy_page_range(struct vm_area_struct *dst_vma,
		     struct vm_area_struct *src_vma)
{
	ftrace_graph(&vma_machine(dst_vma)->trace);
	struct mm_struct *dst_mm = dst_vma->vm_mm;
	struct mm_struct *src_mm = src_vma->vm_mm;
	unsigned long addr, next, end = src_vma->vm_end;
	long rss[NR_MM_COUNTERS] = { 0 };

	if (!vma_needs_copy(dst_vma, src_vma))
		return;
	for (addr = src_vma->vm_start; addr < end; addr = next) {
		pte_t *src_pte = mm_find_pte(src_mm, addr);
		pte_t *dst_pte = mm_find_pte(dst_mm, addr);

		next = pmd_addr_end(addr, end);
		/* No parent table, or (cannot happen) no prepared one. */
		if (!src_pte || !dst_pte)
			continue;
		for (; addr < next; addr += PAGE_SIZE, src_pte++, dst_pte++) {
			if (pte_none(*src_pte))
				continue;
			if (is_swap_pte(*src_pte)) {
				copy_nonpresent_pte(src_vma, dst_pte, src_pte,
						    rss);
				continue;
			}
			copy_present_pte(dst_vma, src_vma, dst_pte, src_pte,
					 addr, rss);
		}
	}
	for (int i = 0; i < NR_MM_COUNTERS; i++)
		if (rss[i])
			add_mm_counter(dst_mm, i, rss[i]);
}
