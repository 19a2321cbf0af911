/*
 * internal.h - private to ctl/: the command descriptor table, the
 * tokeniser and value parsers that turn one command line into typed
 * arguments, and the call context handed to each command's handler.
 *
 * A command runs in two phases, so that a malformed command changes
 * nothing: ctl_parse_args() checks every argument against the command's
 * parameter list without touching the machine; only then is the machine
 * locked and the handler called.
 */
#ifndef MMSIM_CTL_INTERNAL_H
#define MMSIM_CTL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "../vm/machine.h"
#include "../vm/mm.h"
#include "../procfs/seq_buf.h"

/* ---- tokens ---- */

/*
 * struct ctl_token - one word of a command line.
 * @raw: the text as written (quotes included), NUL-terminated, for messages
 * @quoted: the token was a "double-quoted string"
 * @data, @len: for a quoted token, the bytes after escape processing
 *	(may hold NULs); for a plain word, the same as @raw
 */
struct ctl_token {
	char *raw;
	bool quoted;
	char *data;
	size_t len;
};

#define CTL_MAX_TOKENS	16

struct ctl_tokens {
	struct ctl_token tok[CTL_MAX_TOKENS];
	int nr;
};

/* ---- argument kinds and parameter lists ---- */

enum ctl_kind {
	CK_ADDR,	/* an address: decimal or 0x hex, no suffix */
	CK_LEN,		/* a length: number with optional K/M/G suffix */
	CK_PROT,	/* three characters as in maps: rw-, r-x, --- ... */
	CK_MAPFLAGS,	/* private,anonymous,... */
	CK_ADVICE,	/* madvise advice name */
	CK_MODE,	/* r, w or x */
	CK_DATA,	/* "text" or 0x hex bytes */
	CK_PATH,	/* a file path: a word or a "quoted string" */
	CK_OPENFLAGS,	/* rdonly,creat,... (open's O_* flags) */
	CK_FILEMODE,	/* permission bits, in octal as chmod takes them */
	CK_FD,		/* a file descriptor: 0 and up */
	CK_OFFSET,	/* a file offset or length: CK_LEN's syntax, 0 allowed */
	CK_FADVICE,	/* posix_fadvise advice name */
	CK_MSYNCFLAGS,	/* sync, async, invalidate (comma-separated) */
	CK_CLONEFLAGS,	/* vm, thread, files, sighand (comma-separated) */
	CK_PID,		/* a positive process id */
	CK_STATUS,	/* an exit status (any int; the low 8 bits count) */
	CK_INT,		/* a signed integer */
	CK_COMM,	/* a process name: a word or a "quoted string" */
	CK_PFN,		/* a page frame number */
	CK_SHMKEY,	/* a System V key: a number, or private (IPC_PRIVATE) */
	CK_ARGV,	/* every remaining word or "string": a program's arguments */
	CK_KEYWORD,	/* a literal word (e.g. maymove), optional, any order */
};

#define CP_OPTIONAL	0x1	/* may be left out (only at the end) */
/*
 * The contract's argument rules (INTERFACE.md, "Errors"), checked while
 * parsing so they hold for every command alike: an address that is not
 * page-aligned and a length of 0 are EINVAL, even where Linux itself
 * would round a hint or accept an empty range.
 */
#define CP_PAGE_ALIGNED	0x2	/* ADDR (or a keyword's value) must be page-aligned */
#define CP_NONZERO	0x4	/* LEN must not be 0 */

/*
 * struct ctl_param - one parameter of a command.
 * @kind: how the argument is parsed; for CK_KEYWORD, the kind of the value
 *	that follows the keyword is @value_kind (CK_KEYWORD: none)
 * @name: the placeholder shown in the usage (ADDR, LEN...), or for a
 *	keyword the literal word
 * @value_name: placeholder of a keyword's value (e.g. NEWADDR), or NULL
 */
struct ctl_param {
	enum ctl_kind kind;
	const char *name;
	unsigned int flags;
	enum ctl_kind value_kind;
	const char *value_name;
};

#define CTL_MAX_PARAMS	6

/* One parsed argument. */
union ctl_value {
	unsigned long u;	/* ADDR, LEN, PFN, MAPFLAGS, PROT */
	long s;			/* STATUS, INT, PID, FD, FILEMODE, OPENFLAGS */
	int advice;
	enum access_mode mode;
	struct {
		char *bytes;	/* DATA, COMM: owned by struct ctl_args */
		size_t len;
	} data;
	char **argv;		/* ARGV: NULL-terminated, owned by struct ctl_args */
};

struct ctl_args {
	bool present[CTL_MAX_PARAMS];
	union ctl_value v[CTL_MAX_PARAMS];
};

/* ---- commands ---- */

enum ctl_scope {
	CTL_GLOBAL,	/* MOUNTPOINT/ctl */
	CTL_PER_PID,	/* MOUNTPOINT/PID/ctl */
	CTL_ANY,	/* both */
};

struct ctl_command;

/*
 * struct ctl_call - everything a handler needs for one command.
 * @m: the machine (locked for writing while the handler runs)
 * @cmd: the command's descriptor
 * @pid: the session's pid (0 for MOUNTPOINT/ctl)
 * @tsk: the live task of a per-pid command, else NULL
 * @args: the parsed arguments, indexed like @cmd->params
 * @reply: the reply line, without newline
 * @reason: the failure's explanation when the handler itself knows it
 *	best (it wins over m->errmsg)
 * @fallback: an explanation used only when the engine recorded none in
 *	m->errmsg (e.g. "0x1000-0x3000 is not fully mapped" for ENOMEM)
 */
struct ctl_call {
	struct machine *m;
	const struct ctl_command *cmd;
	pid_t pid;
	struct task_struct *tsk;
	struct ctl_args *args;
	struct seq_buf *reply;
	char reason[1024];
	char fallback[256];
};

/*
 * struct ctl_command - one entry of the command table, in the manner of a
 * system call table: adding a command means adding one entry.
 * @name: the command word
 * @scope: which ctl files accept it
 * @params: its parameters, in order; required first, then optional
 *	positionals, then keywords
 * @summary: one phrase for `help` and the manual
 * @handler: runs the command with the machine locked for writing;
 *	appends the reply to call->reply; returns 0 or -errno
 */
struct ctl_command {
	const char *name;
	enum ctl_scope scope;
	struct ctl_param params[CTL_MAX_PARAMS];
	const char *summary;
	int (*handler)(struct ctl_call *call);
	/*
	 * Done to the process from outside (what its /proc files or a
	 * debugger do), not a system call of its own: the task does not
	 * run, so no CPU switches to it.
	 */
	bool from_outside;
};

extern const struct ctl_command ctl_commands[];
extern const size_t nr_ctl_commands;

int ctl_pfn_arg(struct ctl_call *c, unsigned long pfn, struct page **page);

/* ---- inside.c: vtop and page, which show structures (mmsim(7)) ---- */
int cmd_vtop(struct ctl_call *c);
int cmd_page(struct ctl_call *c);

/* ---- parse.c ---- */

/**
 * ctl_tokenize() - split @line (@len bytes, no newline) into words,
 * honouring "double quotes" with the escapes \n \t \r \0 \\ \" \xNN.
 * A word starting with '#' starts a comment that runs to the end.
 * Return: 0, or -EINVAL with the reason in @why (@whylen bytes).
 */
int ctl_tokenize(const char *line, size_t len, struct ctl_tokens *toks,
		 char *why, size_t whylen);
void ctl_tokens_free(struct ctl_tokens *toks);

/**
 * ctl_parse_args() - check tokens 1.. of @toks against @cmd's parameters
 * and fill @args. Touches no machine state.
 * Return: 0, or -EINVAL with a reason naming the bad argument in @why.
 */
int ctl_parse_args(const struct ctl_command *cmd,
		   const struct ctl_tokens *toks, struct ctl_args *args,
		   char *why, size_t whylen);
void ctl_args_free(const struct ctl_command *cmd, struct ctl_args *args);

/** ctl_usage() - "mmap ADDR LEN PROT FLAGS" for @cmd, into @buf. */
void ctl_usage(const struct ctl_command *cmd, char *buf, size_t size);

/* Value parsers, shared with the unit tests and the fuzzer. Return 0 or -EINVAL. */
int ctl_parse_ulong(const char *s, unsigned long *out);
int ctl_parse_long(const char *s, long *out);
int ctl_parse_size(const char *s, unsigned long *out);
int ctl_parse_prot(const char *s, unsigned long *prot);
const char *const *ctl_kind_words(enum ctl_kind kind);

/* The name of an errno value ("EINVAL"), or "E<n>". */
const char *ctl_errname(int err);
/* A short lowercase default reason for @err ("invalid argument"). */
const char *ctl_errdefault(int err);
/* The abbreviation of a signal ("SIGSEGV"). */
const char *ctl_signame(int sig, char *buf, size_t size);

/*
 * ctl_sanitize() - copy @src into @dst (@size bytes) so it fits on one
 * reply line: control and non-ASCII bytes escaped, long text cut with
 * "...". Return @dst.
 */
char *ctl_sanitize(char *dst, size_t size, const char *src, size_t len);

/* ---- commands.c ---- */

const struct ctl_command *ctl_find_command(const char *name);

/**
 * ctl_run_line() - parse and run one command line for @pid, appending
 * the reply (or the "error: CMD: REASON (ERRNAME)" line), without a
 * newline, to @out. Takes the machine write lock around the engine call.
 * A line that is blank or a comment appends nothing and returns 1.
 * Return: 0 on success, 1 for nothing to run, or the command's -errno.
 */
int ctl_run_line(struct machine *m, pid_t pid, const char *line, size_t len,
		 struct seq_buf *out);

/**
 * ctl_format_forget_tlb_flush() - the --cpu item forget_tlb_flush='s
 * value for TLB_FORGET_* @bits, names joined by ':', appended to @s.
 */
void ctl_format_forget_tlb_flush(unsigned int bits, struct seq_buf *s);

#endif
