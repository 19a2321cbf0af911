/*
 * exit.c - task exit and reaping (kernel/exit.c): do_exit with exit_mm
 * and forget_original_parent, do_group_exit, wait4 with
 * wait_task_zombie, and release_task.
 *
 * Lifecycle of a task: TASK_RUNNING -> do_exit() -> EXIT_ZOMBIE (no mm,
 * exit_code and fault counts kept for the parent) -> wait_task_zombie(),
 * from the parent's wait4() or PID 1's reaping at once -> release_task()
 * -> EXIT_DEAD and freed. A thread other than the group leader is
 * released at once (exit_notify()'s autoreap); the leader stays a zombie
 * nobody can reap until the last of its threads is released
 * (delay_group_leader()).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include "machine.h"
#include "mm.h"
#include "tlb.h"

static bool task_alive(const struct task_struct *tsk)
{
	return tsk->state == TASK_RUNNING || tsk->state == TASK_SLEEPING;
}

static bool thread_group_empty(const struct task_struct *p)
{
	return p->signal->nr_threads == 1;
}

static pid_t wait_task_zombie(struct task_struct *parent,
			      struct task_struct *p, int *status);

/*
 * release_task - the last of a task: its faults go to its group's
 * signal_struct (__exit_signal()), it leaves its thread group, its
 * parent's children list and the machine's task list, its PID is freed
 * for reuse (free_pid()), then the task itself. When it was the last
 * thread of a group whose leader is a zombie already, the leader can now
 * be reaped: by PID 1 at once, or by its parent's wait.
 */
static void release_task(struct task_struct *p)
{
	struct machine *m = p->machine;
	struct task_struct *leader = p->group_leader;

	if (p->mm) {			/* never the case after do_exit() */
		struct mm_struct *mm = p->mm;

		p->mm = NULL;
		mmput(mm);
	}
	p->state = EXIT_DEAD;
	p->signal->min_flt += p->min_flt;
	p->signal->maj_flt += p->maj_flt;
	list_del(&p->thread_node);
	p->signal->nr_threads--;
	if (thread_group_leader(p))
		list_del(&p->sibling);
	list_del(&p->tasks);
	free_pid(m, p);
	m->nr_tasks--;
	sched_task_gone(p);
	free_task(p);

	if (leader != p && leader->state == EXIT_ZOMBIE &&
	    thread_group_empty(leader) && leader->real_parent == m->init_task)
		wait_task_zombie(m->init_task, leader, NULL);
}

/*
 * wait_task_zombie - @parent reaps its zombie child @p, a group leader
 * whose threads are all released. As for the CPU times, the child's
 * faults, those of its threads that died before it, and the faults of
 * everything it reaped itself are added to the parent's
 * signal->cmin_flt/cmaj_flt; then the child is released. PID 1's
 * reaping at once is its wait(), so it gains the counts of every task it
 * reaps. (A parent that ignored SIGCHLD would have its children released
 * unaccounted in exit_notify(); mmsim's tasks never ignore it.)
 * Return: @p's pid, with its wait status in *@status when given.
 */
static pid_t wait_task_zombie(struct task_struct *parent,
			      struct task_struct *p, int *status)
{
	struct signal_struct *sig = p->signal, *psig = parent->signal;
	pid_t pid = p->pid;

	psig->cmin_flt += p->min_flt + sig->min_flt + sig->cmin_flt;
	psig->cmaj_flt += p->maj_flt + sig->maj_flt + sig->cmaj_flt;
	if (status)
		*status = p->exit_code;
	release_task(p);
	return pid;
}

/*
 * exit_mm - detach the task from its address space and drop its user;
 * being the only user, that tears down every VMA, page and table now.
 */
/*
 * mm_update_next_owner - @owner lets go of @mm: another task using it
 * becomes the owner whose group its pages are charged to, else none.
 */
static void mm_update_next_owner(struct mm_struct *mm,
				 struct task_struct *owner)
{
	struct task_struct *p;

	mm->owner = NULL;
	for_each_task(owner->machine, p) {
		if (p != owner && p->mm == mm) {
			mm->owner = p;
			return;
		}
	}
}

static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;

	if (!mm)
		return;
	tsk->mm = NULL;
	if (mm->owner == tsk)
		mm_update_next_owner(mm, tsk);
	mmput(mm);
}

/*
 * find_new_reaper - who takes the children of the exiting @father: a
 * thread of its group that is still alive (find_alive_thread()), else
 * PID 1, the child reaper.
 */
static struct task_struct *find_new_reaper(struct task_struct *father)
{
	struct task_struct *t;

	for_each_thread(father, t)
		if (t != father && task_alive(t))
			return t;
	return father->machine->init_task;
}

/*
 * forget_original_parent - hand the exiting task's children to their new
 * reaper. PID 1 reaps zombies at once, so a child that is already a
 * zombie, its threads gone, is reaped by it here.
 */
static void forget_original_parent(struct task_struct *father)
{
	struct task_struct *reaper = find_new_reaper(father);
	struct task_struct *p, *n;

	list_for_each_entry_safe(p, n, &father->children, sibling) {
		struct task_struct *t;

		list_del(&p->sibling);
		/* Every thread of the child's group has the new parent. */
		for_each_thread(p, t)
			t->real_parent = reaper;
		list_add_tail(&p->sibling, &reaper->children);
		if (p->state == EXIT_ZOMBIE && thread_group_empty(p) &&
		    reaper == father->machine->init_task)
			wait_task_zombie(reaper, p, NULL);
	}
}

/*
 * exit_notify - the exited task's last step: a thread other than the
 * leader has nobody to wait for it and is released at once; a leader
 * whose threads are all gone is reaped at once by PID 1, or left for its
 * parent's wait; a leader with live threads waits for them.
 */
static void exit_notify(struct task_struct *tsk)
{
	struct machine *m = tsk->machine;

	if (!thread_group_leader(tsk))
		release_task(tsk);
	else if (thread_group_empty(tsk) && tsk->real_parent == m->init_task)
		wait_task_zombie(m->init_task, tsk, NULL);
}

/**
 * do_exit() - end a task (exit(2) of one thread: SYS_exit).
 * @tsk: the exiting task
 * @code: wait status as waitpid() will report it: (status & 0xff) << 8
 *	for exit(status), or the signal number for a task killed by a
 *	signal (SIGSEGV, SIGKILL)
 *
 * Frees the task's hold on its address space and fd table (exit_mm,
 * exit_files: the last user frees them), hands its children to a live
 * thread of its group or to PID 1, and leaves a zombie holding @code,
 * released at once when it is a thread other than the leader or a child
 * of PID 1 whose group is empty. Callers must not touch @tsk after a
 * successful call.
 *
 * Return: 0; -EPERM for PID 1; -ESRCH for a task that already exited.
 * Locking: machine lock held for writing.
 */
int do_exit(struct task_struct *tsk, int code)
{
	ftrace_graph(&tsk->machine->trace);
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
	cgroup_exit_task(tsk);	/* cgroup_exit(): a zombie is in no group */
	forget_original_parent(tsk);
	tsk->exit_code = code;
	tsk->state = EXIT_ZOMBIE;
	exit_notify(tsk);
	return 0;
}

/*
 * zap_other_threads - every live thread of @tsk's group but @tsk and the
 * leader exits with @code (and, not being a leader, is released).
 */
static void zap_other_threads(struct task_struct *tsk, int code)
{
	struct task_struct *leader = tsk->group_leader, *t, *n;

	list_for_each_entry_safe(t, n, &tsk->signal->thread_head, thread_node)
		if (t != tsk && t != leader && task_alive(t))
			do_exit(t, code);
}

/**
 * do_group_exit() - end @tsk's whole thread group (exit_group(2), and
 * what a fatal signal does): every other thread exits with @code
 * (zap_other_threads()), then @tsk, then the leader, which is left a
 * zombie for its parent, or reaped at once by PID 1.
 * @tsk: a task of the group
 * @code: as do_exit()'s
 *
 * Return: 0; -EPERM for PID 1's group; -ESRCH for a task that already
 * exited. Callers must not touch the group's tasks after a successful
 * call.
 * Locking: machine lock held for writing.
 */
int do_group_exit(struct task_struct *tsk, int code)
{
	struct machine *m = tsk->machine;
	struct task_struct *leader = tsk->group_leader;

	if (leader == m->init_task) {
		vm_err(m, "PID 1 cannot exit");
		return -EPERM;
	}
	if (!task_alive(tsk)) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	zap_other_threads(tsk, code);
	if (tsk != leader)
		do_exit(tsk, code);
	if (task_alive(leader))
		do_exit(leader, code);
	return 0;
}

/**
 * de_thread() - exec's end of the other threads (fs/exec.c): every
 * thread of @tsk's group but @tsk exits; a @tsk that is not the leader
 * takes the leader's place, PID and start time (exchange_tids()), and
 * the old leader is released under @tsk's old TID.
 * @tsk: the exec'ing task
 * Locking: machine lock held for writing.
 */
void de_thread(struct task_struct *tsk)
{
	struct machine *m = tsk->machine;
	struct task_struct *leader = tsk->group_leader, *t;

	if (thread_group_empty(tsk))
		return;
	zap_other_threads(tsk, SIGKILL);
	if (leader == tsk)
		return;
	/* The leader exits and stays a zombie: the group is not empty. */
	if (task_alive(leader))
		do_exit(leader, SIGKILL);
	exchange_tids(m, tsk, leader);
	tsk->start_time_ns = leader->start_time_ns;
	tsk->real_parent = leader->real_parent;
	tsk->exit_signal = SIGCHLD;
	list_replace(&leader->sibling, &tsk->sibling);
	INIT_LIST_HEAD(&leader->sibling);
	tsk->group_leader = tsk;
	leader->group_leader = tsk;
	for_each_thread(tsk, t)
		t->tgid = tsk->pid;
	release_task(leader);
}

/**
 * sys_wait4() - reap a zombie child, never blocking.
 * @tsk: the waiting parent
 * @pid: the child to wait for, or any child when <= 0
 * @status: set to the child's wait status (see do_exit())
 *
 * Children are scanned oldest first, as the kernel walks ->children, of
 * every thread of @tsk's group in turn (no __WNOTHREAD).
 *
 * Return: the reaped child's pid; -ECHILD when @tsk has no such child;
 * -EAGAIN when the matching children are all still running (the
 * simulator cannot sleep); -ESRCH when @tsk itself has exited.
 * Locking: machine lock held for writing.
 */
pid_t sys_wait4(struct task_struct *tsk, pid_t pid, int *status)
{
	struct machine *m = tsk->machine;
	struct task_struct *p, *t;
	bool found = false;

	if (!task_alive(tsk)) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	/* Any thread may wait for the children of every thread. */
	for_each_thread(tsk, t) {
		list_for_each_entry(p, &t->children, sibling) {
			if (pid > 0 && p->pid != pid)
				continue;
			found = true;
			if (p->state != EXIT_ZOMBIE || !thread_group_empty(p))
				continue;
			return wait_task_zombie(tsk, p, status);
		}
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
