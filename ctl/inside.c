/*
 * inside.c - the commands that show the engine's structures as the
 * kernel's debugging tools print them: `vtop ADDR` (the crash utility's
 * vtop on x86-64: x86_64_uvtop_level4(), x86_64_translate_pte(),
 * vm_area_dump() and dump_mem_map_SPARSEMEM() of crash's x86_64.c and
 * memory.c) and `page PFN` (mm/debug.c's dump_page()). They read the
 * machine and change nothing; the engine gives the walk
 * (walk_page_table_path()), this file the layout.
 *
 * Kernel addresses are procfs/kaddr.h's, which the struct views share
 * (a struct page at its vmemmap address, a VMA at its slab's frame, an
 * anon_vma by its serial, an address_space by its inode); a table is at
 * PFN * 4096, as crash prints physical addresses.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "ctl.h"
#include "internal.h"
#include "../procfs/kaddr.h"
#include "../procfs/seq_buf.h"
#include "../vm/machine.h"
#include "../vm/mm.h"
#include "../vm/pagemap.h"
#include "../vm/pagewalk.h"
#include "../vm/pgtable.h"
#include "../vm/slab.h"

#define _PAGE_PWT	(1ULL << _PAGE_BIT_PWT)
#define _PAGE_PCD	(1ULL << _PAGE_BIT_PCD)
#define _PAGE_PSE	(1ULL << _PAGE_BIT_PSE)
#define _PAGE_GLOBAL	(1ULL << _PAGE_BIT_GLOBAL)

/* crash's column widths on x86-64 (defs.h) and space(MINSPACE). */
#define UVADDR_PRLEN	10
#define VADDR_PRLEN	16

/*
 * Linux 6.18's enum pageflags, the bits struct page shows in dump_page()
 * and crash: the engine's PG_* (vm/page_alloc.h) are numbered its own way.
 */
enum {
	K_PG_locked, K_PG_writeback, K_PG_referenced, K_PG_uptodate,
	K_PG_dirty, K_PG_lru, K_PG_head, K_PG_waiters, K_PG_active,
	K_PG_workingset, K_PG_owner_priv_1, K_PG_owner_2, K_PG_arch_1,
	K_PG_reserved, K_PG_private, K_PG_private_2, K_PG_reclaim,
	K_PG_swapbacked, K_PG_unevictable, K_PG_dropbehind, K_PG_mlocked,
	K_PG_hwpoison, K_PG_young, K_PG_idle,
};

static const signed char kernel_bit[__NR_PAGEFLAGS] = {
	[PG_locked] = K_PG_locked,
	[PG_referenced] = K_PG_referenced,
	[PG_uptodate] = K_PG_uptodate,
	[PG_dirty] = K_PG_dirty,
	[PG_lru] = K_PG_lru,
	[PG_active] = K_PG_active,
	[PG_reserved] = K_PG_reserved,
	[PG_swapbacked] = K_PG_swapbacked,
	[PG_anon_exclusive] = K_PG_owner_2,	/* PG_anon_exclusive */
	[PG_young] = K_PG_young,
	[PG_idle] = K_PG_idle,
	[PG_mlocked] = K_PG_mlocked,
	[PG_unevictable] = K_PG_unevictable,
	[PG_writeback] = K_PG_writeback,
	[PG_readahead] = K_PG_reclaim,		/* PG_readahead */
	[PG_mappedtodisk] = K_PG_owner_2,	/* PG_mappedtodisk */
	[PG_swapcache] = K_PG_owner_priv_1,	/* PG_swapcache */
};

/* include/trace/events/mmflags.h's pageflag_names[], in its order. */
static const struct { int bit; const char *name; } pageflag_names[] = {
	{ K_PG_locked, "locked" }, { K_PG_waiters, "waiters" },
	{ K_PG_referenced, "referenced" }, { K_PG_uptodate, "uptodate" },
	{ K_PG_dirty, "dirty" }, { K_PG_lru, "lru" },
	{ K_PG_active, "active" }, { K_PG_workingset, "workingset" },
	{ K_PG_owner_priv_1, "owner_priv_1" }, { K_PG_owner_2, "owner_2" },
	{ K_PG_arch_1, "arch_1" }, { K_PG_reserved, "reserved" },
	{ K_PG_private, "private" }, { K_PG_private_2, "private_2" },
	{ K_PG_writeback, "writeback" }, { K_PG_head, "head" },
	{ K_PG_reclaim, "reclaim" }, { K_PG_swapbacked, "swapbacked" },
	{ K_PG_unevictable, "unevictable" }, { K_PG_dropbehind, "dropbehind" },
	{ K_PG_mlocked, "mlocked" }, { K_PG_hwpoison, "hwpoison" },
	{ K_PG_idle, "idle" }, { K_PG_young, "young" },
};

/* The machine's one zone is ZONE_NORMAL of node 0 (zoneinfo). */
#define PAGE_NODE	0
#define PAGE_ZONE	2

/* kernel_page_flags() - @page's flags with Linux 6.18's bit numbers. */
static unsigned long kernel_page_flags(const struct page *page)
{
	unsigned long flags = 0;

	for (int i = 0; i < __NR_PAGEFLAGS; i++)
		if (page->flags & (1UL << i))
			flags |= 1UL << kernel_bit[i];
	return flags;
}

/* The kernel's page_type byte and page_type_name() (6.18's PGTY_*). */
static bool kernel_page_type(const struct page *page, unsigned int *type,
			     const char **name)
{
	switch (page->page_type) {
	case PGTY_buddy:
		*type = 0xf0, *name = "buddy";
		return true;
	case PGTY_table:
		*type = 0xf2, *name = "table";
		return true;
	case PGTY_slab:
		*type = 0xf5, *name = "slab";
		return true;
	default:
		return false;	/* the zero page is PG_reserved, untyped */
	}
}

/* page_mapping_word() - page->mapping as the kernel's word would read. */
static unsigned long page_mapping_word(const struct page *page)
{
	struct anon_vma *av = page_anon_vma(page);

	if (PageBuddy(page) || PageTable(page) || PageSlab(page))
		return 0;
	if (av)
		return kaddr_anon_vma(av) | PAGE_MAPPING_ANON;
	if (page->mapping)
		return kaddr_mapping(page->mapping->host->i_ino);
	return 0;
}

/* page_lru_name() - folio_lru_list()'s list, by trace's lru names. */
static const char *page_lru_name(const struct page *page)
{
	if (!PageLRU(page))
		return "none";
	if (PageUnevictable(page))
		return "unevictable";
	if (PageSwapBacked(page))
		return PageActive(page) ? "active_anon" : "inactive_anon";
	return PageActive(page) ? "active_file" : "inactive_file";
}

/**
 * cmd_page() - `page PFN`: frame PFN's struct page in dump_page()'s
 * layout (see mmsim(7), GLOBAL COMMANDS, page):
 *   page: refcount:R mapcount:M mapping:WORD index:0xI pfn:0xP
 *   anon_vma:ADDR root:ADDR parent:ADDR refcount:N serial:S   (anon)
 *   aops:NAME ino:INO                                          (file)
 *   [anon ]flags: 0xF(names|node=0|zone=2)
 *   page_type: T(NAME)                                         (typed)
 *   lru: LIST
 * Return: 0, or -EINVAL for a PFN beyond the last frame.
 */
int cmd_page(struct ctl_call *c)
{
	unsigned long pfn = c->args->v[0].u, kflags;
	struct seq_buf *s = c->reply;
	struct anon_vma *av;
	struct page *page;
	const char *type_name = NULL;
	unsigned int type = 0;
	bool typed, first = true;
	int mapcount, err;

	err = ctl_pfn_arg(c, pfn, &page);
	if (err)
		return err;
	typed = kernel_page_type(page, &type, &type_name);
	/* A typed page's _mapcount holds its type: dump_page() shows 0. */
	mapcount = typed ? 0 : page_mapcount(page);
	seq_printf(s, "page: refcount:%d mapcount:%d mapping:%016lx index:0x%lx pfn:0x%lx\n",
		   page_ref_count(page), mapcount, page_mapping_word(page),
		   typed ? 0UL : page->index, pfn);
	av = typed ? NULL : page_anon_vma(page);
	if (av)
		seq_printf(s, "anon_vma:%016lx root:%016lx parent:%016lx refcount:%d serial:%lu\n",
			   kaddr_anon_vma(av), kaddr_anon_vma(av->root),
			   kaddr_anon_vma(av->parent), av->refcount,
			   av->serial);
	else if (!typed && page->mapping)
		seq_printf(s, "aops:%s ino:%lx\n",
			   page->mapping->a_ops == &shmem_aops ? "shmem_aops" :
			   "overlay_aops", page->mapping->host->i_ino);
	kflags = kernel_page_flags(page);
	seq_printf(s, "%sflags: 0x%lx(", av ? "anon " : "", kflags);
	for (size_t i = 0; i < sizeof(pageflag_names) / sizeof(pageflag_names[0]); i++) {
		if (!(kflags & (1UL << pageflag_names[i].bit)))
			continue;
		seq_printf(s, "%s%s", first ? "" : "|", pageflag_names[i].name);
		first = false;
	}
	seq_printf(s, "%snode=%d|zone=%d)\n", first ? "" : "|", PAGE_NODE,
		   PAGE_ZONE);
	if (typed)
		seq_printf(s, "page_type: %x(%s)\n", type, type_name);
	seq_printf(s, "lru: %s", page_lru_name(page));
	return 0;
}

/* crash's mkstring(): @str in @width columns, as @flags justify it. */
enum { LJUST = 1, RJUST = 2, CENTER = 4 };

static void put_col(struct seq_buf *s, const char *str, int width, int flags)
{
	int len = (int)strlen(str), extra = width - len, left = 0, right = 0;

	if (extra <= 0) {
		seq_puts(s, str);
		return;
	}
	if (flags & CENTER) {
		left = right = extra / 2;
		if (extra % 2) {
			if (flags & RJUST)
				left++;
			else
				right++;
		}
	} else if (flags & RJUST) {
		left = extra;
	} else {
		right = extra;
	}
	seq_printf(s, "%*s%s%*s", left, "", str, right, "");
}

static void put_hex_col(struct seq_buf *s, unsigned long v, int width,
			int flags)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lx", v);
	put_col(s, buf, width, flags);
}

/* x86_64_translate_pte(): the PTE, its frame and its flags by name. */
static void translate_pte(struct seq_buf *s, pteval_t pte)
{
	static const struct { pteval_t bit; const char *name; } names[] = {
		{ _PAGE_PRESENT, "PRESENT" }, { _PAGE_RW, "RW" },
		{ _PAGE_USER, "USER" }, { _PAGE_PWT, "PWT" },
		{ _PAGE_PCD, "PCD" }, { _PAGE_ACCESSED, "ACCESSED" },
		{ _PAGE_DIRTY, "DIRTY" },
	};
	char ptebuf[24], physbuf[24];
	int len1, len2, others = 0;

	snprintf(ptebuf, sizeof(ptebuf), "%lx", (unsigned long)pte);
	snprintf(physbuf, sizeof(physbuf), "%lx",
		 (unsigned long)(pte & PTE_PFN_MASK));
	len1 = strlen(ptebuf) > 3 ? (int)strlen(ptebuf) : 3;
	len2 = strlen(physbuf) > 8 ? (int)strlen(physbuf) : 8;
	put_col(s, "PTE", len1, CENTER | LJUST);
	seq_puts(s, "  ");
	put_col(s, "PHYSICAL", len2, CENTER | LJUST);
	seq_puts(s, "  FLAGS\n");
	put_col(s, ptebuf, len1, CENTER | RJUST);
	seq_puts(s, "  ");
	put_col(s, physbuf, len2, CENTER | RJUST);
	seq_puts(s, "  (");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (pte & names[i].bit)
			seq_printf(s, "%s%s", others++ ? "|" : "", names[i].name);
	if ((pte & _PAGE_PSE) && (pte & _PAGE_PRESENT))
		seq_printf(s, "%sPSE", others++ ? "|" : "");
	if ((pte & _PAGE_PROTNONE) && !(pte & _PAGE_PRESENT))
		seq_printf(s, "%sPROTNONE", others++ ? "|" : "");
	if (pte & _PAGE_GLOBAL)
		seq_printf(s, "%sGLOBAL", others++ ? "|" : "");
	if (pte & _PAGE_NX)
		seq_printf(s, "%sNX", others++ ? "|" : "");
	seq_puts(s, ")\n");
}

/* vm_area_dump() of one VMA: the header and the VMA's line. */
static void vma_dump(struct seq_buf *s, struct zone *zone,
		     struct vm_area_struct *vma)
{
	char path[4096] = "";
	unsigned long addr = kaddr_slab_obj(zone, vma);

	put_col(s, "VMA", VADDR_PRLEN, CENTER | LJUST);
	seq_puts(s, " ");
	put_col(s, "START", UVADDR_PRLEN, CENTER | RJUST);
	seq_puts(s, " ");
	put_col(s, "END", UVADDR_PRLEN, CENTER | RJUST);
	seq_puts(s, "  FLAGS FILE\n");
	if (vma->vm_file)
		file_path(vma->vm_file, path, sizeof(path));
	put_hex_col(s, addr, VADDR_PRLEN, CENTER | LJUST);
	seq_puts(s, " ");
	put_hex_col(s, vma->vm_start, UVADDR_PRLEN, RJUST);
	seq_puts(s, " ");
	put_hex_col(s, vma->vm_end, UVADDR_PRLEN, RJUST);
	seq_printf(s, " %6lx %s\n", vma->vm_flags, path);
}

/* dump_mem_map_SPARSEMEM() for one frame: the header and its line. */
static void mem_map_dump(struct seq_buf *s, struct zone *zone,
			 unsigned long pfn)
{
	const struct page *page = pfn_to_page(zone, pfn);
	unsigned long kflags = kernel_page_flags(page);
	char buf[24];
	int paddr_prlen, others = 0;

	/* vt->paddr_prlen: the digits of the top of memory. */
	paddr_prlen = snprintf(buf, sizeof(buf), "%lx",
			       zone->nr_pages << PAGE_SHIFT);
	if (paddr_prlen < 8)
		paddr_prlen = 8;
	put_col(s, "PAGE", VADDR_PRLEN, CENTER);
	seq_puts(s, " ");
	put_col(s, "PHYSICAL", paddr_prlen, RJUST);
	seq_puts(s, " ");
	put_col(s, "MAPPING", VADDR_PRLEN, CENTER | RJUST);
	seq_puts(s, " ");
	put_col(s, "INDEX", 8, CENTER | RJUST);
	seq_puts(s, "CNT FLAGS\n");
	seq_printf(s, "%-16lx %*lx %16lx %8lx %2d %lx",
		   kaddr_struct_page(pfn), paddr_prlen,
		   pfn << PAGE_SHIFT, page_mapping_word(page),
		   PageBuddy(page) || PageTable(page) || PageSlab(page) ?
		   0UL : page->index, page_ref_count(page), kflags);
	for (size_t i = 0; i < sizeof(pageflag_names) / sizeof(pageflag_names[0]); i++)
		if (kflags & (1UL << pageflag_names[i].bit))
			seq_printf(s, "%s%s", others++ ? "," : " ",
				   pageflag_names[i].name);
	seq_puts(s, "\n");
}

/**
 * cmd_vtop() - `vtop ADDR`: crash's vtop of a user address (see
 * mmsim(7), PER-PROCESS COMMANDS, vtop): the translation, each level's
 * entry (its physical address => its value), the PTE's flags, the VMA
 * and the struct page.
 * An address in no VMA is "(not accessible)", one without a present PTE
 * "(not mapped)", as crash answers them.
 * Return: 0, or -EINVAL for an address beyond the user address space.
 */
int cmd_vtop(struct ctl_call *c)
{
	/* crash's names; a 4-level machine's walk has no "P4D". */
	static const char *const level4[] = { "PGD", "PUD", "PMD", "PTE" };
	static const char *const level5[] = { "PGD", "P4D", "PUD", "PMD",
					      "PTE" };
	struct mm_struct *mm = c->tsk->mm;
	const char *const *level = pgtable_l5_enabled(mm) ? level5 : level4;
	struct zone *zone = mm_zone(mm);
	unsigned long addr = c->args->v[0].u, paddr = 0;
	struct seq_buf *s = c->reply;
	struct page_table_path path;
	struct vm_area_struct *vma;
	pteval_t pte = 0;
	bool present;

	if (addr >= mm->task_size) {
		snprintf(c->reason, sizeof(c->reason),
			 "ADDR 0x%lx is beyond the user address space (0x%lx)",
			 addr, mm->task_size);
		return -EINVAL;
	}
	walk_page_table_path(mm, addr, &path);
	present = path.levels == pt_levels(mm) &&
		  (path.entry[path.levels - 1] &
		   (_PAGE_PRESENT | _PAGE_PROTNONE));
	if (present) {
		pte = path.entry[path.levels - 1];
		paddr = (pte & PTE_PFN_MASK) + (addr & ~PAGE_MASK);
	}

	put_col(s, "VIRTUAL", UVADDR_PRLEN, LJUST);
	seq_puts(s, "  ");
	put_col(s, "PHYSICAL", VADDR_PRLEN, LJUST);
	seq_puts(s, "\n");
	put_hex_col(s, addr, UVADDR_PRLEN, LJUST);
	seq_puts(s, "  ");
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr) {
		seq_puts(s, "(not accessible)\n");
		goto out;
	}
	if (present)
		put_hex_col(s, paddr, VADDR_PRLEN, LJUST);
	else
		seq_puts(s, "(not mapped)");
	seq_puts(s, "\n\n");

	for (int i = 0; i < path.levels; i++)
		seq_printf(s, "   %s: %lx => %lx\n", level[i],
			   (path.table_pfn[i] << PAGE_SHIFT) + path.index[i] * 8,
			   (unsigned long)path.entry[i]);
	if (present) {
		seq_printf(s, "  PAGE: %lx  %s\n\n",
			   (unsigned long)(pte & PTE_PFN_MASK),
			   is_zero_pfn(zone, pte_pfn(__pte(pte))) ?
			   "(ZERO PAGE)" : "");
		translate_pte(s, pte);
	}
	seq_puts(s, "\n");
	vma_dump(s, zone, vma);
	if (!present && vma->vm_file) {
		char file[4096];

		file_path(vma->vm_file, file, sizeof(file));
		seq_printf(s, "\nFILE: %s  OFFSET: %lx\n", file,
			   (((addr - vma->vm_start) >> PAGE_SHIFT) +
			    vma->vm_pgoff) << PAGE_SHIFT);
	}
	seq_puts(s, "\n");
	if (present)
		mem_map_dump(s, zone, pte_pfn(__pte(pte)));
out:
	/* Without crash's closing blank lines: the session ends the last. */
	while (s->len && s->buf[s->len - 1] == '\n')
		s->len--;
	return s->err;
}
