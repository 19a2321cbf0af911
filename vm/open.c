/*
 * open.c - truncation by file and by fd (fs/open.c's do_truncate and
 * do_ftruncate, mm/truncate.c's truncate_setsize()): the new size, the
 * page cache and every mapping beyond it, and the overlay's copy.
 *
 * Locking: machine lock held for writing.
 */
#include <errno.h>
#include <sys/stat.h>
#include "pagemap.h"

/**
 * do_truncate() - set @file's size to @length (see fs.h).
 */
int do_truncate(struct file *file, long long length)
{
	struct inode *inode = file_inode(file);
	struct machine *m = inode->i_machine;
	long long oldsize = inode->i_size;

	if (length < 0) {
		vm_err(m, "negative length");
		return -EINVAL;
	}
	if (S_ISDIR(inode->i_mode)) {
		vm_err(m, "is a directory");
		return -EISDIR;
	}
	inode->i_size = length;
	if (length < oldsize) {
		truncate_pagecache(inode, length);
		inode_truncate_store(inode, length);
	}
	return 0;
}

int do_ftruncate(struct file *file, long long length)
{
	struct inode *inode = file_inode(file);
	struct machine *m = inode->i_machine;

	if (length < 0) {
		vm_err(m, "negative length");
		return -EINVAL;
	}
	if (!S_ISREG(inode->i_mode) || !(file->f_mode & FMODE_WRITE)) {
		vm_err(m, "not a regular file open for writing");
		return -EINVAL;
	}
	return do_truncate(file, length);
}

int ksys_ftruncate(struct task_struct *tsk, unsigned int fd, long long length)
{
	struct file *file = files_lookup_fd(tsk->files, fd);

	/* ksys_ftruncate() refuses a negative length before it looks at @fd. */
	if (length < 0) {
		vm_err(tsk->machine, "negative length");
		return -EINVAL;
	}
	if (!file) {
		vm_err(tsk->machine, "fd %u is not open", fd);
		return -EBADF;
	}
	return do_ftruncate(file, length);
}
