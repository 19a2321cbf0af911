/*
 * test_fork.c - unit tests of process lifetime (vm/fork.c, vm/exit.c,
 * vm/machine.c), the OOM killer (vm/oom_kill.c) and the invariant checker
 * (vm/debug.c): boot layout, fork/exit/wait, reparenting and reaping,
 * copy-on-write isolation, MADV_DONTFORK/MADV_WIPEONFORK, three
 * generations of COW with _mapcount/_refcount and rmap_walk checked after
 * every write, a failed fork, OOM kills, and the checker catching a
 * corrupted _mapcount. The harness runs the checker after every case.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "unit.h"
#include "../../vm/mm.h"

#define PROT_RW		(PROT_READ | PROT_WRITE)
#define MAP_PA		(MAP_PRIVATE | MAP_ANONYMOUS)

static struct task_struct *fork_task(struct task_struct *parent)
{
	struct machine *m = parent->machine;
	pid_t pid = sys_fork(parent);

	if (pid < 0)
		unit_fail(__FILE__, __LINE__, "fork: %d (%s)", pid, m->errmsg);
	return find_task_by_pid(m, pid);
}

static unsigned long do_mmap(struct task_struct *t, unsigned long len,
			     unsigned long flags)
{
	unsigned long addr = sys_mmap(t, 0, len, PROT_RW, flags);

	if (IS_ERR_VALUE(addr))
		unit_fail(__FILE__, __LINE__, "mmap: %ld (%s)", (long)addr,
			  t->machine->errmsg);
	return addr;
}

/* A user access as the ctl layer makes it: with current set. */
static struct access_result uaccess(struct task_struct *t, unsigned long addr,
				   size_t len, enum access_mode mode, void *buf)
{
	struct machine *m = t->machine;
	struct access_result res = { 0 };
	int err;

	unit_set_current(m, t);
	err = user_access(t, addr, len, mode, buf, &res);
	unit_set_current(m, NULL);
	if (err)
		unit_fail(__FILE__, __LINE__, "user_access: %d", err);
	return res;
}

static void store(struct task_struct *t, unsigned long addr, const char *s)
{
	struct access_result res = uaccess(t, addr, strlen(s), ACCESS_WRITE,
					  (void *)s);

	ASSERT_EQ(res.signo, 0);
}

static void expect_load(struct task_struct *t, unsigned long addr,
			const char *want)
{
	char buf[64] = { 0 };
	struct access_result res = uaccess(t, addr, strlen(want), ACCESS_READ,
					  buf);

	ASSERT_EQ(res.signo, 0);
	ASSERT_STR(buf, want);
}

/* The frame @t maps at @addr, or -1. */
static long pfn_at(struct task_struct *t, unsigned long addr)
{
	pte_t *pte = mm_find_pte(t->mm, addr);

	if (!pte || pte_none(*pte))
		return -1;
	return (long)pte_pfn(*pte);
}

static struct page *page_at(struct task_struct *t, unsigned long addr)
{
	long pfn = pfn_at(t, addr);

	ASSERT(pfn >= 0);
	return pfn_to_page(&t->machine->zone, (unsigned long)pfn);
}

/* ---- boot and spawn ---- */

static void test_boot_layout(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *init = m->init_task;
	struct mm_struct *mm = init->mm;
	struct vm_area_struct *stack = mm->mmap;

	ASSERT_EQ(init->pid, 1);
	ASSERT_STR(init->comm, "init");
	ASSERT(find_task_by_pid(m, 1) == init);
	ASSERT_EQ(m->nr_tasks, 1);
	ASSERT_EQ(mm->map_count, 1);
	ASSERT_HEX(stack->vm_start, 0x7ffffffde000UL);
	ASSERT_HEX(stack->vm_end, 0x7ffffffff000UL);
	ASSERT_HEX(stack->vm_flags, VM_STACK_FLAGS);
	ASSERT(stack->vm_next == NULL);
	ASSERT_HEX(mm->start_brk, START_BRK);
	ASSERT_HEX(mm->brk, START_BRK);
	ASSERT_HEX(mm->mmap_base, MMAP_BASE);
	ASSERT(mm->start_stack >= stack->vm_start &&
	       mm->start_stack < stack->vm_end);
	ASSERT_EQ(mm->total_vm, 33);
	ASSERT_EQ(mm->stack_vm, 33);
	ASSERT_EQ(mm->data_vm, 0);
	ASSERT_EQ(m->vm_committed_pages, 33);
	ASSERT_EQ(get_mm_rss(mm), 0);
	ASSERT_EQ(mm->pgtables_bytes, 0);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], 1);	/* init's pgd */
	EXPECT_CLEAN(m);
}

static void test_boot_soft_dirty(void)
{
	struct machine_config cfg;
	struct machine *m;

	machine_config_default(&cfg);
	ASSERT_EQ(cfg.mem_bytes, 256UL << 20);
	ASSERT_EQ(cfg.max_map_count, 65530);
	cfg.soft_dirty = true;
	m = machine_boot(&cfg);
	ASSERT(m);
	unit_track(m);
	ASSERT_HEX(m->init_task->mm->mmap->vm_flags,
		   VM_STACK_FLAGS | VM_SOFTDIRTY);
	ASSERT_HEX(unit_spawn(m, NULL)->mm->mmap->vm_flags,
		   VM_STACK_FLAGS | VM_SOFTDIRTY);
}

static void test_spawn(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, NULL);
	struct task_struct *b = unit_spawn(m, "a-very-long-command-name");
	struct task_struct *c = unit_spawn(m, "");

	ASSERT_EQ(a->pid, 2);
	ASSERT_STR(a->comm, "sh");
	ASSERT_EQ(b->pid, 3);
	ASSERT_STR(b->comm, "a-very-long-com");
	ASSERT_STR(c->comm, "sh");
	ASSERT(a->real_parent == m->init_task);
	ASSERT_EQ(m->nr_tasks, 4);
	ASSERT_EQ(m->vm_committed_pages, 4 * 33);
	ASSERT(find_task_by_pid(m, 5) == NULL);
	ASSERT(find_task_by_pid_any(m, 3) == b);
	ASSERT_EQ(b->mm->map_count, 1);
	ASSERT_HEX(b->mm->mmap->vm_start, STACK_START);
}

/* ---- fork, exit, wait ---- */

static void test_fork_exit_wait(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, "parent");
	struct task_struct *b = fork_task(a);
	pid_t bpid = b->pid;
	int status = -1;

	ASSERT_EQ(bpid, 3);
	ASSERT_STR(b->comm, "parent");
	ASSERT(b->real_parent == a);
	ASSERT(b->mm != a->mm);
	ASSERT_EQ(b->mm->map_count, 1);
	ASSERT_EQ(b->mm->total_vm, 33);
	ASSERT_EQ(m->vm_committed_pages, 3 * 33);

	ASSERT_EQ(sys_wait4(a, -1, &status), -EAGAIN);
	ASSERT_EQ(sys_wait4(a, 99, &status), -ECHILD);
	ASSERT_EQ(sys_wait4(b, -1, &status), -ECHILD);

	ASSERT_EQ(do_exit(b, (3 & 0xff) << 8), 0);
	ASSERT(find_task_by_pid(m, bpid) == NULL);
	ASSERT(find_task_by_pid_any(m, bpid) == b);
	ASSERT_EQ(b->state, EXIT_ZOMBIE);
	ASSERT(b->mm == NULL);
	ASSERT_EQ(do_exit(b, 0), -ESRCH);
	ASSERT_EQ(m->vm_committed_pages, 2 * 33);
	EXPECT_CLEAN(m);

	ASSERT_EQ(sys_wait4(a, bpid, &status), bpid);
	ASSERT_EQ(status, 3 << 8);
	ASSERT(find_task_by_pid_any(m, bpid) == NULL);
	ASSERT_EQ(sys_wait4(a, -1, &status), -ECHILD);

	ASSERT_EQ(do_exit(m->init_task, 0), -EPERM);

	/* A child of PID 1 is reaped as soon as it exits. */
	ASSERT_EQ(do_exit(a, 0), 0);
	ASSERT(find_task_by_pid_any(m, 2) == NULL);
	ASSERT_EQ(m->nr_tasks, 1);
	ASSERT_EQ(m->forks, 3);		/* init, spawn, fork */

	/* PIDs are not reused. */
	ASSERT_EQ(unit_spawn(m, NULL)->pid, 4);
}

static void test_reparent(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, NULL);		/* 2 */
	struct task_struct *b = fork_task(a);		/* 3 */
	struct task_struct *c = fork_task(b);		/* 4 */
	struct task_struct *d = fork_task(b);		/* 5 */
	int status;

	/* d exits first: a zombie of b. */
	ASSERT_EQ(do_exit(d, SIGSEGV), 0);
	ASSERT(find_task_by_pid_any(m, 5) == d);

	/* b exits: c goes to PID 1, zombie d is reaped at once. */
	ASSERT_EQ(do_exit(b, 0), 0);
	ASSERT(c->real_parent == m->init_task);
	ASSERT(find_task_by_pid_any(m, 5) == NULL);
	ASSERT(find_task_by_pid_any(m, 3) == b);
	EXPECT_CLEAN(m);

	ASSERT_EQ(sys_wait4(a, -1, &status), 3);
	ASSERT_EQ(status, 0);

	/* The orphan's exit needs no wait. */
	ASSERT_EQ(do_exit(c, 1 << 8), 0);
	ASSERT(find_task_by_pid_any(m, 4) == NULL);
	ASSERT_EQ(m->nr_tasks, 2);
}

/*
 * wait_task_zombie(): the reaper's cmin_flt gains the child's min_flt and
 * the child's own cmin_flt; PID 1 gains what it reaps, reparented zombies
 * included. A fork child starts at 0 and fork counts nothing in the parent.
 */
static void test_wait_fault_counts(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *init = m->init_task;
	struct task_struct *a = unit_spawn(m, NULL);
	unsigned long addr = do_mmap(a, 16 * PAGE_SIZE, MAP_PA);
	struct task_struct *b, *c, *d;
	pid_t cpid;
	int status;

	uaccess(a, addr, 2 * PAGE_SIZE, ACCESS_WRITE, NULL);
	b = fork_task(a);
	ASSERT_EQ(a->min_flt, 2);
	ASSERT_EQ(b->min_flt, 0);
	ASSERT_EQ(b->signal->cmin_flt, 0);
	uaccess(b, addr, 3 * PAGE_SIZE, ACCESS_WRITE, NULL);	/* 2 COW, 1 new */
	c = fork_task(b);
	d = fork_task(b);
	uaccess(c, addr + 4 * PAGE_SIZE, 4 * PAGE_SIZE, ACCESS_READ, NULL);
	uaccess(d, addr + 8 * PAGE_SIZE, 5 * PAGE_SIZE, ACCESS_WRITE, NULL);
	cpid = c->pid;
	ASSERT_EQ(do_exit(c, 0), 0);
	ASSERT_EQ(sys_wait4(b, cpid, &status), cpid);
	ASSERT_EQ(b->signal->cmin_flt, 4);
	ASSERT_EQ(do_exit(d, 0), 0);		/* a zombie of b ... */
	ASSERT_EQ(do_exit(b, 0), 0);		/* ... reparented, reaped by init */
	ASSERT_EQ(init->signal->cmin_flt, 5);
	ASSERT_EQ(sys_wait4(a, -1, &status), 3);
	ASSERT_EQ(a->signal->cmin_flt, 3 + 4);
	ASSERT_EQ(a->min_flt, 2);
	ASSERT_EQ(do_exit(a, 0), 0);
	ASSERT_EQ(init->signal->cmin_flt, 5 + 2 + 7);
	ASSERT_EQ(init->signal->cmaj_flt, 0);
}

/* wait with no pid reaps the oldest zombie child first. */
static void test_wait_order(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, NULL);
	struct task_struct *b = fork_task(a), *c = fork_task(a);
	int status;

	ASSERT_EQ(do_exit(c, 7 << 8), 0);
	ASSERT_EQ(do_exit(b, SIGKILL), 0);
	ASSERT_EQ(sys_wait4(a, 0, &status), 3);
	ASSERT_EQ(status, SIGKILL);
	ASSERT_EQ(sys_wait4(a, 0, &status), 4);
	ASSERT_EQ(status, 7 << 8);
}

/* ---- COW ---- */

static void test_cow_isolation(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, NULL);
	unsigned long addr = do_mmap(a, 4 * PAGE_SIZE, MAP_PA);
	struct task_struct *b;
	struct page *page;

	store(a, addr, "hello");
	store(a, addr + PAGE_SIZE, "second");
	b = fork_task(a);

	/* After fork both map the same frames, write-protected. */
	ASSERT_EQ(pfn_at(a, addr), pfn_at(b, addr));
	page = page_at(a, addr);
	ASSERT_EQ(page_mapcount(page), 2);
	ASSERT_EQ(page_ref_count(page), 2);
	ASSERT(!pte_write(*mm_find_pte(a->mm, addr)));
	ASSERT(!pte_write(*mm_find_pte(b->mm, addr)));
	ASSERT_EQ(get_mm_counter(b->mm, MM_ANONPAGES), 2);
	ASSERT_EQ(b->mm->hiwater_rss, 2);
	expect_load(b, addr, "hello");
	EXPECT_CLEAN(m);

	store(b, addr, "world");
	expect_load(a, addr, "hello");
	expect_load(b, addr, "world");
	ASSERT(pfn_at(a, addr) != pfn_at(b, addr));
	ASSERT_EQ(page_mapcount(page_at(a, addr)), 1);
	ASSERT_EQ(page_mapcount(page_at(b, addr)), 1);
	/* The page nobody wrote is still shared. */
	ASSERT_EQ(pfn_at(a, addr + PAGE_SIZE), pfn_at(b, addr + PAGE_SIZE));
	expect_load(b, addr + PAGE_SIZE, "second");

	/* The parent's write now reuses its page: nobody else maps it. */
	{
		long before = pfn_at(a, addr);
		struct access_result res = uaccess(a, addr, 1, ACCESS_WRITE,
						   (void *)"H");

		ASSERT_EQ(res.stats.reuse, 1);
		ASSERT_EQ(res.stats.cow, 0);
		ASSERT_EQ(pfn_at(a, addr), before);
	}
	expect_load(a, addr, "Hello");
	expect_load(b, addr, "world");
}

static void test_cow_after_parent_exit(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, NULL);
	unsigned long addr = do_mmap(a, PAGE_SIZE, MAP_PA);
	struct task_struct *b, *c;
	long pfn;

	store(a, addr, "data");
	b = fork_task(a);
	c = fork_task(b);
	pfn = pfn_at(a, addr);
	ASSERT_EQ(page_mapcount(page_at(c, addr)), 3);
	ASSERT_EQ(do_exit(a, 0), 0);	/* a child of PID 1: reaped */
	ASSERT(b->real_parent == m->init_task);
	ASSERT_EQ(page_mapcount(page_at(c, addr)), 2);
	{
		char want[64];

		snprintf(want, sizeof(want), "3:0x%lx 4:0x%lx", addr, addr);
		ASSERT_STR(unit_rmap_str(page_at(c, addr)), want);
	}
	EXPECT_CLEAN(m);
	ASSERT_EQ(do_exit(b, 0), 0);
	/* The last one writes in place: the anon_vma of a dead process. */
	{
		struct access_result res = uaccess(c, addr, 1, ACCESS_WRITE,
						   (void *)"D");

		ASSERT_EQ(res.stats.reuse, 1);
	}
	ASSERT_EQ(pfn_at(c, addr), pfn);
	expect_load(c, addr, "Data");
}

static void test_dontfork_wipeonfork(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, NULL);
	unsigned long keep = do_mmap(a, 2 * PAGE_SIZE, MAP_PA);
	unsigned long dontfork = do_mmap(a, 3 * PAGE_SIZE, MAP_PA);
	unsigned long wipe = do_mmap(a, 4 * PAGE_SIZE, MAP_PA);
	struct task_struct *b;
	struct vm_area_struct *vma;

	ASSERT_EQ(sys_madvise(a, dontfork, 3 * PAGE_SIZE, MADV_DONTFORK), 0);
	ASSERT_EQ(sys_madvise(a, wipe, 4 * PAGE_SIZE, MADV_WIPEONFORK), 0);
	store(a, keep, "keep");
	store(a, dontfork, "gone");
	store(a, wipe, "wiped");
	ASSERT_EQ(a->mm->map_count, 4);

	b = fork_task(a);
	ASSERT_EQ(b->mm->map_count, 3);
	ASSERT(find_vma_intersection(b->mm, dontfork,
				     dontfork + 3 * PAGE_SIZE) == NULL);
	ASSERT_EQ(b->mm->total_vm, a->mm->total_vm - 3);
	ASSERT_EQ(b->mm->data_vm, a->mm->data_vm - 3);

	vma = find_vma(b->mm, wipe);
	ASSERT(vma && vma->vm_start == wipe);
	ASSERT(vma->vm_flags & VM_WIPEONFORK);
	ASSERT(vma->anon_vma == NULL);
	ASSERT_EQ(pfn_at(b, wipe), -1);
	ASSERT_EQ(get_mm_counter(b->mm, MM_ANONPAGES), 1);	/* keep */
	EXPECT_CLEAN(m);

	{
		char zeroes[8] = { 0 }, got[8] = { 1 };

		ASSERT_EQ(uaccess(b, wipe, 8, ACCESS_READ, got).signo, 0);
		ASSERT(!memcmp(got, zeroes, 8));
	}
	expect_load(b, keep, "keep");
	expect_load(a, wipe, "wiped");
	/* The parent's wiped page is still its own alone. */
	ASSERT_EQ(page_mapcount(page_at(a, wipe)), 1);
	ASSERT_EQ(page_mapcount(page_at(a, dontfork)), 1);

	/* A child's touch of the DONTFORK range is a SIGSEGV. */
	{
		struct access_result res = uaccess(b, dontfork, 1, ACCESS_READ,
						  NULL);
		int status;

		ASSERT_EQ(res.signo, SIGSEGV);
		ASSERT_EQ(res.si_code, SEGV_MAPERR);
		ASSERT_EQ(sys_wait4(a, -1, &status), 3);
		ASSERT_EQ(status, SIGSEGV);
	}
}

/* mlock is not inherited: the child's VMA loses VM_LOCKED, locked_vm 0. */
static void test_mlock_not_inherited(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, NULL);
	unsigned long addr = do_mmap(a, 2 * PAGE_SIZE, MAP_PA);
	struct task_struct *b;

	ASSERT_EQ(sys_mlock(a, addr, 2 * PAGE_SIZE), 0);
	ASSERT_EQ(a->mm->locked_vm, 2);
	b = fork_task(a);
	ASSERT_EQ(b->mm->locked_vm, 0);
	ASSERT(!(find_vma(b->mm, addr)->vm_flags & VM_LOCKED));
	ASSERT(find_vma(a->mm, addr)->vm_flags & VM_LOCKED);
	ASSERT_EQ(get_mm_counter(b->mm, MM_ANONPAGES), 2);
}

/*
 * Three generations share page 0; then each writes it, in every order.
 * The first two writers copy; the last one finds itself the only mapper
 * and reuses the original frame, which rmap still finds through the
 * grandparent's anon_vma.
 */
static void three_generations(const int order[3])
{
	struct machine *m = unit_boot(0);
	struct task_struct *t[3];
	unsigned long addr;
	struct page *orig;
	long orig_pfn, pfns[3];
	char expect[64];

	t[0] = unit_spawn(m, NULL);			/* pid 2 */
	addr = do_mmap(t[0], 2 * PAGE_SIZE, MAP_PA);
	store(t[0], addr, "gen0");
	store(t[0], addr + PAGE_SIZE, "other");
	t[1] = fork_task(t[0]);			/* pid 3 */
	t[2] = fork_task(t[1]);			/* pid 4 */

	orig_pfn = pfn_at(t[0], addr);
	orig = page_at(t[0], addr);
	ASSERT_EQ(page_mapcount(orig), 3);
	ASSERT_EQ(page_ref_count(orig), 3);
	snprintf(expect, sizeof(expect), "2:0x%lx 3:0x%lx 4:0x%lx", addr, addr,
		 addr);
	ASSERT_STR(unit_rmap_str(orig), expect);

	for (int step = 0; step < 3; step++) {
		struct task_struct *w = t[order[step]];
		struct access_result res = uaccess(w, addr, 1, ACCESS_WRITE,
						  (void *)"W");
		int left = 2 - step;

		if (step < 2) {
			ASSERT_EQ(res.stats.cow, 1);
			ASSERT_EQ(res.stats.reuse, 0);
			ASSERT(pfn_at(w, addr) != orig_pfn);
		} else {
			ASSERT_EQ(res.stats.cow, 0);
			ASSERT_EQ(res.stats.reuse, 1);
			ASSERT_EQ(pfn_at(w, addr), orig_pfn);
		}
		pfns[order[step]] = pfn_at(w, addr);
		ASSERT_EQ(page_mapcount(page_at(w, addr)), 1);
		ASSERT_EQ(page_ref_count(page_at(w, addr)), 1);
		snprintf(expect, sizeof(expect), "%d:0x%lx", w->pid, addr);
		ASSERT_STR(unit_rmap_str(page_at(w, addr)), expect);

		/* The original is mapped by those that have not written. */
		if (left) {
			size_t len = 0;

			ASSERT_EQ(page_mapcount(orig), left);
			ASSERT_EQ(page_ref_count(orig), left);
			expect[0] = '\0';
			for (int i = 0; i < 3; i++) {
				bool wrote = false;

				for (int s = 0; s <= step; s++)
					wrote |= order[s] == i;
				if (!wrote)
					len += snprintf(expect + len,
							sizeof(expect) - len,
							"%s%d:0x%lx",
							len ? " " : "",
							t[i]->pid, addr);
			}
			ASSERT_STR(unit_rmap_str(orig), expect);
		}
		EXPECT_CLEAN(m);
	}
	ASSERT(pfns[0] != pfns[1] && pfns[1] != pfns[2] && pfns[0] != pfns[2]);
	for (int i = 0; i < 3; i++) {
		char data[8] = { 0 };

		uaccess(t[i], addr, 4, ACCESS_READ, data);
		ASSERT_STR(data, "Wen0");
	}
	/* Page 1, never written after fork, is still shared by all three. */
	ASSERT_EQ(page_mapcount(page_at(t[2], addr + PAGE_SIZE)), 3);
	snprintf(expect, sizeof(expect), "2:0x%lx 3:0x%lx 4:0x%lx",
		 addr + PAGE_SIZE, addr + PAGE_SIZE, addr + PAGE_SIZE);
	ASSERT_STR(unit_rmap_str(page_at(t[1], addr + PAGE_SIZE)), expect);
}

static void test_three_generations(void)
{
	static const int orders[6][3] = {
		{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
		{ 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
	};
	for (int i = 0; i < 6; i++)
		three_generations(orders[i]);
}

/* A machine with no room for the child's tables: fork fails cleanly. */
static void test_fork_enomem(void)
{
	struct machine *m = unit_boot(1UL << 20);
	struct task_struct *a = unit_spawn(m, NULL);
	unsigned long addr = do_mmap(a, 1UL << 20, MAP_PA);
	unsigned long committed, total_vm, i = 0;
	pid_t last_pid;
	int map_count;

	/* Fill memory until two frames are left. */
	while (m->zone.free_pages > 2) {
		ASSERT(i < 256);
		store(a, addr + i * PAGE_SIZE, "x");
		i++;
	}
	committed = m->vm_committed_pages;
	total_vm = a->mm->total_vm;
	map_count = a->mm->map_count;
	last_pid = m->last_pid;

	unit_set_current(m, a);		/* fork(2) runs as current */
	ASSERT_EQ(sys_fork(a), -ENOMEM);
	unit_set_current(m, NULL);
	/* The OOM killer found only the parent, which a failed fork spares. */
	ASSERT_EQ(m->vm_events[OOM_KILL], 0);
	ASSERT(find_task_by_pid(m, a->pid) == a);
	ASSERT_EQ(m->last_pid, last_pid);
	ASSERT_EQ(m->nr_tasks, 2);
	ASSERT_EQ(m->vm_committed_pages, committed);
	ASSERT_EQ(a->mm->total_vm, total_vm);
	ASSERT_EQ(a->mm->map_count, map_count);
	ASSERT_EQ(m->zone.free_pages, 2);
	ASSERT_EQ(page_mapcount(page_at(a, addr)), 1);
	ASSERT_EQ(get_mm_counter(a->mm, MM_ANONPAGES), i);
	EXPECT_CLEAN(m);
	expect_load(a, addr, "x");
	store(a, addr, "y");		/* the try left the PTE writable */
	expect_load(a, addr, "y");
}

/*
 * A fork that runs out of frames for the child's tables of its second
 * VMA, after the first VMA's tables were had, leaves the parent exactly
 * as it was: dup_mmap() allocates every table before it copies (and
 * write-protects) a single PTE. Before, the first VMA's PTEs stayed
 * write-protected and its pages lost PageAnonExclusive, so the parent's
 * next write took a reuse fault.
 */
static void test_fork_enomem_parent_unchanged(void)
{
	struct machine *m = unit_boot(1UL << 20);
	struct task_struct *a = unit_spawn(m, NULL);
	unsigned long v1 = 0x7f0000000000UL, v2 = 0x7f0000200000UL;
	unsigned long reuse;
	char *before, *after;

	ASSERT_HEX(sys_mmap(a, v1, PAGE_SIZE, PROT_RW, MAP_PA | MAP_FIXED), v1);
	ASSERT_HEX(sys_mmap(a, v2, PAGE_SIZE, PROT_RW, MAP_PA | MAP_FIXED), v2);
	store(a, v1, "one");
	store(a, v2, "two");
	/* The child's pgd and v1's pud, pmd and PTE tables; none for v2. */
	unit_fill_until(a, 4);
	before = unit_mm_dump(a->mm);

	unit_set_current(m, a);
	ASSERT_EQ(sys_fork(a), -ENOMEM);
	unit_set_current(m, NULL);
	after = unit_mm_dump(a->mm);
	ASSERT_STR(after, before);
	ASSERT(PageAnonExclusive(page_at(a, v1)));
	ASSERT_EQ(m->vm_events[OOM_KILL], 0);
	ASSERT_EQ(m->nr_tasks, 2);
	reuse = m->vm_events[PGREUSE];
	store(a, v1, "ONE");		/* no fault: the PTE is still writable */
	ASSERT_EQ(m->vm_events[PGREUSE], reuse);
	expect_load(a, v1, "ONE");
	free(before);
	free(after);
}

/*
 * spawn allocates like fork: with no frame free, the OOM killer ends the
 * worst task (not the one being created) and spawn succeeds.
 */
static void test_spawn_oom_kills(void)
{
	struct machine *m = unit_boot(1UL << 20);
	struct task_struct *hog = unit_spawn(m, "hog");		/* 2 */
	struct task_struct *t;
	int err = 0;

	unit_fill_until(hog, 0);
	t = machine_spawn(m, "new", &err);
	ASSERT(t != NULL);
	ASSERT_EQ(err, 0);
	ASSERT_EQ(t->pid, 3);
	ASSERT_EQ(m->vm_events[OOM_KILL], 1);
	ASSERT(find_task_by_pid_any(m, 2) == NULL);	/* reaped by PID 1 */
	EXPECT_CLEAN(m);
}

/* ---- OOM ---- */

static void test_oom_badness(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, NULL);
	unsigned long addr = do_mmap(a, 8 * PAGE_SIZE, MAP_PA);
	unsigned long total = m->zone.nr_pages;		/* 65536 */

	uaccess(a, addr, 8 * PAGE_SIZE, ACCESS_WRITE, NULL);
	/* 8 pages + pud, pmd and pte tables */
	ASSERT_EQ(oom_badness(a, total), 8 + 3);
	a->oom_score_adj = 500;
	ASSERT_EQ(oom_badness(a, total), 11 + 500 * (65536 / 1000));
	a->oom_score_adj = -1000;
	ASSERT_EQ(oom_badness(a, total), LONG_MIN);
	ASSERT_EQ(oom_badness(m->init_task, total), LONG_MIN);
	a->oom_score_adj = 0;
}

/*
 * 1M of RAM (256 frames): a holds 150 pages; b, touching 150 more, runs
 * out; the OOM killer picks a (the largest) and b's access completes.
 */
static void test_oom_kills_largest(void)
{
	struct machine *m = unit_boot(1UL << 20);
	struct task_struct *p = unit_spawn(m, "parent");		/* 2 */
	struct task_struct *a = fork_task(p);			/* 3 */
	struct task_struct *b = unit_spawn(m, "hog");		/* 4 */
	struct task_struct *small = unit_spawn(m, "small");		/* 5 */
	unsigned long aa = do_mmap(a, 1UL << 20, MAP_PA);
	unsigned long ba = do_mmap(b, 1UL << 20, MAP_PA);
	unsigned long sa = do_mmap(small, PAGE_SIZE, MAP_PA);
	struct access_result res;
	int status;

	uaccess(small, sa, PAGE_SIZE, ACCESS_WRITE, NULL);
	res = uaccess(a, aa, 150 * PAGE_SIZE, ACCESS_WRITE, NULL);
	ASSERT_EQ(res.signo, 0);
	ASSERT_EQ(res.stats.oom_kills, 0);
	res = uaccess(b, ba, 150 * PAGE_SIZE, ACCESS_WRITE, NULL);
	ASSERT_EQ(res.signo, 0);
	ASSERT_EQ(res.stats.anon, 150);
	ASSERT_EQ(res.stats.oom_kills, 1);
	ASSERT_EQ(m->vm_events[OOM_KILL], 1);
	ASSERT(find_task_by_pid(m, 3) == NULL);		/* a was killed */
	ASSERT(find_task_by_pid(m, 5) == small);
	ASSERT_EQ(get_mm_counter(b->mm, MM_ANONPAGES), 150);
	EXPECT_CLEAN(m);
	ASSERT_EQ(sys_wait4(p, -1, &status), 3);
	ASSERT_EQ(status, SIGKILL);
}

/* oom_score_adj -1000 protects the largest task; the next one dies. */
static void test_oom_score_adj(void)
{
	struct machine *m = unit_boot(1UL << 20);
	struct task_struct *a = unit_spawn(m, "big");		/* 2 */
	struct task_struct *c = unit_spawn(m, "medium");		/* 3 */
	struct task_struct *b = unit_spawn(m, "hog");		/* 4 */
	unsigned long aa = do_mmap(a, 1UL << 20, MAP_PA);
	unsigned long ca = do_mmap(c, 1UL << 20, MAP_PA);
	unsigned long ba = do_mmap(b, 1UL << 20, MAP_PA);
	struct access_result res;

	a->oom_score_adj = -1000;
	uaccess(a, aa, 100 * PAGE_SIZE, ACCESS_WRITE, NULL);
	uaccess(c, ca, 90 * PAGE_SIZE, ACCESS_WRITE, NULL);
	/* 55 frames are left: b runs out with 52 pages, fewer than c's 90. */
	res = uaccess(b, ba, 60 * PAGE_SIZE, ACCESS_WRITE, NULL);
	ASSERT_EQ(res.signo, 0);
	ASSERT_EQ(res.stats.oom_kills, 1);
	ASSERT(find_task_by_pid(m, 2) == a);
	ASSERT(find_task_by_pid_any(m, 3) == NULL);
	ASSERT_EQ(get_mm_counter(a->mm, MM_ANONPAGES), 100);
	ASSERT_EQ(get_mm_counter(b->mm, MM_ANONPAGES), 60);
}

/*
 * A lone hog that fills memory is itself the worst task: the OOM killer
 * chooses the faulting task, which dies of SIGKILL; its memory is freed
 * and its parent's wait reports the signal.
 */
static void test_oom_kills_faulting_task(void)
{
	struct machine *m = unit_boot(1UL << 20);
	struct task_struct *p = unit_spawn(m, "parent");		/* 2 */
	struct task_struct *h = fork_task(p);			/* 3 */
	unsigned long addr = do_mmap(h, 1UL << 20, MAP_PA);
	unsigned long free_before = m->zone.free_pages;
	struct access_result res;
	int status;

	res = uaccess(h, addr, 1UL << 20, ACCESS_WRITE, NULL);
	ASSERT_EQ(res.signo, SIGKILL);
	ASSERT_EQ(m->vm_events[OOM_KILL], 1);
	ASSERT(find_task_by_pid(m, 3) == NULL);
	/*
	 * + h's pgd; - the slabs of the machine's first anon_vma and
	 * anon_vma_chain, which h's first fault took and which stay, empty,
	 * on their partial lists (SLUB's min_partial).
	 */
	ASSERT_EQ(m->zone.free_pages, free_before + 1 - 2);
	EXPECT_CLEAN(m);
	ASSERT_EQ(sys_wait4(p, 3, &status), 3);
	ASSERT_EQ(status, SIGKILL);
}

/* ---- the checker ---- */

static void test_checker_catches_mapcount(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, NULL);
	unsigned long addr = do_mmap(a, PAGE_SIZE, MAP_PA);
	struct page *page;
	char *report = NULL;
	char want[64];

	store(a, addr, "x");
	fork_task(a);
	page = page_at(a, addr);
	ASSERT_EQ(page->_mapcount, 1);
	EXPECT_CLEAN(m);

	page->_mapcount = 2;
	ASSERT_EQ(mm_check_machine(m, &report), -EUCLEAN);
	ASSERT(report);
	snprintf(want, sizeof(want), "pfn %lu: _mapcount+1 is 3 but 2 PTEs "
		 "map it", pfn_at(a, addr));
	if (!strstr(report, want))
		unit_fail(__FILE__, __LINE__, "report lacks \"%s\":\n%s", want,
			  report);
	free(report);
	page->_mapcount = 1;
	EXPECT_CLEAN(m);
}

static void test_checker_catches_leak_and_double_free(void)
{
	struct machine *m = unit_boot(0);
	struct page *page = alloc_page(&m->zone);
	unsigned long pfn = page_to_pfn(&m->zone, page);
	char *report = NULL;
	char want[64];

	/* A frame allocated and forgotten: refcount 1, nothing maps it. */
	ASSERT_EQ(mm_check_machine(m, &report), -EUCLEAN);
	snprintf(want, sizeof(want), "pfn %lu: _refcount 1, expected 0", pfn);
	ASSERT(report && strstr(report, want));
	free(report);
	report = NULL;
	put_page(&m->zone, page);
	EXPECT_CLEAN(m);

	/* A VMA list whose map_count is off. */
	m->init_task->mm->map_count++;
	ASSERT_EQ(mm_check_machine(m, &report), -EUCLEAN);
	ASSERT(report && strstr(report, "pid 1: map_count 2 but 1 VMAs "
				"listed"));
	free(report);
	m->init_task->mm->map_count--;
}

int main(void)
{
	RUN(test_boot_layout);
	RUN(test_boot_soft_dirty);
	RUN(test_spawn);
	RUN(test_fork_exit_wait);
	RUN(test_reparent);
	RUN(test_wait_fault_counts);
	RUN(test_wait_order);
	RUN(test_cow_isolation);
	RUN(test_cow_after_parent_exit);
	RUN(test_dontfork_wipeonfork);
	RUN(test_mlock_not_inherited);
	RUN(test_three_generations);
	RUN(test_fork_enomem);
	RUN(test_fork_enomem_parent_unchanged);
	RUN(test_spawn_oom_kills);
	RUN(test_oom_badness);
	RUN(test_oom_kills_largest);
	RUN(test_oom_score_adj);
	RUN(test_oom_kills_faulting_task);
	RUN(test_checker_catches_mapcount);
	RUN(test_checker_catches_leak_and_double_free);
	return unit_done();
}
