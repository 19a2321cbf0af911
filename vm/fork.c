/*
 * fork.c - process creation and address-space lifetime (kernel/fork.c):
 * mm_alloc/mmput, and fork(2) and clone(2) down the kernel's path
 *
 *   kernel_clone -> copy_process -> copy_mm -> dup_mm -> dup_mmap
 *                                                 -> anon_vma_fork (rmap.c)
 *                                                 -> copy_page_range (memory.c)
 *
 * so that a learner reading the kernel can follow the same calls here.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "mm.h"
#include "tlb.h"
#include "pkeys.h"

/* mm->def_flags bits a child keeps (VM_INIT_DEF_MASK). */
#define VM_INIT_DEF_MASK	VM_NOHUGEPAGE

/*
 * mm_init - what the kernel's mm_init() sets up in a new (or copied)
 * mm_struct: an empty VMA list and tree, one user and one reference, no
 * locked or pinned pages, zeroed RSS counters, and a top-level table.
 */
static struct mm_struct *mm_init(struct mm_struct *mm, struct machine *m)
{
	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->mmap_cache = NULL;
	mm->highest_vm_end = 0;
	mm->map_count = 0;
	mm->mm_users = 1;
	mm->mm_count = 1;
	mm->locked_vm = 0;
	mm->pinned_vm = 0;
	memset(mm->rss_stat, 0, sizeof(mm->rss_stat));
	mm->pgtables_bytes = 0;
	mm->pgd = NULL;
	mm->pgd_pfn = 0;
	INIT_LIST_HEAD(&mm->pgtable_cache);
	mm->pgtable_cache_nr = 0;
	mm->machine = m;
	mm->trace_id = ++m->trace.mm_ids;
	/* init_new_context(): on no CPU yet, tlb_gen 1 */
	mm->cpu_bitmap = 0;
	mm->tlb_gen = 1;
	memset(&mm->tlb, 0, sizeof(mm->tlb));

	if (pgd_alloc(mm)) {
		kmem_cache_free(kmem_cache_of(m, KMEM_MM_STRUCT), mm);
		return NULL;
	}
	return mm;
}

/**
 * mm_alloc() - allocate and initialise an empty address space.
 * @m: machine (write lock)
 *
 * As in the kernel, mm_alloc() goes through mm_init(), which gives the mm
 * its pgd (one page-table frame). mmap_base and task_size get the x86-64
 * values with ASLR off.
 *
 * Return: the mm (mm_users 1), or NULL when no frame or host memory is
 * left.
 */
struct mm_struct *mm_alloc(struct machine *m)
{
	struct mm_struct *mm = kmem_cache_alloc(kmem_cache_of(m,
							     KMEM_MM_STRUCT));

	if (!mm)
		return NULL;
	mm->mmap_base = MMAP_BASE;
	mm->task_size = task_size_max(m);
	init_new_context(mm);
	return mm_init(mm, m);
}

/**
 * mmdrop() - drop a reference to the mm_struct itself (mm_count: its
 * users together hold one, a kernel thread borrowing it one more); the
 * last takes the pgd (mm_free_pgd) and the structure.
 * @mm: address space
 */
void mmdrop(struct mm_struct *mm)
{
	if (--mm->mm_count > 0)
		return;
	sched_mm_gone(mm);
	pgd_free(mm);
	kmem_cache_free(kmem_cache_of(mm->machine, KMEM_MM_STRUCT), mm);
}

/**
 * mmput() - drop a user of @mm; the last user tears the address space
 * down with exit_mmap() (every VMA, page and lower table) and then frees
 * the pgd and the mm.
 * @mm: address space (may be NULL)
 *
 * Locking: machine lock held for writing.
 */
void mmput(struct mm_struct *mm)
{
	if (!mm)
		return;
	if (--mm->mm_users > 0)
		return;
	exit_mmap(mm);
	/* set_mm_exe_file(mm, NULL) */
	if (mm->exe_file)
		fput(mm->machine, mm->exe_file);
	mm->exe_file = NULL;
	mmdrop(mm);
}

/*
 * dup_mmap_copy_ptes - dup_mmap()'s second pass: copy the PTEs of every
 * parent VMA into its copy in the child. The child's VMA list was built
 * in the parent's order, without the VM_DONTCOPY VMAs, so the two lists
 * are walked side by side. Nothing here allocates or fails.
 */
static void dup_mmap_copy_ptes(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *mpnt, *tmp = mm->mmap;

	for (mpnt = oldmm->mmap; mpnt && tmp; mpnt = mpnt->vm_next) {
		if (mpnt->vm_flags & VM_DONTCOPY)
			continue;
		if (!(tmp->vm_flags & VM_WIPEONFORK))
			copy_page_range(tmp, mpnt);
		tmp = tmp->vm_next;
	}
}

/**
 * dup_mmap() - copy the parent's VMAs, rmap chains and page tables into
 * the child's empty mm.
 * @mm: the child's mm (from dup_mm(), no VMAs yet)
 * @oldmm: the parent's mm
 *
 * Two passes, so that a fork that fails changes nothing in the parent.
 *
 * The first does everything that can fail, for each parent VMA in
 * address order, without touching the parent's PTEs or pages:
 *  - VM_DONTCOPY (madvise MADV_DONTFORK): not copied, and taken back out
 *    of the child's copied total_vm/data_vm/stack_vm/exec_vm;
 *  - otherwise vm_area_dup(); VM_ACCOUNT pages are charged again (the
 *    child commits its own copy); VM_LOCKED/VM_LOCKONFAULT are dropped
 *    (mlock is not inherited); a VM_WIPEONFORK VMA starts with no
 *    anon_vma and no pages; any other VMA gets anon_vma_fork() (the
 *    parent's anon_vmas cloned plus one of its own, so rmap finds the
 *    child's PTEs of the still-shared pages); a shmem VMA takes a file
 *    reference. The VMA is linked into the list, tree and i_mmap, and
 *    copy_page_range_prepare() allocates its page tables (the OOM killer
 *    may run, sparing the parent).
 *
 * The second, copy_page_range() for each VMA, copies the PTEs,
 * write-protecting COW ones on both sides, and cannot fail.
 *
 * On failure the VMAs linked so far stay in @mm, consistent, for the
 * caller's mmput() to tear down, exactly as the kernel unwinds.
 *
 * Return: 0 or -ENOMEM.
 * Locking: machine lock held for writing.
 */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	ftrace_graph(&oldmm->machine->trace);
	struct machine *m = oldmm->machine;
	struct vm_area_struct *mpnt, *tmp;
	long charge = 0;
	int retval = 0;

	mm->total_vm = oldmm->total_vm;
	mm->data_vm = oldmm->data_vm;
	mm->exec_vm = oldmm->exec_vm;
	mm->stack_vm = oldmm->stack_vm;

	for (mpnt = oldmm->mmap; mpnt; mpnt = mpnt->vm_next) {
		if (mpnt->vm_flags & VM_DONTCOPY) {
			vm_stat_account(mm, mpnt->vm_flags,
					-(long)vma_pages(mpnt));
			continue;
		}
		charge = 0;
		if (mpnt->vm_flags & VM_ACCOUNT) {
			long len = (long)vma_pages(mpnt);

			/* security_vm_enough_memory_mm(oldmm, len) */
			if (__vm_enough_memory(oldmm, len, 1)) {
				retval = -ENOMEM;
				goto out;
			}
			charge = len;
		}
		tmp = vm_area_dup(mpnt);
		if (!tmp)
			goto fail_nomem;
		tmp->vm_mm = mm;
		if (tmp->vm_flags & VM_WIPEONFORK) {
			/*
			 * VM_WIPEONFORK gets a clean slate in the child; as
			 * in current kernels no anon_vma is prepared until
			 * the child's first fault there.
			 */
			tmp->anon_vma = NULL;
		} else if (anon_vma_fork(tmp, mpnt)) {
			goto fail_nomem_anon_vma_fork;
		}
		tmp->vm_flags &= ~VM_LOCKED_MASK;
		tmp->vm_next = tmp->vm_prev = NULL;
		if (tmp->vm_file)
			get_file(tmp->vm_file);

		/* Link in the new VMA and give it its page tables. */
		vma_link(mm, tmp);
		if (!(tmp->vm_flags & VM_WIPEONFORK)) {
			retval = copy_page_range_prepare(tmp, mpnt);
			if (retval)
				goto out;
		}
	}
	dup_mmap_copy_ptes(mm, oldmm);
	/* The parent's private writable pages were write-protected. */
	flush_tlb_mm(oldmm);
out:
	return retval;

fail_nomem_anon_vma_fork:
	vm_area_free(tmp);
fail_nomem:
	vm_err(m, "out of memory copying 0x%lx-0x%lx",
	       mpnt->vm_start, mpnt->vm_end);
	vm_unacct_memory(m, charge);
	retval = -ENOMEM;
	goto out;
}

/**
 * dup_mm() - a copy of @oldmm for the child @tsk.
 * @tsk: the child being created
 * @oldmm: the parent's address space
 *
 * Starts from a byte copy of the parent's mm_struct (its layout: brk,
 * start_stack, mmap_base, total_vm...), then mm_init() resets what a new
 * mm must not inherit (VMAs, users, locked_vm, pinned_vm, RSS counters,
 * page tables) and dup_mmap() fills it. The high-water marks start from
 * the child's own RSS and total_vm.
 *
 * Return: the new mm, or NULL when out of memory (the partial copy is
 * torn down by mmput()).
 * Locking: machine lock held for writing.
 */
struct mm_struct *dup_mm(struct task_struct *tsk, struct mm_struct *oldmm)
{
	ftrace_graph(&oldmm->machine->trace);
	struct mm_struct *mm;
	int err;

	mm = kmem_cache_alloc(kmem_cache_of(tsk->machine, KMEM_MM_STRUCT));
	if (!mm)
		return NULL;
	memcpy(mm, oldmm, sizeof(*mm));
	mm->owner = tsk;	/* mm_init_owner() */
	mm->def_flags = oldmm->def_flags & VM_INIT_DEF_MASK;
	if (!mm_init(mm, oldmm->machine))
		goto fail_nomem;
	/* dup_mm_exe_file(): the child runs the same program. */
	if (mm->exe_file)
		get_file(mm->exe_file);

	err = dup_mmap(mm, oldmm);
	if (err)
		goto free_pt;

	mm->hiwater_rss = get_mm_rss(mm);
	mm->hiwater_vm = mm->total_vm;
	return mm;

free_pt:
	mmput(mm);
	return NULL;

fail_nomem:
	vm_err(oldmm->machine, "out of memory for the child's page tables");
	return NULL;
}

/*
 * copy_sighand - the child's signal handlers: the parent's, shared, with
 * CLONE_SIGHAND (a thread); else a copy of its own (every handler the
 * default here, so a fresh object).
 */
static int copy_sighand(unsigned long clone_flags, struct task_struct *p,
			struct task_struct *cur)
{
	struct machine *m = p->machine;

	if (cur && (clone_flags & CLONE_SIGHAND)) {
		cur->sighand->count++;
		p->sighand = cur->sighand;
		return 0;
	}
	p->sighand = kmem_cache_alloc(kmem_cache_of(m, KMEM_SIGHAND));
	if (!p->sighand)
		return -ENOMEM;
	p->sighand->count = 1;
	return 0;
}

/*
 * copy_signal - the child's signal_struct: its group's, with CLONE_THREAD;
 * else a new group's, whose thread list attach_pid() starts with the
 * child.
 */
static int copy_signal(unsigned long clone_flags, struct task_struct *p,
		       struct task_struct *cur)
{
	struct machine *m = p->machine;
	struct signal_struct *sig;

	if (cur && (clone_flags & CLONE_THREAD)) {
		cur->signal->sigcnt++;
		p->signal = cur->signal;
		return 0;
	}
	sig = kmem_cache_alloc(kmem_cache_of(m, KMEM_SIGNAL));
	if (!sig)
		return -ENOMEM;
	sig->sigcnt = 1;
	INIT_LIST_HEAD(&sig->thread_head);
	p->signal = sig;
	return 0;
}

/* __cleanup_sighand() and put_signal_struct(): drop @tsk's references. */
static void put_sighand_signal(struct task_struct *tsk)
{
	struct machine *m = tsk->machine;

	if (tsk->sighand && --tsk->sighand->count == 0)
		kmem_cache_free(kmem_cache_of(m, KMEM_SIGHAND), tsk->sighand);
	if (tsk->signal && --tsk->signal->sigcnt == 0)
		kmem_cache_free(kmem_cache_of(m, KMEM_SIGNAL), tsk->signal);
	tsk->sighand = NULL;
	tsk->signal = NULL;
}

/*
 * dup_task_struct_clone - a zeroed task_struct from task_struct_cachep
 * with the sighand and signal_struct that @clone_flags give it against
 * @cur (NULL: a new process of its own), as copy_process() allocates
 * them: dup_task_struct(), copy_sighand(), copy_signal(). The task leads
 * a group of its own unless the caller makes it a thread.
 */
static struct task_struct *dup_task_struct_clone(struct machine *m,
						 unsigned long clone_flags,
						 struct task_struct *cur)
{
	struct task_struct *p;

	p = kmem_cache_alloc(kmem_cache_of(m, KMEM_TASK_STRUCT));
	if (!p)
		return NULL;
	p->machine = m;
	p->group_leader = p;
	INIT_LIST_HEAD(&p->thread_node);
	if (copy_sighand(clone_flags, p, cur) ||
	    copy_signal(clone_flags, p, cur)) {
		free_task(p);
		return NULL;
	}
	return p;
}

/**
 * alloc_task_struct() - a zeroed task_struct leading a thread group of
 * its own, with a signal_struct and a sighand_struct of its own, each from
 * its cache (spawn's, and PID 1's).
 * @m: machine (write lock)
 *
 * Return: the task, on no list and with no PID, or NULL with the reason
 * recorded (no frame for a slab, or host memory).
 */
struct task_struct *alloc_task_struct(struct machine *m)
{
	return dup_task_struct_clone(m, 0, NULL);
}

/**
 * free_task() - free what alloc_task_struct() or clone allocated: the
 * task's references to its sighand (__cleanup_sighand() in
 * release_task()) and signal_struct (put_signal_struct()), freeing them
 * with the last, then the task_struct (free_task()).
 * @tsk: a task on no list, its mm gone
 */
void free_task(struct task_struct *tsk)
{
	struct machine *m = tsk->machine;

	put_sighand_signal(tsk);
	cgroup_exit_task(tsk);
	kmem_cache_free(kmem_cache_of(m, KMEM_TASK_STRUCT), tsk);
}

/*
 * copy_mm - the child's address space: with CLONE_VM the parent's, one
 * more user (mmget()); else a copy of its own (dup_mm()).
 */
static int copy_mm(unsigned long clone_flags, struct task_struct *tsk,
		   struct task_struct *parent)
{
	struct mm_struct *oldmm = parent->mm, *mm;

	tsk->mm = NULL;
	if (!oldmm)
		return 0;
	if (clone_flags & CLONE_VM) {
		oldmm->mm_users++;	/* mmget() */
		tsk->mm = oldmm;
		return 0;
	}
	mm = dup_mm(tsk, oldmm);
	if (!mm)
		return -ENOMEM;
	tsk->mm = mm;
	return 0;
}

/*
 * copy_files - the child's fd table: the parent's, shared, with
 * CLONE_FILES; else a copy (dup_fd()).
 */
static int copy_files(unsigned long clone_flags, struct task_struct *p,
		      struct task_struct *parent)
{
	if (!parent->files)
		return 0;
	if (clone_flags & CLONE_FILES) {
		parent->files->count++;
		p->files = parent->files;
		return 0;
	}
	p->files = dup_fd(p->machine, parent->files);
	return p->files ? 0 : -ENOMEM;
}

/**
 * clone_flags_valid() - copy_process()'s checks of the flags alone:
 * CLONE_THREAD needs CLONE_SIGHAND ("Thread groups must share signals as
 * well"), and CLONE_SIGHAND needs CLONE_VM ("Shared signal handlers
 * imply shared VM").
 * @m: machine, for the reason
 * @clone_flags: CLONE_* bits
 * Return: 0 or -EINVAL with the reason recorded.
 */
int clone_flags_valid(struct machine *m, unsigned long clone_flags)
{
	if ((clone_flags & CLONE_THREAD) && !(clone_flags & CLONE_SIGHAND)) {
		vm_err(m, "thread needs sighand: a thread group shares its "
		       "signal handlers");
		return -EINVAL;
	}
	if ((clone_flags & CLONE_SIGHAND) && !(clone_flags & CLONE_VM)) {
		vm_err(m, "sighand needs vm: shared signal handlers imply a "
		       "shared address space");
		return -EINVAL;
	}
	return 0;
}

/*
 * copy_process - create the child task: a copy of the parent's
 * task_struct (dup_task_struct), its sighand, signal_struct, fd table and
 * address space (shared or copied as @clone_flags say), then a PID
 * (alloc_pid) and a place on the task list and, for a new process, the
 * parent's children list; a thread joins its group instead. Nothing
 * becomes visible until the last step succeeds, so a failed clone leaves
 * no trace, not even a used PID.
 */
static struct task_struct *copy_process(struct task_struct *parent,
					unsigned long clone_flags, int *err)
{
	ftrace_graph(&parent->machine->trace);
	struct machine *m = parent->machine;
	struct task_struct *p;
	int retval;

	if (parent->state != TASK_RUNNING && parent->state != TASK_SLEEPING) {
		vm_err(m, "process has exited");
		*err = -ESRCH;
		return NULL;
	}
	*err = clone_flags_valid(m, clone_flags);
	if (*err)
		return NULL;
	*err = pid_max_check(m);
	if (*err)
		return NULL;

	p = dup_task_struct_clone(m, clone_flags, parent);
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	memcpy(p->comm, parent->comm, sizeof(p->comm));
	p->state = TASK_RUNNING;
	p->oom_score_adj = parent->oom_score_adj;
	p->thread_pkru = parent->thread_pkru;	/* fpu_clone() copies PKRU */
	/* The affinity is inherited (dup_task_struct copies cpus_mask). */
	p->cpu = parent->cpu;
	p->cpus_mask = parent->cpus_mask;
	/* A thread has no exit signal: it is released when it exits. */
	p->exit_signal = (clone_flags & CLONE_THREAD) ? -1 : SIGCHLD;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);

	retval = copy_files(clone_flags, p, parent);
	if (retval)
		goto bad_fork_free;
	cgroup_fork(parent, p);	/* cgroup_can_fork(): the parent's group */
	retval = copy_mm(clone_flags, p, parent);
	if (retval)
		goto bad_fork_cleanup_files;

	/*
	 * alloc_pid(), then make the child visible. A thread is a child of
	 * the group's parent and joins the group's thread list; a process
	 * is a child of the forking task.
	 */
	if (clone_flags & CLONE_THREAD) {
		p->group_leader = parent->group_leader;
		attach_pid(m, p, parent->group_leader->real_parent);
	} else {
		attach_pid(m, p, parent);
	}
	return p;

bad_fork_cleanup_files:
	exit_files(p);
bad_fork_free:
	free_task(p);
	*err = retval;
	return NULL;
}

/**
 * kernel_clone() - clone(2) with @clone_flags (CLONE_VM, CLONE_FILES,
 * CLONE_SIGHAND, CLONE_THREAD; no flag is fork(2)).
 * @parent: the cloning task, current (its command runs on its CPU)
 * @clone_flags: CLONE_* bits
 *
 * The child runs at once (state TASK_RUNNING) with the parent's memory
 * (shared with CLONE_VM, else a copy-on-write copy), its comm and
 * oom_score_adj. A new process is the parent's child and signals it
 * with SIGCHLD at exit (as fork(), and glibc's clone(..., SIGCHLD)); a
 * thread (CLONE_THREAD) joins the parent's thread group.
 *
 * Return: the child's pid (TID); -EINVAL for flags copy_process()
 * refuses; -ENOMEM when memory or commit runs out (the parent is left
 * exactly as it was: see dup_mmap()); -EAGAIN when PIDs run out; -ESRCH
 * for an exited parent.
 * Locking: machine lock held for writing.
 */
pid_t kernel_clone(struct task_struct *parent, unsigned long clone_flags)
{
	ftrace_graph(&parent->machine->trace);
	struct task_struct *p;
	int err = 0;

	p = copy_process(parent, clone_flags, &err);
	if (!p)
		return err;
	return p->pid;
}

/**
 * sys_fork() - fork(2): kernel_clone() with no flag.
 * @parent: the forking task
 * Return: as kernel_clone().
 * Locking: machine lock held for writing.
 */
pid_t sys_fork(struct task_struct *parent)
{
	ftrace_graph(&parent->machine->trace);
	return kernel_clone(parent, 0);
}
