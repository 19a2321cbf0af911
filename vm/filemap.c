/*
 * filemap.c - the page cache (mm/filemap.c, mm/page-writeback.c,
 * mm/fadvise.c, fs/drop_caches.c): pages of files and shmem objects kept
 * by offset in their address_space's xarray, read(2) and write(2)
 * through it, the file fault path (filemap_fault with read-around,
 * filemap_map_pages for fault-around), dirtying, writeback to the
 * overlay, posix_fadvise and drop_caches.
 *
 * Counters, as the kernel keeps them: NR_FILE_PAGES for every cached
 * page (shmem included, which also counts NR_SHMEM); NR_FILE_DIRTY and
 * nr_dirtied for files that write back (not shmem); NR_WRITEBACK while a
 * page is written (I/O completes at once here, so it reads 0 between
 * commands); pgpgin/pgpgout in kB moved from and to the backing store;
 * pgmajfault for faults that had to read.
 *
 * Locking: machine lock held for writing, unless a comment says reading
 * suffices.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "pagemap.h"
#include "tlb.h"
#include "vmscan.h"

#define DIV_ROUND_UP_LL(n, d)	(((n) + (d) - 1) / (d))

/* The file's last page index + 1 (DIV_ROUND_UP(i_size, PAGE_SIZE)). */
static pgoff_t size_pages(const struct inode *inode)
{
	return (pgoff_t)DIV_ROUND_UP_LL(inode->i_size, (long long)PAGE_SIZE);
}

/**
 * filemap_add_page() - see pagemap.h. The page's flags (PG_swapbacked
 * for shmem) choose its LRU list.
 */
int filemap_add_page(struct address_space *mapping, struct page *page,
		     pgoff_t index)
{
	struct machine *m = mapping_machine(mapping);
	/*
	 * __filemap_add_folio(): charged to the group of current's mm,
	 * without reclaim under the fault or read filling the cache. A
	 * shmem page swapped in was charged already, to its slot's group
	 * (mem_cgroup_swapin_charge_folio()), as shmem_add_to_page_cache()
	 * charges nothing.
	 */
	if (!folio_memcg(&m->zone, page))
		mem_cgroup_charge_cache(m, page);
	if (xa_store(&mapping->i_pages, index, page)) {
		zone_host_nomem(&m->zone);
		vm_err(m, "host out of memory");
		return -ENOMEM;
	}
	page->mapping = mapping;
	page->index = index;
	mapping->nrpages++;
	trace_mm_filemap_add_to_page_cache(&m->trace,
					   page_to_pfn(&m->zone, page),
					   inode_ino(mapping->host), index,
					   inode_dev(mapping->host));
	mod_node_page_state(m, NR_FILE_PAGES, 1);
	if (PageSwapBacked(page)) {
		mod_node_page_state(m, NR_SHMEM, 1);
	} else {
		/* A page reclaim evicted comes back: a refault. */
		unsigned long shadow = workingset_take_shadow(mapping, index);

		if (shadow)
			workingset_refault(m, page, shadow);
	}
	lru_cache_add(m, page);
	return 0;
}

/**
 * filemap_remove_page() - see pagemap.h. A dirty page leaving the cache
 * (truncation) is no longer counted dirty (folio_cancel_dirty()).
 */
void filemap_remove_page(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct machine *m = mapping_machine(mapping);

	trace_mm_filemap_delete_from_page_cache(&m->trace,
						page_to_pfn(&m->zone, page),
						inode_ino(mapping->host),
						page->index,
						inode_dev(mapping->host));
	__filemap_remove_page(page);
}

/**
 * __filemap_remove_page() - see pagemap.h: filemap_remove_page() without
 * its trace event (shmem_delete_from_page_cache() has none).
 */
void __filemap_remove_page(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct machine *m = mapping_machine(mapping);

	xa_erase(&mapping->i_pages, page->index);
	mapping->nrpages--;
	mod_node_page_state(m, NR_FILE_PAGES, -1);
	if (PageSwapBacked(page))
		mod_node_page_state(m, NR_SHMEM, -1);
	if (PageDirty(page)) {
		ClearPageDirty(page);
		if (mapping_can_writeback(mapping))
			mod_node_page_state(m, NR_FILE_DIRTY, -1);
	}
	ClearPageReadahead(page);
	page->mapping = NULL;
	folio_put(m, page);
}

/**
 * folio_mark_dirty() - see mm.h.
 */
bool folio_mark_dirty(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct machine *m;

	if (PageDirty(page))
		return false;
	SetPageDirty(page);
	if (!mapping || PageAnon(page) || !mapping_can_writeback(mapping))
		return true;
	m = mapping_machine(mapping);
	mod_node_page_state(m, NR_FILE_DIRTY, 1);
	mod_node_page_state(m, NR_DIRTIED, 1);
	xa_set_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_DIRTY);
	return true;
}

/**
 * filemap_read_new_page() - see pagemap.h.
 */
struct page *filemap_read_new_page(struct file *file,
				   struct address_space *mapping,
				   pgoff_t index, bool readahead)
{
	struct machine *m = mapping_machine(mapping);
	/* readahead_gfp_mask(): read-ahead never calls the OOM killer. */
	struct page *page = readahead ?
		__alloc_pages(&m->zone, 0, GFP_HIGHUSER_MOVABLE | __GFP_COMP |
				__GFP_NORETRY | __GFP_NOWARN) :
		alloc_pages_gfp_or_oom(m, 0, GFP_HIGHUSER_MOVABLE | __GFP_COMP);
	int err;

	if (!page) {
		if (!m->errmsg[0])
			vm_err(m, "out of memory for the page cache");
		return NULL;
	}
	if (filemap_add_page(mapping, page, index)) {
		put_page(&m->zone, page);
		return NULL;
	}
	err = mapping->a_ops->read_folio(file, page);
	if (err) {
		filemap_remove_page(page);
		return NULL;
	}
	return page;
}

/**
 * read_cache_page() - see pagemap.h.
 */
struct page *read_cache_page(struct file *file, struct address_space *mapping,
			     pgoff_t index)
{
	struct page *page = filemap_get_page(mapping, index);

	return page ? page : filemap_read_new_page(file, mapping, index, false);
}

/**
 * page_cache_next_miss() - see pagemap.h. Read lock suffices.
 */
pgoff_t page_cache_next_miss(const struct address_space *mapping,
			     pgoff_t index, unsigned long max_scan)
{
	while (max_scan--) {
		if (!filemap_get_page(mapping, index))
			break;
		index++;
		if (!index)
			break;
	}
	return index;
}

/**
 * page_cache_prev_miss() - the first index at or below @index, scanning
 * back at most @max_scan, with no page; ULONG_MAX when the scan ran off
 * the start of the file. Read lock suffices.
 */
pgoff_t page_cache_prev_miss(const struct address_space *mapping,
			     pgoff_t index, unsigned long max_scan)
{
	while (max_scan--) {
		if (!filemap_get_page(mapping, index))
			break;
		index--;
		if (index == ~0UL)
			break;
	}
	return index;
}

/* ---- read(2) ---- */

/*
 * filemap_get_pages - the pages a read of @count bytes at @pos needs
 * first: those cached from pos's page on, up to the first gap, the end
 * of the read, or a PG_readahead page (filemap_get_read_batch()); on a
 * miss, synchronous read-ahead first, and a single read if even that
 * brought nothing; a PG_readahead page at the end starts the next
 * asynchronous window. Return: the number of pages put in @batch, or
 * -ENOMEM.
 */
static int filemap_get_pages(struct file *file, long long pos, size_t count,
			     struct page **batch, int max)
{
	struct address_space *mapping = file->f_mapping;
	pgoff_t index = (pgoff_t)(pos >> PAGE_SHIFT);
	pgoff_t last_index = (pgoff_t)DIV_ROUND_UP_LL(pos + (long long)count,
						      (long long)PAGE_SIZE);
	int nr = 0, again;

	for (again = 0; again < 2 && !nr; again++) {
		for (pgoff_t i = index; i < last_index && nr < max; i++) {
			struct page *page = filemap_get_page(mapping, i);

			if (!page || !PageUptodate(page))
				break;
			batch[nr++] = page;
			if (PageReadahead(page))
				break;
		}
		if (!nr && !again)
			page_cache_sync_ra(file, index, last_index - index);
	}
	if (!nr) {
		struct page *page = filemap_read_new_page(file, mapping, index, false);

		if (!page)
			return -ENOMEM;
		batch[nr++] = page;
	}
	if (PageReadahead(batch[nr - 1]))
		page_cache_async_ra(file, batch[nr - 1], batch[nr - 1]->index,
				    last_index - batch[nr - 1]->index);
	return nr;
}

/**
 * filemap_read() - see pagemap.h. Only the first page of each batch is
 * marked accessed, and not when the last read ended in it already, as
 * the kernel does (so a file read in small pieces is not activated by
 * its own reads).
 */
ssize_t filemap_read(struct file *file, void *buf, size_t count,
		     long long *pos)
{
	struct inode *inode = file_inode(file);
	struct machine *m = inode->i_machine;
	struct file_ra_state *ra = &file->f_ra;
	long long last_pos = ra->prev_pos;
	size_t done = 0;
	struct page *batch[16];

	if (!count)
		return 0;
	while (done < count && *pos < inode->i_size) {
		int nr = filemap_get_pages(file, *pos, count - done, batch, 16);
		long long end;

		if (nr < 0) {
			if (done)
				break;
			return nr;
		}
		end = inode->i_size < *pos + (long long)(count - done) ?
		      inode->i_size : *pos + (long long)(count - done);
		if (last_pos <= 0 || ((last_pos - 1) >> PAGE_SHIFT) !=
				     (*pos >> PAGE_SHIFT))
			mark_page_accessed(m, batch[0]);
		for (int i = 0; i < nr && *pos < end; i++) {
			size_t off = (size_t)(*pos & (long long)(PAGE_SIZE - 1));
			size_t n = PAGE_SIZE - off;
			const char *src = page_contents(batch[i]);

			if ((long long)n > end - *pos)
				n = (size_t)(end - *pos);
			if (src)
				memcpy((char *)buf + done, src + off, n);
			else
				memset((char *)buf + done, 0, n);
			done += n;
			*pos += (long long)n;
			last_pos = *pos;
		}
	}
	ra->prev_pos = last_pos;
	return (ssize_t)done;
}

/* ---- write(2) ---- */

/**
 * generic_perform_write() - see pagemap.h: each page is found or made
 * (read first when the write covers it only in part and it holds file
 * bytes: write_begin), the bytes copied in, the page marked dirty
 * (write_end), and the size moved past the last byte.
 */
ssize_t generic_perform_write(struct file *file, const void *buf,
			      size_t count, long long *pos)
{
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;
	struct machine *m = inode->i_machine;
	size_t done = 0;

	while (done < count) {
		pgoff_t index = (pgoff_t)(*pos >> PAGE_SHIFT);
		size_t off = (size_t)(*pos & (long long)(PAGE_SIZE - 1));
		size_t n = PAGE_SIZE - off;
		struct page *page = filemap_get_page(mapping, index);

		if (n > count - done)
			n = count - done;
		if (!page) {
			bool whole = !off && n == PAGE_SIZE;

			if (whole || *pos >= inode->i_size) {
				page = alloc_pages_gfp_or_oom(m, 0,
					GFP_HIGHUSER_MOVABLE | __GFP_COMP);
				if (page && filemap_add_page(mapping, page,
							     index)) {
					put_page(&m->zone, page);
					page = NULL;
				}
				if (page)
					SetPageUptodate(page);
			} else {
				page = filemap_read_new_page(file, mapping,
							     index, false);
			}
			if (!page) {
				if (!m->errmsg[0])
					vm_err(m, "out of memory for the page cache");
				break;
			}
		}
		if (memcpy_to_page(&m->zone, page, off,
				   (const char *)buf + done, n)) {
			vm_err(m, "host out of memory");
			break;
		}
		folio_mark_dirty(page);
		done += n;
		*pos += (long long)n;
		if (*pos > inode->i_size)
			inode->i_size = *pos;
	}
	if (!done && count)
		return -ENOMEM;
	return (ssize_t)done;
}

/* ---- writeback ---- */

struct mkclean_arg {
	unsigned long cleaned;
};

/* page_mkclean_one - write-protect and clean one shared PTE mapping @page. */
static bool page_mkclean_one(struct page *page, struct vm_area_struct *vma,
			     unsigned long address, void *arg)
{
	struct mkclean_arg *mc = arg;
	pte_t *pte = mm_find_pte(vma->vm_mm, address);

	(void)page;
	if (!(vma->vm_flags & VM_SHARED) || !pte || !pte_present(*pte))
		return true;
	if (pte_dirty(*pte) || pte_write(*pte)) {
		/* ptep_clear_flush(): no TLB keeps it writable or dirty */
		*pte = pte_mkclean(pte_wrprotect(*pte));
		flush_tlb_page(vma, address);
		mc->cleaned++;
	}
	return true;
}

/**
 * folio_mkclean() - see pagemap.h. Return: whether a PTE was dirty or
 * writable.
 */
bool folio_mkclean(struct page *page)
{
	struct mkclean_arg mc = { 0 };
	struct rmap_walk_control rwc = { .arg = &mc,
					 .rmap_one = page_mkclean_one };

	if (page_mapped(page))
		rmap_walk(page, &rwc);
	return mc.cleaned != 0;
}

/*
 * write_one_page - clear_page_dirty_for_io() (every shared PTE cleaned
 * and write-protected, so the next store faults and dirties it again),
 * then writeback: PG_writeback and the tag for the write, which
 * completes at once (folio_end_writeback()).
 */
static int write_one_page(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct machine *m = mapping_machine(mapping);
	int err;

	folio_mkclean(page);
	ClearPageDirty(page);
	mod_node_page_state(m, NR_FILE_DIRTY, -1);
	xa_clear_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_DIRTY);
	SetPageWriteback(page);
	mod_node_page_state(m, NR_WRITEBACK, 1);
	xa_set_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_WRITEBACK);
	err = mapping->a_ops->writepage(page);
	xa_clear_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_WRITEBACK);
	ClearPageWriteback(page);
	mod_node_page_state(m, NR_WRITEBACK, -1);
	if (err) {
		folio_mark_dirty(page);		/* the write is retried later */
		return err;
	}
	mod_node_page_state(m, NR_WRITTEN, 1);
	return 0;
}

/**
 * filemap_write_and_wait_range() - see pagemap.h. The dirty tag finds
 * the pages, so clean stretches cost nothing.
 */
int filemap_write_and_wait_range(struct address_space *mapping,
				 long long start, long long end)
{
	unsigned long index, last;
	struct page *page;
	int err = 0;

	if (!mapping_can_writeback(mapping) || start > end || end < 0)
		return 0;
	if (start < 0)
		start = 0;
	index = (unsigned long)(start >> PAGE_SHIFT);
	last = (unsigned long)(end >> PAGE_SHIFT);
	while ((page = xa_find(&mapping->i_pages, &index, last,
			       PAGECACHE_TAG_DIRTY))) {
		int e = write_one_page(page);

		if (e && !err)
			err = e;
		if (index++ == last)
			break;
	}
	return err;
}

/**
 * vfs_fsync_range() - see fs.h (noop_fsync for shmem).
 */
int vfs_fsync_range(struct file *file, long long start, long long end)
{
	return filemap_write_and_wait_range(file->f_mapping, start, end);
}

/* ---- the fault path ---- */

/*
 * do_sync_mmap_readahead - a fault missed the cache: read ahead as the
 * VMA's advice says -- nothing for MADV_RANDOM, a sequential window for
 * MADV_SEQUENTIAL, otherwise the read-around window centred on the fault
 * (ra_pages, with a quarter of it asynchronous), unless this file has
 * missed more than MMAP_LOTSAMISS times since it last hit.
 */
static void do_sync_mmap_readahead(struct vm_fault *vmf)
{
	struct file *file = vmf->vma->vm_file;
	struct file_ra_state *ra = &file->f_ra;
	unsigned long vm_flags = vmf->vma->vm_flags;

	if (vm_flags & VM_RAND_READ)
		return;
	if (!ra->ra_pages)
		return;
	if (vm_flags & VM_SEQ_READ) {
		page_cache_sync_ra(file, vmf->pgoff, ra->ra_pages);
		return;
	}
	if (ra->mmap_miss < MMAP_LOTSAMISS * 10)
		ra->mmap_miss++;
	if (ra->mmap_miss > MMAP_LOTSAMISS)
		return;

	/* mmap read-around */
	ra->start = vmf->pgoff > ra->ra_pages / 2 ?
		    vmf->pgoff - ra->ra_pages / 2 : 0;
	ra->size = ra->ra_pages;
	ra->async_size = ra->ra_pages / 4;
	page_cache_ra_order(file, ra);
}

/*
 * do_async_mmap_readahead - a fault found @page cached: one miss less to
 * hold against the file, and a PG_readahead page starts the next window.
 */
static void do_async_mmap_readahead(struct vm_fault *vmf, struct page *page)
{
	struct file *file = vmf->vma->vm_file;
	struct file_ra_state *ra = &file->f_ra;

	if ((vmf->vma->vm_flags & VM_RAND_READ) || !ra->ra_pages)
		return;
	if (ra->mmap_miss)
		ra->mmap_miss--;
	if (PageReadahead(page))
		page_cache_async_ra(file, page, vmf->pgoff, ra->ra_pages);
}

/**
 * filemap_fault() - ->fault of a file (mm/filemap.c): the cached page at
 * vmf->pgoff, or, on a miss, a major fault: pgmajfault, read-around, and
 * the page itself if read-ahead did not bring it. Past the end of the
 * file: VM_FAULT_SIGBUS.
 *
 * A fault that may be retried (FAULT_FLAG_ALLOW_RETRY, a first try)
 * answers a miss, once the I/O is done, with VM_FAULT_RETRY, as the
 * kernel does after dropping the mmap lock for the read
 * (maybe_unlock_mmap_for_io()): the fault is taken again, and that try's
 * fault-around maps the pages just read.
 *
 * Return: 0 or VM_FAULT_MAJOR with vmf->page set (a reference for the
 * caller); VM_FAULT_MAJOR | VM_FAULT_RETRY without a page; or
 * VM_FAULT_SIGBUS / VM_FAULT_OOM.
 */
unsigned int filemap_fault(struct vm_fault *vmf)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct file *file = vmf->vma->vm_file;
	struct address_space *mapping = file->f_mapping;
	struct machine *m = mapping_machine(mapping);
	struct page *page;
	unsigned int ret = 0;

	if (vmf->pgoff >= size_pages(mapping->host))
		return VM_FAULT_SIGBUS;
	trace_mm_filemap_fault(&m->trace, inode_ino(mapping->host),
			       inode_dev(mapping->host), vmf->pgoff);
	page = filemap_get_page(mapping, vmf->pgoff);
	if (page) {
		do_async_mmap_readahead(vmf, page);
	} else {
		count_vm_event(m, PGMAJFAULT);
		count_memcg_event_mm(vmf->vma->vm_mm, MEMCG_PGMAJFAULT);
		ret = VM_FAULT_MAJOR;
		do_sync_mmap_readahead(vmf);
		page = read_cache_page(file, mapping, vmf->pgoff);
		if (!page)
			return m->zone.host_nomem || !m->errmsg[0] ?
			       VM_FAULT_OOM : VM_FAULT_SIGBUS;
		if (vmf->stats)
			vmf->stats->major++;
		if ((vmf->flags & FAULT_FLAG_ALLOW_RETRY) &&
		    !(vmf->flags & FAULT_FLAG_TRIED))
			return ret | VM_FAULT_RETRY;
	}
	get_page(page);
	vmf->page = page;
	return ret;
}

/**
 * filemap_map_pages() - ->map_pages (fault-around): map every page of
 * [@start_pgoff, @end_pgoff] that is cached, uptodate, not locked, not a
 * read-ahead marker (the fault on it must start the next window), inside
 * the file and not yet mapped here, without allocating anything.
 * Each page mapped forgives the file one read-around miss.
 * Return: VM_FAULT_NOPAGE if that mapped the faulting address itself.
 */
unsigned int filemap_map_pages(struct vm_fault *vmf, pgoff_t start_pgoff,
			       pgoff_t end_pgoff)
{
	ftrace_graph(&vma_machine(vmf->vma)->trace);
	struct vm_area_struct *vma = vmf->vma;
	struct file *file = vma->vm_file;
	struct address_space *mapping = file->f_mapping;
	pgoff_t file_end = size_pages(mapping->host);
	unsigned long index = start_pgoff, mapped = 0;
	unsigned int ret = 0;
	long rss[NR_MM_COUNTERS] = { 0 };
	struct page *page;

	if (!file_end)
		return 0;
	if (end_pgoff > file_end - 1)
		end_pgoff = file_end - 1;
	if (start_pgoff > end_pgoff)
		return 0;
	while ((page = xa_find(&mapping->i_pages, &index, end_pgoff,
			       XA_PRESENT))) {
		unsigned long addr = vma->vm_start +
				     ((index - vma->vm_pgoff) << PAGE_SHIFT);
		pte_t *pte = vmf->pte + ((long)(addr - vmf->address) >> PAGE_SHIFT);

		if (PageUptodate(page) && !PageLocked(page) &&
		    !PageReadahead(page) && pte_none(*pte)) {
			get_page(page);
			set_pte_range(vmf, page, addr, pte);
			rss[mm_counter_file(page)]++;
			mapped++;
			if (addr == vmf->address)
				ret = VM_FAULT_NOPAGE;
		}
		if (index++ == end_pgoff)
			break;
	}
	for (int i = 0; i < NR_MM_COUNTERS; i++)
		if (rss[i])
			add_mm_counter(vma->vm_mm, i, rss[i]);
	if (!shmem_mapping(mapping))
		file->f_ra.mmap_miss = file->f_ra.mmap_miss > mapped ?
				       file->f_ra.mmap_miss - (unsigned int)mapped : 0;
	trace_mm_filemap_map_pages(&vma_machine(vma)->trace,
				   inode_ino(mapping->host),
				   inode_dev(mapping->host), start_pgoff,
				   end_pgoff);
	return ret;
}

/**
 * filemap_page_mkwrite() - ->page_mkwrite: a page of a shared file
 * mapping becomes writable, so it is dirty from now on (the write-notify
 * that lets writeback find it). Past the end of the file: SIGBUS.
 */
unsigned int filemap_page_mkwrite(struct vm_fault *vmf)
{
	struct page *page = vmf->page;

	if (!page->mapping || page->index >= size_pages(page->mapping->host))
		return VM_FAULT_SIGBUS;
	folio_mark_dirty(page);
	return 0;
}

const struct vm_operations_struct generic_file_vm_ops = {
	.fault = filemap_fault,
	.map_pages = filemap_map_pages,
	.page_mkwrite = filemap_page_mkwrite,
	.ops_name = "generic_file_vm_ops",
};

/* ---- posix_fadvise(2) and drop_caches ---- */

#ifndef POSIX_FADV_NORMAL
#define POSIX_FADV_NORMAL	0
#define POSIX_FADV_RANDOM	1
#define POSIX_FADV_SEQUENTIAL	2
#define POSIX_FADV_WILLNEED	3
#define POSIX_FADV_DONTNEED	4
#define POSIX_FADV_NOREUSE	5
#endif

/**
 * generic_fadvise() - see fs.h (mm/fadvise.c).
 */
int generic_fadvise(struct file *file, long long offset, long long len,
		    int advice)
{
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;
	struct machine *m = inode->i_machine;
	long long endbyte;
	pgoff_t start_index, end_index;

	if (!S_ISREG(inode->i_mode)) {
		vm_err(m, "not a regular file");
		return -ESPIPE;
	}
	if (offset < 0 || len < 0) {
		vm_err(m, "negative offset or length");
		return -EINVAL;
	}
	endbyte = offset + len;
	if (!len || endbyte < len)
		endbyte = (long long)(~0ULL >> 1);
	else
		endbyte--;		/* inclusive */

	switch (advice) {
	case POSIX_FADV_NORMAL:
		file->f_ra.ra_pages = inode->i_ra_pages;
		file->f_mode &= ~FMODE_RANDOM;
		break;
	case POSIX_FADV_RANDOM:
		file->f_mode |= FMODE_RANDOM;
		break;
	case POSIX_FADV_SEQUENTIAL:
		file->f_ra.ra_pages = inode->i_ra_pages * 2;
		file->f_mode &= ~FMODE_RANDOM;
		break;
	case POSIX_FADV_WILLNEED:
		start_index = (pgoff_t)(offset >> PAGE_SHIFT);
		end_index = (pgoff_t)(endbyte >> PAGE_SHIFT);
		force_page_cache_ra(file, start_index,
				    end_index - start_index + 1);
		break;
	case POSIX_FADV_NOREUSE:
		break;
	case POSIX_FADV_DONTNEED:
		filemap_write_and_wait_range(mapping, offset, endbyte);
		start_index = (pgoff_t)((offset + (long long)PAGE_SIZE - 1) >>
					PAGE_SHIFT);
		end_index = (pgoff_t)(endbyte >> PAGE_SHIFT);
		/*
		 * The page at end_index is dropped only when the range ends
		 * on a page boundary or at the end of the file; otherwise it
		 * is kept, as a page the range covers only in part.
		 */
		if ((endbyte & (long long)(PAGE_SIZE - 1)) !=
		    (long long)(PAGE_SIZE - 1) && endbyte != inode->i_size - 1) {
			if (!end_index)
				break;
			end_index--;
		}
		if (end_index >= start_index)
			invalidate_mapping_pages(mapping, start_index,
						 end_index);
		break;
	default:
		vm_err(m, "unknown advice %d", advice);
		return -EINVAL;
	}
	return 0;
}

/**
 * ksys_fadvise64_64() - see fs.h.
 */
int ksys_fadvise64_64(struct task_struct *tsk, unsigned int fd,
		      long long offset, long long len, int advice)
{
	struct file *file = files_lookup_fd(tsk->files, fd);

	if (!file) {
		vm_err(tsk->machine, "fd %u is not open", fd);
		return -EBADF;
	}
	return generic_fadvise(file, offset, len, advice);
}

/**
 * drop_caches_sysctl_handler() - see fs.h. Dentries and inodes hold the
 * overlay (created and unlinked names, written bytes), so drop_slab()
 * has nothing it may free here; only the event is counted.
 */
int drop_caches_sysctl_handler(struct machine *m, int val)
{
	struct inode *inode;

	if (val < 1 || val > 4) {
		vm_err(m, "drop_caches takes 1, 2 or 3 (or 4)");
		return -EINVAL;
	}
	if (val & 1) {
		list_for_each_entry(inode, &m->tree->inodes, i_sb_list)
			if (inode->i_mapping->nrpages &&
			    !shmem_mapping(inode->i_mapping))
				invalidate_mapping_pages(inode->i_mapping, 0,
							 ~0UL);
		count_vm_event(m, DROP_PAGECACHE);
	}
	if (val & 2)
		count_vm_event(m, DROP_SLAB);
	return 0;
}
