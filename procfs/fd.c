/*
 * fd.c - MOUNTPOINT/PID/fd/ (fs/proc/fd.c): one symbolic link per open fd
 * of the process, named by the fd's number and pointing at the file's
 * path in the machine's tree (d_path(), " (deleted)" once unlinked). The
 * link's permission bits say how the fd is open, as tid_fd_update_inode()
 * sets them: r-x for reading, -wx for writing, rwx for both.
 *
 * These links are plain symlinks here, not the kernel's magic ones: the
 * target is a path of the simulated tree, so opening PID/fd/N through
 * the mount resolves it in the host's namespace instead (readlink and ls
 * -l show what Linux shows).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "internal.h"

/**
 * proc_fd_next() - the lowest fd of @tsk at or above @from that is open.
 * Return: it, or -1. Caller holds machine->lock (reading suffices).
 */
int proc_fd_next(struct task_struct *tsk, int from)
{
	struct files_struct *files = tsk ? tsk->files : NULL;

	if (!files || from < 0)
		return -1;
	for (unsigned int fd = (unsigned int)from; fd < files->max_fds; fd++)
		if (files->fd[fd])
			return (int)fd;
	return -1;
}

/**
 * proc_fd_mode() - the permission bits of link PID/fd/@fd: S_IRUSR |
 * S_IXUSR when open for reading, S_IWUSR | S_IXUSR when for writing.
 * Caller holds machine->lock. Return: the bits, or -ENOENT.
 */
int proc_fd_mode(struct task_struct *tsk, unsigned int fd)
{
	struct file *file = tsk ? files_lookup_fd(tsk->files, fd) : NULL;
	int mode = 0;

	if (!file)
		return -ENOENT;
	if (file->f_mode & FMODE_READ)
		mode |= S_IRUSR | S_IXUSR;
	if (file->f_mode & FMODE_WRITE)
		mode |= S_IWUSR | S_IXUSR;
	return mode;
}

/**
 * proc_fd_readlink() - the target of MOUNTPOINT/@pid/fd/@fd into @buf.
 * Takes the machine lock for reading. Return: 0, or -ENOENT when the
 * process or the fd is gone.
 */
int proc_fd_readlink(struct machine *m, pid_t pid, unsigned int fd, char *buf,
		     size_t size)
{
	struct task_struct *tsk;
	struct file *file;
	int ret = -ENOENT;

	machine_lock_read(m);
	tsk = find_task_by_pid_any(m, pid);
	file = tsk ? files_lookup_fd(tsk->files, fd) : NULL;
	if (file) {
		file_path(file, buf, size);
		ret = 0;
	}
	machine_unlock(m);
	return ret;
}
