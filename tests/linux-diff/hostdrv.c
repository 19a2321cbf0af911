/*
 * hostdrv.c - the host side of the linux-diff harness: runs the contract's
 * per-process commands as real system calls and real memory accesses in
 * real processes, so that the host kernel serves as the oracle for mmsim.
 *
 * The runner (tests/linux-diff/run) talks to one controller process over
 * stdin/stdout, one command line in, one reply line out, in the syntax of
 * the ctl files (numbers already evaluated; PIDs are real host PIDs):
 *
 *   spawn              -> PID     a fresh worker process, set up as below
 *   PID CMD ARG...     -> REPLY   the command, run inside worker PID
 *   PID ownflt         -> MIN MAJ the faults task PID took for itself
 *                                 (see own_min_flt)
 *   vmstat             -> culled N scanned N rescued N mlocked N
 *                         munlocked N cleared N stranded N
 *                                 what the PID commands so far moved the
 *                                 unevictable_pgs_* counters by (see
 *                                 unevictable_account())
 *   quit                          SIGKILL every worker and exit
 *
 * "PID clone vm,thread,sighand,files" makes a real thread of worker PID
 * (clone(2) with CLONE_VM | CLONE_THREAD | CLONE_SIGHAND | CLONE_FILES;
 * without "files" the thread has a copy of the fd table; a FLAGS without
 * "thread" is refused, as the driver makes no processes that way),
 * which serves commands from a slot of its own as a worker does; its reply
 * is the TID, which later lines use as a PID. "exit" in a thread is
 * SYS_exit of that thread only, in a group leader exit_group(2), as mmsim's
 * exit; "exit_group" is exit_group(2) from any thread. Each thread runs on
 * a stack of its own slot in THREAD_STACKS, mapped and faulted in at spawn,
 * below the initial break: outside the area the runner compares, and never
 * a change to the status lines.
 *
 * The file commands (open, close, read, write, ftruncate, fadvise, unlink,
 * mmap with FD OFFSET, msync, mincore) and the System V ones (shmget, shmat,
 * shmdt) are the system calls; read replies in lowercase hex, mincore a
 * character a page, shmget the shmid (IPC_CREAT | 0600; KEY "private" is
 * IPC_PRIVATE). The controller runs in an IPC namespace of its own, so
 * every run starts with no segments and shmid 0, as a fresh mmsim machine.
 *
 * The worker is made to look like a process freshly spawned on mmsim:
 *   - its fd table is empty (0, 1 and 2 closed; the driver's pipes live at
 *     PIPE_FD_BASE and above), so its first open returns 0;
 *   - ASLR is off and RLIMIT_STACK is 8M, so mmap_base is 0x7ffff7fff000;
 *   - [vvar], [vvar_vclock], [vdso] and the exec-time stack are unmapped and
 *     an untouched MAP_GROWSDOWN mapping replaces the stack at
 *     0x7ffffffde000-0x7ffffffff000: it covers mm->start_stack, so the
 *     kernel names it [stack], and its VmFlags are VM_STACK_FLAGS' "rd wr
 *     mr mw me gd ac", as on mmsim;
 *   - the brk area is empty and starts a 512G region (a pgd entry) of its
 *     own, like mmsim's START_BRK: this program is freestanding (no libc, so
 *     no TLS block carved out of brk) and the runner links it so that its
 *     image ends exactly at 512G, where the kernel puts the initial break.
 *     The runner compares the heap relative to that break (PR_SET_MM, which
 *     could move it to 0x555555559000, needs CAP_SYS_RESOURCE, which
 *     containers lack);
 *   - the worker runs on a private stack; everything it owns lies below its
 *     initial break, is faulted in once (and again in a fork child), and
 *     never changes after setup. A "ballast" mapping lifts VmSize/VmRSS to
 *     the VmPeak/VmHWM left by the unmapped stack, so the status lines move
 *     by exactly what the scenario does.
 *
 * Every worker is pinned to CPU 0: MADV_FREE's lazyfree marking goes through
 * a per-CPU folio batch, which the worker drains after MADV_FREE (any
 * MADV_FREE starts with lru_add_drain()), so that smaps' LazyFree is exact.
 * After clear_refs the runner has the worker flush its TLB ("flushtlb"),
 * see flush_tlb().
 *
 * A fatal access replies "SIGSEGV SEGV_xxxERR 0xADDR", "SIGSEGV SI_KERNEL
 * 0x0" (a #GP: a non-canonical address) or "SIGBUS ..." from the signal
 * handler, which then restores the default action and
 * returns: the access faults again and the worker really dies of it. The
 * controller is a child subreaper and plays mmsim's PID 1: its zombie
 * children (spawned workers, orphans) are reaped at once.
 *
 * Build: see build_hostdrv() in the runner (-static -nostdlib
 * -ffreestanding -mcmodel=large, linked twice to place the image).
 */
#define NULL ((void *)0)
typedef unsigned long size_t;
typedef long ssize_t;

#define PAGE_SIZE 4096UL
#define STACK_START 0x7ffffffde000UL
#define STACK_END 0x7ffffffff000UL
#define WINDOW_START 0x555555554000UL	/* first address the worker clears */
#define ALT_STACK 0x100000UL		/* the worker's own stack */
#define ALT_STACK_SIZE (256 * 1024UL)
#define TLB_FLUSHER 0x160000UL	/* see flush_tlb() */
#define TLB_FLUSHER_SIZE (64 * PAGE_SIZE)
#define THREAD_STACKS 0x1000000UL	/* a thread's stack: see thread_clone() */
#define THREAD_STACK_SIZE (32 * 1024UL)	/* per slot */
#define BALLAST 0x200000UL		/* up to the executable at 0x400000 */
#define BALLAST_MAX (2048 * 1024UL)
#define MAX_PROCS 32
#define MAX_OWN_VMAS 32
#define LINE_MAX_LEN 65536
#define READ_MAX 32768		/* read's LEN: its hex must fit a reply */

/* ---- system calls ---- */

#define SYS_read 0
#define SYS_write 1
#define SYS_close 3
#define SYS_poll 7
#define SYS_lseek 8
#define SYS_mmap 9
#define SYS_mprotect 10
#define SYS_munmap 11
#define SYS_brk 12
#define SYS_rt_sigaction 13
#define SYS_rt_sigreturn 15
#define SYS_pread64 17
#define SYS_pwrite64 18
#define SYS_mremap 25
#define SYS_msync 26
#define SYS_mincore 27
#define SYS_madvise 28
#define SYS_shmget 29
#define SYS_shmat 30
#define SYS_nanosleep 35
#define SYS_clone 56
#define SYS_fork 57
#define SYS_exit 60
#define SYS_execve 59
#define SYS_wait4 61
#define SYS_kill 62
#define SYS_shmdt 67
#define SYS_fcntl 72
#define SYS_ftruncate 77
#define SYS_getrusage 98
#define SYS_personality 135
#define SYS_mlock 149
#define SYS_munlock 150
#define SYS_prctl 157
#define SYS_sched_setaffinity 203
#define SYS_fadvise64 221
#define SYS_exit_group 231
#define SYS_openat 257
#define SYS_unlinkat 263
#define SYS_unshare 272
#define SYS_pipe2 293
#define SYS_prlimit64 302

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define ENAMETOOLONG 36
#define ELOOP 40
#define EIDRM 43
#define ENOEXEC 8
#define ENXIO 6
#define E2BIG 7
#define ENODEV 19
#define ETXTBSY 26
#define EOVERFLOW 75
#define EUCLEAN 117

#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x100
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_DONTFORK 10
#define MADV_DOFORK 11
#define MADV_WIPEONFORK 18
#define MADV_KEEPONFORK 19
#define MADV_COLD 20
#define MADV_PAGEOUT 21

#define SIGBUS 7
#define SIGKILL 9
#define SIGSEGV 11
#define SIGPIPE 13
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define SI_KERNEL 0x80
#define BUS_ADRERR 2
#define SA_SIGINFO 0x4
#define SA_RESTORER 0x04000000
#define SA_NODEFER 0x40000000
#define SIG_DFL ((void *)0)
#define SIG_IGN ((void *)1)

#define WNOHANG 1
#define WALL 0x40000000
#define O_RDONLY 0
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_CLOEXEC 02000000
#define F_DUPFD_CLOEXEC 1030
#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4
#define POSIX_FADV_WILLNEED 3
#define POSIX_FADV_DONTNEED 4
#define IPC_PRIVATE 0
#define IPC_CREAT 01000
#define SHM_RDONLY 010000
#define CLONE_NEWIPC 0x08000000
#define CLONE_VM 0x00000100
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_THREAD 0x00010000
#define PIPE_FD_BASE 512	/* the controller's pipes: see controller() */
#define AT_FDCWD (-100)
#define ADDR_NO_RANDOMIZE 0x0040000
#define PR_SET_CHILD_SUBREAPER 36
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RUSAGE_SELF 0
#define RUSAGE_THREAD 1

static long syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define SC0(n) syscall6(n, 0, 0, 0, 0, 0, 0)
#define SC1(n, a) syscall6(n, (long)(a), 0, 0, 0, 0, 0)
#define SC2(n, a, b) syscall6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define SC3(n, a, b, c) syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define SC4(n, a, b, c, d) \
	syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define SC5(n, a, b, c, d, e) \
	syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define SC6(n, a, b, c, d, e, f) \
	syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), \
		 (long)(f))

/* A raw system call's failure: -4095..-1. */
static int is_err(long r)
{
	return r < 0 && r >= -4095;
}

static void __attribute__((noreturn)) sys_exit(int status)
{
	for (;;)
		SC1(SYS_exit_group, status);
}

/* The end of the calling thread only (a thread of a group). */
static void __attribute__((noreturn)) thread_exit(int status)
{
	for (;;)
		SC1(SYS_exit, status);
}

struct kernel_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

struct kernel_siginfo {
	int si_signo, si_errno, si_code, pad;
	void *si_addr;
};

struct timespec {
	long tv_sec, tv_nsec;
};

struct rlimit {
	unsigned long cur, max;
};

struct rusage {
	struct { long tv_sec, tv_usec; } utime, stime;
	long maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock,
	     oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

void restore_rt(void);
__asm__(".text\n"
	".globl restore_rt\n"
	"restore_rt:\n\t"
	"mov $15, %eax\n\t"
	"syscall\n\t"
	"hlt\n");

/* ---- the little of libc it needs (gcc may call memset/memcpy) ---- */

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;

	while (n--)
		*p++ = c;
	return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

static const char *str_str(const char *s, const char *needle)
{
	for (; *s; s++)
		if (starts_with(s, needle))
			return s;
	return NULL;
}

static int digit_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Unsigned number, base 0 (0x hex or decimal) or @base; *@end past it. */
static unsigned long to_ulong(const char *s, const char **end, int base)
{
	unsigned long v = 0;

	if (!base) {
		base = 10;
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		    digit_val(s[2]) < 16) {
			base = 16;
			s += 2;
		}
	}
	while (digit_val(*s) < base)
		v = v * base + digit_val(*s++);
	if (end)
		*end = s;
	return v;
}

/* ---- I/O helpers ---- */

static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		long n = SC3(SYS_write, fd, buf, len);

		if (n == -EINTR)
			continue;
		if (n <= 0)
			sys_exit(111);
		buf += n;
		len -= n;
	}
}

static void put_str(int fd, const char *s)
{
	write_all(fd, s, str_len(s));
}

static char *append(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	*p = 0;
	return p;
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

/*
 * Read one '\n'-terminated line a byte at a time: a worker must not read
 * ahead, since its fork child takes over nothing but its own slot.
 * Return: the length, or -1 at EOF.
 */
static int read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		char c;
		long r = SC3(SYS_read, fd, &c, 1);

		if (r == -EINTR)
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

static long read_file(const char *path, char *buf, size_t size)
{
	long fd = SC4(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
	size_t n = 0;

	if (is_err(fd))
		return -1;
	for (;;) {
		long r = SC3(SYS_read, fd, buf + n, size - 1 - n);

		if (r <= 0)
			break;
		n += r;
	}
	SC1(SYS_close, fd);
	buf[n] = 0;
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	SC2(SYS_nanosleep, &ts, NULL);
}

static void pin_to_cpu0(void)
{
	unsigned long mask[16] = { 1 };

	SC3(SYS_sched_setaffinity, 0, sizeof(mask), mask);
}

/* ---- state ---- */

/* One pipe pair per process slot, all made before any worker exists. */
static struct slot {
	int cmd[2];	/* controller -> worker */
	int reply[2];	/* worker -> controller */
	long pid;	/* the task's PID or TID */
	long tgid;	/* its thread group's (the controller's view) */
	int live;
} slots[MAX_PROCS];

/*
 * The slot of the task running the current command. The threads of a
 * worker share this memory, but the controller sends one command at a time,
 * and each task sets it from its own worker_loop() when a command arrives:
 * the reply and the fatal signal handler use it.
 */
static int my_slot = -1;
/* Per slot, in the memory a thread group shares: a thread, not a leader. */
static int slot_is_thread[MAX_PROCS];
static struct own_vma {
	unsigned long start, end;
	int readable, writable;
} own_vmas[MAX_OWN_VMAS];
static int nr_own_vmas;

/*
 * Faults the worker took on its own account, not the scenario's: all of
 * its setup up to "ready" (a new task starts counting at 0, after spawn and
 * fork alike) and, in a fork parent, the COW faults of faulting its own
 * pages in again after the fork. The runner asks for them ("ownflt") and
 * takes them off /proc/PID/stat's minflt/majflt, and off the cminflt/
 * cmajflt of whoever reaps the worker.
 */
static long own_min_flt[MAX_PROCS], own_maj_flt[MAX_PROCS];	/* per slot */

static char linebuf[LINE_MAX_LEN];
static char replybuf[LINE_MAX_LEN * 2 + 64];
static char iobuf[65536];

static const char *errname(long e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case ENXIO: return "ENXIO";
	case E2BIG: return "E2BIG";
	case ENOEXEC: return "ENOEXEC";
	case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case ENFILE: return "ENFILE";
	case EMFILE: return "EMFILE";
	case ETXTBSY: return "ETXTBSY";
	case EFBIG: return "EFBIG";
	case ENOSPC: return "ENOSPC";
	case ESPIPE: return "ESPIPE";
	case EROFS: return "EROFS";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ELOOP: return "ELOOP";
	case EIDRM: return "EIDRM";
	case EOVERFLOW: return "EOVERFLOW";
	case EUCLEAN: return "EUCLEAN";
	default: return "EUNKNOWN";
	}
}

/* "error: CMD: host system call failed (ERRNAME)"; the runner compares
 * only the errno name, mmsim's messages being its own. */
static void reply_error(const char *cmd, long e)
{
	char *p = replybuf;

	p = append(p, "error: ");
	p = append(p, cmd);
	p = append(p, ": host system call failed (");
	p = append(p, errname(e));
	append(p, ")");
}

/* ---- the worker ---- */

/* This task's fault counts so far (getrusage(RUSAGE_THREAD): the thread's
 * own, as /proc/PID/task/TID/stat shows them). */
static void self_faults(long *min_flt, long *maj_flt)
{
	struct rusage ru;

	SC2(SYS_getrusage, RUSAGE_THREAD, &ru);
	*min_flt = ru.minflt;
	*maj_flt = ru.majflt;
}

/*
 * The scenario's user-mode accesses, one byte each, through a general
 * register: x86 checks the address for canonical form before paging and
 * raises #GP (SIGSEGV SI_KERNEL), but #SS (SIGBUS) for an access based on
 * %rsp or %rbp, which the compiler might otherwise pick.
 */
static inline unsigned char user_load(unsigned long a)
{
	unsigned char v;

	__asm__ volatile("movb (%1), %0" : "=q"(v) : "S"(a) : "memory");
	return v;
}

static inline void user_store(unsigned long a, unsigned char v)
{
	__asm__ volatile("movb %1, (%0)" : : "D"(a), "q"(v) : "memory");
}

/* A write that changes nothing: the first byte of the page, or'ed with 0. */
static inline void user_touch_write(unsigned long a)
{
	__asm__ volatile("lock orb $0, (%0)" : : "D"(a) : "memory", "cc");
}

/* Walk /proc/self/maps: call @fn for each VMA. */
static void for_each_vma(void (*fn)(unsigned long, unsigned long, const char *))
{
	const char *line, *q;

	if (read_file("/proc/self/maps", iobuf, sizeof(iobuf)) < 0)
		sys_exit(112);
	for (line = iobuf; *line;) {
		unsigned long start = to_ulong(line, &q, 16);
		unsigned long end = to_ulong(q + 1, &q, 16);

		fn(start, end, q + 1);
		while (*line && *line != '\n')
			line++;
		if (*line)
			line++;
	}
}

static void record_one(unsigned long start, unsigned long end,
		       const char *perms)
{
	if (end > WINDOW_START)
		return;
	if (nr_own_vmas == MAX_OWN_VMAS)
		sys_exit(113);
	own_vmas[nr_own_vmas].start = start;
	own_vmas[nr_own_vmas].end = end;
	own_vmas[nr_own_vmas].readable = perms[0] == 'r';
	own_vmas[nr_own_vmas].writable = perms[1] == 'w';
	nr_own_vmas++;
}

static void record_own_vmas(void)
{
	nr_own_vmas = 0;
	for_each_vma(record_one);
}

static void unmap_window_one(unsigned long start, unsigned long end,
			     const char *perms)
{
	if (start >= WINDOW_START && end <= STACK_END &&
	    is_err(SC2(SYS_munmap, start, end - start)))
		sys_exit(117);
}

/*
 * Fault in every page the worker owns, writable ones by write, so that its
 * RSS and page tables stay constant whatever code runs later, and a fork
 * child owns the same set of resident pages as its parent.
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
	const char *p = str_str(status, key);

	if (!p)
		return -1;
	p += str_len(key);
	while (*p == ' ' || *p == '\t')
		p++;
	return to_ulong(p, NULL, 10);
}

/*
 * Lift VmSize to VmPeak and VmRSS to VmHWM: setup unmapped the exec-time
 * stack and the vdso, which left the hiwater marks above the current values;
 * without ballast the first pages a scenario adds would not move VmPeak and
 * VmHWM as they move on a fresh mmsim process.
 */
static void add_ballast(void)
{
	long peak_def, hwm_def, pages;
	unsigned long a;

	if (read_file("/proc/self/status", iobuf, sizeof(iobuf)) < 0)
		sys_exit(114);
	peak_def = status_kb(iobuf, "VmPeak:") - status_kb(iobuf, "VmSize:");
	hwm_def = status_kb(iobuf, "VmHWM:") - status_kb(iobuf, "VmRSS:");
	pages = (peak_def > hwm_def ? peak_def : hwm_def) / 4;
	if (pages <= 0)
		return;
	if (pages * PAGE_SIZE > BALLAST_MAX ||
	    SC6(SYS_mmap, BALLAST, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != (long)BALLAST)
		sys_exit(115);
	for (a = BALLAST; a < BALLAST + pages * PAGE_SIZE; a += PAGE_SIZE)
		*(volatile char *)a = 1;
}

static void set_signal(int sig, void *handler, unsigned long flags)
{
	struct kernel_sigaction sa = {
		.handler = handler,
		.flags = flags | SA_RESTORER,
		.restorer = restore_rt,
	};

	SC4(SYS_rt_sigaction, sig, &sa, NULL, 8);
}

/*
 * SIGSEGV and SIGBUS (an access past the end of a shmem object that mremap
 * grew): reply, then return with the default action restored, so that the
 * access faults again and the signal really kills the worker.
 */
static void fatal_signal_handler(int sig, struct kernel_siginfo *si, void *uc)
{
	char buf[64], *p = buf;

	if (sig == SIGBUS) {
		p = append(p, si->si_code == BUS_ADRERR ? "SIGBUS BUS_ADRERR " :
			   "SIGBUS BUS_OTHER ");
	} else {
		p = append(p, "SIGSEGV ");
		p = append(p, si->si_code == SEGV_ACCERR ? "SEGV_ACCERR " :
			   si->si_code == SEGV_MAPERR ? "SEGV_MAPERR " :
			   si->si_code == SI_KERNEL ? "SI_KERNEL " :
			   "SEGV_OTHER ");
	}
	p = fmt_hex(p, (unsigned long)si->si_addr);
	p = append(p, "\n");
	write_all(slots[my_slot].reply[1], buf, p - buf);
	set_signal(sig, SIG_DFL, 0);
}

static int split(char *s, char **argv, int max)
{
	int argc = 0;

	while (*s && argc < max) {
		while (*s == ' ')
			*s++ = 0;
		if (!*s)
			break;
		argv[argc++] = s;
		while (*s && *s != ' ')
			s++;
	}
	while (*s == ' ')
		*s++ = 0;
	return *s ? max + 1 : argc;
}

static int parse_num(const char *s, unsigned long *out)
{
	const char *end;

	*out = to_ulong(s, &end, 0);
	return (end == s || *end) ? -EINVAL : 0;
}

static int parse_prot(const char *s, int *prot)
{
	if (str_len(s) != 3 || (s[0] != 'r' && s[0] != '-') ||
	    (s[1] != 'w' && s[1] != '-') || (s[2] != 'x' && s[2] != '-'))
		return -EINVAL;
	*prot = (s[0] == 'r' ? PROT_READ : 0) | (s[1] == 'w' ? PROT_WRITE : 0) |
		(s[2] == 'x' ? PROT_EXEC : 0);
	return 0;
}

struct name_value {
	const char *name;
	int value;
};

static const struct name_value mmap_flag_names[] = {
	{ "private", MAP_PRIVATE }, { "shared", MAP_SHARED },
	{ "anonymous", MAP_ANONYMOUS }, { "fixed", MAP_FIXED },
	{ "fixed_noreplace", MAP_FIXED_NOREPLACE },
	{ "growsdown", MAP_GROWSDOWN }, { "populate", MAP_POPULATE },
	{ "locked", MAP_LOCKED }, { "noreserve", MAP_NORESERVE },
	{ NULL, 0 }
};

static const struct name_value advice_names[] = {
	{ "dontneed", MADV_DONTNEED }, { "free", MADV_FREE },
	{ "dontfork", MADV_DONTFORK }, { "dofork", MADV_DOFORK },
	{ "wipeonfork", MADV_WIPEONFORK }, { "keeponfork", MADV_KEEPONFORK },
	{ "willneed", MADV_WILLNEED }, { "cold", MADV_COLD },
	{ "pageout", MADV_PAGEOUT },
	{ NULL, 0 }
};

static int lookup(const struct name_value *t, const char *s, size_t len,
		  int *value)
{
	for (; t->name; t++)
		if (str_len(t->name) == len && starts_with(s, t->name)) {
			*value = t->value;
			return 0;
		}
	return -EINVAL;
}

static int parse_mmap_flags(const char *s, int *flags)
{
	*flags = 0;
	while (*s) {
		size_t len = 0;
		int f;

		while (s[len] && s[len] != ',')
			len++;
		if (lookup(mmap_flag_names, s, len, &f))
			return -EINVAL;
		*flags |= f;
		s += len;
		if (*s == ',')
			s++;
	}
	return 0;
}

static const struct name_value open_flag_names[] = {
	{ "rdonly", O_RDONLY }, { "wronly", O_WRONLY }, { "rdwr", O_RDWR },
	{ "creat", O_CREAT }, { "excl", O_EXCL }, { "trunc", O_TRUNC },
	{ "append", O_APPEND },
	{ NULL, 0 }
};

static const struct name_value msync_flag_names[] = {
	{ "sync", MS_SYNC }, { "async", MS_ASYNC },
	{ "invalidate", MS_INVALIDATE },
	{ NULL, 0 }
};

static const struct name_value clone_flag_names[] = {
	{ "vm", CLONE_VM }, { "thread", CLONE_THREAD },
	{ "sighand", CLONE_SIGHAND }, { "files", CLONE_FILES },
	{ NULL, 0 }
};

static const struct name_value fadvise_names[] = {
	{ "dontneed", POSIX_FADV_DONTNEED }, { "willneed", POSIX_FADV_WILLNEED },
	{ NULL, 0 }
};

/* A comma-separated list of names from @t, or'ed together. */
static int parse_flag_list(const struct name_value *t, const char *s,
			   int *flags)
{
	*flags = 0;
	if (!*s)
		return -EINVAL;
	while (*s) {
		size_t len = 0;
		int f;

		while (s[len] && s[len] != ',')
			len++;
		if (lookup(t, s, len, &f))
			return -EINVAL;
		*flags |= f;
		s += len;
		if (*s == ',')
			s++;
	}
	return 0;
}

/* clone's FLAGS: CLONE_* names, comma-separated. */
static int parse_clone_flags(const char *s, unsigned long *flags)
{
	int f;

	if (parse_flag_list(clone_flag_names, s, &f))
		return -EINVAL;
	*flags = f;
	return 0;
}

/* open's FLAGS: the access mode is the one of rdonly/wronly/rdwr given
 * (rdonly when none is), as the contract reads them. */
static int parse_open_flags(const char *s, int *flags)
{
	return parse_flag_list(open_flag_names, s, flags);
}

/* MODE: octal digits, as chmod takes them. */
static int parse_octal(const char *s, unsigned long *out)
{
	const char *end;

	*out = to_ulong(s, &end, 8);
	return (end == s || *end) ? -EINVAL : 0;
}

/* DATA of store and write: 0xHEX (the runner turns text into hex).
 * Return: the byte count, or -EINVAL. */
static long parse_data(const char *d, unsigned char *buf, size_t size)
{
	size_t i, n = str_len(d);

	if (n < 4 || n % 2 || !starts_with(d, "0x") || n / 2 - 1 > size)
		return -EINVAL;
	n = n / 2 - 1;
	for (i = 0; i < n; i++) {
		if (digit_val(d[2 + 2 * i]) > 15 || digit_val(d[3 + 2 * i]) > 15)
			return -EINVAL;
		buf[i] = digit_val(d[2 + 2 * i]) << 4 | digit_val(d[3 + 2 * i]);
	}
	return n;
}

/*
 * Flush this mm's TLB. clear_refs 1-3 clear the young bits without a TLB
 * flush, so a later access through a still-cached translation would not set
 * them again: real, but at the mercy of the TLB. mprotect of 64 present
 * pages flushes with a full flush (past tlb_single_page_flush_ceiling),
 * and its own VMA comes back exactly as it was.
 */
static int flush_tlb(void)
{
	if (is_err(SC3(SYS_mprotect, TLB_FLUSHER, TLB_FLUSHER_SIZE, PROT_READ)) ||
	    is_err(SC3(SYS_mprotect, TLB_FLUSHER, TLB_FLUSHER_SIZE,
		       PROT_READ | PROT_WRITE)))
		return -EIO;
	return 0;
}

/* Child side of "fork SLOT": become the worker of @slot. */
static void become_child(int slot)
{
	my_slot = slot;
	slot_is_thread[slot] = 0;
	prefault_own();
	self_faults(&own_min_flt[slot], &own_maj_flt[slot]);
	put_str(slots[my_slot].reply[1], "ready\n");
}

static void __attribute__((noreturn)) worker_loop(int slot);

/*
 * The new thread of "clone SLOT": it runs on its slot's stack in
 * THREAD_STACKS (faulted in at spawn), counts what its start cost (nothing,
 * normally: a new task starts at 0 and every page it uses is present) and
 * serves its slot.
 */
void __attribute__((noreturn, used)) thread_start(long slot)
{
	self_faults(&own_min_flt[slot], &own_maj_flt[slot]);
	put_str(slots[slot].reply[1], "ready\n");
	worker_loop(slot);
}

/*
 * clone(2) with @flags onto the stack at @sp, whose first word is the slot
 * the child passes to thread_start(). Return: the TID, or -errno.
 */
long thread_clone(unsigned long flags, unsigned long sp);
__asm__(".text\n"
	".globl thread_clone\n"
	"thread_clone:\n\t"
	"mov $56, %eax\n\t"		/* SYS_clone */
	"xor %edx, %edx\n\t"		/* parent_tid */
	"xor %r10d, %r10d\n\t"		/* child_tid */
	"xor %r8d, %r8d\n\t"		/* tls */
	"syscall\n\t"
	"test %rax, %rax\n\t"
	"jnz 1f\n\t"
	"xor %ebp, %ebp\n\t"
	"mov (%rsp), %rdi\n\t"
	"call thread_start\n\t"
	"ud2\n"
	"1:\n\t"
	"ret\n");

/*
 * Run one command line; its reply is left in replybuf.
 * Return: 0, 1 to exit (exit_group) with *@exit_status after replying, 2 in
 * a new fork child (whose parent replies), 3 for exit_group from any task,
 * 4 to end this thread only (SYS_exit).
 */
static int worker_command(char *line, int *exit_status)
{
	char *argv[8];
	int argc = split(line, argv, 8);
	unsigned long a, b, c;
	const char *cmd = argc > 0 ? argv[0] : "";
	char *p = replybuf;
	long r;

	*p = 0;
	if (argc < 1 || argc > 8)
		goto einval;

	if (str_eq(cmd, "mmap") && (argc == 5 || argc == 7)) {
		unsigned long fd = -1UL, off = 0;
		int prot, flags;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    parse_prot(argv[3], &prot) ||
		    parse_mmap_flags(argv[4], &flags) ||
		    (argc == 7 && (parse_num(argv[5], &fd) ||
				   parse_num(argv[6], &off))))
			goto einval;
		r = SC6(SYS_mmap, a, b, prot, flags, (long)fd, off);
		if (is_err(r))
			goto fail;
		fmt_hex(p, r);
	} else if (str_eq(cmd, "munmap") && argc == 3) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b))
			goto einval;
		r = SC2(SYS_munmap, a, b);
		if (is_err(r))
			goto fail;
	} else if (str_eq(cmd, "mprotect") && argc == 4) {
		int prot;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    parse_prot(argv[3], &prot))
			goto einval;
		r = SC3(SYS_mprotect, a, b, prot);
		if (is_err(r))
			goto fail;
	} else if (str_eq(cmd, "mremap") && argc >= 4) {
		unsigned long newaddr = 0;
		int flags = 0, i;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    parse_num(argv[3], &c))
			goto einval;
		for (i = 4; i < argc; i++) {
			if (str_eq(argv[i], "maymove")) {
				flags |= MREMAP_MAYMOVE;
			} else if (str_eq(argv[i], "fixed") && i + 1 < argc) {
				flags |= MREMAP_FIXED;
				if (parse_num(argv[++i], &newaddr))
					goto einval;
			} else {
				goto einval;
			}
		}
		r = SC5(SYS_mremap, a, b, c, flags, newaddr);
		if (is_err(r))
			goto fail;
		fmt_hex(p, r);
	} else if (str_eq(cmd, "brk") && argc <= 2) {
		a = 0;
		if (argc == 2 && parse_num(argv[1], &a))
			goto einval;
		fmt_hex(p, SC1(SYS_brk, a));
	} else if (str_eq(cmd, "madvise") && argc == 4) {
		int advice;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    lookup(advice_names, argv[3], str_len(argv[3]), &advice))
			goto einval;
		r = SC3(SYS_madvise, a, b, advice);
		if (is_err(r))
			goto fail;
		if (advice == MADV_FREE) {
			/* Drain this CPU's lazyfree batch (see the top). */
			SC3(SYS_madvise, ALT_STACK, PAGE_SIZE, MADV_FREE);
			__atomic_fetch_or((unsigned char *)ALT_STACK, 0,
					  __ATOMIC_RELAXED);
		}
	} else if ((str_eq(cmd, "mlock") || str_eq(cmd, "munlock")) &&
		   argc == 3) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b))
			goto einval;
		r = SC2(str_eq(cmd, "mlock") ? SYS_mlock : SYS_munlock, a, b);
		if (is_err(r))
			goto fail;
	} else if (str_eq(cmd, "fork") && argc == 2) {
		long min0, maj0, min1, maj1;

		if (parse_num(argv[1], &a) || a >= MAX_PROCS)
			goto einval;
		self_faults(&min0, &maj0);
		r = SC0(SYS_fork);
		if (is_err(r))
			goto fail;
		if (r == 0) {
			become_child(a);
			return 2;
		}
		/*
		 * The fork write-protected this worker's own pages too: take
		 * those COW faults now, on the driver's account, rather than
		 * in a later command.
		 */
		prefault_own();
		self_faults(&min1, &maj1);
		own_min_flt[my_slot] += min1 - min0;
		own_maj_flt[my_slot] += maj1 - maj0;
		fmt_dec(p, r);
	} else if (str_eq(cmd, "clone") && argc == 3) {
		unsigned long sp;

		/*
		 * Threads only: CLONE_THREAD, with or without CLONE_FILES.
		 * The kernel refuses the combinations it refuses (CLONE_THREAD
		 * without CLONE_SIGHAND, CLONE_SIGHAND without CLONE_VM).
		 */
		if (parse_clone_flags(argv[1], &b) || !(b & CLONE_THREAD) ||
		    parse_num(argv[2], &a) || a >= MAX_PROCS)
			goto einval;
		slot_is_thread[a] = 1;
		sp = (THREAD_STACKS + (a + 1) * THREAD_STACK_SIZE - 64) & ~15UL;
		*(long *)sp = a;
		r = thread_clone(b, sp);
		if (is_err(r)) {
			slot_is_thread[a] = 0;
			goto fail;
		}
		fmt_dec(p, r);
	} else if (str_eq(cmd, "exit_group") && argc <= 2) {
		a = 0;
		if (argc == 2 && parse_num(argv[1], &a))
			goto einval;
		*exit_status = a;
		return 3;
	} else if (str_eq(cmd, "ownflt") && argc == 1) {
		p = fmt_dec(p, own_min_flt[my_slot]);
		p = append(p, " ");
		fmt_dec(p, own_maj_flt[my_slot]);
	} else if (str_eq(cmd, "flushtlb") && argc == 1) {
		r = flush_tlb();
		if (r)
			goto fail;
	} else if (str_eq(cmd, "exit") && argc <= 2) {
		a = 0;
		if (argc == 2 && parse_num(argv[1], &a))
			goto einval;
		*exit_status = a;
		return slot_is_thread[my_slot] ? 4 : 1;
	} else if (str_eq(cmd, "wait") && argc <= 2) {
		int status = 0;

		a = (unsigned long)-1;
		if (argc == 2 && parse_num(argv[1], &a))
			goto einval;
		r = SC4(SYS_wait4, (long)a, &status, WNOHANG, NULL);
		if (is_err(r))
			goto fail;
		if (r == 0) {
			r = -EAGAIN;
			goto fail;
		}
		p = fmt_dec(p, r);
		p = append(p, " ");
		if ((status & 0x7f) == 0)
			fmt_dec(p, (status >> 8) & 0xff);
		else
			append(p, (status & 0x7f) == SIGSEGV ? "SIGSEGV" :
			       (status & 0x7f) == SIGKILL ? "SIGKILL" :
			       (status & 0x7f) == SIGBUS ? "SIGBUS" :
			       "SIGOTHER");
	} else if (str_eq(cmd, "touch") && argc == 4) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) || !b ||
		    a + (b - 1) < a || str_len(argv[3]) != 1 ||
		    (argv[3][0] != 'r' && argv[3][0] != 'w' &&
		     argv[3][0] != 'x'))
			goto einval;
		/* Every page up to the one of the last byte, which may be
		 * the address space's last page. */
		c = (a + (b - 1)) & ~(PAGE_SIZE - 1);
		for (a &= ~(PAGE_SIZE - 1);; a += PAGE_SIZE) {
			if (argv[3][0] == 'r')
				(void)user_load(a);
			else if (argv[3][0] == 'w')
				user_touch_write(a);
			else	/* the scenario stored a "ret" (0xc3) there */
				((void (*)(void))a)();
			if (a == c)
				break;
		}
		append(p, "ok");
	} else if (str_eq(cmd, "store") && argc == 3) {
		const char *d = argv[2];
		size_t i, n = str_len(d);

		if (parse_num(argv[1], &a) || n < 4 || n % 2 ||
		    !starts_with(d, "0x"))
			goto einval;
		n = n / 2 - 1;
		for (i = 0; i < n; i++)
			if (digit_val(d[2 + 2 * i]) > 15 ||
			    digit_val(d[3 + 2 * i]) > 15)
				goto einval;
		if (a + (n - 1) < a)
			goto einval;
		for (i = 0; i < n; i++)
			user_store(a + i, digit_val(d[2 + 2 * i]) << 4 |
				   digit_val(d[3 + 2 * i]));
	} else if (str_eq(cmd, "load") && argc == 3) {
		size_t i;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    !b || b > LINE_MAX_LEN || a + (b - 1) < a)
			goto einval;
		/* Read it all first: a fault must not leave half a reply. */
		for (i = 0; i < b; i++)
			iobuf[i] = user_load(a + i);
		for (i = 0; i < b; i++) {
			*p++ = "0123456789abcdef"[(iobuf[i] >> 4) & 15];
			*p++ = "0123456789abcdef"[iobuf[i] & 15];
		}
		*p = 0;
	} else if (str_eq(cmd, "open") && (argc == 3 || argc == 4)) {
		int flags;

		a = 0644;
		if (parse_open_flags(argv[2], &flags) ||
		    (argc == 4 && parse_octal(argv[3], &a)))
			goto einval;
		r = SC4(SYS_openat, AT_FDCWD, argv[1], flags, a);
		if (is_err(r))
			goto fail;
		fmt_dec(p, r);
	} else if (str_eq(cmd, "unlink") && argc == 2) {
		r = SC3(SYS_unlinkat, AT_FDCWD, argv[1], 0);
		if (is_err(r))
			goto fail;
	} else if (str_eq(cmd, "close") && argc == 2) {
		if (parse_num(argv[1], &a))
			goto einval;
		r = SC1(SYS_close, a);
		if (is_err(r))
			goto fail;
	} else if (str_eq(cmd, "read") && (argc == 3 || argc == 4)) {
		size_t i;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    b > READ_MAX || (argc == 4 && parse_num(argv[3], &c)))
			goto einval;
		r = argc == 4 ? SC4(SYS_pread64, a, iobuf, b, c) :
				SC3(SYS_read, a, iobuf, b);
		if (is_err(r))
			goto fail;
		for (i = 0; i < (size_t)r; i++) {
			*p++ = "0123456789abcdef"[(iobuf[i] >> 4) & 15];
			*p++ = "0123456789abcdef"[iobuf[i] & 15];
		}
		*p = 0;
	} else if (str_eq(cmd, "write") && (argc == 3 || argc == 4)) {
		long n;

		if (parse_num(argv[1], &a) ||
		    (n = parse_data(argv[2], (unsigned char *)iobuf,
				    sizeof(iobuf))) < 0 ||
		    (argc == 4 && parse_num(argv[3], &c)))
			goto einval;
		r = argc == 4 ? SC4(SYS_pwrite64, a, iobuf, n, c) :
				SC3(SYS_write, a, iobuf, n);
		if (is_err(r))
			goto fail;
		fmt_dec(p, r);
	} else if (str_eq(cmd, "ftruncate") && argc == 3) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b))
			goto einval;
		r = SC2(SYS_ftruncate, a, b);
		if (is_err(r))
			goto fail;
	} else if (str_eq(cmd, "fadvise") && argc == 5) {
		int advice;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    parse_num(argv[3], &c) ||
		    lookup(fadvise_names, argv[4], str_len(argv[4]), &advice))
			goto einval;
		r = SC4(SYS_fadvise64, a, b, c, advice);
		if (is_err(r))
			goto fail;
	} else if (str_eq(cmd, "msync") && argc == 4) {
		int flags;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    parse_flag_list(msync_flag_names, argv[3], &flags))
			goto einval;
		r = SC3(SYS_msync, a, b, flags);
		if (is_err(r))
			goto fail;
	} else if (str_eq(cmd, "mincore") && argc == 3) {
		size_t i, n;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    (n = (b + PAGE_SIZE - 1) / PAGE_SIZE) > sizeof(iobuf))
			goto einval;
		r = SC3(SYS_mincore, a, b, iobuf);
		if (is_err(r))
			goto fail;
		for (i = 0; i < n; i++)
			*p++ = iobuf[i] & 1 ? '1' : '0';
		*p = 0;
	} else if (str_eq(cmd, "shmget") && argc == 3) {
		/* IPC_CREAT, mode 0600: see the runner's README */
		if (str_eq(argv[1], "private"))
			a = IPC_PRIVATE;
		else if (parse_num(argv[1], &a))
			goto einval;
		if (parse_num(argv[2], &b))
			goto einval;
		r = SC3(SYS_shmget, (int)a, b, IPC_CREAT | 0600);
		if (is_err(r))
			goto fail;
		fmt_dec(p, r);
	} else if (str_eq(cmd, "shmat") && (argc == 3 || argc == 4)) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    (argc == 4 && !str_eq(argv[3], "rdonly")))
			goto einval;
		r = SC3(SYS_shmat, a, b, argc == 4 ? SHM_RDONLY : 0);
		if (is_err(r))
			goto fail;
		fmt_hex(p, r);
	} else if (str_eq(cmd, "shmdt") && argc == 2) {
		if (parse_num(argv[1], &a))
			goto einval;
		r = SC1(SYS_shmdt, a);
		if (is_err(r))
			goto fail;
	} else {
		goto einval;
	}
	return 0;

einval:
	r = -EINVAL;
fail:
	reply_error(cmd, -r);
	return 0;
}

/* Serve @slot's commands: the slot of this task (a fork child's becomes
 * the slot its parent named). */
static void __attribute__((noreturn)) worker_loop(int slot)
{
	for (;;) {
		int exit_status = 0, r;
		size_t n;

		if (read_line(slots[slot].cmd[0], linebuf, sizeof(linebuf)) < 0)
			sys_exit(0);
		my_slot = slot;
		r = worker_command(linebuf, &exit_status);
		if (r == 2) {
			slot = my_slot;	/* a new fork child: its parent replies */
			continue;
		}
		n = str_len(replybuf);
		replybuf[n++] = '\n';
		write_all(slots[slot].reply[1], replybuf, n);
		if (r == 1 || r == 3)
			sys_exit(exit_status);
		if (r == 4)
			thread_exit(exit_status);
	}
}

/*
 * Runs on the worker's private stack: clears the window, sets up the
 * mmsim-like address space, then serves commands.
 */
void __attribute__((noreturn, used)) worker_setup(void)
{
	pin_to_cpu0();
	for_each_vma(unmap_window_one);
	if (SC6(SYS_mmap, STACK_START, STACK_END - STACK_START,
		PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0) !=
	    (long)STACK_START)
		sys_exit(119);
	set_signal(SIGSEGV, fatal_signal_handler, SA_SIGINFO | SA_NODEFER);
	set_signal(SIGBUS, fatal_signal_handler, SA_SIGINFO | SA_NODEFER);

	record_own_vmas();
	prefault_own();
	add_ballast();
	record_own_vmas();
	prefault_own();
	self_faults(&own_min_flt[my_slot], &own_maj_flt[my_slot]);
	put_str(slots[my_slot].reply[1], "ready\n");
	worker_loop(my_slot);
}

/* Switch to the private stack and run worker_setup(). */
static void __attribute__((noreturn)) run_on_alt_stack(void)
{
	unsigned long top = ALT_STACK + ALT_STACK_SIZE - 64;

	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call worker_setup\n\t"
			 "ud2" : : "r"(top) : "memory");
	__builtin_unreachable();
}

/* ---- the controller ---- */

static int proc_state(long pid)
{
	char path[64], *p = path;
	const char *s, *paren = NULL;

	p = append(p, "/proc/");
	p = fmt_dec(p, pid);
	append(p, "/stat");
	if (read_file(path, iobuf, sizeof(iobuf)) <= 0)
		return 0;
	for (s = iobuf; *s; s++)
		if (*s == ')')
			paren = s;
	return paren && paren[1] == ' ' ? paren[2] : 0;
}

/* Reap zombie children of the controller, as mmsim's PID 1 does at once. */
static void reap_init_children(void)
{
	int status;

	while (SC4(SYS_wait4, -1, &status, WNOHANG | WALL, NULL) > 0)
		;
}

/* Wait until @pid has exited (zombie or reaped): its mm is gone by then. */
static void wait_dead(long pid)
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

/* Wait until the thread @tid is gone (a thread is reaped at once). */
static void wait_gone(long tid)
{
	while (proc_state(tid))
		sleep_ms(1);
}

/*
 * The whole thread group @tgid has exited (exit_group, exit of the leader,
 * a fatal signal): wait until its threads are gone and its leader is a
 * zombie or reaped, so that the group's counts are final and a wait for it
 * finds it, and free the slots of all its tasks.
 */
static void group_dead(long tgid)
{
	int i;

	for (i = 0; i < MAX_PROCS; i++)
		if (slots[i].live && slots[i].tgid == tgid &&
		    slots[i].pid != tgid) {
			wait_gone(slots[i].pid);
			slots[i].live = 0;
		}
	for (i = 0; i < MAX_PROCS; i++)
		if (slots[i].live && slots[i].pid == tgid) {
			wait_dead(tgid);
			slots[i].live = 0;
		}
}

struct pollfd {
	int fd;
	short events, revents;
};
#define POLLIN 1

/*
 * Read worker @pid's reply line from @fd. Every worker holds the write ends
 * of every pipe, so a dead worker gives no EOF: poll, and give up once @pid
 * is dead and nothing is left to read. Return: length, or -1.
 */
static int read_reply(int fd, long pid, char *buf, size_t size)
{
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int st;

		if (SC3(SYS_poll, &pfd, 1, 100) > 0)
			return read_line(fd, buf, size);
		st = proc_state(pid);
		if (!st || st == 'Z' || st == 'X') {
			if (SC3(SYS_poll, &pfd, 1, 0) > 0)
				return read_line(fd, buf, size);
			return -1;
		}
	}
}

static int free_slot(void)
{
	int i;

	for (i = 0; i < MAX_PROCS; i++)
		if (!slots[i].live)
			return i;
	return -1;
}

static int find_slot(long pid)
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
	long pid;

	if (k < 0) {
		out("error: spawn: too many processes (EAGAIN)");
		return;
	}
	pid = SC0(SYS_fork);
	if (is_err(pid)) {
		out("error: spawn: fork failed (EAGAIN)");
		return;
	}
	if (pid == 0) {
		my_slot = k;
		/* An empty fd table, as mmsim's spawn gives: the first open
		 * is fd 0. */
		SC1(SYS_close, 0);
		SC1(SYS_close, 1);
		SC1(SYS_close, 2);
		if (SC6(SYS_mmap, ALT_STACK, ALT_STACK_SIZE,
			PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE,
			-1, 0) != (long)ALT_STACK)
			sys_exit(120);
		if (SC6(SYS_mmap, TLB_FLUSHER, TLB_FLUSHER_SIZE,
			PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE,
			-1, 0) != (long)TLB_FLUSHER)
			sys_exit(120);
		if (SC6(SYS_mmap, THREAD_STACKS, MAX_PROCS * THREAD_STACK_SIZE,
			PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE,
			-1, 0) != (long)THREAD_STACKS)
			sys_exit(120);
		run_on_alt_stack();
	}
	if (read_reply(slots[k].reply[0], pid, linebuf, sizeof(linebuf)) < 0 ||
	    !str_eq(linebuf, "ready")) {
		out("error: spawn: worker setup failed (EIO)");
		return;
	}
	slots[k].pid = pid;
	slots[k].tgid = pid;
	slots[k].live = 1;
	fmt_dec(replybuf, pid);
	out(replybuf);
}

static void ctl_process_command(long pid, const char *cmdline)
{
	static char sendbuf[LINE_MAX_LEN + 16];
	int k = find_slot(pid), child = -1;
	char *p;

	if (k < 0) {
		out("error: process: no such process (ENOENT)");
		return;
	}
	p = append(sendbuf, cmdline);
	if (str_eq(cmdline, "fork") || starts_with(cmdline, "clone ")) {
		child = free_slot();
		if (child < 0) {
			out(str_eq(cmdline, "fork") ?
			    "error: fork: too many processes (EAGAIN)" :
			    "error: clone: too many tasks (EAGAIN)");
			return;
		}
		p = append(p, " ");
		p = fmt_dec(p, child);
	}
	p = append(p, "\n");
	write_all(slots[k].cmd[1], sendbuf, p - sendbuf);
	if (read_reply(slots[k].reply[0], pid, linebuf, sizeof(linebuf)) < 0) {
		out("error: process: worker died (EIO)");
		group_dead(slots[k].tgid);
		reap_init_children();
		return;
	}
	if (child >= 0 && !starts_with(linebuf, "error")) {
		slots[child].pid = to_ulong(linebuf, NULL, 10);
		/* a thread is of its creator's group; a fork child its own */
		slots[child].tgid = str_eq(cmdline, "fork") ? slots[child].pid :
				    slots[k].tgid;
		slots[child].live = 1;
		if (read_reply(slots[child].reply[0], slots[child].pid, replybuf,
			       sizeof(replybuf)) < 0 ||
		    !str_eq(replybuf, "ready")) {
			out(str_eq(cmdline, "fork") ?
			    "error: fork: child setup failed (EIO)" :
			    "error: clone: thread setup failed (EIO)");
			return;
		}
	}
	if (starts_with(linebuf, "error")) {
		/* nothing happened */
	} else if ((str_eq(cmdline, "exit") || starts_with(cmdline, "exit ")) &&
		   slots[k].pid != slots[k].tgid) {
		wait_gone(pid);		/* this thread only */
		slots[k].live = 0;
	} else if (starts_with(cmdline, "exit")) {
		group_dead(slots[k].tgid);
	}
	if (starts_with(linebuf, "SIGSEGV") || starts_with(linebuf, "SIGBUS"))
		group_dead(slots[k].tgid);
	out(linebuf);
}

/*
 * The unevictable_pgs_* counters of /proc/vmstat, machine-wide. mlock's LRU
 * work goes through a per-CPU folio batch (mlock_fbatch), which counts
 * culled, rescued, munlocked and stranded only when it is drained: a fault
 * into a VM_LOCKED VMA, a munmap or an exit of locked memory leaves them
 * pending on the CPU. Workers and controller all run on CPU 0, so around
 * every PID command the controller drains that CPU's batches itself --
 * madvise(MADV_WILLNEED) of an anonymous page is nothing but
 * lru_add_drain() -- and counts what the counters moved by in between.
 * Other tasks of the host count into the same counters; keeping the
 * windows to the commands keeps their share small, and the runner repeats
 * a scenario to rule out the rest.
 */
static const char *const unevictable_names[] = {
	"culled", "scanned", "rescued", "mlocked", "munlocked", "cleared",
	"stranded",
};
#define NR_UNEVICTABLE 7
static long unevictable_moved[NR_UNEVICTABLE];
static unsigned long drain_page;	/* MADV_DONTFORK: never in a worker */
static char vmstat_buf[16384];

static void lru_add_drain_cpu0(void)
{
	SC3(SYS_madvise, drain_page, PAGE_SIZE, MADV_WILLNEED);
}

static void read_unevictable(long *v)
{
	const char *line;
	int i;

	if (read_file("/proc/vmstat", vmstat_buf, sizeof(vmstat_buf)) < 0)
		sys_exit(122);
	for (line = vmstat_buf; *line;) {
		if (starts_with(line, "unevictable_pgs_"))
			for (i = 0; i < NR_UNEVICTABLE; i++) {
				const char *q = line + 16;
				const char *n = unevictable_names[i];

				if (starts_with(q, n) && q[str_len(n)] == ' ')
					v[i] = to_ulong(q + str_len(n) + 1,
							NULL, 10);
			}
		while (*line && *line != '\n')
			line++;
		if (*line)
			line++;
	}
}

static void unevictable_reply(void)
{
	char *p = replybuf;
	int i;

	*p = 0;
	for (i = 0; i < NR_UNEVICTABLE; i++) {
		if (i)
			p = append(p, " ");
		p = append(p, unevictable_names[i]);
		p = append(p, " ");
		p = fmt_dec(p, unevictable_moved[i]);
	}
	out(replybuf);
}

/* One PID command, in a window of unevictable_pgs_* counting. */
static void unevictable_account(long pid, const char *cmdline)
{
	long before[NR_UNEVICTABLE] = { 0 }, after[NR_UNEVICTABLE] = { 0 };
	int i;

	lru_add_drain_cpu0();
	read_unevictable(before);
	ctl_process_command(pid, cmdline);
	lru_add_drain_cpu0();
	read_unevictable(after);
	for (i = 0; i < NR_UNEVICTABLE; i++)
		unevictable_moved[i] += after[i] - before[i];
}

/*
 * Move a pipe end to PIPE_FD_BASE or above. A worker's fd table must look
 * like a fresh mmsim process's, which is empty: the workers close 0, 1
 * and 2 (see ctl_spawn()), and the driver's own pipes must not take the
 * low numbers a scenario's open returns.
 */
static int move_fd_high(int *fd)
{
	long r = SC3(SYS_fcntl, *fd, F_DUPFD_CLOEXEC, PIPE_FD_BASE);

	if (is_err(r))
		return -1;
	SC1(SYS_close, *fd);
	*fd = r;
	return 0;
}

static void __attribute__((noreturn)) controller(void)
{
	static char cmdline[LINE_MAX_LEN];
	int i;

	for (i = 0; i < MAX_PROCS; i++)
		if (is_err(SC2(SYS_pipe2, slots[i].cmd, O_CLOEXEC)) ||
		    is_err(SC2(SYS_pipe2, slots[i].reply, O_CLOEXEC)) ||
		    move_fd_high(&slots[i].cmd[0]) ||
		    move_fd_high(&slots[i].cmd[1]) ||
		    move_fd_high(&slots[i].reply[0]) ||
		    move_fd_high(&slots[i].reply[1]))
			sys_exit(121);
	drain_page = SC6(SYS_mmap, 0, PAGE_SIZE, PROT_READ,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (is_err(drain_page) ||
	    is_err(SC3(SYS_madvise, drain_page, PAGE_SIZE, MADV_DONTFORK)))
		sys_exit(121);

	while (read_line(0, cmdline, sizeof(cmdline)) >= 0) {
		const char *rest;
		long pid;

		if (str_eq(cmdline, "quit"))
			break;
		if (str_eq(cmdline, "spawn")) {
			ctl_spawn();
			continue;
		}
		if (str_eq(cmdline, "vmstat")) {
			unevictable_reply();
			continue;
		}
		pid = to_ulong(cmdline, &rest, 10);
		if (rest == cmdline || *rest != ' ') {
			out("error: hostdrv: malformed line (EINVAL)");
			continue;
		}
		unevictable_account(pid, rest + 1);
	}
	for (i = 0; i < MAX_PROCS; i++)
		if (slots[i].live)
			SC2(SYS_kill, slots[i].pid, SIGKILL);
	for (i = 0; i < MAX_PROCS; i++)
		if (slots[i].live)
			wait_dead(slots[i].pid);
	sys_exit(0);
}

void __attribute__((noreturn, used)) start_c(long *sp)
{
	int argc = sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	struct rlimit stack = { 8UL << 20, 8UL << 20 };
	struct rlimit core = { 0, 0 };

	/*
	 * mmap_base is fixed at exec time: re-exec once with ASLR off and an
	 * 8M stack limit, which puts it at 0x7ffff7fff000 as on mmsim.
	 */
	if (!(SC1(SYS_personality, 0xffffffff) & ADDR_NO_RANDOMIZE)) {
		SC1(SYS_personality, ADDR_NO_RANDOMIZE);
		SC4(SYS_prlimit64, 0, RLIMIT_STACK, &stack, NULL);
		SC3(SYS_execve, "/proc/self/exe", argv, envp);
		sys_exit(125);
	}
	SC4(SYS_prlimit64, 0, RLIMIT_CORE, &core, NULL);
	SC2(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1);
	/*
	 * A System V IPC namespace of its own, empty as a fresh mmsim
	 * machine's: shmids count from 0, no key is taken, and every segment
	 * goes when the driver exits.
	 */
	if (is_err(SC1(SYS_unshare, CLONE_NEWIPC)))
		sys_exit(126);
	set_signal(SIGPIPE, SIG_IGN, 0);
	pin_to_cpu0();
	controller();
}

__asm__(".text\n"
	".globl _start\n"
	"_start:\n\t"
	"xor %ebp, %ebp\n\t"
	"mov %rsp, %rdi\n\t"
	"and $-16, %rsp\n\t"
	"call start_c\n\t"
	"hlt\n");
