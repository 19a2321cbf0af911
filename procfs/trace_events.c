/*
 * trace_events.c - MOUNTPOINT/tracing/, as tracefs (kernel/trace/trace.c,
 * trace_events.c, trace_output.c): the events' descriptions (name,
 * subsystem, Linux 6.18's format files and TP_printk rendering), the
 * trace and trace_pipe text in ftrace's layout, and the control files,
 * which change the engine's tracing (vm/trace.h) through its functions.
 *
 * Not journaled: tracing changes no simulated memory, and a machine
 * replayed from a journal starts, as a rebooted kernel does, with tracing
 * on, every event off and an empty buffer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "trace_formats.h"
#include "../vm/trace.h"

/* The first 4 fields of every event (struct trace_entry in Linux). */
#define COMMON_FIELDS							\
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"	\
	"\n"

/* The hashed %p of a kernel pointer: 32 bits, zero-padded to 16 digits. */
#define HASHED_PTR_FMT	"%016x"
/* vmemmap_base: mm_page_alloc's and mm_page_free's page=%p. */
#define VMEMMAP_BASE	0xffffea0000000000UL
#define STRUCT_PAGE_SIZE 64UL
/* Where mmsim pretends an mm_struct lives, for exit_mmap's mt=%p. */
#define MM_BASE		0xffff888100000000UL

static void print_page_fault_user(struct seq_buf *s,
				  const struct trace_entry *e);
static void print_mm_page_free(struct seq_buf *s, const struct trace_entry *e);
static void print_mm_page_alloc(struct seq_buf *s,
				const struct trace_entry *e);
static void print_rss_stat(struct seq_buf *s, const struct trace_entry *e);
static void print_vm_unmapped_area(struct seq_buf *s,
				   const struct trace_entry *e);
static void print_exit_mmap(struct seq_buf *s, const struct trace_entry *e);
static void print_filemap(struct seq_buf *s, const struct trace_entry *e);
static void print_mark_victim(struct seq_buf *s, const struct trace_entry *e);
static void print_print(struct seq_buf *s, const struct trace_entry *e);
static void print_filemap_fault(struct seq_buf *s,
				const struct trace_entry *e);
static void print_filemap_map_pages(struct seq_buf *s,
				    const struct trace_entry *e);
static void print_lru_insertion(struct seq_buf *s,
				const struct trace_entry *e);
static void print_lru_activate(struct seq_buf *s, const struct trace_entry *e);
static void print_funcgraph_entry(struct seq_buf *s,
				  const struct trace_entry *e);
static void print_funcgraph_exit(struct seq_buf *s,
				 const struct trace_entry *e);
static void print_tlb_flush(struct seq_buf *s, const struct trace_entry *e);
static void print_vmscan_nid(struct seq_buf *s, const struct trace_entry *e);
static void print_kswapd_wake(struct seq_buf *s, const struct trace_entry *e);
static void print_wakeup_kswapd(struct seq_buf *s,
				const struct trace_entry *e);
static void print_direct_reclaim_begin(struct seq_buf *s,
				       const struct trace_entry *e);
static void print_direct_reclaim_end(struct seq_buf *s,
				     const struct trace_entry *e);
static void print_lru_isolate(struct seq_buf *s, const struct trace_entry *e);
static void print_write_folio(struct seq_buf *s, const struct trace_entry *e);
static void print_lru_shrink_inactive(struct seq_buf *s,
				      const struct trace_entry *e);
static void print_lru_shrink_active(struct seq_buf *s,
				    const struct trace_entry *e);

/**
 * struct trace_event_call - one event as tracefs shows it.
 * @system, @name: events/SYSTEM/NAME
 * @id: its ID (the format's ID line): what Linux 6.18's x86-64 build
 *	numbers it, so the format files are the host's byte for byte
 * @lat: the trace line's irqs-off/need-resched/hardirq/preempt/migrate
 *	column, as Linux prints it at that tracepoint
 * @fields, @print_fmt: the format file after the common fields
 * @print: TP_printk: the text after "NAME: "
 */
struct trace_event_call {
	const char *system, *name;
	unsigned int id;
	const char *lat;
	const char *fields, *print_fmt;
	void (*print)(struct seq_buf *s, const struct trace_entry *e);
};

#define EVENT(SYS, NAME, ID, LAT, PRINT)				\
	{ .system = #SYS, .name = #NAME, .id = ID, .lat = LAT,		\
	  .fields = FIELDS_##NAME, .print_fmt = PRINT_FMT_##NAME,	\
	  .print = PRINT }

static const struct trace_event_call trace_events[NR_TRACE_EVENTS] = {
	[TE_PAGE_FAULT_USER] = EVENT(exceptions, page_fault_user, 190,
				     "d....", print_page_fault_user),
	[TE_MM_PAGE_FREE] = EVENT(kmem, mm_page_free, 655, ".....",
				  print_mm_page_free),
	[TE_MM_PAGE_ALLOC] = EVENT(kmem, mm_page_alloc, 653, ".....",
				   print_mm_page_alloc),
	[TE_RSS_STAT] = EVENT(kmem, rss_stat, 646, "...1.", print_rss_stat),
	[TE_VM_UNMAPPED_AREA] = EVENT(mmap, vm_unmapped_area, 697, ".....",
				      print_vm_unmapped_area),
	[TE_EXIT_MMAP] = EVENT(mmap, exit_mmap, 696, ".....",
			       print_exit_mmap),
	[TE_MM_FILEMAP_DELETE_FROM_PAGE_CACHE] =
		EVENT(filemap, mm_filemap_delete_from_page_cache, 601,
		      "d..2.", print_filemap),
	[TE_MM_FILEMAP_ADD_TO_PAGE_CACHE] =
		EVENT(filemap, mm_filemap_add_to_page_cache, 600, ".....",
		      print_filemap),
	[TE_MARK_VICTIM] = EVENT(oom, mark_victim, 609, ".....",
				 print_mark_victim),
	[TE_MM_FILEMAP_FAULT] = EVENT(filemap, mm_filemap_fault, 597, ".....",
				      print_filemap_fault),
	[TE_MM_FILEMAP_MAP_PAGES] = EVENT(filemap, mm_filemap_map_pages, 598,
					  ".....", print_filemap_map_pages),
	[TE_MM_LRU_INSERTION] = EVENT(pagemap, mm_lru_insertion, 621, "d..3.",
				      print_lru_insertion),
	[TE_MM_LRU_ACTIVATE] = EVENT(pagemap, mm_lru_activate, 620, "d..3.",
				     print_lru_activate),
	[TE_TLB_FLUSH] = EVENT(tlb, tlb_flush, 188, "d..2.", print_tlb_flush),
	[TE_MM_VMSCAN_KSWAPD_SLEEP] = EVENT(vmscan, mm_vmscan_kswapd_sleep, 640,
					    ".....", print_vmscan_nid),
	[TE_MM_VMSCAN_KSWAPD_WAKE] = EVENT(vmscan, mm_vmscan_kswapd_wake, 639,
					   ".....", print_kswapd_wake),
	[TE_MM_VMSCAN_WAKEUP_KSWAPD] = EVENT(vmscan, mm_vmscan_wakeup_kswapd,
					     638, ".....",
					     print_wakeup_kswapd),
	[TE_MM_VMSCAN_DIRECT_RECLAIM_BEGIN] =
		EVENT(vmscan, mm_vmscan_direct_reclaim_begin, 637, ".....",
		      print_direct_reclaim_begin),
	[TE_MM_VMSCAN_DIRECT_RECLAIM_END] =
		EVENT(vmscan, mm_vmscan_direct_reclaim_end, 634, ".....",
		      print_direct_reclaim_end),
	/* isolate_lru_folios() runs under spin_lock_irq(&lruvec->lru_lock) */
	[TE_MM_VMSCAN_LRU_ISOLATE] = EVENT(vmscan, mm_vmscan_lru_isolate, 629,
					   "d..1.", print_lru_isolate),
	[TE_MM_VMSCAN_WRITE_FOLIO] = EVENT(vmscan, mm_vmscan_write_folio, 628,
					   ".....", print_write_folio),
	[TE_MM_VMSCAN_LRU_SHRINK_INACTIVE] =
		EVENT(vmscan, mm_vmscan_lru_shrink_inactive, 626, ".....",
		      print_lru_shrink_inactive),
	[TE_MM_VMSCAN_LRU_SHRINK_ACTIVE] =
		EVENT(vmscan, mm_vmscan_lru_shrink_active, 625, ".....",
		      print_lru_shrink_active),
	[TE_PRINT] = EVENT(ftrace, print, 5, "...1.", print_print),
	[TE_FUNCGRAPH_ENTRY] = EVENT(ftrace, funcgraph_entry, 11, ".....",
				     print_funcgraph_entry),
	[TE_FUNCGRAPH_EXIT] = EVENT(ftrace, funcgraph_exit, 10, ".....",
				    print_funcgraph_exit),
};

/*
 * The order available_events and set_event list them in: the host's
 * (the kernel's list of events, newest subsystem first). ftrace:print is
 * not among them: trace_marker writes it, whatever is enabled.
 */
static const enum trace_event_id event_order[] = {
	TE_TLB_FLUSH,
	TE_PAGE_FAULT_USER,
	TE_MM_FILEMAP_FAULT,
	TE_MM_FILEMAP_MAP_PAGES,
	TE_MM_FILEMAP_ADD_TO_PAGE_CACHE,
	TE_MM_FILEMAP_DELETE_FROM_PAGE_CACHE,
	TE_MARK_VICTIM,
	TE_MM_LRU_ACTIVATE,
	TE_MM_LRU_INSERTION,
	TE_MM_VMSCAN_LRU_SHRINK_ACTIVE,
	TE_MM_VMSCAN_LRU_SHRINK_INACTIVE,
	TE_MM_VMSCAN_WRITE_FOLIO,
	TE_MM_VMSCAN_LRU_ISOLATE,
	TE_MM_VMSCAN_DIRECT_RECLAIM_END,
	TE_MM_VMSCAN_DIRECT_RECLAIM_BEGIN,
	TE_MM_VMSCAN_WAKEUP_KSWAPD,
	TE_MM_VMSCAN_KSWAPD_WAKE,
	TE_MM_VMSCAN_KSWAPD_SLEEP,
	TE_RSS_STAT,
	TE_MM_PAGE_ALLOC,
	TE_MM_PAGE_FREE,
	TE_EXIT_MMAP,
	TE_VM_UNMAPPED_AREA,
};
#define NR_LISTED	(sizeof(event_order) / sizeof(event_order[0]))

/* ---- TP_printk ---- */

static void print_page_fault_user(struct seq_buf *s,
				  const struct trace_entry *e)
{
	/* %ps of a user address: no symbol, so its hex */
	seq_printf(s, "address=0x%lx ip=0x%lx error_code=0x%lx",
		   e->fields[0], e->fields[1], e->fields[2]);
}

static unsigned int page_ptr_hash(unsigned long pfn)
{
	return trace_hash32(VMEMMAP_BASE + pfn * STRUCT_PAGE_SIZE);
}

static void print_mm_page_free(struct seq_buf *s, const struct trace_entry *e)
{
	seq_printf(s, "page=" HASHED_PTR_FMT " pfn=0x%lx order=%d",
		   page_ptr_hash(e->fields[0]), e->fields[0],
		   (int)e->fields[1]);
}

/* show_gfp_flags()'s table (include/trace/events/mmflags.h), in order. */
static const struct {
	unsigned long mask;
	const char *name;
} gfp_names[] = {
	{ ((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC |
	    __GFP_NOWARN) & ~__GFP_RECLAIM) | __GFP_DIRECT_RECLAIM,
	  "GFP_TRANSHUGE" },
	{ (GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC |
	   __GFP_NOWARN) & ~__GFP_RECLAIM, "GFP_TRANSHUGE_LIGHT" },
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" },
	{ GFP_USER, "GFP_USER" },
	{ GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT" },
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ __GFP_RECLAIM | __GFP_IO, "GFP_NOFS" },
	{ __GFP_HIGH | __GFP_KSWAPD_RECLAIM, "GFP_ATOMIC" },
	{ __GFP_RECLAIM, "GFP_NOIO" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
	{ __GFP_DMA, "GFP_DMA" },
	{ __GFP_DMA32, "GFP_DMA32" },
	{ __GFP_RECLAIM, "__GFP_RECLAIM" },
	{ __GFP_DMA, "__GFP_DMA" },
	{ __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ __GFP_DMA32, "__GFP_DMA32" },
	{ __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	{ __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_IO, "__GFP_IO" },
	{ __GFP_FS, "__GFP_FS" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ __GFP_WRITE, "__GFP_WRITE" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" },
	{ __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_MEMALLOC, "__GFP_MEMALLOC" },
	{ __GFP_COMP, "__GFP_COMP" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" },
	{ __GFP_THISNODE, "__GFP_THISNODE" },
	{ __GFP_ACCOUNT, "__GFP_ACCOUNT" },
	{ __GFP_ZEROTAGS, "__GFP_ZEROTAGS" },
	{ __GFP_NO_OBJ_EXT, "__GFP_NO_OBJ_EXT" },
};

/*
 * show_gfp_flags - __print_flags(): each name whose bits are all set, in
 * the table's order, its bits then cleared; what is left in hex.
 */
static void show_gfp_flags(struct seq_buf *s, unsigned long gfp)
{
	bool first = true;

	if (!gfp) {
		seq_puts(s, "none");
		return;
	}
	for (size_t i = 0; i < sizeof(gfp_names) / sizeof(gfp_names[0]) && gfp;
	     i++) {
		if ((gfp & gfp_names[i].mask) != gfp_names[i].mask)
			continue;
		if (!first)
			seq_putc(s, '|');
		seq_puts(s, gfp_names[i].name);
		gfp &= ~gfp_names[i].mask;
		first = false;
	}
	if (gfp)
		seq_printf(s, "%s0x%lx", first ? "" : "|", gfp);
}

static void print_mm_page_alloc(struct seq_buf *s,
				const struct trace_entry *e)
{
	seq_printf(s, "page=" HASHED_PTR_FMT " pfn=0x%lx order=%d migratetype=%d gfp_flags=",
		   page_ptr_hash(e->fields[0]), e->fields[0],
		   (int)e->fields[1], (int)(long)e->fields[3]);
	show_gfp_flags(s, e->fields[2]);
}

static void print_rss_stat(struct seq_buf *s, const struct trace_entry *e)
{
	static const char *const member[] = { "MM_FILEPAGES", "MM_ANONPAGES",
					      "MM_SWAPENTS", "MM_SHMEMPAGES" };

	seq_printf(s, "mm_id=%u curr=%d type=%s size=%ldB",
		   (unsigned int)e->fields[0], (int)e->fields[1],
		   e->fields[2] < 4 ? member[e->fields[2]] : "?",
		   (long)e->fields[3]);
}

static void print_vm_unmapped_area(struct seq_buf *s,
				   const struct trace_entry *e)
{
	unsigned long addr = e->fields[0];
	bool err = addr >= (unsigned long)-4095;

	seq_printf(s, "addr=0x%lx err=%ld total_vm=0x%lx flags=0x%lx len=0x%lx lo=0x%lx hi=0x%lx mask=0x%lx ofs=0x%lx",
		   err ? 0 : addr, err ? (long)addr : 0L, e->fields[1],
		   e->fields[2], e->fields[3], e->fields[4], e->fields[5],
		   e->fields[6], e->fields[7]);
}

static void print_tlb_flush(struct seq_buf *s, const struct trace_entry *e)
{
	static const char *const reasons[] = {
		"flush on task switch", "remote shootdown", "local shootdown",
		"local MM shootdown", "remote IPI send", "remote wrong CPU",
	};
	int reason = (int)e->fields[0];

	/* %ld of the unsigned long pages: TLB_FLUSH_ALL prints -1 */
	seq_printf(s, "pages:%ld reason:%s (%d)", (long)e->fields[1],
		   reason >= 0 && reason < 6 ? reasons[reason] : "", reason);
}

static void print_exit_mmap(struct seq_buf *s, const struct trace_entry *e)
{
	/* mt: &mm->mm_mt, hashed */
	seq_printf(s, "mt_mod " HASHED_PTR_FMT ", DESTROY",
		   trace_hash32(MM_BASE + e->fields[1] * 0x400 + 0x40));
}

static void print_filemap(struct seq_buf *s, const struct trace_entry *e)
{
	unsigned int dev = (unsigned int)e->fields[3];

	seq_printf(s, "dev %d:%d ino %lx pfn=0x%lx ofs=%lu order=%u",
		   (int)(dev >> 20), (int)(dev & ((1U << 20) - 1)),
		   e->fields[1], e->fields[0], e->fields[2] << 12,
		   (unsigned int)e->fields[4]);
}

static void print_mark_victim(struct seq_buf *s, const struct trace_entry *e)
{
	seq_printf(s, "pid=%d comm=%s total-vm=%lukB anon-rss=%lukB file-rss:%lukB shmem-rss:%lukB uid=%u pgtables=%lukB oom_score_adj=%hd",
		   (int)e->fields[0], trace_entry_str(e) ? trace_entry_str(e) : "", e->fields[1],
		   e->fields[2], e->fields[3], e->fields[4],
		   (unsigned int)e->fields[5], e->fields[6],
		   (short)e->fields[7]);
}

static void print_filemap_fault(struct seq_buf *s,
				const struct trace_entry *e)
{
	unsigned int dev = (unsigned int)e->fields[1];

	seq_printf(s, "dev=%d:%d ino=%lx ofs=%lld", (int)(dev >> 20),
		   (int)(dev & ((1U << 20) - 1)), e->fields[0],
		   (long long)e->fields[2] << 12);
}

static void print_filemap_map_pages(struct seq_buf *s,
				    const struct trace_entry *e)
{
	unsigned int dev = (unsigned int)e->fields[1];

	seq_printf(s, "dev=%d:%d ino=%lx ofs=%lld-%lld", (int)(dev >> 20),
		   (int)(dev & ((1U << 20) - 1)), e->fields[0],
		   (long long)e->fields[2] << 12,
		   (((long long)e->fields[3] + 1) << 12) - 1);
}

static void print_lru_insertion(struct seq_buf *s,
				const struct trace_entry *e)
{
	unsigned long f = e->fields[3];

	seq_printf(s, "folio=" HASHED_PTR_FMT " pfn=0x%lx lru=%d flags=%s%s%s%s%s%s",
		   page_ptr_hash(e->fields[0]), e->fields[1], (int)e->fields[2],
		   f & PAGEMAP_MAPPED ? "M" : " ",
		   f & PAGEMAP_ANONYMOUS ? "a" : "f",
		   f & PAGEMAP_SWAPCACHE ? "s" : " ",
		   f & PAGEMAP_SWAPBACKED ? "b" : " ",
		   f & PAGEMAP_MAPPEDDISK ? "d" : " ",
		   f & PAGEMAP_BUFFERS ? "B" : " ");
}

static void print_lru_activate(struct seq_buf *s, const struct trace_entry *e)
{
	seq_printf(s, "folio=" HASHED_PTR_FMT " pfn=0x%lx",
		   page_ptr_hash(e->fields[0]), e->fields[1]);
}

/* show_reclaim_flags(): __print_flags() of the RECLAIM_WB_* bits. */
static void show_reclaim_flags(struct seq_buf *s, unsigned long flags)
{
	static const struct { unsigned long mask; const char *name; } names[] = {
		{ RECLAIM_WB_ANON, "RECLAIM_WB_ANON" },
		{ RECLAIM_WB_FILE, "RECLAIM_WB_FILE" },
		{ RECLAIM_WB_MIXED, "RECLAIM_WB_MIXED" },
		{ RECLAIM_WB_SYNC, "RECLAIM_WB_SYNC" },
		{ RECLAIM_WB_ASYNC, "RECLAIM_WB_ASYNC" },
	};
	bool first = true;

	flags &= 0xffffffffUL;	/* an int field */
	if (!flags) {
		seq_puts(s, "RECLAIM_WB_NONE");
		return;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && flags; i++) {
		if ((flags & names[i].mask) != names[i].mask)
			continue;
		if (!first)
			seq_putc(s, '|');
		seq_puts(s, names[i].name);
		flags &= ~names[i].mask;
		first = false;
	}
	if (flags)
		seq_printf(s, "%s0x%lx", first ? "" : "|", flags);
}

static void print_vmscan_nid(struct seq_buf *s, const struct trace_entry *e)
{
	seq_printf(s, "nid=%d", (int)e->fields[0]);
}

static void print_kswapd_wake(struct seq_buf *s, const struct trace_entry *e)
{
	seq_printf(s, "nid=%d order=%d", (int)e->fields[0], (int)e->fields[2]);
}

static void print_wakeup_kswapd(struct seq_buf *s,
				const struct trace_entry *e)
{
	seq_printf(s, "nid=%d order=%d gfp_flags=", (int)e->fields[0],
		   (int)e->fields[2]);
	show_gfp_flags(s, e->fields[3]);
}

static void print_direct_reclaim_begin(struct seq_buf *s,
				       const struct trace_entry *e)
{
	seq_printf(s, "order=%d gfp_flags=", (int)e->fields[0]);
	show_gfp_flags(s, e->fields[1]);
}

static void print_direct_reclaim_end(struct seq_buf *s,
				     const struct trace_entry *e)
{
	seq_printf(s, "nr_reclaimed=%lu", e->fields[0]);
}

static void print_lru_isolate(struct seq_buf *s, const struct trace_entry *e)
{
	static const char *const lru_names[] = {
		"inactive_anon", "active_anon", "inactive_file", "active_file",
		"unevictable",
	};
	int lru = (int)e->fields[6];

	seq_printf(s, "classzone=%d order=%d nr_requested=%lu nr_scanned=%lu nr_skipped=%lu nr_taken=%lu lru=",
		   (int)e->fields[0], (int)e->fields[1], e->fields[2],
		   e->fields[3], e->fields[4], e->fields[5]);
	/* __print_symbolic() prints an unknown value in hex */
	if (lru >= 0 && lru < 5)
		seq_puts(s, lru_names[lru]);
	else
		seq_printf(s, "0x%x", lru);
}

static void print_write_folio(struct seq_buf *s, const struct trace_entry *e)
{
	seq_printf(s, "page=" HASHED_PTR_FMT " pfn=0x%lx flags=",
		   page_ptr_hash(e->fields[0]), e->fields[0]);
	show_reclaim_flags(s, e->fields[1]);
}

static void print_lru_shrink_inactive(struct seq_buf *s,
				      const struct trace_entry *e)
{
	seq_printf(s, "nid=%d nr_scanned=%ld nr_reclaimed=%ld nr_dirty=%ld nr_writeback=%ld nr_congested=%ld nr_immediate=%ld nr_activate_anon=%d nr_activate_file=%d nr_ref_keep=%ld nr_unmap_fail=%ld priority=%d flags=",
		   (int)e->fields[0], (long)e->fields[1], (long)e->fields[2],
		   (long)e->fields[3], (long)e->fields[4], (long)e->fields[5],
		   (long)e->fields[6], (int)e->fields[7], (int)e->fields[8],
		   (long)e->fields[9], (long)e->fields[10], (int)e->fields[11]);
	show_reclaim_flags(s, e->fields[12]);
}

static void print_lru_shrink_active(struct seq_buf *s,
				    const struct trace_entry *e)
{
	seq_printf(s, "nid=%d nr_taken=%ld nr_active=%ld nr_deactivated=%ld nr_referenced=%ld priority=%d flags=",
		   (int)e->fields[0], (long)e->fields[1], (long)e->fields[2],
		   (long)e->fields[3], (long)e->fields[4], (int)e->fields[5]);
	show_reclaim_flags(s, e->fields[6]);
}

static void print_funcgraph_entry(struct seq_buf *s,
				  const struct trace_entry *e)
{
	seq_printf(s, "--> %s (%u)", (const char *)e->fields[0],
		   (unsigned int)e->fields[1]);
}

static void print_funcgraph_exit(struct seq_buf *s,
				 const struct trace_entry *e)
{
	seq_printf(s, "<-- %s (%u) (start: %lx  end: %lx) over: %u",
		   (const char *)e->fields[0], (unsigned int)e->fields[1],
		   e->fields[2], e->fields[3], (unsigned int)e->fields[1]);
}

static void print_print(struct seq_buf *s, const struct trace_entry *e)
{
	/* The newline is the text's own (trace_marker adds a missing one). */
	seq_printf(s, "tracing_mark_write: %s",
		   trace_entry_str(e) ? trace_entry_str(e) : "");
}

/*
 * print_entry - one line of trace or trace_pipe (print_trace_fmt()):
 * TASK-PID, [CPU], the latency flags, the timestamp, then the event.
 */
static void print_entry(struct seq_buf *s, const struct trace_entry *e)
{
	const struct trace_event_call *call = &trace_events[e->id];

	seq_printf(s, "%16s-%-7d [%03u] %s %5" PRIu64 ".%06" PRIu64 ": ",
		   e->comm, (int)e->pid, (unsigned int)e->cpu, call->lat,
		   e->ts / UINT64_C(1000000000),
		   e->ts % UINT64_C(1000000000) / UINT64_C(1000));
	if (e->id != TE_PRINT)
		seq_printf(s, "%s: ", call->name);
	call->print(s, e);
	if (e->id != TE_PRINT)
		seq_putc(s, '\n');
}

/* ---- function_graph (trace_functions_graph.c) ---- */

/* trace_find_mark(): the overhead column's mark for a duration in ns. */
static char graph_mark(uint64_t ns)
{
	if (ns > 1000000000ULL)
		return '$';
	if (ns > 100000000ULL)
		return '@';
	if (ns > 10000000ULL)
		return '*';
	if (ns > 1000000ULL)
		return '#';
	if (ns > 100000ULL)
		return '!';
	if (ns > 10000ULL)
		return '+';
	return ' ';
}

/*
 * graph_prologue - the CPU column, then the overhead mark and the
 * duration (trace_print_graph_duration(): microseconds, 3 decimals, the
 * row 8 wide) or, with @fill, blanks; then "|  ".
 */
static void graph_prologue(struct seq_buf *s, const struct trace_entry *e,
			   bool fill, uint64_t ns)
{
	char num[32];
	int len;

	seq_printf(s, " %u) ", (unsigned int)e->cpu);
	if (fill) {
		seq_puts(s, "              |  ");
		return;
	}
	len = snprintf(num, sizeof(num), "%" PRIu64 ".%03" PRIu64,
		       ns / 1000, ns % 1000);
	seq_printf(s, "%c %s us ", graph_mark(ns), num);
	for (; len < 8; len++)
		seq_putc(s, ' ');
	seq_puts(s, "|  ");
}

static void graph_indent(struct seq_buf *s, unsigned int depth)
{
	for (unsigned int i = 0; i < depth * 2; i++)
		seq_putc(s, ' ');
}

/*
 * print_graph_entry - one line of function_graph output from @it's entry:
 * a function's entry ("func() {"), or with its exit right after it a
 * leaf ("func();", with its duration), an exit ("}"), or another event
 * as a comment at the depth reached (*@depth: the functions open).
 * Return: the entries it took (2 for a leaf).
 */
static size_t print_graph_entry(struct seq_buf *s,
				const struct trace_iter *it,
				unsigned int *depth)
{
	const struct trace_entry *e = trace_iter_peek(it, 0);
	const struct trace_entry *next = trace_iter_peek(it, 1);

	switch (e->id) {
	case TE_FUNCGRAPH_ENTRY:
		if (next && next->id == TE_FUNCGRAPH_EXIT &&
		    next->fields[0] == e->fields[0] &&
		    next->fields[1] == e->fields[1]) {
			graph_prologue(s, e, false,
				       next->fields[3] - next->fields[2]);
			graph_indent(s, (unsigned int)e->fields[1]);
			seq_printf(s, "%s();\n", (const char *)e->fields[0]);
			*depth = (unsigned int)e->fields[1];
			return 2;
		}
		graph_prologue(s, e, true, 0);
		graph_indent(s, (unsigned int)e->fields[1]);
		seq_printf(s, "%s() {\n", (const char *)e->fields[0]);
		*depth = (unsigned int)e->fields[1] + 1;
		return 1;
	case TE_FUNCGRAPH_EXIT:
		graph_prologue(s, e, false, e->fields[3] - e->fields[2]);
		graph_indent(s, (unsigned int)e->fields[1]);
		seq_puts(s, "}\n");
		*depth = (unsigned int)e->fields[1];
		return 1;
	default: {
		/* print_graph_comment(): the event, newline stripped */
		size_t start;

		graph_prologue(s, e, true, 0);
		graph_indent(s, *depth);
		seq_puts(s, "/* ");
		start = s->len;
		if (e->id != TE_PRINT)
			seq_printf(s, "%s: ", trace_events[e->id].name);
		else
			seq_puts(s, trace_entry_str(e) ? trace_entry_str(e) : "");
		if (e->id != TE_PRINT)
			trace_events[e->id].print(s, e);
		if (!s->err && s->len > start && s->buf[s->len - 1] == '\n')
			s->len--;
		seq_puts(s, " */\n");
		return 1;
	}
	}
}

/* ---- parsing what is written ---- */

/*
 * parse_ulong - kstrtoul_from_user(..., 10): decimal digits and at most
 * one trailing newline. Return: 0 with *@val set, or -EINVAL.
 */
static int parse_ulong(const char *buf, size_t size, unsigned long *val)
{
	unsigned long v = 0;
	size_t i;

	if (size && buf[size - 1] == '\n')
		size--;
	if (!size)
		return -EINVAL;
	for (i = 0; i < size; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -EINVAL;
		if (v > (~0UL - 9) / 10)
			return -EINVAL;
		v = v * 10 + (unsigned long)(buf[i] - '0');
	}
	*val = v;
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* ---- events/SUBSYS/EVENT/{enable,format,id} ---- */

static bool event_on(const struct machine *m, enum trace_event_id id)
{
	return (m->trace.enabled >> id) & 1;
}

static int event_format_show(enum trace_event_id id, struct seq_buf *s)
{
	const struct trace_event_call *call = &trace_events[id];

	seq_printf(s, "name: %s\nID: %u\nformat:\n", call->name, call->id);
	seq_puts(s, COMMON_FIELDS);
	seq_puts(s, call->fields);
	seq_puts(s, "print fmt: ");
	seq_puts(s, call->print_fmt);
	return s->err;
}

/*
 * event_enable_write - event_enable_write(): 0 or 1 (with a newline),
 * anything else EINVAL and no change.
 */
static ssize_t event_enable_write(struct machine *m, enum trace_event_id id,
				  const char *buf, size_t size)
{
	unsigned long val;

	if (parse_ulong(buf, size, &val) || val > 1)
		return -EINVAL;
	machine_lock_write(m);
	trace_set_event(&m->trace, id, val);
	machine_unlock(m);
	return (ssize_t)size;
}

#define DEFINE_TRACE_EVENT_FILES(ev, ID)				\
int trace_format_show_##ev(struct machine *m, struct task_struct *tsk,	\
			   struct seq_buf *s)				\
{									\
	(void)m; (void)tsk;						\
	return event_format_show(ID, s);				\
}									\
int trace_id_show_##ev(struct machine *m, struct task_struct *tsk,	\
		       struct seq_buf *s)				\
{									\
	(void)m; (void)tsk;						\
	seq_printf(s, "%u\n", trace_events[ID].id);			\
	return s->err;							\
}									\
int trace_enable_show_##ev(struct machine *m, struct task_struct *tsk,	\
			   struct seq_buf *s)				\
{									\
	(void)tsk;							\
	seq_puts(s, event_on(m, ID) ? "1\n" : "0\n");			\
	return s->err;							\
}									\
ssize_t trace_enable_write_##ev(struct machine *m, pid_t pid,		\
				const char *buf, size_t size, off_t off) \
{									\
	(void)pid; (void)off;						\
	return event_enable_write(m, ID, buf, size);			\
}
TRACE_EVENT_DIRS(DEFINE_TRACE_EVENT_FILES)

/* ---- events/SUBSYS/enable and events/enable ---- */

/* system_enable_read(): 0 none on, 1 all on, X some. */
static int system_enable_show(struct machine *m, const char *system,
			      struct seq_buf *s)
{
	unsigned int set = 0;

	for (size_t i = 0; i < NR_LISTED; i++) {
		enum trace_event_id id = event_order[i];

		if (system && strcmp(trace_events[id].system, system))
			continue;
		set |= event_on(m, id) ? 2 : 1;
	}
	seq_puts(s, set == 2 ? "1\n" : set == 3 ? "X\n" : "0\n");
	return s->err;
}

static ssize_t system_enable_write(struct machine *m, const char *system,
				   const char *buf, size_t size)
{
	unsigned long val;

	if (parse_ulong(buf, size, &val) || val > 1)
		return -EINVAL;
	machine_lock_write(m);
	for (size_t i = 0; i < NR_LISTED; i++) {
		enum trace_event_id id = event_order[i];

		if (!system || !strcmp(trace_events[id].system, system))
			trace_set_event(&m->trace, id, val);
	}
	machine_unlock(m);
	return (ssize_t)size;
}

#define DEFINE_TRACE_SYSTEM_FILES(sys)					\
int trace_system_enable_show_##sys(struct machine *m,			\
				   struct task_struct *tsk,		\
				   struct seq_buf *s)			\
{									\
	(void)tsk;							\
	return system_enable_show(m, #sys, s);				\
}									\
ssize_t trace_system_enable_write_##sys(struct machine *m, pid_t pid,	\
					const char *buf, size_t size,	\
					off_t off)			\
{									\
	(void)pid; (void)off;						\
	return system_enable_write(m, #sys, buf, size);			\
}
TRACE_SYSTEMS(DEFINE_TRACE_SYSTEM_FILES)

/** trace_all_enable_show() - events/enable: every event's state. */
int trace_all_enable_show(struct machine *m, struct task_struct *tsk,
			  struct seq_buf *s)
{
	(void)tsk;
	return system_enable_show(m, NULL, s);
}

/** trace_all_enable_write() - events/enable: 0 or 1 for every event. */
ssize_t trace_all_enable_write(struct machine *m, pid_t pid, const char *buf,
			       size_t size, off_t off)
{
	(void)pid; (void)off;
	return system_enable_write(m, NULL, buf, size);
}

/* ---- available_events, set_event ---- */

/** trace_available_events_show() - SYSTEM:EVENT, a line each. */
int trace_available_events_show(struct machine *m, struct task_struct *tsk,
				struct seq_buf *s)
{
	(void)m; (void)tsk;
	for (size_t i = 0; i < NR_LISTED; i++)
		seq_printf(s, "%s:%s\n", trace_events[event_order[i]].system,
			   trace_events[event_order[i]].name);
	return s->err;
}

/** trace_set_event_show() - the enabled events, as available_events. */
int trace_set_event_show(struct machine *m, struct task_struct *tsk,
			 struct seq_buf *s)
{
	(void)tsk;
	for (size_t i = 0; i < NR_LISTED; i++)
		if (event_on(m, event_order[i]))
			seq_printf(s, "%s:%s\n",
				   trace_events[event_order[i]].system,
				   trace_events[event_order[i]].name);
	return s->err;
}

/*
 * match_events - the events one set_event word names, as
 * ftrace_set_clr_event() reads it: SYSTEM:EVENT, SYSTEM:*, *:EVENT,
 * SYSTEM: (all of it), or a bare word that is an event's or a system's
 * name. Return: the bits of the events it names (0: none).
 */
static uint64_t match_events(const char *word, size_t len)
{
	const char *colon = memchr(word, ':', len);
	size_t sys_len = colon ? (size_t)(colon - word) : len;
	const char *ev = colon ? colon + 1 : word;
	size_t ev_len = colon ? len - sys_len - 1 : len;
	uint64_t bits = 0;

	for (size_t i = 0; i < NR_LISTED; i++) {
		const struct trace_event_call *c = &trace_events[event_order[i]];
		bool sys_ok = strlen(c->system) == sys_len &&
			      !memcmp(c->system, word, sys_len);
		bool ev_ok = strlen(c->name) == ev_len &&
			     !memcmp(c->name, ev, ev_len);

		if (colon) {
			if (sys_len == 1 && word[0] == '*')
				sys_ok = true;
			if (!ev_len || (ev_len == 1 && ev[0] == '*'))
				ev_ok = true;
			if (!sys_ok || !ev_ok)
				continue;
		} else if (!sys_ok && !ev_ok) {
			continue;
		}
		bits |= 1ULL << event_order[i];
	}
	return bits;
}

/**
 * trace_set_event_write() - set_event: words naming events to enable,
 * !WORD to disable. Every word must name an event (else EINVAL, and no
 * word is applied); a write of blanks alone changes nothing, so that
 * `echo > set_event`, whose O_TRUNC disabled everything, leaves it so.
 */
ssize_t trace_set_event_write(struct machine *m, pid_t pid, const char *buf,
			      size_t size, off_t off)
{
	uint64_t on = 0, off_bits = 0;
	size_t i = 0;

	(void)pid; (void)off;
	while (i < size) {
		size_t start, len;
		bool clear = false;
		uint64_t bits;

		while (i < size && is_blank(buf[i]))
			i++;
		if (i == size)
			break;
		start = i;
		while (i < size && !is_blank(buf[i]))
			i++;
		len = i - start;
		if (buf[start] == '!') {
			clear = true;
			start++;
			len--;
		}
		bits = len ? match_events(buf + start, len) : 0;
		if (!bits)
			return -EINVAL;
		if (clear) {
			off_bits |= bits;
			on &= ~bits;
		} else {
			on |= bits;
			off_bits &= ~bits;
		}
	}
	machine_lock_write(m);
	for (unsigned int id = 0; id < NR_TRACE_EVENTS; id++) {
		if ((on >> id) & 1)
			trace_set_event(&m->trace, id, true);
		else if ((off_bits >> id) & 1)
			trace_set_event(&m->trace, id, false);
	}
	machine_unlock(m);
	return (ssize_t)size;
}

/** trace_set_event_truncate() - open(O_TRUNC) of set_event: all off. */
int trace_set_event_truncate(struct machine *m, pid_t pid)
{
	(void)pid;
	machine_lock_write(m);
	for (unsigned int id = 0; id < NR_TRACE_EVENTS; id++)
		trace_set_event(&m->trace, id, false);
	machine_unlock(m);
	return 0;
}

/* ---- set_event_pid ---- */

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* show_pids - @n PIDs, a line each, in ascending order. */
static int show_pids(struct seq_buf *s, const pid_t *list, unsigned int n)
{
	pid_t pids[TRACE_MAX_PIDS];

	memcpy(pids, list, n * sizeof(*pids));
	qsort(pids, n, sizeof(*pids), cmp_pid);
	for (unsigned int i = 0; i < n; i++)
		seq_printf(s, "%d\n", (int)pids[i]);
	return s->err;
}

/** trace_set_event_pid_show() - the PIDs traced, in ascending order. */
int trace_set_event_pid_show(struct machine *m, struct task_struct *tsk,
			     struct seq_buf *s)
{
	(void)tsk;
	return show_pids(s, m->trace.pids, m->trace.nr_pids);
}

/**
 * trace_set_ftrace_pid_show() - function_graph's PIDs, or "no pid" when
 * every task is traced (fpid_show()).
 */
int trace_set_ftrace_pid_show(struct machine *m, struct task_struct *tsk,
			      struct seq_buf *s)
{
	(void)tsk;
	if (!m->trace.nr_ftrace_pids) {
		seq_puts(s, "no pid\n");
		return s->err;
	}
	return show_pids(s, m->trace.ftrace_pids, m->trace.nr_ftrace_pids);
}

/*
 * pid_list_write - set_event_pid (or, @ftrace, set_ftrace_pid): PIDs,
 * separated by blanks, added to those there (O_TRUNC emptied it first,
 * unless appending), as trace_pid_write(). Anything but a PID below
 * pid_max, or more than TRACE_MAX_PIDS in all, is EINVAL and changes
 * nothing.
 */
static ssize_t pid_list_write(struct machine *m, bool ftrace,
			      const char *buf, size_t size)
{
	pid_t pids[TRACE_MAX_PIDS];
	unsigned int n;
	size_t i = 0;
	int err;

	machine_lock_write(m);
	n = ftrace ? m->trace.nr_ftrace_pids : m->trace.nr_pids;
	memcpy(pids, ftrace ? m->trace.ftrace_pids : m->trace.pids,
	       n * sizeof(*pids));
	while (i < size) {
		unsigned long v;
		size_t start;
		bool dup = false;

		while (i < size && is_blank(buf[i]))
			i++;
		if (i == size)
			break;
		start = i;
		while (i < size && !is_blank(buf[i]))
			i++;
		if (parse_ulong(buf + start, i - start, &v) ||
		    v >= PID_MAX_DEFAULT) {
			err = -EINVAL;
			goto out_unlock;
		}
		for (unsigned int k = 0; k < n; k++)
			dup |= pids[k] == (pid_t)v;
		if (dup)
			continue;
		if (n == TRACE_MAX_PIDS) {
			err = -EINVAL;
			goto out_unlock;
		}
		pids[n++] = (pid_t)v;
	}
	err = ftrace ? trace_set_ftrace_pids(&m->trace, pids, n) :
		       trace_set_pids(&m->trace, pids, n);
out_unlock:
	machine_unlock(m);
	return err ? err : (ssize_t)size;
}

/** trace_set_event_pid_write() - set_event_pid (pid_list_write()). */
ssize_t trace_set_event_pid_write(struct machine *m, pid_t pid,
				  const char *buf, size_t size, off_t off)
{
	(void)pid; (void)off;
	return pid_list_write(m, false, buf, size);
}

/** trace_set_ftrace_pid_write() - set_ftrace_pid, as set_event_pid. */
ssize_t trace_set_ftrace_pid_write(struct machine *m, pid_t pid,
				   const char *buf, size_t size, off_t off)
{
	(void)pid; (void)off;
	return pid_list_write(m, true, buf, size);
}

/** trace_set_ftrace_pid_truncate() - open(O_TRUNC): every task's. */
int trace_set_ftrace_pid_truncate(struct machine *m, pid_t pid)
{
	(void)pid;
	machine_lock_write(m);
	trace_set_ftrace_pids(&m->trace, NULL, 0);
	machine_unlock(m);
	return 0;
}

/** trace_set_event_pid_truncate() - open(O_TRUNC): every task traced. */
int trace_set_event_pid_truncate(struct machine *m, pid_t pid)
{
	(void)pid;
	machine_lock_write(m);
	trace_set_pids(&m->trace, NULL, 0);
	machine_unlock(m);
	return 0;
}

/* ---- tracers, tracing_on ---- */

/** trace_available_tracers_show() - function_graph and nop. */
int trace_available_tracers_show(struct machine *m, struct task_struct *tsk,
				 struct seq_buf *s)
{
	(void)m; (void)tsk;
	seq_puts(s, "function_graph nop\n");
	return s->err;
}

/** trace_current_tracer_show() - nop or function_graph. */
int trace_current_tracer_show(struct machine *m, struct task_struct *tsk,
			      struct seq_buf *s)
{
	(void)tsk;
	seq_puts(s, m->trace.graph_tracer ? "function_graph\n" : "nop\n");
	return s->err;
}

/**
 * trace_current_tracer_write() - nop or function_graph (blanks around
 * it); a change of tracer empties the buffer. Else EINVAL.
 */
ssize_t trace_current_tracer_write(struct machine *m, pid_t pid,
				   const char *buf, size_t size, off_t off)
{
	size_t a = 0, b = size;
	bool graph;

	(void)pid; (void)off;
	while (a < b && is_blank(buf[a]))
		a++;
	while (b > a && is_blank(buf[b - 1]))
		b--;
	if (b - a == 3 && !memcmp(buf + a, "nop", 3))
		graph = false;
	else if (b - a == 14 && !memcmp(buf + a, "function_graph", 14))
		graph = true;
	else
		return -EINVAL;
	machine_lock_write(m);
	trace_set_graph(&m->trace, graph);
	machine_unlock(m);
	return (ssize_t)size;
}

/** trace_tracing_on_show() - 1 or 0. */
int trace_tracing_on_show(struct machine *m, struct task_struct *tsk,
			  struct seq_buf *s)
{
	(void)tsk;
	seq_puts(s, m->trace.tracing_on ? "1\n" : "0\n");
	return s->err;
}

/**
 * trace_tracing_on_write() - rb_simple_write(): a number, 0 stops
 * recording, any other starts it; not a number: EINVAL.
 */
ssize_t trace_tracing_on_write(struct machine *m, pid_t pid, const char *buf,
			       size_t size, off_t off)
{
	unsigned long val;

	(void)pid; (void)off;
	if (parse_ulong(buf, size, &val))
		return -EINVAL;
	machine_lock_write(m);
	trace_set_on(&m->trace, val != 0);
	machine_unlock(m);
	return (ssize_t)size;
}

/* ---- trace, trace_pipe, trace_marker ---- */

/** trace_show() - trace: ftrace's header for the nop tracer, then the
 * buffer, oldest first. */
int trace_show(struct machine *m, struct task_struct *tsk, struct seq_buf *s)
{
	const struct trace_array *tr = &m->trace;
	struct trace_iter it;

	(void)tsk;
	trace_iter_start(&it, tr);
	if (tr->graph_tracer) {
		unsigned int depth = 0;

		seq_puts(s, "# tracer: function_graph\n"
			 "#\n"
			 "# CPU  DURATION                  FUNCTION CALLS\n"
			 "# |     |   |                     |   |   |   |\n");
		while (trace_iter_peek(&it, 0) && !s->err)
			trace_iter_advance(&it,
					   print_graph_entry(s, &it, &depth));
		return s->err;
	}
	seq_puts(s, "# tracer: nop\n#\n");
	seq_printf(s, "# entries-in-buffer/entries-written: %zu/%llu   #P:%d\n",
		   tr->count, tr->written, MMSIM_NR_CPUS(m));
	seq_puts(s,
		 "#\n"
		 "#                                _-----=> irqs-off/BH-disabled\n"
		 "#                               / _----=> need-resched\n"
		 "#                              | / _---=> hardirq/softirq\n"
		 "#                              || / _--=> preempt-depth\n"
		 "#                              ||| / _-=> migrate-disable\n"
		 "#                              |||| /     delay\n"
		 "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
		 "#              | |         |   |||||     |         |\n");
	for (; trace_iter_peek(&it, 0) && !s->err; trace_iter_advance(&it, 1))
		print_entry(s, trace_iter_peek(&it, 0));
	return s->err;
}

/** trace_write() - tracing_write_stub(): taken, and nothing done. */
ssize_t trace_write(struct machine *m, pid_t pid, const char *buf,
		    size_t size, off_t off)
{
	(void)m; (void)pid; (void)buf; (void)off;
	return (ssize_t)size;
}

/** trace_truncate() - open(O_TRUNC) of trace: the buffer is emptied. */
int trace_truncate(struct machine *m, pid_t pid)
{
	(void)pid;
	machine_lock_write(m);
	trace_reset(&m->trace);
	machine_unlock(m);
	return 0;
}

/**
 * trace_pipe_read() - trace_pipe: the oldest lines that fit in @size,
 * which are then gone from the buffer (a line longer than @size is cut).
 * With nothing buffered it returns 0, EOF, rather than wait for events
 * as Linux's does: nothing would record one while the reader waits.
 */
ssize_t trace_pipe_read(struct machine *m, pid_t pid, char *buf, size_t size,
			off_t off)
{
	struct trace_array *tr = &m->trace;
	struct trace_iter it;
	struct seq_buf s;
	size_t done = 0, n = 0, took = 1;
	unsigned int depth = 0;

	(void)pid; (void)off;
	seq_buf_init(&s);
	machine_lock_write(m);
	trace_iter_start(&it, tr);
	while (n < tr->count) {
		s.len = 0;
		if (tr->graph_tracer)
			took = print_graph_entry(&s, &it, &depth);
		else
			print_entry(&s, trace_iter_peek(&it, 0));
		if (s.err)
			break;
		if (done + s.len > size) {
			if (!done) {	/* cut, rather than never return it */
				memcpy(buf, s.buf, size);
				done = size;
				n += took;
			}
			break;
		}
		memcpy(buf + done, s.buf, s.len);
		done += s.len;
		n += took;
		trace_iter_advance(&it, took);
	}
	trace_consume(tr, n);
	machine_unlock(m);
	seq_buf_free(&s);
	return (ssize_t)done;
}

/* TRACE_MARKER_MAX_SIZE: a longer write is cut there. */
#define TRACE_MARKER_MAX	4096

/**
 * trace_marker_write() - trace_marker: the text, as ftrace:print
 * ("tracing_mark_write: TEXT"), a newline added when it has none.
 * Return: @size; -EBADF while tracing_on is 0, as Linux.
 */
ssize_t trace_marker_write(struct machine *m, pid_t pid, const char *buf,
			   size_t size, off_t off)
{
	char text[TRACE_MARKER_MAX + 2];
	size_t len = size < TRACE_MARKER_MAX ? size : TRACE_MARKER_MAX;
	int err;

	(void)pid; (void)off;
	memcpy(text, buf, len);
	if (!len || text[len - 1] != '\n')
		text[len++] = '\n';
	text[len] = '\0';
	machine_lock_write(m);
	err = trace_record_marker(&m->trace, text, len);
	machine_unlock(m);
	return err ? err : (ssize_t)size;
}
