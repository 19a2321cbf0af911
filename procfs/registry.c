/*
 * registry.c - every file of the tree, with Linux's permission bits and
 * the generator that renders it (fs/proc/base.c's tgid_base_stuff[] and
 * the global entries of fs/proc/). fs/ drives lookup, getattr, readdir
 * and open from this one table.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

#define SNAPSHOT(NAME, MODE, PER_PID, SHOW)				\
	{ .name = NAME, .mode = MODE, .per_pid = PER_PID,		\
	  .kind = PF_SNAPSHOT, .show = SHOW }
#define RANGE(NAME, MODE, PER_PID, READ, WRITE)				\
	{ .name = NAME, .mode = MODE, .per_pid = PER_PID,		\
	  .kind = PF_RANGE, .read = READ, .write = WRITE }
#define CTL(PER_PID)							\
	{ .name = "ctl", .mode = 0600, .per_pid = PER_PID, .kind = PF_CTL }

const struct proc_file proc_files[] = {
	/* MOUNTPOINT/ */
	CTL(false),
	RANGE("kpagecount", 0400, false, kpagecount_read, NULL),
	RANGE("kpageflags", 0400, false, kpageflags_read, NULL),
	SNAPSHOT("meminfo", 0444, false, meminfo_proc_show),
	SNAPSHOT("vmstat", 0444, false, vmstat_show),
	SNAPSHOT("stat", 0444, false, show_stat),
	SNAPSHOT("uptime", 0444, false, uptime_proc_show),
	SNAPSHOT("version", 0444, false, version_proc_show),
	{ .name = "journal", .mode = 0444, .per_pid = false,
	  .kind = PF_JOURNAL },

	/* MOUNTPOINT/PID/ */
	CTL(true),
	SNAPSHOT("maps", 0444, true, proc_pid_maps_show),
	SNAPSHOT("smaps", 0444, true, proc_pid_smaps_show),
	SNAPSHOT("smaps_rollup", 0444, true, proc_pid_smaps_rollup_show),
	RANGE("pagemap", 0400, true, pagemap_read, NULL),
	SNAPSHOT("status", 0444, true, proc_pid_status_show),
	SNAPSHOT("statm", 0444, true, proc_pid_statm_show),
	SNAPSHOT("stat", 0444, true, proc_pid_stat_show),
	SNAPSHOT("cmdline", 0444, true, proc_pid_cmdline_show),
	/* Writable as in Linux, but only by the process itself: EINVAL. */
	{ .name = "comm", .mode = 0644, .per_pid = true, .kind = PF_SNAPSHOT,
	  .show = proc_pid_comm_show, .write = comm_write },
	{ .name = "mem", .mode = 0600, .per_pid = true, .kind = PF_RANGE,
	  .read = mem_read, .write = mem_write, .journaled = true },
	{ .name = "clear_refs", .mode = 0200, .per_pid = true,
	  .kind = PF_RANGE, .write = clear_refs_write, .journaled = true },
};

const size_t nr_proc_files = sizeof(proc_files) / sizeof(proc_files[0]);

/**
 * proc_lookup() - the registry entry called @name in the global directory
 * (@per_pid false) or in a PID directory (@per_pid true).
 * Return: the entry, or NULL.
 */
const struct proc_file *proc_lookup(const char *name, bool per_pid)
{
	size_t i;

	for (i = 0; i < nr_proc_files; i++)
		if (proc_files[i].per_pid == per_pid &&
		    strcmp(proc_files[i].name, name) == 0)
			return &proc_files[i];
	return NULL;
}

/**
 * proc_render() - render the PF_SNAPSHOT file @pf for @pid (0: a global
 * file) into @s.
 * @m: machine; takes machine->lock for reading
 *
 * The process is looked up zombies included: a zombie's directory is still
 * there, and its views show what Linux shows for a task without an mm.
 *
 * Return: 0; -ENOENT when @pid does not exist; -EINVAL when @pf is not a
 * snapshot file; -ENOMEM when @s could not grow; or the generator's error
 * (smaps_rollup of a zombie: -ESRCH).
 */
int proc_render(struct machine *m, const struct proc_file *pf, pid_t pid,
		struct seq_buf *s)
{
	struct task_struct *tsk = NULL;
	int ret;

	if (!pf || pf->kind != PF_SNAPSHOT || !pf->show)
		return -EINVAL;
	if (pf->per_pid != (pid != 0))
		return -EINVAL;

	machine_lock_read(m);
	if (pid) {
		tsk = find_task_by_pid_any(m, pid);
		if (!tsk) {
			ret = -ENOENT;
			goto out_unlock;
		}
	}
	ret = pf->show(m, tsk, s);
	if (!ret && s->err)
		ret = s->err;
out_unlock:
	machine_unlock(m);
	return ret;
}
