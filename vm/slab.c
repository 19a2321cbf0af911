/*
 * slab.c - SLUB's object caches on the simulated machine (mm/slub.c,
 * mm/slab_common.c): each cache's geometry as calculate_sizes() and
 * calculate_order() compute it, slabs that are frames of the zone, and
 * the counters /proc/slabinfo and meminfo's Slab lines print.
 *
 * What is modelled, and how it departs from SLUB:
 *  - Each cache has one node with one partial list. An allocation takes
 *    the first slab on it (get_partial_node()) or a new slab, which goes
 *    to the head of the list; a slab that fills up leaves the list (full
 *    slabs are on no list, as without SLUB debugging); a free into a full
 *    slab puts it at the tail (add_partial(DEACTIVATE_TO_TAIL)).
 *  - A slab left empty by a free is discarded, its frames given back to
 *    the zone, when the node already holds min_partial or more partial
 *    slabs (counting that one); otherwise it stays on the partial list,
 *    empty, for the next allocation. That is __slab_free()'s rule.
 *  - There are no per-CPU slabs, per-CPU partial lists or sheaves: every
 *    allocation and free goes straight to the node, so slabinfo's
 *    active_objs is exactly the objects in use (Linux counts the free
 *    objects of per-CPU slabs as active, too), and caches are never
 *    merged (as with slab_nomerge).
 *  - The geometry uses the machine's CPU count where calculate_order()
 *    does (min_objects = 4 * (fls(nr_cpus) + 1)): SLAB_NR_CPUS, the
 *    2 CPUs of the default machine.
 *
 * Determinism: slabs come from alloc_pages() and every choice depends on
 * the sequence of allocations and frees only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fs.h"
#include "machine.h"
#include "slab.h"

/* The CPUs calculate_order() sizes slabs for (num_present_cpus()). */
#define SLAB_NR_CPUS		2
/* mm/slub.c */
#define MIN_PARTIAL		5
#define MAX_PARTIAL		10
#define MAX_OBJS_PER_PAGE	32767	/* slab->objects is 15 bits */
/* ARCH_SLAB_MINALIGN on x86-64: __alignof__(unsigned long long). */
#define ARCH_SLAB_MINALIGN	8

#define ALIGN(x, a)		(((x) + (a) - 1) / (a) * (a))
#define ALIGN_DOWN(x, a)	((x) / (a) * (a))

/*
 * struct kmem_cache_info - one cache the engine allocates from, with
 * Linux 6.18's x86-64 object size and creation flags. The sizes are
 * those of a kernel built as Debian builds it, checked against the
 * host's /sys/kernel/slab/NAME/object_size; tests/bats/slab.bats
 * compares the fixed ones with a 6.18 host. Two depend on the machine:
 * task_struct's ends with the FPU's xstate area (here a CPU with AVX2,
 * no AVX-512), and mm_struct's with two cpumasks of nr_cpu_ids bits.
 */
struct kmem_cache_info {
	const char *name;
	unsigned int object_size;
	struct kmem_cache_args args;
	unsigned int flags;
};

/* Host structures behind the objects (vm/mm_types.h). */
static size_t host_size_of(enum kmem_cache_id id)
{
	switch (id) {
	case KMEM_MM_STRUCT:		return sizeof(struct mm_struct);
	case KMEM_TASK_STRUCT:		return sizeof(struct task_struct);
	case KMEM_SIGHAND:		return sizeof(struct sighand_struct);
	case KMEM_SIGNAL:		return sizeof(struct signal_struct);
	case KMEM_FILES:		return sizeof(struct files_struct);
	case KMEM_VM_AREA:		return sizeof(struct vm_area_struct);
	case KMEM_ANON_VMA:		return sizeof(struct anon_vma);
	case KMEM_ANON_VMA_CHAIN:	return sizeof(struct anon_vma_chain);
	case NR_KMEM_CACHES:		break;
	}
	return 0;
}

/*
 * Indexed by enum kmem_cache_id, which is the kernel's boot order (as a
 * 6.18 host's /proc/slabinfo, newest first, shows it): mm_struct from
 * mm_core_init(), anon_vma_init(), fork_init() (task_struct), then
 * proc_caches_init() (sighand, signal, files, ..., vm_area_struct last).
 */
static const struct kmem_cache_info kernel_caches[NR_KMEM_CACHES] = {
	[KMEM_MM_STRUCT] = { "mm_struct", 1568,
		{ .align = L1_CACHE_BYTES },	/* ARCH_MIN_MMSTRUCT_ALIGN */
		SLAB_HWCACHE_ALIGN | SLAB_PANIC | SLAB_ACCOUNT },
	[KMEM_TASK_STRUCT] = { "task_struct", 4248,
		{ .align = L1_CACHE_BYTES },	/* max(L1_CACHE_BYTES, alignof) */
		SLAB_PANIC | SLAB_ACCOUNT },
	[KMEM_SIGHAND] = { "sighand_cache", 2080, { .ctor = true },
		SLAB_HWCACHE_ALIGN | SLAB_PANIC | SLAB_TYPESAFE_BY_RCU |
		SLAB_ACCOUNT },
	[KMEM_SIGNAL] = { "signal_cache", 1152, { 0 },
		SLAB_HWCACHE_ALIGN | SLAB_PANIC | SLAB_ACCOUNT },
	[KMEM_FILES] = { "files_cache", 704, { 0 },
		SLAB_HWCACHE_ALIGN | SLAB_PANIC | SLAB_ACCOUNT },
	[KMEM_VM_AREA] = { "vm_area_struct", 192,
		{ .use_freeptr_offset = true, .freeptr_offset = 48 },
		SLAB_HWCACHE_ALIGN | SLAB_PANIC | SLAB_TYPESAFE_BY_RCU |
		SLAB_ACCOUNT },
	[KMEM_ANON_VMA] = { "anon_vma", 96, { .ctor = true },
		SLAB_TYPESAFE_BY_RCU | SLAB_PANIC | SLAB_ACCOUNT },
	[KMEM_ANON_VMA_CHAIN] = { "anon_vma_chain", 64,
		{ .align = 8 },		/* KMEM_CACHE(): __alignof__ */
		SLAB_PANIC | SLAB_ACCOUNT },
};

/*
 * The word before each host object: the slab it is counted in (the
 * kernel finds it from the address, virt_to_slab()). Engine structures
 * need no more than a word's alignment.
 */
struct slab_obj {
	struct page *slab;
	unsigned int index;	/* its place in the slab (obj_to_index()) */
};

/*
 * A slab's freelist: the indices of its free objects, a stack of
 * objects - inuse with the last freed on top, as SLUB's freelist without
 * CONFIG_SLAB_FREELIST_RANDOM (a new slab hands out its objects in
 * address order, and a freed object is the next one handed out).
 */
static inline unsigned short *slab_freelist(const struct page *slab)
{
	return slab->slab_cache->freelists[slab->freelist_id];
}

/*
 * freelist_grow - room in @s->freelists for at least one more id.
 * Return: 0, or -ENOMEM (host memory).
 */
static int freelist_grow(struct kmem_cache *s)
{
	unsigned int id = s->free_id_hint, nr;
	unsigned short **grown;

	while (id < s->nr_freelists && s->freelists[id])
		id++;
	s->free_id_hint = id;
	if (id < s->nr_freelists)
		return 0;
	nr = s->nr_freelists ? 2 * s->nr_freelists : 16;
	grown = realloc(s->freelists, nr * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	memset(grown + s->nr_freelists, 0,
	       (nr - s->nr_freelists) * sizeof(*grown));
	s->freelists = grown;
	s->nr_freelists = nr;
	return 0;
}

/*
 * freelist_attach - @fl becomes @slab's freelist under the lowest free
 * id, object 0 on top. Return: 0, or -ENOMEM when no id is free and the
 * host has no memory for more (the OOM killer that found @slab's frames
 * may have run slab work of its own since freelist_grow()).
 */
static int freelist_attach(struct kmem_cache *s, struct page *slab,
			   unsigned short *fl, unsigned int objects)
{
	unsigned int id;

	if (freelist_grow(s))
		return -ENOMEM;
	id = s->free_id_hint;
	for (unsigned int i = 0; i < objects; i++)
		fl[i] = (unsigned short)(objects - 1 - i);
	s->freelists[id] = fl;
	s->free_id_hint = id + 1;
	slab->freelist_id = id;
	return 0;
}

/* freelist_detach - @slab's freelist goes, and its id is free again. */
static void freelist_detach(struct kmem_cache *s, struct page *slab)
{
	unsigned int id = slab->freelist_id;

	free(s->freelists[id]);
	s->freelists[id] = NULL;
	if (id < s->free_id_hint)
		s->free_id_hint = id;
}

static unsigned int fls_uint(unsigned int x)
{
	return x ? 32 - (unsigned int)__builtin_clz(x) : 0;
}

/* get_order(): the smallest order whose block holds @size bytes. */
static unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

/* calc_slab_order(): the lowest order wasting at most 1/@fract_leftover. */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order,
				    unsigned int fract_leftover)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)PAGE_SIZE << order;

		if (slab_size % size <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/* calculate_order(): the slab order for objects of @size bytes. */
static unsigned int calculate_order(unsigned int size)
{
	unsigned int min_objects, max_objects, min_order, order;

	min_objects = 4 * (fls_uint(SLAB_NR_CPUS) + 1);
	max_objects = order_objects(SLUB_MAX_ORDER, size);
	if (max_objects < 1)
		max_objects = 1;
	if (min_objects > max_objects)
		min_objects = max_objects;
	min_order = get_order((unsigned long)min_objects * size);
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;
	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		order = calc_slab_order(size, min_order, SLUB_MAX_ORDER,
					fraction);
		if (order <= SLUB_MAX_ORDER)
			return order;
	}
	return get_order(size);
}

/* calculate_alignment(). */
static unsigned int calculate_alignment(unsigned int flags,
					unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = L1_CACHE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		if (ralign > align)
			align = ralign;
	}
	if (align < ARCH_SLAB_MINALIGN)
		align = ARCH_SLAB_MINALIGN;
	return ALIGN(align, sizeof(void *));
}

/*
 * calculate_sizes - the object's size with its free pointer and
 * alignment, and the slab orders. A cache whose objects must stay intact
 * when free (SLAB_TYPESAFE_BY_RCU without a free-pointer slot of its
 * own, or a constructor) keeps the free pointer after the object; any
 * other keeps it inside, near the middle.
 */
static void calculate_sizes(struct kmem_cache *s,
			    const struct kmem_cache_args *args)
{
	unsigned int size = ALIGN(s->object_size, sizeof(void *));

	if (((s->flags & SLAB_TYPESAFE_BY_RCU) && !args->use_freeptr_offset) ||
	    args->ctor) {
		s->offset = size;
		size += sizeof(void *);
	} else if ((s->flags & SLAB_TYPESAFE_BY_RCU) &&
		   args->use_freeptr_offset) {
		s->offset = args->freeptr_offset;
	} else {
		s->offset = ALIGN_DOWN(s->object_size / 2, sizeof(void *));
	}
	size = ALIGN(size, s->align);
	s->size = size;
	s->order = calculate_order(size);
	s->objects = order_objects(s->order, size);
	s->min_order = get_order(size);
	s->min_objects = order_objects(s->min_order, size);
}

/* ilog2() */
static unsigned int ilog2_uint(unsigned int x)
{
	return fls_uint(x) - 1;
}

struct kmem_cache *kmem_cache_create(struct machine *m, const char *name,
				     unsigned int object_size,
				     size_t host_size,
				     const struct kmem_cache_args *args,
				     unsigned int flags)
{
	static const struct kmem_cache_args no_args;
	struct kmem_cache *s;

	if (!args)
		args = &no_args;
	s = host_zalloc(m, sizeof(*s));
	if (!s)
		return NULL;
	s->name = name;
	s->object_size = object_size;
	s->host_size = host_size;
	s->flags = flags;
	s->align = calculate_alignment(flags, args->align, object_size);
	calculate_sizes(s, args);
	/*
	 * The larger the object, the more partial slabs are kept so as not
	 * to pound the page allocator (kmem_cache_open()).
	 */
	s->min_partial = ilog2_uint(s->size) / 2;
	if (s->min_partial < MIN_PARTIAL)
		s->min_partial = MIN_PARTIAL;
	if (s->min_partial > MAX_PARTIAL)
		s->min_partial = MAX_PARTIAL;
	INIT_LIST_HEAD(&s->partial);
	s->machine = m;
	list_add(&s->list, &m->slab_caches);
	return s;
}

/**
 * kmem_caches_init() - create the engine's caches, in the kernel's order.
 * @m: machine being booted
 * Return: 0 or -ENOMEM.
 */
int kmem_caches_init(struct machine *m)
{
	INIT_LIST_HEAD(&m->slab_caches);
	for (int id = 0; id < NR_KMEM_CACHES; id++) {
		const struct kmem_cache_info *ci = &kernel_caches[id];

		m->kmem_caches[id] = kmem_cache_create(m, ci->name,
				ci->object_size, host_size_of(id), &ci->args,
				ci->flags);
		if (!m->kmem_caches[id]) {
			kmem_caches_destroy(m);
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * kmem_caches_destroy() - free the caches themselves.
 * @m: machine being torn down (or whose boot failed)
 */
void kmem_caches_destroy(struct machine *m)
{
	struct kmem_cache *s, *n;

	if (!m->slab_caches.next)
		return;
	list_for_each_entry_safe(s, n, &m->slab_caches, list) {
		list_del(&s->list);
		for (unsigned int id = 0; id < s->nr_freelists; id++)
			free(s->freelists[id]);
		free(s->freelists);
		free(s);
	}
	for (int id = 0; id < NR_KMEM_CACHES; id++)
		m->kmem_caches[id] = NULL;
}

struct kmem_cache *kmem_cache_of(struct machine *m, enum kmem_cache_id id)
{
	return m->kmem_caches[id];
}

unsigned long slab_bytes(const struct kmem_cache *s)
{
	return s->nr_frames << PAGE_SHIFT;
}

static enum node_stat_item slab_stat_item(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE_B
						 : NR_SLAB_UNRECLAIMABLE_B;
}

/*
 * allocate_slab - a new slab for @s: the preferred order if a block is
 * free (no OOM killer: __GFP_NORETRY), else the order of one object, for
 * which the OOM killer may run. Every frame is marked PGTY_slab; the
 * first carries the counters. Return: the first frame, or NULL.
 */
static struct page *allocate_slab(struct kmem_cache *s)
{
	struct machine *m = s->machine;
	unsigned int order = s->order, objects = s->objects;
	struct page *slab = NULL;
	unsigned short *fl;

	/* The host's memory first, so that its failure changes nothing. */
	fl = host_zalloc(m, (s->objects > s->min_objects ?
			     s->objects : s->min_objects) * sizeof(*fl));
	if (!fl || freelist_grow(s)) {
		free(fl);
		return NULL;
	}
	if (order > s->min_order)
		slab = alloc_pages(&m->zone, order);
	if (!slab) {
		order = s->min_order;
		objects = s->min_objects;
		slab = alloc_pages_or_oom(m, order);
		if (!slab) {
			free(fl);
			return NULL;
		}
	}
	if (freelist_attach(s, slab, fl, objects)) {
		free(fl);
		__free_pages(&m->zone, slab, order);
		return NULL;
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = slab + i;

		p->page_type = PGTY_slab;
		p->slab_cache = s;
		p->inuse = 0;
		p->objects = 0;
	}
	slab->objects = (unsigned short)objects;
	slab->private = order;
	s->nr_slabs++;
	s->nr_frames += 1UL << order;
	s->total_objects += objects;
	mod_node_page_state(m, slab_stat_item(s), (long)(PAGE_SIZE << order));
	return slab;
}

/* discard_slab - give an empty slab's frames back to the zone. */
static void discard_slab(struct kmem_cache *s, struct page *slab)
{
	struct machine *m = s->machine;
	unsigned int order = slab->private;

	s->nr_slabs--;
	s->nr_frames -= 1UL << order;
	s->total_objects -= slab->objects;
	mod_node_page_state(m, slab_stat_item(s), -(long)(PAGE_SIZE << order));
	freelist_detach(s, slab);
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = slab + i;

		p->page_type = PGTY_NONE;
		p->slab_cache = NULL;
		p->inuse = 0;
		p->objects = 0;
	}
	slab->private = 0;
	__free_pages(&m->zone, slab, order);
}

void *kmem_cache_alloc(struct kmem_cache *s)
{
	struct machine *m = s->machine;
	struct slab_obj *obj;
	struct page *slab;

	/* The host's memory first: its failure must change nothing. */
	obj = host_zalloc(m, sizeof(*obj) + s->host_size);
	if (!obj)
		return NULL;
	if (!list_empty(&s->partial)) {
		slab = list_first_entry(&s->partial, struct page, lru);
	} else {
		slab = allocate_slab(s);
		if (!slab) {
			free(obj);
			vm_err(m, "out of memory for a %s", s->name);
			return NULL;
		}
		list_add(&slab->lru, &s->partial);
		s->nr_partial++;
	}
	obj->index = slab_freelist(slab)[slab->objects - slab->inuse - 1];
	if (++slab->inuse == slab->objects) {
		list_del(&slab->lru);
		s->nr_partial--;
	}
	s->active_objects++;
	obj->slab = slab;
	return obj + 1;
}

struct kmem_cache *virt_to_cache(const void *x)
{
	const struct slab_obj *obj = (const struct slab_obj *)x - 1;

	return obj->slab->slab_cache;
}

void kmem_cache_free(struct kmem_cache *s, void *x)
{
	struct slab_obj *obj;
	struct page *slab;
	bool was_full;

	if (!x)
		return;
	obj = (struct slab_obj *)x - 1;
	slab = obj->slab;
	slab_freelist(slab)[slab->objects - slab->inuse] =
		(unsigned short)obj->index;
	free(obj);
	was_full = slab->inuse == slab->objects;
	slab->inuse--;
	s->active_objects--;
	if (!slab->inuse && s->nr_partial >= s->min_partial) {
		if (!was_full) {
			list_del(&slab->lru);
			s->nr_partial--;
		}
		discard_slab(s, slab);
		return;
	}
	if (was_full) {
		list_add_tail(&slab->lru, &s->partial);
		s->nr_partial++;
	}
}

/**
 * virt_to_slab_page() - the first frame of the slab an object of
 * kmem_cache_alloc() is counted in (the kernel's virt_to_slab()), so a
 * view can name the object by the slab's place in the direct map.
 * @obj: the object
 * Return: the slab's first frame.
 */
struct page *virt_to_slab_page(const void *obj)
{
	return ((const struct slab_obj *)obj - 1)->slab;
}

/** obj_to_index() - see slab.h (mm/slab.h's obj_to_index()). */
unsigned int obj_to_index(const void *obj)
{
	return ((const struct slab_obj *)obj - 1)->index;
}
