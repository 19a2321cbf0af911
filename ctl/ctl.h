/*
 * ctl.h - the command language of the ctl files: one table of command
 * descriptors, a parser for the contract's values, and sessions that
 * collect replies for the open file that wrote the commands.
 */
#ifndef MMSIM_CTL_H
#define MMSIM_CTL_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <sys/types.h>
#include "../vm/machine.h"

struct ctl_session;

/**
 * ctl_session_new() - a session for MOUNTPOINT/ctl (@pid 0) or
 * MOUNTPOINT/PID/ctl; @readable false (opened write-only) keeps no
 * replies. Return: session or NULL (out of host memory).
 */
struct ctl_session *ctl_session_new(struct machine *m, pid_t pid,
				    bool readable);
void ctl_session_free(struct ctl_session *sess);

/* The longest command line a session takes: as long as FUSE's largest
 * write piece, so that no way of writing takes a longer line. */
#define CTL_LINE_MAX	(1UL << 20)

/**
 * ctl_session_write() - run the newline-terminated commands in @buf, in
 * order, each under the machine write lock, appending one reply line per
 * command; a last line without newline runs too. Stops at the first
 * failing command.
 * Return: @len if every command succeeded, else that command's -errno.
 */
ssize_t ctl_session_write(struct ctl_session *sess, const char *buf,
			  size_t len);

/**
 * ctl_session_write_piece() - as ctl_session_write(), for one write(2), or
 * one piece of a larger write(2) that the transport cut (FUSE splits
 * writes at max_write). A last line without newline does not run yet: it
 * waits for the rest of its line in the next piece (writers that buffer
 * cut batches anywhere), or for ctl_session_finish(). With @maybe_cut
 * the piece is taken short instead: its last line is left out and the
 * return value counts only the bytes before it (the writer resends from
 * there). A line longer than CTL_LINE_MAX fails with EINVAL.
 */
ssize_t ctl_session_write_piece(struct ctl_session *sess, const char *buf,
				size_t len, bool maybe_cut);

/**
 * ctl_session_finish() - the writer is done (reads the replies or closes
 * the file): run a last line that came without newline, if any.
 * Return: 0 (none), 1 (it ran and succeeded) or that command's -errno.
 */
int ctl_session_finish(struct ctl_session *sess);

/**
 * ctl_set_stop_check() - a test the sessions ask between the commands of
 * a batch; once it is true the batch stops there, its write failing with
 * EINTR ("not run: the daemon is stopping"). The daemon's is "has SIGTERM
 * or SIGINT asked the FUSE session to exit?".
 */
void ctl_set_stop_check(bool (*check)(void));

/**
 * ctl_session_replies() - the replies kept, which start at byte *@base of
 * the whole transcript (at most its last 4 MiB are kept; none when the
 * session is not readable); *@len set to their size.
 */
const char *ctl_session_replies(struct ctl_session *sess, size_t *len,
				size_t *base);

/**
 * ctl_execute_line() - run one command line (no trailing newline needed)
 * for @pid, as a session does. @reply gets the reply line as a session
 * would record it, without newline: the reply, or for a failed command
 * the whole "error: CMD: REASON (ERRNAME)" line (caller frees). Used by
 * the fuzzer and unit tests.
 * Return: 0 or -errno.
 */
int ctl_execute_line(struct machine *m, pid_t pid, const char *line,
		     char **reply);

/**
 * ctl_cgroup_command() - run the global command @cmd ("cgroup_mkdir",
 * "cgroup_rmdir" or "cgroup_write") for the group @path, and for
 * cgroup_write its @file and the @vlen bytes of @value (a trailing
 * newline dropped), quoting them; journaled as any command.
 * Return: 0 or the command's -errno.
 */
int ctl_cgroup_command(struct machine *m, const char *cmd, const char *path,
		       const char *file, const char *value, size_t vlen);
/**
 * ctl_parse_cpu_spec() - apply an mmsimfs --cpu=ITEM,... machine
 * description to @cfg's cpu and soft_dirty fields (see ctl/parse.c for
 * the items). Return: 0, or -EINVAL with the reason in @err.
 */
int ctl_parse_cpu_spec(const char *spec, struct machine_config *cfg,
		       char *err, size_t errlen);

/*
 * The machine's journal (ctl/journal.c): every command that ran, and every
 * mem or clear_refs access, as global-ctl lines; MOUNTPOINT/journal shows
 * it, mmsimfs --journal=FILE appends it to FILE, --replay=FILE runs one.
 */
int ctl_journal_start(struct machine *m, const char *path);
void ctl_journal_stop(void);
void ctl_journal_lock(void);
void ctl_journal_unlock(void);
void ctl_journal_record(pid_t pid, const char *line, size_t len);
void ctl_journal_file_access(pid_t pid, const char *name, bool write,
			     const char *buf, size_t done, off_t off);
struct seq_buf;
int ctl_journal_show(struct seq_buf *s);
long ctl_journal_replay(struct machine *m, const char *text, char *why,
			size_t whylen);

/**
 * ctl_describe() - print the command table's help (every command's usage
 * and summary, or @name's alone) to @out. Return: 0, or -ENOENT.
 */
int ctl_describe(FILE *out, const char *name);

/**
 * ctl_complete() - bash completion of an mmctl command line (mmctl
 * --complete), from the command table: see ctl/complete.c.
 */
void ctl_complete(FILE *out, char **words, int nwords, int cword,
		  char **pids, int npids);

#endif
