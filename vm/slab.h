/*
 * slab.h - the kernel's object caches (mm/slub.c, mm/slab_common.c),
 * charged to the simulated machine: every vm_area_struct, anon_vma,
 * task_struct, ... the engine allocates takes room in a slab, and slabs
 * are real frames of the zone, counted in NR_SLAB_UNRECLAIMABLE_B (or
 * NR_SLAB_RECLAIMABLE_B) and shown in meminfo's Slab and MOUNT/slabinfo.
 *
 * Two memories, kept apart on purpose:
 *  - the simulated one: a cache's geometry (object size, slab order,
 *    objects per slab) is SLUB's, computed from the Linux 6.18 x86-64
 *    object sizes in slab.c's one table, and every allocation and free
 *    moves the counters of one slab as SLUB would;
 *  - the host one: the engine's own structure behind each object is
 *    plain malloc() memory (sized for the engine's struct, not the
 *    kernel's), preceded by one word that names the object's slab.
 * A simulated failure (no frame for a new slab) is ENOMEM or the OOM
 * killer of the machine; a host failure is "host out of memory" and
 * changes nothing simulated.
 */
#ifndef MMSIM_SLAB_H
#define MMSIM_SLAB_H

#include <stdbool.h>
#include <stddef.h>
#include "list.h"

struct machine;
struct page;

/*
 * Cache flags, named as in include/linux/slab.h (the values are mmsim's):
 * the ones that change a cache's shape or its accounting.
 */
#define SLAB_HWCACHE_ALIGN	0x00002000U	/* align objects on cache lines */
#define SLAB_TYPESAFE_BY_RCU	0x00080000U	/* defer freeing slabs to RCU */
#define SLAB_RECLAIM_ACCOUNT	0x00020000U	/* objects are reclaimable */
#define SLAB_ACCOUNT		0x04000000U	/* account to memcg */
#define SLAB_PANIC		0x00040000U	/* panic if creation fails */

/* The x86-64 cache line (cache_line_size()). */
#define L1_CACHE_BYTES		64
/* slub_max_order: PAGE_ALLOC_COSTLY_ORDER. */
#define SLUB_MAX_ORDER		3

/**
 * struct kmem_cache_args - what kmem_cache_create() takes besides the
 * name, size and flags (Linux 6.18's struct kmem_cache_args, the fields
 * that decide a cache's shape).
 * @align: the object alignment asked for (0: none beyond a word)
 * @use_freeptr_offset: a SLAB_TYPESAFE_BY_RCU cache keeps the free
 *	pointer inside the object, at @freeptr_offset (vm_area_struct's
 *	vm_freeptr), instead of after it
 * @freeptr_offset: see @use_freeptr_offset
 * @ctor: the kernel's cache has a constructor (anon_vma_ctor,
 *	sighand_ctor), so the free pointer goes after the object; mmsim's
 *	objects are zeroed instead and need no constructor
 */
struct kmem_cache_args {
	unsigned int align;
	bool use_freeptr_offset;
	unsigned int freeptr_offset;
	bool ctor;
};

/**
 * struct kmem_cache - one cache, with the geometry SLUB computes for it
 * (calculate_sizes(), calculate_order()) and its node's lists.
 * @name: as /proc/slabinfo prints it
 * @object_size: the kernel's sizeof, from slab.c's table
 * @size: @object_size with the free pointer and alignment (slabinfo's
 *	<objsize>)
 * @align: the alignment calculate_alignment() settled on
 * @offset: where the free pointer lives in an object
 * @flags: SLAB_* flags
 * @order, @objects: the preferred slab (s->oo): its order and how many
 *	objects it holds
 * @min_order, @min_objects: the fallback slab (s->min) taken when no
 *	block of @order is free
 * @min_partial: partial slabs kept even when empty (s->min_partial)
 * @host_size: bytes of the engine's structure behind each object
 * @partial: the node's partial list (struct page ->lru), slabs with free
 *	objects, taken from the head, freed slabs added at the tail
 * @nr_partial: slabs on @partial
 * @nr_slabs: slabs of this cache, partial or full
 * @nr_frames: the frames they take (slabs of either order)
 * @total_objects: objects the slabs hold
 * @active_objects: objects allocated
 * @freelists, @nr_freelists: each slab's freelist (slab_freelist()), by
 *	the slab's ->freelist_id; a NULL entry is an id not in use, and
 *	@free_id_hint no free id is below it. struct page has no room for a
 *	pointer beside the LRU links; the kernel keeps the freelist in the
 *	free objects themselves, whose memory mmsim does not model.
 * @list: on machine->slab_caches, newest first, as the kernel's slab_caches
 * @machine: whose zone the slabs come from
 */
struct kmem_cache {
	const char *name;
	unsigned int object_size;
	unsigned int size;
	unsigned int align;
	unsigned int offset;
	unsigned int flags;
	unsigned int order, objects;
	unsigned int min_order, min_objects;
	unsigned long min_partial;
	size_t host_size;
	struct list_head partial;
	unsigned long nr_partial;
	unsigned long nr_slabs;
	unsigned long nr_frames;
	unsigned long total_objects;
	unsigned long active_objects;
	unsigned short **freelists;
	unsigned int nr_freelists, free_id_hint;
	struct list_head list;
	struct machine *machine;
};

/*
 * The caches the engine allocates from, created at boot in the kernel's
 * order (kmem_caches_init()). A new kind of object gets an entry here and
 * a row in slab.c's kernel_caches[].
 */
enum kmem_cache_id {
	KMEM_MM_STRUCT,		/* mm_struct: mm_alloc(), dup_mm() */
	KMEM_ANON_VMA,		/* anon_vma: anon_vma_alloc() */
	KMEM_ANON_VMA_CHAIN,	/* anon_vma_chain: anon_vma_chain_alloc() */
	KMEM_TASK_STRUCT,	/* task_struct: dup_task_struct() */
	KMEM_SIGHAND,		/* sighand_cache: copy_sighand() */
	KMEM_SIGNAL,		/* signal_cache: copy_signal() */
	KMEM_FILES,		/* files_cache: alloc_files(), dup_fd() */
	KMEM_VM_AREA,		/* vm_area_struct: vm_area_alloc/dup() */
	NR_KMEM_CACHES
};

/**
 * kmem_cache_create() - a new cache on @m, its geometry computed as
 * SLUB's calculate_sizes() and calculate_order() compute it.
 * @m: machine (write lock, or booting)
 * @name: cache name (not copied: a string literal)
 * @object_size: the kernel's object size
 * @host_size: the engine's structure behind each object (may be 0)
 * @args: alignment, free pointer and constructor (NULL: none)
 * @flags: SLAB_* flags
 * Return: the cache, or NULL when the host has no memory for it.
 */
struct kmem_cache *kmem_cache_create(struct machine *m, const char *name,
				     unsigned int object_size,
				     size_t host_size,
				     const struct kmem_cache_args *args,
				     unsigned int flags);

/**
 * kmem_caches_init() - create the caches of enum kmem_cache_id on @m.
 * Return: 0 or -ENOMEM (host memory).
 */
int kmem_caches_init(struct machine *m);

/**
 * kmem_caches_destroy() - free every cache of @m. The objects must be
 * gone (their slabs' frames go with the zone).
 */
void kmem_caches_destroy(struct machine *m);

/**
 * kmem_cache_alloc() - a zeroed object of @s: @s->host_size bytes of host
 * memory, charged as one object of a slab of @s.
 * @s: the cache
 *
 * A slab with a free object is used if there is one; otherwise a new
 * slab is allocated from the zone as SLUB's allocate_slab() does: the
 * preferred order without the OOM killer (__GFP_NORETRY), then the
 * smallest order that holds one object, with it (GFP_KERNEL: the OOM
 * killer may kill another task, never the current one; see
 * alloc_pages_or_oom()).
 *
 * Return: the object, or NULL: no frame for a slab (recorded as "out of
 * memory for a NAME"), or no host memory (zone.host_nomem set).
 * Locking: machine lock held for writing.
 */
void *kmem_cache_alloc(struct kmem_cache *s);

/**
 * kmem_cache_free() - free an object of @s (NULL: nothing). A slab left
 * empty is given back to the zone unless fewer than @s->min_partial
 * slabs are on the partial list (__slab_free()).
 * Locking: machine lock held for writing.
 */
void kmem_cache_free(struct kmem_cache *s, void *obj);

/** virt_to_cache() - the cache an object of kmem_cache_alloc() is from. */
struct kmem_cache *virt_to_cache(const void *obj);

/** virt_to_slab_page() - the first frame of the slab @obj is counted in. */
struct page *virt_to_slab_page(const void *obj);
/** obj_to_index() - @obj's place in its slab: slab + index * size. */
unsigned int obj_to_index(const void *obj);

/** kmem_cache_of() - @m's cache @id. */
struct kmem_cache *kmem_cache_of(struct machine *m, enum kmem_cache_id id);

/** slab_bytes() - bytes of the cache's slabs (its share of meminfo Slab). */
unsigned long slab_bytes(const struct kmem_cache *s);

#endif
