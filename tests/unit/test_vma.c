/*
 * test_vma.c - unit tests of the VMA layer (vm/mmap.c, mprotect.c,
 * mlock.c, madvise.c, mremap.c), in the manner of the kernel's
 * tools/testing/vma: an address space is drawn as an ASCII layout, one
 * character per page of a window ('a', 'b', ... one letter per VMA in
 * address order, '.' for a hole), and compared with the expected
 * drawing. Merge and split cases loop over combinations of protections
 * and mapping flags. Failing calls are checked to change nothing: the
 * VMAs, their flags, the PTEs and every counter are snapshotted before
 * and compared after. The harness runs the invariant checker after every
 * case; the loops also run it after every combination.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "unit.h"
#include "../../vm/mm.h"

#define P		PAGE_SIZE
#define W		0x10000000UL	/* the window fixed mappings go in */
#define RW		(PROT_READ | PROT_WRITE)
#define PA		(MAP_PRIVATE | MAP_ANONYMOUS)
#define SA		(MAP_SHARED | MAP_ANONYMOUS)
#define A(i)		(W + (unsigned long)(i) * P)

/* ---- fixtures ---- */

static struct machine *boot_cfg(bool soft_dirty, int overcommit, int ratio)
{
	struct machine_config cfg;
	struct machine *m;

	machine_config_default(&cfg);
	cfg.soft_dirty = soft_dirty;
	cfg.overcommit_memory = overcommit;
	cfg.overcommit_ratio = ratio;
	m = machine_boot(&cfg);
	if (!m)
		unit_fail(__FILE__, __LINE__, "machine_boot failed");
	unit_track(m);
	return m;
}

/* A fresh default machine and a spawned task on it. */
static struct task_struct *setup(void)
{
	return unit_spawn(unit_boot(0), "t");
}

static void check(struct machine *m, const char *what)
{
	char *report = NULL;

	if (mm_check_machine(m, &report)) {
		snprintf(unit_msg, sizeof(unit_msg), "checker after %s: %s",
			 what, report ? report : "?");
		free(report);
		longjmp(unit_jmp, 1);
	}
	free(report);
}

#define MMAP(t, i, n, prot, flags) do {					\
	unsigned long _r = sys_mmap(t, A(i), (n) * P, prot,		\
				    (flags) | MAP_FIXED);		\
	if (_r != A(i))							\
		unit_fail(__FILE__, __LINE__, "mmap %s: %ld (%s)",	\
			  #i, (long)_r, (t)->machine->errmsg);		\
} while (0)

#define OK(call) do {							\
	long _r = (long)(call);						\
	if (_r < 0 && _r > -4096)					\
		unit_fail(__FILE__, __LINE__, "%s: %ld (%s)", #call,	\
			  _r, t->machine->errmsg);			\
} while (0)

/* A user access as the ctl layer makes it (with current set). */
static struct access_result uaccess(struct task_struct *t, unsigned long addr,
				   size_t len, enum access_mode mode, void *buf)
{
	struct machine *m = t->machine;
	struct access_result res;
	int err;

	memset(&res, 0, sizeof(res));
	unit_set_current(m, t);
	err = user_access(t, addr, len, mode, buf, &res);
	unit_set_current(m, NULL);
	if (err)
		unit_fail(__FILE__, __LINE__, "user_access: %d", err);
	return res;
}

static void touch(struct task_struct *t, int i, int n, enum access_mode mode)
{
	struct access_result res = uaccess(t, A(i), (size_t)n * P, mode, NULL);

	ASSERT_EQ(res.signo, 0);
}

static void store(struct task_struct *t, unsigned long addr, const char *s)
{
	struct access_result res = uaccess(t, addr, strlen(s), ACCESS_WRITE,
					  (void *)s);

	ASSERT_EQ(res.signo, 0);
}

static const char *load(struct task_struct *t, unsigned long addr, size_t n)
{
	static char buf[64];
	struct access_result res;

	memset(buf, 0, sizeof(buf));
	res = uaccess(t, addr, n, ACCESS_READ, buf);
	ASSERT_EQ(res.signo, 0);
	for (size_t i = 0; i < n; i++)
		if (!buf[i])
			buf[i] = '0';
	return buf;
}

static struct vm_area_struct *vma_at(struct task_struct *t, unsigned long a)
{
	struct vm_area_struct *vma = find_vma(t->mm, a);

	return vma && vma->vm_start <= a ? vma : NULL;
}

/*
 * layout - the window of @pages pages from @base: one letter per VMA in
 * address order, '.' where nothing is mapped.
 */
static const char *layout_at(struct task_struct *t, unsigned long base,
			     int pages)
{
	static char bufs[8][512];
	static int slot;
	char *s = bufs[slot++ % 8];
	struct vm_area_struct *last = NULL;
	char letter = 'a' - 1;

	for (int i = 0; i < pages && i < 511; i++) {
		struct vm_area_struct *vma = vma_at(t, base + i * P);

		if (!vma) {
			s[i] = '.';
			continue;
		}
		if (vma != last) {
			letter++;
			last = vma;
		}
		s[i] = letter;
	}
	s[pages < 511 ? pages : 511] = '\0';
	return s;
}

#define layout(t, pages) layout_at(t, W, pages)

static unsigned long rss(struct task_struct *t)
{
	return get_mm_rss(t->mm);
}

static unsigned long committed(struct task_struct *t)
{
	return t->machine->vm_committed_pages;
}

/* snapshot - everything a failed call must leave alone (unit_mm_dump). */
static char *snapshot(struct task_struct *t)
{
	return unit_mm_dump(t->mm);
}

/* FAILS(errno, call): the call fails with -errno and changes nothing. */
#define FAILS(t, err, call) do {					\
	char *_before = snapshot(t), *_after;				\
	long _r = (long)(call);						\
	if (_r != -(err))						\
		unit_fail(__FILE__, __LINE__, "%s: %ld, expected -%d",	\
			  #call, _r, err);				\
	if (!(t)->machine->errmsg[0])					\
		unit_fail(__FILE__, __LINE__, "%s: no reason given",	\
			  #call);					\
	_after = snapshot(t);						\
	if (strcmp(_before, _after))					\
		unit_fail(__FILE__, __LINE__, "%s changed state:\n"	\
			  "--- before ---\n%.200s\n--- after ---\n%.200s",\
			  #call, _before, _after);			\
	free(_before);							\
	free(_after);							\
	(t)->machine->errmsg[0] = '\0';					\
} while (0)

static const char *prot_name(unsigned long prot)
{
	static char s[4][4];
	static int slot;
	char *p = s[slot++ % 4];

	p[0] = prot & PROT_READ ? 'r' : '-';
	p[1] = prot & PROT_WRITE ? 'w' : '-';
	p[2] = prot & PROT_EXEC ? 'x' : '-';
	p[3] = '\0';
	return p;
}

static const unsigned long prots[] = {
	PROT_NONE, PROT_READ, RW, PROT_READ | PROT_EXEC,
	PROT_READ | PROT_WRITE | PROT_EXEC,
};
#define NPROTS	(sizeof(prots) / sizeof(prots[0]))

static const unsigned long types[] = { MAP_PRIVATE, MAP_SHARED };
static const unsigned long extras[] = { 0, MAP_LOCKED, MAP_NORESERVE,
					MAP_POPULATE };

static const char *flags_name(unsigned long type, unsigned long extra)
{
	static char s[64];

	snprintf(s, sizeof(s), "%s%s%s%s",
		 type == MAP_SHARED ? "shared" : "private",
		 extra & MAP_LOCKED ? ",locked" : "",
		 extra & MAP_NORESERVE ? ",noreserve" : "",
		 extra & MAP_POPULATE ? ",populate" : "");
	return s;
}

/* ---- mmap: placement and merging of new ranges ---- */

static void test_mmap_topdown_placement(void)
{
	struct task_struct *t = setup();
	unsigned long a, b, c;

	a = sys_mmap(t, 0, 64 << 10, RW, PA);
	ASSERT_HEX(a, MMAP_BASE - (64 << 10));
	/* The same attributes just below: the VMA grows down. */
	b = sys_mmap(t, 0, 16 << 10, RW, PA);
	ASSERT_HEX(b, a - (16 << 10));
	ASSERT_HEX(vma_at(t, a)->vm_start, b);
	ASSERT_HEX(vma_at(t, a)->vm_end, MMAP_BASE);
	/* Other attributes: a VMA of its own, further down. */
	c = sys_mmap(t, 0, 16 << 10, PROT_READ, PA);
	ASSERT_HEX(c, b - (16 << 10));
	ASSERT(vma_at(t, c) != vma_at(t, b));
	ASSERT_EQ(t->mm->map_count, 3);

	/* A hole punched high up is the first gap found top-down. */
	OK(sys_munmap(t, a + 4 * P, 2 * P));
	ASSERT_HEX(sys_mmap(t, 0, 2 * P, PROT_READ | PROT_EXEC, PA), a + 4 * P);
	/* One that does not fit there goes below everything. */
	ASSERT_HEX(sys_mmap(t, 0, 4 * P, PROT_EXEC, PA), c - 4 * P);

	/* A free hint is taken as it is; a taken one is not. */
	ASSERT_HEX(sys_mmap(t, 0x20000000, 4 * P, RW, PA), 0x20000000);
	ASSERT_HEX(sys_mmap(t, a, P, PROT_READ, PA), c - 5 * P);
	/* A hint below mmap_min_addr is raised to it. */
	ASSERT_HEX(sys_mmap(t, 0x1000, P, RW, PA), 0x10000);
}

static void test_mmap_thp_alignment(void)
{
	struct task_struct *t = setup();
	unsigned long a, b, c;

	/*
	 * Anonymous private mappings that are a multiple of 2 MiB are
	 * PMD-aligned, as on a THP kernel; shared ones are not.
	 */
	a = sys_mmap(t, 0, 3 * P, RW, PA);
	ASSERT_HEX(a, MMAP_BASE - 3 * P);
	b = sys_mmap(t, 0, 2 << 20, PROT_READ, PA);
	ASSERT_EQ(b & (PMD_SIZE - 1), 0);
	ASSERT_HEX(b, (a - (2 << 20)) & PMD_MASK);
	c = sys_mmap(t, 0, 2 << 20, RW, SA);
	ASSERT_HEX(c, b - (2 << 20));
	/* 3 MiB is not a multiple: plain top-down. */
	ASSERT_HEX(sys_mmap(t, 0, 3 << 20, PROT_READ | PROT_EXEC, PA),
		   c - (3 << 20));
}

static void test_mmap_bottom_up_fallback(void)
{
	struct task_struct *t = setup();

	/* No room below mmap_base: the search goes bottom-up. */
	t->mm->mmap_base = 2 * P;
	ASSERT_HEX(sys_mmap(t, 0, 4 * P, RW, PA), PAGE_ALIGN(TASK_SIZE / 3));
	ASSERT_HEX(sys_mmap(t, 0, 4 * P, PROT_READ, PA),
		   PAGE_ALIGN(TASK_SIZE / 3) + 4 * P);
	t->mm->mmap_base = MMAP_BASE;
}

static void test_mmap_stack_guard_gap(void)
{
	struct task_struct *t = setup();
	unsigned long base = t->mm->mmap_base, g, a;

	/* A growsdown mapping right under mmap_base ... */
	g = sys_mmap(t, base - 4 * P, 4 * P, RW, PA | MAP_GROWSDOWN |
		     MAP_FIXED);
	ASSERT_HEX(g, base - 4 * P);
	ASSERT(vma_at(t, g)->vm_flags & VM_GROWSDOWN);
	/* ... keeps 256 pages free below it. */
	a = sys_mmap(t, 0, 4 * P, RW, PA);
	ASSERT_HEX(a, g - STACK_GUARD_GAP - 4 * P);
	/* A hint inside the gap is not honoured either. */
	ASSERT(sys_mmap(t, g - 8 * P, 4 * P, PROT_READ, PA) != g - 8 * P);
	/* MAP_FIXED may go there. */
	ASSERT_HEX(sys_mmap(t, g - 8 * P, 4 * P, PROT_READ, PA | MAP_FIXED),
		   g - 8 * P);
}

/*
 * Adjacent new mappings merge exactly when their attributes match, for
 * every protection and flag combination: private ones (no file) do,
 * shared ones (one shmem object each) never do.
 */
static void test_mmap_adjacent_merge_matrix(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;

	for (size_t p = 0; p < NPROTS; p++)
	for (size_t ty = 0; ty < 2; ty++)
	for (size_t e = 0; e < sizeof(extras) / sizeof(extras[0]); e++) {
		unsigned long prot = prots[p], flags = types[ty] |
				     MAP_ANONYMOUS | extras[e];
		bool shared = types[ty] == MAP_SHARED, populated;
		unsigned long other = prot == PROT_READ ? RW : PROT_READ;
		char what[96];
		struct vm_area_struct *vma;

		snprintf(what, sizeof(what), "%s %s", prot_name(prot),
			 flags_name(types[ty], extras[e]));

		/* Two adjacent mappings. */
		MMAP(t, 0, 4, prot, flags);
		MMAP(t, 4, 4, prot, flags);
		if (strcmp(layout(t, 8), shared ? "aaaabbbb" : "aaaaaaaa"))
			unit_fail(__FILE__, __LINE__, "%s: adjacent: %s", what,
				  layout(t, 8));

		/* Filling the gap between two: one VMA, or three. */
		MMAP(t, 12, 4, prot, flags);
		MMAP(t, 8, 4, prot, flags);
		/*
		 * Populated writable private pages gave each side its own
		 * anon_vma: the gap then joins only the lower side.
		 */
		populated = !shared && (prot & PROT_WRITE) &&
			    (extras[e] & (MAP_LOCKED | MAP_POPULATE));
		if (strcmp(layout(t, 16), shared ? "aaaabbbbccccdddd" :
			   populated ? "aaaaaaaaaaaabbbb" : "aaaaaaaaaaaaaaaa"))
			unit_fail(__FILE__, __LINE__, "%s: gap: %s", what,
				  layout(t, 16));

		vma = vma_at(t, A(0));
		ASSERT_EQ(!!(vma->vm_flags & VM_LOCKED),
			  !!(extras[e] & MAP_LOCKED));
		ASSERT_EQ(!!(vma->vm_flags & VM_NORESERVE),
			  !!(extras[e] & MAP_NORESERVE));
		ASSERT_EQ(!!(vma->vm_flags & VM_ACCOUNT),
			  !shared && (prot & PROT_WRITE) &&
			  !(extras[e] & MAP_NORESERVE));
		ASSERT_EQ(!!(vma->vm_flags & VM_SHARED), shared);
		ASSERT_EQ(t->mm->locked_vm,
			  extras[e] & MAP_LOCKED ? 16 : 0);

		/* Different protections in the middle: three VMAs. */
		MMAP(t, 20, 4, prot, flags);
		MMAP(t, 24, 4, other, flags);
		MMAP(t, 28, 4, prot, flags);
		if (strcmp(layout_at(t, A(20), 12), "aaaabbbbcccc"))
			unit_fail(__FILE__, __LINE__, "%s: other prot: %s",
				  what, layout_at(t, A(20), 12));

		OK(sys_munmap(t, W, 64 * P));
		ASSERT_STR(layout(t, 64), "................................"
					  "................................");
		check(m, what);
	}
	ASSERT_EQ(t->mm->map_count, 1);
	ASSERT_EQ(t->mm->locked_vm, 0);
}

/* Merging follows the anon_vmas (checked against Linux 6.18). */
static void test_anon_vma_merge_rules(void)
{
	struct task_struct *t = setup();

	/* Filling a gap between two faulted VMAs: they have different
	 * anon_vmas, so only the lower one grows. */
	MMAP(t, 0, 2, RW, PA);
	touch(t, 0, 1, ACCESS_WRITE);
	MMAP(t, 4, 2, RW, PA);
	touch(t, 4, 1, ACCESS_WRITE);
	MMAP(t, 2, 2, RW, PA);
	ASSERT_STR(layout(t, 6), "aaaabb");
	OK(sys_munmap(t, W, 16 * P));

	/* No anon_vma yet on either side: one VMA. */
	MMAP(t, 0, 2, RW, PA);
	MMAP(t, 4, 2, RW, PA);
	MMAP(t, 2, 2, RW, PA);
	ASSERT_STR(layout(t, 6), "aaaaaa");
	OK(sys_munmap(t, W, 16 * P));

	/* A faulted VMA made to match an unfaulted neighbour stays apart;
	 * the unfaulted one made to match a faulted one joins it. */
	MMAP(t, 0, 2, PROT_READ, PA);
	MMAP(t, 2, 2, RW, PA);
	touch(t, 2, 1, ACCESS_WRITE);
	OK(sys_mprotect(t, A(2), 2 * P, PROT_READ));
	ASSERT_STR(layout(t, 4), "aabb");
	OK(sys_mprotect(t, A(2), 2 * P, RW));
	OK(sys_mprotect(t, A(0), 2 * P, RW));
	ASSERT_STR(layout(t, 4), "aaaa");
	OK(sys_munmap(t, W, 16 * P));

	MMAP(t, 2, 2, PROT_READ, PA);
	MMAP(t, 0, 2, RW, PA);
	touch(t, 0, 1, ACCESS_WRITE);
	OK(sys_mprotect(t, A(0), 2 * P, PROT_READ));
	ASSERT_STR(layout(t, 4), "aabb");
	OK(sys_munmap(t, W, 16 * P));

	/* P (anon_vma X), C (none), N (anon_vma Y): C joins P only. */
	MMAP(t, 0, 2, RW, PA);
	MMAP(t, 2, 2, PROT_READ, PA);
	MMAP(t, 4, 2, RW, PA);
	touch(t, 0, 1, ACCESS_WRITE);
	touch(t, 4, 1, ACCESS_WRITE);
	OK(sys_mprotect(t, A(2), 2 * P, RW));
	ASSERT_STR(layout(t, 6), "aaaabb");
	OK(sys_munmap(t, W, 16 * P));

	/* A read fault maps the zero page and makes no anon_vma. */
	MMAP(t, 0, 2, PROT_READ, PA);
	touch(t, 0, 2, ACCESS_READ);
	MMAP(t, 2, 2, RW, PA);
	touch(t, 2, 1, ACCESS_WRITE);
	OK(sys_mprotect(t, A(0), 2 * P, RW));
	ASSERT_STR(layout(t, 4), "aaaa");
	ASSERT_STR(load(t, A(0), 4), "0000");
}

/* After fork, a VMA whose anon_vma chain is not singular never grows. */
static void test_fork_blocks_merge(void)
{
	struct task_struct *t = setup(), *child;
	unsigned long heap = t->mm->start_brk;
	pid_t pid;

	MMAP(t, 0, 2, RW, PA);
	store(t, A(0), "parent");
	OK(sys_brk(t, heap + 2 * P));
	store(t, heap, "heap");
	pid = sys_fork(t);
	ASSERT(pid > 0);
	child = find_task_by_pid(t->machine, pid);

	MMAP(child, 2, 2, RW, PA);
	ASSERT_STR(layout(child, 4), "aabb");
	touch(child, 2, 1, ACCESS_WRITE);
	OK(sys_mprotect(child, A(0), 4 * P, PROT_READ));
	OK(sys_mprotect(child, A(0), 4 * P, RW));
	ASSERT_STR(layout(child, 4), "aabb");
	/* The child's heap is cloned too: brk adds a second VMA. */
	ASSERT_HEX(sys_brk(child, heap + 4 * P), heap + 4 * P);
	ASSERT_STR(layout_at(child, heap, 4), "aabb");
	ASSERT_STR(load(child, A(0), 6), "parent");

	/* The parent's chains are still singular: it merges. */
	MMAP(t, 2, 2, RW, PA);
	ASSERT_STR(layout(t, 4), "aaaa");
	ASSERT_HEX(sys_brk(t, heap + 4 * P), heap + 4 * P);
	ASSERT_STR(layout_at(t, heap, 4), "aaaa");
	ASSERT_EQ(do_exit(child, 0), 0);
}

/* ---- fixed mappings ---- */

static void test_mmap_fixed_replaces(void)
{
	struct task_struct *t = setup();
	unsigned long c0 = committed(t), anon0;

	MMAP(t, 0, 12, RW, PA);
	touch(t, 0, 12, ACCESS_WRITE);
	store(t, A(5), "old");
	anon0 = get_mm_counter(t->mm, MM_ANONPAGES);
	ASSERT_EQ(committed(t), c0 + 12);

	/* A read-only mapping over the middle: its pages are gone. */
	MMAP(t, 4, 4, PROT_READ, PA);
	ASSERT_STR(layout(t, 12), "aaaabbbbcccc");
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), anon0 - 4);
	ASSERT_STR(load(t, A(5), 3), "000");
	ASSERT_EQ(committed(t), c0 + 8);

	/* Writable again: the commit comes back, and the new middle (no
	 * anon_vma yet) joins both pieces of the old VMA, which share one
	 * anon_vma. */
	MMAP(t, 4, 4, RW, PA);
	ASSERT_EQ(committed(t), c0 + 12);
	ASSERT_STR(layout(t, 12), "aaaaaaaaaaaa");

	/* Fixed over a range that replaces committed pages charges only
	 * the difference. */
	MMAP(t, 10, 4, RW, PA);
	ASSERT_EQ(committed(t), c0 + 14);
}

static void test_mmap_fixed_noreplace(void)
{
	struct task_struct *t = setup();

	ASSERT_HEX(sys_mmap(t, A(8), 4 * P, RW, PA | MAP_FIXED_NOREPLACE),
		   A(8));
	FAILS(t, EEXIST, sys_mmap(t, A(6), 4 * P, RW,
				  PA | MAP_FIXED_NOREPLACE));
	FAILS(t, EEXIST, sys_mmap(t, A(11), P, PROT_READ,
				  PA | MAP_FIXED_NOREPLACE));
	ASSERT_HEX(sys_mmap(t, A(4), 4 * P, RW, PA | MAP_FIXED_NOREPLACE),
		   A(4));
	ASSERT_STR(layout_at(t, A(4), 8), "aaaaaaaa");
}

static void test_mmap_errors(void)
{
	struct task_struct *t = setup();

	MMAP(t, 0, 4, RW, PA);
	FAILS(t, EINVAL, sys_mmap(t, 0, 0, RW, PA));
	FAILS(t, EINVAL, sys_mmap(t, A(0) + 1, P, RW, PA | MAP_FIXED));
	FAILS(t, EINVAL, sys_mmap(t, 0, P, RW, MAP_ANONYMOUS));
	FAILS(t, EINVAL, sys_mmap(t, 0, P, RW, MAP_ANONYMOUS | MAP_PRIVATE |
				  MAP_SHARED));
	FAILS(t, EINVAL, sys_mmap(t, 0, P, RW, SA | MAP_GROWSDOWN));
	FAILS(t, EBADF, sys_mmap(t, 0, P, RW, MAP_PRIVATE));
	FAILS(t, ENOMEM, sys_mmap(t, TASK_SIZE - P, 2 * P, RW,
				  PA | MAP_FIXED));
	FAILS(t, ENOMEM, sys_mmap(t, 0, TASK_SIZE + P, RW, PA));
	FAILS(t, ENOMEM, sys_mmap(t, 0, -P, RW, PA));
	/* An unaligned hint is just rounded, as mmap(2) does. */
	ASSERT_HEX(sys_mmap(t, A(16) + 5, P, RW, PA), A(16));
}

/* ---- munmap ---- */

static void test_munmap_partial(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	unsigned long free0 = m->zone.free_pages, c0 = committed(t);
	long tables0 = t->mm->pgtables_bytes;

	MMAP(t, 0, 16, RW, PA);
	touch(t, 0, 16, ACCESS_WRITE);
	OK(sys_munmap(t, A(4), 4 * P));
	ASSERT_STR(layout(t, 16), "aaaa....bbbbbbbb");
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 12);
	OK(sys_munmap(t, A(0), 2 * P));
	ASSERT_STR(layout(t, 16), "..aa....bbbbbbbb");
	OK(sys_munmap(t, A(14), 2 * P));
	ASSERT_STR(layout(t, 16), "..aa....bbbbbb..");
	OK(sys_munmap(t, A(10), 1));
	ASSERT_STR(layout(t, 16), "..aa....bb.ccc..");
	/* Across VMAs and holes: everything in the range goes. */
	OK(sys_munmap(t, A(1), 14 * P));
	ASSERT_STR(layout(t, 16), "................");
	ASSERT_EQ(rss(t), 0);
	ASSERT_EQ(committed(t), c0);
	/*
	 * Every frame comes back, page tables included, but for the slabs
	 * of the machine's first anon_vma and anon_vma_chain, kept empty on
	 * their partial lists (SLUB's min_partial).
	 */
	ASSERT_EQ(t->mm->pgtables_bytes, tables0);
	ASSERT_EQ(m->zone.free_pages, free0 - 2);
	ASSERT_EQ(t->mm->map_count, 1);
}

static void test_munmap_loop(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	static const struct { int start, len; const char *want; } cases[] = {
		{ 0, 8, "........" }, { 0, 2, "..aaaaaa" },
		{ 6, 2, "aaaaaa.." }, { 2, 4, "aa....bb" },
		{ 3, 1, "aaa.bbbb" }, { 7, 9, "aaaaaaa." },
	};

	for (size_t ty = 0; ty < 2; ty++)
	for (size_t p = 0; p < NPROTS; p++)
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char what[128];

		snprintf(what, sizeof(what), "%s %s munmap %d+%d",
			 prot_name(prots[p]), flags_name(types[ty], 0),
			 cases[c].start, cases[c].len);
		MMAP(t, 0, 8, prots[p], types[ty] | MAP_ANONYMOUS);
		if (prots[p] & PROT_WRITE)
			touch(t, 0, 8, ACCESS_WRITE);
		else if (prots[p] & PROT_READ)
			touch(t, 0, 8, ACCESS_READ);
		OK(sys_munmap(t, A(cases[c].start), cases[c].len * P));
		if (strcmp(layout(t, 8), cases[c].want))
			unit_fail(__FILE__, __LINE__, "%s: %s", what,
				  layout(t, 8));
		check(m, what);
		OK(sys_munmap(t, W, 16 * P));
	}
	ASSERT_EQ(rss(t), 0);
}

static void test_munmap_errors(void)
{
	struct task_struct *t = setup();

	MMAP(t, 0, 4, RW, PA);
	/* Nothing mapped there: success, nothing changes. */
	OK(sys_munmap(t, A(100), 16 * P));
	ASSERT_STR(layout(t, 4), "aaaa");
	FAILS(t, EINVAL, sys_munmap(t, A(0) + 8, P));
	FAILS(t, EINVAL, sys_munmap(t, A(0), 0));
	FAILS(t, EINVAL, sys_munmap(t, TASK_SIZE + P, P));
	FAILS(t, EINVAL, sys_munmap(t, TASK_SIZE - P, 2 * P));
}

/* ---- mprotect ---- */

/*
 * mprotect of the middle splits in three and restoring merges back to
 * one, for every pair of protections, private and shared, untouched or
 * with pages in place; the data survives.
 */
static void test_mprotect_split_merge_matrix(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;

	for (size_t ty = 0; ty < 2; ty++)
	for (size_t from = 0; from < NPROTS; from++)
	for (size_t to = 0; to < NPROTS; to++)
	for (int touched = 0; touched < 2; touched++) {
		unsigned long pf = prots[from], pt = prots[to];
		unsigned long c0 = committed(t);
		int map_count = t->mm->map_count;
		char what[96];

		if (from == to)
			continue;
		snprintf(what, sizeof(what), "%s %s -> %s%s",
			 flags_name(types[ty], 0), prot_name(pf), prot_name(pt),
			 touched ? " touched" : "");
		MMAP(t, 0, 12, pf, types[ty] | MAP_ANONYMOUS);
		c0 = committed(t);
		if (touched && (pf & PROT_WRITE)) {
			touch(t, 0, 12, ACCESS_WRITE);
			store(t, A(5), "kept");
		} else if (touched && (pf & PROT_READ)) {
			touch(t, 0, 12, ACCESS_READ);
		}

		OK(sys_mprotect(t, A(4), 4 * P, pt));
		if (strcmp(layout(t, 12), "aaaabbbbcccc"))
			unit_fail(__FILE__, __LINE__, "%s: split: %s", what,
				  layout(t, 12));
		ASSERT_EQ(vma_at(t, A(4))->vm_flags & (VM_READ | VM_WRITE |
						       VM_EXEC),
			  pt & (PROT_READ | PROT_WRITE | PROT_EXEC));
		check(m, what);

		OK(sys_mprotect(t, A(4), 4 * P, pf));
		if (strcmp(layout(t, 12), "aaaaaaaaaaaa"))
			unit_fail(__FILE__, __LINE__, "%s: restore: %s", what,
				  layout(t, 12));
		ASSERT_EQ(t->mm->map_count, map_count + 1);
		if (!touched)
			ASSERT_EQ(committed(t), c0);
		if (touched && (pf & PROT_WRITE) && (pf & PROT_READ))
			ASSERT_STR(load(t, A(5), 4), "kept");
		check(m, what);
		OK(sys_munmap(t, W, 12 * P));
	}
}

static void test_mprotect_merge_cases(void)
{
	struct task_struct *t = setup();

	/* The middle matches both sides: all three become one. */
	MMAP(t, 0, 4, RW, PA);
	MMAP(t, 4, 4, PROT_READ, PA);
	MMAP(t, 8, 4, RW, PA);
	ASSERT_STR(layout(t, 12), "aaaabbbbcccc");
	OK(sys_mprotect(t, A(4), 4 * P, RW));
	ASSERT_STR(layout(t, 12), "aaaaaaaaaaaa");
	OK(sys_munmap(t, W, 12 * P));

	/* The start of the next VMA takes the previous one's flags: the
	 * previous grows over it. */
	MMAP(t, 0, 4, RW, PA);
	MMAP(t, 4, 8, PROT_READ, PA);
	touch(t, 0, 4, ACCESS_WRITE);
	OK(sys_mprotect(t, A(4), 2 * P, RW));
	ASSERT_STR(layout(t, 12), "aaaaaabbbbbb");
	ASSERT_HEX(vma_at(t, A(0))->vm_end, A(6));
	OK(sys_munmap(t, W, 12 * P));

	/* The end of a VMA takes the next one's flags: the next grows
	 * down over it. */
	MMAP(t, 0, 8, PROT_READ, PA);
	MMAP(t, 8, 4, RW, PA);
	touch(t, 8, 4, ACCESS_WRITE);
	store(t, A(9), "next");
	OK(sys_mprotect(t, A(6), 2 * P, RW));
	ASSERT_STR(layout(t, 12), "aaaaaabbbbbb");
	ASSERT_HEX(vma_at(t, A(6))->vm_start, A(6));
	ASSERT_STR(load(t, A(9), 4), "next");
	store(t, A(6), "grown");
	OK(sys_munmap(t, W, 12 * P));

	/* A whole VMA into the next one, and into the previous one. */
	MMAP(t, 0, 4, PROT_READ, PA);
	MMAP(t, 4, 4, RW, PA);
	OK(sys_mprotect(t, A(0), 4 * P, RW));
	ASSERT_STR(layout(t, 8), "aaaaaaaa");
	OK(sys_mprotect(t, A(4), 4 * P, PROT_READ));
	ASSERT_STR(layout(t, 8), "aaaabbbb");
	OK(sys_mprotect(t, A(0), 4 * P, PROT_READ));
	ASSERT_STR(layout(t, 8), "aaaaaaaa");

	/* Across several VMAs at once. */
	OK(sys_munmap(t, W, 12 * P));
	MMAP(t, 0, 2, PROT_READ, PA);
	MMAP(t, 2, 2, RW, PA);
	MMAP(t, 4, 2, PROT_EXEC, PA);
	MMAP(t, 6, 2, PROT_READ | PROT_EXEC, PA);
	ASSERT_STR(layout(t, 8), "aabbccdd");
	OK(sys_mprotect(t, A(1), 6 * P, PROT_READ));
	ASSERT_STR(layout(t, 8), "aaaaaaab");
}

static void test_mprotect_ptes(void)
{
	struct task_struct *t = setup();
	struct access_result res;
	pte_t *pte;

	MMAP(t, 0, 4, RW, PA);
	touch(t, 0, 4, ACCESS_WRITE);
	/* Read-only now: a write faults SEGV_ACCERR... */
	OK(sys_mprotect(t, A(0), 4 * P, PROT_READ));
	pte = mm_find_pte(t->mm, A(0));
	ASSERT(pte_present(*pte) && !pte_write(*pte));
	/* ...PROT_NONE keeps the page but not the access... */
	OK(sys_mprotect(t, A(0), 4 * P, PROT_NONE));
	pte = mm_find_pte(t->mm, A(1));
	ASSERT(pte_present(*pte) && !(pte_val(*pte) & _PAGE_PRESENT));
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 4);
	/* ...and back to rw-: the exclusive pages are writable at once,
	 * with no fault (can_change_pte_writable). */
	OK(sys_mprotect(t, A(0), 4 * P, RW));
	pte = mm_find_pte(t->mm, A(2));
	ASSERT(pte_present(*pte) && pte_write(*pte));
	res = uaccess(t, A(0), 4 * P, ACCESS_WRITE, NULL);
	ASSERT_EQ(res.signo, 0);
	ASSERT_EQ(res.stats.faults, 0);

	/* Zero-page PTEs never become writable. */
	MMAP(t, 8, 2, PROT_READ, PA);
	touch(t, 8, 2, ACCESS_READ);
	OK(sys_mprotect(t, A(8), 2 * P, RW));
	pte = mm_find_pte(t->mm, A(8));
	ASSERT(pte_present(*pte) && !pte_write(*pte));

	/* Shared pages after fork stay read-only in a private mapping. */
	{
		pid_t pid = sys_fork(t);
		struct task_struct *child;

		ASSERT(pid > 0);
		child = find_task_by_pid(t->machine, pid);
		OK(sys_mprotect(t, A(0), 4 * P, PROT_READ));
		OK(sys_mprotect(t, A(0), 4 * P, RW));
		pte = mm_find_pte(t->mm, A(0));
		ASSERT(pte_present(*pte) && !pte_write(*pte));
		ASSERT_EQ(do_exit(child, 0), 0);
	}

	/* The accessed bit is kept as it was. */
	res = uaccess(t, A(3), 1, ACCESS_READ, NULL);
	pte = mm_find_pte(t->mm, A(3));
	*pte = pte_mkold(*pte);
	OK(sys_mprotect(t, A(0), 4 * P, PROT_READ));
	ASSERT(!pte_young(*mm_find_pte(t->mm, A(3))));
}

static void test_mprotect_accounting(void)
{
	struct task_struct *t = setup();
	unsigned long c0 = committed(t);

	/* r-- private commits nothing; made writable it does. */
	MMAP(t, 0, 8, PROT_READ, PA);
	ASSERT_EQ(committed(t), c0);
	ASSERT(!(vma_at(t, A(0))->vm_flags & VM_ACCOUNT));
	OK(sys_mprotect(t, A(0), 8 * P, RW));
	ASSERT_EQ(committed(t), c0 + 8);
	ASSERT(vma_at(t, A(0))->vm_flags & VM_ACCOUNT);
	/* Never faulted: read-only again gives the commit back. */
	OK(sys_mprotect(t, A(0), 8 * P, PROT_READ));
	ASSERT_EQ(committed(t), c0);
	ASSERT(!(vma_at(t, A(0))->vm_flags & VM_ACCOUNT));
	/* Once faulted, the commit stays with the mapping. */
	OK(sys_mprotect(t, A(0), 8 * P, RW));
	touch(t, 0, 1, ACCESS_WRITE);
	OK(sys_mprotect(t, A(0), 8 * P, PROT_READ));
	ASSERT_EQ(committed(t), c0 + 8);
	ASSERT(vma_at(t, A(0))->vm_flags & VM_ACCOUNT);
	/*
	 * A shared mapping's object is charged once, by shmem_acct_size()
	 * at mmap; mprotect adds nothing. noreserve is never charged.
	 */
	MMAP(t, 16, 4, PROT_READ, SA);
	ASSERT_EQ(committed(t), c0 + 8 + 4);
	OK(sys_mprotect(t, A(16), 4 * P, RW));
	MMAP(t, 24, 4, PROT_READ, PA | MAP_NORESERVE);
	OK(sys_mprotect(t, A(24), 4 * P, RW));
	ASSERT_EQ(committed(t), c0 + 8 + 4);
	/* The VMA stats move with the flags. */
	OK(sys_mprotect(t, A(0), 8 * P, PROT_READ | PROT_EXEC));
	ASSERT_EQ(t->mm->exec_vm, 8);
}

static void test_mprotect_errors(void)
{
	struct task_struct *t = setup();

	MMAP(t, 0, 4, RW, PA);
	MMAP(t, 5, 3, RW, PA);
	touch(t, 0, 4, ACCESS_WRITE);
	/* A hole in the range: ENOMEM, and the part before is untouched. */
	FAILS(t, ENOMEM, sys_mprotect(t, A(0), 8 * P, PROT_READ));
	FAILS(t, ENOMEM, sys_mprotect(t, A(4), 2 * P, PROT_READ));
	FAILS(t, ENOMEM, sys_mprotect(t, A(6), 4 * P, PROT_READ));
	FAILS(t, ENOMEM, sys_mprotect(t, A(100), P, PROT_READ));
	FAILS(t, EINVAL, sys_mprotect(t, A(0) + 1, P, PROT_READ));
	FAILS(t, EINVAL, sys_mprotect(t, A(0), P, 0x10));
	FAILS(t, EINVAL, sys_mprotect(t, A(0), P, PROT_READ |
				      PROT_GROWSDOWN));
	/* A length of 0 does nothing, successfully. */
	ASSERT_EQ(sys_mprotect(t, A(100), 0, PROT_READ), 0);
	ASSERT_STR(layout(t, 8), "aaaa.bbb");
}

/* ---- mlock ---- */

static void test_mlock_split_merge(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;

	for (size_t ty = 0; ty < 2; ty++)
	for (size_t p = 1; p < NPROTS; p++) {
		unsigned long prot = prots[p];
		struct zone *zone = &m->zone;
		char what[128];
		pte_t *pte;

		snprintf(what, sizeof(what), "%s %s", prot_name(prot),
			 flags_name(types[ty], 0));
		MMAP(t, 0, 8, prot, types[ty] | MAP_ANONYMOUS);
		OK(sys_mlock(t, A(2), 2 * P));
		if (strcmp(layout(t, 8), "aabbcccc"))
			unit_fail(__FILE__, __LINE__, "%s: %s", what,
				  layout(t, 8));
		ASSERT(vma_at(t, A(2))->vm_flags & VM_LOCKED);
		ASSERT_EQ(t->mm->locked_vm, 2);
		/* The range was faulted in; its normal pages are mlocked. */
		pte = mm_find_pte(t->mm, A(3));
		ASSERT(pte && pte_present(*pte));
		if (!is_zero_pfn(zone, pte_pfn(*pte)))
			ASSERT(PageMlocked(pfn_to_page(zone, pte_pfn(*pte))));
		/* Locking again changes nothing; more of it grows it. */
		OK(sys_mlock(t, A(2), 2 * P));
		ASSERT_EQ(t->mm->locked_vm, 2);
		OK(sys_mlock(t, A(3), 3 * P));
		ASSERT_STR(layout(t, 8), "aabbbbcc");
		ASSERT_EQ(t->mm->locked_vm, 4);
		check(m, what);

		OK(sys_munlock(t, A(0), 8 * P));
		if (strcmp(layout(t, 8), "aaaaaaaa"))
			unit_fail(__FILE__, __LINE__, "%s: munlock: %s", what,
				  layout(t, 8));
		ASSERT_EQ(t->mm->locked_vm, 0);
		if (!is_zero_pfn(zone, pte_pfn(*pte)))
			ASSERT(!PageMlocked(pfn_to_page(zone, pte_pfn(*pte))));
		check(m, what);
		OK(sys_munmap(t, W, 8 * P));
	}
	ASSERT_EQ(m->vm_stat[NR_MLOCK], 0);
}

static void test_mlock_errors(void)
{
	struct task_struct *t = setup();
	long anon;

	MMAP(t, 0, 4, RW, PA);
	MMAP(t, 5, 3, RW, PA);
	MMAP(t, 8, 2, PROT_NONE, PA);
	/* Any address: the range is widened to whole pages. */
	OK(sys_mlock(t, A(0) + 100, 10));
	ASSERT_STR(layout(t, 4), "abbb");
	ASSERT_EQ(t->mm->locked_vm, 1);
	OK(sys_munlock(t, A(0), 1));
	ASSERT_EQ(t->mm->locked_vm, 0);
	/* A hole: ENOMEM, nothing locked (Linux would lock a part). */
	FAILS(t, ENOMEM, sys_mlock(t, A(0), 8 * P));
	FAILS(t, ENOMEM, sys_munlock(t, A(3), 3 * P));
	/*
	 * PROT_NONE cannot be faulted in: ENOMEM, as on Linux after
	 * VM_LOCKED was set on the whole range and the part before the
	 * PROT_NONE VMA was faulted in.
	 */
	anon = get_mm_counter(t->mm, MM_ANONPAGES);
	ASSERT_EQ(sys_mlock(t, A(6), 4 * P), -ENOMEM);
	ASSERT(vma_at(t, A(6))->vm_flags & VM_LOCKED);
	ASSERT(vma_at(t, A(8))->vm_flags & VM_LOCKED);
	ASSERT(!(vma_at(t, A(5))->vm_flags & VM_LOCKED));
	ASSERT_EQ(t->mm->locked_vm, 4);
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), anon + 2);
	t->machine->errmsg[0] = '\0';
	OK(sys_munlock(t, A(6), 4 * P));
	ASSERT_EQ(t->mm->locked_vm, 0);
	ASSERT_EQ(sys_mlock(t, A(0), 0), 0);
	ASSERT_EQ(sys_munlock(t, A(100), 4 * P), -ENOMEM);
}

static void test_mmap_locked_populates(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	long mlocked = m->vm_stat[NR_MLOCK];

	MMAP(t, 0, 4, RW, PA | MAP_LOCKED);
	ASSERT_EQ(t->mm->locked_vm, 4);
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 4);
	ASSERT_EQ(m->vm_stat[NR_MLOCK], mlocked + 4);
	MMAP(t, 8, 4, RW, PA | MAP_POPULATE);
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 8);
	ASSERT_EQ(t->mm->locked_vm, 4);
	/* Unmapping locked pages unlocks them. */
	OK(sys_munmap(t, A(2), 8 * P));
	ASSERT_EQ(t->mm->locked_vm, 2);
	ASSERT_EQ(m->vm_stat[NR_MLOCK], mlocked + 2);
}

/* ---- madvise ---- */

static void test_madvise_flag_split_merge(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	static const struct { int set, clear; unsigned long flag; } advs[] = {
		{ MADV_DONTFORK, MADV_DOFORK, VM_DONTCOPY },
		{ MADV_WIPEONFORK, MADV_KEEPONFORK, VM_WIPEONFORK },
	};

	for (size_t a = 0; a < 2; a++)
	for (size_t ty = 0; ty < 2; ty++)
	for (size_t p = 0; p < NPROTS; p++) {
		bool shared = types[ty] == MAP_SHARED;
		char what[128];

		snprintf(what, sizeof(what), "advice %d %s %s", advs[a].set,
			 prot_name(prots[p]), flags_name(types[ty], 0));
		MMAP(t, 0, 6, prots[p], types[ty] | MAP_ANONYMOUS);
		if (shared && advs[a].flag == VM_WIPEONFORK) {
			FAILS(t, EINVAL, sys_madvise(t, A(2), 2 * P,
						     advs[a].set));
			OK(sys_munmap(t, W, 6 * P));
			continue;
		}
		OK(sys_madvise(t, A(2), 2 * P, advs[a].set));
		if (strcmp(layout(t, 6), "aabbcc"))
			unit_fail(__FILE__, __LINE__, "%s: %s", what,
				  layout(t, 6));
		ASSERT(vma_at(t, A(2))->vm_flags & advs[a].flag);
		ASSERT(!(vma_at(t, A(0))->vm_flags & advs[a].flag));
		OK(sys_madvise(t, A(0), 6 * P, advs[a].set));
		ASSERT_STR(layout(t, 6), "aaaaaa");
		OK(sys_madvise(t, A(4), 2 * P, advs[a].clear));
		ASSERT_STR(layout(t, 6), "aaaabb");
		OK(sys_madvise(t, A(0), 4 * P, advs[a].clear));
		ASSERT_STR(layout(t, 6), "aaaaaa");
		ASSERT(!(vma_at(t, A(0))->vm_flags & advs[a].flag));
		check(m, what);
		OK(sys_munmap(t, W, 6 * P));
	}
}

static void test_madvise_dontneed(void)
{
	struct task_struct *t = setup();

	MMAP(t, 0, 4, RW, PA);
	store(t, A(0), "zero");
	store(t, A(1), "one");
	store(t, A(2), "two");
	ASSERT_EQ(rss(t), 3);
	OK(sys_madvise(t, A(1), 2 * P, MADV_DONTNEED));
	ASSERT_STR(layout(t, 4), "aaaa");
	ASSERT_EQ(rss(t), 1);
	ASSERT_STR(load(t, A(0), 4), "zero");
	ASSERT_STR(load(t, A(1), 3), "000");

	/* Shared: the PTEs go, the object keeps the data. */
	MMAP(t, 8, 2, RW, SA);
	store(t, A(8), "kept");
	OK(sys_madvise(t, A(8), 2 * P, MADV_DONTNEED));
	ASSERT_EQ(get_mm_counter(t->mm, MM_SHMEMPAGES), 0);
	ASSERT_STR(load(t, A(8), 4), "kept");
	OK(sys_madvise(t, A(0), 4 * P, MADV_WILLNEED));
}

/*
 * MADV_DONTNEED that zaps a whole 2M span frees the span's PTE table
 * (CONFIG_PT_RECLAIM), zero-page PTEs or not: VmPTE (pgtables_bytes),
 * PageTables (NR_PAGETABLE) and pgfree count it. A zap one page short
 * keeps the table; munmap is unchanged; the next fault makes a new one.
 */
static void test_madvise_dontneed_pt_reclaim(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	int span = (int)(PMD_SIZE / P);
	long bytes, tables;
	unsigned long pgfree;
	pmd_t *pmd;

	MMAP(t, 0, 2 * span, RW, PA);
	touch(t, 0, 2, ACCESS_WRITE);
	touch(t, span, 3, ACCESS_READ);
	bytes = t->mm->pgtables_bytes;
	tables = m->vm_stat[NR_PAGETABLE];
	pgfree = m->zone.pgfree;

	OK(sys_madvise(t, A(0), PMD_SIZE - P, MADV_DONTNEED));
	ASSERT_EQ(t->mm->pgtables_bytes, bytes);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables);
	ASSERT_EQ(m->zone.pgfree, pgfree + 2);
	ASSERT(mm_find_pte(t->mm, A(0)));
	check(m, "partial span");

	OK(sys_madvise(t, A(0), PMD_SIZE, MADV_DONTNEED));
	pmd = mm_find_pmd(t->mm, A(0));
	ASSERT(pmd && pmd_none(*pmd));
	ASSERT_EQ(t->mm->pgtables_bytes, bytes - (long)P);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables - 1);
	ASSERT_EQ(m->zone.pgfree, pgfree + 3);
	check(m, "empty table of a whole span");

	/* Zero-page PTEs only: the table goes, the zero page stays. */
	OK(sys_madvise(t, A(span), PMD_SIZE, MADV_DONTNEED));
	ASSERT(!mm_find_pte(t->mm, A(span)));
	ASSERT_EQ(t->mm->pgtables_bytes, bytes - 2 * (long)P);
	ASSERT_EQ(m->zone.pgfree, pgfree + 4);
	check(m, "zero-page span");

	touch(t, 1, 1, ACCESS_WRITE);
	ASSERT_EQ(t->mm->pgtables_bytes, bytes - (long)P);
	ASSERT_STR(load(t, A(0), 2), "00");
	OK(sys_munmap(t, A(0), 2 * PMD_SIZE));
	check(m, "munmap after reclaim");
}

static void test_madvise_free(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	unsigned long lazy0 = m->vm_events[PGLAZYFREE];
	struct page *page;
	pte_t *pte;
	pid_t pid;

	MMAP(t, 0, 4, RW, PA);
	store(t, A(0), "lazy");
	touch(t, 0, 4, ACCESS_WRITE);
	OK(sys_madvise(t, A(0), 4 * P, MADV_FREE));
	ASSERT_EQ(m->vm_events[PGLAZYFREE], lazy0 + 4);
	pte = mm_find_pte(t->mm, A(0));
	ASSERT(pte_present(*pte) && !pte_dirty(*pte) && !pte_young(*pte));
	page = pfn_to_page(&m->zone, pte_pfn(*pte));
	ASSERT(!PageSwapBacked(page) && !PageDirty(page));
	/* Nothing reclaims it here: the data is still there. */
	ASSERT_STR(load(t, A(0), 4), "lazy");
	ASSERT_EQ(rss(t), 4);

	/*
	 * Pages shared with a child become lazyfree too: this PTE is
	 * cleaned, the child's stays dirty. Only a page dirty in itself
	 * (PG_dirty, from a /proc/PID/mem write) is left alone while it is
	 * shared, and freed lazily once it no longer is.
	 */
	MMAP(t, 8, 4, RW, PA);
	touch(t, 8, 4, ACCESS_WRITE);
	ASSERT_EQ(access_remote_vm(t->mm, A(11), "pg", 2,
				   FOLL_FORCE | FOLL_WRITE), 2);
	pid = sys_fork(t);
	ASSERT(pid > 0);
	lazy0 = m->vm_events[PGLAZYFREE];
	OK(sys_madvise(t, A(8), 4 * P, MADV_FREE));
	ASSERT_EQ(m->vm_events[PGLAZYFREE], lazy0 + 3);
	pte = mm_find_pte(t->mm, A(8));
	ASSERT(!pte_dirty(*pte) && !pte_young(*pte));
	page = pfn_to_page(&m->zone, pte_pfn(*pte));
	ASSERT_EQ(page_mapcount(page), 2);
	ASSERT(!PageSwapBacked(page));
	ASSERT(pte_dirty(*mm_find_pte(find_task_by_pid(m, pid)->mm, A(8))));
	pte = mm_find_pte(t->mm, A(11));
	ASSERT(pte_dirty(*pte));
	page = pfn_to_page(&m->zone, pte_pfn(*pte));
	ASSERT(PageDirty(page) && PageSwapBacked(page));
	check(m, "free shared");
	ASSERT_EQ(do_exit(find_task_by_pid(m, pid), 0), 0);
	OK(sys_madvise(t, A(11), P, MADV_FREE));
	ASSERT(!pte_dirty(*pte) && !PageDirty(page) && !PageSwapBacked(page));
	ASSERT_EQ(m->vm_events[PGLAZYFREE], lazy0 + 4);
	ASSERT_STR(load(t, A(11), 2), "pg");

	/* Shared memory and locked memory reject it. */
	MMAP(t, 12, 2, RW, SA);
	FAILS(t, EINVAL, sys_madvise(t, A(12), 2 * P, MADV_FREE));
	MMAP(t, 16, 2, RW, PA | MAP_LOCKED);
	FAILS(t, EINVAL, sys_madvise(t, A(16), 2 * P, MADV_FREE));
	FAILS(t, EINVAL, sys_madvise(t, A(16), 2 * P, MADV_DONTNEED));
	FAILS(t, EINVAL, sys_madvise(t, A(16), 2 * P, MADV_COLD));
	FAILS(t, EINVAL, sys_madvise(t, A(16), 2 * P, MADV_PAGEOUT));
	/* EINVAL wins over a hole, wherever the rejecting VMA is. */
	FAILS(t, EINVAL, sys_madvise(t, A(10), 8 * P, MADV_DONTNEED));
}

static void test_madvise_cold_pageout(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	unsigned long act0, deact0;
	struct page *page;
	pte_t *pte;

	MMAP(t, 0, 2, RW, PA);
	touch(t, 0, 2, ACCESS_WRITE);
	pte = mm_find_pte(t->mm, A(0));
	page = pfn_to_page(&m->zone, pte_pfn(*pte));

	/*
	 * Pageout cannot swap: the page is activated and stays mapped;
	 * reclaim ignored the PTE's accessed bit, which stays set.
	 */
	act0 = m->vm_events[PGACTIVATE];
	OK(sys_madvise(t, A(0), 2 * P, MADV_PAGEOUT));
	ASSERT_EQ(m->vm_events[PGACTIVATE], act0 + 2);
	ASSERT(PageActive(page) && !PageReferenced(page));
	ASSERT(pte_present(*pte) && pte_young(*pte));
	ASSERT_EQ(rss(t), 2);

	/* Cold ages the PTE and moves the page back to the inactive list. */
	deact0 = m->vm_events[PGDEACTIVATE];
	OK(sys_madvise(t, A(0), 2 * P, MADV_COLD));
	ASSERT_EQ(m->vm_events[PGDEACTIVATE], deact0 + 2);
	ASSERT(!PageActive(page) && !pte_young(*pte));

	/* Shmem: try_to_unmap takes the PTE, the cache keeps the page. */
	MMAP(t, 4, 2, RW, SA);
	store(t, A(4), "cache");
	ASSERT_EQ(get_mm_counter(t->mm, MM_SHMEMPAGES), 1);
	OK(sys_madvise(t, A(4), 2 * P, MADV_PAGEOUT));
	ASSERT_EQ(get_mm_counter(t->mm, MM_SHMEMPAGES), 0);
	ASSERT(pte_none(*mm_find_pte(t->mm, A(4))));
	ASSERT_STR(load(t, A(4), 5), "cache");
}

static void test_madvise_errors(void)
{
	struct task_struct *t = setup();

	MMAP(t, 0, 4, RW, PA);
	MMAP(t, 5, 3, RW, PA);
	FAILS(t, ENOMEM, sys_madvise(t, A(0), 8 * P, MADV_DONTFORK));
	FAILS(t, ENOMEM, sys_madvise(t, A(2), 4 * P, MADV_DONTNEED));
	FAILS(t, ENOMEM, sys_madvise(t, A(100), P, MADV_WILLNEED));
	FAILS(t, EINVAL, sys_madvise(t, A(0) + 1, P, MADV_DONTNEED));
	FAILS(t, EINVAL, sys_madvise(t, A(0), P, 1234));
	ASSERT_EQ(sys_madvise(t, A(100), 0, MADV_DONTNEED), 0);
	ASSERT_STR(layout(t, 8), "aaaa.bbb");
}

/* ---- map_count ---- */

static void test_map_count_limit(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	int i;

	/* Alternate protections so that nothing merges. */
	m->cfg.max_map_count = 8;
	for (i = 0; t->mm->map_count <= m->cfg.max_map_count; i++)
		MMAP(t, 4 * i, 4, i & 1 ? PROT_READ : RW, PA);
	/* Linux lets mmap reach max_map_count + 1, then refuses. */
	ASSERT_EQ(t->mm->map_count, 9);
	FAILS(t, ENOMEM, sys_mmap(t, A(100), P, RW, PA | MAP_FIXED));
	FAILS(t, ENOMEM, sys_mmap(t, 0, P, PROT_EXEC, PA));
	/* Splits refuse at the limit... */
	FAILS(t, ENOMEM, sys_mprotect(t, A(1), P, PROT_EXEC));
	FAILS(t, ENOMEM, sys_mlock(t, A(1), P));
	FAILS(t, EAGAIN, sys_madvise(t, A(1), P, MADV_DONTFORK));
	FAILS(t, ENOMEM, sys_munmap(t, A(1), P));
	FAILS(t, ENOMEM, sys_mmap(t, A(1), P, PROT_EXEC, PA | MAP_FIXED));
	/* ...but what needs no new VMA works. */
	OK(sys_mprotect(t, A(0), 4 * P, PROT_READ));	/* merges: 8 left */
	ASSERT_EQ(t->mm->map_count, 8);
	OK(sys_munmap(t, A(12), P));			/* shrinks a VMA */
	ASSERT_EQ(t->mm->map_count, 8);
	OK(sys_mprotect(t, A(13), 3 * P, PROT_EXEC));	/* a whole VMA */
	FAILS(t, ENOMEM, sys_mprotect(t, A(13), P, PROT_READ));
	ASSERT_EQ(t->mm->map_count, 8);
	m->cfg.max_map_count = DEFAULT_MAX_MAP_COUNT;
}

/* ---- mremap ---- */

static void test_mremap_grow_shrink(void)
{
	struct task_struct *t = setup();
	unsigned long c0;

	MMAP(t, 0, 4, RW, PA);
	c0 = committed(t);
	ASSERT_HEX(sys_mremap(t, A(0), 4 * P, 8 * P, 0, 0), A(0));
	ASSERT_STR(layout(t, 12), "aaaaaaaa....");
	ASSERT_EQ(committed(t), c0 + 4);
	/* Grown up to a matching VMA: the two become one. */
	MMAP(t, 10, 2, RW, PA);
	ASSERT_HEX(sys_mremap(t, A(0), 8 * P, 10 * P, 0, 0), A(0));
	ASSERT_STR(layout(t, 12), "aaaaaaaaaaaa");
	/* Shrinking unmaps the tail, across VMAs if it must. */
	MMAP(t, 12, 2, PROT_READ, PA);
	ASSERT_HEX(sys_mremap(t, A(0), 14 * P, 3 * P, 0, 0), A(0));
	ASSERT_STR(layout(t, 14), "aaa...........");
	ASSERT_EQ(committed(t), c0 - 1);
	/* Same size: nothing to do. */
	ASSERT_HEX(sys_mremap(t, A(0), 3 * P, 3 * P, 0, 0), A(0));
}

static void test_mremap_move(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	unsigned long c0, anon0, new;

	MMAP(t, 0, 4, RW, PA);
	MMAP(t, 4, 1, PROT_READ, PA);
	store(t, A(0), "first");
	store(t, A(3), "last");
	anon0 = get_mm_counter(t->mm, MM_ANONPAGES);
	c0 = committed(t);
	/* Blocked, and not allowed to move. */
	FAILS(t, ENOMEM, sys_mremap(t, A(0), 4 * P, 8 * P, 0, 0));
	/* Allowed to move: top-down placement, pages follow. */
	new = sys_mremap(t, A(0), 4 * P, 8 * P, MREMAP_MAYMOVE, 0);
	ASSERT_HEX(new, MMAP_BASE - 8 * P);
	ASSERT_STR(layout(t, 5), "....a");
	ASSERT_STR(layout_at(t, new, 8), "aaaaaaaa");
	ASSERT_STR(load(t, new, 5), "first");
	ASSERT_STR(load(t, new + 3 * P, 4), "last");
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), anon0);
	ASSERT_EQ(committed(t), c0 + 4);
	ASSERT_EQ(vma_at(t, new)->vm_pgoff, A(0) >> PAGE_SHIFT);
	check(m, "move");

	/* Fixed: to exactly there, over what was there. */
	MMAP(t, 20, 8, PROT_READ, PA);
	ASSERT_HEX(sys_mremap(t, new, 8 * P, 4 * P, MREMAP_MAYMOVE |
			      MREMAP_FIXED, A(22)), A(22));
	ASSERT_STR(layout_at(t, A(20), 8), "aabbbbcc");
	ASSERT_STR(load(t, A(22), 5), "first");
	ASSERT_EQ(committed(t), c0);
	ASSERT(!vma_at(t, new));
	check(m, "fixed");

	/* An unfaulted VMA takes its new place's offset and may merge. */
	MMAP(t, 40, 4, RW, PA);
	MMAP(t, 50, 2, RW, PA);
	ASSERT_HEX(sys_mremap(t, A(50), 2 * P, 2 * P, MREMAP_MAYMOVE |
			      MREMAP_FIXED, A(44)), A(44));
	ASSERT_STR(layout_at(t, A(40), 12), "aaaaaa......");
}

/* A faulted range moved away and back joins its old VMA again. */
static void test_mremap_move_back_merges(void)
{
	struct task_struct *t = setup();

	MMAP(t, 0, 8, RW, PA);
	store(t, A(1), "low");
	store(t, A(6), "high");
	ASSERT_HEX(sys_mremap(t, A(4), 4 * P, 4 * P, MREMAP_MAYMOVE |
			      MREMAP_FIXED, A(20)), A(20));
	ASSERT_STR(layout(t, 24), "aaaa................bbbb");
	/* Its page offsets still follow the old place: no merge here. */
	MMAP(t, 16, 4, RW, PA);
	ASSERT_STR(layout_at(t, A(16), 8), "aaaabbbb");
	ASSERT_HEX(sys_mremap(t, A(20), 4 * P, 4 * P, MREMAP_MAYMOVE |
			      MREMAP_FIXED, A(4)), A(4));
	ASSERT_STR(layout(t, 8), "aaaaaaaa");
	ASSERT_EQ(vma_at(t, A(0))->vm_end, A(8));
	ASSERT_STR(load(t, A(1), 3), "low");
	ASSERT_STR(load(t, A(6), 4), "high");
	ASSERT_EQ(t->mm->map_count, 3);
}

/*
 * The page tables of a move go step by step, as move_page_tables() does:
 * a step whose source has a PTE table gets one at the destination even
 * if it maps nothing there; a step with none allocates nothing; a whole
 * aligned pmd span moves its PTE table instead (also after realigning an
 * unaligned start with nothing mapped below it).
 */
static void test_mremap_page_tables(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	unsigned long pmd = PMD_SIZE / P;	/* pages in a pmd span */
	unsigned long src, dst;
	long tables;

	/* Untouched, across a boundary; a neighbour gives the upper half
	 * of the source a PTE table, the lower half has none. */
	MMAP(t, pmd + 8, 1, RW, PA);
	touch(t, pmd + 8, 1, ACCESS_WRITE);
	MMAP(t, pmd - 2, 4, RW, PA);
	tables = t->mm->pgtables_bytes;
	dst = A(16 * pmd - 1);
	ASSERT_HEX(sys_mremap(t, A(pmd - 2), 4 * P, 4 * P, MREMAP_MAYMOVE |
			      MREMAP_FIXED, dst), dst);
	ASSERT_EQ(t->mm->pgtables_bytes, tables + (long)P);
	ASSERT(!mm_find_pte(t->mm, dst));
	ASSERT(mm_find_pte(t->mm, dst + P));
	check(m, "untouched move");

	/* A whole aligned span: its table moves, none is allocated. */
	src = A(2 * pmd);
	dst = A(20 * pmd);
	OK(sys_mmap(t, src, PMD_SIZE, RW, PA | MAP_FIXED));
	touch(t, 2 * pmd, 2, ACCESS_WRITE);
	store(t, src + PMD_SIZE - P, "end");
	tables = t->mm->pgtables_bytes;
	ASSERT_HEX(sys_mremap(t, src, PMD_SIZE, PMD_SIZE, MREMAP_MAYMOVE |
			      MREMAP_FIXED, dst), dst);
	ASSERT_EQ(t->mm->pgtables_bytes, tables);
	ASSERT(!mm_find_pte(t->mm, src));
	ASSERT_STR(load(t, dst + PMD_SIZE - P, 3), "end");
	check(m, "pmd move");

	/* Same offset in the span, nothing below: realigned, whole tables
	 * move; the source's two tables are gone, two are at the target. */
	src = A(4 * pmd + pmd - 16);
	dst = A(24 * pmd + pmd - 16);
	OK(sys_mmap(t, src, 32 * P, RW, PA | MAP_FIXED));
	store(t, src, "low");
	store(t, src + 31 * P, "high");
	tables = t->mm->pgtables_bytes;
	ASSERT_HEX(sys_mremap(t, src, 32 * P, 32 * P, MREMAP_MAYMOVE |
			      MREMAP_FIXED, dst), dst);
	ASSERT_EQ(t->mm->pgtables_bytes, tables);
	ASSERT(!mm_find_pte(t->mm, src) && !mm_find_pte(t->mm, src + 31 * P));
	ASSERT_STR(load(t, dst, 3), "low");
	ASSERT_STR(load(t, dst + 31 * P, 4), "high");
	check(m, "realigned move");
}

static void test_mremap_move_shared_and_locked(void)
{
	struct task_struct *t = setup();
	unsigned long new;

	MMAP(t, 0, 2, RW, SA);
	MMAP(t, 2, 1, PROT_READ, PA);
	store(t, A(1), "shm");
	new = sys_mremap(t, A(0), 2 * P, 4 * P, MREMAP_MAYMOVE, 0);
	ASSERT(!IS_ERR_VALUE(new));
	ASSERT_STR(load(t, new + P, 3), "shm");
	ASSERT(vma_at(t, new)->vm_file);

	MMAP(t, 8, 2, RW, PA | MAP_LOCKED);
	MMAP(t, 10, 1, PROT_READ, PA);
	ASSERT_EQ(t->mm->locked_vm, 2);
	new = sys_mremap(t, A(8), 2 * P, 6 * P, MREMAP_MAYMOVE, 0);
	ASSERT(!IS_ERR_VALUE(new));
	ASSERT_EQ(t->mm->locked_vm, 6);
	/* The new part of a locked mapping is faulted in. */
	ASSERT(pte_present(*mm_find_pte(t->mm, new + 5 * P)));
}

/*
 * A fixed move that keeps the size spans VMAs (6.17+, remap_move): each
 * VMA moves on its own, the gaps are kept, what lies in a destination gap
 * stays, a hole may end the range but not start it. At max_map_count the
 * move stops at the VMA that cannot move, as Linux's does: the VMAs
 * before it stay moved, it and its destination stay as they were.
 */
static void test_mremap_multi_vma(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	int i;

	/* aa.b.cc. at A(0); an r-x page where the first gap goes. */
	MMAP(t, 0, 2, RW, PA);
	MMAP(t, 3, 1, PROT_READ, PA);
	MMAP(t, 5, 2, RW, PA);
	MMAP(t, 34, 1, PROT_READ | PROT_EXEC, PA);
	store(t, A(0), "zero");
	store(t, A(6), "six");
	FAILS(t, EFAULT, sys_mremap(t, A(2), 6 * P, 6 * P, MREMAP_MAYMOVE |
				    MREMAP_FIXED, A(40)));
	FAILS(t, EFAULT, sys_mremap(t, A(0), 8 * P, 9 * P, MREMAP_MAYMOVE |
				    MREMAP_FIXED, A(40)));
	ASSERT_HEX(sys_mremap(t, A(0), 8 * P, 8 * P, MREMAP_MAYMOVE |
			      MREMAP_FIXED, A(32)), A(32));
	ASSERT_STR(layout(t, 8), "........");
	ASSERT_STR(layout_at(t, A(32), 8), "aabc.dd.");
	ASSERT_STR(load(t, A(32), 4), "zero");
	ASSERT_STR(load(t, A(38), 3), "six");
	check(m, "multi-VMA move");

	/* Five one-page VMAs a page apart, into one big VMA: each move but
	 * the first splits it, until the fifth finds no room. */
	for (i = 0; i < 5; i++)
		MMAP(t, 64 + 2 * i, 1, PROT_READ, PA);
	MMAP(t, 128, 16, RW, PA);
	m->cfg.max_map_count = t->mm->map_count + 6;
	ASSERT_EQ((long)sys_mremap(t, A(64), 9 * P, 9 * P, MREMAP_MAYMOVE |
				   MREMAP_FIXED, A(128)), -ENOMEM);
	ASSERT(m->errmsg[0]);
	m->cfg.max_map_count = DEFAULT_MAX_MAP_COUNT;
	ASSERT_STR(layout_at(t, A(64), 9), "........a");
	ASSERT_STR(layout_at(t, A(128), 10), "abcdefghhh");
	ASSERT_EQ(vma_at(t, A(136))->vm_flags & VM_WRITE, VM_WRITE);
	check(m, "multi-VMA move stopped at max_map_count");
}

static void test_mremap_errors(void)
{
	struct task_struct *t = setup();

	MMAP(t, 0, 4, RW, PA);
	MMAP(t, 4, 2, PROT_READ, PA);
	FAILS(t, EFAULT, sys_mremap(t, A(10), P, 2 * P, MREMAP_MAYMOVE, 0));
	FAILS(t, EFAULT, sys_mremap(t, A(0), 6 * P, 8 * P, MREMAP_MAYMOVE,
				    0));
	FAILS(t, EINVAL, sys_mremap(t, A(0) + 1, P, 2 * P, 0, 0));
	FAILS(t, EINVAL, sys_mremap(t, A(0), P, 0, MREMAP_MAYMOVE, 0));
	FAILS(t, EINVAL, sys_mremap(t, A(0), P, 2 * P, MREMAP_FIXED, A(20)));
	FAILS(t, EINVAL, sys_mremap(t, A(0), 0, 2 * P, MREMAP_MAYMOVE, 0));
	FAILS(t, EINVAL, sys_mremap(t, A(0), 4 * P, 4 * P, MREMAP_MAYMOVE |
				    MREMAP_FIXED, A(2)));
	FAILS(t, EINVAL, sys_mremap(t, A(0), 4 * P, 4 * P, MREMAP_MAYMOVE |
				    MREMAP_FIXED, A(20) + 1));
	FAILS(t, EFAULT, sys_mremap(t, A(10), 4 * P, 4 * P, MREMAP_MAYMOVE |
				    MREMAP_FIXED, A(20)));
	FAILS(t, EINVAL, sys_mremap(t, A(0), P, 2 * P, 8, 0));
}

/*
 * With no frame left for the destination's page tables, mremap fails
 * with ENOMEM before it changes anything: not the mapping MREMAP_FIXED
 * would replace, nor the tail a shrinking move would unmap, nor (moving
 * to a free place) the source. The OOM killer finds only the calling
 * task, which it spares, and counts no kill.
 */
static void test_mremap_enomem_changes_nothing(void)
{
	struct task_struct *t = unit_spawn(unit_boot(1UL << 20), "t");
	unsigned long far = W + (1UL << 30);	/* another pmd table */

	MMAP(t, 0, 4, RW, PA);
	MMAP(t, 4, 1, PROT_READ, PA);		/* no growing in place */
	touch(t, 0, 2, ACCESS_WRITE);
	OK(sys_mmap(t, far, 4 * P, RW, PA | MAP_FIXED));
	unit_fill_until(t, 0);

	unit_set_current(t->machine, t);	/* mremap(2) runs as current */
	FAILS(t, ENOMEM, sys_mremap(t, A(0), 2 * P, 2 * P, MREMAP_MAYMOVE |
				    MREMAP_FIXED, far));
	FAILS(t, ENOMEM, sys_mremap(t, A(0), 4 * P, 2 * P, MREMAP_MAYMOVE |
				    MREMAP_FIXED, far + 8 * P));
	FAILS(t, ENOMEM, sys_mremap(t, A(0), 4 * P, 8 * P, MREMAP_MAYMOVE,
				    0));
	unit_set_current(t->machine, NULL);
	ASSERT_EQ(t->machine->vm_events[OOM_KILL], 0);
	ASSERT_STR(load(t, A(1), 1), "0");
}

/* ---- brk ---- */

static void test_brk(void)
{
	struct task_struct *t = setup();
	struct mm_struct *mm = t->mm;
	unsigned long heap = mm->start_brk, c0 = committed(t);
	struct vm_area_struct *vma;

	ASSERT_HEX(sys_brk(t, 0), START_BRK);
	ASSERT_HEX(heap, START_BRK);
	ASSERT(!vma_at(t, heap));
	ASSERT_HEX(sys_brk(t, heap + 3 * P), heap + 3 * P);
	ASSERT_STR(layout_at(t, heap, 8), "aaa.....");
	vma = vma_at(t, heap);
	ASSERT(vma_is_initial_heap(vma));
	ASSERT_HEX(vma->vm_flags & ~VM_SOFTDIRTY, VM_READ | VM_WRITE |
		   VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT);
	ASSERT_EQ(committed(t), c0 + 3);
	/* Unaligned: the break is kept as asked, the VMA rounds up. */
	ASSERT_HEX(sys_brk(t, heap + 5 * P + 5), heap + 5 * P + 5);
	ASSERT_STR(layout_at(t, heap, 8), "aaaaaa..");
	ASSERT_EQ(mm->data_vm, 6);
	store(t, heap + 5 * P, "top");
	ASSERT_HEX(sys_brk(t, heap + P), heap + P);
	ASSERT_STR(layout_at(t, heap, 8), "a.......");
	ASSERT_EQ(committed(t), c0 + 1);
	ASSERT_EQ(rss(t), 0);
	/* Below start_brk: refused, the break stays. */
	ASSERT_HEX(sys_brk(t, heap - P), heap + P);
	/* Growth stops a page short of the next mapping. */
	ASSERT_HEX(sys_mmap(t, heap + 10 * P, P, RW, PA | MAP_FIXED),
		   heap + 10 * P);
	ASSERT_HEX(sys_brk(t, heap + 10 * P), heap + P);
	ASSERT_HEX(sys_brk(t, heap + 9 * P + 1), heap + P);
	ASSERT_HEX(sys_brk(t, heap + 9 * P), heap + 9 * P);
	ASSERT_STR(layout_at(t, heap, 11), "aaaaaaaaa.b");
	/* Back to empty: no [heap] VMA left. */
	ASSERT_HEX(sys_brk(t, heap), heap);
	ASSERT(!vma_at(t, heap));
	ASSERT_EQ(committed(t), c0 + 1);
}

/* ---- the stack ---- */

static void test_expand_stack(void)
{
	struct task_struct *t = setup();
	struct mm_struct *mm = t->mm;
	struct vm_area_struct *stack = vma_at(t, STACK_START);
	unsigned long c0 = committed(t), s0 = mm->stack_vm, below;
	struct access_result res;

	ASSERT(stack && vma_is_initial_stack(stack));
	ASSERT_EQ(expand_stack(stack, STACK_START - 2 * P + 8), 0);
	ASSERT_HEX(stack->vm_start, STACK_START - 2 * P);
	ASSERT_EQ(mm->stack_vm, s0 + 2);
	ASSERT_EQ(committed(t), c0 + 2);
	/* A fault below the stack grows it too. */
	res = uaccess(t, STACK_START - 4 * P, 1, ACCESS_WRITE, NULL);
	ASSERT_EQ(res.signo, 0);
	ASSERT_HEX(stack->vm_start, STACK_START - 4 * P);

	/* Not into the guard gap of the mapping below... */
	below = stack->vm_start - STACK_GUARD_GAP - 4 * P;
	ASSERT_HEX(sys_mmap(t, below, 2 * P, RW, PA | MAP_FIXED), below);
	ASSERT_EQ(expand_stack(stack, below + 2 * P + STACK_GUARD_GAP - P),
		  -ENOMEM);
	ASSERT_EQ(expand_stack(stack, below + 2 * P + STACK_GUARD_GAP), 0);
	ASSERT_HEX(stack->vm_start, below + 2 * P + STACK_GUARD_GAP);
	res = uaccess(t, stack->vm_start - P, 1, ACCESS_WRITE, NULL);
	ASSERT_EQ(res.signo, SIGSEGV);
}

static void test_expand_stack_limits(void)
{
	struct task_struct *t = setup();
	struct vm_area_struct *stack = vma_at(t, STACK_START), *vma;
	unsigned long below = STACK_START - 16 * P;

	/* A PROT_NONE neighbour needs no guard gap. */
	ASSERT_HEX(sys_mmap(t, below, P, PROT_NONE, PA | MAP_FIXED), below);
	ASSERT_EQ(expand_stack(stack, below + P), 0);
	ASSERT_HEX(stack->vm_start, below + P);
	ASSERT_EQ(expand_stack(stack, below), -ENOMEM);
	OK(sys_munmap(t, below, P));
	/* RLIMIT_STACK: 8 MiB. */
	ASSERT_EQ(expand_stack(stack, STACK_TOP - (8UL << 20) - P), -ENOMEM);
	ASSERT_EQ(expand_stack(stack, STACK_TOP - (8UL << 20)), 0);
	/* Only VM_GROWSDOWN VMAs grow. */
	MMAP(t, 4, 2, RW, PA);
	vma = vma_at(t, A(4));
	ASSERT_EQ(expand_stack(vma, A(3)), -EFAULT);
	/* A growsdown mapping below another one's guard gap. */
	MMAP(t, 10, 2, RW, PA | MAP_GROWSDOWN);
	vma = vma_at(t, A(10));
	ASSERT_EQ(expand_stack(vma, A(8)), -ENOMEM);
}

/* ---- overcommit ---- */

static void test_overcommit_heuristic(void)
{
	struct machine *m = boot_cfg(false, 0, 50);
	struct task_struct *t = unit_spawn(m, "t");
	unsigned long ram = m->zone.nr_pages * P, c0 = committed(t);

	/* One request larger than RAM (no swap) fails... */
	FAILS(t, ENOMEM, sys_mmap(t, 0, ram + P, RW, PA));
	/* ...unless it commits nothing. */
	OK(sys_mmap(t, 0, ram + P, PROT_READ, PA));
	OK(sys_mmap(t, 0, ram + P, RW, PA | MAP_NORESERVE));
	ASSERT_EQ(committed(t), c0);
	OK(sys_mmap(t, 0, ram / 2, RW, PA));
	OK(sys_mmap(t, 0, ram / 2, RW, PA));
	ASSERT_EQ(committed(t), c0 + m->zone.nr_pages);
}

static void test_overcommit_never(void)
{
	struct machine *m = boot_cfg(false, 2, 50);
	struct task_struct *t = unit_spawn(m, "t");
	unsigned long ram = m->zone.nr_pages * P, a;

	FAILS(t, ENOMEM, sys_mmap(t, 0, ram * 3 / 4, RW, PA));
	/* MAP_NORESERVE is not honoured in mode 2. */
	FAILS(t, ENOMEM, sys_mmap(t, 0, ram * 3 / 4, RW, PA | MAP_NORESERVE));
	a = sys_mmap(t, 0, ram * 3 / 4, PROT_READ, PA);
	ASSERT(!IS_ERR_VALUE(a));
	FAILS(t, ENOMEM, sys_mprotect(t, a, ram * 3 / 4, RW));
	ASSERT_HEX(sys_brk(t, t->mm->start_brk + ram), t->mm->start_brk);
	ASSERT(!vma_at(t, t->mm->start_brk));
	OK(sys_mprotect(t, a, ram / 8, RW));
}

/* ---- soft-dirty ---- */

static void test_soft_dirty_vmas(void)
{
	struct machine *m = boot_cfg(true, 0, 50);
	struct task_struct *t = unit_spawn(m, "t");

	MMAP(t, 0, 4, RW, PA);
	ASSERT(vma_at(t, A(0))->vm_flags & VM_SOFTDIRTY);
	/* VM_SOFTDIRTY does not stop a merge; the grown VMA has it. */
	vma_at(t, A(0))->vm_flags &= ~VM_SOFTDIRTY;
	MMAP(t, 4, 4, RW, PA);
	ASSERT_STR(layout(t, 8), "aaaaaaaa");
	ASSERT(vma_at(t, A(0))->vm_flags & VM_SOFTDIRTY);
	ASSERT_HEX(sys_brk(t, t->mm->start_brk + P), t->mm->start_brk + P);
	ASSERT(vma_at(t, t->mm->start_brk)->vm_flags & VM_SOFTDIRTY);

	/* Without soft-dirty tracking no VMA ever has it. */
	t = setup();
	MMAP(t, 0, 4, RW, PA);
	ASSERT(!(vma_at(t, A(0))->vm_flags & VM_SOFTDIRTY));
}

/* ---- exit ---- */

static void test_exit_frees_everything(void)
{
	struct machine *m = unit_boot(0);
	unsigned long free0 = m->zone.free_pages, c0 = m->vm_committed_pages;
	struct task_struct *t = unit_spawn(m, "t");
	pid_t pid;

	MMAP(t, 0, 8, RW, PA);
	MMAP(t, 8, 4, RW, SA);
	MMAP(t, 12, 4, RW, PA | MAP_LOCKED);
	MMAP(t, 20, 4, PROT_READ, PA | MAP_POPULATE);
	touch(t, 0, 16, ACCESS_WRITE);
	OK(sys_brk(t, t->mm->start_brk + 4 * P));
	OK(sys_mprotect(t, A(2), P, PROT_READ));
	OK(sys_madvise(t, A(4), P, MADV_DONTFORK));
	pid = sys_fork(t);
	ASSERT(pid > 0);
	ASSERT_EQ(do_exit(t, 0), 0);
	ASSERT_EQ(do_exit(find_task_by_pid(m, pid), 0), 0);
	/*
	 * All but the slabs of the first anon_vma and anon_vma_chain, kept
	 * empty on their partial lists (SLUB's min_partial).
	 */
	ASSERT_EQ(m->zone.free_pages, free0 - 2);
	ASSERT_EQ(m->vm_committed_pages, c0);
	ASSERT_EQ(m->vm_stat[NR_MLOCK], 0);
}

/* ---- a stress of random operations, checked all along ---- */

static void test_random_ops(void)
{
	struct task_struct *t = setup();
	struct machine *m = t->machine;
	unsigned int seed = 12345;

	for (int i = 0; i < 3000; i++) {
		int op, start, len;
		unsigned long prot;
		char what[128];

		seed = seed * 1103515245 + 12345;
		op = (seed >> 16) % 8;
		seed = seed * 1103515245 + 12345;
		start = (seed >> 16) % 48;
		seed = seed * 1103515245 + 12345;
		len = 1 + (seed >> 16) % 8;
		prot = prots[(seed >> 8) % NPROTS];
		snprintf(what, sizeof(what), "op %d %d+%d #%d", op, start,
			 len, i);
		switch (op) {
		case 0:
			sys_mmap(t, A(start), len * P, prot, PA | MAP_FIXED);
			break;
		case 1:
			sys_munmap(t, A(start), len * P);
			break;
		case 2:
			sys_mprotect(t, A(start), len * P, prot);
			break;
		case 3:
			/* Private only: a grown shared VMA outlives its
			 * object, and a touch past that is SIGBUS. */
			if (vma_at(t, A(start)) &&
			    !vma_at(t, A(start))->vm_file &&
			    (vma_at(t, A(start))->vm_flags & VM_WRITE))
				touch(t, start, 1, ACCESS_WRITE);
			break;
		case 4:
			sys_mlock(t, A(start), len * P);
			break;
		case 5:
			sys_madvise(t, A(start), len * P,
				    (seed & 1) ? MADV_DONTFORK : MADV_DOFORK);
			break;
		case 6:
			sys_mremap(t, A(start), len * P, (len + 2) * P,
				   (seed & 1) ? MREMAP_MAYMOVE : 0, 0);
			break;
		case 7:
			sys_mmap(t, A(start), len * P, prot, SA | MAP_FIXED);
			break;
		}
		m->errmsg[0] = '\0';
		if (i % 50 == 0)
			check(m, what);
	}
}

int main(void)
{
	RUN(test_mmap_topdown_placement);
	RUN(test_mmap_thp_alignment);
	RUN(test_mmap_bottom_up_fallback);
	RUN(test_mmap_stack_guard_gap);
	RUN(test_mmap_adjacent_merge_matrix);
	RUN(test_anon_vma_merge_rules);
	RUN(test_fork_blocks_merge);
	RUN(test_mmap_fixed_replaces);
	RUN(test_mmap_fixed_noreplace);
	RUN(test_mmap_errors);
	RUN(test_munmap_partial);
	RUN(test_munmap_loop);
	RUN(test_munmap_errors);
	RUN(test_mprotect_split_merge_matrix);
	RUN(test_mprotect_merge_cases);
	RUN(test_mprotect_ptes);
	RUN(test_mprotect_accounting);
	RUN(test_mprotect_errors);
	RUN(test_mlock_split_merge);
	RUN(test_mlock_errors);
	RUN(test_mmap_locked_populates);
	RUN(test_madvise_flag_split_merge);
	RUN(test_madvise_dontneed);
	RUN(test_madvise_dontneed_pt_reclaim);
	RUN(test_madvise_free);
	RUN(test_madvise_cold_pageout);
	RUN(test_madvise_errors);
	RUN(test_map_count_limit);
	RUN(test_mremap_grow_shrink);
	RUN(test_mremap_move);
	RUN(test_mremap_move_back_merges);
	RUN(test_mremap_page_tables);
	RUN(test_mremap_move_shared_and_locked);
	RUN(test_mremap_multi_vma);
	RUN(test_mremap_errors);
	RUN(test_mremap_enomem_changes_nothing);
	RUN(test_brk);
	RUN(test_expand_stack);
	RUN(test_expand_stack_limits);
	RUN(test_overcommit_heuristic);
	RUN(test_overcommit_never);
	RUN(test_soft_dirty_vmas);
	RUN(test_exit_frees_everything);
	RUN(test_random_ops);
	return unit_done();
}
