/*
 * array.c - /proc/PID/status, /proc/PID/stat and /proc/PID/statm, laid out
 * as fs/proc/array.c prints them on x86-64.
 *
 * The memory numbers are exact, from the task's mm. Everything a simulated
 * process does not have (credentials, signals, capabilities, scheduling)
 * shows the constant a root process on a 2-CPU, single-node machine with
 * ASLR off would show, so that real /proc readers parse the files as usual.
 */
#include <errno.h>
#include <stdio.h>
#include "internal.h"

/* All 41 capabilities (CAP_LAST_CAP 40): what root holds. */
#define CAP_FULL_SET	0x000001ffffffffffULL

/* Every simulated process lives in session 1, process group 1 (init's);
 * a kernel thread in none (0), as the idle task that forked kthreadd. */
#define MMSIM_PGID	1
#define MMSIM_SID	1
#define task_pgid(t)	(((t)->flags & PF_KTHREAD) ? 0 : MMSIM_PGID)
#define task_sid(t)	(((t)->flags & PF_KTHREAD) ? 0 : MMSIM_SID)

static bool task_is_zombie(const struct task_struct *tsk)
{
	return tsk->state == EXIT_ZOMBIE || tsk->state == EXIT_DEAD;
}

/* The one-letter state of stat and the words of status' State line. */
static char task_state_char(const struct task_struct *tsk)
{
	if (tsk->state == EXIT_DEAD)
		return 'X';
	return task_is_zombie(tsk) ? 'Z' : 'S';
}

static const char *task_state_name(const struct task_struct *tsk)
{
	if (tsk->state == EXIT_DEAD)
		return "X (dead)";
	return task_is_zombie(tsk) ? "Z (zombie)" : "S (sleeping)";
}

/* PPid: the real parent's tgid (a child of a thread names its process). */
static pid_t task_ppid(const struct task_struct *tsk)
{
	return tsk->real_parent ? tsk->real_parent->tgid : 0;
}

/**
 * task_rlimit_sigpending() - RLIMIT_SIGPENDING (and RLIMIT_NPROC) as
 * fork_init() sizes them: half of max_threads, which is RAM / (8 *
 * THREAD_SIZE), at least 20.
 */
unsigned long task_rlimit_sigpending(const struct machine *m)
{
	unsigned long max_threads;

	max_threads = (m->zone.nr_pages * PAGE_SIZE) / (THREAD_SIZE_KB * 1024 * 8);
	if (max_threads < 20)
		max_threads = 20;
	return max_threads / 2;
}

/**
 * get_nr_threads() - the threads of @tsk's thread group that are not
 * released (status' Threads:, stat's num_threads).
 */
int get_nr_threads(const struct task_struct *tsk)
{
	return tsk->signal->nr_threads;
}

/*
 * task_name() - "Name:" with the comm escaped as status escapes it: a
 * newline and a backslash become "\n" and "\\".
 */
static void task_name(struct seq_buf *s, const struct task_struct *tsk)
{
	const char *p;

	seq_puts(s, "Name:\t");
	for (p = tsk->comm; *p && p < tsk->comm + TASK_COMM_LEN; p++) {
		if (*p == '\n')
			seq_puts(s, "\\n");
		else if (*p == '\\')
			seq_puts(s, "\\\\");
		else
			seq_putc(s, *p);
	}
	seq_putc(s, '\n');
}

/*
 * task_state() - the identity lines. A zombie has released its fs_struct
 * and file table: no Umask line and FDSize 0, as in the kernel.
 */
static void task_state(struct seq_buf *s, const struct task_struct *tsk)
{
	bool zombie = task_is_zombie(tsk);

	if (!zombie)
		seq_printf(s, "Umask:\t%#04o\n", 022);
	seq_printf(s, "State:\t%s\n", task_state_name(tsk));
	seq_printf(s, "Tgid:\t%d\n", tsk->tgid);
	seq_printf(s, "Ngid:\t%d\n", 0);
	seq_printf(s, "Pid:\t%d\n", tsk->pid);
	seq_printf(s, "PPid:\t%d\n", task_ppid(tsk));
	seq_printf(s, "TracerPid:\t%d\n", 0);
	seq_puts(s, "Uid:\t0\t0\t0\t0\n");
	seq_puts(s, "Gid:\t0\t0\t0\t0\n");
	seq_printf(s, "FDSize:\t%d\n", zombie ? 0 : 64);
	seq_puts(s, "Groups:\t \n");
	seq_printf(s, "NStgid:\t%d\n", tsk->tgid);
	seq_printf(s, "NSpid:\t%d\n", tsk->pid);
	seq_printf(s, "NSpgid:\t%d\n", task_pgid(tsk));
	seq_printf(s, "NSsid:\t%d\n", task_sid(tsk));
	seq_printf(s, "Kthread:\t%d\n", !!(tsk->flags & PF_KTHREAD));
}

/* task_sig() .. task_context_switch_counts(): constants but the counts. */
static void task_tail(struct seq_buf *s, const struct machine *m,
		      const struct task_struct *tsk)
{
	int i;

	seq_printf(s, "Threads:\t%d\n", get_nr_threads(tsk));
	seq_printf(s, "SigQ:\t%d/%lu\n", 0, task_rlimit_sigpending(m));
	seq_puts(s, "SigPnd:\t0000000000000000\n");
	seq_puts(s, "ShdPnd:\t0000000000000000\n");
	seq_puts(s, "SigBlk:\t0000000000000000\n");
	/* A kernel thread ignores every signal (ignore_signals()). */
	seq_puts(s, (tsk->flags & PF_KTHREAD) ? "SigIgn:\tffffffffffffffff\n" :
		 "SigIgn:\t0000000000000000\n");
	seq_puts(s, "SigCgt:\t0000000000000000\n");
	seq_printf(s, "CapInh:\t%016llx\n", 0ULL);
	seq_printf(s, "CapPrm:\t%016llx\n", CAP_FULL_SET);
	seq_printf(s, "CapEff:\t%016llx\n", CAP_FULL_SET);
	seq_printf(s, "CapBnd:\t%016llx\n", CAP_FULL_SET);
	seq_printf(s, "CapAmb:\t%016llx\n", 0ULL);
	seq_printf(s, "NoNewPrivs:\t%d\n", 0);
	seq_printf(s, "Seccomp:\t%d\n", 0);
	seq_printf(s, "Seccomp_filters:\t%d\n", 0);
	seq_puts(s, "Speculation_Store_Bypass:\tvulnerable\n");
	seq_puts(s, "SpeculationIndirectBranch:\talways enabled\n");
	/* cpus_mask: the one CPU sched_setaffinity chose, or every CPU. */
	seq_printf(s, "Cpus_allowed:\t%llx\n", tsk->cpus_mask ?
		   (unsigned long long)tsk->cpus_mask :
		   MMSIM_NR_CPUS(m) == 64 ? ~0ULL :
		   (1ULL << MMSIM_NR_CPUS(m)) - 1);
	if (tsk->cpus_mask || MMSIM_NR_CPUS(m) == 1)
		seq_printf(s, "Cpus_allowed_list:\t%d\n", tsk->cpu);
	else
		seq_printf(s, "Cpus_allowed_list:\t0-%d\n", MMSIM_NR_CPUS(m) - 1);
	/* MAX_NUMNODES 1024: 32 words, node 0 only. */
	seq_puts(s, "Mems_allowed:\t");
	for (i = 0; i < 31; i++)
		seq_puts(s, "00000000,");
	seq_puts(s, "00000001\n");
	seq_puts(s, "Mems_allowed_list:\t0\n");
	seq_printf(s, "voluntary_ctxt_switches:\t%lu\n", tsk->nvcsw);
	seq_printf(s, "nonvoluntary_ctxt_switches:\t%lu\n", tsk->nivcsw);
}

/**
 * proc_pid_status_show() - /proc/PID/status. The mm lines (Vm*, Rss*,
 * HugetlbPages, CoreDumping, THP_enabled, untag_mask) appear only while
 * the task has an mm, so a zombie has none. Read lock held.
 */
int proc_pid_status_show(struct machine *m, struct task_struct *tsk,
			 struct seq_buf *s)
{
	if (!tsk)
		return -ENOENT;
	task_name(s, tsk);
	task_state(s, tsk);
	if (tsk->mm) {
		task_mem(s, tsk->mm);
		seq_printf(s, "CoreDumping:\t%d\n", 0);
		seq_printf(s, "THP_enabled:\t%d\n", 1);
		seq_printf(s, "untag_mask:\t%#lx\n", ~0UL);
	}
	task_tail(s, m, tsk);
	return s->err;
}

/* nsec_to_clock_t() for USER_HZ 100. */
static unsigned long long nsec_to_clock_t(unsigned long long ns)
{
	return ns / (NSEC_PER_SEC / USER_HZ);
}

/*
 * do_task_stat - /proc/PID/stat (@whole: the thread group's, as
 * proc_tgid_stat()) and /proc/PID/task/TID/stat (the thread's own, as
 * proc_tid_stat()): the 52 fields in their order. The fault counts of a
 * whole group add those of its released threads (signal->min_flt) and of
 * every live thread. vsize is in bytes, rss in pages, starttime in clock
 * ticks since boot. Read lock held.
 */
static int do_task_stat(struct task_struct *tsk, struct seq_buf *s,
			bool whole)
{
	unsigned long min_flt = tsk->min_flt, maj_flt = tsk->maj_flt;
	struct mm_struct *mm;
	unsigned long flags;
	bool zombie;

	mm = tsk->mm;
	zombie = task_is_zombie(tsk);
	flags = zombie ? (PF_EXITING | PF_POSTCOREDUMP | PF_NOFREEZE) :
		tsk->flags;
	if (whole) {
		struct task_struct *t;

		min_flt = tsk->signal->min_flt;
		maj_flt = tsk->signal->maj_flt;
		for_each_thread(tsk, t) {
			min_flt += t->min_flt;
			maj_flt += t->maj_flt;
		}
	}

	seq_printf(s, "%d (%.*s) %c", tsk->pid, TASK_COMM_LEN, tsk->comm,
		   task_state_char(tsk));
	seq_printf(s, " %d %d %d %d %d", task_ppid(tsk), task_pgid(tsk),
		   task_sid(tsk), 0 /* tty_nr */, -1 /* tty_pgrp */);
	seq_printf(s, " %lu", flags);
	/* min_flt cmin_flt maj_flt cmaj_flt */
	seq_printf(s, " %lu %lu %lu %lu", min_flt, tsk->signal->cmin_flt,
		   maj_flt, tsk->signal->cmaj_flt);
	/* utime stime cutime cstime priority nice num_threads itrealvalue */
	seq_printf(s, " %d %d %d %d %d %d %d %d", 0, 0, 0, 0, 20, 0,
		   get_nr_threads(tsk), 0);
	seq_printf(s, " %llu", nsec_to_clock_t(tsk->start_time_ns));
	seq_printf(s, " %lu %lu", mm ? task_vsize(mm) : 0UL,
		   mm ? get_mm_rss(mm) : 0UL);
	seq_printf(s, " %lu", ~0UL);	/* rsslim: RLIM_INFINITY */
	seq_printf(s, " %lu %lu %lu", mm ? mm->start_code : 0UL,
		   mm ? mm->end_code : 0UL, mm ? mm->start_stack : 0UL);
	/* kstkesp kstkeip: shown only while dumping core */
	seq_printf(s, " %d %d", 0, 0);
	/* signal blocked sigignore sigcatch (31 bits of each: a kernel
	 * thread ignores every signal) */
	seq_printf(s, " %d %d %lu %d", 0, 0,
		   (tsk->flags & PF_KTHREAD) ? 0x7fffffffUL : 0UL, 0);
	/* wchan: 1 whenever the task is not running, which is always */
	seq_printf(s, " %d", 1);
	/* nswap cnswap */
	seq_printf(s, " %d %d", 0, 0);
	seq_printf(s, " %d", tsk->exit_signal);
	/* processor (task_cpu(): where it runs or ran last) rt_priority
	 * policy delayacct_blkio_ticks gtime cgtime */
	seq_printf(s, " %d %d %d %d %d %d", tsk->cpu, 0, 0, 0, 0, 0);
	if (mm)
		seq_printf(s, " %lu %lu %lu %lu %lu %lu %lu", mm->start_data,
			   mm->end_data, mm->start_brk, mm->arg_start,
			   mm->arg_end, mm->env_start, mm->env_end);
	else
		seq_puts(s, " 0 0 0 0 0 0 0");
	seq_printf(s, " %d\n", zombie ? tsk->exit_code : 0);
	return s->err;
}

/** proc_tgid_stat_show() - /proc/PID/stat: the thread group's. */
int proc_tgid_stat_show(struct machine *m, struct task_struct *tsk,
			struct seq_buf *s)
{
	(void)m;
	return tsk ? do_task_stat(tsk, s, true) : -ENOENT;
}

/** proc_tid_stat_show() - /proc/PID/task/TID/stat: the thread's own. */
int proc_tid_stat_show(struct machine *m, struct task_struct *tsk,
		       struct seq_buf *s)
{
	(void)m;
	return tsk ? do_task_stat(tsk, s, false) : -ENOENT;
}

/**
 * proc_pid_statm_show() - /proc/PID/statm: size resident shared text lib
 * data dt, in pages; lib and dt are always 0 since Linux 2.6. A zombie
 * shows seven zeroes. Read lock held.
 */
int proc_pid_statm_show(struct machine *m, struct task_struct *tsk,
			struct seq_buf *s)
{
	unsigned long size = 0, resident = 0, shared = 0, text = 0, data = 0;

	(void)m;
	if (!tsk)
		return -ENOENT;
	if (tsk->mm)
		size = task_statm(tsk->mm, &shared, &text, &data, &resident);
	seq_printf(s, "%lu %lu %lu %lu 0 %lu 0\n", size, resident, shared,
		   text, data);
	return s->err;
}
