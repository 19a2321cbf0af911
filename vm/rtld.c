/*
 * rtld.c - the dynamic loader's work, simulated: what glibc 2.36's
 * ld.so does between its entry point and the program's (elf/rtld.c
 * dl_main(), elf/dl-deps.c, elf/dl-load.c, elf/dl-map-segments.h,
 * elf/dl-reloc.c's _dl_protect_relro(), elf/dl-tls.c, elf/dl-version.c,
 * elf/dl-minimal-malloc.c).
 *
 * THIS IS NOT KERNEL WORK. On Linux these are the first instructions of
 * the new program, run in user space from the interpreter's entry point;
 * they change the address space only through system calls (mmap,
 * mprotect, munmap) and stores. mmsim makes the same system calls, in
 * the same order and with the same arguments, so that after `exec` the
 * maps equal the host's at the program's entry point (AT_ENTRY).
 *
 * What decides the layout:
 *  - each needed library (DT_NEEDED, breadth first from the program, as
 *    _dl_map_object_deps() walks them), found as _dl_map_object() finds
 *    it (a name with '/', the loader's DT_RPATH, its DT_RUNPATH,
 *    /etc/ld.so.cache, the default directories) and mapped by
 *    _dl_map_segments(): the whole span reserved with the first
 *    segment's protection, the other segments MAP_FIXED over it, a gap
 *    between segments made PROT_NONE, the bss past the last file page an
 *    anonymous MAP_FIXED mapping;
 *  - ld.so's own heap, the minimal malloc (__minimal_malloc()): first the
 *    rest of the page after ld.so's .bss, then mmap()ed blocks of the
 *    request rounded up to pages plus one page. Every allocation dl_main
 *    makes before the program starts is replayed here with glibc 2.36's
 *    x86-64 sizes (struct link_map, the search-path array, the
 *    dependency lists, the symbol-version arrays, the TLS slot list, the
 *    static TLS block with the thread control block, the DTV), so the
 *    blocks are mmap()ed exactly when ld.so mmap()s them;
 *  - /etc/ld.so.cache, mmap()ed whole on the first cache lookup and
 *    munmap()ed when the loader is done (_dl_unload_cache()), which
 *    leaves its hole;
 *  - PT_GNU_RELRO made read-only (_dl_protect_relro()) in relocation
 *    order: the libraries in reverse dependency order, the program, and
 *    ld.so itself last.
 *
 * Not simulated: the relocations' stores and the loader's reads (so RSS
 * at the entry point is not the host's), audit modules, LD_* variables
 * (the environment is empty), glibc-hwcaps subdirectories, and the
 * allocations of DT_RUNPATH/DT_RPATH search lists.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "binfmts.h"
#include "exec.h"
#include "fs.h"
#include "machine.h"
#include "mm.h"
#include "rtld.h"

#define LD_SO_CACHE		"/etc/ld.so.cache"
#define RTLD_MAX_OBJECTS	256	/* more libraries: ld.so's error */

/* ---- glibc 2.36's x86-64 sizes ---- */
#define MALLOC_ALIGNMENT	16
#define SIZEOF_LINK_MAP		1192	/* sizeof (struct link_map) */
#define SIZEOF_LIBNAME_LIST	24	/* sizeof (struct libname_list) */
#define SIZEOF_AUDITSTATE	16	/* sizeof (struct auditstate) */
#define DL_NNS			16
#define SIZEOF_R_SEARCH_PATH_ELEM 40	/* sizeof (struct r_search_path_elem) */
#define SIZEOF_R_FOUND_VERSION	24	/* sizeof (struct r_found_version) */
#define SIZEOF_DTV_SLOTINFO	16
#define TLS_SLOTINFO_SURPLUS	62
#define DTV_SURPLUS		14
#define TLS_TCB_SIZE		2368	/* sizeof (struct pthread) */
#define TLS_TCB_ALIGN		64
#define TLS_STATIC_SURPLUS	1664	/* with the tunables' defaults */
/*
 * _dl_important_hwcaps()'s allocations: the glibc-hwcaps subdirectory
 * names and the legacy capability strings, measured on an x86-64-v3
 * host (the count decides round_size below: 1 to 5 strings give 2).
 */
#define HWCAPS_ALLOC_BYTES	272
#define HWCAPS_NCAPSTR		4
/* The vDSO's highest version index (LINUX_2.6 is 2). */
#define VDSO_NDX_HIGH		2

/* The default directories, Debian's multiarch ones first (SYSTEM_DIRS). */
static const char *const system_dirs[] = {
	"/lib/x86_64-linux-gnu/", "/usr/lib/x86_64-linux-gnu/",
	"/lib/", "/usr/lib/",
};
#define NSYSTEM_DIRS	(sizeof(system_dirs) / sizeof(system_dirs[0]))

/*
 * struct dl_object - one loaded object: a trimmed struct link_map.
 * @img: its checked headers (and the ranges of the dynamic section,
 *	string table and version sections read into it)
 * @needed: offsets of its DT_NEEDED names in the string table
 */
struct dl_object {
	char *l_name;			/* the path it was opened by */
	const char *libname;		/* the name it was asked for */
	unsigned long l_addr;		/* load bias */
	struct elf_image img;
	bool img_owned;
	unsigned long strtab_off, strsz;
	unsigned long needed[64];
	int nneeded;
	long runpath, rpath, soname;	/* string offsets, -1: none */
	unsigned int ndx_high;		/* highest symbol-version index */
	unsigned long tls_blocksize, tls_align, tls_firstbyte;
	unsigned long relro_addr, relro_size;
	bool is_main, is_rtld, is_vdso;
	struct dl_object *initfini[RTLD_MAX_OBJECTS];	/* its deps (l_initfini) */
	int ninitfini;
	bool visited;
};

/* The loader's state: what rtld.c's globals hold. */
struct rtld {
	struct task_struct *tsk;
	struct machine *m;
	struct dl_object *objs[RTLD_MAX_OBJECTS];	/* load order */
	int nobjs;
	struct dl_object *searchlist[RTLD_MAX_OBJECTS];
	int nlist;
	/* __minimal_malloc() */
	unsigned long alloc_ptr, alloc_end;
	/* the mapped cache */
	unsigned char *cache;
	size_t cache_size;
	unsigned long cache_addr;
	bool cache_tried;
	struct dl_object *rtld;		/* ld.so's own map (GL(dl_rtld_map)) */
	const char *exe_path;		/* the program's path, for its $ORIGIN */
	struct exec_result *res;
};

static int rtld_error(struct rtld *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * rtld_error() - _dl_signal_error() during startup: ld.so prints the
 * message and the process exits with status 127.
 */
static int rtld_error(struct rtld *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->res->rtld_error, sizeof(r->res->rtld_error), fmt, ap);
	va_end(ap);
	r->res->exit_status = 127;
	return 1;
}

/* ---- ld.so's system calls, made into the engine ---- */

static unsigned long rtld_mmap(struct rtld *r, unsigned long addr,
			       unsigned long len, int prot, int flags,
			       struct file *file, unsigned long off)
{
	return vm_mmap(r->tsk, file, addr, len, prot, flags, off);
}

/*
 * __minimal_malloc() - elf/dl-minimal-malloc.c: bump allocation, first
 * in the page after ld.so's .bss, then in anonymous blocks of the size
 * rounded up to pages plus one page; a block that lands right after the
 * last one extends it.
 * Return: the address (in the simulated process), or 0 (-ENOMEM).
 */
static unsigned long __minimal_malloc(struct rtld *r, unsigned long n)
{
	r->alloc_ptr = (r->alloc_ptr + MALLOC_ALIGNMENT - 1) &
		       ~(unsigned long)(MALLOC_ALIGNMENT - 1);
	if (r->alloc_ptr + n >= r->alloc_end || n >= -r->alloc_ptr) {
		unsigned long nup = PAGE_ALIGN(n) + PAGE_SIZE, page;

		page = rtld_mmap(r, 0, nup, PROT_READ | PROT_WRITE,
				 MAP_ANONYMOUS | MAP_PRIVATE, NULL, 0);
		if (IS_ERR_VALUE(page))
			return 0;
		if (page != r->alloc_end)
			r->alloc_ptr = page;
		r->alloc_end = page + nup;
	}
	r->alloc_ptr += n;
	return r->alloc_ptr - n;
}

/* ---- reading an object's dynamic section ---- */

/* The file offset of @vaddr's byte, through the PT_LOAD that maps it. */
static bool vaddr_to_off(const struct elf_image *img, unsigned long vaddr,
			 unsigned long len, unsigned long *off)
{
	size_t i;

	for (i = 0; i < img->phnum; i++) {
		const Elf64_Phdr *p = &img->phdr[i];

		if (p->p_type == PT_LOAD && vaddr >= p->p_vaddr &&
		    vaddr - p->p_vaddr <= p->p_filesz &&
		    len <= p->p_filesz - (vaddr - p->p_vaddr)) {
			*off = vaddr - p->p_vaddr + p->p_offset;
			return true;
		}
	}
	return false;
}

/* A string of the object's string table, or NULL when out of bounds. */
static const char *dl_string(const struct dl_object *l, unsigned long idx)
{
	const char *s;

	if (idx >= l->strsz)
		return NULL;
	s = (const char *)l->img.buf + l->strtab_off + idx;
	return memchr(s, '\0', l->strsz - idx) ? s : NULL;
}

/*
 * copy_from_image - @len bytes of the file at @off into @dst, read first
 * and bounds-checked (an aligned copy: hostile offsets need no alignment).
 */
static int copy_from_image(struct elf_image *img, unsigned long off,
			   void *dst, unsigned long len)
{
	int err = elf_image_read_range(img, off, len);

	if (!err)
		memcpy(dst, img->buf + off, len);
	return err;
}

/*
 * dl_read_versions() - the highest symbol-version index the object uses
 * or defines (_dl_check_map_versions()'s ndx_high), walking DT_VERNEED
 * and DT_VERDEF with every link checked against the file.
 */
static int dl_read_versions(struct dl_object *l, unsigned long verneed,
			    unsigned long verneednum, unsigned long verdef,
			    unsigned long verdefnum)
{
	struct elf_image *img = &l->img;
	unsigned long off, cnt;
	int err;

	if (verneed && vaddr_to_off(img, verneed, sizeof(Elf64_Verneed), &off)) {
		for (cnt = 0; cnt < verneednum && cnt < 4096; cnt++) {
			Elf64_Verneed vn;
			unsigned long aoff;
			unsigned int a;

			err = copy_from_image(img, off, &vn, sizeof(vn));
			if (err)
				return err;
			aoff = off + vn.vn_aux;
			for (a = 0; a < vn.vn_cnt && a < 4096; a++) {
				Elf64_Vernaux aux;

				err = copy_from_image(img, aoff, &aux, sizeof(aux));
				if (err)
					return err;
				if ((aux.vna_other & 0x7fffU) > l->ndx_high)
					l->ndx_high = aux.vna_other & 0x7fff;
				if (!aux.vna_next)
					break;
				aoff += aux.vna_next;
			}
			if (!vn.vn_next)
				break;
			off += vn.vn_next;
		}
	}
	if (verdef && vaddr_to_off(img, verdef, sizeof(Elf64_Verdef), &off)) {
		for (cnt = 0; cnt < verdefnum && cnt < 4096; cnt++) {
			Elf64_Verdef vd;

			err = copy_from_image(img, off, &vd, sizeof(vd));
			if (err)
				return err;
			if ((vd.vd_ndx & 0x7fffU) > l->ndx_high)
				l->ndx_high = vd.vd_ndx & 0x7fff;
			if (!vd.vd_next)
				break;
			off += vd.vd_next;
		}
	}
	return 0;
}

/*
 * dl_read_dynamic() - what the loader takes from an object's program
 * headers and dynamic section: TLS, RELRO, DT_NEEDED, DT_RUNPATH,
 * DT_RPATH, DT_SONAME and the version sections. Hostile input: every
 * offset is checked. Return: 0, -ENOEXEC (malformed), -errno.
 */
static int dl_read_dynamic(struct dl_object *l)
{
	struct elf_image *img = &l->img;
	unsigned long dyn_off = 0, dyn_size = 0, strtab = 0, i, n;
	unsigned long verneed = 0, verneednum = 0, verdef = 0, verdefnum = 0;
	Elf64_Dyn *dyn = NULL;
	int err;

	l->runpath = l->rpath = l->soname = -1;
	for (i = 0; i < img->phnum; i++) {
		const Elf64_Phdr *p = &img->phdr[i];

		switch (p->p_type) {
		case PT_DYNAMIC:
			dyn_off = p->p_offset;
			dyn_size = p->p_filesz;
			break;
		case PT_TLS:
			if (p->p_memsz) {
				l->tls_blocksize = p->p_memsz;
				l->tls_align = p->p_align ? p->p_align : 1;
				l->tls_firstbyte = p->p_vaddr &
						   (l->tls_align - 1);
			}
			break;
		case PT_GNU_RELRO:
			l->relro_addr = p->p_vaddr;
			l->relro_size = p->p_memsz;
			break;
		}
	}
	if (!dyn_size)
		return 0;
	if (dyn_size > 65536)
		return -ENOEXEC;
	err = elf_image_read_range(img, dyn_off, dyn_size);
	if (err)
		return err;
	/* A copy of its own: p_offset need not be aligned in a hostile file. */
	n = dyn_size / sizeof(*dyn);
	dyn = malloc(n * sizeof(*dyn) + 1);
	if (!dyn)
		return -ENOMEM;
	memcpy(dyn, img->buf + dyn_off, n * sizeof(*dyn));
	for (i = 0; i < n && dyn[i].d_tag != DT_NULL; i++) {
		switch (dyn[i].d_tag) {
		case DT_STRTAB: strtab = dyn[i].d_un.d_ptr; break;
		case DT_STRSZ: l->strsz = dyn[i].d_un.d_val; break;
		case DT_VERNEED: verneed = dyn[i].d_un.d_ptr; break;
		case DT_VERNEEDNUM: verneednum = dyn[i].d_un.d_val; break;
		case DT_VERDEF: verdef = dyn[i].d_un.d_ptr; break;
		case DT_VERDEFNUM: verdefnum = dyn[i].d_un.d_val; break;
		}
	}
	if (strtab) {
		err = -ENOEXEC;
		if (!vaddr_to_off(img, strtab, l->strsz, &l->strtab_off) ||
		    (err = elf_image_read_range(img, l->strtab_off, l->strsz)))
			goto out_free;
	}
	for (i = 0; i < n && dyn[i].d_tag != DT_NULL; i++) {
		unsigned long v = dyn[i].d_un.d_val;

		err = -ENOEXEC;
		if ((dyn[i].d_tag == DT_NEEDED || dyn[i].d_tag == DT_RUNPATH ||
		     dyn[i].d_tag == DT_RPATH || dyn[i].d_tag == DT_SONAME) &&
		    !dl_string(l, v))
			goto out_free;
		switch (dyn[i].d_tag) {
		case DT_NEEDED:
			if (l->nneeded == (int)(sizeof(l->needed) /
						sizeof(l->needed[0])))
				goto out_free;
			l->needed[l->nneeded++] = v;
			break;
		case DT_RUNPATH: l->runpath = (long)v; break;
		case DT_RPATH: l->rpath = (long)v; break;
		case DT_SONAME: l->soname = (long)v; break;
		}
	}
	err = dl_read_versions(l, verneed, verneednum, verdef, verdefnum);
out_free:
	free(dyn);
	return err;
}

/* ---- finding and mapping one library ---- */

/*
 * _dl_new_object() - the link_map's allocation: struct link_map, audit
 * state (room for every namespace for the program and the vDSO, whose
 * maps exist before the audit modules are known), a scope entry, the
 * libname_list and the name; for an object with a path, its origin
 * (the path with the file name cut off).
 */
static int _dl_new_object(struct rtld *r, const char *realname,
			  const char *libname, bool exec_or_vdso)
{
	unsigned long audit = exec_or_vdso ? DL_NNS * SIZEOF_AUDITSTATE : 0;

	if (!__minimal_malloc(r, SIZEOF_LINK_MAP + audit + 8 +
			      SIZEOF_LIBNAME_LIST + strlen(libname) + 1))
		return -ENOMEM;
	if (realname[0] && !__minimal_malloc(r, strlen(realname) + 1))
		return -ENOMEM;
	return 0;
}

/* The cache, mapped on first use (_dl_load_cache_lookup()). */
static int rtld_map_cache(struct rtld *r)
{
	struct file *file;
	long long size, pos = 0;
	unsigned long addr;

	r->cache_tried = true;
	if (filp_open(r->m, LD_SO_CACHE, O_RDONLY, 0, &file))
		return 0;		/* no cache: the default directories */
	size = i_size_read(file_inode(file));
	if (size <= 0 || size > (64L << 20)) {
		fput(r->m, file);
		return 0;
	}
	addr = rtld_mmap(r, 0, (unsigned long)size, PROT_READ, MAP_PRIVATE,
			 file, 0);
	if (IS_ERR_VALUE(addr)) {
		fput(r->m, file);
		return (int)addr;
	}
	r->cache = malloc((size_t)size);
	if (!r->cache || kernel_read(file, r->cache, (size_t)size, &pos) !=
	    size || !dl_cache_valid(r->cache, (size_t)size)) {
		/* Not a cache ld.so reads: it unmaps it at once. */
		free(r->cache);
		r->cache = NULL;
		sys_munmap(r->tsk, addr, PAGE_ALIGN((unsigned long)size));
	} else {
		r->cache_size = (size_t)size;
		r->cache_addr = addr;
	}
	fput(r->m, file);
	return 0;
}

/* Try to open @dir/@name (or @name); on success *@path is malloc()ed. */
static struct file *open_in_dir(struct rtld *r, const char *dir, size_t len,
				const char *name, char **path)
{
	struct file *file;
	char *p = malloc(len + strlen(name) + 2);

	if (!p)
		return NULL;
	memcpy(p, dir, len);
	if (len && p[len - 1] != '/')
		p[len++] = '/';
	strcpy(p + len, name);
	if (filp_open(r->m, p, O_RDONLY, 0, &file)) {
		free(p);
		return NULL;
	}
	if (!S_ISREG(file_inode(file)->i_mode)) {
		fput(r->m, file);
		free(p);
		return NULL;
	}
	*path = p;
	return file;
}

/*
 * open_path() - try each directory of a colon-separated list (DT_RUNPATH,
 * DT_RPATH), $ORIGIN replaced by the loader's directory.
 */
static struct file *open_path(struct rtld *r, const char *list,
			      const struct dl_object *loader,
			      const char *name, char **path)
{
	const char *p = list;

	while (*p) {
		const char *end = strchrnul(p, ':');
		char dir[4096];
		size_t len = 0;
		struct file *f;

		if (!strncmp(p, "$ORIGIN", 7) || !strncmp(p, "${ORIGIN}", 9)) {
			/* The program's origin is where it was run from. */
			const char *o = loader->is_main ? r->exe_path :
					loader->l_name;
			const char *slash = strrchr(o, '/');
			size_t skip = p[1] == '{' ? 9 : 7;

			if (slash && (size_t)(slash - o) < sizeof(dir)) {
				len = (size_t)(slash - o);
				memcpy(dir, o, len);
			}
			if ((size_t)(end - p) - skip + len < sizeof(dir)) {
				memcpy(dir + len, p + skip, (size_t)(end - p) - skip);
				len += (size_t)(end - p) - skip;
			}
		} else if ((size_t)(end - p) < sizeof(dir)) {
			len = (size_t)(end - p);
			memcpy(dir, p, len);
		}
		f = len ? open_in_dir(r, dir, len, name, path) : NULL;
		if (f)
			return f;
		p = *end ? end + 1 : end;
	}
	return NULL;
}

/*
 * _dl_map_segments() - elf/dl-map-segments.h for an ET_DYN object: the
 * whole span [first mapstart, last allocend) reserved with the first
 * segment's protection, the gap between segments PROT_NONE, then each
 * further segment MAP_FIXED, and each segment's bss: the tail of its
 * last file page zeroed (a store), whole pages beyond mapped anonymous.
 */
static int _dl_map_segments(struct rtld *r, struct dl_object *l,
			    struct file *file)
{
	const struct elf_image *img = &l->img;
	struct { unsigned long mapstart, mapend, dataend, allocend, mapoff;
		 int prot; } c[64];
	unsigned long maplength, start;
	int n = 0, i;
	bool has_holes = false;
	size_t k;

	for (k = 0; k < img->phnum; k++) {
		const Elf64_Phdr *p = &img->phdr[k];

		if (p->p_type != PT_LOAD)
			continue;
		if (n == (int)(sizeof(c) / sizeof(c[0])))
			return -ENOEXEC;
		c[n].mapstart = p->p_vaddr & PAGE_MASK;
		c[n].mapend = PAGE_ALIGN(p->p_vaddr + p->p_filesz);
		c[n].dataend = p->p_vaddr + p->p_filesz;
		c[n].allocend = p->p_vaddr + p->p_memsz;
		c[n].mapoff = p->p_offset & PAGE_MASK;
		c[n].prot = (p->p_flags & PF_R ? PROT_READ : 0) |
			    (p->p_flags & PF_W ? PROT_WRITE : 0) |
			    (p->p_flags & PF_X ? PROT_EXEC : 0);
		if (n && c[n - 1].mapend != c[n].mapstart)
			has_holes = true;
		n++;
	}
	maplength = c[n - 1].allocend - c[0].mapstart;
	start = rtld_mmap(r, 0, maplength, c[0].prot, MAP_PRIVATE, file,
			  c[0].mapoff);
	if (IS_ERR_VALUE(start))
		return (int)start;
	l->l_addr = start - c[0].mapstart;
	if (has_holes && c[n - 1].mapstart > c[0].mapend &&
	    sys_mprotect(r->tsk, l->l_addr + c[0].mapend,
			 c[n - 1].mapstart - c[0].mapend, PROT_NONE))
		return -ENOMEM;

	for (i = 0; i < n; i++) {
		if (i && c[i].mapend > c[i].mapstart &&
		    IS_ERR_VALUE(rtld_mmap(r, l->l_addr + c[i].mapstart,
					   c[i].mapend - c[i].mapstart,
					   c[i].prot, MAP_FIXED | MAP_PRIVATE,
					   file, c[i].mapoff)))
			return -ENOMEM;
		/* _dl_postprocess_loadcmd(), then the zero fill. */
		if (c[i].allocend > c[i].dataend) {
			unsigned long zero = l->l_addr + c[i].dataend;
			unsigned long zeroend = l->l_addr + c[i].allocend;
			unsigned long zeropage = PAGE_ALIGN(zero);

			if (zeroend < zeropage)
				zeropage = zeroend;
			if (zeropage > zero) {
				static const char zeroes[PAGE_SIZE];
				bool ro = !(c[i].prot & PROT_WRITE);

				if (ro && sys_mprotect(r->tsk, zero & PAGE_MASK,
						       PAGE_SIZE,
						       c[i].prot | PROT_WRITE))
					return -ENOMEM;
				access_remote_vm(r->tsk->mm, zero, (void *)zeroes,
						 zeropage - zero, FOLL_WRITE);
				if (ro)
					sys_mprotect(r->tsk, zero & PAGE_MASK,
						     PAGE_SIZE, c[i].prot);
			}
			if (zeroend > zeropage &&
			    IS_ERR_VALUE(rtld_mmap(r, zeropage, zeroend - zeropage,
						   c[i].prot, MAP_ANONYMOUS |
						   MAP_PRIVATE | MAP_FIXED,
						   NULL, 0)))
				return -ENOMEM;
		}
	}
	return 0;
}

/* Is @name already loaded (_dl_name_match_p(), or its DT_SONAME)? */
static struct dl_object *dl_find_loaded(struct rtld *r, const char *name)
{
	int i;

	/* ld.so answers to its PT_INTERP path and its soname. */
	if (!strcmp(name, r->rtld->l_name) ||
	    (r->rtld->soname >= 0 &&
	     !strcmp(name, dl_string(r->rtld, r->rtld->soname))))
		return r->rtld;

	for (i = 0; i < r->nobjs; i++) {
		struct dl_object *l = r->objs[i];
		const char *soname = l->soname >= 0 ? dl_string(l, l->soname) : NULL;

		if (l->is_main || l->is_vdso)
			continue;
		if (!strcmp(name, l->l_name) || !strcmp(name, l->libname) ||
		    (soname && !strcmp(name, soname)))
			return l;
	}
	return NULL;
}

static ssize_t file_reader(void *ctx, void *buf, size_t len, long long pos)
{
	return kernel_read(ctx, buf, len, &pos);
}

/*
 * _dl_map_object() - find @name for @loader and map it (elf/dl-load.c).
 * Return: 0 with *@out set; 1 after rtld_error() (ld.so would exit);
 * -ENOMEM.
 */
static int _dl_map_object(struct rtld *r, struct dl_object *loader,
			  const char *name, struct dl_object **out)
{
	struct dl_object *l = dl_find_loaded(r, name);
	struct file *file = NULL;
	char *path = NULL;
	enum elf_bad why;
	int err;

	if (l) {
		*out = l;
		return 0;
	}
	if (strchr(name, '/')) {
		file = open_in_dir(r, "", 0, name, &path);
	} else {
		const char *runpath = loader->runpath >= 0 ?
				      dl_string(loader, loader->runpath) : NULL;
		const char *rpath = loader->rpath >= 0 && !runpath ?
				    dl_string(loader, loader->rpath) : NULL;

		if (rpath)
			file = open_path(r, rpath, loader, name, &path);
		if (!file && runpath)
			file = open_path(r, runpath, loader, name, &path);
		if (!file) {
			const char *cached;

			if (!r->cache_tried && (err = rtld_map_cache(r)))
				return err;
			cached = r->cache ? _dl_load_cache_lookup(r->cache,
						r->cache_size, name) : NULL;
			if (cached) {
				/* The cache's answer is strdup()ed. */
				if (!__minimal_malloc(r, strlen(cached) + 1))
					return -ENOMEM;
				file = open_in_dir(r, "", 0, cached, &path);
			}
		}
		for (size_t i = 0; !file && i < NSYSTEM_DIRS; i++)
			file = open_in_dir(r, system_dirs[i],
					   strlen(system_dirs[i]), name, &path);
	}
	if (!file)
		return rtld_error(r, "error while loading shared libraries: %s: "
				  "cannot open shared object file: No such file "
				  "or directory", name);
	if (r->nobjs >= RTLD_MAX_OBJECTS - 1) {
		fput(r->m, file);
		free(path);
		return rtld_error(r, "too many shared objects");
	}
	l = calloc(1, sizeof(*l));
	if (!l) {
		fput(r->m, file);
		free(path);
		return -ENOMEM;
	}
	l->l_name = path;
	l->libname = name;
	l->img_owned = true;
	r->objs[r->nobjs++] = l;
	{
		struct elf_reader rd = { file_reader, file,
					 i_size_read(file_inode(file)) };

		err = elf_image_read(&l->img, &rd, &why);
	}
	if (!err && l->img.ehdr->e_type != ET_DYN)
		err = -ENOEXEC, why = ELF_BAD_TYPE;
	if (!err)
		err = dl_read_dynamic(l);
	if (err) {
		fput(r->m, file);
		if (err == -ENOMEM)
			return err;
		return rtld_error(r, "error while loading shared libraries: %s: "
				  "invalid ELF header (%s)", name,
				  err == -ENOEXEC ? elf_bad_str(why) : strerror(-err));
	}
	err = _dl_new_object(r, path, name, false);
	if (!err)
		err = _dl_map_segments(r, l, file);
	fput(r->m, file);
	if (err)
		return err == -ENOEXEC ? rtld_error(r, "%s: cannot map", name) : err;
	*out = l;
	return 0;
}

/*
 * _dl_map_object_deps() - breadth first from the program: each object's
 * DT_NEEDED in order, each found library's own after; each object with
 * dependencies gets its l_initfini list, the program its search list.
 */
static int _dl_map_object_deps(struct rtld *r, struct dl_object *main_map)
{
	int head = 0, i, err;

	r->searchlist[r->nlist++] = main_map;
	while (head < r->nlist) {
		struct dl_object *l = r->searchlist[head++];

		for (i = 0; i < l->nneeded; i++) {
			struct dl_object *dep = NULL;
			int j;

			err = _dl_map_object(r, l, dl_string(l, l->needed[i]), &dep);
			if (err)
				return err;
			for (j = 0; j < r->nlist && r->searchlist[j] != dep; j++)
				;
			if (j == r->nlist)
				r->searchlist[r->nlist++] = dep;
			for (j = 0; j < l->ninitfini && l->initfini[j] != dep; j++)
				;
			if (j == l->ninitfini)
				l->initfini[l->ninitfini++] = dep;
		}
		if (l != main_map && l->nneeded &&
		    !__minimal_malloc(r, (2 * (l->ninitfini + 1) + 1) * 8))
			return -ENOMEM;
	}
	if (!__minimal_malloc(r, (2 * r->nlist + 1) * 8))
		return -ENOMEM;
	return 0;
}

/*
 * _dl_sort_maps_dfs() - the relocation order: reverse post-order of a
 * depth-first walk from the end of the search list (glibc 2.36's
 * default, glibc.rtld.dynamic_sort=2), the program kept first.
 */
static void _dl_sort_maps_dfs(struct rtld *r, struct dl_object **out)
{
	int head = r->nlist, i;

	for (i = 0; i < r->nlist; i++)
		r->searchlist[i]->visited = false;
	for (i = r->nlist - 1; i >= 0; i--) {
		/* An explicit stack would be neater; the depth is small. */
		struct dl_object *stack[RTLD_MAX_OBJECTS];
		int sp = 0, idx[RTLD_MAX_OBJECTS];

		if (r->searchlist[i]->visited)
			continue;
		stack[sp] = r->searchlist[i];
		idx[sp++] = 0;
		stack[0]->visited = true;
		while (sp) {
			struct dl_object *l = stack[sp - 1];

			if (!l->is_main && idx[sp - 1] < l->ninitfini) {
				struct dl_object *dep = l->initfini[idx[sp - 1]++];

				if (!dep->visited && !dep->is_main) {
					dep->visited = true;
					stack[sp] = dep;
					idx[sp++] = 0;
				}
				continue;
			}
			out[--head] = l;
			sp--;
		}
	}
}

/*
 * _dl_protect_relro() - mprotect the object's PT_GNU_RELRO pages
 * read-only, the pages wholly inside it.
 */
static int _dl_protect_relro(struct rtld *r, struct dl_object *l)
{
	unsigned long start = (l->l_addr + l->relro_addr) & PAGE_MASK;
	unsigned long end = (l->l_addr + l->relro_addr + l->relro_size) &
			    PAGE_MASK;

	if (!l->relro_size || start == end)
		return 0;
	return sys_mprotect(r->tsk, start, end - start, PROT_READ);
}

/*
 * init_tls() - the TLS module list (dtv_slotinfo_list), the static TLS
 * offsets (_dl_determine_tlsoffset() for TLS_TCB_AT_TP), the initial
 * thread's static TLS block with its TCB (_dl_allocate_tls_storage())
 * and its DTV (allocate_dtv()).
 */
static int init_tls(struct rtld *r)
{
	unsigned long offset = 0, freetop = 0, freebottom = 0, max_align = TLS_TCB_ALIGN;
	unsigned long static_size;
	int i, nmod = 0;

	for (i = 0; i < r->nobjs; i++)
		if (r->objs[i]->tls_blocksize)
			nmod++;
	if (!__minimal_malloc(r, 16 + (unsigned long)(nmod + 1 + TLS_SLOTINFO_SURPLUS) *
			      SIZEOF_DTV_SLOTINFO))
		return -ENOMEM;
	for (i = 0; i < r->nobjs; i++) {
		struct dl_object *l = r->objs[i];
		unsigned long firstbyte, off, align = l->tls_align;

		if (!l->tls_blocksize)
			continue;
		firstbyte = -l->tls_firstbyte & (align - 1);
		if (align > max_align)
			max_align = align;
		if (freebottom - freetop >= l->tls_blocksize) {
			off = ((freetop + l->tls_blocksize - firstbyte + align - 1) /
			       align) * align + firstbyte;
			if (off <= freebottom) {
				freetop = off;
				continue;
			}
		}
		off = ((offset + l->tls_blocksize - firstbyte + align - 1) /
		       align) * align + firstbyte;
		if (off > offset + l->tls_blocksize + (freebottom - freetop)) {
			freetop = offset;
			freebottom = off - l->tls_blocksize;
		}
		offset = off;
	}
	static_size = ((offset + TLS_STATIC_SURPLUS + max_align - 1) /
		       max_align) * max_align + TLS_TCB_SIZE;
	if (!__minimal_malloc(r, static_size + max_align + sizeof(void *)))
		return -ENOMEM;
	if (!__minimal_malloc(r, (unsigned long)(nmod + DTV_SURPLUS + 2) * 16))
		return -ENOMEM;
	return 0;
}

/* The object for an already-mapped ELF (the program, ld.so). */
static int dl_object_of(struct rtld *r, struct elf_image *img,
			unsigned long l_addr, const char *name,
			struct dl_object **out)
{
	struct dl_object *l = calloc(1, sizeof(*l));
	int err;

	if (!l)
		return -ENOMEM;
	l->l_name = strdup(name);
	l->libname = name;
	l->l_addr = l_addr;
	l->img = *img;			/* borrowed from the binprm */
	r->objs[r->nobjs++] = l;
	*out = l;
	if (!l->l_name)
		return -ENOMEM;
	err = dl_read_dynamic(l);
	*img = l->img;			/* it may have grown */
	return err;
}

static void rtld_free(struct rtld *r)
{
	int i;

	for (i = 0; i < r->nobjs; i++) {
		if (r->objs[i]->img_owned)
			elf_image_free(&r->objs[i]->img);
		free(r->objs[i]->l_name);
		free(r->objs[i]);
	}
	free(r->cache);
}

/**
 * dl_main() - see rtld.h.
 */
int dl_main(struct task_struct *tsk, struct linux_binprm *bprm,
	    struct exec_result *res)
{
	struct rtld r = { .tsk = tsk, .m = tsk->machine, .res = res,
			  .exe_path = bprm->filename };
	struct dl_object *main_map = NULL, *rtld_map = NULL;
	struct dl_object *order[RTLD_MAX_OBJECTS];
	unsigned long end = 0;
	size_t k;
	int err, i;

	if (!bprm->interpreter)
		return 0;		/* a static program: no loader */

	/* The minimal malloc starts after ld.so's .bss (&_end). */
	for (k = 0; k < bprm->interp_img.phnum; k++) {
		const Elf64_Phdr *p = &bprm->interp_img.phdr[k];

		if (p->p_type == PT_LOAD && p->p_vaddr + p->p_memsz > end)
			end = p->p_vaddr + p->p_memsz;
	}
	r.alloc_ptr = bprm->interp_load_addr + end;
	r.alloc_end = PAGE_ALIGN(r.alloc_ptr);

	/* The program's link_map, then the vDSO's (setup_vdso()). */
	err = dl_object_of(&r, &bprm->img, bprm->load_bias, "", &main_map);
	if (err == -ENOEXEC) {
		rtld_error(&r, "%s: malformed dynamic section", bprm->filename);
		err = 0;
		goto out;
	}
	if (err)
		goto out;
	main_map->is_main = true;
	err = _dl_new_object(&r, "", "", true);
	if (err)
		goto out;
	if (tsk->machine->cfg.cpu.vdso_pages) {
		err = _dl_new_object(&r, "", "", true);
		if (err)
			goto out;
	}
	/* _dl_init_paths(): the hwcaps strings and the system directories. */
	if (!__minimal_malloc(&r, HWCAPS_ALLOC_BYTES) ||
	    !__minimal_malloc(&r, (NSYSTEM_DIRS + 1) * sizeof(void *)) ||
	    !__minimal_malloc(&r, NSYSTEM_DIRS * SIZEOF_R_SEARCH_PATH_ELEM *
			      ((2 * SIZEOF_R_SEARCH_PATH_ELEM - 1 +
				HWCAPS_NCAPSTR * sizeof(int)) /
			       SIZEOF_R_SEARCH_PATH_ELEM))) {
		err = -ENOMEM;
		goto out;
	}

	/* ld.so itself, found by its name by the libraries that need it. */
	err = dl_object_of(&r, &bprm->interp_img, bprm->interp_load_addr,
			   bprm->interp_path, &rtld_map);
	if (err == -ENOEXEC) {
		rtld_error(&r, "%s: malformed dynamic section", bprm->interp_path);
		err = 0;
		goto out;
	}
	if (err)
		goto out;
	rtld_map->is_rtld = true;
	r.rtld = rtld_map;
	r.nobjs--;			/* off the chain while loading */

	err = _dl_map_object_deps(&r, main_map);
	if (err || res->exit_status)
		goto out;
	/*
	 * The chain (l_next) is the load order; ld.so goes back in after
	 * the object before it in the search list, when a library needs
	 * it (rtld_multiple_ref), and is left off otherwise.
	 */
	for (i = 0; i < r.nlist && r.searchlist[i] != rtld_map; i++)
		;
	if (i < r.nlist) {
		int j, at;

		for (at = 0; at < r.nobjs && r.objs[at] != r.searchlist[i - 1]; at++)
			;
		for (j = r.nobjs; j > at + 1; j--)
			r.objs[j] = r.objs[j - 1];
		r.objs[at + 1] = rtld_map;
		r.nobjs++;
	}

	/* _dl_check_all_versions(): main, the vDSO, then the chain. */
	for (i = 0; i < r.nobjs; i++) {
		struct dl_object *l = r.objs[i];

		if (l->ndx_high &&
		    !__minimal_malloc(&r, (l->ndx_high + 1UL) * SIZEOF_R_FOUND_VERSION)) {
			err = -ENOMEM;
			goto out;
		}
		if (l == main_map && tsk->machine->cfg.cpu.vdso_pages &&
		    !__minimal_malloc(&r, (VDSO_NDX_HIGH + 1) * SIZEOF_R_FOUND_VERSION)) {
			err = -ENOMEM;
			goto out;
		}
	}
	err = init_tls(&r);
	if (err)
		goto out;

	/* Relocation, in reverse initialization order; ld.so last. */
	_dl_sort_maps_dfs(&r, order);
	for (i = r.nlist - 1; i >= 0; i--) {
		if (order[i] == rtld_map)
			continue;
		err = _dl_protect_relro(&r, order[i]);
		if (err)
			goto out;
	}
	err = _dl_protect_relro(&r, rtld_map);
	if (err)
		goto out;

	/* _dl_unload_cache() */
	if (r.cache_addr)
		sys_munmap(tsk, r.cache_addr, PAGE_ALIGN(r.cache_size));
out:
	if (rtld_map && r.objs[r.nobjs - 1] != rtld_map) {
		/* freed with the others */
		bool on = false;

		for (i = 0; i < r.nobjs; i++)
			on |= r.objs[i] == rtld_map;
		if (!on)
			r.objs[r.nobjs++] = rtld_map;
	}
	rtld_free(&r);
	if (res->exit_status) {
		/* ld.so's _exit(127). */
		do_group_exit(tsk, (127 & 0xff) << 8);
		return 0;
	}
	return err;
}
