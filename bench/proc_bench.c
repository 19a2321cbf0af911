/*
 * proc_bench.c - the file-reading half of bench/run: times reads of the
 * mount's views and of the host's own /proc for an equivalent process,
 * ctl round trips, and how long a machine takes to mount.
 *
 * Each subcommand times the mount and the host side by side, alternating
 * one run of each, so that load from elsewhere on the machine falls on
 * both alike; it prints "NAME SIM HOST UNIT", each value a median of R.
 *
 * Usage:
 *   proc_bench vmas N R SIM_MAPS SIM_SMAPS
 *	this process makes N one-page VMAs, alternately r-- and rw- so they
 *	cannot merge, and reads /proc/self/{maps,smaps} whole (open, read
 *	to EOF, close) against the given files of the mount:
 *	"maps_10k ..." and "smaps_10k ..." in ns
 *   proc_bench pagemap LEN R SIM_PAGEMAP SIM_ADDR
 *	one pread of pagemap over LEN resident bytes, here and in the
 *	mount's process from SIM_ADDR: "pagemap_1g ..." in ns
 *   proc_bench ctl R CTL COMMAND VERSION
 *	open CTL, write COMMAND, read the reply to EOF, close (what mmctl
 *	does), against open + read to EOF + close of VERSION:
 *	"ctl_roundtrip ..." in ns
 *   proc_bench stat N R SIM_ROOT
 *	this process forks N children that sleep in pause(), then sweeps
 *	as ps does: readdir of the root, and for each PID, one read of its
 *	stat (open, read, close: procps's file2str() stops at a short read).
 *	The mount's sweep reads every PID directory of SIM_ROOT; the host's
 *	reads /proc/PID/stat of this process's N children, and of no other
 *	host process, so the host's side does the same work whatever else
 *	runs. The children are killed and reaped at the end (and die with
 *	this process, PR_SET_PDEATHSIG): "stat_sweep_10k ..." in ns
 *   proc_bench mount R MMSIMFS DIR ARGS...
 *	start MMSIMFS -f ARGS DIR, wait until DIR/meminfo reads, then
 *	unmount: "mount_16g SECONDS 1 s"
 * Reads use a 128 KiB buffer, as cat(1) does.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

#define PAGE	4096UL
#define BUFSZ	(128 * 1024)
#define MAX_RUNS 1001

static char buf[BUFSZ];

static void die(const char *what)
{
	fprintf(stderr, "proc_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int runs_arg(const char *s)
{
	int r = atoi(s);

	if (r < 1 || r > MAX_RUNS) {
		fprintf(stderr, "proc_bench: runs must be 1..%d\n", MAX_RUNS);
		exit(2);
	}
	return r;
}

/*
 * A timed operation: one run returns its duration in ns. Pairs of them
 * are run alternately by time_pair().
 */
struct timed_op {
	double (*run)(const struct timed_op *op);
	const char *path;
	const char *command;
	unsigned long addr, len;
	char *b;
	int fd;
	const pid_t *pids;	/* op_sweep(): sorted; NULL for every PID */
	size_t npids;
	size_t expect;		/* op_sweep(): how many stat files */
};

/* open + read to EOF + close. */
static double op_read_whole(const struct timed_op *op)
{
	uint64_t t0 = bench_now_ns();
	int fd = open(op->path, O_RDONLY);
	size_t total = 0;
	ssize_t n;

	if (fd < 0)
		die(op->path);
	while ((n = read(fd, buf, BUFSZ)) > 0)
		total += (size_t)n;
	if (n < 0)
		die(op->path);
	close(fd);
	if (!total) {
		fprintf(stderr, "proc_bench: %s is empty\n", op->path);
		exit(1);
	}
	return (double)(bench_now_ns() - t0);
}

/* One pread of the pagemap entries of [addr, addr + len) on an open fd. */
static double op_pagemap(const struct timed_op *op)
{
	size_t size = op->len / PAGE * 8;
	uint64_t t0 = bench_now_ns();
	ssize_t n = pread(op->fd, op->b, size, (off_t)(op->addr / PAGE * 8));
	double t = (double)(bench_now_ns() - t0);

	if (n != (ssize_t)size) {
		fprintf(stderr, "proc_bench: pread %s: %zd of %zu\n", op->path,
			n, size);
		exit(1);
	}
	/* Every page of the range is resident: the present bit is set. */
	if (!(((uint64_t *)op->b)[0] >> 63) ||
	    !(((uint64_t *)op->b)[size / 8 - 1] >> 63)) {
		fprintf(stderr, "proc_bench: %s: pages not present\n", op->path);
		exit(1);
	}
	return t;
}

/* open + write one command + read the reply to EOF + close, as mmctl. */
static double op_ctl(const struct timed_op *op)
{
	size_t len = strlen(op->command);
	uint64_t t0 = bench_now_ns();
	int fd = open(op->path, O_RDWR);
	ssize_t n;

	if (fd < 0)
		die(op->path);
	if (write(fd, op->command, len) != (ssize_t)len)
		die("ctl write");
	n = pread(fd, buf, BUFSZ, 0);
	if (n <= 0 || !memcmp(buf, "error", 5)) {
		fprintf(stderr, "proc_bench: %s: bad reply %.*s\n",
			op->command, (int)(n > 0 ? n : 0), buf);
		exit(1);
	}
	if (pread(fd, buf, BUFSZ, n) != 0)
		die("ctl reply");
	close(fd);
	return (double)(bench_now_ns() - t0);
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * ps's sweep: readdir of op->path, then for every numeric entry (of
 * op->pids, when given) one read of NAME/stat.
 */
static double op_sweep(const struct timed_op *op)
{
	uint64_t t0 = bench_now_ns();
	DIR *dir = opendir(op->path);
	struct dirent *de;
	size_t count = 0;
	char path[4096];

	if (!dir)
		die(op->path);
	while ((de = readdir(dir))) {
		pid_t pid;
		ssize_t n;
		int fd;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = (pid_t)atoi(de->d_name);
		if (op->pids && !bsearch(&pid, op->pids, op->npids,
					 sizeof(pid), cmp_pid))
			continue;
		snprintf(path, sizeof(path), "%s/%s/stat", op->path,
			 de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			die(path);
		n = read(fd, buf, BUFSZ);
		if (n <= 0)
			die(path);
		close(fd);
		count++;
	}
	closedir(dir);
	if (count != op->expect) {
		fprintf(stderr, "proc_bench: %s: %zu stat files, not %zu\n",
			op->path, count, op->expect);
		exit(1);
	}
	return (double)(bench_now_ns() - t0);
}

/* Run @sim and @host alternately @runs times (after one warm-up run of
 * each) and print "NAME SIM HOST ns" with the medians. */
static void time_pair(const char *name, const struct timed_op *sim,
		      const struct timed_op *host, int runs)
{
	double s[MAX_RUNS], h[MAX_RUNS];

	sim->run(sim);
	host->run(host);
	for (int r = 0; r < runs; r++) {
		s[r] = sim->run(sim);
		h[r] = host->run(host);
	}
	printf("%s %.0f %.0f ns\n", name, bench_median(s, runs),
	       bench_median(h, runs));
	fflush(stdout);
}

static void bench_vmas(long n, int runs, const char *sim_maps,
		       const char *sim_smaps)
{
	char *p = mmap(NULL, n * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	struct timed_op sim = { .run = op_read_whole };
	struct timed_op host = { .run = op_read_whole };

	if (p == MAP_FAILED)
		die("mmap");
	for (long i = 1; i < n; i += 2)
		if (mprotect(p + i * PAGE, PAGE, PROT_READ | PROT_WRITE))
			die("mprotect");
	sim.path = sim_maps;
	host.path = "/proc/self/maps";
	time_pair("maps_10k", &sim, &host, runs);
	sim.path = sim_smaps;
	host.path = "/proc/self/smaps";
	time_pair("smaps_10k", &sim, &host, runs);
	munmap(p, n * PAGE);
}

static void bench_pagemap(unsigned long len, int runs, const char *sim_path,
			  unsigned long sim_addr)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct timed_op sim = { .run = op_pagemap, .path = sim_path,
				.addr = sim_addr, .len = len };
	struct timed_op host = { .run = op_pagemap,
				 .path = "/proc/self/pagemap", .len = len };

	if (p == MAP_FAILED)
		die("mmap");
	madvise(p, len, MADV_NOHUGEPAGE);
	for (unsigned long off = 0; off < len; off += PAGE)
		p[off] = 1;
	host.addr = (unsigned long)p;
	sim.b = malloc(len / PAGE * 8);
	host.b = malloc(len / PAGE * 8);
	sim.fd = open(sim.path, O_RDONLY);
	host.fd = open(host.path, O_RDONLY);
	if (!sim.b || !host.b || sim.fd < 0 || host.fd < 0)
		die("pagemap");
	time_pair("pagemap_1g", &sim, &host, runs);
	close(sim.fd);
	close(host.fd);
	free(sim.b);
	free(host.b);
	munmap(p, len);
}

static void bench_ctl(int runs, const char *ctl, const char *command,
		      const char *version)
{
	char *line = malloc(strlen(command) + 2);
	struct timed_op sim = { .run = op_ctl, .path = ctl };
	struct timed_op host = { .run = op_read_whole, .path = version };

	if (!line)
		die("malloc");
	sprintf(line, "%s\n", command);
	sim.command = line;
	time_pair("ctl_roundtrip", &sim, &host, runs);
	free(line);
}

/* Kill and reap the first @n of @pids. */
static void reap_sleepers(pid_t *pids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (size_t i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
}

static void bench_stat(long n, int runs, const char *sim_root)
{
	pid_t *pids = calloc((size_t)n, sizeof(*pids)), self = getpid();
	struct timed_op sim = { .run = op_sweep, .path = sim_root };
	struct timed_op host = { .run = op_sweep, .path = "/proc" };
	long made;

	if (!pids || n < 1)
		die("stat: calloc");
	for (made = 0; made < n; made++) {
		pid_t pid = fork();

		if (pid < 0) {
			int err = errno;

			reap_sleepers(pids, (size_t)made);
			errno = err;
			die("stat: fork");
		}
		if (!pid) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != self)
				_exit(0);
			for (;;)
				pause();
		}
		pids[made] = pid;
	}
	/* Every PID directory of the mount: PID 1 and the N spawned. */
	sim.expect = (size_t)n + 1;
	host.expect = (size_t)n;
	qsort(pids, (size_t)n, sizeof(*pids), cmp_pid);
	host.pids = pids;
	host.npids = (size_t)n;
	time_pair("stat_sweep_10k", &sim, &host, runs);
	reap_sleepers(pids, (size_t)n);
	free(pids);
}

/* Seconds from exec of the daemon to a full read of DIR/meminfo. */
static void bench_mount(int runs, char **daemon_argv, const char *dir)
{
	char meminfo[4096];
	double s[MAX_RUNS];

	snprintf(meminfo, sizeof(meminfo), "%s/meminfo", dir);
	for (int r = 0; r < runs; r++) {
		uint64_t t0 = bench_now_ns(), deadline = t0 + 60000000000ULL;
		int status;
		pid_t pid = fork(), um;

		if (pid < 0)
			die("fork");
		if (!pid) {
			int null = open("/dev/null", O_RDWR);

			dup2(null, 0);
			dup2(null, 1);
			execv(daemon_argv[0], daemon_argv);
			_exit(127);
		}
		for (;;) {
			int fd = open(meminfo, O_RDONLY);

			if (fd >= 0) {
				ssize_t n = read(fd, buf, BUFSZ);

				close(fd);
				if (n > 0 && !memcmp(buf, "MemTotal:", 9))
					break;
			}
			if (waitpid(pid, &status, WNOHANG) == pid) {
				fprintf(stderr, "proc_bench: the daemon exited\n");
				exit(1);
			}
			if (bench_now_ns() > deadline) {
				kill(pid, SIGKILL);
				fprintf(stderr, "proc_bench: no mount after 60 s\n");
				exit(1);
			}
			usleep(200);
		}
		s[r] = (double)(bench_now_ns() - t0) / 1e9;
		um = fork();
		if (!um) {
			execlp("fusermount3", "fusermount3", "-u", dir, NULL);
			_exit(127);
		}
		waitpid(um, NULL, 0);
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			fprintf(stderr, "proc_bench: the daemon did not exit 0\n");
			exit(1);
		}
	}
	printf("mount_16g %.3f 1 s\n", bench_median(s, runs));
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	if (!strcmp(cmd, "vmas") && argc == 6) {
		bench_vmas(atol(argv[2]), runs_arg(argv[3]), argv[4], argv[5]);
	} else if (!strcmp(cmd, "pagemap") && argc == 6) {
		bench_pagemap(strtoul(argv[2], NULL, 0), runs_arg(argv[3]),
			      argv[4], strtoul(argv[5], NULL, 0));
	} else if (!strcmp(cmd, "ctl") && argc == 6) {
		bench_ctl(runs_arg(argv[2]), argv[3], argv[4], argv[5]);
	} else if (!strcmp(cmd, "stat") && argc == 5) {
		bench_stat(atol(argv[2]), runs_arg(argv[3]), argv[4]);
	} else if (!strcmp(cmd, "mount") && argc >= 5) {
		int runs = runs_arg(argv[2]), nargs = argc - 5;
		char **dargv = calloc((size_t)nargs + 4, sizeof(char *));

		if (!dargv)
			die("calloc");
		dargv[0] = argv[3];
		dargv[1] = "-f";
		for (int i = 0; i < nargs; i++)
			dargv[2 + i] = argv[5 + i];
		dargv[2 + nargs] = argv[4];
		bench_mount(runs, dargv, argv[4]);
		free(dargv);
	} else {
		fprintf(stderr, "usage: see the comment at the top of proc_bench.c\n");
		return 2;
	}
	return 0;
}
