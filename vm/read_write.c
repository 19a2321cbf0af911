/*
 * read_write.c - read(2), pread64(2), write(2), pwrite64(2) and their
 * in-kernel forms kernel_read()/kernel_write() (fs/read_write.c): checks
 * of the fd and its mode here, the work in the page cache (filemap.c).
 *
 * Locking: machine lock held for writing.
 */
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include "pagemap.h"

/* MAX_RW_COUNT: one call moves at most INT_MAX bytes, page-rounded down. */
#define MAX_RW_COUNT	(INT_MAX & PAGE_MASK)

ssize_t kernel_read(struct file *file, void *buf, size_t count,
		    long long *pos)
{
	struct inode *inode = file_inode(file);

	if (S_ISDIR(inode->i_mode)) {
		vm_err(inode->i_machine, "is a directory");
		return -EISDIR;
	}
	if (*pos < 0) {
		vm_err(inode->i_machine, "negative offset");
		return -EINVAL;
	}
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	return filemap_read(file, buf, count, pos);
}

ssize_t kernel_write(struct file *file, const void *buf, size_t count,
		     long long *pos)
{
	struct inode *inode = file_inode(file);

	if (*pos < 0) {
		vm_err(inode->i_machine, "negative offset");
		return -EINVAL;
	}
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	/* O_APPEND writes at the end, whatever the position (generic_write_checks()). */
	if (file->f_flags & O_APPEND)
		*pos = inode->i_size;
	return generic_perform_write(file, buf, count, pos);
}

/* The file at @fd open with @mode (FMODE_READ or FMODE_WRITE), or NULL. */
static struct file *fd_file_mode(struct task_struct *tsk, unsigned int fd,
				 unsigned int mode)
{
	struct file *file = files_lookup_fd(tsk->files, fd);

	if (!file) {
		vm_err(tsk->machine, "fd %u is not open", fd);
		return NULL;
	}
	if (!(file->f_mode & mode)) {
		vm_err(tsk->machine, "fd %u is not open for %s", fd,
		       mode == FMODE_READ ? "reading" : "writing");
		return NULL;
	}
	return file;
}

ssize_t ksys_read(struct task_struct *tsk, unsigned int fd, void *buf,
		  size_t count)
{
	struct file *file = fd_file_mode(tsk, fd, FMODE_READ);

	if (!file)
		return -EBADF;
	return kernel_read(file, buf, count, &file->f_pos);
}

ssize_t ksys_pread64(struct task_struct *tsk, unsigned int fd, void *buf,
		     size_t count, long long pos)
{
	struct file *file = fd_file_mode(tsk, fd, FMODE_READ);

	if (!file)
		return -EBADF;
	return kernel_read(file, buf, count, &pos);
}

ssize_t ksys_write(struct task_struct *tsk, unsigned int fd,
		   const void *buf, size_t count)
{
	struct file *file = fd_file_mode(tsk, fd, FMODE_WRITE);

	if (!file)
		return -EBADF;
	return kernel_write(file, buf, count, &file->f_pos);
}

ssize_t ksys_pwrite64(struct task_struct *tsk, unsigned int fd,
		      const void *buf, size_t count, long long pos)
{
	struct file *file = fd_file_mode(tsk, fd, FMODE_WRITE);

	if (!file)
		return -EBADF;
	return kernel_write(file, buf, count, &pos);
}
