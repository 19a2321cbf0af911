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
#include "swap.h"
#include "mm.h"
#include "vmscan.h"
#include "pkeys.h"
#include "shm.h"
#include "tlb.h"

/*
 * Where the initial stack pointer sits (mm->start_stack, field 28 of
 * /proc/PID/stat): one page below STACK_TOP, inside the [stack] VMA, where
 * exec would have copied argv/envp.
 */
#define INIT_START_STACK	(STACK_TOP - PAGE_SIZE)

/**
 * machine_cpu_default() - the description --cpu starts from when it does
 * not say "host": an x86-64 CPU without protection keys or 5-level
 * paging, running a kernel with Linux's defaults (THP "madvise", as
 * Debian configures it, and fault_around_bytes 65536) and 6.18's vDSO
 * ([vvar] 4 pages, [vvar_vclock] 2, [vdso] 2, vsyscall=xonly).
 * @cpu: filled in
 */
void machine_cpu_default(struct machine_cpu *cpu)
{
	cpu->pku = false;
	cpu->la57 = false;
	cpu->thp = THP_MADVISE;
	cpu->fault_around_bytes = 65536;
	cpu->read_ahead_kb = 128;	/* VM_READAHEAD_PAGES */
	cpu->read_ahead_host = false;
	/* Linux 6.18's vDSO and vsyscall=xonly; a Haswell-class CPU. */
	cpu->vvar_pages = 4;
	cpu->vvar_vclock_pages = 2;
	cpu->vdso_pages = 2;
	cpu->vsyscall = VSYSCALL_XONLY;
	cpu->hwcap = 0x178bfbff;
	cpu->hwcap2 = 0x2;
	cpu->minsigstksz = 0xd30;
	cpu->forget_tlb_flush = 0;	/* the kernel forgets no flush */
}

/**
 * machine_config_default() - the options of a plain `mmsimfs MOUNTPOINT`.
 * @cfg: filled in
 */
void machine_config_default(struct machine_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mem_bytes = 256UL << 20;
	cfg->seed = 0;
	machine_cpu_default(&cfg->cpu);
	cfg->soft_dirty = false;
	cfg->debug_vm = false;
	cfg->root = "/";
	cfg->max_map_count = DEFAULT_MAX_MAP_COUNT;
	cfg->overcommit_memory = 0;
	cfg->overcommit_ratio = 50;
	cfg->nr_cpus = 2;
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

/**
 * host_zalloc() - calloc() for an engine object of @m.
 * @m: machine
 * @size: bytes
 * Return: zeroed memory, or NULL with m->zone.host_nomem set.
 */
void *host_zalloc(struct machine *m, size_t size)
{
	void *p = calloc(1, size);

	if (!p) {
		zone_host_nomem(&m->zone);
		vm_err(m, "host out of memory");
	}
	return p;
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

	if (soft_dirty_enabled(mm))
		flags |= VM_SOFTDIRTY;

	vma = vm_area_alloc(mm);
	if (!vma) {
		vm_err(m, "out of memory for the [stack] VMA");
		return -ENOMEM;
	}
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
	mm->task_size = task_size_max(mm->machine);
	update_hiwater_vm(mm);
	return 0;
}

/*
 * pid_min - the lowest PID alloc_pid() may hand out now: 1 until the
 * cursor has passed RESERVED_PIDS (init needs PID 1), RESERVED_PIDS after.
 */
static unsigned int pid_min(const struct machine *m)
{
	return m->pids.cursor > RESERVED_PIDS ? RESERVED_PIDS : 1;
}

/**
 * pid_max_check() - is a PID left for a new task?
 * @m: machine
 * Return: 0, -EAGAIN (recorded as "no PID left") or -ENOMEM.
 */
int pid_max_check(struct machine *m)
{
	if (idr_preload(&m->pids)) {
		vm_err(m, "host out of memory");
		return -ENOMEM;
	}
	if (idr_find_free(&m->pids, pid_min(m), PID_MAX_DEFAULT) >= 0)
		return 0;
	vm_err(m, "no PID left (pid_max %d)", PID_MAX_DEFAULT);
	return -EAGAIN;
}

/**
 * attach_pid() - number the new task @p and make it visible.
 * @m: machine (write lock)
 * @p: the new task, on no list yet
 * @parent: its parent, or NULL for PID 1
 *
 * machine->tasks stays in the order tasks were created, threads
 * included (the kernel's task list holds leaders only; for_each_task()
 * callers that want processes skip the others); PID order is
 * machine->pids'. A thread (@p->group_leader set to its leader) takes the
 * leader's tgid and is on no children list; @parent is then the group's.
 */
void attach_pid(struct machine *m, struct task_struct *p,
		struct task_struct *parent)
{
	/* Cannot fail: pid_max_check() found a PID and preloaded the IDR. */
	p->pid = idr_alloc_cyclic(&m->pids, p, pid_min(m), PID_MAX_DEFAULT);
	m->last_pid = p->pid;
	p->tgid = thread_group_leader(p) ? p->pid : p->group_leader->tgid;
	p->real_parent = parent;
	p->start_time_ns = now_since_boot_ns(m);
	/* A kernel thread is on no task list (vm/kthread.c). */
	if (p->flags & PF_KTHREAD)
		INIT_LIST_HEAD(&p->tasks);
	else
		list_add_tail(&p->tasks, &m->tasks);
	list_add_tail(&p->thread_node, &p->signal->thread_head);
	p->signal->nr_threads++;
	/* Only a group leader is on its parent's children list. */
	if (parent && thread_group_leader(p))
		list_add_tail(&p->sibling, &parent->children);
	m->nr_tasks++;
	m->forks++;
}

/*
 * alloc_task - a TASK_RUNNING task_struct with the next PID, linked on
 * the task list and, when @parent is given, on its children list.
 */
static struct task_struct *alloc_task(struct machine *m,
				      struct task_struct *parent,
				      const char *comm)
{
	struct task_struct *tsk = alloc_task_struct(m);

	if (!tsk)
		return NULL;
	tsk->state = TASK_RUNNING;
	snprintf(tsk->comm, sizeof(tsk->comm), "%s", comm);
	INIT_LIST_HEAD(&tsk->children);
	INIT_LIST_HEAD(&tsk->sibling);
	tsk->exit_signal = 17;		/* SIGCHLD */
	tsk->thread_pkru = init_pkru_value;
	attach_pid(m, tsk, parent);
	return tsk;
}

/*
 * new_process - a task with a fresh address space holding only the
 * initial stack and brk area. The PID is taken only once the mm exists,
 * so a failure leaves nothing behind, not even a used PID. The frames
 * (the pgd) may come from the OOM killer, as for fork; the new task is
 * not on the task list yet, so it cannot be the victim.
 */
static struct task_struct *new_process(struct machine *m,
				       struct task_struct *parent,
				       const char *comm, int *err)
{
	struct task_struct *tsk;
	struct files_struct *files;
	struct mm_struct *mm;
	int ret;

	ret = pid_max_check(m);
	if (ret)
		goto out;
	mm = mm_alloc(m);
	if (!mm) {
		vm_err(m, "out of memory for the page tables");
		ret = -ENOMEM;
		goto out;
	}
	ret = setup_initial_stack(mm);
	if (ret)
		goto out_mm;
	files = alloc_files(m);
	if (!files) {
		ret = -ENOMEM;
		goto out_mm;
	}
	tsk = alloc_task(m, parent, comm);
	if (!tsk) {
		kmem_cache_free(kmem_cache_of(m, KMEM_FILES), files);
		ret = -ENOMEM;
		goto out_mm;
	}
	tsk->mm = mm;
	mm->owner = tsk;
	tsk->files = files;
	cgroup_fork(parent, tsk);
	return tsk;

out_mm:
	mmput(mm);
out:
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
	lruvec_init(&m->__lruvec);
	idr_init(&m->pids);
	err = kmem_caches_init(m);
	if (err)
		goto out_lock;
	m->next_ino = 1;
	clock_gettime(CLOCK_REALTIME, &m->boot_realtime);
	clock_gettime(CLOCK_MONOTONIC, &m->boot_monotonic);

	err = zone_init(&m->zone, cfg->mem_bytes / PAGE_SIZE);
	if (err)
		goto out_caches;
	trace_init(&m->trace, m);
	m->zone.trace = &m->trace;
	/* __setup_per_zone_wmarks(), once: the zone never grows. */
	zone_watermarks(&m->zone, m->wmark);
	err = shuffle_free_memory(&m->zone, cfg->seed);
	if (err)
		goto out_zone;

	err = cgroup_init(m);
	if (err)
		goto out_zone;
	err = swapon(m, cfg->swap_bytes);
	if (err)
		goto out_cgroup;
	err = vfs_init(m, cfg->root);
	if (err)
		goto out_swap;
	m->init_task = new_process(m, NULL, "init", &err);
	if (!m->init_task)
		goto out_vfs;
	err = kthreads_init(m);
	if (err) {
		machine_destroy(m);
		errno = -err;
		return NULL;
	}
	m->errmsg[0] = '\0';
	return m;

out_vfs:
	vfs_exit(m);
out_swap:
	swapoff_destroy(m);
out_cgroup:
	cgroup_exit(m);
out_zone:
	zone_destroy(&m->zone);
out_caches:
	kmem_caches_destroy(m);
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
	trace_set_on(&m->trace, false);	/* the teardown is not traced */
	sched_idle_all(m);	/* no kernel thread holds a borrowed mm */
	list_for_each_entry(tsk, &m->tasks, tasks) {
		struct mm_struct *mm = tsk->mm;

		if (mm) {
			tsk->mm = NULL;
			mmput(mm);
		}
		exit_files(tsk);
	}
	list_for_each_entry_safe(tsk, next, &m->tasks, tasks) {
		list_del(&tsk->tasks);
		free_task(tsk);
	}
	kthreads_exit(m);
	shm_exit_ns(m);		/* the segments no task maps any more */
	idr_destroy(&m->pids);
	vfs_exit(m);		/* the file tree, the overlay, the page cache */
	swapoff_destroy(m);	/* every swap entry is gone with the mms */
	kmem_caches_destroy(m);
	cgroup_exit(m);		/* every charge went with its page */
	zone_destroy(&m->zone);
	trace_destroy(&m->trace);
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
	if (pid <= 0)
		return NULL;
	return idr_find(&m->pids, (unsigned int)pid);
}

/**
 * exchange_tids() - @left and @right swap PIDs (kernel/pid.c), as an
 * exec'ing thread takes its leader's: each PID then names the other task.
 * @m: machine (write lock)
 */
void exchange_tids(struct machine *m, struct task_struct *left,
		   struct task_struct *right)
{
	pid_t pid = left->pid;

	left->pid = right->pid;
	right->pid = pid;
	idr_replace(&m->pids, left, (unsigned int)left->pid);
	idr_replace(&m->pids, right, (unsigned int)right->pid);
}

/**
 * free_pid() - @p's PID goes back to the PID space.
 * @m: machine (write lock)
 * @p: a task being released
 */
void free_pid(struct machine *m, struct task_struct *p)
{
	idr_remove(&m->pids, (unsigned int)p->pid);
}

/**
 * next_task_by_pid() - the task with the lowest PID >= @pid.
 * @m: machine (read lock suffices)
 * @pid: where to start
 * Return: the task or NULL.
 */
struct task_struct *next_task_by_pid(struct machine *m, pid_t pid)
{
	unsigned int id = pid > 0 ? (unsigned int)pid : 0;

	return idr_get_next(&m->pids, &id);
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
 * Like fork, it fails with -EAGAIN once PID_MAX_LIMIT is reached, and
 * its frames may come from the OOM killer.
 *
 * Return: the task, or NULL with *@err set (-ENOMEM, -EAGAIN) and the
 * reason recorded (vm_err()).
 */
/** task_size_max() - see machine.h. */
unsigned long task_size_max(const struct machine *m)
{
	return m->cfg.cpu.la57 ? TASK_SIZE_MAX_LA57 : TASK_SIZE;
}

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

#define MAX_RECLAIM_RETRIES	16

/*
 * should_reclaim_retry - after a direct reclaim the allocation still
 * failed: try reclaim again while it makes progress, or up to
 * MAX_RECLAIM_RETRIES times without, as long as the reclaimable pages
 * (file, and anon when there is swap) and the free ones together would
 * lift the zone above its min watermark. No compaction: a reclaim that
 * freed pages but no block of @order counts as no progress.
 */
static bool should_reclaim_retry(struct machine *m, unsigned int order,
				 unsigned long progress,
				 int *no_progress_loops)
{
	unsigned long available;

	if (progress && !order)
		*no_progress_loops = 0;
	else
		(*no_progress_loops)++;
	if (*no_progress_loops > MAX_RECLAIM_RETRIES)
		return false;
	available = m->zone.free_pages +
		    (unsigned long)m->vm_stat[NR_ACTIVE_FILE] +
		    (unsigned long)m->vm_stat[NR_INACTIVE_FILE];
	if (nr_swap_pages(m) > 0)
		available += (unsigned long)m->vm_stat[NR_ACTIVE_ANON] +
			     (unsigned long)m->vm_stat[NR_INACTIVE_ANON];
	return available > m->wmark[WMARK_MIN] + (1UL << order);
}

/**
 * alloc_page_or_oom() - allocate one frame, reclaiming or invoking the
 * OOM killer when none is free.
 * @m: machine (write lock)
 *
 * As __alloc_pages_slowpath() does: see alloc_pages_gfp_or_oom().
 *
 * Return: the page (refcount 1) or NULL.
 */
struct page *alloc_page_or_oom(struct machine *m)
{
	return alloc_pages_gfp_or_oom(m, 0, GFP_KERNEL);
}

/**
 * alloc_pages_or_oom() - allocate a 2^@order block, invoking the OOM
 * killer as alloc_page_or_oom() does.
 * @m: machine (write lock)
 * @order: at most PAGE_ALLOC_COSTLY_ORDER (3) for the kernel to retry
 *
 * Return: the head page (refcount 1) or NULL.
 */
struct page *alloc_pages_or_oom(struct machine *m, unsigned int order)
{
	return alloc_pages_gfp_or_oom(m, order, GFP_KERNEL);
}

/**
 * alloc_pages_gfp_or_oom() - alloc_pages_or_oom() of an allocation with
 * flags @gfp (the others' are GFP_KERNEL), which kmem:mm_page_alloc shows.
 * @m: machine (write lock)
 * @order: as alloc_pages_or_oom()'s
 * @gfp: GFP_HIGHUSER_MOVABLE | __GFP_ZERO for an anonymous page, ...
 *
 * Return: the head page (refcount 1) or NULL.
 */
struct page *alloc_pages_gfp_or_oom(struct machine *m, unsigned int order,
				    gfp_t gfp)
{
	int no_progress_loops = 0;

	for (;;) {
		struct page *page;
		unsigned long progress;

		/*
		 * The fast path's low watermark check failing wakes kswapd
		 * (wake_all_kswapds()); its work waits for the command
		 * boundary. The allocation itself may go down to nothing.
		 */
		if (m->zone.free_pages < m->wmark[WMARK_LOW] + (1UL << order))
			wakeup_kswapd(m, (int)order, gfp);
		page = __alloc_pages(&m->zone, order, gfp);
		if (page)
			return page;
		if (m->zone.host_nomem)
			return NULL;
		if (gfp & __GFP_DIRECT_RECLAIM) {
			progress = try_to_free_pages(m, (int)order, gfp);
			page = __alloc_pages(&m->zone, order, gfp);
			if (page)
				return page;
			if (should_reclaim_retry(m, order, progress,
						 &no_progress_loops))
				continue;
		}
		if (out_of_memory(m) != OOM_KILLED)
			return NULL;
		no_progress_loops = 0;
	}
}
