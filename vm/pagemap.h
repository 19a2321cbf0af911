/*
 * pagemap.h - the engine-internal side of the file layer (the kernel's
 * include/linux/pagemap.h and fs/internal.h): the page cache's insert,
 * lookup and removal, read-ahead, writeback, truncation and inode
 * lifetime, shared by vm/filemap.c, vm/readahead.c, vm/truncate.c,
 * vm/inode.c, vm/namei.c, vm/file.c, vm/shmem.c and the fault path.
 *
 * Reference rules of the page cache: a page in a mapping's i_pages holds
 * one _refcount for the cache (page->mapping = the address_space,
 * page->index = its offset); each PTE mapping it holds another. A page
 * is removed from the cache only when no PTE maps it (truncation unmaps
 * first), and is freed when its last reference goes.
 *
 * Locking: machine lock held for writing throughout, unless a comment
 * says reading suffices.
 */
#ifndef MMSIM_PAGEMAP_H
#define MMSIM_PAGEMAP_H

#include "fs.h"
#include "machine.h"
#include "mm.h"

/*
 * struct file_tree - the machine's file tree (no kernel counterpart: the
 * kernel has mounts and super_blocks; mmsim has one tree, the --root
 * directory seen through the overlay, plus the internal tmpfs).
 * @root: the host path of "/", without its trailing slash ("" for "/")
 * @root_dentry: "/"
 * @dentries: every dentry, hashed or not (vfs_exit() frees them)
 * @inodes: every live inode (the super_blocks' s_inodes; drop_caches)
 * @next_ino: the inode number the next file the machine creates gets
 * @bdis: the host devices seen, with their read-ahead sizes (when the
 *	machine description follows the host's: read_ahead_kb=host)
 */
struct file_tree {
	char *root;
	struct dentry *root_dentry;
	struct list_head dentries;
	struct list_head inodes;
	unsigned long next_ino;
	struct {
		unsigned int dev;
		unsigned int ra_pages, io_pages;
	} bdis[16];
	unsigned int nr_bdis;
};

/* The host and overlay files' address_space_operations (vm/inode.c). */
extern const struct address_space_operations overlay_aops;
extern const struct address_space_operations shmem_aops;

/* ---- inodes (vm/inode.c) ---- */

/** new_inode() - a fresh inode of @m with an empty page cache (i_count 1). */
struct inode *new_inode(struct machine *m, const struct address_space_operations *a_ops);
struct inode *igrab(struct inode *inode);
/** iput() - drop a reference; an unlinked inode nobody holds is evicted. */
void iput(struct inode *inode);
/**
 * host_iget() - the inode of the host file at @hpath with @attr (reused
 * when the same host device and inode number was looked up before), with
 * a new reference. NULL: no memory.
 */
struct hostfs_attr;
struct inode *host_iget(struct machine *m, const char *hpath,
			const struct hostfs_attr *attr);
/** inode_truncate_store() - the overlay forgets what lies past @size. */
void inode_truncate_store(struct inode *inode, long long size);
/* mapping_can_writeback() - does the mapping account dirty pages and write back? */
static inline bool mapping_can_writeback(const struct address_space *mapping)
{
	return mapping->a_ops == &overlay_aops;
}

/* ---- the page cache (vm/filemap.c) ---- */

static inline struct machine *mapping_machine(const struct address_space *mapping)
{
	return mapping->host->i_machine;
}

/** filemap_get_page() - the cached page at @index, or NULL. Read lock suffices. */
static inline struct page *filemap_get_page(const struct address_space *mapping,
					    pgoff_t index)
{
	return xa_load(&mapping->i_pages, index);
}
/**
 * filemap_add_page() - put the new @page (refcount 1: the cache's) in
 * the cache at @index and on the LRU (filemap_add_folio()).
 * Return: 0 or -ENOMEM (host memory for the tree; the page is untouched).
 */
int filemap_add_page(struct address_space *mapping, struct page *page,
		     pgoff_t index);
/**
 * filemap_remove_page() - take the unmapped @page out of its cache and
 * drop the cache's reference (filemap_remove_folio() + folio_put()).
 */
void filemap_remove_page(struct page *page);
/**
 * __filemap_remove_page() - filemap_remove_page() without the
 * mm_filemap_delete_from_page_cache event: shmem's swap-out.
 */
void __filemap_remove_page(struct page *page);
/**
 * filemap_read_new_page() - allocate a page for @index, add it to the
 * cache and fill it through a_ops->read_folio. @readahead: a read-ahead
 * page, which gives up rather than call the OOM killer.
 * Return: the page (the cache's reference only), or NULL (no frame, a
 * read error, or host memory), with the reason recorded.
 */
struct page *filemap_read_new_page(struct file *file,
				   struct address_space *mapping,
				   pgoff_t index, bool readahead);
/** read_cache_page() - the cached page at @index, read in if absent (no read-ahead). */
struct page *read_cache_page(struct file *file, struct address_space *mapping,
			     pgoff_t index);
/** filemap_read() - read(2) of a regular file through the cache (generic_file_read_iter()). */
ssize_t filemap_read(struct file *file, void *buf, size_t count,
		     long long *pos);
/** generic_perform_write() - write(2) into the cache; the caller set *@pos (O_APPEND). */
ssize_t generic_perform_write(struct file *file, const void *buf,
			      size_t count, long long *pos);
/**
 * filemap_write_and_wait_range() - write back every dirty page of
 * [@start, @end] (bytes, inclusive) and wait. Return: 0 or -ENOMEM.
 */
int filemap_write_and_wait_range(struct address_space *mapping,
				 long long start, long long end);
/** folio_mkclean() - write-protect and clean every shared PTE that maps @page. */
bool folio_mkclean(struct page *page);
/**
 * page_cache_next_miss() - the first index in [@index, @index + @max_scan)
 * with no page, or @index + @max_scan (page_cache_next_miss()).
 */
pgoff_t page_cache_next_miss(const struct address_space *mapping,
			     pgoff_t index, unsigned long max_scan);
pgoff_t page_cache_prev_miss(const struct address_space *mapping,
			     pgoff_t index, unsigned long max_scan);

/* ---- read-ahead (vm/readahead.c) ---- */

void file_ra_state_init(struct file_ra_state *ra, const struct inode *inode);
/* page_cache_sync_ra() - a miss at @index of a read wanting @req_count pages. */
void page_cache_sync_ra(struct file *file, pgoff_t index,
			unsigned long req_count);
/* page_cache_async_ra() - @page, at @index, carried PG_readahead. */
void page_cache_async_ra(struct file *file, struct page *page, pgoff_t index,
			 unsigned long req_count);
/* force_page_cache_ra() - read @nr_to_read pages from @index (fadvise willneed). */
void force_page_cache_ra(struct file *file, pgoff_t index,
			 unsigned long nr_to_read);
/* do_page_cache_ra() - read [@index, @index + @nr_to_read) clamped to EOF. */
void do_page_cache_ra(struct file *file, pgoff_t index,
		      unsigned long nr_to_read, unsigned long lookahead_size);
/* The window of an mmap read-around (do_sync_mmap_readahead()). */
void page_cache_ra_order(struct file *file, struct file_ra_state *ra);

/* ---- truncation and invalidation (vm/truncate.c) ---- */

/**
 * truncate_inode_pages_range() - drop the pages of [@lstart, @lend]
 * (bytes, inclusive; the partial page at @lstart is zeroed past it).
 * The range must be unmapped already (unmap_mapping_range()).
 */
void truncate_inode_pages_range(struct address_space *mapping,
				long long lstart, long long lend);
void truncate_inode_pages_final(struct address_space *mapping);
/** truncate_pagecache() - unmap, drop and zero everything beyond @newsize. */
void truncate_pagecache(struct inode *inode, long long newsize);
/**
 * invalidate_mapping_pages() - drop the clean, unmapped, not-writeback
 * pages of [@start, @end] (page offsets). Return: how many went.
 */
unsigned long invalidate_mapping_pages(struct address_space *mapping,
				       pgoff_t start, pgoff_t end);

/* ---- files (vm/file.c) ---- */

/** alloc_file() - a struct file for @dentry's inode (or @inode: shmem). */
struct file *alloc_file(struct machine *m, struct dentry *dentry,
			struct inode *inode, unsigned int flags);
/* Dentry references (vm/namei.c). */
struct dentry *dget(struct dentry *dentry);
void dput(struct dentry *dentry);

#endif
