/*
 * page.c - /proc/kpagecount and /proc/kpageflags (fs/proc/page.c): one
 * 64-bit word per physical frame, at offset 8 * PFN, for every frame of
 * the machine's zone. The flag bits are the stable KPF_* interface of
 * Documentation/admin-guide/mm/pagemap.rst, derived from struct page the
 * way stable_page_flags() derives them.
 */
#include <errno.h>
#include <stdint.h>
#include "internal.h"

#define KPMSIZE		sizeof(uint64_t)
#define KPMMASK		(KPMSIZE - 1)

/* include/uapi/linux/kernel-page-flags.h */
#define KPF_LOCKED		0
#define KPF_ERROR		1
#define KPF_REFERENCED		2
#define KPF_UPTODATE		3
#define KPF_DIRTY		4
#define KPF_LRU			5
#define KPF_ACTIVE		6
#define KPF_SLAB		7
#define KPF_WRITEBACK		8
#define KPF_RECLAIM		9
#define KPF_BUDDY		10
#define KPF_MMAP		11
#define KPF_ANON		12
#define KPF_SWAPCACHE		13
#define KPF_SWAPBACKED		14
#define KPF_COMPOUND_HEAD	15
#define KPF_COMPOUND_TAIL	16
#define KPF_HUGE		17
#define KPF_UNEVICTABLE		18
#define KPF_HWPOISON		19
#define KPF_NOPAGE		20
#define KPF_KSM			21
#define KPF_THP			22
#define KPF_OFFLINE		23
#define KPF_ZERO_PAGE		24
#define KPF_IDLE		25
#define KPF_PGTABLE		26
/* kernel-hacking flags */
#define KPF_RESERVED		32
#define KPF_MLOCKED		33
#define KPF_OWNER_2		34	/* PG_anon_exclusive on anon pages */
#define KPF_OWNER_PRIVATE	37	/* PG_owner_priv_1: PG_swapcache */

/*
 * page_has_type() - a typed page (free buddy block, page table): its
 * _mapcount holds no mapping count, so it reads as mapped zero times.
 * The zero page is never rmapped either.
 */
static bool page_has_type(const struct page *page)
{
	return page->page_type != PGTY_NONE;
}

/* folio_precise_page_mapcount() for an order-0 page. */
static uint64_t kpage_mapcount(const struct page *page)
{
	int mapcount;

	if (page_has_type(page))
		return 0;
	mapcount = page_mapcount(page);
	return mapcount > 0 ? (uint64_t)mapcount : 0;
}

static inline uint64_t kpf_copy_bit(unsigned long flags, int kpf, int pg)
{
	return ((flags >> pg) & 1UL) ? (1ULL << kpf) : 0;
}

/* stable_page_flags() - the KPF_* word of one frame. */
static uint64_t stable_page_flags(const struct zone *zone,
				  const struct page *page)
{
	unsigned long k;
	uint64_t u = 0;

	/* A memory hole, told apart from a page without flags. */
	if (!page)
		return 1ULL << KPF_NOPAGE;
	k = page->flags;

	if (kpage_mapcount(page) > 0)
		u |= 1ULL << KPF_MMAP;
	if (PageAnon(page))
		u |= 1ULL << KPF_ANON;
	if (is_zero_pfn(zone, page_to_pfn(zone, page)))
		u |= 1ULL << KPF_ZERO_PAGE;
	/* Only the head of a free block carries the buddy type. */
	if (PageBuddy(page))
		u |= 1ULL << KPF_BUDDY;
	if (PageTable(page))
		u |= 1ULL << KPF_PGTABLE;
	/*
	 * A slab of order > 0 is a compound page: its first frame is the
	 * head, the others tails (slab.c marks every frame PGTY_slab; only
	 * the first holds the object count).
	 */
	if (PageSlab(page)) {
		u |= 1ULL << KPF_SLAB;
		if (page->objects && page->private)
			u |= 1ULL << KPF_COMPOUND_HEAD;
		else if (!page->objects)
			u |= 1ULL << KPF_COMPOUND_TAIL;
	}

	u |= kpf_copy_bit(k, KPF_IDLE, PG_idle);
	u |= kpf_copy_bit(k, KPF_LOCKED, PG_locked);
	u |= kpf_copy_bit(k, KPF_DIRTY, PG_dirty);
	u |= kpf_copy_bit(k, KPF_UPTODATE, PG_uptodate);
	u |= kpf_copy_bit(k, KPF_LRU, PG_lru);
	u |= kpf_copy_bit(k, KPF_REFERENCED, PG_referenced);
	u |= kpf_copy_bit(k, KPF_ACTIVE, PG_active);
	u |= kpf_copy_bit(k, KPF_SWAPBACKED, PG_swapbacked);
	/* PG_swapcache is PG_owner_priv_1 in the kernel: both bits show. */
	u |= kpf_copy_bit(k, KPF_SWAPCACHE, PG_swapcache);
	u |= kpf_copy_bit(k, KPF_OWNER_PRIVATE, PG_swapcache);
	u |= kpf_copy_bit(k, KPF_UNEVICTABLE, PG_unevictable);
	u |= kpf_copy_bit(k, KPF_MLOCKED, PG_mlocked);
	u |= kpf_copy_bit(k, KPF_RESERVED, PG_reserved);
	u |= kpf_copy_bit(k, KPF_WRITEBACK, PG_writeback);
	/* PG_reclaim and PG_readahead are one bit: KPF_RECLAIM shows it. */
	u |= kpf_copy_bit(k, KPF_RECLAIM, PG_readahead);
	/*
	 * PG_owner_2 is PG_anon_exclusive on anonymous pages and
	 * PG_mappedtodisk on page-cache pages.
	 */
	if (PageAnon(page))
		u |= kpf_copy_bit(k, KPF_OWNER_2, PG_anon_exclusive);
	else if (page->mapping)
		u |= kpf_copy_bit(k, KPF_OWNER_2, PG_mappedtodisk);
	return u;
}

/*
 * kpage_read() - the common part of both files: check alignment, clip to
 * the zone, and fill one word per frame under the read lock.
 */
static ssize_t kpage_read(struct machine *m, char *buf, size_t count,
			  off_t off, bool flags)
{
	struct zone *zone = &m->zone;
	uint64_t *out = (uint64_t *)(void *)buf;
	unsigned long src = (unsigned long)off;
	unsigned long max_dump_pfn, pfn;
	size_t i, n;

	if (off < 0 || (src & KPMMASK) || (count & KPMMASK))
		return -EINVAL;

	machine_lock_read(m);
	max_dump_pfn = zone->nr_pages;
	if (src >= max_dump_pfn * KPMSIZE) {
		machine_unlock(m);
		return 0;
	}
	if (count > max_dump_pfn * KPMSIZE - src)
		count = max_dump_pfn * KPMSIZE - src;

	pfn = src / KPMSIZE;
	n = count / KPMSIZE;
	for (i = 0; i < n; i++, pfn++) {
		const struct page *page = pfn_to_page(zone, pfn);

		out[i] = flags ? stable_page_flags(zone, page)
			       : kpage_mapcount(page);
	}
	machine_unlock(m);
	return (ssize_t)count;
}

/**
 * kpagecount_read() - /proc/kpagecount: how many PTEs map each frame (0
 * for free frames, page tables and the zero page).
 * Takes machine->lock for reading. Return: bytes, 0 past the last frame,
 * or -EINVAL for an offset or size that is not a multiple of 8.
 */
ssize_t kpagecount_read(struct machine *m, pid_t pid, char *buf, size_t size,
			off_t off)
{
	(void)pid;
	return kpage_read(m, buf, size, off, false);
}

/**
 * kpageflags_read() - /proc/kpageflags: the KPF_* flags of each frame.
 * Takes machine->lock for reading. Return: as kpagecount_read().
 */
ssize_t kpageflags_read(struct machine *m, pid_t pid, char *buf, size_t size,
			off_t off)
{
	(void)pid;
	return kpage_read(m, buf, size, off, true);
}
