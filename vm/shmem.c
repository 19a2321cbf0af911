/*
 * shmem.c - the shmem objects behind shared anonymous mappings
 * (mm/shmem.c): mmap(MAP_SHARED|MAP_ANONYMOUS) gives the VMA an unlinked
 * tmpfs file, "/dev/zero (deleted)" on device 00:01, whose page cache holds
 * the pages every process sharing the mapping sees. Its i_mmap interval
 * tree is the reverse map of those pages.
 *
 * Page-cache pages hold one reference for the cache; each PTE mapping
 * one holds another. The fault path that maps them (do_read_fault,
 * do_shared_fault, fault-around) is in memory.c, as in the kernel.
 *
 * Locking: machine lock held for writing throughout.
 */
#include <errno.h>
#include <stdlib.h>
#include "machine.h"
#include "mm.h"

/*
 * struct shmem_inode_info - the shmem part of an inode, which embeds the
 * VFS inode exactly as the kernel's does, so SHMEM_I() finds the machine
 * whose frames the cache holds.
 */
struct shmem_inode_info {
	struct machine *machine;
	long charged;			/* pages committed by shmem_acct_size() */
	struct inode vfs_inode;
};

static inline struct shmem_inode_info *SHMEM_I(struct inode *inode)
{
	return container_of(inode, struct shmem_inode_info, vfs_inode);
}

/* MKDEV(0, 1): the anonymous device tmpfs's internal mount sits on. */
#define SHMEM_DEV	1

/*
 * shmem_get_inode - a new inode of @size bytes with an empty page cache
 * (one slot per page, filled on demand) and no mappings yet.
 */
static struct inode *shmem_get_inode(struct machine *m, long long size)
{
	struct shmem_inode_info *info = host_zalloc(m, sizeof(*info));
	struct inode *inode;
	pgoff_t nr_slots = (pgoff_t)(size >> PAGE_SHIFT);

	if (!info)
		return NULL;
	inode = &info->vfs_inode;
	inode->i_data.pages = host_zalloc(m, (nr_slots ? nr_slots : 1) *
					  sizeof(struct page *));
	if (!inode->i_data.pages) {
		free(info);
		return NULL;
	}
	info->machine = m;
	inode->i_ino = m->next_ino++;	/* get_next_ino() */
	inode->i_dev = SHMEM_DEV;
	inode->i_size = size;
	inode->i_count = 1;
	inode->i_data.host = inode;
	inode->i_data.nr_slots = nr_slots;
	inode->i_data.nrpages = 0;
	inode->i_data.i_mmap = RB_ROOT_CACHED;
	inode->i_data.i_mmap_count = 0;
	inode->i_mapping = &inode->i_data;
	return inode;
}

/*
 * shmem_delete_from_page_cache - take @page out of the cache and drop the
 * cache's reference; if that was the last one, the page leaves its LRU
 * list and is freed (__filemap_remove_folio + folio_put).
 */
static void shmem_delete_from_page_cache(struct machine *m,
					 struct address_space *mapping,
					 pgoff_t index)
{
	struct page *page = mapping->pages[index];

	mapping->pages[index] = NULL;
	mapping->nrpages--;
	page->mapping = NULL;
	mod_node_page_state(m, NR_SHMEM, -1);
	if (page_ref_count(page) == 1)
		lru_cache_del(m, page);
	put_page(&m->zone, page);
}

/*
 * shmem_evict_inode - the last reference to the inode is gone: truncate
 * the page cache (no VMA maps the object any more) and free the inode.
 */
static void shmem_evict_inode(struct inode *inode)
{
	struct shmem_inode_info *info = SHMEM_I(inode);
	struct address_space *mapping = inode->i_mapping;

	for (pgoff_t index = 0; index < mapping->nr_slots &&
	     mapping->nrpages; index++)
		if (mapping->pages[index])
			shmem_delete_from_page_cache(info->machine, mapping,
						     index);
	if (info->charged)
		vm_unacct_memory(info->machine, info->charged);	/* shmem_unacct_size() */
	free(mapping->pages);
	free(info);
}

static void iput(struct inode *inode)
{
	if (--inode->i_count == 0)
		shmem_evict_inode(inode);
}

/**
 * shmem_zero_setup() - back a shared anonymous VMA with a shmem file, as
 * mmap(MAP_SHARED|MAP_ANONYMOUS) does: the file is as long as the VMA,
 * is named "/dev/zero" (maps shows "/dev/zero (deleted)"), lives on
 * device 00:01 and gets the next inode number.
 * @vma: the new VMA, before it is linked (so vma_link() puts it in the
 *	file's i_mmap)
 *
 * Any file the VMA held is released; vm_pgoff becomes 0, as do_mmap()
 * sets it for shared anonymous memory.
 *
 * Return: 0, or -ENOMEM.
 * Locking: machine lock held for writing.
 */
int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct machine *m = vma_machine(vma);
	long long size = (long long)(vma->vm_end - vma->vm_start);
	struct inode *inode;
	struct file *file;

	inode = shmem_get_inode(m, size);
	if (!inode)
		goto out_enomem;
	/*
	 * shmem_acct_size(): the whole object is committed up front (unless
	 * MAP_NORESERVE), so a shared mapping larger than the overcommit
	 * policy allows fails here, as on Linux. The VMA itself carries no
	 * VM_ACCOUNT: the charge belongs to the object and goes with it.
	 */
	if (!(vma->vm_flags & VM_NORESERVE)) {
		long pages = (long)(size >> PAGE_SHIFT);

		if (__vm_enough_memory(vma->vm_mm, pages, 1)) {
			iput(inode);
			return -ENOMEM;
		}
		SHMEM_I(inode)->charged = pages;
	}
	file = host_zalloc(vma_machine(vma), sizeof(*file));
	if (!file)
		goto out_iput;
	file->f_count = 1;
	file->f_inode = inode;
	file->f_path = "/dev/zero";

	if (vma->vm_file)
		fput(m, vma->vm_file);
	vma->vm_file = file;
	vma->vm_pgoff = 0;
	return 0;

out_iput:
	iput(inode);
out_enomem:
	vm_err(m, "out of memory for a shmem object");
	return -ENOMEM;
}

/**
 * get_file() - take a reference to @file (fork, VMA split).
 * Return: @file.
 */
struct file *get_file(struct file *file)
{
	file->f_count++;
	return file;
}

/**
 * fput() - drop a reference to @file; the last one releases the inode,
 * whose page cache is freed once nothing holds the inode.
 * @m: machine owning the cache's frames
 * @file: the file (may be NULL)
 *
 * Locking: machine lock held for writing.
 */
void fput(struct machine *m, struct file *file)
{
	struct inode *inode;

	if (!file || --file->f_count > 0)
		return;
	inode = file->f_inode;
	free(file);
	iput(inode);
}

/**
 * shmem_get_page() - the page-cache page at @index, allocated (zeroed,
 * uptodate, clean) if absent (shmem_get_folio(SGP_CACHE)).
 * @inode: shmem inode
 * @index: page offset in the object
 *
 * A new page holds one reference, the cache's, has mapping =
 * &inode->i_data and index @index, is swap-backed, counts in NR_SHMEM,
 * and goes on the inactive anon LRU list. The caller takes its own
 * reference for each PTE it installs.
 *
 * Allocation may invoke the OOM killer (alloc_page_or_oom()).
 *
 * Return: the page, or NULL when @index lies beyond the object's size
 * (the fault path checks that first: SIGBUS) or no frame could be had.
 * Locking: machine lock held for writing.
 */
struct page *shmem_get_page(struct inode *inode, pgoff_t index)
{
	struct machine *m = SHMEM_I(inode)->machine;
	struct address_space *mapping = inode->i_mapping;
	struct page *page;

	if (index >= mapping->nr_slots ||
	    ((long long)index << PAGE_SHIFT) >= inode->i_size)
		return NULL;
	page = mapping->pages[index];
	if (page)
		return page;

	page = alloc_page_or_oom(m);
	if (!page)
		return NULL;
	clear_user_highpage(&m->zone, page);
	SetPageSwapBacked(page);
	SetPageUptodate(page);
	page->mapping = mapping;
	page->index = index;
	mapping->pages[index] = page;
	mapping->nrpages++;
	mod_node_page_state(m, NR_SHMEM, 1);
	lru_cache_add(m, page);
	return page;
}
