/*
 * task_mmu.c - the address-space views of one process, as
 * fs/proc/task_mmu.c renders them: maps, smaps, smaps_rollup, pagemap and
 * clear_refs, plus the VM accounting (task_mem, task_statm) that status,
 * statm and stat print.
 *
 * Every number comes from a page-table walk (vm/pagewalk.h) made when
 * the file is read: the walk callbacks only gather statistics into a
 * struct, and the printing happens afterwards, as smap_gather_stats() and
 * __show_smap() split the work in the kernel.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "../vm/exec.h"
#include "../vm/pagewalk.h"
#include "../vm/pgtable.h"
#include "../vm/swap.h"

/* ------------------------------------------------------------------ */
/* VM accounting: /proc/PID/status, statm, stat                        */
/* ------------------------------------------------------------------ */

/* Kilobytes in @pages pages. */
#define K(pages) ((unsigned long)(pages) << (PAGE_SHIFT - 10))

/*
 * task_text_bytes() - the bytes of the code segment, rounded out to whole
 * pages exactly as task_mem()/task_statm() compute it.
 */
static unsigned long task_text_bytes(const struct mm_struct *mm)
{
	return PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK);
}

/**
 * task_mem() - print status' Vm* and Rss* lines for @mm.
 * @s: output
 * @mm: address space (machine lock held, read suffices)
 *
 * hiwater_vm and hiwater_rss are only brought up to date when total_vm or
 * rss is about to drop, so the peaks are the larger of the mark and the
 * current value, as in the kernel.
 */
void task_mem(struct seq_buf *s, struct mm_struct *mm)
{
	unsigned long text, lib, swap, anon, file, shmem;
	unsigned long hiwater_vm, total_vm, hiwater_rss, total_rss;

	anon = get_mm_counter(mm, MM_ANONPAGES);
	file = get_mm_counter(mm, MM_FILEPAGES);
	shmem = get_mm_counter(mm, MM_SHMEMPAGES);

	hiwater_vm = total_vm = mm->total_vm;
	if (hiwater_vm < mm->hiwater_vm)
		hiwater_vm = mm->hiwater_vm;
	hiwater_rss = total_rss = anon + file + shmem;
	if (hiwater_rss < mm->hiwater_rss)
		hiwater_rss = mm->hiwater_rss;

	text = task_text_bytes(mm) >> 10;
	lib = K(mm->exec_vm) - text;
	swap = get_mm_counter(mm, MM_SWAPENTS);

	seq_printf(s, "VmPeak:\t%8lu kB\n", K(hiwater_vm));
	seq_printf(s, "VmSize:\t%8lu kB\n", K(total_vm));
	seq_printf(s, "VmLck:\t%8lu kB\n", K(mm->locked_vm));
	seq_printf(s, "VmPin:\t%8lu kB\n", K(mm->pinned_vm));
	seq_printf(s, "VmHWM:\t%8lu kB\n", K(hiwater_rss));
	seq_printf(s, "VmRSS:\t%8lu kB\n", K(total_rss));
	seq_printf(s, "RssAnon:\t%8lu kB\n", K(anon));
	seq_printf(s, "RssFile:\t%8lu kB\n", K(file));
	seq_printf(s, "RssShmem:\t%8lu kB\n", K(shmem));
	seq_printf(s, "VmData:\t%8lu kB\n", K(mm->data_vm));
	seq_printf(s, "VmStk:\t%8lu kB\n", K(mm->stack_vm));
	seq_printf(s, "VmExe:\t%8lu kB\n", text);
	seq_printf(s, "VmLib:\t%8lu kB\n", lib);
	seq_printf(s, "VmPTE:\t%8lu kB\n",
		   (unsigned long)mm->pgtables_bytes >> 10);
	seq_printf(s, "VmSwap:\t%8lu kB\n", K(swap));
	/* hugetlb_report_usage(): no hugetlbfs here. */
	seq_printf(s, "HugetlbPages:\t%8lu kB\n", 0UL);
}

/** task_vsize() - /proc/PID/stat's vsize, in bytes. */
unsigned long task_vsize(struct mm_struct *mm)
{
	return PAGE_SIZE * mm->total_vm;
}

/**
 * task_statm() - the numbers of /proc/PID/statm, in pages.
 * Return: total_vm; *@shared (file + shmem rss), *@text, *@data
 * (data_vm + stack_vm) and *@resident are filled in.
 */
unsigned long task_statm(struct mm_struct *mm, unsigned long *shared,
			 unsigned long *text, unsigned long *data,
			 unsigned long *resident)
{
	*shared = get_mm_counter(mm, MM_FILEPAGES) +
		  get_mm_counter(mm, MM_SHMEMPAGES);
	*text = task_text_bytes(mm) >> PAGE_SHIFT;
	*data = mm->data_vm + mm->stack_vm;
	*resident = *shared + get_mm_counter(mm, MM_ANONPAGES);
	return mm->total_vm;
}

/* ------------------------------------------------------------------ */
/* Helpers shared by the walkers                                       */
/* ------------------------------------------------------------------ */

/*
 * vm_normal_page() (the page a present PTE maps, NULL for the zero page)
 * and soft_dirty_enabled() (CONFIG_MEM_SOFT_DIRTY) come from vm/mm.h.
 */

/* Kernel dev_t layout (MINORBITS 20), as MAJOR()/MINOR() decode it (fs.h). */
#define DEV_MAJOR(dev)	MAJOR(dev)
#define DEV_MINOR(dev)	MINOR(dev)

/*
 * The name column starts here: seq_setwidth(m, 25 + sizeof(void *) * 6 - 1)
 * followed by seq_pad(m, ' '), i.e. pad to 72 columns, then one space.
 */
#define MAPS_NAME_PAD	(25 + sizeof(void *) * 6 - 1)

/*
 * show_vma_header_prefix() - the fixed columns of a maps/smaps header line,
 * "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ", written piece by piece
 * with the printf-free writers as the kernel's does (a maps read of 10,000
 * VMAs is mostly this function).
 * Return: the offset where the line starts, for seq_pad().
 */
static size_t show_vma_header_prefix(struct seq_buf *s, unsigned long start,
				     unsigned long end, unsigned long flags,
				     unsigned long long pgoff,
				     unsigned int dev, unsigned long ino)
{
	size_t line_start = s->len;

	seq_put_hex_ll(s, NULL, start, 8);
	seq_put_hex_ll(s, "-", end, 8);
	seq_putc(s, ' ');
	seq_putc(s, flags & VM_READ ? 'r' : '-');
	seq_putc(s, flags & VM_WRITE ? 'w' : '-');
	seq_putc(s, flags & VM_EXEC ? 'x' : '-');
	seq_putc(s, flags & VM_MAYSHARE ? 's' : 'p');
	seq_put_hex_ll(s, " ", pgoff, 8);
	seq_put_hex_ll(s, " ", DEV_MAJOR(dev), 2);
	seq_put_hex_ll(s, ":", DEV_MINOR(dev), 2);
	seq_put_decimal_ull(s, " ", ino);
	seq_putc(s, ' ');
	return line_start;
}

/*
 * show_map_vma() - one maps line, also the first line of each smaps entry.
 * Names follow get_vma_name(): the file's path for a file mapping, with
 * " (deleted)" once it is unlinked (a shmem object's always is), then [heap]
 * and [stack]; a plain anonymous mapping has no name, and its line ends
 * with the space after the inode number.
 */
static void show_map_vma(struct seq_buf *s, struct vm_area_struct *vma)
{
	struct file *file = vma->vm_file;
	unsigned long long pgoff = 0;
	unsigned long ino = 0;
	unsigned int dev = 0;
	const char *name = NULL;
	size_t line_start;

	if (file) {
		struct inode *inode = file->f_inode;

		dev = inode->i_dev;
		ino = inode->i_ino;
		pgoff = (unsigned long long)vma->vm_pgoff << PAGE_SHIFT;
	}

	line_start = show_vma_header_prefix(s, vma->vm_start, vma->vm_end,
					    vma->vm_flags, pgoff, dev, ino);
	if (file) {
		char path[4200];

		seq_pad(s, line_start, MAPS_NAME_PAD, ' ');
		seq_path(s, file_path(file, path, sizeof(path)));
		seq_putc(s, '\n');
		return;
	}

	name = proc_vma_special_name(vma);
	if (name) {
		seq_pad(s, line_start, MAPS_NAME_PAD, ' ');
		seq_puts(s, name);
	}
	seq_putc(s, '\n');
}

/**
 * proc_vma_special_name() - the name maps gives a VMA without a file
 * (get_vma_name()): its vm_ops' name ([vdso], [vvar], a SysV segment's),
 * [vsyscall] for the gate VMA, [heap], [stack]; NULL for plain anonymous
 * memory and for file mappings.
 */
const char *proc_vma_special_name(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		return NULL;
	if (vma->vm_ops && vma->vm_ops->name)
		return vma->vm_ops->name(vma);
	if (!vma->vm_mm)
		return "[vsyscall]";	/* the gate VMA (arch_vma_name()) */
	if (vma_is_initial_heap(vma))
		return "[heap]";
	if (vma_is_initial_stack(vma))
		return "[stack]";
	return NULL;
}

/**
 * proc_pid_maps_show() - /proc/PID/maps: one line per VMA, address order.
 * A zombie has no mm and shows an empty file. Read lock held.
 */
int proc_pid_maps_show(struct machine *m, struct task_struct *tsk,
		       struct seq_buf *s)
{
	struct vm_area_struct *vma;

	(void)m;
	if (!tsk || !tsk->mm)
		return s->err;
	for (vma = tsk->mm->mmap; vma; vma = vma->vm_next)
		show_map_vma(s, vma);
	/* m_next() ends with the gate VMA, [vsyscall]. */
	vma = get_gate_vma(tsk->mm);
	if (vma)
		show_map_vma(s, vma);
	return s->err;
}

/* ------------------------------------------------------------------ */
/* smaps and smaps_rollup                                              */
/* ------------------------------------------------------------------ */

/*
 * Proportional set size is kept in fixed point, bytes << PSS_SHIFT, so that
 * dividing a page among its mappers loses almost nothing when summed.
 */
#define PSS_SHIFT 12

struct mem_size_stats {
	unsigned long resident;
	unsigned long shared_clean;
	unsigned long shared_dirty;
	unsigned long private_clean;
	unsigned long private_dirty;
	unsigned long referenced;
	unsigned long anonymous;
	unsigned long lazyfree;
	unsigned long anonymous_thp;
	unsigned long shmem_thp;
	unsigned long file_thp;
	unsigned long swap;
	unsigned long shared_hugetlb;
	unsigned long private_hugetlb;
	unsigned long ksm;
	uint64_t pss;
	uint64_t pss_anon;
	uint64_t pss_file;
	uint64_t pss_shmem;
	uint64_t pss_dirty;
	uint64_t pss_locked;
	uint64_t swap_pss;
};

/*
 * smaps_page_accumulate() - add one page's share. @private says the page
 * is mapped only here (refcount 1, or mapcount below 2).
 */
static void smaps_page_accumulate(struct mem_size_stats *mss,
				  struct page *page, unsigned long size,
				  uint64_t pss, bool dirty, bool locked,
				  bool private)
{
	mss->pss += pss;

	/* As the kernel: a non-anonymous page is shmem iff swap-backed
	 * (the engine sets PG_swapbacked on every shmem page). */
	if (PageAnon(page))
		mss->pss_anon += pss;
	else if (PageSwapBacked(page))
		mss->pss_shmem += pss;
	else
		mss->pss_file += pss;

	if (locked)
		mss->pss_locked += pss;

	if (dirty || PageDirty(page)) {
		mss->pss_dirty += pss;
		if (private)
			mss->private_dirty += size;
		else
			mss->shared_dirty += size;
	} else {
		if (private)
			mss->private_clean += size;
		else
			mss->shared_clean += size;
	}
}

/*
 * smaps_account() - account one mapped page, as the kernel's smaps_account()
 * does for an order-0 folio: Referenced if the PTE is young or the page was
 * marked referenced or young; shared if more than one PTE maps it.
 */
static void smaps_account(struct mem_size_stats *mss, struct page *page,
			  bool young, bool dirty, bool locked)
{
	unsigned long size = PAGE_SIZE;
	uint64_t pss = (uint64_t)PAGE_SIZE << PSS_SHIFT;
	int mapcount;

	if (PageAnon(page)) {
		mss->anonymous += size;
		if (!PageSwapBacked(page) && !dirty && !PageDirty(page))
			mss->lazyfree += size;
	}

	mss->resident += size;
	if (young || PageYoung(page) || PageReferenced(page))
		mss->referenced += size;

	/* A refcount of 1 guarantees the page is mapped exactly once. */
	if (page_ref_count(page) == 1) {
		smaps_page_accumulate(mss, page, size, pss, dirty, locked,
				      true);
		return;
	}

	mapcount = page_mapcount(page);
	if (mapcount >= 2)
		pss /= (uint64_t)mapcount;
	smaps_page_accumulate(mss, page, size, pss, dirty, locked,
			      mapcount < 2);
}

static int smaps_pte_entry(pte_t *pte, unsigned long addr,
			   unsigned long next, struct mm_walk *walk)
{
	struct mem_size_stats *mss = walk->private;
	struct vm_area_struct *vma = walk->vma;
	bool locked = vma->vm_flags & VM_LOCKED;
	pte_t ptent = *pte;
	struct page *page;

	(void)next;
	/*
	 * A swap entry: Swap, and SwapPss shared among the PTEs that hold
	 * it (swp_swapcount()).
	 */
	if (is_swap_pte(ptent)) {
		int mapcount = __swap_count(walk->mm->machine,
					    pte_to_swp_entry(ptent));
		uint64_t pss_delta = (uint64_t)PAGE_SIZE << PSS_SHIFT;

		mss->swap += PAGE_SIZE;
		if (mapcount >= 2)
			pss_delta /= (uint64_t)mapcount;
		mss->swap_pss += pss_delta;
		return 0;
	}
	if (!pte_present(ptent)) {
		/* smaps_pte_hole_lookup(): the shmem walk's holes */
		if (pte_none(ptent) && walk->ops->pte_hole)
			walk->ops->pte_hole(addr, addr + PAGE_SIZE, 0, walk);
		return 0;
	}
	page = vm_normal_page(vma, addr, ptent);
	if (!page)
		return 0;
	smaps_account(mss, page, pte_young(ptent), pte_dirty(ptent), locked);
	return 0;
}

/*
 * smaps_pte_hole - a range of a shmem VMA that maps nothing: Swap counts
 * the object's pages of it that are in swap.
 */
static int smaps_pte_hole(unsigned long addr, unsigned long end, int depth,
			  struct mm_walk *walk)
{
	struct mem_size_stats *mss = walk->private;
	struct vm_area_struct *vma = walk->vma;

	(void)depth;
	mss->swap += shmem_partial_swap_usage(vma->vm_file->f_mapping,
					      linear_page_index(vma, addr),
					      linear_page_index(vma, end));
	return 0;
}

static const struct mm_walk_ops smaps_walk_ops = {
	.pte_entry = smaps_pte_entry,
};

static const struct mm_walk_ops smaps_shmem_walk_ops = {
	.pte_entry = smaps_pte_entry,
	.pte_hole = smaps_pte_hole,
};

/*
 * smap_gather_stats() - walk one VMA's page tables into @mss. A shmem
 * VMA's pages in swap are the object's, not its PTEs': for a shared or
 * read-only mapping, or an object with nothing in swap, they are counted
 * from the object at once (shmem_swap_usage()); a private writable one
 * may have COW copies over them, so only its holes count
 * (smaps_shmem_walk_ops).
 */
static void smap_gather_stats(struct vm_area_struct *vma,
			      struct mem_size_stats *mss)
{
	const struct mm_walk_ops *ops = &smaps_walk_ops;

	if (vma_is_shmem(vma)) {
		unsigned long shmem_swapped = shmem_swap_usage(vma);

		if (!shmem_swapped || (vma->vm_flags & VM_SHARED) ||
		    !(vma->vm_flags & VM_WRITE))
			mss->swap += shmem_swapped;
		else
			ops = &smaps_shmem_walk_ops;
	}
	walk_page_vma(vma, ops, mss);
}

/* SEQ_PUT_DEC: a 16-column label, the value in kB right-aligned in 8. */
static void seq_put_dec(struct seq_buf *s, const char *label,
			unsigned long long bytes)
{
	seq_put_kb(s, label, 16, 8, bytes >> 10);
}

/*
 * __show_smap() - the counters shared by smaps and smaps_rollup. Pss_Anon,
 * Pss_File and Pss_Shmem are meaningful only when summed over the whole
 * address space, so only the rollup prints them.
 */
static void __show_smap(struct seq_buf *s, const struct mem_size_stats *mss,
			bool rollup_mode)
{
	seq_put_dec(s, "Rss:", mss->resident);
	seq_put_dec(s, "Pss:", mss->pss >> PSS_SHIFT);
	seq_put_dec(s, "Pss_Dirty:", mss->pss_dirty >> PSS_SHIFT);
	if (rollup_mode) {
		seq_put_dec(s, "Pss_Anon:", mss->pss_anon >> PSS_SHIFT);
		seq_put_dec(s, "Pss_File:", mss->pss_file >> PSS_SHIFT);
		seq_put_dec(s, "Pss_Shmem:", mss->pss_shmem >> PSS_SHIFT);
	}
	seq_put_dec(s, "Shared_Clean:", mss->shared_clean);
	seq_put_dec(s, "Shared_Dirty:", mss->shared_dirty);
	seq_put_dec(s, "Private_Clean:", mss->private_clean);
	seq_put_dec(s, "Private_Dirty:", mss->private_dirty);
	seq_put_dec(s, "Referenced:", mss->referenced);
	seq_put_dec(s, "Anonymous:", mss->anonymous);
	seq_put_dec(s, "KSM:", mss->ksm);
	seq_put_dec(s, "LazyFree:", mss->lazyfree);
	seq_put_dec(s, "AnonHugePages:", mss->anonymous_thp);
	seq_put_dec(s, "ShmemPmdMapped:", mss->shmem_thp);
	seq_put_dec(s, "FilePmdMapped:", mss->file_thp);
	seq_put_dec(s, "Shared_Hugetlb:", mss->shared_hugetlb);
	/* The one label too long for 16 columns gets a 7-wide value. */
	seq_put_kb(s, "Private_Hugetlb: ", 17, 7, mss->private_hugetlb >> 10);
	seq_put_dec(s, "Swap:", mss->swap);
	seq_put_dec(s, "SwapPss:", mss->swap_pss >> PSS_SHIFT);
	seq_put_dec(s, "Locked:", mss->pss_locked >> PSS_SHIFT);
}

/*
 * show_smap_vma_flags() - "VmFlags:" and the two-letter mnemonic of every
 * set flag, in bit order. "sd" exists only when the kernel is built with
 * soft-dirty tracking, as it is here when the machine tracks soft-dirty.
 */
static void show_smap_vma_flags(struct seq_buf *s, struct vm_area_struct *vma)
{
	static const struct {
		unsigned long flag;
		char name[3];
	} mnemonics[] = {
		{ VM_READ, "rd" },	{ VM_WRITE, "wr" },
		{ VM_EXEC, "ex" },	{ VM_SHARED, "sh" },
		{ VM_MAYREAD, "mr" },	{ VM_MAYWRITE, "mw" },
		{ VM_MAYEXEC, "me" },	{ VM_MAYSHARE, "ms" },
		{ VM_GROWSDOWN, "gd" },	{ VM_UFFD_MISSING, "um" },
		{ VM_PFNMAP, "pf" },	{ VM_UFFD_WP, "uw" },
		{ VM_LOCKED, "lo" },	{ VM_IO, "io" },
		{ VM_SEQ_READ, "sr" },	{ VM_RAND_READ, "rr" },
		{ VM_DONTCOPY, "dc" },	{ VM_DONTEXPAND, "de" },
		{ VM_LOCKONFAULT, "lf" }, { VM_ACCOUNT, "ac" },
		{ VM_NORESERVE, "nr" },	{ VM_HUGETLB, "ht" },
		{ VM_SYNC, "sf" },	{ VM_ARCH_1, "ar" },
		{ VM_WIPEONFORK, "wf" }, { VM_DONTDUMP, "dd" },
		{ VM_SOFTDIRTY, "sd" },	{ VM_MIXEDMAP, "mm" },
		{ VM_HUGEPAGE, "hg" },	{ VM_NOHUGEPAGE, "nh" },
		{ VM_MERGEABLE, "mg" },
	};
	unsigned long flags = vma->vm_flags;
	size_t i;

	if (!vma->vm_mm || !soft_dirty_enabled(vma->vm_mm))
		flags &= ~VM_SOFTDIRTY;
	seq_puts(s, "VmFlags: ");
	for (i = 0; i < sizeof(mnemonics) / sizeof(mnemonics[0]); i++) {
		if (flags & mnemonics[i].flag) {
			seq_puts(s, mnemonics[i].name);
			seq_putc(s, ' ');
		}
	}
	seq_putc(s, '\n');
}

static void show_smap(struct seq_buf *s, struct mm_struct *mm,
		      struct vm_area_struct *vma)
{
	struct mem_size_stats mss;

	memset(&mss, 0, sizeof(mss));
	/* The gate VMA belongs to no mm: no pages to walk, all zero. */
	if (vma->vm_mm)
		smap_gather_stats(vma, &mss);

	show_map_vma(s, vma);
	seq_put_dec(s, "Size:", vma->vm_end - vma->vm_start);
	seq_put_dec(s, "KernelPageSize:", PAGE_SIZE);
	seq_put_dec(s, "MMUPageSize:", PAGE_SIZE);
	__show_smap(s, &mss, false);
	seq_put_decimal_ull_width(s, "THPeligible:    ",
				  vma->vm_mm && thp_vma_allowable_orders(vma) ?
				  1U : 0U, 8);
	seq_putc(s, '\n');
	/* arch_pkeys_enabled(): only a CPU with protection keys has the line. */
	if (mm->machine->cfg.cpu.pku) {
		seq_put_decimal_ull_width(s, "ProtectionKey:  ",
					  (unsigned int)vma_pkey(vma), 8);
		seq_putc(s, '\n');
	}
	show_smap_vma_flags(s, vma);
}

/**
 * proc_pid_smaps_show() - /proc/PID/smaps. Read lock held.
 */
int proc_pid_smaps_show(struct machine *m, struct task_struct *tsk,
			struct seq_buf *s)
{
	struct vm_area_struct *vma;

	(void)m;
	if (!tsk || !tsk->mm)
		return s->err;
	for (vma = tsk->mm->mmap; vma; vma = vma->vm_next)
		show_smap(s, tsk->mm, vma);
	vma = get_gate_vma(tsk->mm);
	if (vma)
		show_smap(s, tsk->mm, vma);
	return s->err;
}

/**
 * proc_pid_smaps_rollup_show() - /proc/PID/smaps_rollup: every VMA's
 * counters summed, under a header spanning the first VMA's start to the
 * last VMA's end. A zombie has no mm: -ESRCH, as the kernel answers.
 */
int proc_pid_smaps_rollup_show(struct machine *m, struct task_struct *tsk,
			       struct seq_buf *s)
{
	struct mem_size_stats mss;
	struct vm_area_struct *vma;
	unsigned long start = 0, end = 0;
	size_t line_start;

	(void)m;
	if (!tsk || !tsk->mm)
		return -ESRCH;

	memset(&mss, 0, sizeof(mss));
	for (vma = tsk->mm->mmap; vma; vma = vma->vm_next) {
		if (vma == tsk->mm->mmap)
			start = vma->vm_start;
		smap_gather_stats(vma, &mss);
		end = vma->vm_end;
	}

	line_start = show_vma_header_prefix(s, start, end, 0, 0, 0, 0);
	seq_pad(s, line_start, MAPS_NAME_PAD, ' ');
	seq_puts(s, "[rollup]\n");
	__show_smap(s, &mss, true);
	return s->err;
}

/* ------------------------------------------------------------------ */
/* pagemap                                                             */
/* ------------------------------------------------------------------ */

#define PM_ENTRY_BYTES		8
#define PM_PFRAME_BITS		55
#define PM_PFRAME_MASK		((1ULL << PM_PFRAME_BITS) - 1)
#define PM_SOFT_DIRTY		(1ULL << 55)
#define PM_MMAP_EXCLUSIVE	(1ULL << 56)
#define PM_FILE			(1ULL << 61)
#define PM_SWAP			(1ULL << 62)
#define PM_PRESENT		(1ULL << 63)

/*
 * struct pagemapread - the entries being produced for one read.
 * @buffer: where entry i describes page (@start >> PAGE_SHIFT) + i
 * @len: entries wanted
 * @pos: entries produced so far
 * @next: the address the next entry describes
 */
struct pagemapread {
	uint64_t *buffer;
	size_t pos, len;
	unsigned long next;
	struct mm_struct *mm;
	bool soft_dirty;
};

static inline uint64_t make_pme(uint64_t frame, uint64_t flags)
{
	return (frame & PM_PFRAME_MASK) | flags;
}

/* add_to_pagemap() - append one entry. Return: 1 once the buffer is full. */
static int add_to_pagemap(uint64_t pme, struct pagemapread *pm)
{
	if (pm->pos >= pm->len)
		return 1;
	pm->buffer[pm->pos++] = pme;
	pm->next += PAGE_SIZE;
	return 0;
}

/*
 * pagemap_fill_hole() - entries for [addr, end) where no PTE exists: zero
 * outside VMAs, and inside a VMA zero but for the VMA's soft-dirty flag
 * (pagemap_pte_hole()).
 */
static int pagemap_fill_hole(struct pagemapread *pm, unsigned long addr,
			     unsigned long end)
{
	int err;

	while (addr < end) {
		struct vm_area_struct *vma = find_vma(pm->mm, addr);
		unsigned long hole_end = end;
		uint64_t pme = 0;

		if (vma && vma->vm_start < end)
			hole_end = vma->vm_start > addr ? vma->vm_start : addr;
		for (; addr < hole_end; addr += PAGE_SIZE) {
			err = add_to_pagemap(0, pm);
			if (err)
				return err;
		}
		if (!vma || vma->vm_start >= end)
			break;

		if (pm->soft_dirty && (vma->vm_flags & VM_SOFTDIRTY))
			pme = make_pme(0, PM_SOFT_DIRTY);
		for (; addr < end && addr < vma->vm_end; addr += PAGE_SIZE) {
			err = add_to_pagemap(pme, pm);
			if (err)
				return err;
		}
	}
	return 0;
}

/* Fill any range the walker skipped before @addr, so entries stay in step. */
static int pagemap_catch_up(struct pagemapread *pm, unsigned long addr)
{
	if (addr > pm->next)
		return pagemap_fill_hole(pm, pm->next, addr);
	return 0;
}

static int pagemap_pte_hole(unsigned long addr, unsigned long end, int depth,
			    struct mm_walk *walk)
{
	struct pagemapread *pm = walk->private;
	int err;

	(void)depth;
	err = pagemap_catch_up(pm, addr);
	if (err)
		return err;
	if (end <= pm->next)
		return 0;
	return pagemap_fill_hole(pm, pm->next, end);
}

/*
 * pte_to_pagemap_entry() - the entry for one PTE slot: the PFN (root sees
 * PFNs; the zero page reports its own), present, soft-dirty, and for a
 * real page whether it is a file/shmem page and whether this is its only
 * mapping.
 */
static uint64_t pte_to_pagemap_entry(struct pagemapread *pm,
				     struct vm_area_struct *vma,
				     unsigned long addr, pte_t pte)
{
	uint64_t frame = 0, flags = 0;
	struct page *page = NULL;

	if (pte_present(pte)) {
		frame = pte_pfn(pte);
		flags |= PM_PRESENT;
		page = vm_normal_page(vma, addr, pte);
		if (pm->soft_dirty && pte_soft_dirty(pte))
			flags |= PM_SOFT_DIRTY;
	} else if (is_swap_pte(pte)) {
		swp_entry_t entry = pte_to_swp_entry(pte);

		if (pm->soft_dirty && pte_swp_soft_dirty(pte))
			flags |= PM_SOFT_DIRTY;
		frame = swp_type(entry) |
			(swp_offset(entry) << MAX_SWAPFILES_SHIFT);
		flags |= PM_SWAP;
	}
	if (page) {
		if (!PageAnon(page))
			flags |= PM_FILE;
		if ((flags & PM_PRESENT) && page_mapcount(page) == 1)
			flags |= PM_MMAP_EXCLUSIVE;
	}
	if (pm->soft_dirty && (vma->vm_flags & VM_SOFTDIRTY))
		flags |= PM_SOFT_DIRTY;
	return make_pme(frame, flags);
}

static int pagemap_pte_entry(pte_t *pte, unsigned long addr,
			     unsigned long next, struct mm_walk *walk)
{
	struct pagemapread *pm = walk->private;
	struct vm_area_struct *vma = walk->vma;
	int err;

	(void)next;
	err = pagemap_catch_up(pm, addr);
	if (err)
		return err;
	if (addr < pm->next)
		return 0;
	if (!vma || addr < vma->vm_start || addr >= vma->vm_end)
		vma = find_vma(pm->mm, addr);
	if (!vma || addr < vma->vm_start)
		return add_to_pagemap(0, pm);
	return add_to_pagemap(pte_to_pagemap_entry(pm, vma, addr, *pte), pm);
}

static const struct mm_walk_ops pagemap_ops = {
	.pte_entry = pagemap_pte_entry,
	.pte_hole = pagemap_pte_hole,
};

/*
 * find_task_mm() - the live task @pid and its mm for a PF_RANGE file.
 * Return: 0 with *@mmp set; -ENOENT when there is no such process, -ESRCH
 * when it is a zombie (the kernel refuses to open pagemap and mem then).
 */
static int find_task_mm(struct machine *m, pid_t pid, struct mm_struct **mmp)
{
	struct task_struct *tsk = find_task_by_pid_any(m, pid);

	if (!tsk)
		return -ENOENT;
	if (!tsk->mm)
		return -ESRCH;
	*mmp = tsk->mm;
	return 0;
}

/**
 * pagemap_read() - /proc/PID/pagemap: 8 bytes per virtual page, entry i
 * at offset 8*i describing the page at address i * PAGE_SIZE.
 * @m: machine; takes machine->lock for reading
 * @pid: process
 * @buf, @size, @off: the read; @off and @size must be multiples of 8
 *
 * Only the pages asked for are walked; missing tables and unmapped ranges
 * are skipped through the walker's pte_hole. The file ends at TASK_SIZE.
 *
 * Return: bytes read, 0 at end of file, -EINVAL for an unaligned read,
 * -ENOENT / -ESRCH for a missing or exited process.
 */
ssize_t pagemap_read(struct machine *m, pid_t pid, char *buf, size_t size,
		     off_t off)
{
	struct pagemapread pm;
	struct mm_struct *mm;
	unsigned long start_vaddr, end_vaddr, end, task_size, svpfn;
	ssize_t ret;

	machine_lock_read(m);
	ret = find_task_mm(m, pid, &mm);
	if (ret)
		goto out_unlock;

	ret = -EINVAL;
	if (off < 0 || (off % PM_ENTRY_BYTES) || (size % PM_ENTRY_BYTES))
		goto out_unlock;
	ret = 0;
	if (!size)
		goto out_unlock;

	task_size = mm->task_size ? mm->task_size : TASK_SIZE;
	svpfn = (unsigned long)off / PM_ENTRY_BYTES;
	end_vaddr = task_size;
	start_vaddr = end_vaddr;
	if (svpfn <= (ULONG_MAX >> PAGE_SHIFT)) {
		start_vaddr = svpfn << PAGE_SHIFT;
		end = start_vaddr + ((size / PM_ENTRY_BYTES) << PAGE_SHIFT);
		if (end >= start_vaddr && end < task_size)
			end_vaddr = end;
	}
	if (start_vaddr > task_size)
		start_vaddr = end_vaddr;
	if (start_vaddr >= end_vaddr)
		goto out_unlock;

	pm.buffer = (uint64_t *)(void *)buf;
	pm.pos = 0;
	pm.len = (end_vaddr - start_vaddr) >> PAGE_SHIFT;
	pm.next = start_vaddr;
	pm.mm = mm;
	pm.soft_dirty = soft_dirty_enabled(mm);

	walk_page_range(mm, start_vaddr, end_vaddr, &pagemap_ops, &pm);
	/* Whatever the walker did not report has no PTE. */
	pagemap_fill_hole(&pm, pm.next, end_vaddr);
	ret = (ssize_t)(pm.pos * PM_ENTRY_BYTES);

out_unlock:
	machine_unlock(m);
	return ret;
}

/* ------------------------------------------------------------------ */
/* clear_refs                                                          */
/* ------------------------------------------------------------------ */

/*
 * parse_clear_refs() - kstrtoint(strstrip(buffer), 10) on at most 12
 * bytes, as clear_refs_write() reads them.
 * Return: 0 with *@val set, -EINVAL or -ERANGE.
 */
static int parse_clear_refs(const char *buf, size_t count, int *val)
{
	char buffer[13];
	char *p, *end;
	long v;
	bool neg = false;

	memset(buffer, 0, sizeof(buffer));
	memcpy(buffer, buf, count);
	p = buffer;
	while (*p && isspace((unsigned char)*p))
		p++;
	end = p + strlen(p);
	while (end > p && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (*p == '+') {
		p++;
	} else if (*p == '-') {
		neg = true;
		p++;
	}
	if (!*p)
		return -EINVAL;
	v = 0;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		v = v * 10 + (*p - '0');
		if (v > (long)INT_MAX + 1)
			return -ERANGE;
	}
	if (neg)
		v = -v;
	if (v > INT_MAX || v < INT_MIN)
		return -ERANGE;
	*val = (int)v;
	return 0;
}

/**
 * clear_refs_parse() - the clear_refs type in what was written to the
 * file (at most 12 bytes are read, as the kernel reads them).
 * @buf: the bytes written
 * @count: how many (at most 12 are read)
 * @type: set to CLEAR_REFS_ALL .. CLEAR_REFS_MM_HIWATER_RSS
 * Return: 0, or -EINVAL (-ERANGE) for anything else.
 */
int clear_refs_parse(const char *buf, size_t count, int *type)
{
	int err = parse_clear_refs(buf, count > 12 ? 12 : count, type);

	if (err)
		return err;
	if (*type < CLEAR_REFS_ALL || *type >= CLEAR_REFS_LAST)
		return -EINVAL;
	return 0;
}

/**
 * clear_refs_write() - /proc/PID/clear_refs: "1" clears the referenced
 * and accessed bits of every page, "2" of anonymous pages only, "3" of
 * shmem pages only, "4" clears soft-dirty bits (and write-protects the
 * PTEs so the next write is seen), "5" resets VmHWM to the current RSS.
 * @m: machine; takes machine->lock for writing
 *
 * Return: the bytes consumed (at most 12, as the kernel reads them),
 * -EINVAL for anything else, -ESRCH for a reaped process. A zombie has
 * no mm: the write succeeds and does nothing.
 */
ssize_t clear_refs_write(struct machine *m, pid_t pid, const char *buf,
			 size_t size, off_t off)
{
	struct task_struct *tsk;
	struct mm_struct *mm;
	size_t count = size;
	ssize_t ret;
	int itype, err;

	(void)off;
	if (count > 12)
		count = 12;
	err = clear_refs_parse(buf, count, &itype);
	if (err)
		return err;

	machine_lock_write(m);
	trace_clock_command(&m->trace);	/* as the clear_refs command would */
	/* Reaped since the open: get_proc_task() fails, ESRCH. */
	tsk = find_task_by_pid_any(m, pid);
	if (!tsk) {
		ret = -ESRCH;
		goto out_unlock;
	}
	/* A zombie has no mm: the write is accepted and does nothing. */
	ret = (ssize_t)count;
	mm = tsk->mm;
	if (!mm)
		goto out_unlock;

	clear_refs_mm(mm, (enum clear_refs_types)itype);

out_unlock:
	machine_unlock(m);
	return ret;
}
