/*
 * gfp.h - the allocation flags (include/linux/gfp_types.h), with Linux
 * 6.18's bit numbers: the engine passes them to the page allocator so
 * that kmem:mm_page_alloc records what the kernel would, and chooses the
 * migratetype from them (gfp_migratetype()).
 */
#ifndef MMSIM_GFP_H
#define MMSIM_GFP_H

typedef unsigned long gfp_t;

#define __GFP_DMA		(1UL << 0)
#define __GFP_HIGHMEM		(1UL << 1)
#define __GFP_DMA32		(1UL << 2)
#define __GFP_MOVABLE		(1UL << 3)
#define __GFP_RECLAIMABLE	(1UL << 4)
#define __GFP_HIGH		(1UL << 5)
#define __GFP_IO		(1UL << 6)
#define __GFP_FS		(1UL << 7)
#define __GFP_ZERO		(1UL << 8)
#define __GFP_DIRECT_RECLAIM	(1UL << 10)
#define __GFP_KSWAPD_RECLAIM	(1UL << 11)
#define __GFP_WRITE		(1UL << 12)
#define __GFP_NOWARN		(1UL << 13)
#define __GFP_RETRY_MAYFAIL	(1UL << 14)
#define __GFP_NOFAIL		(1UL << 15)
#define __GFP_NORETRY		(1UL << 16)
#define __GFP_MEMALLOC		(1UL << 17)
#define __GFP_COMP		(1UL << 18)
#define __GFP_NOMEMALLOC	(1UL << 19)
#define __GFP_HARDWALL		(1UL << 20)
#define __GFP_THISNODE		(1UL << 21)
#define __GFP_ACCOUNT		(1UL << 22)
#define __GFP_ZEROTAGS		(1UL << 23)
#define __GFP_NO_OBJ_EXT	(1UL << 24)

#define __GFP_RECLAIM	(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM | __GFP_NOWARN)
#define GFP_USER	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)
/* The page tables' (GFP_PGTABLE_USER; pagetable_alloc() adds __GFP_COMP). */
#define GFP_PGTABLE_USER	(GFP_KERNEL_ACCOUNT | __GFP_ZERO)

/* enum migratetype's first three (include/linux/mmzone.h). */
#define MIGRATE_UNMOVABLE	0
#define MIGRATE_MOVABLE		1
#define MIGRATE_RECLAIMABLE	2

/* gfp_migratetype() - the free list an allocation with @gfp comes from. */
static inline int gfp_migratetype(gfp_t gfp)
{
	return (int)((gfp & (__GFP_MOVABLE | __GFP_RECLAIMABLE)) >> 3);
}

#endif
