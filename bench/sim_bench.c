/*
 * sim_bench.c - the engine half of bench/run: times the simulated kernel's
 * work (faults, mmap/munmap, fork+exit) by calling the engine library
 * directly, with no FUSE and no ctl parsing in the way, and measures the
 * host memory an untouched simulated frame and a simulated VMA cost.
 *
 * Usage: sim_bench [FIGURE...]   (default: every figure)
 * Prints one line per figure: "NAME VALUE UNIT", VALUE a median of runs.
 * host_bench.c does the same work on the host kernel, line for line.
 * SIM_BENCH_DEBUG=1 also prints both frame_bytes and host_bytes_per_vma
 * measures on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "bench.h"
#include "machine.h"
#include "mm.h"
#include "exec.h"
#include "fs.h"
#include "tlb.h"
#include "vmscan.h"

#define FAULT_REGION	(64UL << 20)	/* 16,384 pages per fault run */
#define FAULT_RUNS	11
/* tlb_hit: 64 pages, as many as a CPU's TLB holds, touched again. */
#define TLB_HIT_PAGES	HW_TLB_ENTRIES
#define TLB_HIT_LOOPS	20000
#define TLB_HIT_RUNS	11
#define MMAP_LOOPS	200000
#define MMAP_RUNS	7
#define FORK_REGION	(1UL << 30)	/* 262,144 resident pages */
#define FORK_RUNS	7
/* A process of vm.max_map_count (65,530) VMAs: [stack] and 65,529 pages. */
#define MANY_VMAS	65530
#define MANY_VMAS_RUNS	7

static struct machine *boot_cfg(struct machine_config *cfg)
{
	struct machine *m = machine_boot(cfg);

	if (!m) {
		perror("sim_bench: machine_boot");
		exit(1);
	}
	return m;
}

static struct machine *boot(unsigned long mem_bytes)
{
	struct machine_config cfg;

	machine_config_default(&cfg);
	cfg.mem_bytes = mem_bytes;
	return boot_cfg(&cfg);
}

static struct task_struct *spawn(struct machine *m)
{
	struct task_struct *tsk;
	int err = 0;

	tsk = machine_spawn(m, "bench", &err);
	if (!tsk) {
		fprintf(stderr, "sim_bench: spawn: %s\n", strerror(-err));
		exit(1);
	}
	m->cpus[m->this_cpu].curr = tsk;	/* schedule_command()'s current */
	return tsk;
}

static unsigned long map_anon(struct task_struct *tsk, unsigned long len)
{
	unsigned long addr = sys_mmap(tsk, 0, len, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS);

	if (IS_ERR_VALUE(addr)) {
		fprintf(stderr, "sim_bench: mmap: %s (%s)\n",
			strerror(-(long)addr), tsk->machine->errmsg);
		exit(1);
	}
	return addr;
}

/*
 * run_on_cpu - @tsk's command starts on its CPU (schedule_command()): the
 * CPU loads its mm, so its accesses go through that CPU's TLB, as every
 * ctl command's do.
 */
static void run_on_cpu(struct task_struct *tsk)
{
	struct sched_undo undo;

	schedule_command(tsk->machine, tsk, &undo);
}

/* One user-mode access of every page of a range; dies on a signal. */
static void access_range(struct task_struct *tsk, unsigned long addr,
			 unsigned long len, enum access_mode mode)
{
	struct access_result res;
	int err;

	memset(&res, 0, sizeof(res));
	err = user_access(tsk, addr, len, mode, NULL, &res);
	if (err || res.signo) {
		fprintf(stderr, "sim_bench: access: err %d signal %d at 0x%lx\n",
			err, res.signo, res.addr);
		exit(1);
	}
}

static void unmap(struct task_struct *tsk, unsigned long addr,
		  unsigned long len)
{
	if (sys_munmap(tsk, addr, len)) {
		fprintf(stderr, "sim_bench: munmap failed\n");
		exit(1);
	}
}

/* Fork @tsk; return the child (running). */
static struct task_struct *fork_child(struct task_struct *tsk)
{
	struct machine *m = tsk->machine;
	pid_t pid = sys_fork(tsk);
	struct task_struct *child;

	if (pid < 0 || !(child = find_task_by_pid(m, pid))) {
		fprintf(stderr, "sim_bench: fork: %d (%s)\n", pid, m->errmsg);
		exit(1);
	}
	return child;
}

static void exit_and_reap(struct task_struct *parent, struct task_struct *child)
{
	pid_t pid = child->pid;
	int status;

	do_exit(child, 0);
	if (sys_wait4(parent, pid, &status) != pid) {
		fprintf(stderr, "sim_bench: wait4 failed\n");
		exit(1);
	}
}

/* ns per page fault of @mode on fresh pages; with @cow, the pages are
 * written and the process forked first, so each write is a COW fault. */
/* fault_anon_write_traced: bench_faults() with all tracing on. */
static bool bench_trace_all;

static double bench_faults(enum access_mode mode, bool cow)
{
	struct machine *m = boot(512UL << 20);
	struct task_struct *tsk = spawn(m);
	unsigned long pages = FAULT_REGION / PAGE_SIZE;
	double samples[FAULT_RUNS];

	run_on_cpu(tsk);	/* each fault fills a TLB entry */
	if (bench_trace_all) {
		for (unsigned int id = 0; id < NR_TRACE_EVENTS; id++)
			trace_set_event(&m->trace, id, true);
		trace_set_graph(&m->trace, true);
	}

	for (int r = 0; r < FAULT_RUNS; r++) {
		unsigned long addr = map_anon(tsk, FAULT_REGION);
		struct task_struct *child = NULL;
		uint64_t t0, t1;

		if (cow) {
			access_range(tsk, addr, FAULT_REGION, ACCESS_WRITE);
			child = fork_child(tsk);
			m->cpus[m->this_cpu].curr = tsk;
		}
		t0 = bench_now_ns();
		access_range(tsk, addr, FAULT_REGION, mode);
		t1 = bench_now_ns();
		samples[r] = (double)(t1 - t0) / (double)pages;
		if (child)
			exit_and_reap(tsk, child);
		unmap(tsk, addr, FAULT_REGION);
	}
	machine_destroy(m);
	return bench_median(samples, FAULT_RUNS);
}

/* ns per mmap+munmap pair of one anonymous page. */
static double bench_mmap_munmap(void)
{
	struct machine *m = boot(64UL << 20);
	struct task_struct *tsk = spawn(m);
	double samples[MMAP_RUNS];

	for (int r = 0; r < MMAP_RUNS; r++) {
		uint64_t t0 = bench_now_ns(), t1;

		for (int i = 0; i < MMAP_LOOPS; i++) {
			unsigned long addr = map_anon(tsk, PAGE_SIZE);

			unmap(tsk, addr, PAGE_SIZE);
		}
		t1 = bench_now_ns();
		samples[r] = (double)(t1 - t0) / MMAP_LOOPS;
	}
	machine_destroy(m);
	return bench_median(samples, MMAP_RUNS);
}

/*
 * fork_exit_reap_ms - one fork of @tsk whose child exits at once and is
 * reaped, in ms. A sanity check that costs a load: the copy was whole
 * (the same RSS and the same VMAs).
 */
static double fork_exit_reap_ms(struct task_struct *tsk)
{
	uint64_t t0 = bench_now_ns(), t1;
	struct task_struct *child = fork_child(tsk);

	if (get_mm_rss(child->mm) != get_mm_rss(tsk->mm) ||
	    child->mm->map_count != tsk->mm->map_count) {
		fprintf(stderr, "sim_bench: the child has %lu pages in %d VMAs\n",
			get_mm_rss(child->mm), child->mm->map_count);
		exit(1);
	}
	exit_and_reap(tsk, child);
	t1 = bench_now_ns();
	tsk->machine->cpus[tsk->machine->this_cpu].curr = tsk;
	return (double)(t1 - t0) / 1e6;
}

/* ms for fork plus the child's exit and reaping, 1 GiB resident. */
static double bench_fork_1g(void)
{
	struct machine *m = boot(2UL << 30);
	struct task_struct *tsk = spawn(m);
	unsigned long addr = map_anon(tsk, FORK_REGION);
	double samples[FORK_RUNS];

	access_range(tsk, addr, FORK_REGION, ACCESS_WRITE);
	if (get_mm_rss(tsk->mm) < FORK_REGION / PAGE_SIZE) {
		fprintf(stderr, "sim_bench: only %lu pages resident\n",
			get_mm_rss(tsk->mm));
		exit(1);
	}
	for (int r = 0; r < FORK_RUNS; r++) {
		samples[r] = fork_exit_reap_ms(tsk);
	}
	machine_destroy(m);
	return bench_median(samples, FORK_RUNS);
}

/*
 * many_vmas() - give @tsk @nr VMAs in all: beside its [stack], a mapping
 * of @nr - 1 pages, r-- and rw- page by page (mprotect of every other
 * one), so no two neighbours merge. Nothing is faulted in.
 */
static void many_vmas(struct task_struct *tsk, int nr)
{
	unsigned long pages = (unsigned long)nr - (unsigned long)tsk->mm->map_count;
	unsigned long addr = sys_mmap(tsk, 0, pages * PAGE_SIZE, PROT_READ,
				      MAP_PRIVATE | MAP_ANONYMOUS);

	if (IS_ERR_VALUE(addr)) {
		fprintf(stderr, "sim_bench: mmap: %s\n", tsk->machine->errmsg);
		exit(1);
	}
	for (unsigned long i = 1; i < pages; i += 2) {
		if (sys_mprotect(tsk, addr + i * PAGE_SIZE, PAGE_SIZE,
				 PROT_READ | PROT_WRITE)) {
			fprintf(stderr, "sim_bench: mprotect: %s\n",
				tsk->machine->errmsg);
			exit(1);
		}
	}
	if (tsk->mm->map_count != nr) {
		fprintf(stderr, "sim_bench: %d VMAs, not %d\n",
			tsk->mm->map_count, nr);
		exit(1);
	}
}

/* ms for fork plus the child's exit and reaping, 65,530 VMAs. */
static double bench_fork_65k_vmas(void)
{
	struct machine *m = boot(256UL << 20);
	struct task_struct *tsk = spawn(m);
	double samples[MANY_VMAS_RUNS];

	many_vmas(tsk, MANY_VMAS);
	for (int r = 0; r < MANY_VMAS_RUNS; r++) {
		samples[r] = fork_exit_reap_ms(tsk);
	}
	machine_destroy(m);
	return bench_median(samples, MANY_VMAS_RUNS);
}

static size_t heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static long rss_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, rss = 0;

	if (f) {
		if (fscanf(f, "%ld %ld", &size, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * 4096;
}

/*
 * Host bytes one more untouched simulated frame costs: the slope between
 * a 1 GiB and a 4 GiB machine, so fixed costs (the zero page's contents,
 * PID 1) do not count. Both what the heap handed out and what became
 * resident are measured; the larger is reported.
 */
static double bench_frame_bytes(void)
{
	unsigned long sizes[2] = { 1UL << 30, 4UL << 30 };
	double heap[2], rss[2];

	/*
	 * Big blocks always from mmap (a fixed threshold also stops glibc
	 * moving it after a free), so both sizes pay the same rounding; and
	 * a first boot makes the one-time allocations (stdio, ...).
	 */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	machine_destroy(boot(sizes[0]));
	for (int i = 0; i < 2; i++) {
		size_t h0 = heap_bytes();
		long r0 = rss_bytes();
		struct machine *m = boot(sizes[i]);

		heap[i] = (double)(heap_bytes() - h0);
		rss[i] = (double)(rss_bytes() - r0);
		machine_destroy(m);
	}
	double frames = (double)((sizes[1] - sizes[0]) / PAGE_SIZE);
	double by_heap = (heap[1] - heap[0]) / frames;
	double by_rss = (rss[1] - rss[0]) / frames;

	if (getenv("SIM_BENCH_DEBUG"))
		fprintf(stderr, "frame_bytes: heap %.4f rss %.4f\n", by_heap, by_rss);
	return by_heap > by_rss ? by_heap : by_rss;
}

/*
 * Host bytes one more simulated VMA costs: the slope between a process of
 * 1,024 VMAs and one of 65,530 (made as for fork_65k_vmas: untouched,
 * so a VMA is all there is), so the machine's and the process's fixed
 * costs do not count. As for frame_bytes, the larger of the heap's and
 * the resident set's growth is reported. The kernel's cost to compare
 * with is its vm_area_struct slab object (bench/run reads its size from
 * /proc/slabinfo).
 */
static double bench_host_bytes_per_vma(void)
{
	int counts[2] = { 1024, MANY_VMAS };
	double heap[2], rss[2];

	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	for (int i = 0; i < 2; i++) {
		struct machine *m = boot(64UL << 20);
		struct task_struct *tsk = spawn(m);
		size_t h0 = heap_bytes();
		long r0 = rss_bytes();

		many_vmas(tsk, counts[i]);
		heap[i] = (double)(heap_bytes() - h0);
		rss[i] = (double)(rss_bytes() - r0);
		machine_destroy(m);
	}
	double vmas = (double)(counts[1] - counts[0]);
	double by_heap = (heap[1] - heap[0]) / vmas;
	double by_rss = (rss[1] - rss[0]) / vmas;

	if (getenv("SIM_BENCH_DEBUG"))
		fprintf(stderr, "host_bytes_per_vma: heap %.1f rss %.1f\n",
			by_heap, by_rss);
	return by_heap > by_rss ? by_heap : by_rss;
}

/*
 * ns per read fault on a cached page of a host file, fault-around off
 * (fault_around_bytes 4096: do_read_fault() goes through __do_fault() and
 * filemap_fault() finds the page in the cache). The file is bench/run's
 * $MMSIM_BENCH_FILE; its pages at every FILE_FAULT_STRIDE-th page are
 * faulted once through a first mapping so that the page cache holds them,
 * then each run maps the file again and read-faults those pages, as
 * host_bench does on the host.
 */
static double bench_fault_file_read(void)
{
	const char *path = getenv("MMSIM_BENCH_FILE");
	struct machine_config cfg;
	struct machine *m;
	struct task_struct *tsk;
	double samples[FILE_FAULT_RUNS];
	struct file *file;
	unsigned long addr, faults = FILE_FAULT_LEN / PAGE_SIZE / FILE_FAULT_STRIDE;
	int err;

	if (!path) {
		fprintf(stderr, "sim_bench: fault_file_read needs MMSIM_BENCH_FILE\n");
		exit(1);
	}
	machine_config_default(&cfg);
	cfg.mem_bytes = 512UL << 20;
	cfg.cpu.fault_around_bytes = PAGE_SIZE;
	m = boot_cfg(&cfg);
	tsk = spawn(m);
	err = filp_open(m, path, O_RDONLY, 0, &file);
	if (err) {
		fprintf(stderr, "sim_bench: open %s: %s\n", path, strerror(-err));
		exit(1);
	}
	for (int r = -1; r < FILE_FAULT_RUNS; r++) {
		uint64_t t0, t1;

		addr = vm_mmap(tsk, file, 0, FILE_FAULT_LEN, PROT_READ,
			       MAP_PRIVATE, 0);
		if (IS_ERR_VALUE(addr)) {
			fprintf(stderr, "sim_bench: mmap %s: %s (%s)\n", path,
				strerror(-(long)addr), m->errmsg);
			exit(1);
		}
		t0 = bench_now_ns();
		for (unsigned long i = 0; i < faults; i++)
			access_range(tsk, addr + i * FILE_FAULT_STRIDE * PAGE_SIZE,
				     PAGE_SIZE, ACCESS_READ);
		t1 = bench_now_ns();
		if (r >= 0)	/* run -1 filled the page cache */
			samples[r] = (double)(t1 - t0) / (double)faults;
		unmap(tsk, addr, FILE_FAULT_LEN);
	}
	fput(m, file);
	machine_destroy(m);
	return bench_median(samples, FILE_FAULT_RUNS);
}

static double fault_anon_write(void) { return bench_faults(ACCESS_WRITE, false); }

/*
 * ns per touch (a write) of a page whose dirty, writable entry is in the
 * TLB of the CPU the task runs on: the hit path of mmu_access_page(), no
 * page walk. bench/run divides it by the host's fault_anon_write.
 */
static double tlb_hit(void)
{
	struct machine *m = boot(64UL << 20);
	struct task_struct *tsk = spawn(m);
	unsigned long len = TLB_HIT_PAGES * PAGE_SIZE, addr;
	double samples[TLB_HIT_RUNS];

	run_on_cpu(tsk);
	addr = map_anon(tsk, len);
	access_range(tsk, addr, len, ACCESS_WRITE);	/* faults, fills */
	for (int r = 0; r < TLB_HIT_RUNS; r++) {
		uint64_t t0 = bench_now_ns(), t1;

		for (int i = 0; i < TLB_HIT_LOOPS; i++)
			access_range(tsk, addr, len, ACCESS_WRITE);
		t1 = bench_now_ns();
		samples[r] = (double)(t1 - t0) /
			     ((double)TLB_HIT_LOOPS * TLB_HIT_PAGES);
	}
	if (m->cpus[m->this_cpu].tlb.misses != TLB_HIT_PAGES) {
		fprintf(stderr, "sim_bench: tlb_hit: %lu TLB misses\n",
			m->cpus[m->this_cpu].tlb.misses);
		exit(1);
	}
	machine_destroy(m);
	return bench_median(samples, TLB_HIT_RUNS);
}

/*
 * fault_anon_write with function_graph on and every event enabled (the
 * ring buffer full and overwriting, as a long trace is): what tracing
 * costs a fault. bench/run divides it by fault_anon_write.
 */
static double fault_anon_write_traced(void)
{
	bench_trace_all = true;
	return bench_faults(ACCESS_WRITE, false);
}
static double fault_zero_read(void) { return bench_faults(ACCESS_READ, false); }
static double fault_cow(void) { return bench_faults(ACCESS_WRITE, true); }

#define EXEC_RUNS	201
#define EXEC_PROGRAM	"/usr/bin/cat"

/*
 * ms for fork, `exec /usr/bin/cat` in the child (execve and the dynamic
 * loader's work up to the entry point) and its exit and reaping; the page
 * cache is warm after the first run, as the host's is. host_bench forks,
 * execve()s cat with stdin at EOF and reaps it.
 */
static double bench_exec_cat(void)
{
	struct machine *m = boot(256UL << 20);
	struct task_struct *tsk = spawn(m);
	char *argv[] = { EXEC_PROGRAM, NULL }, *envp[] = { NULL };
	double samples[EXEC_RUNS];

	for (int r = 0; r < EXEC_RUNS; r++) {
		uint64_t t0 = bench_now_ns(), t1;
		struct task_struct *child = fork_child(tsk);
		struct exec_result res;

		m->cpus[m->this_cpu].curr = child;
		if (exec_program(child, EXEC_PROGRAM, argv, envp, &res) ||
		    res.signo || res.exit_status) {
			fprintf(stderr, "sim_bench: exec %s: %s\n", EXEC_PROGRAM,
				m->errmsg);
			exit(1);
		}
		exit_and_reap(tsk, child);
		t1 = bench_now_ns();
		m->cpus[m->this_cpu].curr = tsk;
		samples[r] = (double)(t1 - t0) / 1e6;
	}
	machine_destroy(m);
	return bench_median(samples, EXEC_RUNS);
}

/* swap_out_in_256m (bench.h): ms for a pageout of 256 MiB and its swap-in. */
static double bench_swap_out_in_256m(void)
{
	struct machine_config cfg;
	struct machine *m;
	struct task_struct *tsk;
	double samples[SWAP_BENCH_RUNS];

	machine_config_default(&cfg);
	cfg.mem_bytes = 1UL << 30;
	cfg.swap_bytes = SWAP_BENCH_SWAP;
	m = boot_cfg(&cfg);
	tsk = spawn(m);
	for (int r = 0; r < SWAP_BENCH_RUNS; r++) {
		unsigned long addr = map_anon(tsk, SWAP_BENCH_LEN);
		struct access_result res;
		char one = 1;
		uint64_t t0, t1;

		for (unsigned long off = 0; off < SWAP_BENCH_LEN; off += PAGE_SIZE)
			if (user_access(tsk, addr + off, 1, ACCESS_WRITE, &one,
					&res) || res.signo) {
				fprintf(stderr, "sim_bench: store failed\n");
				exit(1);
			}
		t0 = bench_now_ns();
		if (sys_madvise(tsk, addr, SWAP_BENCH_LEN, MADV_PAGEOUT) ||
		    get_mm_counter(tsk->mm, MM_SWAPENTS) !=
		    SWAP_BENCH_LEN / PAGE_SIZE) {
			fprintf(stderr, "sim_bench: pageout did not swap (%s)\n",
				m->errmsg);
			exit(1);
		}
		access_range(tsk, addr, SWAP_BENCH_LEN, ACCESS_READ);
		t1 = bench_now_ns();
		samples[r] = (double)(t1 - t0) / 1e6;
		unmap(tsk, addr, SWAP_BENCH_LEN);
	}
	machine_destroy(m);
	return bench_median(samples, SWAP_BENCH_RUNS);
}

/*
 * reclaim_1g (bench.h): ns per page for direct reclaim of 1 GiB of clean,
 * unmapped page-cache pages in a machine that has almost nothing free.
 */
static double bench_reclaim_1g(void)
{
	const char *path = getenv("MMSIM_BENCH_RECLAIM_FILE");
	double samples[RECLAIM_BENCH_RUNS];
	unsigned long pages = RECLAIM_BENCH_LEN / PAGE_SIZE;

	if (!path) {
		fprintf(stderr, "sim_bench: reclaim_1g needs MMSIM_BENCH_RECLAIM_FILE\n");
		exit(1);
	}
	for (int r = 0; r < RECLAIM_BENCH_RUNS; r++) {
		struct machine_config cfg;
		struct machine *m;
		struct task_struct *tsk;
		struct file *file;
		unsigned long addr, reclaimed = 0;
		uint64_t t0, t1;
		int err;

		machine_config_default(&cfg);
		cfg.mem_bytes = RECLAIM_BENCH_MEM;
		m = boot_cfg(&cfg);
		tsk = spawn(m);
		err = filp_open(m, path, O_RDONLY, 0, &file);
		if (err) {
			fprintf(stderr, "sim_bench: open %s: %s\n", path,
				strerror(-err));
			exit(1);
		}
		addr = vm_mmap(tsk, file, 0, RECLAIM_BENCH_LEN, PROT_READ,
			       MAP_PRIVATE, 0);
		if (IS_ERR_VALUE(addr)) {
			fprintf(stderr, "sim_bench: mmap %s: %s (%s)\n", path,
				strerror(-(long)addr), m->errmsg);
			exit(1);
		}
		access_range(tsk, addr, RECLAIM_BENCH_LEN, ACCESS_READ);
		unmap(tsk, addr, RECLAIM_BENCH_LEN);
		if ((unsigned long)m->vm_stat[NR_FILE_PAGES] != pages) {
			fprintf(stderr, "sim_bench: %ld pages cached, not %lu\n",
				m->vm_stat[NR_FILE_PAGES], pages);
			exit(1);
		}
		t0 = bench_now_ns();
		while (m->vm_stat[NR_FILE_PAGES] > 0) {
			unsigned long n = try_to_free_pages(m, 0,
							    GFP_HIGHUSER_MOVABLE);

			if (!n) {
				fprintf(stderr, "sim_bench: reclaim stalled with %ld file pages\n",
					m->vm_stat[NR_FILE_PAGES]);
				exit(1);
			}
			reclaimed += n;
		}
		t1 = bench_now_ns();
		samples[r] = (double)(t1 - t0) / (double)reclaimed;
		fput(m, file);
		machine_destroy(m);
	}
	return bench_median(samples, RECLAIM_BENCH_RUNS);
}

static const struct figure figures[] = {
	{ "fault_anon_write", "ns", fault_anon_write },
	{ "fault_anon_write_traced", "ns", fault_anon_write_traced },
	{ "tlb_hit", "ns", tlb_hit },
	{ "fault_zero_read", "ns", fault_zero_read },
	{ "fault_cow", "ns", fault_cow },
	{ "fault_file_read", "ns", bench_fault_file_read },
	{ "mmap_munmap", "ns", bench_mmap_munmap },
	{ "fork_1g", "ms", bench_fork_1g },
	{ "frame_bytes", "B", bench_frame_bytes },
	{ "fork_65k_vmas", "ms", bench_fork_65k_vmas },
	{ "host_bytes_per_vma", "B", bench_host_bytes_per_vma },
	{ "exec_cat", "ms", bench_exec_cat },
	{ "swap_out_in_256m", "ms", bench_swap_out_in_256m },
	{ "reclaim_1g", "ns", bench_reclaim_1g },
};

int main(int argc, char **argv)
{
	size_t n = sizeof(figures) / sizeof(figures[0]);

	return bench_run_figures(figures, n, argc, argv);
}
