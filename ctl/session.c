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

/*
 * A transcript keeps at most CTL_TRANSCRIPT_MAX bytes of replies: past
 * that, the oldest lines are dropped until half of it is left, so that an
 * endless batch (`yes help > ctl`) costs bounded host memory. A session
 * nobody can read (a ctl file opened write-only) keeps no replies at all.
 */
#define CTL_TRANSCRIPT_MAX	(4UL << 20)

/*
 * struct ctl_session - one open ctl file.
 * @transcript: the reply lines kept (see CTL_TRANSCRIPT_MAX); the first
 *	byte is byte @base of the whole transcript
 * @base: how many bytes of replies were dropped from the front
 * @readable: the file can be read, so replies are kept
 * @pending: the unfinished last line of the writes so far (no newline
 *	yet): writers that buffer (stdio, cat) cut a batch of commands
 *	wherever their buffer fills, so a line runs only once its newline
 *	has come, or once the writer is done (ctl_session_finish()), as
 *	ftrace's command files keep a cut word for the next write
 */
struct ctl_session {
	struct machine *m;
	pid_t pid;
	struct seq_buf transcript;
	size_t base;
	bool readable;
	struct seq_buf pending;
};

/**
 * ctl_session_new() - a session for MOUNTPOINT/ctl (@pid 0) or for
 * MOUNTPOINT/PID/ctl. The process is looked up at each command, so a
 * session may outlive its process (its commands then fail with ESRCH).
 * @readable: replies can be read back (false: opened write-only, so none
 *	is kept)
 * Return: the session, or NULL when the host is out of memory.
 */
struct ctl_session *ctl_session_new(struct machine *m, pid_t pid,
				    bool readable)
{
	struct ctl_session *sess = calloc(1, sizeof(*sess));

	if (!sess)
		return NULL;
	sess->m = m;
	sess->pid = pid;
	sess->readable = readable;
	seq_buf_init(&sess->transcript);
	seq_buf_init(&sess->pending);
	return sess;
}

void ctl_session_free(struct ctl_session *sess)
{
	if (!sess)
		return;
	seq_buf_free(&sess->pending);
	seq_buf_free(&sess->transcript);
	free(sess);
}

/*
 * transcript_trim - drop replies nobody can still want: all of them when
 * the file cannot be read, else the oldest whole lines once the
 * transcript is over CTL_TRANSCRIPT_MAX, down to half of it.
 */
static void transcript_trim(struct ctl_session *sess)
{
	struct seq_buf *t = &sess->transcript;
	size_t drop;
	const char *nl;

	if (!sess->readable) {
		drop = t->len;
	} else {
		if (t->len <= CTL_TRANSCRIPT_MAX)
			return;
		nl = memchr(t->buf + (t->len - CTL_TRANSCRIPT_MAX / 2), '\n',
			    CTL_TRANSCRIPT_MAX / 2);
		drop = nl ? (size_t)(nl - t->buf) + 1 : t->len;
	}
	memmove(t->buf, t->buf + drop, t->len - drop);
	t->len -= drop;
	sess->base += drop;
}

/* Run one line (no newline); its reply line goes to the transcript. */
static int run_one(struct ctl_session *sess, const char *line, size_t len)
{
	int err = ctl_run_line(sess->m, sess->pid, line, len,
			       &sess->transcript);

	if (err != 1)
		seq_putc(&sess->transcript, '\n');
	if (sess->transcript.err)
		return sess->transcript.err;
	transcript_trim(sess);
	return err < 0 ? err : 0;
}

/*
 * ctl_stop_check - set by the daemon (ctl_set_stop_check()): true once it
 * is asked to stop (SIGTERM, SIGINT), so that a long batch stops at the
 * next command boundary instead of holding the daemon until it ends.
 */
static bool (*ctl_stop_check)(void);

/**
 * ctl_set_stop_check() - have every batch ask @check before each command
 * after its first, and stop with EINTR once it answers true.
 * @check: the test, or NULL for none
 */
void ctl_set_stop_check(bool (*check)(void))
{
	ctl_stop_check = check;
}

/* stopped - the "error: ... (EINTR)" line of a batch cut short. */
static int stopped(struct ctl_session *sess, const char *line, size_t len)
{
	char name[64];
	size_t w = 0;

	while (w < len && line[w] != ' ' && line[w] != '\t')
		w++;
	ctl_sanitize(name, sizeof(name), line, w);
	seq_printf(&sess->transcript,
		   "error: %s: not run: the daemon is stopping (EINTR)\n",
		   name[0] ? name : "?");
	return sess->transcript.err ? sess->transcript.err : -EINTR;
}

/* Run the newline-terminated lines of @buf (@len ends at a newline). */
static int run_lines(struct ctl_session *sess, const char *buf, size_t len)
{
	size_t pos = 0;
	int err;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t linelen = (size_t)(nl - (buf + pos));

		if (pos && ctl_stop_check && ctl_stop_check())
			return stopped(sess, buf + pos, linelen);
		err = run_one(sess, buf + pos, linelen);
		if (err)
			return err;
		pos += linelen + 1;
	}
	return 0;
}

/* Refuse a line longer than @limit: it is not run, and nothing after it. */
static int too_long(struct ctl_session *sess, const char *line, size_t len,
		    size_t limit)
{
	const char *p = line, *end = line + len, *w;
	char name[64];

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (w = p; w < end && *w != ' ' && *w != '\t';)
		w++;
	ctl_sanitize(name, sizeof(name), p, (size_t)(w - p));
	seq_printf(&sess->transcript,
		   "error: %s: command line longer than %zu bytes, the most one write piece holds; write large data through mem instead (EINVAL)\n",
		   name[0] ? name : "?", limit);
	if (sess->transcript.err)
		return sess->transcript.err;
	return -EINVAL;
}

/**
 * ctl_session_write_piece() - take one piece of a write.
 * @sess: the session
 * @buf, @len: the piece
 * @maybe_cut: the transport may have cut a longer write(2) after this
 *	piece (fs/: the piece is about as long as FUSE's max_write)
 *
 * The piece continues the unfinished line of earlier pieces, if any. Its
 * newline-terminated lines run in order; an unfinished last line waits
 * for its newline in a later piece, or for ctl_session_finish().
 *
 * With @maybe_cut, the piece is taken short instead: its last line,
 * finished or not, is left out, and the return value counts the bytes
 * before it. The kernel then ends write(2) with that short count, so no
 * command of a later piece can run before write(2) returns (a failure
 * there could not be reported with its errno), and the writer (stdio, the
 * shell, any loop that writes the rest) sends again from the line left
 * out. A piece that is one line only runs it, if finished.
 *
 * The first failing command stops the rest, and the unfinished line is
 * dropped. A line longer than CTL_LINE_MAX, or a cut piece that holds no
 * newline at all, fails with EINVAL.
 *
 * Return: the number of bytes of @buf taken (@len, or fewer with
 * @maybe_cut), or the failed command's -errno (-ENOMEM also when the
 * transcript could not grow).
 */
ssize_t ctl_session_write_piece(struct ctl_session *sess, const char *buf,
				size_t len, bool maybe_cut)
{
	size_t held = sess->pending.len, whole, dlen = len;
	const char *data = buf, *nl;
	struct seq_buf joined;
	ssize_t ret;
	int err;

	/* The unfinished line so far, then this piece: @data. */
	joined = sess->pending;
	seq_buf_init(&sess->pending);
	if (held) {
		seq_write(&joined, buf, len);
		if (joined.err) {
			ret = joined.err;
			goto out_free;
		}
		data = joined.buf;
		dlen = joined.len;
	}

	nl = memrchr(data, '\n', dlen);
	whole = nl ? (size_t)(nl - data) + 1 : 0;
	if (maybe_cut && whole == dlen) {
		/* Ends with a newline: leave its last line out all the same,
		 * unless it is the only line. */
		nl = whole > 1 ? memrchr(data, '\n', whole - 1) : NULL;
		if (nl)
			whole = (size_t)(nl - data) + 1;
	}
	if (maybe_cut && !whole) {
		ret = too_long(sess, data, dlen, dlen);
		goto out_free;
	}
	if (!maybe_cut && dlen - whole > CTL_LINE_MAX) {
		err = run_lines(sess, data, whole);
		ret = err ? err : too_long(sess, data + whole, dlen - whole,
					   CTL_LINE_MAX);
		goto out_free;
	}

	err = run_lines(sess, data, whole);
	if (err) {
		ret = err;
		goto out_free;
	}
	if (maybe_cut) {
		/* @whole is past @held: the held line has no newline. */
		ret = (ssize_t)(whole - held);
		goto out_free;
	}
	seq_write(&sess->pending, data + whole, dlen - whole);
	ret = sess->pending.err ? sess->pending.err : (ssize_t)len;
out_free:
	seq_buf_free(&joined);
	return ret;
}

/**
 * ctl_session_finish() - the writer is done (it reads the replies, or
 * closes the file): run the unfinished last line of its writes, if any.
 * Return: 0 when there was none, 1 when it ran and succeeded, or that
 * command's -errno.
 */
int ctl_session_finish(struct ctl_session *sess)
{
	struct seq_buf line = sess->pending;
	int err;

	if (!line.len)
		return 0;
	seq_buf_init(&sess->pending);
	err = run_one(sess, line.buf, line.len);
	seq_buf_free(&line);
	return err ? err : 1;
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
	ssize_t ret = ctl_session_write_piece(sess, buf, len, false);
	int err;

	if (ret < 0)
		return ret;
	err = ctl_session_finish(sess);
	return err < 0 ? err : ret;
}

/**
 * ctl_session_replies() - the replies kept: the transcript from byte
 * *@base (the bytes before were dropped), *@len bytes long.
 */
const char *ctl_session_replies(struct ctl_session *sess, size_t *len,
				size_t *base)
{
	*len = sess->transcript.len;
	*base = sess->base;
	return sess->transcript.buf ? sess->transcript.buf : "";
}
