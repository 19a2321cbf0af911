/*
 * meminfo.c - /proc/meminfo (fs/proc/meminfo.c): the machine's memory in
 * the kernel's order and layout, from the zone and the machine's node
 * counters, and the swap area's (vm/swap.h). Things the simulated machine
 * does not have (zswap, vmalloc, hugetlb) read 0, as they would on a
 * machine without them.
 */
#include "internal.h"
#include "../vm/swap.h"

#define K(pages) ((unsigned long long)(pages) << (PAGE_SHIFT - 10))

/* show_val_kb(): a 16-column label, 8-wide value in kB. */
static void show_val_kb(struct seq_buf *s, const char *label,
			unsigned long pages)
{
	seq_put_kb(s, label, 16, 8, K(pages));
}

static unsigned long node_page_state(const struct machine *m,
				     enum node_stat_item item)
{
	long v = m->vm_stat[item];

	return v > 0 ? (unsigned long)v : 0;
}

/**
 * vm_commit_limit() - CommitLimit in pages: overcommit_ratio percent of
 * RAM plus swap.
 */
static unsigned long vm_commit_limit(const struct machine *m)
{
	return m->zone.nr_pages * (unsigned long)m->cfg.overcommit_ratio / 100 +
	       total_swap_pages(m);
}

/**
 * meminfo_proc_show() - /proc/meminfo. Read lock held.
 *
 * Cached is the whole page cache: files, and shmem (shared anonymous
 * memory, System V segments), which the kernel also counts in Shmem and
 * keeps on the anon LRU lists; file pages are on the file lists. Mapped
 * counts the cached pages some process maps; Dirty the file pages to be
 * written back (shmem never is). There is no block device, so Buffers
 * is 0.
 */
int meminfo_proc_show(struct machine *m, struct task_struct *tsk,
		      struct seq_buf *s)
{
	unsigned long totalram = m->zone.nr_pages;
	unsigned long freeram = m->zone.free_pages;
	unsigned long active_anon = node_page_state(m, NR_ACTIVE_ANON);
	unsigned long inactive_anon = node_page_state(m, NR_INACTIVE_ANON);
	unsigned long shmem = node_page_state(m, NR_SHMEM);
	unsigned long active_file = node_page_state(m, NR_ACTIVE_FILE);
	unsigned long inactive_file = node_page_state(m, NR_INACTIVE_FILE);
	/* The page cache (the swap cache is apart); no block device cache. */
	unsigned long cached = node_page_state(m, NR_FILE_PAGES);
	unsigned long sreclaimable =
		node_page_state(m, NR_SLAB_RECLAIMABLE_B) >> PAGE_SHIFT;
	unsigned long sunreclaim =
		node_page_state(m, NR_SLAB_UNRECLAIMABLE_B) >> PAGE_SHIFT;
	unsigned long directmap_2m_kb, directmap_4k_kb, ram_kb;

	(void)tsk;
	ram_kb = K(totalram);
	directmap_2m_kb = ram_kb / 2048 * 2048;
	directmap_4k_kb = ram_kb - directmap_2m_kb;

	show_val_kb(s, "MemTotal:", totalram);
	show_val_kb(s, "MemFree:", freeram);
	/*
	 * si_mem_available(): free memory, the page cache reclaim could drop
	 * (the file LRUs) and the reclaimable slab, each less min(half of
	 * it, the low watermark); mmsim keeps no reserves or watermarks.
	 */
	show_val_kb(s, "MemAvailable:",
		    freeram + active_file + inactive_file + sreclaimable);
	show_val_kb(s, "Buffers:", 0);
	show_val_kb(s, "Cached:", cached);
	show_val_kb(s, "SwapCached:", total_swapcache_pages(m));
	show_val_kb(s, "Active:", active_anon + active_file);
	show_val_kb(s, "Inactive:", inactive_anon + inactive_file);
	show_val_kb(s, "Active(anon):", active_anon);
	show_val_kb(s, "Inactive(anon):", inactive_anon);
	show_val_kb(s, "Active(file):", active_file);
	show_val_kb(s, "Inactive(file):", inactive_file);
	show_val_kb(s, "Unevictable:", node_page_state(m, NR_UNEVICTABLE));
	show_val_kb(s, "Mlocked:", node_page_state(m, NR_MLOCK));
	show_val_kb(s, "SwapTotal:", total_swap_pages(m));
	show_val_kb(s, "SwapFree:", nr_swap_pages(m));
	show_val_kb(s, "Zswap:", 0);
	show_val_kb(s, "Zswapped:", 0);
	show_val_kb(s, "Dirty:", node_page_state(m, NR_FILE_DIRTY));
	show_val_kb(s, "Writeback:", node_page_state(m, NR_WRITEBACK));
	show_val_kb(s, "AnonPages:", node_page_state(m, NR_ANON_MAPPED));
	show_val_kb(s, "Mapped:", node_page_state(m, NR_FILE_MAPPED));
	show_val_kb(s, "Shmem:", shmem);
	show_val_kb(s, "KReclaimable:", sreclaimable);
	show_val_kb(s, "Slab:", sreclaimable + sunreclaim);
	show_val_kb(s, "SReclaimable:", sreclaimable);
	show_val_kb(s, "SUnreclaim:", sunreclaim);
	seq_put_kb(s, "KernelStack:", 16, 8, nr_live_tasks(m) * THREAD_SIZE_KB);
	show_val_kb(s, "PageTables:", node_page_state(m, NR_PAGETABLE));
	show_val_kb(s, "SecPageTables:", 0);
	show_val_kb(s, "NFS_Unstable:", 0);
	show_val_kb(s, "Bounce:", 0);
	show_val_kb(s, "WritebackTmp:", 0);
	show_val_kb(s, "CommitLimit:", vm_commit_limit(m));
	show_val_kb(s, "Committed_AS:", m->vm_committed_pages);
	/* VMALLOC_TOTAL with 4-level paging: 32 TiB - 1 byte, in kB. */
	seq_put_kb(s, "VmallocTotal:", 16, 8, 34359738367ULL);
	show_val_kb(s, "VmallocUsed:", 0);
	show_val_kb(s, "VmallocChunk:", 0);
	show_val_kb(s, "Percpu:", 0);
	show_val_kb(s, "AnonHugePages:", 0);
	show_val_kb(s, "ShmemHugePages:", 0);
	show_val_kb(s, "ShmemPmdMapped:", 0);
	show_val_kb(s, "FileHugePages:", 0);
	show_val_kb(s, "FilePmdMapped:", 0);
	show_val_kb(s, "Balloon:", 0);
	seq_printf(s, "HugePages_Total:   %5lu\n", 0UL);
	seq_printf(s, "HugePages_Free:    %5lu\n", 0UL);
	seq_printf(s, "HugePages_Rsvd:    %5lu\n", 0UL);
	seq_printf(s, "HugePages_Surp:    %5lu\n", 0UL);
	seq_put_kb(s, "Hugepagesize:", 16, 8, 2048);
	seq_put_kb(s, "Hugetlb:", 16, 8, 0);
	seq_put_kb(s, "DirectMap4k:", 16, 8, directmap_4k_kb);
	seq_put_kb(s, "DirectMap2M:", 16, 8, directmap_2m_kb);
	seq_put_kb(s, "DirectMap1G:", 16, 8, 0);
	return s->err;
}
