/*
 * registry.c - every file of the tree, with Linux's permission bits and
 * the generator that renders it (fs/proc/base.c's tgid_base_stuff[] and
 * the global entries of fs/proc/). fs/ drives lookup, getattr, readdir
 * and open from this one table.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

#define SNAPSHOT(NAME, MODE, PER_PID, SHOW)				\
	{ .name = NAME, .mode = MODE, .per_pid = PER_PID,		\
	  .kind = PF_SNAPSHOT, .show = SHOW }
#define RANGE(NAME, MODE, PER_PID, READ, WRITE)				\
	{ .name = NAME, .mode = MODE, .per_pid = PER_PID,		\
	  .kind = PF_RANGE, .read = READ, .write = WRITE }
#define CTL(PER_PID)							\
	{ .name = "ctl", .mode = 0600, .per_pid = PER_PID, .kind = PF_CTL }
/* A file of every task's directories: PID/NAME and PID/task/TID/NAME. */
#define TASK_FILE(...)	{ __VA_ARGS__, .per_pid = true,			\
			  .dirs = PDM(PD_PID) | PDM(PD_TID) }
#define TASK_SNAPSHOT(NAME, MODE, SHOW)					\
	TASK_FILE(.name = NAME, .mode = MODE, .kind = PF_SNAPSHOT, .show = SHOW)
/* A global file in directory DIR. */
#define IN(DIR, NAME, MODE, SHOW)					\
	{ .name = NAME, .mode = MODE, .dirs = PDM(DIR), .kind = PF_SNAPSHOT, \
	  .show = SHOW }
#define DIR(IN_DIRS, NAME, SUBDIR, PER_PID)				\
	{ .name = NAME, .mode = 0555, .dirs = IN_DIRS, .kind = PF_DIR,	\
	  .subdir = SUBDIR, .per_pid = PER_PID }
/* A tracefs file of directory DIR, 0440 or 0640 as tracefs's. */
#define TRACEFS(DIR, NAME, MODE, ...)					\
	{ .name = NAME, .mode = MODE, .dirs = PDM(DIR), .kind = PF_SNAPSHOT, \
	  __VA_ARGS__ }
/* tracing/events/SYS/EV/: enable, format, id */
#define TRACE_EVENT(SYSDIR, EV, EVDIR)					\
	DIR(PDM(SYSDIR), #EV, EVDIR, false),				\
	TRACEFS(EVDIR, "enable", 0640, .show = trace_enable_show_##EV,	\
		.write = trace_enable_write_##EV),			\
	TRACEFS(EVDIR, "format", 0440, .show = trace_format_show_##EV),	\
	TRACEFS(EVDIR, "id", 0440, .show = trace_id_show_##EV)
/* tracing/events/SYS/ and its enable */
#define TRACE_SYSTEM(SYS, SYSDIR)					\
	DIR(PDM(PD_TRACE_EVENTS), #SYS, SYSDIR, false),			\
	TRACEFS(SYSDIR, "enable", 0640,					\
		.show = trace_system_enable_show_##SYS,			\
		.write = trace_system_enable_write_##SYS)
/* A file of MOUNT/cgroup/'s groups (procfs/cgroup.c). */
#define CGROUP(NAME, MODE, WHERE, SHOW)					\
	{ .name = NAME, .mode = MODE, .dirs = PDM(PD_CGROUP),		\
	  .kind = PF_CGROUP, .cg_where = WHERE, .cg_show = SHOW }
#define LINK(NAME, READLINK)						\
	{ .name = NAME, .mode = 0777, .kind = PF_SYMLINK, .readlink = READLINK }

const struct proc_file proc_files[] = {
	/* MOUNTPOINT/ */
	CTL(false),
	LINK("self", proc_self_readlink),
	LINK("thread-self", proc_thread_self_readlink),
	DIR(PDM(PD_ROOT), "sys", PD_SYS, false),
	RANGE("kpagecount", 0400, false, kpagecount_read, NULL),
	RANGE("kpageflags", 0400, false, kpageflags_read, NULL),
	SNAPSHOT("cpuinfo", 0444, false, show_cpuinfo),
	SNAPSHOT("meminfo", 0444, false, meminfo_proc_show),
	SNAPSHOT("vmstat", 0444, false, vmstat_show),
	/* SLABINFO_RIGHTS: root only. */
	SNAPSHOT("slabinfo", 0400, false, slabinfo_show),
	SNAPSHOT("zoneinfo", 0444, false, zoneinfo_show),
	SNAPSHOT("buddyinfo", 0444, false, frag_show),
	/* 0400 since Linux 5.6 (it walks every pageblock). */
	SNAPSHOT("pagetypeinfo", 0400, false, pagetypeinfo_show),
	SNAPSHOT("swaps", 0444, false, swaps_show),
	SNAPSHOT("stat", 0444, false, show_stat),
	SNAPSHOT("interrupts", 0444, false, show_interrupts),
	/* mmsim's own: the simulated hardware's TLBs (procfs/hw_tlb.c) */
	SNAPSHOT("tlb", 0444, false, show_hw_tlb),
	SNAPSHOT("loadavg", 0444, false, loadavg_proc_show),
	SNAPSHOT("uptime", 0444, false, uptime_proc_show),
	SNAPSHOT("version", 0444, false, version_proc_show),
	{ .name = "journal", .mode = 0444, .per_pid = false,
	  .kind = PF_JOURNAL },
	DIR(PDM(PD_ROOT), "cgroup", PD_CGROUP, false),

	/*
	 * MOUNTPOINT/cgroup/ and each group below it: cgroup_base_files[]
	 * and memory_files[] with their kernfs modes; the root has no
	 * limits (CFTYPE_NOT_ON_ROOT). In name order, as ls shows them.
	 */
	CGROUP("cgroup.controllers", 0444, CG_ALL, cg_controllers_show),
	CGROUP("cgroup.events", 0444, CG_NOT_ON_ROOT, cg_events_show),
	CGROUP("cgroup.procs", 0644, CG_ALL, cg_procs_show),
	CGROUP("cgroup.subtree_control", 0644, CG_ALL, cg_subtree_control_show),
	CGROUP("cgroup.threads", 0644, CG_ALL, cg_threads_show),
	CGROUP("cgroup.type", 0644, CG_NOT_ON_ROOT, cg_type_show),
	CGROUP("memory.current", 0444, CG_NOT_ON_ROOT, memory_current_show),
	CGROUP("memory.events", 0444, CG_NOT_ON_ROOT, memory_events_show),
	CGROUP("memory.events.local", 0444, CG_NOT_ON_ROOT,
	       memory_events_local_show),
	CGROUP("memory.high", 0644, CG_NOT_ON_ROOT, memory_high_show),
	CGROUP("memory.low", 0644, CG_NOT_ON_ROOT, memory_low_show),
	CGROUP("memory.max", 0644, CG_NOT_ON_ROOT, memory_max_show),
	CGROUP("memory.min", 0644, CG_NOT_ON_ROOT, memory_min_show),
	CGROUP("memory.oom.group", 0644, CG_NOT_ON_ROOT, memory_oom_group_show),
	CGROUP("memory.peak", 0644, CG_NOT_ON_ROOT, memory_peak_show),
	CGROUP("memory.stat", 0444, CG_ALL, memory_stat_show),
	CGROUP("memory.swap.current", 0444, CG_NOT_ON_ROOT,
	       memory_swap_current_show),
	CGROUP("memory.swap.events", 0444, CG_NOT_ON_ROOT,
	       memory_swap_events_show),
	CGROUP("memory.swap.high", 0644, CG_NOT_ON_ROOT, memory_swap_high_show),
	CGROUP("memory.swap.max", 0644, CG_NOT_ON_ROOT, memory_swap_max_show),
	CGROUP("memory.swap.peak", 0644, CG_NOT_ON_ROOT, memory_swap_peak_show),

	/* MOUNTPOINT/sys/ (kernel/sysctl.c's tables; fixed at boot here) */
	DIR(PDM(PD_SYS), "kernel", PD_SYS_KERNEL, false),
	DIR(PDM(PD_SYS), "vm", PD_SYS_VM, false),
	IN(PD_SYS_KERNEL, "osrelease", 0444, sysctl_osrelease_show),
	IN(PD_SYS_KERNEL, "pid_max", 0444, sysctl_pid_max_show),
	/* Written as on Linux; 0200, so not even root reads it. */
	{ .name = "drop_caches", .mode = 0200, .dirs = PDM(PD_SYS_VM),
	  .kind = PF_RANGE, .write = sysctl_drop_caches_write,
	  .journaled = true },
	IN(PD_SYS_VM, "max_map_count", 0444, sysctl_max_map_count_show),
	IN(PD_SYS_VM, "min_free_kbytes", 0444, sysctl_min_free_kbytes_show),
	IN(PD_SYS_VM, "overcommit_memory", 0444,
	   sysctl_overcommit_memory_show),
	IN(PD_SYS_VM, "overcommit_ratio", 0444, sysctl_overcommit_ratio_show),

	/* MOUNTPOINT/tracing/ (tracefs; procfs/trace_events.c) */
	DIR(PDM(PD_ROOT), "tracing", PD_TRACING, false),
	TRACEFS(PD_TRACING, "available_events", 0440,
		.show = trace_available_events_show),
	TRACEFS(PD_TRACING, "available_tracers", 0440,
		.show = trace_available_tracers_show),
	TRACEFS(PD_TRACING, "current_tracer", 0640,
		.show = trace_current_tracer_show,
		.write = trace_current_tracer_write),
	DIR(PDM(PD_TRACING), "events", PD_TRACE_EVENTS, false),
	TRACEFS(PD_TRACING, "set_event", 0640, .show = trace_set_event_show,
		.write = trace_set_event_write,
		.truncate = trace_set_event_truncate),
	TRACEFS(PD_TRACING, "set_event_pid", 0640,
		.show = trace_set_event_pid_show,
		.write = trace_set_event_pid_write,
		.truncate = trace_set_event_pid_truncate),
	TRACEFS(PD_TRACING, "set_ftrace_pid", 0640,
		.show = trace_set_ftrace_pid_show,
		.write = trace_set_ftrace_pid_write,
		.truncate = trace_set_ftrace_pid_truncate),
	TRACEFS(PD_TRACING, "trace", 0640, .show = trace_show,
		.write = trace_write, .truncate = trace_truncate),
	{ .name = "trace_marker", .mode = 0220, .dirs = PDM(PD_TRACING),
	  .kind = PF_RANGE, .write = trace_marker_write },
	{ .name = "trace_pipe", .mode = 0440, .dirs = PDM(PD_TRACING),
	  .kind = PF_RANGE, .read = trace_pipe_read },
	TRACEFS(PD_TRACING, "tracing_on", 0640, .show = trace_tracing_on_show,
		.write = trace_tracing_on_write),
	TRACEFS(PD_TRACE_EVENTS, "enable", 0640, .show = trace_all_enable_show,
		.write = trace_all_enable_write),
	TRACE_SYSTEM(exceptions, PD_TRACE_SYS_EXCEPTIONS),
	TRACE_SYSTEM(filemap, PD_TRACE_SYS_FILEMAP),
	DIR(PDM(PD_TRACE_EVENTS), "ftrace", PD_TRACE_SYS_FTRACE, false),
	TRACE_SYSTEM(kmem, PD_TRACE_SYS_KMEM),
	TRACE_SYSTEM(mmap, PD_TRACE_SYS_MMAP),
	TRACE_SYSTEM(oom, PD_TRACE_SYS_OOM),
	TRACE_SYSTEM(tlb, PD_TRACE_SYS_TLB),
	TRACE_SYSTEM(pagemap, PD_TRACE_SYS_PAGEMAP),
	TRACE_SYSTEM(vmscan, PD_TRACE_SYS_VMSCAN),
	TRACE_EVENT(PD_TRACE_SYS_EXCEPTIONS, page_fault_user,
		    PD_TRACE_EV_PAGE_FAULT_USER),
	TRACE_EVENT(PD_TRACE_SYS_FILEMAP, mm_filemap_fault,
		    PD_TRACE_EV_MM_FILEMAP_FAULT),
	TRACE_EVENT(PD_TRACE_SYS_FILEMAP, mm_filemap_map_pages,
		    PD_TRACE_EV_MM_FILEMAP_MAP_PAGES),
	TRACE_EVENT(PD_TRACE_SYS_FILEMAP, mm_filemap_add_to_page_cache,
		    PD_TRACE_EV_MM_FILEMAP_ADD_TO_PAGE_CACHE),
	TRACE_EVENT(PD_TRACE_SYS_FILEMAP, mm_filemap_delete_from_page_cache,
		    PD_TRACE_EV_MM_FILEMAP_DELETE_FROM_PAGE_CACHE),
	TRACE_EVENT(PD_TRACE_SYS_KMEM, mm_page_alloc,
		    PD_TRACE_EV_MM_PAGE_ALLOC),
	TRACE_EVENT(PD_TRACE_SYS_KMEM, mm_page_free, PD_TRACE_EV_MM_PAGE_FREE),
	TRACE_EVENT(PD_TRACE_SYS_KMEM, rss_stat, PD_TRACE_EV_RSS_STAT),
	TRACE_EVENT(PD_TRACE_SYS_MMAP, exit_mmap, PD_TRACE_EV_EXIT_MMAP),
	TRACE_EVENT(PD_TRACE_SYS_MMAP, vm_unmapped_area,
		    PD_TRACE_EV_VM_UNMAPPED_AREA),
	TRACE_EVENT(PD_TRACE_SYS_OOM, mark_victim, PD_TRACE_EV_MARK_VICTIM),
	TRACE_EVENT(PD_TRACE_SYS_TLB, tlb_flush, PD_TRACE_EV_TLB_FLUSH),
	TRACE_EVENT(PD_TRACE_SYS_PAGEMAP, mm_lru_activate,
		    PD_TRACE_EV_MM_LRU_ACTIVATE),
	TRACE_EVENT(PD_TRACE_SYS_PAGEMAP, mm_lru_insertion,
		    PD_TRACE_EV_MM_LRU_INSERTION),
	TRACE_EVENT(PD_TRACE_SYS_VMSCAN, mm_vmscan_direct_reclaim_begin,
		    PD_TRACE_EV_MM_VMSCAN_DIRECT_RECLAIM_BEGIN),
	TRACE_EVENT(PD_TRACE_SYS_VMSCAN, mm_vmscan_direct_reclaim_end,
		    PD_TRACE_EV_MM_VMSCAN_DIRECT_RECLAIM_END),
	TRACE_EVENT(PD_TRACE_SYS_VMSCAN, mm_vmscan_kswapd_sleep,
		    PD_TRACE_EV_MM_VMSCAN_KSWAPD_SLEEP),
	TRACE_EVENT(PD_TRACE_SYS_VMSCAN, mm_vmscan_kswapd_wake,
		    PD_TRACE_EV_MM_VMSCAN_KSWAPD_WAKE),
	TRACE_EVENT(PD_TRACE_SYS_VMSCAN, mm_vmscan_lru_isolate,
		    PD_TRACE_EV_MM_VMSCAN_LRU_ISOLATE),
	TRACE_EVENT(PD_TRACE_SYS_VMSCAN, mm_vmscan_lru_shrink_active,
		    PD_TRACE_EV_MM_VMSCAN_LRU_SHRINK_ACTIVE),
	TRACE_EVENT(PD_TRACE_SYS_VMSCAN, mm_vmscan_lru_shrink_inactive,
		    PD_TRACE_EV_MM_VMSCAN_LRU_SHRINK_INACTIVE),
	TRACE_EVENT(PD_TRACE_SYS_VMSCAN, mm_vmscan_wakeup_kswapd,
		    PD_TRACE_EV_MM_VMSCAN_WAKEUP_KSWAPD),
	TRACE_EVENT(PD_TRACE_SYS_VMSCAN, mm_vmscan_write_folio,
		    PD_TRACE_EV_MM_VMSCAN_WRITE_FOLIO),
	/* ftrace/print: what trace_marker writes; no enable, as Linux */
	DIR(PDM(PD_TRACE_SYS_FTRACE), "print", PD_TRACE_EV_PRINT, false),
	TRACEFS(PD_TRACE_EV_PRINT, "format", 0440,
		.show = trace_format_show_print),
	TRACEFS(PD_TRACE_EV_PRINT, "id", 0440, .show = trace_id_show_print),
	/* ftrace/funcgraph_*: what function_graph records */
	DIR(PDM(PD_TRACE_SYS_FTRACE), "funcgraph_entry",
	    PD_TRACE_EV_FUNCGRAPH_ENTRY, false),
	TRACEFS(PD_TRACE_EV_FUNCGRAPH_ENTRY, "format", 0440,
		.show = trace_format_show_funcgraph_entry),
	TRACEFS(PD_TRACE_EV_FUNCGRAPH_ENTRY, "id", 0440,
		.show = trace_id_show_funcgraph_entry),
	DIR(PDM(PD_TRACE_SYS_FTRACE), "funcgraph_exit",
	    PD_TRACE_EV_FUNCGRAPH_EXIT, false),
	TRACEFS(PD_TRACE_EV_FUNCGRAPH_EXIT, "format", 0440,
		.show = trace_format_show_funcgraph_exit),
	TRACEFS(PD_TRACE_EV_FUNCGRAPH_EXIT, "id", 0440,
		.show = trace_id_show_funcgraph_exit),

	/* MOUNTPOINT/PID/ and MOUNTPOINT/PID/task/TID/ */
	TASK_FILE(.name = "ctl", .mode = 0600, .kind = PF_CTL),
	DIR(PDM(PD_PID), "task", PD_TASK, true),
	/* dr-x------, as proc_fd_operations' directory. */
	{ .name = "fd", .mode = 0500, .dirs = PDM(PD_PID) | PDM(PD_TID),
	  .kind = PF_DIR, .subdir = PD_FD, .per_pid = true },
	TASK_SNAPSHOT("maps", 0444, proc_pid_maps_show),
	TASK_SNAPSHOT("smaps", 0444, proc_pid_smaps_show),
	TASK_SNAPSHOT("smaps_rollup", 0444, proc_pid_smaps_rollup_show),
	TASK_FILE(.name = "pagemap", .mode = 0400, .kind = PF_RANGE,
		  .read = pagemap_read),
	/* debugfs's page_tables/current_user, 0400 as there. */
	TASK_SNAPSHOT("page_tables", 0400, proc_pid_page_tables_show),
	/*
	 * The engine's structures (structs.c): kernel addresses, so 0400
	 * as page_tables; paging is arithmetic on present pages, 0444.
	 */
	TASK_SNAPSHOT("task_struct", 0400, proc_pid_task_struct_show),
	TASK_SNAPSHOT("mm_struct", 0400, proc_pid_mm_struct_show),
	TASK_SNAPSHOT("vm_area_structs", 0400, proc_pid_vm_area_structs_show),
	TASK_SNAPSHOT("anon_vmas", 0400, proc_pid_anon_vmas_show),
	TASK_SNAPSHOT("paging", 0444, proc_pid_paging_show),
	/*
	 * Pictures (pictures.c): Graphviz dot and its SVG. Those that
	 * show kernel addresses are 0400, as the views they draw.
	 */
	TASK_SNAPSHOT("page_tables.dot", 0400, proc_pid_page_tables_dot_show),
	TASK_SNAPSHOT("page_tables.svg", 0400, proc_pid_page_tables_svg_show),
	TASK_SNAPSHOT("anon_vmas.dot", 0400, proc_pid_anon_vmas_dot_show),
	TASK_SNAPSHOT("anon_vmas.svg", 0400, proc_pid_anon_vmas_svg_show),
	TASK_SNAPSHOT("layout.dot", 0444, proc_pid_layout_dot_show),
	TASK_SNAPSHOT("layout.svg", 0444, proc_pid_layout_svg_show),
	TASK_SNAPSHOT("status", 0444, proc_pid_status_show),
	TASK_SNAPSHOT("statm", 0444, proc_pid_statm_show),
	/* tgid_base_stuff's stat is the group's, tid_base_stuff's the thread's. */
	{ .name = "stat", .mode = 0444, .per_pid = true, .dirs = PDM(PD_PID),
	  .kind = PF_SNAPSHOT, .show = proc_tgid_stat_show },
	{ .name = "stat", .mode = 0444, .per_pid = true, .dirs = PDM(PD_TID),
	  .kind = PF_SNAPSHOT, .show = proc_tid_stat_show },
	TASK_SNAPSHOT("cmdline", 0444, proc_pid_cmdline_show),
	TASK_SNAPSHOT("cgroup", 0444, proc_cgroup_show),
	TASK_SNAPSHOT("environ", 0400, proc_pid_environ_show),
	TASK_SNAPSHOT("io", 0400, proc_tgid_io_show),
	TASK_SNAPSHOT("limits", 0444, proc_pid_limits_show),
	/* Writable as in Linux, but only by the process itself: EINVAL. */
	TASK_FILE(.name = "comm", .mode = 0644, .kind = PF_SNAPSHOT,
		  .show = proc_pid_comm_show, .write = comm_write),
	TASK_FILE(.name = "mem", .mode = 0600, .kind = PF_RANGE,
		  .read = mem_read, .write = mem_write, .journaled = true),
	TASK_FILE(.name = "clear_refs", .mode = 0200, .kind = PF_RANGE,
		  .write = clear_refs_write, .journaled = true),
	TASK_FILE(.name = "exe", .mode = 0777, .kind = PF_SYMLINK,
		  .readlink = proc_exe_link),
};

const size_t nr_proc_files = sizeof(proc_files) / sizeof(proc_files[0]);

/*
 * What each directory holds besides its registry entries: the root a
 * directory per process (proc_pid_readdir()), PID/task one per thread
 * (proc_task_readdir()).
 */
const struct proc_dir_info proc_dirs[NR_PROC_DIRS] = {
	[PD_ROOT]	= { .numbered = PD_PID },
	[PD_PID]	= { .numbered = NR_PROC_DIRS, .per_task = true },
	[PD_TASK]	= { .numbered = PD_TID, .per_task = true },
	[PD_TID]	= { .numbered = NR_PROC_DIRS, .per_task = true },
	[PD_SYS]	= { .numbered = NR_PROC_DIRS },
	[PD_SYS_KERNEL]	= { .numbered = NR_PROC_DIRS },
	[PD_SYS_VM]	= { .numbered = NR_PROC_DIRS },
	[PD_FD]		= { .numbered = NR_PROC_DIRS, .per_task = true,
			    .fds = true },
	[PD_TRACING ... PD_TRACE_EV_PRINT] = { .numbered = NR_PROC_DIRS },
	/* Its subdirectories are the groups (cgroup_next_child()). */
	[PD_CGROUP]	= { .numbered = NR_PROC_DIRS, .cgroups = true },
};

/**
 * proc_file_in() - does @pf appear in directory @dir? An entry that names
 * no directories is in PID/ when it is per-process, else in the root.
 */
bool proc_file_in(const struct proc_file *pf, enum proc_dir dir)
{
	if (pf->dirs)
		return pf->dirs & PDM(dir);
	return dir == (pf->per_pid ? PD_PID : PD_ROOT);
}

/**
 * proc_cgroup_file_in() - see procfs.h.
 */
bool proc_cgroup_file_in(const struct proc_file *pf, bool root)
{
	if (pf->kind != PF_CGROUP)
		return false;
	return pf->cg_where == CG_ALL ||
	       (pf->cg_where == CG_ROOT_ONLY) == root;
}

/**
 * proc_lookup_in() - the registry entry called @name in directory @dir.
 * Return: the entry, or NULL.
 */
const struct proc_file *proc_lookup_in(enum proc_dir dir, const char *name)
{
	size_t i;

	for (i = 0; i < nr_proc_files; i++)
		if (proc_file_in(&proc_files[i], dir) &&
		    strcmp(proc_files[i].name, name) == 0)
			return &proc_files[i];
	return NULL;
}

/**
 * proc_lookup() - the registry entry called @name in the global directory
 * (@per_pid false) or in a PID directory (@per_pid true).
 * Return: the entry, or NULL.
 */
const struct proc_file *proc_lookup(const char *name, bool per_pid)
{
	return proc_lookup_in(per_pid ? PD_PID : PD_ROOT, name);
}

/*
 * next_thread_in_group - the thread of @owner's thread group with the
 * lowest TID that is at least @from (proc_task_readdir() lists them in
 * the group's order; TID order is the same until PIDs wrap).
 */
static struct task_struct *next_thread_in_group(struct task_struct *owner,
						 pid_t from)
{
	struct task_struct *t, *best = NULL;

	if (!owner)
		return NULL;
	for_each_thread(owner, t)
		if (t->pid >= from && (!best || t->pid < best->pid))
			best = t;
	return best;
}

/* next_tgid() - the thread-group leader with the lowest PID >= @from. */
static struct task_struct *next_tgid(struct machine *m, pid_t from)
{
	struct task_struct *t;

	for (t = next_task_by_pid(m, from); t && !thread_group_leader(t);
	     t = next_task_by_pid(m, t->pid + 1))
		;
	return t;
}

/**
 * proc_numbered_find() - the task numbered @n in @dir, as a lookup finds
 * it: in the root any task, a thread's TID included (proc_pid_lookup():
 * listed or not, /proc/TID is there); in PID/task a thread of @owner's
 * group. Return: the task, or NULL. Caller holds machine->lock.
 */
struct task_struct *proc_numbered_find(struct machine *m, enum proc_dir dir,
				       struct task_struct *owner, pid_t n)
{
	struct task_struct *t = find_task_by_pid_any(m, n);

	switch (dir) {
	case PD_ROOT:
		return t;
	case PD_TASK:
		return t && owner && t->signal == owner->signal ? t : NULL;
	default:
		return NULL;
	}
}

/**
 * proc_numbered_next() - the first process (@dir PD_ROOT: thread-group
 * leaders only, as proc_pid_readdir() lists them) or thread of @owner
 * (@dir PD_TASK) numbered at least @from, zombies included: a zombie's
 * directory is there until it is reaped.
 * Return: the task, or NULL. Caller holds machine->lock.
 */
struct task_struct *proc_numbered_next(struct machine *m, enum proc_dir dir,
				       struct task_struct *owner, pid_t from)
{
	if (from < 1)
		from = 1;
	switch (dir) {
	case PD_ROOT:
		return next_tgid(m, from);
	case PD_TASK:
		return next_thread_in_group(owner, from);
	default:
		return NULL;
	}
}

/**
 * proc_render() - render the PF_SNAPSHOT file @pf for @pid (0: a global
 * file) into @s.
 * @m: machine; takes machine->lock for reading
 *
 * The process is looked up zombies included: a zombie's directory is still
 * there, and its views show what Linux shows for a task without an mm.
 *
 * Return: 0; -ENOENT when @pid does not exist; -EINVAL when @pf is not a
 * snapshot file; -ENOMEM when @s could not grow; or the generator's error
 * (smaps_rollup of a zombie: -ESRCH).
 */
int proc_render(struct machine *m, const struct proc_file *pf, pid_t pid,
		struct seq_buf *s)
{
	struct task_struct *tsk = NULL;
	int ret;

	if (!pf || pf->kind != PF_SNAPSHOT || !pf->show)
		return -EINVAL;
	if (pf->per_pid != (pid != 0))
		return -EINVAL;

	machine_lock_read(m);
	if (pid) {
		tsk = find_task_by_pid_any(m, pid);
		if (!tsk) {
			ret = -ENOENT;
			goto out_unlock;
		}
	}
	ret = pf->show(m, tsk, s);
	if (!ret && s->err)
		ret = s->err;
out_unlock:
	machine_unlock(m);
	return ret;
}

/**
 * proc_readlink() - the target of the PF_SYMLINK entry @pf for @pid (0: a
 * global link) into @buf, NUL-terminated.
 * @m: machine; takes machine->lock for reading
 * Return: 0; -ENOENT when @pid does not exist; -EINVAL when @pf is no
 * link; -ENAMETOOLONG when @size is too small.
 */
int proc_readlink(struct machine *m, const struct proc_file *pf, pid_t pid,
		  char *buf, size_t size)
{
	struct task_struct *tsk = NULL;
	int ret;

	if (!pf || pf->kind != PF_SYMLINK || !pf->readlink)
		return -EINVAL;
	machine_lock_read(m);
	if (pid) {
		tsk = find_task_by_pid_any(m, pid);
		if (!tsk) {
			ret = -ENOENT;
			goto out_unlock;
		}
	}
	ret = pf->readlink(m, tsk, buf, size);
out_unlock:
	machine_unlock(m);
	return ret;
}
