/*
 * hostdrv.c - the host side of the linux-diff harness: runs the contract's
 * per-process commands as real system calls in real processes, so that the
 * host kernel can serve as the oracle for mmsim.
 *
 * The runner (tests/linux-diff/run) talks to one controller process over
 * stdin/stdout, one command line in, one reply line out, in the very syntax
 * of the ctl files (numbers already evaluated, PIDs are real host PIDs):
 *
 *   spawn                  -> PID        a fresh worker process
 *   PID CMD ARG...         -> REPLY      the command, run inside worker PID
 *   quit                                 SIGKILL every worker and exit
 *
 * A worker is made to look like a process freshly spawned on mmsim, so that
 * addresses compare as they are:
 *   - ASLR is off and RLIMIT_STACK is 8M, so mmap_base is 0x7ffff7fff000;
 *   - [vvar], [vvar_vclock], [vdso] and the exec-time stack are unmapped, and
 *     a fresh untouched MAP_GROWSDOWN [stack] is mapped at
 *     0x7ffffffde000-0x7ffffffff000 (it covers mm->start_stack, so the
 *     kernel names it [stack]; its VmFlags are VM_STACK_FLAGS' "rd wr mr mw
 *     me gd ac");
 *   - the brk area is moved with PR_SET_MM to START_BRK 0x555555559000,
 *     empty;
 *   - the worker itself runs on a private stack below 4G and never calls
 *     malloc or stdio, so everything it owns lies below the compared window
 *     [0x555555554000, 0x800000000000) and never changes after setup: its
 *     own pages are all faulted in (and re-faulted in a fork child), and a
 *     "ballast" mapping lifts VmSize/VmRSS to VmPeak/VmHWM, so that the
 *     status lines move by exactly what the scenario does.
 *
 * Every worker is pinned to CPU 0: MADV_FREE's lazyfree marking goes through
 * a per-CPU folio batch, which the worker drains (lru_add_drain() runs at the
 * start of any MADV_FREE) so that smaps' LazyFree is exact.
 *
 * A fatal access replies "SIGSEGV SEGV_xxxERR 0xADDR" from the signal
 * handler, then lets the access fault again with the default action, so the
 * worker really dies of SIGSEGV. The controller is a child subreaper and
 * plays mmsim's PID 1: its zombie children (spawned workers and orphans) are
 * reaped at once.
 *
 * Build: cc -static -O1 -o hostdrv hostdrv.c   (static: no ld.so, no libs)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE_SIZE 4096UL
#define WINDOW_START 0x555555554000UL	/* everything the driver owns is below */
#define START_BRK 0x555555559000UL
#define STACK_START 0x7ffffffde000UL
#define STACK_END 0x7ffffffff000UL
#define ALT_STACK 0x10000000UL		/* the workers' own stack */
#define ALT_STACK_SIZE (256 * 1024UL)
#define BALLAST 0x20000000UL
#define MAX_PROCS 32
#define MAX_OWN_VMAS 64
#define LINE_MAX_LEN 65536

/* One pipe pair per process slot, made before any worker exists. */
struct slot {
	int cmd[2];	/* controller -> worker */
	int reply[2];	/* worker -> controller */
	pid_t pid;
	int live;
};

static struct slot slots[MAX_PROCS];

/* The worker's own state (inherited and then fixed up across fork). */
static int my_slot = -1;
static struct own_vma {
	unsigned long start, end;
	int readable, writable;
} own_vmas[MAX_OWN_VMAS];
static int nr_own_vmas;

static char linebuf[LINE_MAX_LEN];
static char replybuf[LINE_MAX_LEN * 2 + 64];
static char iobuf[65536];

/* ---- small helpers that use neither malloc nor stdio ---- */

static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			_exit(111);
		}
		buf += n;
		len -= n;
	}
}

static void put_str(int fd, const char *s)
{
	write_all(fd, s, strlen(s));
}

static char *fmt_hex(char *p, unsigned long v)
{
	char tmp[20];
	int n = 0;

	*p++ = '0';
	*p++ = 'x';
	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	*p = 0;
	return p;
}

static char *fmt_dec(char *p, long v)
{
	char tmp[24];
	int n = 0;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	if (v < 0)
		*p++ = '-';
	do {
		tmp[n++] = '0' + u % 10;
		u /= 10;
	} while (u);
	while (n)
		*p++ = tmp[--n];
	*p = 0;
	return p;
}

static char *append(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	*p = 0;
	return p;
}

static const char *errname(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case EOVERFLOW: return "EOVERFLOW";
	case EUCLEAN: return "EUCLEAN";
	default: return "EUNKNOWN";
	}
}

/* "error: CMD: REASON (ERRNAME)", as a failed ctl command replies. */
static void reply_error(const char *cmd, int e)
{
	char *p = replybuf;

	p = append(p, "error: ");
	p = append(p, cmd);
	p = append(p, ": ");
	p = append(p, strerror(e));
	p = append(p, " (");
	p = append(p, errname(e));
	append(p, ")");
}

/* Read one '\n'-terminated line from @fd into @buf (byte at a time: the
 * pipes are shared by nobody else, but a worker must not read ahead into
 * its child's commands). Return: length, or -1 at EOF. */
static int read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return n ? (int)n : -1;
		if (c == '\n')
			break;
		if (n + 1 < size)
			buf[n++] = c;
	}
	buf[n] = 0;
	return n;
}

static int split(char *s, char **argv, int max)
{
	int argc = 0;

	while (*s && argc < max) {
		while (*s == ' ' || *s == '\t')
			*s++ = 0;
		if (!*s)
			break;
		argv[argc++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	while (*s == ' ' || *s == '\t')
		*s++ = 0;
	return argc;
}

static int parse_num(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 0);
	return (errno || end == s || *end) ? -EINVAL : 0;
}

static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t n = 0;

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t r = read(fd, buf + n, size - 1 - n);

		if (r <= 0)
			break;
		n += r;
	}
	close(fd);
	buf[n] = 0;
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- the worker ---- */

/* Record every VMA the worker owns (all below WINDOW_START). */
static void record_own_vmas(void)
{
	char *p, *line;

	if (read_file("/proc/self/maps", iobuf, sizeof(iobuf)) < 0)
		_exit(112);
	nr_own_vmas = 0;
	for (line = iobuf; *line; line = p) {
		unsigned long start, end;
		char *q;

		p = strchr(line, '\n');
		p = p ? p + 1 : line + strlen(line);
		start = strtoul(line, &q, 16);
		end = strtoul(q + 1, &q, 16);
		if (end > WINDOW_START)
			continue;
		if (nr_own_vmas == MAX_OWN_VMAS)
			_exit(113);
		own_vmas[nr_own_vmas].start = start;
		own_vmas[nr_own_vmas].end = end;
		own_vmas[nr_own_vmas].readable = q[1] == 'r';
		own_vmas[nr_own_vmas].writable = q[2] == 'w';
		nr_own_vmas++;
	}
}

/*
 * Fault in every page the worker owns, writable ones by write, so that its
 * RSS and page tables stay constant whatever code paths run later, and a
 * fork child owns the same set of resident pages as its parent.
 */
static void prefault_own(void)
{
	int i;

	for (i = 0; i < nr_own_vmas; i++) {
		unsigned long a;

		if (!own_vmas[i].readable)
			continue;
		for (a = own_vmas[i].start; a < own_vmas[i].end; a += PAGE_SIZE) {
			if (own_vmas[i].writable)
				__atomic_fetch_or((unsigned char *)a, 0,
						  __ATOMIC_RELAXED);
			else
				(void)*(volatile unsigned char *)a;
		}
	}
}

static long status_kb(const char *status, const char *key)
{
	const char *p = strstr(status, key);

	if (!p)
		return -1;
	p += strlen(key);
	while (*p == ' ' || *p == '\t')
		p++;
	return strtol(p, NULL, 10);
}

/*
 * Lift VmSize to VmPeak and VmRSS to VmHWM: setup unmapped the exec-time
 * stack and the vdso, which left the hiwater marks above the current values;
 * without ballast the first pages a scenario adds would not move VmPeak and
 * VmHWM the way they do on a fresh mmsim process.
 */
static void add_ballast(void)
{
	long peak_def, hwm_def, pages;
	unsigned long a;

	if (read_file("/proc/self/status", iobuf, sizeof(iobuf)) < 0)
		_exit(114);
	peak_def = status_kb(iobuf, "VmPeak:") - status_kb(iobuf, "VmSize:");
	hwm_def = status_kb(iobuf, "VmHWM:") - status_kb(iobuf, "VmRSS:");
	pages = (peak_def > hwm_def ? peak_def : hwm_def) / 4;
	if (pages <= 0)
		return;
	if (mmap((void *)BALLAST, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		_exit(115);
	for (a = BALLAST; a < BALLAST + pages * PAGE_SIZE; a += PAGE_SIZE)
		*(volatile char *)a = 1;
}

static void segv_handler(int sig, siginfo_t *si, void *uc)
{
	char *p = replybuf;

	p = append(p, "SIGSEGV ");
	p = append(p, si->si_code == SEGV_ACCERR ? "SEGV_ACCERR " :
		   si->si_code == SEGV_MAPERR ? "SEGV_MAPERR " : "SEGV_OTHER ");
	p = fmt_hex(p, (unsigned long)si->si_addr);
	p = append(p, "\n");
	write_all(slots[my_slot].reply[1], replybuf, p - replybuf);
	/* Return: the access faults again and the default action kills. */
	signal(SIGSEGV, SIG_DFL);
}

static int parse_prot(const char *s, int *prot)
{
	if (strlen(s) != 3 || (s[0] != 'r' && s[0] != '-') ||
	    (s[1] != 'w' && s[1] != '-') || (s[2] != 'x' && s[2] != '-'))
		return -EINVAL;
	*prot = (s[0] == 'r' ? PROT_READ : 0) | (s[1] == 'w' ? PROT_WRITE : 0) |
		(s[2] == 'x' ? PROT_EXEC : 0);
	return 0;
}

static int parse_mmap_flags(char *s, int *flags)
{
	static const struct { const char *name; int flag; } names[] = {
		{ "private", MAP_PRIVATE }, { "shared", MAP_SHARED },
		{ "anonymous", MAP_ANONYMOUS }, { "fixed", MAP_FIXED },
		{ "fixed_noreplace", MAP_FIXED_NOREPLACE },
		{ "growsdown", MAP_GROWSDOWN }, { "populate", MAP_POPULATE },
		{ "locked", MAP_LOCKED }, { "noreserve", MAP_NORESERVE },
	};
	char *tok;

	*flags = 0;
	for (tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return -EINVAL;
		*flags |= names[i].flag;
	}
	return 0;
}

static int parse_advice(const char *s, int *advice)
{
	static const struct { const char *name; int advice; } names[] = {
		{ "dontneed", MADV_DONTNEED }, { "free", MADV_FREE },
		{ "dontfork", MADV_DONTFORK }, { "dofork", MADV_DOFORK },
		{ "wipeonfork", MADV_WIPEONFORK },
		{ "keeponfork", MADV_KEEPONFORK },
		{ "willneed", MADV_WILLNEED }, { "cold", MADV_COLD },
		{ "pageout", MADV_PAGEOUT },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name)) {
			*advice = names[i].advice;
			return 0;
		}
	return -EINVAL;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void worker_loop(void) __attribute__((noreturn));

/* Child side of "fork SLOT": become the worker of @slot. */
static void become_child(int slot)
{
	my_slot = slot;
	prefault_own();
	put_str(slots[my_slot].reply[1], "ready\n");
}

/* Run one command; the reply goes to replybuf. Return 1 to exit after
 * replying (with the status in *@exit_status). */
static int worker_command(char *line, int *exit_status)
{
	char *argv[8];
	int argc = split(line, argv, 8);
	unsigned long a, b, c;
	char *p = replybuf;
	const char *cmd = argc ? argv[0] : "";
	long r;

	*p = 0;
	if (!argc) {
		reply_error("", EINVAL);
		return 0;
	}

	if (!strcmp(cmd, "mmap") && argc == 5) {
		int prot, flags;
		void *addr;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    parse_prot(argv[3], &prot) ||
		    parse_mmap_flags(argv[4], &flags))
			goto einval;
		addr = mmap((void *)a, b, prot, flags, -1, 0);
		if (addr == MAP_FAILED)
			goto fail;
		fmt_hex(p, (unsigned long)addr);
	} else if (!strcmp(cmd, "munmap") && argc == 3) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b))
			goto einval;
		if (munmap((void *)a, b))
			goto fail;
	} else if (!strcmp(cmd, "mprotect") && argc == 4) {
		int prot;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    parse_prot(argv[3], &prot))
			goto einval;
		if (mprotect((void *)a, b, prot))
			goto fail;
	} else if (!strcmp(cmd, "mremap") && argc >= 4) {
		unsigned long newaddr = 0;
		int flags = 0, i;
		void *addr;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    parse_num(argv[3], &c))
			goto einval;
		for (i = 4; i < argc; i++) {
			if (!strcmp(argv[i], "maymove")) {
				flags |= MREMAP_MAYMOVE;
			} else if (!strcmp(argv[i], "fixed") && i + 1 < argc) {
				flags |= MREMAP_FIXED;
				if (parse_num(argv[++i], &newaddr))
					goto einval;
			} else {
				goto einval;
			}
		}
		addr = mremap((void *)a, b, c, flags, (void *)newaddr);
		if (addr == MAP_FAILED)
			goto fail;
		fmt_hex(p, (unsigned long)addr);
	} else if (!strcmp(cmd, "brk") && argc <= 2) {
		a = 0;
		if (argc == 2 && parse_num(argv[1], &a))
			goto einval;
		r = syscall(SYS_brk, a);
		fmt_hex(p, (unsigned long)r);
	} else if (!strcmp(cmd, "madvise") && argc == 4) {
		int advice;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    parse_advice(argv[3], &advice))
			goto einval;
		if (madvise((void *)a, b, advice))
			goto fail;
		if (advice == MADV_FREE) {
			/* Drain this CPU's lazyfree batch (see the top). */
			madvise((void *)ALT_STACK, PAGE_SIZE, MADV_FREE);
			__atomic_fetch_or((unsigned char *)ALT_STACK, 0,
					  __ATOMIC_RELAXED);
		}
	} else if (!strcmp(cmd, "mlock") && argc == 3) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b))
			goto einval;
		if (mlock((void *)a, b))
			goto fail;
	} else if (!strcmp(cmd, "munlock") && argc == 3) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b))
			goto einval;
		if (munlock((void *)a, b))
			goto fail;
	} else if (!strcmp(cmd, "fork") && argc == 2) {
		pid_t pid;

		if (parse_num(argv[1], &a) || a >= MAX_PROCS)
			goto einval;
		pid = fork();
		if (pid < 0)
			goto fail;
		if (pid == 0) {
			become_child(a);
			return 2;
		}
		fmt_dec(p, pid);
	} else if (!strcmp(cmd, "exit") && argc <= 2) {
		a = 0;
		if (argc == 2 && parse_num(argv[1], &a))
			goto einval;
		*exit_status = a;
		return 1;
	} else if (!strcmp(cmd, "wait") && argc <= 2) {
		int status;
		pid_t pid;

		a = (unsigned long)-1;
		if (argc == 2 && parse_num(argv[1], &a))
			goto einval;
		pid = waitpid((pid_t)a, &status, WNOHANG);
		if (pid < 0)
			goto fail;
		if (pid == 0) {
			errno = EAGAIN;
			goto fail;
		}
		p = fmt_dec(p, pid);
		p = append(p, " ");
		if (WIFSIGNALED(status)) {
			p = append(p, WTERMSIG(status) == SIGSEGV ? "SIGSEGV" :
				   WTERMSIG(status) == SIGKILL ? "SIGKILL" :
				   "SIGOTHER");
		} else {
			fmt_dec(p, WEXITSTATUS(status));
		}
	} else if (!strcmp(cmd, "touch") && argc == 4) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    strlen(argv[3]) != 1 || !strchr("rwx", argv[3][0]) || !b)
			goto einval;
		b = (a + b + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		for (a &= ~(PAGE_SIZE - 1); a < b; a += PAGE_SIZE) {
			if (argv[3][0] == 'r')
				(void)*(volatile unsigned char *)a;
			else if (argv[3][0] == 'w')
				__atomic_fetch_or((unsigned char *)a, 0,
						  __ATOMIC_RELAXED);
			else	/* the scenario put a "ret" (0xc3) there */
				((void (*)(void))a)();
		}
		append(p, "ok");
	} else if (!strcmp(cmd, "store") && argc == 3) {
		const char *d = argv[2];
		size_t i, n;

		if (parse_num(argv[1], &a) || d[0] != '0' || d[1] != 'x' ||
		    (strlen(d) - 2) % 2 || strlen(d) == 2)
			goto einval;
		n = (strlen(d) - 2) / 2;
		for (i = 0; i < n; i++)
			if (hexval(d[2 + 2 * i]) < 0 ||
			    hexval(d[3 + 2 * i]) < 0)
				goto einval;
		for (i = 0; i < n; i++)
			((volatile unsigned char *)a)[i] =
				hexval(d[2 + 2 * i]) << 4 | hexval(d[3 + 2 * i]);
	} else if (!strcmp(cmd, "load") && argc == 3) {
		size_t i;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    !b || b > LINE_MAX_LEN)
			goto einval;
		/* Read it all first: a fault must not leave half a reply. */
		for (i = 0; i < b; i++)
			linebuf[i] = ((volatile unsigned char *)a)[i];
		for (i = 0; i < b; i++) {
			*p++ = "0123456789abcdef"[(linebuf[i] >> 4) & 15];
			*p++ = "0123456789abcdef"[linebuf[i] & 15];
		}
		*p = 0;
	} else {
		goto einval;
	}
	return 0;

einval:
	errno = EINVAL;
fail:
	reply_error(cmd, errno);
	return 0;
}

static void worker_loop(void)
{
	for (;;) {
		int exit_status = 0, r;
		size_t n;

		if (read_line(slots[my_slot].cmd[0], linebuf, sizeof(linebuf)) < 0)
			_exit(0);
		r = worker_command(linebuf, &exit_status);
		if (r == 2)
			continue;	/* a fork child: its parent replies */
		n = strlen(replybuf);
		replybuf[n++] = '\n';
		write_all(slots[my_slot].reply[1], replybuf, n);
		if (r == 1)
			_exit(exit_status);
	}
}

/*
 * Runs on the worker's private stack: clears the window and sets up the
 * mmsim-like address space, then serves commands. Never returns.
 */
static void worker_setup(void) __attribute__((noreturn, used));
static void worker_setup(void)
{
	struct sigaction sa;
	char *p, *line;
	cpu_set_t cpus;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);

	/* Unmap everything in the window: vvar, vdso, the exec-time stack. */
	if (read_file("/proc/self/maps", iobuf, sizeof(iobuf)) < 0)
		_exit(116);
	for (line = iobuf; *line; line = p) {
		unsigned long start, end;
		char *q;

		p = strchr(line, '\n');
		p = p ? p + 1 : line + strlen(line);
		start = strtoul(line, &q, 16);
		end = strtoul(q + 1, &q, 16);
		if (start >= WINDOW_START && end <= STACK_END &&
		    munmap((void *)start, end - start))
			_exit(117);
	}
	if (prctl(PR_SET_MM, PR_SET_MM_START_BRK, START_BRK, 0, 0) ||
	    prctl(PR_SET_MM, PR_SET_MM_BRK, START_BRK, 0, 0))
		_exit(118);
	if (mmap((void *)STACK_START, STACK_END - STACK_START,
		 PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN,
		 -1, 0) != (void *)STACK_START)
		_exit(119);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = segv_handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);

	record_own_vmas();
	prefault_own();
	add_ballast();
	record_own_vmas();
	prefault_own();
	put_str(slots[my_slot].reply[1], "ready\n");
	worker_loop();
}

/* Switch to the private stack and run worker_setup(). */
static void run_on_alt_stack(void) __attribute__((noreturn));
static void run_on_alt_stack(void)
{
	unsigned long top = ALT_STACK + ALT_STACK_SIZE - 64;

	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call worker_setup\n\t"
			 "ud2" : : "r"(top) : "memory");
	__builtin_unreachable();
}

/* ---- the controller ---- */

static int proc_state(pid_t pid)
{
	char path[64], *p = path;
	char *s;

	p = append(p, "/proc/");
	p = fmt_dec(p, pid);
	append(p, "/stat");
	if (read_file(path, iobuf, sizeof(iobuf)) <= 0)
		return 0;
	s = strrchr(iobuf, ')');
	return s && s[1] == ' ' ? s[2] : 0;
}

/* Reap zombie children of the controller: mmsim's PID 1 reaps at once. */
static void reap_init_children(void)
{
	int status;

	while (waitpid(-1, &status, WNOHANG | __WALL) > 0)
		;
}

/* Wait until @pid has exited (zombie, or reaped): its mm is gone by then. */
static void wait_dead(pid_t pid)
{
	for (;;) {
		int st;

		reap_init_children();
		st = proc_state(pid);
		if (!st || st == 'Z' || st == 'X')
			break;
		sleep_ms(1);
	}
	reap_init_children();
}

static int free_slot(void)
{
	int i;

	for (i = 0; i < MAX_PROCS; i++)
		if (!slots[i].live)
			return i;
	return -1;
}

static int find_slot(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_PROCS; i++)
		if (slots[i].live && slots[i].pid == pid)
			return i;
	return -1;
}

static void out(const char *s)
{
	put_str(1, s);
	put_str(1, "\n");
}

static void ctl_spawn(void)
{
	int k = free_slot();
	pid_t pid;

	if (k < 0) {
		out("error: spawn: too many processes (EAGAIN)");
		return;
	}
	pid = fork();
	if (pid < 0) {
		out("error: spawn: fork failed (EAGAIN)");
		return;
	}
	if (pid == 0) {
		my_slot = k;
		if (mmap((void *)ALT_STACK, ALT_STACK_SIZE,
			 PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE,
			 -1, 0) == MAP_FAILED)
			_exit(120);
		run_on_alt_stack();
	}
	if (read_line(slots[k].reply[0], linebuf, sizeof(linebuf)) < 0 ||
	    strcmp(linebuf, "ready")) {
		out("error: spawn: worker setup failed (EIO)");
		return;
	}
	slots[k].pid = pid;
	slots[k].live = 1;
	fmt_dec(replybuf, pid);
	out(replybuf);
}

static void ctl_process_command(pid_t pid, char *cmdline)
{
	int k = find_slot(pid), child = -1;
	char *p = cmdline;
	size_t n;

	if (k < 0) {
		out("error: process: no such process (ENOENT)");
		return;
	}
	n = strlen(cmdline);
	if (!strncmp(cmdline, "fork", 4) && (cmdline[4] == 0 || cmdline[4] == ' ')) {
		child = free_slot();
		if (child < 0) {
			out("error: fork: too many processes (EAGAIN)");
			return;
		}
		p = replybuf;
		p = append(p, "fork ");
		fmt_dec(p, child);
		cmdline = replybuf;
		n = strlen(cmdline);
	}
	/* cmdline may live in replybuf: send it before replybuf is reused */
	write_all(slots[k].cmd[1], cmdline, n);
	write_all(slots[k].cmd[1], "\n", 1);
	if (read_line(slots[k].reply[0], linebuf, sizeof(linebuf)) < 0) {
		out("error: process: worker died (EIO)");
		slots[k].live = 0;
		return;
	}
	if (child >= 0 && strncmp(linebuf, "error", 5)) {
		slots[child].pid = strtol(linebuf, NULL, 10);
		slots[child].live = 1;
		/* linebuf holds the reply; the child's "ready" goes elsewhere */
		if (read_line(slots[child].reply[0], iobuf, sizeof(iobuf)) < 0 ||
		    strcmp(iobuf, "ready")) {
			out("error: fork: child setup failed (EIO)");
			return;
		}
	}
	if (!strncmp(cmdline, "exit", 4) || !strncmp(linebuf, "SIGSEGV", 7)) {
		wait_dead(pid);
		slots[k].live = 0;
	}
	if (!strncmp(cmdline, "wait", 4))
		reap_init_children();
	out(linebuf);
}

static void controller(void)
{
	static char cmdline[LINE_MAX_LEN];
	int i;

	for (i = 0; i < MAX_PROCS; i++)
		if (pipe2(slots[i].cmd, O_CLOEXEC) ||
		    pipe2(slots[i].reply, O_CLOEXEC))
			_exit(121);

	while (read_line(0, cmdline, sizeof(cmdline)) >= 0) {
		char *rest;
		pid_t pid;

		if (!strcmp(cmdline, "quit"))
			break;
		if (!strcmp(cmdline, "spawn")) {
			ctl_spawn();
			continue;
		}
		pid = strtol(cmdline, &rest, 10);
		if (rest == cmdline || *rest != ' ') {
			out("error: hostdrv: malformed line (EINVAL)");
			continue;
		}
		ctl_process_command(pid, rest + 1);
	}
	for (i = 0; i < MAX_PROCS; i++)
		if (slots[i].live)
			kill(slots[i].pid, SIGKILL);
	for (i = 0; i < MAX_PROCS; i++)
		if (slots[i].live)
			wait_dead(slots[i].pid);
	_exit(0);
}

int main(int argc, char **argv)
{
	struct rlimit stack = { 8UL << 20, 8UL << 20 };
	struct rlimit core = { 0, 0 };
	cpu_set_t cpus;

	/*
	 * mmap_base is fixed at exec time: re-exec once with ASLR off and an
	 * 8M stack limit, which puts it at 0x7ffff7fff000 as on mmsim.
	 */
	if (!(personality(0xffffffff) & ADDR_NO_RANDOMIZE)) {
		personality(ADDR_NO_RANDOMIZE);
		setrlimit(RLIMIT_STACK, &stack);
		execv("/proc/self/exe", argv);
		return 125;
	}
	setrlimit(RLIMIT_CORE, &core);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	signal(SIGPIPE, SIG_IGN);
	controller();
	return 0;
}
