/*
 * mm_types.h - the engine's core structures, named and shaped as in the
 * kernel's include/linux/mm_types.h: struct page, vm_area_struct,
 * mm_struct, anon_vma and anon_vma_chain, plus the small task and shmem
 * objects that own them.
 */
#ifndef MMSIM_MM_TYPES_H
#define MMSIM_MM_TYPES_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "list.h"
#include "rbtree.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define PAGE_ALIGNED(x)	(((x) & (PAGE_SIZE - 1)) == 0)

/*
 * x86-64 user address space (arch/x86/include/asm/page_64_types.h).
 * TASK_SIZE is 4-level paging's TASK_SIZE_MAX, 48-bit addresses, and also
 * DEFAULT_MAP_WINDOW: the 47-bit window where mmap, the stack and brk
 * stay by default. With 5-level paging (LA57) an mm's task_size is
 * TASK_SIZE_MAX_LA57 (57-bit addresses), and only an mmap hint above the
 * window reaches beyond it, as on Linux. Limits that depend on the
 * machine read mm->task_size.
 */
#define TASK_SIZE	0x7ffffffff000UL
#define DEFAULT_MAP_WINDOW	TASK_SIZE
#define TASK_SIZE_MAX_LA57	0x00fffffffffff000UL
#define MMAP_BASE	0x7ffff7fff000UL	/* mmap_base with ASLR off */
#define STACK_TOP	0x7ffffffff000UL
#define STACK_START	0x7ffffffde000UL	/* initial [stack] VMA start */
#define START_BRK	0x555555559000UL	/* initial (empty) brk area */
#define STACK_GUARD_GAP	(256UL << PAGE_SHIFT)	/* stack_guard_gap default */
#define DEFAULT_MAX_MAP_COUNT	65530

typedef unsigned long pgoff_t;
typedef uint64_t pteval_t;
typedef struct { pteval_t pte; } pte_t;
typedef struct { pteval_t pmd; } pmd_t;
typedef struct { pteval_t pud; } pud_t;
typedef struct { pteval_t p4d; } p4d_t;
typedef struct { pteval_t pgd; } pgd_t;
typedef struct { pteval_t pgprot; } pgprot_t;

struct address_space;
struct anon_vma;
struct mm_struct;
struct task_struct;
struct machine;
struct kmem_cache;

/*
 * struct page - one per simulated physical frame (mem_map[pfn]).
 *
 * Kept at 64 bytes, like the kernel's, so an untouched frame costs the host
 * no more than Linux's struct page does: the frame's contents live behind
 * @virtual and are allocated only when something non-zero is stored.
 *
 * @mapping: for anonymous pages, the anon_vma with PAGE_MAPPING_ANON set in
 * bit 0; for page-cache pages (files and shmem), the owning
 * address_space; NULL otherwise.
 * @_mapcount: number of PTEs mapping the page, minus one (-1 = unmapped).
 * @_refcount: references held (each mapping PTE, page cache, allocation).
 */
struct page {
	unsigned long flags;		/* PG_* bits, see page_alloc.h */
	int _refcount;
	int _mapcount;
	union {
		struct {		/* anon, shmem and free pages */
			struct address_space *mapping;
			pgoff_t index;
		};
		struct {		/* a slab's frames (the kernel's struct slab) */
			struct kmem_cache *slab_cache;
			/* First frame: objects allocated, and objects it
			 * holds (0 in the others): 16 bits each, as the
			 * kernel's inuse:16 and objects:15. */
			unsigned short inuse, objects;
			/* First frame: its freelist in slab_cache->freelists
			 * (vm/slab.c's slab_freelist()). */
			unsigned int freelist_id;
		};
	};
	union {
		struct list_head lru;	/* buddy free list while free; a partial
					 * slab's place on its cache's list; a
					 * page table's pgtable_cache link */
		struct {		/* an allocated page of anon or a cache */
			/*
			 * Its LRU list links (vm/mmzone.h): the PFNs of
			 * the newer and the older neighbour, LRU_NIL at an
			 * end. The kernel links folio->lru; 32-bit PFNs
			 * leave room for @swap in struct page's 64 bytes.
			 */
			uint32_t lru_newer, lru_older;
			unsigned long swap;	/* PG_swapcache: its swp_entry_t
						 * (the kernel's folio->swap) */
		};
	};
	void *virtual;			/* host copy of the 4 KiB, or NULL = zeroes */
	unsigned int private;		/* buddy order while PageBuddy; the slab's
					 * order in a slab's first frame */
	unsigned int page_type;		/* PGTY_* while the page has a type */
};

#define PAGE_MAPPING_ANON	0x1UL

/*
 * struct anon_vma - the root of reverse mapping for anonymous pages
 * (mm/rmap.c). Every anon page's ->mapping points at the anon_vma of the
 * VMA that first faulted it in; the anon_vma's interval tree holds an
 * anon_vma_chain for every VMA (in any process) that may map such pages.
 */
struct anon_vma {
	struct anon_vma *root;		/* root of this anon_vma tree */
	struct anon_vma *parent;	/* parent in the fork hierarchy */
	int refcount;			/* pages and VMAs pinning it */
	unsigned long num_children;	/* anon_vmas whose parent is this */
	unsigned long num_active_vmas;	/* VMAs whose ->anon_vma is this */
	struct rb_root_cached rb_root;	/* interval tree of anon_vma_chains */
	unsigned long serial;		/* allocation order, for stable output */
};

/*
 * struct anon_vma_chain - links one VMA with one anon_vma: on the VMA's
 * ->anon_vma_chain list (same_vma) and in the anon_vma's interval tree (rb),
 * keyed by the VMA's page offsets [vm_pgoff, vm_pgoff + pages - 1].
 */
struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma;
	struct rb_node rb;
	unsigned long rb_subtree_last;
};

/*
 * struct address_space, struct inode, struct file: the file layer's, in
 * fs.h (mm.h includes it).
 */
struct inode;
struct file;
struct files_struct;
struct vm_operations_struct;

/*
 * struct vm_area_struct - one contiguous range with one set of attributes.
 *
 * Kept on two structures at once, as in the seeds' kernels: the
 * address-ordered list (vm_next/vm_prev from mm->mmap) and the red-black
 * tree mm->mm_rb, augmented with rb_subtree_gap, the largest free gap
 * below any VMA in the subtree (used by get_unmapped_area).
 */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;		/* first byte after the area */
	struct vm_area_struct *vm_next, *vm_prev;
	struct rb_node vm_rb;
	unsigned long rb_subtree_gap;
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	unsigned long vm_flags;		/* VM_* from mm.h */

	struct {			/* in file->f_inode->i_mapping->i_mmap */
		struct rb_node rb;
		unsigned long rb_subtree_last;
	} shared;

	struct list_head anon_vma_chain;
	struct anon_vma *anon_vma;

	unsigned long vm_pgoff;		/* offset in PAGE_SIZE units */
	struct file *vm_file;		/* the file mapped, or NULL (anonymous) */
	const struct vm_operations_struct *vm_ops; /* NULL: anonymous */
	void *vm_private_data;		/* a special mapping's description */
};

enum {
	MM_FILEPAGES,
	MM_ANONPAGES,
	MM_SWAPENTS,
	MM_SHMEMPAGES,
	NR_MM_COUNTERS
};

/*
 * mm_context_t - the x86 part of an mm that mmsim models: the protection
 * keys allocated (bit N: key N; key 0 always) and the execute-only key
 * (-1 until an execute-only mapping needs one). See vm/pkeys.c.
 */
typedef struct {
	uint16_t pkey_allocation_map;
	int16_t execute_only_pkey;
	bool has_vsyscall;		/* MM_CONTEXT_HAS_VSYSCALL: a 64-bit exec */
	unsigned long vdso;		/* [vdso]'s start (AT_SYSINFO_EHDR) */
} mm_context_t;

/* mm->saved_auxv: the auxv exec wrote, AT_NULL included (words). */
#define MM_SAVED_AUXV_WORDS	64

/*
 * struct mm_struct - an address space.
 *
 * @pgd: host pointer to the top-level table; the table is itself a
 * simulated frame (@pgd_pfn), counted in NR_PAGETABLE but, as in the
 * kernel (mm_inc_nr_puds/pmds/ptes), not in @pgtables_bytes (VmPTE).
 */
struct mm_struct {
	struct vm_area_struct *mmap;	/* address-ordered VMA list */
	struct rb_root mm_rb;
	struct vm_area_struct *mmap_cache; /* last find_vma result */
	unsigned long highest_vm_end;
	pgd_t *pgd;
	unsigned long pgd_pfn;
	int map_count;
	int mm_users;
	int mm_count;

	unsigned long mmap_base;
	unsigned long task_size;

	unsigned long hiwater_rss;	/* pages */
	unsigned long hiwater_vm;	/* pages */
	unsigned long total_vm;
	unsigned long locked_vm;
	unsigned long pinned_vm;
	unsigned long data_vm;
	unsigned long exec_vm;
	unsigned long stack_vm;
	unsigned long def_flags;

	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;

	long rss_stat[NR_MM_COUNTERS];	/* pages */
	long pgtables_bytes;
	/*
	 * Table frames allocated ahead of a move that must not fail once
	 * begun (mremap), linked through page->lru; the table allocator
	 * takes from here first (pgtable_cache_topup()). Empty between
	 * commands.
	 */
	struct list_head pgtable_cache;
	unsigned long pgtable_cache_nr;
	mm_context_t context;
	struct file *exe_file;		/* the program exec ran (/proc/PID/exe) */
	unsigned long saved_auxv[MM_SAVED_AUXV_WORDS];
	int saved_auxv_len;		/* words of saved_auxv in use */
	unsigned long trace_id;		/* its number, for rss_stat's mm_id */
	unsigned long cpu_bitmap;	/* mm_cpumask(): CPUs with it in CR3 */
	uint64_t tlb_gen;		/* context.tlb_gen: flushes asked for */
	/*
	 * The mmu_gather of the unmap in progress on this mm (vm/tlb.c:
	 * tlb_gather_mmu() .. tlb_finish_mmu()): the range of PTEs cleared
	 * and whether page tables were freed, flushed once at the end.
	 */
	struct {
		unsigned long start, end;
		bool freed_tables, fullmm;
		bool forget;	/* the teaching switch skips this flush */
		int nest;
	} tlb;
	struct task_struct *owner;	/* whose cgroup its pages are charged to
					 * (CONFIG_MEMCG's mm->owner) */
	struct machine *machine;
};

enum task_state {
	TASK_RUNNING,
	TASK_SLEEPING,			/* blocked in wait */
	EXIT_ZOMBIE,
	EXIT_DEAD,
};

#define TASK_COMM_LEN 16

/*
 * struct signal_struct - what a thread group shares (kernel's
 * signal_struct, copy_signal()): its thread list, and the fault counts
 * that outlive a thread or a reaped child.
 * @sigcnt: tasks holding it (the threads of the group)
 * @nr_threads: threads of the group that have not been released; status'
 *	Threads:, stat's num_threads
 * @thread_head: the group's tasks, through task_struct.thread_node, in
 *	the order they were created (the leader first)
 * @min_flt, @maj_flt: faults of the group's threads that were released
 *	(__exit_signal()); /proc/PID/stat adds the live threads' own
 * @cmin_flt, @cmaj_flt: minor and major faults of the reaped children and,
 *	through their own cmin_flt/cmaj_flt, of everything they reaped
 *	(wait_task_zombie()); /proc/PID/stat fields 11 and 13
 */
struct signal_struct {
	int sigcnt;
	int nr_threads;
	struct list_head thread_head;
	unsigned long min_flt, maj_flt;
	unsigned long cmin_flt, cmaj_flt;
};

/*
 * struct sighand_struct - the signal handlers (copy_sighand()). mmsim's
 * tasks take every signal's default action, so only the count of tasks
 * sharing it is kept; the object is there so that a process is charged
 * to sighand_cache as in the kernel.
 */
struct sighand_struct {
	int count;
};

/*
 * struct task_struct - a simulated task (a process, or a thread of one):
 * just enough of the kernel's to own or share an mm, form the
 * parent/child tree and thread groups, exit and be reaped.
 *
 * Thread groups (clone with CLONE_THREAD): every thread has its own pid
 * (the TID) and shares the leader's tgid, signal_struct and, through
 * CLONE_VM and CLONE_SIGHAND which CLONE_THREAD needs, its mm and
 * sighand. Only the leader is on its parent's children list; a thread's
 * real_parent is the leader's. A thread other than the leader is
 * released as soon as it exits (it has no parent to wait for it); the
 * leader exits last (do_group_exit()).
 */
struct task_struct {
	pid_t pid;
	pid_t tgid;			/* the group leader's pid */
	int cpu;			/* task_cpu(): where its commands run */
	unsigned long cpus_mask;	/* sched_setaffinity(); 0: every CPU */
	struct task_struct *group_leader;	/* itself for a leader */
	struct list_head thread_node;	/* signal->thread_head */
	enum task_state state;
	char comm[TASK_COMM_LEN];
	struct mm_struct *mm;		/* NULL once exit_mm() has run */
	struct task_struct *real_parent;
	struct list_head children;
	struct list_head sibling;
	struct list_head tasks;		/* machine->tasks, ordered by pid */
	int exit_code;			/* wait status, as from waitpid() */
	int exit_signal;
	int oom_score_adj;
	unsigned long min_flt, maj_flt;	/* mm_account_fault(); 0 at fork */
	struct signal_struct *signal;	/* copy_signal(); shared by a group */
	struct sighand_struct *sighand;	/* copy_sighand(); CLONE_SIGHAND shares */
	unsigned long long start_time_ns;	/* since boot */
	unsigned long nvcsw, nivcsw;
	uint32_t thread_pkru;		/* PKRU (vm/pkeys.c), copied by fork */
	struct files_struct *files;	/* fd table (vm/file.c); NULL after exit */
	unsigned int flags;		/* PF_*: PF_KTHREAD for a kernel thread */
	/*
	 * A kernel thread's (mm NULL) borrowed address space while it runs:
	 * the mm its CPU held when it switched in, pinned by mm_count
	 * (context_switch(), vm/sched.c); NULL while it sleeps. A user
	 * task's active_mm is its mm: task_active_mm().
	 */
	struct mm_struct *active_mm;
	struct cgroup *cgroup;		/* its cgroup (the css_set's, for the one
					 * hierarchy); NULL once it exited */
	struct machine *machine;
};

/* task_struct.flags (include/linux/sched.h) that mmsim's tasks show. */
#define PF_EXITING	0x00000004	/* getting shut down */
#define PF_POSTCOREDUMP	0x00000008	/* coredumps handled */
#define PF_FORKNOEXEC	0x00000040	/* forked but did not exec */
#define PF_MEMALLOC	0x00000800	/* may dip into the reserves */
#define PF_NOFREEZE	0x00008000	/* not frozen for suspend */
#define PF_KSWAPD	0x00020000	/* the kswapd thread */
#define PF_KTHREAD	0x00200000	/* a kernel thread */

/* task_active_mm() - the mm @t runs in: its own, or a kthread's borrowed. */
static inline struct mm_struct *task_active_mm(const struct task_struct *t)
{
	return (t->flags & PF_KTHREAD) ? t->active_mm : t->mm;
}

/* The clone(2) flags mmsim's `clone` takes (include/uapi/linux/sched.h). */
#ifndef CLONE_VM	/* <sched.h> under _GNU_SOURCE has the same */
#define CLONE_VM	0x00000100
#define CLONE_FILES	0x00000400
#define CLONE_SIGHAND	0x00000800
#define CLONE_THREAD	0x00010000
#endif

static inline bool thread_group_leader(const struct task_struct *p)
{
	return p->group_leader == p;
}

/* for_each_thread(p, t): every task of @p's thread group, leader first. */
#define for_each_thread(p, t)						\
	list_for_each_entry(t, &(p)->signal->thread_head, thread_node)

#endif
