/*
 * kaddr.h - the kernel addresses the views give engine objects, one rule
 * each (see mmsim(7), KERNEL ADDRESSES): a struct page at its vmemmap
 * address, a frame (a page table) at its direct-map address, an object
 * charged to a slab at the direct-map address of its slab's first frame
 * plus its index in the slab times the cache's object size (SLUB's
 * layout, without freelist randomization), an anon_vma, which must be told apart, at
 * ANON_VMA_BASE + its serial * 256, and an address_space at
 * MAPPING_BASE + its inode number * 1024: mmsim's stand-ins for where
 * SLUB would put them. vtop, page and the struct views all use these.
 */
#ifndef MMSIM_PROCFS_KADDR_H
#define MMSIM_PROCFS_KADDR_H

#include "../vm/mm.h"
#include "../vm/slab.h"

#define VMEMMAP_START	0xffffea0000000000UL	/* x86-64, no KASLR */
#define PAGE_OFFSET_4L	0xffff888000000000UL	/* the direct map */
#define ANON_VMA_BASE	0xffff888100000000UL
#define MAPPING_BASE	0xffff888200000000UL
#define STRUCT_PAGE_SIZE 64

/** kaddr_anon_vma() - @av's address; 0 (NULL) for no anon_vma. */
static inline unsigned long kaddr_anon_vma(const struct anon_vma *av)
{
	return av ? ANON_VMA_BASE + av->serial * 256 : 0;
}

/** kaddr_mapping() - the address_space of inode number @ino. */
static inline unsigned long kaddr_mapping(unsigned long ino)
{
	return MAPPING_BASE + ino * 1024;
}

/** kaddr_frame() - frame @pfn in the direct map (__va(PFN << 12)). */
static inline unsigned long kaddr_frame(unsigned long pfn)
{
	return PAGE_OFFSET_4L + (pfn << PAGE_SHIFT);
}

/**
 * kaddr_slab_obj() - an object of kmem_cache_alloc() (a vm_area_struct,
 * an mm_struct): its place in its slab, in the direct map; 0 for NULL.
 */
static inline unsigned long kaddr_slab_obj(struct zone *zone, const void *obj)
{
	if (!obj)
		return 0;
	return kaddr_frame(page_to_pfn(zone, virt_to_slab_page(obj))) +
	       (unsigned long)obj_to_index(obj) * virt_to_cache(obj)->size;
}

/** kaddr_struct_page() - frame @pfn's struct page in the vmemmap. */
static inline unsigned long kaddr_struct_page(unsigned long pfn)
{
	return VMEMMAP_START + pfn * STRUCT_PAGE_SIZE;
}

#endif
