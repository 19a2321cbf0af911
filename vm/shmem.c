/*
 * shmem.c - the shmem objects of the internal tmpfs (mm/shmem.c):
 * mmap(MAP_SHARED|MAP_ANONYMOUS) gives the VMA an unlinked tmpfs file,
 * "/dev/zero (deleted)" on device 00:01, whose page cache holds the pages
 * every process sharing the mapping sees; System V shared memory uses the
 * same objects (shmem_file_setup()). Their page cache is the file layer's
 * (vm/filemap.c), their pages are swap-backed (the anon LRU lists, RSS in
 * MM_SHMEMPAGES, NR_SHMEM), and they are never written back: a shmem
 * object lives in memory, and dies with its last reference.
 *
 * Locking: machine lock held for writing throughout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "pagemap.h"

/*
 * struct shmem_inode_info - the shmem part of an inode (inode->i_private):
 * its name on the internal mount, and the pages its creation committed.
 */
struct shmem_inode_info {
	long charged;			/* pages committed by shmem_acct_size() */
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

static int shmem_writepage(struct page *page)
{
	(void)page;
	return -EIO;
}

const struct address_space_operations shmem_aops = {
	.read_folio = shmem_read_folio,
	.writepage = shmem_writepage,
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

/**
 * shmem_get_page() - the page-cache page at @index, allocated (zeroed,
 * uptodate, clean) if absent (shmem_get_folio(SGP_CACHE)).
 * @inode: shmem inode
 * @index: page offset in the object
 *
 * A new page holds one reference, the cache's, is swap-backed, counts in
 * NR_SHMEM and NR_FILE_PAGES, and goes on the inactive anon LRU list.
 * The caller takes its own reference for each PTE it installs.
 * Allocation may invoke the OOM killer (alloc_page_or_oom()).
 *
 * Return: the page, or NULL when @index lies beyond the object's size
 * (the fault path checks that first: SIGBUS) or no frame could be had.
 */
struct page *shmem_get_page(struct inode *inode, pgoff_t index)
{
	struct machine *m = inode->i_machine;
	struct address_space *mapping = inode->i_mapping;
	struct page *page;

	if (((long long)index << PAGE_SHIFT) >= inode->i_size)
		return NULL;
	page = filemap_get_page(mapping, index);
	if (page)
		return page;

	/* shmem's mapping_gfp_mask(), in a folio */
	page = alloc_pages_gfp_or_oom(m, 0, GFP_HIGHUSER_MOVABLE | __GFP_COMP);
	if (!page)
		return NULL;
	clear_user_highpage(&m->zone, page);
	SetPageSwapBacked(page);
	SetPageUptodate(page);
	if (filemap_add_page(mapping, page, index)) {
		put_page(&m->zone, page);
		return NULL;
	}
	return page;
}

/* The object's last page index + 1, from its size (DIV_ROUND_UP). */
static pgoff_t shmem_size_pages(const struct inode *inode)
{
	return (pgoff_t)((inode->i_size + (long long)PAGE_SIZE - 1) >>
			 PAGE_SHIFT);
}

/**
 * shmem_fault() - ->fault of shmem: the page-cache page at vmf->pgoff,
 * allocated if absent, with one reference for the caller. An offset past
 * the end of the object (after mremap grew the VMA) is SIGBUS.
 */
unsigned int shmem_fault(struct vm_fault *vmf)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct inode *inode = file_inode(vmf->vma->vm_file);
	struct page *page;

	if (vmf->pgoff >= shmem_size_pages(inode))
		return VM_FAULT_SIGBUS;
	page = shmem_get_page(inode, vmf->pgoff);
	if (!page)
		return VM_FAULT_OOM;
	get_page(page);
	vmf->page = page;
	return 0;
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
