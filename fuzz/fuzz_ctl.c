/*
 * fuzz_ctl.c - a libFuzzer target for the ctl command language: arbitrary
 * bytes go to the parser and executor of ctl/ on an in-process engine (a
 * 4 MiB machine, so out-of-memory paths and the OOM killer are reached),
 * and the engine's invariant checker runs after every command.
 *
 * The input is lines separated by '\n'. A line "N: COMMAND" runs COMMAND
 * on the ctl session of PID N (0 is MOUNTPOINT/ctl); a line without such a
 * prefix goes to the current PID, which starts at 0 and becomes the PID
 * that a successful `spawn` or `fork` replied. Each PID has one session
 * for the whole input, as one open ctl file would. Every '@' in a command
 * is replaced by the address that the last successful mmap, mremap, shmat
 * or brk replied (0x0 before any), so inputs reach the mappings they made.
 * An input whose first line is "#la57" boots a 5-level machine (mmsimfs
 * --paging=5level), so the P4D level and 57-bit addresses are fuzzed too.
 *
 * An input whose first line is "# --kthreads" boots the machine with its
 * kernel threads (mmsimfs --kthreads: kthreadd PID 2, kswapd0 PID 3).
 *
 * After every command, abort() (a finding) when:
 *  - mm_check_machine() reports an inconsistency;
 *  - the write's result and the transcript disagree (a failed write must
 *    leave a last line starting "error: ", a successful one must not);
 *  - a reply holds a control character (it would break the one line per
 *    command of the contract);
 *  - a failed command changed a view (maps, smaps, status of every task;
 *    meminfo; vmstat but for its allocator event counters; the task
 *    list): "a failed command changes nothing" (but see partial_access(),
 *    exec_read_files(), mlock_failed_populating() and
 *    failed_after_reclaim()).
 * After the input, every view of every task is rendered once and pagemap
 * is read across every VMA, so the generators see the fuzzed states too.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../ctl/ctl.h"
#include "../procfs/procfs.h"
#include "../vm/machine.h"
#include "../vm/mm.h"

#define FUZZ_MEM	(4UL << 20)
#define FUZZ_SWAP	(1UL << 20)	/* mmsimfs --swap=1M */
#define MAX_LINES	256
#define KTHREADS_LINE	"# --kthreads\n"	/* boot with kernel threads */
#define MAX_SESSIONS	64

struct session_slot {
	pid_t pid;
	struct ctl_session *sess;
};

static struct machine *fuzz_machine;
static unsigned long last_addr;	/* the last address a command replied */
static struct session_slot slots[MAX_SESSIONS];
static int nr_slots;

static void finding(const char *what, const char *line, const char *detail)
{
	fprintf(stderr, "\nfuzz_ctl: FINDING: %s\n  command: %s\n%s%s\n", what,
		line, detail ? "  detail:\n" : "", detail ? detail : "");
	abort();
}

static struct ctl_session *session_for(pid_t pid)
{
	for (int i = 0; i < nr_slots; i++)
		if (slots[i].pid == pid)
			return slots[i].sess;
	if (nr_slots == MAX_SESSIONS)
		return NULL;
	slots[nr_slots].pid = pid;
	slots[nr_slots].sess = ctl_session_new(fuzz_machine, pid, true);
	if (!slots[nr_slots].sess)
		return NULL;
	return slots[nr_slots++].sess;
}

static void render(struct seq_buf *s, const char *name, bool per_pid,
		   pid_t pid)
{
	const struct proc_file *pf = proc_lookup(name, per_pid);

	seq_printf(s, "== %s %d\n", name, (int)pid);
	if (pf && proc_render(fuzz_machine, pf, pid, s))
		seq_puts(s, "(render failed)\n");
}

/*
 * vmstat's allocator event counters count attempts, not state: a fork that
 * fails its overcommit check after dup_mm() took the child's pgd has
 * allocated and freed a frame, on Linux as here, and an allocation that
 * fails after direct reclaim found nothing to free has stalled
 * (allocstall_*). They are left out of the "failed command changes
 * nothing" comparison.
 */
static bool allocator_event(const char *line, size_t len)
{
	static const char *const names[] = {
		"pgalloc_normal ", "pgfree ", "numa_hit ", "numa_local ",
		"allocstall_",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (len >= strlen(names[i]) &&
		    !memcmp(line, names[i], strlen(names[i])))
			return true;
	return false;
}

/* render_vmstat(): vmstat without the allocator event counters. */
static void render_vmstat(struct seq_buf *s)
{
	struct seq_buf v;
	size_t len;
	char *text, *line, *nl;

	seq_buf_init(&v);
	render(&v, "vmstat", false, 0);
	text = seq_take(&v, &len);
	for (line = text; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (!allocator_event(line, nl ? (size_t)(nl - line) : strlen(line)))
			seq_write(s, line, nl ? (size_t)(nl - line + 1) : strlen(line));
	}
	free(text);
}

/*
 * The state a failed command must leave alone, as text: the task list and
 * every task's maps, smaps and status, then meminfo and vmstat (but for
 * its allocator event counters).
 */
static char *state_text(void)
{
	struct task_struct *tsk;
	pid_t pids[4096];
	int n = 0;
	struct seq_buf s;
	size_t len;

	machine_lock_read(fuzz_machine);
	for_each_task(fuzz_machine, tsk)
		if (n < 4096)
			pids[n++] = tsk->pid;
	machine_unlock(fuzz_machine);

	seq_buf_init(&s);
	for (int i = 0; i < n; i++) {
		seq_printf(&s, "task %d\n", (int)pids[i]);
		render(&s, "maps", true, pids[i]);
		render(&s, "smaps", true, pids[i]);
		render(&s, "status", true, pids[i]);
	}
	render(&s, "meminfo", false, 0);
	render_vmstat(&s);
	return seq_take(&s, &len);
}

static void check_machine(const char *line)
{
	char *report = NULL;

	machine_lock_read(fuzz_machine);
	if (mm_check_machine(fuzz_machine, &report))
		finding("the invariant checker failed", line, report);
	machine_unlock(fuzz_machine);
	free(report);
}

/* The last line of a transcript (without its newline), or "". */
static const char *last_line(const char *t, size_t len, size_t *llen)
{
	size_t end = len, start;

	if (end && t[end - 1] == '\n')
		end--;
	start = end;
	while (start && t[start - 1] != '\n')
		start--;
	*llen = end - start;
	return t + start;
}

/* Does the command in @line (@len bytes) start with the word @word? */
static bool first_word_is(const char *line, size_t len, const char *word)
{
	size_t i = 0, n = strlen(word);

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return len - i >= n && !memcmp(line + i, word, n) &&
	       (len - i == n || line[i + n] == ' ' || line[i + n] == '\t');
}

/*
 * command_of - a global ctl line "PID COMMAND ..." is COMMAND for PID: the
 * oracles look at the command and its process. Moves *@line and *@len past
 * the PID and sets *@pid to it; leaves them alone for any other line.
 */
static void command_of(pid_t *pid, const char **line, size_t *len)
{
	size_t i = 0, digits;
	pid_t v = 0;

	if (*pid)
		return;
	while (i < *len && ((*line)[i] == ' ' || (*line)[i] == '\t'))
		i++;
	for (digits = i; i < *len && (*line)[i] >= '0' && (*line)[i] <= '9' &&
	     i - digits < 8; i++)
		v = v * 10 + ((*line)[i] - '0');
	if (i == digits || (*line)[digits] == '0' || i == *len ||
	    ((*line)[i] != ' ' && (*line)[i] != '\t'))
		return;
	*pid = v;
	*line += i;
	*len -= i;
}

/*
 * An access (touch, store, load) that fails with ENOMEM because nothing
 * is left to kill (every task protected by oom_score_adj -1000, or PID 1)
 * keeps the pages it faulted in before the failing one, as the accesses a
 * CPU made before a fault stay made (a contract question put to the lead).
 */
static bool partial_access(const char *line, size_t len, ssize_t ret)
{
	if (ret == -ENOMEM && (first_word_is(line, len, "touch") ||
			       first_word_is(line, len, "store") ||
			       first_word_is(line, len, "load")))
		return true;
	/*
	 * mem_read and mem_write fail EIO when not even their first page
	 * could be reached, which may have faulted in page tables or run
	 * the OOM killer on the way, as /proc/PID/mem's access_remote_vm().
	 */
	if (ret == -EIO && (first_word_is(line, len, "mem_read") ||
			    first_word_is(line, len, "mem_write")))
		return true;
	/*
	 * A move across several VMAs (maymove fixed, same length) that runs
	 * out of memory at a later VMA keeps the VMAs moved before it, as on
	 * Linux (man/mmsim.7).
	 */
	if (ret == -ENOMEM && first_word_is(line, len, "mremap") &&
	    memmem(line, len, " maymove", 8) && memmem(line, len, " fixed", 6))
		return true;
	/*
	 * msync over a hole syncs the mapped parts first, as on Linux: the
	 * pages it wrote back are clean now (man/mmsim.7).
	 */
	return ret == -ENOMEM && first_word_is(line, len, "msync");
}

/*
 * exec_read_files - a failed execve or exec has read the headers of the
 * files it looked at through the page cache, as the kernel's does, so
 * meminfo and vmstat may have moved; every task's views must not (and
 * out of memory, its allocations may have run the OOM killer).
 */
static bool exec_read_files(const char *line, size_t len, ssize_t ret,
			    const char *prev, const char *state)
{
	const char *a = strstr(prev, "== meminfo ");
	const char *b = strstr(state, "== meminfo ");

	if (!first_word_is(line, len, "execve") &&
	    !first_word_is(line, len, "exec"))
		return false;
	if (ret == -ENOMEM)
		return true;
	return a && b && a - prev == b - state && !memcmp(prev, state, a - prev);
}

/*
 * others_text - the task sections of a state_text() @state but the one of
 * @pid, without the machine-wide views: what a command of @pid that
 * changes only its own address space must leave alone. Caller frees.
 */
static char *others_text(const char *state, pid_t pid)
{
	char head[32];
	const char *end = strstr(state, "== meminfo ");
	const char *mine, *next;
	size_t total, n = 0;
	char *out;

	if (!end)
		end = state + strlen(state);
	total = (size_t)(end - state);
	out = malloc(total + 1);
	if (!out)
		abort();
	snprintf(head, sizeof(head), "task %d\n", (int)pid);
	mine = strstr(state, head);
	while (mine && mine != state && mine[-1] != '\n')
		mine = strstr(mine + 1, head);
	if (!mine || mine >= end) {
		memcpy(out, state, total);
		out[total] = '\0';
		return out;
	}
	next = strstr(mine + 1, "\ntask ");
	next = next && next < end ? next + 1 : end;
	memcpy(out, state, (size_t)(mine - state));
	n = (size_t)(mine - state);
	memcpy(out + n, next, (size_t)(end - next));
	n += (size_t)(end - next);
	out[n] = '\0';
	return out;
}

/*
 * mlock_range_claim_holds - the engine's reply says mlock locked
 * [@start, @end) of @pid and then could not fault it all in: is every
 * page of it in a VM_LOCKED (or VM_SPECIAL, which mlock never locks) VMA
 * now, and (for ENOMEM) does some VMA of it
 * hold memory that cannot be faulted in -- PROT_NONE, or a shared
 * mapping's page past the end of its object?
 */
static bool mlock_range_claim_holds(pid_t pid, unsigned long start,
				    unsigned long end, bool unfaultable)
{
	struct task_struct *tsk;
	struct vm_area_struct *vma;
	unsigned long addr = start;
	bool found = !unfaultable;

	machine_lock_read(fuzz_machine);
	tsk = find_task_by_pid(fuzz_machine, pid);
	for (vma = tsk && tsk->mm ? find_vma(tsk->mm, start) : NULL;
	     vma && addr < end; vma = vma->vm_next) {
		unsigned long last;

		/* mlock_fixup() leaves a VM_SPECIAL VMA ([vvar], [vdso]'s
		 * kin) unlocked, and __mm_populate() skips it. */
		if (vma->vm_start > addr ||
		    !(vma->vm_flags & (VM_LOCKED | VM_SPECIAL)))
			break;
		addr = vma->vm_end;
		if (!(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
			found = true;
		last = (end < vma->vm_end ? end : vma->vm_end) - PAGE_SIZE;
		if (vma->vm_file && (loff_t)linear_page_index(vma, last) >=
		    (vma->vm_file->f_inode->i_size + (loff_t)PAGE_SIZE - 1) >>
		    PAGE_SHIFT)
			found = true;
	}
	machine_unlock(fuzz_machine);
	return addr >= end && found;
}

/*
 * maps_only - keep only the "== maps" sections of a state text (freeing
 * @text): faulting a range in may break COW with another task, whose
 * smaps and status counters (Pss, Shared/Private) then change as on
 * Linux, but never its mappings. Caller frees.
 */
static char *maps_only(char *text)
{
	char *out = malloc(strlen(text) + 1), *o = out;
	const char *line = text;
	bool keep = false;

	if (!out)
		abort();
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);

		if (!strncmp(line, "== ", 3))
			keep = !strncmp(line, "== maps ", 8);
		if (keep || !strncmp(line, "task ", 5)) {
			memcpy(o, line, n);
			o += n;
		}
		line += n;
	}
	*o = '\0';
	free(text);
	return out;
}

/*
 * mlock_failed_populating - mlock marks every VMA of its range VM_LOCKED
 * before it faults the range in, as Linux's does, and a failure there
 * leaves the range locked and the pages faulted in so far (man/mmsim.7):
 * ENOMEM for memory that cannot be faulted in, EAGAIN when memory ran
 * out. Such a failed mlock may change its own task's views and the
 * machine-wide counters, if the reply names that failure, the engine's
 * state bears it out (mlock_range_claim_holds()), and every other task
 * is unchanged unless the OOM killer ran (@kills: OOM kills before the
 * command), other than in counters COW sharing moves (maps_only()).
 * Every other failed mlock (a hole, max_map_count, bad arguments) must
 * change nothing.
 */
static bool mlock_failed_populating(pid_t pid, const char *line, size_t len,
				    ssize_t ret, const char *last,
				    size_t llen, const char *before,
				    const char *after, unsigned long kills)
{
	char reply[256], *a, *b;
	unsigned long start, end;
	bool ok;

	if (!first_word_is(line, len, "mlock") || llen >= sizeof(reply))
		return false;
	memcpy(reply, last, llen);
	reply[llen] = '\0';
	if (!(ret == -ENOMEM && sscanf(reply, "error: mlock: 0x%lx-0x%lx is "
				       "locked but cannot all be faulted in",
				       &start, &end) == 2) &&
	    !(ret == -EAGAIN && sscanf(reply, "error: mlock: out of memory "
				       "faulting 0x%lx-0x%lx in",
				       &start, &end) == 2))
		return false;
	if (start >= end ||
	    !mlock_range_claim_holds(pid, start, end, ret == -ENOMEM))
		return false;
	if (fuzz_machine->vm_events[OOM_KILL] != kills)
		return true;
	a = maps_only(others_text(before, pid));
	b = maps_only(others_text(after, pid));
	ok = !strcmp(a, b);
	free(a);
	free(b);
	return ok;
}

/* vmstat_count - the value of vmstat's @name in a state text, or 0. */
static unsigned long vmstat_count(const char *state, const char *name)
{
	const char *v = strstr(state, "\n== vmstat ");
	size_t n = strlen(name);

	for (v = v ? strchr(v + 1, '\n') : NULL; v; v = strchr(v + 1, '\n'))
		if (!strncmp(v + 1, name, n) && v[1 + n] == ' ')
			return strtoul(v + 2 + n, NULL, 10);
	return 0;
}

/*
 * failed_after_reclaim - an allocation that fails (ENOMEM, EAGAIN) after
 * reclaim freed pages leaves them freed, on Linux as here: pages went to
 * swap or out of the page cache (pgsteal_* moved), and smaps, status and
 * meminfo show it. No task's mappings may change, and no task may die
 * unless the OOM killer ran (@kills: OOM kills before the command).
 */
static bool failed_after_reclaim(ssize_t ret, const char *before,
				 const char *after, unsigned long kills)
{
	char *a, *b;
	bool ok;

	if (ret != -ENOMEM && ret != -EAGAIN)
		return false;
	if (vmstat_count(after, "pgsteal_direct") ==
	    vmstat_count(before, "pgsteal_direct") &&
	    vmstat_count(after, "pgsteal_kswapd") ==
	    vmstat_count(before, "pgsteal_kswapd"))
		return false;
	if (fuzz_machine->vm_events[OOM_KILL] != kills)
		return true;
	a = maps_only(strdup(before));
	b = maps_only(strdup(after));
	ok = a && b && !strcmp(a, b);
	free(a);
	free(b);
	return ok;
}

/*
 * The machine's state after the last command (see state_text()), kept so
 * that a failed command's "before" need not be rendered again.
 */
static char *prev_state;

/* Run one command on @pid's session; returns the PID that a successful
 * spawn or fork replied, else 0. */
static pid_t run_line(pid_t pid, const char *line, size_t len)
{
	struct ctl_session *sess = session_for(pid);
	char shown[160];
	const char *t, *last;
	size_t tlen0, tlen, llen, base;
	char *state;
	ssize_t ret;
	pid_t child = 0;
	unsigned long kills;

	snprintf(shown, sizeof(shown), "%d: %.*s", (int)pid,
		 (int)(len > 120 ? 120 : len), line);
	if (!sess)
		return 0;
	ctl_session_replies(sess, &tlen0, &base);
	kills = fuzz_machine->vm_events[OOM_KILL];
	ret = ctl_session_write(sess, line, len);
	/* Far below CTL_TRANSCRIPT_MAX: nothing is ever dropped here. */
	t = ctl_session_replies(sess, &tlen, &base);

	for (size_t i = tlen0; i < tlen; i++) {
		unsigned char c = (unsigned char)t[i];

		if ((c < 0x20 && c != '\n') || c == 0x7f)
			finding("a reply holds a control character", shown,
				t + tlen0);
	}
	if (tlen > tlen0 && t[tlen - 1] != '\n')
		finding("the transcript does not end with a newline", shown,
			t + tlen0);
	last = last_line(t, tlen, &llen);
	state = state_text();
	if (ret < 0) {
		if (tlen == tlen0 || llen < 7 || memcmp(last, "error: ", 7))
			finding("a failed write left no error line", shown,
				t + tlen0);
		if (ret == -EUCLEAN)
			finding("a command failed with EUCLEAN", shown, last);
		pid_t cpid = pid;
		const char *cline = line;
		size_t clen = len;

		command_of(&cpid, &cline, &clen);
		if (strcmp(prev_state, state) &&
		    !partial_access(cline, clen, ret) &&
		    !exec_read_files(cline, clen, ret, prev_state, state) &&
		    !mlock_failed_populating(cpid, cline, clen, ret, last, llen,
					     prev_state, state, kills) &&
		    !failed_after_reclaim(ret, prev_state, state, kills))
			finding("a failed command changed the machine", shown,
				last);
	} else {
		if (ret != (ssize_t)len)
			finding("a successful write returned a short count",
				shown, NULL);
		for (size_t i = tlen0; i + 7 <= tlen; i++)
			if ((i == tlen0 || t[i - 1] == '\n') &&
			    !memcmp(t + i, "error: ", 7))
				finding("a successful write has an error line",
					shown, t + tlen0);
		if ((first_word_is(line, len, "mmap") ||
		     first_word_is(line, len, "mremap") ||
		     first_word_is(line, len, "shmat") ||
		     first_word_is(line, len, "brk")) && llen > 2 &&
		    !memcmp(last, "0x", 2))
			last_addr = strtoul(last, NULL, 16);
		if ((first_word_is(line, len, "spawn") ||
		     first_word_is(line, len, "fork")) && llen && llen < 12) {
			char num[16], *end;
			long v;

			memcpy(num, last, llen);
			num[llen] = '\0';
			v = strtol(num, &end, 10);
			if (!*end && v > 0)
				child = (pid_t)v;
		}
	}
	free(prev_state);
	prev_state = state;
	check_machine(shown);
	return child;
}

/* Replace each '@' of @line by last_addr, then run it. */
static pid_t run_line_at(pid_t pid, const char *line, size_t len)
{
	size_t ats = 0, n = 0;
	char *buf;
	pid_t ret;

	for (size_t i = 0; i < len; i++)
		ats += line[i] == '@';
	if (!ats)
		return run_line(pid, line, len);
	buf = malloc(len + ats * 20 + 1);
	if (!buf)
		abort();
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '@')
			n += (size_t)sprintf(buf + n, "0x%lx", last_addr);
		else
			buf[n++] = line[i];
	}
	ret = run_line(pid, buf, n);
	free(buf);
	return ret;
}

/* Render every view of every task, and pagemap over every VMA. */
static void render_all(void)
{
	struct task_struct *tsk;
	pid_t pids[4096];
	int n = 0;
	struct seq_buf s;
	char buf[4096];

	machine_lock_read(fuzz_machine);
	for_each_task(fuzz_machine, tsk)
		if (n < 4096)
			pids[n++] = tsk->pid;
	machine_unlock(fuzz_machine);

	for (size_t i = 0; i < nr_proc_files; i++) {
		const struct proc_file *pf = &proc_files[i];
		size_t nl = strlen(pf->name);
		/*
		 * An .svg twin is its dot text (rendered for every task) laid
		 * out by Graphviz, milliseconds each: only the first task's,
		 * so the glue is exercised without slowing every input.
		 */
		bool svg = nl > 4 && !strcmp(pf->name + nl - 4, ".svg");
		int tasks = pf->per_pid ? (svg && n > 1 ? 1 : n) : 1;

		for (int j = 0; j < tasks; j++) {
			pid_t pid = pf->per_pid ? pids[j] : 0;

			if (pf->kind == PF_CGROUP) {
				/* The root group's files, and /a's if made. */
				static const char *const groups[] = { "/", "/a", "/a/b" };

				for (size_t g = 0; g < 3; g++) {
					seq_buf_init(&s);
					proc_cgroup_render(fuzz_machine, pf, groups[g], &s);
					seq_buf_free(&s);
				}
			} else if (pf->kind == PF_SNAPSHOT && pf->show) {
				seq_buf_init(&s);
				proc_render(fuzz_machine, pf, pid, &s);
				seq_buf_free(&s);
			} else if (pf->kind == PF_RANGE && pf->read) {
				/* The first and the last pages' worth. */
				pf->read(fuzz_machine, pid, buf, sizeof(buf), 0);
				pf->read(fuzz_machine, pid, buf, 8,
					 (off_t)((TASK_SIZE >> PAGE_SHIFT) - 1) * 8);
			}
		}
	}
	/* pagemap across each VMA, in one read as a reader would. */
	const struct proc_file *pm = proc_lookup("pagemap", true);

	for (int j = 0; j < n; j++) {
		struct vm_area_struct *vma;
		unsigned long ranges[64][2];
		int nr = 0;

		machine_lock_read(fuzz_machine);
		tsk = find_task_by_pid(fuzz_machine, pids[j]);
		for (vma = tsk && tsk->mm ? tsk->mm->mmap : NULL; vma && nr < 64;
		     vma = vma->vm_next) {
			ranges[nr][0] = vma->vm_start;
			ranges[nr][1] = vma->vm_end;
			nr++;
		}
		machine_unlock(fuzz_machine);
		for (int k = 0; k < nr; k++) {
			unsigned long pages = (ranges[k][1] - ranges[k][0]) >>
					      PAGE_SHIFT;
			size_t size = (pages > 512 ? 512 : pages) * 8;

			pm->read(fuzz_machine, pids[j], buf, size,
				 (off_t)(ranges[k][0] >> PAGE_SHIFT) * 8);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct machine_config cfg;
	char *text, *p, *end;
	pid_t current = 0;
	int lines = 0;

	machine_config_default(&cfg);
	cfg.mem_bytes = FUZZ_MEM;
	/* "#la57" first: --paging=5level (the line is a comment after). */
	if (size >= 6 && !memcmp(data, "#la57\n", 6))
		cfg.cpu.la57 = true;
	/* A small swap area, so pageout, swap-ins and a full area are reached. */
	cfg.swap_bytes = FUZZ_SWAP;
	cfg.kthreads = size >= sizeof(KTHREADS_LINE) - 1 &&
		       !memcmp(data, KTHREADS_LINE, sizeof(KTHREADS_LINE) - 1);
	fuzz_machine = machine_boot(&cfg);
	if (!fuzz_machine)
		abort();
	nr_slots = 0;
	last_addr = 0;
	prev_state = state_text();

	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';

	for (p = text; p < text + size && lines < MAX_LINES; p = end + 1) {
		char *line = p, *q;
		pid_t pid = current, child;
		size_t len;

		end = memchr(p, '\n', (size_t)(text + size - p));
		if (!end)
			end = text + size;
		len = (size_t)(end - p);
		lines++;
		/* An "N:" prefix picks the session. */
		for (q = line; q < end && *q >= '0' && *q <= '9' && q - line < 7; q++)
			;
		if (q > line && q < end && *q == ':') {
			pid = (pid_t)strtol(line, NULL, 10);
			q++;
			while (q < end && *q == ' ')
				q++;
			len -= (size_t)(q - line);
			line = q;
		}
		child = run_line_at(pid, line, len);
		if (child)
			current = child;
	}

	render_all();
	check_machine("(after rendering every view)");
	for (int i = 0; i < nr_slots; i++)
		ctl_session_free(slots[i].sess);
	nr_slots = 0;
	machine_destroy(fuzz_machine);
	fuzz_machine = NULL;
	free(prev_state);
	prev_state = NULL;
	free(text);
	return 0;
}
