/*
 * trace.h - the machine's trace ring buffer (kernel/trace/'s ring buffer
 * and trace_events, in their raw form): tracepoints at the places Linux
 * has them record an event id, a simulated timestamp, the CPU, the task
 * and the event's fields as numbers; procfs/trace_events.c knows the
 * events' names, formats and how ftrace prints them. vm/ knows no text.
 *
 * Cost when tracing is off: one test of one word per call site
 * (trace_array->active, the enabled events while tracing_on is 1).
 *
 * Timestamps are simulated, so that two runs of one script give one
 * trace: the clock starts at 0 at boot; each ctl command the machine runs
 * begins on the next whole millisecond (trace_clock_command()), and so
 * does each access of a file the journal records as a command (PID/mem,
 * PID/clear_refs, sys/vm/drop_caches); each event recorded is one
 * microsecond after the one before it.
 */
#ifndef MMSIM_TRACE_H
#define MMSIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct machine;
struct task_struct;

/*
 * The events, by id. procfs/trace_events.c's table describes each one
 * (name, subsystem, fields, print format) in this order.
 */
enum trace_event_id {
	TE_PAGE_FAULT_USER,		/* exceptions:page_fault_user */
	TE_MM_PAGE_FREE,		/* kmem:mm_page_free */
	TE_MM_PAGE_ALLOC,		/* kmem:mm_page_alloc */
	TE_RSS_STAT,			/* kmem:rss_stat */
	TE_VM_UNMAPPED_AREA,		/* mmap:vm_unmapped_area */
	TE_EXIT_MMAP,			/* mmap:exit_mmap */
	TE_MM_FILEMAP_DELETE_FROM_PAGE_CACHE, /* filemap:... */
	TE_MM_FILEMAP_ADD_TO_PAGE_CACHE,	/* filemap:... */
	TE_MARK_VICTIM,			/* oom:mark_victim */
	TE_MM_FILEMAP_FAULT,		/* filemap:mm_filemap_fault */
	TE_MM_FILEMAP_MAP_PAGES,	/* filemap:mm_filemap_map_pages */
	TE_MM_LRU_INSERTION,		/* pagemap:mm_lru_insertion */
	TE_MM_LRU_ACTIVATE,		/* pagemap:mm_lru_activate */
	TE_TLB_FLUSH,			/* tlb:tlb_flush */
	TE_MM_VMSCAN_KSWAPD_SLEEP,	/* vmscan:mm_vmscan_kswapd_sleep */
	TE_MM_VMSCAN_KSWAPD_WAKE,	/* vmscan:mm_vmscan_kswapd_wake */
	TE_MM_VMSCAN_WAKEUP_KSWAPD,	/* vmscan:mm_vmscan_wakeup_kswapd */
	TE_MM_VMSCAN_DIRECT_RECLAIM_BEGIN, /* vmscan:..._begin */
	TE_MM_VMSCAN_DIRECT_RECLAIM_END, /* vmscan:..._end */
	TE_MM_VMSCAN_LRU_ISOLATE,	/* vmscan:mm_vmscan_lru_isolate */
	TE_MM_VMSCAN_WRITE_FOLIO,	/* vmscan:mm_vmscan_write_folio */
	TE_MM_VMSCAN_LRU_SHRINK_INACTIVE, /* vmscan:..._inactive */
	TE_MM_VMSCAN_LRU_SHRINK_ACTIVE,	/* vmscan:..._active */
	TE_PRINT,			/* ftrace:print (trace_marker) */
	TE_FUNCGRAPH_ENTRY,		/* ftrace:funcgraph_entry */
	TE_FUNCGRAPH_EXIT,		/* ftrace:funcgraph_exit */
	NR_TRACE_EVENTS
};

/* The most fields an event records (mark_victim has 8, one a string;
 * mm_vmscan_lru_shrink_inactive 13). */
#define TRACE_MAX_FIELDS	13
/*
 * The buffer: TRACE_BUF_PAGES pages of TRACE_PAGE_WORDS 8-byte words
 * (4 MiB), as kernel/trace/ring_buffer.c's pages. Records have the
 * length of their fields (a function_graph entry takes 6 words, an exit
 * 8) and never straddle a page. When the buffer is full, the writer
 * takes the oldest page and its entries are gone, as in ftrace's
 * overwrite mode.
 */
#define TRACE_PAGE_WORDS	512
#define TRACE_BUF_PAGES		1024
/* What set_event_pid holds at most. */
#define TRACE_MAX_PIDS		64

/**
 * struct trace_entry - one recorded event, as it lies in the buffer.
 * @ts: the simulated timestamp, in nanoseconds
 * @pid: the task that was current (0: none, a global command)
 * @id: which event
 * @nr_fields: how many @fields it has
 * @has_str: a string's pointer follows the fields (trace_entry_str())
 * @cpu: the CPU it ran on
 * @comm: the task's comm then
 * @fields: the event's fields, in its format's order (a string field is
 *	in trace_entry_str(): mark_victim's comm, trace_marker's text)
 */
struct trace_entry {
	uint64_t ts;
	pid_t pid;
	uint8_t id;
	uint8_t nr_fields;
	uint8_t has_str;
	uint8_t cpu;
	char comm[16];
	unsigned long fields[];
};

/* The words a record of @nr_fields fields (and a string, @str) takes. */
#define TRACE_ENTRY_WORDS(nr_fields, str)				\
	(sizeof(struct trace_entry) / 8 + (nr_fields) + ((str) ? 1 : 0))

/** trace_entry_str() - @e's string field, or NULL. */
static inline const char *trace_entry_str(const struct trace_entry *e)
{
	return e->has_str ? (const char *)e->fields[e->nr_fields] : NULL;
}

/**
 * struct trace_page - what a page of the buffer holds.
 * @words: the words written; @entries: the entries among them not yet
 *	consumed; @strs: some entry of it owns a string
 */
struct trace_page {
	uint32_t words, entries;
	bool strs;
};

/**
 * struct trace_array - a machine's tracing state (the top-level
 * instance of /sys/kernel/tracing).
 * @active: the events recorded now: @enabled while @tracing_on, else 0;
 *	the one word the call sites test
 * @enabled: per-event enable bits (events/SUBSYS/EVENT/enable)
 * @tracing_on: tracing_on
 * @ring: TRACE_BUF_PAGES pages of TRACE_PAGE_WORDS words, and @pages
 *	what each holds; allocated when first needed
 * @head_page, @head_off: where the oldest entry is; @tail_page: the
 *	page being written (the pages from @head_page to @tail_page hold
 *	the entries, every other one is empty)
 * @count: how many entries there are
 * @written: entries written since the buffer was last emptied, the
 *	overwritten ones too (trace's entries-written)
 * @pids, @nr_pids: set_event_pid (empty: every task)
 * @ftrace_pids, @nr_ftrace_pids: set_ftrace_pid, function_graph's filter
 * @graph_tracer: current_tracer is function_graph
 * @graph: function_graph records now (@graph_tracer while @tracing_on):
 *	what ftrace_graph()'s entries test
 * @graph_depth: the annotated functions running (the call depth)
 * @clock: the simulated clock, in nanoseconds
 * @mm_ids: ids handed to address spaces (mm_struct->trace_id), for
 *	rss_stat's mm_id and exit_mmap's pointers
 * @machine: the machine, for current
 */
struct trace_array {
	uint64_t active;
	uint64_t enabled;
	bool tracing_on;
	bool graph_tracer, graph;
	unsigned int graph_depth;
	uint64_t *ring;
	struct trace_page *pages;
	size_t head_page, head_off, tail_page, count;
	unsigned long long written;
	pid_t pids[TRACE_MAX_PIDS];
	unsigned int nr_pids;
	pid_t ftrace_pids[TRACE_MAX_PIDS];
	unsigned int nr_ftrace_pids;
	uint64_t clock;
	unsigned long mm_ids;
	struct machine *machine;
};

/* A zone of its own (the unit tests') traces into this: never active. */
extern struct trace_array trace_off;

/** trace_event_on() - is event @id recorded now? The call sites' test. */
static inline bool trace_event_on(const struct trace_array *tr,
				  enum trace_event_id id)
{
	return __builtin_expect((tr->active >> id) & 1, 0);
}

/**
 * trace_init() - a machine's tracing at boot: tracing_on 1, every event
 * disabled, the buffer empty, the clock at 0.
 */
void trace_init(struct trace_array *tr, struct machine *m);
void trace_destroy(struct trace_array *tr);

/**
 * trace_record() - record event @id with @nr fields and an optional
 * string for current (the machine's current task), unless set_event_pid
 * filters it out. Call only when trace_event_on(). A host allocation
 * failure loses the event, nothing else.
 * Locking: machine lock held for writing.
 */
void trace_record(struct trace_array *tr, enum trace_event_id id,
		  const unsigned long *fields, unsigned int nr,
		  const char *str);

/** trace_clock_command() - a ctl command begins: the next millisecond. */
void trace_clock_command(struct trace_array *tr);

/*
 * function_graph: ftrace_graph(tr) at the top of an engine function with
 * a kernel counterpart records its entry and, when it returns, its exit
 * (funcgraph_entry/funcgraph_exit, with the depth and the call's times),
 * under the function's own name (__func__). Off, it costs one test at
 * each end.
 */
struct trace_graph_frame {
	struct trace_array *tr;		/* NULL: not recorded */
	const char *func;
	unsigned int depth;
	uint64_t calltime;
};
struct trace_graph_frame __trace_graph_entry(struct trace_array *tr,
					     const char *func);
void __trace_graph_return(struct trace_graph_frame *frame);

static inline struct trace_graph_frame trace_graph_entry(
	struct trace_array *tr, const char *func)
{
	if (__builtin_expect(tr->graph, 0))
		return __trace_graph_entry(tr, func);
	return (struct trace_graph_frame){ NULL, NULL, 0, 0 };
}

static inline void trace_graph_return(struct trace_graph_frame *frame)
{
	if (__builtin_expect(frame->tr != NULL, 0))
		__trace_graph_return(frame);
}

#define ftrace_graph(tr)						\
	struct trace_graph_frame __ftrace_graph_frame			\
		__attribute__((cleanup(trace_graph_return), unused)) =	\
		trace_graph_entry((tr), __func__)

/* ---- control, for the tracing/ files (machine lock held for writing) */

/** trace_set_event() - enable (@on) or disable event @id. */
void trace_set_event(struct trace_array *tr, enum trace_event_id id, bool on);
/** trace_set_on() - tracing_on: 1 records, 0 stops recording. */
void trace_set_on(struct trace_array *tr, bool on);
/**
 * trace_set_graph() - current_tracer: function_graph (@on) or nop. The
 * buffer is emptied, as a change of tracer does.
 */
void trace_set_graph(struct trace_array *tr, bool on);
/** trace_reset() - empty the buffer (writing trace); entries-written 0. */
void trace_reset(struct trace_array *tr);
/**
 * trace_set_pids() - set_event_pid: only these @nr tasks' events are
 * recorded (0: every task's).
 * Return: 0, or -EINVAL when @nr exceeds TRACE_MAX_PIDS.
 */
int trace_set_pids(struct trace_array *tr, const pid_t *pids,
		   unsigned int nr);
/**
 * trace_set_ftrace_pids() - set_ftrace_pid: only these tasks' functions
 * are recorded by function_graph (0: every task's). Return: 0 or -EINVAL.
 */
int trace_set_ftrace_pids(struct trace_array *tr, const pid_t *pids,
			  unsigned int nr);
/**
 * trace_record_marker() - trace_marker: record @text (@len bytes) as an
 * ftrace:print event, when tracing_on (trace_marker ignores the per-event
 * bits). Return: 0, or -EBADF when tracing is off (as Linux: EBADF).
 */
int trace_record_marker(struct trace_array *tr, const char *text, size_t len);
/**
 * struct trace_iter - a reader's place in the buffer, from the oldest
 * entry on (trace_iter_start()). Read lock suffices.
 * @idx: the entries passed; @page, @off: where the next one begins
 */
struct trace_iter {
	const struct trace_array *tr;
	size_t idx, page, off;
};
void trace_iter_start(struct trace_iter *it, const struct trace_array *tr);
/**
 * trace_iter_peek() - the entry @ahead (0 or more) past the iterator's
 * place, or NULL past the newest.
 */
const struct trace_entry *trace_iter_peek(const struct trace_iter *it,
					  size_t ahead);
/** trace_iter_advance() - move @n entries on. */
void trace_iter_advance(struct trace_iter *it, size_t n);
/** trace_consume() - drop the @n oldest entries (trace_pipe's read). */
void trace_consume(struct trace_array *tr, size_t n);

/*
 * The tracepoints. Each is called where Linux calls its trace_*() and
 * costs one branch when its event is off.
 */
#define TRACE_FIELDS(tr, id, ...) do {					\
	if (trace_event_on((tr), (id))) {				\
		const unsigned long f__[] = { __VA_ARGS__ };		\
		trace_record((tr), (id), f__,				\
			     sizeof(f__) / sizeof(f__[0]), NULL);	\
	}								\
} while (0)

/* tlb:tlb_flush (arch/x86/mm/tlb.c): the reason, pages (-1: all). */
#define trace_tlb_flush(tr, reason, pages)				\
	TRACE_FIELDS(tr, TE_TLB_FLUSH, (unsigned long)(reason),	\
		     (unsigned long)(pages))
/* exceptions:page_fault_user (arch/x86/mm/fault.c) */
#define trace_page_fault_user(tr, address, ip, error_code)		\
	TRACE_FIELDS(tr, TE_PAGE_FAULT_USER, (address), (ip), (error_code))
/* kmem:mm_page_alloc, kmem:mm_page_free (mm/page_alloc.c) */
#define trace_mm_page_alloc(tr, pfn, order, gfp, migratetype)		\
	TRACE_FIELDS(tr, TE_MM_PAGE_ALLOC, (pfn), (order), (gfp),	\
		     (unsigned long)(long)(migratetype))
#define trace_mm_page_free(tr, pfn, order)				\
	TRACE_FIELDS(tr, TE_MM_PAGE_FREE, (pfn), (order))
/*
 * kmem:rss_stat (mm_trace_rss_stat()): mm_id, curr (the mm is current's),
 * the counter, its new size in bytes.
 */
#define trace_rss_stat(tr, mm_id, curr, member, size)			\
	TRACE_FIELDS(tr, TE_RSS_STAT, (mm_id), (curr), (member),	\
		     (unsigned long)(long)(size))
/* mmap:vm_unmapped_area (mm/mmap.c's vm_unmapped_area()) */
#define trace_vm_unmapped_area(tr, addr, total_vm, flags, length, lo,	\
			       hi, mask, ofs)				\
	TRACE_FIELDS(tr, TE_VM_UNMAPPED_AREA, (addr), (total_vm),	\
		     (flags), (length), (lo), (hi), (mask), (ofs))
/* mmap:exit_mmap: the mm and its VMA tree, as ids */
#define trace_exit_mmap(tr, mm_id)					\
	TRACE_FIELDS(tr, TE_EXIT_MMAP, (mm_id), (mm_id))
/* filemap:mm_filemap_{add_to,delete_from}_page_cache */
#define trace_mm_filemap_add_to_page_cache(tr, pfn, ino, index, dev)	\
	TRACE_FIELDS(tr, TE_MM_FILEMAP_ADD_TO_PAGE_CACHE, (pfn), (ino),	\
		     (index), (dev), 0)
#define trace_mm_filemap_delete_from_page_cache(tr, pfn, ino, index, dev) \
	TRACE_FIELDS(tr, TE_MM_FILEMAP_DELETE_FROM_PAGE_CACHE, (pfn),	\
		     (ino), (index), (dev), 0)

/* filemap:mm_filemap_fault (filemap_fault()), mm_filemap_map_pages */
#define trace_mm_filemap_fault(tr, ino, dev, index)			\
	TRACE_FIELDS(tr, TE_MM_FILEMAP_FAULT, (ino), (dev), (index))
#define trace_mm_filemap_map_pages(tr, ino, dev, index, last_index)	\
	TRACE_FIELDS(tr, TE_MM_FILEMAP_MAP_PAGES, (ino), (dev), (index),	\
		     (last_index))
/*
 * pagemap:mm_lru_insertion (lru_add()): the folio (as its PFN), the PFN,
 * the enum lru_list and the PAGEMAP_* flags; mm_lru_activate
 * (lru_activate()).
 */
#define PAGEMAP_MAPPED		0x0001u
#define PAGEMAP_ANONYMOUS	0x0002u
#define PAGEMAP_FILE		0x0004u
#define PAGEMAP_SWAPCACHE	0x0008u
#define PAGEMAP_SWAPBACKED	0x0010u
#define PAGEMAP_MAPPEDDISK	0x0020u
#define PAGEMAP_BUFFERS		0x0040u
#define trace_mm_lru_insertion(tr, pfn, lru, flags)			\
	TRACE_FIELDS(tr, TE_MM_LRU_INSERTION, (pfn), (pfn), (lru), (flags))
#define trace_mm_lru_activate(tr, pfn)					\
	TRACE_FIELDS(tr, TE_MM_LRU_ACTIVATE, (pfn), (pfn))

/*
 * vmscan (include/trace/events/vmscan.h): kswapd's sleep and wake, the
 * allocator waking it, direct reclaim's begin and end, an isolation from
 * an LRU list, a page written out, and each shrink of an inactive or an
 * active list. @nid is 0 (one node); @zid and classzone are zone
 * indices (ZONE_NORMAL 2, ZONE_MOVABLE 3).
 * reclaim_flags are trace_reclaim_flags(): RECLAIM_WB_ANON or _FILE, with
 * RECLAIM_WB_ASYNC.
 */
#define RECLAIM_WB_ANON		0x0001u
#define RECLAIM_WB_FILE		0x0002u
#define RECLAIM_WB_MIXED	0x0010u
#define RECLAIM_WB_SYNC		0x0004u
#define RECLAIM_WB_ASYNC	0x0008u
#define trace_reclaim_flags(file)					\
	(((file) ? RECLAIM_WB_FILE : RECLAIM_WB_ANON) | RECLAIM_WB_ASYNC)
#define trace_mm_vmscan_kswapd_sleep(tr, nid)				\
	TRACE_FIELDS(tr, TE_MM_VMSCAN_KSWAPD_SLEEP, (unsigned long)(nid))
#define trace_mm_vmscan_kswapd_wake(tr, nid, zid, order)		\
	TRACE_FIELDS(tr, TE_MM_VMSCAN_KSWAPD_WAKE, (unsigned long)(nid),	\
		     (unsigned long)(zid), (unsigned long)(order))
#define trace_mm_vmscan_wakeup_kswapd(tr, nid, zid, order, gfp)	\
	TRACE_FIELDS(tr, TE_MM_VMSCAN_WAKEUP_KSWAPD, (unsigned long)(nid), \
		     (unsigned long)(zid), (unsigned long)(order),	\
		     (unsigned long)(gfp))
#define trace_mm_vmscan_direct_reclaim_begin(tr, order, gfp)		\
	TRACE_FIELDS(tr, TE_MM_VMSCAN_DIRECT_RECLAIM_BEGIN,		\
		     (unsigned long)(order), (unsigned long)(gfp))
#define trace_mm_vmscan_direct_reclaim_end(tr, nr_reclaimed)		\
	TRACE_FIELDS(tr, TE_MM_VMSCAN_DIRECT_RECLAIM_END,		\
		     (unsigned long)(nr_reclaimed))
#define trace_mm_vmscan_lru_isolate(tr, classzone, order, nr_requested,	\
				    nr_scanned, nr_skipped, nr_taken, lru) \
	TRACE_FIELDS(tr, TE_MM_VMSCAN_LRU_ISOLATE,			\
		     (unsigned long)(classzone), (unsigned long)(order),	\
		     (unsigned long)(nr_requested),			\
		     (unsigned long)(nr_scanned),				\
		     (unsigned long)(nr_skipped),				\
		     (unsigned long)(nr_taken), (unsigned long)(lru))
#define trace_mm_vmscan_write_folio(tr, pfn, reclaim_flags)		\
	TRACE_FIELDS(tr, TE_MM_VMSCAN_WRITE_FOLIO, (unsigned long)(pfn),	\
		     (unsigned long)(reclaim_flags))
#define trace_mm_vmscan_lru_shrink_inactive(tr, nid, nr_scanned,	\
		nr_reclaimed, nr_dirty, nr_writeback, nr_congested,	\
		nr_immediate, nr_activate0, nr_activate1, nr_ref_keep,	\
		nr_unmap_fail, priority, file)				\
	TRACE_FIELDS(tr, TE_MM_VMSCAN_LRU_SHRINK_INACTIVE,		\
		     (unsigned long)(nid), (unsigned long)(nr_scanned),	\
		     (unsigned long)(nr_reclaimed),			\
		     (unsigned long)(nr_dirty),				\
		     (unsigned long)(nr_writeback),			\
		     (unsigned long)(nr_congested),			\
		     (unsigned long)(nr_immediate),			\
		     (unsigned long)(nr_activate0),			\
		     (unsigned long)(nr_activate1),			\
		     (unsigned long)(nr_ref_keep),			\
		     (unsigned long)(nr_unmap_fail),			\
		     (unsigned long)(long)(priority),			\
		     (unsigned long)trace_reclaim_flags(file))
#define trace_mm_vmscan_lru_shrink_active(tr, nid, nr_taken, nr_active,	\
		nr_deactivated, nr_referenced, priority, file)		\
	TRACE_FIELDS(tr, TE_MM_VMSCAN_LRU_SHRINK_ACTIVE,		\
		     (unsigned long)(nid), (unsigned long)(nr_taken),	\
		     (unsigned long)(nr_active),				\
		     (unsigned long)(nr_deactivated),			\
		     (unsigned long)(nr_referenced),			\
		     (unsigned long)(long)(priority),			\
		     (unsigned long)trace_reclaim_flags(file))

/**
 * trace_mark_victim() - oom:mark_victim for @tsk (mark_oom_victim()):
 * pid, comm, total-vm, anon-, file- and shmem-rss, uid, pgtables,
 * oom_score_adj.
 */
void trace_mark_victim(struct trace_array *tr, struct task_struct *tsk);

/* The 32-bit hash rss_stat's mm_id and the %p pointers print. */
static inline unsigned int trace_hash32(unsigned long v)
{
	return (unsigned int)((v * 0x61C8864680B583EBULL) >> 32);
}

#endif
