/*
 * debug.c - the invariant checker, in the spirit of CONFIG_DEBUG_VM
 * (mm/debug.c, validate_mm() in mm/mmap.c, the VM_BUG_ONs of mm/rmap.c).
 *
 * mm_check_machine() recounts everything the engine keeps incrementally,
 * from first principles, and lists every disagreement:
 *  - tasks: the list is sorted by PID, parents and children agree, live
 *    tasks own one mm each, zombies own none;
 *  - VMAs: each mm's list is sorted and non-overlapping with consistent
 *    vm_prev links, map_count and highest_vm_end match it, the rbtree holds
 *    exactly the list's VMAs in order, is a valid red-black tree, and
 *    every node's rb_subtree_gap is right; total/data/exec/stack/locked_vm
 *    match the VMAs;
 *  - page tables: walked directly (not through the page walker under
 *    test); every table frame is a PageTable frame reached exactly once,
 *    pgtables_bytes counts the pud/pmd/pte tables, every mapped PTE lies
 *    in a VMA that allows it, anon pages carry the index and anon_vma rmap
 *    needs, file and shmem pages sit in their object's cache at their
 *    index;
 *  - frames: each is free exactly once in the buddy lists or in use, never
 *    both or neither; _mapcount + 1 equals the PTEs that map it;
 *    _refcount equals those PTEs plus its page-cache reference (tables and
 *    the zero page hold their allocation reference); RSS counters and the
 *    machine's vm_stat counters match the recount; rmap_walk() finds
 *    exactly the PTEs that map each page;
 *  - LRU lists: every page on a list has PG_lru and the flags of that
 *    list, each list's count is its length, the node's counters are the
 *    sums, and every PG_lru frame is on exactly one list;
 *  - swap: each slot's swap_map counts the swap PTEs and shmem objects'
 *    swap entries that hold it, its
 *    SWAP_HAS_CACHE bit the page in the swap cache, inuse_pages and the
 *    clusters' counts and lists the used slots, SwapCached the cache;
 *  - slabs: every slab's frames are marked and counted in its cache, the
 *    partial lists hold exactly the slabs with free objects (and empty
 *    ones), NR_SLAB_*_B match, and each cache has as many objects in use
 *    as the engine holds tasks, mms, VMAs, anon_vmas and chains;
 *  - reverse-map structures: every anon_vma_chain is in its anon_vma's
 *    interval tree and every tree node is some VMA's chain; every shared
 *    file VMA is in its object's i_mmap; the augmented "last" values are
 *    right;
 *  - page caches: every inode's xarray holds pages that point back at it
 *    at their index, nrpages and the dirty tags agree with the pages,
 *    NR_FILE_PAGES / NR_SHMEM / NR_FILE_DIRTY match, nothing is left
 *    under writeback between commands; fd tables hold live files.
 *
 * The checker only reads. It guards every list walk against cycles so a
 * corrupted structure is reported rather than followed forever.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "exec.h"
#include "mm.h"
#include "tlb.h"
#include "swap.h"
#include "pagemap.h"

#define MAX_REPORT_LINES	50
/* No list in a consistent machine is longer than this. */
#define WALK_LIMIT		(1L << 24)
#define RB_MAX_DEPTH		128
/* pgd entries at and above this index map the kernel half. */
#define USER_PGD_ENTRIES	256

/* What the recount found for one frame. */
struct frame_count {
	int ptes;		/* PTEs mapping it, over every mm */
	uint8_t free;		/* times found on the buddy free lists */
	uint8_t tables;		/* times reached as a page-table frame */
	uint8_t cache;		/* times found in a page cache */
	uint8_t swapcache;	/* times found in the swap cache */
};

/* A growable array of pointers, kept sorted for bsearch once built. */
struct ptr_set {
	const void **v;
	size_t n, cap;
};

struct checker {
	struct machine *m;
	struct zone *zone;
	struct frame_count *frames;
	struct ptr_set vmas;		/* every VMA of every live mm */
	struct ptr_set anon_vmas;	/* every anon_vma some VMA links to */
	struct ptr_set mappings;	/* every address_space a VMA maps */
	struct ptr_set files;		/* every file a VMA maps */
	long zero_ptes;
	long nr_tables;
	unsigned int *swap_ptes;	/* per swap slot: PTEs holding it */
	bool rmap_sane;			/* rmap structures fit for rmap_walk */
	/* the report */
	char *buf;
	size_t len, cap;
	int lines, dropped;
	bool nomem;
};

static void problem(struct checker *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct checker *c, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	size_t n;

	if (c->lines >= MAX_REPORT_LINES) {
		c->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	n = strlen(line);
	if (c->len + n + 2 > c->cap) {
		size_t cap = (c->cap ? c->cap * 2 : 1024) + n + 2;
		char *buf = realloc(c->buf, cap);

		if (!buf) {
			c->nomem = true;
			c->lines++;
			return;
		}
		c->buf = buf;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, line, n);
	c->len += n;
	c->buf[c->len++] = '\n';
	c->buf[c->len] = '\0';
	c->lines++;
}

static bool set_add(struct checker *c, struct ptr_set *s, const void *p)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		const void **v = realloc(s->v, cap * sizeof(*v));

		if (!v) {
			c->nomem = true;
			return false;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = p;
	return true;
}

static int ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a;
	uintptr_t y = (uintptr_t)*(const void *const *)b;

	return x < y ? -1 : x > y;
}

/* Sort and drop duplicates. */
static void set_finish(struct ptr_set *s)
{
	size_t j = 0;

	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(*s->v), ptr_cmp);
	for (size_t i = 1; i < s->n; i++)
		if (s->v[i] != s->v[j])
			s->v[++j] = s->v[i];
	s->n = j + 1;
}

/* How many times @p occurs in @s, sorted (with duplicates) by set_sort(). */
static size_t set_count(const struct ptr_set *s, const void *p)
{
	size_t lo = 0, hi = s->n, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((uintptr_t)s->v[mid] < (uintptr_t)p)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < s->n && s->v[lo + n] == p)
		n++;
	return n;
}

static void set_sort(struct ptr_set *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), ptr_cmp);
}

static bool set_has(const struct ptr_set *s, const void *p)
{
	return s->n && bsearch(&p, s->v, s->n, sizeof(*s->v), ptr_cmp);
}

static const void *task_mm(const struct task_struct *t) { return t->mm; }

/* kthreads_of - the kernel threads (on no task list) into @k; how many. */
static int kthreads_of(const struct machine *m, struct task_struct *k[2])
{
	int n = 0;

	if (m->kthreadd)
		k[n++] = m->kthreadd;
	if (m->kswapd)
		k[n++] = m->kswapd;
	return n;
}
static const void *task_files(const struct task_struct *t) { return t->files; }

/*
 * held_earlier - does a task before @t on the task list hold what @held
 * gives for @t (its mm, its fd table)? A shared object is checked with
 * its first holder only.
 */
static bool held_earlier(struct machine *m, const struct task_struct *t,
			 const void *(*held)(const struct task_struct *))
{
	const void *obj = held(t);
	struct task_struct *u;

	for_each_task(m, u) {
		if (u == t)
			return false;
		if (held(u) == obj)
			return true;
	}
	return false;
}

/*
 * check_thread - @t's place in its thread group: its leader leads the
 * same group and gives it its tgid; a thread shares the leader's mm (while
 * both live), sighand and parent, and is on the group's thread list,
 * whose length is nr_threads.
 */
static void check_thread(struct checker *c, struct task_struct *t)
{
	struct task_struct *leader = t->group_leader, *u;
	long n = 0;
	bool listed = false;

	if (!leader || leader->signal != t->signal ||
	    !thread_group_leader(leader)) {
		problem(c, "pid %d: its group leader leads another group",
			t->pid);
		return;
	}
	if (t->tgid != leader->pid)
		problem(c, "pid %d: tgid %d but its leader is %d", t->pid,
			t->tgid, leader->pid);
	if (t != leader) {
		if (t->mm && leader->mm && t->mm != leader->mm)
			problem(c, "pid %d: a thread with an mm of its own",
				t->pid);
		if (t->sighand != leader->sighand)
			problem(c, "pid %d: a thread with signal handlers of "
				"its own", t->pid);
		if (t->real_parent != leader->real_parent)
			problem(c, "pid %d: a thread whose parent is not its "
				"group's", t->pid);
		if (t->sibling.next != &t->sibling)
			problem(c, "pid %d: a thread on a children list",
				t->pid);
		if (leader->state == EXIT_DEAD)
			problem(c, "pid %d: its leader was released", t->pid);
	}
	for_each_thread(t, u) {
		if (++n > WALK_LIMIT) {
			problem(c, "pid %d: thread list does not end", t->pid);
			return;
		}
		listed |= u == t;
		if (n == 1 && u != leader)
			problem(c, "pid %d: the leader is not first on the "
				"thread list", t->pid);
	}
	if (!listed)
		problem(c, "pid %d: not on its group's thread list", t->pid);
	if (n != t->signal->nr_threads)
		problem(c, "pid %d: %ld threads listed, nr_threads %d", t->pid,
			n, t->signal->nr_threads);
}

/* ---- tasks ---- */

static bool task_alive(const struct task_struct *t)
{
	return t->state == TASK_RUNNING || t->state == TASK_SLEEPING;
}

static void check_tasks(struct checker *c)
{
	struct machine *m = c->m;
	struct task_struct *t, *child;
	struct ptr_set mms = { 0 }, sigs = { 0 }, sighands = { 0 };
	struct ptr_set tables = { 0 };
	unsigned long nr = 0;
	pid_t last = 0;

	if (!m->init_task || m->init_task->pid != 1 ||
	    !task_alive(m->init_task))
		problem(c, "PID 1 is missing or not running");
	for_each_task(m, t) {
		long children = 0;

		if (++nr > (unsigned long)WALK_LIMIT) {
			problem(c, "task list does not end");
			break;
		}
		if (t->pid <= 0 || t->pid >= PID_MAX_DEFAULT)
			problem(c, "pid %d is outside 1..pid_max-1", t->pid);
		else if (find_task_by_pid_any(m, t->pid) != t)
			problem(c, "pid %d: the PID index maps it to another task",
				t->pid);
		if (t->machine != m)
			problem(c, "pid %d: task of another machine", t->pid);
		if (task_alive(t) && !t->mm)
			problem(c, "pid %d: running without an mm", t->pid);
		if (!task_alive(t) && t->mm)
			problem(c, "pid %d: exited but still has an mm", t->pid);
		if (t->state != TASK_RUNNING && t->state != TASK_SLEEPING &&
		    t->state != EXIT_ZOMBIE)
			problem(c, "pid %d: dead task still listed", t->pid);
		if (t->mm) {
			if (t->mm->machine != m)
				problem(c, "pid %d: mm of another machine",
					t->pid);
			if (t->mm->mm_users < 1)
				problem(c, "pid %d: mm_users %d", t->pid,
					t->mm->mm_users);
			set_add(c, &mms, t->mm);
		}
		check_thread(c, t);
		set_add(c, &sigs, t->signal);
		set_add(c, &sighands, t->sighand);
		if (t->files)
			set_add(c, &tables, t->files);
		if (!thread_group_leader(t)) {
			/* A thread is on no children list; its group's
			 * parent is the leader's (checked with the leader). */
		} else if (t == m->init_task) {
			if (t->real_parent)
				problem(c, "PID 1 has a parent");
		} else if (!t->real_parent) {
			problem(c, "pid %d: no parent", t->pid);
		} else {
			if (!task_alive(t->real_parent))
				problem(c, "pid %d: parent %d has exited "
					"(should be reparented to 1)", t->pid,
					t->real_parent->pid);
			if (t->state == EXIT_ZOMBIE &&
			    t->real_parent == m->init_task)
				problem(c, "pid %d: zombie child of PID 1 not "
					"reaped", t->pid);
		}
		list_for_each_entry(child, &t->children, sibling) {
			if (++children > WALK_LIMIT) {
				problem(c, "pid %d: children list does not "
					"end", t->pid);
				break;
			}
			if (child->real_parent != t)
				problem(c, "pid %d is on %d's children list "
					"but its parent is %d", child->pid,
					t->pid, child->real_parent ?
					child->real_parent->pid : 0);
		}
	}
	{
		struct task_struct *k[2];
		int nk = kthreads_of(m, k);

		/* The kernel threads count too: in nr_tasks, the PID index. */
		for (int i = 0; i < nk; i++) {
			if (k[i]->mm || !(k[i]->flags & PF_KTHREAD) ||
			    find_task_by_pid(m, k[i]->pid) != k[i])
				problem(c, "kernel thread %s: mm, flags or "
					"PID wrong", k[i]->comm);
			/* It borrows an mm only while it runs. */
			if (k[i]->active_mm &&
			    cpu_curr_between(m, k[i]->cpu) != k[i])
				problem(c, "kernel thread %s: asleep with an "
					"active_mm", k[i]->comm);
			nr++;
		}
	}
	if (nr != m->nr_tasks)
		problem(c, "nr_tasks is %lu but %lu tasks are listed",
			m->nr_tasks, nr);
	/* Every PID in the index belongs to a listed task, in PID order. */
	{
		unsigned long indexed = 0;

		for (t = next_task_by_pid(m, 1); t && indexed <= nr;
		     t = next_task_by_pid(m, t->pid + 1)) {
			indexed++;
			if (t->pid <= last)
				problem(c, "PID index out of order: %d after %d",
					t->pid, last);
			last = t->pid;
		}
		if (indexed != nr || m->pids.count != nr)
			problem(c, "the PID index holds %lu PIDs (%lu walked) "
				"for %lu tasks", m->pids.count, indexed, nr);
	}
	/* Each shared object counts the tasks that hold it. */
	set_sort(&mms);
	set_sort(&sigs);
	set_sort(&sighands);
	set_sort(&tables);
	for_each_task(m, t) {
		if (t->mm && set_count(&mms, t->mm) != (size_t)t->mm->mm_users)
			problem(c, "pid %d: mm_users %d but %zu tasks use the "
				"mm", t->pid, t->mm->mm_users,
				set_count(&mms, t->mm));
		if (set_count(&sigs, t->signal) != (size_t)t->signal->sigcnt ||
		    t->signal->sigcnt != t->signal->nr_threads)
			problem(c, "pid %d: signal_struct held by %zu tasks, "
				"sigcnt %d, nr_threads %d", t->pid,
				set_count(&sigs, t->signal), t->signal->sigcnt,
				t->signal->nr_threads);
		if (set_count(&sighands, t->sighand) !=
		    (size_t)t->sighand->count)
			problem(c, "pid %d: sighand held by %zu tasks, count "
				"%d", t->pid, set_count(&sighands, t->sighand),
				t->sighand->count);
		if (t->files && set_count(&tables, t->files) !=
		    (size_t)t->files->count)
			problem(c, "pid %d: fd table held by %zu tasks, count "
				"%d", t->pid, set_count(&tables, t->files),
				t->files->count);
	}
	free(mms.v);
	free(sigs.v);
	free(sighands.v);
	free(tables.v);
}

/* ---- the buddy allocator ---- */

static void check_buddy(struct checker *c)
{
	struct zone *zone = c->zone;
	unsigned long total = 0;

	for (unsigned int order = 0; order < NR_ORDERS; order++) {
		struct list_head *pos;
		unsigned long n = 0;

		list_for_each(pos, &zone->free_area[order]) {
			struct page *page = list_entry(pos, struct page, lru);
			unsigned long pfn, i;

			if (++n > zone->nr_pages) {
				problem(c, "free_area[%u] does not end", order);
				break;
			}
			if (page < zone->mem_map ||
			    page >= zone->mem_map + zone->nr_pages) {
				problem(c, "free_area[%u] holds a page outside "
					"mem_map", order);
				break;
			}
			pfn = page_to_pfn(zone, page);
			if (pfn & ((1UL << order) - 1))
				problem(c, "free block at pfn %lu is not "
					"aligned to order %u", pfn, order);
			if (pfn + (1UL << order) > zone->nr_pages) {
				problem(c, "free block at pfn %lu order %u "
					"runs past the end of memory", pfn,
					order);
				continue;
			}
			if (!PageBuddy(page) || page->private != order)
				problem(c, "free block at pfn %lu on "
					"free_area[%u] is not marked buddy of "
					"that order", pfn, order);
			for (i = 0; i < (1UL << order); i++) {
				struct page *p = page + i;
				struct frame_count *f = &c->frames[pfn + i];

				if (f->free < 255)
					f->free++;
				if (i && p->page_type != PGTY_NONE)
					problem(c, "pfn %lu inside a free block "
						"has a page type", pfn + i);
				if (p->_refcount || p->_mapcount != -1 ||
				    p->mapping)
					problem(c, "free pfn %lu has _refcount "
						"%d _mapcount %d mapping %s",
						pfn + i, p->_refcount,
						p->_mapcount,
						p->mapping ? "set" : "NULL");
				if (p->virtual)
					problem(c, "free pfn %lu still holds "
						"contents", pfn + i);
			}
		}
		if (n != zone->nr_free[order])
			problem(c, "free_area[%u] holds %lu blocks, nr_free "
				"says %lu", order, n, zone->nr_free[order]);
		total += n << order;
	}
	if (total != zone->free_pages)
		problem(c, "free lists hold %lu frames, free_pages says %lu",
			total, zone->free_pages);
}

/* ---- VMAs: list, rbtree, counters ---- */

/*
 * vma_compute_gap(): the free space below @vma that mmap may use.
 *
 * This, and is_exec/stack/data_mapping() below, repeat mmap.c's helpers
 * on purpose: the checker recounts from first principles with its own
 * code (see the top of this file), so a bug in the engine's version is
 * caught rather than shared. Keep them independent.
 */
static unsigned long vma_compute_gap(const struct vm_area_struct *vma)
{
	unsigned long gap = vm_start_gap(vma);

	if (vma->vm_prev) {
		unsigned long prev_end = vma->vm_prev->vm_end;

		gap = gap > prev_end ? gap - prev_end : 0;
	}
	return gap;
}

struct rb_walk {
	struct checker *c;
	pid_t pid;
	const char *what;
	long nodes;
	bool broken;
};

/*
 * Red-black and parent-pointer checks on the subtree at @node. Returns
 * its black height, or -1 once something is broken.
 */
static int rb_check(struct rb_walk *w, const struct rb_node *node,
		    const struct rb_node *parent, int depth)
{
	int lh, rh;
	bool red;

	if (!node)
		return 1;
	if (depth > RB_MAX_DEPTH || ++w->nodes > WALK_LIMIT) {
		problem(w->c, "pid %d: %s is too deep or cyclic", w->pid,
			w->what);
		w->broken = true;
		return -1;
	}
	if (rb_parent(node) != parent) {
		problem(w->c, "pid %d: %s node has a wrong parent pointer",
			w->pid, w->what);
		w->broken = true;
		return -1;
	}
	red = (node->__rb_parent_color & 1) == RB_RED;
	if (red && parent && (parent->__rb_parent_color & 1) == RB_RED) {
		problem(w->c, "pid %d: %s has a red node under a red node",
			w->pid, w->what);
		w->broken = true;
	}
	if (!parent && red) {
		problem(w->c, "pid %d: %s root is red", w->pid, w->what);
		w->broken = true;
	}
	lh = rb_check(w, node->rb_left, node, depth + 1);
	if (lh < 0)
		return -1;
	rh = rb_check(w, node->rb_right, node, depth + 1);
	if (rh < 0)
		return -1;
	if (lh != rh) {
		problem(w->c, "pid %d: %s black heights differ", w->pid,
			w->what);
		w->broken = true;
		return -1;
	}
	return lh + (red ? 0 : 1);
}

/* Largest rb_subtree_gap of @node's subtree, checking each node's value. */
static unsigned long check_subtree_gap(struct checker *c, pid_t pid,
				       const struct rb_node *node)
{
	const struct vm_area_struct *vma;
	unsigned long max, sub;

	if (!node)
		return 0;
	vma = rb_entry(node, struct vm_area_struct, vm_rb);
	max = vma_compute_gap(vma);
	sub = check_subtree_gap(c, pid, node->rb_left);
	if (sub > max)
		max = sub;
	sub = check_subtree_gap(c, pid, node->rb_right);
	if (sub > max)
		max = sub;
	if (vma->rb_subtree_gap != max)
		problem(c, "pid %d: vma 0x%lx-0x%lx: rb_subtree_gap 0x%lx, "
			"should be 0x%lx", pid, vma->vm_start, vma->vm_end,
			vma->rb_subtree_gap, max);
	return max;
}

static bool is_exec_mapping(unsigned long flags)
{
	return (flags & (VM_EXEC | VM_WRITE | VM_GROWSDOWN)) == VM_EXEC;
}

static bool is_stack_mapping(unsigned long flags)
{
	return (flags & VM_GROWSDOWN) == VM_GROWSDOWN;
}

static bool is_data_mapping(unsigned long flags)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) == VM_WRITE;
}

/*
 * The VMA list, tree and counters of one mm. Return: true when the list
 * is a sane sorted list that the page-table checks may follow.
 */
static bool check_vmas(struct checker *c, struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	struct vm_area_struct *vma, *prev = NULL;
	unsigned long total = 0, data = 0, exec = 0, stack = 0, locked = 0;
	struct rb_walk w = { .c = c, .pid = t->pid, .what = "mm_rb" };
	struct rb_node *nd;
	bool sane = true;
	long n = 0;

	for (vma = mm->mmap; vma; prev = vma, vma = vma->vm_next) {
		unsigned long pages;

		if (n++ > (long)mm->map_count + c->m->cfg.max_map_count) {
			problem(c, "pid %d: VMA list does not end", t->pid);
			return false;
		}
		if (vma->vm_prev != prev) {
			problem(c, "pid %d: vma 0x%lx-0x%lx: vm_prev is wrong",
				t->pid, vma->vm_start, vma->vm_end);
			sane = false;
		}
		if (vma->vm_mm != mm)
			problem(c, "pid %d: vma 0x%lx-0x%lx belongs to another "
				"mm", t->pid, vma->vm_start, vma->vm_end);
		if (vma->vm_start >= vma->vm_end ||
		    !PAGE_ALIGNED(vma->vm_start) || !PAGE_ALIGNED(vma->vm_end) ||
		    vma->vm_end > mm->task_size) {
			problem(c, "pid %d: vma 0x%lx-0x%lx has a bad range",
				t->pid, vma->vm_start, vma->vm_end);
			sane = false;
		}
		if (prev && prev->vm_end > vma->vm_start) {
			problem(c, "pid %d: vma 0x%lx-0x%lx overlaps or precedes "
				"0x%lx-0x%lx", t->pid, vma->vm_start,
				vma->vm_end, prev->vm_start, prev->vm_end);
			sane = false;
		}
		if ((vma->vm_flags & VM_SOFTDIRTY) && !c->m->cfg.soft_dirty)
			problem(c, "pid %d: vma 0x%lx-0x%lx has VM_SOFTDIRTY "
				"with soft-dirty off", t->pid, vma->vm_start,
				vma->vm_end);
		if ((vma->vm_flags & VM_SHARED) && !vma->vm_file)
			problem(c, "pid %d: vma 0x%lx-0x%lx: VM_SHARED without "
				"a file", t->pid, vma->vm_start, vma->vm_end);
		/* Only a special mapping ([vdso]...) has vm_ops and no file. */
		if (!vma->vm_file != !vma->vm_ops && !special_mapping_name(vma))
			problem(c, "pid %d: vma 0x%lx-0x%lx: vm_file and vm_ops "
				"disagree", t->pid, vma->vm_start, vma->vm_end);
		if (vma->vm_page_prot.pgprot != vma_page_prot(vma).pgprot)
			problem(c, "pid %d: vma 0x%lx-0x%lx: vm_page_prot 0x%llx "
				"does not match its flags (0x%llx)", t->pid,
				vma->vm_start, vma->vm_end,
				(unsigned long long)vma->vm_page_prot.pgprot,
				(unsigned long long)vma_page_prot(vma).pgprot);
		set_add(c, &c->vmas, vma);
		pages = vma_pages(vma);
		total += pages;
		if (is_exec_mapping(vma->vm_flags))
			exec += pages;
		else if (is_stack_mapping(vma->vm_flags))
			stack += pages;
		else if (is_data_mapping(vma->vm_flags))
			data += pages;
		if (vma->vm_flags & VM_LOCKED)
			locked += pages;
	}
	if (n != mm->map_count)
		problem(c, "pid %d: map_count %d but %ld VMAs listed", t->pid,
			mm->map_count, n);
	if (mm->highest_vm_end != (prev ? prev->vm_end : 0))
		problem(c, "pid %d: highest_vm_end 0x%lx, last VMA ends at "
			"0x%lx", t->pid, mm->highest_vm_end,
			prev ? prev->vm_end : 0);
	if (mm->total_vm != total || mm->data_vm != data ||
	    mm->exec_vm != exec || mm->stack_vm != stack)
		problem(c, "pid %d: total/data/exec/stack_vm %lu/%lu/%lu/%lu, "
			"VMAs give %lu/%lu/%lu/%lu", t->pid, mm->total_vm,
			mm->data_vm, mm->exec_vm, mm->stack_vm, total, data,
			exec, stack);
	if (mm->locked_vm != locked)
		problem(c, "pid %d: locked_vm %lu, VM_LOCKED VMAs hold %lu",
			t->pid, mm->locked_vm, locked);

	/* The tree: a valid rbtree holding the list's VMAs in order. */
	rb_check(&w, mm->mm_rb.rb_node, NULL, 0);
	if (w.broken)
		return sane;
	vma = mm->mmap;
	n = 0;
	for (nd = rb_first(&mm->mm_rb); nd; nd = rb_next(nd)) {
		struct vm_area_struct *tv = rb_entry(nd, struct vm_area_struct,
						     vm_rb);

		n++;
		if (tv != vma) {
			problem(c, "pid %d: mm_rb and the VMA list disagree at "
				"0x%lx-0x%lx", t->pid, tv->vm_start, tv->vm_end);
			return sane;
		}
		vma = vma->vm_next;
	}
	if (vma)
		problem(c, "pid %d: vma 0x%lx-0x%lx is listed but not in "
			"mm_rb", t->pid, vma->vm_start, vma->vm_end);
	else if (sane)
		check_subtree_gap(c, t->pid, mm->mm_rb.rb_node);
	return sane;
}

/* ---- anon_vma chains of one VMA ---- */

static void check_anon_chain(struct checker *c, struct task_struct *t,
			     struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc;
	bool own = false;
	long n = 0;

	if (vma->vm_file && (vma->vm_flags & VM_SHARED) &&
	    !list_empty(&vma->anon_vma_chain))
		problem(c, "pid %d: shared vma 0x%lx-0x%lx has anon_vmas",
			t->pid, vma->vm_start, vma->vm_end);
	list_for_each_entry(avc, &vma->anon_vma_chain, same_vma) {
		struct anon_vma_chain *it;
		unsigned long first = vma->vm_pgoff;
		unsigned long last = vma->vm_pgoff + vma_pages(vma) - 1;
		bool found = false;

		if (++n > WALK_LIMIT) {
			problem(c, "pid %d: anon_vma_chain of 0x%lx-0x%lx does "
				"not end", t->pid, vma->vm_start, vma->vm_end);
			c->rmap_sane = false;
			return;
		}
		if (avc->vma != vma) {
			problem(c, "pid %d: vma 0x%lx-0x%lx: anon_vma_chain "
				"entry points at another VMA", t->pid,
				vma->vm_start, vma->vm_end);
			c->rmap_sane = false;
			continue;
		}
		if (!avc->anon_vma) {
			problem(c, "pid %d: vma 0x%lx-0x%lx: anon_vma_chain "
				"entry without an anon_vma", t->pid,
				vma->vm_start, vma->vm_end);
			c->rmap_sane = false;
			continue;
		}
		set_add(c, &c->anon_vmas, avc->anon_vma);
		if (avc->anon_vma == vma->anon_vma)
			own = true;
		for (it = anon_vma_interval_tree_iter_first(
			     &avc->anon_vma->rb_root, first, last);
		     it; it = anon_vma_interval_tree_iter_next(it, first,
							       last))
			if (it == avc) {
				found = true;
				break;
			}
		if (!found) {
			problem(c, "pid %d: vma 0x%lx-0x%lx: anon_vma_chain is "
				"not in its anon_vma's interval tree", t->pid,
				vma->vm_start, vma->vm_end);
			c->rmap_sane = false;
		}
	}
	if (vma->anon_vma && !own) {
		problem(c, "pid %d: vma 0x%lx-0x%lx: its anon_vma is not on "
			"its anon_vma_chain", t->pid, vma->vm_start,
			vma->vm_end);
		c->rmap_sane = false;
	}
	if (!vma->anon_vma && n)
		problem(c, "pid %d: vma 0x%lx-0x%lx has anon_vma_chain entries "
			"but no anon_vma", t->pid, vma->vm_start, vma->vm_end);
}

/* ---- page tables of one mm ---- */

struct pt_walk {
	struct checker *c;
	struct task_struct *t;
	struct mm_struct *mm;
	struct vm_area_struct *cursor;	/* VMA cursor, NULL: no VMA checks */
	bool vma_checks;
	long anon, shmem, file, tables, swap;
};

static pteval_t *table_of(struct checker *c, unsigned long pfn)
{
	return c->zone->mem_map[pfn].virtual;
}

/* The VMA containing @addr, moving the cursor forward (walk is ordered). */
static struct vm_area_struct *vma_at(struct pt_walk *w, unsigned long addr)
{
	while (w->cursor && w->cursor->vm_end <= addr)
		w->cursor = w->cursor->vm_next;
	if (w->cursor && w->cursor->vm_start <= addr)
		return w->cursor;
	return NULL;
}

static bool vma_has_anon_vma(struct vm_area_struct *vma,
			     struct anon_vma *anon_vma)
{
	struct anon_vma_chain *avc;
	long n = 0;

	list_for_each_entry(avc, &vma->anon_vma_chain, same_vma) {
		if (avc->anon_vma == anon_vma)
			return true;
		if (++n > WALK_LIMIT)
			break;
	}
	return false;
}

/*
 * check_swap_pte - a swap entry: it names a used slot of the area, in a
 * private VMA with an anon_vma (only anonymous pages go to swap), and is
 * counted for check_swap().
 */
static void check_swap_pte(struct pt_walk *w, unsigned long addr, pte_t pte)
{
	struct checker *c = w->c;
	swp_entry_t entry = pte_to_swp_entry(pte);
	struct vm_area_struct *vma;

	w->swap++;
	if (!swap_entry_valid(c->m, entry)) {
		problem(c, "pid %d: PTE at 0x%lx holds swap entry %u:%lu, "
			"which names no slot", w->t->pid, addr,
			swp_type(entry), swp_offset(entry));
		return;
	}
	if (c->swap_ptes)
		c->swap_ptes[swp_offset(entry)]++;
	if (!w->vma_checks)
		return;
	vma = vma_at(w, addr);
	if (!vma)
		problem(c, "pid %d: swap PTE at 0x%lx lies outside every VMA",
			w->t->pid, addr);
	else if ((vma->vm_flags & VM_MAYSHARE) || !vma->anon_vma)
		problem(c, "pid %d: swap PTE at 0x%lx in a VMA with no "
			"anonymous pages", w->t->pid, addr);
}

static void check_pte(struct pt_walk *w, unsigned long addr, pte_t pte)
{
	struct checker *c = w->c;
	pid_t pid = w->t->pid;
	unsigned long pfn = pte_pfn(pte);
	struct vm_area_struct *vma = NULL;
	struct page *page;

	if (is_swap_pte(pte)) {
		check_swap_pte(w, addr, pte);
		return;
	}
	if (!pfn_valid(c->zone, pfn)) {
		problem(c, "pid %d: PTE at 0x%lx maps pfn %lu beyond memory",
			pid, addr, pfn);
		return;
	}
	if (w->vma_checks) {
		vma = vma_at(w, addr);
		if (!vma)
			problem(c, "pid %d: PTE at 0x%lx (pfn %lu) lies outside "
				"every VMA", pid, addr, pfn);
		else if (pte_write(pte) && !(vma->vm_flags & VM_WRITE))
			problem(c, "pid %d: writable PTE at 0x%lx in a VMA "
				"without VM_WRITE", pid, addr);
	}
	if (is_zero_pfn(c->zone, pfn)) {
		c->zero_ptes++;
		if (pte_write(pte))
			problem(c, "pid %d: writable PTE at 0x%lx maps the "
				"zero page", pid, addr);
		if (vma && vma->vm_file)
			problem(c, "pid %d: zero page mapped at 0x%lx in a "
				"file VMA", pid, addr);
		return;
	}
	page = pfn_to_page(c->zone, pfn);
	c->frames[pfn].ptes++;
	if (PageAnon(page)) {
		struct anon_vma *av = page_anon_vma(page);

		w->anon++;
		if (!vma)
			return;
		if (vma->vm_flags & VM_MAYSHARE)
			problem(c, "pid %d: anon pfn %lu mapped at 0x%lx in a "
				"shared VMA", pid, pfn, addr);
		if (page->index != linear_page_index(vma, addr))
			problem(c, "pid %d: anon pfn %lu at 0x%lx has index "
				"0x%lx, rmap expects 0x%lx", pid, pfn, addr,
				page->index, linear_page_index(vma, addr));
		if (!vma_has_anon_vma(vma, av)) {
			problem(c, "pid %d: anon pfn %lu at 0x%lx: its anon_vma "
				"is not linked to the VMA", pid, pfn, addr);
			c->rmap_sane = false;
		}
		if (pte_write(pte) && is_cow_mapping(vma->vm_flags) &&
		    page_mapcount(page) > 1)
			problem(c, "pid %d: writable PTE at 0x%lx maps pfn %lu "
				"that %d PTEs share (COW not broken)", pid,
				addr, pfn, page_mapcount(page));
	} else if (page->mapping) {
		if (PageSwapBacked(page))
			w->shmem++;
		else
			w->file++;
		if (!vma)
			return;
		if (!vma->vm_file ||
		    vma->vm_file->f_inode->i_mapping != page->mapping)
			problem(c, "pid %d: cache pfn %lu mapped at 0x%lx "
				"outside a VMA of its file", pid, pfn, addr);
		else if (page->index != linear_page_index(vma, addr))
			problem(c, "pid %d: cache pfn %lu at 0x%lx has index "
				"0x%lx, the VMA maps 0x%lx there", pid, pfn,
				addr, page->index, linear_page_index(vma, addr));
		else if (pte_write(pte) && !(vma->vm_flags & VM_SHARED))
			problem(c, "pid %d: writable PTE at 0x%lx maps cache "
				"pfn %lu in a private VMA", pid, addr, pfn);
	} else {
		problem(c, "pid %d: PTE at 0x%lx maps pfn %lu, which is "
			"neither anon nor in a page cache%s", pid, addr, pfn,
			PageTable(page) ? " (a page table)" :
			PageBuddy(page) || !page->_refcount ? " (free)" : "");
	}
}

/*
 * A table entry pointing one level down: a valid table frame? @level
 * counts from the pgd (0) to the PTE table (pt_levels() - 1).
 */
static bool table_ok(struct pt_walk *w, unsigned long pfn, int level,
		     unsigned long addr)
{
	static const char *const names4[] = { "pgd", "pud", "pmd", "pte" };
	static const char *const names5[] = { "pgd", "p4d", "pud", "pmd",
					      "pte" };
	const char *const *names = pgtable_l5_enabled(w->mm) ? names5 : names4;
	struct checker *c = w->c;
	struct page *page;

	if (!pfn_valid(c->zone, pfn)) {
		problem(c, "pid %d: %s table for 0x%lx at pfn %lu beyond "
			"memory", w->t->pid, names[level], addr, pfn);
		return false;
	}
	page = pfn_to_page(c->zone, pfn);
	if (!PageTable(page) || !page->virtual) {
		problem(c, "pid %d: %s table for 0x%lx at pfn %lu is not a "
			"page-table frame", w->t->pid, names[level], addr, pfn);
		return false;
	}
	if (c->frames[pfn].tables < 255)
		c->frames[pfn].tables++;
	if (c->frames[pfn].tables > 1) {
		problem(c, "pid %d: %s table pfn %lu is reached twice",
			w->t->pid, names[level], pfn);
		return false;
	}
	c->nr_tables++;
	/* pgtables_bytes: pud, pmd and PTE tables (Linux has no nr_p4ds). */
	if (level && !(level == 1 && pgtable_l5_enabled(w->mm)))
		w->tables++;
	return true;
}

static void walk_table(struct pt_walk *w, unsigned long pfn, int level,
		       unsigned long base)
{
	unsigned int shift = pt_level_shift(w->mm, level);
	pteval_t *table = table_of(w->c, pfn);
	unsigned int limit = level ? 512 : USER_PGD_ENTRIES;

	for (unsigned int i = 0; i < 512; i++) {
		unsigned long addr = base + ((unsigned long)i << shift);
		pteval_t e = table[i];

		if (!e)
			continue;
		if (i >= limit) {
			problem(w->c, "pid %d: pgd entry %u maps the kernel "
				"half", w->t->pid, i);
			continue;
		}
		if (level == pt_levels(w->mm) - 1) {
			check_pte(w, addr, __pte(e));
			continue;
		}
		if (!(e & _PAGE_PRESENT)) {
			problem(w->c, "pid %d: non-present table entry for "
				"0x%lx", w->t->pid, addr);
			continue;
		}
		if (table_ok(w, (e & PTE_PFN_MASK) >> PAGE_SHIFT, level + 1,
			     addr))
			walk_table(w, (e & PTE_PFN_MASK) >> PAGE_SHIFT,
				   level + 1, addr);
	}
}

/*
 * check_lazy_mm - the mm a running kernel thread borrows, when its last
 * user exited meanwhile (mm_users 0, mm_count the borrow's): exit_mmap()
 * left it its pgd and nothing under it, which the thread's mmdrop() frees.
 */
static void check_lazy_mm(struct checker *c, struct task_struct *k)
{
	struct mm_struct *mm = k->active_mm;
	struct pt_walk w = { .c = c, .t = k, .mm = mm };

	if (!mm || mm->mm_users)
		return;
	if (mm->mmap || mm->map_count || mm->mm_count != 1)
		problem(c, "%s: the dead mm it borrows has VMAs or another "
			"reference", k->comm);
	if (!mm->pgd || !pfn_valid(c->zone, mm->pgd_pfn) ||
	    mm->pgd != (pgd_t *)c->zone->mem_map[mm->pgd_pfn].virtual) {
		problem(c, "%s: the dead mm it borrows has no valid pgd",
			k->comm);
		return;
	}
	if (!table_ok(&w, mm->pgd_pfn, 0, 0))
		return;
	walk_table(&w, mm->pgd_pfn, 0, 0);
	if (w.tables)
		problem(c, "%s: the dead mm it borrows kept %ld lower tables",
			k->comm, w.tables);
}

static void check_mm(struct checker *c, struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	struct pt_walk w = { .c = c, .t = t, .mm = mm };
	struct vm_area_struct *vma;
	long n = 0;

	w.vma_checks = check_vmas(c, t);
	w.cursor = w.vma_checks ? mm->mmap : NULL;
	if (w.vma_checks)
		for (vma = mm->mmap; vma && ++n <= WALK_LIMIT;
		     vma = vma->vm_next) {
			check_anon_chain(c, t, vma);
			if (vma->vm_file) {
				set_add(c, &c->files, vma->vm_file);
				set_add(c, &c->mappings,
					vma->vm_file->f_inode->i_mapping);
			}
		}
	else
		c->rmap_sane = false;

	if (!mm->pgd || !pfn_valid(c->zone, mm->pgd_pfn) ||
	    mm->pgd != (pgd_t *)c->zone->mem_map[mm->pgd_pfn].virtual) {
		problem(c, "pid %d: mm has no valid pgd", t->pid);
		return;
	}
	if (!table_ok(&w, mm->pgd_pfn, 0, 0))
		return;
	walk_table(&w, mm->pgd_pfn, 0, 0);

	if (get_mm_counter(mm, MM_ANONPAGES) != (unsigned long)w.anon)
		problem(c, "pid %d: MM_ANONPAGES %ld, page tables map %ld",
			t->pid, mm->rss_stat[MM_ANONPAGES], w.anon);
	if (get_mm_counter(mm, MM_SHMEMPAGES) != (unsigned long)w.shmem)
		problem(c, "pid %d: MM_SHMEMPAGES %ld, page tables map %ld",
			t->pid, mm->rss_stat[MM_SHMEMPAGES], w.shmem);
	if (get_mm_counter(mm, MM_FILEPAGES) != (unsigned long)w.file)
		problem(c, "pid %d: MM_FILEPAGES %ld, page tables map %ld",
			t->pid, mm->rss_stat[MM_FILEPAGES], w.file);
	if (mm->rss_stat[MM_SWAPENTS] != w.swap)
		problem(c, "pid %d: MM_SWAPENTS %ld, page tables hold %ld "
			"swap entries", t->pid, mm->rss_stat[MM_SWAPENTS],
			w.swap);
	if (mm->pgtables_bytes != w.tables * (long)PAGE_SIZE)
		problem(c, "pid %d: pgtables_bytes %ld, %ld pud/pmd/pte "
			"tables are reachable", t->pid, mm->pgtables_bytes,
			w.tables);
}

/* ---- interval trees: anon_vmas and i_mmap ---- */

/* Largest "last" in the subtree, checking every node's stored value. */
static unsigned long check_avc_subtree(struct checker *c,
				       const struct rb_node *node,
				       unsigned long *prev_start, long *n)
{
	const struct anon_vma_chain *avc;
	unsigned long max, sub, start;

	if (!node)
		return 0;
	avc = rb_entry(node, struct anon_vma_chain, rb);
	max = check_avc_subtree(c, node->rb_left, prev_start, n);
	if (!set_has(&c->vmas, avc->vma)) {
		problem(c, "an anon_vma's interval tree holds a chain of a "
			"VMA that no mm has");
		c->rmap_sane = false;
		return max;
	}
	start = avc->vma->vm_pgoff;
	if (start < *prev_start)
		problem(c, "anon_vma interval tree out of order at pgoff "
			"0x%lx", start);
	*prev_start = start;
	(*n)++;
	if (start + vma_pages(avc->vma) - 1 > max)
		max = start + vma_pages(avc->vma) - 1;
	sub = check_avc_subtree(c, node->rb_right, prev_start, n);
	if (sub > max)
		max = sub;
	if (avc->rb_subtree_last != max)
		problem(c, "anon_vma_chain of vma 0x%lx-0x%lx: "
			"rb_subtree_last 0x%lx, should be 0x%lx",
			avc->vma->vm_start, avc->vma->vm_end,
			avc->rb_subtree_last, max);
	return max;
}

static void check_anon_vmas(struct checker *c)
{
	struct ptr_set users = { 0 };	/* vma->anon_vma of every VMA */
	long chains = 0, nodes = 0;
	struct vm_area_struct *vma;
	size_t i;

	set_finish(&c->anon_vmas);
	for (i = 0; i < c->vmas.n; i++) {
		struct anon_vma_chain *avc;

		vma = (struct vm_area_struct *)c->vmas.v[i];
		list_for_each_entry(avc, &vma->anon_vma_chain, same_vma)
			chains++;
		if (vma->anon_vma)
			set_add(c, &users, vma->anon_vma);
	}
	set_sort(&users);
	for (i = 0; i < c->anon_vmas.n; i++) {
		struct anon_vma *av = (struct anon_vma *)c->anon_vmas.v[i];
		struct rb_walk w = { .c = c, .pid = 0,
				     .what = "an anon_vma interval tree" };
		unsigned long prev_start = 0, active = set_count(&users, av);
		long n = 0;

		rb_check(&w, av->rb_root.rb_root.rb_node, NULL, 0);
		if (w.broken) {
			c->rmap_sane = false;
			continue;
		}
		if (av->rb_root.rb_leftmost !=
		    rb_first(&av->rb_root.rb_root))
			problem(c, "anon_vma interval tree: cached leftmost "
				"is stale");
		check_avc_subtree(c, av->rb_root.rb_root.rb_node,
				  &prev_start, &n);
		nodes += n;
		if (!av->root || av->root->root != av->root)
			problem(c, "anon_vma with a bad root pointer");
		if (av->num_active_vmas != active)
			problem(c, "anon_vma: num_active_vmas %lu, %lu VMAs "
				"use it", av->num_active_vmas, active);
	}
	if (chains != nodes) {
		problem(c, "%ld anon_vma_chains hang off VMAs but the anon_vma "
			"trees hold %ld", chains, nodes);
		c->rmap_sane = false;
	}
	free(users.v);
}

static unsigned long check_immap_subtree(struct checker *c,
					 struct address_space *as,
					 const struct rb_node *node,
					 unsigned long *prev_start, long *n)
{
	const struct vm_area_struct *vma;
	unsigned long max, sub;

	if (!node)
		return 0;
	vma = rb_entry(node, struct vm_area_struct, shared.rb);
	max = check_immap_subtree(c, as, node->rb_left, prev_start, n);
	if (!set_has(&c->vmas, vma) || !vma->vm_file ||
	    vma->vm_file->f_inode->i_mapping != as) {
		problem(c, "an inode's i_mmap holds a VMA that no mm has "
			"or that maps another object");
		c->rmap_sane = false;
		return max;
	}
	if (vma->vm_pgoff < *prev_start)
		problem(c, "i_mmap interval tree out of order at pgoff 0x%lx",
			vma->vm_pgoff);
	*prev_start = vma->vm_pgoff;
	(*n)++;
	if (vma->vm_pgoff + vma_pages(vma) - 1 > max)
		max = vma->vm_pgoff + vma_pages(vma) - 1;
	sub = check_immap_subtree(c, as, node->rb_right, prev_start, n);
	if (sub > max)
		max = sub;
	if (vma->shared.rb_subtree_last != max)
		problem(c, "vma 0x%lx-0x%lx in i_mmap: rb_subtree_last 0x%lx, "
			"should be 0x%lx", vma->vm_start, vma->vm_end,
			vma->shared.rb_subtree_last, max);
	return max;
}

/* Is @vma in @as's i_mmap, where rmap_walk() looks for it? */
static bool in_i_mmap(struct address_space *as, struct vm_area_struct *vma)
{
	unsigned long first = vma->vm_pgoff;
	unsigned long last = first + vma_pages(vma) - 1;
	struct vm_area_struct *it;

	for (it = vma_interval_tree_iter_first(&as->i_mmap, first, last); it;
	     it = vma_interval_tree_iter_next(it, first, last))
		if (it == vma)
			return true;
	return false;
}

/*
 * check_shmem_swap - a shmem object's swap entries: each names a used
 * slot, at an index with no page in the cache, holds one count of that
 * slot (counted for check_swap() with the swap PTEs), and the object's
 * swapped count is their number.
 */
static void check_shmem_swap(struct checker *c, struct address_space *as)
{
	const struct xarray *entries;
	unsigned long swapped = shmem_swapped(as->host, &entries);
	unsigned long index, n = 0;
	void *entry;

	xa_for_each(entries, index, entry) {
		swp_entry_t swap = { (unsigned long)entry };

		n++;
		if (!swap_entry_valid(c->m, swap)) {
			problem(c, "shmem ino %lu index 0x%lx: bad swap entry "
				"0x%lx", as->host->i_ino, index, swap.val);
			continue;
		}
		if (xa_load(&as->i_pages, index))
			problem(c, "shmem ino %lu index 0x%lx has both a page "
				"and a swap entry", as->host->i_ino, index);
		if (c->swap_ptes)
			c->swap_ptes[swp_offset(swap)]++;
	}
	if (n != swapped)
		problem(c, "shmem ino %lu: %lu swap entries, swapped says %lu",
			as->host->i_ino, n, swapped);
}

/* One inode's page cache: pages, tags, counts. */
static void check_mapping(struct checker *c, struct address_space *as,
			  long *cached, long *shmem, long *dirty)
{
	bool is_shmem = shmem_mapping(as);
	unsigned long index, nrpages = 0;
	struct page *page;

	xa_for_each(&as->i_pages, index, page) {
		unsigned long pfn;

		nrpages++;
		if (page < c->zone->mem_map ||
		    page >= c->zone->mem_map + c->zone->nr_pages) {
			problem(c, "a page cache holds a page outside mem_map");
			continue;
		}
		pfn = page_to_pfn(c->zone, page);
		if (c->frames[pfn].cache < 255)
			c->frames[pfn].cache++;
		if (page->mapping != as || page->index != index)
			problem(c, "cache pfn %lu at index 0x%lx has mapping %s "
				"index 0x%lx", pfn, index,
				page->mapping == as ? "ok" : "wrong", page->index);
		/*
		 * shmem pages are swap-backed from the moment they enter the
		 * cache, file pages never: smaps tells Pss_Shmem from
		 * Pss_File by that flag alone (folio_test_swapbacked()).
		 */
		if (!PageSwapBacked(page) != !is_shmem)
			problem(c, "cache pfn %lu at index 0x%lx is %sswap-backed",
				pfn, index, is_shmem ? "not " : "");
		if (!PageUptodate(page))
			problem(c, "cache pfn %lu at index 0x%lx is not uptodate",
				pfn, index);
		if (PageWriteback(page) ||
		    xa_get_mark(&as->i_pages, index, PAGECACHE_TAG_WRITEBACK))
			problem(c, "cache pfn %lu is still under writeback", pfn);
		if (mapping_can_writeback(as)) {
			if (PageDirty(page))
				(*dirty)++;
			if (!PageDirty(page) !=
			    !xa_get_mark(&as->i_pages, index, PAGECACHE_TAG_DIRTY))
				problem(c, "cache pfn %lu: PG_dirty and the dirty "
					"tag disagree", pfn);
		}
		if (is_shmem)
			(*shmem)++;
	}
	if (nrpages != as->nrpages)
		problem(c, "inode %lu's cache holds %lu pages, nrpages says %lu",
			as->host->i_ino, nrpages, as->nrpages);
	*cached += (long)nrpages;
	if (is_shmem)
		check_shmem_swap(c, as);
}

/*
 * Page caches, i_mmap trees and file references: every inode of the
 * tree (files and shmem objects alike).
 */
static void check_shmem(struct checker *c)
{
	struct ptr_set file_users = { 0 }, mapping_users = { 0 };
	long cached = 0, shmem = 0, dirty = 0;
	struct inode *inode;
	struct task_struct *t;
	size_t i;

	set_finish(&c->mappings);
	set_finish(&c->files);
	for (i = 0; i < c->vmas.n; i++) {
		struct vm_area_struct *vma =
			(struct vm_area_struct *)c->vmas.v[i];

		if (!vma->vm_file)
			continue;
		set_add(c, &file_users, vma->vm_file);
		set_add(c, &mapping_users, vma->vm_file->f_inode->i_mapping);
		if (!in_i_mmap(vma->vm_file->f_inode->i_mapping, vma)) {
			problem(c, "file vma 0x%lx-0x%lx is not in its "
				"object's i_mmap", vma->vm_start, vma->vm_end);
			c->rmap_sane = false;
		}
	}
	/* An open fd holds a reference too (once however many tasks share
	 * the table). */
	for_each_task(c->m, t) {
		if (!t->files || (t->files->count > 1 &&
				  held_earlier(c->m, t, task_files)))
			continue;
		for (unsigned int fd = 0; fd < t->files->max_fds; fd++)
			if (t->files->fd[fd])
				set_add(c, &file_users, t->files->fd[fd]);
	}
	set_sort(&file_users);
	set_sort(&mapping_users);

	for (i = 0; i < c->files.n; i++) {
		struct file *file = (struct file *)c->files.v[i];
		size_t users = set_count(&file_users, file);

		/* System V segments hold references of their own. */
		if (file->f_count < (int)users)
			problem(c, "file ino %lu: f_count %d, %zu VMAs and fds "
				"hold it", file->f_inode->i_ino, file->f_count,
				users);
	}
	if (!c->m->tree)
		goto out;
	list_for_each_entry(inode, &c->m->tree->inodes, i_sb_list) {
		struct address_space *as = inode->i_mapping;
		struct rb_walk w = { .c = c, .pid = 0, .what = "an i_mmap tree" };
		unsigned long prev_start = 0;
		long users = (long)set_count(&mapping_users, as), n = 0;

		check_mapping(c, as, &cached, &shmem, &dirty);
		rb_check(&w, as->i_mmap.rb_root.rb_node, NULL, 0);
		if (w.broken) {
			c->rmap_sane = false;
			continue;
		}
		check_immap_subtree(c, as, as->i_mmap.rb_root.rb_node,
				    &prev_start, &n);
		if (n != users) {
			problem(c, "i_mmap holds %ld VMAs, %ld VMAs map the "
				"object", n, users);
			c->rmap_sane = false;
		}
		if (as->i_mmap_count != (unsigned long)users)
			problem(c, "i_mmap_count %lu, %ld VMAs map the object",
				as->i_mmap_count, users);
	}
	if (c->m->vm_stat[NR_SHMEM] != shmem)
		problem(c, "NR_SHMEM %ld, shmem caches hold %ld",
			c->m->vm_stat[NR_SHMEM], shmem);
	if (c->m->vm_stat[NR_FILE_PAGES] != cached)
		problem(c, "NR_FILE_PAGES %ld, page caches hold %ld",
			c->m->vm_stat[NR_FILE_PAGES], cached);
	if (c->m->vm_stat[NR_FILE_DIRTY] != dirty)
		problem(c, "NR_FILE_DIRTY %ld, dirty file pages %ld",
			c->m->vm_stat[NR_FILE_DIRTY], dirty);
	if (c->m->vm_stat[NR_WRITEBACK])
		problem(c, "NR_WRITEBACK %ld between commands",
			c->m->vm_stat[NR_WRITEBACK]);
out:
	free(file_users.v);
	free(mapping_users.v);
}

/* ---- frames ---- */

struct rmap_found {
	struct checker *c;
	unsigned long pfn;
	struct ptr_set seen;	/* PTE slots reported */
	bool bad;
};

static bool rmap_check_one(struct page *page, struct vm_area_struct *vma,
			   unsigned long address, void *arg)
{
	struct rmap_found *f = arg;
	pte_t *pte;

	if (!set_has(&f->c->vmas, vma)) {
		problem(f->c, "pfn %lu: rmap_walk reports a VMA that no mm has",
			f->pfn);
		f->bad = true;
		return false;
	}
	pte = mm_find_pte(vma->vm_mm, address);
	if (!pte || !pte_present(*pte) || pte_pfn(*pte) != f->pfn ||
	    address < vma->vm_start || address >= vma->vm_end) {
		problem(f->c, "pfn %lu: rmap_walk reports 0x%lx, which does "
			"not map it", f->pfn, address);
		f->bad = true;
		return true;
	}
	set_add(f->c, &f->seen, pte);
	return true;
}

static void check_rmap(struct checker *c, unsigned long pfn, int ptes)
{
	struct page *page = pfn_to_page(c->zone, pfn);
	struct rmap_found f = { .c = c, .pfn = pfn };
	struct rmap_walk_control rwc = { .arg = &f,
					 .rmap_one = rmap_check_one };
	size_t reported;

	rmap_walk(page, &rwc);
	reported = f.seen.n;
	set_finish(&f.seen);
	if (f.seen.n != reported)
		problem(c, "pfn %lu: rmap_walk reports a PTE twice", pfn);
	else if (!f.bad && (long)f.seen.n != ptes)
		problem(c, "pfn %lu: rmap_walk finds %zu of the %d PTEs that "
			"map it", pfn, f.seen.n, ptes);
	free(f.seen.v);
}

/*
 * check_lruvec - one lruvec's lists: each page has PG_lru and is on the
 * list folio_lru_list() names, each count is the list's length; adds
 * the lengths to @total. Return: false when a list is corrupt.
 */
static bool check_lruvec(struct checker *c, struct lruvec *lruvec,
			 long total[NR_LRU_LISTS])
{
	struct zone *zone = &c->m->zone;
	int lru;

	for (lru = 0; lru < NR_LRU_LISTS; lru++) {
		const struct lru_head *head = &lruvec->lists[lru];
		uint32_t pos, newer = LRU_NIL;
		long n = 0;

		for (pos = head->first; pos != LRU_NIL;
		     newer = pos, pos = zone->mem_map[pos].lru_older) {
			struct page *page;

			if (pos >= zone->nr_pages ||
			    zone->mem_map[pos].lru_newer != newer ||
			    ++n > (long)zone->nr_pages) {
				problem(c, "LRU list %d is corrupt", lru);
				return false;
			}
			page = &zone->mem_map[pos];
			if (!PageLRU(page))
				problem(c, "pfn %u is on LRU list %d without "
					"PG_lru", pos, lru);
			else if (folio_lru_list(page) != (enum lru_list)lru)
				problem(c, "pfn %u is on LRU list %d, its "
					"flags say %d", pos, lru,
					folio_lru_list(page));
			if (folio_lruvec(c->m, page) != lruvec)
				problem(c, "pfn %u is on another lruvec's "
					"list", pos);
		}
		if (head->last != newer) {
			problem(c, "LRU list %d: its last page is not its "
				"oldest", lru);
			return false;
		}
		if ((long)lruvec->nr_pages[lru] != n)
			problem(c, "LRU list %d: count %lu, %ld pages on it",
				lru, lruvec->nr_pages[lru], n);
		total[lru] += n;
	}
	return true;
}

/*
 * check_lru - the lruvecs' lists against the flags (check_lruvec()),
 * the node's NR_*_ANON/FILE/UNEVICTABLE against the lists' lengths, and
 * the frames with PG_lru against the pages on lists.
 */
static void check_lru(struct checker *c)
{
	struct machine *m = c->m;
	long total[NR_LRU_LISTS] = { 0 }, on_lists = 0, flagged = 0;
	unsigned long pfn;
	int lru;

	/* The node's own lruvec (the root group's), then each group's. */
	for (struct mem_cgroup *memcg = mem_cgroup_iter(m->root_mem_cgroup, NULL);
	     memcg; memcg = mem_cgroup_iter(m->root_mem_cgroup, memcg))
		if (!check_lruvec(c, mem_cgroup_lruvec(m, memcg), total))
			return;
	for (lru = 0; lru < NR_LRU_LISTS; lru++) {
		on_lists += total[lru];
		if (m->vm_stat[lru_node_stat[lru]] != total[lru])
			problem(c, "LRU list %d: node counter %ld, %ld pages "
				"on the lists", lru,
				m->vm_stat[lru_node_stat[lru]], total[lru]);
	}
	for (pfn = 0; pfn < m->zone.nr_pages; pfn++)
		if (PageLRU(&m->zone.mem_map[pfn]))
			flagged++;
	if (flagged != on_lists)
		problem(c, "%ld frames have PG_lru, %ld are on LRU lists",
			flagged, on_lists);
}

/*
 * check_swap - the swap area: each slot's swap_map count equals the swap
 * PTEs and shmem entries that hold it, its SWAP_HAS_CACHE says whether a page is in the
 * swap cache for it, a used slot is counted in inuse_pages and in its
 * cluster, a cluster is on the list its count names, and a free slot
 * keeps no bytes; each swap-cache page is PG_swapcache with its entry in
 * page->swap, and SwapCached counts them.
 */
static void check_swap(struct checker *c)
{
	struct swap_info_struct *si = c->m->swap;
	unsigned long inuse = 0, cached = 0, off;
	struct swap_cluster_info *ci;
	struct page *page;

	if (!si)
		return;
	if (si->swap_map[0] != SWAP_MAP_BAD)
		problem(c, "swap: the header slot's swap_map is 0x%x",
			si->swap_map[0]);
	for (off = 1; off < si->max; off++) {
		unsigned char map = si->swap_map[off];
		bool cache = xa_load(&si->swap_cache, off) != NULL;

		if ((map & ~SWAP_HAS_CACHE) != c->swap_ptes[off])
			problem(c, "swap slot %lu: swap_map counts %d, %u swap "
				"PTEs and shmem entries hold it", off,
				map & ~SWAP_HAS_CACHE, c->swap_ptes[off]);
		if (!(map & SWAP_HAS_CACHE) != !cache)
			problem(c, "swap slot %lu: SWAP_HAS_CACHE %s, %s in "
				"the swap cache", off,
				map & SWAP_HAS_CACHE ? "set" : "clear",
				cache ? "a page" : "nothing");
		if (map)
			inuse++;
		else if (si->slots[off])
			problem(c, "swap slot %lu is free but keeps its bytes",
				off);
	}
	if (inuse != si->inuse_pages)
		problem(c, "swap: inuse_pages %lu, %lu slots are used",
			si->inuse_pages, inuse);
	for (unsigned long i = 0; i < si->nr_clusters; i++) {
		unsigned long start = i * SWAPFILE_CLUSTER, n = 0;
		unsigned int want;

		for (off = start; off < start + SWAPFILE_CLUSTER; off++)
			if (off >= si->max || si->swap_map[off])
				n++;
		ci = &si->cluster_info[i];
		if (ci->count != n)
			problem(c, "swap cluster %lu counts %u slots, %lu are "
				"used", i, ci->count, n);
		want = !n ? CLUSTER_FLAG_FREE : n == SWAPFILE_CLUSTER ?
		       CLUSTER_FLAG_FULL : CLUSTER_FLAG_NONFULL;
		if (ci->flags != want)
			problem(c, "swap cluster %lu with %lu used slots is on "
				"list %u, not %u", i, n, ci->flags, want);
	}
	xa_for_each_range(&si->swap_cache, off, page, 0, si->max) {
		unsigned long pfn = page_to_pfn(c->zone, page);

		cached++;
		if (!pfn_valid(c->zone, pfn)) {
			problem(c, "swap cache slot %lu holds no frame", off);
			continue;
		}
		if (c->frames[pfn].swapcache < 255)
			c->frames[pfn].swapcache++;
		if (!PageSwapCache(page) ||
		    page->swap != swp_entry((unsigned long)si->type, off).val)
			problem(c, "swap cache pfn %lu at slot %lu lacks "
				"PG_swapcache or its entry", pfn, off);
		if (!PageSwapBacked(page))
			problem(c, "swap cache pfn %lu is not swap-backed", pfn);
	}
	if (cached != si->nr_swapcache ||
	    (long)cached != c->m->vm_stat[NR_SWAPCACHE])
		problem(c, "swap cache: %lu pages, nr_swapcache %lu, "
			"NR_SWAPCACHE %ld", cached, si->nr_swapcache,
			c->m->vm_stat[NR_SWAPCACHE]);
}

static void check_frames(struct checker *c)
{
	struct zone *zone = c->zone;
	struct machine *m = c->m;
	long anon_mapped = 0, file_mapped = 0, inactive = 0, active = 0;
	long inactive_file = 0, active_file = 0;
	long unevictable = 0, mlocked = 0, tables = 0;

	for (unsigned long pfn = 0; pfn < zone->nr_pages; pfn++) {
		struct page *page = &zone->mem_map[pfn];
		struct frame_count *f = &c->frames[pfn];
		bool zero = pfn == zone->zero_pfn;
		bool in_use = page->_refcount > 0 || PageTable(page) || zero ||
			      PageSlab(page);

		if (f->free > 1)
			problem(c, "pfn %lu is on the free lists %d times", pfn,
				f->free);
		if (f->free && in_use)
			problem(c, "pfn %lu is both free and in use", pfn);
		if (!f->free && !in_use)
			problem(c, "pfn %lu is neither free nor in use "
				"(lost)", pfn);
		if (f->free) {
			if (f->ptes || f->cache || f->tables || f->swapcache)
				problem(c, "free pfn %lu is still used: %d "
					"PTEs, %d cache, %d table refs", pfn,
					f->ptes, f->cache, f->tables);
			continue;
		}
		if (PageLRU(page)) {
			if (PageUnevictable(page))
				unevictable++;
			else if (!PageSwapBacked(page))
				PageActive(page) ? active_file++ : inactive_file++;
			else if (PageActive(page))
				active++;
			else
				inactive++;
		}
		if (PageMlocked(page))
			mlocked++;
		if (zero) {
			if (!PageReserved(page) || page->page_type != PGTY_zero)
				problem(c, "the zero page (pfn %lu) lost its "
					"marks", pfn);
			if (f->cache || f->tables || PageLRU(page))
				problem(c, "the zero page is used as a table, "
					"cache or LRU page");
			continue;
		}
		if (PageSlab(page)) {
			if (f->ptes || f->cache || f->tables || PageLRU(page))
				problem(c, "slab pfn %lu is also mapped, cached, "
					"a table or on an LRU", pfn);
			continue;
		}
		if (PageTable(page)) {
			tables++;
			if (f->ptes || f->cache)
				problem(c, "page-table pfn %lu is also mapped "
					"by a PTE or cached", pfn);
			if (!f->tables)
				problem(c, "page-table pfn %lu is reachable "
					"from no pgd (leaked)", pfn);
			if (page->_refcount != 1)
				problem(c, "page-table pfn %lu has _refcount "
					"%d, should be 1", pfn, page->_refcount);
			if (PageLRU(page))
				problem(c, "page-table pfn %lu is on an LRU",
					pfn);
			continue;
		}
		if (f->tables)
			problem(c, "pfn %lu is used as a page table but not "
				"marked PageTable", pfn);
		if (page_mapcount(page) != f->ptes)
			problem(c, "pfn %lu: _mapcount+1 is %d but %d PTEs "
				"map it", pfn, page_mapcount(page), f->ptes);
		if (page->_refcount != f->ptes + f->cache + f->swapcache)
			problem(c, "pfn %lu: _refcount %d, expected %d (%d "
				"PTEs + %d page cache + %d swap cache)", pfn,
				page->_refcount, f->ptes + f->cache + f->swapcache,
				f->ptes, f->cache, f->swapcache);
		if (!PageSwapCache(page) != !f->swapcache)
			problem(c, "pfn %lu: PG_swapcache %d, but %d times in "
				"the swap cache", pfn, PageSwapCache(page),
				f->swapcache);
		if (PageAnon(page)) {
			if (f->cache)
				problem(c, "anon pfn %lu is in a page cache",
					pfn);
			if (f->ptes && !set_has(&c->anon_vmas,
						page_anon_vma(page))) {
				problem(c, "anon pfn %lu: its anon_vma is "
					"linked to no VMA", pfn);
				continue;
			}
			if (f->ptes)
				anon_mapped++;
		} else if (page->mapping) {
			if (!f->cache)
				problem(c, "cache pfn %lu is not in its object's "
					"cache", pfn);
			if (f->ptes)
				file_mapped++;
		}
		if ((PageAnon(page) || page->mapping) &&
		    f->ptes + f->cache + f->swapcache && !PageLRU(page))
			problem(c, "pfn %lu is in use but on no LRU list", pfn);
		if (f->ptes && c->rmap_sane)
			check_rmap(c, pfn, f->ptes);
	}

	if (m->vm_stat[NR_ANON_MAPPED] != anon_mapped)
		problem(c, "NR_ANON_MAPPED %ld, recount %ld",
			m->vm_stat[NR_ANON_MAPPED], anon_mapped);
	if (m->vm_stat[NR_FILE_MAPPED] != file_mapped)
		problem(c, "NR_FILE_MAPPED %ld, recount %ld",
			m->vm_stat[NR_FILE_MAPPED], file_mapped);
	if (m->vm_stat[NR_PAGETABLE] != tables || tables != c->nr_tables)
		problem(c, "NR_PAGETABLE %ld, %ld table frames, %ld reachable",
			m->vm_stat[NR_PAGETABLE], tables, c->nr_tables);
	if (m->vm_stat[NR_ZERO_PAGE_MAPPED] != c->zero_ptes)
		problem(c, "NR_ZERO_PAGE_MAPPED %ld, recount %ld",
			m->vm_stat[NR_ZERO_PAGE_MAPPED], c->zero_ptes);
	if (m->vm_stat[NR_INACTIVE_ANON] != inactive ||
	    m->vm_stat[NR_ACTIVE_ANON] != active ||
	    m->vm_stat[NR_UNEVICTABLE] != unevictable)
		problem(c, "LRU inactive/active/unevictable %ld/%ld/%ld, "
			"recount %ld/%ld/%ld", m->vm_stat[NR_INACTIVE_ANON],
			m->vm_stat[NR_ACTIVE_ANON], m->vm_stat[NR_UNEVICTABLE],
			inactive, active, unevictable);
	if (m->vm_stat[NR_INACTIVE_FILE] != inactive_file ||
	    m->vm_stat[NR_ACTIVE_FILE] != active_file)
		problem(c, "file LRU inactive/active %ld/%ld, recount %ld/%ld",
			m->vm_stat[NR_INACTIVE_FILE], m->vm_stat[NR_ACTIVE_FILE],
			inactive_file, active_file);
	if (m->vm_stat[NR_MLOCK] != mlocked)
		problem(c, "NR_MLOCK %ld, recount %ld", m->vm_stat[NR_MLOCK],
			mlocked);
	if (zone->bad_pages)
		problem(c, "%lu pages were freed still on an LRU list "
			"(put_page(), not folio_put())", zone->bad_pages);
}

/* ---- slabs ---- */

/* What the recount found for one cache. */
struct slab_count {
	unsigned long slabs, frames, objects, inuse, partial;
};

/*
 * engine_objects - how many objects of cache @id the engine holds, counted
 * from the structures themselves: the tasks (zombies too), their mms, the
 * VMAs and their anon_vma_chains, and the anon_vmas the chains link to
 * with the roots they pin. -1: a cache the checker does not recount.
 */
static long engine_objects(struct checker *c, enum kmem_cache_id id)
{
	struct task_struct *t, *k[2];
	long n = 0;

	switch (id) {
	case KMEM_TASK_STRUCT:
		for_each_task(c->m, t)
			if (++n > WALK_LIMIT)
				break;
		return n + kthreads_of(c->m, k);
	case KMEM_SIGHAND:
	case KMEM_SIGNAL:
	case KMEM_MM_STRUCT: {
		/* each counted once however many tasks share it */
		struct ptr_set objs = { 0 };

		for_each_task(c->m, t) {
			const void *obj = id == KMEM_SIGHAND ? (const void *)t->sighand :
					  id == KMEM_SIGNAL ? (const void *)t->signal :
					  (const void *)t->mm;

			if (++n > WALK_LIMIT)
				break;
			if (obj)
				set_add(c, &objs, obj);
		}
		/* A kernel thread's, and the mm it borrows while it runs. */
		for (int i = kthreads_of(c->m, k) - 1; i >= 0; i--) {
			const void *obj = id == KMEM_SIGHAND ? (const void *)k[i]->sighand :
					  id == KMEM_SIGNAL ? (const void *)k[i]->signal :
					  (const void *)k[i]->active_mm;

			if (obj)
				set_add(c, &objs, obj);
		}
		set_finish(&objs);
		n = (long)objs.n;
		free(objs.v);
		return n;
	}
	case KMEM_FILES: {
		/* fd tables, each counted once however many tasks share it */
		struct ptr_set files = { 0 };

		for_each_task(c->m, t) {
			if (++n > WALK_LIMIT)
				break;
			if (t->files)
				set_add(c, &files, t->files);
		}
		set_finish(&files);
		n = (long)files.n;
		free(files.v);
		return n;
	}
	case KMEM_VM_AREA:
		return (long)c->vmas.n;
	case KMEM_ANON_VMA_CHAIN:
		for (size_t i = 0; i < c->vmas.n; i++) {
			const struct vm_area_struct *vma = c->vmas.v[i];
			const struct anon_vma_chain *avc;

			list_for_each_entry(avc, &vma->anon_vma_chain,
					    same_vma)
				n++;
		}
		return n;
	case KMEM_ANON_VMA: {
		/* The roots no chain links to, pinned by their trees. */
		struct ptr_set roots = { 0 };

		for (size_t i = 0; i < c->anon_vmas.n; i++) {
			const struct anon_vma *av = c->anon_vmas.v[i];

			if (av->root && !set_has(&c->anon_vmas, av->root))
				set_add(c, &roots, av->root);
		}
		set_finish(&roots);
		n = (long)(c->anon_vmas.n + roots.n);
		free(roots.v);
		return n;
	}
	case NR_KMEM_CACHES:
		break;
	}
	return -1;
}

/* The most caches the checker recounts (machine->slab_caches). */
#define MAX_CHECKED_CACHES	64

/*
 * check_slabs - every slab's frames, each cache's counters and partial
 * list, NR_SLAB_*_B, and the objects in use against the engine's own
 * structures.
 */
/*
 * check_cpus - each CPU is idle between commands; the mm in its CR3 is a
 * live task's, has the CPU in its mm_cpumask and a TLB generation the
 * CPU has not passed; and an mm's mm_cpumask names only CPUs that hold it.
 */
static void check_cpus(struct checker *c)
{
	struct machine *m = c->m;
	struct task_struct *t, *k[2];
	int cpu;

	for (cpu = 0; cpu < m->cfg.nr_cpus; cpu++) {
		const struct cpu_state *cs = &m->cpus[cpu];
		struct task_struct *curr = cpu_curr_between(m, cpu);
		struct mm_struct *mm = cs->loaded_mm;
		bool live = false;

		/* Between commands a CPU is idle or in a kernel thread,
		 * which borrows the mm the CPU holds. */
		if (curr && !(curr->flags & PF_KTHREAD))
			problem(c, "cpu %d: runs pid %d between commands", cpu,
				curr->pid);
		else if (curr && curr->active_mm != mm)
			problem(c, "cpu %d: %s borrows another mm than CR3's",
				cpu, curr->comm);
		if (!mm)
			continue;
		/* A running kernel thread's borrow keeps it alive, on its
		 * CPU and on any idle one that held it lazily too. */
		for (int i = kthreads_of(m, k) - 1; i >= 0; i--)
			if (k[i]->active_mm == mm)
				live = true;
		for_each_task(m, t)
			if (t->mm == mm) {
				live = true;
				break;
			}
		if (!live) {
			problem(c, "cpu %d: CR3 holds an mm no task has", cpu);
			continue;
		}
		if (!(mm->cpu_bitmap & (1UL << cpu)))
			problem(c, "cpu %d: its mm's mm_cpumask lacks it", cpu);
		if (cs->loaded_tlb_gen > mm->tlb_gen)
			problem(c, "cpu %d: TLB generation %llu past the mm's %llu",
				cpu, (unsigned long long)cs->loaded_tlb_gen,
				(unsigned long long)mm->tlb_gen);
	}
	for_each_task(m, t) {
		if (!t->mm || !t->mm->cpu_bitmap)
			continue;
		for (cpu = 0; cpu < MMSIM_MAX_CPUS; cpu++)
			if ((t->mm->cpu_bitmap & (1UL << cpu)) &&
			    (cpu >= m->cfg.nr_cpus ||
			     m->cpus[cpu].loaded_mm != t->mm))
				problem(c, "pid %d: mm_cpumask names cpu %d, "
					"which does not hold the mm", t->pid,
					cpu);
		if (t->mm->tlb.nest)
			problem(c, "pid %d: an mmu_gather left open", t->pid);
	}
}

/*
 * check_tlb_entry - an entry of a TLB up to date with @mm's flushes may
 * allow no more than the page tables do: the PTE present with the same
 * PFN, RW, USER and NX no more permissive, the same protection key, and
 * dirty if the entry is (a write through a dirty entry sets no D bit).
 */
static void check_tlb_entry(struct checker *c, int cpu, struct mm_struct *mm,
			    const struct hw_tlb_entry *e)
{
	unsigned long addr = e->vpn << PAGE_SHIFT;
	pte_t *ptep = mm_find_pte(mm, addr);
	pte_t pte = ptep ? *ptep : __pte(0), ent = __pte(e->pte);
	const char *what = NULL;

	if (!pte_hw_present(pte))
		what = "no present PTE";
	else if (pte_pfn(pte) != pte_pfn(ent))
		what = "another PFN";
	else if (pte_write(ent) && !pte_write(pte))
		what = "a read-only PTE";
	else if ((pte_val(ent) & _PAGE_USER) && !(pte_val(pte) & _PAGE_USER))
		what = "a kernel PTE";
	else if (pte_exec(ent) && !pte_exec(pte))
		what = "an NX PTE";
	else if (pte_flags_pkey(ent) != pte_flags_pkey(pte))
		what = "another protection key";
	else if (pte_dirty(ent) && !pte_dirty(pte))
		what = "a clean PTE";
	if (what)
		problem(c, "cpu %d: stale TLB entry for 0x%lx (pte 0x%llx) over %s (0x%llx)",
			cpu, addr, (unsigned long long)pte_val(ent), what,
			(unsigned long long)pte_val(pte));
}

/*
 * check_tlbs - no CPU's TLB allows more than the page tables of the mm in
 * its CR3: its entries are checked unless the CPU missed a flush while
 * lazy (its tlb_gen behind: it flushes everything before it uses them
 * again) or the teaching switch forget_tlb_flush= is on; a CPU with
 * init_mm's tables has no user entries at all.
 */
static void check_tlbs(struct checker *c)
{
	struct machine *m = c->m;

	if (m->cfg.cpu.forget_tlb_flush)
		return;
	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++) {
		const struct cpu_state *cs = &m->cpus[cpu];

		if (!cs->loaded_mm) {
			if (hw_tlb_nr_entries(&cs->tlb))
				problem(c, "cpu %d: TLB entries without an mm",
					cpu);
			continue;
		}
		if (cs->loaded_tlb_gen != cs->loaded_mm->tlb_gen)
			continue;
		for (int set = 0; set < HW_TLB_SETS; set++)
			for (int way = 0; way < HW_TLB_WAYS; way++) {
				const struct hw_tlb_entry *e =
					&cs->tlb.set[set][way];

				if (!e->pte)
					continue;
				if ((e->vpn & (HW_TLB_SETS - 1)) !=
				    (unsigned long)set)
					problem(c, "cpu %d: TLB entry for 0x%lx in set %d",
						cpu, e->vpn << PAGE_SHIFT, set);
				check_tlb_entry(c, cpu, cs->loaded_mm, e);
			}
	}
}

static void check_slabs(struct checker *c)
{
	struct machine *m = c->m;
	struct zone *zone = c->zone;
	struct kmem_cache *caches[MAX_CHECKED_CACHES];
	struct slab_count count[MAX_CHECKED_CACHES];
	long bytes[2] = { 0, 0 };
	struct kmem_cache *s;
	int nr = 0;

	list_for_each_entry(s, &m->slab_caches, list) {
		if (nr == MAX_CHECKED_CACHES) {
			problem(c, "more than %d slab caches",
				MAX_CHECKED_CACHES);
			return;
		}
		caches[nr++] = s;
	}
	memset(count, 0, sizeof(count));

	for (unsigned long pfn = 0; pfn < zone->nr_pages; pfn++) {
		struct page *slab = &zone->mem_map[pfn];
		unsigned long frames;
		int i;

		if (!PageSlab(slab))
			continue;
		if (!slab->objects) {
			problem(c, "slab pfn %lu is a tail of no slab", pfn);
			continue;
		}
		s = slab->slab_cache;
		for (i = 0; i < nr; i++)
			if (caches[i] == s)
				break;
		if (i == nr) {
			problem(c, "slab pfn %lu belongs to no cache", pfn);
			continue;
		}
		if (!((slab->private == s->order &&
		       slab->objects == s->objects) ||
		      (slab->private == s->min_order &&
		       slab->objects == s->min_objects)))
			problem(c, "%s slab pfn %lu: order %u with %u objects",
				s->name, pfn, slab->private, slab->objects);
		if (slab->inuse > slab->objects)
			problem(c, "%s slab pfn %lu: %u of %u objects in use",
				s->name, pfn, slab->inuse, slab->objects);
		if (slab->_refcount != 1)
			problem(c, "%s slab pfn %lu has _refcount %d", s->name,
				pfn, slab->_refcount);
		frames = 1UL << slab->private;
		for (unsigned long j = 1;
		     j < frames && pfn + j < zone->nr_pages; j++) {
			struct page *tail = slab + j;

			if (!PageSlab(tail) || tail->objects ||
			    tail->slab_cache != s || tail->_refcount)
				problem(c, "%s slab pfn %lu: frame %lu is not "
					"its tail", s->name, pfn, pfn + j);
		}
		count[i].slabs++;
		count[i].frames += frames;
		count[i].objects += slab->objects;
		count[i].inuse += slab->inuse;
		bytes[!!(s->flags & SLAB_RECLAIM_ACCOUNT)] +=
			(long)(frames << PAGE_SHIFT);
		pfn += frames - 1;
	}

	for (int i = 0; i < nr; i++) {
		struct slab_count *n = &count[i];
		unsigned long free_listed = 0;
		struct page *slab;
		long objects = -1, walked = 0;

		s = caches[i];
		list_for_each_entry(slab, &s->partial, lru) {
			if (++walked > WALK_LIMIT) {
				problem(c, "%s: the partial list does not end",
					s->name);
				break;
			}
			if (!PageSlab(slab) || slab->slab_cache != s)
				problem(c, "%s: a partial slab is not one of "
					"its slabs", s->name);
			else if (slab->inuse >= slab->objects)
				problem(c, "%s: a full slab is on the partial "
					"list", s->name);
			else
				free_listed += slab->objects - slab->inuse;
			n->partial++;
		}
		if (n->partial != s->nr_partial)
			problem(c, "%s: nr_partial %lu, the list holds %lu",
				s->name, s->nr_partial, n->partial);
		if (n->slabs != s->nr_slabs || n->frames != s->nr_frames ||
		    n->objects != s->total_objects ||
		    n->inuse != s->active_objects)
			problem(c, "%s: %lu slabs, %lu frames, %lu/%lu objects; "
				"recount %lu, %lu, %lu/%lu", s->name,
				s->nr_slabs, s->nr_frames, s->active_objects,
				s->total_objects, n->slabs, n->frames,
				n->inuse, n->objects);
		/* Every slab with a free object is on the list. */
		if (free_listed != n->objects - n->inuse)
			problem(c, "%s: %lu free objects, %lu of them in "
				"partial slabs", s->name, n->objects - n->inuse,
				free_listed);
		for (int id = 0; id < NR_KMEM_CACHES; id++)
			if (m->kmem_caches[id] == s)
				objects = engine_objects(c, id);
		if (objects >= 0 && (unsigned long)objects != s->active_objects)
			problem(c, "%s: %lu objects in use, the engine holds "
				"%ld", s->name, s->active_objects, objects);
	}
	if (m->vm_stat[NR_SLAB_RECLAIMABLE_B] != bytes[1] ||
	    m->vm_stat[NR_SLAB_UNRECLAIMABLE_B] != bytes[0])
		problem(c, "NR_SLAB_RECLAIMABLE_B/UNRECLAIMABLE_B %ld/%ld, "
			"recount %ld/%ld", m->vm_stat[NR_SLAB_RECLAIMABLE_B],
			m->vm_stat[NR_SLAB_UNRECLAIMABLE_B], bytes[1],
			bytes[0]);
}

/**
 * mm_check_machine() - check that the engine's structures agree.
 * @m: machine (read lock suffices: the checker changes nothing)
 * @report: on failure, a malloc'ed text with one problem per line (at
 *	most 50, then a count of the rest); NULL on success. May be NULL.
 *
 * See the top of this file for what is checked.
 *
 * Return: 0 if consistent, -EUCLEAN otherwise, -ENOMEM if the host could
 * not hold the recount.
 */
/* memcg_problem - mem_cgroup_check()'s report, one problem() line each. */
static void memcg_problem(void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void memcg_problem(void *ctx, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	problem(ctx, "%s", line);
}

int mm_check_machine(struct machine *m, char **report)
{
	struct checker c = { .m = m, .zone = &m->zone, .rmap_sane = true };
	struct task_struct *t;
	long nr = 0;

	if (report)
		*report = NULL;
	c.frames = calloc(m->zone.nr_pages, sizeof(*c.frames));
	if (!c.frames)
		return -ENOMEM;
	if (m->swap) {
		c.swap_ptes = calloc(m->swap->max, sizeof(*c.swap_ptes));
		if (!c.swap_ptes) {
			free(c.frames);
			return -ENOMEM;
		}
	}

	check_tasks(&c);
	check_buddy(&c);
	for_each_task(m, t) {
		if (++nr > WALK_LIMIT)
			break;
		/* An mm shared by threads (CLONE_VM) is walked once. */
		if (t->mm && (t->mm->mm_users == 1 ||
			      !held_earlier(m, t, task_mm)))
			check_mm(&c, t);
	}
	{
		struct task_struct *k[2];

		for (int i = kthreads_of(m, k) - 1; i >= 0; i--)
			check_lazy_mm(&c, k[i]);
	}
	set_finish(&c.vmas);
	check_anon_vmas(&c);
	check_shmem(&c);
	check_swap(&c);
	check_frames(&c);
	check_lru(&c);
	check_slabs(&c);
	check_cpus(&c);
	check_tlbs(&c);
	/* Memory cgroups: each group's charges recounted from the frames. */
	mem_cgroup_check(m, memcg_problem, &c);

	if (c.dropped) {
		c.lines = 0;	/* room for the summary line */
		problem(&c, "... and %d more problems", c.dropped);
	}
	free(c.frames);
	free(c.swap_ptes);
	free(c.vmas.v);
	free(c.anon_vmas.v);
	free(c.mappings.v);
	free(c.files.v);
	if (!c.len) {
		free(c.buf);
		return c.nomem ? -ENOMEM : 0;
	}
	if (c.len && c.buf[c.len - 1] == '\n')
		c.buf[--c.len] = '\0';
	if (report)
		*report = c.buf;
	else
		free(c.buf);
	return -EUCLEAN;
}
