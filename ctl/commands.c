/*
 * commands.c - the command table of the ctl files, in the manner of a
 * system call table: one const descriptor per command (name, scope,
 * parameters, handler), and the dispatcher that parses a line, locks the
 * machine, finds the task, calls the handler and formats the reply or the
 * "error: CMD: REASON (ERRNAME)" line.
 *
 * Handlers run with machine->lock held for writing. They call the
 * engine's system calls and only translate: arguments in, reply out. When
 * the engine fails without saying why (m->errmsg empty), a handler may
 * leave a fallback explanation in call->fallback.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "ctl.h"
#include "internal.h"
#include "../procfs/procfs.h"
#include "../vm/shm.h"
#include "../vm/exec.h"
#include "../vm/tlb.h"
#include "../vm/vmscan.h"

/* load's reply is twice LEN: keep one command's reply a sane size. */
#define LOAD_MAX	(1UL << 20)

#define ARG_PRESENT(c, i)	((c)->args->present[i])
#define ARG(c, i)		((c)->args->v[i])

static void fallback(struct ctl_call *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fallback(struct ctl_call *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->fallback, sizeof(c->fallback), fmt, ap);
	va_end(ap);
}

/*
 * The end of [@addr, @addr + @len) rounded out to pages, as the system
 * calls compute it; false when that wraps around the address space.
 */
static bool range_end(unsigned long addr, unsigned long len,
		      unsigned long *end)
{
	unsigned long aligned = PAGE_ALIGN(len);

	*end = addr + aligned;
	return aligned >= len && *end >= addr;
}

/*
 * range_call() - finish one of the range commands (munmap, mprotect,
 * madvise, mlock, munlock: ADDR and LEN are arguments 0 and 1) whose
 * system call returned @err, explaining a failure the engine left
 * unexplained. The parser has already refused an unaligned ADDR and a
 * LEN of 0.
 *
 * A range reaching past the user address space fails with ENOMEM (the
 * part beyond the mm's task_size is never mapped): it is named as the
 * user gave it, ADDR+LEN, rather than by an end beyond it that the user
 * never wrote. (munmap fails such a range with EINVAL, which the engine
 * explains in those terms.)
 */
static int range_call(struct ctl_call *c, int err)
{
	unsigned long addr = ARG(c, 0).u, len = ARG(c, 1).u, end;

	/* Other errors, and a range that wraps, the engine explains. */
	if (err != -ENOMEM || !range_end(addr, len, &end))
		return err;
	if (end > c->tsk->mm->task_size)
		snprintf(c->reason, sizeof(c->reason),
			 "0x%lx+0x%lx is beyond the user address space (0x%lx)",
			 addr, len, c->tsk->mm->task_size);
	else
		fallback(c, "0x%lx-0x%lx is not fully mapped", addr, end);
	return err;
}

/* ---- programs ---- */

/*
 * execve_call() - execve and exec: argv is PATH followed by the ARGs, the
 * environment is empty (see mmctl(1)). The reply is where the process
 * stands, "rip=0x... rsp=0x...", or "SIGSEGV" when it died past the
 * point of no return, or "exited 127: ..." when the dynamic loader
 * could not load a library.
 */
static int execve_call(struct ctl_call *c, bool rtld)
{
	char *const *extra = ARG_PRESENT(c, 1) ? ARG(c, 1).argv : NULL;
	char *argv[CTL_MAX_TOKENS + 1], *envp[] = { NULL };
	struct exec_result res;
	int n = 0, err;

	argv[n++] = ARG(c, 0).data.bytes;
	while (extra && *extra && n < CTL_MAX_TOKENS)
		argv[n++] = *extra++;
	argv[n] = NULL;
	err = rtld ? exec_program(c->tsk, argv[0], argv, envp, &res) :
		     do_execve(c->tsk, argv[0], argv, envp, &res);
	if (err)
		return err;
	if (res.signo)
		seq_puts(c->reply, "SIGSEGV");
	else if (res.exit_status)
		seq_printf(c->reply, "exited %d: %s", res.exit_status,
			   res.rtld_error);
	else
		seq_printf(c->reply, "rip=0x%lx rsp=0x%lx", res.entry, res.sp);
	return 0;
}

static int cmd_execve(struct ctl_call *c)
{
	return execve_call(c, false);
}

static int cmd_exec(struct ctl_call *c)
{
	return execve_call(c, true);
}

/* ---- global commands ---- */

static int cmd_spawn(struct ctl_call *c)
{
	const char *comm = ARG_PRESENT(c, 0) ? ARG(c, 0).data.bytes : NULL;
	struct task_struct *tsk;
	int err = -ENOMEM;

	tsk = machine_spawn(c->m, comm, &err);
	if (!tsk)
		return err;
	seq_printf(c->reply, "%d", (int)tsk->pid);
	return 0;
}

/*
 * attach [PID]: the process MOUNTPOINT/self (and thread-self) names, for
 * the tools that read /proc/self; PID 1 until attach names another, and
 * again once that one is gone. Reply: the process self names now.
 */
static int cmd_attach(struct ctl_call *c)
{
	if (ARG_PRESENT(c, 0)) {
		pid_t pid = (pid_t)ARG(c, 0).s;

		struct task_struct *t = find_task_by_pid(c->m, pid);

		if (!t) {
			snprintf(c->reason, sizeof(c->reason),
				 "no process %d", (int)pid);
			return -ENOENT;
		}
		/* A tool reading /proc/self is a user process. */
		if (t->flags & PF_KTHREAD) {
			snprintf(c->reason, sizeof(c->reason),
				 "PID %d is a kernel thread", (int)pid);
			return -EPERM;
		}
		c->m->self_pid = pid;
	}
	if (c->m->self_pid && !find_task_by_pid_any(c->m, c->m->self_pid))
		c->m->self_pid = 0;
	seq_printf(c->reply, "%d", c->m->self_pid ? (int)c->m->self_pid : 1);
	return 0;
}

/* Join a checker report's lines into one "; "-separated reason. */
static void report_to_reason(const char *report, char *buf, size_t size)
{
	size_t o = 0;
	const char *p = report;

	while (*p && o + 1 < size) {
		const char *nl = strchrnul(p, '\n');

		if (nl > p) {
			size_t n = nl - p;

			if (o && o + 2 < size) {
				memcpy(buf + o, "; ", 2);
				o += 2;
			}
			if (n > size - 1 - o)
				n = size - 1 - o;
			memcpy(buf + o, p, n);
			o += n;
		}
		p = *nl ? nl + 1 : nl;
	}
	buf[o] = '\0';
}

/*
 * Run the invariant checker; on failure put the one-line summary in
 * @reason and the full report on the daemon's stderr.
 */
static int run_checker(struct machine *m, const char *what, char *reason,
		       size_t size)
{
	char *report = NULL;
	char joined[900];
	int err;

	err = mm_check_machine(m, &report);
	if (!err)
		return 0;
	report_to_reason(report ? report : "", joined, sizeof(joined));
	snprintf(reason, size, "invariant check failed: %s",
		 joined[0] ? joined : "(no report)");
	fprintf(stderr, "mmsim: invariant check failed after %s:\n%s%s",
		what, report ? report : "(no report)\n",
		report && *report && report[strlen(report) - 1] != '\n' ?
		"\n" : "");
	free(report);
	return -EUCLEAN;
}

static int cmd_check(struct ctl_call *c)
{
	int err = run_checker(c->m, "check", c->reason, sizeof(c->reason));

	if (err)
		return err;
	seq_puts(c->reply, "ok");
	return 0;
}

struct rmap_list {
	struct machine *m;
	struct seq_buf *out;
	unsigned long found;
};

static bool rmap_list_one(struct page *page, struct vm_area_struct *vma,
			  unsigned long address, void *arg)
{
	struct rmap_list *rl = arg;
	struct task_struct *tsk;
	pid_t pid = 0;

	for_each_task(rl->m, tsk) {
		if (tsk->mm == vma->vm_mm) {
			pid = tsk->pid;
			break;
		}
	}
	seq_printf(rl->out, "%s%d:0x%lx", rl->found ? " " : "", (int)pid,
		   address);
	rl->found++;
	return true;
}

/**
 * ctl_pfn_arg() - the frame a command's PFN argument names (rmap, page).
 * Return: 0 with *@page set, or -EINVAL with the reason when the machine
 * has no such frame.
 */
int ctl_pfn_arg(struct ctl_call *c, unsigned long pfn, struct page **page)
{
	struct zone *zone = &c->m->zone;

	if (!pfn_valid(zone, pfn)) {
		snprintf(c->reason, sizeof(c->reason),
			 "PFN 0x%lx is beyond the last frame 0x%lx", pfn,
			 zone->nr_pages - 1);
		return -EINVAL;
	}
	*page = pfn_to_page(zone, pfn);
	return 0;
}

static int cmd_rmap(struct ctl_call *c)
{
	struct zone *zone = &c->m->zone;
	unsigned long pfn = ARG(c, 0).u;
	struct rmap_list rl = { .m = c->m, .out = c->reply };
	struct rmap_walk_control rwc = { .arg = &rl, .rmap_one = rmap_list_one };
	struct page *page;
	int err = ctl_pfn_arg(c, pfn, &page);

	if (err)
		return err;
	/* Free frames, page tables and the zero page are in no rmap. */
	if (page_mapped(page) && !PageTable(page) && !PageBuddy(page) &&
	    !is_zero_pfn(zone, pfn))
		rmap_walk(page, &rwc);
	if (!rl.found)
		seq_puts(c->reply, "none");
	return 0;
}

static int cmd_help(struct ctl_call *c)
{
	char usage[160];
	size_t i;
	bool first = true;

	for (i = 0; i < nr_ctl_commands; i++) {
		const struct ctl_command *cmd = &ctl_commands[i];

		if (cmd->scope != CTL_ANY &&
		    (cmd->scope == CTL_PER_PID) != (c->pid != 0))
			continue;
		ctl_usage(cmd, usage, sizeof(usage));
		seq_printf(c->reply, "%s%s", first ? "" : "; ", usage);
		first = false;
	}
	/* The global ctl also runs any per-process command for a PID. */
	if (!c->pid)
		seq_puts(c->reply, "; PID COMMAND [ARG...]");
	return 0;
}

/* ---- per-process commands: memory-map system calls ---- */

/*
 * mmap ADDR LEN PROT FLAGS [FD OFFSET]: without anonymous, FLAGS map the
 * file open at FD from OFFSET (x86-64's sys_mmap: an unaligned offset is
 * EINVAL before the fd is looked at, a bad fd EBADF); with anonymous, FD
 * and OFFSET are ignored, as Linux ignores them.
 */
static int cmd_mmap(struct ctl_call *c)
{
	unsigned long addr = ARG(c, 0).u, len = ARG(c, 1).u;
	unsigned long prot = ARG(c, 2).u, flags = ARG(c, 3).u;
	unsigned long ret, type = flags & (MAP_SHARED | MAP_PRIVATE);
	unsigned long offset = ARG_PRESENT(c, 5) ? ARG(c, 5).u : 0;
	struct file *file = NULL;

	if (!(flags & MAP_ANONYMOUS)) {
		if (!ARG_PRESENT(c, 4)) {
			snprintf(c->reason, sizeof(c->reason),
				 "FLAGS lack anonymous and no FD is given: there is no file to map");
			return -EBADF;
		}
		if (offset & ~PAGE_MASK) {
			snprintf(c->reason, sizeof(c->reason),
				 "OFFSET 0x%lx is not page-aligned", offset);
			return -EINVAL;
		}
		file = fget(c->tsk, (unsigned int)ARG(c, 4).u);
		if (!file) {
			snprintf(c->reason, sizeof(c->reason),
				 "fd %lu is not open", ARG(c, 4).u);
			return -EBADF;
		}
	}
	ret = vm_mmap(c->tsk, file, addr, len, prot, flags, offset);
	fput(c->m, file);
	if (!IS_ERR_VALUE(ret)) {
		seq_printf(c->reply, "0x%lx", ret);
		return 0;
	}
	switch ((long)ret) {
	case -EINVAL:
		/*
		 * private,shared is MAP_SHARED_VALIDATE (0x3): Linux takes it
		 * for file mappings only, and do_mmap() refuses it for
		 * anonymous ones with EINVAL, after its ENOMEM and EEXIST
		 * checks (the engine keeps that order).
		 */
		if (type == MAP_SHARED_VALIDATE && !file)
			snprintf(c->reason, sizeof(c->reason),
				 "private,shared is MAP_SHARED_VALIDATE, which Linux accepts for files only, not for anonymous memory");
		else if (!len)
			fallback(c, "length is 0");
		else if (type != MAP_SHARED && type != MAP_PRIVATE)
			fallback(c, "FLAGS must hold exactly one of private and shared");
		else if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) &&
			 !PAGE_ALIGNED(addr))
			fallback(c, "address 0x%lx is not page-aligned", addr);
		break;
	case -EEXIST:
		fallback(c, "0x%lx-0x%lx overlaps an existing mapping", addr,
			 addr + PAGE_ALIGN(len));
		break;
	case -ENOMEM:
		fallback(c, "no room for 0x%lx bytes, or out of memory", len);
		break;
	}
	return (int)(long)ret;
}

static int cmd_munmap(struct ctl_call *c)
{
	return range_call(c, sys_munmap(c->tsk, ARG(c, 0).u, ARG(c, 1).u));
}

static int cmd_mprotect(struct ctl_call *c)
{
	return range_call(c, sys_mprotect(c->tsk, ARG(c, 0).u, ARG(c, 1).u,
					  ARG(c, 2).u));
}

static int cmd_mremap(struct ctl_call *c)
{
	unsigned long addr = ARG(c, 0).u, old_len = ARG(c, 1).u;
	unsigned long new_len = ARG(c, 2).u, flags = 0, new_addr = 0, ret;
	unsigned long old_end;
	bool old_wraps, old_ok;

	if (ARG_PRESENT(c, 3))
		flags |= MREMAP_MAYMOVE;
	if (ARG_PRESENT(c, 4)) {
		flags |= MREMAP_FIXED;
		new_addr = ARG(c, 4).u;
	}
	ret = sys_mremap(c->tsk, addr, old_len, new_len, flags, new_addr);
	if (!IS_ERR_VALUE(ret)) {
		seq_printf(c->reply, "0x%lx", ret);
		return 0;
	}
	old_wraps = !range_end(addr, old_len, &old_end);
	old_ok = !old_wraps && old_end <= c->tsk->mm->task_size;
	switch ((long)ret) {
	case -EINVAL:
		/*
		 * The errno is the engine's, in mremap(2)'s order (an
		 * unmapped ADDR is EFAULT even with a huge OLDLEN); the
		 * message names the length the user gave, not the numbers
		 * of the unmap a shrink does inside.
		 */
		if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
			fallback(c, "fixed needs maymove");
		else if (new_len > c->tsk->mm->task_size)
			snprintf(c->reason, sizeof(c->reason),
				 "NEWLEN 0x%lx is larger than the user address space (0x%lx)",
				 new_len, c->tsk->mm->task_size);
		else if (old_wraps)
			snprintf(c->reason, sizeof(c->reason),
				 "ADDR+OLDLEN 0x%lx+0x%lx wraps around the address space",
				 addr, old_len);
		else if (!old_ok)
			snprintf(c->reason, sizeof(c->reason),
				 "ADDR+OLDLEN 0x%lx+0x%lx is beyond the user address space (0x%lx)",
				 addr, old_len, c->tsk->mm->task_size);
		break;
	case -EFAULT:
		if (old_ok)
			fallback(c, "0x%lx-0x%lx is not one mapping", addr,
				 old_end);
		else
			fallback(c, "no mapping at 0x%lx", addr);
		break;
	case -ENOMEM:
		fallback(c, "cannot grow 0x%lx-0x%lx in place%s", addr,
			 old_end, flags & MREMAP_MAYMOVE ?
			 ", nor find room to move it" :
			 " (maymove allows a move)");
		break;
	}
	return (int)(long)ret;
}

static int cmd_brk(struct ctl_call *c)
{
	unsigned long brk = ARG_PRESENT(c, 0) ? ARG(c, 0).u : 0;

	/* Like brk(2) itself, a refused move is not an error: the reply
	 * is the break as it stands. */
	seq_printf(c->reply, "0x%lx", sys_brk(c->tsk, brk));
	return 0;
}

static int cmd_madvise(struct ctl_call *c)
{
	return range_call(c, sys_madvise(c->tsk, ARG(c, 0).u, ARG(c, 1).u,
					 ARG(c, 2).advice));
}

static int cmd_mlock(struct ctl_call *c)
{
	return range_call(c, sys_mlock(c->tsk, ARG(c, 0).u, ARG(c, 1).u));
}

static int cmd_munlock(struct ctl_call *c)
{
	return range_call(c, sys_munlock(c->tsk, ARG(c, 0).u, ARG(c, 1).u));
}

/* ---- per-process commands: process lifetime ---- */

/* fork's and clone's reply: the new task's id, or why there is none. */
static int reply_new_task(struct ctl_call *c, pid_t pid)
{
	if (pid < 0) {
		if (pid == -EAGAIN)
			fallback(c, "too many processes");
		return pid;
	}
	seq_printf(c->reply, "%d", (int)pid);
	return 0;
}

static int cmd_fork(struct ctl_call *c)
{
	return reply_new_task(c, sys_fork(c->tsk));
}

static int cmd_sched_setaffinity(struct ctl_call *c)
{
	long cpu = ARG(c, 0).s;
	int err = set_cpus_allowed_ptr(c->tsk, cpu < 0 || cpu > INT_MAX ?
				       -1 : (int)cpu);

	if (!err)
		seq_printf(c->reply, "%ld", cpu);
	return err;
}

static int cmd_clone(struct ctl_call *c)
{
	return reply_new_task(c, kernel_clone(c->tsk, ARG(c, 0).u));
}

/*
 * exit: the leader's is exit(3), which ends the whole process with
 * exit_group(2); a thread's is SYS_exit, which ends that thread alone
 * (as pthread_exit()). Only the low 8 bits of STATUS reach the parent.
 */
/* exit's and exit_group's STATUS as a wait status: its low 8 bits << 8. */
static int exit_code_arg(struct ctl_call *c)
{
	long status = ARG_PRESENT(c, 0) ? ARG(c, 0).s : 0;

	return (int)((status & 0xff) << 8);
}

static int cmd_exit(struct ctl_call *c)
{
	int code = exit_code_arg(c), err;

	if (thread_group_leader(c->tsk))
		err = do_group_exit(c->tsk, code);
	else
		err = do_exit(c->tsk, code);
	if (err == -EPERM)
		fallback(c, "PID 1 cannot exit");
	return err;
}

static int cmd_exit_group(struct ctl_call *c)
{
	int err = do_group_exit(c->tsk, exit_code_arg(c));

	if (err == -EPERM)
		fallback(c, "PID 1 cannot exit");
	return err;
}

static int cmd_wait(struct ctl_call *c)
{
	pid_t want = ARG_PRESENT(c, 0) ? (pid_t)ARG(c, 0).s : -1;
	char sig[24];
	int status = 0;
	pid_t pid;

	pid = sys_wait4(c->tsk, want, &status);
	if (pid < 0) {
		if (pid == -ECHILD && want > 0)
			fallback(c, "PID %d is not a child of PID %d", (int)want,
				 (int)c->tsk->pid);
		else if (pid == -ECHILD)
			fallback(c, "PID %d has no children", (int)c->tsk->pid);
		else if (pid == -EAGAIN)
			/* Say "would block" whatever the engine's detail. */
			snprintf(c->reason, sizeof(c->reason),
				 "would block: %s", c->m->errmsg[0] ?
				 c->m->errmsg : "no child has exited yet");
		return pid;
	}
	if (WIFSIGNALED(status))
		seq_printf(c->reply, "%d %s", (int)pid,
			   ctl_signame(WTERMSIG(status), sig, sizeof(sig)));
	else
		seq_printf(c->reply, "%d %d", (int)pid, WEXITSTATUS(status));
	return 0;
}

static int cmd_oom_score_adj(struct ctl_call *c)
{
	if (ARG_PRESENT(c, 0)) {
		long adj = ARG(c, 0).s;

		if (adj < -1000 || adj > 1000) {
			snprintf(c->reason, sizeof(c->reason),
				 "N %ld is out of range -1000..1000", adj);
			return -EINVAL;
		}
		c->tsk->oom_score_adj = (int)adj;
	}
	seq_printf(c->reply, "%d", c->tsk->oom_score_adj);
	return 0;
}

/* ---- per-process commands: user-mode accesses ---- */

static const char *si_code_name(int signo, int code)
{
	if (signo == SIGSEGV && code == SEGV_MAPERR)
		return "SEGV_MAPERR";
	if (signo == SIGSEGV && code == SEGV_ACCERR)
		return "SEGV_ACCERR";
	if (signo == SIGSEGV && code == SEGV_PKUERR)
		return "SEGV_PKUERR";
	if (signo == SIGBUS && code == BUS_ADRERR)
		return "BUS_ADRERR";
	if (signo == SIGBUS && code == BUS_OBJERR)
		return "BUS_OBJERR";
	if (signo == SIGSEGV && code == SI_KERNEL)
		return "SI_KERNEL";
	return NULL;
}

/*
 * The reply of an access that ended in a signal: "SIGSEGV SEGV_MAPERR
 * 0xADDR" for a fault, "SIGSEGV SI_KERNEL 0x0" for a #GP (a non-canonical
 * address: si_addr is 0), the bare signal name for a kill (SIGKILL from
 * the OOM killer).
 */
static void reply_signal(struct ctl_call *c, const struct access_result *res)
{
	const char *code = si_code_name(res->signo, res->si_code);
	char sig[24];

	ctl_signame(res->signo, sig, sizeof(sig));
	if (code)
		seq_printf(c->reply, "%s %s 0x%lx", sig, code, res->addr);
	else
		seq_puts(c->reply, sig);
}

/* Checks shared by touch, store and load, before any access is made. */
static int check_access_range(struct ctl_call *c, unsigned long addr,
			      unsigned long len)
{
	if (!len) {
		snprintf(c->reason, sizeof(c->reason), "length is 0");
		return -EINVAL;
	}
	/* A range may end at the last byte of the address space. */
	if (addr + (len - 1) < addr) {
		snprintf(c->reason, sizeof(c->reason),
			 "0x%lx+0x%lx wraps around the address space", addr,
			 len);
		return -EINVAL;
	}
	return 0;
}

static int cmd_touch(struct ctl_call *c)
{
	unsigned long addr = ARG(c, 0).u, len = ARG(c, 1).u;
	struct access_result res;
	int err;

	err = check_access_range(c, addr, len);
	if (err)
		return err;
	memset(&res, 0, sizeof(res));
	err = user_access(c->tsk, addr, len, ARG(c, 2).mode, NULL, &res);
	if (err)
		return err;
	if (res.signo) {
		reply_signal(c, &res);
		return 0;
	}
	seq_printf(c->reply,
		   "pages=%lu faults=%lu anon=%lu zero=%lu cow=%lu reuse=%lu shmem=%lu",
		   res.stats.pages, res.stats.faults, res.stats.anon,
		   res.stats.zero, res.stats.cow, res.stats.reuse,
		   res.stats.shmem);
	/* File faults only where there were some, so anonymous replies stay. */
	if (res.stats.file)
		seq_printf(c->reply, " file=%lu", res.stats.file);
	if (res.stats.major)
		seq_printf(c->reply, " major=%lu", res.stats.major);
	if (res.stats.swap)
		seq_printf(c->reply, " swap=%lu", res.stats.swap);
	if (res.stats.oom_kills)
		seq_printf(c->reply, " oom_kill=%lu", res.stats.oom_kills);
	return 0;
}

static int cmd_store(struct ctl_call *c)
{
	unsigned long addr = ARG(c, 0).u;
	size_t len = ARG(c, 1).data.len;
	struct access_result res;
	int err;

	err = check_access_range(c, addr, len);
	if (err)
		return err;
	memset(&res, 0, sizeof(res));
	err = user_access(c->tsk, addr, len, ACCESS_WRITE, ARG(c, 1).data.bytes,
			  &res);
	if (err)
		return err;
	if (res.signo)
		reply_signal(c, &res);
	return 0;
}

/*
 * hex_reply - @len bytes as lowercase hexadecimal, the reply of load and
 * mem_read.
 */
static void hex_reply(struct ctl_call *c, const unsigned char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		seq_putc(c->reply, hex[buf[i] >> 4]);
		seq_putc(c->reply, hex[buf[i] & 15]);
	}
}

/*
 * text_reply - @len bytes as a quoted string in store's own syntax
 * ("text" with \n \t \r \0 \\ \" and \xNN escapes), the reply of
 * `load ADDR LEN text`: a string a user reads, and that store takes back.
 */
static void text_reply(struct ctl_call *c, const unsigned char *buf,
		       size_t len)
{
	static const char hex[] = "0123456789abcdef";

	seq_putc(c->reply, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char b = buf[i];

		switch (b) {
		case '\n': seq_puts(c->reply, "\\n"); break;
		case '\t': seq_puts(c->reply, "\\t"); break;
		case '\r': seq_puts(c->reply, "\\r"); break;
		case '\0': seq_puts(c->reply, "\\0"); break;
		case '\\': seq_puts(c->reply, "\\\\"); break;
		case '"': seq_puts(c->reply, "\\\""); break;
		default:
			if (b >= 0x20 && b < 0x7f) {
				seq_putc(c->reply, (char)b);
			} else {
				seq_puts(c->reply, "\\x");
				seq_putc(c->reply, hex[b >> 4]);
				seq_putc(c->reply, hex[b & 15]);
			}
		}
	}
	seq_putc(c->reply, '"');
}

/*
 * reply_buffer - a host buffer for @len bytes that a reply will show (load,
 * read, mem_read), refused over LOAD_MAX with @cmd's limit and @more, a
 * hint where more can be had ("" for none).
 */
static int reply_buffer(struct ctl_call *c, unsigned long len,
			const char *cmd, const char *more, unsigned char **bufp)
{
	if (len > LOAD_MAX) {
		snprintf(c->reason, sizeof(c->reason),
			 "LEN 0x%lx is over %s's limit of 1M%s", len, cmd, more);
		return -EINVAL;
	}
	*bufp = malloc(len);
	if (!*bufp) {
		snprintf(c->reason, sizeof(c->reason), "out of host memory");
		return -ENOMEM;
	}
	return 0;
}

/* load ADDR LEN [text]: the bytes as hexadecimal, or as a string. */
static int cmd_load(struct ctl_call *c)
{
	unsigned long addr = ARG(c, 0).u, len = ARG(c, 1).u;
	struct access_result res;
	unsigned char *buf;
	int err;

	err = check_access_range(c, addr, len);
	if (err)
		return err;
	err = reply_buffer(c, len, "load", " (read mem for more)", &buf);
	if (err)
		return err;
	memset(&res, 0, sizeof(res));
	err = user_access(c->tsk, addr, len, ACCESS_READ, buf, &res);
	if (!err && res.signo)
		reply_signal(c, &res);
	else if (!err && ARG_PRESENT(c, 2))
		text_reply(c, buf, len);
	else if (!err)
		hex_reply(c, buf, len);
	free(buf);
	return err;
}

/* ---- per-process commands: files ---- */

/* open PATH FLAGS [MODE]: the new fd (MODE, octal, for creat: 0666 by default). */
static int cmd_open(struct ctl_call *c)
{
	unsigned int mode = ARG_PRESENT(c, 2) ? (unsigned int)ARG(c, 2).u : 0666;
	int fd = do_sys_open(c->tsk, ARG(c, 0).data.bytes, (int)ARG(c, 1).u,
			     mode);

	if (fd < 0)
		return fd;
	seq_printf(c->reply, "%d", fd);
	return 0;
}

static int cmd_close(struct ctl_call *c)
{
	return close_fd(c->tsk, (unsigned int)ARG(c, 0).u);
}

/* read FD LEN [OFFSET]: read(2), or pread64(2) at OFFSET; the bytes in hex. */
static int cmd_read(struct ctl_call *c)
{
	unsigned int fd = (unsigned int)ARG(c, 0).u;
	unsigned long len = ARG(c, 1).u;
	unsigned char *buf;
	ssize_t n;
	int err;

	err = reply_buffer(c, len, "read", "", &buf);
	if (err)
		return err;
	if (ARG_PRESENT(c, 2))
		n = ksys_pread64(c->tsk, fd, buf, len, (long long)ARG(c, 2).u);
	else
		n = ksys_read(c->tsk, fd, buf, len);
	if (n >= 0)
		hex_reply(c, buf, (size_t)n);
	free(buf);
	return n < 0 ? (int)n : 0;
}

/* write FD DATA [OFFSET]: write(2), or pwrite64(2) at OFFSET; the count. */
static int cmd_write(struct ctl_call *c)
{
	unsigned int fd = (unsigned int)ARG(c, 0).u;
	ssize_t n;

	if (ARG_PRESENT(c, 2))
		n = ksys_pwrite64(c->tsk, fd, ARG(c, 1).data.bytes,
				  ARG(c, 1).data.len, (long long)ARG(c, 2).u);
	else
		n = ksys_write(c->tsk, fd, ARG(c, 1).data.bytes,
			       ARG(c, 1).data.len);
	if (n < 0)
		return (int)n;
	seq_printf(c->reply, "%zd", n);
	return 0;
}

static int cmd_ftruncate(struct ctl_call *c)
{
	return ksys_ftruncate(c->tsk, (unsigned int)ARG(c, 0).u,
			      (long long)ARG(c, 1).u);
}

static int cmd_fadvise(struct ctl_call *c)
{
	return ksys_fadvise64_64(c->tsk, (unsigned int)ARG(c, 0).u,
				 (long long)ARG(c, 1).u, (long long)ARG(c, 2).u,
				 ARG(c, 3).advice);
}

static int cmd_unlink(struct ctl_call *c)
{
	return do_unlinkat(c->m, ARG(c, 0).data.bytes);
}

static int cmd_msync(struct ctl_call *c)
{
	return range_call(c, sys_msync(c->tsk, ARG(c, 0).u, ARG(c, 1).u,
				       (int)ARG(c, 2).u));
}

/* mincore ADDR LEN: one character a page, 1 resident, 0 not. */
#define MINCORE_MAX	(1UL << 20)	/* pages: a reply of at most 1M characters */

static int cmd_mincore(struct ctl_call *c)
{
	unsigned long addr = ARG(c, 0).u, len = ARG(c, 1).u, pages, end;
	unsigned char *vec;
	int err;

	if (!range_end(addr, len, &end)) {
		snprintf(c->reason, sizeof(c->reason),
			 "0x%lx+0x%lx wraps around the address space", addr, len);
		return -ENOMEM;
	}
	pages = (end - addr) >> PAGE_SHIFT;
	if (pages > MINCORE_MAX) {
		snprintf(c->reason, sizeof(c->reason),
			 "LEN 0x%lx is over mincore's limit of 4G", len);
		return -EINVAL;
	}
	vec = malloc(pages);
	if (!vec) {
		snprintf(c->reason, sizeof(c->reason), "out of host memory");
		return -ENOMEM;
	}
	err = sys_mincore(c->tsk, addr, len, vec);
	if (!err)
		for (unsigned long i = 0; i < pages; i++)
			seq_putc(c->reply, vec[i] & 1 ? '1' : '0');
	free(vec);
	return range_call(c, err);
}

/* drop_caches N: what writing N to /proc/sys/vm/drop_caches does. */
static int cmd_drop_caches(struct ctl_call *c)
{
	long val = ARG(c, 0).s;

	if (val < 1 || val > 3) {
		snprintf(c->reason, sizeof(c->reason), "N %ld is not 1, 2 or 3",
			 val);
		return -EINVAL;
	}
	return drop_caches_sysctl_handler(c->m, (int)val);
}

/* ---- memory cgroups: what mkdir, rmdir and the control files do ---- */

static int cmd_cgroup_mkdir(struct ctl_call *c)
{
	return cgroup_mkdir(c->m, ARG(c, 0).data.bytes);
}

static int cmd_cgroup_rmdir(struct ctl_call *c)
{
	return cgroup_rmdir(c->m, ARG(c, 0).data.bytes);
}

/*
 * page_counter_memparse(): "max", or bytes as memparse() reads them (a
 * number in C notation with an optional K, M, G, T, P or E suffix),
 * rounded down to pages.
 */
static int cgroup_memparse(const char *s, unsigned long *pages)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	if (!strcmp(s, "max")) {
		*pages = PAGE_COUNTER_MAX;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case 'E': case 'e': shift += 10; /* fall through */
	case 'P': case 'p': shift += 10; /* fall through */
	case 'T': case 't': shift += 10; /* fall through */
	case 'G': case 'g': shift += 10; /* fall through */
	case 'M': case 'm': shift += 10; /* fall through */
	case 'K': case 'k': shift += 10;
		end++;
		break;
	default:
		break;
	}
	if (*end)
		return -EINVAL;
	if (shift && v > (~0ULL >> shift))
		v = ~0ULL;
	else
		v <<= shift;
	v /= PAGE_SIZE;
	*pages = v < PAGE_COUNTER_MAX ? (unsigned long)v : PAGE_COUNTER_MAX;
	return 0;
}

static const struct { const char *name; enum memcg_file file; } cgroup_limits[] = {
	{ "memory.min", MEMCG_FILE_MIN },
	{ "memory.low", MEMCG_FILE_LOW },
	{ "memory.high", MEMCG_FILE_HIGH },
	{ "memory.max", MEMCG_FILE_MAX },
	{ "memory.swap.max", MEMCG_FILE_SWAP_MAX },
	{ "memory.swap.high", MEMCG_FILE_SWAP_HIGH },
	{ "memory.oom.group", MEMCG_FILE_OOM_GROUP },
	{ "memory.peak", MEMCG_FILE_PEAK },
	{ "memory.swap.peak", MEMCG_FILE_SWAP_PEAK },
};

/*
 * cgroup_write PATH FILE VALUE: what writing VALUE to FILE of the group
 * at PATH does (a trailing newline, as echo writes, is the kernel's
 * strstrip()'s to drop, and the fs glue's here).
 */
static int cmd_cgroup_write(struct ctl_call *c)
{
	const char *path = ARG(c, 0).data.bytes, *file = ARG(c, 1).data.bytes;
	const char *val = ARG(c, 2).data.bytes;
	const struct proc_file *pf = proc_lookup_in(PD_CGROUP, file);
	struct cgroup *cgrp = cgroup_lookup(c->m, path);
	unsigned long pages;
	char *end;
	long n;

	if (!cgrp) {
		snprintf(c->reason, sizeof(c->reason), "%s: no such group", path);
		return -ENOENT;
	}
	if (!pf || !proc_cgroup_file_in(pf, !cgrp->parent)) {
		snprintf(c->reason, sizeof(c->reason), "%s has no file %s",
			 path, file);
		return -ENOENT;
	}
	if (!(pf->mode & 0222)) {
		snprintf(c->reason, sizeof(c->reason), "%s is read-only", file);
		return -EACCES;
	}
	if (!strcmp(file, "cgroup.procs")) {
		errno = 0;
		n = strtol(val, &end, 10);
		if (errno || *end || end == val || n <= 0 || n > INT_MAX) {
			snprintf(c->reason, sizeof(c->reason),
				 "'%s' is not a PID", val);
			return -EINVAL;
		}
		return cgroup_attach_task(c->m, cgrp, (pid_t)n);
	}
	if (!strcmp(file, "cgroup.subtree_control")) {
		/* The memory controller is on everywhere: only +memory. */
		if (!strcmp(val, "+memory"))
			return 0;
		snprintf(c->reason, sizeof(c->reason),
			 "'%s': the memory controller is always enabled, and the only one",
			 val);
		return -EINVAL;
	}
	if (!strcmp(file, "cgroup.threads") || !strcmp(file, "cgroup.type")) {
		snprintf(c->reason, sizeof(c->reason),
			 "%s: threaded groups are not simulated", file);
		return -EOPNOTSUPP;
	}
	for (size_t i = 0; i < sizeof(cgroup_limits) / sizeof(cgroup_limits[0]); i++) {
		if (strcmp(file, cgroup_limits[i].name))
			continue;
		if (cgroup_limits[i].file == MEMCG_FILE_OOM_GROUP) {
			if (strcmp(val, "0") && strcmp(val, "1")) {
				snprintf(c->reason, sizeof(c->reason),
					 "%s takes 0 or 1, not '%s'", file, val);
				return -EINVAL;
			}
			pages = val[0] == '1';
		} else if (cgroup_limits[i].file == MEMCG_FILE_PEAK ||
			   cgroup_limits[i].file == MEMCG_FILE_SWAP_PEAK) {
			pages = 0;
		} else if (cgroup_memparse(val, &pages)) {
			snprintf(c->reason, sizeof(c->reason),
				 "%s takes \"max\" or bytes (K, M, G suffixes), not '%s'",
				 file, val);
			return -EINVAL;
		}
		return mem_cgroup_set(c->m, cgrp->memcg, cgroup_limits[i].file,
				      pages);
	}
	snprintf(c->reason, sizeof(c->reason), "%s cannot be written", file);
	return -EINVAL;
}

/* ---- per-process commands: what the mem and clear_refs files do ---- */

/*
 * mem_read ADDR LEN: read @pid's memory as a read of /proc/PID/mem does
 * (FOLL_FORCE: faults pages in, marks them accessed, reads through
 * PROT_NONE-less protections), replying the bytes that could be read.
 */
static int cmd_mem_read(struct ctl_call *c)
{
	unsigned long addr = ARG(c, 0).u, len = ARG(c, 1).u;
	unsigned char *buf;
	ssize_t n;
	int err;

	err = reply_buffer(c, len, "mem_read", "", &buf);
	if (err)
		return err;
	n = proc_mem_access(c->m, c->pid, (char *)buf, len, addr, false);
	if (n < 0) {
		free(buf);
		snprintf(c->reason, sizeof(c->reason),
			 "0x%lx cannot be read", addr);
		return (int)n;
	}
	hex_reply(c, buf, (size_t)n);
	free(buf);
	return 0;
}

/*
 * mem_write ADDR DATA: write as a write of /proc/PID/mem does (FOLL_FORCE
 * | FOLL_WRITE: breaks COW, writes through read-only private mappings),
 * replying the count written.
 */
static int cmd_mem_write(struct ctl_call *c)
{
	unsigned long addr = ARG(c, 0).u;
	ssize_t n = proc_mem_access(c->m, c->pid, ARG(c, 1).data.bytes,
				    ARG(c, 1).data.len, addr, true);

	if (n < 0) {
		snprintf(c->reason, sizeof(c->reason),
			 "0x%lx cannot be written", addr);
		return (int)n;
	}
	seq_printf(c->reply, "%zd", n);
	return 0;
}

/* clear_refs N: what writing N to /proc/PID/clear_refs does. */
static int cmd_clear_refs(struct ctl_call *c)
{
	char text[24];
	int type;

	snprintf(text, sizeof(text), "%ld", ARG(c, 0).s);
	if (clear_refs_parse(text, strlen(text), &type)) {
		snprintf(c->reason, sizeof(c->reason),
			 "N %ld is not 1 to 5", ARG(c, 0).s);
		return -EINVAL;
	}
	clear_refs_mm(c->tsk->mm, (enum clear_refs_types)type);
	return 0;
}

/* ---- per-process commands: System V shared memory ---- */

/*
 * shmget KEY SIZE is shmget(KEY, SIZE, IPC_CREAT | 0600): KEY's segment,
 * made if there is none; every task is root, so permissions never refuse.
 */
static int cmd_shmget(struct ctl_call *c)
{
	int id = ksys_shmget(c->tsk, (int)ARG(c, 0).s, ARG(c, 1).u,
			     IPC_CREAT | 0600);

	if (id < 0)
		return id;
	seq_printf(c->reply, "%d", id);
	return 0;
}

static int cmd_shmat(struct ctl_call *c)
{
	unsigned long addr;
	int err = do_shmat(c->tsk, (int)ARG(c, 0).s, ARG(c, 1).u,
			   ARG_PRESENT(c, 2) ? SHM_RDONLY : 0, &addr);

	if (err)
		return err;
	seq_printf(c->reply, "0x%lx", addr);
	return 0;
}

static int cmd_shmdt(struct ctl_call *c)
{
	return ksys_shmdt(c->tsk, ARG(c, 0).u);
}

/* ---- the table ---- */

#define P(kind, name)		{ kind, name, 0, CK_KEYWORD, NULL }
#define OPT(kind, name)		{ kind, name, CP_OPTIONAL, CK_KEYWORD, NULL }
#define KW(word)		{ CK_KEYWORD, word, CP_OPTIONAL, CK_KEYWORD, NULL }
#define KWARG(word, kind, name)	{ CK_KEYWORD, word, CP_OPTIONAL, kind, name }
/* The contract's rules: page-aligned addresses, non-zero lengths. */
#define ADDR_A			{ CK_ADDR, "ADDR", CP_PAGE_ALIGNED, CK_KEYWORD, NULL }
#define LEN_NZ(name)		{ CK_LEN, name, CP_NONZERO, CK_KEYWORD, NULL }
#define KWARG_A(word, name)	{ CK_KEYWORD, word, CP_OPTIONAL | CP_PAGE_ALIGNED, CK_ADDR, name }

const struct ctl_command ctl_commands[] = {
	/* MOUNTPOINT/ctl */
	{ "spawn", CTL_GLOBAL, { OPT(CK_COMM, "COMM") },
	  "create a child of PID 1 holding only [stack] and an empty brk area",
	  cmd_spawn },
	{ "check", CTL_GLOBAL, { },
	  "run the invariant checker", cmd_check },
	{ "rmap", CTL_GLOBAL, { P(CK_PFN, "PFN") },
	  "list every PID:0xADDR that maps frame PFN", cmd_rmap },
	{ "page", CTL_GLOBAL, { P(CK_PFN, "PFN") },
	  "show frame PFN's struct page as dump_page() prints it", cmd_page },
	{ "drop_caches", CTL_GLOBAL, { P(CK_INT, "N") },
	  "do what writing N (1-3) to /proc/sys/vm/drop_caches does",
	  cmd_drop_caches },
	{ "attach", CTL_GLOBAL, { OPT(CK_PID, "PID") },
	  "make MOUNTPOINT/self name process PID (none: report it)",
	  cmd_attach },
	{ "cgroup_mkdir", CTL_GLOBAL, { P(CK_PATH, "PATH") },
	  "make the memory cgroup PATH (/a/b), as mkdir MOUNTPOINT/cgroup/a/b",
	  cmd_cgroup_mkdir },
	{ "cgroup_rmdir", CTL_GLOBAL, { P(CK_PATH, "PATH") },
	  "remove the empty memory cgroup PATH, as rmdir does",
	  cmd_cgroup_rmdir },
	{ "cgroup_write", CTL_GLOBAL,
	  { P(CK_PATH, "PATH"), P(CK_PATH, "FILE"), P(CK_PATH, "VALUE") },
	  "write VALUE to control FILE of cgroup PATH (cgroup.procs, memory.max...)",
	  cmd_cgroup_write },

	/* MOUNTPOINT/PID/ctl */
	{ "mmap", CTL_PER_PID,
	  { ADDR_A, LEN_NZ("LEN"), P(CK_PROT, "PROT"),
	    P(CK_MAPFLAGS, "FLAGS"), OPT(CK_FD, "FD"), OPT(CK_OFFSET, "OFFSET") },
	  "map anonymous memory, or the file open at FD from OFFSET", cmd_mmap },
	{ "munmap", CTL_PER_PID, { ADDR_A, LEN_NZ("LEN") },
	  "unmap a range", cmd_munmap },
	{ "mprotect", CTL_PER_PID,
	  { ADDR_A, LEN_NZ("LEN"), P(CK_PROT, "PROT") },
	  "change the protection of a range", cmd_mprotect },
	{ "mremap", CTL_PER_PID,
	  { ADDR_A, LEN_NZ("OLDLEN"), LEN_NZ("NEWLEN"),
	    KW("maymove"), KWARG_A("fixed", "NEWADDR") },
	  "grow, shrink or move a mapping", cmd_mremap },
	{ "brk", CTL_PER_PID, { OPT(CK_ADDR, "ADDR") },
	  "move the program break (none: report it)", cmd_brk },
	{ "madvise", CTL_PER_PID,
	  { ADDR_A, LEN_NZ("LEN"), P(CK_ADVICE, "ADVICE") },
	  "give advice about a range", cmd_madvise },
	{ "mlock", CTL_PER_PID, { ADDR_A, LEN_NZ("LEN") },
	  "lock a range in memory", cmd_mlock },
	{ "munlock", CTL_PER_PID, { ADDR_A, LEN_NZ("LEN") },
	  "unlock a range", cmd_munlock },
	{ "fork", CTL_PER_PID, { },
	  "fork a child", cmd_fork },
	{ "clone", CTL_PER_PID, { P(CK_CLONEFLAGS, "FLAGS") },
	  "clone a task sharing what FLAGS name (vm,thread,sighand,files: a "
	  "thread)", cmd_clone },
	{ "exit", CTL_PER_PID, { OPT(CK_STATUS, "STATUS") },
	  "exit: a process with all its threads (the parent's wait reaps), "
	  "or a thread alone", cmd_exit },
	{ "exit_group", CTL_PER_PID, { OPT(CK_STATUS, "STATUS") },
	  "exit every thread of the process", cmd_exit_group },
	{ "sched_setaffinity", CTL_PER_PID, { P(CK_INT, "CPU") },
	  "run this task's later commands on CPU", cmd_sched_setaffinity },
	{ "wait", CTL_PER_PID, { OPT(CK_PID, "PID") },
	  "reap an exited child", cmd_wait },
	{ "touch", CTL_PER_PID,
	  { P(CK_ADDR, "ADDR"), LEN_NZ("LEN"), P(CK_MODE, "MODE") },
	  "access every page of a range, taking faults", cmd_touch },
	{ "store", CTL_PER_PID, { P(CK_ADDR, "ADDR"), P(CK_DATA, "DATA") },
	  "write bytes as user-mode stores", cmd_store },
	{ "load", CTL_PER_PID,
	  { P(CK_ADDR, "ADDR"), LEN_NZ("LEN"), KW("text") },
	  "read bytes as user-mode loads (text: as a quoted string)",
	  cmd_load },
	{ "open", CTL_PER_PID,
	  { P(CK_PATH, "PATH"), P(CK_OPENFLAGS, "FLAGS"),
	    OPT(CK_FILEMODE, "MODE") },
	  "open a file of the machine's tree; reply the fd", cmd_open },
	{ "close", CTL_PER_PID, { P(CK_FD, "FD") },
	  "close an fd", cmd_close },
	{ "read", CTL_PER_PID,
	  { P(CK_FD, "FD"), LEN_NZ("LEN"), OPT(CK_OFFSET, "OFFSET") },
	  "read through the page cache (at OFFSET: pread); reply the bytes in hex",
	  cmd_read },
	{ "write", CTL_PER_PID,
	  { P(CK_FD, "FD"), P(CK_DATA, "DATA"), OPT(CK_OFFSET, "OFFSET") },
	  "write into the page cache (at OFFSET: pwrite); reply the count",
	  cmd_write },
	{ "ftruncate", CTL_PER_PID, { P(CK_FD, "FD"), P(CK_OFFSET, "LEN") },
	  "set the size of the file open at FD", cmd_ftruncate },
	{ "fadvise", CTL_PER_PID,
	  { P(CK_FD, "FD"), P(CK_OFFSET, "OFFSET"), P(CK_OFFSET, "LEN"),
	    P(CK_FADVICE, "ADVICE") },
	  "posix_fadvise: willneed reads ahead, dontneed drops clean pages",
	  cmd_fadvise },
	{ "unlink", CTL_PER_PID, { P(CK_PATH, "PATH") },
	  "remove a name (the host file stays: only the overlay changes)",
	  cmd_unlink },
	{ "msync", CTL_PER_PID,
	  { ADDR_A, LEN_NZ("LEN"), P(CK_MSYNCFLAGS, "FLAGS") },
	  "write back the dirty pages of shared file mappings (sync)",
	  cmd_msync },
	{ "mincore", CTL_PER_PID, { ADDR_A, LEN_NZ("LEN") },
	  "one character a page: 1 resident, 0 not", cmd_mincore },
	{ "mem_read", CTL_PER_PID, { P(CK_ADDR, "ADDR"), LEN_NZ("LEN") },
	  "read bytes as a read of PID/mem does (faults in, no signal)",
	  cmd_mem_read, .from_outside = true },
	{ "mem_write", CTL_PER_PID, { P(CK_ADDR, "ADDR"), P(CK_DATA, "DATA") },
	  "write bytes as a write of PID/mem does (breaks COW, no signal)",
	  cmd_mem_write, .from_outside = true },
	{ "vtop", CTL_PER_PID, { P(CK_ADDR, "ADDR") },
	  "translate ADDR as the crash utility's vtop: tables, PTE, VMA, page",
	  cmd_vtop, .from_outside = true },
	{ "clear_refs", CTL_PER_PID, { P(CK_INT, "N") },
	  "do what writing N (1-5) to PID/clear_refs does", cmd_clear_refs,
	  .from_outside = true },
	{ "oom_score_adj", CTL_PER_PID, { OPT(CK_INT, "N") },
	  "set (-1000..1000) or report the OOM killer's adjustment",
	  cmd_oom_score_adj, .from_outside = true },

	{ "shmget", CTL_PER_PID, { P(CK_SHMKEY, "KEY"), P(CK_LEN, "SIZE") },
	  "get (or make) the System V shared memory segment of KEY",
	  cmd_shmget },
	{ "shmat", CTL_PER_PID,
	  { P(CK_INT, "SHMID"), P(CK_ADDR, "ADDR"), KW("rdonly") },
	  "attach a segment at ADDR (0: the kernel picks)", cmd_shmat },
	{ "shmdt", CTL_PER_PID, { P(CK_ADDR, "ADDR") },
	  "detach the segment attached at ADDR", cmd_shmdt },
	{ "execve", CTL_PER_PID, { P(CK_PATH, "PATH"), OPT(CK_ARGV, "ARG...") },
	  "run PATH (argv: PATH ARG...), stopping before its first instruction",
	  cmd_execve },
	{ "exec", CTL_PER_PID, { P(CK_PATH, "PATH"), OPT(CK_ARGV, "ARG...") },
	  "execve, then the dynamic loader's work up to the program's entry point",
	  cmd_exec },
	/* both */
	{ "help", CTL_ANY, { },
	  "list the commands this ctl file accepts", cmd_help },
};

const size_t nr_ctl_commands = sizeof(ctl_commands) / sizeof(ctl_commands[0]);

/**
 * ctl_describe() - the table's help, for mmctl --help: every command with
 * its usage and summary, global ones first (@name NULL), or one command.
 * @out: where to print
 * @name: a command, or NULL for all
 * Return: 0, or -ENOENT when @name is no command.
 */
int ctl_describe(FILE *out, const char *name)
{
	static const char *const heads[] = {
		[CTL_GLOBAL] = "Global commands (MOUNTPOINT/ctl; there also PID COMMAND [ARG...]):",
		[CTL_PER_PID] = "Per-process commands (MOUNTPOINT/PID/ctl, or mmctl PID COMMAND):",
		[CTL_ANY] = "Commands of every ctl file:",
	};
	char usage[160];
	size_t i;
	int scope;

	if (name) {
		const struct ctl_command *cmd = ctl_find_command(name);

		if (!cmd)
			return -ENOENT;
		ctl_usage(cmd, usage, sizeof(usage));
		fprintf(out, "usage: mmctl [-m MOUNTPOINT] %s%s\n%s\n",
			cmd->scope == CTL_PER_PID ? "PID " : "", usage,
			cmd->summary);
		return 0;
	}
	for (scope = CTL_GLOBAL; scope <= CTL_ANY; scope++) {
		fprintf(out, "%s\n", heads[scope]);
		for (i = 0; i < nr_ctl_commands; i++) {
			if ((int)ctl_commands[i].scope != scope)
				continue;
			ctl_usage(&ctl_commands[i], usage, sizeof(usage));
			fprintf(out, "  %-44s %s\n", usage, ctl_commands[i].summary);
		}
	}
	return 0;
}

const struct ctl_command *ctl_find_command(const char *name)
{
	size_t i;

	for (i = 0; i < nr_ctl_commands; i++)
		if (!strcmp(ctl_commands[i].name, name))
			return &ctl_commands[i];
	return NULL;
}

/* ---- the dispatcher ---- */

/* The command word of a line that did not tokenise, for its error line. */
static void first_word(const char *line, size_t len, char *buf, size_t size)
{
	size_t i = 0, n;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	for (n = 0; i + n < len && line[i + n] != ' ' && line[i + n] != '\t';)
		n++;
	ctl_sanitize(buf, size, line + i, n);
}

static void emit_error(struct seq_buf *out, const char *name,
		       const char *reason, int err)
{
	char shown[1100];

	ctl_sanitize(shown, sizeof(shown), reason, strlen(reason));
	seq_printf(out, "error: %s: %s (%s)", name, shown, ctl_errname(err));
}

/*
 * leading_pid - a global ctl line "PID COMMAND ARG..." is COMMAND for
 * process PID: take an unquoted decimal first word off @toks into *@pid,
 * and move *@line and *@len past it.
 * Return: 0 (taken, or no PID there), or -EINVAL for a PID with nothing
 * after it.
 */
static int leading_pid(struct ctl_tokens *toks, pid_t *pid, const char **line,
		       size_t *len)
{
	const char *w = toks->tok[0].raw;
	unsigned long v = 0;
	size_t i;

	if (toks->tok[0].quoted || !*w || w[0] == '0')
		return 0;
	for (i = 0; w[i]; i++) {
		if (w[i] < '0' || w[i] > '9' || v > INT_MAX / 10)
			return 0;
		v = v * 10 + (unsigned long)(w[i] - '0');
	}
	if (v > INT_MAX)
		return 0;
	if (toks->nr < 2)
		return -EINVAL;
	*pid = (pid_t)v;
	/* The command's own text starts after the PID and its blanks. */
	while (*len && (**line == ' ' || **line == '\t')) {
		(*line)++;
		(*len)--;
	}
	*line += i;
	*len -= i;
	free(toks->tok[0].raw);
	memmove(&toks->tok[0], &toks->tok[1], (toks->nr - 1) * sizeof(toks->tok[0]));
	toks->nr--;
	return 0;
}

/*
 * journal_command - record a command that ran: its text, without the
 * blanks around it, for @pid (0: a global command).
 */
static void journal_command(pid_t pid, const char *line, size_t len)
{
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
		       line[len - 1] == '\r'))
		len--;
	ctl_journal_record(pid, line, len);
}

/*
 * Find the live task of a per-pid command. Zombies and reaped tasks can
 * make no system calls: ESRCH, as kill(2) reports for a dead pid; nor
 * can kernel threads: EPERM, as ptrace(2) refuses them.
 */
static int lookup_task(struct ctl_call *c)
{
	c->tsk = find_task_by_pid(c->m, c->pid);
	if (c->tsk && (c->tsk->flags & PF_KTHREAD)) {
		/* No command is a kernel thread's: none makes system calls. */
		snprintf(c->reason, sizeof(c->reason),
			 "PID %d is a kernel thread: it makes no system calls",
			 (int)c->pid);
		c->tsk = NULL;
		return -EPERM;
	}
	if (c->tsk)
		return 0;
	if (find_task_by_pid_any(c->m, c->pid))
		snprintf(c->reason, sizeof(c->reason), "process has exited");
	else
		snprintf(c->reason, sizeof(c->reason), "no such process");
	return -ESRCH;
}

int ctl_run_line(struct machine *m, pid_t pid, const char *line, size_t len,
		 struct seq_buf *out)
{
	struct ctl_call call;
	struct ctl_tokens toks;
	struct ctl_args args;
	struct seq_buf reply;
	const struct ctl_command *cmd;
	char why[512], name[64];
	int err;

	err = ctl_tokenize(line, len, &toks, why, sizeof(why));
	if (err) {
		first_word(line, len, name, sizeof(name));
		emit_error(out, name[0] ? name : "?", why, err);
		return err;
	}
	if (!toks.nr)
		return 1;
	if (!pid && leading_pid(&toks, &pid, &line, &len)) {
		first_word(line, len, name, sizeof(name));
		err = -EINVAL;
		emit_error(out, name, "a PID must be followed by a per-process command",
			   err);
		goto out_tokens;
	}

	ctl_sanitize(name, sizeof(name), toks.tok[0].raw,
		     strlen(toks.tok[0].raw));
	cmd = toks.tok[0].quoted ? NULL : ctl_find_command(toks.tok[0].raw);
	if (!cmd) {
		err = -EINVAL;
		emit_error(out, name, "unknown command", err);
		goto out_tokens;
	}
	if (cmd->scope == CTL_GLOBAL && pid) {
		err = -EINVAL;
		emit_error(out, name,
			   "a global command: write it to MOUNTPOINT/ctl, with no PID",
			   err);
		goto out_tokens;
	}
	if (cmd->scope == CTL_PER_PID && !pid) {
		err = -EINVAL;
		emit_error(out, name,
			   "a per-process command: write it to MOUNTPOINT/PID/ctl",
			   err);
		goto out_tokens;
	}
	err = ctl_parse_args(cmd, &toks, &args, why, sizeof(why));
	if (err) {
		emit_error(out, name, why, err);
		goto out_tokens;
	}

	memset(&call, 0, sizeof(call));
	seq_buf_init(&reply);
	call.m = m;
	call.cmd = cmd;
	call.pid = pid;
	call.args = &args;
	call.reply = &reply;

	ctl_journal_lock();
	machine_lock_write(m);
	m->errmsg[0] = '\0';
	m->zone.host_nomem = false;
	trace_clock_command(&m->trace);	/* the trace's simulated clock */
	err = cmd->scope == CTL_PER_PID ? lookup_task(&call) : 0;
	if (!err) {
		/*
		 * The kernel's `current` (get_current(), machine.h): a
		 * task's command runs on its CPU, switching to it from the
		 * idle task; one from outside runs in its task's context
		 * on CPU 0 without a switch; a global one on CPU 0 as the
		 * kernel, with no current (schedule_outside()).
		 */
		struct sched_undo undo;

		bool runs = call.tsk && !cmd->from_outside;

		if (runs)
			schedule_command(m, call.tsk, &undo);
		else
			schedule_outside(m, call.tsk);
		err = cmd->handler(&call);
		if (runs)
			schedule_command_done(m, &undo, err || reply.err);
		else
			schedule_outside_done(m);
		/*
		 * The command boundary, the one place kswapd's work runs:
		 * woken by the command's allocations (or with free memory
		 * below the low watermark), it reclaims up to the high one.
		 */
		kswapd_run(m);
		/* memory.high: reclaim at the command boundary (memcontrol.h). */
		mem_cgroup_handle_over_high(m);
		/* It ran, so it may have changed the machine. */
		journal_command(pid, line, len);
	}
	if (!err && reply.err)
		err = reply.err;
	if (m->cfg.debug_vm && cmd->handler != cmd_check &&
	    run_checker(m, cmd->name, call.reason, sizeof(call.reason)))
		err = -EUCLEAN;	/* call.reason now says what broke */
	if (!err) {
		seq_write(out, reply.buf ? reply.buf : "", reply.len);
	} else {
		const char *reason = call.reason;

		/* Whatever the command says, the host ran out of memory. */
		if (err == -ENOMEM && m->zone.host_nomem)
			reason = "host out of memory";
		if (!reason[0])
			reason = m->errmsg[0] ? m->errmsg :
				 call.fallback[0] ? call.fallback :
				 ctl_errdefault(err);
		emit_error(out, cmd->name, reason, err);
	}
	/* A command boundary: freed frame contents go back to the host. */
	zone_release_host_memory(&m->zone);
	machine_unlock(m);
	ctl_journal_unlock();
	seq_buf_free(&reply);
	ctl_args_free(cmd, &args);
out_tokens:
	ctl_tokens_free(&toks);
	return err;
}

/* quote_into - @s as a "quoted string" of the command language. */
static void quote_into(struct seq_buf *out, const char *s, size_t len)
{
	seq_putc(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			seq_printf(out, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			seq_printf(out, "\\x%02x", ch);
		else
			seq_putc(out, (char)ch);
	}
	seq_putc(out, '"');
}

/**
 * ctl_cgroup_command() - see ctl.h: the fs glue's way to the cgroup
 * commands, which then run and are journaled as any global command.
 */
int ctl_cgroup_command(struct machine *m, const char *cmd, const char *path,
		       const char *file, const char *value, size_t vlen)
{
	struct seq_buf line;
	int err;

	seq_buf_init(&line);
	seq_printf(&line, "%s ", cmd);
	quote_into(&line, path, strlen(path));
	if (file) {
		/* echo's newline is the kernel's strstrip()'s. */
		while (vlen && (value[vlen - 1] == '\n' || value[vlen - 1] == ' ' ||
				value[vlen - 1] == '\t'))
			vlen--;
		seq_printf(&line, " %s ", file);
		quote_into(&line, value, vlen);
	}
	seq_putc(&line, '\0');
	if (line.err) {
		err = line.err;
		seq_buf_free(&line);
		return err;
	}
	err = ctl_execute_line(m, 0, line.buf, NULL);
	seq_buf_free(&line);
	return err;
}

/**
 * ctl_execute_line() - run one command line for @pid, as a session does.
 * @m: machine (not locked by the caller: the write lock is taken here)
 * @pid: 0 for MOUNTPOINT/ctl, else the process of MOUNTPOINT/PID/ctl
 * @line: the command, NUL-terminated, without newline
 * @reply: set to a malloc'ed copy of the reply line (without newline): the
 *	reply of a command that succeeded, or the whole "error: CMD: REASON
 *	(ERRNAME)" line of one that failed; "" for a blank or comment line
 *
 * Return: 0, or the failed command's -errno.
 */
int ctl_execute_line(struct machine *m, pid_t pid, const char *line,
		     char **reply)
{
	struct seq_buf out;
	size_t len;
	int err;

	seq_buf_init(&out);
	err = ctl_run_line(m, pid, line, strlen(line), &out);
	if (err == 1)
		err = 0;
	seq_putc(&out, '\0');	/* a buffer even for an empty reply */
	if (out.err) {
		seq_buf_free(&out);
		if (reply)
			*reply = NULL;
		return out.err;
	}
	if (reply)
		*reply = seq_take(&out, &len);
	else
		seq_buf_free(&out);
	return err;
}
