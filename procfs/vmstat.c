/*
 * vmstat.c - /proc/vmstat (mm/vmstat.c): every counter name the reference
 * kernel prints, in its order, one "name value" line each. The counters
 * the simulated machine keeps (node page states and VM events) are filled
 * in; the rest belong to subsystems mmsim has no part of (file cache,
 * swap, NUMA balancing, compaction, THP...) and read 0.
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
	VS_ZERO("nr_zone_inactive_file"),
	VS_ZERO("nr_zone_active_file"),
	VS_STAT("nr_zone_unevictable", NR_UNEVICTABLE),
	VS_ZERO("nr_zone_write_pending"),
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
	VS_ZERO("nr_inactive_file"),
	VS_ZERO("nr_active_file"),
	VS_STAT("nr_unevictable", NR_UNEVICTABLE),
	VS_ZERO("nr_slab_reclaimable"),
	VS_ZERO("nr_slab_unreclaimable"),
	VS_ZERO("nr_isolated_anon"),
	VS_ZERO("nr_isolated_file"),
	VS_ZERO("workingset_nodes"),
	VS_ZERO("workingset_refault_anon"),
	VS_ZERO("workingset_refault_file"),
	VS_ZERO("workingset_activate_anon"),
	VS_ZERO("workingset_activate_file"),
	VS_ZERO("workingset_restore_anon"),
	VS_ZERO("workingset_restore_file"),
	VS_ZERO("workingset_nodereclaim"),
	VS_STAT("nr_anon_pages", NR_ANON_MAPPED),
	VS_STAT("nr_mapped", NR_FILE_MAPPED),
	VS_STAT("nr_file_pages", NR_SHMEM),
	VS_ZERO("nr_dirty"),
	VS_ZERO("nr_writeback"),
	VS_STAT("nr_shmem", NR_SHMEM),
	VS_ZERO("nr_shmem_hugepages"),
	VS_ZERO("nr_shmem_pmdmapped"),
	VS_ZERO("nr_file_hugepages"),
	VS_ZERO("nr_file_pmdmapped"),
	VS_ZERO("nr_anon_transparent_hugepages"),
	VS_ZERO("nr_vmscan_write"),
	VS_ZERO("nr_vmscan_immediate_reclaim"),
	VS_ZERO("nr_dirtied"),
	VS_ZERO("nr_written"),
	VS_ZERO("nr_throttled_written"),
	VS_ZERO("nr_kernel_misc_reclaimable"),
	VS_ZERO("nr_foll_pin_acquired"),
	VS_ZERO("nr_foll_pin_released"),
	VS_FN("nr_kernel_stack", VMSTAT_KERNEL_STACK),
	VS_STAT("nr_page_table_pages", NR_PAGETABLE),
	VS_ZERO("nr_sec_page_table_pages"),
	VS_ZERO("nr_iommu_pages"),
	VS_ZERO("nr_swapcached"),
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
	VS_ZERO("pgpgin"),
	VS_ZERO("pgpgout"),
	VS_ZERO("pswpin"),
	VS_ZERO("pswpout"),
	VS_ZERO("pgalloc_dma"),
	VS_ZERO("pgalloc_dma32"),
	VS_FN("pgalloc_normal", VMSTAT_PGALLOC),
	VS_ZERO("pgalloc_movable"),
	VS_ZERO("pgalloc_device"),
	VS_ZERO("allocstall_dma"),
	VS_ZERO("allocstall_dma32"),
	VS_ZERO("allocstall_normal"),
	VS_ZERO("allocstall_movable"),
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
	VS_ZERO("pgrefill"),
	VS_EVENT("pgreuse", PGREUSE),
	VS_ZERO("pgsteal_kswapd"),
	VS_ZERO("pgsteal_direct"),
	VS_ZERO("pgsteal_khugepaged"),
	VS_ZERO("pgsteal_proactive"),
	VS_ZERO("pgscan_kswapd"),
	VS_ZERO("pgscan_direct"),
	VS_ZERO("pgscan_khugepaged"),
	VS_ZERO("pgscan_proactive"),
	VS_ZERO("pgscan_direct_throttle"),
	VS_ZERO("pgscan_anon"),
	VS_ZERO("pgscan_file"),
	VS_ZERO("pgsteal_anon"),
	VS_ZERO("pgsteal_file"),
	VS_ZERO("zone_reclaim_success"),
	VS_ZERO("zone_reclaim_failed"),
	VS_ZERO("pginodesteal"),
	VS_ZERO("slabs_scanned"),
	VS_ZERO("kswapd_inodesteal"),
	VS_ZERO("kswapd_low_wmark_hit_quickly"),
	VS_ZERO("kswapd_high_wmark_hit_quickly"),
	VS_ZERO("pageoutrun"),
	VS_ZERO("pgrotated"),
	VS_ZERO("drop_pagecache"),
	VS_ZERO("drop_slab"),
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
	VS_ZERO("swap_ra"),
	VS_ZERO("swap_ra_hit"),
	VS_ZERO("swpin_zero"),
	VS_ZERO("swpout_zero"),
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

static unsigned long vmstat_value(struct machine *m,
				  const struct vmstat_item *vi)
{
	struct zone *zone = &m->zone;
	long v;

	switch (vi->source) {
	case VMSTAT_NODE:
		v = m->vm_stat[vi->item];
		return v > 0 ? (unsigned long)v : 0;
	case VMSTAT_EVENT:
		return m->vm_events[vi->item];
	case VMSTAT_FREE_PAGES:
		return zone->free_pages;
	case VMSTAT_FREE_BLOCKS:
		return nr_free_pages_blocks(zone);
	case VMSTAT_KERNEL_STACK:
		return nr_live_tasks(m) * THREAD_SIZE_KB;
	case VMSTAT_DIRTY_THRESH:
		/* global_dirtable_memory(): free pages, no file cache */
		return zone->free_pages * 20 / 100;
	case VMSTAT_DIRTY_BG_THRESH:
		return zone->free_pages * 10 / 100;
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
	for (i = 0; i < sizeof(vmstat_items) / sizeof(vmstat_items[0]); i++)
		seq_printf(s, "%s %lu\n", vmstat_items[i].name,
			   vmstat_value(m, &vmstat_items[i]));
	return s->err;
}
