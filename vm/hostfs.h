/*
 * hostfs.h - the one door to the host's files (vm/hostfs.c): attributes,
 * symlink targets and bytes of files under the machine's --root, read
 * only. Nothing else in mmsim opens, stats or reads a host file of the
 * machine's tree, and nothing at all writes one.
 */
#ifndef MMSIM_HOSTFS_H
#define MMSIM_HOSTFS_H

#include <stdbool.h>
#include <sys/types.h>

/* What a lookup needs of a host file (lstat(2), never following links). */
struct hostfs_attr {
	unsigned int mode;		/* st_mode */
	unsigned int dev_major, dev_minor;	/* of st_dev */
	unsigned long ino;		/* st_ino */
	unsigned int nlink;
	long long size;
};

/** hostfs_lstat() - lstat(2) of @hpath. Return: 0 or -errno. */
int hostfs_lstat(const char *hpath, struct hostfs_attr *attr);
/** hostfs_readlink() - the target of symlink @hpath, malloc'ed, or NULL (errno set). */
char *hostfs_readlink(const char *hpath);
/**
 * hostfs_pread() - up to @len bytes of regular file @hpath at @off
 * (opened read-only, O_NOFOLLOW, O_NOATIME where allowed, and closed
 * again). Return: bytes read (short at end of file) or -errno.
 */
ssize_t hostfs_pread(const char *hpath, void *buf, size_t len, long long off);

/**
 * hostfs_bdi() - the read-ahead window and the largest I/O, in kB, of the
 * host's backing device MAJOR:MINOR (its bdi's read_ahead_kb, and its
 * queue's max_sectors_kb: a partition's disk's). Return: 0, or -errno
 * when the host does not say (then the values are untouched).
 */
int hostfs_bdi(unsigned int major, unsigned int minor,
	       unsigned long *read_ahead_kb, unsigned long *max_sectors_kb);
/** hostfs_realpath() - the canonical host path of directory @dir, malloc'ed, or NULL (errno). */
char *hostfs_realpath(const char *dir);

#endif
