/*
 * machine.c - one simulated machine: boot (memory, the zero page, PID 1),
 * the task list and PID allocation, the `spawn` command, the error
 * message of the last failing call, the OOM-retrying page allocator and
 * teardown.
 *
 * The boot layout of a process (init and every spawned task) is what a
 * freshly exec'ed Linux program has before it maps anything, minus the
 * ELF segments: a [stack] VMA STACK_START..STACK_TOP and an empty brk
 * area at START_BRK with no [heap] VMA yet.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "mm.h"

/*
 * Where the initial stack pointer sits (mm->start_stack, field 28 of
 * /proc/PID/stat): one page below STACK_TOP, inside the [stack] VMA, where
 * exec would have copied argv/envp.
 */
#define INIT_START_STACK	(STACK_TOP - PAGE_SIZE)

/**
 * machine_config_default() - the options of a plain `mmsimfs MOUNTPOINT`.
 * @cfg: filled in
 */
void machine_config_default(struct machine_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mem_bytes = 256UL << 20;
	cfg->seed = 0;
	cfg->soft_dirty = false;
	cfg->debug_vm = false;
	cfg->max_map_count = DEFAULT_MAX_MAP_COUNT;
	cfg->overcommit_memory = 0;
	cfg->overcommit_ratio = 50;
}

/**
 * vm_err() - record why the current call failed.
 * @m: machine
 * @fmt: printf format of the reason, without the command name
 *
 * The ctl layer prints the message in its "error: CMD: REASON (ERRNO)"
 * reply line. Locking: machine lock held for writing.
 */
void vm_err(struct machine *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->errmsg, sizeof(m->errmsg), fmt, ap);
	va_end(ap);
}

static unsigned long long now_since_boot_ns(const struct machine *m)
{
	struct timespec now;
	long long ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (long long)(now.tv_sec - m->boot_monotonic.tv_sec) * 1000000000LL +
	     (now.tv_nsec - m->boot_monotonic.tv_nsec);
	return ns < 0 ? 0 : (unsigned long long)ns;
}

/**
 * machine_uptime() - seconds since boot (CLOCK_MONOTONIC).
 * @m: machine
 * Return: uptime in seconds. Read lock suffices.
 */
double machine_uptime(const struct machine *m)
{
	return (double)now_since_boot_ns(m) / 1e9;
}

/*
 * setup_initial_stack - give a new mm what exec leaves behind: the
 * [stack] VMA (charged to total_vm/stack_vm and, being VM_ACCOUNT, to
 * Committed_AS) and the empty brk area.
 */
static int setup_initial_stack(struct mm_struct *mm)
{
	struct machine *m = mm->machine;
	struct vm_area_struct *vma;
	unsigned long flags = VM_STACK_FLAGS;

	if (m->cfg.soft_dirty)
		flags |= VM_SOFTDIRTY;

	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = STACK_START;
	vma->vm_end = STACK_TOP;
	vma->vm_flags = flags;
	vma->vm_page_prot = vma_page_prot(vma);
	vma->vm_pgoff = vma->vm_start >> PAGE_SHIFT;
	/*
	 * As exec's setup_arg_pages() leaves it: linked directly, counted
	 * in total_vm/stack_vm, and charged to Committed_AS without the
	 * overcommit check (a new process always gets its stack).
	 */
	vma_link(mm, vma);
	vm_stat_account(mm, flags, (long)vma_pages(vma));
	vm_acct_memory(m, (long)vma_pages(vma));

	mm->start_brk = mm->brk = START_BRK;
	mm->start_stack = INIT_START_STACK;
	mm->mmap_base = MMAP_BASE;
	mm->task_size = TASK_SIZE;
	update_hiwater_vm(mm);
	return 0;
}

/*
 * alloc_task - a TASK_RUNNING task_struct with the next PID, linked at
 * the end of machine->tasks (PIDs only grow, so the list stays sorted)
 * and, when @parent is given, on its children list.
 */
static struct task_struct *alloc_task(struct machine *m,
				      struct task_struct *parent,
				      const char *comm)
{
	struct task_struct *tsk = calloc(1, sizeof(*tsk));

	if (!tsk)
		return NULL;
	tsk->pid = ++m->last_pid;
	tsk->state = TASK_RUNNING;
	snprintf(tsk->comm, sizeof(tsk->comm), "%s", comm);
	tsk->real_parent = parent;
	INIT_LIST_HEAD(&tsk->children);
	INIT_LIST_HEAD(&tsk->sibling);
	tsk->exit_signal = 17;		/* SIGCHLD */
	tsk->start_time_ns = now_since_boot_ns(m);
	tsk->machine = m;
	list_add_tail(&tsk->tasks, &m->tasks);
	if (parent)
		list_add_tail(&tsk->sibling, &parent->children);
	m->nr_tasks++;
	m->forks++;
	return tsk;
}

/*
 * new_process - a task with a fresh address space holding only the
 * initial stack and brk area. The PID is taken only once the mm exists,
 * so a failure leaves nothing behind, not even a used PID.
 */
static struct task_struct *new_process(struct machine *m,
				       struct task_struct *parent,
				       const char *comm, int *err)
{
	struct task_struct *tsk;
	struct mm_struct *mm;
	int ret;

	mm = mm_alloc(m);
	if (!mm) {
		vm_err(m, "out of memory for a page table");
		*err = -ENOMEM;
		return NULL;
	}
	ret = setup_initial_stack(mm);
	if (ret)
		goto out_mm;
	tsk = alloc_task(m, parent, comm);
	if (!tsk) {
		ret = -ENOMEM;
		goto out_mm;
	}
	tsk->mm = mm;
	return tsk;

out_mm:
	vm_err(m, "out of memory");
	mmput(mm);
	*err = ret;
	return NULL;
}

/**
 * machine_boot() - allocate and boot a machine.
 * @cfg: options (copied)
 *
 * Builds mem_map and the buddy lists (zone_init, which also reserves the
 * zero page) and creates PID 1, "init", with the initial layout.
 *
 * Return: the machine, or NULL with errno set (ENOMEM, or EINVAL when
 * @cfg->mem_bytes holds no usable frame).
 */
struct machine *machine_boot(const struct machine_config *cfg)
{
	struct machine *m;
	int err;

	if (cfg->mem_bytes < 16 * PAGE_SIZE) {
		errno = EINVAL;
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		errno = ENOMEM;
		return NULL;
	}
	m->cfg = *cfg;
	if (pthread_rwlock_init(&m->lock, NULL)) {
		free(m);
		errno = ENOMEM;
		return NULL;
	}
	INIT_LIST_HEAD(&m->tasks);
	m->next_ino = 1;
	clock_gettime(CLOCK_REALTIME, &m->boot_realtime);
	clock_gettime(CLOCK_MONOTONIC, &m->boot_monotonic);

	err = zone_init(&m->zone, cfg->mem_bytes / PAGE_SIZE);
	if (err)
		goto out_lock;
	err = shuffle_free_memory(&m->zone, cfg->seed);
	if (err)
		goto out_zone;

	m->init_task = new_process(m, NULL, "init", &err);
	if (!m->init_task)
		goto out_zone;
	m->errmsg[0] = '\0';
	return m;

out_zone:
	zone_destroy(&m->zone);
out_lock:
	pthread_rwlock_destroy(&m->lock);
	free(m);
	errno = -err;
	return NULL;
}

/**
 * machine_destroy() - free a machine and everything it holds.
 * @m: machine (may be NULL); no lock may be held, nobody may use it again
 *
 * Every live task's address space is torn down through mmput() as at
 * exit, so page, anon_vma and shmem references drop through the same
 * code that maintains them; then the tasks, mem_map and the machine go.
 */
void machine_destroy(struct machine *m)
{
	struct task_struct *tsk, *next;

	if (!m)
		return;
	list_for_each_entry(tsk, &m->tasks, tasks) {
		struct mm_struct *mm = tsk->mm;

		if (mm) {
			tsk->mm = NULL;
			mmput(mm);
		}
	}
	list_for_each_entry_safe(tsk, next, &m->tasks, tasks) {
		list_del(&tsk->tasks);
		free(tsk);
	}
	zone_destroy(&m->zone);
	pthread_rwlock_destroy(&m->lock);
	free(m);
}

/**
 * find_task_by_pid_any() - the task with @pid, zombies included.
 * @m: machine (read lock suffices)
 * @pid: process id
 * Return: the task or NULL.
 */
struct task_struct *find_task_by_pid_any(struct machine *m, pid_t pid)
{
	struct task_struct *tsk;

	list_for_each_entry(tsk, &m->tasks, tasks) {
		if (tsk->pid == pid)
			return tsk;
		if (tsk->pid > pid)	/* machine->tasks is sorted by pid */
			break;
	}
	return NULL;
}

/**
 * find_task_by_pid() - the live (running, not zombie) task with @pid.
 * @m: machine (read lock suffices)
 * @pid: process id
 * Return: the task or NULL.
 */
struct task_struct *find_task_by_pid(struct machine *m, pid_t pid)
{
	struct task_struct *tsk = find_task_by_pid_any(m, pid);

	if (tsk && (tsk->state == TASK_RUNNING ||
		    tsk->state == TASK_SLEEPING))
		return tsk;
	return NULL;
}

/**
 * machine_spawn() - the global `spawn` command.
 * @m: machine (write lock)
 * @comm: the new task's name, truncated to TASK_COMM_LEN - 1 bytes;
 *	NULL or "" means "sh"
 * @err: set to -errno on failure
 *
 * The task is a child of PID 1 with the initial layout (as if PID 1 had
 * forked and the child exec'ed a program that has mapped nothing yet).
 *
 * Return: the task, or NULL with *@err set (-ENOMEM).
 */
struct task_struct *machine_spawn(struct machine *m, const char *comm,
				  int *err)
{
	int dummy;

	if (!err)
		err = &dummy;
	if (!comm || !*comm)
		comm = "sh";
	return new_process(m, m->init_task, comm, err);
}

/**
 * alloc_page_or_oom() - allocate one frame, invoking the OOM killer.
 * @m: machine (write lock)
 * @stats: counts the kills in ->oom_kills (may be NULL)
 *
 * As __alloc_pages_slowpath() ends in __alloc_pages_may_oom(): when the
 * buddy allocator has nothing, out_of_memory() kills the worst task,
 * whose memory is freed at once, and the allocation is retried. Stops
 * when a frame is had or nothing is left to kill.
 *
 * Return: the page (refcount 1) or NULL.
 */
struct page *alloc_page_or_oom(struct machine *m, struct fault_stats *stats)
{
	for (;;) {
		struct page *page = alloc_page(&m->zone);

		if (page)
			return page;
		if (!out_of_memory(m))
			return NULL;
		if (stats)
			stats->oom_kills++;
	}
}
