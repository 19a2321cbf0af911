/*
 * procfs.h - the views: a registry of every file in the tree and the
 * generators that render them from the engine's VMAs, page tables and
 * reverse map (fs/proc/ in the kernel). Nothing here knows about FUSE.
 */
#ifndef MMSIM_PROCFS_H
#define MMSIM_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "../vm/machine.h"
#include "seq_buf.h"

/*
 * The directories of the tree. Each registry entry says which of them it
 * appears in; a PF_DIR entry is the name of a directory of its own (sys,
 * sys/kernel, PID/task), and two directories hold numbered entries
 * besides their registry files (struct proc_dir_info): the root one
 * directory per process, PID/task one per thread.
 */
enum proc_dir {
	PD_ROOT,	/* MOUNTPOINT/ */
	PD_PID,		/* MOUNTPOINT/PID/ (fs/proc/base.c's tgid_base_stuff) */
	PD_TASK,	/* MOUNTPOINT/PID/task/: a TID directory per thread */
	PD_TID,		/* MOUNTPOINT/PID/task/TID/ (tid_base_stuff) */
	PD_SYS,		/* MOUNTPOINT/sys/ */
	PD_SYS_KERNEL,	/* MOUNTPOINT/sys/kernel/ */
	PD_SYS_VM,	/* MOUNTPOINT/sys/vm/ */
	PD_FD,		/* MOUNTPOINT/PID/fd/: a symlink per open fd */
	PD_TRACING,	/* MOUNTPOINT/tracing/ (tracefs; procfs/trace_events.c) */
	PD_TRACE_EVENTS,	/* tracing/events/ */
	/* tracing/events/SUBSYS/ */
	PD_TRACE_SYS_EXCEPTIONS,
	PD_TRACE_SYS_FILEMAP,
	PD_TRACE_SYS_FTRACE,
	PD_TRACE_SYS_KMEM,
	PD_TRACE_SYS_MMAP,
	PD_TRACE_SYS_OOM,
	PD_TRACE_SYS_PAGEMAP,
	PD_TRACE_SYS_TLB,
	PD_TRACE_SYS_VMSCAN,
	/* tracing/events/SUBSYS/EVENT/ */
	PD_TRACE_EV_PAGE_FAULT_USER,
	PD_TRACE_EV_MM_PAGE_FREE,
	PD_TRACE_EV_MM_PAGE_ALLOC,
	PD_TRACE_EV_RSS_STAT,
	PD_TRACE_EV_VM_UNMAPPED_AREA,
	PD_TRACE_EV_EXIT_MMAP,
	PD_TRACE_EV_MM_FILEMAP_DELETE_FROM_PAGE_CACHE,
	PD_TRACE_EV_MM_FILEMAP_ADD_TO_PAGE_CACHE,
	PD_TRACE_EV_MARK_VICTIM,
	PD_TRACE_EV_MM_FILEMAP_FAULT,
	PD_TRACE_EV_MM_FILEMAP_MAP_PAGES,
	PD_TRACE_EV_MM_LRU_INSERTION,
	PD_TRACE_EV_MM_LRU_ACTIVATE,
	PD_TRACE_EV_TLB_FLUSH,
	PD_TRACE_EV_MM_VMSCAN_KSWAPD_SLEEP,
	PD_TRACE_EV_MM_VMSCAN_KSWAPD_WAKE,
	PD_TRACE_EV_MM_VMSCAN_WAKEUP_KSWAPD,
	PD_TRACE_EV_MM_VMSCAN_DIRECT_RECLAIM_BEGIN,
	PD_TRACE_EV_MM_VMSCAN_DIRECT_RECLAIM_END,
	PD_TRACE_EV_MM_VMSCAN_LRU_ISOLATE,
	PD_TRACE_EV_MM_VMSCAN_WRITE_FOLIO,
	PD_TRACE_EV_MM_VMSCAN_LRU_SHRINK_INACTIVE,
	PD_TRACE_EV_MM_VMSCAN_LRU_SHRINK_ACTIVE,
	PD_TRACE_EV_FUNCGRAPH_ENTRY,
	PD_TRACE_EV_FUNCGRAPH_EXIT,
	PD_TRACE_EV_PRINT,
	PD_CGROUP,	/* MOUNTPOINT/cgroup/ and every group below it */
	NR_PROC_DIRS
};

/* A set of directories, for struct proc_file's @dirs. */
#define PDM(dir)	(1ULL << (dir))

/**
 * struct proc_dir_info - what a directory holds besides its registry
 * entries (proc_dirs[], indexed by enum proc_dir).
 * @numbered: the kind of directory its numbered entries are (PD_PID in
 *	the root: the processes; PD_TID in PID/task: the threads), or
 *	NR_PROC_DIRS when it has none
 * @per_task: a directory of one task (PID/, PID/task/, PID/task/TID/):
 *	its files render that task, and it goes when the task does
 * @fds: its numbered entries are the task's open fds, as symlinks
 *	(PID/fd/: proc_fd_next(), proc_fd_mode(), proc_fd_readlink())
 * @cgroups: a group of MOUNT/cgroup/: its other entries are its child
 *	groups, each a PD_CGROUP directory again
 */
struct proc_dir_info {
	enum proc_dir numbered;
	bool per_task;
	bool fds;
	bool cgroups;
};

extern const struct proc_dir_info proc_dirs[NR_PROC_DIRS];

/*
 * How fs/ serves an entry:
 *  PF_SNAPSHOT - ->show renders the whole file once per open, under the
 *                machine read lock; every read of that open is served from
 *                the snapshot.
 *  PF_RANGE    - ->read renders only [off, off+size) at each read (pagemap,
 *                mem, kpagecount, kpageflags); ->write, if any, likewise.
 *  PF_CTL      - the command file, served by ctl/.
 *  PF_JOURNAL  - MOUNTPOINT/journal, rendered once per open by ctl/
 *                (ctl_journal_show()).
 *  PF_DIR      - a directory (@subdir names which).
 *  PF_SYMLINK  - a symbolic link whose target ->readlink renders under
 *                the machine read lock (self, thread-self,
 *                PID/exe).
 *  PF_CGROUP   - a file of every group's directory under MOUNT/cgroup/
 *                (@cg_where: the root's, the others', or both):
 *                ->cg_show renders it once per open
 *                (proc_cgroup_render()); a write is the global command
 *                "cgroup_write PATH FILE VALUE" if its mode allows one.
 */
enum proc_file_kind { PF_SNAPSHOT, PF_RANGE, PF_CTL, PF_JOURNAL, PF_DIR,
		      PF_SYMLINK, PF_CGROUP };
/* Which groups a PF_CGROUP file is in (CFTYPE_ONLY_ON_ROOT, _NOT_ON_ROOT). */
enum cg_where { CG_ALL, CG_ROOT_ONLY, CG_NOT_ON_ROOT };
struct cgroup;

/**
 * struct proc_file - one entry of the registry that drives lookup,
 * getattr, readdir and open.
 * @name: file name
 * @mode: permission bits, as Linux shows them (0444, 0400, 0600, 0200...)
 * @per_pid: the entry is about one task (its generator gets that task, or
 *	its PID): true for MOUNTPOINT/PID/name and MOUNTPOINT/PID/task/TID/name
 * @dirs: the directories it appears in (PDM() bits); 0 means PD_PID for a
 *	@per_pid entry and PD_ROOT for another
 * @subdir: for PF_DIR, the directory it is
 * @show: render the file into @s. @tsk is NULL for global files. Called
 *	with machine->lock held for reading. Return 0 or -errno.
 * @read: fill @buf with @size bytes from @off. Takes the lock itself.
 *	Return bytes read (0 at EOF) or -errno.
 * @write: handle a write. Takes the lock itself. Return bytes consumed
 *	or -errno.
 * @readlink: for PF_SYMLINK, the target into @buf (NUL-terminated, at most
 *	@size bytes with the NUL). Called with machine->lock held for
 *	reading; @tsk as for @show. Return 0 or -errno.
 * @journaled: its accesses change the machine (mem, clear_refs), so the
 *	journal records them (ctl_journal_file_access())
 * @truncate: what an open with O_TRUNC does besides (tracing/trace
 *	empties the buffer, set_event disables every event, as tracefs);
 *	NULL: nothing. Takes the lock itself. Return 0 or -errno.
 */
struct proc_file {
	const char *name;
	mode_t mode;
	bool per_pid;
	unsigned long long dirs;
	enum proc_file_kind kind;
	enum proc_dir subdir;
	int (*show)(struct machine *m, struct task_struct *tsk,
		    struct seq_buf *s);
	ssize_t (*read)(struct machine *m, pid_t pid, char *buf, size_t size,
			off_t off);
	ssize_t (*write)(struct machine *m, pid_t pid, const char *buf,
			 size_t size, off_t off);
	int (*readlink)(struct machine *m, struct task_struct *tsk, char *buf,
			size_t size);
	bool journaled;
	int (*truncate)(struct machine *m, pid_t pid);
	int (*cg_show)(struct machine *m, struct cgroup *cgrp,
		       struct seq_buf *s);
	enum cg_where cg_where;
};

extern const struct proc_file proc_files[];
extern const size_t nr_proc_files;

/** proc_lookup() - the registry entry called @name, or NULL. */
const struct proc_file *proc_lookup(const char *name, bool per_pid);

/** proc_file_in() - does @pf appear in directory @dir? */
bool proc_file_in(const struct proc_file *pf, enum proc_dir dir);

/** proc_lookup_in() - the entry called @name in directory @dir, or NULL. */
const struct proc_file *proc_lookup_in(enum proc_dir dir, const char *name);

/**
 * proc_numbered_next() - the first numbered entry of directory @dir
 * (proc_dirs[@dir].numbered) whose number is at least @from: a process
 * (in PD_ROOT) or a thread of @owner's thread group (in PD_TASK).
 * @owner: the process whose directory @dir is (NULL for PD_ROOT)
 * Return: its task, or NULL. Caller holds machine->lock.
 */
struct task_struct *proc_numbered_next(struct machine *m, enum proc_dir dir,
				       struct task_struct *owner, pid_t from);
/**
 * proc_numbered_find() - the entry numbered @n of directory @dir, as a
 * lookup finds it: in PD_ROOT any task (a thread's TID too, unlisted as
 * on Linux), in PD_TASK a thread of @owner's group.
 * Return: its task, or NULL. Caller holds machine->lock.
 */
struct task_struct *proc_numbered_find(struct machine *m, enum proc_dir dir,
				       struct task_struct *owner, pid_t n);

/*
 * PID/fd/ (procfs/fd.c): the open fds of @tsk and their links. The first
 * two need machine->lock held (reading suffices); proc_fd_readlink()
 * takes it.
 */
int proc_fd_next(struct task_struct *tsk, int from);
int proc_fd_mode(struct task_struct *tsk, unsigned int fd);
int proc_fd_readlink(struct machine *m, pid_t pid, unsigned int fd, char *buf,
		     size_t size);

/**
 * proc_self_pid() - the process MOUNTPOINT/self names: the one the global
 * `attach PID` chose while it exists, else PID 1. Takes the read lock.
 */
pid_t proc_self_pid(struct machine *m);

/**
 * proc_render() - render a PF_SNAPSHOT file for @pid (0 for a global file)
 * under the machine read lock. Return 0 or -errno (-ENOENT: no such pid).
 */
int proc_render(struct machine *m, const struct proc_file *pf, pid_t pid,
		struct seq_buf *s);

/**
 * proc_cgroup_file_in() - is the PF_CGROUP file @pf in a group's
 * directory, the root's when @root?
 */
bool proc_cgroup_file_in(const struct proc_file *pf, bool root);
/**
 * proc_cgroup_render() - render the PF_CGROUP file @pf of the group at
 * @path ("/", "/a/b") under the machine read lock. Return 0, -ENOENT
 * (no such group, or not a file it has) or -errno.
 */
int proc_cgroup_render(struct machine *m, const struct proc_file *pf,
		       const char *path, struct seq_buf *s);
/**
 * proc_readlink() - the target of the PF_SYMLINK entry @pf for @pid (0: a
 * global link), under the machine read lock. Return 0 or -errno.
 */
int proc_readlink(struct machine *m, const struct proc_file *pf, pid_t pid,
		  char *buf, size_t size);

/*
 * What the ctl commands mem_read, mem_write, clear_refs and drop_caches
 * share with the files they stand for (the journal writes file accesses
 * as them).
 */
int sysctl_parse_int(const char *buf, size_t size, int *val);
ssize_t proc_mem_access(struct machine *m, pid_t pid, char *buf,
			size_t count, unsigned long addr, bool write);
int clear_refs_parse(const char *buf, size_t count, int *type);

#endif
