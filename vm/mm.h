/*
 * mm.h - the engine's memory-management API (include/linux/mm.h): VM_*
 * flags, VMA lookup and manipulation (mm/mmap.c, mm/mprotect.c,
 * mm/mlock.c, mm/madvise.c, mm/mremap.c), the fault path (mm/memory.c),
 * reverse mapping (mm/rmap.c), shmem and fork/exit.
 *
 * Conventions, as in the kernel:
 *  - errors are negative errno values; functions returning an address
 *    return either the address or a negative errno cast to unsigned long
 *    (test with IS_ERR_VALUE());
 *  - every function here expects the machine lock held for writing
 *    (see machine.h) unless its comment says "read lock suffices";
 *  - a function that fails leaves the address space as it found it.
 */
#ifndef MMSIM_MM_H
#define MMSIM_MM_H

#include <sys/mman.h>
#include "machine.h"
#include "fs.h"
#include "memcontrol.h"
#include "mm_types.h"
#include "page_alloc.h"
#include "pgtable.h"

#define IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-4095)

/* vm_flags, with the values of include/linux/mm.h */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL
#define VM_UFFD_MISSING	0x00000200UL
#define VM_PFNMAP	0x00000400UL
#define VM_UFFD_WP	0x00001000UL
#define VM_LOCKED	0x00002000UL
#define VM_IO		0x00004000UL
#define VM_SEQ_READ	0x00008000UL
#define VM_RAND_READ	0x00010000UL
#define VM_DONTCOPY	0x00020000UL
#define VM_DONTEXPAND	0x00040000UL
#define VM_LOCKONFAULT	0x00080000UL
#define VM_ACCOUNT	0x00100000UL
#define VM_NORESERVE	0x00200000UL
#define VM_HUGETLB	0x00400000UL
#define VM_SYNC		0x00800000UL
#define VM_ARCH_1	0x01000000UL
#define VM_WIPEONFORK	0x02000000UL
#define VM_DONTDUMP	0x04000000UL
#define VM_SOFTDIRTY	0x08000000UL
#define VM_MIXEDMAP	0x10000000UL
#define VM_HUGEPAGE	0x20000000UL
#define VM_NOHUGEPAGE	0x40000000UL
#define VM_MERGEABLE	0x80000000UL
/* x86 protection keys: VM_HIGH_ARCH_0..3, the VMA's key (vma_pkey()). */
#define VM_PKEY_SHIFT	32
#define VM_PKEY_BIT0	(1UL << 32)
#define VM_PKEY_BIT1	(1UL << 33)
#define VM_PKEY_BIT2	(1UL << 34)
#define VM_PKEY_BIT3	(1UL << 35)
#define ARCH_VM_PKEY_FLAGS (VM_PKEY_BIT0 | VM_PKEY_BIT1 | VM_PKEY_BIT2 | \
			    VM_PKEY_BIT3)

#define VM_STACK_FLAGS	(VM_GROWSDOWN | VM_READ | VM_WRITE | VM_MAYREAD | \
			 VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT)
#define VM_DATA_DEFAULT_FLAGS (VM_READ | VM_WRITE | VM_MAYREAD | \
			       VM_MAYWRITE | VM_MAYEXEC)
#define VM_LOCKED_MASK	(VM_LOCKED | VM_LOCKONFAULT)
#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
/* Flags that do not stop two VMAs from merging. */
#define VM_IGNORE_MERGE	VM_SOFTDIRTY

/* Fault flags (FAULT_FLAG_*) and results (VM_FAULT_*). */
#define FAULT_FLAG_WRITE	0x01
#define FAULT_FLAG_USER		0x04
#define FAULT_FLAG_TRIED	0x20	/* the second try of a retried fault */
#define FAULT_FLAG_REMOTE	0x80
#define FAULT_FLAG_INSTRUCTION	0x100
/* ->fault may do its I/O and ask for a retry (the kernel's 1 << 2). */
#define FAULT_FLAG_ALLOW_RETRY	0x200

#define VM_FAULT_OOM		0x0001
#define VM_FAULT_SIGBUS		0x0002
#define VM_FAULT_MAJOR		0x0004
#define VM_FAULT_SIGSEGV	0x0040
#define VM_FAULT_NOPAGE		0x0100	/* ->map_pages installed the PTE */
#define VM_FAULT_RETRY		0x0400	/* I/O done, try the fault again */

/* x86 page-fault error code bits (arch/x86/include/asm/trap_pf.h). */
#define X86_PF_PROT	0x1	/* 0: no page found, 1: protection fault */
#define X86_PF_WRITE	0x2
#define X86_PF_USER	0x4
#define X86_PF_INSTR	0x10
#define X86_PF_PK	0x20	/* protection-key violation */

#ifndef SEGV_PKUERR
#define SEGV_PKUERR	4
#endif

/* get_user_pages flags for access_remote_vm() (/proc/PID/mem). */
#define FOLL_WRITE	0x01
#define FOLL_FORCE	0x10

/* Values newer than some C libraries' <sys/mman.h>; Linux's own numbers. */
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif
#ifndef MADV_FREE
#define MADV_FREE		8
#endif
#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK		18
#define MADV_KEEPONFORK		19
#endif
#ifndef MADV_COLD
#define MADV_COLD		20
#define MADV_PAGEOUT		21
#endif

#ifndef MREMAP_MAYMOVE
#define MREMAP_MAYMOVE	1
#define MREMAP_FIXED	2
#endif

/* ---- clear_refs (vm/clear_refs.c) ---- */

/* The values /proc/PID/clear_refs takes (fs/proc/task_mmu.c). */
enum clear_refs_types {
	CLEAR_REFS_ALL = 1,
	CLEAR_REFS_ANON,
	CLEAR_REFS_MAPPED,
	CLEAR_REFS_SOFT_DIRTY,
	CLEAR_REFS_MM_HIWATER_RSS,
	CLEAR_REFS_LAST,
};

/**
 * clear_refs_mm() - what writing @type to /proc/PID/clear_refs does to
 * @mm: referenced bits, soft-dirty bits or VmHWM.
 */
void clear_refs_mm(struct mm_struct *mm, enum clear_refs_types type);

/* ---- VMA lookup and helpers (mm/mmap.c) ---- */

/**
 * find_vma() - the first VMA with vm_end > @addr, or NULL.
 * Read lock suffices. O(log n) through mm->mm_rb.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
/** find_vma_intersection() - first VMA overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end);

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* linear_page_index() - page->index for @address in @vma (uses vm_pgoff). */
static inline pgoff_t linear_page_index(const struct vm_area_struct *vma,
					unsigned long address)
{
	return ((address - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}

/* vma_pkey() - the VMA's protection key (0 without protection keys). */
static inline int vma_pkey(const struct vm_area_struct *vma)
{
	return (int)((vma->vm_flags & ARCH_VM_PKEY_FLAGS) >> VM_PKEY_SHIFT);
}

/**
 * calc_vm_prot_bits() - the VM_* flags of PROT_* bits and a protection
 * key (include/linux/mman.h with x86's arch_calc_vm_prot_bits()).
 */
static inline unsigned long calc_vm_prot_bits(unsigned long prot, int pkey)
{
	return (prot & PROT_READ ? VM_READ : 0) |
	       (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0) |
	       ((unsigned long)pkey << VM_PKEY_SHIFT);
}

/* HPAGE_PMD_ORDER: a PMD-sized huge page is 2^9 base pages. */
#define HPAGE_PMD_ORDER	(PMD_SHIFT - PAGE_SHIFT)

/**
 * thp_vma_allowable_orders() - the huge-page orders the machine's THP
 * policy allows @vma, as smaps asks (vm/huge_memory.c). Read lock
 * suffices.
 */
unsigned long thp_vma_allowable_orders(const struct vm_area_struct *vma);

/* An anonymous VMA is one without vm_ops (vma_is_anonymous()). */
static inline bool vma_is_anonymous(const struct vm_area_struct *vma)
{
	return !vma->vm_ops;
}

static inline bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_file && shmem_mapping(vma->vm_file->f_mapping);
}

/* The RSS counter a page-cache page counts in (mm_counter_file()). */
static inline int mm_counter_file(const struct page *page)
{
	return PageSwapBacked(page) ? MM_SHMEMPAGES : MM_FILEPAGES;
}

/* The RSS counter of any mapped page (mm_counter()). */
static inline int mm_counter(const struct page *page)
{
	return PageAnon(page) ? MM_ANONPAGES : mm_counter_file(page);
}

static inline bool is_cow_mapping(unsigned long flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/*
 * soft_dirty_enabled() - CONFIG_MEM_SOFT_DIRTY, chosen per machine at
 * mount time (--soft-dirty): without it no VMA gets VM_SOFTDIRTY, VmFlags
 * never shows "sd" and pagemap bit 55 stays 0. Read lock suffices.
 */
static inline bool soft_dirty_enabled(const struct mm_struct *mm)
{
	return mm->machine->cfg.soft_dirty;
}

/*
 * vma_soft_dirty_enabled() - is soft-dirty tracking armed on @vma
 * (mm/internal.h)? Only once clear_refs 4 has cleared VM_SOFTDIRTY: until
 * then every page of the VMA reports soft-dirty anyway, so no write needs
 * to fault just to set the PTE bit.
 */
static inline bool vma_soft_dirty_enabled(const struct vm_area_struct *vma)
{
	return soft_dirty_enabled(vma->vm_mm) &&
	       !(vma->vm_flags & VM_SOFTDIRTY);
}

/*
 * vm_start_gap() - where the free space below @vma must end: a
 * VM_GROWSDOWN VMA keeps stack_guard_gap free below it, so mmap never
 * places a mapping where the stack could not grow.
 */
static inline unsigned long vm_start_gap(const struct vm_area_struct *vma)
{
	unsigned long start = vma->vm_start;

	if (vma->vm_flags & VM_GROWSDOWN) {
		start -= STACK_GUARD_GAP;
		if (start > vma->vm_start)
			start = 0;
	}
	return start;
}

/* vm_end_gap() - no VM_GROWSUP on x86: free space above starts at vm_end. */
static inline unsigned long vm_end_gap(const struct vm_area_struct *vma)
{
	return vma->vm_end;
}

/* As fs/proc/task_mmu.c names them: [heap] and [stack]. */
bool vma_is_initial_heap(const struct vm_area_struct *vma);
bool vma_is_initial_stack(const struct vm_area_struct *vma);

/**
 * get_unmapped_area() - choose where a new mapping of @len bytes goes.
 * @addr: hint (or the fixed address with MAP_FIXED)
 * Searches top-down from mm->mmap_base using rb_subtree_gap, keeping the
 * stack guard gap below VM_GROWSDOWN VMAs.
 * Return: the address or -ENOMEM.
 */
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr,
				unsigned long len, unsigned long pgoff,
				unsigned long flags);
/* __get_unmapped_area() - the same for a mapping of @file at @pgoff. */
unsigned long __get_unmapped_area(struct mm_struct *mm, struct file *file,
				  unsigned long addr, unsigned long len,
				  unsigned long pgoff, unsigned long flags);

/* ---- system calls: the engine's entry points ---- */

/**
 * sys_mmap() - mmap(2) of anonymous memory: vm_mmap() (fs.h) without a
 * file (MAP_ANONYMOUS required: -EBADF otherwise).
 * @tsk: calling task
 * @addr, @len, @prot, @flags: as mmap(2), PROT_* and MAP_* values
 * Return: the address, or a negative errno cast to unsigned long
 * (-EINVAL bad arguments, -ENOMEM no space, too many mappings or over the
 * overcommit limit, -EEXIST MAP_FIXED_NOREPLACE over a mapping).
 */
unsigned long sys_mmap(struct task_struct *tsk, unsigned long addr,
		       unsigned long len, unsigned long prot,
		       unsigned long flags);
int sys_munmap(struct task_struct *tsk, unsigned long addr, unsigned long len);
int sys_mprotect(struct task_struct *tsk, unsigned long start,
		 unsigned long len, unsigned long prot);
/** sys_mremap() - mremap(2); @flags from MREMAP_MAYMOVE/MREMAP_FIXED. */
unsigned long sys_mremap(struct task_struct *tsk, unsigned long addr,
			 unsigned long old_len, unsigned long new_len,
			 unsigned long flags, unsigned long new_addr);
/**
 * vm_brk_flags() - map [@addr, @addr + PAGE_ALIGN(@len)) as anonymous brk
 * memory (mm/mmap.c), replacing what was there: exec's bss. @flags: 0 or
 * VM_EXEC. Return: 0, -EINVAL, -ENOMEM.
 */
int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
		 unsigned long flags);
/** sys_brk() - brk(2): returns the (possibly unchanged) current break. */
unsigned long sys_brk(struct task_struct *tsk, unsigned long brk);
int sys_madvise(struct task_struct *tsk, unsigned long start,
		unsigned long len, int advice);
int sys_mlock(struct task_struct *tsk, unsigned long start, unsigned long len);
int sys_munlock(struct task_struct *tsk, unsigned long start,
		unsigned long len);

/**
 * sys_fork() - fork(2): copy_process() -> copy_mm() -> dup_mm() ->
 * dup_mmap(). Return: the child's pid, or -ENOMEM / -EAGAIN.
 */
pid_t sys_fork(struct task_struct *parent);
pid_t kernel_clone(struct task_struct *parent, unsigned long clone_flags);
int clone_flags_valid(struct machine *m, unsigned long clone_flags);
/**
 * do_exit() - the task exits with wait status @code (already encoded as
 * waitpid() reports it: (status & 0xff) << 8 for exit, signo for a kill).
 * exit_mm() drops its hold on the address space; the task becomes a
 * zombie, its children go to a live thread of its group or to PID 1; a
 * thread other than the leader, and a zombie child of PID 1 whose
 * threads are gone, are released at once (vm/exit.c).
 * Return: 0, or -EPERM for PID 1, -ESRCH for an exited task.
 */
int do_exit(struct task_struct *tsk, int code);
/** do_group_exit() - exit_group(2) and fatal signals: the whole group. */
int do_group_exit(struct task_struct *tsk, int code);
/** de_thread() - exec's end of the other threads of @tsk's group. */
void de_thread(struct task_struct *tsk);
/**
 * sys_wait4() - reap a zombie child (@pid, or any child when @pid <= 0).
 * Return: the reaped pid with *@status set, -ECHILD when there is no
 * such child, -EAGAIN when the children are all still running (the
 * simulator never blocks).
 */
pid_t sys_wait4(struct task_struct *tsk, pid_t pid, int *status);

/* ---- user accesses and the fault path (mm/memory.c) ---- */

struct fault_stats;

/*
 * struct vm_fault - what the fault handlers pass down (include/linux/mm.h).
 * @vma: target VMA
 * @address: faulting address, page aligned
 * @real_address: faulting address as accessed
 * @pgoff: page offset of @address in the VMA's object (linear_page_index)
 * @flags: FAULT_FLAG_*
 * @pte: the PTE slot for @address (its table exists)
 * @orig_pte: the PTE as found when the fault began
 * @page: the page ->fault() found, holding a reference for us
 * @stats: what this fault did, for the touch reply
 */
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;
	unsigned long real_address;
	pgoff_t pgoff;
	unsigned int flags;
	pte_t *pte;
	pte_t orig_pte;
	struct page *page;
	struct fault_stats *stats;
};

/*
 * struct vm_operations_struct - what a file-backed VMA's faults call
 * (include/linux/mm.h). An anonymous VMA has none.
 * @fault: find (or read) the page at vmf->pgoff and put it, with a
 *	reference, in vmf->page; VM_FAULT_* bits (VM_FAULT_MAJOR when it
 *	had to be read)
 * @map_pages: fault-around: map the cached pages of [start, end]
 * @page_mkwrite: a page of a shared mapping is about to become writable
 *	(NULL: no write-notify needed, as for shmem)
 */
struct vm_operations_struct {
	unsigned int (*fault)(struct vm_fault *vmf);
	unsigned int (*map_pages)(struct vm_fault *vmf, pgoff_t start_pgoff,
				  pgoff_t end_pgoff);
	unsigned int (*page_mkwrite)(struct vm_fault *vmf);
	/* a special mapping's name in maps ("[vdso]"), NULL otherwise */
	const char *(*name)(struct vm_area_struct *vma);	/* the table's own name, as %ps prints vma->vm_ops (struct views) */
	const char *ops_name;
};

extern const struct vm_operations_struct generic_file_vm_ops;
extern const struct vm_operations_struct shmem_vm_ops;
extern const struct vm_operations_struct shmem_anon_vm_ops;

/* The page-cache side of the fault path (vm/filemap.c). */
unsigned int filemap_fault(struct vm_fault *vmf);
unsigned int filemap_map_pages(struct vm_fault *vmf, pgoff_t start_pgoff,
			       pgoff_t end_pgoff);
unsigned int filemap_page_mkwrite(struct vm_fault *vmf);
/**
 * set_pte_range() - map @page at @addr for the fault @vmf (memory.c):
 * the page-cache page itself, or for a private write the new anonymous
 * copy. The caller has taken the PTE's reference and counts RSS.
 */
void set_pte_range(struct vm_fault *vmf, struct page *page, unsigned long addr,
		   pte_t *pte);
/*
 * folio_mark_dirty() - the page's contents changed: PG_dirty, and for a
 * file that writes back the dirty tag and NR_FILE_DIRTY/nr_dirtied
 * (filemap_dirty_folio(); shmem's noop_dirty_folio() sets the flag only).
 * Return: true if it was clean.
 */
bool folio_mark_dirty(struct page *page);
/**
 * unmap_mapping_range() - zap every PTE, private COW copies included
 * (even_cows), that maps page offsets [@first, @last] of @mapping in any
 * VMA on its i_mmap (truncation).
 */
void unmap_mapping_range(struct address_space *mapping, pgoff_t first,
			 pgoff_t last);

enum access_mode { ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC };

/* What one touch/store/load did, for its one-line reply. */
struct fault_stats {
	unsigned long pages;		/* pages accessed */
	unsigned long faults;		/* page faults taken */
	unsigned long anon;		/* do_anonymous_page with a new frame */
	unsigned long zero;		/* do_anonymous_page mapping the zero page */
	unsigned long cow;		/* do_wp_page copies */
	unsigned long reuse;		/* do_wp_page reusing an exclusive page */
	unsigned long shmem;		/* shmem_fault */
	unsigned long file;		/* filemap_fault (a file's page) */
	unsigned long major;		/* faults that had to read the file
					 * or the swap slot */
	unsigned long swap;		/* do_swap_page: a swap entry mapped */
	unsigned long spurious;		/* fault that found nothing to do */
	unsigned long expand;		/* expand_stack calls that grew the stack */
	unsigned long oom_kills;	/* tasks the OOM killer ended meanwhile,
					 * the accessing task included */
};

struct access_result {
	int signo;			/* 0, SIGSEGV or SIGKILL */
	int si_code;			/* SEGV_MAPERR, SEGV_ACCERR, SEGV_PKUERR,
					 * SI_KERNEL (#GP) or BUS_ADRERR */
	unsigned long addr;		/* faulting address */
	struct fault_stats stats;
};

/**
 * user_access() - what the CPU does for user-mode accesses of [addr,
 * addr+len): walk the page tables like the MMU, setting accessed/dirty
 * bits, and call do_page_fault() with the right x86 error code whenever a
 * PTE is missing or forbids the access; then retry.
 * @tsk: task making the access
 * @addr, @len: range (any alignment; @len > 0)
 * @mode: ACCESS_READ, ACCESS_WRITE or ACCESS_EXEC
 * @buf: for ACCESS_WRITE the bytes to store (NULL: touch, data unchanged);
 *	for ACCESS_READ the bytes loaded (NULL: touch only)
 * @res: filled with the signal, if any, and the faults taken
 *
 * A bad access ends in force_sig_fault(SIGSEGV): the task is killed and
 * its memory freed; that is not an error (return 0, res->signo set).
 *
 * Return: 0, or -errno when the task is gone or the arguments are bad.
 */
int user_access(struct task_struct *tsk, unsigned long addr, size_t len,
		enum access_mode mode, void *buf, struct access_result *res);

/**
 * do_page_fault() - the x86 fault handler: find_vma, expand_stack,
 * access_error, handle_mm_fault, and the signal on failure.
 * Return: 0 if the fault was handled, or the signal to deliver (SIGSEGV,
 * SIGBUS) with @res->si_code set; SIGKILL when memory ran out and the OOM
 * killer chose the faulting task; -ENOMEM when it cannot even do that
 * (PID 1, oom_score_adj -1000).
 */
int do_page_fault(struct task_struct *tsk, unsigned long address,
		  unsigned long error_code, struct access_result *res);
unsigned int handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			     unsigned int flags, struct fault_stats *stats);
int expand_stack(struct vm_area_struct *vma, unsigned long address);

/**
 * access_remote_vm() - read or write another process's memory with
 * ptrace's force semantics, as /proc/PID/mem does (FOLL_FORCE: writes to
 * a private read-only mapping break COW instead of failing).
 * Return: bytes transferred (short at an unmapped page), or -EIO if none.
 */
long access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf,
		      size_t len, unsigned int gup_flags);

/**
 * vm_normal_page() - the struct page a present PTE maps, or NULL for the
 * shared zero page (a "special" mapping that rmap, refcounts and RSS
 * never see) and for anything outside mem_map. Read lock suffices.
 */
struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr,
			    pte_t pte);

/*
 * struct zap_details - what a zap does besides clearing PTEs
 * (include/linux/mm.h). mmsim's zaps only ever need @reclaim_pt; there
 * are no file mappings whose private COW pages a truncation would spare
 * (even_cows) and no uffd-wp markers to keep.
 */
struct zap_details {
	bool reclaim_pt;	/* free a PTE table the zap empties whole
				 * (CONFIG_PT_RECLAIM, MADV_DONTNEED) */
};

/**
 * unmap_page_range() - unmap the pages in [start, end) of @vma, dropping
 * rmap, refcounts and RSS (zap_pte_range() for each PTE table). Tables
 * stay, but for those @details->reclaim_pt frees; free_pgd_range()
 * removes the rest. The caller has updated the RSS high-water mark
 * (unmap_vmas(), exit_mmap()). @details may be NULL.
 */
void unmap_page_range(struct vm_area_struct *vma, unsigned long start,
		      unsigned long end, const struct zap_details *details);
/**
 * zap_page_range_single() - unmap @size bytes from @address in one VMA,
 * as MADV_DONTNEED does: the RSS high-water mark first, then
 * unmap_page_range() with @details (or NULL).
 */
void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size, const struct zap_details *details);
/**
 * copy_page_range_prepare() - fork's first pass: give the child's VMA
 * every page table copy_page_range() will write into, with the OOM
 * killer's help. The parent is not touched. Return: 0 or -ENOMEM.
 */
int copy_page_range_prepare(struct vm_area_struct *dst_vma,
			    struct vm_area_struct *src_vma);
/**
 * copy_page_range() - fork's second pass: copy the PTEs into the tables
 * copy_page_range_prepare() made, write-protecting COW PTEs on both
 * sides. Cannot fail.
 */
void copy_page_range(struct vm_area_struct *dst_vma,
		     struct vm_area_struct *src_vma);
/**
 * populate_vma_page_range() - fault in [start, end) as MAP_POPULATE,
 * MAP_LOCKED and mlock do (writes for writable private mappings).
 */
long populate_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			     unsigned long end);

/* RSS bookkeeping (mm_counter_file / inc_mm_counter...). */
void add_mm_counter(struct mm_struct *mm, int member, long value);
static inline unsigned long get_mm_counter(const struct mm_struct *mm,
					   int member)
{
	return (unsigned long)mm->rss_stat[member];
}
static inline unsigned long get_mm_rss(const struct mm_struct *mm)
{
	return get_mm_counter(mm, MM_FILEPAGES) +
	       get_mm_counter(mm, MM_ANONPAGES) +
	       get_mm_counter(mm, MM_SHMEMPAGES);
}
void update_hiwater_rss(struct mm_struct *mm);
void update_hiwater_vm(struct mm_struct *mm);

/*
 * ---- LRU lists (mm/swap.c, mm/mlock.c; vm/mmzone.h) ----
 * A page on an LRU has PG_lru and is linked on its lruvec's list through
 * page->lru; PG_swapbacked and PG_active say which list; PG_unevictable
 * puts it on the unevictable list. New anon and shmem pages go to the
 * inactive anon list (or unevictable in a VM_LOCKED VMA), as
 * lru_cache_add_inactive_or_unevictable() does. A page's lruvec is
 * folio_lruvec()'s answer, never anything else.
 */
enum lru_list folio_lru_list(const struct page *page);
extern const enum node_stat_item lru_node_stat[NR_LRU_LISTS];
struct lruvec *folio_lruvec(struct machine *m, struct page *page);
struct lruvec *mem_cgroup_lruvec(struct machine *m, struct mem_cgroup *memcg);
void lruvec_add_page_tail(struct machine *m, struct page *page);
void lru_cache_add_inactive_or_unevictable(struct page *page,
					   struct vm_area_struct *vma);
void lru_cache_del(struct machine *m, struct page *page);
/* put_page() for a page that may be on an LRU list (__folio_put()). */
void folio_put(struct machine *m, struct page *page);
/* folio_add_lru(): a page with no VMA context (shmem cache) goes inactive. */
void lru_cache_add(struct machine *m, struct page *page);
void mark_page_accessed(struct machine *m, struct page *page);
void deactivate_page(struct machine *m, struct page *page);
void lruvec_add_page(struct machine *m, struct page *page);
void lruvec_del_page(struct machine *m, struct page *page);
/* mm/mlock.c: a page gains or loses one VM_LOCKED VMA that maps it. */
void mlock_page(struct machine *m, struct page *page);
void mlock_new_page(struct machine *m, struct page *page);
void munlock_page(struct machine *m, struct page *page);

/* ---- reverse mapping (mm/rmap.c) ---- */

int __anon_vma_prepare(struct vm_area_struct *vma);

/*
 * anon_vma_prepare - make sure @vma has an anon_vma (include/linux/rmap.h's
 * inline): only a VMA without one calls __anon_vma_prepare(), so only that
 * call is a function in function_graph, as on Linux.
 */
static inline int anon_vma_prepare(struct vm_area_struct *vma)
{
	if (vma->anon_vma)
		return 0;
	return __anon_vma_prepare(vma);
}
int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src);
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma);
void unlink_anon_vmas(struct vm_area_struct *vma);

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    unsigned long address);
void __page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			      unsigned long address, bool exclusive);
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long address, bool exclusive);
void page_add_file_rmap(struct page *page, struct vm_area_struct *vma);
void page_remove_rmap(struct page *page, struct vm_area_struct *vma);
void page_dup_rmap(struct page *page);
/* folio_move_anon_rmap(): a reused COW page moves to @vma's own anon_vma. */
void page_move_anon_rmap(struct page *page, struct vm_area_struct *vma);

/**
 * struct rmap_walk_control - what rmap_walk() does at each mapping
 * @rmap_one: called with each VMA and address mapping @page; return false
 *	to stop the walk
 */
struct rmap_walk_control {
	void *arg;
	bool (*rmap_one)(struct page *page, struct vm_area_struct *vma,
			 unsigned long address, void *arg);
};

/**
 * rmap_walk() - visit every (VMA, address) that maps @page: through the
 * anon_vma interval tree for anon pages, through i_mmap for shmem pages.
 * Only PTEs that really map the page are reported. Read lock suffices.
 */
void rmap_walk(struct page *page, struct rmap_walk_control *rwc);

/*
 * try_to_unmap() - reclaim's unmapping of a page from every PTE, through
 * rmap_walk(): swap entries left behind for an anonymous page, nothing
 * for a page-cache page (vm/rmap.c).
 */
bool try_to_unmap(struct page *page);

/**
 * folio_isolate_lru() - take @page off its LRU list for a caller that puts
 * it back (madvise pageout): an isolation reference, PG_lru cleared.
 * Return: false if it was on no list (nothing changed).
 */
bool folio_isolate_lru(struct machine *m, struct page *page);
/** folio_putback_lru() - an isolated @page back on its list, the reference dropped. */
void folio_putback_lru(struct machine *m, struct page *page);
/**
 * reclaim_pages() - madvise pageout's reclaim (vm/vmscan.c):
 * shrink_folio_list() ignoring references over @folio_list, pages
 * folio_isolate_lru() took, each page not freed put back on its list.
 * Return: pages freed.
 */
struct lru_head;
unsigned long reclaim_pages(struct machine *m, struct lru_head *folio_list);

/**
 * walk_mm_anon_vmas() - call @fn for each anon_vma that one of @mm's VMAs
 * is chained to (through its anon_vma_chain list), each once, in the
 * order they were allocated (by serial). A view's walk: changes nothing.
 * Return: 0, -ENOMEM when the host has no memory for the list, or the
 * first nonzero value @fn returned.
 */
int walk_mm_anon_vmas(struct mm_struct *mm,
		      int (*fn)(struct anon_vma *anon_vma, void *arg),
		      void *arg);

/**
 * walk_anon_vma_tree() - call @fn for each anon_vma_chain on
 * @anon_vma's interval tree (its rb_root), in the tree's order (by the
 * VMAs' vm_pgoff). Changes nothing.
 * Return: 0, or the first nonzero value @fn returned.
 */
int walk_anon_vma_tree(struct anon_vma *anon_vma,
		       int (*fn)(struct anon_vma_chain *avc, void *arg),
		       void *arg);

/* vma_address() - where @page would sit in @vma, or -EFAULT. */
unsigned long vma_address(struct page *page, struct vm_area_struct *vma);

/* Interval trees over anon_vma_chains and over VMAs in i_mmap. */
void anon_vma_interval_tree_insert(struct anon_vma_chain *node,
				   struct rb_root_cached *root);
void anon_vma_interval_tree_remove(struct anon_vma_chain *node,
				   struct rb_root_cached *root);
struct anon_vma_chain *anon_vma_interval_tree_iter_first(
	struct rb_root_cached *root, unsigned long start, unsigned long last);
struct anon_vma_chain *anon_vma_interval_tree_iter_next(
	struct anon_vma_chain *node, unsigned long start, unsigned long last);
void vma_interval_tree_insert(struct vm_area_struct *node,
			      struct rb_root_cached *root);
void vma_interval_tree_remove(struct vm_area_struct *node,
			      struct rb_root_cached *root);
struct vm_area_struct *vma_interval_tree_iter_first(
	struct rb_root_cached *root, unsigned long start, unsigned long last);
struct vm_area_struct *vma_interval_tree_iter_next(
	struct vm_area_struct *node, unsigned long start, unsigned long last);

/* ---- shmem (mm/shmem.c) ---- */

/** shmem_zero_setup() - back a shared anonymous VMA with a shmem file. */
int shmem_zero_setup(struct vm_area_struct *vma);
/** shmem_get_folio() - the cache page at @index, swapped in or allocated. */
struct page *shmem_get_folio(struct inode *inode, pgoff_t index,
			     struct mm_struct *fault_mm, unsigned int *fault_type);
unsigned int shmem_fault(struct vm_fault *vmf);
/*
 * AOP_WRITEPAGE_ACTIVATE: a write-out refused (include/linux/fs.h); the
 * page is dirty again and reclaim activates it.
 */
#define AOP_WRITEPAGE_ACTIVATE	0x80000
/** shmem_writeout() - reclaim's write of a dirty shmem page to swap. */
int shmem_writeout(struct machine *m, struct page *page);
/** shmem_free_swap_range() - forget the swap entries of [@start, @end]. */
void shmem_free_swap_range(struct inode *inode, pgoff_t start, pgoff_t end);
/** shmem_swapin_range() - madvise willneed: swap entries into the swap cache. */
void shmem_swapin_range(struct inode *inode, pgoff_t start, pgoff_t end);
/** shmem_swap_usage() - bytes of @vma's object in swap (smaps' Swap). */
unsigned long shmem_swap_usage(const struct vm_area_struct *vma);
/** shmem_partial_swap_usage() - bytes of [@start, @end) in swap. */
unsigned long shmem_partial_swap_usage(const struct address_space *mapping,
				       pgoff_t start, pgoff_t end);
/** shmem_swapped() - the object's swapped pages and their entries (check). */
unsigned long shmem_swapped(const struct inode *inode,
			    const struct xarray **entries);
/* shmem_name() - the name of a shmem object's file ("dev/zero"). */
const char *shmem_name(const struct inode *inode);
/* shmem_evict_inode() - free a shmem inode's private part (iput()). */
void shmem_evict_inode(struct inode *inode);

/* ---- VMA structure helpers shared inside the engine ---- */

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
void vm_area_free(struct vm_area_struct *vma);
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
/* Link a VMA into mm's list and tree, and its file's i_mmap. */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma);
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma);
void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages);

/*
 * ---- VMA layer internals (mm/vma.h): shared by mmap.c, mprotect.c,
 * mlock.c, madvise.c and mremap.c ----
 * vma_link()/vma_unlink() also count the VMA in mm->map_count.
 */
#ifndef VM_SPECIAL
#define VM_SPECIAL	(VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP)
#endif

int __vm_enough_memory(struct mm_struct *mm, long pages, int cap_sys_admin);
void vm_acct_memory(struct machine *m, long pages);
void vm_unacct_memory(struct machine *m, long pages);
/* vma_page_prot() - vm_page_prot for the VMA's flags (vma_set_page_prot). */
pgprot_t vma_page_prot(const struct vm_area_struct *vma);
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long addr, int new_below);
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr, int new_below);
int vma_modify_flags(struct vm_area_struct **vmap, unsigned long start,
		     unsigned long end, unsigned long *newflags);
int vma_check_mapped(struct mm_struct *mm, unsigned long start,
		     unsigned long end);
int vma_modify_precheck(struct mm_struct *mm, unsigned long start,
			unsigned long end,
			unsigned long (*newflags)(struct vm_area_struct *vma,
						  void *arg),
			void *arg);
struct vm_area_struct *vma_merge_extend(struct vm_area_struct *vma,
					unsigned long delta);
struct vm_area_struct *copy_vma_prepare(struct vm_area_struct *vma,
					unsigned long addr, unsigned long len,
					pgoff_t pgoff);
void copy_vma_discard(struct vm_area_struct *new_vma);
struct vm_area_struct *copy_vma(struct vm_area_struct **vmap,
				struct vm_area_struct *new_vma);
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
int __mm_populate(struct task_struct *tsk, unsigned long start,
		  unsigned long len, int ignore_errors);

/* ---- address-space lifetime (kernel/fork.c, mm/mmap.c) ---- */

struct mm_struct *mm_alloc(struct machine *m);
void mmput(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);
/** mmgrab() - pin the mm_struct (not its pages): mm_count + 1. */
static inline void mmgrab(struct mm_struct *mm)
{
	mm->mm_count++;
}
struct task_struct *alloc_task_struct(struct machine *m);
/* vm/kthread.c: boot's kernel threads (--kthreads) and their end. */
int kthreads_init(struct machine *m);
void kthreads_exit(struct machine *m);
void free_task(struct task_struct *tsk);
/** exit_mmap() - unmap and free every VMA, page and table of @mm. */
void exit_mmap(struct mm_struct *mm);
struct mm_struct *dup_mm(struct task_struct *tsk, struct mm_struct *oldmm);
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);

/* ---- OOM (mm/oom_kill.c) ---- */

/** oom_badness() - rss + swap entries + page-table pages, adjusted. */
long oom_badness(struct task_struct *p, unsigned long totalpages);
/* What out_of_memory() did. */
enum oom_result {
	OOM_NO_VICTIM,		/* nothing killable: the allocation fails */
	OOM_KILLED,		/* another task died, its memory is free: retry */
	OOM_CHOSE_CURRENT,	/* the victim is current: the allocation fails,
				 * and only the fault path ends the task */
};

/**
 * out_of_memory() - kill the task with the highest badness (SIGKILL),
 * unless that is the current task. OOM_KILL counts only a kill made.
 * Return: see enum oom_result.
 */
enum oom_result out_of_memory(struct machine *m);

struct mem_cgroup;
/**
 * mem_cgroup_out_of_memory() - out_of_memory() inside @memcg: the victim
 * is chosen among the group's (and its descendants') tasks, scored
 * against the group's limit (mem_cgroup_get_max()); each kill counts in
 * memory.events oom_kill, and with memory.oom.group the whole group
 * goes (oom_group_kill). Return: as out_of_memory().
 */
enum oom_result mem_cgroup_out_of_memory(struct machine *m,
					 struct mem_cgroup *memcg);

/* ---- the invariant checker (CONFIG_DEBUG_VM, mm/debug.c) ---- */

/**
 * mm_check_machine() - check that page tables, _mapcount/_refcount, the
 * rmap, RSS counters, VMA list and tree, and the buddy free lists agree.
 * @m: machine (read lock suffices)
 * @report: on failure, set to a malloc'ed text listing every problem,
 *	one per line (caller frees)
 * Return: 0 if consistent, -EUCLEAN otherwise.
 */
int mm_check_machine(struct machine *m, char **report);

#endif
