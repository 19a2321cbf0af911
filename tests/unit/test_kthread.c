/*
 * test_kthread.c - the kernel threads (vm/kthread.c) and what running one
 * costs its CPU (vm/sched.c, schedule_kthread()): boot's kthreadd and
 * kswapd0 with --kthreads and none without; a switch to a kernel thread
 * loads no CR3 and borrows the CPU's mm, pinned by mm_count; the thread
 * sleeps (a voluntary switch, the mm dropped) when its CPU's next command
 * comes; an mm it borrows outlives its process until then.
 */
#include <errno.h>
#include <signal.h>
#include "unit.h"
#include "../../vm/mm.h"
#include "../../vm/tlb.h"

static struct machine *boot_kthreads(void)
{
	struct machine_config cfg;
	struct machine *m;

	machine_config_default(&cfg);
	cfg.mem_bytes = 16UL << 20;
	cfg.kthreads = true;
	m = machine_boot(&cfg);
	ASSERT(m != NULL);
	unit_track(m);
	return m;
}

/* One command of @t on its CPU, as the ctl layer runs it. */
static void command_of(struct task_struct *t)
{
	struct sched_undo undo;

	schedule_command(t->machine, t, &undo);
	ASSERT(get_current(t->machine) == t);
	schedule_command_done(t->machine, &undo, false);
}

static void test_no_kthreads_by_default(void)
{
	struct machine *m = unit_boot(16UL << 20);

	ASSERT(m->kthreadd == NULL && m->kswapd == NULL);
	ASSERT_EQ(m->nr_tasks, 1);
	ASSERT(next_task_by_pid(m, 2) == NULL);
	ASSERT_EQ(unit_spawn(m, "a")->pid, 2);
	/* Their work runs with no current and no switch. */
	schedule_kthread(m, NULL, 1);
	ASSERT_EQ(m->this_cpu, 1);
	ASSERT(get_current(m) == NULL);
	ASSERT_EQ(nr_context_switches(m), 0);
}

static void test_boot_kthreads(void)
{
	struct machine *m = boot_kthreads();
	struct task_struct *kd = m->kthreadd, *ks = m->kswapd;

	ASSERT_EQ(kd->pid, 2);
	ASSERT_EQ(ks->pid, 3);
	ASSERT(kd->real_parent == NULL && ks->real_parent == kd);
	ASSERT(kd->mm == NULL && ks->mm == NULL && ks->active_mm == NULL);
	ASSERT_EQ(kd->flags, PF_KTHREAD | PF_NOFREEZE | PF_FORKNOEXEC);
	ASSERT_EQ(ks->flags, PF_KTHREAD | PF_KSWAPD | PF_MEMALLOC |
			     PF_FORKNOEXEC);
	ASSERT(find_task_by_pid(m, 3) == ks);
	ASSERT_EQ(m->nr_tasks, 3);
	ASSERT_EQ(unit_spawn(m, "a")->pid, 4);
	ASSERT_EQ(nr_context_switches(m), 0);
}

static void test_switch_to_kthread_borrows(void)
{
	struct machine *m = boot_kthreads();
	struct task_struct *ks = m->kswapd;
	struct task_struct *p = unit_spawn(m, "p");
	struct mm_struct *mm = p->mm;

	command_of(p);			/* CPU 0 holds p's mm, lazily */
	ASSERT(m->cpus[0].loaded_mm == mm);
	ASSERT_EQ(m->cpus[0].nr_switches, 2);

	schedule_kthread(m, ks, 0);
	ASSERT(get_current(m) == ks);
	ASSERT(ks->active_mm == mm && ks->mm == NULL);
	ASSERT(m->cpus[0].loaded_mm == mm);	/* no CR3 load */
	ASSERT_EQ(mm->mm_count, 2);		/* mmgrab_lazy_tlb() */
	ASSERT_EQ(m->cpus[0].nr_switches, 3);
	ASSERT_EQ(ks->nvcsw, 0);
	unit_expect_clean(m, __FILE__, __LINE__);

	/* p's next command: kswapd0 sleeps, p runs on the mm CR3 has. */
	command_of(p);
	ASSERT(ks->active_mm == NULL);
	ASSERT_EQ(ks->nvcsw, 1);
	ASSERT_EQ(mm->mm_count, 1);
	ASSERT(m->cpus[0].loaded_mm == mm);
	ASSERT_EQ(m->cpus[0].nr_switches, 6);
	ASSERT_EQ(p->nvcsw, 2);
}

static void test_kthread_moves_and_outlives(void)
{
	struct machine *m = boot_kthreads();
	struct task_struct *ks = m->kswapd;
	struct task_struct *p = unit_spawn(m, "p");
	struct task_struct *q = unit_spawn(m, "q");
	struct mm_struct *qmm = q->mm;

	command_of(p);
	ASSERT_EQ(set_cpus_allowed_ptr(q, 1), 0);
	command_of(q);
	schedule_kthread(m, ks, 1);
	ASSERT(ks->active_mm == qmm && ks->cpu == 1);
	/* q dies meanwhile: its mm_struct lives on, pinned by the borrow. */
	do_group_exit(q, SIGKILL);
	ASSERT(find_task_by_pid_any(m, 5) == NULL);
	ASSERT_EQ(qmm->mm_users, 0);
	ASSERT_EQ(qmm->mm_count, 1);
	ASSERT(m->cpus[1].loaded_mm == qmm);
	unit_expect_clean(m, __FILE__, __LINE__);
	/* Woken for CPU 0: it sleeps on CPU 1 first, dropping q's mm last. */
	schedule_kthread(m, ks, 0);
	ASSERT(m->cpus[1].curr == NULL && m->cpus[1].loaded_mm == NULL);
	ASSERT(ks->active_mm == p->mm && ks->cpu == 0);
	ASSERT_EQ(p->mm->mm_count, 2);
	ASSERT_EQ(ks->nvcsw, 1);
	unit_expect_clean(m, __FILE__, __LINE__);
}

int main(void)
{
	RUN(test_no_kthreads_by_default);
	RUN(test_boot_kthreads);
	RUN(test_switch_to_kthread_borrows);
	RUN(test_kthread_moves_and_outlives);
	return unit_done();
}
