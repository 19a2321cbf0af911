/*
 * journal.c - the machine's journal: every command that ran, in the order
 * it ran, as a line of the global ctl's language ("PID COMMAND ARG..." for
 * a process's command, "COMMAND ARG..." for a global one), so that
 * replaying the text on a machine booted with the same options gives a
 * byte-identical machine. MOUNT/journal shows it; with mmsimfs
 * --journal=FILE each line is also appended to FILE as soon as it ran,
 * so a machine lost with its daemon can come back (--replay=FILE).
 *
 * What changes a machine: ctl commands, and accesses of two files, which
 * the journal writes as the ctl commands that do the same: a read or write
 * of PID/mem ("PID mem_read ADDR LEN", "PID mem_write ADDR DATA": faults
 * and accessed bits change even on a read), and a write to PID/clear_refs
 * ("PID clear_refs N"). Commands that failed are journaled too when they
 * ran, since a few change the machine before failing (mmsim(7), ERRORS);
 * a line that did not parse, or named no process, changed nothing and is
 * left out.
 *
 * The first line names the machine's options (journal_header()), so
 * --replay can refuse a journal of another machine.
 *
 * Host memory: with --journal=FILE the text lives in FILE only, and
 * MOUNT/journal reads it back from there; without, MOUNT/journal keeps
 * at most JOURNAL_MEM_MAX bytes in memory and then ends with a
 * "# journal truncated" line (give --journal=FILE for longer histories:
 * written data is in the journal, so a machine that stored 512 MiB
 * through mem has a journal of over 1 GiB).
 *
 * Locking: journal_lock orders the journal as the machine ran it: it is
 * held across each command, or file access, and its record, so it is
 * taken before machine->lock (vm/machine.h's order).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ctl.h"
#include "internal.h"
#include "../procfs/procfs.h"
#include "../vm/host.h"

/* A mem write is journaled as mem_write lines of at most 256 KiB each. */
#define MEM_WRITE_CHUNK	(256UL << 10)

#define JOURNAL_MEM_MAX	(64UL << 20)

static struct {
	pthread_mutex_t lock;
	bool on;
	bool truncated;		/* the in-memory text reached JOURNAL_MEM_MAX */
	struct seq_buf text;	/* without FILE: the journal so far */
	int fd;			/* --journal=FILE, or -1 */
	char *path;
} journal = { .lock = PTHREAD_MUTEX_INITIALIZER, .fd = -1 };

/*
 * journal_header - "# mmsim journal: --mem=... --seed=... --cpu=...",
 * then " --swap=BYTES" for a machine with swap, " --cpus=N" for one
 * without two CPUs and " --kthreads" for one with kernel threads.
 */
static void journal_header(const struct machine_config *cfg,
			   struct seq_buf *s)
{
	static const char *const thp[] = {
		[THP_NEVER] = "never", [THP_MADVISE] = "madvise",
		[THP_ALWAYS] = "always",
	};
	static const char *const vsyscall[] = {
		[VSYSCALL_XONLY] = "xonly", [VSYSCALL_EMULATE] = "emulate",
		[VSYSCALL_NONE] = "none",
	};

	seq_printf(s, "# mmsim journal: --mem=%lu --seed=%lu --cpu=default,%spku,%sla57,%ssoft_dirty,thp=%s,fault_around_bytes=%lu",
		   cfg->mem_bytes, cfg->seed, cfg->cpu.pku ? "" : "no",
		   cfg->cpu.la57 ? "" : "no", cfg->soft_dirty ? "" : "no",
		   thp[cfg->cpu.thp], cfg->cpu.fault_around_bytes);
	/* The read-ahead only where it is not Linux's default. */
	if (cfg->cpu.read_ahead_host)
		seq_puts(s, ",read_ahead_kb=host");
	else if (cfg->cpu.read_ahead_kb != 128)
		seq_printf(s, ",read_ahead_kb=%lu", cfg->cpu.read_ahead_kb);
	seq_printf(s, ",vdso=%lu:%lu:%lu,vsyscall=%s,hwcap=0x%lx,hwcap2=0x%lx,minsigstksz=%lu",
		   cfg->cpu.vvar_pages, cfg->cpu.vvar_vclock_pages,
		   cfg->cpu.vdso_pages, vsyscall[cfg->cpu.vsyscall],
		   cfg->cpu.hwcap, cfg->cpu.hwcap2, cfg->cpu.minsigstksz);
	if (cfg->cpu.debug_tlbflush)
		seq_puts(s, ",debug_tlbflush");
	/* The teaching switch only when on, so older journals still replay. */
	if (cfg->cpu.forget_tlb_flush) {
		seq_puts(s, ",forget_tlb_flush=");
		ctl_format_forget_tlb_flush(cfg->cpu.forget_tlb_flush, s);
	}
	/* Swap only when there is some, so older journals still replay. */
	if (cfg->swap_bytes)
		seq_printf(s, " --swap=%lu", cfg->swap_bytes);
	/* The CPUs only where they are not the default two, likewise. */
	if (cfg->nr_cpus != 2)
		seq_printf(s, " --cpus=%d", cfg->nr_cpus);
	/* The kernel threads only when booted, likewise. */
	if (cfg->kthreads)
		seq_puts(s, " --kthreads");
	seq_puts(s, "\n");
}

/* write_all - append @len bytes to the journal file; -errno on failure. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/**
 * ctl_journal_start() - start the journal of machine @m: from now on
 * every command and mem/clear_refs access is recorded.
 * @m: the machine, just booted
 * @path: mmsimfs --journal=FILE, started afresh (created 0600 if missing)
 *	and appended to line by line;
 *	NULL for MOUNT/journal only
 * Return: 0, or -errno when FILE cannot be opened or written.
 */
int ctl_journal_start(struct machine *m, const char *path)
{
	int err;

	seq_buf_init(&journal.text);
	journal_header(&m->cfg, &journal.text);
	if (journal.text.err)
		return journal.text.err;
	if (path) {
		journal.path = strdup(path);
		if (!journal.path)
			return -ENOMEM;
		journal.fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC,
				  0600);
		if (journal.fd < 0)
			return -errno;
		err = write_all(journal.fd, journal.text.buf, journal.text.len);
		if (err)
			return err;
		/* The text lives in FILE from now on. */
		journal.text.len = 0;
	}
	journal.on = true;
	return 0;
}

/** ctl_journal_stop() - close the journal file and free the text. */
void ctl_journal_stop(void)
{
	if (journal.fd >= 0)
		close(journal.fd);
	journal.fd = -1;
	journal.on = false;
	free(journal.path);
	journal.path = NULL;
	seq_buf_free(&journal.text);
}

/**
 * ctl_journal_lock() - order what follows in the journal: held across a
 * command or a mem/clear_refs access and its ctl_journal_record().
 */
void ctl_journal_lock(void)
{
	pthread_mutex_lock(&journal.lock);
}

void ctl_journal_unlock(void)
{
	pthread_mutex_unlock(&journal.lock);
}

/**
 * ctl_journal_record() - append one line: "PID LINE", or "LINE" for a
 * global command (@pid 0). Caller holds ctl_journal_lock().
 * @pid: the process the command ran for, or 0
 * @line: the command and its arguments, without newline
 * @len: its length
 *
 * A failure to write FILE is reported on the daemon's standard error
 * once; the machine goes on (the command has run already).
 */
void ctl_journal_record(pid_t pid, const char *line, size_t len)
{
	size_t start = journal.text.len;
	static bool warned;

	if (!journal.on || journal.truncated)
		return;
	if (pid)
		seq_printf(&journal.text, "%d ", (int)pid);
	seq_write(&journal.text, line, len);
	seq_putc(&journal.text, '\n');
	if (journal.text.err) {
		journal.text.err = 0;
		journal.text.len = start;
		if (journal.fd < 0) {
			journal.truncated = true;
			return;
		}
		if (!warned)
			fprintf(stderr, "mmsimfs: journal: out of host memory for a line; the journal file lacks it\n");
		warned = true;
		return;
	}
	if (journal.fd >= 0) {
		if (write_all(journal.fd, journal.text.buf + start,
			      journal.text.len - start) && !warned) {
			fprintf(stderr, "mmsimfs: journal: cannot append to the journal file\n");
			warned = true;
		}
		journal.text.len = 0;	/* FILE holds it */
	} else if (journal.text.len > JOURNAL_MEM_MAX) {
		journal.text.len = start;
		journal.truncated = true;
	}
}

/**
 * ctl_journal_file_access() - record an access of PID/mem or a write of
 * PID/clear_refs or sys/vm/drop_caches as the ctl command that does the
 * same (drop_caches: a global one, @pid 0). Caller holds
 * ctl_journal_lock() across the access and this call.
 * @pid: the process
 * @name: "mem", "clear_refs" or "drop_caches"
 * @write: a write (else a read of mem)
 * @buf: the bytes written (mem), or the text written (clear_refs)
 * @done: bytes the access moved (> 0)
 * @off: the file offset (mem: the address)
 */
void ctl_journal_file_access(pid_t pid, const char *name, bool write,
			     const char *buf, size_t done, off_t off)
{
	static const char hex[] = "0123456789abcdef";
	struct seq_buf line;
	int value;

	if (!journal.on || !done)
		return;
	seq_buf_init(&line);
	if (!strcmp(name, "clear_refs")) {
		if (clear_refs_parse(buf, done, &value))
			return;
		seq_printf(&line, "clear_refs %d", value);
	} else if (!strcmp(name, "drop_caches")) {
		/* sys/vm/drop_caches: the global command; 4 changes nothing. */
		if (sysctl_parse_int(buf, done, &value) || value < 1 ||
		    value > 3)
			return;
		seq_printf(&line, "drop_caches %d", value);
	} else if (!write) {
		seq_printf(&line, "mem_read 0x%llx %zu", (unsigned long long)off,
			   done);
	} else {
		/* One line per 256 KiB, well inside a ctl line's limit. */
		for (size_t at = 0; at < done; at += MEM_WRITE_CHUNK) {
			size_t n = done - at < MEM_WRITE_CHUNK ? done - at :
				   MEM_WRITE_CHUNK;

			line.len = 0;
			seq_printf(&line, "mem_write 0x%llx 0x",
				   (unsigned long long)off + at);
			for (size_t i = 0; i < n; i++) {
				unsigned char c = (unsigned char)buf[at + i];

				seq_putc(&line, hex[c >> 4]);
				seq_putc(&line, hex[c & 15]);
			}
			if (!line.err)
				ctl_journal_record(pid, line.buf, line.len);
		}
		seq_buf_free(&line);
		return;
	}
	if (!line.err)
		ctl_journal_record(pid, line.buf, line.len);
	seq_buf_free(&line);
}

/**
 * ctl_journal_show() - MOUNT/journal: the journal so far.
 * @s: the text goes here
 * Return: 0. Takes journal_lock.
 */
int ctl_journal_show(struct seq_buf *s)
{
	pthread_mutex_lock(&journal.lock);
	if (journal.path) {
		char *text = read_host_text(journal.path);

		if (text)
			seq_puts(s, text);
		else
			seq_printf(s, "# cannot read the journal file %s\n",
				   journal.path);
		free(text);
	} else if (journal.text.buf) {
		seq_write(s, journal.text.buf, journal.text.len);
		if (journal.truncated)
			seq_printf(s, "# journal truncated: it outgrew %lu MiB of memory (mmsimfs --journal=FILE keeps it whole)\n",
				   JOURNAL_MEM_MAX >> 20);
	}
	pthread_mutex_unlock(&journal.lock);
	return 0;
}

/**
 * ctl_journal_replay() - run a journal's lines on the freshly booted @m,
 * as mmsimfs --replay=FILE does, recording them in this machine's journal
 * in turn. A line's failure is not an error: the command failed on the
 * first machine too, and fails the same way here.
 * @m: the machine, booted with the options @text's header names
 * @text: the journal, NUL-terminated
 * @why: set when the journal cannot be replayed
 * @whylen: size of @why
 * Return: the number of lines run, or -EINVAL (not a journal, or one of a
 * machine booted with other options: @why says which).
 */
long ctl_journal_replay(struct machine *m, const char *text, char *why,
			size_t whylen)
{
	struct seq_buf header;
	const char *line = text, *nl;
	long n = 0;

	seq_buf_init(&header);
	journal_header(&m->cfg, &header);
	nl = strchr(text, '\n');
	if (header.err || !nl ||
	    (size_t)(nl - text + 1) != header.len ||
	    memcmp(text, header.buf, header.len)) {
		int hl = nl ? (int)(nl - text) : (int)strnlen(text, 200);

		snprintf(why, whylen,
			 "not a journal of this machine: it begins \"%.*s\", this machine's would begin \"%.*s\" (boot with the journal's options)",
			 hl > 200 ? 200 : hl, text,
			 header.len ? (int)header.len - 1 : 0,
			 header.buf ? header.buf : "");
		seq_buf_free(&header);
		return -EINVAL;
	}
	seq_buf_free(&header);
	for (line = nl + 1; *line; line = nl + 1) {
		char *copy;

		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		copy = strndup(line, (size_t)(nl - line));
		if (!copy) {
			snprintf(why, whylen, "out of host memory");
			return -ENOMEM;
		}
		ctl_execute_line(m, 0, copy, NULL);
		free(copy);
		n++;
		if (!*nl)
			break;
	}
	return n;
}
