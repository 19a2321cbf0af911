/*
 * memcontrol.c - memory cgroups v2: the group tree (kernel/cgroup/
 * cgroup.c's cgroup_mkdir(), cgroup_rmdir(), cgroup_attach_task()), the
 * page counters (mm/page_counter.c) and the memory controller's charge,
 * uncharge, limits, reclaim and OOM (mm/memcontrol.c). See memcontrol.h
 * for the model and what differs from Linux.
 *
 *   mem_cgroup_charge()
 *    -> try_charge_memcg()       page_counter_try_charge() up the tree
 *        over memory.max: memory.events max, then
 *        -> try_to_free_mem_cgroup_pages()   the group's own pages
 *        retries (MAX_RECLAIM_RETRIES), then
 *        -> mem_cgroup_oom()     memory.events oom, and
 *           mem_cgroup_out_of_memory()  a victim among the group's tasks
 *    -> commit_charge()          the page's memcg_data
 *
 * Locking: machine lock held for writing, unless marked otherwise.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "memcontrol.h"
#include "mm.h"
#include "swap.h"
#include "vmscan.h"

/* MAX_RECLAIM_RETRIES (mm/internal.h) */
#define MAX_RECLAIM_RETRIES	16
/* SWAP_CLUSTER_MAX: the least reclaim asks for at once */
#define SWAP_CLUSTER_MAX	32UL

static struct mem_cgroup *parent_mem_cgroup(const struct mem_cgroup *memcg)
{
	struct cgroup *parent = memcg->css.cgroup->parent;

	return parent ? parent->memcg : NULL;
}

/* ---- page counters (mm/page_counter.c) ---- */

static void page_counter_init(struct page_counter *c, struct page_counter *parent)
{
	memset(c, 0, sizeof(*c));
	c->max = c->high = PAGE_COUNTER_MAX;
	c->parent = parent;
}

static void page_counter_charge(struct page_counter *counter, unsigned long nr)
{
	for (struct page_counter *c = counter; c; c = c->parent) {
		c->usage += nr;
		if (c->usage > c->watermark)
			c->watermark = c->usage;
	}
}

static void page_counter_uncharge(struct page_counter *counter, unsigned long nr)
{
	for (struct page_counter *c = counter; c; c = c->parent)
		c->usage -= nr < c->usage ? nr : c->usage;
}

/*
 * page_counter_try_charge - charge @nr up the tree unless a level would
 * pass its max; *@fail names that level, and nothing is charged.
 */
static bool page_counter_try_charge(struct page_counter *counter,
				    unsigned long nr, struct page_counter **fail)
{
	for (struct page_counter *c = counter; c; c = c->parent) {
		if (c->usage + nr > c->max) {
			*fail = c;
			return false;
		}
	}
	page_counter_charge(counter, nr);
	return true;
}

static struct mem_cgroup *memory_counter_memcg(struct page_counter *c)
{
	return (struct mem_cgroup *)((char *)c - offsetof(struct mem_cgroup, memory));
}

/* ---- the tree ---- */

static void css_get(struct mem_cgroup *memcg)
{
	memcg->css.refcnt++;
}

static void css_put(struct mem_cgroup *memcg)
{
	memcg->css.refcnt--;
}

static struct cgroup *cgroup_create(struct machine *m, struct cgroup *parent,
				    const char *name, size_t len)
{
	struct cgroup *cgrp = host_zalloc(m, sizeof(*cgrp));
	struct mem_cgroup *memcg = host_zalloc(m, sizeof(*memcg));

	if (!cgrp || !memcg)
		goto out_free;
	cgrp->name = host_zalloc(m, len + 1);
	if (!cgrp->name)
		goto out_free;
	memcpy(cgrp->name, name, len);
	cgrp->parent = parent;
	INIT_LIST_HEAD(&cgrp->children);
	INIT_LIST_HEAD(&cgrp->sibling);
	cgrp->level = parent ? parent->level + 1 : 0;
	cgrp->id = ++m->cgroup_last_id;
	cgrp->memcg = memcg;
	memcg->css.cgroup = cgrp;
	lruvec_init(&memcg->lruvec);
	memcg->lruvec.memcg = memcg;
	memcg->css.refcnt = 1;
	page_counter_init(&memcg->memory, parent ? &parent->memcg->memory : NULL);
	page_counter_init(&memcg->swap, parent ? &parent->memcg->swap : NULL);
	if (parent)
		list_add_tail(&cgrp->sibling, &parent->children);
	return cgrp;

out_free:
	if (cgrp)
		free(cgrp->name);
	free(cgrp);
	free(memcg);
	return NULL;
}

static void cgroup_free(struct cgroup *cgrp)
{
	struct cgroup *child, *next;

	list_for_each_entry_safe(child, next, &cgrp->children, sibling)
		cgroup_free(child);
	list_del(&cgrp->sibling);
	free(cgrp->memcg);
	free(cgrp->name);
	free(cgrp);
}

/** cgroup_init() - see memcontrol.h. */
int cgroup_init(struct machine *m)
{
	m->zone.memcg_data = calloc(m->zone.nr_pages, sizeof(*m->zone.memcg_data));
	if (!m->zone.memcg_data)
		return -ENOMEM;
	m->cgrp_root = cgroup_create(m, NULL, "", 0);
	if (!m->cgrp_root) {
		free(m->zone.memcg_data);
		m->zone.memcg_data = NULL;
		return -ENOMEM;
	}
	m->root_mem_cgroup = m->cgrp_root->memcg;
	return 0;
}

/** cgroup_exit() - see memcontrol.h. */
void cgroup_exit(struct machine *m)
{
	if (m->cgrp_root)
		cgroup_free(m->cgrp_root);
	m->cgrp_root = NULL;
	m->root_mem_cgroup = NULL;
	free(m->zone.memcg_data);
	m->zone.memcg_data = NULL;
}

static struct cgroup *find_child(struct cgroup *cgrp, const char *name,
				 size_t len)
{
	struct cgroup *child;

	list_for_each_entry(child, &cgrp->children, sibling)
		if (strlen(child->name) == len && !memcmp(child->name, name, len))
			return child;
	return NULL;
}

/*
 * walk_path - the group of @path's components but the last when @parent,
 * else of all of them; *@last and *@len the last component.
 */
static struct cgroup *walk_path(struct machine *m, const char *path,
				bool parent, const char **last, size_t *len)
{
	struct cgroup *cgrp = m->cgrp_root;
	const char *p = path;

	*last = NULL;
	*len = 0;
	if (!cgrp || path[0] != '/')
		return NULL;
	for (;;) {
		const char *end;

		while (*p == '/')
			p++;
		if (!*p)
			return cgrp;
		end = strchrnul(p, '/');
		if (parent) {
			const char *q = end;

			while (*q == '/')
				q++;
			if (!*q) {
				*last = p;
				*len = (size_t)(end - p);
				return cgrp;
			}
		}
		cgrp = find_child(cgrp, p, (size_t)(end - p));
		if (!cgrp)
			return NULL;
		p = end;
	}
}

/** cgroup_lookup() - see memcontrol.h. Read lock suffices. */
struct cgroup *cgroup_lookup(struct machine *m, const char *path)
{
	const char *last;
	size_t len;

	return walk_path(m, path, false, &last, &len);
}

/** cgroup_path() - see memcontrol.h. Read lock suffices. */
char *cgroup_path(const struct cgroup *cgrp, char *buf, size_t size)
{
	size_t need = 0, pos;
	const struct cgroup *c;

	for (c = cgrp; c->parent; c = c->parent)
		need += strlen(c->name) + 1;
	if (!need) {
		snprintf(buf, size, "/");
		return buf;
	}
	if (need + 1 > size) {
		snprintf(buf, size, "/");
		return buf;
	}
	pos = need;
	buf[pos] = '\0';
	for (c = cgrp; c->parent; c = c->parent) {
		size_t n = strlen(c->name);

		pos -= n;
		memcpy(buf + pos, c->name, n);
		buf[--pos] = '/';
	}
	return buf;
}

/** cgroup_next_child() - see memcontrol.h. Read lock suffices. */
struct cgroup *cgroup_next_child(struct cgroup *cgrp, struct cgroup *prev)
{
	struct list_head *next = prev ? prev->sibling.next : cgrp->children.next;

	if (next == &cgrp->children)
		return NULL;
	return list_entry(next, struct cgroup, sibling);
}

/*
 * A control file's name may not be a group's: cgroup_mkdir() refuses
 * names with a '.' that start like a controller's files ("memory.",
 * "cgroup."), as cgroup_addrm_files() would clash with them.
 */
static bool cgroup_name_valid(const char *name, size_t len)
{
	if (!len || len > 255)
		return false;
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	if (memchr(name, '\n', len))
		return false;
	if ((len >= 7 && !memcmp(name, "cgroup.", 7)) ||
	    (len >= 7 && !memcmp(name, "memory.", 7)))
		return false;
	return true;
}

/** cgroup_mkdir() - see memcontrol.h. */
int cgroup_mkdir(struct machine *m, const char *path)
{
	const char *name;
	size_t len;
	struct cgroup *parent = walk_path(m, path, true, &name, &len);

	if (!parent) {
		vm_err(m, "%s: no such parent group", path);
		return -ENOENT;
	}
	if (!name) {
		vm_err(m, "%s: the root group exists", path);
		return -EEXIST;
	}
	if (find_child(parent, name, len)) {
		vm_err(m, "%s: the group exists", path);
		return -EEXIST;
	}
	if (!cgroup_name_valid(name, len)) {
		vm_err(m, "%s: not a name for a group", path);
		return -EINVAL;
	}
	if (!cgroup_create(m, parent, name, len))
		return -ENOMEM;
	return 0;
}

/*
 * mem_cgroup_reparent - @memcg goes: the frames and swap slots charged to
 * it are its parent's now. The parent's counters hold them already
 * (charges propagate up), so only the owner changes.
 */
static void mem_cgroup_reparent(struct machine *m, struct mem_cgroup *memcg)
{
	struct mem_cgroup *parent = parent_mem_cgroup(memcg);
	struct swap_info_struct *si = m->swap;

	for (unsigned long pfn = 0; pfn < m->zone.nr_pages; pfn++) {
		if (m->zone.memcg_data[pfn] != memcg)
			continue;
		m->zone.memcg_data[pfn] = parent;
		css_put(memcg);
		css_get(parent);
	}
	if (si && si->swap_cgroup) {
		for (unsigned long off = 0; off < si->max; off++) {
			if (si->swap_cgroup[off] != memcg)
				continue;
			si->swap_cgroup[off] = parent;
			css_put(memcg);
			css_get(parent);
		}
	}
	/*
	 * Its LRU pages join the parent's lists, in their order, at the
	 * tail (the oldest end); the node's counters stay as they were.
	 */
	for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
		struct lruvec *to = mem_cgroup_lruvec(m, parent);

		struct lru_head *from = &memcg->lruvec.lists[lru];
		struct page *page;

		while ((page = lru_first(&m->zone, from))) {
			lru_del(&m->zone, from, page);
			lru_add_tail(&m->zone, &to->lists[lru], page);
		}
		to->nr_pages[lru] += memcg->lruvec.nr_pages[lru];
		memcg->lruvec.nr_pages[lru] = 0;
	}
	/* Its own usage is gone with it: the parent's stays as it was. */
}

/** cgroup_rmdir() - see memcontrol.h. */
int cgroup_rmdir(struct machine *m, const char *path)
{
	struct cgroup *cgrp = cgroup_lookup(m, path);

	if (!cgrp) {
		vm_err(m, "%s: no such group", path);
		return -ENOENT;
	}
	if (!cgrp->parent) {
		vm_err(m, "%s: the root group cannot be removed", path);
		return -EBUSY;
	}
	if (cgrp->nr_tasks) {
		vm_err(m, "%s: the group has %lu task%s", path, cgrp->nr_tasks,
		       cgrp->nr_tasks == 1 ? "" : "s");
		return -EBUSY;
	}
	if (!list_empty(&cgrp->children)) {
		vm_err(m, "%s: the group has child groups", path);
		return -EBUSY;
	}
	mem_cgroup_reparent(m, cgrp->memcg);
	cgroup_free(cgrp);
	return 0;
}

static void task_set_cgroup(struct task_struct *tsk, struct cgroup *cgrp)
{
	if (tsk->cgroup)
		tsk->cgroup->nr_tasks--;
	tsk->cgroup = cgrp;
	if (cgrp)
		cgrp->nr_tasks++;
}

/** cgroup_attach_task() - see memcontrol.h (cgroup_procs_write()). */
int cgroup_attach_task(struct machine *m, struct cgroup *cgrp, pid_t pid)
{
	struct task_struct *tsk, *t;

	if (pid <= 0) {
		vm_err(m, "%d is not a PID", (int)pid);
		return -EINVAL;
	}
	tsk = find_task_by_pid(m, pid);
	if (tsk && (tsk->flags & PF_KTHREAD)) {
		/* cgroup_procs_write_start(): PF_NO_SETAFFINITY */
		vm_err(m, "%d is a kernel thread, which stays in the root group",
		       (int)pid);
		return -EINVAL;
	}
	if (!tsk || !tsk->mm) {
		vm_err(m, "no such process %d", (int)pid);
		return -ESRCH;
	}
	/* cgroup.procs takes a process: a thread's TID moves its group. */
	tsk = tsk->group_leader;
	for_each_thread(tsk, t)
		task_set_cgroup(t, cgrp);
	return 0;
}

/** cgroup_fork() - see memcontrol.h. */
void cgroup_fork(struct task_struct *parent, struct task_struct *child)
{
	struct machine *m = child->machine;

	child->cgroup = NULL;
	task_set_cgroup(child, parent && parent->cgroup ? parent->cgroup :
			m->cgrp_root);
}

/** cgroup_exit_task() - see memcontrol.h. */
void cgroup_exit_task(struct task_struct *tsk)
{
	task_set_cgroup(tsk, NULL);
}

/* ---- limits ---- */

static void memcg_memory_event_local(struct mem_cgroup *memcg,
				     enum memcg_memory_event event)
{
	memcg->memory_events_local[event]++;
}

/** memcg_memory_event() - see memcontrol.h: the event counts up to the root. */
void memcg_memory_event(struct mem_cgroup *memcg, enum memcg_memory_event event)
{
	memcg_memory_event_local(memcg, event);
	for (; memcg && !mem_cgroup_is_root(memcg); memcg = parent_mem_cgroup(memcg))
		memcg->memory_events[event]++;
}

/** mem_cgroup_set() - see memcontrol.h. */
int mem_cgroup_set(struct machine *m, struct mem_cgroup *memcg,
		   enum memcg_file file, unsigned long val)
{
	if (mem_cgroup_is_root(memcg)) {
		vm_err(m, "the root group has no limits");
		return -EINVAL;
	}
	switch (file) {
	case MEMCG_FILE_MIN:
		memcg->memory.min = val;
		break;
	case MEMCG_FILE_LOW:
		memcg->memory.low = val;
		break;
	case MEMCG_FILE_HIGH: {
		/* memory_high_write(): reclaim down to it now (no event). */
		int retries = MAX_RECLAIM_RETRIES;

		memcg->memory.high = val;
		while (memcg->memory.usage > val) {
			if (!try_to_free_mem_cgroup_pages(m, memcg,
							  memcg->memory.usage - val,
							  GFP_KERNEL, true) &&
			    !retries--)
				break;
		}
		break;
	}
	case MEMCG_FILE_MAX: {
		/* memory_max_write(): reclaim, then OOM-kill, down to it. */
		int retries = MAX_RECLAIM_RETRIES;

		memcg->memory.max = val;
		while (memcg->memory.usage > val) {
			unsigned long excess = memcg->memory.usage - val;

			if (retries) {
				if (!try_to_free_mem_cgroup_pages(m, memcg, excess,
								  GFP_KERNEL, true))
					retries--;
				continue;
			}
			memcg_memory_event(memcg, MEMCG_OOM);
			if (mem_cgroup_out_of_memory(m, memcg) != OOM_KILLED)
				break;
		}
		memcg_memory_event(memcg, MEMCG_MAX);
		break;
	}
	case MEMCG_FILE_SWAP_MAX:
		memcg->swap.max = val;
		break;
	case MEMCG_FILE_SWAP_HIGH:
		/* Kept and shown; swap-out is not throttled above it. */
		memcg->swap.high = val;
		break;
	case MEMCG_FILE_SWAP_PEAK:
		memcg->swap.watermark = memcg->swap.usage;
		break;
	case MEMCG_FILE_OOM_GROUP:
		memcg->oom_group = val != 0;
		break;
	case MEMCG_FILE_PEAK:
		/* A write resets the peak to the usage (memory_peak_write()). */
		memcg->memory.watermark = memcg->memory.usage;
		break;
	}
	return 0;
}

/* ---- charging ---- */

/** folio_memcg() - see memcontrol.h. Read lock suffices. */
struct mem_cgroup *folio_memcg(const struct zone *zone, const struct page *page)
{
	if (!zone->memcg_data)
		return NULL;
	return zone->memcg_data[page - zone->mem_map];
}

/** mem_cgroup_from_task() - see memcontrol.h. */
struct mem_cgroup *mem_cgroup_from_task(const struct task_struct *tsk)
{
	if (!tsk || !tsk->cgroup)
		return tsk ? tsk->machine->root_mem_cgroup : NULL;
	return tsk->cgroup->memcg;
}

/** get_mem_cgroup_from_mm() - see memcontrol.h. */
struct mem_cgroup *get_mem_cgroup_from_mm(struct machine *m,
					  struct mm_struct *mm)
{
	if (mm && mm->owner)
		return mem_cgroup_from_task(mm->owner);
	/* No mm, or one still being built (exec, spawn): current's. */
	if (get_current(m))
		return mem_cgroup_from_task(get_current(m));
	return m->root_mem_cgroup;
}

/** mem_cgroup_is_descendant() - see memcontrol.h. */
bool mem_cgroup_is_descendant(const struct mem_cgroup *memcg,
			      const struct mem_cgroup *root)
{
	for (const struct cgroup *c = memcg->css.cgroup; c; c = c->parent)
		if (c == root->css.cgroup)
			return true;
	return false;
}

/** task_in_mem_cgroup() - see memcontrol.h. */
bool task_in_mem_cgroup(const struct task_struct *tsk,
			const struct mem_cgroup *memcg)
{
	return mem_cgroup_is_descendant(mem_cgroup_from_task(tsk), memcg);
}

/** mem_cgroup_get_max() - see memcontrol.h. */
unsigned long mem_cgroup_get_max(struct machine *m, struct mem_cgroup *memcg)
{
	unsigned long max = memcg->memory.max, swap = memcg->swap.max;
	unsigned long total = total_swap_pages(m);

	if (max > m->zone.nr_pages)
		max = m->zone.nr_pages;
	return max + (swap < total ? swap : total);
}

/** mem_cgroup_get_oom_group() - see memcontrol.h. */
struct mem_cgroup *mem_cgroup_get_oom_group(struct task_struct *victim,
					    struct mem_cgroup *oom_domain)
{
	struct mem_cgroup *memcg = mem_cgroup_from_task(victim), *group = NULL;

	if (!oom_domain)
		oom_domain = victim->machine->root_mem_cgroup;
	if (mem_cgroup_is_root(memcg) || !mem_cgroup_is_descendant(memcg, oom_domain))
		return NULL;
	for (; memcg; memcg = parent_mem_cgroup(memcg)) {
		if (memcg->oom_group)
			group = memcg;
		if (memcg == oom_domain)
			break;
	}
	return group;
}

static unsigned long mem_cgroup_margin(const struct mem_cgroup *memcg)
{
	unsigned long margin = PAGE_COUNTER_MAX;

	for (const struct page_counter *c = &memcg->memory; c; c = c->parent) {
		unsigned long room = c->usage < c->max ? c->max - c->usage : 0;

		if (room < margin)
			margin = room;
	}
	return margin;
}

/*
 * try_charge_memcg - charge @nr pages to @memcg, reclaiming and then
 * OOM-killing in the group that is over its memory.max.
 */
static int try_charge_memcg(struct machine *m, struct mem_cgroup *memcg,
			    unsigned long nr)
{
	int nr_retries = MAX_RECLAIM_RETRIES;
	struct page_counter *fail;
	bool drained = false;

	if (mem_cgroup_is_root(memcg))
		return 0;
	for (;;) {
		struct mem_cgroup *over;
		unsigned long reclaimed;

		if (page_counter_try_charge(&memcg->memory, nr, &fail))
			return 0;
		over = memory_counter_memcg(fail);
		memcg_memory_event(over, MEMCG_MAX);
		reclaimed = try_to_free_mem_cgroup_pages(m, over, nr,
							 GFP_HIGHUSER_MOVABLE, true);
		if (mem_cgroup_margin(over) >= nr)
			continue;
		/* drain_all_stock(): no per-CPU stock here, but its retry. */
		if (!drained) {
			drained = true;
			continue;
		}
		/* Progress: retry without counting it (nr_pages is 1). */
		if (reclaimed)
			continue;
		if (nr_retries-- > 0)
			continue;
		/* mem_cgroup_oom() */
		memcg_memory_event(over, MEMCG_OOM);
		switch (mem_cgroup_out_of_memory(m, over)) {
		case OOM_KILLED:
			nr_retries = MAX_RECLAIM_RETRIES;
			continue;
		case OOM_CHOSE_CURRENT:
			m->memcg_oom = over;
			vm_err(m, "memory cgroup out of memory");
			return -ENOMEM;
		case OOM_NO_VICTIM:
			break;
		}
		m->memcg_oom_none = over;
		vm_err(m, "memory cgroup out of memory: no task to kill");
		return -ENOMEM;
	}
}

static void commit_charge(struct machine *m, struct page *page,
			  struct mem_cgroup *memcg)
{
	m->zone.memcg_data[page - m->zone.mem_map] = memcg;
	css_get(memcg);
}

/* charge_memcg - one page to @memcg (reclaiming, then OOM), then @page's. */
static int charge_memcg(struct machine *m, struct page *page,
			struct mem_cgroup *memcg)
{
	int err = try_charge_memcg(m, memcg, 1);

	if (err)
		return err;
	commit_charge(m, page, memcg);
	return 0;
}

/** mem_cgroup_charge_cache() - see memcontrol.h. */
void mem_cgroup_charge_cache(struct machine *m, struct page *page)
{
	struct mem_cgroup *memcg;

	if (!m->zone.memcg_data)
		return;
	memcg = get_mem_cgroup_from_mm(m, NULL);
	if (!mem_cgroup_is_root(memcg))
		page_counter_charge(&memcg->memory, 1);	/* force */
	commit_charge(m, page, memcg);
}

/** mem_cgroup_charge() - see memcontrol.h. */
int mem_cgroup_charge(struct machine *m, struct page *page, struct mm_struct *mm)
{
	struct mem_cgroup *memcg;

	if (!m->zone.memcg_data)
		return 0;
	memcg = get_mem_cgroup_from_mm(m, mm);
	/* The page must not be reclaimed while its group makes room. */
	return charge_memcg(m, page, memcg);
}

static struct mem_cgroup *swap_cgroup_lookup(struct machine *m,
					     unsigned long entry)
{
	struct swap_info_struct *si = m->swap;
	swp_entry_t e = { entry };

	if (!si || !si->swap_cgroup || !swap_entry_valid(m, e))
		return NULL;
	return si->swap_cgroup[swp_offset(e)];
}

/** mem_cgroup_swapin_charge_folio() - see memcontrol.h. */
int mem_cgroup_swapin_charge_folio(struct machine *m, struct page *page,
				   struct mm_struct *mm, unsigned long entry)
{
	struct mem_cgroup *memcg = swap_cgroup_lookup(m, entry);

	if (!m->zone.memcg_data)
		return 0;
	if (!memcg)
		memcg = get_mem_cgroup_from_mm(m, mm);
	return charge_memcg(m, page, memcg);
}

/*
 * uncharge_one - the page or swap slot whose owner @slot records goes:
 * one page off that group's memory (@swap: swap) counter, and the
 * reference the charge held. The root group counts nothing.
 */
static void uncharge_one(struct mem_cgroup **slot, bool swap)
{
	struct mem_cgroup *memcg = *slot;

	if (!memcg)
		return;
	*slot = NULL;
	if (!mem_cgroup_is_root(memcg))
		page_counter_uncharge(swap ? &memcg->swap : &memcg->memory, 1);
	css_put(memcg);
}

/** mem_cgroup_uncharge() - see memcontrol.h. */
void mem_cgroup_uncharge(struct zone *zone, unsigned long pfn)
{
	if (zone->memcg_data)
		uncharge_one(&zone->memcg_data[pfn], false);
}

/** mem_cgroup_get_nr_swap_pages() - see memcontrol.h. */
unsigned long mem_cgroup_get_nr_swap_pages(struct machine *m,
					   struct mem_cgroup *memcg)
{
	unsigned long nr = nr_swap_pages(m);

	for (; memcg && !mem_cgroup_is_root(memcg); memcg = parent_mem_cgroup(memcg)) {
		unsigned long room = memcg->swap.usage < memcg->swap.max ?
				     memcg->swap.max - memcg->swap.usage : 0;

		if (room < nr)
			nr = room;
	}
	return nr;
}

/** mem_cgroup_may_swap() - see memcontrol.h. */
bool mem_cgroup_may_swap(struct machine *m, struct page *page)
{
	struct mem_cgroup *memcg = folio_memcg(&m->zone, page);

	if (!memcg || mem_cgroup_is_root(memcg))
		return true;
	for (struct page_counter *c = &memcg->swap; c; c = c->parent)
		if (c->usage >= c->max)
			return false;
	return true;
}

/** __mem_cgroup_try_charge_swap() - see memcontrol.h. */
int __mem_cgroup_try_charge_swap(struct machine *m, struct page *page,
				 unsigned long entry)
{
	struct mem_cgroup *memcg = folio_memcg(&m->zone, page);
	struct swap_info_struct *si = m->swap;
	struct page_counter *fail;
	swp_entry_t e = { entry };

	if (!memcg || !si || !si->swap_cgroup)
		return 0;
	if (!mem_cgroup_is_root(memcg) &&
	    !page_counter_try_charge(&memcg->swap, 1, &fail)) {
		/* As __mem_cgroup_try_charge_swap(): both on the page's group. */
		memcg_memory_event(memcg, MEMCG_SWAP_MAX);
		memcg_memory_event(memcg, MEMCG_SWAP_FAIL);
		return -ENOMEM;
	}
	si->swap_cgroup[swp_offset(e)] = memcg;
	css_get(memcg);
	return 0;
}

/** __mem_cgroup_uncharge_swap() - see memcontrol.h. */
void __mem_cgroup_uncharge_swap(struct swap_info_struct *si, unsigned long off)
{
	if (si->swap_cgroup)
		uncharge_one(&si->swap_cgroup[off], true);
}

/** count_memcg_page_event() - see memcontrol.h. */
void count_memcg_page_event(struct machine *m, const struct page *page,
			    enum memcg_event_item idx)
{
	struct mem_cgroup *memcg = folio_memcg(&m->zone, page);

	if (memcg)
		memcg->events[idx]++;
}

/** count_memcg_event_mm() - see memcontrol.h. */
void count_memcg_event_mm(struct mm_struct *mm, enum memcg_event_item idx)
{
	struct machine *m = mm->machine;

	if (m->root_mem_cgroup)
		get_mem_cgroup_from_mm(m, mm)->events[idx]++;
}

/* ---- reclaim ---- */

/*
 * mem_cgroup_protected - is @memcg, below the reclaim's @target, within
 * its memory.min (*@low false) or memory.low (*@low true), or below an
 * ancestor that is (mem_cgroup_calculate_protection(), without the
 * proportional share of an overcommitted parent's protection)? The
 * target's own protection does not count.
 */
static bool mem_cgroup_protected(struct mem_cgroup *target,
				 struct mem_cgroup *memcg, bool *low)
{
	bool found = false;

	*low = false;
	for (; memcg && memcg != target; memcg = parent_mem_cgroup(memcg)) {
		if (memcg->memory.usage <= memcg->memory.min) {
			*low = false;
			return true;
		}
		if (memcg->memory.usage <= memcg->memory.low) {
			*low = true;
			found = true;
		}
	}
	return found;
}

/** mem_cgroup_below_min() - see memcontrol.h. */
bool mem_cgroup_below_min(struct mem_cgroup *target, struct mem_cgroup *memcg)
{
	bool low;

	return mem_cgroup_protected(target, memcg, &low) && !low;
}

/** mem_cgroup_below_low() - see memcontrol.h. */
bool mem_cgroup_below_low(struct mem_cgroup *target, struct mem_cgroup *memcg)
{
	bool low;

	return mem_cgroup_protected(target, memcg, &low) && low;
}

/** mem_cgroup_iter() - see memcontrol.h (css_next_descendant_pre()). */
struct mem_cgroup *mem_cgroup_iter(struct mem_cgroup *root,
				   struct mem_cgroup *prev)
{
	struct cgroup *pos, *top = root->css.cgroup;

	if (!prev)
		return root;
	pos = prev->css.cgroup;
	if (!list_empty(&pos->children))
		return list_first_entry(&pos->children, struct cgroup, sibling)->memcg;
	while (pos != top) {
		if (pos->sibling.next != &pos->parent->children)
			return list_entry(pos->sibling.next, struct cgroup,
					  sibling)->memcg;
		pos = pos->parent;
	}
	return NULL;
}

/** count_memcg_lruvec_events() - see memcontrol.h. */
void count_memcg_lruvec_events(struct lruvec *lruvec,
			       enum memcg_event_item idx, unsigned long nr)
{
	if (lruvec->memcg)
		lruvec->memcg->events[idx] += nr;
}

static void handle_over_high(struct machine *m, struct cgroup *cgrp)
{
	struct mem_cgroup *memcg = cgrp->memcg;
	struct cgroup *child;

	list_for_each_entry(child, &cgrp->children, sibling)
		handle_over_high(m, child);
	/*
	 * Page-cache charges went over memory.max (mem_cgroup_charge_cache()):
	 * down to it now, reclaim and then OOM kills, as a write of
	 * memory.max does.
	 */
	if (cgrp->parent && memcg->memory.usage > memcg->memory.max)
		mem_cgroup_set(m, memcg, MEMCG_FILE_MAX, memcg->memory.max);
	if (cgrp->parent && memcg->memory.usage > memcg->memory.high) {
		memcg_memory_event(memcg, MEMCG_HIGH);
		try_to_free_mem_cgroup_pages(m, memcg,
					     memcg->memory.usage - memcg->memory.high,
					     GFP_KERNEL, true);
	}
}

/** mem_cgroup_handle_over_high() - see memcontrol.h. */
void mem_cgroup_handle_over_high(struct machine *m)
{
	m->memcg_oom = NULL;
	m->memcg_oom_none = NULL;
	if (m->cgrp_root && !list_empty(&m->cgrp_root->children))
		handle_over_high(m, m->cgrp_root);
}

/* ---- views ---- */

/** mem_cgroup_page_state() - see memcontrol.h. Read lock suffices. */
void mem_cgroup_page_state(struct machine *m, const struct mem_cgroup *memcg,
			   unsigned long out[MS_NR_ITEMS])
{
	memset(out, 0, MS_NR_ITEMS * sizeof(out[0]));
	for (unsigned long pfn = 0; pfn < m->zone.nr_pages; pfn++) {
		struct mem_cgroup *owner = m->zone.memcg_data ?
					   m->zone.memcg_data[pfn] : NULL;
		struct page *page = &m->zone.mem_map[pfn];

		if (!owner || !mem_cgroup_is_descendant(owner, memcg))
			continue;
		if (page->page_type == PGTY_table) {
			out[MS_PAGETABLES]++;
			out[MS_KERNEL]++;
			continue;
		}
		if (PageAnon(page) && page_mapped(page))
			out[MS_ANON]++;
		if (PageSwapCache(page)) {
			out[MS_SWAPCACHED]++;
			out[MS_FILE]++;
		} else if (page->mapping && !PageAnon(page)) {
			out[MS_FILE]++;
			if (PageSwapBacked(page))
				out[MS_SHMEM]++;
			if (page_mapped(page))
				out[MS_FILE_MAPPED]++;
			if (PageDirty(page) && !PageSwapBacked(page))
				out[MS_FILE_DIRTY]++;
			if (PageWriteback(page))
				out[MS_FILE_WRITEBACK]++;
		}
		if (!PageLRU(page))
			continue;
		if (PageUnevictable(page))
			out[MS_UNEVICTABLE]++;
		else if (!PageSwapBacked(page))
			out[PageActive(page) ? MS_ACTIVE_FILE : MS_INACTIVE_FILE]++;
		else
			out[PageActive(page) ? MS_ACTIVE_ANON : MS_INACTIVE_ANON]++;
	}
}

static unsigned long subtree_events(const struct cgroup *cgrp,
				    enum memcg_event_item idx)
{
	unsigned long sum = cgrp->memcg->events[idx];
	const struct cgroup *child;

	list_for_each_entry(child, &cgrp->children, sibling)
		sum += subtree_events(child, idx);
	return sum;
}

/** memcg_events() - see memcontrol.h. Read lock suffices. */
unsigned long memcg_events(const struct mem_cgroup *memcg,
			   enum memcg_event_item idx)
{
	return subtree_events(memcg->css.cgroup, idx);
}

/* ---- check ---- */

/* One group's recount: frames and slots charged to it, and below it. */
struct memcg_count {
	const struct mem_cgroup *memcg;
	unsigned long own_pages, pages, own_slots, slots, tasks;
};

static void count_groups(struct cgroup *cgrp, struct memcg_count *counts,
			 size_t *nr, size_t max)
{
	struct cgroup *child;

	if (*nr < max)
		counts[(*nr)++].memcg = cgrp->memcg;
	list_for_each_entry(child, &cgrp->children, sibling)
		count_groups(child, counts, nr, max);
}

static struct memcg_count *find_count(struct memcg_count *counts, size_t nr,
				      const struct mem_cgroup *memcg)
{
	for (size_t i = 0; i < nr; i++)
		if (counts[i].memcg == memcg)
			return &counts[i];
	return NULL;
}

/*
 * recount - one more frame (@slot false) or swap slot charged to @owner:
 * its own count and its ancestors' subtree counts. Return: false when
 * @owner is not in the tree.
 */
static bool recount(struct memcg_count *counts, size_t nr,
		    const struct mem_cgroup *owner, bool slot)
{
	struct memcg_count *c = find_count(counts, nr, owner);

	if (!c)
		return false;
	if (slot)
		c->own_slots++;
	else
		c->own_pages++;
	for (const struct mem_cgroup *g = owner; g; g = parent_mem_cgroup(g)) {
		c = find_count(counts, nr, g);
		if (!c)
			return false;
		if (slot)
			c->slots++;
		else
			c->pages++;
	}
	return true;
}

/** mem_cgroup_check() - see memcontrol.h. Read lock suffices. */
void mem_cgroup_check(struct machine *m,
		      void (*problem)(void *ctx, const char *fmt, ...),
		      void *ctx)
{
	struct swap_info_struct *si = m->swap;
	struct memcg_count *counts;
	size_t nr = 0, max = 4096;
	struct task_struct *t;
	char path[256];

	if (!m->cgrp_root || !m->zone.memcg_data)
		return;
	counts = calloc(max, sizeof(*counts));
	if (!counts)
		return;
	count_groups(m->cgrp_root, counts, &nr, max);
	for (unsigned long pfn = 0; pfn < m->zone.nr_pages; pfn++) {
		const struct mem_cgroup *owner = m->zone.memcg_data[pfn];

		if (!owner)
			continue;
		if (PageBuddy(&m->zone.mem_map[pfn]))
			problem(ctx, "memcg: free frame %lu is still charged", pfn);
		if (!recount(counts, nr, owner, false))
			problem(ctx, "memcg: frame %lu is charged to a group not in the tree",
				pfn);
	}
	for (unsigned long off = 0; si && si->swap_cgroup && off < si->max; off++) {
		const struct mem_cgroup *owner = si->swap_cgroup[off];

		if (!owner)
			continue;
		if (!si->swap_map[off])
			problem(ctx, "memcg: free swap slot %lu is still charged", off);
		if (!recount(counts, nr, owner, true))
			problem(ctx, "memcg: swap slot %lu is charged to a group not in the tree",
				off);
	}
	/* Kernel threads are on no task list: by PID. */
	for (t = next_task_by_pid(m, 1); t; t = next_task_by_pid(m, t->pid + 1)) {
		struct memcg_count *c;

		if (!t->cgroup)
			continue;
		c = find_count(counts, nr, t->cgroup->memcg);
		if (c)
			c->tasks++;
		else
			problem(ctx, "task %d is in a group not in the tree", (int)t->pid);
	}
	for (size_t i = 0; i < nr; i++) {
		const struct memcg_count *c = &counts[i];
		const struct mem_cgroup *g = c->memcg;
		/* The root is charged only through its children. */
		bool root = mem_cgroup_is_root(g);
		unsigned long pages = root ? c->pages - c->own_pages : c->pages;
		unsigned long slots = root ? c->slots - c->own_slots : c->slots;

		cgroup_path(g->css.cgroup, path, sizeof(path));
		if (g->memory.usage != pages)
			problem(ctx, "memcg %s: memory usage %lu pages, %lu frames charged",
				path, g->memory.usage, pages);
		if (g->swap.usage != slots)
			problem(ctx, "memcg %s: swap usage %lu pages, %lu slots charged",
				path, g->swap.usage, slots);
		if (g->memory.watermark < g->memory.usage)
			problem(ctx, "memcg %s: memory.peak %lu below usage %lu",
				path, g->memory.watermark, g->memory.usage);
		if (g->css.refcnt != (long)(c->own_pages + c->own_slots + 1))
			problem(ctx, "memcg %s: css refcount %ld, %lu charges + 1",
				path, g->css.refcnt, c->own_pages + c->own_slots);
		if (g->css.cgroup->nr_tasks != c->tasks)
			problem(ctx, "cgroup %s: nr_tasks %lu, %lu tasks in it",
				path, g->css.cgroup->nr_tasks, c->tasks);
	}
	free(counts);
}
