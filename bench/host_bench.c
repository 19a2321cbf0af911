/*
 * host_bench.c - the host-kernel half of bench/run's engine figures: the
 * same work as sim_bench.c, done by real system calls and real page
 * faults in this process (transparent huge pages off, so every fault is
 * a 4 KiB one, as in the simulator).
 *
 * Usage: host_bench [FIGURE...]   (default: every figure)
 * Prints one line per figure: "NAME VALUE UNIT", VALUE a median of runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

#define PAGE		4096UL
#define FAULT_REGION	(64UL << 20)
#define FAULT_RUNS	11
#define MMAP_LOOPS	200000
#define MMAP_RUNS	7
#define FORK_REGION	(1UL << 30)
#define FORK_RUNS	7
#define MANY_VMAS	65530	/* vm.max_map_count's default */
#define MANY_VMAS_RUNS	7

static char *map_anon(unsigned long len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("host_bench: mmap");
		exit(1);
	}
	madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

/* Touch every page: a store of one byte, or a load. */
static void write_pages(char *p, unsigned long len)
{
	for (unsigned long off = 0; off < len; off += PAGE)
		((volatile char *)p)[off] = 1;
}

static unsigned long read_pages(const char *p, unsigned long len)
{
	unsigned long sum = 0;

	for (unsigned long off = 0; off < len; off += PAGE)
		sum += ((const volatile char *)p)[off];
	return sum;
}

/* A child that waits until its pipe closes, then exits. */
static pid_t fork_sleeper(int *wfd)
{
	int fds[2];
	pid_t pid;
	char c;

	if (pipe(fds)) {
		perror("host_bench: pipe");
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		perror("host_bench: fork");
		exit(1);
	}
	if (!pid) {
		close(fds[1]);
		while (read(fds[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(fds[0]);
	*wfd = fds[1];
	return pid;
}

static double bench_faults(bool write, bool cow)
{
	unsigned long pages = FAULT_REGION / PAGE;
	double samples[FAULT_RUNS];
	static unsigned long sink;

	for (int r = 0; r < FAULT_RUNS; r++) {
		char *p = map_anon(FAULT_REGION);
		pid_t child = 0;
		int wfd = -1;
		uint64_t t0, t1;

		if (cow) {
			write_pages(p, FAULT_REGION);
			child = fork_sleeper(&wfd);
		}
		t0 = bench_now_ns();
		if (write)
			write_pages(p, FAULT_REGION);
		else
			sink += read_pages(p, FAULT_REGION);
		t1 = bench_now_ns();
		samples[r] = (double)(t1 - t0) / (double)pages;
		if (child) {
			close(wfd);
			waitpid(child, NULL, 0);
		}
		munmap(p, FAULT_REGION);
	}
	return bench_median(samples, FAULT_RUNS);
}

static double bench_mmap_munmap(void)
{
	double samples[MMAP_RUNS];

	for (int r = 0; r < MMAP_RUNS; r++) {
		uint64_t t0 = bench_now_ns(), t1;

		for (int i = 0; i < MMAP_LOOPS; i++) {
			void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED || munmap(p, PAGE)) {
				perror("host_bench: mmap/munmap");
				exit(1);
			}
		}
		t1 = bench_now_ns();
		samples[r] = (double)(t1 - t0) / MMAP_LOOPS;
	}
	return bench_median(samples, MMAP_RUNS);
}

/* fork_exit_reap_ms - one fork whose child exits at once, reaped: ms. */
static double fork_exit_reap_ms(void)
{
	uint64_t t0 = bench_now_ns(), t1;
	pid_t pid = fork();

	if (pid < 0) {
		perror("host_bench: fork");
		exit(1);
	}
	if (!pid)
		_exit(0);
	waitpid(pid, NULL, 0);
	t1 = bench_now_ns();
	return (double)(t1 - t0) / 1e6;
}

static double bench_fork_1g(void)
{
	char *p = map_anon(FORK_REGION);
	double samples[FORK_RUNS];

	write_pages(p, FORK_REGION);
	for (int r = 0; r < FORK_RUNS; r++) {
		samples[r] = fork_exit_reap_ms();
	}
	munmap(p, FORK_REGION);
	return bench_median(samples, FORK_RUNS);
}

/* The VMAs of this process: the lines of its maps, less [vsyscall]
 * (a gate area, not a VMA of the mm: not in map_count). */
static int count_vmas(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;

	if (!f) {
		perror("host_bench: /proc/self/maps");
		exit(1);
	}
	while (fgets(line, sizeof(line), f))
		if (!strstr(line, "[vsyscall]"))
			n++;
	fclose(f);
	return n;
}

/*
 * ms for fork plus the child's exit and reaping, with 65,530 VMAs in
 * all: a mapping of as many pages as make up the count with the VMAs the
 * process has already, r-- and rw- page by page, untouched, as
 * sim_bench's. The counting and the mapping come first and nothing is
 * allocated after (at vm.max_map_count, malloc could not map more).
 */
static double bench_fork_65k_vmas(void)
{
	double samples[MANY_VMAS_RUNS];
	int have = count_vmas(), got;
	unsigned long pages = (unsigned long)(MANY_VMAS - have);
	char *p = mmap(NULL, pages * PAGE, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("host_bench: mmap");
		exit(1);
	}
	for (unsigned long i = 1; i < pages; i += 2) {
		if (mprotect(p + i * PAGE, PAGE, PROT_READ | PROT_WRITE)) {
			perror("host_bench: mprotect");
			exit(1);
		}
	}
	got = count_vmas();
	if (got != MANY_VMAS) {
		fprintf(stderr, "host_bench: %d VMAs, not %d\n", got,
			MANY_VMAS);
		exit(1);
	}
	for (int r = 0; r < MANY_VMAS_RUNS; r++) {
		samples[r] = fork_exit_reap_ms();
	}
	munmap(p, pages * PAGE);
	return bench_median(samples, MANY_VMAS_RUNS);
}

#define EXEC_RUNS	201

/*
 * ms for fork, execve of /usr/bin/cat (stdin at EOF, an empty
 * environment, so it exits at once) and reaping it: sim_bench's exec_cat.
 */
static double bench_exec_cat(void)
{
	char *argv[] = { "/usr/bin/cat", NULL }, *envp[] = { NULL };
	double samples[EXEC_RUNS];

	for (int r = 0; r < EXEC_RUNS; r++) {
		uint64_t t0 = bench_now_ns(), t1;
		pid_t pid = fork();
		int status;

		if (pid < 0) {
			perror("host_bench: fork");
			exit(1);
		}
		if (!pid) {
			int fd = open("/dev/null", O_RDONLY);

			if (fd < 0 || dup2(fd, 0) < 0)
				_exit(126);
			execve(argv[0], argv, envp);
			_exit(127);
		}
		waitpid(pid, &status, 0);
		t1 = bench_now_ns();
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "host_bench: %s failed\n", argv[0]);
			exit(1);
		}
		samples[r] = (double)(t1 - t0) / 1e6;
	}
	return bench_median(samples, EXEC_RUNS);
}

/*
 * ns per read fault on a cached page of $MMSIM_BENCH_FILE, as sim_bench's
 * fault_file_read. Fault-around cannot be turned off from here (its knob
 * is debugfs's fault_around_bytes, which a host may not let even root
 * read or write), so the page cache is made to hold one page in each
 * 64 KiB fault-around window, the one faulted: do_fault_around() then
 * finds nothing else to map, and each fault maps one page, as with
 * fault-around off. The file's pages are dropped (POSIX_FADV_DONTNEED
 * after fsync) and the wanted ones read back one page each (with
 * POSIX_FADV_RANDOM, read() does no read-ahead); mincore() checks that
 * exactly those pages are cached before any run.
 */
static double bench_fault_file_read(void)
{
	const char *path = getenv("MMSIM_BENCH_FILE");
	unsigned long pages = FILE_FAULT_LEN / PAGE;
	unsigned long faults = pages / FILE_FAULT_STRIDE, cached = 0;
	double samples[FILE_FAULT_RUNS];
	static unsigned long sink;
	unsigned char *vec;
	char byte, *p;
	int fd;

	if (!path || (fd = open(path, O_RDONLY)) < 0) {
		fprintf(stderr, "host_bench: fault_file_read: cannot open "
			"$MMSIM_BENCH_FILE (%s)\n", path ? path : "unset");
		exit(1);
	}
	if (fsync(fd) || posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) ||
	    posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM)) {
		perror("host_bench: fsync/fadvise");
		exit(1);
	}
	for (unsigned long i = 0; i < faults; i++) {
		if (pread(fd, &byte, 1, (off_t)(i * FILE_FAULT_STRIDE * PAGE)) != 1) {
			perror("host_bench: pread");
			exit(1);
		}
	}
	vec = malloc(pages);
	p = mmap(NULL, FILE_FAULT_LEN, PROT_READ, MAP_PRIVATE, fd, 0);
	if (!vec || p == MAP_FAILED || mincore(p, FILE_FAULT_LEN, vec)) {
		perror("host_bench: mmap/mincore");
		exit(1);
	}
	for (unsigned long i = 0; i < pages; i++) {
		if ((vec[i] & 1) != (i % FILE_FAULT_STRIDE == 0)) {
			fprintf(stderr, "host_bench: page %lu of %s is %scached\n",
				i, path, vec[i] & 1 ? "" : "not ");
			exit(1);
		}
		cached += vec[i] & 1;
	}
	munmap(p, FILE_FAULT_LEN);
	free(vec);
	if (cached != faults) {
		fprintf(stderr, "host_bench: %lu pages cached, not %lu\n",
			cached, faults);
		exit(1);
	}
	for (int r = 0; r < FILE_FAULT_RUNS; r++) {
		uint64_t t0, t1;

		p = mmap(NULL, FILE_FAULT_LEN, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			perror("host_bench: mmap");
			exit(1);
		}
		t0 = bench_now_ns();
		for (unsigned long i = 0; i < faults; i++)
			sink += ((const volatile char *)p)[i * FILE_FAULT_STRIDE * PAGE];
		t1 = bench_now_ns();
		samples[r] = (double)(t1 - t0) / (double)faults;
		munmap(p, FILE_FAULT_LEN);
	}
	close(fd);
	return bench_median(samples, FILE_FAULT_RUNS);
}

static double fault_anon_write(void) { return bench_faults(true, false); }
static double fault_zero_read(void) { return bench_faults(false, false); }
static double fault_cow(void) { return bench_faults(true, true); }

/*
 * swap_out_in_256m (bench.h): the same on the host, which must have swap
 * (bench/run adds a zram device); the pages must really go, or the
 * figure would time nothing.
 */
static double bench_swap_out_in_256m(void)
{
	double samples[SWAP_BENCH_RUNS];
	static unsigned long sink;

	for (int r = 0; r < SWAP_BENCH_RUNS; r++) {
		char *p = map_anon(SWAP_BENCH_LEN);
		unsigned char vec[64];
		uint64_t t0, t1;

		write_pages(p, SWAP_BENCH_LEN);
		t0 = bench_now_ns();
		if (madvise(p, SWAP_BENCH_LEN, 21 /* MADV_PAGEOUT */)) {
			perror("host_bench: madvise(MADV_PAGEOUT)");
			exit(1);
		}
		if (mincore(p, 64 * PAGE, vec) || vec[0] & 1) {
			fprintf(stderr, "host_bench: swap_out_in_256m: the pages "
				"stayed resident (no swap?)\n");
			exit(1);
		}
		sink += read_pages(p, SWAP_BENCH_LEN);
		t1 = bench_now_ns();
		samples[r] = (double)(t1 - t0) / 1e6;
		munmap(p, SWAP_BENCH_LEN);
	}
	return bench_median(samples, SWAP_BENCH_RUNS);
}

/*
 * reclaim_1g (bench.h): the host frees the same 1 GiB of clean cached
 * pages with POSIX_FADV_DONTNEED, in ns per page cached before (mincore()
 * counts them; they must be gone after).
 */
static double bench_reclaim_1g(void)
{
	const char *path = getenv("MMSIM_BENCH_RECLAIM_FILE");
	unsigned long pages = RECLAIM_BENCH_LEN / PAGE;
	double samples[RECLAIM_BENCH_RUNS];
	static char buf[1 << 20];
	unsigned char *vec = malloc(pages);
	int fd;

	if (!vec || !path || (fd = open(path, O_RDONLY)) < 0) {
		fprintf(stderr, "host_bench: reclaim_1g: cannot open "
			"$MMSIM_BENCH_RECLAIM_FILE (%s)\n", path ? path : "unset");
		exit(1);
	}
	for (int r = 0; r < RECLAIM_BENCH_RUNS; r++) {
		unsigned long cached = 0;
		uint64_t t0, t1;
		char *p;

		if (lseek(fd, 0, SEEK_SET)) {
			perror("host_bench: lseek");
			exit(1);
		}
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		p = mmap(NULL, RECLAIM_BENCH_LEN, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED || mincore(p, RECLAIM_BENCH_LEN, vec)) {
			perror("host_bench: mmap/mincore");
			exit(1);
		}
		for (unsigned long i = 0; i < pages; i++)
			cached += vec[i] & 1;
		/* The host may have dropped a few meanwhile: time those left. */
		if (cached < pages / 2) {
			fprintf(stderr, "host_bench: reclaim_1g: %lu of %lu pages cached\n",
				cached, pages);
			exit(1);
		}
		t0 = bench_now_ns();
		if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)) {
			perror("host_bench: posix_fadvise");
			exit(1);
		}
		t1 = bench_now_ns();
		if (mincore(p, RECLAIM_BENCH_LEN, vec) || vec[0] & 1) {
			fprintf(stderr, "host_bench: reclaim_1g: the pages stayed cached\n");
			exit(1);
		}
		munmap(p, RECLAIM_BENCH_LEN);
		samples[r] = (double)(t1 - t0) / (double)cached;
	}
	close(fd);
	free(vec);
	return bench_median(samples, RECLAIM_BENCH_RUNS);
}

static const struct figure figures[] = {
	{ "fault_anon_write", "ns", fault_anon_write },
	{ "fault_zero_read", "ns", fault_zero_read },
	{ "fault_cow", "ns", fault_cow },
	{ "fault_file_read", "ns", bench_fault_file_read },
	{ "swap_out_in_256m", "ms", bench_swap_out_in_256m },
	{ "mmap_munmap", "ns", bench_mmap_munmap },
	{ "fork_1g", "ms", bench_fork_1g },
	{ "fork_65k_vmas", "ms", bench_fork_65k_vmas },
	{ "exec_cat", "ms", bench_exec_cat },
	{ "reclaim_1g", "ns", bench_reclaim_1g },
};

int main(int argc, char **argv)
{
	size_t n = sizeof(figures) / sizeof(figures[0]);

	/* Every fault a 4 KiB one, as in the simulator. */
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	return bench_run_figures(figures, n, argc, argv);
}
