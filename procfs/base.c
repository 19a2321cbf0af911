/*
 * base.c - the small per-process files of fs/proc/base.c: cmdline, comm,
 * environ, exe, io, limits and mem, and the self and thread-self links.
 * mem reads and writes the simulated process's bytes at virtual
 * offsets with ptrace's force semantics (access_remote_vm with FOLL_FORCE),
 * so it can fault pages in and break COW: every access takes the machine
 * lock for writing.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "../vm/pagewalk.h"
#include "../vm/pgtable.h"
#include "../vm/swap.h"

/* What environ_pte() copies: [addr, end) of the process into @s. */
struct environ_walk {
	struct seq_buf *s;
	unsigned long addr, end;
};

static int environ_pte(pte_t *pte, unsigned long addr, unsigned long next,
		       struct mm_walk *walk);
static int environ_hole(unsigned long addr, unsigned long next, int depth,
			struct mm_walk *walk);

/**
 * proc_pid_cmdline_show() - /proc/PID/cmdline: the bytes between the mm's
 * arg_start and arg_end, the argv strings execve put on the stack
 * (get_mm_cmdline(), read as environ reads its strings). A process that
 * never ran a program has no such area: its argv is its comm,
 * NUL-terminated. A zombie has no mm and an empty cmdline. Read lock
 * held.
 */
int proc_pid_cmdline_show(struct machine *m, struct task_struct *tsk,
			  struct seq_buf *s)
{
	static const struct mm_walk_ops ops = {
		.pte_entry = environ_pte,
		.pte_hole = environ_hole,
	};
	struct mm_struct *mm;

	(void)m;
	if (!tsk)
		return -ENOENT;
	mm = tsk->mm;
	if (!mm)
		return s->err;
	if (mm->arg_end > mm->arg_start && mm->arg_end <= TASK_SIZE) {
		struct environ_walk w = { .s = s, .addr = mm->arg_start,
					  .end = mm->arg_end };

		walk_page_range(mm, w.addr & PAGE_MASK,
				(w.end + PAGE_SIZE - 1) & PAGE_MASK, &ops, &w);
		return s->err;
	}
	seq_write(s, tsk->comm, strnlen(tsk->comm, TASK_COMM_LEN));
	seq_putc(s, '\0');
	return s->err;
}

/**
 * proc_exe_link() - /proc/PID/exe: the path of the program the process
 * runs (mm->exe_file, set by execve and kept by fork). A process that
 * never ran one (init, a spawned process) and a zombie have none:
 * -ENOENT, as for a kernel thread on Linux. Read lock held.
 */
int proc_exe_link(struct machine *m, struct task_struct *tsk, char *buf,
		  size_t size)
{
	(void)m;
	if (!tsk->mm || !tsk->mm->exe_file)
		return -ENOENT;
	file_path(tsk->mm->exe_file, buf, size);
	return 0;
}

/* Copy the part of the page at @addr that lies in [w->addr, w->end). */
static void environ_copy(struct environ_walk *w, unsigned long addr,
			 const char *src)
{
	unsigned long from = addr > w->addr ? addr : w->addr;
	unsigned long to = addr + PAGE_SIZE < w->end ? addr + PAGE_SIZE : w->end;
	static const char zeroes[PAGE_SIZE];

	if (from >= to)
		return;
	seq_write(w->s, (src ? src : zeroes) + (from - addr), to - from);
}

static int environ_pte(pte_t *pte, unsigned long addr, unsigned long next,
		       struct mm_walk *walk)
{
	struct environ_walk *w = walk->private;
	struct page *page = NULL;

	/*
	 * A swapped-out page's bytes come from its slot: Linux would swap
	 * it in (access_remote_vm()); a view changes nothing.
	 */
	if (is_swap_pte(*pte)) {
		environ_copy(w, addr, swap_entry_contents(walk->mm->machine,
							  pte_to_swp_entry(*pte)));
		return 0;
	}
	if (pte_present(*pte))
		page = vm_normal_page(walk->vma, addr, *pte);
	environ_copy(w, addr, page ? page_contents(page) : NULL);
	return 0;
}

/* No table: the bytes a read fault would find, zeroes. No VMA: the end. */
static int environ_hole(unsigned long addr, unsigned long next, int depth,
			struct mm_walk *walk)
{
	struct environ_walk *w = walk->private;

	if (depth < 0)
		return 1;
	for (; addr < next; addr += PAGE_SIZE)
		environ_copy(w, addr, NULL);
	return 0;
}

/**
 * proc_pid_environ_show() - /proc/PID/environ: the bytes between the mm's
 * env_start and env_end (the environment strings exec put on the stack,
 * NUL-separated); empty for a process never exec'd and for a zombie.
 * Linux reads them through access_remote_vm(), faulting pages in and
 * marking them accessed; a view changes nothing here, so it reads the
 * frames the page tables map, and a page not present reads as the
 * zeroes a fault of anonymous memory would map. It stops at the first
 * address no VMA covers, as the kernel's read does. Read lock held.
 */
int proc_pid_environ_show(struct machine *m, struct task_struct *tsk,
			  struct seq_buf *s)
{
	static const struct mm_walk_ops ops = {
		.pte_entry = environ_pte,
		.pte_hole = environ_hole,
	};
	struct mm_struct *mm;
	struct environ_walk w = { .s = s };

	(void)m;
	if (!tsk)
		return -ENOENT;
	mm = tsk->mm;
	if (!mm || mm->env_end <= mm->env_start || mm->env_end > TASK_SIZE)
		return s->err;
	w.addr = mm->env_start;
	w.end = mm->env_end;
	walk_page_range(mm, w.addr & PAGE_MASK,
			(w.end + PAGE_SIZE - 1) & PAGE_MASK, &ops, &w);
	return s->err;
}

/**
 * proc_tgid_io_show() - /proc/PID/io, do_io_accounting()'s seven lines.
 * The simulated tasks make no read or write system calls and no block
 * I/O, so every count is 0. Read lock held.
 */
int proc_tgid_io_show(struct machine *m, struct task_struct *tsk,
		      struct seq_buf *s)
{
	(void)m;
	if (!tsk)
		return -ENOENT;
	seq_printf(s, "rchar: %llu\nwchar: %llu\nsyscr: %llu\nsyscw: %llu\n"
		   "read_bytes: %llu\nwrite_bytes: %llu\n"
		   "cancelled_write_bytes: %llu\n", 0ULL, 0ULL, 0ULL, 0ULL,
		   0ULL, 0ULL, 0ULL);
	return s->err;
}

/* RLIM_INFINITY, and the limits of init that every task inherits. */
#define RLIM_INFINITY	(~0UL)
#define _STK_LIM	(8UL << 20)		/* RLIMIT_STACK soft */
#define MLOCK_LIMIT	(8UL << 20)		/* RLIMIT_MEMLOCK */
#define INR_OPEN_CUR	1024UL			/* RLIMIT_NOFILE soft */
#define INR_OPEN_MAX	4096UL			/* RLIMIT_NOFILE hard */
#define MQ_BYTES_MAX	819200UL		/* RLIMIT_MSGQUEUE */

/**
 * proc_pid_limits_show() - /proc/PID/limits: the header, then each
 * rlimit's soft and hard values and unit, laid out as proc_pid_limits()
 * does. The values are INIT_RLIMITS, which every simulated task inherits
 * from init unchanged (nothing sets an rlimit): RLIMIT_NPROC and
 * RLIMIT_SIGPENDING are half of max_threads, as fork_init() sets them.
 * Read lock held.
 */
int proc_pid_limits_show(struct machine *m, struct task_struct *tsk,
			 struct seq_buf *s)
{
	unsigned long threads = task_rlimit_sigpending(m);
	const struct {
		const char *name, *unit;
		unsigned long cur, max;
	} lim[] = {
		{ "Max cpu time", "seconds", RLIM_INFINITY, RLIM_INFINITY },
		{ "Max file size", "bytes", RLIM_INFINITY, RLIM_INFINITY },
		{ "Max data size", "bytes", RLIM_INFINITY, RLIM_INFINITY },
		{ "Max stack size", "bytes", _STK_LIM, RLIM_INFINITY },
		{ "Max core file size", "bytes", 0, RLIM_INFINITY },
		{ "Max resident set", "bytes", RLIM_INFINITY, RLIM_INFINITY },
		{ "Max processes", "processes", threads, threads },
		{ "Max open files", "files", INR_OPEN_CUR, INR_OPEN_MAX },
		{ "Max locked memory", "bytes", MLOCK_LIMIT, MLOCK_LIMIT },
		{ "Max address space", "bytes", RLIM_INFINITY, RLIM_INFINITY },
		{ "Max file locks", "locks", RLIM_INFINITY, RLIM_INFINITY },
		{ "Max pending signals", "signals", threads, threads },
		{ "Max msgqueue size", "bytes", MQ_BYTES_MAX, MQ_BYTES_MAX },
		{ "Max nice priority", NULL, 0, 0 },
		{ "Max realtime priority", NULL, 0, 0 },
		{ "Max realtime timeout", "us", RLIM_INFINITY, RLIM_INFINITY },
	};
	size_t i;

	if (!tsk)
		return -ENOENT;
	seq_puts(s, "Limit                     Soft Limit           "
		 "Hard Limit           Units     \n");
	for (i = 0; i < sizeof(lim) / sizeof(lim[0]); i++) {
		if (lim[i].cur == RLIM_INFINITY)
			seq_printf(s, "%-25s %-20s ", lim[i].name, "unlimited");
		else
			seq_printf(s, "%-25s %-20lu ", lim[i].name, lim[i].cur);
		if (lim[i].max == RLIM_INFINITY)
			seq_printf(s, "%-20s ", "unlimited");
		else
			seq_printf(s, "%-20lu ", lim[i].max);
		if (lim[i].unit)
			seq_printf(s, "%-10s\n", lim[i].unit);
		else
			seq_putc(s, '\n');
	}
	return s->err;
}

/*
 * self_task - the process /proc/self names: the one a global `attach PID`
 * chose (machine->self_pid) while it still has a directory, else PID 1.
 * Linux's self is the reader; a reader on the host is no simulated
 * process, so mmsim lets the user say which one "self" is.
 */
static struct task_struct *self_task(struct machine *m)
{
	struct task_struct *t = NULL;

	if (m->self_pid)
		t = find_task_by_pid_any(m, m->self_pid);
	return t ? t : m->init_task;
}

/** proc_self_pid() - see procfs.h. */
pid_t proc_self_pid(struct machine *m)
{
	pid_t pid;

	machine_lock_read(m);
	pid = self_task(m)->pid;
	machine_unlock(m);
	return pid;
}

/**
 * proc_self_readlink() - /proc/self: "PID" of self_task(), relative to
 * the mount as proc_self_get_link() makes it. Read lock held.
 */
int proc_self_readlink(struct machine *m, struct task_struct *tsk,
		       char *buf, size_t size)
{
	(void)tsk;
	if ((size_t)snprintf(buf, size, "%d", (int)self_task(m)->pid) >= size)
		return -ENAMETOOLONG;
	return 0;
}

/**
 * proc_thread_self_readlink() - /proc/thread-self: "PID/task/TID" of the
 * same task (proc_thread_self_get_link()). Read lock held.
 */
int proc_thread_self_readlink(struct machine *m, struct task_struct *tsk,
			      char *buf, size_t size)
{
	pid_t pid = self_task(m)->pid;

	(void)tsk;
	if ((size_t)snprintf(buf, size, "%d/task/%d", (int)pid, (int)pid) >=
	    size)
		return -ENAMETOOLONG;
	return 0;
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
		if (addr >= tsk->mm->task_size)
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
	struct task_struct *tsk;
	ssize_t ret;

	machine_lock_write(m);
	/* As before a ctl command: no host allocation has failed yet, and
	 * the trace's clock goes on to the next millisecond. */
	m->zone.host_nomem = false;
	trace_clock_command(&m->trace);
	/* The reader is outside the machine: the access runs in the
	 * process's context (schedule_outside()). */
	tsk = find_task_by_pid(m, pid);
	schedule_outside(m, tsk);
	ret = proc_mem_access(m, pid, buf, count, (unsigned long)off, write);
	schedule_outside_done(m);
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
