/*
 * vmstat.c - /proc/vmstat (mm/vmstat.c): every counter name the reference
 * kernel prints, in its order, one "name value" line each. The counters
 * the simulated machine keeps (node page states and VM events) are filled
 * in (pswpin, pswpout and nr_swapcached from the swap area); the rest
 * belong to subsystems mmsim has no part of (NUMA balancing, compaction,
 * THP...) and read 0. The reclaim counters (pgscan_*, pgsteal_*,
 * pgrefill, workingset_*: vm/vmscan.c, vm/workingset.c) are kept; the
 * workingset counters count refaults of page-cache pages only (no swap
 * cache shadows).
 */
#include "internal.h"

enum vmstat_source {
	VMSTAT_ZERO,		/* a counter mmsim does not keep */
	VMSTAT_NODE,		/* m->vm_stat[item] */
	VMSTAT_EVENT,		/* m->vm_events[item] */
	VMSTAT_FREE_PAGES,	/* zone->free_pages */
	VMSTAT_FREE_BLOCKS,	/* free pages in whole free pageblocks */
	VMSTAT_KERNEL_STACK,	/* kB of kernel stacks of live tasks */
	VMSTAT_DIRTY_THRESH,	/* vm.dirty_ratio (20%) of dirtyable memory */
	VMSTAT_DIRTY_BG_THRESH,	/* vm.dirty_background_ratio (10%) */
	VMSTAT_MEMMAP_BOOT,	/* pages holding mem_map since boot */
	VMSTAT_PGALLOC,		/* zone->pgalloc */
	VMSTAT_PGFREE,		/* zone->pgfree */
	VMSTAT_WRITE_PENDING,	/* NR_ZONE_WRITE_PENDING: dirty + writeback */
	VMSTAT_TLB_EVENT,	/* m->vm_events[item], with CONFIG_DEBUG_TLBFLUSH */
};

struct vmstat_item {
	const char *name;
	enum vmstat_source source;
	int item;
};

#define VS_ZERO(n)		{ n, VMSTAT_ZERO, 0 }
#define VS_STAT(n, i)		{ n, VMSTAT_NODE, i }
#define VS_EVENT(n, i)		{ n, VMSTAT_EVENT, i }
#define VS_FN(n, src)		{ n, src, 0 }

/* The reference kernel's vmstat_text[], as its /proc/vmstat lists it. */
static const struct vmstat_item vmstat_items[] = {
	VS_FN("nr_free_pages", VMSTAT_FREE_PAGES),
	VS_FN("nr_free_pages_blocks", VMSTAT_FREE_BLOCKS),
	VS_STAT("nr_zone_inactive_anon", NR_INACTIVE_ANON),
	VS_STAT("nr_zone_active_anon", NR_ACTIVE_ANON),
	VS_STAT("nr_zone_inactive_file", NR_INACTIVE_FILE),
	VS_STAT("nr_zone_active_file", NR_ACTIVE_FILE),
	VS_STAT("nr_zone_unevictable", NR_UNEVICTABLE),
	VS_FN("nr_zone_write_pending", VMSTAT_WRITE_PENDING),
	VS_STAT("nr_mlock", NR_MLOCK),
	VS_ZERO("nr_zspages"),
	VS_ZERO("nr_free_cma"),
	VS_FN("numa_hit", VMSTAT_PGALLOC),
	VS_ZERO("numa_miss"),
	VS_ZERO("numa_foreign"),
	VS_ZERO("numa_interleave"),
	VS_FN("numa_local", VMSTAT_PGALLOC),
	VS_ZERO("numa_other"),
	VS_STAT("nr_inactive_anon", NR_INACTIVE_ANON),
	VS_STAT("nr_active_anon", NR_ACTIVE_ANON),
	VS_STAT("nr_inactive_file", NR_INACTIVE_FILE),
	VS_STAT("nr_active_file", NR_ACTIVE_FILE),
	VS_STAT("nr_unevictable", NR_UNEVICTABLE),
	VS_STAT("nr_slab_reclaimable", NR_SLAB_RECLAIMABLE_B),
	VS_STAT("nr_slab_unreclaimable", NR_SLAB_UNRECLAIMABLE_B),
	VS_ZERO("nr_isolated_anon"),
	VS_ZERO("nr_isolated_file"),
	VS_ZERO("workingset_nodes"),
	VS_STAT("workingset_refault_anon", WORKINGSET_REFAULT_ANON),
	VS_STAT("workingset_refault_file", WORKINGSET_REFAULT_FILE),
	VS_STAT("workingset_activate_anon", WORKINGSET_ACTIVATE_ANON),
	VS_STAT("workingset_activate_file", WORKINGSET_ACTIVATE_FILE),
	VS_STAT("workingset_restore_anon", WORKINGSET_RESTORE_ANON),
	VS_STAT("workingset_restore_file", WORKINGSET_RESTORE_FILE),
	VS_ZERO("workingset_nodereclaim"),
	VS_STAT("nr_anon_pages", NR_ANON_MAPPED),
	VS_STAT("nr_mapped", NR_FILE_MAPPED),
	VS_STAT("nr_file_pages", NR_FILE_PAGES),
	VS_STAT("nr_dirty", NR_FILE_DIRTY),
	VS_STAT("nr_writeback", NR_WRITEBACK),
	VS_STAT("nr_shmem", NR_SHMEM),
	VS_ZERO("nr_shmem_hugepages"),
	VS_ZERO("nr_shmem_pmdmapped"),
	VS_ZERO("nr_file_hugepages"),
	VS_ZERO("nr_file_pmdmapped"),
	VS_ZERO("nr_anon_transparent_hugepages"),
	VS_STAT("nr_vmscan_write", NR_VMSCAN_WRITE),
	VS_STAT("nr_vmscan_immediate_reclaim", NR_VMSCAN_IMMEDIATE),
	VS_STAT("nr_dirtied", NR_DIRTIED),
	VS_STAT("nr_written", NR_WRITTEN),
	VS_ZERO("nr_throttled_written"),
	VS_ZERO("nr_kernel_misc_reclaimable"),
	VS_ZERO("nr_foll_pin_acquired"),
	VS_ZERO("nr_foll_pin_released"),
	VS_FN("nr_kernel_stack", VMSTAT_KERNEL_STACK),
	VS_STAT("nr_page_table_pages", NR_PAGETABLE),
	VS_ZERO("nr_sec_page_table_pages"),
	VS_ZERO("nr_iommu_pages"),
	VS_STAT("nr_swapcached", NR_SWAPCACHE),
	VS_ZERO("pgpromote_success"),
	VS_ZERO("pgpromote_candidate"),
	VS_ZERO("pgpromote_candidate_nrl"),
	VS_ZERO("pgdemote_kswapd"),
	VS_ZERO("pgdemote_direct"),
	VS_ZERO("pgdemote_khugepaged"),
	VS_ZERO("pgdemote_proactive"),
	VS_ZERO("nr_hugetlb"),
	VS_ZERO("nr_balloon_pages"),
	VS_ZERO("nr_kernel_file_pages"),
	VS_FN("nr_dirty_threshold", VMSTAT_DIRTY_THRESH),
	VS_FN("nr_dirty_background_threshold", VMSTAT_DIRTY_BG_THRESH),
	VS_ZERO("nr_memmap_pages"),
	VS_FN("nr_memmap_boot_pages", VMSTAT_MEMMAP_BOOT),
	VS_EVENT("pgpgin", PGPGIN),
	VS_EVENT("pgpgout", PGPGOUT),
	VS_EVENT("pswpin", PSWPIN),
	VS_EVENT("pswpout", PSWPOUT),
	VS_ZERO("pgalloc_dma"),
	VS_ZERO("pgalloc_dma32"),
	VS_FN("pgalloc_normal", VMSTAT_PGALLOC),
	VS_ZERO("pgalloc_movable"),
	VS_ZERO("pgalloc_device"),
	VS_ZERO("allocstall_dma"),
	VS_ZERO("allocstall_dma32"),
	VS_EVENT("allocstall_normal", ALLOCSTALL_NORMAL),
	VS_EVENT("allocstall_movable", ALLOCSTALL_MOVABLE),
	VS_ZERO("allocstall_device"),
	VS_ZERO("pgskip_dma"),
	VS_ZERO("pgskip_dma32"),
	VS_ZERO("pgskip_normal"),
	VS_ZERO("pgskip_movable"),
	VS_ZERO("pgskip_device"),
	VS_FN("pgfree", VMSTAT_PGFREE),
	VS_EVENT("pgactivate", PGACTIVATE),
	VS_EVENT("pgdeactivate", PGDEACTIVATE),
	VS_EVENT("pglazyfree", PGLAZYFREE),
	VS_EVENT("pgfault", PGFAULT),
	VS_EVENT("pgmajfault", PGMAJFAULT),
	VS_EVENT("pglazyfreed", PGLAZYFREED),
	VS_EVENT("pgrefill", PGREFILL),
	VS_EVENT("pgreuse", PGREUSE),
	VS_EVENT("pgsteal_kswapd", PGSTEAL_KSWAPD),
	VS_EVENT("pgsteal_direct", PGSTEAL_DIRECT),
	VS_ZERO("pgsteal_khugepaged"),
	VS_ZERO("pgsteal_proactive"),
	VS_EVENT("pgscan_kswapd", PGSCAN_KSWAPD),
	VS_EVENT("pgscan_direct", PGSCAN_DIRECT),
	VS_ZERO("pgscan_khugepaged"),
	VS_ZERO("pgscan_proactive"),
	VS_ZERO("pgscan_direct_throttle"),
	VS_EVENT("pgscan_anon", PGSCAN_ANON),
	VS_EVENT("pgscan_file", PGSCAN_FILE),
	VS_EVENT("pgsteal_anon", PGSTEAL_ANON),
	VS_EVENT("pgsteal_file", PGSTEAL_FILE),
	VS_ZERO("zone_reclaim_success"),
	VS_ZERO("zone_reclaim_failed"),
	VS_ZERO("pginodesteal"),
	VS_ZERO("slabs_scanned"),
	VS_ZERO("kswapd_inodesteal"),
	VS_ZERO("kswapd_low_wmark_hit_quickly"),
	VS_ZERO("kswapd_high_wmark_hit_quickly"),
	VS_EVENT("pageoutrun", PAGEOUTRUN),
	VS_EVENT("pgrotated", PGROTATED),
	VS_EVENT("drop_pagecache", DROP_PAGECACHE),
	VS_EVENT("drop_slab", DROP_SLAB),
	VS_EVENT("oom_kill", OOM_KILL),
	VS_ZERO("numa_pte_updates"),
	VS_ZERO("numa_huge_pte_updates"),
	VS_ZERO("numa_hint_faults"),
	VS_ZERO("numa_hint_faults_local"),
	VS_ZERO("numa_pages_migrated"),
	VS_ZERO("pgmigrate_success"),
	VS_ZERO("pgmigrate_fail"),
	VS_ZERO("thp_migration_success"),
	VS_ZERO("thp_migration_fail"),
	VS_ZERO("thp_migration_split"),
	VS_ZERO("compact_migrate_scanned"),
	VS_ZERO("compact_free_scanned"),
	VS_ZERO("compact_isolated"),
	VS_ZERO("compact_stall"),
	VS_ZERO("compact_fail"),
	VS_ZERO("compact_success"),
	VS_ZERO("compact_daemon_wake"),
	VS_ZERO("compact_daemon_migrate_scanned"),
	VS_ZERO("compact_daemon_free_scanned"),
	VS_ZERO("htlb_buddy_alloc_success"),
	VS_ZERO("htlb_buddy_alloc_fail"),
	VS_EVENT("unevictable_pgs_culled", UNEVICTABLE_PGCULLED),
	VS_EVENT("unevictable_pgs_scanned", UNEVICTABLE_PGSCANNED),
	VS_EVENT("unevictable_pgs_rescued", UNEVICTABLE_PGRESCUED),
	VS_EVENT("unevictable_pgs_mlocked", UNEVICTABLE_PGMLOCKED),
	VS_EVENT("unevictable_pgs_munlocked", UNEVICTABLE_PGMUNLOCKED),
	VS_EVENT("unevictable_pgs_cleared", UNEVICTABLE_PGCLEARED),
	VS_EVENT("unevictable_pgs_stranded", UNEVICTABLE_PGSTRANDED),
	VS_ZERO("thp_fault_alloc"),
	VS_ZERO("thp_fault_fallback"),
	VS_ZERO("thp_fault_fallback_charge"),
	VS_ZERO("thp_collapse_alloc"),
	VS_ZERO("thp_collapse_alloc_failed"),
	VS_ZERO("thp_file_alloc"),
	VS_ZERO("thp_file_fallback"),
	VS_ZERO("thp_file_fallback_charge"),
	VS_ZERO("thp_file_mapped"),
	VS_ZERO("thp_split_page"),
	VS_ZERO("thp_split_page_failed"),
	VS_ZERO("thp_deferred_split_page"),
	VS_ZERO("thp_underused_split_page"),
	VS_ZERO("thp_split_pmd"),
	VS_ZERO("thp_scan_exceed_none_pte"),
	VS_ZERO("thp_scan_exceed_swap_pte"),
	VS_ZERO("thp_scan_exceed_share_pte"),
	VS_ZERO("thp_split_pud"),
	VS_ZERO("thp_zero_page_alloc"),
	VS_ZERO("thp_zero_page_alloc_failed"),
	VS_ZERO("thp_swpout"),
	VS_ZERO("thp_swpout_fallback"),
	VS_ZERO("balloon_inflate"),
	VS_ZERO("balloon_deflate"),
	VS_ZERO("balloon_migrate"),
	{ "nr_tlb_remote_flush", VMSTAT_TLB_EVENT, NR_TLB_REMOTE_FLUSH },
	{ "nr_tlb_remote_flush_received", VMSTAT_TLB_EVENT,
	  NR_TLB_REMOTE_FLUSH_RECEIVED },
	{ "nr_tlb_local_flush_all", VMSTAT_TLB_EVENT, NR_TLB_LOCAL_FLUSH_ALL },
	{ "nr_tlb_local_flush_one", VMSTAT_TLB_EVENT, NR_TLB_LOCAL_FLUSH_ONE },
	VS_ZERO("swap_ra"),
	VS_ZERO("swap_ra_hit"),
	VS_EVENT("swpin_zero", SWPIN_ZERO),
	VS_EVENT("swpout_zero", SWPOUT_ZERO),
	VS_ZERO("ksm_swpin_copy"),
	VS_ZERO("cow_ksm"),
	VS_ZERO("zswpin"),
	VS_ZERO("zswpout"),
	VS_ZERO("zswpwb"),
	VS_ZERO("direct_map_level2_splits"),
	VS_ZERO("direct_map_level3_splits"),
	VS_ZERO("direct_map_level2_collapses"),
	VS_ZERO("direct_map_level3_collapses"),
	VS_ZERO("nr_unstable"),
};

/* pageblock_order on x86-64 with 4 KiB pages: a 2 MiB block. */
#define PAGEBLOCK_ORDER	9

/* Free pages that lie in completely free pageblocks (NR_FREE_PAGES_BLOCKS). */
static unsigned long nr_free_pages_blocks(const struct zone *zone)
{
	unsigned long nr = 0;
	unsigned int order;

	for (order = PAGEBLOCK_ORDER; order < NR_ORDERS; order++)
		nr += zone->nr_free[order] << order;
	return nr;
}

/* global_dirtyable_memory(): what dirty pages may grow into. */
static unsigned long dirtyable_memory(const struct machine *m)
{
	return m->zone.free_pages +
	       (unsigned long)(m->vm_stat[NR_INACTIVE_FILE] +
			       m->vm_stat[NR_ACTIVE_FILE]);
}

static unsigned long vmstat_value(struct machine *m,
				  const struct vmstat_item *vi)
{
	struct zone *zone = &m->zone;
	long v;

	switch (vi->source) {
	case VMSTAT_NODE:
		v = m->vm_stat[vi->item];
		if (v < 0)
			return 0;
		/* Byte items print in pages (global_node_page_state_pages()). */
		if (vi->item == NR_SLAB_RECLAIMABLE_B ||
		    vi->item == NR_SLAB_UNRECLAIMABLE_B)
			return (unsigned long)v >> PAGE_SHIFT;
		return (unsigned long)v;
	case VMSTAT_EVENT:
	case VMSTAT_TLB_EVENT:
		return m->vm_events[vi->item];
	case VMSTAT_FREE_PAGES:
		return zone->free_pages;
	case VMSTAT_FREE_BLOCKS:
		return nr_free_pages_blocks(zone);
	case VMSTAT_KERNEL_STACK:
		return nr_live_tasks(m) * THREAD_SIZE_KB;
	case VMSTAT_DIRTY_THRESH:
		/* global_dirtable_memory(): free pages and the file LRUs */
		return dirtyable_memory(m) * 20 / 100;
	case VMSTAT_DIRTY_BG_THRESH:
		return dirtyable_memory(m) * 10 / 100;
	case VMSTAT_WRITE_PENDING:
		return (unsigned long)(m->vm_stat[NR_FILE_DIRTY] +
				       m->vm_stat[NR_WRITEBACK]);
	case VMSTAT_MEMMAP_BOOT:
		/* 64-byte struct pages, in whole 4 KiB pages */
		return (zone->nr_pages * 64 + PAGE_SIZE - 1) / PAGE_SIZE;
	case VMSTAT_PGALLOC:
		return zone->pgalloc;
	case VMSTAT_PGFREE:
		return zone->pgfree;
	case VMSTAT_ZERO:
		break;
	}
	return 0;
}

/**
 * vmstat_show() - /proc/vmstat. Read lock held.
 */
int vmstat_show(struct machine *m, struct task_struct *tsk, struct seq_buf *s)
{
	size_t i;

	(void)tsk;
	for (i = 0; i < sizeof(vmstat_items) / sizeof(vmstat_items[0]); i++) {
		/* The nr_tlb_* counters exist with CONFIG_DEBUG_TLBFLUSH. */
		if (vmstat_items[i].source == VMSTAT_TLB_EVENT &&
		    !m->cfg.cpu.debug_tlbflush)
			continue;
		seq_printf(s, "%s %lu\n", vmstat_items[i].name,
			   vmstat_value(m, &vmstat_items[i]));
	}
	return s->err;
}

/* ---- /proc/zoneinfo, /proc/buddyinfo, /proc/pagetypeinfo ---- */

/*
 * The zones of node 0 as an x86-64 kernel configures them. The simulated
 * machine's one zone is Normal (its allocations count as pgalloc_normal);
 * the others are there and empty, as zoneinfo lists every zone of a node.
 */
static const char *const zone_names[] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};
#define NR_ZONES	5
#define ZONE_NORMAL	2
#define ZONE_MOVABLE	3

/* The CPUs the machine shows (pagesets, thresholds). */
#define NR_CPUS		MMSIM_NR_CPUS(m)

/* Index of the vmstat_items[] entry called @name (it is always there). */
static size_t vmstat_index(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(vmstat_items) / sizeof(vmstat_items[0]); i++)
		if (!strcmp(vmstat_items[i].name, name))
			break;
	return i;
}

/* vmstat_items[] from @first to @last, as zoneinfo's "%-12s %lu" lines. */
static void zoneinfo_items(struct seq_buf *s, struct machine *m,
			   const char *first, const char *last)
{
	size_t i, end = vmstat_index(last);

	for (i = vmstat_index(first); i <= end && i < sizeof(vmstat_items) /
	     sizeof(vmstat_items[0]); i++)
		seq_printf(s, "\n      %-12s %lu", vmstat_items[i].name,
			   vmstat_value(m, &vmstat_items[i]));
}

/*
 * zoneinfo_show_print(): one zone. The watermarks are the engine's
 * (zone_watermarks()); an empty zone has none, except that Movable's min
 * is clamped up to SWAP_CLUSTER_MAX (32) as __setup_per_zone_wmarks()
 * does for it. lowmem_reserve is 0 everywhere: no zone above Normal has
 * pages, and the empty ones below it reserve nothing.
 */
static void zoneinfo_zone(struct seq_buf *s, struct machine *m, int z)
{
	struct zone *zone = &m->zone;
	bool populated = z == ZONE_NORMAL;
	unsigned long wmark[NR_WMARK] = { 0 };
	unsigned long pages = populated ? zone->nr_pages : 0;
	unsigned int batch, high_min, high_max;
	int cpu, i;

	if (populated)
		zone_watermarks(zone, wmark);
	else if (z == ZONE_MOVABLE)
		wmark[WMARK_MIN] = wmark[WMARK_LOW] = wmark[WMARK_HIGH] =
			wmark[WMARK_PROMO] = 32;
	seq_printf(s, "Node %d, zone %8s", 0, zone_names[z]);
	if (populated) {
		seq_puts(s, "\n  per-node stats");
		zoneinfo_items(s, m, "nr_inactive_anon", "nr_kernel_file_pages");
	}
	seq_printf(s, "\n  pages free     %lu"
		   "\n        boost    %lu"
		   "\n        min      %lu"
		   "\n        low      %lu"
		   "\n        high     %lu"
		   "\n        promo    %lu"
		   "\n        spanned  %lu"
		   "\n        present  %lu"
		   "\n        managed  %lu"
		   "\n        cma      %lu",
		   populated ? zone->free_pages : 0UL, 0UL, wmark[WMARK_MIN],
		   wmark[WMARK_LOW], wmark[WMARK_HIGH], wmark[WMARK_PROMO],
		   pages, pages, pages, 0UL);
	seq_puts(s, "\n        protection: (0");
	for (i = 1; i < NR_ZONES; i++)
		seq_puts(s, ", 0");
	seq_putc(s, ')');
	if (!populated) {
		seq_putc(s, '\n');
		return;
	}
	zoneinfo_items(s, m, "nr_free_pages", "nr_free_cma");
	zoneinfo_items(s, m, "numa_hit", "numa_other");
	/* mmsim keeps no per-CPU lists: count 0, the sizes Linux gives. */
	zone_pcp_sizes(zone, NR_CPUS, &batch, &high_min, &high_max);
	seq_puts(s, "\n  pagesets");
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		seq_printf(s, "\n    cpu: %i"
			   "\n              count:    %i"
			   "\n              high:     %u"
			   "\n              batch:    %u"
			   "\n              high_min: %u"
			   "\n              high_max: %u",
			   cpu, 0, high_min, batch, high_min, high_max);
		seq_printf(s, "\n  vm stats threshold: %d",
			   calculate_normal_threshold(zone, NR_CPUS));
	}
	seq_printf(s, "\n  node_unreclaimable:  %u"
		   "\n  start_pfn:           %lu\n", 0U, 0UL);
}

/**
 * zoneinfo_show() - /proc/zoneinfo: every zone of node 0, the node's
 * counters under its first populated zone. Read lock held.
 */
int zoneinfo_show(struct machine *m, struct task_struct *tsk,
		  struct seq_buf *s)
{
	int z;

	(void)tsk;
	for (z = 0; z < NR_ZONES; z++)
		zoneinfo_zone(s, m, z);
	return s->err;
}

/**
 * frag_show() - /proc/buddyinfo: the free blocks of each order in each
 * populated zone, from the buddy allocator's free lists. Read lock held.
 */
int frag_show(struct machine *m, struct task_struct *tsk, struct seq_buf *s)
{
	unsigned int order;

	(void)tsk;
	seq_printf(s, "Node %d, zone %8s ", 0, zone_names[ZONE_NORMAL]);
	for (order = 0; order < NR_ORDERS; order++)
		seq_printf(s, "%6lu ", m->zone.nr_free[order]);
	seq_putc(s, '\n');
	return s->err;
}

/* The migrate types /proc/pagetypeinfo lists (no CMA). */
static const char *const migratetype_names[] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};
#define NR_MIGRATETYPES	5
#define MIGRATE_MOVABLE	1

/**
 * pagetypeinfo_show() - /proc/pagetypeinfo. mmsim's allocator has one
 * free list per order, not one per migrate type: every free block and
 * every pageblock is shown as Movable, where a fresh machine's user
 * memory is. Counts of 100000 or more print as ">100000", as Linux stops
 * counting there. Read lock held.
 */
int pagetypeinfo_show(struct machine *m, struct task_struct *tsk,
		      struct seq_buf *s)
{
	unsigned long blocks;
	unsigned int order;
	int t;

	(void)tsk;
	seq_printf(s, "Page block order: %d\n", PAGEBLOCK_ORDER);
	seq_printf(s, "Pages per block:  %lu\n", 1UL << PAGEBLOCK_ORDER);
	seq_putc(s, '\n');
	seq_printf(s, "%-43s ", "Free pages count per migrate type at order");
	for (order = 0; order < NR_ORDERS; order++)
		seq_printf(s, "%6u ", order);
	seq_putc(s, '\n');
	for (t = 0; t < NR_MIGRATETYPES; t++) {
		seq_printf(s, "Node %4d, zone %8s, type %12s ", 0,
			   zone_names[ZONE_NORMAL], migratetype_names[t]);
		for (order = 0; order < NR_ORDERS; order++) {
			unsigned long n = t == MIGRATE_MOVABLE ?
					  m->zone.nr_free[order] : 0;

			if (n >= 100000)
				seq_printf(s, ">%6lu ", 100000UL);
			else
				seq_printf(s, "%6lu ", n);
		}
		seq_putc(s, '\n');
	}
	seq_printf(s, "\n%-23s", "Number of blocks type ");
	for (t = 0; t < NR_MIGRATETYPES; t++)
		seq_printf(s, "%12s ", migratetype_names[t]);
	seq_putc(s, '\n');
	blocks = (m->zone.nr_pages + (1UL << PAGEBLOCK_ORDER) - 1) >>
		 PAGEBLOCK_ORDER;
	seq_printf(s, "Node %d, zone %8s ", 0, zone_names[ZONE_NORMAL]);
	for (t = 0; t < NR_MIGRATETYPES; t++)
		seq_printf(s, "%12lu ", t == MIGRATE_MOVABLE ? blocks : 0UL);
	seq_putc(s, '\n');
	return s->err;
}
