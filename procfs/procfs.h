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
 * How fs/ serves a file:
 *  PF_SNAPSHOT - ->show renders the whole file once per open, under the
 *                machine read lock; every read of that open is served from
 *                the snapshot.
 *  PF_RANGE    - ->read renders only [off, off+size) at each read (pagemap,
 *                mem, kpagecount, kpageflags); ->write, if any, likewise.
 *  PF_CTL      - the command file, served by ctl/.
 *  PF_JOURNAL  - MOUNTPOINT/journal, rendered once per open by ctl/
 *                (ctl_journal_show()).
 */
enum proc_file_kind { PF_SNAPSHOT, PF_RANGE, PF_CTL, PF_JOURNAL };

/**
 * struct proc_file - one entry of the registry that drives lookup,
 * getattr, readdir and open.
 * @name: file name
 * @mode: permission bits, as Linux shows them (0444, 0400, 0600, 0200...)
 * @per_pid: true for MOUNTPOINT/PID/name, false for MOUNTPOINT/name
 * @show: render the file into @s. @tsk is NULL for global files. Called
 *	with machine->lock held for reading. Return 0 or -errno.
 * @read: fill @buf with @size bytes from @off. Takes the lock itself.
 *	Return bytes read (0 at EOF) or -errno.
 * @write: handle a write. Takes the lock itself. Return bytes consumed
 *	or -errno.
 * @journaled: its accesses change the machine (mem, clear_refs), so the
 *	journal records them (ctl_journal_file_access())
 */
struct proc_file {
	const char *name;
	mode_t mode;
	bool per_pid;
	enum proc_file_kind kind;
	int (*show)(struct machine *m, struct task_struct *tsk,
		    struct seq_buf *s);
	ssize_t (*read)(struct machine *m, pid_t pid, char *buf, size_t size,
			off_t off);
	ssize_t (*write)(struct machine *m, pid_t pid, const char *buf,
			 size_t size, off_t off);
	bool journaled;
};

extern const struct proc_file proc_files[];
extern const size_t nr_proc_files;

/** proc_lookup() - the registry entry called @name, or NULL. */
const struct proc_file *proc_lookup(const char *name, bool per_pid);

/**
 * proc_render() - render a PF_SNAPSHOT file for @pid (0 for a global file)
 * under the machine read lock. Return 0 or -errno (-ENOENT: no such pid).
 */
int proc_render(struct machine *m, const struct proc_file *pf, pid_t pid,
		struct seq_buf *s);

/*
 * What the ctl commands mem_read, mem_write and clear_refs share with the
 * files they stand for (the journal writes file accesses as them).
 */
ssize_t proc_mem_access(struct machine *m, pid_t pid, char *buf,
			size_t count, unsigned long addr, bool write);
int clear_refs_parse(const char *buf, size_t count, int *type);

#endif
