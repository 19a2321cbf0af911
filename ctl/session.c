/*
 * session.c - one open ctl file: the commands written through it run in
 * order, and their replies pile up in a transcript that reads of the same
 * open file return (reading at offset N returns the transcript from N).
 *
 * Locking: a session is not thread-safe; its user (fs/: the handle's
 * mutex) serialises calls. Each command takes machine->lock for writing
 * itself, so the handle mutex is always taken first (machine.h's order).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ctl.h"
#include "internal.h"

struct ctl_session {
	struct machine *m;
	pid_t pid;
	struct seq_buf transcript;
};

/**
 * ctl_session_new() - a session for MOUNTPOINT/ctl (@pid 0) or for
 * MOUNTPOINT/PID/ctl. The process is looked up at each command, so a
 * session may outlive its process (its commands then fail with ESRCH).
 * Return: the session, or NULL when the host is out of memory.
 */
struct ctl_session *ctl_session_new(struct machine *m, pid_t pid)
{
	struct ctl_session *sess = calloc(1, sizeof(*sess));

	if (!sess)
		return NULL;
	sess->m = m;
	sess->pid = pid;
	seq_buf_init(&sess->transcript);
	return sess;
}

void ctl_session_free(struct ctl_session *sess)
{
	if (!sess)
		return;
	seq_buf_free(&sess->transcript);
	free(sess);
}

/**
 * ctl_session_write() - run the commands in @buf.
 * @sess: the session
 * @buf, @len: one or more newline-terminated lines; a last line without a
 *	newline runs too. Blank lines and lines starting with '#' are
 *	skipped and leave no reply.
 *
 * Each command that runs appends one line to the transcript: its reply,
 * or its "error: ..." line. The first failing command stops the rest.
 *
 * Return: @len when every command succeeded, else the failed command's
 * -errno (-ENOMEM also when the transcript could not grow).
 */
ssize_t ctl_session_write(struct ctl_session *sess, const char *buf,
			  size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t linelen = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		int err;

		err = ctl_run_line(sess->m, sess->pid, buf + pos, linelen,
				   &sess->transcript);
		if (err != 1)
			seq_putc(&sess->transcript, '\n');
		if (sess->transcript.err)
			return sess->transcript.err;
		if (err < 0)
			return err;
		pos += linelen + (nl ? 1 : 0);
	}
	return (ssize_t)len;
}

/**
 * ctl_session_write_piece() - run the commands in one piece of a write.
 * @sess: the session
 * @buf, @len: the piece
 * @maybe_cut: the transport may have cut a longer write(2) after this
 *	piece (fs/: the piece is about as long as FUSE's max_write)
 *
 * With @maybe_cut and a last line that has no newline, that line is not
 * run: it may be the head of a command whose tail is in the next piece,
 * and a cut command can mean something else ("munmap A 16K" cut to
 * "munmap A 1"). The complete lines before it run, and the piece is taken
 * short: the return value counts their bytes only. The kernel then ends
 * write(2) with that short count, and the writer (stdio, the shell, any
 * loop that writes the rest) sends again from the cut line, so a long
 * batch of commands runs whole, each command once.
 *
 * Only a piece that is one unfinished line, which nothing can consume,
 * fails: with EINVAL, as a command too long to arrive in one piece.
 *
 * Return: as ctl_session_write(), except that a cut piece returns the
 * length of its complete lines.
 */
ssize_t ctl_session_write_piece(struct ctl_session *sess, const char *buf,
				size_t len, bool maybe_cut)
{
	const char *last_nl;
	char name[64];

	if (!maybe_cut || !len || buf[len - 1] == '\n')
		return ctl_session_write(sess, buf, len);
	last_nl = memrchr(buf, '\n', len);
	if (last_nl)
		return ctl_session_write(sess, buf, (size_t)(last_nl - buf) + 1);

	/* The command word of the over-long line names the error line. */
	{
		const char *p = buf, *end = buf + len, *w;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		for (w = p; w < end && *w != ' ' && *w != '\t';)
			w++;
		ctl_sanitize(name, sizeof(name), p, (size_t)(w - p));
	}
	seq_printf(&sess->transcript,
		   "error: %s: command line longer than the %zu bytes the kernel hands over at once; write the bytes through mem instead (EINVAL)\n",
		   name[0] ? name : "?", len);
	if (sess->transcript.err)
		return sess->transcript.err;
	return -EINVAL;
}

/** ctl_session_replies() - the transcript so far; *@len set to its size. */
const char *ctl_session_replies(struct ctl_session *sess, size_t *len)
{
	*len = sess->transcript.len;
	return sess->transcript.buf ? sess->transcript.buf : "";
}
