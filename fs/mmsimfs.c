/*
 * mmsimfs.c - the FUSE daemon: boots one simulated machine and serves it
 * as a /proc look-alike. Glue only: the tree's files come from procfs's
 * registry (proc_files[]), which drives lookup, getattr, readdir and open;
 * the ctl files are ctl/ sessions; the engine is vm/.
 *
 * The tree is procfs's: every directory (enum proc_dir) holds the
 * registry entries that name it, and the root and PID/task also hold a
 * numbered directory per process or thread (proc_dirs[]). resolve()
 * walks a path component by component through those two, with no
 * knowledge of any particular file:
 *
 *   MOUNTPOINT/{ctl, self, global views, sys/...}
 *   MOUNTPOINT/PID/{ctl, views, task/}      for every task on
 *   MOUNTPOINT/PID/task/TID/{ctl, views}    machine->tasks, zombies too
 *   MOUNTPOINT/cgroup/[GROUP/...]{files}    every memory cgroup; mkdir
 *                                           and rmdir make and remove
 *                                           groups, and a write to a
 *                                           control file is a command
 *                                           (cgroup_mkdir, cgroup_rmdir,
 *                                           cgroup_write: journaled)
 *
 * How a file is served depends on its kind (procfs.h):
 *   PF_SNAPSHOT  rendered once at open into the handle; reads at any
 *                offset are served from that snapshot (direct_io, so the
 *                page cache never holds a stale copy)
 *   PF_RANGE     ->read/->write called for exactly the requested range
 *   PF_CTL       a ctl_session per open handle; writes run commands,
 *                reads return the session's transcript from the offset
 *
 * Locking (the order of vm/machine.h): a handle's mutex first (only ctl
 * handles have mutable state), then machine->lock, which ctl/ and procfs/
 * take themselves; this file takes the read lock only to look up PIDs.
 * The daemon is multithreaded unless -s is given.
 */
#define FUSE_USE_VERSION 312

#include <dlfcn.h>
#include <errno.h>
#include <fuse.h>
#include <fuse_lowlevel.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../ctl/ctl.h"
#include "../procfs/procfs.h"
#include "../vm/host.h"
#include "../vm/machine.h"
#include "../vm/memcontrol.h"

/* ---- paths ---- */

/* Seconds the kernel may keep a name it looked up (see mmsimfs_init()). */
#define ENTRY_TIMEOUT	1.0

enum fs_node { NODE_DIR, NODE_FILE, NODE_LINK };

/*
 * struct fs_path - what a path names.
 * @node: a directory, a file or a symbolic link
 * @dir: the directory (NODE_DIR), or the one the file or link is in
 * @tgid: the process of a path under MOUNTPOINT/PID/; 0 otherwise
 * @pid: the task a path under MOUNTPOINT/PID/ is about: TID under
 *	PID/task/TID/, else the process; 0 otherwise
 * @pf: the registry entry of a file or link
 * @fd: for a link of PID/fd/, its fd (@pf is NULL); -1 otherwise
 * @start_ns: the task's start time since boot, for timestamps
 * @cg: under MOUNTPOINT/cgroup/, the group's path ("/" for the root)
 */
struct fs_path {
	enum fs_node node;
	enum proc_dir dir;
	pid_t tgid;
	pid_t pid;
	const struct proc_file *pf;
	int fd;
	unsigned long long start_ns;
	char cg[CGROUP_PATH_MAX];
};

/* cgroup_exists - is there a group at @path? */
static bool cgroup_exists(struct machine *m, const char *path)
{
	bool found;

	machine_lock_read(m);
	found = cgroup_lookup(m, path) != NULL;
	machine_unlock(m);
	return found;
}

/*
 * step_cgroup - @fp is a group's directory: @name is one of its files
 * (the root's or the others', procfs's registry says), or a child group.
 */
static int step_cgroup(struct machine *m, struct fs_path *fp,
		       const char *name, size_t len)
{
	const struct proc_file *pf = NULL;
	bool root = !strcmp(fp->cg, "/");
	size_t cur = strlen(fp->cg);
	char buf[256];

	if (len < sizeof(buf)) {
		memcpy(buf, name, len);
		buf[len] = '\0';
		pf = proc_lookup_in(PD_CGROUP, buf);
	}
	if (pf && proc_cgroup_file_in(pf, root)) {
		fp->pf = pf;
		fp->node = NODE_FILE;
		return 0;
	}
	if (len >= sizeof(buf) || cur + len + 2 > sizeof(fp->cg))
		return -ENOENT;
	if (!root)
		fp->cg[cur++] = '/';
	memcpy(fp->cg + cur, name, len);
	fp->cg[cur + len] = '\0';
	return cgroup_exists(m, fp->cg) ? 0 : -ENOENT;
}

static struct machine *fs_machine(void)
{
	return fuse_get_context()->private_data;
}

/* A PID directory name: decimal without leading zeros, as /proc shows. */
static pid_t parse_pid(const char *s, size_t len)
{
	long pid = 0;
	size_t i;

	if (!len || len > 10 || s[0] == '0')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		pid = pid * 10 + (s[i] - '0');
	}
	return pid <= INT_MAX ? (pid_t)pid : 0;
}

/* An fd's name in PID/fd/: decimal, 0 included, no leading zeros. */
static int parse_fd(const char *s, size_t len)
{
	if (len == 1 && s[0] == '0')
		return 0;
	return (int)parse_pid(s, len) ? (int)parse_pid(s, len) : -1;
}

/* fd_mode - the link bits of fd @fd of task @pid, or -ENOENT. */
static int fd_mode(struct machine *m, pid_t pid, int fd)
{
	int mode;

	machine_lock_read(m);
	mode = proc_fd_mode(find_task_by_pid_any(m, pid), (unsigned int)fd);
	machine_unlock(m);
	return mode;
}

/*
 * numbered_exists - is @n a numbered entry of directory @dir (a process
 * in the root, a thread of process @tgid in PID/task), live or zombie?
 * Fills its start time.
 */
static bool numbered_exists(struct machine *m, enum proc_dir dir, pid_t tgid,
			    pid_t n, unsigned long long *start_ns)
{
	struct task_struct *owner = NULL, *tsk = NULL;

	machine_lock_read(m);
	if (tgid)
		owner = find_task_by_pid_any(m, tgid);
	if (!tgid || owner)
		tsk = proc_numbered_find(m, dir, owner, n);
	if (tsk && start_ns)
		*start_ns = tsk->start_time_ns;
	machine_unlock(m);
	return tsk != NULL;
}

/* ---- names the kernel caches ---- */

/*
 * The kernel keeps the names it looked up for ENTRY_TIMEOUT seconds (see
 * mmsimfs_init()), so that MOUNTPOINT/PID/ctl needs no LOOKUP per
 * component. A PID directory must still vanish with its process, and a
 * PID/task/TID directory with its thread, for every call: once a ctl
 * command has reaped a task, the name of the root directory it was
 * reached through is invalidated in the kernel
 * (fuse_lowlevel_notify_inval_entry(), which drops the names under it
 * too) before the command's write(2) returns.
 *
 * struct name_cache - the directories the kernel may hold names of.
 * @se: the session to notify; NULL when names are not cached (-s: with
 *	a single thread the notification could wait on a LOOKUP that only
 *	this thread would serve)
 * @names, @nr, @size: each task (@pid) resolve() has found, with the
 *	root directory (@root) it was found under: itself in the root, its
 *	group's in PID/task; sorted; a superset of those the kernel holds
 * @forks, @nr_tasks: the machine's when @names was last pruned: while
 *	both stay the same, no task has come or gone (forks only grows)
 * @lock: guards the rest (taken before machine->lock, never inside it)
 */
struct cached_name {
	pid_t pid, root;
};

static struct name_cache {
	struct fuse_session *se;
	struct cached_name *names;
	size_t nr, size;
	unsigned long long forks;
	unsigned long nr_tasks;
	pthread_mutex_t lock;
} name_cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

static bool cached_name_before(struct cached_name a, pid_t pid, pid_t root)
{
	return a.pid < pid || (a.pid == pid && a.root < root);
}

/*
 * Remember that the kernel may now hold the name of @pid's directory,
 * reached through the root's directory @root.
 */
static void name_cache_add(pid_t pid, pid_t root)
{
	size_t lo = 0, hi;

	if (!name_cache.se)
		return;
	pthread_mutex_lock(&name_cache.lock);
	for (hi = name_cache.nr; lo < hi;) {
		size_t mid = (lo + hi) / 2;

		if (cached_name_before(name_cache.names[mid], pid, root))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < name_cache.nr && name_cache.names[lo].pid == pid &&
	    name_cache.names[lo].root == root)
		goto out_unlock;
	if (name_cache.nr == name_cache.size) {
		size_t size = name_cache.size ? 2 * name_cache.size : 64;
		struct cached_name *names;

		names = realloc(name_cache.names, size * sizeof(*names));
		/* Out of host memory: the name times out instead. */
		if (!names)
			goto out_unlock;
		name_cache.names = names;
		name_cache.size = size;
	}
	memmove(name_cache.names + lo + 1, name_cache.names + lo,
		(name_cache.nr - lo) * sizeof(*name_cache.names));
	name_cache.names[lo] = (struct cached_name){ pid, root };
	name_cache.nr++;
	/* It may have gone since resolve() saw it: check at the next prune. */
	name_cache.forks = 0;
out_unlock:
	pthread_mutex_unlock(&name_cache.lock);
}

/*
 * After anything that may have reaped a task (a ctl command; a read or
 * write of mem, whose faults may OOM-kill): invalidate the names of the
 * root directories through which a task that is gone was reached. Unless
 * no task came or went, one look-up in the PID index per remembered
 * name; the notifications go out with no lock held.
 */
static void name_cache_prune(struct machine *m)
{
	struct fuse_session *se = name_cache.se;
	size_t i, kept = 0, nr_gone = 0;
	pid_t *gone = NULL;

	if (!se)
		return;
	pthread_mutex_lock(&name_cache.lock);
	machine_lock_read(m);
	if (m->forks == name_cache.forks &&
	    m->nr_tasks == name_cache.nr_tasks)
		goto out_unlock;
	gone = malloc((name_cache.nr + 1) * sizeof(*gone));
	/* Out of host memory: the names time out instead. */
	if (!gone)
		goto out_unlock;
	name_cache.forks = m->forks;
	name_cache.nr_tasks = m->nr_tasks;
	for (i = 0; i < name_cache.nr; i++) {
		struct cached_name n = name_cache.names[i];

		if (find_task_by_pid_any(m, n.pid))
			name_cache.names[kept++] = n;
		else
			gone[nr_gone++] = n.root;
	}
	name_cache.nr = kept;
out_unlock:
	machine_unlock(m);
	pthread_mutex_unlock(&name_cache.lock);

	for (i = 0; i < nr_gone; i++) {
		char name[16];
		int len = snprintf(name, sizeof(name), "%d", (int)gone[i]);

		/* -ENOENT: the kernel had forgotten the name already. */
		fuse_lowlevel_notify_inval_entry(se, FUSE_ROOT_ID, name,
						 (size_t)len);
	}
	free(gone);
}

/*
 * step - move @fp from its directory to the entry @name in it: a registry
 * entry of that directory, or a numbered one (a PID in the root, a TID in
 * PID/task). Return 0 or -ENOENT.
 */
static int step(struct machine *m, struct fs_path *fp, const char *name,
		size_t len)
{
	const struct proc_file *pf = NULL;
	enum proc_dir child;
	char buf[64];
	pid_t n;

	if (proc_dirs[fp->dir].cgroups)
		return step_cgroup(m, fp, name, len);
	if (len < sizeof(buf)) {
		memcpy(buf, name, len);
		buf[len] = '\0';
		pf = proc_lookup_in(fp->dir, buf);
	}
	if (pf) {
		fp->pf = pf;
		if (pf->kind == PF_DIR) {
			fp->dir = pf->subdir;
			fp->pf = NULL;
			if (proc_dirs[fp->dir].cgroups)
				strcpy(fp->cg, "/");
		} else {
			fp->node = pf->kind == PF_SYMLINK ? NODE_LINK : NODE_FILE;
		}
		return 0;
	}
	if (proc_dirs[fp->dir].fds) {
		int fd = parse_fd(name, len);

		if (fd < 0 || fd_mode(m, fp->pid, fd) < 0)
			return -ENOENT;
		fp->node = NODE_LINK;
		fp->fd = fd;
		return 0;
	}
	child = proc_dirs[fp->dir].numbered;
	if (child == NR_PROC_DIRS)
		return -ENOENT;
	n = parse_pid(name, len);
	if (!n)
		return -ENOENT;
	if (!numbered_exists(m, fp->dir, fp->tgid, n, &fp->start_ns)) {
		/*
		 * A reader's own PID, which it knows from getpid() (ps and
		 * top read /proc/$$/status to learn who they are, as others
		 * read /proc/self): in the root, it names the process self
		 * names. Unlisted, as the kernel's hidden threads are.
		 */
		pid_t self;

		if (fp->dir != PD_ROOT || n != fuse_get_context()->pid)
			return -ENOENT;
		self = proc_self_pid(m);
		if (!numbered_exists(m, fp->dir, 0, self, &fp->start_ns))
			return -ENOENT;
		name_cache_add(self, n);
		fp->tgid = fp->pid = self;
		fp->dir = child;
		return 0;
	}
	if (!fp->tgid) {
		fp->tgid = n;
		name_cache_add(n, n);
	} else {
		name_cache_add(n, fp->tgid);
	}
	fp->pid = n;
	fp->dir = child;
	return 0;
}

/* Resolve @path. Return 0, -ENOENT, or -ENOTDIR (a file's "child"). */
static int resolve(struct machine *m, const char *path, struct fs_path *fp)
{
	const char *name = path, *end;
	int err;

	memset(fp, 0, sizeof(*fp));
	fp->node = NODE_DIR;
	fp->dir = PD_ROOT;
	fp->fd = -1;
	if (path[0] != '/')
		return -ENOENT;
	for (;;) {
		while (*name == '/')
			name++;
		if (!*name)
			return 0;
		if (fp->node != NODE_DIR)
			return -ENOTDIR;
		end = strchrnul(name, '/');
		err = step(m, fp, name, (size_t)(end - name));
		if (err)
			return err;
		name = end;
	}
}

static bool file_writable(const struct proc_file *pf)
{
	return (pf->mode & 0222) &&
	       (pf->kind == PF_CTL || pf->kind == PF_CGROUP || pf->write);
}

static bool file_readable(const struct proc_file *pf)
{
	return (pf->mode & 0444) &&
	       (pf->kind == PF_CTL || pf->kind == PF_JOURNAL || pf->show ||
		pf->read || pf->cg_show);
}

/* ---- attributes and directories ---- */

static void fill_stat(struct machine *m, const struct fs_path *fp,
		      struct stat *st)
{
	struct timespec t = m->boot_realtime;

	memset(st, 0, sizeof(*st));
	if (fp->pid) {
		/* /proc/PID entries carry the process's start time. */
		t.tv_sec += fp->start_ns / 1000000000ULL;
		t.tv_nsec += fp->start_ns % 1000000000ULL;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
	}
	st->st_atim = st->st_mtim = st->st_ctim = t;
	st->st_uid = getuid();
	st->st_gid = getgid();
	st->st_blksize = 1024;
	switch (fp->node) {
	case NODE_DIR:
		/* PID/fd/ is dr-x------, as Linux's; a cgroup's rwxr-xr-x. */
		st->st_mode = S_IFDIR | (fp->dir == PD_FD ? 0500 :
					 proc_dirs[fp->dir].cgroups ? 0755 : 0555);
		st->st_nlink = 2;
		break;
	case NODE_FILE:
		/* Size 0, as /proc: readers read until EOF. */
		st->st_mode = S_IFREG | (fp->pf->mode & 07777);
		st->st_nlink = 1;
		break;
	case NODE_LINK:
		st->st_mode = S_IFLNK | 0777;
		if (fp->fd >= 0) {
			int mode = fd_mode(m, fp->pid, fp->fd);

			st->st_mode = S_IFLNK | (mode > 0 ? (mode_t)mode : 0);
		}
		st->st_nlink = 1;
		break;
	}
}

/*
 * Directory offsets, stable while entries come and go (as /proc's
 * TGID_OFFSET + pid): "." is 1, ".." 2, the registry's files follow, and a
 * PID directory's offset is PID_OFFSET + its PID. readdir is called again
 * with the offset of the last entry the kernel took.
 */
#define DOT_OFFSET	1
#define FILES_OFFSET	3
#define PID_OFFSET	((off_t)FILES_OFFSET + (off_t)nr_proc_files)

/*
 * readdir_fds - the links of PID/fd/, in fd order, at offsets
 * PID_OFFSET + fd (the fds are copied under the machine lock first).
 */
static int readdir_fds(struct machine *m, const struct fs_path *fp, void *buf,
		       fuse_fill_dir_t fill, off_t off,
		       enum fuse_fill_dir_flags plus)
{
	struct task_struct *tsk;
	struct fs_path entry = *fp;
	struct stat st;
	int *fds = NULL, nr = 0, fd;

	int from = off >= PID_OFFSET ? (int)(off - PID_OFFSET + 1) : 0, n = 0;

	machine_lock_read(m);
	tsk = find_task_by_pid_any(m, fp->pid);
	for (fd = proc_fd_next(tsk, from); fd >= 0; fd = proc_fd_next(tsk, fd + 1))
		n++;
	fds = malloc((size_t)(n ? n : 1) * sizeof(*fds));
	for (fd = proc_fd_next(tsk, from); fds && fd >= 0 && nr < n;
	     fd = proc_fd_next(tsk, fd + 1))
		fds[nr++] = fd;
	machine_unlock(m);
	entry.node = NODE_LINK;
	entry.pf = NULL;
	for (int i = 0; i < nr; i++) {
		char name[16];

		snprintf(name, sizeof(name), "%d", fds[i]);
		entry.fd = fds[i];
		fill_stat(m, &entry, &st);
		if (fill(buf, name, &st, PID_OFFSET + fds[i], plus))
			break;
	}
	free(fds);
	return 0;
}

/*
 * readdir_cgroups - the child groups of a group's directory, in the order
 * they were made, at offsets PID_OFFSET + their ids (copied under the
 * machine lock first).
 */
static int readdir_cgroups(struct machine *m, const struct fs_path *fp,
			   void *buf, fuse_fill_dir_t fill, off_t off,
			   enum fuse_fill_dir_flags plus)
{
	struct { unsigned long id; char name[256]; } *kids = NULL;
	struct cgroup *cgrp, *child;
	struct fs_path entry = *fp;
	size_t nr = 0, n = 0;
	struct stat st;

	machine_lock_read(m);
	cgrp = cgroup_lookup(m, fp->cg);
	for (child = cgrp ? cgroup_next_child(cgrp, NULL) : NULL; child;
	     child = cgroup_next_child(cgrp, child))
		n++;
	kids = malloc((n ? n : 1) * sizeof(*kids));
	for (child = cgrp && kids ? cgroup_next_child(cgrp, NULL) : NULL;
	     child && nr < n; child = cgroup_next_child(cgrp, child)) {
		if (PID_OFFSET + (off_t)child->id <= off)
			continue;
		kids[nr].id = child->id;
		snprintf(kids[nr].name, sizeof(kids[nr].name), "%s", child->name);
		nr++;
	}
	machine_unlock(m);
	if (!kids)
		return -ENOMEM;
	entry.node = NODE_DIR;
	entry.pf = NULL;
	for (size_t i = 0; i < nr; i++) {
		fill_stat(m, &entry, &st);
		if (fill(buf, kids[i].name, &st, PID_OFFSET + (off_t)kids[i].id,
			 plus))
			break;
	}
	free(kids);
	return 0;
}

/*
 * readdir answers READDIRPLUS as well as READDIR: with FUSE_READDIR_PLUS
 * each entry carries its attributes and becomes a name the kernel caches
 * (ENTRY_TIMEOUT), so that a sweep over every MOUNTPOINT/PID/stat (ps,
 * psutil) needs no LOOKUP per PID directory. Those names are remembered
 * in name_cache like the ones LOOKUP hands out, and go when the process
 * does. (libfuse passes READDIRPLUS attributes to the kernel only for
 * entries filled with their offsets, hence the offsets.)
 */
static int mmsimfs_readdir(const char *path, void *buf, fuse_fill_dir_t fill,
			   off_t off, struct fuse_file_info *fi,
			   enum fuse_readdir_flags flags)
{
	enum fuse_fill_dir_flags plus = (flags & FUSE_READDIR_PLUS) ?
					FUSE_FILL_DIR_PLUS : 0;
	struct machine *m = fs_machine();
	struct task_struct *tsk, *owner = NULL;
	struct fs_path fp, entry;
	struct stat st;
	struct { pid_t pid; unsigned long long start_ns; } *pids = NULL;
	size_t i, nr = 0, size;
	off_t pos = FILES_OFFSET;
	enum proc_dir child;
	int err = resolve(m, path, &fp);

	if (err)
		return err;
	if (fp.node != NODE_DIR)
		return -ENOTDIR;
	/* "." and ".." without attributes: libfuse gives READDIRPLUS's
	 * dots no inode, and an entry of inode 0 is one readdir(3) skips. */
	if (off < DOT_OFFSET && fill(buf, ".", NULL, DOT_OFFSET, 0))
		return 0;
	if (off < DOT_OFFSET + 1 && fill(buf, "..", NULL, DOT_OFFSET + 1, 0))
		return 0;
	for (i = 0; i < nr_proc_files; i++) {
		const struct proc_file *pf = &proc_files[i];

		if (!proc_file_in(pf, fp.dir))
			continue;
		if (pf->kind == PF_CGROUP &&
		    !proc_cgroup_file_in(pf, !strcmp(fp.cg, "/")))
			continue;
		pos = FILES_OFFSET + (off_t)i;
		if (pos <= off)
			continue;
		entry = fp;
		entry.pf = pf;
		if (pf->kind == PF_DIR) {
			entry.node = NODE_DIR;
			entry.dir = pf->subdir;
			entry.pf = NULL;
		} else {
			entry.node = pf->kind == PF_SYMLINK ? NODE_LINK : NODE_FILE;
		}
		if (entry.node == NODE_DIR && proc_dirs[entry.dir].cgroups)
			strcpy(entry.cg, "/");
		fill_stat(m, &entry, &st);
		if (fill(buf, pf->name, &st, pos, plus))
			return 0;
	}
	if (proc_dirs[fp.dir].cgroups)
		return readdir_cgroups(m, &fp, buf, fill, off, plus);
	if (proc_dirs[fp.dir].fds)
		return readdir_fds(m, &fp, buf, fill, off, plus);
	child = proc_dirs[fp.dir].numbered;
	if (child == NR_PROC_DIRS)
		return 0;

	/*
	 * The numbers and start times are copied under the machine lock and
	 * listed after it, since name_cache's lock comes first (vm/machine.h).
	 */
	machine_lock_read(m);
	size = (size_t)m->nr_tasks;
	pids = malloc((size ? size : 1) * sizeof(*pids));
	if (fp.tgid)
		owner = find_task_by_pid_any(m, fp.tgid);
	/* In number order, as proc_pid_readdir() and proc_task_readdir(). */
	for (tsk = (fp.tgid && !owner) ? NULL :
		   proc_numbered_next(m, fp.dir, owner, off >= PID_OFFSET ?
				      (pid_t)(off - PID_OFFSET + 1) : 1);
	     pids && tsk && nr < size;
	     tsk = proc_numbered_next(m, fp.dir, owner, tsk->pid + 1)) {
		pids[nr].pid = tsk->pid;
		pids[nr].start_ns = tsk->start_time_ns;
		nr++;
	}
	machine_unlock(m);
	if (!pids)
		return -ENOMEM;

	entry = fp;
	entry.node = NODE_DIR;
	entry.dir = child;
	entry.pf = NULL;
	for (i = 0; i < nr; i++) {
		char name[16];

		snprintf(name, sizeof(name), "%d", (int)pids[i].pid);
		entry.pid = pids[i].pid;
		entry.tgid = fp.tgid ? fp.tgid : pids[i].pid;
		entry.start_ns = pids[i].start_ns;
		fill_stat(m, &entry, &st);
		if (plus)
			name_cache_add(entry.pid, entry.tgid);
		if (fill(buf, name, &st, PID_OFFSET + entry.pid, plus))
			break;
	}
	free(pids);
	return 0;
}

/*
 * A directory, or a path walked through to a file, that the kernel still
 * names from its cache: answer as for any call on a path, from the
 * machine as it is now.
 */
static int mmsimfs_opendir(const char *path, struct fuse_file_info *fi)
{
	struct fs_path fp;
	int err = resolve(fs_machine(), path, &fp);

	if (err)
		return err;
	return fp.node != NODE_DIR ? -ENOTDIR : 0;
}

/* access(2), and the search check of chdir(2): the path must exist. */
static int mmsimfs_access(const char *path, int mask)
{
	struct fs_path fp;

	return resolve(fs_machine(), path, &fp);
}

/* readlink(2) of a PF_SYMLINK entry (self, thread-self, PID/exe). */
static int mmsimfs_readlink(const char *path, char *buf, size_t size)
{
	struct machine *m = fs_machine();
	struct fs_path fp;
	int err = resolve(m, path, &fp);

	if (err)
		return err;
	if (fp.node != NODE_LINK)
		return -EINVAL;
	if (fp.fd >= 0)
		return proc_fd_readlink(m, fp.pid, (unsigned int)fp.fd, buf, size);
	return proc_readlink(m, fp.pf, fp.pf->per_pid ? fp.pid : 0, buf, size);
}

/* ---- open files ---- */

/*
 * How reads of a ctl file find the replies. The session keeps a
 * transcript; two kinds of reader address it:
 *
 *  - a conversation: write(2) then read(2) on one open file, as in
 *    `exec 3<>ctl; echo cmd >&3; cat <&3`. The kernel reads at the file
 *    position, which the write moved past the command's bytes, so that
 *    offset means nothing in the transcript. A read at the position where
 *    such a reader must be (after the last write, or after the previous
 *    conversational read) returns the replies not yet read.
 *  - an addressed reader: pread(2) at offset N (mmctl reads from 0)
 *    returns the transcript from byte N, and goes on from where it
 *    stopped.
 *
 * struct ctl_reader holds what tells them apart:
 * @seq_pos: the file position of a conversational reader (end of the last
 *	write, or of the last conversational read; a failed write leaves
 *	the position where it was)
 * @cursor: the transcript offset of the first reply it has not read
 * @addressed_end: where the last addressed read stopped (-1: none since
 *	the last write), so that its continuation stays addressed
 */
struct ctl_reader {
	off_t seq_pos;
	size_t cursor;
	off_t addressed_end;
};

/*
 * struct open_file - one open of a file in the tree (fi->fh).
 * @lock: serialises a ctl handle's session and reader (see the locking
 *	order above)
 * @snap, @snap_len: a PF_SNAPSHOT file as rendered at open
 * @sess, @reader: a PF_CTL file's session, and how it is being read
 * @pid, @start_ns: the task of a per-process file, and its start time
 *	(fstat's timestamps, after the process is gone too)
 * @path: the path it was opened by, for fstat(2) after the process went
 * @cg: a PF_CGROUP file's group path
 * @prev, @next, @listed: on open_files while open (under open_files_lock)
 */
struct open_file {
	pthread_mutex_t lock;
	struct open_file *prev, *next;
	bool listed;
	const struct proc_file *pf;
	pid_t pid;
	unsigned long long start_ns;
	char *path;
	char *cg;
	char *snap;
	size_t snap_len;
	struct ctl_session *sess;
	struct ctl_reader reader;
};

static struct open_file *handle(struct fuse_file_info *fi)
{
	return (struct open_file *)(uintptr_t)fi->fh;
}

/*
 * Every open file, so that an open file of a process outlives its
 * process's directory as /proc's inode outlives the process: fstat(2) of
 * it keeps working (the kernel asks GETATTR by path, with no handle), and
 * `exec 3<>PID/ctl; echo cmd >&3; cat <&3` reads the reply of a command
 * that killed the process; and so that the handles still open when the
 * daemon stops (SIGTERM with a reader inside: no RELEASE comes) are freed
 * (open_files_free_all()). open_files_lock is taken alone (vm/machine.h).
 */
static struct open_file *open_files;
static pthread_mutex_t open_files_lock = PTHREAD_MUTEX_INITIALIZER;

static void open_files_add(struct open_file *of)
{
	pthread_mutex_lock(&open_files_lock);
	of->prev = NULL;
	of->next = open_files;
	if (open_files)
		open_files->prev = of;
	open_files = of;
	pthread_mutex_unlock(&open_files_lock);
}

static void open_files_del(struct open_file *of)
{
	pthread_mutex_lock(&open_files_lock);
	if (of->prev)
		of->prev->next = of->next;
	else
		open_files = of->next;
	if (of->next)
		of->next->prev = of->prev;
	pthread_mutex_unlock(&open_files_lock);
}

static void open_file_free(struct open_file *of);

/* open_files_free_all - at exit: free the handles no RELEASE closed. */
static void open_files_free_all(void)
{
	while (open_files)
		open_file_free(open_files);
}

/*
 * open_file_path - is @path a per-process file some handle still has
 * open? Then fill @fp as resolve() did when it was opened.
 * Return: 0, or -ENOENT.
 */
static int open_file_path(const char *path, struct fs_path *fp)
{
	struct open_file *of;
	int err = -ENOENT;

	pthread_mutex_lock(&open_files_lock);
	for (of = open_files; of; of = of->next) {
		if (of->pid && of->path && !strcmp(of->path, path)) {
			memset(fp, 0, sizeof(*fp));
			fp->node = NODE_FILE;
			fp->pf = of->pf;
			fp->pid = of->pid;
			fp->start_ns = of->start_ns;
			err = 0;
			break;
		}
	}
	pthread_mutex_unlock(&open_files_lock);
	return err;
}

static int mmsimfs_getattr(const char *path, struct stat *st,
			   struct fuse_file_info *fi)
{
	struct machine *m = fs_machine();
	struct fs_path fp;
	int err = resolve(m, path, &fp);

	if (err == -ENOENT)
		err = open_file_path(path, &fp);
	if (err)
		return err;
	fill_stat(m, &fp, st);
	return 0;
}

static void open_file_free(struct open_file *of)
{
	if (!of)
		return;
	if (of->listed)
		open_files_del(of);
	ctl_session_free(of->sess);
	free(of->snap);
	free(of->path);
	free(of->cg);
	pthread_mutex_destroy(&of->lock);
	free(of);
}

/*
 * snapshot_take - a view rendered into @s at open (with @err, what the
 * renderer returned) becomes @of's snapshot, or the open fails with the
 * renderer's error or @s's own.
 */
static int snapshot_take(struct open_file *of, struct seq_buf *s, int err)
{
	if (!err)
		err = s->err;
	if (err) {
		seq_buf_free(s);
		return err;
	}
	of->snap = seq_take(s, &of->snap_len);
	return 0;
}

static int mmsimfs_open(const char *path, struct fuse_file_info *fi)
{
	struct machine *m = fs_machine();
	int acc = fi->flags & O_ACCMODE;
	struct open_file *of;
	struct fs_path fp;
	int err = resolve(m, path, &fp);

	if (err)
		return err;
	if (fp.node != NODE_FILE)
		return fp.node == NODE_DIR ? -EISDIR : -ELOOP;
	/* The registry's modes are enforced as /proc enforces them on a
	 * non-root user: no write to a view, no read of clear_refs. */
	if (acc != O_RDONLY && !file_writable(fp.pf))
		return -EACCES;
	if (acc != O_WRONLY && !file_readable(fp.pf))
		return -EACCES;

	of = calloc(1, sizeof(*of));
	if (!of)
		return -ENOMEM;
	pthread_mutex_init(&of->lock, NULL);
	of->pf = fp.pf;
	of->pid = fp.pid;
	of->start_ns = fp.start_ns;
	if (fp.pid && !(of->path = strdup(path))) {
		err = -ENOMEM;
		goto out_free;
	}

	switch (fp.pf->kind) {
	case PF_CGROUP:
		/* The group's path, for writes: its commands name it. */
		of->cg = strdup(fp.cg);
		if (!of->cg) {
			err = -ENOMEM;
			goto out_free;
		}
		if (acc != O_WRONLY) {
			struct seq_buf s;

			seq_buf_init(&s);
			err = snapshot_take(of, &s,
					    proc_cgroup_render(m, fp.pf, fp.cg, &s));
			if (err)
				goto out_free;
		}
		break;
	case PF_SNAPSHOT:
		if (acc != O_WRONLY && fp.pf->show) {
			struct seq_buf s;

			seq_buf_init(&s);
			err = snapshot_take(of, &s,
					    proc_render(m, fp.pf, fp.pid, &s));
			if (err)
				goto out_free;
		}
		break;
	case PF_JOURNAL: {
		struct seq_buf s;

		seq_buf_init(&s);
		ctl_journal_show(&s);
		err = snapshot_take(of, &s, 0);
		if (err)
			goto out_free;
		break;
	}
	case PF_RANGE:
		/* As proc_mem_open(): a process without an mm (a zombie)
		 * has no pagemap or mem to open. */
		if (fp.pf->per_pid) {
			struct task_struct *tsk;

			machine_lock_read(m);
			tsk = find_task_by_pid(m, fp.pid);
			err = tsk && tsk->mm ? 0 : -ESRCH;
			machine_unlock(m);
			if (err)
				goto out_free;
		}
		break;
	case PF_CTL:
		of->reader.addressed_end = -1;
		of->sess = ctl_session_new(m, fp.pid, acc != O_WRONLY);
		if (!of->sess) {
			err = -ENOMEM;
			goto out_free;
		}
		break;
	case PF_DIR:
	case PF_SYMLINK:
		/* resolve() gave NODE_DIR or NODE_LINK for these. */
		err = -EISDIR;
		goto out_free;
	}
	/* O_TRUNC reaches us here (atomic_o_trunc) or as a truncate. */
	if ((fi->flags & O_TRUNC) && acc != O_RDONLY && fp.pf->truncate) {
		err = fp.pf->truncate(m, fp.pid);
		if (err)
			goto out_free;
	}
	open_files_add(of);
	of->listed = true;
	fi->fh = (uintptr_t)of;
	/* Every read reaches us: no page cache, so no stale view. */
	fi->direct_io = 1;
	fi->keep_cache = 0;
	/*
	 * Only a ctl file has something to do at close(2): run a last line
	 * written without newline (mmsimfs_flush()). One opened for reading
	 * too is read by its writer, and the read runs that line; so, as a
	 * view, it costs no FLUSH request per close (what's left, if the
	 * writer never reads, runs at release).
	 */
	fi->noflush = fp.pf->kind != PF_CTL || acc == O_RDWR;
	return 0;

out_free:
	open_file_free(of);
	return err;
}

/*
 * Copy the transcript's bytes from @from (at most @size) into @buf. The
 * replies kept, @text, start at transcript byte @base (ctl/session.c keeps
 * the last 4 MiB): a conversational reader that fell behind them skips to
 * the oldest kept (*@from moves there); an addressed reader's offset N is
 * byte N of the replies kept.
 */
static size_t copy_from(const char *text, size_t len, size_t base,
			size_t *from, char *buf, size_t size)
{
	if (*from < base)
		*from = base;
	if (*from - base >= len)
		return 0;
	if (size > len - (*from - base))
		size = len - (*from - base);
	memcpy(buf, text + (*from - base), size);
	return size;
}

/* Serve a read of a ctl file (see struct ctl_reader). */
static size_t ctl_read(struct ctl_reader *r, const char *text, size_t len,
		       size_t base, char *buf, size_t size, off_t off)
{
	size_t n, from;

	if (off != r->addressed_end && off == r->seq_pos) {
		n = copy_from(text, len, base, &r->cursor, buf, size);
		r->cursor += n;
		r->seq_pos += (off_t)n;
		return n;
	}
	/* Addressed offsets count from the oldest reply kept. */
	from = base + (size_t)off;
	n = copy_from(text, len, base, &from, buf, size);
	r->addressed_end = off + (off_t)n;
	return n;
}

/*
 * range_access - a read or write of a PF_RANGE file; one that changes the
 * machine (mem, clear_refs: ->journaled) goes into the journal, in the
 * order the machine saw it (journal lock held across both).
 */
static ssize_t range_access(struct open_file *of, char *buf, size_t size,
			    off_t off, bool write)
{
	struct machine *m = fs_machine();
	ssize_t ret;

	bool alive;

	if (!of->pf->journaled)
		return write ? of->pf->write(m, of->pid, buf, size, off) :
			       of->pf->read(m, of->pid, buf, size, off);
	ctl_journal_lock();
	/* An access of an exited process changes nothing: not journaled. */
	machine_lock_read(m);
	alive = !of->pf->per_pid || find_task_by_pid(m, of->pid) != NULL;
	machine_unlock(m);
	ret = write ? of->pf->write(m, of->pid, buf, size, off) :
		      of->pf->read(m, of->pid, buf, size, off);
	if (ret > 0 && alive)
		ctl_journal_file_access(of->pid, of->pf->name, write, buf,
					(size_t)ret, off);
	ctl_journal_unlock();
	return ret;
}

static int mmsimfs_read(const char *path, char *buf, size_t size, off_t off,
			struct fuse_file_info *fi)
{
	struct open_file *of = handle(fi);
	const char *text;
	size_t len, base;
	ssize_t ret;
	int ran;

	if (off < 0)
		return -EINVAL;
	switch (of->pf->kind) {
	case PF_SNAPSHOT:
	case PF_JOURNAL:
	case PF_CGROUP:
		if (!of->snap || (size_t)off >= of->snap_len)
			return 0;
		len = of->snap_len - (size_t)off;
		if (len > size)
			len = size;
		memcpy(buf, of->snap + off, len);
		return (int)len;
	case PF_RANGE:
		if (!of->pf->read)
			return -EINVAL;
		ret = range_access(of, buf, size, off, false);
		/* Opened while the process lived: Linux reads EOF after
		 * it exits, and after it is reaped. */
		if ((ret == -ESRCH || ret == -ENOENT) && of->pf->per_pid)
			ret = 0;
		name_cache_prune(fs_machine());	/* mem's faults */
		return (int)ret;
	case PF_CTL:
		pthread_mutex_lock(&of->lock);
		/* A reader is done writing: a last line without newline
		 * runs now (its error line is among the replies). */
		ran = ctl_session_finish(of->sess);
		text = ctl_session_replies(of->sess, &len, &base);
		len = ctl_read(&of->reader, text, len, base, buf, size, off);
		pthread_mutex_unlock(&of->lock);
		if (ran)
			name_cache_prune(fs_machine());
		return (int)len;
	case PF_DIR:
	case PF_SYMLINK:
		break;
	}
	return -EINVAL;
}

/* The negotiated FUSE max_write: the kernel cuts longer writes. */
static size_t fs_max_write = 128 * 1024;

static int mmsimfs_write(const char *path, const char *buf, size_t size,
			 off_t off, struct fuse_file_info *fi)
{
	struct open_file *of = handle(fi);
	ssize_t ret;

	if (of->pf->kind == PF_CTL) {
		/*
		 * Commands append to the session, whatever the offset. A
		 * piece about max_write long may be the head of a longer
		 * write(2) (less than max_write when the user's buffer is
		 * not page-aligned), so its unfinished last line is left
		 * for the writer to send again: a short write, which ends
		 * the kernel's loop over the pieces.
		 */
		bool maybe_cut = size + 4096 > fs_max_write;

		pthread_mutex_lock(&of->lock);
		ret = ctl_session_write_piece(of->sess, buf, size, maybe_cut);
		/* write(2) moves the file position by what it consumed,
		 * and not at all when it fails. */
		of->reader.seq_pos = ret >= 0 ? off + (off_t)ret : off;
		of->reader.addressed_end = -1;
		pthread_mutex_unlock(&of->lock);
		name_cache_prune(fs_machine());
		return (int)ret;
	}
	if (of->pf->kind == PF_CGROUP) {
		/*
		 * A control file's write is the command cgroup_write, run
		 * and journaled as if written to MOUNTPOINT/ctl: FUSE can
		 * only return its errno (the reason is in the ctl reply of
		 * the same command).
		 */
		int err = ctl_cgroup_command(fs_machine(), "cgroup_write",
					     of->cg, of->pf->name, buf, size);

		name_cache_prune(fs_machine());	/* an OOM kill */
		return err ? err : (int)size;
	}
	if (!of->pf->write)
		return -EACCES;
	ret = range_access(of, (char *)buf, size, off, true);
	name_cache_prune(fs_machine());	/* mem's faults */
	return (int)ret;
}

/*
 * `echo x > FILE` opens with O_TRUNC, which reaches us as a truncate. The
 * writable files (ctl, clear_refs, mem) have no length to cut: accept;
 * an entry's ->truncate does what O_TRUNC does to it (tracing/trace).
 */
static int mmsimfs_truncate(const char *path, off_t size,
			    struct fuse_file_info *fi)
{
	struct fs_path fp;
	int err;

	if (fi && fi->fh) {
		const struct open_file *of = handle(fi);

		if (!file_writable(of->pf))
			return -EACCES;
		return of->pf->truncate ?
		       of->pf->truncate(fs_machine(), of->pid) : 0;
	}
	err = resolve(fs_machine(), path, &fp);
	if (err)
		return err;
	if (fp.node != NODE_FILE)
		return fp.node == NODE_DIR ? -EISDIR : -EACCES;
	if (!file_writable(fp.pf))
		return -EACCES;
	/* tracing/trace empties its buffer, set_event disables all... */
	return fp.pf->truncate ? fp.pf->truncate(fs_machine(), fp.pid) : 0;
}

/*
 * close(2) of a ctl file opened write-only runs a last line written
 * without newline, and fails with its errno, as the write that brought it
 * could not. Other opens set noflush (see mmsimfs_open()).
 */
static int mmsimfs_flush(const char *path, struct fuse_file_info *fi)
{
	struct open_file *of = handle(fi);
	int err;

	if (!of || of->pf->kind != PF_CTL)
		return 0;
	pthread_mutex_lock(&of->lock);
	err = ctl_session_finish(of->sess);
	pthread_mutex_unlock(&of->lock);
	if (err)
		name_cache_prune(fs_machine());
	return err < 0 ? err : 0;
}

static int mmsimfs_release(const char *path, struct fuse_file_info *fi)
{
	struct open_file *of = handle(fi);

	/* A ctl line without newline that no read or flush has run. */
	if (of && of->sess && ctl_session_finish(of->sess))
		name_cache_prune(fs_machine());
	open_file_free(of);
	fi->fh = 0;
	return 0;
}

/*
 * mkdir(2) and rmdir(2): only a group's directory under
 * MOUNTPOINT/cgroup/ takes them, as the commands cgroup_mkdir and
 * cgroup_rmdir (journaled); anywhere else, EPERM as in /proc.
 */
static int cgroup_dir_op(const char *path, const char *cmd, bool parent)
{
	struct machine *m = fs_machine();
	char dir[PATH_MAX], *slash;
	struct fs_path fp;
	int err;

	if (strlen(path) >= sizeof(dir))
		return -ENAMETOOLONG;
	strcpy(dir, path);
	slash = strrchr(dir, '/');
	if (!slash || !slash[1])
		return -EPERM;
	if (parent)
		*slash = '\0';
	err = resolve(m, dir[0] ? dir : "/", &fp);
	if (err)
		return err;
	if (fp.node != NODE_DIR)
		return parent ? -ENOTDIR : -ENOTDIR;
	if (!proc_dirs[fp.dir].cgroups)
		return -EPERM;
	if (parent) {
		size_t cur = strlen(fp.cg);
		const char *name = slash + 1;

		if (cur + strlen(name) + 2 > sizeof(fp.cg))
			return -ENAMETOOLONG;
		if (strcmp(fp.cg, "/"))
			fp.cg[cur++] = '/';
		strcpy(fp.cg + cur, name);
	}
	err = ctl_cgroup_command(m, cmd, fp.cg, NULL, NULL, 0);
	name_cache_prune(m);
	return err;
}

static int mmsimfs_mkdir(const char *path, mode_t mode)
{
	return cgroup_dir_op(path, "cgroup_mkdir", true);
}

static int mmsimfs_rmdir(const char *path)
{
	return cgroup_dir_op(path, "cgroup_rmdir", false);
}

static void *mmsimfs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	/*
	 * No negative entries or contents are cached by the kernel:
	 * processes come and go (a new PID's directory is there at once)
	 * and every view is generated when it is opened.
	 *
	 * Names are (ENTRY_TIMEOUT): the kernel then resolves MOUNTPOINT/PID/
	 * ctl without a LOOKUP per component, a third of a ctl round trip.
	 * A name cached for a process that has since gone shows nowhere:
	 * readdir lists the live PIDs, and every call on a path reaches the
	 * daemon, which resolves the path again and fails ENOENT (getattr,
	 * open, opendir, access: stat, ls, cd, test -e all say "no such
	 * file").
	 *
	 * So are attributes, for as long as names: an entry's attributes
	 * never change while its name lives (modes come from the registry,
	 * times from the process's start, sizes are 0), and a name that goes
	 * with its process takes them along. With default_permissions the
	 * kernel checks each component's mode, which would otherwise cost a
	 * GETATTR per component of every open.
	 */
	cfg->entry_timeout = name_cache.se ? ENTRY_TIMEOUT : 0;
	cfg->attr_timeout = cfg->entry_timeout;
	cfg->negative_timeout = 0;
	cfg->kernel_cache = 0;
	cfg->direct_io = 1;
	/* Let a long command line (a big store) arrive in one write. */
	if (conn->max_write < (1U << 20))
		conn->max_write = 1U << 20;
	fs_max_write = conn->max_write;
	return fuse_get_context()->private_data;
}

static const struct fuse_operations mmsimfs_ops = {
	.init		= mmsimfs_init,
	.getattr	= mmsimfs_getattr,
	.readlink	= mmsimfs_readlink,
	.access		= mmsimfs_access,
	.opendir	= mmsimfs_opendir,
	.readdir	= mmsimfs_readdir,
	.open		= mmsimfs_open,
	.read		= mmsimfs_read,
	.write		= mmsimfs_write,
	.truncate	= mmsimfs_truncate,
	.mkdir		= mmsimfs_mkdir,
	.rmdir		= mmsimfs_rmdir,
	.flush		= mmsimfs_flush,
	.release	= mmsimfs_release,
};

/* ---- options and main ---- */

struct mmsimfs_options {
	char *mem;
	char *swap;
	char *cpus;
	char *seed;
	char *cpu;
	char *paging;
	char *journal;
	char *replay;
	char *root;
	int soft_dirty;		/* -1: follow the host */
	int debug_vm;
	int kthreads;
	int show_help;
};

enum { KEY_SOFT_DIRTY, KEY_NO_SOFT_DIRTY };

#define MMSIM_OPT(t, p) { t, offsetof(struct mmsimfs_options, p), 1 }

static const struct fuse_opt mmsimfs_opt_spec[] = {
	MMSIM_OPT("--mem=%s", mem),
	MMSIM_OPT("--swap=%s", swap),
	MMSIM_OPT("--cpus=%s", cpus),
	MMSIM_OPT("--seed=%s", seed),
	MMSIM_OPT("--cpu=%s", cpu),
	MMSIM_OPT("--paging=%s", paging),
	MMSIM_OPT("--journal=%s", journal),
	MMSIM_OPT("--replay=%s", replay),
	MMSIM_OPT("--root=%s", root),
	MMSIM_OPT("--debug-vm", debug_vm),
	MMSIM_OPT("--kthreads", kthreads),
	MMSIM_OPT("-h", show_help),
	MMSIM_OPT("--help", show_help),
	FUSE_OPT_KEY("--soft-dirty", KEY_SOFT_DIRTY),
	FUSE_OPT_KEY("--no-soft-dirty", KEY_NO_SOFT_DIRTY),
	FUSE_OPT_END
};

static int mmsimfs_opt_proc(void *data, const char *arg, int key,
			    struct fuse_args *outargs)
{
	struct mmsimfs_options *o = data;

	switch (key) {
	case KEY_SOFT_DIRTY:
		o->soft_dirty = 1;
		return 0;
	case KEY_NO_SOFT_DIRTY:
		o->soft_dirty = 0;
		return 0;
	}
	return 1;	/* keep for fuse_main */
}

static void print_usage(const char *prog)
{
	printf("usage: %s [FUSE options] [--mem=SIZE] [--swap=SIZE] [--cpus=N] [--seed=N] [--cpu=DESCRIPTION]\n"
	       "       [--paging=4level|5level] [--root=DIR] [--soft-dirty|--no-soft-dirty] [--debug-vm] [--kthreads]\n"
	       "       MOUNTPOINT\n"
	       "Mount a freshly booted simulated machine (a /proc look-alike) at MOUNTPOINT.\n"
	       "\n"
	       "mmsim options:\n"
	       "    --mem=SIZE         simulated RAM; suffixes K, M, G (default 256M)\n"
	       "    --cpus=N           N CPUs (default 2, at most 64)\n"
	       "    --swap=SIZE        one swap area of SIZE, listed in swaps as\n"
	       "                       /dev/zram0; suffixes K, M, G (default 0: none)\n"
	       "    --seed=N           shuffle the free page lists at boot, as\n"
	       "                       page_alloc.shuffle=1 does (default 0: no shuffle)\n"
	       "    --cpu=ITEM,...     the machine description (default: host): items\n"
	       "                       host, default, [no]pku, [no]la57, [no]soft_dirty,\n"
	       "                       thp=always|madvise|never, fault_around_bytes=N;\n"
	       "                       without host, unnamed features take Linux's\n"
	       "                       defaults (no pku, no la57, no soft-dirty,\n"
	       "                       thp=madvise, fault_around_bytes=65536)\n"
	       "    --paging=4level|5level  x86-64 4-level paging (48-bit addresses) or\n"
	       "                       5-level LA57 (57-bit; the description's la57), after --cpu\n"
	       "    --root=DIR         the machine's file tree: DIR's files, read only,\n"
	       "                       under an in-memory overlay that takes every\n"
	       "                       write (default /; no host file is ever written)\n"
	       "    --journal=FILE     append every command that runs to FILE\n"
	       "    --replay=FILE      run a journal's commands before serving (boot with\n"
	       "                       the options its first line names)\n"
	       "    --soft-dirty       track soft-dirty bits (after --cpu)\n"
	       "    --no-soft-dirty    do not track them (after --cpu)\n"
	       "    --debug-vm         run the invariant checker after every command\n"
	       "    --kthreads         boot the kernel threads: kthreadd (PID 2) and\n"
	       "                       kswapd0 (PID 3, its child)\n"
	       "\n"
	       "Unmount with fusermount3 -u MOUNTPOINT. See mmsimfs(1) and mmsim(7).\n\n",
	       prog);
}

/* A number with an optional K/M/G suffix; false on junk or overflow. */
static bool parse_size(const char *s, unsigned long *out)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return false;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	}
	if (*end || (shift && v > (ULONG_MAX >> shift)))
		return false;
	*out = (unsigned long)(v << shift);
	return true;
}

/*
 * The session SIGTERM and SIGINT end (fuse_set_signal_handlers() makes
 * them call fuse_session_exit()): a batch running in a ctl write stops at
 * its next command, so the daemon unmounts at once.
 */
static struct fuse_session *stopping_se;

static bool daemon_stopping(void)
{
	return stopping_se && fuse_session_exited(stopping_se);
}

/*
 * Worker threads for the multithreaded loop. A ctl command that reaped a
 * process invalidates the PID directory's name before its reply
 * (name_cache_prune()), and that notification waits for the root
 * directory's lock, which a READDIR or LOOKUP in the root holds while it
 * waits for a worker to answer it. A worker must therefore always be
 * free for them: libfuse starts one whenever none is idle, up to
 * max_threads, whose default (10) the ctl writers of ten processes
 * could exhaust. The bound here is one no workload of ctl writers comes
 * near (-o max_threads may raise it, not lower it).
 */
#define MMSIMFS_MAX_WORKERS	4096

static int serve_mt(struct fuse *fuse, const struct fuse_cmdline_opts *opts)
{
	struct fuse_loop_config *config = fuse_loop_cfg_create();
	int res;

	if (!config)
		return -ENOMEM;
	fuse_loop_cfg_set_clone_fd(config, (unsigned int)opts->clone_fd);
	fuse_loop_cfg_set_max_threads(config,
		opts->max_threads > MMSIMFS_MAX_WORKERS ? opts->max_threads :
		MMSIMFS_MAX_WORKERS);
	/* -1 (UINT_MAX), libfuse's default, keeps idle threads; 3.14 would
	 * log it as invalid. */
	if (opts->max_idle_threads != UINT_MAX)
		fuse_loop_cfg_set_idle_threads(config, opts->max_idle_threads);
	res = fuse_loop_mt(fuse, config);
	fuse_loop_cfg_destroy(config);
	return res;
}

/*
 * serve() - mount @m at the parsed mount point and serve it until it is
 * unmounted or a signal asks us to stop; then unmount. fuse_main() would
 * do the same but reports a stop by SIGINT/SIGTERM as a failure, while
 * for mmsimfs that is a clean end.
 * Return: the exit status (0 on a clean end).
 */
static int serve(struct fuse_args *args, struct fuse_cmdline_opts *opts,
		 struct machine *m)
{
	struct fuse_session *se;
	struct fuse *fuse;
	int ret = 1, res;

	fuse = fuse_new(args, &mmsimfs_ops, sizeof(mmsimfs_ops), m);
	if (!fuse)
		return 1;
	if (fuse_mount(fuse, opts->mountpoint))
		goto out_destroy;
	if (fuse_daemonize(opts->foreground))
		goto out_unmount;
	se = fuse_get_session(fuse);
	stopping_se = se;
	ctl_set_stop_check(daemon_stopping);
	if (fuse_set_signal_handlers(se))
		goto out_unmount;
	/* Before the loop, whose INIT runs mmsimfs_init(). */
	name_cache.se = opts->singlethread ? NULL : se;
	if (opts->singlethread)
		res = fuse_loop(fuse);
	else
		res = serve_mt(fuse, opts);
	/* The loop returns 0 after an unmount, the signal's number after
	 * SIGINT/SIGTERM/SIGHUP, and -errno on a failure. */
	ret = res < 0 ? 1 : 0;
	if (res < 0)
		fprintf(stderr, "mmsimfs: %s\n", strerror(-res));
	fuse_remove_signal_handlers(se);
out_unmount:
	fuse_unmount(fuse);
out_destroy:
	fuse_destroy(fuse);
	return ret;
}

/*
 * start_journal - the journal (MOUNTPOINT/journal, and --journal=FILE),
 * then --replay=FILE's commands. Return: 0, or 1 with the reason printed.
 */
static int start_journal(struct machine *m, const char *journal,
			 const char *replay)
{
	char why[512];
	char *text = NULL;
	int err;

	if (replay) {
		text = read_host_text(replay);
		if (!text) {
			fprintf(stderr, "mmsimfs: --replay=%s: %s\n", replay,
				strerror(errno));
			return 1;
		}
	}
	err = ctl_journal_start(m, journal);
	if (err) {
		fprintf(stderr, "mmsimfs: --journal=%s: %s\n",
			journal ? journal : "", strerror(-err));
		free(text);
		return 1;
	}
	if (text && ctl_journal_replay(m, text, why, sizeof(why)) < 0) {
		fprintf(stderr, "mmsimfs: --replay=%s: %s\n", replay, why);
		free(text);
		return 1;
	}
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct mmsimfs_options opts = { .soft_dirty = -1 };
	struct fuse_cmdline_opts fopts;
	struct machine_config cfg;
	struct machine *m;
	int ret = 1;

	/*
	 * glibc loads libgcc_s the first time a thread is cancelled, as
	 * libfuse's thread pool does at unmount; when the host is out of
	 * memory by then, that load fails and aborts the daemon. Load it
	 * now, while it can be.
	 */
	dlopen("libgcc_s.so.1", RTLD_NOW | RTLD_NODELETE);
	memset(&fopts, 0, sizeof(fopts));
	if (fuse_opt_parse(&args, &opts, mmsimfs_opt_spec, mmsimfs_opt_proc))
		goto out_args;
	if (fuse_parse_cmdline(&args, &fopts))
		goto out_args;
	if (opts.show_help || fopts.show_help) {
		print_usage(argv[0]);
		printf("FUSE options:\n");
		fuse_cmdline_help();
		fuse_lib_help(&args);
		ret = 0;
		goto out_args;
	}
	if (fopts.show_version) {
		printf("mmsimfs %s, FUSE library version %s\n",
		       MMSIM_VERSION, fuse_pkgversion());
		ret = 0;
		goto out_args;
	}
	if (!fopts.mountpoint) {
		fprintf(stderr, "mmsimfs: no mount point given (mmsimfs --help for usage)\n");
		ret = 2;
		goto out_args;
	}

	if (host_is_mmsim_mount(fopts.mountpoint)) {
		fprintf(stderr,
			"mmsimfs: %s is already a mounted mmsim machine (unmount it first: fusermount3 -u %s)\n",
			fopts.mountpoint, fopts.mountpoint);
		goto out_args;
	}
	/*
	 * The kernel checks every access against the files' modes, so that
	 * with -o allow_other another user gets only what those modes give
	 * (no ctl, mem, pagemap or kpage* of root's machine).
	 */
	if (fuse_opt_add_arg(&args, "-odefault_permissions")) {
		fprintf(stderr, "mmsimfs: out of memory\n");
		goto out_args;
	}

	machine_config_default(&cfg);
	if (opts.mem) {
		if (!parse_size(opts.mem, &cfg.mem_bytes) ||
		    cfg.mem_bytes < (64UL << 10)) {
			fprintf(stderr,
				"mmsimfs: --mem=%s: not a size of at least 64K (use e.g. 64M, 256M, 1G)\n",
				opts.mem);
			goto out_args;
		}
		cfg.mem_bytes &= ~4095UL;
	}
	if (opts.swap) {
		/* Whole pages; 0 is no swap, else the header and a slot. */
		if (!parse_size(opts.swap, &cfg.swap_bytes) ||
		    (cfg.swap_bytes && cfg.swap_bytes < 2 * 4096UL) ||
		    cfg.swap_bytes > (1UL << 40)) {
			fprintf(stderr,
				"mmsimfs: --swap=%s: not 0 or a size from 8K to 1024G (use e.g. 64M, 1G)\n",
				opts.swap);
			goto out_args;
		}
		cfg.swap_bytes &= ~4095UL;
	}
	if (opts.cpus) {
		char *end;
		long n;

		errno = 0;
		n = strtol(opts.cpus, &end, 10);
		if (errno || !*opts.cpus || *end || n < 1 ||
		    n > MMSIM_MAX_CPUS) {
			fprintf(stderr,
				"mmsimfs: --cpus=%s: not a number of CPUs from 1 to %d\n",
				opts.cpus, MMSIM_MAX_CPUS);
			goto out_args;
		}
		cfg.nr_cpus = (int)n;
	}
	if (opts.seed) {
		char *end;

		errno = 0;
		cfg.seed = strtoul(opts.seed, &end, 0);
		if (errno || !*opts.seed || *end || *opts.seed == '-') {
			fprintf(stderr, "mmsimfs: --seed=%s: not a number\n",
				opts.seed);
			goto out_args;
		}
	}
	{
		char why[256];

		if (ctl_parse_cpu_spec(opts.cpu ? opts.cpu : "host", &cfg,
				       why, sizeof(why))) {
			fprintf(stderr, "mmsimfs: --cpu=%s: %s\n", opts.cpu, why);
			goto out_args;
		}
	}
	/* --paging names the description's la57, as --soft-dirty its own. */
	if (opts.paging) {
		if (!strcmp(opts.paging, "5level")) {
			cfg.cpu.la57 = true;
		} else if (!strcmp(opts.paging, "4level")) {
			cfg.cpu.la57 = false;
		} else {
			fprintf(stderr, "mmsimfs: --paging=%s: not 4level or 5level\n",
				opts.paging);
			goto out_args;
		}
	}
	if (opts.soft_dirty >= 0)
		cfg.soft_dirty = opts.soft_dirty;
	cfg.debug_vm = opts.debug_vm;
	cfg.kthreads = opts.kthreads;
	if (opts.root)
		cfg.root = opts.root;

	m = machine_boot(&cfg);
	if (!m) {
		/* vfs_init() fails only for a root that is no directory. */
		if (errno == ENOENT || errno == ENOTDIR)
			fprintf(stderr, "mmsimfs: --root=%s: not a directory\n",
				cfg.root);
		else
			fprintf(stderr, "mmsimfs: cannot boot a machine with %lu bytes: %s\n",
				cfg.mem_bytes, strerror(errno));
		goto out_args;
	}
	if (start_journal(m, opts.journal, opts.replay))
		goto out_machine;
	ret = serve(&args, &fopts, m);
	/* Unmounted (fusermount3 -u, SIGINT, SIGTERM): free everything. */
out_machine:
	open_files_free_all();
	ctl_journal_stop();
	machine_destroy(m);
out_args:
	free(fopts.mountpoint);
	fuse_opt_free_args(&args);
	free(opts.mem);
	free(opts.swap);
	free(opts.cpus);
	free(opts.seed);
	free(opts.cpu);
	free(opts.journal);
	free(opts.root);
	free(opts.replay);
	free(opts.paging);
	return ret;
}
