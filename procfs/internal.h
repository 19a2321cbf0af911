/*
 * internal.h - what the procfs/ generators share among themselves and
 * nothing else sees (fs/proc/internal.h): the per-file entry points that
 * registry.c lists, and the mm accounting helpers that both
 * /proc/PID/status (array.c) and statm/stat use (task_mmu.c).
 */
#ifndef MMSIM_PROCFS_INTERNAL_H
#define MMSIM_PROCFS_INTERNAL_H

#include <stdint.h>
#include <string.h>
#include "procfs.h"
#include "../vm/mm.h"
#include "../vm/machine.h"
#include "../vm/tlb.h"

/* USER_HZ: the tick unit of /proc/PID/stat and /proc/stat. */
#define USER_HZ		100
#define NSEC_PER_SEC	1000000000ULL

/* The simulated kernel's release (/proc/version, sys/kernel/osrelease). */
#define MMSIM_UTS_RELEASE	"6.18.0-mmsim"

/* Simulated CPUs, as /proc/stat and status' Cpus_allowed show them. */
/* The machine's CPUs (--cpus). */
#define MMSIM_NR_CPUS(m)	((m)->cfg.nr_cpus)

/* task_mmu.c: VM accounting shared with array.c. */
void task_mem(struct seq_buf *s, struct mm_struct *mm);
unsigned long task_vsize(struct mm_struct *mm);
unsigned long task_statm(struct mm_struct *mm, unsigned long *shared,
			 unsigned long *text, unsigned long *data,
			 unsigned long *resident);

/* task_mmu.c: the name maps gives a VMA without a file, or NULL */
const char *proc_vma_special_name(struct vm_area_struct *vma);

/* pictures.c: PID/{page_tables,anon_vmas,layout}.{dot,svg} (Graphviz) */
int proc_pid_page_tables_dot_show(struct machine *m, struct task_struct *tsk,
				  struct seq_buf *s);
int proc_pid_page_tables_svg_show(struct machine *m, struct task_struct *tsk,
				  struct seq_buf *s);
int proc_pid_anon_vmas_dot_show(struct machine *m, struct task_struct *tsk,
				struct seq_buf *s);
int proc_pid_anon_vmas_svg_show(struct machine *m, struct task_struct *tsk,
				struct seq_buf *s);
int proc_pid_layout_dot_show(struct machine *m, struct task_struct *tsk,
			     struct seq_buf *s);
int proc_pid_layout_svg_show(struct machine *m, struct task_struct *tsk,
			     struct seq_buf *s);

/* gvrender.c: dot text to SVG with Graphviz's libgvc */
int dot_render_svg(const char *dot, struct seq_buf *out);

/* ptdump.c: PID/page_tables (debugfs page_tables/current_user) */
int proc_pid_page_tables_show(struct machine *m, struct task_struct *tsk,
			      struct seq_buf *s);

/* structs.c: PID/{task_struct,mm_struct,vm_area_structs,anon_vmas,paging} */
int proc_pid_task_struct_show(struct machine *m, struct task_struct *tsk,
			      struct seq_buf *s);
int proc_pid_mm_struct_show(struct machine *m, struct task_struct *tsk,
			    struct seq_buf *s);
int proc_pid_vm_area_structs_show(struct machine *m, struct task_struct *tsk,
				  struct seq_buf *s);
int proc_pid_anon_vmas_show(struct machine *m, struct task_struct *tsk,
			    struct seq_buf *s);
int proc_pid_paging_show(struct machine *m, struct task_struct *tsk,
			 struct seq_buf *s);

/* task_mmu.c: /proc/PID/{maps,smaps,smaps_rollup,pagemap,clear_refs} */
int proc_pid_maps_show(struct machine *m, struct task_struct *tsk,
		       struct seq_buf *s);
int proc_pid_smaps_show(struct machine *m, struct task_struct *tsk,
			struct seq_buf *s);
int proc_pid_smaps_rollup_show(struct machine *m, struct task_struct *tsk,
			       struct seq_buf *s);
ssize_t pagemap_read(struct machine *m, pid_t pid, char *buf, size_t size,
		     off_t off);
ssize_t clear_refs_write(struct machine *m, pid_t pid, const char *buf,
			 size_t size, off_t off);

/* array.c: /proc/PID/{status,stat,statm} */
int proc_pid_status_show(struct machine *m, struct task_struct *tsk,
			 struct seq_buf *s);
int proc_tgid_stat_show(struct machine *m, struct task_struct *tsk,
			struct seq_buf *s);
int proc_tid_stat_show(struct machine *m, struct task_struct *tsk,
		       struct seq_buf *s);
int proc_pid_statm_show(struct machine *m, struct task_struct *tsk,
			struct seq_buf *s);

/* base.c: /proc/PID/{cmdline,comm,mem,exe} */
int proc_exe_link(struct machine *m, struct task_struct *tsk, char *buf,
		  size_t size);
int proc_pid_cmdline_show(struct machine *m, struct task_struct *tsk,
			  struct seq_buf *s);
int proc_pid_comm_show(struct machine *m, struct task_struct *tsk,
		       struct seq_buf *s);
ssize_t comm_write(struct machine *m, pid_t pid, const char *buf,
		   size_t size, off_t off);
ssize_t mem_read(struct machine *m, pid_t pid, char *buf, size_t size,
		 off_t off);
ssize_t mem_write(struct machine *m, pid_t pid, const char *buf,
		  size_t size, off_t off);

/* base.c: /proc/PID/{environ,io,limits}, /proc/self, /proc/thread-self */
int proc_pid_environ_show(struct machine *m, struct task_struct *tsk,
			  struct seq_buf *s);
int proc_tgid_io_show(struct machine *m, struct task_struct *tsk,
		      struct seq_buf *s);
int proc_pid_limits_show(struct machine *m, struct task_struct *tsk,
			 struct seq_buf *s);
int proc_self_readlink(struct machine *m, struct task_struct *tsk,
		       char *buf, size_t size);
int proc_thread_self_readlink(struct machine *m, struct task_struct *tsk,
			      char *buf, size_t size);

/* array.c: what status, stat and limits share */
unsigned long task_rlimit_sigpending(const struct machine *m);
int get_nr_threads(const struct task_struct *tsk);

/* page.c: /proc/kpagecount, /proc/kpageflags */
ssize_t kpagecount_read(struct machine *m, pid_t pid, char *buf,
			size_t size, off_t off);
ssize_t kpageflags_read(struct machine *m, pid_t pid, char *buf,
			size_t size, off_t off);

/* meminfo.c, vmstat.c, stat.c: the global views */
int meminfo_proc_show(struct machine *m, struct task_struct *tsk,
		      struct seq_buf *s);
int slabinfo_show(struct machine *m, struct task_struct *tsk,
		  struct seq_buf *s);
int vmstat_show(struct machine *m, struct task_struct *tsk,
		struct seq_buf *s);
int show_interrupts(struct machine *m, struct task_struct *tsk,
		    struct seq_buf *s);
int show_hw_tlb(struct machine *m, struct task_struct *tsk, struct seq_buf *s);
int show_stat(struct machine *m, struct task_struct *tsk, struct seq_buf *s);
int uptime_proc_show(struct machine *m, struct task_struct *tsk,
		     struct seq_buf *s);
int loadavg_proc_show(struct machine *m, struct task_struct *tsk,
		      struct seq_buf *s);

/* vmstat.c: /proc/zoneinfo, /proc/buddyinfo, /proc/pagetypeinfo */
int zoneinfo_show(struct machine *m, struct task_struct *tsk,
		  struct seq_buf *s);
int frag_show(struct machine *m, struct task_struct *tsk, struct seq_buf *s);
int pagetypeinfo_show(struct machine *m, struct task_struct *tsk,
		      struct seq_buf *s);

/* cpuinfo.c: /proc/cpuinfo */
int show_cpuinfo(struct machine *m, struct task_struct *tsk,
		 struct seq_buf *s);

/* swaps.c: /proc/swaps */
int swaps_show(struct machine *m, struct task_struct *tsk, struct seq_buf *s);
/* MOUNT/cgroup/ (cgroup.c): a group's files. */
int cg_controllers_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int cg_subtree_control_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int cg_type_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int cg_events_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int cg_procs_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int cg_threads_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_current_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_peak_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_min_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_low_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_high_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_max_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_swap_current_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_swap_peak_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_swap_max_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_swap_high_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_oom_group_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_events_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_events_local_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_swap_events_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int memory_stat_show(struct machine *m, struct cgroup *cgrp,
		struct seq_buf *s);
int proc_cgroup_show(struct machine *m, struct task_struct *tsk,
		     struct seq_buf *s);


/* proc_sysctl.c: /proc/sys/kernel/pid_max and /proc/sys/vm/ */
int sysctl_pid_max_show(struct machine *m, struct task_struct *tsk,
			struct seq_buf *s);
int sysctl_osrelease_show(struct machine *m, struct task_struct *tsk,
			  struct seq_buf *s);
int sysctl_max_map_count_show(struct machine *m, struct task_struct *tsk,
			      struct seq_buf *s);
int sysctl_min_free_kbytes_show(struct machine *m, struct task_struct *tsk,
				struct seq_buf *s);
int sysctl_overcommit_memory_show(struct machine *m, struct task_struct *tsk,
				  struct seq_buf *s);
int sysctl_overcommit_ratio_show(struct machine *m, struct task_struct *tsk,
				 struct seq_buf *s);
ssize_t sysctl_drop_caches_write(struct machine *m, pid_t pid,
				 const char *buf, size_t size, off_t off);
int version_proc_show(struct machine *m, struct task_struct *tsk,
		      struct seq_buf *s);

/*
 * trace_events.c: MOUNTPOINT/tracing/, tracefs. The events' directories,
 * each with its id (vm/trace.h), directory and subsystem's directory.
 */
#define TRACE_EVENT_DIRS(X)						\
	X(page_fault_user, TE_PAGE_FAULT_USER)				\
	X(mm_page_free, TE_MM_PAGE_FREE)				\
	X(mm_page_alloc, TE_MM_PAGE_ALLOC)				\
	X(rss_stat, TE_RSS_STAT)					\
	X(vm_unmapped_area, TE_VM_UNMAPPED_AREA)			\
	X(exit_mmap, TE_EXIT_MMAP)					\
	X(mm_filemap_delete_from_page_cache,				\
	  TE_MM_FILEMAP_DELETE_FROM_PAGE_CACHE)				\
	X(mm_filemap_add_to_page_cache, TE_MM_FILEMAP_ADD_TO_PAGE_CACHE) \
	X(mark_victim, TE_MARK_VICTIM)					\
	X(mm_filemap_fault, TE_MM_FILEMAP_FAULT)			\
	X(mm_filemap_map_pages, TE_MM_FILEMAP_MAP_PAGES)		\
	X(mm_lru_insertion, TE_MM_LRU_INSERTION)			\
	X(mm_lru_activate, TE_MM_LRU_ACTIVATE)				\
	X(tlb_flush, TE_TLB_FLUSH)					\
	X(mm_vmscan_kswapd_sleep, TE_MM_VMSCAN_KSWAPD_SLEEP)		\
	X(mm_vmscan_kswapd_wake, TE_MM_VMSCAN_KSWAPD_WAKE)		\
	X(mm_vmscan_wakeup_kswapd, TE_MM_VMSCAN_WAKEUP_KSWAPD)		\
	X(mm_vmscan_direct_reclaim_begin,				\
	  TE_MM_VMSCAN_DIRECT_RECLAIM_BEGIN)				\
	X(mm_vmscan_direct_reclaim_end, TE_MM_VMSCAN_DIRECT_RECLAIM_END) \
	X(mm_vmscan_lru_isolate, TE_MM_VMSCAN_LRU_ISOLATE)		\
	X(mm_vmscan_write_folio, TE_MM_VMSCAN_WRITE_FOLIO)		\
	X(mm_vmscan_lru_shrink_inactive,				\
	  TE_MM_VMSCAN_LRU_SHRINK_INACTIVE)				\
	X(mm_vmscan_lru_shrink_active, TE_MM_VMSCAN_LRU_SHRINK_ACTIVE)	\
	X(print, TE_PRINT)						\
	X(funcgraph_entry, TE_FUNCGRAPH_ENTRY)				\
	X(funcgraph_exit, TE_FUNCGRAPH_EXIT)
/* The subsystems with an enable file (ftrace's print has none). */
#define TRACE_SYSTEMS(X)						\
	X(exceptions) X(filemap) X(kmem) X(mmap) X(oom) X(pagemap) X(tlb) \
	X(vmscan)

#define DECLARE_TRACE_EVENT_FILES(ev, id)				\
	int trace_format_show_##ev(struct machine *m,			\
				   struct task_struct *tsk,		\
				   struct seq_buf *s);			\
	int trace_id_show_##ev(struct machine *m, struct task_struct *tsk, \
			       struct seq_buf *s);			\
	int trace_enable_show_##ev(struct machine *m,			\
				   struct task_struct *tsk,		\
				   struct seq_buf *s);			\
	ssize_t trace_enable_write_##ev(struct machine *m, pid_t pid,	\
					const char *buf, size_t size,	\
					off_t off);
TRACE_EVENT_DIRS(DECLARE_TRACE_EVENT_FILES)
#define DECLARE_TRACE_SYSTEM_FILES(sys)					\
	int trace_system_enable_show_##sys(struct machine *m,		\
					   struct task_struct *tsk,	\
					   struct seq_buf *s);		\
	ssize_t trace_system_enable_write_##sys(struct machine *m,	\
						pid_t pid,		\
						const char *buf,	\
						size_t size, off_t off);
TRACE_SYSTEMS(DECLARE_TRACE_SYSTEM_FILES)

int trace_all_enable_show(struct machine *m, struct task_struct *tsk,
			  struct seq_buf *s);
ssize_t trace_all_enable_write(struct machine *m, pid_t pid, const char *buf,
			       size_t size, off_t off);
int trace_available_events_show(struct machine *m, struct task_struct *tsk,
				struct seq_buf *s);
int trace_available_tracers_show(struct machine *m, struct task_struct *tsk,
				 struct seq_buf *s);
int trace_current_tracer_show(struct machine *m, struct task_struct *tsk,
			      struct seq_buf *s);
ssize_t trace_current_tracer_write(struct machine *m, pid_t pid,
				   const char *buf, size_t size, off_t off);
int trace_set_event_show(struct machine *m, struct task_struct *tsk,
			 struct seq_buf *s);
ssize_t trace_set_event_write(struct machine *m, pid_t pid, const char *buf,
			      size_t size, off_t off);
int trace_set_event_truncate(struct machine *m, pid_t pid);
int trace_set_event_pid_show(struct machine *m, struct task_struct *tsk,
			     struct seq_buf *s);
ssize_t trace_set_event_pid_write(struct machine *m, pid_t pid,
				  const char *buf, size_t size, off_t off);
int trace_set_event_pid_truncate(struct machine *m, pid_t pid);
int trace_set_ftrace_pid_show(struct machine *m, struct task_struct *tsk,
			      struct seq_buf *s);
ssize_t trace_set_ftrace_pid_write(struct machine *m, pid_t pid,
				   const char *buf, size_t size, off_t off);
int trace_set_ftrace_pid_truncate(struct machine *m, pid_t pid);
int trace_tracing_on_show(struct machine *m, struct task_struct *tsk,
			  struct seq_buf *s);
ssize_t trace_tracing_on_write(struct machine *m, pid_t pid, const char *buf,
			       size_t size, off_t off);
int trace_show(struct machine *m, struct task_struct *tsk, struct seq_buf *s);
ssize_t trace_write(struct machine *m, pid_t pid, const char *buf,
		    size_t size, off_t off);
int trace_truncate(struct machine *m, pid_t pid);
ssize_t trace_pipe_read(struct machine *m, pid_t pid, char *buf, size_t size,
			off_t off);
ssize_t trace_marker_write(struct machine *m, pid_t pid, const char *buf,
			   size_t size, off_t off);

/* stat.c: helpers shared by the global views */
unsigned long nr_live_tasks(struct machine *m);
/* Kernel stack per task (THREAD_SIZE on x86-64), for KernelStack. */
#define THREAD_SIZE_KB	16UL

/**
 * seq_put_kb() - "LABEL" padded to @label_width columns, the value right
 * aligned in @width columns, then " kB\n": the layout of SEQ_PUT_DEC in
 * task_mmu.c and show_val_kb() in meminfo.c. Formatted by hand rather
 * than with printf because smaps prints some twenty of these per VMA.
 */
static inline void seq_put_kb(struct seq_buf *s, const char *label,
			      int label_width, int width,
			      unsigned long long kb)
{
	char line[96];
	char digits[24];
	size_t len = 0, nd = 0, llen = strlen(label);
	int pad;

	if (llen > 48)
		llen = 48;
	memcpy(line, label, llen);
	len = llen;
	while (len < (size_t)label_width && len < 48)
		line[len++] = ' ';
	do {
		digits[nd++] = (char)('0' + kb % 10);
		kb /= 10;
	} while (kb);
	for (pad = width - (int)nd; pad > 0 && len < 70; pad--)
		line[len++] = ' ';
	while (nd)
		line[len++] = digits[--nd];
	memcpy(line + len, " kB\n", 4);
	len += 4;
	seq_write(s, line, len);
}

#endif
