/*
 * test_fault.c - unit tests of the fault path and its neighbours
 * (vm/memory.c, vm/rmap.c, vm/shmem.c): zero-page reads and the COW that
 * follows, anonymous write faults, SIGSEGV with SEGV_MAPERR/SEGV_ACCERR,
 * stack growth and its guard gap, shared anonymous memory across fork
 * (fault-around included), the acceptance scenario with
 * _mapcount, _refcount and PTE bits checked exactly, COW isolation of the
 * bytes, populate, /proc/PID/mem's forced accesses, unmapping, mlock and
 * the OOM path. Expected values are the host kernel's (Linux 6.18) where
 * the kernel shows them. The harness runs the checker after every case.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "unit.h"
#include "../../vm/mm.h"

#define PROT_RW		(PROT_READ | PROT_WRITE)
#define MAP_PA		(MAP_PRIVATE | MAP_ANONYMOUS)
#define MAP_SA		(MAP_SHARED | MAP_ANONYMOUS)

/* The PTE bits a fault leaves, masked to what the tests look at. */
#define PTE_FLAGS	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX)
#define PTE_RO_CLEAN	(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX)
#define PTE_RW_DIRTY	(PTE_RO_CLEAN | _PAGE_RW | _PAGE_DIRTY)

static struct task_struct *fork_task(struct task_struct *parent)
{
	pid_t pid = sys_fork(parent);

	if (pid < 0)
		unit_fail(__FILE__, __LINE__, "fork: %d (%s)", pid,
			  parent->machine->errmsg);
	return find_task_by_pid(parent->machine, pid);
}

static unsigned long map(struct task_struct *t, unsigned long addr,
			 unsigned long npages, unsigned long prot,
			 unsigned long flags)
{
	unsigned long ret = sys_mmap(t, addr, npages * PAGE_SIZE, prot, flags);

	if (IS_ERR_VALUE(ret))
		unit_fail(__FILE__, __LINE__, "mmap: %ld (%s)", (long)ret,
			  t->machine->errmsg);
	return ret;
}

/* One access, as the ctl layer makes it (current set around it). */
static struct access_result access_as(struct task_struct *t,
				      unsigned long addr, size_t len,
				      enum access_mode mode, void *buf)
{
	struct machine *m = t->machine;
	struct access_result res;
	int err;

	unit_set_current(m, t);
	err = user_access(t, addr, len, mode, buf, &res);
	unit_set_current(m, NULL);
	if (err)
		unit_fail(__FILE__, __LINE__, "user_access: %d (%s)", err,
			  m->errmsg);
	return res;
}

static struct access_result touch(struct task_struct *t, unsigned long addr,
				  unsigned long npages, enum access_mode mode)
{
	return access_as(t, addr, npages * PAGE_SIZE, mode, NULL);
}

static void store(struct task_struct *t, unsigned long addr, const char *s)
{
	struct access_result res = access_as(t, addr, strlen(s), ACCESS_WRITE,
					     (void *)s);

	ASSERT_EQ(res.signo, 0);
}

static void expect_bytes(struct task_struct *t, unsigned long addr,
			 const char *want, size_t len)
{
	char buf[128] = { 0 };
	struct access_result res = access_as(t, addr, len, ACCESS_READ, buf);

	ASSERT_EQ(res.signo, 0);
	ASSERT(memcmp(buf, want, len) == 0);
}

static void expect_load(struct task_struct *t, unsigned long addr,
			const char *want)
{
	char buf[128] = { 0 };
	struct access_result res = access_as(t, addr, strlen(want),
					     ACCESS_READ, buf);

	ASSERT_EQ(res.signo, 0);
	ASSERT_STR(buf, want);
}

static pte_t pte_at(struct task_struct *t, unsigned long addr)
{
	pte_t *pte = mm_find_pte(t->mm, addr);

	return pte ? *pte : __pte(0);
}

static long pfn_at(struct task_struct *t, unsigned long addr)
{
	pte_t pte = pte_at(t, addr);

	return pte_none(pte) ? -1 : (long)pte_pfn(pte);
}

static struct page *page_at(struct task_struct *t, unsigned long addr)
{
	long pfn = pfn_at(t, addr);

	if (pfn < 0)
		unit_fail(__FILE__, __LINE__, "no page at 0x%lx", addr);
	return pfn_to_page(&t->machine->zone, (unsigned long)pfn);
}

static pteval_t pte_flags_at(struct task_struct *t, unsigned long addr)
{
	return pte_val(pte_at(t, addr)) & PTE_FLAGS;
}

static bool is_zero_at(struct task_struct *t, unsigned long addr)
{
	return pfn_at(t, addr) == (long)t->machine->zone.zero_pfn;
}

static struct anon_vma *anon_vma_of(struct page *page)
{
	return page_anon_vma(page);
}

/* ---- anonymous faults ---- */

/* A read maps the zero page; the write after it copies into a new page. */
static void test_zero_page_then_write(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	unsigned long a = map(t, 0, 4, PROT_RW, MAP_PA);
	long zero_ptes = m->vm_stat[NR_ZERO_PAGE_MAPPED];
	unsigned long pgfault = m->vm_events[PGFAULT];
	struct access_result res;
	struct page *page;

	res = touch(t, a, 1, ACCESS_READ);
	ASSERT_EQ(res.signo, 0);
	ASSERT_EQ(res.stats.pages, 1);
	ASSERT_EQ(res.stats.faults, 1);
	ASSERT_EQ(res.stats.zero, 1);
	ASSERT_EQ(res.stats.anon, 0);
	ASSERT(is_zero_at(t, a));
	ASSERT_HEX(pte_flags_at(t, a), PTE_RO_CLEAN);
	ASSERT_EQ(m->vm_stat[NR_ZERO_PAGE_MAPPED], zero_ptes + 1);
	ASSERT_EQ(get_mm_rss(t->mm), 0);
	ASSERT(find_vma(t->mm, a)->anon_vma == NULL);
	ASSERT_EQ(m->vm_events[PGFAULT], pgfault + 1);
	ASSERT_EQ(t->min_flt, 1);

	/* Reading again takes no fault. */
	res = touch(t, a, 1, ACCESS_READ);
	ASSERT_EQ(res.stats.faults, 0);

	res = touch(t, a, 1, ACCESS_WRITE);
	ASSERT_EQ(res.stats.faults, 1);
	ASSERT_EQ(res.stats.cow, 1);
	ASSERT(!is_zero_at(t, a));
	ASSERT_HEX(pte_flags_at(t, a), PTE_RW_DIRTY);
	page = page_at(t, a);
	ASSERT_EQ(page->_mapcount, 0);
	ASSERT_EQ(page->_refcount, 1);
	ASSERT(PageAnon(page));
	ASSERT(PageAnonExclusive(page));
	ASSERT(PageSwapBacked(page));
	ASSERT(PageLRU(page));
	ASSERT_EQ(page->index, a >> PAGE_SHIFT);
	ASSERT(find_vma(t->mm, a)->anon_vma == anon_vma_of(page));
	ASSERT_EQ(m->vm_stat[NR_ZERO_PAGE_MAPPED], zero_ptes);
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 1);
	expect_bytes(t, a, "\0\0\0", 3);
	EXPECT_CLEAN(m);
}

/* A write to an untouched page allocates an exclusive, dirty page. */
static void test_write_fault_new_page(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	unsigned long a = map(t, 0, 8, PROT_RW, MAP_PA);
	long anon_mapped = m->vm_stat[NR_ANON_MAPPED];
	long inactive = m->vm_stat[NR_INACTIVE_ANON];
	struct access_result res;
	char want[32];

	res = touch(t, a + 2 * PAGE_SIZE, 3, ACCESS_WRITE);
	ASSERT_EQ(res.stats.pages, 3);
	ASSERT_EQ(res.stats.faults, 3);
	ASSERT_EQ(res.stats.anon, 3);
	ASSERT_EQ(t->min_flt, 3);
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 3);
	ASSERT_EQ(m->vm_stat[NR_ANON_MAPPED], anon_mapped + 3);
	ASSERT_EQ(m->vm_stat[NR_INACTIVE_ANON], inactive + 3);
	for (int i = 2; i < 5; i++) {
		struct page *page = page_at(t, a + i * PAGE_SIZE);

		ASSERT_HEX(pte_flags_at(t, a + i * PAGE_SIZE), PTE_RW_DIRTY);
		ASSERT_EQ(page_mapcount(page), 1);
		ASSERT_EQ(page_ref_count(page), 1);
		ASSERT(PageAnonExclusive(page));
		ASSERT(PageUptodate(page));
	}
	ASSERT_EQ(pfn_at(t, a), -1);
	snprintf(want, sizeof(want), "%d:0x%lx", t->pid, a + 3 * PAGE_SIZE);
	ASSERT_STR(unit_rmap_str(page_at(t, a + 3 * PAGE_SIZE)), want);

	/* Unaligned stores straddle pages and read back. */
	store(t, a + 2 * PAGE_SIZE - 3, "abcdef");
	expect_load(t, a + 2 * PAGE_SIZE - 3, "abcdef");
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 4);
}

/* Executing a no-exec mapping maps the page, then dies of SEGV_ACCERR. */
static void test_exec_noexec_accerr(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	pid_t pid = t->pid;
	unsigned long a = map(t, 0, 2, PROT_RW, MAP_PA);
	struct access_result res = touch(t, a + PAGE_SIZE, 1, ACCESS_EXEC);

	ASSERT_EQ(res.signo, SIGSEGV);
	ASSERT_EQ(res.si_code, SEGV_ACCERR);
	ASSERT_HEX(res.addr, a + PAGE_SIZE);
	ASSERT_EQ(res.stats.faults, 2);	/* not present, then NX */
	ASSERT_EQ(res.stats.zero, 1);
	ASSERT(find_task_by_pid_any(m, pid) == NULL);	/* reaped by init */
	EXPECT_CLEAN(m);

	/* An executable mapping runs. */
	t = unit_spawn(m, "sh");
	a = map(t, 0, 1, PROT_READ | PROT_EXEC, MAP_PA);
	res = touch(t, a, 1, ACCESS_EXEC);
	ASSERT_EQ(res.signo, 0);
	ASSERT(is_zero_at(t, a));
	ASSERT(pte_exec(pte_at(t, a)));
}

/* Unmapped addresses are SEGV_MAPERR; forbidden ones SEGV_ACCERR. */
static void test_segv_codes(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	unsigned long a;
	struct access_result res;

	res = touch(t, 0x10000, 1, ACCESS_READ);
	ASSERT_EQ(res.signo, SIGSEGV);
	ASSERT_EQ(res.si_code, SEGV_MAPERR);
	ASSERT_HEX(res.addr, 0x10000);

	/* A store running off the end of a mapping dies at the next page. */
	t = unit_spawn(m, "sh");
	a = map(t, 0, 1, PROT_RW, MAP_PA);
	res = access_as(t, a + PAGE_SIZE - 2, 4, ACCESS_WRITE, "wxyz");
	ASSERT_EQ(res.signo, SIGSEGV);
	ASSERT_EQ(res.si_code, SEGV_MAPERR);
	ASSERT_HEX(res.addr, a + PAGE_SIZE);
	ASSERT_EQ(res.stats.pages, 1);

	/* Writing a read-only mapping, reading PROT_NONE: ACCERR. */
	t = unit_spawn(m, "sh");
	a = map(t, 0, 1, PROT_READ, MAP_PA);
	ASSERT_EQ(touch(t, a, 1, ACCESS_READ).signo, 0);
	res = touch(t, a, 1, ACCESS_WRITE);
	ASSERT_EQ(res.signo, SIGSEGV);
	ASSERT_EQ(res.si_code, SEGV_ACCERR);

	t = unit_spawn(m, "sh");
	a = map(t, 0, 1, PROT_NONE, MAP_PA);
	res = touch(t, a, 1, ACCESS_READ);
	ASSERT_EQ(res.si_code, SEGV_ACCERR);

	/* Above the user address space. */
	t = unit_spawn(m, "sh");
	res = touch(t, TASK_SIZE, 1, ACCESS_READ);
	ASSERT_EQ(res.si_code, SEGV_MAPERR);

	/* PID 1 survives its own SIGSEGV (it cannot exit). */
	res = touch(m->init_task, 0x10000, 1, ACCESS_READ);
	ASSERT_EQ(res.signo, SIGSEGV);
	ASSERT(find_task_by_pid(m, 1) == m->init_task);
	EXPECT_CLEAN(m);
}

/* A fault below [stack] grows it, unless that would eat the guard gap. */
/*
 * A non-canonical address raises #GP before any page walk: SIGSEGV
 * SI_KERNEL at address 0, no fault counted. The hole depends on the
 * CPU's linear-address width: 48 bits, or 57 with la57. The last page of
 * the address space is an ordinary (kernel-half) page fault, not a wrap.
 */
static void test_noncanonical_gp(void)
{
	struct machine_config cfg;
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	unsigned long a = map(t, 0, 1, PROT_RW, MAP_PA);
	struct access_result res;
	unsigned long faults;

	ASSERT_EQ(touch(t, a, 1, ACCESS_WRITE).signo, 0);
	ASSERT_EQ(t->min_flt, 1);
	res = touch(t, 0x800000000000UL, 1, ACCESS_READ);
	ASSERT_EQ(res.signo, SIGSEGV);
	ASSERT_EQ(res.si_code, SI_KERNEL);
	ASSERT_HEX(res.addr, 0);
	ASSERT_EQ(res.stats.faults, 0);
	/* No page fault was counted (t itself is gone: killed, reaped). */
	ASSERT_EQ(m->vm_events[PGFAULT], 1);

	t = unit_spawn(m, "sh");
	res = access_as(t, 0xffff7ffffffffffeUL, 4, ACCESS_READ,
			(char[4]){ 0 });
	ASSERT_EQ(res.si_code, SI_KERNEL);
	t = unit_spawn(m, "sh");
	res = touch(t, 0xffff800000000000UL, 1, ACCESS_EXEC);
	ASSERT_EQ(res.si_code, SEGV_MAPERR);
	ASSERT_HEX(res.addr, 0xffff800000000000UL);
	t = unit_spawn(m, "sh");
	res = touch(t, 0xfffffffffffff000UL, 1, ACCESS_WRITE);
	ASSERT_EQ(res.si_code, SEGV_MAPERR);
	ASSERT_HEX(res.addr, 0xfffffffffffff000UL);
	/* The stack's last page, then the page under 1<<47: a page fault. */
	t = unit_spawn(m, "sh");
	faults = m->vm_events[PGFAULT];
	res = touch(t, STACK_TOP - PAGE_SIZE, 3, ACCESS_WRITE);
	ASSERT_EQ(res.si_code, SEGV_MAPERR);
	ASSERT_HEX(res.addr, STACK_TOP);
	ASSERT_EQ(res.stats.pages, 1);
	/* The stack page faulted in; the fatal fault at STACK_TOP counts
	 * nothing (it never reaches handle_mm_fault()). */
	ASSERT_EQ(m->vm_events[PGFAULT] - faults, 1);

	machine_config_default(&cfg);
	cfg.cpu.la57 = true;
	m = machine_boot(&cfg);
	ASSERT(m != NULL);
	unit_track(m);
	t = unit_spawn(m, "sh");
	res = touch(t, 0x800000000000UL, 1, ACCESS_READ);
	ASSERT_EQ(res.si_code, SEGV_MAPERR);
	ASSERT_HEX(res.addr, 0x800000000000UL);
	t = unit_spawn(m, "sh");
	res = touch(t, 0x0100000000000000UL, 1, ACCESS_WRITE);
	ASSERT_EQ(res.si_code, SI_KERNEL);
	ASSERT_HEX(res.addr, 0);
	t = unit_spawn(m, "sh");
	res = touch(t, 0xff00000000000000UL, 1, ACCESS_READ);
	ASSERT_EQ(res.si_code, SEGV_MAPERR);
}

static void test_stack_growth(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	struct vm_area_struct *stack = find_vma(t->mm, STACK_START);
	unsigned long below = STACK_START - 3 * PAGE_SIZE + 8;
	unsigned long lo;
	struct access_result res;

	res = touch(t, below & PAGE_MASK, 1, ACCESS_WRITE);
	ASSERT_EQ(res.signo, 0);
	ASSERT_EQ(res.stats.expand, 1);
	ASSERT_HEX(stack->vm_start, STACK_START - 3 * PAGE_SIZE);
	ASSERT_EQ(t->mm->stack_vm, 36);
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 1);

	/*
	 * A mapping whose end is 4 pages more than the guard gap below the
	 * stack: the stack may grow down to the gap, not into it.
	 */
	lo = stack->vm_start - STACK_GUARD_GAP - 4 * PAGE_SIZE;
	map(t, lo - 16 * PAGE_SIZE, 16, PROT_RW, MAP_PA | MAP_FIXED);
	res = touch(t, lo + STACK_GUARD_GAP, 1, ACCESS_READ);
	ASSERT_EQ(res.signo, 0);
	ASSERT_HEX(stack->vm_start, lo + STACK_GUARD_GAP);
	res = touch(t, lo + STACK_GUARD_GAP - PAGE_SIZE, 1, ACCESS_READ);
	ASSERT_EQ(res.signo, SIGSEGV);
	ASSERT_EQ(res.si_code, SEGV_MAPERR);
	EXPECT_CLEAN(m);
}

/* ---- shared anonymous memory ---- */

static void test_shared_anon_fork(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, "sh"), *b;
	/* At the start of a PTE table, so the fault-around window is pages 0-15. */
	unsigned long s = map(a, 0x40000000UL, 32, PROT_RW, MAP_SA | MAP_FIXED);
	struct vm_area_struct *vma = find_vma(a->mm, s);
	struct inode *inode = vma->vm_file->f_inode;
	struct access_result res;
	struct page *p0, *p2;
	char want[64];

	ASSERT_EQ(vma->vm_pgoff, 0);
	ASSERT_EQ(inode->i_dev, 1);
	ASSERT_EQ(inode->i_size, 32 * PAGE_SIZE);
	{
		char path[64];

		ASSERT_STR(file_path(vma->vm_file, path, sizeof(path)),
			   "/dev/zero (deleted)");
	}

	/* A read fault maps the cache page writable, and clean. */
	res = touch(a, s, 1, ACCESS_READ);
	ASSERT_EQ(res.stats.shmem, 1);
	p0 = page_at(a, s);
	ASSERT_HEX(pte_flags_at(a, s),
		   _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED |
		   _PAGE_NX);
	ASSERT(!PageDirty(p0));
	ASSERT(!PageAnon(p0));
	ASSERT(p0->mapping == inode->i_mapping);
	ASSERT_EQ(page_ref_count(p0), 2);	/* cache + PTE */
	ASSERT_EQ(page_mapcount(p0), 1);
	ASSERT_EQ(get_mm_counter(a->mm, MM_SHMEMPAGES), 1);
	/* ... so the write after it takes no fault. */
	res = touch(a, s, 1, ACCESS_WRITE);
	ASSERT_EQ(res.stats.faults, 0);
	ASSERT_HEX(pte_flags_at(a, s), PTE_RW_DIRTY);

	store(a, s + 2 * PAGE_SIZE, "shared");
	p2 = page_at(a, s + 2 * PAGE_SIZE);
	ASSERT(PageDirty(p2));
	touch(a, s + 20 * PAGE_SIZE, 1, ACCESS_WRITE);

	b = fork_task(a);
	/* fork copies no PTE of a shared mapping. */
	ASSERT_EQ(pfn_at(b, s), -1);
	ASSERT_EQ(get_mm_rss(b->mm), 0);
	ASSERT(find_vma(b->mm, s)->vm_file == vma->vm_file);
	ASSERT_EQ(vma->vm_file->f_count, 2);

	/*
	 * The child's read of page 5 also maps the cached pages 0 and 2 in
	 * its 16-page fault-around window (page 20 is outside it).
	 */
	res = touch(b, s + 5 * PAGE_SIZE, 1, ACCESS_READ);
	ASSERT_EQ(res.stats.faults, 1);
	ASSERT_EQ(get_mm_counter(b->mm, MM_SHMEMPAGES), 3);
	ASSERT(page_at(b, s) == p0);
	ASSERT(page_at(b, s + 2 * PAGE_SIZE) == p2);
	ASSERT_EQ(pfn_at(b, s + PAGE_SIZE), -1);
	ASSERT_EQ(pfn_at(b, s + 20 * PAGE_SIZE), -1);
	/* Dirty pages map dirty, and every prefaulted PTE is young. */
	ASSERT(pte_dirty(pte_at(b, s + 2 * PAGE_SIZE)));
	ASSERT(pte_young(pte_at(b, s)));
	ASSERT_EQ(page_ref_count(p2), 3);
	ASSERT_EQ(page_mapcount(p2), 2);
	snprintf(want, sizeof(want), "%d:0x%lx %d:0x%lx", a->pid,
		 s + 2 * PAGE_SIZE, b->pid, s + 2 * PAGE_SIZE);
	ASSERT_STR(unit_rmap_str(p2), want);

	/* Writes are seen by both sides. */
	expect_load(b, s + 2 * PAGE_SIZE, "shared");
	store(b, s + PAGE_SIZE, "from child");
	expect_load(a, s + PAGE_SIZE, "from child");
	ASSERT_EQ(page_at(a, s + PAGE_SIZE), page_at(b, s + PAGE_SIZE));
	EXPECT_CLEAN(m);

	/* The child's exit leaves the cache and the parent's mappings. */
	ASSERT_EQ(do_exit(b, 0), 0);
	ASSERT_EQ(page_ref_count(p2), 2);
	ASSERT(PageReferenced(p2));	/* zap of a young PTE */
	ASSERT_EQ(vma->vm_file->f_count, 1);
	expect_load(a, s + PAGE_SIZE, "from child");
	EXPECT_CLEAN(m);
}

/* Unmapping the only mapping of a shmem object frees its page cache. */
static void test_shmem_cache_freed(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	unsigned long s = map(t, 0, 4, PROT_RW, MAP_SA);
	long shmem = m->vm_stat[NR_SHMEM];
	unsigned long free_before;

	touch(t, s, 4, ACCESS_WRITE);
	ASSERT_EQ(m->vm_stat[NR_SHMEM], shmem + 4);
	free_before = m->zone.free_pages;
	ASSERT_EQ(sys_munmap(t, s, 4 * PAGE_SIZE), 0);
	ASSERT_EQ(m->vm_stat[NR_SHMEM], shmem);
	ASSERT(m->zone.free_pages >= free_before + 4);
	EXPECT_CLEAN(m);
}

/* ---- fork and COW ---- */

/*
 * The acceptance scenario: mmap 16 pages rw- private; write
 * pages 0-3; read page 5; fork; the child writes page 0. The host shows
 * Rss 16 kB, Pss 10 kB, Shared_Dirty 12 kB, Private_Dirty 4 kB in both,
 * Referenced 16 kB in the parent and 4 kB in the child, and page 0 alone
 * exclusive in each. Here: the counts and bits behind those numbers.
 */
static void test_acceptance_cow(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, "sh"), *b;
	unsigned long v = map(a, 0, 16, PROT_RW, MAP_PA);
	struct vm_area_struct *pvma, *cvma;
	struct page *old0, *new0;
	struct access_result res;
	long zero_ptes;
	char want[64];

	touch(a, v, 4, ACCESS_WRITE);
	touch(a, v + 5 * PAGE_SIZE, 1, ACCESS_READ);
	zero_ptes = m->vm_stat[NR_ZERO_PAGE_MAPPED];
	old0 = page_at(a, v);

	b = fork_task(a);
	pvma = find_vma(a->mm, v);
	cvma = find_vma(b->mm, v);
	ASSERT_HEX(cvma->vm_flags, pvma->vm_flags);

	/* anon_vma_fork(): own anon_vma under the parent's, chains to both. */
	ASSERT(cvma->anon_vma != pvma->anon_vma);
	ASSERT(cvma->anon_vma->parent == pvma->anon_vma);
	ASSERT(cvma->anon_vma->root == pvma->anon_vma->root);
	ASSERT(pvma->anon_vma->root == pvma->anon_vma);

	for (int i = 0; i < 4; i++) {
		unsigned long addr = v + i * PAGE_SIZE;
		struct page *page = page_at(a, addr);

		ASSERT(page_at(b, addr) == page);
		ASSERT_EQ(page->_mapcount, 1);
		ASSERT_EQ(page->_refcount, 2);
		ASSERT(!PageAnonExclusive(page));
		/* Write-protected on both sides; the child's copy is old. */
		ASSERT_HEX(pte_flags_at(a, addr), PTE_RW_DIRTY & ~_PAGE_RW);
		ASSERT_HEX(pte_flags_at(b, addr),
			   PTE_RW_DIRTY & ~(_PAGE_RW | _PAGE_ACCESSED));
	}
	ASSERT(is_zero_at(b, v + 5 * PAGE_SIZE));
	ASSERT(!pte_young(pte_at(b, v + 5 * PAGE_SIZE)));
	ASSERT_EQ(m->vm_stat[NR_ZERO_PAGE_MAPPED], zero_ptes + 1);
	ASSERT_EQ(pfn_at(b, v + 4 * PAGE_SIZE), -1);
	ASSERT_EQ(get_mm_counter(b->mm, MM_ANONPAGES), 4);
	EXPECT_CLEAN(m);

	res = touch(b, v, 1, ACCESS_WRITE);
	ASSERT_EQ(res.signo, 0);
	ASSERT_EQ(res.stats.faults, 1);
	ASSERT_EQ(res.stats.cow, 1);

	/* The child's new page 0: its own, young, dirty, writable. */
	new0 = page_at(b, v);
	ASSERT(new0 != old0);
	ASSERT_EQ(new0->_mapcount, 0);
	ASSERT_EQ(new0->_refcount, 1);
	ASSERT(PageAnonExclusive(new0));
	ASSERT(anon_vma_of(new0) == cvma->anon_vma);
	ASSERT_HEX(pte_flags_at(b, v), PTE_RW_DIRTY);

	/* The parent's page 0 stays its own, still write-protected. */
	ASSERT(page_at(a, v) == old0);
	ASSERT_EQ(old0->_mapcount, 0);
	ASSERT_EQ(old0->_refcount, 1);
	ASSERT_HEX(pte_flags_at(a, v), PTE_RW_DIRTY & ~_PAGE_RW);
	snprintf(want, sizeof(want), "%d:0x%lx", a->pid, v);
	ASSERT_STR(unit_rmap_str(old0), want);

	/* Pages 1-3: mapcount 2 (Shared_Dirty 12 kB, Pss 6 of 10 kB). */
	for (int i = 1; i < 4; i++) {
		struct page *page = page_at(a, v + i * PAGE_SIZE);

		ASSERT(page_at(b, v + i * PAGE_SIZE) == page);
		ASSERT_EQ(page_mapcount(page), 2);
		ASSERT(pte_young(pte_at(a, v + i * PAGE_SIZE)));
		ASSERT(!pte_young(pte_at(b, v + i * PAGE_SIZE)));
		ASSERT(!PageReferenced(page));
		snprintf(want, sizeof(want), "%d:0x%lx %d:0x%lx", a->pid,
			 v + i * PAGE_SIZE, b->pid, v + i * PAGE_SIZE);
		ASSERT_STR(unit_rmap_str(page), want);
	}
	ASSERT_EQ(get_mm_counter(a->mm, MM_ANONPAGES), 4);
	ASSERT_EQ(get_mm_counter(b->mm, MM_ANONPAGES), 4);
	ASSERT(pte_young(pte_at(a, v + 5 * PAGE_SIZE)));
	EXPECT_CLEAN(m);

	/* The parent's write to page 0 reuses it: nobody else maps it. */
	res = touch(a, v, 1, ACCESS_WRITE);
	ASSERT_EQ(res.stats.reuse, 1);
	ASSERT_EQ(res.stats.cow, 0);
	ASSERT(page_at(a, v) == old0);
	ASSERT(PageAnonExclusive(old0));
	ASSERT_HEX(pte_flags_at(a, v), PTE_RW_DIRTY);

	/* The child's write to page 1 copies: the parent still maps it. */
	res = touch(b, v + PAGE_SIZE, 1, ACCESS_WRITE);
	ASSERT_EQ(res.stats.cow, 1);
	/* Now the parent's page 1 is its alone again: reused in place. */
	res = touch(a, v + PAGE_SIZE, 1, ACCESS_WRITE);
	ASSERT_EQ(res.stats.reuse, 1);
	ASSERT(anon_vma_of(page_at(a, v + PAGE_SIZE)) == pvma->anon_vma);
	EXPECT_CLEAN(m);
}

/* store/load: the child's writes after fork are invisible to the parent. */
static void test_cow_bytes(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, "sh"), *b, *c;
	unsigned long v = map(a, 0, 2, PROT_RW, MAP_PA);

	store(a, v, "parent");
	b = fork_task(a);
	store(b, v, "CHILD!");
	expect_load(a, v, "parent");
	expect_load(b, v, "CHILD!");
	/* A zero page shared through fork: the child's write copies zeroes. */
	touch(a, v + PAGE_SIZE, 1, ACCESS_READ);
	c = fork_task(a);
	ASSERT(is_zero_at(c, v + PAGE_SIZE));
	store(c, v + PAGE_SIZE + 100, "x");
	expect_bytes(a, v + PAGE_SIZE + 100, "\0", 1);
	expect_bytes(c, v + PAGE_SIZE + 99, "\0x", 2);
	/* The grandchild still sees the parent's page 0. */
	expect_load(c, v, "parent");
	EXPECT_CLEAN(m);
}

/* A VMA that only ever mapped the zero page is not copied at fork. */
static void test_fork_skips_zero_only_vma(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, "sh"), *b;
	unsigned long v = map(a, 0, 4, PROT_RW, MAP_PA);

	touch(a, v, 2, ACCESS_READ);
	ASSERT(find_vma(a->mm, v)->anon_vma == NULL);
	b = fork_task(a);
	ASSERT_EQ(pfn_at(b, v), -1);
	ASSERT(is_zero_at(a, v));
	EXPECT_CLEAN(m);
}

/* ---- populate, mlock, /proc/PID/mem ---- */

static void test_populate(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	unsigned long rw = map(t, 0, 4, PROT_RW, MAP_PA | MAP_POPULATE);
	unsigned long ro, sh;

	/* Writable private: write faults, so real pages, referenced. */
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 4);
	for (int i = 0; i < 4; i++) {
		struct page *page = page_at(t, rw + i * PAGE_SIZE);

		ASSERT(PageReferenced(page));
		ASSERT_HEX(pte_flags_at(t, rw + i * PAGE_SIZE), PTE_RW_DIRTY);
	}
	ASSERT_EQ(t->min_flt, 4);

	/* Read-only private: the zero page everywhere, Rss 0. */
	ro = map(t, 0, 3, PROT_READ, MAP_PA | MAP_POPULATE);
	for (int i = 0; i < 3; i++)
		ASSERT(is_zero_at(t, ro + i * PAGE_SIZE));
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 4);

	/* Shared: read faults; cache pages mapped writable and clean. */
	sh = map(t, 0, 2, PROT_RW, MAP_SA | MAP_POPULATE);
	ASSERT_EQ(get_mm_counter(t->mm, MM_SHMEMPAGES), 2);
	ASSERT(pte_write(pte_at(t, sh)));
	ASSERT(!pte_dirty(pte_at(t, sh)));
	EXPECT_CLEAN(m);
}

static void test_mlock_counters(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	long mlocked = m->vm_stat[NR_MLOCK];
	long unevictable = m->vm_stat[NR_UNEVICTABLE];
	unsigned long v = map(t, 0, 4, PROT_RW, MAP_PA | MAP_LOCKED);
	struct page *page = page_at(t, v);

	ASSERT_EQ(m->vm_stat[NR_MLOCK], mlocked + 4);
	ASSERT_EQ(m->vm_stat[NR_UNEVICTABLE], unevictable + 4);
	ASSERT(PageMlocked(page));
	ASSERT(PageUnevictable(page));
	ASSERT_EQ(sys_munlock(t, v, 2 * PAGE_SIZE), 0);
	ASSERT(!PageMlocked(page));
	ASSERT(!PageUnevictable(page));
	ASSERT_EQ(m->vm_stat[NR_MLOCK], mlocked + 2);
	ASSERT_EQ(sys_munmap(t, v, 4 * PAGE_SIZE), 0);
	ASSERT_EQ(m->vm_stat[NR_MLOCK], mlocked);
	ASSERT_EQ(m->vm_stat[NR_UNEVICTABLE], unevictable);
	EXPECT_CLEAN(m);
}

/*
 * vmstat's unevictable_pgs_* as mm/mlock.c counts them once its per-CPU
 * batch is drained: mlocked/culled when a page is locked, munlocked/
 * rescued when its last mlock goes, nothing for a second mlock or the
 * first of two munlocks; stranded for a munlock off every list; cleared
 * for a page freed still mlocked.
 */
static void test_unevictable_events(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	unsigned long *ev = m->vm_events;
	unsigned long v = map(t, 0, 4, PROT_RW, MAP_PA);
	unsigned long culled = ev[UNEVICTABLE_PGCULLED];
	unsigned long rescued = ev[UNEVICTABLE_PGRESCUED];
	unsigned long mlocked = ev[UNEVICTABLE_PGMLOCKED];
	unsigned long munlocked = ev[UNEVICTABLE_PGMUNLOCKED];
	struct page *page;

	touch(t, v, 4, ACCESS_WRITE);
	ASSERT_EQ(sys_mlock(t, v, 4 * PAGE_SIZE), 0);
	ASSERT_EQ(ev[UNEVICTABLE_PGMLOCKED], mlocked + 4);
	ASSERT_EQ(ev[UNEVICTABLE_PGCULLED], culled + 4);
	/* A second VM_LOCKED mapping only counts one more mlock. */
	page = page_at(t, v);
	mlock_page(m, page);
	ASSERT_EQ(page->private, 2);
	ASSERT_EQ(ev[UNEVICTABLE_PGMLOCKED], mlocked + 4);
	ASSERT_EQ(ev[UNEVICTABLE_PGCULLED], culled + 4);
	munlock_page(m, page);
	ASSERT(PageMlocked(page));
	ASSERT_EQ(ev[UNEVICTABLE_PGMUNLOCKED], munlocked);
	ASSERT_EQ(sys_munlock(t, v, 4 * PAGE_SIZE), 0);
	ASSERT_EQ(ev[UNEVICTABLE_PGMUNLOCKED], munlocked + 4);
	ASSERT_EQ(ev[UNEVICTABLE_PGRESCUED], rescued + 4);
	/* A page born in a locked VMA: mlocked and culled at once. */
	ASSERT_EQ(sys_munmap(t, v, 4 * PAGE_SIZE), 0);
	v = map(t, 0, 1, PROT_RW, MAP_PA | MAP_LOCKED);
	ASSERT_EQ(ev[UNEVICTABLE_PGMLOCKED], mlocked + 5);
	ASSERT_EQ(ev[UNEVICTABLE_PGCULLED], culled + 5);
	/* Munlocked while off every list: stranded, not munlocked. */
	page = page_at(t, v);
	lruvec_del_page(m, page);
	munlock_page(m, page);
	ASSERT(!PageMlocked(page));
	ASSERT_EQ(ev[UNEVICTABLE_PGSTRANDED], 1);
	ASSERT_EQ(ev[UNEVICTABLE_PGMUNLOCKED], munlocked + 4);
	ClearPageUnevictable(page);
	lruvec_add_page(m, page);
	/* Freed still mlocked (no VM_LOCKED VMA maps it): cleared. */
	ASSERT_EQ(sys_munlock(t, v, PAGE_SIZE), 0);
	mlock_page(m, page_at(t, v));
	ASSERT_EQ(sys_munmap(t, v, PAGE_SIZE), 0);
	ASSERT_EQ(ev[UNEVICTABLE_PGCLEARED], 1);
	ASSERT_EQ(ev[UNEVICTABLE_PGSCANNED], 0);
	EXPECT_CLEAN(m);
}

static void test_remote_vm(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, "sh"), *b;
	unsigned long ro = map(a, 0, 2, PROT_READ, MAP_PA);
	unsigned long none = map(a, 0, 1, PROT_NONE, MAP_PA);
	unsigned long sro = map(a, 0, 1, PROT_READ, MAP_SA);
	char buf[16] = { 0 };
	struct page *page;

	/* Forced write into read-only private memory: COW, PTE stays RO. */
	ASSERT_EQ(access_remote_vm(a->mm, ro + 8, "poke", 4,
				   FOLL_FORCE | FOLL_WRITE), 4);
	page = page_at(a, ro);
	ASSERT(PageAnonExclusive(page));
	ASSERT(!pte_write(pte_at(a, ro)));
	ASSERT(PageDirty(page));
	ASSERT_EQ(get_mm_counter(a->mm, MM_ANONPAGES), 1);
	expect_load(a, ro + 8, "poke");

	/* After fork the child's forced write breaks COW for it alone. */
	b = fork_task(a);
	ASSERT_EQ(access_remote_vm(b->mm, ro + 8, "PEEK", 4,
				   FOLL_FORCE | FOLL_WRITE), 4);
	expect_load(a, ro + 8, "poke");
	expect_load(b, ro + 8, "PEEK");
	ASSERT(page_at(a, ro) != page_at(b, ro));

	/* PROT_NONE reads as zeroes under FOLL_FORCE. */
	memset(buf, 'x', sizeof(buf));
	ASSERT_EQ(access_remote_vm(a->mm, none, buf, 8, FOLL_FORCE), 8);
	ASSERT_EQ(buf[0], 0);
	ASSERT_EQ(buf[7], 0);

	/* Read-only shared memory is never written; holes end the access. */
	ASSERT_EQ(access_remote_vm(a->mm, sro, "no", 2,
				   FOLL_FORCE | FOLL_WRITE), -EIO);
	ASSERT_EQ(access_remote_vm(a->mm, 0x10000, buf, 4, FOLL_FORCE), -EIO);
	/* Top-down layout: nothing is mapped right above the first mmap. */
	ASSERT_HEX(ro + 2 * PAGE_SIZE, MMAP_BASE);
	ASSERT_EQ(access_remote_vm(a->mm, ro + 2 * PAGE_SIZE - 4, buf, 8,
				   FOLL_FORCE), 4);
	EXPECT_CLEAN(m);
}

/*
 * Every FOLL_TOUCH follow of the zero page marks it accessed, and as it is
 * on no LRU list that toggles PG_referenced and never sets PG_active. An
 * ordinary read fault leaves its flags alone; a normal page's second
 * forced read activates it. The target counts no fault for a remote read.
 */
static void test_remote_read_zero_page_referenced(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a = unit_spawn(m, "sh");
	unsigned long addr = map(a, 0, 8, PROT_RW, MAP_PA);
	struct page *zero = pfn_to_page(&m->zone, m->zone.zero_pfn);
	static char big[3 * PAGE_SIZE];
	struct page *page;
	char buf[8];

	ASSERT(!PageReferenced(zero));
	ASSERT_EQ(access_remote_vm(a->mm, addr, buf, 8, FOLL_FORCE), 8);
	ASSERT(is_zero_at(a, addr));
	ASSERT_EQ(a->min_flt, 0);
	ASSERT(PageReferenced(zero));
	ASSERT_EQ(access_remote_vm(a->mm, addr, buf, 8, FOLL_FORCE), 8);
	ASSERT(!PageReferenced(zero));
	ASSERT(!PageActive(zero));
	ASSERT_EQ(touch(a, addr + PAGE_SIZE, 1, ACCESS_READ).signo, 0);
	ASSERT(!PageReferenced(zero));
	ASSERT_EQ(access_remote_vm(a->mm, addr, buf, 8, FOLL_FORCE), 8);
	ASSERT(PageReferenced(zero));
	/* Three pages in one read: three toggles. */
	ASSERT_EQ(access_remote_vm(a->mm, addr + 2 * PAGE_SIZE, big,
				   sizeof(big), FOLL_FORCE), (long)sizeof(big));
	ASSERT(!PageReferenced(zero));
	ASSERT(!PageActive(zero));

	ASSERT_EQ(touch(a, addr + 7 * PAGE_SIZE, 1, ACCESS_WRITE).signo, 0);
	page = page_at(a, addr + 7 * PAGE_SIZE);
	ASSERT(!PageReferenced(page));
	ASSERT_EQ(access_remote_vm(a->mm, addr + 7 * PAGE_SIZE, buf, 1,
				   FOLL_FORCE), 1);
	ASSERT(PageReferenced(page));
	ASSERT_EQ(access_remote_vm(a->mm, addr + 7 * PAGE_SIZE, buf, 1,
				   FOLL_FORCE), 1);
	ASSERT(!PageReferenced(page));
	ASSERT(PageActive(page));
	ASSERT_EQ(a->min_flt, 2);
	EXPECT_CLEAN(m);
}

/* ---- unmapping ---- */

static void test_zap_counts(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	unsigned long v = map(t, 0, 8, PROT_RW, MAP_PA);
	long zero_ptes = m->vm_stat[NR_ZERO_PAGE_MAPPED];
	long anon_mapped = m->vm_stat[NR_ANON_MAPPED];
	long inactive = m->vm_stat[NR_INACTIVE_ANON];
	unsigned long free_pages = m->zone.free_pages;

	touch(t, v, 4, ACCESS_WRITE);
	touch(t, v + 4 * PAGE_SIZE, 4, ACCESS_READ);
	ASSERT_EQ(m->vm_stat[NR_ZERO_PAGE_MAPPED], zero_ptes + 4);
	ASSERT_EQ(sys_munmap(t, v + 2 * PAGE_SIZE, 4 * PAGE_SIZE), 0);
	ASSERT_EQ(get_mm_counter(t->mm, MM_ANONPAGES), 2);
	ASSERT_EQ(t->mm->hiwater_rss, 4);
	ASSERT_EQ(m->vm_stat[NR_ZERO_PAGE_MAPPED], zero_ptes + 2);
	ASSERT_EQ(m->vm_stat[NR_ANON_MAPPED], anon_mapped + 2);
	ASSERT_EQ(m->vm_stat[NR_INACTIVE_ANON], inactive + 2);
	EXPECT_CLEAN(m);
	ASSERT_EQ(do_exit(t, 0), 0);
	ASSERT_EQ(m->vm_stat[NR_ZERO_PAGE_MAPPED], zero_ptes);
	ASSERT_EQ(m->vm_stat[NR_ANON_MAPPED], anon_mapped);
	ASSERT_EQ(m->vm_stat[NR_INACTIVE_ANON], inactive);
	/*
	 * Every frame the task had, tables included, is free again, but for
	 * the two slabs its first fault took (the machine's first anon_vma
	 * and anon_vma_chain), which stay on their partial lists, empty, as
	 * SLUB keeps min_partial slabs; the pgd allocated before the count
	 * comes back on top.
	 */
	ASSERT_EQ(m->zone.free_pages, free_pages - 2 + 1);
	EXPECT_CLEAN(m);
}

/*
 * A shmem page is swap-backed from the moment it enters the page cache,
 * mapped or not (shmem_get_page()); the checker insists, since smaps
 * tells Pss_Shmem by PG_swapbacked alone.
 */
static void test_shmem_pages_swapbacked(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *t = unit_spawn(m, "sh");
	unsigned long v = map(t, 0, 2, PROT_RW, MAP_SA);
	struct inode *inode = find_vma(t->mm, v)->vm_file->f_inode;
	struct page *page;
	char *report = NULL;

	touch(t, v, 1, ACCESS_READ);
	store(t, v + PAGE_SIZE, "s");
	for (pgoff_t i = 0; i < 2; i++) {
		page = xa_load(&inode->i_mapping->i_pages, i);
		ASSERT(page && PageSwapBacked(page) && !PageAnon(page));
	}
	EXPECT_CLEAN(m);

	ClearPageSwapBacked(page);
	ASSERT_EQ(mm_check_machine(m, &report), -EUCLEAN);
	ASSERT(report && strstr(report, "at index 0x1 is not swap-backed"));
	free(report);
	SetPageSwapBacked(page);
}

/* ---- out of memory ---- */

static void test_oom_kills_current(void)
{
	struct machine *m = unit_boot(64 * PAGE_SIZE);
	struct task_struct *t = unit_spawn(m, "sh");
	pid_t pid = t->pid;
	unsigned long v = map(t, 0, 60, PROT_RW, MAP_PA);
	struct access_result res = touch(t, v, 60, ACCESS_WRITE);

	/* The only killable task is the one faulting: it gets SIGKILL. */
	ASSERT_EQ(res.signo, SIGKILL);
	ASSERT(res.stats.pages < 60);
	ASSERT(find_task_by_pid_any(m, pid) == NULL);
	ASSERT_EQ(res.stats.oom_kills, 1);
	ASSERT_EQ(m->vm_events[OOM_KILL], 1);
	EXPECT_CLEAN(m);
}

/*
 * 128 frames: init's slabs (task_struct, mm_struct, sighand, signal and
 * files caches, vm_area_struct) and pgd take 34 at boot, so the big task's 60
 * pages leave too few for the small one's 40, which is still the smaller
 * when memory runs out.
 */
static void test_oom_kills_other(void)
{
	struct machine *m = unit_boot(128 * PAGE_SIZE);
	struct task_struct *big = unit_spawn(m, "sh"), *small;
	pid_t big_pid = big->pid;
	unsigned long v = map(big, 0, 60, PROT_RW, MAP_PA);
	struct access_result res;

	touch(big, v, 60, ACCESS_WRITE);
	small = unit_spawn(m, "sh");
	v = map(small, 0, 40, PROT_RW, MAP_PA);
	ASSERT(m->zone.free_pages < 40);
	res = touch(small, v, 40, ACCESS_WRITE);
	ASSERT_EQ(res.signo, 0);
	ASSERT_EQ(res.stats.pages, 40);
	ASSERT(res.stats.oom_kills >= 1);
	ASSERT(find_task_by_pid_any(m, big_pid) == NULL);
	ASSERT_EQ(get_mm_counter(small->mm, MM_ANONPAGES), 40);
	EXPECT_CLEAN(m);
}

/*
 * Outside the fault path the OOM killer never ends the calling task and
 * counts no kill: mlock, MAP_POPULATE, MAP_LOCKED, mprotect making a
 * locked mapping writable and a /proc/PID/mem write each run out of
 * memory with only the caller left to kill, and fail (or populate less)
 * while the task lives on. Only a page fault kills it, counted once.
 */
static void test_oom_spares_current_outside_faults(void)
{
	struct machine *m = unit_boot(1UL << 20);
	struct task_struct *t = unit_spawn(m, "sh");
	pid_t pid = t->pid;
	unsigned long v, ro, rss;
	struct access_result res;

	v = map(t, 0, 8, PROT_RW, MAP_PA);
	ro = map(t, 0, 8, PROT_READ, MAP_PA);
	unit_fill_until(t, 0);
	rss = get_mm_rss(t->mm);
	unit_set_current(m, t);	/* as the ctl layer sets it */

	ASSERT_EQ(sys_mlock(t, v, 8 * PAGE_SIZE), -EAGAIN);
	ASSERT_EQ(m->vm_events[OOM_KILL], 0);
	ASSERT(!IS_ERR_VALUE(sys_mmap(t, 0, 4 * PAGE_SIZE, PROT_RW,
				      MAP_PA | MAP_POPULATE)));
	ASSERT_EQ(m->vm_events[OOM_KILL], 0);
	ASSERT(!IS_ERR_VALUE(sys_mmap(t, 0, 4 * PAGE_SIZE, PROT_RW,
				      MAP_PA | MAP_LOCKED)));
	ASSERT_EQ(m->vm_events[OOM_KILL], 0);
	/* Zero pages need no frame; making them writable does. */
	ASSERT_EQ(sys_mlock(t, ro, 8 * PAGE_SIZE), 0);
	ASSERT_EQ(sys_mprotect(t, ro, 8 * PAGE_SIZE, PROT_RW), 0);
	ASSERT_EQ(m->vm_events[OOM_KILL], 0);
	ASSERT_EQ(access_remote_vm(t->mm, v + 7 * PAGE_SIZE, "x", 1,
				   FOLL_FORCE | FOLL_WRITE), -EIO);
	unit_set_current(m, NULL);
	ASSERT_EQ(m->vm_events[OOM_KILL], 0);
	ASSERT(find_task_by_pid(m, pid) == t);
	ASSERT_EQ(get_mm_rss(t->mm), rss);	/* no frame was had */
	EXPECT_CLEAN(m);

	res = touch(t, v + 7 * PAGE_SIZE, 1, ACCESS_WRITE);
	ASSERT_EQ(res.signo, SIGKILL);
	ASSERT_EQ(res.stats.oom_kills, 1);
	ASSERT_EQ(m->vm_events[OOM_KILL], 1);
	ASSERT(find_task_by_pid_any(m, pid) == NULL);
}

int main(void)
{
	RUN(test_zero_page_then_write);
	RUN(test_write_fault_new_page);
	RUN(test_exec_noexec_accerr);
	RUN(test_segv_codes);
	RUN(test_noncanonical_gp);
	RUN(test_stack_growth);
	RUN(test_shared_anon_fork);
	RUN(test_shmem_cache_freed);
	RUN(test_shmem_pages_swapbacked);
	RUN(test_acceptance_cow);
	RUN(test_cow_bytes);
	RUN(test_fork_skips_zero_only_vma);
	RUN(test_populate);
	RUN(test_mlock_counters);
	RUN(test_unevictable_events);
	RUN(test_remote_vm);
	RUN(test_remote_read_zero_page_referenced);
	RUN(test_zap_counts);
	RUN(test_oom_kills_current);
	RUN(test_oom_kills_other);
	RUN(test_oom_spares_current_outside_faults);
	return unit_done();
}
