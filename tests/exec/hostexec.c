/*
 * hostexec.c - the host kernel as the oracle for mmsim's execve and exec:
 * run a program with ASLR off (personality ADDR_NO_RANDOMIZE) under
 * ptrace and print one of its /proc views at one of two instants:
 *
 *   exec   the exec stop (PTRACE_EVENT_EXEC): load_elf_binary() has
 *          finished and not one instruction of the new program has run;
 *          what mmsim's `execve` must show;
 *   entry  the program's entry point (AT_ENTRY from /proc/PID/auxv),
 *          reached under a hardware breakpoint (debug register DR0), so
 *          that no byte of the program is changed (an int3 poked into the
 *          text would COW the page and move smaps): the dynamic loader
 *          has done its work; what mmsim's `exec` must show.
 *
 * Usage: hostexec exec|entry VIEW PATH [ARG...]
 *   VIEW: maps, smaps, status, stat, cmdline, environ, auxv (one "TYPE VALUE" line per
 *   entry, decimal type, hexadecimal value), stack (the bytes from the
 *   stack pointer to the top of [stack], as hexadecimal, 32 bytes a
 *   line, each prefixed by its address), regs (rsp and rip), syscalls
 *   (only with "entry": every system call the dynamic loader makes
 *   between the two stops, number, six arguments and result, as
 *   hexadecimal; what rtld's simulation in vm/rtld.c is checked against),
 *   mem:START+LEN (those bytes, hexadecimal addresses, as "stack").
 *
 * The program runs as mmsim's `execve PATH ARG...` runs it: argv is
 * PATH followed by the ARGs, and the environment is empty (envp = {
 * NULL }), so the strings at the top of the stack, and so the stack's
 * layout, are the same on both sides.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child = -1;

static void die(const char *what)
{
	fprintf(stderr, "hostexec: %s: %s\n", what, strerror(errno));
	if (child > 0)
		kill(child, SIGKILL);
	exit(2);
}

static void dief(const char *what)
{
	fprintf(stderr, "hostexec: %s\n", what);
	if (child > 0)
		kill(child, SIGKILL);
	exit(2);
}

/* cat_proc() - copy /proc/PID/NAME to stdout. */
static void cat_proc(const char *name)
{
	char path[64], buf[65536];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", child, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	if (n < 0)
		die(path);
	close(fd);
}

/* read_auxv() - the child's auxv, up to and including AT_NULL. */
static size_t read_auxv(Elf64_auxv_t *auxv, size_t max)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/auxv", child);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	n = read(fd, auxv, max * sizeof(*auxv));
	if (n < 0)
		die(path);
	close(fd);
	return n / sizeof(*auxv);
}

static unsigned long auxv_get(unsigned long type)
{
	Elf64_auxv_t auxv[64];
	size_t i, n = read_auxv(auxv, 64);

	for (i = 0; i < n; i++)
		if (auxv[i].a_type == type)
			return auxv[i].a_un.a_val;
	dief("no such auxv entry");
	return 0;
}

static void print_auxv(void)
{
	Elf64_auxv_t auxv[64];
	size_t i, n = read_auxv(auxv, 64);

	for (i = 0; i < n; i++) {
		printf("%lu 0x%lx\n", (unsigned long)auxv[i].a_type,
		       (unsigned long)auxv[i].a_un.a_val);
		if (auxv[i].a_type == AT_NULL)
			break;
	}
}

/* stack_top() - the end of the [stack] line of the child's maps. */
static unsigned long stack_top(void)
{
	char path[64], line[512];
	unsigned long start, end, top = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", child);
	f = fopen(path, "r");
	if (!f)
		die(path);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[stack]") &&
		    sscanf(line, "%lx-%lx", &start, &end) == 2)
			top = end;
	fclose(f);
	if (!top)
		dief("no [stack] in maps");
	return top;
}

static void print_range(unsigned long sp, unsigned long top);

/* print_mem() - the bytes of [start, start + len), as "stack" prints them. */
static void print_mem(unsigned long start, unsigned long len)
{
	print_range(start, start + len);
}

static void print_stack(unsigned long sp)
{
	print_range(sp, stack_top());
}

static void print_range(unsigned long sp, unsigned long top)
{
	unsigned long a;
	size_t len = top - sp, i;
	unsigned char *buf = malloc(len);
	char path[64];
	int fd;

	if (!buf)
		die("malloc");
	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	if (pread(fd, buf, len, sp) != (ssize_t)len)
		die("reading the stack");
	close(fd);
	for (a = sp; a < top; a += 32) {
		printf("%lx:", a);
		for (i = a - sp; i < a - sp + 32 && i < len; i++)
			printf(" %02x", buf[i]);
		printf("\n");
	}
	free(buf);
}

static void show(const char *view)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, child, 0, &regs) < 0)
		die("PTRACE_GETREGS");
	if (!strcmp(view, "maps") || !strcmp(view, "smaps") ||
	    !strcmp(view, "status") || !strcmp(view, "stat") ||
	    !strcmp(view, "cmdline") || !strcmp(view, "environ"))
		cat_proc(view);
	else if (!strcmp(view, "auxv"))
		print_auxv();
	else if (!strcmp(view, "stack"))
		print_stack(regs.rsp);
	else if (!strncmp(view, "mem:", 4))
		print_mem(strtoul(view + 4, NULL, 16),
			  strtoul(strchr(view, '+') ? strchr(view, '+') + 1 :
				  "1000", NULL, 16));
	else if (!strcmp(view, "regs"))
		printf("rsp 0x%llx\nrip 0x%llx\n", regs.rsp, regs.rip);
	else
		dief("unknown view");
}

/* wait_stop() - wait for the child's next stop; fail if it went away. */
static int wait_stop(void)
{
	int status;

	if (waitpid(child, &status, 0) < 0)
		die("waitpid");
	if (!WIFSTOPPED(status)) {
		child = -1;
		dief("the program ended before the stop");
	}
	return status;
}

/*
 * run_to_entry() - continue the child until its next signal stop; with
 * @trace, stop at every system call on the way and print each as
 * "NR ARG0 ... ARG5 = RESULT". Return: the wait status of that stop.
 */
static int run_to_entry(bool trace)
{
	struct user_regs_struct in, out;
	/* The first system-call stop is execve's own exit: not printed. */
	bool entering = false, have_in = false;
	int status;

	if (trace && ptrace(PTRACE_SETOPTIONS, child, 0,
			    PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL |
			    PTRACE_O_TRACESYSGOOD) < 0)
		die("PTRACE_SETOPTIONS");
	for (;;) {
		if (ptrace(trace ? PTRACE_SYSCALL : PTRACE_CONT, child, 0, 0) < 0)
			die("PTRACE_CONT");
		status = wait_stop();
		if (WSTOPSIG(status) != (SIGTRAP | 0x80))
			return status;
		if (ptrace(PTRACE_GETREGS, child, 0, entering ? &in : &out) < 0)
			die("PTRACE_GETREGS");
		if (!entering && have_in)
			printf("%lld %llx %llx %llx %llx %llx %llx = %llx\n",
			       in.orig_rax, in.rdi, in.rsi, in.rdx, in.r10,
			       in.r8, in.r9, out.rax);
		have_in = entering;
		entering = !entering;
	}
}

int main(int argc, char **argv)
{
	static char *empty_env[] = { NULL };
	const char *stop, *view;
	int status;

	if (argc < 4 || (strcmp(argv[1], "exec") && strcmp(argv[1], "entry"))) {
		fprintf(stderr, "usage: hostexec exec|entry VIEW PATH [ARG...]\n");
		return 2;
	}
	stop = argv[1];
	view = argv[2];

	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0 ||
		    personality(ADDR_NO_RANDOMIZE) < 0)
			_exit(126);
		raise(SIGSTOP);
		execve(argv[3], argv + 3, empty_env);
		_exit(127);
	}
	wait_stop();
	if (ptrace(PTRACE_SETOPTIONS, child, 0,
		   PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL) < 0)
		die("PTRACE_SETOPTIONS");
	if (ptrace(PTRACE_CONT, child, 0, 0) < 0)
		die("PTRACE_CONT");
	status = wait_stop();
	if (status >> 8 != (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
		dief("no exec stop (is PATH an executable?)");

	if (!strcmp(stop, "entry")) {
		unsigned long entry = auxv_get(AT_ENTRY);
		struct user_regs_struct regs;

		/* DR0 = entry; DR7: L0 enabled, an execute breakpoint. */
		if (ptrace(PTRACE_POKEUSER, child,
			   offsetof(struct user, u_debugreg[0]), entry) < 0 ||
		    ptrace(PTRACE_POKEUSER, child,
			   offsetof(struct user, u_debugreg[7]), 1UL) < 0)
			die("setting the breakpoint");
		status = run_to_entry(!strcmp(view, "syscalls"));
		if (WSTOPSIG(status) != SIGTRAP)
			dief("stopped by another signal before the entry point");
		if (ptrace(PTRACE_GETREGS, child, 0, &regs) < 0)
			die("PTRACE_GETREGS");
		if (regs.rip != entry)
			dief("stopped elsewhere than the entry point");
	}
	if (strcmp(view, "syscalls"))
		show(view);
	fflush(stdout);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	return 0;
}
