/*
 * shmem.c - the shmem objects of the internal tmpfs (mm/shmem.c):
 * mmap(MAP_SHARED|MAP_ANONYMOUS) gives the VMA an unlinked tmpfs file,
 * "/dev/zero (deleted)" on device 00:01, whose page cache holds the pages
 * every process sharing the mapping sees; System V shared memory uses the
 * same objects (shmem_file_setup()). Their page cache is the file layer's
 * (vm/filemap.c), their pages are swap-backed (the anon LRU lists, RSS in
 * MM_SHMEMPAGES, NR_SHMEM), and they are never written back to a file: a
 * shmem object lives in memory and in swap, and dies with its last
 * reference.
 *
 * Swap: reclaim writes a dirty shmem page to swap (shmem_writeout(),
 * from vmscan's pageout()), and the object keeps the page's swap entry
 * where the page was; the next fault at that index reads it back
 * (shmem_swapin_folio(), a major fault). A clean page, one never
 * written, is simply dropped by reclaim: a new page of zeroes stands for
 * it.
 *
 *   shrink_folio_list()                   shmem_fault()
 *     try_to_unmap()   PTEs -> none         shmem_get_folio()
 *     pageout()                               shmem_swapin_folio()
 *       shmem_writeout()                        swap_read_folio()
 *         folio_alloc_swap()                    shmem_add_to_page_cache()
 *         swap_writepage()                      swap_free()
 *         shmem_delete_from_page_cache()
 *     __remove_mapping()  the swap cache lets go; the slot stays, held
 *                         by the object (swap_map 1)
 *
 * Locking: machine lock held for writing throughout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "memcontrol.h"
#include "pagemap.h"
#include "swap.h"

/*
 * struct shmem_inode_info - the shmem part of an inode (inode->i_private):
 * its name on the internal mount, the pages its creation committed, and
 * its pages in swap.
 *
 * @swap holds the swap entry of each swapped-out page, by index: Linux
 * keeps them as value entries in i_pages itself (swp_to_radix_entry());
 * mmsim's i_pages holds pages only, so they live beside it, as the file
 * pages' workingset shadows do (i_shadows). An index has a page in
 * i_pages or an entry in @swap, never both; @swapped counts the entries,
 * and each entry holds one count of its slot's swap_map.
 */
struct shmem_inode_info {
	long charged;			/* pages committed by shmem_acct_size() */
	unsigned long swapped;		/* entries in @swap (info->swapped) */
	struct xarray swap;
	char name[32];
};

static inline struct shmem_inode_info *SHMEM_I(const struct inode *inode)
{
	return inode->i_private;
}

/* MKDEV(0, 1): the anonymous device tmpfs's internal mount sits on. */
#define SHMEM_DEV	1

/* shmem pages are never read from anywhere: a new one is zeroes. */
static int shmem_read_folio(struct file *file, struct page *page)
{
	(void)file;
	(void)page;
	return -EIO;
}

/*
 * No ->writepage: shmem pages are never written to a file, only to swap,
 * which reclaim asks for by name (shmem_writeout()), as in Linux 6.18.
 */
const struct address_space_operations shmem_aops = {
	.read_folio = shmem_read_folio,
};

bool shmem_mapping(const struct address_space *mapping)
{
	return mapping && mapping->a_ops == &shmem_aops;
}

const char *shmem_name(const struct inode *inode)
{
	return SHMEM_I(inode) ? SHMEM_I(inode)->name : "";
}

/**
 * shmem_evict_inode() - the inode's last reference went (iput(), which
 * emptied the cache): give back what its creation committed.
 */
void shmem_evict_inode(struct inode *inode)
{
	struct shmem_inode_info *info = SHMEM_I(inode);

	shmem_free_swap_range(inode, 0, ~0UL);
	if (info->charged)
		vm_unacct_memory(inode->i_machine, info->charged);	/* shmem_unacct_size() */
	free(info);
	inode->i_private = NULL;
}

/*
 * shmem_acct_size - commit an object of @pages up front, as @mm's
 * request (the caller's address space; none for the kernel's own).
 */
static int shmem_acct_size(struct machine *m, struct mm_struct *mm, long pages)
{
	if (mm)
		return __vm_enough_memory(mm, pages, 1);
	vm_acct_memory(m, pages);
	return 0;
}

/*
 * __shmem_file_setup - a new shmem object for @mm's request: see
 * shmem_file_setup(). Unless @flags holds VM_NORESERVE, the whole object
 * is committed now (shmem_acct_size()), so a shared mapping larger than
 * the overcommit policy allows fails here, as on Linux.
 */
static int __shmem_file_setup(struct machine *m, struct mm_struct *mm,
			      const char *name, long long size,
			      unsigned long flags, struct file **filp)
{
	struct shmem_inode_info *info = host_zalloc(m, sizeof(*info));
	struct inode *inode;
	struct file *file;

	if (!info)
		goto out_enomem;
	inode = new_inode(m, &shmem_aops);
	if (!inode) {
		free(info);
		goto out_enomem;
	}
	snprintf(info->name, sizeof(info->name), "%s", name);
	inode->i_private = info;
	inode->i_ino = m->next_ino++;	/* get_next_ino() */
	inode->i_dev = SHMEM_DEV;
	inode->i_mode = S_IFREG | 0777;
	inode->i_size = size;
	if (!(flags & VM_NORESERVE)) {
		long pages = (long)((size + (long long)PAGE_SIZE - 1) >> PAGE_SHIFT);

		if (shmem_acct_size(m, mm, pages)) {
			iput(inode);
			return -ENOMEM;
		}
		info->charged = pages;
	}
	file = alloc_file(m, NULL, inode, O_RDWR);
	iput(inode);		/* the file holds it now */
	if (!file)
		goto out_enomem;
	*filp = file;
	return 0;

out_enomem:
	vm_err(m, "out of memory for a shmem object");
	return -ENOMEM;
}

/**
 * shmem_file_setup() - see fs.h. The commit is charged as the current
 * task's (get_current()), or the kernel's when there is none.
 */
int shmem_file_setup(struct machine *m, const char *name, long long size,
		     unsigned long flags, struct file **filp)
{
	struct task_struct *curr = get_current(m);
	struct mm_struct *mm = curr ? curr->mm : NULL;

	return __shmem_file_setup(m, mm, name, size, flags, filp);
}

/**
 * shmem_zero_setup() - back a shared anonymous VMA with a shmem file, as
 * mmap(MAP_SHARED|MAP_ANONYMOUS) does: the file is as long as the VMA,
 * is named "dev/zero" (maps shows "/dev/zero (deleted)"), lives on
 * device 00:01 and gets the next inode number.
 * @vma: the new VMA, before it is linked (so vma_link() puts it in the
 *	file's i_mmap)
 *
 * Any file the VMA held is released; vm_pgoff becomes 0, as do_mmap()
 * sets it for shared anonymous memory. The VMA itself carries no
 * VM_ACCOUNT: the charge belongs to the object and goes with it.
 *
 * Return: 0, or -ENOMEM.
 */
int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct machine *m = vma_machine(vma);
	long long size = (long long)(vma->vm_end - vma->vm_start);
	struct file *file;
	int err;

	err = __shmem_file_setup(m, vma->vm_mm, "dev/zero", size,
				 vma->vm_flags & VM_NORESERVE, &file);
	if (err)
		return err;
	if (vma->vm_file)
		fput(m, vma->vm_file);
	vma->vm_file = file;
	vma->vm_ops = &shmem_anon_vm_ops;
	vma->vm_pgoff = 0;
	return 0;
}

/* ---- swap ---- */

/** shmem_swap_entry() - see swap.h. Read lock suffices. */
swp_entry_t shmem_swap_entry(const struct inode *inode, pgoff_t index)
{
	const struct shmem_inode_info *info = SHMEM_I(inode);

	if (!info || xa_empty(&info->swap))
		return (swp_entry_t){ 0 };
	return (swp_entry_t){ (unsigned long)xa_load(&info->swap, index) };
}

/**
 * shmem_free_swap_range() - forget the swap entries of @inode's pages in
 * [@start, @end] (shmem_undo_range()'s shmem_free_swap()): each slot
 * loses the object's count and is freed when nothing else holds it
 * (free_swap_and_cache()).
 * @inode: shmem inode
 * @start: first page index
 * @end: last page index (~0UL: to the end)
 */
void shmem_free_swap_range(struct inode *inode, pgoff_t start, pgoff_t end)
{
	struct shmem_inode_info *info = SHMEM_I(inode);
	struct machine *m = inode->i_machine;
	unsigned long index;
	void *entry;

	if (!info || xa_empty(&info->swap))
		return;
	xa_for_each_range(&info->swap, index, entry, start, end) {
		xa_erase(&info->swap, index);
		info->swapped--;	/* shmem_recalc_inode() */
		free_swap_and_cache(m, (swp_entry_t){ (unsigned long)entry });
	}
	if (xa_empty(&info->swap))
		xa_destroy(&info->swap);
}

/*
 * shmem_delete_from_page_cache - @page, written to swap, leaves the cache
 * of its object, whose swap entry at that index now stands for it. The
 * cache's reference goes; the swap cache's and the caller's stay.
 */
static void shmem_delete_from_page_cache(struct page *page)
{
	__filemap_remove_page(page);
}

/**
 * shmem_writeout() - write the dirty shmem @page to swap for reclaim
 * (mm/shmem.c): a swap slot and the swap cache for it (folio_alloc_swap(),
 * which charges the slot to the page's group), the object's count on
 * the slot (swap_shmem_alloc()), the page's bytes in the slot
 * (swap_writepage()), and the page out of the object's cache, its swap
 * entry in its place (shmem_delete_from_page_cache()).
 * @m: machine
 * @page: a dirty, unmapped page of a shmem object's cache, isolated by
 *	reclaim, its dirty bit already cleared for the write
 *
 * Linux takes the page out of the cache before it writes; mmsim writes
 * first, so that a write that fails (host memory) leaves the page where
 * it was. Nothing between the two can see the difference.
 *
 * Return: 0: the page is in the swap cache only, clean, for reclaim to
 * free (__remove_mapping()); AOP_WRITEPAGE_ACTIVATE: no swap, no free
 * slot, the group's memory.swap.max, or host memory: the page is dirty
 * again and stays, to be activated.
 */
int shmem_writeout(struct machine *m, struct page *page)
{
	struct inode *inode = page->mapping->host;
	struct shmem_inode_info *info = SHMEM_I(inode);
	pgoff_t index = page->index;
	swp_entry_t swap;

	if (!total_swap_pages(m))
		goto redirty;
	if (folio_alloc_swap(m, page))
		goto redirty;
	swap.val = page->swap;
	if (swap_duplicate(m, swap))		/* swap_shmem_alloc() */
		goto out_free_swap;
	if (xa_store(&info->swap, index, (void *)swap.val)) {
		zone_host_nomem(&m->zone);
		goto out_put_swap;
	}
	if (swap_writepage(m, page))
		goto out_erase;
	info->swapped++;			/* shmem_recalc_inode() */
	shmem_delete_from_page_cache(page);
	return 0;

out_erase:
	xa_erase(&info->swap, index);
out_put_swap:
	swap_free(m, swap);
out_free_swap:
	delete_from_swap_cache(m, page);
redirty:
	folio_mark_dirty(page);
	return AOP_WRITEPAGE_ACTIVATE;
}

/*
 * shmem_swapin_folio - bring the page that @swap stands for back into
 * @inode's cache at @index (mm/shmem.c): the swap cache's page if it is
 * there (madvise willneed read it), else a new page read from the slot,
 * past the swap cache (SWP_SYNCHRONOUS_IO), a major fault (pgmajfault).
 * The page goes in the cache with its swap entry's place, leaves the
 * swap cache, is dirty (its only copy is in memory now), and the slot
 * loses the object's count (swap_free()). Charged to the group the slot
 * was charged to (mem_cgroup_swapin_charge_folio()).
 * Return: the page (the cache's reference), or NULL: no frame or host
 * memory (the swap entry stays).
 */
static struct page *shmem_swapin_folio(struct inode *inode, pgoff_t index,
				       swp_entry_t swap, struct mm_struct *fault_mm,
				       unsigned int *fault_type)
{
	struct machine *m = inode->i_machine;
	struct shmem_inode_info *info = SHMEM_I(inode);
	struct page *page = swap_cache_get_folio(m, swap);

	if (page) {
		get_page(page);		/* becomes the page cache's */
	} else {
		/* shmem_swap_alloc_folio(): skip the swap cache */
		page = alloc_pages_gfp_or_oom(m, 0, GFP_HIGHUSER_MOVABLE |
						    __GFP_COMP);
		if (!page)
			return NULL;
		if (mem_cgroup_swapin_charge_folio(m, page, fault_mm, swap.val))
			goto out_put;
		SetPageSwapBacked(page);
		if (swap_read_folio(m, page, swap))
			goto out_put;
		if (fault_type) {
			*fault_type |= VM_FAULT_MAJOR;
			count_vm_event(m, PGMAJFAULT);
			count_memcg_event_mm(fault_mm, MEMCG_PGMAJFAULT);
		}
	}
	SetPageUptodate(page);
	/* shmem_add_to_page_cache(), in the swap entry's place */
	xa_erase(&info->swap, index);
	if (filemap_add_page(inode->i_mapping, page, index)) {
		(void)xa_store(&info->swap, index, (void *)swap.val);
		goto out_put;
	}
	info->swapped--;			/* shmem_recalc_inode() */
	if (xa_empty(&info->swap))
		xa_destroy(&info->swap);
	if (PageSwapCache(page))
		delete_from_swap_cache(m, page);
	folio_mark_dirty(page);
	swap_free(m, swap);
	return page;

out_put:
	put_page(&m->zone, page);
	return NULL;
}

/**
 * shmem_get_folio() - the page-cache page at @index: swapped in if the
 * object keeps a swap entry there, allocated (zeroed, uptodate, clean)
 * if absent (shmem_get_folio_gfp(SGP_CACHE)).
 * @inode: shmem inode
 * @index: page offset in the object
 * @fault_mm: the faulting task's mm, whose group a new page is charged
 *	to (NULL: current's)
 * @fault_type: where a swap-in that read its slot adds VM_FAULT_MAJOR,
 *	or NULL
 *
 * A new page is charged to @fault_mm's group (mem_cgroup_charge(), which
 * may reclaim within the group or OOM-kill in it), holds one reference,
 * the cache's, is swap-backed, counts in NR_SHMEM and NR_FILE_PAGES, and
 * goes on the inactive anon LRU list.
 * The caller takes its own reference for each PTE it installs.
 * Allocation may invoke the OOM killer (alloc_page_or_oom()).
 *
 * Return: the page, or NULL when @index lies beyond the object's size
 * (the fault path checks that first: SIGBUS) or no frame could be had.
 */
struct page *shmem_get_folio(struct inode *inode, pgoff_t index,
			     struct mm_struct *fault_mm, unsigned int *fault_type)
{
	struct machine *m = inode->i_machine;
	struct address_space *mapping = inode->i_mapping;
	struct page *page;
	swp_entry_t swap;

	if (((long long)index << PAGE_SHIFT) >= inode->i_size)
		return NULL;
	page = filemap_get_page(mapping, index);
	if (page)
		return page;
	swap = shmem_swap_entry(inode, index);
	if (swap.val)
		return shmem_swapin_folio(inode, index, swap, fault_mm,
					  fault_type);

	/* shmem_alloc_and_add_folio(): shmem's mapping_gfp_mask(), a folio */
	page = alloc_pages_gfp_or_oom(m, 0, GFP_HIGHUSER_MOVABLE | __GFP_COMP);
	if (!page)
		return NULL;
	/* Charged as an anonymous page is: the group reclaims to make room. */
	if (mem_cgroup_charge(m, page, fault_mm)) {
		put_page(&m->zone, page);
		return NULL;
	}
	clear_user_highpage(&m->zone, page);
	SetPageSwapBacked(page);
	SetPageUptodate(page);
	if (filemap_add_page(mapping, page, index)) {
		put_page(&m->zone, page);
		return NULL;
	}
	return page;
}

/**
 * shmem_swapin_range() - madvise willneed on a shmem VMA: read the swap
 * entries of [@start, @end] of @inode into the swap cache, where the
 * next fault finds them (a minor fault).
 */
void shmem_swapin_range(struct inode *inode, pgoff_t start, pgoff_t end)
{
	struct shmem_inode_info *info = SHMEM_I(inode);
	unsigned long index;
	void *entry;

	if (!info || xa_empty(&info->swap))
		return;
	xa_for_each_range(&info->swap, index, entry, start, end)
		read_swap_cache_async(inode->i_machine,
				      (swp_entry_t){ (unsigned long)entry });
}

/**
 * shmem_partial_swap_usage() - bytes of [@start, @end) of the object
 * behind @mapping that are in swap (smaps' Swap of a shmem VMA). Read
 * lock suffices.
 */
unsigned long shmem_partial_swap_usage(const struct address_space *mapping,
				       pgoff_t start, pgoff_t end)
{
	const struct shmem_inode_info *info = SHMEM_I(mapping->host);
	unsigned long index, swapped = 0;
	void *entry;

	if (!info || xa_empty(&info->swap) || start >= end)
		return 0;
	xa_for_each_range(&info->swap, index, entry, start, end - 1)
		swapped++;
	return swapped << PAGE_SHIFT;
}

/**
 * shmem_swap_usage() - bytes of @vma's shmem object in swap, as smaps
 * counts them: the object's whole count when the VMA maps all of it,
 * else the entries in the VMA's range. Read lock suffices.
 */
unsigned long shmem_swap_usage(const struct vm_area_struct *vma)
{
	const struct inode *inode = file_inode(vma->vm_file);
	const struct shmem_inode_info *info = SHMEM_I(inode);

	if (!info || !info->swapped)
		return 0;
	if (!vma->vm_pgoff &&
	    (long long)(vma->vm_end - vma->vm_start) >= inode->i_size)
		return info->swapped << PAGE_SHIFT;
	return shmem_partial_swap_usage(inode->i_mapping, vma->vm_pgoff,
					vma->vm_pgoff + vma_pages(vma));
}

/**
 * shmem_swapped() - the object's pages in swap and their entries, for
 * `check`. Read lock suffices.
 * @inode: shmem inode
 * @entries: set to the object's swap entries by index (never NULL)
 * Return: its count of them (info->swapped).
 */
unsigned long shmem_swapped(const struct inode *inode,
			    const struct xarray **entries)
{
	static const struct xarray none = XARRAY_INIT;
	const struct shmem_inode_info *info = SHMEM_I(inode);

	*entries = info ? &info->swap : &none;
	return info ? info->swapped : 0;
}

/* The object's last page index + 1, from its size (DIV_ROUND_UP). */
static pgoff_t shmem_size_pages(const struct inode *inode)
{
	return (pgoff_t)((inode->i_size + (long long)PAGE_SIZE - 1) >>
			 PAGE_SHIFT);
}

/**
 * shmem_fault() - ->fault of shmem: the page-cache page at vmf->pgoff,
 * swapped in or allocated if absent, with one reference for the caller.
 * An offset past the end of the object (after mremap grew the VMA) is
 * SIGBUS. Return: 0 or VM_FAULT_MAJOR (a swap-in that read its slot).
 */
unsigned int shmem_fault(struct vm_fault *vmf)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct inode *inode = file_inode(vmf->vma->vm_file);
	unsigned int ret = 0;
	struct page *page;

	if (vmf->pgoff >= shmem_size_pages(inode))
		return VM_FAULT_SIGBUS;
	page = shmem_get_folio(inode, vmf->pgoff, vmf->vma->vm_mm, &ret);
	if (!page)
		return VM_FAULT_OOM;
	if ((ret & VM_FAULT_MAJOR) && vmf->stats)
		vmf->stats->major++;
	get_page(page);
	vmf->page = page;
	return ret;
}

const struct vm_operations_struct shmem_vm_ops = {
	.fault = shmem_fault,
	.map_pages = filemap_map_pages,
	.ops_name = "shmem_vm_ops",
};

/*
 * shmem_anon_vm_ops - shared anonymous memory's operations: shmem's, in a
 * table of their own, as Linux tells such a VMA from a tmpfs file's by
 * it (vma_is_anon_shmem()).
 */
const struct vm_operations_struct shmem_anon_vm_ops = {
	.fault = shmem_fault,
	.map_pages = filemap_map_pages,
	.ops_name = "shmem_anon_vm_ops",
};
