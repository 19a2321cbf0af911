/*
 * structs.c - MOUNT/PID/task_struct, PID/mm_struct, PID/vm_area_structs
 * and PID/anon_vmas:
 * the engine's own structures, field by field under the kernel's field
 * names (the seeds' listings of include/linux/mm_types.h), one
 * "name: value" a line; and PID/paging, the bytes of page tables that
 * each paging scheme of the lecture would need for the process's present
 * pages. Objects are named by procfs/kaddr.h's kernel addresses, as vtop
 * and page name them. Rendered from the engine's walks (the VMA list,
 * walk_mm_anon_vmas(), walk_anon_vma_tree(), walk_page_range_debug());
 * nothing here changes the machine. See mmsim(7), STRUCT VIEWS.
 */
#include <errno.h>
#include <stdio.h>
#include "internal.h"
#include "kaddr.h"
#include "../vm/pagewalk.h"
#include "../vm/pgtable.h"

/* include/linux/mm.h's VM_* names, in bit order. */
static const struct { unsigned long flag; const char *name; } vm_flag_names[] = {
	{ VM_READ, "VM_READ" },		{ VM_WRITE, "VM_WRITE" },
	{ VM_EXEC, "VM_EXEC" },		{ VM_SHARED, "VM_SHARED" },
	{ VM_MAYREAD, "VM_MAYREAD" },	{ VM_MAYWRITE, "VM_MAYWRITE" },
	{ VM_MAYEXEC, "VM_MAYEXEC" },	{ VM_MAYSHARE, "VM_MAYSHARE" },
	{ VM_GROWSDOWN, "VM_GROWSDOWN" }, { VM_UFFD_MISSING, "VM_UFFD_MISSING" },
	{ VM_PFNMAP, "VM_PFNMAP" },	{ VM_UFFD_WP, "VM_UFFD_WP" },
	{ VM_LOCKED, "VM_LOCKED" },	{ VM_IO, "VM_IO" },
	{ VM_SEQ_READ, "VM_SEQ_READ" },	{ VM_RAND_READ, "VM_RAND_READ" },
	{ VM_DONTCOPY, "VM_DONTCOPY" },	{ VM_DONTEXPAND, "VM_DONTEXPAND" },
	{ VM_LOCKONFAULT, "VM_LOCKONFAULT" }, { VM_ACCOUNT, "VM_ACCOUNT" },
	{ VM_NORESERVE, "VM_NORESERVE" }, { VM_HUGETLB, "VM_HUGETLB" },
	{ VM_SYNC, "VM_SYNC" },
	{ VM_ARCH_1, "VM_PAT" },	/* x86's VM_ARCH_1 */
	{ VM_WIPEONFORK, "VM_WIPEONFORK" }, { VM_DONTDUMP, "VM_DONTDUMP" },
	{ VM_SOFTDIRTY, "VM_SOFTDIRTY" }, { VM_MIXEDMAP, "VM_MIXEDMAP" },
	{ VM_HUGEPAGE, "VM_HUGEPAGE" },	{ VM_NOHUGEPAGE, "VM_NOHUGEPAGE" },
	{ VM_MERGEABLE, "VM_MERGEABLE" },
	{ VM_PKEY_BIT0, "VM_PKEY_BIT0" }, { VM_PKEY_BIT1, "VM_PKEY_BIT1" },
	{ VM_PKEY_BIT2, "VM_PKEY_BIT2" }, { VM_PKEY_BIT3, "VM_PKEY_BIT3" },
};

/* "name: 0xHEX", or "name: NULL" for a null pointer's address. */
static void put_ptr(struct seq_buf *s, const char *name, unsigned long addr)
{
	if (addr)
		seq_printf(s, "%s: 0x%lx\n", name, addr);
	else
		seq_printf(s, "%s: NULL\n", name);
}

/* A VMA pointer: its address and, as addresses may be shared, its range. */
static void put_vma_ptr(struct seq_buf *s, struct zone *zone,
			const char *name, const struct vm_area_struct *vma)
{
	if (!vma) {
		seq_printf(s, "%s: NULL\n", name);
		return;
	}
	seq_printf(s, "%s: 0x%lx (%lx-%lx)\n", name, kaddr_slab_obj(zone, vma),
		   vma->vm_start, vma->vm_end);
}

/* include/linux/sched.h's PF_* names that mmsim's tasks carry. */
static const struct { unsigned int flag; const char *name; } pf_names[] = {
	{ PF_EXITING, "PF_EXITING" },	{ PF_POSTCOREDUMP, "PF_POSTCOREDUMP" },
	{ PF_FORKNOEXEC, "PF_FORKNOEXEC" }, { PF_MEMALLOC, "PF_MEMALLOC" },
	{ PF_NOFREEZE, "PF_NOFREEZE" },	{ PF_KSWAPD, "PF_KSWAPD" },
	{ PF_KTHREAD, "PF_KTHREAD" },
};

static pid_t mm_pid(struct machine *m, const struct mm_struct *mm);

/* An mm pointer: its address and, but for NULL, whose it is. */
static void put_mm_ptr(struct seq_buf *s, struct machine *m,
		       const char *name, const struct mm_struct *mm)
{
	if (!mm) {
		seq_printf(s, "%s: NULL\n", name);
		return;
	}
	seq_printf(s, "%s: 0x%lx (pid %d)\n", name,
		   kaddr_slab_obj(&m->zone, mm), (int)mm_pid(m, mm));
}

/**
 * proc_pid_task_struct_show() - MOUNT/PID/task_struct: @tsk's
 * task_struct, the fields that tie it to its address space and CPU:
 * its address, pid, tgid, comm, flags (hex and PF_* names, as stat's
 * flags field), mm and active_mm (each with the pid whose address space
 * it is; a kernel thread's mm is NULL and its active_mm the mm it
 * borrowed while it runs, NULL asleep), on_cpu (it is its CPU's curr),
 * cpu (task_cpu()), nvcsw and nivcsw. Read lock held; changes nothing.
 * Return: 0, -ENOENT without a task, or -ENOMEM when @s could not grow.
 */
int proc_pid_task_struct_show(struct machine *m, struct task_struct *tsk,
			      struct seq_buf *s)
{
	unsigned int flags;

	if (!tsk)
		return -ENOENT;
	/* As stat's flags field: a zombie's are do_exit()'s. */
	flags = (tsk->state == EXIT_ZOMBIE || tsk->state == EXIT_DEAD) ?
		(PF_EXITING | PF_POSTCOREDUMP | PF_NOFREEZE) : tsk->flags;
	put_ptr(s, "task_struct", kaddr_slab_obj(&m->zone, tsk));
	seq_printf(s, "pid: %d\n", tsk->pid);
	seq_printf(s, "tgid: %d\n", tsk->tgid);
	seq_printf(s, "comm: %.*s\n", TASK_COMM_LEN, tsk->comm);
	seq_printf(s, "flags: 0x%x", flags);
	for (size_t i = 0; i < sizeof(pf_names) / sizeof(pf_names[0]); i++)
		if (flags & pf_names[i].flag)
			seq_printf(s, " %s", pf_names[i].name);
	seq_putc(s, '\n');
	put_mm_ptr(s, m, "mm", tsk->mm);
	put_mm_ptr(s, m, "active_mm", task_active_mm(tsk));
	seq_printf(s, "on_cpu: %d\n", tsk->cpu < m->cfg.nr_cpus &&
		   m->cpus[tsk->cpu].curr == tsk);
	seq_printf(s, "cpu: %d\n", tsk->cpu);
	seq_printf(s, "nvcsw: %lu\n", tsk->nvcsw);
	seq_printf(s, "nivcsw: %lu\n", tsk->nivcsw);
	return s->err;
}

/**
 * proc_pid_mm_struct_show() - MOUNT/PID/mm_struct: @tsk's mm_struct, its
 * fields in mm_types.h's order. A task without an mm (a zombie) shows
 * nothing, as its mm is gone. Read lock held; changes nothing.
 * Return: 0, -ENOENT without a task, or -ENOMEM when @s could not grow.
 */
int proc_pid_mm_struct_show(struct machine *m, struct task_struct *tsk,
			    struct seq_buf *s)
{
	static const char *const counter[NR_MM_COUNTERS] = {
		"MM_FILEPAGES", "MM_ANONPAGES", "MM_SWAPENTS", "MM_SHMEMPAGES",
	};
	struct zone *zone = &m->zone;
	struct mm_struct *mm;
	struct vm_area_struct *root = NULL;

	if (!tsk)
		return -ENOENT;
	mm = tsk->mm;
	if (!mm)
		return s->err;
	if (mm->mm_rb.rb_node)
		root = rb_entry(mm->mm_rb.rb_node, struct vm_area_struct, vm_rb);
	put_ptr(s, "mm_struct", kaddr_slab_obj(zone, mm));
	put_vma_ptr(s, zone, "mmap", mm->mmap);
	put_vma_ptr(s, zone, "mm_rb", root);
	put_vma_ptr(s, zone, "mmap_cache", mm->mmap_cache);
	seq_printf(s, "mmap_base: 0x%lx\n", mm->mmap_base);
	seq_printf(s, "task_size: 0x%lx\n", mm->task_size);
	seq_printf(s, "highest_vm_end: 0x%lx\n", mm->highest_vm_end);
	seq_printf(s, "pgd: 0x%lx\n", kaddr_frame(mm->pgd_pfn));
	seq_printf(s, "pgd_pa: 0x%lx\n", mm->pgd_pfn << PAGE_SHIFT);
	seq_printf(s, "mm_users: %d\n", mm->mm_users);
	seq_printf(s, "mm_count: %d\n", mm->mm_count);
	seq_printf(s, "map_count: %d\n", mm->map_count);
	seq_printf(s, "hiwater_rss: %lu\n", mm->hiwater_rss);
	seq_printf(s, "hiwater_vm: %lu\n", mm->hiwater_vm);
	seq_printf(s, "total_vm: %lu\n", mm->total_vm);
	seq_printf(s, "locked_vm: %lu\n", mm->locked_vm);
	seq_printf(s, "pinned_vm: %lu\n", mm->pinned_vm);
	seq_printf(s, "data_vm: %lu\n", mm->data_vm);
	seq_printf(s, "exec_vm: %lu\n", mm->exec_vm);
	seq_printf(s, "stack_vm: %lu\n", mm->stack_vm);
	seq_printf(s, "def_flags: 0x%lx\n", mm->def_flags);
	seq_printf(s, "start_code: 0x%lx\n", mm->start_code);
	seq_printf(s, "end_code: 0x%lx\n", mm->end_code);
	seq_printf(s, "start_data: 0x%lx\n", mm->start_data);
	seq_printf(s, "end_data: 0x%lx\n", mm->end_data);
	seq_printf(s, "start_brk: 0x%lx\n", mm->start_brk);
	seq_printf(s, "brk: 0x%lx\n", mm->brk);
	seq_printf(s, "start_stack: 0x%lx\n", mm->start_stack);
	seq_printf(s, "arg_start: 0x%lx\n", mm->arg_start);
	seq_printf(s, "arg_end: 0x%lx\n", mm->arg_end);
	seq_printf(s, "env_start: 0x%lx\n", mm->env_start);
	seq_printf(s, "env_end: 0x%lx\n", mm->env_end);
	for (int i = 0; i < NR_MM_COUNTERS; i++)
		seq_printf(s, "rss_stat[%s]: %ld\n", counter[i],
			   mm->rss_stat[i]);
	seq_printf(s, "pgtables_bytes: %ld\n", mm->pgtables_bytes);
	return s->err;
}

/* The PID the views give an mm: its first task by PID (the leader). */
static pid_t mm_pid(struct machine *m, const struct mm_struct *mm)
{
	struct task_struct *t;

	for_each_task(m, t)
		if (t->mm == mm)
			return t->pid;
	return 0;
}

/**
 * proc_pid_vm_area_structs_show() - MOUNT/PID/vm_area_structs: one block
 * per VMA of @tsk's mm->mmap list, blank-line separated: its address,
 * vm_mm, vm_start, vm_end, vm_flags (hex and VM_* names), vm_page_prot,
 * vm_pgoff, vm_file, anon_vma, vm_ops and its anon_vma_chain list (each
 * avc's anon_vma, in same_vma order: newest first). Nothing for a
 * zombie. Read lock held; changes nothing.
 * Return: 0, -ENOENT without a task, or -ENOMEM when @s could not grow.
 */
int proc_pid_vm_area_structs_show(struct machine *m, struct task_struct *tsk,
				  struct seq_buf *s)
{
	struct zone *zone = &m->zone;
	struct vm_area_struct *vma;
	char path[4096];

	if (!tsk)
		return -ENOENT;
	if (!tsk->mm)
		return s->err;
	for (vma = tsk->mm->mmap; vma; vma = vma->vm_next) {
		struct anon_vma_chain *avc;
		unsigned long rest = vma->vm_flags;
		bool first = true;

		if (vma != tsk->mm->mmap)
			seq_putc(s, '\n');
		put_ptr(s, "vm_area_struct", kaddr_slab_obj(zone, vma));
		put_ptr(s, "vm_mm", kaddr_slab_obj(zone, vma->vm_mm));
		seq_printf(s, "vm_start: 0x%lx\n", vma->vm_start);
		seq_printf(s, "vm_end: 0x%lx\n", vma->vm_end);
		seq_printf(s, "vm_flags: 0x%lx", vma->vm_flags);
		for (size_t i = 0; i < sizeof(vm_flag_names) / sizeof(vm_flag_names[0]); i++) {
			if (!(vma->vm_flags & vm_flag_names[i].flag))
				continue;
			seq_printf(s, "%s%s", first ? " " : "|",
				   vm_flag_names[i].name);
			first = false;
			rest &= ~vm_flag_names[i].flag;
		}
		if (rest)
			seq_printf(s, "%s0x%lx", first ? " " : "|", rest);
		seq_putc(s, '\n');
		seq_printf(s, "vm_page_prot: 0x%lx\n",
			   (unsigned long)vma->vm_page_prot.pgprot);
		seq_printf(s, "vm_pgoff: 0x%lx\n", vma->vm_pgoff);
		if (vma->vm_file)
			seq_printf(s, "vm_file: %s\n",
				   file_path(vma->vm_file, path, sizeof(path)));
		else
			seq_puts(s, "vm_file: NULL\n");
		put_ptr(s, "anon_vma", kaddr_anon_vma(vma->anon_vma));
		seq_printf(s, "vm_ops: %s\n",
			   !vma->vm_ops ? "NULL" :
			   vma->vm_ops->ops_name ? vma->vm_ops->ops_name : "?");
		seq_puts(s, "anon_vma_chain:");
		if (list_empty(&vma->anon_vma_chain))
			seq_puts(s, " (empty)");
		list_for_each_entry(avc, &vma->anon_vma_chain, same_vma)
			seq_printf(s, " 0x%lx", kaddr_anon_vma(avc->anon_vma));
		seq_putc(s, '\n');
	}
	return s->err;
}

struct anon_vmas_show {
	struct machine *m;
	struct seq_buf *s;
	bool first;
};

/* One entry of an anon_vma's interval tree: PID:START-END of its VMA. */
static int show_avc(struct anon_vma_chain *avc, void *arg)
{
	struct anon_vmas_show *as = arg;

	seq_printf(as->s, " %d:%lx-%lx", (int)mm_pid(as->m, avc->vma->vm_mm),
		   avc->vma->vm_start, avc->vma->vm_end);
	return 0;
}

static int show_anon_vma(struct anon_vma *av, void *arg)
{
	struct anon_vmas_show *as = arg;
	struct seq_buf *s = as->s;

	if (!as->first)
		seq_putc(s, '\n');
	as->first = false;
	put_ptr(s, "anon_vma", kaddr_anon_vma(av));
	put_ptr(s, "root", kaddr_anon_vma(av->root));
	put_ptr(s, "parent", kaddr_anon_vma(av->parent));
	seq_printf(s, "refcount: %d\n", av->refcount);
	seq_printf(s, "num_children: %lu\n", av->num_children);
	seq_printf(s, "num_active_vmas: %lu\n", av->num_active_vmas);
	seq_puts(s, "rb_root:");
	walk_anon_vma_tree(av, show_avc, as);
	seq_putc(s, '\n');
	return 0;
}

/**
 * proc_pid_anon_vmas_show() - MOUNT/PID/anon_vmas: every anon_vma that one
 * of @tsk's VMAs is chained to, by serial (allocation order), one block
 * each: its address, root, parent, refcount, num_children,
 * num_active_vmas and the VMAs on its interval tree as PID:START-END (any
 * process's). Nothing for a zombie. Read lock held; changes nothing.
 * Return: 0, -ENOENT without a task, or -ENOMEM.
 */
int proc_pid_anon_vmas_show(struct machine *m, struct task_struct *tsk,
			    struct seq_buf *s)
{
	struct anon_vmas_show as = { .m = m, .s = s, .first = true };
	int ret;

	if (!tsk)
		return -ENOENT;
	if (!tsk->mm)
		return s->err;
	ret = walk_mm_anon_vmas(tsk->mm, show_anon_vma, &as);
	return ret ? ret : s->err;
}

/*
 * The paging schemes: per level below the top, the shift of the address
 * bits a table of that level covers; a new table of the level is needed
 * for each distinct value of addr >> shift among the present pages.
 */
struct paging_count {
	unsigned long pages;
	unsigned long highest;		/* the highest present page's address */
	/* distinct addr >> shift for shift 22, 30, 21, 39, 48 */
	unsigned long n22, n30, n21, n39, n48;
	unsigned long last22, last30, last21, last39, last48;
};

#define COUNT_DISTINCT(pc, addr, sh)					\
	do {								\
		if (!(pc)->pages || ((addr) >> (sh)) != (pc)->last##sh) { \
			(pc)->n##sh++;					\
			(pc)->last##sh = (addr) >> (sh);		\
		}							\
	} while (0)

/* Each present PTE (pte_present(): PROT_NONE ones too), in address order. */
static int paging_pte_entry(pte_t *pte, unsigned long addr,
			    unsigned long next, struct mm_walk *walk)
{
	struct paging_count *pc = walk->private;

	(void)next;
	if (!pte_present(*pte))
		return 0;
	COUNT_DISTINCT(pc, addr, 22);
	COUNT_DISTINCT(pc, addr, 30);
	COUNT_DISTINCT(pc, addr, 21);
	COUNT_DISTINCT(pc, addr, 39);
	COUNT_DISTINCT(pc, addr, 48);
	pc->pages++;
	pc->highest = addr;
	return 0;
}

static const struct mm_walk_ops paging_ops = {
	.pte_entry = paging_pte_entry,
};

#define TABLE_BYTES	4096UL
#define SZ_4G		(1UL << 32)

/* " + N NAME", NAME's plural for N != 1 ("NAMEs", or @many). */
static void put_tables(struct seq_buf *s, unsigned long n, const char *name,
		       const char *many)
{
	if (n == 1)
		seq_printf(s, " + 1 %s", name);
	else if (many)
		seq_printf(s, " + %lu %s", n, many);
	else
		seq_printf(s, " + %lu %ss", n, name);
}

/**
 * proc_pid_paging_show() - MOUNT/PID/paging: for @tsk's present pages,
 * the bytes of page tables each scheme would need, one line a scheme:
 *   present_pages: N
 *   1-level: BYTES bytes = 1 table (20+12 bits, 4-byte entries)
 *   2-level: BYTES bytes = 1 page directory + N page tables (10+10+12 ...)
 *   pae: BYTES bytes = 1 PDPT (32 bytes) + N page directories + N page tables
 *   4-level: BYTES bytes = 1 PGD + N PUDs + N PMDs + N PTE tables
 *   5-level: BYTES bytes = 1 PGD + N P4Ds + N PUDs + N PMDs + N PTE tables
 *   allocated: BYTES bytes = this machine's 4-level (or 5-level) tables now
 * A 32-bit scheme cannot map a page at or above 4 GiB: its line says
 * "n/a" and which page. A zombie shows nothing. Changes nothing.
 * Return: 0, -ENOENT without a task, or -ENOMEM.
 */
int proc_pid_paging_show(struct machine *m, struct task_struct *tsk,
			 struct seq_buf *s)
{
	struct paging_count pc = { 0 };
	struct mm_struct *mm;
	unsigned long bytes;

	(void)m;
	if (!tsk)
		return -ENOENT;
	mm = tsk->mm;
	if (!mm)
		return s->err;
	walk_page_range_debug(mm, 0, mm->task_size, &paging_ops, &pc);
	seq_printf(s, "present_pages: %lu\n", pc.pages);
	if (pc.pages && pc.highest >= SZ_4G) {
		static const char *const schemes[] = {
			"1-level", "2-level", "pae"
		};

		for (int i = 0; i < 3; i++)
			seq_printf(s, "%s: n/a: page 0x%lx is above the 4 GiB of 32-bit virtual addresses\n",
				   schemes[i], pc.highest);
	} else {
		seq_printf(s, "1-level: %lu bytes = 1 table (20+12 bits, 4-byte entries)\n",
			   (1UL << 20) * 4);
		seq_printf(s, "2-level: %lu bytes = 1 page directory",
			   TABLE_BYTES * (1 + pc.n22));
		put_tables(s, pc.n22, "page table", NULL);
		seq_puts(s, " (10+10+12 bits, 4-byte entries)\n");
		seq_printf(s, "pae: %lu bytes = 1 PDPT (32 bytes)",
			   32 + TABLE_BYTES * (pc.n30 + pc.n21));
		put_tables(s, pc.n30, "page directory", "page directories");
		put_tables(s, pc.n21, "page table", NULL);
		seq_puts(s, " (2+9+9+12 bits, 8-byte entries)\n");
	}
	bytes = TABLE_BYTES * (1 + pc.n39 + pc.n30 + pc.n21);
	if (pc.pages && pc.highest >= DEFAULT_MAP_WINDOW) {
		/* A 5-level machine's page beyond 4-level's user half. */
		seq_printf(s, "4-level: n/a: page 0x%lx is above the 128 TiB of 4-level user addresses\n",
			   pc.highest);
	} else {
		seq_printf(s, "4-level: %lu bytes = 1 PGD", bytes);
		put_tables(s, pc.n39, "PUD", NULL);
		put_tables(s, pc.n30, "PMD", NULL);
		put_tables(s, pc.n21, "PTE table", NULL);
		seq_puts(s, " (9+9+9+9+12 bits, 8-byte entries)\n");
	}
	bytes = TABLE_BYTES * (1 + pc.n48 + pc.n39 + pc.n30 + pc.n21);
	seq_printf(s, "5-level: %lu bytes = 1 PGD", bytes);
	put_tables(s, pc.n48, "P4D", NULL);
	put_tables(s, pc.n39, "PUD", NULL);
	put_tables(s, pc.n30, "PMD", NULL);
	put_tables(s, pc.n21, "PTE table", NULL);
	seq_puts(s, " (9+9+9+9+9+12 bits, 8-byte entries)\n");
	/*
	 * The machine's own tables: its pgd, pgtables_bytes (pud, pmd and
	 * PTE tables), and with 5 levels the p4d tables, which are not in
	 * pgtables_bytes: one per present user pgd entry.
	 */
	bytes = TABLE_BYTES + (unsigned long)mm->pgtables_bytes;
	if (pgtable_l5_enabled(mm) && mm->pgd)
		for (int i = 0; i < PTRS_PER_PGD / 2; i++)
			if (!pgd_none(mm->pgd[i]))
				bytes += TABLE_BYTES;
	seq_printf(s, "allocated: %lu bytes = this machine's %d-level tables now\n",
		   bytes, pt_levels(mm));
	return s->err;
}
