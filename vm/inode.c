/*
 * inode.c - inodes (fs/inode.c) and the overlay filesystem's
 * address_space_operations: how a page of a file in the machine's tree is
 * filled and where a dirty one is written.
 *
 * A page of a host-backed file comes from, in order: the overlay's store
 * (i_store: the copy writeback made, the simulated disk), the host file
 * (the first i_host_size bytes; read lazily through vm/host.c), zeroes.
 * Writeback copies the page into i_store; nothing reaches the host.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "host.h"
#include "pagemap.h"

/**
 * new_inode() - a fresh inode on @m's list with one reference and an
 * empty page cache whose pages come and go through @a_ops.
 * Return: the inode, or NULL (host memory, recorded).
 */
struct inode *new_inode(struct machine *m,
			const struct address_space_operations *a_ops)
{
	struct inode *inode = host_zalloc(m, sizeof(*inode));

	if (!inode)
		return NULL;
	inode->i_machine = m;
	inode->i_count = 1;
	xa_init(&inode->i_store);
	inode->i_data.host = inode;
	xa_init(&inode->i_data.i_pages);
	xa_init(&inode->i_data.i_shadows);
	inode->i_data.i_mmap = RB_ROOT_CACHED;
	inode->i_data.a_ops = a_ops;
	inode->i_mapping = &inode->i_data;
	list_add_tail(&inode->i_sb_list, &m->tree->inodes);
	return inode;
}

struct inode *igrab(struct inode *inode)
{
	inode->i_count++;
	return inode;
}

/* Free the overlay's stored pages from index @start on. */
static void free_store_from(struct inode *inode, pgoff_t start)
{
	unsigned long index;
	void *buf;

	xa_for_each_range(&inode->i_store, index, buf, start, ~0UL) {
		xa_erase(&inode->i_store, index);
		free(buf);
	}
}

/*
 * evict - the last reference to an inode that no name holds is gone:
 * its page cache (nothing maps it: every VMA holds a file, every file a
 * reference), the overlay's copy and the inode itself go.
 */
static void evict(struct inode *inode)
{
	truncate_inode_pages_final(inode->i_mapping);
	free_store_from(inode, 0);
	if (inode->i_private)
		shmem_evict_inode(inode);
	list_del(&inode->i_sb_list);
	free(inode->i_host_path);
	free(inode->i_link);
	free(inode);
}

/**
 * iput() - drop a reference to @inode (may be NULL). An inode with no
 * name left (i_nlink 0) is evicted with its last reference; one that
 * still has a name stays, cache and all, for the next lookup.
 */
void iput(struct inode *inode)
{
	if (!inode || --inode->i_count > 0)
		return;
	if (!inode->i_nlink)
		evict(inode);
}

/*
 * inode_set_bdi - the read-ahead window and largest I/O of the device
 * @inode lives on: the machine description's read_ahead_kb, or, when it
 * follows the host (read_ahead_kb=host), the host device's own values,
 * asked once per device.
 */
static void inode_set_bdi(struct machine *m, struct inode *inode,
			  unsigned int major, unsigned int minor)
{
	const struct machine_cpu *cpu = &m->cfg.cpu;
	struct file_tree *tree = m->tree;
	unsigned long ra_kb = cpu->read_ahead_kb, io_kb = cpu->read_ahead_kb;
	unsigned int dev = MKDEV(major, minor), i;

	if (cpu->read_ahead_host) {
		for (i = 0; i < tree->nr_bdis; i++)
			if (tree->bdis[i].dev == dev)
				break;
		if (i == tree->nr_bdis) {
			hostfs_bdi(major, minor, &ra_kb, &io_kb);
			if (i < sizeof(tree->bdis) / sizeof(tree->bdis[0])) {
				tree->bdis[i].dev = dev;
				tree->bdis[i].ra_pages = (unsigned int)(ra_kb >> (PAGE_SHIFT - 10));
				tree->bdis[i].io_pages = (unsigned int)(io_kb >> (PAGE_SHIFT - 10));
				tree->nr_bdis++;
			}
		}
		if (i < tree->nr_bdis) {
			inode->i_ra_pages = tree->bdis[i].ra_pages;
			inode->i_io_pages = tree->bdis[i].io_pages;
			return;
		}
	}
	inode->i_ra_pages = (unsigned int)(ra_kb >> (PAGE_SHIFT - 10));
	inode->i_io_pages = (unsigned int)(io_kb >> (PAGE_SHIFT - 10));
}

/**
 * host_iget() - the inode for the host file @hpath described by @attr.
 * @m: machine
 * @hpath: the host path (copied)
 * @attr: its lstat attributes
 *
 * A host file seen before under the same device and inode number (a
 * hard link, or a name looked up again) gets the same inode, as iget5
 * finds it in the inode hash; a new one takes the host's numbers, mode
 * and size. Its contents stay on the host until a page is needed.
 *
 * Return: the inode with one more reference, or NULL (host memory).
 */
struct inode *host_iget(struct machine *m, const char *hpath,
			const struct hostfs_attr *attr)
{
	unsigned int dev = MKDEV(attr->dev_major, attr->dev_minor);
	struct inode *inode;

	list_for_each_entry(inode, &m->tree->inodes, i_sb_list)
		if (inode->i_host_path && inode->i_ino == attr->ino &&
		    inode->i_dev == dev)
			return igrab(inode);

	inode = new_inode(m, &overlay_aops);
	if (!inode)
		return NULL;
	inode->i_host_path = strdup(hpath);
	if (!inode->i_host_path) {
		inode->i_nlink = 0;
		iput(inode);
		zone_host_nomem(&m->zone);
		vm_err(m, "host out of memory");
		return NULL;
	}
	inode->i_ino = attr->ino;
	inode->i_dev = dev;
	inode_set_bdi(m, inode, attr->dev_major, attr->dev_minor);
	inode->i_mode = attr->mode;
	inode->i_nlink = attr->nlink ? attr->nlink : 1;
	inode->i_size = attr->size;
	inode->i_host_size = S_ISREG(attr->mode) ? attr->size : 0;
	return inode;
}

/*
 * overlay_read_folio - fill @page with its file's bytes at page->index:
 * the overlay's copy if writeback made one, else the host's bytes below
 * i_host_size, zeroes after. Only bytes that came from the store or the
 * host count as I/O (pgpgin, PG_mappedtodisk): a hole reads no disk.
 */
static int overlay_read_folio(struct file *file, struct page *page)
{
	struct inode *inode = page->mapping->host;
	struct machine *m = inode->i_machine;
	long long off = (long long)page->index << PAGE_SHIFT;
	const void *stored = xa_load(&inode->i_store, page->index);
	char buf[PAGE_SIZE];
	ssize_t n;

	(void)file;
	if (stored) {
		if (memcpy_to_page(&m->zone, page, 0, stored, PAGE_SIZE))
			goto out_nomem;
	} else if (inode->i_host_path && off < inode->i_host_size) {
		size_t want = inode->i_host_size - off < (long long)PAGE_SIZE ?
			      (size_t)(inode->i_host_size - off) : PAGE_SIZE;

		n = hostfs_pread(inode->i_host_path, buf, want, off);
		if (n < 0) {
			vm_err(m, "cannot read host file %s: %s",
			       inode->i_host_path, strerror((int)-n));
			return (int)n;
		}
		memset(buf + n, 0, PAGE_SIZE - (size_t)n);
		if (memcpy_to_page(&m->zone, page, 0, buf, PAGE_SIZE))
			goto out_nomem;
	} else {
		clear_user_highpage(&m->zone, page);
		SetPageUptodate(page);
		return 0;
	}
	SetPageMappedToDisk(page);
	m->vm_events[PGPGIN] += PAGE_SIZE >> 10;
	SetPageUptodate(page);
	return 0;

out_nomem:
	vm_err(m, "host out of memory");
	return -ENOMEM;
}

/*
 * overlay_writepage - write @page to the simulated disk: a copy in the
 * inode's store, which later reads prefer to the host's bytes.
 */
static int overlay_writepage(struct page *page)
{
	struct inode *inode = page->mapping->host;
	struct machine *m = inode->i_machine;
	const void *src = page_contents(page);
	void *buf = xa_load(&inode->i_store, page->index);

	if (!buf) {
		buf = malloc(PAGE_SIZE);
		if (!buf || xa_store(&inode->i_store, page->index, buf)) {
			free(buf);
			zone_host_nomem(&m->zone);
			vm_err(m, "host out of memory");
			return -ENOMEM;
		}
	}
	if (src)
		memcpy(buf, src, PAGE_SIZE);
	else
		memset(buf, 0, PAGE_SIZE);
	m->vm_events[PGPGOUT] += PAGE_SIZE >> 10;
	return 0;
}

const struct address_space_operations overlay_aops = {
	.read_folio = overlay_read_folio,
	.writepage = overlay_writepage,
};

/**
 * inode_truncate_store() - the file shrank to @size: the overlay forgets
 * stored pages past it, zeroes the stored tail of the last page, and no
 * host byte at or past @size shows through any more.
 */
void inode_truncate_store(struct inode *inode, long long size)
{
	pgoff_t first = (pgoff_t)((size + (long long)PAGE_SIZE - 1) >> PAGE_SHIFT);
	unsigned int partial = (unsigned int)(size & (long long)(PAGE_SIZE - 1));
	char *buf;

	free_store_from(inode, first);
	if (partial && (buf = xa_load(&inode->i_store, size >> PAGE_SHIFT)))
		memset(buf + partial, 0, PAGE_SIZE - partial);
	if (inode->i_host_size > size)
		inode->i_host_size = size;
}
