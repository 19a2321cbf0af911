/*
 * slabinfo.c - /proc/slabinfo (mm/slab_common.c's slab_show() and
 * cache_show(), with SLUB's get_slabinfo()): a header, then one line per
 * cache the machine created, empty or not, newest first as the kernel's
 * slab_caches list runs.
 */
#include "internal.h"

/* print_slabinfo_header() */
static void print_slabinfo_header(struct seq_buf *s)
{
	seq_puts(s, "slabinfo - version: 2.1\n");
	seq_puts(s, "# name            <active_objs> <num_objs> <objsize> "
		 "<objperslab> <pagesperslab>");
	seq_puts(s, " : tunables <limit> <batchcount> <sharedfactor>");
	seq_puts(s, " : slabdata <active_slabs> <num_slabs> <sharedavail>");
	seq_putc(s, '\n');
}

/*
 * cache_show() - SLUB has no tunables or shared arrays (all 0), and
 * counts every slab as active. <pagesperslab> is the preferred order's,
 * as oo_order(s->oo), even where a fallback slab is smaller.
 */
static void cache_show(const struct kmem_cache *c, struct seq_buf *s)
{
	seq_printf(s, "%-17s %6lu %6lu %6u %4u %4d", c->name,
		   c->active_objects, c->total_objects, c->size, c->objects,
		   1 << c->order);
	seq_printf(s, " : tunables %4u %4u %4u", 0U, 0U, 0U);
	seq_printf(s, " : slabdata %6lu %6lu %6lu", c->nr_slabs, c->nr_slabs,
		   0UL);
	seq_putc(s, '\n');
}

/**
 * slabinfo_show() - /proc/slabinfo. Read lock held.
 */
int slabinfo_show(struct machine *m, struct task_struct *tsk,
		  struct seq_buf *s)
{
	const struct kmem_cache *c;

	(void)tsk;
	print_slabinfo_header(s);
	list_for_each_entry(c, &m->slab_caches, list)
		cache_show(c, s);
	return s->err;
}
