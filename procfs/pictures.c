/*
 * pictures.c - MOUNT/PID/page_tables.dot, anon_vmas.dot and layout.dot
 * (and their .svg twins): Graphviz pictures of a process's present page
 * tables, of the anon_vma / anon_vma_chain graph of the process tree
 * below it (seed 000's diagram, from the live structures), and of its
 * address-space layout. Each file is two steps: a walk of the engine's
 * structures that collects what is drawn (the page-table walker and
 * walk_page_table_path(), the VMA list and its anon_vma_chain lists, the
 * anon_vmas' root and parent), then the dot text; the .svg is that text
 * laid out by gvrender.c. Same machine state, same bytes: nodes and edges
 * come in walk order and are named by PFN, PID and index, never by a
 * host pointer. Nothing here changes the machine. See mmsim(7), PICTURES.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "internal.h"
#include "kaddr.h"
#include "../vm/pagewalk.h"
#include "../vm/exec.h"
#include "../vm/pgtable.h"

/* The page-table levels as vtop names them, top first. */
static const char *const pt_level_name4[] = { "PGD", "PUD", "PMD", "PTE" };
static const char *const pt_level_name5[] = { "PGD", "P4D", "PUD", "PMD",
					      "PTE" };

/*
 * dot_escape() - @str inside a record label's double quotes: the
 * characters dot gives a meaning there ({ } | < > " \ and spaces at the
 * ends do not matter) are backslash-escaped.
 */
static void dot_escape(struct seq_buf *s, const char *str)
{
	for (; *str; str++) {
		if (strchr("{}|<>\"\\", *str))
			seq_putc(s, '\\');
		seq_putc(s, *str);
	}
}

/* A size in the largest binary unit that divides it: "132 KiB". */
static void put_size(struct seq_buf *s, unsigned long bytes)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB",
					    "PiB" };
	int u = 0;

	while (u < 5 && bytes && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	seq_printf(s, "%lu %s", bytes, unit[u]);
}

/*
 * A gap's size to a tenth of the largest binary unit it reaches, exact
 * when the unit divides it: "127.9 MiB", "128 TiB". Integer arithmetic
 * (rounded down), so the text is the same on every host.
 */
static void put_size_approx(struct seq_buf *s, unsigned long bytes)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB",
					    "PiB" };
	unsigned long div = 1;
	int u = 0;

	while (u < 5 && bytes / div >= 1024) {
		div <<= 10;
		u++;
	}
	if (bytes % div == 0)
		seq_printf(s, "%lu %s", bytes / div, unit[u]);
	else
		seq_printf(s, "%lu.%lu %s", bytes / div,
			   (bytes % div) * 10 / div,
			   unit[u]);
}

/* The frame of the picture: one digraph, fonts and shapes fixed. */
static void dot_begin(struct seq_buf *s, const char *name, const char *rankdir)
{
	seq_printf(s, "digraph %s {\n", name);
	seq_printf(s, "\tgraph [rankdir=%s, fontname=\"monospace\", fontsize=10];\n",
		   rankdir);
	seq_puts(s, "\tnode [shape=record, fontname=\"monospace\", fontsize=10];\n");
	seq_puts(s, "\tedge [fontname=\"monospace\", fontsize=9];\n");
}

/* ------------------------------------------------------------------ */
/* page_tables.dot                                                     */
/* ------------------------------------------------------------------ */

/*
 * The walk visits the present PTEs in address order; for each it reads
 * the MMU's path (walk_page_table_path()). A table is new when its frame
 * differs from the last one seen at its level, and an entry is new when
 * its (table, index) does; so each table and each present entry is drawn
 * once. A table is one record node, "NAME pfn P\nBASE|<eI> I: VALUE|...",
 * its present entries the fields (one above the other, rankdir LR) (ports e<index>), gathered in @rec[level]
 * until the next table of that level starts (records never nest). A frame
 * mapped at several addresses (the zero page) is one node with several
 * edges into it.
 */
struct pt_picture {
	struct seq_buf *nodes;		/* tables and frames */
	struct seq_buf *edges;
	struct zone *zone;
	int levels;			/* of the machine's tables */
	const char *const *name;	/* their names, top first */
	struct seq_buf rec[PT_MAX_LEVELS];
	bool used[PT_MAX_LEVELS];
	unsigned long last_table[PT_MAX_LEVELS];
	unsigned long last_index[PT_MAX_LEVELS];
	/* frames drawn so far, to draw each once */
	unsigned long *frames;
	size_t nr_frames, frames_size;
};

/* Has @pfn's frame node been drawn? If not, remember it. -ENOMEM. */
static int pt_frame_seen(struct pt_picture *pp, unsigned long pfn, bool *seen)
{
	size_t i;

	for (i = 0; i < pp->nr_frames; i++)
		if (pp->frames[i] == pfn) {
			*seen = true;
			return 0;
		}
	*seen = false;
	if (pp->nr_frames == pp->frames_size) {
		size_t n = pp->frames_size ? 2 * pp->frames_size : 64;
		unsigned long *f = realloc(pp->frames, n * sizeof(*f));

		if (!f)
			return -ENOMEM;
		pp->frames = f;
		pp->frames_size = n;
	}
	pp->frames[pp->nr_frames++] = pfn;
	return 0;
}

/* Write the record of @level's table out, if one is open. */
static void pt_close_table(struct pt_picture *pp, int level)
{
	if (!pp->used[level])
		return;
	seq_printf(pp->nodes, "%s\"];\n", pp->rec[level].buf);
	pp->rec[level].len = 0;
	pp->used[level] = false;
}

/* Open the record of table @pfn at @level, which maps from @base. */
static void pt_open_table(struct pt_picture *pp, int level, unsigned long pfn,
			  unsigned long base)
{
	struct seq_buf *r = &pp->rec[level];

	pt_close_table(pp, level);
	seq_printf(r, "\tt%lx [label=\"%s pfn 0x%lx\\n", pfn,
		   pp->name[level], pfn);
	if (level)
		seq_printf(r, "0x%lx", base);
	else
		seq_printf(r, "cr3 0x%lx", pfn << PAGE_SHIFT);
	pp->used[level] = true;
	pp->last_table[level] = pfn;
	pp->last_index[level] = ~0UL;
}

static int pt_pte_entry(pte_t *pte, unsigned long addr, unsigned long next,
			struct mm_walk *walk)
{
	struct pt_picture *pp = walk->private;
	struct page_table_path path;
	bool seen;
	int level, err;

	(void)next;
	if (!pte_present(*pte))
		return 0;
	walk_page_table_path(walk->mm, addr, &path);
	if (path.levels != pp->levels)
		return 0;
	for (level = 0; level < pp->levels; level++) {
		unsigned long t = path.table_pfn[level];
		unsigned long i = path.index[level];
		pteval_t e = path.entry[level];
		unsigned long child = (e & PTE_PFN_MASK) >> PAGE_SHIFT;
		int span = PAGE_SHIFT + 9 * (pp->levels - level);

		if (!pp->used[level] || t != pp->last_table[level])
			pt_open_table(pp, level, t, addr & ~((1UL << span) - 1));
		if (i == pp->last_index[level])
			continue;
		pp->last_index[level] = i;
		seq_printf(&pp->rec[level], "|<e%lu> %lu: 0x%016llx", i, i,
			   (unsigned long long)e);
		if (level < pp->levels - 1) {
			seq_printf(pp->edges, "\tt%lx:e%lu -> t%lx;\n", t, i,
				   child);
			continue;
		}
		seq_printf(pp->edges, "\tt%lx:e%lu -> f%lx;\n", t, i, child);
		err = pt_frame_seen(pp, child, &seen);
		if (err)
			return err;
		if (!seen)
			seq_printf(pp->nodes,
				   "\tf%lx [shape=box, style=filled, fillcolor=\"#e8f0ff\", label=\"frame pfn 0x%lx\\nva 0x%lx%s\"];\n",
				   child, child, addr,
				   is_zero_pfn(pp->zone, child) ?
				   "\\n(zero page)" : "");
	}
	return 0;
}

static const struct mm_walk_ops pt_picture_ops = {
	.pte_entry = pt_pte_entry,
};

/*
 * page_tables_dot() - page_tables.dot's text for @tsk into @s: the PGD
 * (drawn even with nothing below it), every table below it that leads to
 * a present PTE, and the frames; nothing but the digraph's frame for a
 * task without an mm.
 */
static int page_tables_dot(struct machine *m, struct task_struct *tsk,
			   struct seq_buf *s)
{
	struct pt_picture pp = { 0 };
	struct seq_buf nodes, edges;
	int level, ret = 0;

	if (!tsk)
		return -ENOENT;
	seq_buf_init(&nodes);
	seq_buf_init(&edges);
	for (level = 0; level < PT_MAX_LEVELS; level++)
		seq_buf_init(&pp.rec[level]);
	pp.nodes = &nodes;
	pp.edges = &edges;
	pp.zone = &m->zone;
	pp.levels = tsk->mm ? pt_levels(tsk->mm) : 4;
	pp.name = pp.levels == 5 ? pt_level_name5 : pt_level_name4;
	dot_begin(s, "page_tables", "LR");
	if (tsk->mm && tsk->mm->pgd) {
		pt_open_table(&pp, 0, tsk->mm->pgd_pfn, 0);
		ret = walk_page_range_debug(tsk->mm, 0, tsk->mm->task_size,
					    &pt_picture_ops, &pp);
		for (level = 0; level < PT_MAX_LEVELS; level++)
			pt_close_table(&pp, level);
	}
	if (!ret)
		for (level = 0; level < PT_MAX_LEVELS && !ret; level++)
			ret = pp.rec[level].err;
	if (!ret)
		ret = nodes.err ? nodes.err : edges.err;
	if (!ret) {
		seq_write(s, nodes.buf ? nodes.buf : "", nodes.len);
		seq_write(s, edges.buf ? edges.buf : "", edges.len);
		seq_puts(s, "}\n");
	}
	for (level = 0; level < PT_MAX_LEVELS; level++)
		seq_buf_free(&pp.rec[level]);
	seq_buf_free(&nodes);
	seq_buf_free(&edges);
	free(pp.frames);
	return ret ? ret : s->err;
}

/* ------------------------------------------------------------------ */
/* anon_vmas.dot                                                       */
/* ------------------------------------------------------------------ */

/*
 * The processes drawn are @tsk's and every descendant's (thread-group
 * leaders, by PID; a zombie has no mm and no cluster). Each is a cluster
 * of its VMAs that have an anon_vma_chain list and of the list's
 * anon_vma_chains, in same_vma order; the anon_vmas they link to, and
 * those anon_vmas' roots and parents, are drawn outside the clusters by
 * serial (allocation order), so a root in an ancestor outside the tree
 * still has its node. Edges: VMA -> first avc ("anon_vma_chain") and avc
 * -> next avc ("same_vma"), as the list runs; avc -> its anon_vma; VMA ->
 * vma->anon_vma (dashed); anon_vma -> parent and -> root (dotted) when
 * they are another anon_vma.
 */
struct av_set {
	struct anon_vma **av;
	size_t nr, size;
};

/* Add @av to @set once. -ENOMEM. */
static int av_set_add(struct av_set *set, struct anon_vma *av)
{
	size_t i;

	if (!av)
		return 0;
	for (i = 0; i < set->nr; i++)
		if (set->av[i] == av)
			return 0;
	if (set->nr == set->size) {
		size_t n = set->size ? 2 * set->size : 32;
		struct anon_vma **a = realloc(set->av, n * sizeof(*a));

		if (!a)
			return -ENOMEM;
		set->av = a;
		set->size = n;
	}
	set->av[set->nr++] = av;
	return 0;
}

static int av_serial_cmp(const void *a, const void *b)
{
	const struct anon_vma *x = *(struct anon_vma *const *)a;
	const struct anon_vma *y = *(struct anon_vma *const *)b;

	return x->serial < y->serial ? -1 : x->serial > y->serial;
}

/* Is @t @top's process or one of its descendants? */
static bool in_process_tree(struct task_struct *t, struct task_struct *top)
{
	for (; t; t = t->real_parent) {
		if (t->signal == top->signal)
			return true;
		if (t->pid == 1)
			return false;
	}
	return false;
}

/* The VMA's name for a picture: maps' name, or "(anonymous)". */
static void put_vma_name(struct seq_buf *s, struct vm_area_struct *vma)
{
	const char *name = proc_vma_special_name(vma);
	char path[4200];

	if (vma->vm_file)
		name = file_path(vma->vm_file, path, sizeof(path));
	dot_escape(s, name ? name : "(anonymous)");
}

static int anon_vmas_dot(struct machine *m, struct task_struct *tsk,
			 struct seq_buf *s)
{
	struct av_set set = { 0 };
	struct task_struct *t;
	struct seq_buf edges;
	size_t i;
	int ret = 0;

	if (!tsk)
		return -ENOENT;
	/*
	 * Edges go after the clusters: an edge inside a subgraph would put
	 * the anon_vma it names into that process's cluster.
	 */
	seq_buf_init(&edges);
	dot_begin(s, "anon_vmas", "TB");
	for (t = next_task_by_pid(m, 1); t; t = next_task_by_pid(m, t->pid + 1)) {
		struct vm_area_struct *vma;
		int v = 0;

		if (!thread_group_leader(t) || !t->mm ||
		    !in_process_tree(t, tsk))
			continue;
		seq_printf(s, "\tsubgraph cluster_%d {\n", t->pid);
		seq_printf(s, "\t\tlabel=\"PID %d (", t->pid);
		dot_escape(s, t->comm);
		seq_puts(s, ")\";\n");
		for (vma = t->mm->mmap; vma; vma = vma->vm_next, v++) {
			struct anon_vma_chain *avc;
			int k = 0;

			if (list_empty(&vma->anon_vma_chain))
				continue;
			seq_printf(s, "\t\tv%d_%d [shape=box, label=\"vm_area_struct 0x%lx\\n%lx-%lx\\n",
				   t->pid, v, kaddr_slab_obj(&m->zone, vma),
				   vma->vm_start, vma->vm_end);
			put_vma_name(s, vma);
			seq_puts(s, "\"];\n");
			list_for_each_entry(avc, &vma->anon_vma_chain,
					    same_vma) {
				seq_printf(s, "\t\tc%d_%d_%d [shape=ellipse, label=\"anon_vma_chain\"];\n",
					   t->pid, v, k);
				if (k)
					seq_printf(&edges, "\tc%d_%d_%d -> c%d_%d_%d [label=\"same_vma\"];\n",
						   t->pid, v, k - 1, t->pid, v,
						   k);
				else
					seq_printf(&edges, "\tv%d_%d -> c%d_%d_0 [label=\"anon_vma_chain\"];\n",
						   t->pid, v, t->pid, v);
				seq_printf(&edges, "\tc%d_%d_%d -> a%lu;\n", t->pid,
					   v, k, avc->anon_vma->serial);
				ret = av_set_add(&set, avc->anon_vma);
				if (ret)
					goto out;
				k++;
			}
			if (vma->anon_vma)
				seq_printf(&edges, "\tv%d_%d -> a%lu [style=dashed, label=\"anon_vma\"];\n",
					   t->pid, v, vma->anon_vma->serial);
		}
		seq_puts(s, "\t}\n");
	}
	/* Roots and parents too, transitively (the set grows as it is read). */
	for (i = 0; i < set.nr; i++) {
		ret = av_set_add(&set, set.av[i]->root);
		if (!ret)
			ret = av_set_add(&set, set.av[i]->parent);
		if (ret)
			goto out;
	}
	if (set.nr)
		qsort(set.av, set.nr, sizeof(*set.av), av_serial_cmp);
	for (i = 0; i < set.nr; i++) {
		struct anon_vma *av = set.av[i];

		seq_printf(s, "\ta%lu [shape=box, style=\"rounded,filled\", fillcolor=\"#fff2cc\", label=\"anon_vma 0x%lx\\nrefcount %d\\nnum_children %lu\\nnum_active_vmas %lu\"];\n",
			   av->serial, kaddr_anon_vma(av), av->refcount,
			   av->num_children, av->num_active_vmas);
	}
	ret = edges.err;
	if (ret)
		goto out;
	seq_write(s, edges.buf ? edges.buf : "", edges.len);
	for (i = 0; i < set.nr; i++) {
		struct anon_vma *av = set.av[i];

		if (av->parent && av->parent != av)
			seq_printf(s, "\ta%lu -> a%lu [label=\"parent\"];\n",
				   av->serial, av->parent->serial);
		if (av->root && av->root != av)
			seq_printf(s, "\ta%lu -> a%lu [style=dotted, label=\"root\"];\n",
				   av->serial, av->root->serial);
	}
	seq_puts(s, "}\n");
out:
	seq_buf_free(&edges);
	free(set.av);
	return ret ? ret : s->err;
}

/* ------------------------------------------------------------------ */
/* layout.dot                                                          */
/* ------------------------------------------------------------------ */

/* The fill of a VMA's box: stack, heap, file, special, anonymous. */
static const char *vma_colour(struct vm_area_struct *vma)
{
	if (!vma->vm_mm || (vma->vm_ops && vma->vm_ops->name))
		return "#dddddd";
	if (vma->vm_file)
		return vma->vm_flags & VM_EXEC ? "#fff2cc" : "#e8f0ff";
	if (vma_is_initial_stack(vma))
		return "#ffd8b0";
	if (vma_is_initial_heap(vma))
		return "#d9f2d9";
	return "#eeffee";
}

/*
 * One node per line of maps (the gate VMA last, as there), drawn from the
 * highest address down, as the lecture draws an address space; each edge
 * joins a VMA to the one below it, labelled with the gap between them.
 */
static int layout_dot(struct machine *m, struct task_struct *tsk,
		      struct seq_buf *s)
{
	struct vm_area_struct **v = NULL, *vma;
	size_t n = 0, i;

	(void)m;
	if (!tsk)
		return -ENOENT;
	dot_begin(s, "layout", "TB");
	if (tsk->mm) {
		v = calloc((size_t)tsk->mm->map_count + 1, sizeof(*v));
		if (!v)
			return -ENOMEM;
		for (vma = tsk->mm->mmap; vma && n < (size_t)tsk->mm->map_count;
		     vma = vma->vm_next)
			v[n++] = vma;
		vma = get_gate_vma(tsk->mm);
		if (vma)
			v[n++] = vma;
	}
	for (i = n; i-- > 0;) {
		vma = v[i];
		seq_printf(s, "\tv%zu [style=filled, fillcolor=\"%s\", label=\"{",
			   i, vma_colour(vma));
		put_vma_name(s, vma);
		seq_printf(s, "|%lx-%lx|", vma->vm_start, vma->vm_end);
		put_size(s, vma->vm_end - vma->vm_start);
		seq_printf(s, " %c%c%c%c}\"];\n",
			   vma->vm_flags & VM_READ ? 'r' : '-',
			   vma->vm_flags & VM_WRITE ? 'w' : '-',
			   vma->vm_flags & VM_EXEC ? 'x' : '-',
			   vma->vm_flags & VM_MAYSHARE ? 's' : 'p');
	}
	for (i = n; i-- > 1;) {
		unsigned long gap = v[i]->vm_start - v[i - 1]->vm_end;

		seq_printf(s, "\tv%zu -> v%zu", i, i - 1);
		if (gap) {
			seq_puts(s, " [label=\"gap ");
			put_size_approx(s, gap);
			seq_puts(s, "\"]");
		}
		seq_puts(s, ";\n");
	}
	seq_puts(s, "}\n");
	free(v);
	return s->err;
}

/* ------------------------------------------------------------------ */
/* The files                                                           */
/* ------------------------------------------------------------------ */

/* The .svg twin: the dot text, laid out and rendered by gvrender.c. */
static int svg_of(int (*dot)(struct machine *, struct task_struct *,
			     struct seq_buf *),
		  struct machine *m, struct task_struct *tsk,
		  struct seq_buf *s)
{
	struct seq_buf text;
	int ret;

	seq_buf_init(&text);
	ret = dot(m, tsk, &text);
	if (!ret)
		ret = dot_render_svg(text.buf, s);
	seq_buf_free(&text);
	return ret;
}

/**
 * proc_pid_page_tables_dot_show() - MOUNT/PID/page_tables.dot: the tree of
 * @tsk's present page tables, PGD down to the frames. Read lock held;
 * changes nothing. Return: 0, -ENOENT without a task, or -ENOMEM.
 */
int proc_pid_page_tables_dot_show(struct machine *m, struct task_struct *tsk,
				  struct seq_buf *s)
{
	return page_tables_dot(m, tsk, s);
}

/** proc_pid_page_tables_svg_show() - page_tables.dot as SVG. */
int proc_pid_page_tables_svg_show(struct machine *m, struct task_struct *tsk,
				  struct seq_buf *s)
{
	return svg_of(page_tables_dot, m, tsk, s);
}

/**
 * proc_pid_anon_vmas_dot_show() - MOUNT/PID/anon_vmas.dot: the anon_vma
 * graph of @tsk's process and its descendants. Read lock held; changes
 * nothing. Return: 0, -ENOENT without a task, or -ENOMEM.
 */
int proc_pid_anon_vmas_dot_show(struct machine *m, struct task_struct *tsk,
				struct seq_buf *s)
{
	return anon_vmas_dot(m, tsk, s);
}

/** proc_pid_anon_vmas_svg_show() - anon_vmas.dot as SVG. */
int proc_pid_anon_vmas_svg_show(struct machine *m, struct task_struct *tsk,
				struct seq_buf *s)
{
	return svg_of(anon_vmas_dot, m, tsk, s);
}

/**
 * proc_pid_layout_dot_show() - MOUNT/PID/layout.dot: @tsk's VMAs (maps'
 * lines) from the top of the address space down, with names, ranges,
 * sizes, permissions and the gaps. Read lock held; changes nothing.
 * Return: 0, -ENOENT without a task, or -ENOMEM.
 */
int proc_pid_layout_dot_show(struct machine *m, struct task_struct *tsk,
			     struct seq_buf *s)
{
	return layout_dot(m, tsk, s);
}

/** proc_pid_layout_svg_show() - layout.dot as SVG. */
int proc_pid_layout_svg_show(struct machine *m, struct task_struct *tsk,
			     struct seq_buf *s)
{
	return svg_of(layout_dot, m, tsk, s);
}
