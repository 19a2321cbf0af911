/*
 * sched.c - the machine's CPUs and what running a command on one costs
 * (kernel/sched/core.c's context_switch, arch/x86/mm/tlb.c's
 * switch_mm_irqs_off): each task's commands run on the CPU of its
 * affinity (sched_setaffinity; CPU 0 by default), and when the address
 * space its CPU holds is another, the CPU loads CR3 with the new mm's
 * page tables.
 *
 * A task is blocked between its commands (reading its ctl): when its
 * command is done it sleeps and its CPU switches to the idle task, which
 * borrows the task's mm as its active_mm (lazy TLB mode: the mm stays in
 * CR3 and in mm_cpumask); the next command on that CPU switches from
 * idle to its task. So each command is two context switches of its CPU
 * and one voluntary switch (nvcsw) of its task, as a process that blocks
 * in read(2) between requests would have; nivcsw stays 0, as nothing
 * preempts a command.
 *
 * A kernel thread (vm/kthread.c: kthreadd, kswapd0; mm NULL) runs its
 * work on a CPU between commands (schedule_kthread()): the CPU switches
 * to it without loading CR3, and it borrows the mm the CPU holds as its
 * active_mm, pinned by mm_count (mmgrab()), as context_switch() does with
 * enter_lazy_tlb(); the CPU stays in lazy TLB mode, spared the flush IPIs
 * of that mm (vm/tlb.c). The thread is still on its CPU when the work is
 * done: it goes to sleep (a voluntary switch, its borrowed mm dropped
 * with mmdrop(), as finish_task_switch() does with rq->prev_mm) when
 * that CPU's next task command or kernel thread comes, so that the views
 * between commands show it running with its borrowed mm.
 *
 * The machine has no PCID (as a kernel booted with nopcid): every CR3
 * load flushes the whole TLB of its CPU, so going from one thread of a
 * process to another costs nothing and going from one process to another
 * costs a CR3 load and a flush, as the third seed says.
 */
#include <errno.h>
#include "machine.h"
#include "mm.h"
#include "tlb.h"

/**
 * set_cpus_allowed_ptr() - sched_setaffinity(2) of @p to the one CPU @cpu:
 * its later commands run there.
 * @p: a live task
 * @cpu: 0 .. nr_cpus - 1
 * Return: 0, or -EINVAL (no such CPU) with the reason recorded.
 * Locking: machine lock held for writing.
 */
int set_cpus_allowed_ptr(struct task_struct *p, int cpu)
{
	struct machine *m = p->machine;

	if (cpu < 0 || cpu >= m->cfg.nr_cpus) {
		vm_err(m, "no CPU %d (the machine has CPUs 0-%d)", cpu,
		       m->cfg.nr_cpus - 1);
		return -EINVAL;
	}
	p->cpus_mask = 1UL << cpu;
	p->cpu = cpu;
	return 0;
}

/*
 * switch_mm_irqs_off - load @next into @cpu's CR3 unless it is there
 * already. A CPU that stays on one mm but missed flushes while it was
 * lazy (its loaded_tlb_gen is behind the mm's tlb_gen) flushes now, as
 * Linux does on the way out of lazy mode.
 */
static void switch_mm_irqs_off(struct machine *m, int cpu,
			       struct mm_struct *next)
{
	struct cpu_state *cs = &m->cpus[cpu];
	struct mm_struct *prev = cs->loaded_mm;

	if (prev == next) {
		if (next && cs->loaded_tlb_gen != next->tlb_gen) {
			cs->loaded_tlb_gen = next->tlb_gen;
			hw_tlb_flush_all(&cs->tlb);
			trace_tlb_flush(&m->trace, TLB_FLUSH_ON_TASK_SWITCH,
					TLB_FLUSH_ALL);
		}
		return;
	}
	/* Stop remote flushes for the previous mm; start them for next. */
	if (prev)
		prev->cpu_bitmap &= ~(1UL << cpu);
	/* Without PCID, any CR3 write empties the TLB (init_mm's too). */
	hw_tlb_flush_all(&cs->tlb);
	cs->loaded_mm = next;
	if (!next)
		return;
	next->cpu_bitmap |= 1UL << cpu;
	cs->loaded_tlb_gen = next->tlb_gen;
	/* load_new_mm_cr3() without PCID: the CR3 write flushes. */
	trace_tlb_flush(&m->trace, TLB_FLUSH_ON_TASK_SWITCH, TLB_FLUSH_ALL);
}

/*
 * context_switch - @cpu switches from the task it runs (NULL: the idle
 * task) to @next (NULL: idle), as kernel/sched/core.c's does. To a user
 * task, switch_mm_irqs_off() loads its mm unless the CPU has it; to a
 * kernel thread, nothing is loaded (enter_lazy_tlb()) and the thread
 * borrows the CPU's mm as its active_mm with mmgrab(); a kernel thread
 * switched away from drops its borrowed mm last (mmdrop(), after the
 * switch, which may free it). The idle task's own borrow is not counted
 * (sched_mm_gone() ends it). Every switch counts in the runqueue's
 * nr_switches and, but for idle's, in the nvcsw of the task that leaves:
 * a task leaves its CPU only by blocking for its next command, a kernel
 * thread only by going to sleep.
 */
static void context_switch(struct machine *m, int cpu,
			   struct task_struct *next)
{
	struct cpu_state *cs = &m->cpus[cpu];
	struct task_struct *prev = cs->curr;
	struct mm_struct *prev_mm = NULL;

	cs->nr_switches++;
	if (prev) {
		prev->nvcsw++;
		if (prev->flags & PF_KTHREAD) {
			prev_mm = prev->active_mm;	/* rq->prev_mm */
			prev->active_mm = NULL;
		}
	}
	cs->curr = next;
	if (next && (next->flags & PF_KTHREAD)) {
		next->active_mm = cs->loaded_mm;
		if (next->active_mm)
			mmgrab(next->active_mm);	/* mmgrab_lazy_tlb() */
		next->cpu = cpu;
	} else if (next && next->mm) {
		switch_mm_irqs_off(m, cpu, next->mm);
	}
	if (prev_mm)
		mmdrop(prev_mm);	/* finish_task_switch() */
}

/* kthread_sleep - the kernel thread still on @cpu, if any, goes to sleep. */
static void kthread_sleep(struct machine *m, int cpu)
{
	struct task_struct *curr = m->cpus[cpu].curr;

	if (curr && (curr->flags & PF_KTHREAD))
		context_switch(m, cpu, NULL);
}

/**
 * schedule_command() - the command about to run is @next's: its CPU
 * switches from the idle task to it (context_switch()), loading its mm
 * unless that mm is the one idle kept, and @next becomes current. A
 * kernel thread still on that CPU goes to sleep first; its sleep is not
 * the command's, so a failed command does not undo it.
 * @m: machine (write lock)
 * @next: a live task
 * @undo: filled with what it changed, for schedule_command_done()
 */
void schedule_command(struct machine *m, struct task_struct *next,
		      struct sched_undo *undo)
{
	int cpu = next->cpu < m->cfg.nr_cpus ? next->cpu : 0;
	struct cpu_state *cs = &m->cpus[cpu];

	kthread_sleep(m, cpu);
	undo->cs = *cs;
	undo->prev_mm = cs->loaded_mm;
	undo->prev_bitmap = cs->loaded_mm ? cs->loaded_mm->cpu_bitmap : 0;
	undo->next_mm = next->mm;
	undo->next_bitmap = next->mm ? next->mm->cpu_bitmap : 0;
	m->this_cpu = cpu;
	context_switch(m, cpu, next);
}

/**
 * schedule_command_done() - the command is done: its task blocks for its
 * next command (a voluntary switch) and its CPU runs the idle task, in
 * lazy TLB mode. A task that exited in the command made its last switch.
 * A command that failed changed nothing, its switches included: the CPU
 * and the mm_cpumasks are as schedule_command() found them.
 * @m: machine (write lock)
 * @undo: what schedule_command() saved
 * @failed: the command failed
 */
void schedule_command_done(struct machine *m, const struct sched_undo *undo,
			   bool failed)
{
	struct cpu_state *cs = &m->cpus[m->this_cpu];

	if (failed) {
		*cs = undo->cs;
		if (undo->prev_mm)
			undo->prev_mm->cpu_bitmap = undo->prev_bitmap;
		if (undo->next_mm)
			undo->next_mm->cpu_bitmap = undo->next_bitmap;
		return;
	}
	context_switch(m, m->this_cpu, NULL);
}

/**
 * schedule_kthread() - the kernel thread @k's work is about to run on
 * @cpu, between commands: the CPU switches to it from the idle task (or
 * from another kernel thread, which goes to sleep), and @k borrows the
 * CPU's mm as its active_mm, loading no CR3 (see context_switch()). @k
 * stays on the CPU, current there, until the CPU's next task command or
 * kernel thread. Without kernel threads (@k NULL: no --kthreads), the
 * work runs on @cpu in the kernel's own context, with no current and no
 * switch, as a global command runs.
 * @m: machine (write lock)
 * @k: a kernel thread (PF_KTHREAD), or NULL
 * @cpu: 0 .. nr_cpus - 1
 */
void schedule_kthread(struct machine *m, struct task_struct *k, int cpu)
{
	m->this_cpu = cpu;
	if (!k || m->cpus[cpu].curr == k)
		return;
	/* A thread sleeping on one CPU wakes on another: off the first. */
	if (m->cpus[k->cpu].curr == k)
		context_switch(m, k->cpu, NULL);
	kthread_sleep(m, cpu);
	context_switch(m, cpu, k);
}

/**
 * sched_idle_all() - every CPU goes idle: the kernel threads still on
 * one go to sleep, dropping their borrowed mms (machine_destroy()).
 * @m: machine
 */
void sched_idle_all(struct machine *m)
{
	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		kthread_sleep(m, cpu);
}

/**
 * schedule_outside() - a command from outside the machine runs: a global
 * one (@tsk NULL) in the kernel's context, with no current; one that
 * works on @tsk's memory (a read of PID/mem, vtop, clear_refs,
 * oom_score_adj) in @tsk's context, with @tsk as current (so that the
 * OOM killer spares the mm under access, and trace lines name @tsk). Its
 * sender is a host process, not a task of the machine, so no CPU
 * switches: CPU 0 lends the command its context and counts no switch,
 * and schedule_outside_done() gives it back to what it ran (idle, or the
 * kernel thread that ran there last, which neither sleeps nor notices).
 * @m: machine (write lock)
 * @tsk: the task whose memory the command works on, or NULL
 */
void schedule_outside(struct machine *m, struct task_struct *tsk)
{
	struct cpu_state *cs = &m->cpus[0];

	m->this_cpu = 0;
	cs->lent = true;
	cs->lent_curr = cs->curr;
	cs->curr = tsk;
}

/**
 * schedule_outside_done() - the outside command is done: CPU 0 runs
 * what it ran before again (@tsk may have been released meanwhile; a
 * kernel thread cannot be).
 * @m: machine (write lock)
 */
void schedule_outside_done(struct machine *m)
{
	struct cpu_state *cs = &m->cpus[0];

	cs->curr = cs->lent_curr;
	cs->lent = false;
	cs->lent_curr = NULL;
}

/**
 * cpu_curr_between() - the task @cpu runs as seen between commands: its
 * curr, or, while CPU 0 is lent to an outside command (the checker's own
 * `check`), the task the command runs in place of. Read lock suffices.
 */
struct task_struct *cpu_curr_between(const struct machine *m, int cpu)
{
	const struct cpu_state *cs = &m->cpus[cpu];

	return cs->lent ? cs->lent_curr : cs->curr;
}

/**
 * activate_mm() - exec_mmap()'s switch to the new address space: when
 * @tsk is running (current), its CPU loads @tsk->mm at once.
 * @tsk: the exec'ing task, its mm just replaced
 */
void activate_mm(struct task_struct *tsk)
{
	struct machine *m = tsk->machine;

	if (get_current(m) == tsk && tsk->mm)
		switch_mm_irqs_off(m, m->this_cpu, tsk->mm);
}

/**
 * sched_task_gone() - @p is released: no CPU's runqueue names it any
 * more (its CPU is idle after its last switch).
 * @p: the task being released
 */
void sched_task_gone(struct task_struct *p)
{
	struct machine *m = p->machine;

	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		if (m->cpus[cpu].curr == p)
			m->cpus[cpu].curr = NULL;
}

/**
 * sched_mm_gone() - @mm is being freed: a CPU that still had it loaded
 * lazily switches to init_mm first (the idle task's mmdrop() of its
 * borrowed active_mm comes last, as in the kernel).
 * @mm: the address space
 */
void sched_mm_gone(struct mm_struct *mm)
{
	struct machine *m = mm->machine;

	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		if (m->cpus[cpu].loaded_mm == mm)
			switch_mm_irqs_off(m, cpu, NULL);
}

/**
 * nr_context_switches() - every CPU's switches: /proc/stat's ctxt.
 * Read lock suffices.
 */
unsigned long long nr_context_switches(const struct machine *m)
{
	unsigned long long sum = 0;

	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		sum += m->cpus[cpu].nr_switches;
	return sum;
}
