/*
 * trace.c - the machine's trace ring buffer (kernel/trace/ring_buffer.c
 * and trace_events.c, raw): recording, the simulated clock, the
 * set_event_pid filter, and the controls the tracing/ files change. See
 * trace.h for the clock's rule; procfs/trace_events.c renders the events.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trace.h"
#include "machine.h"
#include "mm.h"

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL

struct trace_array trace_off;

/**
 * trace_init() - see trace.h.
 * @tr: the machine's trace array
 * @m: its machine
 */
void trace_init(struct trace_array *tr, struct machine *m)
{
	memset(tr, 0, sizeof(*tr));
	tr->tracing_on = true;
	tr->machine = m;
}

static inline struct trace_entry *entry_at(const struct trace_array *tr,
					   size_t page, size_t off)
{
	return (struct trace_entry *)&tr->ring[page * TRACE_PAGE_WORDS + off];
}

static inline size_t entry_words(const struct trace_entry *e)
{
	return TRACE_ENTRY_WORDS(e->nr_fields, e->has_str);
}

/*
 * page_clear - @page's entries from word @off on are gone (their strings
 * freed), and the page is empty.
 */
static void page_clear(struct trace_array *tr, size_t page, size_t off)
{
	struct trace_page *p = &tr->pages[page];

	for (; p->strs && off < p->words;) {
		struct trace_entry *e = entry_at(tr, page, off);

		if (e->has_str)
			free((char *)e->fields[e->nr_fields]);
		off += entry_words(e);
	}
	tr->count -= p->entries;
	p->words = p->entries = 0;
	p->strs = false;
}

/** trace_reset() - see trace.h. */
void trace_reset(struct trace_array *tr)
{
	if (tr->pages) {
		for (size_t i = 0; i < TRACE_BUF_PAGES; i++)
			page_clear(tr, i, i == tr->head_page ? tr->head_off : 0);
	}
	tr->head_page = tr->head_off = tr->tail_page = 0;
	tr->count = 0;
	tr->written = 0;
}

/** trace_destroy() - free the buffer. */
void trace_destroy(struct trace_array *tr)
{
	trace_reset(tr);
	free(tr->ring);
	free(tr->pages);
	tr->ring = NULL;
	tr->pages = NULL;
}

static void update_active(struct trace_array *tr)
{
	tr->active = tr->tracing_on ? tr->enabled : 0;
	tr->graph = tr->tracing_on && tr->graph_tracer;
}

/** trace_set_event() - see trace.h. */
void trace_set_event(struct trace_array *tr, enum trace_event_id id, bool on)
{
	if (id >= NR_TRACE_EVENTS)
		return;
	if (on)
		tr->enabled |= 1ULL << id;
	else
		tr->enabled &= ~(1ULL << id);
	update_active(tr);
}

/** trace_set_on() - see trace.h. */
void trace_set_on(struct trace_array *tr, bool on)
{
	tr->tracing_on = on;
	update_active(tr);
}

/** trace_set_graph() - see trace.h. */
void trace_set_graph(struct trace_array *tr, bool on)
{
	if (tr->graph_tracer == on)
		return;
	trace_reset(tr);
	tr->graph_tracer = on;
	update_active(tr);
}

/** trace_set_pids() - see trace.h. */
int trace_set_pids(struct trace_array *tr, const pid_t *pids,
		   unsigned int nr)
{
	if (nr > TRACE_MAX_PIDS)
		return -EINVAL;
	if (nr)		/* an empty list may come as NULL */
		memcpy(tr->pids, pids, nr * sizeof(*pids));
	tr->nr_pids = nr;
	return 0;
}

/** trace_set_ftrace_pids() - see trace.h. */
int trace_set_ftrace_pids(struct trace_array *tr, const pid_t *pids,
			  unsigned int nr)
{
	if (nr > TRACE_MAX_PIDS)
		return -EINVAL;
	if (nr)
		memcpy(tr->ftrace_pids, pids, nr * sizeof(*pids));
	tr->nr_ftrace_pids = nr;
	return 0;
}

/** trace_clock_command() - see trace.h. */
void trace_clock_command(struct trace_array *tr)
{
	tr->clock = (tr->clock / NSEC_PER_MSEC + 1) * NSEC_PER_MSEC;
}

/* pid_in - is @pid among the @nr of @pids (none: every task is)? */
static inline bool pid_in(const pid_t *pids, unsigned int nr, pid_t pid)
{
	if (__builtin_expect(!nr, 1))
		return true;
	for (unsigned int i = 0; i < nr; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

/* pid_traced - set_event_pid for events, set_ftrace_pid for functions. */
static inline bool pid_traced(const struct trace_array *tr,
			      enum trace_event_id id, pid_t pid)
{
	if (id == TE_FUNCGRAPH_ENTRY || id == TE_FUNCGRAPH_EXIT)
		return pid_in(tr->ftrace_pids, tr->nr_ftrace_pids, pid);
	return pid_in(tr->pids, tr->nr_pids, pid);
}

/*
 * reserve - room for a record of @words words on the tail page, or at
 * the start of the next one (rb_move_tail()); when that is the head page,
 * the buffer is full and the oldest page's entries go (overwrite mode).
 * NULL when the host has no memory.
 */
static struct trace_entry *reserve(struct trace_array *tr, size_t words)
{
	struct trace_page *p;

	if (__builtin_expect(!tr->ring, 0)) {
		tr->ring = malloc(TRACE_BUF_PAGES * TRACE_PAGE_WORDS *
				  sizeof(*tr->ring));
		tr->pages = calloc(TRACE_BUF_PAGES, sizeof(*tr->pages));
		if (!tr->ring || !tr->pages) {
			free(tr->ring);
			free(tr->pages);
			tr->ring = NULL;
			tr->pages = NULL;
			return NULL;
		}
	}
	p = &tr->pages[tr->tail_page];
	if (__builtin_expect(p->words + words > TRACE_PAGE_WORDS, 0)) {
		size_t next = (tr->tail_page + 1) % TRACE_BUF_PAGES;

		if (next == tr->head_page) {
			page_clear(tr, next, tr->head_off);
			tr->head_page = (next + 1) % TRACE_BUF_PAGES;
			tr->head_off = 0;
		}
		tr->tail_page = next;
		p = &tr->pages[next];
	}
	p->words += (uint32_t)words;
	p->entries++;
	return entry_at(tr, tr->tail_page, p->words - words);
}

/* Inline in trace_record(): a fault records some 20 events. */
static inline __attribute__((always_inline))
struct trace_entry *record_common(struct trace_array *tr,
					 enum trace_event_id id,
					 unsigned int nr, const char *str,
					 size_t len)
{
	struct task_struct *tsk = tr->machine ? get_current(tr->machine) : NULL;
	pid_t pid = tsk ? tsk->pid : 0;
	struct trace_entry *e;
	char *copy = NULL;

	if (!pid_traced(tr, id, pid))
		return NULL;
	if (str) {
		copy = malloc(len + 1);
		if (!copy)
			return NULL;
		memcpy(copy, str, len);
		copy[len] = '\0';
	}
	e = reserve(tr, TRACE_ENTRY_WORDS(nr, copy));
	if (!e) {
		free(copy);
		return NULL;
	}
	tr->clock += NSEC_PER_USEC;
	e->ts = tr->clock;
	e->pid = pid;
	e->id = (uint8_t)id;
	e->nr_fields = (uint8_t)nr;
	e->has_str = copy != NULL;
	e->cpu = tr->machine ? (uint8_t)tr->machine->this_cpu : 0;
	if (tsk) {
		memcpy(e->comm, tsk->comm, sizeof(e->comm) - 1);
		e->comm[sizeof(e->comm) - 1] = '\0';
	} else {
		memcpy(e->comm, "<idle>", sizeof("<idle>"));
	}
	if (copy) {
		e->fields[nr] = (unsigned long)copy;
		tr->pages[tr->tail_page].strs = true;
	}
	tr->count++;
	tr->written++;
	return e;
}

/** trace_record() - see trace.h. */
void trace_record(struct trace_array *tr, enum trace_event_id id,
		  const unsigned long *fields, unsigned int nr,
		  const char *str)
{
	struct trace_entry *e;

	if (nr > TRACE_MAX_FIELDS)
		nr = TRACE_MAX_FIELDS;
	e = record_common(tr, id, nr, str, str ? strlen(str) : 0);
	if (!e)
		return;
	for (unsigned int i = 0; i < nr; i++)	/* a few words: no memcpy */
		e->fields[i] = fields[i];
}

/** trace_record_marker() - see trace.h. */
int trace_record_marker(struct trace_array *tr, const char *text, size_t len)
{
	if (!tr->tracing_on)
		return -EBADF;
	record_common(tr, TE_PRINT, 0, text, len);
	return 0;
}

/* next_entry - step the place @page, @off past the entry there. */
static inline void next_entry(const struct trace_array *tr, size_t *page,
			      size_t *off)
{
	*off += entry_words(entry_at(tr, *page, *off));
	if (*off >= tr->pages[*page].words) {
		*page = (*page + 1) % TRACE_BUF_PAGES;
		*off = 0;
	}
}

/** trace_iter_start() - see trace.h. */
void trace_iter_start(struct trace_iter *it, const struct trace_array *tr)
{
	it->tr = tr;
	it->idx = 0;
	it->page = tr->head_page;
	it->off = tr->head_off;
}

/** trace_iter_peek() - see trace.h. */
const struct trace_entry *trace_iter_peek(const struct trace_iter *it,
					  size_t ahead)
{
	size_t page = it->page, off = it->off;

	if (it->idx + ahead >= it->tr->count)
		return NULL;
	while (ahead--)
		next_entry(it->tr, &page, &off);
	return entry_at(it->tr, page, off);
}

/** trace_iter_advance() - see trace.h. */
void trace_iter_advance(struct trace_iter *it, size_t n)
{
	for (; n && it->idx < it->tr->count; n--, it->idx++)
		next_entry(it->tr, &it->page, &it->off);
}

/**
 * trace_consume() - see trace.h: the oldest entries go one by one; an
 * emptied head page is free again, and the next one is the head.
 */
void trace_consume(struct trace_array *tr, size_t n)
{
	for (; n && tr->count; n--) {
		struct trace_page *p = &tr->pages[tr->head_page];
		struct trace_entry *e = entry_at(tr, tr->head_page,
						 tr->head_off);

		if (e->has_str)
			free((char *)e->fields[e->nr_fields]);
		tr->head_off += entry_words(e);
		p->entries--;
		tr->count--;
		if (tr->head_off < p->words)
			continue;
		p->words = 0;
		p->strs = false;
		tr->head_off = 0;
		if (tr->head_page != tr->tail_page)
			tr->head_page = (tr->head_page + 1) % TRACE_BUF_PAGES;
	}
}

/** trace_mark_victim() - see trace.h. */
void trace_mark_victim(struct trace_array *tr, struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;
	unsigned long f[TRACE_MAX_FIELDS];

	if (!trace_event_on(tr, TE_MARK_VICTIM))
		return;
	/* pid, (comm in str), total_vm, anon, file, shmem kB, uid,
	 * pgtables kB, oom_score_adj: the format's order, comm skipped */
	f[0] = (unsigned long)tsk->pid;
	f[1] = mm ? mm->total_vm << (PAGE_SHIFT - 10) : 0;
	f[2] = mm ? get_mm_counter(mm, MM_ANONPAGES) << (PAGE_SHIFT - 10) : 0;
	f[3] = mm ? get_mm_counter(mm, MM_FILEPAGES) << (PAGE_SHIFT - 10) : 0;
	f[4] = mm ? get_mm_counter(mm, MM_SHMEMPAGES) << (PAGE_SHIFT - 10) : 0;
	f[5] = 0;	/* every simulated task is root's (status' Uid) */
	f[6] = mm ? (unsigned long)mm->pgtables_bytes >> 10 : 0;
	f[7] = (unsigned long)(long)tsk->oom_score_adj;
	trace_record(tr, TE_MARK_VICTIM, f, 8, tsk->comm);
}

/** __trace_graph_entry() - see trace.h: funcgraph_entry for @func. */
struct trace_graph_frame __trace_graph_entry(struct trace_array *tr,
					     const char *func)
{
	struct trace_graph_frame frame = { tr, func, tr->graph_depth, 0 };
	unsigned long f[2] = { (unsigned long)func, tr->graph_depth };

	tr->graph_depth++;
	trace_record(tr, TE_FUNCGRAPH_ENTRY, f, 2, NULL);
	frame.calltime = tr->clock;
	return frame;
}

/**
 * __trace_graph_return() - see trace.h: funcgraph_exit, with the entry's
 * time and this one (the clock moves 1 us a record, so a function that
 * records nothing between takes 1 us). The format's overrun is always 0
 * here and is not stored: the fields are func, depth, calltime, rettime.
 */
void __trace_graph_return(struct trace_graph_frame *frame)
{
	struct trace_array *tr = frame->tr;
	unsigned long f[4] = { (unsigned long)frame->func, frame->depth,
			       (unsigned long)frame->calltime, 0 };

	if (tr->graph_depth)
		tr->graph_depth--;
	if (!tr->graph)		/* stopped meanwhile */
		return;
	f[3] = (unsigned long)(tr->clock + 1000);
	trace_record(tr, TE_FUNCGRAPH_EXIT, f, 4, NULL);
}
