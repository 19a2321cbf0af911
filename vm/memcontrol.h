/*
 * memcontrol.h - memory cgroups v2 (kernel/cgroup/cgroup.c's tree,
 * mm/memcontrol.c's controller, mm/page_counter.c's counters).
 *
 * The hierarchy: the root group (the machine's, always there) and the
 * groups mkdir makes under it. Every task belongs to one group (its
 * css_set reduced to that one cgroup, task->cgroup); a child starts in
 * its parent's; cgroup_attach_task() moves a whole thread group. The
 * memory controller is on in every group.
 *
 * Charging: a page a group pays for has its mem_cgroup in the page's
 * slot of zone->memcg_data (folio->memcg_data, kept beside struct page as
 * page_ext is, so struct page stays 64 bytes), with a css reference.
 * Anonymous pages are charged at fault, COW and swap-in to the group of
 * the mm's owner (get_mem_cgroup_from_mm()); page-cache and shmem pages
 * to the group of the task that brought them in; page tables likewise
 * (__GFP_ACCOUNT). A page is uncharged when it is freed. Swap slots are
 * charged to the swap counter of the group that swapped the page out
 * (the swap_cgroup map of the swap area) until the slot is freed; the
 * page's memory charge goes when it leaves the swap cache and is freed
 * (where Linux's mem_cgroup_swapout() moves it), as cgroup v2 does.
 *
 * Invariant (checked by check): every group's memory.usage is the number
 * of frames charged to it or to its descendants, its swap.usage the
 * number of swap slots charged so; the root's counters are the sums of
 * its children's (the root itself is never charged, as Linux's
 * try_charge() skips root_mem_cgroup).
 *
 * Unlike Linux: rmdir of a group that still has charges reparents them
 * at once (no dying css lingers); memory.high reclaims at the next
 * command boundary instead of throttling the task; the "no internal
 * processes" rule of v2 is not enforced.
 *
 * Locking: machine lock held for writing, except the readers marked
 * "read lock suffices".
 */
#ifndef MMSIM_MEMCONTROL_H
#define MMSIM_MEMCONTROL_H

#include <stdbool.h>
#include "list.h"
#include "mm_types.h"
#include "mmzone.h"

struct machine;
struct seq_buf;
struct swap_info_struct;
struct zone;

/* PAGE_COUNTER_MAX: "max", no limit (in pages). */
#define PAGE_COUNTER_MAX	(((unsigned long)-1 >> 1) / PAGE_SIZE)

/*
 * struct page_counter - mm/page_counter.c: @usage pages charged here or
 * below, the limits, and @watermark the highest @usage ever (memory.peak).
 */
struct page_counter {
	unsigned long usage;
	unsigned long watermark;
	unsigned long min, low, high, max;
	struct page_counter *parent;
};

/* memory.events (enum memcg_memory_event). */
enum memcg_memory_event {
	MEMCG_LOW,
	MEMCG_HIGH,
	MEMCG_MAX,
	MEMCG_OOM,
	MEMCG_OOM_KILL,
	MEMCG_OOM_GROUP_KILL,
	MEMCG_SWAP_HIGH,
	MEMCG_SWAP_MAX,
	MEMCG_SWAP_FAIL,
	MEMCG_NR_MEMORY_EVENTS,
};

/* The events memory.stat counts per group (a subset of memcg_vm_event_stat). */
enum memcg_event_item {
	MEMCG_PSWPIN,
	MEMCG_PSWPOUT,
	MEMCG_PGSCAN_KSWAPD,
	MEMCG_PGSCAN_DIRECT,
	MEMCG_PGSTEAL_KSWAPD,
	MEMCG_PGSTEAL_DIRECT,
	MEMCG_PGFAULT,
	MEMCG_PGMAJFAULT,
	MEMCG_PGACTIVATE,
	MEMCG_SWPIN_ZERO,
	MEMCG_SWPOUT_ZERO,
	MEMCG_NR_EVENTS,
};

struct cgroup;

/* struct cgroup_subsys_state - @refcnt: the group's own, charged pages, slots. */
struct cgroup_subsys_state {
	struct cgroup *cgroup;
	long refcnt;
};

/**
 * struct mem_cgroup - one group's memory controller.
 * @memory, @swap: the counters (memory.current/max..., memory.swap.*)
 * @memory_events: memory.events, this group's and its descendants'
 * @memory_events_local: memory.events.local, this group's only
 * @events: memory.stat's event counts, this group's only (the file sums
 *	the subtree, as rstat's aggregation)
 * @oom_group: memory.oom.group
 * @lruvec: its LRU lists on the node (mem_cgroup_per_node's); the root
 *	group's pages are on the node's own lruvec (mem_cgroup_lruvec())
 */
struct mem_cgroup {
	struct cgroup_subsys_state css;
	struct lruvec lruvec;
	struct page_counter memory;
	struct page_counter swap;
	unsigned long memory_events[MEMCG_NR_MEMORY_EVENTS];
	unsigned long memory_events_local[MEMCG_NR_MEMORY_EVENTS];
	unsigned long events[MEMCG_NR_EVENTS];
	bool oom_group;
};

/**
 * struct cgroup - one directory of the hierarchy.
 * @name: its directory name ("" for the root)
 * @parent: NULL for the root
 * @children, @sibling: its child groups, in the order they were made
 * @level: the root is 0
 * @nr_tasks: tasks (threads included) whose ->cgroup this is
 * @id: its number (cgroup id; the root's is 1), for views and order
 */
struct cgroup {
	char *name;
	struct cgroup *parent;
	struct list_head children;
	struct list_head sibling;
	int level;
	unsigned long nr_tasks;
	unsigned long id;
	struct mem_cgroup *memcg;
};

/* The deepest path cgroup_lookup() takes (cgroup names are NAME_MAX). */
#define CGROUP_PATH_MAX		4096

/** cgroup_init() - the root group, at boot. Return: 0 or -ENOMEM. */
int cgroup_init(struct machine *m);
/** cgroup_exit() - free the hierarchy with the machine. */
void cgroup_exit(struct machine *m);

/**
 * cgroup_lookup() - the group at @path ("/" the root, "/a/b" below).
 * Read lock suffices. Return: the group or NULL.
 */
struct cgroup *cgroup_lookup(struct machine *m, const char *path);
/**
 * cgroup_path() - @cgrp's path from the root into @buf ("/" for the
 * root). Read lock suffices. Return: @buf.
 */
char *cgroup_path(const struct cgroup *cgrp, char *buf, size_t size);
/**
 * cgroup_mkdir() - make the group @path (cgroup_mkdir()).
 * Return: 0, -EEXIST, -ENOENT (no parent), -EINVAL (a bad name) or
 * -ENOMEM, the reason recorded.
 */
int cgroup_mkdir(struct machine *m, const char *path);
/**
 * cgroup_rmdir() - remove the group @path: -EBUSY while it has tasks or
 * children (cgroup_destroy_locked()), or for the root; its remaining
 * charges move to its parent. Return: 0 or -errno, the reason recorded.
 */
int cgroup_rmdir(struct machine *m, const char *path);
/**
 * cgroup_attach_task() - move process @pid (every thread of it) into
 * @cgrp, as a write of its PID to cgroup.procs; its pages stay charged
 * where they are. Return: 0, -ESRCH, or -EINVAL (PID 0, a kernel thread),
 * the reason recorded.
 */
int cgroup_attach_task(struct machine *m, struct cgroup *cgrp, pid_t pid);
/** cgroup_fork() - @child starts in @parent's group. */
void cgroup_fork(struct task_struct *parent, struct task_struct *child);
/** cgroup_exit_task() - @tsk is released: it leaves its group. */
void cgroup_exit_task(struct task_struct *tsk);

/**
 * cgroup_next_child() - the child of @cgrp after @prev (NULL: the first),
 * for readdir. Read lock suffices.
 */
struct cgroup *cgroup_next_child(struct cgroup *cgrp, struct cgroup *prev);

/* The control files a write can change (cgroup_write()). */
enum memcg_file {
	MEMCG_FILE_MIN, MEMCG_FILE_LOW, MEMCG_FILE_HIGH, MEMCG_FILE_MAX,
	MEMCG_FILE_SWAP_MAX, MEMCG_FILE_SWAP_HIGH, MEMCG_FILE_OOM_GROUP,
	MEMCG_FILE_PEAK, MEMCG_FILE_SWAP_PEAK,
};
/**
 * mem_cgroup_set() - set a limit of @memcg (in pages, PAGE_COUNTER_MAX
 * for "max"; 0 or 1 for oom.group), as memory_max_write() and its
 * siblings do: a memory.max below the usage reclaims down to it and then
 * OOM-kills in the group. Return: 0 or -EINVAL (the root has none).
 */
int mem_cgroup_set(struct machine *m, struct mem_cgroup *memcg,
		   enum memcg_file file, unsigned long val);

/* ---- charging ---- */

/** folio_memcg() - the group @page is charged to, or NULL. Read lock suffices. */
struct mem_cgroup *folio_memcg(const struct zone *zone, const struct page *page);
/** mem_cgroup_from_task() - @tsk's group's memory controller. */
struct mem_cgroup *mem_cgroup_from_task(const struct task_struct *tsk);
/**
 * get_mem_cgroup_from_mm() - the group @mm's owner is in; @mm NULL: the
 * current task's mm's, else the root's (get_mem_cgroup_from_mm()).
 */
struct mem_cgroup *get_mem_cgroup_from_mm(struct machine *m,
					  struct mm_struct *mm);
/**
 * mem_cgroup_charge() - charge the new page @page to @mm's group (@mm
 * NULL: current's, for page cache, shmem and page tables). Over
 * memory.max this reclaims the group's pages, retries, and then kills in
 * the group (mem_cgroup_oom()).
 * Return: 0, or -ENOMEM (the page is not charged: the caller frees it).
 * When the group's OOM victim is current, m->memcg_oom says so and
 * the fault path ends the task (pagefault_out_of_memory()).
 */
int mem_cgroup_charge(struct machine *m, struct page *page,
		      struct mm_struct *mm);
/**
 * mem_cgroup_charge_cache() - charge a new page-cache or shmem page to
 * current's group, over memory.max if need be: the page cache is filled
 * in the middle of file faults and reads (read-ahead, fault-around) whose
 * pages reclaim must not take from under them (Linux locks them; mmsim's
 * pages have no lock), so the group is brought back under memory.max at
 * the command boundary instead (mem_cgroup_handle_over_high()).
 */
void mem_cgroup_charge_cache(struct machine *m, struct page *page);
/**
 * mem_cgroup_swapin_charge_folio() - charge a page read in from @entry
 * to the group that swapped it out, if it still exists, else to @mm's.
 * Return: 0 or -ENOMEM, as mem_cgroup_charge().
 */
int mem_cgroup_swapin_charge_folio(struct machine *m, struct page *page,
				   struct mm_struct *mm, unsigned long entry);
/** mem_cgroup_uncharge() - @page (frame @pfn) is freed: its charge goes. */
void mem_cgroup_uncharge(struct zone *zone, unsigned long pfn);
/**
 * __mem_cgroup_try_charge_swap() - charge the swap slot @entry, given to
 * @page, to the page's group: -ENOMEM at memory.swap.max (memory.events
 * swap max and fail), and no charge for an uncharged page.
 */
int __mem_cgroup_try_charge_swap(struct machine *m, struct page *page,
				 unsigned long entry);
/** __mem_cgroup_uncharge_swap() - slot @off of @si is free again. */
void __mem_cgroup_uncharge_swap(struct swap_info_struct *si, unsigned long off);
/**
 * mem_cgroup_get_nr_swap_pages() - the swap slots @memcg may still take:
 * the free ones, within every memory.swap.max up to the root.
 */
unsigned long mem_cgroup_get_nr_swap_pages(struct machine *m,
					   struct mem_cgroup *memcg);
/** mem_cgroup_may_swap() - may @page's group swap out one more page? */
bool mem_cgroup_may_swap(struct machine *m, struct page *page);

/** count_memcg_page_event() - count @idx in @page's group. */
void count_memcg_page_event(struct machine *m, const struct page *page,
			    enum memcg_event_item idx);
/** count_memcg_event_mm() - count @idx in @mm's group. */
void count_memcg_event_mm(struct mm_struct *mm, enum memcg_event_item idx);
/** memcg_memory_event() - one more @event in @memcg (and, hierarchically, above). */
void memcg_memory_event(struct mem_cgroup *memcg, enum memcg_memory_event event);

/** mem_cgroup_is_root() - the root group's controller? */
static inline bool mem_cgroup_is_root(const struct mem_cgroup *memcg)
{
	return memcg->css.cgroup->parent == NULL;
}
/**
 * mem_cgroup_iter() - the groups of @root's subtree in pre-order, @root
 * first: the one after @prev (NULL: @root), or NULL at the end.
 */
struct mem_cgroup *mem_cgroup_iter(struct mem_cgroup *root,
				   struct mem_cgroup *prev);
/**
 * mem_cgroup_below_min() / mem_cgroup_below_low() - is @memcg, in a
 * reclaim of @target's subtree, within its (or an ancestor's below
 * @target) memory.min / memory.low? The target's own protection does not
 * count (mem_cgroup_calculate_protection(), without the proportional
 * share of an overcommitted parent's protection).
 */
bool mem_cgroup_below_min(struct mem_cgroup *target, struct mem_cgroup *memcg);
bool mem_cgroup_below_low(struct mem_cgroup *target, struct mem_cgroup *memcg);
/** count_memcg_lruvec_events() - @nr of @idx in @lruvec's group. */
void count_memcg_lruvec_events(struct lruvec *lruvec,
			       enum memcg_event_item idx, unsigned long nr);
/**
 * mem_cgroup_handle_over_high() - at a command boundary, bring every
 * group above memory.max (page-cache charges) down to it, and reclaim
 * every group above memory.high (memory.events high).
 */
void mem_cgroup_handle_over_high(struct machine *m);

/** mem_cgroup_is_descendant() - is @memcg @root or below it? */
bool mem_cgroup_is_descendant(const struct mem_cgroup *memcg,
			      const struct mem_cgroup *root);
/** task_in_mem_cgroup() - is @tsk in @memcg's subtree? */
bool task_in_mem_cgroup(const struct task_struct *tsk,
			const struct mem_cgroup *memcg);
/** mem_cgroup_get_max() - memory.max plus the swap the group may use. */
unsigned long mem_cgroup_get_max(struct machine *m, struct mem_cgroup *memcg);
/**
 * mem_cgroup_get_oom_group() - the highest group from @victim's up to
 * @oom_domain with memory.oom.group set, or NULL.
 */
struct mem_cgroup *mem_cgroup_get_oom_group(struct task_struct *victim,
					    struct mem_cgroup *oom_domain);

/* ---- views (procfs/cgroup.c) ---- */

/* memory.stat's page-state items the engine counts by walking the frames. */
enum memcg_stat_item {
	MS_ANON, MS_FILE, MS_KERNEL, MS_PAGETABLES, MS_SHMEM, MS_FILE_MAPPED,
	MS_FILE_DIRTY, MS_FILE_WRITEBACK, MS_SWAPCACHED, MS_INACTIVE_ANON,
	MS_ACTIVE_ANON, MS_INACTIVE_FILE, MS_ACTIVE_FILE, MS_UNEVICTABLE,
	MS_NR_ITEMS,
};
/**
 * mem_cgroup_page_state() - @memcg's subtree's pages of each kind, in
 * pages, walking every frame charged to it. Read lock suffices.
 */
void mem_cgroup_page_state(struct machine *m, const struct mem_cgroup *memcg,
			   unsigned long out[MS_NR_ITEMS]);
/** memcg_events() - @idx summed over @memcg's subtree. Read lock suffices. */
unsigned long memcg_events(const struct mem_cgroup *memcg,
			   enum memcg_event_item idx);

/**
 * mem_cgroup_check() - the invariant checker's part: recount every
 * group's charges from the frames and the swap map. Calls @problem for
 * each difference. Read lock suffices.
 */
void mem_cgroup_check(struct machine *m,
		      void (*problem)(void *ctx, const char *fmt, ...),
		      void *ctx);

#endif
