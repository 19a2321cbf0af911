/*
 * stat.c - the machine-wide odds and ends: /proc/stat (fs/proc/stat.c),
 * /proc/uptime and /proc/version. The simulated CPUs never run anything,
 * so their time is all idle time since boot; the process counters come
 * from the machine.
 */
#include "internal.h"

/* Legacy ISA interrupts, the least a PC's "intr" line lists. */
#define NR_IRQS_LEGACY	16
#define NR_SOFTIRQS	10

/**
 * nr_live_tasks() - tasks that still own a kernel stack: every task that
 * has not yet exited (a zombie's stack is freed when it last runs).
 */
unsigned long nr_live_tasks(struct machine *m)
{
	struct task_struct *t;
	unsigned long n = 0;

	for_each_task(m, t)
		if (t->state != EXIT_ZOMBIE && t->state != EXIT_DEAD)
			n++;
	return n;
}

/* Hundredths of a second since boot, truncated as the kernel truncates. */
static unsigned long long uptime_centisecs(const struct machine *m)
{
	double up = machine_uptime(m);

	return up > 0 ? (unsigned long long)(up * 100.0) : 0;
}

/**
 * show_stat() - /proc/stat: an aggregate "cpu" line and one line per CPU
 * (user nice system idle iowait irq softirq steal guest guest_nice, in
 * USER_HZ ticks), interrupts, context switches, boot time, forks and the
 * run queue. Read lock held.
 */
int show_stat(struct machine *m, struct task_struct *tsk, struct seq_buf *s)
{
	unsigned long long idle = uptime_centisecs(m);	/* USER_HZ == 100 */
	unsigned long long ctxt = nr_context_switches(m);
	int cpu, i;

	(void)tsk;
	seq_printf(s, "cpu  0 0 0 %llu 0 0 0 0 0 0\n", idle * MMSIM_NR_CPUS(m));
	for (cpu = 0; cpu < MMSIM_NR_CPUS(m); cpu++)
		seq_printf(s, "cpu%d 0 0 0 %llu 0 0 0 0 0 0\n", cpu, idle);
	seq_puts(s, "intr 0");
	for (i = 0; i < NR_IRQS_LEGACY; i++)
		seq_puts(s, " 0");
	seq_printf(s, "\nctxt %llu\n", ctxt);
	seq_printf(s, "btime %llu\n",
		   (unsigned long long)m->boot_realtime.tv_sec);
	seq_printf(s, "processes %llu\n", m->forks);
	seq_printf(s, "procs_running %u\n", 1U);
	seq_printf(s, "procs_blocked %u\n", 0U);
	seq_puts(s, "softirq 0");
	for (i = 0; i < NR_SOFTIRQS; i++)
		seq_puts(s, " 0");
	seq_putc(s, '\n');
	return s->err;
}

/**
 * uptime_proc_show() - /proc/uptime: seconds since boot and the idle time
 * summed over the CPUs, both with two decimals.
 */
int uptime_proc_show(struct machine *m, struct task_struct *tsk,
		     struct seq_buf *s)
{
	unsigned long long up = uptime_centisecs(m);
	unsigned long long idle = up * MMSIM_NR_CPUS(m);

	(void)tsk;
	seq_printf(s, "%llu.%02llu %llu.%02llu\n", up / 100, up % 100,
		   idle / 100, idle % 100);
	return s->err;
}

/**
 * loadavg_proc_show() - /proc/loadavg: the 1, 5 and 15 minute load
 * averages, runnable/existing tasks, and the PID handed out last. The
 * simulated tasks never run (every one sleeps between commands), so the
 * averages are 0.00 and the one runnable task is the reader, as /proc/stat's
 * procs_running counts it; the tasks are every task the machine has,
 * zombies too (nr_threads). Read lock held.
 */
int loadavg_proc_show(struct machine *m, struct task_struct *tsk,
		      struct seq_buf *s)
{
	(void)tsk;
	seq_printf(s, "%lu.%02lu %lu.%02lu %lu.%02lu %u/%lu %d\n", 0UL, 0UL,
		   0UL, 0UL, 0UL, 0UL, 1U, m->nr_tasks, (int)m->last_pid);
	return s->err;
}

#if defined(__clang__)
#define MMSIM_COMPILER	"clang version " __clang_version__
#elif defined(__GNUC__)
#define MMSIM_COMPILER	"gcc version " __VERSION__
#else
#define MMSIM_COMPILER	"cc"
#endif

/**
 * version_proc_show() - /proc/version: linux_banner's layout, "Linux
 * version RELEASE (USER@HOST) (COMPILER) VERSION". Like a reproducible
 * kernel build, the build time is "@0".
 */
int version_proc_show(struct machine *m, struct task_struct *tsk,
		      struct seq_buf *s)
{
	(void)m;
	(void)tsk;
	seq_puts(s, "Linux version " MMSIM_UTS_RELEASE " (mmsim@mmsim) ("
		 MMSIM_COMPILER ") #1 SMP PREEMPT_DYNAMIC @0\n");
	return s->err;
}
