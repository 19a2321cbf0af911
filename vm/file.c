/*
 * file.c - struct file and the per-task fd table (fs/file_table.c,
 * fs/file.c, fs/open.c's do_sys_open and close): open files are counted
 * references to an inode and the name it was opened by; a task's
 * files_struct maps fds to them, is copied by fork (dup_fd), and is
 * closed at exit (exit_files).
 *
 * Locking: machine lock held for writing, unless a comment says reading
 * suffices.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "pagemap.h"

/**
 * alloc_file() - a new struct file (f_count 1) for @inode, opened by
 * @dentry (NULL for a shmem object), with the open(2) @flags.
 * It takes its own references to both. Return: the file, or NULL.
 */
struct file *alloc_file(struct machine *m, struct dentry *dentry,
			struct inode *inode, unsigned int flags)
{
	struct file *file = host_zalloc(m, sizeof(*file));
	unsigned int acc = flags & O_ACCMODE;

	if (!file)
		return NULL;
	file->f_count = 1;
	file->f_inode = igrab(inode);
	file->f_mapping = inode->i_mapping;
	file->f_dentry = dentry ? dget(dentry) : NULL;
	file->f_flags = flags;
	file->f_mode = FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE |
		       (acc == O_RDONLY || acc == O_RDWR ? FMODE_READ : 0) |
		       (acc == O_WRONLY || acc == O_RDWR ? FMODE_WRITE : 0);
	file_ra_state_init(&file->f_ra, inode);
	return file;
}

struct file *get_file(struct file *file)
{
	file->f_count++;
	return file;
}

/**
 * fput() - drop a reference to @file; the last releases its dentry and
 * inode (an unlinked inode, or a shmem object, then goes with its cache).
 * @m: the machine (unused: the inode knows it; kept for the callers)
 * @file: the file, or NULL
 */
void fput(struct machine *m, struct file *file)
{
	(void)m;
	if (!file || --file->f_count > 0)
		return;
	dput(file->f_dentry);
	iput(file->f_inode);
	free(file);
}

/**
 * file_path() - the name maps and PID/fd show for @file: its path, with
 * " (deleted)" once unlinked; "/NAME (deleted)" for a shmem object.
 * Read lock suffices.
 */
char *file_path(const struct file *file, char *buf, size_t size)
{
	if (file->f_dentry)
		return d_path(file->f_dentry, buf, size);
	snprintf(buf, size, "/%s (deleted)", shmem_name(file->f_inode));
	return buf;
}

/* ---- the fd table ---- */

struct files_struct *alloc_files(struct machine *m)
{
	struct files_struct *files =
		kmem_cache_alloc(kmem_cache_of(m, KMEM_FILES));

	if (files)
		files->count = 1;
	return files;
}

/*
 * expand_files - make room for fd @nr (doubling, from 64 slots).
 * Return: 0, -EMFILE past RLIMIT_NOFILE, -ENOMEM.
 */
static int expand_files(struct machine *m, struct files_struct *files,
			unsigned int nr)
{
	unsigned int size = files->max_fds ? files->max_fds : 64;
	struct file **fd;

	if (nr < files->max_fds)
		return 0;
	if (nr >= NR_OPEN_DEFAULT) {
		vm_err(m, "too many open files (RLIMIT_NOFILE %d)",
		       NR_OPEN_DEFAULT);
		return -EMFILE;
	}
	while (size <= nr)
		size *= 2;
	fd = realloc(files->fd, size * sizeof(*fd));
	if (!fd) {
		zone_host_nomem(&m->zone);
		vm_err(m, "host out of memory");
		return -ENOMEM;
	}
	memset(fd + files->max_fds, 0, (size - files->max_fds) * sizeof(*fd));
	files->fd = fd;
	files->max_fds = size;
	return 0;
}

/**
 * dup_fd() - fork's copy of @oldf: every open file shared, one more
 * reference each (the file position is shared, as on Linux).
 * Return: the copy, or NULL (host memory).
 */
struct files_struct *dup_fd(struct machine *m, struct files_struct *oldf)
{
	struct files_struct *newf = alloc_files(m);

	if (!newf)
		return NULL;
	if (oldf->max_fds) {
		newf->fd = calloc(oldf->max_fds, sizeof(*newf->fd));
		if (!newf->fd) {
			kmem_cache_free(kmem_cache_of(m, KMEM_FILES), newf);
			zone_host_nomem(&m->zone);
			vm_err(m, "host out of memory");
			return NULL;
		}
		newf->max_fds = oldf->max_fds;
	}
	for (unsigned int i = 0; i < oldf->max_fds; i++)
		if (oldf->fd[i])
			newf->fd[i] = get_file(oldf->fd[i]);
	newf->next_fd = oldf->next_fd;
	return newf;
}

/**
 * exit_files() - @tsk lets go of its fd table; the last user closes
 * every file in it (put_files_struct() -> close_files()).
 */
void exit_files(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files;

	if (!files)
		return;
	tsk->files = NULL;
	if (--files->count > 0)
		return;
	for (unsigned int i = 0; i < files->max_fds; i++)
		if (files->fd[i])
			fput(tsk->machine, files->fd[i]);
	free(files->fd);
	kmem_cache_free(kmem_cache_of(tsk->machine, KMEM_FILES), files);
}

struct file *files_lookup_fd(struct files_struct *files, unsigned int fd)
{
	if (!files || fd >= files->max_fds)
		return NULL;
	return files->fd[fd];
}

struct file *fget(struct task_struct *tsk, unsigned int fd)
{
	struct file *file = files_lookup_fd(tsk->files, fd);

	return file ? get_file(file) : NULL;
}

/* alloc_fd - the lowest free fd of @tsk (made room for). */
static int alloc_fd(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files;
	unsigned int fd = files->next_fd;
	int err;

	while (fd < files->max_fds && files->fd[fd])
		fd++;
	err = expand_files(tsk->machine, files, fd);
	if (err)
		return err;
	return (int)fd;
}

/**
 * do_sys_open() - open(2) for @tsk: see fs.h. Return: the fd or -errno.
 */
int do_sys_open(struct task_struct *tsk, const char *path, int flags,
		unsigned int mode)
{
	struct machine *m = tsk->machine;
	struct file *file;
	int fd, err;

	if (!tsk->files) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	/* The fd first: a failed open must leave no file behind. */
	fd = alloc_fd(tsk);
	if (fd < 0)
		return fd;
	err = filp_open(m, path, flags, mode, &file);
	if (err)
		return err;
	tsk->files->fd[fd] = file;
	tsk->files->next_fd = (unsigned int)fd + 1;
	return fd;
}

/**
 * close_fd() - close(2): the fd is free again, the file loses the
 * table's reference. Return: 0 or -EBADF.
 */
int close_fd(struct task_struct *tsk, unsigned int fd)
{
	struct files_struct *files = tsk->files;
	struct file *file = files_lookup_fd(files, fd);

	if (!file) {
		vm_err(tsk->machine, "fd %u is not open", fd);
		return -EBADF;
	}
	files->fd[fd] = NULL;
	if (fd < files->next_fd)
		files->next_fd = fd;
	fput(tsk->machine, file);
	return 0;
}
