/* unit.c - the TAP harness behind unit.h. */
#include <stdarg.h>
#include <stdlib.h>
#include "unit.h"
#include "../../vm/mm.h"

jmp_buf unit_jmp;
char unit_msg[512];
static int unit_count, unit_failed;
static struct machine *tracked[16];
static int nr_tracked;

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(unit_msg, sizeof(unit_msg), "%s:%d: ", file, line);

	va_start(ap, fmt);
	vsnprintf(unit_msg + n, sizeof(unit_msg) - n, fmt, ap);
	va_end(ap);
	longjmp(unit_jmp, 1);
}

void unit_track(struct machine *m)
{
	if (nr_tracked < 16)
		tracked[nr_tracked++] = m;
}

struct machine *unit_boot(unsigned long mem_bytes)
{
	struct machine_config cfg;
	struct machine *m;

	machine_config_default(&cfg);
	if (mem_bytes)
		cfg.mem_bytes = mem_bytes;
	m = machine_boot(&cfg);
	if (!m)
		unit_fail(__FILE__, __LINE__, "machine_boot failed");
	unit_track(m);
	return m;
}

struct task_struct *unit_spawn(struct machine *m, const char *comm)
{
	int err = 0;
	struct task_struct *t = machine_spawn(m, comm, &err);

	if (!t)
		unit_fail(__FILE__, __LINE__, "spawn: %d", err);
	return t;
}

/* A growing text buffer for unit_mm_dump(). */
struct dump_buf {
	char *s;
	size_t len, cap;
};

static void dump_printf(struct dump_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void dump_printf(struct dump_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->len)
			break;
		b->cap = b->cap * 2 + (size_t)n + 64;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			unit_fail(__FILE__, __LINE__, "out of host memory");
	}
	b->len += (size_t)n;
}

char *unit_mm_dump(struct mm_struct *mm)
{
	struct machine *m = mm->machine;
	struct dump_buf b = { .s = malloc(256), .cap = 256 };

	if (!b.s)
		unit_fail(__FILE__, __LINE__, "out of host memory");
	b.s[0] = '\0';
	dump_printf(&b, "map_count %d total %lu data %lu exec %lu stack %lu "
		    "locked %lu hiwater %lu/%lu\n", mm->map_count,
		    mm->total_vm, mm->data_vm, mm->exec_vm, mm->stack_vm,
		    mm->locked_vm, mm->hiwater_rss, mm->hiwater_vm);
	dump_printf(&b, "committed %lu rss %lu/%lu/%lu brk %lx free %lu "
		    "tables %ld\n", m->vm_committed_pages,
		    get_mm_counter(mm, MM_ANONPAGES),
		    get_mm_counter(mm, MM_SHMEMPAGES),
		    get_mm_counter(mm, MM_FILEPAGES), mm->brk,
		    m->zone.free_pages, mm->pgtables_bytes);
	for (struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next) {
		dump_printf(&b, "%lx-%lx flags %lx pgoff %lx anon %p file %p "
			    "prot %llx\n", vma->vm_start, vma->vm_end,
			    vma->vm_flags, vma->vm_pgoff, (void *)vma->anon_vma,
			    (void *)vma->vm_file,
			    (unsigned long long)vma->vm_page_prot.pgprot);
		for (unsigned long a = vma->vm_start; a < vma->vm_end;
		     a += PAGE_SIZE) {
			pte_t *pte = mm_find_pte(mm, a);
			struct page *page;

			if (!pte || pte_none(*pte))
				continue;
			dump_printf(&b, "  %lx %llx", a,
				    (unsigned long long)pte_val(*pte));
			page = vm_normal_page(vma, a, *pte);
			if (page)
				dump_printf(&b, " flags %lx ref %d map %d "
					    "mapping %p index %lx",
					    page->flags, page->_refcount,
					    page->_mapcount,
					    (void *)page->mapping, page->index);
			dump_printf(&b, "\n");
		}
	}
	return b.s;
}

unsigned long unit_fill_until(struct task_struct *t, unsigned long left)
{
	struct machine *m = t->machine;
	struct task_struct *saved_current = get_current(m);
	unsigned long addr = sys_mmap(t, 0, 1UL << 20, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS);

	if (IS_ERR_VALUE(addr))
		unit_fail(__FILE__, __LINE__, "fill: mmap: %ld", (long)addr);
	for (unsigned long a = addr; m->zone.free_pages > left;
	     a += PAGE_SIZE) {
		struct access_result res;

		if (a >= addr + (1UL << 20))
			unit_fail(__FILE__, __LINE__, "fill: 1M not enough");
		unit_set_current(m, t);
		if (user_access(t, a, 1, ACCESS_WRITE, "f", &res) ||
		    res.signo)
			unit_fail(__FILE__, __LINE__, "fill: access failed");
		unit_set_current(m, saved_current);
	}
	if (m->zone.free_pages != left)
		unit_fail(__FILE__, __LINE__, "fill: %lu frames left, not %lu",
			  m->zone.free_pages, left);
	return addr;
}

/* rmap_walk() callback of unit_rmap_str(): insert in PID order. */
struct rmap_items {
	int n;
	pid_t pid[16];
	unsigned long addr[16];
};

static bool collect_one(struct page *page, struct vm_area_struct *vma,
			unsigned long address, void *arg)
{
	struct rmap_items *r = arg;
	struct task_struct *t;

	for_each_task(vma->vm_mm->machine, t)
		if (t->mm == vma->vm_mm && r->n < 16) {
			int i = r->n++;

			while (i > 0 && r->pid[i - 1] > t->pid) {
				r->pid[i] = r->pid[i - 1];
				r->addr[i] = r->addr[i - 1];
				i--;
			}
			r->pid[i] = t->pid;
			r->addr[i] = address;
		}
	return true;
}

const char *unit_rmap_str(struct page *page)
{
	static char buf[512];
	struct rmap_items r = { 0 };
	struct rmap_walk_control rwc = { .arg = &r, .rmap_one = collect_one };
	size_t len = 0;

	rmap_walk(page, &rwc);
	buf[0] = '\0';
	for (int i = 0; i < r.n; i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%d:0x%lx",
				i ? " " : "", r.pid[i], r.addr[i]);
	return r.n ? buf : "none";
}

void unit_expect_clean(struct machine *m, const char *file, int line)
{
	char *report = NULL;

	if (mm_check_machine(m, &report)) {
		/* unit_fail() copies the message: free the report first. */
		char copy[400];

		snprintf(copy, sizeof(copy), "%s", report ? report : "?");
		free(report);
		unit_fail(file, line, "checker: %s", copy);
	}
	free(report);
}

/* Every tracked machine must pass the invariant checker; then free it. */
static int check_tracked(void)
{
	int bad = 0;

	for (int i = 0; i < nr_tracked; i++) {
		char *report = NULL;

		if (mm_check_machine(tracked[i], &report)) {
			snprintf(unit_msg, sizeof(unit_msg), "checker: %s",
				 report ? report : "(no report)");
			bad = 1;
		}
		free(report);
		machine_destroy(tracked[i]);
	}
	nr_tracked = 0;
	return bad;
}

void unit_run(const char *name, void (*fn)(void))
{
	int failed = 0;

	unit_count++;
	unit_msg[0] = '\0';
	if (setjmp(unit_jmp) == 0)
		fn();
	else
		failed = 1;
	if (!failed && check_tracked())
		failed = 1;
	else if (failed)
		nr_tracked = 0;	/* state unknown: leak rather than crash */
	if (failed) {
		unit_failed++;
		printf("not ok %d - %s\n", unit_count, name);
		for (char *l = strtok(unit_msg, "\n"); l; l = strtok(NULL, "\n"))
			printf("# %s\n", l);
	} else {
		printf("ok %d - %s\n", unit_count, name);
	}
	fflush(stdout);
}

int unit_done(void)
{
	printf("1..%d\n", unit_count);
	return unit_failed ? 1 : 0;
}
