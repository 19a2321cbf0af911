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

static void entry_free(struct trace_entry *e)
{
	if (e->str) {
		free(e->str);
		e->str = NULL;
	}
}

/** trace_reset() - see trace.h. */
void trace_reset(struct trace_array *tr)
{
	for (size_t i = 0; i < tr->count; i++)
		entry_free(&tr->ring[(tr->head + i) % TRACE_BUF_EVENTS]);
	tr->head = tr->count = 0;
	tr->written = 0;
}

/** trace_destroy() - free the buffer. */
void trace_destroy(struct trace_array *tr)
{
	trace_reset(tr);
	free(tr->ring);
	tr->ring = NULL;
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
 * reserve - the next slot, overwriting the oldest entry when the buffer
 * is full (ftrace's overwrite mode). NULL when the host has no memory.
 */
static struct trace_entry *reserve(struct trace_array *tr)
{
	struct trace_entry *e;

	if (!tr->ring) {
		tr->ring = calloc(TRACE_BUF_EVENTS, sizeof(*tr->ring));
		if (!tr->ring)
			return NULL;
	}
	if (tr->count == TRACE_BUF_EVENTS) {
		entry_free(&tr->ring[tr->head]);
		tr->head = (tr->head + 1) % TRACE_BUF_EVENTS;
		tr->count--;
	}
	/* Every field but the event's own is set by the caller. */
	e = &tr->ring[(tr->head + tr->count) % TRACE_BUF_EVENTS];
	entry_free(e);
	return e;
}

static struct trace_entry *record_common(struct trace_array *tr,
					 enum trace_event_id id,
					 const char *str, size_t len)
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
	e = reserve(tr);
	if (!e) {
		free(copy);
		return NULL;
	}
	tr->clock += NSEC_PER_USEC;
	e->ts = tr->clock;
	e->pid = pid;
	e->id = (uint16_t)id;
	e->cpu = tr->machine ? (uint16_t)tr->machine->this_cpu : 0;
	if (tsk) {
		memcpy(e->comm, tsk->comm, sizeof(e->comm) - 1);
		e->comm[sizeof(e->comm) - 1] = '\0';
	} else {
		strcpy(e->comm, "<idle>");
	}
	e->str = copy;
	tr->count++;
	tr->written++;
	return e;
}

/** trace_record() - see trace.h. */
void trace_record(struct trace_array *tr, enum trace_event_id id,
		  const unsigned long *fields, unsigned int nr,
		  const char *str)
{
	struct trace_entry *e = record_common(tr, id, str,
					      str ? strlen(str) : 0);

	if (!e)
		return;
	if (nr > TRACE_MAX_FIELDS)
		nr = TRACE_MAX_FIELDS;
	for (unsigned int i = 0; i < nr; i++)	/* a few words: no memcpy */
		e->fields[i] = fields[i];
}

/** trace_record_marker() - see trace.h. */
int trace_record_marker(struct trace_array *tr, const char *text, size_t len)
{
	if (!tr->tracing_on)
		return -EBADF;
	record_common(tr, TE_PRINT, text, len);
	return 0;
}

/** trace_entry_at() - see trace.h. */
const struct trace_entry *trace_entry_at(const struct trace_array *tr,
					 size_t i)
{
	if (i >= tr->count)
		return NULL;
	return &tr->ring[(tr->head + i) % TRACE_BUF_EVENTS];
}

/** trace_consume() - see trace.h. */
void trace_consume(struct trace_array *tr, size_t n)
{
	if (n > tr->count)
		n = tr->count;
	for (size_t i = 0; i < n; i++) {
		entry_free(&tr->ring[tr->head]);
		tr->head = (tr->head + 1) % TRACE_BUF_EVENTS;
	}
	tr->count -= n;
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
 * records nothing between takes 1 us).
 */
void __trace_graph_return(struct trace_graph_frame *frame)
{
	struct trace_array *tr = frame->tr;
	unsigned long f[5] = { (unsigned long)frame->func, frame->depth, 0,
			       (unsigned long)frame->calltime, 0 };

	if (tr->graph_depth)
		tr->graph_depth--;
	if (!tr->graph)		/* stopped meanwhile */
		return;
	f[4] = (unsigned long)(tr->clock + 1000);
	trace_record(tr, TE_FUNCGRAPH_EXIT, f, 5, NULL);
}
