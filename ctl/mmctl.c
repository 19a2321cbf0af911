/*
 * mmctl.c - the command-line client of the ctl files: sends one command
 * to MOUNTPOINT/PID/ctl (or MOUNTPOINT/ctl) and prints its reply.
 *
 *   mmctl [-m MOUNTPOINT] [PID] COMMAND [ARG...]
 *   mmctl [-m MOUNTPOINT] shell [COMMAND...]   (shell.c)
 *
 * The words are joined with spaces into one command line. A word that
 * holds a space, a tab, a double quote or a control character, or that
 * is empty or starts with '#', is sent as a "quoted string" with escapes,
 * unless it already is one: so both `mmctl 2 store 0x1000 '"hi there"'`
 * and `mmctl 2 store 0x1000 'hi there'` store the 8 bytes "hi there".
 *
 * Exit status: 0 success, 1 the command failed (its error line on
 * stderr), 2 usage error, 3 the mount or its daemon is gone, 4 the
 * command killed its process (a SIGSEGV, SIGBUS or SIGKILL reply, or an
 * exec whose dynamic loader failed: "exited 127: ...").
 *
 * `mmctl --help` and `mmctl [PID] COMMAND --help` print the command
 * table's usage (ctl_describe()), so they never drift from it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include "ctl.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "shell.h"

#define EXIT_FAILED	1
#define EXIT_USAGE	2
#define EXIT_GONE	3	/* no mount there, or its daemon died */
#define EXIT_KILLED	4	/* the command killed its process */

static void print_usage(void)
{
	fputs("usage: mmctl [-m MOUNTPOINT] [PID] COMMAND [ARG...]\n"
	      "       mmctl [PID] COMMAND --help\n"
	      "       mmctl [-m MOUNTPOINT] shell [COMMAND...]\n"
	      "Send COMMAND to MOUNTPOINT/PID/ctl, or to MOUNTPOINT/ctl without PID,\n"
	      "and print its reply. MOUNTPOINT defaults to $MMSIM_MOUNT.\n"
	      "shell runs COMMAND (default: $SHELL) with the machine bind-mounted\n"
	      "over /proc in a private mount namespace (root), so that ps, top,\n"
	      "free, vmstat, pmap, smem, htop and psutil show the machine.\n"
	      "\n"
	      "  -m MOUNTPOINT  where mmsimfs is mounted\n"
	      "  -h, --help     print this help\n"
	      "\n", stdout);
	ctl_describe(stdout, NULL);
	fputs("\n"
	      "Exit status: 0 success, 1 the command failed, 2 usage error,\n"
	      "3 the mount or its daemon is gone, 4 the command killed its process\n"
	      "(a SIGSEGV, SIGBUS or SIGKILL reply, or exec's \"exited 127\").\n"
	      "See mmctl(1) and mmsim(7).\n", stdout);
}

/* A reply that says the command killed its process. */
static bool killed_reply(const char *reply)
{
	return !strncmp(reply, "SIGSEGV", 7) || !strncmp(reply, "SIGBUS", 6) ||
	       !strncmp(reply, "SIGKILL", 7) || !strncmp(reply, "exited ", 7);
}

/* errno values of a mount whose daemon is gone. */
static bool daemon_gone(int err)
{
	return err == ENOTCONN || err == ECONNABORTED || err == ENODEV;
}

/* A growable byte string. */
struct buf {
	char *data;
	size_t len, size;
};

static void buf_put(struct buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->size) {
		size_t size = b->size ? b->size : 256;

		while (b->len + len + 1 > size)
			size *= 2;
		b->data = realloc(b->data, size);
		if (!b->data) {
			perror("mmctl");
			exit(EXIT_FAILED);
		}
		b->size = size;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

static void buf_putc(struct buf *b, char c)
{
	buf_put(b, &c, 1);
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* A word that is already a "quoted string", closing quote last. */
static bool is_quoted(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 2 || s[0] != '"' || s[n - 1] != '"' || has_control(s))
		return false;
	for (i = 1; i < n - 1; i++) {
		if (s[i] == '\\')
			i++;		/* skip the escaped character */
		else if (s[i] == '"')
			return false;
	}
	return i == n - 1;
}

static bool needs_quotes(const char *s)
{
	return !*s || *s == '#' || strpbrk(s, " \t\"") || has_control(s);
}

static void put_word(struct buf *line, const char *word)
{
	static const char hex[] = "0123456789abcdef";
	const char *p;

	if (is_quoted(word) || !needs_quotes(word)) {
		buf_put(line, word, strlen(word));
		return;
	}
	buf_putc(line, '"');
	for (p = word; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"' || c == '\\') {
			buf_putc(line, '\\');
			buf_putc(line, (char)c);
		} else if (c == '\n') {
			buf_put(line, "\\n", 2);
		} else if (c == '\t') {
			buf_put(line, "\\t", 2);
		} else if (c < 0x20 || c == 0x7f) {
			char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

			buf_put(line, esc, 4);
		} else {
			buf_putc(line, (char)c);
		}
	}
	buf_putc(line, '"');
}

static bool is_pid(const char *s)
{
	if (!*s || *s == '0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "mmctl: %s\n", msg);
	fputs("usage: mmctl [-m MOUNTPOINT] [PID] COMMAND [ARG...] (-h for help)\n",
	      stderr);
	return EXIT_USAGE;
}

/*
 * Read the whole transcript from offset @off with pread. The daemon fills
 * each read as far as the transcript goes, so a short read is its end:
 * no further read just to see EOF (one FUSE request less per command).
 */
static int read_replies(int fd, off_t off, struct buf *out)
{
	char chunk[65536];

	for (;;) {
		ssize_t n = pread(fd, chunk, sizeof(chunk), off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf_put(out, chunk, (size_t)n);
		if ((size_t)n < sizeof(chunk))
			return 0;
		off += n;
	}
}

/* The last line of @text (without its newline), in place. */
static char *last_line(struct buf *text)
{
	char *end, *start;

	if (!text->len)
		return NULL;
	end = text->data + text->len;
	if (end[-1] == '\n')
		*--end = '\0';
	start = end;
	while (start > text->data && start[-1] != '\n')
		start--;
	return start;
}

/*
 * complete - `mmctl --complete CWORD mmctl WORD...`, what the bash
 * completion (mmctl.bash) calls: the candidates for word CWORD, with the
 * PIDs of the machine at -m MOUNTPOINT or $MMSIM_MOUNT.
 */
static int complete(int argc, char **argv)
{
	const char *mountpoint = getenv("MMSIM_MOUNT");
	char *pids[4096];
	int npids = 0, cword, i;
	struct dirent *d;
	DIR *dir;

	if (argc < 3)
		return EXIT_USAGE;
	cword = atoi(argv[2]);
	for (i = 4; i + 1 < argc; i++)
		if (!strcmp(argv[i], "-m"))
			mountpoint = argv[i + 1];
	dir = mountpoint ? opendir(mountpoint) : NULL;
	while (dir && npids < 4096 && (d = readdir(dir)))
		if (is_pid(d->d_name))
			pids[npids++] = strdup(d->d_name);
	if (dir)
		closedir(dir);
	ctl_complete(stdout, argv + 3, argc - 3, cword, pids, npids);
	for (i = 0; i < npids; i++)
		free(pids[i]);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mountpoint = getenv("MMSIM_MOUNT");
	const char *pid = NULL;
	struct buf line = { 0 }, path = { 0 }, replies = { 0 }, global = { 0 };
	ssize_t written;
	int opt, fd, err, write_errno, ret;
	char *reply;

	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};

	if (argc > 1 && !strcmp(argv[1], "--complete"))
		return complete(argc, argv);
	/* '+': stop at the first word, so "oom_score_adj -500" works. */
	while ((opt = getopt_long(argc, argv, "+hm:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			print_usage();
			return 0;
		case 'm':
			mountpoint = optarg;
			break;
		default:
			fputs("usage: mmctl [-m MOUNTPOINT] [PID] COMMAND [ARG...] (-h for help)\n",
			      stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc && is_pid(argv[optind]))
		pid = argv[optind++];
	if (optind >= argc)
		return usage_error("no command");
	/* COMMAND --help: the table's usage of COMMAND. */
	if (optind + 2 == argc && !strcmp(argv[optind + 1], "--help")) {
		if (ctl_describe(stdout, argv[optind]))
			return usage_error("no such command (mmctl --help lists them)");
		return 0;
	}
	if (!mountpoint || !*mountpoint)
		return usage_error("no mount point: use -m MOUNTPOINT or set MMSIM_MOUNT");
	/* shell [COMMAND...]: not a ctl command, but mmctl's own. */
	if (!pid && !strcmp(argv[optind], "shell"))
		return mmctl_shell(mountpoint, argv + optind + 1);

	for (; optind < argc; optind++) {
		put_word(&line, argv[optind]);
		buf_putc(&line, optind + 1 < argc ? ' ' : '\n');
	}

	buf_put(&path, mountpoint, strlen(mountpoint));
	if (pid) {
		buf_putc(&path, '/');
		buf_put(&path, pid, strlen(pid));
	}
	buf_put(&path, "/ctl", 4);

	ret = EXIT_FAILED;
	fd = open(path.data, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		buf_put(&global, mountpoint, strlen(mountpoint));
		buf_put(&global, "/ctl", 4);
		if (pid && err == ENOENT && access(global.data, F_OK) == 0) {
			fprintf(stderr, "mmctl: PID %s: no such process\n", pid);
			goto out;
		}
		/* No machine there at all, or a daemon that died. */
		if (err == ENOENT || daemon_gone(err)) {
			fprintf(stderr, "mmctl: %s: no mmsim machine is mounted there (%s)\n",
				mountpoint, strerror(err));
			ret = EXIT_GONE;
			goto out;
		}
		fprintf(stderr, "mmctl: %s: %s\n", path.data, strerror(err));
		goto out;
	}

	written = write(fd, line.data, line.len);
	write_errno = errno;
	/* A fresh open's transcript begins at 0 with this command's reply. */
	err = read_replies(fd, 0, &replies);
	close(fd);

	if (written == (ssize_t)line.len) {
		if (err) {
			fprintf(stderr, "mmctl: reading the reply from %s: %s\n",
				path.data, strerror(-err));
			goto out;
		}
		/* The whole reply: vtop's and page's take several lines. */
		if (replies.len > 1 || (replies.len == 1 && replies.data[0] != '\n'))
			fputs(replies.data, stdout);
		reply = last_line(&replies);
		ret = reply && killed_reply(reply) ? EXIT_KILLED : 0;
		goto out;
	}
	/*
	 * ENODEV is also a command's own errno (mmap of a directory): the
	 * daemon is gone only when no reply can be read either.
	 */
	if (written < 0 && daemon_gone(write_errno) && err) {
		fprintf(stderr, "mmctl: %s: the daemon is gone (%s)\n",
			path.data, strerror(write_errno));
		ret = EXIT_GONE;
		goto out;
	}

	reply = err ? NULL : last_line(&replies);
	if (reply && !strncmp(reply, "error: ", 7))
		fprintf(stderr, "%s\n", reply);
	else if (written < 0)
		fprintf(stderr, "mmctl: %s: %s\n", path.data,
			strerror(write_errno));
	else
		fprintf(stderr, "mmctl: %s: short write (%zd of %zu bytes)\n",
			path.data, written, line.len);
out:
	free(line.data);
	free(path.data);
	free(replies.data);
	free(global.data);
	return ret;
}
