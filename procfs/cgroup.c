/*
 * cgroup.c - the files of MOUNT/cgroup/, a cgroup v2 hierarchy with the
 * memory controller (kernel/cgroup/cgroup.c's cgroup_base_files[],
 * mm/memcontrol.c's memory_files[]), in the formats of
 * Documentation/admin-guide/cgroup-v2.rst, and MOUNT/PID/cgroup
 * (proc_cgroup_show()). They render; a write to a control file is the
 * global command cgroup_write, which ctl/ parses and journals.
 *
 * memory.stat prints every key 6.18 prints on a kernel configured as the
 * host's (CONFIG_ZSWAP, CONFIG_TRANSPARENT_HUGEPAGE, CONFIG_SWAP,
 * CONFIG_NUMA_BALANCING, CONFIG_MEMCG_V1, so no pgpgin/pgpgout, and no
 * hugetlb line without the memory_hugetlb_accounting mount option). The
 * simulation has no kernel stacks, secondary page tables, per-CPU
 * memory, sockets, vmalloc, zswap, THPs, working-set shadows, demotion
 * or NUMA balancing, and no slab accounting by group: those keys are 0.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

/* A limit as the kernel prints it: "max" for none, else bytes. */
static void print_limit(struct seq_buf *s, unsigned long pages)
{
	if (pages >= PAGE_COUNTER_MAX)
		seq_puts(s, "max\n");
	else
		seq_printf(s, "%lu\n", pages * PAGE_SIZE);
}

int cg_controllers_show(struct machine *m, struct cgroup *cgrp,
			struct seq_buf *s)
{
	seq_puts(s, "memory\n");
	return 0;
}

int cg_subtree_control_show(struct machine *m, struct cgroup *cgrp,
			    struct seq_buf *s)
{
	seq_puts(s, "memory\n");
	return 0;
}

int cg_type_show(struct machine *m, struct cgroup *cgrp, struct seq_buf *s)
{
	seq_puts(s, "domain\n");
	return 0;
}

/* populated: a task in the group or below it (cgroup_is_populated()). */
static bool cgroup_populated(const struct cgroup *cgrp)
{
	const struct cgroup *child;

	if (cgrp->nr_tasks)
		return true;
	list_for_each_entry(child, &cgrp->children, sibling)
		if (cgroup_populated(child))
			return true;
	return false;
}

int cg_events_show(struct machine *m, struct cgroup *cgrp, struct seq_buf *s)
{
	seq_printf(s, "populated %d\nfrozen 0\n", cgroup_populated(cgrp));
	return 0;
}

/* Every task in PID order, kernel threads included (on no task list). */
#define for_each_pid_task(m, t)						\
	for (t = next_task_by_pid(m, 1); t; t = next_task_by_pid(m, t->pid + 1))

/* cgroup.procs: the group's processes, in PID order. */
int cg_procs_show(struct machine *m, struct cgroup *cgrp, struct seq_buf *s)
{
	struct task_struct *t;

	for_each_pid_task(m, t)
		if (t->cgroup == cgrp && (t->flags & PF_KTHREAD ||
					  thread_group_leader(t)))
			seq_printf(s, "%d\n", (int)t->pid);
	return 0;
}

int cg_threads_show(struct machine *m, struct cgroup *cgrp, struct seq_buf *s)
{
	struct task_struct *t;

	for_each_pid_task(m, t)
		if (t->cgroup == cgrp)
			seq_printf(s, "%d\n", (int)t->pid);
	return 0;
}

int memory_current_show(struct machine *m, struct cgroup *cgrp,
			struct seq_buf *s)
{
	seq_printf(s, "%lu\n", cgrp->memcg->memory.usage * PAGE_SIZE);
	return 0;
}

int memory_peak_show(struct machine *m, struct cgroup *cgrp, struct seq_buf *s)
{
	seq_printf(s, "%lu\n", cgrp->memcg->memory.watermark * PAGE_SIZE);
	return 0;
}

int memory_min_show(struct machine *m, struct cgroup *cgrp, struct seq_buf *s)
{
	print_limit(s, cgrp->memcg->memory.min);
	return 0;
}

int memory_low_show(struct machine *m, struct cgroup *cgrp, struct seq_buf *s)
{
	print_limit(s, cgrp->memcg->memory.low);
	return 0;
}

int memory_high_show(struct machine *m, struct cgroup *cgrp, struct seq_buf *s)
{
	print_limit(s, cgrp->memcg->memory.high);
	return 0;
}

int memory_max_show(struct machine *m, struct cgroup *cgrp, struct seq_buf *s)
{
	print_limit(s, cgrp->memcg->memory.max);
	return 0;
}

int memory_swap_current_show(struct machine *m, struct cgroup *cgrp,
			     struct seq_buf *s)
{
	seq_printf(s, "%lu\n", cgrp->memcg->swap.usage * PAGE_SIZE);
	return 0;
}

int memory_swap_peak_show(struct machine *m, struct cgroup *cgrp,
			  struct seq_buf *s)
{
	seq_printf(s, "%lu\n", cgrp->memcg->swap.watermark * PAGE_SIZE);
	return 0;
}

int memory_swap_max_show(struct machine *m, struct cgroup *cgrp,
			 struct seq_buf *s)
{
	print_limit(s, cgrp->memcg->swap.max);
	return 0;
}

int memory_swap_high_show(struct machine *m, struct cgroup *cgrp,
			  struct seq_buf *s)
{
	print_limit(s, cgrp->memcg->swap.high);
	return 0;
}

int memory_oom_group_show(struct machine *m, struct cgroup *cgrp,
			  struct seq_buf *s)
{
	seq_printf(s, "%d\n", cgrp->memcg->oom_group);
	return 0;
}

/* __memory_events_show() */
static void memory_events(struct seq_buf *s, const unsigned long *events)
{
	seq_printf(s, "low %lu\n", events[MEMCG_LOW]);
	seq_printf(s, "high %lu\n", events[MEMCG_HIGH]);
	seq_printf(s, "max %lu\n", events[MEMCG_MAX]);
	seq_printf(s, "oom %lu\n", events[MEMCG_OOM]);
	seq_printf(s, "oom_kill %lu\n", events[MEMCG_OOM_KILL]);
	seq_printf(s, "oom_group_kill %lu\n", events[MEMCG_OOM_GROUP_KILL]);
}

int memory_events_show(struct machine *m, struct cgroup *cgrp,
		       struct seq_buf *s)
{
	memory_events(s, cgrp->memcg->memory_events);
	return 0;
}

int memory_events_local_show(struct machine *m, struct cgroup *cgrp,
			     struct seq_buf *s)
{
	memory_events(s, cgrp->memcg->memory_events_local);
	return 0;
}

int memory_swap_events_show(struct machine *m, struct cgroup *cgrp,
			    struct seq_buf *s)
{
	const unsigned long *events = cgrp->memcg->memory_events;

	seq_printf(s, "high %lu\n", events[MEMCG_SWAP_HIGH]);
	seq_printf(s, "max %lu\n", events[MEMCG_SWAP_MAX]);
	seq_printf(s, "fail %lu\n", events[MEMCG_SWAP_FAIL]);
	return 0;
}

/*
 * memory.stat's lines (memory_stats[] then memcg_stat_format()'s
 * events): a page-state item (bytes), an event (a count), or a key the
 * simulation never counts (0).
 */
enum stat_src { ST_PAGES, ST_EVENT, ST_ZERO, ST_SLAB, ST_SUM2 };
struct stat_line {
	const char *name;
	enum stat_src src;
	int idx, idx2;		/* ST_SUM2: the sum of two events */
};

static const struct stat_line memory_stat_lines[] = {
	{ "anon",			ST_PAGES, MS_ANON },
	{ "file",			ST_PAGES, MS_FILE },
	{ "kernel",			ST_PAGES, MS_KERNEL },
	{ "kernel_stack",		ST_ZERO },
	{ "pagetables",			ST_PAGES, MS_PAGETABLES },
	{ "sec_pagetables",		ST_ZERO },
	{ "percpu",			ST_ZERO },
	{ "sock",			ST_ZERO },
	{ "vmalloc",			ST_ZERO },
	{ "shmem",			ST_PAGES, MS_SHMEM },
	{ "zswap",			ST_ZERO },
	{ "zswapped",			ST_ZERO },
	{ "file_mapped",		ST_PAGES, MS_FILE_MAPPED },
	{ "file_dirty",			ST_PAGES, MS_FILE_DIRTY },
	{ "file_writeback",		ST_PAGES, MS_FILE_WRITEBACK },
	{ "swapcached",			ST_PAGES, MS_SWAPCACHED },
	{ "anon_thp",			ST_ZERO },
	{ "file_thp",			ST_ZERO },
	{ "shmem_thp",			ST_ZERO },
	{ "inactive_anon",		ST_PAGES, MS_INACTIVE_ANON },
	{ "active_anon",		ST_PAGES, MS_ACTIVE_ANON },
	{ "inactive_file",		ST_PAGES, MS_INACTIVE_FILE },
	{ "active_file",		ST_PAGES, MS_ACTIVE_FILE },
	{ "unevictable",		ST_PAGES, MS_UNEVICTABLE },
	{ "slab_reclaimable",		ST_ZERO },
	{ "slab_unreclaimable",		ST_ZERO },
	{ "slab",			ST_SLAB },
	{ "workingset_refault_anon",	ST_ZERO },
	{ "workingset_refault_file",	ST_ZERO },
	{ "workingset_activate_anon",	ST_ZERO },
	{ "workingset_activate_file",	ST_ZERO },
	{ "workingset_restore_anon",	ST_ZERO },
	{ "workingset_restore_file",	ST_ZERO },
	{ "workingset_nodereclaim",	ST_ZERO },
	{ "pgdemote_kswapd",		ST_ZERO },
	{ "pgdemote_direct",		ST_ZERO },
	{ "pgdemote_khugepaged",	ST_ZERO },
	{ "pgdemote_proactive",		ST_ZERO },
	{ "pgpromote_success",		ST_ZERO },
	/* pgscan and pgsteal: the sums of the lines below */
	{ "pgscan",	ST_SUM2, MEMCG_PGSCAN_KSWAPD, MEMCG_PGSCAN_DIRECT },
	{ "pgsteal",	ST_SUM2, MEMCG_PGSTEAL_KSWAPD, MEMCG_PGSTEAL_DIRECT },
	{ "pswpin",			ST_EVENT, MEMCG_PSWPIN },
	{ "pswpout",			ST_EVENT, MEMCG_PSWPOUT },
	{ "pgscan_kswapd",		ST_EVENT, MEMCG_PGSCAN_KSWAPD },
	{ "pgscan_direct",		ST_EVENT, MEMCG_PGSCAN_DIRECT },
	{ "pgscan_khugepaged",		ST_ZERO },
	{ "pgscan_proactive",		ST_ZERO },
	{ "pgsteal_kswapd",		ST_EVENT, MEMCG_PGSTEAL_KSWAPD },
	{ "pgsteal_direct",		ST_EVENT, MEMCG_PGSTEAL_DIRECT },
	{ "pgsteal_khugepaged",		ST_ZERO },
	{ "pgsteal_proactive",		ST_ZERO },
	{ "pgfault",			ST_EVENT, MEMCG_PGFAULT },
	{ "pgmajfault",			ST_EVENT, MEMCG_PGMAJFAULT },
	{ "pgrefill",			ST_ZERO },
	{ "pgactivate",			ST_EVENT, MEMCG_PGACTIVATE },
	{ "pgdeactivate",		ST_ZERO },
	{ "pglazyfree",			ST_ZERO },
	{ "pglazyfreed",		ST_ZERO },
	{ "swpin_zero",			ST_EVENT, MEMCG_SWPIN_ZERO },
	{ "swpout_zero",		ST_EVENT, MEMCG_SWPOUT_ZERO },
	{ "zswpin",			ST_ZERO },
	{ "zswpout",			ST_ZERO },
	{ "zswpwb",			ST_ZERO },
	{ "thp_fault_alloc",		ST_ZERO },
	{ "thp_collapse_alloc",		ST_ZERO },
	{ "thp_swpout",			ST_ZERO },
	{ "thp_swpout_fallback",	ST_ZERO },
	{ "numa_pages_migrated",	ST_ZERO },
	{ "numa_pte_updates",		ST_ZERO },
	{ "numa_hint_faults",		ST_ZERO },
};

/* memory.stat (memcg_stat_format()) */
int memory_stat_show(struct machine *m, struct cgroup *cgrp, struct seq_buf *s)
{
	unsigned long pages[MS_NR_ITEMS];

	mem_cgroup_page_state(m, cgrp->memcg, pages);
	for (size_t i = 0; i < sizeof(memory_stat_lines) / sizeof(memory_stat_lines[0]); i++) {
		const struct stat_line *l = &memory_stat_lines[i];
		unsigned long v = 0;

		switch (l->src) {
		case ST_PAGES:
			v = pages[l->idx] * PAGE_SIZE;
			break;
		case ST_EVENT:
			v = memcg_events(cgrp->memcg, (enum memcg_event_item)l->idx);
			break;
		case ST_SUM2:
			v = memcg_events(cgrp->memcg, (enum memcg_event_item)l->idx) +
			    memcg_events(cgrp->memcg, (enum memcg_event_item)l->idx2);
			break;
		case ST_ZERO:
		case ST_SLAB:
			break;
		}
		seq_printf(s, "%s %lu\n", l->name, v);
	}
	return 0;
}

/* PID/cgroup (proc_cgroup_show()): the v2 hierarchy's line, 0::/PATH. */
int proc_cgroup_show(struct machine *m, struct task_struct *tsk,
		     struct seq_buf *s)
{
	char path[CGROUP_PATH_MAX];

	if (tsk->cgroup)
		cgroup_path(tsk->cgroup, path, sizeof(path));
	else
		strcpy(path, "/");
	seq_printf(s, "0::%s\n", path);
	return 0;
}

/**
 * proc_cgroup_render() - render the PF_CGROUP file @pf of the group at
 * @path under the machine read lock. Return: 0, -ENOENT (no such group,
 * or a file the root does not have) or -errno.
 */
int proc_cgroup_render(struct machine *m, const struct proc_file *pf,
		       const char *path, struct seq_buf *s)
{
	struct cgroup *cgrp;
	int ret = -ENOENT;

	if (!pf || pf->kind != PF_CGROUP || !pf->cg_show)
		return -EINVAL;
	machine_lock_read(m);
	cgrp = cgroup_lookup(m, path);
	if (cgrp && proc_cgroup_file_in(pf, !cgrp->parent)) {
		ret = pf->cg_show(m, cgrp, s);
		if (!ret && s->err)
			ret = s->err;
	}
	machine_unlock(m);
	return ret;
}
