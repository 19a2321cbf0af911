/*
 * exit.c - process exit and reaping (kernel/exit.c): do_exit with
 * exit_mm and forget_original_parent, wait4 with wait_task_zombie, and
 * release_task.
 *
 * Lifecycle of a task: TASK_RUNNING -> do_exit() -> EXIT_ZOMBIE (no mm,
 * exit_code and fault counts kept for the parent) -> wait_task_zombie(),
 * from the parent's wait4() or PID 1's reaping at once -> release_task()
 * -> EXIT_DEAD and freed.
 */
#include <errno.h>
#include <stdlib.h>
#include "machine.h"
#include "mm.h"

static bool task_alive(const struct task_struct *tsk)
{
	return tsk->state == TASK_RUNNING || tsk->state == TASK_SLEEPING;
}

/*
 * release_task - the last of a task: off its parent's children list and
 * the machine's task list, its PID freed for reuse (free_pid()), then
 * the task itself.
 */
static void release_task(struct task_struct *p)
{
	struct machine *m = p->machine;

	if (p->mm) {			/* never the case after do_exit() */
		struct mm_struct *mm = p->mm;

		p->mm = NULL;
		mmput(mm);
	}
	p->state = EXIT_DEAD;
	list_del(&p->sibling);
	list_del(&p->tasks);
	free_pid(m, p);
	m->nr_tasks--;
	if (m->current == p)
		m->current = NULL;
	free_task(p);
}

/*
 * wait_task_zombie - @parent reaps its zombie child @p. As for the CPU
 * times, the child's faults and the faults of everything it reaped
 * itself are added to the parent's signal->cmin_flt/cmaj_flt; then the
 * child is released. PID 1's reaping at once is its wait(), so it gains
 * the counts of every task it reaps. (A parent that ignored SIGCHLD would
 * have its children released unaccounted in exit_notify(); mmsim's tasks
 * never ignore it.)
 * Return: @p's pid, with its wait status in *@status when given.
 */
static pid_t wait_task_zombie(struct task_struct *parent,
			      struct task_struct *p, int *status)
{
	pid_t pid = p->pid;

	parent->signal->cmin_flt += p->min_flt + p->signal->cmin_flt;
	parent->signal->cmaj_flt += p->maj_flt + p->signal->cmaj_flt;
	if (status)
		*status = p->exit_code;
	release_task(p);
	return pid;
}

/*
 * exit_mm - detach the task from its address space and drop its user;
 * being the only user, that tears down every VMA, page and table now.
 */
static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;

	if (!mm)
		return;
	tsk->mm = NULL;
	mmput(mm);
}

/*
 * forget_original_parent - hand the exiting task's children to PID 1
 * (the child reaper). PID 1 reaps zombies at once, so any child that is
 * already a zombie is reaped by it here.
 */
static void forget_original_parent(struct task_struct *father)
{
	struct task_struct *reaper = father->machine->init_task;
	struct task_struct *p, *n;

	list_for_each_entry_safe(p, n, &father->children, sibling) {
		list_del(&p->sibling);
		p->real_parent = reaper;
		list_add_tail(&p->sibling, &reaper->children);
		if (p->state == EXIT_ZOMBIE)
			wait_task_zombie(reaper, p, NULL);
	}
}

/**
 * do_exit() - end a task.
 * @tsk: the exiting task
 * @code: wait status as waitpid() will report it: (status & 0xff) << 8
 *	for exit(status), or the signal number for a task killed by a
 *	signal (SIGSEGV, SIGKILL)
 *
 * Frees the address space (exit_mm), reparents the children to PID 1 and
 * leaves a zombie holding @code for the parent's wait4(). A child of
 * PID 1 is reaped at once, so the task is gone when this returns: callers
 * must not touch @tsk after a successful call.
 *
 * Return: 0; -EPERM for PID 1; -ESRCH for a task that already exited.
 * Locking: machine lock held for writing.
 */
int do_exit(struct task_struct *tsk, int code)
{
	struct machine *m = tsk->machine;

	if (tsk == m->init_task) {
		vm_err(m, "PID 1 cannot exit");
		return -EPERM;
	}
	if (!task_alive(tsk)) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}

	exit_mm(tsk);
	exit_files(tsk);
	forget_original_parent(tsk);
	tsk->exit_code = code;
	tsk->state = EXIT_ZOMBIE;

	/* exit_notify(): PID 1 ignores nothing and reaps at once. */
	if (tsk->real_parent == m->init_task)
		wait_task_zombie(m->init_task, tsk, NULL);
	return 0;
}

/**
 * sys_wait4() - reap a zombie child, never blocking.
 * @tsk: the waiting parent
 * @pid: the child to wait for, or any child when <= 0
 * @status: set to the child's wait status (see do_exit())
 *
 * Children are scanned oldest first, as the kernel walks ->children.
 *
 * Return: the reaped child's pid; -ECHILD when @tsk has no such child;
 * -EAGAIN when the matching children are all still running (the
 * simulator cannot sleep); -ESRCH when @tsk itself has exited.
 * Locking: machine lock held for writing.
 */
pid_t sys_wait4(struct task_struct *tsk, pid_t pid, int *status)
{
	struct machine *m = tsk->machine;
	struct task_struct *p;
	bool found = false;

	if (!task_alive(tsk)) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	list_for_each_entry(p, &tsk->children, sibling) {
		if (pid > 0 && p->pid != pid)
			continue;
		found = true;
		if (p->state != EXIT_ZOMBIE)
			continue;
		return wait_task_zombie(tsk, p, status);
	}
	if (found) {
		if (pid > 0)
			vm_err(m, "child %d has not exited", (int)pid);
		else
			vm_err(m, "no child has exited");
		return -EAGAIN;
	}
	if (pid > 0)
		vm_err(m, "%d is not a child of %d", (int)pid, (int)tsk->pid);
	else
		vm_err(m, "no child processes");
	return -ECHILD;
}
