/*
 * gvrender.c - dot text to SVG with Graphviz's library (libgvc): parse
 * (agread), lay out with the dot engine, render "svg" to memory. The
 * one place mmsim links Graphviz; the pictures' walks and their dot text
 * are pictures.c's. Graphviz keeps global state and is not thread-safe,
 * so one render runs at a time (FUSE serves reads on several threads).
 *
 * Determinism: cgraph's default ID discipline makes a named object's ID
 * the address of its interned name, and keeps subgraphs in ID order, so
 * in a long-lived process the clusters of one text come out (and are
 * laid out) in an order that depends on the heap. gv_iddisc gives every
 * object the next ID in creation order instead, leaving names to
 * cgraph's internal map: the same text on the same machine (Graphviz
 * version and fonts) then gives the same bytes, render after render.
 */
#include <errno.h>
#include <pthread.h>
#include <graphviz/gvc.h>
#include "internal.h"

static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *gv_context;		/* under gv_lock */

/* The ID counter of one read (odd IDs: cgraph's anonymous ones). */
struct gv_ids {
	IDTYPE next;
};

static void *gv_idopen(Agraph_t *g, Agdisc_t *disc)
{
	static struct gv_ids ids;	/* one read at a time: gv_lock */

	(void)g;
	(void)disc;
	ids.next = 1;
	return &ids;
}

/*
 * A name is not mapped here (return 0), so agmapnametoid() asks again
 * for an anonymous ID and records the name in the graph's internal map.
 */
static long gv_idmap(void *state, int objtype, char *str, IDTYPE *id,
		     int createflag)
{
	struct gv_ids *ids = state;

	(void)objtype;
	(void)createflag;
	if (str)
		return 0;
	*id = ids->next;
	ids->next += 2;
	return 1;
}

static long gv_idalloc(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return 0;
}

static void gv_idfree(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
}

static char *gv_idprint(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return NULL;
}

static void gv_idclose(void *state)
{
	(void)state;
}

static void gv_idregister(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t gv_iddisc = {
	gv_idopen, gv_idmap, gv_idalloc, gv_idfree, gv_idprint, gv_idclose,
	gv_idregister,
};

/* Reading the text: a line at a time, as agmemread()'s reader does. */
struct gv_text {
	const char *p;
};

static int gv_afread(void *chan, char *buf, int bufsize)
{
	struct gv_text *t = chan;
	int n = 0;

	while (n < bufsize && *t->p) {
		buf[n++] = *t->p;
		if (*t->p++ == '\n')
			break;
	}
	return n;
}

/* gv_read() - the graph of @dot, read with gv_iddisc. */
static Agraph_t *gv_read(const char *dot)
{
	static Agiodisc_t io;
	Agdisc_t disc;
	struct gv_text t = { .p = dot };

	io.afread = gv_afread;
	io.putstr = AgIoDisc.putstr;
	io.flush = AgIoDisc.flush;
	disc.mem = &AgMemDisc;
	disc.id = &gv_iddisc;
	disc.io = &io;
	return agread(&t, &disc);
}

/*
 * dot's layout grows faster than linearly: 1,000 nodes take a fifth of a
 * second, ten times as many far longer, all under the machine's read
 * lock. Beyond this the SVG is refused; the dot text is always there.
 */
#define SVG_MAX_NODES	4096

/**
 * dot_render_svg() - lay out the NUL-terminated dot text @dot and append
 * its SVG to @out.
 * Return: 0; -EINVAL when Graphviz cannot parse or lay it out (a bug of
 * the picture's writer); -EFBIG when it has more than SVG_MAX_NODES
 * nodes; -ENOMEM.
 */
int dot_render_svg(const char *dot, struct seq_buf *out)
{
	GVC_t *gvc;
	Agraph_t *g;
	char *svg = NULL;
	unsigned int len = 0;
	int ret = 0;

	pthread_mutex_lock(&gv_lock);
	/*
	 * One context for the process's life: the pango plugin remembers the
	 * last font's name by pointer into the context's font table, so a
	 * context freed between two renders leaves it dangling (found under
	 * ASan). It stays reachable from gv_context, so it is no leak.
	 */
	if (!gv_context) {
		/* Only errors go to the daemon's stderr, not warnings. */
		agseterr(AGERR);
		gv_context = gvContext();
		if (!gv_context) {
			ret = -ENOMEM;
			goto out_unlock;
		}
	}
	gvc = gv_context;
	g = gv_read(dot);
	if (!g) {
		ret = -EINVAL;
		goto out_unlock;
	}
	if (agnnodes(g) > SVG_MAX_NODES) {
		ret = -EFBIG;
		goto out_graph;
	}
	if (gvLayout(gvc, g, "dot")) {
		ret = -EINVAL;
		goto out_graph;
	}
	if (gvRenderData(gvc, g, "svg", &svg, &len))
		ret = -EINVAL;
	else
		seq_write(out, svg, len);
	if (svg)
		gvFreeRenderData(svg);
	gvFreeLayout(gvc, g);
out_graph:
	agclose(g);
out_unlock:
	pthread_mutex_unlock(&gv_lock);
	return ret ? ret : out->err;
}

/*
 * __lsan_default_suppressions() - LeakSanitizer's hook (the weak symbol
 * it calls at start-up; unused without -fsanitize): Graphviz 2.42 and the
 * font libraries under it keep allocations of every layout that nothing
 * frees (dot's rank and spline buffers, fontconfig's patterns). They are
 * the library's, not mmsim's, so the sanitized builds' leak check skips
 * stacks that pass through them.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libgvc.so\n"
	       "leak:libcgraph.so\n"
	       "leak:libcdt.so\n"
	       "leak:libpathplan.so\n"
	       "leak:libgvplugin_\n"
	       "leak:libfontconfig.so\n"
	       "leak:libpango\n"
	       "leak:libcairo.so\n"
	       "leak:libglib-2.0.so\n"
	       "leak:libgobject-2.0.so\n"
	       "leak:libharfbuzz.so\n"
	       "leak:libfreetype.so\n";
}
