/*
 * base.c - the small per-process files of fs/proc/base.c: cmdline, comm
 * and mem. mem reads and writes the simulated process's bytes at virtual
 * offsets with ptrace's force semantics (access_remote_vm with FOLL_FORCE),
 * so it can fault pages in and break COW: every access takes the machine
 * lock for writing.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

/**
 * proc_pid_cmdline_show() - /proc/PID/cmdline: a simulated process was
 * never exec'd with arguments, so its argv is its comm, NUL-terminated.
 * A zombie has no mm and an empty cmdline. Read lock held.
 */
int proc_pid_cmdline_show(struct machine *m, struct task_struct *tsk,
			  struct seq_buf *s)
{
	(void)m;
	if (!tsk)
		return -ENOENT;
	if (!tsk->mm)
		return s->err;
	seq_write(s, tsk->comm, strnlen(tsk->comm, TASK_COMM_LEN));
	seq_putc(s, '\0');
	return s->err;
}

/** proc_pid_comm_show() - /proc/PID/comm: the comm and a newline. */
int proc_pid_comm_show(struct machine *m, struct task_struct *tsk,
		       struct seq_buf *s)
{
	(void)m;
	if (!tsk)
		return -ENOENT;
	seq_write(s, tsk->comm, strnlen(tsk->comm, TASK_COMM_LEN));
	seq_putc(s, '\n');
	return s->err;
}

/**
 * comm_write() - writing /proc/PID/comm. The kernel renames only a thread
 * of the writer's own thread group and answers EINVAL to anyone else; the
 * writer here is never the simulated process, so the answer is EINVAL.
 */
ssize_t comm_write(struct machine *m, pid_t pid, const char *buf,
		   size_t size, off_t off)
{
	(void)m;
	(void)pid;
	(void)buf;
	(void)size;
	(void)off;
	return -EINVAL;
}

/**
 * proc_mem_access() - the work of the kernel's mem_rw(): move @count bytes
 * at @addr of @pid's memory page by page through access_remote_vm()
 * (FOLL_FORCE); stop at the first page that cannot be reached. The mem
 * file and the ctl commands mem_read and mem_write both come here.
 * @m: machine, locked for writing by the caller
 * @pid: the process
 * @buf: the bytes to write, or room for the bytes read
 * @count: how many
 * @addr: the first address
 * @write: write (FOLL_WRITE) rather than read
 * Return: bytes moved, -EIO if none could be, 0 once the process exited.
 */
ssize_t proc_mem_access(struct machine *m, pid_t pid, char *buf,
			size_t count, unsigned long addr, bool write)
{
	unsigned int flags = FOLL_FORCE | (write ? FOLL_WRITE : 0);
	struct task_struct *tsk;
	ssize_t copied = 0;

	/*
	 * The file was opened while the process lived (fs/ refuses to open
	 * a zombie's mem, as the kernel does); once it has exited, reads
	 * and writes move nothing, as mmget_not_zero() fails in mem_rw().
	 */
	tsk = find_task_by_pid(m, pid);
	if (!tsk || !tsk->mm)
		return 0;

	while (count > 0) {
		size_t this_len = PAGE_SIZE - (addr & (PAGE_SIZE - 1));
		long done;

		if (this_len > count)
			this_len = count;
		if (addr >= TASK_SIZE)
			done = 0;
		else
			done = access_remote_vm(tsk->mm, addr, buf, this_len,
						flags);
		if (done <= 0) {
			/* The host's memory, not the page, was missing. */
			if (!copied)
				copied = m->zone.host_nomem ? -ENOMEM : -EIO;
			break;
		}
		buf += done;
		addr += (unsigned long)done;
		copied += done;
		count -= (size_t)done;
		/*
		 * The access may have run the OOM killer and killed this very
		 * process, which a parent of PID 1 reaps at once: look it up
		 * again rather than trust @tsk.
		 */
		tsk = find_task_by_pid(m, pid);
		if (!tsk || !tsk->mm)
			break;
		if ((size_t)done < this_len)
			break;
	}
	return copied;
}

/* mem_rw - mem_rw() of the kernel: proc_mem_access() under the lock. */
static ssize_t mem_rw(struct machine *m, pid_t pid, char *buf, size_t count,
		      off_t off, bool write)
{
	ssize_t ret;

	machine_lock_write(m);
	/* As before a ctl command: no host allocation has failed yet. */
	m->zone.host_nomem = false;
	ret = proc_mem_access(m, pid, buf, count, (unsigned long)off, write);
	/* The end of the access, as of a command: host memory housekeeping. */
	zone_release_host_memory(&m->zone);
	machine_unlock(m);
	return ret;
}

/**
 * mem_read() - read /proc/PID/mem at virtual address @off.
 * Takes machine->lock for writing: reading may fault pages in.
 * Return: bytes read (short at an unreachable page), -EIO when the first
 * byte is unreachable, 0 once the process has exited.
 */
ssize_t mem_read(struct machine *m, pid_t pid, char *buf, size_t size,
		 off_t off)
{
	if (!size)
		return 0;
	return mem_rw(m, pid, buf, size, off, false);
}

/**
 * mem_write() - write /proc/PID/mem at virtual address @off, breaking COW
 * and writing through read-only private mappings as ptrace may.
 * Takes machine->lock for writing. Return: as mem_read().
 */
ssize_t mem_write(struct machine *m, pid_t pid, const char *buf, size_t size,
		  off_t off)
{
	if (!size)
		return 0;
	/* access_remote_vm() only reads from the buffer when writing. */
	return mem_rw(m, pid, (char *)buf, size, off, true);
}
