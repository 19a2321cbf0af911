/*
 * machine.h - one simulated machine: its physical memory, its processes,
 * its counters, and the one lock that protects them all.
 *
 * LOCKING ORDER (the only one in mmsim; take locks top to bottom):
 *   1. fs/: a file handle's own mutex (struct open_file->lock)
 *   2. fs/: name_cache.lock (the PID names the kernel may cache)
 *   3. machine->lock, a pthread rwlock:
 *        - held for writing by every ctl command and by any write to a
 *          view (clear_refs, mem);
 *        - held for reading while a view is rendered.
 *   Leaf locks, taken with nothing else held and holding nothing:
 *   fs/'s open_files_lock (the list of open per-process files).
 * The engine itself takes no lock: every vm/ function documents whether it
 * needs machine->lock for writing or whether reading suffices.
 */
#ifndef MMSIM_MACHINE_H
#define MMSIM_MACHINE_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <time.h>
#include "hw_tlb.h"
#include "idr.h"
#include "mm_types.h"
#include "mmzone.h"
#include "page_alloc.h"
#include "slab.h"
#include "trace.h"

struct file_tree;

/* Per-machine page counters: mm/vmstat.c's node and zone items. */
enum node_stat_item {
	NR_FREE_PAGES,		/* mirrors zone->free_pages */
	NR_ANON_MAPPED,		/* anon pages mapped at least once */
	NR_FILE_MAPPED,		/* shmem pages mapped at least once */
	NR_SHMEM,		/* pages in shmem page caches */
	NR_PAGETABLE,		/* page-table frames */
	NR_MLOCK,		/* pages mlocked */
	NR_INACTIVE_ANON,
	NR_ACTIVE_ANON,
	NR_UNEVICTABLE,
	NR_ZERO_PAGE_MAPPED,	/* PTEs mapping the zero page (not in RSS) */
	NR_FILE_PAGES,		/* page-cache pages, shmem included */
	NR_FILE_DIRTY,		/* dirty pages of files that write back */
	NR_WRITEBACK,		/* pages under writeback */
	NR_INACTIVE_FILE,
	NR_ACTIVE_FILE,
	NR_DIRTIED,		/* pages dirtied, ever (vmstat nr_dirtied) */
	NR_WRITTEN,		/* pages written back, ever (nr_written) */
	NR_SLAB_RECLAIMABLE_B,	/* bytes of slabs of SLAB_RECLAIM_ACCOUNT caches */
	NR_SLAB_UNRECLAIMABLE_B, /* bytes of the other caches' slabs */
	NR_SWAPCACHE,		/* pages in the swap cache (vm/swap_state.c) */
	NR_VMSCAN_WRITE,	/* pages reclaim wrote out (pageout()) */
	NR_VMSCAN_IMMEDIATE,	/* dirty pages reclaim marked PG_reclaim */
	WORKINGSET_REFAULT_ANON,	/* mm/workingset.c: evicted pages back */
	WORKINGSET_REFAULT_FILE,
	WORKINGSET_ACTIVATE_ANON,	/* ... and activated at once */
	WORKINGSET_ACTIVATE_FILE,
	WORKINGSET_RESTORE_ANON,	/* ... having been active before */
	WORKINGSET_RESTORE_FILE,
	NR_VM_STAT_ITEMS
};

/* Event counters printed in /proc/vmstat (include/linux/vm_event_item.h). */
enum vm_event_item {
	PGALLOC_NORMAL,
	PGFREE,
	PGACTIVATE,
	PGDEACTIVATE,
	PGLAZYFREE,
	PGLAZYFREED,
	PGFAULT,
	PGMAJFAULT,
	PSWPIN,			/* pages read from swap */
	PSWPOUT,		/* pages written to swap */
	SWPIN_ZERO,		/* zero-filled pages "read" from the zeromap */
	SWPOUT_ZERO,		/* zero-filled pages not written (the zeromap) */
	PGREUSE,		/* do_wp_page reused the page */
	COW_COPY,		/* do_wp_page copied (not a kernel counter name) */
	ZERO_PAGE_FAULT,	/* read fault mapped the zero page */
	OOM_KILL,
	PGPGIN,			/* kB read from the backing store */
	PGPGOUT,		/* kB written to it */
	DROP_PAGECACHE,		/* drop_caches 1 */
	DROP_SLAB,		/* drop_caches 2 */
	UNEVICTABLE_PGCULLED,	/* onto the unevictable list (mm/mlock.c) */
	UNEVICTABLE_PGSCANNED,	/* check_move_unevictable_folios(): no caller */
	UNEVICTABLE_PGRESCUED,	/* off it again */
	UNEVICTABLE_PGMLOCKED,	/* PG_mlocked set */
	UNEVICTABLE_PGMUNLOCKED, /* PG_mlocked cleared by munlock */
	UNEVICTABLE_PGCLEARED,	/* PG_mlocked cleared when freed */
	UNEVICTABLE_PGSTRANDED,	/* munlocked while off every list */
	NR_TLB_REMOTE_FLUSH,	/* flushes that had other CPUs to flush */
	NR_TLB_REMOTE_FLUSH_RECEIVED,	/* shootdowns a CPU took */
	NR_TLB_LOCAL_FLUSH_ALL,	/* whole local flushes */
	NR_TLB_LOCAL_FLUSH_ONE,	/* pages flushed one by one, locally */
	PGREFILL,		/* active pages scanned (shrink_active_list) */
	PGSTEAL_KSWAPD,		/* pages kswapd reclaimed */
	PGSTEAL_DIRECT,		/* pages direct reclaim reclaimed */
	PGSCAN_KSWAPD,		/* inactive pages kswapd scanned */
	PGSCAN_DIRECT,		/* ... direct reclaim scanned */
	PGSCAN_ANON,		/* inactive anon pages scanned, by either */
	PGSCAN_FILE,
	PGSTEAL_ANON,
	PGSTEAL_FILE,
	PGROTATED,		/* written pages moved to the inactive tail */
	ALLOCSTALL_NORMAL,	/* direct reclaims (try_to_free_pages) for */
	ALLOCSTALL_MOVABLE,	/* ... kernel and for user allocations */
	PAGEOUTRUN,		/* kswapd runs (balance_pgdat) */
	NR_VM_EVENT_ITEMS
};

/* The transparent_hugepage "enabled" mode (/sys/kernel/mm/transparent_hugepage). */
enum thp_mode {
	THP_NEVER,
	THP_MADVISE,
	THP_ALWAYS,
};

/**
 * struct machine_cpu - the machine description: what the views and the
 * engine depend on that differs between CPUs and kernel configurations.
 * By default it follows the host (host_machine_cpu() in vm/host.c);
 * mmsimfs --cpu=... pins it. Soft-dirty, which is part of the same
 * picture, keeps its own field (machine_config.soft_dirty) and options.
 * @pku: protection keys enabled (X86_FEATURE_OSPKE): smaps prints
 *	"ProtectionKey:" and execute-only mappings get the execute-only key
 * @la57: 5-level paging (X86_FEATURE_LA57 in use): 57-bit canonical
 *	addresses instead of 48-bit
 * @thp: the THP mode, for smaps' THPeligible
 * @fault_around_bytes: /sys/kernel/debug/fault_around_bytes (a power of
 *	two; PAGE_SIZE turns fault-around off)
 * @read_ahead_kb: the backing devices' read_ahead_kb (bdi->ra_pages in
 *	kB; their largest I/O is taken to be as large), unless
 * @read_ahead_host: each host device's own read_ahead_kb and
 *	max_sectors_kb, from sysfs, are used for the files on it
 * @vvar_pages, @vvar_vclock_pages, @vdso_pages: the sizes of the [vvar],
 *	[vvar_vclock] and [vdso] mappings exec makes (vm/vdso.c): the
 *	kernel build's vDSO (6.18: 4, 2 and 2); 0 pages of vdso: no vDSO
 * @vsyscall: the vsyscall= mode: the [vsyscall] gate page execute-only,
 *	readable and executable, or absent
 * @hwcap, @hwcap2, @minsigstksz: what exec puts in the auxv (AT_HWCAP:
 *	CPUID 1's EDX; AT_HWCAP2; AT_MINSIGSTKSZ, from the CPU's XSAVE size)
 * @debug_tlbflush: CONFIG_DEBUG_TLBFLUSH: vmstat shows the nr_tlb_*
 *	counters (the engine counts them either way)
 * @forget_tlb_flush: the teaching switch "what if the kernel forgot"
 *	(forget_tlb_flush=NAME[:NAME]): TLB_FORGET_* bits of the flushes
 *	the kernel skips, leaving stale entries in the TLBs; 0 for Linux
 */
/* The flushes forget_tlb_flush= can name (vm/tlb.c's tlb_forget_flush()). */
enum {
	TLB_FORGET_MPROTECT = 1 << 0,	/* mprotect's change_protection() */
	TLB_FORGET_COW = 1 << 1,	/* wp_page_copy's ptep_clear_flush() */
	TLB_FORGET_MUNMAP = 1 << 2,	/* munmap's unmap_region() */
};
enum vsyscall_mode { VSYSCALL_XONLY, VSYSCALL_EMULATE, VSYSCALL_NONE };

struct machine_cpu {
	bool pku;
	bool la57;
	enum thp_mode thp;
	unsigned long fault_around_bytes;
	unsigned long read_ahead_kb;
	bool read_ahead_host;
	unsigned long vvar_pages, vvar_vclock_pages, vdso_pages;
	enum vsyscall_mode vsyscall;
	unsigned long hwcap, hwcap2, minsigstksz;
	bool debug_tlbflush;
	unsigned int forget_tlb_flush;
};

/**
 * struct machine_config - options given at boot (mmsimfs flags)
 * @mem_bytes: simulated RAM (--mem, default 256M)
 * @seed: --seed; nonzero shuffles the free lists at boot
 *	(shuffle_free_memory()), deterministically for a given seed
 * @cpu: the machine description (--cpu)
 * @soft_dirty: track soft-dirty (VM_SOFTDIRTY, PTE bit 11, pagemap bit 55)
 * @debug_vm: run mm_check_machine() after every command
 * @root: the host directory that is the machine's "/" (--root; NULL or
 *	"/" for the host's own root); read, never written (vm/fs.h)
 * @max_map_count: vm.max_map_count (65530)
 * @overcommit_memory: vm.overcommit_memory (0 heuristic, 1 always, 2 never)
 * @overcommit_ratio: vm.overcommit_ratio (50)
 * @swap_bytes: the swap area (--swap, default 0: none; vm/swap.h)
 * @nr_cpus: the CPUs (--cpus, default 2, at most MMSIM_MAX_CPUS)
 * @kthreads: the kernel threads kthreadd and kswapd0 exist, PIDs 2 and 3
 *	(--kthreads; default off: a fresh machine has one process, PID 1,
 *	and the kernel's work runs with no current task; vm/kthread.c)
 */
struct machine_config {
	unsigned long mem_bytes;
	unsigned long seed;
	struct machine_cpu cpu;
	bool soft_dirty;
	bool debug_vm;
	const char *root;
	int max_map_count;
	int overcommit_memory;
	int overcommit_ratio;
	unsigned long swap_bytes;
	int nr_cpus;
	bool kthreads;
};

/* The most CPUs a machine has: mm_cpumask is one word. */
#define MMSIM_MAX_CPUS	64

/**
 * struct cpu_state - one simulated CPU (vm/sched.c, vm/tlb.c): the task
 * it ran last (its runqueue's curr) and the address space its CR3 holds
 * (arch/x86/mm/tlb.c's cpu_tlbstate). Between commands every CPU is idle
 * in lazy TLB mode (it keeps the last mm loaded, as the idle task does),
 * or still in the kernel thread whose work ran there last, lazy too.
 * @curr: the task running on it (the runqueue's curr): the task whose
 *	command runs there now; between commands NULL (the idle task) or
 *	the kernel thread that ran there last
 * @loaded_mm: the mm in CR3 (cpu_tlbstate.loaded_mm); NULL: init_mm's
 * @loaded_tlb_gen: the @loaded_mm's tlb_gen this CPU's TLB is flushed up
 *	to; behind it, the CPU missed a flush while lazy and flushes when it
 *	next runs the mm
 * @nr_switches: context switches (the runqueue's nr_switches)
 * @lent, @lent_curr: CPU 0 is lent to a command from outside the machine
 *	(schedule_outside()), which runs in place of @lent_curr (idle, or a
 *	kernel thread) without a switch
 * @irq_tlb_count, @irq_call_count: TLB shootdowns and function-call IPIs
 *	it received (irq_stat; MOUNT/interrupts' TLB and CAL lines)
 * @tlb: the CPU's TLB, the simulated hardware's (vm/hw_tlb.h): entries
 *	of @loaded_mm only (no PCID)
 */
struct cpu_state {
	struct task_struct *curr;
	struct mm_struct *loaded_mm;
	uint64_t loaded_tlb_gen;
	unsigned long nr_switches;
	bool lent;
	struct task_struct *lent_curr;
	unsigned int irq_tlb_count, irq_call_count;
	struct hw_tlb tlb;
};

void machine_cpu_default(struct machine_cpu *cpu);
void machine_config_default(struct machine_config *cfg);

struct machine {
	pthread_rwlock_t lock;
	struct machine_config cfg;
	struct zone zone;
	struct list_head tasks;		/* all tasks, zombies too, by age */
	struct task_struct *init_task;	/* PID 1 */
	/* The kernel threads (--kthreads; else NULL): on no task list, in
	 * the PID index, counted in nr_tasks (vm/kthread.c). */
	struct task_struct *kthreadd, *kswapd;
	struct idr pids;		/* PID -> task, zombies too */
	pid_t last_pid;			/* the PID handed out last */
	unsigned long nr_tasks;
	unsigned long vm_committed_pages; /* Committed_AS (VM_ACCOUNT pages) */
	unsigned long next_ino;		/* get_next_ino() for shmem inodes */
	struct file_tree *tree;		/* the file tree and overlay (vm/fs.h) */
	struct ipc_namespace *ipc_ns;	/* System V shm (vm/shm.c), or NULL */
	struct swap_info_struct *swap;	/* the swap area (vm/swap.h), or NULL */
	unsigned long anon_vma_serial;
	struct list_head slab_caches;	/* every kmem_cache, newest first */
	struct kmem_cache *kmem_caches[NR_KMEM_CACHES];
	long vm_stat[NR_VM_STAT_ITEMS];
	unsigned long vm_events[NR_VM_EVENT_ITEMS];
	struct timespec boot_realtime;	/* wall clock at boot (btime) */
	struct timespec boot_monotonic;
	unsigned long long forks;	/* processes created (/proc/stat) */
	unsigned long nr_execs;		/* execs begun: AT_RANDOM's seed */
	pid_t self_pid;			/* the process /proc/self names (the
					 * global `attach PID`); 0: PID 1 */
	char errmsg[256];		/* why the last failing call failed */
	struct trace_array trace;	/* MOUNT/tracing/ (vm/trace.h) */
	struct cpu_state cpus[MMSIM_MAX_CPUS];	/* cfg.nr_cpus of them */
	int this_cpu;			/* the CPU the running command is on */
	unsigned long tlb_ubc_cpumask;	/* reclaim's pending batched flush
					 * (tlbflush_unmap_batch, vm/tlb.c) */
	/*
	 * The node (pglist_data) as reclaim sees it (vm/vmscan.c): its
	 * lruvec (reach it through folio_lruvec()/mem_cgroup_lruvec()
	 * only), and kswapd's state: woken (wakeup_kswapd() set
	 * kswapd_order/kswapd_highest_zoneidx) and run at the next command
	 * boundary (kswapd_run()), kswapd_highest_zoneidx too; kswapd_failures counts balance_pgdat()
	 * runs that reclaimed nothing (MAX_RECLAIM_RETRIES of them and
	 * kswapd stops trying until direct reclaim succeeds).
	 */
	struct lruvec __lruvec;
	unsigned long wmark[NR_WMARK];	/* the zone's, set at boot */
	bool kswapd_woken;
	int kswapd_order;
	int kswapd_highest_zoneidx;
	int kswapd_failures;
	/* Memory cgroups (vm/memcontrol.h): the root group, its memcg,
	 * the last group id given, and a charge's OOM left for the fault
	 * path: the group whose victim is current (memcg_oom), or the group
	 * with no task to kill (memcg_oom_none); both cleared at every
	 * command boundary. */
	struct cgroup *cgrp_root;
	struct mem_cgroup *root_mem_cgroup;
	unsigned long cgroup_last_id;
	struct mem_cgroup *memcg_oom, *memcg_oom_none;
};

/*
 * get_current() - the kernel's `current`: the task running on the CPU
 * that executes the running command (that CPU's rq->curr, vm/sched.c);
 * NULL for a global command, which runs on CPU 0 as the kernel, and
 * between commands, when every CPU is idle. schedule_command() makes a
 * task current by switching its CPU to it; nothing else sets it.
 *
 * out_of_memory() never tears down current's mm under the work in
 * progress: when current is the worst task, it returns OOM_CHOSE_CURRENT
 * without killing or counting anything, the allocation fails, and only
 * the fault path ends current with SIGKILL (VM_FAULT_OOM ->
 * pagefault_out_of_memory()), counting the kill then.
 */
static inline struct task_struct *get_current(const struct machine *m)
{
	return m->cpus[m->this_cpu].curr;
}

/**
 * machine_boot() - allocate and boot a machine: memory, zero page, and
 * PID 1 ("init") with a [stack] VMA and an empty brk area.
 * Return: the machine, or NULL with errno set.
 */
struct machine *machine_boot(const struct machine_config *cfg);
void machine_destroy(struct machine *m);

static inline void machine_lock_read(struct machine *m)
{
	pthread_rwlock_rdlock(&m->lock);
}
static inline void machine_lock_write(struct machine *m)
{
	pthread_rwlock_wrlock(&m->lock);
}
static inline void machine_unlock(struct machine *m)
{
	pthread_rwlock_unlock(&m->lock);
}

/**
 * find_task_by_pid() - the live (not zombie, not reaped) task with @pid.
 * Read lock suffices. Return: task or NULL.
 */
struct task_struct *find_task_by_pid(struct machine *m, pid_t pid);
/** find_task_by_pid_any() - as find_task_by_pid(), zombies included. */
struct task_struct *find_task_by_pid_any(struct machine *m, pid_t pid);

/**
 * machine_spawn() - the global `spawn` command: a new child of PID 1 whose
 * mm holds only [stack] (STACK_START..STACK_TOP) and an empty brk area.
 * Memory for it may come from the OOM killer, as for any allocation.
 * Return: the task, or NULL with -errno in *@err (-ENOMEM, or -EAGAIN
 * when no PID is left).
 */
struct task_struct *machine_spawn(struct machine *m, const char *comm,
				  int *err);

#define for_each_task(m, t) list_for_each_entry(t, &(m)->tasks, tasks)

/**
 * task_size_max() - the user address space of @m's processes, their
 * mm->task_size (x86's TASK_SIZE_MAX): TASK_SIZE (1 << 47, less a page)
 * with 4-level paging, TASK_SIZE_MAX_LA57 (1 << 56, less a page) when
 * the machine description has la57 (--paging=5level).
 */
unsigned long task_size_max(const struct machine *m);

/*
 * The PID space (kernel/pid.c): PIDs 1 .. pid_max - 1, handed out
 * cyclically; once the cursor has passed RESERVED_PIDS, allocation wraps
 * round to RESERVED_PIDS rather than 1, keeping the low PIDs for the
 * system's first daemons. pid_max is Linux's default for a machine with
 * up to 32 CPUs (PID_MAX_DEFAULT; the kernel takes 1024 per CPU above).
 */
#define PID_MAX_DEFAULT	0x8000
#define RESERVED_PIDS	300

/**
 * pid_max_check() - is a PID left for a new task? As alloc_pid() fails
 * when every PID is in use, fork and spawn fail with -EAGAIN. It also
 * sets aside what attach_pid() will need (idr_preload()), so that
 * attach_pid() cannot fail.
 * Return: 0, -EAGAIN or -ENOMEM (host memory), the reason recorded.
 */
int pid_max_check(struct machine *m);

/**
 * attach_pid() - give the new task @p the next free PID (alloc_pid())
 * and make it visible: in machine->pids, at the tail of machine->tasks,
 * on @parent's children list when @parent is given, counted in nr_tasks
 * and forks, started now. Call pid_max_check() first.
 * Locking: machine lock held for writing.
 */
void attach_pid(struct machine *m, struct task_struct *p,
		struct task_struct *parent);

/**
 * free_pid() - the task @p is released: its PID may be handed out again.
 * Locking: machine lock held for writing.
 */
void free_pid(struct machine *m, struct task_struct *p);
/** exchange_tids() - two tasks swap PIDs (de_thread()). */
void exchange_tids(struct machine *m, struct task_struct *left,
		   struct task_struct *right);

/**
 * next_task_by_pid() - the task (zombies included) with the lowest PID
 * at or above @pid, as /proc's readdir walks them (next_tgid()).
 * Read lock suffices. Return: the task or NULL.
 */
struct task_struct *next_task_by_pid(struct machine *m, pid_t pid);

/**
 * host_zalloc() - zeroed host memory for an engine object (calloc()).
 * A failure is the host's, not the simulated machine's: it sets
 * m->zone.host_nomem and records "host out of memory".
 * Return: the memory, or NULL.
 */
void *host_zalloc(struct machine *m, size_t size);

/**
 * vm_err() - record why the current call failed, for the ctl reply.
 * Engine code calls it right before returning -errno.
 */
void vm_err(struct machine *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void count_vm_event(struct machine *m, enum vm_event_item i)
{
	m->vm_events[i]++;
}
static inline void mod_node_page_state(struct machine *m,
				       enum node_stat_item i, long delta)
{
	m->vm_stat[i] += delta;
}

/* The machine an address space, or a VMA's address space, belongs to. */
static inline struct machine *mm_machine(const struct mm_struct *mm)
{
	return mm->machine;
}
static inline struct machine *vma_machine(const struct vm_area_struct *vma)
{
	return vma->vm_mm->machine;
}

/* mm->machine->zone, spelled out. */
static inline struct zone *mm_zone(struct mm_struct *mm)
{
	return &mm->machine->zone;
}

/**
 * alloc_page_or_oom() - allocate a frame for @m; when none is free, run
 * direct reclaim (try_to_free_pages()), and when that cannot free
 * enough, out_of_memory(), retrying as long as it kills another task.
 * Return: the page or NULL.
 */
struct page *alloc_page_or_oom(struct machine *m);

/**
 * alloc_pages_or_oom() - alloc_page_or_oom() for a 2^@order block (a
 * GFP_KERNEL allocation of at most PAGE_ALLOC_COSTLY_ORDER, which the
 * page allocator retries after the OOM killer).
 * Return: the head page or NULL.
 */
struct page *alloc_pages_or_oom(struct machine *m, unsigned int order);

/**
 * alloc_pages_gfp_or_oom() - alloc_pages_or_oom() with the allocation's
 * flags (GFP_HIGHUSER_MOVABLE, GFP_PGTABLE_USER...), which
 * kmem:mm_page_alloc records. Return: the head page or NULL.
 */
struct page *alloc_pages_gfp_or_oom(struct machine *m, unsigned int order,
				    gfp_t gfp);

/* Seconds since boot, from the monotonic clock (uptime, stat). */
double machine_uptime(const struct machine *m);

#endif
