/*
 * namei.c - the machine's file tree: dentries (fs/dcache.c), path lookup
 * (fs/namei.c's link_path_walk and path_openat), unlink, d_path, and the
 * tree's birth and death.
 *
 * The tree is a cache that is also the overlay: a name is looked up on
 * the host once (hostfs_lstat()) and its dentry then answers for it for
 * the machine's whole life -- positive with its inode, or negative when
 * the host has no such name or the machine unlinked it (a whiteout).
 * Files the machine creates exist only here. Symlinks, "." and ".." are
 * resolved through the simulated tree, never past its root, so no host
 * symlink is ever followed by the host.
 *
 * Reference counts: a hashed dentry holds one reference to itself (the
 * tree's) and one to its inode; a struct file holds one to its dentry.
 * Unlinking unhashes the dentry (its name gets " (deleted)" in d_path)
 * and drops the tree's reference; the last dput() frees it and drops the
 * inode, which goes when nothing else holds it.
 *
 * Locking: machine lock held for writing (a lookup may add dentries),
 * but d_path() only reads.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "host.h"
#include "pagemap.h"

#define NAME_MAX_LEN	255
#define PATH_MAX_LEN	4096
#define MAXSYMLINKS	40

/* The umask of every simulated process (the usual 022). */
#define MMSIM_UMASK	022

/*
 * Inode numbers of files the machine creates: far above what the host's
 * filesystems hand out, so that they never meet a host file's number on
 * the same device.
 */
#define OVERLAY_FIRST_INO	(1UL << 31)

struct dentry *dget(struct dentry *dentry)
{
	dentry->d_count++;
	return dentry;
}

/*
 * d_free - release a dentry nothing holds any more: off its directory and
 * the machine's list, its inode reference dropped.
 */
static void d_free(struct dentry *dentry)
{
	list_del(&dentry->d_child);
	list_del(&dentry->d_all);
	iput(dentry->d_inode);
	free(dentry->d_name);
	free(dentry);
}

void dput(struct dentry *dentry)
{
	if (dentry && --dentry->d_count == 0)
		d_free(dentry);
}

/*
 * d_alloc - a new hashed child @name (@len bytes) of @parent, holding the
 * tree's reference and the inode reference the caller passes (NULL: a
 * negative dentry).
 */
static struct dentry *d_alloc(struct machine *m, struct dentry *parent,
			      const char *name, size_t len,
			      struct inode *inode)
{
	struct dentry *dentry = host_zalloc(m, sizeof(*dentry));

	if (!dentry)
		return NULL;
	dentry->d_name = strndup(name, len);
	if (!dentry->d_name) {
		free(dentry);
		zone_host_nomem(&m->zone);
		vm_err(m, "host out of memory");
		return NULL;
	}
	dentry->d_count = 1;
	dentry->d_inode = inode;
	dentry->d_parent = parent ? parent : dentry;
	INIT_LIST_HEAD(&dentry->d_subdirs);
	if (parent)
		list_add_tail(&dentry->d_child, &parent->d_subdirs);
	else
		INIT_LIST_HEAD(&dentry->d_child);
	list_add_tail(&dentry->d_all, &m->tree->dentries);
	return dentry;
}

/* d_lookup - the hashed child @name of @parent, or NULL. */
static struct dentry *d_lookup(struct dentry *parent, const char *name,
			       size_t len)
{
	struct dentry *d;

	list_for_each_entry(d, &parent->d_subdirs, d_child)
		if (!d->d_unhashed && strlen(d->d_name) == len &&
		    !memcmp(d->d_name, name, len))
			return d;
	return NULL;
}

static bool d_is_dir(const struct dentry *d)
{
	return d->d_inode && S_ISDIR(d->d_inode->i_mode);
}

static bool d_is_symlink(const struct dentry *d)
{
	return d->d_inode && S_ISLNK(d->d_inode->i_mode);
}

/*
 * lookup_one - the dentry of @name in directory @dir: from the tree, or
 * made from the host's answer (lstat) when @dir is a host directory.
 * A name the host lacks gets a negative dentry, so it is asked once.
 * Return: 0 with *@res set (maybe negative), or -errno.
 */
static int lookup_one(struct machine *m, struct dentry *dir, const char *name,
		      size_t len, struct dentry **res)
{
	struct inode *dinode = dir->d_inode, *inode = NULL;
	struct hostfs_attr attr;
	struct dentry *d;
	char *hpath;
	int err;

	d = d_lookup(dir, name, len);
	if (d) {
		*res = d;
		return 0;
	}
	if (dinode->i_host_path) {
		size_t plen = strlen(dinode->i_host_path);

		hpath = malloc(plen + len + 2);
		if (!hpath)
			goto out_nomem;
		memcpy(hpath, dinode->i_host_path, plen);
		hpath[plen] = '/';
		memcpy(hpath + plen + 1, name, len);
		hpath[plen + 1 + len] = '\0';
		err = hostfs_lstat(hpath, &attr);
		if (!err) {
			inode = host_iget(m, hpath, &attr);
			if (inode && S_ISLNK(attr.mode) && !inode->i_link) {
				inode->i_link = hostfs_readlink(hpath);
				if (!inode->i_link)
					inode->i_link = strdup("");
			}
			free(hpath);
			if (!inode)
				return -ENOMEM;
		} else {
			free(hpath);
			if (err != -ENOENT && err != -ENOTDIR) {
				vm_err(m, "cannot look up %.*s on the host: %s",
				       (int)len, name, strerror(-err));
				return err;
			}
		}
	}
	d = d_alloc(m, dir, name, len, inode);
	if (!d) {
		iput(inode);
		return -ENOMEM;
	}
	*res = d;
	return 0;

out_nomem:
	zone_host_nomem(&m->zone);
	vm_err(m, "host out of memory");
	return -ENOMEM;
}

/*
 * struct nameidata - one path walk (fs/namei.c): how many symlinks it
 * followed, and for a LOOKUP_PARENT walk the last component.
 */
struct nameidata {
	struct machine *m;
	const char *orig;		/* the path as given, for messages */
	int total_link_count;
	char last[NAME_MAX_LEN + 1];
	bool last_slash;		/* the last component had a '/' after it */
};

/*
 * link_path_walk - resolve @path from @start (the root for an absolute
 * path). With LOOKUP_PARENT, stop at the directory holding the last
 * component and leave that name in nd->last ("" for a path of slashes
 * only); otherwise return the final dentry, positive, following a final
 * symlink under LOOKUP_FOLLOW (or a trailing slash).
 */
static int link_path_walk(struct nameidata *nd, struct dentry *start,
			  const char *path, unsigned int flags,
			  struct dentry **res)
{
	struct machine *m = nd->m;
	struct dentry *cur = path[0] == '/' ? m->tree->root_dentry : start;
	const char *p = path;
	int err;

	for (;;) {
		const char *comp;
		size_t len;
		bool last, slash;
		struct dentry *d;

		while (*p == '/')
			p++;
		if (!*p) {
			if (flags & LOOKUP_PARENT)
				nd->last[0] = '\0';
			*res = cur;
			return 0;
		}
		comp = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - comp);
		slash = *p == '/';
		while (*p == '/')
			p++;
		last = !*p;
		if (len > NAME_MAX_LEN) {
			vm_err(m, "%s: a name is longer than %d bytes",
			       nd->orig, NAME_MAX_LEN);
			return -ENAMETOOLONG;
		}
		if (!d_is_dir(cur)) {
			vm_err(m, "%s: a component is not a directory", nd->orig);
			return -ENOTDIR;
		}
		if (last && (flags & LOOKUP_PARENT)) {
			memcpy(nd->last, comp, len);
			nd->last[len] = '\0';
			nd->last_slash = slash;
			*res = cur;
			return 0;
		}
		if (len == 1 && comp[0] == '.') {
			d = cur;
		} else if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			d = cur->d_parent;
		} else {
			err = lookup_one(m, cur, comp, len, &d);
			if (err)
				return err;
			if (!d->d_inode) {
				vm_err(m, "%s: no such file or directory",
				       nd->orig);
				return -ENOENT;
			}
		}
		if (d_is_symlink(d) &&
		    (!last || slash || (flags & LOOKUP_FOLLOW))) {
			struct dentry *target;

			if (++nd->total_link_count > MAXSYMLINKS) {
				vm_err(m, "%s: too many levels of symbolic links",
				       nd->orig);
				return -ELOOP;
			}
			if (!d->d_inode->i_link[0]) {
				vm_err(m, "%s: a symlink is empty", nd->orig);
				return -ENOENT;
			}
			err = link_path_walk(nd, cur, d->d_inode->i_link,
					     LOOKUP_FOLLOW, &target);
			if (err)
				return err;
			d = target;
		}
		if (!last) {
			cur = d;
			continue;
		}
		if ((slash || (flags & LOOKUP_DIRECTORY)) && !d_is_dir(d)) {
			vm_err(m, "%s: not a directory", nd->orig);
			return -ENOTDIR;
		}
		*res = d;
		return 0;
	}
}

static int path_init(struct nameidata *nd, struct machine *m, const char *path)
{
	memset(nd, 0, sizeof(*nd));
	nd->m = m;
	nd->orig = path;
	if (!*path) {
		vm_err(m, "the path is empty");
		return -ENOENT;
	}
	if (strlen(path) >= PATH_MAX_LEN) {
		vm_err(m, "the path is longer than %d bytes", PATH_MAX_LEN - 1);
		return -ENAMETOOLONG;
	}
	return 0;
}

/**
 * kern_path() - resolve @path in @m's tree.
 * @m: machine
 * @path: the path ("/" is the --root directory)
 * @flags: LOOKUP_FOLLOW, LOOKUP_DIRECTORY
 * @dentry: set to the (positive) dentry found; no reference is taken
 *	(dentries of the tree live as long as their names)
 * Return: 0, -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG, -ENOMEM.
 */
int kern_path(struct machine *m, const char *path, unsigned int flags,
	      struct dentry **dentry)
{
	struct nameidata nd;
	int err = path_init(&nd, m, path);

	if (err)
		return err;
	return link_path_walk(&nd, m->tree->root_dentry, path,
			      flags & ~LOOKUP_PARENT, dentry);
}

/*
 * vfs_create - a new empty regular file @name in @dir (a negative dentry
 * @d, which the new inode fills: d_instantiate()). It lives only in the
 * overlay, on @dir's device, with a number of its own.
 */
static int vfs_create(struct machine *m, struct dentry *dir, struct dentry *d,
		      unsigned int mode)
{
	struct inode *inode = new_inode(m, &overlay_aops);

	if (!inode)
		return -ENOMEM;
	inode->i_mode = S_IFREG | (mode & 07777 & ~MMSIM_UMASK);
	inode->i_dev = dir->d_inode->i_dev;
	inode->i_ra_pages = dir->d_inode->i_ra_pages;
	inode->i_io_pages = dir->d_inode->i_io_pages;
	inode->i_ino = m->tree->next_ino++;
	inode->i_nlink = 1;
	d->d_inode = inode;
	return 0;
}

/**
 * filp_open() - open(2) (do_filp_open() -> path_openat()): see fs.h.
 */
int filp_open(struct machine *m, const char *path, int flags,
	      unsigned int mode, struct file **filp)
{
	int acc = flags & O_ACCMODE;
	struct nameidata nd;
	struct dentry *dir, *d;
	struct inode *inode;
	struct file *file;
	int err;

	if (acc == O_ACCMODE) {
		vm_err(m, "the access mode must be one of rdonly, wronly and rdwr");
		return -EINVAL;
	}
	err = path_init(&nd, m, path);
	if (err)
		return err;
	if (!(flags & O_CREAT)) {
		err = link_path_walk(&nd, m->tree->root_dentry, path,
				     (flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
				     (flags & O_DIRECTORY ? LOOKUP_DIRECTORY : 0),
				     &d);
		if (err)
			return err;
	} else {
		err = link_path_walk(&nd, m->tree->root_dentry, path,
				     LOOKUP_PARENT, &dir);
		if (err)
			return err;
		if (!nd.last[0] || !strcmp(nd.last, ".") ||
		    !strcmp(nd.last, "..") || nd.last_slash) {
			vm_err(m, "%s: is a directory", path);
			return -EISDIR;
		}
		err = lookup_one(m, dir, nd.last, strlen(nd.last), &d);
		if (err)
			return err;
		if (d->d_inode && (flags & O_EXCL)) {
			vm_err(m, "%s: exists (creat,excl)", path);
			return -EEXIST;
		}
		if (d_is_symlink(d)) {
			struct dentry *target;

			if (flags & O_NOFOLLOW) {
				vm_err(m, "%s: is a symbolic link", path);
				return -ELOOP;
			}
			err = link_path_walk(&nd, dir, path, LOOKUP_FOLLOW,
					     &target);
			if (err)
				return err;
			d = target;
		}
		if (!d->d_inode) {
			err = vfs_create(m, dir, d, mode);
			if (err)
				return err;
			/* A new file is not truncated: it is empty anyway. */
			flags &= ~O_TRUNC;
		}
	}
	inode = d->d_inode;
	if (S_ISLNK(inode->i_mode)) {
		vm_err(m, "%s: is a symbolic link (nofollow)", path);
		return -ELOOP;
	}
	if (S_ISDIR(inode->i_mode) && acc != O_RDONLY) {
		vm_err(m, "%s: is a directory", path);
		return -EISDIR;
	}
	if (!S_ISDIR(inode->i_mode) && !S_ISREG(inode->i_mode)) {
		vm_err(m, "%s: a device or special file (mmsim has no drivers)",
		       path);
		return -ENXIO;
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode)) {
		vm_err(m, "%s: not a directory", path);
		return -ENOTDIR;
	}
	file = alloc_file(m, d, inode, (unsigned int)flags);
	if (!file)
		return -ENOMEM;
	if ((flags & O_TRUNC) && acc != O_RDONLY && S_ISREG(inode->i_mode)) {
		err = do_truncate(file, 0);
		if (err) {
			fput(m, file);
			return err;
		}
	}
	*filp = file;
	return 0;
}

/**
 * do_unlinkat() - unlink(2) of @path: see fs.h.
 */
int do_unlinkat(struct machine *m, const char *path)
{
	struct nameidata nd;
	struct dentry *dir, *d, *whiteout;
	struct inode *inode;
	int err = path_init(&nd, m, path);

	if (err)
		return err;
	err = link_path_walk(&nd, m->tree->root_dentry, path, LOOKUP_PARENT,
			     &dir);
	if (err)
		return err;
	if (!nd.last[0] || !strcmp(nd.last, ".") || !strcmp(nd.last, "..")) {
		vm_err(m, "%s: is a directory", path);
		return -EISDIR;
	}
	err = lookup_one(m, dir, nd.last, strlen(nd.last), &d);
	if (err)
		return err;
	if (!d->d_inode) {
		vm_err(m, "%s: no such file or directory", path);
		return -ENOENT;
	}
	if (d_is_dir(d)) {
		vm_err(m, "%s: is a directory", path);
		return -EISDIR;
	}
	if (nd.last_slash) {
		vm_err(m, "%s: not a directory", path);
		return -ENOTDIR;
	}
	/* The whiteout first: it is all that can fail. */
	whiteout = d_alloc(m, dir, nd.last, strlen(nd.last), NULL);
	if (!whiteout)
		return -ENOMEM;
	/* d_alloc() put it last; the old name is found no more anyway. */
	inode = d->d_inode;
	if (inode->i_nlink)
		inode->i_nlink--;
	d->d_unhashed = true;
	dput(d);		/* the tree's reference */
	return 0;
}

/**
 * d_path() - "/a/b/c" for @dentry (see fs.h). Read lock suffices.
 */
char *d_path(const struct dentry *dentry, char *buf, size_t size)
{
	const struct dentry *names[PATH_MAX_LEN / 2];
	size_t n = 0, o = 0;
	const struct dentry *d;

	for (d = dentry; d->d_parent != d && n < sizeof(names) / sizeof(names[0]);
	     d = d->d_parent)
		names[n++] = d;
	if (!size)
		return buf;
	buf[0] = '\0';
	if (!n)
		o = (size_t)snprintf(buf, size, "/");
	while (n-- && o < size)
		o += (size_t)snprintf(buf + o, size - o, "/%s", names[n]->d_name);
	if (dentry->d_unhashed && o < size)
		snprintf(buf + o, size - o, " (deleted)");
	return buf;
}

/**
 * vfs_init() - the tree of @m over host directory @root (see fs.h).
 */
int vfs_init(struct machine *m, const char *root)
{
	struct file_tree *tree = host_zalloc(m, sizeof(*tree));
	struct hostfs_attr attr;
	struct inode *inode;
	char *real;
	int err;

	if (!tree)
		return -ENOMEM;
	INIT_LIST_HEAD(&tree->dentries);
	INIT_LIST_HEAD(&tree->inodes);
	tree->next_ino = OVERLAY_FIRST_INO;
	m->tree = tree;

	real = hostfs_realpath(root && *root ? root : "/");
	if (!real) {
		err = errno == ENOTDIR ? -ENOTDIR : -ENOENT;
		goto out_free;
	}
	err = hostfs_lstat(real, &attr);
	if (err)
		goto out_real;
	/* "/" becomes the empty prefix: children are "/NAME". */
	if (!strcmp(real, "/"))
		real[0] = '\0';
	tree->root = real;
	inode = host_iget(m, real, &attr);
	if (!inode) {
		err = -ENOMEM;
		goto out_real;
	}
	tree->root_dentry = d_alloc(m, NULL, "/", 1, inode);
	if (!tree->root_dentry) {
		iput(inode);
		err = -ENOMEM;
		goto out_real;
	}
	return 0;

out_real:
	free(real);
	tree->root = NULL;
out_free:
	vfs_exit(m);
	return err;
}

/**
 * vfs_exit() - free @m's tree: every dentry, then every inode left with
 * its cache and overlay (machine_destroy(), after every task is gone).
 */
void vfs_exit(struct machine *m)
{
	struct file_tree *tree = m->tree;
	struct dentry *d, *dn;
	struct inode *inode, *in;

	if (!tree)
		return;
	list_for_each_entry_safe(d, dn, &tree->dentries, d_all) {
		list_del(&d->d_all);
		if (d->d_inode)
			d->d_inode->i_count--;
		free(d->d_name);
		free(d);
	}
	list_for_each_entry_safe(inode, in, &tree->inodes, i_sb_list) {
		inode->i_nlink = 0;
		inode->i_count = 1;
		iput(inode);
	}
	free(tree->root);
	free(tree);
	m->tree = NULL;
}
