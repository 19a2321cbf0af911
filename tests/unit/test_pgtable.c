/*
 * test_pgtable.c - unit tests of vm/pgtable.c and vm/pagewalk.c: table
 * allocation and its accounting (VmPTE bytes, PageTables, free frames),
 * freeing empty tables, vm_get_page_prot(), and the page walker's
 * callbacks, hole depths, actions and early stops.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "unit.h"
#include "../../vm/mm.h"
#include "../../vm/pagewalk.h"

#define MEM_64M	(64UL << 20)

static void test_pgd_alloc(void)
{
	struct machine *m = unit_boot(MEM_64M);
	long tables = m->vm_stat[NR_PAGETABLE];
	unsigned long free_pages = m->zone.free_pages;
	struct mm_struct *mm = mm_alloc(m);

	ASSERT(mm);
	ASSERT(mm->pgd);
	ASSERT_EQ(m->zone.mem_map[mm->pgd_pfn].page_type, PGTY_table);
	ASSERT(m->zone.mem_map[mm->pgd_pfn].virtual == (void *)mm->pgd);
	/* The pgd counts in PageTables but not in VmPTE, as in the kernel. */
	ASSERT_EQ(mm->pgtables_bytes, 0);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables + 1);
	ASSERT_EQ(m->zone.free_pages, free_pages - 1);
	for (int i = 0; i < PTRS_PER_PGD; i++)
		ASSERT(pgd_none(mm->pgd[i]));
	mmput(mm);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables);
	ASSERT_EQ(m->zone.free_pages, free_pages);
}

/* Build the chain of tables down to the PTE for @addr. */
#define alloc_chain(mm, addr) walk_to_pte(mm, addr)

static void test_table_alloc_and_free(void)
{
	struct machine *m = unit_boot(MEM_64M);
	struct mm_struct *mm = mm_alloc(m);
	long tables = m->vm_stat[NR_PAGETABLE];
	unsigned long free_pages = m->zone.free_pages;
	unsigned long addr = 0x10000000UL;
	pgd_t *pgd;
	pud_t *pud;
	pte_t *pte;

	ASSERT(mm);
	ASSERT(mm_find_pte(mm, addr) == NULL);

	pte = alloc_chain(mm, addr);
	ASSERT(pte);
	ASSERT(pte_none(*pte));
	ASSERT_EQ(mm->pgtables_bytes, 3 * PAGE_SIZE);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables + 3);
	ASSERT_EQ(m->zone.free_pages, free_pages - 3);
	ASSERT(mm_find_pte(mm, addr) == pte);
	ASSERT(mm_find_pte(mm, addr + 5 * PAGE_SIZE) == pte + 5);

	/* Upper entries: pfn << 12 | _PAGE_TABLE, pointing at PGTY_table. */
	pgd = pgd_offset(mm, addr);
	ASSERT_HEX(pgd->pgd & ~PTE_PFN_MASK, _PAGE_TABLE);
	ASSERT_EQ(m->zone.mem_map[pgd_pfn(*pgd)].page_type, PGTY_table);
	pud = pud_offset(mm, p4d_offset(mm, pgd, addr), addr);
	ASSERT_HEX(pud->pud & ~PTE_PFN_MASK, _PAGE_TABLE);

	/* Same 2 MiB: nothing new. Next 2 MiB: one PTE table. */
	ASSERT(alloc_chain(mm, addr + PMD_SIZE - PAGE_SIZE) == pte + 511);
	ASSERT_EQ(mm->pgtables_bytes, 3 * PAGE_SIZE);
	ASSERT(alloc_chain(mm, addr + PMD_SIZE));
	ASSERT_EQ(mm->pgtables_bytes, 4 * PAGE_SIZE);
	/* Another GiB: pmd + pte. Another 512 GiB: pud + pmd + pte. */
	ASSERT(alloc_chain(mm, 0x50000000UL));
	ASSERT_EQ(mm->pgtables_bytes, 6 * PAGE_SIZE);
	ASSERT(mm_find_pte(mm, 0x60000000UL) == NULL);
	ASSERT(alloc_chain(mm, 0x8000000000UL));
	ASSERT_EQ(mm->pgtables_bytes, 9 * PAGE_SIZE);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables + 9);
	ASSERT_EQ(m->zone.free_pages, free_pages - 9);

	/*
	 * Only tables wholly between floor and ceiling go: one that a
	 * neighbour could share stays, as in the kernel.
	 */
	free_pgd_range(mm, addr + PMD_SIZE, addr + PMD_SIZE + PAGE_SIZE,
		       addr + PMD_SIZE, addr + PMD_SIZE + PAGE_SIZE);
	ASSERT_EQ(mm->pgtables_bytes, 9 * PAGE_SIZE);
	free_pgd_range(mm, addr + PMD_SIZE - PAGE_SIZE, addr + 2 * PMD_SIZE,
		       addr + PMD_SIZE - PAGE_SIZE, addr + 2 * PMD_SIZE);
	ASSERT_EQ(mm->pgtables_bytes, 8 * PAGE_SIZE);
	ASSERT(mm_find_pte(mm, addr + PMD_SIZE) == NULL);
	ASSERT(mm_find_pte(mm, addr) == pte);

	/*
	 * Only the tables over [addr, end) are looked at: the empty PTE
	 * table at @addr lies in [floor, ceiling) but not in the range.
	 */
	free_pgd_range(mm, addr + 4 * PMD_SIZE, addr + 5 * PMD_SIZE, 0,
		       TASK_SIZE);
	ASSERT_EQ(mm->pgtables_bytes, 8 * PAGE_SIZE);
	ASSERT(mm_find_pte(mm, addr) == pte);

	/* A table that still maps something stays, with its parents. */
	pte->pte = 0x1234000ULL | _PAGE_USER;	/* marker, not a mapping */
	free_pgd_range(mm, 0, TASK_SIZE, 0, TASK_SIZE);
	ASSERT_EQ(mm->pgtables_bytes, 3 * PAGE_SIZE);
	ASSERT(mm_find_pte(mm, addr) == pte);
	ASSERT(mm_find_pte(mm, 0x50000000UL) == NULL);
	ASSERT(pgd_none(*pgd_offset(mm, 0x8000000000UL)));
	pte->pte = 0;
	free_pgd_range(mm, addr, addr + PAGE_SIZE, addr, addr + PAGE_SIZE);
	ASSERT_EQ(mm->pgtables_bytes, 3 * PAGE_SIZE);
	/* Exactly one PTE table's span: it goes, its pmd table stays. */
	free_pgd_range(mm, addr, addr + PMD_SIZE, addr, addr + PMD_SIZE);
	ASSERT_EQ(mm->pgtables_bytes, 2 * PAGE_SIZE);
	ASSERT(mm_find_pte(mm, addr) == NULL);
	/* A ceiling of 0 is the top of the address space. */
	free_pgd_range(mm, 0, 0, 0, 0);
	ASSERT_EQ(mm->pgtables_bytes, 0);
	ASSERT(pgd_none(*pgd_offset(mm, addr)));
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables);
	ASSERT_EQ(m->zone.free_pages, free_pages);
	ASSERT(mm->pgd);
	mmput(mm);
}

static void test_vm_get_page_prot(void)
{
	const pteval_t P = _PAGE_PRESENT, U = _PAGE_USER, A = _PAGE_ACCESSED;
	const pteval_t RW = _PAGE_RW, NX = _PAGE_NX;
	const pteval_t PROTNONE = 1ULL << _PAGE_BIT_GLOBAL;

	ASSERT_HEX(vm_get_page_prot(VM_NONE).pgprot, A | PROTNONE);
	ASSERT_HEX(vm_get_page_prot(VM_SHARED).pgprot, A | PROTNONE);
	ASSERT_HEX(vm_get_page_prot(VM_READ).pgprot, P | U | A | NX);
	/* Private writable: read-only PTEs, so the first write is COW. */
	ASSERT_HEX(vm_get_page_prot(VM_WRITE).pgprot, P | U | A | NX);
	ASSERT_HEX(vm_get_page_prot(VM_READ | VM_WRITE).pgprot,
		   P | U | A | NX);
	ASSERT_HEX(vm_get_page_prot(VM_READ | VM_EXEC).pgprot, P | U | A);
	ASSERT_HEX(vm_get_page_prot(VM_EXEC).pgprot, P | U | A);
	ASSERT_HEX(vm_get_page_prot(VM_READ | VM_WRITE | VM_EXEC).pgprot,
		   P | U | A);
	ASSERT_HEX(vm_get_page_prot(VM_READ | VM_SHARED).pgprot,
		   P | U | A | NX);
	ASSERT_HEX(vm_get_page_prot(VM_WRITE | VM_SHARED).pgprot,
		   P | U | A | RW | NX);
	ASSERT_HEX(vm_get_page_prot(VM_READ | VM_WRITE | VM_SHARED).pgprot,
		   P | U | A | RW | NX);
	ASSERT_HEX(vm_get_page_prot(VM_READ | VM_WRITE | VM_EXEC |
				    VM_SHARED).pgprot, P | U | A | RW);
	/* Flags other than read/write/exec/shared do not matter. */
	ASSERT_HEX(vm_get_page_prot(VM_STACK_FLAGS).pgprot, P | U | A | NX);
	ASSERT_HEX(vm_get_page_prot(VM_READ | VM_MAYSHARE | VM_LOCKED |
				    VM_SOFTDIRTY).pgprot, P | U | A | NX);
}

/* ---- the walker ---- */

struct walk_log {
	char text[4096];
	size_t len;
	unsigned long ptes;		/* pte_entry calls */
	unsigned long pte_addr_sum;	/* sum of their page numbers */
	unsigned long stop_at_pte;	/* return 7 at this pte call (1-based) */
	unsigned long skip_vma;		/* test_walk: skip the VMA at this */
	unsigned long fail_vma;		/* test_walk: -EPERM at this */
	bool pmd_continue;		/* pmd_entry: ACTION_CONTINUE */
	pteval_t set_pte;		/* pte_entry: store this, if nonzero */
	bool clear_pte;			/* pte_entry: clear the entry */
	unsigned long bad_vma;		/* callbacks seeing a wrong walk->vma */
};

static void __attribute__((format(printf, 2, 3)))
log_line(struct walk_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log->len += vsnprintf(log->text + log->len,
			      sizeof(log->text) - log->len, fmt, ap);
	va_end(ap);
}

static bool vma_covers(struct mm_walk *walk, unsigned long addr,
		       unsigned long next)
{
	return walk->vma && walk->vma->vm_start <= addr &&
	       next <= walk->vma->vm_end;
}

static int log_hole(unsigned long addr, unsigned long next, int depth,
		    struct mm_walk *walk)
{
	struct walk_log *log = walk->private;

	if (depth < 0 ? walk->vma != NULL : !vma_covers(walk, addr, next))
		log->bad_vma++;
	log_line(log, "hole 0x%lx-0x%lx %d\n", addr, next, depth);
	return 0;
}

static int log_pmd(pmd_t *pmd, unsigned long addr, unsigned long next,
		   struct mm_walk *walk)
{
	struct walk_log *log = walk->private;

	if (!vma_covers(walk, addr, next))
		log->bad_vma++;
	log_line(log, "pmd 0x%lx-0x%lx\n", addr, next);
	if (log->pmd_continue)
		walk->action = ACTION_CONTINUE;
	return 0;
}

static int log_pte(pte_t *pte, unsigned long addr, unsigned long next,
		   struct mm_walk *walk)
{
	struct walk_log *log = walk->private;

	if (!vma_covers(walk, addr, next) || next != addr + PAGE_SIZE)
		log->bad_vma++;
	log->ptes++;
	log->pte_addr_sum += addr >> PAGE_SHIFT;
	if (log->set_pte)
		pte->pte = log->set_pte;
	if (log->clear_pte)
		pte->pte = 0;
	if (log->stop_at_pte && log->ptes == log->stop_at_pte)
		return 7;
	return 0;
}

static int log_test(unsigned long addr, unsigned long next,
		    struct mm_walk *walk)
{
	struct walk_log *log = walk->private;

	if (walk->vma->vm_start == log->skip_vma)
		return 1;
	if (walk->vma->vm_start == log->fail_vma)
		return -EPERM;
	return 0;
}

static const struct mm_walk_ops log_ops = {
	.pmd_entry = log_pmd,
	.pte_entry = log_pte,
	.pte_hole = log_hole,
	.test_walk = log_test,
};

static const struct mm_walk_ops hole_only_ops = {
	.pte_hole = log_hole,
};

#define VA_A	0x10000000UL		/* 4 pages, its PTE table exists */
#define VA_B	0x10200000UL		/* 4 MiB, second 2 MiB has a table */
#define VA_C	0x40000000UL		/* 2 pages, next GiB: no pmd table */
#define VA_D	0x8000000000UL		/* 1 page, next pgd entry: no pud */

static void map_fixed(struct task_struct *tsk, unsigned long addr,
		      unsigned long len, unsigned long prot)
{
	unsigned long got = sys_mmap(tsk, addr, len, prot,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
				     MAP_NORESERVE);

	ASSERT_HEX(got, addr);
}

/* A process with VMAs A..D and the tables described above. */
static struct task_struct *walk_setup(struct machine *m)
{
	struct task_struct *tsk;
	int err = 0;

	tsk = machine_spawn(m, "walk", &err);
	ASSERT(tsk);
	map_fixed(tsk, VA_A, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	map_fixed(tsk, VA_B, 4UL << 20, PROT_READ);
	map_fixed(tsk, VA_C, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	map_fixed(tsk, VA_D, PAGE_SIZE, PROT_READ | PROT_WRITE);
	ASSERT(alloc_chain(tsk->mm, VA_A));
	ASSERT(alloc_chain(tsk->mm, VA_B + PMD_SIZE));
	return tsk;
}

static unsigned long page_sum(unsigned long start, unsigned long npages)
{
	unsigned long first = start >> PAGE_SHIFT;

	return npages * first + npages * (npages - 1) / 2;
}

static void test_walk_holes_and_depths(void)
{
	struct machine *m = unit_boot(MEM_64M);
	struct task_struct *tsk = walk_setup(m);
	struct walk_log log = { .len = 0 };
	long tables = tsk->mm->pgtables_bytes;

	ASSERT_EQ(walk_page_range(tsk->mm, 0x0f000000UL, 0x8001000000UL,
				  &log_ops, &log), 0);
	ASSERT_STR(log.text,
		   "hole 0xf000000-0x10000000 -1\n"
		   "pmd 0x10000000-0x10004000\n"
		   "hole 0x10004000-0x10200000 -1\n"
		   "hole 0x10200000-0x10400000 3\n"
		   "pmd 0x10400000-0x10600000\n"
		   "hole 0x10600000-0x40000000 -1\n"
		   "hole 0x40000000-0x40002000 2\n"
		   "hole 0x40002000-0x8000000000 -1\n"
		   "hole 0x8000000000-0x8000001000 1\n"
		   "hole 0x8000001000-0x8001000000 -1\n");
	ASSERT_EQ(log.ptes, 4 + 512);
	ASSERT_EQ(log.pte_addr_sum, page_sum(VA_A, 4) +
				    page_sum(VA_B + PMD_SIZE, 512));
	ASSERT_EQ(log.bad_vma, 0);
	/* The walker neither allocates nor frees tables. */
	ASSERT_EQ(tsk->mm->pgtables_bytes, tables);

	/* A range starting and ending inside VMAs. */
	memset(&log, 0, sizeof(log));
	ASSERT_EQ(walk_page_range(tsk->mm, VA_A + 2 * PAGE_SIZE,
				  VA_B + PMD_SIZE + PAGE_SIZE, &log_ops, &log),
		  0);
	ASSERT_STR(log.text,
		   "pmd 0x10002000-0x10004000\n"
		   "hole 0x10004000-0x10200000 -1\n"
		   "hole 0x10200000-0x10400000 3\n"
		   "pmd 0x10400000-0x10401000\n");
	ASSERT_EQ(log.ptes, 3);

	/*
	 * Without pmd/pte callbacks, existing tables are not entered (as in
	 * the kernel), so only holes above them are seen.
	 */
	memset(&log, 0, sizeof(log));
	ASSERT_EQ(walk_page_range(tsk->mm, VA_A, VA_D + PAGE_SIZE,
				  &hole_only_ops, &log), 0);
	ASSERT_STR(log.text,
		   "hole 0x10004000-0x10200000 -1\n"
		   "hole 0x10600000-0x40000000 -1\n"
		   "hole 0x40002000-0x8000000000 -1\n"
		   "hole 0x8000000000-0x8000001000 1\n");

	/* Empty and inverted ranges. */
	ASSERT_EQ(walk_page_range(tsk->mm, VA_A, VA_A, &log_ops, &log), 0);
	ASSERT_EQ(walk_page_range(tsk->mm, VA_B, VA_A, &log_ops, &log),
		  -EINVAL);
}

static void test_walk_actions_and_stops(void)
{
	struct machine *m = unit_boot(MEM_64M);
	struct task_struct *tsk = walk_setup(m);
	struct walk_log log = { .pmd_continue = true };

	/* ACTION_CONTINUE: PMDs reported, their PTEs skipped. */
	ASSERT_EQ(walk_page_range(tsk->mm, VA_A, VA_C, &log_ops, &log), 0);
	ASSERT_EQ(log.ptes, 0);
	ASSERT_STR(log.text,
		   "pmd 0x10000000-0x10004000\n"
		   "hole 0x10004000-0x10200000 -1\n"
		   "hole 0x10200000-0x10400000 3\n"
		   "pmd 0x10400000-0x10600000\n"
		   "hole 0x10600000-0x40000000 -1\n");

	/* test_walk: 1 skips a VMA, a negative value stops the walk. */
	memset(&log, 0, sizeof(log));
	log.skip_vma = VA_B;
	log.fail_vma = VA_C;
	ASSERT_EQ(walk_page_range(tsk->mm, VA_A, VA_D + PAGE_SIZE, &log_ops,
				  &log), -EPERM);
	ASSERT_STR(log.text,
		   "pmd 0x10000000-0x10004000\n"
		   "hole 0x10004000-0x10200000 -1\n"
		   "hole 0x10600000-0x40000000 -1\n");

	/* A callback's nonzero return stops the walk and is returned. */
	memset(&log, 0, sizeof(log));
	log.stop_at_pte = 3;
	ASSERT_EQ(walk_page_range(tsk->mm, VA_A, VA_D + PAGE_SIZE, &log_ops,
				  &log), 7);
	ASSERT_EQ(log.ptes, 3);
	ASSERT_STR(log.text, "pmd 0x10000000-0x10004000\n");

	/* walk_page_vma: just the VMA, no depth -1 holes. */
	memset(&log, 0, sizeof(log));
	ASSERT_EQ(walk_page_vma(find_vma(tsk->mm, VA_B), &log_ops, &log), 0);
	ASSERT_STR(log.text,
		   "hole 0x10200000-0x10400000 3\n"
		   "pmd 0x10400000-0x10600000\n");
	ASSERT_EQ(log.ptes, 512);
	memset(&log, 0, sizeof(log));
	log.skip_vma = VA_B;
	ASSERT_EQ(walk_page_vma(find_vma(tsk->mm, VA_B), &log_ops, &log), 0);
	ASSERT_EQ(log.len, 0);
}

static void test_walk_modifies_entries(void)
{
	struct machine *m = unit_boot(MEM_64M);
	struct task_struct *tsk = walk_setup(m);
	struct walk_log log = { .set_pte = _PAGE_SOFT_DIRTY };

	ASSERT_EQ(walk_page_range(tsk->mm, VA_A, VA_A + 4 * PAGE_SIZE,
				  &log_ops, &log), 0);
	for (int i = 0; i < 4; i++)
		ASSERT_HEX(mm_find_pte(tsk->mm, VA_A + i * PAGE_SIZE)->pte,
			   _PAGE_SOFT_DIRTY);
	ASSERT(pte_none(*mm_find_pte(tsk->mm, VA_A + 4 * PAGE_SIZE)));

	memset(&log, 0, sizeof(log));
	log.clear_pte = true;
	ASSERT_EQ(walk_page_range(tsk->mm, VA_A, VA_A + 4 * PAGE_SIZE,
				  &log_ops, &log), 0);
	for (int i = 0; i < 4; i++)
		ASSERT(pte_none(*mm_find_pte(tsk->mm, VA_A + i * PAGE_SIZE)));
}

static void test_walk_sparse_range(void)
{
	struct machine *m = unit_boot(MEM_64M);
	struct walk_log log = { .len = 0 };
	unsigned long base = 0x100000000000UL, len = 64UL << 30;
	unsigned long mid = base + (5UL << 30) + (4UL << 20);
	struct task_struct *tsk;
	int err = 0;

	tsk = machine_spawn(m, "sparse", &err);
	ASSERT(tsk);
	map_fixed(tsk, base, len, PROT_READ);

	/* 16M pages and no tables: one hole. */
	ASSERT_EQ(walk_page_range(tsk->mm, base, base + len, &log_ops, &log),
		  0);
	ASSERT_STR(log.text, "hole 0x100000000000-0x101000000000 1\n");

	/* One PTE table in the middle: holes around it, one per run. */
	ASSERT(alloc_chain(tsk->mm, mid));
	memset(&log, 0, sizeof(log));
	ASSERT_EQ(walk_page_range(tsk->mm, base, base + len, &log_ops, &log),
		  0);
	ASSERT_STR(log.text,
		   "hole 0x100000000000-0x100140000000 2\n"
		   "hole 0x100140000000-0x100140400000 3\n"
		   "pmd 0x100140400000-0x100140600000\n"
		   "hole 0x100140600000-0x100180000000 3\n"
		   "hole 0x100180000000-0x101000000000 2\n");
	ASSERT_EQ(log.ptes, 512);
	ASSERT_EQ(log.bad_vma, 0);
}

/*
 * Through the system calls: a fault builds the tables, munmap frees them
 * only when no neighbouring VMA shares them (free_pgtables' floor and
 * ceiling), as the kernel's VmPTE shows.
 */
static void test_tables_follow_munmap(void)
{
	struct machine *m = unit_boot(MEM_64M);
	struct access_result res;
	struct task_struct *tsk;
	struct mm_struct *mm;
	long bytes, tables;
	int err = 0;

	tsk = machine_spawn(m, "vmpte", &err);
	ASSERT(tsk);
	mm = tsk->mm;
	bytes = mm->pgtables_bytes;
	tables = m->vm_stat[NR_PAGETABLE];
	map_fixed(tsk, VA_A, 16 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	map_fixed(tsk, VA_A + (1UL << 20), PAGE_SIZE, PROT_READ);
	ASSERT_EQ(mm->pgtables_bytes, bytes);

	memset(&res, 0, sizeof(res));
	ASSERT_EQ(user_access(tsk, VA_A, 1, ACCESS_WRITE, NULL, &res), 0);
	ASSERT_EQ(res.signo, 0);
	ASSERT_EQ(mm->pgtables_bytes, bytes + 3 * (long)PAGE_SIZE);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables + 3);
	ASSERT(pte_present(*mm_find_pte(mm, VA_A)));

	/* The PTE table also covers the second VMA: it stays. */
	ASSERT_EQ(sys_munmap(tsk, VA_A, 16 * PAGE_SIZE), 0);
	ASSERT_EQ(mm->pgtables_bytes, bytes + 3 * (long)PAGE_SIZE);
	ASSERT(pte_none(*mm_find_pte(mm, VA_A)));

	/* Nothing left in that GiB: pte, pmd and pud tables go. */
	ASSERT_EQ(sys_munmap(tsk, VA_A + (1UL << 20), PAGE_SIZE), 0);
	ASSERT_EQ(mm->pgtables_bytes, bytes);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables);
	ASSERT(mm_find_pte(mm, VA_A) == NULL);
}

/* pmd_addr_end()/pud_addr_end(): one table's step, 0 as the top end. */
static void test_addr_end(void)
{
	ASSERT_HEX(pmd_addr_end(0x10000000UL, 0x20000000UL), 0x10200000UL);
	ASSERT_HEX(pmd_addr_end(0x10001000UL, 0x10003000UL), 0x10003000UL);
	ASSERT_HEX(pmd_addr_end(0x101ff000UL, 0x20000000UL), 0x10200000UL);
	ASSERT_HEX(pmd_addr_end(0x7fffffe00000UL, 0), 0x800000000000UL);
	ASSERT_HEX(pud_addr_end(0x10000000UL, 0x80000000UL), 0x40000000UL);
	ASSERT_HEX(pud_addr_end(0x40000000UL, 0x40001000UL), 0x40001000UL);
}

/*
 * The table walk allocates with the OOM killer's help: with no frame
 * free, the worst task dies (not the current one) and the walk goes on;
 * with only current left to kill, it fails and nothing dies.
 */
static void test_walk_to_pte_oom(void)
{
	struct machine *m = unit_boot(1UL << 20);
	int err = 0;
	struct task_struct *hog = machine_spawn(m, "hog", &err);
	struct task_struct *t = machine_spawn(m, "t", &err);
	pid_t hog_pid = hog->pid;

	ASSERT(hog && t);
	unit_fill_until(hog, 0);
	unit_set_current(m, t);
	ASSERT(walk_to_pte(t->mm, 0x10000000UL));
	ASSERT_EQ(m->vm_events[OOM_KILL], 1);
	ASSERT(find_task_by_pid_any(m, hog_pid) == NULL);
	ASSERT_EQ(t->mm->pgtables_bytes, 3 * PAGE_SIZE);

	unit_fill_until(t, 0);
	ASSERT(walk_to_pte(t->mm, 0x8000000000UL) == NULL);
	ASSERT_EQ(m->vm_events[OOM_KILL], 1);
	ASSERT(find_task_by_pid(m, t->pid) == t);
	unit_set_current(m, NULL);
	free_pgd_range(t->mm, 0x8000000000UL, 0x8000000000UL + PGDIR_SIZE,
		       0x8000000000UL, 0x8000000000UL + PGDIR_SIZE);
}

/*
 * A frame in the mm's table cache counts nowhere until a table is made
 * of it; the allocator takes cached frames first; drain frees the rest.
 */
static void test_pgtable_cache(void)
{
	struct machine *m = unit_boot(MEM_64M);
	struct mm_struct *mm = mm_alloc(m);
	long tables = m->vm_stat[NR_PAGETABLE];
	unsigned long free_pages = m->zone.free_pages;

	ASSERT(mm);
	ASSERT_EQ(pgtable_cache_topup(mm, 4), 0);
	ASSERT_EQ(mm->pgtable_cache_nr, 4);
	ASSERT_EQ(m->zone.free_pages, free_pages - 4);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables);
	ASSERT_EQ(mm->pgtables_bytes, 0);
	ASSERT_EQ(pgtable_cache_topup(mm, 2), 0);	/* already enough */
	ASSERT_EQ(mm->pgtable_cache_nr, 4);

	ASSERT(walk_to_pte(mm, 0x10000000UL));
	ASSERT_EQ(mm->pgtable_cache_nr, 1);
	ASSERT_EQ(m->zone.free_pages, free_pages - 4);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables + 3);
	ASSERT_EQ(mm->pgtables_bytes, 3 * PAGE_SIZE);

	pgtable_cache_drain(mm);
	ASSERT_EQ(mm->pgtable_cache_nr, 0);
	ASSERT_EQ(m->zone.free_pages, free_pages - 3);
	mmput(mm);
	ASSERT_EQ(m->zone.free_pages, free_pages + 1);	/* and the pgd */
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], tables - 1);
}

/* Holes as test_five_levels() records them: start and depth. */
struct l5_hole_log {
	int n;
	unsigned long addr[8];
	int depth[8];
};

static int l5_log_hole(unsigned long addr, unsigned long next, int depth,
		    struct mm_walk *walk)
{
	struct l5_hole_log *h = walk->private;

	(void)next;
	if (h->n < 8) {
		h->addr[h->n] = addr;
		h->depth[h->n] = depth;
	}
	h->n++;
	return 0;
}

/* The walk descends only with a PTE callback. */
static int l5_pte_none(pte_t *pte, unsigned long addr, unsigned long next,
		       struct mm_walk *walk)
{
	(void)pte, (void)addr, (void)next, (void)walk;
	return 0;
}

/*
 * A 5-level machine (la57): a real p4d table between the pgd and the pud
 * (in PageTables, not in VmPTE), a walk path of five entries, the
 * kernel's hole depths (a none pgd entry is depth 0, a none p4d entry 1),
 * and free_pgd_range() taking the p4d table back.
 */
static void test_five_levels(void)
{
	struct machine_config cfg;
	struct machine *m;
	struct mm_struct *mm;
	struct page_table_path path;
	const struct mm_walk_ops ops = { .pte_entry = l5_pte_none,
					 .pte_hole = l5_log_hole };
	struct l5_hole_log holes = { 0 };
	unsigned long addr = 1UL << 52, tables;
	pgd_t *pgd;
	p4d_t *p4d;

	machine_config_default(&cfg);
	cfg.mem_bytes = MEM_64M;
	cfg.cpu.la57 = true;
	m = machine_boot(&cfg);
	ASSERT(m);
	unit_track(m);
	mm = mm_alloc(m);
	ASSERT(mm);
	ASSERT(pgtable_l5_enabled(mm));
	ASSERT_EQ(pt_levels(mm), 5);
	ASSERT_HEX(mm->task_size, 0x00fffffffffff000UL);
	ASSERT_HEX(user_pgtables_end(mm), 1UL << 56);
	tables = (unsigned long)m->vm_stat[NR_PAGETABLE];

	ASSERT(walk_to_pte(mm, addr));
	/* p4d, pud, pmd and PTE tables; VmPTE counts the last three. */
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], (long)tables + 4);
	ASSERT_EQ(mm->pgtables_bytes, 3 * PAGE_SIZE);
	pgd = pgd_offset(mm, addr);
	ASSERT_EQ(pgd - mm->pgd, 16);		/* (1 << 52) >> 48 */
	p4d = p4d_offset(mm, pgd, addr);
	ASSERT(p4d && (void *)p4d != (void *)pgd);
	ASSERT(!p4d_none(*p4d));

	walk_page_table_path(mm, addr, &path);
	ASSERT_EQ(path.levels, 5);
	ASSERT_EQ(path.index[0], 16);
	ASSERT_EQ(path.table_pfn[1], pgd_pfn(*pgd));

	/* [0, 1 << 52) has no pgd entry: depth 0; above the p4d entry 0: 1. */
	walk_page_range_debug(mm, 0, addr + (1UL << 48), &ops, &holes);
	ASSERT(holes.n >= 2);
	ASSERT_HEX(holes.addr[0], 0);
	ASSERT_EQ(holes.depth[0], 0);
	ASSERT_HEX(holes.addr[holes.n - 1], addr + (1UL << 39));
	ASSERT_EQ(holes.depth[holes.n - 1], 1);

	free_pgd_range(mm, 0, mm->task_size, 0, mm->task_size);
	ASSERT(pgd_none(*pgd_offset(mm, addr)));
	ASSERT_EQ(mm->pgtables_bytes, 0);
	ASSERT_EQ(m->vm_stat[NR_PAGETABLE], (long)tables);
	mmput(mm);
}

int main(void)
{
	RUN(test_pgd_alloc);
	RUN(test_table_alloc_and_free);
	RUN(test_addr_end);
	RUN(test_walk_to_pte_oom);
	RUN(test_pgtable_cache);
	RUN(test_vm_get_page_prot);
	RUN(test_walk_holes_and_depths);
	RUN(test_walk_actions_and_stops);
	RUN(test_walk_modifies_entries);
	RUN(test_walk_sparse_range);
	RUN(test_tables_follow_munmap);
	RUN(test_five_levels);
	return unit_done();
}
