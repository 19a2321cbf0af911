/*
 * fs.h - the file layer of the simulated machine (include/linux/fs.h,
 * include/linux/dcache.h, include/linux/fdtable.h, include/linux/pagemap.h):
 * inodes, dentries and path lookup over the machine's file tree, struct
 * file, the per-task fd table, and the page cache.
 *
 * The file tree is the host directory given by mmsimfs --root (default
 * "/"), seen through an in-memory overlay:
 *  - a host file's inode carries the host's device and inode numbers, its
 *    mode and size; its contents are read lazily, a page at a time, when
 *    the page cache needs them (vm/host.c, the only code that opens a
 *    host file, and only to read);
 *  - everything the machine writes -- write(), stores through a shared
 *    mapping, truncation, new files, unlinks -- lands in the page cache
 *    and in the overlay: writeback copies a dirty page into the inode's
 *    own store (i_store), the simulated disk, and an unlinked name stays
 *    as a negative dentry (a whiteout). No host file is ever written.
 *
 * Conventions (as mm.h): -errno returns; functions that hand back an
 * object take a pointer to fill (filp_open(..., &file)) rather than
 * returning ERR_PTR values; every function needs the machine lock held
 * for writing unless its comment says reading suffices.
 *
 * Lifetimes: dentries live as long as the machine (the tree only grows;
 * an unlink turns the name into a negative dentry and leaves the old
 * dentry, unhashed, to the files that still name it). An inode lives
 * while a dentry, a struct file or a page-cache page needs it: i_count
 * counts the files, i_nlink the names; a host inode with neither and no
 * cached pages may be reused by the next lookup of the same host file.
 */
#ifndef MMSIM_FS_H
#define MMSIM_FS_H

#include <fcntl.h>
#include <stdbool.h>
#include <sys/types.h>
#include "list.h"
#include "mm_types.h"
#include "rbtree.h"
#include "xarray.h"

struct machine;
struct task_struct;
struct vm_area_struct;
struct address_space;
struct page;

/* Kernel dev_t (MINORBITS 20), as MAJOR()/MINOR() decode it. */
#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)
#define MKDEV(ma, mi)	(((unsigned int)(ma) << MINORBITS) | (unsigned int)(mi))
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))

/* The page-cache marks (include/linux/fs.h). */
#define PAGECACHE_TAG_DIRTY	XA_MARK_0
#define PAGECACHE_TAG_WRITEBACK	XA_MARK_1
#define PAGECACHE_TAG_TOWRITE	XA_MARK_2

/* f_mode bits, with the kernel's values. */
#define FMODE_READ	0x1U
#define FMODE_WRITE	0x2U
#define FMODE_LSEEK	0x4U
#define FMODE_PREAD	0x8U
#define FMODE_PWRITE	0x10U
#define FMODE_EXEC	0x20U
#define FMODE_RANDOM	0x1000U

/* RLIMIT_NOFILE's default soft limit: fds 0..1023. */
#define NR_OPEN_DEFAULT	1024

/* read_ahead_kb 128: the default bdi->ra_pages (VM_READAHEAD_PAGES). */
#define VM_READAHEAD_PAGES	(128 * 1024 / PAGE_SIZE)
/* mmap read-around gives up on a file after this many misses. */
#define MMAP_LOTSAMISS		100

struct address_space_operations;
struct inode;

/*
 * struct address_space - an inode's page cache and its i_mmap reverse
 * map (include/linux/fs.h).
 * @host: the inode
 * @i_pages: the cached pages by page offset; PAGECACHE_TAG_DIRTY and
 *	PAGECACHE_TAG_WRITEBACK mark the dirty and writeback ones
 * @nrpages: pages in @i_pages
 * @i_mmap: interval tree of every VMA mapping the file, keyed by pgoff
 *	(shared and private mappings alike, as in the kernel)
 * @i_mmap_count: VMAs in @i_mmap
 * @a_ops: how pages come in and go out (host/overlay file or shmem)
 * @i_shadows: the shadow entries reclaim left where it evicted pages
 *	(workingset_eviction()); the kernel keeps them in @i_pages as value
 *	entries, mmsim beside it, so that every walker of @i_pages finds
 *	pages only
 */
struct address_space {
	struct inode *host;
	struct xarray i_pages;
	struct xarray i_shadows;
	unsigned long nrpages;
	struct rb_root_cached i_mmap;
	unsigned long i_mmap_count;
	const struct address_space_operations *a_ops;
};

/*
 * struct inode - one file, directory or symlink of the tree, or one
 * shmem object.
 * @i_ino, @i_dev: the inode number and (kernel-encoded) device maps and
 *	ls -li show: the host's for host files, MKDEV(0, 1) and
 *	get_next_ino() numbers for shmem objects
 * @i_mode: type and permission bits (S_IFREG | 0644 ...)
 * @i_nlink: names in the tree (0: unlinked, or a shmem object)
 * @i_count: references from struct files, dentries and the overlay
 * @i_size: size in bytes
 * @i_host_path: the host path the contents are read from, or NULL for a
 *	file the machine created (or a shmem object)
 * @i_host_size: how many leading bytes of the host file still show
 *	through: the host size, lowered by every truncation below it
 * @i_store: the overlay's copy of written-back pages (host memory,
 *	PAGE_SIZE each), which win over the host's bytes
 * @i_link: a symlink's target (read once, at lookup)
 * @i_ra_pages, @i_io_pages: its backing device's read-ahead window
 *	(bdi->ra_pages) and largest I/O (bdi->io_pages), in pages
 * @i_sb_list: on the machine's list of inodes (drop_caches walks it)
 * @i_machine: the machine whose frames the cache holds
 * @i_private: the filesystem's own (struct shmem_inode_info for shmem)
 */
struct inode {
	unsigned long i_ino;
	unsigned int i_dev;
	unsigned int i_mode;
	unsigned int i_nlink;
	int i_count;
	long long i_size;
	char *i_host_path;
	long long i_host_size;
	struct xarray i_store;
	char *i_link;
	unsigned int i_ra_pages, i_io_pages;
	struct list_head i_sb_list;
	struct machine *i_machine;
	void *i_private;
	struct address_space i_data;
	struct address_space *i_mapping;
};

/*
 * struct dentry - one name of the tree (include/linux/dcache.h).
 * @d_inode: the inode, or NULL for a negative dentry: a name the host
 *	does not have, or one the machine unlinked (a whiteout)
 * @d_parent: the directory (the root is its own parent)
 * @d_unhashed: the name was unlinked while files held this dentry:
 *	d_path() appends " (deleted)", lookups no longer find it
 * @d_child, @d_subdirs: the directory's children
 */
struct dentry {
	int d_count;			/* the tree's reference while hashed, files' */
	char *d_name;
	struct inode *d_inode;
	struct dentry *d_parent;
	bool d_unhashed;
	struct list_head d_child;
	struct list_head d_subdirs;
	struct list_head d_all;		/* on the machine's list of dentries */
};

/*
 * struct file_ra_state - per-file read-ahead state (include/linux/fs.h),
 * sized as mm/readahead.c sizes it.
 * @start, @size, @async_size: the current window; the page at
 *	start + size - async_size carries PG_readahead
 * @ra_pages: the maximum window (read_ahead_kb 128: 32 pages)
 * @mmap_miss: page-cache misses of mmap faults (read-around stops past
 *	MMAP_LOTSAMISS)
 * @prev_pos: where the last read() ended
 */
struct file_ra_state {
	pgoff_t start;
	unsigned int size;
	unsigned int async_size;
	unsigned int ra_pages;
	unsigned int mmap_miss;
	long long prev_pos;
};

/*
 * struct file - an open file (include/linux/fs.h).
 * @f_count: references: fd table slots, VMAs, the kernel's users
 * @f_dentry: the name it was opened by (f_path.dentry); for a shmem
 *	object an unhashed dentry such as "dev/zero", so that maps shows
 *	"/dev/zero (deleted)"
 * @f_flags: the O_* flags given to open
 * @f_mode: FMODE_READ / FMODE_WRITE / ...
 * @f_pos: the file position read and write move
 */
struct file {
	int f_count;
	struct inode *f_inode;
	struct address_space *f_mapping;
	struct dentry *f_dentry;
	unsigned int f_flags;
	unsigned int f_mode;
	long long f_pos;
	struct file_ra_state f_ra;
};

/*
 * struct files_struct - a task's fd table (include/linux/fdtable.h).
 * @count: tasks sharing it (clone with files); fork copies it
 * @fd: @max_fds slots, NULL where no file is open
 */
struct files_struct {
	int count;
	unsigned int max_fds;
	unsigned int next_fd;		/* lowest fd that may be free */
	struct file **fd;
};

/*
 * struct address_space_operations - how a mapping's pages are filled and
 * written (include/linux/fs.h).
 * @read_folio: fill @page (locked, not uptodate) with the file's bytes at
 *	page->index; 0 or -errno
 * @writepage: write @page's bytes to the backing store (the overlay),
 *	0 or -errno
 */
struct address_space_operations {
	int (*read_folio)(struct file *file, struct page *page);
	int (*writepage)(struct page *page);
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

/* The device and inode number maps and ls -li show (inode->i_sb->s_dev). */
static inline unsigned int inode_dev(const struct inode *inode)
{
	return inode->i_dev;
}
static inline unsigned long inode_ino(const struct inode *inode)
{
	return inode->i_ino;
}

static inline long long i_size_read(const struct inode *inode)
{
	return inode->i_size;
}

/* ---- the machine's file tree (vm/namei.c, vm/inode.c) ---- */

/**
 * vfs_init() - give @m its file tree: @root is the host directory that is
 * the machine's "/" (mmsimfs --root; NULL means "/").
 * Return: 0, -ENOENT / -ENOTDIR when @root is no host directory, or
 * -ENOMEM. Called once at boot, before any task runs.
 */
int vfs_init(struct machine *m, const char *root);
/** vfs_exit() - free the tree, the overlay and every inode (machine_destroy). */
void vfs_exit(struct machine *m);

/* Lookup flags (include/linux/namei.h). */
#define LOOKUP_FOLLOW		0x0001	/* follow a final symlink */
#define LOOKUP_DIRECTORY	0x0002	/* the last component must be a directory */
#define LOOKUP_PARENT		0x0010	/* stop at the parent of the last name */

/**
 * kern_path() - resolve @path in the machine's tree (fs/namei.c).
 * @m: machine
 * @path: absolute or relative (from "/": tasks have no cwd); "." and ".."
 *	and symlinks resolve through the simulated tree, never past its root
 * @flags: LOOKUP_FOLLOW, LOOKUP_DIRECTORY
 * @dentry: set to the dentry found (positive)
 * Return: 0; -ENOENT (a component or the file is missing, or a symlink
 * dangles), -ENOTDIR, -ELOOP (more than 40 symlinks), -ENAMETOOLONG,
 * -ENOMEM. The reason is recorded with vm_err(). Read lock does not
 * suffice: a lookup may add dentries (write lock).
 */
int kern_path(struct machine *m, const char *path, unsigned int flags,
	      struct dentry **dentry);

/**
 * d_path() - the path of @dentry as the machine sees it (relative to its
 * root), with " (deleted)" for an unlinked name, into @buf.
 * Return: @buf (truncated to @size - 1 bytes if need be). Read lock
 * suffices.
 */
char *d_path(const struct dentry *dentry, char *buf, size_t size);
/** file_path() - d_path() of the file's name. Read lock suffices. */
char *file_path(const struct file *file, char *buf, size_t size);

/**
 * do_unlinkat() - unlink(2): the name goes (a whiteout hides a host
 * file); open files and mappings keep the inode, and its name in maps
 * gains " (deleted)". Return: 0, -ENOENT, -EISDIR, -ENOTDIR.
 */
int do_unlinkat(struct machine *m, const char *path);

/* ---- struct file (vm/open.c, vm/file.c) ---- */

/**
 * filp_open() - open @path as open(2) would (do_filp_open()).
 * @m: machine
 * @path: see kern_path()
 * @flags: O_RDONLY / O_WRONLY / O_RDWR with O_CREAT, O_EXCL, O_TRUNC,
 *	O_APPEND, O_DIRECTORY, O_NOFOLLOW (from <fcntl.h>)
 * @mode: permission bits of a file O_CREAT makes
 * @filp: set to the new file (f_count 1) on success
 * Return: 0, or -ENOENT, -EEXIST (O_CREAT|O_EXCL), -EISDIR (a directory
 * opened for writing), -ENOTDIR, -ELOOP, -EINVAL (bad access mode),
 * -ENOMEM; the reason is recorded with vm_err().
 */
int filp_open(struct machine *m, const char *path, int flags,
	      unsigned int mode, struct file **filp);
/** get_file() - take a reference to @file (fork, VMA split). Return: @file. */
struct file *get_file(struct file *file);
/**
 * fput() - drop a reference to @file (may be NULL); the last one
 * releases the inode, whose page cache goes once nothing holds it.
 */
void fput(struct machine *m, struct file *file);

/**
 * kernel_read() - read up to @count bytes at *@pos through the page cache
 * (filemap_read(), with read-ahead as mm/readahead.c sizes it), and
 * advance *@pos. FMODE_READ is not checked: this is the kernel's own
 * read (exec reads the files it opened for exec).
 * Return: bytes read (0 at end of file), or -errno (-EISDIR, -ENOMEM).
 */
ssize_t kernel_read(struct file *file, void *buf, size_t count,
		    long long *pos);
/**
 * kernel_write() - write @count bytes at *@pos into the page cache
 * (generic_perform_write(): the pages become dirty; the file grows) and
 * advance *@pos. Return: bytes written, or -errno (-EFBIG, -ENOMEM).
 */
ssize_t kernel_write(struct file *file, const void *buf, size_t count,
		     long long *pos);
/**
 * do_truncate() - set the file's size to @length (truncate_setsize() and
 * truncate_pagecache()): pages beyond it are unmapped from every mapping
 * (unmap_mapping_range(), private COW copies spared) and dropped, the
 * partial last page is zeroed past @length.
 * Return: 0, -EINVAL (negative), -EFBIG, -EISDIR.
 */
int do_truncate(struct file *file, long long length);
/**
 * generic_fadvise() - posix_fadvise(2) (mm/fadvise.c): POSIX_FADV_WILLNEED
 * reads ahead (force_page_cache_ra()), POSIX_FADV_DONTNEED writes back
 * and drops the clean, unmapped pages of the range; NORMAL, RANDOM and
 * SEQUENTIAL set the read-ahead mode. Return: 0 or -EINVAL.
 */
int generic_fadvise(struct file *file, long long offset, long long len,
		    int advice);
/**
 * vfs_fsync_range() - write back the dirty pages of [@start, @end] and
 * wait (filemap_write_and_wait_range()): each is cleaned in every PTE
 * mapping it (folio_mkclean()), passes through writeback, and its bytes
 * go to the overlay. Return: 0 or -ENOMEM.
 */
int vfs_fsync_range(struct file *file, long long start, long long end);

/* ---- the fd table: the system calls (vm/file.c, vm/read_write.c) ---- */

/** alloc_files() - an empty fd table for a new task (spawn). NULL: no memory. */
struct files_struct *alloc_files(struct machine *m);
/**
 * dup_fd() - fork's copy of @oldf (copy_files() without CLONE_FILES):
 * the same files, each with one more reference. NULL: no memory.
 */
struct files_struct *dup_fd(struct machine *m, struct files_struct *oldf);
/** exit_files() - drop @tsk's fd table, closing every file it holds last. */
void exit_files(struct task_struct *tsk);
/**
 * fget() - the file open at @fd in @tsk's table, with a reference the
 * caller drops with fput(). Return: the file, or NULL (EBADF).
 * Read lock suffices for the lookup; the reference needs the write lock.
 */
struct file *fget(struct task_struct *tsk, unsigned int fd);
/** files_lookup_fd() - the file at @fd without a reference, or NULL. Read lock suffices. */
struct file *files_lookup_fd(struct files_struct *files, unsigned int fd);

/**
 * do_sys_open() - open(2) for @tsk: filp_open() and the lowest free fd.
 * Return: the fd, or -errno (filp_open()'s, and -EMFILE).
 */
int do_sys_open(struct task_struct *tsk, const char *path, int flags,
		unsigned int mode);
/** close_fd() - close(2). Return: 0 or -EBADF. */
int close_fd(struct task_struct *tsk, unsigned int fd);
/**
 * ksys_read() - read(2) at the file position; ksys_pread64() at @pos,
 * leaving it. Return: bytes read, or -EBADF (no such fd, or not open for
 * reading), -EISDIR, -EINVAL (negative @pos).
 */
ssize_t ksys_read(struct task_struct *tsk, unsigned int fd, void *buf,
		  size_t count);
ssize_t ksys_pread64(struct task_struct *tsk, unsigned int fd, void *buf,
		     size_t count, long long pos);
/**
 * ksys_write() - write(2) at the file position (the end with O_APPEND);
 * ksys_pwrite64() at @pos (Linux ignores @pos with O_APPEND too).
 * Return: bytes written, or -EBADF (not open for writing), -EFBIG, -EINVAL.
 */
ssize_t ksys_write(struct task_struct *tsk, unsigned int fd,
		   const void *buf, size_t count);
ssize_t ksys_pwrite64(struct task_struct *tsk, unsigned int fd,
		      const void *buf, size_t count, long long pos);
/**
 * do_ftruncate() - ftruncate(2) of @file: needs FMODE_WRITE (-EINVAL, as
 * Linux answers for a file not open for writing), a regular file, a
 * length >= 0. ksys_ftruncate() is the same by fd (-EBADF).
 */
int do_ftruncate(struct file *file, long long length);
int ksys_ftruncate(struct task_struct *tsk, unsigned int fd,
		   long long length);
/** ksys_fadvise64_64() - posix_fadvise(2) by fd: -EBADF, -ESPIPE, generic_fadvise(). */
int ksys_fadvise64_64(struct task_struct *tsk, unsigned int fd,
		      long long offset, long long len, int advice);

/* ---- memory-map system calls over files (vm/mmap.c, vm/msync.c, vm/mincore.c) ---- */

/**
 * vm_mmap() - mmap(2) of @file (NULL: anonymous memory) for @tsk
 * (mm/util.c's vm_mmap_pgoff() and do_mmap()).
 * @offset: in bytes; must be page-aligned (-EINVAL)
 * @flags: MAP_* from <sys/mman.h>; MAP_ANONYMOUS ignores @file
 *
 * A file mapping needs a regular file opened for reading (-EACCES), and
 * for MAP_SHARED with PROT_WRITE one opened for writing, not O_APPEND
 * (-EACCES); a MAP_SHARED mapping of a read-only file has no VM_MAYWRITE.
 * The VMA takes its own reference to @file and joins the inode's i_mmap.
 *
 * Return: the address, or -errno cast to unsigned long (as sys_mmap()).
 */
unsigned long vm_mmap(struct task_struct *tsk, struct file *file,
		      unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags,
		      unsigned long offset);
/**
 * sys_msync() - msync(2): MS_SYNC writes the dirty pages of the shared
 * file mappings in the range back (vfs_fsync_range()); MS_ASYNC does
 * nothing more (Linux since 2.6.19); MS_INVALIDATE is accepted.
 * Return: 0, -EINVAL (bad flags, unaligned start), -ENOMEM (a hole in
 * the range: the mapped parts are synced first, as on Linux), -EBUSY
 * (MS_INVALIDATE over a locked VMA).
 */
int sys_msync(struct task_struct *tsk, unsigned long start, size_t len,
	      int flags);
/**
 * sys_mincore() - mincore(2): one byte a page of [@start, @start + @len),
 * 1 where the page is resident (mapped, or in the page cache of the
 * file a file VMA maps). Return: 0, -EINVAL, -ENOMEM (a hole).
 * Read lock suffices.
 */
int sys_mincore(struct task_struct *tsk, unsigned long start, size_t len,
		unsigned char *vec);

/**
 * drop_caches_sysctl_handler() - a write of @val to
 * /proc/sys/vm/drop_caches: 1 drops every clean, unmapped page-cache page
 * (drop_pagecache_sb()), 2 frees what slab caches can (drop_slab()),
 * 3 both; counted in vmstat's drop_pagecache / drop_slab.
 * Return: 0 or -EINVAL.
 */
int drop_caches_sysctl_handler(struct machine *m, int val);

/* ---- shmem objects (vm/shmem.c) ---- */

/**
 * shmem_file_setup() - a new unlinked shmem file of @size bytes, named
 * @name on the internal tmpfs (device 00:01, get_next_ino() numbers):
 * maps shows "/NAME (deleted)". @flags: VM_NORESERVE or 0 (then the
 * whole object is committed up front, shmem_acct_size()).
 * Return: 0 with *@filp set, or -ENOMEM.
 */
int shmem_file_setup(struct machine *m, const char *name, long long size,
		     unsigned long flags, struct file **filp);
/** shmem_mapping() - is @mapping a shmem object's? Read lock suffices. */
bool shmem_mapping(const struct address_space *mapping);

#endif
