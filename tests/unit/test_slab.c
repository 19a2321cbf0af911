/*
 * test_slab.c - the object caches (vm/slab.c): each cache's geometry
 * against Linux 6.18's /proc/slabinfo on a 2-CPU x86-64 machine, what
 * boot takes, SUnreclaim following the slabs, the min_partial rule for
 * empty slabs, the fallback to a smaller slab, and an allocation that
 * finds no frame: ENOMEM, nothing changed, and the OOM killer for
 * another task.
 */
#include <errno.h>
#include <stdlib.h>
#include "unit.h"
#include "../../vm/mm.h"

/*
 * /proc/slabinfo's <objsize> <objperslab> <pagesperslab> and
 * /sys/kernel/slab/NAME/min_partial of a Linux 6.18 x86-64 host with
 * 2 CPUs (AVX2, no AVX-512).
 */
static const struct {
	enum kmem_cache_id id;
	const char *name;
	unsigned int size, objects, pages, min_partial;
} linux_geometry[] = {
	{ KMEM_VM_AREA, "vm_area_struct", 192, 21, 1, 5 },
	{ KMEM_ANON_VMA, "anon_vma", 104, 39, 1, 5 },
	{ KMEM_ANON_VMA_CHAIN, "anon_vma_chain", 64, 64, 1, 5 },
	{ KMEM_MM_STRUCT, "mm_struct", 1600, 20, 8, 5 },
	{ KMEM_TASK_STRUCT, "task_struct", 4288, 7, 8, 6 },
	{ KMEM_SIGNAL, "signal_cache", 1152, 14, 4, 5 },
	{ KMEM_SIGHAND, "sighand_cache", 2112, 15, 8, 5 },
	{ KMEM_FILES, "files_cache", 704, 23, 4, 5 },
};

static void test_geometry(void)
{
	struct machine *m = unit_boot(0);

	for (size_t i = 0; i < sizeof(linux_geometry) /
			       sizeof(linux_geometry[0]); i++) {
		struct kmem_cache *s = kmem_cache_of(m, linux_geometry[i].id);

		ASSERT_STR(s->name, linux_geometry[i].name);
		ASSERT_EQ(s->size, linux_geometry[i].size);
		ASSERT_EQ(s->objects, linux_geometry[i].objects);
		ASSERT_EQ(1U << s->order, linux_geometry[i].pages);
		ASSERT_EQ(s->min_partial, linux_geometry[i].min_partial);
	}
	/* The fallback slab holds one object or more, in the least order. */
	ASSERT_EQ(kmem_cache_of(m, KMEM_TASK_STRUCT)->min_order, 1);
	ASSERT_EQ(kmem_cache_of(m, KMEM_TASK_STRUCT)->min_objects, 1);
	ASSERT_EQ(kmem_cache_of(m, KMEM_VM_AREA)->min_order, 0);
}

/*
 * Boot gives init one object of each of its caches, and each takes a
 * whole slab: mm_struct 8 frames, task_struct 8, sighand 8, signal 4,
 * files 4, vm_area_struct 1; with init's pgd, 34 of the 65535 free
 * frames.
 */
static void test_boot(void)
{
	struct machine *m = unit_boot(0);

	ASSERT_EQ(m->zone.free_pages, 65535 - 34);
	ASSERT_EQ(m->vm_stat[NR_SLAB_UNRECLAIMABLE_B], 33 * 4096);
	ASSERT_EQ(m->vm_stat[NR_SLAB_RECLAIMABLE_B], 0);
	ASSERT_EQ(kmem_cache_of(m, KMEM_TASK_STRUCT)->active_objects, 1);
	ASSERT_EQ(kmem_cache_of(m, KMEM_TASK_STRUCT)->total_objects, 7);
	ASSERT_EQ(kmem_cache_of(m, KMEM_ANON_VMA)->nr_slabs, 0);
	/* A spawn fits in those slabs: it takes only its pgd. */
	unit_spawn(m, "sh");
	ASSERT_EQ(m->zone.free_pages, 65535 - 35);
	EXPECT_CLEAN(m);
}

/*
 * Slabs go back to the zone as __slab_free() decides: a slab that
 * empties is discarded only while the node holds min_partial (6 for
 * 4096-byte objects) partial slabs or more, counting itself.
 */
static void test_min_partial(void)
{
	struct machine *m = unit_boot(0);
	struct kmem_cache *s = kmem_cache_create(m, "test", 4096, 16, NULL, 0);
	unsigned long free0 = m->zone.free_pages;
	void *obj[7][8];

	ASSERT(s);
	ASSERT_EQ(s->order, 3);
	ASSERT_EQ(s->objects, 8);
	ASSERT_EQ(s->min_partial, 6);
	for (int i = 0; i < 7; i++)
		for (int j = 0; j < 8; j++)
			ASSERT((obj[i][j] = kmem_cache_alloc(s)));
	ASSERT_EQ(s->nr_slabs, 7);
	ASSERT_EQ(s->nr_partial, 0);		/* full slabs are on no list */
	ASSERT_EQ(m->zone.free_pages, free0 - 56);
	ASSERT_EQ(m->vm_stat[NR_SLAB_UNRECLAIMABLE_B],
		  (33 + 56) * 4096);
	EXPECT_CLEAN(m);

	/* One object out of each: all seven are partial. */
	for (int i = 0; i < 7; i++)
		kmem_cache_free(s, obj[i][0]);
	ASSERT_EQ(s->nr_partial, 7);
	ASSERT_EQ(s->active_objects, 49);
	/* The first two to empty go (7 >= 6, 6 >= 6); the rest stay. */
	for (int i = 0; i < 7; i++) {
		for (int j = 1; j < 8; j++)
			kmem_cache_free(s, obj[i][j]);
		ASSERT_EQ(s->nr_slabs, i < 2 ? 6 - i : 5);
		EXPECT_CLEAN(m);
	}
	ASSERT_EQ(s->nr_partial, 5);
	ASSERT_EQ(s->active_objects, 0);
	ASSERT_EQ(m->zone.free_pages, free0 - 40);
	/* The next allocation reuses the first kept slab: no new frame. */
	obj[0][0] = kmem_cache_alloc(s);
	ASSERT_EQ(m->zone.free_pages, free0 - 40);
	kmem_cache_free(s, obj[0][0]);
	EXPECT_CLEAN(m);
}

/*
 * With no block of the slab order free, allocate_slab() falls back to the
 * order of one object (s->min): task_struct gets 2 frames for 1 object.
 */
static void test_fallback_order(void)
{
	struct machine *m = unit_boot(1UL << 20);
	struct kmem_cache *s = kmem_cache_of(m, KMEM_TASK_STRUCT);
	struct { struct page *page; unsigned int order; } held[64];
	struct page *p;
	int n = 0;

	/* Six spawns fill init's task_struct slab. */
	for (int i = 0; i < 6; i++)
		unit_spawn(m, "sh");
	ASSERT_EQ(s->nr_slabs, 1);
	ASSERT_EQ(s->nr_partial, 0);
	/* Take every block of order 3 and up. */
	for (unsigned int order = MAX_ORDER; order >= 3; order--)
		while ((p = alloc_pages(&m->zone, order))) {
			ASSERT(n < 64);
			held[n].page = p;
			held[n++].order = order;
		}
	ASSERT(m->zone.nr_free[1] + m->zone.nr_free[2] > 0);
	unit_spawn(m, "sh");
	ASSERT_EQ(s->nr_slabs, 2);
	ASSERT_EQ(s->nr_frames, 8 + 2);
	ASSERT_EQ(s->total_objects, 7 + 1);
	ASSERT_EQ(m->vm_events[OOM_KILL], 0);
	while (n--)
		__free_pages(&m->zone, held[n].page, held[n].order);
	EXPECT_CLEAN(m);
}

/*
 * No frame for a new slab, and the OOM killer finds only the current
 * task: the allocation fails, says why, and leaves every counter alone.
 */
static void test_slab_enomem(void)
{
	struct machine *m = unit_boot(1UL << 20);
	struct kmem_cache *s = kmem_cache_create(m, "test", 4096, 16, NULL, 0);
	struct task_struct *t = unit_spawn(m, "sh");
	long slab0;

	ASSERT(s);
	unit_fill_until(t, 0);
	slab0 = m->vm_stat[NR_SLAB_UNRECLAIMABLE_B];
	m->errmsg[0] = '\0';
	unit_set_current(m, t);
	ASSERT(kmem_cache_alloc(s) == NULL);
	unit_set_current(m, NULL);
	ASSERT_STR(m->errmsg, "out of memory for a test");
	ASSERT(!m->zone.host_nomem);
	ASSERT_EQ(m->vm_events[OOM_KILL], 0);
	ASSERT_EQ(s->nr_slabs, 0);
	ASSERT_EQ(s->active_objects, 0);
	ASSERT_EQ(m->zone.free_pages, 0);
	ASSERT_EQ(m->vm_stat[NR_SLAB_UNRECLAIMABLE_B], slab0);
	EXPECT_CLEAN(m);
}

/* Map one page at @addr, with protections that differ from the last. */
static unsigned long map_one(struct task_struct *t, unsigned long addr,
			     int *prot)
{
	*prot = *prot == PROT_READ ? PROT_READ | PROT_WRITE : PROT_READ;
	return sys_mmap(t, addr, PAGE_SIZE, *prot,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
}

/*
 * An mmap whose vm_area_struct needs a new slab when no frame is left
 * fails with ENOMEM and changes nothing: the OOM killer finds only the
 * task itself (current), which a failed mmap spares.
 */
static void test_mmap_vma_slab_enomem(void)
{
	struct machine *m = unit_boot(1UL << 20);
	struct kmem_cache *vmas = kmem_cache_of(m, KMEM_VM_AREA);
	struct task_struct *t = unit_spawn(m, "sh");
	unsigned long addr = 0x100000000UL, ret;
	char *before, *after;
	int prot = PROT_READ, n = 0;

	unit_fill_until(t, 0);
	unit_set_current(m, t);
	for (;;) {
		before = unit_mm_dump(t->mm);
		ret = map_one(t, addr, &prot);
		if (ret != addr)
			break;
		free(before);
		addr += PAGE_SIZE;
		ASSERT(++n < 64);
	}
	ASSERT_EQ((long)ret, -ENOMEM);
	ASSERT_STR(m->errmsg, "out of memory for a VMA");
	ASSERT_EQ(vmas->total_objects, vmas->active_objects);
	ASSERT_EQ(m->vm_events[OOM_KILL], 0);
	after = unit_mm_dump(t->mm);
	ASSERT_STR(after, before);
	free(before);
	free(after);
	unit_set_current(m, NULL);
	EXPECT_CLEAN(m);
}

/*
 * The same allocation with a bigger task about kills that one
 * (GFP_KERNEL: __alloc_pages_may_oom()) and succeeds.
 */
static void test_mmap_vma_slab_oom_kills_other(void)
{
	struct machine *m = unit_boot(1UL << 20);
	struct kmem_cache *vmas = kmem_cache_of(m, KMEM_VM_AREA);
	struct task_struct *hog = unit_spawn(m, "hog");
	struct task_struct *t = unit_spawn(m, "sh");
	pid_t hog_pid = hog->pid;
	unsigned long addr = 0x100000000UL, left;
	int prot = PROT_READ;

	unit_fill_until(hog, 0);
	left = vmas->total_objects - vmas->active_objects;
	unit_set_current(m, t);
	for (unsigned long i = 0; i <= left; i++) {
		ASSERT_EQ(map_one(t, addr, &prot), addr);
		addr += PAGE_SIZE;
	}
	unit_set_current(m, NULL);
	ASSERT_EQ(m->vm_events[OOM_KILL], 1);
	ASSERT(find_task_by_pid_any(m, hog_pid) == NULL);
	ASSERT_EQ(vmas->nr_slabs, 2);
	EXPECT_CLEAN(m);
}

#define RUN(fn) unit_run(#fn, fn)

int main(void)
{
	RUN(test_geometry);
	RUN(test_boot);
	RUN(test_min_partial);
	RUN(test_fallback_order);
	RUN(test_slab_enomem);
	RUN(test_mmap_vma_slab_enomem);
	RUN(test_mmap_vma_slab_oom_kills_other);
	return unit_done();
}
