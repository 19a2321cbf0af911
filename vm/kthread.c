/*
 * kthread.c - the machine's kernel threads (kernel/kthread.c, and
 * mm/vmscan.c's kswapd_run()): with --kthreads, kthreadd (PID 2, forked
 * by the idle task, so PPid 0) and kswapd0 (PID 3, forked by kthreadd,
 * its child), as rest_init() and kswapd_init() make them at boot. They
 * are tasks with PF_KTHREAD and no mm of their own (mm NULL): when one
 * runs, it borrows the mm its CPU holds as its active_mm (vm/sched.c,
 * schedule_kthread()). They sleep between the works they do: kswapd0
 * does reclaim's. Nothing can kill them or send them commands.
 *
 * They are in the PID index and counted in nr_tasks, so the tree lists
 * them, but on no task list: the loops over machine->tasks (the OOM
 * killer's, rmap's, the checker's) are over user tasks, as Linux's skip
 * PF_KTHREAD. Their task_struct, signal_struct and sighand_struct come
 * from the slab caches, as any task's.
 *
 * Without --kthreads (the default) the machine has none: a fresh machine
 * has exactly one process, PID 1, as the contract says, and the work a
 * kernel thread would do runs on a CPU in the kernel's own context, with
 * no current task and no context switch, as a global command runs
 * (schedule_kthread() with NULL). Booting makes no context switch either
 * way: the counts start at 0.
 */
#include <errno.h>
#include <stdio.h>
#include "machine.h"
#include "mm.h"
#include "tlb.h"

/*
 * kthread_create - a sleeping kernel thread @comm, the child of @parent
 * (NULL: of the idle task), with the next PID: kernel_thread()'s
 * copy_process() with @flags on top of PF_KTHREAD. It has no mm, no fd
 * table of its own (a kernel thread shares init's fs and files; mmsim's
 * views show none) and every signal ignored.
 */
static struct task_struct *kthread_create(struct machine *m,
					  struct task_struct *parent,
					  const char *comm, unsigned int flags,
					  int exit_signal, int *err)
{
	struct task_struct *k;

	*err = pid_max_check(m);
	if (*err)
		return NULL;
	k = alloc_task_struct(m);
	if (!k) {
		*err = -ENOMEM;
		return NULL;
	}
	k->state = TASK_SLEEPING;
	snprintf(k->comm, sizeof(k->comm), "%s", comm);
	INIT_LIST_HEAD(&k->children);
	INIT_LIST_HEAD(&k->sibling);
	k->flags = PF_KTHREAD | PF_FORKNOEXEC | flags;
	k->exit_signal = exit_signal;
	cgroup_fork(NULL, k);	/* kernel threads live in the root group */
	attach_pid(m, k, parent);
	return k;
}

/**
 * kthreads_init() - boot's kernel threads, with --kthreads: kthreadd,
 * then kswapd0 as kthreadd's child (PF_MEMALLOC | PF_KSWAPD, signalling
 * SIGCHLD, as create_kthread() makes every thread after kthreadd).
 * @m: the machine being booted, PID 1 made
 * Return: 0, or -errno (host memory) with nothing left to undo but what
 * kthreads_exit() frees.
 */
int kthreads_init(struct machine *m)
{
	int err;

	if (!m->cfg.kthreads)
		return 0;
	/* kernel_thread(kthreadd, NULL, NULL, CLONE_FS | CLONE_FILES) */
	m->kthreadd = kthread_create(m, NULL, "kthreadd", PF_NOFREEZE, 0, &err);
	if (!m->kthreadd)
		return err;
	m->kswapd = kthread_create(m, m->kthreadd, "kswapd0",
				   PF_MEMALLOC | PF_KSWAPD, 17 /* SIGCHLD */,
				   &err);
	return m->kswapd ? 0 : err;
}

/**
 * kthreads_exit() - free the kernel threads (machine_destroy()), after
 * every CPU went idle (sched_idle_all()), so none holds a borrowed mm.
 * @m: machine
 */
void kthreads_exit(struct machine *m)
{
	if (m->kswapd)
		free_task(m->kswapd);
	if (m->kthreadd)
		free_task(m->kthreadd);
	m->kswapd = m->kthreadd = NULL;
}
